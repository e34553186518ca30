/* sched_case.c: runs one data-driven scheduler case (tests/cases/NNNN-*.json):
 * a configuration (or the demo), calendar entries, bookings (a couple's
 * names a "partner"), the bookings people missed ("misses", a lapse with
 * "lapsed") and the suspensions lifted ("lifts"), and a pinned "now"; then
 * slot listings, admission requests (with a "partner" for a couple, "staff"
 * for staff booking on a person's behalf), people's standing under the
 * no-show policy ("standing"), no-show marks ("no_show") and designated
 * effective dates of a marriage ("effective") with their expected answers, or the configuration
 * error expected. Exit 0 on pass, 1 on a mismatch (each one printed), 99 on a malformed case. */
#include "tests/case_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void describe(const struct sched_office *office, const struct sched_slot *s, char *out,
                     size_t len)
{
    char date[FH_DATE_LEN], a[6], b[6];
    fh_format_date(fh_day_of(s->start), date);
    fh_format_hhmm(fh_minute_of_day(s->start), a);
    fh_format_hhmm(fh_minute_of_day(s->end - 1) + 1, b);
    int n =
        snprintf(out, len, "%s %s-%s %s %d", date, a, b,
                 sched_window_name_str(sched_office_window(office, s->window)->name), s->remaining);
    /* A slot waiting for its date's release says when it opens. */
    if (s->unreleased && n > 0 && (size_t)n < len) {
        char rdate[FH_DATE_LEN], rtime[6];
        fh_minute at = sched_release_at(office, fh_day_of(s->start));
        fh_format_date(fh_day_of(at), rdate);
        fh_format_hhmm(fh_minute_of_day(at), rtime);
        snprintf(out + n, len - (size_t)n, " opens %s %s", rdate, rtime);
    }
}

static void check_slots(json_t *query, const struct sched_office *office,
                        const struct sched_calendar *cal, fh_minute now,
                        const struct sched_booking *bookings, size_t booking_count)
{
    case_keys(query, "slots[]",
              (const char *const[]){"service", "from", "to", "all", "unreleased", "expect",
                                    "expect_count", "expect_windows", NULL});
    int service = sched_office_service_index(office, case_str(query, "service", true));
    fh_day first, last;
    if (service < 0)
        case_bad("slots.service: unknown");
    if (fh_parse_date(case_str(query, "from", true), &first) != NULL ||
        fh_parse_date(case_str(query, "to", true), &last) != NULL)
        case_bad("slots.from/to: not dates");
    unsigned flags = case_bool(query, "all", false) ? SCHED_SLOTS_ALL : 0;
    if (case_bool(query, "unreleased", false))
        flags |= SCHED_SLOTS_UNRELEASED;

    struct sched_slot *slots;
    size_t n;
    fh_result r = sched_slots(office, cal, service, first, last, now, bookings, booking_count,
                              flags, &slots, &n);
    if (r != FH_OK) {
        case_mismatch("sched_slots failed: %s", fh_strerror(r));
        return;
    }

    json_t *expect = json_object_get(query, "expect");
    if (expect == NULL && json_object_get(query, "expect_count") == NULL &&
        json_object_get(query, "expect_windows") == NULL)
        case_bad("slots[]: expects nothing (expect, expect_count or expect_windows)");
    if (expect != NULL && !json_is_array(expect))
        case_bad("slots[].expect must be an array of slots");
    if (expect != NULL) {
        size_t want = json_array_size(expect);
        for (size_t i = 0; i < n || i < want; i++) {
            char got[128] = "(none)";
            if (i < n)
                describe(office, &slots[i], got, sizeof got);
            const char *w = i < want ? json_string_value(json_array_get(expect, i)) : "(none)";
            if (strcmp(got, w) != 0)
                case_mismatch("slot %zu: got \"%s\", expected \"%s\"", i, got, w);
        }
    }
    json_t *count = json_object_get(query, "expect_count");
    if (count != NULL && !json_is_integer(count))
        case_bad("slots[].expect_count must be a number");
    if (count != NULL && (json_int_t)n != json_integer_value(count))
        case_mismatch("got %zu slots, expected %lld", n, (long long)json_integer_value(count));

    /* "expect_windows": {"2025-02-08": "evening,noon,regular"}: the window
     * names with at least one slot that day, in alphabetical order. */
    const char *day_text;
    json_t *names;
    json_object_foreach(json_object_get(query, "expect_windows"), day_text, names)
    {
        fh_day day;
        if (fh_parse_date(day_text, &day) != NULL || !json_is_string(names))
            case_bad("expect_windows: \"YYYY-MM-DD\": \"names\"");
        bool seen[SCHED_WIN_NAME_COUNT] = {false};
        for (size_t i = 0; i < n; i++)
            if (fh_day_of(slots[i].start) == day)
                seen[sched_office_window(office, slots[i].window)->name] = true;
        const char *sorted[SCHED_WIN_NAME_COUNT];
        int k = 0;
        for (int w = 0; w < SCHED_WIN_NAME_COUNT; w++)
            if (seen[w]) {
                int j = k++;
                while (j > 0 && strcmp(sorted[j - 1], sched_window_name_str(w)) > 0) {
                    sorted[j] = sorted[j - 1];
                    j--;
                }
                sorted[j] = sched_window_name_str(w);
            }
        char got[128] = "";
        for (int i = 0; i < k; i++) {
            if (i > 0)
                strncat(got, ",", sizeof got - strlen(got) - 1);
            strncat(got, sorted[i], sizeof got - strlen(got) - 1);
        }
        if (strcmp(got, json_string_value(names)) != 0)
            case_mismatch("windows on %s: got \"%s\", expected \"%s\"", day_text, got,
                          json_string_value(names));
    }
    free(slots);
}

/* The case's misses and lifts. */
struct absences {
    struct sched_miss *misses;
    size_t miss_count;
    struct sched_lift *lifts;
    size_t lift_count;
};

static void read_absences(json_t *c, const struct sched_office *office, struct absences *a)
{
    int offset = sched_office_spec(office)->utc_offset;
    json_t *list = json_object_get(c, "misses");
    a->miss_count = json_array_size(list);
    a->misses = fh_calloc(a->miss_count + 1, sizeof *a->misses);
    for (size_t i = 0; i < a->miss_count; i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "misses[]",
                  (const char *const[]){"start", "person", "partner", "lapsed", NULL});
        if (fh_parse_local(case_str(e, "start", true), offset, &a->misses[i].start) != NULL)
            case_bad("misses[%zu].start: not an RFC 3339 time", i);
        a->misses[i].person = case_person_key(case_str(e, "person", true));
        const char *partner = case_str(e, "partner", false);
        a->misses[i].partner = partner ? case_person_key(partner) : 0;
        a->misses[i].lapsed = case_bool(e, "lapsed", false);
    }
    list = json_object_get(c, "lifts");
    a->lift_count = json_array_size(list);
    a->lifts = fh_calloc(a->lift_count + 1, sizeof *a->lifts);
    for (size_t i = 0; i < a->lift_count; i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "lifts[]", (const char *const[]){"person", "at", NULL});
        if (fh_parse_local(case_str(e, "at", true), offset, &a->lifts[i].at) != NULL)
            case_bad("lifts[%zu].at: not an RFC 3339 time", i);
        a->lifts[i].person = case_person_key(case_str(e, "person", true));
    }
}

/* "expect_until": a date, or null for no suspension. */
static void check_until(const char *what, json_t *want, fh_day got)
{
    char got_s[FH_DATE_LEN] = "null";
    if (got != FH_NO_DAY)
        fh_format_date(got, got_s);
    const char *want_s = json_is_null(want) ? "null" : json_string_value(want);
    if (want_s == NULL)
        case_bad("%s: expect_until is a date or null", what);
    if (strcmp(got_s, want_s) != 0)
        case_mismatch("%s: suspended until %s, expected %s", what, got_s, want_s);
}

/* "standing": [{"person", "expect_until", "expect_counted"}] at now. */
static void check_standing(json_t *list, const struct sched_office *office, fh_minute now,
                           const struct absences *a)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "standing[]",
                  (const char *const[]){"person", "expect_until", "expect_counted", NULL});
        const char *who = case_str(e, "person", true);
        uint64_t key = case_person_key(who);
        struct sched_standing st = sched_no_show_standing(
            &sched_office_spec(office)->no_show, key, a->misses, a->miss_count,
            sched_lifted_at(key, a->lifts, a->lift_count, now), now);
        json_t *until = json_object_get(e, "expect_until");
        if (until != NULL)
            check_until(who, until, st.suspended_until);
        json_t *counted = json_object_get(e, "expect_counted");
        if (counted != NULL && !json_is_integer(counted))
            case_bad("standing[%zu].expect_counted is a number", i);
        if (counted != NULL && json_integer_value(counted) != (json_int_t)st.counted)
            case_mismatch("%s: %d misses counted, expected %lld", who, st.counted,
                          (long long)json_integer_value(counted));
    }
}

/* "no_show": [{"start", "expect": "ok" | "no_show_too_early"}] at now. */
static void check_no_show(json_t *list, const struct sched_office *office, fh_minute now)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "no_show[]", (const char *const[]){"start", "expect", NULL});
        fh_minute start;
        if (fh_parse_local(case_str(e, "start", true), sched_office_spec(office)->utc_offset,
                           &start) != NULL)
            case_bad("no_show[%zu].start: not an RFC 3339 time", i);
        const char *got = sched_no_show_code(sched_no_show_check(office, start, now));
        if (strcmp(got, case_str(e, "expect", true)) != 0)
            case_mismatch("no-show of %s: got %s, expected %s", case_str(e, "start", true), got,
                          case_str(e, "expect", true));
    }
}

static void check_admit(json_t *list, const struct sched_office *office,
                        const struct sched_calendar *cal, fh_minute now,
                        const struct sched_booking *bookings, size_t booking_count,
                        const struct absences *a)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "admit[]",
                  (const char *const[]){"service", "start", "person", "partner", "resident",
                                        "staff", "expect", "expect_partner_refused",
                                        "expect_pending", "expect_remaining", "expect_window",
                                        "expect_until", "expect_opens_at", NULL});
        struct sched_request req = {0};
        const char *start = case_str(e, "start", true), *person = case_str(e, "person", false);
        const char *partner = case_str(e, "partner", false);
        req.service = sched_office_service_index(office, case_str(e, "service", true));
        if (fh_parse_local(start, o->utc_offset, &req.start) != NULL)
            case_bad("admit[%zu].start: not an RFC 3339 time", i);
        req.person = case_person_key(person ? person : "the requester");
        req.partner = partner ? case_person_key(partner) : 0;
        req.resident = case_bool(e, "resident", true);
        req.staff = case_bool(e, "staff", false);
        req.misses = a->misses;
        req.miss_count = a->miss_count;
        req.lifts = a->lifts;
        req.lift_count = a->lift_count;

        /* The people's own bookings are those of the case that name either
         * of them, as holder or as partner, as the store finds them. */
        struct sched_booking *mine = fh_calloc(booking_count + 1, sizeof *mine);
        size_t mine_count = 0;
        for (size_t b = 0; b < booking_count; b++) {
            const struct sched_booking *x = &bookings[b];
            if (x->person == req.person || x->partner == req.person ||
                (req.partner != 0 && (x->person == req.partner || x->partner == req.partner)))
                mine[mine_count++] = *x;
        }

        struct sched_admission adm;
        enum sched_refusal got =
            sched_admit(office, cal, &req, now, bookings, booking_count, mine, mine_count, &adm);
        free(mine);
        const char *want = case_str(e, "expect", true);
        if (strcmp(sched_refusal_code(got), want) != 0)
            case_mismatch("admit %s %s: got %s, expected %s", case_str(e, "service", true), start,
                          sched_refusal_code(got), want);
        /* "expect_partner_refused" (false when absent): whether the refusal
         * is due to the partner's bookings. */
        bool want_partner = case_bool(e, "expect_partner_refused", false);
        if (adm.partner_refused != want_partner)
            case_mismatch("admit %s %s: partner_refused is %d, expected %d",
                          case_str(e, "service", true), start, adm.partner_refused, want_partner);
        json_t *until = json_object_get(e, "expect_until");
        if (until != NULL)
            check_until(start, until, adm.suspended_until);
        /* "expect_opens_at": when booking opens for that start, as a
         * refusal not_yet_open or not_yet_released reports it. */
        const char *opens_want = case_str(e, "expect_opens_at", false);
        if (opens_want != NULL) {
            fh_minute want_at, got_at = sched_opens_at(office, cal, req.service, req.start);
            if (fh_parse_local(opens_want, o->utc_offset, &want_at) != NULL)
                case_bad("admit[%zu].expect_opens_at: not an RFC 3339 time", i);
            if (got_at != want_at)
                case_mismatch("admit %s: opens at minute %lld, expected %s", start,
                              (long long)got_at, opens_want);
        }
        json_t *pending = json_object_get(e, "expect_pending");
        /* What only an admission has is expected of an admission only: else
         * the check would never run. */
        bool want_ok = strcmp(want, "ok") == 0;
        if (pending != NULL && (!want_ok || !json_is_boolean(pending)))
            case_bad("admit[%zu]: expect_pending is true or false, beside \"expect\": \"ok\"", i);
        if (got == SCHED_OK && pending != NULL && json_is_true(pending) != adm.needs_confirmation)
            case_mismatch("admit %s: needs_confirmation is %d", start, adm.needs_confirmation);
        json_t *remaining = json_object_get(e, "expect_remaining");
        if (remaining != NULL && (!want_ok || !json_is_integer(remaining)))
            case_bad("admit[%zu]: expect_remaining is a number, beside \"expect\": \"ok\"", i);
        if (got == SCHED_OK && remaining != NULL &&
            json_integer_value(remaining) != (json_int_t)adm.remaining)
            case_mismatch("admit %s: %d places left, expected %lld", start, adm.remaining,
                          (long long)json_integer_value(remaining));
        json_t *window = json_object_get(e, "expect_window");
        if (window != NULL && (!want_ok || !json_is_string(window)))
            case_bad("admit[%zu]: expect_window is a window name, beside \"expect\": \"ok\"", i);
        if (got == SCHED_OK && window != NULL &&
            strcmp(json_string_value(window),
                   sched_window_name_str(sched_office_window(office, adm.window)->name)) != 0)
            case_mismatch("admit %s: window %s", start,
                          sched_window_name_str(sched_office_window(office, adm.window)->name));
    }
}

/* "waitlist": [{"service", "start" | "date", "person", "partner",
 * "expect": "full" | "places_left" | a refusal, "expect_start" (with
 * places_left: the place offered), "expect_over" (with a refusal: whether
 * the entry ends)}], each judged as sched_waitlist_check() does, in the
 * order given: the order people joined, so that the first "places_left"
 * is who is offered the place. */
static void check_waitlist(json_t *list, const struct sched_office *office,
                           const struct sched_calendar *cal, fh_minute now,
                           const struct sched_booking *bookings, size_t booking_count,
                           const struct absences *a)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "waitlist[]",
                  (const char *const[]){"service", "start", "date", "person", "partner", "expect",
                                        "expect_start", "expect_over", NULL});
        const char *start = case_str(e, "start", false), *date = case_str(e, "date", false);
        const char *person = case_str(e, "person", false);
        const char *partner = case_str(e, "partner", false);
        struct sched_request req = {0};
        fh_day day = FH_NO_DAY;
        req.service = sched_office_service_index(office, case_str(e, "service", true));
        if ((start == NULL) == (date == NULL))
            case_bad("waitlist[%zu]: \"start\" or \"date\", one of the two", i);
        if (start != NULL && fh_parse_local(start, o->utc_offset, &req.start) != NULL)
            case_bad("waitlist[%zu].start: not an RFC 3339 time", i);
        if (date != NULL && fh_parse_date(date, &day) != NULL)
            case_bad("waitlist[%zu].date: not YYYY-MM-DD", i);
        req.person = case_person_key(person ? person : "the requester");
        req.partner = partner ? case_person_key(partner) : 0;
        req.misses = a->misses;
        req.miss_count = a->miss_count;
        req.lifts = a->lifts;
        req.lift_count = a->lift_count;
        struct sched_booking *mine = fh_calloc(booking_count + 1, sizeof *mine);
        size_t mine_count = 0;
        for (size_t b = 0; b < booking_count; b++) {
            const struct sched_booking *x = &bookings[b];
            if (x->person == req.person || x->partner == req.person ||
                (req.partner != 0 && (x->person == req.partner || x->partner == req.partner)))
                mine[mine_count++] = *x;
        }
        fh_minute free_start;
        enum sched_refusal refusal;
        enum sched_wait w =
            sched_waitlist_check(office, cal, &req, day, now, bookings, booking_count, mine,
                                 mine_count, &free_start, &refusal);
        free(mine);
        const char *got = w == SCHED_WAIT_FULL          ? "full"
                          : w == SCHED_WAIT_PLACES_LEFT ? "places_left"
                                                        : sched_refusal_code(refusal);
        const char *what = start ? start : date, *want = case_str(e, "expect", true);
        if (strcmp(got, want) != 0)
            case_mismatch("waitlist %s for %s: got %s, expected %s", what,
                          person ? person : "the requester", got, want);
        const char *want_start = case_str(e, "expect_start", false);
        fh_minute ws;
        if (want_start != NULL && fh_parse_local(want_start, o->utc_offset, &ws) != NULL)
            case_bad("waitlist[%zu].expect_start: not an RFC 3339 time", i);
        if (want_start != NULL && w == SCHED_WAIT_PLACES_LEFT && ws != free_start) {
            char t[FH_TIME_LEN];
            fh_format_local(free_start, o->utc_offset, t);
            case_mismatch("waitlist %s: the place offered is %s, expected %s", what, t, want_start);
        }
        json_t *over = json_object_get(e, "expect_over");
        if (over != NULL && (w != SCHED_WAIT_REFUSED || !json_is_boolean(over)))
            case_bad("waitlist[%zu]: expect_over is true or false, beside a refusal", i);
        if (over != NULL && w == SCHED_WAIT_REFUSED &&
            json_is_true(over) != sched_waitlist_over(refusal))
            case_mismatch("waitlist %s: over is %d", what, sched_waitlist_over(refusal));
    }
}

/* "offer": [{"start", "expect_expires", "expect_sms"}]: a place at start
 * offered at now is held until expect_expires; whether its SMS may go
 * (the default quiet hours). */
static void check_offer(json_t *list, const struct sched_office *office, fh_minute now)
{
    int off = sched_office_spec(office)->utc_offset;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "offer[]",
                  (const char *const[]){"start", "expect_expires", "expect_sms", NULL});
        fh_minute start, want;
        if (fh_parse_local(case_str(e, "start", true), off, &start) != NULL ||
            fh_parse_local(case_str(e, "expect_expires", true), off, &want) != NULL)
            case_bad("offer[%zu]: start and expect_expires are RFC 3339 times", i);
        fh_minute got = sched_offer_expires(office, now, start);
        if (got != want) {
            char t[FH_TIME_LEN];
            fh_format_local(got, off, t);
            case_mismatch("offer of %s: held until %s, expected %s", case_str(e, "start", true), t,
                          case_str(e, "expect_expires", true));
        }
        json_t *sms = json_object_get(e, "expect_sms");
        if (sms != NULL && !json_is_boolean(sms))
            case_bad("offer[%zu].expect_sms is true or false", i);
        if (sms != NULL &&
            json_is_true(sms) != sched_offer_sms_allowed(&sched_reminders_default, now, got))
            case_mismatch("offer of %s: SMS allowed is %d", case_str(e, "start", true),
                          !json_is_true(sms));
    }
}

/* "effective": [{"service", "start", "effective", "expect", "expect_span"}]:
 * a booking at start naming a designated effective date. */
static void check_effective(json_t *list, const struct sched_office *office,
                            const struct sched_calendar *cal)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        case_keys(
            e, "effective[]",
            (const char *const[]){"service", "start", "effective", "expect", "expect_span", NULL});
        const char *start_text = case_str(e, "start", true);
        const char *eff_text = case_str(e, "effective", true);
        int service = sched_office_service_index(office, case_str(e, "service", true));
        fh_minute start;
        fh_day eff;
        if (fh_parse_local(start_text, o->utc_offset, &start) != NULL)
            case_bad("effective[%zu].start: not an RFC 3339 time", i);
        if (fh_parse_date(eff_text, &eff) != NULL)
            case_bad("effective[%zu].effective: not a date", i);
        const char *got =
            sched_effective_code(sched_effective_check(office, cal, service, start, eff));
        if (strcmp(got, case_str(e, "expect", true)) != 0)
            case_mismatch("effective %s for %s: got %s, expected %s", eff_text, start_text, got,
                          case_str(e, "expect", true));
        json_t *span = json_object_get(e, "expect_span");
        if (span != NULL && !json_is_integer(span))
            case_bad("effective[%zu].expect_span must be a number", i);
        int got_span = sched_effective_span(office, cal, fh_day_of(start), eff);
        if (span != NULL && json_integer_value(span) != got_span)
            case_mismatch("effective %s for %s: %d office days, expected %lld", eff_text,
                          start_text, got_span, (long long)json_integer_value(span));
    }
}

static int run_case(const char *path)
{
    json_error_t jerr;
    json_t *c = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (c == NULL)
        case_bad("%s:%d: %s", path, jerr.line, jerr.text);
    case_keys(c, "the case",
              (const char *const[]){"description", "config", "demo", "office", "calendar", "now",
                                    "bookings", "misses", "lifts", "slots", "admit", "standing",
                                    "no_show", "waitlist", "offer", "effective",
                                    "expect_config_error", NULL});
    printf("case: %s\n", case_str(c, "description", true));

    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = case_load_config(c, "case", &cfg, err, sizeof err);

    const char *want_error = case_str(c, "expect_config_error", false);
    if (want_error != NULL) {
        if (r == FH_OK)
            case_mismatch("the configuration loaded; expected the error \"%s\"", want_error);
        else if (strstr(err, want_error) == NULL)
            case_mismatch("configuration error \"%s\" does not contain \"%s\"", err, want_error);
        else
            printf("error as expected: %s\n", err);
        goto done;
    }
    if (r != FH_OK) {
        case_mismatch("configuration refused: %s", err);
        goto done;
    }

    const struct sched_office *office = cfg_office(
        cfg, case_str(c, "office", false) ? case_str(c, "office", false) : "taichung-south");
    if (office == NULL)
        office = cfg->offices[0];
    case_apply_calendar(c, cfg);
    size_t i;
    fh_minute now;
    if (fh_parse_local(case_str(c, "now", true), sched_office_spec(office)->utc_offset, &now) !=
        NULL)
        case_bad("\"now\" must be an RFC 3339 time");

    size_t booking_count = 0;
    struct sched_booking *bookings =
        case_read_bookings(json_object_get(c, "bookings"), office, &booking_count);
    if (json_array_size(json_object_get(c, "slots")) == 0 &&
        json_array_size(json_object_get(c, "admit")) == 0 &&
        json_array_size(json_object_get(c, "standing")) == 0 &&
        json_array_size(json_object_get(c, "no_show")) == 0 &&
        json_array_size(json_object_get(c, "waitlist")) == 0 &&
        json_array_size(json_object_get(c, "offer")) == 0 &&
        json_array_size(json_object_get(c, "effective")) == 0)
        case_bad("the case checks nothing: no \"slots\", \"admit\", \"standing\", \"no_show\","
                 " \"waitlist\", \"offer\", \"effective\"");
    struct absences a;
    read_absences(c, office, &a);
    json_t *query;
    json_array_foreach(json_object_get(c, "slots"), i, query)
        check_slots(query, office, cfg->calendar, now, bookings, booking_count);
    check_admit(json_object_get(c, "admit"), office, cfg->calendar, now, bookings, booking_count,
                &a);
    check_standing(json_object_get(c, "standing"), office, now, &a);
    check_no_show(json_object_get(c, "no_show"), office, now);
    check_waitlist(json_object_get(c, "waitlist"), office, cfg->calendar, now, bookings,
                   booking_count, &a);
    check_offer(json_object_get(c, "offer"), office, now);
    check_effective(json_object_get(c, "effective"), office, cfg->calendar);
    free(a.misses);
    free(a.lifts);
    free(bookings);
done:
    cfg_free(cfg);
    json_decref(c);
    printf("%s\n", case_failures ? "FAIL" : "PASS");
    return case_failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    return case_main(argc, argv, run_case, "sched_case CASE.json...");
}
