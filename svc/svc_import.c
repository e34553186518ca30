/* svc_import.c: the government calendar imported, for the API, the pages
 * and `flexhours calendar import` alike: a preview (the days that change,
 * the bookings left without a slot, the shortfalls of published rosters
 * under the new calendar), then the apply, which cancels those bookings and
 * tells their holders in the transaction that replaces the days. Also the
 * files a manager's preview page holds until the apply. */
#include "svc/svc_internal.h"

#include "calendars/cal.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void svc_import_preview_free(struct svc_import_preview *p)
{
    store_calendar_diff_free(&p->diff);
    free(p->displaced);
    free(p->issues);
    free(p->cancelled);
    memset(p, 0, sizeof *p);
}

static bool day_in(fh_day d, const fh_day *days, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (days[i] == d)
            return true;
    return false;
}

static void add_issue(struct svc_import_preview *p, size_t *cap, const struct svc_roster_issue *e)
{
    p->issues = fh_grow(p->issues, sizeof *p->issues, cap, p->issue_count + 1);
    p->issues[p->issue_count++] = *e;
}

/* One published month of an office checked against cal: the window
 * instances of the changed days left short, and the duties of those days
 * whose window is gone. */
static fh_result check_month(struct svc *s, const struct sched_office *office,
                             const struct cfg_roster *roster, const struct sched_calendar *cal,
                             int year, int month, const fh_day *days, size_t day_count,
                             struct svc_import_preview *p, size_t *cap, char *err, size_t errlen)
{
    const char *id = sched_office_spec(office)->id;
    struct store_roster stored;
    fh_result r = store_roster_get(s->store, id, year, month, &stored, err, errlen);
    if (r != FH_OK)
        return r;
    if (stored.state != STORE_ROSTER_PUBLISHED) {
        store_roster_free(&stored);
        return FH_OK;
    }
    fh_day first = fh_day_from_ymd(year, month, 1);
    fh_day last = first + fh_days_in_month(year, month) - 1;
    struct sched_booking *bookings = NULL;
    size_t booking_count = 0;
    struct sched_demand *demand = NULL;
    size_t demand_count = 0;
    r = store_occupancy(s->store, office, first, last, &bookings, &booking_count, err, errlen);
    if (r == FH_OK)
        r = sched_roster_demand(office, cal, &roster->rules, first, last, bookings, booking_count,
                                &demand, &demand_count);
    free(bookings);
    if (r != FH_OK) {
        store_roster_free(&stored);
        free(demand);
        if (err[0] == '\0')
            fh_fail(err, errlen, r, "the month's demand: %s", fh_strerror(r));
        return r;
    }
    struct sched_staff *staff = fh_calloc(roster->staff_count + 1, sizeof *staff);
    for (size_t i = 0; i < roster->staff_count; i++)
        staff[i] = roster->staff[i].sched;
    struct sched_assignment *a = fh_calloc(stored.count + 1, sizeof *a);
    size_t n = 0;
    for (size_t i = 0; i < stored.count; i++) {
        const struct store_duty *d = &stored.duties[i];
        int k = cfg_staff_index(roster, d->staff);
        int di = -1;
        for (size_t j = 0; j < demand_count && di < 0; j++)
            if (demand[j].day == d->day && demand[j].duty == d->duty)
                di = (int)j;
        if (di >= 0 && k >= 0) {
            a[n++] = (struct sched_assignment){di, k};
            continue;
        }
        if (di < 0 && day_in(d->day, days, day_count)) {
            /* One line per instance, however many are on it. */
            size_t j = 0;
            while (j < p->issue_count &&
                   !(p->issues[j].office == id && p->issues[j].day == d->day &&
                     p->issues[j].duty == d->duty))
                j++;
            if (j < p->issue_count)
                p->issues[j].assigned++;
            else
                add_issue(p, cap,
                          &(struct svc_roster_issue){id, d->day, d->duty, 0, 1, "no_window"});
        }
    }
    struct sched_shortfall *sf = NULL;
    size_t sf_count = 0;
    r = sched_roster_explain(office, cal, &roster->rules, staff, roster->staff_count, demand,
                             demand_count, a, n, &sf, &sf_count);
    if (r == FH_OK) {
        for (size_t i = 0; i < sf_count; i++) {
            const struct sched_demand *d = &demand[sf[i].demand];
            if (day_in(d->day, days, day_count))
                add_issue(p, cap,
                          &(struct svc_roster_issue){id, d->day, d->duty, d->needed, sf[i].assigned,
                                                     sched_short_reason_code(sf[i].reason)});
        }
    } else {
        fh_fail(err, errlen, r, "checking the roster of %04d-%02d: %s", year, month,
                fh_strerror(r));
    }
    free(sf);
    free(a);
    free(staff);
    free(demand);
    store_roster_free(&stored);
    return r;
}

/* The published rosters of the months the changed days fall in. */
static fh_result check_rosters(struct svc *s, const struct sched_calendar *cal, const fh_day *days,
                               size_t day_count, struct svc_import_preview *p, char *err,
                               size_t errlen)
{
    size_t cap = 0;
    for (size_t o = 0; o < s->cfg->office_count; o++) {
        const struct sched_office *office = s->cfg->offices[o];
        const struct cfg_roster *roster = cfg_office_roster(s->cfg, sched_office_spec(office)->id);
        if (roster == NULL || roster->staff_count == 0)
            continue;
        int last_key = 0;
        for (size_t i = 0; i < day_count; i++) {
            int y, m, d;
            fh_day_to_ymd(days[i], &y, &m, &d);
            if (y * 100 + m == last_key)
                continue; /* days come sorted: each month once */
            last_key = y * 100 + m;
            fh_result r =
                check_month(s, office, roster, cal, y, m, days, day_count, p, &cap, err, errlen);
            if (r != FH_OK)
                return r;
        }
    }
    return FH_OK;
}

/* The preview's work, under the change lock when it precedes an apply. */
static fh_result preview(struct svc *s, const struct cal_import *imp, const struct store_day *days,
                         struct svc_import_preview *out, char *err, size_t errlen)
{
    fh_result r = store_calendar_diff(s->store, imp->first_year, imp->last_year, days, imp->count,
                                      &out->diff, err, errlen);
    if (r != FH_OK)
        return r;
    struct sched_calendar *cal = store_calendar_build_replacing(
        s->store, s->cfg->calendar, imp->first_year, imp->last_year, days, imp->count, err, errlen);
    if (cal == NULL)
        return FH_EDB;
    fh_day *changed = fh_calloc(out->diff.change_count + 1, sizeof *changed);
    for (size_t i = 0; i < out->diff.change_count; i++)
        changed[i] = out->diff.changes[i].day;
    r = store_displaced(s->store, s->cfg->offices, s->cfg->office_count, cal, changed,
                        out->diff.change_count, &out->displaced, &out->displaced_count, err,
                        errlen);
    if (r == FH_OK)
        r = check_rosters(s, cal, changed, out->diff.change_count, out, err, errlen);
    free(changed);
    sched_calendar_free(cal);
    if (r != FH_OK)
        return r;
    /* The file and what it displaces: an apply that would cancel other
     * bookings than the preview showed is refused. */
    size_t cap = 80 + out->displaced_count * 16, n = 0;
    char *text = fh_malloc(cap);
    n += (size_t)snprintf(text + n, cap - n, "%s;", out->sha256);
    for (size_t i = 0; i < out->displaced_count; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s;", out->displaced[i].booking.code);
    uint8_t h[FH_SHA256_LEN];
    fh_sha256(text, n, h);
    fh_hex_encode(h, sizeof h, out->check);
    free(text);
    return FH_OK;
}

static fh_result parse(const char *data, size_t len, struct cal_import *imp,
                       struct store_day **days, struct svc_import_preview *out, char *err,
                       size_t errlen)
{
    memset(out, 0, sizeof *out);
    *days = NULL;
    if (len == 0)
        return fh_fail(err, errlen, FH_EINVAL, "the file is empty");
    if (cal_import_parse(data, len, imp, err, errlen) != FH_OK)
        return FH_EINVAL;
    uint8_t h[FH_SHA256_LEN];
    fh_sha256(data, len, h);
    fh_hex_encode(h, sizeof h, out->sha256);
    out->first_year = imp->first_year;
    out->last_year = imp->last_year;
    out->days = imp->count;
    *days = fh_calloc(imp->count + 1, sizeof **days);
    for (size_t i = 0; i < imp->count; i++)
        (*days)[i] = (struct store_day){imp->days[i].day, imp->days[i].type, imp->days[i].name};
    return FH_OK;
}

fh_result svc_import_preview(struct svc *s, const char *data, size_t len,
                             struct svc_import_preview *out, char *err, size_t errlen)
{
    struct cal_import imp;
    struct store_day *days;
    fh_result r = parse(data, len, &imp, &days, out, err, errlen);
    if (r != FH_OK)
        return r;
    r = preview(s, &imp, days, out, err, errlen);
    free(days);
    cal_import_free(&imp);
    if (r != FH_OK)
        svc_import_preview_free(out);
    return r;
}

fh_result svc_import_apply(struct svc *s, const char *data, size_t len, const char *check,
                           const char *by, struct svc_import_preview *out, char *err, size_t errlen)
{
    struct cal_import imp;
    struct store_day *days;
    fh_result r = parse(data, len, &imp, &days, out, err, errlen);
    if (r != FH_OK)
        return r;
    /* Bookings are judged under the change lock: none can take a place the
     * import removes between the preview below and the store's transaction. */
    svc_change_begin(s);
    r = preview(s, &imp, days, out, err, errlen);
    if (r == FH_OK && check != NULL && strcmp(check, out->check) != 0)
        r = fh_fail(err, errlen, FH_ECONFLICT,
                    "the file or the bookings it displaces changed since the preview");
    const char **codes = fh_calloc(out->displaced_count + 1, sizeof *codes);
    for (size_t i = 0; i < out->displaced_count; i++)
        codes[i] = out->displaced[i].booking.code;
    if (r == FH_OK) {
        struct store_calendar_diff diff;
        struct store_import_effects fx = {codes, out->displaced_count, by, fh_clock_now()};
        r = store_calendar_replace(s->store, imp.first_year, imp.last_year, days, imp.count, &fx,
                                   &diff, &out->cancelled, &out->cancelled_count, err, errlen);
        if (r == FH_OK)
            store_calendar_diff_free(&diff); /* the same as the preview's, under the lock */
    }
    if (r == FH_OK)
        r = svc_calendar_reload(s, NULL, err, errlen); /* every office's days */
    svc_change_end(s);
    free(codes);
    free(days);
    cal_import_free(&imp);
    if (r != FH_OK)
        svc_import_preview_free(out);
    return r;
}

/* ---- files held between a preview and its apply ---------------------------------- */

#define UPLOADS    8
#define UPLOAD_TTL (30 * 60)

struct svc_upload {
    char owner[40];
    char sha256[65];
    char *data;
    size_t len;
    int64_t at;
};

struct svc_uploads {
    pthread_mutex_t lock;
    struct svc_upload slot[UPLOADS];
};

struct svc_uploads *svc_uploads_create(void)
{
    struct svc_uploads *u = fh_calloc(1, sizeof *u);
    pthread_mutex_init(&u->lock, NULL);
    return u;
}

static void slot_clear(struct svc_upload *x)
{
    if (x->data != NULL)
        fh_wipe(x->data, x->len);
    free(x->data);
    memset(x, 0, sizeof *x);
}

void svc_uploads_free(struct svc_uploads *u)
{
    if (u == NULL)
        return;
    for (size_t i = 0; i < UPLOADS; i++)
        slot_clear(&u->slot[i]);
    pthread_mutex_destroy(&u->lock);
    free(u);
}

void svc_upload_keep(struct svc *s, const char *owner, const char *data, size_t len,
                     char sha256[65])
{
    uint8_t h[FH_SHA256_LEN];
    fh_sha256(data, len, h);
    fh_hex_encode(h, sizeof h, sha256);
    struct svc_uploads *u = s->core->uploads;
    int64_t now = fh_clock_now();
    pthread_mutex_lock(&u->lock);
    /* The same file of the same owner, else an expired slot, else the oldest. */
    size_t pick = 0;
    for (size_t i = 0; i < UPLOADS; i++) {
        struct svc_upload *x = &u->slot[i];
        if (x->data != NULL && strcmp(x->owner, owner) == 0 && strcmp(x->sha256, sha256) == 0) {
            pick = i;
            break;
        }
        if (x->data == NULL || now - x->at > UPLOAD_TTL || x->at < u->slot[pick].at)
            pick = i;
    }
    struct svc_upload *x = &u->slot[pick];
    slot_clear(x);
    snprintf(x->owner, sizeof x->owner, "%s", owner);
    memcpy(x->sha256, sha256, sizeof x->sha256);
    x->data = fh_malloc(len + 1);
    memcpy(x->data, data, len);
    x->data[len] = '\0';
    x->len = len;
    x->at = now;
    pthread_mutex_unlock(&u->lock);
}

char *svc_upload_get(struct svc *s, const char *owner, const char *sha256, size_t *len)
{
    struct svc_uploads *u = s->core->uploads;
    char *copy = NULL;
    int64_t now = fh_clock_now();
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < UPLOADS; i++) {
        struct svc_upload *x = &u->slot[i];
        if (x->data == NULL || strcmp(x->owner, owner) != 0 || strcmp(x->sha256, sha256) != 0)
            continue;
        if (now - x->at > UPLOAD_TTL) {
            slot_clear(x);
            continue;
        }
        /* fh_malloc aborts rather than return NULL. */
        copy = fh_malloc(x->len + 1);
        memcpy(copy, x->data, x->len + 1);
        *len = x->len;
        break;
    }
    pthread_mutex_unlock(&u->lock);
    return copy;
}

void svc_upload_drop(struct svc *s, const char *owner, const char *sha256)
{
    struct svc_uploads *u = s->core->uploads;
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < UPLOADS; i++) {
        struct svc_upload *x = &u->slot[i];
        if (x->data != NULL && strcmp(x->owner, owner) == 0 && strcmp(x->sha256, sha256) == 0)
            slot_clear(x);
    }
    pthread_mutex_unlock(&u->lock);
}
