/* test_notify_text.c: the words of each kind of message in both languages:
 * the booking code, the time with its weekday, the office, the documents to
 * bring where they belong, the manage link, and no personal data but the
 * addressee's name. */
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
    s = notify_text_body(office, &b, STORE_MSG_CONFIRMED, "http://x/manage", NULL);
    HAS(s, "王小明 您好：");
    HAS(s, "預約代碼：K7QX3MZP");
    HAS(s, "應備證件（正本）：\r\n・結婚書約（二位成年證人簽名或蓋章）\r\n");
    HAS(s, "查詢、改期或取消：\r\nhttp://x/manage\r\n");
    LACKS(s, "+886912345678");
    LACKS(s, "ming@example.org");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_CANCELLED, "http://x/manage", NULL);
    HAS(s, "您的預約已取消");
    LACKS(s, "應備證件");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_CLOSED, NULL, "http://x/rebook");
    HAS(s, "停止上班");
    HAS(s, "http://x/rebook");
    free(s);
    s = notify_text_sms(office, &b, STORE_MSG_REMINDER);
    CHECK_STR(s, "【臺中市南區戶政事務所（示範）】結婚登記預約提醒 3/9（日）09:00 代碼K7QX3MZP");
    free(s);

    snprintf(b.lang, sizeof b.lang, "%s", "en");
    s = notify_text_subject(office, &b, STORE_MSG_PENDING);
    HAS(s, "Booking received, awaiting confirmation: Marriage registration, Sun 2025-03-09 "
           "09:00-10:00");
    free(s);
    s = notify_text_body(office, &b, STORE_MSG_REMINDER, NULL, NULL);
    HAS(s, "Dear 王小明,");
    HAS(s, "Documents to bring (originals):\r\n- Written marriage agreement");
    LACKS(s, "View, reschedule or cancel");
    free(s);
    s = notify_text_sms(office, &b, STORE_MSG_CONFIRMED);
    HAS(s, "Marriage registration confirmed Sun 3/9 09:00, code K7QX3MZP");
    free(s);
    cfg_free(cfg);
    return check_result();
}
