/* api_manager.c: the endpoints behind a manager's bearer token: a day's
 * bookings of an office grouped by window, and the counter's transitions
 * (confirm a pending booking, check in, no-show, complete). */
#include "api/api_internal.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BEARER_MAX 512

bool api_has_authorization(const struct http_ctx *c)
{
    return http_header(c, "Authorization") != NULL;
}

/* The manager whose bearer token the request carries, or NULL. */
static const struct cfg_manager *token_manager(const struct http_ctx *c)
{
    const char *h = http_header(c, "Authorization");
    const struct cfg_manager *found = NULL;
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    const char *token = h + 7;
    while (*token == ' ')
        token++;
    size_t n = strlen(token);
    if (n == 0 || n > BEARER_MAX)
        return NULL;
    uint8_t digest[FH_SHA256_LEN];
    fh_sha256(token, n, digest);
    /* Compare with every manager, without stopping at a match, so the
     * time taken says nothing about which hash was near. */
    const struct fh_config *cfg = c->svc->cfg;
    for (size_t i = 0; i < cfg->manager_count; i++)
        if (fh_memeq_ct(digest, cfg->managers[i].token_sha256, FH_SHA256_LEN) && found == NULL)
            found = &cfg->managers[i];
    return found;
}

/* The office a manager's request acts on: the path's office under
 * /api/v1/offices/, a booking's office under /api/v1/bookings/ (""
 * when the code is unknown: the handler answers 404), NULL for what
 * spans offices (the national calendar, the outbox, erasures). */
static const char *request_office(struct http_ctx *c, char *buf, size_t len)
{
    if (strncmp(c->path, "/api/v1/offices/", 16) == 0)
        return c->params[0];
    if (strncmp(c->path, "/api/v1/bookings/", 17) != 0)
        return NULL;
    struct store_booking b;
    char err[FH_ERR_LEN];
    buf[0] = '\0';
    if (store_booking_get(c->svc->store, c->params[0], NULL, &b, err, sizeof err) == FH_OK)
        snprintf(buf, len, "%s", b.office);
    fh_wipe(&b, sizeof b);
    return buf;
}

bool api_manager_auth(struct http_ctx *c)
{
    if (!api_guess_allowed(c))
        return false;
    const struct cfg_manager *m = token_manager(c);
    if (m == NULL) {
        http_guess_failed(c);
        http_add_header(c, "WWW-Authenticate", "Bearer realm=\"flexhours\"");
        api_reply_result(c, FH_EAUTH, "unauthorized", "a manager's bearer token is required", NULL);
        return false;
    }
    if (m->offices == NULL)
        return true;
    char buf[64];
    const char *office = request_office(c, buf, sizeof buf);
    if (office != NULL && (office[0] == '\0' || cfg_manager_covers(m, office)))
        return true;
    api_reply_result(c, FH_EFORBIDDEN, "forbidden",
                     office != NULL ? "this token does not act for this office"
                                    : "this needs a token of every office",
                     NULL);
    return false;
}

bool api_manager_auth_office(struct http_ctx *c, const char *office)
{
    if (!api_guess_allowed(c))
        return false;
    const struct cfg_manager *m = token_manager(c);
    if (m == NULL) {
        http_guess_failed(c);
        http_add_header(c, "WWW-Authenticate", "Bearer realm=\"flexhours\"");
        api_reply_result(c, FH_EAUTH, "unauthorized", "a manager's bearer token is required", NULL);
        return false;
    }
    /* An unknown office is the booking's checks' to report. */
    if (m->offices == NULL || office == NULL || cfg_office(c->svc->cfg, office) == NULL ||
        cfg_manager_covers(m, office))
        return true;
    api_reply_result(c, FH_EFORBIDDEN, "forbidden", "this token does not act for this office",
                     NULL);
    return false;
}

void api_manager_who(const struct http_ctx *c, char out[STORE_WHO_LEN])
{
    const struct cfg_manager *m = token_manager(c);
    snprintf(out, STORE_WHO_LEN, "token:%s", m != NULL ? m->name : "?");
}

void api_manager_day(struct http_ctx *c)
{
    static const char *const allowed[] = {"date", NULL};
    if (!api_manager_auth(c))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    if (!api_query_only(c, allowed))
        return;
    const char *date = http_query(c, "date");
    fh_day day;
    const char *why = date == NULL ? "missing (YYYY-MM-DD)" : fh_parse_date(date, &day);
    if (why != NULL) {
        api_reply_invalid(c, "date", why);
        return;
    }
    struct store_booking *list;
    size_t count;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_bookings_of_day(c->svc->store, sched_office_spec(office)->id, day, &list,
                                        &count, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    /* Group by window name in the order the day's windows begin: the
     * bookings come sorted by start. */
    json_t *windows = json_array();
    json_t *group = NULL;
    const char *current = NULL;
    for (size_t i = 0; i < count; i++) {
        if (current == NULL || strcmp(current, list[i].window) != 0) {
            group = NULL;
            size_t n = json_array_size(windows);
            for (size_t k = 0; k < n; k++) {
                json_t *w = json_array_get(windows, k);
                if (strcmp(json_string_value(json_object_get(w, "window")), list[i].window) == 0)
                    group = json_object_get(w, "bookings");
            }
            if (group == NULL) {
                group = json_array();
                json_array_append_new(
                    windows, json_pack("{s:s, s:o}", "window", list[i].window, "bookings", group));
            }
            current = list[i].window;
        }
        json_array_append_new(group, api_bookings_json(office, &list[i]));
    }
    char day_s[FH_DATE_LEN];
    fh_format_date(day, day_s);
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:s, s:s, s:I, s:o}", "office", sched_office_spec(office)->id,
                             "date", day_s, "count", (json_int_t)count, "windows", windows));
    free(list);
}

static void transition(struct http_ctx *c, enum store_status to)
{
    static const char *const none[] = {NULL};
    if (!api_manager_auth(c) || !api_query_only(c, none))
        return;
    /* No body is needed; one that is sent must be an empty object, so that
     * a client's fields are never silently ignored. */
    bool failed;
    json_decref(api_body_optional(c, none, &failed));
    if (failed)
        return;
    struct store_booking b;
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    enum sched_checkin why;
    fh_result r =
        svc_booking_set_status(c->svc, NULL, c->params[0], to, who, &b, &why, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        api_reply_result(c, r, "not_found", "no such booking", NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, r, "status_conflict", err, NULL);
    } else if (r == FH_EREFUSED) {
        /* The day, not the request, is wrong: a state like a conflict. */
        api_reply_result(c, FH_ECONFLICT, sched_checkin_code(why), sched_checkin_message(why),
                         NULL);
    } else if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
    } else {
        const struct sched_office *office = cfg_office(c->svc->cfg, b.office);
        if (office == NULL)
            api_reply_result(c, FH_ECONFLICT, "office_gone",
                             "the booking's office is no longer served here", NULL);
        else
            api_reply_json(c, HTTP_OK, api_bookings_json(office, &b));
    }
}

void api_manager_check_in(struct http_ctx *c)
{
    transition(c, STORE_CHECKED_IN);
}

void api_manager_no_show(struct http_ctx *c)
{
    transition(c, STORE_NO_SHOW);
}

void api_manager_complete(struct http_ctx *c)
{
    transition(c, STORE_COMPLETED);
}

/* GET /api/v1/outbox?status=&limit=: the messages, failed ones with their
 * last error, so that a manager sees what did not reach people. */
void api_manager_outbox(struct http_ctx *c)
{
    static const char *const allowed[] = {"status", "limit", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, allowed))
        return;
    int status = -1;
    const char *want = http_query(c, "status");
    if (want != NULL) {
        status = -2;
        for (int s = STORE_MSG_QUEUED; s <= STORE_MSG_DROPPED; s++)
            if (strcmp(want, store_msg_status_name((enum store_msg_status)s)) == 0)
                status = s;
        if (status == -2) {
            api_reply_invalid(c, "status", "must be queued, sent, failed or dropped");
            return;
        }
    }
    long limit = 100;
    const char *limit_s = http_query(c, "limit");
    if (limit_s != NULL) {
        char *end;
        limit = strtol(limit_s, &end, 10);
        if (*end != '\0' || limit < 1 || limit > 1000) {
            api_reply_invalid(c, "limit", "must be 1 to 1000");
            return;
        }
    }
    struct store_message *m;
    size_t n;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_outbox_list(c->svc->store, status, (size_t)limit, &m, &n, err, sizeof err);
    if (r != FH_OK) {
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        char due[FH_TIME_LEN];
        fh_format_local(fh_local_from_utc(m[i].due_at, 0), 0, due);
        json_t *e = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:i, s:s}", "id", (json_int_t)m[i].id, "booking", m[i].code,
            "kind", store_msg_kind_name(m[i].kind), "channel", store_channel_name(m[i].channel),
            "status", store_msg_status_name(m[i].status), "attempts", m[i].attempts, "due", due);
        if (m[i].last_error[0] != '\0')
            json_object_set_new(e, "last_error", json_string(m[i].last_error));
        /* A message to a member of staff names them, not a booking. */
        if (m[i].staff[0] != '\0')
            json_object_set_new(e, "staff", json_string(m[i].staff));
        json_array_append_new(list, e);
    }
    free(m);
    api_reply_json(c, HTTP_OK, list);
}

/* POST /api/v1/outbox/{id}/retry: a failed message queued again. */
void api_manager_outbox_retry(struct http_ctx *c)
{
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);
    if (*end != '\0' || id < 1) {
        api_reply_error(c, HTTP_NOT_FOUND, "not_found", "no such message", NULL);
        return;
    }
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_result r = store_outbox_requeue(c->svc->store, id, who, fh_clock_now(), err, sizeof err);
    if (r == FH_OK)
        api_reply_json(c, HTTP_OK,
                       json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "queued"));
    else
        api_reply_result(c, r, r == FH_ENOTFOUND ? "not_found" : "status_conflict", err, NULL);
}
