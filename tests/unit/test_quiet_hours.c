/* test_quiet_hours.c: when an SMS may go, written from the rule people were
 * told ("no SMS between 21:00 and 08:00; one due then waits for the morning,
 * or goes the evening before when the morning is too late"), not from
 * scheduler/sched_remind.c: a table of queued-at -> sent-at over the whole
 * day (a change or a retry at 23:00 goes at 08:00, one at 07:59 at 08:00,
 * one at 20:59 at once), every minute of a day against that rule, other
 * quiet hours, and the reminders of bookings at each hour of the day. */
#include "scheduler/sched.h"
#include "check.h"

#include <stdbool.h>

/* "2026-03-02 23:00" (a Monday) as an office-local minute. */
static fh_minute at(const char *text)
{
    fh_minute t;
    char rfc[40];
    snprintf(rfc, sizeof rfc, "%.10sT%.5s:00+08:00", text, text + 11);
    if (fh_parse_local(rfc, 8 * 60, &t) != NULL) {
        printf("bad time in the test: %s\n", text);
        check_failures++;
        return 0;
    }
    return t;
}

static void show(fh_minute t, char out[FH_TIME_LEN])
{
    if (t == SCHED_NEVER)
        snprintf(out, FH_TIME_LEN, "never");
    else
        fh_format_local(t, 8 * 60, out);
}

/* Queued at -> sent at, with the default quiet hours 21:00-08:00. */
static void test_table(void)
{
    static const struct {
        const char *queued, *sent;
    } rows[] = {
        {"2026-03-02 00:00", "2026-03-02 08:00"}, /* midnight waits for the morning */
        {"2026-03-02 03:17", "2026-03-02 08:00"},
        {"2026-03-02 07:00", "2026-03-02 08:00"},
        {"2026-03-02 07:59", "2026-03-02 08:00"}, /* a retry at 07:59 */
        {"2026-03-02 08:00", "2026-03-02 08:00"}, /* 08:00 is morning */
        {"2026-03-02 08:01", "2026-03-02 08:01"},
        {"2026-03-02 12:00", "2026-03-02 12:00"},
        {"2026-03-02 18:30", "2026-03-02 18:30"},
        {"2026-03-02 20:59", "2026-03-02 20:59"}, /* the last minute before 21:00 */
        {"2026-03-02 21:00", "2026-03-03 08:00"}, /* 21:00 is quiet */
        {"2026-03-02 21:01", "2026-03-03 08:00"},
        {"2026-03-02 23:00", "2026-03-03 08:00"}, /* a change or retry at 23:00 */
        {"2026-03-02 23:59", "2026-03-03 08:00"},
        {"2026-02-28 22:00", "2026-03-01 08:00"}, /* across a month */
        {"2026-12-31 23:30", "2027-01-01 08:00"}, /* across a year */
        {"2028-02-28 21:00", "2028-02-29 08:00"}, /* into a leap day */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fh_minute got = sched_sms_time(&sched_reminders_default, at(rows[i].queued));
        if (got != at(rows[i].sent)) {
            char g[FH_TIME_LEN];
            show(got, g);
            printf("an SMS queued at %s goes at %s, expected %s\n", rows[i].queued, g,
                   rows[i].sent);
            check_failures++;
        }
    }
}

/* Every minute of a day: outside 21:00-08:00 at once, else the next 08:00. */
static void test_every_minute(void)
{
    fh_minute day = at("2026-03-02 00:00");
    int wrong = 0;
    for (int m = 0; m < 24 * 60; m++) {
        int hour = m / 60;
        fh_minute want = hour >= 21 ? day + 24 * 60 + 8 * 60 : hour < 8 ? day + 8 * 60 : day + m;
        fh_minute got = sched_sms_time(&sched_reminders_default, day + m);
        if (got != want && wrong++ < 5)
            printf("minute %02d:%02d: sent %lld minutes after midnight, expected %lld\n", hour,
                   m % 60, (long long)(got - day), (long long)(want - day));
    }
    CHECK_INT(wrong, 0);
}

/* Quiet hours configured otherwise: inside one day, and none at all. */
static void test_other_hours(void)
{
    struct sched_reminders lunch = sched_reminders_default;
    lunch.quiet_from = 12 * 60;
    lunch.quiet_until = 13 * 60 + 30;
    CHECK_INT(sched_sms_time(&lunch, at("2026-03-02 11:59")), at("2026-03-02 11:59"));
    CHECK_INT(sched_sms_time(&lunch, at("2026-03-02 12:00")), at("2026-03-02 13:30"));
    CHECK_INT(sched_sms_time(&lunch, at("2026-03-02 13:29")), at("2026-03-02 13:30"));
    CHECK_INT(sched_sms_time(&lunch, at("2026-03-02 13:30")), at("2026-03-02 13:30"));
    CHECK_INT(sched_sms_time(&lunch, at("2026-03-02 23:00")), at("2026-03-02 23:00"));
    struct sched_reminders none = sched_reminders_default;
    none.quiet_from = none.quiet_until = 22 * 60;
    CHECK_INT(sched_sms_time(&none, at("2026-03-02 23:00")), at("2026-03-02 23:00"));
    CHECK_INT(sched_sms_time(&none, at("2026-03-02 03:00")), at("2026-03-02 03:00"));
}

/* A booking's reminders: the e-mail at 19:00 the evening before, the SMS two
 * hours before unless that is quiet: then the morning, or the evening before
 * (20:59, the last minute an SMS may go) when the morning is too late. */
static void test_reminders(void)
{
    static const struct {
        const char *start, *now, *email, *sms; /* NULL: none */
    } rows[] = {
        {"2026-03-04 12:00", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 10:00"},
        {"2026-03-04 10:00", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 08:00"},
        {"2026-03-04 09:00", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 08:00"},
        {"2026-03-04 08:30", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 08:00"},
        {"2026-03-04 08:00", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-03 20:59"},
        {"2026-03-04 17:30", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 15:30"},
        {"2026-03-04 22:30", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 20:30"},
        {"2026-03-04 23:30", "2026-03-02 10:00", "2026-03-03 19:00", "2026-03-04 20:59"},
        /* Booked after a reminder's time: that reminder is not sent. */
        {"2026-03-04 18:00", "2026-03-03 20:30", NULL, "2026-03-04 16:00"},
        {"2026-03-04 12:00", "2026-03-04 10:30", NULL, NULL},
        {"2026-03-04 08:00", "2026-03-03 21:30", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fh_minute email, sms;
        sched_reminder_times(&sched_reminders_default, at(rows[i].start), at(rows[i].now), &email,
                             &sms);
        fh_minute want_email = rows[i].email ? at(rows[i].email) : SCHED_NEVER;
        fh_minute want_sms = rows[i].sms ? at(rows[i].sms) : SCHED_NEVER;
        if (email != want_email || sms != want_sms) {
            char e[FH_TIME_LEN], s[FH_TIME_LEN];
            show(email, e);
            show(sms, s);
            printf("booking at %s made at %s: e-mail %s, SMS %s; expected %s, %s\n", rows[i].start,
                   rows[i].now, e, s, rows[i].email ? rows[i].email : "none",
                   rows[i].sms ? rows[i].sms : "none");
            check_failures++;
        }
        /* Whatever the row, a reminder SMS is never quiet. */
        if (sms != SCHED_NEVER) {
            int m = fh_minute_of_day(sms);
            CHECK(m >= 8 * 60 && m < 21 * 60);
        }
    }
}

int main(void)
{
    test_table();
    test_every_minute();
    test_other_hours();
    test_reminders();
    return check_result();
}
