/* svc_cache.c: answers kept (encoded slot listings, day pages) and the
 * marks of what changed where. Many citizens ask for the same office,
 * service and month at once (a popular wedding date), and an answer only
 * changes when a booking or the calendar of the days it shows changes, or
 * the clock reaches the next minute. So every change takes the next tick of
 * a change clock and stamps the days it touched with it (per office, or
 * the office, or everything); an answer is kept with the clock read before
 * its data and is current while no stamp over its days is later than that. */
#include "svc/svc_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_KEY_LEN 160

/* An office's days are stamped in a ring indexed by the day: two days
 * STAMP_DAYS apart share a stamp, which can only make an answer stale
 * early, never keep a stale one. The ring is longer than any answer's
 * range (SVC_MAX_RANGE_DAYS), so a range never wraps onto itself. */
#define STAMP_DAYS 512
#define STAMP_MASK (STAMP_DAYS - 1)

/* Stamps are lock-free atomics, whose zero bits are the value 0. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free");

struct office_stamps {
    atomic_uint_fast64_t whole;           /* the last change of the whole office */
    atomic_uint_fast64_t day[STAMP_DAYS]; /* the last change of each day */
};

struct cache_entry {
    char key[CACHE_KEY_LEN];
    struct svc_answer answer; /* what it shows, and the clock before its data */
    char *text;               /* malloc'd; NULL for an empty entry */
    size_t len;
};

struct svc_cache {
    pthread_mutex_t lock; /* the entries; the stamps are atomics */
    struct cache_entry *entries;
    size_t count, next;         /* next: the entry the next insertion replaces */
    size_t max_bytes;           /* larger answers are not kept */
    atomic_uint_fast64_t clock; /* ticks handed to changes so far */
    atomic_uint_fast64_t all;   /* the last change of everything */
    /* Stamps per office id: a configuration maps its offices to them at
     * its start (svc_cache_slot()), so that two configurations of a
     * reload share an office's marks. ids[0..known) are set before known
     * publishes them; the table never moves. */
    struct office_stamps *offices;
    char **ids;
    size_t office_count; /* room */
    atomic_size_t known;
    atomic_ulong hits, misses, stale; /* answers served, not found, found out of date */
};

struct svc_cache *svc_cache_create(size_t entries, size_t max_bytes, size_t offices)
{
    struct svc_cache *c = fh_calloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->entries = fh_calloc(entries, sizeof *c->entries);
    c->count = entries;
    c->max_bytes = max_bytes;
    /* 4 KiB of stamps an office, left as calloc's zeros: a lock-free
     * atomic's zero bits are the value 0 (asserted above), and pages nobody
     * stamps are never touched, so a country's 370 offices cost only the
     * days changes touch. */
    c->offices = fh_calloc(offices > 0 ? offices : 1, sizeof *c->offices);
    c->ids = fh_calloc(offices > 0 ? offices : 1, sizeof *c->ids);
    c->office_count = offices;
    atomic_init(&c->known, 0);
    atomic_init(&c->clock, 0);
    atomic_init(&c->all, 0);
    atomic_init(&c->hits, 0);
    atomic_init(&c->misses, 0);
    atomic_init(&c->stale, 0);
    return c;
}

void svc_cache_free(struct svc_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++)
        free(c->entries[i].text);
    free(c->entries);
    for (size_t i = 0; i < atomic_load(&c->known); i++)
        free(c->ids[i]);
    free(c->ids);
    free(c->offices);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* ---- marks ------------------------------------------------------------------- */

long svc_cache_slot(struct svc_cache *c, const char *office)
{
    size_t known = atomic_load(&c->known);
    for (size_t i = 0; i < known; i++)
        if (strcmp(c->ids[i], office) == 0)
            return (long)i;
    if (known == c->office_count)
        return -1;
    c->ids[known] = fh_strdup(office);
    atomic_store(&c->known, known + 1);
    return (long)known;
}

long svc_office_slot(const struct svc *s, const struct sched_office *office)
{
    for (size_t i = 0; i < s->cfg->office_count; i++)
        if (s->cfg->offices[i] == office)
            return s->slots[i];
    return -1;
}

/* Raises *stamp to tick. Two changes may stamp the same day at once, the
 * later tick first: a plain store of the earlier one would lower it and let
 * an answer older than the later change pass for current. */
static void raise_to(atomic_uint_fast64_t *stamp, uint64_t tick)
{
    uint_fast64_t seen = atomic_load(stamp);
    while (seen < tick && !atomic_compare_exchange_weak(stamp, &seen, tick))
        ;
}

static uint64_t next_tick(struct svc_cache *c)
{
    return (uint64_t)atomic_fetch_add(&c->clock, 1) + 1;
}

void svc_cache_mark(struct svc_cache *c, long i, fh_day first, fh_day last, bool whole)
{
    uint64_t tick = next_tick(c);
    if (i < 0) {
        raise_to(&c->all, tick);
        return;
    }
    struct office_stamps *o = &c->offices[i];
    if (whole || last < first || (int64_t)last - first + 1 >= STAMP_DAYS) {
        raise_to(&o->whole, tick);
        return;
    }
    for (fh_day d = first; d <= last; d++)
        raise_to(&o->day[(uint32_t)d & STAMP_MASK], tick);
}

/* Whether a change was marked, after a's clock, on anything a shows. */
static bool changed_since(struct svc_cache *c, const struct svc_answer *a)
{
    if (atomic_load(&c->all) > a->clock)
        return true;
    long i = a->slot;
    if (i < 0)
        return true; /* not an office of ours: never kept as current */
    struct office_stamps *o = &c->offices[i];
    if (atomic_load(&o->whole) > a->clock)
        return true;
    if ((int64_t)a->last - a->first + 1 >= STAMP_DAYS)
        return true; /* longer than the ring: not kept (no answer is) */
    for (fh_day d = a->first; d <= a->last; d++)
        if (atomic_load(&o->day[(uint32_t)d & STAMP_MASK]) > a->clock)
            return true;
    return false;
}

uint64_t svc_cache_clock(struct svc_cache *c)
{
    return (uint64_t)atomic_load(&c->clock);
}

bool svc_cache_day_current(struct svc_cache *c, long slot, fh_day day, uint64_t clock)
{
    if (slot < 0 || atomic_load(&c->all) > clock)
        return false;
    const struct office_stamps *o = &c->offices[slot];
    return atomic_load(&o->whole) <= clock &&
           atomic_load(&o->day[(uint32_t)day & STAMP_MASK]) <= clock;
}

/* ---- answers ----------------------------------------------------------------- */

void svc_answer_begin(struct svc *s, struct svc_answer *a, const struct sched_office *office,
                      fh_day first, fh_day last, fh_minute now)
{
    *a = (struct svc_answer){
        office, first, last, now, atomic_load(&s->core->cache->clock), svc_office_slot(s, office)};
}

char *svc_cache_get(struct svc *s, const char *key, const struct svc_answer *a)
{
    struct svc_cache *c = s->core->cache;
    char *copy = NULL;
    bool found = false;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->count && !found; i++) {
        struct cache_entry *e = &c->entries[i];
        if (e->text == NULL || strcmp(e->key, key) != 0)
            continue;
        found = true;
        /* The same office object: made under the same configuration. (An
         * answer made under one that is gone cannot pass for one of a
         * newer at a reused address: a reload marks everything after it
         * puts the newer in force, and the older's requests were over
         * before its memory could be reused.) */
        if (e->answer.office != a->office || e->answer.now != a->now ||
            changed_since(c, &e->answer))
            break;
        /* A copy: the answer it becomes is freed once it is sent. */
        copy = fh_malloc(e->len + 1);
        memcpy(copy, e->text, e->len + 1);
    }
    pthread_mutex_unlock(&c->lock);
    atomic_fetch_add_explicit(copy != NULL ? &c->hits
                              : found      ? &c->stale
                                           : &c->misses,
                              1, memory_order_relaxed);
    return copy;
}

void svc_cache_put(struct svc *s, const char *key, const struct svc_answer *a, const char *text)
{
    struct svc_cache *c = s->core->cache;
    size_t len = strlen(text), klen = strlen(key);
    if (len > c->max_bytes || klen >= CACHE_KEY_LEN)
        return;
    char *copy = fh_malloc(len + 1);
    memcpy(copy, text, len + 1);
    pthread_mutex_lock(&c->lock);
    struct cache_entry *e = NULL;
    for (size_t i = 0; i < c->count && e == NULL; i++)
        if (c->entries[i].text != NULL && strcmp(c->entries[i].key, key) == 0)
            e = &c->entries[i]; /* replace the stale answer to the same question */
    if (e == NULL) {
        e = &c->entries[c->next];
        c->next = (c->next + 1) % c->count;
    } else if (e->answer.now == a->now && e->answer.clock > a->clock) {
        /* Two requests computed it at once and the other read later data:
         * keep the other's. */
        pthread_mutex_unlock(&c->lock);
        free(copy);
        return;
    }
    free(e->text);
    memcpy(e->key, key, klen + 1);
    e->answer = *a;
    e->text = copy;
    e->len = len;
    pthread_mutex_unlock(&c->lock);
}

void svc_cache_metrics_write(struct svc *s, struct fh_buf *b)
{
    struct svc_cache *c = s->core->cache;
    fh_buf_printf(b,
                  "# HELP flexhours_answer_cache_total Look-ups of kept answers (slots listings, "
                  "day pages): served (hit), never kept (miss), kept but out of date (stale: "
                  "a change marked on its days, or the next minute).\n"
                  "# TYPE flexhours_answer_cache_total counter\n"
                  "flexhours_answer_cache_total{outcome=\"hit\"} %lu\n"
                  "flexhours_answer_cache_total{outcome=\"miss\"} %lu\n"
                  "flexhours_answer_cache_total{outcome=\"stale\"} %lu\n",
                  atomic_load_explicit(&c->hits, memory_order_relaxed),
                  atomic_load_explicit(&c->misses, memory_order_relaxed),
                  atomic_load_explicit(&c->stale, memory_order_relaxed));
}
