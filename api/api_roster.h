/* api_roster.h: a month's roster as JSON, the one shape that the manager
 * API answers and `flexhours roster --json` prints. The rules and the
 * store calls are svc's (svc_roster_*); this only writes their views. */
#ifndef API_ROSTER_H
#define API_ROSTER_H

#include <jansson.h>

#include "svc/svc.h"

/* {"office","month","state","version","assignments":[{"date","duty","staff"}],
 *  "shortfalls":[{"date","duty","needed","assigned","reason"[,"service"]}],
 *  "staff":[{"id","name","duties","weighted","comp_minutes"}],"spread"},
 * with "fairness":{"spread","bound","preferences_total",
 * "preferences_honoured"} after a generate and "overbooked":[bookings]
 * when a forced change left bookings without a place. */
json_t *api_roster_json(const struct svc_roster_ref *ref, const struct svc_roster_view *v);

/* The bookings a refused change would have displaced: [bookings]. */
json_t *api_roster_bookings_json(const struct sched_office *office,
                                 const struct svc_roster_view *v);

/* A booking as the roster answers list it: {"code","start","service","window","status"}. */
json_t *api_roster_booking_json(const struct sched_office *office, const struct store_booking *b);

#endif
