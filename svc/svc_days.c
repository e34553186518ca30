/* svc_days.c: the places taken per office and day, kept in memory for the
 * slot listings. A 31-day listing that misses the answer cache read every
 * kept count of its days from SQLite (~200 rows a busy day): the reads were
 * most of its time at 40,000 bookings ahead and grew with the bookings.
 * Kept here per day, a listing copies what it needs and reads from the
 * store only the days a change touched since, one row range per run of
 * such days; a booking makes one day stale, not the month.
 *
 * A day's rows are current by the change clock of svc_cache.c: they are
 * kept with the clock read before they were read from the store, and are
 * current while no stamp over their day (or their office, or everything)
 * is later. Every change stamps after it is stored, so rows read before a
 * change can never pass for rows read after it. The database stays the
 * truth: this table holds copies only, and admission never reads it (the
 * writer reads its day under the store's write lock). */
#include "svc/svc_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Direct-mapped by office and day: a listing's consecutive days never
 * collide with each other, and a collision between offices costs one
 * reload, never a wrong answer (the key is checked). */
#define DAY_ENTRIES 1024
#define DAY_MASK    (DAY_ENTRIES - 1)
/* A busy day of the demo office is ~200 kept counts (8 KiB): the budget
 * keeps about 500 such days, a year of one office or a month of sixteen,
 * and bounds what this table adds to the server's memory (issue 14's
 * target is 32 MiB in all). Past it, the table is emptied and refilled by
 * the days asked for next. */
#define DAY_MAX_BYTES ((size_t)4 << 20)

/* One day's rows, shared by the table and the listings reading them: a
 * listing holds a reference while the scheduler reads, so nothing is
 * copied (a month of a busy office is ~120 KiB, which malloc served from
 * fresh pages each time, and the page faults were a third of a listing),
 * and a row set replaced meanwhile lives until its last reader is done. */
struct svc_day_rows {
    atomic_size_t refs;
    size_t count;
    struct sched_booking rows[];
};

struct day_entry {
    const struct sched_office *office; /* the configuration's office object */
    fh_day day;
    uint64_t clock; /* the change clock read before the rows */
    struct svc_day_rows *held;
};

struct svc_days {
    pthread_mutex_t lock;
    struct day_entry entries[DAY_ENTRIES];
    size_t bytes;
    atomic_ulong hits, loads; /* days served from the table, read from the store */
};

struct svc_days *svc_days_create(void)
{
    struct svc_days *t = fh_calloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    atomic_init(&t->hits, 0);
    atomic_init(&t->loads, 0);
    return t;
}

static void rows_release(struct svc_day_rows *d)
{
    if (d != NULL && atomic_fetch_sub(&d->refs, 1) == 1)
        free(d);
}

static struct svc_day_rows *rows_new(const struct sched_booking *rows, size_t count)
{
    struct svc_day_rows *d = fh_malloc(sizeof *d + count * sizeof *rows);
    atomic_init(&d->refs, 1);
    d->count = count;
    if (count > 0)
        memcpy(d->rows, rows, count * sizeof *rows);
    return d;
}

static size_t rows_bytes(const struct svc_day_rows *d)
{
    return sizeof *d + d->count * sizeof d->rows[0];
}

static void entry_clear(struct svc_days *t, struct day_entry *e)
{
    if (e->held != NULL) {
        t->bytes -= rows_bytes(e->held);
        rows_release(e->held);
    }
    *e = (struct day_entry){0};
}

void svc_days_free(struct svc_days *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < DAY_ENTRIES; i++)
        rows_release(t->entries[i].held);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

static size_t entry_index(long slot, fh_day day)
{
    return ((size_t)slot * 389u + (size_t)(uint32_t)day) & DAY_MASK;
}

/* Keeps d (a reference of the table's own) as office's day, read after
 * clock. */
static void entry_put(struct svc_days *t, const struct sched_office *office, long slot, fh_day day,
                      uint64_t clock, struct svc_day_rows *d)
{
    atomic_fetch_add(&d->refs, 1);
    pthread_mutex_lock(&t->lock);
    struct day_entry *e = &t->entries[entry_index(slot, day)];
    if (e->held != NULL && e->office == office && e->day == day && e->clock > clock) {
        /* Another listing read the day later than this one: keep its. */
        pthread_mutex_unlock(&t->lock);
        rows_release(d);
        return;
    }
    entry_clear(t, e);
    if (t->bytes + rows_bytes(d) > DAY_MAX_BYTES)
        for (size_t i = 0; i < DAY_ENTRIES; i++)
            entry_clear(t, &t->entries[i]);
    *e = (struct day_entry){office, day, clock, d};
    t->bytes += rows_bytes(d);
    pthread_mutex_unlock(&t->lock);
}

/* Reads days first..last from the store into held[] (one reference each,
 * the caller's), keeping each in the table too. An office without stamps
 * (slot < 0: past the table's room) is never kept: read for this listing
 * alone. */
static fh_result load_run(struct svc *s, long slot, const struct sched_office *office, fh_day first,
                          fh_day last, struct svc_day_rows **held, char *err, size_t errlen)
{
    struct svc_days *t = s->core->days;
    uint64_t clock = svc_cache_clock(s->core->cache);
    struct sched_booking *rows;
    size_t count;
    fh_result r = store_occupancy(s->store, office, first, last, &rows, &count, err, errlen);
    if (r != FH_OK)
        return r;
    if (slot >= 0)
        atomic_fetch_add_explicit(&t->loads, (unsigned long)(last - first + 1),
                                  memory_order_relaxed);
    size_t at = 0;
    for (fh_day d = first; d <= last; d++) {
        size_t from = at;
        while (at < count && fh_day_of(rows[at].start) == d)
            at++;
        held[d - first] = rows_new(at > from ? rows + from : NULL, at - from);
        if (slot >= 0)
            entry_put(t, office, slot, d, clock, held[d - first]);
    }
    free(rows);
    return FH_OK;
}

void svc_days_release(struct svc_days_held *h)
{
    for (size_t i = 0; i < h->days; i++)
        rows_release(h->held[i]);
    free(h->held);
    free(h->rows);
    free(h->counts);
    *h = (struct svc_days_held){0};
}

fh_result svc_days_hold(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                        struct svc_days_held *out, char *err, size_t errlen)
{
    *out = (struct svc_days_held){0};
    if (last < first || last - first + 1 > SVC_MAX_RANGE_DAYS)
        return fh_fail(err, errlen, FH_EINVAL, "occupancy: %d days", (int)(last - first + 1));
    size_t days = (size_t)(last - first + 1);
    out->days = days;
    out->held = fh_calloc(days, sizeof *out->held);
    out->rows = fh_calloc(days, sizeof *out->rows);
    out->counts = fh_calloc(days, sizeof *out->counts);
    long slot = svc_office_slot(s, office);
    struct svc_days *t = s->core->days;
    size_t missing = days;
    if (slot >= 0) {
        pthread_mutex_lock(&t->lock);
        for (size_t i = 0; i < days; i++) {
            fh_day d = first + (fh_day)i;
            struct day_entry *e = &t->entries[entry_index(slot, d)];
            if (e->held != NULL && e->office == office && e->day == d &&
                svc_cache_day_current(s->core->cache, slot, d, e->clock)) {
                atomic_fetch_add(&e->held->refs, 1);
                out->held[i] = e->held;
                missing--;
            }
        }
        pthread_mutex_unlock(&t->lock);
        atomic_fetch_add_explicit(&t->hits, (unsigned long)(days - missing), memory_order_relaxed);
    }
    fh_result r = FH_OK;
    for (size_t i = 0; i < days && r == FH_OK; i++) {
        if (out->held[i] != NULL)
            continue;
        size_t j = i;
        while (j < days && out->held[j] == NULL)
            j++;
        r = load_run(s, slot, office, first + (fh_day)i, first + (fh_day)(j - 1), out->held + i,
                     err, errlen);
        i = j;
    }
    if (r != FH_OK) {
        svc_days_release(out);
        return r;
    }
    for (size_t i = 0; i < days; i++) {
        out->rows[i] = out->held[i]->rows;
        out->counts[i] = out->held[i]->count;
    }
    return FH_OK;
}

void svc_days_metrics_write(struct svc *s, struct fh_buf *b)
{
    struct svc_days *t = s->core->days;
    fh_buf_printf(
        b,
        "# HELP flexhours_occupancy_lookups_total Look-ups of one day's places taken by a slot "
        "listing: copied from memory (kept), or read from the database (read: the "
        "first time, or after a change on the day).\n"
        "# TYPE flexhours_occupancy_lookups_total counter\n"
        "flexhours_occupancy_lookups_total{source=\"kept\"} %lu\n"
        "flexhours_occupancy_lookups_total{source=\"read\"} %lu\n",
        atomic_load_explicit(&t->hits, memory_order_relaxed),
        atomic_load_explicit(&t->loads, memory_order_relaxed));
}
