/* fh_clock.c: the one source of "now". FLEXHOURS_NOW pins it to a fixed
 * RFC 3339 instant so that tests and demos are repeatable. */
#include "common/fh.h"

#include <stdlib.h>
#include <time.h>

static bool pinned;
static int64_t pinned_at;

const char *fh_clock_init(void)
{
    const char *value = getenv("FLEXHOURS_NOW");
    pinned = false;
    if (value == NULL || value[0] == '\0')
        return NULL;
    const char *why = fh_parse_rfc3339(value, &pinned_at);
    if (why != NULL)
        return why;
    pinned = true;
    return NULL;
}

int64_t fh_clock_now(void)
{
    if (pinned)
        return pinned_at;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}
