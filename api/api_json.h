/* api_json.h: the JSON shapes of the booking API's read side (offices,
 * services, slots), shared by the HTTP handlers and the command line so
 * that `flexhours slots --json` prints exactly what the API returns. The
 * small answers are jansson trees; the slots listing, hundreds of objects,
 * is written as text into one buffer (api_json_slots_text). */
#ifndef API_JSON_H
#define API_JSON_H

#include <jansson.h>

#include "config/cfg.h"

/* Each returns a new reference (json_decref it). */
json_t *api_json_offices(const struct fh_config *cfg);
json_t *api_json_services(const struct sched_office *office);

/* {"office","service","slots":[{"start","end","window","remaining"}]} as
 * compact JSON text, followed by "not_yet_released":[{..., "opens_at"}]
 * when some slots wait for their date's release (sched_slot.unreleased), malloc'd (the caller frees
 * it): the bytes json_dumps(JSON_COMPACT) gave for the same tree, written without one. Building
 * that tree (an allocation per value) and dumping it was half of an uncached listing's time. */
char *api_json_slots_text(const struct sched_office *office, int service,
                          const struct sched_slot *slots, size_t count);
/* The same as a tree (parsed from that text), for the command line. */
json_t *api_json_slots(const struct sched_office *office, int service,
                       const struct sched_slot *slots, size_t count);

/* Appends s to b as a JSON string, quotes included: the one escaper of the
 * text written without jansson, escaping exactly as jansson does (quote,
 * backslash, \b \f \n \r \t, other control characters as \u00XX; DEL
 * and everything above U+007F, U+2028 included, as they are, which JSON
 * allows). s must be valid UTF-8, as every string of the configuration
 * (which jansson loaded) and of the scheduler is: it is not checked here. */
void api_json_str(struct fh_buf *b, const char *s);
/* {"zh": ..., "en": ...} */
json_t *api_json_text(const char *zh, const char *en);

#endif
