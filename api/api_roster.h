/* api_roster.h: a month's roster of an office as `flexhours roster` and the
 * manager API both make, change and print it, so that `roster show --json`
 * prints exactly what the API returns. The rules are the scheduler's; this
 * gathers their inputs (the configured staff, the bookings, the pins and
 * bans, the stored roster) and stores their outputs. */
#ifndef API_ROSTER_H
#define API_ROSTER_H

#include <jansson.h>

#include "config/cfg.h"
#include "store/store.h"
#include "svc/svc.h"

/* Compensatory time is counted as svc counts it. */
#define API_COMP_LOOKBACK_DAYS SVC_COMP_LOOKBACK_DAYS

/* One office and month, with what every operation reads. */
struct api_roster_ref {
    const struct fh_config *cfg;
    struct store *store;
    const struct sched_calendar *cal; /* the day calendar in force */
    const struct sched_office *office;
    int year, month;
};

/* The month's roster as the API answers it:
 * {"office","month","state","version","assignments":[{"date","duty","staff"}],
 *  "shortfalls":[{"date","duty","needed","assigned","reason"}],
 *  "staff":[{"id","name","duties","weighted","comp_minutes"}],"spread"}. */
fh_result api_roster_show(const struct api_roster_ref *ref, json_t **doc, char *err, size_t errlen);

/* Solves the month (demand from the rules and the bookings; the month's
 * pins kept and bans obeyed) and saves it as the month's draft; *doc as for
 * show, with "fairness":{"spread","bound","preferences_total",
 * "preferences_honoured"}. FH_ECONFLICT when the month is published (it
 * changes by edits only); FH_EINVAL when a pin breaks a hard rule. */
fh_result api_roster_generate(const struct api_roster_ref *ref, json_t **doc, char *err,
                              size_t errlen);

/* Publishes the month's draft: from then on the places of its window
 * instances follow the staff on duty, and each person with duties is told
 * by e-mail. A window instance with fewer places than bookings already
 * taken refuses it (FH_EREFUSED, *doc = {"bookings":[...]}) unless force,
 * in which case those bookings are listed in *doc for rescheduling. The
 * caller puts the new calendar in force (store_calendar_build). */
fh_result api_roster_publish(const struct api_roster_ref *ref, bool force, json_t **doc, char *err,
                             size_t errlen);

/* Replaces who is on one duty of one day (a manager's edit), checked
 * against the hard rules (FH_EINVAL, err naming the rule) and, in a
 * published month, against the bookings already taken there (FH_EREFUSED,
 * *doc = {"bookings":[...]}, unless force). expected_version -1 skips the
 * check that nobody changed the roster meanwhile (FH_ECONFLICT). On FH_OK
 * *doc is the roster as show gives it, with "overbooked":[...] when forced. */
fh_result api_roster_edit(const struct api_roster_ref *ref, fh_day day, enum sched_duty duty,
                          const char *const *staff, size_t staff_count, int expected_version,
                          bool force, json_t **doc, char *err, size_t errlen);

/* The month as a table for people: staff by days, duty letters (N noon,
 * E evening, S Saturday, H holiday), then the shortfalls. doc is what
 * show or generate gave. malloc'd. */
char *api_roster_table(const struct api_roster_ref *ref, const json_t *doc);

/* A booking as the roster answers list it: {"code","start","service","status"}. */
json_t *api_roster_booking_json(const struct sched_office *office, const struct store_booking *b);

#endif
