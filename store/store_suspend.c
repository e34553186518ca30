/* store_suspend.c: no-shows and the suspensions they cause. The store reads
 * a person's misses (no-shows and lapses) and the lifts of their
 * suspensions; the scheduler's sched_no_show_standing() decides. Exports
 * store_misses_load(), store_no_show_warn(), store_suspensions_*() and
 * store_suspension_lift(). */
#include "store/store_internal.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fh_result store_misses_load(struct store_conn *c, const char *office, const char *person,
                            const char *partner, struct sched_miss **misses, size_t *miss_count,
                            struct sched_lift **lifts, size_t *lift_count, char *err, size_t errlen)
{
    struct sched_miss *m = NULL;
    struct sched_lift *l = NULL;
    size_t nm = 0, nl = 0, cap = 0;
    *misses = NULL;
    *lifts = NULL;
    *miss_count = *lift_count = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PERSON_MISSES, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, person, -1, SQLITE_STATIC);
    if (partner != NULL)
        sqlite3_bind_text(s, 2, partner, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, office, -1, SQLITE_STATIC);
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        m = fh_grow(m, sizeof *m, &cap, nm + 1);
        m[nm].start = sqlite3_column_int64(s, 0);
        m[nm].person = store_person_u64((const char *)sqlite3_column_text(s, 1));
        m[nm].partner = store_person_u64((const char *)sqlite3_column_text(s, 2));
        m[nm].lapsed = strcmp((const char *)sqlite3_column_text(s, 3), "lapsed") == 0;
        nm++;
    }
    store_stmt_release(s);
    if (rc != SQLITE_DONE) {
        free(m);
        return store_db_fail(c->db, rc, "load misses", err, errlen);
    }
    if ((s = store_stmt(c, STORE_ST_PERSON_LIFTS, err, errlen)) == NULL) {
        free(m);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, person, -1, SQLITE_STATIC);
    if (partner != NULL)
        sqlite3_bind_text(s, 2, partner, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, office, -1, SQLITE_STATIC);
    cap = 0;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        l = fh_grow(l, sizeof *l, &cap, nl + 1);
        l[nl].person = store_person_u64((const char *)sqlite3_column_text(s, 0));
        l[nl].at = sqlite3_column_int64(s, 1);
        nl++;
    }
    store_stmt_release(s);
    if (rc != SQLITE_DONE) {
        free(m);
        free(l);
        return store_db_fail(c->db, rc, "load lifts", err, errlen);
    }
    *misses = m;
    *miss_count = nm;
    *lifts = l;
    *lift_count = nl;
    return FH_OK;
}

/* The standing of person (a person key) at office at now, read on c. */
static fh_result standing_of(struct store_conn *c, const struct sched_office *office,
                             const char *person, fh_minute now, struct sched_standing *out,
                             char *err, size_t errlen)
{
    struct sched_miss *m;
    struct sched_lift *l;
    size_t nm, nl;
    fh_result r = store_misses_load(c, sched_office_spec(office)->id, person, NULL, &m, &nm, &l,
                                    &nl, err, errlen);
    if (r != FH_OK)
        return r;
    uint64_t key = store_person_u64(person);
    *out = sched_no_show_standing(&sched_office_spec(office)->no_show, key, m, nm,
                                  sched_lifted_at(key, l, nl, now), now);
    free(m);
    free(l);
    return FH_OK;
}

fh_result store_no_show_warn(struct store *st, const struct store_booking *b,
                             const struct store_row_extra *x,
                             const struct sched_no_show_policy *policy, fh_minute now, bool *queued,
                             char *err, size_t errlen)
{
    *queued = false;
    /* One away: the next miss suspends. A policy of one miss has no
     * warning to give; a person already suspended is told by the refusal. */
    if (policy->count < 2)
        return FH_OK;
    struct sched_miss *m;
    struct sched_lift *l;
    size_t nm, nl;
    fh_result r =
        store_misses_load(&st->writer, b->office, x->person, NULL, &m, &nm, &l, &nl, err, errlen);
    if (r != FH_OK)
        return r;
    uint64_t key = store_person_u64(x->person);
    struct sched_standing sd =
        sched_no_show_standing(policy, key, m, nm, sched_lifted_at(key, l, nl, now), now);
    free(m);
    free(l);
    if (sd.suspended_until != FH_NO_DAY || sd.counted != policy->count - 1)
        return FH_OK;
    /* Only a message: the booking's reminders were ended by the mark. */
    r = store_outbox_on_change(st, b, x->utc_offset, STORE_MSG_NO_SHOW_WARNING, now, err, errlen);
    *queued = r == FH_OK;
    return r;
}

fh_result store_suspensions_list(struct store *st, const struct sched_office *office, fh_minute now,
                                 struct store_suspension **out, size_t *count, char *err,
                                 size_t errlen)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    *out = NULL;
    *count = 0;
    if (spec->no_show.count <= 0)
        return FH_OK;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    /* A suspension in force began at most suspend_days ago, with its last
     * miss: people with no miss since then cannot be suspended. */
    fh_day since = fh_day_of(now) - spec->no_show.suspend_days;
    struct {
        char code[STORE_CODE_LEN + 1];
        char person[65];
        bool partner;
    } *who = NULL;
    size_t n = 0, cap = 0;
    fh_result r = FH_OK;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFICE_MISSED_PEOPLE, err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, since);
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        for (int role = 0; role < 2; role++) {
            const char *p = (const char *)sqlite3_column_text(s, 1 + role);
            if (p == NULL || p[0] == '\0')
                continue;
            bool seen = false;
            for (size_t i = 0; i < n && !seen; i++)
                seen = strcmp(who[i].person, p) == 0;
            if (seen)
                continue; /* the latest miss names them already */
            who = fh_grow(who, sizeof *who, &cap, n + 1);
            snprintf(who[n].code, sizeof who[n].code, "%s",
                     (const char *)sqlite3_column_text(s, 0));
            snprintf(who[n].person, sizeof who[n].person, "%s", p);
            who[n].partner = role == 1;
            n++;
        }
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "people who missed bookings", err, errlen);
    store_stmt_release(s);

    struct store_suspension *list = NULL;
    size_t k = 0;
    cap = 0;
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        struct sched_standing sd;
        r = standing_of(c, office, who[i].person, now, &sd, err, errlen);
        if (r != FH_OK || sd.suspended_until == FH_NO_DAY)
            continue;
        struct store_booking b;
        sqlite3_stmt *q = store_stmt(c, STORE_ST_BOOKING_BY_CODE, err, errlen);
        if (q == NULL) {
            r = FH_EDB;
            break;
        }
        sqlite3_bind_text(q, 1, who[i].code, -1, SQLITE_STATIC);
        rc = store_step(q);
        if (rc == SQLITE_ROW)
            r = store_booking_from_row(st, q, &b, NULL, err, errlen);
        else
            r = store_db_fail(c->db, rc, "missed booking", err, errlen);
        store_stmt_release(q);
        if (r != FH_OK)
            break;
        list = fh_grow(list, sizeof *list, &cap, k + 1);
        struct store_suspension *e = &list[k++];
        memset(e, 0, sizeof *e);
        snprintf(e->national_id_masked, sizeof e->national_id_masked, "%s",
                 who[i].partner ? b.partner_national_id_masked : b.national_id_masked);
        snprintf(e->code, sizeof e->code, "%s", who[i].code);
        e->partner = who[i].partner;
        e->until = sd.suspended_until;
        e->last = b.start;
        fh_wipe(&b, sizeof b);
    }
    store_read_end(st, c);
    free(who);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    *out = list;
    *count = k;
    return FH_OK;
}

fh_result store_suspension_lift(struct store *st, const struct sched_office *office,
                                const char *national_id, const char *code, bool partner,
                                const char *by, const char *reason, fh_minute now, fh_day *until,
                                char *err, size_t errlen)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    char person[65] = "";
    *until = FH_NO_DAY;
    if (national_id != NULL)
        store_person_key(st, national_id, person);
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    if (national_id == NULL) {
        struct store_booking b;
        struct store_row_extra x;
        r = store_booking_for_change(st, code != NULL ? code : "", &b, &x, err, errlen);
        if (r == FH_OK && strcmp(b.office, spec->id) != 0)
            r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking at this office");
        if (r == FH_OK && partner && x.partner[0] == '\0')
            r = fh_fail(err, errlen, FH_ENOTFOUND, "the booking names no partner");
        if (r == FH_OK)
            snprintf(person, sizeof person, "%s", partner ? x.partner : x.person);
        fh_wipe(&b, sizeof b);
    }
    struct sched_standing sd = {FH_NO_DAY, 0};
    if (r == FH_OK)
        r = standing_of(c, office, person, now, &sd, err, errlen);
    if (r == FH_OK && sd.suspended_until == FH_NO_DAY)
        r = fh_fail(err, errlen, FH_ECONFLICT, "the person is not suspended at this office");
    int64_t now_utc = fh_utc_from_local(now, spec->utc_offset);
    if (r == FH_OK) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_LIFT_INSERT, err, errlen);
        if (s == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, person, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, now);
            sqlite3_bind_int64(s, 4, now_utc);
            sqlite3_bind_text(s, 5, by, -1, SQLITE_STATIC);
            if (reason != NULL)
                sqlite3_bind_text(s, 6, reason, -1, SQLITE_STATIC);
            r = store_step_done(c, s, "lift suspension", err, errlen);
        }
    }
    if (r == FH_OK) {
        /* The record names the date and the reason, never the person: the
         * audit trail is read by more people than the bookings are. */
        char date[FH_DATE_LEN], before[64], after[600], why[520];
        fh_format_date(sd.suspended_until, date);
        snprintf(before, sizeof before, "{\"suspended_until\":\"%s\"}", date);
        store_json_string(why, sizeof why, reason != NULL ? reason : "");
        snprintf(after, sizeof after, "{\"suspended_until\":null,\"reason\":%s}", why);
        r = store_audit_write(st,
                              &(struct store_audit_entry){by, "suspension-lifted", spec->id,
                                                          national_id == NULL ? code : NULL, before,
                                                          after, now_utc},
                              err, errlen);
    }
    fh_wipe(person, sizeof person);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r == FH_OK)
        *until = sd.suspended_until;
    return r;
}
