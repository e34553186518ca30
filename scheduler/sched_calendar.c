/* sched_calendar.c: the national day calendar, a sorted array of explicit
 * entries over the default rule (Monday to Friday work, weekends rest). */
#include "scheduler/sched_internal.h"

#include <stdlib.h>

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
    free(cal);
}

/* Index of the first entry with day >= d. */
static size_t lower_bound(const struct sched_calendar *cal, fh_day d)
{
    size_t lo = 0, hi = cal->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->entries[mid].day < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
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
