/* fuzz_http.c: libFuzzer target of the request layer and of both faces, the
 * JSON API and the pages, through a real socket. The service runs in this
 * process as `flexhours serve` runs it (demo office, a scratch store, both
 * faces, 127.0.0.1 on a free port); each input becomes one HTTP exchange,
 * or a short walk through a form, and every answer is checked: well-formed
 * HTTP, the headers every answer carries, an API error as the JSON error
 * object, JSON that parses, pages in UTF-8 without script, a Location on
 * every redirect, and /healthz still answering afterwards.
 *
 * An input: byte 0 picks a route (the table below covers every route of
 * api/api_reply.c and web/web_page.c, a walk through the booking form, and
 * any path for the router's 404 and 405), byte 1 holds flags (F_*), byte 2
 * picks one of the bookings made at start, and the rest is text lines: the
 * first path segment, the second, the query string, one request header, and
 * the body (the rest, newlines and all). An empty segment takes the route's
 * usual value (the demo office, the chosen booking's code, ...). In the
 * segments, query, header and body, @o stands for the office, @c for the
 * booking's code, @t for its manage token, @k for the key of its page's link
 * and @m for the manager's token: what a fuzzer cannot guess. */
#include "tests/fuzz/fuzz.h"

#include "api/api.h"
#include "http/http.h"
#include "notifier/notify.h"
#include "store/store.h"
#include "svc/svc.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The clock of every run: a Monday, as in the end-to-end tests. */
#define FUZZ_NOW      "2026-03-02T10:00:00+08:00"
#define OFFICE        "taichung-south"
#define MANAGER_TOKEN "demo-manager-token"
/* How long an answer may take before the server counts as hung. */
#define ANSWER_MS    20000
#define ANSWER_MAX   (16 * 1024 * 1024)
#define KNOWN        6 /* bookings made at start */
#define MAX_REQUEST  (64 * 1024)
#define MAX_PART_LEN (32 * 1024)

/* ---- the routes ------------------------------------------------------------------ */

enum body_kind { B_NONE, B_JSON, B_FORM, B_CAL };

/* In a pattern, {x} is a path segment of the input, or when empty its usual
 * value: o office, c booking code, d date, n outbox id, s staff id, m month,
 * f static file, p a whole path. */
struct route {
    const char *method;
    const char *pattern;
    enum body_kind body;
    int steps; /* forms: how many forms one walk posts (GET, then POST with its token) */
};

static const struct route routes[] = {
    /* The API (api/api_reply.c). */
    {"GET", "/healthz", B_NONE, 0},
    {"GET", "/api/v1/offices", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/services", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/slots", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/bookings", B_NONE, 0},
    {"POST", "/api/v1/bookings", B_JSON, 0},
    {"GET", "/api/v1/bookings/{c}", B_NONE, 0},
    {"DELETE", "/api/v1/bookings/{c}", B_NONE, 0},
    {"POST", "/api/v1/bookings/{c}/reschedule", B_JSON, 0},
    {"GET", "/api/v1/bookings/{c}/invite.ics", B_NONE, 0},
    {"POST", "/api/v1/bookings/{c}/confirm", B_JSON, 0},
    {"POST", "/api/v1/bookings/{c}/check-in", B_JSON, 0},
    {"POST", "/api/v1/bookings/{c}/no-show", B_JSON, 0},
    {"POST", "/api/v1/bookings/{c}/complete", B_JSON, 0},
    {"POST", "/api/v1/calendar/import", B_CAL, 0},
    {"POST", "/api/v1/offices/{o}/closures", B_JSON, 0},
    {"DELETE", "/api/v1/offices/{o}/closures/{d}", B_NONE, 0},
    {"GET", "/api/v1/outbox", B_NONE, 0},
    {"POST", "/api/v1/outbox/{n}/retry", B_JSON, 0},
    {"GET", "/api/v1/offices/{o}/openings.ics", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/bookings.ics", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/feeds", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/staff", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/staff/{s}/duties.ics", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/roster/{m}", B_NONE, 0},
    {"POST", "/api/v1/offices/{o}/roster/{m}/generate", B_JSON, 0},
    {"POST", "/api/v1/offices/{o}/roster/{m}/publish", B_JSON, 0},
    {"POST", "/api/v1/offices/{o}/roster/{m}/duties", B_JSON, 0},
    {"POST", "/api/v1/offices/{o}/roster/{m}/pins", B_JSON, 0},
    {"DELETE", "/api/v1/offices/{o}/roster/{m}/pins", B_NONE, 0},
    {"GET", "/api/v1/offices/{o}/comp", B_NONE, 0},
    {"POST", "/api/v1/offices/{o}/comp", B_JSON, 0},
    /* The pages (web/web_page.c). */
    {"GET", "/", B_NONE, 0},
    {"GET", "/static/{f}", B_NONE, 0},
    {"GET", "/o/{o}", B_NONE, 0},
    {"GET", "/o/{o}/book", B_NONE, 0},
    {"GET", "/o/{o}/book/day", B_NONE, 0},
    {"GET", "/o/{o}/book/time", B_NONE, 0},
    {"GET", "/o/{o}/book/details", B_NONE, 0},
    {"POST", "/o/{o}/book/details", B_FORM, 1},
    {"GET", "/o/{o}/book/check", B_NONE, 0},
    {"POST", "/o/{o}/book/check", B_FORM, 1},
    {"GET", "/b/{c}", B_NONE, 0},
    {"GET", "/b/{c}/move", B_NONE, 0},
    {"POST", "/b/{c}/move", B_FORM, 1},
    {"GET", "/b/{c}/cancel", B_NONE, 0},
    {"POST", "/b/{c}/cancel", B_FORM, 1},
    {"GET", "/b/{c}/invite.ics", B_NONE, 0},
    {"GET", "/find", B_NONE, 0},
    {"POST", "/find", B_FORM, 1},
    /* The booking flow as a person walks it: the details, then "check your
     * answers", then book. */
    {"POST", "/o/{o}/book/details", B_FORM, 2},
    /* Any path and method: the router, its 404 and 405 in either face. */
    {"GET", "{p}", B_NONE, 0},
    {"POST", "{p}", B_JSON, 0},
    {"DELETE", "{p}", B_NONE, 0},
    {"PUT", "{p}", B_JSON, 0},
    {"HEAD", "{p}", B_NONE, 0},
    {"OPTIONS", "{p}", B_NONE, 0},
    {"POST", "{p}", B_FORM, 0},
};
#define ROUTE_COUNT (sizeof routes / sizeof routes[0])

/* Byte 1 of an input. */
enum {
    F_AUTH = 3,            /* 0 none, 1 the manager's bearer, 2 X-Manage-Token, 3 a wrong bearer */
    F_LANG = 3 << 2,       /* Accept-Language: 0 none, 1 Chinese, 2 English, 3 neither */
    F_FOLLOW = 1 << 4,     /* follow the last redirect with a GET */
    F_WRONG_TYPE = 1 << 5, /* a body in text/plain */
    F_NO_TOKEN = 1 << 6,   /* post forms without first getting their token */
    F_TWICE = 1 << 7,      /* the whole exchange again (a second press, a replay) */
};

/* ---- the service ------------------------------------------------------------------- */

struct known {
    char code[STORE_CODE_LEN + 1];
    char token[STORE_TOKEN_LEN + 1]; /* manage token */
    char key[STORE_TOKEN_LEN + 1];   /* the key of its page's link */
};

static struct {
    char dir[256]; /* the store's scratch folder */
    struct fh_config *cfg;
    struct store *st;
    struct sched_calendar *cal;
    struct svc *svc;
    struct http_server *srv;
    int port;
    bool trace; /* FUZZ_HTTP_TRACE set: each exchange on stderr */
    struct known known[KNOWN];
} g;

static void remove_scratch(void)
{
    if (g.dir[0] == '\0')
        return;
    DIR *d = opendir(g.dir);
    if (d != NULL) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", g.dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(g.dir);
    g.dir[0] = '\0';
}

static void stop_service(void)
{
    http_server_stop(g.srv, 5000);
    svc_free(g.svc);
    sched_calendar_free(g.cal);
    if (g.st != NULL)
        store_close(g.st);
    cfg_free(g.cfg);
    remove_scratch();
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz_http: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    remove_scratch();
    abort();
}

/* ---- growable text ----------------------------------------------------------------- */

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_add(struct buf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL)
            abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_fmt(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_fmt(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    char *line = malloc((size_t)n + 1);
    if (line == NULL)
        abort();
    va_start(ap, fmt);
    vsnprintf(line, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_add(b, line, (size_t)n);
    free(line);
}

static void buf_free(struct buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- one exchange over a socket ----------------------------------------------------- */

struct answer {
    char *raw; /* the whole answer as received */
    size_t len;
    int status;
    char *head; /* a copy of the status line and headers, NUL-separated */
    const char *names[64], *values[64];
    int header_count;
    const char *body;
    size_t body_len;
};

static void answer_free(struct answer *a)
{
    free(a->raw);
    free(a->head);
    memset(a, 0, sizeof *a);
}

static const char *answer_header(const struct answer *a, const char *name)
{
    for (int i = 0; i < a->header_count; i++)
        if (strcasecmp(a->names[i], name) == 0)
            return a->values[i];
    return NULL;
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The three digits at s as a number, or 0. */
static int status_of(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
        return 0;
    return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

/* Whether in holds a whole answer: its headers, and the body its
 * Content-Length announces (without one, the answer ends when the server
 * closes). */
static bool answer_complete(const char *in, size_t len, bool head_request)
{
    const char *end = in != NULL ? memmem(in, len, "\r\n\r\n", 4) : NULL;
    if (end == NULL)
        return false;
    size_t head_len = (size_t)(end - in) + 4;
    int status = len > 12 ? status_of(in + 9) : 0;
    if (head_request || status < 200 || status == 204 || status == 304)
        return true;
    for (const char *p = in; p < end; p++) {
        if (*p == '\n' && strncasecmp(p + 1, "Content-Length:", 15) == 0) {
            unsigned long long n = strtoull(p + 16, NULL, 10);
            return len >= head_len + n;
        }
    }
    return false;
}

/* Sends a request and reads the whole answer (each request also says
 * Connection: close, but a request the fuzzer shaped may undo that). */
static void exchange(const struct buf *req, struct answer *a, bool head_request)
{
    memset(a, 0, sizeof *a);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket: %s", strerror(errno));
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        /* libFuzzer's alarm (-timeout) may interrupt it: the connection
         * then completes on its own. */
        int e = errno, so = 0;
        socklen_t len = sizeof so;
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (e == EINTR) {
            while (poll(&p, 1, ANSWER_MS) < 0 && errno == EINTR)
                continue;
            e = getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len) == 0 ? so : errno;
        }
        if (e != 0)
            die("connect to the service: %s", strerror(e));
    }
    /* The server may answer before the whole body is sent (413): stop
     * sending then and read what it says. */
    for (size_t off = 0; off < req->len;) {
        ssize_t n = send(fd, req->p + off, req->len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    struct buf in = {0};
    int64_t deadline = monotonic_ms() + ANSWER_MS;
    char chunk[16384];
    for (;;) {
        int64_t left = deadline - monotonic_ms();
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = left > 0 ? poll(&p, 1, (int)left) : 0;
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            fprintf(stderr, "request:\n%.2000s\n", req->p);
            die("no answer within %d ms (the server hangs)", ANSWER_MS);
        }
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* closed (a reset after the answer counts as closed too) */
        buf_add(&in, chunk, (size_t)n);
        if (in.len > ANSWER_MAX)
            die("an answer of more than %d bytes", ANSWER_MAX);
        if (answer_complete(in.p, in.len, head_request))
            break;
    }
    close(fd);
    a->raw = in.p;
    a->len = in.len;
}

static void fail_exchange(const struct buf *req, const struct answer *a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
static void fail_exchange(const struct buf *req, const struct answer *a, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "---- request (%zu bytes):\n%.*s\n---- answer (%zu bytes):\n%.*s\n----\n",
            req->len, (int)(req->len < 4000 ? req->len : 4000), req->p, a->len,
            (int)(a->len < 4000 ? a->len : 4000), a->raw ? a->raw : "");
    fputs("fuzz_http: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    remove_scratch();
    abort();
}

/* Splits the answer into status, headers and body; the answer must be
 * HTTP/1.x with a three-digit status and well-formed header lines, and
 * exactly the body its Content-Length announces. */
static void parse_answer(const struct buf *req, struct answer *a, bool head_request)
{
    if (a->raw == NULL || a->len == 0)
        fail_exchange(req, a, "the server closed the connection without an answer");
    const char *end = memmem(a->raw, a->len, "\r\n\r\n", 4);
    if (end == NULL)
        fail_exchange(req, a, "the answer has no end of headers");
    size_t head_len = (size_t)(end - a->raw);
    a->head = malloc(head_len + 1);
    if (a->head == NULL)
        abort();
    memcpy(a->head, a->raw, head_len);
    a->head[head_len] = '\0';
    a->body = end + 4;
    a->body_len = a->len - head_len - 4;

    char *line = a->head, *next = strstr(line, "\r\n");
    if (next != NULL)
        *next = '\0';
    if (strncmp(line, "HTTP/1.", 7) != 0 || (line[7] != '0' && line[7] != '1') || line[8] != ' ' ||
        line[9] < '1' || line[9] > '5' || line[10] < '0' || line[10] > '9' || line[11] < '0' ||
        line[11] > '9' || (line[12] != ' ' && line[12] != '\0'))
        fail_exchange(req, a, "not an HTTP status line");
    a->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    /* libmicrohttpd 0.9.75 (Debian 12's) refuses a Cookie header whose value
     * is a lone double quote (a=") with 431, and sends that answer's status
     * line and headers twice. A defect of the library, reported, which the
     * service cannot avoid (cookies are parsed before any handler runs):
     * taken as it is, so that the fuzzer goes on looking for others. */
    size_t block = head_len + 4;
    if (a->status == 431 && a->body_len > 0 &&
        memcmp(a->body, a->raw, a->body_len < block ? a->body_len : block) == 0)
        return;
    while (next != NULL) {
        line = next + 2;
        next = strstr(line, "\r\n");
        if (next != NULL)
            *next = '\0';
        char *colon = strchr(line, ':');
        if (colon == NULL || colon == line)
            fail_exchange(req, a, "a header line without a name: '%s'", line);
        for (char *p = line; p < colon; p++)
            if (*p <= 0x20 || *p >= 0x7f || strchr("()<>@,;:\\\"/[]?={}", *p) != NULL)
                fail_exchange(req, a, "a header name that is not a token: '%s'", line);
        for (char *p = colon + 1; *p != '\0'; p++)
            if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
                fail_exchange(req, a, "a control character in a header value: '%s'", line);
        *colon = '\0';
        char *value = colon + 1;
        while (*value == ' ' || *value == '\t')
            value++;
        if (a->header_count == 64)
            fail_exchange(req, a, "more than 64 headers");
        a->names[a->header_count] = line;
        a->values[a->header_count++] = value;
    }
    const char *cl = answer_header(a, "Content-Length");
    bool bodiless = head_request || a->status < 200 || a->status == 204 || a->status == 304;
    if (cl != NULL && !bodiless) {
        char *e;
        unsigned long long n = strtoull(cl, &e, 10);
        if (e == cl || *e != '\0' || n != a->body_len)
            fail_exchange(req, a, "Content-Length %s but a body of %zu bytes", cl, a->body_len);
    }
    if (bodiless && a->body_len != 0)
        fail_exchange(req, a, "%zu bytes of body where none may be", a->body_len);
}

/* Well-formed UTF-8 (RFC 3629). */
static bool utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : 4;
        if (c >= 0xf5 || (c >= 0x80 && c < 0xc2) || n - i < len)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
        if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] > 0x9f) ||
            (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] > 0x8f))
            return false;
        i += len;
    }
    return true;
}

static bool starts_with(const char *s, const char *prefix)
{
    return s != NULL && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* What every answer of the service must be. path is the request's path as
 * sent (without the query). */
static void check_answer(const struct buf *req, const struct answer *a, const char *path,
                         bool head_request)
{
    /* libmicrohttpd answers a request it cannot parse itself, without the
     * service's headers: then there is no more to check. */
    if (answer_header(a, "X-Content-Type-Options") == NULL &&
        (a->status == 400 || a->status == 413 || a->status == 414 || a->status == 431 ||
         a->status == 501 || a->status == 505))
        return;
    if (a->status == 500)
        fail_exchange(req, a, "500: the service failed on this request");
    if (!starts_with(answer_header(a, "X-Content-Type-Options"), "nosniff") ||
        answer_header(a, "Content-Security-Policy") == NULL ||
        answer_header(a, "Referrer-Policy") == NULL)
        fail_exchange(req, a, "an answer without nosniff, a CSP or a Referrer-Policy");
    if (answer_header(a, "X-Fuzz-Injected") != NULL)
        fail_exchange(req, a, "a header injected by the request");
    if (a->status >= 300 && a->status < 400 && a->status != 304) {
        const char *loc = answer_header(a, "Location");
        if (loc == NULL || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\')
            fail_exchange(req, a, "a redirect without a Location on this site");
    }
    if (a->status == 405 && answer_header(a, "Allow") == NULL)
        fail_exchange(req, a, "405 without Allow");
    if (a->status == 201 && strcmp(path, "/api/v1/bookings") == 0 &&
        answer_header(a, "Location") == NULL)
        fail_exchange(req, a, "a booking made without its Location");
    const char *type = answer_header(a, "Content-Type");
    bool api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/healthz") == 0;
    if (head_request)
        return;
    if (api && a->status >= 400) {
        json_error_t jerr;
        json_t *doc = json_loadb(a->body, a->body_len, 0, &jerr);
        json_t *e = json_object_get(doc, "error");
        json_t *field = json_object_get(e, "field");
        if (!json_is_string(json_object_get(e, "code")) ||
            !json_is_string(json_object_get(e, "message")) ||
            json_string_length(json_object_get(e, "message")) == 0 ||
            (field != NULL && !json_is_string(field)))
            fail_exchange(req, a, "an API error that is not {\"error\":{\"code\",\"message\"}}");
        json_decref(doc);
    }
    if (starts_with(type, "application/json")) {
        json_error_t jerr;
        json_t *doc = json_loadb(a->body, a->body_len, 0, &jerr);
        if (doc == NULL)
            fail_exchange(req, a, "JSON that does not parse: %s", jerr.text);
        json_decref(doc);
    } else if (starts_with(type, "text/html")) {
        if (!utf8_ok((const unsigned char *)a->body, a->body_len))
            fail_exchange(req, a, "a page that is not UTF-8");
        if (a->body_len < 15 || strncasecmp(a->body, "<!DOCTYPE html>", 15) != 0)
            fail_exchange(req, a, "a page that does not start with <!DOCTYPE html>");
        for (size_t i = 0; i + 7 <= a->body_len; i++)
            if (a->body[i] == '<' && strncasecmp(a->body + i, "<script", 7) == 0)
                fail_exchange(req, a, "a <script in a page");
    } else if (starts_with(type, "text/calendar")) {
        if (a->body_len < 15 || memcmp(a->body, "BEGIN:VCALENDAR", 15) != 0)
            fail_exchange(req, a, "a calendar that does not start with BEGIN:VCALENDAR");
    }
    if (api && starts_with(type, "text/html"))
        fail_exchange(req, a, "a page under /api/");
}

/* ---- building requests --------------------------------------------------------------- */

/* What one input asks for. */
struct ask {
    const struct route *route;
    unsigned flags;
    const struct known *k;
    const char *seg[2], *query, *header, *body; /* expanded, NUL-terminated */
    size_t body_len;
    struct buf cookies; /* the cookies the answers set, "a=1; b=2" */
};

/* s with the placeholders (@o @c @t @k @m) replaced. */
static char *expand(const char *s, size_t n, const struct known *k, size_t *out_len)
{
    struct buf b = {0};
    buf_add(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        const char *with = NULL;
        if (s[i] == '@' && i + 1 < n) {
            switch (s[i + 1]) {
            case 'o':
                with = OFFICE;
                break;
            case 'c':
                with = k->code;
                break;
            case 't':
                with = k->token;
                break;
            case 'k':
                with = k->key;
                break;
            case 'm':
                with = MANAGER_TOKEN;
                break;
            default:
                break;
            }
        }
        if (with != NULL) {
            buf_str(&b, with);
            i++;
        } else {
            buf_add(&b, s + i, 1);
        }
    }
    if (out_len != NULL)
        *out_len = b.len;
    return b.p;
}

/* Adds s to a request target: bytes a request line cannot carry are
 * percent-encoded (the server decodes them back), and so is '?' in a path
 * segment, which would start the query. */
static void add_target_part(struct buf *b, const char *s, bool segment)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '#' || (segment && *p == '?'))
            buf_fmt(b, "%%%02X", *p);
        else
            buf_add(b, p, 1);
    }
}

static const char *usual_segment(char kind, const struct known *k)
{
    switch (kind) {
    case 'o':
        return OFFICE;
    case 'c':
        return k->code;
    case 'd':
        return "2026-03-10";
    case 'n':
        return "1";
    case 's':
        return "lin-yating";
    case 'm':
        return "2026-03";
    case 'f':
        return "flexhours.css";
    default:
        return "/";
    }
}

/* The request target (path and query) of the route. */
static void build_target(const struct ask *q, struct buf *target)
{
    int seg = 0;
    for (const char *p = q->route->pattern; *p != '\0'; p++) {
        if (*p != '{') {
            buf_add(target, p, 1);
            continue;
        }
        char kind = p[1];
        p += 2; /* at the '}' */
        const char *v = seg < 2 && q->seg[seg][0] != '\0' ? q->seg[seg] : usual_segment(kind, q->k);
        seg++;
        if (kind == 'p') {
            if (v[0] != '/')
                buf_add(target, "/", 1);
            add_target_part(target, v, false);
        } else {
            add_target_part(target, v, true);
        }
    }
    if (q->query[0] != '\0') {
        buf_add(target, "?", 1);
        add_target_part(target, q->query, false);
    }
}

/* The path of a target, for the checks (up to the query). */
static void target_path(const char *target, char *out, size_t len)
{
    size_t n = strcspn(target, "?");
    if (n >= len)
        n = len - 1;
    memcpy(out, target, n);
    out[n] = '\0';
}

/* Headers the harness frames the request with itself. */
static bool framing_header(const char *h)
{
    static const char *const names[] = {
        "content-length", "transfer-encoding", "connection", "host", "expect", "upgrade"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        if (strncasecmp(h, names[i], n) == 0 && (h[n] == ':' || h[n] == ' ' || h[n] == '\t'))
            return true;
    }
    return false;
}

static void build_request(const struct ask *q, const char *method, const char *target,
                          const char *body, size_t body_len, enum body_kind kind, struct buf *req)
{
    buf_fmt(req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n", method, target,
            g.port);
    switch (q->flags & F_AUTH) {
    case 1:
        buf_str(req, "Authorization: Bearer " MANAGER_TOKEN "\r\n");
        break;
    case 2:
        buf_fmt(req, "X-Manage-Token: %s\r\n", q->k->token);
        break;
    case 3:
        buf_str(req, "Authorization: Bearer not-the-token\r\n");
        break;
    default:
        break;
    }
    static const char *const langs[] = {NULL, "zh-TW,zh;q=0.9,en;q=0.8", "en-GB,en;q=0.9",
                                        "fr-FR, ja;q=0.5"};
    const char *lang = langs[(q->flags & F_LANG) >> 2];
    if (lang != NULL)
        buf_fmt(req, "Accept-Language: %s\r\n", lang);
    if (q->cookies.len > 0) {
        buf_str(req, "Cookie: ");
        buf_add(req, q->cookies.p, q->cookies.len);
        buf_str(req, "\r\n");
    }
    if (q->header[0] != '\0' && strchr(q->header, ':') != NULL && !framing_header(q->header)) {
        buf_str(req, q->header);
        buf_str(req, "\r\n");
    }
    if (body_len > 0 || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
        static const char *const types[] = {NULL, "application/json",
                                            "application/x-www-form-urlencoded", "text/csv"};
        const char *type = types[kind];
        if (kind == B_CAL && body_len >= 15 && memcmp(body, "BEGIN:VCALENDAR", 15) == 0)
            type = "text/calendar";
        if (q->flags & F_WRONG_TYPE)
            type = "text/plain; charset=utf-8";
        if (type != NULL)
            buf_fmt(req, "Content-Type: %s\r\n", type);
        buf_fmt(req, "Content-Length: %zu\r\n", body_len);
    }
    buf_str(req, "\r\n");
    buf_add(req, body, body_len);
}

/* Keeps the cookies an answer sets (and forgets those it clears). */
static void keep_cookies(struct ask *q, const struct answer *a)
{
    for (int i = 0; i < a->header_count; i++) {
        if (strcasecmp(a->names[i], "Set-Cookie") != 0)
            continue;
        const char *v = a->values[i];
        size_t pair = strcspn(v, ";"), name = strcspn(v, "=");
        if (name >= pair || name == 0)
            continue;
        bool cleared = strstr(v, "Max-Age=0") != NULL;
        /* Rebuild the jar without this name, then add it back unless cleared. */
        struct buf jar = {0};
        const char *p = q->cookies.p ? q->cookies.p : "";
        while (*p != '\0') {
            size_t n = strcspn(p, ";");
            if (!(strncmp(p, v, name) == 0 && p[name] == '=')) {
                if (jar.len > 0)
                    buf_str(&jar, "; ");
                buf_add(&jar, p, n);
            }
            p += n;
            while (*p == ';' || *p == ' ')
                p++;
        }
        if (!cleared) {
            if (jar.len > 0)
                buf_str(&jar, "; ");
            buf_add(&jar, v, pair);
        }
        buf_free(&q->cookies);
        q->cookies = jar;
    }
}

/* One request and its checked answer. */
static void send_checked(struct ask *q, const char *method, const char *target, const char *body,
                         size_t body_len, enum body_kind kind, struct answer *a)
{
    struct buf req = {0};
    build_request(q, method, target, body, body_len, kind, &req);
    bool head = strcmp(method, "HEAD") == 0;
    exchange(&req, a, head);
    parse_answer(&req, a, head);
    char path[2048];
    target_path(target, path, sizeof path);
    check_answer(&req, a, path, head);
    if (g.trace)
        fprintf(stderr, "fuzz_http: %s %.200s -> %d%s%.200s\n", method, target, a->status,
                answer_header(a, "Location") ? " " : "",
                answer_header(a, "Location") ? answer_header(a, "Location") : "");
    keep_cookies(q, a);
    buf_free(&req);
}

/* The form token of a page ("csrf"), or false. */
static bool scrape_token(const struct answer *a, char *out, size_t len)
{
    static const char mark[] = "name=\"csrf\" value=\"";
    const char *at = a->body ? memmem(a->body, a->body_len, mark, sizeof mark - 1) : NULL;
    if (at == NULL)
        return false;
    at += sizeof mark - 1;
    size_t n = strcspn(at, "\"");
    if (n == 0 || n >= len)
        return false;
    memcpy(out, at, n);
    out[n] = '\0';
    return true;
}

/* A Location on this site as a request target. */
static bool location_target(const struct answer *a, char *out, size_t len)
{
    const char *loc = answer_header(a, "Location");
    size_t n = loc != NULL ? strlen(loc) : 0;
    if (n == 0 || loc[0] != '/' || n >= len)
        return false;
    memcpy(out, loc, n + 1);
    return true;
}

/* The exchange an input asks for. */
static void run(struct ask *q)
{
    const struct route *r = q->route;
    struct buf target = {0};
    build_target(q, &target);
    struct answer a;
    if (r->steps == 0) {
        send_checked(q, r->method, target.p, q->body, q->body_len, r->body, &a);
    } else {
        /* A form: its page first (for the token and the cookies it sets),
         * then the post; a walk goes on where the post sends it. */
        char next[4096];
        const char *body = q->body;
        size_t body_len = q->body_len;
        struct buf form = {0};
        snprintf(next, sizeof next, "%s", target.p);
        for (int step = 0; step < r->steps; step++) {
            char token[160];
            bool have = false;
            if (!(q->flags & F_NO_TOKEN)) {
                send_checked(q, "GET", next, "", 0, B_NONE, &a);
                have = scrape_token(&a, token, sizeof token);
                answer_free(&a);
            }
            buf_free(&form);
            if (have) {
                buf_fmt(&form, "csrf=%s%s", token, body_len > 0 ? "&" : "");
            }
            buf_add(&form, body, body_len);
            send_checked(q, "POST", next, form.p, form.len, B_FORM, &a);
            if (step + 1 == r->steps || !location_target(&a, next, sizeof next))
                break;
            answer_free(&a);
            body = "";
            body_len = 0;
        }
        buf_free(&form);
    }
    char next[4096];
    if ((q->flags & F_FOLLOW) && location_target(&a, next, sizeof next)) {
        answer_free(&a);
        send_checked(q, "GET", next, "", 0, B_NONE, &a);
    }
    answer_free(&a);
    buf_free(&target);
}

/* The service must still answer after whatever came before. */
static void check_health(void)
{
    struct ask q = {.route = &routes[0], .seg = {"", ""}, .query = "", .header = "", .body = ""};
    q.k = &g.known[0];
    struct answer a;
    send_checked(&q, "GET", "/healthz", "", 0, B_NONE, &a);
    if (a.status != 200 || a.body_len < 15 || memmem(a.body, a.body_len, "\"ok\"", 4) == NULL)
        die("/healthz answers %d", a.status);
    answer_free(&a);
    buf_free(&q.cookies);
}

/* ---- start ---------------------------------------------------------------------------- */

/* The n-th valid national ID: letter A, a citizen, check digit computed. */
static void national_id(int n, char out[11])
{
    snprintf(out, 11, "A1%07d", n % 10000000);
    int sum = 1 + 0 * 9; /* A = 10 */
    for (int i = 1; i <= 8; i++)
        sum += (out[i] - '0') * (9 - i);
    out[9] = (char)('0' + (10 - sum % 10) % 10);
    out[10] = '\0';
}

/* Books through the API and keeps what a client would: the code, the manage
 * token, and the key of the booking's page. */
static void book(int i, const char *service, const char *start, bool couple)
{
    char id[11], partner[11];
    national_id(9000 + i, id);
    national_id(9100 + i, partner);
    struct buf body = {0};
    buf_fmt(&body,
            "{\"office\":\"%s\",\"service\":\"%s\",\"start\":\"%s\",\"name\":\"fuzz %d\","
            "\"national_id\":\"%s\",\"phone\":\"09%08d\",\"email\":\"fuzz%d@example.com.tw\"",
            OFFICE, service, start, i, id, 12345000 + i, i);
    if (couple)
        buf_fmt(&body, ",\"partner_name\":\"partner %d\",\"partner_national_id\":\"%s\"", i,
                partner);
    buf_str(&body, "}");
    struct ask q = {.route = &routes[5], .seg = {"", ""}, .query = "", .header = "", .body = ""};
    q.k = &g.known[0];
    struct answer a;
    send_checked(&q, "POST", "/api/v1/bookings", body.p, body.len, B_JSON, &a);
    json_error_t jerr;
    json_t *doc = json_loadb(a.body, a.body_len, 0, &jerr);
    const char *code = json_string_value(json_object_get(doc, "code"));
    const char *token = json_string_value(json_object_get(doc, "manage_token"));
    if (a.status != 201 || code == NULL || token == NULL || strlen(code) != STORE_CODE_LEN ||
        strlen(token) != STORE_TOKEN_LEN)
        die("booking %d at start: %d %.*s", i, a.status, (int)a.body_len, a.body);
    struct known *k = &g.known[i];
    memcpy(k->code, code, STORE_CODE_LEN + 1);
    memcpy(k->token, token, STORE_TOKEN_LEN + 1);
    store_link_key(g.st, k->code, k->key);
    json_decref(doc);
    answer_free(&a);
    buf_free(&body);
    buf_free(&q.cookies);
}

static void scratch_dir(void)
{
    const char *base = getenv("TMPDIR");
    struct stat st;
    /* fsync on tmpfs costs nothing: the bookings' group commits stay fast. */
    if (base == NULL && stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
        access("/dev/shm", W_OK) == 0)
        base = "/dev/shm";
    snprintf(g.dir, sizeof g.dir, "%s/flexhours-fuzz-XXXXXX", base ? base : "/tmp");
    if (mkdtemp(g.dir) == NULL) {
        g.dir[0] = '\0';
        die("mkdtemp: %s", strerror(errno));
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[FH_ERR_LEN] = "";
    setenv("FLEXHOURS_NOW", FUZZ_NOW, 1);
    unsetenv("FLEXHOURS_CLOCK");
    if (fh_clock_init() != NULL)
        die("FLEXHOURS_NOW");
    /* No access log: a line per request would drown libFuzzer's own. */
    fh_log_set_level(FH_LOG_ERROR);
    g.trace = getenv("FUZZ_HTTP_TRACE") != NULL;
    signal(SIGPIPE, SIG_IGN);
    fuzz_before_abort = remove_scratch;
    __sanitizer_set_death_callback(remove_scratch);

    scratch_dir();
    char db[300];
    snprintf(db, sizeof db, "%s/fuzz.db", g.dir);
    /* As `flexhours serve` starts: the libraries' global set-up (libcurl's
     * sets up OpenSSL) before any thread, though no message is sent. */
    if (notify_global_init(err, sizeof err) != FH_OK ||
        cfg_load_demo(&g.cfg, err, sizeof err) != FH_OK ||
        store_open(db, &g.st, err, sizeof err) != FH_OK)
        die("%s", err);
    store_set_reminders(g.st, &g.cfg->notifier.reminders);
    if ((g.cal = store_calendar_build(g.st, g.cfg->calendar, err, sizeof err)) == NULL)
        die("%s", err);
    g.svc = svc_create(g.cfg, g.st, g.cal);
    static const struct http_face *const faces[] = {&api_face, &web_face};
    struct http_options opt = {
        .svc = g.svc,
        .listen = "127.0.0.1:0",
        .threads = 2,
        .rate_limit = &g.cfg->rate_limit,
        .faces = faces,
        .face_count = sizeof faces / sizeof faces[0],
    };
    if (http_server_start(&opt, &g.srv, err, sizeof err) != FH_OK)
        die("%s", err);
    g.port = http_server_port(g.srv);
    atexit(stop_service);

    /* Bookings to read, move, cancel and confirm: a noon ID card, a couple
     * on a Saturday, a morning, a holiday wedding waiting for confirmation,
     * and two more to lose. */
    book(0, "id_replacement", "2026-03-03T12:00:00+08:00", false);
    book(1, "marriage", "2026-03-07T09:00:00+08:00", true);
    book(2, "moving", "2026-03-04T10:00:00+08:00", false);
    book(3, "marriage", "2026-03-08T09:00:00+08:00", true);
    book(4, "name_change", "2026-03-05T14:00:00+08:00", false);
    book(5, "seal_change", "2026-03-06T17:30:00+08:00", false);
    return 0;
}

/* ---- one input ---------------------------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > MAX_REQUEST)
        return 0;
    struct ask q = {.route = &routes[data[0] % ROUTE_COUNT], .flags = data[1]};
    q.k = &g.known[data[2] % KNOWN];
    /* Lines: segment, segment, query, header; the rest is the body. */
    const char *p = (const char *)data + 3, *end = (const char *)data + size;
    char *parts[4];
    for (int i = 0; i < 4; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl != NULL ? nl : end;
        size_t n = (size_t)(stop - p);
        parts[i] = expand(p, n < MAX_PART_LEN ? n : MAX_PART_LEN, q.k, NULL);
        /* A line ends at a NUL too, and the header line at a CR; a header
         * line starting with a space would continue the harness's own last
         * header (obsolete line folding), so it starts at its name. */
        if (i == 3) {
            parts[i][strcspn(parts[i], "\r")] = '\0';
            size_t blank = strspn(parts[i], " \t");
            memmove(parts[i], parts[i] + blank, strlen(parts[i] + blank) + 1);
        }
        p = nl != NULL ? nl + 1 : end;
    }
    char *body = expand(p, (size_t)(end - p), q.k, &q.body_len);
    q.seg[0] = parts[0];
    q.seg[1] = parts[1];
    q.query = parts[2];
    q.header = parts[3];
    q.body = body;

    for (int round = 0; round < ((q.flags & F_TWICE) ? 2 : 1); round++) {
        buf_free(&q.cookies);
        run(&q);
    }
    check_health();

    buf_free(&q.cookies);
    for (int i = 0; i < 4; i++)
        free(parts[i]);
    free(body);
    return 0;
}
