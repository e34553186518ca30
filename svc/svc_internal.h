/* svc_internal.h: what the files of svc/ share. Nobody outside svc/
 * includes it. */
#ifndef SVC_INTERNAL_H
#define SVC_INTERNAL_H

#include "svc/svc.h"

struct svc_cache;
struct svc_uploads;

/* What every configuration of a running service shares. */
struct svc_core {
    /* The configuration in force, which holds a reference of its own
     * (svc.h); read and replaced under gen_lock. */
    pthread_mutex_t gen_lock;
    struct svc *current;
    struct svc *first; /* the caller's configuration, freed by svc_free() only */
    /* The day calendar in force: the one given at start until an import,
     * a closure, a roster or a reload replaces it (svc owns replacements).
     * There is one for the whole service, whatever configuration a request
     * holds: a closure stored must bind every booking judged after it.
     * Read under cal_lock; a replacement takes it for writing. */
    pthread_rwlock_t cal_lock;
    const struct sched_calendar *cal;
    struct sched_calendar *cal_owned;
    /* Serialises the changes that the calendar in force must follow (a
     * roster published or edited, a closure, an import, a holiday duty
     * dispatched, a reload) with the bookings admitted under that calendar:
     * such a change is stored and its calendar put in force before any
     * booking is judged again. Taken before the store's write lock and
     * before cal_lock, never after them. */
    pthread_mutex_t change_lock;
    /* Answers kept, and what changed where since they were made (the
     * change clock and the marks of svc_changed_days() and its kin). */
    struct svc_cache *cache;
    /* The places taken per office and day, copies kept for the listings
     * (svc_days.c), current by the same change clock. */
    struct svc_days *days;
    struct svc_uploads *uploads; /* files held between a preview and its apply */
};

/* entries answers of at most max_bytes each, and the change marks of up to
 * offices offices (stamps are kept per office id, whichever configuration
 * names it). */
struct svc_cache *svc_cache_create(size_t entries, size_t max_bytes, size_t offices);
void svc_cache_free(struct svc_cache *c);
/* The stamps of the office with this id (made on first use), or -1 when
 * the table is full: such an office's changes mark everything and its
 * answers are never kept. Call it from one thread at a time (the start, or
 * a reload under the change lock). */
long svc_cache_slot(struct svc_cache *c, const char *office);
/* The office's stamps, as the configuration of s (which office comes
 * from) maps them; -1 for an office not of that configuration. */
long svc_office_slot(const struct svc *s, const struct sched_office *office);
/* Stamps slot's days first..last (whole: every day of it; slot -1:
 * everything) with the change clock's next tick, now. */
void svc_cache_mark(struct svc_cache *c, long slot, fh_day first, fh_day last, bool whole);
/* The change clock now: read it before reading what a change may alter. */
uint64_t svc_cache_clock(struct svc_cache *c);
/* Whether nothing was marked on slot's day (or the office, or everything)
 * after clock. */
bool svc_cache_day_current(struct svc_cache *c, long slot, fh_day day, uint64_t clock);
/* The look-ups' counters, for /metrics. */
void svc_cache_metrics_write(struct svc *s, struct fh_buf *b);
struct svc_days *svc_days_create(void);
void svc_days_free(struct svc_days *t);
/* The places taken on an office's days, one row set a day, held for
 * reading until svc_days_release(). */
struct svc_days_held {
    size_t days;
    struct svc_day_rows **held;
    const struct sched_booking **rows; /* rows[i]: day first + i's, by start */
    size_t *counts;
};
/* Holds the places taken on office's days first..last (as store_occupancy()
 * gives them), from the days kept where nothing changed since, the others
 * read from the store and kept. */
fh_result svc_days_hold(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                        struct svc_days_held *out, char *err, size_t errlen);
void svc_days_release(struct svc_days_held *h);
void svc_days_metrics_write(struct svc *s, struct fh_buf *b);
struct svc_uploads *svc_uploads_create(void);
void svc_uploads_free(struct svc_uploads *u);

/* A checked request as the store takes it (its strings borrowed from req). */
struct store_new_booking svc_new_booking(const struct svc_booking_request *req);

#endif
