/* svc_draw.c: lucky-date draws as the faces and the worker use them. The
 * worker's pass commits every draw of the configuration in force as soon as
 * its rule is known (before its requests open: the seed's hash is shown
 * from then on), and runs each draw whose time has come, in steps of a few
 * requests (each one transaction), so that bookings elsewhere wait for no
 * more than a step. The rules are the scheduler's; the store keeps it. */
#include "svc/svc_internal.h"

#include <string.h>

/* Requests placed a transaction: short enough that another office's
 * booking waits little behind one. */
#define DRAW_STEP 64

/* Runs the closed draw of office's day to its end. */
static void run_draw(struct svc *s, const struct sched_office *office,
                     const struct sched_calendar *cal, fh_day day)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    struct store_draw_pass total;
    memset(&total, 0, sizeof total);
    for (;;) {
        struct store_draw_pass p;
        char err[FH_ERR_LEN] = "";
        fh_result r = store_draw_run(s->store, office, cal, day, svc_now(office), DRAW_STEP, &p,
                                     err, sizeof err);
        if (r != FH_OK) {
            fh_log(FH_LOG_ERROR, "draw: %s %s: %s", o->id, date, err);
            return;
        }
        if (p.drawn_now)
            fh_log(FH_LOG_INFO, "draw: %s %s: requests ranked, seed revealed", o->id, date);
        total.booked += p.booked;
        total.waiting += p.waiting;
        total.refused += p.refused;
        if (p.booked > 0)
            svc_changed_days(s, office, day, day);
        if (p.done)
            break;
    }
    if (total.booked + total.waiting + total.refused > 0)
        fh_log(FH_LOG_INFO, "draw: %s %s: %zu booked, %zu on the waitlist, %zu refused", o->id,
               date, total.booked, total.waiting, total.refused);
}

void svc_draw_pass(struct svc *s)
{
    struct svc *now = svc_hold(s);
    const struct sched_calendar *cal = svc_calendar_hold(now);
    for (size_t i = 0; i < now->cfg->office_count; i++) {
        const struct sched_office *office = now->cfg->offices[i];
        const struct sched_office_spec *o = sched_office_spec(office);
        fh_minute local = svc_now(office);
        fh_day today = fh_day_of(local);
        bool draws = false;
        for (size_t k = 0; k < o->release_count; k++) {
            const struct sched_release *rule = &o->releases[k];
            draws = draws || rule->draw;
            if (!rule->draw || rule->date < today)
                continue;
            struct store_draw d;
            char err[FH_ERR_LEN] = "";
            /* Read first: the writer is taken only to commit a new draw. */
            fh_result r = store_draw_get(now->store, o->id, rule->date, &d, err, sizeof err);
            if (r == FH_ENOTFOUND)
                r = store_draw_commit(now->store, o->id, rule->date, fh_clock_now(), &d, err,
                                      sizeof err);
            if (r != FH_OK) {
                fh_log(FH_LOG_ERROR, "draw: %s: commit: %s", o->id, err);
                continue;
            }
            if (d.done_at == 0 && sched_draw_phase(office, rule->date, local) == SCHED_DRAW_CLOSED)
                run_draw(now, office, cal, rule->date);
        }
        char err[FH_ERR_LEN] = "";
        if (draws && store_draw_forget(now->store, o->id, today, err, sizeof err) != FH_OK)
            fh_log(FH_LOG_ERROR, "draw: %s: %s", o->id, err);
    }
    svc_calendar_release(now);
    svc_release(now);
}

fh_result svc_draw_request(struct svc *s, const struct svc_booking_request *req,
                           const char *idempotency_key, const uint8_t body_sha256[32],
                           store_draw_reply_fn reply, void *reply_arg,
                           struct store_draw_result *out, char *err, size_t errlen)
{
    struct store_new_booking nb = svc_new_booking(req);
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r =
        store_draw_request_create(s->store, req->office, cal, &nb, svc_now(req->office),
                                  idempotency_key, body_sha256, reply, reply_arg, out, err, errlen);
    svc_calendar_release(s);
    return r;
}
