/* api_calendars.c: the calendar endpoints: a booking's invite.ics, the
 * office's openings feed, a manager's bookings feed (behind a bearer token or
 * the feed key a calendar app can carry in its subscription URL), the feed
 * URLs, and the import of the government office calendar. */
#include "api/api_internal.h"
#include "calendars/cal.h"
#include "validate/val.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far a feed reaches when the subscriber does not say. */
#define FEED_DAYS_BEHIND 7
#define FEED_DAYS_AHEAD  60
#define FEED_DAYS_MAX    400

void api_reply_calendar(struct http_ctx *c, char *text, const char *method)
{
    if (text == NULL) {
        api_reply_result(c, FH_EINTERNAL, "internal_error", "the calendar could not be made", NULL);
        return;
    }
    snprintf(c->content_type_buf, sizeof c->content_type_buf, "text/calendar; charset=UTF-8%s%s",
             method ? "; method=" : "", method ? method : "");
    http_reply(c, HTTP_OK, c->content_type_buf, text);
}

void api_calendars_invite(struct http_ctx *c, const struct sched_office *office,
                          const struct store_booking *b)
{
    struct cal_booking_view view;
    char url[SVC_URL_LEN];
    svc_booking_view(c->svc, office, b, &view, url);
    if (view.service < 0) {
        api_reply_result(c, FH_ECONFLICT, "service_gone",
                         "the booking's service is no longer offered here", NULL);
        return;
    }
    bool cancel = b->status == STORE_CANCELLED;
    api_reply_calendar(c, cal_invite(office, &view, cancel ? CAL_CANCEL : CAL_REQUEST, 19 * 60),
                       cancel ? "CANCEL" : "REQUEST");
}

/* ?from=&to=&lang= of a feed, with defaults around today. */
static bool feed_range(struct http_ctx *c, const struct sched_office *office, int behind,
                       fh_day *first, fh_day *last, const char **lang)
{
    fh_day today =
        fh_day_of(fh_local_from_utc(fh_clock_now(), sched_office_spec(office)->utc_offset));
    const char *from = http_query(c, "from"), *to = http_query(c, "to"), *why;
    *first = today - behind;
    *last = today + FEED_DAYS_AHEAD;
    if (from != NULL && (why = fh_parse_date(from, first)) != NULL) {
        api_reply_invalid(c, "from", why);
        return false;
    }
    if (to != NULL && (why = fh_parse_date(to, last)) != NULL) {
        api_reply_invalid(c, "to", why);
        return false;
    }
    if (*last < *first) {
        api_reply_invalid(c, "to", "before from");
        return false;
    }
    if (*last - *first >= FEED_DAYS_MAX) {
        api_reply_invalid(c, "to", "a feed covers at most 400 days");
        return false;
    }
    *lang = http_query(c, "lang");
    if (*lang == NULL)
        *lang = "zh-TW";
    if (strcmp(*lang, "zh-TW") != 0 && strcmp(*lang, "en") != 0) {
        api_reply_invalid(c, "lang", "must be zh-TW or en");
        return false;
    }
    return true;
}

void api_calendars_openings(struct http_ctx *c)
{
    static const char *const allowed[] = {"from", "to", "lang", NULL};
    const struct sched_office *office = api_path_office(c);
    fh_day first, last;
    const char *lang;
    if (office == NULL || !api_query_only(c, allowed) ||
        !feed_range(c, office, 0, &first, &last, &lang))
        return;
    struct sched_opening *open;
    size_t n;
    const struct sched_calendar *cal = svc_calendar_hold(c->svc);
    fh_result r = sched_openings(office, cal, first, last, &open, &n);
    svc_calendar_release(c->svc);
    if (r != FH_OK) {
        api_reply_result(c, r, "internal_error", fh_strerror(r), NULL);
        return;
    }
    /* The draws' commitments (and seeds once drawn), as the store keeps them. */
    const struct sched_office_spec *o = sched_office_spec(office);
    struct cal_draw_note *notes = fh_calloc(o->release_count + 1, sizeof *notes);
    struct store_draw *kept = fh_calloc(o->release_count + 1, sizeof *kept);
    size_t nn = 0;
    for (size_t i = 0; i < o->release_count; i++) {
        char err[FH_ERR_LEN] = "";
        if (!o->releases[i].draw || store_draw_get(c->svc->store, o->id, o->releases[i].date,
                                                   &kept[nn], err, sizeof err) != FH_OK)
            continue;
        notes[nn] = (struct cal_draw_note){kept[nn].day, kept[nn].commitment,
                                           kept[nn].seed[0] ? kept[nn].seed : NULL};
        nn++;
    }
    api_reply_calendar(
        c, cal_feed_openings(office, open, n, false, lang, fh_clock_now(), notes, nn), "PUBLISH");
    free(notes);
    free(kept);
    free(open);
}

/* The key of an office's bookings feed: a calendar app cannot send a bearer
 * token, so the subscription URL carries this read-only key instead. */
static void feed_key(struct svc *svc, const struct sched_office *office,
                     char key[STORE_TOKEN_LEN + 1])
{
    char *label = fh_asprintf("bookings-feed:%s", sched_office_spec(office)->id);
    store_link_key(svc->store, label, key);
    free(label);
}

void api_calendars_bookings(struct http_ctx *c)
{
    static const char *const allowed[] = {"from", "to", "lang", "key", NULL};
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, allowed))
        return;
    const char *given = http_query(c, "key");
    if (given != NULL && !api_has_authorization(c)) {
        if (!api_guess_allowed(c))
            return;
        /* Under any key id the key file holds: a feed subscribed before a
         * rotation keeps working, a revoked one does not. */
        char *label = fh_asprintf("bookings-feed:%s", sched_office_spec(office)->id);
        bool ok = store_link_key_matches(c->svc->store, label, given);
        free(label);
        if (!ok) {
            http_guess_failed(c);
            api_reply_result(c, FH_EAUTH, "unauthorized", "wrong feed key", "key");
            return;
        }
    } else if (!api_manager_auth(c)) {
        return;
    }
    fh_day first, last;
    const char *lang;
    if (!feed_range(c, office, FEED_DAYS_BEHIND, &first, &last, &lang))
        return;
    struct cal_booking_view *views = NULL;
    char(*urls)[SVC_URL_LEN] = NULL;
    struct store_booking *all = NULL;
    size_t count = 0, cap = 0;
    char err[FH_ERR_LEN] = "";
    for (fh_day d = first; d <= last; d++) {
        struct store_booking *day;
        size_t n;
        fh_result r = store_bookings_of_day(c->svc->store, sched_office_spec(office)->id, d, &day,
                                            &n, err, sizeof err);
        if (r != FH_OK) {
            free(all);
            api_reply_result(c, r, "internal_error", "the store failed", NULL);
            return;
        }
        if (n > 0) {
            all = fh_grow(all, sizeof *all, &cap, count + n);
            memcpy(all + count, day, n * sizeof *day);
            count += n;
        }
        free(day);
    }
    views = fh_calloc(count, sizeof *views);
    urls = fh_calloc(count, sizeof *urls);
    size_t shown = 0;
    for (size_t i = 0; i < count; i++) {
        svc_booking_view(c->svc, office, &all[i], &views[shown], urls[shown]);
        if (views[shown].service >= 0)
            shown++;
    }
    api_reply_calendar(c, cal_feed_bookings(office, views, shown, lang, fh_clock_now()), "PUBLISH");
    free(views);
    free(urls);
    free(all);
}

void api_calendars_feed_urls(struct http_ctx *c)
{
    if (!api_manager_auth(c))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const char *id = sched_office_spec(office)->id, *base = c->svc->cfg->public_url;
    char key[STORE_TOKEN_LEN + 1];
    feed_key(c->svc, office, key);
    char *openings = fh_asprintf("%s/api/v1/offices/%s/openings.ics", base, id);
    char *bookings = fh_asprintf("%s/api/v1/offices/%s/bookings.ics?key=%s", base, id, key);
    fh_wipe(key, sizeof key);
    api_reply_json(c, HTTP_OK, json_pack("{s:s, s:s}", "openings", openings, "bookings", bookings));
    free(openings);
    free(bookings);
}

/* ?dry_run=1 (or true): show what the change would do and change nothing;
 * 0, false or absent: do it. NULL after answering 422 for another value. */
static bool dry_run(struct http_ctx *c, bool *out)
{
    const char *v = http_query(c, "dry_run");
    *out = v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    if (v == NULL || *out || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        return true;
    api_reply_invalid(c, "dry_run", "must be 1, true, 0 or false");
    return false;
}

static json_t *booking_json(const struct fh_config *cfg, const struct store_booking *b)
{
    const struct sched_office *office = cfg_office(cfg, b->office);
    char start[FH_TIME_LEN];
    fh_format_local(b->start, office ? sched_office_spec(office)->utc_offset : 480, start);
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "office", b->office, "code", b->code, "start",
                     start, "service", b->service, "status", store_status_name(b->status));
}

/* POST /api/v1/calendar/import[?dry_run=1][&check=DIGEST]: the DGPA CSV or
 * an .ics as the body. The preview and the import are svc's, as for the
 * pages and the command line. */
void api_calendars_import(struct http_ctx *c)
{
    static const char *const allowed[] = {"dry_run", "check", NULL};
    bool dry;
    if (!api_manager_auth(c) || !api_query_only(c, allowed) || !dry_run(c, &dry))
        return;
    const char *check = http_query(c, "check");
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    size_t body_len;
    const char *body = http_body(c, &body_len);
    if (body_len == 0) {
        api_reply_error(c, HTTP_BAD_REQUEST, "invalid_calendar",
                        "send the DGPA CSV or an .ics file as the request body", NULL);
        return;
    }
    if (check != NULL && (strlen(check) != 64 || strspn(check, "0123456789abcdef") != 64)) {
        api_reply_invalid(c, "check", "must be the 64 hex digits of a preview's \"check\"");
        return;
    }
    api_manager_who(c, who);
    struct svc_import_preview pv;
    fh_result r = dry ? svc_import_preview(c->svc, body, body_len, &pv, err, sizeof err)
                      : svc_import_apply(c->svc, body, body_len, check, who, &pv, err, sizeof err);
    if (r == FH_EINVAL) {
        char *message = fh_asprintf("%s; nothing was imported", err);
        api_reply_error(c, HTTP_UNPROCESSABLE_CONTENT, "invalid_calendar", message, NULL);
        free(message);
        return;
    }
    if (r == FH_ECONFLICT) {
        api_reply_error(c, HTTP_CONFLICT, "preview_stale", err, "check");
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "calendar import: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }

    json_t *changes = json_array(), *displaced = json_array(), *issues = json_array();
    for (size_t i = 0; i < pv.diff.change_count; i++) {
        const struct store_day_change *ch = &pv.diff.changes[i];
        char date[FH_DATE_LEN];
        fh_format_date(ch->day, date);
        json_t *e =
            json_pack("{s:s, s:s, s:s}", "date", date, "before", sched_day_type_name(ch->before),
                      "after", sched_day_type_name(ch->after));
        if (ch->name_after)
            json_object_set_new(e, "name", json_string(ch->name_after));
        if (ch->name_before)
            json_object_set_new(e, "name_before", json_string(ch->name_before));
        json_array_append_new(changes, e);
    }
    for (size_t i = 0; i < pv.displaced_count; i++) {
        json_t *e = booking_json(c->svc->cfg, &pv.displaced[i].booking);
        json_object_set_new(e, "reason", json_string(sched_refusal_code(pv.displaced[i].why)));
        json_array_append_new(displaced, e);
    }
    for (size_t i = 0; i < pv.issue_count; i++) {
        const struct svc_roster_issue *x = &pv.issues[i];
        char date[FH_DATE_LEN];
        fh_format_date(x->day, date);
        json_array_append_new(issues,
                              json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "office", x->office,
                                        "date", date, "duty", sched_duty_name(x->duty), "needed",
                                        x->needed, "assigned", x->assigned, "reason", x->reason));
    }
    json_t *answer =
        json_pack("{s:b, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:o, s:s, s:s}", "dry_run", dry,
                  "first_year", pv.first_year, "last_year", pv.last_year, "days", (int)pv.days,
                  "added", (int)pv.diff.added, "changed", (int)pv.diff.changed, "removed",
                  (int)pv.diff.removed, "changes", changes, "displaced", displaced,
                  "roster_shortfalls", issues, "sha256", pv.sha256, "check", pv.check);
    if (!dry) {
        json_t *cancelled = json_array();
        for (size_t i = 0; i < pv.cancelled_count; i++)
            json_array_append_new(cancelled, booking_json(c->svc->cfg, &pv.cancelled[i]));
        json_object_set_new(answer, "cancelled", cancelled);
    }
    api_reply_json(c, HTTP_OK, answer);
    svc_import_preview_free(&pv);
}

static json_t *staff_json(const struct svc_closure_preview *p)
{
    json_t *list = json_array();
    for (size_t i = 0; i < p->staff_count; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", p->staff[i].id, "name",
                                              p->staff[i].name, "told", p->staff[i].has_email));
    return list;
}

/* POST /api/v1/offices/{office}/closures[?dry_run=1] {"date", "reason"}:
 * the office closes that day (a typhoon day): no slot at all, every pending
 * or confirmed booking of the day is cancelled, its holder told with a link
 * to choose another slot, and the staff on duty that day told. With
 * dry_run, what it would do, and "check" to send back as {"check"} so that
 * the closure refuses (409) when the day changed meanwhile. */
void api_calendars_close(struct http_ctx *c)
{
    static const char *const fields[] = {"date", "reason", "check", NULL};
    static const char *const allowed[] = {"dry_run", NULL};
    bool dry;
    if (!api_manager_auth(c) || !api_query_only(c, allowed) || !dry_run(c, &dry))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    json_t *doc = api_body_object(c);
    if (doc == NULL || !api_fields_only(c, doc, fields)) {
        json_decref(doc);
        return;
    }
    bool bad = false;
    const char *date = api_field_string(c, doc, "date", &bad);
    const char *reason = bad ? NULL : api_field_string(c, doc, "reason", &bad);
    const char *check = bad ? NULL : api_field_string(c, doc, "check", &bad);
    fh_day day;
    const char *why;
    if (bad) {
        json_decref(doc);
        return;
    }
    if (date == NULL || (why = fh_parse_date(date, &day)) != NULL) {
        api_reply_invalid(c, "date", date == NULL ? "missing (YYYY-MM-DD)" : why);
        json_decref(doc);
        return;
    }
    /* The citizens whose bookings are cancelled read the reason in their
     * message: a closure must say why. */
    if ((why = svc_closure_reason_check(reason)) != NULL) {
        api_reply_invalid(c, "reason", why);
        json_decref(doc);
        return;
    }
    const struct sched_office_spec *o = sched_office_spec(office);
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    struct svc_closure_preview p;
    fh_result r = dry ? svc_closure_preview(c->svc, office, day, &p, err, sizeof err)
                      : svc_close_day(c->svc, office, day, reason, who, check, &p, err, sizeof err);
    if (r == FH_ECONFLICT) {
        api_reply_error(c, HTTP_CONFLICT, "preview_stale", err, "check");
        json_decref(doc);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "closure: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        json_decref(doc);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < p.count; i++) {
        char start[FH_TIME_LEN];
        fh_format_local(p.bookings[i].start, o->utc_offset, start);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "code", p.bookings[i].code,
                                              "start", start, "service", p.bookings[i].service));
    }
    json_t *answer = json_pack("{s:s, s:s, s:o, s:s, s:o}", "office", o->id, "date", date,
                               "cancelled", list, "reason", reason, "staff", staff_json(&p));
    if (dry) {
        json_object_set_new(answer, "dry_run", json_true());
        json_object_set_new(answer, "closed_already", json_boolean(p.closed_already));
        json_object_set_new(answer, "check", json_string(p.check));
    }
    svc_closure_preview_free(&p);
    api_reply_json(c, HTTP_OK, answer);
    json_decref(doc);
}

/* DELETE /api/v1/offices/{office}/closures/{date}: open the day again. */
void api_calendars_reopen(struct http_ctx *c)
{
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    fh_day day;
    const char *why;
    if (office == NULL)
        return;
    if ((why = fh_parse_date(c->params[1], &day)) != NULL) {
        api_reply_invalid(c, "date", why);
        return;
    }
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = svc_reopen_day(c->svc, office, day, who, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        api_reply_error(c, HTTP_NOT_FOUND, "not_found", err, NULL);
        return;
    }
    if (r != FH_OK) {
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:s, s:s, s:s}", "office", sched_office_spec(office)->id, "date",
                             c->params[1], "status", "open"));
}
