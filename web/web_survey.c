/* web_survey.c: the satisfaction survey a completed booking's message links
 * to (/b/CODE/survey?k=KEY, the booking's own link key): three scores of 1
 * to 5 as radios and an optional comment, one POST, answered once. No
 * sign-in, no JavaScript; what the person is told when it was answered
 * already, is not open yet, or is closed. */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The three questions, in the order they are asked. */
static const struct {
    const char *field;
    enum web_text question;
} questions[] = {
    {"waiting", T_SURVEY_WAITING},
    {"courtesy", T_SURVEY_COURTESY},
    {"overall", T_SURVEY_OVERALL},
};
#define QUESTIONS (sizeof questions / sizeof questions[0])

/* The booking of the path with the key of the query, and its survey's
 * state; answers 404 (the same for an unknown code and a wrong key, and
 * counted as a guess) or 500 and returns false when it does not open. */
static bool open_survey(struct http_ctx *c, struct store_booking *b,
                        const struct sched_office **office, enum sched_survey *state)
{
    int wait = http_guess_wait(c);
    if (wait > 0) {
        http_retry_after(c, wait);
        web_error(c, HTTP_TOO_MANY_REQUESTS, T_TOO_MANY_HEADING, T_TOO_MANY_BODY);
        return false;
    }
    const char *key = http_query(c, "k");
    char err[FH_ERR_LEN] = "";
    fh_result r = FH_ENOTFOUND;
    if (key != NULL && strlen(key) == STORE_TOKEN_LEN)
        r = svc_survey_state(c->svc, c->params[0], key, b, office, state, err, sizeof err);
    if (r == FH_OK)
        return true;
    fh_wipe(b, sizeof *b);
    if (r != FH_ENOTFOUND && r != FH_EAUTH) {
        fh_log(FH_LOG_ERROR, "survey: %s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return false;
    }
    http_guess_failed(c);
    web_error(c, HTTP_NOT_FOUND, T_BOOKING_NOT_FOUND, T_BOOKING_NOT_FOUND_BODY);
    return false;
}

/* Which visit the survey is about: the service, the day and the office. */
static void visit_inset(struct web_page *p, const struct store_booking *b,
                        const struct sched_office *office)
{
    struct web_buf *bf = &p->b;
    int service = sched_office_service_index(office, b->service);
    web_html(bf, "<div class=\"fh-inset\"><p><strong>");
    web_txt(bf, web_t(p, T_SURVEY_VISIT));
    web_html(bf, "</strong><br>");
    if (service >= 0) {
        web_txt(bf, web_service_name(p, office, service));
        web_html(bf, "<br>");
    }
    web_date(p, fh_day_of(b->start), false);
    web_html(bf, " ");
    web_span(p, b->start, b->end);
    web_html(bf, "<br>");
    const struct sched_office_spec *o = sched_office_spec(office);
    web_txt(bf, web_pick(p, o->name_zh, o->name_en));
    web_html(bf, "</p></div>\n");
}

/* A page that only tells (thanks, answered already, not open, closed). */
static void notice_page(struct http_ctx *c, const struct store_booking *b,
                        const struct sched_office *office, enum web_text title, enum web_text body,
                        int status)
{
    struct web_page p;
    web_page_init(&p, c);
    struct web_buf *bf = &p.b;
    web_page_begin(&p, web_t(&p, title));
    web_html(bf, "<div class=\"fh-panel\" role=\"status\" id=\"survey-notice\">"
                 "<h1 class=\"fh-panel__title\">");
    web_txt(bf, web_t(&p, title));
    web_html(bf, "</h1>\n<p>");
    web_txt(bf, web_t(&p, body));
    web_html(bf, "</p></div>\n");
    visit_inset(&p, b, office);
    web_html(bf, "<p class=\"fh-body\"><a href=\"/o/");
    web_url_arg(bf, b->office);
    web_html(bf, "\">");
    web_txt(bf, web_t(&p, T_GO_HOME));
    web_html(bf, "</a></p>\n");
    web_page_send(&p, status);
}

static void score_question(struct web_page *p, size_t q, const char *value)
{
    struct web_buf *b = &p->b;
    const char *field = questions[q].field;
    const struct web_fault *f = web_fault_of(p, field);
    web_html(b, f ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\"");
    if (f != NULL) {
        web_html(b, " aria-describedby=\"");
        web_attr(b, field);
        web_html(b, "-error\"");
    }
    web_html(b, ">\n<legend class=\"fh-legend fh-legend--m\">");
    web_txt(b, web_t(p, questions[q].question));
    web_html(b, "</legend>\n");
    web_field_error(p, field, f);
    web_html(b, "<div class=\"fh-radios fh-radios--scale\">\n");
    for (int score = SCHED_SURVEY_SCORE_MIN; score <= SCHED_SURVEY_SCORE_MAX; score++) {
        char id[32], v[4];
        /* The first radio carries the question's name: the error summary
         * links to it. */
        if (score == SCHED_SURVEY_SCORE_MIN)
            snprintf(id, sizeof id, "%s", field);
        else
            snprintf(id, sizeof id, "%s-%d", field, score);
        snprintf(v, sizeof v, "%d", score);
        web_html(b, "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                    "name=\"");
        web_attr(b, field);
        web_html(b, "\" id=\"");
        web_attr(b, id);
        web_html(b, "\" value=\"");
        web_attr(b, v);
        web_html(b, value != NULL && strcmp(value, v) == 0 ? "\" checked>" : "\">");
        web_html(b, "<label class=\"fh-label fh-radio__label\" for=\"");
        web_attr(b, id);
        web_html(b, "\">");
        web_txt(b, v);
        /* The ends say what they mean, on a line under the number (the
         * space keeps "1 很差" the radio's name). */
        if (score == SCHED_SURVEY_SCORE_MIN || score == SCHED_SURVEY_SCORE_MAX) {
            web_html(b, "<span class=\"fh-radio__word\"> ");
            web_txt(
                b, web_t(p, score == SCHED_SURVEY_SCORE_MIN ? T_SURVEY_SCORE_1 : T_SURVEY_SCORE_5));
            web_html(b, "</span>");
        }
        web_html(b, "</label></div>\n");
    }
    web_html(b, "</div></fieldset></div>\n");
}

static void survey_form(struct http_ctx *c, const struct store_booking *bk,
                        const struct sched_office *office, struct web_page *p,
                        const struct svc_survey_input *in, int status)
{
    struct web_buf *b = &p->b;
    const char *key = http_query(c, "k");
    web_page_begin(p, web_t(p, T_SURVEY_TITLE));
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_SURVEY_TITLE));
    web_html(b, "</h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_SURVEY_INTRO));
    web_html(b, "</p>\n");
    visit_inset(p, bk, office);
    web_html(b, "<form method=\"post\" action=\"/b/");
    web_url_arg(b, bk->code);
    web_html(b, "/survey?k=");
    web_url_arg(b, key);
    web_html(b, "\" novalidate>\n");
    char purpose[64];
    snprintf(purpose, sizeof purpose, "survey:%s", bk->code);
    web_csrf_field(p, purpose);
    const char *const given[QUESTIONS] = {in->waiting, in->courtesy, in->overall};
    for (size_t q = 0; q < QUESTIONS; q++)
        score_question(p, q, given[q]);
    const struct web_fault *f = web_fault_of(p, "comment");
    web_html(b, f ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<label class=\"fh-label\" for=\"comment\">");
    web_txt(b, web_t(p, T_SURVEY_COMMENT));
    web_html(b, "</label>\n<p class=\"fh-hint\" id=\"comment-hint\">");
    web_txt(b, web_t(p, T_SURVEY_COMMENT_HINT));
    web_html(b, "</p>\n");
    web_field_error(p, "comment", f);
    web_html(b,
             "<textarea class=\"fh-input fh-textarea\" id=\"comment\" name=\"comment\" rows=\"5\" "
             "maxlength=\"500\" aria-describedby=\"comment-hint");
    web_html(b, f ? " comment-error\">" : "\">");
    if (in->comment != NULL)
        web_txt(b, in->comment);
    web_html(b, "</textarea></div>\n<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, T_SURVEY_SEND));
    web_html(b, "</button>\n</form>\n");
    web_page_send(p, status);
}

/* The page of a survey that takes no answer. */
static void closed_page(struct http_ctx *c, const struct store_booking *b,
                        const struct sched_office *office, enum sched_survey state, int status)
{
    if (state == SCHED_SURVEY_ANSWERED)
        notice_page(c, b, office, T_SURVEY_ANSWERED, T_SURVEY_ANSWERED_BODY, status);
    else if (state == SCHED_SURVEY_NOT_COMPLETE)
        notice_page(c, b, office, T_SURVEY_NOT_OPEN, T_SURVEY_NOT_OPEN_BODY, status);
    else
        notice_page(c, b, office, T_SURVEY_CLOSED, T_SURVEY_CLOSED_BODY, status);
}

void web_survey(struct http_ctx *c)
{
    struct store_booking b;
    const struct sched_office *office;
    enum sched_survey state;
    if (!open_survey(c, &b, &office, &state))
        return;
    const char *done = http_query(c, "done");
    if (state == SCHED_SURVEY_ANSWERED && done != NULL)
        notice_page(c, &b, office, T_SURVEY_THANKS, T_SURVEY_THANKS_BODY, HTTP_OK);
    else if (state != SCHED_SURVEY_OK)
        closed_page(c, &b, office, state, HTTP_OK);
    else {
        struct web_page p;
        web_page_init(&p, c);
        survey_form(c, &b, office, &p, &(struct svc_survey_input){0}, HTTP_OK);
    }
    fh_wipe(&b, sizeof b);
}

/* The words for a fault of an answer. */
static enum web_text fault_text(const char *field, const char *why)
{
    if (strcmp(field, "comment") == 0)
        return strstr(why, "longer") != NULL ? T_ERR_SURVEY_COMMENT_LONG : T_ERR_SURVEY_COMMENT;
    return T_ERR_SURVEY_SCORE;
}

void web_survey_post(struct http_ctx *c)
{
    struct store_booking b;
    const struct sched_office *office;
    enum sched_survey state;
    if (!web_form_body(c) || !open_survey(c, &b, &office, &state))
        return;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "survey:%s", b.code);
    if (!web_csrf_ok(c, purpose)) {
        fh_wipe(&b, sizeof b);
        web_csrf_refused(c);
        return;
    }
    struct svc_survey_input in = {http_form(c, "waiting"), http_form(c, "courtesy"),
                                  http_form(c, "overall"), http_form(c, "comment")};
    struct store_survey_answer a;
    struct svc_field_error faults[WEB_MAX_FAULTS];
    size_t n = state == SCHED_SURVEY_OK ? svc_survey_check(&in, &a, faults, WEB_MAX_FAULTS) : 0;
    if (state != SCHED_SURVEY_OK) {
        /* A second answer (another tab, the Back button): told kindly that
         * the first one counted. */
        closed_page(c, &b, office, state, HTTP_CONFLICT);
    } else if (n > 0) {
        struct web_page p;
        web_page_init(&p, c);
        for (size_t i = 0; i < n && i < WEB_MAX_FAULTS; i++)
            web_fault(&p, faults[i].field, fault_text(faults[i].field, faults[i].why));
        survey_form(c, &b, office, &p, &in, HTTP_UNPROCESSABLE_CONTENT);
    } else {
        enum sched_survey why;
        char err[FH_ERR_LEN] = "";
        fh_result r =
            svc_survey_save(c->svc, b.code, http_query(c, "k"), &a, &why, err, sizeof err);
        if (r == FH_OK) {
            struct web_buf loc = {0};
            web_html(&loc, "/b/");
            web_url_arg(&loc, b.code);
            web_html(&loc, "/survey?k=");
            web_url_arg(&loc, http_query(c, "k"));
            web_html(&loc, "&done=1");
            char *location = web_buf_take(&loc, NULL);
            web_redirect(c, location);
            free(location);
        } else if (r == FH_EREFUSED) {
            closed_page(c, &b, office, why, HTTP_CONFLICT);
        } else {
            fh_log(FH_LOG_ERROR, "survey: %s", err);
            web_error(c, HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING, T_NOT_STORED_BODY);
        }
    }
    fh_wipe(&b, sizeof b);
}
