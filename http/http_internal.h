/* http_internal.h: what the files of http/ share: the server, the
 * per-request state, and the writer and limit tables. Nobody outside http/
 * includes it. */
#ifndef HTTP_INTERNAL_H
#define HTTP_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "http/http.h"
#include "svc/svc.h"

/* Status slots of the request counters: the statuses the faces answer with,
 * and one for any other. */
#define HTTP_STATUS_SLOTS 17
/* Latency buckets per route, +Inf included. */
#define HTTP_LATENCY_BUCKETS 13
#define HTTP_MAX_FACES       4
/* An X-Request-Id taken or made: 1 to 64 characters of [A-Za-z0-9._-]. */
#define HTTP_REQUEST_ID_LEN 64

struct http_route_stats;

struct http_server {
    struct MHD_Daemon *daemon;
    struct svc *svc;
    const struct http_face *const *faces;
    size_t face_count;
    int port;
    atomic_int in_flight;        /* requests between their first call and completion */
    struct http_writer *writer;  /* runs the booking transactions */
    struct http_limit *limit;    /* rate-limited requests per client address, or NULL */
    struct http_limit *failures; /* failed lookups per client address, or NULL */
    struct http_guard *guard;    /* deadlines of request heads and bodies */
    /* What follows the configuration (http_server_configure()): the
     * limits' rates are the limits' own; the address lists are the
     * server's copies, read under nets_lock, replaced under it for writing. */
    atomic_uint per_client; /* connections one address may hold; 0: no cap */
    pthread_rwlock_t nets_lock;
    struct cfg_net *trusted; /* reverse proxies that name the client */
    size_t trusted_count;
    atomic_bool stopping; /* answers say Connection: close from now on */
    /* Counters by route: a face's routes from route_base[face] on, then
     * one slot for requests no route answered and one for /metrics. */
    size_t route_base[HTTP_MAX_FACES];
    size_t route_slots;
    struct http_route_stats *route_stats;
    struct cfg_net *metrics_allow; /* who may scrape; none: loopback (under nets_lock) */
    size_t metrics_allow_count;
};

/* A decoded field of a form body. */
struct http_field {
    char *name, *value; /* into the form copy; each malloc'd for a multipart body */
    size_t len;         /* of value (a file may hold NULs) */
    char *filename;     /* a file part's name as sent, malloc'd; or NULL */
};

/* Per-request state, from the first access-handler call to the completed
 * callback, which frees it. */
struct http_request {
    struct timespec started; /* CLOCK_MONOTONIC */
    char method[8];
    char *body; /* the request body collected so far, NUL-terminated */
    size_t body_len, body_cap;
    bool too_large; /* more than HTTP_BODY_MAX bytes were sent */
    int status;     /* of the queued answer, for the access log */
    size_t route;   /* 1 + the counters' slot of the route that answered; 0: none */
    char request_id[HTTP_REQUEST_ID_LEN + 1]; /* echoed as X-Request-Id, logged */
    size_t bytes;                             /* body bytes of the answer */
    /* The form fields, decoded on first use. */
    bool form_parsed;
    char *form; /* a decoded copy of the body */
    struct http_field *fields;
    size_t field_count, field_cap;
    bool multipart; /* the fields' strings are each malloc'd */
    /* Work handed to the writer thread (http_defer): */
    struct http_ctx *deferred; /* the context the answer is built in; malloc'd */
    void (*deferred_run)(struct http_ctx *c, void *arg);
    void *deferred_arg;
    atomic_bool deferred_done; /* the writer has built the answer */
    struct http_request *next; /* in the writer's queue */
    /* The configuration in force when the request began, held until it
     * is completed: every call of it, and its work on the writer, sees
     * this one. */
    struct svc *svc;
};

/* Frees what an answer not sent holds (its body and header values). */
void http_ctx_release(struct http_ctx *c);

/* ---- http_writer.c ---------------------------------------------------------- */

struct http_writer;
/* The thread also picks up what other processes commit to the database:
 * before each group, and every second when idle. */
struct http_writer *http_writer_start(struct svc *svc);
/* Runs what is queued, then stops the thread. */
void http_writer_stop(struct http_writer *w);

/* ---- http_metrics.c ---------------------------------------------------------- */

/* Sets up the route counters of the server's faces. */
void http_metrics_init(struct http_server *srv);
void http_metrics_free(struct http_server *srv);
/* Counts a request answered (its route and status in req) and how long it
 * took. */
void http_metrics_request(struct http_server *srv, const struct http_request *req, double seconds);
/* The route pattern of a request for the access log ("none": no route). */
const char *http_metrics_route(const struct http_server *srv, const struct http_request *req);
/* Counts a group commit of n changes. */
void http_metrics_group(size_t n);
/* Answers /metrics: the counters, or 403 to a client not allowed. */
void http_metrics_serve(struct http_ctx *c);

/* ---- http_proxy.c ------------------------------------------------------------ */

/* Whether a peer's address is one of the trusted proxies. */
bool http_peer_trusted(struct http_server *srv, const struct sockaddr *peer);

/* ---- http_limit.c ------------------------------------------------------------ */

struct http_limit;
/* per_minute 0: no limit (until http_limit_set() sets one). */
struct http_limit *http_limit_create(int per_minute, int burst);
/* New rates for the buckets from now on (a reload); what each address
 * holds stays. */
void http_limit_set(struct http_limit *l, int per_minute, int burst);
void http_limit_free(struct http_limit *l);

/* ---- http_guard.c --------------------------------------------------------------- */

struct http_guard;
/* A watch over connections slots (the daemon's connection limit): a
 * request's head must arrive within head_seconds of the connection's
 * opening or of the previous answer, its body within body_seconds of the
 * head. */
struct http_guard *http_guard_start(size_t connections, int head_seconds, int body_seconds);
void http_guard_stop(struct http_guard *g);
/* A new connection on socket fd from addr: its slot (NULL when all are
 * taken). With cap > 0, addr holds at most cap connections: *over says
 * this one is refused (the caller closes it). */
void *http_guard_open(struct http_guard *g, int fd, const char *addr, size_t cap, bool *over);
/* The open connections of a client address. */
size_t http_guard_count(struct http_guard *g, const char *addr);
/* The head is in (the body may follow); the whole request is in; the
 * answer is sent (the connection waits for the next head); closed. */
void http_guard_head(struct http_guard *g, void *slot);
void http_guard_working(struct http_guard *g, void *slot);
void http_guard_done(struct http_guard *g, void *slot);
void http_guard_close(struct http_guard *g, void *slot);
/* Connections cut for being late, since the start. */
unsigned long http_guard_cuts(struct http_guard *g);

#endif
