/* web_page.c: what every page shares: its language (chosen, remembered,
 * switched), the layout around its content, form fields with their errors
 * and the error summary, form tokens, dates as people read them, the static
 * files compiled into the binary, and the face's route table and error
 * pages. Every string from outside reaches the page through web_txt,
 * web_attr or web_url_arg. */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A form token is good for this long: time enough to fill in a form
 * slowly, short enough that a page left open overnight asks again. */
#define CSRF_SECONDS        (3 * 3600)
#define LANG_COOKIE_SECONDS (365 * 24 * 3600)

/* ---- language ------------------------------------------------------------------ */

static bool secure_cookies(const struct http_ctx *c)
{
    return strncmp(c->svc->cfg->public_url, "https:", 6) == 0;
}

void web_page_init(struct web_page *p, struct http_ctx *c)
{
    memset(p, 0, sizeof *p);
    p->c = c;
    const char *asked = http_query(c, "lang"), *lang;
    if (asked != NULL && val_lang(asked, &lang) == NULL) {
        p->en = strcmp(lang, "en") == 0;
        char cookie[128];
        snprintf(cookie, sizeof cookie, "fh_lang=%s; Path=/; Max-Age=%d; SameSite=Lax; HttpOnly%s",
                 lang, LANG_COOKIE_SECONDS, secure_cookies(c) ? "; Secure" : "");
        http_add_header(c, "Set-Cookie", cookie);
        return;
    }
    const char *kept = http_cookie(c, "fh_lang");
    if (kept != NULL && val_lang(kept, &lang) == NULL)
        p->en = strcmp(lang, "en") == 0;
    else
        p->en = http_accept_language(c) == HTTP_LANG_EN;
}

struct text_row {
    const char *zh, *en;
};

#define WEB_TEXT_ROW(name, zh, en) [name] = {zh, en},
static const struct text_row texts[WEB_TEXT_COUNT] = {WEB_TEXTS(WEB_TEXT_ROW)};
#undef WEB_TEXT_ROW

const char *web_t(const struct web_page *p, enum web_text t)
{
    return p->en ? texts[t].en : texts[t].zh;
}

const char *web_pick(const struct web_page *p, const char *zh, const char *en)
{
    return p->en ? en : zh;
}

const char *web_service_name(const struct web_page *p, const struct sched_office *office,
                             int service)
{
    const struct sched_service_spec *s = &sched_office_spec(office)->services[service];
    return web_pick(p, s->name_zh, s->name_en);
}

/* ---- the layout ----------------------------------------------------------------- */

struct query_copy {
    struct web_buf *b;
    bool first;
};

static bool copy_arg(void *cls, const char *key, const char *value)
{
    struct query_copy *q = cls;
    if (strcmp(key, "lang") == 0 || strcmp(key, "done") == 0)
        return true;
    web_html(q->b, q->first ? "?" : "&amp;");
    q->first = false;
    web_url_arg(q->b, key);
    if (value != NULL) {
        web_html(q->b, "=");
        web_url_arg(q->b, value);
    }
    return true;
}

/* The switch to the other language: the same page, the same choices. */
static void lang_switch(struct web_page *p)
{
    struct query_copy q = {&p->b, true};
    web_html(&p->b, "<a class=\"fh-lang-switch\" href=\"");
    web_attr(&p->b, p->c->path);
    http_query_each(p->c, copy_arg, &q);
    web_html(&p->b, q.first ? "?" : "&amp;");
    web_html(&p->b, p->en ? "lang=zh-TW\" hreflang=\"zh-Hant-TW\" lang=\"zh-Hant-TW\">中文</a>"
                          : "lang=en\" hreflang=\"en\" lang=\"en\">English</a>");
}

void web_page_begin(struct web_page *p, const char *title)
{
    const struct web_asset *css = web_asset_find("/static/flexhours.css");
    struct web_buf *b = &p->b;
    web_html(b, "<!DOCTYPE html>\n<html lang=\"");
    web_html(b, p->en ? "en" : "zh-Hant-TW");
    web_html(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    if (p->fault_count > 0) {
        web_txt(b, web_t(p, T_ERROR_PREFIX));
    }
    web_txt(b, title);
    web_html(b, " – ");
    web_txt(b, web_t(p, T_SITE_NAME));
    web_html(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/flexhours.css?v=");
    /* The stylesheet's ETag names its version: a new one is a new address,
     * so the old one may be cached for good. */
    char version[40] = "";
    if (css != NULL)
        snprintf(version, sizeof version, "%.*s", (int)strlen(css->etag) - 2, css->etag + 1);
    web_url_arg(b, version);
    web_html(b, "\">\n<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">\n");
    if (p->refresh_seconds > 0)
        web_htmlf(b, "<meta http-equiv=\"refresh\" content=\"%d\">\n", p->refresh_seconds);
    web_html(b, "</head>\n<body>\n<a class=\"fh-skip-link\" href=\"#main\">");
    web_txt(b, web_t(p, T_SKIP_LINK));
    web_html(b, p->wide
                    ? "</a>\n<header class=\"fh-header\"><div class=\"fh-width fh-width--wide "
                      "fh-header__bar\">"
                    : "</a>\n<header class=\"fh-header\"><div class=\"fh-width fh-header__bar\">");
    web_html(b, "<a class=\"fh-header__title\" href=\"/\">"
                "<img src=\"/static/icon.svg\" alt=\"\" width=\"28\" height=\"28\"> ");
    web_txt(b, web_t(p, T_SITE_NAME));
    web_html(b, "</a>");
    lang_switch(p);
    web_html(b, p->wide ? "</div></header>\n<div class=\"fh-width fh-width--wide\">\n"
                          "<main class=\"fh-main\" id=\"main\">\n"
                        : "</div></header>\n<div class=\"fh-width\">\n<main class=\"fh-main\" "
                          "id=\"main\">\n");
}

void web_page_send(struct web_page *p, int status)
{
    struct web_buf *b = &p->b;
    web_html(b, p->wide
                    ? "</main>\n</div>\n<footer class=\"fh-footer\"><div class=\"fh-width "
                      "fh-width--wide\"><p>"
                    : "</main>\n</div>\n<footer class=\"fh-footer\"><div class=\"fh-width\"><p>");
    web_txt(b, web_t(p, T_FOOTER));
    web_html(b, "</p><p><a href=\"/find\">");
    web_txt(b, web_t(p, T_FIND_LINK));
    web_html(b, "</a></p></div></footer>\n</body>\n</html>\n");
    http_reply(p->c, status, "text/html; charset=utf-8", web_buf_take(b, NULL));
}

void web_redirect(struct http_ctx *c, const char *location)
{
    http_add_header(c, "Location", location);
    http_reply(c, HTTP_SEE_OTHER, "text/plain; charset=utf-8", fh_strdup(""));
}

void web_error(struct http_ctx *c, int status, enum web_text heading, enum web_text body)
{
    struct web_page p;
    web_page_init(&p, c);
    web_page_begin(&p, web_t(&p, heading));
    web_html(&p.b, "<h1 class=\"fh-heading-l\">");
    web_txt(&p.b, web_t(&p, heading));
    web_html(&p.b, "</h1>\n<p class=\"fh-body\">");
    web_txt(&p.b, web_t(&p, body));
    web_html(&p.b, "</p>\n<p class=\"fh-body\"><a href=\"/\">");
    web_txt(&p.b, web_t(&p, T_GO_HOME));
    web_html(&p.b, "</a></p>\n");
    web_page_send(&p, status);
}

void web_caption(struct web_page *p, int step, int steps)
{
    web_html(&p->b, "<p class=\"fh-caption\">");
    web_txt(&p->b, web_t(p, T_STEP));
    web_htmlf(&p->b, "%d", step);
    web_txt(&p->b, web_t(p, T_STEP_OF));
    web_htmlf(&p->b, "%d", steps);
    web_html(&p->b, "</p>\n");
}

void web_back_link(struct web_page *p, const char *href)
{
    web_html(&p->b, "<p><a class=\"fh-back-link\" href=\"");
    web_attr(&p->b, href);
    web_html(&p->b, "\">");
    web_txt(&p->b, web_t(p, T_BACK));
    web_html(&p->b, "</a></p>\n");
}

/* ---- forms ------------------------------------------------------------------------ */

void web_fault(struct web_page *p, const char *field, enum web_text message)
{
    if (p->fault_count < WEB_MAX_FAULTS && web_fault_of(p, field) == NULL)
        p->faults[p->fault_count++] = (struct web_fault){field, web_t(p, message)};
}

const struct web_fault *web_fault_of(const struct web_page *p, const char *field)
{
    for (size_t i = 0; i < p->fault_count; i++)
        if (strcmp(p->faults[i].field, field) == 0)
            return &p->faults[i];
    return NULL;
}

void web_error_summary(struct web_page *p)
{
    if (p->fault_count == 0)
        return;
    struct web_buf *b = &p->b;
    web_html(b, "<div class=\"fh-error-summary\" role=\"alert\" tabindex=\"-1\" "
                "aria-labelledby=\"error-summary-title\">\n"
                "<h2 class=\"fh-error-summary__title\" id=\"error-summary-title\">");
    web_txt(b, web_t(p, T_ERROR_SUMMARY));
    web_html(b, "</h2>\n<ul class=\"fh-error-summary__list\">\n");
    for (size_t i = 0; i < p->fault_count; i++) {
        const char *field = p->faults[i].field;
        web_html(b, "<li><a href=\"#");
        web_attr(b, field[0] == '#' ? field + 1 : field);
        web_html(b, "\">");
        web_txt(b, p->faults[i].message);
        web_html(b, "</a></li>\n");
    }
    web_html(b, "</ul>\n</div>\n");
}

void web_field_error(struct web_page *p, const char *id, const struct web_fault *f)
{
    struct web_buf *b = &p->b;
    if (f == NULL)
        return;
    web_html(b, "<p class=\"fh-error-message\"");
    if (id != NULL) {
        web_html(b, " id=\"");
        web_attr(b, id);
        web_html(b, "-error\"");
    }
    web_html(b, "><span class=\"fh-visually-hidden\">");
    web_txt(b, web_t(p, T_ERROR_PREFIX));
    web_html(b, "</span>");
    web_txt(b, f->message);
    web_html(b, "</p>\n");
}

void web_input(struct web_page *p, const struct web_input *in)
{
    struct web_buf *b = &p->b;
    const struct web_fault *f = web_fault_of(p, in->id);
    web_html(b, f ? "<div class=\"fh-field fh-field--error\">\n" : "<div class=\"fh-field\">\n");
    web_html(b, "<label class=\"fh-label\" for=\"");
    web_attr(b, in->id);
    web_html(b, "\">");
    web_txt(b, web_t(p, in->label));
    web_html(b, "</label>\n");
    if (in->hint != T_NONE) {
        web_html(b, "<p class=\"fh-hint\" id=\"");
        web_attr(b, in->id);
        web_html(b, "-hint\">");
        web_txt(b, web_t(p, in->hint));
        web_html(b, "</p>\n");
    }
    web_field_error(p, in->id, f);
    web_html(b, "<input class=\"fh-input");
    web_html(b, in->narrow ? " fh-input--short" : "");
    web_html(b, "\" id=\"");
    web_attr(b, in->id);
    web_html(b, "\" name=\"");
    web_attr(b, in->id);
    web_html(b, "\" type=\"");
    web_attr(b, in->type);
    web_html(b, "\"");
    if (in->value != NULL) {
        web_html(b, " value=\"");
        web_attr(b, in->value);
        web_html(b, "\"");
    }
    if (in->autocomplete != NULL) {
        web_html(b, " autocomplete=\"");
        web_attr(b, in->autocomplete);
        web_html(b, "\"");
    }
    if (in->spellcheck_off)
        web_html(b, " spellcheck=\"false\" autocapitalize=\"characters\"");
    if (in->hint != T_NONE || f != NULL) {
        web_html(b, " aria-describedby=\"");
        if (in->hint != T_NONE) {
            web_attr(b, in->id);
            web_html(b, "-hint");
        }
        if (f != NULL) {
            web_html(b, in->hint != T_NONE ? " " : "");
            web_attr(b, in->id);
            web_html(b, "-error");
        }
        web_html(b, "\"");
    }
    if (f != NULL)
        web_html(b, " aria-invalid=\"true\"");
    web_html(b, ">\n</div>\n");
}

static void csrf_key(struct http_ctx *c, uint8_t key[32])
{
    store_derive_key(c->svc->store, "web-form-token", key);
}

/* "TIME.MAC": the time the form was made, and the MAC of purpose and time. */
static void csrf_make(struct http_ctx *c, const char *purpose, int64_t at, char *out, size_t len)
{
    uint8_t key[32], mac[FH_SHA256_LEN];
    char hex[FH_SHA256_HEX_LEN];
    csrf_key(c, key);
    char *msg = fh_asprintf("%lld\n%s", (long long)at, purpose);
    fh_hmac_sha256(key, sizeof key, msg, strlen(msg), mac);
    free(msg);
    fh_wipe(key, sizeof key);
    fh_hex_encode(mac, sizeof mac, hex);
    snprintf(out, len, "%lld.%s", (long long)at, hex);
}

void web_csrf_field(struct web_page *p, const char *purpose)
{
    char token[128];
    csrf_make(p->c, purpose, fh_clock_now(), token, sizeof token);
    web_html(&p->b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_attr(&p->b, token);
    web_html(&p->b, "\">\n");
}

bool web_csrf_ok(struct http_ctx *c, const char *purpose)
{
    const char *got = http_form(c, "csrf");
    if (got == NULL || strlen(got) > 100)
        return false;
    char *end;
    long long at = strtoll(got, &end, 10);
    int64_t now = fh_clock_now();
    if (end == got || *end != '.' || at > now + 60 || now - at > CSRF_SECONDS)
        return false;
    char want[128];
    csrf_make(c, purpose, at, want, sizeof want);
    return strlen(got) == strlen(want) && fh_memeq_ct(got, want, strlen(want));
}

void web_csrf_refused(struct http_ctx *c)
{
    web_error(c, HTTP_FORBIDDEN, T_CSRF_HEADING, T_CSRF_BODY);
}

bool web_form_body(struct http_ctx *c)
{
    if (http_body_is(c, "application/x-www-form-urlencoded"))
        return true;
    web_error(c, HTTP_UNSUPPORTED_MEDIA_TYPE, T_ERROR_HEADING, T_FORM_ONLY);
    return false;
}

/* ---- dates and names ----------------------------------------------------------------- */

static const char *const weekday_zh[] = {"", "一", "二", "三", "四", "五", "六", "日"};
static const char *const weekday_en[] = {"",         "Monday", "Tuesday",  "Wednesday",
                                         "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const month_en[] = {"",        "January",  "February", "March",  "April",
                                       "May",     "June",     "July",     "August", "September",
                                       "October", "November", "December"};

void web_date(struct web_page *p, fh_day d, bool minguo)
{
    int y, m, day;
    fh_day_to_ymd(d, &y, &m, &day);
    if (p->en)
        web_htmlf(&p->b, "%s %d %s %d", weekday_en[fh_weekday(d)], day, month_en[m], y);
    else if (minguo)
        web_htmlf(&p->b, "%d年%d月%d日（%s）（民國%d年）", y, m, day, weekday_zh[fh_weekday(d)],
                  y - 1911);
    else
        web_htmlf(&p->b, "%d年%d月%d日（%s）", y, m, day, weekday_zh[fh_weekday(d)]);
}

void web_date_short(struct web_page *p, fh_day d)
{
    int y, m, day;
    fh_day_to_ymd(d, &y, &m, &day);
    if (p->en)
        web_htmlf(&p->b, "%s %d %s", weekday_en[fh_weekday(d)], day, month_en[m]);
    else
        web_htmlf(&p->b, "%d月%d日（%s）", m, day, weekday_zh[fh_weekday(d)]);
}

void web_month(struct web_page *p, int year, int month)
{
    if (p->en)
        web_htmlf(&p->b, "%s %d", month_en[month], year);
    else
        web_htmlf(&p->b, "%d年%d月", year, month);
}

/* A checkbox of the needs. */
static void need_box(struct web_page *p, const char *name, bool checked, enum web_text label)
{
    struct web_buf *b = &p->b;
    web_html(b, "<div class=\"fh-radio\"><input type=\"checkbox\" name=\"");
    web_attr(b, name);
    web_html(b, "\" id=\"");
    web_attr(b, name);
    web_html(b, checked ? "\" value=\"yes\" checked>" : "\" value=\"yes\">");
    web_html(b, "<label class=\"fh-label fh-radio__label\" for=\"");
    web_attr(b, name);
    web_html(b, "\">");
    web_txt(b, web_t(p, label));
    web_html(b, "</label></div>\n");
}

void web_needs_fields(struct web_page *p, bool wheelchair, bool priority, const char *interpreter)
{
    struct web_buf *b = &p->b;
    const struct web_fault *f = web_fault_of(p, "interpreter");
    web_html(b, "<div class=\"fh-field\"><fieldset class=\"fh-fieldset\" "
                "aria-describedby=\"needs-hint\">\n<legend class=\"fh-legend fh-legend--m\">");
    web_txt(b, web_t(p, T_NEEDS_LEGEND));
    web_html(b, "</legend>\n<p class=\"fh-hint\" id=\"needs-hint\">");
    web_txt(b, web_t(p, T_NEEDS_HINT));
    web_html(b, "</p>\n");
    need_box(p, "wheelchair", wheelchair, T_NEED_WHEELCHAIR);
    need_box(p, "priority_counter", priority, T_NEED_PRIORITY);
    web_html(b, f ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<label class=\"fh-label\" for=\"interpreter\">");
    web_txt(b, web_t(p, T_NEED_INTERPRETER));
    web_html(b, "</label>\n");
    web_field_error(p, "interpreter", f);
    web_html(b, "<select class=\"fh-select\" id=\"interpreter\" name=\"interpreter\"");
    web_html(b, f ? " aria-describedby=\"interpreter-error\">\n" : ">\n");
    enum sched_interpreter chosen = SCHED_INTERPRETER_NONE;
    if (interpreter != NULL)
        (void)sched_interpreter_parse(interpreter, &chosen);
    for (int i = SCHED_INTERPRETER_NONE; i < SCHED_INTERPRETER_COUNT; i++) {
        enum sched_interpreter it = (enum sched_interpreter)i;
        web_html(b, "<option value=\"");
        web_attr(b, sched_interpreter_code(it));
        web_html(b, it == chosen ? "\" selected>" : "\">");
        web_txt(b, sched_interpreter_name(it, p->en));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n</fieldset></div>\n");
}

void web_needs(struct web_page *p, const struct sched_needs *n)
{
    struct web_buf *b = &p->b;
    if (!sched_needs_any(n)) {
        web_txt(b, web_t(p, T_NEEDS_NONE));
        return;
    }
    const char *sep = "";
    if (n->wheelchair) {
        web_txt(b, web_t(p, T_NEED_WHEELCHAIR));
        sep = web_t(p, T_LIST_SEP);
    }
    if (n->priority_counter) {
        web_txt(b, sep);
        web_txt(b, web_t(p, T_NEED_PRIORITY));
        sep = web_t(p, T_LIST_SEP);
    }
    if (n->interpreter != SCHED_INTERPRETER_NONE) {
        web_txt(b, sep);
        web_txt(b, web_t(p, T_NEED_INTERPRETER));
        web_txt(b, p->en ? ": " : "：");
        web_txt(b, sched_interpreter_name(n->interpreter, p->en));
    }
}

void web_span(struct web_page *p, fh_minute start, fh_minute end)
{
    char from[6], to[6];
    fh_format_hhmm(fh_minute_of_day(start), from);
    /* An end at midnight is 24:00 of the same day, not 00:00. */
    fh_format_hhmm(fh_minute_of_day(end - 1) + 1, to);
    web_htmlf(&p->b, "%s–%s", from, to);
}

static const char *window_text(const struct web_page *p, const char *window, bool is_short)
{
    static const enum web_text words[2][SCHED_WIN_NAME_COUNT] = {
        {T_WIN_REGULAR, T_WIN_NOON, T_WIN_EVENING, T_WIN_SATURDAY, T_WIN_HOLIDAY},
        {T_WIN_REGULAR_SHORT, T_WIN_NOON_SHORT, T_WIN_EVENING_SHORT, T_WIN_SATURDAY_SHORT,
         T_WIN_HOLIDAY_SHORT},
    };
    enum sched_window_name n;
    if (sched_window_name_parse(window, &n) != NULL)
        return window;
    return web_t(p, words[is_short][n]);
}

const char *web_window_word(const struct web_page *p, const char *window)
{
    return window_text(p, window, false);
}

const char *web_window_short(const struct web_page *p, const char *window)
{
    return window_text(p, window, true);
}

/* ---- the static files ------------------------------------------------------------------- */

void web_static(struct http_ctx *c)
{
    char path[96];
    snprintf(path, sizeof path, "/static/%s", c->params[0]);
    const struct web_asset *a = web_asset_find(path);
    if (a == NULL) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    /* Pages name the stylesheet with its version (?v=ETAG): that address
     * never changes content, so browsers keep it; without the version they
     * ask again with the ETag. */
    const char *v = http_query(c, "v");
    size_t n = strlen(a->etag);
    bool versioned = v != NULL && strlen(v) + 2 == n && strncmp(a->etag + 1, v, n - 2) == 0;
    c->cache_control = versioned ? "public, max-age=31536000, immutable" : "public, max-age=300";
    http_add_header(c, "ETag", a->etag);
    const char *match = http_header(c, "If-None-Match");
    if (match != NULL && strstr(match, a->etag) != NULL) {
        http_reply_static(c, HTTP_NOT_MODIFIED, a->content_type, "", 0);
        return;
    }
    http_reply_static(c, HTTP_OK, a->content_type, a->data, a->len);
}

/* ---- the face ---------------------------------------------------------------------- */

const struct sched_office *web_path_office(struct http_ctx *c)
{
    const struct sched_office *office = cfg_office(c->svc->cfg, c->params[0]);
    if (office == NULL)
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
    return office;
}

static const struct http_route routes[] = {
    {"/", HTTP_GET, web_home},
    {"/static/*", HTTP_GET, web_static},
    {"/o/*", HTTP_GET, web_office},
    {"/o/*/book", HTTP_GET, web_book_service},
    {"/o/*/book/day", HTTP_GET, web_book_day},
    {"/o/*/book/time", HTTP_GET, web_book_time},
    {"/o/*/book/details", HTTP_GET, web_book_details},
    {"/o/*/book/details", HTTP_POST, web_book_details_post},
    {"/o/*/book/check", HTTP_GET, web_book_check},
    {"/o/*/book/check", HTTP_POST, web_book_check_post},
    {"/b/*", HTTP_GET, web_manage},
    {"/b/*/move", HTTP_GET, web_manage_move},
    {"/b/*/move", HTTP_POST, web_manage_move_post},
    {"/b/*/cancel", HTTP_GET, web_manage_cancel},
    {"/b/*/cancel", HTTP_POST, web_manage_cancel_post},
    {"/b/*/invite.ics", HTTP_GET, web_manage_invite},
    {"/o/*/waitlist", HTTP_GET, web_waitlist_form},
    {"/o/*/waitlist", HTTP_POST, web_waitlist_form_post},
    {"/w/*", HTTP_GET, web_waitlist_entry},
    {"/w/*/leave", HTTP_POST, web_waitlist_leave_post},
    {"/offer/*", HTTP_GET, web_offer},
    {"/offer/*/accept", HTTP_POST, web_offer_accept_post},
    {"/offer/*/decline", HTTP_POST, web_offer_decline_post},
    {"/o/*/draw/*", HTTP_GET, web_draw_form},
    {"/o/*/draw/*", HTTP_POST, web_draw_form_post},
    {"/d/*", HTTP_GET, web_draw_request},
    {"/b/*/survey", HTTP_GET, web_survey},
    {"/b/*/survey", HTTP_POST, web_survey_post},
    {"/find", HTTP_GET, web_find},
    {"/find", HTTP_POST, web_find_post},
    {"/admin", HTTP_GET, web_admin_bare},
    {"/admin/", HTTP_GET, web_admin_home},
    {"/admin/signin", HTTP_GET, web_admin_signin},
    {"/admin/signin", HTTP_POST, web_admin_signin_post},
    {"/admin/signout", HTTP_POST, web_admin_signout_post},
    {"/admin/audit", HTTP_GET, web_admin_audit},
    {"/admin/day", HTTP_GET, web_counter_day},
    {"/admin/day/status", HTTP_POST, web_counter_status_post},
    {"/admin/book", HTTP_GET, web_counter_book},
    {"/admin/book", HTTP_POST, web_counter_book_post},
    {"/admin/pending", HTTP_GET, web_counter_pending},
    {"/admin/pending/confirm", HTTP_POST, web_counter_confirm_post},
    {"/admin/suspensions", HTTP_GET, web_suspend_page},
    {"/admin/suspensions/lift", HTTP_POST, web_suspend_lift_post},
    {"/admin/figures", HTTP_GET, web_figures_first},
    {"/admin/offices/*/figures", HTTP_GET, web_figures_page},
    {"/admin/offices/*/figures.csv", HTTP_GET, web_figures_csv_download},
    {"/admin/offices/*/comments", HTTP_GET, web_figures_comments},
    {"/admin/roster", HTTP_GET, web_roster_month},
    {"/admin/roster/generate", HTTP_POST, web_roster_generate_post},
    {"/admin/roster/publish", HTTP_POST, web_roster_publish_post},
    {"/admin/roster/duty", HTTP_GET, web_roster_duty},
    {"/admin/roster/duty", HTTP_POST, web_roster_duty_post},
    {"/admin/roster/pin", HTTP_POST, web_roster_pin_post},
    {"/admin/roster/unpin", HTTP_POST, web_roster_unpin_post},
    {"/admin/comp", HTTP_GET, web_comp},
    {"/admin/comp", HTTP_POST, web_comp_post},
    {"/admin/closures", HTTP_GET, web_admin_closures},
    {"/admin/closures", HTTP_POST, web_admin_closure_post},
    {"/admin/closures/preview", HTTP_GET, web_admin_closure_preview},
    {"/admin/closures/reopen", HTTP_POST, web_admin_reopen_post},
    {"/admin/calendar", HTTP_GET, web_admin_calendar},
    {"/admin/calendar/preview", HTTP_POST, web_admin_calendar_preview_post},
    {"/admin/calendar/apply", HTTP_POST, web_admin_calendar_apply_post},
    {"/admin/messages", HTTP_GET, web_admin_messages},
    {"/admin/messages/*/retry", HTTP_POST, web_admin_message_retry_post},
};

static bool owns(const char *path)
{
    (void)path;
    return true; /* every path the API does not own */
}

static void face_error(struct http_ctx *c, int status, const char *code, const char *message,
                       const char *allow)
{
    (void)code;
    (void)message;
    http_reset(c);
    if (allow != NULL)
        http_add_header(c, "Allow", allow);
    switch (status) {
    case HTTP_NOT_FOUND:
        web_error(c, status, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        break;
    case HTTP_METHOD_NOT_ALLOWED:
        web_error(c, status, T_ERROR_HEADING, T_METHOD_BODY);
        break;
    case HTTP_CONTENT_TOO_LARGE:
        web_error(c, status, T_ERROR_HEADING, T_TOO_LARGE_BODY);
        break;
    default:
        web_error(c, status, T_ERROR_HEADING, T_INTERNAL_BODY);
        break;
    }
}

const struct http_face web_face = {
    .owns = owns,
    .routes = routes,
    .route_count = sizeof routes / sizeof routes[0],
    .error = face_error,
};
