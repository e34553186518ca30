/* bench_figures.c: the database of bench/figures.sh, made through the
 * store's own functions: a year of 100,000 bookings for one office
 * (admitted by the scheduler, written in groups of 500 as the server's
 * writer does), some cancelled, some no-shows, some checked in. Then it
 * prints each figure's query plan and times the figures of the year read
 * through svc/ directly (best of several rounds), with the statements
 * they took.
 *
 * Usage: bench_figures CONFIG DB FIRST LAST [BOOKINGS]  (dates YYYY-MM-DD;
 * an existing DB is reused as it is). */
#include "bench/bench_fill.h"
#include "svc/svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GROUP 500

static void fill(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                 long want)
{
    struct sched_opening *open;
    size_t open_count;
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result got = sched_openings(office, cal, first, last, &open, &open_count);
    svc_calendar_release(s);
    if (got != FH_OK || open_count == 0)
        fh_fatal("no openings");
    const struct sched_office_spec *o = sched_office_spec(office);
    char err[FH_ERR_LEN] = "";
    long made = 0, refused = 0, person = 0;
    struct {
        char code[STORE_CODE_LEN + 1];
        int what;
    } *later = fh_calloc((size_t)want, sizeof *later);
    double t0 = bench_seconds();
    while (made < want && refused < want * 4) {
        if (store_group_begin(s->store, err, sizeof err) != FH_OK)
            fh_fatal("group: %s", err);
        for (int g = 0; g < GROUP && made < want; g++) {
            const struct sched_opening *op = &open[bench_random() % open_count];
            const struct sched_window_spec *w = sched_office_window(office, op->window);
            int slots = (w->end - w->start) / w->slot_minutes;
            const char *service = w->services[bench_random() % w->service_count];
            int si = sched_office_service_index(office, service);
            int need = (o->services[si].minutes + w->slot_minutes - 1) / w->slot_minutes;
            if (need > slots)
                continue;
            fh_minute start =
                (fh_minute)op->day * FH_MINUTES_PER_DAY + w->start +
                (int)(bench_random() % (uint64_t)(slots - need + 1)) * w->slot_minutes;
            /* Made 1 to 6 days ahead (booking opens a week ahead), holiday
             * weddings 5 to 29 (a month ahead, three working days' cut-off). */
            int lead = w->name == SCHED_WIN_HOLIDAY ? 5 + (int)(bench_random() % 25)
                                                    : 1 + (int)(bench_random() % 6);
            fh_minute now = (fh_minute)(op->day - lead) * FH_MINUTES_PER_DAY + 10 * 60;
            char id[32];
            snprintf(id, sizeof id, "A1%08ld", ++person % 100000000);
            struct store_new_booking req = {
                .office = o->id,
                .service = service,
                .start = start,
                .name = "王小明",
                .national_id = id,
                .phone = "+886912345678",
                .email = "person@example.org",
                .lang = "zh-TW",
                .resident = true,
            };
            struct store_create_result res;
            fh_result r = store_booking_create(s->store, office, cal, &req, now, NULL, NULL,
                                               bench_reply_json, NULL, &res, err, sizeof err);
            if (r == FH_OK) {
                free(res.body);
                snprintf(later[made].code, sizeof later[made].code, "%s", res.booking.code);
                /* 5 in 100 cancelled, 4 no-shows, 30 checked in. */
                int roll = (int)(bench_random() % 100);
                later[made].what = roll < 5 ? 1 : roll < 9 ? 2 : roll < 39 ? 3 : 0;
                made++;
            } else if (r == FH_EREFUSED) {
                refused++;
            } else {
                fh_fatal("booking: %s", err);
            }
        }
        if (store_group_commit(s->store, err, sizeof err) != FH_OK)
            fh_fatal("commit: %s", err);
    }
    double t1 = bench_seconds();
    for (long i = 0; i < made; i += GROUP) {
        if (store_group_begin(s->store, err, sizeof err) != FH_OK)
            fh_fatal("group: %s", err);
        for (long k = i; k < made && k < i + GROUP; k++) {
            struct store_booking b;
            if (later[k].what == 1)
                store_booking_cancel(s->store, later[k].code, NULL, 0, &b, err, sizeof err);
            else if (later[k].what == 2)
                store_booking_set_status(s->store, later[k].code, STORE_NO_SHOW, "bench", &b, err,
                                         sizeof err);
            else if (later[k].what == 3)
                store_booking_set_status(s->store, later[k].code, STORE_CHECKED_IN, "bench", &b,
                                         err, sizeof err);
        }
        if (store_group_commit(s->store, err, sizeof err) != FH_OK)
            fh_fatal("commit: %s", err);
    }
    printf("bookings %ld (refused %ld: full slots) stored in %.1f s, statuses in %.1f s\n", made,
           refused, t1 - t0, bench_seconds() - t1);
    free(later);
    free(open);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_figures CONFIG DB FIRST LAST [BOOKINGS]\n");
        return 64;
    }
    char err[FH_ERR_LEN] = "";
    fh_day first, last;
    if (fh_parse_date(argv[3], &first) != NULL || fh_parse_date(argv[4], &last) != NULL)
        return 64;
    long want = argc > 5 ? strtol(argv[5], NULL, 10) : 100000;
    struct fh_config *cfg;
    if (cfg_load_file(argv[1], &cfg, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 78;
    }
    bool fresh = access(argv[2], F_OK) != 0;
    struct store *st;
    if (store_open(argv[2], &st, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    struct svc *s = svc_create(cfg, st, cfg->calendar);
    const struct sched_office *office = cfg->offices[0];
    if (fresh)
        fill(s, office, first, last, want);

    for (int which = 0; which < STORE_FIG_COUNT; which++) {
        char plan[2048];
        if (store_figures_plan(st, (enum store_figure)which, plan, sizeof plan, err, sizeof err) !=
            FH_OK)
            fh_fatal("plan: %s", err);
        for (char *nl; (nl = strchr(plan, '\n')) != NULL && nl[1] != '\0';)
            *nl = ';';
        printf("plan %d: %s", which, plan);
    }
    double best = 0;
    int queries = 0;
    for (int r = 0; r < 5; r++) {
        struct svc_figures *f;
        double t0 = bench_seconds();
        if (svc_figures(s, office, first, last, &f, err, sizeof err) != FH_OK)
            fh_fatal("figures: %s", err);
        double t = bench_seconds() - t0;
        if (r == 0 || t < best)
            best = t;
        queries = f->queries;
        svc_figures_free(f);
    }
    printf("figures_of_the_year_ms %.2f (svc_figures, best of 5)\n", best * 1000);
    printf("queries %d for %d charts: %.0f a chart\n", queries, (int)STORE_FIG_COUNT,
           (double)queries / STORE_FIG_COUNT);
    svc_free(s);
    store_close(st);
    cfg_free(cfg);
    return 0;
}
