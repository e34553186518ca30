/* test_web_figures.c: the figures drawn as SVG with their tables, from
 * figures made up here (no database): every chart is an image with a
 * title and its description, every table has a caption and headers, and
 * each table lists exactly the numbers its chart draws (read back from the
 * values the chart carries and from the bars' and lines' geometry). The
 * CSV: its header, CRLF ends and RFC 4180 quoting of hostile fields. */
#include "web/web_internal.h"

#include "tests/unit/check.h"

#include <stdlib.h>

/* The drawing's plot, as web_figures.c lays it out. */
#define PLOT_TOP    12
#define PLOT_BOTTOM 198

static struct svc_figures *made_up(void)
{
    struct svc_figures *f = fh_calloc(1, sizeof *f);
    snprintf(f->office, sizeof f->office, "taichung-south");
    f->first = fh_day_from_ymd(2026, 3, 2);
    f->last = fh_day_from_ymd(2026, 3, 22);
    f->week_count = 3;
    for (size_t i = 0; i < 3; i++) {
        struct svc_figures_week *w = &f->weeks[i];
        w->monday = f->first + (fh_day)(7 * i);
        w->offered[SCHED_WIN_REGULAR] = 240;
        w->taken[SCHED_WIN_REGULAR] = (int)(60 * i + 7); /* 7/240 = 3%, 67 = 28%, 127 = 53% */
        w->offered[SCHED_WIN_NOON] = i == 1 ? 0 : 30;    /* a week with nothing offered */
        w->taken[SCHED_WIN_NOON] = i == 2 ? 30 : 0;
        w->no_shows = (int)i;
        w->booked[SVC_FIG_NOON] = (int)(10 + i);
        w->staff[SVC_FIG_NOON] = 5;
        w->booked[SVC_FIG_EVENING] = 3;
        w->staff[SVC_FIG_EVENING] = (int)(2 * i);
        w->channels[SVC_CHANNEL_WEB] = (int)(100 * i + 1);
    }
    f->lead[SVC_LEAD_1][SCHED_WIN_NOON] = 17;
    f->lead[SVC_LEAD_91_MORE][SCHED_WIN_HOLIDAY] = 4;
    f->month_count = 1;
    f->months[0] = (struct svc_figures_month){.year = 2026, .month = 3, .weddings = {9, 2}};
    return f;
}

/* The next integer after "key" in s (up to end), or -1; *next past it. */
static const char *after(const char *s, const char *end, const char *key)
{
    const char *p = strstr(s, key);
    return p != NULL && p < end ? p + strlen(key) : NULL;
}

/* Reads the numbers of a table's cells (the first number of each; "–" as
 * -1) row by row into cells[row][col]. Returns the rows. */
static size_t table_cells(const char *table, const char *end, int cells[64][8], size_t *cols)
{
    size_t rows = 0;
    const char *p = after(table, end, "<tbody>");
    while (p != NULL && (p = after(p, end, "<tr>")) != NULL && rows < 64) {
        const char *row_end = strstr(p, "</tr>");
        size_t c = 0;
        const char *q = p;
        while ((q = after(q, row_end, "<td>")) != NULL && c < 8)
            cells[rows][c++] = strncmp(q, "–", strlen("–")) == 0 ? -1 : (int)strtol(q, NULL, 10);
        *cols = c;
        rows++;
        p = row_end;
    }
    return rows;
}

/* Checks one chart: its SVG and table, and that they agree. */
static void check_chart(const char *html, const char *id, bool lines, size_t want_rows,
                        size_t want_cols)
{
    char key[64];
    snprintf(key, sizeof key, "data-chart=\"%s\"", id);
    const char *svg = strstr(html, key);
    CHECK(svg != NULL);
    if (svg == NULL)
        return;
    const char *svg_start = svg;
    while (svg_start > html && strncmp(svg_start, "<svg", 4) != 0)
        svg_start--;
    const char *svg_end = strstr(svg, "</svg>");
    const char *table = strstr(svg_end, "<table");
    const char *table_end = strstr(svg_end, "</table>");
    CHECK(svg_end != NULL && table != NULL && table_end != NULL);
    /* An image with its name and description. */
    CHECK(after(svg_start, svg, "role=\"img\"") != NULL);
    snprintf(key, sizeof key, "aria-labelledby=\"fig-%s-title\"", id);
    CHECK(after(svg_start, svg, key) != NULL);
    snprintf(key, sizeof key, "<title id=\"fig-%s-title\">", id);
    CHECK(after(svg, svg_end, key) != NULL);
    snprintf(key, sizeof key, "id=\"fig-%s-desc\"", id);
    CHECK(strstr(html, key) != NULL);
    /* A table with a caption and headers for columns and rows. */
    CHECK(after(table, table_end, "<caption") != NULL);
    CHECK(after(table, table_end, "<th scope=\"col\">") != NULL);
    CHECK(after(table, table_end, "<th scope=\"row\">") != NULL);

    int cells[64][8];
    size_t cols = 0, rows = table_cells(table, table_end, cells, &cols);
    CHECK_INT(rows, want_rows);
    CHECK_INT(cols, want_cols);
    /* The chart's own values, series by series, against the table's
     * columns; and the geometry against the values (the axis top is the
     * last label of the value axis). */
    const char *top_label = NULL, *q = svg;
    while ((q = after(q, svg_end, "text-anchor=\"end\">")) != NULL)
        top_label = q;
    int top = top_label != NULL ? (int)strtol(top_label, NULL, 10) : 0;
    CHECK(top > 0);
    const char *p = svg;
    for (size_t k = 0; k < cols; k++) {
        if (lines) {
            p = after(p, svg_end, "data-values=\"");
            CHECK(p != NULL);
            if (p == NULL)
                return;
            const char *d = after(p, svg_end, "d=\"");
            for (size_t i = 0; i < rows; i++) {
                while (*p == ' ')
                    p++;
                int v = *p == '-' ? -1 : (int)strtol(p, NULL, 10);
                while (*p != ' ' && *p != '"')
                    p++;
                CHECK_INT(v, cells[i][k]);
                if (v < 0)
                    continue;
                /* The vertex of this week: M or L, x, y. */
                while (d != NULL && *d != 'M' && *d != 'L')
                    d++;
                int x = 0, y = 0;
                if (d != NULL && sscanf(d + 1, "%d %d", &x, &y) == 2) {
                    int want = PLOT_BOTTOM - (v * (PLOT_BOTTOM - PLOT_TOP) * 2 + top) / (2 * top);
                    CHECK_INT(y, want);
                    d++;
                }
            }
        } else {
            for (size_t i = 0; i < rows; i++) {
                p = after(p, svg_end, "<rect data-v=\"");
                CHECK(p != NULL);
                if (p == NULL)
                    return;
                CHECK_INT((int)strtol(p, NULL, 10), cells[i][k]);
                const char *h = after(p, svg_end, "height=\"");
                int height = h != NULL ? (int)strtol(h, NULL, 10) : -1;
                int want = (cells[i][k] * (PLOT_BOTTOM - PLOT_TOP) * 2 + top) / (2 * top);
                CHECK(height == want || height == want + 1 || height == want - 1);
            }
        }
    }
}

static char *csv_of(const char *s)
{
    struct web_buf b = {0};
    web_csv_field(&b, s);
    return web_buf_take(&b, NULL);
}

static void test_csv(const struct svc_figures *f)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"noon", "noon"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\r\nlines", "\"two\r\nlines\""},
        {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
        {"-1", "\"'-1\""},
        {"@sum", "\"'@sum\""},
        {"中文", "中文"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = csv_of(cases[i].in);
        CHECK_STR(got, cases[i].out);
        free(got);
    }
    size_t len;
    char *csv = web_figures_csv(f, &len);
    CHECK(strncmp(csv, "office,chart,period,series,measure,value\r\n", 42) == 0);
    CHECK(strstr(csv, "taichung-south,fill,2026-03-02,regular,taken,7\r\n") != NULL);
    CHECK(strstr(csv, "taichung-south,weddings,2026-03,saturday,bookings,9\r\n") != NULL);
    CHECK(strstr(csv, "taichung-south,lead,91_more,holiday,bookings,4\r\n") != NULL);
    /* Every line ends CRLF; no bare LF. */
    for (size_t i = 0; i < len; i++)
        if (csv[i] == '\n' && (i == 0 || csv[i - 1] != '\r')) {
            CHECK(!"a bare LF in the CSV");
            break;
        }
    CHECK(len > 2 && csv[len - 2] == '\r' && csv[len - 1] == '\n');
    free(csv);
}

int main(void)
{
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK)
        fh_fatal("demo: %s", err);
    const struct sched_office *office = cfg_office(cfg, "taichung-south");
    struct svc_figures *f = made_up();

    for (int en = 0; en <= 1; en++) {
        struct web_page p;
        memset(&p, 0, sizeof p);
        p.en = en;
        web_figures_render(&p, office, f);
        char *html = web_buf_take(&p.b, NULL);
        /* The demo office has all five window names: fill and lead have a
         * column each; weeks: 3 rows; lead buckets: 8; months: 1. */
        check_chart(html, "fill", true, 3, 5);
        check_chart(html, "attendance", true, 3, 2);
        check_chart(html, "demand", true, 3, 4);
        check_chart(html, "lead", false, SVC_LEAD_COUNT, 5);
        check_chart(html, "weddings", false, 1, 4);
        check_chart(html, "channels", true, 3, 4);
        /* Percentages rounded, with their parts; a week with nothing
         * offered has no rate, not 0 %. */
        CHECK(strstr(html, "<td>3%<span class=\"fh-fig-part\"> (7/240)</span></td>") != NULL);
        CHECK(strstr(html, "<td>53%<span class=\"fh-fig-part\"> (127/240)</span></td>") != NULL);
        CHECK(strstr(html, "<td>100%<span class=\"fh-fig-part\"> (30/30)</span></td>") != NULL);
        CHECK(strstr(html, "<td>–</td>") != NULL);
        CHECK(strstr(html, en ? "Places taken (fill rate)" : "名額使用率") != NULL);
        /* No script, no inline style (the pages' CSP forbids both). */
        CHECK(strstr(html, "<script") == NULL);
        CHECK(strstr(html, "style=") == NULL);
        free(html);
    }
    test_csv(f);
    svc_figures_free(f);
    cfg_free(cfg);
    return check_result();
}
