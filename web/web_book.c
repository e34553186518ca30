/* web_book.c: the booking flow, one question a page: the office's home,
 * the service (with the documents to bring), the day and the time (web_flow.c),
 * the person's details, then "check your answers" and the one POST that
 * books, through the same checks and the same writer thread as the API.
 * The choices so far ride in the query string, so Back, reload and
 * bookmarks work; the details, which must not sit in an address, ride in a
 * sealed cookie between the details and the check page. */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long typed details are kept between the details and the check page. */
#define DRAFT_SECONDS 1800
/* The longest draft: two names of 100 characters (up to 400 bytes each),
 * an e-mail of 254, IDs, phone, start, service and time; sealed and in
 * base64 it still fits a header. */
#define DRAFT_MAX 1400

/* ---- the draft: the details typed, sealed in a cookie ---------------------------- */

enum draft_field {
    D_SERVICE,
    D_START,
    D_NAME,
    D_ID,
    D_PHONE,
    D_EMAIL,
    D_LANG,
    D_PNAME,
    D_PID,
    D_RESIDENT,    /* "yes", "no", or "" when not asked */
    D_WHEELCHAIR,  /* "yes" or "" */
    D_PRIORITY,    /* "yes" or "" */
    D_INTERPRETER, /* a language code or "" */
    D_EFFECTIVE,
    D_N
};
static const char *const draft_names[D_N] = {
    "service",     "start",          "name",
    "national_id", "phone",          "email",
    "lang",        "partner_name",   "partner_national_id",
    "resident",    "wheelchair",     "priority_counter",
    "interpreter", "effective_date",
};

struct draft {
    char text[DRAFT_MAX]; /* the fields, NUL-separated */
    const char *f[D_N];   /* into text; "" when not given */
};

static void draft_key(struct http_ctx *c, uint8_t key[FH_AEAD_KEY_LEN])
{
    store_derive_key(c->svc->store, "web-draft", key);
}

static const char *cookie_flags(const struct http_ctx *c)
{
    return strncmp(c->svc->cfg->public_url, "https:", 6) == 0 ? "; Secure" : "";
}

/* Seals the fields with the time and the office they were typed for. */
static void draft_set(struct http_ctx *c, const struct sched_office *office,
                      const char *const values[D_N])
{
    char plain[DRAFT_MAX];
    int n = snprintf(plain, sizeof plain, "%lld", (long long)fh_clock_now());
    for (int i = 0; i < D_N && n > 0 && (size_t)n < sizeof plain; i++)
        n +=
            snprintf(plain + n, sizeof plain - (size_t)n, "%c%s", 0x1f, values[i] ? values[i] : "");
    if (n <= 0 || (size_t)n >= sizeof plain) {
        /* Cannot happen: every field is capped by its validator. */
        fh_log(FH_LOG_ERROR, "a booking form's details do not fit their cookie");
        return;
    }
    size_t len = (size_t)n;
    uint8_t key[FH_AEAD_KEY_LEN], sealed[DRAFT_MAX + FH_AEAD_OVERHEAD];
    char text[FH_BASE64URL_LEN(DRAFT_MAX + FH_AEAD_OVERHEAD)];
    draft_key(c, key);
    const char *ad = sched_office_spec(office)->id;
    fh_aead_seal(key, ad, strlen(ad), plain, len, sealed);
    fh_wipe(key, sizeof key);
    fh_wipe(plain, sizeof plain);
    fh_base64url_encode(sealed, len + FH_AEAD_OVERHEAD, text);
    char *cookie = fh_asprintf("fh_draft=%s; Path=/o/; Max-Age=%d; SameSite=Strict; HttpOnly%s",
                               text, DRAFT_SECONDS, cookie_flags(c));
    http_add_header(c, "Set-Cookie", cookie);
    free(cookie);
}

static void draft_clear(struct http_ctx *c)
{
    char cookie[128];
    snprintf(cookie, sizeof cookie, "fh_draft=; Path=/o/; Max-Age=0; SameSite=Strict; HttpOnly%s",
             cookie_flags(c));
    http_add_header(c, "Set-Cookie", cookie);
}

/* The draft of this office's form, if the browser holds a fresh one. */
static bool draft_get(struct http_ctx *c, const struct sched_office *office, struct draft *d)
{
    const char *text = http_cookie(c, "fh_draft");
    uint8_t sealed[DRAFT_MAX + FH_AEAD_OVERHEAD], key[FH_AEAD_KEY_LEN];
    size_t n;
    memset(d, 0, sizeof *d);
    if (text == NULL || fh_base64url_decode(text, sealed, sizeof sealed, &n) != NULL ||
        n <= FH_AEAD_OVERHEAD)
        return false;
    draft_key(c, key);
    const char *ad = sched_office_spec(office)->id;
    fh_result r = fh_aead_open(key, ad, strlen(ad), sealed, n, (uint8_t *)d->text);
    fh_wipe(key, sizeof key);
    if (r != FH_OK)
        return false;
    size_t len = n - FH_AEAD_OVERHEAD;
    d->text[len] = '\0';
    char *p = d->text, *sep;
    long long at = strtoll(p, &sep, 10);
    if (*sep != 0x1f || fh_clock_now() - at > DRAFT_SECONDS || at > fh_clock_now() + 60)
        return false;
    for (int i = 0; i < D_N; i++) {
        if (*sep != 0x1f)
            return false;
        *sep = '\0';
        p = sep + 1;
        d->f[i] = p;
        sep = p + strcspn(p, "\x1f");
    }
    return *sep == '\0';
}

static void draft_wipe(struct draft *d)
{
    fh_wipe(d->text, sizeof d->text);
}

/* ---- the office's home ------------------------------------------------------------ */

static void office_link(struct web_page *p, const struct sched_office *office)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    web_html(&p->b, "<li><a href=\"/o/");
    web_url_arg(&p->b, o->id);
    web_html(&p->b, "\">");
    web_txt(&p->b, web_pick(p, o->name_zh, o->name_en));
    web_html(&p->b, "</a></li>\n");
}

/* What each kind of window means, in the words a citizen uses. */
static const enum web_text window_explained[SCHED_WIN_NAME_COUNT] = {
    [SCHED_WIN_REGULAR] = T_EXPLAIN_REGULAR, [SCHED_WIN_NOON] = T_EXPLAIN_NOON,
    [SCHED_WIN_EVENING] = T_EXPLAIN_EVENING, [SCHED_WIN_SATURDAY] = T_EXPLAIN_SATURDAY,
    [SCHED_WIN_HOLIDAY] = T_EXPLAIN_HOLIDAY,
};

static const enum web_text window_heading[SCHED_WIN_NAME_COUNT] = {
    [SCHED_WIN_REGULAR] = T_HOURS_REGULAR, [SCHED_WIN_NOON] = T_HOURS_NOON,
    [SCHED_WIN_EVENING] = T_HOURS_EVENING, [SCHED_WIN_SATURDAY] = T_HOURS_SATURDAY,
    [SCHED_WIN_HOLIDAY] = T_HOURS_HOLIDAY,
};

/* The office's hours: each kind of window once, with its times. */
static void office_hours(struct web_page *p, const struct sched_office *office)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p->b;
    web_html(b, "<dl class=\"fh-summary\">\n");
    for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
        int shown = 0, starts[8], ends[8];
        for (size_t w = 0; w < o->window_count; w++) {
            const struct sched_window_spec *ws = &o->windows[w];
            if ((int)ws->name != n)
                continue;
            bool seen = false;
            for (int k = 0; k < shown; k++)
                seen |= starts[k] == ws->start && ends[k] == ws->end;
            if (!seen && shown < 8) {
                starts[shown] = ws->start;
                ends[shown++] = ws->end;
            }
        }
        if (shown == 0)
            continue;
        web_html(b, "<div class=\"fh-summary__row\"><dt class=\"fh-summary__key\">");
        web_txt(b, web_t(p, window_heading[n]));
        web_html(b, "</dt><dd class=\"fh-summary__value\"><strong>");
        for (int k = 0; k < shown; k++) {
            web_html(b, k > 0 ? web_t(p, T_LIST_SEP) : "");
            web_span(p, starts[k], ends[k]);
        }
        web_html(b, "</strong><br>");
        web_txt(b, web_t(p, window_explained[n]));
        web_html(b, "</dd></div>\n");
    }
    web_html(b, "</dl>\n");
}

static void office_page(struct http_ctx *c, const struct sched_office *office)
{
    struct web_page p;
    web_page_init(&p, c);
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p.b;
    web_page_begin(&p, web_pick(&p, o->name_zh, o->name_en));
    web_html(b, "<h1 class=\"fh-heading-xl\">");
    web_txt(b, web_pick(&p, o->name_zh, o->name_en));
    web_html(b, "</h1>\n");
    const char *address = web_pick(&p, o->address_zh, o->address_en);
    if (address != NULL) {
        web_html(b, "<p class=\"fh-body\">");
        web_txt(b, address);
        web_html(b, "</p>\n");
    }
    web_html(b, "<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_OFFICE_INTRO));
    web_html(b, "</p>\n<p><a class=\"fh-button\" href=\"/o/");
    web_url_arg(b, o->id);
    web_html(b, "/book\">");
    web_txt(b, web_t(&p, T_START_BOOKING));
    web_html(b, "</a></p>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_HOURS_HEADING));
    web_html(b, "</h2>\n");
    office_hours(&p, office);
    /* Lucky dates opening at a set time: said where everybody looks first. */
    if (web_releases(NULL, office) > 0) {
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(&p, T_RELEASES_HEADING));
        web_html(b, "</h2>\n<ul class=\"fh-list fh-list--bullet\" id=\"releases\">\n");
        web_releases(&p, office);
        web_html(b, "</ul>\n");
    }
    web_html(b, "<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_SERVICES_HEADING));
    web_html(b, "</h2>\n<ul class=\"fh-list\">\n");
    for (size_t i = 0; i < o->service_count; i++) {
        if (!sched_office_offers(office, (int)i))
            continue;
        web_html(b, "<li><a href=\"/o/");
        web_url_arg(b, o->id);
        web_html(b, "/book?service=");
        web_url_arg(b, o->services[i].id);
        web_html(b, "\">");
        web_txt(b, web_service_name(&p, office, (int)i));
        web_html(b, "</a></li>\n");
    }
    web_html(b, "</ul>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_ALREADY_BOOKED));
    web_html(b, "</h2>\n<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_ALREADY_BOOKED_BODY));
    web_html(b, " <a href=\"/find\">");
    web_txt(b, web_t(&p, T_FIND_LINK));
    web_html(b, "</a></p>\n");
    web_page_send(&p, HTTP_OK);
}

void web_home(struct http_ctx *c)
{
    const struct fh_config *cfg = c->svc->cfg;
    if (cfg->office_count == 1) {
        office_page(c, cfg->offices[0]);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    web_page_begin(&p, web_t(&p, T_CHOOSE_OFFICE));
    web_html(&p.b, "<h1 class=\"fh-heading-xl\">");
    web_txt(&p.b, web_t(&p, T_CHOOSE_OFFICE));
    web_html(&p.b, "</h1>\n<ul class=\"fh-list\">\n");
    for (size_t i = 0; i < cfg->office_count; i++)
        office_link(&p, cfg->offices[i]);
    web_html(&p.b, "</ul>\n");
    web_page_send(&p, HTTP_OK);
}

void web_office(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    if (office != NULL)
        office_page(c, office);
}

/* ---- step 1: the service ----------------------------------------------------------- */

/* The documents to bring, as a list. */
void web_documents(struct web_page *p, const struct sched_office *office, int service)
{
    const struct sched_service_spec *s = &sched_office_spec(office)->services[service];
    if (s->document_count == 0)
        return;
    web_html(&p->b, "<ul class=\"fh-list fh-list--bullet\">\n");
    for (size_t d = 0; d < s->document_count; d++) {
        web_html(&p->b, "<li>");
        web_txt(&p->b, web_pick(p, s->documents[d].zh, s->documents[d].en));
        web_html(&p->b, "</li>\n");
    }
    web_html(&p->b, "</ul>\n");
}

static void service_page(struct http_ctx *c, const struct sched_office *office, const char *chosen,
                         bool missing)
{
    struct web_page p;
    web_page_init(&p, c);
    if (missing)
        web_fault(&p, "service", T_PICK_SERVICE);
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p.b;
    web_page_begin(&p, web_t(&p, T_SERVICE_TITLE));
    char back[96];
    snprintf(back, sizeof back, "/o/%s", o->id);
    web_back_link(&p, back);
    web_error_summary(&p);
    web_html(b, "<form method=\"get\" action=\"/o/");
    web_url_arg(b, o->id);
    web_html(b, "/book/day\" novalidate>\n");
    const struct web_fault *f = web_fault_of(&p, "service");
    web_html(b, f ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\"");
    if (f)
        web_html(b, " aria-describedby=\"service-error\"");
    web_html(b, ">\n<legend class=\"fh-legend\">");
    web_caption(&p, 1, 5);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_SERVICE_TITLE));
    web_html(b, "</h1></legend>\n");
    if (f) {
        web_html(b, "<p class=\"fh-error-message\" id=\"service-error\">");
        web_txt(b, f->message);
        web_html(b, "</p>\n");
    }
    web_html(b, "<div class=\"fh-radios\">\n");
    bool first = true;
    for (size_t i = 0; i < o->service_count; i++) {
        if (!sched_office_offers(office, (int)i))
            continue;
        const char *id = o->services[i].id;
        char input_id[80];
        snprintf(input_id, sizeof input_id, first ? "service" : "service-%s", id);
        web_html(b, "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                    "name=\"service\" id=\"");
        web_attr(b, input_id);
        web_html(b, "\" value=\"");
        web_attr(b, id);
        web_html(b, "\" aria-describedby=\"");
        web_attr(b, input_id);
        web_html(b, "-hint\"");
        if (chosen != NULL && strcmp(chosen, id) == 0)
            web_html(b, " checked");
        web_html(b, ">\n<label class=\"fh-label fh-radio__label\" for=\"");
        web_attr(b, input_id);
        web_html(b, "\"><strong>");
        web_txt(b, web_service_name(&p, office, (int)i));
        web_html(b, "</strong></label>\n<div class=\"fh-hint fh-radio__hint\" id=\"");
        web_attr(b, input_id);
        web_html(b, "-hint\">");
        unsigned names = sched_office_service_windows(office, (int)i);
        web_txt(b, web_t(&p, T_OFFERED_IN));
        bool any = false;
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
            if (!(names & (1u << n)))
                continue;
            web_html(b, any ? web_t(&p, T_LIST_SEP) : "");
            web_txt(b, web_window_word(&p, sched_window_name_str(n)));
            any = true;
        }
        if (o->services[i].document_count > 0) {
            web_html(b, "<br>");
            web_txt(b, web_t(&p, T_DOCUMENTS_TO_BRING));
            web_documents(&p, office, (int)i);
        }
        web_html(b, "</div></div>\n");
        first = false;
    }
    web_html(b, "</div>\n</fieldset></div>\n<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(&p, T_CONTINUE));
    web_html(b, "</button>\n</form>\n");
    web_page_send(&p, missing ? HTTP_UNPROCESSABLE_CONTENT : HTTP_OK);
}

void web_book_service(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    if (office != NULL)
        service_page(c, office, http_query(c, "service"), false);
}

/* The service the query names, or -1 after answering (the service page
 * again with an error when none was chosen). */
static int query_service(struct http_ctx *c, const struct sched_office *office)
{
    const char *id = http_query(c, "service");
    int service = id != NULL ? sched_office_service_index(office, id) : -1;
    if (service < 0 || !sched_office_offers(office, service)) {
        service_page(c, office, NULL, true);
        return -1;
    }
    return service;
}

static void flow_of(struct web_flow *f, const struct sched_office *office, int service)
{
    memset(f, 0, sizeof *f);
    f->office = office;
    f->service = service;
    snprintf(f->base, sizeof f->base, "/o/%s/book", sched_office_spec(office)->id);
    snprintf(f->back, sizeof f->back, "/o/%s/book?service=%s", sched_office_spec(office)->id,
             sched_office_spec(office)->services[service].id);
}

/* ---- steps 2 and 3: day and time ----------------------------------------------------- */

void web_book_day(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    int service;
    if (office == NULL || (service = query_service(c, office)) < 0)
        return;
    int year = 0, month = 0;
    const char *m = http_query(c, "month");
    if (m != NULL && fh_parse_month(m, &year, &month) != NULL)
        year = month = 0;
    struct web_flow f;
    flow_of(&f, office, service);
    struct web_page p;
    web_page_init(&p, c);
    web_flow_day(&p, &f, year, month);
}

static enum web_text refusal_text(const char *code)
{
    if (code == NULL)
        return T_NONE;
    for (int r = SCHED_NOT_A_SLOT; r < SCHED_REFUSAL_COUNT; r++)
        if (strcmp(code, sched_refusal_code(r)) == 0)
            return web_refusal_text(r);
    return strcmp(code, "pick") == 0 ? T_PICK_TIME : T_NONE;
}

void web_book_time(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    int service;
    if (office == NULL || (service = query_service(c, office)) < 0)
        return;
    fh_day day;
    const char *d = http_query(c, "day");
    struct web_flow f;
    flow_of(&f, office, service);
    struct web_page p;
    web_page_init(&p, c);
    if (d == NULL || fh_parse_date(d, &day) != NULL) {
        web_flow_day(&p, &f, 0, 0);
        return;
    }
    web_flow_time(&p, &f, day, refusal_text(http_query(c, "error")));
}

/* ---- step 4: the details ------------------------------------------------------------- */

/* The chosen slot of the query (service, start), checked to be bookable
 * now; else answers with the page that lets the person choose again. */
static bool query_slot(struct http_ctx *c, const struct sched_office *office, int *service,
                       fh_minute *start)
{
    if ((*service = query_service(c, office)) < 0)
        return false;
    const char *s = http_query(c, "start");
    struct web_flow f;
    flow_of(&f, office, *service);
    struct web_page p;
    if (s == NULL || svc_parse_start(office, s, start) != NULL) {
        /* No time chosen on the time page: that page again, saying so. */
        fh_day day;
        const char *d = http_query(c, "day");
        web_page_init(&p, c);
        if (d != NULL && fh_parse_date(d, &day) == NULL)
            web_flow_time(&p, &f, day, T_PICK_TIME);
        else
            web_flow_day(&p, &f, 0, 0);
        return false;
    }
    struct sched_slot *slots;
    size_t n;
    char err[FH_ERR_LEN] = "";
    fh_day day = fh_day_of(*start);
    if (svc_slots(c->svc, office, *service, day, day, svc_now(office), 0, &slots, &n, err,
                  sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return false;
    }
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        found = slots[i].start == *start;
    free(slots);
    if (!found) {
        web_page_init(&p, c);
        web_flow_time(&p, &f, day, T_SLOT_GONE);
    }
    return found;
}

/* The chosen service, day and time, as a line above a form. */
static void choice_inset(struct web_page *p, const struct sched_office *office, int service,
                         fh_minute start, fh_minute end, const char *window)
{
    web_html(&p->b, "<div class=\"fh-inset\"><p><strong>");
    web_txt(&p->b, web_service_name(p, office, service));
    web_html(&p->b, "</strong><br>");
    web_date(p, fh_day_of(start), false);
    web_html(&p->b, " ");
    web_span(p, start, end);
    if (window != NULL) {
        web_html(&p->b, " <span class=\"fh-tag\">");
        web_txt(&p->b, web_window_word(p, window));
        web_html(&p->b, "</span>");
    }
    web_html(&p->b, "</p></div>\n");
}

/* The window and end of a bookable start (for showing it), and whether
 * the window takes residents of the district only (residents_only may be
 * NULL). */
static const char *slot_window(struct http_ctx *c, const struct sched_office *office, int service,
                               fh_minute start, fh_minute *end, bool *residents_only)
{
    if (residents_only != NULL)
        *residents_only = false;
    struct sched_slot *slots;
    size_t n;
    char err[FH_ERR_LEN] = "";
    const char *window = NULL;
    *end = start + sched_office_spec(office)->services[service].minutes;
    fh_day day = fh_day_of(start);
    if (svc_slots(c->svc, office, service, day, day, svc_now(office), SCHED_SLOTS_ALL, &slots, &n,
                  err, sizeof err) != FH_OK)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (slots[i].start == start) {
            const struct sched_window_spec *ws = sched_office_window(office, slots[i].window);
            *end = slots[i].end;
            window = sched_window_name_str(ws->name);
            if (residents_only != NULL)
                *residents_only = ws->residents_only;
        }
    free(slots);
    return window;
}

/* The radios of the messages' language (value: "zh-TW", "en" or NULL: the
 * page's). */
static void lang_radios(struct web_page *p, const char *value)
{
    struct web_buf *b = &p->b;
    bool en = value != NULL ? strcmp(value, "en") == 0 : p->en;
    web_html(b, "<div class=\"fh-field\"><fieldset class=\"fh-fieldset\">\n"
                "<legend class=\"fh-legend fh-legend--m\">");
    web_txt(b, web_t(p, T_LANG_LEGEND));
    web_html(b, "</legend>\n<div class=\"fh-radios fh-radios--inline\">\n"
                "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                "name=\"lang\" id=\"lang\" value=\"zh-TW\"");
    web_html(b, en ? "" : " checked");
    web_html(b, "><label class=\"fh-label fh-radio__label\" for=\"lang\" lang=\"zh-Hant-TW\">"
                "中文</label></div>\n<div class=\"fh-radio\"><input class=\"fh-radio__input\" "
                "type=\"radio\" name=\"lang\" id=\"lang-en\" value=\"en\"");
    web_html(b, en ? " checked" : "");
    web_html(b, "><label class=\"fh-label fh-radio__label\" for=\"lang-en\" lang=\"en\">"
                "English</label></div>\n</div></fieldset></div>\n");
}

static bool is_yes(const char *v)
{
    return v != NULL && strcmp(v, "yes") == 0;
}

/* A radio of a fieldset; the first of a group has the group's id, which
 * the error summary links to. */
static void radio(struct web_page *p, const char *name, const char *id, const char *value,
                  bool checked, enum web_text label, const char *described)
{
    struct web_buf *b = &p->b;
    web_html(b, "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" name=\"");
    web_attr(b, name);
    web_html(b, "\" id=\"");
    web_attr(b, id);
    web_html(b, "\" value=\"");
    web_attr(b, value);
    web_html(b, checked ? "\" checked" : "\"");
    if (described != NULL) {
        web_html(b, " aria-describedby=\"");
        web_attr(b, described);
        web_html(b, "\"");
    }
    web_html(b, "><label class=\"fh-label fh-radio__label\" for=\"");
    web_attr(b, id);
    web_html(b, "\">");
    web_txt(b, web_t(p, label));
    web_html(b, "</label></div>\n");
}

/* The question of a residents-only window: the holder says whether they
 * live in the district, and learns that the counter checks it. */
static void resident_question(struct web_page *p, const char *value)
{
    struct web_buf *b = &p->b;
    const struct web_fault *f = web_fault_of(p, "resident");
    web_html(b, f ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\" aria-describedby=\"resident-hint");
    web_html(b, f ? " resident-error\">\n" : "\">\n");
    web_html(b, "<legend class=\"fh-legend fh-legend--m\">");
    web_txt(b, web_t(p, T_RESIDENT_LEGEND));
    web_html(b, "</legend>\n<p class=\"fh-hint\" id=\"resident-hint\">");
    web_txt(b, web_t(p, T_RESIDENT_HINT));
    web_html(b, "</p>\n");
    web_field_error(p, "resident", f);
    web_html(b, "<div class=\"fh-radios\">\n");
    radio(p, "resident", "resident", "yes", is_yes(value), T_RESIDENT_YES, NULL);
    radio(p, "resident", "resident-no", "no", value != NULL && strcmp(value, "no") == 0,
          T_RESIDENT_NO, NULL);
    web_html(b, "</div></fieldset></div>\n");
}

void web_person_fields(struct web_page *p, const struct web_person_form *f)
{
    struct web_buf *b = &p->b;
    if (f->booking && f->couple) {
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(p, T_FIRST_PERSON));
        web_html(b, "</h2>\n");
    }
    web_input(
        p, &(struct web_input){"name", T_NAME, T_NAME_HINT, f->name, "text", "name", false, false});
    web_input(p, &(struct web_input){"national_id", T_NATIONAL_ID, T_NATIONAL_ID_HINT,
                                     f->national_id, "text", "off", true, true});
    if (f->residents_only)
        resident_question(p, f->resident);
    if (f->couple) {
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(p, T_PARTNER));
        web_html(b, "</h2>\n");
        if (f->booking) {
            web_html(b, "<p class=\"fh-body\">");
            web_txt(b, web_t(p, T_PARTNER_WHY));
            web_html(b, "</p>\n");
        }
        web_input(p, &(struct web_input){"partner_name", T_PARTNER_NAME, T_NONE, f->partner_name,
                                         "text", "off", false, false});
        web_input(p, &(struct web_input){"partner_national_id", T_PARTNER_NATIONAL_ID,
                                         T_NATIONAL_ID_HINT_SHORT, f->partner_national_id, "text",
                                         "off", true, true});
    }
    /* A marriage may be filed ahead of the date it takes effect (a
     * holiday's, without holiday staff): offered where the office allows
     * it, the span in its own office days. */
    if (f->couple && f->effective_days > 0) {
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(p, T_EFFECTIVE_HEADING));
        web_html(b, "</h2>\n<p class=\"fh-body\" id=\"effective-why\">");
        web_txt(b, web_t(p, T_EFFECTIVE_WHY_1));
        web_htmlf(b, "%d", f->effective_days);
        web_txt(b, web_t(p, T_EFFECTIVE_WHY_2));
        web_html(b, "</p>\n");
        web_input(p, &(struct web_input){"effective_date", T_EFFECTIVE_DATE, T_EFFECTIVE_DATE_HINT,
                                         f->effective_date, "date", "off", true, true});
    }
    web_html(b, "<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(p, T_CONTACT));
    web_html(b, "</h2>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_CONTACT_WHY));
    web_html(b, "</p>\n");
    web_input(p, &(struct web_input){"phone", T_PHONE, T_PHONE_HINT, f->phone, "tel", "tel", false,
                                     false});
    web_input(p, &(struct web_input){"email", T_EMAIL, T_EMAIL_HINT, f->email, "email", "email",
                                     false, false});
    lang_radios(p, f->lang);
}

static void details_form(struct web_page *p, const struct sched_office *office, int service,
                         fh_minute start, const char *const values[D_N], int status)
{
    struct http_ctx *c = p->c;
    const struct sched_office_spec *o = sched_office_spec(office);
    bool couple = o->services[service].couple;
    struct web_buf *b = &p->b;
    char start_s[FH_TIME_LEN];
    fh_format_local(start, o->utc_offset, start_s);

    web_page_begin(p, web_t(p, T_DETAILS_TITLE));
    web_back_to_day(p, office, service, fh_day_of(start));
    web_error_summary(p);
    web_caption(p, 4, 5);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_DETAILS_TITLE));
    web_html(b, "</h1>\n");
    fh_minute end;
    bool residents_only;
    const char *window = slot_window(c, office, service, start, &end, &residents_only);
    choice_inset(p, office, service, start, end, window);
    web_html(b, "<form method=\"post\" action=\"/o/");
    web_url_arg(b, o->id);
    web_html(b, "/book/details?service=");
    web_url_arg(b, o->services[service].id);
    web_html(b, "&amp;start=");
    web_url_arg(b, start_s);
    web_html(b, "\" novalidate>\n");
    char purpose[96];
    snprintf(purpose, sizeof purpose, "details:%s", o->id);
    web_csrf_field(p, purpose);
    web_person_fields(p, &(struct web_person_form){
                             .name = values[D_NAME],
                             .national_id = values[D_ID],
                             .phone = values[D_PHONE],
                             .email = values[D_EMAIL],
                             .lang = values[D_LANG],
                             .couple = couple,
                             .partner_name = values[D_PNAME],
                             .partner_national_id = values[D_PID],
                             .booking = true,
                             .residents_only = residents_only,
                             .resident = values[D_RESIDENT],
                             .effective_days = o->designated_date_days,
                             .effective_date = values[D_EFFECTIVE],
                         });
    web_needs_fields(p, is_yes(values[D_WHEELCHAIR]), is_yes(values[D_PRIORITY]),
                     values[D_INTERPRETER]);
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_CONTINUE));
    web_html(b, "</button>\n</form>\n");
    web_page_send(p, status);
}

void web_book_details(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    int service;
    fh_minute start;
    if (office == NULL || !query_slot(c, office, &service, &start))
        return;
    struct draft d;
    const char *values[D_N] = {NULL};
    /* Coming back to change the details: what was typed is still there. */
    if (draft_get(c, office, &d))
        for (int i = D_NAME; i < D_N; i++)
            values[i] = d.f[i][0] ? d.f[i] : NULL;
    struct web_page p;
    web_page_init(&p, c);
    details_form(&p, office, service, start, values, HTTP_OK);
    draft_wipe(&d);
}

void web_book_faults(struct web_page *p, const struct svc_field_error *faults, size_t n)
{
    /* The interpreter is asked by a select named as the page names it. */
    for (size_t i = 0; i < n && i < WEB_MAX_FAULTS; i++)
        web_fault(
            p, strcmp(faults[i].field, "needs.interpreter") == 0 ? "interpreter" : faults[i].field,
            strncmp(faults[i].why, "effective_date_", 15) == 0
                ? web_effective_text(faults[i].why)
                : web_book_fault_text(faults[i].field, faults[i].why));
}

/* The words for a field's fault, in the words a citizen understands. */
enum web_text web_book_fault_text(const char *field, const char *why)
{
    bool missing = strcmp(why, "missing") == 0 || strcmp(why, "blank") == 0;
    bool partner = strncmp(field, "partner_", 8) == 0;
    if (strcmp(field, "name") == 0 || strcmp(field, "partner_name") == 0) {
        if (missing)
            return partner ? T_ERR_PARTNER_NAME_MISSING : T_ERR_NAME_MISSING;
        return strstr(why, "longer") ? T_ERR_NAME_LONG : T_ERR_NAME_CHARS;
    }
    if (strcmp(field, "national_id") == 0 || strcmp(field, "partner_national_id") == 0) {
        if (missing)
            return partner ? T_ERR_PARTNER_ID_MISSING : T_ERR_ID_MISSING;
        if (strcmp(why, "check digit does not match") == 0)
            return T_ERR_ID_CHECK_DIGIT;
        if (strcmp(why, "second character must be 1, 2, 8 or 9") == 0)
            return T_ERR_ID_SECOND;
        if (strcmp(why, "the same as the first person's") == 0)
            return T_ERR_PARTNER_SAME;
        return T_ERR_ID_FORM;
    }
    if (strcmp(field, "phone") == 0)
        return strcmp(why, "give a mobile number or an e-mail address") == 0 ? T_ERR_CONTACT_MISSING
                                                                             : T_ERR_PHONE;
    if (strcmp(field, "email") == 0)
        return T_ERR_EMAIL;
    if (strcmp(field, "lang") == 0)
        return T_ERR_LANG;
    if (strcmp(field, "resident") == 0)
        return T_ERR_RESIDENT_MISSING;
    if (strcmp(field, "needs.interpreter") == 0)
        return T_ERR_INTERPRETER;
    if (strcmp(field, "effective_date") == 0)
        return strcmp(why, "missing") == 0 || strstr(why, "marriage") == NULL
                   ? T_ERR_EFFECTIVE_FORM
                   : T_ERR_EFFECTIVE_NOT_OFFERED;
    return T_ERR_GENERIC;
}

/* A field of the form: NULL when left empty (an empty box is "not given"). */
static const char *form_field(struct http_ctx *c, const char *name)
{
    const char *v = http_form(c, name);
    if (v == NULL)
        return NULL;
    while (*v == ' ')
        v++;
    return *v != '\0' ? v : NULL;
}

/* Fills in the checks of the details: what the form sent, with the slot of
 * the query; values receive what to show again. */
static size_t check_details(struct http_ctx *c, const struct sched_office *office, int service,
                            const char *start, const char *values[D_N],
                            struct svc_booking_request *req, struct svc_field_error *faults,
                            size_t max)
{
    for (int i = D_NAME; i < D_N; i++)
        values[i] = form_field(c, draft_names[i]);
    const struct sched_office_spec *o = sched_office_spec(office);
    struct svc_booking_input in = {
        .office = o->id,
        .service = o->services[service].id,
        .start = start,
        .name = values[D_NAME],
        .national_id = values[D_ID],
        .phone = values[D_PHONE],
        .email = values[D_EMAIL],
        .lang = values[D_LANG],
        .partner_name = values[D_PNAME],
        .partner_national_id = values[D_PID],
        .effective_date = values[D_EFFECTIVE],
        .partner_required = true,
        .resident = is_yes(values[D_RESIDENT]),
        .wheelchair = is_yes(values[D_WHEELCHAIR]),
        .priority_counter = is_yes(values[D_PRIORITY]),
        .interpreter = values[D_INTERPRETER],
    };
    size_t n = svc_booking_check(c->svc->cfg, &in, req, faults, max);
    /* A residents-only window asks; the answer is the person's to give
     * (the scheduler refuses "no" when the booking is made). */
    fh_minute end;
    bool residents_only;
    if (slot_window(c, office, service, req->start, &end, &residents_only) != NULL &&
        residents_only && values[D_RESIDENT] == NULL) {
        if (n < max)
            faults[n] = (struct svc_field_error){"resident", "missing"};
        n++;
    }
    /* The span of office days, at once on the form (booking checks it
     * again with the calendar then in force). */
    if (n == 0 && req->effective_day != FH_NO_DAY) {
        enum sched_effective e =
            svc_effective_check(c->svc, office, service, req->start, req->effective_day);
        if (e != SCHED_EFFECTIVE_OK && n < max)
            faults[n++] = (struct svc_field_error){"effective_date", sched_effective_code(e)};
    }
    return n;
}

void web_book_details_post(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    int service;
    fh_minute start;
    if (office == NULL || !web_form_body(c) || !query_slot(c, office, &service, &start))
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    char purpose[96];
    snprintf(purpose, sizeof purpose, "details:%s", o->id);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return;
    }
    const char *values[D_N] = {NULL};
    struct svc_booking_request req;
    struct svc_field_error faults[WEB_MAX_FAULTS];
    size_t n = check_details(c, office, service, http_query(c, "start"), values, &req, faults,
                             WEB_MAX_FAULTS);
    svc_booking_request_wipe(&req);
    struct web_page p;
    web_page_init(&p, c);
    if (n > 0) {
        web_book_faults(&p, faults, n);
        details_form(&p, office, service, start, values, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    values[D_SERVICE] = o->services[service].id;
    values[D_START] = http_query(c, "start");
    draft_set(c, office, values);
    /* The start goes back into the address as it came (percent-encoded). */
    struct web_buf loc = {0};
    web_html(&loc, "/o/");
    web_url_arg(&loc, o->id);
    web_html(&loc, "/book/check?service=");
    web_url_arg(&loc, o->services[service].id);
    web_html(&loc, "&start=");
    web_url_arg(&loc, values[D_START]);
    char *location = web_buf_take(&loc, NULL);
    web_redirect(c, location);
    free(location);
    web_buf_free(&p.b);
}

/* ---- step 5: check your answers, then book ------------------------------------------- */

/* "A******789", as the store masks it: the first letter and the last three
 * digits, enough to recognise one's own number and no more. */
static void masked_id(struct web_page *p, const char *id)
{
    char shown[16];
    size_t n = strlen(id);
    if (n != VAL_NATIONAL_ID_LEN) {
        web_txt(&p->b, "");
        return;
    }
    snprintf(shown, sizeof shown, "%.1s******%s", id, id + n - 3);
    web_txt(&p->b, shown);
}

/* A row of "check your answers": key, value (written by the caller between
 * summary_row and summary_end), and the link to change it, in the order a
 * screen reader reads them. */
static void summary_row(struct web_page *p, enum web_text key)
{
    web_html(&p->b, "<div class=\"fh-summary__row\"><dt class=\"fh-summary__key\">");
    web_txt(&p->b, web_t(p, key));
    web_html(&p->b, "</dt><dd class=\"fh-summary__value\">");
}

static void summary_end(struct web_page *p, enum web_text key, const char *change_href)
{
    web_html(&p->b, "</dd><dd class=\"fh-summary__action\"><a href=\"");
    web_attr(&p->b, change_href);
    web_html(&p->b, "\">");
    web_txt(&p->b, web_t(p, T_CHANGE));
    web_html(&p->b, "<span class=\"fh-visually-hidden\"> ");
    web_txt(&p->b, web_t(p, key));
    web_html(&p->b, "</span></a></dd></div>\n");
}

/* The draft matching the query, or NULL after sending the person to the
 * details page again. */
static bool check_draft(struct http_ctx *c, const struct sched_office *office, int service,
                        struct draft *d)
{
    const char *start = http_query(c, "start");
    if (draft_get(c, office, d) &&
        strcmp(d->f[D_SERVICE], sched_office_spec(office)->services[service].id) == 0 &&
        start != NULL && strcmp(d->f[D_START], start) == 0)
        return true;
    draft_wipe(d);
    /* Gone (expired, another browser, another slot): type them again. */
    struct web_buf loc = {0};
    web_html(&loc, "/o/");
    web_url_arg(&loc, sched_office_spec(office)->id);
    web_html(&loc, "/book/details?service=");
    web_url_arg(&loc, sched_office_spec(office)->services[service].id);
    web_html(&loc, "&start=");
    web_url_arg(&loc, start != NULL ? start : "");
    char *location = web_buf_take(&loc, NULL);
    web_redirect(c, location);
    free(location);
    return false;
}

/* The refusal of a person whose online booking is suspended: not a form
 * error (nothing on the answers can change it), so not the answers page
 * with its button again, but a page of its own that says so in words, until
 * when (the address carries the date; a date that is none is left out), that
 * nothing was booked, and what the person can do instead. */
static void suspended_page(struct http_ctx *c, const struct sched_office *office)
{
    struct web_page p;
    web_page_init(&p, c);
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p.b;
    web_page_begin(&p, web_t(&p, T_SUSPENDED_TITLE));
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_SUSPENDED_TITLE));
    web_html(b, "</h1>\n<div class=\"fh-notice fh-notice--info\" id=\"suspended\">"
                "<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_SUSPENDED_BODY));
    web_html(b, "</p>\n");
    fh_day until;
    const char *until_s = http_query(c, "until");
    if (until_s != NULL && fh_parse_date(until_s, &until) == NULL) {
        web_html(b, "<p class=\"fh-body\" id=\"suspended-until\"><strong>");
        web_txt(b, web_t(&p, T_SUSPENDED_UNTIL));
        web_html(b, "<span class=\"fh-nowrap\">"); /* the date on one line */
        web_date(&p, until, false);
        web_html(b, "</span></strong></p>\n");
    }
    web_html(b, "</div>\n<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_SUSPENDED_NOT_BOOKED));
    web_html(b, "</p>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_SUSPENDED_INSTEAD));
    web_html(b, "</h2>\n<ul class=\"fh-list fh-list--bullet\" id=\"suspended-instead\">\n<li>");
    web_txt(b, web_t(&p, T_SUSPENDED_CALL));
    web_html(b, "</li>\n<li>");
    web_txt(b, web_t(&p, T_SUSPENDED_VISIT));
    const char *address = web_pick(&p, o->address_zh, o->address_en);
    if (address != NULL) {
        web_txt(b, web_t(&p, T_SUSPENDED_AT));
        web_txt(b, web_pick(&p, o->name_zh, o->name_en));
        web_txt(b, web_t(&p, T_LIST_SEP));
        web_txt(b, address);
    }
    web_html(b, "</li>\n</ul>\n<p class=\"fh-body\"><a href=\"/o/");
    web_url_arg(b, o->id);
    web_html(b, "\">");
    web_txt(b, web_t(&p, T_GO_HOME));
    web_html(b, "</a></p>\n");
    web_page_send(&p, HTTP_CONFLICT);
}

static void check_page(struct http_ctx *c, const struct sched_office *office, int service,
                       fh_minute start, const struct draft *d, enum web_text error)
{
    if (error == T_REFUSED_SUSPENDED) {
        suspended_page(c, office);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p.b;
    bool couple = o->services[service].couple;
    if (error != T_NONE)
        web_fault(&p, error == T_REFUSED_RESIDENT ? "resident" : "national_id", error);
    web_page_begin(&p, web_t(&p, T_CHECK_TITLE));
    char day_s[FH_DATE_LEN];
    fh_format_date(fh_day_of(start), day_s);
    struct web_buf href = {0};
    web_html(&href, "/o/");
    web_url_arg(&href, o->id);
    web_html(&href, "/book/details?service=");
    web_url_arg(&href, o->services[service].id);
    web_html(&href, "&start=");
    web_url_arg(&href, d->f[D_START]);
    char *details = web_buf_take(&href, NULL);
    web_back_link(&p, details);
    web_error_summary(&p);
    web_caption(&p, 5, 5);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_CHECK_TITLE));
    web_html(b, "</h1>\n<dl class=\"fh-summary\">\n");

    char *service_href = fh_asprintf("/o/%s/book?service=%s", o->id, o->services[service].id);
    summary_row(&p, T_SUMMARY_SERVICE);
    web_txt(b, web_service_name(&p, office, service));
    summary_end(&p, T_SUMMARY_SERVICE, service_href);
    char *day_href =
        fh_asprintf("/o/%s/book/day?service=%s&month=%.7s", o->id, o->services[service].id, day_s);
    summary_row(&p, T_SUMMARY_DAY);
    web_date(&p, fh_day_of(start), true);
    summary_end(&p, T_SUMMARY_DAY, day_href);
    char *time_href =
        fh_asprintf("/o/%s/book/time?service=%s&day=%s", o->id, o->services[service].id, day_s);
    summary_row(&p, T_SUMMARY_TIME);
    fh_minute end;
    bool residents_only;
    const char *window = slot_window(c, office, service, start, &end, &residents_only);
    web_span(&p, start, end);
    if (window != NULL) {
        web_html(b, " ");
        web_txt(b, web_window_word(&p, window));
    }
    summary_end(&p, T_SUMMARY_TIME, time_href);
    summary_row(&p, T_NAME);
    web_html(b, "<bdi>");
    web_txt(b, d->f[D_NAME]);
    web_html(b, "</bdi>");
    summary_end(&p, T_NAME, details);
    summary_row(&p, T_NATIONAL_ID);
    masked_id(&p, d->f[D_ID]);
    summary_end(&p, T_NATIONAL_ID, details);
    if (couple) {
        summary_row(&p, T_PARTNER_NAME);
        web_html(b, "<bdi>");
        web_txt(b, d->f[D_PNAME]);
        web_html(b, "</bdi>");
        summary_end(&p, T_PARTNER_NAME, details);
        summary_row(&p, T_PARTNER_NATIONAL_ID);
        masked_id(&p, d->f[D_PID]);
        summary_end(&p, T_PARTNER_NATIONAL_ID, details);
        if (d->f[D_EFFECTIVE][0] != '\0') {
            summary_row(&p, T_EFFECTIVE_DATE);
            fh_day eff;
            if (fh_parse_date(d->f[D_EFFECTIVE], &eff) == NULL)
                web_date(&p, eff, true);
            web_txt(b, web_t(&p, T_EFFECTIVE_SUFFIX));
            summary_end(&p, T_EFFECTIVE_DATE, details);
        }
    }
    summary_row(&p, T_PHONE);
    web_txt(b, d->f[D_PHONE][0] ? d->f[D_PHONE] : web_t(&p, T_NOT_GIVEN));
    summary_end(&p, T_PHONE, details);
    summary_row(&p, T_EMAIL);
    web_txt(b, d->f[D_EMAIL][0] ? d->f[D_EMAIL] : web_t(&p, T_NOT_GIVEN));
    summary_end(&p, T_EMAIL, details);
    summary_row(&p, T_LANG_LEGEND);
    web_html(b, strcmp(d->f[D_LANG], "en") == 0 ? "English" : "中文");
    summary_end(&p, T_LANG_LEGEND, details);
    if (residents_only) {
        /* The row the error summary of a not_resident refusal links to. */
        web_html(b, "<div class=\"fh-summary__row\" id=\"resident\" tabindex=\"-1\">"
                    "<dt class=\"fh-summary__key\">");
        web_txt(b, web_t(&p, T_RESIDENT));
        web_html(b, "</dt><dd class=\"fh-summary__value\">");
        web_txt(b,
                web_t(&p, is_yes(d->f[D_RESIDENT]) ? T_RESIDENT_CLAIMED : T_RESIDENT_NOT_CLAIMED));
        web_html(b, "</dd><dd class=\"fh-summary__action\"><a href=\"");
        web_attr(b, details);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_CHANGE));
        web_html(b, "<span class=\"fh-visually-hidden\"> ");
        web_txt(b, web_t(&p, T_RESIDENT));
        web_html(b, "</span></a></dd></div>\n");
    }
    struct sched_needs needs = {is_yes(d->f[D_WHEELCHAIR]), is_yes(d->f[D_PRIORITY]),
                                SCHED_INTERPRETER_NONE};
    (void)sched_interpreter_parse(d->f[D_INTERPRETER], &needs.interpreter);
    summary_row(&p, T_NEEDS);
    web_needs(&p, &needs);
    summary_end(&p, T_NEEDS, details);
    web_html(b, "</dl>\n");
    free(service_href);
    free(day_href);
    free(time_href);

    if (o->services[service].document_count > 0) {
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(&p, T_DOCUMENTS_TO_BRING));
        web_html(b, "</h2>\n");
        web_documents(&p, office, service);
    }
    web_html(b, "<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_CHECK_PROMISE));
    web_html(b, "</p>\n<form method=\"post\" action=\"/o/");
    web_url_arg(b, o->id);
    web_html(b, "/book/check?service=");
    web_url_arg(b, o->services[service].id);
    web_html(b, "&amp;start=");
    web_url_arg(b, d->f[D_START]);
    web_html(b, "\" novalidate>\n");
    char *purpose = fh_asprintf("book:%s:%s:%s", o->id, o->services[service].id, d->f[D_START]);
    web_csrf_field(&p, purpose);
    free(purpose);
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(&p, T_BOOK_THIS));
    web_html(b, "</button>\n</form>\n");
    free(details);
    web_page_send(&p, error != T_NONE ? HTTP_CONFLICT : HTTP_OK);
}

void web_book_check(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    int service;
    fh_minute start;
    struct draft d;
    if (office == NULL || !query_slot(c, office, &service, &start) ||
        !check_draft(c, office, service, &d))
        return;
    check_page(c, office, service, start, &d, refusal_text(http_query(c, "error")));
    draft_wipe(&d);
}

/* A booking on its way to the writer thread. */
struct book_job {
    struct draft draft; /* the request's strings point into it */
    struct svc_booking_request req;
    char key[160]; /* the idempotency key: a second press replays the first */
    uint8_t sha[FH_SHA256_LEN];
    bool en;
};

/* The store keeps an answer for replays of the same key; the pages need
 * only the code (the booking itself comes back with a replay too). */
static char *booked_reply(const struct store_booking *b, const char *manage_token, void *arg)
{
    (void)manage_token;
    (void)arg;
    return fh_strdup(b->code);
}

void web_back_to_day(struct web_page *p, const struct sched_office *office, int service, fh_day day)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_html(&p->b, "<p><a class=\"fh-back-link\" href=\"/o/");
    web_url_arg(&p->b, o->id);
    web_html(&p->b, "/book/time?service=");
    web_url_arg(&p->b, o->services[service].id);
    web_html(&p->b, "&amp;day=");
    web_url_arg(&p->b, date);
    web_html(&p->b, "\">");
    web_txt(&p->b, web_t(p, T_BACK));
    web_html(&p->b, "</a></p>\n");
}

void web_not_stored(struct http_ctx *c)
{
    web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
}

void web_values_free(char **values, int n)
{
    for (int i = 0; i < n; i++) {
        if (values[i] != NULL)
            fh_wipe(values[i], strlen(values[i]));
        free(values[i]);
    }
}

static void book_run(struct http_ctx *c, void *arg)
{
    struct book_job *job = arg;
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    const struct sched_office_spec *o = sched_office_spec(job->req.office);
    fh_result r = svc_booking_create(c->svc, &job->req, job->key, job->sha, booked_reply, NULL,
                                     &res, err, sizeof err);
    struct web_buf loc = {0};
    if (r == FH_OK) {
        char key[STORE_TOKEN_LEN + 1];
        store_link_key(c->svc->store, res.booking.code, key);
        web_html(&loc, "/b/");
        web_url_arg(&loc, res.booking.code);
        web_html(&loc, "?k=");
        web_url_arg(&loc, key);
        web_html(&loc, "&done=booked");
        fh_wipe(key, sizeof key);
        free(res.body);
        draft_clear(c);
    } else if (r == FH_EREFUSED && svc_refusal_is_about_start(res.refusal)) {
        /* The time is gone meanwhile: choose another that day. */
        char day_s[FH_DATE_LEN];
        fh_format_date(fh_day_of(job->req.start), day_s);
        web_html(&loc, "/o/");
        web_url_arg(&loc, o->id);
        web_html(&loc, "/book/time?service=");
        web_url_arg(&loc, o->services[job->req.service].id);
        web_html(&loc, "&day=");
        web_url_arg(&loc, day_s);
        web_html(&loc, "&error=");
        web_url_arg(&loc, sched_refusal_code(res.refusal));
    } else if (r == FH_EREFUSED) {
        /* About the person (a booking held already): the answers page says
         * so. */
        web_html(&loc, "/o/");
        web_url_arg(&loc, o->id);
        web_html(&loc, "/book/check?service=");
        web_url_arg(&loc, o->services[job->req.service].id);
        web_html(&loc, "&start=");
        web_url_arg(&loc, job->draft.f[D_START]);
        web_html(&loc, "&error=");
        web_url_arg(&loc, sched_refusal_code(res.refusal));
        if (res.refusal == SCHED_SUSPENDED && res.suspended_until != FH_NO_DAY) {
            char until[FH_DATE_LEN];
            fh_format_date(res.suspended_until, until);
            web_html(&loc, "&until=");
            web_url_arg(&loc, until);
        }
    } else {
        if (r != FH_ECONFLICT)
            fh_log(FH_LOG_ERROR, "booking from a page: %s", err);
        web_error(c, r == FH_ECONFLICT ? HTTP_CONFLICT : HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING,
                  r == FH_ECONFLICT ? T_CSRF_BODY : T_NOT_STORED_BODY);
    }
    if (loc.len > 0) {
        char *location = web_buf_take(&loc, NULL);
        web_redirect(c, location);
        free(location);
    }
    web_buf_free(&loc);
    svc_booking_request_wipe(&job->req);
    draft_wipe(&job->draft);
    free(job);
}

void web_book_check_post(struct http_ctx *c)
{
    const struct sched_office *office = web_path_office(c);
    int service;
    if (office == NULL || !web_form_body(c) || (service = query_service(c, office)) < 0)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    const char *start = http_query(c, "start");
    char *purpose =
        fh_asprintf("book:%s:%s:%s", o->id, o->services[service].id, start != NULL ? start : "");
    bool ok = web_csrf_ok(c, purpose);
    free(purpose);
    if (!ok) {
        web_csrf_refused(c);
        return;
    }
    struct book_job *job = fh_calloc(1, sizeof *job);
    if (!check_draft(c, office, service, &job->draft)) {
        free(job);
        return;
    }
    const char *const *f = job->draft.f;
    struct svc_booking_input in = {
        .office = o->id,
        .service = f[D_SERVICE],
        .start = f[D_START],
        .name = f[D_NAME],
        .national_id = f[D_ID],
        .phone = f[D_PHONE][0] ? f[D_PHONE] : NULL,
        .email = f[D_EMAIL][0] ? f[D_EMAIL] : NULL,
        .lang = f[D_LANG][0] ? f[D_LANG] : NULL,
        .partner_name = f[D_PNAME][0] ? f[D_PNAME] : NULL,
        .partner_national_id = f[D_PID][0] ? f[D_PID] : NULL,
        .effective_date = f[D_EFFECTIVE][0] ? f[D_EFFECTIVE] : NULL,
        .partner_required = true,
        .resident = is_yes(f[D_RESIDENT]),
        .wheelchair = is_yes(f[D_WHEELCHAIR]),
        .priority_counter = is_yes(f[D_PRIORITY]),
        .interpreter = f[D_INTERPRETER],
    };
    struct svc_field_error fault;
    if (svc_booking_check(c->svc->cfg, &in, &job->req, &fault, 1) > 0) {
        /* The draft was checked when it was made; only a changed office
         * could refuse it now. */
        svc_booking_request_wipe(&job->req);
        draft_wipe(&job->draft);
        free(job);
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    /* The form's token is the key: pressing the button twice (or a reload
     * that posts again) replays the first booking instead of making a
     * second. */
    fh_sha256(job->draft.text, sizeof job->draft.text, job->sha);
    /* The form's token alone would be shared by everybody who opened the
     * same slot's check page in the same second: the draft (each person's
     * own, stamped when it was typed) makes the key theirs. */
    char draft_hex[2 * 16 + 1];
    fh_hex_encode(job->sha, 16, draft_hex);
    snprintf(job->key, sizeof job->key, "web:%s:%s", draft_hex, http_form(c, "csrf"));
    c->lost = web_not_stored;
    http_defer(c, book_run, job);
}
