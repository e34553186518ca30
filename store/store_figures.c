/* store_figures.c: the figures of an office for its managers, one aggregate
 * statement per chart (their SQL is in store_db.c with every other
 * statement), read on a reader connection; and their query plans, so that
 * tests can hold them to the index of bookings by office and day.
 * Exports store_figures() and store_figures_plan(). */
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum store_stmt_id statement_of(enum store_figure which)
{
    return (enum store_stmt_id)(STORE_ST_FIG_TAKEN + (int)which);
}

fh_result store_figures(struct store *st, enum store_figure which, const char *office, fh_day first,
                        fh_day last, struct store_figure_row **out, size_t *count, char *err,
                        size_t errlen)
{
    *out = NULL;
    *count = 0;
    if ((int)which < 0 || which >= STORE_FIG_COUNT) {
        snprintf(err, errlen, "figures: no figure %d", (int)which);
        return FH_EINVAL;
    }
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, statement_of(which), err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, first);
    sqlite3_bind_int(s, 3, last);
    struct store_figure_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        rows = fh_grow(rows, sizeof *rows, &cap, n + 1);
        struct store_figure_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->key = sqlite3_column_int64(s, 0);
        const unsigned char *name = sqlite3_column_text(s, 1);
        snprintf(r->name, sizeof r->name, "%s", name != NULL ? (const char *)name : "");
        for (int k = 0; k < 3; k++)
            r->v[k] = sqlite3_column_int64(s, 2 + k);
    }
    fh_result res = FH_OK;
    if (rc != SQLITE_DONE)
        res = store_db_fail(c->db, rc, "figures", err, errlen);
    store_stmt_release(s);
    store_read_end(st, c);
    if (res != FH_OK) {
        free(rows);
        return res;
    }
    *out = rows;
    *count = n;
    return FH_OK;
}

fh_result store_figures_plan(struct store *st, enum store_figure which, char *out, size_t len,
                             char *err, size_t errlen)
{
    if (len > 0)
        out[0] = '\0';
    if ((int)which < 0 || which >= STORE_FIG_COUNT) {
        snprintf(err, errlen, "figures: no figure %d", (int)which);
        return FH_EINVAL;
    }
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, statement_of(which), err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    char *sql = fh_asprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(s));
    store_stmt_release(s);
    sqlite3_stmt *plan = NULL;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &plan, NULL);
    free(sql);
    size_t used = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(plan)) != SQLITE_ROW)
            break;
        const unsigned char *detail = sqlite3_column_text(plan, 3);
        int w =
            snprintf(out + used, len - used, "%s\n", detail != NULL ? (const char *)detail : "");
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
    fh_result res = FH_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        res = store_db_fail(c->db, rc, "figures: query plan", err, errlen);
    sqlite3_finalize(plan);
    store_read_end(st, c);
    return res;
}
