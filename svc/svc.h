/* svc.h: what a request does, whichever face it comes through (the JSON
 * API or the pages): the state a running service shares (the configuration,
 * the store, the day calendar in force, the lock that orders changes with
 * the bookings judged under them) and the booking operations both faces
 * call, so that no rule, check or statement is written twice. No HTTP, no
 * JSON, no HTML here. */
#ifndef SVC_H
#define SVC_H

#include <pthread.h>
#include <stdatomic.h>

#include "config/cfg.h"
#include "store/store.h"
#include "validate/val.h"

struct svc_cache;
struct svc_uploads;

/* The running service. cfg and store are read-only pointers for callers;
 * the rest belongs to the functions below. */
struct svc {
    const struct fh_config *cfg;
    struct store *store;
    /* The day calendar in force: the one given at start until an import,
     * a closure or a roster replaces it (svc owns replacements). Read under
     * cal_lock; a replacement takes it for writing. */
    pthread_rwlock_t cal_lock;
    const struct sched_calendar *cal;
    struct sched_calendar *cal_owned;
    /* Serialises the changes that the calendar in force must follow (a
     * roster published or edited, a closure, an import, a holiday duty
     * dispatched) with the bookings admitted under that calendar: such a
     * change is stored and its calendar put in force before any booking is
     * judged again. Taken before the store's write lock and before cal_lock,
     * never after them. */
    pthread_mutex_t change_lock;
    /* Grows with every change of bookings or calendar: answers cached at an
     * older generation are stale. */
    atomic_uint_fast64_t generation;
    struct svc_cache *cache;
    struct svc_uploads *uploads; /* files held between a preview and its apply */
};

/* cal stays the caller's and must outlive the service (a replacement is
 * the service's own). */
struct svc *svc_create(const struct fh_config *cfg, struct store *st,
                       const struct sched_calendar *cal);
void svc_free(struct svc *s);

/* The calendar in force, held until svc_calendar_release(). */
const struct sched_calendar *svc_calendar_hold(struct svc *s);
void svc_calendar_release(struct svc *s);
/* Puts cal in force (the service owns it from now on). */
void svc_calendar_replace(struct svc *s, struct sched_calendar *cal);
/* Puts the database's calendar, closures and published rosters (with the
 * configuration's own days on top) in force. Call it holding the change
 * lock. */
fh_result svc_calendar_reload(struct svc *s, char *err, size_t errlen);
/* Reloads when another process (a command beside the server) committed to
 * the database since the last look. Call it holding the change lock. */
void svc_pick_up_outside_changes(struct svc *s);

void svc_change_begin(struct svc *s);
void svc_change_end(struct svc *s);

/* Records that bookings changed (after a successful write). */
void svc_changed(struct svc *s);
uint64_t svc_generation(struct svc *s);

/* "Now" in an office's local time. */
fh_minute svc_now(const struct sched_office *office);

/* ---- answers kept while nothing changes ------------------------------------ */

/* A malloc'd copy of the text kept for key at this generation and minute,
 * or NULL. Read the generation (svc_generation) before the data the text is
 * made of: a write in between makes the kept text stale, never a stale text
 * current. */
char *svc_cache_get(struct svc *s, const char *key, uint64_t generation, fh_minute now);
/* Keeps a copy of text for key (not when larger than the cache's limit). */
void svc_cache_put(struct svc *s, const char *key, uint64_t generation, fh_minute now,
                   const char *text);

/* ---- slots ---------------------------------------------------------------------- */

/* A whole year from any date, leap years included. */
#define SVC_MAX_RANGE_DAYS 366

/* The slots of a service on first..last as sched_slots() gives them, with
 * the bookings of the store and the calendar in force. *out is malloc'd. */
fh_result svc_slots(struct svc *s, const struct sched_office *office, int service, fh_day first,
                    fh_day last, fh_minute now, unsigned flags, struct sched_slot **out,
                    size_t *count, char *err, size_t errlen);

/* ---- bookings ------------------------------------------------------------------- */

/* A slot's start as RFC 3339 (any offset), in the office's local time:
 * NULL, or a static reason. */
const char *svc_parse_start(const struct sched_office *office, const char *s, fh_minute *out);

/* A booking request as it came, every field a string or NULL when absent. */
struct svc_booking_input {
    const char *office, *service, *start;
    const char *name, *national_id, *phone, *email, *lang;
    const char *partner_name, *partner_national_id;
    /* A couple's service needs the partner named (the pages ask for both
     * people; the API, whose clients predate the partner, may leave the
     * partner out). */
    bool partner_required;
};

/* One field at fault: its name and a static reason (English; fh_zh()
 * gives the Traditional Chinese). */
struct svc_field_error {
    const char *field;
    const char *why;
};

/* A checked booking request; the strings point into the input or into
 * the struct. */
struct svc_booking_request {
    const struct sched_office *office;
    int service;
    fh_minute start;
    const char *name, *email, *lang, *partner_name;
    char national_id[VAL_NATIONAL_ID_LEN + 1];
    char partner_national_id[VAL_NATIONAL_ID_LEN + 1]; /* "" when none */
    char phone[VAL_PHONE_LEN + 1];                     /* "" when none */
};

/* The field names in the order a form shows them. */
#define SVC_BOOKING_FIELDS                                                                         \
    "office", "service", "start", "name", "national_id", "phone", "email", "lang", "partner_name", \
        "partner_national_id"

/* Checks every field of in, in the order a form shows them, into out.
 * Writes at most max faults into errors and returns how many there are
 * (0: out is complete). The API reports the first, a page all of them. */
size_t svc_booking_check(const struct fh_config *cfg, const struct svc_booking_input *in,
                         struct svc_booking_request *out, struct svc_field_error *errors,
                         size_t max);
/* Wipes the national IDs a checked request holds. */
void svc_booking_request_wipe(struct svc_booking_request *req);

/* Stores a checked booking (admission inside the store's transaction, at
 * the calendar in force), then what follows a booking taken: the change is
 * recorded, and a holiday wedding with nobody on holiday duty tells the
 * office. idempotency_key may be NULL; body_sha256 identifies the request
 * it came with. Results as store_booking_create(). Run it on the writer's
 * thread (http_defer), which holds the change lock and a store group. */
fh_result svc_booking_create(struct svc *s, const struct svc_booking_request *req,
                             const char *idempotency_key, const uint8_t body_sha256[32],
                             store_reply_fn reply, void *reply_arg, struct store_create_result *out,
                             char *err, size_t errlen);

/* The configured office of a stored booking, or NULL when it is no longer
 * served here. */
const struct sched_office *svc_booking_office(const struct svc *s, const struct store_booking *b);

/* Cancels a booking of office (looked up by the caller) with the manage
 * token or link key (NULL: staff). As store_booking_cancel(). */
fh_result svc_booking_cancel(struct svc *s, const struct sched_office *office, const char *code,
                             const char *token, struct store_booking *out, char *err,
                             size_t errlen);

/* Moves a booking (token as for cancel) to start, under the change lock
 * and the calendar in force. As store_booking_reschedule(); a holiday
 * wedding moved onto a day with nobody on duty tells the office. */
fh_result svc_booking_move(struct svc *s, const struct sched_office *office, const char *code,
                           const char *token, fh_minute start, struct store_booking *out,
                           enum sched_refusal *refusal, char *err, size_t errlen);

/* After a booking is taken or moved: a holiday wedding with nobody on
 * holiday duty that day tells the office (an e-mail through the outbox). */
void svc_booking_taken(struct svc *s, const struct sched_office *office,
                       const struct store_booking *b);

/* Whether anybody is on the holiday duty of day in the office's roster of
 * that month (draft or published). */
fh_result svc_holiday_duty_staffed(struct svc *s, const char *office, fh_day day, bool *has,
                                   char *err, size_t errlen);

/* The longest link the service builds. */
#define SVC_URL_LEN 512

struct cal_booking_view;
/* What an invite or a feed shows of a booking; url receives its manage
 * page's address (with the link key, never the token). */
void svc_booking_view(struct svc *s, const struct sched_office *office,
                      const struct store_booking *b, struct cal_booking_view *view,
                      char url[SVC_URL_LEN]);

/* Which refusals are about the start a person chose (the field at fault is
 * "start"), and which are about the state of the slot or the person (409)
 * rather than about the request (422). */
bool svc_refusal_is_about_start(enum sched_refusal r);
bool svc_refusal_is_conflict(enum sched_refusal r);
/* The sentence for a refusal (English; fh_zh() gives the Chinese), saying
 * "your partner" when the partner's bookings refused it. */
const char *svc_refusal_message(enum sched_refusal r, bool partner);

/* ---- closing a day (svc_closures.c) ---------------------------------------------
 * A manager closes a day (a typhoon): first a preview of what the closure
 * will do, then the closure itself, which must find the same bookings and
 * staff as the preview showed (else FH_ECONFLICT: look again). */

/* NULL when reason is a reason a closure may give (1 to 200 bytes of text,
 * the citizens read it in their messages), else a static reason. */
const char *svc_closure_reason_check(const char *reason);

/* A member of staff on duty that day (in a published roster). */
struct svc_staff_told {
    char id[40];
    const char *name; /* the configuration's, or the id when no longer configured */
    bool has_email;   /* only those with an e-mail address are told */
};

struct svc_closure_preview {
    fh_day day;
    bool closed_already;            /* closing again changes nothing */
    struct store_booking *bookings; /* pending and confirmed: cancelled and told; malloc'd */
    size_t count;
    struct svc_staff_told *staff; /* malloc'd */
    size_t staff_count;
    /* A digest of the bookings and staff listed, which the closure checks
     * again (lowercase hex). */
    char check[65];
};
void svc_closure_preview_free(struct svc_closure_preview *p);

/* What closing office's day would do. */
fh_result svc_closure_preview(struct svc *s, const struct sched_office *office, fh_day day,
                              struct svc_closure_preview *out, char *err, size_t errlen);

/* Closes the day (store_close_day(): bookings cancelled and told, the staff
 * on duty with an e-mail told, audited as by) under the change lock, and
 * puts the new calendar in force. With check (may be NULL), what the day
 * holds must still be what the preview with that digest showed, else
 * FH_ECONFLICT and nothing changes. *done (may be NULL) gets what was done:
 * the bookings cancelled and the staff told. */
fh_result svc_close_day(struct svc *s, const struct sched_office *office, fh_day day,
                        const char *reason, const char *by, const char *check,
                        struct svc_closure_preview *done, char *err, size_t errlen);

/* Opens a closed day again (FH_ENOTFOUND when it was not closed). */
fh_result svc_reopen_day(struct svc *s, const struct sched_office *office, fh_day day,
                         const char *by, char *err, size_t errlen);

/* ---- importing the government calendar (svc_import.c) ---------------------------
 * An import is previewed (the days added, changed and removed, the bookings
 * left without a slot, the shortfalls of published rosters), then applied:
 * the days replaced, the bookings left without a slot cancelled and their
 * holders told (as for a closure), audited, in one transaction. */

/* A window instance of a published roster that the new calendar leaves
 * short, or a duty rostered on a day that no longer has its window. */
struct svc_roster_issue {
    const char *office;
    fh_day day;
    enum sched_duty duty;
    int needed, assigned;
    const char *reason; /* sched_short_reason_code(), or "no_window" */
};

struct svc_import_preview {
    int first_year, last_year;
    size_t days; /* entries in the file */
    struct store_calendar_diff diff;
    struct store_displaced *displaced; /* malloc'd */
    size_t displaced_count;
    struct svc_roster_issue *issues; /* malloc'd, by office and day */
    size_t issue_count;
    char sha256[65]; /* the file's, lowercase hex */
    char check[65];  /* the file's and the displaced bookings' digest */
    /* After an apply: the bookings cancelled (malloc'd). */
    struct store_booking *cancelled;
    size_t cancelled_count;
};
void svc_import_preview_free(struct svc_import_preview *p);

/* What importing the file (a DGPA CSV or an .ics) would do. FH_EINVAL with
 * err naming the line or component for a bad file. */
fh_result svc_import_preview(struct svc *s, const char *data, size_t len,
                             struct svc_import_preview *out, char *err, size_t errlen);

/* Imports the file under the change lock and puts the new calendar in
 * force; out as for the preview, with the bookings cancelled. With check
 * (may be NULL), the file and the bookings it displaces must be those of
 * the preview with that digest, else FH_ECONFLICT and nothing changes. */
fh_result svc_import_apply(struct svc *s, const char *data, size_t len, const char *check,
                           const char *by, struct svc_import_preview *out, char *err,
                           size_t errlen);

/* Files held between a preview page and its apply (at most 8, 30 minutes
 * each, in memory: a restart forgets them and the manager uploads again),
 * each bound to its owner (a session's label). sha256 gets the file's
 * digest, which names it. */
void svc_upload_keep(struct svc *s, const char *owner, const char *data, size_t len,
                     char sha256[65]);
/* A malloc'd copy of the file (NUL-terminated) or NULL when not held. */
char *svc_upload_get(struct svc *s, const char *owner, const char *sha256, size_t *len);
void svc_upload_drop(struct svc *s, const char *owner, const char *sha256);

/* ---- signing in to the manager pages ------------------------------------------
 * The rules of sign-in: a password checked with fh_password_verify() (an
 * unknown or disabled name costs the same KDF and gets the same answer as
 * a wrong password); SVC_LOCK_FAILURES wrong answers for one name within
 * SVC_LOCK_WINDOW lock it for SVC_LOCK_SECONDS after the last, known user
 * or not; a session is a random cookie of which the store keeps the
 * SHA-256, ended after the configured minutes unused. */

#define SVC_LOCK_FAILURES 5
#define SVC_LOCK_WINDOW   (15 * 60)
#define SVC_LOCK_SECONDS  (15 * 60)
/* A session cookie's value: 32 random bytes as base64url, and its NUL. */
#define SVC_SESSION_COOKIE_LEN 44
/* The name a person signs in with, at most (bytes). */
#define SVC_SIGNIN_NAME_MAX 64

/* Signs name in with password: FH_OK with a new session's cookie value
 * and the user; FH_EAUTH for an unknown or disabled name or a wrong
 * password alike; FH_EBUSY while the name is locked (*retry_after gets the
 * seconds left); FH_EDB. */
fh_result svc_signin(struct svc *s, const char *name, const char *password,
                     char cookie[SVC_SESSION_COOKIE_LEN], struct store_user *user, int *retry_after,
                     char *err, size_t errlen);
/* The user of a session cookie still in use (FH_ENOTFOUND otherwise). */
fh_result svc_session(struct svc *s, const char *cookie, struct store_user *user);
/* Ends the session of a cookie (FH_OK also when there was none). */
fh_result svc_signout(struct svc *s, const char *cookie, char *err, size_t errlen);
/* A label of the session for form tokens bound to it: 32 hex digits of
 * a hash of the cookie (never the cookie itself). */
void svc_session_label(const char *cookie, char out[33]);

#endif
