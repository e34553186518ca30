/* test_notify_sms.c: SMS segment arithmetic (GSM 160/153 with double-cost
 * extension characters, UCS-2 70/67 with characters beyond the BMP counting
 * twice), shortening to two segments without ever cutting a UTF-8
 * character, E.164 checks, and the inputs notify_sms_send refuses before
 * any network traffic. */
#include "notifier/notify_internal.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = fh_malloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

static int segs(const char *unit, size_t n, bool *ucs2)
{
    char *s = repeat(unit, n);
    int k = notify_sms_segments(s, ucs2);
    free(s);
    return k;
}

static void test_segments(void)
{
    bool ucs2;
    CHECK_INT(segs("a", 160, &ucs2), 1);
    CHECK(!ucs2);
    CHECK_INT(segs("a", 161, &ucs2), 2);
    CHECK_INT(segs("a", 306, &ucs2), 2);
    CHECK_INT(segs("a", 307, &ucs2), 3);
    CHECK_INT(segs("[", 80, &ucs2), 1); /* extension table: two septets each */
    CHECK_INT(segs("[", 81, &ucs2), 2);
    CHECK(!ucs2);
    CHECK_INT(segs("`", 1, &ucs2), 1); /* not in the GSM alphabet */
    CHECK(ucs2);
    CHECK_INT(segs("您", 70, &ucs2), 1);
    CHECK(ucs2);
    CHECK_INT(segs("您", 71, &ucs2), 2);
    CHECK_INT(segs("您", 134, &ucs2), 2);
    CHECK_INT(segs("您", 135, &ucs2), 3);
    CHECK_INT(segs("\xF0\x9F\x98\x80", 35, &ucs2), 1); /* two UTF-16 units each */
    CHECK_INT(segs("\xF0\x9F\x98\x80", 36, &ucs2), 2);
    CHECK_INT(notify_sms_segments("", &ucs2), 0);
    CHECK_INT(notify_sms_segments("bad \xC3", &ucs2), 0);
}

/* UTF-16 units or septets of a text, as the gateway will count them. */
static long units(const char *s)
{
    bool ucs2;
    notify_sms_segments(s, &ucs2);
    long n = 0;
    for (size_t i = 0; s[i] != '\0';) {
        uint32_t cp;
        size_t k = fh_utf8_char(s + i, strlen(s + i), &cp, NULL);
        if (k == 0)
            return -1;
        n += ucs2 ? (cp > 0xFFFF ? 2 : 1) : (strchr("[]{}\\^~|", (int)cp) && cp ? 2 : 1);
        i += k;
    }
    return n;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && memcmp(s + a - b, tail, b) == 0;
}

static void test_shorten(void)
{
    bool cut;
    char *s = notify_sms_shorten("您的預約已確認。", NULL, &cut);
    CHECK_STR(s, "您的預約已確認。");
    CHECK(!cut);
    free(s);

    char *zh = repeat("預約", 100);
    s = notify_sms_shorten(zh, NULL, &cut);
    CHECK(cut);
    CHECK(ends_with(s, "…"));
    CHECK_INT(units(s), 134);
    CHECK_INT(notify_sms_segments(s, NULL), 2);
    CHECK(strncmp(s, zh, strlen(s) - 3) == 0);
    free(s);
    free(zh);

    /* A link at the end is never cut: the text before it is. */
    const char *link =
        " https://booking.example.gov.tw/b/K7QX3MZP?k=0123456789abcdef0123456789abcdef";
    zh = repeat("預約", 100);
    s = notify_sms_shorten(zh, link, &cut);
    CHECK(cut);
    CHECK(ends_with(s, link));
    CHECK_INT(notify_sms_segments(s, NULL), 2);
    CHECK(strstr(s, "…") != NULL && strstr(s, "…") < strstr(s, link));
    free(s);
    s = notify_sms_shorten("您的預約已確認。", link, &cut);
    CHECK(!cut);
    CHECK(ends_with(s, link) && strncmp(s, "您的預約已確認。", strlen("您的預約已確認。")) == 0);
    free(s);
    free(zh);

    char *en = repeat("Your booking is confirmed. ", 20);
    s = notify_sms_shorten(en, NULL, &cut);
    CHECK(cut);
    CHECK(ends_with(s, "...") && !ends_with(s, " ..."));
    CHECK(units(s) <= 306);
    CHECK_INT(notify_sms_segments(s, NULL), 2);
    free(s);
    free(en);

    /* Every mix of 1-, 2-, 3- and 4-byte characters at every length: the
     * result is valid UTF-8, a prefix of the input (plus the ellipsis), and
     * fits two segments. */
    static const char *const pieces[] = {"a", "\xC3\xA9", "戶", "\xF0\x9F\x98\x80", "[", " "};
    for (size_t pattern = 0; pattern < 6; pattern++) {
        for (size_t n = 60; n <= 320; n += 7) {
            char text[2048] = "";
            size_t len = 0;
            for (size_t i = 0; i < n; i++) {
                const char *p = pieces[(i * (pattern + 1) + pattern) % 6];
                memcpy(text + len, p, strlen(p));
                len += strlen(p);
            }
            text[len] = '\0';
            s = notify_sms_shorten(text, NULL, &cut);
            CHECK(s != NULL);
            if (s == NULL)
                continue;
            CHECK(notify_utf8_valid(s, strlen(s)));
            int k = notify_sms_segments(s, NULL);
            CHECK(k >= 1 && k <= 2);
            if (cut) {
                const char *tail = ends_with(s, "…") ? "…" : "...";
                CHECK(ends_with(s, tail));
                CHECK(strncmp(s, text, strlen(s) - strlen(tail)) == 0);
            } else {
                CHECK_STR(s, text);
            }
            free(s);
        }
    }
    CHECK(notify_sms_shorten("x\xE6\x88", NULL, &cut) == NULL);
}

static void test_send_refuses(void)
{
    struct cfg_sms cfg = {
        CFG_SMS_KANNEL, "http://127.0.0.1:9/cgi-bin/sendsms", "u", "p", "Office", NULL};
    struct notify_outcome o;
    CHECK(notify_sms_number_check("+886912345678") == NULL);
    CHECK(notify_sms_number_check("0912345678") != NULL);
    CHECK(notify_sms_number_check("+88691234x678") != NULL);
    CHECK(notify_sms_number_check("+1234567") != NULL);

    CHECK_INT(notify_sms_send(&cfg, 1000, "0912345678", "hi", &o), FH_EINVAL);
    CHECK_INT(o.status, NOTIFY_FAILED);
    char *zh = repeat("預約", 70);
    CHECK_INT(notify_sms_send(&cfg, 1000, "+886912345678", zh, &o), FH_EINVAL);
    CHECK_INT(o.status, NOTIFY_FAILED);
    CHECK(strstr(o.reason, "two segments") != NULL);
    free(zh);
    CHECK_INT(notify_sms_send(&cfg, 1000, "+886912345678", "", &o), FH_EINVAL);
    cfg.from = NULL;
    CHECK_INT(notify_sms_send(&cfg, 1000, "+886912345678", "hi", &o), FH_EINVAL);
    CHECK(strstr(o.reason, "sender") != NULL);
    cfg.provider = CFG_SMS_NONE;
    CHECK_INT(notify_sms_send(&cfg, 1000, "+886912345678", "hi", &o), FH_EINVAL);
}

int main(void)
{
    test_segments();
    test_shorten();
    test_send_refuses();
    return check_result();
}
