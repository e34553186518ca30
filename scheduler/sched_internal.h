/* sched_internal.h: the insides of the scheduler's opaque types, shared by
 * the scheduler's own files only. */
#ifndef SCHED_INTERNAL_H
#define SCHED_INTERNAL_H

#include "scheduler/sched.h"

struct sched_calendar_entry {
    fh_day day;
    enum sched_day_type type;
    char *name;
};

struct sched_calendar_closure {
    char *office;
    fh_day day;
    char *reason;
};

/* A published roster's range for one office. */
struct sched_calendar_rostered {
    char *office;
    fh_day first, last;
};

/* Staff on one duty of one office on one day, as published. */
struct sched_calendar_staffing {
    char *office;
    fh_day day;
    enum sched_duty duty;
    int staff;
};

struct sched_calendar {
    struct sched_calendar_entry *entries; /* sorted by day, one per day */
    size_t count, cap;
    /* Closures decided while the service runs (a typhoon day), per office,
     * beside those of the configuration. */
    struct sched_calendar_closure *closures;
    size_t closure_count, closure_cap;
    /* Published rosters: the places of duty windows follow the staff. */
    struct sched_calendar_rostered *rostered;
    size_t rostered_count, rostered_cap;
    struct sched_calendar_staffing *staffing; /* sorted by day */
    size_t staffing_count, staffing_cap;
};

/* Whether some published roster of the office could limit its places: when
 * not, every window instance offers its capacity, and the slot engine skips
 * the look-up per instance. */
bool sched_calendar_rosters(const struct sched_calendar *cal, const char *office);

/* A compiled window: the spec plus what the slot engine needs at hand. */
struct sched_window {
    uint64_t services; /* bit per service index it accepts */
    int slot_count;    /* (end - start) / slot_minutes */
};

struct sched_office {
    struct sched_office_spec spec; /* deep copy; every pointer owned here */
    struct sched_window *windows;  /* parallel to spec.windows */
    int *service_minutes;          /* parallel to spec.services */
    int max_lookback;              /* calendar days the rules may reach back */
};

#define SCHED_MAX_SERVICES 64
#define SCHED_MAX_WINDOWS  64

/* ---- a view over days for the slot engine and admission ---------------- */

/* Day facts over a range, precomputed once per query so that every slot
 * decision is an array lookup. */
struct sched_days {
    const struct sched_office *office; /* for days outside the range */
    const struct sched_calendar *cal;
    fh_day lo, hi; /* inclusive range held */
    struct sched_day_info *info;
    unsigned *kinds;    /* bits of enum sched_day_kind per day */
    uint64_t *openings; /* bit per window index that is an extra opening that day */
};

void sched_days_build(struct sched_days *days, const struct sched_office *office,
                      const struct sched_calendar *cal, fh_day lo, fh_day hi);
void sched_days_free(struct sched_days *days);

/* Whether window w is open on day d (type, weekday, extra opening, closure,
 * suspension). *suspended tells a window that would apply but is suspended. */
bool sched_window_open(const struct sched_office *office, const struct sched_days *days, int w,
                       fh_day d, bool *suspended);
/* The same, as if the office had not closed the day. */
bool sched_window_open_unless_closed(const struct sched_office *office,
                                     const struct sched_days *days, int w, fh_day d,
                                     bool *suspended);

/* The instant a rule falls on for a slot starting at start. */
fh_minute sched_rule_instant(const struct sched_days *days, const struct sched_rule *rule,
                             fh_minute start);

/* The bookings an entry stands for: its places, 0 or less read as 1 (see
 * struct sched_booking). */
static inline int sched_booking_weight(const struct sched_booking *b)
{
    return b->places > 0 ? b->places : 1;
}

/* Adds the bookings (sorted by start) that start on day d, from *cursor on,
 * each its weight, to the counters of the open windows given (indices
 * sorted by start time, used[i] holding window windows[i]'s counter per
 * slot, zeroed by the caller), and moves *cursor past that day. */
void sched_day_load_fill(const struct sched_office *office, fh_day d,
                         const struct sched_booking *bookings, size_t count, size_t *cursor,
                         const int *windows, int n_windows, int *const *used);

/* Index of the first booking (sorted by start) that starts at t or later. */
size_t sched_bookings_from(const struct sched_booking *bookings, size_t count, fh_minute t);

#endif
