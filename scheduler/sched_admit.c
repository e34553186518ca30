/* sched_admit.c: "may this booking be taken now?". The checks run from the
 * most basic fact about the slot to the most changeable one, so that a
 * request is told the reason that would stay true longest: no such slot,
 * closed, past, not released or not open yet or closed for booking, not allowed for this
 * person (not resident, suspended for no-shows, holding bookings already),
 * and last, full. */
#include "scheduler/sched_internal.h"

#include <stdlib.h>
#include <string.h>

/* The window instance whose slot grid has a slot at start that can hold the
 * service; *suspended reports one that would but is suspended that day.
 * With mind_closure false, the office's closure of the day is overlooked. */
static int find_window(const struct sched_office *office, const struct sched_days *days,
                       int service, fh_minute start, bool *suspended, bool mind_closure)
{
    fh_day d = fh_day_of(start);
    int mod = fh_minute_of_day(start);
    int total = sched_office_window_count(office);

    *suspended = false;
    for (int w = 0; w < total; w++) {
        const struct sched_window_spec *ws = &office->spec.windows[w];
        if (!(office->windows[w].services & (1ull << service)))
            continue;
        int len = ws->slot_minutes;
        int k = sched_service_slots(office, service, w);
        if (mod < ws->start || (mod - ws->start) % len != 0 || mod + k * len > ws->end)
            continue;
        bool this_suspended;
        if (mind_closure ? sched_window_open(office, days, w, d, &this_suspended)
                         : sched_window_open_unless_closed(office, days, w, d, &this_suspended))
            return w;
        if (this_suspended)
            *suspended = true;
    }
    return -1;
}

/* Whether b is one of key's bookings, as its holder or as the partner of a
 * couple (a partner of 0 is nobody). */
static bool names(const struct sched_booking *b, uint64_t key)
{
    return b->person == key || (b->partner != 0 && b->partner == key);
}

enum sched_refusal sched_admit(const struct sched_office *office, const struct sched_calendar *cal,
                               const struct sched_request *req, fh_minute now,
                               const struct sched_booking *bookings, size_t booking_count,
                               const struct sched_booking *person_bookings,
                               size_t person_booking_count, struct sched_admission *out)
{
    int service = req->service;
    memset(out, 0, sizeof *out);
    out->window = -1;
    out->suspended_until = FH_NO_DAY;
    if (service < 0 || (size_t)service >= office->spec.service_count)
        return SCHED_NOT_A_SLOT;

    fh_day d = fh_day_of(req->start);
    struct sched_days days;
    sched_days_build(&days, office, cal, d, d);
    enum sched_refusal verdict = SCHED_OK;
    bool suspended;
    int w = -1;

    /* A time that is no slot even on an open day is not_a_slot; one that
     * would be is day_closed when the office has closed the day. */
    if (days.info[d - days.lo].closed) {
        verdict =
            find_window(office, &days, service, req->start, &suspended, false) < 0 && !suspended
                ? SCHED_NOT_A_SLOT
                : SCHED_DAY_CLOSED;
        goto done;
    }
    w = find_window(office, &days, service, req->start, &suspended, true);
    if (w < 0) {
        verdict = suspended ? SCHED_WINDOW_SUSPENDED : SCHED_NOT_A_SLOT;
        goto done;
    }
    const struct sched_window_spec *ws = &office->spec.windows[w];
    int len = ws->slot_minutes;
    int k = sched_service_slots(office, service, w);
    out->window = w;
    out->end = req->start + (fh_minute)k * len;
    out->minutes = office->service_minutes[service];
    out->needs_confirmation = ws->needs_confirmation;

    if (req->start <= now) {
        verdict = SCHED_IN_PAST;
        goto done;
    }
    /* A date released at an instant opens then, whatever the horizon; a
     * draw's places are booked when it closes, before that instant. */
    const struct sched_release *rule = sched_release_rule(office, d);
    fh_minute release = rule == NULL               ? SCHED_NEVER
                        : req->drawn && rule->draw ? sched_instant_of(&rule->draw_closes, d)
                                                   : sched_release_instant(rule);
    if (release != SCHED_NEVER && now < release) {
        verdict = SCHED_NOT_YET_RELEASED;
        goto done;
    }
    if (release == SCHED_NEVER && now < sched_rule_instant(&days, &ws->horizon, req->start)) {
        verdict = SCHED_NOT_YET_OPEN;
        goto done;
    }
    /* Staff taking a booking by phone or at the counter may pass the online
     * cut-off where the office allows it; never the horizon or the places. */
    bool past_cutoff_ok = req->staff && office->spec.staff_past_cutoff;
    if (!past_cutoff_ok && now >= sched_rule_instant(&days, &ws->cutoff, req->start)) {
        verdict = SCHED_CUTOFF_PASSED;
        goto done;
    }
    /* Filed ahead of its effective date: a fact of the dates, before the
     * person's standing. */
    if (req->designated) {
        out->effective =
            (int)sched_effective_check(office, cal, service, req->start, req->effective);
        if (out->effective != SCHED_EFFECTIVE_OK) {
            verdict = SCHED_EFFECTIVE_DATE;
            goto done;
        }
    }
    if (ws->residents_only && !req->resident) {
        verdict = SCHED_NOT_RESIDENT;
        goto done;
    }

    /* A suspension is about the person, not the slot, and outlasts the
     * person's own bookings: it comes before them. Staff booking on the
     * person's behalf pass it: the person may still call or come in. */
    if (!req->staff) {
        uint64_t each[2] = {req->person, req->partner};
        for (int p = 0; p < (req->partner != 0 ? 2 : 1); p++) {
            fh_minute lifted = sched_lifted_at(each[p], req->lifts, req->lift_count, now);
            struct sched_standing st = sched_no_show_standing(
                &office->spec.no_show, each[p], req->misses, req->miss_count, lifted, now);
            if (st.suspended_until != FH_NO_DAY) {
                verdict = SCHED_SUSPENDED;
                out->suspended_until = st.suspended_until;
                out->partner_refused = p == 1;
                goto done;
            }
        }
    }

    /* The limit per service counts only bookings that have not ended yet:
     * an old booking nobody closed must not block the person forever. The
     * daily limit counts every booking of that day: one slot a day means
     * one, even after the first is over. A couple's booking is each
     * spouse's own, so it counts for both, whichever of them made it. */
    uint64_t who[2] = {req->person, req->partner};
    int people = req->partner != 0 ? 2 : 1;
    int same_service[2] = {0, 0}, same_day[2] = {0, 0};
    for (size_t i = 0; i < person_booking_count; i++) {
        const struct sched_booking *b = &person_bookings[i];
        bool this_day = fh_day_of(b->start) == d;
        bool this_service =
            b->service == service && b->start + (b->minutes > 0 ? b->minutes : 1) > now;
        for (int p = 0; p < people; p++) {
            if (!names(b, who[p]))
                continue;
            same_day[p] += this_day;
            same_service[p] += this_service;
        }
    }
    for (int p = 0; p < people; p++) {
        if (office->spec.per_person_per_service > 0 &&
            same_service[p] >= office->spec.per_person_per_service) {
            verdict = SCHED_DUPLICATE_BOOKING;
            out->partner_refused = p == 1;
            goto done;
        }
    }
    for (int p = 0; p < people; p++) {
        if (office->spec.per_person_per_day > 0 && same_day[p] >= office->spec.per_person_per_day) {
            verdict = SCHED_DAILY_LIMIT;
            out->partner_refused = p == 1;
            goto done;
        }
    }

    int *used = fh_calloc((size_t)office->windows[w].slot_count, sizeof *used);
    size_t cursor = sched_bookings_from(bookings, booking_count, (fh_minute)d * FH_MINUTES_PER_DAY);
    sched_day_load_fill(office, d, bookings, booking_count, &cursor, &w, 1, &used);
    int first = (fh_minute_of_day(req->start) - ws->start) / len, busiest = 0;
    for (int s = first; s < first + k; s++)
        if (used[s] > busiest)
            busiest = used[s];
    free(used);
    out->remaining = sched_window_places(office, cal, d, w) - busiest;
    if (out->remaining <= 0) {
        out->remaining = 0;
        verdict = SCHED_SLOT_FULL;
    }
done:
    sched_days_free(&days);
    return verdict;
}

fh_minute sched_opens_at(const struct sched_office *office, const struct sched_calendar *cal,
                         int service, fh_minute start)
{
    if (service < 0 || (size_t)service >= office->spec.service_count)
        return SCHED_NEVER;
    fh_day d = fh_day_of(start);
    struct sched_days days;
    sched_days_build(&days, office, cal, d, d);
    bool suspended;
    int w = find_window(office, &days, service, start, &suspended, true);
    fh_minute release = sched_release_at(office, d);
    fh_minute opens = w < 0 ? SCHED_NEVER
                      : release != SCHED_NEVER
                          ? release
                          : sched_rule_instant(&days, &office->spec.windows[w].horizon, start);
    sched_days_free(&days);
    return opens;
}

enum sched_refusal sched_check_slot(const struct sched_office *office,
                                    const struct sched_calendar *cal, int service, fh_minute start)
{
    if (service < 0 || (size_t)service >= office->spec.service_count)
        return SCHED_NOT_A_SLOT;
    fh_day d = fh_day_of(start);
    struct sched_days days;
    sched_days_build(&days, office, cal, d, d);
    enum sched_refusal verdict = SCHED_OK;
    bool suspended;
    if (days.info[d - days.lo].closed)
        verdict = SCHED_DAY_CLOSED;
    else if (find_window(office, &days, service, start, &suspended, true) < 0)
        verdict = suspended ? SCHED_WINDOW_SUSPENDED : SCHED_NOT_A_SLOT;
    sched_days_free(&days);
    return verdict;
}
