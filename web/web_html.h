/* web_html.h: the HTML writer of the citizens' pages (internal to web/), after
 * cgit's html.c. A page is built in a growable buffer; every string that came
 * from outside goes through exactly one of web_txt, web_attr or web_url_arg. */
#ifndef WEB_HTML_H
#define WEB_HTML_H

#include <stddef.h>

/* A page being built. Zero-initialise it ({0}); the text in p is always
 * NUL-terminated once anything was written. */
struct web_buf {
    char *p;
    size_t len; /* bytes written, without the NUL */
    size_t cap; /* bytes allocated */
};

/* Frees the text and leaves b empty (and usable again). */
void web_buf_free(struct web_buf *b);
/* Hands over the text: NUL-terminated, malloc'd, the caller frees it (for a
 * response, MHD_RESPMEM_MUST_FREE). len (if not NULL) gets its length without
 * the NUL. b is empty afterwards; an empty buffer gives "". */
char *web_buf_take(struct web_buf *b, size_t *len);

/* The program's own markup, as is: string literals only, never data. */
void web_html(struct web_buf *b, const char *markup);
/* The program's own markup with numbers (%d, %ld, %zu, %02d ...); never %s
 * with data: data goes through the escaping functions below. */
void web_htmlf(struct web_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Text content of an element. Escapes & < > " ' (so text used by mistake in
 * an attribute stays safe), keeps tab and newline, and cleans the characters
 * (below). */
void web_txt(struct web_buf *b, const char *s);
/* Inside a double-quoted attribute value: as web_txt, plus backtick, and tab
 * and newline as character references. It does not make a URL safe: an href
 * is the program's own path with data only through web_url_arg. */
void web_attr(struct web_buf *b, const char *s);
/* Cleaning done by web_txt and web_attr: ill-formed UTF-8 (overlong forms,
 * surrogates, above U+10FFFF, truncated sequences) becomes U+FFFD, one per
 * maximal ill-formed part as browsers decode it; C0 and C1 controls and DEL
 * become U+FFFD; the bidirectional embedding, override and isolate controls
 * (U+202A-U+202E, U+2066-U+2069) are dropped, since they would reorder the
 * page around a name (pages isolate names with <bdi>), while the marks
 * U+200E and U+200F stay; U+2028 and U+2029 become a space. */

/* A path segment or a query value: every byte outside RFC 3986's unreserved
 * set (A-Z a-z 0-9 - . _ ~) as %XX with uppercase hex. The result is also safe
 * inside a double-quoted attribute. */
void web_url_arg(struct web_buf *b, const char *s);

/* All of them write nothing for a NULL string. Out of memory aborts (the
 * fh_ allocation policy). */

#endif
