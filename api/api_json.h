/* api_json.h: the JSON shapes of the booking API's read side (offices,
 * services, slots), shared by the HTTP handlers and the command line so
 * that `flexhours slots --json` prints exactly what the API returns. */
#ifndef API_JSON_H
#define API_JSON_H

#include <jansson.h>

#include "config/cfg.h"

/* Each returns a new reference (json_decref it). */
json_t *api_json_offices(const struct fh_config *cfg);
json_t *api_json_services(const struct sched_office *office);
/* {"office","service","slots":[{"start","end","window","remaining"}]} */
json_t *api_json_slots(const struct sched_office *office, int service,
                       const struct sched_slot *slots, size_t count);
/* {"zh": ..., "en": ...} */
json_t *api_json_text(const char *zh, const char *en);

#endif
