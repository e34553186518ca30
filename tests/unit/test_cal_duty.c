/* test_cal_duty.c: a staff member's duty feed parsed back by libical: one
 * event per duty at the window's hours resolved through the file's own
 * VTIMEZONE, UIDs that do not change from one fetch to the next nor with the
 * order of the duties, both languages, the compensatory time; and the
 * window a duty falls on, found through the scheduler's openings. */
#include "calendars/cal.h"
#include "config/cfg.h"
#include "tests/unit/check.h"

#include <libical/ical.h>
#include <stdlib.h>

#define OFFICE_ID "taichung-south"

static fh_minute at(int y, int m, int d, int hh, int mm)
{
    return (fh_minute)fh_day_from_ymd(y, m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}

/* UTC seconds of a DTSTART or DTEND through the zone its TZID names. */
static int64_t utc_of(icalcomponent *root, icalproperty *p, bool end)
{
    icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    CHECK(tzid != NULL);
    CHECK_STR(tzid ? icalparameter_get_tzid(tzid) : NULL, "Asia/Taipei");
    icaltimezone *zone =
        tzid ? icalcomponent_get_timezone(root, icalparameter_get_tzid(tzid)) : NULL;
    CHECK(zone != NULL);
    struct icaltimetype t = end ? icalproperty_get_dtend(p) : icalproperty_get_dtstart(p);
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

static int64_t utc_at(int y, int m, int d, int hh, int mm)
{
    return (int64_t)fh_day_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

static void check_windows(const struct sched_office *office)
{
    struct sched_calendar *cal = sched_calendar_create();
    fh_minute start = 0, end = 0;
    fh_day monday = fh_day_from_ymd(2025, 3, 10);

    CHECK(cal_duty_window(office, cal, monday, SCHED_DUTY_NOON, &start, &end));
    CHECK_INT(start, at(2025, 3, 10, 12, 0));
    CHECK_INT(end, at(2025, 3, 10, 13, 30));
    CHECK(cal_duty_window(office, cal, monday, SCHED_DUTY_EVENING, &start, &end));
    CHECK_INT(start, at(2025, 3, 10, 17, 30));
    CHECK_INT(end, at(2025, 3, 10, 18, 30));
    CHECK(!cal_duty_window(office, cal, monday, SCHED_DUTY_SATURDAY, &start, &end));
    CHECK(!cal_duty_window(office, cal, monday, SCHED_DUTY_HOLIDAY, &start, &end));
    CHECK(!cal_duty_window(office, cal, monday, SCHED_DUTY_NONE, &start, &end));

    CHECK(cal_duty_window(office, cal, monday + 5, SCHED_DUTY_SATURDAY, &start, &end));
    CHECK_INT(start, at(2025, 3, 15, 8, 0));
    CHECK_INT(end, at(2025, 3, 15, 12, 0));
    CHECK(!cal_duty_window(office, cal, monday + 5, SCHED_DUTY_NOON, &start, &end));
    CHECK(cal_duty_window(office, cal, monday + 6, SCHED_DUTY_HOLIDAY, &start, &end));
    CHECK_INT(start, at(2025, 3, 16, 9, 0));
    CHECK_INT(end, at(2025, 3, 16, 12, 0));

    /* A national holiday on a Friday: holiday duty, no noon or evening. */
    fh_day national = fh_day_from_ymd(2025, 10, 10);
    sched_calendar_set(cal, national, SCHED_HOLIDAY, "國慶日");
    CHECK(cal_duty_window(office, cal, national, SCHED_DUTY_HOLIDAY, &start, &end));
    CHECK_INT(start, at(2025, 10, 10, 9, 0));
    CHECK(!cal_duty_window(office, cal, national, SCHED_DUTY_NOON, &start, &end));

    /* A typhoon day closes every window, and so every duty. */
    sched_calendar_close(cal, OFFICE_ID, monday, "颱風");
    CHECK(!cal_duty_window(office, cal, monday, SCHED_DUTY_NOON, &start, &end));
    sched_calendar_free(cal);
}

int main(void)
{
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    const struct sched_office *office = cfg->offices[0];
    check_windows(office);

    struct cal_duty_view duties[3] = {
        {fh_day_from_ymd(2025, 10, 7), SCHED_DUTY_NOON, at(2025, 10, 7, 12, 0),
         at(2025, 10, 7, 13, 30), 90},
        {fh_day_from_ymd(2025, 10, 10), SCHED_DUTY_HOLIDAY, at(2025, 10, 10, 9, 0),
         at(2025, 10, 10, 12, 0), 480},
        {fh_day_from_ymd(2025, 10, 15), SCHED_DUTY_EVENING, at(2025, 10, 15, 17, 30),
         at(2025, 10, 15, 18, 30), 0},
    };
    char *ics = cal_feed_duties(office, "S017", "林美華", duties, 3, 1759300000);
    CHECK(ics != NULL);
    if (ics == NULL)
        return check_result();
    char *again = cal_feed_duties(office, "S017", "林美華", duties, 3, 1759300000);
    CHECK_STR(again, ics);
    free(again);

    icalcomponent *root = icalparser_parse_string(ics);
    CHECK(root != NULL);
    CHECK_INT(icalcomponent_count_errors(root), 0);
    CHECK_INT(icalcomponent_get_method(root), ICAL_METHOD_PUBLISH);
    CHECK_INT(icalcomponent_count_components(root, ICAL_VTIMEZONE_COMPONENT), 1);
    CHECK_INT(icalcomponent_count_components(root, ICAL_VEVENT_COMPONENT), 3);
    const char *calname = NULL;
    for (icalproperty *p = icalcomponent_get_first_property(root, ICAL_X_PROPERTY); p != NULL;
         p = icalcomponent_get_next_property(root, ICAL_X_PROPERTY))
        if (strcmp(icalproperty_get_x_name(p), "X-WR-CALNAME") == 0)
            calname = icalproperty_get_x(p);
    CHECK(calname != NULL && strstr(calname, "林美華") && strstr(calname, "臺中市南區戶政事務所") &&
          strstr(calname, "duties at Taichung South"));

    static const char *const uids[] = {
        "duty-S017-20251007-noon@" OFFICE_ID ".flexhours",
        "duty-S017-20251010-holiday@" OFFICE_ID ".flexhours",
        "duty-S017-20251015-evening@" OFFICE_ID ".flexhours",
    };
    static const char *const summaries[] = {"中午彈性服務 Noon duty",
                                            "假日結婚登記值班 Holiday wedding duty",
                                            "夜間延長服務 Evening duty"};
    static const char *const comp[] = {"可得補休：1 小時 30 分", "可得補休：8 小時", "不計補休"};
    static const char *const comp_en[] = {"Compensatory time earned: 1 h 30 min",
                                          "Compensatory time earned: 8 h", "No compensatory time"};
    /* Taipei is UTC+8 all year. */
    const int64_t starts[] = {utc_at(2025, 10, 7, 4, 0), utc_at(2025, 10, 10, 1, 0),
                              utc_at(2025, 10, 15, 9, 30)};
    const int64_t ends[] = {utc_at(2025, 10, 7, 5, 30), utc_at(2025, 10, 10, 4, 0),
                            utc_at(2025, 10, 15, 10, 30)};
    int i = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
         ev != NULL && i < 3; ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        CHECK_STR(icalcomponent_get_uid(ev), uids[i]);
        CHECK_STR(icalcomponent_get_summary(ev), summaries[i]);
        CHECK_STR(icalcomponent_get_location(ev), "臺中市南區（示範地址）");
        CHECK_INT(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
        const char *description = icalcomponent_get_description(ev);
        CHECK(description != NULL && strstr(description, comp[i]) != NULL);
        CHECK(description != NULL && strstr(description, comp_en[i]) != NULL);
        CHECK(strstr(icalcomponent_get_summary(ev), "林美華") == NULL);
        CHECK(description != NULL && strstr(description, "林美華") == NULL);
        CHECK_INT(utc_of(root, icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY), false),
                  starts[i]);
        CHECK_INT(utc_of(root, icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY), true),
                  ends[i]);
        i++;
    }
    CHECK_INT(i, 3);
    const char *first = icalcomponent_get_description(
        icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT));
    CHECK(first != NULL && strstr(first, "中午彈性服務 2025-10-07（二）12:00–13:30\n") != NULL);
    CHECK(first != NULL && strstr(first, "Noon duty, Tue 2025-10-07 12:00-13:30\n") != NULL);
    icalcomponent_free(root);

    /* Next month's fetch lists the duties in another order and a new
     * stamp: each duty keeps its UID. */
    struct cal_duty_view swapped[2] = {duties[2], duties[0]};
    char *later = cal_feed_duties(office, "S017", NULL, swapped, 2, 1759400000);
    root = icalparser_parse_string(later);
    icalcomponent *ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    CHECK_STR(icalcomponent_get_uid(ev), uids[2]);
    ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT);
    CHECK_STR(icalcomponent_get_uid(ev), uids[0]);
    icalcomponent_free(root);
    free(later);

    /* Another person's same duty is another event. */
    char *other = cal_feed_duties(office, "S018", "陳志明", duties, 1, 1759300000);
    root = icalparser_parse_string(other);
    ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    CHECK_STR(icalcomponent_get_uid(ev), "duty-S018-20251007-noon@" OFFICE_ID ".flexhours");
    icalcomponent_free(root);
    free(other);

    /* No duties: still a calendar a client can subscribe to. */
    char *empty = cal_feed_duties(office, "S017", "林美華", NULL, 0, 1759300000);
    root = icalparser_parse_string(empty);
    CHECK(root != NULL);
    CHECK_INT(icalcomponent_count_components(root, ICAL_VEVENT_COMPONENT), 0);
    icalcomponent_free(root);
    free(empty);
    CHECK(cal_feed_duties(office, "", "林美華", duties, 3, 1759300000) == NULL);
    CHECK(cal_feed_duties(office, NULL, "林美華", duties, 3, 1759300000) == NULL);

    CHECK_STR(cal_duty_title(SCHED_DUTY_SATURDAY, "en"), "Saturday morning duty");
    CHECK_STR(cal_duty_title(SCHED_DUTY_SATURDAY, "zh-TW"), "週六上午服務");
    CHECK_STR(cal_duty_title(SCHED_DUTY_NONE, "zh-TW"), "");

    free(ics);
    cfg_free(cfg);
    return check_result();
}
