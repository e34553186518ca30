/* fh_alloc.c: allocation wrappers that abort on exhaustion (the project's
 * out-of-memory policy; every outside input has a hard size cap instead). */
#include "common/fh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *checked(void *p, size_t n)
{
    if (p == NULL && n != 0)
        fh_fatal("out of memory allocating %zu bytes", n);
    return p;
}

void *fh_malloc(size_t n)
{
    return checked(malloc(n ? n : 1), n ? n : 1);
}

void *fh_calloc(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        count = size = 1;
    return checked(calloc(count, size), count * size);
}

void *fh_realloc(void *p, size_t n)
{
    return checked(realloc(p, n ? n : 1), n ? n : 1);
}

void *fh_grow(void *p, size_t size, size_t *cap, size_t need)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            fh_fatal("array of %zu elements is too large", need);
        n *= 2;
    }
    *cap = n;
    return fh_realloc(p, n * size);
}

char *fh_strdup(const char *s)
{
    return fh_strndup(s, strlen(s));
}

char *fh_strndup(const char *s, size_t n)
{
    char *copy = fh_malloc(n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *fh_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        fh_fatal("fh_asprintf: bad format");
    char *out = fh_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}
