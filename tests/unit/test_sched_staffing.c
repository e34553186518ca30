/* test_sched_staffing.c: capacity that follows the published roster (places
 * per window instance, the slot listing and admission counting them, the
 * calendar carrying and merging the staffing), the bookings a shrunken
 * window instance can no longer hold, the shortfalls of a given roster and
 * the one person picked for a duty. */
#include "scheduler/sched.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

static const char *const all_services[] = {"marriage", "name_change"};

/* Window indices of the office below. */
enum { REGULAR, NOON, EVENING, HOLIDAY };

/* Regular mornings (3 counters), noon (4 counters, 30-minute slots, a
 * marriage takes two), evening (2), holiday weddings (2, pending). */
static struct sched_office *make_office(const char *id)
{
    static const struct sched_service_spec services[] = {
        {.id = "marriage", .name_zh = "結婚登記", .name_en = "Marriage", .minutes = 60},
        {.id = "name_change", .name_zh = "更名", .name_en = "Name change", .minutes = 30},
    };
    const unsigned workdays = 1u << SCHED_WORKDAY | 1u << SCHED_MAKEUP_WORKDAY;
    const struct sched_rule horizon = {.days = 30, .at = 0}, cutoff = {.days = 1, .at = 15 * 60};
    const struct sched_window_spec windows[] = {
        {.name = SCHED_WIN_REGULAR,
         .day_types = workdays,
         .weekdays = 0xFEu,
         .date = FH_NO_DAY,
         .start = 9 * 60,
         .end = 12 * 60,
         .slot_minutes = 30,
         .services = (const char **)all_services,
         .service_count = 2,
         .capacity = 3,
         .horizon = horizon,
         .cutoff = cutoff},
        {.name = SCHED_WIN_NOON,
         .day_types = workdays,
         .weekdays = 0xFEu,
         .date = FH_NO_DAY,
         .start = 12 * 60,
         .end = 13 * 60 + 30,
         .slot_minutes = 30,
         .services = (const char **)all_services,
         .service_count = 2,
         .capacity = 4,
         .horizon = horizon,
         .cutoff = cutoff},
        {.name = SCHED_WIN_EVENING,
         .day_types = workdays,
         .weekdays = 0xFEu,
         .date = FH_NO_DAY,
         .start = 17 * 60 + 30,
         .end = 18 * 60 + 30,
         .slot_minutes = 30,
         .services = (const char **)all_services,
         .service_count = 2,
         .capacity = 2,
         .horizon = horizon,
         .cutoff = cutoff},
        {.name = SCHED_WIN_HOLIDAY,
         .day_types = 1u << SCHED_HOLIDAY,
         .weekdays = 0xFEu,
         .date = FH_NO_DAY,
         .start = 9 * 60,
         .end = 12 * 60,
         .slot_minutes = 30,
         .services = (const char **)all_services,
         .service_count = 1,
         .capacity = 2,
         .horizon = horizon,
         .cutoff = cutoff,
         .needs_confirmation = true},
    };
    const struct sched_office_spec spec = {
        .id = id,
        .name_zh = "測試戶政事務所",
        .name_en = "Test office",
        .timezone = "Asia/Taipei",
        .utc_offset = 480,
        .services = services,
        .service_count = 2,
        .windows = windows,
        .window_count = 4,
    };
    char err[FH_ERR_LEN] = "";
    struct sched_office *office = sched_office_create(&spec, err, sizeof err);
    if (office == NULL)
        fh_fatal("test office: %s", err);
    return office;
}

#define MARRIAGE    0
#define NAME_CHANGE 1

static fh_minute at(fh_day d, int hh, int mm)
{
    return (fh_minute)d * FH_MINUTES_PER_DAY + hh * 60 + mm;
}

/* Monday 2025-03-03 is "today"; the week after is rostered. */
#define MONDAY    fh_day_from_ymd(2025, 3, 3)
#define WEDNESDAY fh_day_from_ymd(2025, 3, 5)
#define THURSDAY  fh_day_from_ymd(2025, 3, 6)
#define FRIDAY    fh_day_from_ymd(2025, 3, 7)
#define NOW       at(MONDAY, 9, 0)

static void test_places(const struct sched_office *office)
{
    struct sched_calendar *cal = sched_calendar_create();
    sched_calendar_set(cal, FRIDAY, SCHED_HOLIDAY, "假日");

    /* No published roster: every window keeps its capacity. */
    CHECK_INT(sched_window_places(office, NULL, WEDNESDAY, NOON), 4);
    CHECK_INT(sched_window_places(office, cal, WEDNESDAY, NOON), 4);
    /* A staffing figure alone, outside any rostered range, changes nothing. */
    sched_calendar_staff(cal, "north", WEDNESDAY, SCHED_DUTY_NOON, 1);
    CHECK_INT(sched_window_places(office, cal, WEDNESDAY, NOON), 4);

    sched_calendar_rostered(cal, "north", WEDNESDAY, FRIDAY);
    CHECK_INT(sched_window_places(office, cal, WEDNESDAY, NOON), 1);
    /* Published again: the new figure replaces the old one. */
    sched_calendar_staff(cal, "north", WEDNESDAY, SCHED_DUTY_NOON, 2);
    CHECK_INT(sched_window_places(office, cal, WEDNESDAY, NOON), 2);
    /* The same rule without a calendar, for a staffing not yet published. */
    CHECK_INT(sched_window_places_staffed(office, NOON, 2), 2);
    CHECK_INT(sched_window_places_staffed(office, NOON, 9), 4);
    CHECK_INT(sched_window_places_staffed(office, NOON, 0), 0);
    CHECK_INT(sched_window_places_staffed(office, REGULAR, 0), 3);
    CHECK_INT(sched_window_places_staffed(office, HOLIDAY, 0), 2);
    /* More staff than counters: the counters are the limit. */
    sched_calendar_staff(cal, "north", THURSDAY, SCHED_DUTY_NOON, 9);
    CHECK_INT(sched_window_places(office, cal, THURSDAY, NOON), 4);
    /* Rostered but nobody on evening duty: no place at all. */
    CHECK_INT(sched_window_places(office, cal, WEDNESDAY, EVENING), 0);
    /* A regular window has no duty and keeps its counters. */
    CHECK_INT(sched_window_places(office, cal, WEDNESDAY, REGULAR), 3);
    /* Holiday weddings stay bookable with nobody on duty yet, and one
     * person on call does not take the other counter away. */
    CHECK_INT(sched_window_places(office, cal, FRIDAY, HOLIDAY), 2);
    sched_calendar_staff(cal, "north", FRIDAY, SCHED_DUTY_HOLIDAY, 1);
    CHECK_INT(sched_window_places(office, cal, FRIDAY, HOLIDAY), 2);
    /* Outside the range, and for another office's roster, the capacity. */
    CHECK_INT(sched_window_places(office, cal, MONDAY, EVENING), 2);
    sched_calendar_rostered(cal, "south", MONDAY, MONDAY);
    CHECK_INT(sched_window_places(office, cal, MONDAY, EVENING), 2);

    /* A merged calendar carries the ranges and the figures on its own. */
    struct sched_calendar *merged = sched_calendar_create();
    sched_calendar_merge(merged, cal);
    sched_calendar_free(cal);
    CHECK_INT(sched_window_places(office, merged, WEDNESDAY, NOON), 2);
    CHECK_INT(sched_window_places(office, merged, THURSDAY, NOON), 4);
    CHECK_INT(sched_window_places(office, merged, WEDNESDAY, EVENING), 0);
    CHECK_INT(sched_window_places(office, merged, FRIDAY, HOLIDAY), 2);
    CHECK_INT(sched_window_places(office, merged, MONDAY, EVENING), 2);
    sched_calendar_free(merged);
}

/* The noon window (4 counters) with 2 staff on duty: the listing shows 2
 * places, 2 bookings fit and the third is refused as slot_full. */
static void test_slots_and_admission(const struct sched_office *office)
{
    struct sched_calendar *cal = sched_calendar_create();
    sched_calendar_rostered(cal, "north", WEDNESDAY, WEDNESDAY);
    sched_calendar_staff(cal, "north", WEDNESDAY, SCHED_DUTY_NOON, 2);

    struct sched_slot *slots;
    size_t n;
    CHECK_INT(sched_slots(office, cal, NAME_CHANGE, WEDNESDAY, THURSDAY, NOW, NULL, 0,
                          SCHED_SLOTS_ALL, &slots, &n),
              FH_OK);
    int wed_noon = 0, thu_noon = 0;
    for (size_t i = 0; i < n; i++) {
        if (slots[i].window != NOON)
            continue;
        bool wed = fh_day_of(slots[i].start) == WEDNESDAY;
        wed_noon += wed;
        thu_noon += !wed;
        CHECK_INT(slots[i].capacity, wed ? 2 : 4);
        CHECK_INT(slots[i].remaining, wed ? 2 : 4);
    }
    CHECK_INT(wed_noon, 3);
    CHECK_INT(thu_noon, 3);
    free(slots);

    struct sched_booking taken[3];
    size_t count = 0;
    for (uint64_t person = 1; person <= 3; person++) {
        struct sched_request req = {.service = NAME_CHANGE,
                                    .start = at(WEDNESDAY, 12, 30),
                                    .person = person,
                                    .resident = true};
        struct sched_admission adm;
        enum sched_refusal r = sched_admit(office, cal, &req, NOW, taken, count, NULL, 0, &adm);
        if (person <= 2) {
            CHECK_INT(r, SCHED_OK);
            CHECK_INT(adm.remaining, 3 - (int)person);
            taken[count++] = (struct sched_booking){
                .start = req.start, .minutes = 30, .person = person, .service = NAME_CHANGE};
        } else {
            CHECK_STR(sched_refusal_code(r), "slot_full");
        }
    }
    /* The listing agrees: with 12:30 full no marriage (two slots) fits at
     * noon on Wednesday, while Thursday's noon takes one at 12:00 or 12:30. */
    CHECK_INT(
        sched_slots(office, cal, MARRIAGE, WEDNESDAY, THURSDAY, NOW, taken, count, 0, &slots, &n),
        FH_OK);
    wed_noon = thu_noon = 0;
    for (size_t i = 0; i < n; i++) {
        if (slots[i].window != NOON)
            continue;
        bool wed = fh_day_of(slots[i].start) == WEDNESDAY;
        wed_noon += wed;
        thu_noon += !wed;
    }
    CHECK_INT(wed_noon, 0);
    CHECK_INT(thu_noon, 2);
    free(slots);
    /* Thursday is not rostered: its noon still takes four. */
    struct sched_booking thu[4];
    for (int i = 0; i < 4; i++)
        thu[i] = (struct sched_booking){.start = at(THURSDAY, 12, 0),
                                        .minutes = 30,
                                        .person = (uint64_t)i + 10,
                                        .service = NAME_CHANGE};
    struct sched_request req = {
        .service = NAME_CHANGE, .start = at(THURSDAY, 12, 0), .person = 99, .resident = true};
    struct sched_admission adm;
    CHECK_INT(sched_admit(office, cal, &req, NOW, thu, 3, NULL, 0, &adm), SCHED_OK);
    CHECK_INT(sched_admit(office, cal, &req, NOW, thu, 4, NULL, 0, &adm), SCHED_SLOT_FULL);
    sched_calendar_free(cal);
}

/* The slots a listing gives, for comparing two of them. */
static size_t listing(const struct sched_office *office, int service, const struct sched_booking *b,
                      size_t n, struct sched_slot **out)
{
    size_t count = 0;
    CHECK_INT(sched_slots(office, NULL, service, WEDNESDAY, WEDNESDAY, NOW, b, n, SCHED_SLOTS_ALL,
                          out, &count),
              FH_OK);
    return count;
}

/* An entry standing for several bookings (a store's kept counts) counts as
 * that many single ones wherever bookings are counted per slot: the
 * listing, admission and the roster's demand. 0, or less, is one. */
static void test_weights(const struct sched_office *office)
{
    /* By start: two marriages at noon (12:00 and 12:30), a name change at
     * 12:30, three at 13:00, two in the morning, one in the evening. */
    const struct sched_booking single[] = {
        {at(WEDNESDAY, 9, 0), 30, 1, 0, NAME_CHANGE, 0},
        {at(WEDNESDAY, 9, 0), 30, 2, 0, NAME_CHANGE, 0},
        {at(WEDNESDAY, 12, 0), 60, 3, 0, MARRIAGE, 0},
        {at(WEDNESDAY, 12, 0), 60, 4, 0, MARRIAGE, 0},
        {at(WEDNESDAY, 12, 30), 30, 5, 0, NAME_CHANGE, 0},
        {at(WEDNESDAY, 13, 0), 30, 6, 0, NAME_CHANGE, 0},
        {at(WEDNESDAY, 13, 0), 30, 7, 0, NAME_CHANGE, 0},
        {at(WEDNESDAY, 13, 0), 30, 8, 0, NAME_CHANGE, 0},
        {at(WEDNESDAY, 17, 30), 30, 9, 0, NAME_CHANGE, 0},
    };
    const struct sched_booking kept[] = {
        {at(WEDNESDAY, 9, 0), 30, 0, 0, NAME_CHANGE, 2},
        {at(WEDNESDAY, 12, 0), 60, 0, 0, MARRIAGE, 2},
        {at(WEDNESDAY, 12, 30), 30, 0, 0, NAME_CHANGE, -5}, /* read as one */
        {at(WEDNESDAY, 13, 0), 30, 0, 0, NAME_CHANGE, 3},
        {at(WEDNESDAY, 17, 30), 30, 0, 0, NAME_CHANGE, 1},
    };
    const size_t ns = sizeof single / sizeof single[0], nk = sizeof kept / sizeof kept[0];
    for (int service = MARRIAGE; service <= NAME_CHANGE; service++) {
        struct sched_slot *a, *b;
        size_t na = listing(office, service, single, ns, &a);
        size_t nb = listing(office, service, kept, nk, &b);
        CHECK_INT(nb, na);
        for (size_t i = 0; i < na && i < nb; i++) {
            CHECK_INT(b[i].start, a[i].start);
            CHECK_INT(b[i].remaining, a[i].remaining);
            CHECK_INT(b[i].bookable, a[i].bookable);
        }
        /* The counts are there: 13:00 has one place of four left. */
        for (size_t i = 0; i < nb; i++)
            if (service == NAME_CHANGE && b[i].start == at(WEDNESDAY, 13, 0))
                CHECK_INT(b[i].remaining, 1);
        free(a);
        free(b);
    }
    /* Admission: 12:30 holds two marriages and a name change, 13:00 three:
     * one more name change fits at each, no marriage at 12:30. */
    const struct {
        int service, hh, mm;
        enum sched_refusal want;
        int remaining;
    } asks[] = {{NAME_CHANGE, 12, 30, SCHED_OK, 1},
                {NAME_CHANGE, 13, 0, SCHED_OK, 1},
                {MARRIAGE, 12, 30, SCHED_OK, 1},
                {MARRIAGE, 12, 0, SCHED_OK, 1},
                {NAME_CHANGE, 9, 0, SCHED_OK, 1}};
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        struct sched_request req = {.service = asks[i].service,
                                    .start = at(WEDNESDAY, asks[i].hh, asks[i].mm),
                                    .person = 99,
                                    .resident = true};
        struct sched_admission x, y;
        CHECK_INT(sched_admit(office, NULL, &req, NOW, single, ns, NULL, 0, &x), asks[i].want);
        CHECK_INT(sched_admit(office, NULL, &req, NOW, kept, nk, NULL, 0, &y), asks[i].want);
        CHECK_INT(y.remaining, x.remaining);
        CHECK_INT(y.remaining, asks[i].remaining);
    }
    /* One more at 13:00 fills it, counted either way. */
    struct sched_booking full[sizeof kept / sizeof kept[0]];
    memcpy(full, kept, sizeof kept);
    full[3].places = 4;
    struct sched_request late = {
        .service = NAME_CHANGE, .start = at(WEDNESDAY, 13, 0), .person = 99, .resident = true};
    struct sched_admission adm;
    CHECK_INT(sched_admit(office, NULL, &late, NOW, full, nk, NULL, 0, &adm), SCHED_SLOT_FULL);
    /* The roster's demand: booked minutes and services alike. */
    struct sched_roster_rules rules = sched_roster_rules_default;
    struct sched_demand *da, *db;
    size_t nda, ndb;
    CHECK_INT(
        sched_roster_demand(office, NULL, &rules, WEDNESDAY, WEDNESDAY, single, ns, &da, &nda),
        FH_OK);
    CHECK_INT(sched_roster_demand(office, NULL, &rules, WEDNESDAY, WEDNESDAY, kept, nk, &db, &ndb),
              FH_OK);
    CHECK_INT(ndb, nda);
    for (size_t i = 0; i < nda && i < ndb; i++) {
        CHECK_INT(db[i].needed, da[i].needed);
        CHECK_INT(db[i].skills, da[i].skills);
    }
    free(da);
    free(db);
}

static void test_overbooked(const struct sched_office *office)
{
    /* In the order taken; noon slots are 12:00, 12:30 and 13:00. */
    const struct sched_booking b[] = {
        {at(WEDNESDAY, 12, 0), 60, 1, 0, MARRIAGE, 1},     /* 0: 12:00 and 12:30 */
        {at(WEDNESDAY, 12, 30), 30, 2, 0, NAME_CHANGE, 1}, /* 1: 12:30 */
        {at(WEDNESDAY, 12, 30), 30, 3, 0, NAME_CHANGE, 1}, /* 2: 12:30 is full */
        {at(WEDNESDAY, 17, 30), 30, 4, 0, NAME_CHANGE, 1}, /* 3: evening, ignored */
        {at(WEDNESDAY, 12, 0), 30, 5, 0, NAME_CHANGE, 1},  /* 4: 12:00 has room */
        {at(WEDNESDAY, 12, 30), 60, 6, 0, MARRIAGE, 1},    /* 5: 12:30 is full */
        {at(WEDNESDAY, 13, 0), 30, 7, 0, NAME_CHANGE, 1},  /* 6: 13:00 has room */
        {at(THURSDAY, 12, 30), 30, 8, 0, NAME_CHANGE, 1},  /* 7: another day, ignored */
        {at(WEDNESDAY, 13, 0), 60, 9, 0, MARRIAGE, 1},     /* 8: 13:00, the window's end */
        {at(WEDNESDAY, 13, 0), 30, 10, 0, NAME_CHANGE, 1}, /* 9: 13:00 is full */
    };
    size_t *over, n;
    CHECK_INT(sched_overbooked(office, WEDNESDAY, NOON, 2, b, 10, &over, &n), FH_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(over[0], 2);
        CHECK_INT(over[1], 5);
        CHECK_INT(over[2], 9);
    }
    free(over);
    /* With the full four counters everything fits. */
    CHECK_INT(sched_overbooked(office, WEDNESDAY, NOON, 4, b, 10, &over, &n), FH_OK);
    CHECK_INT(n, 0);
    CHECK(over == NULL);
    /* Nobody on duty: every booking of the instance is over. */
    CHECK_INT(sched_overbooked(office, WEDNESDAY, NOON, 0, b, 10, &over, &n), FH_OK);
    CHECK_INT(n, 8);
    free(over);
    CHECK_INT(sched_overbooked(office, WEDNESDAY, 42, 2, b, 10, &over, &n), FH_EINVAL);
}

/* Four staff; only staff 3 handles name changes; staff 2 is off on Monday
 * and Wednesday. */
static void make_staff(struct sched_staff *staff, const fh_day *leave_wed)
{
    for (int s = 0; s < 4; s++)
        staff[s] = (struct sched_staff){.id = "staff", .skills = 1u << MARRIAGE};
    staff[3].skills |= 1u << NAME_CHANGE;
    staff[2].leave = leave_wed;
    staff[2].leave_count = 2;
}

static void test_explain(const struct sched_office *office)
{
    struct sched_roster_rules rules = sched_roster_rules_default;
    rules.max_consecutive_days = 0;
    const fh_day leave_wed[] = {MONDAY, WEDNESDAY};
    struct sched_staff staff[4];
    make_staff(staff, leave_wed);
    const struct sched_demand demand[] = {
        {THURSDAY, NOON, SCHED_DUTY_NOON, 2, 1u << MARRIAGE},          /* 0: covered */
        {THURSDAY, EVENING, SCHED_DUTY_EVENING, 2, 1u << NAME_CHANGE}, /* 1: no skill */
        {WEDNESDAY, NOON, SCHED_DUTY_NOON, 4, 0},                      /* 2: 3 may, 1 on leave */
        {WEDNESDAY, EVENING, SCHED_DUTY_EVENING, 5, 0},                /* 3: 5 of 4 */
        {MONDAY, EVENING, SCHED_DUTY_EVENING, 3, 0}, /* 4: 2 on leave, 3 on noon */
        {MONDAY, NOON, SCHED_DUTY_NOON, 1, 0},       /* 5: covered */
    };
    /* Staff 3, the only one for name changes, works Thursday noon: one
     * flexible duty a day keeps them off the evening. */
    const struct sched_assignment roster[] = {
        {0, 0}, {0, 1}, {0, 3}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {2, 3}, {4, 0}, {4, 1}, {5, 3},
    };
    struct sched_shortfall *sf;
    size_t n;
    CHECK_INT(sched_roster_explain(office, NULL, &rules, staff, 4, demand, 6, roster, 11, &sf, &n),
              FH_OK);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_INT(sf[0].demand, 1);
        CHECK_INT(sf[0].reason, SCHED_SHORT_NO_SKILL);
        CHECK_INT(sf[0].service, NAME_CHANGE);
        CHECK_INT(sf[0].assigned, 2);
        CHECK_INT(sf[1].demand, 2);
        CHECK_INT(sf[1].reason, SCHED_SHORT_ALL_ON_LEAVE);
        CHECK_INT(sf[1].assigned, 3);
        CHECK_INT(sf[1].service, -1);
        CHECK_INT(sf[2].demand, 3);
        CHECK_INT(sf[2].reason, SCHED_SHORT_TOO_FEW_STAFF);
        CHECK_INT(sf[2].assigned, 0);
        CHECK_INT(sf[3].demand, 4);
        CHECK_INT(sf[3].reason, SCHED_SHORT_AT_LIMITS);
        CHECK_INT(sf[3].assigned, 2);
    }
    free(sf);

    /* Without the Thursday noon duty staff 3 could still take the evening:
     * the instance is unfilled, not beyond anybody's skills. */
    const struct sched_assignment edited[] = {
        {0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {2, 3}, {4, 0}, {4, 1}, {5, 3},
    };
    CHECK_INT(sched_roster_explain(office, NULL, &rules, staff, 4, demand, 6, edited, 10, &sf, &n),
              FH_OK);
    CHECK_INT(n >= 1, 1);
    if (n >= 1) {
        CHECK_INT(sf[0].demand, 1);
        CHECK_INT(sf[0].reason, SCHED_SHORT_UNFILLED);
        CHECK_INT(sf[0].service, NAME_CHANGE);
    }
    free(sf);
    CHECK_STR(sched_short_reason_code(SCHED_SHORT_UNFILLED), "unfilled");
    CHECK_STR(sched_short_reason_code(SCHED_SHORT_NO_SKILL), "no_skill");

    /* The solver's own roster is explained as the solver explained it. */
    struct sched_roster r;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(
        sched_roster_solve(office, NULL, &rules, staff, 4, demand, 6, NULL, 0, &r, err, sizeof err),
        FH_OK);
    CHECK_INT(sched_roster_explain(office, NULL, &rules, staff, 4, demand, 6, r.assignments,
                                   r.assignment_count, &sf, &n),
              FH_OK);
    CHECK_INT(n, r.shortfall_count);
    for (size_t i = 0; i < n && n == r.shortfall_count; i++) {
        CHECK_INT(sf[i].demand, r.shortfalls[i].demand);
        CHECK_INT(sf[i].assigned, r.shortfalls[i].assigned);
        CHECK_INT(sf[i].reason, r.shortfalls[i].reason);
        CHECK_INT(sf[i].service, r.shortfalls[i].service);
    }
    free(sf);
    sched_roster_free(&r);

    const struct sched_assignment bad[] = {{0, 7}};
    CHECK_INT(sched_roster_explain(office, NULL, &rules, staff, 4, demand, 6, bad, 1, &sf, &n),
              FH_EINVAL);
    CHECK(sf == NULL);
}

static void test_pick(const struct sched_office *office)
{
    struct sched_roster_rules rules = sched_roster_rules_default;
    rules.max_consecutive_days = 0;
    const fh_day leave_wed[] = {MONDAY, WEDNESDAY};
    struct sched_staff staff[4];
    make_staff(staff, leave_wed);
    struct sched_calendar *cal = sched_calendar_create();
    sched_calendar_set(cal, FRIDAY, SCHED_HOLIDAY, "假日");
    const struct sched_demand demand[] = {
        {WEDNESDAY, NOON, SCHED_DUTY_NOON, 1, 0},                    /* 0 */
        {WEDNESDAY, EVENING, SCHED_DUTY_EVENING, 1, 0},              /* 1 */
        {FRIDAY, HOLIDAY, SCHED_DUTY_HOLIDAY, 1, 1u << NAME_CHANGE}, /* 2 */
        {THURSDAY, NOON, SCHED_DUTY_NOON, 1, 0},                     /* 3 */
        {THURSDAY, EVENING, SCHED_DUTY_EVENING, 1, 0},               /* 4 */
    };
    /* Only staff 3 handles name changes: picked although on more duties. */
    const struct sched_assignment roster[] = {{3, 3}};
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, roster, 1, 2), 3);
    /* Nothing booked: the least loaded, then the lower index. */
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, roster, 1, 1), 0);
    /* Staff 0 on noon duty Wednesday may not add the evening (one a day);
     * staff 2 is on leave; staff 3 is loaded; staff 1 it is. */
    const struct sched_assignment wed[] = {{3, 3}, {0, 0}};
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, wed, 2, 1), 1);
    /* Preferences break a tie of loads. */
    const struct sched_preference likes_evenings = {0, SCHED_DUTY_EVENING, 2};
    staff[1].prefs = &likes_evenings;
    staff[1].pref_count = 1;
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, NULL, 0, 4), 1);
    /* The monthly cap: staff 1 capped at one duty and already on one. */
    staff[1].max_duties = 1;
    const struct sched_assignment capped[] = {{3, 1}, {0, 0}, {4, 3}};
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, capped, 3, 1), 3);
    /* Staff 3 on evening duty Thursday, others blocked as above: nobody. */
    const struct sched_assignment none[] = {{3, 1}, {0, 0}, {1, 3}};
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, none, 3, 1), -1);
    /* Without the one-a-day rule, staff 0 may do both. */
    rules.one_flex_per_day = false;
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, none, 3, 1), 0);
    CHECK_INT(sched_roster_pick(office, cal, &rules, staff, 4, demand, 5, none, 3, 9), -1);
    sched_calendar_free(cal);
}

/* A duty earns its compensatory time unless the office closed that day. */
static void test_duty_comp(const struct sched_office *office)
{
    struct sched_roster_rules rules = sched_roster_rules_default;
    struct sched_calendar *cal = sched_calendar_create();
    sched_calendar_close(cal, "north", WEDNESDAY, "颱風停班");
    sched_calendar_close(cal, "south", THURSDAY, "another office");
    struct sched_day_info info;
    sched_day_info(office, cal, WEDNESDAY, &info);
    CHECK(info.closed && !info.working);
    CHECK_STR(info.closure_reason, "颱風停班");
    sched_day_info(office, cal, THURSDAY, &info);
    CHECK(!info.closed && info.working);
    CHECK_INT(sched_duty_comp(office, cal, &rules, WEDNESDAY, SCHED_DUTY_NOON), 0);
    CHECK_INT(sched_duty_comp(office, cal, &rules, THURSDAY, SCHED_DUTY_NOON), 90);
    CHECK_INT(sched_duty_comp(office, cal, &rules, THURSDAY, SCHED_DUTY_EVENING), 60);
    CHECK_INT(sched_duty_comp(office, NULL, &rules, WEDNESDAY, SCHED_DUTY_NOON), 90);
    CHECK_INT(sched_duty_comp(office, cal, &rules, THURSDAY, SCHED_DUTY_NONE), 0);
    sched_calendar_free(cal);
}

int main(void)
{
    struct sched_office *office = make_office("north");
    test_places(office);
    test_slots_and_admission(office);
    test_weights(office);
    test_overbooked(office);
    test_explain(office);
    test_pick(office);
    test_duty_comp(office);
    sched_office_free(office);
    return check_result();
}
