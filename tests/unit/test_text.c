/* test_text.c: the catalog of Traditional Chinese messages: in the order its
 * lookup needs, and holding every reason a validator, a date parser or
 * admission gives a person, so that an API client asking in zh-TW never
 * gets English back for them. */
#include "common/fh.h"
#include "scheduler/sched.h"
#include "tests/unit/check.h"
#include "validate/val.h"

/* A reason must have a translation that is not the English itself. */
static void translated(const char *why, const char *input)
{
    if (why == NULL)
        return;
    const char *zh = fh_zh(why);
    if (zh == why || strcmp(zh, why) == 0) {
        printf("no Chinese for \"%s\" (from input \"%s\")\n", why, input);
        check_failures++;
    }
}

static void test_validators(void)
{
    static const char *const ids[] = {"",           "A12345678",  "1123456789", "A323456789",
                                      "A123456788", "A12345678x", NULL};
    static const char *const phones[] = {"", "0212345678", "09123456789012345", "+8869123", "abc"};
    static const char *const emails[] = {"",
                                         "no-at",
                                         "a@b@c",
                                         "@example.com",
                                         ".a@example.com",
                                         "a(b)@example.com",
                                         "a@-x.com",
                                         "a@x_y.com",
                                         "a@localhost",
                                         "a@..com"};
    static const char *const names[] = {"", "   ", "a\x01", "\xff"};
    char id[VAL_NATIONAL_ID_LEN + 1], phone[VAL_PHONE_LEN + 1];
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        translated(val_national_id(ids[i], id), ids[i] ? ids[i] : "(null)");
    for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++)
        translated(val_phone(phones[i], phone), phones[i]);
    for (size_t i = 0; i < sizeof emails / sizeof emails[0]; i++)
        translated(val_email(emails[i]), emails[i]);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        translated(val_name(names[i]), names[i]);
    char longname[400];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    translated(val_name(longname), "400 letters");
    translated(val_lang("fr", NULL), "fr");
}

static void test_dates(void)
{
    static const char *const dates[] = {"2026-13-01", "2026-02-30", "26-1-1", "0000-01-01"};
    fh_day d;
    int64_t t;
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        translated(fh_parse_date(dates[i], &d), dates[i]);
    translated(fh_parse_rfc3339("2026-03-02T10:00:00", &t), "no offset");
    translated(fh_parse_rfc3339("yesterday", &t), "yesterday");
}

static void test_refusals(void)
{
    for (int r = SCHED_NOT_A_SLOT; r < SCHED_REFUSAL_COUNT; r++)
        translated(sched_refusal_message(r), sched_refusal_code(r));
    for (int s = SCHED_SURVEY_OK; s < SCHED_SURVEY_COUNT; s++)
        translated(sched_survey_message(s), sched_survey_code(s));
}

/* The one UTF-8 decoder, against the well-formed ranges of Unicode's
 * Table 3-7 and the maximal subparts its section 3.9 replaces by one U+FFFD
 * each (written out here, not derived from the decoder). */
static void test_utf8(void)
{
    static const struct {
        const char *bytes;
        size_t avail, len, bad;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 1, 0, 0x41},
        {"\xc2\x80", 2, 2, 0, 0x80},
        {"\xe4\xb8\xad", 3, 3, 0, 0x4e2d},       /* 中 */
        {"\xf0\x9f\x98\x80", 4, 4, 0, 0x1f600},  /* an emoji */
        {"\xf4\x8f\xbf\xbf", 4, 4, 0, 0x10ffff}, /* the last code point */
        {"\xc0\xaf", 2, 0, 1, 0},                /* overlong '/' */
        {"\xe0\x80\xaf", 3, 0, 1, 0},            /* overlong, E0 needs A0..BF */
        {"\xed\xa0\x80", 3, 0, 1, 0},            /* a surrogate */
        {"\xf4\x90\x80\x80", 4, 0, 1, 0},        /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 4, 0, 1, 0},        /* no such lead byte */
        {"\x80", 1, 0, 1, 0},                    /* a stray continuation */
        {"\xe4\xb8", 2, 0, 2, 0},                /* cut short by the length */
        {"\xe4\xb8"
         "A",
         3, 0, 2, 0},                 /* cut short by a letter */
        {"\xf0\x9f\x98", 3, 0, 3, 0}, /* three of four */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t bad = 0;
        size_t len = fh_utf8_char(cases[i].bytes, cases[i].avail, &cp, &bad);
        CHECK_INT(len, cases[i].len);
        if (len > 0)
            CHECK_INT(cp, cases[i].cp);
        else
            CHECK_INT(bad, cases[i].bad);
    }
    uint32_t cp;
    CHECK_INT(fh_utf8_char("", 0, &cp, NULL), 0);
}

int main(void)
{
    CHECK(fh_text_catalog_sorted());
    test_utf8();
    CHECK_STR(fh_zh("check digit does not match"), "檢查碼不符");
    CHECK_STR(fh_zh("a message nobody wrote"), "a message nobody wrote");
    test_validators();
    test_dates();
    test_refusals();
    return check_result();
}
