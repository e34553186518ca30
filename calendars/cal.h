/* cal.h: everything calendar-shaped, through libical: the government office
 * calendar read in (the DGPA CSV and .ics holiday files). Only calendars/
 * includes libical. */
#ifndef CAL_H
#define CAL_H

#include "common/fh.h"
#include "scheduler/sched.h"

/* One day of an imported calendar. */
struct cal_day {
    fh_day day;
    enum sched_day_type type;
    char *name; /* the day's name (備註 or SUMMARY), or NULL */
};

/* What a file says: the days it lists, and the years it covers. Importing
 * replaces those whole years; days of those years it does not list follow
 * the default rule. */
struct cal_import {
    struct cal_day *days; /* sorted by day, one entry per day */
    size_t count;
    int first_year, last_year;
};

/* Reads a DGPA office-calendar CSV (columns 西元日期,星期,是否放假,備註;
 * UTF-8 with or without a byte-order mark; CRLF or LF) or an .ics file of
 * all-day events, told apart by their content. Every row of a CSV must be
 * consistent (the weekday matches the date, the flag is 0 or 2), and each
 * year a CSV touches must be listed whole. On error nothing is returned and
 * err names the line (CSV) or component (.ics) at fault. */
fh_result cal_import_parse(const char *data, size_t len, struct cal_import *out, char *err,
                           size_t errlen);
void cal_import_free(struct cal_import *imp);

/* The largest file accepted: a decade of calendars with room to spare. */
#define CAL_IMPORT_MAX_BYTES (4 * 1024 * 1024)

/* ---- invites (iTIP, RFC 5546) ---------------------------------------------- */

enum cal_method { CAL_REQUEST, CAL_CANCEL };
enum cal_booking_state { CAL_PENDING, CAL_CONFIRMED, CAL_CANCELLED };

/* What an invite says about one booking; plain data filled by the caller. */
struct cal_booking_view {
    const char *code; /* the booking code; with the office it makes the UID */
    const char *lang; /* "zh-TW" or "en" */
    enum cal_booking_state state;
    int sequence;         /* grows on every reschedule and cancel */
    fh_minute start, end; /* office-local */
    const char *person_name;
    const char *person_email; /* may be NULL: then the invite has no ATTENDEE */
    int service;              /* index in the office */
    const char *manage_url;   /* where the citizen manages the booking, or NULL */
    int64_t stamp;            /* DTSTAMP, UTC seconds */
    /* The address the invite is sent from: ORGANIZER must be the sender, or
     * Outlook and Gmail treat the invite as forwarded. NULL: the office's. */
    const char *organizer_email;
    /* A marriage filed ahead of the date it takes effect: designated, and
     * that date (office-local). */
    bool designated;
    fh_day effective_day;
};

/* The iCalendar object for a booking: METHOD:REQUEST with one VEVENT
 * (TENTATIVE while pending, CONFIRMED), or METHOD:CANCEL with STATUS
 * CANCELLED. The citizen asked for the booking, so the ATTENDEE has accepted
 * already and no reply is asked for (RSVP=FALSE): nothing would read it, and
 * Accept/Decline buttons that do nothing mislead. UID stays the same for the booking's life; times
 * carry TZID=Asia/Taipei with its VTIMEZONE; SUMMARY and DESCRIPTION are in the booking's language;
 * a VALARM fires at alarm_minute (minute of day) the evening before. Returns a malloc'd CRLF text.
 */
char *cal_invite(const struct sched_office *office, const struct cal_booking_view *b,
                 enum cal_method method, int alarm_minute);

/* ---- feeds (subscribed to, METHOD:PUBLISH) ------------------------------- */

/* The office's openings outside regular hours (noon, evening, Saturday and
 * holiday windows; regular ones too when with_regular), one event per window
 * instance, in lang ("zh-TW" or "en"), a date released at a set time saying
 * when; and an event at each release instant of a date not yet past on the
 * day of stamp; a date whose places a draw gives says so in that event,
 * with the draw's period and the commitment to its seed (and the seed once
 * drawn) from draws (draw_count entries, by date; may be NULL). Returns a
 * malloc'd text. */
struct cal_draw_note {
    fh_day day;
    const char *commitment; /* hex SHA-256 of the seed, or NULL: not committed yet */
    const char *seed;       /* hex, once drawn; NULL before */
};
char *cal_feed_openings(const struct sched_office *office, const struct sched_opening *openings,
                        size_t count, bool with_regular, const char *lang, int64_t stamp,
                        const struct cal_draw_note *draws, size_t draw_count);

/* A manager's feed of bookings: one event per booking, with the booking code,
 * service and status, and no personal data (feeds end up on phones and in
 * other people's clouds). */
char *cal_feed_bookings(const struct sched_office *office, const struct cal_booking_view *bookings,
                        size_t count, const char *lang, int64_t stamp);

/* The UID of a booking's event, "CODE@OFFICE.flexhours"; malloc'd. */
char *cal_booking_uid(const struct sched_office *office, const char *code);

/* ---- staff duties ---------------------------------------------------------- */

/* One flexible duty of a staff member: the window instance they staff. */
struct cal_duty_view {
    fh_day day;
    enum sched_duty duty;
    fh_minute start, end; /* office-local, the window instance's (cal_duty_window()) */
    int comp_minutes;     /* compensatory time it earns */
};

/* The duty's name for people, in lang ("zh-TW" or "en"): the same words in
 * the duty feed and in the roster e-mails, so a staff member can match them.
 * A static string; "" for SCHED_DUTY_NONE or out of range. */
const char *cal_duty_title(enum sched_duty duty, const char *lang);

/* The start and end (office-local) of the office's window instance that
 * needs the duty on day, the earliest when several do; false when none is
 * open (not that kind of day, suspended, the office closed). */
bool cal_duty_window(const struct sched_office *office, const struct sched_calendar *cal,
                     fh_day day, enum sched_duty duty, fh_minute *start, fh_minute *end);

/* A staff member's duties as a PUBLISH calendar to subscribe to: one event
 * per duty, in both languages (staff read either), with the compensatory time
 * it earns. The UID comes from office, staff_id, day and duty, so a client
 * updates an event on the next fetch instead of adding a second one; a
 * duty no longer listed disappears. staff_name (may be NULL) appears in the
 * calendar's name only. stamp is DTSTAMP, UTC seconds. Returns a malloc'd
 * CRLF text, NULL when staff_id is NULL or empty. */
char *cal_feed_duties(const struct sched_office *office, const char *staff_id,
                      const char *staff_name, const struct cal_duty_view *duties, size_t count,
                      int64_t stamp);

/* The UID of a duty's event, "duty-STAFF-YYYYMMDD-DUTY@OFFICE.flexhours"; malloc'd. */
char *cal_duty_uid(const struct sched_office *office, const char *staff_id, fh_day day,
                   enum sched_duty duty);

#endif
