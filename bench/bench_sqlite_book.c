/* bench_sqlite_book.c: the SQLite ceiling for bench/api.sh: one connection
 * in a loop of booking-like transactions (BEGIN IMMEDIATE, count the slot's
 * bookings, read its capacity, INSERT, COMMIT) with WAL and synchronous=FULL,
 * as the store runs them. A baseline, hence its own SQL outside store/.
 * Usage: bench_sqlite_book DB-FILE SECONDS. Prints tx/s, p50 and p99 (ms). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 2000

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void must(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bench_sqlite_book: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_sqlite_book DB-FILE SECONDS\n");
        return 64;
    }
    double seconds = strtod(argv[2], NULL);
    sqlite3 *db;
    must(sqlite3_open(argv[1], &db), db, "open");
    must(sqlite3_exec(db,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                      "CREATE TABLE IF NOT EXISTS slot(id INTEGER PRIMARY KEY, capacity INT);"
                      "CREATE TABLE IF NOT EXISTS booking(id INTEGER PRIMARY KEY, slot_id INT "
                      "REFERENCES slot(id), code TEXT UNIQUE, person TEXT, name TEXT, phone TEXT,"
                      " created_at INT);"
                      "CREATE INDEX IF NOT EXISTS booking_slot ON booking(slot_id);",
                      NULL, NULL, NULL),
         db, "schema");
    must(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
    for (int i = 1; i <= SLOTS; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO slot VALUES(%d, 1000000)", i);
        must(sqlite3_exec(db, sql, NULL, NULL, NULL), db, "slots");
    }
    must(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");

    sqlite3_stmt *begin, *count, *cap, *ins, *commit;
    must(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL), db, "prepare");
    must(sqlite3_prepare_v2(db, "SELECT count(*) FROM booking WHERE slot_id=?", -1, &count, NULL),
         db, "prepare");
    must(sqlite3_prepare_v2(db, "SELECT capacity FROM slot WHERE id=?", -1, &cap, NULL), db,
         "prepare");
    must(sqlite3_prepare_v2(db,
                            "INSERT INTO booking(slot_id, code, person, name, phone, created_at)"
                            " VALUES(?, ?, ?, 'Bench', '+886912345678', ?)",
                            -1, &ins, NULL),
         db, "prepare");
    must(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL), db, "prepare");

    size_t cap_lat = 1 << 16, n = 0;
    double *lat = malloc(cap_lat * sizeof *lat);
    double t0 = now_ms(), end = t0 + seconds * 1e3, t;
    while ((t = now_ms()) < end) {
        int slot = (int)(n % SLOTS) + 1;
        char code[48], person[24];
        snprintf(code, sizeof code, "C%.0f-%zu", t0, n); /* unique across runs */
        snprintf(person, sizeof person, "P%zu", n);
        must(sqlite3_step(begin), db, "begin");
        sqlite3_reset(begin);
        sqlite3_bind_int(count, 1, slot);
        must(sqlite3_step(count), db, "count");
        int taken = sqlite3_column_int(count, 0);
        sqlite3_reset(count);
        sqlite3_bind_int(cap, 1, slot);
        must(sqlite3_step(cap), db, "capacity");
        int capacity = sqlite3_column_int(cap, 0);
        sqlite3_reset(cap);
        if (taken < capacity) {
            sqlite3_bind_int(ins, 1, slot);
            sqlite3_bind_text(ins, 2, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 3, person, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ins, 4, (sqlite3_int64)time(NULL));
            must(sqlite3_step(ins), db, "insert");
            sqlite3_reset(ins);
        }
        must(sqlite3_step(commit), db, "commit");
        sqlite3_reset(commit);
        if (n == cap_lat) {
            cap_lat *= 2;
            lat = realloc(lat, cap_lat * sizeof *lat);
            if (lat == NULL)
                return 1;
        }
        lat[n++] = now_ms() - t;
    }
    double elapsed = (now_ms() - t0) / 1e3;
    qsort(lat, n, sizeof *lat, cmp_double);
    printf("tx %zu\ntx_per_s %.0f\np50_ms %.3f\np99_ms %.3f\n", n, (double)n / elapsed,
           n ? lat[n / 2] : 0.0, n ? lat[n * 99 / 100] : 0.0);
    free(lat);
    sqlite3_finalize(begin);
    sqlite3_finalize(count);
    sqlite3_finalize(cap);
    sqlite3_finalize(ins);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    return 0;
}
