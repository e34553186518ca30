/* api_roster.c: a month's roster (svc_roster_view) as the JSON the manager
 * API answers and `flexhours roster --json` prints. */
#include "api/api_roster.h"

#include <stdio.h>

static json_t *date_json(fh_day d)
{
    char s[FH_DATE_LEN];
    fh_format_date(d, s);
    return json_string(s);
}

json_t *api_roster_booking_json(const struct sched_office *office, const struct store_booking *b)
{
    char start[FH_TIME_LEN];
    fh_format_local(b->start, sched_office_spec(office)->utc_offset, start);
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", b->code, "start", start, "service",
                     b->service, "window", b->window, "status", store_status_name(b->status));
}

json_t *api_roster_bookings_json(const struct sched_office *office, const struct svc_roster_view *v)
{
    json_t *list = json_array();
    for (size_t i = 0; i < v->booking_count; i++)
        json_array_append_new(list, api_roster_booking_json(office, &v->bookings[i]));
    return list;
}

json_t *api_roster_json(const struct svc_roster_ref *ref, const struct svc_roster_view *v)
{
    char month[16];
    snprintf(month, sizeof month, "%04d-%02d", ref->year, ref->month);
    json_t *assignments = json_array();
    for (size_t i = 0; i < v->stored.count; i++) {
        const struct store_duty *d = &v->stored.duties[i];
        json_array_append_new(assignments,
                              json_pack("{s:o, s:s, s:s}", "date", date_json(d->day), "duty",
                                        sched_duty_name(d->duty), "staff", d->staff));
    }
    json_t *shortfalls = json_array();
    for (size_t i = 0; i < v->shortfall_count; i++) {
        const struct svc_roster_short *sf = &v->shortfalls[i];
        json_t *e = json_pack("{s:o, s:s, s:i, s:i, s:s}", "date", date_json(sf->day), "duty",
                              sched_duty_name(sf->duty), "needed", sf->needed, "assigned",
                              sf->assigned, "reason", sched_short_reason_code(sf->reason));
        if (sf->service != NULL)
            json_object_set_new(e, "service", json_string(sf->service));
        json_array_append_new(shortfalls, e);
    }
    json_t *people = json_array();
    for (size_t s = 0; s < v->staff_count; s++) {
        const struct svc_roster_person *p = &v->staff[s];
        json_array_append_new(people, json_pack("{s:s, s:s, s:i, s:i, s:i}", "id", p->id, "name",
                                                p->name, "duties", p->duties, "weighted",
                                                p->weighted, "comp_minutes", p->comp_minutes));
    }
    json_t *doc = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:i}", "office",
                            sched_office_spec(ref->office)->id, "month", month, "state",
                            store_roster_state_name(v->stored.state), "version", v->stored.version,
                            "assignments", assignments, "shortfalls", shortfalls, "staff", people,
                            "spread", v->spread);
    if (v->solved)
        json_object_set_new(doc, "fairness",
                            json_pack("{s:i, s:i, s:i, s:i}", "spread", v->fair_spread, "bound",
                                      v->fair_bound, "preferences_total", v->prefs_total,
                                      "preferences_honoured", v->prefs_honoured));
    if (v->booking_count > 0)
        json_object_set_new(doc, "overbooked", api_roster_bookings_json(ref->office, v));
    return doc;
}
