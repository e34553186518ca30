/* web_suspend.c: the manager's page of the people whose online booking at
 * an office is suspended for no-shows (masked IDs only), each with a Lift
 * button; a lift is audited by the store. Exports web_suspend_page() and
 * web_suspend_lift_post(). */
#include "web/web_internal.h"

#include "common/fh_hash.h"
#include "validate/val.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A booking code as the store writes them (letters and digits); anything
 * else is no booking of ours. */
static bool code_ok(const char *s)
{
    if (s == NULL || strlen(s) != STORE_CODE_LEN)
        return false;
    for (const char *q = s; *q != '\0'; q++)
        if (!isalnum((unsigned char)*q))
            return false;
    return true;
}

static void hidden(struct web_buf *b, const char *name, const char *value)
{
    web_html(b, "<input type=\"hidden\" name=\"");
    web_attr(b, name);
    web_html(b, "\" value=\"");
    web_attr(b, value);
    web_html(b, "\">");
}

/* "/admin/suspensions?office=ID" and more, escaped. */
static void list_href(struct web_buf *b, const char *office, const char *extra)
{
    web_html(b, "/admin/suspensions?office=");
    web_url_arg(b, office);
    if (extra != NULL)
        web_html(b, extra);
}

static void summary_row(struct web_page *p, enum web_text key)
{
    web_html(&p->b, "<div class=\"fh-summary__row\"><dt class=\"fh-summary__key\">");
    web_txt(&p->b, web_t(p, key));
    web_html(&p->b, "</dt><dd class=\"fh-summary__value\">");
}

/* The lift of one person asks first: who (masked), until when, the reason
 * (kept in the audit trail), and a button that says what it does, with a
 * way back that changes nothing. */
static void confirm_view(struct web_page *p, const struct web_admin *a,
                         const struct sched_office_spec *o, const struct store_suspension *s)
{
    struct web_buf *b = &p->b;
    char what[64];
    snprintf(what, sizeof what, "lift:%s:%d", s->code, s->partner);
    struct web_buf href = {0};
    list_href(&href, o->id, NULL);
    char *back = web_buf_take(&href, NULL);
    web_admin_begin(p, a, web_t(p, T_SUSPEND_CONFIRM_TITLE));
    web_back_link(p, back);
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_SUSPEND_CONFIRM_TITLE));
    web_html(b, "<span class=\"fh-caption fh-board__date\">");
    web_txt(b, web_admin_office_name(p, o->id));
    web_html(b, "</span></h1>\n<dl class=\"fh-summary\" id=\"lift-who\">\n");
    summary_row(p, T_SUSPEND_PERSON);
    web_txt(b, s->national_id_masked);
    web_html(b, "</dd></div>\n");
    summary_row(p, T_SUSPEND_UNTIL_COL);
    web_date(p, s->until, false);
    web_html(b, "</dd></div>\n");
    summary_row(p, T_SUSPEND_LAST);
    web_date(p, fh_day_of(s->last), false);
    web_html(b, " (");
    web_txt(b, s->code);
    web_html(b, ")</dd></div>\n</dl>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_SUSPEND_CONFIRM_BODY));
    web_html(b, "</p>\n<form method=\"post\" action=\"/admin/suspensions/lift\" novalidate>\n");
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", o->id);
    hidden(b, "code", s->code);
    hidden(b, "partner", s->partner ? "1" : "0");
    web_input(p, &(struct web_input){.id = "reason",
                                     .label = T_SUSPEND_REASON,
                                     .hint = T_SUSPEND_REASON_HINT,
                                     .type = "text",
                                     .autocomplete = "off"});
    web_html(b, "<div class=\"fh-button-group\"><button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_SUSPEND_LIFT));
    web_html(b, "</button><a href=\"");
    web_attr(b, back);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_SUSPEND_KEEP));
    web_html(b, "</a></div>\n</form>\n");
    free(back);
}

static void list_view(struct web_page *p, const struct web_admin *a,
                      const struct sched_office_spec *o, const struct store_suspension *list,
                      size_t n)
{
    struct web_buf *b = &p->b;
    web_admin_begin(p, a, web_t(p, T_SUSPEND_TITLE));
    web_back_link(p, "/admin/");
    if (http_query(p->c, "done") != NULL && p->fault_count == 0) {
        web_html(b, "<div class=\"fh-notice\" role=\"status\"><p class=\"fh-body\">");
        web_txt(b, web_t(p, T_SUSPEND_DONE));
        web_html(b, "</p></div>\n");
    }
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_SUSPEND_TITLE));
    web_html(b, "<span class=\"fh-caption fh-board__date\">");
    web_txt(b, web_admin_office_name(p, o->id));
    web_html(b, "</span></h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_SUSPEND_INTRO));
    web_html(b, "</p>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"suspensions\">");
        web_txt(b, web_t(p, T_SUSPEND_NONE));
        web_html(b, "</p>\n");
        return;
    }
    /* Three columns, the button under the person's ID: the table fits a
     * phone's 360 px without scrolling sideways. */
    web_html(b,
             "<table class=\"fh-table\" id=\"suspensions\"><caption class=\"fh-visually-hidden\">");
    web_txt(b, web_t(p, T_SUSPEND_TITLE));
    web_html(b, "</caption>\n<thead><tr><th scope=\"col\">");
    web_txt(b, web_t(p, T_SUSPEND_PERSON));
    web_html(b, "</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_SUSPEND_UNTIL_COL));
    web_html(b, "</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_SUSPEND_LAST));
    web_html(b, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct store_suspension *s = &list[i];
        web_html(b, "<tr><th scope=\"row\"><span class=\"fh-nowrap\">");
        web_txt(b, s->national_id_masked);
        web_html(b,
                 "</span><br><a class=\"fh-button fh-button--small fh-button--secondary\" href=\"");
        list_href(b, o->id, "&amp;lift=");
        web_url_arg(b, s->code);
        web_html(b, s->partner ? "&amp;partner=1\">" : "&amp;partner=0\">");
        web_txt(b, web_t(p, T_SUSPEND_LIFT));
        web_html(b, "<span class=\"fh-visually-hidden\"> ");
        web_txt(b, s->national_id_masked);
        web_html(b, "</span></a></th><td>");
        web_date(p, s->until, false);
        web_html(b, "</td><td>");
        web_date(p, fh_day_of(s->last), false);
        web_html(b, "<br><span class=\"fh-board__code\">");
        web_txt(b, s->code);
        web_html(b, "</span></td></tr>\n");
    }
    web_html(b, "</tbody></table>\n");
}

void web_suspend_page(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "lang",    "done", "error",
                                          "lift",   "partner", NULL};
    struct web_admin a;
    const struct sched_office *office = web_admin_open_page(c, &a, STORE_ROLE_MANAGER, allowed);
    if (office == NULL)
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    struct store_suspension *list = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    if (store_suspensions_list(c->svc->store, office, svc_now(office), &list, &n, err,
                               sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "suspensions: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    /* ?lift=CODE&partner=0|1: the question before a lift, while that
     * person is still on the list. */
    const char *lift = http_query(c, "lift"), *partner = http_query(c, "partner");
    const struct store_suspension *chosen = NULL;
    bool asked = lift != NULL;
    for (size_t i = 0; asked && code_ok(lift) && partner != NULL && i < n; i++)
        if (strcmp(list[i].code, lift) == 0 && (partner[0] == '1') == list[i].partner &&
            partner[1] == '\0' && (partner[0] == '0' || partner[0] == '1'))
            chosen = &list[i];
    const char *error = http_query(c, "error");
    struct web_page p;
    web_page_init(&p, c);
    if (chosen != NULL && error != NULL && strcmp(error, "reason") == 0)
        web_fault(&p, "reason", T_SUSPEND_REASON_MISSING);
    else if (chosen != NULL && error != NULL && strcmp(error, "reason_long") == 0)
        web_fault(&p, "reason", T_SUSPEND_REASON_LONG);
    else if ((asked && chosen == NULL) || error != NULL)
        web_fault(&p, "suspensions", T_SUSPEND_GONE);
    if (chosen != NULL)
        confirm_view(&p, &a, o, chosen);
    else
        list_view(&p, &a, o, list, n);
    free(list);
    web_page_send(&p, p.fault_count == 0 ? HTTP_OK
                      : chosen != NULL   ? HTTP_UNPROCESSABLE_CONTENT
                                         : HTTP_CONFLICT);
}

void web_suspend_lift_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const char *code = http_form(c, "code"), *partner_s = http_form(c, "partner");
    if (!code_ok(code) || partner_s == NULL ||
        (strcmp(partner_s, "0") != 0 && strcmp(partner_s, "1") != 0)) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_FORM_ONLY);
        return;
    }
    bool partner = partner_s[0] == '1';
    char what[64];
    snprintf(what, sizeof what, "lift:%s:%d", code, partner);
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    const struct sched_office *office = web_admin_office(c, &a, http_form(c, "office"));
    if (office == NULL)
        return;
    /* A lift says why (kept in the audit trail): without one, or with too
     * much, the question again with its message. */
    const char *reason = http_form(c, "reason");
    while (reason != NULL && (*reason == ' ' || *reason == '\t'))
        reason++;
    const char *missing = reason == NULL || reason[0] == '\0' ? "&error=reason"
                          : strlen(reason) > 500 || val_utf8(reason, strlen(reason), NULL) != NULL
                              ? "&error=reason_long"
                              : NULL;
    if (missing != NULL) {
        struct web_buf again = {0};
        list_href(&again, sched_office_spec(office)->id, "&lift=");
        web_url_arg(&again, code);
        web_html(&again, partner ? "&partner=1" : "&partner=0");
        web_html(&again, missing);
        char *location = web_buf_take(&again, NULL);
        web_redirect(c, location);
        free(location);
        return;
    }
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    snprintf(who, sizeof who, "user:%s", a.u.id);
    fh_day until;
    fh_result r = store_suspension_lift(c->svc->store, office, NULL, code, partner, who, reason,
                                        svc_now(office), &until, err, sizeof err);
    if (r != FH_OK && r != FH_ENOTFOUND && r != FH_ECONFLICT) {
        fh_log(FH_LOG_ERROR, "suspension lift: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    struct web_buf loc = {0};
    web_html(&loc, "/admin/suspensions?office=");
    web_url_arg(&loc, sched_office_spec(office)->id);
    web_html(&loc, r == FH_OK ? "&done=1" : "&error=gone");
    char *location = web_buf_take(&loc, NULL);
    web_redirect(c, location);
    free(location);
}
