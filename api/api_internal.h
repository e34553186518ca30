/* api_internal.h: what the files of api/ share: the server, the per-request
 * state, the context a handler answers through, and the handlers the router
 * dispatches to. Nobody outside api/ includes it. */
#ifndef API_INTERNAL_H
#define API_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "api/api.h"
#include "scheduler/sched.h"
#include "store/store.h"

/* The longest link the API builds into messages and invites. */
#define API_URL_LEN 512

/* Request bodies above this are refused with 413: a booking is < 1 KiB. */
#define API_BODY_MAX (16 * 1024)

struct api_server {
    struct MHD_Daemon *daemon;
    const struct fh_config *cfg;
    struct store *store;
    /* The day calendar in force: the one given at start until a manager's
     * import replaces it (the server owns replacements). Read under
     * cal_lock; a replacement takes it for writing. */
    pthread_rwlock_t cal_lock;
    const struct sched_calendar *cal;
    /* Serialises the changes that the calendar in force must follow (a
     * roster published or edited, a closure, an import, a holiday duty
     * dispatched) with the bookings admitted under that calendar (the
     * writer's groups, reschedules): such a change is stored and its new
     * calendar put in force before any booking is judged again, so none
     * slips in under the old places. Taken before the store's write lock
     * and before cal_lock, never after them. */
    pthread_mutex_t change_lock;
    struct sched_calendar *cal_owned;
    int port;
    atomic_int in_flight; /* requests between their first call and completion */
    /* Grows with every booking this server changes: cached slot listings
     * of an older generation are stale. (The server is the database's only
     * writer of bookings.) */
    atomic_uint_fast64_t generation;
    struct api_cache *slots_cache;
    struct api_writer *writer; /* runs the booking transactions */
    struct api_limit *limit;   /* booking requests per client address, or NULL */
    atomic_bool stopping;      /* answers say Connection: close from now on */
};

/* Per-request state, from the first access-handler call to the completed
 * callback, which frees it. */
struct api_request {
    struct timespec started; /* CLOCK_MONOTONIC */
    char method[8];
    char path[128]; /* for the access log; no query string */
    char *body;     /* the request body collected so far */
    size_t body_len, body_cap;
    bool too_large; /* more than API_BODY_MAX bytes were sent */
    int status;     /* of the queued answer, for the access log */
    size_t bytes;   /* body bytes of the answer */
    /* Work handed to the writer thread (api_defer): */
    struct api_ctx *deferred; /* the context the answer is built in; malloc'd */
    void (*deferred_run)(struct api_ctx *c, void *arg);
    void *deferred_arg;
    atomic_bool deferred_done; /* the writer has built the answer */
    struct api_request *next;  /* in the writer's queue */
};

#define API_MAX_HEADERS 4

/* What a handler sees and answers through. */
struct api_ctx {
    struct api_server *srv;
    struct MHD_Connection *conn;
    struct api_request *req;
    const char *params[2]; /* the path segments a route's '*' matched */
    /* The answer, sent by the router after the handler returns. */
    int status;
    char *body; /* malloc'd */
    size_t body_len;
    const char *content_type;
    char content_type_buf[64];
    const char *headers[API_MAX_HEADERS][2]; /* values must outlive the handler call */
    char header_buf[API_MAX_HEADERS][96];
    int header_count;
    bool deferred; /* handed to the writer: the router sends nothing now */
};

typedef void (*api_handler)(struct api_ctx *c);

/* ---- api_http.c: answers ------------------------------------------------ */

/* The one mapping from results to HTTP statuses. */
int api_http_status(fh_result r);
/* Refusals that are about the state of the slot or the person (409) rather
 * than about the request (422). */
fh_result api_refusal_result(enum sched_refusal r);

/* Answers doc (stolen) as JSON. */
void api_reply_json(struct api_ctx *c, int status, json_t *doc);
/* Answers an already encoded JSON text (malloc'd, stolen). */
void api_reply_text(struct api_ctx *c, int status, char *text);
/* {"error":{"code","message","field"}}; field may be NULL. */
void api_reply_error(struct api_ctx *c, int status, const char *code, const char *message,
                     const char *field);
/* An error whose status follows from r. */
void api_reply_result(struct api_ctx *c, fh_result r, const char *code, const char *message,
                      const char *field);
/* 422 invalid_field: "<field>: <why>". */
void api_reply_invalid(struct api_ctx *c, const char *field, const char *why);
/* Adds a response header; value is copied. */
void api_add_header(struct api_ctx *c, const char *name, const char *value);

/* ---- api_http.c: reading the request ------------------------------------ */

const char *api_header(const struct api_ctx *c, const char *name);
const char *api_query(const struct api_ctx *c, const char *name);
/* Answers 422 and returns false when the query string holds an argument not
 * in allowed (NULL-terminated). */
bool api_query_only(struct api_ctx *c, const char *const *allowed);
/* The body as a JSON object; answers 400 and returns NULL when it is not
 * one. The caller json_decref()s it. */
json_t *api_body_object(struct api_ctx *c);
/* The office named by the path's first '*', or NULL after answering 404. */
const struct sched_office *api_path_office(struct api_ctx *c);
/* A body that may be left out: NULL without an answer when there is none;
 * NULL with an answer and *failed when it is not an object of the allowed
 * fields only. The caller json_decref()s it. */
json_t *api_body_optional(struct api_ctx *c, const char *const *allowed, bool *failed);
/* Answers 422 for the first member of obj whose name is not in allowed. */
bool api_fields_only(struct api_ctx *c, json_t *obj, const char *const *allowed);
/* The string member name of obj, NULL when absent; answers 422 and sets *bad
 * when it is present but not a string. */
const char *api_field_string(struct api_ctx *c, json_t *obj, const char *name, bool *bad);

/* A time as RFC 3339 in an office's offset, into out. */
void api_format_time(const struct sched_office *office, fh_minute t, char out[FH_TIME_LEN]);

/* The calendar in force, held until api_calendar_release(). */
const struct sched_calendar *api_calendar_hold(struct api_server *srv);
void api_calendar_release(struct api_server *srv);
/* Puts cal in force (the server owns it from now on). */
void api_calendar_replace(struct api_server *srv, struct sched_calendar *cal);
/* Puts the database's calendar, closures and published rosters (with the
 * configuration's own days on top) in force, and drops the cached slot
 * listings. Call it holding the change lock. */
fh_result api_calendar_reload(struct api_server *srv, char *err, size_t errlen);

static inline void api_change_begin(struct api_server *srv)
{
    pthread_mutex_lock(&srv->change_lock);
}

static inline void api_change_end(struct api_server *srv)
{
    pthread_mutex_unlock(&srv->change_lock);
}

/* Records that bookings changed (after a successful write). */
static inline void api_changed(struct api_server *srv)
{
    atomic_fetch_add(&srv->generation, 1);
}

/* ---- api_writer.c: the booking transactions' thread ----------------------- */

struct api_writer;
/* The thread also picks up what other processes commit to the database
 * (store_changed_elsewhere()): before each group, and every second when
 * idle. */
struct api_writer *api_writer_start(struct api_server *srv);
/* Runs what is queued, then stops the thread. */
void api_writer_stop(struct api_writer *w);
/* Suspends the request's connection and queues run(copy of c, arg) on the
 * writer thread, which answers through the copy and resumes the connection.
 * run owns arg. */
void api_defer(struct api_ctx *c, void (*run)(struct api_ctx *c, void *arg), void *arg);

/* ---- api_limit.c: requests per client address ------------------------------ */

struct api_limit;
/* NULL when the configuration sets no limit. */
struct api_limit *api_limit_create(const struct cfg_rate_limit *cfg);
void api_limit_free(struct api_limit *l);
/* Whether this client may make one more request now; answers 429
 * rate_limited (with Retry-After) and returns false when not. */
bool api_limit_allow(struct api_limit *l, struct api_ctx *c);

/* ---- api_cache.c: encoded slot listings ----------------------------------- */

struct api_cache;
struct api_cache *api_cache_create(size_t entries, size_t max_bytes);
void api_cache_free(struct api_cache *c);
/* A malloc'd copy of the answer kept for key at this generation and minute,
 * or NULL. */
char *api_cache_get(struct api_cache *c, const char *key, uint64_t generation, fh_minute now);
/* Keeps a copy of text (unless larger than the cache's limit). */
void api_cache_put(struct api_cache *c, const char *key, uint64_t generation, fh_minute now,
                   const char *text);

/* ---- api_manager.c -------------------------------------------------------- */

/* Whether the request carries a valid manager's bearer token; answers 401
 * and returns false otherwise. */
bool api_manager_auth(struct api_ctx *c);
/* Whether an Authorization header is present at all. */
bool api_has_authorization(const struct api_ctx *c);

/* ---- handlers (the router's table is in api_http.c) ---------------------- */

void api_offices_healthz(struct api_ctx *c);
void api_offices_list(struct api_ctx *c);
void api_offices_services(struct api_ctx *c);
void api_offices_slots(struct api_ctx *c);

void api_bookings_create(struct api_ctx *c);
void api_bookings_get(struct api_ctx *c);
void api_bookings_cancel(struct api_ctx *c);
void api_bookings_reschedule(struct api_ctx *c);
void api_bookings_invite(struct api_ctx *c);
/* The booking as its holder or a manager sees it. */
json_t *api_bookings_json(const struct sched_office *office, const struct store_booking *b);

struct cal_booking_view;
/* What an invite or a feed shows of a booking; url receives its manage link
 * (the link key, never the token). */
void api_booking_view(struct api_server *srv, const struct sched_office *office,
                      const struct store_booking *b, struct cal_booking_view *view,
                      char url[API_URL_LEN]);
/* Answers the booking's current iCalendar object. */
void api_calendars_invite(struct api_ctx *c, const struct sched_office *office,
                          const struct store_booking *b);
void api_calendars_import(struct api_ctx *c);
void api_calendars_close(struct api_ctx *c);
void api_calendars_reopen(struct api_ctx *c);
void api_calendars_openings(struct api_ctx *c);
void api_calendars_bookings(struct api_ctx *c);
void api_calendars_feed_urls(struct api_ctx *c);

/* Answers text (stolen; NULL answers 500) as text/calendar with method. */
void api_reply_calendar(struct api_ctx *c, char *text, const char *method);

void api_manager_day(struct api_ctx *c);
void api_manager_outbox(struct api_ctx *c);
void api_manager_outbox_retry(struct api_ctx *c);
void api_manager_confirm(struct api_ctx *c);
void api_manager_check_in(struct api_ctx *c);
void api_manager_no_show(struct api_ctx *c);
void api_manager_complete(struct api_ctx *c);

/* api_staff.c */
void api_staff_list(struct api_ctx *c);
void api_staff_duties_feed(struct api_ctx *c);
void api_roster_get(struct api_ctx *c);
void api_roster_generate_month(struct api_ctx *c);
void api_roster_publish_month(struct api_ctx *c);
void api_roster_set_duty(struct api_ctx *c);
void api_roster_pin(struct api_ctx *c);
void api_roster_unpin(struct api_ctx *c);
void api_comp_list(struct api_ctx *c);
void api_comp_take(struct api_ctx *c);
/* After a booking is taken: a holiday wedding with nobody on holiday duty
 * that day tells the office (an e-mail through the outbox). */
void api_staff_booking_taken(struct api_server *srv, const struct sched_office *office,
                             const struct store_booking *b);

#endif
