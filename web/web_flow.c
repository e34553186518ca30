/* web_flow.c: the two pages a booking and a move share: the month grid of
 * days with places (each day a link, with the windows it opens in words)
 * and the times of one day with the places left, as radios. The booking
 * flow's grid is kept in the service's answer cache while nothing changes:
 * it is the page a rush asks for most. */
#include "web/web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum web_text web_refusal_text(enum sched_refusal r)
{
    switch (r) {
    case SCHED_SLOT_FULL:
        return T_REFUSED_FULL;
    case SCHED_IN_PAST:
    case SCHED_CUTOFF_PASSED:
        return T_REFUSED_CLOSED;
    case SCHED_NOT_YET_OPEN:
    case SCHED_NOT_YET_RELEASED:
        return T_REFUSED_NOT_OPEN;
    case SCHED_NOT_RESIDENT:
        return T_REFUSED_RESIDENT;
    case SCHED_DUPLICATE_BOOKING:
        return T_REFUSED_DUPLICATE;
    case SCHED_DAILY_LIMIT:
        return T_REFUSED_DAILY;
    case SCHED_SUSPENDED:
        return T_REFUSED_SUSPENDED;
    case SCHED_EFFECTIVE_DATE:
        return T_ERR_EFFECTIVE_TOO_FAR;
    default:
        return T_REFUSED_GONE;
    }
}

enum web_text web_effective_text(const char *code)
{
    for (int e = SCHED_EFFECTIVE_NOT_OFFERED; e < SCHED_EFFECTIVE_COUNT; e++) {
        if (strcmp(code, sched_effective_code((enum sched_effective)e)) != 0)
            continue;
        switch ((enum sched_effective)e) {
        case SCHED_EFFECTIVE_NOT_OFFICE_DAY:
            return T_ERR_EFFECTIVE_OFFICE_DAY;
        case SCHED_EFFECTIVE_NOT_AFTER:
            return T_ERR_EFFECTIVE_NOT_AFTER;
        case SCHED_EFFECTIVE_TOO_FAR:
            return T_ERR_EFFECTIVE_TOO_FAR;
        default:
            return T_ERR_EFFECTIVE_NOT_OFFERED;
        }
    }
    return T_ERR_EFFECTIVE_FORM;
}

/* "前 7 天 00:00" / "7 days before at 00:00": when a booking rule falls. */
static void rule_text(struct web_page *p, const struct sched_rule *r)
{
    struct web_buf *b = &p->b;
    web_txt(b, web_t(p, T_RULE_BEFORE));
    web_htmlf(b, "%d", r->days);
    web_txt(b, web_t(p, r->working_days ? (r->days == 1 ? T_RULE_WORKING_DAY : T_RULE_WORKING_DAYS)
                                        : (r->days == 1 ? T_RULE_DAY : T_RULE_DAYS)));
    if (r->at == SCHED_AT_SLOT_TIME) {
        web_txt(b, web_t(p, T_RULE_SAME_TIME));
    } else {
        char hhmm[6];
        fh_format_hhmm(r->at, hhmm);
        web_txt(b, web_t(p, T_RULE_AT));
        web_txt(b, hhmm);
    }
}

static bool same_rule(const struct sched_rule *a, const struct sched_rule *b)
{
    return a->days == b->days && a->working_days == b->working_days && a->at == b->at;
}

static bool window_takes(const struct sched_office *office, const struct sched_window_spec *ws,
                         int service)
{
    const char *id = sched_office_spec(office)->services[service].id;
    for (size_t i = 0; i < ws->service_count; i++)
        if (strcmp(ws->services[i], "*") == 0 || strcmp(ws->services[i], id) == 0)
            return true;
    return false;
}

/* "opens 2027-04-20 09:00" / "2027-04-20 09:00 開放預約"; short: without the
 * year, for a calendar's cell. */
static void opens_words(struct web_page *p, fh_minute at, bool short_form)
{
    char date[FH_DATE_LEN], hhmm[6];
    fh_format_date(fh_day_of(at), date);
    fh_format_hhmm(fh_minute_of_day(at), hhmm);
    web_txt(&p->b, web_t(p, T_OPENS_BEFORE));
    if (short_form) {
        int y, m, d;
        fh_day_to_ymd(fh_day_of(at), &y, &m, &d);
        web_htmlf(&p->b, "%d/%d", m, d);
    } else {
        web_txt(&p->b, date);
    }
    web_txt(&p->b, " ");
    web_txt(&p->b, hhmm);
    web_txt(&p->b, web_t(p, T_OPENS_AFTER));
}

size_t web_releases(struct web_page *p, const struct sched_office *office)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_day today = fh_day_of(svc_now(office));
    size_t n = 0;
    for (size_t i = 0; i < o->release_count; i++) {
        if (o->releases[i].date < today)
            continue;
        n++;
        if (p == NULL)
            continue;
        char date[FH_DATE_LEN];
        fh_format_date(o->releases[i].date, date);
        web_html(&p->b, "<li>");
        web_txt(&p->b, web_t(p, T_RELEASED_DATES));
        web_txt(&p->b, date);
        web_txt(&p->b, p->en ? " " : "，");
        opens_words(p, sched_release_instant(&o->releases[i]), false);
        if (o->releases[i].draw) {
            char hhmm[6];
            fh_minute from = sched_instant_of(&o->releases[i].draw_opens, o->releases[i].date);
            fh_minute to = sched_instant_of(&o->releases[i].draw_closes, o->releases[i].date);
            web_txt(&p->b, web_t(p, T_DRAW_RELEASE_NOTE));
            fh_format_date(fh_day_of(from), date);
            fh_format_hhmm(fh_minute_of_day(from), hhmm);
            web_txt(&p->b, date);
            web_txt(&p->b, " ");
            web_txt(&p->b, hhmm);
            web_txt(&p->b, web_t(p, T_DRAW_TO));
            fh_format_date(fh_day_of(to), date);
            fh_format_hhmm(fh_minute_of_day(to), hhmm);
            web_txt(&p->b, date);
            web_txt(&p->b, " ");
            web_txt(&p->b, hhmm);
            web_txt(&p->b, web_t(p, T_DRAW_RELEASE_NOTE_END));
        }
        web_html(&p->b, "</li>\n");
    }
    return n;
}

/* How far ahead a grid lets a person page, beyond the furthest horizon of
 * the windows that take the service (working days count as 7/5 of one), and
 * to the dates released at a set time, so that the grid can say when they
 * open. */
static int horizon_days(const struct sched_office *office, int service, fh_day today)
{
    int most = 7;
    const struct sched_office_spec *o = sched_office_spec(office);
    for (size_t i = 0; i < o->release_count; i++)
        if (o->releases[i].date > today && o->releases[i].date - today <= 366 &&
            o->releases[i].date - today > most)
            most = (int)(o->releases[i].date - today);
    for (int w = 0; w < sched_office_window_count(office); w++) {
        const struct sched_window_spec *ws = sched_office_window(office, w);
        if (!window_takes(office, ws, service))
            continue;
        int days = ws->horizon.working_days ? ws->horizon.days * 7 / 5 + 4 : ws->horizon.days;
        if (days > most)
            most = days;
    }
    return most;
}

/* When booking opens and closes for the service, by kind of window, from the
 * office's own rules: "午間、夜間：前 7 天 00:00 開放，前 1 天 15:00 截止". */
static void booking_rules(struct web_page *p, const struct web_flow *f)
{
    const struct sched_office_spec *o = sched_office_spec(f->office);
    struct web_buf *b = &p->b;
    bool done[64] = {false};
    size_t count = o->window_count < 64 ? o->window_count : 64;
    web_html(b, "<h2 class=\"fh-heading-s\">");
    web_txt(b, web_t(p, T_WHEN_OPEN_HEADING));
    web_html(b, "</h2>\n<ul class=\"fh-list fh-list--bullet\">\n");
    for (size_t w = 0; w < count; w++) {
        const struct sched_window_spec *ws = &o->windows[w];
        if (done[w] || !window_takes(f->office, ws, f->service))
            continue;
        /* Every window with the same rules on one line, each name once. */
        unsigned names = 0;
        for (size_t v = w; v < count; v++) {
            const struct sched_window_spec *vs = &o->windows[v];
            if (!done[v] && window_takes(f->office, vs, f->service) &&
                same_rule(&vs->horizon, &ws->horizon) && same_rule(&vs->cutoff, &ws->cutoff)) {
                done[v] = true;
                names |= 1u << vs->name;
            }
        }
        web_html(b, "<li>");
        bool any = false;
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
            if (!(names & (1u << n)))
                continue;
            web_txt(b, any ? web_t(p, T_LIST_SEP) : "");
            web_txt(b, web_window_word(p, sched_window_name_str(n)));
            any = true;
        }
        web_txt(b, p->en ? ": " : "：");
        web_txt(b, web_t(p, T_RULE_OPENS_EN));
        rule_text(p, &ws->horizon);
        web_txt(b, web_t(p, T_RULE_OPENS));
        web_txt(b, web_t(p, T_RULE_CLOSES_EN));
        rule_text(p, &ws->cutoff);
        web_txt(b, web_t(p, T_RULE_CLOSES));
        web_html(b, "</li>\n");
    }
    web_releases(p, f->office);
    web_html(b, "</ul>\n");
}

/* ---- addresses of a flow ------------------------------------------------------------ */

static void flow_href(struct web_buf *b, const struct web_flow *f, const char *page)
{
    web_attr(b, f->base);
    if (!f->moving) {
        web_html(b, page);
        web_html(b, "?service=");
        web_url_arg(b, sched_office_spec(f->office)->services[f->service].id);
    } else {
        web_html(b, "?");
        web_attr(b, f->extra_query);
    }
}

static void day_href(struct web_buf *b, const struct web_flow *f, fh_day d)
{
    char date[FH_DATE_LEN];
    fh_format_date(d, date);
    flow_href(b, f, "/time");
    web_html(b, "&amp;day=");
    web_url_arg(b, date);
}

/* The waitlist of a full day of the flow's service (a booking's flow
 * only): "/o/OFFICE/waitlist?service=&day=". */
static void waitlist_href(struct web_buf *b, const struct web_flow *f, fh_day d)
{
    char date[FH_DATE_LEN];
    fh_format_date(d, date);
    web_html(b, "/o/");
    web_url_arg(b, sched_office_spec(f->office)->id);
    web_html(b, "/waitlist?service=");
    web_url_arg(b, sched_office_spec(f->office)->services[f->service].id);
    web_html(b, "&amp;day=");
    web_url_arg(b, date);
}

static void month_href(struct web_buf *b, const struct web_flow *f, int year, int month)
{
    char m[32];
    snprintf(m, sizeof m, "%04d-%02d", year, month);
    flow_href(b, f, "/day");
    web_html(b, "&amp;month=");
    web_url_arg(b, m);
}

static void service_inset(struct web_page *p, const struct web_flow *f)
{
    web_html(&p->b, "<div class=\"fh-inset\"><p>");
    if (f->moving && f->booking != NULL) {
        web_txt(&p->b, web_t(p, T_MOVING_FROM));
        web_html(&p->b, " ");
        web_date(p, fh_day_of(f->booking->start), false);
        web_html(&p->b, " ");
        web_span(p, f->booking->start, f->booking->end);
        web_html(&p->b, "<br>");
    }
    web_html(&p->b, "<strong>");
    web_txt(&p->b, web_service_name(p, f->office, f->service));
    web_html(&p->b, "</strong></p></div>\n");
}

/* ---- the month grid ------------------------------------------------------------------ */

struct day_state {
    int bookable;     /* slots with a place, open for booking now */
    unsigned windows; /* bits of the window names of those slots */
    bool full;        /* slots that are open but have no place left */
    fh_minute opens;  /* the day waits for its release at this instant; 0: not */
    bool draw;        /* waiting, its places are given by a draw first (sched_draw_phase()) */
};

static const char *const weekdays_zh[] = {"日", "一", "二", "三", "四", "五", "六"};
static const char *const weekdays_en[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const weekdays_en_long[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};

/* The first month from today's with a bookable slot, within two months. */
static void first_open_month(struct web_page *p, const struct web_flow *f, fh_day today, int *year,
                             int *month)
{
    int d;
    fh_day_to_ymd(today, year, month, &d);
    struct sched_slot *slots;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (svc_slots(p->c->svc, f->office, f->service, today, today + 62, svc_now(f->office), 0,
                  &slots, &n, err, sizeof err) != FH_OK)
        return;
    if (n > 0)
        fh_day_to_ymd(fh_day_of(slots[0].start), year, month, &d);
    free(slots);
}

static void grid(struct web_page *p, const struct web_flow *f, int year, int month,
                 const struct day_state *days, fh_day first)
{
    struct web_buf *b = &p->b;
    int count = fh_days_in_month(year, month);
    int lead = fh_weekday(first) % 7; /* Sunday first, as Taiwan's calendars */
    web_html(b, "<table class=\"fh-calendar\">\n<caption class=\"fh-heading-m\">");
    web_month(p, year, month);
    web_html(b, "</caption>\n<thead><tr>");
    for (int i = 0; i < 7; i++) {
        web_html(b, "<th scope=\"col\"><abbr title=\"");
        web_txt(b, p->en ? weekdays_en_long[i] : "星期");
        if (!p->en)
            web_txt(b, weekdays_zh[i]);
        web_html(b, "\">");
        web_txt(b, p->en ? weekdays_en[i] : weekdays_zh[i]);
        web_html(b, "</abbr></th>");
    }
    web_html(b, "</tr></thead>\n<tbody>\n<tr>");
    for (int i = 0; i < lead; i++)
        web_html(b, "<td></td>");
    for (int i = 0; i < count; i++) {
        fh_day d = first + i;
        if (i > 0 && (lead + i) % 7 == 0)
            web_html(b, "</tr>\n<tr>");
        const struct day_state *s = &days[i];
        if (s->bookable > 0) {
            web_html(b, "<td class=\"fh-calendar__day fh-calendar__day--open\"><a href=\"");
            day_href(b, f, d);
            web_htmlf(b, "\"><span class=\"fh-calendar__num\">%d</span>", i + 1);
            web_html(b, "<span class=\"fh-visually-hidden\">");
            web_date(p, d, false);
            web_html(b, " ");
            web_txt(b, web_t(p, T_DAY_HAS_PLACES));
            web_html(b, "</span><span class=\"fh-calendar__what\" aria-hidden=\"true\">");
            bool any = false;
            for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
                if (!(s->windows & (1u << n)))
                    continue;
                web_html(b, any ? " " : "");
                web_html(b, "<span class=\"fh-calendar__window\">");
                web_txt(b, web_window_short(p, sched_window_name_str(n)));
                web_html(b, "</span>");
                any = true;
            }
            web_html(b, "</span><span class=\"fh-visually-hidden\">");
            any = false;
            for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
                if (!(s->windows & (1u << n)))
                    continue;
                web_html(b, any ? web_t(p, T_LIST_SEP) : "");
                web_txt(b, web_window_word(p, sched_window_name_str(n)));
                any = true;
            }
            web_html(b, "</span></a></td>");
        } else if (s->draw) {
            /* A draw's day leads to the day's page, which tells about it. */
            web_html(b, "<td class=\"fh-calendar__day fh-calendar__day--open "
                        "fh-calendar__day--draw\"><a href=\"");
            day_href(b, f, d);
            web_htmlf(b, "\"><span class=\"fh-calendar__num\">%d</span>", i + 1);
            web_html(b, "<span class=\"fh-visually-hidden\">");
            web_date(p, d, false);
            web_html(b, " </span><span class=\"fh-calendar__what\">");
            web_txt(b, web_t(p, T_DRAW_CELL));
            web_html(b, "</span><span class=\"fh-visually-hidden\"> ");
            web_txt(b, web_t(p, T_DRAW_CELL_HIDDEN));
            web_html(b, "</span></a></td>");
        } else if (s->opens != 0) {
            web_html(b, "<td class=\"fh-calendar__day fh-calendar__day--full "
                        "fh-calendar__day--release\">");
            web_htmlf(b, "<span class=\"fh-calendar__num\">%d</span>", i + 1);
            web_html(b, "<span class=\"fh-calendar__what\">");
            opens_words(p, s->opens, true);
            web_html(b, "</span></td>");
        } else if (s->full && !f->moving) {
            /* A full day may be waited for: its cell leads to the waitlist. */
            web_html(b, "<td class=\"fh-calendar__day fh-calendar__day--full\"><a href=\"");
            waitlist_href(b, f, d);
            web_htmlf(b, "\"><span class=\"fh-calendar__num\">%d</span>", i + 1);
            web_html(b, "<span class=\"fh-visually-hidden\">");
            web_date(p, d, false);
            web_html(b, " </span><span class=\"fh-calendar__what\">");
            web_txt(b, web_t(p, T_DAY_FULL));
            web_html(b, "</span><span class=\"fh-visually-hidden\"> ");
            web_txt(b, web_t(p, T_WAITLIST_JOIN_DAY));
            web_html(b, "</span></a></td>");
        } else if (s->full) {
            web_htmlf(b,
                      "<td class=\"fh-calendar__day fh-calendar__day--full\">"
                      "<span class=\"fh-calendar__num\">%d</span>",
                      i + 1);
            web_html(b, "<span class=\"fh-calendar__what\">");
            web_txt(b, web_t(p, T_DAY_FULL));
            web_html(b, "</span></td>");
        } else {
            web_htmlf(b,
                      "<td class=\"fh-calendar__day fh-calendar__day--closed\">"
                      "<span class=\"fh-calendar__num\">%d</span>",
                      i + 1);
            web_html(b, "<span class=\"fh-visually-hidden\"> ");
            web_txt(b, web_t(p, T_DAY_NO_PLACES));
            web_html(b, "</span></td>");
        }
    }
    for (int i = (lead + count) % 7; i > 0 && i < 7; i++)
        web_html(b, "<td></td>");
    web_html(b, "</tr>\n</tbody>\n</table>\n");
}

static void render_day_page(struct web_page *p, const struct web_flow *f, int year, int month,
                            fh_day today)
{
    struct http_ctx *c = p->c;
    struct web_buf *b = &p->b;
    fh_day first = fh_day_from_ymd(year, month, 1);
    int count = fh_days_in_month(year, month);
    fh_day last = first + count - 1;
    struct day_state *days = fh_calloc((size_t)count, sizeof *days);
    fh_day from = first < today ? today : first;
    int ty, tm, td;
    fh_day_to_ymd(today, &ty, &tm, &td);
    if (from <= last) {
        struct sched_slot *slots;
        size_t n;
        char err[FH_ERR_LEN] = "";
        if (svc_slots(c->svc, f->office, f->service, from, last, svc_now(f->office),
                      SCHED_SLOTS_ALL, &slots, &n, err, sizeof err) != FH_OK) {
            fh_log(FH_LOG_ERROR, "%s", err);
            free(days);
            web_buf_free(b);
            web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            struct day_state *s = &days[fh_day_of(slots[i].start) - first];
            if (slots[i].bookable) {
                s->bookable++;
                s->windows |= 1u << sched_office_window(f->office, slots[i].window)->name;
            } else if (slots[i].unreleased && slots[i].remaining > 0) {
                s->opens = sched_release_at(f->office, fh_day_of(slots[i].start));
            } else if (slots[i].remaining == 0 && slots[i].start > svc_now(f->office)) {
                s->full = true;
            }
        }
        free(slots);
    }
    for (int i = 0; i < count && !f->moving; i++)
        days[i].draw =
            days[i].opens != 0 &&
            sched_draw_phase(f->office, first + i, svc_now(f->office)) != SCHED_DRAW_NONE;
    int open_days = 0;
    for (int i = 0; i < count; i++)
        open_days += days[i].bookable > 0;

    web_page_begin(p, web_t(p, f->moving ? T_MOVE_DAY_TITLE : T_DAY_TITLE));
    web_back_link(p, f->back);
    if (!f->moving)
        web_caption(p, 2, 5);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, f->moving ? T_MOVE_DAY_TITLE : T_DAY_TITLE));
    web_html(b, "</h1>\n");
    service_inset(p, f);
    web_html(b, "<p class=\"fh-body\">");
    web_txt(b, web_t(p, open_days > 0 ? T_DAY_HOWTO : T_DAY_NONE_THIS_MONTH));
    web_html(b, "</p>\n");
    grid(p, f, year, month, days, first);
    free(days);

    /* Paging: back to this month, on as far as booking can open. */
    int py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
    int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
    bool prev = year * 12 + month > ty * 12 + tm;
    bool next = fh_day_from_ymd(ny, nm, 1) <= today + horizon_days(f->office, f->service, today);
    if (prev || next) {
        web_html(b, "<nav class=\"fh-calendar__nav\" aria-label=\"");
        web_attr(b, web_t(p, T_MONTHS));
        web_html(b, "\">");
        if (prev) {
            web_html(b, "<a rel=\"prev\" href=\"");
            month_href(b, f, py, pm);
            web_html(b, "\">‹ ");
            web_month(p, py, pm);
            web_html(b, "</a>");
        }
        if (next) {
            web_html(b, "<a rel=\"next\" href=\"");
            month_href(b, f, ny, nm);
            web_html(b, "\">");
            web_month(p, ny, nm);
            web_html(b, " ›</a>");
        }
        web_html(b, "</nav>\n");
    }
    web_html(b, "<p class=\"fh-body fh-hint\">");
    web_txt(b, web_t(p, T_DAY_LEGEND));
    web_html(b, "</p>\n");
    booking_rules(p, f);
}

struct key_copy {
    char *out;
    size_t len, used;
};

static bool key_arg(void *cls, const char *key, const char *value)
{
    struct key_copy *k = cls;
    int n = snprintf(k->out + k->used, k->len - k->used, "&%s=%s", key, value ? value : "");
    if (n < 0 || (size_t)n >= k->len - k->used)
        return false;
    k->used += (size_t)n;
    return true;
}

void web_flow_day(struct web_page *p, const struct web_flow *f, int year, int month)
{
    struct http_ctx *c = p->c;
    fh_minute now = svc_now(f->office);
    fh_day today = fh_day_of(now);
    if (month == 0)
        first_open_month(p, f, today, &year, &month);
    int ty, tm, td;
    fh_day_to_ymd(today, &ty, &tm, &td);
    if (year * 12 + month < ty * 12 + tm)
        year = ty, month = tm; /* no paging into the past */

    /* The booking flow's grid depends only on the address, the language and
     * the bookings: kept while none of them changes. A move's grid holds the
     * booking's key and is made afresh. */
    char key[160] = "";
    struct svc_answer answer;
    fh_day first = fh_day_from_ymd(year, month, 1);
    svc_answer_begin(c->svc, &answer, f->office, first, first + fh_days_in_month(year, month) - 1,
                     now);
    if (!f->moving) {
        struct key_copy k = {key, sizeof key, 0};
        k.used = (size_t)snprintf(key, sizeof key, "day\n%s\n%d\n%d-%d\n%s", p->en ? "en" : "zh",
                                  f->service, year, month, c->path);
        if (k.used < sizeof key)
            http_query_each(c, key_arg, &k);
        if (k.used >= sizeof key - 1)
            key[0] = '\0';
        char *cached = key[0] ? svc_cache_get(c->svc, key, &answer) : NULL;
        if (cached != NULL) {
            web_buf_free(&p->b);
            http_reply(c, HTTP_OK, "text/html; charset=utf-8", cached);
            return;
        }
    }
    render_day_page(p, f, year, month, today);
    if (c->status != 0)
        return; /* answered with an error */
    web_page_send(p, HTTP_OK);
    if (key[0])
        svc_cache_put(c->svc, key, &answer, c->body);
}

/* ---- the times of a day ---------------------------------------------------------------- */

void web_flow_time(struct web_page *p, const struct web_flow *f, fh_day day, enum web_text error)
{
    struct http_ctx *c = p->c;
    struct web_buf *b = &p->b;
    const struct sched_office_spec *o = sched_office_spec(f->office);
    struct sched_slot *slots = NULL;
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    fh_minute now = svc_now(f->office);
    if (day < fh_day_of(now) || day > fh_day_of(now) + 400) {
        n = 0; /* nothing to choose; the page says so */
    } else if (svc_slots(c->svc, f->office, f->service, day, day, now, 0, &slots, &n, err,
                         sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        web_error(c, HTTP_INTERNAL_SERVER_ERROR, T_ERROR_HEADING, T_INTERNAL_BODY);
        return;
    }
    if (error != T_NONE)
        web_fault(p, "start", error);
    web_page_begin(p, web_t(p, T_TIME_TITLE));
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    web_html(b, "<p><a class=\"fh-back-link\" href=\"");
    month_href(b, f, y, m);
    web_html(b, "\">");
    web_txt(b, web_t(p, T_BACK));
    web_html(b, "</a></p>\n");
    web_error_summary(p);

    size_t shown = 0;
    for (size_t i = 0; i < n; i++)
        shown += !(f->booking != NULL && slots[i].start == f->booking->start);
    if (shown == 0) {
        if (!f->moving)
            web_caption(p, 3, 5);
        web_html(b, "<h1 class=\"fh-heading-l\">");
        web_txt(b, web_t(p, T_TIME_TITLE));
        web_html(b, "</h1>\n");
        service_inset(p, f);
        web_html(b, "<p class=\"fh-body\">");
        web_date(p, day, false);
        web_html(b, "</p>\n");
        /* A draw's day says so; any other day waiting for its release says
         * when it opens. */
        bool draw = !f->moving && web_draw_panel(p, f->office, f->service, day);
        web_html(b, "<p class=\"fh-body\">");
        fh_minute release = sched_release_at(f->office, day);
        if (draw) {
            /* the panel said it all */
        } else if (release != SCHED_NEVER && now < release) {
            web_txt(b, web_t(p, T_TIME_NOT_RELEASED));
            opens_words(p, release, false);
            web_txt(b, p->en ? "." : "。");
        } else {
            web_txt(b, web_t(p, T_TIME_NONE));
        }
        web_html(b, " <a href=\"");
        month_href(b, f, y, m);
        web_html(b, "\">");
        web_txt(b, web_t(p, T_CHOOSE_ANOTHER_DAY));
        web_html(b, "</a></p>\n");
        /* Before a draw's date opens, its waitlist is the draw's. */
        if (!f->moving && day >= fh_day_of(now) && !(draw && now < release)) {
            web_html(b, "<p class=\"fh-body\"><a id=\"waitlist-link\" href=\"");
            waitlist_href(b, f, day);
            web_html(b, "\">");
            web_txt(b, web_t(p, T_WAITLIST_JOIN_DAY));
            web_html(b, "</a></p>\n");
        }
        free(slots);
        web_page_send(p, error != T_NONE ? HTTP_CONFLICT : HTTP_OK);
        return;
    }

    char date[FH_DATE_LEN];
    fh_format_date(day, date);
    if (f->moving) {
        web_html(b, "<form method=\"post\" action=\"");
        web_attr(b, f->base);
        web_html(b, "?");
        web_attr(b, f->extra_query);
        web_html(b, "\" novalidate>\n");
        char purpose[64];
        snprintf(purpose, sizeof purpose, "move:%s", f->booking ? f->booking->code : "");
        web_csrf_field(p, purpose);
    } else {
        web_html(b, "<form method=\"get\" action=\"");
        web_attr(b, f->base);
        web_html(b, "/details\" novalidate>\n<input type=\"hidden\" name=\"service\" value=\"");
        web_attr(b, o->services[f->service].id);
        web_html(b, "\">\n");
    }
    web_html(b, "<input type=\"hidden\" name=\"day\" value=\"");
    web_attr(b, date);
    web_html(b, "\">\n");
    const struct web_fault *fault = web_fault_of(p, "start");
    web_html(b, fault ? "<div class=\"fh-field fh-field--error\">" : "<div class=\"fh-field\">");
    web_html(b, "<fieldset class=\"fh-fieldset\"");
    if (fault)
        web_html(b, " aria-describedby=\"start-error\"");
    web_html(b, ">\n<legend class=\"fh-legend\">");
    if (!f->moving)
        web_caption(p, 3, 5);
    web_html(b, "<h1 class=\"fh-heading-l\">");
    web_txt(b, web_t(p, f->moving ? T_MOVE_TIME_TITLE : T_TIME_TITLE));
    web_html(b, "</h1><span class=\"fh-legend__sub\">");
    web_date(p, day, false);
    web_html(b, "</span></legend>\n");
    service_inset(p, f);
    if (fault) {
        web_html(b, "<p class=\"fh-error-message\" id=\"start-error\">");
        web_txt(b, fault->message);
        web_html(b, "</p>\n");
    }
    web_html(b, "<div class=\"fh-radios\">\n");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (f->booking != NULL && slots[i].start == f->booking->start)
            continue; /* where it is already */
        char value[FH_TIME_LEN], id[32], hhmm[6];
        fh_format_local(slots[i].start, o->utc_offset, value);
        fh_format_hhmm(fh_minute_of_day(slots[i].start), hhmm);
        snprintf(id, sizeof id, first ? "start" : "start-%c%c%c%c", hhmm[0], hhmm[1], hhmm[3],
                 hhmm[4]);
        const char *window =
            sched_window_name_str(sched_office_window(f->office, slots[i].window)->name);
        web_html(b, "<div class=\"fh-radio\"><input class=\"fh-radio__input\" type=\"radio\" "
                    "name=\"start\" id=\"");
        web_attr(b, id);
        web_html(b, "\" value=\"");
        web_attr(b, value);
        web_html(b, "\">\n<label class=\"fh-label fh-radio__label\" for=\"");
        web_attr(b, id);
        web_html(b, "\"><strong>");
        web_span(p, slots[i].start, slots[i].end);
        web_html(b, "</strong> <span class=\"fh-tag fh-tag--");
        web_attr(b, window);
        web_html(b, "\">");
        web_txt(b, web_window_word(p, window));
        web_html(b, "</span> · ");
        web_txt(b, web_t(p, T_PLACES_BEFORE));
        web_htmlf(b, "%d", slots[i].remaining);
        web_txt(b, web_t(p, slots[i].remaining == 1 ? T_PLACE_AFTER : T_PLACES_AFTER));
        web_html(b, "</label></div>\n");
        first = false;
    }
    free(slots);
    web_html(b, "</div>\n</fieldset></div>\n<button type=\"submit\" class=\"fh-button\">");
    web_txt(b, web_t(p, f->moving ? T_MOVE_HERE : T_CONTINUE));
    web_html(b, "</button>\n</form>\n");
    if (!f->moving)
        web_draw_panel(p, f->office, f->service, day);
    web_page_send(p, error == T_NONE        ? HTTP_OK
                     : error == T_PICK_TIME ? HTTP_UNPROCESSABLE_CONTENT
                                            : HTTP_CONFLICT);
}
