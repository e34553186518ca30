/* bench_fill.h: what the benchmarks that fill a database through the store
 * share (bench_figures, bench_scale): a repeatable random sequence, a
 * monotonic clock, and the stored answer the store wants with a booking. */
#ifndef BENCH_FILL_H
#define BENCH_FILL_H

#include "store/store.h"

/* xorshift64: the same sequence on every run, so that two builds fill the
 * same database. */
uint64_t bench_random(void);
/* Seconds of the monotonic clock. */
double bench_seconds(void);
/* The reply a booking would have answered, kept for its idempotency. */
char *bench_reply_json(const struct store_booking *b, const char *token, void *arg);

#endif
