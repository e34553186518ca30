/* test_store_occupancy.c: the occupancy the store keeps (booking_taken,
 * migration 14) follows every change of a booking, in the change's own
 * transaction: after a create, a move (its own place left out of the
 * admission), a refused move, a cancel, a manager's transitions, a lapse,
 * a no-show, a closure, an erasure, a calendar import that displaces
 * bookings, a roster change that leaves bookings without a place, and a
 * change made with plain SQL, the kept counts equal a recount of the
 * bookings (store_occupancy_recount()), which also names a count that
 * drifted. A database at version 13 with bookings migrates to counts equal
 * to the recount. The statements that write bookings never read a whole
 * table, their triggers included. A place held for the waitlist (migration
 * 16) is counted as taken from the offer until it is accepted (then the
 * booking holds it), declined or expired, and the recount agrees at each
 * step. "now" is passed in, never read. */
#include "store/store_internal.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <unistd.h>

static char tmpdir[256];

static const char *const noon_services[] = {"marriage", "name_change", "seal_change"};
static const char *const saturday_services[] = {"marriage"};

/* Noon on working days (three counters, 30-minute slots; a seal change
 * takes two), Saturday mornings for marriages (two counters, pending until
 * a manager confirms). No limit per person: the bookings here are about
 * places. */
static struct sched_office *make_office(const char *id)
{
    static const struct sched_service_spec services[] = {
        {.id = "marriage", .name_zh = "結婚登記", .name_en = "Marriage", .minutes = 30},
        {.id = "name_change", .name_zh = "更名", .name_en = "Name change", .minutes = 20},
        {.id = "seal_change", .name_zh = "印鑑變更", .name_en = "Seal change", .minutes = 60},
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
            .services = (const char **)noon_services,
            .service_count = 3,
            .capacity = 3,
            .horizon = {.days = 30, .at = 0},
            .cutoff = {.days = 1, .at = 15 * 60},
        },
        {
            .name = SCHED_WIN_SATURDAY,
            .day_types = 1u << SCHED_RESTDAY,
            .weekdays = 1u << 6,
            .date = FH_NO_DAY,
            .start = 8 * 60,
            .end = 12 * 60,
            .slot_minutes = 30,
            .services = (const char **)saturday_services,
            .service_count = 1,
            .capacity = 2,
            .horizon = {.days = 30, .at = 0},
            .cutoff = {.days = 1, .at = 15 * 60},
            .needs_confirmation = true,
        },
    };
    const struct sched_office_spec spec = {
        .id = id,
        .name_zh = "測試戶政事務所",
        .name_en = "Test office",
        .timezone = "Asia/Taipei",
        .utc_offset = 480,
        .services = services,
        .service_count = 3,
        .windows = windows,
        .window_count = 2,
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
/* Monday 2025-03-03 09:00 is "now". */
#define NOW       at(2025, 3, 3, 9, 0)
#define NOW_UTC   fh_utc_from_local(NOW, 480)
#define WED_1200  at(2025, 3, 5, 12, 0)
#define WED_1230  at(2025, 3, 5, 12, 30)
#define WED_1300  at(2025, 3, 5, 13, 0)
#define THU_1200  at(2025, 3, 6, 12, 0)
#define THU_1230  at(2025, 3, 6, 12, 30)
#define FRI_1200  at(2025, 3, 7, 12, 0)
#define SAT_0800  at(2025, 3, 8, 8, 0)
#define WEDNESDAY fh_day_from_ymd(2025, 3, 5)
#define THURSDAY  fh_day_from_ymd(2025, 3, 6)
#define FRIDAY    fh_day_from_ymd(2025, 3, 7)

static char *reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)arg;
    return fh_asprintf("{\"code\":\"%s\",\"manage_token\":\"%s\"}", b->code, token);
}

static char *db_path(const char *name)
{
    return fh_asprintf("%s/%s", tmpdir, name);
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

static struct store *open_at(const char *path)
{
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    return st;
}

/* Books service at start for person n (IDs differ by n); the booking in
 * *out (may be NULL). */
static fh_result book(struct store *st, const struct sched_office *office,
                      const struct sched_calendar *cal, const char *service, fh_minute start,
                      int person, struct store_booking *out, enum sched_refusal *refusal)
{
    char id[16], err[FH_ERR_LEN] = "";
    snprintf(id, sizeof id, "A1%08d", person);
    struct store_new_booking req = {
        .office = sched_office_spec(office)->id,
        .service = service,
        .start = start,
        .name = "王小明",
        .national_id = id,
        .phone = "+886912345678",
        .email = "person@example.org",
        .lang = "zh-TW",
        .resident = true,
    };
    struct store_create_result res;
    fh_result r = store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL,
                                       &res, err, sizeof err);
    if (out != NULL)
        *out = res.booking;
    if (refusal != NULL)
        *refusal = res.refusal;
    free(res.body);
    return r;
}

/* The kept counts equal a recount of the bookings, which finds places
 * active bookings in all; what says after which change. */
#define COUNTS_AGREE(st, what, places) counts_agree(st, what, places, __LINE__)
static void counts_agree(struct store *st, const char *what, long places, int line)
{
    struct store_occupancy_recount rc;
    char err[FH_ERR_LEN] = "";
    if (store_occupancy_recount(st, &rc, err, sizeof err) != FH_OK) {
        printf("line %d, after %s: recount failed: %s\n", line, what, err);
        check_failures++;
        return;
    }
    for (size_t i = 0; i < rc.diff_count; i++) {
        const struct store_occupancy_diff *d = &rc.diffs[i];
        printf("line %d, after %s: %s day %d start %lld %d min %s: kept %ld, counted %ld\n", line,
               what, d->office, d->day, (long long)d->start, d->minutes, d->service, d->kept,
               d->counted);
    }
    if (rc.diff_count != 0 || rc.places != places) {
        printf("line %d, after %s: %zu differences, %ld places counted, expected %ld\n", line, what,
               rc.diff_count, rc.places, places);
        check_failures++;
    }
    free(rc.diffs);
}

/* The places the kept counts give the key (start, minutes, service). */
static int taken(struct store *st, const struct sched_office *office, fh_minute start, int minutes,
                 const char *service)
{
    struct sched_booking *list;
    size_t n;
    char err[FH_ERR_LEN] = "";
    fh_day day = fh_day_of(start);
    if (store_occupancy(st, office, day, day, &list, &n, err, sizeof err) != FH_OK)
        fh_fatal("occupancy: %s", err);
    int s = sched_office_service_index(office, service), places = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(list[i].places > 0 && list[i].person == 0 && list[i].partner == 0);
        if (i > 0)
            CHECK(list[i - 1].start <= list[i].start);
        if (list[i].start == start && list[i].minutes == minutes && list[i].service == s)
            places += list[i].places;
    }
    free(list);
    return places;
}

/* Places left in the slot at start for service, as a listing shows them. */
static int remaining(struct store *st, const struct sched_office *office,
                     const struct sched_calendar *cal, const char *service, fh_minute start)
{
    struct sched_booking *list;
    size_t n, count;
    struct sched_slot *slots;
    char err[FH_ERR_LEN] = "";
    fh_day day = fh_day_of(start);
    if (store_occupancy(st, office, day, day, &list, &n, err, sizeof err) != FH_OK)
        fh_fatal("occupancy: %s", err);
    int s = sched_office_service_index(office, service), left = -1;
    if (sched_slots(office, cal, s, day, day, NOW, list, n, SCHED_SLOTS_ALL, &slots, &count) ==
        FH_OK) {
        for (size_t i = 0; i < count; i++)
            if (slots[i].start == start)
                left = slots[i].remaining;
        free(slots);
    }
    free(list);
    return left;
}

/* The statements that write bookings never stepped through a whole table,
 * the work of their triggers included (SQLite counts a trigger's steps on
 * the statement that fired it): EXPLAIN QUERY PLAN does not show a
 * trigger's plan, so test_store_plans.c cannot. */
static void no_full_scans(struct store *st)
{
    static const enum store_stmt_id writes[] = {STORE_ST_BOOKING_INSERT, STORE_ST_BOOKING_MOVE,
                                                STORE_ST_BOOKING_CANCEL,
                                                STORE_ST_BOOKING_SET_STATUS};
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        sqlite3_stmt *s = st->writer.stmt[writes[i]];
        CHECK(s != NULL); /* the test used it */
        if (s != NULL)
            CHECK_INT(sqlite3_stmt_status(s, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 0);
    }
}

static void test_follows(struct sched_office *office, struct sched_office *other,
                         struct sched_calendar *cal)
{
    char *path = db_path("follows.db");
    remove_db(path);
    struct store *st = open_at(path);
    char err[FH_ERR_LEN] = "";
    struct store_booking seal, m1, m2, n1, sat, thu1, thu2, fri1, fri2, far, b;
    enum sched_refusal why;
    COUNTS_AGREE(st, "opening", 0);

    /* Create. Wednesday noon: a seal change at 12:00 (12:00 and 12:30),
     * two marriages at 12:30, a name change at 12:00; another office's
     * booking at the same time stays its own. */
    CHECK_INT(book(st, office, cal, "seal_change", WED_1200, 1, &seal, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1230, 2, &m1, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1230, 3, &m2, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, 4, &n1, NULL), FH_OK);
    CHECK_INT(book(st, other, cal, "marriage", WED_1230, 5, NULL, NULL), FH_OK);
    COUNTS_AGREE(st, "creating", 5);
    CHECK_INT(taken(st, office, WED_1230, 30, "marriage"), 2);
    CHECK_INT(taken(st, office, WED_1200, 60, "seal_change"), 1);
    CHECK_INT(taken(st, other, WED_1230, 30, "marriage"), 1);
    CHECK_INT(remaining(st, office, cal, "marriage", WED_1230), 0);
    CHECK_INT(remaining(st, office, cal, "marriage", WED_1200), 1);
    CHECK_INT(book(st, office, cal, "marriage", WED_1230, 6, NULL, &why), FH_EREFUSED);
    CHECK_INT(why, SCHED_SLOT_FULL);
    COUNTS_AGREE(st, "a refused booking", 5);

    /* Move. The seal change to 12:30 (12:30 and 13:00): 12:30 holds three
     * with it, two without, so the move is taken only because its own
     * place is left out of the count that admits it. */
    CHECK_INT(store_booking_reschedule(st, office, cal, seal.code, NULL, WED_1230, NOW, &b, &why,
                                       err, sizeof err),
              FH_OK);
    COUNTS_AGREE(st, "a move", 5);
    CHECK_INT(taken(st, office, WED_1200, 60, "seal_change"), 0);
    CHECK_INT(taken(st, office, WED_1230, 60, "seal_change"), 1);
    CHECK_INT(remaining(st, office, cal, "marriage", WED_1200), 2);
    CHECK_INT(remaining(st, office, cal, "marriage", WED_1300), 2);
    /* A move to its own start changes nothing; one into a full slot is
     * refused and changes nothing either. */
    CHECK_INT(store_booking_reschedule(st, office, cal, seal.code, NULL, WED_1230, NOW, &b, &why,
                                       err, sizeof err),
              FH_OK);
    CHECK_INT(store_booking_reschedule(st, office, cal, n1.code, NULL, WED_1230, NOW, &b, &why, err,
                                       sizeof err),
              FH_EREFUSED);
    CHECK_INT(why, SCHED_SLOT_FULL);
    COUNTS_AGREE(st, "moves that change nothing", 5);
    /* A move to another day. */
    CHECK_INT(store_booking_reschedule(st, office, cal, m2.code, NULL, THU_1230, NOW, &b, &why, err,
                                       sizeof err),
              FH_OK);
    COUNTS_AGREE(st, "a move to another day", 5);
    CHECK_INT(taken(st, office, WED_1230, 30, "marriage"), 1);
    CHECK_INT(taken(st, office, THU_1230, 30, "marriage"), 1);

    /* Cancel, and cancel again (nothing more). */
    CHECK_INT(store_booking_cancel(st, m1.code, NULL, NOW, &b, err, sizeof err), FH_OK);
    COUNTS_AGREE(st, "a cancel", 4);
    CHECK_INT(store_booking_cancel(st, m1.code, NULL, NOW, &b, err, sizeof err), FH_OK);
    COUNTS_AGREE(st, "a second cancel", 4);
    CHECK_INT(taken(st, office, WED_1230, 30, "marriage"), 0);

    /* A manager's transitions: confirming a pending booking and checking
     * one in keep the place; completing and a no-show release it. */
    CHECK_INT(book(st, office, cal, "marriage", SAT_0800, 7, &sat, NULL), FH_OK);
    CHECK_INT(sat.status, STORE_PENDING);
    COUNTS_AGREE(st, "a pending booking", 5);
    CHECK_INT(store_booking_set_status(st, sat.code, STORE_CONFIRMED, "test", &b, err, sizeof err),
              FH_OK);
    COUNTS_AGREE(st, "a confirmation", 5);
    CHECK_INT(store_booking_set_status(st, sat.code, STORE_CHECKED_IN, "test", &b, err, sizeof err),
              FH_OK);
    COUNTS_AGREE(st, "a check-in", 5);
    CHECK_INT(taken(st, office, SAT_0800, 30, "marriage"), 1);
    CHECK_INT(store_booking_set_status(st, sat.code, STORE_COMPLETED, "test", &b, err, sizeof err),
              FH_OK);
    COUNTS_AGREE(st, "completing", 4);
    CHECK_INT(taken(st, office, SAT_0800, 30, "marriage"), 0);
    CHECK_INT(store_booking_set_status(st, n1.code, STORE_NO_SHOW, "test", &b, err, sizeof err),
              FH_OK);
    COUNTS_AGREE(st, "a no-show", 3);

    /* Lapse: the confirmed bookings that started by Wednesday 12:30. */
    size_t lapsed = 0;
    CHECK_INT(
        store_bookings_lapse(st, "test-office", WED_1230, NOW_UTC, &lapsed, NULL, err, sizeof err),
        FH_OK);
    CHECK_INT(lapsed, 1); /* the seal change */
    COUNTS_AGREE(st, "a lapse", 2);
    CHECK_INT(taken(st, office, WED_1230, 60, "seal_change"), 0);

    /* A closure cancels Thursday's pending and confirmed bookings. */
    CHECK_INT(book(st, office, cal, "marriage", THU_1200, 8, &thu1, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", THU_1200, 9, &thu2, NULL), FH_OK);
    COUNTS_AGREE(st, "Thursday's bookings", 4);
    struct store_booking *cancelled;
    size_t count;
    CHECK_INT(store_close_day(st, office, THURSDAY, "typhoon", "test", NOW, NULL, 0, &cancelled,
                              &count, err, sizeof err),
              FH_OK);
    CHECK_INT(count, 3);
    free(cancelled);
    COUNTS_AGREE(st, "a closure", 1);
    CHECK_INT(taken(st, office, THU_1200, 30, "marriage"), 0);
    CHECK_INT(taken(st, office, THU_1230, 30, "marriage"), 0);
    CHECK_INT(taken(st, other, WED_1230, 30, "marriage"), 1);

    /* Erasure on request cancels a booking still ahead. */
    CHECK_INT(book(st, office, cal, "name_change", FRI_1200, 10, &fri1, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", FRI_1200, 11, &fri2, NULL), FH_OK);
    COUNTS_AGREE(st, "Friday's bookings", 3);
    struct store_erased erased;
    CHECK_INT(store_erase_booking(st, fri1.code, NOW_UTC, "test", &erased, err, sizeof err), FH_OK);
    CHECK(erased.cancelled);
    COUNTS_AGREE(st, "an erasure", 2);
    CHECK_INT(taken(st, office, FRI_1200, 20, "name_change"), 1);

    /* A calendar import that makes Friday a holiday cancels what it lists. */
    struct store_day days[] = {{FRIDAY, SCHED_HOLIDAY, "颱風假"}};
    const char *const displaced[] = {fri2.code};
    struct store_import_effects fx = {displaced, 1, "test", NOW_UTC};
    struct store_calendar_diff diff;
    CHECK_INT(store_calendar_replace(st, 2025, 2025, days, 1, &fx, &diff, &cancelled, &count, err,
                                     sizeof err),
              FH_OK);
    CHECK_INT(count, 1);
    free(cancelled);
    store_calendar_diff_free(&diff);
    COUNTS_AGREE(st, "a calendar import", 1);

    /* A roster that puts fewer staff on a window than it holds bookings
     * keeps them (forced: they are told, not cancelled): the counts stay,
     * and the listing shows the slot full. */
    struct sched_booking *occ;
    size_t nocc;
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 12, 12, 0), 12, &far, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 12, 12, 0), 13, NULL, NULL), FH_OK);
    COUNTS_AGREE(st, "the next Wednesday's bookings", 3);
    struct store_duty duty = {fh_day_from_ymd(2025, 3, 12), SCHED_DUTY_NOON, "a", false};
    CHECK_INT(store_roster_save_draft(st, "test-office", 2025, 3, &duty, 1, "test", NOW_UTC, err,
                                      sizeof err),
              FH_OK);
    struct store_booking *over = NULL;
    size_t nover = 0;
    CHECK_INT(store_roster_publish(st, "test-office", 2025, 3, NOW_UTC, true, NULL, NULL, NULL, 0,
                                   &over, &nover, "test", err, sizeof err),
              FH_OK);
    free(over);
    const char *const nobody[] = {NULL};
    CHECK_INT(store_roster_set_instance(st, "test-office", fh_day_from_ymd(2025, 3, 12),
                                        SCHED_DUTY_NOON, nobody, 0, -1, true, NULL, NULL, NULL, 0,
                                        NOW_UTC, &over, &nover, "test", err, sizeof err),
              FH_OK);
    free(over);
    COUNTS_AGREE(st, "a roster with fewer staff", 3);
    struct sched_calendar *rostered = store_calendar_build(st, NULL, err, sizeof err);
    CHECK(rostered != NULL);
    if (rostered != NULL) {
        CHECK_INT(remaining(st, office, rostered, "marriage", at(2025, 3, 12, 12, 0)), 0);
        CHECK_INT(book(st, office, rostered, "marriage", at(2025, 3, 12, 12, 30), 14, NULL, &why),
                  FH_EREFUSED);
        CHECK_INT(why, SCHED_SLOT_FULL);
        sched_calendar_free(rostered);
    }
    CHECK_INT(store_occupancy(st, office, WEDNESDAY, WEDNESDAY + 7, &occ, &nocc, err, sizeof err),
              FH_OK);
    CHECK_INT(nocc, 1);
    if (nocc == 1)
        CHECK_INT(occ[0].places, 2);
    free(occ);
    no_full_scans(st);
    store_close(st);

    /* Whatever writes a booking, the triggers follow it: plain SQL too. */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char *sql = sqlite3_mprintf("UPDATE booking SET status = 'cancelled' WHERE code = %Q; "
                                "UPDATE booking SET start_min = start_min + 30 WHERE code = %Q;",
                                far.code, far.code);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    st = open_at(path);
    COUNTS_AGREE(st, "plain SQL", 2);
    store_close(st);

    /* A count that drifted (written around the triggers) is named. */
    CHECK_INT(sqlite3_exec(db,
                           "UPDATE booking_taken SET places = places + 2 WHERE office = 'other'",
                           NULL, NULL, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "DELETE FROM booking_taken WHERE office = 'test-office'", NULL, NULL,
                           NULL),
              SQLITE_OK);
    st = open_at(path);
    struct store_occupancy_recount rc;
    CHECK_INT(store_occupancy_recount(st, &rc, err, sizeof err), FH_OK);
    CHECK_INT(rc.diff_count, 2);
    CHECK_INT(rc.places, 2);
    if (rc.diff_count == 2) {
        CHECK_STR(rc.diffs[0].office, "other");
        CHECK_INT(rc.diffs[0].start, WED_1230);
        CHECK_INT(rc.diffs[0].day, WEDNESDAY);
        CHECK_INT(rc.diffs[0].minutes, 30);
        CHECK_STR(rc.diffs[0].service, "marriage");
        CHECK_INT(rc.diffs[0].kept, 3);
        CHECK_INT(rc.diffs[0].counted, 1);
        CHECK_STR(rc.diffs[1].office, "test-office");
        CHECK_INT(rc.diffs[1].kept, 0);
        CHECK_INT(rc.diffs[1].counted, 1);
    }
    free(rc.diffs);
    store_close(st);
    sqlite3_close(db);
    remove_db(path);
    free(path);
}

/* A database at version 13 (before the kept counts) holding bookings, some
 * written by hand, migrates to counts equal to a recount. Migration 14 only
 * adds (a table, its triggers, an index), so a version 13 file is a fresh
 * one with those taken away again. */
static void test_migration(struct sched_office *office, struct sched_calendar *cal)
{
    char *path = db_path("v13.db");
    remove_db(path);
    struct store *st = open_at(path);
    char err[FH_ERR_LEN] = "";
    struct store_booking a, b;
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &a, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 2, NULL, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "seal_change", WED_1230, 3, NULL, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", THU_1200, 4, &b, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", SAT_0800, 5, NULL, NULL), FH_OK); /* pending */
    CHECK_INT(store_booking_cancel(st, b.code, NULL, NOW, NULL, err, sizeof err), FH_OK);
    store_close(st);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    /* The triggers on booking are migration 14's, whatever their names. */
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(db,
                                 "SELECT group_concat('DROP TRIGGER ' || name, ';') FROM"
                                 " sqlite_schema WHERE type = 'trigger' AND tbl_name = 'booking'",
                                 -1, &s, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK(sqlite3_column_text(s, 0) != NULL);
    if (sqlite3_column_text(s, 0) != NULL)
        CHECK_INT(sqlite3_exec(db, (const char *)sqlite3_column_text(s, 0), NULL, NULL, NULL),
                  SQLITE_OK);
    sqlite3_finalize(s);
    char *sql = sqlite3_mprintf(
        "DROP TABLE booking_taken; DROP INDEX idempotency_booking; PRAGMA user_version = 13;"
        /* Migration 15's table too (its wider outbox CHECK may stay). */
        "DROP TABLE suspension_lift;"
        /* And migrations 16's, 17's and 19's (the outbox's kind CHECK may
         * stay too), 18's column, and the figures' index as 12 made it. */
        "DROP TABLE draw_person; DROP TABLE draw_request; DROP TABLE draw;"
        "DROP TABLE waitlist_offer; DROP TABLE waitlist; DROP TABLE survey;"
        "DROP INDEX booking_figures; ALTER TABLE booking DROP COLUMN effective_day;"
        "CREATE INDEX booking_figures ON booking (office, day, status, window_name, minutes,"
        " service, created_at, utc_offset, channel);"
        /* What version 13 wrote kept no count: a row added by hand. */
        "INSERT INTO booking (code, token_sha256, office, service, window_name, day, start_min,"
        " end_min, minutes, utc_offset, status, person, lang, resident, created_at, updated_at)"
        " SELECT 'ZZZZZZZZ', token_sha256, office, service, window_name, day, start_min, end_min,"
        " minutes, utc_offset, 'checked_in', person, lang, resident, created_at, updated_at"
        " FROM booking WHERE code = %Q;",
        a.code);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    CHECK_INT(sqlite3_prepare_v2(db,
                                 "SELECT count(*) FROM sqlite_schema WHERE name = 'booking_taken'"
                                 " OR (type = 'trigger' AND tbl_name = 'booking')",
                                 -1, &s, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    sqlite3_close(db);

    st = open_at(path);
    CHECK_INT(store_schema_version(st), 19);
    COUNTS_AGREE(st, "the migration", 5);
    CHECK_INT(taken(st, office, WED_1200, 30, "marriage"), 3);
    CHECK_INT(taken(st, office, WED_1230, 60, "seal_change"), 1);
    CHECK_INT(taken(st, office, THU_1200, 20, "name_change"), 0);
    CHECK_INT(taken(st, office, SAT_0800, 30, "marriage"), 1);
    /* And kept from then on. */
    enum sched_refusal why;
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 6, NULL, &why), FH_EREFUSED);
    CHECK_INT(why, SCHED_SLOT_FULL);
    CHECK_INT(store_booking_cancel(st, a.code, NULL, NOW, NULL, err, sizeof err), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 6, NULL, NULL), FH_OK);
    COUNTS_AGREE(st, "bookings after the migration", 5);
    store_close(st);
    remove_db(path);
    free(path);
}

/* The token the join's answer carries (the reply callback's own text). */
static char *token_reply(const struct store_wait_entry *e, const char *token, void *arg)
{
    (void)e;
    (void)arg;
    return fh_strdup(token);
}

static fh_result join(struct store *st, const struct sched_office *office,
                      const struct sched_calendar *cal, fh_minute start, int person,
                      struct store_wait_result *out, char token[STORE_TOKEN_LEN + 1])
{
    char id[16], err[FH_ERR_LEN] = "";
    snprintf(id, sizeof id, "A1%08d", person);
    struct store_new_booking req = {
        .office = sched_office_spec(office)->id,
        .service = "name_change",
        .start = start,
        .name = "林小華",
        .national_id = id,
        .email = "wait@example.org",
        .lang = "zh-TW",
    };
    fh_result r = store_waitlist_join(st, office, cal, &req, false, NOW, NULL, NULL, token_reply,
                                      NULL, out, err, sizeof err);
    if (token != NULL)
        snprintf(token, STORE_TOKEN_LEN + 1, "%s", r == FH_OK ? out->body : "");
    free(out->body);
    out->body = NULL;
    return r;
}

/* The token of the place held for an entry, or "" when none is held. */
static void held_offer(struct store *st, const char *code, const char *token,
                       char out[STORE_TOKEN_LEN + 1])
{
    struct store_wait_entry e;
    struct store_offer o;
    bool has = false;
    char err[FH_ERR_LEN] = "";
    out[0] = '\0';
    CHECK_INT(store_waitlist_get(st, code, token, &e, &o, &has, err, sizeof err), FH_OK);
    if (has && o.status == STORE_OFFER_HELD)
        store_offer_token(st, o.code, out);
}

static void test_waitlist(struct sched_office *office, struct sched_calendar *cal)
{
    char *path = db_path("waitlist.db");
    remove_db(path);
    struct store *st = open_at(path);
    char err[FH_ERR_LEN] = "";
    struct store_booking b[3];
    for (int i = 0; i < 3; i++)
        CHECK_INT(book(st, office, cal, "name_change", WED_1200, 1 + i, &b[i], NULL), FH_OK);
    CHECK_INT(remaining(st, office, cal, "name_change", WED_1200), 0);

    struct store_wait_result w1, w2, w;
    char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1];
    CHECK_INT(join(st, office, cal, WED_1200, 10, &w1, t1), FH_OK);
    CHECK_INT(w1.entry.position, 1);
    CHECK_INT(join(st, office, cal, WED_1200, 11, &w2, t2), FH_OK);
    CHECK_INT(w2.entry.position, 2);
    CHECK_INT(join(st, office, cal, WED_1200, 10, &w, NULL), FH_ECONFLICT);
    CHECK(strcmp(w.waiting_code, w1.entry.code) == 0); /* one entry per person and place */
    CHECK_INT(join(st, office, cal, WED_1230, 12, &w, NULL), FH_ECONFLICT);
    CHECK(w.places_left && w.free_start == WED_1230);
    COUNTS_AGREE(st, "joining", 3);

    /* A cancellation: the place is held for the first, counted as taken. */
    struct store_booking gone;
    CHECK_INT(store_booking_cancel(st, b[0].code, NULL, NOW, &gone, err, sizeof err), FH_OK);
    CHECK_INT(remaining(st, office, cal, "name_change", WED_1200), 1);
    struct store_wait_pass pass;
    CHECK_INT(store_waitlist_pass(st, office, cal, NOW, &pass, err, sizeof err), FH_OK);
    CHECK_INT((int)pass.offered, 1);
    CHECK_INT(taken(st, office, WED_1200, 20, "name_change"), 3);
    CHECK_INT(remaining(st, office, cal, "name_change", WED_1200), 0);
    COUNTS_AGREE(st, "an offer held", 3);
    enum sched_refusal refusal;
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, 13, NULL, &refusal), FH_EREFUSED);
    CHECK_INT(refusal, SCHED_SLOT_FULL);
    CHECK_INT(store_waitlist_pass(st, office, cal, NOW, &pass, err, sizeof err), FH_OK);
    CHECK_INT((int)pass.offered, 0); /* never given twice */

    /* Accepting books it in the transaction that ends the hold. */
    char offer[STORE_TOKEN_LEN + 1];
    held_offer(st, w1.entry.code, t1, offer);
    CHECK(offer[0] != '\0');
    struct store_create_result res;
    struct store_offer o;
    CHECK_INT(store_offer_accept(st, office, cal, offer, NOW, NULL, NULL, reply_json, NULL, &res,
                                 &o, err, sizeof err),
              FH_OK);
    free(res.body);
    CHECK(res.booking.start == WED_1200 && res.booking.status == STORE_CONFIRMED);
    CHECK_INT(o.status, STORE_OFFER_ACCEPTED);
    CHECK_INT(taken(st, office, WED_1200, 20, "name_change"), 3);
    COUNTS_AGREE(st, "an accept", 3);
    CHECK_INT(store_offer_accept(st, office, cal, offer, NOW, NULL, NULL, reply_json, NULL, &res,
                                 &o, err, sizeof err),
              FH_ECONFLICT);

    /* An expired hold passes on; with nobody left the place is free. */
    CHECK_INT(store_booking_cancel(st, b[1].code, NULL, NOW, &gone, err, sizeof err), FH_OK);
    CHECK_INT(store_waitlist_pass(st, office, cal, NOW, &pass, err, sizeof err), FH_OK);
    CHECK_INT((int)pass.offered, 1);
    held_offer(st, w2.entry.code, t2, offer);
    CHECK(offer[0] != '\0');
    COUNTS_AGREE(st, "a second offer", 3);
    CHECK_INT(store_waitlist_pass(st, office, cal, NOW + 29, &pass, err, sizeof err), FH_OK);
    CHECK_INT((int)pass.expired, 0);
    CHECK_INT(store_waitlist_pass(st, office, cal, NOW + 30, &pass, err, sizeof err), FH_OK);
    CHECK_INT((int)pass.expired, 1);
    CHECK_INT(store_offer_accept(st, office, cal, offer, NOW + 30, NULL, NULL, reply_json, NULL,
                                 &res, &o, err, sizeof err),
              FH_ECONFLICT);
    CHECK_INT(taken(st, office, WED_1200, 20, "name_change"), 2);
    CHECK_INT(remaining(st, office, cal, "name_change", WED_1200), 1);
    COUNTS_AGREE(st, "an expiry", 2);
    struct store_wait_entry e;
    bool has;
    CHECK_INT(store_waitlist_get(st, w2.entry.code, t2, &e, &o, &has, err, sizeof err), FH_OK);
    CHECK_INT(e.status, STORE_WAIT_EXPIRED);
    CHECK(e.name[0] == '\0'); /* nothing kept of a person no longer waiting */
    CHECK_INT(store_waitlist_get(st, w2.entry.code, t1, &e, &o, &has, err, sizeof err),
              FH_ENOTFOUND);
    store_close(st);
    remove_db(path);
    free(path);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_store_occupancy.XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        fh_fatal("mkdtemp failed");
    struct sched_office *office = make_office("test-office");
    struct sched_office *other = make_office("other");
    struct sched_calendar *cal = sched_calendar_create();

    test_follows(office, other, cal);
    test_migration(office, cal);
    test_waitlist(office, cal);

    sched_calendar_free(cal);
    sched_office_free(office);
    sched_office_free(other);
    rmdir(tmpdir);
    return check_result();
}
