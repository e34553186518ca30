/* test_store_plans.c: every statement of the store's statement table is
 * held to an index. EXPLAIN QUERY PLAN runs on each (all parameters NULL)
 * against a freshly migrated database; a full scan of the bookings or of
 * the kept occupancy counts (a plan line "SCAN booking", with or without a
 * covering index, or the same under the statement's alias for the table)
 * fails the test, unless the statement is on the allowlist below, which
 * says why each one may read every row. A table that grows with every
 * booking must never be read whole on a request's path: the slot listing
 * that read every booking of its days ran 45 times slower with 40,000
 * bookings ahead than on an empty database. */
#include "store/store_internal.h"
#include "tests/unit/check.h"

#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

/* Statements that may read a whole table that grows with the bookings:
 * none runs on a citizen's or a manager's request. */
static const struct {
    enum store_stmt_id id;
    const char *why;
} allowed[] = {
    {STORE_ST_PII_KEY_ROWS, "`flexhours keys list` and retiring a key: how many rows a key "
                            "seals is a question about every row (an operator's command)"},
    {STORE_ST_OCCUPANCY_RECOUNT, "`flexhours check`: the recount of every booking against the "
                                 "kept counts is the point of the check (an operator's command)"},
};

static const char *allowed_why(enum store_stmt_id id)
{
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (allowed[i].id == id)
            return allowed[i].why;
    return NULL;
}

/* The tables held to an index: the bookings, the kept counts, and the
 * idempotency answers (a day of requests, searched on every erasure). */
static const char *const watched[] = {"booking", "booking_taken", "idempotency"};

#define NAMES_MAX 8

/* Whether word (of length n) is a keyword that can follow a table's name
 * where an alias could stand. */
static bool keyword(const char *word, size_t n)
{
    static const char *const words[] = {"where", "on",    "join",  "left",   "inner",
                                        "cross", "group", "order", "limit",  "set",
                                        "using", "union", "as",    "natural"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && strncasecmp(word, words[i], n) == 0)
            return true;
    return false;
}

/* The names a plan may give the table in sql: its own and every alias
 * ("FROM booking b", "JOIN booking AS b"). */
static size_t names_of(const char *sql, const char *table, char names[NAMES_MAX][32])
{
    size_t count = 0, tlen = strlen(table);
    snprintf(names[count++], sizeof names[0], "%s", table);
    for (const char *p = sql; (p = strcasestr(p, table)) != NULL; p += tlen) {
        bool starts = p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool ends = !(isalnum((unsigned char)p[tlen]) || p[tlen] == '_');
        if (!starts || !ends)
            continue;
        const char *q = p + tlen;
        for (int pass = 0; pass < 2; pass++) {
            while (*q == ' ')
                q++;
            size_t n = 0;
            while (isalnum((unsigned char)q[n]) || q[n] == '_')
                n++;
            if (n == 0)
                break;
            if (n == 2 && strncasecmp(q, "as", 2) == 0) {
                q += n;
                continue;
            }
            if (!keyword(q, n) && count < NAMES_MAX && n < sizeof names[0])
                snprintf(names[count++], sizeof names[0], "%.*s", (int)n, q);
            break;
        }
    }
    return count;
}

/* Whether name (of length n) stands at p, as a whole word. */
static bool named_at(const char *p, const char *name)
{
    size_t n = strlen(name);
    return strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == ' ');
}

/* Whether a plan line reads the whole table under one of its names: "SCAN
 * NAME" (alone, or with " USING ..." or " LEFT-JOIN" after), or an index
 * SQLite builds for the statement ("SEARCH NAME USING AUTOMATIC ...", a
 * "BLOOM FILTER ON NAME"), which reads every row to build it; or all of an
 * office's rows, past and future: a search bounded by the office alone
 * ("... (office=?)"), which is how the lapse pass read every booking the
 * office ever had. */
static bool scans(const char *detail, char names[NAMES_MAX][32], size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strncmp(detail, "SCAN ", 5) == 0 && named_at(detail + 5, names[i]))
            return true;
        if (strncmp(detail, "SEARCH ", 7) == 0 && named_at(detail + 7, names[i]) &&
            (strstr(detail, " USING AUTOMATIC ") != NULL || strstr(detail, " (office=?)") != NULL))
            return true;
        if (strncmp(detail, "BLOOM FILTER ON ", 16) == 0 && named_at(detail + 16, names[i]))
            return true;
    }
    return false;
}

/* The plan of one statement, its lines joined; *bad says whether a line
 * scans a watched table. */
static char *plan_of(sqlite3 *db, const char *sql, bool *bad)
{
    char *text = fh_asprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, text, -1, &s, NULL);
    free(text);
    *bad = false;
    if (rc != SQLITE_OK) {
        *bad = true;
        return fh_asprintf("(does not prepare: %s)", sqlite3_errmsg(db));
    }
    char names[sizeof watched / sizeof watched[0]][NAMES_MAX][32];
    size_t counts[sizeof watched / sizeof watched[0]];
    for (size_t t = 0; t < sizeof watched / sizeof watched[0]; t++)
        counts[t] = names_of(sql, watched[t], names[t]);
    char *plan = fh_strdup("");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *detail = (const char *)sqlite3_column_text(s, 3);
        if (detail == NULL)
            continue;
        for (size_t t = 0; t < sizeof watched / sizeof watched[0]; t++)
            *bad |= scans(detail, names[t], counts[t]);
        char *more = fh_asprintf("%s  %s\n", plan, detail);
        free(plan);
        plan = more;
    }
    if (rc != SQLITE_DONE)
        *bad = true;
    sqlite3_finalize(s);
    return plan;
}

static void test_every_statement(const char *path)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    int scanning = 0;
    for (int id = 0; id < STORE_ST_COUNT; id++) {
        const char *sql = store_stmt_sql((enum store_stmt_id)id);
        if (sql == NULL) {
            printf("statement %d has no SQL\n", id);
            check_failures++;
            continue;
        }
        bool bad;
        char *plan = plan_of(db, sql, &bad);
        const char *why = allowed_why((enum store_stmt_id)id);
        if (bad && why == NULL) {
            printf("statement %d reads a whole table that grows with the bookings:\n  %s\n%s", id,
                   sql, plan);
            check_failures++;
        }
        /* An allowlisted statement that no longer scans should leave the
         * list: the list says what is true. */
        if (!bad && why != NULL) {
            printf("statement %d is allowed to scan (%s) but no longer does:\n%s", id, why, plan);
            check_failures++;
        }
        scanning += bad;
        free(plan);
    }
    CHECK_INT(scanning, (int)(sizeof allowed / sizeof allowed[0]));
    sqlite3_close(db);
}

/* The test's own reading of plans, on statements of known shape. */
static void test_reading_plans(const char *path)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    bool bad;
    char *plan = plan_of(db, "SELECT count(*) FROM booking WHERE lang = ?1", &bad);
    CHECK(bad);
    free(plan);
    plan = plan_of(db, "SELECT b.id FROM booking AS b WHERE b.lang = ?1", &bad);
    CHECK(bad);
    free(plan);
    /* SQLite would index the bookings by lang for this one statement. */
    plan = plan_of(db, "SELECT o.id FROM outbox o LEFT JOIN booking b ON b.lang = o.kind", &bad);
    CHECK(bad);
    free(plan);
    plan = plan_of(db, "SELECT count(*) FROM booking_taken WHERE places > ?1", &bad);
    CHECK(bad);
    free(plan);
    plan = plan_of(db, "SELECT id FROM booking WHERE code = ?1", &bad);
    CHECK(!bad);
    free(plan);
    /* Every booking the office ever had. */
    plan = plan_of(db, "SELECT id FROM booking WHERE office = ?1 AND lang = ?2", &bad);
    CHECK(bad);
    free(plan);
    plan = plan_of(db, "SELECT id FROM booking WHERE office = ?1 AND day = ?2", &bad);
    CHECK(!bad);
    free(plan);
    plan = plan_of(db, "SELECT count(*) FROM outbox", &bad);
    CHECK(!bad);
    free(plan);
    sqlite3_close(db);
}

int main(void)
{
    char tmpl[] = "/tmp/fh-plans-XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (dir == NULL)
        fh_fatal("mkdtemp failed");
    char *path = fh_asprintf("%s/plans.db", dir);
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    store_close(st);

    test_reading_plans(path);
    test_every_statement(path);

    static const char *const suffixes[] = {"", ".key", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *file = fh_asprintf("%s%s", path, suffixes[i]);
        unlink(file);
        free(file);
    }
    rmdir(dir);
    free(path);
    return check_result();
}
