/* api_limit.c: how often one client address may ask for a booking, as a
 * token bucket per address: a rush of couples is served, a script hammering
 * the endpoint gets 429 rate_limited with Retry-After. Loopback clients are
 * not limited unless the configuration says so (a reverse proxy or the tests
 * on this machine). The table of addresses is bounded: when it is full, the
 * buckets that have refilled are forgotten first, else all of them. */
#include "api/api_internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_TABLE 4096

struct bucket {
    char addr[INET6_ADDRSTRLEN];
    double tokens;
    double at; /* monotonic seconds of the last refill */
};

struct api_limit {
    pthread_mutex_t lock;
    struct bucket *buckets;
    size_t count;
    double per_second, burst;
    bool loopback;
};

struct api_limit *api_limit_create(const struct cfg_rate_limit *cfg)
{
    if (cfg->per_minute <= 0)
        return NULL;
    struct api_limit *l = fh_calloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    l->buckets = fh_calloc(LIMIT_TABLE, sizeof *l->buckets);
    l->per_second = cfg->per_minute / 60.0;
    l->burst = cfg->burst > 0 ? cfg->burst : 1;
    l->loopback = cfg->loopback;
    return l;
}

void api_limit_free(struct api_limit *l)
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

/* The client's address as text; false when it is loopback (or unknown). */
static bool client_address(struct MHD_Connection *conn, char out[INET6_ADDRSTRLEN], bool *loopback)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL)
        return false;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, out, INET6_ADDRSTRLEN);
        *loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, out, INET6_ADDRSTRLEN);
        *loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
        return true;
    }
    return false;
}

bool api_limit_allow(struct api_limit *l, struct api_ctx *c)
{
    char addr[INET6_ADDRSTRLEN];
    bool loopback = false;
    if (l == NULL || !client_address(c->conn, addr, &loopback) || (loopback && !l->loopback))
        return true;
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
    if (!ok) {
        char retry[16];
        snprintf(retry, sizeof retry, "%d", (int)wait + 1);
        api_add_header(c, "Retry-After", retry);
        api_reply_error(c, MHD_HTTP_TOO_MANY_REQUESTS, "rate_limited",
                        "too many booking requests from this address; try again shortly", NULL);
    }
    return ok;
}
