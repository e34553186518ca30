/* svc_waitlist.c: the waitlist as the faces use it: joining with a checked
 * booking request, accepting or declining an offer, leaving; and the
 * waitlist's pass, which offers every place freed to the first person
 * waiting (store_waitlist_pass()). A place is freed by a cancellation, a
 * move, a declined or expired offer, a day reopened or more staff on a
 * published roster: each of those runs the pass of its office right after
 * its change, and the lapse pass runs it for every office (the holds that
 * expire). The rules are the scheduler's; the store makes each step one
 * transaction. */
#include "svc/svc_internal.h"

#include "common/fh_hash.h"

#include <string.h>

size_t svc_waitlist_pass(struct svc *s, const struct sched_office *office)
{
    struct svc *now = svc_hold(s);
    const struct sched_calendar *cal = svc_calendar_hold(now);
    size_t offered = 0;
    for (size_t i = 0; i < now->cfg->office_count; i++) {
        const struct sched_office *o = now->cfg->offices[i];
        /* An office of the configuration a caller still holds is matched by
         * id: a reload may have made a new one meanwhile. */
        if (office != NULL && strcmp(sched_office_spec(o)->id, sched_office_spec(office)->id) != 0)
            continue;
        struct store_wait_pass p;
        char err[FH_ERR_LEN] = "";
        if (store_waitlist_pass(now->store, o, cal, svc_now(o), &p, err, sizeof err) != FH_OK) {
            fh_log(FH_LOG_ERROR, "waitlist: %s: %s", sched_office_spec(o)->id, err);
            continue;
        }
        if (p.offered > 0 || p.expired > 0)
            fh_log(FH_LOG_INFO, "waitlist: %s: %zu place%s offered, %zu hold%s expired",
                   sched_office_spec(o)->id, p.offered, p.offered == 1 ? "" : "s", p.expired,
                   p.expired == 1 ? "" : "s");
        /* A hold taken or released changes the places listed. */
        if (p.offered > 0 || p.expired > 0)
            svc_changed_office(now, o);
        offered += p.offered;
    }
    svc_calendar_release(now);
    svc_release(now);
    return offered;
}

fh_result svc_waitlist_join(struct svc *s, const struct svc_booking_request *req, bool whole_day,
                            const char *idempotency_key, const uint8_t body_sha256[32],
                            store_wait_reply_fn reply, void *reply_arg,
                            struct store_wait_result *out, char *err, size_t errlen)
{
    struct store_new_booking nb = svc_new_booking(req);
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r =
        store_waitlist_join(s->store, req->office, cal, &nb, whole_day, svc_now(req->office),
                            idempotency_key, body_sha256, reply, reply_arg, out, err, errlen);
    svc_calendar_release(s);
    return r;
}

fh_result svc_waitlist_leave(struct svc *s, const char *code, const char *token,
                             struct store_wait_entry *out, char *err, size_t errlen)
{
    fh_result r = store_waitlist_leave(s->store, code, token, fh_clock_now(), out, err, errlen);
    const struct sched_office *office = r == FH_OK ? cfg_office(s->cfg, out->office) : NULL;
    /* A place they held goes to the next. */
    if (office != NULL) {
        svc_changed_days(s, office, out->day, out->day);
        svc_waitlist_pass(s, office);
    }
    return r;
}

fh_result svc_offer_accept(struct svc *s, const struct sched_office *office, const char *token,
                           const char *idempotency_key, const uint8_t body_sha256[32],
                           store_reply_fn reply, void *reply_arg, struct store_create_result *out,
                           struct store_offer *offer, char *err, size_t errlen)
{
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r = store_offer_accept(s->store, office, cal, token, svc_now(office), idempotency_key,
                                     body_sha256, reply, reply_arg, out, offer, err, errlen);
    svc_calendar_release(s);
    svc_metrics_booking(r, out);
    if (r == FH_OK && !out->replayed) {
        fh_day day = fh_day_of(out->booking.start);
        svc_changed_days(s, office, day, day);
        svc_booking_taken(s, office, &out->booking);
    }
    return r;
}

fh_result svc_offer_decline(struct svc *s, const struct sched_office *office, const char *token,
                            struct store_offer *offer, char *err, size_t errlen)
{
    fh_result r = store_offer_decline(s->store, token, fh_clock_now(), offer, err, errlen);
    if (r == FH_OK) {
        fh_day day = fh_day_of(offer->start);
        svc_changed_days(s, office, day, day);
        svc_waitlist_pass(s, office);
    }
    return r;
}
