/* svc_figures.c: the figures of an office for its managers: places offered
 * (from the scheduler's window instances under the calendar in force, as
 * the slot listing counts them) against places taken, no-shows and lapses,
 * noon and evening demand against the staff on duty, how far ahead people
 * book, weddings on Saturdays and holidays by month, and the channel mix.
 * Plain numbers: the pages draw them, the API and the CSV list them. */
#include "svc/svc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lead_names[SVC_LEAD_COUNT] = {
    "same_day", "1", "2_3", "4_7", "8_14", "15_30", "31_90", "91_more",
};
static const char *const channel_names[SVC_CHANNEL_COUNT] = {"web", "phone", "fax", "counter"};

const char *svc_lead_name(enum svc_lead l)
{
    return (int)l >= 0 && l < SVC_LEAD_COUNT ? lead_names[l] : "?";
}

const char *svc_channel_name(enum svc_channel c)
{
    return (int)c >= 0 && c < SVC_CHANNEL_COUNT ? channel_names[c] : "?";
}

static enum svc_lead lead_bucket(int64_t days)
{
    if (days <= 0)
        return SVC_LEAD_SAME_DAY; /* a clock set back cannot book "before" */
    if (days == 1)
        return SVC_LEAD_1;
    if (days <= 3)
        return SVC_LEAD_2_3;
    if (days <= 7)
        return SVC_LEAD_4_7;
    if (days <= 14)
        return SVC_LEAD_8_14;
    if (days <= 30)
        return SVC_LEAD_15_30;
    if (days <= 90)
        return SVC_LEAD_31_90;
    return SVC_LEAD_91_MORE;
}

/* Day numbers count from Thursday 1 January 1970. */
static fh_day monday_of(fh_day d)
{
    return d - (fh_weekday(d) - 1);
}

const char *svc_figures_range(fh_day today, const char *from, const char *to, fh_day *first,
                              fh_day *last, const char **field)
{
    const char *why;
    fh_day this_week = monday_of(today);
    *first = this_week - 12 * 7;
    *last = this_week + 5 * 7 - 1;
    if (from != NULL && (why = fh_parse_date(from, first)) != NULL) {
        *field = "from";
        return why;
    }
    if (to != NULL && (why = fh_parse_date(to, last)) != NULL) {
        *field = "to";
        return why;
    }
    if (*last < *first) {
        *field = "to";
        return "must not be before from";
    }
    if (*last - *first + 1 > SVC_FIGURES_MAX_DAYS) {
        *field = "to";
        return "at most 400 days after from";
    }
    return NULL;
}

static struct svc_figures_week *week_of(struct svc_figures *f, int64_t monday)
{
    int64_t i = (monday - monday_of(f->first)) / 7;
    if (i < 0 || (size_t)i >= f->week_count)
        return NULL;
    return &f->weeks[i];
}

static struct svc_figures_month *month_of(struct svc_figures *f, int64_t yyyymm)
{
    for (size_t i = 0; i < f->month_count; i++)
        if (f->months[i].year * 100 + f->months[i].month == yyyymm)
            return &f->months[i];
    return NULL;
}

static int window_index(const char *name)
{
    enum sched_window_name n;
    return sched_window_name_parse(name, &n) == NULL ? (int)n : -1;
}

/* The length of a slot of the office's first window of each name: places
 * taken are the minutes bookings hold over it (a booking holds whole
 * slots). */
static void slot_minutes_by_name(const struct sched_office *office,
                                 int minutes[SCHED_WIN_NAME_COUNT])
{
    for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++)
        minutes[n] = 0;
    for (int w = 0; w < sched_office_window_count(office); w++) {
        const struct sched_window_spec *ws = sched_office_window(office, w);
        if (minutes[ws->name] == 0)
            minutes[ws->name] = ws->slot_minutes;
    }
}

static fh_result offered_places(struct svc *s, const struct sched_office *office,
                                struct svc_figures *f, char *err, size_t errlen)
{
    struct sched_opening *open;
    size_t count;
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r = sched_openings(office, cal, f->first, f->last, &open, &count);
    if (r == FH_OK) {
        for (size_t i = 0; i < count; i++) {
            const struct sched_window_spec *w = sched_office_window(office, open[i].window);
            struct svc_figures_week *wk = week_of(f, monday_of(open[i].day));
            if (wk == NULL || w->slot_minutes <= 0)
                continue;
            int places = sched_window_places(office, cal, open[i].day, open[i].window);
            wk->offered[w->name] += places * ((w->end - w->start) / w->slot_minutes);
        }
        free(open);
    }
    svc_calendar_release(s);
    if (r != FH_OK)
        return fh_fail(err, errlen, r, "figures: openings: %s", fh_strerror(r));
    return FH_OK;
}

static void add_rows(struct svc_figures *f, const struct sched_office *office,
                     const struct sched_calendar *cal, enum store_figure which,
                     const struct store_figure_row *rows, size_t n)
{
    int slot_minutes[SCHED_WIN_NAME_COUNT];
    slot_minutes_by_name(office, slot_minutes);
    for (size_t i = 0; i < n; i++) {
        const struct store_figure_row *row = &rows[i];
        struct svc_figures_week *wk = week_of(f, row->key);
        int win = window_index(row->name);
        switch (which) {
        case STORE_FIG_TAKEN:
            if (wk != NULL && win >= 0 && slot_minutes[win] > 0)
                wk->taken[win] += (int)(row->v[1] / slot_minutes[win]);
            break;
        case STORE_FIG_ATTENDANCE:
            if (wk != NULL) {
                wk->no_shows += (int)row->v[0];
                wk->lapses += (int)row->v[1];
                wk->attended += (int)row->v[2];
            }
            break;
        case STORE_FIG_DEMAND:
            if (wk != NULL && (win == SCHED_WIN_NOON || win == SCHED_WIN_EVENING)) {
                int k = win == SCHED_WIN_NOON ? SVC_FIG_NOON : SVC_FIG_EVENING;
                wk->booked[k] += (int)row->v[0];
                wk->staff[k] += (int)row->v[1];
            }
            break;
        case STORE_FIG_LEAD:
            if (win >= 0)
                f->lead[lead_bucket(row->key)][win] += (int)row->v[0];
            break;
        case STORE_FIG_WEDDINGS: {
            /* "WINDOW SERVICE": a wedding is a booking of a couple's
             * service (marriage registration). */
            char window[16];
            const char *space = strchr(row->name, ' ');
            if (space == NULL || (size_t)(space - row->name) >= sizeof window)
                break;
            memcpy(window, row->name, (size_t)(space - row->name));
            window[space - row->name] = '\0';
            int service = sched_office_service_index(office, space + 1);
            struct svc_figures_month *m = month_of(f, row->key);
            if (m == NULL || service < 0 || !sched_office_spec(office)->services[service].couple)
                break;
            win = window_index(window);
            if (win == SCHED_WIN_SATURDAY)
                m->weddings[SVC_FIG_SATURDAY] += (int)row->v[0];
            else if (win == SCHED_WIN_HOLIDAY)
                m->weddings[SVC_FIG_HOLIDAY] += (int)row->v[0];
            break;
        }
        case STORE_FIG_EFFECTIVE: {
            int service = sched_office_service_index(office, row->name);
            fh_day day = (fh_day)row->key;
            int y, mo, d;
            fh_day_to_ymd(day, &y, &mo, &d);
            struct svc_figures_month *m = month_of(f, (int64_t)y * 100 + mo);
            if (m == NULL || service < 0 || !sched_office_spec(office)->services[service].couple)
                break;
            struct sched_day_info info;
            sched_day_info(office, cal, day, &info);
            if (info.type == SCHED_WORKDAY || info.type == SCHED_MAKEUP_WORKDAY)
                break;
            m->effective_holiday += (int)row->v[0];
            m->designated += (int)row->v[1];
            break;
        }
        case STORE_FIG_CHANNELS:
            for (int c = 0; wk != NULL && c < SVC_CHANNEL_COUNT; c++)
                if (strcmp(row->name, channel_names[c]) == 0)
                    wk->channels[c] += (int)row->v[0];
            break;
        case STORE_FIG_COUNT:
            break;
        }
    }
}

fh_result svc_figures(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                      struct svc_figures **out, char *err, size_t errlen)
{
    *out = NULL;
    if (last < first || last - first + 1 > SVC_FIGURES_MAX_DAYS)
        return fh_fail(err, errlen, FH_EINVAL, "figures: a range of 1 to %d days",
                       SVC_FIGURES_MAX_DAYS);
    struct svc_figures *f = fh_calloc(1, sizeof *f);
    const char *id = sched_office_spec(office)->id;
    snprintf(f->office, sizeof f->office, "%s", id);
    f->first = first;
    f->last = last;
    for (fh_day m = monday_of(first); m <= last; m += 7)
        f->weeks[f->week_count++].monday = m;
    int y, mo, d, ly, lm;
    fh_day_to_ymd(first, &y, &mo, &d);
    fh_day_to_ymd(last, &ly, &lm, &d);
    while (f->month_count < SVC_FIGURES_MAX_MONTHS && y * 12 + mo <= ly * 12 + lm) {
        f->months[f->month_count++] = (struct svc_figures_month){.year = y, .month = mo};
        if (++mo > 12) {
            mo = 1;
            y++;
        }
    }

    fh_result r = offered_places(s, office, f, err, errlen);
    for (int which = 0; r == FH_OK && which < STORE_FIG_COUNT; which++) {
        struct store_figure_row *rows;
        size_t n;
        r = store_figures(s->store, (enum store_figure)which, id, first, last, &rows, &n, err,
                          errlen);
        if (r == FH_OK) {
            f->queries++;
            const struct sched_calendar *cal = svc_calendar_hold(s);
            add_rows(f, office, cal, (enum store_figure)which, rows, n);
            svc_calendar_release(s);
            free(rows);
        }
    }
    if (r != FH_OK) {
        free(f);
        return r;
    }
    *out = f;
    return FH_OK;
}

void svc_figures_free(struct svc_figures *f)
{
    free(f);
}

void svc_figures_rows(const struct svc_figures *f, svc_figures_row_fn fn, void *arg)
{
    static const char *const flex[SVC_FIG_FLEX_COUNT] = {"noon", "evening"};
    static const char *const wed[SVC_FIG_WEDDING_COUNT] = {"saturday", "holiday"};
    char period[FH_DATE_LEN];
    for (size_t i = 0; i < f->week_count; i++) {
        const struct svc_figures_week *w = &f->weeks[i];
        fh_format_date(w->monday, period);
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++) {
            const char *name = sched_window_name_str((enum sched_window_name)n);
            if (!fn(arg, "fill", period, name, "offered", w->offered[n]) ||
                !fn(arg, "fill", period, name, "taken", w->taken[n]))
                return;
        }
    }
    for (size_t i = 0; i < f->week_count; i++) {
        const struct svc_figures_week *w = &f->weeks[i];
        fh_format_date(w->monday, period);
        if (!fn(arg, "attendance", period, "no_show", "bookings", w->no_shows) ||
            !fn(arg, "attendance", period, "lapsed", "bookings", w->lapses) ||
            !fn(arg, "attendance", period, "attended", "bookings", w->attended))
            return;
    }
    for (size_t i = 0; i < f->week_count; i++) {
        const struct svc_figures_week *w = &f->weeks[i];
        fh_format_date(w->monday, period);
        for (int k = 0; k < SVC_FIG_FLEX_COUNT; k++)
            if (!fn(arg, "demand", period, flex[k], "bookings", w->booked[k]) ||
                !fn(arg, "demand", period, flex[k], "staff", w->staff[k]))
                return;
    }
    for (int l = 0; l < SVC_LEAD_COUNT; l++)
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++)
            if (!fn(arg, "lead", lead_names[l], sched_window_name_str((enum sched_window_name)n),
                    "bookings", f->lead[l][n]))
                return;
    for (size_t i = 0; i < f->month_count; i++) {
        const struct svc_figures_month *m = &f->months[i];
        snprintf(period, sizeof period, "%04d-%02d", m->year, m->month);
        for (int k = 0; k < SVC_FIG_WEDDING_COUNT; k++)
            if (!fn(arg, "weddings", period, wed[k], "bookings", m->weddings[k]))
                return;
        if (!fn(arg, "weddings", period, "effective_holiday", "bookings", m->effective_holiday) ||
            !fn(arg, "weddings", period, "designated", "bookings", m->designated))
            return;
    }
    for (size_t i = 0; i < f->week_count; i++) {
        const struct svc_figures_week *w = &f->weeks[i];
        fh_format_date(w->monday, period);
        for (int c = 0; c < SVC_CHANNEL_COUNT; c++)
            if (!fn(arg, "channels", period, channel_names[c], "bookings", w->channels[c]))
                return;
    }
}
