/* store_roster.c: the rosters of the flexible duties, the pins and bans a
 * manager sets for re-solving, and compensatory time taken. The store keeps
 * what was decided; the scheduler decides (the capacity check of an edit is
 * the caller's callback, run inside the store's transaction so that no
 * booking slips in between the check and the edit). */
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_ID_MAX 39 /* struct store_duty.staff holds 40 bytes */

static const char *const state_names[] = {
    [STORE_ROSTER_NONE] = "none",
    [STORE_ROSTER_DRAFT] = "draft",
    [STORE_ROSTER_PUBLISHED] = "published",
};

const char *store_roster_state_name(enum store_roster_state s)
{
    return (unsigned)s < sizeof state_names / sizeof state_names[0] ? state_names[s] : "unknown";
}

void store_roster_free(struct store_roster *r)
{
    if (r == NULL)
        return;
    free(r->duties);
    memset(r, 0, sizeof *r);
}

/* ---- checks ------------------------------------------------------------------ */

static fh_result month_key(int year, int month, int *key, fh_day *first, fh_day *last, char *err,
                           size_t errlen)
{
    if (year < 1970 || year > 9999 || month < 1 || month > 12)
        return fh_fail(err, errlen, FH_EINVAL, "roster: no month %04d-%02d", year, month);
    *key = year * 100 + month;
    if (first != NULL)
        *first = fh_day_from_ymd(year, month, 1);
    if (last != NULL)
        *last = fh_day_from_ymd(year, month, fh_days_in_month(year, month));
    return FH_OK;
}

static int month_of_day(fh_day day)
{
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    return y * 100 + m;
}

static bool valid_duty(enum sched_duty d)
{
    return (unsigned)d < SCHED_DUTY_COUNT;
}

static bool valid_staff(const char *id)
{
    return id != NULL && id[0] != '\0' && strlen(id) <= STAFF_ID_MAX;
}

static fh_result check_office(const char *office, char *err, size_t errlen)
{
    if (office == NULL || office[0] == '\0' || strlen(office) >= 64)
        return fh_fail(err, errlen, FH_EINVAL, "roster: no office id");
    return FH_OK;
}

static void copy_text(char *dst, size_t dstlen, sqlite3_stmt *s, int col)
{
    const unsigned char *text = sqlite3_column_text(s, col);
    snprintf(dst, dstlen, "%s", text ? (const char *)text : "");
}

static enum sched_duty duty_of(sqlite3_stmt *s, int col)
{
    enum sched_duty d = SCHED_DUTY_HOLIDAY;
    sched_duty_parse((const char *)sqlite3_column_text(s, col), &d);
    return d;
}

/* ---- the month's state ---------------------------------------------------------- */

struct month_row {
    enum store_roster_state state;
    int version;
    int64_t published_at;
};

static fh_result month_get(struct store_conn *c, const char *office, int key, struct month_row *m,
                           char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_MONTH_GET, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, key);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW) {
        const char *state = (const char *)sqlite3_column_text(s, 0);
        m->state = state != NULL && strcmp(state, "published") == 0 ? STORE_ROSTER_PUBLISHED
                                                                    : STORE_ROSTER_DRAFT;
        m->version = sqlite3_column_int(s, 1);
        m->published_at = sqlite3_column_int64(s, 2);
    } else if (rc != SQLITE_DONE) {
        r = store_db_fail(c->db, rc, "read roster month", err, errlen);
    }
    store_stmt_release(s);
    return r;
}

static fh_result month_put(struct store_conn *c, const char *office, int key,
                           const struct month_row *m, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_MONTH_PUT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, key);
    sqlite3_bind_text(s, 3, store_roster_state_name(m->state), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, m->version);
    if (m->state == STORE_ROSTER_PUBLISHED)
        sqlite3_bind_int64(s, 5, m->published_at);
    return store_step_done(c, s, "store roster month", err, errlen);
}

/* Raises the month's version for an edit, creating a draft when the month
 * has no roster yet. */
static fh_result month_touch(struct store_conn *c, const char *office, int key, struct month_row *m,
                             char *err, size_t errlen)
{
    if (m->state == STORE_ROSTER_NONE)
        m->state = STORE_ROSTER_DRAFT;
    m->version++;
    return month_put(c, office, key, m, err, errlen);
}

static fh_result duty_insert(struct store_conn *c, const char *office, fh_day day,
                             enum sched_duty duty, const char *staff, bool pinned, char *err,
                             size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_DUTY_INSERT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, month_of_day(day));
    sqlite3_bind_int(s, 3, day);
    sqlite3_bind_text(s, 4, sched_duty_name(duty), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, staff, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, pinned);
    return store_step_done(c, s, "store duty", err, errlen);
}

static fh_result notify_each(struct store *st, const char *office, int key, int kind, int version,
                             const char *const *notify, size_t count, int64_t now, char *err,
                             size_t errlen)
{
    fh_result r = FH_OK;
    for (size_t i = 0; i < count && r == FH_OK; i++) {
        if (!valid_staff(notify[i]))
            return fh_fail(err, errlen, FH_EINVAL, "roster: notify[%zu]: not a staff id", i);
        r = store_outbox_queue_about(st, 0, office, notify[i], key, kind, version, now, err,
                                     errlen);
    }
    return r;
}

/* Commits on FH_OK, rolls back otherwise. */
static fh_result end_write(struct store *st, fh_result r, char *err, size_t errlen)
{
    if (r == FH_OK)
        return store_write_commit(st, err, errlen);
    store_write_rollback(st);
    return r;
}

/* ---- the audit trail -------------------------------------------------------------- */

static void month_text(int key, char out[16])
{
    snprintf(out, 16, "%04d-%02d", key / 100 % 10000, key % 100);
}

/* ids as a JSON list of strings; malloc'd. */
static char *ids_json(const char *const *ids, size_t n)
{
    size_t cap = 0, len = 0;
    char *out = fh_grow(NULL, 1, &cap, 3);
    out[len++] = '[';
    for (size_t i = 0; i < n; i++) {
        char quoted[STAFF_ID_MAX * 6 + 3];
        store_json_string(quoted, sizeof quoted, ids[i]);
        size_t q = strlen(quoted);
        out = fh_grow(out, 1, &cap, len + q + 3);
        if (i > 0)
            out[len++] = ',';
        memcpy(out + len, quoted, q);
        len += q;
    }
    out[len++] = ']';
    out[len] = '\0';
    return out;
}

static fh_result audit(struct store *st, const char *by, const char *action, const char *office,
                       const char *target, const char *before, const char *after, int64_t now,
                       char *err, size_t errlen)
{
    return store_audit_write(
        st, &(struct store_audit_entry){by, action, office, target, before, after, now}, err,
        errlen);
}

/* ---- reading ------------------------------------------------------------------- */

/* Steps a bound statement, one element of size bytes per row filled by
 * fill, into *out (malloc'd); releases the statement. */
static fh_result read_rows(struct store_conn *c, sqlite3_stmt *s, size_t size,
                           void (*fill)(sqlite3_stmt *s, void *row), const char *what, void **out,
                           size_t *count, char *err, size_t errlen)
{
    size_t cap = 0;
    int rc;
    *out = NULL;
    *count = 0;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        *out = fh_grow(*out, size, &cap, *count + 1);
        fill(s, (char *)*out + size * (*count)++);
    }
    fh_result r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, what, err, errlen);
    store_stmt_release(s);
    if (r != FH_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return r;
}

/* A (day, duty, staff, pinned) row. */
static void fill_duty(sqlite3_stmt *s, void *row)
{
    struct store_duty *d = row;
    d->day = (fh_day)sqlite3_column_int(s, 0);
    d->duty = duty_of(s, 1);
    copy_text(d->staff, sizeof d->staff, s, 2);
    d->pinned = sqlite3_column_int(s, 3) != 0;
}

/* A (day, duty, staff, forbid) row. */
static void fill_pin(sqlite3_stmt *s, void *row)
{
    struct store_pin *p = row;
    p->day = (fh_day)sqlite3_column_int(s, 0);
    p->duty = duty_of(s, 1);
    copy_text(p->staff, sizeof p->staff, s, 2);
    p->forbid = sqlite3_column_int(s, 3) != 0;
}

/* An (id, staff, day, minutes, note, created_at) row. */
static void fill_comp(sqlite3_stmt *s, void *row)
{
    struct store_comp *p = row;
    p->id = sqlite3_column_int64(s, 0);
    copy_text(p->staff, sizeof p->staff, s, 1);
    p->day = (fh_day)sqlite3_column_int(s, 2);
    p->minutes = sqlite3_column_int(s, 3);
    copy_text(p->note, sizeof p->note, s, 4);
    p->created_at = sqlite3_column_int64(s, 5);
}

static fh_result read_duties(struct store_conn *c, sqlite3_stmt *s, struct store_duty **out,
                             size_t *count, char *err, size_t errlen)
{
    void *rows;
    fh_result r =
        read_rows(c, s, sizeof **out, fill_duty, "read duties", &rows, count, err, errlen);
    *out = rows;
    return r;
}

fh_result store_roster_get(struct store *st, const char *office, int year, int month,
                           struct store_roster *out, char *err, size_t errlen)
{
    int key = 0;
    memset(out, 0, sizeof *out);
    fh_result r = check_office(office, err, errlen);
    if (r == FH_OK)
        r = month_key(year, month, &key, NULL, NULL, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    struct month_row m;
    r = month_get(c, office, key, &m, err, errlen);
    if (r == FH_OK) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_DUTIES_OF_MONTH, err, errlen);
        if (s == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 2, key);
            r = read_duties(c, s, &out->duties, &out->count, err, errlen);
        }
    }
    store_read_end(st, c);
    if (r != FH_OK)
        return r;
    out->state = m.state;
    out->version = m.version;
    out->published_at = m.published_at;
    return FH_OK;
}

fh_result store_duties_of(struct store *st, const char *office, const char *staff, fh_day first,
                          fh_day last, struct store_duty **out, size_t *count, char *err,
                          size_t errlen)
{
    *out = NULL;
    *count = 0;
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    if (!valid_staff(staff))
        return fh_fail(err, errlen, FH_EINVAL, "roster: not a staff id");
    if (last < first)
        return fh_fail(err, errlen, FH_EINVAL, "roster: last day before first");
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DUTIES_OF_STAFF, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, staff, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, first);
        sqlite3_bind_int(s, 4, last);
        r = read_duties(c, s, out, count, err, errlen);
    }
    store_read_end(st, c);
    return r;
}

/* ---- drafts and publishing --------------------------------------------------------- */

fh_result store_roster_save_draft(struct store *st, const char *office, int year, int month,
                                  const struct store_duty *duties, size_t count, const char *by,
                                  int64_t now, char *err, size_t errlen)
{
    int key = 0;
    fh_day first = 0, last = 0;
    fh_result r = check_office(office, err, errlen);
    if (r == FH_OK)
        r = month_key(year, month, &key, &first, &last, err, errlen);
    if (r != FH_OK)
        return r;
    for (size_t i = 0; i < count; i++) {
        if (duties[i].day < first || duties[i].day > last || !valid_duty(duties[i].duty) ||
            !valid_staff(duties[i].staff))
            return fh_fail(err, errlen, FH_EINVAL,
                           "roster: duties[%zu] is not a duty of %04d-%02d with a staff id", i,
                           year, month);
    }
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct month_row m;
    r = month_get(c, office, key, &m, err, errlen);
    if (r == FH_OK && m.state == STORE_ROSTER_PUBLISHED)
        r = fh_fail(err, errlen, FH_ECONFLICT,
                    "the roster of %04d-%02d is published: it changes only by edit", year, month);
    if (r == FH_OK) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_DUTIES_CLEAR, err, errlen);
        if (s == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 2, key);
            r = store_step_done(c, s, "clear draft", err, errlen);
        }
    }
    for (size_t i = 0; i < count && r == FH_OK; i++)
        r = duty_insert(c, office, duties[i].day, duties[i].duty, duties[i].staff, duties[i].pinned,
                        err, errlen);
    if (r == FH_OK)
        r = month_touch(c, office, key, &m, err, errlen);
    if (r == FH_OK) {
        char target[16], after[64];
        month_text(key, target);
        snprintf(after, sizeof after, "{\"state\":\"draft\",\"version\":%d,\"duties\":%zu}",
                 m.version, count);
        r = audit(st, by, "roster-generate", office, target, NULL, after, now, err, errlen);
    }
    return end_write(st, r, err, errlen);
}

/* ---- editing one window instance ------------------------------------------------ */

/* The active bookings of the window instance, as made, for the check. */
static fh_result instance_bookings(struct store *st, struct store_conn *c, const char *office,
                                   fh_day day, enum sched_duty duty, struct store_booking **list,
                                   struct sched_booking **sched, size_t *count, char *err,
                                   size_t errlen)
{
    size_t cap = 0, scap = 0;
    *list = NULL;
    *sched = NULL;
    *count = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_INSTANCE_BOOKINGS, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    sqlite3_bind_text(s, 3, sched_duty_name(duty), -1, SQLITE_STATIC);
    fh_result r = FH_OK;
    int rc = SQLITE_DONE;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        struct store_row_extra x;
        *list = fh_grow(*list, sizeof **list, &cap, *count + 1);
        *sched = fh_grow(*sched, sizeof **sched, &scap, *count + 1);
        struct store_booking *b = &(*list)[*count];
        if ((r = store_booking_from_row(st, s, b, &x, err, errlen)) != FH_OK)
            break;
        (*sched)[(*count)++] = (struct sched_booking){.start = b->start,
                                                      .minutes = b->minutes,
                                                      .person = store_person_u64(x.person),
                                                      .partner = store_person_u64(x.partner),
                                                      .service = -1};
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "bookings of the window", err, errlen);
    store_stmt_release(s);
    return r;
}

/* Runs the caller's capacity check of window instance (day, duty) with
 * staff on duty; *over (malloc'd) gets copies of the bookings it reports,
 * after those already there. */
static fh_result check_capacity(struct store *st, struct store_conn *c, const char *office,
                                fh_day day, enum sched_duty duty, int staff,
                                store_overbooked_fn check, void *arg, struct store_booking **over,
                                size_t *nover, char *err, size_t errlen)
{
    struct store_booking *list;
    struct sched_booking *sched;
    size_t n, *idx = NULL, nidx = 0;
    fh_result r = instance_bookings(st, c, office, day, duty, &list, &sched, &n, err, errlen);
    if (r == FH_OK && n > 0)
        r = check(arg, day, duty, sched, n, staff, &idx, &nidx);
    if (r != FH_OK && err != NULL && err[0] == '\0')
        fh_fail(err, errlen, r, "roster: the capacity check failed");
    if (r == FH_OK && nidx > 0) {
        *over = fh_realloc(*over, (*nover + nidx) * sizeof **over);
        for (size_t i = 0; i < nidx; i++) {
            if (idx[i] >= n) {
                r = fh_fail(err, errlen, FH_EINTERNAL, "roster: the check named no booking");
                break;
            }
            (*over)[(*nover)++] = list[idx[i]];
        }
    }
    free(idx);
    free(list);
    free(sched);
    return r;
}

fh_result store_roster_set_instance(struct store *st, const char *office, fh_day day,
                                    enum sched_duty duty, const char *const *staff,
                                    size_t staff_count, int expected_version, bool force,
                                    store_overbooked_fn check, void *check_arg,
                                    const char *const *notify, size_t notify_count, int64_t now,
                                    struct store_booking **overbooked, size_t *overbooked_count,
                                    const char *by, char *err, size_t errlen)
{
    struct store_booking *over = NULL;
    size_t nover = 0;
    if (overbooked != NULL) {
        *overbooked = NULL;
        *overbooked_count = 0;
    }
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    if (!valid_duty(duty))
        return fh_fail(err, errlen, FH_EINVAL, "roster: not a duty");
    for (size_t i = 0; i < staff_count; i++)
        if (!valid_staff(staff[i]))
            return fh_fail(err, errlen, FH_EINVAL, "roster: staff[%zu]: not a staff id", i);
    int key = month_of_day(day);
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct month_row m;
    r = month_get(c, office, key, &m, err, errlen);
    if (r == FH_OK && expected_version >= 0 && m.version != expected_version)
        r = fh_fail(err, errlen, FH_ECONFLICT,
                    "the roster has changed meanwhile (version %d, not %d)", m.version,
                    expected_version);
    /* A draft promises nothing to citizens yet; a published roster is what
     * capacity follows, so fewer staff may leave bookings without a place. */
    if (r == FH_OK && m.state == STORE_ROSTER_PUBLISHED && check != NULL)
        r = check_capacity(st, c, office, day, duty, (int)staff_count, check, check_arg, &over,
                           &nover, err, errlen);
    if (r == FH_OK && nover > 0 && !force)
        r = fh_fail(err, errlen, FH_EREFUSED,
                    "%zu booking(s) would lose their place; force the edit to keep it", nover);
    /* Who was on it, for the audit record. */
    char *before = NULL;
    if (r == FH_OK) {
        struct store_duty *all = NULL;
        size_t n = 0;
        sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_DUTIES_OF_MONTH, err, errlen);
        if (s == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 2, key);
            r = read_duties(c, s, &all, &n, err, errlen);
        }
        const char **was = fh_calloc(n + 1, sizeof *was);
        size_t nwas = 0;
        for (size_t i = 0; i < n; i++)
            if (all[i].day == day && all[i].duty == duty)
                was[nwas++] = all[i].staff;
        before = ids_json(was, nwas);
        free(was);
        free(all);
    }
    if (r == FH_OK) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_INSTANCE_CLEAR, err, errlen);
        if (s == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 2, day);
            sqlite3_bind_text(s, 3, sched_duty_name(duty), -1, SQLITE_STATIC);
            r = store_step_done(c, s, "clear window duties", err, errlen);
        }
    }
    for (size_t i = 0; i < staff_count && r == FH_OK; i++)
        r = duty_insert(c, office, day, duty, staff[i], true, err, errlen);
    if (r == FH_OK)
        r = month_touch(c, office, key, &m, err, errlen);
    if (r == FH_OK)
        r = notify_each(st, office, key, STORE_MSG_ROSTER_CHANGED, m.version, notify, notify_count,
                        now, err, errlen);
    if (r == FH_OK) {
        char date[FH_DATE_LEN], target[48];
        fh_format_date(day, date);
        snprintf(target, sizeof target, "%s %s", date, sched_duty_name(duty));
        char *ids = ids_json(staff, staff_count);
        char *b = fh_asprintf("{\"staff\":%s}", before);
        char *a =
            fh_asprintf("{\"staff\":%s,\"version\":%d,\"overbooked\":%zu}", ids, m.version, nover);
        r = audit(st, by, "roster-duty", office, target, b, a, now, err, errlen);
        free(a);
        free(b);
        free(ids);
    }
    free(before);
    r = end_write(st, r, err, errlen);
    /* The list goes back on a refusal too: it says why. */
    if ((r == FH_OK || r == FH_EREFUSED) && overbooked != NULL) {
        *overbooked = over;
        *overbooked_count = nover;
    } else {
        free(over);
    }
    return r;
}

/* ---- publishing ---------------------------------------------------------------- */

static fh_result instance_staff(struct store_conn *c, const char *office, fh_day day,
                                enum sched_duty duty, int *staff, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_INSTANCE_STAFF, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    sqlite3_bind_text(s, 3, sched_duty_name(duty), -1, SQLITE_STATIC);
    int rc = store_step(s);
    *staff = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    fh_result r = rc == SQLITE_ROW ? FH_OK : store_db_fail(c->db, rc, "count staff", err, errlen);
    store_stmt_release(s);
    return r;
}

/* Checks every window instance of first..last that holds active bookings
 * against the staff the month's roster puts on it. */
static fh_result check_month(struct store *st, struct store_conn *c, const char *office,
                             fh_day first, fh_day last, store_overbooked_fn check, void *arg,
                             struct store_booking **over, size_t *nover, char *err, size_t errlen)
{
    /* The instances first, then each one's bookings: one statement at a
     * time on the writer. */
    struct instance {
        fh_day day;
        enum sched_duty duty;
    } *list = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_BOOKED_INSTANCES, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, first);
    sqlite3_bind_int(s, 3, last);
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        list[n].day = (fh_day)sqlite3_column_int(s, 0);
        list[n++].duty = duty_of(s, 1);
    }
    fh_result r =
        rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "booked instances", err, errlen);
    store_stmt_release(s);
    for (size_t i = 0; i < n && r == FH_OK; i++) {
        int staff = 0;
        r = instance_staff(c, office, list[i].day, list[i].duty, &staff, err, errlen);
        if (r == FH_OK)
            r = check_capacity(st, c, office, list[i].day, list[i].duty, staff, check, arg, over,
                               nover, err, errlen);
    }
    free(list);
    return r;
}

fh_result store_roster_publish(struct store *st, const char *office, int year, int month,
                               int64_t now, bool force, store_overbooked_fn check, void *check_arg,
                               const char *const *notify, size_t notify_count,
                               struct store_booking **overbooked, size_t *overbooked_count,
                               const char *by, char *err, size_t errlen)
{
    int key = 0;
    fh_day first = 0, last = 0;
    struct store_booking *over = NULL;
    size_t nover = 0;
    if (overbooked != NULL) {
        *overbooked = NULL;
        *overbooked_count = 0;
    }
    fh_result r = check_office(office, err, errlen);
    if (r == FH_OK)
        r = month_key(year, month, &key, &first, &last, err, errlen);
    if (r != FH_OK)
        return r;
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct month_row m;
    r = month_get(c, office, key, &m, err, errlen);
    if (r == FH_OK && m.state == STORE_ROSTER_NONE)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no roster draft of %04d-%02d", year, month);
    else if (r == FH_OK && m.state == STORE_ROSTER_PUBLISHED)
        r = fh_fail(err, errlen, FH_ECONFLICT, "the roster of %04d-%02d is already published", year,
                    month);
    if (r == FH_OK && check != NULL)
        r = check_month(st, c, office, first, last, check, check_arg, &over, &nover, err, errlen);
    if (r == FH_OK && nover > 0 && !force)
        r = fh_fail(err, errlen, FH_EREFUSED,
                    "%zu booking(s) would lose their place: publish with force to list them for "
                    "rescheduling",
                    nover);
    if (r == FH_OK) {
        m.state = STORE_ROSTER_PUBLISHED;
        m.published_at = now;
        m.version++;
        r = month_put(c, office, key, &m, err, errlen);
    }
    if (r == FH_OK)
        r = notify_each(st, office, key, STORE_MSG_ROSTER_PUBLISHED, m.version, notify,
                        notify_count, now, err, errlen);
    if (r == FH_OK) {
        char target[16], after[96];
        month_text(key, target);
        snprintf(after, sizeof after,
                 "{\"state\":\"published\",\"version\":%d,\"forced\":%s,\"overbooked\":%zu}",
                 m.version, force && nover > 0 ? "true" : "false", nover);
        r = audit(st, by, "roster-publish", office, target, "{\"state\":\"draft\"}", after, now,
                  err, errlen);
    }
    r = end_write(st, r, err, errlen);
    if ((r == FH_OK || r == FH_EREFUSED) && overbooked != NULL) {
        *overbooked = over;
        *overbooked_count = nover;
    } else {
        free(over);
    }
    return r;
}

fh_result store_roster_add_duty(struct store *st, const char *office, fh_day day,
                                enum sched_duty duty, const char *staff, bool tell, int64_t now,
                                char *err, size_t errlen)
{
    if (!valid_staff(staff))
        return fh_fail(err, errlen, FH_EINVAL, "roster: not a staff id");
    struct store_conn *c = &st->writer;
    int key = month_of_day(day);
    struct month_row m;
    fh_result r = month_get(c, office, key, &m, err, errlen);
    bool published = r == FH_OK && m.state == STORE_ROSTER_PUBLISHED;
    if (r == FH_OK)
        r = duty_insert(c, office, day, duty, staff, true, err, errlen);
    if (r == FH_OK)
        r = month_touch(c, office, key, &m, err, errlen);
    if (r == FH_OK && tell && published)
        r = notify_each(st, office, key, STORE_MSG_ROSTER_CHANGED, m.version,
                        (const char *const[]){staff}, 1, now, err, errlen);
    return r;
}

/* ---- pins and bans ------------------------------------------------------------------ */

fh_result store_roster_pins(struct store *st, const char *office, int year, int month,
                            struct store_pin **out, size_t *count, char *err, size_t errlen)
{
    int key = 0;
    *out = NULL;
    *count = 0;
    fh_result r = check_office(office, err, errlen);
    if (r == FH_OK)
        r = month_key(year, month, &key, NULL, NULL, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PIN_LIST, err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, key);
    void *rows;
    r = read_rows(c, s, sizeof **out, fill_pin, "read pins", &rows, count, err, errlen);
    *out = rows;
    store_read_end(st, c);
    return r;
}

/* "DATE DUTY STAFF", the target of a pin's audit record. */
static void pin_target(fh_day day, enum sched_duty duty, const char *staff, char out[96])
{
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    snprintf(out, 96, "%s %s %s", date, sched_duty_name(duty), staff);
}

fh_result store_roster_pin_set(struct store *st, const char *office, const struct store_pin *pin,
                               const char *by, int64_t now, char *err, size_t errlen)
{
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    if (!valid_duty(pin->duty) || !valid_staff(pin->staff))
        return fh_fail(err, errlen, FH_EINVAL, "roster: a pin needs a duty and a staff id");
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PIN_SET, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, month_of_day(pin->day));
        sqlite3_bind_int(s, 3, pin->day);
        sqlite3_bind_text(s, 4, sched_duty_name(pin->duty), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, pin->staff, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 6, pin->forbid);
        r = store_step_done(c, s, "store pin", err, errlen);
    }
    if (r == FH_OK) {
        char target[96];
        pin_target(pin->day, pin->duty, pin->staff, target);
        r = audit(st, by, "roster-pin", office, target, NULL,
                  pin->forbid ? "{\"forbid\":true}" : "{\"forbid\":false}", now, err, errlen);
    }
    return end_write(st, r, err, errlen);
}

fh_result store_roster_pin_clear(struct store *st, const char *office, fh_day day,
                                 enum sched_duty duty, const char *staff, const char *by,
                                 int64_t now, char *err, size_t errlen)
{
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    if (!valid_duty(duty) || !valid_staff(staff))
        return fh_fail(err, errlen, FH_EINVAL, "roster: a pin needs a duty and a staff id");
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PIN_CLEAR, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, day);
        sqlite3_bind_text(s, 3, sched_duty_name(duty), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, staff, -1, SQLITE_STATIC);
        r = store_step_done(c, s, "clear pin", err, errlen);
    }
    if (r == FH_OK && sqlite3_changes(c->db) == 0)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such pin or ban");
    if (r == FH_OK) {
        char target[96];
        pin_target(day, duty, staff, target);
        r = audit(st, by, "roster-unpin", office, target, NULL, NULL, now, err, errlen);
    }
    return end_write(st, r, err, errlen);
}

/* ---- compensatory time --------------------------------------------------------------- */

fh_result store_comp_take(struct store *st, const char *office, const char *staff, fh_day day,
                          int minutes, const char *note, const char *by, int64_t now, char *err,
                          size_t errlen)
{
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    if (!valid_staff(staff))
        return fh_fail(err, errlen, FH_EINVAL, "comp: not a staff id");
    if (minutes <= 0 || minutes > 31 * 24 * 60)
        return fh_fail(err, errlen, FH_EINVAL, "comp: minutes must be 1 to %d", 31 * 24 * 60);
    if (note != NULL && strlen(note) >= sizeof((struct store_comp *)0)->note)
        return fh_fail(err, errlen, FH_EINVAL, "comp: the note is too long");
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_COMP_INSERT, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, staff, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, day);
        sqlite3_bind_int(s, 4, minutes);
        sqlite3_bind_text(s, 5, note != NULL ? note : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, now);
        r = store_step_done(c, s, "store compensatory time", err, errlen);
    }
    if (r == FH_OK) {
        char date[FH_DATE_LEN], quoted[sizeof((struct store_comp *)0)->note * 6 + 3],
            after[sizeof quoted + 96];
        fh_format_date(day, date);
        store_json_string(quoted, sizeof quoted, note != NULL ? note : "");
        snprintf(after, sizeof after,
                 "{\"staff\":\"%s\",\"date\":\"%s\",\"minutes\":%d,\"note\":%s}", staff, date,
                 minutes, quoted);
        r = store_audit_write(
            st, &(struct store_audit_entry){by, "comp-taken", office, staff, NULL, after, now}, err,
            errlen);
    }
    return end_write(st, r, err, errlen);
}

fh_result store_comp_list(struct store *st, const char *office, const char *staff,
                          struct store_comp **out, size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_COMP_LIST, err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    if (staff != NULL)
        sqlite3_bind_text(s, 2, staff, -1, SQLITE_STATIC);
    void *rows;
    r = read_rows(c, s, sizeof **out, fill_comp, "read compensatory time", &rows, count, err,
                  errlen);
    *out = rows;
    store_read_end(st, c);
    return r;
}

/* ---- the office mailbox ------------------------------------------------------------- */

fh_result store_duty_needed(struct store *st, int64_t booking_id, const char *office, int64_t now,
                            char *err, size_t errlen)
{
    fh_result r = check_office(office, err, errlen);
    if (r != FH_OK)
        return r;
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct store_booking b = {0};
    sqlite3_stmt *s = store_stmt(c, STORE_ST_BOOKING_BY_ID, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_int64(s, 1, booking_id);
        int rc = store_step(s);
        if (rc == SQLITE_ROW)
            r = store_booking_from_row(st, s, &b, NULL, err, errlen);
        else if (rc == SQLITE_DONE)
            r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
        else
            r = store_db_fail(c->db, rc, "find booking", err, errlen);
        store_stmt_release(s);
    }
    if (r == FH_OK)
        r = store_outbox_queue_about(st, booking_id, office, NULL, month_of_day(fh_day_of(b.start)),
                                     STORE_MSG_DUTY_NEEDED, b.sequence, now, err, errlen);
    return end_write(st, r, err, errlen);
}
