/* api.h: the HTTP JSON API of flexhours (the booking API of DESIGN.md and
 * the managers' endpoints): a face of the request layer (http/) that owns
 * /api/ and /healthz and answers every error as JSON. */
#ifndef API_H
#define API_H

#include "http/http.h"

extern const struct http_face api_face;

#endif
