/* api.h: the HTTP JSON API of flexhours (the booking API of DESIGN.md and the
 * managers' endpoints), served by libmicrohttpd. Only api/ sees
 * microhttpd.h; callers get an opaque server they start and stop. */
#ifndef API_H
#define API_H

#include "common/fh.h"
#include "config/cfg.h"

struct store;
struct sched_calendar;

struct api_options {
    const struct fh_config *cfg;      /* read-only for the server's lifetime */
    struct store *store;              /* shared by the server's threads */
    const struct sched_calendar *cal; /* read-only day calendar */
    const char *listen;               /* HOST:PORT; IPv6 hosts in brackets */
    unsigned threads;                 /* worker threads; 0 for the default (4) */
};

struct api_server;

/* Binds and starts serving on the server's own threads. The caller must have
 * blocked the signals it waits for (SIGTERM, SIGINT) before this call, so
 * that the server's threads inherit the mask. FH_EINVAL for a bad listen
 * address, FH_EIO when the socket cannot be bound. */
fh_result api_server_start(const struct api_options *opt, struct api_server **out, char *err,
                           size_t errlen);

/* The TCP port the server listens on. */
int api_server_port(const struct api_server *srv);

/* Stops accepting connections, lets the requests in flight finish (waiting
 * at most grace_ms), then closes every connection and frees the server. */
void api_server_stop(struct api_server *srv, int grace_ms);

#endif
