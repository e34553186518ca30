/* test_val.c: tables of good and bad inputs for the validators of
 * validate/val.h (national ID check digits, mobile numbers, e-mail,
 * names, UTF-8). */
#include "validate/val.h"
#include "check.h"

static void test_national_id(void)
{
    static const struct {
        const char *in, *out; /* out NULL: refused */
    } cases[] = {
        {"A123456789", "A123456789"}, {"a123456789", "A123456789"},
        {"F131104093", "F131104093"},                               /* F = 15 */
        {"Z200000004", "Z200000004"},                               /* Z = 33 */
        {"I101234567", "I101234567"},                               /* I = 34 */
        {"O100000001", NULL},         {"A800000014", "A800000014"}, /* 2021 resident certificate */
        {"A900000016", "A900000016"}, {"A123456788", NULL},         /* check digit */
        {"A323456789", NULL},                                       /* second digit 3 */
        {"AB23456789", NULL}, /* old resident format: letter second */
        {"A12345678", NULL},          {"A1234567890", NULL},
        {"1123456789", NULL},         {"", NULL},
        {"A12345678X", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[VAL_NATIONAL_ID_LEN + 1] = "";
        const char *why = val_national_id(cases[i].in, out);
        if (cases[i].out == NULL) {
            CHECK(why != NULL);
        } else {
            CHECK_STR(why, NULL);
            CHECK_STR(out, cases[i].out);
        }
    }
    char out[VAL_NATIONAL_ID_LEN + 1];
    CHECK(val_national_id(NULL, out) != NULL);
}

static void test_phone(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"0912345678", "+886912345678"},
        {"0912-345-678", "+886912345678"},
        {"0912 345 678", "+886912345678"},
        {"+886912345678", "+886912345678"},
        {"+886 912 345 678", "+886912345678"},
        {"0812345678", NULL}, /* not a mobile prefix */
        {"0223456789", NULL}, /* Taipei landline */
        {"+886223456789", NULL},
        {"091234567", NULL},    /* short */
        {"09123456789", NULL},  /* long */
        {"+81901234567", NULL}, /* Japan */
        {"886912345678", NULL}, /* country code without + */
        {"-0912345678", NULL},
        {"0912345678-", NULL},
        {"09one23456", NULL},
        {"", NULL},
        {"0 9 1 2 3 4 5 6 7 8", "+886912345678"}, /* 19 characters */
        {"09                    12345678", NULL}, /* pages of spaces */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[VAL_PHONE_LEN + 1] = "";
        const char *why = val_phone(cases[i].in, out);
        if (cases[i].out == NULL) {
            if (why == NULL)
                printf("accepted phone %s\n", cases[i].in);
            CHECK(why != NULL);
        } else {
            CHECK_STR(why, NULL);
            CHECK_STR(out, cases[i].out);
        }
    }
}

static void test_email(void)
{
    static const char *const good[] = {
        "a@example.com", "first.last+tag@mail.example.com.tw", "x_y-z@a-b.tw", "o'neil@example.org",
        "123@163.com",
    };
    static const char *const bad[] = {
        "",
        "plain",
        "@example.com",
        "a@",
        "a@localhost",
        "a@@example.com",
        "a@b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a..b@example.com",
        "a b@example.com",
        "a@-example.com",
        "a@example-.com",
        "a@example..com",
        "a@example.123",
        "a@exa_mple.com",
        "\"q\"@example.com",
        "王@example.com",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK_STR(val_email(good[i]), NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (val_email(bad[i]) == NULL)
            printf("accepted e-mail %s\n", bad[i]);
        CHECK(val_email(bad[i]) != NULL);
    }
    char long_local[80];
    memset(long_local, 'a', 65);
    memcpy(long_local + 65, "@example.com", 13);
    CHECK(val_email(long_local) != NULL);
}

static void test_name(void)
{
    char hundred[401] = "", hundred_one[405] = "";
    for (int i = 0; i < 100; i++)
        memcpy(hundred + 3 * i, "王", 3);
    memcpy(hundred_one, hundred, 300);
    memcpy(hundred_one + 300, "王", 4);
    CHECK_STR(val_name("王小明"), NULL);
    CHECK_STR(val_name("Chen Mei-Ling"), NULL);
    CHECK_STR(val_name(hundred), NULL);
    CHECK(val_name(hundred_one) != NULL);
    CHECK(val_name("") != NULL);
    CHECK(val_name(NULL) != NULL);
    CHECK(val_name("   ") != NULL);
    CHECK(val_name("\xe3\x80\x80") != NULL);             /* ideographic space only */
    CHECK(val_name("\xe2\x80\x8b\xe2\x80\x8b") != NULL); /* U+200B zero-width spaces only */
    CHECK(val_name("\xef\xbb\xbf") != NULL);             /* U+FEFF only */
    CHECK(val_name("a\tb") != NULL);
    CHECK(val_name("a\x7f") != NULL);
    CHECK(val_name("a\xc2\x85") != NULL);     /* C1 NEL */
    CHECK(val_name("a\xe2\x80\xa8") != NULL); /* U+2028 */
    CHECK(val_name("a\xe2\x80\xae"
                   "b") != NULL); /* U+202E right-to-left override */
    CHECK(val_name("a\xe2\x81\xa6"
                   "b") != NULL); /* U+2066 left-to-right isolate */
    CHECK_STR(val_name("\xd8\xb3\xd9\x84\xd9\x85\xd9\x89"), NULL); /* an Arabic name */
    CHECK_STR(val_name("a\xe2\x80\x8f"
                       "b"),
              NULL); /* U+200F right-to-left mark */
    CHECK(val_name("\xff") != NULL);
}

static void test_utf8(void)
{
    size_t chars = 0;
    CHECK_STR(val_utf8("a王\xf0\x9f\x98\x80", 8, &chars), NULL);
    CHECK_INT(chars, 3);
    CHECK(val_utf8("\xc0\xaf", 2, NULL) != NULL);         /* overlong / */
    CHECK(val_utf8("\xed\xa0\x80", 3, NULL) != NULL);     /* surrogate */
    CHECK(val_utf8("\xf4\x90\x80\x80", 4, NULL) != NULL); /* > U+10FFFF */
    CHECK(val_utf8("\xe7\x8e", 2, NULL) != NULL);         /* cut short */
    CHECK(val_utf8("\x80", 1, NULL) != NULL);
}

static void test_lang_and_key(void)
{
    const char *canonical = NULL;
    CHECK_STR(val_lang("zh-TW", &canonical), NULL);
    CHECK_STR(canonical, "zh-TW");
    CHECK_STR(val_lang("en", &canonical), NULL);
    CHECK_STR(canonical, "en");
    /* The spellings people and libraries use for Traditional Chinese. */
    canonical = NULL;
    CHECK_STR(val_lang("zh-tw", &canonical), NULL);
    CHECK_STR(canonical, "zh-TW");
    canonical = NULL;
    CHECK_STR(val_lang("zh", &canonical), NULL);
    CHECK_STR(canonical, "zh-TW");
    CHECK(val_lang("fr", NULL) != NULL);
    CHECK(val_lang("EN-us", NULL) != NULL);
    CHECK(val_lang("", NULL) != NULL);
    CHECK(val_lang(NULL, NULL) != NULL);
    CHECK_STR(val_idempotency_key("9b2f-4c1e"), NULL);
    CHECK(val_idempotency_key("") != NULL);
    CHECK(val_idempotency_key("a b") != NULL);
    char key[300];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    CHECK(val_idempotency_key(key) != NULL);
}

int main(void)
{
    test_national_id();
    test_phone();
    test_email();
    test_name();
    test_utf8();
    test_lang_and_key();
    return check_result();
}
