/* web_manage.c: the page every message links to (/b/CODE?k=KEY): the
 * booking, what to bring, and the ways to move it, cancel it or put it in a
 * calendar; and "find my booking" for those who lost the message, by the
 * booking code and a national ID, rate-limited, never saying which half
 * was wrong. */
#include "web/web_internal.h"

#include "calendars/cal.h"
#include "common/fh_hash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A booking the address opens: the code of the path and its key. */
struct opened {
    struct store_booking b;
    const struct sched_office *office;
    const char *key;
    int service;
};

/* Answers 429 after too many failed lookups from this address. */
static bool guess_allowed(struct http_ctx *c)
{
    int wait = http_guess_wait(c);
    if (wait == 0)
        return true;
    http_retry_after(c, wait);
    web_error(c, HTTP_TOO_MANY_REQUESTS, T_TOO_MANY_HEADING, T_TOO_MANY_BODY);
    return false;
}

/* Looks up the booking of the path with the key of the query; answers 404
 * (the same page for an unknown code and a wrong key) when it does not
 * open. */
static bool open_booking(struct http_ctx *c, struct opened *o)
{
    char err[FH_ERR_LEN] = "";
    if (!guess_allowed(c))
        return false;
    o->key = http_query(c, "k");
    fh_result r = FH_ENOTFOUND;
    if (o->key != NULL && strlen(o->key) == STORE_TOKEN_LEN)
        r = store_booking_get(c->svc->store, c->params[0], o->key, &o->b, err, sizeof err);
    if (r == FH_OK && (o->office = svc_booking_office(c->svc, &o->b)) != NULL &&
        (o->service = sched_office_service_index(o->office, o->b.service)) >= 0)
        return true;
    if (r != FH_OK && r != FH_ENOTFOUND && r != FH_EAUTH) {
        fh_log(FH_LOG_ERROR, "store: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return false;
    }
    http_guess_failed(c); /* guessing codes and keys costs time */
    web_error(c, HTTP_NOT_FOUND, T_BOOKING_NOT_FOUND, T_BOOKING_NOT_FOUND_BODY);
    return false;
}

/* "/b/CODE" + suffix + "?k=KEY" + more: an address of the booking's pages. */
static char *booking_href(const struct opened *o, const char *suffix, const char *more)
{
    struct web_buf b = {0};
    web_html(&b, "/b/");
    web_url_arg(&b, o->b.code);
    web_html(&b, suffix);
    web_html(&b, "?k=");
    web_url_arg(&b, o->key);
    web_html(&b, more);
    return web_buf_take(&b, NULL);
}

static bool movable(const struct opened *o)
{
    return (o->b.status == STORE_PENDING || o->b.status == STORE_CONFIRMED) &&
           o->b.start > svc_now(o->office);
}

static enum web_text status_text(enum store_status s)
{
    static const enum web_text words[] = {
        [STORE_PENDING] = T_STATUS_PENDING,     [STORE_CONFIRMED] = T_STATUS_CONFIRMED,
        [STORE_CANCELLED] = T_STATUS_CANCELLED, [STORE_CHECKED_IN] = T_STATUS_CHECKED_IN,
        [STORE_COMPLETED] = T_STATUS_COMPLETED, [STORE_NO_SHOW] = T_STATUS_NO_SHOW,
        [STORE_LAPSED] = T_STATUS_LAPSED,
    };
    return words[s];
}

static void row(struct web_page *p, enum web_text key)
{
    web_html(&p->b, "<div class=\"fh-summary__row\"><dt class=\"fh-summary__key\">");
    web_txt(&p->b, web_t(p, key));
    web_html(&p->b, "</dt><dd class=\"fh-summary__value\">");
}

static void row_end(struct web_page *p)
{
    web_html(&p->b, "</dd></div>\n");
}

/* The booking as a summary list: what, when, where, who. */
static void booking_summary(struct web_page *p, const struct opened *o, bool people)
{
    const struct sched_office_spec *os = sched_office_spec(o->office);
    struct web_buf *b = &p->b;
    web_html(b, "<dl class=\"fh-summary\">\n");
    row(p, T_SUMMARY_SERVICE);
    web_txt(b, web_service_name(p, o->office, o->service));
    row_end(p);
    row(p, T_SUMMARY_DAY);
    web_date(p, fh_day_of(o->b.start), true);
    row_end(p);
    row(p, T_SUMMARY_TIME);
    web_span(p, o->b.start, o->b.end);
    web_html(b, " ");
    web_txt(b, web_window_word(p, o->b.window));
    row_end(p);
    row(p, T_SUMMARY_PLACE);
    web_txt(b, web_pick(p, os->name_zh, os->name_en));
    const char *address = web_pick(p, os->address_zh, os->address_en);
    if (address != NULL) {
        web_html(b, "<br>");
        web_txt(b, address);
    }
    row_end(p);
    if (people) {
        row(p, T_NAME);
        web_html(b, "<bdi>");
        web_txt(b, o->b.name);
        web_html(b, "</bdi> (");
        web_txt(b, o->b.national_id_masked);
        web_html(b, ")");
        row_end(p);
        if (o->b.partner_name[0] != '\0') {
            row(p, T_PARTNER_NAME);
            web_html(b, "<bdi>");
            web_txt(b, o->b.partner_name);
            web_html(b, "</bdi> (");
            web_txt(b, o->b.partner_national_id_masked);
            web_html(b, ")");
            row_end(p);
        }
        if (o->b.resident) {
            row(p, T_RESIDENT);
            web_txt(b, web_t(p, T_RESIDENT_CLAIMED));
            row_end(p);
        }
        row(p, T_NEEDS);
        web_needs(p, &o->b.needs);
        row_end(p);
    }
    if (o->b.effective_day != FH_NO_DAY) {
        row(p, T_EFFECTIVE_DATE);
        web_date(p, o->b.effective_day, true);
        web_txt(b, web_t(p, T_EFFECTIVE_SUFFIX));
        row_end(p);
    }
    web_html(b, "</dl>\n");
}

static void done_panel(struct web_page *p, const struct opened *o, const char *done)
{
    enum web_text title = T_NONE;
    if (strcmp(done, "booked") == 0)
        title = o->b.status == STORE_PENDING ? T_DONE_REQUESTED : T_DONE_BOOKED;
    else if (strcmp(done, "moved") == 0)
        title = T_DONE_MOVED;
    else if (strcmp(done, "cancelled") == 0)
        title = T_DONE_CANCELLED;
    if (title == T_NONE)
        return;
    web_html(&p->b, "<div class=\"fh-panel\" role=\"status\"><h2 class=\"fh-panel__title\">");
    web_txt(&p->b, web_t(p, title));
    web_html(&p->b, "</h2>\n<p>");
    web_txt(&p->b,
            web_t(p, o->b.status == STORE_CANCELLED ? T_DONE_CANCELLED_BODY : T_DONE_MESSAGE_SENT));
    web_html(&p->b, "</p></div>\n");
}

void web_manage(struct http_ctx *c)
{
    struct opened o;
    if (!open_booking(c, &o))
        return;
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    web_page_begin(&p, web_t(&p, T_MANAGE_TITLE));
    const char *done = http_query(c, "done");
    if (done != NULL)
        done_panel(&p, &o, done);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_MANAGE_TITLE));
    web_html(b, "</h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_BOOKING_CODE));
    web_html(b, "</p>\n<p class=\"fh-code\" id=\"booking-code\">");
    web_txt(b, o.b.code);
    web_html(b, "</p>\n<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_STATUS));
    web_html(b, " <strong class=\"fh-tag fh-tag--");
    web_attr(b, store_status_name(o.b.status));
    web_html(b, "\" id=\"booking-status\">");
    web_txt(b, web_t(&p, status_text(o.b.status)));
    web_html(b, "</strong></p>\n");
    if (o.b.status == STORE_PENDING) {
        web_html(b, "<div class=\"fh-inset\"><p>");
        web_txt(b, web_t(&p, T_PENDING_EXPLAINED));
        web_html(b, "</p></div>\n");
    }
    booking_summary(&p, &o, true);

    bool active = o.b.status == STORE_PENDING || o.b.status == STORE_CONFIRMED;
    if (active) {
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(&p, T_DOCUMENTS_TO_BRING));
        web_html(b, "</h2>\n");
        web_documents(&p, o.office, o.service);
        web_html(b, "<h2 class=\"fh-heading-m\">");
        web_txt(b, web_t(&p, T_ON_THE_DAY));
        web_html(b, "</h2>\n<p class=\"fh-body\">");
        web_txt(b, web_t(&p, T_ON_THE_DAY_BODY));
        web_html(b, "</p>\n");
    }
    if (movable(&o)) {
        char *move = booking_href(&o, "/move", "");
        char *cancel = booking_href(&o, "/cancel", "");
        web_html(b, "<div class=\"fh-button-group\"><a class=\"fh-button fh-button--secondary\" "
                    "href=\"");
        web_attr(b, move);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_MOVE_BUTTON));
        web_html(b, "</a> <a class=\"fh-button fh-button--warning\" href=\"");
        web_attr(b, cancel);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_CANCEL_BUTTON));
        web_html(b, "</a></div>\n");
        free(move);
        free(cancel);
    }
    if (o.b.status == STORE_CANCELLED) {
        /* The same service again, from the choice of a day. */
        web_html(b, "<p><a class=\"fh-button\" href=\"/o/");
        web_url_arg(b, o.b.office);
        web_html(b, "/book/day?service=");
        web_url_arg(b, o.b.service);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_BOOK_AGAIN));
        web_html(b, "</a></p>\n");
    }
    if (o.b.status == STORE_COMPLETED && sched_office_spec(o.office)->satisfaction_survey) {
        char *survey = booking_href(&o, "/survey", "");
        web_html(b, "<p class=\"fh-body\"><a href=\"");
        web_attr(b, survey);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_SURVEY_TITLE));
        web_html(b, "</a></p>\n");
        free(survey);
    }
    char *ics = booking_href(&o, "/invite.ics", "");
    web_html(b, "<p class=\"fh-body\"><a href=\"");
    web_attr(b, ics);
    web_html(b, "\" download>");
    web_txt(b, web_t(&p, o.b.status == STORE_CANCELLED ? T_ICS_CANCEL : T_ICS_DOWNLOAD));
    web_html(b, "</a></p>\n<p class=\"fh-body fh-hint\">");
    web_txt(b, web_t(&p, T_KEEP_THIS_PAGE));
    web_html(b, "</p>\n");
    free(ics);
    web_page_send(&p, HTTP_OK);
}

/* ---- moving ----------------------------------------------------------------------------- */

static void move_flow(struct web_flow *f, const struct opened *o)
{
    memset(f, 0, sizeof *f);
    f->office = o->office;
    f->service = o->service;
    f->moving = true;
    f->booking = &o->b;
    snprintf(f->base, sizeof f->base, "/b/%s/move", o->b.code);
    snprintf(f->extra_query, sizeof f->extra_query, "k=%s", o->key);
    snprintf(f->back, sizeof f->back, "/b/%s?k=%s", o->b.code, o->key);
}

/* A booking that can no longer move goes back to its page. */
static bool still_movable(struct http_ctx *c, const struct opened *o)
{
    if (movable(o))
        return true;
    char *to = booking_href(o, "", "");
    web_redirect(c, to);
    free(to);
    return false;
}

static void move_page(struct http_ctx *c, const struct opened *o, enum web_text error)
{
    struct web_flow f;
    move_flow(&f, o);
    struct web_page p;
    web_page_init(&p, c);
    fh_day day;
    const char *d = http_query(c, "day");
    if (d == NULL)
        d = http_form(c, "day");
    if (d != NULL && fh_parse_date(d, &day) == NULL) {
        web_flow_time(&p, &f, day, error);
        return;
    }
    int year = 0, month = 0;
    const char *m = http_query(c, "month");
    if (m != NULL && fh_parse_month(m, &year, &month) != NULL)
        year = month = 0;
    if (m == NULL)
        fh_day_to_ymd(fh_day_of(o->b.start), &year, &month, &(int){0});
    web_flow_day(&p, &f, year, month);
}

void web_manage_move(struct http_ctx *c)
{
    struct opened o;
    if (!open_booking(c, &o) || !still_movable(c, &o))
        return;
    const char *error = http_query(c, "error");
    enum web_text e = T_NONE;
    for (int r = SCHED_NOT_A_SLOT; error != NULL && r < SCHED_REFUSAL_COUNT; r++)
        if (strcmp(error, sched_refusal_code(r)) == 0)
            e = web_refusal_text(r);
    move_page(c, &o, e);
}

void web_manage_move_post(struct http_ctx *c)
{
    struct opened o;
    if (!web_form_body(c) || !open_booking(c, &o) || !still_movable(c, &o))
        return;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "move:%s", o.b.code);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return;
    }
    fh_minute start;
    const char *s = http_form(c, "start");
    if (s == NULL || svc_parse_start(o.office, s, &start) != NULL) {
        move_page(c, &o, T_PICK_TIME);
        return;
    }
    struct store_booking moved;
    enum sched_refusal refusal;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_booking_move(c->svc, o.office, o.b.code, o.key, start, &moved, &refusal, err,
                                   sizeof err);
    char *to;
    if (r == FH_OK) {
        to = booking_href(&o, "", "&done=moved");
    } else if (r == FH_EREFUSED) {
        char more[96], day[FH_DATE_LEN];
        fh_format_date(fh_day_of(start), day);
        snprintf(more, sizeof more, "&day=%s&error=%s", day, sched_refusal_code(refusal));
        to = booking_href(&o, "/move", more);
    } else if (r == FH_ECONFLICT || r == FH_ENOTFOUND || r == FH_EAUTH) {
        to = booking_href(&o, "", ""); /* changed meanwhile: its page says how */
    } else {
        fh_log(FH_LOG_ERROR, "move from a page: %s", err);
        web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
        return;
    }
    web_redirect(c, to);
    free(to);
}

/* ---- cancelling ----------------------------------------------------------------------------- */

void web_manage_cancel(struct http_ctx *c)
{
    struct opened o;
    if (!open_booking(c, &o) || !still_movable(c, &o))
        return;
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    char *back = booking_href(&o, "", "");
    char *action = booking_href(&o, "/cancel", "");
    web_page_begin(&p, web_t(&p, T_CANCEL_TITLE));
    web_back_link(&p, back);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_CANCEL_TITLE));
    web_html(b, "</h1>\n");
    booking_summary(&p, &o, false);
    web_html(b, "<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_CANCEL_WARNING));
    web_html(b, "</p>\n<form method=\"post\" action=\"");
    web_attr(b, action);
    web_html(b, "\" novalidate>\n");
    char purpose[64];
    snprintf(purpose, sizeof purpose, "cancel:%s", o.b.code);
    web_csrf_field(&p, purpose);
    web_html(b, "<div class=\"fh-button-group\"><button type=\"submit\" "
                "class=\"fh-button fh-button--warning\">");
    web_txt(b, web_t(&p, T_CANCEL_BUTTON));
    web_html(b, "</button> <a class=\"fh-link-button\" href=\"");
    web_attr(b, back);
    web_html(b, "\">");
    web_txt(b, web_t(&p, T_KEEP_BOOKING));
    web_html(b, "</a></div>\n</form>\n");
    free(back);
    free(action);
    web_page_send(&p, HTTP_OK);
}

void web_manage_cancel_post(struct http_ctx *c)
{
    struct opened o;
    if (!web_form_body(c) || !open_booking(c, &o))
        return;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "cancel:%s", o.b.code);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return;
    }
    char err[FH_ERR_LEN] = "";
    struct store_booking cancelled;
    fh_result r =
        svc_booking_cancel(c->svc, o.office, o.b.code, o.key, &cancelled, err, sizeof err);
    if (r == FH_ECONFLICT) {
        web_error(c, HTTP_CONFLICT, T_CANCEL_TOO_LATE, T_CANCEL_TOO_LATE_BODY);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "cancel from a page: %s", err);
        web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
        return;
    }
    char *to = booking_href(&o, "", "&done=cancelled");
    web_redirect(c, to);
    free(to);
}

/* ---- the calendar file ------------------------------------------------------------------------
 */

void web_manage_invite(struct http_ctx *c)
{
    struct opened o;
    if (!open_booking(c, &o))
        return;
    struct cal_booking_view view;
    char url[SVC_URL_LEN];
    svc_booking_view(c->svc, o.office, &o.b, &view, url);
    bool cancel = o.b.status == STORE_CANCELLED;
    char *text = cal_invite(o.office, &view, cancel ? CAL_CANCEL : CAL_REQUEST,
                            c->svc->cfg->notifier.reminders.email_at >= 0
                                ? c->svc->cfg->notifier.reminders.email_at
                                : 19 * 60);
    if (text == NULL) {
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    char disposition[96];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"flexhours-%s.ics\"",
             o.b.code);
    http_add_header(c, "Content-Disposition", disposition);
    snprintf(c->content_type_buf, sizeof c->content_type_buf,
             "text/calendar; charset=UTF-8; method=%s", cancel ? "CANCEL" : "REQUEST");
    http_reply(c, HTTP_OK, c->content_type_buf, text);
}

/* ---- find my booking ----------------------------------------------------------------------------
 */

static void find_page(struct http_ctx *c, struct web_page *p, const char *code, const char *id,
                      int status)
{
    struct web_buf *b = &p->b;
    web_page_begin(p, web_t(p, T_FIND_TITLE));
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_FIND_TITLE));
    web_html(b, "</h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_FIND_INTRO));
    web_html(b, "</p>\n<form method=\"post\" action=\"/find\" novalidate>\n");
    web_csrf_field(p, "find");
    web_input(p, &(struct web_input){"code", T_BOOKING_CODE, T_CODE_HINT, code, "text", "off", true,
                                     true});
    web_input(p, &(struct web_input){"national_id", T_NATIONAL_ID, T_FIND_ID_HINT, id, "text",
                                     "off", true, true});
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_FIND_BUTTON));
    web_html(b, "</button>\n</form>\n");
    (void)c;
    web_page_send(p, status);
}

void web_find(struct http_ctx *c)
{
    struct web_page p;
    web_page_init(&p, c);
    find_page(c, &p, NULL, NULL, HTTP_OK);
}

/* A booking code as people type it: spaces and hyphens dropped, letters
 * made capital. */
static bool normalize_code(const char *in, char out[STORE_CODE_LEN + 1])
{
    static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    size_t n = 0;
    for (; *in != '\0'; in++) {
        if (*in == ' ' || *in == '-')
            continue;
        char ch = (char)toupper((unsigned char)*in);
        if (n == STORE_CODE_LEN || strchr(alphabet, ch) == NULL || ch == '\0')
            return false;
        out[n++] = ch;
    }
    out[n] = '\0';
    return n == STORE_CODE_LEN;
}

void web_find_post(struct http_ctx *c)
{
    if (!web_form_body(c))
        return;
    struct web_page p;
    web_page_init(&p, c);
    int wait = http_limit_take(c);
    if (wait > 0) {
        http_retry_after(c, wait);
        web_buf_free(&p.b);
        web_error(c, HTTP_TOO_MANY_REQUESTS, T_TOO_MANY_HEADING, T_TOO_MANY_BODY);
        return;
    }
    if (!web_csrf_ok(c, "find")) {
        web_buf_free(&p.b);
        web_csrf_refused(c);
        return;
    }
    if (!guess_allowed(c)) {
        web_buf_free(&p.b);
        return;
    }
    const char *code_in = http_form(c, "code"), *id_in = http_form(c, "national_id");
    char code[STORE_CODE_LEN + 1], id[VAL_NATIONAL_ID_LEN + 1];
    if (code_in == NULL || code_in[0] == '\0')
        web_fault(&p, "code", T_ERR_CODE_MISSING);
    else if (!normalize_code(code_in, code))
        web_fault(&p, "code", T_ERR_CODE_FORM);
    const char *why = id_in != NULL && id_in[0] != '\0' ? val_national_id(id_in, id) : "missing";
    if (why != NULL)
        web_fault(&p, "national_id",
                  strcmp(why, "missing") == 0                      ? T_ERR_ID_MISSING
                  : strcmp(why, "check digit does not match") == 0 ? T_ERR_ID_CHECK_DIGIT
                                                                   : T_ERR_ID_FORM);
    if (p.fault_count == 0) {
        struct store_booking b;
        char err[FH_ERR_LEN] = "";
        fh_result r = store_booking_find(c->svc->store, code, id, &b, err, sizeof err);
        fh_wipe(id, sizeof id);
        if (r == FH_OK) {
            char key[STORE_TOKEN_LEN + 1];
            store_link_key(c->svc->store, b.code, key);
            char *to = fh_asprintf("/b/%s?k=%s", b.code, key);
            fh_wipe(key, sizeof key);
            web_buf_free(&p.b);
            web_redirect(c, to);
            free(to);
            return;
        }
        if (r != FH_ENOTFOUND) {
            fh_log(FH_LOG_ERROR, "find: %s", err);
            web_buf_free(&p.b);
            web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
            return;
        }
        /* One answer whichever half was wrong, marking neither. */
        http_guess_failed(c);
        web_fault(&p, "#code", T_FIND_NO_MATCH);
    }
    find_page(c, &p, code_in, NULL, HTTP_UNPROCESSABLE_CONTENT);
}
