/* http_metrics.c: the request layer's counters (requests by route pattern,
 * method and status; latency histograms per route; group-commit sizes) and
 * /metrics, which writes them with the svc's and common's in Prometheus'
 * text format. A route is its pattern in the route table, never the path
 * asked for, so the series are as many as the routes. */
#include "http/http_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statuses the faces answer with; anything else counts as "other". */
static const int status_codes[HTTP_STATUS_SLOTS - 1] = {200, 201, 303, 304, 400, 401, 403, 404,
                                                        405, 409, 413, 415, 422, 429, 500, 503};
/* Upper bounds of the latency buckets, in seconds (the last is +Inf). */
static const double latency_bounds[HTTP_LATENCY_BUCKETS - 1] = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
/* Upper bounds of the group-commit size buckets (GROUP_MAX is 64). */
static const unsigned group_bounds[] = {1, 2, 4, 8, 16, 32, 64};
#define GROUP_BUCKETS (sizeof group_bounds / sizeof group_bounds[0] + 1)
static atomic_ulong group_buckets[GROUP_BUCKETS];
static atomic_ulong group_sum;

struct http_route_stats {
    atomic_ulong status[HTTP_STATUS_SLOTS];
    atomic_ulong latency[HTTP_LATENCY_BUCKETS];
    atomic_ulong latency_us; /* the sum, in microseconds */
};

void http_metrics_init(struct http_server *srv)
{
    size_t n = 0;
    for (size_t f = 0; f < srv->face_count; f++) {
        srv->route_base[f] = n;
        n += srv->faces[f]->route_count;
    }
    srv->route_slots = n + 2; /* and "none" (no route answered), and /metrics */
    srv->route_stats = fh_calloc(srv->route_slots, sizeof *srv->route_stats);
}

void http_metrics_free(struct http_server *srv)
{
    free(srv->route_stats);
}

static void route_label(const struct http_server *srv, size_t slot, const char **pattern,
                        const char **method)
{
    *pattern = "none";
    *method = "any";
    if (slot == srv->route_slots - 1) {
        *pattern = "/metrics";
        *method = "GET";
        return;
    }
    for (size_t f = 0; f < srv->face_count; f++) {
        size_t base = srv->route_base[f];
        if (slot >= base && slot < base + srv->faces[f]->route_count) {
            const struct http_route *r = &srv->faces[f]->routes[slot - base];
            *pattern = r->pattern;
            *method = r->method == HTTP_POST ? "POST" : r->method == HTTP_DELETE ? "DELETE" : "GET";
        }
    }
}

void http_metrics_request(struct http_server *srv, const struct http_request *req, double seconds)
{
    size_t slot = req->route > 0 ? req->route - 1 : srv->route_slots - 2;
    struct http_route_stats *s = &srv->route_stats[slot];
    size_t i = 0;
    while (i < HTTP_STATUS_SLOTS - 1 && status_codes[i] != req->status)
        i++;
    atomic_fetch_add_explicit(&s->status[i], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < HTTP_LATENCY_BUCKETS - 1 && seconds > latency_bounds[b])
        b++;
    atomic_fetch_add_explicit(&s->latency[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->latency_us, (unsigned long)(seconds * 1e6), memory_order_relaxed);
}

const char *http_metrics_route(const struct http_server *srv, const struct http_request *req)
{
    const char *pattern, *method;
    route_label(srv, req->route > 0 ? req->route - 1 : srv->route_slots - 2, &pattern, &method);
    return pattern;
}

void http_metrics_group(size_t n)
{
    size_t b = 0;
    while (b < GROUP_BUCKETS - 1 && n > group_bounds[b])
        b++;
    atomic_fetch_add_explicit(&group_buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&group_sum, n, memory_order_relaxed);
}

static void write_requests(const struct http_server *srv, struct fh_buf *b)
{
    fh_buf_printf(b, "# HELP flexhours_http_requests_total Requests answered, by route pattern, "
                     "method and status.\n# TYPE flexhours_http_requests_total counter\n");
    for (size_t r = 0; r < srv->route_slots; r++) {
        const char *pattern, *method;
        route_label(srv, r, &pattern, &method);
        for (size_t i = 0; i < HTTP_STATUS_SLOTS; i++) {
            unsigned long v =
                atomic_load_explicit(&srv->route_stats[r].status[i], memory_order_relaxed);
            if (v == 0)
                continue; /* a route's series appear with its first answer */
            char code[8] = "other";
            if (i < HTTP_STATUS_SLOTS - 1)
                snprintf(code, sizeof code, "%d", status_codes[i]);
            fh_buf_printf(b,
                          "flexhours_http_requests_total{route=\"%s\",method=\"%s\",status=\"%s\"} "
                          "%lu\n",
                          pattern, method, code, v);
        }
    }
    fh_buf_printf(b, "# HELP flexhours_http_request_duration_seconds Time from a request's head "
                     "to its answer sent, by route pattern.\n"
                     "# TYPE flexhours_http_request_duration_seconds histogram\n");
    for (size_t r = 0; r < srv->route_slots; r++) {
        const struct http_route_stats *s = &srv->route_stats[r];
        unsigned long count = 0;
        for (size_t i = 0; i < HTTP_LATENCY_BUCKETS; i++)
            count += atomic_load_explicit(&s->latency[i], memory_order_relaxed);
        if (count == 0)
            continue;
        const char *pattern, *method;
        route_label(srv, r, &pattern, &method);
        unsigned long cumulative = 0;
        for (size_t i = 0; i < HTTP_LATENCY_BUCKETS; i++) {
            cumulative += atomic_load_explicit(&s->latency[i], memory_order_relaxed);
            char le[16] = "+Inf";
            if (i < HTTP_LATENCY_BUCKETS - 1)
                snprintf(le, sizeof le, "%g", latency_bounds[i]);
            fh_buf_printf(b,
                          "flexhours_http_request_duration_seconds_bucket{route=\"%s\",method=\"%"
                          "s\",le=\"%s\"} %lu\n",
                          pattern, method, le, cumulative);
        }
        fh_buf_printf(b,
                      "flexhours_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} "
                      "%.6f\n"
                      "flexhours_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} "
                      "%lu\n",
                      pattern, method,
                      (double)atomic_load_explicit(&s->latency_us, memory_order_relaxed) / 1e6,
                      pattern, method, cumulative);
    }
}

static void write_groups(struct fh_buf *b)
{
    fh_buf_printf(b, "# HELP flexhours_group_commit_size Changes written by one group commit "
                     "(one fsync).\n# TYPE flexhours_group_commit_size histogram\n");
    unsigned long cumulative = 0;
    for (size_t i = 0; i < GROUP_BUCKETS; i++) {
        cumulative += atomic_load_explicit(&group_buckets[i], memory_order_relaxed);
        if (i < GROUP_BUCKETS - 1)
            fh_buf_printf(b, "flexhours_group_commit_size_bucket{le=\"%u\"} %lu\n", group_bounds[i],
                          cumulative);
        else
            fh_buf_printf(b, "flexhours_group_commit_size_bucket{le=\"+Inf\"} %lu\n", cumulative);
    }
    fh_buf_printf(b, "flexhours_group_commit_size_sum %lu\nflexhours_group_commit_size_count %lu\n",
                  atomic_load_explicit(&group_sum, memory_order_relaxed), cumulative);
}

/* Whether the client may scrape: one of the configured addresses, or, with
 * none configured, loopback. The client is who http_client_address() says,
 * so a reverse proxy on loopback does not open /metrics to the world. */
static bool allowed(const struct http_ctx *c)
{
    static const struct cfg_net loopback[] = {
        {AF_INET, {127}, 8},
        {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128},
    };
    char text[INET6_ADDRSTRLEN];
    unsigned char addr[16];
    if (!http_client_address(c, text, sizeof text))
        return false;
    int family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
    if (inet_pton(family, text, addr) != 1)
        return false;
    struct http_server *srv = c->srv;
    pthread_rwlock_rdlock(&srv->nets_lock); /* the list a reload replaces */
    bool yes = srv->metrics_allow_count > 0
                   ? cfg_net_contains(srv->metrics_allow, srv->metrics_allow_count, family, addr)
                   : cfg_net_contains(loopback, 2, family, addr);
    pthread_rwlock_unlock(&srv->nets_lock);
    return yes;
}

void http_metrics_serve(struct http_ctx *c)
{
    c->req->route = c->srv->route_slots; /* the last slot: /metrics */
    if (strcmp(c->method, "GET") != 0) {
        http_add_header(c, "Allow", "GET, HEAD");
        http_reply(c, HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                   fh_strdup("GET only\n"));
        return;
    }
    if (!allowed(c)) {
        http_reply(c, HTTP_FORBIDDEN, "text/plain; charset=utf-8",
                   fh_strdup("metrics are not served to this address\n"));
        return;
    }
    struct fh_buf b = {NULL, 0, 0};
    write_requests(c->srv, &b);
    write_groups(&b);
    svc_metrics_write(c->svc, &b);
    fh_metrics_write(&b);
    http_reply(c, HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.data);
}
