/* http_server.c: the libmicrohttpd daemon and the per-request life cycle
 * (body collection, 413, keep-alive), the router over the faces' route
 * tables, sending answers with the headers every answer carries, and the
 * access log. */
#include "http/http_internal.h"

#include "common/fh_hash.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* The HTTP threads. Each one's stack is the system's 8 MiB reserved, of
 * which 12-20 KiB were ever touched (measured under load), so the stack
 * size is left alone: it costs no memory that is not used. */
#define DEFAULT_THREADS    4
#define CONNECTION_TIMEOUT 30 /* seconds a connection may sit idle */
/* Connections served at once; more wait in the kernel's listen queue
 * (LISTEN_BACKLOG) until one closes. Each holds CONNECTION_MEMORY for its
 * whole life, so this bounds the connections' part of the server's memory
 * at 256 x 16 KiB = 4 MiB, whatever the rush (the peak RSS target is
 * 32 MiB, bench/scale.sh; 1,024 x 32 KiB took all of it). 256 is far more
 * than the 4 threads can serve at once, and idle kept-alive connections
 * leave within HEAD_SECONDS, so a full table frees itself. */
#define CONNECTION_LIMIT 256
#define LISTEN_BACKLOG   4096
/* A request's head must arrive within this of the connection's opening (or
 * of the previous answer on a kept-alive one), its body within BODY_SECONDS
 * of its head, however slowly the bytes trickle in. */
#define HEAD_SECONDS 10
#define BODY_SECONDS 20
/* Memory one connection may use for its head and buffers (libmicrohttpd's
 * pool). libmicrohttpd zeroes the whole pool after every request, so a
 * kept-alive connection holds all of it resident. 16 KiB takes a request
 * head of up to about 7 KiB (measured; web servers commonly stop at 8 KiB,
 * a browser sends 1-2 KiB; a larger head is answered 431) with our
 * answer's headers; bodies pass through it in pieces and are collected
 * outside it. */
#define CONNECTION_MEMORY (16 * 1024)

/* ---- answers ---------------------------------------------------------------- */

void http_reply(struct http_ctx *c, int status, const char *content_type, char *body)
{
    free(c->body);
    c->status = status;
    c->body = body;
    c->body_len = strlen(body);
    c->content_type = content_type;
}

void http_reply_static(struct http_ctx *c, int status, const char *content_type, const void *body,
                       size_t len)
{
    /* MHD copies nothing for a persistent buffer; mark it so send_answer
     * does not hand it over to be freed. */
    free(c->body);
    c->body = NULL;
    c->status = status;
    c->content_type = content_type;
    c->static_body = body;
    c->body_len = len;
}

void http_add_header(struct http_ctx *c, const char *name, const char *value)
{
    if (c->header_count == HTTP_MAX_HEADERS)
        fh_fatal("http: more than %d headers on one answer", HTTP_MAX_HEADERS);
    size_t n = strlen(value);
    if (n >= HTTP_HEADER_LEN)
        fh_fatal("http: a header of %zu bytes", n);
    int i = c->header_count++;
    c->header_names[i] = name;
    c->header_values[i] = fh_strndup(value, n);
}

/* Frees the header values of c. */
static void free_headers(struct http_ctx *c)
{
    for (int i = 0; i < c->header_count; i++)
        free(c->header_values[i]);
    c->header_count = 0;
}

void http_reset(struct http_ctx *c)
{
    free(c->body);
    c->body = NULL;
    c->static_body = NULL;
    c->body_len = 0;
    c->status = 0;
    free_headers(c);
    c->cache_control = NULL;
}

void http_ctx_release(struct http_ctx *c)
{
    free(c->body);
    c->body = NULL;
    free_headers(c);
}

/* ---- reading the request ----------------------------------------------------- */

const char *http_header(const struct http_ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(const struct http_ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->conn, MHD_COOKIE_KIND, name);
}

struct query_check {
    const char *const *allowed;
    const char *name; /* the argument at fault */
    const char *why;
    const char *seen[16]; /* the names met so far (a handful at most) */
    size_t seen_count;
};

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_size, const char *value, size_t value_size)
{
    struct query_check *q = cls;
    (void)kind;
    const char *const *a = q->allowed;
    while (*a != NULL && strcmp(*a, key) != 0)
        a++;
    if (*a == NULL)
        q->why = "unknown query argument";
    else if (strlen(key) != key_size || (value != NULL && strlen(value) != value_size))
        q->why = "holds a NUL character";
    for (size_t i = 0; q->why == NULL && i < q->seen_count; i++)
        if (strcmp(q->seen[i], key) == 0)
            q->why = "given more than once";
    if (q->why != NULL) {
        q->name = key;
        return MHD_NO;
    }
    if (q->seen_count < sizeof q->seen / sizeof q->seen[0])
        q->seen[q->seen_count++] = key;
    return MHD_YES;
}

const char *http_query_check(const struct http_ctx *c, const char *const *allowed,
                             const char **name)
{
    struct query_check q = {.allowed = allowed};
    MHD_get_connection_values_n(c->conn, MHD_GET_ARGUMENT_KIND, check_argument, &q);
    *name = q.name;
    return q.why;
}

struct query_each {
    bool (*fn)(void *arg, const char *key, const char *value);
    void *arg;
};

static enum MHD_Result each_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct query_each *q = cls;
    (void)kind;
    return q->fn(q->arg, key, value) ? MHD_YES : MHD_NO;
}

void http_query_each(const struct http_ctx *c,
                     bool (*fn)(void *arg, const char *key, const char *value), void *arg)
{
    struct query_each q = {fn, arg};
    MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, each_argument, &q);
}

const char *http_body(const struct http_ctx *c, size_t *len)
{
    *len = c->req->body_len;
    return c->req->body != NULL ? c->req->body : "";
}

bool http_body_is(const struct http_ctx *c, const char *type)
{
    const char *v = http_header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = strlen(type);
    if (v == NULL)
        return false;
    while (*v == ' ')
        v++;
    return strncasecmp(v, type, n) == 0 && (v[n] == '\0' || v[n] == ';' || v[n] == ' ');
}

/* A multipart/form-data part (or a piece of one): a new field when the
 * part starts (off 0), else more of the last one. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    struct http_request *req = cls;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (key == NULL)
        return MHD_NO;
    struct http_field *f = req->field_count > 0 ? &req->fields[req->field_count - 1] : NULL;
    if (off == 0 || f == NULL || strcmp(f->name, key) != 0) {
        req->fields =
            fh_grow(req->fields, sizeof *req->fields, &req->field_cap, req->field_count + 1);
        f = &req->fields[req->field_count++];
        f->name = fh_strdup(key);
        f->value = fh_malloc(1);
        f->value[0] = '\0';
        f->len = 0;
        f->filename = filename != NULL ? fh_strdup(filename) : NULL;
    }
    if (size > 0) {
        /* The body was capped at HTTP_BODY_MAX, so a part is too. */
        f->value = fh_realloc(f->value, f->len + size + 1);
        memcpy(f->value + f->len, data, size);
        f->len += size;
        f->value[f->len] = '\0';
    }
    return MHD_YES;
}

/* A multipart/form-data body (a form with a file input), parsed by MHD's
 * post processor from the body already collected (so HTTP_BODY_MAX holds). */
static void parse_multipart(struct http_ctx *c)
{
    struct http_request *req = c->req;
    req->multipart = true;
    struct MHD_PostProcessor *pp = MHD_create_post_processor(c->conn, 4096, on_part, req);
    if (pp == NULL)
        return; /* no boundary: no fields, and the handler refuses the form */
    if (MHD_post_process(pp, req->body, req->body_len) != MHD_YES) {
        /* A malformed body: drop what was read, as if it had no fields. */
        for (size_t i = 0; i < req->field_count; i++) {
            fh_wipe(req->fields[i].value, req->fields[i].len);
            free(req->fields[i].name);
            free(req->fields[i].value);
            free(req->fields[i].filename);
        }
        req->field_count = 0;
    }
    MHD_destroy_post_processor(pp);
}

/* Splits a urlencoded body into fields, decoded with MHD's own unescaping. */
static void parse_form(struct http_request *req)
{
    req->form_parsed = true;
    if (req->body_len == 0)
        return;
    req->form = fh_strndup(req->body, req->body_len);
    size_t cap = 0;
    for (char *p = req->form; p != NULL && *p != '\0';) {
        char *amp = strchr(p, '&');
        if (amp != NULL)
            *amp = '\0';
        char *eq = strchr(p, '=');
        if (eq != NULL)
            *eq = '\0';
        char *value = eq != NULL ? eq + 1 : p + strlen(p);
        for (char *x = p; *x != '\0'; x++)
            if (*x == '+')
                *x = ' ';
        for (char *x = value; *x != '\0'; x++)
            if (*x == '+')
                *x = ' ';
        MHD_http_unescape(p);
        size_t len = MHD_http_unescape(value);
        req->fields = fh_grow(req->fields, sizeof *req->fields, &cap, req->field_count + 1);
        req->fields[req->field_count++] = (struct http_field){p, value, len, NULL};
        p = amp != NULL ? amp + 1 : NULL;
    }
}

static const struct http_field *field(struct http_ctx *c, const char *name)
{
    struct http_request *req = c->req;
    if (!req->form_parsed) {
        if (http_body_is(c, "multipart/form-data")) {
            req->form_parsed = true;
            parse_multipart(c);
        } else {
            parse_form(req);
        }
    }
    for (size_t i = 0; i < req->field_count; i++)
        if (strcmp(req->fields[i].name, name) == 0)
            return &req->fields[i];
    return NULL;
}

const char *http_form(struct http_ctx *c, const char *name)
{
    const struct http_field *f = field(c, name);
    /* A file is not a text field (and may hold NULs). */
    return f != NULL && f->filename == NULL ? f->value : NULL;
}

const char *http_form_file(struct http_ctx *c, const char *name, size_t *len, const char **filename)
{
    const struct http_field *f = field(c, name);
    if (f == NULL || f->filename == NULL)
        return NULL;
    *len = f->len;
    if (filename != NULL)
        *filename = f->filename;
    return f->value;
}

enum http_lang http_accept_language(const struct http_ctx *c)
{
    /* The first language named decides: "en-US,en;q=0.9,zh-TW" is English,
     * "zh-TW,zh;q=0.9,en" Chinese. Real browsers list languages in the
     * order of their q-values. */
    const char *v = http_header(c, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    if (v == NULL)
        return HTTP_LANG_NONE;
    while (*v == ' ')
        v++;
    bool ends = v[0] != '\0' && v[1] != '\0' &&
                (v[2] == '\0' || v[2] == '-' || v[2] == ',' || v[2] == ';' || v[2] == ' ');
    if (ends && strncasecmp(v, "en", 2) == 0)
        return HTTP_LANG_EN;
    if (ends && strncasecmp(v, "zh", 2) == 0)
        return HTTP_LANG_ZH;
    return HTTP_LANG_NONE;
}

/* An address as text; false when it is of neither IP family. */
static bool address_text(const struct sockaddr *sa, char *out, size_t len)
{
    if (sa == NULL)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)len) != NULL;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        return inet_ntop(AF_INET6, &in6->sin6_addr, out, (socklen_t)len) != NULL;
    }
    return false;
}

/* ---- the router --------------------------------------------------------------- */

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
        return HTTP_GET;
    if (strcmp(method, MHD_HTTP_METHOD_POST) == 0)
        return HTTP_POST;
    if (strcmp(method, MHD_HTTP_METHOD_DELETE) == 0)
        return HTTP_DELETE;
    return 0;
}

/* The index of the face that owns path: the first that says so, else the
 * last. */
static size_t face_of(const struct http_server *srv, const char *path)
{
    for (size_t i = 0; i < srv->face_count; i++)
        if (srv->faces[i]->owns(path))
            return i;
    return srv->face_count - 1;
}

static void route(struct http_ctx *c, size_t face_index, const char *url, const char *method)
{
    const struct http_face *face = c->srv->faces[face_index];
    unsigned want = method_bit(method), allowed = 0;
    for (size_t i = 0; i < face->route_count; i++) {
        const char *params[2] = {NULL, NULL};
        if (!match(face->routes[i].pattern, url, params, c->param_buf, sizeof c->param_buf))
            continue;
        if (face->routes[i].method == want) {
            c->req->route = c->srv->route_base[face_index] + i + 1;
            c->params[0] = params[0];
            c->params[1] = params[1];
            face->routes[i].handler(c);
            return;
        }
        allowed |= face->routes[i].method;
    }
    if (allowed == 0) {
        face->error(c, HTTP_NOT_FOUND, "not_found", "no such resource", NULL);
        return;
    }
    char allow[32] = "";
    snprintf(allow, sizeof allow, "%s%s%s", allowed & HTTP_GET ? "GET, HEAD, " : "",
             allowed & HTTP_POST ? "POST, " : "", allowed & HTTP_DELETE ? "DELETE, " : "");
    allow[strlen(allow) - 2] = '\0';
    face->error(c, HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                "this resource does not take that method", allow);
}

/* ---- the request life cycle ---------------------------------------------------- */

/* What every answer carries: pages must not be framed or sniffed, and the
 * addresses of pages that hold a link key must not leak as a Referer. A
 * page may load its own stylesheet and images, and run no script at all:
 * the pages work without one. */
static void add_common_headers(struct MHD_Response *resp, const struct http_ctx *c)
{
    MHD_add_response_header(resp, MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS, "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (c->content_type != NULL && strncmp(c->content_type, "text/html", 9) == 0) {
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; script-src 'none'; object-src 'none'; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    } else {
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; frame-ancestors 'none'");
    }
}

static enum MHD_Result send_answer(struct http_ctx *c)
{
    struct MHD_Response *resp;
    if (c->static_body != NULL) {
        resp = MHD_create_response_from_buffer(c->body_len, (void *)c->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        resp = MHD_create_response_from_buffer(c->body_len, c->body, MHD_RESPMEM_MUST_FREE);
        if (resp == NULL)
            free(c->body);
        c->body = NULL;
    }
    if (resp == NULL) {
        free_headers(c);
        return MHD_NO;
    }
    if (c->content_type != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, c->content_type);
    /* Answers may carry a manage token or a person's data: never cache,
     * unless the handler knows better (a compiled-in stylesheet). */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            c->cache_control ? c->cache_control : "no-store");
    add_common_headers(resp, c);
    MHD_add_response_header(resp, "X-Request-Id", c->req->request_id);
    for (int i = 0; i < c->header_count; i++)
        MHD_add_response_header(resp, c->header_names[i], c->header_values[i]);
    free_headers(c); /* MHD keeps copies */
    if (atomic_load(&c->srv->stopping))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    c->req->status = c->status;
    c->req->bytes = c->body_len;
    enum MHD_Result ok = MHD_queue_response(c->conn, (unsigned)c->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* The client's X-Request-Id when it is one we can log and echo as it is
 * (1 to 64 of [A-Za-z0-9._-]), else a new one: 16 random bytes in hex. */
static void request_id(struct MHD_Connection *conn, char out[HTTP_REQUEST_ID_LEN + 1])
{
    const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
    size_t n = given != NULL ? strspn(given, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789._-")
                             : 0;
    if (n > 0 && n <= HTTP_REQUEST_ID_LEN && given[n] == '\0') {
        memcpy(out, given, n + 1);
        return;
    }
    uint8_t raw[16];
    if (fh_random_bytes(raw, sizeof raw) != FH_OK)
        fh_fatal("http: no random bytes for a request id");
    fh_hex_encode(raw, sizeof raw, out);
}

static void copy_printable(char *out, size_t size, const char *in)
{
    size_t i = 0;
    /* Paths arrive percent-decoded: keep control bytes out of the log. */
    for (; in[i] != '\0' && i + 1 < size; i++)
        out[i] = (in[i] > 0x20 && in[i] < 0x7f) ? in[i] : '?';
    out[i] = '\0';
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

/* The guard's slot of a connection (its socket context). */
static void *guard_slot(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info != NULL ? info->socket_context : NULL;
}

/* Whether a new connection from addr may be taken: one address cannot hold
 * every connection (dripping requests on hundreds of sockets would lock
 * everybody else out). A trusted reverse proxy, whose connections carry
 * every client's requests, is exempt. */
static enum MHD_Result accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    struct http_server *srv = cls;
    char text[INET6_ADDRSTRLEN];
    (void)addrlen;
    unsigned cap = atomic_load(&srv->per_client);
    if (cap == 0 || !address_text(addr, text, sizeof text) || http_peer_trusted(srv, addr))
        return MHD_YES;
    return http_guard_count(srv->guard, text) < cap ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *from =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char addr[INET6_ADDRSTRLEN] = "";
        if (from == NULL || !address_text(from->client_addr, addr, sizeof addr))
            addr[0] = '\0';
        bool over = false;
        size_t cap = atomic_load(&srv->per_client);
        if (cap > 0 && from != NULL && http_peer_trusted(srv, from->client_addr))
            cap = 0;
        *socket_context =
            fd != NULL ? http_guard_open(srv->guard, fd->connect_fd, addr, cap, &over) : NULL;
        if (over)
            shutdown(fd->connect_fd, SHUT_RDWR); /* libmicrohttpd sees the end and closes it */
    } else {
        http_guard_close(srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

static void too_large(struct http_ctx *c, const struct http_face *face)
{
    face->error(c, HTTP_CONTENT_TOO_LARGE, "payload_too_large", "the body is larger than 16 KiB",
                NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct http_server *srv = cls;
    struct http_request *req = *req_cls;
    struct http_ctx c;
    (void)version;

    memset(&c, 0, sizeof c);
    c.srv = srv;
    c.svc = req != NULL ? req->svc : NULL;
    c.conn = conn;
    c.path = url;
    c.method = method_bit(method) == HTTP_GET ? MHD_HTTP_METHOD_GET : method;
    size_t face_index = face_of(srv, url);
    const struct http_face *face = srv->faces[face_index];
    if (req == NULL) {
        /* First call, headers only. Answering now would cost the client its
         * keep-alive connection, so only set up and wait for the next call;
         * except for a body announced too large, which we do not want read. */
        req = fh_calloc(1, sizeof *req);
        clock_gettime(CLOCK_MONOTONIC, &req->started);
        copy_printable(req->method, sizeof req->method, method);
        request_id(conn, req->request_id);
        /* Taken once: the request keeps this configuration to its end,
         * whatever a reload puts in force meanwhile. */
        req->svc = svc_hold(srv->svc);
        c.svc = req->svc;
        atomic_fetch_add(&srv->in_flight, 1);
        *req_cls = req;
        http_guard_head(srv->guard, guard_slot(conn));
        bool present;
        if (content_length(conn, &present) > HTTP_BODY_MAX) {
            req->too_large = true;
            c.req = req;
            too_large(&c, face);
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
        if (req->body_len + n > HTTP_BODY_MAX) {
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
        req->body[req->body_len] = '\0';
        return MHD_YES;
    }
    if (req->status != 0)
        return MHD_YES; /* answered already (413 in the first call) */
    if (req->deferred != NULL) {
        /* Called again after the writer resumed the connection. */
        if (!atomic_load(&req->deferred_done))
            return MHD_YES;
        struct http_ctx *d = req->deferred;
        req->deferred = NULL;
        enum MHD_Result ok = send_answer(d);
        free(d);
        return ok;
    }
    http_guard_working(srv->guard, guard_slot(conn));
    if (req->too_large)
        too_large(&c, face);
    else if (strcmp(url, "/metrics") == 0)
        http_metrics_serve(&c);
    else
        route(&c, face_index, url, method);
    if (c.deferred)
        return MHD_YES; /* the writer answers */
    if (c.body == NULL && c.static_body == NULL && c.status == 0)
        face->error(&c, HTTP_INTERNAL_SERVER_ERROR, "internal_error", "no answer", NULL);
    return send_answer(&c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct http_request *req = *req_cls;
    if (req == NULL)
        return;
    http_guard_done(srv->guard, guard_slot(conn));
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - req->started.tv_sec) * 1e3 +
                (double)(now.tv_nsec - req->started.tv_nsec) / 1e6;
    http_metrics_request(srv, req, ms / 1e3);
    /* Method, route pattern, status, time and size only: not the path (it
     * may name a member of staff or carry a booking's link key), no query
     * string (it may hold a manage token), no client address, no body. */
    fh_log(FH_LOG_INFO,
           "event=request method=%s route=%s status=%d ms=%.3f bytes=%zu request_id=%s%s",
           req->method, http_metrics_route(srv, req), req->status, ms, req->bytes, req->request_id,
           toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=true");
    if (req->deferred != NULL) {
        http_ctx_release(req->deferred);
        free(req->deferred);
    }
    if (req->body != NULL)
        fh_wipe(req->body, req->body_len); /* it may hold a national ID */
    if (req->form != NULL)
        fh_wipe(req->form, strlen(req->form));
    for (size_t i = 0; req->multipart && i < req->field_count; i++) {
        fh_wipe(req->fields[i].value, req->fields[i].len);
        free(req->fields[i].name);
        free(req->fields[i].value);
        free(req->fields[i].filename);
    }
    free(req->body);
    free(req->form);
    free(req->fields);
    svc_release(req->svc); /* after the answer: it may point into the configuration */
    free(req);
    *req_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* libmicrohttpd's own messages: its format, its arguments. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
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

static struct cfg_net *copy_nets(const struct cfg_net *nets, size_t count)
{
    if (count == 0)
        return NULL;
    struct cfg_net *copy = fh_calloc(count, sizeof *copy);
    memcpy(copy, nets, count * sizeof *copy);
    return copy;
}

static void free_nets(struct http_server *srv)
{
    free(srv->trusted);
    free(srv->metrics_allow);
    pthread_rwlock_destroy(&srv->nets_lock);
}

void http_server_configure(struct http_server *srv, const struct http_options *opt)
{
    const struct cfg_rate_limit *rate = opt->rate_limit;
    http_limit_set(srv->limit, rate != NULL ? rate->per_minute : 0, rate != NULL ? rate->burst : 0);
    http_limit_set(srv->failures, rate != NULL ? rate->failures_per_minute : 0,
                   rate != NULL ? rate->failures_per_minute : 0);
    atomic_store(&srv->per_client, rate != NULL && rate->connections_per_client > 0
                                       ? (unsigned)rate->connections_per_client
                                       : 0);
    /* Copies: the configuration they came from may be freed before the
     * server is. */
    struct cfg_net *trusted = copy_nets(opt->trusted_proxies, opt->trusted_proxy_count);
    struct cfg_net *allow = copy_nets(opt->metrics_allow, opt->metrics_allow_count);
    pthread_rwlock_wrlock(&srv->nets_lock);
    struct cfg_net *old_trusted = srv->trusted, *old_allow = srv->metrics_allow;
    srv->trusted = trusted;
    srv->trusted_count = opt->trusted_proxy_count;
    srv->metrics_allow = allow;
    srv->metrics_allow_count = opt->metrics_allow_count;
    pthread_rwlock_unlock(&srv->nets_lock);
    free(old_trusted);
    free(old_allow);
}

fh_result http_server_start(const struct http_options *opt, struct http_server **out, char *err,
                            size_t errlen)
{
    struct sockaddr_storage addr;
    int family = AF_INET;
    if (opt->face_count == 0)
        return fh_fail(err, errlen, FH_EINVAL, "http: no face to serve");
    fh_result r = resolve(opt->listen, &addr, &family, err, errlen);
    if (r != FH_OK)
        return r;
    uint16_t port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&addr)->sin6_port
                                             : ((struct sockaddr_in *)&addr)->sin_port);

    struct http_server *srv = fh_calloc(1, sizeof *srv);
    srv->svc = opt->svc;
    srv->faces = opt->faces;
    srv->face_count = opt->face_count;
    atomic_init(&srv->in_flight, 0);
    atomic_init(&srv->stopping, false);
    srv->writer = http_writer_start(opt->svc);
    pthread_rwlock_init(&srv->nets_lock, NULL);
    /* Made even without a limit, so that a reload can set one. */
    srv->limit = http_limit_create(0, 0);
    srv->failures = http_limit_create(0, 0);
    atomic_init(&srv->per_client, 0);
    http_server_configure(srv, opt);

    /* Each connection needs a descriptor; stay below the process's limit. */
    unsigned limit = CONNECTION_LIMIT;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur < (rlim_t)limit + 64)
        limit = rl.rlim_cur > 96 ? (unsigned)rl.rlim_cur - 64 : 32;
    unsigned threads = opt->threads ? opt->threads : DEFAULT_THREADS;
    srv->guard = http_guard_start(limit, HEAD_SECONDS, BODY_SECONDS);
    if (opt->face_count > HTTP_MAX_FACES)
        fh_fatal("http: more than %d faces", HTTP_MAX_FACES);
    http_metrics_init(srv);

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
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, srv},
        {MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)limit, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, LISTEN_BACKLOG, NULL},
        {MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL},
        /* Last, so that a pool of one leaves it out (MHD warns about 1). */
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    srv->daemon = MHD_start_daemon(flags, port, accept_policy, srv, on_request, srv,
                                   MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        http_writer_stop(srv->writer);
        http_limit_free(srv->limit);
        http_limit_free(srv->failures);
        http_guard_stop(srv->guard);
        http_metrics_free(srv);
        free_nets(srv);
        free(srv);
        return fh_fail(err, errlen, FH_EIO, "cannot listen on %s (in use, or not an address here)",
                       opt->listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : port;
    *out = srv;
    return FH_OK;
}

int http_server_port(const struct http_server *srv)
{
    return srv->port;
}

void http_server_stop(struct http_server *srv, int grace_ms)
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
    http_writer_stop(srv->writer);
    MHD_stop_daemon(srv->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    unsigned long cuts = http_guard_cuts(srv->guard);
    if (cuts > 0)
        fh_log(FH_LOG_INFO, "http: %lu connections cut for a late request head or body", cuts);
    http_guard_stop(srv->guard);
    http_limit_free(srv->limit);
    http_limit_free(srv->failures);
    http_metrics_free(srv);
    free_nets(srv);
    free(srv);
}
