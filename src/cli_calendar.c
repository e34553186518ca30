/* cli_calendar.c: `flexhours calendar import [--dry-run] FILE` reads a DGPA
 * office calendar (CSV) or an .ics holiday file into the database through
 * svc_import_apply(), replacing the years it covers, cancelling the bookings
 * it leaves without a slot (their holders told), and prints what changed;
 * --dry-run prints the same and changes nothing. Also the calendar
 * every command uses: the imported days with the configuration's entries on
 * top. */
#include "src/cli.h"

#include "calendars/cal.h"
#include "store/store.h"
#include "svc/svc.h"

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

static void print_booking(const struct fh_config *cfg, const struct store_booking *b,
                          const char *why)
{
    const struct sched_office *office = cfg_office(cfg, b->office);
    char when[FH_TIME_LEN];
    fh_format_local(b->start, office ? sched_office_spec(office)->utc_offset : 480, when);
    printf("  %s  %s  %s  %s  %s%s%s\n", b->office, b->code, when, b->service,
           store_status_name(b->status), why != NULL ? "  " : "", why != NULL ? why : "");
}

static void print_preview(const struct fh_config *cfg, const char *path,
                          const struct svc_import_preview *pv, bool dry)
{
    const char *verb = dry ? "would import" : "imported";
    if (pv->first_year == pv->last_year)
        printf("%s %d from %s: %zu days listed\n", verb, pv->first_year, path, pv->days);
    else
        printf("%s %d-%d from %s: %zu days listed\n", verb, pv->first_year, pv->last_year, path,
               pv->days);
    printf("%zu added, %zu changed, %zu removed\n", pv->diff.added, pv->diff.changed,
           pv->diff.removed);
    /* A first import lists every day of the year; show what differs from an
     * ordinary week instead of 365 lines. */
    for (size_t i = 0; i < pv->diff.change_count; i++) {
        const struct store_day_change *c = &pv->diff.changes[i];
        if (c->before != c->after || names_differ(c->name_before, c->name_after))
            print_change(c);
    }
    if (pv->displaced_count > 0) {
        printf(dry ? "\nbookings the new calendar has no slot for (the import cancels them and "
                     "tells their holders):\n"
                   : "\nbookings the new calendar has no slot for:\n");
        for (size_t i = 0; i < pv->displaced_count; i++)
            print_booking(cfg, &pv->displaced[i].booking, sched_refusal_code(pv->displaced[i].why));
    }
    if (pv->issue_count > 0) {
        printf("\npublished rosters short under the new calendar:\n");
        for (size_t i = 0; i < pv->issue_count; i++) {
            const struct svc_roster_issue *x = &pv->issues[i];
            char date[FH_DATE_LEN];
            fh_format_date(x->day, date);
            printf("  %s  %s  %-8s  needed %d, assigned %d  %s\n", x->office, date,
                   sched_duty_name(x->duty), x->needed, x->assigned, x->reason);
        }
    }
    if (!dry && pv->cancelled_count > 0)
        printf("%zu booking%s cancelled, their holders told with a link to choose another "
               "time\n",
               pv->cancelled_count, pv->cancelled_count == 1 ? "" : "s");
}

int cli_calendar(const struct cli_common *common, int argc, char **argv)
{
    bool dry = argc == 3 && strcmp(argv[1], "--dry-run") == 0;
    if ((argc != 2 && !dry) || strcmp(argv[0], "import") != 0) {
        fprintf(stderr, "usage: flexhours calendar import [--dry-run] FILE   (a DGPA CSV or an "
                        ".ics file)\n");
        return CLI_USAGE;
    }
    const char *path = argv[argc - 1];
    size_t len;
    char *data = read_file(path, &len);
    if (data == NULL)
        return CLI_DATAERR;
    char err[FH_ERR_LEN] = "";
    int status = CLI_FAIL;
    struct fh_config *cfg = cli_load_config(common);
    struct store *st = NULL;
    struct sched_calendar *cal = NULL;
    struct svc *svc = NULL;
    struct svc_import_preview pv;
    memset(&pv, 0, sizeof pv);
    if (cfg == NULL) {
        status = CLI_CONFIG;
        goto out;
    }
    if (cli_open_store(cfg, common, &st, err, sizeof err) != FH_OK ||
        (cal = cli_build_calendar(cfg, st, err, sizeof err)) == NULL) {
        fprintf(stderr, "flexhours calendar import: %s\n", err);
        goto out;
    }
    /* The same preview and import as the API and the pages. */
    svc = svc_create(cfg, st, cal);
    fh_result r = dry ? svc_import_preview(svc, data, len, &pv, err, sizeof err)
                      : svc_import_apply(svc, data, len, NULL, "cli", &pv, err, sizeof err);
    if (r == FH_EINVAL) {
        fprintf(stderr, "flexhours calendar import: %s: %s; nothing was imported\n", path, err);
        status = CLI_DATAERR;
        goto out;
    }
    if (r != FH_OK) {
        fprintf(stderr, "flexhours calendar import: %s\n", err);
        goto out;
    }
    print_preview(cfg, path, &pv, dry);
    status = CLI_OK;
out:
    svc_import_preview_free(&pv);
    svc_free(svc);
    free(data);
    sched_calendar_free(cal);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
