/* test_val.c: tables of good and bad inputs for the validators of
 * validate/val.h (national ID check digits, mobile numbers, e-mail,
 * names, UTF-8). */
#include "validate/val.h"
#include "check.h"

#include <stdbool.h>

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
        {"A323456789", NULL}, /* second digit 3 (and a wrong check digit: see below) */
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

    /* IDs whose check digit is right but whose second character was never
     * issued (only 1, 2 and, since 2021, 8 and 9 are): refused for that
     * reason, not for the check digit. Check digits computed by hand from
     * A = 10: 1 + 8*d1 + 7*d2 + ... + 1*d8 + d9 = 0 mod 10. */
    static const char *const never_issued[] = {"A023456787", "A323456783", "A423456785",
                                               "A523456787", "A623456789", "A723456781"};
    for (size_t i = 0; i < sizeof never_issued / sizeof never_issued[0]; i++)
        CHECK_STR(val_national_id(never_issued[i], out), "second character must be 1, 2, 8 or 9");
}

/* The letter of a national ID names where it was first issued and stands
 * for a two-digit number in the check digit. The assignment below is the
 * official one of the Ministry of the Interior (內政部戶政司), written out
 * here from it, not from validate/val.c: A-H, J-N, P-V in order from 10,
 * then X 30, Y 31, W 32, Z 33, I 34, O 35 (the letters added later). Each ID
 * below was made from that assignment (letter number d1 d0: d1 + 9*d0, then
 * the digits weighted 8..1, the check digit bringing the sum to a multiple
 * of 10), in the real format: the letter, 1 (men) or 2 (women), 8 digits. */
static const struct {
    char letter;
    int number;
    const char *region, *id;
} id_letters[] = {
    {'A', 10, "臺北市", "A248526051"}, {'B', 11, "臺中市", "B247938094"},
    {'C', 12, "基隆市", "C175253096"}, {'D', 13, "臺南市", "D118561007"},
    {'E', 14, "高雄市", "E116716283"}, {'F', 15, "新北市", "F298208281"},
    {'G', 16, "宜蘭縣", "G169697791"}, {'H', 17, "桃園市", "H280134550"},
    {'I', 34, "嘉義市", "I241435559"}, {'J', 18, "新竹縣", "J106608036"},
    {'K', 19, "苗栗縣", "K206391833"}, {'L', 20, "臺中縣", "L114064754"},
    {'M', 21, "南投縣", "M187535476"}, {'N', 22, "彰化縣", "N273278523"},
    {'O', 35, "新竹市", "O139045231"}, {'P', 23, "雲林縣", "P180391585"},
    {'Q', 24, "嘉義縣", "Q105413887"}, {'R', 25, "臺南縣", "R275472746"},
    {'S', 26, "高雄縣", "S145873485"}, {'T', 27, "屏東縣", "T200028463"},
    {'U', 28, "花蓮縣", "U133670896"}, {'V', 29, "臺東縣", "V206691631"},
    {'W', 32, "金門縣", "W256920205"}, {'X', 30, "澎湖縣", "X116836159"},
    {'Y', 31, "陽明山", "Y144879914"}, {'Z', 33, "連江縣", "Z189693169"},
};

/* The check digit of letter + 8 digits, from the assignment above. */
static char check_digit(int number, const char *digits8)
{
    int sum = number / 10 + (number % 10) * 9;
    for (int i = 0; i < 8; i++)
        sum += (digits8[i] - '0') * (8 - i);
    return (char)('0' + (10 - sum % 10) % 10);
}

/* Every letter of the assignment: its real-format ID is accepted (also in
 * lower case), the same ID with any other last digit is refused, and so is
 * its body under every letter whose number gives another check digit (a
 * table with two letters exchanged refuses the people of both). */
static void test_national_id_letters(void)
{
    CHECK_INT(sizeof id_letters / sizeof id_letters[0], 26);
    for (size_t i = 0; i < sizeof id_letters / sizeof id_letters[0]; i++) {
        const char *id = id_letters[i].id;
        char out[VAL_NATIONAL_ID_LEN + 1] = "";
        CHECK(id[0] == id_letters[i].letter && (id[1] == '1' || id[1] == '2'));
        CHECK(check_digit(id_letters[i].number, id + 1) == id[9]);
        if (val_national_id(id, out) != NULL || strcmp(out, id) != 0)
            printf("%s (%c = %d, %s): refused: %s\n", id, id_letters[i].letter,
                   id_letters[i].number, id_letters[i].region, val_national_id(id, out));
        CHECK_STR(val_national_id(id, out), NULL);
        CHECK_STR(out, id);
        char lower[VAL_NATIONAL_ID_LEN + 1];
        memcpy(lower, id, sizeof lower);
        lower[0] = (char)(lower[0] - 'A' + 'a');
        CHECK_STR(val_national_id(lower, out), NULL);
        CHECK_STR(out, id);
        for (char d = '0'; d <= '9'; d++) {
            char other[VAL_NATIONAL_ID_LEN + 1];
            memcpy(other, id, sizeof other);
            other[9] = d;
            if (d != id[9])
                CHECK(val_national_id(other, out) != NULL);
        }
        for (size_t j = 0; j < sizeof id_letters / sizeof id_letters[0]; j++) {
            char other[VAL_NATIONAL_ID_LEN + 1];
            memcpy(other, id, sizeof other);
            other[0] = id_letters[j].letter;
            bool valid = check_digit(id_letters[j].number, id + 1) == id[9];
            const char *why = val_national_id(other, out);
            if ((why == NULL) != valid)
                printf("%s: %s, expected %s (%c = %d)\n", other, why ? why : "accepted",
                       valid ? "accepted" : "refused", id_letters[j].letter, id_letters[j].number);
            CHECK((why == NULL) == valid);
        }
        /* The resident certificates since 2021 (8 men, 9 women) share the
         * letters and the check digit. */
        for (char sex = '8'; sex <= '9'; sex++) {
            char cert[VAL_NATIONAL_ID_LEN + 1];
            memcpy(cert, id, sizeof cert);
            cert[1] = sex;
            cert[9] = check_digit(id_letters[i].number, cert + 1);
            CHECK_STR(val_national_id(cert, out), NULL);
        }
    }
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
    test_national_id_letters();
    test_phone();
    test_email();
    test_name();
    test_utf8();
    test_lang_and_key();
    return check_result();
}
