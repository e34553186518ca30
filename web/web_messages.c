/* web_messages.c: the manager page of the outbox: the messages queued,
 * sent, failed (with the last error) and dropped, filtered by status and
 * office, newest first, each recipient masked; a failed one may be queued
 * again (audited as message-retry). */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGES_MAX 200

static const struct {
    const char *value;
    enum web_text word;
} statuses[] = {
    {"queued", T_MSG_QUEUED},
    {"sent", T_MSG_SENT},
    {"failed", T_MSG_FAILED},
    {"dropped", T_MSG_DROPPED},
};

static enum web_text status_word(enum store_msg_status s)
{
    return (size_t)s < sizeof statuses / sizeof statuses[0] ? statuses[s].word : T_NONE;
}

/* Whether the person may see a message: one of their offices (a manager of
 * every office sees all). */
static bool visible(const struct web_admin *a, const struct store_message *m)
{
    return strcmp(a->u.offices, "*") == 0 || store_offices_include(a->u.offices, m->office);
}

/* What a message is about, in the page's words (not the store's codes). */
static enum web_text kind_text(enum store_msg_kind kind)
{
    switch (kind) {
    case STORE_MSG_PENDING:
        return T_MSG_PENDING;
    case STORE_MSG_CONFIRMED:
        return T_MSG_CONFIRMED;
    case STORE_MSG_RESCHEDULED:
        return T_MSG_RESCHEDULED;
    case STORE_MSG_CANCELLED:
        return T_MSG_CANCELLED;
    case STORE_MSG_CLOSED:
        return T_MSG_CLOSED;
    case STORE_MSG_REMINDER:
        return T_MSG_REMINDER;
    case STORE_MSG_ROSTER_PUBLISHED:
        return T_MSG_ROSTER_PUBLISHED;
    case STORE_MSG_ROSTER_CHANGED:
        return T_MSG_ROSTER_CHANGED;
    case STORE_MSG_DUTY_NEEDED:
        return T_MSG_DUTY_NEEDED;
    case STORE_MSG_DUTY_CLOSED:
        return T_MSG_DUTY_CLOSED;
    case STORE_MSG_WEBHOOK:
        return T_MSG_WEBHOOK;
    case STORE_MSG_NO_SHOW_WARNING:
        return T_MSG_NO_SHOW_WARNING;
    case STORE_MSG_WAITLIST_OFFER:
        return T_MSG_WAITLIST_OFFER;
    case STORE_MSG_SURVEY:
        return T_MSG_SURVEY;
    case STORE_MSG_DRAW_RESULT:
        return T_MSG_DRAW_RESULT;
    }
    return T_NONE;
}

/* Who the message goes to, masked: the booking's holder, the member of
 * staff, or the office's mailbox. */
static void recipient(struct web_page *p, const struct store_message *m)
{
    struct http_ctx *c = p->c;
    if (m->kind == STORE_MSG_DUTY_NEEDED) {
        const struct sched_office *o = cfg_office(c->svc->cfg, m->office);
        web_admin_mask_contact(p, o != NULL ? sched_office_spec(o)->email : NULL, NULL);
        return;
    }
    if (m->offer_id != 0) {
        struct store_offer o;
        struct store_wait_entry e;
        char err[FH_ERR_LEN] = "";
        if (store_offer_for_message(c->svc->store, m->offer_id, &o, &e, err, sizeof err) != FH_OK) {
            web_txt(&p->b, "–");
            return;
        }
        web_admin_mask_contact(p, m->channel == STORE_EMAIL ? e.email : NULL,
                               m->channel == STORE_SMS ? e.phone : NULL);
        fh_wipe(&e, sizeof e);
        return;
    }
    if (m->booking_id == 0) {
        const struct cfg_roster *r = cfg_office_roster(c->svc->cfg, m->office);
        int k = r != NULL ? cfg_staff_index(r, m->staff) : -1;
        web_admin_mask_contact(p, k >= 0 ? r->staff[k].email : NULL, NULL);
        return;
    }
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    if (store_booking_by_id(c->svc->store, m->booking_id, &b, err, sizeof err) != FH_OK) {
        web_txt(&p->b, "–");
        return;
    }
    web_admin_mask_contact(p, m->channel == STORE_EMAIL ? b.email : NULL,
                           m->channel == STORE_SMS ? b.phone : NULL);
    fh_wipe(&b, sizeof b);
}

static void messages_table(struct web_page *p, const struct web_admin *a,
                           const struct store_message *list, size_t n, const char *status)
{
    struct web_buf *b = &p->b;
    struct http_ctx *c = p->c;
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"messages-none\">");
        web_txt(b, web_t(p, T_MESSAGES_NONE));
        web_html(b, "</p>\n");
        return;
    }
    web_html(b, "<div class=\"fh-table-wrap\" role=\"region\" aria-labelledby=\"messages-caption\" "
                "tabindex=\"0\">\n<table class=\"fh-table\" id=\"messages\">\n"
                "<caption id=\"messages-caption\">");
    web_txt(b, web_t(p, T_MESSAGES_COUNT));
    web_htmlf(b, "%zu", n);
    web_html(b, "</caption>\n<thead><tr>");
    static const enum web_text heads[] = {T_COL_CREATED,  T_COL_KIND,  T_COL_CHANNEL,
                                          T_COL_TO,       T_COL_ABOUT, T_COL_STATUS,
                                          T_COL_ATTEMPTS, T_COL_ERROR, T_COL_ACTION};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[i]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct store_message *m = &list[i];
        const struct sched_office *o = cfg_office(c->svc->cfg, m->office);
        int offset = o != NULL ? sched_office_spec(o)->utc_offset : 480;
        char when[FH_TIME_LEN];
        fh_format_local(fh_local_from_utc(m->created_at, offset), offset, when);
        web_htmlf(b, "<tr id=\"message-%lld\"><td class=\"fh-nowrap\">", (long long)m->id);
        web_htmlf(b, "%.10s<br>%.5s", when, when + 11);
        web_html(b, "</td><td>");
        web_txt(b, web_t(p, kind_text(m->kind)));
        web_html(b, "</td><td>");
        web_txt(b, web_t(p, m->channel == STORE_SMS       ? T_TOLD_SMS
                            : m->channel == STORE_WEBHOOK ? T_TOLD_WEBHOOK
                                                          : T_TOLD_EMAIL));
        web_html(b, "</td><td>");
        recipient(p, m);
        web_html(b, "</td><td>");
        web_txt(b, m->code[0] != '\0' ? m->code : m->staff[0] != '\0' ? m->staff : m->office);
        web_html(b, "</td><td>");
        web_txt(b, web_t(p, status_word(m->status)));
        web_htmlf(b, "</td><td>%d</td><td>", m->attempts);
        web_txt(b, m->last_error[0] != '\0' ? m->last_error : "–");
        web_html(b, "</td><td>");
        if (m->status == STORE_MSG_FAILED) {
            char what[48];
            web_htmlf(b, "<form method=\"post\" action=\"/admin/messages/%lld/retry\">\n",
                      (long long)m->id);
            snprintf(what, sizeof what, "retry:%lld", (long long)m->id);
            web_admin_csrf_field(p, a, what);
            if (status != NULL) {
                web_html(b, "<input type=\"hidden\" name=\"status\" value=\"");
                web_attr(b, status);
                web_html(b, "\">\n");
            }
            web_html(b, "<button type=\"submit\" class=\"fh-button fh-button--secondary\">");
            web_txt(b, web_t(p, T_RETRY_BUTTON));
            web_htmlf(b, "<span class=\"fh-visually-hidden\"> #%lld</span></button>\n</form>",
                      (long long)m->id);
        } else {
            web_txt(b, "–");
        }
        web_html(b, "</td></tr>\n");
    }
    web_html(b, "</tbody>\n</table>\n</div>\n");
}

void web_admin_messages(struct http_ctx *c)
{
    static const char *const allowed[] = {"status", "office", "done", "lang", NULL};
    struct web_admin a;
    const char *bad;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    if (http_query_check(c, allowed, &bad) != NULL) {
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    const struct fh_config *cfg = c->svc->cfg;
    const char *office = http_query(c, "office");
    if (office != NULL && office[0] == '\0')
        office = NULL;
    if (office != NULL && web_admin_office(c, &a, office) == NULL)
        return;
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *b = &p.b;
    const char *status = http_query(c, "status");
    int st = -1;
    if (status != NULL && status[0] == '\0')
        status = NULL;
    for (size_t i = 0; status != NULL && i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcmp(status, statuses[i].value) == 0)
            st = (int)i;
    if (status != NULL && st < 0) {
        web_buf_free(&p.b);
        web_error(c, HTTP_BAD_REQUEST, T_ERROR_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    struct store_message *all = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    /* Read more than shown: the office filter comes after. */
    if (p.fault_count == 0 && store_outbox_list(c->svc->store, st, MESSAGES_MAX * 4, &all, &n, err,
                                                sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "messages: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < MESSAGES_MAX; i++)
        if (visible(&a, &all[i]) && (office == NULL || strcmp(all[i].office, office) == 0))
            all[shown++] = all[i];

    web_admin_begin(&p, &a, web_t(&p, T_MESSAGES_TITLE));
    web_back_link(&p, "/admin/");
    const char *done = http_query(c, "done");
    if (done != NULL && strcmp(done, "retried") == 0) {
        web_html(b, "<div class=\"fh-panel\" role=\"status\" id=\"done\"><h2 "
                    "class=\"fh-panel__title\">");
        web_txt(b, web_t(&p, T_RETRY_DONE));
        web_html(b, "</h2></div>\n");
    }
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_MESSAGES_TITLE));
    web_html(b, "</h1>\n<form method=\"get\" action=\"/admin/messages\" novalidate>\n"
                "<fieldset class=\"fh-fieldset\"><legend class=\"fh-legend\">");
    web_txt(b, web_t(&p, T_AUDIT_FILTER));
    web_html(b, "</legend>\n<div class=\"fh-filter\">\n<div class=\"fh-field\"><label "
                "class=\"fh-label\" for=\"status\">");
    web_txt(b, web_t(&p, T_MESSAGES_STATUS));
    web_html(b, "</label>\n<select class=\"fh-select\" id=\"status\" name=\"status\">\n"
                "<option value=\"\">");
    web_txt(b, web_t(&p, T_MESSAGES_ALL));
    web_html(b, "</option>\n");
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        web_html(b, "<option value=\"");
        web_attr(b, statuses[i].value);
        web_html(b, (int)i == st ? "\" selected>" : "\">");
        web_txt(b, web_t(&p, statuses[i].word));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n<div class=\"fh-field\"><label class=\"fh-label\" "
                "for=\"office\">");
    web_txt(b, web_t(&p, T_AUDIT_OFFICE));
    web_html(b, "</label>\n<select class=\"fh-select\" id=\"office\" name=\"office\">\n"
                "<option value=\"\">");
    web_txt(b, web_t(&p, T_AUDIT_ALL_OFFICES));
    web_html(b, "</option>\n");
    for (size_t i = 0; i < cfg->office_count; i++) {
        const char *id = sched_office_spec(cfg->offices[i])->id;
        if (!store_offices_include(a.u.offices, id))
            continue;
        web_html(b, "<option value=\"");
        web_attr(b, id);
        web_html(b, office != NULL && strcmp(office, id) == 0 ? "\" selected>" : "\">");
        web_txt(b, web_admin_office_name(&p, id));
        web_html(b, "</option>\n");
    }
    web_html(b, "</select></div>\n</div>\n");
    if (p.en)
        web_html(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    web_html(b, "<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(&p, T_AUDIT_SHOW));
    web_html(b, "</button>\n</fieldset>\n</form>\n");
    if (p.fault_count == 0)
        messages_table(&p, &a, all, shown, status);
    free(all);
    web_page_send(&p, p.fault_count > 0 ? HTTP_UNPROCESSABLE_CONTENT : HTTP_OK);
}

void web_admin_message_retry_post(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_form_body(c) || !web_admin_signed_in(c, &a) ||
        !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const char *id_text = c->params[0];
    char *end = NULL;
    long long id = id_text != NULL ? strtoll(id_text, &end, 10) : 0;
    if (id <= 0 || end == NULL || *end != '\0') {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    char what[48];
    snprintf(what, sizeof what, "retry:%lld", id);
    if (!web_admin_csrf_ok(c, &a, what))
        return;
    struct store_message m;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_outbox_get(c->svc->store, id, &m, err, sizeof err);
    if (r == FH_ENOTFOUND) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return;
    }
    if (r == FH_OK && !visible(&a, &m)) {
        web_admin_forbidden(c);
        return;
    }
    char by[STORE_WHO_LEN];
    snprintf(by, sizeof by, "user:%s", a.u.id);
    if (r == FH_OK)
        r = store_outbox_requeue(c->svc->store, id, by, fh_clock_now(), err, sizeof err);
    if (r == FH_ECONFLICT) {
        web_error(c, HTTP_CONFLICT, T_ERROR_HEADING, T_RETRY_NOT_FAILED);
        return;
    }
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "message retry: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    const char *status = http_form(c, "status");
    bool keep = status != NULL && strspn(status, "abcdefghijklmnopqrstuvwxyz") == strlen(status) &&
                status[0] != '\0' && strlen(status) < 10;
    char *to =
        fh_asprintf("/admin/messages?done=retried%s%s", keep ? "&status=" : "", keep ? status : "");
    web_redirect(c, to);
    free(to);
}
