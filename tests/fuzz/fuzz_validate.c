/* fuzz_validate.c: libFuzzer target of the validators of what people type
 * (validate/val.h) and of the date parsers the API's fields go through
 * (common/fh.h). The input is split into fields at newlines; every field,
 * and the whole input, goes through every check. Each answer is held
 * against a plain reference of the documented rule, or against what an
 * accepted value must look like (and the canonical form must be accepted
 * again, unchanged). */
#include "tests/fuzz/fuzz.h"

#include "common/fh.h"
#include "validate/val.h"

#include <stdbool.h>
#include <string.h>

/* ---- references ------------------------------------------------------------ */

/* UTF-8 as RFC 3629 has it: no overlong form, no surrogate, at most
 * U+10FFFF. Counts the code points. */
static bool ref_utf8(const unsigned char *s, size_t n, size_t *chars)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        unsigned char c = s[i];
        size_t len;
        uint32_t cp;
        if (c <= 0x7f) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, cp = c & 0x1fu;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, cp = c & 0x0fu;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, cp = c & 0x07u;
        else
            return false;
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if (s[i + k] < 0x80 || s[i + k] > 0xbf)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    *chars = count;
    return true;
}

/* The national ID rule: the letter's number (A=10 ... in the historical
 * order of the letters), then each digit with its weight, sum % 10 == 0. */
static bool ref_national_id(const char *s)
{
    static const char letters[] = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    if (strlen(s) != 10)
        return false;
    char l = s[0] >= 'a' && s[0] <= 'z' ? (char)(s[0] - 32) : s[0];
    const char *at = l != '\0' ? strchr(letters, l) : NULL;
    if (at == NULL)
        return false;
    int v = 10 + (int)(at - letters);
    int sum = v / 10 + v % 10 * 9;
    for (int i = 1; i < 10; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        sum += (s[i] - '0') * (i < 9 ? 9 - i : 1);
    }
    return (s[1] == '1' || s[1] == '2' || s[1] == '8' || s[1] == '9') && sum % 10 == 0;
}

static bool ref_idempotency_key(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 255)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x21 || s[i] > 0x7e)
            return false;
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* ---- the checks of one field ------------------------------------------------- */

static void check_national_id(const char *s)
{
    char out[VAL_NATIONAL_ID_LEN + 1];
    const char *why = val_national_id(s, out);
    FUZZ_CHECK((why == NULL) == ref_national_id(s), "val_national_id(\"%s\"): %s", s,
               why ? why : "accepted");
    if (why != NULL)
        return;
    FUZZ_CHECK(strlen(out) == VAL_NATIONAL_ID_LEN && out[0] >= 'A' && out[0] <= 'Z' &&
                   strcmp(out + 1, s + 1) == 0,
               "val_national_id(\"%s\") wrote \"%s\"", s, out);
    char again[VAL_NATIONAL_ID_LEN + 1];
    FUZZ_CHECK(val_national_id(out, again) == NULL && strcmp(again, out) == 0,
               "the canonical \"%s\" is not accepted unchanged", out);
}

static void check_phone(const char *s)
{
    char out[VAL_PHONE_LEN + 1];
    const char *why = val_phone(s, out);
    size_t n = strlen(s);
    /* The plain forms are always numbers. */
    bool plain = (n == 10 && s[0] == '0' && s[1] == '9' && all_digits(s, n)) ||
                 (n == 13 && strncmp(s, "+8869", 5) == 0 && all_digits(s + 1, 12));
    FUZZ_CHECK(!plain || why == NULL, "val_phone(\"%s\") refused a plain number: %s", s, why);
    if (why != NULL)
        return;
    FUZZ_CHECK(strlen(out) == VAL_PHONE_LEN && strncmp(out, "+8869", 5) == 0 &&
                   all_digits(out + 1, VAL_PHONE_LEN - 1),
               "val_phone(\"%s\") wrote \"%s\"", s, out);
    /* The same last 8 digits, whatever separators came between them. */
    char digits[32];
    size_t d = 0;
    for (const char *p = s; *p != '\0' && d < sizeof digits - 1; p++)
        if (*p >= '0' && *p <= '9')
            digits[d++] = *p;
    FUZZ_CHECK(d >= 8 && memcmp(digits + d - 8, out + 5, 8) == 0,
               "val_phone(\"%s\") changed the number into \"%s\"", s, out);
    for (const char *p = s; *p != '\0'; p++)
        FUZZ_CHECK((*p >= '0' && *p <= '9') || *p == ' ' || *p == '-' || (*p == '+' && p == s),
                   "val_phone(\"%s\") accepted a character other than digits and separators", s);
    char again[VAL_PHONE_LEN + 1];
    FUZZ_CHECK(val_phone(out, again) == NULL && strcmp(again, out) == 0,
               "the canonical \"%s\" is not accepted unchanged", out);
}

/* A landline accepted is written as +886, 8 or 9 digits not starting
 * with 9, and an extension after '#', and that form is accepted as it is. */
static void check_landline(const char *s)
{
    char out[VAL_LANDLINE_LEN + 1];
    if (val_landline(s, out) != NULL)
        return;
    size_t n = strlen(out);
    const char *hash = strchr(out, '#');
    size_t digits = (hash != NULL ? (size_t)(hash - out) : n) - 4;
    FUZZ_CHECK(strncmp(out, "+886", 4) == 0 && (digits == 8 || digits == 9) && out[4] != '9' &&
                   all_digits(out + 1, digits + 3) &&
                   (hash == NULL || (n - (size_t)(hash - out) - 1 >= 1 &&
                                     all_digits(hash + 1, n - (size_t)(hash - out) - 1))),
               "val_landline(\"%s\") wrote \"%s\"", s, out);
    char again[VAL_LANDLINE_LEN + 1];
    FUZZ_CHECK(val_landline(out, again) == NULL && strcmp(again, out) == 0,
               "the canonical \"%s\" is not accepted unchanged", out);
}

static void check_email(const char *s)
{
    const char *why = val_email(s);
    if (why != NULL)
        return;
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    FUZZ_CHECK(n >= 5 && n <= VAL_EMAIL_MAX, "val_email accepted %zu bytes", n);
    FUZZ_CHECK(at != NULL && at > s && strchr(at + 1, '@') == NULL && at - s <= 64,
               "val_email(\"%s\"): not one @ after 1 to 64 characters", s);
    const char *dot = strrchr(at, '.');
    FUZZ_CHECK(dot != NULL && dot > at + 1 && dot[1] != '\0',
               "val_email(\"%s\"): the domain is not a dotted name", s);
    for (const char *p = s; *p != '\0'; p++)
        FUZZ_CHECK(*p > 0x20 && *p < 0x7f && *p != '"' && *p != '(' && *p != ')' && *p != ',' &&
                       *p != ';' && *p != '<' && *p != '>' && *p != '[' && *p != ']' &&
                       *p != '\\' && *p != ':',
                   "val_email(\"%s\") accepted the byte 0x%02x", s, (unsigned char)*p);
}

static void check_name(const char *s)
{
    const char *why = val_name(s);
    size_t n = strlen(s), chars = 0;
    bool utf8 = ref_utf8((const unsigned char *)s, n, &chars);
    if (why != NULL) {
        /* Short printable ASCII with a letter in it is always a name. */
        bool plain = n > 0 && n <= VAL_NAME_MAX_CHARS;
        bool letter = false;
        for (size_t i = 0; i < n; i++) {
            plain = plain && s[i] >= 0x20 && s[i] < 0x7f;
            letter = letter || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z');
        }
        FUZZ_CHECK(!(plain && letter), "val_name(\"%s\") refused a plain name: %s", s, why);
        return;
    }
    FUZZ_CHECK(utf8, "val_name accepted a name that is not UTF-8");
    FUZZ_CHECK(chars >= 1 && chars <= VAL_NAME_MAX_CHARS, "val_name accepted %zu characters",
               chars);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        FUZZ_CHECK(c >= 0x20 && c != 0x7f, "val_name accepted the control byte 0x%02x", c);
        /* C1 controls (U+0080..U+009F), U+2028/9, U+202A..E, U+2066..9 */
        FUZZ_CHECK(
            !(c == 0xc2 && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f),
            "val_name accepted a C1 control");
        bool bidi_or_sep = c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
                           (unsigned char)s[i + 2] >= 0xa8 && (unsigned char)s[i + 2] <= 0xae;
        bool isolate = c == 0xe2 && (unsigned char)s[i + 1] == 0x81 &&
                       (unsigned char)s[i + 2] >= 0xa6 && (unsigned char)s[i + 2] <= 0xa9;
        FUZZ_CHECK(!bidi_or_sep && !isolate,
                   "val_name accepted a line separator or a bidirectional control");
    }
}

static void check_lang(const char *s)
{
    const char *canonical = NULL;
    const char *why = val_lang(s, &canonical);
    bool zh = strcmp(s, "zh-TW") == 0 || strcmp(s, "zh-tw") == 0 || strcmp(s, "zh") == 0;
    bool en = strcmp(s, "en") == 0;
    FUZZ_CHECK((why == NULL) == (zh || en), "val_lang(\"%s\"): %s", s, why ? why : "accepted");
    if (why == NULL)
        FUZZ_CHECK(strcmp(canonical, zh ? "zh-TW" : "en") == 0, "val_lang(\"%s\") gave \"%s\"", s,
                   canonical);
}

static void check_dates(const char *s)
{
    fh_day day;
    if (fh_parse_date(s, &day) == NULL) {
        char out[FH_DATE_LEN];
        fh_format_date(day, out);
        FUZZ_CHECK(strcmp(out, s) == 0, "fh_parse_date(\"%s\") reads as %s", s, out);
    }
    int y, m;
    if (fh_parse_month(s, &y, &m) == NULL)
        FUZZ_CHECK(y >= 1900 && y <= 2999 && m >= 1 && m <= 12, "fh_parse_month(\"%s\")", s);
    int minute;
    if (fh_parse_hhmm(s, &minute) == NULL)
        FUZZ_CHECK(minute >= 0 && minute <= FH_MINUTES_PER_DAY, "fh_parse_hhmm(\"%s\") = %d", s,
                   minute);
    int64_t utc;
    if (fh_parse_rfc3339(s, &utc) == NULL) {
        /* Written back in the office's offset, it reads as the same minute
         * (when that is still a year the parser takes). */
        char out[FH_TIME_LEN];
        int64_t again;
        fh_minute local = fh_local_from_utc(utc, 480), parsed;
        fh_format_local(local, 480, out);
        if (strncmp(out, "1900", 4) >= 0 && strncmp(out, "2999", 4) <= 0)
            FUZZ_CHECK(fh_parse_rfc3339(out, &again) == NULL &&
                           fh_local_from_utc(again, 480) == local,
                       "fh_parse_rfc3339(\"%s\") comes back as %s", s, out);
        FUZZ_CHECK(fh_parse_local(s, 480, &parsed) == NULL && parsed == local,
                   "fh_parse_local(\"%s\") disagrees with fh_parse_rfc3339", s);
    }
}

static void check_field(const char *s, size_t n)
{
    size_t chars = 0, ref_chars = 0;
    const char *why = val_utf8(s, n, &chars);
    bool ok = ref_utf8((const unsigned char *)s, n, &ref_chars);
    FUZZ_CHECK((why == NULL) == ok, "val_utf8 of %zu bytes: %s", n, why ? why : "accepted");
    FUZZ_CHECK(why != NULL || chars == ref_chars, "val_utf8 counted %zu characters, not %zu", chars,
               ref_chars);
    FUZZ_CHECK((val_idempotency_key(s) == NULL) == ref_idempotency_key(s),
               "val_idempotency_key(\"%s\")", s);
    check_national_id(s);
    check_phone(s);
    check_landline(s);
    check_email(s);
    check_name(s);
    check_lang(s);
    check_dates(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *all = fuzz_strndup(data, size);
    /* The whole input (up to a NUL, as a C string field would be), then each line. */
    check_field(all, strlen(all));
    char *field = all;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || all[i] == '\n') {
            all[i] = '\0';
            check_field(field, strlen(field));
            field = all + i + 1;
        }
    }
    /* val_utf8 over the raw bytes, NULs included. */
    size_t chars, ref_chars;
    FUZZ_CHECK((val_utf8((const char *)data, size, &chars) == NULL) ==
                   ref_utf8(data, size, &ref_chars),
               "val_utf8 of the raw input");
    free(all);
    return 0;
}
