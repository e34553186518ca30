/* test_cal_invite.c: invites parsed back by libical itself: METHOD, UID,
 * SEQUENCE, STATUS, DTSTART resolved through the VTIMEZONE of the file to
 * UTC, ATTENDEE and the alarm; no parse error anywhere. (tests/calendars/
 * invite_check.py does the same with an independent parser.) */
#include "calendars/cal.h"
#include "config/cfg.h"
#include "tests/unit/check.h"

#include <libical/ical.h>
#include <stdlib.h>

static icalcomponent *parse(const char *ics, icalcomponent **event)
{
    icalcomponent *root = icalparser_parse_string(ics);
    CHECK(root != NULL);
    CHECK_INT(icalcomponent_count_errors(root), 0);
    *event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    CHECK(*event != NULL);
    return root;
}

static int64_t utc_of(icalcomponent *root, icalproperty *p)
{
    icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    CHECK(tzid != NULL);
    icaltimezone *zone =
        tzid ? icalcomponent_get_timezone(root, icalparameter_get_tzid(tzid)) : NULL;
    CHECK(zone != NULL);
    struct icaltimetype t = icalproperty_get_dtstart(p);
    return (int64_t)icaltime_as_timet_with_zone(t, zone);
}

int main(void)
{
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    const struct sched_office *office = cfg->offices[0];
    fh_minute start = (fh_minute)fh_day_from_ymd(2025, 3, 10) * FH_MINUTES_PER_DAY + 14 * 60 + 30;
    struct cal_booking_view b = {"ABCD2345",
                                 "en",
                                 CAL_CONFIRMED,
                                 3,
                                 start,
                                 start + 30,
                                 "Lin, Mei; \"Amy\"",
                                 "amy@example.org",
                                 sched_office_service_index(office, "seal_registration"),
                                 NULL,
                                 1741500000,
                                 "bookings@south.example.gov.tw",
                                 false,
                                 FH_NO_DAY};

    char *ics = cal_invite(office, &b, CAL_REQUEST, 19 * 60);
    icalcomponent *ev, *root = parse(ics, &ev);
    CHECK_INT(icalcomponent_get_method(root), ICAL_METHOD_REQUEST);
    CHECK_STR(icalcomponent_get_uid(ev), "ABCD2345@taichung-south.flexhours");
    CHECK_INT(icalcomponent_get_sequence(ev), 3);
    CHECK_INT(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
    /* 14:30 in Taipei is 06:30 UTC, resolved through the file's own zone. */
    icalproperty *dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    CHECK_INT(utc_of(root, dtstart),
              (int64_t)fh_day_from_ymd(2025, 3, 10) * 86400 + 6 * 3600 + 30 * 60);
    icalproperty *att = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
    CHECK_STR(icalproperty_get_attendee(att), "mailto:amy@example.org");
    icalparameter *cn = icalproperty_get_first_parameter(att, ICAL_CN_PARAMETER);
    CHECK_STR(cn ? icalparameter_get_cn(cn) : NULL, "Lin, Mei; \"Amy\"");
    /* The citizen asked for it: accepted already, no reply asked for. */
    icalparameter *rsvp = icalproperty_get_first_parameter(att, ICAL_RSVP_PARAMETER);
    CHECK_INT(rsvp ? icalparameter_get_rsvp(rsvp) : ICAL_RSVP_NONE, ICAL_RSVP_FALSE);
    icalparameter *partstat = icalproperty_get_first_parameter(att, ICAL_PARTSTAT_PARAMETER);
    CHECK_INT(partstat ? icalparameter_get_partstat(partstat) : ICAL_PARTSTAT_NONE,
              ICAL_PARTSTAT_ACCEPTED);
    /* The organizer is whoever sends it, not the office's own mailbox. */
    CHECK_STR(
        icalproperty_get_organizer(icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY)),
        "mailto:bookings@south.example.gov.tw");
    icalcomponent *alarm = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
    CHECK(alarm != NULL);
    if (alarm != NULL) {
        struct icaltriggertype trig = icalproperty_get_trigger(
            icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY));
        /* 19:00 Taipei the evening before is 11:00 UTC on 2025-03-09. */
        CHECK_INT((int64_t)icaltime_as_timet(trig.time),
                  (int64_t)fh_day_from_ymd(2025, 3, 9) * 86400 + 11 * 3600);
    }
    const char *description = icalcomponent_get_description(ev);
    CHECK(description != NULL && strstr(description, "Documents to bring:\n- National ID card\n"));
    icalcomponent_free(root);
    free(ics);

    b.sequence = 4;
    b.state = CAL_CANCELLED;
    ics = cal_invite(office, &b, CAL_CANCEL, 19 * 60);
    root = parse(ics, &ev);
    CHECK_INT(icalcomponent_get_method(root), ICAL_METHOD_CANCEL);
    CHECK_STR(icalcomponent_get_uid(ev), "ABCD2345@taichung-south.flexhours");
    CHECK_INT(icalcomponent_get_sequence(ev), 4);
    CHECK_INT(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
    CHECK(icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT) == NULL);
    icalcomponent_free(root);
    free(ics);

    /* Without an e-mail address there is no ATTENDEE, and nothing breaks. */
    b.person_email = NULL;
    ics = cal_invite(office, &b, CAL_REQUEST, 19 * 60);
    root = parse(ics, &ev);
    CHECK(icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY) == NULL);
    icalcomponent_free(root);
    free(ics);

    /* A marriage filed on a working day ahead of its designated date says
     * when it takes effect, in either language; others say nothing of it. */
    b.service = sched_office_service_index(office, "marriage");
    b.state = CAL_CONFIRMED;
    b.designated = true;
    b.effective_day = fh_day_from_ymd(2025, 3, 16);
    for (int zh = 0; zh < 2; zh++) {
        b.lang = zh ? "zh-TW" : "en";
        ics = cal_invite(office, &b, CAL_REQUEST, 19 * 60);
        root = parse(ics, &ev);
        description = icalcomponent_get_description(ev);
        CHECK(description != NULL &&
              strstr(description, zh ? "結婚登記生效日：2025-03-16（指定日期）"
                                     : "Marriage registration effective 2025-03-16 (designated "
                                       "date)") != NULL);
        icalcomponent_free(root);
        free(ics);
    }
    b.designated = false;
    ics = cal_invite(office, &b, CAL_REQUEST, 19 * 60);
    root = parse(ics, &ev);
    description = icalcomponent_get_description(ev);
    CHECK(description != NULL && strstr(description, "designated") == NULL &&
          strstr(description, "指定日期") == NULL);
    icalcomponent_free(root);
    free(ics);
    cfg_free(cfg);
    return check_result();
}
