/* test_notify_mime.c: the MIME builder: RFC 2047 words of long Chinese
 * subjects (at most 75 characters, lines of at most 76, never a split UTF-8
 * character, decoding back to the input), the Date in +0800, the message
 * structure with and without an invite, refused inputs, and reasons with
 * addresses removed. */
#include "calendars/cal.h"
#include "config/cfg.h"
#include "notifier/notify_internal.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static int b64_value(char c)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(a, c) : NULL;
    return p ? (int)(p - a) : -1;
}

/* Decodes n base64 characters into out; returns the byte count or -1. */
static long b64_decode(const char *s, size_t n, char *out)
{
    long len = 0;
    if (n % 4 != 0)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++)
            v[k] = s[i + k] == '=' ? 0 : b64_value(s[i + k]);
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
            return -1;
        unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | v[3];
        out[len++] = (char)(w >> 16);
        if (s[i + 2] != '=')
            out[len++] = (char)(w >> 8);
        if (s[i + 3] != '=')
            out[len++] = (char)w;
    }
    return len;
}

/* Checks an encoded header value and returns the decoded text (malloc'd). */
static char *decode_words(const char *enc, size_t used)
{
    char *text = fh_calloc(strlen(enc) + 1, 1);
    size_t tlen = 0, col = used;
    for (const char *p = enc; *p != '\0';) {
        if (strncmp(p, "\r\n ", 3) == 0) {
            CHECK(col <= 76);
            col = 1;
            p += 3;
            continue;
        }
        CHECK(strncmp(p, "=?UTF-8?B?", 10) == 0);
        const char *end = strstr(p + 10, "?=");
        CHECK(end != NULL);
        if (end == NULL)
            break;
        size_t word = (size_t)(end + 2 - p);
        CHECK(word <= 75);
        col += word;
        char part[128];
        long n = b64_decode(p + 10, (size_t)(end - p - 10), part);
        CHECK(n > 0);
        /* each word alone is whole UTF-8 characters */
        CHECK(n > 0 && notify_utf8_valid(part, (size_t)n));
        if (n > 0) {
            memcpy(text + tlen, part, (size_t)n);
            tlen += (size_t)n;
        }
        p = end + 2;
    }
    CHECK(col <= 76);
    return text;
}

static void test_encode_header(void)
{
    char *e = notify_mime_encode_header("Your booking K7QX3MZP", 9);
    CHECK_STR(e, "Your booking K7QX3MZP");
    free(e);

    /* Long Chinese subjects, shifted by 0-3 ASCII bytes so every split
     * position inside a 3-byte character is tried; a 4-byte character too. */
    const char *base = "您的預約已確認：臺中市南區戶政事務所，結婚登記，2025年3月9日（星期日）"
                       "上午9時至10時，請攜帶身分證、戶口名簿及印章準時到場辦理。\xF0\x9F\x98\x80"
                       "謝謝";
    for (int shift = 0; shift < 4; shift++) {
        char subject[512];
        snprintf(subject, sizeof subject, "%.*s%s", shift, "ABC", base);
        for (size_t used = 6; used <= 30; used += 3) {
            e = notify_mime_encode_header(subject, used);
            CHECK(e != NULL);
            char *back = decode_words(e, used);
            CHECK_STR(back, subject);
            CHECK(strchr(e, '\n') != NULL); /* long enough to need several words */
            free(back);
            free(e);
        }
    }
    /* ASCII that looks like an encoded word is encoded itself. */
    e = notify_mime_encode_header("=?UTF-8?B?x?=", 9);
    char *back = decode_words(e, 9);
    CHECK_STR(back, "=?UTF-8?B?x?=");
    free(back);
    free(e);
    /* Invalid UTF-8 (a lone continuation byte, a truncated sequence). */
    CHECK(notify_mime_encode_header("abc\x80", 9) == NULL);
    CHECK(notify_mime_encode_header("\xE4\xBD", 9) == NULL);
}

static const char *header(const char *msg, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    for (const char *p = msg; p != NULL && *p != '\0' && strncmp(p, "\r\n", 2) != 0;) {
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *end = strstr(p, "\r\n");
            /* unfold continuation lines */
            while (end != NULL && (end[2] == ' ' || end[2] == '\t'))
                end = strstr(end + 2, "\r\n");
            snprintf(out, outlen, "%.*s", (int)(end - p - n - 2), p + n + 2);
            return out;
        }
        p = strstr(p, "\r\n");
        if (p != NULL)
            p += 2;
    }
    return NULL;
}

static void check_crlf(const char *msg)
{
    for (const char *p = msg; *p != '\0'; p++) {
        if (*p == '\n')
            CHECK(p > msg && p[-1] == '\r');
        if (*p == '\r')
            CHECK(p[1] == '\n');
        CHECK((unsigned char)*p < 0x80); /* 7-bit clean */
    }
    /* no line longer than 998 octets, and headers within 78 */
    size_t line = 0;
    for (const char *p = msg; *p != '\0'; p++) {
        line = *p == '\n' ? 0 : line + 1;
        CHECK(line <= 998);
    }
}

/* The boundary parameter of a Content-Type header value. */
static void boundary_of(const char *value, char *out, size_t outlen)
{
    const char *b = strstr(value, "boundary=\"");
    out[0] = '\0';
    if (b != NULL)
        snprintf(out, outlen, "%.*s", (int)strcspn(b + 10, "\""), b + 10);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_plain(void)
{
    /* 2025-03-10 06:30:00 UTC is 14:30 in Taipei, a Monday. */
    int64_t utc = (int64_t)fh_day_from_ymd(2025, 3, 10) * 86400 + 6 * 3600 + 30 * 60;
    struct notify_mail m = {
        .from_name = "臺中市南區戶政事務所",
        .from_addr = "taichung-south@flexhours.invalid",
        .to_name = "王小明",
        .to_addr = "ming@example.org",
        .subject = "預約提醒：明天 14:30 印鑑登記",
        .text = "王小明您好：\n您預約的印鑑登記在明天下午兩點半。\n.\n謝謝。",
        .date = utc,
        .utc_offset = 480,
        .message_id = "flexhours.reminder.42@flexhours.invalid",
    };
    char *msg, err[FH_ERR_LEN] = "", v[1024];
    CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_OK);
    if (msg == NULL)
        return;
    check_crlf(msg);
    CHECK_STR(header(msg, "Date", v, sizeof v), "Mon, 10 Mar 2025 14:30:00 +0800");
    CHECK_STR(header(msg, "Message-ID", v, sizeof v), "<flexhours.reminder.42@flexhours.invalid>");
    CHECK_STR(header(msg, "MIME-Version", v, sizeof v), "1.0");
    CHECK_STR(header(msg, "Content-Type", v, sizeof v), "text/plain; charset=UTF-8");
    CHECK_STR(header(msg, "Content-Transfer-Encoding", v, sizeof v), "base64");
    CHECK(header(msg, "From", v, sizeof v) && strstr(v, "<taichung-south@flexhours.invalid>"));
    CHECK(header(msg, "To", v, sizeof v) && strstr(v, "=?UTF-8?B?") && strstr(v, "<ming@"));
    CHECK(header(msg, "Subject", v, sizeof v) != NULL);
    CHECK(header(msg, "Reply-To", v, sizeof v) == NULL); /* From is where answers go */
    char *body = strstr(msg, "\r\n\r\n");
    CHECK(body != NULL);
    if (body != NULL) {
        char decoded[1024], packed[1024];
        size_t n = 0;
        for (const char *p = body + 4; *p; p++)
            if (*p != '\r' && *p != '\n')
                packed[n++] = *p;
        long len = b64_decode(packed, n, decoded);
        CHECK(len > 0);
        if (len > 0) {
            decoded[len] = '\0';
            CHECK_STR(decoded,
                      "王小明您好：\r\n您預約的印鑑登記在明天下午兩點半。\r\n.\r\n謝謝。\r\n");
        }
    }
    free(msg);

    /* ASCII text goes as 7bit; Date west of UTC; an ASCII display name with
     * a quote is a quoted-string. */
    m.text = "Hello.\nSee you.";
    m.subject = "Reminder";
    m.to_name = "Lin \"Amy\" Mei";
    m.utc_offset = -150;
    CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_OK);
    check_crlf(msg);
    CHECK_STR(header(msg, "Content-Transfer-Encoding", v, sizeof v), "7bit");
    CHECK_STR(header(msg, "Date", v, sizeof v), "Mon, 10 Mar 2025 04:00:00 -0230");
    CHECK_STR(header(msg, "To", v, sizeof v), "\"Lin \\\"Amy\\\" Mei\" <ming@example.org>");
    CHECK_STR(header(msg, "Subject", v, sizeof v), "Reminder");
    CHECK(strstr(msg, "\r\n\r\nHello.\r\nSee you.\r\n") != NULL);
    free(msg);

    /* Sent from a service address: answers go to the office's mailbox; the
     * same address twice is no Reply-To; a malformed one is refused. */
    m.from_addr = "noreply@city.example.gov.tw";
    m.reply_to_addr = "south@city.example.gov.tw";
    CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_OK);
    CHECK(header(msg, "Reply-To", v, sizeof v) && strstr(v, "<south@city.example.gov.tw>"));
    free(msg);
    m.reply_to_addr = m.from_addr;
    CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_OK);
    CHECK(header(msg, "Reply-To", v, sizeof v) == NULL);
    free(msg);
    m.reply_to_addr = "south@city.example.gov.tw\r\nBcc: x@example.org";
    CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_EINVAL);
    CHECK(msg == NULL);
}

static void test_invite(const struct sched_office *office)
{
    fh_minute start = (fh_minute)fh_day_from_ymd(2025, 3, 9) * FH_MINUTES_PER_DAY + 9 * 60;
    struct cal_booking_view b = {"K7QX3MZP",
                                 "zh-TW",
                                 CAL_CONFIRMED,
                                 0,
                                 start,
                                 start + 60,
                                 "王小明",
                                 "ming@example.org",
                                 sched_office_service_index(office, "marriage"),
                                 NULL,
                                 1740000000,
                                 NULL,
                                 false,
                                 FH_NO_DAY};
    for (int method = 0; method < 2; method++) {
        if (method == 1) {
            b.state = CAL_CANCELLED;
            b.sequence = 1;
        }
        char *ics = cal_invite(office, &b, method ? CAL_CANCEL : CAL_REQUEST, 19 * 60);
        struct notify_mail m = {
            .from_name = "臺中市南區戶政事務所",
            .from_addr = "taichung-south@flexhours.invalid",
            .to_addr = "ming@example.org",
            .subject = method ? "預約已取消" : "預約已確認",
            .text = "請見附件的行事曆邀請。",
            .ics = ics,
            .date = 1740000000,
            .utc_offset = 480,
            .message_id = "<flexhours.invite.7@flexhours.invalid>",
        };
        char *msg, err[FH_ERR_LEN] = "", v[1024], outer[64], inner[64];
        CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_OK);
        if (msg == NULL) {
            free(ics);
            continue;
        }
        check_crlf(msg);
        CHECK(header(msg, "Content-Type", v, sizeof v) && strncmp(v, "multipart/mixed;", 16) == 0);
        boundary_of(v, outer, sizeof outer);
        const char *alt = strstr(msg, "Content-Type: multipart/alternative;");
        CHECK(alt != NULL);
        boundary_of(alt ? alt : "", inner, sizeof inner);
        CHECK(outer[0] != '\0' && inner[0] != '\0' && strcmp(outer, inner) != 0);
        /* Each boundary appears only as delimiters: parameter, openings, close. */
        char delim[80];
        snprintf(delim, sizeof delim, "\r\n--%s\r\n", outer);
        CHECK_INT(count(msg, delim), 2);
        snprintf(delim, sizeof delim, "\r\n--%s--\r\n", outer);
        CHECK_INT(count(msg, delim), 1);
        CHECK_INT(count(msg, outer), 4);
        snprintf(delim, sizeof delim, "\r\n--%s\r\n", inner);
        CHECK_INT(count(msg, delim), 2);
        CHECK_INT(count(msg, inner), 4);
        CHECK(strstr(msg, method
                              ? "Content-Type: text/calendar; method=CANCEL; charset=UTF-8\r\n"
                              : "Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"));
        CHECK(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
        CHECK(strstr(msg, "Content-Type: application/ics; name=\"invite.ics\"\r\n"
                          "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n"));
        /* Order: text/plain, then the calendar, then the attachment. */
        const char *plain = strstr(msg, "text/plain"), *cal = strstr(msg, "text/calendar"),
                   *att = strstr(msg, "application/ics");
        CHECK(plain && cal && att && plain < cal && cal < att);
        free(msg);
        free(ics);
    }
}

static void test_refused(void)
{
    struct notify_mail good = {
        .from_addr = "office@example.org",
        .to_addr = "a@example.org",
        .subject = "x",
        .text = "y",
        .date = 0,
        .utc_offset = 480,
        .message_id = "id.1@example.org",
    };
    char *msg, err[FH_ERR_LEN];
    struct notify_mail m;
#define REFUSED(field, value)                                                                      \
    do {                                                                                           \
        m = good;                                                                                  \
        m.field = value;                                                                           \
        err[0] = '\0';                                                                             \
        CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_EINVAL);                        \
        CHECK(msg == NULL && err[0] != '\0');                                                      \
    } while (0)
    REFUSED(subject, "Hi\r\nBcc: victim@example.org");
    REFUSED(subject, "");
    REFUSED(to_name, "A\nB");
    REFUSED(to_addr, "a b@example.org");
    REFUSED(to_addr, "<a@example.org>");
    REFUSED(to_addr, "a@example.org\r\nBcc: x@y");
    REFUSED(to_addr, "noat.example.org");
    REFUSED(from_addr, "a@exa_mple.org");
    REFUSED(message_id, NULL);
    REFUSED(message_id, "no-at-sign");
    REFUSED(message_id, "<a@b> x");
    REFUSED(text, "bad \xC3\x28 utf8");
    REFUSED(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n");
    REFUSED(ics, "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n");
    m = good;
    CHECK_INT(notify_mime_build(&m, &msg, err, sizeof err), FH_OK);
    free(msg);
}

static void test_misc(void)
{
    char *id = notify_message_id("invite", 42, "office@tc.example.org");
    CHECK_STR(id, "<flexhours.invite.42@tc.example.org>");
    free(id);
    CHECK(notify_message_id("invite", 1, "nodomain") == NULL);
    CHECK(notify_mail_address_check("a.b+tag@example.org") == NULL);
    CHECK(notify_mail_address_check("a..b@example.org") != NULL);
    CHECK(notify_mail_address_check("王@example.org") != NULL);

    struct notify_outcome o;
    notify_outcome_set(&o, NOTIFY_FAILED, 550, "RCPT: 550 5.1.1 <bad@example.org>: no\r\nsuch");
    CHECK_STR(o.reason, "RCPT: 550 5.1.1 <address> no such");
    CHECK_INT(o.code, 550);
    CHECK_STR(notify_status_name(o.status), "failed");
    char longer[400];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    notify_outcome_set(&o, NOTIFY_RETRY, 0, "%s", longer);
    CHECK_INT(strlen(o.reason), NOTIFY_REASON_LEN - 1);
}

int main(void)
{
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    test_encode_header();
    test_plain();
    test_invite(cfg->offices[0]);
    test_refused();
    test_misc();
    cfg_free(cfg);
    return check_result();
}
