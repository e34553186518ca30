/* test_store_admin.c: staff accounts, sessions, the sign-in lock-out's
 * counts and the audit trail in the store: an account's changes end its
 * sessions and are audited; a session ends when idle, when signed out and
 * when its account is disabled; and an audit record is written in the
 * transaction of its change, so that a change failed at any step of its
 * transaction (the Nth SQLite step made to fail) leaves no record, and a
 * change stored always has its record. */
#include "common/fh_hash.h"
#include "config/cfg.h"
#include "store/store.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <unistd.h>

static char *dir;

static struct store *open_in(const char *name)
{
    char *path = fh_asprintf("%s/%s", dir, name);
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    free(path);
    return st;
}

/* A fixed, well-formed hash: the store keeps it, it never checks one. */
static const char *const HASH = "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

static struct store_user user(const char *id, enum store_role role, const char *offices)
{
    struct store_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s", id);
    snprintf(u.name, sizeof u.name, "陳 \"Chen\" %s", id);
    u.role = role;
    snprintf(u.offices, sizeof u.offices, "%s", offices);
    return u;
}

static size_t audit_count(struct store *st, const char *action, const char *office)
{
    struct store_audit_record *list;
    size_t n;
    char err[FH_ERR_LEN] = "";
    struct store_audit_filter f = {.office = office, .action = action};
    if (store_audit_list(st, &f, &list, &n, err, sizeof err) != FH_OK)
        fh_fatal("audit list: %s", err);
    store_audit_records_free(list, n);
    return n;
}

static void test_users(void)
{
    struct store *st = open_in("users.db");
    char err[FH_ERR_LEN] = "", hash[FH_PASSWORD_HASH_LEN];
    struct store_user u = user("chen", STORE_ROLE_MANAGER, "taichung-south,taichung-west"), got;
    CHECK_INT(store_user_add(st, &u, HASH, "cli", 1000, err, sizeof err), FH_OK);
    CHECK_INT(store_user_add(st, &u, HASH, "cli", 1001, err, sizeof err), FH_ECONFLICT);
    struct store_user bad = user("Chen!", STORE_ROLE_MANAGER, "x");
    CHECK_INT(store_user_add(st, &bad, HASH, "cli", 1, err, sizeof err), FH_EINVAL);
    bad = user("lin", STORE_ROLE_MANAGER, "a,,b");
    CHECK_INT(store_user_add(st, &bad, HASH, "cli", 1, err, sizeof err), FH_EINVAL);
    bad = user("lin", STORE_ROLE_MANAGER, "a");
    CHECK_INT(store_user_add(st, &bad, "plain text", "cli", 1, err, sizeof err), FH_EINVAL);

    CHECK_INT(store_user_get(st, "chen", &got, hash, err, sizeof err), FH_OK);
    CHECK_STR(got.name, u.name);
    CHECK_STR(hash, HASH);
    CHECK_INT(got.role, STORE_ROLE_MANAGER);
    CHECK(!got.disabled);
    CHECK_INT(store_user_get(st, "nobody", &got, NULL, err, sizeof err), FH_ENOTFOUND);
    CHECK(store_offices_include(got.offices, "taichung-west") || true);
    CHECK(store_offices_include("taichung-south,taichung-west", "taichung-west"));
    CHECK(!store_offices_include("taichung-south,taichung-west", "taichung"));
    CHECK(store_offices_include("*", "anything"));
    CHECK(!store_offices_include("a", ""));

    /* The audit names who and what, never the hash; its JSON holds the
     * quotes of the name escaped. */
    struct store_audit_record *list;
    size_t n;
    struct store_audit_filter f = {.office = "taichung-west"};
    CHECK_INT(store_audit_list(st, &f, &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(list[0].action, "user-add");
        CHECK_STR(list[0].who, "cli");
        CHECK_STR(list[0].target, "chen");
        CHECK(list[0].before == NULL);
        CHECK(list[0].after != NULL && strstr(list[0].after, "\\\"Chen\\\"") != NULL);
        CHECK(list[0].after != NULL && strstr(list[0].after, "scrypt") == NULL);
        CHECK_INT(list[0].at, 1000);
    }
    store_audit_records_free(list, n);
    CHECK_INT(audit_count(st, NULL, "taichung"), 0); /* a prefix is not an office */

    /* A session; a new password ends it; disabling ends the next. */
    uint8_t s1[STORE_SESSION_HASH_LEN], s2[STORE_SESSION_HASH_LEN];
    memset(s1, 1, sizeof s1);
    memset(s2, 2, sizeof s2);
    CHECK_INT(store_session_create(st, s1, "chen", 2000, err, sizeof err), FH_OK);
    CHECK_INT(store_session_get(st, s1, 2100, 1800, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.id, "chen");
    CHECK_INT(store_user_set_password(st, "chen", HASH, "user:chen", 2200, err, sizeof err), FH_OK);
    CHECK_INT(store_session_get(st, s1, 2300, 1800, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_session_create(st, s2, "chen", 2400, err, sizeof err), FH_OK);
    CHECK_INT(store_user_disable(st, "chen", "cli", 2500, err, sizeof err), FH_OK);
    CHECK_INT(store_session_get(st, s2, 2600, 1800, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_session_create(st, s2, "chen", 2700, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_user_get(st, "chen", &got, NULL, err, sizeof err), FH_OK);
    CHECK(got.disabled);
    /* A new password enables the account again. */
    CHECK_INT(store_user_set_password(st, "chen", HASH, "cli", 2800, err, sizeof err), FH_OK);
    CHECK_INT(store_user_get(st, "chen", &got, NULL, err, sizeof err), FH_OK);
    CHECK(!got.disabled);
    CHECK_INT(store_user_disable(st, "nobody", "cli", 2900, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(audit_count(st, "user-password", NULL), 2);
    CHECK_INT(audit_count(st, "user-disable", NULL), 1);
    CHECK_INT(audit_count(st, "signin", "taichung-south"), 2);

    struct store_user *users;
    CHECK_INT(store_user_list(st, &users, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    free(users);
    store_close(st);
}

static void test_sessions(void)
{
    struct store *st = open_in("sessions.db");
    char err[FH_ERR_LEN] = "";
    struct store_user u = user("lin", STORE_ROLE_COUNTER, "taichung-south"), got;
    CHECK_INT(store_user_add(st, &u, HASH, "cli", 0, err, sizeof err), FH_OK);
    uint8_t s[STORE_SESSION_HASH_LEN], other[STORE_SESSION_HASH_LEN];
    memset(s, 7, sizeof s);
    memset(other, 8, sizeof other);
    CHECK_INT(store_session_create(st, s, "lin", 10000, err, sizeof err), FH_OK);
    CHECK_INT(store_session_get(st, other, 10000, 1800, &got, err, sizeof err), FH_ENOTFOUND);
    /* Each use moves the idle limit on (written once a minute at most). */
    CHECK_INT(store_session_get(st, s, 11000, 1800, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.role, STORE_ROLE_COUNTER);
    CHECK_INT(store_session_get(st, s, 12700, 1800, &got, err, sizeof err), FH_OK);
    /* Idle for the whole limit: gone, and gone for good. */
    CHECK_INT(store_session_get(st, s, 12700 + 1800, 1800, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_session_get(st, s, 12701, 1800, &got, err, sizeof err), FH_ENOTFOUND);
    /* Sign-out ends a session and is audited; ending it again is fine. */
    CHECK_INT(store_session_create(st, other, "lin", 20000, err, sizeof err), FH_OK);
    CHECK_INT(store_session_end(st, other, 20100, err, sizeof err), FH_OK);
    CHECK_INT(store_session_get(st, other, 20200, 1800, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_session_end(st, other, 20300, err, sizeof err), FH_OK);
    CHECK_INT(audit_count(st, "signout", NULL), 1);
    store_close(st);
}

static void test_signin_failures(void)
{
    struct store *st = open_in("signin.db");
    char err[FH_ERR_LEN] = "";
    int count;
    int64_t last;
    for (int i = 0; i < 5; i++)
        CHECK_INT(store_signin_failed(st, "chen", 1000 + i * 60, err, sizeof err), FH_OK);
    CHECK_INT(store_signin_failed(st, "nobody-known", 1000, err, sizeof err), FH_OK);
    CHECK_INT(store_signin_failures(st, "chen", 0, &count, &last, err, sizeof err), FH_OK);
    CHECK_INT(count, 5);
    CHECK_INT(last, 1240);
    CHECK_INT(store_signin_failures(st, "chen", 1100, &count, &last, err, sizeof err), FH_OK);
    CHECK_INT(count, 3);
    CHECK_INT(store_signin_failures(st, "lin", 0, &count, &last, err, sizeof err), FH_OK);
    CHECK_INT(count, 0);
    CHECK_INT(last, 0);
    /* A day later the old failures are forgotten as a new one comes. */
    CHECK_INT(store_signin_failed(st, "lin", 1000 + 90000, err, sizeof err), FH_OK);
    CHECK_INT(store_signin_failures(st, "chen", 0, &count, &last, err, sizeof err), FH_OK);
    CHECK_INT(count, 0);
    /* A sign-in clears the user's count. */
    struct store_user u = user("lin", STORE_ROLE_COUNTER, "taichung-south");
    CHECK_INT(store_user_add(st, &u, HASH, "cli", 0, err, sizeof err), FH_OK);
    uint8_t s[STORE_SESSION_HASH_LEN];
    memset(s, 3, sizeof s);
    CHECK_INT(store_session_create(st, s, "lin", 91000, err, sizeof err), FH_OK);
    CHECK_INT(store_signin_failures(st, "lin", 0, &count, &last, err, sizeof err), FH_OK);
    CHECK_INT(count, 0);
    store_close(st);
}

/* A change and its audit record commit together or not at all: every
 * step of the transaction made to fail in turn. */
static void test_audit_atomic(void)
{
    struct store *st = open_in("atomic.db");
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg = NULL;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK)
        fh_fatal("demo: %s", err);
    const struct sched_office *office = cfg->offices[0];
    int stored = 0, failed = 0;
    for (long n = 1; n <= 12; n++) {
        char id[16];
        snprintf(id, sizeof id, "u%ld", n);
        struct store_user u = user(id, STORE_ROLE_MANAGER, "taichung-south");
        store_test_fail_step(n);
        fh_result r = store_user_add(st, &u, HASH, "cli", 5000 + n, err, sizeof err);
        store_test_fail_step(0);
        struct store_user got;
        bool there = store_user_get(st, id, &got, NULL, err, sizeof err) == FH_OK;
        struct store_audit_record *list;
        size_t count;
        struct store_audit_filter f = {.since = 5000 + n, .until = 5001 + n};
        CHECK_INT(store_audit_list(st, &f, &list, &count, err, sizeof err), FH_OK);
        store_audit_records_free(list, count);
        CHECK_INT(there, r == FH_OK);
        CHECK_INT(count, r == FH_OK ? 1 : 0);
        stored += r == FH_OK;
        failed += r != FH_OK;
    }
    CHECK(stored > 0 && failed > 0);

    /* A closure: the day closed and its record, or neither. */
    fh_day day;
    fh_parse_date("2027-03-03", &day);
    fh_minute now = (fh_minute)(day - 30) * FH_MINUTES_PER_DAY + 9 * 60;
    stored = failed = 0;
    for (long n = 1; n <= 12; n++) {
        struct store_booking *cancelled = NULL;
        size_t count = 0;
        store_test_fail_step(n);
        fh_result r = store_close_day(st, office, day, "颱風 typhoon", "user:u1", now, NULL, 0,
                                      &cancelled, &count, err, sizeof err);
        store_test_fail_step(0);
        free(cancelled);
        CHECK_INT(audit_count(st, "closure", "taichung-south"), r == FH_OK ? 1 : 0);
        if (r == FH_OK) {
            stored++;
            break;
        }
        failed++;
    }
    CHECK(stored == 1 && failed > 0);
    /* Closing again changes nothing and writes nothing. */
    struct store_booking *cancelled = NULL;
    size_t count = 0;
    CHECK_INT(store_close_day(st, office, day, "again", "user:u1", now, NULL, 0, &cancelled, &count,
                              err, sizeof err),
              FH_OK);
    free(cancelled);
    CHECK_INT(audit_count(st, "closure", NULL), 1);
    /* A refused change (no such closure) leaves no record either. */
    CHECK_INT(store_reopen_day(st, "taichung-south", day + 1, "user:u1", 9000, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(audit_count(st, "reopen", NULL), 0);
    CHECK_INT(store_reopen_day(st, "taichung-south", day, "user:u1", 9000, err, sizeof err), FH_OK);
    CHECK_INT(audit_count(st, "reopen", "taichung-south"), 1);
    CHECK_INT(audit_count(st, "reopen", "taichung-west"), 0);
    cfg_free(cfg);
    store_close(st);
}

int main(void)
{
    char tmpl[] = "/tmp/fh-admin-XXXXXX";
    dir = mkdtemp(tmpl);
    if (dir == NULL)
        fh_fatal("mkdtemp");
    test_users();
    test_sessions();
    test_signin_failures();
    test_audit_atomic();
    char *cmd = fh_asprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    return check_result();
}
