/* svc_cache.c: a small cache of answers (encoded slot listings, day pages). Many citizens ask for
 * the same office, service and month at once (a popular wedding date), and
 * the answer only changes when a booking changes or the clock reaches the
 * next minute; so an answer is kept with the server's write generation and
 * the minute it was computed for, and served again while both still hold. */
#include "svc/svc_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_KEY_LEN 160

struct cache_entry {
    char key[CACHE_KEY_LEN];
    uint64_t generation; /* the service's write generation it was computed at */
    fh_minute now;       /* the minute it was computed for */
    char *text;          /* malloc'd; NULL for an empty entry */
    size_t len;
};

struct svc_cache {
    pthread_mutex_t lock;
    struct cache_entry *entries;
    size_t count, next; /* next: the entry the next insertion replaces */
    size_t max_bytes;   /* larger answers are not kept */
};

struct svc_cache *svc_cache_create(size_t entries, size_t max_bytes)
{
    struct svc_cache *c = fh_calloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->entries = fh_calloc(entries, sizeof *c->entries);
    c->count = entries;
    c->max_bytes = max_bytes;
    return c;
}

void svc_cache_free(struct svc_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++)
        free(c->entries[i].text);
    free(c->entries);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

char *svc_cache_get(struct svc *s, const char *key, uint64_t generation, fh_minute now)
{
    struct svc_cache *c = s->cache;
    char *copy = NULL;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->count; i++) {
        struct cache_entry *e = &c->entries[i];
        if (e->text == NULL || e->generation != generation || e->now != now ||
            strcmp(e->key, key) != 0)
            continue;
        /* A copy: the answer it becomes is freed once it is sent. */
        copy = fh_malloc(e->len + 1);
        memcpy(copy, e->text, e->len + 1);
        break;
    }
    pthread_mutex_unlock(&c->lock);
    return copy;
}

void svc_cache_put(struct svc *s, const char *key, uint64_t generation, fh_minute now,
                   const char *text)
{
    struct svc_cache *c = s->cache;
    size_t len = strlen(text), klen = strlen(key);
    if (len > c->max_bytes || klen >= CACHE_KEY_LEN)
        return;
    char *copy = fh_malloc(len + 1);
    memcpy(copy, text, len + 1);
    pthread_mutex_lock(&c->lock);
    struct cache_entry *e = NULL;
    for (size_t i = 0; i < c->count && e == NULL; i++)
        if (c->entries[i].text != NULL && strcmp(c->entries[i].key, key) == 0)
            e = &c->entries[i]; /* replace the stale answer to the same question */
    if (e == NULL) {
        e = &c->entries[c->next];
        c->next = (c->next + 1) % c->count;
    }
    free(e->text);
    memcpy(e->key, key, klen + 1);
    e->generation = generation;
    e->now = now;
    e->text = copy;
    e->len = len;
    pthread_mutex_unlock(&c->lock);
}
