/* store_survey.c: the satisfaction survey after a visit: an answer stored
 * once per booking (the rule checked in the writer's transaction), and the
 * figures of an office's answers, averages by month and window and the
 * comments, read on a reader connection. The answers name no person: an
 * erasure unlinks them from their booking (store_erase.c). Exports
 * store_survey_*() and store_satisfaction(). */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fh_result answered_on(struct store_conn *c, int64_t booking_id, bool *answered, char *err,
                             size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_SURVEY_ANSWERED, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, booking_id);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW)
        *answered = sqlite3_column_int(s, 0) > 0;
    else
        r = store_db_fail(c->db, rc, "survey answered", err, errlen);
    store_stmt_release(s);
    return r;
}

fh_result store_survey_answered(struct store *st, int64_t booking_id, bool *answered, char *err,
                                size_t errlen)
{
    *answered = false;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = answered_on(c, booking_id, answered, err, errlen);
    store_read_end(st, c);
    return r;
}

fh_result store_survey_save(struct store *st, const struct sched_office *office, const char *code,
                            const char *token, const struct store_survey_answer *a, fh_minute now,
                            enum sched_survey *why, char *err, size_t errlen)
{
    *why = SCHED_SURVEY_OK;
    struct store_booking b;
    struct store_row_extra x;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = store_booking_for_change_token(st, code, token, &b, &x, err, errlen);
    if (r == FH_OK && strcmp(b.office, sched_office_spec(office)->id) != 0)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking at this office");
    bool answered = false;
    if (r == FH_OK)
        r = answered_on(&st->writer, b.id, &answered, err, errlen);
    if (r == FH_OK) {
        *why = sched_survey_check(office, b.start, b.status == STORE_COMPLETED, answered,
                                  b.erased_at != 0, now);
        if (*why != SCHED_SURVEY_OK)
            r = fh_fail(err, errlen, FH_EREFUSED, "%s", sched_survey_code(*why));
    }
    sqlite3_stmt *s =
        r == FH_OK ? store_stmt(&st->writer, STORE_ST_SURVEY_INSERT, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_int64(s, 1, b.id);
        sqlite3_bind_text(s, 2, b.office, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, b.service, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, b.window, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 5, fh_day_of(b.start));
        sqlite3_bind_int(s, 6, a->waiting);
        sqlite3_bind_int(s, 7, a->courtesy);
        sqlite3_bind_int(s, 8, a->overall);
        sqlite3_bind_text(s, 9, a->comment != NULL ? a->comment : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 10, fh_clock_now());
        r = store_step_done(&st->writer, s, "store survey answer", err, errlen);
    }
    fh_wipe(&b, sizeof b);
    if (r == FH_OK)
        return store_write_commit(st, err, errlen);
    store_write_rollback(st);
    return r;
}

/* Runs a figures statement of office and days on a reader, calling row for
 * each result row. */
static fh_result read_rows(struct store *st, enum store_stmt_id id, const char *office,
                           fh_day first, fh_day last, int limit,
                           void (*row)(sqlite3_stmt *s, void *arg), void *arg, char *err,
                           size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, id, err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, first);
    sqlite3_bind_int(s, 3, last);
    if (limit > 0)
        sqlite3_bind_int(s, 4, limit);
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW)
        row(s, arg);
    fh_result r =
        rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "survey figures", err, errlen);
    store_stmt_release(s);
    store_read_end(st, c);
    return r;
}

static void text_column(sqlite3_stmt *s, int i, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(out, len, "%s", t != NULL ? (const char *)t : "");
}

struct averages {
    struct store_satisfaction *rows;
    size_t n, cap;
};

static void average_row(sqlite3_stmt *s, void *arg)
{
    struct averages *a = arg;
    a->rows = fh_grow(a->rows, sizeof *a->rows, &a->cap, a->n + 1);
    struct store_satisfaction *r = &a->rows[a->n++];
    memset(r, 0, sizeof *r);
    text_column(s, 0, r->window, sizeof r->window);
    r->month = sqlite3_column_int(s, 1);
    r->answers = sqlite3_column_int(s, 2);
    r->waiting = sqlite3_column_double(s, 3);
    r->courtesy = sqlite3_column_double(s, 4);
    r->overall = sqlite3_column_double(s, 5);
}

fh_result store_satisfaction(struct store *st, const char *office, fh_day first, fh_day last,
                             struct store_satisfaction **out, size_t *count, char *err,
                             size_t errlen)
{
    struct averages a = {0};
    fh_result r = read_rows(st, STORE_ST_SURVEY_AVERAGES, office, first, last, 0, average_row, &a,
                            err, errlen);
    if (r != FH_OK) {
        free(a.rows);
        a.rows = NULL;
        a.n = 0;
    }
    *out = a.rows;
    *count = a.n;
    return r;
}

struct comments {
    struct store_survey_comment *rows;
    size_t n, cap;
};

static void comment_row(sqlite3_stmt *s, void *arg)
{
    struct comments *c = arg;
    c->rows = fh_grow(c->rows, sizeof *c->rows, &c->cap, c->n + 1);
    struct store_survey_comment *r = &c->rows[c->n++];
    memset(r, 0, sizeof *r);
    r->day = sqlite3_column_int(s, 0);
    text_column(s, 1, r->window, sizeof r->window);
    text_column(s, 2, r->service, sizeof r->service);
    r->waiting = sqlite3_column_int(s, 3);
    r->courtesy = sqlite3_column_int(s, 4);
    r->overall = sqlite3_column_int(s, 5);
    text_column(s, 6, r->comment, sizeof r->comment);
}

fh_result store_survey_comments(struct store *st, const char *office, fh_day first, fh_day last,
                                int limit, struct store_survey_comment **out, size_t *count,
                                char *err, size_t errlen)
{
    struct comments c = {0};
    fh_result r = read_rows(st, STORE_ST_SURVEY_COMMENTS, office, first, last,
                            limit > 0 ? limit : 1, comment_row, &c, err, errlen);
    if (r != FH_OK) {
        free(c.rows);
        c.rows = NULL;
        c.n = 0;
    }
    *out = c.rows;
    *count = c.n;
    return r;
}
