/* cal_feed.c: calendars people subscribe to: the office's openings outside
 * plain hours, and a manager's view of the bookings. Both are PUBLISH
 * calendars whose event UIDs stay the same from one fetch to the next, so a
 * calendar app updates events instead of duplicating them. */
#include "calendars/cal_internal.h"

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

char *cal_feed_openings(const struct sched_office *office, const struct sched_opening *openings,
                        size_t count, bool with_regular, const char *lang, int64_t stamp)
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
        char *description =
            fh_asprintf(zh ? "%s %s–%s\n受理項目：%s\n%s" : "%s %s-%s\nServices: %s\n%s", date,
                        from, to, services, zh ? "請先預約。" : "Book ahead.");
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
