/* http_limit.c: how often one client address may do something, as a token
 * bucket per address. Two are kept: bookings (and searches for one), so that
 * a rush of couples is served while a script hammering the endpoint is told
 * to wait; and failed lookups of booking codes, keys and tokens, so that
 * guessing them costs time (429 with Retry-After, in the face's format).
 * A client behind a trusted reverse proxy is the one the proxy names
 * (http_client_address()). The table of addresses is
 * bounded: when it is full, the buckets that have refilled are forgotten
 * first, else all of them. */
#include "http/http_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
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
};

static void set_rates(struct http_limit *l, int per_minute, int burst)
{
    l->per_second = per_minute > 0 ? per_minute / 60.0 : 0;
    l->burst = burst > 0 ? burst : 1;
}

struct http_limit *http_limit_create(int per_minute, int burst)
{
    struct http_limit *l = fh_calloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    l->buckets = fh_calloc(LIMIT_TABLE, sizeof *l->buckets);
    set_rates(l, per_minute, burst);
    return l;
}

void http_limit_set(struct http_limit *l, int per_minute, int burst)
{
    pthread_mutex_lock(&l->lock);
    set_rates(l, per_minute, burst);
    /* A bucket never holds more than the burst: a lowered one applies at
     * once. */
    for (size_t i = 0; i < l->count; i++)
        if (l->buckets[i].tokens > l->burst)
            l->buckets[i].tokens = l->burst;
    pthread_mutex_unlock(&l->lock);
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

/* Seconds the client of c must wait before its bucket in l holds a token
 * (0: it holds one); with take, the token is used when there is one. */
static int bucket(struct http_limit *l, struct http_ctx *c, bool take)
{
    char addr[INET6_ADDRSTRLEN];
    if (l == NULL || !http_client_address(c, addr, sizeof addr))
        return 0;
    double now = monotonic(), wait = 0;
    pthread_mutex_lock(&l->lock);
    if (l->per_second <= 0) {
        pthread_mutex_unlock(&l->lock); /* no limit (configured so) */
        return 0;
    }
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
    if (ok && take)
        b->tokens -= 1;
    else if (!ok)
        wait = (1 - b->tokens) / l->per_second;
    pthread_mutex_unlock(&l->lock);
    return ok ? 0 : (int)wait + 1;
}

int http_limit_take(struct http_ctx *c)
{
    return bucket(c->srv->limit, c, true);
}

int http_guess_wait(struct http_ctx *c)
{
    return bucket(c->srv->failures, c, false);
}

void http_guess_failed(struct http_ctx *c)
{
    bucket(c->srv->failures, c, true);
}

void http_retry_after(struct http_ctx *c, int seconds)
{
    char value[16];
    snprintf(value, sizeof value, "%d", seconds);
    http_add_header(c, "Retry-After", value);
}
