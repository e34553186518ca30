/* sched_waitlist.c: the rules of the waitlist: whether a person may wait
 * for a place (it is full) or may take one now (a place is free for them),
 * when an entry is over, how long an offered place is held and whether its
 * SMS may go. The store runs them in its write transaction, on the kept
 * counts that include the places held for others. */
#include "scheduler/sched_internal.h"

#include <stdlib.h>

/* Refusals about the person rather than the slot: the same for every slot
 * of a day, so a day's other slots need not be tried. */
static bool about_person(enum sched_refusal r)
{
    return r == SCHED_SUSPENDED || r == SCHED_DUPLICATE_BOOKING || r == SCHED_DAILY_LIMIT ||
           r == SCHED_NOT_RESIDENT;
}

enum sched_wait sched_waitlist_check(const struct sched_office *office,
                                     const struct sched_calendar *cal,
                                     const struct sched_request *req, fh_day day, fh_minute now,
                                     const struct sched_booking *bookings, size_t booking_count,
                                     const struct sched_booking *person_bookings,
                                     size_t person_booking_count, fh_minute *start,
                                     enum sched_refusal *refusal)
{
    struct sched_admission adm;
    *refusal = SCHED_OK;
    *start = req->start;
    if (day == FH_NO_DAY) {
        enum sched_refusal r = sched_admit(office, cal, req, now, bookings, booking_count,
                                           person_bookings, person_booking_count, &adm);
        if (r == SCHED_OK)
            return SCHED_WAIT_PLACES_LEFT;
        if (r == SCHED_SLOT_FULL)
            return SCHED_WAIT_FULL;
        *refusal = r;
        return SCHED_WAIT_REFUSED;
    }
    /* A day: every slot of the service that day, full or not, each tried
     * as a booking would be. The first free one is the place; a day is
     * full when at least one slot is, and none is free. */
    struct sched_slot *slots = NULL;
    size_t n = 0;
    if (sched_slots(office, cal, req->service, day, day, now, bookings, booking_count,
                    SCHED_SLOTS_ALL, &slots, &n) != FH_OK)
        n = 0;
    bool full = false;
    enum sched_refusal first = SCHED_NOT_A_SLOT;
    enum sched_wait out = SCHED_WAIT_REFUSED;
    for (size_t i = 0; i < n; i++) {
        struct sched_request one = *req;
        one.start = slots[i].start;
        enum sched_refusal r = sched_admit(office, cal, &one, now, bookings, booking_count,
                                           person_bookings, person_booking_count, &adm);
        if (r == SCHED_OK) {
            *start = one.start;
            out = SCHED_WAIT_PLACES_LEFT;
            break;
        }
        if (about_person(r)) {
            first = r;
            *start = one.start; /* the slot that said so */
            full = false;
            break;
        }
        if (r == SCHED_SLOT_FULL)
            full = true;
        else if (first == SCHED_NOT_A_SLOT)
            first = r;
    }
    free(slots);
    if (out == SCHED_WAIT_PLACES_LEFT)
        return out;
    if (full)
        return SCHED_WAIT_FULL;
    *refusal = first;
    return SCHED_WAIT_REFUSED;
}

bool sched_waitlist_over(enum sched_refusal refusal)
{
    return refusal == SCHED_IN_PAST || refusal == SCHED_CUTOFF_PASSED;
}

fh_minute sched_offer_expires(const struct sched_office *office, fh_minute now, fh_minute start)
{
    int hold = sched_office_spec(office)->waitlist_hold_minutes;
    if (hold <= 0)
        hold = SCHED_WAITLIST_HOLD_DEFAULT;
    fh_minute until = now + hold;
    return until < start ? until : start;
}

bool sched_offer_sms_allowed(const struct sched_reminders *r, fh_minute now, fh_minute expires)
{
    /* A hold lasts minutes to hours: look at each of its minutes. */
    for (fh_minute t = now; t < expires || t == now; t++)
        if (sched_sms_time(r, t) != t)
            return false;
    return true;
}
