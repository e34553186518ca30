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

/* Opens (creating and migrating as needed) the database at path, with its
 * key file beside it (PATH.key). */
fh_result store_open(const char *path, struct store **out, char *err, size_t errlen);
/* The same with the key file named (NULL: PATH.key). The key file holds the
 * keys of the personal data in the database (docs/store.md): it is created
 * with mode 0600 on a first start and refused when others may read it. The
 * database, its -wal and -shm are made mode 0600 too (a wider mode found is
 * narrowed, with a warning). */
fh_result store_open_keyed(const char *path, const char *key_file, struct store **out, char *err,
                           size_t errlen);
void store_close(struct store *st);
/* Checkpoints the store's own thread has run (the WAL copied into the
 * database off the writer's path); 0 for ":memory:". */
unsigned long store_checkpoints(const struct store *st);
/* The schema version (PRAGMA user_version) after the migrations of open. */
int store_schema_version(const struct store *st);

/* Whether the store can serve now: a read of the data and a durable write
 * (a probe, committed); FH_EDB or FH_EBUSY with the reason (a damaged file,
 * a full or read-only disk) otherwise. For a readiness check. */
fh_result store_ready(struct store *st, char *err, size_t errlen);
/* SQLite's quick integrity check of the whole file (at start). */
fh_result store_quick_check(struct store *st, char *err, size_t errlen);

/* Whether another process (a `flexhours` command run beside the server)
 * has committed to the database since the last call: a server then puts
 * the calendar, closures and rosters of the database in force again. Not
 * to be called inside a group. */
bool store_changed_elsewhere(struct store *st);

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
    /* Confirmed, and nobody checked it in within the office's lapse_minutes
     * of its start: the citizen takes a queue number. Set by the system's
     * lapse pass; it no longer holds its place. */
    STORE_LAPSED,
};

const char *store_status_name(enum store_status s);
/* Whether a booking in this status holds its place. */
bool store_status_active(enum store_status s);

#define STORE_CODE_LEN 8 /* booking code: no 0/O/1/I, read over the phone */

/* How a booking was taken: a citizen's own on the pages or the API (web),
 * or by staff on a citizen's behalf. */
enum store_booking_channel {
    STORE_CHANNEL_WEB,
    STORE_CHANNEL_PHONE,
    STORE_CHANNEL_FAX,
    STORE_CHANNEL_COUNTER,
};
#define STORE_CHANNEL_COUNT 4
const char *store_booking_channel_name(enum store_booking_channel c); /* "web", "phone", ... */
/* FH_OK and *out for a channel's name; FH_EINVAL otherwise. */
fh_result store_booking_channel_parse(const char *s, enum store_booking_channel *out);
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
    /* The personal fields are sealed in the row (AES-256-GCM under a key of
     * the key file) and come back here in plain text; all "" once erased. */
    char name[404];              /* up to 100 characters of UTF-8 */
    char national_id_masked[16]; /* "A******789": the raw ID is never stored */
    /* A couple's booking (a couple service) names the partner too; "" when not. */
    char partner_name[404];
    char partner_national_id_masked[16]; /* masked like the holder's */
    char phone[20];                      /* E.164 (a landline may end "#EXT") */
    char email[256];
    char lang[8]; /* zh-TW or en */
    enum store_booking_channel channel;
    int sequence;                   /* iCalendar SEQUENCE: grows on every reschedule and cancel */
    int64_t created_at, updated_at; /* UTC seconds */
    int64_t erased_at;              /* UTC seconds its personal data was erased; 0: not */
    bool resident; /* the holder claimed to live in the district (the counter checks) */
    /* What the counter should prepare: sealed with the personal fields
     * (they tell of a person's health), none once erased. */
    struct sched_needs needs;
    /* A marriage filed ahead: the date it takes effect (office-local), or
     * FH_NO_DAY: on the day of the booking, as every other booking. */
    fh_day effective_day;
};

/* A validated booking request (the API has checked every field). */
struct store_new_booking {
    const char *office;
    const char *service;
    fh_minute start;
    const char *name;
    const char *national_id; /* upper case, check digit verified */
    /* The partner of a couple booking, or both NULL: the ID checked like
     * national_id, the name valid UTF-8. */
    const char *partner_name;
    const char *partner_national_id;
    const char *phone; /* E.164: a mobile, or for staff a landline (val_any_phone) */
    const char *email;
    const char *lang;
    bool resident;
    struct sched_needs needs;
    enum store_booking_channel channel;
    /* The member of staff who took it on the citizen's behalf ("user:ID",
     * "token:NAME"), or NULL for a citizen's own booking. A staff booking
     * may pass the online cut-off where the office allows it, and is
     * audited ("booking-created") in its transaction. */
    const char *by;
    /* A couple's service filed ahead of the date it takes effect: the
     * admission checks the span (sched_effective_check()). */
    bool designated;
    fh_day effective_day;
    /* Placed by the date's draw (store_draw_run()): admitted at the
     * draw's close, before the date's release. */
    bool drawn;
};

/* Builds the JSON body of the 201 answer for a new booking; the store keeps
 * it with the idempotency key so that a replay returns the very same answer.
 * Returns a malloc'd string (NULL fails the booking with FH_EINTERNAL). It
 * runs inside the write transaction, under the store's write lock: it must
 * not call the store. The stored copy is sealed (AES-256-GCM) under a key
 * derived from the idempotency key, since it holds the manage token. */
typedef char *(*store_reply_fn)(const struct store_booking *b, const char *manage_token, void *arg);

struct store_create_result {
    /* On FH_OK: */
    bool replayed;                /* the idempotency key was seen with the same body */
    int http_status;              /* 201, or the status of the replayed answer */
    char *body;                   /* malloc'd JSON answer (new or replayed); caller frees */
    struct store_booking booking; /* the booking (also on a replay) */
    /* On FH_EREFUSED: */
    enum sched_refusal refusal;
    int effective;          /* SCHED_EFFECTIVE_DATE: why (enum sched_effective) */
    bool partner_refused;   /* the refusal is due to the partner's bookings */
    fh_day suspended_until; /* SCHED_SUSPENDED: the first day booking online opens again */
};

/* Admits and stores a booking in one transaction. idempotency_key may be
 * NULL; body_sha256 is the hash of the request body it came with. A
 * partner is admitted with the holder (the limits of both) and stored
 * like the holder: keyed hash and mask. Returns FH_OK (created or
 * replayed), FH_EREFUSED (refusal set: slot_full, duplicate_booking,
 * cutoff_passed, ...; partner_refused when the partner's bookings refused
 * it), FH_ECONFLICT (the key was used with another body, or its stored
 * answer no longer opens: one stored by an older flexhours, until it
 * expires; err says which), FH_EINVAL (a field, naming it: a partner for a
 * service that is not a couple's, or the holder as their own partner),
 * FH_EDB. */
fh_result store_booking_create(struct store *st, const struct sched_office *office,
                               const struct sched_calendar *cal,
                               const struct store_new_booking *req, fh_minute now,
                               const char *idempotency_key, const uint8_t body_sha256[32],
                               store_reply_fn reply, void *reply_arg,
                               struct store_create_result *out, char *err, size_t errlen);

/* The key of the manage link sent in messages (lowercase hex, as long as a
 * manage token): derived from the booking code and its link generation
 * under the current key of the key file, so it is never stored and only
 * this service can make it. Wherever a manage token is accepted, this key
 * is too, made under any key id the key file still holds (links sent
 * before a rotation keep working), but only at the current generation
 * (store_link_revoke()). The same function keys the feeds: code may be a
 * subject label instead ("bookings-feed:OFFICE", the office's bookings
 * feed). Reads the generation from the database; should that fail, out is
 * a key nothing accepts. */
void store_link_key(const struct store *st, const char *code, char out[STORE_TOKEN_LEN + 1]);
/* Whether given is the key of subject (a code or a label, as for
 * store_link_key()) at its current generation under any key id held, in
 * constant time: for the feeds, whose keys are checked outside the store. */
bool store_link_key_matches(const struct store *st, const char *subject, const char *given);
/* Revokes the link key of subject (a booking code, "duty-feed:OFFICE:STAFF"
 * or "bookings-feed:OFFICE"): its generation grows, so keys made before
 * are refused and new ones differ. *generation (may be NULL) gets the new
 * one. A booking code must be a booking's (FH_ENOTFOUND). Audited. */
fh_result store_link_revoke(struct store *st, const char *subject, int *generation, char *err,
                            size_t errlen);
/* A 32-byte key for label (a purpose of the service's own, such as the
 * pages' form tokens), derived from the current key of the key file:
 * stable across restarts (until a rotation), never stored, different for
 * every label. */
void store_derive_key(const struct store *st, const char *label, uint8_t out[32]);
/* The key of a person's duty feed, made the same way under the subject
 * "duty-feed:OFFICE:STAFF" (revoked with store_link_revoke()). */
void store_duty_feed_key(const struct store *st, const char *office, const char *staff,
                         char out[STORE_TOKEN_LEN + 1]);

/* ---- the key file: rotation --------------------------------------------------
 * The key file holds the person key and numbered keys, one current (it
 * seals new personal data and makes new links); the others stay to open
 * what they sealed and to check links made under them. */

struct store_key_info {
    int id;
    bool current;
    int64_t rows; /* bookings whose personal data it seals */
};

/* The key ids of the key file, by id. *out is malloc'd. */
fh_result store_keys_list(struct store *st, struct store_key_info **out, size_t *count, char *err,
                          size_t errlen);
/* Adds a new random key to the key file (rewritten whole, mode 0600) and
 * makes it current, for this store at once and for every process that
 * opens the file later. *id gets the new key id. */
fh_result store_keys_rotate(struct store *st, int *id, char *err, size_t errlen);
/* Seals again under the current key the personal data of every booking
 * sealed under another, in transactions of a few hundred rows; *count gets
 * how many. */
fh_result store_keys_reseal(struct store *st, size_t *count, char *err, size_t errlen);
/* Removes key id from the key file: FH_ECONFLICT while it is current or a
 * booking's personal data is still sealed under it (store_keys_reseal()
 * first), FH_ENOTFOUND when the file has no such id. Links and feed keys
 * made under it stop working. */
fh_result store_keys_retire(struct store *st, int id, char *err, size_t errlen);

/* Finds a booking by code and checks its manage token in constant time.
 * FH_ENOTFOUND for an unknown code, FH_EAUTH for a wrong token. A NULL
 * token skips the check (for managers). */
fh_result store_booking_get(struct store *st, const char *code, const char *token,
                            struct store_booking *out, char *err, size_t errlen);

/* "Find my booking": the booking with code (whatever its status) whose
 * holder or partner has national_id (upper-cased here). FH_ENOTFOUND for
 * an unknown code and for a wrong ID alike, after the same work: the
 * person key computed, then compared in constant time with the holder's
 * and the partner's, or with keys nobody has. */
fh_result store_booking_find(struct store *st, const char *code, const char *national_id,
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
 * whether it is pending or confirmed afterwards. Moving it to its own start
 * is FH_OK and changes nothing (no new SEQUENCE, no message). A NULL token
 * skips the check, as for get; a booking of another office is FH_EINVAL. */
fh_result store_booking_reschedule(struct store *st, const struct sched_office *office,
                                   const struct sched_calendar *cal, const char *code,
                                   const char *token, fh_minute new_start, fh_minute now,
                                   struct store_booking *out, enum sched_refusal *refusal,
                                   char *err, size_t errlen);

/* Manager transitions: pending -> confirmed; confirmed -> checked_in;
 * confirmed, pending or lapsed -> no_show; checked_in -> completed; confirmed ->
 * lapsed (the system's, see store_bookings_lapse()). Any other
 * transition is FH_ECONFLICT. updated_at comes from fh_clock_now(). by
 * names who did it ("user:ID", "token:NAME"): the audit record is written
 * in the same transaction. */
fh_result store_booking_set_status(struct store *st, const char *code, enum store_status to,
                                   const char *by, struct store_booking *out, char *err,
                                   size_t errlen);

/* store_booking_set_status() for a booking of office: a no-show mark
 * queues, in its transaction, the no-show warning to the holder when it
 * leaves them one miss away from a suspension under the office's
 * no_show_policy (*warned, may be NULL, says so). */
fh_result store_booking_set_status_at(struct store *st, const struct sched_office *office,
                                      const char *code, enum store_status to, const char *by,
                                      struct store_booking *out, bool *warned, char *err,
                                      size_t errlen);

/* ---- the waitlist ------------------------------------------------------------
 * A person waits for a full slot, or any slot of a full day, of a service
 * (migration 16). A place freed is offered to the first person waiting
 * whom the booking's rules still admit (sched_waitlist_check()): the offer
 * holds the place, counted in the kept occupancy (store_occupancy()) so
 * that no listing shows it free and no admission gives it again, until it
 * is accepted (booked in the transaction that ends the hold), declined, or
 * expires (store_waitlist_pass()), when it passes to the next. */

enum store_wait_status {
    STORE_WAIT_WAITING,
    STORE_WAIT_OFFERED, /* a place is held for them now */
    STORE_WAIT_BOOKED,  /* they accepted an offer */
    STORE_WAIT_LEFT,    /* they left the waitlist */
    STORE_WAIT_DECLINED,
    STORE_WAIT_EXPIRED, /* they let an offer's hold expire */
    STORE_WAIT_OVER,    /* what they waited for has passed (or its cut-off) */
};
const char *store_wait_status_name(enum store_wait_status s);

enum store_offer_status {
    STORE_OFFER_HELD,
    STORE_OFFER_ACCEPTED,
    STORE_OFFER_DECLINED,
    STORE_OFFER_EXPIRED,
    STORE_OFFER_WITHDRAWN, /* its person left the waitlist while it was held */
};
const char *store_offer_status_name(enum store_offer_status s);

struct store_wait_entry {
    int64_t id;
    char code[STORE_CODE_LEN + 1];
    char office[64];
    char service[64];
    fh_day day;
    fh_minute start; /* SCHED_NEVER: any slot of the day */
    enum store_wait_status status;
    /* The sealed contact, opened; all "" once the person no longer waits. */
    char name[404];
    char national_id_masked[16];
    char phone[20];
    char email[256];
    char partner_name[404]; /* a couple's: the partner, "" when none */
    char partner_national_id_masked[16];
    char lang[8];
    int position;       /* 1: the next to be offered a place; 0 when not waiting */
    int64_t booking_id; /* the booking an accepted offer made, or 0 */
    int64_t created_at; /* UTC seconds */
};

struct store_offer {
    int64_t id, entry_id;
    char code[STORE_CODE_LEN + 1];
    char office[64];
    char service[64];
    char window[16];
    fh_minute start, end; /* office-local */
    int minutes;
    enum store_offer_status status;
    int64_t expires_at, created_at; /* UTC seconds */
    int64_t booking_id;             /* accepted: the booking made */
};

/* The answer to a join, built inside the transaction and kept for replays
 * of the same Idempotency-Key (sealed: it holds the entry's token). */
typedef char *(*store_wait_reply_fn)(const struct store_wait_entry *e, const char *token,
                                     void *arg);

struct store_wait_result {
    bool replayed;
    int http_status;
    char *body; /* malloc'd; caller frees */
    struct store_wait_entry entry;
    /* FH_EREFUSED: */
    enum sched_refusal refusal;
    bool partner_refused;
    fh_day suspended_until;
    /* FH_ECONFLICT with places_left: a place is free at free_start, to
     * book instead; without it, the person already waits for it (code). */
    bool places_left;
    fh_minute free_start;
    char waiting_code[STORE_CODE_LEN + 1];
};

/* Joins the waitlist of req->start (whole_day false) or of any slot of
 * fh_day_of(req->start) (whole_day true) with req's contact, in one write
 * transaction, after the booking's own checks (store_booking_create()'s
 * fields; the limits, suspension and cut-off by sched_waitlist_check()):
 * FH_OK (created, 201, or replayed), FH_EREFUSED (refusal set),
 * FH_ECONFLICT (a place is free: places_left; or the person already waits
 * for it; or the key was used with another body, err says), FH_EINVAL. */
fh_result store_waitlist_join(struct store *st, const struct sched_office *office,
                              const struct sched_calendar *cal, const struct store_new_booking *req,
                              bool whole_day, fh_minute now, const char *idempotency_key,
                              const uint8_t body_sha256[32], store_wait_reply_fn reply,
                              void *reply_arg, struct store_wait_result *out, char *err,
                              size_t errlen);

/* An entry by code and token (FH_ENOTFOUND for either wrong, after the
 * same work), with its position; *offer (may be NULL) gets its latest
 * offer and *has_offer whether there is one. */
fh_result store_waitlist_get(struct store *st, const char *code, const char *token,
                             struct store_wait_entry *out, struct store_offer *offer,
                             bool *has_offer, char *err, size_t errlen);

/* Leaves the waitlist (idempotent for an entry already left); a place held
 * for the entry is released (its offer withdrawn). FH_ECONFLICT for an
 * entry that booked, declined, expired or is over. */
fh_result store_waitlist_leave(struct store *st, const char *code, const char *token,
                               int64_t now_utc, struct store_wait_entry *out, char *err,
                               size_t errlen);

/* An offer and its entry by the offer's token (FH_ENOTFOUND). */
fh_result store_offer_get(struct store *st, const char *token, struct store_offer *offer,
                          struct store_wait_entry *entry, char *err, size_t errlen);

/* The token of an offer's link, derived from its code under a key of the
 * key file (never stored: the row keeps its SHA-256). */
void store_offer_token(const struct store *st, const char *code, char out[STORE_TOKEN_LEN + 1]);

/* Accepts a held offer: the hold ends and the place is booked, with the
 * entry's contact and the booking's admission, in one transaction
 * (store_booking_create()'s results and reply; an Idempotency-Key replays).
 * FH_ENOTFOUND (no such offer), FH_ECONFLICT (not held: err names its
 * status; or expired at now_utc), FH_EREFUSED (the admission refused; the
 * hold stays). */
fh_result store_offer_accept(struct store *st, const struct sched_office *office,
                             const struct sched_calendar *cal, const char *token, fh_minute now,
                             const char *idempotency_key, const uint8_t body_sha256[32],
                             store_reply_fn reply, void *reply_arg, struct store_create_result *out,
                             struct store_offer *offer, char *err, size_t errlen);

/* Declines a held offer: the place is released for the next person.
 * Declining a declined offer is FH_OK; any other status FH_ECONFLICT. */
fh_result store_offer_decline(struct store *st, const char *token, int64_t now_utc,
                              struct store_offer *offer, char *err, size_t errlen);

/* What one pass of the waitlist did at an office. */
struct store_wait_pass {
    size_t expired; /* holds that expired */
    size_t offered; /* places offered (and held) */
    size_t over;    /* entries ended: their time or cut-off passed */
};

/* The waitlist's pass at office, in one write transaction: expired holds
 * end (their entry too), entries of past days end, and every free place
 * is offered to the first person waiting for it whom the rules admit, its
 * messages queued (e-mail; SMS only when sched_offer_sms_allowed(): a
 * person with neither is passed over for now). now is office-local. */
fh_result store_waitlist_pass(struct store *st, const struct sched_office *office,
                              const struct sched_calendar *cal, fh_minute now,
                              struct store_wait_pass *out, char *err, size_t errlen);

/* ---- lucky-date draws ------------------------------------------------------
 * A date whose release rule has a draw (sched_draw_phase()) takes requests,
 * one per couple, while open; the draw is committed before it opens (the
 * SHA-256 of a random seed published), ranks the requests when it closes
 * (sched_draw_rank(), the seed revealed), books them in rank order (each
 * at the time asked for, else the nearest time left that day) and puts
 * the rest on the day's waitlist, telling each. (migration 19) */

enum store_draw_outcome {
    STORE_DRAW_PENDING, /* not drawn yet */
    STORE_DRAW_BOOKED,  /* given a place: booking_id */
    STORE_DRAW_WAITING, /* no place left: on the day's waitlist (wait_id) */
    STORE_DRAW_REFUSED, /* the booking's rules refused it (refusal) */
};
const char *store_draw_outcome_name(enum store_draw_outcome o);

struct store_draw {
    int64_t id;
    char code[STORE_CODE_LEN + 1];
    char office[64];
    fh_day day;
    char commitment[65];                     /* the seed's SHA-256, lowercase hex */
    char seed[65];                           /* the seed in hex once drawn; "" before */
    int64_t committed_at, drawn_at, done_at; /* UTC seconds; 0: not yet */
    size_t requests;
};

struct store_draw_request {
    int64_t id, draw_id;
    char number[STORE_CODE_LEN + 1]; /* public: listed with the draw's outcome */
    char office[64];
    fh_day day;
    char service[64];
    fh_minute start; /* the time asked for */
    bool resident;
    int rank; /* 1: drawn first; 0 before the draw */
    enum store_draw_outcome outcome;
    char refusal[40]; /* refused: sched_refusal_code() */
    int64_t booking_id, wait_id;
    int64_t created_at;
    /* The contact, opened (store_draw_request_get(), for messages); all ""
     * in lists and once the request is placed. */
    char name[404];
    char national_id_masked[16];
    char partner_name[404];
    char partner_national_id_masked[16];
    char phone[20];
    char email[256];
    char lang[8];
};

/* The draw of office's day, made now if it is not yet (a fresh random seed,
 * sealed; its commitment kept): FH_OK and *out. */
fh_result store_draw_commit(struct store *st, const char *office, fh_day day, int64_t now_utc,
                            struct store_draw *out, char *err, size_t errlen);
/* The draw of office's day: FH_OK, or FH_ENOTFOUND when not committed. */
fh_result store_draw_get(struct store *st, const char *office, fh_day day, struct store_draw *out,
                         char *err, size_t errlen);
/* The requests of a draw in rank order (by number before the draw), without
 * their contact. *out is malloc'd. */
fh_result store_draw_requests(struct store *st, int64_t draw_id, struct store_draw_request **out,
                              size_t *count, char *err, size_t errlen);

/* The answer to a draw request, built inside the transaction and kept for
 * replays of the same Idempotency-Key (sealed: it holds the token). */
typedef char *(*store_draw_reply_fn)(const struct store_draw_request *r, const char *token,
                                     void *arg);

struct store_draw_result {
    bool replayed;
    int http_status;
    char *body; /* malloc'd; caller frees */
    struct store_draw_request request;
    /* FH_EREFUSED: */
    enum sched_refusal refusal;
    bool partner_refused;
    fh_day suspended_until;
    /* FH_ECONFLICT "already_requested": the number of the couple's request */
    char requested_number[STORE_CODE_LEN + 1];
};

/* A couple's request in the open draw of fh_day_of(req->start), in one
 * write transaction: req's fields checked as a booking's; the draw open at
 * now (else FH_ECONFLICT "draw_not_open"); neither person with a request
 * in it already (FH_ECONFLICT "already_requested"); the booking's rules
 * that do not depend on places (sched_admit() at the draw's close, as if
 * no place were taken: not a slot, suspended, limits, residents) else
 * FH_EREFUSED. FH_OK (201 or replayed). */
fh_result store_draw_request_create(struct store *st, const struct sched_office *office,
                                    const struct sched_calendar *cal,
                                    const struct store_new_booking *req, fh_minute now,
                                    const char *idempotency_key, const uint8_t body_sha256[32],
                                    store_draw_reply_fn reply, void *reply_arg,
                                    struct store_draw_result *out, char *err, size_t errlen);
/* A request by number and token (FH_ENOTFOUND for either wrong), its
 * contact opened while it is pending. token NULL: no check (messages). */
fh_result store_draw_request_get(struct store *st, const char *number, const char *token,
                                 struct store_draw_request *out, char *err, size_t errlen);
fh_result store_draw_request_by_id(struct store *st, int64_t id, struct store_draw_request *out,
                                   char *err, size_t errlen);

/* The token of a request's status link, derived from its number under a
 * key of the key file (never stored: the row keeps its SHA-256). */
void store_draw_token(const struct store *st, const char *number, char out[STORE_TOKEN_LEN + 1]);

/* Forgets the contact of office's placed requests of days before day (their
 * messages have gone; the booking or waitlist entry keeps its own). */
fh_result store_draw_forget(struct store *st, const char *office, fh_day day, char *err,
                            size_t errlen);

/* What one step of a draw did. */
struct store_draw_pass {
    bool drawn_now; /* the requests were ranked (and the seed revealed) in this call */
    size_t booked, waiting, refused;
    bool done; /* every request placed */
};

/* The draw of office's day once closed at now (office-local): ranks the
 * requests (one transaction) if not yet, then places up to max pending
 * ones in rank order (one transaction): each booked at its time, else at
 * the nearest time of the day with a place, else on the day's waitlist,
 * else refused; the last step marks the draw done. FH_ENOTFOUND when the
 * day has no committed draw; FH_ECONFLICT while it is still open. */
fh_result store_draw_run(struct store *st, const struct sched_office *office,
                         const struct sched_calendar *cal, fh_day day, fh_minute now, size_t max,
                         struct store_draw_pass *out, char *err, size_t errlen);

/* The entries of an office's day (every status), in the order they
 * joined, with positions. *out is malloc'd. */
fh_result store_waitlist_of_day(struct store *st, const char *office, fh_day day,
                                struct store_wait_entry **out, size_t *count, char *err,
                                size_t errlen);

/* An offer's message: the offer, and its entry with the contact. */
fh_result store_offer_for_message(struct store *st, int64_t offer_id, struct store_offer *offer,
                                  struct store_wait_entry *entry, char *err, size_t errlen);

/* ---- suspensions for no-shows ---------------------------------------------- */

/* A person whose online booking at an office is suspended now. */
struct store_suspension {
    char national_id_masked[16];
    /* Their latest missed booking: what a page's lift names (with partner,
     * whether the person is that booking's partner). */
    char code[STORE_CODE_LEN + 1];
    bool partner;
    fh_day until;   /* the first day they may book online again */
    fh_minute last; /* the latest miss's start */
};

/* The people suspended at office at now (office-local), the latest miss
 * first. *out is malloc'd. */
fh_result store_suspensions_list(struct store *st, const struct sched_office *office, fh_minute now,
                                 struct store_suspension **out, size_t *count, char *err,
                                 size_t errlen);

/* Lifts the suspension at office of the person with national_id, or (when
 * national_id is NULL) of the holder of booking code, or its partner with
 * partner: the misses before now no longer count. Audited
 * ("suspension-lifted", naming the latest missed booking, never the
 * person) in the same transaction, with reason (may be NULL). FH_ENOTFOUND
 * for an unknown booking of the office; FH_ECONFLICT when the person is not
 * suspended (nothing is written). *until gets the end the suspension had. */
fh_result store_suspension_lift(struct store *st, const struct sched_office *office,
                                const char *national_id, const char *code, bool partner,
                                const char *by, const char *reason, fh_minute now, fh_day *until,
                                char *err, size_t errlen);

/* Lapses, in one transaction, every confirmed booking of the office that
 * started at or before latest_start (sched_lapse_latest_start(): nobody
 * checked it in within the office's lapse minutes), each audited as
 * "booking-lapsed" by "system"; its queued reminders are dropped. *count
 * gets how many; *codes (may be NULL; malloc'd, STORE_CODE_LEN + 1 each)
 * lists them. */
fh_result store_bookings_lapse(struct store *st, const char *office, fh_minute latest_start,
                               int64_t now_utc, size_t *count, char (**codes)[STORE_CODE_LEN + 1],
                               char *err, size_t errlen);

/* The office's pending bookings from day first on (every window), by
 * start. *out is malloc'd. */
fh_result store_bookings_pending(struct store *st, const char *office, fh_day first,
                                 struct store_booking **out, size_t *count, char *err,
                                 size_t errlen);

/* A day's bookings of an office (every status), by start. *out is malloc'd. */
fh_result store_bookings_of_day(struct store *st, const char *office, fh_day day,
                                struct store_booking **out, size_t *count, char *err,
                                size_t errlen);

/* The places the office's active bookings take on days first..last, as
 * the scheduler counts them for a slot listing or a roster's demand: one
 * entry per start, length and service, its places the bookings there
 * (struct sched_booking's weight), sorted by start. Read from the counts
 * the store keeps with every change of a booking, not from the bookings:
 * its cost follows the slots taken, not the bookings. No entry names a
 * person (person and partner are 0). *out is malloc'd. */
fh_result store_occupancy(struct store *st, const struct sched_office *office, fh_day first,
                          fh_day last, struct sched_booking **out, size_t *count, char *err,
                          size_t errlen);

/* One key of the kept counts whose places differ from a recount. */
struct store_occupancy_diff {
    char office[64];
    char service[64];
    fh_day day;
    fh_minute start; /* office-local */
    int minutes;
    long kept;    /* places the kept counts hold */
    long counted; /* active bookings found by the recount */
};

/* What a recount found. */
struct store_occupancy_recount {
    size_t keys;                        /* keys taken (by either count) */
    long places;                        /* active bookings counted */
    struct store_occupancy_diff *diffs; /* malloc'd, by office, day, start; NULL when none */
    size_t diff_count;
};

/* Recounts the places active bookings take, from the bookings themselves,
 * and compares them with the counts the store keeps (store_occupancy()):
 * both read in one snapshot, so a server may be writing beside. FH_OK with
 * out->diff_count 0 when they agree. Reads every booking: for `flexhours
 * check`, not for a request's path. Free out->diffs. */
fh_result store_occupancy_recount(struct store *st, struct store_occupancy_recount *out, char *err,
                                  size_t errlen);

/* ---- personal data: retention and erasure -----------------------------------
 * Erasing a booking's personal data clears its sealed fields (name, masked
 * IDs, phone, e-mail, partner) and its person keys, deletes its queued
 * messages, the error texts of its other messages and its idempotency
 * answer (a retry of the request is then refused: FH_ECONFLICT), and sets
 * erased_at. What the figures need stays: office,
 * service, window, times, status, sequence, language, residency. */

/* What the audit hook hears: never personal data, a booking code at most. */
struct store_audit_event {
    const char *action;  /* "erase", "erase-partner", "erase-retention", "link-revoked",
                          * "key-rotated", "key-retired" */
    const char *code;    /* the booking, or NULL */
    const char *subject; /* a revoked feed's label, or NULL */
    size_t count;        /* bookings concerned (erase-retention), else 1 */
    const char *by;      /* who asked: "retention", "cli", "api", or the caller's word */
};
/* Called after the change committed, on the thread that made it; it must
 * not call the store. The default (fn NULL) logs the event through
 * fh_log(). The hook of the audit trail to come. Call before the store is
 * shared. */
typedef void (*store_audit_fn)(void *arg, const struct store_audit_event *e);
void store_set_audit(struct store *st, store_audit_fn fn, void *arg);

/* Erases the personal data of the bookings that ended more than
 * retention_days before now_utc (UTC seconds), in small transactions that
 * leave the write lock free half the time; *count gets how many. max > 0
 * stops after about max (whole transactions: *count >= max says more may
 * be left), 0 erases all. Audited as one event a call. */
fh_result store_erase_expired(struct store *st, int64_t now_utc, int retention_days, size_t max,
                              size_t *count, char *err, size_t errlen);

/* What one erasure on request did to a booking. */
struct store_erased {
    char code[STORE_CODE_LEN + 1];
    bool partner_only; /* the person was its partner: only the partner's data went */
    bool cancelled;    /* it was still ahead (pending or confirmed): cancelled, nobody told */
};

/* Erases, on the request of the person, the personal data of one booking
 * (all of it, holder and partner), cancelling it when it is still ahead.
 * FH_ENOTFOUND for an unknown code; erasing an erased booking again is
 * FH_OK. by names who asked, for the audit. now_utc is UTC seconds. */
fh_result store_erase_booking(struct store *st, const char *code, int64_t now_utc, const char *by,
                              struct store_erased *out, char *err, size_t errlen);
/* Erases the personal data of one person (個資法 request) in one
 * transaction: every booking where they are the holder as
 * store_erase_booking() does, and where they are the partner, the
 * partner's name, masked ID and person key only. *out (malloc'd, may be
 * empty) lists the bookings. */
fh_result store_erase_person(struct store *st, const char *national_id, int64_t now_utc,
                             const char *by, struct store_erased **out, size_t *count, char *err,
                             size_t errlen);

/* ---- staff accounts, sessions and the audit trail -----------------------------
 * The people who sign in to the manager pages (/admin/): a manager manages
 * everything of their offices, a counter the day board and phone bookings
 * of theirs. The store keeps a password only as the text of
 * fh_password_hash() and a session only as the SHA-256 of its cookie.
 * Every change by a person or a manager's token writes an audit record in
 * the transaction of the change itself: a change that fails leaves none. */

enum store_role { STORE_ROLE_MANAGER, STORE_ROLE_COUNTER };
const char *store_role_name(enum store_role r); /* "manager", "counter" */
/* FH_OK and *out for "manager" or "counter"; FH_EINVAL otherwise. */
fh_result store_role_parse(const char *s, enum store_role *out);

#define STORE_USER_ID_LEN 32  /* [a-z0-9_.-], 1 to 32 */
#define STORE_OFFICES_LEN 256 /* "*" (every office) or ids joined by ',' */
#define STORE_WHO_LEN     72  /* "user:ID", "token:NAME", "cli" */

struct store_user {
    char id[STORE_USER_ID_LEN + 1];
    char name[128]; /* as shown on the pages; UTF-8 */
    enum store_role role;
    char offices[STORE_OFFICES_LEN];
    bool disabled;
    int64_t created_at, updated_at; /* UTC seconds */
};

/* NULL when id is a user id this store takes, else a static reason. */
const char *store_user_id_check(const char *id);
/* Whether office is among offices ("*" holds every office). */
bool store_offices_include(const char *offices, const char *office);

/* Adds a user with a password hash (fh_password_hash()); FH_ECONFLICT when
 * the id is taken, FH_EINVAL for a bad id, name or offices. by is who did
 * it (for the audit record). now is UTC seconds. */
fh_result store_user_add(struct store *st, const struct store_user *u, const char *password_hash,
                         const char *by, int64_t now, char *err, size_t errlen);
/* The user (disabled ones too) and, when hash is not NULL, its password
 * hash (FH_PASSWORD_HASH_LEN bytes). FH_ENOTFOUND for an unknown id. */
fh_result store_user_get(struct store *st, const char *id, struct store_user *out, char *hash,
                         char *err, size_t errlen);
/* Every user, by id. *out is malloc'd. */
fh_result store_user_list(struct store *st, struct store_user **out, size_t *count, char *err,
                          size_t errlen);
/* A new password (and the account enabled again); the user's sessions end
 * and the lock-out is cleared. FH_ENOTFOUND for an unknown id. */
fh_result store_user_set_password(struct store *st, const char *id, const char *password_hash,
                                  const char *by, int64_t now, char *err, size_t errlen);
/* Disables an account: its sessions end at once. */
fh_result store_user_disable(struct store *st, const char *id, const char *by, int64_t now,
                             char *err, size_t errlen);

/* Failed sign-ins, counted by the name typed (kept only as its SHA-256, so
 * a password typed into the name field is never stored readable), known
 * user or not. *count gets the failures at or after since, *last the time
 * of the latest (0: none). */
fh_result store_signin_failures(struct store *st, const char *name, int64_t since, int *count,
                                int64_t *last, char *err, size_t errlen);
/* Records a failure at now; failures older than a day are forgotten. */
fh_result store_signin_failed(struct store *st, const char *name, int64_t now, char *err,
                              size_t errlen);

/* A signed-in session: the SHA-256 of its cookie, never the cookie. */
#define STORE_SESSION_HASH_LEN 32
/* Starts a session of user at now (an audited "signin"); clears the
 * user's failed sign-ins. */
fh_result store_session_create(struct store *st, const uint8_t hash[STORE_SESSION_HASH_LEN],
                               const char *user, int64_t now, char *err, size_t errlen);
/* The session's user when it was used less than idle_seconds before now
 * and its user is enabled; its last use becomes now (written at most once
 * a minute). FH_ENOTFOUND otherwise (an idle session is deleted). */
fh_result store_session_get(struct store *st, const uint8_t hash[STORE_SESSION_HASH_LEN],
                            int64_t now, int idle_seconds, struct store_user *out, char *err,
                            size_t errlen);
/* Ends a session (an audited "signout"); ending an unknown one is FH_OK. */
fh_result store_session_end(struct store *st, const uint8_t hash[STORE_SESSION_HASH_LEN],
                            int64_t now, char *err, size_t errlen);

struct store_audit_record {
    int64_t id;
    int64_t at; /* UTC seconds */
    char who[STORE_WHO_LEN];
    char action[40];
    char office[STORE_OFFICES_LEN]; /* "" when the change is of no one office */
    char target[96];
    char *before, *after; /* JSON text or NULL; malloc'd */
};

/* What to list; NULL or 0 leaves a filter out. */
struct store_audit_filter {
    const char *office; /* records of this office (and of users of it) */
    const char *who;
    const char *action;
    int64_t since, until; /* UTC seconds, [since, until) */
    size_t limit;         /* at most; 0: 500 */
};

/* Audit records, newest first. Free with store_audit_records_free(). */
fh_result store_audit_list(struct store *st, const struct store_audit_filter *f,
                           struct store_audit_record **out, size_t *count, char *err,
                           size_t errlen);
void store_audit_records_free(struct store_audit_record *list, size_t count);

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
    /* About a member of staff or to the office, not to a booking's holder: */
    STORE_MSG_ROSTER_PUBLISHED, /* to a person: your duties this month */
    STORE_MSG_ROSTER_CHANGED,   /* to a person: your duties changed */
    STORE_MSG_DUTY_NEEDED,      /* to the office: a holiday wedding waits for someone on duty */
    STORE_MSG_DUTY_CLOSED,      /* to a person on duty: the office closes that day */
    STORE_MSG_WEBHOOK,          /* a booking event to an integration's endpoint */
    /* To a booking's holder again: the no-show just marked leaves them one
     * miss away from a suspension of online booking. */
    STORE_MSG_NO_SHOW_WARNING,
    /* To a person on a waitlist: a place is held for them until the
     * offer's expiry (offer_id names it). */
    STORE_MSG_WAITLIST_OFFER,
    /* To a booking's holder after the visit (marked complete): the link to
     * the satisfaction survey. */
    STORE_MSG_SURVEY,
    /* To a couple whose draw request was not given a place: where they
     * stand (on the waitlist, or refused and why); the request's id is the
     * message's sequence. Those drawn are told by their booking's own
     * message. */
    STORE_MSG_DRAW_RESULT,
};
enum store_channel { STORE_EMAIL, STORE_SMS, STORE_WEBHOOK };
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
    /* For roster messages (booking_id 0) and duty_needed: whom and what
     * they are about. A booking's message has its booking's office. */
    char office[64];
    char staff[40]; /* the staff id a roster message goes to, or "" */
    int month;      /* YYYYMM or 0 */
    fh_day day;     /* the closed day of a duty_closed message, else 0 */
    /* A webhook's: the event, the endpoint's URL and the JSON body, all
     * written when the event happened. */
    int event; /* enum sched_event, or -1 */
    char endpoint[448];
    char payload[1024];
    int64_t offer_id;        /* a waitlist offer's message: the offer; else 0 */
    int64_t draw_request_id; /* a draw's result: the request; else 0 */
};

/* An endpoint told of an office's booking events (the configuration's
 * webhooks, without their secrets). */
struct store_webhook {
    char *office;
    char *url;
    unsigned events; /* bits 1u << enum sched_event */
};

/* The endpoints events are queued for; copied. Safe while the store is
 * shared (a reload): it waits for the write transaction in progress. */
void store_set_webhooks(struct store *st, const struct store_webhook *hooks, size_t n);

/* When reminders fall due for new and moved bookings (default:
 * sched_reminders_default). As store_set_webhooks(). */
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
 * FH_ENOTFOUND, or FH_ECONFLICT for a message that has not failed.
 * Audited (by). */
fh_result store_outbox_requeue(struct store *st, int64_t id, const char *by, int64_t now, char *err,
                               size_t errlen);
/* The messages waiting to be sent (queued) and failed for good, by
 * channel: for the outbox's gauges at a scrape. */
fh_result store_outbox_depth(struct store *st, long queued[2], long failed[2], char *err,
                             size_t errlen);
/* One message by id (FH_ENOTFOUND when none). */
fh_result store_outbox_get(struct store *st, int64_t id, struct store_message *out, char *err,
                           size_t errlen);
/* The booking a message is about (no token check). */
fh_result store_booking_by_id(struct store *st, int64_t id, struct store_booking *out, char *err,
                              size_t errlen);

/* ---- staffing the flexible shifts ------------------------------------------
 * The roster of an office's flexible duties, one month at a time: a draft
 * (generated by the scheduler, saved whole) becomes published, and then
 * changes only one window instance at a time. Every save and edit raises
 * the month's version (publishing too), so that a manager's edit made on
 * an old copy is refused instead of silently undoing another's. Months are
 * given as year and month 1..12. */

enum store_roster_state { STORE_ROSTER_NONE, STORE_ROSTER_DRAFT, STORE_ROSTER_PUBLISHED };
const char *store_roster_state_name(enum store_roster_state s); /* "none", "draft", "published" */

struct store_duty {
    fh_day day;
    enum sched_duty duty;
    char staff[40];
    bool pinned; /* kept by a re-solve: a pin, or set by hand */
};

struct store_roster {
    enum store_roster_state state;
    int version;               /* grows with every save and edit; 0 when none */
    int64_t published_at;      /* UTC seconds, 0 unless published */
    struct store_duty *duties; /* by day, duty, staff; malloc'd */
    size_t count;
};

void store_roster_free(struct store_roster *r);
fh_result store_roster_get(struct store *st, const char *office, int year, int month,
                           struct store_roster *out, char *err, size_t errlen);
/* Saves a generated roster as the month's draft, replacing the draft's
 * duties. FH_ECONFLICT when the month is published (a published roster
 * changes only by edit). Audited ("roster-generate", by, at now: UTC
 * seconds), as are publishing, edits and pins below. */
fh_result store_roster_save_draft(struct store *st, const char *office, int year, int month,
                                  const struct store_duty *duties, size_t count, const char *by,
                                  int64_t now, char *err, size_t errlen);
/* Tells which of the bookings of window instance (day, duty), in the order
 * they were made, no longer fit when staff people are on that duty; the
 * caller answers with the scheduler (sched_window_places, sched_overbooked).
 * *overbooked (malloc'd) receives indices into bookings. */
typedef fh_result (*store_overbooked_fn)(void *arg, fh_day day, enum sched_duty duty,
                                         const struct sched_booking *bookings, size_t count,
                                         int staff, size_t **overbooked, size_t *overbooked_count);

/* Publishes the draft (FH_ENOTFOUND when there is none, FH_ECONFLICT when
 * already published) and queues a roster_published e-mail for each listed
 * staff id (the caller lists those with duties and an e-mail). With check,
 * every window instance of the month holding active bookings is checked
 * against the draft's staff in the same transaction, as
 * store_roster_set_instance() checks an edit: bookings that lose their place
 * refuse it (FH_EREFUSED, nothing changes) unless force; *overbooked
 * (malloc'd, may be NULL) lists them either way. */
fh_result store_roster_publish(struct store *st, const char *office, int year, int month,
                               int64_t now, bool force, store_overbooked_fn check, void *check_arg,
                               const char *const *notify, size_t notify_count,
                               struct store_booking **overbooked, size_t *overbooked_count,
                               const char *by, char *err, size_t errlen);

/* Replaces the duties of one window instance (day, duty) in the month's
 * roster (draft or published; creates a draft when the month has none), if
 * the month's version is still expected_version (FH_ECONFLICT otherwise;
 * -1 skips the check). For a published month it also checks capacity inside
 * the same transaction: the active bookings of that window instance (they
 * hold a place: pending, confirmed, checked in; found by office, day and the window whose name
 * equals the duty name) are passed in the order they were created to
 * check(arg, day, duty, bookings, count, new staff count, &overbooked, &n);
 * when it reports overbooked bookings and force is false nothing changes
 * and the result is FH_EREFUSED with *overbooked (malloc'd) listing them;
 * with force the edit is stored and the list still returned. The bookings
 * passed have service -1: the store has no office to map service ids. The
 * roster_changed e-mails for the staff ids in notify are queued in the same
 * transaction. The duties set here are marked pinned (set by hand). */
fh_result store_roster_set_instance(struct store *st, const char *office, fh_day day,
                                    enum sched_duty duty, const char *const *staff,
                                    size_t staff_count, int expected_version, bool force,
                                    store_overbooked_fn check, void *check_arg,
                                    const char *const *notify, size_t notify_count, int64_t now,
                                    struct store_booking **overbooked, size_t *overbooked_count,
                                    const char *by, char *err, size_t errlen);

/* Pins and bans of a month for re-solving. */
struct store_pin {
    fh_day day;
    enum sched_duty duty;
    char staff[40];
    bool forbid; /* a ban: never this person on this duty */
};

fh_result store_roster_pins(struct store *st, const char *office, int year, int month,
                            struct store_pin **out, size_t *count, char *err, size_t errlen);
/* Replaces a pin or ban of the same (day, duty, staff). Audited
 * ("roster-pin"). */
fh_result store_roster_pin_set(struct store *st, const char *office, const struct store_pin *pin,
                               const char *by, int64_t now, char *err, size_t errlen);
/* FH_ENOTFOUND when there is none. Audited ("roster-unpin"). */
fh_result store_roster_pin_clear(struct store *st, const char *office, fh_day day,
                                 enum sched_duty duty, const char *staff, const char *by,
                                 int64_t now, char *err, size_t errlen);

/* Compensatory time taken. Time earned is not stored: it follows from the
 * published duties and the office's comp_minutes. */
struct store_comp {
    int64_t id;
    char staff[40];
    fh_day day;
    int minutes;
    char note[200];
    int64_t created_at;
};

/* Audited (by). */
fh_result store_comp_take(struct store *st, const char *office, const char *staff, fh_day day,
                          int minutes, const char *note, const char *by, int64_t now, char *err,
                          size_t errlen);
/* By day, then as taken; staff NULL lists everyone. */
fh_result store_comp_list(struct store *st, const char *office, const char *staff,
                          struct store_comp **out, size_t *count, char *err, size_t errlen);

/* Published duties of one person from first to last (for their iCalendar
 * feed and for earned compensatory time), by day and duty. */
fh_result store_duties_of(struct store *st, const char *office, const char *staff, fh_day first,
                          fh_day last, struct store_duty **out, size_t *count, char *err,
                          size_t errlen);

/* Confirms a pending holiday booking and, when staff is not NULL, adds that
 * person to the holiday duty of its day in the same transaction (creating
 * the month's roster as a draft when it has none). A pending booking of
 * another window with a duty (a Saturday one) gets that window's duty. The
 * booking's messages are those of store_booking_set_status(CONFIRMED);
 * with tell_staff, the person dispatched also gets a roster_changed e-mail
 * when the month is published (its duties as they are now). FH_ECONFLICT
 * unless pending. now is UTC seconds. */
fh_result store_booking_confirm_with_duty(struct store *st, const char *code, const char *staff,
                                          bool tell_staff, const char *by, int64_t now,
                                          struct store_booking *out, char *err, size_t errlen);
/* Queues a duty_needed e-mail to the office mailbox about booking_id (in
 * its own transaction). FH_ENOTFOUND for an unknown booking. */
fh_result store_duty_needed(struct store *st, int64_t booking_id, const char *office, int64_t now,
                            char *err, size_t errlen);

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

/* What store_calendar_replace() would change, without changing it. */
fh_result store_calendar_diff(struct store *st, int first_year, int last_year,
                              const struct store_day *days, size_t count,
                              struct store_calendar_diff *diff, char *err, size_t errlen);

/* What else an import does in its transaction: the bookings it leaves
 * without a slot are cancelled, each holder told as for a closure (a
 * "closed" message with a link to choose another time), and the import is
 * audited. */
struct store_import_effects {
    const char *const *cancel; /* booking codes; only pending or confirmed ones are cancelled */
    size_t cancel_count;
    const char *by;  /* who imports, for the audit record ("user:ID", "token:NAME", "cli") */
    int64_t now_utc; /* UTC seconds */
};

/* Replaces the entries of the years first_year..last_year with days (sorted,
 * all inside those years) in one transaction, and tells what changed.
 * Importing the same days again changes nothing. With fx (may be NULL),
 * the bookings it lists are cancelled and their holders told in the same
 * transaction; *cancelled (malloc'd, may be NULL) gets those cancelled
 * (a booking no longer pending or confirmed is left alone). */
fh_result store_calendar_replace(struct store *st, int first_year, int last_year,
                                 const struct store_day *days, size_t count,
                                 const struct store_import_effects *fx,
                                 struct store_calendar_diff *diff, struct store_booking **cancelled,
                                 size_t *cancelled_count, char *err, size_t errlen);

/* Closes an office on a day in one transaction: the closure is stored and
 * every active booking of that day is cancelled, each telling its holder
 * (a "closed" message with a link to choose another slot), and each staff
 * id in notify (those on duty that day: the caller lists the ones with an
 * e-mail) gets a duty_closed e-mail. Closing a closed day again changes
 * nothing and tells nobody. *cancelled (malloc'd) lists the bookings
 * cancelled. now is office-local. Audited (by) in the same transaction.
 */
fh_result store_close_day(struct store *st, const struct sched_office *office, fh_day day,
                          const char *reason, const char *by, fh_minute now,
                          const char *const *notify, size_t notify_count,
                          struct store_booking **cancelled, size_t *count, char *err,
                          size_t errlen);

/* A day an office closed. */
struct store_closure {
    fh_day day;
    char reason[404];
    int64_t created_at; /* UTC seconds */
};
/* The office's closures from day from on, by day. *out is malloc'd. */
fh_result store_closures_list(struct store *st, const char *office, fh_day from,
                              struct store_closure **out, size_t *count, char *err, size_t errlen);
/* The staff ids on any duty of day in a published roster of the office, by
 * id (each once). *out is malloc'd (staff ids). */
fh_result store_day_staff(struct store *st, const char *office, fh_day day, char (**out)[40],
                          size_t *count, char *err, size_t errlen);
/* Opens a closed day again (its cancelled bookings stay cancelled);
 * FH_ENOTFOUND when it was not closed. Audited (by, at now_utc). */
fh_result store_reopen_day(struct store *st, const char *office, fh_day day, const char *by,
                           int64_t now_utc, char *err, size_t errlen);

/* Adds every stored day entry (and every closure) to cal. */
fh_result store_calendar_load(struct store *st, struct sched_calendar *cal, char *err,
                              size_t errlen);

/* The day calendar in force: the imported days with overrides (the
 * configuration's own entries, may be NULL) on top, and the staff on duty
 * of every published roster month. st may be NULL. Returns
 * a new calendar, or NULL on a database error. */
struct sched_calendar *store_calendar_build(struct store *st,
                                            const struct sched_calendar *overrides, char *err,
                                            size_t errlen);
/* The same as it would be with the years first_year..last_year replaced by
 * days (an import being previewed). */
struct sched_calendar *store_calendar_build_replacing(struct store *st,
                                                      const struct sched_calendar *overrides,
                                                      int first_year, int last_year,
                                                      const struct store_day *days, size_t count,
                                                      char *err, size_t errlen);

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

/* ---- figures for managers ---------------------------------------------------
 * One aggregate query per chart over the bookings of one office whose day is
 * in first..last (and, for demand, the published rosters), answered in one
 * pass through the index of bookings by office and day. A week is named by
 * its Monday (a day number). Cancelled bookings count nowhere: their place
 * was given back. What each row holds: */
enum store_figure {
    STORE_FIG_TAKEN,      /* key week, name window; v[0] bookings, v[1] minutes they hold */
    STORE_FIG_ATTENDANCE, /* key week; v[0] no-shows, v[1] lapses (always 0 for now:
                           * no such status yet), v[2] checked in or completed */
    STORE_FIG_DEMAND,     /* key week, name noon|evening; v[0] bookings, v[1] staff-days
                           * on that duty in published rosters */
    STORE_FIG_LEAD,       /* key days booked ahead, name window; v[0] bookings */
    STORE_FIG_WEDDINGS,   /* key YYYYMM, name "WINDOW SERVICE" (saturday and holiday
                           * windows only); v[0] bookings */
    STORE_FIG_CHANNELS,   /* key week, name channel; v[0] bookings (all "web" until
                           * bookings record their channel) */
    STORE_FIG_EFFECTIVE,  /* key the day they take effect (a designated date, else their
                           * own), name service; v[0] bookings, v[1] of them filed ahead */
    STORE_FIG_COUNT
};

struct store_figure_row {
    int64_t key;
    char name[96];
    int64_t v[3];
};

/* The rows of one figure, ordered by key then name. *out is malloc'd (NULL
 * when there are none). */
fh_result store_figures(struct store *st, enum store_figure which, const char *office, fh_day first,
                        fh_day last, struct store_figure_row **out, size_t *count, char *err,
                        size_t errlen);
/* SQLite's EXPLAIN QUERY PLAN of a figure's statement, one step a line
 * (for tests and the benchmark: no step may scan the bookings table). */
fh_result store_figures_plan(struct store *st, enum store_figure which, char *out, size_t len,
                             char *err, size_t errlen);

/* ---- after the visit: the satisfaction survey --------------------------------
 * A completed booking's holder answers once (sched_survey_check() decides);
 * the answer names the office, window, service and day, not the person. */

struct store_survey_answer {
    int waiting, courtesy, overall; /* 1 to 5 each, checked by the caller */
    const char *comment;            /* up to SCHED_SURVEY_COMMENT_MAX characters; "" for none */
};

/* Whether booking_id's survey is answered (a reader's look, for the page). */
fh_result store_survey_answered(struct store *st, int64_t booking_id, bool *answered, char *err,
                                size_t errlen);

/* Stores the answer to code's survey with its manage token or link key
 * (NULL: staff), checking sched_survey_check() at now (office-local)
 * inside the transaction, so that two answers sent at once store one.
 * FH_EREFUSED with *why set when the rule refuses; FH_ENOTFOUND / FH_EAUTH
 * as store_booking_get(). */
fh_result store_survey_save(struct store *st, const struct sched_office *office, const char *code,
                            const char *token, const struct store_survey_answer *a, fh_minute now,
                            enum sched_survey *why, char *err, size_t errlen);

/* The averages of an office's answers by month and window, for visits on
 * days first to last. */
struct store_satisfaction {
    int month; /* YYYYMM */
    char window[16];
    int answers;
    double waiting, courtesy, overall; /* averages, 1 to 5 */
};
fh_result store_satisfaction(struct store *st, const char *office, fh_day first, fh_day last,
                             struct store_satisfaction **out, size_t *count, char *err,
                             size_t errlen);

/* The comments of those answers, newest visit first, at most limit. */
struct store_survey_comment {
    fh_day day;
    char window[16];
    char service[64];
    int waiting, courtesy, overall;
    char comment[SCHED_SURVEY_COMMENT_MAX * 4 + 1]; /* UTF-8 */
};
fh_result store_survey_comments(struct store *st, const char *office, fh_day first, fh_day last,
                                int limit, struct store_survey_comment **out, size_t *count,
                                char *err, size_t errlen);

#endif
