
/* notify_mime.c: RFC 5322 / MIME messages from plain data: RFC 2047 encoded
 * headers, the Date in the office's offset, a caller-given Message-ID, and
 * an iMIP invite (RFC 6047) as multipart/alternative text/calendar plus an
 * invite.ics attachment. Exports notify_mime_*, notify_message_id and
 * notify_mail_address_check. */
#include "notifier/notify_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Hard caps on what a message may carry (the inputs come from our own
 * templates and calendars, so these are generous). */
#define MAX_HEADER_TEXT 900 /* a raw ASCII subject still fits a 998-octet line */
#define MAX_NAME        256
#define MAX_BODY        (256 * 1024)
#define MAX_ICS         (512 * 1024)
#define LINE_MAX_CHARS  76 /* RFC 2047 section 2: lines with encoded words */
#define WORD_MAX_CHARS  75 /* RFC 2047 section 2: one encoded word */

/* Base64 of n bytes (OpenSSL's encoder): in one line when line_chars is
 * 0, else in lines of line_chars (at most 76, RFC 2045), each ended by CRLF. */
static void b64_append(struct notify_buf *b, const unsigned char *s, size_t n, size_t line_chars)
{
    if (line_chars == 0) {
        char *text = fh_malloc(FH_BASE64_LEN(n));
        notify_buf_add(b, text, fh_base64_encode(s, n, text));
        free(text);
        return;
    }
    char line[FH_BASE64_LEN(57)]; /* 57 bytes make the 76 characters of a full line */
    size_t chunk = (line_chars < 76 ? line_chars : 76) / 4 * 3;
    for (size_t i = 0; i < n; i += chunk) {
        size_t take = n - i < chunk ? n - i : chunk;
        notify_buf_add(b, line, fh_base64_encode(s + i, take, line));
        notify_buf_add(b, "\r\n", 2);
    }
}

static bool printable_ascii(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

/* Folds printable ASCII at spaces so lines stay within LINE_MAX_CHARS where
 * the words allow it. */
static void fold_ascii(struct notify_buf *b, const char *text, size_t used)
{
    size_t col = used;
    const char *p = text;
    bool first = true;
    while (*p != '\0') {
        const char *sp = strchr(p + 1, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (!first && col + n > LINE_MAX_CHARS && *p == ' ') {
            notify_buf_add(b, "\r\n", 2);
            col = 0;
        }
        notify_buf_add(b, p, n);
        col += n;
        p += n;
        first = false;
    }
}

char *notify_mime_encode_header(const char *text, size_t used)
{
    size_t len = strlen(text);
    if (!notify_utf8_valid(text, len))
        return NULL;
    struct notify_buf b = {0};
    if (printable_ascii(text) && strstr(text, "=?") == NULL) {
        fold_ascii(&b, text, used);
        return notify_buf_take(&b);
    }
    /* Encoded words: "=?UTF-8?B?" + base64 + "?=" is 12 characters of
     * frame; a word carries whole characters only. */
    size_t room = used < LINE_MAX_CHARS - 20 ? LINE_MAX_CHARS - used : WORD_MAX_CHARS;
    if (room > WORD_MAX_CHARS)
        room = WORD_MAX_CHARS;
    size_t i = 0;
    while (i < len) {
        size_t max_bytes = (room - 12) / 4 * 3, take = 0;
        while (i + take < len) {
            uint32_t cp;
            size_t k = fh_utf8_char(text + i + take, len - i - take, &cp, NULL);
            if (take + k > max_bytes)
                break;
            take += k;
        }
        if (i > 0)
            notify_buf_add(&b, "\r\n ", 3);
        notify_buf_adds(&b, "=?UTF-8?B?");
        b64_append(&b, (const unsigned char *)text + i, take, 0);
        notify_buf_adds(&b, "?=");
        i += take;
        room = WORD_MAX_CHARS; /* after CRLF SP: 1 + 75 = 76 */
    }
    return notify_buf_take(&b);
}

static bool atext(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* A dot-atom: atext runs separated by single dots. */
static bool dot_atom(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return false;
        } else if (!atext(s[i])) {
            return false;
        }
    }
    return true;
}

static bool domain_ok(const char *s, size_t n)
{
    if (n == 0 || n > 253 || s[0] == '.' || s[0] == '-' || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || (c == '.' && s[i + 1] != '.');
        if (!ok)
            return false;
    }
    return true;
}

const char *notify_mail_address_check(const char *addr)
{
    if (addr == NULL || *addr == '\0')
        return "no address";
    size_t n = strlen(addr);
    if (n > 254)
        return "address longer than 254 characters";
    const char *at = strrchr(addr, '@');
    if (at == NULL)
        return "address without '@'";
    if (!dot_atom(addr, (size_t)(at - addr)) || at - addr > 64)
        return "malformed local part";
    if (!domain_ok(at + 1, n - (size_t)(at - addr) - 1))
        return "malformed domain";
    return NULL;
}

/* A Message-ID without its brackets: dot-atom "@" dot-atom. */
static const char *message_id_check(const char *id, size_t n)
{
    const char *at = memchr(id, '@', n);
    if (at == NULL || memchr(at + 1, '@', n - (size_t)(at - id) - 1) != NULL)
        return "a Message-ID needs exactly one '@'";
    if (!dot_atom(id, (size_t)(at - id)) || !dot_atom(at + 1, n - (size_t)(at - id) - 1))
        return "malformed Message-ID";
    if (n > 900)
        return "Message-ID too long";
    return NULL;
}

char *notify_message_id(const char *kind, int64_t outbox_id, const char *from_addr)
{
    const char *at = from_addr ? strrchr(from_addr, '@') : NULL;
    if (at == NULL || !domain_ok(at + 1, strlen(at + 1)) || kind == NULL ||
        !dot_atom(kind, strlen(kind)))
        return NULL;
    return fh_asprintf("<flexhours.%s.%lld@%s>", kind, (long long)outbox_id, at + 1);
}

/* "Name <addr>" or "addr", for From and To; used is the header name's width. */
static void add_mailbox(struct notify_buf *b, const char *name, const char *addr, size_t used)
{
    size_t line_start = b->len - used;
    if (name != NULL && *name != '\0') {
        if (printable_ascii(name)) {
            notify_buf_add(b, "\"", 1);
            for (const char *p = name; *p != '\0'; p++) {
                if (*p == '"' || *p == '\\')
                    notify_buf_add(b, "\\", 1);
                notify_buf_add(b, p, 1);
            }
            notify_buf_add(b, "\"", 1);
        } else {
            char *enc = notify_mime_encode_header(name, used);
            notify_buf_adds(b, enc);
            free(enc);
        }
        const char *last_break = b->p + line_start;
        for (const char *p = b->p + line_start; p < b->p + b->len; p++)
            if (*p == '\n')
                last_break = p + 1;
        size_t col = (size_t)(b->p + b->len - last_break);
        notify_buf_adds(b, col + 3 + strlen(addr) > LINE_MAX_CHARS ? "\r\n <" : " <");
        notify_buf_adds(b, addr);
        notify_buf_adds(b, ">");
    } else {
        notify_buf_adds(b, addr);
    }
}

/* RFC 5322 date-time in the given offset: "Mon, 10 Mar 2025 14:30:00 +0800". */
static void add_date(struct notify_buf *b, int64_t utc, int offset_minutes)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t local = utc + (int64_t)offset_minutes * 60;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t sec = local - day * 86400;
    int y, m, d;
    fh_day_to_ymd((fh_day)day, &y, &m, &d);
    int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    notify_buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d %c%02d%02d\r\n",
                      days[fh_weekday((fh_day)day) - 1], d, months[m - 1], y, (int)(sec / 3600),
                      (int)(sec / 60 % 60), (int)(sec % 60), offset_minutes < 0 ? '-' : '+',
                      off / 60, off % 60);
}

/* The text with every line ending as CRLF and a final CRLF. */
static char *crlf(const char *s, size_t *len_out)
{
    struct notify_buf b = {0};
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '\r') {
            notify_buf_add(&b, "\r\n", 2);
            if (p[1] == '\n')
                p++;
        } else if (*p == '\n') {
            notify_buf_add(&b, "\r\n", 2);
        } else {
            notify_buf_add(&b, p, 1);
        }
    }
    if (b.len < 2 || memcmp(b.p + b.len - 2, "\r\n", 2) != 0)
        notify_buf_add(&b, "\r\n", 2);
    *len_out = b.len;
    return notify_buf_take(&b);
}

/* 7bit when the (CRLF) text is ASCII with lines of at most 998 octets,
 * else base64. Returns the encoded body and sets *cte. */
static char *encode_body(const char *s, size_t n, const char **cte)
{
    bool seven = true;
    size_t line = 0;
    for (size_t i = 0; i < n && seven; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0 || c >= 0x80)
            seven = false;
        else if (c == '\n')
            line = 0;
        else if (++line > 998)
            seven = false;
    }
    struct notify_buf b = {0};
    if (seven) {
        *cte = "7bit";
        notify_buf_add(&b, s, n);
    } else {
        *cte = "base64";
        b64_append(&b, (const unsigned char *)s, n, 76);
    }
    return notify_buf_take(&b);
}

/* The calendar object's METHOD (uppercased into out), or a reason. */
static const char *ics_method(const char *ics, char *out, size_t outlen)
{
    int found = 0;
    for (const char *line = ics; line != NULL && *line != '\0';) {
        if (strncasecmp(line, "METHOD:", 7) == 0) {
            const char *v = line + 7;
            size_t n = 0;
            while ((v[n] >= 'A' && v[n] <= 'Z') || (v[n] >= 'a' && v[n] <= 'z') || v[n] == '-')
                n++;
            if (n == 0 || n >= outlen || (v[n] != '\r' && v[n] != '\n' && v[n] != '\0'))
                return "malformed METHOD in the calendar";
            for (size_t i = 0; i < n; i++)
                out[i] = (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 32 : v[i]);
            out[n] = '\0';
            found++;
        }
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    if (found == 0)
        return "the calendar has no METHOD (an invite needs REQUEST or CANCEL)";
    if (found > 1)
        return "the calendar has more than one METHOD";
    return NULL;
}

static uint64_t fnv1a(const char *s, uint64_t h)
{
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* A boundary derived from the Message-ID (so a rebuilt message is the same
 * bytes) that occurs in none of the parts. "=_" cannot occur in base64. */
static void make_boundary(char *out, size_t outlen, const char *seed, const char *tag,
                          const char *const *parts, size_t nparts)
{
    for (uint64_t salt = 0;; salt++) {
        uint64_t h = fnv1a(seed, 14695981039346656037ULL ^ salt);
        snprintf(out, outlen, "=_fh_%s_%016llx", tag, (unsigned long long)h);
        bool clash = false;
        for (size_t i = 0; i < nparts && !clash; i++)
            clash = strstr(parts[i], out) != NULL;
        if (!clash)
            return;
    }
}

static const char *check_field(const char *what, const char *s, size_t max, bool required,
                               char *why, size_t whylen)
{
    if (s == NULL || *s == '\0') {
        if (!required)
            return NULL;
        snprintf(why, whylen, "%s is missing", what);
        return why;
    }
    size_t n = strlen(s);
    if (n > max)
        snprintf(why, whylen, "%s is longer than %zu bytes", what, max);
    else if (strpbrk(s, "\r\n") != NULL)
        snprintf(why, whylen, "%s holds a line break", what);
    else if (!notify_utf8_valid(s, n))
        snprintf(why, whylen, "%s is not UTF-8", what);
    else
        return NULL;
    return why;
}

fh_result notify_mime_build(const struct notify_mail *m, char **out, char *err, size_t errlen)
{
    char why[128];
    const char *bad;
    *out = NULL;
    if ((bad = check_field("from_name", m->from_name, MAX_NAME, false, why, sizeof why)) ||
        (bad = check_field("to_name", m->to_name, MAX_NAME, false, why, sizeof why)) ||
        (bad = check_field("subject", m->subject, MAX_HEADER_TEXT, true, why, sizeof why)))
        return fh_fail(err, errlen, FH_EINVAL, "mail: %s", bad);
    if ((bad = notify_mail_address_check(m->from_addr)) != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "mail: sender: %s", bad);
    if ((bad = notify_mail_address_check(m->to_addr)) != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "mail: recipient: %s", bad);
    if (m->reply_to_addr != NULL && (bad = notify_mail_address_check(m->reply_to_addr)) != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "mail: reply-to: %s", bad);
    const char *id = m->message_id ? m->message_id : "";
    size_t idlen = strlen(id);
    if (idlen >= 2 && id[0] == '<' && id[idlen - 1] == '>')
        id++, idlen -= 2;
    if ((bad = message_id_check(id, idlen)) != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "mail: %s", bad);
    const char *text = m->text ? m->text : "";
    if (strlen(text) > MAX_BODY || !notify_utf8_valid(text, strlen(text)))
        return fh_fail(err, errlen, FH_EINVAL, "mail: the text is too long or not UTF-8");
    char method[16];
    if (m->ics != NULL) {
        if (strlen(m->ics) > MAX_ICS || !notify_utf8_valid(m->ics, strlen(m->ics)))
            return fh_fail(err, errlen, FH_EINVAL, "mail: the calendar is too long or not UTF-8");
        if ((bad = ics_method(m->ics, method, sizeof method)) != NULL)
            return fh_fail(err, errlen, FH_EINVAL, "mail: %s", bad);
    }

    struct notify_buf b = {0};
    add_date(&b, m->date, m->utc_offset);
    notify_buf_adds(&b, "From: ");
    add_mailbox(&b, m->from_name, m->from_addr, 6);
    notify_buf_adds(&b, "\r\nTo: ");
    add_mailbox(&b, m->to_name, m->to_addr, 4);
    if (m->reply_to_addr != NULL && strcmp(m->reply_to_addr, m->from_addr) != 0) {
        notify_buf_adds(&b, "\r\nReply-To: ");
        add_mailbox(&b, m->from_name, m->reply_to_addr, 10);
    }
    char *subject = notify_mime_encode_header(m->subject, 9);
    notify_buf_printf(&b, "\r\nSubject: %s\r\n", subject);
    free(subject);
    notify_buf_printf(&b, "Message-ID: <%.*s>\r\n", (int)idlen, id);
    /* An automatic notification: no out-of-office replies to it (RFC 3834). */
    notify_buf_adds(&b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");

    size_t text_len;
    char *text_crlf = crlf(text, &text_len);
    const char *text_cte;
    char *text_body = encode_body(text_crlf, text_len, &text_cte);
    free(text_crlf);

    if (m->ics == NULL) {
        notify_buf_printf(&b,
                          "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: %s\r\n\r\n%s",
                          text_cte, text_body);
        free(text_body);
        *out = notify_buf_take(&b);
        return FH_OK;
    }

    /* The calendar part and the attachment carry the same bytes: the object
     * in canonical CRLF form. */
    size_t ics_len;
    char *ics_crlf = crlf(m->ics, &ics_len);
    const char *cal_cte;
    char *cal_body = encode_body(ics_crlf, ics_len, &cal_cte);
    struct notify_buf att = {0};
    b64_append(&att, (const unsigned char *)ics_crlf, ics_len, 76);
    free(ics_crlf);
    char *att_body = notify_buf_take(&att);

    const char *parts[] = {text_body, cal_body, att_body};
    char mixed[48], alt[48];
    make_boundary(mixed, sizeof mixed, id, "mix", parts, 3);
    make_boundary(alt, sizeof alt, id, "alt", parts, 3);
    notify_buf_printf(&b,
                      "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n"
                      "This is a MIME message with a calendar invitation.\r\n"
                      "--%s\r\n"
                      "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
                      "--%s\r\n"
                      "Content-Type: text/plain; charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: %s\r\n\r\n%s"
                      "--%s\r\n"
                      "Content-Type: text/calendar; method=%s; charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: %s\r\n\r\n%s"
                      "--%s--\r\n"
                      "--%s\r\n"
                      "Content-Type: application/ics; name=\"invite.ics\"\r\n"
                      "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
                      "Content-Transfer-Encoding: base64\r\n\r\n%s"
                      "--%s--\r\n",
                      mixed, mixed, alt, alt, text_cte, text_body, alt, method, cal_cte, cal_body,
                      alt, mixed, att_body, mixed);
    free(text_body);
    free(cal_body);
    free(att_body);
    *out = notify_buf_take(&b);
    return FH_OK;
}
