/* api_reply.c: the JSON face of the request layer: the route table, the one
 * mapping from results to statuses, JSON answers and error bodies (in the
 * language the client asks for), and the readers of query strings and JSON
 * bodies. */
#include "api/api_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- results to statuses ---------------------------------------------------- */

int api_http_status(fh_result r)
{
    switch (r) {
    case FH_OK:
        return HTTP_OK;
    case FH_EINVAL:
    case FH_EREFUSED:
        return HTTP_UNPROCESSABLE_CONTENT;
    case FH_ENOTFOUND:
        return HTTP_NOT_FOUND;
    case FH_ECONFLICT:
        return HTTP_CONFLICT;
    case FH_EAUTH:
        return HTTP_UNAUTHORIZED;
    case FH_EFORBIDDEN:
        return HTTP_FORBIDDEN;
    case FH_EBUSY:
        return HTTP_SERVICE_UNAVAILABLE;
    case FH_EDB:
    case FH_EIO:
    case FH_EINTERNAL:
        break;
    }
    return HTTP_INTERNAL_SERVER_ERROR;
}

fh_result api_refusal_result(enum sched_refusal r)
{
    if (r == SCHED_OK)
        return FH_OK;
    return svc_refusal_is_conflict(r) ? FH_ECONFLICT : FH_EREFUSED;
}

/* ---- answers ---------------------------------------------------------------- */

void api_reply_text(struct http_ctx *c, int status, char *text)
{
    http_reply(c, status, "application/json; charset=utf-8", text);
}

void api_reply_json(struct http_ctx *c, int status, json_t *doc)
{
    char *text = doc != NULL ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    if (text == NULL)
        fh_fatal("api: cannot encode an answer"); /* only out of memory */
    api_reply_text(c, status, text);
}

/* Messages go out in Chinese to a client that names Chinese first. */
static bool wants_zh(const struct http_ctx *c)
{
    return http_accept_language(c) == HTTP_LANG_ZH;
}

/* s, or a copy in buf that JSON can carry: what came from a client (a
 * query argument's name) may not be valid UTF-8. */
static const char *json_safe(char *buf, size_t size, const char *s)
{
    if (val_utf8(s, strlen(s), NULL) == NULL)
        return s;
    size_t i = 0;
    for (; s[i] != '\0' && i + 1 < size; i++)
        buf[i] = ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) ? s[i] : '?';
    buf[i] = '\0';
    return buf;
}

void api_reply_error_with(struct http_ctx *c, int status, const char *code, const char *message,
                          const char *field, json_t *extra)
{
    char buf[FH_ERR_LEN];
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message",
                          json_safe(buf, sizeof buf, wants_zh(c) ? fh_zh(message) : message));
    if (field != NULL)
        json_object_set_new(e, "field", json_string(json_safe(buf, sizeof buf, field)));
    if (extra != NULL) {
        json_object_update(e, extra);
        json_decref(extra);
    }
    api_reply_json(c, status, json_pack("{s:o}", "error", e));
}

void api_reply_error(struct http_ctx *c, int status, const char *code, const char *message,
                     const char *field)
{
    api_reply_error_with(c, status, code, message, field, NULL);
}

void api_reply_result(struct http_ctx *c, fh_result r, const char *code, const char *message,
                      const char *field)
{
    api_reply_error(c, api_http_status(r), code, message, field);
}

void api_reply_invalid(struct http_ctx *c, const char *field, const char *why)
{
    char message[FH_ERR_LEN];
    if (wants_zh(c))
        snprintf(message, sizeof message, "%s：%s", field, fh_zh(why));
    else
        snprintf(message, sizeof message, "%s: %s", field, why);
    api_reply_result(c, FH_EINVAL, "invalid_field", message, field);
}

/* ---- reading the request ----------------------------------------------------- */

bool api_query_only(struct http_ctx *c, const char *const *allowed)
{
    const char *name, *why = http_query_check(c, allowed, &name);
    if (why == NULL)
        return true;
    api_reply_invalid(c, name, why);
    return false;
}

bool api_guess_allowed(struct http_ctx *c)
{
    int wait = http_guess_wait(c);
    if (wait == 0)
        return true;
    http_retry_after(c, wait);
    api_reply_error(c, HTTP_TOO_MANY_REQUESTS, "rate_limited",
                    "too many failed lookups from this address; try again later", NULL);
    return false;
}

json_t *api_body_object(struct http_ctx *c)
{
    json_error_t jerr;
    size_t len;
    const char *body = http_body(c, &len);
    /* A browser sends text/plain or a form across sites without asking the
     * server first (no CORS preflight); JSON it cannot. */
    if (len > 0 && !http_body_is(c, "application/json")) {
        api_reply_error(c, HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "the body must be sent as Content-Type: application/json", NULL);
        return NULL;
    }
    if (len == 0) {
        api_reply_error(c, HTTP_BAD_REQUEST, "bad_request", "the body must be a JSON object", NULL);
        return NULL;
    }
    /* jansson refuses ill-formed UTF-8 and NUL in strings; duplicate keys
     * would make "which one counts" ambiguous. */
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        char message[FH_ERR_LEN];
        snprintf(message, sizeof message, "%s: %s (line %d, column %d)",
                 wants_zh(c) ? fh_zh("the body is not JSON in UTF-8")
                             : "the body is not JSON in UTF-8",
                 jerr.text, jerr.line, jerr.column);
        api_reply_error(c, HTTP_BAD_REQUEST, "bad_request", message, NULL);
        return NULL;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        api_reply_error(c, HTTP_BAD_REQUEST, "bad_request", "the body must be a JSON object", NULL);
        return NULL;
    }
    return doc;
}

const struct sched_office *api_path_office(struct http_ctx *c)
{
    const struct sched_office *office = cfg_office(c->svc->cfg, c->params[0]);
    if (office == NULL)
        api_reply_error(c, HTTP_NOT_FOUND, "not_found", "no such office", NULL);
    return office;
}

json_t *api_body_optional(struct http_ctx *c, const char *const *allowed, bool *failed)
{
    size_t len;
    *failed = false;
    http_body(c, &len);
    if (len == 0)
        return NULL;
    json_t *doc = api_body_object(c);
    if (doc == NULL || !api_fields_only(c, doc, allowed)) {
        json_decref(doc);
        *failed = true;
        return NULL;
    }
    return doc;
}

bool api_fields_only(struct http_ctx *c, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        const char *const *a = allowed;
        while (*a != NULL && strcmp(*a, key) != 0)
            a++;
        if (*a == NULL) {
            char field[64];
            snprintf(field, sizeof field, "%s", key);
            api_reply_invalid(c, field, "unknown field");
            return false;
        }
    }
    return true;
}

const char *api_field_string(struct http_ctx *c, json_t *obj, const char *name, bool *bad)
{
    json_t *v = json_object_get(obj, name);
    if (v == NULL || *bad)
        return NULL;
    if (!json_is_string(v)) {
        api_reply_invalid(c, name, "must be a string");
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

json_t *api_create_body(struct http_ctx *c, const char *const *fields, const char **key)
{
    int wait = http_limit_take(c);
    if (wait > 0) {
        http_retry_after(c, wait);
        api_reply_error(c, HTTP_TOO_MANY_REQUESTS, "rate_limited",
                        "too many requests from this address; try again shortly", NULL);
        return NULL;
    }
    *key = http_header(c, "Idempotency-Key");
    const char *why;
    if (*key != NULL && (why = val_idempotency_key(*key)) != NULL) {
        api_reply_invalid(c, "Idempotency-Key", why);
        return NULL;
    }
    json_t *doc = api_body_object(c);
    if (doc != NULL && !api_fields_only(c, doc, fields)) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

void api_person_fields(struct http_ctx *c, json_t *doc, struct svc_booking_input *in, bool *bad)
{
    in->name = api_field_string(c, doc, "name", bad);
    in->national_id = api_field_string(c, doc, "national_id", bad);
    in->phone = api_field_string(c, doc, "phone", bad);
    in->email = api_field_string(c, doc, "email", bad);
    in->lang = api_field_string(c, doc, "lang", bad);
    in->partner_name = api_field_string(c, doc, "partner_name", bad);
    in->partner_national_id = api_field_string(c, doc, "partner_national_id", bad);
}

void api_defer_create(struct http_ctx *c, struct api_idem *idem, const char *key,
                      void (*lost)(struct http_ctx *c), void (*run)(struct http_ctx *c, void *job),
                      void *job)
{
    if (key != NULL)
        snprintf(idem->key, sizeof idem->key, "%s", key);
    idem->has_key = key != NULL;
    size_t body_len;
    const char *body = http_body(c, &body_len);
    /* An offer is accepted with no body at all. */
    fh_sha256(body != NULL ? body : "", body != NULL ? body_len : 0, idem->body_sha256);
    c->lost = lost;
    http_defer(c, run, job);
}

void api_format_time(const struct sched_office *office, fh_minute t, char out[FH_TIME_LEN])
{
    fh_format_local(t, sched_office_spec(office)->utc_offset, out);
}

/* ---- the description ----------------------------------------------------------- */

/* GET /api/v1/openapi.json: the document changes only with the binary, so
 * clients may keep it a while and then ask again with its ETag. */
void api_openapi_get(struct http_ctx *c)
{
    if (!api_query_only(c, (const char *const[]){NULL}))
        return;
    c->cache_control = "public, max-age=3600";
    http_add_header(c, "ETag", api_openapi_etag);
    const char *match = http_header(c, "If-None-Match");
    if (match != NULL && strstr(match, api_openapi_etag) != NULL) {
        http_reply_static(c, HTTP_NOT_MODIFIED, "application/json; charset=utf-8", "", 0);
        return;
    }
    http_reply_static(c, HTTP_OK, "application/json; charset=utf-8", api_openapi_data,
                      api_openapi_len);
}

/* ---- the face ------------------------------------------------------------------- */

static const struct http_route routes[] = {
    {"/healthz", HTTP_GET, api_offices_healthz},
    {"/readyz", HTTP_GET, api_offices_readyz},
    {"/api/v1/openapi.json", HTTP_GET, api_openapi_get},
    {"/api/v1/offices", HTTP_GET, api_offices_list},
    {"/api/v1/offices/*/services", HTTP_GET, api_offices_services},
    {"/api/v1/offices/*/slots", HTTP_GET, api_offices_slots},
    {"/api/v1/offices/*/bookings", HTTP_GET, api_manager_day},
    {"/api/v1/bookings", HTTP_POST, api_bookings_create},
    {"/api/v1/bookings/*", HTTP_GET, api_bookings_get},
    {"/api/v1/bookings/*", HTTP_DELETE, api_bookings_cancel},
    {"/api/v1/bookings/*/reschedule", HTTP_POST, api_bookings_reschedule},
    {"/api/v1/bookings/*/invite.ics", HTTP_GET, api_bookings_invite},
    {"/api/v1/bookings/*/survey", HTTP_POST, api_bookings_survey},
    {"/api/v1/bookings/*/confirm", HTTP_POST, api_manager_confirm},
    {"/api/v1/bookings/*/check-in", HTTP_POST, api_manager_check_in},
    {"/api/v1/bookings/*/no-show", HTTP_POST, api_manager_no_show},
    {"/api/v1/bookings/*/complete", HTTP_POST, api_manager_complete},
    {"/api/v1/calendar/import", HTTP_POST, api_calendars_import},
    {"/api/v1/offices/*/closures", HTTP_POST, api_calendars_close},
    {"/api/v1/offices/*/closures/*", HTTP_DELETE, api_calendars_reopen},
    {"/api/v1/outbox", HTTP_GET, api_manager_outbox},
    {"/api/v1/outbox/*/retry", HTTP_POST, api_manager_outbox_retry},
    {"/api/v1/offices/*/openings.ics", HTTP_GET, api_calendars_openings},
    {"/api/v1/offices/*/bookings.ics", HTTP_GET, api_calendars_bookings},
    {"/api/v1/offices/*/feeds", HTTP_GET, api_calendars_feed_urls},
    {"/api/v1/offices/*/staff", HTTP_GET, api_staff_list},
    {"/api/v1/offices/*/staff/*/duties.ics", HTTP_GET, api_staff_duties_feed},
    {"/api/v1/offices/*/roster/*", HTTP_GET, api_roster_get},
    {"/api/v1/offices/*/roster/*/generate", HTTP_POST, api_roster_generate_month},
    {"/api/v1/offices/*/roster/*/publish", HTTP_POST, api_roster_publish_month},
    {"/api/v1/offices/*/roster/*/duties", HTTP_POST, api_roster_set_duty},
    {"/api/v1/offices/*/roster/*/pins", HTTP_POST, api_roster_pin},
    {"/api/v1/offices/*/roster/*/pins", HTTP_DELETE, api_roster_unpin},
    {"/api/v1/offices/*/comp", HTTP_GET, api_comp_list},
    {"/api/v1/offices/*/comp", HTTP_POST, api_comp_take},
    {"/api/v1/erasures", HTTP_POST, api_erase_create},
    {"/api/v1/offices/*/figures", HTTP_GET, api_figures_get},
    {"/api/v1/offices/*/satisfaction", HTTP_GET, api_figures_satisfaction},
    {"/api/v1/offices/*/suspensions", HTTP_GET, api_suspend_list},
    {"/api/v1/offices/*/suspensions/lift", HTTP_POST, api_suspend_lift},
    {"/api/v1/offices/*/waitlist", HTTP_POST, api_waitlist_join},
    {"/api/v1/offices/*/waitlist", HTTP_GET, api_waitlist_day},
    {"/api/v1/waitlist/*", HTTP_GET, api_waitlist_get},
    {"/api/v1/waitlist/*", HTTP_DELETE, api_waitlist_leave},
    {"/api/v1/offers/*", HTTP_GET, api_offer_get},
    {"/api/v1/offers/*/accept", HTTP_POST, api_offer_accept},
    {"/api/v1/offers/*/decline", HTTP_POST, api_offer_decline},
    {"/api/v1/offices/*/draws", HTTP_GET, api_draw_list},
    {"/api/v1/offices/*/draws/*", HTTP_GET, api_draw_get},
    {"/api/v1/offices/*/draws/*/requests", HTTP_POST, api_draw_request},
    {"/api/v1/draw-requests/*", HTTP_GET, api_draw_request_get},
};

static bool owns(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
           strcmp(path, "/healthz") == 0 || strcmp(path, "/readyz") == 0;
}

static void face_error(struct http_ctx *c, int status, const char *code, const char *message,
                       const char *allow)
{
    if (allow != NULL)
        http_add_header(c, "Allow", allow);
    api_reply_error(c, status, code, message, NULL);
}

const struct http_face api_face = {
    .owns = owns,
    .routes = routes,
    .route_count = sizeof routes / sizeof routes[0],
    .error = face_error,
};
