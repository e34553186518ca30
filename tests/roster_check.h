/* roster_check.h: the roster's hard rules and its fairness, checked from
 * scratch by the tests (tests/unit/test_roster.c, tests/roster_case.c,
 * tests/unit/test_roster_optimum.c), never by asking the solver's own code
 * (sched_roster_check, sched_roster_explain) whether it is right. */
#ifndef ROSTER_CHECK_H
#define ROSTER_CHECK_H

#include "scheduler/sched.h"

#include <stdbool.h>
#include <stddef.h>

/* What is checked a roster against. pins may be NULL. */
struct roster_world {
    const struct sched_office *office;
    const struct sched_calendar *cal;
    const struct sched_roster_rules *rules;
    const struct sched_staff *staff;
    size_t ns;
    const struct sched_demand *demand;
    size_t nd;
    const struct sched_pin *pins;
    size_t np;
};

/* The hard rules broken by the assignments, and whether the shortfalls list
 * exactly the instances left short (fewer than needed, or a service booked
 * there that nobody on it handles): leave, one person once per instance,
 * skills, the monthly caps, days in a row (working days of the calendar not
 * on leave, plus days with a duty, from a week before to a week after), one
 * flexible duty a day, pins kept and bans obeyed. Each broken rule is
 * printed when verbose. Returns how many. */
int roster_check_hard(const struct roster_world *w, const struct sched_assignment *a, size_t na,
                      const struct sched_shortfall *sf, size_t nsf, bool verbose);

/* Whether person s is in the rota: not on leave on the day of at least one
 * instance, and not banned from all of them. */
bool roster_in_rota(const struct roster_world *w, size_t s);

/* Each person's weighted load (rules' weights) into load[ns]; returns the
 * spread: the highest load less the lowest among the people in the rota. */
int roster_spread(const struct roster_world *w, const struct sched_assignment *a, size_t na,
                  int *load);

#endif
