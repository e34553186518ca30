/* store_admin.c: the people who sign in to the manager pages (accounts,
 * sessions, failed sign-ins) and the audit trail that every change by a
 * person or a manager's token writes in its own transaction. Exports the
 * store_user_*, store_session_*, store_signin_* and store_audit_list()
 * functions of store.h and store_audit_write() of store_internal.h. */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failed sign-ins older than this are forgotten; the lock-out looks back
 * far less. */
#define SIGNIN_KEEP_SECONDS (24 * 3600)
/* A session's last use is written at most this often: a page view then
 * costs no write, and the idle limit is still kept to the minute. */
#define SESSION_TOUCH_SECONDS 60
/* Sessions nobody used for this long are deleted whatever the idle limit. */
#define SESSION_KEEP_SECONDS (24 * 3600)
#define AUDIT_LIST_DEFAULT   500

const char *store_role_name(enum store_role r)
{
    return r == STORE_ROLE_MANAGER ? "manager" : "counter";
}

fh_result store_role_parse(const char *s, enum store_role *out)
{
    if (s != NULL && strcmp(s, "manager") == 0)
        *out = STORE_ROLE_MANAGER;
    else if (s != NULL && strcmp(s, "counter") == 0)
        *out = STORE_ROLE_COUNTER;
    else
        return FH_EINVAL;
    return FH_OK;
}

const char *store_user_id_check(const char *id)
{
    size_t n = id != NULL ? strlen(id) : 0;
    if (n == 0 || n > STORE_USER_ID_LEN)
        return "must be 1 to 32 characters";
    for (size_t i = 0; i < n; i++)
        if (strchr("abcdefghijklmnopqrstuvwxyz0123456789_.-", id[i]) == NULL)
            return "may hold a-z, 0-9, '_', '.' and '-' only";
    return NULL;
}

bool store_offices_include(const char *offices, const char *office)
{
    if (offices == NULL || office == NULL || office[0] == '\0')
        return false;
    if (strcmp(offices, "*") == 0)
        return true;
    size_t n = strlen(office);
    for (const char *p = offices; *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, office, n) == 0)
            return true;
        p += len + (end != NULL);
    }
    return false;
}

/* "*" or ids of [a-z0-9_-] joined by single commas. */
static bool offices_valid(const char *offices)
{
    size_t n = strlen(offices);
    if (n == 0 || n >= STORE_OFFICES_LEN)
        return false;
    if (strcmp(offices, "*") == 0)
        return true;
    if (offices[0] == ',' || offices[n - 1] == ',' || strstr(offices, ",,") != NULL)
        return false;
    return strspn(offices, "abcdefghijklmnopqrstuvwxyz0123456789_-,") == n;
}

void store_json_string(char *out, size_t len, const char *s)
{
    size_t o = 0;
    if (len < 3) {
        if (len > 0)
            out[0] = '\0';
        return;
    }
    out[o++] = '"';
    for (; s != NULL && *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        char piece[8];
        if (ch == '"' || ch == '\\')
            snprintf(piece, sizeof piece, "\\%c", ch);
        else if (ch < 0x20)
            snprintf(piece, sizeof piece, "\\u%04x", ch);
        else
            snprintf(piece, sizeof piece, "%c", ch);
        size_t n = strlen(piece);
        /* Room for the piece, the closing quote and the NUL; a UTF-8
         * sequence is never cut (continuation bytes go with their lead). */
        if (o + n + 2 > len) {
            while (o > 1 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
                o--;
            if (o > 1 && ((unsigned char)out[o - 1] & 0x80) != 0)
                o--;
            break;
        }
        memcpy(out + o, piece, n);
        o += n;
    }
    out[o++] = '"';
    out[o] = '\0';
}

fh_result store_audit_write(struct store *st, const struct store_audit_entry *e, char *err,
                            size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_AUDIT_INSERT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, e->at);
    sqlite3_bind_text(s, 2, e->who != NULL ? e->who : "system", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, e->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, e->office != NULL ? e->office : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, e->target != NULL ? e->target : "", -1, SQLITE_STATIC);
    if (e->before != NULL)
        sqlite3_bind_text(s, 6, e->before, -1, SQLITE_STATIC);
    if (e->after != NULL)
        sqlite3_bind_text(s, 7, e->after, -1, SQLITE_STATIC);
    return store_step_done(c, s, "write an audit record", err, errlen);
}

static fh_result end_write(struct store *st, fh_result r, char *err, size_t errlen)
{
    if (r == FH_OK)
        return store_write_commit(st, err, errlen);
    store_write_rollback(st);
    return r;
}

static void copy_col(char *out, size_t len, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(out, len, "%s", t != NULL ? (const char *)t : "");
}

/* Reads id, name, role, offices, disabled, created_at, updated_at. */
static void user_from_row(sqlite3_stmt *s, struct store_user *u)
{
    memset(u, 0, sizeof *u);
    copy_col(u->id, sizeof u->id, s, 0);
    copy_col(u->name, sizeof u->name, s, 1);
    const unsigned char *role = sqlite3_column_text(s, 2);
    u->role = role != NULL && strcmp((const char *)role, "manager") == 0 ? STORE_ROLE_MANAGER
                                                                         : STORE_ROLE_COUNTER;
    copy_col(u->offices, sizeof u->offices, s, 3);
    u->disabled = sqlite3_column_int(s, 4) != 0;
    u->created_at = sqlite3_column_int64(s, 5);
    u->updated_at = sqlite3_column_int64(s, 6);
}

#define USER_JSON_LEN 700
/* What the audit says of a user: never the password hash. */
static void user_json(const struct store_user *u, char out[USER_JSON_LEN])
{
    char name[300], offices[STORE_OFFICES_LEN + 8];
    store_json_string(name, sizeof name, u->name);
    store_json_string(offices, sizeof offices, u->offices);
    snprintf(out, USER_JSON_LEN, "{\"name\":%s,\"role\":\"%s\",\"offices\":%s,\"disabled\":%s}",
             name, store_role_name(u->role), offices, u->disabled ? "true" : "false");
}

/* The user of id inside the writer's open transaction. */
static fh_result user_get_locked(struct store *st, const char *id, struct store_user *out,
                                 char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_USER_GET, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW)
        user_from_row(s, out);
    else if (rc == SQLITE_DONE)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no user %s", id);
    else
        r = store_db_fail(c->db, rc, "read a user", err, errlen);
    store_stmt_release(s);
    return r;
}

fh_result store_user_add(struct store *st, const struct store_user *u, const char *password_hash,
                         const char *by, int64_t now, char *err, size_t errlen)
{
    const char *why = store_user_id_check(u->id);
    if (why != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "user id: %s", why);
    if (u->name[0] == '\0')
        return fh_fail(err, errlen, FH_EINVAL, "name: missing");
    if (!offices_valid(u->offices))
        return fh_fail(err, errlen, FH_EINVAL, "offices: \"*\" or office ids joined by ','");
    if (password_hash == NULL || strncmp(password_hash, "$scrypt$", 8) != 0)
        return fh_fail(err, errlen, FH_EINVAL, "password: not a password hash");
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct store_user seen;
    r = user_get_locked(st, u->id, &seen, err, errlen);
    if (r == FH_OK)
        r = fh_fail(err, errlen, FH_ECONFLICT, "user %s exists", u->id);
    else if (r == FH_ENOTFOUND)
        r = FH_OK;
    sqlite3_stmt *s = r == FH_OK ? store_stmt(c, STORE_ST_USER_INSERT, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_text(s, 1, u->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, u->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, store_role_name(u->role), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, u->offices, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, password_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, now);
        r = store_step_done(c, s, "add a user", err, errlen);
    }
    if (r == FH_OK) {
        char after[700];
        struct store_user shown = *u;
        shown.disabled = false;
        user_json(&shown, after);
        r = store_audit_write(
            st, &(struct store_audit_entry){by, "user-add", u->offices, u->id, NULL, after, now},
            err, errlen);
    }
    return end_write(st, r, err, errlen);
}

fh_result store_user_get(struct store *st, const char *id, struct store_user *out, char *hash,
                         char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_USER_GET, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        int rc = store_step(s);
        if (rc == SQLITE_ROW) {
            user_from_row(s, out);
            if (hash != NULL)
                copy_col(hash, FH_PASSWORD_HASH_LEN, s, 7);
            r = FH_OK;
        } else if (rc == SQLITE_DONE) {
            r = fh_fail(err, errlen, FH_ENOTFOUND, "no such user");
        } else {
            r = store_db_fail(c->db, rc, "read a user", err, errlen);
        }
        store_stmt_release(s);
    }
    store_read_end(st, c);
    return r;
}

fh_result store_user_list(struct store *st, struct store_user **out, size_t *count, char *err,
                          size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_USER_LIST, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        size_t cap = 0;
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
            user_from_row(s, &(*out)[(*count)++]);
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "list users", err, errlen);
        store_stmt_release(s);
    }
    store_read_end(st, c);
    if (r != FH_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return r;
}

/* Runs the statement id bound with (text a, int64 b) on the writer. */
static fh_result run_text_int(struct store *st, enum store_stmt_id id, const char *a, int64_t b,
                              const char *what, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(&st->writer, id, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, b);
    return store_step_done(&st->writer, s, what, err, errlen);
}

static void name_key(const char *name, uint8_t out[FH_SHA256_LEN])
{
    fh_sha256(name, strlen(name), out);
}

static fh_result signin_clear_locked(struct store *st, const char *name, char *err, size_t errlen)
{
    uint8_t key[FH_SHA256_LEN];
    name_key(name, key);
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_SIGNIN_CLEAR, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_blob(s, 1, key, sizeof key, SQLITE_TRANSIENT);
    return store_step_done(&st->writer, s, "clear failed sign-ins", err, errlen);
}

/* A change of one user: its row updated by stmt, its sessions ended, the
 * audit written, all in one transaction. */
static fh_result user_change(struct store *st, const char *id, enum store_stmt_id stmt,
                             const char *hash, const char *action, const char *by, int64_t now,
                             char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct store_user before, after;
    r = user_get_locked(st, id, &before, err, errlen);
    sqlite3_stmt *s = r == FH_OK ? store_stmt(c, stmt, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        if (hash != NULL) {
            sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, now);
        } else {
            sqlite3_bind_int64(s, 2, now);
        }
        r = store_step_done(c, s, action, err, errlen);
    }
    if (r == FH_OK)
        r = run_text_int(st, STORE_ST_SESSION_END_USER, id, 0, "end a user's sessions", err,
                         errlen);
    if (r == FH_OK && hash != NULL)
        r = signin_clear_locked(st, id, err, errlen);
    if (r == FH_OK)
        r = user_get_locked(st, id, &after, err, errlen);
    if (r == FH_OK) {
        char b[700], a[700];
        user_json(&before, b);
        user_json(&after, a);
        r = store_audit_write(
            st, &(struct store_audit_entry){by, action, before.offices, id, b, a, now}, err,
            errlen);
    }
    return end_write(st, r, err, errlen);
}

fh_result store_user_set_password(struct store *st, const char *id, const char *password_hash,
                                  const char *by, int64_t now, char *err, size_t errlen)
{
    if (password_hash == NULL || strncmp(password_hash, "$scrypt$", 8) != 0)
        return fh_fail(err, errlen, FH_EINVAL, "password: not a password hash");
    return user_change(st, id, STORE_ST_USER_SET_PASSWORD, password_hash, "user-password", by, now,
                       err, errlen);
}

fh_result store_user_disable(struct store *st, const char *id, const char *by, int64_t now,
                             char *err, size_t errlen)
{
    return user_change(st, id, STORE_ST_USER_DISABLE, NULL, "user-disable", by, now, err, errlen);
}

/* ---- sign-in -------------------------------------------------------------------- */

fh_result store_signin_failures(struct store *st, const char *name, int64_t since, int *count,
                                int64_t *last, char *err, size_t errlen)
{
    uint8_t key[FH_SHA256_LEN];
    name_key(name, key);
    *count = 0;
    *last = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_SIGNIN_COUNT, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_blob(s, 1, key, sizeof key, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, since);
        int rc = store_step(s);
        if (rc == SQLITE_ROW) {
            *count = sqlite3_column_int(s, 0);
            *last = sqlite3_column_int64(s, 1);
            r = FH_OK;
        } else {
            r = store_db_fail(c->db, rc, "count failed sign-ins", err, errlen);
        }
        store_stmt_release(s);
    }
    store_read_end(st, c);
    return r;
}

fh_result store_signin_failed(struct store *st, const char *name, int64_t now, char *err,
                              size_t errlen)
{
    uint8_t key[FH_SHA256_LEN];
    name_key(name, key);
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_SIGNIN_PURGE, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_int64(s, 1, now - SIGNIN_KEEP_SECONDS);
        r = store_step_done(&st->writer, s, "forget old failed sign-ins", err, errlen);
    }
    if (r == FH_OK && (s = store_stmt(&st->writer, STORE_ST_SIGNIN_INSERT, err, errlen)) == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_blob(s, 1, key, sizeof key, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, now);
        r = store_step_done(&st->writer, s, "record a failed sign-in", err, errlen);
    }
    return end_write(st, r, err, errlen);
}

/* ---- sessions --------------------------------------------------------------------- */

static fh_result session_stmt(struct store *st, enum store_stmt_id id,
                              const uint8_t hash[STORE_SESSION_HASH_LEN], sqlite3_stmt **out,
                              char *err, size_t errlen)
{
    *out = store_stmt(&st->writer, id, err, errlen);
    if (*out == NULL)
        return FH_EDB;
    sqlite3_bind_blob(*out, 1, hash, STORE_SESSION_HASH_LEN, SQLITE_TRANSIENT);
    return FH_OK;
}

fh_result store_session_create(struct store *st, const uint8_t hash[STORE_SESSION_HASH_LEN],
                               const char *user, int64_t now, char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_user u;
    sqlite3_stmt *s = NULL;
    r = user_get_locked(st, user, &u, err, errlen);
    if (r == FH_OK && u.disabled)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "user %s is disabled", user);
    if (r == FH_OK && (s = store_stmt(&st->writer, STORE_ST_SESSION_PURGE, err, errlen)) == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_int64(s, 1, now - SESSION_KEEP_SECONDS);
        r = store_step_done(&st->writer, s, "forget old sessions", err, errlen);
    }
    if (r == FH_OK)
        r = session_stmt(st, STORE_ST_SESSION_INSERT, hash, &s, err, errlen);
    if (r == FH_OK) {
        sqlite3_bind_text(s, 2, user, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, now);
        r = store_step_done(&st->writer, s, "start a session", err, errlen);
    }
    if (r == FH_OK)
        r = signin_clear_locked(st, user, err, errlen);
    if (r == FH_OK) {
        char who[STORE_WHO_LEN];
        snprintf(who, sizeof who, "user:%s", user);
        r = store_audit_write(
            st, &(struct store_audit_entry){who, "signin", u.offices, user, NULL, NULL, now}, err,
            errlen);
    }
    return end_write(st, r, err, errlen);
}

fh_result store_session_get(struct store *st, const uint8_t hash[STORE_SESSION_HASH_LEN],
                            int64_t now, int idle_seconds, struct store_user *out, char *err,
                            size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    sqlite3_stmt *s;
    int64_t last = 0;
    bool found = false;
    r = session_stmt(st, STORE_ST_SESSION_GET, hash, &s, err, errlen);
    if (r == FH_OK) {
        int rc = store_step(s);
        if (rc == SQLITE_ROW) {
            user_from_row(s, out);
            last = sqlite3_column_int64(s, 7);
            found = true;
        } else if (rc != SQLITE_DONE) {
            r = store_db_fail(st->writer.db, rc, "read a session", err, errlen);
        }
        store_stmt_release(s);
    }
    bool idle = found && (now - last >= idle_seconds || out->disabled);
    if (r == FH_OK && idle &&
        (r = session_stmt(st, STORE_ST_SESSION_DELETE, hash, &s, err, errlen)) == FH_OK)
        r = store_step_done(&st->writer, s, "end an idle session", err, errlen);
    if (r == FH_OK && found && !idle && now - last >= SESSION_TOUCH_SECONDS &&
        (r = session_stmt(st, STORE_ST_SESSION_TOUCH, hash, &s, err, errlen)) == FH_OK) {
        sqlite3_bind_int64(s, 2, now);
        r = store_step_done(&st->writer, s, "touch a session", err, errlen);
    }
    r = end_write(st, r, err, errlen);
    if (r == FH_OK && (!found || idle)) {
        memset(out, 0, sizeof *out);
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such session");
    }
    return r;
}

fh_result store_session_end(struct store *st, const uint8_t hash[STORE_SESSION_HASH_LEN],
                            int64_t now, char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    sqlite3_stmt *s;
    struct store_user u;
    bool found = false;
    r = session_stmt(st, STORE_ST_SESSION_GET, hash, &s, err, errlen);
    if (r == FH_OK) {
        int rc = store_step(s);
        if (rc == SQLITE_ROW) {
            user_from_row(s, &u);
            found = true;
        } else if (rc != SQLITE_DONE) {
            r = store_db_fail(st->writer.db, rc, "read a session", err, errlen);
        }
        store_stmt_release(s);
    }
    if (r == FH_OK && found &&
        (r = session_stmt(st, STORE_ST_SESSION_DELETE, hash, &s, err, errlen)) == FH_OK)
        r = store_step_done(&st->writer, s, "end a session", err, errlen);
    if (r == FH_OK && found) {
        char who[STORE_WHO_LEN];
        snprintf(who, sizeof who, "user:%s", u.id);
        r = store_audit_write(
            st, &(struct store_audit_entry){who, "signout", u.offices, u.id, NULL, NULL, now}, err,
            errlen);
    }
    return end_write(st, r, err, errlen);
}

/* ---- the audit trail -------------------------------------------------------------- */

static char *dup_col(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t != NULL ? fh_strdup((const char *)t) : NULL;
}

fh_result store_audit_list(struct store *st, const struct store_audit_filter *f,
                           struct store_audit_record **out, size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_AUDIT_LIST, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        if (f->office != NULL)
            sqlite3_bind_text(s, 1, f->office, -1, SQLITE_STATIC);
        if (f->who != NULL)
            sqlite3_bind_text(s, 2, f->who, -1, SQLITE_STATIC);
        if (f->action != NULL)
            sqlite3_bind_text(s, 3, f->action, -1, SQLITE_STATIC);
        if (f->since != 0)
            sqlite3_bind_int64(s, 4, f->since);
        if (f->until != 0)
            sqlite3_bind_int64(s, 5, f->until);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)(f->limit > 0 ? f->limit : AUDIT_LIST_DEFAULT));
        size_t cap = 0;
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
            struct store_audit_record *a = &(*out)[(*count)++];
            memset(a, 0, sizeof *a);
            a->id = sqlite3_column_int64(s, 0);
            a->at = sqlite3_column_int64(s, 1);
            copy_col(a->who, sizeof a->who, s, 2);
            copy_col(a->action, sizeof a->action, s, 3);
            copy_col(a->office, sizeof a->office, s, 4);
            copy_col(a->target, sizeof a->target, s, 5);
            a->before = dup_col(s, 6);
            a->after = dup_col(s, 7);
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "list the audit", err, errlen);
        store_stmt_release(s);
    }
    store_read_end(st, c);
    if (r != FH_OK) {
        store_audit_records_free(*out, *count);
        *out = NULL;
        *count = 0;
    }
    return r;
}

void store_audit_records_free(struct store_audit_record *list, size_t count)
{
    for (size_t i = 0; i < count && list != NULL; i++) {
        free(list[i].before);
        free(list[i].after);
    }
    free(list);
}
