/* cli_check.c: `flexhours check`, the database checked as it stands, beside
 * a running server too: SQLite's quick integrity check, then the occupancy
 * the store keeps (the places taken per slot start, kept by every change of
 * a booking) against a recount of the bookings themselves. 0 when both
 * hold; 1 naming the first differences when not. */
#include "src/cli.h"

#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Differences named on a failure; the count says how many there are. */
#define SHOWN_MAX 10

static void print_diff(const struct store_occupancy_diff *d)
{
    char date[FH_DATE_LEN];
    fh_format_date(d->day, date);
    int mod = fh_minute_of_day(d->start);
    fprintf(stderr, "  %s %s %02d:%02d %d min %s: kept %ld, counted %ld\n", d->office, date,
            mod / 60, mod % 60, d->minutes, d->service, d->kept, d->counted);
}

int cli_check(const struct cli_common *common, int argc, char **argv)
{
    if (argc > 0) {
        fprintf(stderr,
                "flexhours check: unknown argument '%s'\n"
                "usage: flexhours check [--db FILE]\n",
                argv[0]);
        return CLI_USAGE;
    }
    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    /* Checking must not create the database it was asked about. */
    const char *db_path = common->db_path ? common->db_path : cfg->database;
    if (access(db_path, F_OK) != 0) {
        fprintf(stderr, "flexhours check: %s: no such database\n", db_path);
        cfg_free(cfg);
        return CLI_DATAERR;
    }
    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    int status = CLI_FAIL;
    struct store_occupancy_recount rc = {0};
    fh_result r = cli_open_store(cfg, common, &st, err, sizeof err);
    if (r == FH_OK && (r = store_quick_check(st, err, sizeof err)) == FH_OK)
        printf("integrity: ok (quick_check)\n");
    if (r == FH_OK)
        r = store_occupancy_recount(st, &rc, err, sizeof err);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours check: %s: %s\n", db_path, err);
    } else if (rc.diff_count == 0) {
        printf("occupancy: the kept counts equal a recount of the bookings: %ld place%s taken at "
               "%zu slot start%s\n",
               rc.places, rc.places == 1 ? "" : "s", rc.keys, rc.keys == 1 ? "" : "s");
        status = CLI_OK;
    } else {
        fprintf(stderr,
                "flexhours check: %s: occupancy: %zu of %zu kept counts differ from a recount "
                "of the bookings:\n",
                db_path, rc.diff_count, rc.keys);
        for (size_t i = 0; i < rc.diff_count && i < SHOWN_MAX; i++)
            print_diff(&rc.diffs[i]);
        if (rc.diff_count > SHOWN_MAX)
            fprintf(stderr, "  ... and %zu more\n", rc.diff_count - SHOWN_MAX);
    }
    free(rc.diffs);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
