/* test_date.c: the calendar arithmetic and the date/time parsers, as a table
 * of known dates (weekdays checked against the DGPA calendar files). */
#include "common/fh.h"
#include "tests/unit/check.h"

static void test_known_days(void)
{
    static const struct {
        int y, m, d, weekday;
        fh_day day;
    } known[] = {
        {1970, 1, 1, 4, 0},       {1969, 12, 31, 3, -1},    {2000, 2, 29, 2, 11016},
        {2024, 2, 17, 6, 19770},  {2025, 1, 1, 3, 20089},   {2025, 2, 8, 6, 20127},
        {2025, 12, 25, 4, 20447}, {2026, 11, 22, 7, 20779}, {1900, 3, 1, 4, -25508},
        {2100, 2, 28, 7, 47540},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        fh_day d = fh_day_from_ymd(known[i].y, known[i].m, known[i].d);
        int y, m, dd;
        CHECK_INT(d, known[i].day);
        CHECK_INT(fh_weekday(d), known[i].weekday);
        fh_day_to_ymd(d, &y, &m, &dd);
        CHECK_INT(y, known[i].y);
        CHECK_INT(m, known[i].m);
        CHECK_INT(dd, known[i].d);
    }
    /* Every day of four centuries round-trips and weekdays advance by one. */
    fh_day start = fh_day_from_ymd(1900, 1, 1);
    int errors = 0;
    for (fh_day d = start; d < start + 146097; d++) {
        int y, m, dd;
        fh_day_to_ymd(d, &y, &m, &dd);
        if (fh_day_from_ymd(y, m, dd) != d || fh_weekday(d + 1) != fh_weekday(d) % 7 + 1)
            errors++;
    }
    CHECK_INT(errors, 0);
}

static void test_parsers(void)
{
    fh_day d;
    int minute, y, m;
    int64_t utc;
    fh_minute local;

    CHECK(fh_parse_date("2024-02-29", &d) == NULL);
    CHECK_INT(d, fh_day_from_ymd(2024, 2, 29));
    CHECK_STR(fh_parse_date("2025-02-29", &d), "no such day in that month");
    CHECK_STR(fh_parse_date("2025-13-01", &d), "month out of range");
    CHECK_STR(fh_parse_date("2025-1-01", &d), "not a date of the form YYYY-MM-DD");
    CHECK_STR(fh_parse_date("2025-01-011", &d), "not a date of the form YYYY-MM-DD");
    CHECK_STR(fh_parse_date("", &d), "not a date of the form YYYY-MM-DD");
    CHECK_STR(fh_parse_date("0001-01-01", &d), "year out of range");
    CHECK(fh_parse_month("2025-11", &y, &m) == NULL && y == 2025 && m == 11);
    CHECK(fh_parse_month("2025-00", &y, &m) != NULL);
    CHECK(fh_parse_hhmm("12:00", &minute) == NULL && minute == 720);
    CHECK(fh_parse_hhmm("24:00", &minute) == NULL && minute == 1440);
    CHECK(fh_parse_hhmm("24:01", &minute) != NULL);
    CHECK(fh_parse_hhmm("7:30", &minute) != NULL);
    CHECK(fh_parse_hhmm("12:60", &minute) != NULL);

    CHECK(fh_parse_rfc3339("1970-01-01T00:00:00Z", &utc) == NULL && utc == 0);
    CHECK(fh_parse_rfc3339("2025-03-10T14:30:00+08:00", &utc) == NULL);
    CHECK_INT(utc, (int64_t)fh_day_from_ymd(2025, 3, 10) * 86400 + 6 * 3600 + 30 * 60);
    CHECK(fh_parse_rfc3339("2025-03-10T06:30:00.250Z", &utc) == NULL);
    CHECK_INT(utc, (int64_t)fh_day_from_ymd(2025, 3, 10) * 86400 + 6 * 3600 + 30 * 60);
    CHECK(fh_parse_rfc3339("2025-03-10T14:30:00", &utc) != NULL); /* no offset */
    CHECK(fh_parse_rfc3339("2025-03-10 14:30:00+08:00", &utc) != NULL);
    CHECK(fh_parse_rfc3339("2025-03-10T14:30:00+8:00", &utc) != NULL);
    CHECK(fh_parse_rfc3339("2025-03-10T25:30:00+08:00", &utc) != NULL);
    CHECK(fh_parse_rfc3339("2025-03-10T14:30:00+08:00x", &utc) != NULL);

    /* A local date never passes through UTC: 00:30 in Taipei is the
     * previous day in UTC but stays on its own date locally. */
    CHECK(fh_parse_local("2025-03-10T00:30:00+08:00", 480, &local) == NULL);
    CHECK_INT(fh_day_of(local), fh_day_from_ymd(2025, 3, 10));
    CHECK_INT(fh_minute_of_day(local), 30);
    CHECK(fh_parse_local("2025-03-09T16:30:00Z", 480, &local) == NULL);
    CHECK_INT(fh_day_of(local), fh_day_from_ymd(2025, 3, 10));
    CHECK_INT(fh_utc_from_local(local, 480), utc - 14 * 3600);
}

static void test_formatters(void)
{
    char date[FH_DATE_LEN], time[FH_TIME_LEN], hhmm[6];
    fh_format_date(fh_day_from_ymd(2025, 2, 8), date);
    CHECK_STR(date, "2025-02-08");
    fh_format_hhmm(17 * 60 + 5, hhmm);
    CHECK_STR(hhmm, "17:05");
    fh_minute t = (fh_minute)fh_day_from_ymd(2025, 12, 31) * 1440 + 23 * 60 + 59;
    fh_format_local(t, 480, time);
    CHECK_STR(time, "2025-12-31T23:59:00+08:00");
    fh_format_local(t, -330, time);
    CHECK_STR(time, "2025-12-31T23:59:00-05:30");
    fh_format_local(-1, 0, time);
    CHECK_STR(time, "1969-12-31T23:59:00+00:00");
    CHECK_INT(fh_day_of(-1), -1);
    CHECK_INT(fh_minute_of_day(-1), 1439);
}

int main(void)
{
    test_known_days();
    test_parsers();
    test_formatters();
    return check_result();
}
