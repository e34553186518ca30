/* notify_internal.h: what the notifier's own files share and nobody else
 * sees: a growing byte buffer, UTF-8 decoding, and the outcome writer that
 * keeps personal data out of reasons. */
#ifndef NOTIFY_INTERNAL_H
#define NOTIFY_INTERNAL_H

#include "notifier/notify.h"

#include <stdint.h>

struct notify_buf {
    char *p; /* NUL-terminated once anything was added */
    size_t len, cap;
};

void notify_buf_add(struct notify_buf *b, const char *s, size_t n);
void notify_buf_adds(struct notify_buf *b, const char *s);
void notify_buf_printf(struct notify_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the text over to the caller (never NULL) and empties the buffer. */
char *notify_buf_take(struct notify_buf *b);

bool notify_utf8_valid(const char *s, size_t n);

/* Fills an outcome; the reason becomes one printable line with every token
 * holding an '@' replaced by "<address>". */
void notify_outcome_set(struct notify_outcome *o, enum notify_status status, int code,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
