/* http_limit.c: how often one client address may ask for a booking (or
 * look one up), as a
 * token bucket per address: a rush of couples is served, a script hammering
 * the endpoint is told to wait (429 with Retry-After, in the face's format). Loopback clients are
 * not limited unless the configuration says so (a reverse proxy or the tests
 * on this machine). The table of addresses is bounded: when it is full, the
 * buckets that have refilled are forgotten first, else all of them. */
#include "http/http_internal.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_TABLE 4096

struct bucket {
    char addr[INET6_ADDRSTRLEN];
    double tokens;
    double at; /* monotonic seconds of the last refill */
};

struct http_limit {
    pthread_mutex_t lock;
    struct bucket *buckets;
    size_t count;
    double per_second, burst;
    bool loopback;
};

struct http_limit *http_limit_create(const struct cfg_rate_limit *cfg)
{
    if (cfg->per_minute <= 0)
        return NULL;
    struct http_limit *l = fh_calloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    l->buckets = fh_calloc(LIMIT_TABLE, sizeof *l->buckets);
    l->per_second = cfg->per_minute / 60.0;
    l->burst = cfg->burst > 0 ? cfg->burst : 1;
    l->loopback = cfg->loopback;
    return l;
}

void http_limit_free(struct http_limit *l)
{
    if (l == NULL)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l->buckets);
    free(l);
}

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int http_limit_take(struct http_ctx *c)
{
    struct http_limit *l = c->srv->limit;
    char addr[INET6_ADDRSTRLEN];
    bool loopback = false;
    if (l == NULL || !http_client_address(c, addr, sizeof addr, &loopback) ||
        (loopback && !l->loopback))
        return 0;
    double now = monotonic(), wait = 0;
    pthread_mutex_lock(&l->lock);
    struct bucket *b = NULL;
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->buckets[i].addr, addr) == 0) {
            b = &l->buckets[i];
            break;
        }
    if (b == NULL) {
        if (l->count == LIMIT_TABLE) {
            /* Keep only the buckets still short of tokens. */
            size_t kept = 0;
            for (size_t i = 0; i < l->count; i++) {
                struct bucket *x = &l->buckets[i];
                if (x->tokens + (now - x->at) * l->per_second < l->burst)
                    l->buckets[kept++] = *x;
            }
            l->count = kept < LIMIT_TABLE ? kept : 0;
        }
        b = &l->buckets[l->count++];
        memcpy(b->addr, addr, sizeof b->addr);
        b->tokens = l->burst;
        b->at = now;
    }
    b->tokens += (now - b->at) * l->per_second;
    if (b->tokens > l->burst)
        b->tokens = l->burst;
    b->at = now;
    bool ok = b->tokens >= 1;
    if (ok)
        b->tokens -= 1;
    else
        wait = (1 - b->tokens) / l->per_second;
    pthread_mutex_unlock(&l->lock);
    return ok ? 0 : (int)wait + 1;
}
