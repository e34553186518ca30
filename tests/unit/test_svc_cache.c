/* test_svc_cache.c: answers kept per office and day. Two offices (the demo
 * office and a copy of it), listings of a few ranges kept, then the
 * service's own changes: a booking, its cancellation, a move, a closure. A
 * change at one office on one day makes the listings showing that day made
 * afresh (and the new count is in them at once) and leaves the other days'
 * and the other office's served from what was kept. Also: a change made
 * under the change lock is marked when the lock is let go (the writer
 * commits a group after running it); the change clock read before the
 * data keeps an answer made across a change from passing for current; the
 * next minute makes everything stale; /metrics counts the look-ups. No
 * timing: kept or not is told by the cache's own answer. */
#include "svc/svc.h"
#include "tests/unit/check.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SERVICE "id_replacement" /* 30 minutes: regular, noon and evening */

static struct svc *svc;
static const struct sched_office *south, *north;
static int hits, computed;

static fh_day day(int m, int d)
{
    return fh_day_from_ymd(2026, m, d);
}

static fh_minute at(int m, int d, int hh, int mm)
{
    return (fh_minute)day(m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}

/* A listing as the API's handler makes one: the clock read, then the kept
 * text or the slots computed and kept. The text: "start=remaining;" per
 * slot. *kept tells which. */
static char *listing(const struct sched_office *office, fh_day first, fh_day last, bool *kept)
{
    struct svc_answer a;
    svc_answer_begin(svc, &a, office, first, last, svc_now(office));
    char key[160];
    snprintf(key, sizeof key, "test\n%s\n%d\n%d", sched_office_spec(office)->id, (int)first,
             (int)last);
    char *text = svc_cache_get(svc, key, &a);
    *kept = text != NULL;
    if (text != NULL) {
        hits++;
        return text;
    }
    computed++;
    struct sched_slot *slots;
    size_t n;
    char err[FH_ERR_LEN] = "";
    int service = sched_office_service_index(office, SERVICE);
    if (svc_slots(svc, office, service, first, last, a.now, 0, &slots, &n, err, sizeof err) !=
        FH_OK)
        fh_fatal("slots: %s", err);
    struct fh_buf b = {NULL, 0, 0};
    fh_buf_printf(&b, "%s", "");
    for (size_t i = 0; i < n; i++)
        fh_buf_printf(&b, "%lld=%d;", (long long)slots[i].start, slots[i].remaining);
    free(slots);
    svc_cache_put(svc, key, &a, b.data);
    return b.data;
}

/* Whether the listing is served from what was kept. */
static bool kept(const struct sched_office *office, fh_day first, fh_day last)
{
    bool k;
    free(listing(office, first, last, &k));
    return k;
}

/* Makes sure the listing is kept (made now, or kept already). */
static void keep(const struct sched_office *office, fh_day first, fh_day last)
{
    bool k;
    free(listing(office, first, last, &k));
}

/* The places left at start in a fresh or kept listing of its day. */
static int remaining(const struct sched_office *office, fh_minute start)
{
    bool k;
    char *text = listing(office, fh_day_of(start), fh_day_of(start), &k);
    char want[32];
    snprintf(want, sizeof want, "%lld=", (long long)start);
    const char *p = strstr(text, want);
    int n = p != NULL ? (int)strtol(p + strlen(want), NULL, 10) : -1;
    free(text);
    return n;
}

/* A national ID that checks: A, then 1, seven digits of n, and the check
 * digit (A counts as 10: 1 x 1 + 0 x 9, then weights 8 to 1). */
static void national_id(int n, char out[11])
{
    snprintf(out, 11, "A1%07d", n % 10000000);
    int sum = 1;
    for (int i = 1; i < 9; i++)
        sum += (out[i] - '0') * (9 - i);
    out[9] = (char)('0' + (10 - sum % 10) % 10);
    out[10] = '\0';
}

static char *reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)token;
    (void)arg;
    return fh_asprintf("{\"code\":\"%s\"}", b->code);
}

/* Books person n at office at start, as the writer does: under the change
 * lock; the listings of its day checked while the lock is held. */
static void book(const struct sched_office *office, fh_minute start, int n, char code[16])
{
    char id[11], when[FH_TIME_LEN], err[FH_ERR_LEN] = "";
    national_id(n, id);
    fh_format_local(start, sched_office_spec(office)->utc_offset, when);
    struct svc_booking_input in = {
        .office = sched_office_spec(office)->id,
        .service = SERVICE,
        .start = when,
        .name = "王小明",
        .national_id = id,
        .email = "person@example.org",
    };
    struct svc_booking_request req;
    struct svc_field_error errors[8];
    size_t faults = svc_booking_check(svc->cfg, &in, &req, errors, 8);
    if (faults > 0)
        fh_fatal("book: %s: %s", errors[0].field, errors[0].why);
    struct store_create_result res;
    memset(&res, 0, sizeof res);
    keep(office, fh_day_of(start), fh_day_of(start));
    svc_change_begin(svc);
    fh_result r =
        svc_booking_create(svc, &req, NULL, NULL, reply_json, NULL, &res, err, sizeof err);
    CHECK_INT(r, FH_OK);
    /* Stored, but not marked yet: a writer's group is committed after
     * every booking of it ran, and the mark must not come before that. */
    CHECK(kept(office, fh_day_of(start), fh_day_of(start)));
    svc_change_end(svc);
    svc_booking_request_wipe(&req);
    snprintf(code, 16, "%s", r == FH_OK ? res.booking.code : "");
    free(res.body);
}

static void now_is(const char *when)
{
    setenv("FLEXHOURS_NOW", when, 1);
    if (fh_clock_init() != NULL)
        fh_fatal("FLEXHOURS_NOW");
}

/* The demo configuration with a second office, a copy of the first. */
static struct fh_config *two_offices(void)
{
    json_error_t jerr;
    json_t *doc = json_loads(cfg_demo_json(), 0, &jerr);
    json_t *offices = json_object_get(doc, "offices");
    json_t *copy = json_deep_copy(json_array_get(offices, 0));
    json_object_set_new(copy, "id", json_string("taichung-north"));
    json_object_del(copy, "staff");
    json_object_del(copy, "roster");
    json_array_append_new(offices, copy);
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    struct fh_config *cfg;
    char err[FH_ERR_LEN] = "";
    if (cfg_load_string(text, strlen(text), "test", &cfg, err, sizeof err) != FH_OK)
        fh_fatal("config: %s", err);
    free(text);
    return cfg;
}

/* The count a line of /metrics gives for outcome. */
static long metric(const char *text, const char *outcome)
{
    char want[96];
    snprintf(want, sizeof want, "flexhours_answer_cache_total{outcome=\"%s\"} ", outcome);
    const char *p = strstr(text, want);
    return p != NULL ? strtol(p + strlen(want), NULL, 10) : -1;
}

/* Days of places taken the listings read from the store so far (the day
 * table of svc_days.c; the others were copies kept in memory). */
static long days_read(void)
{
    struct fh_buf m = {NULL, 0, 0};
    svc_metrics_write(svc, &m);
    const char *want = "flexhours_occupancy_lookups_total{source=\"read\"} ";
    const char *p = strstr(m.data, want);
    long n = p != NULL ? strtol(p + strlen(want), NULL, 10) : -1;
    free(m.data);
    return n;
}

int main(void)
{
    char dir[] = "/tmp/fh-cache-XXXXXX";
    if (mkdtemp(dir) == NULL)
        fh_fatal("mkdtemp");
    char *path = fh_asprintf("%s/cache.db", dir);
    char err[FH_ERR_LEN] = "";
    now_is("2026-03-02T09:00:00+08:00"); /* a Monday: Tuesday to next Monday open */
    struct fh_config *cfg = two_offices();
    struct store *st;
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    svc = svc_create(cfg, st, cfg->calendar);
    south = cfg_office(cfg, "taichung-south");
    north = cfg_office(cfg, "taichung-north");

    /* The week, the days after Wednesday, Wednesday alone, and the same
     * week of the other office: made, then kept. */
    fh_day tue = day(3, 3), wed = day(3, 4), thu = day(3, 5), fri = day(3, 6), mon = day(3, 9);
    CHECK(!kept(south, tue, mon));
    CHECK(!kept(south, thu, mon));
    CHECK(!kept(south, wed, wed));
    CHECK(!kept(north, tue, mon));
    CHECK(kept(south, tue, mon));
    CHECK(kept(south, thu, mon));
    CHECK(kept(south, wed, wed));
    CHECK(kept(north, tue, mon));
    int before = remaining(south, at(3, 4, 10, 0));
    CHECK(before > 0);

    /* A booking at the south office on Wednesday. */
    char code[16];
    book(south, at(3, 4, 10, 0), 1, code);
    CHECK(!kept(south, tue, mon)); /* shows Wednesday: made afresh */
    CHECK_INT(remaining(south, at(3, 4, 10, 0)), before - 1);
    CHECK(kept(south, thu, mon)); /* other days */
    CHECK(kept(north, tue, mon)); /* the other office */
    CHECK(kept(south, tue, mon)); /* and kept again */

    /* Its cancellation gives the place back, seen at once. */
    struct store_booking b;
    CHECK_INT(svc_booking_cancel(svc, south, code, NULL, &b, err, sizeof err), FH_OK);
    CHECK_INT(remaining(south, at(3, 4, 10, 0)), before);
    CHECK(!kept(south, tue, mon));
    CHECK(kept(south, thu, mon));
    CHECK(kept(north, tue, mon));

    /* A move from Thursday to Friday: both days, neither Wednesday nor the
     * other office. */
    book(south, at(3, 5, 10, 0), 2, code);
    CHECK(!kept(south, thu, mon));
    keep(south, thu, thu);
    keep(south, fri, fri);
    CHECK(kept(south, thu, thu));
    CHECK(kept(south, fri, fri));
    int thursday = remaining(south, at(3, 5, 10, 0)), friday = remaining(south, at(3, 6, 10, 0));
    enum sched_refusal refusal;
    CHECK_INT(
        svc_booking_move(svc, south, code, NULL, at(3, 6, 10, 0), &b, &refusal, err, sizeof err),
        FH_OK);
    CHECK(!kept(south, thu, thu));
    CHECK(!kept(south, fri, fri));
    CHECK_INT(remaining(south, at(3, 5, 10, 0)), thursday + 1);
    CHECK_INT(remaining(south, at(3, 6, 10, 0)), friday - 1);
    CHECK(kept(south, wed, wed));
    CHECK(kept(north, tue, mon));

    /* The places taken are kept per day as well: after a booking on
     * Thursday, the week's listing reads Thursday alone from the store,
     * and sees the booking; the next listing of other days reads none. */
    keep(south, tue, mon);
    long read_before = days_read();
    book(south, at(3, 5, 11, 0), 3, code);
    int thursday_11 = remaining(south, at(3, 5, 11, 0));
    CHECK_INT(days_read(), read_before + 1);
    CHECK(!kept(south, tue, mon));
    CHECK_INT(days_read(), read_before + 1);
    CHECK_INT(svc_booking_cancel(svc, south, code, NULL, &b, err, sizeof err), FH_OK);
    CHECK_INT(remaining(south, at(3, 5, 11, 0)), thursday_11 + 1);
    CHECK_INT(days_read(), read_before + 2);

    /* A closure of the north office's Wednesday: the whole north office
     * (cut-offs count working days across it), nothing of the south's. */
    keep(south, tue, mon);
    CHECK_INT(svc_close_day(svc, north, wed, "颱風停班", "test", NULL, NULL, err, sizeof err),
              FH_OK);
    CHECK(!kept(north, tue, mon));
    CHECK(kept(south, tue, mon));
    CHECK(kept(south, wed, wed));

    /* An answer whose data was read after a change that came after its
     * clock was read: not kept as current. */
    struct svc_answer a;
    svc_answer_begin(svc, &a, south, wed, wed, svc_now(south));
    svc_changed_days(svc, south, wed, wed);
    svc_cache_put(svc, "early", &a, "made across a change");
    CHECK(svc_cache_get(svc, "early", &a) == NULL);
    svc_answer_begin(svc, &a, south, wed, wed, svc_now(south));
    svc_cache_put(svc, "early", &a, "made after it");
    char *text = svc_cache_get(svc, "early", &a);
    CHECK_STR(text, "made after it");
    free(text);

    /* A change of other days 511 days away: kept (the ring of day stamps
     * is longer than any answer's range). */
    keep(south, tue, mon);
    svc_changed_days(svc, south, mon + 1, tue + 511);
    CHECK(kept(south, tue, mon));

    /* More marks under the lock than are kept for it: everything. */
    svc_change_begin(svc);
    for (int i = 0; i < 300; i++)
        svc_changed_days(svc, north, day(6, 1) + i, day(6, 1) + i);
    svc_change_end(svc);
    CHECK(!kept(south, tue, mon));

    /* The national calendar: everything. */
    keep(south, tue, mon);
    keep(north, tue, mon);
    svc_changed_all(svc);
    CHECK(!kept(south, tue, mon));
    CHECK(!kept(north, tue, mon));

    /* The next minute: everything made again. */
    CHECK(kept(south, tue, mon));
    now_is("2026-03-02T09:01:00+08:00");
    CHECK(!kept(south, tue, mon));
    CHECK(kept(south, tue, mon));

    /* /metrics counts every look-up: served, or made (never kept, or
     * kept but stale). The two "early" look-ups above are one of each. */
    struct fh_buf m = {NULL, 0, 0};
    svc_metrics_write(svc, &m);
    CHECK_INT(metric(m.data, "hit"), hits + 1);
    CHECK_INT(metric(m.data, "miss") + metric(m.data, "stale"), computed + 1);
    CHECK(metric(m.data, "stale") > 0);
    free(m.data);

    /* A reload: a request that held the configuration before keeps it
     * while the new one is in force; every answer kept is made again, and
     * an answer made under one configuration is never served to a request
     * of the other. The reloaded one is freed by svc_free() (valgrind and
     * ASan see a use after free or a leak). */
    struct svc *first = svc_hold(svc);
    CHECK(first->cfg == cfg);
    CHECK_INT(svc_reload(svc, two_offices(), err, sizeof err), FH_OK);
    struct svc *next = svc_hold(svc);
    CHECK(next != first && next->cfg != cfg && next->cfg->office_count == 2);
    CHECK(strcmp(sched_office_spec(first->cfg->offices[0])->id, "taichung-south") == 0);
    CHECK(!kept(south, tue, mon)); /* the reload marked everything */
    CHECK(kept(south, tue, mon));
    struct svc *root = svc;
    svc = next; /* a request of the new configuration, with its offices */
    const struct sched_office *old_south = south;
    south = cfg_office(next->cfg, "taichung-south");
    CHECK(!kept(south, tue, mon)); /* not the answer made under the first */
    CHECK(kept(south, tue, mon));
    svc = root;
    south = old_south;
    svc_release(next);
    svc_release(first);

    svc_free(svc);
    store_close(st);
    cfg_free(cfg);
    unlink(path);
    char *wal = fh_asprintf("%s-wal", path), *shm = fh_asprintf("%s-shm", path),
         *key = fh_asprintf("%s.key", path);
    unlink(wal);
    unlink(shm);
    unlink(key);
    if (rmdir(dir) != 0)
        printf("%s is left behind\n", dir);
    free(wal);
    free(shm);
    free(key);
    free(path);
    return check_result();
}
