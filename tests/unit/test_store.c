/* test_store.c: the SQLite store against real database files in a scratch
 * directory: migrations and re-open, the booking life cycle, idempotency,
 * the last place raced by many threads, the per-service safety net, and
 * every failure point of a transaction via the step fault hook. "now" is
 * always passed in, never read from the clock. */
#include "store/store.h"
#include "common/fh_hash.h"
#include "tests/unit/check.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

/* ---- fixtures ------------------------------------------------------------- */

static const char *const all_services[] = {"marriage", "name_change", "seal_change"};
static const char *const saturday_services[] = {"marriage"};

/* A small office: noon on working days (three counters, 30-minute slots,
 * seal_change takes two), Saturday mornings for marriages (two counters,
 * pending until a manager confirms). */
static struct sched_office *make_office(const char *id, int per_day, int per_service)
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
            .weekdays = 0x3Eu, /* Monday to Friday */
            .date = FH_NO_DAY,
            .start = 12 * 60,
            .end = 13 * 60 + 30,
            .slot_minutes = 30,
            .services = (const char **)all_services,
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
        .per_person_per_day = per_day,
        .per_person_per_service = per_service,
        /* Only a completion through store_booking_set_status_at() with
         * the office queues the survey: the other tests' complete none. */
        .satisfaction_survey = true,
    };
    char err[FH_ERR_LEN] = "";
    struct sched_office *office = sched_office_create(&spec, err, sizeof err);
    if (office == NULL)
        fh_fatal("test office: %s", err);
    return office;
}

/* Monday 2025-03-03 09:00 is "now"; Wednesday's noon slots are bookable. */
static fh_minute at(int y, int m, int d, int hh, int mm)
{
    return (fh_minute)fh_day_from_ymd(y, m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}
#define NOW       at(2025, 3, 3, 9, 0)
#define WED_1200  at(2025, 3, 5, 12, 0)
#define WED_1230  at(2025, 3, 5, 12, 30)
#define WED_1300  at(2025, 3, 5, 13, 0)
#define THU_1200  at(2025, 3, 6, 12, 0)
#define SAT_0800  at(2025, 3, 8, 8, 0)
#define WEDNESDAY fh_day_from_ymd(2025, 3, 5)

static char *reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)arg;
    return fh_asprintf("{\"code\":\"%s\",\"status\":\"%s\",\"manage_token\":\"%s\"}", b->code,
                       store_status_name(b->status), token);
}

static char *reply_null(const struct store_booking *b, const char *token, void *arg)
{
    (void)b;
    (void)token;
    (void)arg;
    return NULL;
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

static struct store *open_fresh(const char *name, char **path_out)
{
    char *path = db_path(name);
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    remove_db(path);
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    if (path_out != NULL)
        *path_out = path;
    else
        free(path);
    return st;
}

/* A request of person n: national IDs differ only by n. */
struct req_buf {
    char id[16];
    struct store_new_booking req;
};

static const struct store_new_booking *request(struct req_buf *rb, const char *service,
                                               fh_minute start, int person)
{
    snprintf(rb->id, sizeof rb->id, "A1%08d", person);
    rb->req = (struct store_new_booking){
        .office = "test-office",
        .service = service,
        .start = start,
        .name = "王小明",
        .national_id = rb->id,
        .phone = "+886912345678",
        .email = "person@example.org",
        .lang = "zh-TW",
        .resident = true,
    };
    return &rb->req;
}

/* Books and returns the result; the body is freed, the token kept. */
static fh_result book(struct store *st, const struct sched_office *office,
                      const struct sched_calendar *cal, const char *service, fh_minute start,
                      int person, struct store_booking *out, char token[STORE_TOKEN_LEN + 1],
                      enum sched_refusal *refusal)
{
    struct req_buf rb;
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    fh_result r = store_booking_create(st, office, cal, request(&rb, service, start, person), NOW,
                                       NULL, NULL, reply_json, NULL, &res, err, sizeof err);
    if (out != NULL)
        *out = res.booking;
    if (refusal != NULL)
        *refusal = res.refusal;
    if (token != NULL) {
        token[0] = '\0';
        const char *t = res.body ? strstr(res.body, "\"manage_token\":\"") : NULL;
        if (t != NULL)
            snprintf(token, STORE_TOKEN_LEN + 1, "%s", t + strlen("\"manage_token\":\""));
    }
    free(res.body);
    return r;
}

static size_t day_count(struct store *st, const char *office, fh_day day)
{
    struct store_booking *list;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_bookings_of_day(st, office, day, &list, &n, err, sizeof err) != FH_OK)
        fh_fatal("bookings_of_day: %s", err);
    free(list);
    return n;
}

/* The places taken on days first..last: the store's entries may each
 * stand for several bookings. */
static size_t occupancy_count(struct store *st, const struct sched_office *office, fh_day first,
                              fh_day last)
{
    struct sched_booking *list;
    size_t n, places = 0;
    char err[FH_ERR_LEN] = "";
    if (store_occupancy(st, office, first, last, &list, &n, err, sizeof err) != FH_OK)
        fh_fatal("occupancy: %s", err);
    for (size_t i = 0; i < n; i++)
        places += (size_t)list[i].places;
    free(list);
    return places;
}

/* What another thread reads, for the isolation of a group. */
struct reader_arg {
    struct store *st;
    const struct sched_office *office;
    fh_day day;
    size_t count;
};

static void *read_elsewhere(void *p)
{
    struct reader_arg *a = p;
    a->count = occupancy_count(a->st, a->office, a->day, a->day);
    return NULL;
}

static size_t occupancy_from_another_thread(struct store *st, const struct sched_office *office,
                                            fh_day day)
{
    struct reader_arg a = {st, office, day, 0};
    pthread_t t;
    if (pthread_create(&t, NULL, read_elsewhere, &a) != 0)
        fh_fatal("pthread_create failed");
    pthread_join(t, NULL);
    return a.count;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_migrations(struct sched_office *office, struct sched_calendar *cal)
{
    char *path;
    char err[FH_ERR_LEN] = "";
    struct store *st = open_fresh("migrate.db", &path);
    CHECK_INT(store_schema_version(st), 19);
    struct store_booking b;
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &b, NULL, NULL), FH_OK);
    store_close(st);

    /* Re-opening applies nothing, keeps the rows and the person secret: the
     * same person is still recognised. */
    st = NULL;
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    CHECK(st != NULL);
    if (st != NULL) {
        CHECK_INT(store_schema_version(st), 19);
        struct store_booking again;
        CHECK_INT(store_booking_get(st, b.code, NULL, &again, err, sizeof err), FH_OK);
        CHECK_STR(again.code, b.code);
        enum sched_refusal refusal;
        CHECK_INT(book(st, office, cal, "marriage", THU_1200, 1, NULL, NULL, &refusal),
                  FH_EREFUSED);
        CHECK_INT(refusal, SCHED_DUPLICATE_BOOKING);
        store_close(st);
    }

    /* A file that is not a database is refused with the store's error. */
    char *junk = db_path("junk.db");
    FILE *f = fopen(junk, "w");
    if (f != NULL) {
        fputs("this is not an SQLite database, not even close, no header at all\n", f);
        fclose(f);
    }
    err[0] = '\0';
    st = NULL;
    CHECK_INT(store_open(junk, &st, err, sizeof err), FH_EDB);
    CHECK(st == NULL);
    CHECK(strstr(err, "store:") != NULL);
    remove_db(junk);
    free(junk);

    /* An in-memory database works too (readers share the writer). */
    CHECK_INT(store_open(":memory:", &st, err, sizeof err), FH_OK);
    if (st != NULL) {
        CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, NULL, NULL, NULL), FH_OK);
        CHECK_INT(day_count(st, "test-office", WEDNESDAY), 1);
        store_close(st);
    }
    remove_db(path);
    free(path);
}

static void test_create_and_get(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("create.db", NULL);
    struct store_booking b, got;
    char token[STORE_TOKEN_LEN + 1], err[FH_ERR_LEN] = "";

    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &b, token, NULL), FH_OK);
    CHECK(b.id > 0);
    CHECK_INT(strlen(b.code), STORE_CODE_LEN);
    CHECK_INT(strspn(b.code, "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"), STORE_CODE_LEN);
    CHECK_INT(strlen(token), STORE_TOKEN_LEN);
    CHECK_INT(strspn(token, "0123456789abcdef"), STORE_TOKEN_LEN);
    CHECK_STR(b.office, "test-office");
    CHECK_STR(b.service, "marriage");
    CHECK_STR(b.window, "noon");
    CHECK_INT(b.start, WED_1200);
    CHECK_INT(b.end, WED_1230);
    CHECK_INT(b.minutes, 30);
    CHECK_INT(b.status, STORE_CONFIRMED);
    CHECK_STR(b.national_id_masked, "A******001");
    CHECK_INT(b.sequence, 0);
    CHECK_INT(b.created_at, fh_utc_from_local(NOW, 480));

    CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.code, b.code);
    CHECK_STR(got.name, "王小明");
    CHECK_STR(got.phone, "+886912345678");
    CHECK_STR(got.email, "person@example.org");
    CHECK_STR(got.lang, "zh-TW");
    CHECK_STR(got.national_id_masked, "A******001");
    CHECK_INT(got.start, b.start);
    CHECK_INT(got.end, b.end);
    CHECK_INT(got.status, STORE_CONFIRMED);
    CHECK_INT(got.created_at, b.created_at);

    /* Codes are read over the phone: lower case finds the booking too. */
    char lower[STORE_CODE_LEN + 1];
    for (int i = 0; i <= STORE_CODE_LEN; i++)
        lower[i] = (char)(b.code[i] >= 'A' && b.code[i] <= 'Z' ? b.code[i] + 32 : b.code[i]);
    CHECK_INT(store_booking_get(st, lower, token, &got, err, sizeof err), FH_OK);
    /* Managers look up without a token. */
    CHECK_INT(store_booking_get(st, b.code, NULL, &got, err, sizeof err), FH_OK);

    /* A wrong token, one digit off, a truncated one, an empty one. */
    char wrong[STORE_TOKEN_LEN + 1];
    memcpy(wrong, token, sizeof wrong);
    wrong[STORE_TOKEN_LEN - 1] = wrong[STORE_TOKEN_LEN - 1] == '0' ? '1' : '0';
    err[0] = '\0';
    CHECK_INT(store_booking_get(st, b.code, wrong, &got, err, sizeof err), FH_EAUTH);
    CHECK_STR(got.code, "");
    CHECK_INT(store_booking_get(st, b.code, "abc", &got, err, sizeof err), FH_EAUTH);
    CHECK_INT(store_booking_get(st, b.code, "", &got, err, sizeof err), FH_EAUTH);
    /* Upper-case hex is not the token that was handed out. */
    char upper[STORE_TOKEN_LEN + 1];
    for (int i = 0; i <= STORE_TOKEN_LEN; i++)
        upper[i] = (char)(token[i] >= 'a' && token[i] <= 'f' ? token[i] - 32 : token[i]);
    if (strcmp(upper, token) != 0)
        CHECK_INT(store_booking_get(st, b.code, upper, &got, err, sizeof err), FH_EAUTH);

    CHECK_INT(store_booking_get(st, "ZZZZZZZZ", token, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_get(st, "0OIL1234", token, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_get(st, "SHORT", token, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_get(st, "", token, &got, err, sizeof err), FH_ENOTFOUND);

    /* A Saturday booking waits for a manager. */
    CHECK_INT(book(st, office, cal, "marriage", SAT_0800, 2, &b, NULL, NULL), FH_OK);
    CHECK_INT(b.status, STORE_PENDING);
    CHECK_STR(b.window, "saturday");

    /* A service covering two slots ends two slots later. */
    CHECK_INT(book(st, office, cal, "seal_change", WED_1230, 3, &b, NULL, NULL), FH_OK);
    CHECK_INT(b.end, at(2025, 3, 5, 13, 30));
    CHECK_INT(b.minutes, 60);

    /* The scheduler's refusals come through untouched. */
    enum sched_refusal refusal;
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 5, 12, 10), 4, NULL, NULL, &refusal),
              FH_EREFUSED);
    CHECK_INT(refusal, SCHED_NOT_A_SLOT);
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 3, 12, 0), 4, NULL, NULL, &refusal),
              FH_EREFUSED);
    CHECK_INT(refusal, SCHED_CUTOFF_PASSED);
    CHECK_INT(book(st, office, cal, "name_change", WED_1230, 1, NULL, NULL, &refusal), FH_EREFUSED);
    CHECK_INT(refusal, SCHED_DAILY_LIMIT);

    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 2);
    CHECK_INT(day_count(st, "other-office", WEDNESDAY), 0);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY + 3), 3);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY + 1, WEDNESDAY + 2), 0);
    store_close(st);
}

static void test_invalid_requests(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("invalid.db", NULL);
    struct req_buf rb;
    struct store_create_result res;
    char err[FH_ERR_LEN];
    uint8_t hash[32] = {0};
    struct store_new_booking req;

    req = *request(&rb, "marriage", WED_1200, 1);
    req.national_id = "A12";
    err[0] = '\0';
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);
    CHECK(strstr(err, "national_id") != NULL);
    CHECK(res.body == NULL);

    req = *request(&rb, "passport", WED_1200, 1);
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);
    req = *request(&rb, "marriage", WED_1200, 1);
    req.office = "elsewhere";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);
    req = *request(&rb, "marriage", WED_1200, 1);
    req.phone = "+8869123456789012345678";
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);
    req = *request(&rb, "marriage", WED_1200, 1);
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, "key", NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, "", hash, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_EINVAL);

    /* No body from the reply callback: nothing is stored. */
    err[0] = '\0';
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, "key", hash, reply_null, NULL, &res,
                                   err, sizeof err),
              FH_EINTERNAL);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 0);

    /* Missing phone or e-mail are stored empty. */
    req.email = NULL;
    CHECK_INT(store_booking_create(st, office, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res,
                                   err, sizeof err),
              FH_OK);
    CHECK_STR(res.booking.email, "");
    free(res.body);
    store_close(st);
}

static void test_idempotency(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("idem.db", NULL);
    struct req_buf rb;
    struct store_create_result first, again, other;
    char err[FH_ERR_LEN] = "";
    uint8_t body[32], body2[32];
    memset(body, 0x11, sizeof body);
    memset(body2, 0x22, sizeof body2);
    const struct store_new_booking *req = request(&rb, "marriage", WED_1200, 1);

    CHECK_INT(store_booking_create(st, office, cal, req, NOW, "key-1", body, reply_json, NULL,
                                   &first, err, sizeof err),
              FH_OK);
    CHECK(!first.replayed);
    CHECK_INT(first.http_status, 201);

    /* The same key and body, even a minute later, give the very same answer. */
    CHECK_INT(store_booking_create(st, office, cal, req, NOW + 1, "key-1", body, reply_json, NULL,
                                   &again, err, sizeof err),
              FH_OK);
    CHECK(again.replayed);
    CHECK_INT(again.http_status, 201);
    CHECK_STR(again.body, first.body);
    CHECK_STR(again.booking.code, first.booking.code);
    CHECK_INT(again.booking.id, first.booking.id);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 1);

    /* The token of the replayed answer opens the booking. */
    const char *t = strstr(again.body, "\"manage_token\":\"");
    char token[STORE_TOKEN_LEN + 1] = "";
    if (t != NULL)
        snprintf(token, sizeof token, "%s", t + strlen("\"manage_token\":\""));
    struct store_booking got;
    CHECK_INT(store_booking_get(st, first.booking.code, token, &got, err, sizeof err), FH_OK);

    /* Neither the token (kept hashed, and encrypted in the stored answer) nor
     * the national ID (kept as a keyed hash, its mask sealed) is anywhere on
     * disk. */
    char *path = db_path("idem.db");
    CHECK(!file_contains(path, token));
    CHECK(!file_contains(path, rb.id));
    CHECK(!file_contains(path, "A******001"));
    CHECK(!file_contains(path, "王小明"));
    free(path);

    /* The same key with another body is a conflict, and nothing is booked. */
    err[0] = '\0';
    CHECK_INT(store_booking_create(st, office, cal, request(&rb, "marriage", WED_1230, 2), NOW,
                                   "key-1", body2, reply_json, NULL, &other, err, sizeof err),
              FH_ECONFLICT);
    CHECK(other.body == NULL);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 1);

    /* A replay shows the booking as it is now. */
    CHECK_INT(store_booking_cancel(st, first.booking.code, token, NOW + 2, &got, err, sizeof err),
              FH_OK);
    free(again.body);
    CHECK_INT(store_booking_create(st, office, cal, req, NOW + 3, "key-1", body, reply_json, NULL,
                                   &again, err, sizeof err),
              FH_OK);
    CHECK(again.replayed);
    CHECK_INT(again.booking.status, STORE_CANCELLED);
    CHECK_STR(again.body, first.body);
    free(again.body);

    /* After 24 hours the key is forgotten: the same key books anew. */
    fh_minute later = NOW + 24 * 60 + 1;
    CHECK_INT(store_booking_create(st, office, cal, request(&rb, "marriage", WED_1230, 3), later,
                                   "key-1", body, reply_json, NULL, &other, err, sizeof err),
              FH_OK);
    CHECK(!other.replayed);
    CHECK(strcmp(other.booking.code, first.booking.code) != 0);
    free(other.body);
    free(first.body);
    store_close(st);
}

/* Runs one statement on the database file at path (the store closed), with
 * blob, when given, bound to ?1. */
static void sql_run(const char *path, const char *sql, const void *blob, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    if (blob != NULL)
        sqlite3_bind_blob64(s, 1, blob, n, SQLITE_TRANSIENT);
    CHECK_INT(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

/* The stored answer of the only idempotency row. */
static size_t stored_answer(const char *path, uint8_t *out, size_t cap)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT response FROM idempotency", -1, &s, NULL), SQLITE_OK);
    if (sqlite3_step(s) == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(s, 0);
        n = (size_t)sqlite3_column_bytes(s, 0);
        if (n > cap)
            n = cap;
        if (n > 0)
            memcpy(out, blob, n);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

/* A stored answer that does not open (written by an older flexhours, whose
 * stream cipher kept it as long as the body, or altered) is never replayed,
 * and the request it answered is not booked again either. */
static void test_idempotency_unopenable(struct sched_office *office, struct sched_calendar *cal)
{
    char *path;
    struct store *st = open_fresh("idem-old.db", &path);
    struct req_buf rb;
    struct store_create_result first, again;
    char err[FH_ERR_LEN] = "";
    uint8_t body[32];
    memset(body, 0x33, sizeof body);
    const struct store_new_booking *req = request(&rb, "marriage", WED_1200, 1);
    CHECK_INT(store_booking_create(st, office, cal, req, NOW, "key-old", body, reply_json, NULL,
                                   &first, err, sizeof err),
              FH_OK);
    store_close(st);

    /* Stored as nonce || ciphertext || tag. */
    uint8_t sealed[1024], changed[1024];
    size_t len = stored_answer(path, sealed, sizeof sealed);
    CHECK_INT(len, strlen(first.body) + FH_AEAD_OVERHEAD);

    for (int how = 0; how < 4; how++) {
        memcpy(changed, sealed, len);
        if (how == 0) { /* the old format: the body XORed with a key stream */
            for (size_t i = 0; i < strlen(first.body); i++)
                changed[i] = (uint8_t)first.body[i] ^ 0x5a;
            sql_run(path, "UPDATE idempotency SET response = ?1", changed, strlen(first.body));
        } else if (how == 1) { /* one bit of the ciphertext */
            changed[FH_AEAD_NONCE_LEN + 3] ^= 0x04;
            sql_run(path, "UPDATE idempotency SET response = ?1", changed, len);
        } else if (how == 2) { /* too short to hold a tag */
            sql_run(path, "UPDATE idempotency SET response = ?1", changed, FH_AEAD_OVERHEAD - 1);
        } else { /* the answer intact, its status changed beside it */
            sql_run(path, "UPDATE idempotency SET response = ?1, http_status = 200", sealed, len);
        }
        st = NULL;
        CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
        if (st == NULL)
            break;
        err[0] = '\0';
        CHECK_INT(store_booking_create(st, office, cal, req, NOW + 1, "key-old", body, reply_json,
                                       NULL, &again, err, sizeof err),
                  FH_ECONFLICT);
        CHECK(strstr(err, "no longer be replayed") != NULL);
        CHECK(again.body == NULL);
        CHECK(!again.replayed);
        CHECK_INT(day_count(st, "test-office", WEDNESDAY), 1);
        store_close(st);
    }

    /* Put back as it was, the answer replays again. */
    sql_run(path, "UPDATE idempotency SET response = ?1, http_status = 201", sealed, len);
    st = NULL;
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    if (st != NULL) {
        CHECK_INT(store_booking_create(st, office, cal, req, NOW + 2, "key-old", body, reply_json,
                                       NULL, &again, err, sizeof err),
                  FH_OK);
        CHECK(again.replayed);
        CHECK_STR(again.body, first.body);
        free(again.body);
        store_close(st);
    }
    free(first.body);
    free(path);
}

/* ---- the race for the last places ----------------------------------------- */

#define RACE_THREADS  8
#define RACE_ATTEMPTS 50

struct racer {
    struct store *st;
    const struct sched_office *office;
    const struct sched_calendar *cal;
    int index;
    const char *key; /* all racers send the same idempotency key, or NULL */
    int ok, full, replayed, other;
    char code[STORE_CODE_LEN + 1];
};

static void *race(void *arg)
{
    struct racer *r = arg;
    uint8_t body[32];
    memset(body, 0x5a, sizeof body);
    for (int i = 0; i < RACE_ATTEMPTS; i++) {
        struct req_buf rb;
        struct store_create_result res;
        char err[FH_ERR_LEN] = "";
        int person = r->key ? 42 : r->index * 1000 + i;
        fh_result rc = store_booking_create(
            r->st, r->office, r->cal, request(&rb, "marriage", WED_1200, person), NOW, r->key,
            r->key ? body : NULL, reply_json, NULL, &res, err, sizeof err);
        if (rc == FH_OK && res.replayed)
            r->replayed++;
        else if (rc == FH_OK)
            r->ok++;
        else if (rc == FH_EREFUSED && res.refusal == SCHED_SLOT_FULL)
            r->full++;
        else
            r->other++;
        if (rc == FH_OK)
            snprintf(r->code, sizeof r->code, "%s", res.booking.code);
        free(res.body);
        /* Readers run beside the writer, and never see more places taken
         * than there are. */
        struct sched_booking *occ = NULL;
        size_t n = 0;
        int places = 0;
        if (store_occupancy(r->st, r->office, WEDNESDAY, WEDNESDAY, &occ, &n, err, sizeof err) !=
            FH_OK)
            r->other++;
        for (size_t k = 0; k < n; k++)
            places += occ[k].places;
        if (places > 3)
            r->other++;
        free(occ);
    }
    return NULL;
}

static void run_race(struct store *st, const struct sched_office *office,
                     const struct sched_calendar *cal, const char *key, struct racer *racers)
{
    pthread_t threads[RACE_THREADS];
    for (int t = 0; t < RACE_THREADS; t++) {
        racers[t] = (struct racer){.st = st, .office = office, .cal = cal, .index = t, .key = key};
        pthread_create(&threads[t], NULL, race, &racers[t]);
    }
    for (int t = 0; t < RACE_THREADS; t++)
        pthread_join(threads[t], NULL);
}

static void test_capacity_race(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("race.db", NULL);
    struct racer racers[RACE_THREADS];
    run_race(st, office, cal, NULL, racers);
    int ok = 0, full = 0, other = 0;
    for (int t = 0; t < RACE_THREADS; t++) {
        ok += racers[t].ok;
        full += racers[t].full;
        other += racers[t].other;
    }
    CHECK_INT(ok, 3);
    CHECK_INT(full, RACE_THREADS * RACE_ATTEMPTS - 3);
    CHECK_INT(other, 0);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 3);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY), 3);
    store_close(st);

    /* One key sent by every thread at once books exactly once. */
    st = open_fresh("race-key.db", NULL);
    run_race(st, office, cal, "same-key", racers);
    int replayed = 0;
    ok = other = 0;
    for (int t = 0; t < RACE_THREADS; t++) {
        ok += racers[t].ok;
        replayed += racers[t].replayed;
        other += racers[t].other;
        CHECK_STR(racers[t].code, racers[0].code);
    }
    CHECK_INT(ok, 1);
    CHECK_INT(replayed, RACE_THREADS * RACE_ATTEMPTS - 1);
    CHECK_INT(other, 0);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 1);
    store_close(st);
}

static void test_duplicate(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("dup.db", NULL);
    enum sched_refusal refusal;
    struct store_booking b;
    char token[STORE_TOKEN_LEN + 1], err[FH_ERR_LEN] = "";

    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 7, &b, token, NULL), FH_OK);
    /* The scheduler refuses a second active marriage booking... */
    CHECK_INT(book(st, office, cal, "marriage", THU_1200, 7, NULL, NULL, &refusal), FH_EREFUSED);
    CHECK_INT(refusal, SCHED_DUPLICATE_BOOKING);
    /* ...but another service is fine on another day. */
    CHECK_INT(book(st, office, cal, "name_change", THU_1200, 7, NULL, NULL, NULL), FH_OK);

    /* An office configured with no limit takes a second one: the limit is
     * the office's, not the schema's. */
    struct sched_office *lax = make_office("lax-office", 0, 0);
    struct req_buf rb;
    struct store_new_booking req = *request(&rb, "marriage", THU_1200, 7);
    req.office = "lax-office";
    struct store_create_result res;
    CHECK_INT(store_booking_create(st, lax, cal, &req, NOW, NULL, NULL, reply_json, NULL, &res, err,
                                   sizeof err),
              FH_OK);
    free(res.body);
    CHECK_INT(day_count(st, "lax-office", THU_1200 / FH_MINUTES_PER_DAY), 1);

    /* Cancelling the first marriage does not free the person to book
     * another here: the one at the other office counts too. */
    CHECK_INT(store_booking_cancel(st, b.code, token, NOW, &b, err, sizeof err), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 7, 12, 0), 7, NULL, NULL, &refusal),
              FH_EREFUSED);
    CHECK_INT(refusal, SCHED_DUPLICATE_BOOKING);
    /* Another person books it. */
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 7, 12, 0), 8, NULL, NULL, NULL), FH_OK);
    sched_office_free(lax);
    store_close(st);
}

static void test_cancel(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("cancel.db", NULL);
    struct store_booking b[3], got;
    char tokens[3][STORE_TOKEN_LEN + 1], err[FH_ERR_LEN] = "";
    enum sched_refusal refusal;

    for (int i = 0; i < 3; i++)
        CHECK_INT(book(st, office, cal, "marriage", WED_1200, 10 + i, &b[i], tokens[i], NULL),
                  FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 20, NULL, NULL, &refusal), FH_EREFUSED);
    CHECK_INT(refusal, SCHED_SLOT_FULL);

    CHECK_INT(store_booking_cancel(st, b[0].code, tokens[1], NOW, &got, err, sizeof err), FH_EAUTH);
    CHECK_INT(store_booking_cancel(st, "XXXXXXXX", tokens[0], NOW, &got, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_booking_cancel(st, b[0].code, tokens[0], NOW + 5, &got, err, sizeof err),
              FH_OK);
    CHECK_INT(got.status, STORE_CANCELLED);
    CHECK_INT(got.sequence, 1);
    CHECK_INT(got.updated_at, fh_utc_from_local(NOW + 5, 480));
    /* Again: still fine, and nothing changes. */
    CHECK_INT(store_booking_cancel(st, b[0].code, tokens[0], NOW + 9, &got, err, sizeof err),
              FH_OK);
    CHECK_INT(got.status, STORE_CANCELLED);
    CHECK_INT(got.sequence, 1);
    CHECK_INT(store_booking_get(st, b[0].code, tokens[0], &got, err, sizeof err), FH_OK);
    CHECK_INT(got.sequence, 1);
    CHECK_INT(got.updated_at, fh_utc_from_local(NOW + 5, 480));

    /* The place is free again. */
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 20, NULL, NULL, NULL), FH_OK);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY), 3);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 4);

    /* A booking checked in can no longer be cancelled. */
    CHECK_INT(
        store_booking_set_status(st, b[1].code, STORE_CHECKED_IN, "test", &got, err, sizeof err),
        FH_OK);
    err[0] = '\0';
    CHECK_INT(store_booking_cancel(st, b[1].code, tokens[1], NOW, &got, err, sizeof err),
              FH_ECONFLICT);
    CHECK(err[0] != '\0');
    /* A manager cancels without the token. */
    CHECK_INT(store_booking_cancel(st, b[2].code, NULL, NOW, &got, err, sizeof err), FH_OK);
    store_close(st);
}

static void test_reschedule(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("move.db", NULL);
    struct store_booking b, other, got;
    char token[STORE_TOKEN_LEN + 1], err[FH_ERR_LEN] = "";
    enum sched_refusal refusal;

    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &b, token, NULL), FH_OK);
    /* Fill 12:30 and put two others beside b at 12:00. */
    for (int i = 0; i < 3; i++)
        CHECK_INT(book(st, office, cal, "marriage", WED_1230, 10 + i, NULL, NULL, NULL), FH_OK);
    for (int i = 0; i < 2; i++)
        CHECK_INT(book(st, office, cal, "marriage", WED_1200, 20 + i, &other, NULL, NULL), FH_OK);

    /* Into the full slot: refused, and the booking is as it was. */
    err[0] = '\0';
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, WED_1230, NOW, &got,
                                       &refusal, err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(refusal, SCHED_SLOT_FULL);
    CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.start, WED_1200);
    CHECK_INT(got.sequence, 0);
    CHECK_INT(got.status, STORE_CONFIRMED);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY), 6);

    /* Onto its own place: nothing changes and nobody is told (a page
     * posted twice, a client retrying), not even the SEQUENCE. */
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, WED_1200, NOW, &got,
                                       &refusal, err, sizeof err),
              FH_OK);
    CHECK_INT(got.start, WED_1200);
    CHECK_INT(got.sequence, 0);

    /* To a free slot: moved in place, same code, sequence grows. */
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, WED_1300, NOW + 1, &got,
                                       &refusal, err, sizeof err),
              FH_OK);
    CHECK_INT(refusal, SCHED_OK);
    CHECK_STR(got.code, b.code);
    CHECK_INT(got.id, b.id);
    CHECK_INT(got.start, WED_1300);
    CHECK_INT(got.end, at(2025, 3, 5, 13, 30));
    CHECK_INT(got.sequence, 1);
    CHECK_INT(got.updated_at, fh_utc_from_local(NOW + 1, 480));
    CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.start, WED_1300);
    CHECK_INT(got.sequence, 1);
    /* The old place is free: a newcomer takes it. */
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 30, NULL, NULL, NULL), FH_OK);

    /* To Saturday: pending again, in the saturday window. */
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, SAT_0800, NOW, &got,
                                       &refusal, err, sizeof err),
              FH_OK);
    CHECK_INT(got.status, STORE_PENDING);
    CHECK_STR(got.window, "saturday");

    /* The scheduler's other refusals, the token, the office. */
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, at(2025, 3, 3, 12, 0), NOW,
                                       &got, &refusal, err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(refusal, SCHED_CUTOFF_PASSED);
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, "0123", THU_1200, NOW, &got,
                                       &refusal, err, sizeof err),
              FH_EAUTH);
    struct sched_office *elsewhere = make_office("elsewhere", 1, 1);
    CHECK_INT(store_booking_reschedule(st, elsewhere, cal, b.code, token, THU_1200, NOW, &got,
                                       &refusal, err, sizeof err),
              FH_EINVAL);
    sched_office_free(elsewhere);
    CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.start, SAT_0800);
    CHECK_INT(got.sequence, 2);

    /* A cancelled booking stays where it is. */
    CHECK_INT(store_booking_cancel(st, b.code, token, NOW, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, THU_1200, NOW, &got,
                                       &refusal, err, sizeof err),
              FH_ECONFLICT);
    store_close(st);
}

static void test_status(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("status.db", NULL);
    struct store_booking sat, wed, got;
    char err[FH_ERR_LEN] = "";

    CHECK_INT(book(st, office, cal, "marriage", SAT_0800, 1, &sat, NULL, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 2, &wed, NULL, NULL), FH_OK);
    CHECK_INT(sat.status, STORE_PENDING);

    static const struct {
        int which; /* 0: sat, 1: wed */
        enum store_status to;
        fh_result want;
    } steps[] = {
        {0, STORE_CHECKED_IN, FH_ECONFLICT}, {0, STORE_COMPLETED, FH_ECONFLICT},
        {0, STORE_CONFIRMED, FH_OK},         {0, STORE_CONFIRMED, FH_ECONFLICT},
        {0, STORE_PENDING, FH_ECONFLICT},    {0, STORE_CHECKED_IN, FH_OK},
        {0, STORE_NO_SHOW, FH_ECONFLICT},    {0, STORE_CANCELLED, FH_ECONFLICT},
        {0, STORE_COMPLETED, FH_OK},         {0, STORE_CONFIRMED, FH_ECONFLICT},
        {1, STORE_NO_SHOW, FH_OK},           {1, STORE_CONFIRMED, FH_ECONFLICT},
        {1, STORE_CHECKED_IN, FH_ECONFLICT},
    };
    enum store_status now_status[2] = {STORE_PENDING, STORE_CONFIRMED};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        const char *code = steps[i].which ? wed.code : sat.code;
        fh_result r =
            store_booking_set_status(st, code, steps[i].to, "test", &got, err, sizeof err);
        if (r != steps[i].want)
            printf("step %zu: %s -> %s gave %s\n", i, store_status_name(now_status[steps[i].which]),
                   store_status_name(steps[i].to), fh_strerror(r));
        CHECK_INT(r, steps[i].want);
        if (r == FH_OK) {
            CHECK_INT(got.status, steps[i].to);
            now_status[steps[i].which] = steps[i].to;
        }
        CHECK_INT(store_booking_get(st, code, NULL, &got, err, sizeof err), FH_OK);
        CHECK_INT(got.status, now_status[steps[i].which]);
    }
    CHECK_INT(
        store_booking_set_status(st, "NOPE2345", STORE_CONFIRMED, "test", &got, err, sizeof err),
        FH_ENOTFOUND);

    /* Only active statuses hold places: the store's SQL agrees with
     * store_status_active(). */
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY + 3), 0);
    CHECK(store_status_active(STORE_PENDING) && store_status_active(STORE_CONFIRMED) &&
          store_status_active(STORE_CHECKED_IN));
    CHECK(!store_status_active(STORE_CANCELLED) && !store_status_active(STORE_COMPLETED) &&
          !store_status_active(STORE_NO_SHOW));
    struct store_booking c;
    CHECK_INT(book(st, office, cal, "marriage", THU_1200, 3, &c, NULL, NULL), FH_OK);
    CHECK_INT(store_booking_set_status(st, c.code, STORE_CHECKED_IN, "test", &got, err, sizeof err),
              FH_OK);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY + 3), 1);
    CHECK_STR(store_status_name(STORE_NO_SHOW), "no_show");
    CHECK_STR(store_status_name(STORE_CHECKED_IN), "checked_in");
    store_close(st);
}

/* After the visit: the resident claim and the needs stored (the needs
 * sealed, not in the file), the survey queued by a completion, answered
 * once with the token, its figures, and an erasure that empties the needs
 * and unlinks the answer while the figures keep it. */
static void test_visit(struct sched_office *office, struct sched_calendar *cal)
{
    char *path;
    struct store *st = open_fresh("visit.db", &path);
    char err[FH_ERR_LEN] = "";
    struct req_buf rb;
    request(&rb, "name_change", WED_1200, 41);
    rb.req.needs = (struct sched_needs){true, false, SCHED_INTERPRETER_THAI};
    struct store_create_result res;
    CHECK_INT(store_booking_create(st, office, cal, &rb.req, NOW, NULL, NULL, reply_json, NULL,
                                   &res, err, sizeof err),
              FH_OK);
    char token[STORE_TOKEN_LEN + 1] = "";
    const char *t = res.body ? strstr(res.body, "\"manage_token\":\"") : NULL;
    if (t != NULL)
        snprintf(token, sizeof token, "%s", t + strlen("\"manage_token\":\""));
    free(res.body);
    const char *code = res.booking.code;
    struct store_booking got;
    CHECK_INT(store_booking_get(st, code, NULL, &got, err, sizeof err), FH_OK);
    CHECK(got.resident);
    CHECK(got.needs.wheelchair && !got.needs.priority_counter);
    CHECK_INT(got.needs.interpreter, SCHED_INTERPRETER_THAI);
    CHECK(!file_contains(path, "interpreter=th") && !file_contains(path, "wheelchair"));

    struct store_survey_answer a = {4, 5, 3, "排隊有點久，但人員很親切"};
    enum sched_survey why;
    fh_minute after = WED_1300;
    CHECK_INT(store_survey_save(st, office, code, token, &a, after, &why, err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(why, SCHED_SURVEY_NOT_COMPLETE);
    CHECK_INT(store_booking_set_status(st, code, STORE_CHECKED_IN, "test", &got, err, sizeof err),
              FH_OK);
    CHECK_INT(store_booking_set_status_at(st, office, code, STORE_COMPLETED, "test", &got, NULL,
                                          err, sizeof err),
              FH_OK);
    struct store_message *m;
    size_t n, surveys = 0;
    CHECK_INT(store_outbox_list(st, -1, 100, &m, &n, err, sizeof err), FH_OK);
    for (size_t i = 0; i < n; i++)
        surveys += m[i].kind == STORE_MSG_SURVEY && strcmp(m[i].code, code) == 0;
    free(m);
    CHECK_INT(surveys, 2); /* e-mail and SMS */

    CHECK_INT(store_survey_save(st, office, code, "0123456789abcdef0123456789abcdef", &a, after,
                                &why, err, sizeof err),
              FH_EAUTH);
    CHECK_INT(store_survey_save(st, office, code, token, &a, after, &why, err, sizeof err), FH_OK);
    bool answered = false;
    CHECK_INT(store_survey_answered(st, got.id, &answered, err, sizeof err), FH_OK);
    CHECK(answered);
    CHECK_INT(store_survey_save(st, office, code, token, &a, after, &why, err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(why, SCHED_SURVEY_ANSWERED);

    struct store_satisfaction *avg;
    struct store_survey_comment *notes;
    CHECK_INT(store_satisfaction(st, "test-office", WEDNESDAY - 7, WEDNESDAY + 7, &avg, &n, err,
                                 sizeof err),
              FH_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(avg[0].month, 202503);
        CHECK_STR(avg[0].window, "noon");
        CHECK_INT(avg[0].answers, 1);
        CHECK(avg[0].waiting == 4.0 && avg[0].courtesy == 5.0 && avg[0].overall == 3.0);
    }
    free(avg);
    CHECK_INT(store_survey_comments(st, "test-office", WEDNESDAY, WEDNESDAY, 10, &notes, &n, err,
                                    sizeof err),
              FH_OK);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_STR(notes[0].comment, a.comment);
    free(notes);

    struct store_erased erased;
    CHECK_INT(store_erase_booking(st, code, 1741000000, "test", &erased, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(st, code, NULL, &got, err, sizeof err), FH_OK);
    CHECK(!sched_needs_any(&got.needs));
    CHECK_INT(store_survey_answered(st, got.id, &answered, err, sizeof err), FH_OK);
    CHECK(!answered); /* unlinked from the booking */
    CHECK_INT(
        store_satisfaction(st, "test-office", WEDNESDAY, WEDNESDAY, &avg, &n, err, sizeof err),
        FH_OK);
    CHECK_INT(n == 1 ? avg[0].answers : 0, 1); /* the figures keep it */
    free(avg);
    CHECK_INT(store_survey_save(st, office, code, token, &a, after, &why, err, sizeof err),
              FH_EREFUSED);
    CHECK_INT(why, SCHED_SURVEY_CLOSED);
    store_close(st);
    free(path);
}

/* Seals plain (the fields of a booking as store_keys.c lays them out)
 * into the pii of code, as the store's current key does: written from the
 * key file's documented format (docs/store.md), not by the store. */
static void seal_by_hand(const char *path, const char *code, const uint8_t *plain, size_t n)
{
    char *key_path = fh_asprintf("%s.key", path);
    FILE *f = fopen(key_path, "r");
    free(key_path);
    char line[256], hex[65] = "";
    int current = 0, id = 0;
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char h[65];
        if (sscanf(line, "current %d", &current) == 1)
            continue;
        if (sscanf(line, "key %d %64s", &id, h) == 2)
            snprintf(hex, sizeof hex, "%s", h);
    }
    if (f != NULL)
        fclose(f);
    uint8_t master[32], data_key[32];
    for (int i = 0; i < 32 && strlen(hex) == 64; i++)
        sscanf(hex + 2 * i, "%2hhx", &master[i]);
    fh_hmac_sha256(master, 32, "data-key:v1", strlen("data-key:v1"), data_key);
    uint8_t header[3] = {1, (uint8_t)(current >> 8), (uint8_t)current};
    char ad[64];
    memcpy(ad, header, 3);
    int adlen = 3 + snprintf(ad + 3, sizeof ad - 3, "booking-pii:%s", code);
    size_t len = 3 + n + FH_AEAD_OVERHEAD;
    uint8_t *blob = fh_malloc(len);
    memcpy(blob, header, 3);
    fh_aead_seal(data_key, ad, (size_t)adlen, plain, n, blob + 3);
    sqlite3 *db;
    sqlite3_stmt *st;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "UPDATE booking SET pii = ?1 WHERE code = ?2", -1, &st, NULL),
              SQLITE_OK);
    sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(blob);
}

/* The fields as length-prefixed strings, into out; returns the length. */
static size_t fields_plain(const char *const *fields, size_t count, uint8_t *out)
{
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(fields[i]);
        out[at++] = (uint8_t)(n >> 8);
        out[at++] = (uint8_t)n;
        memcpy(out + at, fields[i], n);
        at += n;
    }
    return at;
}

/* A booking sealed before the needs were (six fields) still opens, with
 * none; a seventh field that is no needs' text is damage. */
static void test_pii_before_needs(struct sched_office *office, struct sched_calendar *cal)
{
    char *path;
    struct store *st = open_fresh("oldpii.db", &path);
    struct store_booking b, got;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(book(st, office, cal, "name_change", WED_1230, 51, &b, NULL, NULL), FH_OK);
    store_close(st);

    uint8_t plain[512];
    const char *six[] = {"王小明", b.national_id_masked, "+886912345678", "person@example.org", "",
                         ""};
    seal_by_hand(path, b.code, plain, fields_plain(six, 6, plain));
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    CHECK_INT(store_booking_get(st, b.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.name, "王小明");
    CHECK_STR(got.email, "person@example.org");
    CHECK(!sched_needs_any(&got.needs));
    store_close(st);

    const char *seven[] = {
        "王小明", b.national_id_masked, "+886912345678", "person@example.org", "", "", "stairs"};
    seal_by_hand(path, b.code, plain, fields_plain(seven, 7, plain));
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    CHECK_INT(store_booking_get(st, b.code, NULL, &got, err, sizeof err), FH_EDB);
    CHECK(strstr(err, "needs are malformed") != NULL);
    store_close(st);
    free(path);
}

/* Fails the 1st, 2nd, ... SQLite step of each writing call in turn. Each
 * failure must leave the database as it was, report an error, leak
 * nothing, and release the write lock (the next call works). */
static void test_faults(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("faults.db", NULL);
    struct store_booking b, got;
    char token[STORE_TOKEN_LEN + 1], err[FH_ERR_LEN];
    uint8_t body[32];
    memset(body, 7, sizeof body);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &b, token, NULL), FH_OK);

    int failed_create = 0;
    for (long n = 1; n < 100; n++) {
        struct req_buf rb;
        struct store_create_result res;
        err[0] = '\0';
        store_test_fail_step(n);
        fh_result r =
            store_booking_create(st, office, cal, request(&rb, "marriage", WED_1230, 2), NOW,
                                 "fault-key", body, reply_json, NULL, &res, err, sizeof err);
        store_test_fail_step(0);
        if (r == FH_OK) {
            free(res.body);
            break;
        }
        failed_create++;
        CHECK(r == FH_EDB || r == FH_EBUSY);
        CHECK(err[0] != '\0');
        CHECK(res.body == NULL);
        CHECK_INT(day_count(st, "test-office", WEDNESDAY), 1);
    }
    CHECK(failed_create >= 5);
    CHECK_INT(day_count(st, "test-office", WEDNESDAY), 2);

    int failed_move = 0;
    for (long n = 1; n < 100; n++) {
        enum sched_refusal refusal;
        err[0] = '\0';
        store_test_fail_step(n);
        fh_result r = store_booking_reschedule(st, office, cal, b.code, token, WED_1300, NOW, &got,
                                               &refusal, err, sizeof err);
        store_test_fail_step(0);
        if (r == FH_OK)
            break;
        failed_move++;
        CHECK(err[0] != '\0');
        CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
        CHECK_INT(got.start, WED_1200);
        CHECK_INT(got.sequence, 0);
    }
    CHECK(failed_move >= 4);

    int failed_cancel = 0;
    for (long n = 1; n < 100; n++) {
        err[0] = '\0';
        store_test_fail_step(n);
        fh_result r = store_booking_cancel(st, b.code, token, NOW, &got, err, sizeof err);
        store_test_fail_step(0);
        if (r == FH_OK)
            break;
        failed_cancel++;
        CHECK(err[0] != '\0');
        CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
        CHECK_INT(got.status, STORE_CONFIRMED);
    }
    CHECK(failed_cancel >= 3);
    CHECK_INT(store_booking_get(st, b.code, token, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.status, STORE_CANCELLED);
    CHECK_INT(got.start, WED_1300);

    /* Reads fail cleanly too. */
    store_test_fail_step(1);
    struct store_booking *list = NULL;
    size_t n = 99;
    err[0] = '\0';
    CHECK_INT(store_bookings_of_day(st, "test-office", WEDNESDAY, &list, &n, err, sizeof err),
              FH_EDB);
    CHECK(list == NULL && n == 0);
    store_test_fail_step(0);
    store_close(st);
}

static void cleanup_tmpdir(void)
{
    if (tmpdir[0] != '\0')
        rmdir(tmpdir);
}

/* A group commit: bookings in savepoints of one transaction, a refused one
 * rolled back alone, nothing visible to readers before the commit. */
static void test_group(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("group.db", NULL);
    char err[FH_ERR_LEN] = "";
    enum sched_refusal refusal;
    CHECK_INT(store_group_begin(st, err, sizeof err), FH_OK);
    for (int person = 1; person <= 4; person++) {
        fh_result r = book(st, office, cal, "marriage", WED_1200, person, NULL, NULL, &refusal);
        /* The office's slot holds three: the fourth is full even though
         * nothing is committed yet. */
        CHECK_INT(r, person <= 3 ? FH_OK : FH_EREFUSED);
    }
    CHECK_INT(refusal, SCHED_SLOT_FULL);
    /* Other threads read nothing of it yet; the group's own thread reads
     * what it wrote. */
    CHECK_INT(occupancy_from_another_thread(st, office, WEDNESDAY), 0);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY), 3);
    CHECK_INT(store_group_commit(st, err, sizeof err), FH_OK);
    CHECK_INT(occupancy_count(st, office, WEDNESDAY, WEDNESDAY), 3);
    /* Outside a group, writes commit on their own again. */
    CHECK_INT(book(st, office, cal, "name_change", THU_1200, 9, NULL, NULL, NULL), FH_OK);
    CHECK_INT(
        occupancy_count(st, office, THU_1200 / FH_MINUTES_PER_DAY, THU_1200 / FH_MINUTES_PER_DAY),
        1);
    store_close(st);
}

/* The manage link's key opens the booking like its token; it is kept
 * nowhere, its key lives in the key file beside the database, mode 0600. */
static void test_link_key(struct sched_office *office, struct sched_calendar *cal)
{
    char *path;
    struct store *st = open_fresh("link.db", &path);
    struct store_booking a, b, got;
    char err[FH_ERR_LEN] = "", key_a[STORE_TOKEN_LEN + 1], key_b[STORE_TOKEN_LEN + 1];
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &a, NULL, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 2, &b, NULL, NULL), FH_OK);
    store_link_key(st, a.code, key_a);
    store_link_key(st, b.code, key_b);
    CHECK_INT(strlen(key_a), STORE_TOKEN_LEN);
    CHECK(strcmp(key_a, key_b) != 0);
    CHECK_INT(store_booking_get(st, a.code, key_a, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(st, a.code, key_b, &got, err, sizeof err), FH_EAUTH);
    store_close(st);
    CHECK(!file_contains(path, key_a));
    char *key_path = fh_asprintf("%s.key", path);
    struct stat sb;
    CHECK(stat(key_path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    /* Re-opened, the same key opens the same booking. */
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(st, a.code, key_a, &got, err, sizeof err), FH_OK);
    store_close(st);
    unlink(key_path);
    free(key_path);
    free(path);
}

/* Outbox rows as "kind/channel@YYYY-MM-DD HH:MM" (local) of a status. */
static char *outbox_text(struct store *st, int status)
{
    struct store_message *m;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_outbox_list(st, status, 100, &m, &n, err, sizeof err) != FH_OK)
        fh_fatal("outbox_list: %s", err);
    char *text = fh_strdup("");
    for (size_t i = n; i-- > 0;) { /* the list is newest first */
        char when[FH_TIME_LEN];
        fh_format_local(fh_local_from_utc(m[i].due_at, 480), 480, when);
        char *more = fh_asprintf("%s%s%s/%s@%.10s %.5s", text, *text ? ", " : "",
                                 store_msg_kind_name(m[i].kind), store_channel_name(m[i].channel),
                                 when, when + 11);
        free(text);
        text = more;
    }
    free(m);
    return text;
}

#define CHECK_OUTBOX(st, status, want)                                                             \
    do {                                                                                           \
        char *got_ = outbox_text(st, status);                                                      \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

/* Messages are queued with the change that causes them: the invite and its
 * SMS at once, reminders the evening before (e-mail) and two hours before
 * (SMS), moved with a reschedule, dropped with a cancellation. */
static void test_outbox(struct sched_office *office, struct sched_calendar *cal)
{
    struct store *st = open_fresh("outbox.db", NULL);
    struct store_booking b;
    char token[STORE_TOKEN_LEN + 1], err[FH_ERR_LEN] = "";
    int64_t now_utc = fh_utc_from_local(NOW, 480);

    CHECK_INT(book(st, office, cal, "marriage", WED_1200, 1, &b, token, NULL), FH_OK);
    CHECK_OUTBOX(st, STORE_MSG_QUEUED,
                 "confirmed/email@2025-03-03 09:00, confirmed/sms@2025-03-03 09:00, "
                 "reminder/email@2025-03-04 19:00, reminder/sms@2025-03-05 10:00");

    struct store_message *due;
    size_t n;
    CHECK_INT(store_outbox_due(st, now_utc, 10, &due, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(due[0].code, b.code);
        CHECK_INT(due[0].sequence, 0);
        CHECK_INT(due[0].booking_id, b.id);
        /* Sent, then retried later, then failed for good. */
        CHECK_INT(
            store_outbox_finish(st, due[0].id, STORE_MSG_SENT, NULL, now_utc, err, sizeof err),
            FH_OK);
        CHECK_INT(
            store_outbox_finish(st, due[0].id, STORE_MSG_SENT, NULL, now_utc, err, sizeof err),
            FH_ENOTFOUND); /* only a queued message can be finished */
        CHECK_INT(
            store_outbox_retry_at(st, due[1].id, now_utc + 60, "503 try later", err, sizeof err),
            FH_OK);
        free(due);
        CHECK_INT(store_outbox_due(st, now_utc, 10, &due, &n, err, sizeof err), FH_OK);
        CHECK_INT(n, 0);
        free(due);
        CHECK_INT(store_outbox_due(st, now_utc + 60, 10, &due, &n, err, sizeof err), FH_OK);
        CHECK_INT(n, 1);
        if (n == 1) {
            CHECK_INT(due[0].attempts, 1);
            CHECK_STR(due[0].last_error, "503 try later");
            CHECK_INT(store_outbox_finish(st, due[0].id, STORE_MSG_FAILED, "gateway refused",
                                          now_utc, err, sizeof err),
                      FH_OK);
            CHECK_INT(store_outbox_requeue(st, due[0].id, "test", now_utc + 120, err, sizeof err),
                      FH_OK);
            CHECK_INT(store_outbox_requeue(st, due[0].id, "test", now_utc + 120, err, sizeof err),
                      FH_ECONFLICT);
        }
        free(due);
    }
    CHECK_INT(store_outbox_requeue(st, 9999, "test", now_utc, err, sizeof err), FH_ENOTFOUND);
    /* The evening before, the e-mail reminder is due too. */
    CHECK_INT(store_outbox_due(st, fh_utc_from_local(at(2025, 3, 4, 19, 0), 480), 10, &due, &n, err,
                               sizeof err),
              FH_OK);
    CHECK_INT(n, 2); /* the requeued SMS and the reminder */
    free(due);

    /* A reschedule: the invite again, and the reminders move with it. */
    CHECK_INT(store_booking_reschedule(st, office, cal, b.code, token, THU_1200, NOW, &b, NULL, err,
                                       sizeof err),
              FH_OK);
    CHECK_OUTBOX(st, STORE_MSG_QUEUED,
                 "confirmed/sms@2025-03-03 09:02, rescheduled/email@2025-03-03 09:00, "
                 "rescheduled/sms@2025-03-03 09:00, reminder/email@2025-03-05 19:00, "
                 "reminder/sms@2025-03-06 10:00");
    CHECK_OUTBOX(st, STORE_MSG_DROPPED,
                 "reminder/email@2025-03-04 19:00, reminder/sms@2025-03-05 10:00");

    /* A cancellation: told at once, no reminder left. */
    CHECK_INT(store_booking_cancel(st, b.code, token, NOW, &b, err, sizeof err), FH_OK);
    CHECK_OUTBOX(st, STORE_MSG_QUEUED,
                 "confirmed/sms@2025-03-03 09:02, rescheduled/email@2025-03-03 09:00, "
                 "rescheduled/sms@2025-03-03 09:00, cancelled/email@2025-03-03 09:00, "
                 "cancelled/sms@2025-03-03 09:00");
    /* Cancelling again says nothing more. */
    CHECK_INT(store_booking_cancel(st, b.code, token, NOW, &b, err, sizeof err), FH_OK);
    char *queued = outbox_text(st, STORE_MSG_QUEUED);
    CHECK(strstr(queued, "reminder") == NULL);
    CHECK_INT(strlen(queued), strlen("confirmed/sms@2025-03-03 09:02, rescheduled/email@2025-03-03 "
                                     "09:00, rescheduled/sms@2025-03-03 09:00, "
                                     "cancelled/email@2025-03-03 09:00, cancelled/sms@2025-03-03 "
                                     "09:00"));
    free(queued);
    store_close(st);

    /* A Saturday booking waits for a manager: "received" at once, the invite
     * and the reminders when confirmed. */
    st = open_fresh("outbox.db", NULL);
    /* set_status reads the one clock: pin it to the test's "now". */
    setenv("FLEXHOURS_NOW", "2025-03-03T09:00:00+08:00", 1);
    CHECK(fh_clock_init() == NULL);
    CHECK_INT(book(st, office, cal, "marriage", SAT_0800, 2, &b, NULL, NULL), FH_OK);
    CHECK_INT(b.status, STORE_PENDING);
    CHECK_OUTBOX(st, STORE_MSG_QUEUED,
                 "pending/email@2025-03-03 09:00, pending/sms@2025-03-03 09:00");
    CHECK_INT(store_booking_set_status(st, b.code, STORE_CONFIRMED, "test", &b, err, sizeof err),
              FH_OK);
    /* The SMS reminder two hours before an 08:00 slot would fall in the
     * quiet night: it goes the evening before instead. */
    char *all = outbox_text(st, STORE_MSG_QUEUED);
    CHECK(strstr(all, "confirmed/email@") != NULL);
    CHECK(strstr(all, "reminder/email@2025-03-07 19:00") != NULL);
    CHECK(strstr(all, "reminder/sms@2025-03-07 20:59") != NULL);
    free(all);
    CHECK_INT(store_booking_set_status(st, b.code, STORE_NO_SHOW, "test", &b, err, sizeof err),
              FH_OK);
    all = outbox_text(st, STORE_MSG_QUEUED);
    CHECK(strstr(all, "reminder") == NULL);
    free(all);
    store_close(st);
}

/* The national calendar: whole years replaced, the difference told, and a
 * repeat import changing nothing. */
static void test_calendar(void)
{
    struct store *st = open_fresh("calendar.db", NULL);
    char err[FH_ERR_LEN] = "";
    struct store_calendar_diff diff;
    fh_day feb8 = fh_day_from_ymd(2025, 2, 8), oct10 = fh_day_from_ymd(2025, 10, 10);
    fh_day dec25 = fh_day_from_ymd(2025, 12, 25);
    struct store_day v1[] = {{feb8, SCHED_MAKEUP_WORKDAY, "補行上班"},
                             {oct10, SCHED_HOLIDAY, "國慶日"},
                             {dec25, SCHED_WORKDAY, NULL}};
    CHECK_INT(
        store_calendar_replace(st, 2025, 2025, v1, 3, NULL, &diff, NULL, NULL, err, sizeof err),
        FH_OK);
    CHECK_INT(diff.added, 3);
    CHECK_INT(diff.changed + diff.removed, 0);
    CHECK_INT(diff.change_count, 3);
    CHECK_INT(diff.changes[0].before, SCHED_RESTDAY); /* a Saturday by the default rule */
    CHECK_INT(diff.changes[0].after, SCHED_MAKEUP_WORKDAY);
    store_calendar_diff_free(&diff);

    /* The same again: nothing changes. */
    CHECK_INT(
        store_calendar_replace(st, 2025, 2025, v1, 3, NULL, &diff, NULL, NULL, err, sizeof err),
        FH_OK);
    CHECK_INT(diff.added + diff.changed + diff.removed, 0);
    store_calendar_diff_free(&diff);

    /* The revision: 12-25 becomes a holiday, 02-08 is no longer listed. */
    struct store_day v2[] = {{oct10, SCHED_HOLIDAY, "國慶日"},
                             {dec25, SCHED_HOLIDAY, "行憲紀念日"}};
    CHECK_INT(
        store_calendar_replace(st, 2025, 2025, v2, 2, NULL, &diff, NULL, NULL, err, sizeof err),
        FH_OK);
    CHECK_INT(diff.added, 0);
    CHECK_INT(diff.changed, 1);
    CHECK_INT(diff.removed, 1);
    CHECK_INT(diff.change_count, 2);
    CHECK_INT(diff.changes[1].day, dec25);
    CHECK_INT(diff.changes[1].before, SCHED_WORKDAY);
    CHECK_INT(diff.changes[1].after, SCHED_HOLIDAY);
    CHECK_STR(diff.changes[1].name_after, "行憲紀念日");
    store_calendar_diff_free(&diff);

    /* Another year is left alone; the loaded calendar holds both. */
    struct store_day y2024[] = {{fh_day_from_ymd(2024, 2, 17), SCHED_MAKEUP_WORKDAY, "補行上班"}};
    CHECK_INT(
        store_calendar_replace(st, 2024, 2024, y2024, 1, NULL, &diff, NULL, NULL, err, sizeof err),
        FH_OK);
    store_calendar_diff_free(&diff);
    struct sched_calendar *cal = sched_calendar_create();
    CHECK_INT(store_calendar_load(st, cal, err, sizeof err), FH_OK);
    CHECK_INT(sched_calendar_count(cal), 3);
    const char *name;
    CHECK_INT(sched_calendar_day_type(cal, dec25, &name), SCHED_HOLIDAY);
    CHECK_STR(name, "行憲紀念日");
    CHECK_INT(sched_calendar_day_type(cal, feb8, &name), SCHED_RESTDAY);
    sched_calendar_free(cal);

    /* Days outside the years replaced, or out of order, change nothing. */
    struct store_day bad[] = {{dec25, SCHED_HOLIDAY, NULL}, {oct10, SCHED_HOLIDAY, NULL}};
    CHECK_INT(
        store_calendar_replace(st, 2025, 2025, bad, 2, NULL, &diff, NULL, NULL, err, sizeof err),
        FH_EINVAL);
    CHECK_INT(
        store_calendar_replace(st, 2024, 2024, v2, 1, NULL, &diff, NULL, NULL, err, sizeof err),
        FH_EINVAL);
    cal = sched_calendar_create();
    CHECK_INT(store_calendar_load(st, cal, err, sizeof err), FH_OK);
    CHECK_INT(sched_calendar_count(cal), 3);
    sched_calendar_free(cal);
    store_close(st);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_store.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    fh_log_set_level(FH_LOG_WARN);

    struct sched_office *office = make_office("test-office", 1, 1);
    struct sched_calendar *cal = sched_calendar_create();

    test_migrations(office, cal);
    test_create_and_get(office, cal);
    test_invalid_requests(office, cal);
    test_idempotency(office, cal);
    test_idempotency_unopenable(office, cal);
    test_capacity_race(office, cal);
    test_duplicate(office, cal);
    test_cancel(office, cal);
    test_reschedule(office, cal);
    test_status(office, cal);
    test_faults(office, cal);
    test_calendar();
    test_outbox(office, cal);
    test_link_key(office, cal);
    test_group(office, cal);
    test_visit(office, cal);
    test_pii_before_needs(office, cal);

    static const char *const names[] = {
        "create.db", "invalid.db", "idem.db",     "race.db",   "race-key.db", "dup.db",
        "cancel.db", "move.db",    "status.db",   "faults.db", "calendar.db", "outbox.db",
        "link.db",   "migrate.db", "idem-old.db", "visit.db",  "oldpii.db"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = db_path(names[i]);
        remove_db(path);
        free(path);
    }
    cleanup_tmpdir();
    sched_calendar_free(cal);
    sched_office_free(office);
    return check_result();
}
