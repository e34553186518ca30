/* svc.c: the state a running service shares: the configuration in force
 * and its reload (held by reference), the calendar in force and its
 * replacement, the change lock, the marks of what changed (made when the
 * change lock is let go, for a change made under it), and "now" in an
 * office's time. */
#include "svc/svc_internal.h"

#include "common/fh_hash.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Answers kept: 32 of at most 128 KiB (a month's slots are ~12 KiB, a day
 * page ~8 KiB), so at most 4 MiB. */
#define CACHE_ENTRIES 32
#define CACHE_MAX     (128 * 1024)

/* Room in the answer cache's stamps for offices that reloads add: past
 * it, an added office's answers are not kept until a restart. */
#define CACHE_SPARE_OFFICES 64

/* A handle on cfg sharing core, with one reference (the caller's). */
static struct svc *generation(struct svc_core *core, const struct fh_config *cfg, struct store *st)
{
    struct svc *g = fh_calloc(1, sizeof *g);
    g->cfg = cfg;
    g->store = st;
    g->core = core;
    atomic_init(&g->refs, 1);
    g->slots = fh_calloc(cfg->office_count > 0 ? cfg->office_count : 1, sizeof *g->slots);
    for (size_t i = 0; i < cfg->office_count; i++)
        g->slots[i] = svc_cache_slot(core->cache, sched_office_spec(cfg->offices[i])->id);
    return g;
}

static void generation_free(struct svc *g)
{
    cfg_free(g->cfg_owned);
    free(g->slots);
    free(g);
}

struct svc *svc_create(const struct fh_config *cfg, struct store *st,
                       const struct sched_calendar *cal)
{
    struct svc_core *core = fh_calloc(1, sizeof *core);
    pthread_mutex_init(&core->gen_lock, NULL);
    pthread_rwlock_init(&core->cal_lock, NULL);
    pthread_mutex_init(&core->change_lock, NULL);
    core->cal = cal;
    core->cache =
        svc_cache_create(CACHE_ENTRIES, CACHE_MAX, cfg->office_count + CACHE_SPARE_OFFICES);
    core->days = svc_days_create();
    core->uploads = svc_uploads_create();
    struct svc *s = generation(core, cfg, st);
    atomic_fetch_add(&s->refs, 1); /* one for being in force, one for being the first */
    core->current = core->first = s;
    return s;
}

void svc_free(struct svc *s)
{
    if (s == NULL)
        return;
    struct svc_core *core = s->core;
    if (core->current != core->first)
        generation_free(core->current);
    generation_free(core->first);
    svc_cache_free(core->cache);
    svc_days_free(core->days);
    svc_uploads_free(core->uploads);
    pthread_mutex_destroy(&core->gen_lock);
    pthread_rwlock_destroy(&core->cal_lock);
    pthread_mutex_destroy(&core->change_lock);
    sched_calendar_free(core->cal_owned);
    free(core);
}

struct svc *svc_hold(struct svc *s)
{
    struct svc_core *core = s->core;
    /* The reference is taken under the lock that a reload takes to put
     * another in force: one read cannot find a configuration whose last
     * reference is being let go. (A mutex, held for an increment: a
     * read-write lock would let a stream of requests starve the reload.) */
    pthread_mutex_lock(&core->gen_lock);
    struct svc *g = core->current;
    atomic_fetch_add(&g->refs, 1);
    pthread_mutex_unlock(&core->gen_lock);
    return g;
}

void svc_release(struct svc *s)
{
    if (s != NULL && atomic_fetch_sub(&s->refs, 1) == 1)
        generation_free(s); /* never the first: it keeps a reference until svc_free() */
}

fh_result svc_reload(struct svc *s, struct fh_config *cfg, char *err, size_t errlen)
{
    struct svc_core *core = s->core;
    svc_change_begin(s);
    struct sched_calendar *cal = store_calendar_build(s->store, cfg->calendar, err, errlen);
    if (cal == NULL) {
        svc_change_end(s);
        cfg_free(cfg);
        return FH_EDB;
    }
    struct svc *g = generation(core, cfg, s->store);
    g->cfg_owned = cfg;
    /* Under the change lock and the store's write lock: the next booking
     * queues the new reminders and webhooks. */
    store_set_reminders(s->store, &cfg->notifier.reminders);
    struct store_webhook *hooks = fh_calloc(cfg->webhook_count + 1, sizeof *hooks);
    for (size_t i = 0; i < cfg->webhook_count; i++)
        hooks[i] = (struct store_webhook){cfg->webhooks[i].office, cfg->webhooks[i].url,
                                          cfg->webhooks[i].events};
    store_set_webhooks(s->store, hooks, cfg->webhook_count);
    free(hooks);
    pthread_mutex_lock(&core->gen_lock);
    struct svc *old = core->current;
    core->current = g;
    pthread_mutex_unlock(&core->gen_lock);
    /* Every answer kept was made under the old configuration (capacities,
     * services, names): everything changed. */
    svc_calendar_replace(s, cal, NULL);
    svc_change_end(s);
    svc_release(old);
    return FH_OK;
}

const struct sched_calendar *svc_calendar_hold(struct svc *s)
{
    pthread_rwlock_rdlock(&s->core->cal_lock);
    return s->core->cal;
}

void svc_calendar_release(struct svc *s)
{
    pthread_rwlock_unlock(&s->core->cal_lock);
}

void svc_calendar_replace(struct svc *s, struct sched_calendar *cal,
                          const struct sched_office *touched)
{
    struct svc_core *core = s->core;
    pthread_rwlock_wrlock(&core->cal_lock);
    struct sched_calendar *old = core->cal_owned;
    core->cal_owned = cal;
    core->cal = cal;
    pthread_rwlock_unlock(&core->cal_lock);
    svc_changed_office(s, touched); /* answers made with the old calendar are stale */
    sched_calendar_free(old);
}

fh_result svc_calendar_reload(struct svc *s, const struct sched_office *touched, char *err,
                              size_t errlen)
{
    /* The national days of the configuration in force, not of the one the
     * caller may still hold: a request begun before a reload must not put
     * the old days back. (The caller holds the change lock, which a reload
     * takes too.) */
    struct svc *now = svc_hold(s);
    struct sched_calendar *cal = store_calendar_build(s->store, now->cfg->calendar, err, errlen);
    svc_release(now);
    if (cal == NULL) {
        svc_changed_office(s, touched);
        return FH_EDB;
    }
    svc_calendar_replace(s, cal, touched);
    return FH_OK;
}

void svc_pick_up_outside_changes(struct svc *s)
{
    if (!store_changed_elsewhere(s->store))
        return;
    char err[FH_ERR_LEN] = "";
    /* Another process may have changed anything: bookings too. */
    if (svc_calendar_reload(s, NULL, err, sizeof err) == FH_OK)
        fh_log(FH_LOG_INFO, "the database changed outside the server: its calendar, closures "
                            "and rosters are in force");
    else
        fh_log(FH_LOG_ERROR, "reloading the calendar: %s", err);
}

/* ---- marks of what changed ------------------------------------------------------ */

/* The marks this thread made while holding the change lock, made for real
 * when it lets go (svc.h says why). A writer's group of GROUP_MAX bookings
 * marks one day each; a longer list turns into one mark of everything. */
#define PENDING_MARKS 128

struct pending_mark {
    long slot;
    fh_day first, last;
    bool whole;
};

static _Thread_local struct {
    bool holding; /* this thread holds the change lock */
    bool overflow;
    size_t count;
    struct pending_mark marks[PENDING_MARKS];
} pending;

static void mark(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                 bool whole)
{
    /* The slot now, by the configuration the office came from: the lock
     * may be let go through another handle (the writer's). */
    long slot = office != NULL ? svc_office_slot(s, office) : -1;
    if (!pending.holding) {
        svc_cache_mark(s->core->cache, slot, first, last, whole);
    } else if (pending.count < PENDING_MARKS) {
        pending.marks[pending.count++] = (struct pending_mark){slot, first, last, whole};
    } else {
        pending.overflow = true;
    }
}

void svc_change_begin(struct svc *s)
{
    pthread_mutex_lock(&s->core->change_lock);
    pending.holding = true;
}

void svc_change_end(struct svc *s)
{
    pending.holding = false;
    if (pending.overflow)
        svc_cache_mark(s->core->cache, -1, 0, 0, true);
    else
        for (size_t i = 0; i < pending.count; i++)
            svc_cache_mark(s->core->cache, pending.marks[i].slot, pending.marks[i].first,
                           pending.marks[i].last, pending.marks[i].whole);
    pending.count = 0;
    pending.overflow = false;
    pthread_mutex_unlock(&s->core->change_lock);
}

void svc_changed_days(struct svc *s, const struct sched_office *office, fh_day first, fh_day last)
{
    mark(s, office, first, last, false);
}

void svc_changed_office(struct svc *s, const struct sched_office *office)
{
    mark(s, office, 0, 0, true);
}

void svc_changed_all(struct svc *s)
{
    mark(s, NULL, 0, 0, true);
}

fh_minute svc_now(const struct sched_office *office)
{
    return fh_local_from_utc(fh_clock_now(), sched_office_spec(office)->utc_offset);
}

fh_result svc_slots(struct svc *s, const struct sched_office *office, int service, fh_day first,
                    fh_day last, fh_minute now, unsigned flags, struct sched_slot **out,
                    size_t *count, char *err, size_t errlen)
{
    struct svc_days_held taken;
    *out = NULL;
    *count = 0;
    fh_result r = svc_days_hold(s, office, first, last, &taken, err, errlen);
    if (r != FH_OK)
        return r;
    const struct sched_calendar *cal = svc_calendar_hold(s);
    r = sched_slots_days(office, cal, service, first, last, now, taken.rows, taken.counts, flags,
                         out, count);
    svc_calendar_release(s);
    svc_days_release(&taken);
    if (r != FH_OK)
        fh_fail(err, errlen, r, "slots: %s", fh_strerror(r));
    return r;
}
