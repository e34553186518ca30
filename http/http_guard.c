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
    atomic_int state; /* an enum guard_state; atomic since the slot changes without the lock */
    int fd;
    char addr[INET6_ADDRSTRLEN]; /* the client's address */
    atomic_long since;           /* monotonic milliseconds the state began */
    bool cut;                    /* shut down already */
};

struct http_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    struct guard_slot *slots;
    size_t count;
    long head_ms, body_ms;
    atomic_ulong cut_total;
};

static long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
        long now = monotonic_ms();
        for (size_t i = 0; i < g->count; i++) {
            struct guard_slot *s = &g->slots[i];
            int state = atomic_load(&s->state);
            long limit = state == GUARD_HEAD ? g->head_ms : state == GUARD_BODY ? g->body_ms : 0;
            if (limit <= 0 || s->cut || now - atomic_load(&s->since) < limit)
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
    g->head_ms = head_seconds * 1000L;
    g->body_ms = body_seconds * 1000L;
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

void *http_guard_open(struct http_guard *g, int fd, const char *addr, size_t cap, bool *over)
{
    struct guard_slot *found = NULL;
    size_t same = 0;
    *over = false;
    pthread_mutex_lock(&g->lock);
    /* Counted and taken under one lock: connections accepted at once by
     * several threads all passed the accept policy's count before any was
     * registered, so this is where the cap holds exactly. */
    for (size_t i = 0; i < g->count; i++) {
        bool free_slot = atomic_load(&g->slots[i].state) == GUARD_FREE;
        if (free_slot && found == NULL)
            found = &g->slots[i];
        else if (!free_slot && cap > 0 && strcmp(g->slots[i].addr, addr) == 0)
            same++;
    }
    if (cap > 0 && same >= cap) {
        *over = true;
        found = NULL;
    } else if (found != NULL) {
        found->fd = fd;
        found->cut = false;
        snprintf(found->addr, sizeof found->addr, "%s", addr);
        atomic_store(&found->since, monotonic_ms());
        atomic_store(&found->state, GUARD_HEAD);
    }
    pthread_mutex_unlock(&g->lock);
    return found; /* NULL: more connections than slots; libmicrohttpd's own cap holds */
}

size_t http_guard_count(struct http_guard *g, const char *addr)
{
    size_t n = 0;
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->count; i++)
        n += atomic_load(&g->slots[i].state) != GUARD_FREE && strcmp(g->slots[i].addr, addr) == 0;
    pthread_mutex_unlock(&g->lock);
    return n;
}

static void set(struct http_guard *g, void *slot, enum guard_state state)
{
    struct guard_slot *s = slot;
    (void)g;
    if (s == NULL)
        return;
    /* The slot is this connection's until it closes: no lock, but never
     * bring a closed (free) slot back to life. */
    atomic_store(&s->since, monotonic_ms());
    int current = atomic_load(&s->state);
    while (current != GUARD_FREE && !atomic_compare_exchange_weak(&s->state, &current, state))
        ;
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
    atomic_store(&s->state, GUARD_FREE);
    pthread_mutex_unlock(&g->lock);
}

unsigned long http_guard_cuts(struct http_guard *g)
{
    return atomic_load(&g->cut_total);
}
