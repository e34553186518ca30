/* case_util.h: what the data-driven test runners (tests/sched_case.c for
 * the scheduler's cases, tests/roster_case.c for the roster scenarios)
 * share: reporting, reading fields, the configuration, the calendar entries
 * and the bookings of a case file. */
#ifndef CASE_UTIL_H
#define CASE_UTIL_H

#include "config/cfg.h"

#include <jansson.h>

/* Mismatches reported so far: the runner exits 1 when any. */
extern int case_failures;

/* A check that failed: printed, counted. */
void case_mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A malformed case file: printed, exit 99 (automake's hard error). */
void case_bad(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* main() of a runner: run_one(argv[1]) for one file (the test suite's way:
 * one test a file); for several, each file in a child process of its own
 * (fork, no exec: under valgrind the instrumented process is reused, which
 * spares its start-up a file), a line "PASS: FILE" or "FAIL: FILE" each;
 * 0 when all passed, 99 when any case was malformed, else 1. */
int case_main(int argc, char **argv, int (*run_one)(const char *path), const char *usage);

/* Refuses (case_bad) a member of obj whose name is not in keys (a
 * NULL-terminated list): a misspelled expectation would otherwise be
 * ignored and its check never run. obj may be NULL; where names it. */
void case_keys(json_t *obj, const char *where, const char *const *keys);

/* The boolean member key of obj (dflt when absent); anything else is a bad
 * case. */
bool case_bool(json_t *obj, const char *key, bool dflt);

/* The string member key of obj; NULL when absent and not required. */
const char *case_str(json_t *obj, const char *key, bool required);

/* The case's "config": "demo" (or "demo": true beside it), or an object
 * loaded as a configuration file would be. */
fh_result case_load_config(json_t *c, const char *origin, struct fh_config **out, char *err,
                           size_t errlen);

/* Adds the case's "calendar" entries [{"date","type","name"}] to the
 * configuration's calendar. */
void case_apply_calendar(json_t *c, struct fh_config *cfg);

/* The scheduler's key of a person named in a case. */
uint64_t case_person_key(const char *name);

/* The case's bookings [{"service","start","minutes","person","partner"}] as
 * the scheduler takes them, sorted by start; minutes default to the
 * service's, person to one shared "someone", partner to none (a couple
 * booking names both). *count receives how many; free() it. */
struct sched_booking *case_read_bookings(json_t *list, const struct sched_office *office,
                                         size_t *count);

#endif
