/* test_cfg_roster.c: the staff and roster keys of the configuration: what
 * is read (skills as bits, leave ranges expanded, phones in E.164, rules
 * over the defaults), what is refused with the file and JSON path, and
 * that the demo staff can cover a normal month of the demo office at once. */
#include "config/cfg.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

/* A small office with the given staff and roster JSON spliced in. */
static fh_result load(const char *staff, const char *roster, struct fh_config **cfg, char *err,
                      size_t errlen)
{
    char *json = fh_asprintf(
        "{\"offices\": [{\"id\": \"o\", \"name\": {\"zh\": \"辦公室\", \"en\": \"Office\"},"
        " \"services\": [{\"id\": \"marriage\", \"name\": {\"zh\": \"結婚\", \"en\": \"M\"},"
        " \"minutes\": 60}, {\"id\": \"seal_change\", \"name\": {\"zh\": \"印鑑\", \"en\": "
        "\"S\"}, \"minutes\": 30}],"
        " \"windows\": [{\"name\": \"noon\", \"start\": \"12:00\", \"end\": \"13:30\","
        " \"capacity\": 2, \"services\": \"*\"}]%s%s%s%s}]}",
        staff ? ", \"staff\": " : "", staff ? staff : "", roster ? ", \"roster\": " : "",
        roster ? roster : "");
    fh_result r = cfg_load_string(json, strlen(json), "t.json", cfg, err, errlen);
    free(json);
    return r;
}

static void test_read(void)
{
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r =
        load("[{\"id\": \"lin-yating\", \"name\": \"林雅婷\", \"email\": \"lin@example.org\","
             " \"phone\": \"0912-345-678\", \"skills\": [\"seal_change\"],"
             " \"leave\": [\"2026-12-24\", \"2026-12-28/2026-12-31\"],"
             " \"preferences\": [{\"duty\": \"evening\", \"weekday\": \"wed\", \"weight\": -2},"
             " {\"weight\": 1}], \"max_duties\": 4},"
             " {\"id\": \"chen_2\", \"name\": \"陳怡君\", \"phone\": \"+886912000111\","
             " \"skills\": \"all\"}]",
             "{\"weights\": {\"saturday\": 3}, \"min_staff\": {\"noon\": 1}, \"comp_weeks\": 2,"
             " \"one_flex_per_day\": false}",
             &cfg, err, sizeof err);
    CHECK_INT(r, FH_OK);
    if (r != FH_OK) {
        printf("%s\n", err);
        return;
    }
    CHECK(cfg_office_roster(cfg, "nowhere") == NULL);
    const struct cfg_roster *ro = cfg_office_roster(cfg, "o");
    CHECK(ro != NULL);
    CHECK_INT(ro->staff_count, 2);
    CHECK_INT(cfg_staff_index(ro, "chen_2"), 1);
    CHECK_INT(cfg_staff_index(ro, "nobody"), -1);
    const struct cfg_staff *p = &ro->staff[0];
    CHECK_STR(p->id, "lin-yating");
    CHECK(p->sched.id == p->id);
    CHECK_STR(p->name, "林雅婷");
    CHECK_STR(p->email, "lin@example.org");
    CHECK_STR(p->phone, "+886912345678");
    CHECK_INT(p->sched.skills, 1u << 1);
    CHECK_INT(p->sched.leave_count, 5);
    CHECK_INT(p->sched.leave[0], fh_day_from_ymd(2026, 12, 24));
    CHECK_INT(p->sched.leave[4], fh_day_from_ymd(2026, 12, 31));
    CHECK_INT(p->sched.pref_count, 2);
    CHECK_INT(p->sched.prefs[0].duty, SCHED_DUTY_EVENING);
    CHECK_INT(p->sched.prefs[0].weekday, 3);
    CHECK_INT(p->sched.prefs[0].weight, -2);
    CHECK_INT(p->sched.prefs[1].duty, SCHED_DUTY_NONE);
    CHECK_INT(p->sched.prefs[1].weekday, 0);
    CHECK_INT(p->sched.max_duties, 4);
    CHECK_STR(ro->staff[1].phone, "+886912000111");
    CHECK(ro->staff[1].email == NULL);
    CHECK_INT(ro->staff[1].sched.skills, 3);
    CHECK_INT(ro->rules.weight[SCHED_DUTY_SATURDAY], 3);
    CHECK_INT(ro->rules.weight[SCHED_DUTY_NOON], sched_roster_rules_default.weight[0]);
    CHECK_INT(ro->rules.min_staff[SCHED_DUTY_NOON], 1);
    CHECK_INT(ro->rules.max_duties_per_month, sched_roster_rules_default.max_duties_per_month);
    CHECK(!ro->rules.one_flex_per_day);
    CHECK_INT(ro->comp_weeks, 2);
    cfg_free(cfg);

    /* No staff key: an empty roster with the default rules. */
    CHECK_INT(load(NULL, NULL, &cfg, err, sizeof err), FH_OK);
    if (cfg != NULL) {
        ro = cfg_office_roster(cfg, "o");
        CHECK(ro != NULL && ro->staff_count == 0);
        CHECK(ro != NULL && ro->comp_weeks == 4);
        CHECK(ro != NULL && memcmp(&ro->rules, &sched_roster_rules_default, sizeof ro->rules) == 0);
        cfg_free(cfg);
    }
}

static void refused(const char *staff, const char *roster, const char *want)
{
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(load(staff, roster, &cfg, err, sizeof err), FH_EINVAL);
    CHECK(cfg == NULL);
    if (strstr(err, want) == NULL) {
        printf("error \"%s\" does not contain \"%s\"\n", err, want);
        check_failures++;
    }
}

#define ONE(extra) "[{\"id\": \"a\", \"name\": \"甲\", \"skills\": \"all\"" extra "}]"

static void test_refused(void)
{
    refused("[{\"id\": \"Lin\", \"name\": \"x\", \"skills\": \"all\"}]", NULL,
            "t.json: offices[0].staff[0].id: must be 1 to 32");
    refused("[{\"id\": \"a\", \"name\": \"x\", \"skills\": \"all\"},"
            " {\"id\": \"a\", \"name\": \"y\", \"skills\": \"all\"}]",
            NULL, "offices[0].staff[1].id: the same id as");
    refused("[{\"id\": \"a\", \"name\": \"x\", \"skills\": [\"moving\"]}]", NULL,
            "offices[0].staff[0].skills[0]: not a service of this office");
    refused("[{\"id\": \"a\", \"name\": \"x\"}]", NULL, "offices[0].staff[0].skills: missing");
    refused(ONE(", \"leave\": [\"2026-12-31/2026-12-01\"]"), NULL,
            "offices[0].staff[0].leave[0]: the range ends before it starts");
    refused(ONE(", \"leave\": [\"2026-13-01\"]"), NULL, "offices[0].staff[0].leave[0]");
    refused(ONE(", \"phone\": \"0212345678\""), NULL,
            "offices[0].staff[0].phone: not a Taiwan mobile");
    refused(ONE(", \"email\": \"no-at-sign\""), NULL, "offices[0].staff[0].email");
    refused(ONE(", \"preferences\": [{\"weight\": 0}]"), NULL,
            "offices[0].staff[0].preferences[0].weight: must not be 0");
    refused(ONE(", \"preferences\": [{\"weight\": 6}]"), NULL,
            "offices[0].staff[0].preferences[0].weight: must be -5 to 5");
    refused(ONE(", \"preferences\": [{\"weight\": 1, \"duty\": \"night\"}]"), NULL,
            "offices[0].staff[0].preferences[0].duty: not a duty");
    refused(ONE(", \"preferences\": [{\"weight\": 1, \"weekday\": \"monday\"}]"), NULL,
            "offices[0].staff[0].preferences[0].weekday");
    refused(ONE(", \"max_duties\": 32"), NULL, "offices[0].staff[0].max_duties");
    refused(ONE(", \"salary\": 1"), NULL, "offices[0].staff[0].salary: unknown key");
    refused(NULL, "{\"weights\": {\"night\": 1}}", "offices[0].roster.weights.night: unknown key");
    refused(NULL, "{\"comp_minutes\": {\"noon\": -1}}", "offices[0].roster.comp_minutes.noon");
    refused(NULL, "{\"comp_weeks\": 0}", "offices[0].roster.comp_weeks: must be 1 to 52");
    refused(NULL, "{\"one_flex_per_day\": 1}", "offices[0].roster.one_flex_per_day");
    refused(NULL, "[]", "offices[0].roster: must be an object");
}

/* The demo staff covers a month of the demo office without bookings. */
static void demo_month(const struct fh_config *cfg, int year, int month)
{
    const struct sched_office *office = cfg_office(cfg, "taichung-south");
    const struct cfg_roster *ro = cfg_office_roster(cfg, "taichung-south");
    CHECK(office != NULL && ro != NULL);
    if (office == NULL || ro == NULL)
        return;
    struct sched_staff *staff = fh_calloc(ro->staff_count, sizeof *staff);
    for (size_t i = 0; i < ro->staff_count; i++)
        staff[i] = ro->staff[i].sched;
    fh_day first = fh_day_from_ymd(year, month, 1);
    fh_day last = fh_day_from_ymd(year, month, fh_days_in_month(year, month));
    struct sched_demand *demand = NULL;
    size_t nd = 0;
    CHECK_INT(
        sched_roster_demand(office, cfg->calendar, &ro->rules, first, last, NULL, 0, &demand, &nd),
        FH_OK);
    CHECK(nd > 40);
    struct sched_roster roster;
    char err[FH_ERR_LEN] = "";
    memset(&roster, 0, sizeof roster);
    fh_result r = sched_roster_solve(office, cfg->calendar, &ro->rules, staff, ro->staff_count,
                                     demand, nd, NULL, 0, &roster, err, sizeof err);
    CHECK_INT(r, FH_OK);
    if (r == FH_OK) {
        if (roster.shortfall_count != 0)
            printf("%04d-%02d: %zu shortfalls\n", year, month, roster.shortfall_count);
        CHECK_INT(roster.shortfall_count, 0);
        CHECK_INT(sched_roster_check(office, cfg->calendar, &ro->rules, staff, ro->staff_count,
                                     demand, nd, roster.assignments, roster.assignment_count, err,
                                     sizeof err),
                  FH_OK);
        /* Everybody gets some duty: the load is shared. */
        for (size_t i = 0; i < ro->staff_count; i++)
            CHECK(roster.duties[i] > 0);
        sched_roster_free(&roster);
    }
    free(demand);
    free(staff);
}

static void test_demo(void)
{
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    if (cfg == NULL) {
        printf("%s\n", err);
        return;
    }
    const struct sched_office *office = cfg_office(cfg, "taichung-south");
    const struct cfg_roster *ro = cfg_office_roster(cfg, "taichung-south");
    CHECK(ro != NULL && ro->staff_count >= 18);
    if (ro == NULL || office == NULL) {
        cfg_free(cfg);
        return;
    }
    uint64_t must = (1ull << sched_office_service_index(office, "marriage")) |
                    (1ull << sched_office_service_index(office, "name_change"));
    int seals = 0, ids = 0, with_leave = 0, with_prefs = 0;
    for (size_t i = 0; i < ro->staff_count; i++) {
        const struct cfg_staff *p = &ro->staff[i];
        CHECK((p->sched.skills & must) == must);
        CHECK(p->email != NULL && strstr(p->email, "@example.org") != NULL);
        seals += (p->sched.skills >> sched_office_service_index(office, "seal_change")) & 1;
        ids += (p->sched.skills >> sched_office_service_index(office, "id_first_issue")) & 1;
        with_leave += p->sched.leave_count > 0;
        with_prefs += p->sched.pref_count > 0;
    }
    CHECK(seals >= 5 && seals < (int)ro->staff_count);
    CHECK(ids >= 2 && ids < seals);
    CHECK(with_leave >= 5);
    CHECK(with_prefs >= 5);
    demo_month(cfg, 2026, 12);
    demo_month(cfg, 2027, 1);
    cfg_free(cfg);
}

int main(void)
{
    fh_log_set_level(FH_LOG_WARN);
    test_read();
    test_refused();
    test_demo();
    return check_result();
}
