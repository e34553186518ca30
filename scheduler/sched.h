/* sched.h: the scheduler, flexhours' pure rules. Given an office's
 * configuration, the day calendar and the bookings already taken, it answers
 * "which slots exist and how many places are left" and "may this booking be
 * taken now". No I/O, no SQL, no HTTP: plain data in, plain data out.
 *
 * The office is described by plain spec structs (filled by the configuration
 * loader or a test) and compiled by sched_office_create() into an opaque,
 * read-only struct sched_office that is safe to share between threads. */
#ifndef SCHED_H
#define SCHED_H

#include "common/fh.h"

/* ---- day types and the day calendar ------------------------------------ */

enum sched_day_type {
    SCHED_WORKDAY,
    SCHED_RESTDAY,
    SCHED_HOLIDAY,
    SCHED_MAKEUP_WORKDAY,
    SCHED_DAY_TYPE_COUNT
};

const char *sched_day_type_name(enum sched_day_type t);
/* Returns NULL and sets *out, or a static reason. */
const char *sched_day_type_parse(const char *s, enum sched_day_type *out);

/* The national calendar: explicit entries that override the default rule
 * (Monday to Friday work, weekends rest). */
struct sched_calendar;

struct sched_calendar *sched_calendar_create(void);
void sched_calendar_free(struct sched_calendar *cal);
/* Sets (or replaces) one day's entry; name may be NULL. The name is copied. */
void sched_calendar_set(struct sched_calendar *cal, fh_day day, enum sched_day_type type,
                        const char *name);
/* The day type of any date; *name (if name is not NULL) receives the entry's
 * name or NULL. The pointer lives as long as the calendar. */
enum sched_day_type sched_calendar_day_type(const struct sched_calendar *cal, fh_day day,
                                            const char **name);
size_t sched_calendar_count(const struct sched_calendar *cal);
/* Copies every entry, closure, rostered range and staffing figure of src
 * into dst, replacing dst's entry (or figure) of the same day. */
void sched_calendar_merge(struct sched_calendar *dst, const struct sched_calendar *src);
/* Closes an office on a day (a typhoon day, decided while the service runs):
 * like a closure of its configuration, no slot at all that day. */
void sched_calendar_close(struct sched_calendar *cal, const char *office, fh_day day,
                          const char *reason);

/* ---- office specification (plain data, owned by the caller) ------------ */

enum sched_window_name {
    SCHED_WIN_REGULAR,
    SCHED_WIN_NOON,
    SCHED_WIN_EVENING,
    SCHED_WIN_SATURDAY,
    SCHED_WIN_HOLIDAY,
    SCHED_WIN_NAME_COUNT
};

const char *sched_window_name_str(enum sched_window_name n);
const char *sched_window_name_parse(const char *s, enum sched_window_name *out);

/* Named kinds of days on which a window can be suspended or to which it can
 * be limited. */
enum sched_day_kind {
    /* A non-working Saturday inside a run of three or more days off. */
    SCHED_KIND_LONG_WEEKEND_SATURDAY,
    /* A working day with no later working day in the same month. */
    SCHED_KIND_LAST_WORKING_DAY_OF_MONTH,
    SCHED_KIND_COUNT
};

const char *sched_day_kind_name(enum sched_day_kind k);
const char *sched_day_kind_parse(const char *s, enum sched_day_kind *out);

/* When a booking rule's instant falls, relative to a slot: "days" calendar
 * days or working days before the slot's date, at minute "at" of that day.
 * at == SCHED_AT_SLOT_TIME means the slot's own time of day. */
#define SCHED_AT_SLOT_TIME (-1)
struct sched_rule {
    int days;          /* 0 .. 366 */
    bool working_days; /* count working days instead of calendar days */
    int at;            /* minute of day 0..1439, or SCHED_AT_SLOT_TIME */
};

struct sched_window_spec {
    enum sched_window_name name;
    unsigned day_types;    /* bit (1u << enum sched_day_type) per type it applies to */
    unsigned weekdays;     /* bit (1u << ISO weekday 1..7) per weekday it applies to */
    fh_day date;           /* an extra opening on this one date, or FH_NO_DAY */
    int start, end;        /* minutes of the day, start < end <= 1440 */
    int slot_minutes;      /* length of one slot */
    const char **services; /* service ids it accepts */
    size_t service_count;
    int capacity;              /* counters that take bookings in this window */
    struct sched_rule horizon; /* booking opens at this instant */
    struct sched_rule cutoff;  /* and closes at this one */
    bool needs_confirmation;   /* bookings stay pending until a manager confirms */
    bool residents_only;       /* only residents of the district may book */
    unsigned suspend_on;       /* bits (1u << enum sched_day_kind): closed on these days */
    unsigned only_on;          /* bits: open only on these days (0: no such limit) */
};

struct sched_document {
    const char *zh, *en;
};

struct sched_service_spec {
    const char *id;
    const char *name_zh, *name_en;
    int minutes;    /* how long the service takes; may cover several slots */
    bool in_person; /* must be filed by the person in person */
    bool couple;    /* made by two people together (marriage): one booking, one place */
    const struct sched_document *documents;
    size_t document_count;
};

struct sched_closure {
    fh_day date;
    const char *reason; /* may be NULL */
};

/* When not coming suspends a person's online booking at an office (the
 * national site's rule: 3 no-shows suspend it for 6 months). Staff booking
 * on the person's behalf (phone, counter) are not suspended: the person may
 * still call or come in. */
struct sched_no_show_policy {
    int count;         /* misses that suspend; 0: no suspension ever */
    int within_days;   /* counted when they fall within this many days of each other */
    int suspend_days;  /* the suspension lasts this many days from the last miss's date */
    bool count_lapsed; /* a lapsed booking (nobody checked it in in time) is a miss too */
};

/* A date whose places open for booking at one instant, whatever the
 * horizons of its windows say: a lucky wedding date released at 09:00 thirty
 * days before, so that everybody knows when to come and nobody is early. */
struct sched_instant {
    fh_day on;       /* that date, or FH_NO_DAY: days_before the date ruled */
    int days_before; /* calendar days before the date ruled (0 .. 366), when on is FH_NO_DAY */
    int at;          /* minute of the day, 0 .. 1439 */
};

struct sched_release {
    fh_day date;     /* the date whose slots it releases */
    fh_day on;       /* the date of the release, or FH_NO_DAY: days_before date */
    int days_before; /* calendar days before date (0 .. 366), when on is FH_NO_DAY */
    int at;          /* minute of the day of the release, 0 .. 1439 */
    /* With a draw, the date's places are not first come: requests are
     * collected from draw_opens until draw_closes (one per couple); at
     * draw_closes a draw ranks them (sched_draw_rank()) and they are booked
     * in that order, the rest put on the waitlist; what is left opens to
     * first come at the release instant, which is after draw_closes. */
    bool draw;
    struct sched_instant draw_opens, draw_closes;
};

/* The release instant of r (office-local minutes). */
fh_minute sched_release_instant(const struct sched_release *r);
/* The instant of i for the date ruled (office-local minutes). */
fh_minute sched_instant_of(const struct sched_instant *i, fh_day date);

struct sched_office_spec {
    const char *id;
    const char *name_zh, *name_en;
    const char *timezone; /* IANA name, shown to clients */
    int utc_offset;       /* minutes east of UTC; Asia/Taipei is +480, no DST */
    const char *address_zh, *address_en;
    const char *email; /* the office's own mailbox */
    const struct sched_service_spec *services;
    size_t service_count;
    const struct sched_window_spec *windows; /* the office's windows */
    size_t window_count;
    /* Extra openings: windows on one date each (date set). In the compiled
     * office's copy they follow the windows in the same array, so that
     * windows[i] for i < window_count + extra_opening_count is any window
     * instance a slot or booking names. */
    const struct sched_window_spec *extra_openings;
    size_t extra_opening_count;
    const struct sched_closure *closures;
    size_t closure_count;
    int per_person_per_day;     /* bookings one person may hold on one date */
    int per_person_per_service; /* active bookings one person may hold per service */
    /* Minutes after its start when a confirmed booking nobody checked in
     * lapses (the citizen then takes a queue number); 0: never. */
    int lapse_minutes;
    /* Whether staff booking on a citizen's behalf (phone, fax, counter) may
     * book past the online cut-off; the horizon and the places still hold. */
    bool staff_past_cutoff;
    struct sched_no_show_policy no_show;
    /* Minutes a place freed and offered to the first person on its
     * waitlist is held for them (SCHED_WAITLIST_HOLD_DEFAULT). */
    int waitlist_hold_minutes;
    /* A completed booking's holder is asked for a short satisfaction survey
     * (waiting time, courtesy, overall, a comment). */
    bool satisfaction_survey;
    /* Dates released at an exact instant, one entry per date. */
    const struct sched_release *releases;
    size_t release_count;
    /* Office days before the date it takes effect that a couple's service
     * (marriage) may be filed with a designated date (0: not offered). */
    int designated_date_days;
};

/* ---- the compiled office ----------------------------------------------- */

struct sched_office;

/* Validates and deep-copies spec. On failure returns NULL and writes into err
 * a message naming the path inside the office ("windows[2].end: before
 * start"). */
struct sched_office *sched_office_create(const struct sched_office_spec *spec, char *err,
                                         size_t errlen);
void sched_office_free(struct sched_office *office);

/* The office's own copy of its spec; valid while the office lives. */
const struct sched_office_spec *sched_office_spec(const struct sched_office *office);
/* Windows and extra openings together: the index a slot's window names. */
int sched_office_window_count(const struct sched_office *office);
const struct sched_window_spec *sched_office_window(const struct sched_office *office, int w);
/* Index of a service id, or -1. */
int sched_office_service_index(const struct sched_office *office, const char *id);
/* Whether any window (or extra opening) accepts the service. */
bool sched_office_offers(const struct sched_office *office, int service);
/* Number of slots a service covers in a window of slot_minutes. */
int sched_service_slots(const struct sched_office *office, int service, int window);
/* Bit set of window names that accept the service. */
unsigned sched_office_service_windows(const struct sched_office *office, int service);

/* ---- bookings ---------------------------------------------------------- */

/* A booking as the scheduler sees it: an active booking holds counters from
 * start for the slots its minutes cover, in the window that holds start.
 *
 * An entry may also stand for several bookings of the same start, length
 * and service (places of them): a store keeps its counts that way, so that
 * what it reads follows the slots taken, not the bookings. Such an entry
 * names nobody (person and partner 0). Where bookings are counted per slot
 * (sched_slots, sched_admit's bookings, sched_roster_demand) an entry counts
 * places times; where a person's bookings or single bookings are looked at
 * (sched_admit's person_bookings, sched_overbooked) every entry is one
 * booking and places is not read. */
struct sched_booking {
    fh_minute start;
    int minutes;
    uint64_t person;  /* an opaque key of the person (a keyed hash of the ID) */
    uint64_t partner; /* the other person of a couple booking, keyed alike, or 0 */
    int service;      /* index of its service id in the office asking (booking of
                       * any office), or -1 when this office has no such service */
    /* Bookings this entry stands for. 0 (or less) is read as 1: a booking
     * built field by field, as most callers and tests do, is one booking
     * without saying so, and a weight can never make a booking count less
     * than itself. */
    int places;
};

/* ---- slots ------------------------------------------------------------- */

struct sched_slot {
    fh_minute start;
    fh_minute end; /* start + the service's length, rounded up to whole slots */
    int window;    /* index into the office's windows */
    int remaining; /* places left for this service */
    int capacity;
    bool bookable; /* a place left, booking open, cut-off not passed: bookable at now */
    /* Its date waits for its release (sched_release_at() says when): not
     * bookable before. A slot built field by field waits for nothing. */
    bool unreleased;
};

enum {
    /* Also list slots that are full, not yet open or past their cut-off
     * (for managers); without it only slots bookable at now are listed. */
    SCHED_SLOTS_ALL = 1 << 0,
    /* Bookable as staff booking for a citizen: past the cut-off too when
     * the office's staff_past_cutoff allows it. */
    SCHED_SLOTS_STAFF = 1 << 1,
    /* Also list slots that only wait for their date's release (with a
     * place left, cut-off not passed): what the citizen is told opens
     * when. */
    SCHED_SLOTS_UNRELEASED = 1 << 2,
};

/* Every slot of a service on the dates first..last (inclusive) in
 * chronological order. bookings must hold the office's active bookings
 * sorted by start (others are ignored), each counted its places times.
 * *out is allocated (free() it). */
fh_result sched_slots(const struct sched_office *office, const struct sched_calendar *cal,
                      int service, fh_day first, fh_day last, fh_minute now,
                      const struct sched_booking *bookings, size_t booking_count, unsigned flags,
                      struct sched_slot **out, size_t *out_count);
/* The same, with the bookings given per day: day_bookings[i] (day_counts[i]
 * entries, sorted by start) are those starting on day first + i. A caller
 * that keeps its bookings by day (svc's day table) passes them as they
 * are kept, without copying them into one list. */
fh_result sched_slots_days(const struct sched_office *office, const struct sched_calendar *cal,
                           int service, fh_day first, fh_day last, fh_minute now,
                           const struct sched_booking *const *day_bookings,
                           const size_t *day_counts, unsigned flags, struct sched_slot **out,
                           size_t *out_count);

/* ---- admission --------------------------------------------------------- */

enum sched_refusal {
    SCHED_OK = 0,
    SCHED_NOT_A_SLOT,        /* no window accepting the service has a slot there */
    SCHED_DAY_CLOSED,        /* the office is closed that day */
    SCHED_WINDOW_SUSPENDED,  /* the window is suspended on that kind of day */
    SCHED_IN_PAST,           /* the slot has already begun */
    SCHED_NOT_YET_OPEN,      /* before the booking horizon */
    SCHED_CUTOFF_PASSED,     /* after the cut-off */
    SCHED_NOT_RESIDENT,      /* the window takes residents of the district only */
    SCHED_DUPLICATE_BOOKING, /* the person or the partner holds one for this service */
    SCHED_DAILY_LIMIT,       /* the person or the partner holds their bookings that day */
    SCHED_SLOT_FULL,         /* no place left */
    SCHED_SUSPENDED,         /* the person's online booking is suspended for no-shows */
    SCHED_NOT_YET_RELEASED,  /* before the release instant of the date (sched_release) */
    SCHED_EFFECTIVE_DATE,    /* the designated effective date is not allowed (admission's
                              * effective says why) */
    SCHED_REFUSAL_COUNT
};

/* The stable code the API and the command line report ("slot_full"). */
const char *sched_refusal_code(enum sched_refusal r);
/* A sentence for people. */
const char *sched_refusal_message(enum sched_refusal r);

/* A booking its holder (and partner) did not come to: marked a no-show, or
 * lapsed (nobody checked it in within the office's lapse minutes). */
struct sched_miss {
    fh_minute start; /* the booking's start, office-local */
    uint64_t person, partner;
    bool lapsed;
};

/* A manager lifted the person's suspension at this office: the misses
 * before it no longer count. */
struct sched_lift {
    uint64_t person;
    fh_minute at; /* office-local */
};

struct sched_request {
    int service;
    fh_minute start;
    uint64_t person;
    uint64_t partner; /* the person booking with them (a couple service), or 0 */
    bool resident;
    /* Taken by staff on the citizen's behalf: past the cut-off too when the
     * office's staff_past_cutoff allows it, and never suspended. */
    bool staff;
    /* The misses at this office that name the person or the partner, and
     * the lifts of either, in any order (NULL and 0: none): what the
     * no-show policy reads. */
    const struct sched_miss *misses;
    size_t miss_count;
    const struct sched_lift *lifts;
    size_t lift_count;
    /* A couple's service filed ahead of the date it takes effect
     * (sched_effective_check()): designated, and that date. */
    bool designated;
    fh_day effective;
    /* Placed by the date's draw: the date opens for it when the draw
     * closes, not at the release instant that opens it to first come. */
    bool drawn;
};

struct sched_admission {
    int window;              /* the window instance that takes it */
    fh_minute end;           /* start + the slots it covers */
    int minutes;             /* what the booking holds */
    bool needs_confirmation; /* it starts pending */
    int remaining;           /* places left before this booking */
    bool partner_refused;    /* the partner's bookings refused it (duplicate, daily limit,
                              * suspended) */
    fh_day suspended_until;  /* SCHED_SUSPENDED: the first day booking online opens again */
    int effective;           /* SCHED_EFFECTIVE_DATE: why (enum sched_effective) */
};

/* May this booking be taken at now? bookings are the office's active
 * bookings sorted by start, each counted its places times; person_bookings
 * are the active bookings at any office that name the person or the
 * partner, as holder or partner, one each (a booking counts for each
 * person it names; places is not read). Each limit is checked for the
 * holder, then the partner. On SCHED_OK, *out describes the booking to
 * store. */
enum sched_refusal sched_admit(const struct sched_office *office, const struct sched_calendar *cal,
                               const struct sched_request *req, fh_minute now,
                               const struct sched_booking *bookings, size_t booking_count,
                               const struct sched_booking *person_bookings,
                               size_t person_booking_count, struct sched_admission *out);

/* When booking opens for service at start (the horizon of the window that
 * would take it, at the calendar cal), office-local; SCHED_NEVER when start
 * is no slot. What a not_yet_open refusal tells the person. */
fh_minute sched_opens_at(const struct sched_office *office, const struct sched_calendar *cal,
                         int service, fh_minute start);

/* Whether start is still a slot of an open window that accepts the service
 * (SCHED_OK), or why not (SCHED_NOT_A_SLOT, SCHED_DAY_CLOSED,
 * SCHED_WINDOW_SUSPENDED): the part of admission that a booking already
 * taken must keep meeting when the calendar or the office changes. */
enum sched_refusal sched_check_slot(const struct sched_office *office,
                                    const struct sched_calendar *cal, int service, fh_minute start);

/* The release instant of day at the office (office-local), or SCHED_NEVER
 * when the date has no release rule. */
fh_minute sched_release_at(const struct sched_office *office, fh_day day);
/* The release rule of day at the office, or NULL. */
const struct sched_release *sched_release_rule(const struct sched_office *office, fh_day day);

/* ---- lucky-date draws --------------------------------------------------- */

enum sched_draw_phase {
    SCHED_DRAW_NONE,   /* the date has no draw */
    SCHED_DRAW_BEFORE, /* requests are not taken yet */
    SCHED_DRAW_OPEN,   /* requests are taken */
    SCHED_DRAW_CLOSED, /* the draw's time has come: no more requests */
};

/* Where the draw of day stands at now (office-local). */
enum sched_draw_phase sched_draw_phase(const struct sched_office *office, fh_day day,
                                       fh_minute now);

#define SCHED_DRAW_SEED_LEN 32

/* The draw's order of n requests by their public numbers: order[0] is the
 * index of the first drawn. Each number's key is HMAC-SHA256 under the
 * seed of the number's text; keys sort as bytes (the numbers, unique,
 * break a tie that cannot happen). Anyone holding the revealed seed and
 * the numbers can compute it again (flexhours draw verify). */
void sched_draw_rank(const uint8_t seed[SCHED_DRAW_SEED_LEN], const char *const *numbers, size_t n,
                     size_t *order);

/* ---- marriage with a designated date ----------------------------------- */

/* A couple may file their marriage on an office day before the date it takes
 * effect (a holiday, without holiday staff): the booking names that
 * effective date. Office days are the office's working days (not closed). */
enum sched_effective {
    SCHED_EFFECTIVE_OK = 0,
    SCHED_EFFECTIVE_NOT_OFFERED,    /* not a couple's service, or the office offers none */
    SCHED_EFFECTIVE_NOT_OFFICE_DAY, /* the booking's own day is not an office day */
    SCHED_EFFECTIVE_NOT_AFTER,      /* on or before the booking's day */
    SCHED_EFFECTIVE_TOO_FAR,        /* more office days ahead than the office allows */
    SCHED_EFFECTIVE_COUNT
};

/* The office days from filed up to effective: those in filed .. effective-1
 * (the day filed counts, the effective date does not), counted up to a
 * bound a little past any allowed span; 0 when effective <= filed. */
int sched_effective_span(const struct sched_office *office, const struct sched_calendar *cal,
                         fh_day filed, fh_day effective);
/* Whether a booking of service starting at start may name effective as
 * the date its registration takes effect: filed on an office day, the
 * effective date after it and at most the office's designated_date_days
 * office days ahead. */
enum sched_effective sched_effective_check(const struct sched_office *office,
                                           const struct sched_calendar *cal, int service,
                                           fh_minute start, fh_day effective);
/* The stable code ("effective_date_too_far") and a sentence for people. */
const char *sched_effective_code(enum sched_effective e);
const char *sched_effective_message(enum sched_effective e);

/* ---- at the counter ------------------------------------------------------- */

/* Whether a booking starting at start may be checked in at now (both
 * office-local): only on the booking's own day. */
enum sched_checkin {
    SCHED_CHECKIN_OK = 0,
    SCHED_CHECKIN_TOO_EARLY, /* before the booking's day */
    SCHED_CHECKIN_TOO_LATE,  /* after the booking's day */
    /* A no-show mark before sched_no_show_from(): the counter's other
     * rule of time, reported alike ("no_show_too_early"). */
    SCHED_CHECKIN_NO_SHOW_TOO_EARLY,
};
enum sched_checkin sched_checkin_check(fh_minute start, fh_minute now);
/* The stable code ("checkin_too_early") and a sentence for people. */
const char *sched_checkin_code(enum sched_checkin c);
const char *sched_checkin_message(enum sched_checkin c);

/* When a confirmed booking starting at start lapses if nobody checked it
 * in (start + the office's lapse_minutes), or SCHED_NEVER when the office
 * lets none lapse. */
fh_minute sched_lapse_at(const struct sched_office *office, fh_minute start);
/* Whether it has lapsed at now. */
bool sched_lapsed(const struct sched_office *office, fh_minute start, fh_minute now);
/* The latest start of a booking that has lapsed at now, or SCHED_NEVER
 * (nothing lapses): a store finds the bookings to lapse with it. */
fh_minute sched_lapse_latest_start(const struct sched_office *office, fh_minute now);

/* ---- no-shows ------------------------------------------------------------ */

/* Where a person stands under a no-show policy at now. */
struct sched_standing {
    /* The first day online booking is open again while suspended at now,
     * else FH_NO_DAY. */
    fh_day suspended_until;
    /* Misses that still count towards the next suspension: within
     * within_days of now, after the last lift, and not spent by a
     * suspension already. At policy.count - 1 the person is one miss away. */
    int counted;
};

/* The standing of person under policy, from the misses naming them (as
 * holder or partner; a lapse only where the policy counts lapses) after
 * lifted_at (SCHED_NEVER: never lifted) that started by now. Misses are
 * counted in date order; when count of them fall within within_days, the
 * suspension runs suspend_days from the date of the last, and those misses
 * are spent: the next suspension needs count new ones. */
struct sched_standing sched_no_show_standing(const struct sched_no_show_policy *policy,
                                             uint64_t person, const struct sched_miss *misses,
                                             size_t count, fh_minute lifted_at, fh_minute now);
/* The latest lift of person at or before now among lifts, or SCHED_NEVER. */
fh_minute sched_lifted_at(uint64_t person, const struct sched_lift *lifts, size_t count,
                          fh_minute now);

/* Whether a booking starting at start may be marked a no-show at now: only
 * once its start plus the office's grace (lapse_minutes) has passed, since
 * until then the person may still come. */
enum sched_no_show_mark {
    SCHED_MARK_OK = 0,
    SCHED_MARK_TOO_EARLY,
};
enum sched_no_show_mark sched_no_show_check(const struct sched_office *office, fh_minute start,
                                            fh_minute now);
/* The first minute a booking starting at start may be marked a no-show. */
fh_minute sched_no_show_from(const struct sched_office *office, fh_minute start);
/* "no_show_too_early" and a sentence for people. */
const char *sched_no_show_code(enum sched_no_show_mark m);
const char *sched_no_show_message(enum sched_no_show_mark m);

/* ---- openings ----------------------------------------------------------- */

/* One window open on one date. */
struct sched_opening {
    fh_day day;
    int window;
};

/* Every window instance open on the dates first..last, by date and time:
 * what the office's openings feed shows. *out is malloc'd. */
fh_result sched_openings(const struct sched_office *office, const struct sched_calendar *cal,
                         fh_day first, fh_day last, struct sched_opening **out, size_t *count);

/* ---- reminders ------------------------------------------------------------ */

#define SCHED_NEVER INT64_MIN

struct sched_reminders {
    int email_at;                /* minute of day on the evening before; -1: no e-mail reminder */
    int sms_before;              /* minutes before the start; -1: no SMS reminder */
    int quiet_from, quiet_until; /* SMS quiet hours, minutes of day (may wrap midnight) */
};

/* The defaults: e-mail at 19:00 the evening before, SMS two hours before,
 * no SMS between 21:00 and 08:00. */
extern const struct sched_reminders sched_reminders_default;

/* When the reminders of a booking starting at start fall due (office-local
 * minutes), or SCHED_NEVER when switched off or when that time has already
 * passed at now: a booking made late gets no stale reminder. */
void sched_reminder_times(const struct sched_reminders *r, fh_minute start, fh_minute now,
                          fh_minute *email_at, fh_minute *sms_at);

/* The first time at or after t that is outside the SMS quiet hours. */
fh_minute sched_sms_time(const struct sched_reminders *r, fh_minute t);

/* ---- the waitlist ------------------------------------------------------------
 * When a slot (or every slot of a day) of a service is full, a person may
 * wait for it. A place freed later is offered to the first person waiting,
 * in the order they joined, whom the booking's rules (limits, suspension,
 * cut-off) still admit; it is held for them for the office's
 * waitlist_hold_minutes, counted as taken, until they accept, decline or
 * the hold expires, and then passes to the next. */

#define SCHED_WAITLIST_HOLD_DEFAULT 30

enum sched_wait {
    SCHED_WAIT_FULL,        /* full: the person may wait (or keeps waiting) */
    SCHED_WAIT_PLACES_LEFT, /* a place the person may take now, at *start */
    SCHED_WAIT_REFUSED,     /* refused for another reason: *refusal */
};

/* Where a person stands for a place of req->service at req->start, or,
 * when day is not FH_NO_DAY, at any slot of that day (req->start is then
 * ignored): whether it is full (they may join, or keep waiting), has a
 * place they may take now (*start, the earliest of the day), or refuses
 * them for another reason (*refusal: their limits, a suspension, the
 * cut-off, a closed day; a day with no slot of the service is
 * SCHED_NOT_A_SLOT; for a day refused for the person, *start is the slot
 * that said so). bookings and person_bookings as for sched_admit();
 * the places held for others count as bookings. */
enum sched_wait sched_waitlist_check(const struct sched_office *office,
                                     const struct sched_calendar *cal,
                                     const struct sched_request *req, fh_day day, fh_minute now,
                                     const struct sched_booking *bookings, size_t booking_count,
                                     const struct sched_booking *person_bookings,
                                     size_t person_booking_count, fh_minute *start,
                                     enum sched_refusal *refusal);

/* Whether a refusal means the person can never be offered what they wait
 * for (its time, or its cut-off, has passed): their entry ends. Others
 * (a limit, a suspension, a closed day) may change: they keep waiting. */
bool sched_waitlist_over(enum sched_refusal refusal);

/* When a hold made at now on a place starting at start expires: the
 * office's hold minutes later, but never after the place begins. */
fh_minute sched_offer_expires(const struct sched_office *office, fh_minute now, fh_minute start);

/* Whether an offer's SMS may go at now for a hold that lasts until
 * expires: never when any minute of the hold is in the quiet hours (the
 * offer is then sent by e-mail only, which nobody is woken by). */
bool sched_offer_sms_allowed(const struct sched_reminders *r, fh_minute now, fh_minute expires);

/* ---- staffing the flexible shifts ----------------------------------------- */

/* The duties of the windows outside regular hours; a regular window has none. */
enum sched_duty {
    SCHED_DUTY_NOON,
    SCHED_DUTY_EVENING,
    SCHED_DUTY_SATURDAY,
    SCHED_DUTY_HOLIDAY, /* on call for booked weddings */
    SCHED_DUTY_COUNT,
    SCHED_DUTY_NONE = -1
};

/* What happened to a booking, as an integration is told (webhooks): the
 * names are the event types of the payload and of the configuration. */
enum sched_event {
    SCHED_EVENT_CREATED,
    SCHED_EVENT_MOVED,
    SCHED_EVENT_CANCELLED,
    SCHED_EVENT_CHECKED_IN,
    SCHED_EVENT_LAPSED,
    SCHED_EVENT_NO_SHOW,
    SCHED_EVENT_COUNT
};

/* "booking.created", ...; "unknown" out of range. */
const char *sched_event_name(enum sched_event e);
/* The event named s, or -1. */
int sched_event_parse(const char *s);

const char *sched_duty_name(enum sched_duty d);
const char *sched_duty_parse(const char *s, enum sched_duty *out);
/* The duty a window's instances need staff for. */
enum sched_duty sched_window_duty(enum sched_window_name n);

/* Capacity follows the published roster, carried by the day calendar like the
 * closures decided while the service runs: a store transaction that admits a
 * booking with that calendar then refuses one beyond the staff on duty. */

/* The office's roster for first..last is published: from now on a duty window
 * instance in that range has as many places as staff on duty (never more than
 * its capacity). */
void sched_calendar_rostered(struct sched_calendar *cal, const char *office, fh_day first,
                             fh_day last);
/* The published roster puts staff people on this duty of the office on day.
 * Publishing again replaces the figure. */
void sched_calendar_staff(struct sched_calendar *cal, const char *office, fh_day day,
                          enum sched_duty duty, int staff);
/* The places a window instance offers: its capacity, or min(capacity, staff
 * on duty) when the day is in a rostered range of the office (no staff entry
 * = 0 staff). A holiday window keeps its capacity: holiday duty is on call,
 * its weddings stay pending until a manager confirms them and dispatches
 * somebody when nobody is on duty. Windows whose name has no duty (regular)
 * always keep their capacity. sched_slots and sched_admit count places this
 * way. */
int sched_window_places(const struct sched_office *office, const struct sched_calendar *cal,
                        fh_day day, int window);
/* The places of window with staff on its duty, whatever the calendar says:
 * the rule sched_window_places() applies inside a rostered range. */
int sched_window_places_staffed(const struct sched_office *office, int window, int staff);

/* The bookings that no longer fit when window instance (day, window) offers
 * only places places (after a roster shrinks it): bookings are the office's
 * active bookings of that window instance in the order they were taken
 * (earliest first; others are ignored), one each (the answer names single
 * bookings, so their places is not read); each is placed greedily on the slots
 * it covers, as the slot engine counts them, and those that find a slot full
 * are the overbooked ones. *out (malloc'd, NULL when none) receives their
 * indices into bookings, ascending. FH_EINVAL for a window the office lacks. */
fh_result sched_overbooked(const struct sched_office *office, fh_day day, int window, int places,
                           const struct sched_booking *bookings, size_t count, size_t **out,
                           size_t *out_count);

/* "Likes Saturdays" (weight > 0), "no evenings on Wednesdays" (weight < 0). */
struct sched_preference {
    int weekday; /* 1..7, or 0 for any day */
    int duty;    /* enum sched_duty, or SCHED_DUTY_NONE for any duty */
    int weight;
};

struct sched_staff {
    const char *id;
    uint64_t skills;     /* bit per service index of the office the person may handle */
    const fh_day *leave; /* dates the person is on leave or unavailable */
    size_t leave_count;
    const struct sched_preference *prefs;
    size_t pref_count;
    int max_duties;   /* flexible duties a month; 0: the office's default */
    int comp_balance; /* compensatory minutes already owed when the month starts */
};

struct sched_roster_rules {
    int weight[SCHED_DUTY_COUNT];       /* fairness weight: Saturday and holiday weigh more */
    int comp_minutes[SCHED_DUTY_COUNT]; /* compensatory time one duty earns */
    int min_staff[SCHED_DUTY_COUNT];    /* staff a window instance needs at least */
    int walk_in_margin;                 /* staff added to what the bookings need */
    bool one_flex_per_day;              /* at most one of noon and evening per person per day */
    int max_consecutive_days;           /* working days in a row, duties included; 0: no cap */
    int max_duties_per_month;           /* the default cap per person; 0: no cap */
};

extern const struct sched_roster_rules sched_roster_rules_default;

/* What one window instance needs. */
struct sched_demand {
    fh_day day;
    int window;
    enum sched_duty duty;
    int needed;
    uint64_t skills; /* services booked there: someone on duty must handle each */
};

/* The demand of the dates first..last: every window instance with a duty,
 * needing the rules' minimum, raised by what is booked there (booked
 * minutes over the window's minutes, rounded up, plus the walk-in margin)
 * and by the services booked. bookings: the office's active ones, sorted by
 * start, each counted its places times. *out is malloc'd. */
fh_result sched_roster_demand(const struct sched_office *office, const struct sched_calendar *cal,
                              const struct sched_roster_rules *rules, fh_day first, fh_day last,
                              const struct sched_booking *bookings, size_t booking_count,
                              struct sched_demand **out, size_t *count);

struct sched_assignment {
    int demand; /* index into the demand */
    int staff;  /* index into the staff */
};

/* A manager's pin (this person does this duty) or ban (never this one). */
struct sched_pin {
    int demand;
    int staff;
    bool forbid;
};

/* Why a window instance is short of staff. */
enum sched_short_reason {
    SCHED_SHORT_NO_SKILL,      /* nobody (available) handles a service booked there */
    SCHED_SHORT_ALL_ON_LEAVE,  /* everybody who could is on leave that day */
    SCHED_SHORT_AT_LIMITS,     /* everybody left is at a limit: cap, days in a row, one a day */
    SCHED_SHORT_TOO_FEW_STAFF, /* there are fewer staff than it needs */
    SCHED_SHORT_UNFILLED       /* somebody could still take it (an edited roster left it short) */
};

const char *sched_short_reason_text(enum sched_short_reason r);
/* The stable code the API and the command line report ("no_skill"). */
const char *sched_short_reason_code(enum sched_short_reason r);

struct sched_shortfall {
    int demand;
    int assigned;
    enum sched_short_reason reason;
    int service; /* the service nobody on it covers (no_skill, or unfilled for want of it); else -1
                  */
};

struct sched_roster {
    struct sched_assignment *assignments; /* by demand, then staff */
    size_t assignment_count;
    struct sched_shortfall *shortfalls; /* by demand */
    size_t shortfall_count;
    int *load;        /* per staff: weighted duties */
    int *duties;      /* per staff: duty count */
    int *comp;        /* per staff: compensatory minutes earned */
    int spread;       /* max - min weighted load over the staff */
    int spread_bound; /* no roster of this demand can have a smaller spread */
    int prefs_total, prefs_honoured;
};

/* Builds a roster meeting every hard rule (no one on leave, skills covered,
 * caps, days in a row, one flexible duty a day), with the soft goals: loads
 * spread evenly, preferences honoured, compensatory balances low. The same
 * input gives the same roster. Pins are kept (a pin that breaks a hard rule
 * is FH_EINVAL, err naming it); bans are obeyed. Window instances that
 * cannot be covered are listed as shortfalls with their reason. */
fh_result sched_roster_solve(const struct sched_office *office, const struct sched_calendar *cal,
                             const struct sched_roster_rules *rules,
                             const struct sched_staff *staff, size_t staff_count,
                             const struct sched_demand *demand, size_t demand_count,
                             const struct sched_pin *pins, size_t pin_count,
                             struct sched_roster *out, char *err, size_t errlen);
void sched_roster_free(struct sched_roster *roster);

/* The shortfalls of a given roster (stored, or edited by a manager), with the
 * reasons the solver gives, so that a roster shown later explains itself the
 * same way as when it was built. A demand instance is short when it has fewer
 * assignments than needed or when the services booked there are not all
 * handled by the staff assigned. *out is malloc'd (NULL when none), by
 * demand. FH_EINVAL for an assignment naming no such duty or person. */
fh_result sched_roster_explain(const struct sched_office *office, const struct sched_calendar *cal,
                               const struct sched_roster_rules *rules,
                               const struct sched_staff *staff, size_t staff_count,
                               const struct sched_demand *demand, size_t demand_count,
                               const struct sched_assignment *assignments, size_t count,
                               struct sched_shortfall **out, size_t *out_count);

/* One person for one duty instance: what a manager needs when confirming a
 * holiday wedding with nobody on holiday duty that day. The staff index that
 * the hard rules allow to join demand d of the given roster, preferring who
 * covers the skills booked there, then the lowest weighted load, then
 * preferences, then the lower index; -1 when nobody may (or d or an
 * assignment names no such duty or person). */
int sched_roster_pick(const struct sched_office *office, const struct sched_calendar *cal,
                      const struct sched_roster_rules *rules, const struct sched_staff *staff,
                      size_t staff_count, const struct sched_demand *demand, size_t demand_count,
                      const struct sched_assignment *assignments, size_t count, int d);

/* The compensatory time a duty on day earns: the rules' figure, or none
 * when the office was closed that day (a typhoon day: nobody worked it). */
int sched_duty_comp(const struct sched_office *office, const struct sched_calendar *cal,
                    const struct sched_roster_rules *rules, fh_day day, enum sched_duty duty);

/* Checks an edited roster against the hard rules; FH_EINVAL and err naming
 * the first rule broken. Coverage shortfalls are not errors here. */
fh_result sched_roster_check(const struct sched_office *office, const struct sched_calendar *cal,
                             const struct sched_roster_rules *rules,
                             const struct sched_staff *staff, size_t staff_count,
                             const struct sched_demand *demand, size_t demand_count,
                             const struct sched_assignment *assignments, size_t count, char *err,
                             size_t errlen);

/* ---- days --------------------------------------------------------------- */

/* What a date is for an office: its type, its calendar name, whether the
 * office closed it (and why). */
struct sched_day_info {
    enum sched_day_type type;
    const char *name;           /* the calendar's name of the day, or NULL */
    bool closed;                /* the office closed it */
    const char *closure_reason; /* or NULL */
    bool working;               /* counts as a working day for cut-offs */
};

void sched_day_info(const struct sched_office *office, const struct sched_calendar *cal, fh_day day,
                    struct sched_day_info *out);

/* ---- after the visit: needs, the survey ---------------------------------- */

/* The languages an office can find an interpreter for. */
enum sched_interpreter {
    SCHED_INTERPRETER_NONE = 0,
    SCHED_INTERPRETER_HAKKA,   /* hak: 客語 */
    SCHED_INTERPRETER_TSL,     /* tsl: Taiwanese Sign Language, 台灣手語 */
    SCHED_INTERPRETER_ENGLISH, /* en */
    SCHED_INTERPRETER_VIET,    /* vi */
    SCHED_INTERPRETER_INDO,    /* id */
    SCHED_INTERPRETER_THAI,    /* th */
    SCHED_INTERPRETER_COUNT
};

/* What the counter should prepare for a booking. */
struct sched_needs {
    bool wheelchair;       /* step-free access, a low counter */
    bool priority_counter; /* 愛心櫃檯: elderly, pregnant, disabled */
    enum sched_interpreter interpreter;
};

/* The code of an interpreter language ("vi"; "" for none), and its name in
 * Traditional Chinese or English. */
const char *sched_interpreter_code(enum sched_interpreter i);
const char *sched_interpreter_name(enum sched_interpreter i, bool en);
/* The language of code ("hak", "tsl", "en", "vi", "id", "th"); false for
 * any other (the caller refuses it). */
bool sched_interpreter_parse(const char *code, enum sched_interpreter *out);
bool sched_needs_any(const struct sched_needs *n);
/* The needs as one line of words ("wheelchair priority_counter
 * interpreter=vi", "" for none), as the store seals them, and back;
 * sched_needs_parse() returns false on anything else. */
#define SCHED_NEEDS_TEXT_LEN 64
void sched_needs_format(const struct sched_needs *n, char out[SCHED_NEEDS_TEXT_LEN]);
bool sched_needs_parse(const char *text, struct sched_needs *out);

/* Why a survey answer is not taken. */
enum sched_survey {
    SCHED_SURVEY_OK = 0,
    SCHED_SURVEY_OFF,          /* the office does not ask */
    SCHED_SURVEY_NOT_COMPLETE, /* only a visit that took place is asked about */
    SCHED_SURVEY_ANSWERED,     /* once per booking */
    SCHED_SURVEY_CLOSED,       /* SCHED_SURVEY_DAYS after the visit, or the booking's data erased */
    SCHED_SURVEY_COUNT
};

/* How long after the visit's day an answer is taken. */
#define SCHED_SURVEY_DAYS 30
/* The answers' bounds: each score 1 to 5, the comment in characters. */
#define SCHED_SURVEY_SCORE_MIN   1
#define SCHED_SURVEY_SCORE_MAX   5
#define SCHED_SURVEY_COMMENT_MAX 500

/* May the holder of a booking at office that starts at start (office-local)
 * answer its survey at now? completed: the counter marked it complete;
 * answered: an answer is stored; erased: its personal data is gone. */
enum sched_survey sched_survey_check(const struct sched_office *office, fh_minute start,
                                     bool completed, bool answered, bool erased, fh_minute now);
/* The stable code ("survey_answered") and a sentence for people. */
const char *sched_survey_code(enum sched_survey s);
const char *sched_survey_message(enum sched_survey s);

#endif
