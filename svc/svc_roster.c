/* svc_roster.c: what the roster's rules need to know of one office and
 * month (the configured staff with their compensatory balances, the
 * bookings, the demand of each window instance), gathered from the
 * configuration and the store for the scheduler, shared by the roster's
 * operations of both faces and the command line; and who is dispatched to
 * a holiday duty nobody has. Exports svc_roster_*(). */
#include "svc/svc_internal.h"

#include <stdlib.h>
#include <string.h>

void svc_roster_model_free(struct svc_roster_model *m)
{
    free(m->staff);
    free(m->bookings);
    free(m->demand);
    memset(m, 0, sizeof *m);
}

static const char *office_id(const struct svc_roster_month *ref)
{
    return sched_office_spec(ref->office)->id;
}

static int earned_minutes(const struct svc_roster_month *ref,
                          const struct sched_roster_rules *rules, const struct store_duty *duties,
                          size_t count)
{
    int sum = 0;
    for (size_t i = 0; i < count; i++)
        sum += sched_duty_comp(ref->office, ref->cal, rules, duties[i].day, duties[i].duty);
    return sum;
}

/* What each person is owed when the month starts: compensatory time earned
 * by published duties, less what was taken. The solver keeps it low by
 * giving fewer duties to who is owed more. */
static fh_result comp_balances(const struct svc_roster_month *ref, struct svc_roster_model *m,
                               char *err, size_t errlen)
{
    fh_day since = m->first - SVC_COMP_LOOKBACK_DAYS;
    for (size_t i = 0; i < m->staff_count; i++) {
        struct store_duty *duties;
        size_t n;
        fh_result r = store_duties_of(ref->store, office_id(ref), m->staff[i].id, since,
                                      m->first - 1, &duties, &n, err, errlen);
        if (r != FH_OK)
            return r;
        m->staff[i].comp_balance = earned_minutes(ref, &m->roster->rules, duties, n);
        free(duties);
    }
    /* What was taken, everybody's at once. */
    struct store_comp *taken;
    size_t n;
    fh_result r = store_comp_list(ref->store, office_id(ref), NULL, &taken, &n, err, errlen);
    if (r != FH_OK)
        return r;
    for (size_t k = 0; k < n; k++) {
        int s = cfg_staff_index(m->roster, taken[k].staff);
        if (s >= 0 && taken[k].day >= since && taken[k].day < m->first)
            m->staff[s].comp_balance -= taken[k].minutes;
    }
    free(taken);
    for (size_t i = 0; i < m->staff_count; i++)
        if (m->staff[i].comp_balance < 0)
            m->staff[i].comp_balance = 0;
    return FH_OK;
}

fh_result svc_roster_model_load(const struct svc_roster_month *ref, struct svc_roster_model *m,
                                char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->office = ref->office;
    m->roster = cfg_office_roster(ref->cfg, office_id(ref));
    if (m->roster == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the office is not configured here");
    m->first = fh_day_from_ymd(ref->year, ref->month, 1);
    m->last = m->first + fh_days_in_month(ref->year, ref->month) - 1;
    m->staff_count = m->roster->staff_count;
    m->staff = fh_calloc(m->staff_count + 1, sizeof *m->staff);
    for (size_t i = 0; i < m->staff_count; i++)
        m->staff[i] = m->roster->staff[i].sched;
    fh_result r = comp_balances(ref, m, err, errlen);
    if (r == FH_OK)
        r = store_occupancy(ref->store, ref->office, m->first, m->last, &m->bookings,
                            &m->booking_count, err, errlen);
    if (r == FH_OK)
        r = sched_roster_demand(ref->office, ref->cal, &m->roster->rules, m->first, m->last,
                                m->bookings, m->booking_count, &m->demand, &m->demand_count);
    if (r != FH_OK) {
        if (err[0] == '\0')
            fh_fail(err, errlen, r, "the month's demand: %s", fh_strerror(r));
        svc_roster_model_free(m);
    }
    return r;
}

int svc_roster_demand_index(const struct svc_roster_model *m, fh_day day, enum sched_duty duty)
{
    for (size_t i = 0; i < m->demand_count; i++)
        if (m->demand[i].day == day && m->demand[i].duty == duty)
            return (int)i;
    return -1;
}

/* The stored duties as the scheduler's assignments, leaving out those of
 * demand instance skip (-1: none) and those no longer meaningful (a person
 * no longer configured, a window no longer open). */
struct sched_assignment *svc_roster_assignments(const struct svc_roster_model *m,
                                                const struct store_roster *r, int skip,
                                                size_t *count)
{
    struct sched_assignment *a = fh_calloc(r->count + 1, sizeof *a);
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++) {
        int d = svc_roster_demand_index(m, r->duties[i].day, r->duties[i].duty);
        int s = cfg_staff_index(m->roster, r->duties[i].staff);
        if (d >= 0 && s >= 0 && d != skip)
            a[n++] = (struct sched_assignment){d, s};
    }
    *count = n;
    return a;
}

fh_result svc_roster_holiday_staff(const struct svc_roster_month *ref, fh_day day,
                                   const char *named, const char **staff, char *err, size_t errlen)
{
    struct svc_roster_model m;
    *staff = NULL;
    fh_result r = svc_roster_model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    int d = svc_roster_demand_index(&m, day, SCHED_DUTY_HOLIDAY);
    struct store_roster stored = {0};
    if (d < 0)
        r = fh_fail(err, errlen, FH_EREFUSED, "no holiday window is open that day");
    else
        r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &stored, err,
                             errlen);
    if (r == FH_OK) {
        size_t n;
        struct sched_assignment *a = svc_roster_assignments(&m, &stored, -1, &n);
        if (named != NULL) {
            /* The manager's choice, within the hard rules. */
            int s = cfg_staff_index(m.roster, named);
            a = fh_realloc(a, (n + 2) * sizeof *a);
            a[n++] = (struct sched_assignment){d, s};
            if (s < 0)
                r = fh_fail(err, errlen, FH_EINVAL, "staff: no such person");
            else
                r = sched_roster_check(ref->office, ref->cal, &m.roster->rules, m.staff,
                                       m.staff_count, m.demand, m.demand_count, a, n, err, errlen);
            if (r == FH_OK)
                *staff = m.roster->staff[s].id;
        } else {
            int s = sched_roster_pick(ref->office, ref->cal, &m.roster->rules, m.staff,
                                      m.staff_count, m.demand, m.demand_count, a, n, d);
            if (s >= 0)
                *staff = m.roster->staff[s].id;
            else
                r = fh_fail(err, errlen, FH_EREFUSED,
                            "nobody may take the holiday duty that day (leave, skills or limits)");
        }
        free(a);
        store_roster_free(&stored);
    }
    svc_roster_model_free(&m);
    return r;
}
