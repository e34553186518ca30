/* sched_draw.c: lucky-date draws. A date whose release rule has a draw
 * takes requests (one per couple) while the draw is open; when it closes
 * the requests are ranked by a seed committed before the period opened
 * (its SHA-256 published) and revealed after, so that anyone can rank them
 * again; places are booked in rank order, the others wait. */
#include "scheduler/sched_internal.h"

#include "common/fh_hash.h"

#include <stdlib.h>
#include <string.h>

enum sched_draw_phase sched_draw_phase(const struct sched_office *office, fh_day day, fh_minute now)
{
    const struct sched_release *r = sched_release_rule(office, day);
    if (r == NULL || !r->draw)
        return SCHED_DRAW_NONE;
    if (now < sched_instant_of(&r->draw_opens, day))
        return SCHED_DRAW_BEFORE;
    if (now < sched_instant_of(&r->draw_closes, day))
        return SCHED_DRAW_OPEN;
    return SCHED_DRAW_CLOSED;
}

struct ranked {
    uint8_t key[FH_SHA256_LEN];
    const char *number;
    size_t index;
};

static int by_key(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    int c = memcmp(x->key, y->key, sizeof x->key);
    return c != 0 ? c : strcmp(x->number, y->number);
}

void sched_draw_rank(const uint8_t seed[SCHED_DRAW_SEED_LEN], const char *const *numbers, size_t n,
                     size_t *order)
{
    struct ranked *r = fh_calloc(n ? n : 1, sizeof *r);
    for (size_t i = 0; i < n; i++) {
        fh_hmac_sha256(seed, SCHED_DRAW_SEED_LEN, numbers[i], strlen(numbers[i]), r[i].key);
        r[i].number = numbers[i];
        r[i].index = i;
    }
    qsort(r, n, sizeof *r, by_key);
    for (size_t i = 0; i < n; i++)
        order[i] = r[i].index;
    free(r);
}
