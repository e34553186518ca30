/* sched_office.c: validates an office's spec and compiles it into the
 * read-only struct sched_office (a deep copy plus lookup tables). Every error
 * names its path inside the office ("windows[2].end: before start"). */
#include "scheduler/sched_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CAPACITY        1000
#define MAX_RULE_DAYS       366
#define MAX_SERVICE_MINUTES 480
#define MAX_PERSON_LIMIT    100
/* Office days a marriage may be filed ahead of its designated date: the
 * law's 3, with room for an office that allows a little more. */
#define MAX_DESIGNATED_DAYS 10

/* ---- validation ---------------------------------------------------------- */

static bool valid_id(const char *s, bool allow_dash, bool allow_underscore)
{
    size_t n = s != NULL ? strlen(s) : 0;
    if (n == 0 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || (allow_dash && c == '-') ||
              (allow_underscore && c == '_')))
            return false;
    }
    return true;
}

static bool nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static fh_result check_rule(const struct sched_rule *r, const char *path, char *err, size_t errlen)
{
    if (r->days < 0 || r->days > MAX_RULE_DAYS)
        return fh_fail(err, errlen, FH_EINVAL, "%s.days: must be 0 to %d", path, MAX_RULE_DAYS);
    if (r->at != SCHED_AT_SLOT_TIME && (r->at < 0 || r->at >= FH_MINUTES_PER_DAY))
        return fh_fail(err, errlen, FH_EINVAL, "%s.at: not a time of day", path);
    return FH_OK;
}

/* Whether booking opens (horizon) no earlier than it closes (cut-off) for
 * every slot. N working days before a date lie at least N calendar days
 * before it, so a horizon in calendar days can be compared with a cut-off
 * in working days; the other way round depends on the calendar. */
static bool never_opens(const struct sched_rule *horizon, const struct sched_rule *cutoff)
{
    if (horizon->working_days && !cutoff->working_days)
        return false;
    if (horizon->days != cutoff->days)
        return horizon->days < cutoff->days;
    if (horizon->working_days != cutoff->working_days)
        return horizon->at != SCHED_AT_SLOT_TIME && cutoff->at != SCHED_AT_SLOT_TIME &&
               horizon->at >= cutoff->at;
    if (horizon->at == SCHED_AT_SLOT_TIME || cutoff->at == SCHED_AT_SLOT_TIME)
        return horizon->at == cutoff->at;
    return horizon->at >= cutoff->at;
}

static int service_index(const struct sched_office_spec *spec, const char *id)
{
    for (size_t i = 0; i < spec->service_count; i++)
        if (strcmp(spec->services[i].id, id) == 0)
            return (int)i;
    return -1;
}

static fh_result check_window(const struct sched_office_spec *spec,
                              const struct sched_window_spec *w, const char *path, char *err,
                              size_t errlen)
{
    char sub[64];
    fh_result r;

    if ((unsigned)w->name >= SCHED_WIN_NAME_COUNT)
        return fh_fail(err, errlen, FH_EINVAL, "%s.name: unknown window name", path);
    if (w->date == FH_NO_DAY) {
        if ((w->day_types & ((1u << SCHED_DAY_TYPE_COUNT) - 1)) == 0)
            return fh_fail(err, errlen, FH_EINVAL, "%s.days: names no day type", path);
        if ((w->weekdays & 0xFEu) == 0)
            return fh_fail(err, errlen, FH_EINVAL, "%s.weekdays: names no weekday", path);
    }
    if (w->start < 0 || w->start >= FH_MINUTES_PER_DAY)
        return fh_fail(err, errlen, FH_EINVAL, "%s.start: not a time of day", path);
    if (w->end > FH_MINUTES_PER_DAY)
        return fh_fail(err, errlen, FH_EINVAL, "%s.end: not a time of day", path);
    if (w->end <= w->start)
        return fh_fail(err, errlen, FH_EINVAL, "%s.end: not after start", path);
    if (w->slot_minutes < 5 || w->slot_minutes > 240)
        return fh_fail(err, errlen, FH_EINVAL, "%s.slot_minutes: must be 5 to 240", path);
    if ((w->end - w->start) % w->slot_minutes != 0)
        return fh_fail(err, errlen, FH_EINVAL,
                       "%s.slot_minutes: the window is not a whole number of slots", path);
    if (w->capacity < 1 || w->capacity > MAX_CAPACITY)
        return fh_fail(err, errlen, FH_EINVAL, "%s.capacity: must be 1 to %d", path, MAX_CAPACITY);
    if (w->service_count == 0)
        return fh_fail(err, errlen, FH_EINVAL, "%s.services: accepts no service", path);
    for (size_t i = 0; i < w->service_count; i++) {
        int s = service_index(spec, w->services[i] != NULL ? w->services[i] : "");
        if (s < 0)
            return fh_fail(err, errlen, FH_EINVAL, "%s.services[%zu]: unknown service '%s'", path,
                           i, w->services[i] != NULL ? w->services[i] : "");
        if (spec->services[s].minutes > w->end - w->start)
            return fh_fail(err, errlen, FH_EINVAL,
                           "%s.services[%zu]: %s takes %d minutes, longer than the window", path, i,
                           w->services[i], spec->services[s].minutes);
    }
    snprintf(sub, sizeof sub, "%s.horizon", path);
    if ((r = check_rule(&w->horizon, sub, err, errlen)) != FH_OK)
        return r;
    snprintf(sub, sizeof sub, "%s.cutoff", path);
    if ((r = check_rule(&w->cutoff, sub, err, errlen)) != FH_OK)
        return r;
    if (never_opens(&w->horizon, &w->cutoff))
        return fh_fail(err, errlen, FH_EINVAL,
                       "%s.horizon: booking would open only after the cut-off", path);
    unsigned all_kinds = (1u << SCHED_KIND_COUNT) - 1;
    if ((w->suspend_on & ~all_kinds) != 0 || (w->only_on & ~all_kinds) != 0)
        return fh_fail(err, errlen, FH_EINVAL, "%s: unknown kind of day", path);
    if (w->only_on != 0 && (w->only_on & ~w->suspend_on) == 0)
        return fh_fail(err, errlen, FH_EINVAL,
                       "%s.only_on: every kind it opens on is also in suspend_on", path);
    return FH_OK;
}

/* A draw's instants: a time of day each, in the order opens, closes,
 * release; both on or before the date. */
static fh_result check_instant(const struct sched_instant *t, size_t i, const char *name, char *err,
                               size_t errlen)
{
    if (t->at < 0 || t->at >= FH_MINUTES_PER_DAY)
        return fh_fail(err, errlen, FH_EINVAL,
                       "releases[%zu].release.draw.%s.at: not a time of day", i, name);
    if (t->on == FH_NO_DAY && (t->days_before < 0 || t->days_before > MAX_RULE_DAYS))
        return fh_fail(err, errlen, FH_EINVAL,
                       "releases[%zu].release.draw.%s.days_before: must be 0 to %d", i, name,
                       MAX_RULE_DAYS);
    return FH_OK;
}

static fh_result check_draw(const struct sched_release *a, size_t i, char *err, size_t errlen)
{
    if (!a->draw)
        return FH_OK;
    fh_result r = check_instant(&a->draw_opens, i, "opens", err, errlen);
    if (r == FH_OK)
        r = check_instant(&a->draw_closes, i, "closes", err, errlen);
    if (r != FH_OK)
        return r;
    fh_minute opens = sched_instant_of(&a->draw_opens, a->date);
    fh_minute closes = sched_instant_of(&a->draw_closes, a->date);
    /* Requests need a period to be made in, and what the draw leaves opens
     * to first come only after the draw has given its places. */
    if (opens >= closes)
        return fh_fail(err, errlen, FH_EINVAL,
                       "releases[%zu].release.draw: opens must be before closes", i);
    if (closes >= sched_release_instant(a))
        return fh_fail(err, errlen, FH_EINVAL,
                       "releases[%zu].release.draw.closes: must be before the release, which "
                       "opens what the draw leaves to first come",
                       i);
    return FH_OK;
}

/* Two windows that can both be open on one day must not overlap in time:
 * each booking's start then names exactly one window instance. */
static bool may_share_a_day(const struct sched_window_spec *a, const struct sched_window_spec *b)
{
    if ((a->day_types & b->day_types) == 0 || (a->weekdays & b->weekdays) == 0)
        return false;
    if (a->only_on != 0 && (a->only_on & ~b->suspend_on) == 0)
        return false;
    if (b->only_on != 0 && (b->only_on & ~a->suspend_on) == 0)
        return false;
    return true;
}

static fh_result check_spec(const struct sched_office_spec *spec, char *err, size_t errlen)
{
    char path[64];
    fh_result r;

    if (!valid_id(spec->id, true, false))
        return fh_fail(err, errlen, FH_EINVAL,
                       "id: must be 1 to 63 characters of a-z, 0-9 and '-'");
    if (!nonempty(spec->name_zh) || !nonempty(spec->name_en))
        return fh_fail(err, errlen, FH_EINVAL, "name: needs both zh and en");
    if (spec->utc_offset < -14 * 60 || spec->utc_offset > 14 * 60)
        return fh_fail(err, errlen, FH_EINVAL, "timezone: UTC offset out of range");
    if (spec->service_count == 0)
        return fh_fail(err, errlen, FH_EINVAL, "services: the office offers no service");
    if (spec->service_count > SCHED_MAX_SERVICES)
        return fh_fail(err, errlen, FH_EINVAL, "services: more than %d", SCHED_MAX_SERVICES);
    if (spec->window_count + spec->extra_opening_count > SCHED_MAX_WINDOWS)
        return fh_fail(err, errlen, FH_EINVAL, "windows: more than %d with extra openings",
                       SCHED_MAX_WINDOWS);
    if (spec->window_count == 0 && spec->extra_opening_count == 0)
        return fh_fail(err, errlen, FH_EINVAL, "windows: the office has no window");
    if (spec->per_person_per_day < 0 || spec->per_person_per_day > MAX_PERSON_LIMIT)
        return fh_fail(err, errlen, FH_EINVAL, "limits.per_person_per_day: must be 0 to %d",
                       MAX_PERSON_LIMIT);
    if (spec->per_person_per_service < 0 || spec->per_person_per_service > MAX_PERSON_LIMIT)
        return fh_fail(err, errlen, FH_EINVAL, "limits.per_person_per_service: must be 0 to %d",
                       MAX_PERSON_LIMIT);
    const struct sched_no_show_policy *ns = &spec->no_show;
    if (ns->count < 0 || ns->count > MAX_PERSON_LIMIT)
        return fh_fail(err, errlen, FH_EINVAL, "no_show_policy.count: must be 0 to %d",
                       MAX_PERSON_LIMIT);
    /* A policy that counts needs a window and a length to mean anything. */
    if (ns->count > 0 && (ns->within_days < 1 || ns->within_days > 3660))
        return fh_fail(err, errlen, FH_EINVAL, "no_show_policy.within_days: must be 1 to 3660");
    if (ns->count > 0 && (ns->suspend_days < 1 || ns->suspend_days > 3660))
        return fh_fail(err, errlen, FH_EINVAL, "no_show_policy.suspend_days: must be 1 to 3660");

    for (size_t i = 0; i < spec->service_count; i++) {
        const struct sched_service_spec *s = &spec->services[i];
        if (!valid_id(s->id, false, true))
            return fh_fail(err, errlen, FH_EINVAL,
                           "services[%zu].id: must be 1 to 63 characters of a-z, 0-9 and '_'", i);
        if (service_index(spec, s->id) != (int)i)
            return fh_fail(err, errlen, FH_EINVAL, "services[%zu].id: '%s' appears twice", i,
                           s->id);
        if (!nonempty(s->name_zh) || !nonempty(s->name_en))
            return fh_fail(err, errlen, FH_EINVAL, "services[%zu].name: needs both zh and en", i);
        if (s->minutes < 1 || s->minutes > MAX_SERVICE_MINUTES)
            return fh_fail(err, errlen, FH_EINVAL, "services[%zu].minutes: must be 1 to %d", i,
                           MAX_SERVICE_MINUTES);
        for (size_t j = 0; j < s->document_count; j++)
            if (!nonempty(s->documents[j].zh) || !nonempty(s->documents[j].en))
                return fh_fail(err, errlen, FH_EINVAL,
                               "services[%zu].documents[%zu]: needs both zh and en", i, j);
    }
    for (size_t i = 0; i < spec->window_count; i++) {
        snprintf(path, sizeof path, "windows[%zu]", i);
        if (spec->windows[i].date != FH_NO_DAY)
            return fh_fail(err, errlen, FH_EINVAL,
                           "%s.date: a window on one date belongs in extra_openings", path);
        if ((r = check_window(spec, &spec->windows[i], path, err, errlen)) != FH_OK)
            return r;
    }
    for (size_t i = 0; i < spec->extra_opening_count; i++) {
        snprintf(path, sizeof path, "extra_openings[%zu]", i);
        if (spec->extra_openings[i].date == FH_NO_DAY)
            return fh_fail(err, errlen, FH_EINVAL, "%s.date: missing", path);
        if ((r = check_window(spec, &spec->extra_openings[i], path, err, errlen)) != FH_OK)
            return r;
    }
    for (size_t i = 0; i < spec->window_count; i++) {
        const struct sched_window_spec *a = &spec->windows[i];
        for (size_t j = i + 1; j < spec->window_count; j++) {
            const struct sched_window_spec *b = &spec->windows[j];
            if (a->start < b->end && b->start < a->end && may_share_a_day(a, b))
                return fh_fail(err, errlen, FH_EINVAL,
                               "windows[%zu]: overlaps windows[%zu] on the same days", j, i);
            /* The roster staffs one window instance per duty and day. */
            if (a->name == b->name && sched_window_duty(a->name) != SCHED_DUTY_NONE &&
                may_share_a_day(a, b))
                return fh_fail(err, errlen, FH_EINVAL,
                               "windows[%zu]: a second %s window on the same days as "
                               "windows[%zu] (its duty is staffed once a day: make it one window)",
                               j, sched_window_name_str(b->name), i);
        }
    }
    for (size_t i = 0; i < spec->extra_opening_count; i++) {
        const struct sched_window_spec *a = &spec->extra_openings[i];
        for (size_t j = i + 1; j < spec->extra_opening_count; j++) {
            const struct sched_window_spec *b = &spec->extra_openings[j];
            if (a->date == b->date && a->start < b->end && b->start < a->end)
                return fh_fail(err, errlen, FH_EINVAL,
                               "extra_openings[%zu]: overlaps extra_openings[%zu]", j, i);
            if (a->date == b->date && a->name == b->name &&
                sched_window_duty(a->name) != SCHED_DUTY_NONE)
                return fh_fail(err, errlen, FH_EINVAL,
                               "extra_openings[%zu]: a second %s opening on the date of "
                               "extra_openings[%zu] (its duty is staffed once a day)",
                               j, sched_window_name_str(b->name), i);
        }
    }
    for (size_t i = 0; i < spec->closure_count; i++)
        if (spec->closures[i].date == FH_NO_DAY)
            return fh_fail(err, errlen, FH_EINVAL, "closures[%zu].date: missing", i);
    for (size_t i = 0; i < spec->release_count; i++) {
        const struct sched_release *a = &spec->releases[i];
        if (a->date == FH_NO_DAY)
            return fh_fail(err, errlen, FH_EINVAL, "releases[%zu].date: missing", i);
        if (a->at < 0 || a->at >= FH_MINUTES_PER_DAY)
            return fh_fail(err, errlen, FH_EINVAL, "releases[%zu].release.at: not a time of day",
                           i);
        if (a->on == FH_NO_DAY && (a->days_before < 0 || a->days_before > MAX_RULE_DAYS))
            return fh_fail(err, errlen, FH_EINVAL,
                           "releases[%zu].release.days_before: must be 0 to %d", i, MAX_RULE_DAYS);
        /* Released after the date itself, no slot of it could ever be booked. */
        if (a->on != FH_NO_DAY && a->on > a->date)
            return fh_fail(err, errlen, FH_EINVAL,
                           "releases[%zu].release.on: after the date it releases", i);
        if (a->on != FH_NO_DAY && a->date - a->on > MAX_RULE_DAYS)
            return fh_fail(err, errlen, FH_EINVAL,
                           "releases[%zu].release.on: more than %d days before the date", i,
                           MAX_RULE_DAYS);
        fh_result drawn = check_draw(a, i, err, errlen);
        if (drawn != FH_OK)
            return drawn;
        for (size_t j = 0; j < i; j++)
            if (spec->releases[j].date == a->date)
                return fh_fail(err, errlen, FH_EINVAL,
                               "releases[%zu].date: the date of releases[%zu] again (one release "
                               "per date)",
                               i, j);
    }
    if (spec->designated_date_days < 0 || spec->designated_date_days > MAX_DESIGNATED_DAYS)
        return fh_fail(err, errlen, FH_EINVAL, "designated_date_days: must be 0 to %d",
                       MAX_DESIGNATED_DAYS);
    return FH_OK;
}

/* ---- compilation --------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
    return s != NULL ? fh_strdup(s) : NULL;
}

static void copy_window(struct sched_window_spec *dst, const struct sched_window_spec *src)
{
    *dst = *src;
    const char **services = fh_calloc(src->service_count, sizeof *services);
    for (size_t i = 0; i < src->service_count; i++)
        services[i] = fh_strdup(src->services[i]);
    dst->services = services;
}

/* The furthest back, in calendar days, that a window's rules can reach:
 * working days are bounded by twice the count plus the longest break the
 * calendar is likely to hold. */
static int rule_reach(const struct sched_rule *r)
{
    return r->working_days ? 2 * r->days + 21 : r->days;
}

struct sched_office *sched_office_create(const struct sched_office_spec *spec, char *err,
                                         size_t errlen)
{
    if (check_spec(spec, err, errlen) != FH_OK)
        return NULL;

    struct sched_office *o = fh_calloc(1, sizeof *o);
    struct sched_office_spec *c = &o->spec;
    *c = *spec;
    c->id = fh_strdup(spec->id);
    c->name_zh = fh_strdup(spec->name_zh);
    c->name_en = fh_strdup(spec->name_en);
    c->timezone = fh_strdup(spec->timezone != NULL ? spec->timezone : "Asia/Taipei");
    c->address_zh = dup_or_null(spec->address_zh);
    c->address_en = dup_or_null(spec->address_en);
    c->email = dup_or_null(spec->email);

    struct sched_service_spec *services = fh_calloc(spec->service_count, sizeof *services);
    o->service_minutes = fh_calloc(spec->service_count, sizeof *o->service_minutes);
    for (size_t i = 0; i < spec->service_count; i++) {
        const struct sched_service_spec *s = &spec->services[i];
        services[i] = *s;
        services[i].id = fh_strdup(s->id);
        services[i].name_zh = fh_strdup(s->name_zh);
        services[i].name_en = fh_strdup(s->name_en);
        struct sched_document *docs = fh_calloc(s->document_count, sizeof *docs);
        for (size_t j = 0; j < s->document_count; j++) {
            docs[j].zh = fh_strdup(s->documents[j].zh);
            docs[j].en = fh_strdup(s->documents[j].en);
        }
        services[i].documents = docs;
        o->service_minutes[i] = s->minutes;
    }
    c->services = services;

    size_t total = spec->window_count + spec->extra_opening_count;
    struct sched_window_spec *windows = fh_calloc(total, sizeof *windows);
    o->windows = fh_calloc(total, sizeof *o->windows);
    for (size_t i = 0; i < total; i++) {
        const struct sched_window_spec *src = i < spec->window_count
                                                  ? &spec->windows[i]
                                                  : &spec->extra_openings[i - spec->window_count];
        copy_window(&windows[i], src);
        o->windows[i].slot_count = (src->end - src->start) / src->slot_minutes;
        for (size_t k = 0; k < src->service_count; k++)
            o->windows[i].services |= 1ull << service_index(spec, src->services[k]);
        int reach = rule_reach(&src->horizon);
        if (rule_reach(&src->cutoff) > reach)
            reach = rule_reach(&src->cutoff);
        if (reach > o->max_lookback)
            o->max_lookback = reach;
    }
    c->windows = windows;
    c->extra_openings = windows + spec->window_count;

    struct sched_closure *closures = fh_calloc(spec->closure_count, sizeof *closures);
    for (size_t i = 0; i < spec->closure_count; i++) {
        closures[i].date = spec->closures[i].date;
        closures[i].reason = dup_or_null(spec->closures[i].reason);
    }
    c->closures = closures;

    struct sched_release *releases = fh_calloc(spec->release_count, sizeof *releases);
    for (size_t i = 0; i < spec->release_count; i++)
        releases[i] = spec->releases[i];
    c->releases = releases;
    return o;
}

void sched_office_free(struct sched_office *o)
{
    if (o == NULL)
        return;
    struct sched_office_spec *c = &o->spec;
    free((char *)c->id);
    free((char *)c->name_zh);
    free((char *)c->name_en);
    free((char *)c->timezone);
    free((char *)c->address_zh);
    free((char *)c->address_en);
    free((char *)c->email);
    for (size_t i = 0; i < c->service_count; i++) {
        const struct sched_service_spec *s = &c->services[i];
        free((char *)s->id);
        free((char *)s->name_zh);
        free((char *)s->name_en);
        for (size_t j = 0; j < s->document_count; j++) {
            free((char *)s->documents[j].zh);
            free((char *)s->documents[j].en);
        }
        free((void *)s->documents);
    }
    free((void *)c->services);
    size_t total = c->window_count + c->extra_opening_count;
    for (size_t i = 0; i < total; i++) {
        for (size_t k = 0; k < c->windows[i].service_count; k++)
            free((char *)c->windows[i].services[k]);
        free((void *)c->windows[i].services);
    }
    free((void *)c->windows);
    for (size_t i = 0; i < c->closure_count; i++)
        free((char *)c->closures[i].reason);
    free((void *)c->closures);
    free((void *)c->releases);
    free(o->windows);
    free(o->service_minutes);
    free(o);
}

const struct sched_office_spec *sched_office_spec(const struct sched_office *office)
{
    return &office->spec;
}

int sched_office_window_count(const struct sched_office *office)
{
    return (int)(office->spec.window_count + office->spec.extra_opening_count);
}

const struct sched_window_spec *sched_office_window(const struct sched_office *office, int w)
{
    return &office->spec.windows[w];
}

int sched_office_service_index(const struct sched_office *office, const char *id)
{
    return id != NULL ? service_index(&office->spec, id) : -1;
}

bool sched_office_offers(const struct sched_office *office, int service)
{
    return sched_office_service_windows(office, service) != 0;
}

int sched_service_slots(const struct sched_office *office, int service, int window)
{
    int len = office->spec.windows[window].slot_minutes;
    return (office->service_minutes[service] + len - 1) / len;
}

fh_minute sched_release_instant(const struct sched_release *r)
{
    fh_day d = r->on != FH_NO_DAY ? r->on : r->date - r->days_before;
    return (fh_minute)d * FH_MINUTES_PER_DAY + r->at;
}

fh_minute sched_instant_of(const struct sched_instant *i, fh_day date)
{
    fh_day d = i->on != FH_NO_DAY ? i->on : date - i->days_before;
    return (fh_minute)d * FH_MINUTES_PER_DAY + i->at;
}

const struct sched_release *sched_release_rule(const struct sched_office *office, fh_day day)
{
    for (size_t i = 0; i < office->spec.release_count; i++)
        if (office->spec.releases[i].date == day)
            return &office->spec.releases[i];
    return NULL;
}

fh_minute sched_release_at(const struct sched_office *office, fh_day day)
{
    const struct sched_release *r = sched_release_rule(office, day);
    return r != NULL ? sched_release_instant(r) : SCHED_NEVER;
}

unsigned sched_office_service_windows(const struct sched_office *office, int service)
{
    unsigned names = 0;
    if (service < 0 || (size_t)service >= office->spec.service_count)
        return 0;
    for (int w = 0; w < sched_office_window_count(office); w++)
        if (office->windows[w].services & (1ull << service))
            names |= 1u << office->spec.windows[w].name;
    return names;
}
