/* notify_sms.c: one SMS through Kannel's sendsms or a generic HTTP provider
 * with libcurl, its outcome decided by the HTTP status (Kannel answers 202
 * even when it will mangle a text, so the text is checked here first), and
 * the segment arithmetic that keeps a text within two parts. Exports
 * notify_sms_*. */
#include "notifier/notify_internal.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIMEOUT_MS 10000
#define MAX_REPLY          4096 /* what is kept of a gateway's reply body */

/* ---- segments ------------------------------------------------------------- */

/* GSM 03.38 here means printable ASCII without '`' (which the GSM alphabet
 * lacks) plus CR and LF; the extension table characters take two septets.
 * Anything else is sent as UCS-2. */
static int gsm_septets(uint32_t cp)
{
    if (cp == '\n' || cp == '\r')
        return 1;
    if (cp < 0x20 || cp > 0x7E || cp == '`')
        return 0;
    if (strchr("[]{}\\^~|", (int)cp) != NULL)
        return 2;
    return 1;
}

/* Units of the text (septets for GSM, UTF-16 code units for UCS-2), and
 * whether it needs UCS-2; -1 for invalid UTF-8. */
static long text_units(const char *text, bool *ucs2)
{
    size_t len = strlen(text);
    long gsm = 0, utf16 = 0;
    bool need_ucs2 = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = fh_utf8_char(text + i, len - i, &cp, NULL);
        if (k == 0 || cp == 0)
            return -1;
        int s = gsm_septets(cp);
        if (s == 0)
            need_ucs2 = true;
        gsm += s;
        utf16 += cp > 0xFFFF ? 2 : 1;
        i += k;
    }
    *ucs2 = need_ucs2;
    return need_ucs2 ? utf16 : gsm;
}

static int segments_for(long units, bool ucs2)
{
    long single = ucs2 ? 70 : 160, part = ucs2 ? 67 : 153;
    if (units <= 0)
        return 0;
    if (units <= single)
        return 1;
    return (int)((units + part - 1) / part);
}

int notify_sms_segments(const char *text, bool *ucs2)
{
    bool u = false;
    long units = text ? text_units(text, &u) : -1;
    if (ucs2 != NULL)
        *ucs2 = u;
    return units < 0 ? 0 : segments_for(units, u);
}

char *notify_sms_shorten(const char *text, const char *tail, bool *shortened)
{
    bool ucs2, tail_ucs2 = false;
    if (shortened != NULL)
        *shortened = false;
    if (tail == NULL)
        tail = "";
    char *whole = fh_asprintf("%s%s", text, tail);
    long units = text_units(whole, &ucs2);
    long tail_units = text_units(tail, &tail_ucs2);
    if (units < 0 || tail_units < 0) {
        free(whole);
        return NULL;
    }
    if (segments_for(units, ucs2) <= NOTIFY_SMS_MAX_SEGMENTS)
        return whole;
    free(whole);
    /* Room left for the text before the ellipsis and the tail: "…" is one
     * UTF-16 unit, "..." three septets. A tail (a link) is never cut: a
     * shortened link would lead nowhere. */
    const char *ellipsis = ucs2 ? "\xE2\x80\xA6" : "...";
    if (ucs2 && !tail_ucs2)
        tail_units = (long)strlen(tail); /* ASCII: one UTF-16 unit a character */
    long room = (ucs2 ? 67 : 153) * NOTIFY_SMS_MAX_SEGMENTS - (ucs2 ? 1 : 3) - tail_units;
    if (room < 0) {
        tail = ""; /* a tail longer than the message: the text alone, cut */
        room = (ucs2 ? 67 : 153) * NOTIFY_SMS_MAX_SEGMENTS - (ucs2 ? 1 : 3);
    }
    size_t len = strlen(text), cut = 0;
    long used = 0;
    while (cut < len) {
        uint32_t cp;
        size_t k = fh_utf8_char(text + cut, len - cut, &cp, NULL);
        long cost = ucs2 ? (cp > 0xFFFF ? 2 : 1) : gsm_septets(cp);
        if (used + cost > room)
            break;
        used += cost;
        cut += k;
    }
    /* No trailing space or line break before the ellipsis. */
    while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == '\n' || text[cut - 1] == '\r'))
        cut--;
    if (shortened != NULL)
        *shortened = true;
    return fh_asprintf("%.*s%s%s", (int)cut, text, ellipsis, tail);
}

const char *notify_sms_number_check(const char *to)
{
    if (to == NULL || to[0] != '+')
        return "the number must be E.164, starting with '+'";
    size_t n = strlen(to + 1);
    if (n < 8 || n > 15 || strspn(to + 1, "0123456789") != n || to[1] == '0')
        return "the number must be '+' and 8 to 15 digits";
    return NULL;
}

/* ---- requests ------------------------------------------------------------- */

struct reply {
    char body[MAX_REPLY];
    size_t len;
};

static size_t write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
    struct reply *r = arg;
    size_t n = size * nmemb, room = sizeof r->body - 1 - r->len;
    memcpy(r->body + r->len, data, n < room ? n : room);
    r->len += n < room ? n : room;
    r->body[r->len] = '\0';
    return n; /* the rest is read and dropped */
}

static void add_param(struct notify_buf *b, CURL *curl, const char *name, const char *value)
{
    char *esc = curl_easy_escape(curl, value, 0);
    if (esc == NULL)
        fh_fatal("libcurl: cannot escape a parameter");
    notify_buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", name, esc);
    curl_free(esc);
}

/* A JSON string's inside (jansson's encoder, without the quotes): the
 * template supplies the quotes around {to} and {text}. */
static void json_escape(struct notify_buf *b, const char *s)
{
    json_t *v = json_string(s);
    char *text = v != NULL ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
    json_decref(v);
    if (text == NULL)
        fh_fatal("jansson: cannot encode a text message"); /* s was checked as UTF-8 */
    size_t len = strlen(text);
    notify_buf_add(b, text + 1, len - 2);
    free(text);
}

/* body_template with {to} and {text} replaced: JSON-escaped when the
 * template is a JSON object or array, URL-encoded otherwise. */
static char *fill_template(CURL *curl, const char *tmpl, const char *to, const char *text,
                           bool *json)
{
    const char *t = tmpl + strspn(tmpl, " \t\r\n");
    *json = *t == '{' || *t == '[';
    struct notify_buf b = {0};
    for (const char *p = tmpl; *p != '\0';) {
        const char *value = NULL;
        size_t skip = 0;
        if (strncmp(p, "{to}", 4) == 0)
            value = to, skip = 4;
        else if (strncmp(p, "{text}", 6) == 0)
            value = text, skip = 6;
        if (value == NULL) {
            notify_buf_add(&b, p++, 1);
            continue;
        }
        if (*json) {
            json_escape(&b, value);
        } else {
            char *esc = curl_easy_escape(curl, value, 0);
            if (esc == NULL)
                fh_fatal("libcurl: cannot escape a parameter");
            notify_buf_adds(&b, esc);
            curl_free(esc);
        }
        p += skip;
    }
    return notify_buf_take(&b);
}

/* The first line of a reply body, for the reason. */
static void first_line(const struct reply *r, char *out, size_t outlen)
{
    size_t n = strcspn(r->body, "\r\n");
    if (n >= outlen)
        n = outlen - 1;
    while (n > 0 && ((unsigned char)r->body[n] & 0xC0) == 0x80 && n < r->len)
        n--; /* not in the middle of a UTF-8 character */
    memcpy(out, r->body, n);
    out[n] = '\0';
}

static fh_result fail_with(struct notify_outcome *out, enum notify_status st, int code,
                           const char *why)
{
    notify_outcome_set(out, st, code, "%s", why);
    return st == NOTIFY_RETRY ? FH_EBUSY : FH_EINVAL;
}

fh_result notify_sms_send(const struct cfg_sms *cfg, long timeout_ms, const char *to,
                          const char *text, struct notify_outcome *out)
{
    const char *bad;
    if (cfg->provider != CFG_SMS_KANNEL && cfg->provider != CFG_SMS_HTTP)
        return fail_with(out, NOTIFY_FAILED, 0, "no SMS provider configured");
    if (cfg->url == NULL || strncmp(cfg->url, "http", 4) != 0)
        return fail_with(out, NOTIFY_FAILED, 0, "the SMS gateway URL must be http(s)");
    if ((bad = notify_sms_number_check(to)) != NULL)
        return fail_with(out, NOTIFY_FAILED, 0, bad);
    bool ucs2;
    int parts = text ? notify_sms_segments(text, &ucs2) : 0;
    if (parts == 0)
        return fail_with(out, NOTIFY_FAILED, 0, "the text is empty or not UTF-8");
    if (parts > NOTIFY_SMS_MAX_SEGMENTS)
        return fail_with(out, NOTIFY_FAILED, 0,
                         "the text needs more than two segments (notify_sms_shorten first)");
    if (cfg->provider == CFG_SMS_KANNEL && (cfg->from == NULL || *cfg->from == '\0'))
        return fail_with(out, NOTIFY_FAILED, 0, "Kannel needs a sender (sms.from)");
    if (cfg->provider == CFG_SMS_HTTP && cfg->body_template == NULL)
        return fail_with(out, NOTIFY_FAILED, 0, "the http provider needs a body_template");

    CURL *curl = curl_easy_init();
    if (curl == NULL)
        fh_fatal("libcurl: cannot create a handle");
    struct notify_buf url = {0}, query = {0};
    struct curl_slist *headers = NULL;
    char *body = NULL;
    notify_buf_adds(&url, cfg->url);
    if (cfg->provider == CFG_SMS_KANNEL) {
        add_param(&query, curl, "username", cfg->username ? cfg->username : "");
        add_param(&query, curl, "password", cfg->password ? cfg->password : "");
        add_param(&query, curl, "from", cfg->from);
        add_param(&query, curl, "to", to);
        add_param(&query, curl, "text", text);
        add_param(&query, curl, "charset", "UTF-8");
        if (ucs2)
            add_param(&query, curl, "coding", "2");
        notify_buf_printf(&url, "%s%s", strchr(cfg->url, '?') ? "&" : "?", query.p);
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        bool json;
        body = fill_template(curl, cfg->body_template, to, text, &json);
        headers = curl_slist_append(headers, json ? "Content-Type: application/json; charset=UTF-8"
                                                  : "Content-Type: application/x-www-form-"
                                                    "urlencoded");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        if (cfg->username != NULL) {
            curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
            curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->username);
            curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
        }
    }
    struct reply reply = {.len = 0};
    reply.body[0] = '\0';
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, url.p);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);

    fh_result result;
    char line[NOTIFY_REASON_LEN];
    first_line(&reply, line, sizeof line);
    if (rc != CURLE_OK) {
        /* No usable answer: refused, timed out, reset. Worth another try,
         * except when the URL itself cannot work. */
        bool hopeless = rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT;
        notify_outcome_set(out, hopeless ? NOTIFY_FAILED : NOTIFY_RETRY, 0, "%s",
                           curl_err[0] ? curl_err : curl_easy_strerror(rc));
        result = hopeless ? FH_EINVAL : FH_EBUSY;
    } else if (status >= 200 && status < 300) {
        notify_outcome_set(out, NOTIFY_SENT, (int)status, "%ld %s", status, line);
        result = FH_OK;
    } else if (status >= 500 || status == 408 || status == 429) {
        notify_outcome_set(out, NOTIFY_RETRY, (int)status, "%ld %s", status, line);
        result = FH_EBUSY;
    } else {
        notify_outcome_set(out, NOTIFY_FAILED, (int)status, "%ld %s", status, line);
        result = status == 401 || status == 403 ? FH_EAUTH : FH_EIO;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    free(url.p);
    free(query.p);
    free(body);
    return result;
}
