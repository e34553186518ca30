/* cli_calendar.c: `flexhours calendar import FILE` reads a DGPA office
 * calendar (CSV) or an .ics holiday file into the database, replacing the
 * years it covers, prints what changed, and lists the bookings that no longer
 * fit the new calendar so that the office can move them. Also the calendar
 * every command uses: the imported days with the configuration's entries on
 * top. */
#include "src/cli.h"

#include "calendars/cal.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sched_calendar *cli_build_calendar(const struct fh_config *cfg, struct store *st, char *err,
                                          size_t errlen)
{
    return store_calendar_build(st, cfg->calendar, err, errlen);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "flexhours calendar import: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *buf = fh_malloc(CAL_IMPORT_MAX_BYTES + 1);
    *len = fread(buf, 1, CAL_IMPORT_MAX_BYTES + 1, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed || *len > CAL_IMPORT_MAX_BYTES) {
        fprintf(stderr, "flexhours calendar import: %s: %s\n", path,
                failed ? "read error" : "larger than the 4 MiB a calendar may be");
        free(buf);
        return NULL;
    }
    return buf;
}

static bool names_differ(const char *a, const char *b)
{
    return (a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0);
}

static void print_change(const struct store_day_change *c)
{
    char date[FH_DATE_LEN];
    fh_format_date(c->day, date);
    printf("  %s  %-14s -> %-14s", date, sched_day_type_name(c->before),
           sched_day_type_name(c->after));
    if (c->name_after != NULL)
        printf("  %s", c->name_after);
    if (c->name_before != NULL && names_differ(c->name_before, c->name_after))
        printf("  (was %s)", c->name_before);
    putchar('\n');
}

/* Lists the active bookings on the changed days that the new calendar no
 * longer has a slot for. Returns how many, or -1 on a database error. */
static int list_displaced(const struct fh_config *cfg, struct store *st,
                          const struct sched_calendar *cal, const struct store_calendar_diff *diff)
{
    fh_day *days = fh_calloc(diff->change_count, sizeof *days);
    for (size_t i = 0; i < diff->change_count; i++)
        days[i] = diff->changes[i].day;
    struct store_displaced *moved;
    size_t n;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_displaced(st, cfg->offices, cfg->office_count, cal, days,
                                  diff->change_count, &moved, &n, err, sizeof err);
    free(days);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours calendar import: %s\n", err);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const struct store_booking *b = &moved[i].booking;
        const struct sched_office *office = cfg_office(cfg, b->office);
        char when[FH_TIME_LEN];
        fh_format_local(b->start, office ? sched_office_spec(office)->utc_offset : 480, when);
        if (i == 0)
            printf("\nbookings the new calendar has no slot for (move or cancel them):\n");
        printf("  %s  %s  %s  %s  %s  %s\n", b->office, b->code, when, b->service,
               store_status_name(b->status), sched_refusal_code(moved[i].why));
    }
    free(moved);
    return (int)n;
}

int cli_calendar(const struct cli_common *common, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[0], "import") != 0) {
        fprintf(stderr, "usage: flexhours calendar import FILE   (a DGPA CSV or an .ics file)\n");
        return CLI_USAGE;
    }
    const char *path = argv[1];
    size_t len;
    char *data = read_file(path, &len);
    if (data == NULL)
        return CLI_DATAERR;
    struct cal_import imp;
    char err[FH_ERR_LEN] = "";
    fh_result r = cal_import_parse(data, len, &imp, err, sizeof err);
    free(data);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours calendar import: %s: %s; nothing was imported\n", path, err);
        return CLI_DATAERR;
    }

    int status = CLI_FAIL;
    struct fh_config *cfg = cli_load_config(common);
    struct store *st = NULL;
    struct sched_calendar *cal = NULL;
    struct store_calendar_diff diff = {0, 0, 0, NULL, 0};
    struct store_day *days = fh_calloc(imp.count, sizeof *days);
    if (cfg == NULL) {
        status = CLI_CONFIG;
        goto out;
    }
    for (size_t i = 0; i < imp.count; i++)
        days[i] = (struct store_day){imp.days[i].day, imp.days[i].type, imp.days[i].name};
    if (cli_open_store(cfg, common, &st, err, sizeof err) != FH_OK ||
        store_calendar_replace(st, imp.first_year, imp.last_year, days, imp.count, &diff, err,
                               sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours calendar import: %s\n", err);
        goto out;
    }

    if (imp.first_year == imp.last_year)
        printf("imported %d from %s: %zu days listed\n", imp.first_year, path, imp.count);
    else
        printf("imported %d-%d from %s: %zu days listed\n", imp.first_year, imp.last_year, path,
               imp.count);
    printf("%zu added, %zu changed, %zu removed\n", diff.added, diff.changed, diff.removed);
    /* A first import lists every day of the year; show what differs from an
     * ordinary week instead of 365 lines. */
    for (size_t i = 0; i < diff.change_count; i++) {
        const struct store_day_change *c = &diff.changes[i];
        if (c->before != c->after || names_differ(c->name_before, c->name_after))
            print_change(c);
    }

    if ((cal = cli_build_calendar(cfg, st, err, sizeof err)) == NULL) {
        fprintf(stderr, "flexhours calendar import: %s\n", err);
        goto out;
    }
    int displaced = list_displaced(cfg, st, cal, &diff);
    if (displaced < 0)
        goto out;
    if (displaced > 0)
        printf("%d booking%s to move\n", displaced, displaced == 1 ? "" : "s");
    status = CLI_OK;
out:
    store_calendar_diff_free(&diff);
    free(days);
    cal_import_free(&imp);
    sched_calendar_free(cal);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
