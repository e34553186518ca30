/* web_html.c: the HTML writer (see web_html.h): a growable page buffer, own
 * markup written as is, and the three escaping functions for data: text,
 * attribute values and URL parts. */
#include "web/web_html.h"

#include "common/fh.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"

/* Makes room for n more bytes and the NUL. */
static void reserve(struct web_buf *b, size_t n)
{
    if (n > SIZE_MAX - b->len - 1)
        fh_fatal("web_buf: page too large");
    b->p = fh_grow(b->p, 1, &b->cap, b->len + n + 1);
}

static void put(struct web_buf *b, const void *s, size_t n)
{
    reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void put_str(struct web_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

void web_buf_free(struct web_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *web_buf_take(struct web_buf *b, size_t *len)
{
    char *text = b->p ? b->p : fh_strdup("");
    if (len != NULL)
        *len = b->len;
    b->p = NULL;
    b->len = b->cap = 0;
    return text;
}

void web_html(struct web_buf *b, const char *markup)
{
    if (markup != NULL)
        put_str(b, markup);
}

void web_htmlf(struct web_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        fh_fatal("web_htmlf: bad format");
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Writes a character of two bytes or more, cleaned as web_html.h says. */
static void put_nonascii(struct web_buf *b, const unsigned char *s, size_t n, uint32_t cp)
{
    if (cp <= 0x9F) /* C1 controls */
        put_str(b, REPLACEMENT);
    else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return; /* embeddings, overrides, isolates: dropped */
    else if (cp == 0x2028 || cp == 0x2029)
        put_str(b, " ");
    else
        put(b, s, n);
}

/* The escaped form of an ASCII byte in text or in an attribute, or NULL when
 * the byte is written as is. */
static const char *ascii_escape(unsigned char c, bool attr)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '`':
        return attr ? "&#96;" : NULL;
    case '\t':
        return attr ? "&#9;" : NULL;
    case '\n':
        return attr ? "&#10;" : NULL;
    default:
        return c < 0x20 || c == 0x7F ? REPLACEMENT : NULL;
    }
}

static void escape(struct web_buf *b, const char *str, bool attr)
{
    if (str == NULL)
        return;
    const unsigned char *s = (const unsigned char *)str;
    while (*s != '\0') {
        /* Plain runs (most of a page) are copied in one go. */
        size_t run = 0;
        while (s[run] >= 0x20 && s[run] < 0x80 && ascii_escape(s[run], attr) == NULL)
            run++;
        if (run > 0) {
            put(b, s, run);
            s += run;
            continue;
        }
        if (*s < 0x80) {
            const char *e = ascii_escape(*s, attr);
            if (e != NULL)
                put_str(b, e);
            else
                put(b, s, 1); /* tab or newline in text */
            s++;
            continue;
        }
        uint32_t cp;
        size_t bad, n = fh_utf8_char((const char *)s, SIZE_MAX, &cp, &bad);
        if (n == 0) {
            put_str(b, REPLACEMENT);
            s += bad;
        } else {
            put_nonascii(b, s, n, cp);
            s += n;
        }
    }
}

void web_txt(struct web_buf *b, const char *s)
{
    escape(b, s, false);
}

void web_attr(struct web_buf *b, const char *s)
{
    escape(b, s, true);
}

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

void web_url_arg(struct web_buf *b, const char *str)
{
    static const char hex[] = "0123456789ABCDEF";
    if (str == NULL)
        return;
    const unsigned char *s = (const unsigned char *)str;
    while (*s != '\0') {
        size_t run = 0;
        while (s[run] != '\0' && unreserved(s[run]))
            run++;
        if (run > 0) {
            put(b, s, run);
            s += run;
            continue;
        }
        char pct[3] = {'%', hex[*s >> 4], hex[*s & 0x0F]};
        put(b, pct, sizeof pct);
        s++;
    }
}
