/* test_store_roster.c: the store's rosters against real database files:
 * drafts, publishing and versions, editing one window instance with a
 * capacity check that refuses and then is forced, the roster messages in
 * the outbox beside the bookings' own, pins and bans, the compensatory
 * time ledger, a person's published duties, confirming a holiday booking
 * with its duty, group commit, and migrating a version 4 database. */
#include "store/store.h"
#include "tests/unit/check.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#define OFFICE "roster-office"

static char tmpdir[256];

static const char *const all_services[] = {"marriage", "seal_change"};
static const char *const holiday_services[] = {"marriage"};

/* Noon on working days (three counters), Sunday mornings for weddings,
 * pending until a manager confirms. */
static struct sched_office *make_office(void)
{
    static const struct sched_service_spec services[] = {
        {.id = "marriage", .name_zh = "結婚登記", .name_en = "Marriage", .minutes = 30},
        {.id = "seal_change", .name_zh = "印鑑變更", .name_en = "Seal change", .minutes = 30},
    };
    const struct sched_window_spec windows[] = {
        {
            .name = SCHED_WIN_NOON,
            .day_types = 1u << SCHED_WORKDAY | 1u << SCHED_MAKEUP_WORKDAY,
            .weekdays = 0x3Eu,
            .date = FH_NO_DAY,
            .start = 12 * 60,
            .end = 13 * 60 + 30,
            .slot_minutes = 30,
            .services = (const char **)all_services,
            .service_count = 2,
            .capacity = 3,
            .horizon = {.days = 30, .at = 0},
            .cutoff = {.days = 1, .at = 15 * 60},
        },
        {
            .name = SCHED_WIN_HOLIDAY,
            .day_types = 1u << SCHED_RESTDAY | 1u << SCHED_HOLIDAY,
            .weekdays = 1u << 7,
            .date = FH_NO_DAY,
            .start = 9 * 60,
            .end = 12 * 60,
            .slot_minutes = 30,
            .services = (const char **)holiday_services,
            .service_count = 1,
            .capacity = 2,
            .horizon = {.days = 30, .at = 0},
            .cutoff = {.days = 1, .at = 15 * 60},
            .needs_confirmation = true,
        },
    };
    const struct sched_office_spec spec = {
        .id = OFFICE,
        .name_zh = "測試戶政事務所",
        .name_en = "Test office",
        .timezone = "Asia/Taipei",
        .utc_offset = 480,
        .services = services,
        .service_count = 2,
        .windows = windows,
        .window_count = 2,
        .per_person_per_day = 1,
        .per_person_per_service = 1,
    };
    char err[FH_ERR_LEN] = "";
    struct sched_office *office = sched_office_create(&spec, err, sizeof err);
    if (office == NULL)
        fh_fatal("test office: %s", err);
    return office;
}

static fh_minute at(int y, int m, int d, int hh, int mm)
{
    return (fh_minute)fh_day_from_ymd(y, m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}
/* Monday 2026-12-07 09:00 local is "now". */
#define NOW     at(2026, 12, 7, 9, 0)
#define NOW_UTC ((int64_t)fh_utc_from_local(NOW, 480))
#define WED     fh_day_from_ymd(2026, 12, 9)
#define SUN     fh_day_from_ymd(2026, 12, 13)
#define DEC(d)  fh_day_from_ymd(2026, 12, d)
#define JAN(d)  fh_day_from_ymd(2027, 1, d)

static char *db_path(const char *name)
{
    return fh_asprintf("%s/%s", tmpdir, name);
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
    for (size_t i = 0; i < 4; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

static struct store *open_fresh(const char *name)
{
    char *path = db_path(name);
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    remove_db(path);
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    free(path);
    return st;
}

static void close_and_remove(struct store *st, const char *name)
{
    store_close(st);
    char *path = db_path(name);
    remove_db(path);
    free(path);
}

static char *reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)arg;
    (void)token;
    return fh_asprintf("{\"code\":\"%s\"}", b->code);
}

/* Books person n; the booking in out. */
static fh_result book(struct store *st, const struct sched_office *office,
                      const struct sched_calendar *cal, const char *service, fh_minute start,
                      int person, struct store_booking *out)
{
    char id[16], err[FH_ERR_LEN] = "";
    snprintf(id, sizeof id, "B1%08d", person);
    struct store_new_booking req = {
        .office = OFFICE,
        .service = service,
        .start = start,
        .name = "王小明",
        .national_id = id,
        .phone = "",
        .email = "person@example.org",
        .lang = "zh-TW",
        .resident = true,
    };
    struct store_create_result res;
    fh_result r = store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL,
                                       &res, err, sizeof err);
    if (r != FH_OK)
        printf("book: %s\n", err);
    if (out != NULL)
        *out = res.booking;
    free(res.body);
    return r;
}

static struct store_duty duty(fh_day day, enum sched_duty d, const char *staff)
{
    struct store_duty x = {.day = day, .duty = d, .pinned = false};
    snprintf(x.staff, sizeof x.staff, "%s", staff);
    return x;
}

static size_t count_kind(const struct store_message *m, size_t n, enum store_msg_kind kind)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += m[i].kind == kind;
    return c;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_draft_publish(const struct sched_office *office, const struct sched_calendar *cal)
{
    struct store *st = open_fresh("draft.db");
    char err[FH_ERR_LEN] = "";
    struct store_roster ro;

    CHECK_STR(store_roster_state_name(STORE_ROSTER_NONE), "none");
    CHECK_STR(store_roster_state_name(STORE_ROSTER_DRAFT), "draft");
    CHECK_STR(store_roster_state_name(STORE_ROSTER_PUBLISHED), "published");
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_NONE);
    CHECK_INT(ro.version, 0);
    CHECK_INT(ro.count, 0);
    store_roster_free(&ro);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 13, &ro, err, sizeof err), FH_EINVAL);
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, NULL, NULL, NULL, 0, NULL,
                                   NULL, "test", err, sizeof err),
              FH_ENOTFOUND);

    /* Saved in any order, read by day, duty (noon before evening), staff. */
    struct store_duty d1[] = {
        duty(DEC(9), SCHED_DUTY_EVENING, "b"), duty(DEC(9), SCHED_DUTY_NOON, "c"),
        duty(DEC(9), SCHED_DUTY_NOON, "a"), duty(DEC(8), SCHED_DUTY_NOON, "z")};
    d1[1].pinned = true;
    CHECK_INT(
        store_roster_save_draft(st, OFFICE, 2026, 12, d1, 4, "test", NOW_UTC, err, sizeof err),
        FH_OK);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_DRAFT);
    CHECK_INT(ro.version, 1);
    CHECK_INT(ro.published_at, 0);
    CHECK_INT(ro.count, 4);
    if (ro.count == 4) {
        CHECK_STR(ro.duties[0].staff, "z");
        CHECK_STR(ro.duties[1].staff, "a");
        CHECK_STR(ro.duties[2].staff, "c");
        CHECK(ro.duties[2].pinned && !ro.duties[1].pinned);
        CHECK_STR(ro.duties[3].staff, "b");
        CHECK_INT(ro.duties[3].duty, SCHED_DUTY_EVENING);
    }
    store_roster_free(&ro);

    /* A day outside the month is refused and changes nothing. */
    struct store_duty bad[] = {duty(JAN(4), SCHED_DUTY_NOON, "a")};
    CHECK_INT(
        store_roster_save_draft(st, OFFICE, 2026, 12, bad, 1, "test", NOW_UTC, err, sizeof err),
        FH_EINVAL);

    /* Saving again replaces the draft's duties. */
    struct store_duty d2[] = {duty(DEC(9), SCHED_DUTY_NOON, "a"),
                              duty(DEC(12), SCHED_DUTY_SATURDAY, "b")};
    CHECK_INT(
        store_roster_save_draft(st, OFFICE, 2026, 12, d2, 2, "test", NOW_UTC, err, sizeof err),
        FH_OK);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.version, 2);
    CHECK_INT(ro.count, 2);
    store_roster_free(&ro);

    /* A booking's messages are queued too, to see both kinds side by side. */
    struct store_booking b;
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 9, 12, 0), 1, &b), FH_OK);

    const char *const notify[] = {"a", "b"};
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, NULL, NULL, notify, 2,
                                   NULL, NULL, "test", err, sizeof err),
              FH_OK);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_PUBLISHED);
    CHECK_INT(ro.version, 3);
    CHECK_INT(ro.published_at, NOW_UTC);
    store_roster_free(&ro);
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, NULL, NULL, NULL, 0, NULL,
                                   NULL, "test", err, sizeof err),
              FH_ECONFLICT);
    CHECK_INT(
        store_roster_save_draft(st, OFFICE, 2026, 12, d2, 2, "test", NOW_UTC, err, sizeof err),
        FH_ECONFLICT);
    /* Another office's month is its own. */
    CHECK_INT(store_roster_get(st, "elsewhere", 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_NONE);
    store_roster_free(&ro);

    struct store_message *m;
    size_t n;
    CHECK_INT(store_outbox_due(st, NOW_UTC, 100, &m, &n, err, sizeof err), FH_OK);
    CHECK_INT(count_kind(m, n, STORE_MSG_CONFIRMED), 1);
    CHECK_INT(count_kind(m, n, STORE_MSG_ROSTER_PUBLISHED), 2);
    for (size_t i = 0; i < n; i++) {
        CHECK_STR(m[i].office, OFFICE);
        if (m[i].kind == STORE_MSG_ROSTER_PUBLISHED) {
            CHECK_INT(m[i].booking_id, 0);
            CHECK_STR(m[i].code, "");
            CHECK_INT(m[i].month, 202612);
            CHECK_INT(m[i].sequence, 3);
            CHECK_INT(m[i].channel, STORE_EMAIL);
            CHECK_STR(store_msg_kind_name(m[i].kind), "roster_published");
        } else {
            CHECK_INT(m[i].booking_id, b.id);
            CHECK_STR(m[i].code, b.code);
            CHECK_STR(m[i].staff, "");
            CHECK_INT(m[i].month, 0);
        }
    }
    CHECK(n == 3 && strcmp(m[1].staff, "a") == 0 && strcmp(m[2].staff, "b") == 0);
    /* The worker's side ends a roster message like any other. */
    if (n == 3)
        CHECK_INT(store_outbox_finish(st, m[1].id, STORE_MSG_SENT, NULL, NOW_UTC, err, sizeof err),
                  FH_OK);
    free(m);
    CHECK_INT(store_outbox_list(st, STORE_MSG_SENT, 10, &m, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_STR(m[0].staff, "a");
    free(m);
    CHECK_STR(store_msg_kind_name(STORE_MSG_ROSTER_CHANGED), "roster_changed");
    CHECK_STR(store_msg_kind_name(STORE_MSG_DUTY_NEEDED), "duty_needed");
    CHECK_STR(store_msg_kind_name(STORE_MSG_REMINDER), "reminder");

    /* The calendar is still built with a published month in the store. */
    struct sched_calendar *built = store_calendar_build(st, NULL, err, sizeof err);
    CHECK(built != NULL);
    sched_calendar_free(built);
    close_and_remove(st, "draft.db");
}

/* The fake scheduler: bookings beyond the places lose theirs. */
static int check_calls;
static fh_day checked_day;
static enum sched_duty checked_duty;
static fh_result fake_overbooked(void *arg, fh_day day, enum sched_duty duty,
                                 const struct sched_booking *bookings, size_t count, int places,
                                 size_t **overbooked, size_t *overbooked_count)
{
    (void)bookings;
    (void)arg;
    check_calls++;
    checked_day = day;
    checked_duty = duty;
    *overbooked = NULL;
    *overbooked_count = 0;
    if ((size_t)places >= count)
        return FH_OK;
    *overbooked = fh_calloc(count - (size_t)places, sizeof **overbooked);
    for (size_t i = (size_t)places; i < count; i++)
        (*overbooked)[(*overbooked_count)++] = i;
    return FH_OK;
}

static void test_set_instance(const struct sched_office *office, const struct sched_calendar *cal)
{
    struct store *st = open_fresh("instance.db");
    char err[FH_ERR_LEN] = "";
    struct store_roster ro;
    struct store_booking b[3], *over = NULL;
    size_t nover = 0;

    /* Three bookings in Wednesday's noon window, in this order. */
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 9, 12, 30), 1, &b[0]), FH_OK);
    CHECK_INT(book(st, office, cal, "seal_change", at(2026, 12, 9, 12, 0), 2, &b[1]), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 9, 13, 0), 3, &b[2]), FH_OK);

    struct store_duty d[] = {duty(WED, SCHED_DUTY_NOON, "a"), duty(WED, SCHED_DUTY_NOON, "b"),
                             duty(WED, SCHED_DUTY_NOON, "c"), duty(WED, SCHED_DUTY_EVENING, "d")};
    CHECK_INT(store_roster_save_draft(st, OFFICE, 2026, 12, d, 4, "test", NOW_UTC, err, sizeof err),
              FH_OK);
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, NULL, NULL, NULL, 0, NULL,
                                   NULL, "test", err, sizeof err),
              FH_OK);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    int version = ro.version;
    store_roster_free(&ro);

    /* One person left at noon: two bookings would lose their place. */
    const char *const one[] = {"a"};
    const char *const notify[] = {"b", "c"};
    check_calls = 0;
    CHECK_INT(store_roster_set_instance(st, OFFICE, WED, SCHED_DUTY_NOON, one, 1, version, false,
                                        fake_overbooked, NULL, notify, 2, NOW_UTC, &over, &nover,
                                        "test", err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(check_calls, 1);
    CHECK_INT(nover, 2);
    if (nover == 2) {
        CHECK_STR(over[0].code, b[1].code);
        CHECK_STR(over[1].code, b[2].code);
    }
    free(over);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.version, version);
    CHECK_INT(ro.count, 4);
    store_roster_free(&ro);
    struct store_message *m;
    size_t n;
    CHECK_INT(store_outbox_list(st, -1, 100, &m, &n, err, sizeof err), FH_OK);
    CHECK_INT(count_kind(m, n, STORE_MSG_ROSTER_CHANGED), 0);
    free(m);

    /* A stale version is a conflict, whatever the check would say. */
    CHECK_INT(store_roster_set_instance(st, OFFICE, WED, SCHED_DUTY_NOON, one, 1, version - 1, true,
                                        fake_overbooked, NULL, NULL, 0, NOW_UTC, &over, &nover,
                                        "test", err, sizeof err),
              FH_ECONFLICT);
    CHECK(over == NULL);

    /* Forced: stored, the list still returned, the people told. */
    CHECK_INT(store_roster_set_instance(st, OFFICE, WED, SCHED_DUTY_NOON, one, 1, version, true,
                                        fake_overbooked, NULL, notify, 2, NOW_UTC, &over, &nover,
                                        "test", err, sizeof err),
              FH_OK);
    CHECK_INT(nover, 2);
    free(over);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.version, version + 1);
    CHECK_INT(ro.state, STORE_ROSTER_PUBLISHED);
    CHECK_INT(ro.count, 2);
    if (ro.count == 2) {
        CHECK_STR(ro.duties[0].staff, "a");
        CHECK(ro.duties[0].pinned);
        CHECK_INT(ro.duties[1].duty, SCHED_DUTY_EVENING);
    }
    store_roster_free(&ro);
    CHECK_INT(store_outbox_list(st, -1, 100, &m, &n, err, sizeof err), FH_OK);
    CHECK_INT(count_kind(m, n, STORE_MSG_ROSTER_CHANGED), 2);
    for (size_t i = 0; i < n; i++)
        if (m[i].kind == STORE_MSG_ROSTER_CHANGED) {
            CHECK_INT(m[i].month, 202612);
            CHECK_INT(m[i].sequence, version + 1);
        }
    free(m);

    /* Enough places: no refusal; -1 skips the version check. */
    const char *const three[] = {"a", "e", "f"};
    CHECK_INT(store_roster_set_instance(st, OFFICE, WED, SCHED_DUTY_NOON, three, 3, -1, false,
                                        fake_overbooked, NULL, NULL, 0, NOW_UTC, &over, &nover,
                                        "test", err, sizeof err),
              FH_OK);
    CHECK_INT(nover, 0);
    free(over);

    /* A month without a roster gets a draft, and a draft is not checked. */
    check_calls = 0;
    CHECK_INT(store_roster_set_instance(st, OFFICE, JAN(6), SCHED_DUTY_EVENING, one, 1, 0, false,
                                        fake_overbooked, NULL, NULL, 0, NOW_UTC, &over, &nover,
                                        "test", err, sizeof err),
              FH_OK);
    free(over);
    CHECK_INT(store_roster_set_instance(st, OFFICE, JAN(6), SCHED_DUTY_NOON, NULL, 0, 1, false,
                                        fake_overbooked, NULL, NULL, 0, NOW_UTC, &over, &nover,
                                        "test", err, sizeof err),
              FH_OK);
    free(over);
    CHECK_INT(check_calls, 0);
    CHECK_INT(store_roster_get(st, OFFICE, 2027, 1, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_DRAFT);
    CHECK_INT(ro.version, 2);
    CHECK_INT(ro.count, 1);
    store_roster_free(&ro);
    close_and_remove(st, "instance.db");
}

/* Publishing checks every booked window instance against the draft's staff
 * in its own transaction: refused without force, stored and listed with. */
static void test_publish_check(const struct sched_office *office, const struct sched_calendar *cal)
{
    struct store *st = open_fresh("publish.db");
    char err[FH_ERR_LEN] = "";
    struct store_roster ro;
    struct store_booking b[3], *over = NULL;
    size_t nover = 0;
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 9, 12, 30), 1, &b[0]), FH_OK);
    CHECK_INT(book(st, office, cal, "seal_change", at(2026, 12, 9, 12, 0), 2, &b[1]), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 9, 13, 0), 3, &b[2]), FH_OK);
    struct store_duty d[] = {duty(WED, SCHED_DUTY_NOON, "a"), duty(WED, SCHED_DUTY_EVENING, "d")};
    CHECK_INT(store_roster_save_draft(st, OFFICE, 2026, 12, d, 2, "test", NOW_UTC, err, sizeof err),
              FH_OK);

    check_calls = 0;
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, fake_overbooked, NULL,
                                   NULL, 0, &over, &nover, "test", err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(check_calls, 1); /* only the noon instance holds bookings */
    CHECK_INT(checked_day, WED);
    CHECK_INT(checked_duty, SCHED_DUTY_NOON);
    CHECK_INT(nover, 2);
    if (nover == 2) {
        CHECK_STR(over[0].code, b[1].code);
        CHECK_STR(over[1].code, b[2].code);
    }
    free(over);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_DRAFT);
    store_roster_free(&ro);

    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, true, fake_overbooked, NULL, NULL,
                                   0, &over, &nover, "test", err, sizeof err),
              FH_OK);
    CHECK_INT(nover, 2);
    free(over);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_PUBLISHED);
    store_roster_free(&ro);
    close_and_remove(st, "publish.db");
}

static void test_pins(void)
{
    struct store *st = open_fresh("pins.db");
    char err[FH_ERR_LEN] = "";
    struct store_pin p = {.day = DEC(9), .duty = SCHED_DUTY_EVENING, .staff = "b", .forbid = true};
    CHECK_INT(store_roster_pin_set(st, OFFICE, &p, "test", NOW_UTC, err, sizeof err), FH_OK);
    p = (struct store_pin){.day = DEC(9), .duty = SCHED_DUTY_NOON, .staff = "a", .forbid = false};
    CHECK_INT(store_roster_pin_set(st, OFFICE, &p, "test", NOW_UTC, err, sizeof err), FH_OK);
    p = (struct store_pin){.day = JAN(5), .duty = SCHED_DUTY_NOON, .staff = "a", .forbid = false};
    CHECK_INT(store_roster_pin_set(st, OFFICE, &p, "test", NOW_UTC, err, sizeof err), FH_OK);
    /* The same (day, duty, staff) again replaces: the pin becomes a ban. */
    p = (struct store_pin){.day = DEC(9), .duty = SCHED_DUTY_NOON, .staff = "a", .forbid = true};
    CHECK_INT(store_roster_pin_set(st, OFFICE, &p, "test", NOW_UTC, err, sizeof err), FH_OK);

    struct store_pin *list;
    size_t n;
    CHECK_INT(store_roster_pins(st, OFFICE, 2026, 12, &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(list[0].staff, "a");
        CHECK_INT(list[0].duty, SCHED_DUTY_NOON);
        CHECK(list[0].forbid);
        CHECK_STR(list[1].staff, "b");
    }
    free(list);
    CHECK_INT(store_roster_pin_clear(st, OFFICE, DEC(9), SCHED_DUTY_NOON, "a", "test", NOW_UTC, err,
                                     sizeof err),
              FH_OK);
    CHECK_INT(store_roster_pin_clear(st, OFFICE, DEC(9), SCHED_DUTY_NOON, "a", "test", NOW_UTC, err,
                                     sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_roster_pins(st, OFFICE, 2026, 12, &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    free(list);
    CHECK_INT(store_roster_pins(st, OFFICE, 2027, 1, &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    free(list);
    p.duty = (enum sched_duty)9;
    CHECK_INT(store_roster_pin_set(st, OFFICE, &p, "test", NOW_UTC, err, sizeof err), FH_EINVAL);
    close_and_remove(st, "pins.db");
}

static void test_comp(void)
{
    struct store *st = open_fresh("comp.db");
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_comp_take(st, OFFICE, "a", DEC(18), 240, "Friday afternoon", "test", NOW_UTC,
                              err, sizeof err),
              FH_OK);
    CHECK_INT(store_comp_take(st, OFFICE, "b", DEC(10), 90, NULL, "test", NOW_UTC, err, sizeof err),
              FH_OK);
    CHECK_INT(
        store_comp_take(st, OFFICE, "a", DEC(11), 60, "", "test", NOW_UTC + 1, err, sizeof err),
        FH_OK);
    CHECK_INT(store_comp_take(st, OFFICE, "a", DEC(11), 0, "", "test", NOW_UTC, err, sizeof err),
              FH_EINVAL);
    struct store_comp *list;
    size_t n;
    CHECK_INT(store_comp_list(st, OFFICE, "a", &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(list[0].day, DEC(11));
        CHECK_INT(list[0].minutes, 60);
        CHECK_INT(list[0].created_at, NOW_UTC + 1);
        CHECK_STR(list[1].note, "Friday afternoon");
        CHECK(list[1].id > 0);
    }
    free(list);
    CHECK_INT(store_comp_list(st, OFFICE, NULL, &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 3);
    free(list);
    CHECK_INT(store_comp_list(st, "elsewhere", NULL, &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 0);
    free(list);
    close_and_remove(st, "comp.db");
}

static void test_duties_of(void)
{
    struct store *st = open_fresh("duties.db");
    char err[FH_ERR_LEN] = "";
    struct store_duty dec[] = {
        duty(DEC(9), SCHED_DUTY_EVENING, "a"), duty(DEC(9), SCHED_DUTY_NOON, "a"),
        duty(DEC(12), SCHED_DUTY_SATURDAY, "b"), duty(DEC(26), SCHED_DUTY_SATURDAY, "a")};
    struct store_duty jan[] = {duty(JAN(4), SCHED_DUTY_NOON, "a")};
    CHECK_INT(
        store_roster_save_draft(st, OFFICE, 2026, 12, dec, 4, "test", NOW_UTC, err, sizeof err),
        FH_OK);
    CHECK_INT(
        store_roster_save_draft(st, OFFICE, 2027, 1, jan, 1, "test", NOW_UTC, err, sizeof err),
        FH_OK);
    struct store_duty *list;
    size_t n;
    /* Drafts are nobody's duties yet. */
    CHECK_INT(store_duties_of(st, OFFICE, "a", DEC(1), JAN(31), &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 0);
    free(list);
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, NULL, NULL, NULL, 0, NULL,
                                   NULL, "test", err, sizeof err),
              FH_OK);
    CHECK_INT(store_duties_of(st, OFFICE, "a", DEC(1), JAN(31), &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(list[0].duty, SCHED_DUTY_NOON);
        CHECK_INT(list[1].duty, SCHED_DUTY_EVENING);
        CHECK_INT(list[2].day, DEC(26));
    }
    free(list);
    CHECK_INT(store_duties_of(st, OFFICE, "a", DEC(10), DEC(25), &list, &n, err, sizeof err),
              FH_OK);
    CHECK_INT(n, 0);
    free(list);
    CHECK_INT(store_duties_of(st, OFFICE, "a", DEC(10), DEC(9), &list, &n, err, sizeof err),
              FH_EINVAL);
    close_and_remove(st, "duties.db");
}

static void test_confirm_with_duty(const struct sched_office *office,
                                   const struct sched_calendar *cal)
{
    struct store *st = open_fresh("confirm.db");
    char err[FH_ERR_LEN] = "";
    struct store_booking b1, b2, out;
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 13, 9, 0), 1, &b1), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 13, 10, 0), 2, &b2), FH_OK);
    CHECK_INT(b1.status, STORE_PENDING);
    CHECK_STR(b1.window, "holiday");

    /* The plain confirmation, to compare the messages with. */
    CHECK_INT(store_booking_set_status(st, b2.code, STORE_CONFIRMED, "test", NULL, err, sizeof err),
              FH_OK);
    CHECK_INT(store_booking_confirm_with_duty(st, b1.code, "lin-yating", true, "test", NOW_UTC,
                                              &out, err, sizeof err),
              FH_OK);
    CHECK_INT(out.status, STORE_CONFIRMED);
    CHECK_STR(out.code, b1.code);
    CHECK_INT(store_booking_confirm_with_duty(st, b1.code, "lin-yating", true, "test", NOW_UTC,
                                              &out, err, sizeof err),
              FH_ECONFLICT);

    struct store_message *m;
    size_t n;
    CHECK_INT(store_outbox_list(st, -1, 100, &m, &n, err, sizeof err), FH_OK);
    size_t kinds1[STORE_MSG_DUTY_NEEDED + 1] = {0}, kinds2[STORE_MSG_DUTY_NEEDED + 1] = {0};
    for (size_t i = 0; i < n; i++) {
        if (m[i].booking_id == b1.id)
            kinds1[m[i].kind]++;
        else if (m[i].booking_id == b2.id)
            kinds2[m[i].kind]++;
    }
    free(m);
    CHECK(memcmp(kinds1, kinds2, sizeof kinds1) == 0);
    CHECK_INT(kinds1[STORE_MSG_CONFIRMED], 1);

    struct store_roster ro;
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.state, STORE_ROSTER_DRAFT);
    CHECK_INT(ro.version, 1);
    CHECK_INT(ro.count, 1);
    if (ro.count == 1) {
        CHECK_INT(ro.duties[0].day, SUN);
        CHECK_INT(ro.duties[0].duty, SCHED_DUTY_HOLIDAY);
        CHECK_STR(ro.duties[0].staff, "lin-yating");
    }
    store_roster_free(&ro);

    /* Without staff, only the booking changes. */
    struct store_booking b3;
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 20, 9, 0), 3, &b3), FH_OK);
    CHECK_INT(store_booking_confirm_with_duty(st, b3.code, NULL, false, "test", NOW_UTC, &out, err,
                                              sizeof err),
              FH_OK);
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.version, 1);
    store_roster_free(&ro);

    /* duty_needed goes to the office about the booking. */
    struct store_booking b4;
    CHECK_INT(book(st, office, cal, "marriage", at(2026, 12, 27, 9, 0), 4, &b4), FH_OK);
    CHECK_INT(store_duty_needed(st, b4.id, OFFICE, NOW_UTC, err, sizeof err), FH_OK);
    CHECK_INT(store_duty_needed(st, 999999, OFFICE, NOW_UTC, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_outbox_due(st, NOW_UTC, 100, &m, &n, err, sizeof err), FH_OK);
    size_t needed = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].kind != STORE_MSG_DUTY_NEEDED)
            continue;
        needed++;
        CHECK_INT(m[i].booking_id, b4.id);
        CHECK_STR(m[i].code, b4.code);
        CHECK_STR(m[i].office, OFFICE);
        CHECK_STR(m[i].staff, "");
        CHECK_INT(m[i].month, 202612);
    }
    CHECK_INT(needed, 1);
    free(m);

    /* In a published month, the person dispatched is told (and only when
     * asked to be). */
    CHECK_INT(store_roster_publish(st, OFFICE, 2026, 12, NOW_UTC, false, NULL, NULL, NULL, 0, NULL,
                                   NULL, "test", err, sizeof err),
              FH_OK);
    CHECK_INT(store_booking_confirm_with_duty(st, b4.code, "chen-yijun", true, "test", NOW_UTC,
                                              &out, err, sizeof err),
              FH_OK);
    CHECK_INT(store_outbox_due(st, NOW_UTC, 100, &m, &n, err, sizeof err), FH_OK);
    size_t told = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].kind != STORE_MSG_ROSTER_CHANGED)
            continue;
        told++;
        CHECK_STR(m[i].staff, "chen-yijun");
        CHECK_INT(m[i].month, 202612);
        CHECK_INT(m[i].booking_id, 0);
    }
    CHECK_INT(told, 1);
    free(m);
    close_and_remove(st, "confirm.db");
}

static void test_group(void)
{
    struct store *st = open_fresh("group.db");
    char err[FH_ERR_LEN] = "";
    struct store_duty d[] = {duty(DEC(9), SCHED_DUTY_NOON, "a")};
    CHECK_INT(store_group_begin(st, err, sizeof err), FH_OK);
    CHECK_INT(store_roster_save_draft(st, OFFICE, 2026, 12, d, 1, "test", NOW_UTC, err, sizeof err),
              FH_OK);
    /* A write that fails inside the group rolls back alone. */
    CHECK_INT(store_roster_publish(st, OFFICE, 2027, 1, NOW_UTC, false, NULL, NULL, NULL, 0, NULL,
                                   NULL, "test", err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_comp_take(st, OFFICE, "a", DEC(10), 90, NULL, "test", NOW_UTC, err, sizeof err),
              FH_OK);
    CHECK_INT(store_group_commit(st, err, sizeof err), FH_OK);
    struct store_roster ro;
    CHECK_INT(store_roster_get(st, OFFICE, 2026, 12, &ro, err, sizeof err), FH_OK);
    CHECK_INT(ro.count, 1);
    store_roster_free(&ro);
    struct store_comp *list;
    size_t n;
    CHECK_INT(store_comp_list(st, OFFICE, "a", &list, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    free(list);
    close_and_remove(st, "group.db");
}

/* A database as version 4 left it (schema copied from migrations 1-4),
 * with a booking and its message: migrations 5 to 7 keep both. */
static void test_migrate_from_4(void)
{
    static const char *const v4 =
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE booking (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
        " token_sha256 BLOB NOT NULL CHECK (length(token_sha256) = 32), office TEXT NOT NULL,"
        " service TEXT NOT NULL, window_name TEXT NOT NULL, day INTEGER NOT NULL,"
        " start_min INTEGER NOT NULL, end_min INTEGER NOT NULL, minutes INTEGER NOT NULL,"
        " utc_offset INTEGER NOT NULL, status TEXT NOT NULL, person TEXT NOT NULL,"
        " national_id_masked TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL,"
        " email TEXT NOT NULL, lang TEXT NOT NULL, resident INTEGER NOT NULL,"
        " sequence INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
        " updated_at INTEGER NOT NULL);"
        "CREATE INDEX booking_office_day ON booking (office, day, start_min);"
        "CREATE INDEX booking_person ON booking (person);"
        "CREATE TABLE idempotency (key_sha256 BLOB PRIMARY KEY, body_sha256 BLOB NOT NULL,"
        " http_status INTEGER NOT NULL, response BLOB NOT NULL,"
        " booking_id INTEGER REFERENCES booking (id) ON DELETE CASCADE,"
        " created_at INTEGER NOT NULL);"
        "CREATE TABLE calendar_day (day INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
        " type TEXT NOT NULL, name TEXT);"
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY,"
        " booking_id INTEGER NOT NULL REFERENCES booking (id), kind TEXT NOT NULL,"
        " channel TEXT NOT NULL, sequence INTEGER NOT NULL,"
        " status TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,"
        " due_at INTEGER NOT NULL, created_at INTEGER NOT NULL, sent_at INTEGER,"
        " last_error TEXT);"
        "CREATE INDEX outbox_due ON outbox (status, due_at);"
        "CREATE INDEX outbox_booking ON outbox (booking_id);"
        "CREATE TABLE closure (office TEXT NOT NULL, day INTEGER NOT NULL, reason TEXT,"
        " created_at INTEGER NOT NULL, PRIMARY KEY (office, day)) WITHOUT ROWID;"
        "INSERT INTO booking VALUES (7, 'ABCDEFGH', zeroblob(32), 'roster-office', 'marriage',"
        " 'noon', 20796, 29946240, 29946270, 30, 480, 'confirmed', 'ab', 'A12****789',"
        " '王小明', '', 'p@example.org', 'zh-TW', 1, 2, 100, 100);"
        "INSERT INTO outbox VALUES (41, 7, 'confirmed', 'email', 2, 'failed', 8, 1000, 900,"
        " NULL, 'refused');"
        "PRAGMA user_version = 4;";
    char *path = db_path("v4.db");
    remove_db(path);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, v4, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    if (st == NULL) {
        printf("%s\n", err);
        free(path);
        return;
    }
    CHECK_INT(store_schema_version(st), 19);
    struct store_booking b;
    CHECK_INT(store_booking_by_id(st, 7, &b, err, sizeof err), FH_OK);
    CHECK_STR(b.code, "ABCDEFGH");
    struct store_message *m;
    size_t n;
    CHECK_INT(store_outbox_list(st, STORE_MSG_FAILED, 10, &m, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(m[0].id, 41);
        CHECK_INT(m[0].booking_id, 7);
        CHECK_STR(m[0].code, "ABCDEFGH");
        CHECK_INT(m[0].kind, STORE_MSG_CONFIRMED);
        CHECK_INT(m[0].attempts, 8);
        CHECK_STR(m[0].last_error, "refused");
        CHECK_STR(m[0].office, "roster-office");
    }
    free(m);
    /* The message table takes the new kinds and the old ones still work. */
    CHECK_INT(store_outbox_requeue(st, 41, "test", 2000, err, sizeof err), FH_OK);
    CHECK_INT(store_duty_needed(st, 7, OFFICE, 2000, err, sizeof err), FH_OK);
    CHECK_INT(store_outbox_due(st, 2000, 10, &m, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    CHECK(n == 2 && m[0].id == 41 && m[1].id > 41);
    free(m);
    store_close(st);
    remove_db(path);
    free(path);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_store_roster.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    fh_log_set_level(FH_LOG_WARN);
    struct sched_office *office = make_office();
    struct sched_calendar *cal = sched_calendar_create();

    test_draft_publish(office, cal);
    test_set_instance(office, cal);
    test_publish_check(office, cal);
    test_pins();
    test_comp();
    test_duties_of();
    test_confirm_with_duty(office, cal);
    test_group();
    test_migrate_from_4();

    rmdir(tmpdir);
    sched_calendar_free(cal);
    sched_office_free(office);
    return check_result();
}
