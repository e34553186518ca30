/* cal_internal.h: the libical helpers the calendars/ files share: the
 * VCALENDAR frame, the office's VTIMEZONE, local and UTC times. */
#ifndef CAL_INTERNAL_H
#define CAL_INTERNAL_H

#include "calendars/cal.h"

#include <libical/ical.h>

/* A VCALENDAR with PRODID, VERSION, CALSCALE, the method (ICAL_METHOD_NONE
 * for none) and the office's VTIMEZONE. */
icalcomponent *cal_vcalendar(icalproperty_method method, const struct sched_office_spec *o);
icalcomponent *cal_vtimezone(const struct sched_office_spec *o);
/* A floating local time, to be given TZID with cal_zoned(). */
struct icaltimetype cal_local_time(fh_minute t);
struct icaltimetype cal_utc_time(int64_t seconds);
icalproperty *cal_zoned(icalproperty *p, const char *tzid);
/* Serialises (CRLF, folded at 75 octets) and frees the component. */
char *cal_text(icalcomponent *c);

#endif
