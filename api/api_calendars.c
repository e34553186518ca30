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
    api_reply_calendar(c, cal_feed_openings(office, open, n, false, lang, fh_clock_now()),
                       "PUBLISH");
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

void api_calendars_import(struct http_ctx *c)
{
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    struct cal_import imp;
    char err[FH_ERR_LEN] = "";
    size_t body_len;
    const char *body = http_body(c, &body_len);
    if (body_len == 0) {
        api_reply_error(c, HTTP_BAD_REQUEST, "invalid_calendar",
                        "send the DGPA CSV or an .ics file as the request body", NULL);
        return;
    }
    if (cal_import_parse(body, body_len, &imp, err, sizeof err) != FH_OK) {
        char *message = fh_asprintf("%s; nothing was imported", err);
        api_reply_error(c, HTTP_UNPROCESSABLE_CONTENT, "invalid_calendar", message, NULL);
        free(message);
        return;
    }
    struct store_day *days = fh_calloc(imp.count, sizeof *days);
    for (size_t i = 0; i < imp.count; i++)
        days[i] = (struct store_day){imp.days[i].day, imp.days[i].type, imp.days[i].name};
    struct store_calendar_diff diff;
    svc_change_begin(c->svc);
    fh_result r = store_calendar_replace(c->svc->store, imp.first_year, imp.last_year, days,
                                         imp.count, &diff, err, sizeof err);
    free(days);
    if (r != FH_OK) {
        svc_change_end(c->svc);
        cal_import_free(&imp);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    struct sched_calendar *cal =
        store_calendar_build(c->svc->store, c->svc->cfg->calendar, err, sizeof err);
    struct store_displaced *moved = NULL;
    size_t moved_count = 0;
    if (cal != NULL) {
        fh_day *changed = fh_calloc(diff.change_count, sizeof *changed);
        for (size_t i = 0; i < diff.change_count; i++)
            changed[i] = diff.changes[i].day;
        r = store_displaced(c->svc->store, c->svc->cfg->offices, c->svc->cfg->office_count, cal,
                            changed, diff.change_count, &moved, &moved_count, err, sizeof err);
        free(changed);
        svc_calendar_replace(c->svc, cal);
    } else {
        r = FH_EDB;
    }
    svc_change_end(c->svc);
    if (r != FH_OK) {
        /* The import is stored; only the report failed. */
        fh_log(FH_LOG_ERROR, "calendar import: %s", err);
    }

    json_t *changes = json_array(), *displaced = json_array();
    for (size_t i = 0; i < diff.change_count; i++) {
        const struct store_day_change *ch = &diff.changes[i];
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
    for (size_t i = 0; i < moved_count; i++) {
        const struct store_booking *b = &moved[i].booking;
        const struct sched_office *office = cfg_office(c->svc->cfg, b->office);
        char start[FH_TIME_LEN];
        fh_format_local(b->start, office ? sched_office_spec(office)->utc_offset : 480, start);
        json_array_append_new(displaced,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "office", b->office,
                                        "code", b->code, "start", start, "service", b->service,
                                        "status", store_status_name(b->status), "reason",
                                        sched_refusal_code(moved[i].why)));
    }
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o}", "first_year",
                             imp.first_year, "last_year", imp.last_year, "days", (int)imp.count,
                             "added", (int)diff.added, "changed", (int)diff.changed, "removed",
                             (int)diff.removed, "changes", changes, "displaced", displaced));
    free(moved);
    store_calendar_diff_free(&diff);
    cal_import_free(&imp);
}

/* POST /api/v1/offices/{office}/closures {"date", "reason"}: the office
 * closes that day (a typhoon day): no slot at all, and every pending or
 * confirmed booking of the day is cancelled, its holder told with a link to
 * choose another slot. */
void api_calendars_close(struct http_ctx *c)
{
    static const char *const fields[] = {"date", "reason", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
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
    if (reason == NULL) {
        api_reply_invalid(c, "reason", "missing (the messages tell people why)");
        json_decref(doc);
        return;
    }
    if (strlen(reason) > 200 || val_name(reason) != NULL) {
        api_reply_invalid(c, "reason", "must be text of at most 200 bytes");
        json_decref(doc);
        return;
    }
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_minute now = fh_local_from_utc(fh_clock_now(), o->utc_offset);
    struct store_booking *cancelled;
    size_t n;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    svc_change_begin(c->svc);
    fh_result r = store_close_day(c->svc->store, office, day, reason, who, now, &cancelled, &n, err,
                                  sizeof err);
    if (r == FH_OK)
        r = svc_calendar_reload(c->svc, err, sizeof err);
    svc_change_end(c->svc);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "closure: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        json_decref(doc);
        return;
    }
    svc_changed(c->svc);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        char start[FH_TIME_LEN];
        fh_format_local(cancelled[i].start, o->utc_offset, start);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "code", cancelled[i].code, "start",
                                              start, "service", cancelled[i].service));
    }
    free(cancelled);
    json_t *answer = json_pack("{s:s, s:s, s:o, s:s}", "office", o->id, "date", date, "cancelled",
                               list, "reason", reason);
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
    svc_change_begin(c->svc);
    fh_result r = store_reopen_day(c->svc->store, sched_office_spec(office)->id, day, who,
                                   fh_clock_now(), err, sizeof err);
    if (r == FH_OK)
        r = svc_calendar_reload(c->svc, err, sizeof err);
    svc_change_end(c->svc);
    if (r == FH_ENOTFOUND) {
        api_reply_error(c, HTTP_NOT_FOUND, "not_found", err, NULL);
        return;
    }
    if (r != FH_OK) {
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    svc_changed(c->svc);
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:s, s:s, s:s}", "office", sched_office_spec(office)->id, "date",
                             c->params[1], "status", "open"));
}
