/* store.h: the SQLite store. Every SQL statement of flexhours lives in
 * store/. A booking is admitted inside one BEGIN IMMEDIATE transaction that
 * re-checks capacity with the scheduler's rules, and a booking acknowledged
 * to a client is on disk (WAL, synchronous=FULL).
 *
 * Thread safety: one struct store is shared by all threads; it serialises
 * writes itself. */
#ifndef STORE_H
#define STORE_H

#include "common/fh.h"
#include "scheduler/sched.h"

struct store;

/* Opens (creating and migrating as needed) the database at path. */
fh_result store_open(const char *path, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);
/* The schema version (PRAGMA user_version) after the migrations of open. */
int store_schema_version(const struct store *st);

/* Group commit. Between these two calls, on the calling thread, every write
 * of the store (a booking created, say) runs in a savepoint of one
 * transaction, and the whole group becomes durable with one fsync at
 * store_group_commit(). A write that fails rolls back its own savepoint
 * only. Nothing written in a group may be acknowledged before
 * store_group_commit() returned FH_OK; when it fails, none of the group was
 * stored. Other threads' writes wait for the group. */
fh_result store_group_begin(struct store *st, char *err, size_t errlen);
fh_result store_group_commit(struct store *st, char *err, size_t errlen);

/* ---- bookings ------------------------------------------------------------ */

enum store_status {
    STORE_PENDING, /* waits for a manager's confirmation */
    STORE_CONFIRMED,
    STORE_CANCELLED,
    STORE_CHECKED_IN,
    STORE_COMPLETED,
    STORE_NO_SHOW,
};

const char *store_status_name(enum store_status s);
/* Whether a booking in this status holds its place. */
bool store_status_active(enum store_status s);

#define STORE_CODE_LEN  8  /* booking code: no 0/O/1/I, read over the phone */
#define STORE_TOKEN_LEN 32 /* manage token: 128 random bits as lowercase hex */

struct store_booking {
    int64_t id;
    char code[STORE_CODE_LEN + 1];
    char office[64];
    char service[64];
    char window[16]; /* the window's name: regular, noon, ... */
    fh_minute start, end;
    int minutes;
    enum store_status status;
    char name[256];
    char national_id_masked[16]; /* "A12****789": the raw ID is never stored */
    char phone[20];              /* E.164 */
    char email[256];
    char lang[8];                   /* zh-TW or en */
    int sequence;                   /* iCalendar SEQUENCE: grows on every reschedule and cancel */
    int64_t created_at, updated_at; /* UTC seconds */
};

/* A validated booking request (the API has checked every field). */
struct store_new_booking {
    const char *office;
    const char *service;
    fh_minute start;
    const char *name;
    const char *national_id; /* upper case, check digit verified */
    const char *phone;       /* E.164 */
    const char *email;
    const char *lang;
    bool resident;
};

/* Builds the JSON body of the 201 answer for a new booking; the store keeps
 * it with the idempotency key so that a replay returns the very same answer.
 * Returns a malloc'd string (NULL fails the booking with FH_EINTERNAL). It
 * runs inside the write transaction, under the store's write lock: it must
 * not call the store. The stored copy is encrypted under a key derived from
 * the idempotency key, since it holds the manage token. */
typedef char *(*store_reply_fn)(const struct store_booking *b, const char *manage_token, void *arg);

struct store_create_result {
    /* On FH_OK: */
    bool replayed;                /* the idempotency key was seen with the same body */
    int http_status;              /* 201, or the status of the replayed answer */
    char *body;                   /* malloc'd JSON answer (new or replayed); caller frees */
    struct store_booking booking; /* the booking (also on a replay) */
    /* On FH_EREFUSED: */
    enum sched_refusal refusal;
};

/* Admits and stores a booking in one transaction. idempotency_key may be
 * NULL; body_sha256 is the hash of the request body it came with.
 * Returns FH_OK (created or replayed), FH_EREFUSED (refusal set: slot_full,
 * duplicate_booking, cutoff_passed, ...), FH_ECONFLICT (the key was used with
 * another body), FH_EDB. */
fh_result store_booking_create(struct store *st, const struct sched_office *office,
                               const struct sched_calendar *cal,
                               const struct store_new_booking *req, fh_minute now,
                               const char *idempotency_key, const uint8_t body_sha256[32],
                               store_reply_fn reply, void *reply_arg,
                               struct store_create_result *out, char *err, size_t errlen);

/* The key of the manage link sent in messages (lowercase hex, as long as a
 * manage token): derived from the booking code under a key kept beside the
 * database in FILE.key, so it is never stored and only this service can
 * make it. Wherever a manage token is accepted, this key is too. */
void store_link_key(const struct store *st, const char *code, char out[STORE_TOKEN_LEN + 1]);

/* Finds a booking by code and checks its manage token in constant time.
 * FH_ENOTFOUND for an unknown code, FH_EAUTH for a wrong token. A NULL
 * token skips the check (for managers). */
fh_result store_booking_get(struct store *st, const char *code, const char *token,
                            struct store_booking *out, char *err, size_t errlen);

/* Cancels (idempotent: cancelling a cancelled booking is FH_OK and changes
 * nothing). A booking that is checked in, completed or a no-show cannot be
 * cancelled: FH_ECONFLICT. As for get, a NULL token skips the check (staff
 * cancelling for a caller); FH_EAUTH for a wrong one. */
fh_result store_booking_cancel(struct store *st, const char *code, const char *token, fh_minute now,
                               struct store_booking *out, char *err, size_t errlen);

/* Moves a booking to new_start in one transaction: the new place is taken
 * and the old one released together; when the new one is refused the old
 * booking stays as it was (FH_EREFUSED with *refusal set). Only pending and
 * confirmed bookings move (else FH_ECONFLICT); the new window decides
 * whether it is pending or confirmed afterwards. A NULL token skips the
 * check, as for get; a booking of another office is FH_EINVAL. */
fh_result store_booking_reschedule(struct store *st, const struct sched_office *office,
                                   const struct sched_calendar *cal, const char *code,
                                   const char *token, fh_minute new_start, fh_minute now,
                                   struct store_booking *out, enum sched_refusal *refusal,
                                   char *err, size_t errlen);

/* Manager transitions: pending -> confirmed; confirmed -> checked_in;
 * confirmed or pending -> no_show; checked_in -> completed. Any other
 * transition is FH_ECONFLICT. updated_at comes from fh_clock_now(). */
fh_result store_booking_set_status(struct store *st, const char *code, enum store_status to,
                                   struct store_booking *out, char *err, size_t errlen);

/* A day's bookings of an office (every status), by start. *out is malloc'd. */
fh_result store_bookings_of_day(struct store *st, const char *office, fh_day day,
                                struct store_booking **out, size_t *count, char *err,
                                size_t errlen);

/* The office's active bookings with a start in [first, last] (days), sorted
 * by start, as the scheduler needs them for a slot listing. *out is malloc'd. */
fh_result store_occupancy(struct store *st, const struct sched_office *office, fh_day first,
                          fh_day last, struct sched_booking **out, size_t *count, char *err,
                          size_t errlen);

/* ---- testing -------------------------------------------------------------
 * Fault injection for tests: the n-th SQLite step from now fails with an I/O
 * error (n <= 0 turns it off). Process-wide; never called by the service. */
void store_test_fail_step(long n);

/* ---- the outbox -------------------------------------------------------------
 * Every change that people must hear about writes its messages here in the
 * same transaction as the change itself; a worker sends them later. A
 * message row names what happened (its kind) and the booking's SEQUENCE at
 * that moment; the worker builds the text from the booking as it is when it
 * sends, and drops a message that a later change has made stale. */

enum store_msg_kind {
    STORE_MSG_PENDING,     /* received, awaiting the office's confirmation */
    STORE_MSG_CONFIRMED,   /* the invite */
    STORE_MSG_RESCHEDULED, /* the invite again, higher SEQUENCE */
    STORE_MSG_CANCELLED,   /* METHOD:CANCEL */
    STORE_MSG_CLOSED,      /* cancelled because the office closed: choose another slot */
    STORE_MSG_REMINDER,
};
enum store_channel { STORE_EMAIL, STORE_SMS };
enum store_msg_status { STORE_MSG_QUEUED, STORE_MSG_SENT, STORE_MSG_FAILED, STORE_MSG_DROPPED };

const char *store_msg_kind_name(enum store_msg_kind k);
const char *store_channel_name(enum store_channel c);
const char *store_msg_status_name(enum store_msg_status s);

struct store_message {
    int64_t id;
    int64_t booking_id;
    char code[STORE_CODE_LEN + 1];
    enum store_msg_kind kind;
    enum store_channel channel;
    int sequence; /* the booking's SEQUENCE when the message was queued */
    enum store_msg_status status;
    int attempts;
    int64_t due_at, created_at, sent_at; /* UTC seconds; sent_at 0 until sent */
    char last_error[256];
};

/* When reminders fall due for new and moved bookings (default:
 * sched_reminders_default). Call before the store is shared. */
void store_set_reminders(struct store *st, const struct sched_reminders *r);

/* Queued messages due at now (UTC seconds), oldest first, at most max. */
fh_result store_outbox_due(struct store *st, int64_t now, size_t max, struct store_message **out,
                           size_t *count, char *err, size_t errlen);
/* Ends a message: sent, dropped (stale) or failed for good with error. */
fh_result store_outbox_finish(struct store *st, int64_t id, enum store_msg_status status,
                              const char *error, int64_t now, char *err, size_t errlen);
/* Counts a failed attempt and asks for another at due_at. */
fh_result store_outbox_retry_at(struct store *st, int64_t id, int64_t due_at, const char *error,
                                char *err, size_t errlen);
/* What became of one message of a pass: finished (sent, failed, dropped),
 * or still queued for another attempt at due_at. */
struct store_outbox_outcome {
    int64_t id;
    enum store_msg_status status;
    int64_t due_at;    /* for STORE_MSG_QUEUED */
    const char *error; /* or NULL */
};

/* Records the outcomes of a pass in one transaction (one fsync, however
 * many messages the pass sent). */
fh_result store_outbox_record(struct store *st, const struct store_outbox_outcome *outcomes,
                              size_t count, int64_t now, char *err, size_t errlen);

/* Messages in a status (or every status when status < 0), newest first. */
fh_result store_outbox_list(struct store *st, int status, size_t max, struct store_message **out,
                            size_t *count, char *err, size_t errlen);
/* A failed message queued again now, its attempts counted from zero.
 * FH_ENOTFOUND, or FH_ECONFLICT for a message that has not failed. */
fh_result store_outbox_requeue(struct store *st, int64_t id, int64_t now, char *err, size_t errlen);
/* The booking a message is about (no token check). */
fh_result store_booking_by_id(struct store *st, int64_t id, struct store_booking *out, char *err,
                              size_t errlen);

/* ---- the national day calendar -------------------------------------------- */

struct store_day {
    fh_day day;
    enum sched_day_type type;
    const char *name; /* or NULL */
};

/* One day whose entry an import added, changed or removed; a day without an
 * entry has the default rule's type. */
struct store_day_change {
    fh_day day;
    enum sched_day_type before, after;
    char *name_before, *name_after; /* malloc'd, or NULL */
};

struct store_calendar_diff {
    size_t added, changed, removed;
    struct store_day_change *changes; /* by date; malloc'd */
    size_t change_count;
};

void store_calendar_diff_free(struct store_calendar_diff *diff);

/* Replaces the entries of the years first_year..last_year with days (sorted,
 * all inside those years) in one transaction, and tells what changed.
 * Importing the same days again changes nothing. */
fh_result store_calendar_replace(struct store *st, int first_year, int last_year,
                                 const struct store_day *days, size_t count,
                                 struct store_calendar_diff *diff, char *err, size_t errlen);

/* Closes an office on a day in one transaction: the closure is stored and
 * every active booking of that day is cancelled, each telling its holder
 * (a "closed" message with a link to choose another slot). Closing a closed
 * day again changes nothing. *cancelled (malloc'd) lists the bookings
 * cancelled. now is office-local. */
fh_result store_close_day(struct store *st, const struct sched_office *office, fh_day day,
                          const char *reason, fh_minute now, struct store_booking **cancelled,
                          size_t *count, char *err, size_t errlen);
/* Opens a closed day again (its cancelled bookings stay cancelled);
 * FH_ENOTFOUND when it was not closed. */
fh_result store_reopen_day(struct store *st, const char *office, fh_day day, char *err,
                           size_t errlen);

/* Adds every stored day entry (and every closure) to cal. */
fh_result store_calendar_load(struct store *st, struct sched_calendar *cal, char *err,
                              size_t errlen);

/* The day calendar in force: the imported days with overrides (the
 * configuration's own entries, may be NULL) on top. st may be NULL. Returns
 * a new calendar, or NULL on a database error. */
struct sched_calendar *store_calendar_build(struct store *st,
                                            const struct sched_calendar *overrides, char *err,
                                            size_t errlen);

/* An active booking that the calendar no longer has a slot for. */
struct store_displaced {
    struct store_booking booking;
    enum sched_refusal why; /* not_a_slot, day_closed or window_suspended */
};

/* The active bookings of the offices on the given days that cal no longer
 * has a slot for, by date. *out is malloc'd. */
fh_result store_displaced(struct store *st, struct sched_office *const *offices,
                          size_t office_count, const struct sched_calendar *cal, const fh_day *days,
                          size_t day_count, struct store_displaced **out, size_t *count, char *err,
                          size_t errlen);

#endif
