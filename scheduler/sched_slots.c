/* sched_slots.c: the slot engine. For one service over a range of dates it
 * lists every slot of every open window that accepts the service, with the
 * places left given the bookings already taken. Counters are shared per
 * window instance: a booking holds one counter in each slot it covers, so a
 * service of k slots fits where each of its k slots has a counter free. */
#include "scheduler/sched_internal.h"

#include <stdlib.h>
#include <string.h>

/* The longest range one call computes: a year and a bit, with room for a
 * leap year and a month's margin either side. */
#define MAX_RANGE_DAYS 400

/* Open windows of day d accepting the service, in time order. */
static int open_windows(const struct sched_office *office, const struct sched_days *days,
                        int service, fh_day d, int *out)
{
    int n = 0, total = sched_office_window_count(office);
    uint64_t bit = 1ull << service;
    for (int w = 0; w < total; w++) {
        if (!(office->windows[w].services & bit) || !sched_window_open(office, days, w, d, NULL))
            continue;
        int start = office->spec.windows[w].start, j = n++;
        while (j > 0 && office->spec.windows[out[j - 1]].start > start) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = w;
    }
    return n;
}

fh_result sched_slots(const struct sched_office *office, const struct sched_calendar *cal,
                      int service, fh_day first, fh_day last, fh_minute now,
                      const struct sched_booking *bookings, size_t booking_count, unsigned flags,
                      struct sched_slot **out, size_t *out_count)
{
    *out = NULL;
    *out_count = 0;
    if (service < 0 || (size_t)service >= office->spec.service_count)
        return FH_ENOTFOUND;
    if (first > last || last - first >= MAX_RANGE_DAYS)
        return FH_EINVAL;
    size_t days = (size_t)(last - first + 1);
    /* A listing's month or two fits on the stack (the engine's cost per
     * slot is held to a budget, bench/targets.sh). */
    const struct sched_booking *rows_here[64];
    size_t counts_here[64];
    bool heap = days > 64;
    const struct sched_booking **rows = heap ? fh_malloc(days * sizeof *rows) : rows_here;
    size_t *counts = heap ? fh_malloc(days * sizeof *counts) : counts_here;
    size_t at = sched_bookings_from(bookings, booking_count, (fh_minute)first * FH_MINUTES_PER_DAY);
    for (size_t i = 0; i < days; i++) {
        /* No bookings may come as NULL: no pointer arithmetic on it. */
        if (booking_count == 0) {
            rows[i] = NULL;
            counts[i] = 0;
            continue;
        }
        fh_minute day_end = (fh_minute)(first + (fh_day)i + 1) * FH_MINUTES_PER_DAY;
        rows[i] = bookings + at;
        size_t end = at + sched_bookings_from(bookings + at, booking_count - at, day_end);
        counts[i] = end - at;
        at = end;
    }
    fh_result r = sched_slots_days(office, cal, service, first, last, now, rows, counts, flags, out,
                                   out_count);
    if (heap) {
        free(rows);
        free(counts);
    }
    return r;
}

fh_result sched_slots_days(const struct sched_office *office, const struct sched_calendar *cal,
                           int service, fh_day first, fh_day last, fh_minute now,
                           const struct sched_booking *const *day_bookings,
                           const size_t *day_counts, unsigned flags, struct sched_slot **out,
                           size_t *out_count)
{
    *out = NULL;
    *out_count = 0;
    if (service < 0 || (size_t)service >= office->spec.service_count)
        return FH_ENOTFOUND;
    if (first > last || last - first >= MAX_RANGE_DAYS)
        return FH_EINVAL;

    struct sched_days days;
    sched_days_build(&days, office, cal, first, last);

    int total = sched_office_window_count(office);
    int slots_total = 0;
    for (int w = 0; w < total; w++)
        slots_total += office->windows[w].slot_count;
    int *used_pool = fh_calloc((size_t)slots_total, sizeof *used_pool);
    int *used_of[SCHED_MAX_WINDOWS];
    for (int w = 0, at = 0; w < total; w++) {
        used_of[w] = used_pool + at;
        at += office->windows[w].slot_count;
    }

    struct sched_slot *slots = NULL;
    size_t count = 0, cap = 0;
    int service_minutes = office->service_minutes[service];
    bool all = (flags & SCHED_SLOTS_ALL) != 0;
    bool unreleased_too = (flags & SCHED_SLOTS_UNRELEASED) != 0;
    /* Staff past the cut-off, as sched_admit() lets them. */
    bool staff = (flags & SCHED_SLOTS_STAFF) != 0 && office->spec.staff_past_cutoff;
    /* Asked once per query so that an office without a published roster
     * pays nothing per window instance. */
    bool rostered = sched_calendar_rosters(cal, office->spec.id);
    int open[SCHED_MAX_WINDOWS];
    int *used_open[SCHED_MAX_WINDOWS];

    for (fh_day d = first; d <= last; d++) {
        int n_open = open_windows(office, &days, service, d, open);
        if (n_open == 0)
            continue;
        for (int i = 0; i < n_open; i++) {
            used_open[i] = used_of[open[i]];
            memset(used_open[i], 0, (size_t)office->windows[open[i]].slot_count * sizeof(int));
        }
        size_t cursor = 0;
        sched_day_load_fill(office, d, day_bookings[d - first], day_counts[d - first], &cursor,
                            open, n_open, used_open);

        fh_minute day_start = (fh_minute)d * FH_MINUTES_PER_DAY;
        /* A date released at an instant opens then for every slot. */
        fh_minute release = sched_release_at(office, d);
        bool unreleased = release != SCHED_NEVER && now < release;
        bool list_unreleased = unreleased && unreleased_too;
        for (int i = 0; i < n_open; i++) {
            int w = open[i];
            const struct sched_window_spec *ws = &office->spec.windows[w];
            const int *used = used_open[i];
            int len = ws->slot_minutes;
            int k = (service_minutes + len - 1) / len;
            int n = office->windows[w].slot_count;
            int places = rostered ? sched_window_places(office, cal, d, w) : ws->capacity;
            /* Rules fixed at a time of day give one instant for the whole
             * window; rules at the slot's own time move with each slot. */
            fh_minute opens = release != SCHED_NEVER
                                  ? release
                                  : sched_rule_instant(&days, &ws->horizon, day_start + ws->start);
            fh_minute closes = sched_rule_instant(&days, &ws->cutoff, day_start + ws->start);
            bool opens_moves = release == SCHED_NEVER && ws->horizon.at == SCHED_AT_SLOT_TIME;
            bool closes_moves = ws->cutoff.at == SCHED_AT_SLOT_TIME;

            slots = fh_grow(slots, sizeof *slots, &cap, count + (size_t)n);
            for (int s = 0; s + k <= n; s++) {
                int busiest = used[s];
                for (int j = 1; j < k; j++)
                    if (used[s + j] > busiest)
                        busiest = used[s + j];
                int remaining = places - busiest;
                fh_minute start = day_start + ws->start + s * len;
                fh_minute shift = (fh_minute)s * len;
                bool bookable = remaining > 0 && start > now &&
                                now >= opens + (opens_moves ? shift : 0) &&
                                (staff || now < closes + (closes_moves ? shift : 0));
                /* Waiting only for the release: listed when asked for. */
                if (!bookable && !all &&
                    !(list_unreleased && remaining > 0 && start > now &&
                      (staff || now < closes + (closes_moves ? shift : 0))))
                    continue;
                struct sched_slot *slot = &slots[count++];
                slot->bookable = bookable;
                slot->start = start;
                slot->end = start + (fh_minute)k * len;
                slot->window = w;
                slot->remaining = remaining > 0 ? remaining : 0;
                slot->capacity = places;
                slot->unreleased = unreleased;
            }
        }
    }

    free(used_pool);
    sched_days_free(&days);
    *out = slots;
    *out_count = count;
    return FH_OK;
}

fh_result sched_openings(const struct sched_office *office, const struct sched_calendar *cal,
                         fh_day first, fh_day last, struct sched_opening **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    if (first > last || last - first >= MAX_RANGE_DAYS)
        return FH_EINVAL;
    struct sched_days days;
    sched_days_build(&days, office, cal, first, last);
    int total = sched_office_window_count(office);
    size_t cap = 0;
    for (fh_day d = first; d <= last; d++) {
        int open[SCHED_MAX_WINDOWS], n = 0;
        for (int w = 0; w < total; w++) {
            if (!sched_window_open(office, &days, w, d, NULL))
                continue;
            int j = n++;
            while (j > 0 &&
                   office->spec.windows[open[j - 1]].start > office->spec.windows[w].start) {
                open[j] = open[j - 1];
                j--;
            }
            open[j] = w;
        }
        *out = fh_grow(*out, sizeof **out, &cap, *count + (size_t)n);
        for (int i = 0; i < n; i++)
            (*out)[(*count)++] = (struct sched_opening){d, open[i]};
    }
    sched_days_free(&days);
    return FH_OK;
}

fh_result sched_overbooked(const struct sched_office *office, fh_day day, int window, int places,
                           const struct sched_booking *bookings, size_t count, size_t **out,
                           size_t *out_count)
{
    *out = NULL;
    *out_count = 0;
    if (window < 0 || window >= sched_office_window_count(office))
        return FH_EINVAL;
    const struct sched_window_spec *ws = &office->spec.windows[window];
    int len = ws->slot_minutes, last_slot = office->windows[window].slot_count - 1;
    fh_minute from = (fh_minute)day * FH_MINUTES_PER_DAY + ws->start;
    fh_minute to = (fh_minute)day * FH_MINUTES_PER_DAY + ws->end;
    int *used = fh_calloc((size_t)last_slot + 1, sizeof *used);
    size_t cap = 0;
    for (size_t i = 0; i < count; i++) {
        if (bookings[i].start < from || bookings[i].start >= to)
            continue;
        /* The slots it covers, counted exactly as sched_day_load_fill does. */
        int offset = (int)(bookings[i].start - from);
        int first = offset / len;
        int last = (offset + (bookings[i].minutes > 0 ? bookings[i].minutes : 1) - 1) / len;
        if (last > last_slot)
            last = last_slot;
        bool fits = true;
        for (int s = first; s <= last && fits; s++)
            fits = used[s] < places;
        if (fits) {
            for (int s = first; s <= last; s++)
                used[s]++;
            continue;
        }
        *out = fh_grow(*out, sizeof **out, &cap, *out_count + 1);
        (*out)[(*out_count)++] = i;
    }
    free(used);
    return FH_OK;
}
