/* api_bookings.c: the citizen's side of bookings: create (with
 * Idempotency-Key), read, cancel and reschedule with the manage token. The
 * fields are checked here; the scheduler decides admission and the store
 * makes it atomic and durable. */
#include "api/api_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {"wheelchair", "priority_counter", "interpreter"}: every key, so that a
 * client sees what may be asked (interpreter null when none). */
static json_t *needs_json(const struct sched_needs *n)
{
    return json_pack("{s:b, s:b, s:o}", "wheelchair", n->wheelchair, "priority_counter",
                     n->priority_counter, "interpreter",
                     n->interpreter != SCHED_INTERPRETER_NONE
                         ? json_string(sched_interpreter_code(n->interpreter))
                         : json_null());
}

json_t *api_bookings_json(const struct sched_office *office, const struct store_booking *b)
{
    char start[FH_TIME_LEN], end[FH_TIME_LEN];
    api_format_time(office, b->start, start);
    api_format_time(office, b->end, end);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code",
                            b->code, "status", store_status_name(b->status), "office", b->office,
                            "service", b->service, "start", start, "end", end, "window", b->window,
                            "name", b->name, "national_id_masked", b->national_id_masked, "phone",
                            b->phone, "email", b->email, "lang", b->lang);
    json_object_set_new(doc, "channel", json_string(store_booking_channel_name(b->channel)));
    json_object_set_new(doc, "resident", json_boolean(b->resident));
    json_object_set_new(doc, "needs", needs_json(&b->needs));
    if (b->partner_name[0] != '\0') {
        json_object_set_new(doc, "partner_name", json_string(b->partner_name));
        json_object_set_new(doc, "partner_national_id_masked",
                            json_string(b->partner_national_id_masked));
    }
    if (b->effective_day != FH_NO_DAY) {
        char day[FH_DATE_LEN];
        fh_format_date(b->effective_day, day);
        json_object_set_new(doc, "effective_date", json_string(day));
    }
    return doc;
}

/* The 201 body; the store calls it inside the transaction and keeps the text
 * (encrypted) for replays of the same Idempotency-Key. */
char *api_bookings_created_reply(const struct store_booking *b, const char *manage_token, void *arg)
{
    const struct sched_office *office = arg;
    char start[FH_TIME_LEN], end[FH_TIME_LEN];
    api_format_time(office, b->start, start);
    api_format_time(office, b->end, end);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", b->code,
                            "status", store_status_name(b->status), "office", b->office, "service",
                            b->service, "start", start, "end", end, "window", b->window, "channel",
                            store_booking_channel_name(b->channel), "manage_token", manage_token);
    if (b->effective_day != FH_NO_DAY) {
        char day[FH_DATE_LEN];
        fh_format_date(b->effective_day, day);
        json_object_set_new(doc, "effective_date", json_string(day));
    }
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return text;
}

/* The scheduler's refusal of start for service (an index) at office; one
 * that booking has not opened for says when it does ("opens_at"), a
 * suspension when it ends ("until", the first day booking online opens
 * again). */
void api_reply_refusal(struct http_ctx *c, enum sched_refusal r, bool partner,
                       const struct sched_office *office, int service, fh_minute start,
                       fh_day until, int effective)
{
    json_t *extra = NULL;
    /* A designated date refused says why in its own words; a move, which
     * does not report the reason, in the refusal's. */
    if (r == SCHED_EFFECTIVE_DATE) {
        bool known = effective > SCHED_EFFECTIVE_OK && effective < SCHED_EFFECTIVE_COUNT;
        api_reply_error(c, HTTP_UNPROCESSABLE_CONTENT,
                        known ? sched_effective_code(effective) : sched_refusal_code(r),
                        known ? sched_effective_message(effective) : sched_refusal_message(r),
                        "effective_date");
        return;
    }
    if (r == SCHED_SUSPENDED && until != FH_NO_DAY) {
        char day[FH_DATE_LEN];
        fh_format_date(until, day);
        extra = json_pack("{s:s}", "until", day);
    }
    if (r == SCHED_NOT_YET_OPEN || r == SCHED_NOT_YET_RELEASED) {
        fh_minute opens = svc_booking_opens(c->svc, office, service, start);
        if (opens != SCHED_NEVER) {
            char when[FH_TIME_LEN];
            api_format_time(office, opens, when);
            extra = json_pack("{s:s}", "opens_at", when);
        }
    }
    api_reply_error_with(c, api_http_status(api_refusal_result(r)), sched_refusal_code(r),
                         svc_refusal_message(r, partner),
                         svc_refusal_is_about_start(r) ? "start"
                         : partner                     ? "partner_national_id"
                                                       : NULL,
                         extra);
}

static void reply_store_failure(struct http_ctx *c, fh_result r, const char *err)
{
    /* Store messages name codes and statements, never a person's data. */
    fh_log(FH_LOG_ERROR, "store: %s", err);
    api_reply_result(c, r, r == FH_EBUSY ? "busy" : "internal_error",
                     r == FH_EBUSY ? "try again later" : "the store failed", NULL);
}

/* The optional "resident" (a boolean) and "needs" of a booking body into
 * in; answers 422 naming the field ("needs.interpreter") and returns false
 * when one is bad. The interpreter's language is checked with the rest of
 * the request. */
static bool parse_visit_fields(struct http_ctx *c, json_t *doc, struct svc_booking_input *in)
{
    static const char *const keys[] = {"wheelchair", "priority_counter", "interpreter", NULL};
    json_t *v = json_object_get(doc, "resident");
    if (v != NULL && !json_is_boolean(v)) {
        api_reply_invalid(c, "resident", "must be true or false");
        return false;
    }
    in->resident = v != NULL && json_is_true(v);
    json_t *needs = json_object_get(doc, "needs");
    if (needs == NULL || json_is_null(needs))
        return true;
    if (!json_is_object(needs)) {
        api_reply_invalid(c, "needs",
                          "must be an object: {\"wheelchair\", \"priority_counter\", "
                          "\"interpreter\"}");
        return false;
    }
    const char *key;
    json_object_foreach(needs, key, v)
    {
        const char *const *k = keys;
        while (*k != NULL && strcmp(*k, key) != 0)
            k++;
        char field[80];
        snprintf(field, sizeof field, "needs.%.60s", key);
        if (*k == NULL) {
            api_reply_invalid(c, field,
                              "unknown need (wheelchair, priority_counter and interpreter are)");
            return false;
        }
        if (strcmp(key, "interpreter") == 0) {
            if (!json_is_string(v) && !json_is_null(v)) {
                api_reply_invalid(c, field, "must be a language code or null");
                return false;
            }
            in->interpreter = json_string_value(v);
        } else if (!json_is_boolean(v)) {
            api_reply_invalid(c, field, "must be true or false");
            return false;
        } else if (strcmp(key, "wheelchair") == 0) {
            in->wheelchair = json_is_true(v);
        } else {
            in->priority_counter = json_is_true(v);
        }
    }
    return true;
}

/* An RFC 3339 start in the office's local time; answers 422 when bad. */
static bool parse_start(struct http_ctx *c, const struct sched_office *office, const char *s,
                        fh_minute *out)
{
    const char *why = svc_parse_start(office, s, out);
    if (why != NULL)
        api_reply_invalid(c, "start", why);
    return why == NULL;
}

/* A checked booking request on its way to the writer thread. */
struct create_job {
    json_t *doc; /* the parsed body: req's strings point into it */
    struct svc_booking_request req;
    struct api_idem idem;
};

static void reply_lost(struct http_ctx *c)
{
    api_reply_error(c, HTTP_SERVICE_UNAVAILABLE, "unavailable",
                    "the booking could not be stored; please try again", NULL);
}

/* On the writer thread: the transaction, then the answer. */
static void create_run(struct http_ctx *c, void *arg)
{
    struct create_job *job = arg;
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_booking_create(c->svc, &job->req, job->idem.has_key ? job->idem.key : NULL,
                                     job->idem.body_sha256, api_bookings_created_reply,
                                     (void *)job->req.office, &res, err, sizeof err);
    if (r == FH_OK) {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/bookings/%s", res.booking.code);
        http_add_header(c, "Location", location);
        if (res.replayed)
            http_add_header(c, "Idempotent-Replayed", "true");
        api_reply_text(c, res.http_status, res.body);
    } else if (r == FH_EREFUSED) {
        api_reply_refusal(c, res.refusal, res.partner_refused, job->req.office, job->req.service,
                          job->req.start, res.suspended_until, res.effective);
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
    svc_booking_request_wipe(&job->req);
    json_decref(job->doc);
    free(job);
}

void api_bookings_create(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    static const char *const fields[] = {SVC_BOOKING_FIELDS, NULL};
    if (!api_query_only(c, none))
        return;
    const char *key;
    json_t *doc = api_create_body(c, fields, &key);
    if (doc == NULL)
        return;
    bool bad = false;
    struct svc_booking_input in = {
        .office = api_field_string(c, doc, "office", &bad),
        .service = api_field_string(c, doc, "service", &bad),
        .start = api_field_string(c, doc, "start", &bad),
        .effective_date = api_field_string(c, doc, "effective_date", &bad),
        .channel = api_field_string(c, doc, "channel", &bad),
    };
    api_person_fields(c, doc, &in, &bad);
    if (bad || !parse_visit_fields(c, doc, &in))
        goto out;
    /* A manager's token books on a citizen's behalf (a call, a fax, the
     * counter): audited as theirs, a landline allowed, the channel said. */
    char who[STORE_WHO_LEN];
    if (api_has_authorization(c)) {
        if (!api_manager_auth_office(c, in.office))
            goto out;
        api_manager_who(c, who);
        in.by = who;
    }
    /* The first fault in the order a form shows the fields: the first a
     * person would look at. */
    struct create_job *job = fh_calloc(1, sizeof *job);
    struct svc_field_error fault;
    if (svc_booking_check(c->svc->cfg, &in, &job->req, &fault, 1) > 0) {
        svc_booking_request_wipe(&job->req);
        free(job);
        api_reply_invalid(c, fault.field, fault.why);
        goto out;
    }
    /* The transaction runs on the writer thread; the job keeps the parsed
     * body (whose strings the request points to) until it is done. */
    job->doc = doc;
    doc = NULL;
    api_defer_create(c, &job->idem, key, reply_lost, create_run, job);
out:
    json_decref(doc);
}

/* The manage token of the request: X-Manage-Token or ?token=. With a valid
 * manager's bearer token instead, *token is NULL (the store skips the
 * check). Answers 401 and returns false when neither is there. */
static bool booking_token(struct http_ctx *c, const char **token)
{
    static const char *const allowed[] = {"token", NULL};
    if (!api_query_only(c, allowed) || !api_guess_allowed(c))
        return false;
    *token = http_header(c, "X-Manage-Token");
    if (*token == NULL)
        *token = http_query(c, "token");
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
static void reply_lookup_failure(struct http_ctx *c, fh_result r, const char *err)
{
    if (r == FH_ENOTFOUND || r == FH_EAUTH)
        http_guess_failed(c); /* guessing codes and tokens costs time */
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
static const struct sched_office *booking_office(struct http_ctx *c, const struct store_booking *b)
{
    const struct sched_office *office = cfg_office(c->svc->cfg, b->office);
    if (office == NULL)
        api_reply_result(c, FH_ECONFLICT, "office_gone",
                         "the booking's office is no longer served here", NULL);
    return office;
}

void api_bookings_get(struct http_ctx *c)
{
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    fh_result r = store_booking_get(c->svc->store, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        return;
    }
    const struct sched_office *office = booking_office(c, &b);
    if (office != NULL)
        api_reply_json(c, HTTP_OK, api_bookings_json(office, &b));
}

void api_bookings_cancel(struct http_ctx *c)
{
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    /* The store reads "now" in the booking's own offset: look it up first. */
    fh_result r = store_booking_get(c->svc->store, c->params[0], token, &b, err, sizeof err);
    const struct sched_office *office = NULL;
    if (r == FH_OK && (office = booking_office(c, &b)) == NULL)
        return;
    if (r == FH_OK)
        r = svc_booking_cancel(c->svc, office, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        return;
    }
    api_reply_json(c, HTTP_OK, api_bookings_json(office, &b));
}

void api_bookings_reschedule(struct http_ctx *c)
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
    fh_result r = store_booking_get(c->svc->store, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        goto out;
    }
    const struct sched_office *office = booking_office(c, &b);
    fh_minute start;
    if (office == NULL || !parse_start(c, office, start_s, &start))
        goto out;
    enum sched_refusal refusal;
    int service = sched_office_service_index(office, b.service);
    r = svc_booking_move(c->svc, office, c->params[0], token, start, &b, &refusal, err, sizeof err);
    if (r == FH_OK) {
        api_reply_json(c, HTTP_OK, api_bookings_json(office, &b));
    } else if (r == FH_EREFUSED) {
        api_reply_refusal(c, refusal, false, office, service, start, FH_NO_DAY, 0);
    } else {
        reply_lookup_failure(c, r, err);
    }
out:
    json_decref(doc);
}

void api_bookings_invite(struct http_ctx *c)
{
    const char *token;
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (!booking_token(c, &token))
        return;
    fh_result r = store_booking_get(c->svc->store, c->params[0], token, &b, err, sizeof err);
    if (r != FH_OK) {
        reply_lookup_failure(c, r, err);
        return;
    }
    const struct sched_office *office = booking_office(c, &b);
    if (office != NULL)
        api_calendars_invite(c, office, &b);
}

/* A score of a survey body: an integer 1 to 5. */
static bool survey_score(struct http_ctx *c, json_t *doc, const char *name, int *out)
{
    json_t *v = json_object_get(doc, name);
    if (v == NULL) {
        api_reply_invalid(c, name, "missing");
        return false;
    }
    if (!json_is_integer(v) || json_integer_value(v) < SCHED_SURVEY_SCORE_MIN ||
        json_integer_value(v) > SCHED_SURVEY_SCORE_MAX) {
        api_reply_invalid(c, name, "must be an integer from 1 to 5");
        return false;
    }
    *out = (int)json_integer_value(v);
    return true;
}

void api_bookings_survey(struct http_ctx *c)
{
    static const char *const fields[] = {"waiting", "courtesy", "overall", "comment", NULL};
    const char *token;
    if (!booking_token(c, &token))
        return;
    /* The holder's own opinion: staff do not answer for them. */
    if (token == NULL) {
        api_reply_result(c, FH_EFORBIDDEN, "forbidden",
                         "the survey is answered with the booking's manage token or link key",
                         NULL);
        return;
    }
    json_t *doc = api_body_object(c);
    if (doc == NULL)
        return;
    bool bad = !api_fields_only(c, doc, fields);
    struct store_survey_answer a = {0};
    const char *comment = bad ? NULL : api_field_string(c, doc, "comment", &bad);
    if (!bad)
        bad = !survey_score(c, doc, "waiting", &a.waiting) ||
              !survey_score(c, doc, "courtesy", &a.courtesy) ||
              !survey_score(c, doc, "overall", &a.overall);
    const char *why = bad ? NULL : val_comment(comment, SCHED_SURVEY_COMMENT_MAX);
    if (why != NULL) {
        api_reply_invalid(c, "comment",
                          strcmp(why, "too long") == 0 ? "longer than 500 characters" : why);
        bad = true;
    }
    if (bad)
        goto out;
    a.comment = comment != NULL ? comment : "";
    enum sched_survey refused;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_survey_save(c->svc, c->params[0], token, &a, &refused, err, sizeof err);
    if (r == FH_OK) {
        api_reply_json(c, HTTP_CREATED,
                       json_pack("{s:s, s:b}", "code", c->params[0], "answered", true));
    } else if (r == FH_EREFUSED) {
        /* Answered already: a conflict with the state, said kindly; the
         * rest: the survey is not (or no longer) open. */
        api_reply_error(
            c, refused == SCHED_SURVEY_ANSWERED ? HTTP_CONFLICT : HTTP_UNPROCESSABLE_CONTENT,
            sched_survey_code(refused), sched_survey_message(refused), NULL);
    } else {
        reply_lookup_failure(c, r, err);
    }
out:
    json_decref(doc);
}
