/* cfg_load.c: reads the JSON configuration into struct fh_config. Scalar
 * keys are declared in tables (name, type, bounds, default); every unknown
 * key is an error so that a typo never silently falls back to a default.
 * Errors read "ORIGIN: JSON.PATH: what is wrong". */
#include "config/cfg.h"
#include "validate/val.h"
#include "common/fh_hash.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONFIG_BYTES (4 * 1024 * 1024)
#define MAX_OFFICES      256
#define WINDOW_NAMES     "regular, noon, evening, saturday or holiday"

/* ---- the declaration tables ---------------------------------------------- */

enum field_kind { F_STRING, F_INT, F_BOOL, F_HHMM, F_DATE, F_WINDOW_NAME };

struct field {
    const char *name;
    enum field_kind kind;
    size_t offset; /* into the struct being filled */
    long min, max; /* F_INT bounds */
    bool required;
    const char *help;
};

#define FIELD(type, member) offsetof(type, member)

static const struct field top_fields[] = {
    {"listen", F_STRING, FIELD(struct fh_config, listen), 0, 0, false,
     "HOST:PORT the HTTP server binds"},
    {"public_url", F_STRING, FIELD(struct fh_config, public_url), 0, 0, false,
     "the address citizens use, for the links in messages (http://LISTEN)"},
    {"database", F_STRING, FIELD(struct fh_config, database), 0, 0, false, "the SQLite file"},
    {"key_file", F_STRING, FIELD(struct fh_config, key_file), 0, 0, false,
     "the key file of the personal data, mode 0600 (the database's path + \".key\")"},
    {"session_idle_minutes", F_INT, FIELD(struct fh_config, session_idle_minutes), 1, 24 * 60,
     false, "minutes after which an unused manager page session ends (30)"},
    {"retention_days", F_INT, FIELD(struct fh_config, retention_days), 1, 3650, false,
     "days after a booking's end when its personal data is erased (90)"},
    {"outbox_log", F_STRING, FIELD(struct fh_config, outbox_log), 0, 0, false,
     "where messages are written when no SMTP server or SMS gateway is configured"},
};

static const struct field mail_server_fields[] = {
    {"host", F_STRING, FIELD(struct cfg_smtp, host), 0, 0, true, "SMTP server"},
    {"port", F_INT, FIELD(struct cfg_smtp, port), 1, 65535, false, "SMTP port (587)"},
    {"starttls", F_BOOL, FIELD(struct cfg_smtp, starttls), 0, 0, false, "require STARTTLS"},
    {"username", F_STRING, FIELD(struct cfg_smtp, username), 0, 0, false, "AUTH user"},
    {"password", F_STRING, FIELD(struct cfg_smtp, password), 0, 0, false, "AUTH password"},
    {"from", F_STRING, FIELD(struct cfg_smtp, from), 0, 0, true, "envelope and From address"},
};

static const struct field notifier_fields[] = {
    {"reminder_email_at", F_HHMM, FIELD(struct cfg_notifier, reminders.email_at), 0, 0, false,
     "when the e-mail reminder goes, the evening before (19:00)"},
    {"reminder_sms_before_minutes", F_INT, FIELD(struct cfg_notifier, reminders.sms_before), 0,
     7 * 24 * 60, false, "how long before the start the SMS reminder goes (120)"},
    {"quiet_from", F_HHMM, FIELD(struct cfg_notifier, reminders.quiet_from), 0, 0, false,
     "no SMS from this time (21:00)"},
    {"quiet_until", F_HHMM, FIELD(struct cfg_notifier, reminders.quiet_until), 0, 0, false,
     "until this time (08:00)"},
    {"max_attempts", F_INT, FIELD(struct cfg_notifier, max_attempts), 1, 100, false,
     "tries before a message fails for good (8)"},
    {"retry_seconds", F_INT, FIELD(struct cfg_notifier, retry_seconds), 1, 3600, false,
     "the first retry's delay, doubled each time up to an hour (30)"},
    {"poll_ms", F_INT, FIELD(struct cfg_notifier, poll_ms), 10, 60000, false,
     "how often the worker looks for due messages (500)"},
};

static const struct field rate_limit_fields[] = {
    {"per_minute", F_INT, FIELD(struct cfg_rate_limit, per_minute), 0, 100000, false,
     "booking requests a minute from one address (30; 0: no limit)"},
    {"burst", F_INT, FIELD(struct cfg_rate_limit, burst), 1, 100000, false,
     "requests at once before the limit applies (10)"},
    {"connections_per_client", F_INT, FIELD(struct cfg_rate_limit, connections_per_client), 0,
     100000, false, "open connections one client address may hold (64; 0: no cap)"},
    {"failures_per_minute", F_INT, FIELD(struct cfg_rate_limit, failures_per_minute), 0, 100000,
     false, "failed lookups of codes, keys and tokens before a client waits (10; 0: no limit)"},
};

static const struct field sms_fields[] = {
    {"url", F_STRING, FIELD(struct cfg_sms, url), 0, 0, true, "gateway URL"},
    {"username", F_STRING, FIELD(struct cfg_sms, username), 0, 0, false, "kannel user"},
    {"password", F_STRING, FIELD(struct cfg_sms, password), 0, 0, false, "kannel password"},
    {"from", F_STRING, FIELD(struct cfg_sms, from), 0, 0, true, "sender"},
    {"body_template", F_STRING, FIELD(struct cfg_sms, body_template), 0, 0, false,
     "http: request body with {to} and {text}"},
};

/* The window fields that are scalars; lists and rules are read by hand. */
static const struct field window_fields[] = {
    {"name", F_WINDOW_NAME, FIELD(struct sched_window_spec, name), 0, 0, true,
     "regular, noon, evening, saturday or holiday"},
    {"start", F_HHMM, FIELD(struct sched_window_spec, start), 0, 0, true, "HH:MM"},
    {"end", F_HHMM, FIELD(struct sched_window_spec, end), 0, 0, true, "HH:MM"},
    {"slot_minutes", F_INT, FIELD(struct sched_window_spec, slot_minutes), 5, 240, false,
     "length of one slot (30)"},
    {"capacity", F_INT, FIELD(struct sched_window_spec, capacity), 1, 1000, true,
     "counters that take bookings"},
    {"needs_confirmation", F_BOOL, FIELD(struct sched_window_spec, needs_confirmation), 0, 0, false,
     "bookings wait for a manager"},
    {"residents_only", F_BOOL, FIELD(struct sched_window_spec, residents_only), 0, 0, false,
     "only residents of the district may book"},
    {"date", F_DATE, FIELD(struct sched_window_spec, date), 0, 0, false,
     "extra openings only: the date"},
};

static const struct field service_fields[] = {
    {"id", F_STRING, FIELD(struct sched_service_spec, id), 0, 0, true, "service id"},
    {"minutes", F_INT, FIELD(struct sched_service_spec, minutes), 1, 480, true,
     "how long the service takes"},
    {"in_person", F_BOOL, FIELD(struct sched_service_spec, in_person), 0, 0, false,
     "must be filed in person"},
    {"couple", F_BOOL, FIELD(struct sched_service_spec, couple), 0, 0, false,
     "made by two people together (marriage): one booking names both (false)"},
};

static const struct field office_fields[] = {
    {"id", F_STRING, FIELD(struct sched_office_spec, id), 0, 0, true, "office id"},
    {"timezone", F_STRING, FIELD(struct sched_office_spec, timezone), 0, 0, false,
     "IANA time zone (Asia/Taipei)"},
    {"email", F_STRING, FIELD(struct sched_office_spec, email), 0, 0, false,
     "the office's mailbox"},
    {"lapse_minutes", F_INT, FIELD(struct sched_office_spec, lapse_minutes), 0, 240, false,
     "minutes after its start when a booking nobody checked in lapses (0: never)"},
    {"staff_past_cutoff", F_BOOL, FIELD(struct sched_office_spec, staff_past_cutoff), 0, 0, false,
     "staff booking for a citizen may pass the online cut-off"},
    {"designated_date_days", F_INT, FIELD(struct sched_office_spec, designated_date_days), 0, 10,
     false, "office days before its effective date a marriage may be filed (3; 0: never)"},
    {"satisfaction_survey", F_BOOL, FIELD(struct sched_office_spec, satisfaction_survey), 0, 0,
     false, "a completed booking's holder is sent a short satisfaction survey (false)"},
    {"waitlist_hold_minutes", F_INT, FIELD(struct sched_office_spec, waitlist_hold_minutes), 5,
     1440, false, "minutes a place offered from the waitlist is held for its person (30)"},
};

/* ---- parsing state -------------------------------------------------------- */

struct loader {
    const char *origin;
    char *err;
    size_t errlen;
    /* Everything built while parsing and freed at the end: the scheduler
     * copies what it keeps. */
    void **garbage;
    size_t garbage_count, garbage_cap;
};

static void *keep(struct loader *ld, void *p)
{
    ld->garbage =
        fh_grow(ld->garbage, sizeof *ld->garbage, &ld->garbage_cap, ld->garbage_count + 1);
    ld->garbage[ld->garbage_count++] = p;
    return p;
}

static fh_result fail(struct loader *ld, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static fh_result fail(struct loader *ld, const char *path, const char *fmt, ...)
{
    char what[FH_ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return fh_fail(ld->err, ld->errlen, FH_EINVAL, "%s: %s%s%s", ld->origin, path,
                   path[0] ? ": " : "", what);
}

static const char *join(struct loader *ld, const char *path, const char *key)
{
    return keep(ld, path[0] ? fh_asprintf("%s.%s", path, key) : fh_strdup(key));
}

static const char *index_path(struct loader *ld, const char *path, size_t i)
{
    return keep(ld, fh_asprintf("%s[%zu]", path, i));
}

static bool known_key(const char *key, const struct field *fields, size_t n,
                      const char *const *extra)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(key, fields[i].name) == 0)
            return true;
    for (; extra != NULL && *extra != NULL; extra++)
        if (strcmp(key, *extra) == 0)
            return true;
    return false;
}

/* Reads the declared scalar fields of obj into base and refuses keys that are
 * neither declared nor in extra (the keys the caller reads itself). */
static fh_result read_fields(struct loader *ld, json_t *obj, const char *path,
                             const struct field *fields, size_t n, const char *const *extra,
                             void *base)
{
    const char *key;
    json_t *value;
    const char *why;

    if (!json_is_object(obj))
        return fail(ld, path, "must be an object");
    json_object_foreach(obj, key, value)
    {
        if (!known_key(key, fields, n, extra))
            return fail(ld, join(ld, path, key), "unknown key");
    }
    for (size_t i = 0; i < n; i++) {
        const struct field *f = &fields[i];
        const char *fpath = join(ld, path, f->name);
        void *slot = (char *)base + f->offset;
        json_t *v = json_object_get(obj, f->name);
        if (v == NULL || json_is_null(v)) {
            if (f->required)
                return fail(ld, fpath, "missing (%s)", f->help);
            continue;
        }
        switch (f->kind) {
        case F_STRING:
            if (!json_is_string(v) || json_string_length(v) == 0)
                return fail(ld, fpath, "must be a non-empty string (%s)", f->help);
            if (strlen(json_string_value(v)) != json_string_length(v))
                return fail(ld, fpath, "must not contain NUL");
            *(const char **)slot = json_string_value(v);
            break;
        case F_INT:
            if (!json_is_integer(v))
                return fail(ld, fpath, "must be a whole number (%s)", f->help);
            if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
                return fail(ld, fpath, "must be %ld to %ld", f->min, f->max);
            *(int *)slot = (int)json_integer_value(v);
            break;
        case F_BOOL:
            if (!json_is_boolean(v))
                return fail(ld, fpath, "must be true or false");
            *(bool *)slot = json_is_true(v);
            break;
        case F_HHMM:
            if (!json_is_string(v) || (why = fh_parse_hhmm(json_string_value(v), slot)) != NULL)
                return fail(ld, fpath, "%s", json_is_string(v) ? why : "must be \"HH:MM\"");
            break;
        case F_DATE:
            if (!json_is_string(v) || (why = fh_parse_date(json_string_value(v), slot)) != NULL)
                return fail(ld, fpath, "%s", json_is_string(v) ? why : "must be \"YYYY-MM-DD\"");
            break;
        case F_WINDOW_NAME:
            if (!json_is_string(v) ||
                (why = sched_window_name_parse(json_string_value(v), slot)) != NULL)
                return fail(ld, fpath, "%s",
                            json_is_string(v) ? why : "must be a string (" WINDOW_NAMES ")");
            break;
        }
    }
    return FH_OK;
}

/* {"zh": "...", "en": "..."} */
static fh_result read_text(struct loader *ld, json_t *obj, const char *path, bool required,
                           const char **zh, const char **en)
{
    static const struct field fields[] = {
        {"zh", F_STRING, 0, 0, 0, true, "Traditional Chinese"},
        {"en", F_STRING, sizeof(const char *), 0, 0, true, "English"},
    };
    const char *pair[2] = {NULL, NULL};
    if (obj == NULL) {
        if (required)
            return fail(ld, path, "missing ({\"zh\": ..., \"en\": ...})");
        return FH_OK;
    }
    fh_result r = read_fields(ld, obj, path, fields, 2, NULL, pair);
    *zh = pair[0];
    *en = pair[1];
    return r;
}

static fh_result read_string_array(struct loader *ld, json_t *arr, const char *path,
                                   const char ***out, size_t *count)
{
    if (!json_is_array(arr))
        return fail(ld, path, "must be an array of strings");
    size_t n = json_array_size(arr);
    const char **items = keep(ld, fh_calloc(n, sizeof *items));
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_string(v))
            return fail(ld, index_path(ld, path, i), "must be a string");
        items[i] = json_string_value(v);
    }
    *out = items;
    *count = n;
    return FH_OK;
}

/* ---- windows ------------------------------------------------------------- */

static fh_result read_rule(struct loader *ld, json_t *obj, const char *path,
                           struct sched_rule *rule)
{
    static const struct field fields[] = {
        {"days", F_INT, FIELD(struct sched_rule, days), 0, 366, true,
         "days before the slot's date"},
    };
    static const char *const extra[] = {"count", "at", NULL};
    if (obj == NULL)
        return FH_OK;
    fh_result r = read_fields(ld, obj, path, fields, 1, extra, rule);
    if (r != FH_OK)
        return r;
    json_t *count = json_object_get(obj, "count");
    if (count != NULL) {
        const char *c = json_string_value(count);
        if (c != NULL && strcmp(c, "calendar") == 0)
            rule->working_days = false;
        else if (c != NULL && strcmp(c, "working") == 0)
            rule->working_days = true;
        else
            return fail(ld, join(ld, path, "count"), "must be \"calendar\" or \"working\"");
    }
    json_t *at = json_object_get(obj, "at");
    if (at != NULL) {
        const char *a = json_string_value(at), *why;
        if (a != NULL && strcmp(a, "slot") == 0)
            rule->at = SCHED_AT_SLOT_TIME;
        else if (a == NULL || (why = fh_parse_hhmm(a, &rule->at)) != NULL ||
                 rule->at >= FH_MINUTES_PER_DAY)
            return fail(ld, join(ld, path, "at"), "must be \"HH:MM\" or \"slot\"");
    }
    return FH_OK;
}

static fh_result read_name_bits(struct loader *ld, json_t *arr, const char *path,
                                const char *(*parse)(const char *, int *), unsigned *bits)
{
    const char **names;
    size_t n;
    fh_result r = read_string_array(ld, arr, path, &names, &n);
    if (r != FH_OK)
        return r;
    *bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v;
        const char *why = parse(names[i], &v);
        if (why != NULL)
            return fail(ld, index_path(ld, path, i), "%s", why);
        *bits |= 1u << v;
    }
    return FH_OK;
}

static const char *parse_day_type(const char *s, int *v)
{
    enum sched_day_type t;
    const char *why = sched_day_type_parse(s, &t);
    *v = (int)t;
    return why;
}

static const char *parse_day_kind(const char *s, int *v)
{
    enum sched_day_kind k;
    const char *why = sched_day_kind_parse(s, &k);
    *v = (int)k;
    return why;
}

static const char *parse_weekday(const char *s, int *v)
{
    static const char *const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int i = 0; i < 7; i++) {
        if (strcmp(s, names[i]) == 0) {
            *v = i + 1;
            return NULL;
        }
    }
    return "not a weekday (mon, tue, wed, thu, fri, sat, sun)";
}

static fh_result read_window(struct loader *ld, json_t *obj, const char *path, bool extra_opening,
                             const struct sched_office_spec *office, struct sched_window_spec *w)
{
    static const char *const extra[] = {"days",       "weekdays", "services", "horizon", "cutoff",
                                        "suspend_on", "only_on",  "release",  NULL};
    fh_result r;

    memset(w, 0, sizeof *w);
    w->date = FH_NO_DAY;
    w->slot_minutes = 30;
    w->weekdays = 0xFEu; /* every weekday */
    w->horizon = (struct sched_rule){7, false, 0};
    w->cutoff = (struct sched_rule){1, false, 15 * 60};
    if ((r = read_fields(ld, obj, path, window_fields,
                         sizeof window_fields / sizeof window_fields[0], extra, w)) != FH_OK)
        return r;
    if (extra_opening && w->date == FH_NO_DAY)
        return fail(ld, join(ld, path, "date"), "missing (an extra opening is on one date)");
    if (!extra_opening && w->date != FH_NO_DAY)
        return fail(ld, join(ld, path, "date"), "a window on one date belongs in extra_openings");
    if (!extra_opening && json_object_get(obj, "release") != NULL)
        return fail(ld, join(ld, path, "release"),
                    "a release is of one date: give it in extra_openings or releases");

    /* The usual days of each window name, so that a plain window needs no
     * "days" key. */
    switch (w->name) {
    case SCHED_WIN_SATURDAY:
        w->day_types = 1u << SCHED_RESTDAY;
        w->weekdays = 1u << 6;
        break;
    case SCHED_WIN_HOLIDAY:
        w->day_types = (1u << SCHED_HOLIDAY) | (1u << SCHED_RESTDAY);
        break;
    default:
        w->day_types = (1u << SCHED_WORKDAY) | (1u << SCHED_MAKEUP_WORKDAY);
        break;
    }
    json_t *v;
    if ((v = json_object_get(obj, "days")) != NULL &&
        (r = read_name_bits(ld, v, join(ld, path, "days"), parse_day_type, &w->day_types)) != FH_OK)
        return r;
    if ((v = json_object_get(obj, "weekdays")) != NULL &&
        (r = read_name_bits(ld, v, join(ld, path, "weekdays"), parse_weekday, &w->weekdays)) !=
            FH_OK)
        return r;
    if ((v = json_object_get(obj, "suspend_on")) != NULL &&
        (r = read_name_bits(ld, v, join(ld, path, "suspend_on"), parse_day_kind, &w->suspend_on)) !=
            FH_OK)
        return r;
    if ((v = json_object_get(obj, "only_on")) != NULL &&
        (r = read_name_bits(ld, v, join(ld, path, "only_on"), parse_day_kind, &w->only_on)) !=
            FH_OK)
        return r;
    if ((r = read_rule(ld, json_object_get(obj, "horizon"), join(ld, path, "horizon"),
                       &w->horizon)) != FH_OK)
        return r;
    if ((r = read_rule(ld, json_object_get(obj, "cutoff"), join(ld, path, "cutoff"), &w->cutoff)) !=
        FH_OK)
        return r;

    v = json_object_get(obj, "services");
    if (v == NULL)
        return fail(ld, join(ld, path, "services"), "missing (service ids, or \"*\" for all)");
    if (json_is_string(v) && strcmp(json_string_value(v), "*") == 0) {
        const char **all = keep(ld, fh_calloc(office->service_count, sizeof *all));
        for (size_t i = 0; i < office->service_count; i++)
            all[i] = office->services[i].id;
        w->services = all;
        w->service_count = office->service_count;
        return FH_OK;
    }
    return read_string_array(ld, v, join(ld, path, "services"), &w->services, &w->service_count);
}

/* ---- releases ------------------------------------------------------------ */

/* {"days_before": N, "at": "HH:MM"} or {"on": "YYYY-MM-DD", "at": "HH:MM"}:
 * an instant before date, office-local. */
static fh_result read_instant(struct loader *ld, json_t *obj, const char *path, fh_day date,
                              struct sched_instant *t)
{
    static const struct field fields[] = {
        {"days_before", F_INT, FIELD(struct sched_instant, days_before), 0, 366, false,
         "calendar days before the date"},
        {"on", F_DATE, FIELD(struct sched_instant, on), 0, 0, false, "a date, YYYY-MM-DD"},
        {"at", F_HHMM, FIELD(struct sched_instant, at), 0, 0, true, "a time of day"},
    };
    if (obj == NULL)
        return fail(ld, path, "missing ({\"days_before\" or \"on\", \"at\"})");
    memset(t, 0, sizeof *t);
    t->on = FH_NO_DAY;
    t->days_before = -1;
    fh_result r = read_fields(ld, obj, path, fields, 3, NULL, t);
    if (r != FH_OK)
        return r;
    if (t->at >= FH_MINUTES_PER_DAY)
        return fail(ld, join(ld, path, "at"), "must be a time of day, 00:00 to 23:59");
    if ((t->on == FH_NO_DAY) == (t->days_before < 0))
        return fail(ld, path, "needs exactly one of \"days_before\" and \"on\"");
    if (t->on == FH_NO_DAY)
        return FH_OK;
    if (t->on > date)
        return fail(ld, join(ld, path, "on"), "after the date it rules");
    t->days_before = 0;
    return FH_OK;
}

/* A release's "draw": {"opens": INSTANT, "closes": INSTANT}, the period
 * requests are taken in; the scheduler checks their order. */
static fh_result read_draw(struct loader *ld, json_t *obj, const char *path, fh_day date,
                           struct sched_release *rel)
{
    json_t *draw = json_object_get(obj, "draw");
    if (draw == NULL)
        return FH_OK;
    const char *dpath = join(ld, path, "draw");
    if (!json_is_object(draw))
        return fail(ld, dpath, "must be {\"opens\": {...}, \"closes\": {...}}");
    const char *key;
    json_t *v;
    json_object_foreach(draw, key, v)
    {
        if (strcmp(key, "opens") != 0 && strcmp(key, "closes") != 0)
            return fail(ld, join(ld, dpath, key), "unknown key (known: opens, closes)");
    }
    rel->draw = true;
    fh_result r = read_instant(ld, json_object_get(draw, "opens"), join(ld, dpath, "opens"), date,
                               &rel->draw_opens);
    if (r == FH_OK)
        r = read_instant(ld, json_object_get(draw, "closes"), join(ld, dpath, "closes"), date,
                         &rel->draw_closes);
    if (r != FH_OK)
        return r;
    fh_minute opens = sched_instant_of(&rel->draw_opens, date);
    fh_minute closes = sched_instant_of(&rel->draw_closes, date);
    if (opens >= closes)
        return fail(ld, join(ld, dpath, "closes"), "must be after opens");
    return FH_OK;
}

/* {"days_before": N, "at": "HH:MM"} or {"on": "YYYY-MM-DD", "at": "HH:MM"}
 * (and a "draw"): when the places of date open for booking, office-local. */
static fh_result read_release(struct loader *ld, json_t *obj, const char *path, fh_day date,
                              struct sched_release *rel)
{
    static const struct field fields[] = {
        {"days_before", F_INT, FIELD(struct sched_release, days_before), 0, 366, false,
         "calendar days before the date"},
        {"on", F_DATE, FIELD(struct sched_release, on), 0, 0, false,
         "the date of the release, YYYY-MM-DD"},
        {"at", F_HHMM, FIELD(struct sched_release, at), 0, 0, true, "the time of the release"},
    };
    static const char *const extra[] = {"draw", NULL};
    memset(rel, 0, sizeof *rel);
    rel->date = date;
    rel->on = FH_NO_DAY;
    rel->days_before = -1;
    fh_result r = read_fields(ld, obj, path, fields, 3, extra, rel);
    if (r != FH_OK)
        return r;
    if ((r = read_draw(ld, obj, path, date, rel)) != FH_OK)
        return r;
    if (rel->at >= FH_MINUTES_PER_DAY)
        return fail(ld, join(ld, path, "at"), "must be a time of day, 00:00 to 23:59");
    if ((rel->on == FH_NO_DAY) == (rel->days_before < 0))
        return fail(ld, path, "needs exactly one of \"days_before\" and \"on\"");
    if (rel->on == FH_NO_DAY)
        return FH_OK;
    if (rel->on > date)
        return fail(ld, join(ld, path, "on"), "after the date it releases");
    rel->days_before = 0;
    return FH_OK;
}

/* The office's "releases" ([{"date", "release"}]) and the "release" of its
 * extra openings, one per date. */
static fh_result read_releases(struct loader *ld, json_t *obj, const char *path,
                               struct sched_office_spec *spec)
{
    static const struct field fields[] = {
        {"date", F_DATE, FIELD(struct sched_release, date), 0, 0, true, "YYYY-MM-DD"},
    };
    static const char *const extra[] = {"release", NULL};
    json_t *list = json_object_get(obj, "releases");
    json_t *openings = json_object_get(obj, "extra_openings");
    const char *rpath = join(ld, path, "releases");
    if (list != NULL && !json_is_array(list))
        return fail(ld, rpath,
                    "must be an array of {\"date\", \"release\": {\"days_before\" or \"on\", "
                    "\"at\"}}");
    size_t n = json_array_size(list) + json_array_size(openings);
    struct sched_release *rel = keep(ld, fh_calloc(n ? n : 1, sizeof *rel));
    size_t count = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *epath = index_path(ld, rpath, i);
        json_t *e = json_array_get(list, i);
        struct sched_release date = {.date = FH_NO_DAY};
        fh_result r = read_fields(ld, e, epath, fields, 1, extra, &date);
        if (r != FH_OK)
            return r;
        json_t *v = json_object_get(e, "release");
        if (v == NULL)
            return fail(ld, join(ld, epath, "release"),
                        "missing ({\"days_before\" or \"on\", \"at\"})");
        if ((r = read_release(ld, v, join(ld, epath, "release"), date.date, &rel[count])) != FH_OK)
            return r;
        count++;
    }
    const char *opath = join(ld, path, "extra_openings");
    for (size_t i = 0; i < json_array_size(openings); i++) {
        json_t *v = json_object_get(json_array_get(openings, i), "release");
        if (v == NULL)
            continue;
        const char *epath = join(ld, index_path(ld, opath, i), "release");
        fh_result r = read_release(ld, v, epath, spec->extra_openings[i].date, &rel[count]);
        if (r != FH_OK)
            return r;
        count++;
    }
    /* One instant per date: two rules for one date would leave citizens
     * guessing which holds. */
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < i; j++)
            if (rel[i].date == rel[j].date) {
                char date[FH_DATE_LEN];
                fh_format_date(rel[i].date, date);
                return fail(ld, path, "%s has two release rules (one per date)", date);
            }
    spec->releases = rel;
    spec->release_count = count;
    return FH_OK;
}

/* ---- offices ------------------------------------------------------------- */

static fh_result read_service(struct loader *ld, json_t *obj, const char *path,
                              struct sched_service_spec *s)
{
    static const char *const extra[] = {"name", "documents", NULL};
    fh_result r;
    memset(s, 0, sizeof *s);
    if ((r = read_fields(ld, obj, path, service_fields,
                         sizeof service_fields / sizeof service_fields[0], extra, s)) != FH_OK)
        return r;
    if ((r = read_text(ld, json_object_get(obj, "name"), join(ld, path, "name"), true, &s->name_zh,
                       &s->name_en)) != FH_OK)
        return r;
    json_t *docs = json_object_get(obj, "documents");
    if (docs == NULL)
        return FH_OK;
    const char *dpath = join(ld, path, "documents");
    if (!json_is_array(docs))
        return fail(ld, dpath, "must be an array of {\"zh\", \"en\"}");
    s->document_count = json_array_size(docs);
    struct sched_document *d = keep(ld, fh_calloc(s->document_count, sizeof *d));
    for (size_t i = 0; i < s->document_count; i++)
        if ((r = read_text(ld, json_array_get(docs, i), index_path(ld, dpath, i), true, &d[i].zh,
                           &d[i].en)) != FH_OK)
            return r;
    s->documents = d;
    return FH_OK;
}

static const char *timezone_offset(const char *tz, int *offset)
{
    /* Only zones without daylight saving are supported, so a local time maps
     * to one instant; Taiwan has had none since 1979. */
    static const struct {
        const char *name;
        int offset;
    } zones[] = {{"Asia/Taipei", 480}, {"UTC", 0}, {"Etc/UTC", 0}};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        if (strcmp(tz, zones[i].name) == 0) {
            *offset = zones[i].offset;
            return NULL;
        }
    }
    return "unsupported time zone (Asia/Taipei or UTC)";
}

/* ---- staff and roster --------------------------------------------------------- */

#define MAX_STAFF       1000
#define MAX_LEAVE_DAYS  1000
#define MAX_LEAVE_RANGE 366
#define STAFF_ID_MAX    32
#define MAX_PREFERENCES 32

static void free_roster(struct cfg_roster *roster)
{
    for (size_t i = 0; i < roster->staff_count; i++) {
        struct cfg_staff *p = &roster->staff[i];
        free(p->id);
        free(p->name);
        free(p->email);
        free(p->phone);
        free((void *)p->sched.leave);
        free((void *)p->sched.prefs);
    }
    free(roster->staff);
    memset(roster, 0, sizeof *roster);
}

static bool valid_staff_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > STAFF_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '_' ||
              id[i] == '-'))
            return false;
    return true;
}

static const char *parse_duty(const char *s, int *v)
{
    enum sched_duty d;
    const char *why = sched_duty_parse(s, &d);
    *v = (int)d;
    return why != NULL ? "not a duty (noon, evening, saturday or holiday)" : NULL;
}

static fh_result read_skills(struct loader *ld, json_t *v, const char *path,
                             const struct sched_office_spec *office, uint64_t *skills)
{
    *skills = 0;
    if (json_is_string(v) && strcmp(json_string_value(v), "all") == 0) {
        for (size_t k = 0; k < office->service_count && k < 64; k++)
            *skills |= 1ull << k;
        return FH_OK;
    }
    const char **ids;
    size_t n;
    if (!json_is_array(v))
        return fail(ld, path, "must be an array of service ids, or \"all\"");
    fh_result r = read_string_array(ld, v, path, &ids, &n);
    if (r != FH_OK)
        return r;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < office->service_count && strcmp(office->services[k].id, ids[i]) != 0)
            k++;
        if (k == office->service_count)
            return fail(ld, index_path(ld, path, i), "not a service of this office");
        if (k >= 64)
            return fail(ld, index_path(ld, path, i), "only the first 64 services can be skills");
        *skills |= 1ull << k;
    }
    return FH_OK;
}

/* "2026-12-24" or an inclusive range "2026-12-28/2026-12-31". */
static fh_result read_leave(struct loader *ld, json_t *v, const char *path, struct cfg_staff *p)
{
    const char **items;
    size_t n, cap = 0;
    fh_day *days = NULL;
    size_t count = 0;
    fh_result r = read_string_array(ld, v, path, &items, &n);
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        const char *ipath = index_path(ld, path, i);
        const char *slash = strchr(items[i], '/');
        char from[16], to[16];
        fh_day a, b;
        const char *why = NULL;
        if (slash == NULL) {
            snprintf(from, sizeof from, "%s", items[i]);
            snprintf(to, sizeof to, "%s", items[i]);
        } else if ((size_t)(slash - items[i]) < sizeof from && strlen(slash + 1) < sizeof to) {
            snprintf(from, sizeof from, "%.*s", (int)(slash - items[i]), items[i]);
            snprintf(to, sizeof to, "%s", slash + 1);
        } else {
            why = "must be \"YYYY-MM-DD\" or \"YYYY-MM-DD/YYYY-MM-DD\"";
        }
        if (why == NULL &&
            ((why = fh_parse_date(from, &a)) != NULL || (why = fh_parse_date(to, &b)) != NULL))
            why = "must be \"YYYY-MM-DD\" or \"YYYY-MM-DD/YYYY-MM-DD\"";
        if (why == NULL && b < a)
            why = "the range ends before it starts";
        if (why == NULL && b - a >= MAX_LEAVE_RANGE)
            why = "a range of more than a year";
        if (why == NULL && count + (size_t)(b - a + 1) > MAX_LEAVE_DAYS)
            why = "more than 1000 days of leave";
        if (why != NULL) {
            r = fail(ld, ipath, "%s", why);
            break;
        }
        for (fh_day d = a; d <= b; d++) {
            days = fh_grow(days, sizeof *days, &cap, count + 1);
            days[count++] = d;
        }
    }
    p->sched.leave = days;
    p->sched.leave_count = count;
    return r;
}

static fh_result read_preferences(struct loader *ld, json_t *v, const char *path,
                                  struct cfg_staff *p)
{
    static const char *const extra[] = {"duty", "weekday", NULL};
    static const struct field fields[] = {
        {"weight", F_INT, FIELD(struct sched_preference, weight), -5, 5, true,
         "-5..5, not 0: negative avoids, positive likes"},
    };
    if (!json_is_array(v))
        return fail(ld, path, "must be an array of {\"duty\", \"weekday\", \"weight\"}");
    size_t n = json_array_size(v);
    if (n > MAX_PREFERENCES)
        return fail(ld, path, "more than %d preferences", MAX_PREFERENCES);
    struct sched_preference *prefs = fh_calloc(n > 0 ? n : 1, sizeof *prefs);
    p->sched.prefs = prefs;
    p->sched.pref_count = n;
    for (size_t i = 0; i < n; i++) {
        const char *ipath = index_path(ld, path, i);
        json_t *e = json_array_get(v, i);
        prefs[i] = (struct sched_preference){0, SCHED_DUTY_NONE, 0};
        fh_result r = read_fields(ld, e, ipath, fields, 1, extra, &prefs[i]);
        if (r != FH_OK)
            return r;
        if (prefs[i].weight == 0)
            return fail(ld, join(ld, ipath, "weight"), "must not be 0");
        json_t *d = json_object_get(e, "duty");
        const char *why;
        if (d != NULL && (!json_is_string(d) ||
                          (why = parse_duty(json_string_value(d), &prefs[i].duty)) != NULL))
            return fail(ld, join(ld, ipath, "duty"),
                        "not a duty (noon, evening, saturday or "
                        "holiday)");
        json_t *w = json_object_get(e, "weekday");
        if (w != NULL && (!json_is_string(w) ||
                          (why = parse_weekday(json_string_value(w), &prefs[i].weekday)) != NULL))
            return fail(ld, join(ld, ipath, "weekday"),
                        "not a weekday (mon, tue, wed, thu, fri, "
                        "sat, sun)");
    }
    return FH_OK;
}

static fh_result read_staff_member(struct loader *ld, json_t *obj, const char *path,
                                   const struct sched_office_spec *office, struct cfg_staff *p)
{
    static const struct field fields[] = {
        {"id", F_STRING, 0, 0, 0, true, "[a-z0-9_-], up to 32"},
        {"name", F_STRING, sizeof(const char *), 0, 0, true, "the person's name"},
        {"email", F_STRING, 2 * sizeof(const char *), 0, 0, false, "for the roster e-mails"},
        {"phone", F_STRING, 3 * sizeof(const char *), 0, 0, false,
         "Taiwan mobile, 09xxxxxxxx or +8869xxxxxxxx"},
    };
    static const char *const extra[] = {"skills", "leave", "preferences", "max_duties", NULL};
    const char *text[4] = {NULL, NULL, NULL, NULL};
    fh_result r = read_fields(ld, obj, path, fields, 4, extra, text);
    if (r != FH_OK)
        return r;
    if (!valid_staff_id(text[0]))
        return fail(ld, join(ld, path, "id"), "must be 1 to %d of a-z, 0-9, _ and -", STAFF_ID_MAX);
    const char *why;
    if ((why = val_name(text[1])) != NULL)
        return fail(ld, join(ld, path, "name"), "%s", why);
    if (text[2] != NULL && (why = val_email(text[2])) != NULL)
        return fail(ld, join(ld, path, "email"), "%s", why);
    p->id = fh_strdup(text[0]);
    p->name = fh_strdup(text[1]);
    p->email = text[2] != NULL ? fh_strdup(text[2]) : NULL;
    p->sched.id = p->id;
    char e164[VAL_PHONE_LEN + 1];
    if (text[3] != NULL && val_phone(text[3], e164) != NULL)
        return fail(ld, join(ld, path, "phone"),
                    "not a Taiwan mobile number (09xxxxxxxx or +8869xxxxxxxx)");
    p->phone = text[3] != NULL ? fh_strdup(e164) : NULL;
    json_t *v = json_object_get(obj, "skills");
    if (v == NULL)
        return fail(ld, join(ld, path, "skills"), "missing (service ids, or \"all\")");
    if ((r = read_skills(ld, v, join(ld, path, "skills"), office, &p->sched.skills)) != FH_OK)
        return r;
    if ((v = json_object_get(obj, "leave")) != NULL &&
        (r = read_leave(ld, v, join(ld, path, "leave"), p)) != FH_OK)
        return r;
    if ((v = json_object_get(obj, "preferences")) != NULL &&
        (r = read_preferences(ld, v, join(ld, path, "preferences"), p)) != FH_OK)
        return r;
    if ((v = json_object_get(obj, "max_duties")) != NULL) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 31)
            return fail(ld, join(ld, path, "max_duties"),
                        "must be 0 to 31 (0: the office's default)");
        p->sched.max_duties = (int)json_integer_value(v);
    }
    return FH_OK;
}

static fh_result read_staff(struct loader *ld, json_t *arr, const char *path,
                            const struct sched_office_spec *office, struct cfg_roster *roster)
{
    if (arr == NULL)
        return FH_OK;
    if (!json_is_array(arr))
        return fail(ld, path, "must be an array of staff");
    size_t n = json_array_size(arr);
    if (n > MAX_STAFF)
        return fail(ld, path, "more than %d staff", MAX_STAFF);
    roster->staff = fh_calloc(n > 0 ? n : 1, sizeof *roster->staff);
    for (size_t i = 0; i < n; i++) {
        const char *ipath = index_path(ld, path, i);
        roster->staff_count++;
        fh_result r =
            read_staff_member(ld, json_array_get(arr, i), ipath, office, &roster->staff[i]);
        if (r != FH_OK)
            return r;
        for (size_t j = 0; j < i; j++)
            if (strcmp(roster->staff[j].id, roster->staff[i].id) == 0)
                return fail(ld, join(ld, ipath, "id"), "the same id as %s[%zu]", path, j);
    }
    return FH_OK;
}

/* {"noon": N, "evening": N, "saturday": N, "holiday": N}, each optional. */
static fh_result read_per_duty(struct loader *ld, json_t *obj, const char *path, long min, long max,
                               const char *help, int per_duty[SCHED_DUTY_COUNT])
{
    struct field fields[SCHED_DUTY_COUNT];
    for (int d = 0; d < SCHED_DUTY_COUNT; d++)
        fields[d] = (struct field){sched_duty_name((enum sched_duty)d),
                                   F_INT,
                                   (size_t)d * sizeof(int),
                                   min,
                                   max,
                                   false,
                                   help};
    return read_fields(ld, obj, path, fields, SCHED_DUTY_COUNT, NULL, per_duty);
}

static fh_result read_roster_rules(struct loader *ld, json_t *obj, const char *path,
                                   struct cfg_roster *roster)
{
    static const struct field fields[] = {
        {"walk_in_margin", F_INT, FIELD(struct cfg_roster, rules.walk_in_margin), 0, 100, false,
         "staff added to what the bookings need (0)"},
        {"one_flex_per_day", F_BOOL, FIELD(struct cfg_roster, rules.one_flex_per_day), 0, 0, false,
         "at most one of noon and evening per person per day (true)"},
        {"max_consecutive_days", F_INT, FIELD(struct cfg_roster, rules.max_consecutive_days), 0, 31,
         false, "working days in a row, duties included (6; 0: no cap)"},
        {"max_duties_per_month", F_INT, FIELD(struct cfg_roster, rules.max_duties_per_month), 0, 31,
         false, "flexible duties per person and month (8; 0: no cap)"},
        {"comp_weeks", F_INT, FIELD(struct cfg_roster, comp_weeks), 1, 52, false,
         "weeks within which compensatory time is to be taken (4)"},
    };
    static const char *const extra[] = {"weights", "comp_minutes", "min_staff", NULL};
    roster->rules = sched_roster_rules_default;
    roster->comp_weeks = 4;
    if (obj == NULL)
        return FH_OK;
    fh_result r =
        read_fields(ld, obj, path, fields, sizeof fields / sizeof fields[0], extra, roster);
    json_t *v;
    if (r == FH_OK && (v = json_object_get(obj, "weights")) != NULL)
        r = read_per_duty(ld, v, join(ld, path, "weights"), 0, 10, "fairness weight of one duty",
                          roster->rules.weight);
    if (r == FH_OK && (v = json_object_get(obj, "comp_minutes")) != NULL)
        r = read_per_duty(ld, v, join(ld, path, "comp_minutes"), 0, 1440,
                          "compensatory minutes one duty earns", roster->rules.comp_minutes);
    if (r == FH_OK && (v = json_object_get(obj, "min_staff")) != NULL)
        r = read_per_duty(ld, v, join(ld, path, "min_staff"), 0, 100,
                          "staff a window instance needs at least", roster->rules.min_staff);
    return r;
}

static fh_result read_office(struct loader *ld, json_t *obj, const char *path,
                             struct sched_office **out, struct cfg_roster *roster)
{
    static const char *const extra[] = {"name",   "address",        "services",       "windows",
                                        "limits", "extra_openings", "closures",       "staff",
                                        "roster", "webhooks",       "no_show_policy", "releases",
                                        NULL};
    struct sched_office_spec spec;
    fh_result r;
    json_t *v;
    const char *why;

    memset(&spec, 0, sizeof spec);
    spec.timezone = "Asia/Taipei";
    spec.per_person_per_day = 1;
    spec.per_person_per_service = 1;
    spec.lapse_minutes = 15; /* the offices' published 15-minute rule */
    spec.waitlist_hold_minutes = SCHED_WAITLIST_HOLD_DEFAULT;
    /* The national site's rule: 3 no-shows suspend online booking for 6
     * months; a lapse is a booking the person did not come to in time. */
    spec.no_show = (struct sched_no_show_policy){3, 365, 180, true};
    /* The law's span: a marriage may be filed up to 3 office days ahead. */
    spec.designated_date_days = 3;
    if ((r = read_fields(ld, obj, path, office_fields,
                         sizeof office_fields / sizeof office_fields[0], extra, &spec)) != FH_OK)
        return r;
    if ((why = timezone_offset(spec.timezone, &spec.utc_offset)) != NULL)
        return fail(ld, join(ld, path, "timezone"), "%s", why);
    if ((r = read_text(ld, json_object_get(obj, "name"), join(ld, path, "name"), true,
                       &spec.name_zh, &spec.name_en)) != FH_OK)
        return r;
    if ((r = read_text(ld, json_object_get(obj, "address"), join(ld, path, "address"), false,
                       &spec.address_zh, &spec.address_en)) != FH_OK)
        return r;
    if ((v = json_object_get(obj, "limits")) != NULL) {
        static const struct field fields[] = {
            {"per_person_per_day", F_INT, FIELD(struct sched_office_spec, per_person_per_day), 0,
             100, false, "bookings one person may hold on one date (0: no limit)"},
            {"per_person_per_service", F_INT,
             FIELD(struct sched_office_spec, per_person_per_service), 0, 100, false,
             "active bookings one person may hold per service (0: no limit)"},
        };
        if ((r = read_fields(ld, v, join(ld, path, "limits"), fields, 2, NULL, &spec)) != FH_OK)
            return r;
    }

    if ((v = json_object_get(obj, "no_show_policy")) != NULL) {
        static const struct field fields[] = {
            {"count", F_INT, FIELD(struct sched_office_spec, no_show.count), 0, 100, false,
             "no-shows that suspend online booking (3; 0: never)"},
            {"within_days", F_INT, FIELD(struct sched_office_spec, no_show.within_days), 1, 3660,
             false, "counted within this many days (365)"},
            {"suspend_days", F_INT, FIELD(struct sched_office_spec, no_show.suspend_days), 1, 3660,
             false, "days the suspension lasts from the last no-show (180)"},
            {"count_lapsed", F_BOOL, FIELD(struct sched_office_spec, no_show.count_lapsed), 0, 0,
             false, "a lapsed booking counts as a no-show (true)"},
        };
        if ((r = read_fields(ld, v, join(ld, path, "no_show_policy"), fields, 4, NULL, &spec)) !=
            FH_OK)
            return r;
    }

    const char *spath = join(ld, path, "services");
    v = json_object_get(obj, "services");
    if (!json_is_array(v) || json_array_size(v) == 0)
        return fail(ld, spath, "must be a non-empty array of services");
    spec.service_count = json_array_size(v);
    struct sched_service_spec *services = keep(ld, fh_calloc(spec.service_count, sizeof *services));
    for (size_t i = 0; i < spec.service_count; i++)
        if ((r = read_service(ld, json_array_get(v, i), index_path(ld, spath, i), &services[i])) !=
            FH_OK)
            return r;
    spec.services = services;

    static const char *const lists[2] = {"windows", "extra_openings"};
    for (int l = 0; l < 2; l++) {
        const char *wpath = join(ld, path, lists[l]);
        v = json_object_get(obj, lists[l]);
        if (v == NULL && l == 1)
            continue;
        if (!json_is_array(v))
            return fail(ld, wpath, "must be an array of windows");
        size_t n = json_array_size(v);
        struct sched_window_spec *windows = keep(ld, fh_calloc(n, sizeof *windows));
        for (size_t i = 0; i < n; i++)
            if ((r = read_window(ld, json_array_get(v, i), index_path(ld, wpath, i), l == 1, &spec,
                                 &windows[i])) != FH_OK)
                return r;
        if (l == 0) {
            spec.windows = windows;
            spec.window_count = n;
        } else {
            spec.extra_openings = windows;
            spec.extra_opening_count = n;
        }
    }

    if ((r = read_releases(ld, obj, path, &spec)) != FH_OK)
        return r;

    if ((v = json_object_get(obj, "closures")) != NULL) {
        static const struct field fields[] = {
            {"date", F_DATE, FIELD(struct sched_closure, date), 0, 0, true, "YYYY-MM-DD"},
            {"reason", F_STRING, FIELD(struct sched_closure, reason), 0, 0, false,
             "shown to citizens"},
        };
        const char *cpath = join(ld, path, "closures");
        if (!json_is_array(v))
            return fail(ld, cpath, "must be an array of {\"date\", \"reason\"}");
        spec.closure_count = json_array_size(v);
        struct sched_closure *closures = keep(ld, fh_calloc(spec.closure_count, sizeof *closures));
        for (size_t i = 0; i < spec.closure_count; i++)
            if ((r = read_fields(ld, json_array_get(v, i), index_path(ld, cpath, i), fields, 2,
                                 NULL, &closures[i])) != FH_OK)
                return r;
        spec.closures = closures;
    }

    /* Before the office is compiled, so that a mistake here leaks nothing;
     * skills are bits of the services' positions, which the office keeps. */
    if ((r = read_roster_rules(ld, json_object_get(obj, "roster"), join(ld, path, "roster"),
                               roster)) != FH_OK)
        return r;
    if ((r = read_staff(ld, json_object_get(obj, "staff"), join(ld, path, "staff"), &spec,
                        roster)) != FH_OK)
        return r;

    char why_office[FH_ERR_LEN] = "";
    *out = sched_office_create(&spec, why_office, sizeof why_office);
    if (*out == NULL)
        return fail(ld, "", "%s.%s", path, why_office);
    return FH_OK;
}

/* ---- webhooks ------------------------------------------------------------- */

/* Standard base64 (the alphabet of "whsec_" secrets), padded: NULL, or why
 * text is not the canonical base64 of 24 to 64 bytes. It is read as the
 * base64url it maps to one to one (fh_base64url_decode(), which refuses
 * unused bits set), so one secret has one text. */
static const char *decode_secret(const char *text, uint8_t *out, size_t *n)
{
    static const char bad[] = "must be whsec_ and the base64 of 24 to 64 random bytes";
    char url[4 * ((CFG_WEBHOOK_SECRET_MAX + 2) / 3) + 1];
    size_t len = strlen(text), k = 0;
    if (len == 0 || len % 4 != 0 || len >= sizeof url)
        return bad;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '=' && i >= len - 2 && (i == len - 1 || text[len - 1] == '='))
            continue;
        if (ch == '-' || ch == '_' || ch == '=')
            return bad;
        url[k++] = ch == '+' ? '-' : ch == '/' ? '_' : ch;
    }
    url[k] = '\0';
    if (fh_base64url_decode(url, out, CFG_WEBHOOK_SECRET_MAX, n) != NULL)
        return bad;
    if (*n < CFG_WEBHOOK_SECRET_MIN)
        return "must hold at least 24 bytes after whsec_ (Standard Webhooks)";
    return NULL;
}

static fh_result read_webhooks(struct loader *ld, struct fh_config *cfg, json_t *arr,
                               const char *path, const char *office)
{
    if (arr == NULL)
        return FH_OK;
    if (!json_is_array(arr))
        return fail(ld, path, "must be an array of {\"url\", \"secret\", \"events\"}");
    size_t n = json_array_size(arr);
    if (n == 0)
        return FH_OK;
    cfg->webhooks = fh_realloc(cfg->webhooks, (cfg->webhook_count + n) * sizeof *cfg->webhooks);
    for (size_t i = 0; i < n; i++) {
        const char *hpath = index_path(ld, path, i);
        json_t *h = json_array_get(arr, i);
        if (!json_is_object(h))
            return fail(ld, hpath, "must be an object");
        const char *key;
        json_t *value;
        json_object_foreach(h, key, value)
        {
            if (strcmp(key, "url") != 0 && strcmp(key, "secret") != 0 && strcmp(key, "events") != 0)
                return fail(ld, join(ld, hpath, key), "unknown key");
        }
        const char *url = json_string_value(json_object_get(h, "url"));
        if (url == NULL || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
            strlen(url) > 400 || strpbrk(url, " \t\r\n") != NULL ||
            url[strncmp(url, "https://", 8) == 0 ? 8 : 7] == '\0' ||
            url[strncmp(url, "https://", 8) == 0 ? 8 : 7] == '/')
            return fail(ld, join(ld, hpath, "url"),
                        "must be an http:// or https:// URL with a host, at most 400 characters");
        for (size_t k = 0; k < cfg->webhook_count; k++)
            if (strcmp(cfg->webhooks[k].office, office) == 0 &&
                strcmp(cfg->webhooks[k].url, url) == 0)
                return fail(ld, join(ld, hpath, "url"), "the same URL twice for one office");
        const char *secret = json_string_value(json_object_get(h, "secret"));
        struct cfg_webhook w;
        memset(&w, 0, sizeof w);
        const char *why = secret == NULL || strncmp(secret, "whsec_", 6) != 0
                              ? "must be whsec_ and the base64 of 24 to 64 random bytes"
                              : decode_secret(secret + 6, w.secret, &w.secret_len);
        if (why != NULL)
            return fail(ld, join(ld, hpath, "secret"), "%s", why);
        json_t *ev = json_object_get(h, "events");
        const char *epath = join(ld, hpath, "events");
        if (!json_is_array(ev) || json_array_size(ev) == 0)
            return fail(ld, epath, "must be a non-empty array of event names");
        for (size_t k = 0; k < json_array_size(ev); k++) {
            int e = sched_event_parse(json_string_value(json_array_get(ev, k)));
            if (e < 0)
                return fail(ld, index_path(ld, epath, k),
                            "not an event: booking.created, booking.moved, booking.cancelled, "
                            "booking.checked_in, booking.lapsed or booking.no_show");
            w.events |= 1u << e;
        }
        w.office = fh_strdup(office);
        w.url = fh_strdup(url);
        cfg->webhooks[cfg->webhook_count++] = w;
    }
    return FH_OK;
}

const struct cfg_webhook *cfg_webhook_find(const struct fh_config *cfg, const char *office,
                                           const char *url)
{
    for (size_t i = 0; i < cfg->webhook_count; i++)
        if (strcmp(cfg->webhooks[i].office, office) == 0 && strcmp(cfg->webhooks[i].url, url) == 0)
            return &cfg->webhooks[i];
    return NULL;
}

/* ---- the rest of the file ------------------------------------------------ */

static fh_result read_calendar(struct loader *ld, json_t *arr, struct sched_calendar *cal)
{
    if (arr == NULL)
        return FH_OK;
    if (!json_is_array(arr))
        return fail(ld, "calendar", "must be an array of {\"date\", \"type\", \"name\"}");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        static const struct field fields[] = {
            {"date", F_DATE, 0, 0, 0, true, "YYYY-MM-DD"},
        };
        static const char *const extra[] = {"type", "name", NULL};
        const char *path = index_path(ld, "calendar", i);
        json_t *e = json_array_get(arr, i);
        fh_day day;
        enum sched_day_type type;
        fh_result r = read_fields(ld, e, path, fields, 1, extra, &day);
        if (r != FH_OK)
            return r;
        const char *why =
            sched_day_type_parse(json_string_value(json_object_get(e, "type")), &type);
        if (why != NULL)
            return fail(ld, join(ld, path, "type"), "%s", why);
        json_t *name = json_object_get(e, "name");
        if (name != NULL && !json_is_string(name))
            return fail(ld, join(ld, path, "name"), "must be a string");
        sched_calendar_set(cal, day, type, json_string_value(name));
    }
    return FH_OK;
}

#define MAX_PROXIES 64

/* A list of addresses and ranges under key (trusted_proxies,
 * metrics_allow). */
static fh_result read_nets(struct loader *ld, const char *key, json_t *arr, struct cfg_net **out,
                           size_t *count)
{
    if (arr == NULL)
        return FH_OK;
    if (!json_is_array(arr) || json_array_size(arr) > MAX_PROXIES)
        return fail(ld, key, "must be an array of at most %d addresses or ranges (\"10.0.0.0/8\")",
                    MAX_PROXIES);
    *out = fh_calloc(json_array_size(arr) + 1, sizeof **out);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        const char *why = json_is_string(v) ? cfg_net_parse(json_string_value(v), &(*out)[i])
                                            : "must be an address or a range as a string";
        if (why != NULL)
            return fail(ld, index_path(ld, key, i), "%s", why);
        (*count)++;
    }
    return FH_OK;
}

static fh_result read_managers(struct loader *ld, json_t *arr, struct fh_config *cfg)
{
    if (arr == NULL)
        return FH_OK;
    if (!json_is_array(arr))
        return fail(ld, "managers",
                    "must be an array of {\"name\", \"token_sha256\", \"offices\"}");
    cfg->manager_count = json_array_size(arr);
    cfg->managers = fh_calloc(cfg->manager_count, sizeof *cfg->managers);
    for (size_t i = 0; i < cfg->manager_count; i++) {
        static const struct field fields[] = {
            {"name", F_STRING, 0, 0, 0, true, "who holds the token"},
            {"token_sha256", F_STRING, sizeof(const char *), 0, 0, true,
             "SHA-256 of the bearer token, 64 hex digits"},
        };
        static const char *const extra[] = {"offices", NULL};
        const char *pair[2] = {NULL, NULL};
        const char *path = index_path(ld, "managers", i);
        fh_result r = read_fields(ld, json_array_get(arr, i), path, fields, 2, extra, pair);
        if (r != FH_OK)
            return r;
        if (strlen(pair[1]) != 64 ||
            fh_hex_decode(pair[1], cfg->managers[i].token_sha256, 32) != NULL)
            return fail(ld, join(ld, path, "token_sha256"), "must be 64 hex digits");
        cfg->managers[i].name = fh_strdup(pair[0]);
        /* Absent: every office, as tokens had before offices could be named. */
        json_t *offices = json_object_get(json_array_get(arr, i), "offices");
        if (offices == NULL)
            continue;
        const char *opath = join(ld, path, "offices");
        if (!json_is_array(offices) || json_array_size(offices) == 0 ||
            json_array_size(offices) > MAX_OFFICES)
            return fail(ld, opath, "must be a non-empty array of office ids");
        struct cfg_manager *m = &cfg->managers[i];
        m->offices = fh_calloc(json_array_size(offices), sizeof *m->offices);
        for (size_t k = 0; k < json_array_size(offices); k++) {
            json_t *id = json_array_get(offices, k);
            if (!json_is_string(id))
                return fail(ld, index_path(ld, opath, k), "must be an office id");
            m->offices[m->office_count++] = fh_strdup(json_string_value(id));
        }
    }
    return FH_OK;
}

/* A token limited to offices names configured ones only: a typo would
 * otherwise leave a manager locked out of their own office unnoticed. */
static fh_result check_manager_offices(struct loader *ld, const struct fh_config *cfg)
{
    for (size_t i = 0; i < cfg->manager_count; i++)
        for (size_t k = 0; k < cfg->managers[i].office_count; k++)
            if (cfg_office(cfg, cfg->managers[i].offices[k]) == NULL)
                return fail(ld,
                            index_path(ld, join(ld, index_path(ld, "managers", i), "offices"), k),
                            "no such office");
    return FH_OK;
}

bool cfg_manager_covers(const struct cfg_manager *m, const char *office)
{
    if (m->offices == NULL)
        return true;
    for (size_t k = 0; k < m->office_count; k++)
        if (strcmp(m->offices[k], office) == 0)
            return true;
    return false;
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? fh_strdup(s) : NULL;
}

static fh_result read_config(struct loader *ld, json_t *root, struct fh_config *cfg)
{
    static const char *const extra[] = {
        "offices",    "calendar",        "smtp",          "sms", "managers", "notifier",
        "rate_limit", "trusted_proxies", "metrics_allow", NULL};
    /* Strings are read as pointers into the JSON, then copied. */
    struct fh_config view;
    fh_result r;
    json_t *v;

    /* JSON has no comments: "comment" carries the words for whoever edits
     * the file (the installed sample points to flexhours.conf(5)). It is
     * taken out here so that the table of keys stays the table of settings. */
    json_t *comment = json_object_get(root, "comment");
    if (comment != NULL && !json_is_string(comment))
        return fail(ld, "comment", "must be a string");
    json_object_del(root, "comment");

    memset(&view, 0, sizeof view);
    view.listen = "127.0.0.1:8080";
    view.database = "flexhours.db";
    view.outbox_log = "outbox.log";
    view.retention_days = 90;
    view.session_idle_minutes = 30;
    if ((r = read_fields(ld, root, "", top_fields, sizeof top_fields / sizeof top_fields[0], extra,
                         &view)) != FH_OK)
        return r;
    cfg->listen = fh_strdup(view.listen);
    if (view.public_url != NULL) {
        size_t n = strlen(view.public_url);
        if (strncmp(view.public_url, "http://", 7) != 0 &&
            strncmp(view.public_url, "https://", 8) != 0)
            return fail(ld, "public_url", "must start with http:// or https://");
        /* Links are built as public_url + "/api/...": no trailing slash. */
        while (n > 0 && view.public_url[n - 1] == '/')
            n--;
        cfg->public_url = fh_strndup(view.public_url, n);
    } else {
        cfg->public_url = fh_asprintf("http://%s", view.listen);
        cfg->public_url_from_listen = true;
    }
    cfg->database = fh_strdup(view.database);
    cfg->key_file = dup_or_null(view.key_file);
    cfg->retention_days = view.retention_days;
    cfg->session_idle_minutes = view.session_idle_minutes;
    cfg->outbox_log = fh_strdup(view.outbox_log);

    if ((v = json_object_get(root, "smtp")) != NULL) {
        struct cfg_smtp smtp = {NULL, 587, false, NULL, NULL, NULL};
        if ((r = read_fields(ld, v, "smtp", mail_server_fields,
                             sizeof mail_server_fields / sizeof mail_server_fields[0], NULL,
                             &smtp)) != FH_OK)
            return r;
        cfg->smtp = (struct cfg_smtp){fh_strdup(smtp.host),
                                      smtp.port,
                                      smtp.starttls,
                                      dup_or_null(smtp.username),
                                      dup_or_null(smtp.password),
                                      fh_strdup(smtp.from)};
    }
    if ((v = json_object_get(root, "sms")) != NULL) {
        static const char *const sms_extra[] = {"provider", NULL};
        struct cfg_sms sms;
        memset(&sms, 0, sizeof sms);
        if ((r = read_fields(ld, v, "sms", sms_fields, sizeof sms_fields / sizeof sms_fields[0],
                             sms_extra, &sms)) != FH_OK)
            return r;
        const char *provider = json_string_value(json_object_get(v, "provider"));
        if (provider != NULL && strcmp(provider, "kannel") == 0)
            sms.provider = CFG_SMS_KANNEL;
        else if (provider != NULL && strcmp(provider, "http") == 0)
            sms.provider = CFG_SMS_HTTP;
        else
            return fail(ld, "sms.provider", "must be \"kannel\" or \"http\"");
        if (sms.provider == CFG_SMS_HTTP && sms.body_template == NULL)
            return fail(ld, "sms.body_template", "missing (the http provider needs it)");
        cfg->sms = (struct cfg_sms){sms.provider,
                                    fh_strdup(sms.url),
                                    dup_or_null(sms.username),
                                    dup_or_null(sms.password),
                                    fh_strdup(sms.from),
                                    dup_or_null(sms.body_template)};
    }
    cfg->rate_limit = (struct cfg_rate_limit){30, 10, 64, 10};
    /* Loopback clients were once exempt: behind a proxy that made every
     * client one bucket, or nobody limited. The key is refused with the
     * way out rather than ignored. */
    if ((v = json_object_get(root, "rate_limit")) != NULL && json_is_object(v) &&
        json_object_get(v, "loopback") != NULL)
        return fail(ld, "rate_limit.loopback",
                    "no longer exists: loopback clients are limited like any other; list a "
                    "reverse proxy in trusted_proxies");
    if (v != NULL && (r = read_fields(ld, v, "rate_limit", rate_limit_fields,
                                      sizeof rate_limit_fields / sizeof rate_limit_fields[0], NULL,
                                      &cfg->rate_limit)) != FH_OK)
        return r;
    if ((r = read_nets(ld, "trusted_proxies", json_object_get(root, "trusted_proxies"),
                       &cfg->trusted_proxies, &cfg->trusted_proxy_count)) != FH_OK)
        return r;
    if ((r = read_nets(ld, "metrics_allow", json_object_get(root, "metrics_allow"),
                       &cfg->metrics_allow, &cfg->metrics_allow_count)) != FH_OK)
        return r;
    cfg->notifier = (struct cfg_notifier){sched_reminders_default, 8, 30, 500};
    if ((v = json_object_get(root, "notifier")) != NULL) {
        static const char *const notifier_extra[] = {"reminders", NULL};
        if ((r = read_fields(ld, v, "notifier", notifier_fields,
                             sizeof notifier_fields / sizeof notifier_fields[0], notifier_extra,
                             &cfg->notifier)) != FH_OK)
            return r;
        /* "reminders": false switches both reminders off */
        json_t *on = json_object_get(v, "reminders");
        if (on != NULL && !json_is_boolean(on))
            return fail(ld, "notifier.reminders", "must be true or false");
        if (json_is_false(on))
            cfg->notifier.reminders.email_at = cfg->notifier.reminders.sms_before = -1;
    }
    if ((r = read_managers(ld, json_object_get(root, "managers"), cfg)) != FH_OK)
        return r;
    if ((r = read_calendar(ld, json_object_get(root, "calendar"), cfg->calendar)) != FH_OK)
        return r;

    v = json_object_get(root, "offices");
    if (!json_is_array(v) || json_array_size(v) == 0)
        return fail(ld, "offices", "must be a non-empty array of offices");
    if (json_array_size(v) > MAX_OFFICES)
        return fail(ld, "offices", "more than %d offices", MAX_OFFICES);
    size_t n = json_array_size(v);
    cfg->offices = fh_calloc(n, sizeof *cfg->offices);
    cfg->rosters = fh_calloc(n, sizeof *cfg->rosters);
    for (size_t i = 0; i < n; i++) {
        const char *path = index_path(ld, "offices", i);
        if ((r = read_office(ld, json_array_get(v, i), path, &cfg->offices[i], &cfg->rosters[i])) !=
            FH_OK) {
            free_roster(&cfg->rosters[i]); /* cfg_free() frees the offices counted */
            return r;
        }
        cfg->office_count++;
        json_t *hooks = json_object_get(json_array_get(v, i), "webhooks");
        if ((r = read_webhooks(ld, cfg, hooks, join(ld, path, "webhooks"),
                               sched_office_spec(cfg->offices[i])->id)) != FH_OK)
            return r;
        for (size_t j = 0; j < i; j++)
            if (strcmp(sched_office_spec(cfg->offices[j])->id,
                       sched_office_spec(cfg->offices[i])->id) == 0)
                return fail(ld, join(ld, path, "id"), "the same id as offices[%zu]", j);
    }
    return check_manager_offices(ld, cfg);
}

fh_result cfg_load_string(const char *json, size_t len, const char *origin, struct fh_config **out,
                          char *err, size_t errlen)
{
    struct loader ld = {origin, err, errlen, NULL, 0, 0};
    json_error_t jerr;
    *out = NULL;

    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "%s: line %d, column %d: %s", origin, jerr.line,
                       jerr.column, jerr.text);
    /* A file that leaves out "offices" (only smtp, say) runs the demo
     * office, as the README promises; an empty array is still refused. */
    if (json_is_object(root) && json_object_get(root, "offices") == NULL) {
        json_t *demo = json_loads(cfg_demo_json(), 0, NULL);
        json_object_set(root, "offices", json_object_get(demo, "offices"));
        json_decref(demo);
    }
    struct fh_config *cfg = fh_calloc(1, sizeof *cfg);
    cfg->origin = fh_strdup(origin);
    cfg->calendar = sched_calendar_create();
    fh_result r = json_is_object(root) ? read_config(&ld, root, cfg)
                                       : fail(&ld, "", "the configuration must be an object");
    json_decref(root);
    for (size_t i = 0; i < ld.garbage_count; i++)
        free(ld.garbage[i]);
    free(ld.garbage);
    if (r != FH_OK) {
        cfg_free(cfg);
        return r;
    }
    *out = cfg;
    return FH_OK;
}

fh_result cfg_load_file(const char *path, struct fh_config **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return fh_fail(err, errlen, FH_EIO, "%s: %s", path, strerror(errno));
    char *buf = fh_malloc(MAX_CONFIG_BYTES + 1);
    size_t n = fread(buf, 1, MAX_CONFIG_BYTES + 1, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    fh_result r;
    if (failed)
        r = fh_fail(err, errlen, FH_EIO, "%s: read error", path);
    else if (n > MAX_CONFIG_BYTES)
        r = fh_fail(err, errlen, FH_EINVAL, "%s: larger than %d bytes", path, MAX_CONFIG_BYTES);
    else
        r = cfg_load_string(buf, n, path, out, err, errlen);
    free(buf);
    return r;
}

fh_result cfg_load_demo(struct fh_config **out, char *err, size_t errlen)
{
    const char *json = cfg_demo_json();
    return cfg_load_string(json, strlen(json), "(embedded demo)", out, err, errlen);
}

void cfg_free(struct fh_config *cfg)
{
    if (cfg == NULL)
        return;
    free(cfg->origin);
    free(cfg->listen);
    free(cfg->public_url);
    free(cfg->database);
    free(cfg->key_file);
    free(cfg->outbox_log);
    for (size_t i = 0; i < cfg->office_count; i++) {
        sched_office_free(cfg->offices[i]);
        free_roster(&cfg->rosters[i]);
    }
    free(cfg->offices);
    free(cfg->rosters);
    free(cfg->trusted_proxies);
    free(cfg->metrics_allow);
    sched_calendar_free(cfg->calendar);
    free(cfg->smtp.host);
    free(cfg->smtp.username);
    free(cfg->smtp.password);
    free(cfg->smtp.from);
    free(cfg->sms.url);
    free(cfg->sms.username);
    free(cfg->sms.password);
    free(cfg->sms.from);
    free(cfg->sms.body_template);
    for (size_t i = 0; i < cfg->manager_count; i++) {
        free(cfg->managers[i].name);
        for (size_t k = 0; k < cfg->managers[i].office_count; k++)
            free(cfg->managers[i].offices[k]);
        free(cfg->managers[i].offices);
    }
    free(cfg->managers);
    for (size_t i = 0; i < cfg->webhook_count; i++) {
        free(cfg->webhooks[i].office);
        free(cfg->webhooks[i].url);
    }
    fh_wipe(cfg->webhooks, cfg->webhook_count * sizeof *cfg->webhooks);
    free(cfg->webhooks);
    free(cfg);
}

const struct sched_office *cfg_office(const struct fh_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->office_count; i++)
        if (id != NULL && strcmp(sched_office_spec(cfg->offices[i])->id, id) == 0)
            return cfg->offices[i];
    return NULL;
}

const struct cfg_roster *cfg_office_roster(const struct fh_config *cfg, const char *office)
{
    for (size_t i = 0; i < cfg->office_count; i++)
        if (office != NULL && strcmp(sched_office_spec(cfg->offices[i])->id, office) == 0)
            return &cfg->rosters[i];
    return NULL;
}

int cfg_staff_index(const struct cfg_roster *roster, const char *id)
{
    for (size_t i = 0; roster != NULL && id != NULL && i < roster->staff_count; i++)
        if (strcmp(roster->staff[i].id, id) == 0)
            return (int)i;
    return -1;
}
