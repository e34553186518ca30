/* api_draw.c: lucky-date draws through the API. Anyone may read an office's
 * draws (the period, the commitment to the seed, and once drawn the seed
 * and every request's number, rank and outcome: what `flexhours draw
 * verify` checks); a couple requests a place in an open draw with the
 * booking's fields (Idempotency-Key like a booking) and reads its request
 * with the token of its link. */
#include "api/api_internal.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *phase_name(enum sched_draw_phase p)
{
    switch (p) {
    case SCHED_DRAW_BEFORE:
        return "not_open";
    case SCHED_DRAW_OPEN:
        return "open";
    case SCHED_DRAW_CLOSED:
        return "closed";
    case SCHED_DRAW_NONE:
        break;
    }
    return "none";
}

static void utc_time(const struct sched_office *office, int64_t utc, char out[FH_TIME_LEN])
{
    api_format_time(office, fh_local_from_utc(utc, sched_office_spec(office)->utc_offset), out);
}

/* A draw as the public sees it; with_requests adds each request's number
 * and, once drawn, its rank and outcome (never who made it). */
static json_t *draw_json(struct http_ctx *c, const struct sched_office *office,
                         const struct sched_release *rule, bool with_requests)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    char date[FH_DATE_LEN], opens[FH_TIME_LEN], closes[FH_TIME_LEN], releases[FH_TIME_LEN];
    fh_format_date(rule->date, date);
    api_format_time(office, sched_instant_of(&rule->draw_opens, rule->date), opens);
    api_format_time(office, sched_instant_of(&rule->draw_closes, rule->date), closes);
    api_format_time(office, sched_release_instant(rule), releases);
    enum sched_draw_phase phase = sched_draw_phase(office, rule->date, svc_now(office));
    json_t *doc =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "office", o->id, "date", date, "opens_at",
                  opens, "closes_at", closes, "releases_at", releases, "phase", phase_name(phase));
    struct store_draw d;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_draw_get(c->svc->store, o->id, rule->date, &d, err, sizeof err);
    if (r != FH_OK) {
        if (r != FH_ENOTFOUND)
            fh_log(FH_LOG_ERROR, "store: %s", err);
        json_object_set_new(doc, "commitment", json_null());
        return doc;
    }
    char at[FH_TIME_LEN];
    utc_time(office, d.committed_at, at);
    json_object_set_new(doc, "commitment", json_string(d.commitment));
    json_object_set_new(doc, "committed_at", json_string(at));
    json_object_set_new(doc, "requests", json_integer((json_int_t)d.requests));
    json_object_set_new(doc, "seed", d.drawn_at ? json_string(d.seed) : json_null());
    if (d.drawn_at) {
        utc_time(office, d.drawn_at, at);
        json_object_set_new(doc, "drawn_at", json_string(at));
    }
    json_object_set_new(doc, "done", json_boolean(d.done_at != 0));
    if (!with_requests)
        return doc;
    struct store_draw_request *list = NULL;
    size_t n = 0;
    if (store_draw_requests(c->svc->store, d.id, &list, &n, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        json_decref(doc);
        return NULL;
    }
    json_t *requests = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_pack("{s:s}", "number", list[i].number);
        if (d.drawn_at) {
            json_object_set_new(q, "rank", json_integer(list[i].rank));
            json_object_set_new(q, "outcome",
                                json_string(store_draw_outcome_name(list[i].outcome)));
        }
        json_array_append_new(requests, q);
    }
    free(list);
    json_object_set_new(doc, "request_list", requests);
    return doc;
}

/* The rule of the path's office and date (the second '*'), or NULL after
 * answering 404. */
static const struct sched_release *path_draw(struct http_ctx *c, const struct sched_office *office)
{
    fh_day day;
    const char *why = fh_parse_date(c->params[1], &day);
    if (why != NULL) {
        api_reply_invalid(c, "date", why);
        return NULL;
    }
    const struct sched_release *rule = sched_release_rule(office, day);
    if (rule == NULL || !rule->draw) {
        api_reply_error(c, HTTP_NOT_FOUND, "not_found", "the office holds no draw for that date",
                        NULL);
        return NULL;
    }
    return rule;
}

void api_draw_list(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    if (!api_query_only(c, none))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    json_t *draws = json_array();
    fh_day today = fh_day_of(svc_now(office));
    for (size_t i = 0; i < o->release_count; i++) {
        if (!o->releases[i].draw || o->releases[i].date < today)
            continue;
        json_t *d = draw_json(c, office, &o->releases[i], false);
        if (d != NULL)
            json_array_append_new(draws, d);
    }
    api_reply_json(c, HTTP_OK, json_pack("{s:o}", "draws", draws));
}

void api_draw_get(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    if (!api_query_only(c, none))
        return;
    const struct sched_office *office = api_path_office(c);
    const struct sched_release *rule = office != NULL ? path_draw(c, office) : NULL;
    if (rule == NULL)
        return;
    json_t *doc = draw_json(c, office, rule, true);
    if (doc == NULL)
        api_reply_result(c, FH_EDB, "internal_error", "the store failed", NULL);
    else
        api_reply_json(c, HTTP_OK, doc);
}

/* ---- a couple's request ---------------------------------------------------------- */

struct request_job {
    json_t *doc;
    struct svc_booking_request req;
    struct api_idem idem;
};

static json_t *request_json(const struct sched_office *office, const struct store_draw_request *q)
{
    char date[FH_DATE_LEN], start[FH_TIME_LEN];
    fh_format_date(q->day, date);
    api_format_time(office, q->start, start);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "number", q->number, "office",
                            q->office, "date", date, "service", q->service, "start", start,
                            "outcome", store_draw_outcome_name(q->outcome));
    json_object_set_new(doc, "rank", q->rank > 0 ? json_integer(q->rank) : json_null());
    if (q->refusal[0] != '\0')
        json_object_set_new(doc, "refusal", json_string(q->refusal));
    return doc;
}

/* The 201 body, built in the transaction and kept (sealed) for replays. */
static char *requested_reply(const struct store_draw_request *q, const char *token, void *arg)
{
    const struct sched_office *office = arg;
    json_t *doc = request_json(office, q);
    const struct sched_release *rule = sched_release_rule(office, q->day);
    if (rule != NULL) {
        char closes[FH_TIME_LEN];
        api_format_time(office, sched_instant_of(&rule->draw_closes, q->day), closes);
        json_object_set_new(doc, "closes_at", json_string(closes));
    }
    json_object_set_new(doc, "token", json_string(token));
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return text;
}

static void reply_lost(struct http_ctx *c)
{
    api_reply_error(c, HTTP_SERVICE_UNAVAILABLE, "unavailable",
                    "the request could not be stored; please try again", NULL);
}

static void request_run(struct http_ctx *c, void *arg)
{
    struct request_job *job = arg;
    struct store_draw_result res;
    char err[FH_ERR_LEN] = "";
    const struct sched_office *office = job->req.office;
    fh_result r = svc_draw_request(c->svc, &job->req, job->idem.has_key ? job->idem.key : NULL,
                                   job->idem.body_sha256, requested_reply, (void *)office, &res,
                                   err, sizeof err);
    if (r == FH_OK) {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/draw-requests/%s", res.request.number);
        if (res.replayed)
            http_add_header(c, "Idempotent-Replayed", "true");
        else
            http_add_header(c, "Location", location);
        api_reply_text(c, res.http_status, res.body);
    } else if (r == FH_EREFUSED) {
        api_reply_refusal(c, res.refusal, res.partner_refused, office, job->req.service,
                          job->req.start, res.suspended_until, 0);
    } else if (r == FH_ECONFLICT && strcmp(err, "already_requested") == 0) {
        api_reply_error(c, HTTP_CONFLICT, "already_requested",
                        "you or your partner already have a request in this draw", NULL);
    } else if (r == FH_ECONFLICT && strcmp(err, "draw_not_open") == 0) {
        api_reply_error(c, HTTP_CONFLICT, "draw_not_open",
                        "the draw does not take requests now (see its opens_at and closes_at)",
                        NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, FH_EINVAL, "idempotency_key_reused",
                         err[0] != '\0' ? err
                                        : "this Idempotency-Key was used with another request body",
                         "Idempotency-Key");
    } else if (r == FH_EINVAL) {
        api_reply_result(c, r, "invalid_field", err, NULL);
    } else {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        api_reply_result(c, r, r == FH_EBUSY ? "busy" : "internal_error",
                         r == FH_EBUSY ? "try again later" : "the store failed", NULL);
    }
    svc_booking_request_wipe(&job->req);
    json_decref(job->doc);
    free(job);
}

void api_draw_request(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    static const char *const fields[] = {
        "service", "start", "name",         "national_id",         "phone",
        "email",   "lang",  "partner_name", "partner_national_id", "resident",
        NULL};
    if (!api_query_only(c, none))
        return;
    const struct sched_office *office = api_path_office(c);
    const struct sched_release *rule = office != NULL ? path_draw(c, office) : NULL;
    if (rule == NULL)
        return;
    const char *key;
    json_t *doc = api_create_body(c, fields, &key);
    if (doc == NULL)
        return;
    bool bad = false;
    json_t *resident = json_object_get(doc, "resident");
    if (resident != NULL && !json_is_boolean(resident)) {
        api_reply_invalid(c, "resident", "must be true or false");
        goto out;
    }
    struct svc_booking_input in = {
        .office = sched_office_spec(office)->id,
        .service = api_field_string(c, doc, "service", &bad),
        .start = api_field_string(c, doc, "start", &bad),
    };
    api_person_fields(c, doc, &in, &bad);
    if (bad)
        goto out;
    struct request_job *job = fh_calloc(1, sizeof *job);
    struct svc_field_error fault;
    if (svc_booking_check(c->svc->cfg, &in, &job->req, &fault, 1) > 0) {
        svc_booking_request_wipe(&job->req);
        free(job);
        api_reply_invalid(c, fault.field, fault.why);
        goto out;
    }
    job->req.resident = json_is_true(resident);
    /* The request is for the path's date. */
    if (fh_day_of(job->req.start) != rule->date) {
        svc_booking_request_wipe(&job->req);
        free(job);
        api_reply_invalid(c, "start", "not on the date of the draw");
        goto out;
    }
    job->doc = doc;
    doc = NULL;
    api_defer_create(c, &job->idem, key, reply_lost, request_run, job);
out:
    json_decref(doc);
}

void api_draw_request_get(struct http_ctx *c)
{
    static const char *const allowed[] = {"token", NULL};
    if (!api_query_only(c, allowed) || !api_guess_allowed(c))
        return;
    const char *token = http_header(c, "X-Draw-Token");
    if (token == NULL)
        token = http_query(c, "token");
    if (token == NULL) {
        api_reply_result(c, FH_EAUTH, "unauthorized",
                         "the request's token is required (X-Draw-Token header or ?token=)", NULL);
        return;
    }
    struct store_draw_request q;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_draw_request_get(c->svc->store, c->params[0], token, &q, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        http_guess_failed(c);
        api_reply_result(c, r, "not_found", "no draw request with this number and token", NULL);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    const struct sched_office *office = cfg_office(c->svc->cfg, q.office);
    if (office == NULL) {
        api_reply_result(c, FH_ECONFLICT, "office_gone",
                         "the request's office is no longer served here", NULL);
    } else {
        json_t *doc = request_json(office, &q);
        if (q.booking_id != 0) {
            struct store_booking b;
            if (store_booking_by_id(c->svc->store, q.booking_id, &b, err, sizeof err) == FH_OK) {
                char start[FH_TIME_LEN];
                api_format_time(office, b.start, start);
                json_object_set_new(doc, "booking",
                                    json_pack("{s:s, s:s, s:s}", "code", b.code, "start", start,
                                              "status", store_status_name(b.status)));
            }
            fh_wipe(&b, sizeof b);
        }
        api_reply_json(c, HTTP_OK, doc);
    }
    fh_wipe(&q, sizeof q);
}
