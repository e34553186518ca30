/* sched_names.c: the stable names of the scheduler's enums, as they appear
 * in the configuration, the API and the command line. */
#include "scheduler/sched.h"

#include <string.h>

static const char *const day_types[] = {"workday", "restday", "holiday", "makeup_workday"};
static const char *const window_names[] = {"regular", "noon", "evening", "saturday", "holiday"};
static const char *const day_kinds[] = {"long_weekend_saturday", "last_working_day_of_month"};

static const struct {
    const char *code, *message;
} refusals[] = {
    [SCHED_OK] = {"ok", "The booking can be taken."},
    [SCHED_NOT_A_SLOT] = {"not_a_slot", "No window that takes this service has a slot starting "
                                        "at that time."},
    [SCHED_DAY_CLOSED] = {"day_closed", "The office is closed that day."},
    [SCHED_WINDOW_SUSPENDED] = {"window_suspended", "That window is suspended on this day."},
    [SCHED_IN_PAST] = {"in_past", "That slot has already begun."},
    [SCHED_NOT_YET_OPEN] = {"not_yet_open", "Booking for that day has not opened yet."},
    [SCHED_CUTOFF_PASSED] = {"cutoff_passed", "Booking for that slot has closed."},
    [SCHED_NOT_RESIDENT] = {"not_resident",
                            "This window takes bookings from residents of the district only."},
    [SCHED_DUPLICATE_BOOKING] = {"duplicate_booking",
                                 "You already hold an active booking for this service."},
    [SCHED_DAILY_LIMIT] = {"daily_limit", "You already hold a booking on that day."},
    [SCHED_SLOT_FULL] = {"slot_full", "That slot has no place left."},
    [SCHED_SUSPENDED] = {"suspended", "Online booking is suspended for you at this office "
                                      "because of bookings you did not come to; you can still "
                                      "call the office or come in person."},
    [SCHED_EFFECTIVE_DATE] = {"effective_date_not_allowed",
                              "The designated effective date is not within the office days "
                              "allowed before it."},
    [SCHED_NOT_YET_RELEASED] = {"not_yet_released",
                                "Places on that date have not been released for booking yet."},
};

static const char *parse(const char *const *names, int count, const char *s, int *out)
{
    for (int i = 0; i < count; i++) {
        if (s != NULL && strcmp(s, names[i]) == 0) {
            *out = i;
            return NULL;
        }
    }
    return "unknown name";
}

const char *sched_day_type_name(enum sched_day_type t)
{
    return (unsigned)t < SCHED_DAY_TYPE_COUNT ? day_types[t] : "?";
}

const char *sched_day_type_parse(const char *s, enum sched_day_type *out)
{
    int v;
    if (parse(day_types, SCHED_DAY_TYPE_COUNT, s, &v) != NULL)
        return "not a day type (workday, restday, holiday, makeup_workday)";
    *out = (enum sched_day_type)v;
    return NULL;
}

const char *sched_window_name_str(enum sched_window_name n)
{
    return (unsigned)n < SCHED_WIN_NAME_COUNT ? window_names[n] : "?";
}

const char *sched_window_name_parse(const char *s, enum sched_window_name *out)
{
    int v;
    if (parse(window_names, SCHED_WIN_NAME_COUNT, s, &v) != NULL)
        return "not a window name (regular, noon, evening, saturday, holiday)";
    *out = (enum sched_window_name)v;
    return NULL;
}

const char *sched_day_kind_name(enum sched_day_kind k)
{
    return (unsigned)k < SCHED_KIND_COUNT ? day_kinds[k] : "?";
}

const char *sched_day_kind_parse(const char *s, enum sched_day_kind *out)
{
    int v;
    if (parse(day_kinds, SCHED_KIND_COUNT, s, &v) != NULL)
        return "not a kind of day (long_weekend_saturday, last_working_day_of_month)";
    *out = (enum sched_day_kind)v;
    return NULL;
}

const char *sched_refusal_code(enum sched_refusal r)
{
    return (unsigned)r < SCHED_REFUSAL_COUNT ? refusals[r].code : "unknown";
}

const char *sched_refusal_message(enum sched_refusal r)
{
    return (unsigned)r < SCHED_REFUSAL_COUNT ? refusals[r].message : "Unknown refusal.";
}

static const char *const event_names[SCHED_EVENT_COUNT] = {
    [SCHED_EVENT_CREATED] = "booking.created",     [SCHED_EVENT_MOVED] = "booking.moved",
    [SCHED_EVENT_CANCELLED] = "booking.cancelled", [SCHED_EVENT_CHECKED_IN] = "booking.checked_in",
    [SCHED_EVENT_LAPSED] = "booking.lapsed",       [SCHED_EVENT_NO_SHOW] = "booking.no_show",
};

const char *sched_event_name(enum sched_event e)
{
    return (unsigned)e < SCHED_EVENT_COUNT ? event_names[e] : "unknown";
}

int sched_event_parse(const char *s)
{
    for (int i = 0; s != NULL && i < SCHED_EVENT_COUNT; i++)
        if (strcmp(s, event_names[i]) == 0)
            return i;
    return -1;
}
