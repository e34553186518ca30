/* web_counter.c: the counter's pages under /admin/: the day board (a day's
 * bookings of one office window by window, in large type, reloading itself,
 * with check-in, no-show and complete; printable), the form that books for
 * a citizen who called, faxed or came to the counter, and the manager's
 * list of pending bookings to confirm with somebody on duty. Every page
 * checks the session, the role and the office; every change is a POST with
 * a token bound to the session, made through svc (audited there) and
 * answered 303 back to its page. */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds between two reloads of the day board. */
#define BOARD_REFRESH 60
#define CODE_MAX      16

static void who_of(const struct web_admin *a, char out[STORE_WHO_LEN])
{
    snprintf(out, STORE_WHO_LEN, "user:%s", a->u.id);
}

static enum web_text status_text(enum store_status s)
{
    switch (s) {
    case STORE_PENDING:
        return T_STATUS_PENDING;
    case STORE_CONFIRMED:
        return T_STATUS_CONFIRMED;
    case STORE_CANCELLED:
        return T_STATUS_CANCELLED;
    case STORE_CHECKED_IN:
        return T_STATUS_CHECKED_IN;
    case STORE_COMPLETED:
        return T_STATUS_COMPLETED;
    case STORE_NO_SHOW:
        return T_STATUS_NO_SHOW;
    case STORE_LAPSED:
        return T_STATUS_LAPSED;
    }
    return T_NONE;
}

static enum web_text channel_text(enum store_booking_channel ch)
{
    static const enum web_text words[STORE_CHANNEL_COUNT] = {
        [STORE_CHANNEL_WEB] = T_CHANNEL_WEB,
        [STORE_CHANNEL_PHONE] = T_CHANNEL_PHONE,
        [STORE_CHANNEL_FAX] = T_CHANNEL_FAX,
        [STORE_CHANNEL_COUNTER] = T_CHANNEL_COUNTER,
    };
    return (int)ch >= 0 && (int)ch < STORE_CHANNEL_COUNT ? words[ch] : T_NONE;
}

/* A booking code as a form may carry it: letters and digits, short. */
static bool code_ok(const char *code)
{
    if (code == NULL || code[0] == '\0' || strlen(code) > CODE_MAX)
        return false;
    for (const char *q = code; *q != '\0'; q++)
        if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9')))
            return false;
    return true;
}

/* The day a page shows: ?date= or today in the office's time; a fault of
 * field "date" when it is not a date. */
static fh_day page_day(struct web_page *p, const struct sched_office *office, const char *v)
{
    fh_day today = fh_day_of(svc_now(office)), d;
    if (v == NULL || v[0] == '\0')
        return today;
    if (fh_parse_date(v, &d) != NULL) {
        web_fault(p, "date", T_AUDIT_DATE_WRONG);
        return today;
    }
    return d;
}

static void hidden(struct web_buf *b, const char *name, const char *value)
{
    web_html(b, "<input type=\"hidden\" name=\"");
    web_attr(b, name);
    web_html(b, "\" value=\"");
    web_attr(b, value);
    web_html(b, "\">");
}

/* "/admin/day?office=ID&date=YYYY-MM-DD" and more, escaped. */
static void board_href(struct web_buf *b, const char *office, fh_day day, const char *extra)
{
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_html(b, "/admin/day?office=");
    web_url_arg(b, office);
    web_html(b, "&date=");
    web_url_arg(b, date);
    if (extra != NULL)
        web_html(b, extra);
}

static bool is_flexible(const char *window)
{
    return strcmp(window, "noon") == 0 || strcmp(window, "evening") == 0 ||
           strcmp(window, "saturday") == 0 || strcmp(window, "holiday") == 0;
}

/* ---- the day board ------------------------------------------------------------------- */

static void action_button(struct web_page *p, const struct web_admin *a, const char *office,
                          fh_day day, const struct store_booking *bk, const char *to,
                          enum web_text label, bool secondary, bool disabled, bool described)
{
    struct web_buf *b = &p->b;
    char what[64], date[FH_DATE_LEN];
    snprintf(what, sizeof what, "status:%s", bk->code);
    fh_format_date(day, date);
    web_html(b, "<form method=\"post\" action=\"/admin/day/status\" class=\"fh-inline-form\">");
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", office);
    hidden(b, "date", date);
    hidden(b, "code", bk->code);
    hidden(b, "to", to);
    web_html(b, "<button type=\"submit\" id=\"");
    web_attr(b, to);
    web_html(b, "-");
    web_attr(b, bk->code);
    web_html(b, secondary ? "\" class=\"fh-button fh-button--small fh-button--secondary\""
                          : "\" class=\"fh-button fh-button--small\"");
    if (described) { /* by the hint after the form, "#why-TO-CODE" */
        web_html(b, " aria-describedby=\"why-");
        web_attr(b, to);
        web_html(b, "-");
        web_attr(b, bk->code);
        web_html(b, "\"");
    }
    web_html(b, disabled ? " disabled>" : ">");
    web_txt(b, web_t(p, label));
    web_html(b, "<span class=\"fh-visually-hidden\"> ");
    web_txt(b, bk->code);
    web_html(b, "</span></button></form>\n");
}

static void board_row(struct web_page *p, const struct web_admin *a,
                      const struct sched_office *office, fh_day day, bool today, bool print,
                      const struct store_booking *bk)
{
    struct web_buf *b = &p->b;
    const char *oid = sched_office_spec(office)->id;
    int service = sched_office_service_index(office, bk->service);
    web_html(b, "<tr id=\"row-");
    web_attr(b, bk->code);
    web_html(b, "\"><td class=\"fh-nowrap\">");
    web_span(p, bk->start, bk->end);
    web_html(b, "</td><td><span class=\"fh-board__code\">");
    web_txt(b, bk->code);
    web_html(b, "</span></td><td><bdi>");
    web_txt(b, bk->name[0] != '\0' ? bk->name : "–");
    web_html(b, "</bdi>");
    if (bk->partner_name[0] != '\0') {
        web_html(b, "<br><bdi>");
        web_txt(b, bk->partner_name);
        web_html(b, "</bdi>");
    }
    if (bk->phone[0] != '\0') {
        char shown[32];
        val_phone_national(bk->phone, shown, sizeof shown);
        web_html(b, "<br><span class=\"fh-hint fh-nowrap\">");
        web_txt(b, shown);
        web_html(b, "</span>");
    }
    /* What the counter checks (the household address of a resident's
     * claim) and prepares (a wheelchair, the priority counter, an
     * interpreter), where the person's name is. */
    if (bk->resident) {
        web_html(b, "<br><span class=\"fh-board__note\" id=\"resident-");
        web_attr(b, bk->code);
        web_html(b, "\">");
        web_txt(b, web_t(p, T_RESIDENT_CLAIMED));
        web_html(b, "</span>");
    }
    if (sched_needs_any(&bk->needs)) {
        web_html(b, "<br><span class=\"fh-board__note fh-board__note--needs\" id=\"needs-");
        web_attr(b, bk->code);
        web_html(b, "\"><strong>");
        web_txt(b, web_t(p, T_NEEDS));
        web_html(b, p->en ? ":</strong> " : "：</strong>");
        web_needs(p, &bk->needs);
        web_html(b, "</span>");
    }
    web_html(b, "</td><td class=\"fh-nowrap\">");
    web_txt(b, service >= 0 ? web_service_name(p, office, service) : bk->service);
    /* Filed ahead: the counter registers it as taking effect that date. */
    if (bk->effective_day != FH_NO_DAY) {
        char eff[FH_DATE_LEN];
        fh_format_date(bk->effective_day, eff);
        web_html(b, "<br><span class=\"fh-hint fh-effective\">");
        web_txt(b, web_t(p, T_EFFECTIVE_DATE));
        web_txt(b, p->en ? " " : "：");
        web_txt(b, eff);
        web_html(b, "</span>");
    }
    web_html(b, "</td><td class=\"fh-nowrap\"><strong class=\"fh-status fh-status--");
    web_attr(b, store_status_name(bk->status));
    web_html(b, "\">");
    web_txt(b, web_t(p, status_text(bk->status)));
    web_html(b, "</strong></td>");
    if (!print) {
        web_html(b, "<td>");
        /* Check-in only on the day itself: the button is not offered on
         * another day's board (svc refuses it there anyway). */
        if (bk->status == STORE_CONFIRMED && today)
            action_button(p, a, oid, day, bk, "checked_in", T_DAY_CHECK_IN, false, false, false);
        /* A no-show only once the grace after the start is over (svc
         * refuses it before): until then the button is shown disabled,
         * with the time it opens; a lapse may be confirmed as one. */
        if (bk->status == STORE_CONFIRMED || bk->status == STORE_PENDING ||
            bk->status == STORE_LAPSED) {
            fh_minute from = sched_no_show_from(office, bk->start);
            bool early = sched_no_show_check(office, bk->start, svc_now(office)) != SCHED_MARK_OK;
            action_button(p, a, oid, day, bk, "no_show", T_DAY_NO_SHOW, true, early, early);
            if (early) {
                char hhmm[6];
                fh_format_hhmm(fh_minute_of_day(from), hhmm);
                web_html(b, "<span class=\"fh-hint fh-nowrap\" id=\"why-no_show-");
                web_attr(b, bk->code);
                web_html(b, "\">");
                web_txt(b, web_t(p, T_DAY_NO_SHOW_FROM));
                web_txt(b, hhmm);
                web_html(b, "</span>");
            }
        }
        if (bk->status == STORE_CHECKED_IN)
            action_button(p, a, oid, day, bk, "completed", T_DAY_COMPLETE, false, false, false);
        web_html(b, "</td>");
    }
    web_html(b, "<td class=\"fh-nowrap\">");
    web_txt(b, web_t(p, channel_text(bk->channel)));
    web_html(b, "</td><td class=\"fh-board__docs\">");
    if (service >= 0)
        web_documents(p, office, service);
    web_html(b, "</td>");
    web_html(b, "</tr>\n");
}

static void board_window(struct web_page *p, const struct web_admin *a,
                         const struct sched_office *office, fh_day day, bool today, bool print,
                         const char *window, const struct store_booking *list, size_t n)
{
    struct web_buf *b = &p->b;
    /* The buttons before the long columns: on a narrow screen they come
     * into view first. */
    static const enum web_text heads[] = {T_DAY_TIME,    T_DAY_CODE,     T_DAY_PERSON,
                                          T_DAY_SERVICE, T_DAY_STATUS,   T_DAY_ACTIONS,
                                          T_DAY_CHANNEL, T_DAY_DOCUMENTS};
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += strcmp(list[i].window, window) == 0;
    web_html(b, "<section class=\"fh-board__window\" aria-labelledby=\"w-");
    web_attr(b, window);
    web_html(b, "\">\n<h2 class=\"fh-heading-m\" id=\"w-");
    web_attr(b, window);
    web_html(b, "\">");
    web_txt(b, web_window_word(p, window));
    if (is_flexible(window)) {
        web_html(b, " <span class=\"fh-tag fh-tag--");
        web_attr(b, window);
        web_html(b, "\">");
        web_txt(b, web_t(p, T_DAY_FLEX));
        web_html(b, "</span>");
    }
    web_html(b, "</h2>\n<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"c-");
    web_attr(b, window);
    web_html(b, "\" tabindex=\"0\">\n<table class=\"fh-table fh-board__table\">\n<caption id=\"c-");
    web_attr(b, window);
    web_html(b, "\">");
    web_txt(b, web_window_word(p, window));
    web_html(b, p->en ? " – " : "－");
    web_txt(b, web_t(p, T_DAY_COUNT));
    web_htmlf(b, "%zu", count);
    web_html(b, "</caption>\n<thead><tr>");
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        if (print && heads[i] == T_DAY_ACTIONS)
            continue;
        web_html(b, "<th scope=\"col\" class=\"fh-nowrap\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].window, window) == 0)
            board_row(p, a, office, day, today, print, &list[i]);
    web_html(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* What the last change on the board did, from the address the POST sent
 * the browser back to. */
static void board_outcome(struct web_page *p, char field[40])
{
    const char *done = http_query(p->c, "done"), *error = http_query(p->c, "error");
    const char *code = http_query(p->c, "code");
    if (!code_ok(code))
        return;
    if (error != NULL) {
        enum web_text t = strcmp(error, "too_early") == 0       ? T_DAY_TOO_EARLY
                          : strcmp(error, "too_late") == 0      ? T_DAY_TOO_LATE
                          : strcmp(error, "no_show_early") == 0 ? T_DAY_NO_SHOW_EARLY
                          : strcmp(error, "gone") == 0          ? T_DAY_GONE
                                                                : T_DAY_CONFLICT;
        /* The page keeps the pointer: field lives as long as the page. */
        snprintf(field, 40, "#row-%s", code);
        web_fault(p, field, t);
        return;
    }
    enum store_status s;
    static const enum store_status shown[] = {STORE_CHECKED_IN, STORE_NO_SHOW, STORE_COMPLETED};
    for (size_t i = 0; done != NULL && i < sizeof shown / sizeof shown[0]; i++) {
        s = shown[i];
        if (strcmp(done, store_status_name(s)) != 0)
            continue;
        web_html(&p->b, "<div class=\"fh-notice\" role=\"status\"><p class=\"fh-body\">");
        web_txt(&p->b, web_t(p, T_DAY_DONE));
        web_txt(&p->b, code);
        web_html(&p->b, p->en ? " – " : "－");
        web_txt(&p->b, web_t(p, status_text(s)));
        web_html(&p->b, "</p></div>\n");
    }
}

void web_counter_day(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "date", "print",   "lang", "done",
                                          "error",  "code", "refresh", NULL};
    struct web_admin a;
    const struct sched_office *office = web_admin_open_page(c, &a, STORE_ROLE_COUNTER, allowed);
    if (office == NULL)
        return;
    const char *oid = sched_office_spec(office)->id;
    const char *print_q = http_query(c, "print");
    bool print = print_q != NULL && strcmp(print_q, "1") == 0;
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    const char *date_q = http_query(c, "date");
    fh_day day = page_day(&p, office, date_q);
    fh_day today = fh_day_of(svc_now(office));
    struct store_booking *list = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    if (store_bookings_of_day(c->svc->store, oid, day, &list, &n, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "day board: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    /* Reloading itself is the counter's choice (WCAG 2.2.1: a page must
     * not time its reader out unasked): a link turns it on and off, and the
     * counter's screen keeps the address with refresh=1. */
    const char *refresh_q = http_query(c, "refresh");
    bool refresh = !print && refresh_q != NULL && strcmp(refresh_q, "1") == 0;
    if (refresh)
        p.refresh_seconds = BOARD_REFRESH;
    web_admin_begin(&p, &a, web_t(&p, T_BOARD_TITLE));
    web_html(b, "<div class=\"fh-board");
    web_html(b, print ? " fh-board--print\">\n" : "\">\n");
    if (!print)
        web_back_link(&p, "/admin/");
    char fault_field[40];
    if (p.fault_count == 0)
        board_outcome(&p, fault_field);
    web_error_summary(&p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_BOARD_TITLE));
    web_html(b, "<span class=\"fh-caption fh-board__date\">");
    web_txt(b, web_admin_office_name(&p, oid));
    web_html(b, "<br>");
    web_date(&p, day, true);
    web_html(b, "</span></h1>\n");
    if (print) {
        web_html(b, "<p class=\"fh-body fh-no-print\"><a href=\"");
        board_href(b, oid, day, NULL);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_DAY_BACK_TO_BOARD));
        web_html(b, "</a></p>\n");
    } else {
        web_html(b, "<form method=\"get\" action=\"/admin/day\" novalidate class=\"fh-no-print\">\n"
                    "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
        web_txt(b, web_t(&p, T_DAY_CHOOSE));
        web_html(b, "</legend>\n<div class=\"fh-filter\">\n");
        web_admin_office_select(&p, &a, oid, false);
        char date_s[FH_DATE_LEN];
        fh_format_date(day, date_s);
        web_input(&p, &(struct web_input){"date", T_DAY_DATE, T_AUDIT_DATE_HINT,
                                          p.fault_count > 0 ? date_q : date_s, "text", "off", true,
                                          true});
        web_html(b, "</div>\n<button type=\"submit\" class=\"fh-button\">");
        web_txt(b, web_t(&p, T_DAY_SHOW));
        web_html(b, "</button>\n</fieldset>\n</form>\n<ul class=\"fh-board__nav fh-no-print\">");
        static const struct {
            int delta;
            enum web_text word;
        } nav[] = {{-1, T_DAY_PREV}, {0, T_DAY_TODAY}, {1, T_DAY_NEXT}};
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            web_html(b, "<li><a href=\"");
            board_href(b, oid, nav[i].delta == 0 ? today : day + nav[i].delta, NULL);
            web_html(b, "\">");
            web_txt(b, web_t(&p, nav[i].word));
            web_html(b, "</a></li>");
        }
        web_html(b, "<li><a href=\"");
        board_href(b, oid, day, "&print=1");
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_DAY_PRINT));
        web_html(b, "</a></li><li><a href=\"/admin/book?office=");
        web_url_arg(b, oid);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_STAFF_BOOK_TITLE));
        web_html(b, "</a></li><li><a href=\"");
        board_href(b, oid, day, refresh ? NULL : "&refresh=1");
        web_html(b, "\">");
        web_txt(b, web_t(&p, refresh ? T_DAY_REFRESH_OFF : T_DAY_REFRESH_ON));
        web_html(b, "</a></li></ul>\n");
        if (refresh) {
            web_html(b, "<p class=\"fh-hint fh-no-print\">");
            web_txt(b, web_t(&p, T_DAY_REFRESH));
            web_html(b, "</p>\n");
        }
    }
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"day-none\">");
        web_txt(b, web_t(&p, T_DAY_NONE));
        web_html(b, "</p>\n");
    }
    /* Windows in the order their first booking starts (the list is by start). */
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(list[k].window, list[i].window) == 0;
        if (!seen)
            board_window(&p, &a, office, day, day == today, print, list[i].window, list, n);
    }
    /* Who waits for a place that day, in the order they joined. */
    if (!print)
        web_waitlist_board(&p, office, day);
    web_html(b, "</div>\n");
    for (size_t i = 0; i < n; i++)
        fh_wipe(&list[i], sizeof list[i]);
    free(list);
    web_page_send(&p, p.fault_count > 0 && date_q != NULL && http_query(c, "code") == NULL
                          ? HTTP_UNPROCESSABLE_CONTENT
                          : HTTP_OK);
}

void web_counter_status_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_COUNTER))
        return;
    const char *code = http_form(c, "code"), *to_s = http_form(c, "to");
    if (!code_ok(code)) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "status:%s", code);
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    const struct sched_office *office = web_admin_office(c, &a, http_form(c, "office"));
    if (office == NULL)
        return;
    enum store_status to;
    if (to_s != NULL && strcmp(to_s, "checked_in") == 0)
        to = STORE_CHECKED_IN;
    else if (to_s != NULL && strcmp(to_s, "no_show") == 0)
        to = STORE_NO_SHOW;
    else if (to_s != NULL && strcmp(to_s, "completed") == 0)
        to = STORE_COMPLETED;
    else {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_FORM_ONLY);
        return;
    }
    fh_day day;
    const char *date = http_form(c, "date");
    if (date == NULL || fh_parse_date(date, &day) != NULL)
        day = fh_day_of(svc_now(office));
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    who_of(&a, who);
    struct store_booking bk;
    enum sched_checkin why;
    fh_result r = svc_booking_set_status(c->svc, office, code, to, who, &bk, &why, err, sizeof err);
    fh_wipe(&bk, sizeof bk);
    const char *error = NULL;
    if (r == FH_EREFUSED)
        error = why == SCHED_CHECKIN_TOO_LATE            ? "too_late"
                : why == SCHED_CHECKIN_NO_SHOW_TOO_EARLY ? "no_show_early"
                                                         : "too_early";
    else if (r == FH_ENOTFOUND)
        error = "gone";
    else if (r == FH_ECONFLICT)
        error = "conflict";
    else if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "day board: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    struct web_buf loc = {0};
    board_href(&loc, sched_office_spec(office)->id, day, error != NULL ? "&error=" : "&done=");
    web_url_arg(&loc, error != NULL ? error : store_status_name(to));
    web_html(&loc, "&code=");
    web_url_arg(&loc, code);
    web_html(&loc, "#row-");
    web_url_arg(&loc, code);
    char *location = web_buf_take(&loc, NULL);
    web_redirect(c, location);
    free(location);
}

/* ---- booking for a citizen ------------------------------------------------------------- */

/* The fields of the staff's booking form, in the order it shows them. */
enum {
    F_NAME,
    F_ID,
    F_PNAME,
    F_PID,
    F_PHONE,
    F_EMAIL,
    F_LANG,
    F_CHANNEL,
    F_START,
    F_RESIDENT,    /* "yes" when ticked */
    F_WHEELCHAIR,  /* "yes" when ticked */
    F_PRIORITY,    /* "yes" when ticked */
    F_INTERPRETER, /* a language code, or none */
    F_N
};
static const char *const form_names[F_N] = {
    "name",       "national_id", "partner_name", "partner_national_id",
    "phone",      "email",       "lang",         "channel",
    "start",      "resident",    "wheelchair",   "priority_counter",
    "interpreter"};

static bool ticked(const char *v)
{
    return v != NULL && strcmp(v, "yes") == 0;
}

static const char *form_value(struct http_ctx *c, const char *name)
{
    const char *v = http_form(c, name);
    if (v == NULL)
        return NULL;
    while (*v == ' ')
        v++;
    return *v != '\0' ? v : NULL;
}

/* A radio group as a fieldset whose legend names it; its fault, if any,
 * above the choices. The first radio has id NAME so that the summary's
 * link lands on it. */
static void group_begin(struct web_page *p, const char *name, enum web_text legend)
{
    struct web_buf *b = &p->b;
    const struct web_fault *f = web_fault_of(p, name);
    web_html(b,
             f != NULL ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(p, legend));
    web_html(b, "</legend>\n");
    web_field_error(p, NULL, f);
}

static void book_page(struct web_page *p, const struct web_admin *a,
                      const struct sched_office *office, int service, const char *date_q,
                      const char *const values[F_N], int status)
{
    struct http_ctx *c = p->c;
    struct web_buf *b = &p->b;
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_day day = page_day(p, office, date_q);
    web_admin_begin(p, a, web_t(p, T_STAFF_BOOK_TITLE));
    web_back_link(p, "/admin/");
    const char *done = http_query(c, "done");
    if (code_ok(done) && p->fault_count == 0) {
        web_html(b, "<div class=\"fh-panel\" role=\"status\"><h2 class=\"fh-panel__title\">");
        web_txt(b, web_t(p, T_STAFF_BOOK_DONE));
        web_html(b, "<br><span class=\"fh-code\" id=\"booked-code\">");
        web_txt(b, done);
        web_html(b, "</span></h2><p class=\"fh-body\"><a href=\"");
        board_href(b, o->id, day, NULL);
        web_html(b, "\">");
        web_txt(b, web_t(p, T_BOARD_TITLE));
        web_html(b, "</a></p></div>\n");
    }
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_STAFF_BOOK_TITLE));
    web_html(b, "</h1>\n");
    if (o->staff_past_cutoff) {
        web_html(b, "<p class=\"fh-hint\">");
        web_txt(b, web_t(p, T_STAFF_BOOK_PAST_CUTOFF));
        web_html(b, "</p>\n");
    }
    /* Step one, a GET: which service on which day. */
    web_html(b, "<form method=\"get\" action=\"/admin/book\" novalidate>\n"
                "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(p, T_STAFF_BOOK_STEP1));
    web_html(b, "</legend>\n<div class=\"fh-filter\">\n");
    web_admin_office_select(p, a, o->id, false);
    web_html(b, "<div class=\"fh-field\"><label class=\"fh-label\" for=\"service\">");
    web_txt(b, web_t(p, T_DAY_SERVICE));
    web_html(b, "</label>\n<select class=\"fh-select\" id=\"service\" name=\"service\">\n");
    for (size_t i = 0; i < o->service_count; i++) {
        web_html(b, "<option value=\"");
        web_attr(b, o->services[i].id);
        web_html(b, (int)i == service ? "\" selected>" : "\">");
        web_txt(b, web_service_name(p, office, (int)i));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n");
    char date_s[FH_DATE_LEN];
    fh_format_date(day, date_s);
    web_input(p, &(struct web_input){"date", T_DAY_DATE, T_AUDIT_DATE_HINT,
                                     web_fault_of(p, "date") ? date_q : date_s, "text", "off", true,
                                     true});
    web_html(b, "</div>\n<button type=\"submit\" class=\"fh-button fh-button--secondary\">");
    web_txt(b, web_t(p, T_STAFF_BOOK_SHOW_TIMES));
    web_html(b, "</button>\n</fieldset>\n</form>\n");
    if (service < 0 || web_fault_of(p, "date") != NULL) {
        web_page_send(p, status);
        return;
    }

    /* Step two, the POST that books: a time with a place, the citizen. */
    struct sched_slot *slots = NULL;
    size_t count = 0;
    char err[FH_ERR_LEN] = "";
    if (svc_slots(c->svc, office, service, day, day, svc_now(office), SCHED_SLOTS_STAFF, &slots,
                  &count, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "staff booking: %s", err);
        count = 0;
    }
    web_html(b, "<form method=\"post\" action=\"/admin/book\" novalidate>\n");
    web_admin_csrf_field(p, a, "book");
    hidden(b, "office", o->id);
    hidden(b, "service", o->services[service].id);
    hidden(b, "date", date_s);
    group_begin(p, "start", T_STAFF_BOOK_TIMES);
    size_t shown = 0;
    for (size_t i = 0; i < count; i++) {
        if (!slots[i].bookable)
            continue;
        char start[FH_TIME_LEN];
        fh_format_local(slots[i].start, o->utc_offset, start);
        bool checked = values[F_START] != NULL && strcmp(values[F_START], start) == 0;
        web_html(b, "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                    "name=\"start\" id=\"");
        web_html(b, shown == 0 ? "start" : "start-");
        if (shown > 0)
            web_htmlf(b, "%zu", shown);
        web_html(b, "\" value=\"");
        web_attr(b, start);
        web_html(b, checked ? "\" checked>" : "\">");
        web_html(b, "<label class=\"fh-label fh-radio__label\" for=\"");
        web_html(b, shown == 0 ? "start" : "start-");
        if (shown > 0)
            web_htmlf(b, "%zu", shown);
        web_html(b, "\">");
        web_span(p, slots[i].start, slots[i].end);
        web_html(b, " ");
        web_txt(b, web_window_word(p, sched_window_name_str(
                                          sched_office_window(office, slots[i].window)->name)));
        web_htmlf(b, p->en ? " (%d left)" : "（剩 %d 位）", slots[i].remaining);
        web_html(b, "</label></div>\n");
        shown++;
    }
    free(slots);
    if (shown == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"start\">");
        web_txt(b, web_t(p, T_STAFF_BOOK_NO_TIMES));
        web_html(b, "</p>\n");
    }
    web_html(b, "</fieldset></div>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(p, T_STAFF_BOOK_PERSON));
    web_html(b, "</h2>\n");
    web_input(
        p, &(struct web_input){"name", T_NAME, T_NONE, values[F_NAME], "text", "off", false, true});
    web_input(p, &(struct web_input){"national_id", T_NATIONAL_ID, T_NONE, values[F_ID], "text",
                                     "off", true, true});
    if (o->services[service].couple) {
        web_input(p, &(struct web_input){"partner_name", T_STAFF_PARTNER_NAME, T_NONE,
                                         values[F_PNAME], "text", "off", false, true});
        web_input(p, &(struct web_input){"partner_national_id", T_STAFF_PARTNER_ID, T_NONE,
                                         values[F_PID], "text", "off", true, true});
    }
    web_input(p, &(struct web_input){"phone", T_STAFF_BOOK_PHONE, T_STAFF_BOOK_PHONE_HINT,
                                     values[F_PHONE], "tel", "off", false, true});
    web_input(p, &(struct web_input){"email", T_STAFF_BOOK_EMAIL, T_NONE, values[F_EMAIL], "email",
                                     "off", false, true});
    /* A residents-only window takes the citizen's word, as the pages do;
     * the counter checks the household address when they come. */
    web_html(b, "<div class=\"fh-field\"><div class=\"fh-radio\"><input type=\"checkbox\" "
                "name=\"resident\" id=\"resident\" value=\"yes\"");
    web_html(b, ticked(values[F_RESIDENT]) ? " checked>" : ">");
    web_html(b, "<label class=\"fh-label fh-radio__label\" for=\"resident\">");
    web_txt(b, web_t(p, T_STAFF_RESIDENT));
    web_html(b, "</label></div></div>\n");
    web_needs_fields(p, ticked(values[F_WHEELCHAIR]), ticked(values[F_PRIORITY]),
                     values[F_INTERPRETER]);
    group_begin(p, "channel", T_STAFF_BOOK_CHANNEL);
    static const struct {
        const char *value;
        enum web_text word;
    } channels[] = {{"phone", T_CHANNEL_PHONE},
                    {"fax", T_CHANNEL_FAX},
                    {"counter", T_CHANNEL_COUNTER},
                    {"web", T_CHANNEL_WEB}};
    const char *chosen = values[F_CHANNEL] != NULL ? values[F_CHANNEL] : "phone";
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++) {
        web_htmlf(b,
                  "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                  "name=\"channel\" id=\"%s\"",
                  i == 0 ? "channel" : channels[i].value);
        web_html(b, " value=\"");
        web_attr(b, channels[i].value);
        web_html(b, strcmp(chosen, channels[i].value) == 0 ? "\" checked>" : "\">");
        web_htmlf(b, "<label class=\"fh-label fh-radio__label\" for=\"%s\">",
                  i == 0 ? "channel" : channels[i].value);
        web_txt(b, web_t(p, channels[i].word));
        web_html(b, "</label></div>\n");
    }
    web_html(b, "</fieldset></div>\n");
    group_begin(p, "lang", T_STAFF_BOOK_LANG);
    bool en = values[F_LANG] != NULL && strcmp(values[F_LANG], "en") == 0;
    web_html(b, "<div class=\"fh-radios fh-radios--inline\">\n"
                "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                "name=\"lang\" id=\"lang\" value=\"zh-TW\"");
    web_html(b, en ? "" : " checked");
    web_html(b, "><label class=\"fh-label fh-radio__label\" for=\"lang\" lang=\"zh-Hant-TW\">"
                "中文</label></div>\n<div class=\"fh-radio\"><input class=\"fh-radio__input\" "
                "type=\"radio\" name=\"lang\" id=\"lang-en\" value=\"en\"");
    web_html(b, en ? " checked" : "");
    web_html(b, "><label class=\"fh-label fh-radio__label\" for=\"lang-en\" lang=\"en\">"
                "English</label></div>\n</div>\n");
    web_html(b, "</fieldset></div>\n<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_STAFF_BOOK_BUTTON));
    web_html(b, "</button>\n</form>\n");
    web_page_send(p, status);
}

void web_counter_book(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "service", "date", "lang", "done", NULL};
    struct web_admin a;
    const struct sched_office *office = web_admin_open_page(c, &a, STORE_ROLE_COUNTER, allowed);
    if (office == NULL)
        return;
    struct web_page p;
    web_page_init(&p, c);
    const char *service_q = http_query(c, "service");
    int service = service_q != NULL ? sched_office_service_index(office, service_q) : -1;
    if (service_q != NULL && service < 0)
        web_fault(&p, "service", T_STAFF_BOOK_SERVICE_WRONG);
    const char *values[F_N] = {NULL};
    book_page(&p, &a, office, service, http_query(c, "date"), values,
              p.fault_count > 0 ? HTTP_UNPROCESSABLE_CONTENT : HTTP_OK);
}

/* A booking taken for a citizen on its way to the writer thread. */
struct staff_job {
    struct svc_booking_request req;
    struct web_admin a;
    const char *values[F_N];
    char *copies[F_N]; /* the form's values, kept for the page after */
    int service;
    char date[FH_DATE_LEN];
    bool en;
};

static void staff_job_free(struct staff_job *job)
{
    svc_booking_request_wipe(&job->req);
    for (int i = 0; i < F_N; i++) {
        if (job->copies[i] != NULL)
            fh_wipe(job->copies[i], strlen(job->copies[i]));
        free(job->copies[i]);
    }
    free(job);
}

static char *staff_reply(const struct store_booking *b, const char *manage_token, void *arg)
{
    (void)b;
    (void)manage_token;
    (void)arg;
    return fh_strdup("");
}

/* On the writer thread: the same path and group commit as a citizen's. */
static void staff_book_run(struct http_ctx *c, void *arg)
{
    struct staff_job *job = arg;
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    uint8_t none[32] = {0};
    fh_result r =
        svc_booking_create(c->svc, &job->req, NULL, none, staff_reply, NULL, &res, err, sizeof err);
    const struct sched_office *office = job->req.office;
    if (r == FH_OK) {
        free(res.body);
        struct web_buf loc = {0};
        web_html(&loc, "/admin/book?office=");
        web_url_arg(&loc, sched_office_spec(office)->id);
        web_html(&loc, "&service=");
        web_url_arg(&loc, res.booking.service);
        web_html(&loc, "&date=");
        web_url_arg(&loc, job->date);
        web_html(&loc, "&done=");
        web_url_arg(&loc, res.booking.code);
        fh_wipe(&res.booking, sizeof res.booking);
        char *location = web_buf_take(&loc, NULL);
        web_redirect(c, location);
        free(location);
    } else if (r == FH_EREFUSED || r == FH_EINVAL) {
        struct web_page p;
        web_page_init(&p, c);
        if (r == FH_EREFUSED)
            web_fault(&p,
                      svc_refusal_is_about_start(res.refusal) ? "start"
                      : res.refusal == SCHED_NOT_RESIDENT     ? "resident"
                                                              : "national_id",
                      res.refusal == SCHED_NOT_RESIDENT ? T_STAFF_NOT_RESIDENT
                                                        : web_refusal_text(res.refusal));
        else
            web_fault(&p, "national_id", T_ERR_GENERIC);
        book_page(&p, &job->a, office, job->service, job->date, job->values,
                  r == FH_EREFUSED && svc_refusal_is_conflict(res.refusal)
                      ? HTTP_CONFLICT
                      : HTTP_UNPROCESSABLE_CONTENT);
    } else {
        fh_log(FH_LOG_ERROR, "staff booking: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_NOT_STORED_BODY);
    }
    staff_job_free(job);
}

static enum web_text staff_fault_text(const char *field, const char *why)
{
    if (strcmp(field, "phone") == 0)
        return strncmp(why, "give a phone number", 19) == 0 ? T_STAFF_BOOK_CONTACT_MISSING
                                                            : T_STAFF_BOOK_PHONE_WRONG;
    if (strcmp(field, "channel") == 0)
        return T_STAFF_BOOK_CHANNEL_WRONG;
    if (strcmp(field, "start") == 0 || strcmp(field, "service") == 0)
        return strcmp(field, "start") == 0 ? T_STAFF_BOOK_START_WRONG : T_STAFF_BOOK_SERVICE_WRONG;
    return web_book_fault_text(field, why);
}

void web_counter_book_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_COUNTER) || !web_admin_csrf_ok(c, &a, "book"))
        return;
    const struct sched_office *office = web_admin_office(c, &a, http_form(c, "office"));
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    struct staff_job *job = fh_calloc(1, sizeof *job);
    job->a = a;
    for (int i = 0; i < F_N; i++) {
        const char *v = form_value(c, form_names[i]);
        job->copies[i] = v != NULL ? fh_strdup(v) : NULL;
        job->values[i] = job->copies[i];
    }
    const char *service_s = http_form(c, "service");
    job->service = service_s != NULL ? sched_office_service_index(office, service_s) : -1;
    const char *date = http_form(c, "date");
    fh_day day;
    if (date == NULL || fh_parse_date(date, &day) != NULL)
        day = fh_day_of(svc_now(office));
    fh_format_date(day, job->date);
    char who[STORE_WHO_LEN];
    who_of(&a, who);
    struct svc_booking_input in = {
        .office = o->id,
        .service = job->service >= 0 ? o->services[job->service].id : service_s,
        .start = job->values[F_START],
        .name = job->values[F_NAME],
        .national_id = job->values[F_ID],
        .phone = job->values[F_PHONE],
        .email = job->values[F_EMAIL],
        .lang = job->values[F_LANG],
        .partner_name = job->values[F_PNAME],
        .partner_national_id = job->values[F_PID],
        .partner_required = true,
        .channel = job->values[F_CHANNEL] != NULL ? job->values[F_CHANNEL] : "",
        .by = who,
        .resident = ticked(job->values[F_RESIDENT]),
        .wheelchair = ticked(job->values[F_WHEELCHAIR]),
        .priority_counter = ticked(job->values[F_PRIORITY]),
        .interpreter = job->values[F_INTERPRETER],
    };
    struct svc_field_error faults[WEB_MAX_FAULTS];
    size_t n = svc_booking_check(c->svc->cfg, &in, &job->req, faults, WEB_MAX_FAULTS);
    if (n > 0 || job->service < 0) {
        struct web_page p;
        web_page_init(&p, c);
        if (job->service < 0)
            web_fault(&p, "service", T_STAFF_BOOK_SERVICE_WRONG);
        for (size_t i = 0; i < n && i < WEB_MAX_FAULTS; i++)
            web_fault(&p,
                      strcmp(faults[i].field, "needs.interpreter") == 0 ? "interpreter"
                                                                        : faults[i].field,
                      staff_fault_text(faults[i].field, faults[i].why));
        book_page(&p, &a, office, job->service, job->date, job->values, HTTP_UNPROCESSABLE_CONTENT);
        staff_job_free(job);
        return;
    }
    c->lost = web_not_stored;
    http_defer(c, staff_book_run, job);
}

/* ---- pending bookings ------------------------------------------------------------------ */

void web_counter_pending(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "lang", "done", "staff", "error", "code", NULL};
    struct web_admin a;
    const struct sched_office *office = web_admin_open_page(c, &a, STORE_ROLE_MANAGER, allowed);
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, o->id);
    struct store_booking *list = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    fh_day today = fh_day_of(svc_now(office));
    if (store_bookings_pending(c->svc->store, o->id, today, &list, &n, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "pending: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    const char *code = http_query(c, "code"), *error = http_query(c, "error");
    char field[40]; /* the page keeps the pointer of its fault's field */
    if (code_ok(code) && error != NULL) {
        snprintf(field, sizeof field, "staff-%s", code);
        web_fault(&p, field,
                  strcmp(error, "nobody") == 0  ? T_PENDING_NOBODY
                  : strcmp(error, "staff") == 0 ? T_PENDING_STAFF_WRONG
                                                : T_DAY_CONFLICT);
    }
    web_admin_begin(&p, &a, web_t(&p, T_PENDING_TITLE));
    web_back_link(&p, "/admin/");
    const char *done = http_query(c, "done");
    if (code_ok(done) && p.fault_count == 0) {
        const char *staff = http_query(c, "staff");
        web_html(b, "<div class=\"fh-notice\" role=\"status\"><p class=\"fh-body\">");
        web_txt(b, web_t(&p, T_PENDING_DONE));
        web_txt(b, done);
        if (staff != NULL && roster != NULL && cfg_staff_index(roster, staff) >= 0) {
            web_txt(b, web_t(&p, T_PENDING_DISPATCHED));
            web_txt(b, roster->staff[cfg_staff_index(roster, staff)].name);
        }
        web_html(b, "</p></div>\n");
    }
    web_error_summary(&p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_PENDING_TITLE));
    web_html(b, "<span class=\"fh-caption fh-board__date\">");
    web_txt(b, web_admin_office_name(&p, o->id));
    web_html(b, "</span></h1>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"pending-none\">");
        web_txt(b, web_t(&p, T_PENDING_NONE));
        web_html(b, "</p>\n");
    }
    for (size_t i = 0; i < n; i++) {
        const struct store_booking *bk = &list[i];
        int service = sched_office_service_index(office, bk->service);
        fh_day day = fh_day_of(bk->start);
        web_html(b, "<section class=\"fh-pending\" aria-labelledby=\"p-");
        web_attr(b, bk->code);
        web_html(b, "\"><h2 class=\"fh-heading-m\" id=\"p-");
        web_attr(b, bk->code);
        web_html(b, "\">");
        web_date(&p, day, false);
        web_html(b, " ");
        web_span(&p, bk->start, bk->end);
        web_html(b, "</h2>\n<dl class=\"fh-summary\">");
        static const enum web_text terms[] = {T_DAY_CODE, T_DAY_SERVICE, T_DAY_PERSON,
                                              T_DAY_CHANNEL};
        for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++) {
            web_html(b, "<div class=\"fh-summary__row\"><dt class=\"fh-summary__key\">");
            web_txt(b, web_t(&p, terms[t]));
            web_html(b, "</dt><dd class=\"fh-summary__value\">");
            if (t == 0)
                web_txt(b, bk->code);
            else if (t == 1)
                web_txt(b, service >= 0 ? web_service_name(&p, office, service) : bk->service);
            else if (t == 2) {
                web_html(b, "<bdi>");
                web_txt(b, bk->name);
                web_html(b, "</bdi>");
                if (bk->partner_name[0] != '\0') {
                    web_html(b, p.en ? " &amp; <bdi>" : "、<bdi>");
                    web_txt(b, bk->partner_name);
                    web_html(b, "</bdi>");
                }
            } else {
                web_txt(b, web_t(&p, channel_text(bk->channel)));
            }
            web_html(b, "</dd></div>");
        }
        web_html(b, "</dl>\n<form method=\"post\" action=\"/admin/pending/confirm\" novalidate>\n");
        char what[64];
        snprintf(what, sizeof what, "confirm:%s", bk->code);
        web_admin_csrf_field(&p, &a, what);
        hidden(b, "office", o->id);
        hidden(b, "code", bk->code);
        /* A holiday with nobody on duty: whom to dispatch, the roster's
         * pick first. */
        bool has = true;
        bool holiday = strcmp(bk->window, "holiday") == 0;
        if (holiday && roster != NULL && roster->staff_count > 0 &&
            svc_holiday_duty_staffed(c->svc, o->id, day, &has, err, sizeof err) != FH_OK)
            has = true;
        if (holiday && roster != NULL && roster->staff_count > 0 && !has) {
            const char *pick = svc_holiday_pick(c->svc, office, day);
            char sel[40];
            snprintf(sel, sizeof sel, "staff-%s", bk->code);
            const struct web_fault *f = web_fault_of(&p, sel);
            web_html(b, f != NULL ? "<div class=\"fh-field fh-field--error\">"
                                  : "<div class=\"fh-field\">");
            web_html(b, "<label class=\"fh-label\" for=\"");
            web_attr(b, sel);
            web_html(b, "\">");
            web_txt(b, web_t(&p, T_PENDING_DUTY));
            web_html(b, "</label>\n");
            web_field_error(&p, NULL, f);
            web_html(b, "<select class=\"fh-select\" name=\"staff\" id=\"");
            web_attr(b, sel);
            web_html(b, "\">\n");
            if (pick != NULL) {
                int k = cfg_staff_index(roster, pick);
                web_html(b, "<option value=\"");
                web_attr(b, pick);
                web_html(b, "\" selected>");
                web_txt(b, k >= 0 ? roster->staff[k].name : pick);
                web_txt(b, web_t(&p, T_PENDING_PICK));
                web_html(b, "</option>\n");
            }
            for (size_t k = 0; k < roster->staff_count; k++) {
                if (pick != NULL && strcmp(pick, roster->staff[k].id) == 0)
                    continue;
                web_html(b, "<option value=\"");
                web_attr(b, roster->staff[k].id);
                web_html(b, "\">");
                web_txt(b, roster->staff[k].name);
                web_html(b, "</option>\n");
            }
            web_html(b, "</select></div>\n");
        } else if (holiday && roster != NULL && roster->staff_count > 0) {
            web_html(b, "<p class=\"fh-hint\">");
            web_txt(b, web_t(&p, T_PENDING_ON_DUTY));
            web_html(b, "</p>\n");
        }
        web_html(b, "<button type=\"submit\" class=\"fh-button\" id=\"confirm-");
        web_attr(b, bk->code);
        web_html(b, "\">");
        web_txt(b, web_t(&p, T_PENDING_CONFIRM));
        web_html(b, "<span class=\"fh-visually-hidden\"> ");
        web_txt(b, bk->code);
        web_html(b, "</span></button>\n</form>\n</section>\n");
    }
    for (size_t i = 0; i < n; i++)
        fh_wipe(&list[i], sizeof list[i]);
    free(list);
    web_page_send(&p, HTTP_OK);
}

void web_counter_confirm_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const char *code = http_form(c, "code");
    if (!code_ok(code)) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "confirm:%s", code);
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    const struct sched_office *office = web_admin_office(c, &a, http_form(c, "office"));
    if (office == NULL)
        return;
    const char *staff = http_form(c, "staff");
    if (staff != NULL && staff[0] == '\0')
        staff = NULL;
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    who_of(&a, who);
    struct store_booking bk;
    const char *dispatched = NULL;
    fh_result r =
        svc_booking_confirm(c->svc, office, code, staff, who, &bk, &dispatched, err, sizeof err);
    fh_wipe(&bk, sizeof bk);
    const char *error = r == FH_EINVAL      ? "staff"
                        : r == FH_EREFUSED  ? "nobody"
                        : r == FH_ENOTFOUND ? "gone"
                        : r == FH_ECONFLICT ? "conflict"
                                            : NULL;
    if (r != FH_OK && error == NULL) {
        fh_log(FH_LOG_ERROR, "confirm: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    struct web_buf loc = {0};
    web_html(&loc, "/admin/pending?office=");
    web_url_arg(&loc, sched_office_spec(office)->id);
    web_html(&loc, error != NULL ? "&error=" : "&done=");
    web_url_arg(&loc, error != NULL ? error : code);
    if (error != NULL) {
        web_html(&loc, "&code=");
        web_url_arg(&loc, code);
    } else if (dispatched != NULL) {
        web_html(&loc, "&staff=");
        web_url_arg(&loc, dispatched);
    }
    char *location = web_buf_take(&loc, NULL);
    web_redirect(c, location);
    free(location);
}
