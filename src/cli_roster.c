/* cli_roster.c: `flexhours roster generate|show|publish --office ID
 * --month YYYY-MM [--json] [--force]`: a month's roster made, printed (a
 * table of staff by days, or with --json what the API answers) and
 * published, from the command line. */
#include "src/cli.h"

#include "api/api_roster.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: flexhours roster generate --office ID --month YYYY-MM [--json]\n"
            "       flexhours roster show     --office ID --month YYYY-MM [--json]\n"
            "       flexhours roster publish  --office ID --month YYYY-MM [--force] [--json]\n");
    return CLI_USAGE;
}

static const char duty_letters[SCHED_DUTY_COUNT] = {'N', 'E', 'S', 'H'};

/* The month as a table for people: staff by days, duty letters (N noon,
 * E evening, S Saturday, H holiday), then the shortfalls. */
static void print_table(const struct svc_roster_ref *ref, const struct svc_roster_view *v)
{
    static const char *const weekday_letters[8] = {"", "M", "T", "W", "T", "F", "S", "S"};
    fh_day first = fh_day_from_ymd(ref->year, ref->month, 1);
    int days = fh_days_in_month(ref->year, ref->month);
    printf("%s %04d-%02d: %s, version %d\n", sched_office_spec(ref->office)->id, ref->year,
           ref->month, store_roster_state_name(v->stored.state), v->stored.version);
    printf("%-20s", "");
    for (int i = 0; i < days; i++)
        printf("%3d", i + 1);
    printf("  duties\n%-20s", "");
    for (int i = 0; i < days; i++)
        printf("%3s", weekday_letters[fh_weekday(first + i)]);
    printf("\n");
    char *row = fh_calloc((size_t)days + 1, 1);
    for (size_t s = 0; s < v->staff_count; s++) {
        memset(row, '.', (size_t)days);
        int count = 0;
        for (size_t i = 0; i < v->stored.count; i++) {
            const struct store_duty *d = &v->stored.duties[i];
            if (strcmp(d->staff, v->staff[s].id) != 0 || d->day < first || d->day >= first + days ||
                (unsigned)d->duty >= SCHED_DUTY_COUNT)
                continue;
            /* Two duties on one day (a Saturday morning and the holiday
             * on-call of that Saturday) show as '+'. */
            char letter = duty_letters[d->duty];
            row[d->day - first] = row[d->day - first] == '.' ? letter : '+';
            count++;
        }
        printf("%-20.20s", v->staff[s].id);
        for (int d = 0; d < days; d++)
            printf("%3c", row[d]);
        printf("  %d\n", count);
    }
    free(row);
    printf("N noon, E evening, S Saturday, H holiday duty, + two duties\n");
    if (v->shortfall_count == 0)
        printf("every window instance is staffed\n");
    for (size_t i = 0; i < v->shortfall_count; i++) {
        const struct svc_roster_short *sf = &v->shortfalls[i];
        char date[FH_DATE_LEN];
        fh_format_date(sf->day, date);
        printf("short: %s %s needs %d, has %d: %s\n", date, sched_duty_name(sf->duty), sf->needed,
               sf->assigned, sched_short_reason_code(sf->reason));
    }
    if (v->solved)
        printf("spread %d (best possible %d), preferences honoured %d of %d\n", v->fair_spread,
               v->fair_bound, v->prefs_honoured, v->prefs_total);
}

static int print(const struct svc_roster_ref *ref, const struct svc_roster_view *v, bool as_json)
{
    if (as_json) {
        json_t *doc = api_roster_json(ref, v);
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(doc);
        if (text == NULL)
            return CLI_FAIL;
        puts(text);
        free(text);
    } else {
        print_table(ref, v);
    }
    return CLI_OK;
}

static int exit_status(fh_result r)
{
    switch (r) {
    case FH_OK:
        return CLI_OK;
    case FH_EINVAL:
    case FH_ENOTFOUND:
    case FH_ECONFLICT:
    case FH_EREFUSED:
        return CLI_DATAERR;
    default:
        return CLI_FAIL;
    }
}

int cli_roster(const struct cli_common *common, int argc, char **argv)
{
    if (argc < 1)
        return usage();
    const char *action = argv[0];
    bool generate = strcmp(action, "generate") == 0, show = strcmp(action, "show") == 0,
         publish = strcmp(action, "publish") == 0;
    if (!generate && !show && !publish) {
        fprintf(stderr, "flexhours roster: unknown action '%s'\n", action);
        return usage();
    }
    const char *office_id = NULL, *month = NULL;
    bool as_json = false, force = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--office") == 0 && i + 1 < argc) {
            office_id = argv[++i];
        } else if (strcmp(argv[i], "--month") == 0 && i + 1 < argc) {
            month = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = true;
        } else if (strcmp(argv[i], "--force") == 0 && publish) {
            force = true;
        } else {
            fprintf(stderr, "flexhours roster: unknown option '%s'\n", argv[i]);
            return usage();
        }
    }
    struct svc_roster_ref ref = {0};
    const char *why;
    if (office_id == NULL || month == NULL) {
        fprintf(stderr, "flexhours roster %s: %s is required\n", action,
                office_id == NULL ? "--office" : "--month");
        return usage();
    }
    if ((why = svc_roster_month_parse(month, &ref.year, &ref.month)) != NULL) {
        fprintf(stderr, "flexhours roster: --month %s: %s\n", month, why);
        return CLI_USAGE;
    }
    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    ref.cfg = cfg;
    if ((ref.office = cfg_office(cfg, office_id)) == NULL) {
        fprintf(stderr, "flexhours roster: --office %s: no such office\n", office_id);
        cfg_free(cfg);
        return CLI_USAGE;
    }
    char err[FH_ERR_LEN] = "";
    struct sched_calendar *cal = NULL;
    int status = CLI_FAIL;
    if (cli_open_store(cfg, common, &ref.store, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours roster: %s\n", err);
        cfg_free(cfg);
        return CLI_FAIL;
    }
    if ((cal = cli_build_calendar(cfg, ref.store, err, sizeof err)) == NULL) {
        fprintf(stderr, "flexhours roster: %s\n", err);
    } else {
        ref.cal = cal;
        struct svc_roster_view v;
        fh_result r = generate ? svc_roster_generate(&ref, "cli", &v, err, sizeof err)
                      : show   ? svc_roster_show(&ref, &v, err, sizeof err)
                               : svc_roster_publish(&ref, force, "cli", &v, err, sizeof err);
        if (r == FH_OK) {
            status = print(&ref, &v, as_json);
            if (v.booking_count > 0 && !as_json)
                printf("%zu booking(s) to reschedule: no place left for them\n", v.booking_count);
        } else {
            fprintf(stderr, "flexhours roster %s: %s\n", action, err);
            for (size_t i = 0; r == FH_EREFUSED && i < v.booking_count; i++) {
                char start[FH_TIME_LEN];
                fh_format_local(v.bookings[i].start, sched_office_spec(ref.office)->utc_offset,
                                start);
                fprintf(stderr, "  %s %s %s\n", v.bookings[i].code, start, v.bookings[i].service);
            }
            status = exit_status(r);
        }
        svc_roster_view_free(&v);
        sched_calendar_free(cal);
    }
    store_close(ref.store);
    cfg_free(cfg);
    return status;
}
