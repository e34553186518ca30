/* http.h: the request layer that the JSON API (api/) and the pages (web/)
 * share: the libmicrohttpd daemon, the per-request life cycle (bodies,
 * limits, keep-alive), one router over the faces' route tables, answers and
 * their headers, cookies, form fields, the booking writer's thread (group
 * commit) and the per-address request limit. Only http/ sees
 * microhttpd.h. */
#ifndef HTTP_H
#define HTTP_H

#include "common/fh.h"
#include "config/cfg.h"

struct svc;
struct http_server;
struct http_request;
struct MHD_Connection;

/* The statuses the faces answer with. */
enum {
    HTTP_OK = 200,
    HTTP_CREATED = 201,
    HTTP_SEE_OTHER = 303,
    HTTP_NOT_MODIFIED = 304,
    HTTP_BAD_REQUEST = 400,
    HTTP_UNAUTHORIZED = 401,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_METHOD_NOT_ALLOWED = 405,
    HTTP_CONFLICT = 409,
    HTTP_CONTENT_TOO_LARGE = 413,
    HTTP_UNSUPPORTED_MEDIA_TYPE = 415,
    HTTP_UNPROCESSABLE_CONTENT = 422,
    HTTP_TOO_MANY_REQUESTS = 429,
    HTTP_INTERNAL_SERVER_ERROR = 500,
    HTTP_SERVICE_UNAVAILABLE = 503,
};

/* Request bodies above this are refused with 413: a booking is < 1 KiB. */
#define HTTP_BODY_MAX (16 * 1024)

#define HTTP_MAX_HEADERS 8
/* A header's value, at most: a sealed cookie of a form's details fits. */
#define HTTP_HEADER_LEN 2048

/* What a handler sees and answers through. */
struct http_ctx {
    struct svc *svc;
    struct http_server *srv;
    struct MHD_Connection *conn;
    struct http_request *req;
    const char *method;    /* "GET" (also for HEAD), "POST", "DELETE" */
    const char *path;      /* percent-decoded, without the query */
    const char *params[2]; /* the path segments a route's '*' matched */
    char param_buf[160];   /* where params point */
    /* The answer, sent by the router after the handler returns. */
    int status;
    char *body;              /* malloc'd; or */
    const void *static_body; /* lives as long as the process */
    size_t body_len;
    const char *content_type;
    char content_type_buf[64];
    const char *cache_control; /* "no-store" unless the handler says otherwise */
    /* Names are static; values are malloc'd copies, freed with the answer.
     * (Kept out of the context itself: it is made, zeroed, twice a request.) */
    const char *header_names[HTTP_MAX_HEADERS];
    char *header_values[HTTP_MAX_HEADERS];
    int header_count;
    bool deferred; /* handed to the writer: the router sends nothing now */
    /* Answers instead when a deferred change turns out not to be stored
     * (the group's commit failed): set before http_defer(). */
    void (*lost)(struct http_ctx *c);
};

typedef void (*http_handler)(struct http_ctx *c);

enum { HTTP_GET = 1, HTTP_POST = 2, HTTP_DELETE = 4 };

struct http_route {
    const char *pattern; /* '*' matches one path segment */
    unsigned method;     /* one of HTTP_GET, HTTP_POST, HTTP_DELETE */
    http_handler handler;
};

/* A face of the service: the paths it owns, its routes, and how it answers
 * what no route of it answers (an unknown path, a method a path does not
 * take, a body too large, an internal failure) in its own format. */
struct http_face {
    bool (*owns)(const char *path);
    const struct http_route *routes;
    size_t route_count;
    /* allow: for 405, the methods the path takes ("GET, HEAD, POST"). */
    void (*error)(struct http_ctx *c, int status, const char *code, const char *message,
                  const char *allow);
};

struct http_options {
    struct svc *svc;
    const char *listen; /* HOST:PORT; IPv6 hosts in brackets */
    unsigned threads;   /* worker threads; 0 for the default (4) */
    const struct cfg_rate_limit *rate_limit;
    /* Peers whose Forwarded / X-Forwarded-For header names the client. */
    const struct cfg_net *trusted_proxies;
    size_t trusted_proxy_count;
    /* Clients that may read /metrics; none: loopback only. */
    const struct cfg_net *metrics_allow;
    size_t metrics_allow_count;
    const struct http_face *const *faces; /* the first that owns a path answers it */
    size_t face_count;
};

/* Binds and starts serving on the server's own threads. The caller must have
 * blocked the signals it waits for (SIGTERM, SIGINT) before this call, so
 * that the server's threads inherit the mask. FH_EINVAL for a bad listen
 * address, FH_EIO when the socket cannot be bound. */
fh_result http_server_start(const struct http_options *opt, struct http_server **out, char *err,
                            size_t errlen);
/* Follows a reloaded configuration: opt's rate limits, trusted proxies and
 * metrics allow-list (copied; the rest of opt is ignored) apply to the
 * requests and connections from now on. */
void http_server_configure(struct http_server *srv, const struct http_options *opt);
/* The TCP port the server listens on. */
int http_server_port(const struct http_server *srv);
/* Stops accepting connections, lets the requests in flight finish (waiting
 * at most grace_ms), runs what the writer holds, then closes every
 * connection and frees the server. */
void http_server_stop(struct http_server *srv, int grace_ms);

/* ---- reading the request ---------------------------------------------------- */

const char *http_header(const struct http_ctx *c, const char *name);
const char *http_query(const struct http_ctx *c, const char *name);
const char *http_cookie(const struct http_ctx *c, const char *name);
/* Checks the query string against the argument names allowed
 * (NULL-terminated): NULL when every argument is allowed, given once and
 * free of NUL (a %00 would cut its value short unseen); else a static
 * reason, *name receiving the argument at fault (as sent: it may not be
 * valid UTF-8). */
const char *http_query_check(const struct http_ctx *c, const char *const *allowed,
                             const char **name);
/* Calls fn for each query argument in the order sent (value may be NULL)
 * while it returns true. */
void http_query_each(const struct http_ctx *c,
                     bool (*fn)(void *arg, const char *key, const char *value), void *arg);
/* The body collected (NUL-terminated), *len its length. */
const char *http_body(const struct http_ctx *c, size_t *len);
/* Whether the body's Content-Type is type (parameters ignored). */
bool http_body_is(const struct http_ctx *c, const char *type);
/* A field of an application/x-www-form-urlencoded body (decoded; the first
 * of its name), or NULL. */
const char *http_form(struct http_ctx *c, const char *name);
/* A file of a multipart/form-data body (a form's <input type=file>): its
 * bytes (NUL-terminated; *len may count NULs inside) and, when filename is
 * not NULL, the name the browser gave it. NULL when the form has no such
 * file. The body's size cap (HTTP_BODY_MAX) holds for the whole form. Text
 * fields of such a form come from http_form(). */
const char *http_form_file(struct http_ctx *c, const char *name, size_t *len,
                           const char **filename);
/* The language the client names first in Accept-Language, of the two the
 * service speaks: HTTP_LANG_ZH, HTTP_LANG_EN, or HTTP_LANG_NONE (no header,
 * or another language first). */
enum http_lang { HTTP_LANG_NONE, HTTP_LANG_ZH, HTTP_LANG_EN };
enum http_lang http_accept_language(const struct http_ctx *c);
/* The client's address as text (for limits, never for logs): the peer's,
 * or, when the peer is a trusted proxy, the client its Forwarded or
 * X-Forwarded-For header names (http_proxy.c). */
bool http_client_address(const struct http_ctx *c, char *out, size_t len);

/* ---- answering ---------------------------------------------------------------- */

/* Answers body (malloc'd, stolen; NUL-terminated) with a status and type. */
void http_reply(struct http_ctx *c, int status, const char *content_type, char *body);
/* The same for a body that lives as long as the process (a compiled-in
 * file); it is not freed. */
void http_reply_static(struct http_ctx *c, int status, const char *content_type, const void *body,
                       size_t len);
/* Adds a response header; value is copied (at most HTTP_HEADER_LEN - 1
 * bytes: the caller's values are bounded below that). */
void http_add_header(struct http_ctx *c, const char *name, const char *value);
/* Drops the answer built so far (body and headers). */
void http_reset(struct http_ctx *c);

/* ---- the writer: booking transactions in groups -------------------------------- */

/* Suspends the request's connection and queues run(copy of c, arg) on the
 * writer thread, which runs the requests queued meanwhile as one group:
 * under the change lock (after picking up what other processes committed),
 * each in a savepoint of one store transaction, one fsync for all, and no
 * answer leaves before it; when the commit fails, the 2xx answers of the
 * group are replaced by c->lost. run owns arg. */
void http_defer(struct http_ctx *c, void (*run)(struct http_ctx *c, void *arg), void *arg);

/* ---- requests per client address ------------------------------------------------ */

/* Whether this client may make one more rate-limited request now (a
 * booking, a search for one); 0 when it may, else the seconds to wait.
 * Loopback clients are exempt unless configured. */
int http_limit_take(struct http_ctx *c);
/* Seconds this client must wait before it may look up a code, key or token
 * again (0: now), after too many failed lookups; a failed one counts with
 * http_guess_failed(). Guessing booking codes, manage keys and manager
 * tokens costs time this way. */
int http_guess_wait(struct http_ctx *c);
void http_guess_failed(struct http_ctx *c);
/* Adds Retry-After: seconds (to a 429 or 503 answer). */
void http_retry_after(struct http_ctx *c, int seconds);

#endif
