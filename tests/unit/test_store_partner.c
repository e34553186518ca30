/* test_store_partner.c: couples in the store against real database files: a
 * couple's booking stored and read back with the partner's name and mask
 * (never the raw ID, on disk or in the WAL), one place for the two, the
 * limits of both people through create and reschedule, the partner's
 * fields refused, "find my booking" by either person's national ID, and a
 * version 5 database migrated with its bookings still found. */
#include "store/store.h"
#include "common/fh_hash.h"
#include "tests/unit/check.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#define OFFICE "test-office"

static char tmpdir[256];

static const char *const noon_services[] = {"marriage", "name_change"};

/* Noon on working days, three counters of 30-minute slots; a marriage is
 * a couple's, a name change each person's own. One booking a day and one
 * active per service for each person. */
static struct sched_office *make_office(void)
{
    static const struct sched_service_spec services[] = {
        {.id = "marriage",
         .name_zh = "結婚登記",
         .name_en = "Marriage",
         .minutes = 30,
         .in_person = true,
         .couple = true},
        {.id = "name_change", .name_zh = "更名", .name_en = "Name change", .minutes = 30},
    };
    const struct sched_window_spec windows[] = {{
        .name = SCHED_WIN_NOON,
        .day_types = 1u << SCHED_WORKDAY | 1u << SCHED_MAKEUP_WORKDAY,
        .weekdays = 0x3Eu, /* Monday to Friday */
        .date = FH_NO_DAY,
        .start = 12 * 60,
        .end = 13 * 60 + 30,
        .slot_minutes = 30,
        .services = (const char **)noon_services,
        .service_count = 2,
        .capacity = 3,
        .horizon = {.days = 30, .at = 0},
        .cutoff = {.days = 1, .at = 15 * 60},
    }};
    const struct sched_office_spec spec = {
        .id = OFFICE,
        .name_zh = "測試戶政事務所",
        .name_en = "Test office",
        .timezone = "Asia/Taipei",
        .utc_offset = 480,
        .services = services,
        .service_count = 2,
        .windows = windows,
        .window_count = 1,
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
/* Monday 2025-03-03 09:00 is "now". */
#define NOW       at(2025, 3, 3, 9, 0)
#define WED_1200  at(2025, 3, 5, 12, 0)
#define WED_1230  at(2025, 3, 5, 12, 30)
#define THU_1200  at(2025, 3, 6, 12, 0)
#define THU_1230  at(2025, 3, 6, 12, 30)
#define FRI_1200  at(2025, 3, 7, 12, 0)
#define FRI_1300  at(2025, 3, 7, 13, 0)
#define WEDNESDAY fh_day_from_ymd(2025, 3, 5)
#define THURSDAY  fh_day_from_ymd(2025, 3, 6)

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
    for (size_t i = 0; i < 4; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

/* Whether the database file or its WAL holds the bytes of needle. */
static bool file_contains(const char *path, const char *needle)
{
    static const char *const suffixes[] = {"", "-wal"};
    size_t len = strlen(needle);
    bool found = false;
    for (size_t i = 0; i < 2 && !found; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        FILE *f = fopen(p, "rb");
        free(p);
        if (f == NULL)
            continue;
        char *data = NULL;
        size_t n = 0, cap = 0, got;
        do {
            data = fh_grow(data, 1, &cap, n + 65536);
            got = fread(data + n, 1, cap - n, f);
            n += got;
        } while (got > 0);
        fclose(f);
        found = len > 0 && memmem(data, n, needle, len) != NULL;
        free(data);
    }
    return found;
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

/* Holders' IDs are A1 and partners' B2 followed by the person's number, so
 * that the two are told apart in a scan of the file. */
struct people {
    char holder[16], partner[16];
    struct store_new_booking req;
};

/* The request of holder h with partner p (0: alone). */
static const struct store_new_booking *request(struct people *pp, const char *service,
                                               fh_minute start, int h, int p)
{
    snprintf(pp->holder, sizeof pp->holder, "A1%08d", h);
    snprintf(pp->partner, sizeof pp->partner, "B2%08d", p);
    pp->req = (struct store_new_booking){
        .office = OFFICE,
        .service = service,
        .start = start,
        .name = "王小明",
        .national_id = pp->holder,
        .partner_name = p ? "林美玲" : NULL,
        .partner_national_id = p ? pp->partner : NULL,
        .phone = "+886912345678",
        .email = "couple@example.org",
        .lang = "zh-TW",
        .resident = true,
    };
    return &pp->req;
}

struct outcome {
    fh_result r;
    enum sched_refusal refusal;
    bool partner_refused;
    struct store_booking booking;
    char token[STORE_TOKEN_LEN + 1];
};

static struct outcome book(struct store *st, const struct sched_office *office,
                           const struct sched_calendar *cal, const char *service, fh_minute start,
                           int h, int p)
{
    struct people pp;
    struct store_create_result res;
    struct outcome o;
    char err[FH_ERR_LEN] = "";
    memset(&o, 0, sizeof o);
    o.r = store_booking_create(st, office, cal, request(&pp, service, start, h, p), NOW, NULL, NULL,
                               reply_json, NULL, &res, err, sizeof err);
    o.refusal = res.refusal;
    o.partner_refused = res.partner_refused;
    o.booking = res.booking;
    const char *t = res.body ? strstr(res.body, "\"manage_token\":\"") : NULL;
    if (t != NULL)
        snprintf(o.token, sizeof o.token, "%s", t + strlen("\"manage_token\":\""));
    free(res.body);
    return o;
}

#define CHECK_REFUSED(o, want, partner)                                                            \
    do {                                                                                           \
        struct outcome o_ = (o);                                                                   \
        CHECK_INT(o_.r, FH_EREFUSED);                                                              \
        CHECK_STR(sched_refusal_code(o_.refusal), sched_refusal_code(want));                       \
        CHECK_INT(o_.partner_refused, partner);                                                    \
    } while (0)

/* The places taken on day, and the store's entries in *list (n of them). */
static size_t occupancy(struct store *st, const struct sched_office *office, fh_day day,
                        struct sched_booking **list, size_t *entries)
{
    size_t n, places = 0;
    char err[FH_ERR_LEN] = "";
    if (store_occupancy(st, office, day, day, list, &n, err, sizeof err) != FH_OK)
        fh_fatal("occupancy: %s", err);
    for (size_t i = 0; i < n; i++)
        places += (size_t)(*list)[i].places;
    if (entries != NULL)
        *entries = n;
    return places;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_stored(struct sched_office *office, struct sched_calendar *cal)
{
    char *path = db_path("couple.db");
    struct store *st = open_fresh("couple.db");
    char err[FH_ERR_LEN] = "";

    struct outcome o = book(st, office, cal, "marriage", WED_1200, 1, 2);
    CHECK_INT(o.r, FH_OK);
    CHECK_STR(o.booking.name, "王小明");
    CHECK_STR(o.booking.national_id_masked, "A******001");
    CHECK_STR(o.booking.partner_name, "林美玲");
    CHECK_STR(o.booking.partner_national_id_masked, "B******002");

    struct store_booking got;
    CHECK_INT(store_booking_get(st, o.booking.code, o.token, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.partner_name, "林美玲");
    CHECK_STR(got.partner_national_id_masked, "B******002");
    CHECK_STR(got.national_id_masked, "A******001");

    /* Somebody alone has no partner. */
    struct outcome alone = book(st, office, cal, "name_change", WED_1230, 3, 0);
    CHECK_INT(alone.r, FH_OK);
    CHECK_STR(alone.booking.partner_name, "");
    CHECK_STR(alone.booking.partner_national_id_masked, "");

    struct store_booking *day;
    size_t n;
    CHECK_INT(store_bookings_of_day(st, OFFICE, WEDNESDAY, &day, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(day[0].partner_name, "林美玲");
        CHECK_STR(day[0].partner_national_id_masked, "B******002");
        CHECK_STR(day[1].partner_name, "");
    }
    free(day);

    /* A couple's booking takes one place, and the places the store counts
     * name nobody: the partner's key is seen where the person's own
     * bookings are read, at admission (test_limits). */
    struct sched_booking *occ;
    size_t entries;
    CHECK_INT(occupancy(st, office, WEDNESDAY, &occ, &entries), 2);
    CHECK_INT(entries, 2);
    for (size_t i = 0; i < entries; i++)
        CHECK(occ[i].places == 1 && occ[i].person == 0 && occ[i].partner == 0);
    free(occ);

    /* Only the keyed hash and the sealed mask of either ID are kept:
     * neither raw ID nor mask is on disk, in the file or its WAL, while
     * open or after. */
    CHECK(!file_contains(path, "B200000002"));
    CHECK(!file_contains(path, "A100000001"));
    CHECK(!file_contains(path, "B******002"));
    store_close(st);
    CHECK(!file_contains(path, "B200000002"));
    CHECK(!file_contains(path, "A100000001"));
    CHECK(!file_contains(path, "B******002"));
    remove_db(path);
    free(path);
}

/* Three counters take three couples, six people. */
static void test_one_place(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("place.db");
    for (int i = 0; i < 3; i++)
        CHECK_INT(book(st, office, cal, "marriage", WED_1200, 10 + i, 20 + i).r, FH_OK);
    CHECK_REFUSED(book(st, office, cal, "marriage", WED_1200, 13, 23), SCHED_SLOT_FULL, false);
    CHECK_REFUSED(book(st, office, cal, "name_change", WED_1200, 14, 0), SCHED_SLOT_FULL, false);
    struct sched_booking *occ;
    CHECK_INT(occupancy(st, office, WEDNESDAY, &occ, NULL), 3);
    free(occ);
    close_and_remove(st, "place.db");
}

/* A booking counts for each person it names: the partner of one couple
 * may not take a second marriage, alone or as anyone's partner, nor
 * another slot that day; the refusal says when it is the partner's. */
static void test_limits(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("limits.db");
    char err[FH_ERR_LEN] = "";
    struct outcome first = book(st, office, cal, "marriage", WED_1200, 1, 2);
    CHECK_INT(first.r, FH_OK);

    /* Person 2 (B200000002) books again: alone as holder it is theirs... */
    struct people pp;
    struct store_create_result res;
    struct store_new_booking req = *request(&pp, "marriage", THU_1200, 3, 0);
    req.national_id = "B200000002";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(res.refusal, SCHED_DUPLICATE_BOOKING);
    CHECK(!res.partner_refused);
    /* ...as another's partner it is the partner's. */
    CHECK_REFUSED(book(st, office, cal, "marriage", THU_1200, 3, 2), SCHED_DUPLICATE_BOOKING, true);
    /* The holder of the first named as partner: "A100000001" is no B2 ID,
     * so build that request by hand. */
    req = *request(&pp, "marriage", THU_1200, 3, 9);
    req.partner_national_id = "A100000001";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(res.refusal, SCHED_DUPLICATE_BOOKING);
    CHECK(res.partner_refused);
    /* The partner's wedding day is their booking of that day. */
    req = *request(&pp, "name_change", WED_1230, 3, 0);
    req.national_id = "B200000002";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(res.refusal, SCHED_DAILY_LIMIT);
    CHECK(!res.partner_refused);
    /* A partner with another booking that day: daily_limit, theirs. */
    CHECK_INT(book(st, office, cal, "name_change", FRI_1200, 5, 0).r, FH_OK);
    req = *request(&pp, "marriage", FRI_1300, 6, 9);
    req.partner_national_id = "A100000005";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(res.refusal, SCHED_DAILY_LIMIT);
    CHECK(res.partner_refused);

    /* Two other people marry on Thursday. */
    struct outcome thu = book(st, office, cal, "marriage", THU_1200, 3, 4);
    CHECK_INT(thu.r, FH_OK);
    /* Once the first wedding is cancelled, its partner is free again. */
    struct store_booking got;
    CHECK_INT(store_booking_cancel(st, first.booking.code, first.token, NOW, &got, err, sizeof err),
              FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", FRI_1200, 7, 2).r, FH_OK);

    /* A move is judged for both people, leaving the booking itself out:
     * the same day is fine, a day the partner holds a booking is not. */
    enum sched_refusal refusal;
    /* B200000004, Thursday's partner, takes a slot on Friday. */
    req = *request(&pp, "name_change", FRI_1300, 8, 0);
    req.national_id = "B200000004";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_OK);
    free(res.body);
    CHECK_INT(store_booking_reschedule(st, office, cal, thu.booking.code, thu.token, THU_1230, NOW,
                                       &got, &refusal, err, sizeof err),
              FH_OK);
    CHECK_STR(got.partner_national_id_masked, "B******004");
    CHECK_INT(store_booking_reschedule(st, office, cal, thu.booking.code, thu.token, FRI_1200, NOW,
                                       &got, &refusal, err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(refusal, SCHED_DAILY_LIMIT);
    CHECK_INT(store_booking_get(st, thu.booking.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.start, THU_1230);
    close_and_remove(st, "limits.db");
}

static void invalid(struct store *st, struct sched_office *office, struct sched_calendar *cal,
                    const struct store_new_booking *req, const char *want)
{
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_booking_create(st, office, cal, req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);
    CHECK(res.body == NULL);
    if (strstr(err, want) == NULL) {
        printf("error \"%s\" does not contain \"%s\"\n", err, want);
        check_failures++;
    }
    /* The ID itself never comes back in a message. */
    CHECK(req->partner_national_id == NULL || strstr(err, req->partner_national_id) == NULL);
}

static void test_invalid(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("invalid.db");
    struct people pp;
    struct store_new_booking req;

    invalid(st, office, cal, request(&pp, "name_change", WED_1200, 1, 2),
            "partner_national_id: the service is not made by a couple");
    req = *request(&pp, "marriage", WED_1200, 1, 2);
    req.partner_national_id = req.national_id;
    invalid(st, office, cal, &req, "partner_national_id: the holder's own");
    req = *request(&pp, "marriage", WED_1200, 1, 2);
    req.partner_national_id = NULL;
    invalid(st, office, cal, &req, "partner_national_id: missing");
    req = *request(&pp, "marriage", WED_1200, 1, 2);
    req.partner_national_id = "B2";
    invalid(st, office, cal, &req, "partner_national_id: not a national ID");
    /* The store holds 100 characters of up to 4 bytes each, no more. */
    char long_name[420];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    req = *request(&pp, "marriage", WED_1200, 1, 2);
    req.partner_name = long_name;
    invalid(st, office, cal, &req, "partner_name: too long");

    /* Nothing was stored; a partner without a name is fine. */
    struct sched_booking *occ;
    CHECK_INT(occupancy(st, office, WEDNESDAY, &occ, NULL), 0);
    free(occ);
    req = *request(&pp, "marriage", WED_1200, 1, 2);
    req.partner_name = NULL;
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_OK);
    CHECK_STR(res.booking.partner_name, "");
    CHECK_STR(res.booking.partner_national_id_masked, "B******002");
    free(res.body);
    close_and_remove(st, "invalid.db");
}

static void test_find(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("find.db");
    char err[FH_ERR_LEN] = "", lower[STORE_CODE_LEN + 1];
    struct store_booking got;
    struct outcome couple = book(st, office, cal, "marriage", WED_1200, 1, 2);
    struct outcome alone = book(st, office, cal, "name_change", THU_1200, 3, 0);
    CHECK_INT(couple.r, FH_OK);
    CHECK_INT(alone.r, FH_OK);
    const char *code = couple.booking.code;

    CHECK_INT(store_booking_find(st, code, "A100000001", &got, err, sizeof err), FH_OK);
    CHECK_STR(got.code, code);
    CHECK_STR(got.partner_national_id_masked, "B******002");
    CHECK_INT(store_booking_find(st, code, "B200000002", &got, err, sizeof err), FH_OK);
    CHECK_STR(got.code, code);
    CHECK_STR(got.national_id_masked, "A******001");
    /* Read over the phone: either case of code and ID. */
    for (int i = 0; i <= STORE_CODE_LEN; i++)
        lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
    CHECK_INT(store_booking_find(st, lower, "b200000002", &got, err, sizeof err), FH_OK);
    CHECK_STR(got.code, code);
    CHECK_INT(store_booking_find(st, alone.booking.code, "A100000003", &got, err, sizeof err),
              FH_OK);

    /* A wrong ID and an unknown code are the same answer, and nothing of
     * the booking comes back. */
    char wrong_id[FH_ERR_LEN] = "", unknown[FH_ERR_LEN] = "";
    CHECK_INT(store_booking_find(st, code, "A100000003", &got, wrong_id, sizeof wrong_id),
              FH_ENOTFOUND);
    CHECK_STR(got.code, "");
    CHECK_STR(got.name, "");
    const char *nowhere = strcmp(code, "ZZZZZZZZ") != 0 ? "ZZZZZZZZ" : "YYYYYYYY";
    CHECK_INT(store_booking_find(st, nowhere, "A100000001", &got, unknown, sizeof unknown),
              FH_ENOTFOUND);
    CHECK_STR(wrong_id, unknown);
    /* Nobody's partner: a booking made alone has none to match. */
    CHECK_INT(store_booking_find(st, alone.booking.code, "B200000002", &got, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, alone.booking.code, "B200000000", &got, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, code, NULL, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, code, "", &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, code, "A1000000010000000", &got, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, "SHORT", "A100000001", &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, NULL, "A100000001", &got, err, sizeof err), FH_ENOTFOUND);

    /* A cancelled booking is still found: its holder may want to see it. */
    struct store_booking cancelled;
    CHECK_INT(store_booking_cancel(st, code, couple.token, NOW, &cancelled, err, sizeof err),
              FH_OK);
    CHECK_INT(store_booking_find(st, code, "B200000002", &got, err, sizeof err), FH_OK);
    CHECK_INT(got.status, STORE_CANCELLED);

    /* A database failure is not "not found". */
    store_test_fail_step(1);
    err[0] = '\0';
    CHECK_INT(store_booking_find(st, code, "A100000001", &got, err, sizeof err), FH_EDB);
    store_test_fail_step(0);
    CHECK(err[0] != '\0');
    CHECK_STR(got.code, "");
    close_and_remove(st, "find.db");
}

/* The detail of SQLite's plan for sql, its steps joined by "; ". */
static char *query_plan(sqlite3 *db, const char *sql)
{
    char *explain = fh_asprintf("EXPLAIN QUERY PLAN %s", sql), *plan = fh_strdup("");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, explain, -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            char *more = fh_asprintf("%s%s%s", plan, *plan ? "; " : "",
                                     (const char *)sqlite3_column_text(s, 3));
            free(plan);
            plan = more;
        }
    }
    sqlite3_finalize(s);
    free(explain);
    return plan;
}

/* A database as version 5 left it (the schema of migrations 1-5), with a
 * booking of a person whose key was made under the stored secret:
 * migration 6 keeps the booking, its person is still found and still
 * counts, and a person's bookings as partner are found by an index. */
static void test_migrate_from_5(struct sched_office *office, struct sched_calendar *cal)
{
    static const char *const v5 =
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
        "CREATE INDEX idempotency_created ON idempotency (created_at);"
        "CREATE TABLE calendar_day (day INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
        " type TEXT NOT NULL, name TEXT);"
        "CREATE INDEX calendar_day_year ON calendar_day (year);"
        "CREATE TABLE closure (office TEXT NOT NULL, day INTEGER NOT NULL, reason TEXT,"
        " created_at INTEGER NOT NULL, PRIMARY KEY (office, day)) WITHOUT ROWID;"
        "CREATE TABLE roster_month (office TEXT NOT NULL, month INTEGER NOT NULL,"
        " state TEXT NOT NULL, version INTEGER NOT NULL, published_at INTEGER,"
        " PRIMARY KEY (office, month)) WITHOUT ROWID;"
        "CREATE TABLE roster_duty (office TEXT NOT NULL, month INTEGER NOT NULL,"
        " day INTEGER NOT NULL, duty TEXT NOT NULL, staff TEXT NOT NULL,"
        " pinned INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (office, day, duty, staff))"
        " WITHOUT ROWID;"
        "CREATE INDEX roster_duty_month ON roster_duty (office, month);"
        "CREATE INDEX roster_duty_staff ON roster_duty (office, staff, day);"
        "CREATE TABLE roster_pin (office TEXT NOT NULL, month INTEGER NOT NULL,"
        " day INTEGER NOT NULL, duty TEXT NOT NULL, staff TEXT NOT NULL,"
        " forbid INTEGER NOT NULL, PRIMARY KEY (office, day, duty, staff)) WITHOUT ROWID;"
        "CREATE INDEX roster_pin_month ON roster_pin (office, month);"
        "CREATE TABLE comp_taken (id INTEGER PRIMARY KEY, office TEXT NOT NULL,"
        " staff TEXT NOT NULL, day INTEGER NOT NULL, minutes INTEGER NOT NULL,"
        " note TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);"
        "CREATE INDEX comp_taken_staff ON comp_taken (office, staff, day);"
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY, booking_id INTEGER REFERENCES booking (id),"
        " office TEXT, staff TEXT, month INTEGER, kind TEXT NOT NULL, channel TEXT NOT NULL,"
        " sequence INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'queued',"
        " attempts INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL,"
        " created_at INTEGER NOT NULL, sent_at INTEGER, last_error TEXT,"
        " CHECK (booking_id IS NOT NULL OR office IS NOT NULL));"
        "CREATE INDEX outbox_due ON outbox (status, due_at);"
        "CREATE INDEX outbox_booking ON outbox (booking_id);"
        "PRAGMA user_version = 5;";
    uint8_t secret[32], mac[FH_SHA256_LEN];
    char person[2 * FH_SHA256_LEN + 1], secret_hex[2 * sizeof secret + 1];
    memset(secret, 0x42, sizeof secret);
    fh_hex_encode(secret, sizeof secret, secret_hex);
    fh_hmac_sha256(secret, sizeof secret, "A123456789", 10, mac);
    fh_hex_encode(mac, sizeof mac, person);
    char *row = fh_asprintf(
        "INSERT INTO meta VALUES ('person_secret', x'%s');"
        "INSERT INTO booking VALUES (7, 'ABCDEFGH', zeroblob(32), '%s', 'marriage', 'noon', %d,"
        " %lld, %lld, 30, 480, 'confirmed', '%s', 'A12****789', '王小明', '', 'p@example.org',"
        " 'zh-TW', 1, 0, 100, 100);",
        secret_hex, OFFICE, (int)WEDNESDAY, (long long)WED_1200, (long long)WED_1230, person);

    char *path = db_path("v5.db");
    remove_db(path);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, v5, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, row, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    free(row);

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
    CHECK_STR(b.partner_name, "");
    CHECK_STR(b.partner_national_id_masked, "");
    CHECK_INT(store_booking_find(st, "ABCDEFGH", "A123456789", &b, err, sizeof err), FH_OK);
    CHECK_INT(b.id, 7);
    CHECK_INT(store_booking_find(st, "ABCDEFGH", "B234567890", &b, err, sizeof err), FH_ENOTFOUND);

    /* The old booking's holder, named as a partner now, still holds it. */
    struct people pp;
    struct store_create_result res;
    struct store_new_booking req = *request(&pp, "marriage", THU_1200, 1, 9);
    req.partner_national_id = "A123456789";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(res.refusal, SCHED_DUPLICATE_BOOKING);
    CHECK(res.partner_refused);
    CHECK_INT(book(st, office, cal, "marriage", THU_1200, 1, 2).r, FH_OK);
    store_close(st);

    /* Finding a person's bookings as partner costs what it does as holder. */
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    char *plan = query_plan(db, "SELECT id FROM booking WHERE partner = ?1");
    CHECK(strstr(plan, "INDEX booking_partner (partner=?)") != NULL);
    free(plan);
    plan = query_plan(db, "SELECT id FROM booking WHERE person IN (?1, ?2)"
                          " OR partner IN (?1, ?2)");
    if (strstr(plan, "booking_person") == NULL || strstr(plan, "booking_partner") == NULL) {
        printf("plan: %s\n", plan);
        check_failures++;
    }
    free(plan);
    sqlite3_close(db);
    remove_db(path);
    free(path);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_store_partner.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    fh_log_set_level(FH_LOG_WARN);
    struct sched_office *office = make_office();
    struct sched_calendar *cal = sched_calendar_create();

    test_stored(office, cal);
    test_one_place(office, cal);
    test_limits(office, cal);
    test_invalid(office, cal);
    test_find(office, cal);
    test_migrate_from_5(office, cal);

    rmdir(tmpdir);
    sched_calendar_free(cal);
    sched_office_free(office);
    return check_result();
}
