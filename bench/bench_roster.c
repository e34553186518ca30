/* bench_roster.c: a month's roster for 40 staff on the demo office's
 * windows (December 2026, with bookings on a fifth of the flexible slots):
 * the solve time (best of several rounds; bench/roster.sh adds callgrind's
 * instruction count), the fairness spread against its lower bound, and the
 * share of preferences honoured. */
#include "config/cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define STAFF 40

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) int bench_solve(const struct sched_office *office,
                                          const struct sched_calendar *cal,
                                          const struct sched_staff *staff,
                                          const struct sched_demand *demand, size_t nd,
                                          struct sched_roster *out);

/* The measured work; callgrind counts instructions inside it. */
int bench_solve(const struct sched_office *office, const struct sched_calendar *cal,
                const struct sched_staff *staff, const struct sched_demand *demand, size_t nd,
                struct sched_roster *out)
{
    char err[FH_ERR_LEN] = "";
    return sched_roster_solve(office, cal, &sched_roster_rules_default, staff, STAFF, demand, nd,
                              NULL, 0, out, err, sizeof err) == FH_OK
               ? 0
               : -1;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 10;
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK)
        return 1;
    const struct sched_office *office = cfg->offices[0];
    const struct sched_office_spec *o = sched_office_spec(office);
    struct sched_calendar *cal = sched_calendar_create();
    sched_calendar_set(cal, fh_day_from_ymd(2026, 12, 25), SCHED_HOLIDAY, "行憲紀念日");
    fh_day first = fh_day_from_ymd(2026, 12, 1), last = fh_day_from_ymd(2026, 12, 31);

    struct sched_staff staff[STAFF];
    fh_day leave[STAFF][3];
    struct sched_preference prefs[STAFF];
    for (int s = 0; s < STAFF; s++) {
        staff[s] = (struct sched_staff){0};
        staff[s].id = "staff";
        staff[s].skills = ~0ull;
        if (s % 5 == 4) /* a fifth do not handle seals */
            for (size_t k = 0; k < o->service_count; k++)
                if (o->services[k].id[0] == 's')
                    staff[s].skills &= ~(1ull << k);
        staff[s].leave_count = s % 4 == 0 ? 3 : 0;
        for (int k = 0; k < 3; k++)
            leave[s][k] = first + (fh_day)rnd(31);
        staff[s].leave = leave[s];
        prefs[s] = (struct sched_preference){(int)rnd(5) + 1, (int)rnd(4), rnd(2) ? 2 : -2};
        staff[s].prefs = &prefs[s];
        staff[s].pref_count = s % 3 == 0 ? 1 : 0;
    }

    struct sched_booking *b = fh_calloc(200, sizeof *b);
    size_t nb = 0;
    struct sched_opening *open;
    size_t no;
    sched_openings(office, cal, first, last, &open, &no);
    for (size_t i = 0; i < no && nb < 200; i++) {
        const struct sched_window_spec *w = sched_office_window(office, open[i].window);
        if (w->name == SCHED_WIN_REGULAR || rnd(5) != 0)
            continue;
        b[nb].start = (fh_minute)open[i].day * FH_MINUTES_PER_DAY + w->start;
        b[nb].service =
            sched_office_service_index(office, w->services[rnd((uint32_t)w->service_count)]);
        b[nb].minutes = o->services[b[nb].service].minutes;
        nb++;
    }
    free(open);
    struct sched_demand *demand;
    size_t nd;
    sched_roster_demand(office, cal, &sched_roster_rules_default, first, last, b, nb, &demand, &nd);

    double best = 0;
    struct sched_roster r = {0};
    for (int i = 0; i < (rounds > 0 ? rounds : 1); i++) {
        sched_roster_free(&r);
        double t0 = seconds();
        if (bench_solve(office, cal, staff, demand, nd, &r) != 0)
            return 1;
        double t = seconds() - t0;
        if (i == 0 || t < best)
            best = t;
    }
    int needed = 0;
    for (size_t i = 0; i < nd; i++)
        needed += demand[i].needed;
    printf("staff %d\nwindow_instances %zu\npositions %d\nassigned %zu\nshortfalls %zu\n"
           "solve_ms %.3f\nspread %d\nspread_bound %d\nspread_over_bound %d\n"
           "preferences_honoured %d/%d (%.0f%%)\n",
           STAFF, nd, needed, r.assignment_count, r.shortfall_count, best * 1000, r.spread,
           r.spread_bound, r.spread - r.spread_bound, r.prefs_honoured, r.prefs_total,
           r.prefs_total ? 100.0 * r.prefs_honoured / r.prefs_total : 100.0);
    sched_roster_free(&r);
    free(demand);
    free(b);
    sched_calendar_free(cal);
    cfg_free(cfg);
    return 0;
}
