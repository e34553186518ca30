/* test_store_checkpoint.c: the WAL is copied into the database by the
 * store's own checkpointer thread, not inside a writer's COMMIT: after
 * commits that take the WAL past its threshold, the thread has run, what
 * was committed is all there, and a store closed and opened again reads it
 * back. ":memory:" has no checkpointer. */
#include "store/store_internal.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define COMMITS 1200

static long long count_rows(sqlite3 *db)
{
    sqlite3_stmt *s;
    long long n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM scratch", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    char dir[256];
    snprintf(dir, sizeof dir, "%s/test_ckpt.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(dir) == NULL)
        fh_fatal("mkdtemp");
    fh_log_set_level(FH_LOG_WARN);
    char *path = fh_asprintf("%s/ckpt.db", dir);
    char err[FH_ERR_LEN] = "";
    struct store *st;
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    CHECK(st->checkpointer != NULL);
    unsigned long before = store_checkpoints(st);

    /* One page or two a commit, through the writer as the store writes:
     * the writer's WAL hook sees every commit. */
    sqlite3 *db = st->writer.db;
    /* No fsync a commit: this is about who checkpoints, not durability. */
    CHECK_INT(sqlite3_exec(db,
                           "PRAGMA synchronous = OFF; CREATE TABLE scratch (n INTEGER, pad BLOB)",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_stmt *ins;
    CHECK_INT(
        sqlite3_prepare_v2(db, "INSERT INTO scratch VALUES (?, zeroblob(3000))", -1, &ins, NULL),
        SQLITE_OK);
    for (int i = 0; i < COMMITS; i++) {
        sqlite3_bind_int(ins, 1, i);
        CHECK_INT(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);

    /* The thread runs when it is woken; give it up to 20 s (valgrind). */
    for (int waited = 0; store_checkpoints(st) == before && waited < 2000; waited++) {
        struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    CHECK(store_checkpoints(st) > before);
    CHECK_INT(count_rows(db), COMMITS);
    store_close(st);

    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    CHECK_INT(count_rows(st->writer.db), COMMITS);
    store_close(st);

    CHECK_INT(store_open(":memory:", &st, err, sizeof err), FH_OK);
    CHECK(st->checkpointer == NULL);
    CHECK_INT(store_checkpoints(st), 0);
    store_close(st);

    static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
    free(path);
    rmdir(dir);
    return check_result();
}
