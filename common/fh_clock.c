/* fh_clock.c: the one source of "now". FLEXHOURS_NOW pins it to a fixed
 * RFC 3339 instant so that tests and demos are repeatable; with
 * FLEXHOURS_CLOCK=running the clock starts there and then runs, so that a
 * server's retries and timers still come due. */
#include "common/fh.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool pinned, running;
static int64_t pinned_at;
static struct timespec started; /* CLOCK_MONOTONIC when a running clock was set */

const char *fh_clock_init(void)
{
    const char *value = getenv("FLEXHOURS_NOW");
    pinned = false;
    if (value == NULL || value[0] == '\0')
        return NULL;
    const char *why = fh_parse_rfc3339(value, &pinned_at);
    if (why != NULL)
        return why;
    const char *mode = getenv("FLEXHOURS_CLOCK");
    running = mode != NULL && strcmp(mode, "running") == 0;
    if (mode != NULL && mode[0] != '\0' && !running)
        return "FLEXHOURS_CLOCK must be \"running\" or unset";
    clock_gettime(CLOCK_MONOTONIC, &started);
    pinned = true;
    return NULL;
}

int64_t fh_clock_now(void)
{
    if (pinned && running) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return pinned_at + (int64_t)(ts.tv_sec - started.tv_sec);
    }
    if (pinned)
        return pinned_at;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}
