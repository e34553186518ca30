/* sched_noshow.c: the no-show rules. A person who does not come to their
 * bookings too often loses online booking at the office for a while (the
 * office's no_show_policy), and a booking may be marked a no-show only when
 * the person can no longer come in time. Exports sched_no_show_*() and
 * sched_lifted_at(). */
#include "scheduler/sched_internal.h"

#include <stdlib.h>

static int by_minute(const void *a, const void *b)
{
    fh_minute x = *(const fh_minute *)a, y = *(const fh_minute *)b;
    return (x > y) - (x < y);
}

struct sched_standing sched_no_show_standing(const struct sched_no_show_policy *policy,
                                             uint64_t person, const struct sched_miss *misses,
                                             size_t count, fh_minute lifted_at, fh_minute now)
{
    struct sched_standing st = {FH_NO_DAY, 0};
    if (policy->count <= 0 || person == 0 || count == 0)
        return st;
    /* The starts that count, in date order: the caller's order is not
     * trusted, a store may give them by id. */
    fh_minute *t = fh_calloc(count, sizeof *t);
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        const struct sched_miss *m = &misses[i];
        if (m->person != person && (m->partner == 0 || m->partner != person))
            continue;
        if (m->lapsed && !policy->count_lapsed)
            continue;
        /* A lift forgives what came before it; a miss "in the future" is
         * no miss yet (a clock moved back, a mark made too early). */
        if ((lifted_at != SCHED_NEVER && m->start < lifted_at) || m->start > now)
            continue;
        t[k++] = m->start;
    }
    qsort(t, k, sizeof *t, by_minute);

    fh_day until = FH_NO_DAY;
    size_t base = 0; /* the first miss not spent and still in the window */
    for (size_t i = 0; i < k; i++) {
        fh_day di = fh_day_of(t[i]);
        while (base < i && di - fh_day_of(t[base]) >= policy->within_days)
            base++;
        if (i - base + 1 >= (size_t)policy->count) {
            until = di + policy->suspend_days;
            base = i + 1; /* spent: the next suspension needs new misses */
        }
    }
    fh_day today = fh_day_of(now);
    for (size_t j = base; j < k; j++)
        if (today - fh_day_of(t[j]) < policy->within_days)
            st.counted++;
    if (until != FH_NO_DAY && today < until)
        st.suspended_until = until;
    free(t);
    return st;
}

fh_minute sched_lifted_at(uint64_t person, const struct sched_lift *lifts, size_t count,
                          fh_minute now)
{
    fh_minute at = SCHED_NEVER;
    for (size_t i = 0; i < count; i++)
        if (lifts[i].person == person && lifts[i].at <= now && lifts[i].at > at)
            at = lifts[i].at;
    return at;
}

fh_minute sched_no_show_from(const struct sched_office *office, fh_minute start)
{
    /* The grace is the lapse rule's: a person arriving within it is still
     * served, so nobody may call them absent before it ends. */
    int grace = office->spec.lapse_minutes > 0 ? office->spec.lapse_minutes : 0;
    return start + grace;
}

enum sched_no_show_mark sched_no_show_check(const struct sched_office *office, fh_minute start,
                                            fh_minute now)
{
    return now < sched_no_show_from(office, start) ? SCHED_MARK_TOO_EARLY : SCHED_MARK_OK;
}

const char *sched_no_show_code(enum sched_no_show_mark m)
{
    return m == SCHED_MARK_OK ? "ok" : "no_show_too_early";
}

const char *sched_no_show_message(enum sched_no_show_mark m)
{
    return m == SCHED_MARK_OK ? "The booking may be marked a no-show."
                              : "A booking can be marked a no-show only once its start and the "
                                "grace minutes after it have passed.";
}
