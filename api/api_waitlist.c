/* api_waitlist.c: the waitlist through the API: joining the waitlist of a
 * full slot or day (with the booking's checks, Idempotency-Key like a
 * booking), reading and leaving one's entry with its token, reading,
 * accepting (booking the held place) and declining an offer with the
 * token of its link; and a day's waitlist for managers. */
#include "api/api_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reply_store_failure(struct http_ctx *c, fh_result r, const char *err)
{
    /* Store messages name codes and statements, never a person's data. */
    fh_log(FH_LOG_ERROR, "store: %s", err);
    api_reply_result(c, r, r == FH_EBUSY ? "busy" : "internal_error",
                     r == FH_EBUSY ? "try again later" : "the store failed", NULL);
}

static void reply_lost(struct http_ctx *c)
{
    api_reply_error(c, HTTP_SERVICE_UNAVAILABLE, "unavailable",
                    "the request could not be stored; please try again", NULL);
}

/* A UTC second as RFC 3339 in the office's offset (to the minute). */
static void utc_time(const struct sched_office *office, int64_t utc, char out[FH_TIME_LEN])
{
    api_format_time(office, fh_local_from_utc(utc, sched_office_spec(office)->utc_offset), out);
}

static json_t *offer_json(const struct sched_office *office, const struct store_offer *o)
{
    char start[FH_TIME_LEN], end[FH_TIME_LEN], expires[FH_TIME_LEN];
    api_format_time(office, o->start, start);
    api_format_time(office, o->end, end);
    utc_time(office, o->expires_at, expires);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "status",
                     store_offer_status_name(o->status), "office", o->office, "service", o->service,
                     "start", start, "end", end, "window", o->window, "expires_at", expires);
}

static json_t *entry_json(struct http_ctx *c, const struct sched_office *office,
                          const struct store_wait_entry *e, const struct store_offer *offer)
{
    char date[FH_DATE_LEN];
    fh_format_date(e->day, date);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", e->code, "status",
                            store_wait_status_name(e->status), "office", e->office, "service",
                            e->service, "date", date);
    if (e->start != SCHED_NEVER) {
        char start[FH_TIME_LEN];
        api_format_time(office, e->start, start);
        json_object_set_new(doc, "start", json_string(start));
    }
    json_object_set_new(doc, "position", json_integer(e->position));
    /* The place held for them, with the token of the offer's link: the
     * entry's token is the person's as much as the message is. */
    if (offer != NULL && offer->status == STORE_OFFER_HELD) {
        char token[STORE_TOKEN_LEN + 1];
        json_t *o = offer_json(office, offer);
        store_offer_token(c->svc->store, offer->code, token);
        json_object_set_new(o, "token", json_string(token));
        fh_wipe(token, sizeof token);
        json_object_set_new(doc, "offer", o);
    }
    return doc;
}

/* ---- joining -------------------------------------------------------------------- */

struct join_job {
    json_t *doc;
    struct svc_booking_request req;
    bool whole_day;
    struct api_idem idem;
};

/* The 201 body, built in the transaction and kept (sealed) for replays. */
static char *joined_reply(const struct store_wait_entry *e, const char *token, void *arg)
{
    const struct sched_office *office = arg;
    char date[FH_DATE_LEN];
    fh_format_date(e->day, date);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", e->code, "status",
                            store_wait_status_name(e->status), "office", e->office, "service",
                            e->service, "date", date);
    if (e->start != SCHED_NEVER) {
        char start[FH_TIME_LEN];
        api_format_time(office, e->start, start);
        json_object_set_new(doc, "start", json_string(start));
    }
    json_object_set_new(doc, "position", json_integer(e->position));
    json_object_set_new(doc, "token", json_string(token));
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return text;
}

static void join_run(struct http_ctx *c, void *arg)
{
    struct join_job *job = arg;
    struct store_wait_result res;
    char err[FH_ERR_LEN] = "";
    const struct sched_office *office = job->req.office;
    fh_result r = svc_waitlist_join(c->svc, &job->req, job->whole_day,
                                    job->idem.has_key ? job->idem.key : NULL, job->idem.body_sha256,
                                    joined_reply, (void *)office, &res, err, sizeof err);
    if (r == FH_OK) {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/waitlist/%s", res.entry.code);
        if (!res.replayed)
            http_add_header(c, "Location", location);
        if (res.replayed)
            http_add_header(c, "Idempotent-Replayed", "true");
        api_reply_text(c, res.http_status, res.body);
    } else if (r == FH_EREFUSED) {
        api_reply_refusal(c, res.refusal, res.partner_refused, office, job->req.service,
                          job->req.start, res.suspended_until, 0);
    } else if (r == FH_ECONFLICT && res.places_left) {
        char start[FH_TIME_LEN];
        api_format_time(office, res.free_start, start);
        api_reply_error_with(c, HTTP_CONFLICT, "places_left",
                             "a place is free: book it instead of waiting", "start",
                             json_pack("{s:s}", "start", start));
    } else if (r == FH_ECONFLICT && res.waiting_code[0] != '\0') {
        api_reply_error(c, HTTP_CONFLICT, "already_waiting", "you are already on this waitlist",
                        NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, FH_EINVAL, "idempotency_key_reused",
                         err[0] != '\0' ? err
                                        : "this Idempotency-Key was used with another request body",
                         "Idempotency-Key");
    } else if (r == FH_EINVAL) {
        api_reply_result(c, r, "invalid_field", err, NULL);
    } else {
        reply_store_failure(c, r, err);
    }
    svc_booking_request_wipe(&job->req);
    json_decref(job->doc);
    free(job);
}

void api_waitlist_join(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    static const char *const fields[] = {
        "service", "start", "date", "name",         "national_id",
        "phone",   "email", "lang", "partner_name", "partner_national_id",
        NULL};
    if (!api_query_only(c, none))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    const char *key;
    json_t *doc = api_create_body(c, fields, &key);
    if (doc == NULL)
        return;
    bool bad = false;
    const char *start = api_field_string(c, doc, "start", &bad);
    const char *date = api_field_string(c, doc, "date", &bad);
    if (bad)
        goto out;
    /* A slot, or any slot of a day: one of the two. */
    if ((start == NULL) == (date == NULL)) {
        api_reply_invalid(c, start == NULL ? "start" : "date",
                          start == NULL ? "missing (or date)" : "give start or date, not both");
        goto out;
    }
    char day_start[FH_TIME_LEN];
    if (date != NULL) {
        fh_day day;
        const char *why = fh_parse_date(date, &day);
        if (why != NULL) {
            api_reply_invalid(c, "date", why);
            goto out;
        }
        fh_format_local((fh_minute)day * FH_MINUTES_PER_DAY, sched_office_spec(office)->utc_offset,
                        day_start);
        start = day_start;
    }
    struct svc_booking_input in = {
        .office = sched_office_spec(office)->id,
        .service = api_field_string(c, doc, "service", &bad),
        .start = start,
    };
    api_person_fields(c, doc, &in, &bad);
    if (bad)
        goto out;
    struct join_job *job = fh_calloc(1, sizeof *job);
    struct svc_field_error fault;
    if (svc_booking_check(c->svc->cfg, &in, &job->req, &fault, 1) > 0) {
        svc_booking_request_wipe(&job->req);
        free(job);
        api_reply_invalid(
            c, date != NULL && strcmp(fault.field, "start") == 0 ? "date" : fault.field, fault.why);
        goto out;
    }
    job->whole_day = date != NULL;
    job->doc = doc;
    doc = NULL;
    api_defer_create(c, &job->idem, key, reply_lost, join_run, job);
out:
    json_decref(doc);
}

/* ---- one's entry ---------------------------------------------------------------- */

/* The entry's token: X-Waitlist-Token or ?token=. Answers 401 without. */
static bool entry_token(struct http_ctx *c, const char **token)
{
    static const char *const allowed[] = {"token", NULL};
    if (!api_query_only(c, allowed) || !api_guess_allowed(c))
        return false;
    *token = http_header(c, "X-Waitlist-Token");
    if (*token == NULL)
        *token = http_query(c, "token");
    if (*token != NULL)
        return true;
    api_reply_result(c, FH_EAUTH, "unauthorized",
                     "the entry's token is required (X-Waitlist-Token header or ?token=)", NULL);
    return false;
}

static void reply_entry_failure(struct http_ctx *c, fh_result r, const char *err)
{
    if (r == FH_ENOTFOUND) {
        http_guess_failed(c);
        api_reply_result(c, r, "not_found", "no waitlist entry with this code and token", NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, r, "status_conflict", err, NULL);
    } else {
        reply_store_failure(c, r, err);
    }
}

static const struct sched_office *entry_office(struct http_ctx *c, const char *id)
{
    const struct sched_office *office = cfg_office(c->svc->cfg, id);
    if (office == NULL)
        api_reply_result(c, FH_ECONFLICT, "office_gone",
                         "the entry's office is no longer served here", NULL);
    return office;
}

void api_waitlist_get(struct http_ctx *c)
{
    const char *token;
    if (!entry_token(c, &token))
        return;
    struct store_wait_entry e;
    struct store_offer o;
    bool has_offer = false;
    char err[FH_ERR_LEN] = "";
    fh_result r =
        store_waitlist_get(c->svc->store, c->params[0], token, &e, &o, &has_offer, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r != FH_OK)
        reply_entry_failure(c, r, err);
    else if ((office = entry_office(c, e.office)) != NULL)
        api_reply_json(c, HTTP_OK, entry_json(c, office, &e, has_offer ? &o : NULL));
    fh_wipe(&e, sizeof e);
}

void api_waitlist_leave(struct http_ctx *c)
{
    const char *token;
    if (!entry_token(c, &token))
        return;
    struct store_wait_entry e;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_waitlist_leave(c->svc, c->params[0], token, &e, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r != FH_OK)
        reply_entry_failure(c, r, err);
    else if ((office = entry_office(c, e.office)) != NULL)
        api_reply_json(c, HTTP_OK, entry_json(c, office, &e, NULL));
    fh_wipe(&e, sizeof e);
}

/* ---- offers ------------------------------------------------------------------- */

static void reply_offer_failure(struct http_ctx *c, fh_result r, const char *err)
{
    if (r == FH_ENOTFOUND) {
        http_guess_failed(c);
        api_reply_result(c, r, "not_found", "no offer with this token", NULL);
    } else if (r == FH_ECONFLICT && strncmp(err, "offer_", 6) == 0) {
        api_reply_error(c, HTTP_CONFLICT, err,
                        strcmp(err, "offer_expired") == 0
                            ? "the offer's hold has expired: the place passed to the next person"
                            : "the offer is no longer held",
                        NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, FH_EINVAL, "idempotency_key_reused", err, "Idempotency-Key");
    } else if (r == FH_EINVAL) {
        api_reply_result(c, r, "invalid_field", err, NULL);
    } else {
        reply_store_failure(c, r, err);
    }
}

void api_offer_get(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    if (!api_query_only(c, none) || !api_guess_allowed(c))
        return;
    struct store_offer o;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_offer_get(c->svc->store, c->params[0], &o, NULL, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r != FH_OK)
        reply_offer_failure(c, r, err);
    else if ((office = entry_office(c, o.office)) != NULL)
        api_reply_json(c, HTTP_OK, offer_json(office, &o));
}

struct accept_job {
    const struct sched_office *office;
    char token[STORE_TOKEN_LEN + 1];
    struct api_idem idem;
};

static void accept_run(struct http_ctx *c, void *arg)
{
    struct accept_job *job = arg;
    struct store_create_result res;
    struct store_offer o;
    char err[FH_ERR_LEN] = "";
    fh_result r =
        svc_offer_accept(c->svc, job->office, job->token, job->idem.has_key ? job->idem.key : NULL,
                         job->idem.body_sha256, api_bookings_created_reply, (void *)job->office,
                         &res, &o, err, sizeof err);
    if (r == FH_OK) {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/bookings/%s", res.booking.code);
        http_add_header(c, "Location", location);
        if (res.replayed)
            http_add_header(c, "Idempotent-Replayed", "true");
        api_reply_text(c, res.http_status, res.body);
    } else if (r == FH_EREFUSED) {
        api_reply_refusal(c, res.refusal, res.partner_refused, job->office,
                          sched_office_service_index(job->office, o.service), o.start,
                          res.suspended_until, 0);
    } else {
        reply_offer_failure(c, r, err);
    }
    fh_wipe(job->token, sizeof job->token);
    free(job);
}

void api_offer_accept(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    if (!api_query_only(c, none) || !api_guess_allowed(c))
        return;
    const char *key = http_header(c, "Idempotency-Key");
    const char *why;
    if (key != NULL && (why = val_idempotency_key(key)) != NULL) {
        api_reply_invalid(c, "Idempotency-Key", why);
        return;
    }
    bool failed;
    json_t *doc = api_body_optional(c, none, &failed);
    json_decref(doc);
    if (failed)
        return;
    /* The office is the offer's: looked up before the writer's turn. */
    struct store_offer o;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_offer_get(c->svc->store, c->params[0], &o, NULL, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r != FH_OK) {
        reply_offer_failure(c, r, err);
        return;
    }
    if ((office = entry_office(c, o.office)) == NULL)
        return;
    struct accept_job *job = fh_calloc(1, sizeof *job);
    job->office = office;
    snprintf(job->token, sizeof job->token, "%s", c->params[0]);
    api_defer_create(c, &job->idem, key, reply_lost, accept_run, job);
}

void api_offer_decline(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    if (!api_query_only(c, none) || !api_guess_allowed(c))
        return;
    bool failed;
    json_t *doc = api_body_optional(c, none, &failed);
    json_decref(doc);
    if (failed)
        return;
    struct store_offer o;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_offer_get(c->svc->store, c->params[0], &o, NULL, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r == FH_OK && (office = entry_office(c, o.office)) == NULL)
        return;
    if (r == FH_OK)
        r = svc_offer_decline(c->svc, office, c->params[0], &o, err, sizeof err);
    if (r != FH_OK)
        reply_offer_failure(c, r, err);
    else
        api_reply_json(c, HTTP_OK, offer_json(office, &o));
}

/* ---- a day's waitlist, for managers -------------------------------------------- */

void api_waitlist_day(struct http_ctx *c)
{
    static const char *const allowed[] = {"date", NULL};
    if (!api_manager_auth(c))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, allowed))
        return;
    const char *date = http_query(c, "date");
    fh_day day;
    const char *why = date == NULL ? "missing (YYYY-MM-DD)" : fh_parse_date(date, &day);
    if (why != NULL) {
        api_reply_invalid(c, "date", why);
        return;
    }
    struct store_wait_entry *list;
    size_t count;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_waitlist_of_day(c->svc->store, sched_office_spec(office)->id, day, &list,
                                        &count, err, sizeof err);
    if (r != FH_OK) {
        reply_store_failure(c, r, err);
        return;
    }
    json_t *entries = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *e = entry_json(c, office, &list[i], NULL);
        json_object_set_new(e, "name", json_string(list[i].name));
        json_object_set_new(e, "national_id_masked", json_string(list[i].national_id_masked));
        json_array_append_new(entries, e);
        fh_wipe(&list[i], sizeof list[i]);
    }
    free(list);
    char day_s[FH_DATE_LEN];
    fh_format_date(day, day_s);
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:s, s:s, s:I, s:o}", "office", sched_office_spec(office)->id,
                             "date", day_s, "count", (json_int_t)count, "entries", entries));
}
