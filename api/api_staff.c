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

/* Months a roster may be made for: the store keeps these. */
#define ROSTER_YEAR_MIN 2000
#define ROSTER_YEAR_MAX 2199

static bool parse_month(struct http_ctx *c, const char *s, int *year, int *month)
{
    const char *why = fh_parse_month(s, year, month);
    if (why == NULL && (*year < ROSTER_YEAR_MIN || *year > ROSTER_YEAR_MAX))
        why = "not a year a roster is made for (2000 to 2199)";
    if (why != NULL)
        api_reply_invalid(c, "month", why);
    return why == NULL;
}

/* The office and month of a roster path (/offices/{office}/roster/{month}),
 * the calendar held (release it with api_calendar_release). A change also
 * holds the server's change lock (api_change_end() after the calendar it
 * makes is in force). */
static bool roster_ref(struct http_ctx *c, struct api_roster_ref *ref, bool change)
{
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return false;
    if (!parse_month(c, c->params[1], &ref->year, &ref->month))
        return false;
    ref->cfg = c->svc->cfg;
    ref->store = c->svc->store;
    ref->office = office;
    if (change)
        svc_change_begin(c->svc);
    ref->cal = svc_calendar_hold(c->svc);
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
static void reply_overbooked(struct http_ctx *c, const char *err, json_t *doc)
{
    json_t *body =
        json_pack("{s:{s:s, s:s}}", "error", "code", "roster_overbooked", "message", err);
    json_object_set(body, "bookings", json_object_get(doc, "bookings"));
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

/* GET /api/v1/offices/{office}/roster/{month} */
void api_roster_get(struct http_ctx *c)
{
    struct api_roster_ref ref;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}) ||
        !roster_ref(c, &ref, false))
        return;
    json_t *doc;
    char err[FH_ERR_LEN] = "";
    fh_result r = api_roster_show(&ref, &doc, err, sizeof err);
    svc_calendar_release(c->svc);
    if (r == FH_OK)
        api_reply_json(c, HTTP_OK, doc);
    else
        reply_store(c, r, err);
}

/* POST /api/v1/offices/{office}/roster/{month}/generate: solve and keep as
 * the month's draft. */
void api_roster_generate_month(struct http_ctx *c)
{
    struct api_roster_ref ref;
    bool failed;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *body = api_body_optional(c, (const char *const[]){NULL}, &failed);
    json_decref(body);
    if (failed || !roster_ref(c, &ref, true))
        return;
    json_t *doc;
    char err[FH_ERR_LEN] = "";
    fh_result r = api_roster_generate(&ref, &doc, err, sizeof err);
    svc_calendar_release(c->svc);
    svc_change_end(c->svc);
    if (r == FH_OK)
        api_reply_json(c, HTTP_OK, doc);
    else
        reply_store(c, r, err);
}

/* POST /api/v1/offices/{office}/roster/{month}/publish {"force"} */
void api_roster_publish_month(struct http_ctx *c)
{
    static const char *const fields[] = {"force", NULL};
    struct api_roster_ref ref;
    bool failed, force = false;
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *body = api_body_optional(c, fields, &failed);
    if (failed || !field_bool(c, body, "force", &force) || !roster_ref(c, &ref, true)) {
        json_decref(body);
        return;
    }
    json_decref(body);
    json_t *doc = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = api_roster_publish(&ref, force, &doc, err, sizeof err);
    svc_calendar_release(c->svc);
    if (r == FH_OK)
        r = svc_calendar_reload(c->svc, err, sizeof err);
    svc_change_end(c->svc);
    if (r == FH_OK)
        api_reply_json(c, HTTP_OK, doc);
    else if (r == FH_EREFUSED)
        reply_overbooked(c, err, doc);
    else
        reply_store(c, r, err);
    if (r != FH_OK)
        json_decref(doc);
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
    struct api_roster_ref ref;
    if (!roster_ref(c, &ref, true))
        goto out;
    json_t *doc = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = api_roster_edit(&ref, day, duty, ids, count,
                                  version ? (int)json_integer_value(version) : -1, force, &doc, err,
                                  sizeof err);
    svc_calendar_release(c->svc);
    if (r == FH_OK)
        r = svc_calendar_reload(c->svc, err, sizeof err);
    svc_change_end(c->svc);
    if (r == FH_OK) {
        api_reply_json(c, HTTP_OK, doc);
    } else {
        /* The input's own faults name their field; a broken rule does not. */
        const char *field = strncmp(err, "date:", 5) == 0    ? "date"
                            : strncmp(err, "staff:", 6) == 0 ? "staff"
                                                             : NULL;
        if (r == FH_EREFUSED)
            reply_overbooked(c, err, doc);
        else if (r == FH_ECONFLICT)
            api_reply_result(c, r, "version_conflict", err, "version");
        else if (r == FH_EINVAL && field != NULL)
            api_reply_result(c, r, "invalid_field", err, field);
        else
            reply_store(c, r, err);
        json_decref(doc);
    }
out:
    json_decref(body);
}

static bool ref_month_holds(struct http_ctx *c, const char *params_month, fh_day day)
{
    int year, month, y, m, d;
    fh_parse_month(params_month, &year, &month);
    fh_day_to_ymd(day, &y, &m, &d);
    if (y != year || m != month) {
        api_reply_invalid(c, "date", "not in the roster's month");
        return false;
    }
    return true;
}

/* POST /api/v1/offices/{office}/roster/{month}/pins
 * {"date","duty","staff","forbid"}: keep this person on this duty when the
 * month is generated again (or, with forbid, never put them there). */
void api_roster_pin(struct http_ctx *c)
{
    static const char *const fields[] = {"date", "duty", "staff", "forbid", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    int year, month;
    if (!parse_month(c, c->params[1], &year, &month))
        return;
    json_t *body = api_body_object(c);
    if (body == NULL || !api_fields_only(c, body, fields)) {
        json_decref(body);
        return;
    }
    bool bad = false;
    struct store_pin pin = {0};
    const char *date = api_field_string(c, body, "date", &bad);
    const char *duty = bad ? NULL : api_field_string(c, body, "duty", &bad);
    const char *staff = bad ? NULL : api_field_string(c, body, "staff", &bad);
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, sched_office_spec(office)->id);
    if (bad || !parse_date_duty(c, date, duty, &pin.day, &pin.duty) ||
        !ref_month_holds(c, c->params[1], pin.day) || !field_bool(c, body, "forbid", &pin.forbid))
        goto out;
    if (staff == NULL || cfg_staff_index(roster, staff) < 0) {
        api_reply_invalid(c, "staff", staff == NULL ? "missing" : "no such person");
        goto out;
    }
    snprintf(pin.staff, sizeof pin.staff, "%s", staff);
    char err[FH_ERR_LEN] = "";
    fh_result r =
        store_roster_pin_set(c->svc->store, sched_office_spec(office)->id, &pin, err, sizeof err);
    if (r != FH_OK)
        reply_store(c, r, err);
    else
        api_reply_json(c, HTTP_OK,
                       json_pack("{s:s, s:s, s:s, s:b}", "date", date, "duty", duty, "staff", staff,
                                 "forbid", pin.forbid));
out:
    json_decref(body);
}

/* DELETE /api/v1/offices/{office}/roster/{month}/pins?date=&duty=&staff= */
void api_roster_unpin(struct http_ctx *c)
{
    static const char *const allowed[] = {"date", "duty", "staff", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, allowed))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    int year, month;
    if (!parse_month(c, c->params[1], &year, &month))
        return;
    fh_day day;
    enum sched_duty duty;
    const char *staff = http_query(c, "staff");
    if (!parse_date_duty(c, http_query(c, "date"), http_query(c, "duty"), &day, &duty) ||
        !ref_month_holds(c, c->params[1], day))
        return;
    if (staff == NULL) {
        api_reply_invalid(c, "staff", "missing");
        return;
    }
    char err[FH_ERR_LEN] = "";
    fh_result r = store_roster_pin_clear(c->svc->store, sched_office_spec(office)->id, day, duty,
                                         staff, err, sizeof err);
    if (r != FH_OK)
        reply_store(c, r, err);
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
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, o->id);
    const char *only = http_query(c, "staff");
    if (only != NULL && cfg_staff_index(roster, only) < 0) {
        api_reply_invalid(c, "staff", "no such person");
        return;
    }
    fh_day today = fh_day_of(fh_local_from_utc(fh_clock_now(), o->utc_offset));
    fh_day since = today - API_COMP_LOOKBACK_DAYS;
    char err[FH_ERR_LEN] = "";
    struct store_comp *taken;
    size_t nt;
    fh_result r = store_comp_list(c->svc->store, o->id, only, &taken, &nt, err, sizeof err);
    if (r != FH_OK) {
        reply_store(c, r, err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < roster->staff_count; i++) {
        const struct cfg_staff *s = &roster->staff[i];
        if (only != NULL && strcmp(only, s->id) != 0)
            continue;
        struct store_duty *duties;
        size_t nd;
        r = store_duties_of(c->svc->store, o->id, s->id, since, today, &duties, &nd, err,
                            sizeof err);
        if (r != FH_OK) {
            json_decref(list);
            free(taken);
            reply_store(c, r, err);
            return;
        }
        json_t *earned = json_array(), *took = json_array();
        int earned_sum = 0, taken_sum = 0;
        const struct sched_calendar *cal = svc_calendar_hold(c->svc);
        for (size_t k = 0; k < nd; k++) {
            char take_by[FH_DATE_LEN], day[FH_DATE_LEN];
            int minutes =
                sched_duty_comp(office, cal, &roster->rules, duties[k].day, duties[k].duty);
            fh_format_date(duties[k].day, day);
            fh_format_date(duties[k].day + roster->comp_weeks * 7, take_by);
            earned_sum += minutes;
            json_array_append_new(earned, json_pack("{s:s, s:s, s:i, s:s}", "date", day, "duty",
                                                    sched_duty_name(duties[k].duty), "minutes",
                                                    minutes, "take_by", take_by));
        }
        svc_calendar_release(c->svc);
        free(duties);
        /* The same year as the time earned, so that the balance adds up. */
        for (size_t k = 0; k < nt; k++) {
            if (strcmp(taken[k].staff, s->id) != 0 || taken[k].day < since)
                continue;
            char day[FH_DATE_LEN];
            fh_format_date(taken[k].day, day);
            taken_sum += taken[k].minutes;
            json_array_append_new(took, json_pack("{s:s, s:i, s:s}", "date", day, "minutes",
                                                  taken[k].minutes, "note", taken[k].note));
        }
        json_array_append_new(list, json_pack("{s:s, s:i, s:i, s:i, s:o, s:o}", "staff", s->id,
                                              "earned_minutes", earned_sum, "taken_minutes",
                                              taken_sum, "balance_minutes", earned_sum - taken_sum,
                                              "earned", earned, "taken", took));
    }
    free(taken);
    api_reply_json(c, HTTP_OK, json_pack("{s:s, s:o}", "office", o->id, "comp", list));
}

/* POST /api/v1/offices/{office}/comp {"staff","date","minutes","note"}:
 * compensatory time taken. */
void api_comp_take(struct http_ctx *c)
{
    static const char *const fields[] = {"staff", "date", "minutes", "note", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    json_t *body = api_body_object(c);
    if (body == NULL || !api_fields_only(c, body, fields)) {
        json_decref(body);
        return;
    }
    bool bad = false;
    const char *staff = api_field_string(c, body, "staff", &bad);
    const char *date = bad ? NULL : api_field_string(c, body, "date", &bad);
    const char *note = bad ? NULL : api_field_string(c, body, "note", &bad);
    json_t *minutes = json_object_get(body, "minutes");
    fh_day day;
    const char *why;
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, o->id);
    if (bad)
        goto out;
    if (staff == NULL || cfg_staff_index(roster, staff) < 0) {
        api_reply_invalid(c, "staff", staff == NULL ? "missing" : "no such person");
        goto out;
    }
    if ((why = date == NULL ? "missing (YYYY-MM-DD)" : fh_parse_date(date, &day)) != NULL) {
        api_reply_invalid(c, "date", why);
        goto out;
    }
    if (!json_is_integer(minutes) || json_integer_value(minutes) < 1 ||
        json_integer_value(minutes) > 1440) {
        api_reply_invalid(c, "minutes", "must be a whole number of minutes, 1 to 1440");
        goto out;
    }
    if (note != NULL && (strlen(note) > 190 || val_name(note) != NULL)) {
        api_reply_invalid(c, "note", "must be text of at most 190 bytes");
        goto out;
    }
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r =
        store_comp_take(c->svc->store, o->id, staff, day, (int)json_integer_value(minutes),
                        note ? note : "", who, fh_clock_now(), err, sizeof err);
    if (r != FH_OK)
        reply_store(c, r, err);
    else
        api_reply_json(c, HTTP_CREATED,
                       json_pack("{s:s, s:s, s:I}", "staff", staff, "date", date, "minutes",
                                 json_integer_value(minutes)));
out:
    json_decref(body);
}

/* ---- the holiday duty ----------------------------------------------------------- */

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
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    const char *staff = NULL;
    api_manager_who(c, who);
    fh_result r =
        svc_booking_confirm(c->svc, NULL, c->params[0], named, who, &b, &staff, err, sizeof err);
    json_decref(body);
    const struct sched_office *office = r == FH_OK ? svc_booking_office(c->svc, &b) : NULL;
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
