/* store_internal.h: what the store_*.c files share and nobody else sees: the
 * connections, the statement cache, the transaction helpers. sqlite3.h is
 * included here and in store/ only. */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/stat.h>

/* Every SQL statement the store runs, prepared once per connection. */
enum store_stmt_id {
    STORE_ST_BEGIN,
    STORE_ST_COMMIT,
    STORE_ST_ROLLBACK,
    STORE_ST_BOOKING_BY_CODE,
    STORE_ST_BOOKING_BY_ID,
    STORE_ST_CODE_EXISTS,
    STORE_ST_OCCUPANCY,
    STORE_ST_OCCUPANCY_RECOUNT,
    STORE_ST_PERSON_BOOKINGS,
    STORE_ST_BOOKING_INSERT,
    STORE_ST_BOOKING_MOVE,
    STORE_ST_BOOKING_CANCEL,
    STORE_ST_BOOKING_SET_STATUS,
    STORE_ST_BOOKINGS_OF_DAY,
    STORE_ST_IDEM_PURGE,
    STORE_ST_IDEM_GET,
    STORE_ST_IDEM_PUT,
    STORE_ST_CAL_YEARS,
    STORE_ST_CAL_DELETE_YEARS,
    STORE_ST_CAL_INSERT,
    STORE_ST_CAL_ALL,
    STORE_ST_CLOSURE_ALL,
    STORE_ST_CLOSURE_INSERT,
    STORE_ST_CLOSURE_DELETE,
    STORE_ST_CLOSURE_LIST,
    STORE_ST_CLOSURE_GET,
    STORE_ST_OUTBOX_INSERT_DAY,
    STORE_ST_ROSTER_DAY_PUBLISHED,
    STORE_ST_OUTBOX_INSERT,
    STORE_ST_OUTBOX_INSERT_HOOK,
    STORE_ST_OUTBOX_DROP_REMINDERS,
    STORE_ST_OUTBOX_DUE,
    STORE_ST_OUTBOX_FINISH,
    STORE_ST_OUTBOX_RETRY,
    STORE_ST_OUTBOX_LIST,
    STORE_ST_OUTBOX_DEPTH,
    STORE_ST_OUTBOX_GET,
    STORE_ST_OUTBOX_REQUEUE,
    STORE_ST_OUTBOX_INSERT_ABOUT,
    STORE_ST_ROSTER_MONTH_GET,
    STORE_ST_ROSTER_MONTH_PUT,
    STORE_ST_ROSTER_MONTHS_PUBLISHED,
    STORE_ST_ROSTER_DUTIES_OF_MONTH,
    STORE_ST_ROSTER_DUTIES_CLEAR,
    STORE_ST_ROSTER_DUTY_INSERT,
    STORE_ST_ROSTER_INSTANCE_CLEAR,
    STORE_ST_ROSTER_INSTANCE_BOOKINGS,
    STORE_ST_ROSTER_BOOKED_INSTANCES,
    STORE_ST_ROSTER_INSTANCE_STAFF,
    STORE_ST_ROSTER_STAFFING,
    STORE_ST_DUTIES_OF_STAFF,
    STORE_ST_PIN_LIST,
    STORE_ST_PIN_SET,
    STORE_ST_PIN_CLEAR,
    STORE_ST_COMP_INSERT,
    STORE_ST_COMP_LIST,
    STORE_ST_LINK_GENERATION,
    STORE_ST_LINK_REVOKE,
    STORE_ST_ERASE_EXPIRED,
    STORE_ST_ERASE_BOOKING,
    STORE_ST_ERASE_OUTBOX_QUEUED,
    STORE_ST_ERASE_OUTBOX_ERRORS,
    STORE_ST_ERASE_IDEMPOTENCY,
    STORE_ST_ERASE_FIND,
    STORE_ST_ERASE_PARTNER,
    STORE_ST_BOOKINGS_OF_PERSON,
    STORE_ST_PII_SET,
    STORE_ST_PII_KEY_ROWS,
    STORE_ST_PII_NOT_UNDER,
    STORE_ST_USER_INSERT,
    STORE_ST_USER_GET,
    STORE_ST_USER_LIST,
    STORE_ST_USER_SET_PASSWORD,
    STORE_ST_USER_DISABLE,
    STORE_ST_SESSION_END_USER,
    STORE_ST_SIGNIN_COUNT,
    STORE_ST_SIGNIN_INSERT,
    STORE_ST_SIGNIN_PURGE,
    STORE_ST_SIGNIN_CLEAR,
    STORE_ST_SESSION_INSERT,
    STORE_ST_SESSION_GET,
    STORE_ST_SESSION_TOUCH,
    STORE_ST_SESSION_DELETE,
    STORE_ST_SESSION_PURGE,
    STORE_ST_AUDIT_INSERT,
    STORE_ST_AUDIT_LIST,
    /* store_figures.c: one statement per chart, in enum store_figure order. */
    STORE_ST_FIG_TAKEN,
    STORE_ST_FIG_ATTENDANCE,
    STORE_ST_FIG_DEMAND,
    STORE_ST_FIG_LEAD,
    STORE_ST_FIG_WEDDINGS,
    STORE_ST_FIG_CHANNELS,
    STORE_ST_FIG_EFFECTIVE,
    STORE_ST_BOOKINGS_LAPSE_DUE,
    STORE_ST_BOOKINGS_PENDING,
    /* store_suspend.c: no-shows and suspensions. */
    STORE_ST_PERSON_MISSES,
    STORE_ST_PERSON_LIFTS,
    STORE_ST_LIFT_INSERT,
    STORE_ST_OFFICE_MISSED_PEOPLE,
    /* store_waitlist.c: the waitlist and its offers. */
    STORE_ST_WAIT_CODE_EXISTS,
    STORE_ST_OFFER_CODE_EXISTS,
    STORE_ST_WAIT_INSERT,
    STORE_ST_WAIT_SAME,
    STORE_ST_WAIT_BY_CODE,
    STORE_ST_WAIT_BY_ID,
    STORE_ST_WAIT_POSITION,
    STORE_ST_WAIT_QUEUE,
    STORE_ST_WAIT_SET_STATUS,
    STORE_ST_WAIT_OF_DAY,
    STORE_ST_WAIT_END_PAST,
    STORE_ST_PERSON_HOLDS,
    STORE_ST_OFFER_INSERT,
    STORE_ST_OFFER_BY_TOKEN,
    STORE_ST_OFFER_BY_ID,
    STORE_ST_OFFER_OF_ENTRY,
    STORE_ST_OFFER_END,
    STORE_ST_OFFERS_EXPIRED,
    STORE_ST_OUTBOX_INSERT_OFFER,
    STORE_ST_SURVEY_ANSWERED,
    STORE_ST_SURVEY_INSERT,
    STORE_ST_SURVEY_UNLINK,
    STORE_ST_SURVEY_AVERAGES,
    STORE_ST_SURVEY_COMMENTS,
    STORE_ST_DRAW_BY_DAY,
    STORE_ST_DRAW_BY_ID,
    STORE_ST_DRAW_CODE_EXISTS,
    STORE_ST_DRAW_INSERT,
    STORE_ST_DRAW_DRAWN,
    STORE_ST_DRAW_DONE,
    STORE_ST_DRAW_PERSON_INSERT,
    STORE_ST_DRAW_REQ_INSERT,
    STORE_ST_DRAW_REQ_BY_NUMBER,
    STORE_ST_DRAW_REQ_BY_ID,
    STORE_ST_DRAW_REQ_LIST,
    STORE_ST_DRAW_REQ_PENDING,
    STORE_ST_DRAW_REQ_RANK,
    STORE_ST_DRAW_REQ_OUTCOME,
    STORE_ST_DRAW_FORGET,
    STORE_ST_DRAW_ERASE_PEOPLE,
    STORE_ST_DRAW_ERASE_UNRANKED,
    STORE_ST_DRAW_ERASE_PII,
    STORE_ST_OUTBOX_INSERT_DRAW,
    STORE_ST_COUNT
};

/* The columns every booking query selects, in the order
 * store_booking_from_row() reads them. */
#define STORE_BOOKING_COLUMNS                                                                      \
    "id, code, office, service, window_name, start_min, end_min, minutes, status, pii, lang, "     \
    "sequence, created_at, updated_at, token_sha256, person, utc_offset, resident, partner, "      \
    "coalesce(erased_at, 0), channel, effective_day"

/* The columns every outbox query selects, as store_message_from_row() reads
 * them (o: outbox, b: booking). */
#define STORE_OUTBOX_COLUMNS                                                                       \
    "o.id, o.booking_id, b.code, o.kind, o.channel, o.sequence, o.status, o.attempts, o.due_at, "  \
    "o.created_at, coalesce(o.sent_at, 0), coalesce(o.last_error, ''), "                           \
    "coalesce(o.office, b.office, ''), coalesce(o.staff, ''), coalesce(o.month, 0), "              \
    "coalesce(o.day, 0), coalesce(o.event, ''), coalesce(o.endpoint, ''), "                        \
    "coalesce(o.payload, '')"

struct store_conn {
    sqlite3 *db;
    sqlite3_stmt *stmt[STORE_ST_COUNT]; /* prepared on first use */
    bool in_use;                        /* a reader lent out by the pool */
};

#define STORE_READERS_MAX 8
#define STORE_SECRET_LEN  32
#define STORE_KEYS_MAX    32 /* key ids one key file may hold */

/* One numbered key of the key file (store_keys.c). */
struct store_key {
    int id;                           /* 1..65535, named in every row it seals */
    uint8_t master[STORE_SECRET_LEN]; /* keys links, feeds and derived keys */
    uint8_t data[STORE_SECRET_LEN];   /* seals personal data: HMAC(master, "data-key:v1") */
    atomic_bool retired;              /* gone from the key file: no longer checks links */
};

struct store {
    /* The one writer path: held from BEGIN IMMEDIATE to COMMIT/ROLLBACK, so
     * SQLite's unfair busy handler never arbitrates between our threads. */
    pthread_mutex_t write_lock;
    struct store_conn writer;
    /* A group commit in progress on one thread (store_group_begin()). */
    bool group_open, group_failed;
    pthread_t group_owner;

    /* Readers run beside the writer (WAL), one thread per connection. */
    pthread_mutex_t pool_lock;
    pthread_cond_t pool_cond;
    struct store_conn *readers[STORE_READERS_MAX];
    size_t reader_count;
    bool readers_share_writer; /* ":memory:" has no second connection */

    char *path;
    int schema_version;
    /* The key file (NULL for ":memory:"): the person key, which keys the
     * hash of national IDs (read-only after open), and the numbered keys.
     * keys[] only grows while the store is open (a reload after another
     * process rotated adds keys): a key is written before key_count
     * publishes it, so readers need no lock; key_lock serialises reloads. */
    char *key_path;
    uint8_t secret[STORE_SECRET_LEN];
    struct store_key keys[STORE_KEYS_MAX];
    atomic_size_t key_count;
    atomic_size_t current_key; /* index into keys: seals new data, makes links */
    pthread_mutex_t key_lock;
    struct stat key_stat;     /* the key file as last read (under key_lock) */
    long long key_checked_ns; /* when it was last looked at (monotonic, under key_lock) */
    store_audit_fn audit;     /* erasures and revocations; fh_log by default */
    void *audit_arg;
    /* Read in write transactions, set (a reload) under write_lock. */
    struct sched_reminders reminders;
    struct store_webhook *hooks; /* copies */
    size_t hook_count;
    /* PRAGMA data_version of the writer when last asked: it moves when
     * another process commits (under write_lock). */
    long long data_version;
    /* The checkpointer (store_db.c): copies the WAL into the database on
     * its own connection and thread, woken by the writer's WAL hook, so
     * that no group commit waits for a checkpoint's writes and fsync. */
    struct store_checkpointer *checkpointer;
};

/* Maps an SQLite failure to FH_EBUSY or FH_EDB with SQLite's message. */
fh_result store_db_fail(sqlite3 *db, int rc, const char *what, char *err, size_t errlen);

/* The SQL text of statement id (NULL out of range): for the test that holds
 * every statement to an index. */
const char *store_stmt_sql(enum store_stmt_id id);
/* The cached statement id of c, reset and unbound, or NULL (err written). */
sqlite3_stmt *store_stmt(struct store_conn *c, enum store_stmt_id id, char *err, size_t errlen);
/* sqlite3_step() behind the test hook that makes the Nth step fail. */
int store_step(sqlite3_stmt *s);
/* Steps a statement that returns no row, then resets it. */
fh_result store_step_done(struct store_conn *c, sqlite3_stmt *s, const char *what, char *err,
                          size_t errlen);
/* Resets and unbinds, ready for the next use. */
void store_stmt_release(sqlite3_stmt *s);

/* Takes the write lock and opens BEGIN IMMEDIATE; on failure the lock is
 * released again. */
fh_result store_write_begin(struct store *st, char *err, size_t errlen);
/* COMMIT, or ROLLBACK if COMMIT fails; releases the lock either way. FH_OK
 * means the transaction is on disk. */
fh_result store_write_commit(struct store *st, char *err, size_t errlen);
/* ROLLBACK (if a transaction is still open) and release the lock. */
void store_write_rollback(struct store *st);

/* Lends a reader connection (waits for one when all are busy). */
struct store_conn *store_read_begin(struct store *st, char *err, size_t errlen);
void store_read_end(struct store *st, struct store_conn *c);

/* Queues event about b, as it is now, to every endpoint of its office that
 * asked for it: one outbox row each, in the open write transaction. */
fh_result store_outbox_on_event(struct store *st, const struct store_booking *b, int utc_offset,
                                enum sched_event event, int64_t now_utc, char *err, size_t errlen);

/* For store_outbox_on_change(): a change nobody is told about. */
#define STORE_MSG_NONE ((enum store_msg_kind) - 1)

/* Queues, inside the writer's open transaction, what people must hear about
 * a change of kind to booking b (its fields as they now are), and keeps its
 * reminders in step: dropped when it is no longer confirmed or has moved,
 * queued anew when it is confirmed. now is office-local. */
fh_result store_outbox_on_change(struct store *st, const struct store_booking *b, int utc_offset,
                                 enum store_msg_kind kind, fh_minute now, char *err, size_t errlen);

/* The parts of store_bookings.c that store_roster.c shares. */
struct store_row_extra {
    uint8_t token_sha256[32];
    char person[65];
    char partner[65]; /* the partner's person key, "" when none */
    int utc_offset;
    bool resident;
};
/* Reads the STORE_BOOKING_COLUMNS of the current row, opening its sealed
 * personal data; x may be NULL. */
fh_result store_booking_from_row(struct store *st, sqlite3_stmt *s, struct store_booking *b,
                                 struct store_row_extra *x, char *err, size_t errlen);
/* The person key (hex HMAC-SHA256 under the key file's person key) of a
 * national ID. */
void store_person_key(const struct store *st, const char *national_id, char hex[65]);
/* Copies a booking code in canonical (upper) case; false when it cannot be
 * one of ours. */
bool store_code_normalise(const char *in, char out[STORE_CODE_LEN + 1]);
/* The scheduler's 64-bit person key of a stored person hash. */
uint64_t store_person_u64(const char *hex);

/* Adds staff to the duty of a day inside the writer's open transaction,
 * creating the month's roster as a draft when it has none and raising its
 * version; with tell, a roster_changed e-mail for them when the month is
 * published. */
fh_result store_roster_add_duty(struct store *st, const char *office, fh_day day,
                                enum sched_duty duty, const char *staff, bool tell, int64_t now,
                                char *err, size_t errlen);
/* Queues an e-mail about a staff member or an office inside the writer's
 * open transaction; booking_id 0 and staff NULL when not about one. */
fh_result store_outbox_queue_about(struct store *st, int64_t booking_id, const char *office,
                                   const char *staff, int month, int kind, int sequence,
                                   int64_t now_utc, char *err, size_t errlen);

/* Queues an e-mail to a staff member about one day of the office (a
 * duty_closed), inside the writer's open transaction. */
fh_result store_outbox_queue_day(struct store *st, const char *office, const char *staff,
                                 fh_day day, int kind, int64_t now_utc, char *err, size_t errlen);
/* Cancels booking b (pending or confirmed, read in the open transaction
 * with x) because its day has no slot for it any more (closed, or a new
 * calendar), queueing its "closed" message. now is office-local. */
fh_result store_cancel_displaced_locked(struct store *st, struct store_booking *b,
                                        const struct store_row_extra *x, fh_minute now, char *err,
                                        size_t errlen);
/* ---- store_bookings.c: what the waitlist shares with bookings ------------------ */

/* Everything a new booking needs that is worked out before the lock. */
struct store_prepared {
    int service;
    char person[65];
    char masked[16];
    bool has_partner;
    char partner[65]; /* when has_partner */
    char partner_masked[16];
    int64_t now_utc;
    uint8_t key_sha256[32];
};

/* The booking a move leaves out of the counts: its own place is released by
 * the very move that takes the new one. */
struct store_skip {
    const char *office;
    const char *service;
    fh_minute start;
    int minutes;
    bool active;
};

/* Checks a booking request's fields (FH_EINVAL naming one) and works out
 * its person keys, masks and the idempotency key's hash into p. */
fh_result store_booking_prepare(const struct store *st, const struct sched_office *office,
                                const struct store_new_booking *req, const char *idempotency_key,
                                const uint8_t *body_sha256, fh_minute now, struct store_prepared *p,
                                char *err, size_t errlen);
/* store_booking_create() inside the writer's open transaction. */
fh_result store_booking_create_locked(struct store *st, const struct sched_office *office,
                                      const struct sched_calendar *cal,
                                      const struct store_new_booking *req, fh_minute now,
                                      const struct store_prepared *p, const char *idempotency_key,
                                      const uint8_t body_sha256[32], store_reply_fn reply,
                                      void *reply_arg, struct store_create_result *out, char *err,
                                      size_t errlen);
/* The places taken on the office's days first..last and the active
 * bookings naming person or partner (NULL: none), skip left out. */
fh_result store_load_for_admit(struct store_conn *c, const struct sched_office *office,
                               fh_day first, fh_day last, const char *person, const char *partner,
                               int64_t skip_id, const struct store_skip *skip,
                               struct sched_booking **occ, size_t *nocc,
                               struct sched_booking **mine, size_t *nmine, char *err,
                               size_t errlen);
/* The name of the window instance that admitted a booking, or NULL. */
const char *store_admitted_window(const struct sched_office *office,
                                  const struct sched_admission *adm);
/* The idempotency answers (in the writer's open transaction): a replay of
 * key with the same body (FH_OK, *found; out->booking read when the answer
 * names one), FH_ECONFLICT with another body; saving an answer (booking_id
 * 0: it names no booking). */
fh_result store_idem_lookup(struct store *st, const char *key, const uint8_t key_sha256[32],
                            const uint8_t body_sha256[32], int64_t now_utc, bool *found,
                            struct store_create_result *out, char *err, size_t errlen);
fh_result store_idem_save(struct store *st, const char *key, const uint8_t key_sha256[32],
                          const uint8_t body_sha256[32], int http_status, const char *body,
                          int64_t booking_id, int64_t now_utc, char *err, size_t errlen);
/* For a create that names no booking in its answer (a waitlist join, a
 * draw request): the answer replayed for key (FH_OK and *found, *status,
 * *body malloc'd; key NULL: not found), FH_ECONFLICT for another body. */
fh_result store_idem_replay(struct store *st, const char *key, const struct store_prepared *p,
                            const uint8_t body_sha256[32], bool *found, int *status, char **body,
                            char *err, size_t errlen);
/* Its new answer: body (from the reply callback; NULL fails) kept for key
 * (may be NULL) and given as 201 in *status, *out (body, stolen). */
fh_result store_idem_created(struct store *st, const char *key, const struct store_prepared *p,
                             const uint8_t body_sha256[32], char *body, int *status, char **out,
                             char *err, size_t errlen);
/* A random code of STORE_CODE_LEN symbols read over the phone; stmt checks
 * that it is free (one parameter, the code; a row when taken). */
fh_result store_random_code_in(struct store_conn *c, enum store_stmt_id stmt,
                               char code[STORE_CODE_LEN + 1], char *err, size_t errlen);

/* A new code free in stmt's table (as store_random_code_in()) and a new
 * random token: the holder's, in hex; only its SHA-256 is kept. */
fh_result store_new_code_token(struct store_conn *c, enum store_stmt_id stmt,
                               char code[STORE_CODE_LEN + 1], char token[STORE_TOKEN_LEN + 1],
                               uint8_t token_sha256[32], char *err, size_t errlen);
/* The personal fields of request req (masked through p) into b, as a
 * booking and a waitlist entry seal them. */
void store_booking_contact(struct store_booking *b, const struct store_new_booking *req,
                           const struct store_prepared *p);
/* store_pii_seal() of b under code after reading the key file again;
 * *pii (malloc'd) is NULL when that fails. */
fh_result store_pii_seal_current(struct store *st, const char *code, const struct store_booking *b,
                                 uint8_t **pii, size_t *len, char *err, size_t errlen);

/* ---- store_waitlist.c --------------------------------------------------------- */

/* Joins the waitlist in the writer's open transaction for a person already
 * prepared (their keys and masks: a draw's request, whose ID was never
 * kept), without an idempotency key: store_waitlist_join()'s checks and
 * results. */
fh_result store_waitlist_join_prepared(struct store *st, const struct sched_office *office,
                                       const struct sched_calendar *cal,
                                       const struct store_new_booking *req, bool whole_day,
                                       fh_minute now, const struct store_prepared *p,
                                       store_wait_reply_fn reply, void *reply_arg,
                                       struct store_wait_result *out, char *err, size_t errlen);

/* ---- store_suspend.c ---------------------------------------------------------- */

/* The misses at office of person (and partner, may be NULL) and their lifts,
 * on connection c (the writer inside its transaction, or a reader): what
 * sched_admit() and sched_no_show_standing() read. Both lists malloc'd. */
fh_result store_misses_load(struct store_conn *c, const char *office, const char *person,
                            const char *partner, struct sched_miss **misses, size_t *miss_count,
                            struct sched_lift **lifts, size_t *lift_count, char *err,
                            size_t errlen);
/* After b (just marked a no-show, in the open transaction) is counted: queues
 * the no-show warning to its holder when they are now one miss away from a
 * suspension under policy. */
fh_result store_no_show_warn(struct store *st, const struct store_booking *b,
                             const struct store_row_extra *x,
                             const struct sched_no_show_policy *policy, fh_minute now, bool *queued,
                             char *err, size_t errlen);

/* Reads the booking with code in the writer's open transaction, checking
 * token (a manage token or link key; NULL: none) as a change does. */
fh_result store_booking_for_change_token(struct store *st, const char *code, const char *token,
                                         struct store_booking *b, struct store_row_extra *x,
                                         char *err, size_t errlen);
/* Reads the booking with code in the writer's open transaction. */
fh_result store_booking_for_change(struct store *st, const char *code, struct store_booking *b,
                                   struct store_row_extra *x, char *err, size_t errlen);

/* ---- store_keys.c: the key file -------------------------------------------------- */

/* Loads the key file of st (creating it on a first start, converting the
 * 32-byte FILE.key of earlier versions), inside the open migration
 * transaction. db_secret is the person secret older databases kept in
 * their meta table (NULL when none); db_check the key check value of a
 * database whose keys are already in a key file (NULL when none). */
fh_result store_keys_load(struct store *st, const uint8_t *db_secret, const uint8_t *db_check,
                          size_t db_check_len, char *err, size_t errlen);
/* The value the meta table keeps to recognise its key file. */
void store_keys_check_value(const struct store *st, uint8_t out[32]);
/* Reads the key file again if another process changed it: new key ids are
 * added, the current one follows the file, and a key it no longer holds is
 * retired. Before sealing (inside the write transaction, which serialises
 * key changes between processes) pass force: the file is looked at every
 * time; otherwise at most once a second. */
fh_result store_keys_refresh(struct store *st, bool force, char *err, size_t errlen);
void store_keys_wipe(struct store *st);

/* Sealed personal data of a booking: format byte, key id (2 bytes, big
 * endian), then fh_aead_seal()'s nonce || ciphertext || tag, with the
 * header and the booking code as associated data. */
uint8_t *store_pii_seal(const struct store *st, const char *code, const struct store_booking *b,
                        size_t *len);
/* Opens a sealed blob into b's personal fields; *key_id (may be NULL) gets
 * the key id that sealed it. A key id this store does not hold makes it
 * read the key file again (another process may have rotated). */
fh_result store_pii_open(struct store *st, const char *code, const void *blob, size_t len,
                         struct store_booking *b, int *key_id, char *err, size_t errlen);

/* The generation of a link subject (a booking code or a feed's label) on
 * connection c: 0 until its link is first revoked. */
fh_result store_link_generation(struct store_conn *c, const char *subject, int *gen, char *err,
                                size_t errlen);
/* Whether given is the link key of subject at generation gen under any key
 * id the store holds (constant time per key). */
bool store_link_matches_gen(const struct store *st, const char *subject, int gen,
                            const char *given);

/* "A123456789" -> "A******789": the first letter and the last three. NULL
 * or a static reason. */
const char *store_mask_national_id(const char *id, char out[16]);

/* Copies the WAL into the database and truncates it, so that pages it
 * still holds (a sealed row since erased) leave it; best effort. Takes the
 * write lock: not inside a transaction. */
void store_wal_truncate(struct store *st);

/* ---- store_admin.c: the audit trail ------------------------------------------------ */

/* One audit record, written with store_audit_write() inside the writer's
 * open transaction, so that it commits or rolls back with the change. */
struct store_audit_entry {
    const char *who;            /* "user:ID", "token:NAME", "cli"; NULL: "system" */
    const char *action;         /* "booking-confirmed", "closure", "user-add", ... */
    const char *office;         /* or NULL */
    const char *target;         /* a booking code, a date, a user id ...; or NULL */
    const char *before, *after; /* JSON text, or NULL */
    int64_t at;                 /* UTC seconds */
};
fh_result store_audit_write(struct store *st, const struct store_audit_entry *e, char *err,
                            size_t errlen);
/* s as a JSON string literal (quotes included) into out; a text cut short
 * by len stays a valid literal. */
void store_json_string(char *out, size_t len, const char *s);

/* Reports an event to the audit hook (after the change committed). */
void store_audit(struct store *st, const struct store_audit_event *e);

#endif
