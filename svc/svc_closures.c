/* svc_closures.c: closing an office's day and opening it again, for the
 * API and the manager pages alike: what a closure will do (the bookings it
 * cancels, the staff on duty it tells), and the closure itself, which
 * checks that the day still holds what the manager was shown. */
#include "svc/svc_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 200

const char *svc_closure_reason_check(const char *reason)
{
    if (reason == NULL || reason[0] == '\0')
        return "missing (the messages tell people why)";
    if (strlen(reason) > REASON_MAX || val_name(reason) != NULL)
        return "must be text of at most 200 bytes";
    return NULL;
}

void svc_closure_preview_free(struct svc_closure_preview *p)
{
    free(p->bookings);
    free(p->staff);
    memset(p, 0, sizeof *p);
}

/* A digest of what the preview lists, in a fixed order: a closure made
 * after the day changed (a booking taken or cancelled, a duty moved) would
 * do something the manager did not see. */
static void digest(struct svc_closure_preview *p)
{
    size_t cap = 64 + p->count * 32 + p->staff_count * 48, n = 0;
    char *text = fh_malloc(cap);
    n += (size_t)snprintf(text + n, cap - n, "%d:%d;", (int)p->day, p->closed_already ? 1 : 0);
    for (size_t i = 0; i < p->count; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s:%s;", p->bookings[i].code,
                              store_status_name(p->bookings[i].status));
    for (size_t i = 0; i < p->staff_count; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s:%d;", p->staff[i].id,
                              p->staff[i].has_email ? 1 : 0);
    uint8_t h[FH_SHA256_LEN];
    fh_sha256(text, n, h);
    fh_hex_encode(h, sizeof h, p->check);
    free(text);
}

fh_result svc_closure_preview(struct svc *s, const struct sched_office *office, fh_day day,
                              struct svc_closure_preview *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->day = day;
    const char *id = sched_office_spec(office)->id;
    const struct sched_calendar *cal = svc_calendar_hold(s);
    struct sched_day_info info;
    sched_day_info(office, cal, day, &info);
    svc_calendar_release(s);
    out->closed_already = info.closed;

    struct store_booking *all;
    size_t n;
    fh_result r = store_bookings_of_day(s->store, id, day, &all, &n, err, errlen);
    if (r != FH_OK)
        return r;
    /* As store_close_day() decides: those at the counter or done stay. */
    out->bookings = fh_calloc(n + 1, sizeof *out->bookings);
    for (size_t i = 0; i < n && !out->closed_already; i++)
        if (all[i].status == STORE_PENDING || all[i].status == STORE_CONFIRMED)
            out->bookings[out->count++] = all[i];
    free(all);

    char(*ids)[40] = NULL;
    size_t m = 0;
    if (!out->closed_already &&
        (r = store_day_staff(s->store, id, day, &ids, &m, err, errlen)) != FH_OK) {
        svc_closure_preview_free(out);
        return r;
    }
    const struct cfg_roster *roster = cfg_office_roster(s->cfg, id);
    out->staff = fh_calloc(m + 1, sizeof *out->staff);
    for (size_t i = 0; i < m; i++) {
        struct svc_staff_told *t = &out->staff[out->staff_count++];
        memcpy(t->id, ids[i], sizeof t->id);
        int k = roster != NULL ? cfg_staff_index(roster, ids[i]) : -1;
        t->name = k >= 0 ? roster->staff[k].name : NULL;
        t->has_email = k >= 0 && roster->staff[k].email != NULL;
    }
    free(ids);
    /* Names point into the configuration; ids into the preview. */
    for (size_t i = 0; i < out->staff_count; i++)
        if (out->staff[i].name == NULL)
            out->staff[i].name = out->staff[i].id;
    digest(out);
    return FH_OK;
}

fh_result svc_close_day(struct svc *s, const struct sched_office *office, fh_day day,
                        const char *reason, const char *by, const char *check,
                        struct svc_closure_preview *done, char *err, size_t errlen)
{
    if (done != NULL)
        memset(done, 0, sizeof *done);
    const char *why = svc_closure_reason_check(reason);
    if (why != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "reason: %s", why);
    struct svc_closure_preview p;
    svc_change_begin(s);
    fh_result r = svc_closure_preview(s, office, day, &p, err, errlen);
    if (r == FH_OK && check != NULL && strcmp(check, p.check) != 0)
        r = fh_fail(err, errlen, FH_ECONFLICT,
                    "the day's bookings or duties changed since the preview");
    const char **notify = NULL;
    size_t told = 0;
    struct store_booking *cancelled = NULL;
    size_t n = 0;
    if (r == FH_OK) {
        notify = fh_calloc(p.staff_count + 1, sizeof *notify);
        for (size_t i = 0; i < p.staff_count; i++)
            if (p.staff[i].has_email)
                notify[told++] = p.staff[i].id;
        r = store_close_day(s->store, office, day, reason, by, svc_now(office), notify, told,
                            &cancelled, &n, err, errlen);
    }
    /* The closure's day, and the cut-offs and horizons of the office's
     * other days that count working days across it. */
    if (r == FH_OK)
        r = svc_calendar_reload(s, office, err, errlen);
    svc_change_end(s);
    free(notify);
    if (r == FH_OK && done != NULL) {
        /* What was done: the bookings the store cancelled, the staff told. */
        *done = p;
        free(done->bookings);
        done->bookings = cancelled;
        done->count = n;
        size_t k = 0;
        for (size_t i = 0; i < done->staff_count; i++)
            if (done->staff[i].has_email)
                done->staff[k++] = done->staff[i];
        done->staff_count = k;
        return FH_OK;
    }
    free(cancelled);
    svc_closure_preview_free(&p);
    return r;
}

fh_result svc_reopen_day(struct svc *s, const struct sched_office *office, fh_day day,
                         const char *by, char *err, size_t errlen)
{
    svc_change_begin(s);
    fh_result r = store_reopen_day(s->store, sched_office_spec(office)->id, day, by, fh_clock_now(),
                                   err, errlen);
    if (r == FH_OK)
        r = svc_calendar_reload(s, office, err, errlen);
    svc_change_end(s);
    return r;
}
