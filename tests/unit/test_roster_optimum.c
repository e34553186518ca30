/* test_roster_optimum.c: the roster's fairness against the exact optimum.
 * For small seeded random offices (3 to 7 staff, one to two weeks of the
 * demo office's noon, evening, Saturday and holiday duties, leave, caps,
 * days in a row, one flexible duty a day or not, bookings raising the
 * demand), the smallest spread of weighted loads that any roster keeping
 * every hard rule can reach is computed by an integer program solved by
 * GLPK (glpsol, Debian's glpk-utils), written here from the rules, not from
 * the solver. Then: the solver's roster keeps the hard rules (checked by
 * tests/roster_check.c), its spread (computed here) is never below the
 * optimum (else this test is wrong), never more than two above it (more
 * than one in at most 2 % of the offices: bench/roster.sh's target is
 * within one), equal to it in at least 93 %, and the bound the solver
 * reports beside it never claims more than the optimum allows. Without glpsol the test fails (exit
 * 99), or skips (77) where FLEXHOURS_ALLOW_SKIP is set. */
#include "config/cfg.h"
#include "tests/roster_check.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OFFICES 400

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

struct world {
    struct sched_staff staff[8];
    fh_day leave[8][4];
    size_t ns;
    struct sched_demand *demand;
    size_t nd;
    struct sched_roster_rules rules;
    fh_day first, last;
};

static void make_world(const struct sched_office *office, const struct sched_calendar *cal,
                       struct world *w)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    memset(w, 0, sizeof *w);
    w->rules = sched_roster_rules_default;
    w->rules.one_flex_per_day = rnd(3) != 0;
    w->rules.max_consecutive_days = rnd(3) == 0 ? 0 : 5 + (int)rnd(3);
    w->rules.max_duties_per_month = rnd(3) != 0 ? 0 : 4 + (int)rnd(4);
    for (int d = 0; d < SCHED_DUTY_COUNT; d++)
        w->rules.min_staff[d] = 1 + (int)rnd(2);
    w->rules.weight[SCHED_DUTY_SATURDAY] = 1 + (int)rnd(3);
    w->rules.weight[SCHED_DUTY_HOLIDAY] = 1 + (int)rnd(3);
    /* October 2025: 中秋節 on the 6th, 國慶日 on the 10th and its long weekend. */
    w->first = fh_day_from_ymd(2025, 10, 1) + (fh_day)rnd(15);
    w->last = w->first + 6 + (fh_day)rnd(4);
    w->ns = 3 + rnd(3);
    for (size_t s = 0; s < w->ns; s++) {
        struct sched_staff *p = &w->staff[s];
        p->id = "s";
        p->skills = (1ull << o->service_count) - 1; /* everyone handles everything */
        p->leave = w->leave[s];
        p->leave_count = rnd(5);
        for (size_t k = 0; k < p->leave_count; k++)
            w->leave[s][k] = w->first + (fh_day)rnd((uint32_t)(w->last - w->first + 1));
        p->max_duties = rnd(6) == 0 ? 2 + (int)rnd(3) : 0;
    }
    size_t nb = rnd(8);
    struct sched_booking b[8];
    memset(b, 0, sizeof b);
    for (size_t i = 0; i < nb; i++) {
        const struct sched_window_spec *ws =
            sched_office_window(office, (int)rnd((uint32_t)sched_office_window_count(office)));
        fh_day d = w->first + (fh_day)rnd((uint32_t)(w->last - w->first + 1));
        b[i].start = (fh_minute)d * FH_MINUTES_PER_DAY + ws->start;
        b[i].service = (int)rnd((uint32_t)o->service_count);
        b[i].minutes = o->services[b[i].service].minutes;
    }
    for (size_t i = 1; i < nb; i++)
        for (size_t j = i; j > 0 && b[j - 1].start > b[j].start; j--) {
            struct sched_booking t = b[j];
            b[j] = b[j - 1];
            b[j - 1] = t;
        }
    if (sched_roster_demand(office, cal, &w->rules, w->first, w->last, b, nb, &w->demand, &w->nd) !=
        FH_OK)
        check_failures++;
}

static bool on_leave(const struct sched_staff *s, fh_day d)
{
    for (size_t k = 0; k < s->leave_count; k++)
        if (s->leave[k] == d)
            return true;
    return false;
}

static bool is_flex(enum sched_duty d)
{
    return d == SCHED_DUTY_NOON || d == SCHED_DUTY_EVENING;
}

/* The integer program, in CPLEX LP form: x_d_s = 1 when person s takes
 * instance d (only people not on leave that day); each instance gets
 * exactly its need; a person takes one duty a day (noon and evening
 * together only when one_flex_per_day is off); at most the person's cap;
 * and in every run of max_consecutive_days + 1 days at least one day is
 * neither a working day (not on leave) nor a day with a duty. hi and lo
 * bound the weighted loads of the people in the rota; minimise hi - lo. */
static void write_lp(FILE *f, const struct sched_office *office, const struct sched_calendar *cal,
                     const struct world *w, const struct roster_world *rw)
{
    fprintf(f, "Minimize\n obj: hi - lo\nSubject To\n");
    for (size_t d = 0; d < w->nd; d++) {
        fprintf(f, " need%zu: 0 hi", d);
        for (size_t s = 0; s < w->ns; s++)
            if (!on_leave(&w->staff[s], w->demand[d].day))
                fprintf(f, " + x_%zu_%zu", d, s);
        fprintf(f, " = %d\n", w->demand[d].needed);
    }
    for (size_t s = 0; s < w->ns; s++) {
        /* a day's duties, and the days worked */
        for (size_t d1 = 0; d1 < w->nd; d1++)
            for (size_t d2 = d1 + 1; d2 < w->nd; d2++) {
                if (w->demand[d1].day != w->demand[d2].day ||
                    on_leave(&w->staff[s], w->demand[d1].day))
                    continue;
                if (!w->rules.one_flex_per_day && is_flex(w->demand[d1].duty) &&
                    is_flex(w->demand[d2].duty))
                    continue;
                fprintf(f, " day_%zu_%zu_%zu: x_%zu_%zu + x_%zu_%zu <= 1\n", s, d1, d2, d1, s, d2,
                        s);
            }
        int cap = w->staff[s].max_duties ? w->staff[s].max_duties : w->rules.max_duties_per_month;
        if (cap > 0) {
            fprintf(f, " cap%zu: 0 hi", s);
            for (size_t d = 0; d < w->nd; d++)
                if (!on_leave(&w->staff[s], w->demand[d].day))
                    fprintf(f, " + x_%zu_%zu", d, s);
            fprintf(f, " <= %d\n", cap);
        }
        if (roster_in_rota(rw, s)) {
            fprintf(f, " top%zu: hi", s);
            for (size_t d = 0; d < w->nd; d++)
                if (!on_leave(&w->staff[s], w->demand[d].day))
                    fprintf(f, " - %d x_%zu_%zu", w->rules.weight[w->demand[d].duty], d, s);
            fprintf(f, " >= 0\n bottom%zu: lo", s);
            for (size_t d = 0; d < w->nd; d++)
                if (!on_leave(&w->staff[s], w->demand[d].day))
                    fprintf(f, " - %d x_%zu_%zu", w->rules.weight[w->demand[d].duty], d, s);
            fprintf(f, " <= 0\n");
        }
        int run = w->rules.max_consecutive_days;
        if (run > 0) {
            fh_day lo = w->first - 7, hi = w->last + 7;
            for (fh_day start = lo; start + run <= hi; start++) {
                /* days start..start+run: fixed ones count 1, others y */
                int fixed = 0;
                fprintf(f, " run_%zu_%d: 0 hi", s, (int)(start - lo));
                for (fh_day day = start; day <= start + run; day++) {
                    struct sched_day_info info;
                    sched_day_info(office, cal, day, &info);
                    if (info.working && !on_leave(&w->staff[s], day)) {
                        fixed++;
                        continue;
                    }
                    for (size_t d = 0; d < w->nd; d++)
                        if (w->demand[d].day == day && !on_leave(&w->staff[s], day))
                            fprintf(f, " + x_%zu_%zu", d, s);
                }
                fprintf(f, " <= %d\n", run - fixed);
            }
        }
    }
    fprintf(f, "Bounds\n lo >= -1000\n hi <= 100000\nBinary\n");
    for (size_t d = 0; d < w->nd; d++)
        for (size_t s = 0; s < w->ns; s++)
            if (!on_leave(&w->staff[s], w->demand[d].day))
                fprintf(f, " x_%zu_%zu\n", d, s);
    fprintf(f, "General\n hi\n lo\nEnd\n");
}

/* The optimum of the program, or -1 when it has no solution. */
static int solve_lp(const char *dir, int n)
{
    char lp[512], out[512], cmd[1200];
    snprintf(lp, sizeof lp, "%s/office%d.lp", dir, n);
    snprintf(out, sizeof out, "%s/office%d.sol", dir, n);
    snprintf(cmd, sizeof cmd, "glpsol --cuts --pcost --tmlim 300 --lp '%s' -w '%s' >/dev/null 2>&1",
             lp, out);
    if (system(cmd) != 0) {
        printf("office %d: glpsol failed on %s\n", n, lp);
        return -2;
    }
    FILE *f = fopen(out, "r");
    if (f == NULL)
        return -2;
    /* glpsol's plain solution: "c rows cols", then "s mip rows cols status obj" */
    char line[256];
    int result = -2;
    while (fgets(line, sizeof line, f) != NULL) {
        char status;
        double obj;
        if (sscanf(line, "s mip %*d %*d %c %lf", &status, &obj) == 2) {
            result = status == 'o' ? (int)(obj + 0.5) : status == 'n' ? -1 : -2;
            break;
        }
    }
    fclose(f);
    return result;
}

int main(void)
{
    if (system("glpsol --version >/dev/null 2>&1") != 0) {
        const char *allow = getenv("FLEXHOURS_ALLOW_SKIP");
        printf("glpsol (Debian's glpk-utils) is missing: scripts/setup.sh --with-tests installs "
               "it\n");
        return allow != NULL && allow[0] != '\0' ? 77 : 99;
    }
    char dir[] = "/tmp/fh-optimum-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 99;
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    const struct sched_office *office = cfg->offices[0];
    struct sched_calendar *cal = sched_calendar_create();
    sched_calendar_set(cal, fh_day_from_ymd(2025, 10, 6), SCHED_HOLIDAY, "中秋節");
    sched_calendar_set(cal, fh_day_from_ymd(2025, 10, 10), SCHED_HOLIDAY, "國慶日");
    sched_calendar_set(cal, fh_day_from_ymd(2025, 10, 24), SCHED_HOLIDAY, "補假");

    int compared = 0, optimal = 0, one_over = 0, two_over = 0, worse = 0, below = 0, broken = 0,
        bound_claims_too_much = 0, infeasible = 0;
    long excess = 0;
    for (int i = 0; i < OFFICES; i++) {
        rng = 0xA0761D6478BD642Full ^ (uint64_t)(i + 1) * 0xE7037ED1A0B428DBull;
        struct world w;
        make_world(office, cal, &w);
        struct roster_world rw = {office, cal, &w.rules, w.staff, w.ns, w.demand, w.nd, NULL, 0};
        struct sched_roster r;
        CHECK_INT(sched_roster_solve(office, cal, &w.rules, w.staff, w.ns, w.demand, w.nd, NULL, 0,
                                     &r, err, sizeof err),
                  FH_OK);
        if (roster_check_hard(&rw, r.assignments, r.assignment_count, r.shortfalls,
                              r.shortfall_count, true) != 0) {
            printf("office %d: the solver's roster breaks a hard rule\n", i);
            broken++;
        }
        if (r.shortfall_count == 0 && w.nd > 0) {
            char path[512];
            snprintf(path, sizeof path, "%s/office%d.lp", dir, i);
            FILE *f = fopen(path, "w");
            if (f == NULL)
                return 99;
            write_lp(f, office, cal, &w, &rw);
            fclose(f);
            int best = solve_lp(dir, i);
            int load[8];
            int spread = roster_spread(&rw, r.assignments, r.assignment_count, load);
            if (best == -2) {
                check_failures++;
            } else if (best == -1) {
                /* The solver staffed every instance under the rules: a
                 * program without a solution is this test's mistake. */
                printf("office %d: the program has no solution, the solver found one\n", i);
                infeasible++;
            } else {
                compared++;
                excess += spread - best;
                if (spread < best) {
                    printf("office %d: spread %d below the optimum %d\n", i, spread, best);
                    below++;
                } else if (spread == best) {
                    optimal++;
                } else if (spread == best + 1) {
                    one_over++;
                } else if (spread == best + 2) {
                    /* Beyond bench/roster.sh's target (within one of the
                     * best): the local search stops where no single move or
                     * exchange of two people helps. */
                    printf("office %d (%zu staff, %zu instances): spread %d, the optimum is %d\n",
                           i, w.ns, w.nd, spread, best);
                    two_over++;
                } else {
                    printf("office %d (%zu staff, %zu instances): spread %d, the optimum is %d\n",
                           i, w.ns, w.nd, spread, best);
                    worse++;
                }
                if (r.spread_bound > best) {
                    printf("office %d: the solver reports %d as the best possible spread, %d is "
                           "reached\n",
                           i, r.spread_bound, best);
                    bound_claims_too_much++;
                }
                if (r.spread != spread)
                    printf("office %d: the solver reports a spread of %d, it is %d\n", i, r.spread,
                           spread);
                CHECK_INT(r.spread, spread);
            }
        }
        sched_roster_free(&r);
        free(w.demand);
    }
    printf("fairness against the exact optimum over %d fully staffed offices of %d: %d at the "
           "optimum, %d one above, %d two above, %d further; mean excess %.3f\n",
           compared, OFFICES, optimal, one_over, two_over, worse,
           compared ? (double)excess / compared : 0.0);
    CHECK_INT(broken, 0);
    CHECK_INT(below, 0);
    CHECK_INT(infeasible, 0);
    CHECK_INT(worse, 0);
    CHECK_INT(bound_claims_too_much, 0);
    /* Enough offices to say something, most of them at the optimum. */
    CHECK(compared >= OFFICES / 4);
    CHECK(optimal * 100 >= compared * 93);
    CHECK(two_over * 100 <= compared * 2);
    sched_calendar_free(cal);
    cfg_free(cfg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (getenv("FH_KEEP") == NULL && system(cmd) != 0)
        check_failures++;
    return check_result();
}
