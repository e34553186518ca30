/* test_sched_draw.c: the draw's rules as the scheduler states them: its
 * order of request numbers under a seed (the published definition:
 * HMAC-SHA256 of each number under the seed, sorted as bytes; the vector
 * was computed apart from this code, with Python's hmac module), its
 * phases by the clock, the admission of its bookings at its close while
 * first come waits for the release, and a configuration whose instants
 * are out of order refused. */
#include "scheduler/sched.h"
#include "tests/unit/check.h"

#include <string.h>

static void test_rank(void)
{
    uint8_t seed[SCHED_DRAW_SEED_LEN];
    for (int i = 0; i < SCHED_DRAW_SEED_LEN; i++)
        seed[i] = (uint8_t)i;
    const char *const numbers[] = {"AAAA2222", "BBBB3333", "CCCC4444", "DDDD5555", "EEEE6666"};
    size_t order[5];
    sched_draw_rank(seed, numbers, 5, order);
    const char *const want[] = {"EEEE6666", "AAAA2222", "CCCC4444", "DDDD5555", "BBBB3333"};
    for (int i = 0; i < 5; i++)
        CHECK_STR(numbers[order[i]], want[i]);
    /* The order is the numbers', not the list's: reversed, the same. */
    const char *const reversed[] = {"EEEE6666", "DDDD5555", "CCCC4444", "BBBB3333", "AAAA2222"};
    sched_draw_rank(seed, reversed, 5, order);
    for (int i = 0; i < 5; i++)
        CHECK_STR(reversed[order[i]], want[i]);
    /* Another seed, another order. */
    seed[0] ^= 1;
    sched_draw_rank(seed, numbers, 5, order);
    bool same = true;
    for (int i = 0; i < 5; i++)
        same = same && strcmp(numbers[order[i]], want[i]) == 0;
    CHECK(!same);
    sched_draw_rank(seed, numbers, 0, order); /* no request: nothing to do */
}

static fh_minute at(int y, int mo, int d, int h, int mi)
{
    return (fh_minute)fh_day_from_ymd(y, mo, d) * FH_MINUTES_PER_DAY + h * 60 + mi;
}

static struct sched_office *make_office(fh_day closes_on, int closes_at, char *err, size_t errlen)
{
    static const char *const services[] = {"marriage"};
    static const struct sched_service_spec service = {
        .id = "marriage", .name_zh = "結婚登記", .name_en = "Marriage", .minutes = 30};
    const struct sched_window_spec window = {
        .name = SCHED_WIN_REGULAR,
        .day_types = 1u << SCHED_WORKDAY,
        .weekdays = 0xFEu,
        .date = FH_NO_DAY,
        .start = 9 * 60,
        .end = 12 * 60,
        .slot_minutes = 30,
        .services = (const char **)services,
        .service_count = 1,
        .capacity = 1,
        .horizon = {.days = 7},
        .cutoff = {.days = 1, .at = 15 * 60},
    };
    /* 2026-05-20 (a Wednesday): released 2026-04-20 09:00; the draw takes
     * requests from 2026-04-10 09:00 until 2026-04-19 at closes. */
    const struct sched_release release = {
        .date = fh_day_from_ymd(2026, 5, 20),
        .on = fh_day_from_ymd(2026, 4, 20),
        .at = 9 * 60,
        .draw = true,
        .draw_opens = {.on = fh_day_from_ymd(2026, 4, 10), .at = 9 * 60},
        .draw_closes = {.on = closes_on, .at = closes_at},
    };
    const struct sched_office_spec spec = {
        .id = "t",
        .name_zh = "測試",
        .name_en = "Test",
        .timezone = "Asia/Taipei",
        .utc_offset = 480,
        .services = &service,
        .service_count = 1,
        .windows = &window,
        .window_count = 1,
        .releases = &release,
        .release_count = 1,
    };
    return sched_office_create(&spec, err, errlen);
}

static void test_phases_and_admission(void)
{
    char err[FH_ERR_LEN] = "";
    struct sched_office *o = make_office(fh_day_from_ymd(2026, 4, 19), 17 * 60, err, sizeof err);
    CHECK(o != NULL);
    if (o == NULL)
        return;
    fh_day lucky = fh_day_from_ymd(2026, 5, 20);
    CHECK_INT(sched_draw_phase(o, lucky, at(2026, 4, 10, 8, 59)), SCHED_DRAW_BEFORE);
    CHECK_INT(sched_draw_phase(o, lucky, at(2026, 4, 10, 9, 0)), SCHED_DRAW_OPEN);
    CHECK_INT(sched_draw_phase(o, lucky, at(2026, 4, 19, 16, 59)), SCHED_DRAW_OPEN);
    CHECK_INT(sched_draw_phase(o, lucky, at(2026, 4, 19, 17, 0)), SCHED_DRAW_CLOSED);
    CHECK_INT(sched_draw_phase(o, lucky + 1, at(2026, 4, 19, 17, 0)), SCHED_DRAW_NONE);

    struct sched_calendar *cal = sched_calendar_create();
    struct sched_request req = {.service = 0, .start = at(2026, 5, 20, 9, 0), .person = 1};
    struct sched_admission adm;
    /* At the close, the draw's booking is admitted; first come is not, until
     * the release. */
    fh_minute closed = at(2026, 4, 19, 17, 5);
    req.drawn = true;
    CHECK_INT(sched_admit(o, cal, &req, closed, NULL, 0, NULL, 0, &adm), SCHED_OK);
    req.drawn = false;
    CHECK_INT(sched_admit(o, cal, &req, closed, NULL, 0, NULL, 0, &adm), SCHED_NOT_YET_RELEASED);
    CHECK_INT(sched_admit(o, cal, &req, at(2026, 4, 20, 9, 0), NULL, 0, NULL, 0, &adm), SCHED_OK);
    /* Before the close, not even the draw's. */
    req.drawn = true;
    CHECK_INT(sched_admit(o, cal, &req, at(2026, 4, 19, 16, 0), NULL, 0, NULL, 0, &adm),
              SCHED_NOT_YET_RELEASED);
    sched_calendar_free(cal);
    sched_office_free(o);

    /* The last minute before the release is a close the draw may have. */
    o = make_office(fh_day_from_ymd(2026, 4, 20), 8 * 60 + 59, err, sizeof err);
    CHECK(o != NULL);
    sched_office_free(o);
}

static void test_out_of_order_refused(void)
{
    char err[FH_ERR_LEN] = "";
    /* Closing at the release would leave first come and the draw racing
     * for the same places. */
    struct sched_office *o = make_office(fh_day_from_ymd(2026, 4, 20), 9 * 60, err, sizeof err);
    CHECK(o == NULL);
    CHECK(strstr(err, "draw.closes") != NULL);
    sched_office_free(o);
    /* Closing before it opens takes no request. */
    err[0] = '\0';
    o = make_office(fh_day_from_ymd(2026, 4, 10), 8 * 60, err, sizeof err);
    CHECK(o == NULL);
    CHECK(strstr(err, "opens must be before closes") != NULL);
    sched_office_free(o);
}

int main(void)
{
    test_rank();
    test_phases_and_admission();
    test_out_of_order_refused();
    return check_result();
}
