/* roster_case.c: runs one data-driven roster scenario (tests/roster/NNNN-*.roster,
 * JSON): a configuration with staff and roster rules (or the demo), calendar
 * entries, the dates to roster (a "month" or "from" and "to"), bookings,
 * pins and bans; then the roster the scheduler builds is held against the
 * expectations: exact assignments of the window instances listed ("assign":
 * {"2026-12-07 noon": ["a", "b"]}), every shortfall with its reason code
 * ("shortfalls", the exact list), duties per person ("duties"), people kept
 * off an instance ("not_assigned"), the fairness: the spread of weighted
 * loads among the people in the rota ("spread") and each person's weighted
 * load ("loads"), both computed here from the assignments; and, always,
 * that every hard rule holds, checked by tests/roster_check.c, not by the
 * scheduler's own sched_roster_check. Unknown keys are refused. With "print": true in the
 * environment variable ROSTER_CASE_PRINT the roster is printed. Exit 0 on pass, 1 on a mismatch
 * (each one printed), 99 on a malformed scenario. */
#include "tests/case_util.h"
#include "tests/roster_check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "2026-12-07 noon" */
static void instance_name(const struct sched_demand *d, char *out, size_t outlen)
{
    char date[FH_DATE_LEN];
    fh_format_date(d->day, date);
    snprintf(out, outlen, "%s %s", date, sched_duty_name(d->duty));
}

static int find_demand(const struct sched_demand *demand, size_t nd, const char *name)
{
    char buf[64];
    for (size_t d = 0; d < nd; d++) {
        instance_name(&demand[d], buf, sizeof buf);
        if (strcmp(buf, name) == 0)
            return (int)d;
    }
    return -1;
}

static bool assigned(const struct sched_roster *ro, int d, int s)
{
    for (size_t i = 0; i < ro->assignment_count; i++)
        if (ro->assignments[i].demand == d && ro->assignments[i].staff == s)
            return true;
    return false;
}

static int staff_of(const struct cfg_roster *cr, const char *id, const char *where)
{
    int s = cfg_staff_index(cr, id);
    if (s < 0)
        case_bad("%s: no staff \"%s\"", where, id);
    return s;
}

static struct sched_pin *read_pins(json_t *arr, const struct cfg_roster *cr,
                                   const struct sched_demand *demand, size_t nd, size_t *count)
{
    size_t n = json_array_size(arr);
    struct sched_pin *pins = fh_calloc(n > 0 ? n : 1, sizeof *pins);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        case_keys(e, "pins[]", (const char *const[]){"date", "duty", "staff", "forbid", NULL});
        char name[64];
        snprintf(name, sizeof name, "%s %s", case_str(e, "date", true), case_str(e, "duty", true));
        pins[i].demand = find_demand(demand, nd, name);
        if (pins[i].demand < 0)
            case_bad("pins[%zu]: no window instance \"%s\" in the demand", i, name);
        pins[i].staff = staff_of(cr, case_str(e, "staff", true), "pins");
        pins[i].forbid = case_bool(e, "forbid", false);
    }
    *count = n;
    return pins;
}

static void print_roster(const struct cfg_roster *cr, const struct sched_demand *demand, size_t nd,
                         const struct sched_roster *ro)
{
    char name[64];
    for (size_t d = 0; d < nd; d++) {
        instance_name(&demand[d], name, sizeof name);
        printf("  \"%s\" (needs %d):", name, demand[d].needed);
        for (size_t s = 0; s < cr->staff_count; s++)
            if (assigned(ro, (int)d, (int)s))
                printf(" %s", cr->staff[s].id);
        printf("\n");
    }
    for (size_t i = 0; i < ro->shortfall_count; i++) {
        instance_name(&demand[ro->shortfalls[i].demand], name, sizeof name);
        printf("  short: %s needed %d assigned %d %s\n", name,
               demand[ro->shortfalls[i].demand].needed, ro->shortfalls[i].assigned,
               sched_short_reason_code(ro->shortfalls[i].reason));
    }
}

static void check_assign(json_t *obj, bool exact, const struct cfg_roster *cr,
                         const struct sched_demand *demand, size_t nd,
                         const struct sched_roster *ro)
{
    const char *key;
    json_t *list;
    json_object_foreach(obj, key, list)
    {
        int d = find_demand(demand, nd, key);
        if (d < 0) {
            case_mismatch("no window instance \"%s\" in the demand", key);
            continue;
        }
        bool want[1024] = {false};
        size_t i;
        json_t *id;
        if (cr->staff_count > 1024)
            case_bad("too many staff for a scenario");
        json_array_foreach(list, i, id)
        {
            if (!json_is_string(id))
                case_bad("\"%s\": staff ids must be strings", key);
            want[staff_of(cr, json_string_value(id), key)] = true;
        }
        for (size_t s = 0; s < cr->staff_count; s++) {
            bool got = assigned(ro, d, (int)s);
            if (exact && got != want[s])
                case_mismatch("%s: %s is %s", key, cr->staff[s].id,
                              got ? "on duty, not expected" : "not on duty, expected");
            else if (!exact && want[s] && got)
                case_mismatch("%s: %s is on duty, expected not", key, cr->staff[s].id);
        }
    }
}

static void check_shortfalls(json_t *arr, const struct sched_demand *demand,
                             const struct sched_roster *ro)
{
    if (json_array_size(arr) != ro->shortfall_count)
        case_mismatch("%zu shortfalls, expected %zu", ro->shortfall_count, json_array_size(arr));
    for (size_t i = 0; i < json_array_size(arr) && i < ro->shortfall_count; i++) {
        json_t *e = json_array_get(arr, i);
        case_keys(e, "shortfalls[]",
                  (const char *const[]){"date", "duty", "needed", "assigned", "reason", NULL});
        const struct sched_shortfall *sf = &ro->shortfalls[i];
        const struct sched_demand *d = &demand[sf->demand];
        char date[FH_DATE_LEN];
        fh_format_date(d->day, date);
        const char *want_date = case_str(e, "date", true), *want_duty = case_str(e, "duty", true);
        const char *want_reason = case_str(e, "reason", true);
        json_t *needed = json_object_get(e, "needed"), *got = json_object_get(e, "assigned");
        if (!json_is_integer(needed) || !json_is_integer(got))
            case_bad("shortfalls[%zu]: needs \"needed\" and \"assigned\"", i);
        if (strcmp(date, want_date) != 0 || strcmp(sched_duty_name(d->duty), want_duty) != 0 ||
            d->needed != json_integer_value(needed) || sf->assigned != json_integer_value(got) ||
            strcmp(sched_short_reason_code(sf->reason), want_reason) != 0)
            case_mismatch("shortfalls[%zu]: %s %s needed %d assigned %d %s; expected %s %s needed "
                          "%lld assigned %lld %s",
                          i, date, sched_duty_name(d->duty), d->needed, sf->assigned,
                          sched_short_reason_code(sf->reason), want_date, want_duty,
                          (long long)json_integer_value(needed), (long long)json_integer_value(got),
                          want_reason);
    }
}

static void check_duties(json_t *obj, const struct cfg_roster *cr, const struct sched_roster *ro)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int s = staff_of(cr, key, "duties");
        if (!json_is_integer(v))
            case_bad("duties.%s must be a number", key);
        if (ro->duties[s] != json_integer_value(v))
            case_mismatch("%s has %d duties, expected %lld", key, ro->duties[s],
                          (long long)json_integer_value(v));
    }
}

static int run_case(const char *path)
{
    json_error_t jerr;
    json_t *c = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (c == NULL)
        case_bad("%s:%d: %s", path, jerr.line, jerr.text);
    case_keys(c, "the scenario",
              (const char *const[]){"description", "config", "demo", "office", "calendar", "month",
                                    "from", "to", "bookings", "pins", "expect", NULL});
    printf("scenario: %s\n", case_str(c, "description", true));

    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = case_load_config(c, "scenario", &cfg, err, sizeof err);
    if (r != FH_OK)
        case_bad("configuration refused: %s", err);
    const char *office_id = case_str(c, "office", false);
    const struct sched_office *office = office_id ? cfg_office(cfg, office_id) : cfg->offices[0];
    if (office == NULL)
        case_bad("no office \"%s\"", office_id);
    const struct cfg_roster *cr = cfg_office_roster(cfg, sched_office_spec(office)->id);

    case_apply_calendar(c, cfg);
    size_t i;

    fh_day first, last;
    const char *month = case_str(c, "month", false);
    if (month != NULL) {
        int y, m;
        if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
            case_bad("\"month\" must be \"YYYY-MM\"");
        first = fh_day_from_ymd(y, m, 1);
        last = fh_day_from_ymd(y, m, fh_days_in_month(y, m));
    } else if (fh_parse_date(case_str(c, "from", true), &first) != NULL ||
               fh_parse_date(case_str(c, "to", true), &last) != NULL || last < first) {
        case_bad("\"from\" and \"to\" must be dates, in order");
    }

    size_t booking_count = 0;
    struct sched_booking *bookings =
        case_read_bookings(json_object_get(c, "bookings"), office, &booking_count);
    struct sched_staff *staff = fh_calloc(cr->staff_count > 0 ? cr->staff_count : 1, sizeof *staff);
    for (i = 0; i < cr->staff_count; i++)
        staff[i] = cr->staff[i].sched;

    struct sched_demand *demand = NULL;
    size_t nd = 0;
    if (sched_roster_demand(office, cfg->calendar, &cr->rules, first, last, bookings, booking_count,
                            &demand, &nd) != FH_OK)
        case_bad("sched_roster_demand failed");
    size_t pin_count = 0;
    struct sched_pin *pins = read_pins(json_object_get(c, "pins"), cr, demand, nd, &pin_count);

    json_t *expect = json_object_get(c, "expect");
    if (expect == NULL)
        case_bad("the scenario expects nothing (\"expect\")");
    case_keys(expect, "expect",
              (const char *const[]){"demand", "assign", "not_assigned", "shortfalls", "duties",
                                    "prefs_honoured", "hard_rules_hold", "spread", "loads",
                                    "solve_error", NULL});
    if (json_object_get(expect, "hard_rules_hold") != NULL &&
        !json_is_true(json_object_get(expect, "hard_rules_hold")))
        case_bad("expect.hard_rules_hold: the hard rules always hold (true, or leave it out)");
    struct sched_roster ro;
    memset(&ro, 0, sizeof ro);
    r = sched_roster_solve(office, cfg->calendar, &cr->rules, staff, cr->staff_count, demand, nd,
                           pins, pin_count, &ro, err, sizeof err);
    const char *want_error = case_str(expect, "solve_error", false);
    if (want_error != NULL) {
        if (r == FH_OK)
            case_mismatch("the roster was solved; expected the error \"%s\"", want_error);
        else if (strstr(err, want_error) == NULL)
            case_mismatch("error \"%s\" does not contain \"%s\"", err, want_error);
        else
            printf("error as expected: %s\n", err);
    } else if (r != FH_OK) {
        case_mismatch("sched_roster_solve: %s", err);
    } else {
        const char *print = getenv("ROSTER_CASE_PRINT");
        if (print != NULL && print[0] != '\0')
            print_roster(cr, demand, nd, &ro);
        json_t *v;
        if ((v = json_object_get(expect, "demand")) != NULL && json_integer_value(v) != (int)nd)
            case_mismatch("%zu window instances in the demand, expected %lld", nd,
                          (long long)json_integer_value(v));
        check_assign(json_object_get(expect, "assign"), true, cr, demand, nd, &ro);
        check_assign(json_object_get(expect, "not_assigned"), false, cr, demand, nd, &ro);
        if ((v = json_object_get(expect, "shortfalls")) != NULL)
            check_shortfalls(v, demand, &ro);
        check_duties(json_object_get(expect, "duties"), cr, &ro);
        if ((v = json_object_get(expect, "prefs_honoured")) != NULL &&
            json_integer_value(v) != ro.prefs_honoured)
            case_mismatch("%d preferences honoured, expected %lld", ro.prefs_honoured,
                          (long long)json_integer_value(v));
        struct roster_world rw = {office, cfg->calendar, &cr->rules, staff, cr->staff_count, demand,
                                  nd,     pins,          pin_count};
        int broken = roster_check_hard(&rw, ro.assignments, ro.assignment_count, ro.shortfalls,
                                       ro.shortfall_count, true);
        if (broken > 0)
            case_mismatch("%d hard rules broken", broken);
        int *load = fh_calloc(cr->staff_count + 1, sizeof *load);
        int spread = roster_spread(&rw, ro.assignments, ro.assignment_count, load);
        printf("spread %d (the solver says %d), loads:", spread, ro.spread);
        for (i = 0; i < cr->staff_count; i++)
            printf(" %s %d", cr->staff[i].id, load[i]);
        printf("\n");
        if (ro.spread != spread)
            case_mismatch("the solver reports a spread of %d, it is %d", ro.spread, spread);
        if ((v = json_object_get(expect, "spread")) != NULL) {
            if (!json_is_integer(v))
                case_bad("expect.spread must be a number");
            if (spread != json_integer_value(v))
                case_mismatch("the spread of weighted loads is %d, expected %lld", spread,
                              (long long)json_integer_value(v));
        }
        const char *key;
        json_object_foreach(json_object_get(expect, "loads"), key, v)
        {
            int s = staff_of(cr, key, "loads");
            if (!json_is_integer(v))
                case_bad("loads.%s must be a number", key);
            if (load[s] != json_integer_value(v))
                case_mismatch("%s has a weighted load of %d, expected %lld", key, load[s],
                              (long long)json_integer_value(v));
        }
        free(load);
    }
    sched_roster_free(&ro);
    free(pins);
    free(demand);
    free(staff);
    free(bookings);
    cfg_free(cfg);
    json_decref(c);
    printf("%s\n", case_failures ? "FAIL" : "PASS");
    return case_failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    return case_main(argc, argv, run_case, "roster_case SCENARIO.roster...");
}
