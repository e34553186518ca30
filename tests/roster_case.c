/* roster_case.c: runs one data-driven roster scenario (tests/roster/NNNN-*.roster,
 * JSON): a configuration with staff and roster rules (or the demo), calendar
 * entries, the dates to roster (a "month" or "from" and "to"), bookings,
 * pins and bans; then the roster the scheduler builds is held against the
 * expectations: exact assignments of the window instances listed ("assign":
 * {"2026-12-07 noon": ["a", "b"]}), every shortfall with its reason code
 * ("shortfalls", the exact list), duties per person ("duties"), people kept
 * off an instance ("not_assigned"), and that the hard rules hold
 * (sched_roster_check). With "print": true in the environment variable
 * ROSTER_CASE_PRINT the roster is printed. Exit 0 on pass, 1 on a mismatch
 * (each one printed), 99 on a malformed scenario. */
#include "config/cfg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mismatch(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("MISMATCH: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    failures++;
}

static void bad_case(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void bad_case(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("BAD CASE: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(99);
}

static const char *str(json_t *obj, const char *key, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL && !required)
        return NULL;
    if (!json_is_string(v))
        bad_case("\"%s\" must be a string", key);
    return json_string_value(v);
}

static uint64_t person_key(size_t i)
{
    return 0x9e3779b97f4a7c15ull * (i + 1);
}

static int cmp_booking(const void *a, const void *b)
{
    const struct sched_booking *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* [{"service": "seal_change", "start": "2026-12-05T09:00:00+08:00"}] */
static struct sched_booking *read_bookings(json_t *arr, const struct sched_office *office,
                                           size_t *count)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    size_t n = json_array_size(arr);
    struct sched_booking *list = fh_calloc(n > 0 ? n : 1, sizeof *list);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        int service = sched_office_service_index(office, str(e, "service", true));
        if (service < 0)
            bad_case("bookings[%zu]: no such service", i);
        if (fh_parse_local(str(e, "start", true), spec->utc_offset, &list[i].start) != NULL)
            bad_case("bookings[%zu]: \"start\" must be an RFC 3339 time", i);
        list[i].minutes = spec->services[service].minutes;
        list[i].service = service;
        list[i].person = person_key(i);
    }
    qsort(list, n, sizeof *list, cmp_booking);
    *count = n;
    return list;
}

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
        bad_case("%s: no staff \"%s\"", where, id);
    return s;
}

static struct sched_pin *read_pins(json_t *arr, const struct cfg_roster *cr,
                                   const struct sched_demand *demand, size_t nd, size_t *count)
{
    size_t n = json_array_size(arr);
    struct sched_pin *pins = fh_calloc(n > 0 ? n : 1, sizeof *pins);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        char name[64];
        snprintf(name, sizeof name, "%s %s", str(e, "date", true), str(e, "duty", true));
        pins[i].demand = find_demand(demand, nd, name);
        if (pins[i].demand < 0)
            bad_case("pins[%zu]: no window instance \"%s\" in the demand", i, name);
        pins[i].staff = staff_of(cr, str(e, "staff", true), "pins");
        pins[i].forbid = json_is_true(json_object_get(e, "forbid"));
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
            mismatch("no window instance \"%s\" in the demand", key);
            continue;
        }
        bool want[1024] = {false};
        size_t i;
        json_t *id;
        if (cr->staff_count > 1024)
            bad_case("too many staff for a scenario");
        json_array_foreach(list, i, id)
        {
            if (!json_is_string(id))
                bad_case("\"%s\": staff ids must be strings", key);
            want[staff_of(cr, json_string_value(id), key)] = true;
        }
        for (size_t s = 0; s < cr->staff_count; s++) {
            bool got = assigned(ro, d, (int)s);
            if (exact && got != want[s])
                mismatch("%s: %s is %s", key, cr->staff[s].id,
                         got ? "on duty, not expected" : "not on duty, expected");
            else if (!exact && want[s] && got)
                mismatch("%s: %s is on duty, expected not", key, cr->staff[s].id);
        }
    }
}

static void check_shortfalls(json_t *arr, const struct sched_demand *demand,
                             const struct sched_roster *ro)
{
    if (json_array_size(arr) != ro->shortfall_count)
        mismatch("%zu shortfalls, expected %zu", ro->shortfall_count, json_array_size(arr));
    for (size_t i = 0; i < json_array_size(arr) && i < ro->shortfall_count; i++) {
        json_t *e = json_array_get(arr, i);
        const struct sched_shortfall *sf = &ro->shortfalls[i];
        const struct sched_demand *d = &demand[sf->demand];
        char date[FH_DATE_LEN];
        fh_format_date(d->day, date);
        const char *want_date = str(e, "date", true), *want_duty = str(e, "duty", true);
        const char *want_reason = str(e, "reason", true);
        json_t *needed = json_object_get(e, "needed"), *got = json_object_get(e, "assigned");
        if (!json_is_integer(needed) || !json_is_integer(got))
            bad_case("shortfalls[%zu]: needs \"needed\" and \"assigned\"", i);
        if (strcmp(date, want_date) != 0 || strcmp(sched_duty_name(d->duty), want_duty) != 0 ||
            d->needed != json_integer_value(needed) || sf->assigned != json_integer_value(got) ||
            strcmp(sched_short_reason_code(sf->reason), want_reason) != 0)
            mismatch("shortfalls[%zu]: %s %s needed %d assigned %d %s; expected %s %s needed "
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
            bad_case("duties.%s must be a number", key);
        if (ro->duties[s] != json_integer_value(v))
            mismatch("%s has %d duties, expected %lld", key, ro->duties[s],
                     (long long)json_integer_value(v));
    }
}

int main(int argc, char **argv)
{
    json_error_t jerr;
    if (argc != 2)
        bad_case("usage: roster_case SCENARIO.roster");
    json_t *c = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &jerr);
    if (c == NULL)
        bad_case("%s:%d: %s", argv[1], jerr.line, jerr.text);
    printf("scenario: %s\n", str(c, "description", true));

    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    json_t *config = json_object_get(c, "config");
    fh_result r;
    if (json_is_true(json_object_get(c, "demo")) ||
        (json_is_string(config) && strcmp(json_string_value(config), "demo") == 0)) {
        r = cfg_load_demo(&cfg, err, sizeof err);
    } else {
        char *text = json_dumps(config, JSON_COMPACT);
        if (text == NULL)
            bad_case("\"config\" must be \"demo\" or an object");
        r = cfg_load_string(text, strlen(text), "scenario", &cfg, err, sizeof err);
        free(text);
    }
    if (r != FH_OK)
        bad_case("configuration refused: %s", err);
    const char *office_id = str(c, "office", false);
    const struct sched_office *office = office_id ? cfg_office(cfg, office_id) : cfg->offices[0];
    if (office == NULL)
        bad_case("no office \"%s\"", office_id);
    const struct cfg_roster *cr = cfg_office_roster(cfg, sched_office_spec(office)->id);

    json_t *entry;
    size_t i;
    json_array_foreach(json_object_get(c, "calendar"), i, entry)
    {
        fh_day day;
        enum sched_day_type type;
        if (fh_parse_date(str(entry, "date", true), &day) != NULL ||
            sched_day_type_parse(str(entry, "type", true), &type) != NULL)
            bad_case("calendar[%zu]: needs a date and a day type", i);
        sched_calendar_set(cfg->calendar, day, type, str(entry, "name", false));
    }

    fh_day first, last;
    const char *month = str(c, "month", false);
    if (month != NULL) {
        int y, m;
        if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
            bad_case("\"month\" must be \"YYYY-MM\"");
        first = fh_day_from_ymd(y, m, 1);
        last = fh_day_from_ymd(y, m, fh_days_in_month(y, m));
    } else if (fh_parse_date(str(c, "from", true), &first) != NULL ||
               fh_parse_date(str(c, "to", true), &last) != NULL || last < first) {
        bad_case("\"from\" and \"to\" must be dates, in order");
    }

    size_t booking_count = 0;
    struct sched_booking *bookings =
        read_bookings(json_object_get(c, "bookings"), office, &booking_count);
    struct sched_staff *staff = fh_calloc(cr->staff_count > 0 ? cr->staff_count : 1, sizeof *staff);
    for (i = 0; i < cr->staff_count; i++)
        staff[i] = cr->staff[i].sched;

    struct sched_demand *demand = NULL;
    size_t nd = 0;
    if (sched_roster_demand(office, cfg->calendar, &cr->rules, first, last, bookings, booking_count,
                            &demand, &nd) != FH_OK)
        bad_case("sched_roster_demand failed");
    size_t pin_count = 0;
    struct sched_pin *pins = read_pins(json_object_get(c, "pins"), cr, demand, nd, &pin_count);

    json_t *expect = json_object_get(c, "expect");
    struct sched_roster ro;
    memset(&ro, 0, sizeof ro);
    r = sched_roster_solve(office, cfg->calendar, &cr->rules, staff, cr->staff_count, demand, nd,
                           pins, pin_count, &ro, err, sizeof err);
    const char *want_error = str(expect, "solve_error", false);
    if (want_error != NULL) {
        if (r == FH_OK)
            mismatch("the roster was solved; expected the error \"%s\"", want_error);
        else if (strstr(err, want_error) == NULL)
            mismatch("error \"%s\" does not contain \"%s\"", err, want_error);
        else
            printf("error as expected: %s\n", err);
    } else if (r != FH_OK) {
        mismatch("sched_roster_solve: %s", err);
    } else {
        const char *print = getenv("ROSTER_CASE_PRINT");
        if (print != NULL && print[0] != '\0')
            print_roster(cr, demand, nd, &ro);
        json_t *v;
        if ((v = json_object_get(expect, "demand")) != NULL && json_integer_value(v) != (int)nd)
            mismatch("%zu window instances in the demand, expected %lld", nd,
                     (long long)json_integer_value(v));
        check_assign(json_object_get(expect, "assign"), true, cr, demand, nd, &ro);
        check_assign(json_object_get(expect, "not_assigned"), false, cr, demand, nd, &ro);
        if ((v = json_object_get(expect, "shortfalls")) != NULL)
            check_shortfalls(v, demand, &ro);
        check_duties(json_object_get(expect, "duties"), cr, &ro);
        if ((v = json_object_get(expect, "prefs_honoured")) != NULL &&
            json_integer_value(v) != ro.prefs_honoured)
            mismatch("%d preferences honoured, expected %lld", ro.prefs_honoured,
                     (long long)json_integer_value(v));
        if (json_is_true(json_object_get(expect, "hard_rules_hold")) &&
            sched_roster_check(office, cfg->calendar, &cr->rules, staff, cr->staff_count, demand,
                               nd, ro.assignments, ro.assignment_count, err, sizeof err) != FH_OK)
            mismatch("a hard rule is broken: %s", err);
    }
    sched_roster_free(&ro);
    free(pins);
    free(demand);
    free(staff);
    free(bookings);
    cfg_free(cfg);
    json_decref(c);
    printf("%s\n", failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}
