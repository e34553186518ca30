/* sched_prereg.c: marriage filed ahead of a designated date. A couple may
 * register on an office day up to the office's designated_date_days office
 * days before the date their marriage takes effect (a holiday, most often,
 * which then needs no holiday staff). Exports sched_effective_span(),
 * sched_effective_check() and the names of its answers. */
#include "scheduler/sched_internal.h"

/* Calendar days looked at at most: a span of office days longer than this
 * is too far for any office (at most 10 office days, Lunar New Year's nine
 * days off included). */
#define MAX_SPAN_CALENDAR_DAYS 40

static const struct {
    const char *code, *message;
} answers[] = {
    [SCHED_EFFECTIVE_OK] = {"ok", "The designated date can be taken."},
    [SCHED_EFFECTIVE_NOT_OFFERED] = {"effective_date_not_offered",
                                     "This service takes no designated effective date at this "
                                     "office."},
    [SCHED_EFFECTIVE_NOT_OFFICE_DAY] = {"effective_date_not_office_day",
                                        "A designated effective date is filed on an office day; "
                                        "this booking is not on one."},
    [SCHED_EFFECTIVE_NOT_AFTER] = {"effective_date_not_after",
                                   "The designated effective date must come after the day of "
                                   "the booking."},
    [SCHED_EFFECTIVE_TOO_FAR] = {"effective_date_too_far",
                                 "The designated effective date is too many office days after "
                                 "the booking."},
};

const char *sched_effective_code(enum sched_effective e)
{
    return (unsigned)e < SCHED_EFFECTIVE_COUNT ? answers[e].code : "unknown";
}

const char *sched_effective_message(enum sched_effective e)
{
    return (unsigned)e < SCHED_EFFECTIVE_COUNT ? answers[e].message : "Unknown answer.";
}

int sched_effective_span(const struct sched_office *office, const struct sched_calendar *cal,
                         fh_day filed, fh_day effective)
{
    if (effective <= filed)
        return 0;
    fh_day last = effective - 1;
    if (last - filed >= MAX_SPAN_CALENDAR_DAYS)
        last = filed + MAX_SPAN_CALENDAR_DAYS - 1;
    struct sched_days days;
    sched_days_build(&days, office, cal, filed, last);
    int span = 0;
    for (fh_day d = filed; d <= last; d++)
        span += days.info[d - days.lo].working;
    sched_days_free(&days);
    /* Beyond the calendar days looked at, it is further than any office
     * allows whatever the calendar holds. */
    if (last != effective - 1)
        span = MAX_SPAN_CALENDAR_DAYS;
    return span;
}

enum sched_effective sched_effective_check(const struct sched_office *office,
                                           const struct sched_calendar *cal, int service,
                                           fh_minute start, fh_day effective)
{
    const struct sched_office_spec *o = &office->spec;
    if (service < 0 || (size_t)service >= o->service_count || !o->services[service].couple ||
        o->designated_date_days <= 0)
        return SCHED_EFFECTIVE_NOT_OFFERED;
    fh_day filed = fh_day_of(start);
    struct sched_day_info info;
    sched_day_info(office, cal, filed, &info);
    if (!info.working)
        return SCHED_EFFECTIVE_NOT_OFFICE_DAY;
    if (effective <= filed)
        return SCHED_EFFECTIVE_NOT_AFTER;
    if (sched_effective_span(office, cal, filed, effective) > o->designated_date_days)
        return SCHED_EFFECTIVE_TOO_FAR;
    return SCHED_EFFECTIVE_OK;
}
