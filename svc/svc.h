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

struct svc_core;

/* The running service under one configuration. Every request takes the
 * configuration in force once, at its start (svc_hold()), and hands that
 * svc down: a reload (svc_reload()) puts a new one in force for the
 * requests that start after it while those in flight finish with theirs,
 * so no request sees two configurations. cfg and store are read-only
 * pointers for callers; the rest belongs to the functions below. */
struct svc {
    const struct fh_config *cfg;
    struct store *store;
    /* What every configuration shares: the day calendar in force, the
     * change lock, the answers kept, the uploads (svc_internal.h). */
    struct svc_core *core;
    /* Holders of this configuration: the service while it is in force,
     * each request and pass that took it. The last to let go frees it
     * (svc_release()); the first configuration, the caller's, is only
     * freed by svc_free(). */
    atomic_long refs;
    struct fh_config *cfg_owned; /* a reloaded configuration, freed with it */
    long *slots;                 /* per office of cfg: its stamps in the answer cache */
};

/* cal and cfg stay the caller's and must outlive the service (a
 * replacement calendar and a reloaded configuration are the service's
 * own). Returns the service's handle: the long-lived holders (the request
 * layer, the writer) keep it and take the configuration in force from it
 * with svc_hold(). */
struct svc *svc_create(const struct fh_config *cfg, struct store *st,
                       const struct sched_calendar *cal);
/* Frees the service: every svc_hold() must have been released. */
void svc_free(struct svc *s);

/* The configuration in force now (any handle of the service will do),
 * held until svc_release(): it is neither freed nor changed meanwhile. */
struct svc *svc_hold(struct svc *s);
void svc_release(struct svc *s);
/* Puts cfg in force (the service owns it from now on, whatever the
 * result): the day calendar is rebuilt from cfg's national days and the
 * database, every answer kept is marked changed, the store's copies of the
 * reminders and webhooks follow. Requests holding the configuration before
 * keep it until they end; it is freed after the last. Runs under the change
 * lock, so no booking is judged half-way. FH_EDB (the calendar cannot be
 * read): nothing changed. What needs a restart (the listen address, the
 * database, the key file, the SMTP session) is the caller's to compare. */
fh_result svc_reload(struct svc *s, struct fh_config *cfg, char *err, size_t errlen);

/* The calendar in force, held until svc_calendar_release(). */
const struct sched_calendar *svc_calendar_hold(struct svc *s);
void svc_calendar_release(struct svc *s);
/* Puts cal in force (the service owns it from now on). It differs from
 * the calendar it replaces in touched's days only (NULL: any office's),
 * whose answers kept it marks changed. */
void svc_calendar_replace(struct svc *s, struct sched_calendar *cal,
                          const struct sched_office *touched);
/* Puts the database's calendar, closures and published rosters (with the
 * configuration's own days on top) in force, after a change of touched's
 * closures or roster (NULL: of the national calendar, or of anything);
 * touched's answers kept are marked changed even when the calendar cannot
 * be read (the change itself was stored). Call it holding the change
 * lock. */
fh_result svc_calendar_reload(struct svc *s, const struct sched_office *touched, char *err,
                              size_t errlen);
/* Reloads when another process (a command beside the server) committed to
 * the database since the last look. Call it holding the change lock. */
void svc_pick_up_outside_changes(struct svc *s);

void svc_change_begin(struct svc *s);
void svc_change_end(struct svc *s);

/* "Now" in an office's local time. */
fh_minute svc_now(const struct sched_office *office);

/* ---- what changed, and answers kept while it did not ------------------------
 * Every change of bookings or of the calendar in force marks what it
 * touched: days of one office, one whole office, or everything. A kept
 * answer (an encoded slots listing, a day page) names the office and the
 * days it shows and the change clock read before its data; it is served
 * again while no mark made since touches those days and the minute it was
 * made for still holds. So a booking at one office on one day leaves every
 * other office's and day's answers kept.
 *
 * Marks are made after the change is stored. While the calling thread
 * holds the change lock they wait until svc_change_end(): a change made
 * under it may be committed later (the writer runs every booking of a
 * group, then commits them together, then lets go of the lock), and a mark
 * made before the commit would let an answer read from the data before it
 * be kept as current. */

/* Bookings or the calendar of office's days first..last changed. */
void svc_changed_days(struct svc *s, const struct sched_office *office, fh_day first, fh_day last);
/* Anything of office changed: a closure or a roster (cut-offs and horizons
 * counted in working days reach across days), a lapse pass. NULL: every
 * office. */
void svc_changed_office(struct svc *s, const struct sched_office *office);
/* Every office changed: the national calendar, the database changed by
 * another process, an erasure. */
void svc_changed_all(struct svc *s);

/* What an answer to keep shows and when its data was read. */
struct svc_answer {
    const struct sched_office *office;
    fh_day first, last; /* the days it shows */
    fh_minute now;      /* the minute it is made for */
    uint64_t clock;     /* the change clock before its data was read */
    long slot;          /* the office's stamps in the cache; -1: none (never kept) */
};
/* Fills a and reads the change clock: call it before reading the data the
 * answer is made of, so that a change stored meanwhile makes the kept text
 * stale, never a stale text current. */
void svc_answer_begin(struct svc *s, struct svc_answer *a, const struct sched_office *office,
                      fh_day first, fh_day last, fh_minute now);
/* A malloc'd copy of the text kept for key, made for the minute a->now and
 * with nothing it shows changed since, or NULL. */
char *svc_cache_get(struct svc *s, const char *key, const struct svc_answer *a);
/* Keeps a copy of text for key, as of a (not when larger than the cache's
 * limit). */
void svc_cache_put(struct svc *s, const char *key, const struct svc_answer *a, const char *text);

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
    /* A marriage filed ahead of the date it takes effect: that date
     * (YYYY-MM-DD), or NULL. */
    const char *effective_date;
    /* A couple's service needs the partner named (the pages ask for both
     * people; the API, whose clients predate the partner, may leave the
     * partner out). */
    bool partner_required;
    /* How it was taken ("web", "phone", "fax", "counter"; NULL: web). Only
     * staff set another than web. */
    const char *channel;
    /* The member of staff taking it for a citizen ("user:ID", "token:NAME"),
     * or NULL for a citizen's own booking. Staff may give a landline, need
     * no e-mail or mobile, and pass the online cut-off where the office
     * allows it (staff_past_cutoff). */
    const char *by;
    /* The holder says they live in the district (a residents-only window
     * takes only them; the counter checks the household address). */
    bool resident;
    /* What the counter should prepare; interpreter is a language code
     * (sched_interpreter_parse()), NULL or "" for none. */
    bool wheelchair, priority_counter;
    const char *interpreter;
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
    char phone[VAL_LANDLINE_LEN + 1];                  /* E.164, "" when none */
    enum store_booking_channel channel;
    char by[STORE_WHO_LEN]; /* "" for a citizen's own booking */
    bool resident;
    struct sched_needs needs;
    fh_day effective_day; /* the designated effective date, or FH_NO_DAY */
};

/* The field names in the order a form shows them. */
#define SVC_BOOKING_FIELDS                                                                         \
    "office", "service", "start", "name", "national_id", "phone", "email", "lang", "partner_name", \
        "partner_national_id", "effective_date", "channel", "resident", "needs"

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

/* Counts what became of a booking request (svc_booking_create does). */
void svc_metrics_booking(fh_result r, const struct store_create_result *out);
/* Writes the service's counters and the outbox's gauges (a store query). */
void svc_metrics_write(struct svc *s, struct fh_buf *b);

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

/* ---- at the counter ------------------------------------------------------------ */

/* A counter's change of a booking's status (store_booking_set_status(),
 * audited as by), with the rules of the counter's day: a check-in only on
 * the booking's own day in its office's time, else FH_EREFUSED with *why
 * set (SCHED_CHECKIN_OK otherwise). When office is not NULL, a booking of
 * another office is FH_ENOTFOUND (a page acts for one office). */
fh_result svc_booking_set_status(struct svc *s, const struct sched_office *office, const char *code,
                                 enum store_status to, const char *by, struct store_booking *out,
                                 enum sched_checkin *why, char *err, size_t errlen);

/* The lapse pass: every office's confirmed bookings that nobody checked in
 * within its lapse_minutes of their start become lapsed, in one
 * transaction per office, audited as by "system". serve runs it at start
 * and every half minute. Returns how many lapsed (0 on a failure, logged). */
size_t svc_lapse_pass(struct svc *s);

/* A pending booking confirmed by a manager (by). A holiday wedding needs
 * somebody on holiday duty that day: when nobody is yet, the person named
 * (staff, or NULL for the one the roster's rules pick) is put on duty in
 * the same transaction and *dispatched points to their id (NULL when
 * nobody was). FH_ENOTFOUND (no such booking, or one of another office
 * than office when office is not NULL), FH_ECONFLICT (not pending),
 * FH_EINVAL (the person named may not take it, or somebody is on duty
 * already, err saying which), FH_EREFUSED (nobody may take the duty). */
fh_result svc_booking_confirm(struct svc *s, const struct sched_office *office, const char *code,
                              const char *staff, const char *by, struct store_booking *out,
                              const char **dispatched, char *err, size_t errlen);

/* Who the roster's rules would put on the holiday duty of day (nobody has
 * it yet), to offer first: the configuration's id, or NULL when nobody may
 * or nobody need be dispatched (the office has no staff, or somebody is on
 * duty already). */
const char *svc_holiday_pick(struct svc *s, const struct sched_office *office, fh_day day);

/* The longest link the service builds. */
#define SVC_URL_LEN 512

struct cal_booking_view;
/* What an invite or a feed shows of a booking; url receives its manage
 * page's address (with the link key, never the token). */
void svc_booking_view(struct svc *s, const struct sched_office *office,
                      const struct store_booking *b, struct cal_booking_view *view,
                      char url[SVC_URL_LEN]);

/* Whether a booking of service at start may name effective as the date its
 * registration takes effect, by the calendar in force
 * (sched_effective_check()). */
enum sched_effective svc_effective_check(struct svc *s, const struct sched_office *office,
                                         int service, fh_minute start, fh_day effective);

/* Which refusals are about the start a person chose (the field at fault is
 * "start"), and which are about the state of the slot or the person (409)
 * rather than about the request (422). */
bool svc_refusal_is_about_start(enum sched_refusal r);
bool svc_refusal_is_conflict(enum sched_refusal r);
/* The sentence for a refusal (English; fh_zh() gives the Chinese), saying
 * "your partner" when the partner's bookings refused it. */
const char *svc_refusal_message(enum sched_refusal r, bool partner);
/* When booking opens for service (an index) at start, at the calendar in
 * force (sched_opens_at()); SCHED_NEVER when start is no slot. */
fh_minute svc_booking_opens(struct svc *s, const struct sched_office *office, int service,
                            fh_minute start);

/* ---- the waitlist (svc_waitlist.c) ---------------------------------------------
 * A person waits for a full slot, or any slot of a full day; a place freed
 * is offered to the first person waiting whom the rules admit, held for
 * them (counted as taken) until they accept, decline or it expires. */

/* Joins the waitlist with a checked booking request (its start, or with
 * whole_day any slot of its day), at the calendar in force. As
 * store_waitlist_join(). */
fh_result svc_waitlist_join(struct svc *s, const struct svc_booking_request *req, bool whole_day,
                            const char *idempotency_key, const uint8_t body_sha256[32],
                            store_wait_reply_fn reply, void *reply_arg,
                            struct store_wait_result *out, char *err, size_t errlen);
/* Leaves it (store_waitlist_leave()); a place held for the entry is
 * offered to the next at once. */
fh_result svc_waitlist_leave(struct svc *s, const char *code, const char *token,
                             struct store_wait_entry *out, char *err, size_t errlen);
/* Accepts an offer of office: the place booked (store_offer_accept()), then
 * what follows a booking taken (svc_booking_create()). */
fh_result svc_offer_accept(struct svc *s, const struct sched_office *office, const char *token,
                           const char *idempotency_key, const uint8_t body_sha256[32],
                           store_reply_fn reply, void *reply_arg, struct store_create_result *out,
                           struct store_offer *offer, char *err, size_t errlen);
/* Declines an offer of office; its place is offered to the next at once. */
fh_result svc_offer_decline(struct svc *s, const struct sched_office *office, const char *token,
                            struct store_offer *offer, char *err, size_t errlen);
/* The waitlist's pass of office (NULL: every office of the configuration
 * in force): holds that expired end, and every free place is offered to
 * the first person waiting for it. Returns how many places were offered
 * (failures are logged). */
size_t svc_waitlist_pass(struct svc *s, const struct sched_office *office);

/* ---- lucky-date draws (svc_draw.c) -----------------------------------------------
 * A date whose release rule has a draw takes requests, one per couple,
 * while open; the worker commits each draw before it opens and runs it
 * when it closes (store_draw_run()). */

/* The draws' pass over the configuration in force: every draw of a day to
 * come committed; every closed one run to its end; the contact of placed
 * requests of past days forgotten. Failures are logged. */
void svc_draw_pass(struct svc *s);
/* A couple's request in the open draw of its day (store_draw_request_create()),
 * at the calendar in force. */
fh_result svc_draw_request(struct svc *s, const struct svc_booking_request *req,
                           const char *idempotency_key, const uint8_t body_sha256[32],
                           store_draw_reply_fn reply, void *reply_arg,
                           struct store_draw_result *out, char *err, size_t errlen);

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
/* ---- figures for managers -------------------------------------------------------- */

/* The longest range of figures: a year and a bit, as the scheduler lists. */
#define SVC_FIGURES_MAX_DAYS   400
#define SVC_FIGURES_MAX_WEEKS  59 /* weeks that 400 days can touch */
#define SVC_FIGURES_MAX_MONTHS 15 /* months that 400 days can touch */

/* How far ahead a booking was made, in days, as buckets. */
enum svc_lead {
    SVC_LEAD_SAME_DAY,
    SVC_LEAD_1,
    SVC_LEAD_2_3,
    SVC_LEAD_4_7,
    SVC_LEAD_8_14,
    SVC_LEAD_15_30,
    SVC_LEAD_31_90,
    SVC_LEAD_91_MORE,
    SVC_LEAD_COUNT
};
/* "same_day", "1", "2_3", ... "91_more": stable names for CSV and JSON. */
const char *svc_lead_name(enum svc_lead l);

/* Where a booking came from: the citizen's own (web), or taken by staff
 * from a phone call, a fax or at the counter (the booking's channel). */
enum svc_channel {
    SVC_CHANNEL_WEB,
    SVC_CHANNEL_PHONE,
    SVC_CHANNEL_FAX,
    SVC_CHANNEL_COUNTER,
    SVC_CHANNEL_COUNT
};
const char *svc_channel_name(enum svc_channel c); /* "web", "phone", "fax", "counter" */

/* Noon and evening: the windows whose demand is set against the staff. */
enum { SVC_FIG_NOON, SVC_FIG_EVENING, SVC_FIG_FLEX_COUNT };
/* Saturday and holiday: the windows of weddings. */
enum { SVC_FIG_SATURDAY, SVC_FIG_HOLIDAY, SVC_FIG_WEDDING_COUNT };

/* One week (Monday to Sunday) of the range; only its days inside the range
 * count. A place is one counter for one slot. */
struct svc_figures_week {
    fh_day monday;
    int offered[SCHED_WIN_NAME_COUNT]; /* places the windows of that name offered */
    int taken[SCHED_WIN_NAME_COUNT];   /* places held by bookings not cancelled */
    int no_shows, lapses, attended;    /* lapsed: not checked in within lapse_minutes */
    int booked[SVC_FIG_FLEX_COUNT];    /* noon and evening bookings */
    int staff[SVC_FIG_FLEX_COUNT];     /* staff-days on noon and evening duty (published) */
    int channels[SVC_CHANNEL_COUNT];   /* bookings by where they came from */
};

struct svc_figures_month {
    int year, month;
    int weddings[SVC_FIG_WEDDING_COUNT]; /* couples' bookings on Saturdays and holidays */
    /* Marriages taking effect on a day the office is off (a holiday, a
     * weekend: the calendar in force), counted in the month they take
     * effect, whichever window took them; and of them those filed ahead
     * with a designated date. */
    int effective_holiday, designated;
};

/* The figures of an office over first..last, as plain numbers. */
struct svc_figures {
    char office[64];
    fh_day first, last;
    struct svc_figures_week weeks[SVC_FIGURES_MAX_WEEKS];
    size_t week_count;
    struct svc_figures_month months[SVC_FIGURES_MAX_MONTHS];
    size_t month_count;
    int lead[SVC_LEAD_COUNT][SCHED_WIN_NAME_COUNT]; /* bookings by days ahead and window */
    int queries; /* SQL statements the store ran: one per store figure */
};

/* The range of figures asked for: from and to (YYYY-MM-DD, either may be
 * NULL) into *first and *last. Without from, the Monday twelve weeks before
 * this week's; without to, the Sunday four weeks after this week's. NULL,
 * or a static reason with *field naming "from" or "to" (a date that does
 * not parse, to before from, more than SVC_FIGURES_MAX_DAYS days). */
const char *svc_figures_range(fh_day today, const char *from, const char *to, fh_day *first,
                              fh_day *last, const char **field);

/* The figures of office over first..last (a range svc_figures_range()
 * accepted): offered places from the scheduler's window instances and the
 * calendar in force, the rest from one store query per chart. *out is
 * malloc'd (svc_figures_free). */
fh_result svc_figures(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                      struct svc_figures **out, char *err, size_t errlen);
void svc_figures_free(struct svc_figures *f);

/* The figures as flat rows, the same for the CSV and the JSON: chart
 * ("fill", "attendance", "demand", "lead", "weddings", "channels"), period
 * (a week's Monday YYYY-MM-DD, a month YYYY-MM, or a lead bucket's name),
 * series (a window, a channel, "no_show" ...), measure ("offered", "taken",
 * "bookings", "staff") and value. fn returns false to stop. */
typedef bool (*svc_figures_row_fn)(void *arg, const char *chart, const char *period,
                                   const char *series, const char *measure, int value);
void svc_figures_rows(const struct svc_figures *f, svc_figures_row_fn fn, void *arg);

/* ---- the satisfaction survey (svc_survey.c) -------------------------------------
 * A completed booking's holder answers once, by the link of the message
 * the completion queued (the booking's link key) or its manage token. */

/* The answers as typed: each score "1" to "5", the comment (NULL or "":
 * none). */
struct svc_survey_input {
    const char *waiting, *courtesy, *overall, *comment;
};

/* A score "1" to "5" into *out; NULL, or a static reason. */
const char *svc_survey_score(const char *s, int *out);
/* Checks every answer ("waiting", "courtesy", "overall", "comment") into
 * out (whose comment points into in); returns the number of faults, at
 * most max written. */
size_t svc_survey_check(const struct svc_survey_input *in, struct store_survey_answer *out,
                        struct svc_field_error *errors, size_t max);
/* The booking of code with token (a manage token or link key) into *b, its
 * office, and whether its survey may be answered now. FH_ENOTFOUND or
 * FH_EAUTH as store_booking_get(). */
fh_result svc_survey_state(struct svc *s, const char *code, const char *token,
                           struct store_booking *b, const struct sched_office **office,
                           enum sched_survey *state, char *err, size_t errlen);
/* Stores a checked answer; FH_EREFUSED with *why when the rule refuses
 * (answered already, not complete, closed). */
fh_result svc_survey_save(struct svc *s, const char *code, const char *token,
                          const struct store_survey_answer *a, enum sched_survey *why, char *err,
                          size_t errlen);

/* ---- rosters of the flexible duties (svc_roster.c) ------------------------------
 * A month's roster of an office as the API, the pages and `flexhours roster`
 * make, change and show it: the rules are the scheduler's; this gathers
 * their inputs (the configured staff, the bookings, the pins and bans, the
 * stored roster, compensatory balances) and stores their outputs. */

/* Compensatory time is counted over this many days back: older time no
 * longer weighs on who gets duties, nor shows in the ledger. */
#define SVC_COMP_LOOKBACK_DAYS 366
/* Months a roster may be made for. */
#define SVC_ROSTER_YEAR_MIN 2000
#define SVC_ROSTER_YEAR_MAX 2199

/* One office and month. With svc set (svc_roster_ref_init) the functions
 * below hold the calendar in force themselves and, for a change, the change
 * lock, and put the calendar a change makes in force; without (the command
 * line, or a caller already holding both) they use cal as given. */
struct svc_roster_ref {
    const struct fh_config *cfg;
    struct store *store;
    const struct sched_calendar *cal;
    const struct sched_office *office;
    int year, month;
    struct svc *svc; /* or NULL */
};
void svc_roster_ref_init(struct svc_roster_ref *ref, struct svc *s,
                         const struct sched_office *office, int year, int month);
/* NULL when s is a month a roster is made for (YYYY-MM, 2000 to 2199),
 * else a static reason. */
const char *svc_roster_month_parse(const char *s, int *year, int *month);

/* A person's part of the month. */
struct svc_roster_person {
    const char *id, *name; /* the configuration's */
    int duties, weighted, comp_minutes;
};

/* A window instance left short, and why. */
struct svc_roster_short {
    fh_day day;
    enum sched_duty duty;
    int needed, assigned;
    enum sched_short_reason reason;
    const char *service; /* the service nobody on it covers, or NULL */
};

/* A window instance of the month that needs staff. */
struct svc_roster_instance {
    fh_day day;
    enum sched_duty duty;
    int needed;
};

/* The month as shown: the stored roster, its shortfalls explained, each
 * person's share. Free with svc_roster_view_free(). */
struct svc_roster_view {
    struct store_roster stored; /* state, version, duties by day, duty, staff */
    struct svc_roster_short *shortfalls;
    size_t shortfall_count;
    struct svc_roster_person *staff; /* as configured */
    size_t staff_count;
    struct svc_roster_instance *instances; /* by day and duty */
    size_t instance_count;
    int spread; /* most minus least weighted duties */
    /* Set by generate: how fair the solver could be. */
    bool solved;
    int fair_spread, fair_bound, prefs_total, prefs_honoured;
    /* Bookings that lose their place: on FH_EREFUSED (nothing changed)
     * and after a forced publish or edit. */
    struct store_booking *bookings;
    size_t booking_count;
};
void svc_roster_view_free(struct svc_roster_view *v);

fh_result svc_roster_show(const struct svc_roster_ref *ref, struct svc_roster_view *v, char *err,
                          size_t errlen);
/* Solves the month (demand from the rules and the bookings; pins kept,
 * bans obeyed, duties set by hand kept) and saves it as the month's draft.
 * FH_ECONFLICT when published (it changes by edits only); FH_EINVAL when
 * the office has no staff or a pin breaks a hard rule. by: for the audit. */
fh_result svc_roster_generate(const struct svc_roster_ref *ref, const char *by,
                              struct svc_roster_view *v, char *err, size_t errlen);
/* Publishes the draft: from then on the places of its window instances
 * follow the staff on duty, and each person with duties and an e-mail is
 * told. Bookings that would lose their place refuse it (FH_EREFUSED, listed
 * in v->bookings) unless force. FH_ENOTFOUND without a draft, FH_ECONFLICT
 * when published already. */
fh_result svc_roster_publish(const struct svc_roster_ref *ref, bool force, const char *by,
                             struct svc_roster_view *v, char *err, size_t errlen);
/* Replaces who is on one duty of one day, checked against the hard rules
 * (FH_EINVAL; err starts "date:" or "staff:" when the input is at fault,
 * else names the rule) and, once published, the bookings there
 * (FH_EREFUSED unless force). expected_version -1 skips the version check
 * (FH_ECONFLICT when somebody changed the roster meanwhile). */
fh_result svc_roster_edit(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                          const char *const *staff, size_t staff_count, int expected_version,
                          bool force, const char *by, struct svc_roster_view *v, char *err,
                          size_t errlen);

/* Who may be put on one duty of one day: each configured person, whether
 * the hard rules let them join the people on it now, and why not. */
struct svc_roster_candidate {
    const char *id, *name;
    bool on;         /* on that duty now */
    bool allowed;    /* may be on it (those on it: may stay) */
    const char *why; /* when not allowed: the rule (English, static; fh_zh()) */
};
/* *out (malloc'd, as configured) and whether a window of that duty opens
 * that day (*open; when not, nobody is allowed). */
fh_result svc_roster_candidates(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                                struct svc_roster_candidate **out, size_t *count, bool *open,
                                char *err, size_t errlen);

/* A pin (keep the person on the duty when the month is generated again)
 * or, with forbid, a ban. FH_EINVAL ("date:", "staff:") for a day outside
 * the month or an unknown person. Audited. */
fh_result svc_roster_pin(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                         const char *staff, bool forbid, const char *by, char *err, size_t errlen);
/* FH_ENOTFOUND when there is none. */
fh_result svc_roster_unpin(const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                           const char *staff, const char *by, char *err, size_t errlen);
/* The month's pins and bans (malloc'd). */
fh_result svc_roster_pins(const struct svc_roster_ref *ref, struct store_pin **out, size_t *count,
                          char *err, size_t errlen);

/* Who is dispatched to the holiday duty of day (nobody has it yet): the
 * person named when the hard rules allow it (FH_EINVAL otherwise), or the
 * one sched_roster_pick() chooses (FH_EREFUSED when nobody may). *staff is
 * the configuration's id. Call it with ref->svc NULL, holding the change
 * lock and the calendar. */
fh_result svc_roster_holiday_staff(const struct svc_roster_ref *ref, fh_day day, const char *named,
                                   const char **staff, char *err, size_t errlen);

/* ---- compensatory time --------------------------------------------------------------
 * Earned by published duties up to today (sched_duty_comp()), each to be
 * taken by its day plus the office's comp_weeks; taken as a manager
 * records it. Both over the last SVC_COMP_LOOKBACK_DAYS. What is owed is
 * earned less taken, and taking more than that is refused. Time taken is
 * drawn from the oldest earning first; an earning whose take-by day has
 * passed with time of it still owed stays owed (the deadline binds the
 * office, which must give the time, not the person, who keeps it) and is
 * reported overdue, to be given first. */

struct svc_comp_earning {
    fh_day day;
    enum sched_duty duty;
    int minutes;
    fh_day take_by;
    int left;     /* of it still owed, the oldest earnings drawn first */
    bool overdue; /* left > 0 and take_by before today */
};

struct svc_comp_person {
    const char *id, *name;
    int earned, taken, owed;
    int overdue; /* minutes of owed time past their take-by day */
    struct svc_comp_earning *earnings;
    size_t earning_count;
    struct store_comp *taken_list;
    size_t taken_count;
};

/* The ledger of each person (only: one id, or NULL for everyone) as of
 * today. Free with svc_comp_ledger_free(). FH_EINVAL for an unknown only. */
fh_result svc_comp_ledger(const struct fh_config *cfg, struct store *st,
                          const struct sched_calendar *cal, const struct sched_office *office,
                          const char *only, fh_day today, struct svc_comp_person **out,
                          size_t *count, char *err, size_t errlen);
void svc_comp_ledger_free(struct svc_comp_person *list, size_t count);

/* Time taken, as it came (strings or NULL, minutes as given). */
struct svc_comp_input {
    const char *staff, *date, *note;
    long long minutes;
};
/* Checks a request to record time taken: NULL, or the field at fault. */
const char *svc_comp_check(const struct fh_config *cfg, const struct sched_office *office,
                           const struct svc_comp_input *in, const char **why);
/* Records time taken (checked as above: FH_EINVAL with *field set), under
 * the change lock so that two takes cannot both spend the same time:
 * FH_EREFUSED when it is more than the person is owed today (err says how
 * much is). Audited ("comp-taken", by). */
fh_result svc_comp_take(struct svc *s, const struct sched_office *office,
                        const struct svc_comp_input *in, const char *by, const char **field,
                        char *err, size_t errlen);

#endif
