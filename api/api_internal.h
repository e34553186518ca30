/* api_internal.h: what the files of api/ share: the JSON answers, the
 * readers of a request's JSON, and the handlers the route table names.
 * Nobody outside api/ includes it. */
#ifndef API_INTERNAL_H
#define API_INTERNAL_H

#include <jansson.h>

#include "api/api.h"
#include "common/fh_hash.h"
#include "scheduler/sched.h"
#include "store/store.h"
#include "svc/svc.h"

/* ---- api_reply.c: answers ----------------------------------------------- */

/* The one mapping from results to HTTP statuses. */
int api_http_status(fh_result r);
/* Refusals that are about the state of the slot or the person (409) rather
 * than about the request (422). */
fh_result api_refusal_result(enum sched_refusal r);

/* Answers doc (stolen) as JSON. */
void api_reply_json(struct http_ctx *c, int status, json_t *doc);
/* Answers an already encoded JSON text (malloc'd, stolen). */
void api_reply_text(struct http_ctx *c, int status, char *text);
/* {"error":{"code","message","field"}}; field may be NULL. */
void api_reply_error(struct http_ctx *c, int status, const char *code, const char *message,
                     const char *field);
/* An error whose status follows from r. */
/* api_reply_error() with more members in the error object (extra is
 * stolen; NULL: none). */
void api_reply_error_with(struct http_ctx *c, int status, const char *code, const char *message,
                          const char *field, json_t *extra);
void api_reply_result(struct http_ctx *c, fh_result r, const char *code, const char *message,
                      const char *field);
/* 422 invalid_field: "<field>: <why>". */
void api_reply_invalid(struct http_ctx *c, const char *field, const char *why);
/* ---- api_reply.c: reading the request ----------------------------------- */

/* Answers 422 and returns false when the query string holds an argument not
 * in allowed (NULL-terminated), one twice, or a NUL. */
bool api_query_only(struct http_ctx *c, const char *const *allowed);
/* Whether this client may look up a code, key or token now; answers 429
 * rate_limited (with Retry-After) after too many failed lookups. */
bool api_guess_allowed(struct http_ctx *c);
/* The body as a JSON object; answers 400 and returns NULL when it is not
 * one. The caller json_decref()s it. */
json_t *api_body_object(struct http_ctx *c);
/* The office named by the path's first '*', or NULL after answering 404. */
const struct sched_office *api_path_office(struct http_ctx *c);
/* A body that may be left out: NULL without an answer when there is none;
 * NULL with an answer and *failed when it is not an object of the allowed
 * fields only. The caller json_decref()s it. */
json_t *api_body_optional(struct http_ctx *c, const char *const *allowed, bool *failed);
/* Answers 422 for the first member of obj whose name is not in allowed. */
bool api_fields_only(struct http_ctx *c, json_t *obj, const char *const *allowed);
/* The string member name of obj, NULL when absent; answers 422 and sets *bad
 * when it is present but not a string. */
const char *api_field_string(struct http_ctx *c, json_t *obj, const char *name, bool *bad);

/* What a create sent to the writer thread keeps of its request so that the
 * store can replay the answer to the same Idempotency-Key and body. */
struct api_idem {
    char key[256];
    bool has_key;
    uint8_t body_sha256[FH_SHA256_LEN];
};
/* Hands a checked create to the writer thread: key (NULL: none) and the
 * body's digest into idem, which job holds; lost answers in place of run
 * when the group's commit fails. run owns job. */
void api_defer_create(struct http_ctx *c, struct api_idem *idem, const char *key,
                      void (*lost)(struct http_ctx *c), void (*run)(struct http_ctx *c, void *job),
                      void *job);

/* The start of a create (a booking, a waitlist join, a draw request): the
 * client's rate limit (429), a valid Idempotency-Key or none (*key), and
 * a JSON object of the allowed fields only. NULL after answering; the
 * caller json_decref()s the body. */
json_t *api_create_body(struct http_ctx *c, const char *const *fields, const char **key);
/* The person's fields of a booking body (name, national_id, phone, email,
 * lang, partner_name, partner_national_id) into in; *bad as
 * api_field_string(). */
void api_person_fields(struct http_ctx *c, json_t *doc, struct svc_booking_input *in, bool *bad);

/* A time as RFC 3339 in an office's offset, into out. */
void api_format_time(const struct sched_office *office, fh_minute t, char out[FH_TIME_LEN]);

/* ---- api_manager.c -------------------------------------------------------- */

/* Whether the request carries a valid manager's bearer token (401
 * otherwise) that may act for the office the request is about: the
 * path's office, the booking's office, and for what spans offices (the
 * national calendar, the outbox, erasures) a token of every office (403
 * forbidden otherwise). Answers and returns false when not. */
bool api_manager_auth(struct http_ctx *c);
/* "token:NAME" of the request's manager, for the audit trail (call after
 * api_manager_auth()). */
/* As api_manager_auth() for a request whose office is in its body (a
 * booking taken by staff): a token limited to other offices is refused. */
bool api_manager_auth_office(struct http_ctx *c, const char *office);
void api_manager_who(const struct http_ctx *c, char out[STORE_WHO_LEN]);
/* Whether an Authorization header is present at all. */
bool api_has_authorization(const struct http_ctx *c);

/* ---- handlers (the route table is in api_reply.c) ------------------------- */

void api_offices_healthz(struct http_ctx *c);
void api_offices_readyz(struct http_ctx *c);
void api_offices_list(struct http_ctx *c);
void api_offices_services(struct http_ctx *c);
void api_offices_slots(struct http_ctx *c);

void api_bookings_create(struct http_ctx *c);
void api_bookings_get(struct http_ctx *c);
void api_bookings_cancel(struct http_ctx *c);
void api_bookings_reschedule(struct http_ctx *c);
void api_bookings_invite(struct http_ctx *c);
/* The 201 body of a new booking (a store_reply_fn; arg: the office). */
char *api_bookings_created_reply(const struct store_booking *b, const char *manage_token,
                                 void *arg);
/* Answers the scheduler's refusal r of start for service (an index) at
 * office: when booking opens ("opens_at"), a suspension's end ("until");
 * effective: why a designated effective date was refused (an enum
 * sched_effective; 0 when it was not). */
void api_reply_refusal(struct http_ctx *c, enum sched_refusal r, bool partner,
                       const struct sched_office *office, int service, fh_minute start,
                       fh_day until, int effective);
/* POST /api/v1/bookings/{code}/survey: the holder's answer to the
 * satisfaction survey, once, after the visit. */
void api_bookings_survey(struct http_ctx *c);
/* The booking as its holder or a manager sees it. */
json_t *api_bookings_json(const struct sched_office *office, const struct store_booking *b);

/* Answers the booking's current iCalendar object. */
void api_calendars_invite(struct http_ctx *c, const struct sched_office *office,
                          const struct store_booking *b);
void api_calendars_import(struct http_ctx *c);
void api_calendars_close(struct http_ctx *c);
void api_calendars_reopen(struct http_ctx *c);
void api_calendars_openings(struct http_ctx *c);
void api_calendars_bookings(struct http_ctx *c);
void api_calendars_feed_urls(struct http_ctx *c);

/* Answers text (stolen; NULL answers 500) as text/calendar with method. */
void api_reply_calendar(struct http_ctx *c, char *text, const char *method);

void api_manager_day(struct http_ctx *c);
void api_manager_outbox(struct http_ctx *c);
void api_manager_outbox_retry(struct http_ctx *c);
void api_manager_confirm(struct http_ctx *c);
void api_manager_check_in(struct http_ctx *c);
void api_manager_no_show(struct http_ctx *c);
void api_manager_complete(struct http_ctx *c);

/* api_staff.c */
void api_staff_list(struct http_ctx *c);
void api_staff_duties_feed(struct http_ctx *c);
void api_roster_get(struct http_ctx *c);
void api_roster_generate_month(struct http_ctx *c);
void api_roster_publish_month(struct http_ctx *c);
void api_roster_set_duty(struct http_ctx *c);
void api_roster_pin(struct http_ctx *c);
void api_roster_unpin(struct http_ctx *c);
void api_comp_list(struct http_ctx *c);
void api_comp_take(struct http_ctx *c);
void api_erase_create(struct http_ctx *c);
void api_figures_get(struct http_ctx *c);
/* GET /api/v1/offices/{office}/satisfaction?from=&to=: the survey's
 * averages by month and window, and its comments. */
void api_figures_satisfaction(struct http_ctx *c);

/* The OpenAPI description, compiled in from docs/openapi.json
 * (api/mkopenapi.sh writes api_openapi.c in the build tree). */
extern const unsigned char api_openapi_data[];
extern const size_t api_openapi_len;
extern const char api_openapi_etag[];
void api_openapi_get(struct http_ctx *c);

/* ---- api_draw.c ------------------------------------------------------------ */

/* GET /api/v1/offices/{office}/draws: the office's draws to come. */
void api_draw_list(struct http_ctx *c);
/* GET /api/v1/offices/{office}/draws/{date}: one draw, with its requests'
 * numbers, ranks and outcomes once drawn. */
void api_draw_get(struct http_ctx *c);
/* POST /api/v1/offices/{office}/draws/{date}/requests: a couple's request. */
void api_draw_request(struct http_ctx *c);
/* GET /api/v1/draw-requests/{number}?token=: one's request. */
void api_draw_request_get(struct http_ctx *c);

/* ---- api_waitlist.c -------------------------------------------------------- */

void api_waitlist_join(struct http_ctx *c);
void api_waitlist_get(struct http_ctx *c);
void api_waitlist_leave(struct http_ctx *c);
void api_waitlist_day(struct http_ctx *c);
void api_offer_get(struct http_ctx *c);
void api_offer_accept(struct http_ctx *c);
void api_offer_decline(struct http_ctx *c);

/* ---- api_suspend.c -------------------------------------------------------- */

void api_suspend_list(struct http_ctx *c);
void api_suspend_lift(struct http_ctx *c);

#endif
