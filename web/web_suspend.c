/* web_suspend.c: the manager's page of the people whose online booking at
 * an office is suspended for no-shows (masked IDs only), each with a Lift
 * button; a lift is audited by the store. Exports web_suspend_page() and
 * web_suspend_lift_post(). */
#include "web/web_internal.h"

#include "common/fh_hash.h"

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

void web_suspend_page(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "lang", "done", "error", NULL};
    struct web_admin a;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const char *bad;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    const struct sched_office *office = web_admin_office_or_first(c, &a, http_query(c, "office"));
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
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    if (http_query(c, "error") != NULL)
        web_fault(&p, "suspensions", T_SUSPEND_GONE);
    web_admin_begin(&p, &a, web_t(&p, T_SUSPEND_TITLE));
    web_back_link(&p, "/admin/");
    if (http_query(c, "done") != NULL && p.fault_count == 0) {
        web_html(b, "<div class=\"fh-notice\" role=\"status\"><p class=\"fh-body\">");
        web_txt(b, web_t(&p, T_SUSPEND_DONE));
        web_html(b, "</p></div>\n");
    }
    web_error_summary(&p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_SUSPEND_TITLE));
    web_html(b, "<span class=\"fh-caption fh-board__date\">");
    web_txt(b, web_admin_office_name(&p, o->id));
    web_html(b, "</span></h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_SUSPEND_INTRO));
    web_html(b, "</p>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"suspensions\">");
        web_txt(b, web_t(&p, T_SUSPEND_NONE));
        web_html(b, "</p>\n");
    } else {
        web_html(b, "<table class=\"fh-table\" id=\"suspensions\"><caption class=\"fh-caption\">");
        web_txt(b, web_t(&p, T_SUSPEND_TITLE));
        web_html(b, "</caption>\n<thead><tr><th scope=\"col\">");
        web_txt(b, web_t(&p, T_SUSPEND_PERSON));
        web_html(b, "</th><th scope=\"col\">");
        web_txt(b, web_t(&p, T_SUSPEND_UNTIL_COL));
        web_html(b, "</th><th scope=\"col\">");
        web_txt(b, web_t(&p, T_SUSPEND_LAST));
        web_html(b, "</th><th scope=\"col\"><span class=\"fh-visually-hidden\">");
        web_txt(b, web_t(&p, T_SUSPEND_LIFT));
        web_html(b, "</span></th></tr></thead>\n<tbody>\n");
    }
    for (size_t i = 0; i < n; i++) {
        const struct store_suspension *s = &list[i];
        char what[64];
        snprintf(what, sizeof what, "lift:%s:%d", s->code, s->partner);
        web_html(b, "<tr><td>");
        web_txt(b, s->national_id_masked);
        web_html(b, "</td><td>");
        web_date(&p, s->until, false);
        web_html(b, "</td><td>");
        web_date(&p, fh_day_of(s->last), false);
        web_html(b, " (");
        web_txt(b, s->code);
        web_html(b, ")</td><td><form method=\"post\" action=\"/admin/suspensions/lift\" "
                    "class=\"fh-inline-form\">");
        web_admin_csrf_field(&p, &a, what);
        hidden(b, "office", o->id);
        hidden(b, "code", s->code);
        hidden(b, "partner", s->partner ? "1" : "0");
        web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--small\">");
        web_txt(b, web_t(&p, T_SUSPEND_LIFT));
        web_html(b, "<span class=\"fh-visually-hidden\"> ");
        web_txt(b, s->national_id_masked);
        web_html(b, "</span></button></form></td></tr>\n");
    }
    if (n > 0)
        web_html(b, "</tbody></table>\n");
    free(list);
    web_page_send(&p, p.fault_count > 0 ? HTTP_CONFLICT : HTTP_OK);
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
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    snprintf(who, sizeof who, "user:%s", a.u.id);
    fh_day until;
    fh_result r = store_suspension_lift(c->svc->store, office, NULL, code, partner, who, NULL,
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
