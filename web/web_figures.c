/* web_figures.c: the managers' figures page and its CSV. Each chart is an
 * inline SVG drawn here (no chart library: axes, lines or bars, in the
 * stylesheet's colours, colour never the only signal) with role="img", a
 * <title> and a <desc>, and after it a <table> of the same numbers for
 * screen readers and for reading exact values. The CSV lists the same
 * figures as svc_figures_rows() gives them (the JSON API does too).
 * Managers of the office only (a session of the manager pages). Exports
 * the handlers and the renderer (for tests). */
#include "web/web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a chart as numbers ------------------------------------------------------------ */

#define MAX_CATS   SVC_FIGURES_MAX_WEEKS
#define MAX_SERIES 5

/* The drawing: a viewBox of W x H (the page scales it to its width), the
 * plot inside the margins. A 360 px phone draws it at about 0.9 of its
 * size, so text of 14 units reads as 13 px there. */
#define W      360
#define H      230
#define LEFT   46
#define RIGHT  12
#define TOP    12
#define BOTTOM 32
#define FONT   "14"
#define PLOT_W (W - LEFT - RIGHT)
#define PLOT_H (H - TOP - BOTTOM)

struct series {
    enum web_text label;
    const char *colour; /* from the stylesheet's palette, >= 3:1 on white */
    const char *dash;   /* a line's pattern: the second signal beside colour */
};

struct chart {
    const char *id;
    enum web_text title, desc, first_col;
    bool lines;   /* weekly figures: lines; the others bars */
    bool percent; /* values are whole percentages (the fill rate) */
    size_t cats, series_count;
    struct series series[MAX_SERIES];
    int value[MAX_CATS][MAX_SERIES]; /* what is drawn and tabled */
    bool missing[MAX_CATS][MAX_SERIES];
    int num[MAX_CATS][MAX_SERIES], den[MAX_CATS][MAX_SERIES]; /* percent's parts */
    fh_day week[MAX_CATS];                                    /* weekly: the Monday */
    int year[MAX_CATS], month[MAX_CATS];                      /* monthly */
    enum web_text cat_text[MAX_CATS];                         /* lead buckets */
};

static const char *const window_colour[SCHED_WIN_NAME_COUNT] = {
    "#505a5f", /* regular: grey */
    "#1d70b8", /* noon: blue */
    "#4c2c92", /* evening: purple */
    "#00703c", /* saturday: green */
    "#d4351c", /* holiday: red */
};
static const char *const dashes[MAX_SERIES] = {"", "7 3", "2 3", "9 3 2 3", "4 4"};
static const enum web_text window_words[SCHED_WIN_NAME_COUNT] = {
    T_WIN_REGULAR, T_WIN_NOON, T_WIN_EVENING, T_WIN_SATURDAY, T_WIN_HOLIDAY};

/* The window names the office has at all: a chart by window shows those. */
static unsigned office_windows(const struct sched_office *office)
{
    unsigned names = 0;
    for (int w = 0; w < sched_office_window_count(office); w++)
        names |= 1u << sched_office_window(office, w)->name;
    return names;
}

static void add_series(struct chart *ch, enum web_text label, const char *colour)
{
    if (ch->series_count < MAX_SERIES) {
        ch->series[ch->series_count] =
            (struct series){label, colour, dashes[ch->series_count % MAX_SERIES]};
        ch->series_count++;
    }
}

static void weekly(struct chart *ch, const struct svc_figures *f)
{
    ch->lines = true;
    ch->first_col = T_FIG_COL_WEEK;
    ch->cats = f->week_count;
    for (size_t i = 0; i < f->week_count; i++)
        ch->week[i] = f->weeks[i].monday;
}

static void chart_fill(struct chart *ch, const struct svc_figures *f, unsigned names)
{
    *ch =
        (struct chart){.id = "fill", .title = T_FIG_FILL, .desc = T_FIG_FILL_DESC, .percent = true};
    weekly(ch, f);
    int col[SCHED_WIN_NAME_COUNT];
    for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
        col[n] = (int)ch->series_count;
        if (names & (1u << n))
            add_series(ch, window_words[n], window_colour[n]);
    }
    for (size_t i = 0; i < ch->cats; i++)
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
            if (!(names & (1u << n)))
                continue;
            int taken = f->weeks[i].taken[n], offered = f->weeks[i].offered[n];
            ch->num[i][col[n]] = taken;
            ch->den[i][col[n]] = offered;
            ch->missing[i][col[n]] = offered == 0;
            ch->value[i][col[n]] =
                offered > 0 ? (int)((taken * 200L + offered) / (2L * offered)) : 0;
        }
}

static void chart_attendance(struct chart *ch, const struct svc_figures *f)
{
    *ch = (struct chart){.id = "attendance", .title = T_FIG_ATTEND, .desc = T_FIG_ATTEND_DESC};
    weekly(ch, f);
    add_series(ch, T_FIG_NO_SHOW, "#d4351c");
    add_series(ch, T_FIG_LAPSED, "#505a5f");
    for (size_t i = 0; i < ch->cats; i++) {
        ch->value[i][0] = f->weeks[i].no_shows;
        ch->value[i][1] = f->weeks[i].lapses;
    }
}

static void chart_demand(struct chart *ch, const struct svc_figures *f)
{
    *ch = (struct chart){.id = "demand", .title = T_FIG_DEMAND, .desc = T_FIG_DEMAND_DESC};
    weekly(ch, f);
    add_series(ch, T_FIG_NOON_BOOKED, "#1d70b8");
    add_series(ch, T_FIG_NOON_STAFF, "#1d70b8");
    add_series(ch, T_FIG_EVENING_BOOKED, "#4c2c92");
    add_series(ch, T_FIG_EVENING_STAFF, "#4c2c92");
    for (size_t i = 0; i < ch->cats; i++) {
        ch->value[i][0] = f->weeks[i].booked[SVC_FIG_NOON];
        ch->value[i][1] = f->weeks[i].staff[SVC_FIG_NOON];
        ch->value[i][2] = f->weeks[i].booked[SVC_FIG_EVENING];
        ch->value[i][3] = f->weeks[i].staff[SVC_FIG_EVENING];
    }
}

static void chart_lead(struct chart *ch, const struct svc_figures *f, unsigned names)
{
    static const enum web_text buckets[SVC_LEAD_COUNT] = {
        T_FIG_LEAD_SAME_DAY, T_FIG_LEAD_1,     T_FIG_LEAD_2_3,   T_FIG_LEAD_4_7,
        T_FIG_LEAD_8_14,     T_FIG_LEAD_15_30, T_FIG_LEAD_31_90, T_FIG_LEAD_91_MORE};
    *ch = (struct chart){.id = "lead",
                         .title = T_FIG_LEAD,
                         .desc = T_FIG_LEAD_DESC,
                         .first_col = T_FIG_COL_LEAD,
                         .cats = SVC_LEAD_COUNT};
    int col[SCHED_WIN_NAME_COUNT];
    for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
        col[n] = (int)ch->series_count;
        if (names & (1u << n))
            add_series(ch, window_words[n], window_colour[n]);
    }
    for (int l = 0; l < SVC_LEAD_COUNT; l++) {
        ch->cat_text[l] = buckets[l];
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++)
            if (names & (1u << n))
                ch->value[l][col[n]] = f->lead[l][n];
    }
}

static void chart_weddings(struct chart *ch, const struct svc_figures *f)
{
    *ch = (struct chart){.id = "weddings",
                         .title = T_FIG_WEDDINGS,
                         .desc = T_FIG_WEDDINGS_DESC,
                         .first_col = T_FIG_COL_MONTH,
                         .cats = f->month_count};
    add_series(ch, T_WIN_SATURDAY, window_colour[SCHED_WIN_SATURDAY]);
    add_series(ch, T_WIN_HOLIDAY, window_colour[SCHED_WIN_HOLIDAY]);
    /* By the day they take effect: the holiday weddings the office
     * registered ahead on a working day (no holiday staff) count too. */
    add_series(ch, T_FIG_EFFECTIVE_HOLIDAY, "#00703c");
    add_series(ch, T_FIG_DESIGNATED, "#505a5f");
    for (size_t i = 0; i < f->month_count; i++) {
        ch->year[i] = f->months[i].year;
        ch->month[i] = f->months[i].month;
        ch->value[i][0] = f->months[i].weddings[SVC_FIG_SATURDAY];
        ch->value[i][1] = f->months[i].weddings[SVC_FIG_HOLIDAY];
        ch->value[i][2] = f->months[i].effective_holiday;
        ch->value[i][3] = f->months[i].designated;
    }
}

static void chart_channels(struct chart *ch, const struct svc_figures *f)
{
    *ch = (struct chart){.id = "channels", .title = T_FIG_CHANNELS, .desc = T_FIG_CHANNELS_DESC};
    weekly(ch, f);
    add_series(ch, T_FIG_WEB, "#1d70b8");
    add_series(ch, T_FIG_PHONE, "#00703c");
    add_series(ch, T_FIG_FAX, "#912b88");
    add_series(ch, T_FIG_COUNTER, "#4c2c92");
    for (size_t i = 0; i < ch->cats; i++)
        for (int k = 0; k < SVC_CHANNEL_COUNT && k < MAX_SERIES; k++)
            ch->value[i][k] = f->weeks[i].channels[k];
}

/* ---- drawing ------------------------------------------------------------------------ */

static const char *const month_short_en[] = {"",    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* A category's name: short under the axis, long in the table. */
static void cat_label(struct web_page *p, const struct chart *ch, size_t i, bool is_long)
{
    if (ch->lines) {
        int y, m, d;
        fh_day_to_ymd(ch->week[i], &y, &m, &d);
        if (is_long && p->en)
            web_htmlf(&p->b, "%d %s %d", d, month_short_en[m], y);
        else if (is_long)
            web_htmlf(&p->b, "%d/%d/%d", y, m, d);
        else
            web_htmlf(&p->b, "%d/%d", m, d);
    } else if (ch->first_col == T_FIG_COL_MONTH) {
        if (p->en)
            web_htmlf(&p->b, is_long ? "%s %d" : "%s", month_short_en[ch->month[i]], ch->year[i]);
        else if (is_long)
            web_htmlf(&p->b, "%d年%d月", ch->year[i], ch->month[i]);
        else
            web_htmlf(&p->b, "%d月", ch->month[i]);
    } else {
        web_txt(&p->b, web_t(p, ch->cat_text[i]));
    }
}

/* The top of the value axis: 100 for percentages (more if a week was
 * overbooked), else a round number at or above the largest value. */
static int axis_top(const struct chart *ch)
{
    int max = 0;
    for (size_t i = 0; i < ch->cats; i++)
        for (size_t k = 0; k < ch->series_count; k++)
            if (!ch->missing[i][k] && ch->value[i][k] > max)
                max = ch->value[i][k];
    if (ch->percent)
        return max <= 100 ? 100 : (max + 24) / 25 * 25;
    if (max <= 4)
        return 4;
    /* 1, 2, 5 or 10 times a power of ten per step, four steps. */
    for (long step = 1;; step *= 10) {
        static const int mult[] = {1, 2, 5};
        for (size_t m = 0; m < 3; m++)
            if (step * mult[m] * 4 >= max)
                return (int)(step * mult[m] * 4);
    }
}

/* Whole units: a pixel's fraction is not worth its bytes. */
static int y_of(int v, int top)
{
    return TOP + PLOT_H - (int)(((long)v * PLOT_H * 2 + top) / (2L * top));
}

/* The middle of category i. */
static int x_of(const struct chart *ch, size_t i)
{
    size_t n = ch->cats > 0 ? ch->cats : 1;
    return LEFT + (int)((PLOT_W * (2 * i + 1) + n) / (2 * n));
}

static void draw_axes(struct web_page *p, const struct chart *ch, int top)
{
    struct web_buf *b = &p->b;
    /* Grid lines light, the zero line dark, text in the body's colour. */
    web_html(b, "<g font-size=\"" FONT "\" fill=\"#0b0c0c\" stroke=\"#dbdad9\">");
    for (int t = 0; t <= 4; t++) {
        int y = y_of(top * t / 4, top);
        web_htmlf(b,
                  "<path d=\"M%d %dH%d\"%s/><text x=\"%d\" y=\"%d\" stroke=\"none\" "
                  "text-anchor=\"end\">%d%s</text>",
                  LEFT, y, W - RIGHT, t == 0 ? " stroke=\"#505a5f\"" : "", LEFT - 4, y + 4,
                  top * t / 4, ch->percent ? "%" : "");
    }
    web_html(b, "</g><g font-size=\"" FONT "\" fill=\"#0b0c0c\" text-anchor=\"middle\">");
    /* Category names under the axis, thinned so that they never overlap
     * (a label needs about 42 units). */
    size_t every = (42 * ch->cats + PLOT_W - 1) / PLOT_W;
    if (every < 1)
        every = 1;
    for (size_t i = 0; i < ch->cats; i += every) {
        web_htmlf(b, "<text x=\"%d\" y=\"%d\">", x_of(ch, i), H - BOTTOM + 19);
        cat_label(p, ch, i, false);
        web_html(b, "</text>");
    }
    web_html(b, "</g>");
}

static void draw_lines(struct web_page *p, const struct chart *ch, int top)
{
    struct web_buf *b = &p->b;
    for (size_t k = 0; k < ch->series_count; k++) {
        web_htmlf(b, "<path fill=\"none\" stroke-width=\"2.5\" stroke=\"%s\"",
                  ch->series[k].colour);
        if (ch->series[k].dash[0] != '\0')
            web_htmlf(b, " stroke-dasharray=\"%s\"", ch->series[k].dash);
        /* The values drawn, in order (empty where nothing was offered),
         * so that a test can hold the drawing to the table. */
        web_html(b, " data-values=\"");
        for (size_t i = 0; i < ch->cats; i++) {
            if (ch->missing[i][k])
                web_html(b, i > 0 ? " -" : "-");
            else
                web_htmlf(b, i > 0 ? " %d" : "%d", ch->value[i][k]);
        }
        web_html(b, "\" d=\"");
        bool pen_down = false;
        for (size_t i = 0; i < ch->cats; i++) {
            if (ch->missing[i][k]) {
                pen_down = false;
                continue;
            }
            web_htmlf(b, "%s%d %d", pen_down ? "L" : "M", x_of(ch, i), y_of(ch->value[i][k], top));
            pen_down = true;
        }
        web_html(b, "\"/>");
        /* A lone point (a week between gaps) still shows. */
        for (size_t i = 0; i < ch->cats; i++) {
            bool alone = !ch->missing[i][k] && (i == 0 || ch->missing[i - 1][k]) &&
                         (i + 1 == ch->cats || ch->missing[i + 1][k]);
            if (alone)
                web_htmlf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>", x_of(ch, i),
                          y_of(ch->value[i][k], top), ch->series[k].colour);
        }
    }
}

static void draw_bars(struct web_page *p, const struct chart *ch, int top)
{
    struct web_buf *b = &p->b;
    double step = (double)PLOT_W / (double)(ch->cats > 0 ? ch->cats : 1);
    double bar = step * 0.8 / (double)(ch->series_count > 0 ? ch->series_count : 1);
    for (size_t k = 0; k < ch->series_count; k++) {
        web_htmlf(b, "<g fill=\"%s\">", ch->series[k].colour);
        for (size_t i = 0; i < ch->cats; i++) {
            int y = y_of(ch->value[i][k], top);
            web_htmlf(b, "<rect data-v=\"%d\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                      ch->value[i][k], LEFT + step * (double)i + step * 0.1 + bar * (double)k, y,
                      bar, TOP + PLOT_H - y);
        }
        web_html(b, "</g>");
    }
}

/* The key: a sample of each series' line or bar, with its name as text. */
static void draw_legend(struct web_page *p, const struct chart *ch)
{
    struct web_buf *b = &p->b;
    web_html(b, "<ul class=\"fh-fig-legend\">");
    for (size_t k = 0; k < ch->series_count; k++) {
        web_html(b,
                 "<li><svg width=\"32\" height=\"14\" aria-hidden=\"true\" focusable=\"false\">");
        if (ch->lines) {
            web_htmlf(b,
                      "<line x1=\"1\" x2=\"31\" y1=\"7\" y2=\"7\" stroke-width=\"3\" stroke=\"%s\"",
                      ch->series[k].colour);
            if (ch->series[k].dash[0] != '\0')
                web_htmlf(b, " stroke-dasharray=\"%s\"", ch->series[k].dash);
            web_html(b, "/>");
        } else {
            web_htmlf(b, "<rect x=\"8\" y=\"1\" width=\"16\" height=\"12\" fill=\"%s\"/>",
                      ch->series[k].colour);
        }
        web_html(b, "</svg>");
        web_txt(b, web_t(p, ch->series[k].label));
        web_html(b, "</li>");
    }
    web_html(b, "</ul>\n");
}

/* Opens a figure's table, scrolling sideways on its own when wide: the
 * caption "Table: title", a row of heads, then <tbody> for the caller's
 * rows; table_end() closes it. table_id (NULL: none) names the table
 * itself. */
static void table_begin(struct web_page *p, const char *id, const char *table_id,
                        enum web_text title, const enum web_text *heads, size_t nheads)
{
    struct web_buf *b = &p->b;
    web_html(b,
             "<div class=\"fh-fig-table\" role=\"region\" tabindex=\"0\" aria-labelledby=\"fig-");
    web_attr(b, id);
    web_html(b, "-caption\"><table class=\"fh-table\"");
    if (table_id != NULL) {
        web_html(b, " id=\"");
        web_attr(b, table_id);
        web_html(b, "\"");
    }
    web_html(b, "><caption id=\"fig-");
    web_attr(b, id);
    web_html(b, "-caption\">");
    web_txt(b, web_t(p, T_FIG_TABLE));
    web_txt(b, web_t(p, title));
    web_html(b, "</caption>\n<thead><tr>");
    for (size_t k = 0; k < nheads; k++) {
        web_html(b, "<th scope=\"col\">");
        web_txt(b, web_t(p, heads[k]));
        web_html(b, "</th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n");
}

static void table_end(struct web_page *p)
{
    web_html(&p->b, "</tbody></table></div>\n");
}

static void draw_table(struct web_page *p, const struct chart *ch)
{
    struct web_buf *b = &p->b;
    enum web_text heads[MAX_SERIES + 1] = {ch->first_col};
    for (size_t k = 0; k < ch->series_count; k++)
        heads[k + 1] = ch->series[k].label;
    table_begin(p, ch->id, NULL, ch->title, heads, ch->series_count + 1);
    for (size_t i = 0; i < ch->cats; i++) {
        web_html(b, "<tr><th scope=\"row\">");
        cat_label(p, ch, i, true);
        web_html(b, "</th>");
        for (size_t k = 0; k < ch->series_count; k++) {
            web_html(b, "<td>");
            if (ch->missing[i][k])
                web_html(b, "–");
            else if (ch->percent)
                /* The parts go under the rate on narrow tables (CSS). */
                web_htmlf(b, "%d%%<span class=\"fh-fig-part\"> (%d/%d)</span>", ch->value[i][k],
                          ch->num[i][k], ch->den[i][k]);
            else
                web_htmlf(b, "%d", ch->value[i][k]);
            web_html(b, "</td>");
        }
        web_html(b, "</tr>\n");
    }
    table_end(p);
}

static void draw_chart(struct web_page *p, const struct chart *ch)
{
    struct web_buf *b = &p->b;
    int top = axis_top(ch);
    web_html(b, "<section class=\"fh-fig\" aria-labelledby=\"fig-");
    web_attr(b, ch->id);
    web_html(b, "-heading\">\n<h2 class=\"fh-heading-m\" id=\"fig-");
    web_attr(b, ch->id);
    web_html(b, "-heading\">");
    web_txt(b, web_t(p, ch->title));
    web_html(b, "</h2>\n<p class=\"fh-body\" id=\"fig-");
    web_attr(b, ch->id);
    web_html(b, "-desc\">");
    web_txt(b, web_t(p, ch->desc));
    web_html(b, "</p>\n<div class=\"fh-fig__body\"><div class=\"fh-fig__chart\">");
    web_htmlf(b, "<svg class=\"fh-chart\" viewBox=\"0 0 %d %d\" role=\"img\" ", W, H);
    web_html(b, "aria-labelledby=\"fig-");
    web_attr(b, ch->id);
    web_html(b, "-title\" aria-describedby=\"fig-");
    web_attr(b, ch->id);
    web_html(b, "-desc\" data-chart=\"");
    web_attr(b, ch->id);
    web_html(b, "\"><title id=\"fig-");
    web_attr(b, ch->id);
    web_html(b, "-title\">");
    web_txt(b, web_t(p, ch->title));
    web_html(b, "</title>");
    draw_axes(p, ch, top);
    if (ch->lines)
        draw_lines(p, ch, top);
    else
        draw_bars(p, ch, top);
    web_html(b, "</svg>\n");
    draw_legend(p, ch);
    web_html(b, "</div>\n");
    draw_table(p, ch);
    web_html(b, "</div>\n</section>\n");
}

void web_figures_render(struct web_page *p, const struct sched_office *office,
                        const struct svc_figures *f)
{
    /* One chart at a time: each is large (its numbers for 59 weeks). */
    struct chart *ch = fh_calloc(1, sizeof *ch);
    unsigned names = office_windows(office);
    chart_fill(ch, f, names);
    draw_chart(p, ch);
    chart_attendance(ch, f);
    draw_chart(p, ch);
    chart_demand(ch, f);
    draw_chart(p, ch);
    chart_lead(ch, f, names);
    draw_chart(p, ch);
    chart_weddings(ch, f);
    draw_chart(p, ch);
    chart_channels(ch, f);
    draw_chart(p, ch);
    free(ch);
}

/* ---- the CSV ------------------------------------------------------------------------ */

/* One field of RFC 4180: quoted when it holds a comma, a quote, CR or LF,
 * with quotes doubled. A field that a spreadsheet would run as a formula
 * (= + - @ first) gets a leading apostrophe inside quotes. */
void web_csv_field(struct web_buf *b, const char *s)
{
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        web_html(b, s);
        return;
    }
    web_html(b, formula ? "\"'" : "\"");
    for (const char *q = s; *q != '\0'; q++) {
        char one[2] = {*q, '\0'};
        web_html(b, *q == '"' ? "\"\"" : one);
    }
    web_html(b, "\"");
}

struct csv_state {
    struct web_buf *b;
    const char *office;
};

static bool csv_row(void *arg, const char *chart, const char *period, const char *series,
                    const char *measure, int value)
{
    struct csv_state *cs = arg;
    const char *fields[] = {cs->office, chart, period, series, measure};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        web_csv_field(cs->b, fields[i]);
        web_html(cs->b, ",");
    }
    web_htmlf(cs->b, "%d\r\n", value);
    return true;
}

char *web_figures_csv(const struct svc_figures *f, size_t *len)
{
    struct web_buf b = {0};
    web_html(&b, "office,chart,period,series,measure,value\r\n");
    struct csv_state cs = {&b, f->office};
    svc_figures_rows(f, csv_row, &cs);
    return web_buf_take(&b, len);
}

/* ---- the handlers ------------------------------------------------------------------- */

static enum web_text range_fault(const char *why)
{
    if (strcmp(why, "must not be before from") == 0)
        return T_FIG_ERR_ORDER;
    if (strncmp(why, "at most", 7) == 0)
        return T_FIG_ERR_RANGE;
    return T_FIG_ERR_DATE;
}

static void range_form(struct web_page *p, const char *office_id, fh_day first, fh_day last)
{
    struct web_buf *b = &p->b;
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    const char *from = http_query(p->c, "from"), *to = http_query(p->c, "to");
    web_html(b, "<form class=\"fh-fig-range\" method=\"get\" action=\"/admin/offices/");
    web_url_arg(b, office_id);
    web_html(b, "/figures\">\n");
    if (p->en)
        web_html(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    struct web_input in = {.id = "from",
                           .label = T_FIG_FROM,
                           .hint = T_FIG_DATE_HINT,
                           .value = from != NULL ? from : from_s,
                           .type = "text",
                           .narrow = true,
                           .spellcheck_off = true};
    web_input(p, &in);
    in = (struct web_input){.id = "to",
                            .label = T_FIG_TO,
                            .hint = T_FIG_DATE_HINT,
                            .value = to != NULL ? to : to_s,
                            .type = "text",
                            .narrow = true,
                            .spellcheck_off = true};
    web_input(p, &in);
    web_html(b, "<button class=\"fh-button fh-button--secondary\" type=\"submit\">");
    web_txt(b, web_t(p, T_FIG_SHOW));
    web_html(b, "</button>\n</form>\n");
}

/* ---- the satisfaction survey ---------------------------------------------------- */

/* The most comments the comments page lists (the newest visits'). */
#define COMMENTS_SHOWN 200

static void month_cell(struct web_buf *b, int yyyymm)
{
    web_htmlf(b, "%04d-%02d", yyyymm / 100 % 10000, yyyymm % 100);
}

/* The survey's averages by month and window, as a table, and the link to
 * its comments; false when the store failed (logged). */
static bool satisfaction_section(struct web_page *p, const char *office, fh_day first, fh_day last)
{
    struct web_buf *b = &p->b;
    struct store_satisfaction *rows;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_satisfaction(p->c->svc->store, office, first, last, &rows, &n, err, sizeof err) !=
        FH_OK) {
        fh_log(FH_LOG_ERROR, "satisfaction: %s", err);
        return false;
    }
    web_html(b, "<section class=\"fh-fig\" aria-labelledby=\"fig-satisfaction-heading\">\n"
                "<h2 class=\"fh-heading-m\" id=\"fig-satisfaction-heading\">");
    web_txt(b, web_t(p, T_FIG_SATISFACTION));
    web_html(b, "</h2>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"satisfaction-none\">");
        web_txt(b, web_t(p, T_FIG_SATISFACTION_NONE));
        web_html(b, "</p>\n");
    } else {
        static const enum web_text heads[] = {T_FIG_MONTH,        T_FIG_WINDOW,
                                              T_FIG_ANSWERS,      T_FIG_SAT_WAITING,
                                              T_FIG_SAT_COURTESY, T_FIG_SAT_OVERALL};
        table_begin(p, "satisfaction", "satisfaction", T_FIG_SATISFACTION, heads,
                    sizeof heads / sizeof heads[0]);
        for (size_t i = 0; i < n; i++) {
            web_html(b, "<tr><th scope=\"row\">");
            month_cell(b, rows[i].month);
            web_html(b, "</th><td>");
            web_txt(b, web_window_word(p, rows[i].window));
            web_htmlf(b, "</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>\n",
                      rows[i].answers, rows[i].waiting, rows[i].courtesy, rows[i].overall);
        }
        table_end(p);
    }
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    web_html(b, "<p class=\"fh-body\"><a id=\"comments-link\" href=\"/admin/offices/");
    web_url_arg(b, office);
    web_html(b, "/comments?from=");
    web_url_arg(b, from_s);
    web_html(b, "&amp;to=");
    web_url_arg(b, to_s);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_FIG_COMMENTS_LINK));
    web_html(b, "</a></p>\n</section>\n");
    free(rows);
    return true;
}

/* The signed-in manager, office and range of a figures request, or false
 * after answering. */
static bool figures_request(struct http_ctx *c, struct web_admin *a,
                            const struct sched_office **office, fh_day *first, fh_day *last,
                            const char **field, const char **why)
{
    if (!web_admin_signed_in(c, a) || !web_admin_needs(c, a, STORE_ROLE_MANAGER))
        return false;
    if ((*office = web_admin_office(c, a, c->params[0])) == NULL)
        return false;
    fh_day today = fh_day_of(svc_now(*office));
    *why = svc_figures_range(today, http_query(c, "from"), http_query(c, "to"), first, last, field);
    return true;
}

void web_figures_page(struct http_ctx *c)
{
    const struct sched_office *office;
    fh_day first, last;
    const char *field = NULL, *why;
    struct web_admin a;
    if (!figures_request(c, &a, &office, &first, &last, &field, &why))
        return;
    struct web_page p;
    web_page_init(&p, c);
    const struct sched_office_spec *o = sched_office_spec(office);
    struct svc_figures *f = NULL;
    if (why != NULL) {
        web_fault(&p, field, range_fault(why));
        /* Show the default period under the form while the fault is fixed. */
        svc_figures_range(fh_day_of(svc_now(office)), NULL, NULL, &first, &last, &field);
    }
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_figures(c->svc, office, first, last, &f, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "figures: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_admin_begin(&p, &a, web_t(&p, T_FIG_TITLE));
    struct web_buf *b = &p.b;
    web_error_summary(&p);
    web_html(b, "<p class=\"fh-caption\">");
    web_txt(b, web_pick(&p, o->name_zh, o->name_en));
    web_html(b, "</p>\n<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_FIG_TITLE));
    web_html(b, "</h1>\n<p class=\"fh-body\">");
    web_txt(b, web_t(&p, T_FIG_INTRO));
    web_html(b, "</p>\n<p class=\"fh-body\"><strong>");
    web_txt(b, web_t(&p, T_FIG_PERIOD));
    web_date(&p, first, false);
    web_txt(b, web_t(&p, T_FIG_PERIOD_TO));
    web_date(&p, last, false);
    web_html(b, "</strong></p>\n");
    range_form(&p, o->id, first, last);
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    web_html(b, "<p class=\"fh-body\"><a href=\"/admin/offices/");
    web_url_arg(b, o->id);
    web_html(b, "/figures.csv?from=");
    web_url_arg(b, from_s);
    web_html(b, "&amp;to=");
    web_url_arg(b, to_s);
    web_html(b, "\" download>");
    web_txt(b, web_t(&p, T_FIG_CSV));
    web_html(b, "</a></p>\n");
    web_figures_render(&p, office, f);
    svc_figures_free(f);
    if (!satisfaction_section(&p, o->id, first, last)) {
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_page_send(&p, why != NULL ? HTTP_UNPROCESSABLE_CONTENT : HTTP_OK);
}

void web_figures_comments(struct http_ctx *c)
{
    const struct sched_office *office;
    fh_day first, last;
    const char *field = NULL, *why;
    struct web_admin a;
    if (!figures_request(c, &a, &office, &first, &last, &field, &why))
        return;
    struct web_page p;
    web_page_init(&p, c);
    const struct sched_office_spec *o = sched_office_spec(office);
    if (why != NULL) {
        web_fault(&p, field, range_fault(why));
        svc_figures_range(fh_day_of(svc_now(office)), NULL, NULL, &first, &last, &field);
    }
    struct store_survey_comment *rows;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_survey_comments(c->svc->store, o->id, first, last, COMMENTS_SHOWN, &rows, &n, err,
                              sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "survey comments: %s", err);
        web_buf_free(&p.b);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    web_admin_begin(&p, &a, web_t(&p, T_COMMENTS_TITLE));
    struct web_buf *b = &p.b;
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    char *back = fh_asprintf("/admin/offices/%s/figures?from=%s&to=%s", o->id, from_s, to_s);
    web_back_link(&p, back);
    free(back);
    web_error_summary(&p);
    web_html(b, "<p class=\"fh-caption\">");
    web_txt(b, web_pick(&p, o->name_zh, o->name_en));
    web_html(b, "</p>\n<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(&p, T_COMMENTS_TITLE));
    web_html(b, "</h1>\n<p class=\"fh-body\"><strong>");
    web_txt(b, web_t(&p, T_FIG_PERIOD));
    web_date(&p, first, false);
    web_txt(b, web_t(&p, T_FIG_PERIOD_TO));
    web_date(&p, last, false);
    web_html(b, "</strong></p>\n");
    if (n == 0) {
        web_html(b, "<p class=\"fh-body\" id=\"comments-none\">");
        web_txt(b, web_t(&p, T_COMMENTS_NONE));
        web_html(b, "</p>\n");
    }
    web_html(b, "<ul class=\"fh-list fh-comments\" id=\"comments\">\n");
    for (size_t i = 0; i < n; i++) {
        int service = sched_office_service_index(office, rows[i].service);
        web_html(b, "<li class=\"fh-comment\"><p class=\"fh-hint\">");
        web_date(&p, rows[i].day, false);
        web_html(b, " · ");
        web_txt(b, web_window_word(&p, rows[i].window));
        web_html(b, " · ");
        web_txt(b, service >= 0 ? web_service_name(&p, office, service) : rows[i].service);
        web_html(b, "<br>");
        web_txt(b, web_t(&p, T_COMMENTS_SCORES));
        web_htmlf(b, " %d / %d / %d", rows[i].waiting, rows[i].courtesy, rows[i].overall);
        web_html(b, "</p>\n<blockquote class=\"fh-comment__text\"><p><bdi>");
        web_txt(b, rows[i].comment);
        web_html(b, "</bdi></p></blockquote></li>\n");
    }
    web_html(b, "</ul>\n");
    free(rows);
    web_page_send(&p, why != NULL ? HTTP_UNPROCESSABLE_CONTENT : HTTP_OK);
}

void web_figures_csv_download(struct http_ctx *c)
{
    const struct sched_office *office;
    fh_day first, last;
    const char *field = NULL, *why;
    struct web_admin a;
    if (!figures_request(c, &a, &office, &first, &last, &field, &why))
        return;
    if (why != NULL) {
        char *text = fh_asprintf("%s: %s\r\n", field, why);
        http_reply(c, HTTP_UNPROCESSABLE_CONTENT, "text/plain; charset=utf-8", text);
        return;
    }
    struct svc_figures *f;
    char err[FH_ERR_LEN] = "";
    if (svc_figures(c->svc, office, first, last, &f, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "figures: %s", err);
        http_reply(c, HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
                   fh_strdup("the figures could not be read\r\n"));
        return;
    }
    char from_s[FH_DATE_LEN], to_s[FH_DATE_LEN], disposition[200];
    fh_format_date(first, from_s);
    fh_format_date(last, to_s);
    /* Office ids are [a-z0-9-] (the configuration checks them). */
    snprintf(disposition, sizeof disposition, "attachment; filename=\"figures-%s-%s-%s.csv\"",
             f->office, from_s, to_s);
    http_add_header(c, "Content-Disposition", disposition);
    http_reply(c, HTTP_OK, "text/csv; charset=utf-8", web_figures_csv(f, NULL));
    svc_figures_free(f);
}

void web_figures_first(struct http_ctx *c)
{
    struct web_admin a;
    if (!web_admin_signed_in(c, &a) || !web_admin_needs(c, &a, STORE_ROLE_MANAGER))
        return;
    const char *id = web_admin_first_office(c, &a);
    if (id == NULL) {
        web_admin_forbidden(c);
        return;
    }
    char *to = fh_asprintf("/admin/offices/%s/figures", id);
    web_redirect(c, to);
    free(to);
}
