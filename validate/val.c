/* val.c: the validators of val.h. Pure functions of their
 * input, no allocation, so the API, the command line and the configuration
 * loader can share them (and a fuzzer can drive them). */
#include "validate/val.h"

#include "common/fh.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The letter of a national ID stands for a two-digit number; the order is
 * historical (I, O, W, Z... were added later), hence the table. */
static const unsigned char id_letter_value[26] = {
    10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
    22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
};

const char *val_national_id(const char *in, char out[VAL_NATIONAL_ID_LEN + 1])
{
    if (in == NULL || strlen(in) != VAL_NATIONAL_ID_LEN)
        return "must be a letter followed by 9 digits";
    char letter = in[0];
    if (letter >= 'a' && letter <= 'z')
        letter = (char)(letter - 'a' + 'A');
    if (letter < 'A' || letter > 'Z')
        return "must start with a letter";
    for (int i = 1; i < VAL_NATIONAL_ID_LEN; i++)
        if (in[i] < '0' || in[i] > '9')
            return "must be a letter followed by 9 digits";
    /* 1 and 2 are citizens; 8 and 9 the resident certificates issued since
     * 2021 (same check digit). Anything else is not issued. */
    if (in[1] != '1' && in[1] != '2' && in[1] != '8' && in[1] != '9')
        return "second character must be 1, 2, 8 or 9";
    unsigned v = id_letter_value[letter - 'A'];
    unsigned sum = v / 10 + (v % 10) * 9;
    for (int i = 1; i <= 8; i++)
        sum += (unsigned)(in[i] - '0') * (unsigned)(9 - i);
    sum += (unsigned)(in[9] - '0');
    if (sum % 10 != 0)
        return "check digit does not match";
    out[0] = letter;
    memcpy(out + 1, in + 1, VAL_NATIONAL_ID_LEN - 1);
    out[VAL_NATIONAL_ID_LEN] = '\0';
    return NULL;
}

const char *val_phone(const char *in, char out[VAL_PHONE_LEN + 1])
{
    char digits[16];
    size_t n = 0;
    bool plus = false;
    if (in == NULL)
        return "missing";
    /* Separators between digit groups, not pages of them. */
    if (strlen(in) > 20)
        return "too long for a Taiwan mobile number";
    for (const char *p = in; *p != '\0'; p++) {
        if (p == in && *p == '+') {
            plus = true;
        } else if (*p >= '0' && *p <= '9') {
            if (n == sizeof digits - 1)
                return "too long for a Taiwan mobile number";
            digits[n++] = *p;
        } else if ((*p == ' ' || *p == '-') && n > 0 && p[1] != '\0') {
            continue; /* separators people type between digit groups */
        } else {
            return "must be a Taiwan mobile number, 09xxxxxxxx or +8869xxxxxxxx";
        }
    }
    digits[n] = '\0';
    const char *national; /* the 9 digits after the trunk 0 or +886 */
    if (!plus && n == 10 && digits[0] == '0' && digits[1] == '9')
        national = digits + 1;
    else if (plus && n == 12 && memcmp(digits, "8869", 4) == 0)
        national = digits + 3;
    else
        return "must be a Taiwan mobile number, 09xxxxxxxx or +8869xxxxxxxx";
    memcpy(out, "+886", 4);
    memcpy(out + 4, national, 9);
    out[VAL_PHONE_LEN] = '\0';
    return NULL;
}

const char *val_landline(const char *in, char out[VAL_LANDLINE_LEN + 1])
{
    static const char *const shape =
        "must be a Taiwan landline with its area code, such as 02-2345-6789 or 04 2222 3333, "
        "and an extension after #";
    char digits[16], ext[8];
    size_t n = 0, e = 0;
    bool plus = false, in_ext = false, open = false;
    if (in == NULL)
        return "missing";
    if (strlen(in) > 32)
        return "too long for a Taiwan landline";
    for (const char *p = in; *p != '\0'; p++) {
        if (p == in && *p == '+') {
            plus = true;
        } else if (*p >= '0' && *p <= '9') {
            if (in_ext) {
                if (e == 5)
                    return "an extension has at most 5 digits";
                ext[e++] = *p;
            } else {
                if (n == sizeof digits - 1)
                    return "too long for a Taiwan landline";
                digits[n++] = *p;
            }
        } else if (*p == '#' && !in_ext && n > 0 && !open) {
            in_ext = true;
        } else if (*p == '(' && n == 0 && !open && !plus) {
            open = true; /* (02) 2345-6789 */
        } else if (*p == ')' && open && n > 0) {
            open = false;
        } else if ((*p == ' ' || *p == '-') && (n > 0 || open) && p[1] != '\0' && !in_ext) {
            continue;
        } else {
            return shape;
        }
    }
    if (open || (in_ext && e == 0))
        return shape;
    digits[n] = '\0';
    ext[e] = '\0';
    const char *national; /* the digits after the trunk 0 or +886 */
    if (!plus && n > 0 && digits[0] == '0')
        national = digits + 1;
    else if (plus && n > 3 && memcmp(digits, "886", 3) == 0)
        national = digits + 3;
    else
        return shape;
    size_t len = strlen(national);
    if (len > 0 && national[0] == '9')
        return "a mobile number, not a landline";
    /* Taipei (2) has 8-digit numbers, Taichung and Changhua (4) 7 or 8
     * digits, every other area a whole of 8 digits with its code. */
    bool ok = len > 0 && national[0] >= '2' && national[0] <= '8' &&
              (national[0] == '2'   ? len == 9
               : national[0] == '4' ? len == 8 || len == 9
                                    : len == 8);
    if (!ok)
        return shape;
    snprintf(out, VAL_LANDLINE_LEN + 1, "+886%s%s%s", national, e > 0 ? "#" : "", ext);
    return NULL;
}

const char *val_any_phone(const char *in, char out[VAL_LANDLINE_LEN + 1], bool *mobile)
{
    char m[VAL_PHONE_LEN + 1];
    if (in == NULL)
        return "missing";
    if (val_phone(in, m) == NULL) {
        snprintf(out, VAL_LANDLINE_LEN + 1, "%s", m);
        if (mobile != NULL)
            *mobile = true;
        return NULL;
    }
    if (mobile != NULL)
        *mobile = false;
    const char *why = val_landline(in, out);
    if (why != NULL && strcmp(why, "a mobile number, not a landline") == 0)
        return "must be a Taiwan mobile number, 09xxxxxxxx or +8869xxxxxxxx";
    if (why != NULL)
        return "must be a Taiwan mobile (0912 345 678) or a landline with its area code "
               "(02-2345-6789, #123 for an extension)";
    return NULL;
}

bool val_phone_is_mobile(const char *e164)
{
    return e164 != NULL && strncmp(e164, "+8869", 5) == 0 && strlen(e164) == VAL_PHONE_LEN;
}

void val_phone_national(const char *e164, char *out, size_t len)
{
    if (e164 == NULL || strncmp(e164, "+886", 4) != 0) {
        snprintf(out, len, "%s", e164 != NULL ? e164 : "");
        return;
    }
    const char *national = e164 + 4, *hash = strchr(national, '#');
    size_t n = hash != NULL ? (size_t)(hash - national) : strlen(national);
    /* Mobiles 0912 345 678; landlines by the area's first digit and the
     * last 4: 02 2345 6789, 07 123 4567. */
    if (national[0] == '9' && n == 9 && hash == NULL) {
        snprintf(out, len, "0%.3s %.3s %.3s", national, national + 3, national + 6);
        return;
    }
    size_t area = 1;
    if (n <= area + 4) {
        snprintf(out, len, "0%s", national);
        return;
    }
    snprintf(out, len, "0%.*s %.*s %.*s%s%s", (int)area, national, (int)(n - area - 4),
             national + area, 4, national + n - 4, hash != NULL ? " " : "",
             hash != NULL ? hash : "");
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

const char *val_email(const char *s)
{
    if (s == NULL || *s == '\0')
        return "missing";
    size_t n = strlen(s);
    if (n > VAL_EMAIL_MAX)
        return "longer than 254 characters";
    const char *at = strchr(s, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL)
        return "must hold exactly one @";
    size_t local = (size_t)(at - s);
    if (local == 0 || local > 64)
        return "the part before @ must have 1 to 64 characters";
    /* The dot-atom of RFC 5322: quoted local parts are legal but no mobile
     * operator or webmail hands them out, and they would only carry risk. */
    for (size_t i = 0; i < local; i++) {
        char c = s[i];
        if (c == '.') {
            if (i == 0 || i == local - 1 || s[i + 1] == '.')
                return "misplaced dot before @";
        } else if (!is_alnum(c) && strchr("!#$%&'*+/=?^_`{|}~-", c) == NULL) {
            return "character not allowed before @";
        }
    }
    const char *d = at + 1;
    int labels = 0;
    bool tld_alpha = false;
    while (true) {
        const char *dot = strchr(d, '.');
        size_t len = dot ? (size_t)(dot - d) : strlen(d);
        if (len == 0 || len > 63)
            return "the domain must be names of 1 to 63 characters joined by dots";
        if (d[0] == '-' || d[len - 1] == '-')
            return "a domain name cannot start or end with a hyphen";
        tld_alpha = false;
        for (size_t i = 0; i < len; i++) {
            if (!is_alnum(d[i]) && d[i] != '-')
                return "character not allowed in the domain";
            if (!(d[i] >= '0' && d[i] <= '9'))
                tld_alpha = true;
        }
        labels++;
        if (dot == NULL)
            break;
        d = dot + 1;
    }
    if (labels < 2 || !tld_alpha)
        return "the domain must be a full name such as example.com.tw";
    return NULL;
}

const char *val_utf8(const char *s, size_t n, size_t *chars)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        uint32_t cp;
        size_t len = fh_utf8_char(s + i, n - i, &cp, NULL);
        if (len == 0)
            return "not valid UTF-8";
        i += len;
    }
    if (chars != NULL)
        *chars = count;
    return NULL;
}

const char *val_comment(const char *s, size_t max)
{
    size_t chars;
    if (s == NULL)
        return NULL;
    size_t n = strlen(s);
    const char *why = val_utf8(s, n, &chars);
    if (why != NULL)
        return why;
    if (chars > max)
        return "too long";
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = fh_utf8_char(s + i, n - i, &cp, NULL); /* checked just above */
        /* As in a name, but a comment may run over lines. */
        if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
            cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
            (cp >= 0x2066 && cp <= 0x2069))
            return "holds a control character";
        i += len;
    }
    return NULL;
}

const char *val_name(const char *s)
{
    size_t chars;
    if (s == NULL || *s == '\0')
        return "missing";
    size_t n = strlen(s);
    const char *why = val_utf8(s, n, &chars);
    if (why != NULL)
        return why;
    if (chars > VAL_NAME_MAX_CHARS)
        return "longer than 100 characters";
    bool blank = true;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = fh_utf8_char(s + i, n - i, &cp, NULL); /* checked just above */
        /* C0, DEL, C1 and the line/paragraph separators would break the
         * lines of a letter, a log or a counter's screen; the bidirectional
         * embeddings, overrides and isolates would reorder the text around
         * the name wherever it is shown (right-to-left names need none). */
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
            (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            return "holds a control character";
        /* Spaces of every width, and the zero-width characters that show
         * nothing on their own, leave a name blank. */
        if (cp != ' ' && cp != 0x3000 && cp != 0xa0 && cp != 0x200b && cp != 0x200c &&
            cp != 0x200d && cp != 0x2060 && cp != 0xfeff)
            blank = false;
        i += len;
    }
    if (blank)
        return "blank";
    return NULL;
}

const char *val_lang(const char *s, const char **canonical)
{
    const char *c = NULL;
    if (s != NULL && (strcmp(s, "zh-TW") == 0 || strcmp(s, "zh-tw") == 0 || strcmp(s, "zh") == 0))
        c = "zh-TW";
    else if (s != NULL && strcmp(s, "en") == 0)
        c = "en";
    if (c == NULL)
        return "must be \"zh-TW\" or \"en\"";
    if (canonical != NULL)
        *canonical = c;
    return NULL;
}

const char *val_idempotency_key(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 255)
        return "must have 1 to 255 characters";
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x21 || s[i] > 0x7e)
            return "must be printable ASCII without spaces";
    return NULL;
}
