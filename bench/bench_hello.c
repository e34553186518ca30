/* bench_hello.c: the libmicrohttpd baseline for bench/api.sh and
 * bench/scale.sh: the same daemon set-up as the API (epoll threads, answer
 * on the second handler call so keep-alive holds) answering a constant:
 * {"status":"ok"}, or with BYTES a prebuilt JSON body of exactly that size
 * (to weigh an answer of that size that costs nothing to compute). Only
 * the HTTP module and this baseline include microhttpd.h.
 * Usage: bench_hello PORT [THREADS [BYTES]]; stops on SIGTERM or SIGINT. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hello[] = "{\"status\":\"ok\"}";
static const char *body = hello;
static size_t body_len = sizeof hello - 1;
static int marker;

/* A JSON document of exactly n bytes (n >= 16): slot-like objects in an
 * array, padded with spaces, so that it compresses and copies like a
 * listing. Never freed: it lives as long as the server. */
static char *make_body(size_t n)
{
    static const char item[] = "{\"start\":\"2026-03-02T08:00:00+08:00\",\"end\":"
                               "\"2026-03-02T08:30:00+08:00\",\"window\":\"regular\","
                               "\"remaining\":300}";
    char *b = malloc(n + 1);
    if (b == NULL)
        return NULL;
    size_t len = 0;
    len += (size_t)snprintf(b, n + 1, "{\"slots\":[");
    while (len + sizeof item + 2 < n) {
        memcpy(b + len, item, sizeof item - 1);
        len += sizeof item - 1;
        b[len++] = ',';
    }
    if (b[len - 1] == ',')
        len--;
    b[len++] = ']';
    while (len < n - 1)
        b[len++] = ' ';
    b[len++] = '}';
    b[len] = '\0';
    return b;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload_data;
    if (*req_cls == NULL) {
        *req_cls = &marker; /* first call: headers only */
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(body_len, (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ok = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_hello PORT [THREADS [BYTES]]\n");
        return 64;
    }
    char *end;
    unsigned long port = strtoul(argv[1], &end, 10);
    unsigned long threads = argc > 2 ? strtoul(argv[2], NULL, 10) : 4;
    if (*end != '\0' || port == 0 || port > 65535)
        return 64;
    if (argc > 3) {
        unsigned long bytes = strtoul(argv[3], &end, 10);
        if (*end != '\0' || bytes < 16 || bytes > 16 * 1024 * 1024)
            return 64;
        if ((body = make_body(bytes)) == NULL)
            return 1;
        body_len = bytes;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_OptionItem ops[] = {
        {MHD_OPTION_SOCK_ADDR, 0, &sa},
        {MHD_OPTION_CONNECTION_TIMEOUT, 30, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, 1024, NULL},
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)threads, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
        on_request, NULL, MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "bench_hello: cannot listen on 127.0.0.1:%lu\n", port);
        return 1;
    }
    int sig;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return 0;
}
