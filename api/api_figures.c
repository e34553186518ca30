/* api_figures.c: GET /api/v1/offices/{office}/figures?from=&to=, behind a
 * manager's bearer token: the figures of the pages and of their CSV, as
 * rows {"chart", "period", "series", "measure", "value"} (svc_figures_rows);
 * and GET .../satisfaction: the survey's averages and comments. */
#include "api/api_internal.h"

#include <stdio.h>
#include <stdlib.h>

static bool add_row(void *arg, const char *chart, const char *period, const char *series,
                    const char *measure, int value)
{
    json_array_append_new(arg,
                          json_pack("{s:s, s:s, s:s, s:s, s:i}", "chart", chart, "period", period,
                                    "series", series, "measure", measure, "value", value));
    return true;
}

void api_figures_get(struct http_ctx *c)
{
    static const char *const allowed[] = {"from", "to", NULL};
    if (!api_manager_auth(c))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, allowed))
        return;
    fh_day first, last;
    const char *field = NULL;
    const char *why = svc_figures_range(fh_day_of(svc_now(office)), http_query(c, "from"),
                                        http_query(c, "to"), &first, &last, &field);
    if (why != NULL) {
        api_reply_invalid(c, field, why);
        return;
    }
    struct svc_figures *f;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_figures(c->svc, office, first, last, &f, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "figures: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    json_t *rows = json_array();
    svc_figures_rows(f, add_row, rows);
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:s, s:s, s:s, s:i, s:o}", "office", f->office, "from", from_s, "to",
                             to_s, "queries", f->queries, "rows", rows));
    svc_figures_free(f);
}

/* The most comments one answer lists (the newest visits'). */
#define SATISFACTION_COMMENTS 200

/* An average to two decimals: enough to compare months, and no float
 * noise in the JSON. */
static json_t *average(double v)
{
    return json_real((double)(long)(v * 100 + 0.5) / 100);
}

void api_figures_satisfaction(struct http_ctx *c)
{
    static const char *const allowed[] = {"from", "to", NULL};
    if (!api_manager_auth(c))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, allowed))
        return;
    fh_day first, last;
    const char *field = NULL;
    const char *why = svc_figures_range(fh_day_of(svc_now(office)), http_query(c, "from"),
                                        http_query(c, "to"), &first, &last, &field);
    if (why != NULL) {
        api_reply_invalid(c, field, why);
        return;
    }
    const char *id = sched_office_spec(office)->id;
    struct store_satisfaction *avg = NULL;
    struct store_survey_comment *notes = NULL;
    size_t na = 0, nc = 0;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_satisfaction(c->svc->store, id, first, last, &avg, &na, err, sizeof err);
    if (r == FH_OK)
        r = store_survey_comments(c->svc->store, id, first, last, SATISFACTION_COMMENTS, &notes,
                                  &nc, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "satisfaction: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        free(avg);
        free(notes);
        return;
    }
    json_t *averages = json_array(), *comments = json_array();
    for (size_t i = 0; i < na; i++) {
        char month[16];
        snprintf(month, sizeof month, "%04d-%02d", avg[i].month / 100 % 10000, avg[i].month % 100);
        json_array_append_new(
            averages,
            json_pack("{s:s, s:s, s:i, s:o, s:o, s:o}", "month", month, "window", avg[i].window,
                      "answers", avg[i].answers, "waiting", average(avg[i].waiting), "courtesy",
                      average(avg[i].courtesy), "overall", average(avg[i].overall)));
    }
    for (size_t i = 0; i < nc; i++) {
        char day[FH_DATE_LEN];
        fh_format_date(notes[i].day, day);
        json_array_append_new(comments,
                              json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:s}", "day", day, "window",
                                        notes[i].window, "service", notes[i].service, "waiting",
                                        notes[i].waiting, "courtesy", notes[i].courtesy, "overall",
                                        notes[i].overall, "comment", notes[i].comment));
    }
    free(avg);
    free(notes);
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    api_reply_json(c, HTTP_OK,
                   json_pack("{s:s, s:s, s:s, s:o, s:o}", "office", id, "from", from_s, "to", to_s,
                             "averages", averages, "comments", comments));
}
