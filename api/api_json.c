/* api_json.c: encoders from the scheduler's data to the API's JSON. */
#include "api/api_json.h"

json_t *api_json_text(const char *zh, const char *en)
{
    return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

json_t *api_json_offices(const struct fh_config *cfg)
{
    json_t *list = json_array();
    for (size_t i = 0; i < cfg->office_count; i++) {
        const struct sched_office_spec *o = sched_office_spec(cfg->offices[i]);
        json_array_append_new(list, json_pack("{s:s, s:o, s:s}", "id", o->id, "name",
                                              api_json_text(o->name_zh, o->name_en), "timezone",
                                              o->timezone));
    }
    return list;
}

json_t *api_json_services(const struct sched_office *office)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    json_t *list = json_array();
    for (size_t i = 0; i < o->service_count; i++) {
        const struct sched_service_spec *s = &o->services[i];
        json_t *windows = json_array(), *documents = json_array();
        unsigned names = sched_office_service_windows(office, (int)i);
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++)
            if (names & (1u << n))
                json_array_append_new(windows, json_string(sched_window_name_str(n)));
        for (size_t d = 0; d < s->document_count; d++)
            json_array_append_new(documents, api_json_text(s->documents[d].zh, s->documents[d].en));
        json_array_append_new(list, json_pack("{s:s, s:o, s:i, s:b, s:o, s:o}", "id", s->id, "name",
                                              api_json_text(s->name_zh, s->name_en), "minutes",
                                              s->minutes, "in_person", s->in_person, "windows",
                                              windows, "documents", documents));
    }
    return list;
}

json_t *api_json_slots(const struct sched_office *office, int service,
                       const struct sched_slot *slots, size_t count)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++) {
        char start[FH_TIME_LEN], end[FH_TIME_LEN];
        fh_format_local(slots[i].start, o->utc_offset, start);
        fh_format_local(slots[i].end, o->utc_offset, end);
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:i}", "start", start, "end", end, "window",
                      sched_window_name_str(sched_office_window(office, slots[i].window)->name),
                      "remaining", slots[i].remaining));
    }
    return json_pack("{s:s, s:s, s:o}", "office", o->id, "service", o->services[service].id,
                     "slots", list);
}
