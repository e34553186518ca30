/* roster_check.c: an independent check of a roster (see roster_check.h). */
#include "tests/roster_check.h"

#include <stdio.h>
#include <stdlib.h>

static bool on_leave(const struct sched_staff *s, fh_day d)
{
    for (size_t k = 0; k < s->leave_count; k++)
        if (s->leave[k] == d)
            return true;
    return false;
}

static bool banned(const struct roster_world *w, size_t d, size_t s)
{
    for (size_t i = 0; i < w->np; i++)
        if (w->pins[i].forbid && w->pins[i].demand == (int)d && w->pins[i].staff == (int)s)
            return true;
    return false;
}

#define BROKEN(...)                                                                                \
    do {                                                                                           \
        broken++;                                                                                  \
        if (verbose) {                                                                             \
            printf("hard rule broken: ");                                                          \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

int roster_check_hard(const struct roster_world *w, const struct sched_assignment *a, size_t na,
                      const struct sched_shortfall *sf, size_t nsf, bool verbose)
{
    int broken = 0;
    if (w->nd == 0)
        return na == 0 && nsf == 0 ? 0 : 1;
    fh_day first = w->demand[0].day, last = first;
    for (size_t d = 0; d < w->nd; d++) {
        if (w->demand[d].day < first)
            first = w->demand[d].day;
        if (w->demand[d].day > last)
            last = w->demand[d].day;
    }
    fh_day lo = first - 7;
    size_t ndays = (size_t)(last - first + 1) + 14;
    uint8_t *duty = calloc(w->ns * ndays + 1, 1);
    int *count = calloc(w->ns + 1, sizeof *count);
    int *per_demand = calloc(w->nd, sizeof *per_demand);
    uint64_t *skills = calloc(w->nd, sizeof *skills);
    bool *held = calloc(w->nd * w->ns, sizeof *held);
    const uint8_t flex = (1u << SCHED_DUTY_NOON) | (1u << SCHED_DUTY_EVENING);

    for (size_t i = 0; i < na; i++) {
        int d = a[i].demand, s = a[i].staff;
        if (d < 0 || (size_t)d >= w->nd || s < 0 || (size_t)s >= w->ns) {
            BROKEN("assignment %zu names no such instance or person", i);
            continue;
        }
        const struct sched_demand *dm = &w->demand[d];
        const char *who = w->staff[s].id ? w->staff[s].id : "?";
        size_t at = (size_t)s * ndays + (size_t)(dm->day - lo);
        if (on_leave(&w->staff[s], dm->day))
            BROKEN("%s on duty %d on a day of leave", who, d);
        if (held[(size_t)d * w->ns + (size_t)s])
            BROKEN("%s twice on instance %d", who, d);
        held[(size_t)d * w->ns + (size_t)s] = true;
        if (banned(w, (size_t)d, (size_t)s))
            BROKEN("%s on instance %d, banned from it", who, d);
        bool is_flex = (flex >> dm->duty) & 1;
        /* Two duties a day only as noon and evening, when allowed. */
        if (duty[at] != 0 && !(is_flex && !w->rules->one_flex_per_day && (duty[at] & ~flex) == 0))
            BROKEN("%s has two duties on the day of instance %d", who, d);
        duty[at] |= (uint8_t)(1u << dm->duty);
        count[s]++;
        per_demand[d]++;
        skills[d] |= w->staff[s].skills;
    }
    for (size_t i = 0; i < w->np; i++)
        if (!w->pins[i].forbid &&
            !held[(size_t)w->pins[i].demand * w->ns + (size_t)w->pins[i].staff])
            BROKEN("pin %zu not kept", i);
    for (size_t s = 0; s < w->ns; s++) {
        int cap = w->staff[s].max_duties ? w->staff[s].max_duties : w->rules->max_duties_per_month;
        if (cap > 0 && count[s] > cap)
            BROKEN("%s has %d duties, the cap is %d", w->staff[s].id, count[s], cap);
        if (w->rules->max_consecutive_days > 0) {
            int run = 0;
            for (size_t i = 0; i < ndays; i++) {
                fh_day d = lo + (fh_day)i;
                struct sched_day_info info;
                sched_day_info(w->office, w->cal, d, &info);
                bool worked =
                    (info.working && !on_leave(&w->staff[s], d)) || duty[s * ndays + i] != 0;
                run = worked ? run + 1 : 0;
                if (run > w->rules->max_consecutive_days) {
                    BROKEN("%s works %d days in a row, the cap is %d", w->staff[s].id, run,
                           w->rules->max_consecutive_days);
                    break;
                }
            }
        }
    }
    /* Every short instance is listed, and only those, in order. */
    size_t k = 0;
    for (size_t d = 0; d < w->nd; d++) {
        bool is_short =
            per_demand[d] < w->demand[d].needed || (w->demand[d].skills & ~skills[d]) != 0;
        bool listed = k < nsf && sf[k].demand == (int)d;
        if (listed) {
            if (sf[k].assigned != per_demand[d])
                BROKEN("shortfall of instance %zu says %d assigned, %d are", d, sf[k].assigned,
                       per_demand[d]);
            k++;
        }
        if (is_short != listed)
            BROKEN("instance %zu is %s but %s as a shortfall", d, is_short ? "short" : "staffed",
                   listed ? "listed" : "not listed");
    }
    if (k != nsf)
        BROKEN("%zu shortfalls out of order or naming no instance", nsf - k);
    free(duty);
    free(count);
    free(per_demand);
    free(skills);
    free(held);
    return broken;
}

bool roster_in_rota(const struct roster_world *w, size_t s)
{
    for (size_t d = 0; d < w->nd; d++)
        if (!on_leave(&w->staff[s], w->demand[d].day) && !banned(w, d, s))
            return true;
    return false;
}

int roster_spread(const struct roster_world *w, const struct sched_assignment *a, size_t na,
                  int *load)
{
    for (size_t s = 0; s < w->ns; s++)
        load[s] = 0;
    for (size_t i = 0; i < na; i++)
        load[a[i].staff] += w->rules->weight[w->demand[a[i].demand].duty];
    int lo = 0, hi = 0;
    bool any = false;
    for (size_t s = 0; s < w->ns; s++) {
        if (!roster_in_rota(w, s))
            continue;
        if (!any || load[s] < lo)
            lo = load[s];
        if (!any || load[s] > hi)
            hi = load[s];
        any = true;
    }
    return hi - lo;
}
