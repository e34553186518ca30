/* sched_calendar.c: the national day calendar, a sorted array of explicit
 * entries over the default rule (Monday to Friday work, weekends rest). */
#include "scheduler/sched_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct sched_calendar *sched_calendar_create(void)
{
    return fh_calloc(1, sizeof(struct sched_calendar));
}

void sched_calendar_free(struct sched_calendar *cal)
{
    if (cal == NULL)
        return;
    for (size_t i = 0; i < cal->count; i++)
        free(cal->entries[i].name);
    free(cal->entries);
    for (size_t i = 0; i < cal->closure_count; i++) {
        free(cal->closures[i].office);
        free(cal->closures[i].reason);
    }
    free(cal->closures);
    for (size_t i = 0; i < cal->rostered_count; i++)
        free(cal->rostered[i].office);
    free(cal->rostered);
    for (size_t i = 0; i < cal->staffing_count; i++)
        free(cal->staffing[i].office);
    free(cal->staffing);
    free(cal);
}

/* Index of the first of count elements (of size bytes, sorted by the
 * fh_day at offset) whose day is >= d: entries and staffing both. */
static size_t first_at_or_after(const void *base, size_t count, size_t size, size_t offset,
                                fh_day d)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        fh_day day;
        memcpy(&day, (const char *)base + mid * size + offset, sizeof day);
        if (day < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t lower_bound(const struct sched_calendar *cal, fh_day d)
{
    return first_at_or_after(cal->entries, cal->count, sizeof *cal->entries,
                             offsetof(struct sched_calendar_entry, day), d);
}

void sched_calendar_set(struct sched_calendar *cal, fh_day day, enum sched_day_type type,
                        const char *name)
{
    size_t i = lower_bound(cal, day);
    if (i < cal->count && cal->entries[i].day == day) {
        free(cal->entries[i].name);
    } else {
        cal->entries = fh_grow(cal->entries, sizeof *cal->entries, &cal->cap, cal->count + 1);
        for (size_t j = cal->count; j > i; j--)
            cal->entries[j] = cal->entries[j - 1];
        cal->count++;
    }
    cal->entries[i].day = day;
    cal->entries[i].type = type;
    cal->entries[i].name = name != NULL && name[0] != '\0' ? fh_strdup(name) : NULL;
}

enum sched_day_type sched_calendar_day_type(const struct sched_calendar *cal, fh_day day,
                                            const char **name)
{
    if (name != NULL)
        *name = NULL;
    if (cal != NULL) {
        size_t i = lower_bound(cal, day);
        if (i < cal->count && cal->entries[i].day == day) {
            if (name != NULL)
                *name = cal->entries[i].name;
            return cal->entries[i].type;
        }
    }
    return fh_weekday(day) >= 6 ? SCHED_RESTDAY : SCHED_WORKDAY;
}

size_t sched_calendar_count(const struct sched_calendar *cal)
{
    return cal != NULL ? cal->count : 0;
}

void sched_calendar_merge(struct sched_calendar *dst, const struct sched_calendar *src)
{
    for (size_t i = 0; src != NULL && i < src->count; i++)
        sched_calendar_set(dst, src->entries[i].day, src->entries[i].type, src->entries[i].name);
    for (size_t i = 0; src != NULL && i < src->closure_count; i++)
        sched_calendar_close(dst, src->closures[i].office, src->closures[i].day,
                             src->closures[i].reason);
    for (size_t i = 0; src != NULL && i < src->rostered_count; i++)
        sched_calendar_rostered(dst, src->rostered[i].office, src->rostered[i].first,
                                src->rostered[i].last);
    for (size_t i = 0; src != NULL && i < src->staffing_count; i++)
        sched_calendar_staff(dst, src->staffing[i].office, src->staffing[i].day,
                             src->staffing[i].duty, src->staffing[i].staff);
}

void sched_calendar_close(struct sched_calendar *cal, const char *office, fh_day day,
                          const char *reason)
{
    cal->closures =
        fh_grow(cal->closures, sizeof *cal->closures, &cal->closure_cap, cal->closure_count + 1);
    struct sched_calendar_closure *c = &cal->closures[cal->closure_count++];
    c->office = fh_strdup(office);
    c->day = day;
    c->reason = reason != NULL && reason[0] != '\0' ? fh_strdup(reason) : NULL;
}

void sched_calendar_rostered(struct sched_calendar *cal, const char *office, fh_day first,
                             fh_day last)
{
    cal->rostered =
        fh_grow(cal->rostered, sizeof *cal->rostered, &cal->rostered_cap, cal->rostered_count + 1);
    cal->rostered[cal->rostered_count++] =
        (struct sched_calendar_rostered){fh_strdup(office), first, last};
}

static size_t staffing_lower_bound(const struct sched_calendar *cal, fh_day d)
{
    return first_at_or_after(cal->staffing, cal->staffing_count, sizeof *cal->staffing,
                             offsetof(struct sched_calendar_staffing, day), d);
}

static struct sched_calendar_staffing *find_staffing(const struct sched_calendar *cal,
                                                     const char *office, fh_day day,
                                                     enum sched_duty duty)
{
    for (size_t i = staffing_lower_bound(cal, day);
         i < cal->staffing_count && cal->staffing[i].day == day; i++)
        if (cal->staffing[i].duty == duty && strcmp(cal->staffing[i].office, office) == 0)
            return &cal->staffing[i];
    return NULL;
}

void sched_calendar_staff(struct sched_calendar *cal, const char *office, fh_day day,
                          enum sched_duty duty, int staff)
{
    /* A roster published again replaces the figure rather than adding one. */
    struct sched_calendar_staffing *e = find_staffing(cal, office, day, duty);
    if (e != NULL) {
        e->staff = staff;
        return;
    }
    size_t i = staffing_lower_bound(cal, day + 1);
    cal->staffing =
        fh_grow(cal->staffing, sizeof *cal->staffing, &cal->staffing_cap, cal->staffing_count + 1);
    memmove(&cal->staffing[i + 1], &cal->staffing[i],
            (cal->staffing_count - i) * sizeof *cal->staffing);
    cal->staffing_count++;
    cal->staffing[i] = (struct sched_calendar_staffing){fh_strdup(office), day, duty, staff};
}

bool sched_calendar_rosters(const struct sched_calendar *cal, const char *office)
{
    for (size_t i = 0; cal != NULL && i < cal->rostered_count; i++)
        if (strcmp(cal->rostered[i].office, office) == 0)
            return true;
    return false;
}

static bool in_rostered_range(const struct sched_calendar *cal, const char *office, fh_day day)
{
    for (size_t i = 0; i < cal->rostered_count; i++)
        if (day >= cal->rostered[i].first && day <= cal->rostered[i].last &&
            strcmp(cal->rostered[i].office, office) == 0)
            return true;
    return false;
}

int sched_window_places(const struct sched_office *office, const struct sched_calendar *cal,
                        fh_day day, int window)
{
    const struct sched_window_spec *ws = &office->spec.windows[window];
    enum sched_duty duty = sched_window_duty(ws->name);
    if (cal == NULL || cal->rostered_count == 0 || duty == SCHED_DUTY_NONE ||
        !in_rostered_range(cal, office->spec.id, day))
        return ws->capacity;
    const struct sched_calendar_staffing *e = find_staffing(cal, office->spec.id, day, duty);
    return sched_window_places_staffed(office, window, e != NULL ? e->staff : 0);
}

int sched_window_places_staffed(const struct sched_office *office, int window, int staff)
{
    const struct sched_window_spec *ws = &office->spec.windows[window];
    enum sched_duty duty = sched_window_duty(ws->name);
    /* Holiday duty is on call: each wedding there is confirmed by a manager,
     * who dispatches somebody when nobody is on duty yet, so the roster
     * never takes its places away. */
    if (duty == SCHED_DUTY_NONE || duty == SCHED_DUTY_HOLIDAY)
        return ws->capacity;
    if (staff < 0)
        staff = 0;
    return staff < ws->capacity ? staff : ws->capacity;
}
