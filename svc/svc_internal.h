/* svc_internal.h: what the files of svc/ share. Nobody outside svc/
 * includes it. */
#ifndef SVC_INTERNAL_H
#define SVC_INTERNAL_H

#include "svc/svc.h"

struct svc_cache *svc_cache_create(size_t entries, size_t max_bytes);
void svc_cache_free(struct svc_cache *c);
struct svc_uploads *svc_uploads_create(void);
void svc_uploads_free(struct svc_uploads *u);

#endif
