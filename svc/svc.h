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
    /* How it was taken ("web", "phone", "fax", "counter"; NULL: web). Only
     * staff set another than web. */
    const char *channel;
    /* The member of staff taking it for a citizen ("user:ID", "token:NAME"),
     * or NULL for a citizen's own booking. Staff may give a landline, need
     * no e-mail or mobile, and pass the online cut-off where the office
     * allows it (staff_past_cutoff). */
    const char *by;
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
};

/* The field names in the order a form shows them. */
#define SVC_BOOKING_FIELDS                                                                         \
    "office", "service", "start", "name", "national_id", "phone", "email", "lang", "partner_name", \
        "partner_national_id", "channel"

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

/* ---- the roster's inputs -------------------------------------------------------- */

/* Compensatory time is counted over this many days back: older time no
 * longer weighs on who gets duties, nor shows in the ledger. */
#define SVC_COMP_LOOKBACK_DAYS 366

/* One office and month, with what every roster operation reads. */
struct svc_roster_month {
    const struct fh_config *cfg;
    struct store *store;
    const struct sched_calendar *cal; /* the day calendar in force */
    const struct sched_office *office;
    int year, month;
};

/* What the scheduler needs about one office and month. */
struct svc_roster_model {
    const struct sched_office *office;
    fh_day first, last;
    const struct cfg_roster *roster;
    struct sched_staff *staff; /* copies, with the balances of the month's start */
    size_t staff_count;
    struct sched_booking *bookings;
    size_t booking_count;
    struct sched_demand *demand;
    size_t demand_count;
};

/* Gathers the model of a month (FH_EINVAL for an office not configured
 * here); free it with svc_roster_model_free(). */
fh_result svc_roster_model_load(const struct svc_roster_month *ref, struct svc_roster_model *m,
                                char *err, size_t errlen);
void svc_roster_model_free(struct svc_roster_model *m);
/* The index of the demand of window instance (day, duty), or -1. */
int svc_roster_demand_index(const struct svc_roster_model *m, fh_day day, enum sched_duty duty);
/* The stored duties as the scheduler's assignments, leaving out those of
 * demand instance skip (-1: none) and those no longer meaningful (a person
 * no longer configured, a window no longer open). malloc'd. */
struct sched_assignment *svc_roster_assignments(const struct svc_roster_model *m,
                                                const struct store_roster *r, int skip,
                                                size_t *count);
/* Who is dispatched to the holiday duty of day (nobody has it yet): the
 * person named, when the hard rules allow it (FH_EINVAL, err naming the
 * rule, otherwise), or the one sched_roster_pick() chooses (FH_EREFUSED
 * when nobody may). *staff is the configuration's id. */
fh_result svc_roster_holiday_staff(const struct svc_roster_month *ref, fh_day day,
                                   const char *named, const char **staff, char *err, size_t errlen);

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

/* Which refusals are about the start a person chose (the field at fault is
 * "start"), and which are about the state of the slot or the person (409)
 * rather than about the request (422). */
bool svc_refusal_is_about_start(enum sched_refusal r);
bool svc_refusal_is_conflict(enum sched_refusal r);
/* The sentence for a refusal (English; fh_zh() gives the Chinese), saying
 * "your partner" when the partner's bookings refused it. */
const char *svc_refusal_message(enum sched_refusal r, bool partner);

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
