/* svc.c: the state a running service shares: the calendar in force and its
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

struct svc *svc_create(const struct fh_config *cfg, struct store *st,
                       const struct sched_calendar *cal)
{
    struct svc *s = fh_calloc(1, sizeof *s);
    s->cfg = cfg;
    s->store = st;
    s->cal = cal;
    pthread_rwlock_init(&s->cal_lock, NULL);
    pthread_mutex_init(&s->change_lock, NULL);
    s->cache = svc_cache_create(CACHE_ENTRIES, CACHE_MAX, cfg->office_count);
    s->uploads = svc_uploads_create();
    return s;
}

void svc_free(struct svc *s)
{
    if (s == NULL)
        return;
    svc_cache_free(s->cache);
    svc_uploads_free(s->uploads);
    pthread_rwlock_destroy(&s->cal_lock);
    pthread_mutex_destroy(&s->change_lock);
    sched_calendar_free(s->cal_owned);
    free(s);
}

const struct sched_calendar *svc_calendar_hold(struct svc *s)
{
    pthread_rwlock_rdlock(&s->cal_lock);
    return s->cal;
}

void svc_calendar_release(struct svc *s)
{
    pthread_rwlock_unlock(&s->cal_lock);
}

void svc_calendar_replace(struct svc *s, struct sched_calendar *cal,
                          const struct sched_office *touched)
{
    pthread_rwlock_wrlock(&s->cal_lock);
    struct sched_calendar *old = s->cal_owned;
    s->cal_owned = cal;
    s->cal = cal;
    pthread_rwlock_unlock(&s->cal_lock);
    svc_changed_office(s, touched); /* answers made with the old calendar are stale */
    sched_calendar_free(old);
}

fh_result svc_calendar_reload(struct svc *s, const struct sched_office *touched, char *err,
                              size_t errlen)
{
    struct sched_calendar *cal = store_calendar_build(s->store, s->cfg->calendar, err, errlen);
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
    const struct sched_office *office;
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
    if (!pending.holding) {
        svc_cache_mark(s, office, first, last, whole);
    } else if (pending.count < PENDING_MARKS) {
        pending.marks[pending.count++] = (struct pending_mark){office, first, last, whole};
    } else {
        pending.overflow = true;
    }
}

void svc_change_begin(struct svc *s)
{
    pthread_mutex_lock(&s->change_lock);
    pending.holding = true;
}

void svc_change_end(struct svc *s)
{
    pending.holding = false;
    if (pending.overflow)
        svc_cache_mark(s, NULL, 0, 0, true);
    else
        for (size_t i = 0; i < pending.count; i++)
            svc_cache_mark(s, pending.marks[i].office, pending.marks[i].first,
                           pending.marks[i].last, pending.marks[i].whole);
    pending.count = 0;
    pending.overflow = false;
    pthread_mutex_unlock(&s->change_lock);
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
    struct sched_booking *bookings;
    size_t booking_count;
    *out = NULL;
    *count = 0;
    fh_result r =
        store_occupancy(s->store, office, first, last, &bookings, &booking_count, err, errlen);
    if (r != FH_OK)
        return r;
    const struct sched_calendar *cal = svc_calendar_hold(s);
    r = sched_slots(office, cal, service, first, last, now, bookings, booking_count, flags, out,
                    count);
    svc_calendar_release(s);
    free(bookings);
    if (r != FH_OK)
        fh_fail(err, errlen, r, "slots: %s", fh_strerror(r));
    return r;
}
