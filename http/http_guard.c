/* http_guard.c: deadlines that a slow client cannot stretch. libmicrohttpd
 * resets a connection's idle timeout on every byte, so a client dripping a
 * header line every few seconds would hold its connection for ever; with
 * many such connections nobody else gets in. The guard keeps, for every
 * open connection, when it began waiting for a request's head and when its
 * head arrived, and a thread shuts down the socket of one whose head (or
 * body) is late, whatever it has trickled meanwhile. It also counts the
 * connections of each client address, so that one address cannot take
 * every connection. */
#include "http/http_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <stdio.h>
#include <unistd.h>

enum guard_state {
    GUARD_FREE,
    GUARD_HEAD,    /* waiting for a request's head (new or kept alive) */
    GUARD_BODY,    /* the head is in; the body is coming */
    GUARD_WORKING, /* the whole request is in: the service is answering */
};

struct guard_slot {
    enum guard_state state;
    int fd;
    char addr[INET6_ADDRSTRLEN]; /* the client's address */
    double since;                /* monotonic seconds the state began */
    bool cut;                    /* shut down already */
};

struct http_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    struct guard_slot *slots;
    size_t count;
    double head_seconds, body_seconds;
    atomic_ulong cut_total;
};

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *watch(void *arg)
{
    struct http_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        double now = monotonic();
        for (size_t i = 0; i < g->count; i++) {
            struct guard_slot *s = &g->slots[i];
            double limit = s->state == GUARD_HEAD   ? g->head_seconds
                           : s->state == GUARD_BODY ? g->body_seconds
                                                    : 0;
            if (limit <= 0 || s->cut || now - s->since < limit)
                continue;
            /* libmicrohttpd sees the socket fail and closes the connection
             * (and tells us before it closes the descriptor, under this
             * lock: the descriptor cannot have been reused). */
            shutdown(s->fd, SHUT_RDWR);
            s->cut = true;
            atomic_fetch_add(&g->cut_total, 1);
        }
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

struct http_guard *http_guard_start(size_t connections, int head_seconds, int body_seconds)
{
    struct http_guard *g = fh_calloc(1, sizeof *g);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    g->slots = fh_calloc(connections, sizeof *g->slots);
    g->count = connections;
    g->head_seconds = head_seconds;
    g->body_seconds = body_seconds;
    atomic_init(&g->cut_total, 0);
    if (pthread_create(&g->thread, NULL, watch, g) != 0)
        fh_fatal("http: cannot start the connection guard");
    return g;
}

void http_guard_stop(struct http_guard *g)
{
    if (g == NULL)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g->slots);
    free(g);
}

void *http_guard_open(struct http_guard *g, int fd, const char *addr)
{
    struct guard_slot *found = NULL;
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->count && found == NULL; i++)
        if (g->slots[i].state == GUARD_FREE)
            found = &g->slots[i];
    if (found != NULL) {
        *found = (struct guard_slot){.state = GUARD_HEAD, .fd = fd, .since = monotonic()};
        snprintf(found->addr, sizeof found->addr, "%s", addr);
    }
    pthread_mutex_unlock(&g->lock);
    return found; /* NULL: more connections than slots; libmicrohttpd's own cap holds */
}

size_t http_guard_count(struct http_guard *g, const char *addr)
{
    size_t n = 0;
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->count; i++)
        n += g->slots[i].state != GUARD_FREE && strcmp(g->slots[i].addr, addr) == 0;
    pthread_mutex_unlock(&g->lock);
    return n;
}

static void set(struct http_guard *g, void *slot, enum guard_state state)
{
    struct guard_slot *s = slot;
    if (s == NULL)
        return;
    pthread_mutex_lock(&g->lock);
    if (s->state != GUARD_FREE) {
        s->state = state;
        s->since = monotonic();
    }
    pthread_mutex_unlock(&g->lock);
}

void http_guard_head(struct http_guard *g, void *slot)
{
    set(g, slot, GUARD_BODY);
}

void http_guard_working(struct http_guard *g, void *slot)
{
    set(g, slot, GUARD_WORKING);
}

void http_guard_done(struct http_guard *g, void *slot)
{
    set(g, slot, GUARD_HEAD);
}

void http_guard_close(struct http_guard *g, void *slot)
{
    struct guard_slot *s = slot;
    if (s == NULL)
        return;
    pthread_mutex_lock(&g->lock);
    s->state = GUARD_FREE;
    pthread_mutex_unlock(&g->lock);
}

unsigned long http_guard_cuts(struct http_guard *g)
{
    return atomic_load(&g->cut_total);
}
