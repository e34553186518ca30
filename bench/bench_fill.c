/* bench_fill.c: the benchmarks' shared helpers (bench_fill.h). */
#include "bench/bench_fill.h"

#include <time.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

uint64_t bench_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

double bench_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *bench_reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)arg;
    (void)token;
    return fh_asprintf("{\"code\":\"%s\"}", b->code);
}
