/* store_erase.c: erasing personal data. The retention pass erases the
 * personal data of bookings that ended long enough ago; a person's request
 * (個資法) erases theirs now, by booking code or by national ID. What the
 * figures need stays in the row. Each erasure is reported to the audit
 * hook, which logs it (booking codes and counts, never personal data) until
 * an audit trail takes it over. Exports store_erase_*() and
 * store_set_audit() of store.h, store_audit() of store_internal.h. */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bookings erased by one transaction of the retention pass. Each batch
 * holds the write lock, which a booking's group commit needs too: a
 * backlog (a million bookings a year past retention, a retention shortened
 * by a reload, a server long stopped) erased in batches back to back kept
 * the bookings waiting, 18 a second instead of hundreds (bench/scale.sh's
 * million). So batches are small, and after each the pass rests as long as
 * the batch took: the bookings have the lock at least half the time. */
#define RETENTION_BATCH 64
#define SECONDS_PER_DAY (24 * 60 * 60)

/* ---- the audit hook ------------------------------------------------------------- */

void store_set_audit(struct store *st, store_audit_fn fn, void *arg)
{
    st->audit = fn;
    st->audit_arg = arg;
}

void store_audit(struct store *st, const struct store_audit_event *e)
{
    if (st->audit != NULL) {
        st->audit(st->audit_arg, e);
        return;
    }
    /* Until the audit trail exists: one log line, no personal data. */
    char by[64] = "";
    if (e->by != NULL)
        snprintf(by, sizeof by, " (asked by %s)", e->by);
    if (e->code != NULL)
        fh_log(FH_LOG_INFO, "audit: %s: booking %s%s", e->action, e->code, by);
    else if (e->subject != NULL)
        fh_log(FH_LOG_INFO, "audit: %s: %s%s", e->action, e->subject, by);
    else
        fh_log(FH_LOG_INFO, "audit: %s: %zu booking%s%s", e->action, e->count,
               e->count == 1 ? "" : "s", by);
}

/* ---- erasing one row ------------------------------------------------------------ */

/* Runs statement id with the booking id (and now, for ?2) on the writer. */
static fh_result run_for(struct store *st, enum store_stmt_id id, int64_t booking_id,
                         int64_t now_utc, const char *what, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(&st->writer, id, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, booking_id);
    if (sqlite3_bind_parameter_count(s) >= 2)
        sqlite3_bind_int64(s, 2, now_utc);
    return store_step_done(&st->writer, s, what, err, errlen);
}

/* Everything personal of one booking, inside the writer's transaction: its
 * sealed fields and person keys, its queued messages, the error texts of
 * the others (a server's reply may quote an address), its idempotency
 * answer (it holds the name; the row stays, so that a retry of the request
 * is refused rather than booked again). */
static fh_result erase_row(struct store *st, int64_t id, int64_t now_utc, char *err, size_t errlen)
{
    fh_result r = run_for(st, STORE_ST_ERASE_BOOKING, id, now_utc, "erase booking", err, errlen);
    if (r == FH_OK)
        r = run_for(st, STORE_ST_ERASE_OUTBOX_QUEUED, id, 0, "erase messages", err, errlen);
    if (r == FH_OK)
        r = run_for(st, STORE_ST_ERASE_OUTBOX_ERRORS, id, 0, "erase message errors", err, errlen);
    if (r == FH_OK)
        r = run_for(st, STORE_ST_ERASE_IDEMPOTENCY, id, 0, "erase stored answer", err, errlen);
    /* The survey's comment stays for the figures, no longer tied to the
     * booking (whose code its holder knows). */
    if (r == FH_OK)
        r = run_for(st, STORE_ST_SURVEY_UNLINK, id, 0, "unlink survey answer", err, errlen);
    return r;
}

/* ---- retention ------------------------------------------------------------------- */

/* Sleeps as long as has passed since began (at most a second). */
static void rest_as_long_as(struct timespec began)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ns =
        (long long)(now.tv_sec - began.tv_sec) * 1000000000LL + (now.tv_nsec - began.tv_nsec);
    if (ns <= 0)
        return;
    if (ns > 1000000000LL)
        ns = 1000000000LL;
    struct timespec rest = {(time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL)};
    nanosleep(&rest, NULL);
}

fh_result store_erase_expired(struct store *st, int64_t now_utc, int retention_days, size_t max,
                              size_t *count, char *err, size_t errlen)
{
    *count = 0;
    if (retention_days < 1)
        return fh_fail(err, errlen, FH_EINVAL, "retention: at least one day");
    /* A booking whose end (in UTC minutes) is at or before this minute has
     * been over for retention_days. */
    int64_t before = (now_utc - (int64_t)retention_days * SECONDS_PER_DAY) / 60;
    struct timespec began;
    clock_gettime(CLOCK_MONOTONIC, &began);
    bool finished = false;
    for (;;) {
        fh_result r = store_write_begin(st, err, errlen);
        if (r != FH_OK)
            return r;
        sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_ERASE_EXPIRED, err, errlen);
        int64_t ids[RETENTION_BATCH];
        size_t n = 0;
        if (s == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_int64(s, 1, before);
            sqlite3_bind_int(s, 2, RETENTION_BATCH);
            int rc;
            while (n < RETENTION_BATCH && (rc = store_step(s)) == SQLITE_ROW)
                ids[n++] = sqlite3_column_int64(s, 0);
            if (n < RETENTION_BATCH && rc != SQLITE_DONE)
                r = store_db_fail(st->writer.db, rc, "bookings past retention", err, errlen);
            store_stmt_release(s);
        }
        for (size_t i = 0; r == FH_OK && i < n; i++)
            r = erase_row(st, ids[i], now_utc, err, errlen);
        if (r == FH_OK)
            r = store_write_commit(st, err, errlen);
        else
            store_write_rollback(st);
        if (r != FH_OK)
            return r;
        *count += n;
        finished = n < RETENTION_BATCH;
        if (finished || (max > 0 && *count >= max))
            break;
        rest_as_long_as(began);
        clock_gettime(CLOCK_MONOTONIC, &began);
    }
    if (*count > 0) {
        /* Once the backlog is done: a truncation waits for the readers and
         * the checkpointer and holds the write lock meanwhile, too long to
         * pay after every slice of a large backlog. Until then the WAL's
         * copies of erased pages are overwritten as it is reused. */
        if (finished)
            store_wal_truncate(st);
        struct store_audit_event e = {"erase-retention", NULL, NULL, *count, "retention"};
        store_audit(st, &e);
    }
    return FH_OK;
}

/* ---- on request -------------------------------------------------------------------- */

/* The row of a booking as erasure needs it. */
struct erase_row_info {
    int64_t id;
    char code[STORE_CODE_LEN + 1];
    enum store_status status;
    fh_minute start;
    int utc_offset;
    int64_t erased_at;
    bool holder; /* the person asked about is its holder */
    uint8_t *pii;
    size_t pii_len;
};

/* Reads the booking of code; holder_key (may be "") marks whether the
 * person it keys is the holder. */
static fh_result erase_find(struct store *st, const char *code, const char *holder_key,
                            struct erase_row_info *row, char *err, size_t errlen)
{
    memset(row, 0, sizeof *row);
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_ERASE_FIND, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, holder_key, -1, SQLITE_STATIC);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW) {
        row->id = sqlite3_column_int64(s, 0);
        snprintf(row->code, sizeof row->code, "%s", (const char *)sqlite3_column_text(s, 1));
        const char *status = (const char *)sqlite3_column_text(s, 2);
        row->status = STORE_CANCELLED;
        for (int i = STORE_PENDING; i <= STORE_NO_SHOW; i++)
            if (status != NULL && strcmp(status, store_status_name((enum store_status)i)) == 0)
                row->status = (enum store_status)i;
        row->start = sqlite3_column_int64(s, 3);
        row->utc_offset = sqlite3_column_int(s, 4);
        row->erased_at = sqlite3_column_int64(s, 5);
        row->holder = sqlite3_column_int(s, 6) != 0;
        if (sqlite3_column_type(s, 7) != SQLITE_NULL) {
            row->pii_len = (size_t)sqlite3_column_bytes(s, 7);
            row->pii = fh_malloc(row->pii_len + 1);
            memcpy(row->pii, sqlite3_column_blob(s, 7), row->pii_len);
        }
    } else if (rc == SQLITE_DONE) {
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    } else {
        r = store_db_fail(st->writer.db, rc, "find booking", err, errlen);
    }
    store_stmt_release(s);
    return r;
}

/* Erases the whole booking, cancelling it first when it is still ahead:
 * nobody could be told of it or recognised at the counter any more. */
static fh_result erase_whole(struct store *st, const struct erase_row_info *row, int64_t now_utc,
                             struct store_erased *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    snprintf(out->code, sizeof out->code, "%s", row->code);
    fh_result r = FH_OK;
    bool ahead = row->start > fh_local_from_utc(now_utc, row->utc_offset);
    if (ahead && (row->status == STORE_PENDING || row->status == STORE_CONFIRMED)) {
        r = run_for(st, STORE_ST_BOOKING_CANCEL, row->id, now_utc, "cancel booking", err, errlen);
        out->cancelled = r == FH_OK;
    }
    if (r == FH_OK)
        r = erase_row(st, row->id, now_utc, err, errlen);
    return r;
}

/* Erases only the partner's part: their name and mask out of the sealed
 * fields, their person key. The holder's booking stands. */
static fh_result erase_partner(struct store *st, const struct erase_row_info *row,
                               struct store_erased *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    snprintf(out->code, sizeof out->code, "%s", row->code);
    out->partner_only = true;
    struct store_booking b;
    memset(&b, 0, sizeof b);
    fh_result r = FH_OK;
    uint8_t *sealed = NULL;
    size_t len = 0;
    if (row->pii != NULL) {
        r = store_keys_refresh(st, true, err, errlen);
        if (r == FH_OK)
            r = store_pii_open(st, row->code, row->pii, row->pii_len, &b, NULL, err, errlen);
        b.partner_name[0] = b.partner_national_id_masked[0] = '\0';
        if (r == FH_OK)
            sealed = store_pii_seal(st, row->code, &b, &len);
        fh_wipe(&b, sizeof b);
    }
    sqlite3_stmt *s =
        r == FH_OK ? store_stmt(&st->writer, STORE_ST_ERASE_PARTNER, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_int64(s, 1, row->id);
        if (sealed != NULL)
            sqlite3_bind_blob(s, 2, sealed, (int)len, SQLITE_STATIC);
        r = store_step_done(&st->writer, s, "erase partner", err, errlen);
    }
    free(sealed);
    /* The idempotency answer names the partner too. */
    if (r == FH_OK)
        r = run_for(st, STORE_ST_ERASE_IDEMPOTENCY, row->id, 0, "erase stored answer", err, errlen);
    return r;
}

static void audit_erased(struct store *st, const struct store_erased *e, size_t n, const char *by)
{
    for (size_t i = 0; i < n; i++) {
        struct store_audit_event ev = {e[i].partner_only ? "erase-partner" : "erase", e[i].code,
                                       NULL, 1, by};
        store_audit(st, &ev);
    }
}

fh_result store_erase_booking(struct store *st, const char *code, int64_t now_utc, const char *by,
                              struct store_erased *out, char *err, size_t errlen)
{
    char canon[STORE_CODE_LEN + 1];
    struct store_erased done;
    memset(&done, 0, sizeof done);
    if (out != NULL)
        memset(out, 0, sizeof *out);
    if (!store_code_normalise(code, canon))
        return fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct erase_row_info row;
    r = erase_find(st, canon, "", &row, err, errlen);
    bool again = r == FH_OK && row.erased_at != 0;
    if (r == FH_OK && !again)
        r = erase_whole(st, &row, now_utc, &done, err, errlen);
    if (again)
        snprintf(done.code, sizeof done.code, "%s", row.code);
    free(row.pii);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK)
        return r;
    if (!again) {
        store_wal_truncate(st);
        audit_erased(st, &done, 1, by);
    }
    if (out != NULL)
        *out = done;
    return FH_OK;
}

fh_result store_erase_person(struct store *st, const char *national_id, int64_t now_utc,
                             const char *by, struct store_erased **out, size_t *count, char *err,
                             size_t errlen)
{
    *out = NULL;
    *count = 0;
    char id[16], key[65];
    size_t n = national_id != NULL ? strlen(national_id) : 0;
    if (n == 0 || n >= sizeof id)
        return fh_fail(err, errlen, FH_EINVAL, "national_id: not a national ID");
    for (size_t i = 0; i <= n; i++)
        id[i] = national_id[i] >= 'a' && national_id[i] <= 'z' ? (char)(national_id[i] - 32)
                                                               : national_id[i];
    store_person_key(st, id, key);
    fh_wipe(id, sizeof id);

    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK) {
        fh_wipe(key, sizeof key);
        return r;
    }
    /* The codes first, then each row: one statement at a time. */
    char(*codes)[STORE_CODE_LEN + 1] = NULL;
    size_t nids = 0, cap = 0;
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_BOOKINGS_OF_PERSON, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            codes = fh_grow(codes, sizeof *codes, &cap, nids + 1);
            snprintf(codes[nids++], sizeof *codes, "%s", (const char *)sqlite3_column_text(s, 0));
        }
        if (rc != SQLITE_DONE)
            r = store_db_fail(st->writer.db, rc, "bookings of the person", err, errlen);
        store_stmt_release(s);
    }
    struct store_erased *list = fh_calloc(nids > 0 ? nids : 1, sizeof *list);
    for (size_t i = 0; r == FH_OK && i < nids; i++) {
        struct erase_row_info row;
        r = erase_find(st, codes[i], key, &row, err, errlen);
        if (r == FH_OK)
            r = row.holder ? erase_whole(st, &row, now_utc, &list[i], err, errlen)
                           : erase_partner(st, &row, &list[i], err, errlen);
        free(row.pii);
    }
    free(codes);
    /* Their draw requests: withdrawn before the draw, without contact after. */
    static const enum store_stmt_id draw_steps[] = {
        STORE_ST_DRAW_ERASE_PEOPLE, STORE_ST_DRAW_ERASE_UNRANKED, STORE_ST_DRAW_ERASE_PII};
    for (size_t i = 0; r == FH_OK && i < sizeof draw_steps / sizeof draw_steps[0]; i++) {
        sqlite3_stmt *d = store_stmt(&st->writer, draw_steps[i], err, errlen);
        if (d == NULL) {
            r = FH_EDB;
            break;
        }
        sqlite3_bind_text(d, 1, key, -1, SQLITE_STATIC);
        r = store_step_done(&st->writer, d, "erase draw requests", err, errlen);
    }
    fh_wipe(key, sizeof key);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    if (nids > 0) {
        store_wal_truncate(st);
        audit_erased(st, list, nids, by);
    }
    *out = list;
    *count = nids;
    return FH_OK;
}
