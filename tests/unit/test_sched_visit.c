/* test_sched_visit.c: the rules after a visit: the needs a booking carries
 * (their languages, their text as sealed and read back, anything else
 * refused) and when a survey is taken (the office asks, the visit was
 * completed, once, within SCHED_SURVEY_DAYS, not after an erasure). */
#include "scheduler/sched.h"
#include "tests/unit/check.h"

#include <string.h>

static struct sched_office *make_office(bool survey)
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
        .horizon = {.days = 30},
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
        .satisfaction_survey = survey,
    };
    char err[FH_ERR_LEN] = "";
    struct sched_office *o = sched_office_create(&spec, err, sizeof err);
    if (o == NULL)
        fh_fatal("test office: %s", err);
    return o;
}

static void test_interpreters(void)
{
    static const struct {
        const char *code;
        enum sched_interpreter want;
        const char *en;
    } known[] = {
        {"hak", SCHED_INTERPRETER_HAKKA, "Hakka"},
        {"tsl", SCHED_INTERPRETER_TSL, "Taiwanese Sign Language"},
        {"en", SCHED_INTERPRETER_ENGLISH, "English"},
        {"vi", SCHED_INTERPRETER_VIET, "Vietnamese"},
        {"id", SCHED_INTERPRETER_INDO, "Indonesian"},
        {"th", SCHED_INTERPRETER_THAI, "Thai"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        enum sched_interpreter got = SCHED_INTERPRETER_NONE;
        CHECK(sched_interpreter_parse(known[i].code, &got));
        CHECK_INT(got, known[i].want);
        CHECK_STR(sched_interpreter_code(got), known[i].code);
        CHECK_STR(sched_interpreter_name(got, true), known[i].en);
        CHECK(strlen(sched_interpreter_name(got, false)) > 0);
    }
    static const char *const refused[] = {"", "VI", "fr", "vi ", "zh", "hakka", "none"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        enum sched_interpreter got = SCHED_INTERPRETER_NONE;
        CHECK(!sched_interpreter_parse(refused[i], &got));
        CHECK_INT(got, SCHED_INTERPRETER_NONE);
    }
    enum sched_interpreter got = SCHED_INTERPRETER_NONE;
    CHECK(!sched_interpreter_parse(NULL, &got));
}

static void test_needs_text(void)
{
    char text[SCHED_NEEDS_TEXT_LEN];
    struct sched_needs none = {0}, back;
    sched_needs_format(&none, text);
    CHECK_STR(text, "");
    CHECK(!sched_needs_any(&none));
    CHECK(sched_needs_parse("", &back));
    CHECK(!sched_needs_any(&back));

    struct sched_needs all = {true, true, SCHED_INTERPRETER_TSL};
    sched_needs_format(&all, text);
    CHECK_STR(text, "wheelchair priority_counter interpreter=tsl");
    CHECK(sched_needs_parse(text, &back));
    CHECK(back.wheelchair && back.priority_counter);
    CHECK_INT(back.interpreter, SCHED_INTERPRETER_TSL);

    struct sched_needs one = {false, false, SCHED_INTERPRETER_VIET};
    sched_needs_format(&one, text);
    CHECK_STR(text, "interpreter=vi");
    CHECK(sched_needs_parse(text, &back));
    CHECK(!back.wheelchair && !back.priority_counter);
    CHECK_INT(back.interpreter, SCHED_INTERPRETER_VIET);

    /* Every combination goes round. */
    for (int w = 0; w < 2; w++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < SCHED_INTERPRETER_COUNT; i++) {
                struct sched_needs n = {w, p, (enum sched_interpreter)i};
                sched_needs_format(&n, text);
                CHECK(sched_needs_parse(text, &back));
                CHECK(back.wheelchair == n.wheelchair &&
                      back.priority_counter == n.priority_counter &&
                      back.interpreter == n.interpreter);
            }

    static const char *const bad[] = {" wheelchair",
                                      "wheelchair ",
                                      "wheelchair  priority_counter",
                                      "wheelchair wheelchair",
                                      "interpreter=",
                                      "interpreter=fr",
                                      "interpreter=vi interpreter=th",
                                      "stairs",
                                      "priority_counter priority_counter",
                                      "interpreter"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!sched_needs_parse(bad[i], &back));
        if (sched_needs_parse(bad[i], &back))
            printf("  accepted \"%s\"\n", bad[i]);
    }
}

static fh_minute at(fh_day d, int hh, int mm)
{
    return (fh_minute)d * FH_MINUTES_PER_DAY + hh * 60 + mm;
}

static void test_survey(void)
{
    struct sched_office *on = make_office(true), *off = make_office(false);
    fh_day visit = fh_day_from_ymd(2026, 12, 2);
    fh_minute start = at(visit, 10, 0), later = at(visit, 11, 0);

    CHECK_INT(sched_survey_check(on, start, true, false, false, later), SCHED_SURVEY_OK);
    CHECK_INT(sched_survey_check(off, start, true, false, false, later), SCHED_SURVEY_OFF);
    CHECK_INT(sched_survey_check(on, start, false, false, false, later), SCHED_SURVEY_NOT_COMPLETE);
    CHECK_INT(sched_survey_check(on, start, true, true, false, later), SCHED_SURVEY_ANSWERED);
    CHECK_INT(sched_survey_check(on, start, true, false, true, later), SCHED_SURVEY_CLOSED);
    /* The last day it is open, and the first it is not. */
    CHECK_INT(
        sched_survey_check(on, start, true, false, false, at(visit + SCHED_SURVEY_DAYS, 23, 59)),
        SCHED_SURVEY_OK);
    CHECK_INT(
        sched_survey_check(on, start, true, false, false, at(visit + SCHED_SURVEY_DAYS + 1, 0, 0)),
        SCHED_SURVEY_CLOSED);
    /* A second answer, however late, is told the first one counted. */
    CHECK_INT(
        sched_survey_check(on, start, true, true, false, at(visit + SCHED_SURVEY_DAYS + 5, 9, 0)),
        SCHED_SURVEY_ANSWERED);
    for (int s = SCHED_SURVEY_OK; s < SCHED_SURVEY_COUNT; s++) {
        CHECK(strcmp(sched_survey_code(s), "unknown") != 0);
        CHECK(strlen(sched_survey_message(s)) > 0);
    }
    CHECK_STR(sched_survey_code(SCHED_SURVEY_ANSWERED), "survey_answered");
    sched_office_free(on);
    sched_office_free(off);
}

int main(void)
{
    test_interpreters();
    test_needs_text();
    test_survey();
    return check_result();
}
