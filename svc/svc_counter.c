/* svc_counter.c: what the counter and the manager do to the bookings of a
 * day, whichever face they use: the status changes with the counter's rule
 * (a check-in on the booking's day only), the lapse pass that turns the
 * bookings nobody checked in in time into lapsed ones, and the confirmation
 * of a pending booking that dispatches somebody to a holiday duty nobody
 * has. The rules are the scheduler's; the store makes each change atomic
 * and audited. */
#include "svc/svc_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <string.h>

fh_result svc_booking_set_status(struct svc *s, const struct sched_office *office, const char *code,
                                 enum store_status to, const char *by, struct store_booking *out,
                                 enum sched_checkin *why, char *err, size_t errlen)
{
    *why = SCHED_CHECKIN_OK;
    struct store_booking b;
    fh_result r = store_booking_get(s->store, code, NULL, &b, err, errlen);
    const struct sched_office *own = r == FH_OK ? svc_booking_office(s, &b) : NULL;
    if (r == FH_OK && office != NULL && own != office)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking at this office");
    /* The day is the office's: a check-in at 00:30 in Taipei is that day's,
     * whatever the date in UTC. */
    if (r == FH_OK && to == STORE_CHECKED_IN && own != NULL) {
        *why = sched_checkin_check(b.start, svc_now(own));
        if (*why != SCHED_CHECKIN_OK)
            r = fh_fail(err, errlen, FH_EREFUSED, "%s", sched_checkin_message(*why));
    }
    /* Nobody is absent before the grace is over: until then they may
     * still come, and a mark would count against them. */
    if (r == FH_OK && to == STORE_NO_SHOW && own != NULL &&
        sched_no_show_check(own, b.start, svc_now(own)) != SCHED_MARK_OK) {
        *why = SCHED_CHECKIN_NO_SHOW_TOO_EARLY;
        r = fh_fail(err, errlen, FH_EREFUSED, "%s", sched_checkin_message(*why));
    }
    fh_day day = r == FH_OK ? fh_day_of(b.start) : 0;
    fh_wipe(&b, sizeof b);
    if (r == FH_OK)
        r = store_booking_set_status_at(s->store, own, code, to, by, out, NULL, err, errlen);
    else if (out != NULL)
        memset(out, 0, sizeof *out);
    if (r == FH_OK)
        svc_changed_days(s, own, day, day);
    return r;
}

size_t svc_lapse_pass(struct svc *s)
{
    size_t total = 0;
    int64_t now_utc = fh_clock_now();
    for (size_t i = 0; i < s->cfg->office_count; i++) {
        const struct sched_office *office = s->cfg->offices[i];
        const struct sched_office_spec *o = sched_office_spec(office);
        fh_minute latest = sched_lapse_latest_start(office, svc_now(office));
        size_t n = 0;
        char err[FH_ERR_LEN] = "";
        if (store_bookings_lapse(s->store, o->id, latest, now_utc, &n, NULL, err, sizeof err) !=
            FH_OK) {
            fh_log(FH_LOG_ERROR, "lapse: %s: %s", o->id, err);
            continue;
        }
        if (n > 0) {
            fh_log(FH_LOG_INFO, "lapse: %s: %zu booking%s nobody checked in lapsed", o->id, n,
                   n == 1 ? "" : "s");
            /* Of today or, after a stop, of any day before: the office. */
            svc_changed_office(s, office);
        }
        total += n;
    }
    /* The waitlist's holds that expired pass to the next person waiting. */
    svc_waitlist_pass(s, NULL);
    /* Draws to commit before they open, and draws whose time has come. */
    svc_draw_pass(s);
    return total;
}

static bool is_holiday_booking(const struct store_booking *b)
{
    return strcmp(b->window, sched_window_name_str(SCHED_WIN_HOLIDAY)) == 0;
}

/* The month of day, for a caller that holds the calendar (and, for a
 * change, the change lock) already: svc is left NULL so that the roster
 * functions take neither again. */
static struct svc_roster_ref month_of(struct svc *s, const struct sched_office *office, fh_day day,
                                      const struct sched_calendar *cal)
{
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    return (struct svc_roster_ref){s->cfg, s->store, cal, office, y, m, NULL};
}

const char *svc_holiday_pick(struct svc *s, const struct sched_office *office, fh_day day)
{
    const char *id = sched_office_spec(office)->id;
    const struct cfg_roster *staffing = cfg_office_roster(s->cfg, id);
    if (staffing == NULL || staffing->staff_count == 0)
        return NULL;
    bool has = false;
    const char *staff = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_holiday_duty_staffed(s, id, day, &has, err, sizeof err);
    if (r == FH_OK && !has) {
        struct svc_roster_ref ref = month_of(s, office, day, svc_calendar_hold(s));
        r = svc_roster_holiday_staff(&ref, day, NULL, &staff, err, sizeof err);
        svc_calendar_release(s);
    }
    if (r != FH_OK && r != FH_EREFUSED)
        fh_log(FH_LOG_ERROR, "holiday pick: %s", err);
    return r == FH_OK ? staff : NULL;
}

fh_result svc_booking_confirm(struct svc *s, const struct sched_office *office, const char *code,
                              const char *named, const char *by, struct store_booking *out,
                              const char **dispatched, char *err, size_t errlen)
{
    struct store_booking b;
    const char *staff = NULL;
    *dispatched = NULL;
    /* Nobody else dispatches or edits the day's duty meanwhile. */
    svc_change_begin(s);
    fh_result r = store_booking_get(s->store, code, NULL, &b, err, errlen);
    const struct sched_office *own = r == FH_OK ? svc_booking_office(s, &b) : NULL;
    if (r == FH_OK && office != NULL && own != office)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking at this office");
    const struct cfg_roster *staffing = own != NULL ? cfg_office_roster(s->cfg, b.office) : NULL;
    if (r == FH_OK && own != NULL && b.status == STORE_PENDING && is_holiday_booking(&b) &&
        staffing != NULL && staffing->staff_count > 0) {
        bool has = false;
        fh_day day = fh_day_of(b.start);
        struct svc_roster_ref ref = month_of(s, own, day, svc_calendar_hold(s));
        r = svc_holiday_duty_staffed(s, b.office, day, &has, err, errlen);
        if (r == FH_OK && !has)
            r = svc_roster_holiday_staff(&ref, day, named, &staff, err, errlen);
        else if (r == FH_OK && named != NULL)
            r = fh_fail(err, errlen, FH_EINVAL,
                        "staff: somebody is already on holiday duty that day");
        svc_calendar_release(s);
    } else if (r == FH_OK && named != NULL) {
        r = fh_fail(err, errlen, FH_EINVAL,
                    "staff: only a pending holiday booking takes a person to dispatch");
    }
    fh_day confirmed_day = r == FH_OK ? fh_day_of(b.start) : 0;
    fh_wipe(&b, sizeof b);
    bool tell = false;
    if (staff != NULL) {
        int i = cfg_staff_index(staffing, staff);
        tell = i >= 0 && staffing->staff[i].email != NULL;
    }
    /* The confirmation and the person's duty in one transaction. */
    if (r == FH_OK)
        r = store_booking_confirm_with_duty(s->store, code, staff, tell, by, fh_clock_now(), out,
                                            err, errlen);
    else if (out != NULL)
        memset(out, 0, sizeof *out);
    if (r == FH_OK && staff != NULL) {
        /* Somebody put on duty: the office's roster changed. */
        char e2[FH_ERR_LEN] = "";
        if (svc_calendar_reload(s, own, e2, sizeof e2) != FH_OK)
            fh_log(FH_LOG_ERROR, "calendar: %s", e2);
    } else if (r == FH_OK) {
        svc_changed_days(s, own, confirmed_day, confirmed_day);
    }
    svc_change_end(s);
    if (r == FH_OK)
        *dispatched = staff;
    return r;
}
