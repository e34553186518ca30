/* api_staff.c: the manager's endpoints for staff and rosters (generate,
 * show, publish, edit one duty, pins and bans, compensatory time), each
 * person's duty feed behind a key of their own, and what bookings mean for
 * the holiday duty: a holiday wedding with nobody on duty tells the office,
 * and confirming it dispatches somebody. */
#include "api/api_internal.h"
#include "api/api_roster.h"
#include "validate/val.h"
#include "calendars/cal.h"
#include "common/fh_hash.h"

#include <stdlib.h>
#include <string.h>

/* How far back and ahead a duty feed reaches. */
#define DUTY_FEED_DAYS_BEHIND 31
#define DUTY_FEED_DAYS_AHEAD  186
#define MAX_STAFF_PER_DUTY    64

/* The office and month of a roster path (/offices/{office}/roster/{month}),
 * for svc_roster_*(), which hold the calendar and the change lock. */
static bool roster_ref(struct http_ctx *c, struct svc_roster_ref *ref)
{
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return false;
    int year, month;
    const char *why = svc_roster_month_parse(c->params[1], &year, &month);
    if (why != NULL) {
        api_reply_invalid(c, "month", why);
        return false;
    }
    svc_roster_ref_init(ref, c->svc, office, year, month);
    return true;
}

static void reply_store(struct http_ctx *c, fh_result r, const char *err)
{
    switch (r) {
    case FH_EINVAL:
        api_reply_result(c, r, "roster_rule", err, NULL);
        break;
    case FH_ENOTFOUND:
        api_reply_result(c, r, "not_found", err, NULL);
        break;
    case FH_ECONFLICT:
        api_reply_result(c, r, "roster_conflict", err, NULL);
        break;
    default:
        fh_log(FH_LOG_ERROR, "roster: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
    }
}

/* 409 roster_overbooked, with the bookings that would lose their place. */
static void reply_overbooked(struct http_ctx *c, const char *err, const struct svc_roster_ref *ref,
                             const struct svc_roster_view *v)
{
    json_t *body =
        json_pack("{s:{s:s, s:s}}", "error", "code", "roster_overbooked", "message", err);
    json_object_set_new(body, "bookings", api_roster_bookings_json(ref->office, v));
    api_reply_json(c, HTTP_CONFLICT, body);
}

static bool field_bool(struct http_ctx *c, json_t *doc, const char *name, bool *out)
{
    json_t *v = json_object_get(doc, name);
    if (v == NULL)
        return true;
    if (!json_is_boolean(v)) {
        api_reply_invalid(c, name, "must be true or false");
        return false;
    }
    *out = json_is_true(v);
    return true;
}

/* ---- staff ------------------------------------------------------------------ */

/* GET /api/v1/offices/{office}/staff: who works there, what they handle,
 * and the link of each person's duty feed (to hand to that person). */
void api_staff_list(struct http_ctx *c)
{
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, o->id);
    json_t *list = json_array();
    for (size_t i = 0; roster != NULL && i < roster->staff_count; i++) {
        const struct cfg_staff *s = &roster->staff[i];
        json_t *skills = json_array();
        for (size_t k = 0; k < o->service_count; k++)
            if (s->sched.skills & (1ull << k))
                json_array_append_new(skills, json_string(o->services[k].id));
        char key[STORE_TOKEN_LEN + 1];
        store_duty_feed_key(c->svc->store, o->id, s->id, key);
        char *feed = fh_asprintf("%s/api/v1/offices/%s/staff/%s/duties.ics?key=%s",
                                 c->svc->cfg->public_url, o->id, s->id, key);
        fh_wipe(key, sizeof key);
        json_t *e = json_pack("{s:s, s:s, s:o, s:i, s:i, s:s}", "id", s->id, "name", s->name,
                              "skills", skills, "leave_days", (int)s->sched.leave_count,
                              "max_duties", s->sched.max_duties, "feed", feed);
        if (s->email != NULL)
            json_object_set_new(e, "email", json_string(s->email));
        if (s->phone != NULL)
            json_object_set_new(e, "phone", json_string(s->phone));
        json_array_append_new(list, e);
        free(feed);
    }
    api_reply_json(c, HTTP_OK, json_pack("{s:s, s:o}", "office", o->id, "staff", list));
}

/* GET /api/v1/offices/{office}/staff/{id}/duties.ics?key=: a person's
 * published duties, for their own calendar. */
void api_staff_duties_feed(struct http_ctx *c)
{
    static const char *const allowed[] = {"key", NULL};
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, allowed))
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, o->id);
    int s = roster != NULL ? cfg_staff_index(roster, c->params[1]) : -1;
    if (!api_guess_allowed(c))
        return;
    const char *given = http_query(c, "key");
    /* Under any key id the key file holds: a feed subscribed before a
     * rotation keeps working, a revoked one does not. */
    char *label = fh_asprintf("duty-feed:%s:%s", o->id, c->params[1]);
    bool ok = store_link_key_matches(c->svc->store, label, given);
    free(label);
    if (!ok) {
        http_guess_failed(c);
        api_reply_result(c, FH_EAUTH, "unauthorized", "a valid feed key is required", "key");
        return;
    }
    if (s < 0) {
        api_reply_error(c, HTTP_NOT_FOUND, "not_found", "no such person", NULL);
        return;
    }
    int64_t now = fh_clock_now();
    fh_day today = fh_day_of(fh_local_from_utc(now, o->utc_offset));
    struct store_duty *duties;
    size_t n;
    char err[FH_ERR_LEN] = "";
    fh_result r =
        store_duties_of(c->svc->store, o->id, roster->staff[s].id, today - DUTY_FEED_DAYS_BEHIND,
                        today + DUTY_FEED_DAYS_AHEAD, &duties, &n, err, sizeof err);
    if (r != FH_OK) {
        reply_store(c, r, err);
        return;
    }
    struct cal_duty_view *views = fh_calloc(n + 1, sizeof *views);
    size_t shown = 0;
    const struct sched_calendar *cal = svc_calendar_hold(c->svc);
    for (size_t i = 0; i < n; i++) {
        struct cal_duty_view *v = &views[shown];
        v->day = duties[i].day;
        v->duty = duties[i].duty;
        v->comp_minutes = sched_duty_comp(office, cal, &roster->rules, v->day, v->duty);
        if (cal_duty_window(office, cal, v->day, v->duty, &v->start, &v->end))
            shown++;
    }
    svc_calendar_release(c->svc);
    char *text =
        cal_feed_duties(office, roster->staff[s].id, roster->staff[s].name, views, shown, now);
    free(views);
    free(duties);
    if (text == NULL)
        api_reply_result(c, FH_EINTERNAL, "internal_error", "the feed could not be made", NULL);
    else
        api_reply_calendar(c, text, "PUBLISH");
}

/* ---- rosters ---------------------------------------------------------------- */

static void reply_view(struct http_ctx *c, const struct svc_roster_ref *ref,
                       const struct svc_roster_view *v)
{
    api_reply_json(c, HTTP_OK, api_roster_json(ref, v));
}

/* GET /api/v1/offices/{office}/roster/{month} */
void api_roster_get(struct http_ctx *c)
{
    struct svc_roster_ref ref;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}) ||
        !roster_ref(c, &ref))
        return;
    struct svc_roster_view v;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_roster_show(&ref, &v, err, sizeof err);
    if (r == FH_OK)
        reply_view(c, &ref, &v);
    else
        reply_store(c, r, err);
    svc_roster_view_free(&v);
}

/* POST /api/v1/offices/{office}/roster/{month}/generate: solve and keep as
 * the month's draft. */
void api_roster_generate_month(struct http_ctx *c)
{
    struct svc_roster_ref ref;
    bool failed;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *body = api_body_optional(c, (const char *const[]){NULL}, &failed);
    json_decref(body);
    if (failed || !roster_ref(c, &ref))
        return;
    struct svc_roster_view v;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = svc_roster_generate(&ref, who, &v, err, sizeof err);
    if (r == FH_OK)
        reply_view(c, &ref, &v);
    else
        reply_store(c, r, err);
    svc_roster_view_free(&v);
}

/* POST /api/v1/offices/{office}/roster/{month}/publish {"force"} */
void api_roster_publish_month(struct http_ctx *c)
{
    static const char *const fields[] = {"force", NULL};
    struct svc_roster_ref ref;
    bool failed, force = false;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *body = api_body_optional(c, fields, &failed);
    if (failed || !field_bool(c, body, "force", &force) || !roster_ref(c, &ref)) {
        json_decref(body);
        return;
    }
    json_decref(body);
    struct svc_roster_view v;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = svc_roster_publish(&ref, force, who, &v, err, sizeof err);
    if (r == FH_OK)
        reply_view(c, &ref, &v);
    else if (r == FH_EREFUSED)
        reply_overbooked(c, err, &ref, &v);
    else
        reply_store(c, r, err);
    svc_roster_view_free(&v);
}

static bool parse_date_duty(struct http_ctx *c, const char *date, const char *duty, fh_day *day,
                            enum sched_duty *d)
{
    const char *why = date == NULL ? "missing (YYYY-MM-DD)" : fh_parse_date(date, day);
    if (why != NULL) {
        api_reply_invalid(c, "date", why);
        return false;
    }
    why = duty == NULL ? "missing (noon, evening, saturday, holiday)" : sched_duty_parse(duty, d);
    if (why != NULL) {
        api_reply_invalid(c, "duty", why);
        return false;
    }
    return true;
}

/* The field an input fault of svc names ("date: ...", "staff: ..."), or
 * NULL for a broken rule. */
static const char *fault_field(const char *err)
{
    return strncmp(err, "date:", 5) == 0 ? "date" : strncmp(err, "staff:", 6) == 0 ? "staff" : NULL;
}

/* POST /api/v1/offices/{office}/roster/{month}/duties
 * {"date","duty","staff":[ids],"version","force"}: who is on one duty of
 * one day from now on. */
void api_roster_set_duty(struct http_ctx *c)
{
    static const char *const fields[] = {"date", "duty", "staff", "version", "force", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *body = api_body_object(c);
    if (body == NULL || !api_fields_only(c, body, fields)) {
        json_decref(body);
        return;
    }
    bool bad = false, force = false;
    const char *date = api_field_string(c, body, "date", &bad);
    const char *duty_s = bad ? NULL : api_field_string(c, body, "duty", &bad);
    fh_day day;
    enum sched_duty duty;
    json_t *staff = json_object_get(body, "staff"), *version = json_object_get(body, "version");
    const char *ids[MAX_STAFF_PER_DUTY];
    size_t count = 0;
    if (bad || !parse_date_duty(c, date, duty_s, &day, &duty) ||
        !field_bool(c, body, "force", &force))
        goto out;
    if (!json_is_array(staff) || json_array_size(staff) > MAX_STAFF_PER_DUTY) {
        api_reply_invalid(c, "staff", "must be a list of staff ids (may be empty)");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(staff); i++) {
        if ((ids[count++] = json_string_value(json_array_get(staff, i))) == NULL) {
            api_reply_invalid(c, "staff", "must be a list of staff ids (may be empty)");
            goto out;
        }
    }
    if (version != NULL && (!json_is_integer(version) || json_integer_value(version) < 0 ||
                            json_integer_value(version) > INT32_MAX)) {
        api_reply_invalid(c, "version", "must be the roster's version (a whole number)");
        goto out;
    }
    struct svc_roster_ref ref;
    if (!roster_ref(c, &ref))
        goto out;
    struct svc_roster_view v;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = svc_roster_edit(&ref, day, duty, ids, count,
                                  version ? (int)json_integer_value(version) : -1, force, who, &v,
                                  err, sizeof err);
    if (r == FH_OK) {
        reply_view(c, &ref, &v);
    } else {
        /* The input's own faults name their field; a broken rule does not. */
        const char *field = fault_field(err);
        if (r == FH_EREFUSED)
            reply_overbooked(c, err, &ref, &v);
        else if (r == FH_ECONFLICT)
            api_reply_result(c, r, "version_conflict", err, "version");
        else if (r == FH_EINVAL && field != NULL)
            api_reply_result(c, r, "invalid_field", err, field);
        else
            reply_store(c, r, err);
    }
    svc_roster_view_free(&v);
out:
    json_decref(body);
}

/* A fault svc found in a pin's input, or the store's answer. */
static void reply_pin(struct http_ctx *c, fh_result r, const char *err)
{
    const char *field = fault_field(err);
    if (r == FH_EINVAL && field != NULL)
        api_reply_invalid(c, field, err + strlen(field) + 2);
    else
        reply_store(c, r, err);
}

/* POST /api/v1/offices/{office}/roster/{month}/pins
 * {"date","duty","staff","forbid"}: keep this person on this duty when the
 * month is generated again (or, with forbid, never put them there). */
void api_roster_pin(struct http_ctx *c)
{
    static const char *const fields[] = {"date", "duty", "staff", "forbid", NULL};
    struct svc_roster_ref ref;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}) ||
        !roster_ref(c, &ref))
        return;
    json_t *body = api_body_object(c);
    if (body == NULL || !api_fields_only(c, body, fields)) {
        json_decref(body);
        return;
    }
    bool bad = false, forbid = false;
    fh_day day;
    enum sched_duty duty;
    const char *date = api_field_string(c, body, "date", &bad);
    const char *duty_s = bad ? NULL : api_field_string(c, body, "duty", &bad);
    const char *staff = bad ? NULL : api_field_string(c, body, "staff", &bad);
    if (bad || !parse_date_duty(c, date, duty_s, &day, &duty) ||
        !field_bool(c, body, "forbid", &forbid))
        goto out;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = svc_roster_pin(&ref, day, duty, staff, forbid, who, err, sizeof err);
    if (r != FH_OK)
        reply_pin(c, r, err);
    else
        api_reply_json(c, HTTP_OK,
                       json_pack("{s:s, s:s, s:s, s:b}", "date", date, "duty", duty_s, "staff",
                                 staff, "forbid", forbid));
out:
    json_decref(body);
}

/* DELETE /api/v1/offices/{office}/roster/{month}/pins?date=&duty=&staff= */
void api_roster_unpin(struct http_ctx *c)
{
    static const char *const allowed[] = {"date", "duty", "staff", NULL};
    struct svc_roster_ref ref;
    if (!api_manager_auth(c) || !api_query_only(c, allowed) || !roster_ref(c, &ref))
        return;
    fh_day day;
    enum sched_duty duty;
    if (!parse_date_duty(c, http_query(c, "date"), http_query(c, "duty"), &day, &duty))
        return;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = svc_roster_unpin(&ref, day, duty, http_query(c, "staff"), who, err, sizeof err);
    if (r != FH_OK)
        reply_pin(c, r, err);
    else
        api_reply_json(c, HTTP_OK, json_pack("{s:s}", "status", "cleared"));
}

/* ---- compensatory time -------------------------------------------------------- */

/* GET /api/v1/offices/{office}/comp[?staff=]: per person, the time earned
 * by published duties (each to be taken within the office's weeks), the
 * time taken, and what is still owed. */
void api_comp_list(struct http_ctx *c)
{
    static const char *const allowed[] = {"staff", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, allowed))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_day today = fh_day_of(fh_local_from_utc(fh_clock_now(), o->utc_offset));
    char err[FH_ERR_LEN] = "";
    struct svc_comp_person *people;
    size_t n;
    const struct sched_calendar *cal = svc_calendar_hold(c->svc);
    fh_result r = svc_comp_ledger(c->svc->cfg, c->svc->store, cal, office, http_query(c, "staff"),
                                  today, &people, &n, err, sizeof err);
    svc_calendar_release(c->svc);
    if (r == FH_EINVAL) {
        api_reply_invalid(c, "staff", "no such person");
        return;
    }
    if (r != FH_OK) {
        reply_store(c, r, err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct svc_comp_person *p = &people[i];
        json_t *earned = json_array(), *took = json_array();
        for (size_t k = 0; k < p->earning_count; k++) {
            char take_by[FH_DATE_LEN], day[FH_DATE_LEN];
            fh_format_date(p->earnings[k].day, day);
            fh_format_date(p->earnings[k].take_by, take_by);
            json_array_append_new(earned, json_pack("{s:s, s:s, s:i, s:s}", "date", day, "duty",
                                                    sched_duty_name(p->earnings[k].duty), "minutes",
                                                    p->earnings[k].minutes, "take_by", take_by));
        }
        for (size_t k = 0; k < p->taken_count; k++) {
            char day[FH_DATE_LEN];
            fh_format_date(p->taken_list[k].day, day);
            json_array_append_new(took, json_pack("{s:s, s:i, s:s}", "date", day, "minutes",
                                                  p->taken_list[k].minutes, "note",
                                                  p->taken_list[k].note));
        }
        json_array_append_new(list, json_pack("{s:s, s:i, s:i, s:i, s:o, s:o}", "staff", p->id,
                                              "earned_minutes", p->earned, "taken_minutes",
                                              p->taken, "balance_minutes", p->owed, "earned",
                                              earned, "taken", took));
    }
    svc_comp_ledger_free(people, n);
    api_reply_json(c, HTTP_OK, json_pack("{s:s, s:o}", "office", o->id, "comp", list));
}

/* POST /api/v1/offices/{office}/comp {"staff","date","minutes","note"}:
 * compensatory time taken; more than is owed is 422 comp_overdrawn. */
void api_comp_take(struct http_ctx *c)
{
    static const char *const fields[] = {"staff", "date", "minutes", "note", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    json_t *body = api_body_object(c);
    if (body == NULL || !api_fields_only(c, body, fields)) {
        json_decref(body);
        return;
    }
    bool bad = false;
    struct svc_comp_input in = {0};
    in.staff = api_field_string(c, body, "staff", &bad);
    in.date = bad ? NULL : api_field_string(c, body, "date", &bad);
    in.note = bad ? NULL : api_field_string(c, body, "note", &bad);
    json_t *minutes = json_object_get(body, "minutes");
    /* Not a whole number: out of range, so that svc names the field. */
    in.minutes = json_is_integer(minutes) ? json_integer_value(minutes) : -1;
    if (bad) {
        json_decref(body);
        return;
    }
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    const char *field = NULL;
    api_manager_who(c, who);
    fh_result r = svc_comp_take(c->svc, office, &in, who, &field, err, sizeof err);
    if (r == FH_OK)
        api_reply_json(c, HTTP_CREATED,
                       json_pack("{s:s, s:s, s:I}", "staff", in.staff, "date", in.date, "minutes",
                                 (json_int_t)in.minutes));
    else if (r == FH_EINVAL && field != NULL)
        api_reply_invalid(c, field, err);
    else if (r == FH_EREFUSED)
        api_reply_result(c, r, "comp_overdrawn", err, "minutes");
    else
        reply_store(c, r, err);
    json_decref(body);
}

/* ---- the holiday duty ----------------------------------------------------------- */

static bool is_holiday_booking(const struct store_booking *b)
{
    return strcmp(b->window, sched_window_name_str(SCHED_WIN_HOLIDAY)) == 0;
}

/* The month of day, with the calendar the caller holds. */
static void month_ref(struct svc *svc, const struct sched_office *office, fh_day day,
                      const struct sched_calendar *cal, struct svc_roster_ref *ref)
{
    int d, year, month;
    fh_day_to_ymd(day, &year, &month, &d);
    svc_roster_ref_init(ref, svc, office, year, month);
    ref->svc = NULL; /* the caller holds the change lock and the calendar */
    ref->cal = cal;
}

/* POST /api/v1/bookings/{code}/confirm [{"staff"}]: a pending booking
 * confirmed. A holiday wedding needs somebody on holiday duty that day:
 * when nobody is yet, the person named (or else the fairest one the rules
 * allow) is put on duty in the same transaction. */
void api_manager_confirm(struct http_ctx *c)
{
    static const char *const fields[] = {"staff", NULL};
    bool failed;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *body = api_body_optional(c, fields, &failed);
    bool bad = false;
    const char *named = body != NULL ? api_field_string(c, body, "staff", &bad) : NULL;
    if (failed || bad) {
        json_decref(body);
        return;
    }
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    const char *staff = NULL;
    /* Nobody else dispatches or edits the day's duty meanwhile. */
    svc_change_begin(c->svc);
    fh_result r = store_booking_get(c->svc->store, c->params[0], NULL, &b, err, sizeof err);
    const struct sched_office *office = r == FH_OK ? cfg_office(c->svc->cfg, b.office) : NULL;
    const struct cfg_roster *staffing =
        office != NULL ? cfg_office_roster(c->svc->cfg, b.office) : NULL;
    if (r == FH_OK && office != NULL && b.status == STORE_PENDING && is_holiday_booking(&b) &&
        staffing != NULL && staffing->staff_count > 0) {
        struct svc_roster_ref ref;
        bool has = false;
        fh_day day = fh_day_of(b.start);
        month_ref(c->svc, office, day, svc_calendar_hold(c->svc), &ref);
        r = svc_holiday_duty_staffed(c->svc, b.office, day, &has, err, sizeof err);
        if (r == FH_OK && !has)
            r = svc_roster_holiday_staff(&ref, day, named, &staff, err, sizeof err);
        else if (r == FH_OK && named != NULL)
            r = fh_fail(err, sizeof err, FH_EINVAL,
                        "staff: somebody is already on holiday duty that day");
        svc_calendar_release(c->svc);
    } else if (r == FH_OK && named != NULL) {
        r = fh_fail(err, sizeof err, FH_EINVAL,
                    "staff: only a pending holiday booking takes a person to dispatch");
    }
    json_decref(body);
    bool tell = false;
    if (staff != NULL) {
        int s = cfg_staff_index(staffing, staff);
        tell = s >= 0 && staffing->staff[s].email != NULL;
    }
    /* The confirmation and the person's duty in one transaction. */
    char who[STORE_WHO_LEN];
    api_manager_who(c, who);
    if (r == FH_OK)
        r = store_booking_confirm_with_duty(c->svc->store, c->params[0], staff, tell, who,
                                            fh_clock_now(), &b, err, sizeof err);
    if (r == FH_OK && staff != NULL) {
        char e2[FH_ERR_LEN] = "";
        if (svc_calendar_reload(c->svc, e2, sizeof e2) != FH_OK)
            fh_log(FH_LOG_ERROR, "calendar: %s", e2);
    } else if (r == FH_OK) {
        svc_changed(c->svc);
    }
    svc_change_end(c->svc);
    if (r == FH_OK) {
        if (office == NULL) {
            api_reply_result(c, FH_ECONFLICT, "office_gone",
                             "the booking's office is no longer served here", NULL);
            return;
        }
        json_t *doc = api_bookings_json(office, &b);
        if (staff != NULL)
            json_object_set_new(doc, "dispatched", json_string(staff));
        api_reply_json(c, HTTP_OK, doc);
    } else if (r == FH_ENOTFOUND) {
        api_reply_result(c, r, "not_found", "no such booking", NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, r, "status_conflict", err, NULL);
    } else if (r == FH_EINVAL) {
        api_reply_result(c, r, "invalid_field", err, "staff");
    } else if (r == FH_EREFUSED) {
        api_reply_result(c, FH_ECONFLICT, "no_staff", err, NULL);
    } else {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
    }
}
