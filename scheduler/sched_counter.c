/* sched_counter.c: the rules of the counter's day: a booking is checked in
 * on its own day only, and a confirmed booking nobody checked in lapses a
 * set number of minutes after its start (the citizen then takes a queue
 * number like a walk-in). Exports sched_checkin_*() and sched_lapse*(). */
#include "scheduler/sched_internal.h"

enum sched_checkin sched_checkin_check(fh_minute start, fh_minute now)
{
    fh_day day = fh_day_of(start), today = fh_day_of(now);
    if (today < day)
        return SCHED_CHECKIN_TOO_EARLY;
    if (today > day)
        return SCHED_CHECKIN_TOO_LATE;
    return SCHED_CHECKIN_OK;
}

const char *sched_checkin_code(enum sched_checkin c)
{
    switch (c) {
    case SCHED_CHECKIN_OK:
        return "ok";
    case SCHED_CHECKIN_TOO_EARLY:
        return "checkin_too_early";
    case SCHED_CHECKIN_TOO_LATE:
        return "checkin_too_late";
    case SCHED_CHECKIN_NO_SHOW_TOO_EARLY:
        return sched_no_show_code(SCHED_MARK_TOO_EARLY);
    }
    return "unknown";
}

const char *sched_checkin_message(enum sched_checkin c)
{
    switch (c) {
    case SCHED_CHECKIN_OK:
        return "The booking may be checked in.";
    case SCHED_CHECKIN_TOO_EARLY:
        return "A booking can be checked in only on its own day; this one is on a later day.";
    case SCHED_CHECKIN_TOO_LATE:
        return "A booking can be checked in only on its own day; that day is over.";
    case SCHED_CHECKIN_NO_SHOW_TOO_EARLY:
        return sched_no_show_message(SCHED_MARK_TOO_EARLY);
    }
    return "unknown";
}

fh_minute sched_lapse_at(const struct sched_office *office, fh_minute start)
{
    int lapse = office->spec.lapse_minutes;
    return lapse > 0 ? start + lapse : SCHED_NEVER;
}

bool sched_lapsed(const struct sched_office *office, fh_minute start, fh_minute now)
{
    fh_minute at = sched_lapse_at(office, start);
    return at != SCHED_NEVER && now >= at;
}

fh_minute sched_lapse_latest_start(const struct sched_office *office, fh_minute now)
{
    int lapse = office->spec.lapse_minutes;
    return lapse > 0 ? now - lapse : SCHED_NEVER;
}
