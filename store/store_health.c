/* store_health.c: whether the store can serve: a read of the data and a
 * durable write (a probe row of meta, committed with its fsync), so that a
 * corrupt file, a full or read-only disk, or a lost directory shows before
 * a citizen's booking fails; the quick integrity check made at start; and
 * the recount of the kept occupancy counts (`flexhours check`). */
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs one statement on db to its end (through store_step, so that the
 * tests' injected failures reach it too). */
static fh_result run(sqlite3 *db, const char *sql, const char *what, char *err, size_t errlen)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(db, rc, what, err, errlen);
    while ((rc = store_step(s)) == SQLITE_ROW)
        ;
    fh_result r = rc == SQLITE_DONE ? FH_OK : store_db_fail(db, rc, what, err, errlen);
    sqlite3_finalize(s);
    return r;
}

fh_result store_ready(struct store *st, char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    /* The first pages of the tables the service reads most. */
    fh_result r = run(c->db, "SELECT id FROM booking LIMIT 1", "reading", err, errlen);
    if (r == FH_OK)
        r = run(c->db, "SELECT id FROM outbox LIMIT 1", "reading", err, errlen);
    store_read_end(st, c);
    if (r != FH_OK)
        return r;
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    char sql[128];
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO meta (name, value) VALUES ('ready_probe', %lld)",
             (long long)fh_clock_now());
    r = run(st->writer.db, sql, "writing", err, errlen);
    if (r != FH_OK) {
        store_write_rollback(st);
        return r;
    }
    return store_write_commit(st, err, errlen);
}

fh_result store_quick_check(struct store *st, char *err, size_t errlen)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->writer.db, "PRAGMA quick_check(1)", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(st->writer.db, rc, "quick_check", err, errlen);
    fh_result r = FH_OK;
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW)
        r = store_db_fail(st->writer.db, rc, "quick_check", err, errlen);
    else if (strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0)
        r = fh_fail(err, errlen, FH_EDB, "the database is damaged: %s",
                    (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return r;
}

fh_result store_occupancy_recount(struct store *st, struct store_occupancy_recount *out, char *err,
                                  size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OCCUPANCY_RECOUNT, err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    size_t cap = 0;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        long kept = (long)sqlite3_column_int64(s, 5), counted = (long)sqlite3_column_int64(s, 6);
        out->keys++;
        out->places += counted;
        if (kept == counted)
            continue;
        out->diffs = fh_grow(out->diffs, sizeof *out->diffs, &cap, out->diff_count + 1);
        struct store_occupancy_diff *d = &out->diffs[out->diff_count++];
        memset(d, 0, sizeof *d);
        snprintf(d->office, sizeof d->office, "%s", (const char *)sqlite3_column_text(s, 0));
        d->day = (fh_day)sqlite3_column_int(s, 1);
        d->start = sqlite3_column_int64(s, 2);
        d->minutes = sqlite3_column_int(s, 3);
        snprintf(d->service, sizeof d->service, "%s", (const char *)sqlite3_column_text(s, 4));
        d->kept = kept;
        d->counted = counted;
    }
    fh_result r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "recount", err, errlen);
    store_stmt_release(s);
    store_read_end(st, c);
    if (r != FH_OK) {
        free(out->diffs);
        memset(out, 0, sizeof *out);
    }
    return r;
}
