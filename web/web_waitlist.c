/* web_waitlist.c: the waitlist's pages. A citizen on a full day joins its
 * waitlist (the booking's fields and checks), sees where they stand on
 * their entry's page (/w/CODE?t=TOKEN, its address the credential, as a
 * manage link is) and may leave; the link of an offer's message opens the
 * place held with its expiry and Accept / Decline. Managers see a day's
 * waitlist under the day board. Phone-first, no JavaScript. */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum wfield { W_NAME, W_ID, W_PHONE, W_EMAIL, W_LANG, W_PNAME, W_PID, W_N };
static const char *const wfield_names[W_N] = {
    "name", "national_id", "phone", "email", "lang", "partner_name", "partner_national_id",
};

/* A field of the form: NULL when left empty. */
static const char *form_value(struct http_ctx *c, const char *name)
{
    const char *v = http_form(c, name);
    while (v != NULL && *v == ' ')
        v++;
    return v != NULL && *v != '\0' ? v : NULL;
}

/* The service and day of the query, or NULL after answering 404. */
static const struct sched_office *query_day(struct http_ctx *c, int *service, fh_day *day)
{
    const struct sched_office *office = web_path_office(c);
    if (office == NULL)
        return NULL;
    const char *s = http_query(c, "service"), *d = http_query(c, "day");
    *service = s != NULL ? sched_office_service_index(office, s) : -1;
    if (*service < 0 || d == NULL || fh_parse_date(d, day) != NULL) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return NULL;
    }
    return office;
}

static void action_href(struct web_buf *b, const struct sched_office *office, int service,
                        fh_day day)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_html(b, "/o/");
    web_url_arg(b, o->id);
    web_html(b, "/waitlist?service=");
    web_url_arg(b, o->services[service].id);
    web_html(b, "&amp;day=");
    web_url_arg(b, date);
}

static void form_page(struct web_page *p, const struct sched_office *office, int service,
                      fh_day day, const char *const values[W_N], int status)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p->b;
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_page_begin(p, web_t(p, T_WAITLIST_TITLE));
    web_html(b, "<p><a class=\"fh-back-link\" href=\"/o/");
    web_url_arg(b, o->id);
    web_html(b, "/book/day?service=");
    web_url_arg(b, o->services[service].id);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_BACK));
    web_html(b, "</a></p>\n");
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_WAITLIST_TITLE));
    web_html(b, "</h1>\n<div class=\"fh-inset\"><p><strong>");
    web_txt(b, web_service_name(p, office, service));
    web_html(b, "</strong><br>");
    web_date(p, day, false);
    web_html(b, " · ");
    web_txt(b, web_t(p, T_WAITLIST_ANY_TIME));
    web_html(b, "</p></div>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_WAITLIST_HOW));
    web_html(b, "</p>\n<form method=\"post\" action=\"");
    action_href(b, office, service, day);
    web_html(b, "\" novalidate>\n");
    char purpose[96];
    snprintf(purpose, sizeof purpose, "waitlist:%s", o->id);
    web_csrf_field(p, purpose);
    web_person_fields(p, &(struct web_person_form){
                             .name = values[W_NAME],
                             .national_id = values[W_ID],
                             .phone = values[W_PHONE],
                             .email = values[W_EMAIL],
                             .lang = values[W_LANG],
                             .couple = o->services[service].couple,
                             .partner_name = values[W_PNAME],
                             .partner_national_id = values[W_PID],
                         });
    web_html(b, "<button type=\"submit\" class=\"fh-button\" id=\"join\">");
    web_txt(b, web_t(p, T_WAITLIST_JOIN));
    web_html(b, "</button>\n</form>\n");
    web_page_send(p, status);
}

void web_waitlist_form(struct http_ctx *c)
{
    int service;
    fh_day day;
    const struct sched_office *office = query_day(c, &service, &day);
    if (office == NULL)
        return;
    const char *values[W_N] = {NULL};
    struct web_page p;
    web_page_init(&p, c);
    form_page(&p, office, service, day, values, HTTP_OK);
}

/* The entry's page: "/w/CODE?t=TOKEN". */
static void entry_href(struct web_buf *b, const char *code, const char *token)
{
    web_html(b, "/w/");
    web_url_arg(b, code);
    web_html(b, "?t=");
    web_url_arg(b, token);
}

struct join_job {
    struct svc_booking_request req;
    char *values[W_N];
    fh_day day;
    char key[160];
    uint8_t sha[FH_SHA256_LEN];
};

/* The pages need the code and the token to lead to the entry's page; the
 * store keeps this (sealed) for a second press of the button. */
static char *joined_reply(const struct store_wait_entry *e, const char *token, void *arg)
{
    (void)arg;
    return fh_asprintf("%s %s", e->code, token);
}

static void join_job_free(struct join_job *job)
{
    svc_booking_request_wipe(&job->req);
    web_values_free(job->values, W_N);
    free(job);
}

static void join_run(struct http_ctx *c, void *arg)
{
    struct join_job *job = arg;
    struct store_wait_result res;
    char err[FH_ERR_LEN] = "";
    const struct sched_office *office = job->req.office;
    fh_result r = svc_waitlist_join(c->svc, &job->req, true, job->key, job->sha, joined_reply, NULL,
                                    &res, err, sizeof err);
    if (r == FH_OK) {
        char code[STORE_CODE_LEN + 1] = "", token[STORE_TOKEN_LEN + 1] = "";
        if (sscanf(res.body, "%8s %32s", code, token) != 2) {
            free(res.body);
            web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
            join_job_free(job);
            return;
        }
        struct web_buf loc = {0};
        entry_href(&loc, code, token);
        web_html(&loc, "&done=joined");
        char *location = web_buf_take(&loc, NULL);
        web_redirect(c, location);
        free(location);
        web_buf_free(&loc);
        fh_wipe(token, sizeof token);
        fh_wipe(res.body, strlen(res.body));
        free(res.body);
        join_job_free(job);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    int status = HTTP_CONFLICT;
    if (r == FH_EREFUSED)
        web_fault(&p, "#name", web_refusal_text(res.refusal));
    else if (r == FH_ECONFLICT && res.places_left)
        web_fault(&p, "#name", T_WAITLIST_PLACES_LEFT);
    else if (r == FH_ECONFLICT && res.waiting_code[0] != '\0')
        web_fault(&p, "#name", T_WAITLIST_ALREADY);
    else if (r == FH_EINVAL)
        status = HTTP_UNPROCESSABLE_CONTENT, web_fault(&p, "#name", T_ERR_GENERIC);
    else {
        if (r != FH_ECONFLICT)
            fh_log(FH_LOG_ERROR, "waitlist from a page: %s", err);
        web_buf_free(&p.b);
        web_error(c, r == FH_ECONFLICT ? HTTP_CONFLICT : HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING,
                  r == FH_ECONFLICT ? T_CSRF_BODY : T_NOT_STORED_BODY);
        join_job_free(job);
        return;
    }
    form_page(&p, office, job->req.service, job->day, (const char *const *)job->values, status);
    join_job_free(job);
}

void web_waitlist_form_post(struct http_ctx *c)
{
    int service;
    fh_day day;
    const struct sched_office *office = query_day(c, &service, &day);
    if (office == NULL || !web_form_body(c))
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    char purpose[96];
    snprintf(purpose, sizeof purpose, "waitlist:%s", o->id);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return;
    }
    const char *values[W_N];
    for (int i = 0; i < W_N; i++)
        values[i] = form_value(c, wfield_names[i]);
    char start[FH_TIME_LEN];
    fh_format_local((fh_minute)day * FH_MINUTES_PER_DAY, o->utc_offset, start);
    struct svc_booking_input in = {
        .office = o->id,
        .service = o->services[service].id,
        .start = start,
        .name = values[W_NAME],
        .national_id = values[W_ID],
        .phone = values[W_PHONE],
        .email = values[W_EMAIL],
        .lang = values[W_LANG],
        .partner_name = values[W_PNAME],
        .partner_national_id = values[W_PID],
        .partner_required = true,
    };
    struct join_job *job = fh_calloc(1, sizeof *job);
    struct svc_field_error faults[WEB_MAX_FAULTS];
    size_t n = svc_booking_check(c->svc->cfg, &in, &job->req, faults, WEB_MAX_FAULTS);
    if (n > 0) {
        join_job_free(job);
        struct web_page p;
        web_page_init(&p, c);
        web_book_faults(&p, faults, n);
        form_page(&p, office, service, day, values, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    job->day = day;
    for (int i = 0; i < W_N; i++)
        job->values[i] = values[i] != NULL ? fh_strdup(values[i]) : NULL;
    /* A second press of the button (or a reload that posts again) finds
     * the first answer: the form's token and the fields make the key. */
    struct web_buf all = {0};
    for (int i = 0; i < W_N; i++) {
        web_html(&all, values[i] != NULL ? values[i] : "");
        web_html(&all, "\n");
    }
    size_t len;
    char *text = web_buf_take(&all, &len);
    fh_sha256(text, len, job->sha);
    fh_wipe(text, len);
    free(text);
    web_buf_free(&all);
    char sha_hex[2 * 16 + 1];
    fh_hex_encode(job->sha, 16, sha_hex);
    const char *csrf = http_form(c, "csrf");
    snprintf(job->key, sizeof job->key, "web-wait:%s:%.100s", sha_hex, csrf != NULL ? csrf : "");
    c->lost = web_not_stored;
    http_defer(c, join_run, job);
}

/* ---- one's entry --------------------------------------------------------------------- */

static enum web_text status_sentence(enum store_wait_status s)
{
    switch (s) {
    case STORE_WAIT_LEFT:
        return T_WAITLIST_STATUS_LEFT;
    case STORE_WAIT_BOOKED:
        return T_WAITLIST_STATUS_BOOKED;
    case STORE_WAIT_DECLINED:
        return T_WAITLIST_STATUS_DECLINED;
    case STORE_WAIT_EXPIRED:
        return T_WAITLIST_STATUS_EXPIRED;
    case STORE_WAIT_OVER:
        return T_WAITLIST_STATUS_OVER;
    case STORE_WAIT_WAITING:
    case STORE_WAIT_OFFERED:
        break;
    }
    return T_NONE;
}

/* "3月2日（一） 14:30" (the office's time): with the date even when it is
 * today's, since the link may be opened the next day and a bare time
 * would then read as that day's. */
static void expiry(struct web_page *p, const struct sched_office *office, int64_t utc)
{
    fh_minute t = fh_local_from_utc(utc, sched_office_spec(office)->utc_offset);
    char hhmm[6];
    fh_format_hhmm(fh_minute_of_day(t), hhmm);
    web_html(&p->b, "<span class=\"fh-nowrap\">"); /* the date and time on one line */
    web_date_short(p, fh_day_of(t));
    web_html(&p->b, " ");
    web_txt(&p->b, hhmm);
    web_html(&p->b, "</span>");
}

void web_waitlist_entry(struct http_ctx *c)
{
    const char *token = http_query(c, "t");
    struct store_wait_entry e;
    struct store_offer o;
    bool has_offer = false;
    char err[FH_ERR_LEN] = "";
    fh_result r = token == NULL ? FH_ENOTFOUND
                                : store_waitlist_get(c->svc->store, c->params[0], token, &e, &o,
                                                     &has_offer, err, sizeof err);
    const struct sched_office *office = r == FH_OK ? cfg_office(c->svc->cfg, e.office) : NULL;
    int service = office != NULL ? sched_office_service_index(office, e.service) : -1;
    if (r == FH_ENOTFOUND || (r == FH_OK && service < 0)) {
        http_guess_failed(c);
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    web_page_begin(&p, web_t(&p, T_WAITLIST_ENTRY_TITLE));
    const char *done = http_query(c, "done");
    if (done != NULL && strcmp(done, "joined") == 0 && e.status == STORE_WAIT_WAITING) {
        web_html(b, "<div class=\"fh-panel\" role=\"status\"><p class=\"fh-panel__body\">");
        web_txt(b, web_t(&p, T_WAITLIST_JOINED));
        web_html(b, "</p></div>\n");
    }
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_WAITLIST_ENTRY_TITLE));
    web_html(b, "</h1>\n<div class=\"fh-inset\"><p><strong>");
    web_txt(b, web_service_name(&p, office, service));
    web_html(b, "</strong><br>");
    web_date(&p, e.day, false);
    web_html(b, " · ");
    if (e.start == SCHED_NEVER) {
        web_txt(b, web_t(&p, T_WAITLIST_ANY_TIME));
    } else {
        char hhmm[6];
        fh_format_hhmm(fh_minute_of_day(e.start), hhmm);
        web_txt(b, hhmm);
    }
    web_html(b, "</p></div>\n<p class=\"fh-body\" id=\"waitlist-status\">");
    if (e.status == STORE_WAIT_WAITING) {
        web_txt(b, web_t(&p, T_WAITLIST_POSITION_BEFORE));
        web_htmlf(b, "<strong id=\"waitlist-position\">%d</strong>", e.position);
        web_txt(b, web_t(&p, T_WAITLIST_POSITION_AFTER));
    } else if (e.status == STORE_WAIT_OFFERED && has_offer && o.status == STORE_OFFER_HELD) {
        char offer_token[STORE_TOKEN_LEN + 1];
        store_offer_token(c->svc->store, o.code, offer_token);
        web_txt(b, web_t(&p, T_WAITLIST_OFFERED));
        web_span(&p, o.start, o.end);
        web_html(b, "<br>");
        web_txt(b, web_t(&p, T_OFFER_HELD_UNTIL));
        expiry(&p, office, o.expires_at);
        web_html(b, "</p>\n<p class=\"fh-body\"><a class=\"fh-button\" id=\"see-offer\" "
                    "href=\"/offer/");
        web_url_arg(b, offer_token);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_WAITLIST_SEE_OFFER));
        web_html(b, "</a>");
        fh_wipe(offer_token, sizeof offer_token);
    } else {
        web_txt(b, web_t(&p, status_sentence(e.status)));
    }
    web_html(b, "</p>\n");
    if (e.status == STORE_WAIT_WAITING || e.status == STORE_WAIT_OFFERED) {
        web_html(b, "<form method=\"post\" action=\"/w/");
        web_url_arg(b, e.code);
        web_html(b, "/leave\" novalidate>\n<input type=\"hidden\" name=\"t\" value=\"");
        web_attr(b, token);
        web_html(b, "\">\n");
        char purpose[64];
        snprintf(purpose, sizeof purpose, "leave:%s", e.code);
        web_csrf_field(&p, purpose);
        web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--warning\" "
                    "id=\"leave\">");
        web_txt(b, web_t(&p, T_WAITLIST_LEAVE));
        web_html(b, "</button>\n</form>\n");
    }
    fh_wipe(&e, sizeof e);
    web_page_send(&p, HTTP_OK);
}

void web_waitlist_leave_post(struct http_ctx *c)
{
    if (!web_form_body(c))
        return;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "leave:%.20s", c->params[0]);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return;
    }
    const char *token = http_form(c, "t");
    struct store_wait_entry e;
    char err[FH_ERR_LEN] = "";
    fh_result r = token == NULL
                      ? FH_ENOTFOUND
                      : svc_waitlist_leave(c->svc, c->params[0], token, &e, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        http_guess_failed(c);
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    if (r != FH_OK && r != FH_ECONFLICT) {
        fh_log(FH_LOG_ERROR, "%s", err);
        web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
        return;
    }
    /* Left, or no longer waiting anyway: the entry's page says which. */
    struct web_buf loc = {0};
    entry_href(&loc, c->params[0], token);
    char *location = web_buf_take(&loc, NULL);
    web_redirect(c, location);
    free(location);
    web_buf_free(&loc);
}

/* ---- offers ------------------------------------------------------------------------------ */

static void offer_page(struct http_ctx *c, const char *token, enum web_text notice, int status)
{
    struct store_offer o;
    struct store_wait_entry e;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_offer_get(c->svc->store, token, &o, &e, err, sizeof err);
    const struct sched_office *office = r == FH_OK ? cfg_office(c->svc->cfg, o.office) : NULL;
    int service = office != NULL ? sched_office_service_index(office, o.service) : -1;
    if (r == FH_ENOTFOUND || (r == FH_OK && service < 0)) {
        http_guess_failed(c);
        web_error(c, HTTP_NOT_FOUND, T_OFFER_TITLE, T_OFFER_NOT_FOUND);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    bool held = o.status == STORE_OFFER_HELD && o.expires_at > fh_clock_now();
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    if (notice != T_NONE && status >= 400)
        web_fault(&p, "#accept", notice);
    web_page_begin(&p, web_t(&p, T_OFFER_TITLE));
    web_error_summary(&p);
    if (notice != T_NONE && status < 400) {
        web_html(b, "<div class=\"fh-panel\" role=\"status\"><p class=\"fh-panel__body\">");
        web_txt(b, web_t(&p, notice));
        web_html(b, "</p></div>\n");
    }
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_OFFER_TITLE));
    web_html(b, "</h1>\n<div class=\"fh-inset\"><p><strong>");
    web_txt(b, web_service_name(&p, office, service));
    web_html(b, "</strong><br>");
    web_date(&p, fh_day_of(o.start), false);
    web_html(b, " ");
    web_span(&p, o.start, o.end);
    web_html(b, " <span class=\"fh-tag\">");
    web_txt(b, web_window_word(&p, o.window));
    web_html(b, "</span></p></div>\n");
    if (held) {
        web_html(b, "<p class=\"fh-body\" id=\"offer-expiry\"><strong>");
        web_txt(b, web_t(&p, T_OFFER_HELD_UNTIL));
        expiry(&p, office, o.expires_at);
        web_html(b, "</strong></p>\n");
        char purpose[64];
        snprintf(purpose, sizeof purpose, "offer:%s", o.code);
        web_html(b, "<form method=\"post\" action=\"/offer/");
        web_url_arg(b, token);
        web_html(b, "/accept\" novalidate>\n");
        web_csrf_field(&p, purpose);
        web_html(b, "<button type=\"submit\" class=\"fh-button\" id=\"accept\">");
        web_txt(b, web_t(&p, T_OFFER_ACCEPT));
        web_html(b, "</button>\n</form>\n<form method=\"post\" action=\"/offer/");
        web_url_arg(b, token);
        web_html(b, "/decline\" novalidate>\n");
        web_csrf_field(&p, purpose);
        web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--secondary\" "
                    "id=\"decline\">");
        web_txt(b, web_t(&p, T_OFFER_DECLINE));
        web_html(b, "</button>\n</form>\n");
    } else if (notice == T_NONE || status >= 400) {
        web_html(b, "<p class=\"fh-body\" id=\"offer-gone\">");
        web_txt(b, web_t(&p, o.status == STORE_OFFER_DECLINED ? T_OFFER_DECLINED : T_OFFER_GONE));
        web_html(b, "</p>\n");
    }
    fh_wipe(&e, sizeof e);
    web_page_send(&p, status);
}

void web_offer(struct http_ctx *c)
{
    const char *done = http_query(c, "done");
    offer_page(c, c->params[0],
               done != NULL && strcmp(done, "declined") == 0 ? T_OFFER_DECLINED : T_NONE, HTTP_OK);
}

/* Whether the posted form is one of this offer's pages; answers when not. */
static bool offer_form_ok(struct http_ctx *c, struct store_offer *o)
{
    if (!web_form_body(c))
        return false;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_offer_get(c->svc->store, c->params[0], o, NULL, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        http_guess_failed(c);
        web_error(c, HTTP_NOT_FOUND, T_OFFER_TITLE, T_OFFER_NOT_FOUND);
        return false;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return false;
    }
    char purpose[64];
    snprintf(purpose, sizeof purpose, "offer:%s", o->code);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return false;
    }
    if (cfg_office(c->svc->cfg, o->office) == NULL) {
        web_error(c, HTTP_NOT_FOUND, T_OFFER_TITLE, T_OFFER_NOT_FOUND);
        return false;
    }
    return true;
}

struct accept_job {
    char token[STORE_TOKEN_LEN + 1];
    char key[160];
    uint8_t sha[FH_SHA256_LEN];
};

static char *accepted_reply(const struct store_booking *b, const char *manage_token, void *arg)
{
    (void)manage_token;
    (void)arg;
    return fh_strdup(b->code);
}

static void accept_run(struct http_ctx *c, void *arg)
{
    struct accept_job *job = arg;
    struct store_offer o;
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_offer_get(c->svc->store, job->token, &o, NULL, err, sizeof err);
    const struct sched_office *office = r == FH_OK ? cfg_office(c->svc->cfg, o.office) : NULL;
    if (office != NULL)
        r = svc_offer_accept(c->svc, office, job->token, job->key, job->sha, accepted_reply, NULL,
                             &res, &o, err, sizeof err);
    if (office != NULL && r == FH_OK) {
        char key[STORE_TOKEN_LEN + 1];
        store_link_key(c->svc->store, res.booking.code, key);
        struct web_buf loc = {0};
        web_html(&loc, "/b/");
        web_url_arg(&loc, res.booking.code);
        web_html(&loc, "?k=");
        web_url_arg(&loc, key);
        web_html(&loc, "&done=booked");
        fh_wipe(key, sizeof key);
        char *location = web_buf_take(&loc, NULL);
        web_redirect(c, location);
        free(location);
        web_buf_free(&loc);
        free(res.body);
    } else if (r == FH_EREFUSED) {
        offer_page(c, job->token, web_refusal_text(res.refusal), HTTP_CONFLICT);
    } else if (r == FH_ECONFLICT || r == FH_ENOTFOUND || office == NULL) {
        offer_page(c, job->token, T_OFFER_GONE, HTTP_CONFLICT);
    } else {
        fh_log(FH_LOG_ERROR, "accepting an offer from a page: %s", err);
        web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
    }
    fh_wipe(job->token, sizeof job->token);
    free(job);
}

void web_offer_accept_post(struct http_ctx *c)
{
    struct store_offer o;
    if (!offer_form_ok(c, &o))
        return;
    struct accept_job *job = fh_calloc(1, sizeof *job);
    snprintf(job->token, sizeof job->token, "%s", c->params[0]);
    /* The form's token is the key: a second press replays the booking. */
    const char *csrf = http_form(c, "csrf");
    snprintf(job->key, sizeof job->key, "web-offer:%s:%.100s", o.code, csrf != NULL ? csrf : "");
    fh_sha256(o.code, strlen(o.code), job->sha);
    c->lost = web_not_stored;
    http_defer(c, accept_run, job);
}

void web_offer_decline_post(struct http_ctx *c)
{
    struct store_offer o;
    if (!offer_form_ok(c, &o))
        return;
    char err[FH_ERR_LEN] = "";
    const struct sched_office *office = cfg_office(c->svc->cfg, o.office);
    fh_result r = svc_offer_decline(c->svc, office, c->params[0], &o, err, sizeof err);
    if (r == FH_OK) {
        struct web_buf loc = {0};
        web_html(&loc, "/offer/");
        web_url_arg(&loc, c->params[0]);
        web_html(&loc, "?done=declined");
        char *location = web_buf_take(&loc, NULL);
        web_redirect(c, location);
        free(location);
        web_buf_free(&loc);
    } else if (r == FH_ECONFLICT) {
        offer_page(c, c->params[0], T_OFFER_GONE, HTTP_CONFLICT);
    } else {
        fh_log(FH_LOG_ERROR, "declining an offer from a page: %s", err);
        web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
    }
}

/* ---- the day board's waitlist ----------------------------------------------------------- */

static enum web_text board_status(enum store_wait_status s)
{
    switch (s) {
    case STORE_WAIT_WAITING:
        return T_WAITLIST_ST_WAITING;
    case STORE_WAIT_OFFERED:
        return T_WAITLIST_ST_OFFERED;
    case STORE_WAIT_BOOKED:
        return T_WAITLIST_ST_BOOKED;
    case STORE_WAIT_LEFT:
    case STORE_WAIT_DECLINED:
    case STORE_WAIT_EXPIRED:
    case STORE_WAIT_OVER:
        break;
    }
    return T_WAITLIST_ST_ENDED;
}

void web_waitlist_board(struct web_page *p, const struct sched_office *office, fh_day day)
{
    struct web_buf *b = &p->b;
    struct store_wait_entry *list = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    if (store_waitlist_of_day(p->c->svc->store, sched_office_spec(office)->id, day, &list, &n, err,
                              sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        return;
    }
    web_html(b, "<h2 class=\"fh-heading-m\" id=\"waitlist\">");
    web_txt(b, web_t(p, T_WAITLIST_BOARD));
    web_htmlf(b, " (%zu)</h2>\n", n);
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\">");
        web_txt(b, web_t(p, T_WAITLIST_BOARD_NONE));
        web_html(b, "</p>\n");
        free(list);
        return;
    }
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"waitlist\" "
                "tabindex=\"0\">\n<table class=\"fh-table\" id=\"waitlist-table\">\n<thead><tr>"
                "<th scope=\"col\">#</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_WAITLIST_COL_WHEN));
    web_html(b, "</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_WAITLIST_COL_WHO));
    web_html(b, "</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_WAITLIST_COL_STATUS));
    web_html(b, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct store_wait_entry *e = &list[i];
        int service = sched_office_service_index(office, e->service);
        web_html(b, "<tr><td>");
        if (e->position > 0)
            web_htmlf(b, "%d", e->position);
        web_html(b, "</td><td>");
        if (e->start == SCHED_NEVER) {
            web_txt(b, web_t(p, T_WAITLIST_ANY_TIME));
        } else {
            char hhmm[6];
            fh_format_hhmm(fh_minute_of_day(e->start), hhmm);
            web_txt(b, hhmm);
        }
        web_html(b, "<br>");
        web_txt(b, service >= 0 ? web_service_name(p, office, service) : e->service);
        web_html(b, "</td><td>");
        web_txt(b, e->name[0] ? e->name : "–");
        web_html(b, "<br>");
        web_txt(b, e->national_id_masked);
        web_html(b, "</td><td>");
        web_txt(b, web_t(p, board_status(e->status)));
        web_html(b, "</td></tr>\n");
    }
    web_html(b, "</tbody></table></div>\n");
    for (size_t i = 0; i < n; i++)
        fh_wipe(&list[i], sizeof list[i]);
    free(list);
}
