/* web_roster.c: the manager pages of the duty roster and compensatory time:
 * /admin/roster (the month: staff by days with duty letters, shortfalls and
 * their reasons, generate, publish after showing the bookings that would
 * lose their place, pins and bans), /admin/roster/duty (one duty, offering
 * only the people the rules allow) and /admin/comp (earned, taken, owed,
 * take-by dates; time taken recorded, never more than is owed). Over the
 * same svc_roster_* and svc_comp_* functions as the API. */
#include "web/web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROSTER_PATH "/admin/roster"
#define DUTY_PATH   "/admin/roster/duty"
#define COMP_PATH   "/admin/comp"

static const char duty_letters[SCHED_DUTY_COUNT] = {'N', 'E', 'S', 'H'};

/* ---- shared parts ----------------------------------------------------------------- */

/* Who the audit names for a change made on these pages. */
static void who_of(const struct web_admin *a, char out[STORE_WHO_LEN])
{
    snprintf(out, STORE_WHO_LEN, "user:%s", a->u.id);
}

/* The office asked for (query or form), or the person's first; NULL after
 * answering 403/404. */
static const struct sched_office *page_office(struct http_ctx *c, const struct web_admin *a,
                                              const char *id)
{
    const struct fh_config *cfg = c->svc->cfg;
    if (id == NULL || id[0] == '\0') {
        for (size_t i = 0; i < cfg->office_count; i++) {
            const char *o = sched_office_spec(cfg->offices[i])->id;
            if (store_offices_include(a->u.offices, o))
                return cfg->offices[i];
        }
        web_admin_forbidden(c);
        return NULL;
    }
    return web_admin_office(c, a, id);
}

static const char *office_id(const struct sched_office *o)
{
    return sched_office_spec(o)->id;
}

static fh_day today_of(const struct sched_office *o)
{
    return fh_day_of(svc_now(o));
}

/* A whole number lo..hi written in digits only. */
static bool whole(const char *s, long lo, long hi, long *out)
{
    if (s == NULL || s[0] == '\0' || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
        return false;
    long v = strtol(s, NULL, 10);
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A query's allowed names, or 400. */
static bool query_ok(struct http_ctx *c, const char *const *allowed)
{
    const char *bad;
    if (http_query_check(c, allowed, &bad) == NULL)
        return true;
    web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
    return false;
}

/* "/admin/roster?office=O&month=YYYY-MM[&extra]" into out. */
static void roster_href(char *out, size_t len, const char *office, int year, int month,
                        const char *extra)
{
    snprintf(out, len, ROSTER_PATH "?office=%s&month=%04d-%02d%s%s", office, year, month,
             extra != NULL ? "&" : "", extra != NULL ? extra : "");
}

static void hidden(struct web_buf *b, const char *name, const char *value)
{
    web_html(b, "<input type=\"hidden\" name=\"");
    web_attr(b, name);
    web_html(b, "\" value=\"");
    web_attr(b, value);
    web_html(b, "\">\n");
}

static void hidden_lang(struct web_page *p)
{
    if (p->en)
        hidden(&p->b, "lang", "en");
}

static void done_panel(struct web_page *p, enum web_text t)
{
    web_html(&p->b, "<div class=\"fh-panel\" role=\"status\"><h2 class=\"fh-panel__title\">");
    web_txt(&p->b, web_t(p, t));
    web_html(&p->b, "</h2></div>\n");
}

static void warning(struct web_page *p, const char *id, const char *text)
{
    web_html(&p->b, "<div class=\"fh-warning-text\" id=\"");
    web_attr(&p->b, id);
    web_html(&p->b, "\"><p class=\"fh-body\">");
    web_txt(&p->b, text);
    web_html(&p->b, "</p></div>\n");
}

static void button(struct web_buf *b, const char *cls, const char *text)
{
    web_html(b, "<button type=\"submit\" class=\"fh-button");
    web_html(b, cls);
    web_html(b, "\">");
    web_txt(b, text);
    web_html(b, "</button>\n");
}

static void office_select(struct web_page *p, const struct web_admin *a, const char *chosen)
{
    struct web_buf *b = &p->b;
    const struct fh_config *cfg = p->c->svc->cfg;
    web_html(b, "<div class=\"fh-field\"><label class=\"fh-label\" for=\"office\">");
    web_txt(b, web_t(p, T_AUDIT_OFFICE));
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
}

static const char *person_name(const struct cfg_roster *roster, const char *id)
{
    int s = roster != NULL ? cfg_staff_index(roster, id) : -1;
    return s >= 0 ? roster->staff[s].name : id;
}

/* "Name (id)" of a person. */
static void person(struct web_buf *b, const struct cfg_roster *roster, const char *id)
{
    web_html(b, "<bdi>");
    web_txt(b, person_name(roster, id));
    web_html(b, "</bdi> <span class=\"fh-hint\">(");
    web_txt(b, id);
    web_html(b, ")</span>");
}

static const char *duty_word(const struct web_page *p, enum sched_duty d)
{
    return web_window_word(p, sched_duty_name(d));
}

enum web_text web_short_text(enum sched_short_reason r)
{
    switch (r) {
    case SCHED_SHORT_NO_SKILL:
        return T_SHORT_NO_SKILL;
    case SCHED_SHORT_ALL_ON_LEAVE:
        return T_SHORT_ALL_ON_LEAVE;
    case SCHED_SHORT_AT_LIMITS:
        return T_SHORT_AT_LIMITS;
    case SCHED_SHORT_TOO_FEW_STAFF:
        return T_SHORT_TOO_FEW;
    case SCHED_SHORT_UNFILLED:
        break;
    }
    return T_SHORT_UNFILLED;
}

/* The bookings a change would leave without a place, as a table. */
static void bookings_table(struct web_page *p, const struct sched_office *office,
                           const struct svc_roster_view *v)
{
    struct web_buf *b = &p->b;
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"over-caption\" "
                "tabindex=\"0\">\n<table class=\"fh-table\" id=\"overbooked\">\n"
                "<caption id=\"over-caption\">");
    web_txt(b, web_t(p, T_ROSTER_OVERBOOKED_CAPTION));
    web_html(b, "</caption>\n<thead><tr><th scope=\"col\">");
    web_txt(b, web_t(p, T_ROSTER_BOOKING_CODE));
    web_html(b, "</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_ROSTER_BOOKING_START));
    web_html(b, "</th><th scope=\"col\">");
    web_txt(b, web_t(p, T_ROSTER_BOOKING_SERVICE));
    web_html(b, "</th></tr></thead>\n<tbody>\n");
    const struct sched_office_spec *o = sched_office_spec(office);
    for (size_t i = 0; i < v->booking_count; i++) {
        const struct store_booking *bk = &v->bookings[i];
        fh_minute local = fh_local_from_utc(bk->start, o->utc_offset);
        web_html(b, "<tr><td class=\"fh-code\">");
        web_txt(b, bk->code);
        web_html(b, "</td><td>");
        web_date(p, fh_day_of(local), false);
        web_html(b, " ");
        web_span(p, local, local);
        web_html(b, "</td><td>");
        int sv = -1;
        for (size_t k = 0; k < o->service_count; k++)
            if (strcmp(o->services[k].id, bk->service) == 0)
                sv = (int)k;
        web_txt(b, sv >= 0 ? web_service_name(p, office, sv) : bk->service);
        web_html(b, "</td></tr>\n");
    }
    web_html(b, "</tbody>\n</table>\n</div>\n");
}

/* ---- the month ------------------------------------------------------------------------ */

static void choose_form(struct web_page *p, const struct web_admin *a, const char *office,
                        const char *month)
{
    struct web_buf *b = &p->b;
    web_html(b, "<form method=\"get\" action=\"" ROSTER_PATH "\" novalidate>\n"
                "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(p, T_ROSTER_CHOOSE));
    web_html(b, "</legend>\n<div class=\"fh-filter\">\n");
    office_select(p, a, office);
    web_input(p, &(struct web_input){"month", T_ROSTER_MONTH, T_ROSTER_MONTH_HINT, month, "text",
                                     "off", true, true});
    web_html(b, "</div>\n");
    hidden_lang(p);
    button(b, " fh-button--secondary", web_t(p, T_ROSTER_SHOW));
    web_html(b, "</fieldset>\n</form>\n");
}

/* The grid: people as rows, days as columns, duty letters in the cells. */
static void grid(struct web_page *p, const struct svc_roster_ref *ref,
                 const struct svc_roster_view *v, const struct sched_calendar *cal)
{
    static const char *const wd_zh[8] = {"", "一", "二", "三", "四", "五", "六", "日"};
    static const char *const wd_en[8] = {"", "M", "T", "W", "T", "F", "S", "S"};
    struct web_buf *b = &p->b;
    fh_day first = fh_day_from_ymd(ref->year, ref->month, 1);
    int days = fh_days_in_month(ref->year, ref->month);
    bool off[31];
    for (int d = 0; d < days; d++) {
        enum sched_day_type t = sched_calendar_day_type(cal, first + d, NULL);
        off[d] = t == SCHED_RESTDAY || t == SCHED_HOLIDAY;
    }
    web_html(
        b,
        "<div class=\"fh-table-wrap fh-roster-wrap\" role=\"region\" "
        "aria-labelledby=\"grid-caption\" tabindex=\"0\">\n"
        "<table class=\"fh-table fh-roster\" id=\"roster-grid\">\n<caption id=\"grid-caption\">");
    web_txt(b, web_t(p, T_ROSTER_GRID_CAPTION));
    web_html(b, "</caption>\n<thead><tr><th scope=\"col\">");
    web_txt(b, web_t(p, T_ROSTER_STAFF));
    web_html(b, "</th>");
    for (int d = 0; d < days; d++) {
        web_html(b, off[d] ? "<th scope=\"col\" class=\"fh-roster__off\">" : "<th scope=\"col\">");
        web_htmlf(b, "%d<br>", d + 1);
        web_txt(b, (p->en ? wd_en : wd_zh)[fh_weekday(first + d)]);
        if (off[d]) {
            web_html(b, "<br>");
            web_txt(b, web_t(p, T_ROSTER_OFF_MARK));
        }
        web_html(b, "</th>");
    }
    web_html(b, "<th scope=\"col\">");
    web_txt(b, web_t(p, T_ROSTER_TOTAL));
    web_html(b, "</th></tr></thead>\n<tbody>\n");
    for (size_t s = 0; s < v->staff_count; s++) {
        char row[31][3];
        memset(row, 0, sizeof row);
        int count = 0;
        for (size_t i = 0; i < v->stored.count; i++) {
            const struct store_duty *du = &v->stored.duties[i];
            int d = du->day - first;
            if (strcmp(du->staff, v->staff[s].id) != 0 || d < 0 || d >= days ||
                (unsigned)du->duty >= SCHED_DUTY_COUNT)
                continue;
            /* Two duties on one day (a Saturday morning and that day's
             * holiday on-call) show as '+', as the command line prints. */
            row[d][0] = row[d][0] == 0 ? duty_letters[du->duty] : '+';
            count++;
        }
        web_html(b, "<tr><th scope=\"row\" class=\"fh-nowrap\"><bdi>");
        web_txt(b, v->staff[s].name);
        web_html(b, "</bdi></th>");
        for (int d = 0; d < days; d++) {
            web_html(b, off[d] ? "<td class=\"fh-roster__off\">" : "<td>");
            web_txt(b, row[d][0] != 0 ? row[d] : "");
            web_html(b, "</td>");
        }
        web_htmlf(b, "<td>%d</td></tr>\n", count);
    }
    web_html(b, "</tbody>\n</table>\n</div>\n<p class=\"fh-hint\" id=\"roster-legend\">");
    web_txt(b, web_t(p, T_ROSTER_LEGEND));
    web_html(b, "</p>\n");
}

static const struct svc_roster_short *short_of(const struct svc_roster_view *v, fh_day day,
                                               enum sched_duty duty)
{
    for (size_t i = 0; i < v->shortfall_count; i++)
        if (v->shortfalls[i].day == day && v->shortfalls[i].duty == duty)
            return &v->shortfalls[i];
    return NULL;
}

static void short_words(struct web_page *p, const struct svc_roster_short *sf)
{
    web_txt(&p->b, web_t(p, T_ROSTER_SHORT));
    web_htmlf(&p->b, "%d / %d, ", sf->assigned, sf->needed);
    web_txt(&p->b, web_t(p, web_short_text(sf->reason)));
}

static void shortfalls(struct web_page *p, const struct svc_roster_view *v)
{
    struct web_buf *b = &p->b;
    web_html(b, "<h2 class=\"fh-heading-m\" id=\"shortfalls\">");
    web_txt(b, web_t(p, T_ROSTER_SHORT_HEADING));
    web_html(b, "</h2>\n");
    if (v->shortfall_count == 0) {
        web_html(b, "<p class=\"fh-body\">");
        web_txt(b, web_t(p, T_ROSTER_ALL_STAFFED));
        web_html(b, "</p>\n");
        return;
    }
    web_html(b, "<ul class=\"fh-list fh-list--bullet\" id=\"shortfall-list\">\n");
    for (size_t i = 0; i < v->shortfall_count; i++) {
        const struct svc_roster_short *sf = &v->shortfalls[i];
        web_html(b, "<li><strong>");
        web_date(p, sf->day, false);
        web_html(b, " ");
        web_txt(b, duty_word(p, sf->duty));
        web_html(b, "</strong>：");
        short_words(p, sf);
        web_html(b, "</li>\n");
    }
    web_html(b, "</ul>\n");
}

/* Every window instance, who is on it, and a link to change it. */
static void instances(struct web_page *p, const struct svc_roster_ref *ref,
                      const struct svc_roster_view *v, const struct cfg_roster *roster)
{
    struct web_buf *b = &p->b;
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"inst-caption\" "
                "tabindex=\"0\">\n<table class=\"fh-table\" id=\"instances\">\n"
                "<caption id=\"inst-caption\">");
    web_txt(b, web_t(p, T_ROSTER_INSTANCES_CAPTION));
    web_html(b, "</caption>\n<thead><tr>");
    static const enum web_text heads[] = {T_ROSTER_DATE, T_ROSTER_DUTY, T_ROSTER_NEEDED,
                                          T_ROSTER_ON_DUTY, T_ROSTER_STATUS};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "<td></td></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < v->instance_count; i++) {
        const struct svc_roster_instance *in = &v->instances[i];
        const struct svc_roster_short *sf = short_of(v, in->day, in->duty);
        char date[FH_DATE_LEN];
        fh_format_date(in->day, date);
        web_html(b, sf != NULL ? "<tr class=\"fh-roster__short\">" : "<tr>");
        web_html(b, "<td class=\"fh-nowrap\">");
        web_date(p, in->day, false);
        web_html(b, "</td><td>");
        web_txt(b, duty_word(p, in->duty));
        web_htmlf(b, "</td><td>%d</td><td>", in->needed);
        size_t on = 0;
        for (size_t k = 0; k < v->stored.count; k++) {
            const struct store_duty *d = &v->stored.duties[k];
            if (d->day != in->day || d->duty != in->duty)
                continue;
            if (on++ > 0)
                web_txt(b, web_t(p, T_LIST_SEP));
            web_html(b, "<bdi>");
            web_txt(b, person_name(roster, d->staff));
            web_html(b, "</bdi>");
        }
        if (on == 0)
            web_txt(b, web_t(p, T_ROSTER_NOBODY));
        web_html(b, "</td><td>");
        if (sf != NULL) {
            web_html(b, "<strong class=\"fh-tag fh-tag--pending\">");
            short_words(p, sf);
            web_html(b, "</strong>");
        } else {
            web_txt(b, web_t(p, T_ROSTER_OK));
        }
        web_html(b, "</td><td><a href=\"" DUTY_PATH "?office=");
        web_url_arg(b, office_id(ref->office));
        web_htmlf(b, "&amp;month=%04d-%02d&amp;date=%s&amp;duty=%s%s\">", ref->year, ref->month,
                  date, sched_duty_name(in->duty), p->en ? "&amp;lang=en" : "");
        web_txt(b, web_t(p, T_ROSTER_CHANGE_DUTY));
        web_html(b, "<span class=\"fh-visually-hidden\"> ");
        web_txt(b, date);
        web_html(b, " ");
        web_txt(b, duty_word(p, in->duty));
        web_html(b, "</span></a></td></tr>\n");
    }
    web_html(b, "</tbody>\n</table>\n</div>\n");
}

static void month_form(struct web_page *p, const struct web_admin *a, const char *action,
                       const struct svc_roster_ref *ref, bool force, enum web_text label,
                       const char *cls)
{
    struct web_buf *b = &p->b;
    char month[16], what[96];
    snprintf(month, sizeof month, "%04d-%02d", ref->year, ref->month);
    snprintf(what, sizeof what, "roster:%s:%s", office_id(ref->office), month);
    web_html(b, "<form method=\"post\" action=\"");
    web_attr(b, action);
    web_html(b, "\">\n");
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", office_id(ref->office));
    hidden(b, "month", month);
    if (force)
        hidden(b, "force", "1");
    hidden_lang(p);
    button(b, cls, web_t(p, label));
    web_html(b, "</form>\n");
}

static void pins_table(struct web_page *p, const struct web_admin *a,
                       const struct svc_roster_ref *ref, const struct cfg_roster *roster)
{
    struct web_buf *b = &p->b;
    struct store_pin *pins = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    if (svc_roster_pins(ref, &pins, &n, err, sizeof err) != FH_OK)
        fh_log(FH_LOG_ERROR, "roster pins: %s", err);
    web_html(b, "<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(p, T_ROSTER_PIN_HEADING));
    web_html(b, "</h2>\n<p class=\"fh-hint\">");
    web_txt(b, web_t(p, T_ROSTER_PIN_HINT));
    web_html(b, "</p>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"pins-none\">");
        web_txt(b, web_t(p, T_ROSTER_NO_PINS));
        web_html(b, "</p>\n");
        free(pins);
        return;
    }
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"pins-caption\" "
                "tabindex=\"0\">\n<table class=\"fh-table\" id=\"pins\">\n"
                "<caption id=\"pins-caption\">");
    web_txt(b, web_t(p, T_ROSTER_PINS_CAPTION));
    web_html(b, "</caption>\n<thead><tr>");
    static const enum web_text heads[] = {T_ROSTER_DATE, T_ROSTER_DUTY, T_ROSTER_STAFF,
                                          T_ROSTER_PIN_KIND};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "<td></td></tr></thead>\n<tbody>\n");
    char month[16], what[96];
    snprintf(month, sizeof month, "%04d-%02d", ref->year, ref->month);
    snprintf(what, sizeof what, "roster-pin:%s:%s", office_id(ref->office), month);
    for (size_t i = 0; i < n; i++) {
        char date[FH_DATE_LEN];
        fh_format_date(pins[i].day, date);
        web_html(b, "<tr><td class=\"fh-nowrap\">");
        web_date(p, pins[i].day, false);
        web_html(b, "</td><td>");
        web_txt(b, duty_word(p, pins[i].duty));
        web_html(b, "</td><td>");
        person(b, roster, pins[i].staff);
        web_html(b, "</td><td>");
        web_txt(b, web_t(p, pins[i].forbid ? T_ROSTER_BAN : T_ROSTER_PIN));
        web_html(b, "</td><td><form method=\"post\" action=\"" ROSTER_PATH "/unpin\">\n");
        web_admin_csrf_field(p, a, what);
        hidden(b, "office", office_id(ref->office));
        hidden(b, "month", month);
        hidden(b, "date", date);
        hidden(b, "duty", sched_duty_name(pins[i].duty));
        hidden(b, "staff", pins[i].staff);
        hidden_lang(p);
        button(b, " fh-button--secondary", web_t(p, T_ROSTER_PIN_REMOVE));
        web_html(b, "</form></td></tr>\n");
    }
    web_html(b, "</tbody>\n</table>\n</div>\n");
    free(pins);
}

/* The month's office and month from the query or the form: month "" or
 * NULL is this month; a fault when it is not a month. */
static bool month_arg(struct web_page *p, const struct sched_office *o, const char *s, int *year,
                      int *month)
{
    if (s == NULL || s[0] == '\0') {
        int d;
        fh_day_to_ymd(today_of(o), year, month, &d);
        return true;
    }
    if (svc_roster_month_parse(s, year, month) == NULL)
        return true;
    web_fault(p, "month", T_ROSTER_MONTH_WRONG);
    fh_day_to_ymd(today_of(o), year, month, &(int){0});
    return false;
}

static void month_page(struct web_page *p, const struct web_admin *a,
                       const struct svc_roster_ref *ref, const char *month_text, bool month_ok,
                       int status)
{
    struct web_buf *b = &p->b;
    struct http_ctx *c = p->c;
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, office_id(ref->office));
    struct svc_roster_view v = {0};
    char err[FH_ERR_LEN] = "";
    bool have = false;
    if (month_ok && roster != NULL && roster->staff_count > 0) {
        if (svc_roster_show(ref, &v, err, sizeof err) != FH_OK) {
            fh_log(FH_LOG_ERROR, "roster: %s", err);
            web_buf_free(&p->b);
            web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
            return;
        }
        have = true;
    }
    web_admin_begin(p, a, web_t(p, T_ROSTER_TITLE));
    web_back_link(p, "/admin/");
    const char *done = http_query(c, "done");
    static const struct {
        const char *done;
        enum web_text text;
    } dones[] = {{"generated", T_ROSTER_DONE_GENERATED},
                 {"published", T_ROSTER_DONE_PUBLISHED},
                 {"edited", T_ROSTER_DONE_EDITED},
                 {"pinned", T_ROSTER_DONE_PINNED},
                 {"unpinned", T_ROSTER_DONE_UNPINNED}};
    for (size_t i = 0; done != NULL && p->fault_count == 0 && i < sizeof dones / sizeof dones[0];
         i++)
        if (strcmp(done, dones[i].done) == 0)
            done_panel(p, dones[i].text);
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_ROSTER_TITLE));
    web_html(b, "<span class=\"fh-caption\"> ");
    web_txt(b, web_admin_office_name(p, office_id(ref->office)));
    web_html(b, " ");
    web_month(p, ref->year, ref->month);
    web_html(b, "</span></h1>\n");
    choose_form(p, a, office_id(ref->office), month_text);
    if (!have) {
        if (month_ok) {
            web_html(b, "<p class=\"fh-body\" id=\"no-staff\">");
            web_txt(b, web_t(p, T_ROSTER_NO_STAFF));
            web_html(b, "</p>\n");
        }
        web_page_send(p, status);
        return;
    }
    web_html(b, "<p class=\"fh-body\" id=\"roster-state\"><strong>");
    web_txt(b, web_t(p, T_ROSTER_STATE));
    enum web_text state = v.stored.state == STORE_ROSTER_PUBLISHED ? T_ROSTER_STATE_PUBLISHED
                          : v.stored.state == STORE_ROSTER_DRAFT   ? T_ROSTER_STATE_DRAFT
                                                                   : T_ROSTER_STATE_NONE;
    web_txt(b, web_t(p, state));
    web_html(b, "</strong>");
    if (v.stored.state != STORE_ROSTER_NONE) {
        web_txt(b, web_t(p, T_ROSTER_VERSION));
        web_htmlf(b, "%d", v.stored.version);
    }
    web_html(b, "</p>\n<div class=\"fh-button-group\">\n");
    if (v.stored.state != STORE_ROSTER_PUBLISHED)
        month_form(p, a, ROSTER_PATH "/generate", ref, false, T_ROSTER_GENERATE,
                   v.stored.state == STORE_ROSTER_DRAFT ? " fh-button--secondary" : "");
    if (v.stored.state == STORE_ROSTER_DRAFT)
        month_form(p, a, ROSTER_PATH "/publish", ref, false, T_ROSTER_PUBLISH, "");
    web_html(b, "</div>\n<p class=\"fh-hint\">");
    web_txt(b, web_t(p, v.stored.state == STORE_ROSTER_PUBLISHED ? T_ROSTER_PUBLISHED_EDITS
                        : v.stored.state == STORE_ROSTER_DRAFT   ? T_ROSTER_PUBLISH_HINT
                                                                 : T_ROSTER_GENERATE_HINT));
    web_html(b, "</p>\n");
    /* Before the first draft there is nothing to show or change yet. */
    if (v.stored.state == STORE_ROSTER_NONE) {
        svc_roster_view_free(&v);
        web_page_send(p, status);
        return;
    }
    shortfalls(p, &v);
    const struct sched_calendar *cal = svc_calendar_hold(c->svc);
    grid(p, ref, &v, cal);
    svc_calendar_release(c->svc);
    instances(p, ref, &v, roster);
    pins_table(p, a, ref, roster);
    svc_roster_view_free(&v);
    web_page_send(p, status);
}

void web_roster_month(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "month", "done", "lang", NULL};
    struct web_admin a;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER) ||
        !query_ok(c, allowed))
        return;
    const struct sched_office *o = page_office(c, &a, http_query(c, "office"));
    if (o == NULL)
        return;
    struct web_page p;
    web_page_init(&p, c);
    int year, month;
    const char *m = http_query(c, "month");
    bool ok = month_arg(&p, o, m, &year, &month);
    char text[16];
    snprintf(text, sizeof text, "%04d-%02d", year, month);
    struct svc_roster_ref ref;
    svc_roster_ref_init(&ref, c->svc, o, year, month);
    month_page(&p, &a, &ref, ok ? text : m, ok, ok ? HTTP_OK : HTTP_UNPROCESSABLE_CONTENT);
}

/* The office and month of a posted form, its token checked for what
 * (with the office and month appended); false after answering. */
static bool posted_month(struct http_ctx *c, struct web_admin *a, const char *what,
                         struct svc_roster_ref *ref)
{
    if (!web_form_body(c) || !web_admin_signed_in(c, a) ||
        !web_admin_needs(c, a, STORE_ROLE_MANAGER))
        return false;
    const struct sched_office *o = web_admin_office(c, a, http_form(c, "office"));
    if (o == NULL)
        return false;
    int year, month;
    const char *m = http_form(c, "month");
    if (m == NULL || svc_roster_month_parse(m, &year, &month) != NULL) {
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_FORM_ONLY);
        return false;
    }
    char full[96];
    snprintf(full, sizeof full, "%s:%s:%04d-%02d", what, office_id(o), year, month);
    if (!web_admin_csrf_ok(c, a, full))
        return false;
    svc_roster_ref_init(ref, c->svc, o, year, month);
    return true;
}

static void redirect_done(struct http_ctx *c, const struct svc_roster_ref *ref, const char *done)
{
    char extra[48], href[256];
    const char *lang = http_form(c, "lang");
    snprintf(extra, sizeof extra, "done=%s%s", done,
             lang != NULL && strcmp(lang, "en") == 0 ? "&lang=en" : "");
    roster_href(href, sizeof href, office_id(ref->office), ref->year, ref->month, extra);
    web_redirect(c, href);
}

/* A refusal of a month-wide change, on the month page with the reason. */
static void month_refused(struct http_ctx *c, const struct web_admin *a,
                          const struct svc_roster_ref *ref, fh_result r, const char *err)
{
    struct web_page p;
    web_page_init(&p, c);
    int status = HTTP_UNPROCESSABLE_CONTENT;
    if (r == FH_ENOTFOUND)
        web_fault(&p, "#roster-state", T_ROSTER_NO_DRAFT);
    else if (r == FH_ECONFLICT)
        web_fault(&p, "#roster-state", T_ROSTER_CONFLICT), status = HTTP_CONFLICT;
    else if (r == FH_EINVAL)
        web_fault(&p, "#roster-state", T_ROSTER_PIN_BREAKS);
    else {
        fh_log(FH_LOG_ERROR, "roster: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    char text[16];
    snprintf(text, sizeof text, "%04d-%02d", ref->year, ref->month);
    month_page(&p, a, ref, text, true, status);
}

void web_roster_generate_post(struct http_ctx *c)
{
    struct web_admin a;
    struct svc_roster_ref ref;
    if (!posted_month(c, &a, "roster", &ref))
        return;
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    who_of(&a, who);
    struct svc_roster_view v;
    fh_result r = svc_roster_generate(&ref, who, &v, err, sizeof err);
    svc_roster_view_free(&v);
    if (r == FH_OK)
        redirect_done(c, &ref, "generated");
    else
        month_refused(c, &a, &ref, r, err);
}

/* Bookings a change would leave without a place: the page that lists them
 * and asks to confirm (the form posts again, forced). */
static void confirm_page(struct http_ctx *c, const struct web_admin *a,
                         const struct svc_roster_ref *ref, const struct svc_roster_view *v,
                         const char *action, const char *what, const char *const *fields,
                         enum web_text force_label)
{
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    web_admin_begin(&p, a, web_t(&p, T_ROSTER_OVERBOOKED_HEADING));
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_ROSTER_OVERBOOKED_HEADING));
    web_html(b, "</h1>\n");
    warning(&p, "overbooked-warning", web_t(&p, T_ROSTER_OVERBOOKED_BODY));
    bookings_table(&p, ref->office, v);
    web_html(b, "<form method=\"post\" action=\"");
    web_attr(b, action);
    web_html(b, "\">\n");
    web_admin_csrf_field(&p, a, what);
    /* The change as it was asked for, now forced. */
    for (size_t i = 0; fields[i] != NULL; i++) {
        const char *v2 = http_form(c, fields[i]);
        if (v2 != NULL)
            hidden(b, fields[i], v2);
    }
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, office_id(ref->office));
    for (size_t s = 0; roster != NULL && s < roster->staff_count; s++) {
        char name[64];
        snprintf(name, sizeof name, "s-%s", roster->staff[s].id);
        if (http_form(c, name) != NULL)
            hidden(b, name, "1");
    }
    hidden(b, "force", "1");
    hidden_lang(&p);
    web_html(b, "<div class=\"fh-button-group\">\n");
    button(b, " fh-button--warning", web_t(&p, force_label));
    char href[256];
    roster_href(href, sizeof href, office_id(ref->office), ref->year, ref->month,
                p.en ? "lang=en" : NULL);
    web_html(b, "<a class=\"fh-link-button\" href=\"");
    web_attr(b, href);
    web_html(b, "\">");
    web_txt(b, web_t(&p, T_ROSTER_BACK));
    web_html(b, "</a>\n</div>\n</form>\n");
    web_page_send(&p, HTTP_CONFLICT);
}

void web_roster_publish_post(struct http_ctx *c)
{
    static const char *const fields[] = {"office", "month", NULL};
    struct web_admin a;
    struct svc_roster_ref ref;
    if (!posted_month(c, &a, "roster", &ref))
        return;
    const char *force = http_form(c, "force");
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    who_of(&a, who);
    struct svc_roster_view v;
    fh_result r = svc_roster_publish(&ref, force != NULL && strcmp(force, "1") == 0, who, &v, err,
                                     sizeof err);
    if (r == FH_OK) {
        redirect_done(c, &ref, "published");
    } else if (r == FH_EREFUSED) {
        char what[96];
        snprintf(what, sizeof what, "roster:%s:%04d-%02d", office_id(ref.office), ref.year,
                 ref.month);
        confirm_page(c, &a, &ref, &v, ROSTER_PATH "/publish", what, fields, T_ROSTER_FORCE_PUBLISH);
    } else {
        month_refused(c, &a, &ref, r, err);
    }
    svc_roster_view_free(&v);
}

/* ---- one duty ----------------------------------------------------------------------------- */

/* The date and duty of a duty page or form, inside the month. */
static bool date_duty(const struct svc_roster_ref *ref, const char *date, const char *duty,
                      fh_day *day, enum sched_duty *d)
{
    int y, m, dd;
    if (date == NULL || duty == NULL || fh_parse_date(date, day) != NULL ||
        sched_duty_parse(duty, d) != NULL)
        return false;
    fh_day_to_ymd(*day, &y, &m, &dd);
    return y == ref->year && m == ref->month;
}

/* The duty page: the people the rules allow as boxes to tick, those not
 * offered with the reason, and the pin or ban form. rule: the English
 * reason of a refused edit, or NULL. */
static void duty_page(struct web_page *p, const struct web_admin *a,
                      const struct svc_roster_ref *ref, fh_day day, enum sched_duty duty,
                      const char *rule, const char *rule_person, int status)
{
    struct http_ctx *c = p->c;
    struct web_buf *b = &p->b;
    struct svc_roster_candidate *cand = NULL;
    size_t n = 0;
    bool open = false;
    struct svc_roster_view v;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_roster_show(ref, &v, err, sizeof err);
    if (r == FH_OK)
        r = svc_roster_candidates(ref, day, duty, &cand, &n, &open, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "roster: %s", err);
        svc_roster_view_free(&v);
        web_buf_free(&p->b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, office_id(ref->office));
    char date[FH_DATE_LEN], month[16], what[96], back[256], version[16];
    fh_format_date(day, date);
    snprintf(month, sizeof month, "%04d-%02d", ref->year, ref->month);
    snprintf(version, sizeof version, "%d", v.stored.version);
    roster_href(back, sizeof back, office_id(ref->office), ref->year, ref->month,
                p->en ? "lang=en" : NULL);
    web_admin_begin(p, a, web_t(p, T_ROSTER_DUTY_TITLE));
    web_back_link(p, back);
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_ROSTER_DUTY_TITLE));
    web_html(b, "<span class=\"fh-caption\"> ");
    web_date(p, day, false);
    web_html(b, " ");
    web_txt(b, duty_word(p, duty));
    web_html(b, "</span></h1>\n");
    if (rule != NULL) {
        char line[256];
        snprintf(line, sizeof line, "%s%s%s", person_name(roster, rule_person), p->en ? ": " : "：",
                 p->en ? rule : fh_zh(rule));
        warning(p, "rule-broken", line);
    }
    const struct svc_roster_short *sf = short_of(&v, day, duty);
    if (sf != NULL) {
        web_html(b, "<p class=\"fh-body\"><strong class=\"fh-tag fh-tag--pending\">");
        short_words(p, sf);
        web_html(b, "</strong></p>\n");
    }
    if (!open) {
        web_html(b, "<p class=\"fh-body\" id=\"no-window\">");
        web_txt(b, web_t(p, T_ROSTER_NO_WINDOW));
        web_html(b, "</p>\n");
    }
    snprintf(what, sizeof what, "roster-duty:%s:%s:%s", office_id(ref->office), date,
             sched_duty_name(duty));
    web_html(b, "<form method=\"post\" action=\"" DUTY_PATH "\" novalidate>\n");
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", office_id(ref->office));
    hidden(b, "month", month);
    hidden(b, "date", date);
    hidden(b, "duty", sched_duty_name(duty));
    hidden(b, "version", version);
    hidden_lang(p);
    const struct web_fault *f = web_fault_of(p, "people");
    web_html(b,
             f != NULL ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\" aria-describedby=\"people-hint\" id=\"people\">"
                "<legend class=\"fh-legend\">");
    web_txt(b, web_t(p, T_ROSTER_DUTY_PEOPLE));
    web_html(b, "</legend>\n<p class=\"fh-hint\" id=\"people-hint\">");
    web_txt(b, web_t(p, T_ROSTER_DUTY_PEOPLE_HINT));
    web_html(b, "</p>\n");
    web_field_error(p, NULL, f);
    web_html(b, "<div class=\"fh-radios\" id=\"candidates\">\n");
    for (size_t i = 0; i < n; i++) {
        if (!cand[i].allowed)
            continue;
        web_html(b, "<div class=\"fh-radio\"><input type=\"checkbox\" id=\"s-");
        web_attr(b, cand[i].id);
        web_html(b, "\" name=\"s-");
        web_attr(b, cand[i].id);
        web_html(b, cand[i].on ? "\" value=\"1\" checked>" : "\" value=\"1\">");
        web_html(b, "<label for=\"s-");
        web_attr(b, cand[i].id);
        web_html(b, "\">");
        person(b, roster, cand[i].id);
        web_html(b, "</label></div>\n");
    }
    web_html(b, "</div>\n</fieldset></div>\n");
    button(b, "", web_t(p, T_ROSTER_DUTY_SAVE));
    web_html(b, "</form>\n");
    /* Who is not offered, and why: the manager can then fix the cause
     * (a leave, a cap) instead of guessing. */
    size_t off = 0;
    for (size_t i = 0; i < n; i++)
        off += !cand[i].allowed;
    if (off > 0 && open) {
        web_html(b, "<details class=\"fh-details\" id=\"not-offered\"><summary>");
        web_txt(b, web_t(p, T_ROSTER_NOT_OFFERED));
        web_htmlf(b, " (%zu)</summary>\n<ul class=\"fh-list fh-list--bullet\">\n", off);
        for (size_t i = 0; i < n; i++) {
            if (cand[i].allowed)
                continue;
            web_html(b, "<li>");
            person(b, roster, cand[i].id);
            web_html(b, p->en ? ": " : "：");
            web_txt(b, p->en ? cand[i].why : fh_zh(cand[i].why));
            web_html(b, "</li>\n");
        }
        web_html(b, "</ul>\n</details>\n");
    }
    /* Pins and bans of this duty. */
    web_html(b, "<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(p, T_ROSTER_PIN_HEADING));
    web_html(b, "</h2>\n<p class=\"fh-hint\">");
    web_txt(b, web_t(p, T_ROSTER_PIN_HINT));
    web_html(b, "</p>\n<form method=\"post\" action=\"" ROSTER_PATH "/pin\" novalidate>\n");
    snprintf(what, sizeof what, "roster-pin:%s:%s", office_id(ref->office), month);
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", office_id(ref->office));
    hidden(b, "month", month);
    hidden(b, "date", date);
    hidden(b, "duty", sched_duty_name(duty));
    hidden_lang(p);
    web_html(b, "<div class=\"fh-field\"><label class=\"fh-label\" for=\"pin-staff\">");
    web_txt(b, web_t(p, T_ROSTER_STAFF));
    web_html(b, "</label>\n<select class=\"fh-select\" id=\"pin-staff\" name=\"staff\">\n");
    for (size_t i = 0; i < n; i++) {
        web_html(b, "<option value=\"");
        web_attr(b, cand[i].id);
        web_html(b, "\">");
        web_txt(b, cand[i].name);
        web_html(b, " (");
        web_txt(b, cand[i].id);
        web_html(b, ")</option>\n");
    }
    web_html(b, "</select></div>\n<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(p, T_ROSTER_PIN_KIND));
    web_html(b, "</legend>\n<div class=\"fh-radios\">\n<div class=\"fh-radio\"><input "
                "type=\"radio\" id=\"kind-pin\" name=\"kind\" value=\"pin\" checked><label "
                "for=\"kind-pin\">");
    web_txt(b, web_t(p, T_ROSTER_PIN));
    web_html(b, "</label></div>\n<div class=\"fh-radio\"><input type=\"radio\" id=\"kind-ban\" "
                "name=\"kind\" value=\"ban\"><label for=\"kind-ban\">");
    web_txt(b, web_t(p, T_ROSTER_BAN));
    web_html(b, "</label></div>\n</div>\n</fieldset>\n");
    button(b, " fh-button--secondary", web_t(p, T_ROSTER_PIN_SAVE));
    web_html(b, "</form>\n");
    free(cand);
    svc_roster_view_free(&v);
    web_page_send(p, status);
}

void web_roster_duty(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "month", "date", "duty", "lang", NULL};
    struct web_admin a;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER) ||
        !query_ok(c, allowed))
        return;
    const struct sched_office *o = web_admin_office(c, &a, http_query(c, "office"));
    if (o == NULL)
        return;
    int year, month;
    fh_day day;
    enum sched_duty duty;
    struct svc_roster_ref ref;
    if (svc_roster_month_parse(http_query(c, "month"), &year, &month) != NULL) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    svc_roster_ref_init(&ref, c->svc, o, year, month);
    if (!date_duty(&ref, http_query(c, "date"), http_query(c, "duty"), &day, &duty)) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    duty_page(&p, &a, &ref, day, duty, NULL, NULL, HTTP_OK);
}

void web_roster_duty_post(struct http_ctx *c)
{
    static const char *const fields[] = {"office", "month", "date", "duty", "version", NULL};
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const struct sched_office *o = web_admin_office(c, &a, http_form(c, "office"));
    if (o == NULL)
        return;
    int year, month;
    fh_day day;
    enum sched_duty duty;
    struct svc_roster_ref ref;
    const char *m = http_form(c, "month");
    if (m == NULL || svc_roster_month_parse(m, &year, &month) != NULL) {
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_FORM_ONLY);
        return;
    }
    svc_roster_ref_init(&ref, c->svc, o, year, month);
    const char *date = http_form(c, "date");
    if (!date_duty(&ref, date, http_form(c, "duty"), &day, &duty)) {
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_FORM_ONLY);
        return;
    }
    char what[96];
    snprintf(what, sizeof what, "roster-duty:%s:%s:%s", office_id(o), date, sched_duty_name(duty));
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    /* The people ticked: a box per configured person, s-ID. */
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, office_id(o));
    size_t count = 0, cap = roster != NULL ? roster->staff_count : 0;
    const char **ids = fh_calloc(cap + 1, sizeof *ids);
    for (size_t s = 0; s < cap; s++) {
        char name[64];
        snprintf(name, sizeof name, "s-%s", roster->staff[s].id);
        if (http_form(c, name) != NULL)
            ids[count++] = roster->staff[s].id;
    }
    const char *vs = http_form(c, "version"), *force = http_form(c, "force");
    long version = -1;
    if (!whole(vs, 0, INT32_MAX, &version))
        version = -1;
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    who_of(&a, who);
    struct svc_roster_view v;
    fh_result r =
        svc_roster_edit(&ref, day, duty, ids, count, (int)version,
                        force != NULL && strcmp(force, "1") == 0, who, &v, err, sizeof err);
    free(ids);
    if (r == FH_OK) {
        redirect_done(c, &ref, "edited");
    } else if (r == FH_EREFUSED) {
        confirm_page(c, &a, &ref, &v, DUTY_PATH, what, fields, T_ROSTER_FORCE_EDIT);
    } else if (r == FH_ECONFLICT || r == FH_EINVAL) {
        struct web_page p;
        web_page_init(&p, c);
        web_fault(&p, "people",
                  r == FH_ECONFLICT ? T_ROSTER_VERSION_CONFLICT : T_ROSTER_RULE_BROKEN);
        /* "ID cannot take the DUTY duty of DATE: RULE": the person and the
         * rule, shown in words. */
        char who_id[64] = "";
        const char *rule = NULL;
        if (r == FH_EINVAL && strstr(err, " cannot take ") != NULL) {
            snprintf(who_id, sizeof who_id, "%.*s", (int)(strstr(err, " cannot take ") - err), err);
            const char *colon = strrchr(err, ':');
            rule = colon != NULL ? colon + 2 : NULL;
        }
        duty_page(&p, &a, &ref, day, duty, rule, who_id,
                  r == FH_ECONFLICT ? HTTP_CONFLICT : HTTP_UNPROCESSABLE_CONTENT);
    } else {
        fh_log(FH_LOG_ERROR, "roster: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
    }
    svc_roster_view_free(&v);
}

/* ---- pins and bans --------------------------------------------------------------------------- */

static void pin_post(struct http_ctx *c, bool set)
{
    struct web_admin a;
    struct svc_roster_ref ref;
    if (!posted_month(c, &a, "roster-pin", &ref))
        return;
    fh_day day;
    enum sched_duty duty;
    const char *staff = http_form(c, "staff"), *kind = http_form(c, "kind");
    if (!date_duty(&ref, http_form(c, "date"), http_form(c, "duty"), &day, &duty)) {
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_FORM_ONLY);
        return;
    }
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    who_of(&a, who);
    fh_result r =
        set ? svc_roster_pin(&ref, day, duty, staff, kind != NULL && strcmp(kind, "ban") == 0, who,
                             err, sizeof err)
            : svc_roster_unpin(&ref, day, duty, staff, who, err, sizeof err);
    if (r == FH_OK)
        redirect_done(c, &ref, set ? "pinned" : "unpinned");
    else if (r == FH_EINVAL || r == FH_ENOTFOUND)
        web_error(c, HTTP_UNPROCESSABLE_CONTENT, T_ERROR_HEADING, T_ROSTER_STAFF_WRONG);
    else {
        fh_log(FH_LOG_ERROR, "roster pin: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
    }
}

void web_roster_pin_post(struct http_ctx *c)
{
    pin_post(c, true);
}

void web_roster_unpin_post(struct http_ctx *c)
{
    pin_post(c, false);
}

/* ---- compensatory time ---------------------------------------------------------------------- */

static void minutes_cell(struct web_page *p, int minutes)
{
    web_htmlf(&p->b, "%d", minutes);
    web_txt(&p->b, web_t(p, T_COMP_MINUTES_UNIT));
}

static void comp_page(struct web_page *p, const struct web_admin *a,
                      const struct sched_office *office, int status)
{
    struct http_ctx *c = p->c;
    struct web_buf *b = &p->b;
    struct svc_comp_person *people = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    const struct cfg_roster *roster = cfg_office_roster(c->svc->cfg, office_id(office));
    fh_result r = FH_OK;
    if (roster != NULL && roster->staff_count > 0) {
        const struct sched_calendar *cal = svc_calendar_hold(c->svc);
        r = svc_comp_ledger(c->svc->cfg, c->svc->store, cal, office, NULL, today_of(office),
                            &people, &n, err, sizeof err);
        svc_calendar_release(c->svc);
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "comp: %s", err);
        web_buf_free(&p->b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_admin_begin(p, a, web_t(p, T_COMP_TITLE));
    web_back_link(p, "/admin/");
    const char *done = http_query(c, "done");
    if (done != NULL && strcmp(done, "taken") == 0 && p->fault_count == 0)
        done_panel(p, T_COMP_DONE);
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_COMP_TITLE));
    web_html(b, "<span class=\"fh-caption\"> ");
    web_txt(b, web_admin_office_name(p, office_id(office)));
    web_html(b, "</span></h1>\n");
    web_html(b, "<form method=\"get\" action=\"" COMP_PATH "\">\n<div class=\"fh-filter\">\n");
    office_select(p, a, office_id(office));
    web_html(b, "</div>\n");
    hidden_lang(p);
    button(b, " fh-button--secondary", web_t(p, T_ROSTER_SHOW));
    web_html(b, "</form>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\">");
        web_txt(b, web_t(p, T_COMP_NO_STAFF));
        web_html(b, "</p>\n");
        web_page_send(p, status);
        return;
    }
    web_html(b, "<p class=\"fh-body\" id=\"comp-rule\">");
    web_txt(b, web_t(p, T_COMP_RULE));
    web_html(b, "</p>\n<div class=\"fh-table-wrap\" role=\"region\" "
                "aria-labelledby=\"comp-caption\" tabindex=\"0\">\n<table class=\"fh-table\" "
                "id=\"comp\">\n<caption id=\"comp-caption\">");
    web_txt(b, web_t(p, T_COMP_CAPTION));
    web_html(b, "</caption>\n<thead><tr>");
    static const enum web_text heads[] = {T_ROSTER_STAFF, T_COMP_EARNED, T_COMP_TAKEN, T_COMP_OWED,
                                          T_COMP_OVERDUE};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        web_html(b, "<tr id=\"comp-");
        web_attr(b, people[i].id);
        web_html(b, "\"><th scope=\"row\">");
        person(b, roster, people[i].id);
        web_html(b, "</th><td>");
        minutes_cell(p, people[i].earned);
        web_html(b, "</td><td>");
        minutes_cell(p, people[i].taken);
        web_html(b, "</td><td class=\"comp-owed\"><strong>");
        minutes_cell(p, people[i].owed);
        web_html(b, "</strong></td><td>");
        if (people[i].overdue > 0) {
            web_html(b, "<strong class=\"fh-tag fh-tag--pending\">");
            minutes_cell(p, people[i].overdue);
            web_html(b, "</strong>");
        } else {
            web_html(b, "–");
        }
        web_html(b, "</td></tr>\n");
    }
    web_html(b, "</tbody>\n</table>\n</div>\n");
    /* Each earning with its take-by day, in one table behind a summary. */
    web_html(b, "<details class=\"fh-details\" id=\"comp-details\"><summary>");
    web_txt(b, web_t(p, T_COMP_DETAILS));
    web_html(b, "</summary>\n<div class=\"fh-table-wrap\" role=\"region\" "
                "aria-labelledby=\"earn-caption\" tabindex=\"0\">\n<table class=\"fh-table\" "
                "id=\"earnings\">\n<caption id=\"earn-caption\">");
    web_txt(b, web_t(p, T_COMP_DETAILS));
    web_html(b, "</caption>\n<thead><tr>");
    static const enum web_text eheads[] = {T_ROSTER_STAFF, T_ROSTER_DATE,  T_ROSTER_DUTY,
                                           T_COMP_EARNED,  T_COMP_TAKE_BY, T_COMP_LEFT};
    for (size_t i = 0; i < sizeof eheads / sizeof eheads[0]; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, eheads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < people[i].earning_count; k++) {
            const struct svc_comp_earning *e = &people[i].earnings[k];
            web_html(b, "<tr><td><bdi>");
            web_txt(b, people[i].name);
            web_html(b, "</bdi></td><td class=\"fh-nowrap\">");
            web_date(p, e->day, false);
            web_html(b, "</td><td>");
            web_txt(b, duty_word(p, e->duty));
            web_html(b, "</td><td>");
            minutes_cell(p, e->minutes);
            web_html(b, "</td><td class=\"fh-nowrap\">");
            web_date(p, e->take_by, false);
            web_html(b, "</td><td>");
            minutes_cell(p, e->left);
            if (e->overdue) {
                web_html(b, " <strong class=\"fh-tag fh-tag--pending\">");
                web_txt(b, web_t(p, T_COMP_OVERDUE));
                web_html(b, "</strong>");
            }
            web_html(b, "</td></tr>\n");
        }
    }
    web_html(b, "</tbody>\n</table>\n</div>\n</details>\n");
    /* Recording time taken. */
    web_html(b, "<h2 class=\"fh-heading-m\" id=\"take\">");
    web_txt(b, web_t(p, T_COMP_TAKE_HEADING));
    web_html(b, "</h2>\n<form method=\"post\" action=\"" COMP_PATH "\" novalidate>\n");
    char what[96];
    snprintf(what, sizeof what, "comp:%s", office_id(office));
    web_admin_csrf_field(p, a, what);
    hidden(b, "office", office_id(office));
    hidden_lang(p);
    const char *chosen = http_form(c, "staff");
    const struct web_fault *f = web_fault_of(p, "staff");
    web_html(b,
             f != NULL ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<label class=\"fh-label\" for=\"staff\">");
    web_txt(b, web_t(p, T_ROSTER_STAFF));
    web_html(b, "</label>\n");
    web_field_error(p, "staff", f);
    web_html(b, "<select class=\"fh-select\" id=\"staff\" name=\"staff\">\n");
    for (size_t i = 0; i < n; i++) {
        web_html(b, "<option value=\"");
        web_attr(b, people[i].id);
        web_html(b, chosen != NULL && strcmp(chosen, people[i].id) == 0 ? "\" selected>" : "\">");
        web_txt(b, people[i].name);
        web_html(b, " (");
        web_txt(b, people[i].id);
        web_htmlf(b, ") – %d", people[i].owed);
        web_txt(b, web_t(p, T_COMP_MINUTES_UNIT));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n");
    web_input(p, &(struct web_input){"date", T_COMP_DATE, T_AUDIT_DATE_HINT, http_form(c, "date"),
                                     "text", "off", true, true});
    web_input(p, &(struct web_input){"minutes", T_COMP_MINUTES, T_COMP_MINUTES_HINT,
                                     http_form(c, "minutes"), "text", "off", true, true});
    web_input(p, &(struct web_input){"note", T_COMP_NOTE, T_NONE, http_form(c, "note"), "text",
                                     "off", false, false});
    button(b, "", web_t(p, T_COMP_SAVE));
    web_html(b, "</form>\n");
    svc_comp_ledger_free(people, n);
    web_page_send(p, status);
}

void web_comp(struct http_ctx *c)
{
    static const char *const allowed[] = {"office", "done", "lang", NULL};
    struct web_admin a;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER) ||
        !query_ok(c, allowed))
        return;
    const struct sched_office *o = page_office(c, &a, http_query(c, "office"));
    if (o == NULL)
        return;
    struct web_page p;
    web_page_init(&p, c);
    comp_page(&p, &a, o, HTTP_OK);
}

void web_comp_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const struct sched_office *o = web_admin_office(c, &a, http_form(c, "office"));
    if (o == NULL)
        return;
    char what[96];
    snprintf(what, sizeof what, "comp:%s", office_id(o));
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    struct svc_comp_input in = {http_form(c, "staff"), http_form(c, "date"), http_form(c, "note"),
                                -1};
    const char *ms = http_form(c, "minutes");
    long minutes;
    if (whole(ms, 1, 1440, &minutes))
        in.minutes = minutes;
    if (in.note != NULL && in.note[0] == '\0')
        in.note = NULL;
    char who[STORE_WHO_LEN], err[FH_ERR_LEN] = "";
    const char *field = NULL;
    who_of(&a, who);
    fh_result r = svc_comp_take(c->svc, o, &in, who, &field, err, sizeof err);
    if (r == FH_OK) {
        const char *lang = http_form(c, "lang");
        char href[160];
        snprintf(href, sizeof href, COMP_PATH "?office=%s&done=taken%s", office_id(o),
                 lang != NULL && strcmp(lang, "en") == 0 ? "&lang=en" : "");
        web_redirect(c, href);
        return;
    }
    if (field == NULL) {
        fh_log(FH_LOG_ERROR, "comp: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    enum web_text t = r == FH_EREFUSED                ? T_COMP_OVERDRAWN
                      : strcmp(field, "staff") == 0   ? T_ROSTER_STAFF_WRONG
                      : strcmp(field, "date") == 0    ? T_AUDIT_DATE_WRONG
                      : strcmp(field, "minutes") == 0 ? T_COMP_MINUTES_WRONG
                                                      : T_COMP_NOTE_WRONG;
    web_fault(&p, field, t);
    comp_page(&p, &a, o, HTTP_UNPROCESSABLE_CONTENT);
}
