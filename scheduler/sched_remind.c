/* sched_remind.c: when people are reminded of their bookings, and when an
 * SMS may be sent at all (not in the night). */
#include "scheduler/sched_internal.h"

const struct sched_reminders sched_reminders_default = {
    .email_at = 19 * 60,
    .sms_before = 120,
    .quiet_from = 21 * 60,
    .quiet_until = 8 * 60,
};

void sched_reminder_times(const struct sched_reminders *r, fh_minute start, fh_minute now,
                          fh_minute *email_at, fh_minute *sms_at)
{
    *email_at = *sms_at = SCHED_NEVER;
    if (r->email_at >= 0) {
        fh_minute t = (fh_minute)(fh_day_of(start) - 1) * FH_MINUTES_PER_DAY + r->email_at;
        if (t > now && t < start)
            *email_at = t;
    }
    if (r->sms_before >= 0) {
        fh_minute t = sched_sms_time(r, start - r->sms_before);
        /* Quiet hours may push the reminder to after the appointment began
         * (an 08:00 slot reminded at 06:00): then it is pulled back to the
         * evening before, the last time an SMS may go. */
        if (t >= start && r->quiet_from != r->quiet_until) {
            fh_minute evening =
                (fh_minute)fh_day_of(start - r->sms_before) * FH_MINUTES_PER_DAY + r->quiet_from;
            if (evening > start - r->sms_before)
                evening -= FH_MINUTES_PER_DAY;
            t = evening - 1;
        }
        if (t > now && t < start)
            *sms_at = t;
    }
}

static bool quiet(const struct sched_reminders *r, int minute_of_day)
{
    if (r->quiet_from == r->quiet_until)
        return false;
    if (r->quiet_from < r->quiet_until)
        return minute_of_day >= r->quiet_from && minute_of_day < r->quiet_until;
    return minute_of_day >= r->quiet_from || minute_of_day < r->quiet_until;
}

fh_minute sched_sms_time(const struct sched_reminders *r, fh_minute t)
{
    if (!quiet(r, fh_minute_of_day(t)))
        return t;
    fh_minute morning = (fh_minute)fh_day_of(t) * FH_MINUTES_PER_DAY + r->quiet_until;
    return morning > t ? morning : morning + FH_MINUTES_PER_DAY;
}
