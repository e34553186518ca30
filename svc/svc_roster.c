/* svc_roster.c: a month's roster and compensatory time, whichever face asks
 * (the API, the manager pages, `flexhours roster`): from the configured
 * staff, the bookings, the manager's pins and the stored roster to the
 * scheduler's solver and checks and back to the store. Exports the
 * svc_roster_* and svc_comp_* functions of svc.h. */
#include "svc/svc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the scheduler needs about one office and month. */
struct model {
    const struct sched_office *office;
    fh_day first, last;
    const struct cfg_roster *roster;
    struct sched_staff *staff; /* copies, with the balances of the month's start */
    size_t staff_count;
    struct sched_booking *bookings;
    size_t booking_count;
    struct sched_demand *demand;
    size_t demand_count;
};

static void model_free(struct model *m)
{
    free(m->staff);
    free(m->bookings);
    free(m->demand);
    memset(m, 0, sizeof *m);
}

static const char *office_id(const struct svc_roster_ref *ref)
{
    return sched_office_spec(ref->office)->id;
}

void svc_roster_ref_init(struct svc_roster_ref *ref, struct svc *s,
                         const struct sched_office *office, int year, int month)
{
    memset(ref, 0, sizeof *ref);
    ref->cfg = s->cfg;
    ref->store = s->store;
    ref->office = office;
    ref->year = year;
    ref->month = month;
    ref->svc = s;
}

const char *svc_roster_month_parse(const char *s, int *year, int *month)
{
    const char *why = s == NULL ? "missing (YYYY-MM)" : fh_parse_month(s, year, month);
    if (why == NULL && (*year < SVC_ROSTER_YEAR_MIN || *year > SVC_ROSTER_YEAR_MAX))
        why = "not a year a roster is made for (2000 to 2199)";
    return why;
}

/* The month as the function works on it: ref with the calendar in force
 * held (and for a change, the change lock taken) when ref has a service. */
static void begin(const struct svc_roster_ref *ref, struct svc_roster_ref *work, bool change)
{
    *work = *ref;
    if (ref->svc == NULL)
        return;
    if (change)
        svc_change_begin(ref->svc);
    work->cal = svc_calendar_hold(ref->svc);
}

/* Undoes begin(); after a change that capacity follows (reload), puts the
 * database's calendar in force before another booking is judged. */
static fh_result end(const struct svc_roster_ref *work, bool change, bool reload, fh_result r,
                     char *err, size_t errlen)
{
    if (work->svc == NULL)
        return r;
    svc_calendar_release(work->svc);
    if (r == FH_OK && reload)
        r = svc_calendar_reload(work->svc, work->office, err, errlen);
    if (change)
        svc_change_end(work->svc);
    return r;
}

static int earned_minutes(const struct svc_roster_ref *ref, const struct sched_roster_rules *rules,
                          const struct store_duty *duties, size_t count)
{
    int sum = 0;
    for (size_t i = 0; i < count; i++)
        sum += sched_duty_comp(ref->office, ref->cal, rules, duties[i].day, duties[i].duty);
    return sum;
}

/* What each person is owed when the month starts: compensatory time earned
 * by published duties, less what was taken. The solver keeps it low by
 * giving fewer duties to who is owed more. */
static fh_result comp_balances(const struct svc_roster_ref *ref, struct model *m, char *err,
                               size_t errlen)
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

static fh_result model_load(const struct svc_roster_ref *ref, struct model *m, char *err,
                            size_t errlen)
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
        model_free(m);
    }
    return r;
}

/* An office without configured staff does not roster its duties: a roster
 * of nobody would close its noon, evening and Saturday windows. */
static fh_result require_staff(const struct model *m, char *err, size_t errlen)
{
    if (m->staff_count > 0)
        return FH_OK;
    return fh_fail(err, errlen, FH_EINVAL, "the office has no staff configured to roster");
}

static int demand_index(const struct model *m, fh_day day, enum sched_duty duty)
{
    for (size_t i = 0; i < m->demand_count; i++)
        if (m->demand[i].day == day && m->demand[i].duty == duty)
            return (int)i;
    return -1;
}

/* The stored duties as the scheduler's assignments, leaving out those of
 * demand instance skip (-1: none) and those no longer meaningful (a person
 * no longer configured, a window no longer open). */
static struct sched_assignment *assignments_of(const struct model *m, const struct store_roster *r,
                                               int skip, size_t *count)
{
    struct sched_assignment *a = fh_calloc(r->count + 1, sizeof *a);
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++) {
        int d = demand_index(m, r->duties[i].day, r->duties[i].duty);
        int s = cfg_staff_index(m->roster, r->duties[i].staff);
        if (d >= 0 && s >= 0 && d != skip)
            a[n++] = (struct sched_assignment){d, s};
    }
    *count = n;
    return a;
}

void svc_roster_view_free(struct svc_roster_view *v)
{
    if (v == NULL)
        return;
    store_roster_free(&v->stored);
    free(v->shortfalls);
    free(v->staff);
    free(v->instances);
    free(v->bookings);
    memset(v, 0, sizeof *v);
}

/* The view of a stored roster and its shortfalls (taken from sf). */
static void view_fill(const struct svc_roster_ref *ref, const struct model *m,
                      struct svc_roster_view *v, const struct sched_shortfall *sf, size_t sf_count)
{
    v->staff_count = m->staff_count;
    v->staff = fh_calloc(m->staff_count + 1, sizeof *v->staff);
    for (size_t s = 0; s < m->staff_count; s++) {
        v->staff[s].id = m->roster->staff[s].id;
        v->staff[s].name = m->roster->staff[s].name;
    }
    for (size_t i = 0; i < v->stored.count; i++) {
        const struct store_duty *d = &v->stored.duties[i];
        int s = cfg_staff_index(m->roster, d->staff);
        if (s >= 0 && (unsigned)d->duty < SCHED_DUTY_COUNT) {
            v->staff[s].duties++;
            v->staff[s].weighted += m->roster->rules.weight[d->duty];
            v->staff[s].comp_minutes +=
                sched_duty_comp(ref->office, ref->cal, &m->roster->rules, d->day, d->duty);
        }
    }
    int lo = 0, hi = 0;
    for (size_t s = 0; s < m->staff_count; s++) {
        if (s == 0 || v->staff[s].weighted < lo)
            lo = v->staff[s].weighted;
        if (s == 0 || v->staff[s].weighted > hi)
            hi = v->staff[s].weighted;
    }
    v->spread = hi - lo;
    v->instance_count = m->demand_count;
    v->instances = fh_calloc(m->demand_count + 1, sizeof *v->instances);
    for (size_t i = 0; i < m->demand_count; i++)
        v->instances[i] =
            (struct svc_roster_instance){m->demand[i].day, m->demand[i].duty, m->demand[i].needed};
    v->shortfall_count = sf_count;
    v->shortfalls = fh_calloc(sf_count + 1, sizeof *v->shortfalls);
    for (size_t i = 0; i < sf_count; i++) {
        const struct sched_demand *d = &m->demand[sf[i].demand];
        v->shortfalls[i] = (struct svc_roster_short){
            d->day,
            d->duty,
            d->needed,
            sf[i].assigned,
            sf[i].reason,
            sf[i].service >= 0 ? sched_office_spec(ref->office)->services[sf[i].service].id : NULL,
        };
    }
}

/* The roster as stored, its shortfalls explained by the scheduler. */
static fh_result show(const struct svc_roster_ref *ref, const struct model *m,
                      struct svc_roster_view *v, char *err, size_t errlen)
{
    store_roster_free(&v->stored);
    fh_result r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &v->stored,
                                   err, errlen);
    if (r != FH_OK)
        return r;
    size_t n;
    struct sched_assignment *a = assignments_of(m, &v->stored, -1, &n);
    struct sched_shortfall *sf = NULL;
    size_t sf_count = 0;
    r = sched_roster_explain(ref->office, ref->cal, &m->roster->rules, m->staff, m->staff_count,
                             m->demand, m->demand_count, a, n, &sf, &sf_count);
    if (r == FH_OK)
        view_fill(ref, m, v, sf, sf_count);
    else
        fh_fail(err, errlen, r, "explaining the shortfalls failed");
    free(sf);
    free(a);
    return r;
}

fh_result svc_roster_show(const struct svc_roster_ref *ref, struct svc_roster_view *v, char *err,
                          size_t errlen)
{
    struct svc_roster_ref w;
    struct model m;
    memset(v, 0, sizeof *v);
    begin(ref, &w, false);
    fh_result r = model_load(&w, &m, err, errlen);
    if (r == FH_OK) {
        r = show(&w, &m, v, err, errlen);
        model_free(&m);
    }
    return end(&w, false, false, r, err, errlen);
}

/* The month's pins and bans as the solver takes them; those naming a person
 * or a window instance that no longer exists are left out. */
static struct sched_pin *pins_of(const struct svc_roster_ref *ref, const struct model *m,
                                 size_t *count, fh_result *r, char *err, size_t errlen)
{
    struct store_pin *stored;
    size_t n;
    *count = 0;
    *r = store_roster_pins(ref->store, office_id(ref), ref->year, ref->month, &stored, &n, err,
                           errlen);
    if (*r != FH_OK)
        return NULL;
    struct sched_pin *pins = fh_calloc(n + 1, sizeof *pins);
    for (size_t i = 0; i < n; i++) {
        int d = demand_index(m, stored[i].day, stored[i].duty);
        int s = cfg_staff_index(m->roster, stored[i].staff);
        if (d >= 0 && s >= 0)
            pins[(*count)++] = (struct sched_pin){d, s, stored[i].forbid};
    }
    free(stored);
    return pins;
}

static fh_result generate(const struct svc_roster_ref *ref, const char *by,
                          struct svc_roster_view *v, char *err, size_t errlen)
{
    struct model m;
    fh_result r = model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_roster before;
    r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &before, err, errlen);
    if (r != FH_OK) {
        model_free(&m);
        return r;
    }
    if (before.state == STORE_ROSTER_PUBLISHED)
        r = fh_fail(err, errlen, FH_ECONFLICT,
                    "the month's roster is published: it changes by edits only");
    else
        r = require_staff(&m, err, errlen);
    size_t pin_count = 0;
    struct sched_pin *pins = r == FH_OK ? pins_of(ref, &m, &pin_count, &r, err, errlen) : NULL;
    /* Duties set by hand (an edit, a person dispatched to a holiday wedding)
     * are kept like pins: solving again must not take them away. */
    if (r == FH_OK) {
        pins = fh_realloc(pins, (pin_count + before.count + 1) * sizeof *pins);
        for (size_t i = 0; i < before.count; i++) {
            int d = demand_index(&m, before.duties[i].day, before.duties[i].duty);
            int s = cfg_staff_index(m.roster, before.duties[i].staff);
            bool known = false;
            for (size_t p = 0; p < pin_count; p++)
                known |= pins[p].demand == d && pins[p].staff == s;
            if (before.duties[i].pinned && d >= 0 && s >= 0 && !known)
                pins[pin_count++] = (struct sched_pin){d, s, false};
        }
    }
    store_roster_free(&before);
    struct sched_roster solved = {0};
    if (r == FH_OK)
        r = sched_roster_solve(ref->office, ref->cal, &m.roster->rules, m.staff, m.staff_count,
                               m.demand, m.demand_count, pins, pin_count, &solved, err, errlen);
    if (r == FH_OK) {
        struct store_duty *duties = fh_calloc(solved.assignment_count + 1, sizeof *duties);
        for (size_t i = 0; i < solved.assignment_count; i++) {
            const struct sched_assignment *a = &solved.assignments[i];
            struct store_duty *d = &duties[i];
            d->day = m.demand[a->demand].day;
            d->duty = m.demand[a->demand].duty;
            snprintf(d->staff, sizeof d->staff, "%s", m.staff[a->staff].id);
            for (size_t p = 0; p < pin_count; p++)
                if (!pins[p].forbid && pins[p].demand == a->demand && pins[p].staff == a->staff)
                    d->pinned = true;
        }
        r = store_roster_save_draft(ref->store, office_id(ref), ref->year, ref->month, duties,
                                    solved.assignment_count, by, fh_clock_now(), err, errlen);
        free(duties);
    }
    if (r == FH_OK)
        r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &v->stored, err,
                             errlen);
    if (r == FH_OK) {
        view_fill(ref, &m, v, solved.shortfalls, solved.shortfall_count);
        v->solved = true;
        v->fair_spread = solved.spread;
        v->fair_bound = solved.spread_bound;
        v->prefs_total = solved.prefs_total;
        v->prefs_honoured = solved.prefs_honoured;
    }
    sched_roster_free(&solved);
    free(pins);
    model_free(&m);
    return r;
}

fh_result svc_roster_generate(const struct svc_roster_ref *ref, const char *by,
                              struct svc_roster_view *v, char *err, size_t errlen)
{
    struct svc_roster_ref w;
    memset(v, 0, sizeof *v);
    begin(ref, &w, true);
    fh_result r = generate(&w, by, v, err, errlen);
    /* A draft is not in force: the calendar stays as it is. */
    return end(&w, true, false, r, err, errlen);
}

static bool listed(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

/* Who of these is told by e-mail: those with an address. */
static void add_notify(const struct cfg_roster *roster, const char *id, const char **notify,
                       size_t *count)
{
    int s = cfg_staff_index(roster, id);
    if (s >= 0 && roster->staff[s].email != NULL && !listed(notify, *count, roster->staff[s].id))
        notify[(*count)++] = roster->staff[s].id;
}

/* What the store asks inside its transaction, for an edit or a publish:
 * which bookings of window instance (day, duty) lose their place when
 * staff people are on that duty. */
static fh_result check_instance(void *arg, fh_day day, enum sched_duty duty,
                                const struct sched_booking *bookings, size_t count, int staff,
                                size_t **overbooked, size_t *overbooked_count)
{
    const struct model *m = arg;
    int d = demand_index(m, day, duty);
    *overbooked = NULL;
    *overbooked_count = 0;
    /* No window of that duty opens that day any more (a closure): its
     * bookings are the calendar's to report, not the roster's. */
    if (d < 0)
        return FH_OK;
    int window = m->demand[d].window;
    int places = sched_window_places_staffed(m->office, window, staff);
    return sched_overbooked(m->office, day, window, places, bookings, count, overbooked,
                            overbooked_count);
}

static fh_result publish(const struct svc_roster_ref *ref, bool force, const char *by,
                         struct svc_roster_view *v, char *err, size_t errlen)
{
    struct model m;
    fh_result r = model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_roster stored;
    r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &stored, err, errlen);
    if (r != FH_OK) {
        model_free(&m);
        return r;
    }
    if (stored.state == STORE_ROSTER_NONE)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "the month has no roster: generate it first");
    else if (stored.state == STORE_ROSTER_PUBLISHED)
        r = fh_fail(err, errlen, FH_ECONFLICT, "the month's roster is already published");
    else
        r = require_staff(&m, err, errlen);
    const char **notify = fh_calloc(stored.count + 1, sizeof *notify);
    size_t notify_count = 0;
    for (size_t i = 0; i < stored.count; i++)
        add_notify(m.roster, stored.duties[i].staff, notify, &notify_count);
    if (r == FH_OK)
        r = store_roster_publish(ref->store, office_id(ref), ref->year, ref->month, fh_clock_now(),
                                 force, check_instance, &m, notify, notify_count, &v->bookings,
                                 &v->booking_count, by, err, errlen);
    if (r == FH_OK)
        r = show(ref, &m, v, err, errlen);
    free(notify);
    store_roster_free(&stored);
    model_free(&m);
    return r;
}

fh_result svc_roster_publish(const struct svc_roster_ref *ref, bool force, const char *by,
                             struct svc_roster_view *v, char *err, size_t errlen)
{
    struct svc_roster_ref w;
    memset(v, 0, sizeof *v);
    begin(ref, &w, true);
    fh_result r = publish(&w, force, by, v, err, errlen);
    return end(&w, true, r == FH_OK, r, err, errlen);
}

static fh_result edit(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                      const char *const *staff, size_t staff_count, int expected_version,
                      bool force, const char *by, struct svc_roster_view *v, char *err,
                      size_t errlen)
{
    struct model m;
    if (day < fh_day_from_ymd(ref->year, ref->month, 1) ||
        day >= fh_day_from_ymd(ref->year, ref->month, 1) + fh_days_in_month(ref->year, ref->month))
        return fh_fail(err, errlen, FH_EINVAL, "date: not in the roster's month");
    fh_result r = model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    int d = demand_index(&m, day, duty);
    struct store_roster stored = {0};
    /* A duty of a day that closed since (or whose window went) can still be
     * cleared; nobody can be put on it. */
    if (d < 0 && staff_count > 0)
        r = fh_fail(err, errlen, FH_EINVAL, "date: no %s window is open that day",
                    sched_duty_name(duty));
    for (size_t i = 0; r == FH_OK && i < staff_count; i++) {
        if (cfg_staff_index(m.roster, staff[i]) < 0)
            r = fh_fail(err, errlen, FH_EINVAL, "staff: no such person '%s'", staff[i]);
        else if (listed(staff, i, staff[i]))
            r = fh_fail(err, errlen, FH_EINVAL, "staff: '%s' named twice", staff[i]);
    }
    if (r == FH_OK)
        r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &stored, err,
                             errlen);
    if (r != FH_OK) {
        model_free(&m);
        return r;
    }
    /* The whole month as it would be, checked against the hard rules. */
    size_t n;
    struct sched_assignment *a = assignments_of(&m, &stored, d, &n);
    a = fh_realloc(a, (n + staff_count + 1) * sizeof *a);
    for (size_t i = 0; i < staff_count; i++)
        a[n++] = (struct sched_assignment){d, cfg_staff_index(m.roster, staff[i])};
    if (d >= 0)
        r = sched_roster_check(ref->office, ref->cal, &m.roster->rules, m.staff, m.staff_count,
                               m.demand, m.demand_count, a, n, err, errlen);
    free(a);

    /* Who hears of it: in a published month, whoever joins or leaves. */
    const char **notify = fh_calloc(stored.count + staff_count + 1, sizeof *notify);
    size_t notify_count = 0;
    if (stored.state == STORE_ROSTER_PUBLISHED) {
        const char **before = fh_calloc(stored.count + 1, sizeof *before);
        size_t before_count = 0;
        for (size_t i = 0; i < stored.count; i++)
            if (stored.duties[i].day == day && stored.duties[i].duty == duty)
                before[before_count++] = stored.duties[i].staff;
        for (size_t i = 0; i < before_count; i++)
            if (!listed(staff, staff_count, before[i]))
                add_notify(m.roster, before[i], notify, &notify_count);
        for (size_t i = 0; i < staff_count; i++)
            if (!listed(before, before_count, staff[i]))
                add_notify(m.roster, staff[i], notify, &notify_count);
        free(before);
    }
    if (r == FH_OK)
        r = store_roster_set_instance(ref->store, office_id(ref), day, duty, staff, staff_count,
                                      expected_version, force, check_instance, &m, notify,
                                      notify_count, fh_clock_now(), &v->bookings, &v->booking_count,
                                      by, err, errlen);
    if (r == FH_OK)
        r = show(ref, &m, v, err, errlen);
    free(notify);
    store_roster_free(&stored);
    model_free(&m);
    return r;
}

fh_result svc_roster_edit(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                          const char *const *staff, size_t staff_count, int expected_version,
                          bool force, const char *by, struct svc_roster_view *v, char *err,
                          size_t errlen)
{
    struct svc_roster_ref w;
    memset(v, 0, sizeof *v);
    begin(ref, &w, true);
    fh_result r =
        edit(&w, day, duty, staff, staff_count, expected_version, force, by, v, err, errlen);
    return end(&w, true, r == FH_OK, r, err, errlen);
}

/* The rule err names after "ID cannot take the DUTY duty of DATE: ". */
static const char *rule_of(const char *err)
{
    const char *colon = strrchr(err, ':');
    return colon != NULL ? colon + 2 : err;
}

/* The reasons sched_roster_check() gives, so that a candidate's why is a
 * static string the pages can translate. */
static const char *static_rule(const char *text)
{
    static const char *const rules[] = {
        "already on that duty",
        "banned from that duty by the manager",
        "on leave that day",
        "at the monthly cap of duties",
        "already on noon or evening duty that day",
        "already on another duty that day",
        "over the working days in a row",
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i], text) == 0)
            return rules[i];
    return "the roster's rules do not allow it";
}

fh_result svc_roster_candidates(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                                struct svc_roster_candidate **out, size_t *count, bool *open,
                                char *err, size_t errlen)
{
    struct svc_roster_ref w;
    struct model m;
    *out = NULL;
    *count = 0;
    *open = false;
    begin(ref, &w, false);
    fh_result r = model_load(&w, &m, err, errlen);
    if (r != FH_OK)
        return end(&w, false, false, r, err, errlen);
    struct store_roster stored;
    r = store_roster_get(w.store, office_id(&w), w.year, w.month, &stored, err, errlen);
    if (r != FH_OK) {
        model_free(&m);
        return end(&w, false, false, r, err, errlen);
    }
    int d = demand_index(&m, day, duty);
    *open = d >= 0;
    struct svc_roster_candidate *list = fh_calloc(m.staff_count + 1, sizeof *list);
    size_t n;
    /* The month without that instance, then the people on it now, then the
     * one asked about: a person is offered when joining those on it keeps
     * every hard rule (and the people on it may stay when they do). */
    struct sched_assignment *a = assignments_of(&m, &stored, d, &n);
    a = fh_realloc(a, (n + m.staff_count + 2) * sizeof *a);
    size_t base = n;
    for (size_t i = 0; i < stored.count && d >= 0; i++) {
        int s = cfg_staff_index(m.roster, stored.duties[i].staff);
        if (s >= 0 && stored.duties[i].day == day && stored.duties[i].duty == duty) {
            a[base++] = (struct sched_assignment){d, s};
            list[s].on = true;
        }
    }
    for (size_t s = 0; s < m.staff_count; s++) {
        struct svc_roster_candidate *c = &list[s];
        c->id = m.roster->staff[s].id;
        c->name = m.roster->staff[s].name;
        if (d < 0) {
            c->why = "no window of that duty opens that day";
            continue;
        }
        size_t k = base;
        if (!c->on)
            a[k++] = (struct sched_assignment){d, (int)s};
        char why[FH_ERR_LEN] = "";
        c->allowed = sched_roster_check(w.office, w.cal, &m.roster->rules, m.staff, m.staff_count,
                                        m.demand, m.demand_count, a, k, why, sizeof why) == FH_OK;
        /* A rule broken by somebody else (a stored roster that an older
         * configuration allowed) does not keep this person off. */
        if (!c->allowed && strncmp(why, c->id, strlen(c->id)) != 0 &&
            sched_roster_check(w.office, w.cal, &m.roster->rules, m.staff, m.staff_count, m.demand,
                               m.demand_count, a, base, NULL, 0) != FH_OK)
            c->allowed = true;
        if (!c->allowed)
            c->why = static_rule(rule_of(why));
    }
    free(a);
    *out = list;
    *count = m.staff_count;
    store_roster_free(&stored);
    model_free(&m);
    return end(&w, false, false, FH_OK, err, errlen);
}

/* ---- pins and bans -------------------------------------------------------------------- */

static fh_result pin_check(const struct svc_roster_ref *ref, fh_day day, const char *staff,
                           char *err, size_t errlen)
{
    int y, mo, d;
    fh_day_to_ymd(day, &y, &mo, &d);
    if (y != ref->year || mo != ref->month)
        return fh_fail(err, errlen, FH_EINVAL, "date: not in the roster's month");
    const struct cfg_roster *roster = cfg_office_roster(ref->cfg, office_id(ref));
    if (staff == NULL || roster == NULL || cfg_staff_index(roster, staff) < 0)
        return fh_fail(err, errlen, FH_EINVAL, "staff: %s",
                       staff == NULL ? "missing" : "no such person");
    return FH_OK;
}

fh_result svc_roster_pin(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                         const char *staff, bool forbid, const char *by, char *err, size_t errlen)
{
    fh_result r = pin_check(ref, day, staff, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_pin pin = {.day = day, .duty = duty, .forbid = forbid};
    snprintf(pin.staff, sizeof pin.staff, "%s", staff);
    return store_roster_pin_set(ref->store, office_id(ref), &pin, by, fh_clock_now(), err, errlen);
}

fh_result svc_roster_unpin(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                           const char *staff, const char *by, char *err, size_t errlen)
{
    int y, mo, d;
    fh_day_to_ymd(day, &y, &mo, &d);
    if (y != ref->year || mo != ref->month)
        return fh_fail(err, errlen, FH_EINVAL, "date: not in the roster's month");
    if (staff == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "staff: missing");
    return store_roster_pin_clear(ref->store, office_id(ref), day, duty, staff, by, fh_clock_now(),
                                  err, errlen);
}

fh_result svc_roster_pins(const struct svc_roster_ref *ref, struct store_pin **out, size_t *count,
                          char *err, size_t errlen)
{
    return store_roster_pins(ref->store, office_id(ref), ref->year, ref->month, out, count, err,
                             errlen);
}

/* ---- the holiday duty ------------------------------------------------------------------- */

fh_result svc_roster_holiday_staff(const struct svc_roster_ref *ref, fh_day day, const char *named,
                                   const char **staff, char *err, size_t errlen)
{
    struct model m;
    *staff = NULL;
    fh_result r = model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    int d = demand_index(&m, day, SCHED_DUTY_HOLIDAY);
    struct store_roster stored = {0};
    if (d < 0)
        r = fh_fail(err, errlen, FH_EREFUSED, "no holiday window is open that day");
    else
        r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &stored, err,
                             errlen);
    if (r == FH_OK) {
        size_t n;
        struct sched_assignment *a = assignments_of(&m, &stored, -1, &n);
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
    model_free(&m);
    return r;
}

/* ---- compensatory time -------------------------------------------------------------------- */

void svc_comp_ledger_free(struct svc_comp_person *list, size_t count)
{
    for (size_t i = 0; list != NULL && i < count; i++) {
        free(list[i].earnings);
        free(list[i].taken_list);
    }
    free(list);
}

/* One person's ledger; taken holds everybody's records. */
static fh_result person_ledger(struct store *st, const struct sched_calendar *cal,
                               const struct sched_office *office, const struct cfg_roster *roster,
                               const struct cfg_staff *s, const struct store_comp *taken, size_t nt,
                               fh_day today, struct svc_comp_person *p, char *err, size_t errlen)
{
    fh_day since = today - SVC_COMP_LOOKBACK_DAYS;
    struct store_duty *duties;
    size_t nd;
    p->id = s->id;
    p->name = s->name;
    fh_result r = store_duties_of(st, sched_office_spec(office)->id, s->id, since, today, &duties,
                                  &nd, err, errlen);
    if (r != FH_OK)
        return r;
    p->earnings = fh_calloc(nd + 1, sizeof *p->earnings);
    for (size_t k = 0; k < nd; k++) {
        struct svc_comp_earning *e = &p->earnings[p->earning_count++];
        e->day = duties[k].day;
        e->duty = duties[k].duty;
        e->minutes = sched_duty_comp(office, cal, &roster->rules, e->day, e->duty);
        e->take_by = e->day + roster->comp_weeks * 7;
        p->earned += e->minutes;
    }
    free(duties);
    /* The same year as the time earned, so that the balance adds up. */
    p->taken_list = fh_calloc(nt + 1, sizeof *p->taken_list);
    for (size_t k = 0; k < nt; k++) {
        if (strcmp(taken[k].staff, s->id) != 0 || taken[k].day < since)
            continue;
        p->taken_list[p->taken_count++] = taken[k];
        p->taken += taken[k].minutes;
    }
    p->owed = p->earned - p->taken;
    /* Time taken pays off the oldest earnings first. */
    int pay = p->taken;
    for (size_t k = 0; k < p->earning_count; k++) {
        struct svc_comp_earning *e = &p->earnings[k];
        int used = pay < e->minutes ? pay : e->minutes;
        pay -= used;
        e->left = e->minutes - used;
        e->overdue = e->left > 0 && e->take_by < today;
        if (e->overdue)
            p->overdue += e->left;
    }
    return FH_OK;
}

fh_result svc_comp_ledger(const struct fh_config *cfg, struct store *st,
                          const struct sched_calendar *cal, const struct sched_office *office,
                          const char *only, fh_day today, struct svc_comp_person **out,
                          size_t *count, char *err, size_t errlen)
{
    const char *id = sched_office_spec(office)->id;
    const struct cfg_roster *roster = cfg_office_roster(cfg, id);
    *out = NULL;
    *count = 0;
    if (roster == NULL || (only != NULL && cfg_staff_index(roster, only) < 0))
        return fh_fail(err, errlen, FH_EINVAL, "staff: no such person");
    struct store_comp *taken;
    size_t nt;
    fh_result r = store_comp_list(st, id, only, &taken, &nt, err, errlen);
    if (r != FH_OK)
        return r;
    struct svc_comp_person *list = fh_calloc(roster->staff_count + 1, sizeof *list);
    size_t n = 0;
    for (size_t i = 0; i < roster->staff_count && r == FH_OK; i++) {
        if (only != NULL && strcmp(only, roster->staff[i].id) != 0)
            continue;
        r = person_ledger(st, cal, office, roster, &roster->staff[i], taken, nt, today, &list[n++],
                          err, errlen);
    }
    free(taken);
    if (r != FH_OK) {
        svc_comp_ledger_free(list, n);
        return r;
    }
    *out = list;
    *count = n;
    return FH_OK;
}

/* A note is text of a line, as a name is. */
#define COMP_NOTE_MAX 190

const char *svc_comp_check(const struct fh_config *cfg, const struct sched_office *office,
                           const struct svc_comp_input *in, const char **why)
{
    const struct cfg_roster *roster = cfg_office_roster(cfg, sched_office_spec(office)->id);
    fh_day day;
    if (in->staff == NULL || roster == NULL || cfg_staff_index(roster, in->staff) < 0) {
        *why = in->staff == NULL ? "missing" : "no such person";
        return "staff";
    }
    if ((*why = in->date == NULL ? "missing (YYYY-MM-DD)" : fh_parse_date(in->date, &day)) != NULL)
        return "date";
    if (in->minutes < 1 || in->minutes > 1440) {
        *why = "must be a whole number of minutes, 1 to 1440";
        return "minutes";
    }
    if (in->note != NULL && (strlen(in->note) > COMP_NOTE_MAX || val_name(in->note) != NULL)) {
        *why = "must be text of at most 190 bytes";
        return "note";
    }
    return NULL;
}

fh_result svc_comp_take(struct svc *s, const struct sched_office *office,
                        const struct svc_comp_input *in, const char *by, const char **field,
                        char *err, size_t errlen)
{
    const char *why;
    *field = svc_comp_check(s->cfg, office, in, &why);
    if (*field != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "%s", why);
    fh_day day;
    fh_parse_date(in->date, &day);
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_day today = fh_day_of(fh_local_from_utc(fh_clock_now(), o->utc_offset));
    /* Under the change lock: the duties that earn time and every take go
     * through it, so the balance read here is the one the take spends. */
    svc_change_begin(s);
    const struct sched_calendar *cal = svc_calendar_hold(s);
    struct svc_comp_person *p = NULL;
    size_t n = 0;
    fh_result r =
        svc_comp_ledger(s->cfg, s->store, cal, office, in->staff, today, &p, &n, err, errlen);
    svc_calendar_release(s);
    if (r == FH_OK && (n != 1 || in->minutes > p[0].owed)) {
        *field = "minutes";
        r = fh_fail(err, errlen, FH_EREFUSED,
                    "more than is owed: %s is owed %d minutes of compensatory time", in->staff,
                    n == 1 ? p[0].owed : 0);
    }
    svc_comp_ledger_free(p, n);
    if (r == FH_OK)
        r = store_comp_take(s->store, o->id, in->staff, day, (int)in->minutes,
                            in->note != NULL ? in->note : "", by, fh_clock_now(), err, errlen);
    svc_change_end(s);
    return r;
}
