/* api_bookings.c: the citizen's side of bookings: create (with
 * Idempotency-Key), read, cancel and reschedule with the manage token. The
 * fields are checked here; the scheduler decides admission and the store
 * makes it atomic and durable. */
#include "api/api_internal.h"
#include "api/api_validate.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *api_bookings_json(const struct sched_office *office, const struct store_booking *b)
{
    char start[FH_TIME_LEN], end[FH_TIME_LEN];
    api_format_time(office, b->start, start);
    api_format_time(office, b->end, end);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code",
                     b->code, "status", store_status_name(b->status), "office", b->office,
                     "service", b->service, "start", start, "end", end, "window", b->window, "name",
                     b->name, "national_id_masked", b->national_id_masked, "phone", b->phone,
                     "email", b->email, "lang", b->lang);
}

/* The 201 body; the store calls it inside the transaction and keeps the text
 * for replays of the same Idempotency-Key. */
static char *created_reply(const struct store_booking *b, const char *manage_token, void *arg)
{
    const struct sched_office *office = arg;
    char start[FH_TIME_LEN], end[FH_TIME_LEN];
    api_format_time(office, b->start, start);
    api_format_time(office, b->end, end);
    json_t *doc =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", b->code, "status",
                  store_status_name(b->status), "office", b->office, "service", b->service, "start",
                  start, "end", end, "window", b->window, "manage_token", manage_token);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return text;
}

/* Which refusals are about the start the client chose. */
static const char *refusal_field(enum sched_refusal r)
{
    switch (r) {
    case SCHED_NOT_A_SLOT:
    case SCHED_DAY_CLOSED:
    case SCHED_WINDOW_SUSPENDED:
    case SCHED_IN_PAST:
    case SCHED_NOT_YET_OPEN:
    case SCHED_CUTOFF_PASSED:
    case SCHED_SLOT_FULL:
        return "start";
    default:
        return NULL;
    }
}

static void reply_refusal(struct api_ctx *c, enum sched_refusal r)
{
    api_reply_result(c, api_refusal_result(r), sched_refusal_code(r), sched_refusal_message(r),
                     refusal_field(r));
}

static void reply_store_failure(struct api_ctx *c, fh_result r, const char *err)
{
    /* Store messages name codes and statements, never a person's data. */
    fh_log(FH_LOG_ERROR, "store: %s", err);
    api_reply_result(c, r, r == FH_EBUSY ? "busy" : "internal_error",
                     r == FH_EBUSY ? "try again later" : "the store failed", NULL);
}

/* An RFC 3339 start in the office's local time; answers 422 when bad. */
static bool parse_start(struct api_ctx *c, const struct sched_office *office, const char *s,
                        fh_minute *out)
{
    int64_t utc;
    const char *why = s == NULL ? "missing" : fh_parse_rfc3339(s, &utc);
    if (why == NULL && utc % 60 != 0)
        why = "slots start on a whole minute";
    if (why != NULL) {
        api_reply_invalid(c, "start", why);
        return false;
    }
    *out = fh_local_from_utc(utc, sched_office_spec(office)->utc_offset);
    return true;
}

/* A validated booking request on its way to the writer thread. */
struct create_job {
    json_t *doc; /* the parsed body: nb's strings point into it */
    const struct sched_office *office;
    struct store_new_booking nb;
    char id[API_NATIONAL_ID_LEN + 1];
    char phone[API_PHONE_LEN + 1];
    char key[256];
    bool has_key;
    uint8_t body_sha256[FH_SHA256_LEN];
};

/* On the writer thread: the transaction, then the answer. */
static void create_run(struct api_ctx *c, void *arg)
{
    struct create_job *job = arg;
    const struct sched_office *office = job->office;
    fh_minute now = fh_local_from_utc(fh_clock_now(), sched_office_spec(office)->utc_offset);
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    const struct sched_calendar *cal = api_calendar_hold(c->srv);
    fh_result r = store_booking_create(c->srv->store, office, cal, &job->nb, now,
                                       job->has_key ? job->key : NULL, job->body_sha256,
                                       created_reply, (void *)office, &res, err, sizeof err);
    api_calendar_release(c->srv);
    if (r == FH_OK) {
        if (!res.replayed) {
            api_changed(c->srv);
            api_staff_booking_taken(c->srv, office, &res.booking);
        }
        char location[64];
        snprintf(location, sizeof location, "/api/v1/bookings/%s", res.booking.code);
        api_add_header(c, MHD_HTTP_HEADER_LOCATION, location);
        if (res.replayed)
            api_add_header(c, "Idempotent-Replayed", "true");
        api_reply_text(c, res.http_status, res.body);
    } else if (r == FH_EREFUSED) {
        reply_refusal(c, res.refusal);
    } else if (r == FH_ECONFLICT) {
        /* The key cannot be used again: it came with another body (the
         * client's mistake, not a state of the slot), or its stored answer
         * no longer opens; err tells the client which. */
        api_reply_result(c, FH_EINVAL, "idempotency_key_reused",
                         err[0] != '\0' ? err
                                        : "this Idempotency-Key was used with another request body",
                         "Idempotency-Key");
    } else if (r == FH_EINVAL) {
        api_reply_result(c, r, "invalid_field", err, NULL);
    } else {
        reply_store_failure(c, r, err);
    }
    fh_wipe(job->id, sizeof job->id);
    json_decref(job->doc);
    free(job);
}

void api_bookings_create(struct api_ctx *c)
{
    static const char *const none[] = {NULL};
    static const char *const fields[] = {"office",      "service", "start", "name", "phone",
                                         "national_id", "email",   "lang",  NULL};
    if (!api_query_only(c, none) || !api_limit_allow(c->srv->limit, c))
        return;
    const char *key = api_header(c, "Idempotency-Key");
    const char *why;
    if (key != NULL && (why = api_validate_idempotency_key(key)) != NULL) {
        api_reply_invalid(c, "Idempotency-Key", why);
        return;
    }
    json_t *doc = api_body_object(c);
    if (doc == NULL)
        return;
    if (!api_fields_only(c, doc, fields))
        goto out;

    bool bad = false;
    const char *office_id = api_field_string(c, doc, "office", &bad);
    const char *service = api_field_string(c, doc, "service", &bad);
    const char *start_s = api_field_string(c, doc, "start", &bad);
    const char *name = api_field_string(c, doc, "name", &bad);
    const char *national_id = api_field_string(c, doc, "national_id", &bad);
    const char *phone = api_field_string(c, doc, "phone", &bad);
    const char *email = api_field_string(c, doc, "email", &bad);
    const char *lang = api_field_string(c, doc, "lang", &bad);
    if (bad)
        goto out;

    /* Fields in the order a form shows them, so the first fault named is
     * the first a person would look at. */
    const struct sched_office *office = NULL;
    if (office_id == NULL) {
        api_reply_invalid(c, "office", "missing");
        goto out;
    }
    if ((office = cfg_office(c->srv->cfg, office_id)) == NULL) {
        api_reply_invalid(c, "office", "no such office");
        goto out;
    }
    if (service == NULL) {
        api_reply_invalid(c, "service", "missing");
        goto out;
    }
    if (sched_office_service_index(office, service) < 0) {
        api_reply_invalid(c, "service", "not a service of this office");
        goto out;
    }
    fh_minute start;
    if (!parse_start(c, office, start_s, &start))
        goto out;
    if ((why = api_validate_name(name)) != NULL) {
        api_reply_invalid(c, "name", why);
        goto out;
    }
    char id[API_NATIONAL_ID_LEN + 1], e164[API_PHONE_LEN + 1];
    if ((why = national_id ? api_normalize_national_id(national_id, id) : "missing") != NULL) {
        api_reply_invalid(c, "national_id", why);
        goto out;
    }
    if (phone != NULL && (why = api_normalize_phone(phone, e164)) != NULL) {
        api_reply_invalid(c, "phone", why);
        goto out;
    }
    if (email != NULL && (why = api_validate_email(email)) != NULL) {
        api_reply_invalid(c, "email", why);
        goto out;
    }
    if (phone == NULL && email == NULL) {
        api_reply_invalid(c, "phone", "give a mobile number or an e-mail address");
        goto out;
    }
    if (lang != NULL && (why = api_validate_lang(lang)) != NULL) {
        api_reply_invalid(c, "lang", why);
        goto out;
    }

    /* The transaction runs on the writer thread; the job keeps the parsed
     * body (whose strings the request points to) until it is done. */
    struct create_job *job = fh_calloc(1, sizeof *job);
    job->doc = doc;
    doc = NULL;
    job->office = office;
    memcpy(job->id, id, sizeof id);
    fh_wipe(id, sizeof id);
    if (phone != NULL)
        memcpy(job->phone, e164, sizeof e164);
    if (key != NULL)
        snprintf(job->key, sizeof job->key, "%s", key);
    job->has_key = key != NULL;
    fh_sha256(c->req->body, c->req->body_len, job->body_sha256);
    job->nb = (struct store_new_booking){
        .office = office_id,
        .service = service,
        .start = start,
        .name = name,
        .national_id = job->id,
        .phone = phone ? job->phone : NULL,
        .email = email,
        .lang = lang ? lang : "zh-TW",
        .resident = false, /* no field proves residence yet */
    };
    api_defer(c, create_run, job);
out:
    json_decref(doc);
}

/* The manage token of the request: X-Manage-Token or ?token=. With a valid
 * manager's bearer token instead, *token is NULL (the store skips the
 * check). Answers 401 and returns false when neither is there. */
static bool booking_token(struct api_ctx *c, const char **token)
{
    static const char *const allowed[] = {"token", NULL};
    if (!api_query_only(c, allowed))
        return false;
    *token = api_header(c, "X-Manage-Token");
    if (*token == NULL)
        *token = api_query(c, "token");
    if (*token != NULL && !api_has_authorization(c))
        return true;
    if (api_has_authorization(c)) {
        *token = NULL;
        return api_manager_auth(c);
    }
    api_reply_result(c, FH_EAUTH, "unauthorized",
                     "the manage token is required (X-Manage-Token header or ?token=)", NULL);
    return false;
}

/* Answers a failed lookup of a booking. A wrong token is answered like an
 * unknown code, so that codes cannot be probed for existence. */
static void reply_lookup_failure(struct api_ctx *c, fh_result r, const char *err)
{
    if (r == FH_ENOTFOUND || r == FH_EAUTH)
        api_reply_result(c, FH_ENOTFOUND, "not_found", "no booking with this code and manage token",
                         NULL);
    else if (r == FH_ECONFLICT)
        api_reply_result(c, r, "status_conflict", err, NULL);
    else if (r == FH_EINVAL)
        api_reply_result(c, r, "invalid_field", err, NULL);
    else
        reply_store_failure(c, r, err);
}

/* The configured office of a stored booking (NULL if it was removed from
 * the configuration since). */
static const struct sched_office *booking_office(struct api_ctx *c, const struct store_booking *b)
{
    const struct sched_office *office = cfg_office(c->srv->cfg, b->office);
    if (office == NULL)
        api_reply_result(c, FH_ECONFLICT, "office_gone",
                         "the booking's office is no longer served here", NULL);
    return office;
}

void api_bookings_get(struct api_ctx *c)
{
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    fh_result r = store_booking_get(c->srv->store, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        return;
    }
    const struct sched_office *office = booking_office(c, &b);
    if (office != NULL)
        api_reply_json(c, MHD_HTTP_OK, api_bookings_json(office, &b));
}

void api_bookings_cancel(struct api_ctx *c)
{
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    /* The store reads "now" in the booking's own offset: look it up first. */
    fh_result r = store_booking_get(c->srv->store, c->params[0], token, &b, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r == FH_OK && (office = booking_office(c, &b)) == NULL)
        return;
    if (r == FH_OK) {
        fh_minute now = fh_local_from_utc(fh_clock_now(), sched_office_spec(office)->utc_offset);
        r = store_booking_cancel(c->srv->store, c->params[0], token, now, &b, err, sizeof err);
    }
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        return;
    }
    api_changed(c->srv);
    api_reply_json(c, MHD_HTTP_OK, api_bookings_json(office, &b));
}

void api_bookings_reschedule(struct api_ctx *c)
{
    static const char *const fields[] = {"start", NULL};
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    json_t *doc = api_body_object(c);
    if (doc == NULL)
        return;
    bool bad = false;
    const char *start_s = NULL;
    if (api_fields_only(c, doc, fields))
        start_s = api_field_string(c, doc, "start", &bad);
    else
        bad = true;
    if (bad)
        goto out;
    /* The booking names its office, whose offset reads the new start. */
    fh_result r = store_booking_get(c->srv->store, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        goto out;
    }
    const struct sched_office *office = booking_office(c, &b);
    fh_minute start;
    if (office == NULL || !parse_start(c, office, start_s, &start))
        goto out;
    fh_minute now = fh_local_from_utc(fh_clock_now(), sched_office_spec(office)->utc_offset);
    enum sched_refusal refusal = SCHED_OK;
    api_change_begin(c->srv);
    const struct sched_calendar *cal = api_calendar_hold(c->srv);
    r = store_booking_reschedule(c->srv->store, office, cal, c->params[0], token, start, now, &b,
                                 &refusal, err, sizeof err);
    api_calendar_release(c->srv);
    api_change_end(c->srv);
    if (r == FH_OK) {
        api_changed(c->srv);
        /* Moved onto a holiday with nobody on duty, it waits for one too. */
        api_staff_booking_taken(c->srv, office, &b);
        api_reply_json(c, MHD_HTTP_OK, api_bookings_json(office, &b));
    } else if (r == FH_EREFUSED) {
        reply_refusal(c, refusal);
    } else {
        reply_lookup_failure(c, r, err);
    }
out:
    json_decref(doc);
}

void api_bookings_invite(struct api_ctx *c)
{
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    fh_result r = store_booking_get(c->srv->store, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        return;
    }
    const struct sched_office *office = booking_office(c, &b);
    if (office != NULL)
        api_calendars_invite(c, office, &b);
}
