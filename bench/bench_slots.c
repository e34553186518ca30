/* bench_slots.c: a whole year of slots for every service of the demo office
 * with 20,000 bookings already taken. Prints slots per second (wall clock,
 * best of several rounds) and the slot count; bench/slots.sh runs it under
 * callgrind to count instructions per slot, a figure the machine's load does
 * not change. */
#include "config/cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOOKINGS 20000

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int cmp_booking(const void *a, const void *b)
{
    const struct sched_booking *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Bookings at slot starts of the office's windows, spread over the year. */
static struct sched_booking *make_bookings(const struct sched_office *office, fh_day first,
                                           int days)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    int windows = sched_office_window_count(office);
    struct sched_booking *b = fh_calloc(BOOKINGS, sizeof *b);
    for (int i = 0; i < BOOKINGS; i++) {
        const struct sched_window_spec *w =
            sched_office_window(office, (int)(next_random() % (uint64_t)windows));
        int service = (int)(next_random() % o->service_count);
        int slots = (w->end - w->start) / w->slot_minutes;
        fh_day d = first + (fh_day)(next_random() % (uint64_t)days);
        b[i].start = (fh_minute)d * FH_MINUTES_PER_DAY + w->start +
                     (int)(next_random() % (uint64_t)slots) * w->slot_minutes;
        b[i].minutes = o->services[service].minutes;
        b[i].service = service;
        b[i].person = next_random();
    }
    qsort(b, BOOKINGS, sizeof *b, cmp_booking);
    return b;
}

/* The measured work; callgrind counts instructions inside this function, so
 * it keeps its own name (not static, not inlined). */
size_t bench_year_of_slots(const struct fh_config *cfg, const struct sched_office *office,
                           fh_day first, fh_day last, const struct sched_booking *b);
__attribute__((noinline)) size_t bench_year_of_slots(const struct fh_config *cfg,
                                                     const struct sched_office *office,
                                                     fh_day first, fh_day last,
                                                     const struct sched_booking *b)
{
    size_t total = 0;
    const struct sched_office_spec *o = sched_office_spec(office);
    for (size_t s = 0; s < o->service_count; s++) {
        struct sched_slot *slots;
        size_t n;
        if (sched_slots(office, cfg->calendar, (int)s, first, last, 0, b, BOOKINGS, SCHED_SLOTS_ALL,
                        &slots, &n) != FH_OK) {
            fprintf(stderr, "sched_slots failed\n");
            exit(1);
        }
        total += n;
        free(slots);
    }
    return total;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 5;
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const struct sched_office *office = cfg->offices[0];
    fh_day first = fh_day_from_ymd(2026, 1, 1), last = fh_day_from_ymd(2026, 12, 31);
    struct sched_booking *b = make_bookings(office, first, last - first + 1);

    double best = 0;
    size_t total = 0;
    for (int r = 0; r < (rounds > 0 ? rounds : 1); r++) {
        double t0 = seconds();
        total = bench_year_of_slots(cfg, office, first, last, b);
        double t = seconds() - t0;
        if (r == 0 || t < best)
            best = t;
    }
    printf("slots %zu\nservices %zu\nbookings %d\nbest_seconds %.6f\nslots_per_second %.0f\n",
           total, sched_office_spec(office)->service_count, BOOKINGS, best,
           best > 0 ? (double)total / best : 0.0);
    free(b);
    cfg_free(cfg);
    return 0;
}
