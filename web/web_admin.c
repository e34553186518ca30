/* web_admin.c: the manager pages under /admin/: signing in and out (a
 * session cookie scoped to /admin/, the lock-out of svc_signin()), the home
 * page with the person's offices and the pages they may open, and the
 * audit trail with its filters. Every page needs a session (else 303 to
 * the sign-in page); every form carries a token bound to the session;
 * pages of a manager refuse counter staff, and another office's records
 * are refused (403). */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_COOKIE "fh_admin"
#define SIGNIN_PATH    "/admin/signin"

static bool secure(const struct http_ctx *c)
{
    return strncmp(c->svc->cfg->public_url, "https:", 6) == 0;
}

/* The session cookie: only the manager pages receive it, never a script,
 * never another site's request; it lasts while the browser is open and
 * the store ends it after the configured idle minutes. */
static void set_session_cookie(struct http_ctx *c, const char *value, bool clear)
{
    char cookie[160];
    snprintf(cookie, sizeof cookie,
             SESSION_COOKIE "=%s; Path=/admin/; HttpOnly; SameSite=Strict%s%s", value,
             clear ? "; Max-Age=0" : "", secure(c) ? "; Secure" : "");
    http_add_header(c, "Set-Cookie", cookie);
}

/* Whether the browser says the form came from another site. The sign-in
 * form's token is not bound to a session (there is none yet), so another
 * site could post a token it fetched itself and sign a victim in to its
 * own account; browsers that send Sec-Fetch-Site stop that here. */
static bool cross_site(struct http_ctx *c)
{
    const char *site = http_header(c, "Sec-Fetch-Site");
    if (site == NULL || strcmp(site, "cross-site") != 0)
        return false;
    web_csrf_refused(c);
    return true;
}

/* Whether the request has a session; answers 303 to the sign-in page when
 * not. */
bool web_admin_signed_in(struct http_ctx *c, struct web_admin *a)
{
    memset(a, 0, sizeof *a);
    a->cookie = http_cookie(c, SESSION_COOKIE);
    if (a->cookie != NULL && svc_session(c->svc, a->cookie, &a->u) == FH_OK) {
        svc_session_label(a->cookie, a->label);
        return true;
    }
    web_redirect(c, SIGNIN_PATH);
    return false;
}

const struct sched_office *web_admin_office_or_first(struct http_ctx *c, const struct web_admin *a,
                                                     const char *id)
{
    const struct fh_config *cfg = c->svc->cfg;
    if (id != NULL && id[0] != '\0')
        return web_admin_office(c, a, id);
    for (size_t i = 0; i < cfg->office_count; i++)
        if (store_offices_include(a->u.offices, sched_office_spec(cfg->offices[i])->id))
            return cfg->offices[i];
    web_admin_forbidden(c);
    return NULL;
}

const struct sched_office *web_admin_open_page(struct http_ctx *c, struct web_admin *a,
                                               enum store_role role, const char *const *allowed)
{
    if (!web_admin_signed_in(c, a) || !web_admin_needs(c, a, role))
        return NULL;
    const char *bad;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return NULL;
    }
    return web_admin_office_or_first(c, a, http_query(c, "office"));
}

void web_admin_forbidden(struct http_ctx *c)
{
    web_error(c, HTTP_FORBIDDEN, T_FORBIDDEN_HEADING, T_FORBIDDEN_BODY);
}

/* Whether the person has the role a page needs (a manager may do what the
 * counter does); answers 403 when not. */
bool web_admin_needs(struct http_ctx *c, const struct web_admin *a, enum store_role role)
{
    if (role == STORE_ROLE_COUNTER || a->u.role == STORE_ROLE_MANAGER)
        return true;
    web_admin_forbidden(c);
    return false;
}

/* The purpose of a form of this session: "admin:LABEL:what". */
void web_admin_purpose(const struct web_admin *a, const char *what, char *out, size_t len)
{
    snprintf(out, len, "admin:%s:%s", a->label, what);
}

void web_admin_csrf_field(struct web_page *p, const struct web_admin *a, const char *what)
{
    char pp[96];
    web_admin_purpose(a, what, pp, sizeof pp);
    web_csrf_field(p, pp);
}

const struct sched_office *web_admin_office(struct http_ctx *c, const struct web_admin *a,
                                            const char *id)
{
    const struct sched_office *o = id != NULL ? cfg_office(c->svc->cfg, id) : NULL;
    if (o == NULL) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return NULL;
    }
    if (!store_offices_include(a->u.offices, id)) {
        web_admin_forbidden(c);
        return NULL;
    }
    return o;
}

const char *web_admin_first_office(const struct http_ctx *c, const struct web_admin *a)
{
    const struct fh_config *cfg = c->svc->cfg;
    for (size_t i = 0; i < cfg->office_count; i++) {
        const char *id = sched_office_spec(cfg->offices[i])->id;
        if (store_offices_include(a->u.offices, id))
            return id;
    }
    return NULL;
}

bool web_admin_csrf_ok(struct http_ctx *c, const struct web_admin *a, const char *what)
{
    char p[96];
    web_admin_purpose(a, what, p, sizeof p);
    if (web_csrf_ok(c, p))
        return true;
    web_csrf_refused(c);
    return false;
}

const char *web_admin_office_name(const struct web_page *p, const char *id)
{
    const struct sched_office *o = cfg_office(p->c->svc->cfg, id);
    if (o == NULL)
        return id;
    const struct sched_office_spec *s = sched_office_spec(o);
    return web_pick(p, s->name_zh, s->name_en);
}

/* Starts an /admin/ page: the layout, then who is signed in and the way
 * out. */
void web_admin_begin(struct web_page *p, const struct web_admin *a, const char *title)
{
    struct web_buf *b = &p->b;
    /* Managers and counters work at desktops: their tables (the board, the
     * month, the messages) take the screen's width rather than a phone
     * column's. */
    p->wide = true;
    web_page_begin(p, title);
    web_html(b, "<div class=\"fh-admin-bar\"><p class=\"fh-body\">");
    web_txt(b, web_t(p, T_SIGNED_IN_AS));
    web_html(b, "<bdi>");
    web_txt(b, a->u.name);
    web_html(b, p->en ? "</bdi> (" : "</bdi>（");
    web_txt(b, web_t(p, a->u.role == STORE_ROLE_MANAGER ? T_ROLE_MANAGER : T_ROLE_COUNTER));
    web_html(b, p->en ? ")" : "）");
    web_html(b, "</p>\n<form method=\"post\" action=\"/admin/signout\">\n");
    char pp[96];
    web_admin_purpose(a, "signout", pp, sizeof pp);
    web_csrf_field(p, pp);
    web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--secondary\">");
    web_txt(b, web_t(p, T_SIGNOUT_BUTTON));
    web_html(b, "</button>\n</form></div>\n");
}

/* ---- signing in and out ------------------------------------------------------------ */

static void signin_page(struct web_page *p, const char *name, int status)
{
    struct web_buf *b = &p->b;
    web_page_begin(p, web_t(p, T_SIGNIN_TITLE));
    const char *done = http_query(p->c, "done");
    if (done != NULL && strcmp(done, "signedout") == 0 && p->fault_count == 0) {
        web_html(b, "<div class=\"fh-panel\" role=\"status\"><h2 class=\"fh-panel__title\">");
        web_txt(b, web_t(p, T_SIGNED_OUT));
        web_html(b, "</h2></div>\n");
    }
    web_error_summary(p);
    web_html(b, "<p class=\"fh-caption\">");
    web_txt(b, web_t(p, T_ADMIN_AREA));
    web_html(b, "</p>\n<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_SIGNIN_TITLE));
    web_html(b, "</h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_SIGNIN_INTRO));
    web_html(b, "</p>\n<form method=\"post\" action=\"/admin/signin\" novalidate>\n");
    web_csrf_field(p, "admin-signin");
    web_input(p, &(struct web_input){"name", T_SIGNIN_NAME, T_NONE, name, "text", "username", true,
                                     true});
    web_input(p, &(struct web_input){"password", T_SIGNIN_PASSWORD, T_NONE, NULL, "password",
                                     "current-password", false, false});
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_SIGNIN_BUTTON));
    web_html(b, "</button>\n</form>\n");
    web_page_send(p, status);
}

void web_admin_signin(struct http_ctx *c)
{
    struct store_user u;
    const char *cookie = http_cookie(c, SESSION_COOKIE);
    if (cookie != NULL && svc_session(c->svc, cookie, &u) == FH_OK) {
        web_redirect(c, "/admin/");
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    signin_page(&p, NULL, HTTP_OK);
}

void web_admin_signin_post(struct http_ctx *c)
{
    if (!web_form_body(c) || cross_site(c))
        return;
    if (!web_csrf_ok(c, "admin-signin")) {
        web_csrf_refused(c);
        return;
    }
    int wait = http_guess_wait(c);
    if (wait > 0) {
        http_retry_after(c, wait);
        web_error(c, HTTP_TOO_MANY_REQUESTS, T_TOO_MANY_HEADING, T_TOO_MANY_BODY);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    const char *name = http_form(c, "name"), *password = http_form(c, "password");
    if (name == NULL || name[0] == '\0')
        web_fault(&p, "name", T_SIGNIN_NAME_MISSING);
    if (password == NULL || password[0] == '\0')
        web_fault(&p, "password", T_SIGNIN_PASSWORD_MISSING);
    if (p.fault_count > 0) {
        signin_page(&p, name, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    char cookie[SVC_SESSION_COOKIE_LEN], err[FH_ERR_LEN] = "";
    struct store_user u;
    int retry = 0;
    fh_result r = svc_signin(c->svc, name, password, cookie, &u, &retry, err, sizeof err);
    if (r == FH_OK) {
        set_session_cookie(c, cookie, false);
        fh_wipe(cookie, sizeof cookie);
        web_buf_free(&p.b);
        web_redirect(c, "/admin/");
        return;
    }
    int status = HTTP_UNAUTHORIZED;
    if (r == FH_EBUSY) {
        http_retry_after(c, retry);
        web_fault(&p, "#name", T_SIGNIN_LOCKED);
        status = HTTP_TOO_MANY_REQUESTS;
    } else if (r == FH_EAUTH) {
        http_guess_failed(c);
        web_fault(&p, "#name", T_SIGNIN_WRONG);
    } else {
        fh_log(FH_LOG_ERROR, "sign-in: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    signin_page(&p, name, status);
}

void web_admin_signout_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || cross_site(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_csrf_ok(c, &a, "signout"))
        return;
    char err[FH_ERR_LEN] = "";
    if (svc_signout(c->svc, a.cookie, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "sign-out: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    set_session_cookie(c, "", true);
    web_redirect(c, SIGNIN_PATH "?done=signedout");
}

/* ---- home ------------------------------------------------------------------------------ */

void web_admin_bare(struct http_ctx *c)
{
    web_redirect(c, "/admin/");
}

/* The pages of the manager area that exist, in the order of the home
 * page; each page adds its row here when it is written. Pages of one
 * office take it from the query (?office=) or offer the person's offices. */
static const struct admin_page {
    const char *path;
    enum web_text title, hint;
    enum store_role role; /* the least role that may open it */
    bool every_office;    /* for a person of every office only (the national calendar) */
} admin_pages[] = {
    {"/admin/day", T_BOARD_TITLE, T_DAY_LINK_HINT, STORE_ROLE_COUNTER, false},
    {"/admin/book", T_STAFF_BOOK_TITLE, T_STAFF_BOOK_LINK_HINT, STORE_ROLE_COUNTER, false},
    {"/admin/pending", T_PENDING_TITLE, T_PENDING_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/figures", T_FIG_TITLE, T_FIG_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/roster", T_ROSTER_TITLE, T_ROSTER_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/comp", T_COMP_TITLE, T_COMP_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/closures", T_CLOSURES_TITLE, T_CLOSURES_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/calendar", T_CALENDAR_TITLE, T_CALENDAR_LINK_HINT, STORE_ROLE_MANAGER, true},
    {"/admin/suspensions", T_SUSPEND_TITLE, T_SUSPEND_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/messages", T_MESSAGES_TITLE, T_MESSAGES_LINK_HINT, STORE_ROLE_MANAGER, false},
    {"/admin/audit", T_AUDIT_TITLE, T_AUDIT_LINK_HINT, STORE_ROLE_MANAGER, false},
};

void web_admin_home(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_admin_signed_in(c, &a))
        return;
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    web_admin_begin(&p, &a, web_t(&p, T_ADMIN_HOME_TITLE));
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_ADMIN_HOME_TITLE));
    web_html(b, "</h1>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_ADMIN_YOUR_OFFICES));
    web_html(b, "</h2>\n<ul class=\"fh-list fh-list--bullet\">\n");
    const struct fh_config *cfg = c->svc->cfg;
    for (size_t i = 0; i < cfg->office_count; i++) {
        const char *id = sched_office_spec(cfg->offices[i])->id;
        if (!store_offices_include(a.u.offices, id))
            continue;
        web_html(b, "<li>");
        web_txt(b, web_admin_office_name(&p, id));
        web_html(b, "</li>\n");
    }
    web_html(b, "</ul>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_ADMIN_PAGES));
    web_html(b, "</h2>\n<ul class=\"fh-list\">\n");
    size_t shown = 0;
    for (size_t i = 0; i < sizeof admin_pages / sizeof admin_pages[0]; i++) {
        const struct admin_page *ap = &admin_pages[i];
        if ((ap->role == STORE_ROLE_MANAGER && a.u.role != STORE_ROLE_MANAGER) ||
            (ap->every_office && strcmp(a.u.offices, "*") != 0))
            continue;
        shown++;
        web_html(b, "<li><a href=\"");
        web_attr(b, ap->path);
        web_html(b, "\">");
        web_txt(b, web_t(&p, ap->title));
        web_html(b, "</a><p class=\"fh-hint\">");
        web_txt(b, web_t(&p, ap->hint));
        web_html(b, "</p></li>\n");
    }
    web_html(b, "</ul>\n");
    if (shown == 0) {
        web_html(b, "<p class=\"fh-body\">");
        web_txt(b, web_t(&p, T_ADMIN_NO_PAGES));
        web_html(b, "</p>\n");
    }
    web_page_send(&p, HTTP_OK);
}

/* ---- the audit trail ---------------------------------------------------------------------- */

/* A date field of the filter: its UTC bound (start of the day, or of the
 * next one with next) in the office's offset, 0 when empty; a fault when
 * it is not a date. */
static int64_t date_bound(struct web_page *p, const char *field, const char *v, int offset,
                          bool next)
{
    fh_day d;
    if (v == NULL || v[0] == '\0')
        return 0;
    if (fh_parse_date(v, &d) != NULL) {
        web_fault(p, field, T_AUDIT_DATE_WRONG);
        return 0;
    }
    return fh_utc_from_local((fh_minute)(d + (next ? 1 : 0)) * FH_MINUTES_PER_DAY, offset);
}

void web_admin_office_select(struct web_page *p, const struct web_admin *a, const char *chosen,
                             bool all)
{
    struct web_buf *b = &p->b;
    const struct fh_config *cfg = p->c->svc->cfg;
    web_html(b, "<div class=\"fh-field\"><label class=\"fh-label\" for=\"office\">");
    web_txt(b, web_t(p, T_AUDIT_OFFICE));
    web_html(b, "</label>\n<select class=\"fh-select\" id=\"office\" name=\"office\">\n");
    if (all && strcmp(a->u.offices, "*") == 0) {
        web_html(b, "<option value=\"\">");
        web_txt(b, web_t(p, T_AUDIT_ALL_OFFICES));
        web_html(b, "</option>\n");
    }
    for (size_t i = 0; i < cfg->office_count; i++) {
        const char *id = sched_office_spec(cfg->offices[i])->id;
        if (!store_offices_include(a->u.offices, id))
            continue;
        web_html(b, "<option value=\"");
        web_attr(b, id);
        web_html(b, chosen != NULL && strcmp(chosen, id) == 0 ? "\" selected>" : "\">");
        web_txt(b, web_admin_office_name(p, id));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n");
}

static void audit_table(struct web_page *p, const struct store_audit_record *list, size_t n,
                        int offset)
{
    struct web_buf *b = &p->b;
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"audit-none\">");
        web_txt(b, web_t(p, T_AUDIT_NONE));
        web_html(b, "</p>\n");
        return;
    }
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"audit-caption\" "
                "tabindex=\"0\">\n<table class=\"fh-table\" id=\"audit\">\n"
                "<caption id=\"audit-caption\">");
    web_txt(b, web_t(p, T_AUDIT_COUNT));
    web_htmlf(b, "%zu", n);
    web_html(b, "</caption>\n<thead><tr>");
    static const enum web_text heads[] = {T_AUDIT_WHEN,   T_AUDIT_WHO,    T_AUDIT_ACTION,
                                          T_AUDIT_OFFICE, T_AUDIT_TARGET, T_AUDIT_BEFORE,
                                          T_AUDIT_AFTER};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct store_audit_record *r = &list[i];
        char when[FH_TIME_LEN];
        fh_format_local(fh_local_from_utc(r->at, offset), offset, when);
        web_html(b, "<tr><td class=\"fh-nowrap\">");
        web_htmlf(b, "%.10s<br>%.5s", when, when + 11);
        web_html(b, "</td><td>");
        web_txt(b, r->who);
        web_html(b, "</td><td>");
        web_txt(b, r->action);
        web_html(b, "</td><td>");
        web_txt(b, r->office[0] != '\0' ? r->office : "–");
        web_html(b, "</td><td>");
        web_txt(b, r->target[0] != '\0' ? r->target : "–");
        web_html(b, "</td><td><code>");
        web_txt(b, r->before != NULL ? r->before : "–");
        web_html(b, "</code></td><td><code>");
        web_txt(b, r->after != NULL ? r->after : "–");
        web_html(b, "</code></td></tr>\n");
    }
    web_html(b, "</tbody>\n</table>\n</div>\n");
}

void web_admin_audit(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "who", "action", "from", "to", "lang", NULL};
    struct web_admin a;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const char *bad;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    const struct fh_config *cfg = c->svc->cfg;
    const char *office = http_query(c, "office");
    if (office != NULL && office[0] == '\0')
        office = NULL;
    /* A manager of some offices sees one of theirs at a time; all offices
     * (and records of none) only a manager of every office. */
    if (office == NULL && strcmp(a.u.offices, "*") != 0) {
        for (size_t i = 0; i < cfg->office_count && office == NULL; i++)
            if (store_offices_include(a.u.offices, sched_office_spec(cfg->offices[i])->id))
                office = sched_office_spec(cfg->offices[i])->id;
        if (office == NULL) {
            web_admin_forbidden(c);
            return;
        }
    }
    if (office != NULL &&
        (cfg_office(cfg, office) == NULL || !store_offices_include(a.u.offices, office))) {
        web_admin_forbidden(c);
        return;
    }
    int offset =
        sched_office_spec(office != NULL ? cfg_office(cfg, office) : cfg->offices[0])->utc_offset;
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    const char *who = http_query(c, "who"), *action = http_query(c, "action");
    const char *from = http_query(c, "from"), *to = http_query(c, "to");
    struct store_audit_filter f = {
        .office = office,
        .who = who != NULL && who[0] != '\0' ? who : NULL,
        .action = action != NULL && action[0] != '\0' ? action : NULL,
        .since = date_bound(&p, "from", from, offset, false),
        .until = date_bound(&p, "to", to, offset, true),
    };
    struct store_audit_record *list = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    if (p.fault_count == 0 &&
        store_audit_list(c->svc->store, &f, &list, &n, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "audit: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_admin_begin(&p, &a, web_t(&p, T_AUDIT_TITLE));
    web_back_link(&p, "/admin/");
    web_error_summary(&p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_AUDIT_TITLE));
    web_html(b, "</h1>\n<form method=\"get\" action=\"/admin/audit\" novalidate>\n"
                "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(&p, T_AUDIT_FILTER));
    web_html(b, "</legend>\n<div class=\"fh-filter\">\n");
    web_admin_office_select(&p, &a, office, true);
    web_input(&p, &(struct web_input){"who", T_AUDIT_WHO, T_AUDIT_WHO_HINT, who, "text", "off",
                                      false, false});
    web_input(&p, &(struct web_input){"action", T_AUDIT_ACTION, T_AUDIT_ACTION_HINT, action, "text",
                                      "off", false, false});
    web_input(&p, &(struct web_input){"from", T_AUDIT_FROM, T_AUDIT_DATE_HINT, from, "text", "off",
                                      true, true});
    web_input(&p, &(struct web_input){"to", T_AUDIT_TO, T_AUDIT_DATE_HINT, to, "text", "off", true,
                                      true});
    web_html(b, "</div>\n");
    if (p.en)
        web_html(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(&p, T_AUDIT_SHOW));
    web_html(b, "</button>\n</fieldset>\n</form>\n");
    if (p.fault_count == 0)
        audit_table(&p, list, n, offset);
    store_audit_records_free(list, n);
    web_page_send(&p, p.fault_count > 0 ? HTTP_UNPROCESSABLE_CONTENT : HTTP_OK);
}
