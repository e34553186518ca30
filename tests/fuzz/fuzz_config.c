/* fuzz_config.c: libFuzzer target of the configuration loader: the input is
 * the text of a configuration file, read by cfg_load_string(). A refusal
 * must name the file; an accepted configuration must hold what the service
 * relies on, and the scheduler must list slots and openings of every office
 * it describes. */
#include "tests/fuzz/fuzz.h"

#include "config/cfg.h"

#include <stdlib.h>
#include <string.h>

#define ORIGIN "fuzz.json"

/* The scheduler over two weeks of each service of an office, from a fixed
 * day: slots in order, inside their window, never more places than room. */
static void exercise_office(const struct fh_config *cfg, const struct sched_office *office)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_day first = fh_day_from_ymd(2026, 3, 2);
    fh_minute now = (fh_minute)first * FH_MINUTES_PER_DAY + 600;
    FUZZ_CHECK(cfg_office(cfg, o->id) == office, "office %s not found by its id", o->id);
    FUZZ_CHECK(cfg_office_roster(cfg, o->id) != NULL, "office %s without a roster", o->id);
    int windows = sched_office_window_count(office);
    for (size_t s = 0; s < o->service_count && s < 4; s++) {
        struct sched_slot *slots = NULL;
        size_t n = 0;
        fh_result r = sched_slots(office, cfg->calendar, (int)s, first, first + 13, now, NULL, 0,
                                  SCHED_SLOTS_ALL, &slots, &n);
        FUZZ_CHECK(r == FH_OK, "sched_slots: %s", fh_strerror(r));
        for (size_t i = 0; i < n; i++) {
            FUZZ_CHECK(slots[i].end > slots[i].start, "slot %zu ends before it starts", i);
            FUZZ_CHECK(i == 0 || slots[i].start >= slots[i - 1].start, "slot %zu out of order", i);
            FUZZ_CHECK(slots[i].window >= 0 && slots[i].window < windows, "slot %zu window %d", i,
                       slots[i].window);
            FUZZ_CHECK(slots[i].remaining <= slots[i].capacity, "slot %zu: %d of %d left", i,
                       slots[i].remaining, slots[i].capacity);
            FUZZ_CHECK(fh_day_of(slots[i].start) >= first &&
                           fh_day_of(slots[i].start) <= first + 13,
                       "slot %zu outside the days asked", i);
        }
        free(slots);
    }
    struct sched_opening *openings = NULL;
    size_t n = 0;
    FUZZ_CHECK(sched_openings(office, cfg->calendar, first, first + 13, &openings, &n) == FH_OK,
               "sched_openings failed");
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(openings[i].window >= 0 && openings[i].window < windows, "opening %zu", i);
    free(openings);

    const struct cfg_roster *roster = cfg_office_roster(cfg, o->id);
    for (size_t i = 0; i < roster->staff_count; i++)
        FUZZ_CHECK(cfg_staff_index(roster, roster->staff[i].id) == (int)i,
                   "staff %s not found by its id", roster->staff[i].id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = cfg_load_string((const char *)data, size, ORIGIN, &cfg, err, sizeof err);
    if (r != FH_OK) {
        FUZZ_CHECK(cfg == NULL, "a refused configuration was returned");
        FUZZ_CHECK(r == FH_EINVAL, "refused with %s", fh_strerror(r));
        FUZZ_CHECK(strncmp(err, ORIGIN ": ", strlen(ORIGIN) + 2) == 0,
                   "the error does not name the file: '%s'", err);
        return 0;
    }
    FUZZ_CHECK(cfg != NULL && cfg->office_count > 0, "accepted without an office");
    FUZZ_CHECK(cfg->listen != NULL && cfg->public_url != NULL && cfg->database != NULL &&
                   cfg->outbox_log != NULL,
               "accepted without listen, public_url, database or outbox_log");
    for (size_t i = 0; i < cfg->office_count; i++)
        exercise_office(cfg, cfg->offices[i]);
    char url[512];
    cfg_url_manage(cfg, "ABCDEFGH", "0123456789abcdef0123456789abcdef", url, sizeof url);
    FUZZ_CHECK(memchr(url, '\0', sizeof url) != NULL, "cfg_url_manage left no NUL");
    cfg_url_book(cfg, sched_office_spec(cfg->offices[0])->id, "marriage", url, sizeof url);
    FUZZ_CHECK(memchr(url, '\0', sizeof url) != NULL, "cfg_url_book left no NUL");
    cfg_free(cfg);
    return 0;
}
