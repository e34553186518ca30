/* cal_invite.c: the iCalendar object of a booking, as an iTIP REQUEST or
 * CANCEL that Outlook, Gmail, Apple Calendar and Thunderbird take as an
 * invite: METHOD present, the sender as ORGANIZER, the citizen as an
 * ATTENDEE who has accepted (no reply asked for), a stable UID with a growing SEQUENCE, TZID on
 * every local time and the one-block VTIMEZONE it names. */
#include "calendars/cal_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEXT_MAX 4096

char *cal_booking_uid(const struct sched_office *office, const char *code)
{
    return fh_asprintf("%s@%s.flexhours", code, sched_office_spec(office)->id);
}

/* Appends printf-style text to buf (bounded; the invite's texts are short). */
static void append(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(char *buf, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, TEXT_MAX - used, fmt, ap);
    va_end(ap);
}

static void describe(const struct sched_office_spec *o, const struct sched_service_spec *s,
                     const struct cal_booking_view *b, enum cal_method method, char *summary,
                     char *description)
{
    bool zh = strcmp(b->lang, "en") != 0;
    static const char *const weekdays_zh[] = {"", "一", "二", "三", "四", "五", "六", "日"};
    static const char *const weekdays_en[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    char date[FH_DATE_LEN], from[6], to[6];
    fh_day day = fh_day_of(b->start);
    fh_format_date(day, date);
    fh_format_hhmm(fh_minute_of_day(b->start), from);
    fh_format_hhmm(fh_minute_of_day(b->end - 1) + 1, to);

    summary[0] = description[0] = '\0';
    if (zh) {
        append(summary, "%s%s預約：%s", method == CAL_CANCEL ? "已取消｜" : "", s->name_zh,
               o->name_zh);
        append(description, "預約代碼：%s\n服務：%s\n時間：%s（%s）%s–%s\n地點：%s\n", b->code,
               s->name_zh, date, weekdays_zh[fh_weekday(day)], from, to,
               o->address_zh ? o->address_zh : o->name_zh);
        if (method == CAL_CANCEL)
            append(description, "狀態：已取消。\n");
        else if (b->state == CAL_PENDING)
            append(description, "狀態：待戶政事務所確認，確認後將再通知您。\n");
        else
            append(description, "狀態：已確認。\n");
        if (b->designated) {
            char eff[FH_DATE_LEN];
            fh_format_date(b->effective_day, eff);
            append(description, "結婚登記生效日：%s（指定日期）\n", eff);
        }
        if (method == CAL_REQUEST && s->document_count > 0) {
            append(description, "應備證件：\n");
            for (size_t i = 0; i < s->document_count; i++)
                append(description, "・%s\n", s->documents[i].zh);
        }
        if (b->manage_url != NULL)
            append(description, "查詢、改期或取消：\n%s\n", b->manage_url);
    } else {
        append(summary, "%s%s appointment: %s", method == CAL_CANCEL ? "Cancelled: " : "",
               s->name_en, o->name_en);
        append(description, "Booking code: %s\nService: %s\nWhen: %s (%s) %s-%s\nWhere: %s\n",
               b->code, s->name_en, date, weekdays_en[fh_weekday(day)], from, to,
               o->address_en ? o->address_en : o->name_en);
        if (method == CAL_CANCEL)
            append(description, "Status: cancelled.\n");
        else if (b->state == CAL_PENDING)
            append(description, "Status: awaiting the office's confirmation; you will hear "
                                "from us again.\n");
        else
            append(description, "Status: confirmed.\n");
        if (b->designated) {
            char eff[FH_DATE_LEN];
            fh_format_date(b->effective_day, eff);
            append(description, "Marriage registration effective %s (designated date)\n", eff);
        }
        if (method == CAL_REQUEST && s->document_count > 0) {
            append(description, "Documents to bring:\n");
            for (size_t i = 0; i < s->document_count; i++)
                append(description, "- %s\n", s->documents[i].en);
        }
        if (b->manage_url != NULL)
            append(description, "View, reschedule or cancel:\n%s\n", b->manage_url);
    }
}

char *cal_invite(const struct sched_office *office, const struct cal_booking_view *b,
                 enum cal_method method, int alarm_minute)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = &o->services[b->service];
    char *summary = fh_malloc(TEXT_MAX), *description = fh_malloc(TEXT_MAX);
    char *uid = cal_booking_uid(office, b->code);
    char *organizer = b->organizer_email ? fh_asprintf("mailto:%s", b->organizer_email)
                      : o->email         ? fh_asprintf("mailto:%s", o->email)
                                         : fh_asprintf("mailto:%s@flexhours.invalid", o->id);
    bool zh = strcmp(b->lang, "en") != 0;

    describe(o, s, b, method, summary, description);

    icalcomponent *cal =
        cal_vcalendar(method == CAL_CANCEL ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST, o);

    icalcomponent *ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(cal_utc_time(b->stamp)));
    icalcomponent_add_property(ev, icalproperty_new_sequence(b->sequence));
    icalcomponent_add_property(
        ev, cal_zoned(icalproperty_new_dtstart(cal_local_time(b->start)), o->timezone));
    icalcomponent_add_property(
        ev, cal_zoned(icalproperty_new_dtend(cal_local_time(b->end)), o->timezone));
    icalcomponent_add_property(ev, icalproperty_new_summary(summary));
    icalcomponent_add_property(ev, icalproperty_new_description(description));
    icalcomponent_add_property(
        ev, icalproperty_new_location(zh ? (o->address_zh ? o->address_zh : o->name_zh)
                                         : (o->address_en ? o->address_en : o->name_en)));
    icalproperty *org = icalproperty_new_organizer(organizer);
    icalproperty_add_parameter(org, icalparameter_new_cn(zh ? o->name_zh : o->name_en));
    icalcomponent_add_property(ev, org);
    if (b->person_email != NULL) {
        char *mailto = fh_asprintf("mailto:%s", b->person_email);
        icalproperty *att = icalproperty_new_attendee(mailto);
        free(mailto);
        if (b->person_name != NULL)
            icalproperty_add_parameter(att, icalparameter_new_cn(b->person_name));
        icalproperty_add_parameter(att, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
        icalproperty_add_parameter(att, icalparameter_new_partstat(ICAL_PARTSTAT_ACCEPTED));
        icalproperty_add_parameter(att, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
        icalcomponent_add_property(ev, att);
    }
    icalcomponent_add_property(
        ev, icalproperty_new_status(method == CAL_CANCEL      ? ICAL_STATUS_CANCELLED
                                    : b->state == CAL_PENDING ? ICAL_STATUS_TENTATIVE
                                                              : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));

    if (method == CAL_REQUEST) {
        /* The evening before, at a time of day rather than "N hours before",
         * so that a morning appointment is not announced in the night. */
        fh_minute alarm = (fh_minute)(fh_day_of(b->start) - 1) * FH_MINUTES_PER_DAY + alarm_minute;
        struct icaltriggertype trigger;
        memset(&trigger, 0, sizeof trigger);
        trigger.time = cal_utc_time(fh_utc_from_local(alarm, o->utc_offset));
        trigger.duration = icaldurationtype_null_duration();
        icalcomponent *valarm = icalcomponent_new_valarm();
        icalcomponent_add_property(valarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
        icalcomponent_add_property(valarm, icalproperty_new_trigger(trigger));
        icalcomponent_add_property(valarm, icalproperty_new_description(summary));
        icalcomponent_add_component(ev, valarm);
    }
    icalcomponent_add_component(cal, ev);

    char *out = cal_text(cal);
    free(uid);
    free(organizer);
    free(summary);
    free(description);
    return out;
}
