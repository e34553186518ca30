/* api_roster.c: a month's roster, from the configured staff, the bookings,
 * the manager's pins and the stored roster to the scheduler's solver and
 * checks and back to the store; shared by the manager API and
 * `flexhours roster`. */
#include "api/api_roster.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The month of ref as svc names it. */
static struct svc_roster_month month_of(const struct api_roster_ref *ref)
{
    return (struct svc_roster_month){ref->cfg,    ref->store, ref->cal,
                                     ref->office, ref->year,  ref->month};
}

static const char *office_id(const struct api_roster_ref *ref)
{
    return sched_office_spec(ref->office)->id;
}

static fh_result model_load(const struct api_roster_ref *ref, struct svc_roster_model *m, char *err,
                            size_t errlen)
{
    struct svc_roster_month mo = month_of(ref);
    return svc_roster_model_load(&mo, m, err, errlen);
}

/* An office without configured staff does not roster its duties: a roster
 * of nobody would close its noon, evening and Saturday windows. */
static fh_result require_staff(const struct svc_roster_model *m, char *err, size_t errlen)
{
    if (m->staff_count > 0)
        return FH_OK;
    return fh_fail(err, errlen, FH_EINVAL, "the office has no staff configured to roster");
}

/* The model and the month's stored roster together; on failure neither is
 * held. */
static fh_result load_month(const struct api_roster_ref *ref, struct svc_roster_model *m,
                            struct store_roster *stored, char *err, size_t errlen)
{
    fh_result r = model_load(ref, m, err, errlen);
    if (r != FH_OK)
        return r;
    r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, stored, err, errlen);
    if (r != FH_OK)
        svc_roster_model_free(m);
    return r;
}

static json_t *date_json(fh_day d)
{
    char s[FH_DATE_LEN];
    fh_format_date(d, s);
    return json_string(s);
}

static json_t *roster_json(const struct api_roster_ref *ref, const struct svc_roster_model *m,
                           const struct store_roster *stored, const struct sched_shortfall *sf,
                           size_t sf_count)
{
    char month[16];
    snprintf(month, sizeof month, "%04d-%02d", ref->year, ref->month);
    json_t *assignments = json_array();
    int *duties = fh_calloc(m->staff_count + 1, sizeof *duties);
    int *weighted = fh_calloc(m->staff_count + 1, sizeof *weighted);
    int *comp = fh_calloc(m->staff_count + 1, sizeof *comp);
    for (size_t i = 0; i < stored->count; i++) {
        const struct store_duty *d = &stored->duties[i];
        json_array_append_new(assignments,
                              json_pack("{s:o, s:s, s:s}", "date", date_json(d->day), "duty",
                                        sched_duty_name(d->duty), "staff", d->staff));
        int s = cfg_staff_index(m->roster, d->staff);
        if (s >= 0 && (unsigned)d->duty < SCHED_DUTY_COUNT) {
            duties[s]++;
            weighted[s] += m->roster->rules.weight[d->duty];
            comp[s] += sched_duty_comp(ref->office, ref->cal, &m->roster->rules, d->day, d->duty);
        }
    }
    json_t *shortfalls = json_array();
    for (size_t i = 0; i < sf_count; i++) {
        const struct sched_demand *d = &m->demand[sf[i].demand];
        json_t *e = json_pack("{s:o, s:s, s:i, s:i, s:s}", "date", date_json(d->day), "duty",
                              sched_duty_name(d->duty), "needed", d->needed, "assigned",
                              sf[i].assigned, "reason", sched_short_reason_code(sf[i].reason));
        if (sf[i].service >= 0)
            json_object_set_new(
                e, "service",
                json_string(sched_office_spec(ref->office)->services[sf[i].service].id));
        json_array_append_new(shortfalls, e);
    }
    json_t *people = json_array();
    int lo = 0, hi = 0;
    for (size_t s = 0; s < m->staff_count; s++) {
        json_array_append_new(people,
                              json_pack("{s:s, s:s, s:i, s:i, s:i}", "id", m->roster->staff[s].id,
                                        "name", m->roster->staff[s].name, "duties", duties[s],
                                        "weighted", weighted[s], "comp_minutes", comp[s]));
        if (s == 0 || weighted[s] < lo)
            lo = weighted[s];
        if (s == 0 || weighted[s] > hi)
            hi = weighted[s];
    }
    free(duties);
    free(weighted);
    free(comp);
    return json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:i}", "office", office_id(ref), "month",
                     month, "state", store_roster_state_name(stored->state), "version",
                     stored->version, "assignments", assignments, "shortfalls", shortfalls, "staff",
                     people, "spread", hi - lo);
}

/* The roster as stored, its shortfalls explained by the scheduler. */
static fh_result show(const struct api_roster_ref *ref, const struct svc_roster_model *m,
                      json_t **doc, char *err, size_t errlen)
{
    struct store_roster stored;
    fh_result r =
        store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &stored, err, errlen);
    if (r != FH_OK)
        return r;
    size_t n;
    struct sched_assignment *a = svc_roster_assignments(m, &stored, -1, &n);
    struct sched_shortfall *sf = NULL;
    size_t sf_count = 0;
    r = sched_roster_explain(ref->office, ref->cal, &m->roster->rules, m->staff, m->staff_count,
                             m->demand, m->demand_count, a, n, &sf, &sf_count);
    if (r == FH_OK)
        *doc = roster_json(ref, m, &stored, sf, sf_count);
    else
        fh_fail(err, errlen, r, "explaining the shortfalls failed");
    free(sf);
    free(a);
    store_roster_free(&stored);
    return r;
}

fh_result api_roster_show(const struct api_roster_ref *ref, json_t **doc, char *err, size_t errlen)
{
    struct svc_roster_model m;
    *doc = NULL;
    fh_result r = model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    r = show(ref, &m, doc, err, errlen);
    svc_roster_model_free(&m);
    return r;
}

/* The month's pins and bans as the solver takes them; those naming a person
 * or a window instance that no longer exists are left out. */
static struct sched_pin *pins_of(const struct api_roster_ref *ref, const struct svc_roster_model *m,
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
        int d = svc_roster_demand_index(m, stored[i].day, stored[i].duty);
        int s = cfg_staff_index(m->roster, stored[i].staff);
        if (d >= 0 && s >= 0)
            pins[(*count)++] = (struct sched_pin){d, s, stored[i].forbid};
    }
    free(stored);
    return pins;
}

fh_result api_roster_generate(const struct api_roster_ref *ref, json_t **doc, char *err,
                              size_t errlen)
{
    struct svc_roster_model m;
    struct store_roster before;
    *doc = NULL;
    fh_result r = load_month(ref, &m, &before, err, errlen);
    if (r != FH_OK)
        return r;
    if (before.state == STORE_ROSTER_PUBLISHED || require_staff(&m, err, errlen) != FH_OK) {
        r = before.state == STORE_ROSTER_PUBLISHED
                ? fh_fail(err, errlen, FH_ECONFLICT,
                          "the month's roster is published: it changes by edits only")
                : FH_EINVAL;
        store_roster_free(&before);
        svc_roster_model_free(&m);
        return r;
    }
    size_t pin_count;
    struct sched_pin *pins = pins_of(ref, &m, &pin_count, &r, err, errlen);
    /* Duties set by hand (an edit, a person dispatched to a holiday wedding)
     * are kept like pins: solving again must not take them away. */
    if (r == FH_OK) {
        pins = fh_realloc(pins, (pin_count + before.count + 1) * sizeof *pins);
        for (size_t i = 0; i < before.count; i++) {
            int d = svc_roster_demand_index(&m, before.duties[i].day, before.duties[i].duty);
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
                                    solved.assignment_count, err, errlen);
        free(duties);
    }
    struct store_roster stored;
    if (r == FH_OK)
        r = store_roster_get(ref->store, office_id(ref), ref->year, ref->month, &stored, err,
                             errlen);
    if (r == FH_OK) {
        *doc = roster_json(ref, &m, &stored, solved.shortfalls, solved.shortfall_count);
        json_object_set_new(*doc, "fairness",
                            json_pack("{s:i, s:i, s:i, s:i}", "spread", solved.spread, "bound",
                                      solved.spread_bound, "preferences_total", solved.prefs_total,
                                      "preferences_honoured", solved.prefs_honoured));
        store_roster_free(&stored);
    }
    sched_roster_free(&solved);
    free(pins);
    svc_roster_model_free(&m);
    return r;
}

json_t *api_roster_booking_json(const struct sched_office *office, const struct store_booking *b)
{
    char start[FH_TIME_LEN];
    fh_format_local(b->start, sched_office_spec(office)->utc_offset, start);
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", b->code, "start", start, "service",
                     b->service, "window", b->window, "status", store_status_name(b->status));
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
    const struct svc_roster_model *m = arg;
    int d = svc_roster_demand_index(m, day, duty);
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

static json_t *bookings_json(const struct sched_office *office, const struct store_booking *b,
                             size_t count)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, api_roster_booking_json(office, &b[i]));
    return list;
}

fh_result api_roster_publish(const struct api_roster_ref *ref, bool force, json_t **doc, char *err,
                             size_t errlen)
{
    struct svc_roster_model m;
    struct store_roster stored;
    *doc = NULL;
    fh_result r = load_month(ref, &m, &stored, err, errlen);
    if (r != FH_OK)
        return r;
    if (stored.state == STORE_ROSTER_DRAFT && require_staff(&m, err, errlen) != FH_OK) {
        store_roster_free(&stored);
        svc_roster_model_free(&m);
        return FH_EINVAL;
    }
    if (stored.state != STORE_ROSTER_DRAFT) {
        r = stored.state == STORE_ROSTER_NONE
                ? fh_fail(err, errlen, FH_ENOTFOUND, "the month has no roster: generate it first")
                : fh_fail(err, errlen, FH_ECONFLICT, "the month's roster is already published");
        store_roster_free(&stored);
        svc_roster_model_free(&m);
        return r;
    }
    const char **notify = fh_calloc(stored.count + 1, sizeof *notify);
    size_t notify_count = 0;
    for (size_t i = 0; i < stored.count; i++)
        add_notify(m.roster, stored.duties[i].staff, notify, &notify_count);
    struct store_booking *over = NULL;
    size_t over_count = 0;
    r = store_roster_publish(ref->store, office_id(ref), ref->year, ref->month, fh_clock_now(),
                             force, check_instance, &m, notify, notify_count, &over, &over_count,
                             err, errlen);
    json_t *list = bookings_json(ref->office, over, over_count);
    if (r == FH_EREFUSED)
        *doc = json_pack("{s:O}", "bookings", list);
    else if (r == FH_OK)
        r = show(ref, &m, doc, err, errlen);
    if (r == FH_OK && over_count > 0)
        json_object_set(*doc, "overbooked", list);
    json_decref(list);
    free(over);
    free(notify);
    store_roster_free(&stored);
    svc_roster_model_free(&m);
    return r;
}

fh_result api_roster_edit(const struct api_roster_ref *ref, fh_day day, enum sched_duty duty,
                          const char *const *staff, size_t staff_count, int expected_version,
                          bool force, json_t **doc, char *err, size_t errlen)
{
    struct svc_roster_model m;
    *doc = NULL;
    if (day < fh_day_from_ymd(ref->year, ref->month, 1) ||
        day >= fh_day_from_ymd(ref->year, ref->month, 1) + fh_days_in_month(ref->year, ref->month))
        return fh_fail(err, errlen, FH_EINVAL, "date: not in the roster's month");
    fh_result r = model_load(ref, &m, err, errlen);
    if (r != FH_OK)
        return r;
    int d = svc_roster_demand_index(&m, day, duty);
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
        svc_roster_model_free(&m);
        return r;
    }
    /* The whole month as it would be, checked against the hard rules. */
    size_t n;
    struct sched_assignment *a = svc_roster_assignments(&m, &stored, d, &n);
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
    struct store_booking *over = NULL;
    size_t over_count = 0;
    if (r == FH_OK)
        r = store_roster_set_instance(ref->store, office_id(ref), day, duty, staff, staff_count,
                                      expected_version, force, check_instance, &m, notify,
                                      notify_count, fh_clock_now(), &over, &over_count, err,
                                      errlen);
    json_t *list = bookings_json(ref->office, over, over_count);
    if (r == FH_EREFUSED) {
        *doc = json_pack("{s:O}", "bookings", list);
    } else if (r == FH_OK) {
        r = show(ref, &m, doc, err, errlen);
        if (r == FH_OK && over_count > 0)
            json_object_set(*doc, "overbooked", list);
    }
    json_decref(list);
    free(over);
    free(notify);
    store_roster_free(&stored);
    svc_roster_model_free(&m);
    return r;
}

/* ---- the table for people ---------------------------------------------------- */

static char duty_letter(const char *duty)
{
    enum sched_duty d;
    static const char letters[SCHED_DUTY_COUNT] = {'N', 'E', 'S', 'H'};
    return sched_duty_parse(duty, &d) == NULL ? letters[d] : '?';
}

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    *buf = fh_grow(*buf, 1, cap, *len + (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
}

char *api_roster_table(const struct api_roster_ref *ref, const json_t *doc)
{
    static const char *const weekday_letters[8] = {"", "M", "T", "W", "T", "F", "S", "S"};
    const struct cfg_roster *roster = cfg_office_roster(ref->cfg, office_id(ref));
    fh_day first = fh_day_from_ymd(ref->year, ref->month, 1);
    int days = fh_days_in_month(ref->year, ref->month);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    size_t staff_count = roster != NULL ? roster->staff_count : 0;
    append(&buf, &len, &cap, "%s %s: %s, version %d\n", office_id(ref),
           json_string_value(json_object_get(doc, "month")),
           json_string_value(json_object_get(doc, "state")),
           (int)json_integer_value(json_object_get(doc, "version")));
    append(&buf, &len, &cap, "%-20s", "");
    for (int i = 0; i < days; i++)
        append(&buf, &len, &cap, "%3d", i + 1);
    append(&buf, &len, &cap, "  duties\n%-20s", "");
    for (int i = 0; i < days; i++)
        append(&buf, &len, &cap, "%3s", weekday_letters[fh_weekday(first + i)]);
    append(&buf, &len, &cap, "\n");
    char *row = fh_calloc((size_t)days + 1, 1);
    json_t *assignments = json_object_get(doc, "assignments");
    for (size_t s = 0; s < staff_count; s++) {
        memset(row, '.', (size_t)days);
        int count = 0;
        size_t i;
        json_t *a;
        json_array_foreach(assignments, i, a)
        {
            fh_day day;
            if (strcmp(json_string_value(json_object_get(a, "staff")), roster->staff[s].id) != 0 ||
                fh_parse_date(json_string_value(json_object_get(a, "date")), &day) != NULL ||
                day < first || day >= first + days)
                continue;
            /* Two duties on one day (a Saturday morning and the holiday
             * on-call of that Saturday) show as '+'. */
            char letter = duty_letter(json_string_value(json_object_get(a, "duty")));
            row[day - first] = row[day - first] == '.' ? letter : '+';
            count++;
        }
        append(&buf, &len, &cap, "%-20.20s", roster->staff[s].id);
        for (int d = 0; d < days; d++)
            append(&buf, &len, &cap, "%3c", row[d]);
        append(&buf, &len, &cap, "  %d\n", count);
    }
    free(row);
    append(&buf, &len, &cap, "N noon, E evening, S Saturday, H holiday duty, + two duties\n");
    json_t *shortfalls = json_object_get(doc, "shortfalls");
    if (json_array_size(shortfalls) == 0)
        append(&buf, &len, &cap, "every window instance is staffed\n");
    size_t i;
    json_t *sf;
    json_array_foreach(shortfalls, i, sf)
    {
        append(&buf, &len, &cap, "short: %s %s needs %d, has %d: %s\n",
               json_string_value(json_object_get(sf, "date")),
               json_string_value(json_object_get(sf, "duty")),
               (int)json_integer_value(json_object_get(sf, "needed")),
               (int)json_integer_value(json_object_get(sf, "assigned")),
               json_string_value(json_object_get(sf, "reason")));
    }
    json_t *fair = json_object_get(doc, "fairness");
    if (fair != NULL)
        append(&buf, &len, &cap, "spread %d (best possible %d), preferences honoured %d of %d\n",
               (int)json_integer_value(json_object_get(fair, "spread")),
               (int)json_integer_value(json_object_get(fair, "bound")),
               (int)json_integer_value(json_object_get(fair, "preferences_honoured")),
               (int)json_integer_value(json_object_get(fair, "preferences_total")));
    return buf;
}
