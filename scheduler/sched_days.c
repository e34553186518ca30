/* sched_days.c: the facts of each day that windows depend on (type,
 * closure, extra openings, long weekends, last working day of a month),
 * precomputed over a range, and the window and rule decisions built on them. */
#include "scheduler/sched_internal.h"

#include <stdlib.h>
#include <string.h>

static bool type_works(enum sched_day_type t)
{
    return t == SCHED_WORKDAY || t == SCHED_MAKEUP_WORKDAY;
}

static void fill_info(const struct sched_office *office, const struct sched_calendar *cal, fh_day d,
                      struct sched_day_info *out)
{
    memset(out, 0, sizeof *out);
    out->type = sched_calendar_day_type(cal, d, &out->name);
    for (size_t i = 0; i < office->spec.closure_count; i++) {
        if (office->spec.closures[i].date == d) {
            out->closed = true;
            out->closure_reason = office->spec.closures[i].reason;
            break;
        }
    }
    /* And the closures decided while the service runs (a typhoon day). */
    for (size_t i = 0; cal != NULL && !out->closed && i < cal->closure_count; i++) {
        if (cal->closures[i].day == d && strcmp(cal->closures[i].office, office->spec.id) == 0) {
            out->closed = true;
            out->closure_reason = cal->closures[i].reason;
        }
    }
    out->working = type_works(out->type) && !out->closed;
}

void sched_day_info(const struct sched_office *office, const struct sched_calendar *cal, fh_day day,
                    struct sched_day_info *out)
{
    fill_info(office, cal, day, out);
}

void sched_days_build(struct sched_days *days, const struct sched_office *office,
                      const struct sched_calendar *cal, fh_day lo, fh_day hi)
{
    /* Margins: long weekends and month ends are decided by the days around. */
    lo -= office->max_lookback + 7;
    hi += 40;
    size_t n = (size_t)(hi - lo + 1);
    days->office = office;
    days->cal = cal;
    days->lo = lo;
    days->hi = hi;
    days->info = fh_calloc(n, sizeof *days->info);
    days->kinds = fh_calloc(n, sizeof *days->kinds);
    days->openings = fh_calloc(n, sizeof *days->openings);

    /* Walk the sorted calendar alongside the days instead of searching it. */
    size_t e = 0;
    while (cal != NULL && e < cal->count && cal->entries[e].day < lo)
        e++;
    for (size_t i = 0; i < n; i++) {
        fh_day d = lo + (fh_day)i;
        struct sched_day_info *info = &days->info[i];
        if (cal != NULL && e < cal->count && cal->entries[e].day == d) {
            info->type = cal->entries[e].type;
            info->name = cal->entries[e].name;
            e++;
        } else {
            info->type = fh_weekday(d) >= 6 ? SCHED_RESTDAY : SCHED_WORKDAY;
        }
        info->working = type_works(info->type);
    }
    for (size_t c = 0; c < office->spec.closure_count; c++) {
        fh_day d = office->spec.closures[c].date;
        if (d >= lo && d <= hi && !days->info[d - lo].closed) {
            days->info[d - lo].closed = true;
            days->info[d - lo].closure_reason = office->spec.closures[c].reason;
            days->info[d - lo].working = false;
        }
    }
    for (size_t c = 0; cal != NULL && c < cal->closure_count; c++) {
        fh_day d = cal->closures[c].day;
        if (d >= lo && d <= hi && !days->info[d - lo].closed &&
            strcmp(cal->closures[c].office, office->spec.id) == 0) {
            days->info[d - lo].closed = true;
            days->info[d - lo].closure_reason = cal->closures[c].reason;
            days->info[d - lo].working = false;
        }
    }
    int total = sched_office_window_count(office);
    for (int w = (int)office->spec.window_count; w < total; w++) {
        fh_day d = office->spec.windows[w].date;
        if (d >= lo && d <= hi)
            days->openings[d - lo] |= 1ull << w;
    }

    /* Runs of days off by the calendar (closures do not make long weekends). */
    size_t run_start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && !type_works(days->info[i].type))
            continue;
        size_t len = i - run_start;
        if (len >= 3)
            for (size_t j = run_start; j < i; j++)
                if (fh_weekday(lo + (fh_day)j) == 6)
                    days->kinds[j] |= 1u << SCHED_KIND_LONG_WEEKEND_SATURDAY;
        run_start = i + 1;
    }
    /* A working day whose next working day lies in another month: the
     * office's own closures count here, since the month's statistics are
     * done on the last day the office actually works. */
    int next_month = -1; /* month of the next working day after i */
    for (size_t i = n; i-- > 0;) {
        int y, m, dd;
        if (!days->info[i].working)
            continue;
        fh_day_to_ymd(lo + (fh_day)i, &y, &m, &dd);
        if (next_month != -1 && next_month != y * 12 + m)
            days->kinds[i] |= 1u << SCHED_KIND_LAST_WORKING_DAY_OF_MONTH;
        next_month = y * 12 + m;
    }
}

void sched_days_free(struct sched_days *days)
{
    free(days->info);
    free(days->kinds);
    free(days->openings);
    memset(days, 0, sizeof *days);
}

static bool window_open(const struct sched_office *office, const struct sched_days *days, int w,
                        fh_day d, bool *suspended, bool mind_closure)
{
    const struct sched_window_spec *ws = &office->spec.windows[w];
    size_t i = (size_t)(d - days->lo);

    if (suspended != NULL)
        *suspended = false;
    if (mind_closure && days->info[i].closed)
        return false;
    if (ws->date != FH_NO_DAY)
        return ws->date == d;
    if (!(ws->day_types & (1u << days->info[i].type)) || !(ws->weekdays & (1u << fh_weekday(d))))
        return false;
    /* An extra opening brings its own hours and services: the windows it
     * overlaps give way to it that day. */
    for (uint64_t bits = days->openings[i]; bits != 0; bits &= bits - 1) {
        const struct sched_window_spec *op = &office->spec.windows[__builtin_ctzll(bits)];
        if (op->start < ws->end && ws->start < op->end)
            return false;
    }
    unsigned kinds = days->kinds[i];
    if (ws->only_on != 0 && (ws->only_on & kinds) == 0)
        return false;
    if (ws->suspend_on & kinds) {
        if (suspended != NULL)
            *suspended = true;
        return false;
    }
    return true;
}

bool sched_window_open(const struct sched_office *office, const struct sched_days *days, int w,
                       fh_day d, bool *suspended)
{
    return window_open(office, days, w, d, suspended, true);
}

bool sched_window_open_unless_closed(const struct sched_office *office,
                                     const struct sched_days *days, int w, fh_day d,
                                     bool *suspended)
{
    return window_open(office, days, w, d, suspended, false);
}

static bool day_working(const struct sched_days *days, fh_day d)
{
    /* The range covers the usual reach of the rules; a long break (an office
     * closed for months) can reach further, and is looked up day by day. */
    if (d < days->lo || d > days->hi) {
        struct sched_day_info info;
        fill_info(days->office, days->cal, d, &info);
        return info.working;
    }
    return days->info[d - days->lo].working;
}

fh_minute sched_rule_instant(const struct sched_days *days, const struct sched_rule *rule,
                             fh_minute start)
{
    fh_day d = fh_day_of(start);
    if (rule->working_days) {
        for (int left = rule->days; left > 0;) {
            d--;
            if (day_working(days, d))
                left--;
        }
    } else {
        d -= rule->days;
    }
    int at = rule->at == SCHED_AT_SLOT_TIME ? fh_minute_of_day(start) : rule->at;
    return (fh_minute)d * FH_MINUTES_PER_DAY + at;
}

void sched_day_load_fill(const struct sched_office *office, fh_day d,
                         const struct sched_booking *bookings, size_t count, size_t *cursor,
                         const int *windows, int n_windows, int *const *used)
{
    fh_minute day_start = (fh_minute)d * FH_MINUTES_PER_DAY;
    fh_minute day_end = day_start + FH_MINUTES_PER_DAY;
    size_t i = *cursor;

    while (i < count && bookings[i].start < day_start)
        i++;
    /* Bookings are sorted by start and the windows by start without
     * overlapping, so one merge-like pass places every booking: this loop
     * runs for every entry of every listed day and sets the engine's cost;
     * an entry standing for several bookings (a store's kept counts) is
     * placed once, with its weight. */
    if (n_windows == 0) {
        while (i < count && bookings[i].start < day_end)
            i++;
        *cursor = i;
        return;
    }
    int k = 0;
    const struct sched_window_spec *ws = &office->spec.windows[windows[0]];
    int w_start = ws->start, w_end = ws->end, len = ws->slot_minutes;
    int last_slot = office->windows[windows[0]].slot_count - 1;
    int *row = used[0];
    for (; i < count && bookings[i].start < day_end; i++) {
        int offset = (int)(bookings[i].start - day_start) - w_start;
        while (offset >= w_end - w_start) {
            if (++k == n_windows)
                goto rest_of_day;
            offset += w_start;
            ws = &office->spec.windows[windows[k]];
            w_start = ws->start;
            w_end = ws->end;
            len = ws->slot_minutes;
            last_slot = office->windows[windows[k]].slot_count - 1;
            row = used[k];
            offset -= w_start;
        }
        if (offset < 0)
            continue;
        int first = offset / len;
        int last = (offset + (bookings[i].minutes > 0 ? bookings[i].minutes : 1) - 1) / len;
        int weight = sched_booking_weight(&bookings[i]);
        row[first] += weight;
        for (int s = first + 1; s <= last && s <= last_slot; s++)
            row[s] += weight;
    }
rest_of_day:
    while (i < count && bookings[i].start < day_end)
        i++;
    *cursor = i;
}

size_t sched_bookings_from(const struct sched_booking *bookings, size_t count, fh_minute t)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bookings[mid].start < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
