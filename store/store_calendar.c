/* store_calendar.c: the national day calendar as imported from the DGPA's
 * files: whole years replaced atomically, with the difference reported. */
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int year_of(fh_day d)
{
    int y, m, dd;
    fh_day_to_ymd(d, &y, &m, &dd);
    return y;
}

void store_calendar_diff_free(struct store_calendar_diff *diff)
{
    for (size_t i = 0; i < diff->change_count; i++) {
        free(diff->changes[i].name_before);
        free(diff->changes[i].name_after);
    }
    free(diff->changes);
    memset(diff, 0, sizeof *diff);
}

static bool same_name(const char *a, const char *b)
{
    return (a == NULL || *a == '\0') ? (b == NULL || *b == '\0') : (b != NULL && strcmp(a, b) == 0);
}

static void note_change(struct store_calendar_diff *diff, size_t *cap, fh_day day,
                        const struct store_day *before, const struct store_day *after)
{
    diff->changes = fh_grow(diff->changes, sizeof *diff->changes, cap, diff->change_count + 1);
    struct store_day_change *c = &diff->changes[diff->change_count++];
    c->day = day;
    c->before = before ? before->type : sched_calendar_day_type(NULL, day, NULL);
    c->after = after ? after->type : sched_calendar_day_type(NULL, day, NULL);
    c->name_before = before && before->name ? fh_strdup(before->name) : NULL;
    c->name_after = after && after->name ? fh_strdup(after->name) : NULL;
    if (before == NULL)
        diff->added++;
    else if (after == NULL)
        diff->removed++;
    else
        diff->changed++;
}

/* The stored entries of the years, sorted by day; names malloc'd. */
static fh_result read_years(struct store_conn *c, int first, int last, struct store_day **out,
                            size_t *count, char *err, size_t errlen)
{
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_CAL_YEARS, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int(s, 1, first);
    sqlite3_bind_int(s, 2, last);
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
        struct store_day *d = &(*out)[(*count)++];
        d->day = (fh_day)sqlite3_column_int(s, 0);
        d->type = SCHED_WORKDAY;
        sched_day_type_parse((const char *)sqlite3_column_text(s, 1), &d->type);
        const char *name = (const char *)sqlite3_column_text(s, 2);
        d->name = name ? fh_strdup(name) : NULL;
    }
    fh_result r =
        rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "read calendar", err, errlen);
    store_stmt_release(s);
    return r;
}

static void free_days(struct store_day *days, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free((char *)days[i].name);
    free(days);
}

static fh_result check_days(int first_year, int last_year, const struct store_day *days,
                            size_t count, char *err, size_t errlen)
{
    for (size_t i = 0; i < count; i++) {
        int y = year_of(days[i].day);
        if (y < first_year || y > last_year || (i > 0 && days[i].day <= days[i - 1].day))
            return fh_fail(err, errlen, FH_EINVAL,
                           "store: calendar days must be sorted and inside the years replaced");
    }
    return FH_OK;
}

/* The difference between the stored entries of the years and days, read
 * on connection c. */
static fh_result compute_diff(struct store_conn *c, int first_year, int last_year,
                              const struct store_day *days, size_t count,
                              struct store_calendar_diff *diff, char *err, size_t errlen)
{
    struct store_day *old = NULL;
    size_t old_count = 0, cap = 0;
    fh_result r = read_years(c, first_year, last_year, &old, &old_count, err, errlen);
    if (r != FH_OK) {
        free_days(old, old_count);
        return r;
    }
    /* Merge the old and new entries, both sorted by day. */
    for (size_t i = 0, j = 0; i < old_count || j < count;) {
        if (j >= count || (i < old_count && old[i].day < days[j].day)) {
            note_change(diff, &cap, old[i].day, &old[i], NULL);
            i++;
        } else if (i >= old_count || days[j].day < old[i].day) {
            note_change(diff, &cap, days[j].day, NULL, &days[j]);
            j++;
        } else {
            if (old[i].type != days[j].type || !same_name(old[i].name, days[j].name))
                note_change(diff, &cap, days[j].day, &old[i], &days[j]);
            i++;
            j++;
        }
    }
    free_days(old, old_count);
    return FH_OK;
}

fh_result store_calendar_diff(struct store *st, int first_year, int last_year,
                              const struct store_day *days, size_t count,
                              struct store_calendar_diff *diff, char *err, size_t errlen)
{
    memset(diff, 0, sizeof *diff);
    fh_result r = check_days(first_year, last_year, days, count, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    r = compute_diff(c, first_year, last_year, days, count, diff, err, errlen);
    store_read_end(st, c);
    if (r != FH_OK)
        store_calendar_diff_free(diff);
    return r;
}

/* The effects of an import beyond its days: the bookings it leaves without
 * a slot cancelled and told, and the audit record. */
static fh_result apply_effects(struct store *st, int first_year, int last_year,
                               const struct store_import_effects *fx,
                               const struct store_calendar_diff *diff,
                               struct store_booking **cancelled, size_t *cancelled_count, char *err,
                               size_t errlen)
{
    size_t cap = 0;
    fh_result r = FH_OK;
    for (size_t i = 0; i < fx->cancel_count && r == FH_OK; i++) {
        struct store_booking b;
        struct store_row_extra x;
        r = store_booking_for_change(st, fx->cancel[i], &b, &x, err, errlen);
        if (r == FH_ENOTFOUND) {
            r = FH_OK; /* erased or never ours: nothing to cancel */
            continue;
        }
        if (r != FH_OK || (b.status != STORE_PENDING && b.status != STORE_CONFIRMED))
            continue;
        r = store_cancel_displaced_locked(st, &b, &x, fh_local_from_utc(fx->now_utc, x.utc_offset),
                                          err, errlen);
        if (r == FH_OK) {
            *cancelled = fh_grow(*cancelled, sizeof **cancelled, &cap, *cancelled_count + 1);
            (*cancelled)[(*cancelled_count)++] = b;
        }
    }
    if (r != FH_OK)
        return r;
    char target[32], after[160];
    if (first_year == last_year)
        snprintf(target, sizeof target, "%d", first_year);
    else
        snprintf(target, sizeof target, "%d-%d", first_year, last_year);
    snprintf(after, sizeof after,
             "{\"added\":%zu,\"changed\":%zu,\"removed\":%zu,\"cancelled\":%zu}", diff->added,
             diff->changed, diff->removed, *cancelled_count);
    return store_audit_write(st,
                             &(struct store_audit_entry){fx->by != NULL ? fx->by : "cli",
                                                         "calendar-import", "", target, NULL, after,
                                                         fx->now_utc},
                             err, errlen);
}

fh_result store_calendar_replace(struct store *st, int first_year, int last_year,
                                 const struct store_day *days, size_t count,
                                 const struct store_import_effects *fx,
                                 struct store_calendar_diff *diff, struct store_booking **cancelled,
                                 size_t *cancelled_count, char *err, size_t errlen)
{
    struct store_booking *gone = NULL;
    size_t gone_count = 0;
    if (cancelled != NULL) {
        *cancelled = NULL;
        *cancelled_count = 0;
    }
    memset(diff, 0, sizeof *diff);
    fh_result r = check_days(first_year, last_year, days, count, err, errlen);
    if (r != FH_OK)
        return r;
    if ((r = store_write_begin(st, err, errlen)) != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    if ((r = compute_diff(c, first_year, last_year, days, count, diff, err, errlen)) != FH_OK)
        goto fail;

    sqlite3_stmt *s = store_stmt(c, STORE_ST_CAL_DELETE_YEARS, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
        goto fail;
    }
    sqlite3_bind_int(s, 1, first_year);
    sqlite3_bind_int(s, 2, last_year);
    if ((r = store_step_done(c, s, "clear calendar years", err, errlen)) != FH_OK)
        goto fail;
    for (size_t j = 0; j < count; j++) {
        if ((s = store_stmt(c, STORE_ST_CAL_INSERT, err, errlen)) == NULL) {
            r = FH_EDB;
            goto fail;
        }
        sqlite3_bind_int(s, 1, days[j].day);
        sqlite3_bind_int(s, 2, year_of(days[j].day));
        sqlite3_bind_text(s, 3, sched_day_type_name(days[j].type), -1, SQLITE_STATIC);
        if (days[j].name != NULL && days[j].name[0] != '\0')
            sqlite3_bind_text(s, 4, days[j].name, -1, SQLITE_STATIC);
        if ((r = store_step_done(c, s, "store calendar day", err, errlen)) != FH_OK)
            goto fail;
    }
    if (fx != NULL && (r = apply_effects(st, first_year, last_year, fx, diff, &gone, &gone_count,
                                         err, errlen)) != FH_OK)
        goto fail;
    r = store_write_commit(st, err, errlen);
    if (r != FH_OK) {
        store_calendar_diff_free(diff);
        free(gone);
        return r;
    }
    if (cancelled != NULL) {
        *cancelled = gone;
        *cancelled_count = gone_count;
    } else {
        free(gone);
    }
    return FH_OK;
fail:
    free(gone);
    store_calendar_diff_free(diff);
    store_write_rollback(st);
    return r;
}

/* The stored days (but those of the years skip_first..skip_last) and the
 * closures into cal. */
static fh_result load_skipping(struct store *st, struct sched_calendar *cal, int skip_first,
                               int skip_last, char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_CAL_ALL, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            enum sched_day_type type;
            if (sched_day_type_parse((const char *)sqlite3_column_text(s, 1), &type) != NULL)
                continue; /* the table's CHECK keeps this from happening */
            int y = year_of((fh_day)sqlite3_column_int(s, 0));
            if (y >= skip_first && y <= skip_last)
                continue;
            sched_calendar_set(cal, (fh_day)sqlite3_column_int(s, 0), type,
                               (const char *)sqlite3_column_text(s, 2));
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "load calendar", err, errlen);
        store_stmt_release(s);
    }
    s = r == FH_OK ? store_stmt(c, STORE_ST_CLOSURE_ALL, err, errlen) : NULL;
    if (s != NULL) {
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW)
            sched_calendar_close(cal, (const char *)sqlite3_column_text(s, 0),
                                 (fh_day)sqlite3_column_int(s, 1),
                                 (const char *)sqlite3_column_text(s, 2));
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "load closures", err, errlen);
        store_stmt_release(s);
    } else if (r == FH_OK) {
        r = FH_EDB;
    }
    store_read_end(st, c);
    return r;
}

fh_result store_calendar_load(struct store *st, struct sched_calendar *cal, char *err,
                              size_t errlen)
{
    return load_skipping(st, cal, 1, 0, err, errlen);
}

/* Capacity follows the published roster: the scheduler is told which
 * months are rostered (an instance nobody is on duty for takes no booking)
 * and how many are on duty per window instance. Drafts promise nothing. */
static fh_result add_roster_staffing(struct store *st, struct sched_calendar *cal, char *err,
                                     size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = FH_OK;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_MONTHS_PUBLISHED, err, errlen);
    if (s == NULL)
        r = FH_EDB;
    int rc = SQLITE_DONE;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        const char *office = (const char *)sqlite3_column_text(s, 0);
        int key = sqlite3_column_int(s, 1), y = key / 100, m = key % 100;
        if (office == NULL || m < 1 || m > 12)
            continue;
        fh_day first = fh_day_from_ymd(y, m, 1);
        fh_day last = fh_day_from_ymd(y, m, fh_days_in_month(y, m));
        sched_calendar_rostered(cal, office, first, last);
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "load rostered months", err, errlen);
    store_stmt_release(s);
    s = r == FH_OK ? store_stmt(c, STORE_ST_ROSTER_STAFFING, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        const char *office = (const char *)sqlite3_column_text(s, 0);
        enum sched_duty duty;
        if (office == NULL ||
            sched_duty_parse((const char *)sqlite3_column_text(s, 2), &duty) != NULL)
            continue; /* the table's CHECK keeps this from happening */
        fh_day day = (fh_day)sqlite3_column_int(s, 1);
        int staff = sqlite3_column_int(s, 3);
        sched_calendar_staff(cal, office, day, duty, staff);
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "load roster staffing", err, errlen);
    store_stmt_release(s);
    store_read_end(st, c);
    return r;
}

struct sched_calendar *store_calendar_build(struct store *st,
                                            const struct sched_calendar *overrides, char *err,
                                            size_t errlen)
{
    struct sched_calendar *cal = sched_calendar_create();
    if (st != NULL && (store_calendar_load(st, cal, err, errlen) != FH_OK ||
                       add_roster_staffing(st, cal, err, errlen) != FH_OK)) {
        sched_calendar_free(cal);
        return NULL;
    }
    /* Entries written into the configuration are deliberate local choices
     * and win over the imported national calendar. */
    sched_calendar_merge(cal, overrides);
    return cal;
}

struct sched_calendar *store_calendar_build_replacing(struct store *st,
                                                      const struct sched_calendar *overrides,
                                                      int first_year, int last_year,
                                                      const struct store_day *days, size_t count,
                                                      char *err, size_t errlen)
{
    struct sched_calendar *cal = sched_calendar_create();
    if (load_skipping(st, cal, first_year, last_year, err, errlen) != FH_OK ||
        add_roster_staffing(st, cal, err, errlen) != FH_OK) {
        sched_calendar_free(cal);
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        sched_calendar_set(cal, days[i].day, days[i].type, days[i].name);
    sched_calendar_merge(cal, overrides);
    return cal;
}

fh_result store_displaced(struct store *st, struct sched_office *const *offices,
                          size_t office_count, const struct sched_calendar *cal, const fh_day *days,
                          size_t day_count, struct store_displaced **out, size_t *count, char *err,
                          size_t errlen)
{
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    for (size_t d = 0; d < day_count; d++) {
        for (size_t o = 0; o < office_count; o++) {
            const struct sched_office *office = offices[o];
            struct store_booking *b;
            size_t n;
            fh_result r = store_bookings_of_day(st, sched_office_spec(office)->id, days[d], &b, &n,
                                                err, errlen);
            if (r != FH_OK) {
                free(*out);
                *out = NULL;
                *count = 0;
                return r;
            }
            for (size_t i = 0; i < n; i++) {
                if (!store_status_active(b[i].status))
                    continue;
                int service = sched_office_service_index(office, b[i].service);
                enum sched_refusal why = sched_check_slot(office, cal, service, b[i].start);
                if (why == SCHED_OK)
                    continue;
                *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
                (*out)[*count].booking = b[i];
                (*out)[(*count)++].why = why;
            }
            free(b);
        }
    }
    return FH_OK;
}
