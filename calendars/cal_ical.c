/* cal_ical.c: the libical building blocks every calendar object shares. */
#include "config.h"

#include "calendars/cal_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

icalcomponent *cal_vcalendar(icalproperty_method method, const struct sched_office_spec *o)
{
    icalcomponent *cal = icalcomponent_vanew(
        ICAL_VCALENDAR_COMPONENT,
        icalproperty_new_prodid("-//flexhours//flexhours " VERSION "//EN"),
        icalproperty_new_version("2.0"), icalproperty_new_calscale("GREGORIAN"), (void *)0);
    if (method != ICAL_METHOD_NONE)
        icalcomponent_add_property(cal, icalproperty_new_method(method));
    icalcomponent_add_component(cal, cal_vtimezone(o));
    return cal;
}

/* A zone without daylight saving needs one STANDARD block; writing it by
 * hand keeps TZID the plain IANA name (libical's own zones carry a prefix)
 * and avoids the full-history VTIMEZONE some parsers choke on. */
icalcomponent *cal_vtimezone(const struct sched_office_spec *o)
{
    int off = o->utc_offset < 0 ? -o->utc_offset : o->utc_offset;
    const char *abbrev = strcmp(o->timezone, "Asia/Taipei") == 0 ? "CST" : o->timezone;
    char *text = fh_asprintf("BEGIN:VTIMEZONE\r\nTZID:%s\r\nBEGIN:STANDARD\r\n"
                             "DTSTART:19700101T000000\r\nTZOFFSETFROM:%c%02d%02d\r\n"
                             "TZOFFSETTO:%c%02d%02d\r\nTZNAME:%s\r\nEND:STANDARD\r\n"
                             "END:VTIMEZONE\r\n",
                             o->timezone, o->utc_offset < 0 ? '-' : '+', off / 60, off % 60,
                             o->utc_offset < 0 ? '-' : '+', off / 60, off % 60, abbrev);
    icalcomponent *tz = icalcomponent_new_from_string(text);
    free(text);
    return tz;
}

struct icaltimetype cal_local_time(fh_minute t)
{
    struct icaltimetype it = icaltime_null_time();
    int y, m, d, mod = fh_minute_of_day(t);
    fh_day_to_ymd(fh_day_of(t), &y, &m, &d);
    it.year = y;
    it.month = m;
    it.day = d;
    it.hour = mod / 60;
    it.minute = mod % 60;
    return it;
}

struct icaltimetype cal_utc_time(int64_t seconds)
{
    return icaltime_from_timet_with_zone((time_t)seconds, 0, icaltimezone_get_utc_timezone());
}

icalproperty *cal_zoned(icalproperty *p, const char *tzid)
{
    icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
    return p;
}

char *cal_text(icalcomponent *c)
{
    char *text = icalcomponent_as_ical_string_r(c);
    char *out = fh_strdup(text);
    icalmemory_free_buffer(text);
    icalcomponent_free(c);
    return out;
}
