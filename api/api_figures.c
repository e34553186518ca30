/* api_figures.c: GET /api/v1/offices/{office}/figures?from=&to=, behind a
 * manager's bearer token: the figures of the pages and of their CSV, as
 * rows {"chart", "period", "series", "measure", "value"} (svc_figures_rows). */
#include "api/api_internal.h"

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
