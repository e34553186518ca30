/* cli_slots.c: `flexhours slots`, the slots of one service of one office
 * over a range of dates, as a table for people or, with --json, as the
 * object the API's slots endpoint returns. */
#include "src/cli.h"

#include "api/api_json.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A year and a day: a whole year from any date, leap years included. */
#define MAX_RANGE_DAYS 366

struct slots_args {
    const char *office, *service, *from, *to;
    bool json, all;
};

static int parse_args(int argc, char **argv, struct slots_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char **value = NULL;
        if (strcmp(argv[i], "--office") == 0)
            value = &a->office;
        else if (strcmp(argv[i], "--service") == 0)
            value = &a->service;
        else if (strcmp(argv[i], "--from") == 0)
            value = &a->from;
        else if (strcmp(argv[i], "--to") == 0)
            value = &a->to;
        else if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--all") == 0)
            a->all = true;
        else {
            fprintf(stderr, "flexhours slots: unknown option '%s'\n", argv[i]);
            return -1;
        }
        if (value != NULL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "flexhours slots: %s needs a value\n", argv[i]);
                return -1;
            }
            *value = argv[++i];
        }
    }
    if (a->office == NULL || a->service == NULL || a->from == NULL || a->to == NULL) {
        fprintf(stderr, "usage: flexhours slots --office ID --service ID --from YYYY-MM-DD "
                        "--to YYYY-MM-DD [--json] [--all]\n");
        return -1;
    }
    return 0;
}

static void list_known(const char *what, const struct fh_config *cfg,
                       const struct sched_office *office)
{
    fprintf(stderr, "known %s:", what);
    if (office == NULL) {
        for (size_t i = 0; i < cfg->office_count; i++)
            fprintf(stderr, " %s", sched_office_spec(cfg->offices[i])->id);
    } else {
        const struct sched_office_spec *o = sched_office_spec(office);
        for (size_t i = 0; i < o->service_count; i++)
            fprintf(stderr, " %s", o->services[i].id);
    }
    fputc('\n', stderr);
}

static void print_table(const struct sched_office *office, const struct sched_calendar *cal,
                        int service, fh_day first, fh_day last, fh_minute now,
                        const struct sched_slot *slots, size_t count)
{
    static const char *const weekdays[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = &o->services[service];
    char a[FH_DATE_LEN], b[FH_DATE_LEN], t[FH_TIME_LEN];

    fh_format_date(first, a);
    fh_format_date(last, b);
    fh_format_local(now, o->utc_offset, t);
    printf("%s  %s / %s\n", o->id, o->name_zh, o->name_en);
    printf("%s  %s / %s, %d minutes\n", s->id, s->name_zh, s->name_en, s->minutes);
    printf("%s to %s, as of %s\n\n", a, b, t);
    printf("%-10s  %-3s  %-14s  %-8s  %-5s  %-5s  %s\n", "DATE", "DAY", "DAY TYPE", "WINDOW",
           "START", "END", "LEFT");
    for (size_t i = 0; i < count; i++) {
        fh_day d = fh_day_of(slots[i].start);
        struct sched_day_info info;
        char start[6], end[6];
        sched_day_info(office, cal, d, &info);
        fh_format_date(d, a);
        fh_format_hhmm(fh_minute_of_day(slots[i].start), start);
        fh_format_hhmm(fh_minute_of_day(slots[i].end - 1) + 1, end);
        char opens[FH_TIME_LEN + 8] = "";
        if (slots[i].unreleased) {
            char when[FH_TIME_LEN];
            fh_format_local(sched_release_at(office, d), o->utc_offset, when);
            snprintf(opens, sizeof opens, "  opens %s", when);
        }
        printf("%-10s  %-3s  %-14s  %-8s  %-5s  %-5s  %d/%d%s%s%s\n", a, weekdays[fh_weekday(d)],
               sched_day_type_name(info.type),
               sched_window_name_str(sched_office_window(office, slots[i].window)->name), start,
               end, slots[i].remaining, slots[i].capacity, info.name ? "  " : "",
               info.name ? info.name : "", opens);
    }
    printf("\n%zu slot%s\n", count, count == 1 ? "" : "s");
}

int cli_slots(const struct cli_common *common, int argc, char **argv)
{
    struct slots_args a = {NULL, NULL, NULL, NULL, false, false};
    fh_day first, last;
    const char *why;

    if (parse_args(argc, argv, &a) != 0)
        return CLI_USAGE;
    if ((why = fh_parse_date(a.from, &first)) != NULL) {
        fprintf(stderr, "flexhours slots: --from %s: %s\n", a.from, why);
        return CLI_USAGE;
    }
    if ((why = fh_parse_date(a.to, &last)) != NULL) {
        fprintf(stderr, "flexhours slots: --to %s: %s\n", a.to, why);
        return CLI_USAGE;
    }
    if (last < first) {
        fprintf(stderr, "flexhours slots: --to %s is before --from %s\n", a.to, a.from);
        return CLI_USAGE;
    }
    if (last - first + 1 > MAX_RANGE_DAYS) {
        fprintf(stderr, "flexhours slots: the range covers %d days; at most %d (a year)\n",
                last - first + 1, MAX_RANGE_DAYS);
        return CLI_USAGE;
    }

    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    int status = CLI_DATAERR;
    struct sched_calendar *cal = NULL;
    const struct sched_office *office = cfg_office(cfg, a.office);
    if (office == NULL) {
        fprintf(stderr, "flexhours slots: unknown office '%s'\n", a.office);
        list_known("offices", cfg, NULL);
        goto out;
    }
    int service = sched_office_service_index(office, a.service);
    if (service < 0) {
        fprintf(stderr, "flexhours slots: office %s has no service '%s'\n", a.office, a.service);
        list_known("services", cfg, office);
        goto out;
    }

    /* The bookings already taken and the imported calendar come from the
     * database; one that does not exist yet holds neither, and listing slots
     * must not create it. */
    const char *db_path = common->db_path ? common->db_path : cfg->database;
    struct sched_booking *bookings = NULL;
    size_t booking_count = 0;
    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = FH_OK;
    if (access(db_path, F_OK) == 0) {
        r = cli_open_store(cfg, common, &st, err, sizeof err);
        if (r == FH_OK)
            r = store_occupancy(st, office, first, last, &bookings, &booking_count, err,
                                sizeof err);
    }
    if (r == FH_OK && (cal = cli_build_calendar(cfg, st, err, sizeof err)) == NULL)
        r = FH_EDB;
    if (st != NULL)
        store_close(st);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours slots: %s: %s\n", db_path, err);
        free(bookings);
        status = CLI_FAIL;
        goto out;
    }

    fh_minute now = fh_local_from_utc(fh_clock_now(), sched_office_spec(office)->utc_offset);
    struct sched_slot *slots;
    size_t count;
    r = sched_slots(office, cal, service, first, last, now, bookings, booking_count,
                    (a.all ? SCHED_SLOTS_ALL : 0) | SCHED_SLOTS_UNRELEASED, &slots, &count);
    free(bookings);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours slots: %s\n", fh_strerror(r));
        goto out;
    }
    if (a.json) {
        json_t *doc = api_json_slots(office, service, slots, count);
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text);
        free(text);
        json_decref(doc);
    } else {
        print_table(office, cal, service, first, last, now, slots, count);
    }
    free(slots);
    status = CLI_OK;
out:
    sched_calendar_free(cal);
    cfg_free(cfg);
    return status;
}
