/* web_closures.c: the manager pages that change the calendar: closing a
 * day (a preview of the bookings cancelled and the staff told, then the
 * closure), opening it again, and importing the government calendar (a
 * file uploaded, its preview, then the apply). The rules and the work are
 * svc's (svc_closure_preview, svc_close_day, svc_import_preview,
 * svc_import_apply), as for the API. */
#include "web/web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared pieces ------------------------------------------------------------------- */

/* "a***@example.com": enough for a manager to recognise, not to copy. */
static void mask_email(struct web_buf *b, const char *email)
{
    const char *at = strchr(email, '@');
    if (at == NULL || at == email) {
        web_txt(b, "***");
        return;
    }
    char first[2] = {email[0], '\0'};
    web_txt(b, first);
    web_txt(b, "***");
    web_txt(b, at);
}

/* "+886******678": the country and the last three digits. */
static void mask_phone(struct web_buf *b, const char *phone)
{
    size_t n = strlen(phone);
    if (n < 8) {
        web_txt(b, "***");
        return;
    }
    char head[5], tail[4];
    snprintf(head, sizeof head, "%.4s", phone);
    snprintf(tail, sizeof tail, "%s", phone + n - 3);
    web_txt(b, head);
    web_txt(b, "******");
    web_txt(b, tail);
}

void web_admin_mask_contact(struct web_page *p, const char *email, const char *phone)
{
    struct web_buf *b = &p->b;
    bool any = false;
    if (email != NULL && email[0] != '\0') {
        web_txt(b, web_t(p, T_TOLD_EMAIL));
        web_html(b, " <span class=\"fh-nowrap\">");
        mask_email(b, email);
        web_html(b, "</span>");
        any = true;
    }
    if (phone != NULL && phone[0] != '\0') {
        if (any)
            web_html(b, "<br>");
        web_txt(b, web_t(p, T_TOLD_SMS));
        web_html(b, " <span class=\"fh-nowrap\">");
        mask_phone(b, phone);
        web_html(b, "</span>");
        any = true;
    }
    if (!any)
        web_txt(b, "–");
}

/* The office of a one-office page: ?office= (or the form's), else the
 * person's first office. NULL after answering 404 or 403. */
static const struct sched_office *page_office(struct http_ctx *c, const struct web_admin *a,
                                              const char *id)
{
    const struct fh_config *cfg = c->svc->cfg;
    if (id == NULL || id[0] == '\0') {
        for (size_t i = 0; i < cfg->office_count && id == NULL; i++)
            if (store_offices_include(a->u.offices, sched_office_spec(cfg->offices[i])->id))
                id = sched_office_spec(cfg->offices[i])->id;
        if (id == NULL) {
            web_admin_forbidden(c);
            return NULL;
        }
    }
    return web_admin_office(c, a, id);
}

/* A GET form choosing another of the person's offices (only when they
 * have more than one). */
static void office_picker(struct web_page *p, const struct web_admin *a, const char *action,
                          const char *chosen)
{
    const struct fh_config *cfg = p->c->svc->cfg;
    size_t mine = 0;
    for (size_t i = 0; i < cfg->office_count; i++)
        if (store_offices_include(a->u.offices, sched_office_spec(cfg->offices[i])->id))
            mine++;
    if (mine < 2)
        return;
    struct web_buf *b = &p->b;
    web_html(b, "<form method=\"get\" action=\"");
    web_attr(b, action);
    web_html(b, "\" class=\"fh-filter\">\n<div class=\"fh-field\"><label class=\"fh-label\" "
                "for=\"office\">");
    web_txt(b, web_t(p, T_OFFICE_CHOOSE));
    web_html(b, "</label>\n<select class=\"fh-select\" id=\"office\" name=\"office\">\n");
    for (size_t i = 0; i < cfg->office_count; i++) {
        const char *id = sched_office_spec(cfg->offices[i])->id;
        if (!store_offices_include(a->u.offices, id))
            continue;
        web_html(b, "<option value=\"");
        web_attr(b, id);
        web_html(b, strcmp(chosen, id) == 0 ? "\" selected>" : "\">");
        web_txt(b, web_admin_office_name(p, id));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n");
    if (p->en)
        web_html(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--secondary\">");
    web_txt(b, web_t(p, T_OFFICE_SHOW));
    web_html(b, "</button>\n</form>\n");
}

static void hidden(struct web_buf *b, const char *name, const char *value)
{
    web_html(b, "<input type=\"hidden\" name=\"");
    web_attr(b, name);
    web_html(b, "\" value=\"");
    web_attr(b, value);
    web_html(b, "\">\n");
}

static void table_open(struct web_page *p, const char *id, enum web_text caption, size_t n,
                       const enum web_text *heads, size_t head_count)
{
    struct web_buf *b = &p->b;
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
    web_attr(b, id);
    web_html(b, "-caption\">\n<table class=\"fh-table\" id=\"");
    web_attr(b, id);
    web_html(b, "\">\n<caption id=\"");
    web_attr(b, id);
    web_html(b, "-caption\">");
    web_txt(b, web_t(p, caption));
    web_htmlf(b, "%zu", n);
    web_html(b, "</caption>\n<thead><tr>");
    for (size_t i = 0; i < head_count; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
}

static void table_close(struct web_buf *b)
{
    web_html(b, "</tbody>\n</table>\n</div>\n");
}

static void plain(struct web_page *p, const char *id, enum web_text t)
{
    web_html(&p->b, "<p class=\"fh-body\" id=\"");
    web_attr(&p->b, id);
    web_html(&p->b, "\">");
    web_txt(&p->b, web_t(p, t));
    web_html(&p->b, "</p>\n");
}

static void heading(struct web_page *p, enum web_text t)
{
    web_html(&p->b, "<h1 class=\"fh-heading-l\">");
    web_txt(&p->b, web_t(p, t));
    web_html(&p->b, "</h1>\n");
}

static void subheading(struct web_page *p, enum web_text t)
{
    web_html(&p->b, "<h2 class=\"fh-heading-m\">");
    web_txt(&p->b, web_t(p, t));
    web_html(&p->b, "</h2>\n");
}

/* A booking's line: code, time, service, holder, how they are told. */
static void booking_row(struct web_page *p, const struct sched_office *office,
                        const struct store_booking *b, bool with_office)
{
    struct web_buf *w = &p->b;
    web_html(w, "<tr>");
    if (with_office) {
        web_html(w, "<td>");
        web_txt(w, web_admin_office_name(p, b->office));
        web_html(w, "</td>");
    }
    web_html(w, "<th scope=\"row\" class=\"fh-nowrap\">");
    web_txt(w, b->code);
    web_html(w, "</th><td class=\"fh-nowrap\">");
    web_date(p, fh_day_of(b->start), false);
    web_html(w, "<br>");
    web_span(p, b->start, b->end);
    web_html(w, "</td><td>");
    int service = office != NULL ? sched_office_service_index(office, b->service) : -1;
    web_txt(w, service >= 0 ? web_service_name(p, office, service) : b->service);
    web_html(w, "</td><td><bdi>");
    web_txt(w, b->name[0] != '\0' ? b->name : "–");
    web_html(w, "</bdi></td><td>");
    web_admin_mask_contact(p, b->email, b->phone);
    web_html(w, "</td></tr>\n");
}

/* ---- closures ---------------------------------------------------------------------------- */

static void closures_page(struct web_page *p, const struct web_admin *a,
                          const struct sched_office *office, const char *date, const char *reason,
                          int status)
{
    struct web_buf *b = &p->b;
    struct http_ctx *c = p->c;
    const char *id = sched_office_spec(office)->id;
    fh_minute now = svc_now(office);
    struct store_closure *list = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    if (store_closures_list(c->svc->store, id, fh_day_of(now), &list, &n, err, sizeof err) !=
        FH_OK) {
        fh_log(FH_LOG_ERROR, "closures: %s", err);
        web_buf_free(&p->b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_admin_begin(p, a, web_t(p, T_CLOSURES_TITLE));
    web_back_link(p, "/admin/");
    web_error_summary(p);
    const char *done = http_query(c, "done");
    const char *done_date = http_query(c, "date");
    fh_day dd;
    if (p->fault_count == 0 && done != NULL && done_date != NULL &&
        fh_parse_date(done_date, &dd) == NULL &&
        (strcmp(done, "closed") == 0 || strcmp(done, "reopened") == 0)) {
        bool closed = strcmp(done, "closed") == 0;
        web_html(b, "<div class=\"fh-panel\" role=\"status\" id=\"done\"><h2 "
                    "class=\"fh-panel__title\">");
        web_txt(b, web_t(p, closed ? T_CLOSE_DONE : T_REOPEN_DONE));
        web_date(p, dd, false);
        web_html(b, "</h2><p class=\"fh-body\">");
        web_txt(b, web_t(p, closed ? T_CLOSE_DONE_BODY : T_REOPEN_DONE_BODY));
        if (closed) {
            const char *nb = http_query(c, "cancelled"), *ns = http_query(c, "told");
            web_txt(b, nb != NULL && strspn(nb, "0123456789") == strlen(nb) ? nb : "?");
            web_txt(b, web_t(p, T_LIST_SEP));
            web_txt(b, ns != NULL && strspn(ns, "0123456789") == strlen(ns) ? ns : "?");
        }
        web_html(b, "</p></div>\n");
    }
    heading(p, T_CLOSURES_TITLE);
    web_html(b, "<p class=\"fh-body\">");
    web_txt(b, web_admin_office_name(p, id));
    web_html(b, "</p>\n");
    office_picker(p, a, "/admin/closures", id);

    web_html(b, "<form method=\"get\" action=\"/admin/closures/preview\" novalidate>\n"
                "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(p, T_CLOSE_NEW));
    web_html(b, "</legend>\n");
    hidden(b, "office", id);
    if (p->en)
        hidden(b, "lang", "en");
    web_input(p, &(struct web_input){"date", T_CLOSE_DATE, T_AUDIT_DATE_HINT, date, "text", "off",
                                     true, true});
    web_input(p, &(struct web_input){"reason", T_CLOSE_REASON, T_CLOSE_REASON_HINT, reason, "text",
                                     "off", false, false});
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_CLOSE_PREVIEW_BUTTON));
    web_html(b, "</button>\n</fieldset>\n</form>\n");

    subheading(p, T_CLOSURES_LIST);
    if (n == 0) {
        plain(p, "closures-none", T_CLOSURES_NONE);
    } else {
        static const enum web_text heads[] = {T_COL_DATE, T_COL_REASON, T_COL_ACTION};
        table_open(p, "closures", T_CLOSURES_LIST, n, heads, 3);
        for (size_t i = 0; i < n; i++) {
            char d[FH_DATE_LEN], what[96];
            fh_format_date(list[i].day, d);
            web_html(b, "<tr><th scope=\"row\" class=\"fh-nowrap\">");
            web_date(p, list[i].day, false);
            web_html(b, "</th><td>");
            web_txt(b, list[i].reason[0] != '\0' ? list[i].reason : "–");
            web_html(b, "</td><td><form method=\"post\" action=\"/admin/closures/reopen\">\n");
            snprintf(what, sizeof what, "reopen:%s:%s", id, d);
            web_admin_csrf_field(p, a, what);
            hidden(b, "office", id);
            hidden(b, "date", d);
            web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--secondary\">");
            web_txt(b, web_t(p, T_REOPEN_BUTTON));
            web_html(b, "<span class=\"fh-visually-hidden\"> ");
            web_txt(b, d);
            web_html(b, "</span></button>\n</form></td></tr>\n");
        }
        table_close(b);
    }
    free(list);
    web_page_send(p, status);
}

void web_admin_closures(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "done", "date", "cancelled",
                                          "told",   "lang", NULL};
    struct web_admin a;
    const char *bad;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    const struct sched_office *office = page_office(c, &a, http_query(c, "office"));
    if (office == NULL)
        return;
    struct web_page p;
    web_page_init(&p, c);
    closures_page(&p, &a, office, NULL, NULL, HTTP_OK);
}

/* The date and reason of a closure form: faults recorded on p. */
static void check_close_fields(struct web_page *p, const char *date, const char *reason,
                               fh_day *day)
{
    if (date == NULL || fh_parse_date(date, day) != NULL)
        web_fault(p, "date", T_CLOSE_DATE_WRONG);
    if (reason == NULL || reason[0] == '\0')
        web_fault(p, "reason", T_CLOSE_REASON_MISSING);
    else if (svc_closure_reason_check(reason) != NULL)
        web_fault(p, "reason", T_CLOSE_REASON_WRONG);
}

static void close_preview_page(struct web_page *p, const struct web_admin *a,
                               const struct sched_office *office, fh_day day, const char *date,
                               const char *reason, bool stale)
{
    struct http_ctx *c = p->c;
    struct web_buf *b = &p->b;
    const char *id = sched_office_spec(office)->id;
    struct svc_closure_preview pv;
    char err[FH_ERR_LEN] = "";
    if (svc_closure_preview(c->svc, office, day, &pv, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "closure preview: %s", err);
        web_buf_free(&p->b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_admin_begin(p, a, web_t(p, T_CLOSE_CONFIRM_TITLE));
    char back[160];
    snprintf(back, sizeof back, "/admin/closures?office=%s", id);
    web_back_link(p, back);
    if (stale) {
        web_html(b, "<div class=\"fh-error-summary\" role=\"alert\" id=\"stale\"><p "
                    "class=\"fh-body\">");
        web_txt(b, web_t(p, T_CLOSE_STALE));
        web_html(b, "</p></div>\n");
    }
    web_html(b, "<p class=\"fh-caption\">");
    web_txt(b, web_admin_office_name(p, id));
    web_html(b, "</p>\n<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_CLOSE_CONFIRM_TITLE));
    web_html(b, p->en ? ": " : "：");
    web_date(p, day, true);
    web_html(b, "</h1>\n<dl class=\"fh-summary\"><div class=\"fh-summary__row\"><dt "
                "class=\"fh-summary__key\">");
    web_txt(b, web_t(p, T_CLOSE_REASON));
    web_html(b, "</dt><dd class=\"fh-summary__value\" id=\"reason-shown\">");
    web_txt(b, reason);
    web_html(b, "</dd></div></dl>\n");
    if (pv.closed_already)
        plain(p, "closed-already", T_CLOSE_CLOSED_ALREADY);

    if (pv.count == 0) {
        plain(p, "bookings-none", T_CLOSE_NO_BOOKINGS);
    } else {
        static const enum web_text heads[] = {T_COL_CODE, T_COL_TIME, T_COL_SERVICE, T_COL_NAME,
                                              T_COL_TOLD_BY};
        table_open(p, "cancelled", T_CLOSE_BOOKINGS, pv.count, heads, 5);
        for (size_t i = 0; i < pv.count; i++)
            booking_row(p, office, &pv.bookings[i], false);
        table_close(b);
    }
    if (pv.staff_count == 0) {
        plain(p, "staff-none", T_CLOSE_NO_STAFF);
    } else {
        static const enum web_text heads[] = {T_COL_STAFF, T_COL_TOLD_BY};
        table_open(p, "staff", T_CLOSE_STAFF, pv.staff_count, heads, 2);
        const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, id);
        for (size_t i = 0; i < pv.staff_count; i++) {
            int k = roster != NULL ? cfg_staff_index(roster, pv.staff[i].id) : -1;
            web_html(b, "<tr><th scope=\"row\"><bdi>");
            web_txt(b, pv.staff[i].name);
            web_html(b, "</bdi></th><td>");
            if (pv.staff[i].has_email && k >= 0)
                web_admin_mask_contact(p, roster->staff[k].email, NULL);
            else
                web_txt(b, web_t(p, T_TOLD_NONE));
            web_html(b, "</td></tr>\n");
        }
        table_close(b);
    }
    web_html(b, "<form method=\"post\" action=\"/admin/closures\">\n");
    char what[96];
    snprintf(what, sizeof what, "close:%s:%s", id, date);
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", id);
    hidden(b, "date", date);
    hidden(b, "reason", reason);
    hidden(b, "check", pv.check);
    if (p->en)
        hidden(b, "lang", "en");
    web_html(b, "<div class=\"fh-button-group\"><button type=\"submit\" class=\"fh-button "
                "fh-button--warning\">");
    web_txt(b, web_t(p, T_CLOSE_CONFIRM_BUTTON));
    web_html(b, "</button>\n<a class=\"fh-link-button\" href=\"");
    web_attr(b, back);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_CLOSE_CANCEL_LINK));
    web_html(b, "</a></div>\n</form>\n");
    svc_closure_preview_free(&pv);
    web_page_send(p, HTTP_OK);
}

void web_admin_closure_preview(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "date", "reason", "stale", "lang", NULL};
    struct web_admin a;
    const char *bad;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    const struct sched_office *office = web_admin_office(c, &a, http_query(c, "office"));
    if (office == NULL)
        return;
    struct web_page p;
    web_page_init(&p, c);
    const char *date = http_query(c, "date"), *reason = http_query(c, "reason");
    fh_day day = 0;
    check_close_fields(&p, date, reason, &day);
    if (p.fault_count > 0) {
        closures_page(&p, &a, office, date, reason, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    const char *stale = http_query(c, "stale");
    close_preview_page(&p, &a, office, day, date, reason, stale != NULL);
}

void web_admin_closure_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const struct sched_office *office = web_admin_office(c, &a, http_form(c, "office"));
    if (office == NULL)
        return;
    const char *id = sched_office_spec(office)->id;
    const char *date = http_form(c, "date"), *reason = http_form(c, "reason");
    const char *check = http_form(c, "check");
    char what[96];
    snprintf(what, sizeof what, "close:%s:%s", id, date != NULL ? date : "");
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    struct web_page p;
    web_page_init(&p, c);
    fh_day day = 0;
    check_close_fields(&p, date, reason, &day);
    if (p.fault_count > 0) {
        closures_page(&p, &a, office, date, reason, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    char by[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    snprintf(by, sizeof by, "user:%s", a.u.id);
    struct svc_closure_preview done;
    fh_result r = svc_close_day(c->svc, office, day, reason, by, check != NULL ? check : "", &done,
                                err, sizeof err);
    web_buf_free(&p.b);
    if (r == FH_ECONFLICT) {
        struct web_buf u = {0};
        web_html(&u, "/admin/closures/preview?office=");
        web_url_arg(&u, id);
        web_html(&u, "&date=");
        web_url_arg(&u, date);
        web_html(&u, "&reason=");
        web_url_arg(&u, reason);
        web_html(&u, p.en ? "&stale=1&lang=en" : "&stale=1");
        web_redirect(c, u.p);
        web_buf_free(&u);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "closure: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    char *to = fh_asprintf("/admin/closures?office=%s&done=closed&date=%s&cancelled=%zu&told=%zu%s",
                           id, date, done.count, done.staff_count, p.en ? "&lang=en" : "");
    svc_closure_preview_free(&done);
    web_redirect(c, to);
    free(to);
}

void web_admin_reopen_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const struct sched_office *office = web_admin_office(c, &a, http_form(c, "office"));
    if (office == NULL)
        return;
    const char *id = sched_office_spec(office)->id, *date = http_form(c, "date");
    char what[96];
    snprintf(what, sizeof what, "reopen:%s:%s", id, date != NULL ? date : "");
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    fh_day day;
    if (date == NULL || fh_parse_date(date, &day) != NULL) {
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_CLOSE_DATE_WRONG);
        return;
    }
    char by[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    snprintf(by, sizeof by, "user:%s", a.u.id);
    fh_result r = svc_reopen_day(c->svc, office, day, by, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "reopen: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    char *to = fh_asprintf("/admin/closures?office=%s&done=reopened&date=%s", id, date);
    web_redirect(c, to);
    free(to);
}

/* ---- the government calendar ------------------------------------------------------------ */

/* The import spans every office: only a manager of every office. */
static bool all_offices(struct http_ctx *c, const struct web_admin *a)
{
    if (strcmp(a->u.offices, "*") == 0)
        return true;
    web_admin_forbidden(c);
    return false;
}

static void upload_form(struct web_page *p, const struct web_admin *a)
{
    struct web_buf *b = &p->b;
    web_html(b, "<form method=\"post\" action=\"/admin/calendar/preview\" "
                "enctype=\"multipart/form-data\" novalidate>\n");
    web_admin_csrf_field(p, a, "calendar-preview");
    const struct web_fault *f = web_fault_of(p, "file");
    web_html(b,
             f != NULL ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<label class=\"fh-label\" for=\"file\">");
    web_txt(b, web_t(p, T_CALENDAR_FILE));
    web_html(b, "</label>\n<p class=\"fh-hint\" id=\"file-hint\">");
    web_txt(b, web_t(p, T_CALENDAR_INTRO));
    web_html(b, "</p>\n");
    web_field_error(p, "file", f);
    web_html(b, "<input class=\"fh-input\" type=\"file\" id=\"file\" name=\"file\" "
                "accept=\".csv,.ics,text/csv,text/calendar\" aria-describedby=\"file-hint");
    web_html(b, f != NULL ? " file-error\" aria-invalid=\"true\">" : "\">");
    web_html(b, "</div>\n<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_CALENDAR_PREVIEW_BUTTON));
    web_html(b, "</button>\n</form>\n");
}

static void calendar_page(struct web_page *p, const struct web_admin *a, const char *bad_file,
                          int status)
{
    struct web_buf *b = &p->b;
    struct http_ctx *c = p->c;
    web_admin_begin(p, a, web_t(p, T_CALENDAR_TITLE));
    web_back_link(p, "/admin/");
    web_error_summary(p);
    const char *done = http_query(c, "done");
    if (p->fault_count == 0 && done != NULL && strcmp(done, "applied") == 0) {
        static const char *const keys[] = {"added", "changed", "removed", "cancelled"};
        web_html(b, "<div class=\"fh-panel\" role=\"status\" id=\"done\"><h2 "
                    "class=\"fh-panel__title\">");
        web_txt(b, web_t(p, T_CALENDAR_DONE));
        web_html(b, "</h2><p class=\"fh-body\">");
        web_txt(b, web_t(p, T_CALENDAR_DONE_BODY));
        for (size_t i = 0; i < 4; i++) {
            const char *v = http_query(c, keys[i]);
            if (i > 0)
                web_txt(b, web_t(p, T_LIST_SEP));
            web_txt(b, v != NULL && v[0] != '\0' && strspn(v, "0123456789") == strlen(v) ? v : "?");
        }
        web_html(b, "</p></div>\n");
    }
    heading(p, T_CALENDAR_TITLE);
    if (bad_file != NULL) {
        web_html(b, "<p class=\"fh-body\" id=\"file-problem\">");
        web_txt(b, web_t(p, T_CALENDAR_FILE_BAD));
        web_html(b, "<code>");
        web_txt(b, bad_file);
        web_html(b, "</code></p>\n");
    }
    upload_form(p, a);
    web_page_send(p, status);
}

void web_admin_calendar(struct http_ctx *c)
{
    static const char *const allowed[] = {"done",      "added", "changed", "removed",
                                          "cancelled", "lang",  NULL};
    struct web_admin a;
    const char *bad;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER) ||
        !all_offices(c, &a))
        return;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    calendar_page(&p, &a, NULL, HTTP_OK);
}

static const char *type_word(const struct web_page *p, enum sched_day_type t)
{
    static const char *const zh[] = {[SCHED_WORKDAY] = "上班日",
                                     [SCHED_RESTDAY] = "休息日",
                                     [SCHED_HOLIDAY] = "放假日",
                                     [SCHED_MAKEUP_WORKDAY] = "補行上班日"};
    static const char *const en[] = {[SCHED_WORKDAY] = "working day",
                                     [SCHED_RESTDAY] = "rest day",
                                     [SCHED_HOLIDAY] = "holiday",
                                     [SCHED_MAKEUP_WORKDAY] = "make-up working day"};
    if ((unsigned)t >= sizeof zh / sizeof zh[0])
        return sched_day_type_name(t);
    return p->en ? en[t] : zh[t];
}

static bool names_differ(const char *x, const char *y)
{
    return (x == NULL) != (y == NULL) || (x != NULL && strcmp(x, y) != 0);
}

/* Why a duty of a published roster falls short under the new calendar, in
 * the page's words: a roster reason's code, or "no_window" (the day lost
 * the window). */
static enum web_text issue_text(const char *code)
{
    if (strcmp(code, "no_window") == 0)
        return T_SHORT_NO_WINDOW;
    for (int r = SCHED_SHORT_NO_SKILL; r <= SCHED_SHORT_UNFILLED; r++)
        if (strcmp(code, sched_short_reason_code((enum sched_short_reason)r)) == 0)
            return web_short_text((enum sched_short_reason)r);
    return T_SHORT_UNFILLED;
}

static void import_preview_page(struct web_page *p, const struct web_admin *a,
                                const struct svc_import_preview *pv, bool stale)
{
    struct web_buf *b = &p->b;
    struct http_ctx *c = p->c;
    web_admin_begin(p, a, web_t(p, T_CALENDAR_PREVIEW_TITLE));
    web_back_link(p, "/admin/calendar");
    if (stale) {
        web_html(b, "<div class=\"fh-error-summary\" role=\"alert\" id=\"stale\"><p "
                    "class=\"fh-body\">");
        web_txt(b, web_t(p, T_CALENDAR_STALE));
        web_html(b, "</p></div>\n");
    }
    heading(p, T_CALENDAR_PREVIEW_TITLE);
    web_html(b, "<dl class=\"fh-summary\"><div class=\"fh-summary__row\"><dt "
                "class=\"fh-summary__key\">");
    web_txt(b, web_t(p, T_CALENDAR_YEARS));
    web_html(b, "</dt><dd class=\"fh-summary__value\">");
    if (pv->first_year == pv->last_year)
        web_htmlf(b, "%d", pv->first_year);
    else
        web_htmlf(b, "%d–%d", pv->first_year, pv->last_year);
    web_html(b, "</dd></div><div class=\"fh-summary__row\"><dt class=\"fh-summary__key\">");
    web_txt(b, web_t(p, T_CALENDAR_COUNTS));
    web_html(b, "</dt><dd class=\"fh-summary__value\" id=\"counts\">");
    web_htmlf(b, "%zu", pv->diff.added);
    web_txt(b, web_t(p, T_LIST_SEP));
    web_htmlf(b, "%zu", pv->diff.changed);
    web_txt(b, web_t(p, T_LIST_SEP));
    web_htmlf(b, "%zu", pv->diff.removed);
    web_html(b, "</dd></div></dl>\n");

    /* A first import lists every day of a year; show the days whose kind
     * or name differs from what is in force now. */
    size_t shown = 0;
    for (size_t i = 0; i < pv->diff.change_count; i++) {
        const struct store_day_change *ch = &pv->diff.changes[i];
        shown += ch->before != ch->after || names_differ(ch->name_before, ch->name_after);
    }
    if (shown == 0) {
        plain(p, "changes-none", T_CALENDAR_NO_CHANGES);
    } else {
        static const enum web_text heads[] = {T_COL_DATE, T_COL_BEFORE, T_COL_AFTER,
                                              T_COL_DAY_NAME};
        table_open(p, "changes", T_CALENDAR_CHANGES, shown, heads, 4);
        for (size_t i = 0; i < pv->diff.change_count; i++) {
            const struct store_day_change *ch = &pv->diff.changes[i];
            if (ch->before == ch->after && !names_differ(ch->name_before, ch->name_after))
                continue;
            web_html(b, "<tr><th scope=\"row\" class=\"fh-nowrap\">");
            web_date(p, ch->day, false);
            web_html(b, "</th><td>");
            web_txt(b, type_word(p, ch->before));
            web_html(b, "</td><td>");
            web_txt(b, type_word(p, ch->after));
            web_html(b, "</td><td>");
            web_txt(b, ch->name_after != NULL ? ch->name_after : "–");
            if (ch->name_before != NULL && names_differ(ch->name_before, ch->name_after)) {
                web_html(b, p->en ? " (was " : "（原：");
                web_txt(b, ch->name_before);
                web_html(b, p->en ? ")" : "）");
            }
            web_html(b, "</td></tr>\n");
        }
        table_close(b);
    }

    if (pv->displaced_count == 0) {
        plain(p, "displaced-none", T_CALENDAR_NO_DISPLACED);
    } else {
        static const enum web_text heads[] = {T_COL_OFFICE,  T_COL_CODE, T_COL_TIME,
                                              T_COL_SERVICE, T_COL_NAME, T_COL_TOLD_BY};
        table_open(p, "displaced", T_CALENDAR_DISPLACED, pv->displaced_count, heads, 6);
        for (size_t i = 0; i < pv->displaced_count; i++) {
            const struct store_booking *bk = &pv->displaced[i].booking;
            booking_row(p, cfg_office(c->svc->cfg, bk->office), bk, true);
        }
        table_close(b);
    }

    if (pv->issue_count == 0) {
        plain(p, "short-none", T_CALENDAR_NO_SHORT);
    } else {
        static const enum web_text heads[] = {T_COL_OFFICE, T_COL_DATE,     T_COL_DUTY,
                                              T_COL_NEEDED, T_COL_ASSIGNED, T_COL_REASON};
        table_open(p, "shortfalls", T_CALENDAR_SHORT, pv->issue_count, heads, 6);
        for (size_t i = 0; i < pv->issue_count; i++) {
            const struct svc_roster_issue *x = &pv->issues[i];
            web_html(b, "<tr><td>");
            web_txt(b, web_admin_office_name(p, x->office));
            web_html(b, "</td><th scope=\"row\" class=\"fh-nowrap\">");
            web_date(p, x->day, false);
            web_html(b, "</th><td>");
            web_txt(b, web_window_word(p, sched_duty_name(x->duty)));
            web_htmlf(b, "</td><td>%d</td><td>%d</td><td>", x->needed, x->assigned);
            web_txt(b, web_t(p, issue_text(x->reason)));
            web_html(b, "</td></tr>\n");
        }
        table_close(b);
    }

    web_html(b, "<form method=\"post\" action=\"/admin/calendar/apply\">\n");
    char what[64];
    snprintf(what, sizeof what, "calendar-apply:%.16s", pv->sha256);
    web_admin_csrf_field(p, a, what);
    hidden(b, "file", pv->sha256);
    hidden(b, "check", pv->check);
    web_html(b, "<div class=\"fh-button-group\"><button type=\"submit\" class=\"fh-button "
                "fh-button--warning\">");
    web_txt(b, web_t(p, T_CALENDAR_APPLY_BUTTON));
    web_html(b, "</button>\n<a class=\"fh-link-button\" href=\"/admin/calendar\">");
    web_txt(b, web_t(p, T_CALENDAR_AGAIN_LINK));
    web_html(b, "</a></div>\n</form>\n");
    web_page_send(p, HTTP_OK);
}

void web_admin_calendar_preview_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!http_body_is(c, "multipart/form-data")) {
        web_error(c, HTTP_UNSUPPORTED_MEDIA_TYPE, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER) ||
        !all_offices(c, &a) || !web_admin_csrf_ok(c, &a, "calendar-preview"))
        return;
    struct web_page p;
    web_page_init(&p, c);
    size_t len = 0;
    const char *data = http_form_file(c, "file", &len, NULL);
    if (data == NULL || len == 0) {
        web_fault(&p, "file", T_CALENDAR_FILE_MISSING);
        calendar_page(&p, &a, NULL, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    struct svc_import_preview pv;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_import_preview(c->svc, data, len, &pv, err, sizeof err);
    if (r == FH_EINVAL) {
        calendar_page(&p, &a, err, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "calendar preview: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    /* The apply names the file by its digest; the file stays here, bound
     * to this session, so the manager applies exactly what they saw. */
    char sha[65];
    svc_upload_keep(c->svc, a.label, data, len, sha);
    import_preview_page(&p, &a, &pv, false);
    svc_import_preview_free(&pv);
}

void web_admin_calendar_apply_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER) || !all_offices(c, &a))
        return;
    const char *sha = http_form(c, "file"), *check = http_form(c, "check");
    char what[64];
    snprintf(what, sizeof what, "calendar-apply:%.16s", sha != NULL ? sha : "");
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    size_t len = 0;
    char *data = sha != NULL ? svc_upload_get(c->svc, a.label, sha, &len) : NULL;
    if (data == NULL) {
        web_error(c, HTTP_CONFLICT, T_ERROR_HEADING, T_CALENDAR_GONE);
        return;
    }
    char by[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    snprintf(by, sizeof by, "user:%s", a.u.id);
    struct svc_import_preview pv;
    fh_result r =
        svc_import_apply(c->svc, data, len, check != NULL ? check : "", by, &pv, err, sizeof err);
    if (r == FH_ECONFLICT) {
        /* Show what it would do now, with a fresh digest to confirm. */
        r = svc_import_preview(c->svc, data, len, &pv, err, sizeof err);
        free(data);
        if (r == FH_OK) {
            struct web_page p;
            web_page_init(&p, c);
            import_preview_page(&p, &a, &pv, true);
            svc_import_preview_free(&pv);
            return;
        }
    } else {
        free(data);
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "calendar import: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    svc_upload_drop(c->svc, a.label, sha);
    char *to = fh_asprintf("/admin/calendar?done=applied&added=%zu&changed=%zu&removed=%zu"
                           "&cancelled=%zu",
                           pv.diff.added, pv.diff.changed, pv.diff.removed, pv.cancelled_count);
    svc_import_preview_free(&pv);
    web_redirect(c, to);
    free(to);
}
