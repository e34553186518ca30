/* store_internal.h: what the store_*.c files share and nobody else sees: the
 * connections, the statement cache, the transaction helpers. sqlite3.h is
 * included here and in store/ only. */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>

/* Every SQL statement the store runs, prepared once per connection. */
enum store_stmt_id {
    STORE_ST_BEGIN,
    STORE_ST_COMMIT,
    STORE_ST_ROLLBACK,
    STORE_ST_BOOKING_BY_CODE,
    STORE_ST_BOOKING_BY_ID,
    STORE_ST_CODE_EXISTS,
    STORE_ST_OCCUPANCY,
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
    STORE_ST_OUTBOX_INSERT,
    STORE_ST_OUTBOX_DROP_REMINDERS,
    STORE_ST_OUTBOX_DUE,
    STORE_ST_OUTBOX_FINISH,
    STORE_ST_OUTBOX_RETRY,
    STORE_ST_OUTBOX_LIST,
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
    STORE_ST_COUNT
};

/* The columns every booking query selects, in the order
 * store_booking_from_row() reads them. */
#define STORE_BOOKING_COLUMNS                                                                      \
    "id, code, office, service, window_name, start_min, end_min, minutes, status, name, "          \
    "national_id_masked, phone, email, lang, sequence, created_at, updated_at, token_sha256, "     \
    "person, utc_offset, resident, partner_name, partner_national_id_masked, partner"

/* The columns every outbox query selects, as store_message_from_row() reads
 * them (o: outbox, b: booking). */
#define STORE_OUTBOX_COLUMNS                                                                       \
    "o.id, o.booking_id, b.code, o.kind, o.channel, o.sequence, o.status, o.attempts, o.due_at, "  \
    "o.created_at, coalesce(o.sent_at, 0), coalesce(o.last_error, ''), "                           \
    "coalesce(o.office, b.office, ''), coalesce(o.staff, ''), coalesce(o.month, 0)"

struct store_conn {
    sqlite3 *db;
    sqlite3_stmt *stmt[STORE_ST_COUNT]; /* prepared on first use */
    bool in_use;                        /* a reader lent out by the pool */
};

#define STORE_READERS_MAX 8
#define STORE_SECRET_LEN  32

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
    uint8_t secret[STORE_SECRET_LEN];   /* keys the person hash; read-only after open */
    struct sched_reminders reminders;   /* read-only once the store is shared */
    uint8_t link_key[STORE_SECRET_LEN]; /* keys manage links; kept outside the database */
    /* PRAGMA data_version of the writer when last asked: it moves when
     * another process commits (under write_lock). */
    long long data_version;
};

/* Maps an SQLite failure to FH_EBUSY or FH_EDB with SQLite's message. */
fh_result store_db_fail(sqlite3 *db, int rc, const char *what, char *err, size_t errlen);

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
/* Reads the STORE_BOOKING_COLUMNS of the current row; x may be NULL. */
fh_result store_booking_from_row(sqlite3_stmt *s, struct store_booking *b,
                                 struct store_row_extra *x, char *err, size_t errlen);
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

#endif
