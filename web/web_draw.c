/* web_draw.c: the citizens' pages of a lucky-date draw. The day's page of
 * the booking flow says that the date's places are drawn (web_draw_panel():
 * the period, when first come opens, the commitment, later the seed and the
 * published result); a couple asks for a place with the booking's fields
 * (/o/OFFICE/draw/DATE?service=), and follows its request on the page its
 * link opens (/d/NUMBER?k=TOKEN, the address the credential, as a manage
 * link is): pending, then its rank and outcome. Phone-first, no JavaScript;
 * the phases and rules are the scheduler's and the store's. */
#include "web/web_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum dfield { D_NAME, D_ID, D_PHONE, D_EMAIL, D_LANG, D_PNAME, D_PID, D_START, D_N };
static const char *const dfield_names[D_N] = {
    "name", "national_id", "phone", "email", "lang", "partner_name", "partner_national_id", "start",
};

/* "2026年3月2日（一） 09:00" / "Monday 2 March 2026 09:00". */
static void instant(struct web_page *p, fh_minute at)
{
    char hhmm[6];
    fh_format_hhmm(fh_minute_of_day(at), hhmm);
    web_date(p, fh_day_of(at), false);
    web_html(&p->b, " ");
    web_txt(&p->b, hhmm);
}

static void row_begin(struct web_page *p, enum web_text key, const char *id)
{
    web_html(&p->b, "<div class=\"fh-summary__row\"");
    if (id != NULL) {
        web_html(&p->b, " id=\"");
        web_attr(&p->b, id);
        web_html(&p->b, "\"");
    }
    web_html(&p->b, "><dt class=\"fh-summary__key\">");
    web_txt(&p->b, web_t(p, key));
    web_html(&p->b, "</dt><dd class=\"fh-summary__value\">");
}

static void row_end(struct web_page *p)
{
    web_html(&p->b, "</dd></div>\n");
}

/* The draw's facts as rows of a <dl>: the period, when first come opens,
 * and with commitment the commitment and, once drawn, the seed. d NULL:
 * not committed yet. */
static void draw_rows(struct web_page *p, const struct sched_release *rule,
                      const struct store_draw *d, bool commitment)
{
    struct web_buf *b = &p->b;
    row_begin(p, T_DRAW_PERIOD, "draw-period");
    web_html(b, "<span class=\"fh-nowrap\">");
    instant(p, sched_instant_of(&rule->draw_opens, rule->date));
    web_html(b, "</span>");
    web_txt(b, web_t(p, T_DRAW_TO));
    web_html(b, "<span class=\"fh-nowrap\">");
    instant(p, sched_instant_of(&rule->draw_closes, rule->date));
    web_html(b, "</span>");
    row_end(p);
    row_begin(p, T_DRAW_FIRST_COME, "draw-first-come");
    web_txt(b, web_t(p, T_DRAW_FIRST_COME_BEFORE));
    instant(p, sched_release_instant(rule));
    web_txt(b, web_t(p, T_DRAW_FIRST_COME_AFTER));
    row_end(p);
    if (!commitment)
        return;
    row_begin(p, T_DRAW_COMMITMENT, "draw-commitment");
    if (d != NULL) {
        web_html(b, "<code class=\"fh-hash\">");
        web_txt(b, d->commitment);
        web_html(b, "</code><br><span class=\"fh-hint\">");
        web_txt(b, web_t(p, T_DRAW_COMMITMENT_HINT));
        web_html(b, "</span>");
    } else {
        web_txt(b, web_t(p, T_DRAW_COMMITMENT_SOON));
    }
    row_end(p);
    if (d != NULL && d->drawn_at != 0) {
        row_begin(p, T_DRAW_SEED, "draw-seed");
        web_html(b, "<code class=\"fh-hash\">");
        web_txt(b, d->seed);
        web_html(b, "</code>");
        row_end(p);
    }
}

/* The draw of office's day, or false when it has not been committed yet
 * (or the store failed: logged). */
static bool draw_of(struct http_ctx *c, const struct sched_office *office, fh_day day,
                    struct store_draw *d)
{
    char err[FH_ERR_LEN] = "";
    fh_result r =
        store_draw_get(c->svc->store, sched_office_spec(office)->id, day, d, err, sizeof err);
    if (r != FH_OK && r != FH_ENOTFOUND)
        fh_log(FH_LOG_ERROR, "%s", err);
    return r == FH_OK;
}

static void form_href(struct web_buf *b, const struct sched_office *office, int service, fh_day day)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_html(b, "/o/");
    web_url_arg(b, o->id);
    web_html(b, "/draw/");
    web_url_arg(b, date);
    web_html(b, "?service=");
    web_url_arg(b, o->services[service].id);
}

/* The published result: the API's JSON of the draw. */
static void result_links(struct web_page *p, const struct sched_office *office, fh_day day)
{
    struct web_buf *b = &p->b;
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_html(b, "<p class=\"fh-body\"><a id=\"draw-result\" href=\"/api/v1/offices/");
    web_url_arg(b, sched_office_spec(office)->id);
    web_html(b, "/draws/");
    web_url_arg(b, date);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_DRAW_RESULT_LINK));
    web_html(b, "</a></p>\n<p class=\"fh-body fh-hint\" id=\"draw-verify\">");
    web_txt(b, web_t(p, T_DRAW_VERIFY_1));
    web_html(b, "<code>flexhours draw verify</code>");
    web_txt(b, web_t(p, T_DRAW_VERIFY_2));
    web_html(b, "</p>\n");
}

/* Where the draw stands, in a sentence (and the link to ask while open). */
static void phase_words(struct web_page *p, const struct sched_office *office, int service,
                        fh_day day, enum sched_draw_phase phase, const struct store_draw *d)
{
    struct web_buf *b = &p->b;
    switch (phase) {
    case SCHED_DRAW_OPEN:
        if (service >= 0) {
            web_html(b, "<p><a class=\"fh-button\" id=\"draw-request\" href=\"");
            form_href(b, office, service, day);
            web_html(b, "\">");
            web_txt(b, web_t(p, T_DRAW_REQUEST_LINK));
            web_html(b, "</a></p>\n");
        }
        break;
    case SCHED_DRAW_BEFORE:
        web_html(b, "<p class=\"fh-body\" id=\"draw-status\">");
        web_txt(b, web_t(p, T_DRAW_NOT_YET));
        web_html(b, "</p>\n");
        break;
    case SCHED_DRAW_CLOSED:
        web_html(b, "<p class=\"fh-body\" id=\"draw-status\">");
        web_txt(b, web_t(p, d != NULL && d->drawn_at != 0 ? T_DRAW_CLOSED : T_DRAW_CLOSED_PENDING));
        web_html(b, "</p>\n");
        if (d != NULL && d->drawn_at != 0)
            result_links(p, office, day);
        break;
    case SCHED_DRAW_NONE:
        break;
    }
}

bool web_draw_panel(struct web_page *p, const struct sched_office *office, int service, fh_day day)
{
    fh_minute now = svc_now(office);
    enum sched_draw_phase phase = sched_draw_phase(office, day, now);
    const struct sched_release *rule = sched_release_rule(office, day);
    if (phase == SCHED_DRAW_NONE || rule == NULL)
        return false;
    struct store_draw d;
    bool committed = draw_of(p->c, office, day, &d);
    struct web_buf *b = &p->b;
    web_html(b, "<section class=\"fh-draw\" aria-labelledby=\"draw-heading\">\n"
                "<h2 class=\"fh-heading-m\" id=\"draw-heading\">");
    web_txt(b, web_t(p, T_DRAW_HEADING));
    web_html(b, "</h2>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_DRAW_HOW));
    web_html(b, "</p>\n<dl class=\"fh-summary\">\n");
    draw_rows(p, rule, committed ? &d : NULL, true);
    web_html(b, "</dl>\n");
    phase_words(p, office, service, day, phase, committed ? &d : NULL);
    web_html(b, "</section>\n");
    return true;
}

/* ---- the request form ------------------------------------------------------------- */

/* The office, day, rule and service of "/o/OFFICE/draw/DATE?service=", or
 * NULL after answering 404. */
static const struct sched_office *path_draw(struct http_ctx *c, fh_day *day, int *service,
                                            const struct sched_release **rule)
{
    const struct sched_office *office = web_path_office(c);
    if (office == NULL)
        return NULL;
    const char *s = http_query(c, "service");
    *service = s != NULL ? sched_office_service_index(office, s) : -1;
    *rule = NULL;
    if (fh_parse_date(c->params[1], day) == NULL)
        *rule = sched_release_rule(office, *day);
    if (*service < 0 || *rule == NULL || !(*rule)->draw) {
        web_error(c, HTTP_NOT_FOUND, T_NOT_FOUND_HEADING, T_NOT_FOUND_BODY);
        return NULL;
    }
    return office;
}

/* The times of the day a couple may ask for: the service's slots of the
 * date, released or not. *out is malloc'd. */
static size_t day_times(struct http_ctx *c, const struct sched_office *office, int service,
                        fh_day day, struct sched_slot **out)
{
    char err[FH_ERR_LEN] = "";
    size_t n = 0;
    *out = NULL;
    if (svc_slots(c->svc, office, service, day, day, svc_now(office), SCHED_SLOTS_ALL, out, &n, err,
                  sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        return 0;
    }
    return n;
}

static void time_radios(struct web_page *p, const struct sched_office *office,
                        const struct sched_slot *slots, size_t n, const char *chosen)
{
    struct web_buf *b = &p->b;
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct web_fault *fault = web_fault_of(p, "start");
    web_html(b, fault ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\" aria-describedby=\"start-hint");
    if (fault)
        web_html(b, " start-error");
    web_html(b, "\">\n<legend class=\"fh-legend fh-heading-s\">");
    web_txt(b, web_t(p, T_DRAW_TIME_LEGEND));
    web_html(b, "</legend>\n<p class=\"fh-hint\" id=\"start-hint\">");
    web_txt(b, web_t(p, T_DRAW_TIME_HINT));
    web_html(b, "</p>\n");
    web_field_error(p, "start", fault);
    web_html(b, "<div class=\"fh-radios\">\n");
    for (size_t i = 0; i < n; i++) {
        char value[FH_TIME_LEN], id[32], hhmm[6];
        fh_format_local(slots[i].start, o->utc_offset, value);
        fh_format_hhmm(fh_minute_of_day(slots[i].start), hhmm);
        snprintf(id, sizeof id, i == 0 ? "start" : "start-%c%c%c%c", hhmm[0], hhmm[1], hhmm[3],
                 hhmm[4]);
        const char *window =
            sched_window_name_str(sched_office_window(office, slots[i].window)->name);
        web_html(b, "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                    "name=\"start\" id=\"");
        web_attr(b, id);
        web_html(b, "\" value=\"");
        web_attr(b, value);
        web_html(b, "\"");
        if (chosen != NULL && strcmp(chosen, value) == 0)
            web_html(b, " checked");
        web_html(b, ">\n<label class=\"fh-label fh-radio__label\" for=\"");
        web_attr(b, id);
        web_html(b, "\"><strong>");
        web_span(p, slots[i].start, slots[i].end);
        web_html(b, "</strong> <span class=\"fh-tag fh-tag--");
        web_attr(b, window);
        web_html(b, "\">");
        web_txt(b, web_window_word(p, window));
        web_html(b, "</span></label></div>\n");
    }
    web_html(b, "</div>\n</fieldset></div>\n");
}

static void form_page(struct web_page *p, const struct sched_office *office, int service,
                      fh_day day, const char *const values[D_N], int status)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    struct web_buf *b = &p->b;
    struct http_ctx *c = p->c;
    enum sched_draw_phase phase = sched_draw_phase(office, day, svc_now(office));
    web_page_begin(p, web_t(p, T_DRAW_FORM_TITLE));
    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    web_back_to_day(p, office, service, day);
    web_error_summary(p);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, T_DRAW_FORM_TITLE));
    web_html(b, "</h1>\n<div class=\"fh-inset\"><p><strong>");
    web_txt(b, web_service_name(p, office, service));
    web_html(b, "</strong><br>");
    web_date(p, day, false);
    web_html(b, "</p></div>\n<p class=\"fh-body\">");
    web_txt(b, web_t(p, T_DRAW_HOW));
    web_html(b, "</p>\n<dl class=\"fh-summary\">\n");
    struct store_draw d;
    bool committed = draw_of(c, office, day, &d);
    /* The form keeps to what the couple needs to ask: the day's page and
     * the request's page show the commitment. */
    draw_rows(p, sched_release_rule(office, day), committed ? &d : NULL, false);
    web_html(b, "</dl>\n");
    struct sched_slot *slots = NULL;
    size_t n = phase == SCHED_DRAW_OPEN ? day_times(c, office, service, day, &slots) : 0;
    if (phase != SCHED_DRAW_OPEN || n == 0) {
        phase_words(p, office, -1, day, phase, committed ? &d : NULL);
        free(slots);
        web_page_send(p, status);
        return;
    }
    web_html(b, "<form method=\"post\" action=\"");
    form_href(b, office, service, day);
    web_html(b, "\" novalidate>\n");
    char purpose[96];
    snprintf(purpose, sizeof purpose, "draw:%s:%s", o->id, date);
    web_csrf_field(p, purpose);
    time_radios(p, office, slots, n, values[D_START]);
    free(slots);
    web_person_fields(p, &(struct web_person_form){
                             .name = values[D_NAME],
                             .national_id = values[D_ID],
                             .phone = values[D_PHONE],
                             .email = values[D_EMAIL],
                             .lang = values[D_LANG],
                             .couple = o->services[service].couple,
                             .partner_name = values[D_PNAME],
                             .partner_national_id = values[D_PID],
                         });
    web_html(b, "<button type=\"submit\" class=\"fh-button\" id=\"send\">");
    web_txt(b, web_t(p, T_DRAW_SEND));
    web_html(b, "</button>\n</form>\n");
    web_page_send(p, status);
}

void web_draw_form(struct http_ctx *c)
{
    fh_day day;
    int service;
    const struct sched_release *rule;
    const struct sched_office *office = path_draw(c, &day, &service, &rule);
    if (office == NULL)
        return;
    const char *values[D_N] = {NULL};
    struct web_page p;
    web_page_init(&p, c);
    form_page(&p, office, service, day, values, HTTP_OK);
}

/* The request's page: "/d/NUMBER?k=TOKEN". */
static void request_href(struct web_buf *b, const char *number, const char *token)
{
    web_html(b, "/d/");
    web_url_arg(b, number);
    web_html(b, "?k=");
    web_url_arg(b, token);
}

struct request_job {
    struct svc_booking_request req;
    char *values[D_N];
    int service;
    fh_day day;
    char key[160];
    uint8_t sha[FH_SHA256_LEN];
};

/* The pages need the number and the token to lead to the request's page;
 * the store keeps this (sealed) for a second press of the button. */
static char *requested_reply(const struct store_draw_request *q, const char *token, void *arg)
{
    (void)arg;
    return fh_asprintf("%s %s", q->number, token);
}

static void request_job_free(struct request_job *job)
{
    svc_booking_request_wipe(&job->req);
    web_values_free(job->values, D_N);
    free(job);
}

static void request_run(struct http_ctx *c, void *arg)
{
    struct request_job *job = arg;
    struct store_draw_result res;
    char err[FH_ERR_LEN] = "";
    const struct sched_office *office = job->req.office;
    fh_result r = svc_draw_request(c->svc, &job->req, job->key, job->sha, requested_reply, NULL,
                                   &res, err, sizeof err);
    if (r == FH_OK) {
        char number[STORE_CODE_LEN + 1] = "", token[STORE_TOKEN_LEN + 1] = "";
        if (sscanf(res.body, "%8s %32s", number, token) != 2) {
            free(res.body);
            web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
            request_job_free(job);
            return;
        }
        struct web_buf loc = {0};
        request_href(&loc, number, token);
        web_html(&loc, "&done=requested");
        char *location = web_buf_take(&loc, NULL);
        web_redirect(c, location);
        free(location);
        web_buf_free(&loc);
        fh_wipe(token, sizeof token);
        fh_wipe(res.body, strlen(res.body));
        free(res.body);
        request_job_free(job);
        return;
    }
    struct web_page p;
    web_page_init(&p, c);
    int status = HTTP_CONFLICT;
    if (r == FH_EREFUSED && res.refusal == SCHED_NOT_A_SLOT)
        status = HTTP_UNPROCESSABLE_CONTENT, web_fault(&p, "start", T_DRAW_NOT_A_SLOT);
    else if (r == FH_EREFUSED)
        web_fault(&p, "#name", web_refusal_text(res.refusal));
    else if (r == FH_ECONFLICT && strcmp(err, "already_requested") == 0)
        web_fault(&p, "#name", T_DRAW_ALREADY);
    else if (r == FH_ECONFLICT && strcmp(err, "draw_not_open") == 0)
        web_fault(&p, "#draw-period", T_DRAW_NOT_OPEN);
    else if (r == FH_EINVAL)
        status = HTTP_UNPROCESSABLE_CONTENT, web_fault(&p, "#name", T_ERR_GENERIC);
    else {
        if (r != FH_ECONFLICT)
            fh_log(FH_LOG_ERROR, "draw request from a page: %s", err);
        web_buf_free(&p.b);
        web_error(c, r == FH_ECONFLICT ? HTTP_CONFLICT : HTTP_SERVICE_UNAVAILABLE, T_ERROR_HEADING,
                  r == FH_ECONFLICT ? T_CSRF_BODY : T_NOT_STORED_BODY);
        request_job_free(job);
        return;
    }
    form_page(&p, office, job->service, job->day, (const char *const *)job->values, status);
    request_job_free(job);
}

/* A field of the form: NULL when left empty. */
static const char *form_value(struct http_ctx *c, const char *name)
{
    const char *v = http_form(c, name);
    while (v != NULL && *v == ' ')
        v++;
    return v != NULL && *v != '\0' ? v : NULL;
}

void web_draw_form_post(struct http_ctx *c)
{
    fh_day day;
    int service;
    const struct sched_release *rule;
    const struct sched_office *office = path_draw(c, &day, &service, &rule);
    if (office == NULL || !web_form_body(c))
        return;
    const struct sched_office_spec *o = sched_office_spec(office);
    char date[FH_DATE_LEN], purpose[96];
    fh_format_date(day, date);
    snprintf(purpose, sizeof purpose, "draw:%s:%s", o->id, date);
    if (!web_csrf_ok(c, purpose)) {
        web_csrf_refused(c);
        return;
    }
    const char *values[D_N];
    for (int i = 0; i < D_N; i++)
        values[i] = form_value(c, dfield_names[i]);
    /* Without a time the other fields are still checked (at a stand-in
     * time), so that one answer names every fault. */
    struct svc_booking_input in = {
        .office = o->id,
        .service = o->services[service].id,
        .start = values[D_START] != NULL ? values[D_START] : "2000-01-01T00:00:00+08:00",
        .name = values[D_NAME],
        .national_id = values[D_ID],
        .phone = values[D_PHONE],
        .email = values[D_EMAIL],
        .lang = values[D_LANG],
        .partner_name = values[D_PNAME],
        .partner_national_id = values[D_PID],
        .partner_required = true,
    };
    struct request_job *job = fh_calloc(1, sizeof *job);
    struct svc_field_error faults[WEB_MAX_FAULTS];
    size_t n = svc_booking_check(c->svc->cfg, &in, &job->req, faults, WEB_MAX_FAULTS);
    struct web_page p;
    web_page_init(&p, c);
    /* The time first (it comes first on the page), in the form's words. */
    bool start_bad = false;
    for (size_t i = 0; i < n; i++)
        start_bad |= strcmp(faults[i].field, "start") == 0;
    if (values[D_START] == NULL)
        web_fault(&p, "start", T_DRAW_PICK_TIME);
    else if (start_bad || (n == 0 && fh_day_of(job->req.start) != day))
        web_fault(&p, "start", T_DRAW_NOT_A_SLOT);
    for (size_t i = 0; i < n; i++)
        if (strcmp(faults[i].field, "start") != 0)
            web_book_faults(&p, &faults[i], 1);
    if (p.fault_count > 0) {
        request_job_free(job);
        form_page(&p, office, service, day, values, HTTP_UNPROCESSABLE_CONTENT);
        return;
    }
    web_buf_free(&p.b);
    job->day = day;
    job->service = service;
    for (int i = 0; i < D_N; i++)
        job->values[i] = values[i] != NULL ? fh_strdup(values[i]) : NULL;
    /* A second press of the button (or a reload that posts again) finds
     * the first request: the form's token and fields are the key. */
    struct web_buf all = {0};
    web_html(&all, purpose);
    web_html(&all, "\n");
    for (int i = 0; i < D_N; i++) {
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
    snprintf(job->key, sizeof job->key, "web-draw:%s:%.100s", sha_hex, csrf != NULL ? csrf : "");
    c->lost = web_not_stored;
    http_defer(c, request_run, job);
}

/* ---- the request's page ----------------------------------------------------------- */

/* The words of a refusal's stable code (sched_refusal_code()). */
static enum web_text refusal_words(const char *code)
{
    for (int r = SCHED_OK + 1; r < SCHED_REFUSAL_COUNT; r++)
        if (strcmp(code, sched_refusal_code((enum sched_refusal)r)) == 0)
            return web_refusal_text((enum sched_refusal)r);
    return T_REFUSED_GONE;
}

/* The booking a drawn request was given: its code, time, and a link to its
 * manage page. */
static void booked_words(struct web_page *p, const struct store_draw_request *q)
{
    struct web_buf *b = &p->b;
    struct store_booking bk;
    char err[FH_ERR_LEN] = "";
    web_txt(b, web_t(p, T_DRAW_BOOKED));
    if (store_booking_by_id(p->c->svc->store, q->booking_id, &bk, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        return;
    }
    web_html(b, "<br><strong>");
    web_date(p, fh_day_of(bk.start), false);
    web_html(b, " ");
    web_span(p, bk.start, bk.end);
    web_html(b, "</strong><br>");
    web_txt(b, web_t(p, T_DRAW_BOOKING_CODE));
    web_html(b, "<br><strong class=\"fh-code\" id=\"draw-booking-code\">");
    web_txt(b, bk.code);
    web_html(b, "</strong><br><a id=\"draw-manage\" href=\"/b/");
    char key[STORE_TOKEN_LEN + 1];
    store_link_key(p->c->svc->store, bk.code, key);
    web_url_arg(b, bk.code);
    web_html(b, "?k=");
    web_url_arg(b, key);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_DRAW_MANAGE));
    web_html(b, "</a>");
    fh_wipe(key, sizeof key);
    fh_wipe(&bk, sizeof bk);
}

void web_draw_request(struct http_ctx *c)
{
    const char *token = http_query(c, "k");
    struct store_draw_request q;
    char err[FH_ERR_LEN] = "";
    fh_result r = token == NULL ? FH_ENOTFOUND
                                : store_draw_request_get(c->svc->store, c->params[0], token, &q,
                                                         err, sizeof err);
    const struct sched_office *office = r == FH_OK ? cfg_office(c->svc->cfg, q.office) : NULL;
    int service = office != NULL ? sched_office_service_index(office, q.service) : -1;
    const struct sched_release *rule = service >= 0 ? sched_release_rule(office, q.day) : NULL;
    if (r == FH_ENOTFOUND || (r == FH_OK && (rule == NULL || !rule->draw))) {
        if (r == FH_OK)
            fh_wipe(&q, sizeof q);
        http_guess_failed(c);
        web_error(c, HTTP_NOT_FOUND, T_DRAW_REQUEST_TITLE, T_DRAW_REQUEST_NOT_FOUND);
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
    web_page_begin(&p, web_t(&p, T_DRAW_REQUEST_TITLE));
    const char *done = http_query(c, "done");
    if (done != NULL && strcmp(done, "requested") == 0 && q.outcome == STORE_DRAW_PENDING) {
        web_html(b, "<div class=\"fh-panel\" role=\"status\"><p class=\"fh-panel__body\">");
        web_txt(b, web_t(&p, T_DRAW_REQUESTED));
        web_html(b, "</p></div>\n");
    }
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_DRAW_REQUEST_TITLE));
    web_html(b, "</h1>\n<dl class=\"fh-summary\">\n");
    row_begin(&p, T_DRAW_NUMBER, NULL);
    web_html(b, "<strong class=\"fh-code\" id=\"draw-number\">");
    web_txt(b, q.number);
    web_html(b, "</strong>");
    row_end(&p);
    row_begin(&p, T_DRAW_SERVICE, NULL);
    web_txt(b, web_service_name(&p, office, service));
    row_end(&p);
    row_begin(&p, T_DRAW_DAY, NULL);
    web_date(&p, q.day, true);
    row_end(&p);
    row_begin(&p, T_DRAW_TIME_ASKED, NULL);
    char hhmm[6];
    fh_format_hhmm(fh_minute_of_day(q.start), hhmm);
    web_txt(b, hhmm);
    row_end(&p);
    if (q.rank > 0) {
        row_begin(&p, T_DRAW_RANK, NULL);
        web_txt(b, web_t(&p, T_DRAW_RANK_BEFORE));
        web_htmlf(b, "<strong id=\"draw-rank\">%d</strong>", q.rank);
        web_txt(b, web_t(&p, T_DRAW_RANK_AFTER));
        row_end(&p);
    }
    row_begin(&p, T_DRAW_RESULT, "draw-outcome");
    switch (q.outcome) {
    case STORE_DRAW_PENDING:
        web_txt(b, web_t(&p, T_DRAW_PENDING));
        break;
    case STORE_DRAW_BOOKED:
        booked_words(&p, &q);
        break;
    case STORE_DRAW_WAITING:
        web_txt(b, web_t(&p, T_DRAW_WAITING));
        break;
    case STORE_DRAW_REFUSED:
        web_txt(b, web_t(&p, T_DRAW_REFUSED));
        web_txt(b, web_t(&p, refusal_words(q.refusal)));
        break;
    }
    row_end(&p);
    web_html(b, "</dl>\n<h2 class=\"fh-heading-m\">");
    web_txt(b, web_t(&p, T_DRAW_HEADING));
    web_html(b, "</h2>\n<dl class=\"fh-summary\">\n");
    struct store_draw d;
    bool committed = draw_of(c, office, q.day, &d);
    draw_rows(&p, rule, committed ? &d : NULL, true);
    web_html(b, "</dl>\n");
    if (committed && d.drawn_at != 0)
        result_links(&p, office, q.day);
    fh_wipe(&q, sizeof q);
    web_page_send(&p, HTTP_OK);
}
