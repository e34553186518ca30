/* test_cal_import.c: reading the real DGPA calendars of 2024 and 2025 (named
 * holidays, make-up working days, the revision of 2025), the same data
 * without a BOM and with LF endings, .ics holiday files, and a table of
 * malformed inputs that must each be refused with a message naming the line
 * or component. */
#include "calendars/cal.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_fixture(const char *name, size_t *len)
{
    const char *srcdir = getenv("FLEXHOURS_SRCDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/tw-gov-calendar/%s", srcdir ? srcdir : ".", name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("cannot open %s\n", path);
        exit(99);
    }
    char *buf = fh_malloc(CAL_IMPORT_MAX_BYTES);
    *len = fread(buf, 1, CAL_IMPORT_MAX_BYTES, f);
    fclose(f);
    return buf;
}

static const struct cal_day *find(const struct cal_import *imp, int y, int m, int d)
{
    fh_day day = fh_day_from_ymd(y, m, d);
    for (size_t i = 0; i < imp->count; i++)
        if (imp->days[i].day == day)
            return &imp->days[i];
    return NULL;
}

static int count_type(const struct cal_import *imp, enum sched_day_type type, bool weekdays)
{
    int n = 0;
    for (size_t i = 0; i < imp->count; i++)
        if (imp->days[i].type == type && (!weekdays || fh_weekday(imp->days[i].day) <= 5))
            n++;
    return n;
}

#define CHECK_DAY(imp, y, m, d, type_, name_)                                                      \
    do {                                                                                           \
        const struct cal_day *day_ = find(imp, y, m, d);                                           \
        CHECK(day_ != NULL);                                                                       \
        if (day_ != NULL) {                                                                        \
            CHECK_STR(sched_day_type_name(day_->type), type_);                                     \
            CHECK_STR(day_->name, name_);                                                          \
        }                                                                                          \
    } while (0)

static void test_real_2025(void)
{
    size_t len;
    char *data = read_fixture("2025.csv", &len);
    struct cal_import imp;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(cal_import_parse(data, len, &imp, err, sizeof err), FH_OK);
    CHECK_STR(err, "");
    CHECK_INT(imp.count, 365);
    CHECK_INT(imp.first_year, 2025);
    CHECK_INT(imp.last_year, 2025);
    CHECK_DAY(&imp, 2025, 2, 8, "makeup_workday", "補行上班");
    CHECK_DAY(&imp, 2025, 10, 10, "holiday", "國慶日");
    CHECK_DAY(&imp, 2025, 1, 27, "holiday", "小年夜");
    CHECK_DAY(&imp, 2025, 1, 28, "holiday", "農曆除夕");
    CHECK_DAY(&imp, 2025, 1, 25, "restday", NULL);
    CHECK_DAY(&imp, 2025, 5, 31, "restday", "端午節"); /* a Saturday off anyway */
    CHECK_DAY(&imp, 2025, 5, 30, "holiday", "補假");
    CHECK_DAY(&imp, 2025, 5, 1, "workday", NULL); /* Labour Day: offices work */
    CHECK_DAY(&imp, 2025, 12, 25, "holiday", "行憲紀念日");
    CHECK_INT(count_type(&imp, SCHED_HOLIDAY, true), 15);
    CHECK_INT(count_type(&imp, SCHED_MAKEUP_WORKDAY, false), 1);
    /* 118 days off and 247 working days, as DGPA counts them. */
    CHECK_INT(count_type(&imp, SCHED_HOLIDAY, false) + count_type(&imp, SCHED_RESTDAY, false), 118);

    /* The same file without its BOM and with LF line endings reads the same. */
    char *plain = fh_malloc(len);
    size_t plain_len = 0;
    for (size_t i = 3; i < len; i++)
        if (data[i] != '\r')
            plain[plain_len++] = data[i];
    struct cal_import again;
    CHECK_INT(cal_import_parse(plain, plain_len, &again, err, sizeof err), FH_OK);
    CHECK_INT(again.count, imp.count);
    bool same = again.count == imp.count;
    for (size_t i = 0; same && i < imp.count; i++)
        same = again.days[i].day == imp.days[i].day && again.days[i].type == imp.days[i].type &&
               (again.days[i].name == NULL) == (imp.days[i].name == NULL);
    CHECK(same);
    cal_import_free(&again);
    cal_import_free(&imp);
    free(plain);
    free(data);
}

static void test_real_2024_and_revision(void)
{
    size_t len;
    char err[FH_ERR_LEN] = "";
    struct cal_import imp;
    char *data = read_fixture("2024.csv", &len);
    CHECK_INT(cal_import_parse(data, len, &imp, err, sizeof err), FH_OK);
    CHECK_INT(imp.count, 366);
    CHECK_DAY(&imp, 2024, 2, 17, "makeup_workday", "補行上班");
    CHECK_DAY(&imp, 2024, 2, 8, "holiday", "小年夜");
    CHECK_DAY(&imp, 2024, 6, 10, "holiday", "端午節");
    CHECK_INT(count_type(&imp, SCHED_HOLIDAY, true), 12);
    cal_import_free(&imp);
    free(data);

    /* The first 2025 release still had 09-29, 10-24 and 12-25 as working days. */
    data = read_fixture("2025-v1-initial.csv", &len);
    CHECK_INT(cal_import_parse(data, len, &imp, err, sizeof err), FH_OK);
    CHECK_DAY(&imp, 2025, 9, 29, "workday", NULL);
    CHECK_DAY(&imp, 2025, 12, 25, "workday", NULL);
    cal_import_free(&imp);
    free(data);
}

static const char ICS_HEAD[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n";

static void test_ics(void)
{
    char err[FH_ERR_LEN] = "";
    struct cal_import imp;
    char *ics = fh_asprintf("%s"
                            "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20250101T000000Z\r\n"
                            "DTSTART;VALUE=DATE:20251010\r\nSUMMARY:國慶日\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nUID:b@test\r\nDTSTAMP:20250101T000000Z\r\n"
                            "DTSTART;VALUE=DATE:20250127\r\nDTEND;VALUE=DATE:20250201\r\n"
                            "SUMMARY:春節\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nUID:c@test\r\nDTSTAMP:20250101T000000Z\r\n"
                            "DTSTART;VALUE=DATE:20250208\r\nSUMMARY:補行上班\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nUID:d@test\r\nDTSTAMP:20250101T000000Z\r\n"
                            "DTSTART;VALUE=DATE:20250215\r\nSUMMARY:Extra working Saturday\r\n"
                            "X-FLEXHOURS-DAY-TYPE:makeup_workday\r\nEND:VEVENT\r\n"
                            "END:VCALENDAR\r\n",
                            ICS_HEAD);
    CHECK_INT(cal_import_parse(ics, strlen(ics), &imp, err, sizeof err), FH_OK);
    CHECK_STR(err, "");
    CHECK_INT(imp.count, 1 + 5 + 1 + 1);
    CHECK_DAY(&imp, 2025, 10, 10, "holiday", "國慶日");
    CHECK_DAY(&imp, 2025, 1, 27, "holiday", "春節");
    CHECK_DAY(&imp, 2025, 1, 31, "holiday", "春節");
    CHECK(find(&imp, 2025, 2, 1) == NULL); /* DTEND is exclusive */
    CHECK_DAY(&imp, 2025, 2, 8, "makeup_workday", "補行上班");
    CHECK_DAY(&imp, 2025, 2, 15, "makeup_workday", "Extra working Saturday");
    CHECK_INT(imp.first_year, 2025);
    cal_import_free(&imp);
    free(ics);
}

static void test_malformed(void)
{
    static const struct {
        const char *input, *error;
    } cases[] = {
        {"", "line 1: expected the header"},
        {"date,weekday,off,note\n20250101,三,2,開國紀念日\n", "line 1: expected the header"},
        {"西元日期,星期,是否放假,備註\n20250101,三,2\n", "line 2: expected 4 fields"},
        {"西元日期,星期,是否放假,備註\n20250101,三,2,a,b\n", "line 2: expected 4 fields"},
        {"西元日期,星期,是否放假,備註\n2025011,三,2,\n",
         "line 2: 西元日期 '2025011' is not YYYYMMDD"},
        {"西元日期,星期,是否放假,備註\n20250230,日,2,\n",
         "line 2: 西元日期 20250230 is not a real date"},
        {"西元日期,星期,是否放假,備註\n20251301,一,0,\n", "is not a real date"},
        {"西元日期,星期,是否放假,備註\n20250101,四,2,\n",
         "line 2: 星期 '四' does not match 20250101"},
        {"西元日期,星期,是否放假,備註\n20250101,三,1,\n", "line 2: 是否放假 '1' is neither 0"},
        {"西元日期,星期,是否放假,備註\n20250101,三,,\n", "line 2: 是否放假 '' is neither 0"},
        {"西元日期,星期,是否放假,備註\n20250101,三,2,\"open\n", "line 2: expected 4 fields"},
        {"西元日期,星期,是否放假,備註\n20250101,三,2,\xff\xfe\n", "line 2: not UTF-8"},
        {"西元日期,星期,是否放假,備註\n", "the file lists no day"},
        {"西元日期,星期,是否放假,備註\n20250101,三,2,\n20250101,三,2,\n", "listed twice"},
        {"西元日期,星期,是否放假,備註\n20250101,三,2,\n", "2025: 1 of its 365 days are listed"},
        {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no all-day VEVENT"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\nEND:VEVENT\r\n"
         "END:VCALENDAR\r\n",
         "VEVENT 1 (UID x): no DTSTART"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:y\r\nDTSTART:20251010T090000\r\n"
         "END:VEVENT\r\nEND:VCALENDAR\r\n",
         "VEVENT 1 (UID y): DTSTART is not an all-day DATE"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251010\r\n"
         "DTEND;VALUE=DATE:20251010\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "VEVENT 1: DTEND must be 1 to 31 days after DTSTART"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251010\r\n"
         "X-FLEXHOURS-DAY-TYPE:party\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "VEVENT 1: X-FLEXHOURS-DAY-TYPE 'party' is not a day type"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251010\r\nEND:VEVENT\r\n"
         "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251009\r\nDTEND;VALUE=DATE:20251012\r\n"
         "END:VEVENT\r\nEND:VCALENDAR\r\n",
         "2025-10-10 is covered by two events"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251310\r\nEND:VEVENT\r\n"
         "END:VCALENDAR\r\n",
         "VEVENT 1: DTSTART is not an all-day DATE"},
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:abc\r\nEND:VEVENT\r\n"
         "END:VCALENDAR\r\n",
         "VEVENT 1: Can't parse as DATE value in DTSTART"},
        {"BEGIN:VCALENDAR\r\nTHIS IS NOT ICALENDAR\r\n", "VCALENDAR"},
        /* Read as one day, a weekly rule would silently lose the others. */
        {"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:w\r\nDTSTART;VALUE=DATE:20251010\r\n"
         "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "VEVENT 1 (UID w): recurring events (RRULE, RDATE) are not read"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[FH_ERR_LEN] = "";
        struct cal_import imp;
        fh_result r =
            cal_import_parse(cases[i].input, strlen(cases[i].input), &imp, err, sizeof err);
        if (r != FH_EINVAL || strstr(err, cases[i].error) == NULL || imp.count != 0) {
            printf("malformed case %zu: result %d, error \"%s\", expected \"%s\"\n", i, r, err,
                   cases[i].error);
            check_failures++;
        }
    }
    /* A NUL byte is refused before any parsing. */
    char err[FH_ERR_LEN] = "";
    struct cal_import imp;
    CHECK_INT(cal_import_parse("西元日期\0", 13, &imp, err, sizeof err), FH_EINVAL);
    CHECK(strstr(err, "NUL") != NULL);
}

int main(void)
{
    test_real_2025();
    test_real_2024_and_revision();
    test_ics();
    test_malformed();
    return check_result();
}
