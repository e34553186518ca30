/* test_notify_text.c: the words of each kind of message in both languages:
 * the booking code, the time with its weekday, the office, the documents to
 * bring where they belong, the manage link, and no personal data but the
 * addressee's name. Then what a staff member checks in their duty e-mail
 * (dates with weekdays, duty names as the feed has them, hours, the feed
 * link) and the office's note of a holiday wedding nobody is on duty for.
 * After the visit: the needs and the resident's claim on the messages about
 * a visit to come, and the survey's message. */
#include "calendars/cal.h"
#include "config/cfg.h"
#include "notifier/notify.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

#define HAS(text, needle)                                                                          \
    do {                                                                                           \
        if (strstr(text, needle) == NULL) {                                                        \
            printf("%s:%d: \"%s\" lacks \"%s\"\n", __FILE__, __LINE__, text, needle);              \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)
#define LACKS(text, needle) CHECK(strstr(text, needle) == NULL)

static fh_minute at(int y, int m, int d, int hh, int mm)
{
    return (fh_minute)fh_day_from_ymd(y, m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

static void check_duties(const struct sched_office *office, struct store_booking *b)
{
    const struct notify_duty_line duties[] = {
        {fh_day_from_ymd(2025, 10, 7), SCHED_DUTY_NOON, at(2025, 10, 7, 12, 0),
         at(2025, 10, 7, 13, 30)},
        {fh_day_from_ymd(2025, 10, 10), SCHED_DUTY_HOLIDAY, at(2025, 10, 10, 9, 0),
         at(2025, 10, 10, 12, 0)},
        {fh_day_from_ymd(2025, 10, 18), SCHED_DUTY_SATURDAY, at(2025, 10, 18, 8, 0),
         at(2025, 10, 18, 12, 0)},
        {fh_day_from_ymd(2025, 10, 22), SCHED_DUTY_EVENING, at(2025, 10, 22, 17, 30),
         at(2025, 10, 22, 18, 30)},
    };
    const char *feed = "https://flexhours.example/staff/S017/duties.ics?token=0a1b2c";

    char *s = notify_text_roster_subject(office, "zh-TW", 2025, 10, false);
    CHECK_STR(s, "2025年10月值班表｜臺中市南區戶政事務所（示範）");
    free(s);
    s = notify_text_roster_subject(office, NULL, 2025, 10, true);
    CHECK_STR(s, "值班異動：2025年10月值班表｜臺中市南區戶政事務所（示範）");
    free(s);
    s = notify_text_roster_subject(office, "en", 2025, 10, false);
    CHECK_STR(s, "Your duties for October 2025 | Taichung South District Household Registration "
                 "Office (demo)");
    free(s);
    s = notify_text_roster_subject(office, "en", 2025, 10, true);
    HAS(s, "Duties changed: October 2025");
    free(s);

    s = notify_text_roster_body(office, "zh-TW", "林美華", 2025, 10, false, duties, 4, feed);
    HAS(s, "林美華 您好：\r\n");
    HAS(s, "2025年10月的值班如下");
    /* Each duty a line, in order, with its weekday, hours and the feed's name. */
    HAS(s, "・2025-10-07（二）12:00–13:30 中午彈性服務\r\n"
           "・2025-10-10（五）09:00–12:00 假日結婚登記值班\r\n"
           "・2025-10-18（六）08:00–12:00 週六上午服務\r\n"
           "・2025-10-22（三）17:30–18:30 夜間延長服務\r\n");
    HAS(s, cal_duty_title(SCHED_DUTY_NOON, "zh-TW"));
    HAS(s, "訂閱值班行事曆");
    /* The link is the last line, whole. */
    CHECK(ends_with(s, "\r\n訂閱值班行事曆，異動會自動更新：\r\n"
                       "https://flexhours.example/staff/S017/duties.ics?token=0a1b2c\r\n"));
    LACKS(s, "已有異動");
    free(s);

    s = notify_text_roster_body(office, "zh-TW", "林美華", 2025, 10, true, duties + 1, 2, NULL);
    HAS(s, "已有異動");
    HAS(s, "以下是異動後的全部值班");
    HAS(s, "・2025-10-10（五）09:00–12:00 假日結婚登記值班\r\n"
           "・2025-10-18（六）08:00–12:00 週六上午服務\r\n");
    LACKS(s, "2025-10-07");
    LACKS(s, "訂閱");
    LACKS(s, "http");
    free(s);

    s = notify_text_roster_body(office, "zh-TW", NULL, 2025, 11, true, NULL, 0, NULL);
    HAS(s, "您好：\r\n");
    HAS(s, "・本月沒有值班\r\n");
    free(s);

    s = notify_text_roster_body(office, "en", "Lin Mei-hua", 2025, 10, false, duties, 4, feed);
    HAS(s, "Dear Lin Mei-hua,\r\n");
    HAS(s, "These are your duties for October 2025:");
    HAS(s, "- Tue 2025-10-07 12:00-13:30 Noon duty\r\n"
           "- Fri 2025-10-10 09:00-12:00 Holiday wedding duty\r\n"
           "- Sat 2025-10-18 08:00-12:00 Saturday morning duty\r\n"
           "- Wed 2025-10-22 17:30-18:30 Evening duty\r\n");
    HAS(s, "Subscribe to your duty calendar");
    CHECK(ends_with(s, "Subscribe to your duty calendar; it follows every change:\r\n"
                       "https://flexhours.example/staff/S017/duties.ics?token=0a1b2c\r\n"));
    LACKS(s, "中午");
    free(s);
    s = notify_text_roster_body(office, "en", "Lin Mei-hua", 2025, 10, true, duties, 1, NULL);
    HAS(s, "Your duties for October 2025 have changed. These are all your duties now");
    LACKS(s, "Subscribe");
    free(s);

    /* The office hears of the wedding by code, service and time, and of no
     * citizen's name, phone, e-mail or ID. */
    snprintf(b->national_id_masked, sizeof b->national_id_masked, "%s", "A******789");
    b->start = at(2025, 10, 11, 10, 0);
    b->end = b->start + 60;
    s = notify_text_duty_needed_subject(office, b);
    CHECK_STR(s, "假日結婚登記值班待指派：2025-10-11（六）10:00–11:00 預約 K7QX3MZP｜"
                 "臺中市南區戶政事務所（示範）");
    free(s);
    s = notify_text_duty_needed_body(
        office, b,
        "https://flexhours.example/api/v1/offices/taichung-south/bookings?date=2025-10-11");
    HAS(s, "沒有人排假日結婚登記值班");
    HAS(s, "確認此預約時，系統會依排班規則指派一位同仁值班");
    HAS(s, "Confirming it puts someone on duty");
    HAS(s, "預約代碼：K7QX3MZP\r\n服務項目：結婚登記\r\n時間：2025-10-11（六）10:00–11:00\r\n");
    HAS(s, "當天預約：\r\nhttps://flexhours.example/api/v1/offices/taichung-south/"
           "bookings?date=2025-10-11\r\n");
    HAS(s, "nobody is on holiday wedding duty that day");
    HAS(s, "Booking code: K7QX3MZP\r\nService: Marriage registration\r\n"
           "When: Sat 2025-10-11 10:00-11:00\r\n");
    LACKS(s, "王小明");
    LACKS(s, "+886912345678");
    LACKS(s, "ming@example.org");
    LACKS(s, "A******789");
    free(s);
    s = notify_text_duty_needed_body(office, b, NULL);
    LACKS(s, "當天預約：");
    LACKS(s, "http");
    free(s);
}

int main(void)
{
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    const struct sched_office *office = cfg->offices[0];
    struct store_booking b;
    memset(&b, 0, sizeof b);
    snprintf(b.code, sizeof b.code, "%s", "K7QX3MZP");
    snprintf(b.office, sizeof b.office, "%s", "taichung-south");
    snprintf(b.service, sizeof b.service, "%s", "marriage");
    snprintf(b.name, sizeof b.name, "%s", "王小明");
    snprintf(b.phone, sizeof b.phone, "%s", "+886912345678");
    snprintf(b.email, sizeof b.email, "%s", "ming@example.org");
    snprintf(b.lang, sizeof b.lang, "%s", "zh-TW");
    b.start = (fh_minute)fh_day_from_ymd(2025, 3, 9) * FH_MINUTES_PER_DAY + 9 * 60;
    b.end = b.start + 60;

    char *s = notify_text_subject(office, &b, STORE_MSG_CONFIRMED);
    CHECK_STR(s, "預約確認：結婚登記 2025-03-09（日）09:00–10:00｜臺中市南區戶政事務所（示範）");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_CONFIRMED, "http://x/manage", NULL, NULL);
    HAS(s, "王小明 您好：");
    HAS(s, "預約代碼：K7QX3MZP");
    HAS(s, "應備證件（正本）：\r\n・結婚書約（二位成年證人簽名或蓋章）\r\n");
    HAS(s, "查詢、改期或取消：\r\nhttp://x/manage\r\n");
    LACKS(s, "指定日期");
    LACKS(s, "+886912345678");
    LACKS(s, "ming@example.org");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_CANCELLED, "http://x/manage", NULL, NULL);
    HAS(s, "您的預約已取消");
    LACKS(s, "應備證件");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_CLOSED, NULL, "http://x/rebook", NULL);
    HAS(s, "停止上班");
    HAS(s, "http://x/rebook");
    LACKS(s, "原因");
    free(s);
    /* The manager's reason for closing reaches the citizen. */
    s = notify_text_body(office, &b, STORE_MSG_CLOSED, NULL, "http://x/rebook", "颱風停班");
    HAS(s, "原因：颱風停班");
    free(s);
    s = notify_text_sms(office, &b, STORE_MSG_REMINDER);
    CHECK_STR(s, "【臺中市南區戶政事務所（示範）】結婚登記預約提醒 3/9（日）09:00 代碼K7QX3MZP");
    free(s);

    snprintf(b.lang, sizeof b.lang, "%s", "en");
    s = notify_text_subject(office, &b, STORE_MSG_PENDING);
    HAS(s, "Booking received, awaiting confirmation: Marriage registration, Sun 2025-03-09 "
           "09:00-10:00");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_REMINDER, NULL, NULL, NULL);
    HAS(s, "Dear 王小明,");
    HAS(s, "Documents to bring (originals):\r\n- Written marriage agreement");
    LACKS(s, "View, reschedule or cancel");
    LACKS(s, "prepare"); /* no needs, nothing to prepare */
    LACKS(s, "household address");
    LACKS(s, "designated date");
    free(s);
    /* Filed on a working day ahead of the Sunday it takes effect: the
     * messages say so beside the documents, in either language. */
    b.effective_day = fh_day_from_ymd(2025, 3, 16);
    s = notify_text_body(office, &b, STORE_MSG_CONFIRMED, NULL, NULL, NULL);
    HAS(s, "Marriage registration effective 2025-03-16 (designated date)\r\n");
    free(s);
    snprintf(b.lang, sizeof b.lang, "%s", "zh-TW");
    s = notify_text_body(office, &b, STORE_MSG_CONFIRMED, NULL, NULL, NULL);
    HAS(s, "結婚登記生效日：2025-03-16（指定日期）\r\n");
    free(s);
    snprintf(b.lang, sizeof b.lang, "%s", "en");
    b.effective_day = FH_NO_DAY;
    s = notify_text_sms(office, &b, STORE_MSG_CONFIRMED);
    HAS(s, "Marriage registration confirmed Sun 3/9 09:00, code K7QX3MZP");
    free(s);

    /* After the visit: the needs and the resident's claim on a message about
     * the visit to come, the survey's link on its own message. */
    b.needs = (struct sched_needs){true, true, SCHED_INTERPRETER_TSL};
    b.resident = true;
    s = notify_text_body(office, &b, STORE_MSG_CONFIRMED, "http://x/manage", NULL, NULL);
    HAS(s, "We will prepare: wheelchair access, the priority counter, an interpreter (Taiwanese "
           "Sign Language)");
    HAS(s, "the counter checks your household address");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_SURVEY, "http://x/b/K7QX3MZP/survey?k=1", NULL,
                         NULL);
    HAS(s, "Thank you for your visit");
    HAS(s, "http://x/b/K7QX3MZP/survey?k=1\r\n");
    LACKS(s, "View, reschedule or cancel");
    LACKS(s, "prepare");
    LACKS(s, "Please arrive on time");
    free(s);
    s = notify_text_subject(office, &b, STORE_MSG_SURVEY);
    HAS(s, "Thank you for your visit: a short survey");
    free(s);
    snprintf(b.lang, sizeof b.lang, "%s", "zh-TW");
    b.needs = (struct sched_needs){false, false, SCHED_INTERPRETER_VIET};
    s = notify_text_body(office, &b, STORE_MSG_REMINDER, NULL, NULL, NULL);
    HAS(s, "我們會預先準備：越南語通譯\r\n");
    HAS(s, "臨櫃時會核對戶籍地址");
    free(s);
    s = notify_text_sms(office, &b, STORE_MSG_SURVEY);
    CHECK_STR(s, "【臺中市南區戶政事務所（示範）】感謝您3/9來辦理結婚登記，請填1分鐘滿意度問卷：");
    free(s);
    check_duties(office, &b);
    cfg_free(cfg);
    return check_result();
}
