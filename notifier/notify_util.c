/* notify_util.c: the notifier's small shared pieces: byte buffer, UTF-8
 * decoding, outcomes with personal data removed from reasons, and the
 * process-wide set-up of the libraries. */
#include "notifier/notify_internal.h"

#include <auth-client.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fh_result notify_global_init(char *err, size_t errlen)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) != 0)
        return fh_fail(err, errlen, FH_EINTERNAL, "cannot ignore SIGPIPE");
    CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        return fh_fail(err, errlen, FH_EINTERNAL, "libcurl: %s", curl_easy_strerror(rc));
    auth_client_init();
    return FH_OK;
}

void notify_global_cleanup(void)
{
    auth_client_exit();
    curl_global_cleanup();
}

const char *notify_status_name(enum notify_status s)
{
    switch (s) {
    case NOTIFY_SENT:
        return "sent";
    case NOTIFY_RETRY:
        return "retry";
    case NOTIFY_FAILED:
        return "failed";
    }
    return "unknown";
}

void notify_buf_add(struct notify_buf *b, const char *s, size_t n)
{
    b->p = fh_grow(b->p, 1, &b->cap, b->len + n + 1);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void notify_buf_adds(struct notify_buf *b, const char *s)
{
    notify_buf_add(b, s, strlen(s));
}

void notify_buf_printf(struct notify_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        fh_fatal("notify_buf_printf: bad format");
    b->p = fh_grow(b->p, 1, &b->cap, b->len + (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *notify_buf_take(struct notify_buf *b)
{
    char *p = b->p ? b->p : fh_strdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

bool notify_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = fh_utf8_char(s + i, n - i, &cp, NULL);
        if (k == 0 || cp == 0)
            return false;
        i += k;
    }
    return true;
}

void notify_outcome_set(struct notify_outcome *o, enum notify_status status, int code,
                        const char *fmt, ...)
{
    char raw[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    o->status = status;
    o->code = code;

    /* One line of printable text; tokens (split at spaces) holding an '@'
     * are addresses or address-like and become "<address>". */
    size_t out = 0, cap = sizeof o->reason - 1;
    const char *p = raw;
    while (*p != '\0' && out < cap) {
        if ((unsigned char)*p <= ' ' || *p == 0x7F) {
            if (out > 0 && o->reason[out - 1] != ' ')
                o->reason[out++] = ' ';
            p++;
            continue;
        }
        size_t tok = 0;
        while (p[tok] != '\0' && (unsigned char)p[tok] > ' ' && p[tok] != 0x7F)
            tok++;
        const char *what = p;
        size_t full = tok;
        if (memchr(p, '@', tok) != NULL) {
            what = "<address>";
            full = strlen(what);
        }
        size_t n = full <= cap - out ? full : cap - out;
        /* never leave half a UTF-8 character at the end */
        while (n > 0 && n < full && ((unsigned char)what[n] & 0xC0) == 0x80)
            n--;
        memcpy(o->reason + out, what, n);
        out += n;
        p += tok;
        if (n < full)
            break;
    }
    while (out > 0 && o->reason[out - 1] == ' ')
        out--;
    o->reason[out] = '\0';
}
