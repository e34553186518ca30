/* cal_feed.c: calendars people subscribe to: the office's openings outside
 * plain hours, a manager's view of the bookings, and a staff member's
 * duties. All are PUBLISH calendars whose event UIDs stay the same from one
 * fetch to the next, so a calendar app updates events instead of
 * duplicating them. */
#include "calendars/cal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *zh, *en;
} window_titles[SCHED_WIN_NAME_COUNT] = {
    [SCHED_WIN_REGULAR] = {"一般上班時間", "Regular hours"},
    [SCHED_WIN_NOON] = {"中午彈性服務", "Noon service"},
    [SCHED_WIN_EVENING] = {"夜間延長服務", "Evening extension"},
    [SCHED_WIN_SATURDAY] = {"週六上午服務（預約制）", "Saturday morning service (by appointment)"},
    [SCHED_WIN_HOLIDAY] = {"假日結婚登記（預約制）",
                           "Holiday marriage registration (by appointment)"},
};

static void calendar_name(icalcomponent *cal, const char *name)
{
    icalproperty *p = icalproperty_new_x(name);
    icalproperty_set_x_name(p, "X-WR-CALNAME");
    icalcomponent_add_property(cal, p);
}

static icalcomponent *event(const char *uid, int64_t stamp, fh_minute start, fh_minute end,
                            const char *tzid, const char *summary)
{
    icalcomponent *ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(cal_utc_time(stamp)));
    icalcomponent_add_property(ev,
                               cal_zoned(icalproperty_new_dtstart(cal_local_time(start)), tzid));
    icalcomponent_add_property(ev, cal_zoned(icalproperty_new_dtend(cal_local_time(end)), tzid));
    icalcomponent_add_property(ev, icalproperty_new_summary(summary));
    return ev;
}

/* What the release event of a draw's date adds: the period requests are
 * taken in, the commitment to the seed, the seed once drawn. */
static char *draw_text(const struct sched_release *r, const struct cal_draw_note *draws,
                       size_t draw_count, bool zh)
{
    if (!r->draw)
        return fh_strdup("");
    char from[FH_DATE_LEN], from_t[6], until[FH_DATE_LEN], until_t[6];
    fh_minute opens = sched_instant_of(&r->draw_opens, r->date);
    fh_minute closes = sched_instant_of(&r->draw_closes, r->date);
    fh_format_date(fh_day_of(opens), from);
    fh_format_hhmm(fh_minute_of_day(opens), from_t);
    fh_format_date(fh_day_of(closes), until);
    fh_format_hhmm(fh_minute_of_day(closes), until_t);
    const struct cal_draw_note *note = NULL;
    for (size_t i = 0; i < draw_count; i++)
        if (draws[i].day == r->date)
            note = &draws[i];
    const char *commitment = note && note->commitment ? note->commitment : "";
    const char *seed = note && note->seed ? note->seed : "";
    if (zh)
        return fh_asprintf("\n名額以抽籤分配：%s %s 至 %s %s 受理申請（每對新人一件），"
                           "截止時抽籤，餘額於上述時間開放預約。%s%s%s%s",
                           from, from_t, until, until_t,
                           commitment[0] ? "\n種子碼承諾 SHA-256：" : "", commitment,
                           seed[0] ? "\n抽籤種子碼：" : "", seed);
    return fh_asprintf("\nPlaces are given by a draw: requests from %s %s until %s %s (one a "
                       "couple), drawn then; what is left opens at the time above.%s%s%s%s",
                       from, from_t, until, until_t,
                       commitment[0] ? "\nCommitment to the seed, SHA-256: " : "", commitment,
                       seed[0] ? "\nThe draw's seed: " : "", seed);
}

char *cal_feed_openings(const struct sched_office *office, const struct sched_opening *openings,
                        size_t count, bool with_regular, const char *lang, int64_t stamp,
                        const struct cal_draw_note *draws, size_t draw_count)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    bool zh = strcmp(lang, "en") != 0;
    icalcomponent *cal = cal_vcalendar(ICAL_METHOD_PUBLISH, o);
    char *title = fh_asprintf("%s%s", zh ? o->name_zh : o->name_en,
                              zh ? "：彈性服務時段" : ": opening hours outside office hours");
    calendar_name(cal, title);
    free(title);

    for (size_t i = 0; i < count; i++) {
        const struct sched_window_spec *w = sched_office_window(office, openings[i].window);
        if (w->name == SCHED_WIN_REGULAR && !with_regular)
            continue;
        char date[FH_DATE_LEN], from[6], to[6];
        fh_format_date(openings[i].day, date);
        fh_format_hhmm(w->start, from);
        fh_format_hhmm(w->end, to);
        /* The window's name and hours identify an opening however the
         * configuration's list of windows is reordered. */
        char *uid = fh_asprintf("%s-%s-%c%c%c%c-%.4s%.2s%.2s@flexhours", o->id,
                                sched_window_name_str(w->name), from[0], from[1], from[3], from[4],
                                date, date + 5, date + 8);
        fh_minute day_start = (fh_minute)openings[i].day * FH_MINUTES_PER_DAY;
        const char *title_text = zh ? window_titles[w->name].zh : window_titles[w->name].en;
        icalcomponent *ev =
            event(uid, stamp, day_start + w->start, day_start + w->end, o->timezone, title_text);
        free(uid);

        char *services = fh_strdup("");
        for (size_t k = 0; k < w->service_count; k++) {
            int s = sched_office_service_index(office, w->services[k]);
            char *more = fh_asprintf("%s%s%s", services, k ? (zh ? "、" : ", ") : "",
                                     zh ? o->services[s].name_zh : o->services[s].name_en);
            free(services);
            services = more;
        }
        /* A date released at a set time says when booking opens. */
        char opens[64] = "";
        fh_minute release = sched_release_at(office, openings[i].day);
        if (release != SCHED_NEVER) {
            char rdate[FH_DATE_LEN], rtime[6];
            fh_format_date(fh_day_of(release), rdate);
            fh_format_hhmm(fh_minute_of_day(release), rtime);
            snprintf(opens, sizeof opens, zh ? "\n%s %s 開放預約。" : "\nBooking opens %s %s.",
                     rdate, rtime);
        }
        char *description =
            fh_asprintf(zh ? "%s %s–%s\n受理項目：%s\n%s%s" : "%s %s-%s\nServices: %s\n%s%s", date,
                        from, to, services, zh ? "請先預約。" : "Book ahead.", opens);
        free(services);
        icalcomponent_add_property(ev, icalproperty_new_description(description));
        free(description);
        const char *where = zh ? (o->address_zh ? o->address_zh : o->name_zh)
                               : (o->address_en ? o->address_en : o->name_en);
        icalcomponent_add_property(ev, icalproperty_new_location(where));
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
        icalcomponent_add_component(cal, ev);
    }

    /* The releases still to come, each an event at its instant, so that a
     * subscriber's phone says when a lucky date's places open. */
    fh_day today = fh_day_of(fh_local_from_utc(stamp, o->utc_offset));
    for (size_t i = 0; i < o->release_count; i++) {
        const struct sched_release *r = &o->releases[i];
        if (r->date < today)
            continue;
        char date[FH_DATE_LEN], rdate[FH_DATE_LEN], rtime[6];
        fh_minute at = sched_release_instant(r);
        fh_format_date(r->date, date);
        fh_format_date(fh_day_of(at), rdate);
        fh_format_hhmm(fh_minute_of_day(at), rtime);
        char *uid =
            fh_asprintf("%s-release-%.4s%.2s%.2s@flexhours", o->id, date, date + 5, date + 8);
        char *summary =
            fh_asprintf(zh ? "%s 的名額開放預約" : "Places on %s open for booking", date);
        icalcomponent *ev = event(uid, stamp, at, at + 30, o->timezone, summary);
        char *drawn = draw_text(r, draws, draw_count, zh);
        char *description = fh_asprintf(zh ? "%s 的名額於 %s %s 開放預約。%s"
                                           : "Places on %s open for booking at %s %s.%s",
                                        date, rdate, rtime, drawn);
        free(drawn);
        icalcomponent_add_property(ev, icalproperty_new_description(description));
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
        icalcomponent_add_component(cal, ev);
        free(description);
        free(summary);
        free(uid);
    }
    return cal_text(cal);
}

char *cal_feed_bookings(const struct sched_office *office, const struct cal_booking_view *bookings,
                        size_t count, const char *lang, int64_t stamp)
{
    static const char *const states_zh[] = {"待確認", "已確認", "已取消"};
    static const char *const states_en[] = {"pending", "confirmed", "cancelled"};
    const struct sched_office_spec *o = sched_office_spec(office);
    bool zh = strcmp(lang, "en") != 0;
    icalcomponent *cal = cal_vcalendar(ICAL_METHOD_PUBLISH, o);
    char *title = fh_asprintf("%s%s", zh ? o->name_zh : o->name_en, zh ? "：預約" : ": bookings");
    calendar_name(cal, title);
    free(title);

    for (size_t i = 0; i < count; i++) {
        const struct cal_booking_view *b = &bookings[i];
        const struct sched_service_spec *s = &o->services[b->service];
        char *uid = cal_booking_uid(office, b->code);
        char *summary = fh_asprintf("%s %s（%s）", b->code, zh ? s->name_zh : s->name_en,
                                    zh ? states_zh[b->state] : states_en[b->state]);
        icalcomponent *ev =
            event(uid, b->stamp ? b->stamp : stamp, b->start, b->end, o->timezone, summary);
        free(uid);
        free(summary);
        icalcomponent_add_property(ev, icalproperty_new_sequence(b->sequence));
        icalcomponent_add_property(
            ev, icalproperty_new_status(b->state == CAL_CANCELLED ? ICAL_STATUS_CANCELLED
                                        : b->state == CAL_PENDING ? ICAL_STATUS_TENTATIVE
                                                                  : ICAL_STATUS_CONFIRMED));
        icalcomponent_add_component(cal, ev);
    }
    return cal_text(cal);
}

/* ---- staff duties ---------------------------------------------------------- */

/* Staff see the public names of the windows they staff (cal_feed_openings),
 * without the "by appointment" the public needs; holiday duty is being on
 * call for the weddings booked. */
static const struct {
    const char *zh, *en;
} duty_titles[SCHED_DUTY_COUNT] = {
    [SCHED_DUTY_NOON] = {"中午彈性服務", "Noon duty"},
    [SCHED_DUTY_EVENING] = {"夜間延長服務", "Evening duty"},
    [SCHED_DUTY_SATURDAY] = {"週六上午服務", "Saturday morning duty"},
    [SCHED_DUTY_HOLIDAY] = {"假日結婚登記值班", "Holiday wedding duty"},
};

const char *cal_duty_title(enum sched_duty duty, const char *lang)
{
    if ((unsigned)duty >= SCHED_DUTY_COUNT)
        return "";
    return lang != NULL && strcmp(lang, "en") == 0 ? duty_titles[duty].en : duty_titles[duty].zh;
}

bool cal_duty_window(const struct sched_office *office, const struct sched_calendar *cal,
                     fh_day day, enum sched_duty duty, fh_minute *start, fh_minute *end)
{
    struct sched_opening *open = NULL;
    size_t n = 0;
    bool found = false;
    if ((unsigned)duty >= SCHED_DUTY_COUNT ||
        sched_openings(office, cal, day, day, &open, &n) != FH_OK)
        return false;
    /* Openings come by time, so the first match is the earliest instance. */
    for (size_t i = 0; i < n && !found; i++) {
        const struct sched_window_spec *w = sched_office_window(office, open[i].window);
        if (sched_window_duty(w->name) != duty)
            continue;
        fh_minute day_start = (fh_minute)open[i].day * FH_MINUTES_PER_DAY;
        *start = day_start + w->start;
        *end = day_start + w->end;
        found = true;
    }
    free(open);
    return found;
}

char *cal_duty_uid(const struct sched_office *office, const char *staff_id, fh_day day,
                   enum sched_duty duty)
{
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    return fh_asprintf("duty-%s-%04d%02d%02d-%s@%s.flexhours", staff_id, y, m, d,
                       sched_duty_name(duty), sched_office_spec(office)->id);
}

/* "1 小時 30 分" / "1 h 30 min"; whole hours and plain minutes stay short. */
static void comp_text(int minutes, bool en, char *out, size_t len)
{
    int h = minutes / 60, mm = minutes % 60;
    if (h > 0 && mm > 0)
        snprintf(out, len, en ? "%d h %d min" : "%d 小時 %d 分", h, mm);
    else if (h > 0)
        snprintf(out, len, en ? "%d h" : "%d 小時", h);
    else
        snprintf(out, len, en ? "%d min" : "%d 分鐘", mm);
}

char *cal_feed_duties(const struct sched_office *office, const char *staff_id,
                      const char *staff_name, const struct cal_duty_view *duties, size_t count,
                      int64_t stamp)
{
    static const char *const weekdays_zh[] = {"", "一", "二", "三", "四", "五", "六", "日"};
    static const char *const weekdays_en[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (staff_id == NULL || staff_id[0] == '\0')
        return NULL;
    const struct sched_office_spec *o = sched_office_spec(office);
    icalcomponent *cal = cal_vcalendar(ICAL_METHOD_PUBLISH, o);
    const char *who = staff_name != NULL && staff_name[0] != '\0' ? staff_name : staff_id;
    char *title = fh_asprintf("%s：%s值班 / %s: duties at %s", who, o->name_zh, who, o->name_en);
    calendar_name(cal, title);
    free(title);
    /* The address is in Taiwan and read by a map app: the Chinese one finds it. */
    const char *where = o->address_zh ? o->address_zh : o->name_zh;

    for (size_t i = 0; i < count; i++) {
        const struct cal_duty_view *v = &duties[i];
        if ((unsigned)v->duty >= SCHED_DUTY_COUNT)
            continue;
        char *uid = cal_duty_uid(office, staff_id, v->day, v->duty);
        const char *zh = duty_titles[v->duty].zh, *en = duty_titles[v->duty].en;
        char *summary = fh_asprintf("%s %s", zh, en);
        icalcomponent *ev = event(uid, stamp, v->start, v->end, o->timezone, summary);
        free(uid);
        free(summary);

        char date[FH_DATE_LEN], from[6], to[6], comp_zh[32], comp_en[32];
        int wd = fh_weekday(fh_day_of(v->start));
        fh_format_date(fh_day_of(v->start), date);
        fh_format_hhmm(fh_minute_of_day(v->start), from);
        fh_format_hhmm(fh_minute_of_day(v->end - 1) + 1, to);
        comp_text(v->comp_minutes, false, comp_zh, sizeof comp_zh);
        comp_text(v->comp_minutes, true, comp_en, sizeof comp_en);
        char *description;
        if (v->comp_minutes > 0)
            description = fh_asprintf("%s %s（%s）%s–%s\n可得補休：%s\n\n%s, %s %s %s-%s\n"
                                      "Compensatory time earned: %s\n",
                                      zh, date, weekdays_zh[wd], from, to, comp_zh, en,
                                      weekdays_en[wd], date, from, to, comp_en);
        else
            description = fh_asprintf("%s %s（%s）%s–%s\n不計補休\n\n%s, %s %s %s-%s\n"
                                      "No compensatory time\n",
                                      zh, date, weekdays_zh[wd], from, to, en, weekdays_en[wd],
                                      date, from, to);
        icalcomponent_add_property(ev, icalproperty_new_description(description));
        free(description);
        icalcomponent_add_property(ev, icalproperty_new_location(where));
        /* The person is busy then, unlike an opening someone may book. */
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
        icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
        icalcomponent_add_component(cal, ev);
    }
    return cal_text(cal);
}
