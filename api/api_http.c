/* api_http.c: the HTTP side of the API: the libmicrohttpd daemon, the
 * per-request life cycle (body collection, 413, keep-alive), the router, the
 * one mapping from results to statuses, error bodies and the access log. */
#include "api/api_internal.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_THREADS    4
#define CONNECTION_TIMEOUT 30 /* seconds a connection may sit idle */
#define CONNECTION_LIMIT   1024
/* Slot listings kept: 32 answers of at most 128 KiB (a month is ~12 KiB),
 * so at most 4 MiB. */
#define SLOTS_CACHE_ENTRIES 32
#define SLOTS_CACHE_MAX     (128 * 1024)

/* ---- results to statuses ---------------------------------------------------- */

int api_http_status(fh_result r)
{
    switch (r) {
    case FH_OK:
        return MHD_HTTP_OK;
    case FH_EINVAL:
    case FH_EREFUSED:
        return MHD_HTTP_UNPROCESSABLE_CONTENT;
    case FH_ENOTFOUND:
        return MHD_HTTP_NOT_FOUND;
    case FH_ECONFLICT:
        return MHD_HTTP_CONFLICT;
    case FH_EAUTH:
        return MHD_HTTP_UNAUTHORIZED;
    case FH_EBUSY:
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    case FH_EDB:
    case FH_EIO:
    case FH_EINTERNAL:
        break;
    }
    return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

fh_result api_refusal_result(enum sched_refusal r)
{
    switch (r) {
    case SCHED_OK:
        return FH_OK;
    case SCHED_SLOT_FULL:
    case SCHED_DUPLICATE_BOOKING:
    case SCHED_DAILY_LIMIT:
        return FH_ECONFLICT;
    default:
        return FH_EREFUSED;
    }
}

/* ---- answers ---------------------------------------------------------------- */

void api_reply_text(struct api_ctx *c, int status, char *text)
{
    free(c->body);
    c->status = status;
    c->body = text;
    c->body_len = strlen(text);
    c->content_type = "application/json; charset=utf-8";
}

void api_reply_json(struct api_ctx *c, int status, json_t *doc)
{
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (text == NULL)
        fh_fatal("api: cannot encode an answer"); /* only out of memory */
    api_reply_text(c, status, text);
}

void api_reply_error(struct api_ctx *c, int status, const char *code, const char *message,
                     const char *field)
{
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (field != NULL)
        json_object_set_new(e, "field", json_string(field));
    api_reply_json(c, status, json_pack("{s:o}", "error", e));
}

void api_reply_result(struct api_ctx *c, fh_result r, const char *code, const char *message,
                      const char *field)
{
    api_reply_error(c, api_http_status(r), code, message, field);
}

void api_reply_invalid(struct api_ctx *c, const char *field, const char *why)
{
    char message[FH_ERR_LEN];
    snprintf(message, sizeof message, "%s: %s", field, why);
    api_reply_result(c, FH_EINVAL, "invalid_field", message, field);
}

void api_add_header(struct api_ctx *c, const char *name, const char *value)
{
    if (c->header_count == API_MAX_HEADERS)
        fh_fatal("api: more than %d headers on one answer", API_MAX_HEADERS);
    int i = c->header_count++;
    snprintf(c->header_buf[i], sizeof c->header_buf[i], "%s", value);
    c->headers[i][0] = name;
    c->headers[i][1] = c->header_buf[i];
}

/* ---- reading the request ----------------------------------------------------- */

const char *api_header(const struct api_ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

const char *api_query(const struct api_ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_check {
    const char *const *allowed;
    const char *unknown; /* the first argument not allowed */
};

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    struct query_check *q = cls;
    (void)kind;
    (void)value;
    for (const char *const *a = q->allowed; *a != NULL; a++)
        if (strcmp(*a, key) == 0)
            return MHD_YES;
    q->unknown = key;
    return MHD_NO;
}

bool api_query_only(struct api_ctx *c, const char *const *allowed)
{
    struct query_check q = {allowed, NULL};
    MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, check_argument, &q);
    if (q.unknown == NULL)
        return true;
    char field[64];
    snprintf(field, sizeof field, "%s", q.unknown);
    api_reply_invalid(c, field, "unknown query argument");
    return false;
}

json_t *api_body_object(struct api_ctx *c)
{
    json_error_t jerr;
    const struct api_request *r = c->req;
    if (r->body_len == 0) {
        api_reply_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", "the body must be a JSON object",
                        NULL);
        return NULL;
    }
    /* jansson refuses ill-formed UTF-8 and NUL in strings; duplicate keys
     * would make "which one counts" ambiguous. */
    json_t *doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        char message[FH_ERR_LEN];
        snprintf(message, sizeof message, "the body is not JSON in UTF-8: %s (line %d, column %d)",
                 jerr.text, jerr.line, jerr.column);
        api_reply_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", message, NULL);
        return NULL;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        api_reply_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", "the body must be a JSON object",
                        NULL);
        return NULL;
    }
    return doc;
}

const struct sched_office *api_path_office(struct api_ctx *c)
{
    const struct sched_office *office = cfg_office(c->srv->cfg, c->params[0]);
    if (office == NULL)
        api_reply_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such office", NULL);
    return office;
}

json_t *api_body_optional(struct api_ctx *c, const char *const *allowed, bool *failed)
{
    *failed = false;
    if (c->req->body_len == 0)
        return NULL;
    json_t *doc = api_body_object(c);
    if (doc == NULL || !api_fields_only(c, doc, allowed)) {
        json_decref(doc);
        *failed = true;
        return NULL;
    }
    return doc;
}

bool api_fields_only(struct api_ctx *c, json_t *obj, const char *const *allowed)
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

const char *api_field_string(struct api_ctx *c, json_t *obj, const char *name, bool *bad)
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

void api_format_time(const struct sched_office *office, fh_minute t, char out[FH_TIME_LEN])
{
    fh_format_local(t, sched_office_spec(office)->utc_offset, out);
}

/* ---- the router --------------------------------------------------------------- */

enum { M_GET = 1, M_POST = 2, M_DELETE = 4 };

struct route {
    const char *pattern; /* '*' matches one path segment */
    unsigned method;
    api_handler handler;
};

static const struct route routes[] = {
    {"/healthz", M_GET, api_offices_healthz},
    {"/api/v1/offices", M_GET, api_offices_list},
    {"/api/v1/offices/*/services", M_GET, api_offices_services},
    {"/api/v1/offices/*/slots", M_GET, api_offices_slots},
    {"/api/v1/offices/*/bookings", M_GET, api_manager_day},
    {"/api/v1/bookings", M_POST, api_bookings_create},
    {"/api/v1/bookings/*", M_GET, api_bookings_get},
    {"/api/v1/bookings/*", M_DELETE, api_bookings_cancel},
    {"/api/v1/bookings/*/reschedule", M_POST, api_bookings_reschedule},
    {"/api/v1/bookings/*/invite.ics", M_GET, api_bookings_invite},
    {"/api/v1/bookings/*/confirm", M_POST, api_manager_confirm},
    {"/api/v1/bookings/*/check-in", M_POST, api_manager_check_in},
    {"/api/v1/bookings/*/no-show", M_POST, api_manager_no_show},
    {"/api/v1/bookings/*/complete", M_POST, api_manager_complete},
    {"/api/v1/calendar/import", M_POST, api_calendars_import},
    {"/api/v1/offices/*/closures", M_POST, api_calendars_close},
    {"/api/v1/offices/*/closures/*", M_DELETE, api_calendars_reopen},
    {"/api/v1/outbox", M_GET, api_manager_outbox},
    {"/api/v1/outbox/*/retry", M_POST, api_manager_outbox_retry},
    {"/api/v1/offices/*/openings.ics", M_GET, api_calendars_openings},
    {"/api/v1/offices/*/bookings.ics", M_GET, api_calendars_bookings},
    {"/api/v1/offices/*/feeds", M_GET, api_calendars_feed_urls},
    {"/api/v1/offices/*/staff", M_GET, api_staff_list},
    {"/api/v1/offices/*/staff/*/duties.ics", M_GET, api_staff_duties_feed},
    {"/api/v1/offices/*/roster/*", M_GET, api_roster_get},
    {"/api/v1/offices/*/roster/*/generate", M_POST, api_roster_generate_month},
    {"/api/v1/offices/*/roster/*/publish", M_POST, api_roster_publish_month},
    {"/api/v1/offices/*/roster/*/duties", M_POST, api_roster_set_duty},
    {"/api/v1/offices/*/roster/*/pins", M_POST, api_roster_pin},
    {"/api/v1/offices/*/roster/*/pins", M_DELETE, api_roster_unpin},
    {"/api/v1/offices/*/comp", M_GET, api_comp_list},
    {"/api/v1/offices/*/comp", M_POST, api_comp_take},
};

/* Whether path matches pattern; the '*' segments go to params. */
static bool match(const char *pattern, const char *path, const char *params[2], char *store,
                  size_t store_len)
{
    int n = 0;
    size_t used = 0;
    while (*pattern != '\0') {
        if (*pattern == '*') {
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || n == 2 || used + len + 1 > store_len)
                return false;
            memcpy(store + used, path, len);
            store[used + len] = '\0';
            params[n++] = store + used;
            used += len + 1;
            path += len;
            pattern++;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *path == '\0';
}

static unsigned method_bit(const char *method)
{
    if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
        return M_GET;
    if (strcmp(method, MHD_HTTP_METHOD_POST) == 0)
        return M_POST;
    if (strcmp(method, MHD_HTTP_METHOD_DELETE) == 0)
        return M_DELETE;
    return 0;
}

static void route(struct api_ctx *c, const char *url, const char *method)
{
    char segments[2 * 80];
    unsigned want = method_bit(method), allowed = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const char *params[2] = {NULL, NULL};
        if (!match(routes[i].pattern, url, params, segments, sizeof segments))
            continue;
        if (routes[i].method == want) {
            c->params[0] = params[0];
            c->params[1] = params[1];
            routes[i].handler(c);
            return;
        }
        allowed |= routes[i].method;
    }
    if (allowed == 0) {
        api_reply_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such resource", NULL);
        return;
    }
    char allow[32] = "";
    snprintf(allow, sizeof allow, "%s%s%s", allowed & M_GET ? "GET, HEAD, " : "",
             allowed & M_POST ? "POST, " : "", allowed & M_DELETE ? "DELETE, " : "");
    allow[strlen(allow) - 2] = '\0';
    api_add_header(c, MHD_HTTP_HEADER_ALLOW, allow);
    api_reply_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "this resource does not take that method", NULL);
}

/* ---- the request life cycle ---------------------------------------------------- */

static enum MHD_Result send_answer(struct api_ctx *c)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(c->body_len, c->body, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(c->body);
        return MHD_NO;
    }
    c->body = NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, c->content_type);
    /* Answers may carry a manage token or a person's data: never cache. */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    for (int i = 0; i < c->header_count; i++)
        MHD_add_response_header(resp, c->headers[i][0], c->headers[i][1]);
    if (atomic_load(&c->srv->stopping))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    c->req->status = c->status;
    c->req->bytes = c->body_len;
    enum MHD_Result ok = MHD_queue_response(c->conn, (unsigned)c->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void copy_printable(char *out, size_t size, const char *in)
{
    size_t i = 0;
    /* Paths arrive percent-decoded: keep control bytes out of the log. */
    for (; in[i] != '\0' && i + 1 < size; i++)
        out[i] = (in[i] > 0x20 && in[i] < 0x7f) ? in[i] : '?';
    out[i] = '\0';
}

/* A staff id is made of the person's name: the log shows a '*' for it. */
static void mask_staff(char *path)
{
    char *at = strstr(path, "/staff/");
    if (at == NULL)
        return;
    char *id = at + strlen("/staff/");
    char *end = strchr(id, '/');
    size_t tail = end != NULL ? strlen(end) : 0;
    if (*id == '\0')
        return;
    memmove(id + 1, end != NULL ? end : id + strlen(id), tail + 1);
    *id = '*';
}

static size_t content_length(struct MHD_Connection *conn, bool *present)
{
    const char *v =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    *present = v != NULL;
    if (v == NULL)
        return 0;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno != 0 || end == v)
        return SIZE_MAX;
    return n > SIZE_MAX ? SIZE_MAX : (size_t)n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct api_server *srv = cls;
    struct api_request *req = *req_cls;
    struct api_ctx c;
    (void)version;

    memset(&c, 0, sizeof c);
    c.srv = srv;
    c.conn = conn;
    if (req == NULL) {
        /* First call, headers only. Answering now would cost the client its
         * keep-alive connection, so only set up and wait for the next call;
         * except for a body announced too large, which we do not want read. */
        req = fh_calloc(1, sizeof *req);
        clock_gettime(CLOCK_MONOTONIC, &req->started);
        copy_printable(req->method, sizeof req->method, method);
        copy_printable(req->path, sizeof req->path, url);
        mask_staff(req->path);
        atomic_fetch_add(&srv->in_flight, 1);
        *req_cls = req;
        bool present;
        if (content_length(conn, &present) > API_BODY_MAX) {
            req->too_large = true;
            c.req = req;
            api_reply_error(&c, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
                            "the body is larger than 16 KiB", NULL);
            return send_answer(&c);
        }
        return MHD_YES;
    }
    c.req = req;
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (req->too_large)
            return MHD_YES;
        if (req->body_len + n > API_BODY_MAX) {
            /* A chunked body without a length: drop it and say so at the end. */
            req->too_large = true;
            free(req->body);
            req->body = NULL;
            req->body_len = req->body_cap = 0;
            return MHD_YES;
        }
        req->body = fh_grow(req->body, 1, &req->body_cap, req->body_len + n + 1);
        memcpy(req->body + req->body_len, upload_data, n);
        req->body_len += n;
        return MHD_YES;
    }
    if (req->status != 0)
        return MHD_YES; /* answered already (413 in the first call) */
    if (req->deferred != NULL) {
        /* Called again after the writer resumed the connection. */
        if (!atomic_load(&req->deferred_done))
            return MHD_YES;
        struct api_ctx *d = req->deferred;
        req->deferred = NULL;
        enum MHD_Result ok = send_answer(d);
        free(d);
        return ok;
    }
    if (req->too_large)
        api_reply_error(&c, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
                        "the body is larger than 16 KiB", NULL);
    else
        route(&c, url, method);
    if (c.deferred)
        return MHD_YES; /* the writer answers */
    if (c.body == NULL)
        api_reply_error(&c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal_error", "no answer", NULL);
    return send_answer(&c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct api_server *srv = cls;
    struct api_request *req = *req_cls;
    (void)conn;
    if (req == NULL)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - req->started.tv_sec) * 1e3 +
                (double)(now.tv_nsec - req->started.tv_nsec) / 1e6;
    /* Method, path, status, time and size only: no query string (it may hold
     * a manage token), no header, no body. */
    fh_log(FH_LOG_INFO, "%s %s %d %.3fms %zuB%s", req->method, req->path, req->status, ms,
           req->bytes, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    if (req->deferred != NULL) {
        free(req->deferred->body);
        free(req->deferred);
    }
    free(req->body);
    free(req);
    *req_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[FH_ERR_LEN];
    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    fh_log(FH_LOG_WARN, "http: %s", line);
}

/* ---- start and stop ------------------------------------------------------------- */

static fh_result resolve(const char *listen, struct sockaddr_storage *addr, int *family, char *err,
                         size_t errlen)
{
    char host[256];
    const char *colon = listen ? strrchr(listen, ':') : NULL;
    if (colon == NULL || colon == listen || colon[1] == '\0' ||
        (size_t)(colon - listen) >= sizeof host)
        return fh_fail(err, errlen, FH_EINVAL, "listen address '%s': not HOST:PORT",
                       listen ? listen : "");
    size_t hlen = (size_t)(colon - listen);
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
        memmove(host, host + 1, hlen - 2);
        host[hlen - 2] = '\0';
    }
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0)
        return fh_fail(err, errlen, FH_EINVAL, "listen address '%s': %s", listen, gai_strerror(rc));
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *family = res->ai_family;
    freeaddrinfo(res);
    return FH_OK;
}

fh_result api_server_start(const struct api_options *opt, struct api_server **out, char *err,
                           size_t errlen)
{
    struct sockaddr_storage addr;
    int family = AF_INET;
    fh_result r = resolve(opt->listen, &addr, &family, err, errlen);
    if (r != FH_OK)
        return r;
    uint16_t port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&addr)->sin6_port
                                             : ((struct sockaddr_in *)&addr)->sin_port);

    struct api_server *srv = fh_calloc(1, sizeof *srv);
    srv->cfg = opt->cfg;
    srv->store = opt->store;
    srv->cal = opt->cal;
    pthread_rwlock_init(&srv->cal_lock, NULL);
    pthread_mutex_init(&srv->change_lock, NULL);
    atomic_init(&srv->in_flight, 0);
    atomic_init(&srv->stopping, false);
    atomic_init(&srv->generation, 0);
    srv->slots_cache = api_cache_create(SLOTS_CACHE_ENTRIES, SLOTS_CACHE_MAX);
    srv->writer = api_writer_start(srv);
    srv->limit = api_limit_create(&opt->cfg->rate_limit);

    /* Each connection needs a descriptor; stay below the process's limit. */
    unsigned limit = CONNECTION_LIMIT;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur < (rlim_t)limit + 64)
        limit = rl.rlim_cur > 96 ? (unsigned)rl.rlim_cur - 64 : 32;
    unsigned threads = opt->threads ? opt->threads : DEFAULT_THREADS;

    /* A pool of epoll threads: a booking waits for an fsync, and meanwhile
     * the other threads keep answering. MHD_USE_ITC lets quiesce work. */
    unsigned flags =
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_OptionItem ops[] = {
        /* First, so that MHD's own start-up messages come through it too. */
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, NULL},
        {MHD_OPTION_SOCK_ADDR, 0, &addr},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv},
        {MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)limit, NULL},
        {MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL},
        /* Last, so that a pool of one leaves it out (MHD warns about 1). */
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    srv->daemon = MHD_start_daemon(flags, port, NULL, NULL, on_request, srv, MHD_OPTION_ARRAY, ops,
                                   MHD_OPTION_END);
    if (srv->daemon == NULL) {
        api_writer_stop(srv->writer);
        api_limit_free(srv->limit);
        api_cache_free(srv->slots_cache);
        pthread_rwlock_destroy(&srv->cal_lock);
        pthread_mutex_destroy(&srv->change_lock);
        free(srv);
        return fh_fail(err, errlen, FH_EIO, "cannot listen on %s (in use, or not an address here)",
                       opt->listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : port;
    *out = srv;
    return FH_OK;
}

int api_server_port(const struct api_server *srv)
{
    return srv->port;
}

void api_server_stop(struct api_server *srv, int grace_ms)
{
    if (srv == NULL)
        return;
    atomic_store(&srv->stopping, true);
    MHD_socket listener = MHD_quiesce_daemon(srv->daemon);
    for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < grace_ms; waited += 10)
        usleep(10 * 1000);
    if (atomic_load(&srv->in_flight) > 0)
        fh_log(FH_LOG_WARN, "http: %d requests still in flight after %d ms; closing them",
               atomic_load(&srv->in_flight), grace_ms);
    /* Queued bookings are finished and their connections resumed before
     * the daemon closes them. */
    api_writer_stop(srv->writer);
    api_limit_free(srv->limit);
    MHD_stop_daemon(srv->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    api_cache_free(srv->slots_cache);
    pthread_rwlock_destroy(&srv->cal_lock);
    pthread_mutex_destroy(&srv->change_lock);
    sched_calendar_free(srv->cal_owned);
    free(srv);
}

const struct sched_calendar *api_calendar_hold(struct api_server *srv)
{
    pthread_rwlock_rdlock(&srv->cal_lock);
    return srv->cal;
}

void api_calendar_release(struct api_server *srv)
{
    pthread_rwlock_unlock(&srv->cal_lock);
}

void api_calendar_replace(struct api_server *srv, struct sched_calendar *cal)
{
    pthread_rwlock_wrlock(&srv->cal_lock);
    struct sched_calendar *old = srv->cal_owned;
    srv->cal_owned = cal;
    srv->cal = cal;
    pthread_rwlock_unlock(&srv->cal_lock);
    api_changed(srv); /* slot listings of the old calendar are stale */
    sched_calendar_free(old);
}

fh_result api_calendar_reload(struct api_server *srv, char *err, size_t errlen)
{
    struct sched_calendar *cal = store_calendar_build(srv->store, srv->cfg->calendar, err, errlen);
    if (cal == NULL)
        return FH_EDB;
    api_calendar_replace(srv, cal);
    api_changed(srv);
    return FH_OK;
}
