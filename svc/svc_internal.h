/* svc_internal.h: what the files of svc/ share. Nobody outside svc/
 * includes it. */
#ifndef SVC_INTERNAL_H
#define SVC_INTERNAL_H

#include "svc/svc.h"

/* entries answers of at most max_bytes each, and the change marks of
 * offices offices (the configuration's, in its order). */
struct svc_cache *svc_cache_create(size_t entries, size_t max_bytes, size_t offices);
void svc_cache_free(struct svc_cache *c);
/* Stamps office's days first..last (whole: every day of it; office NULL:
 * everything) with the change clock's next tick, now. */
void svc_cache_mark(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                    bool whole);
/* The look-ups' counters, for /metrics. */
void svc_cache_metrics_write(struct svc *s, struct fh_buf *b);
struct svc_uploads *svc_uploads_create(void);
void svc_uploads_free(struct svc_uploads *u);

#endif
