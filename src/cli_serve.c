/* cli_serve.c: `flexhours serve`, the API and the pages on the configured address
 * until SIGTERM or SIGINT: then it stops accepting, lets the requests in
 * flight finish, closes the store and exits 0. SIGHUP reads the
 * configuration file again and puts it in force without stopping
 * (reload()). */
#include "src/cli.h"

#include "api/api.h"
#include "http/http.h"
#include "notifier/notify.h"
#include "store/store.h"
#include "svc/svc.h"
#include "web/web.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds between two lapse passes: a booking lapses within half a minute
 * of its time. */
#define LAPSE_EVERY 30
/* How long requests in flight get to finish on shutdown: with the writer's
 * last group and the daemon's stop, the process is gone within 10 s of
 * SIGTERM (what service managers wait before they kill). */
#define GRACE_MS 8000

/* The server is meant to stay small (peak RSS under 32 MiB in a rush and
 * with a million bookings, bench/scale.sh). glibc gives every thread that
 * allocates an arena of its own (up to 8 per core), and what one arena
 * frees only that arena reuses: after a listing load on 40,000 bookings,
 * seven arenas held 39 MiB for 14 MiB in use. Two arenas keep that waste
 * to one spare heap, and the HTTP threads still rarely wait on each
 * other's malloc. Blocks from 128 KiB (a listing's bookings) are mapped on
 * their own and unmapped when freed, so a burst of large listings leaves
 * nothing behind; fixing the threshold stops glibc from raising it as
 * such blocks are freed (they would then stay in the arenas). Not lower:
 * at 64 KiB, the 85 KiB page-cache block SQLite takes as a transaction
 * begins (14 times a booking) was mapped and unmapped each time, which
 * halved the bookings a second. The top of a heap goes back to the
 * system once 1 MiB of it is free: at 256 KiB the two busy heaps shrank
 * and grew again every few listings, for some 5% more CPU a listing.
 * Process-wide: set before any thread exists. */
static void bound_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
#endif
}

/* What a reload works on. */
struct serve {
    const struct cli_common *common;
    const char *listen;            /* --listen, or NULL */
    const struct fh_config *first; /* started with: what needs a restart stays as it says */
    struct svc *svc;
    struct http_server *srv;
};

/* The request layer's part of a configuration. */
static struct http_options http_part(const struct fh_config *cfg)
{
    return (struct http_options){
        .rate_limit = &cfg->rate_limit,
        .trusted_proxies = cfg->trusted_proxies,
        .trusted_proxy_count = cfg->trusted_proxy_count,
        .metrics_allow = cfg->metrics_allow,
        .metrics_allow_count = cfg->metrics_allow_count,
    };
}

static bool same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Logs each setting of next that the running server cannot take up
 * without a restart (its socket, its store, its key file, its SMTP
 * client, its outbox file are made once, from the first configuration);
 * how many. */
static int restart_only(const struct serve *sv, const struct fh_config *next)
{
    const struct fh_config *was = sv->first;
    const struct {
        const char *key;
        bool changed;
    } keys[] = {
        {"listen", sv->listen == NULL && !same_text(was->listen, next->listen)},
        {"database", sv->common->db_path == NULL && !same_text(was->database, next->database)},
        {"key_file", !same_text(was->key_file, next->key_file)},
        {"outbox_log", !same_text(was->outbox_log, next->outbox_log)},
        {"smtp", !same_text(was->smtp.host, next->smtp.host) || was->smtp.port != next->smtp.port ||
                     was->smtp.starttls != next->smtp.starttls ||
                     !same_text(was->smtp.username, next->smtp.username) ||
                     !same_text(was->smtp.password, next->smtp.password) ||
                     !same_text(was->smtp.from, next->smtp.from)},
    };
    int n = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].changed) {
            fh_log(FH_LOG_WARN, "event=reload key=%s outcome=changed applies=restart", keys[i].key);
            n++;
        }
    return n;
}

/* SIGHUP: the configuration file is read and checked in full, as
 * check-config does. A bad one is logged and the one in force kept; a good
 * one is put in force for the requests that start from now on (those in
 * flight finish with theirs, svc_reload()), the request layer's limits and
 * address lists follow it, and what needs a restart is named. The log is
 * standard error, which the service manager owns (nothing to reopen): it
 * is flushed. */
static void reload(const struct serve *sv)
{
    const char *path = sv->common->config_path;
    if (path == NULL) {
        fh_log(FH_LOG_INFO, "event=reload outcome=none reason=\"serving the embedded demo "
                            "configuration; nothing to read\"");
        return;
    }
    char err[FH_ERR_LEN] = "";
    struct fh_config *next = NULL;
    if (cfg_load_file(path, &next, err, sizeof err) != FH_OK) {
        /* err names the file and the JSON path; quotes kept out of the pair. */
        for (char *p = err; *p != '\0'; p++)
            if (*p == '"' || *p == '\\' || *p == '\n')
                *p = '\'';
        fh_log(FH_LOG_ERROR, "event=reload outcome=invalid kept=previous error=\"%s\"", err);
        return;
    }
    if (sv->listen != NULL && next->public_url_from_listen) {
        /* As at the start: links must reach the address actually served. */
        free(next->public_url);
        next->public_url = fh_asprintf("http://%s", sv->listen);
    }
    int later = restart_only(sv, next);
    size_t offices = next->office_count;
    if (svc_reload(sv->svc, next, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "event=reload outcome=failed kept=previous error=\"%s\"", err);
        return;
    }
    /* The request layer copies its part of the configuration now in force
     * (held: only this thread reloads, but the hold says it). */
    struct svc *now = svc_hold(sv->svc);
    struct http_options opt = http_part(now->cfg);
    http_server_configure(sv->srv, &opt);
    svc_release(now);
    fh_log(FH_LOG_INFO, "event=reload outcome=applied offices=%zu restart_needed=%d", offices,
           later);
}

/* The outbox worker's configuration per pass: the one in force. */
static const struct fh_config *worker_hold(void *arg, void **token)
{
    struct svc *now = svc_hold(arg);
    *token = now;
    return now->cfg;
}

static void worker_release(void *arg, void *token)
{
    (void)arg;
    svc_release(token);
}

int cli_serve(const struct cli_common *common, int argc, char **argv)
{
    const char *listen = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            listen = argv[++i];
        } else {
            fprintf(stderr, "usage: flexhours serve [--config FILE] [--db FILE] "
                            "[--listen HOST:PORT]\n");
            return CLI_USAGE;
        }
    }

    bound_malloc();

    /* Every request logs a line; a write(2) each would cost more than the
     * request on a small virtual machine. The log is buffered and flushed
     * every second (below) and at exit: a crash loses at most that second. */
    static char log_buf[64 * 1024];
    setvbuf(stderr, log_buf, _IOFBF, sizeof log_buf);

    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    const char *db_path = common->db_path ? common->db_path : cfg->database;
    const char *listen_arg = listen;
    if (listen == NULL) {
        listen = cfg->listen;
    } else if (cfg->public_url_from_listen) {
        /* Links in messages must reach the address actually served. */
        free(cfg->public_url);
        cfg->public_url = fh_asprintf("http://%s", listen);
    }

    int status = CLI_FAIL;
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    struct sched_calendar *cal = NULL;
    struct svc *svc = NULL;
    struct http_server *srv = NULL;
    struct notify_worker *worker = NULL;
    if (notify_global_init(err, sizeof err) != FH_OK ||
        cli_open_store(cfg, common, &st, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours serve: %s\n", err);
        goto out;
    }
    /* A damaged file is found now, not by the first citizen to book. */
    if (store_quick_check(st, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours serve: %s: %s\n", db_path, err);
        goto out;
    }
    store_set_reminders(st, &cfg->notifier.reminders);
    /* The calendar is read once here; an import, a closure, a roster or a
     * reload replaces it in the service. */
    if ((cal = cli_build_calendar(cfg, st, err, sizeof err)) == NULL) {
        fprintf(stderr, "flexhours serve: %s: %s\n", db_path, err);
        goto out;
    }
    svc = svc_create(cfg, st, cal);
    /* A pass holds each message it sends with its booking (about 5 KiB),
     * so the worker's default of 500 held 2.7 MiB while a rush's
     * confirmations drained; 100 a pass (one SMTP session each) is 0.5 MiB
     * and as quick, as `flexhours outbox send` does. */
    struct notify_worker_options wopt = {
        .cfg = cfg,
        .store = st,
        .outbox_file = cfg->outbox_log,
        .batch = 100,
        .hold = worker_hold,
        .release = worker_release,
        .hold_arg = svc,
    };
    if (notify_worker_create(&wopt, &worker, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours serve: %s\n", err);
        status = CLI_CONFIG;
        goto out;
    }

    /* Block the stop signals before the server's threads exist, so that they
     * inherit the mask and only sigwait() below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* What lapsed while the server was down lapses before anybody sees it. */
    svc_lapse_pass(svc);
    /* The API owns /api/ and /healthz; the pages everything else. */
    static const struct http_face *const faces[] = {&api_face, &web_face};
    struct http_options opt = http_part(cfg);
    opt.svc = svc;
    opt.listen = listen;
    opt.faces = faces;
    opt.face_count = sizeof faces / sizeof faces[0];
    if (notify_worker_start(worker, err, sizeof err) != FH_OK ||
        http_server_start(&opt, &srv, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours serve: %s\n", err);
        status = CLI_CONFIG;
        goto out;
    }
    fh_log(FH_LOG_INFO, "serving %zu office%s on %s (port %d), database %s, messages %s",
           cfg->office_count, cfg->office_count == 1 ? "" : "s", listen, http_server_port(srv),
           db_path, cfg->smtp.host || cfg->sms.provider ? "sent" : "to the outbox file");

    /* The lapse pass, every LAPSE_EVERY seconds of waiting (and once
     * before the server answered anybody, above). */
    int sig, waited = 0;
    const struct timespec second = {1, 0};
    const struct serve sv = {common, listen_arg, cfg, svc, srv};
    while ((sig = sigtimedwait(&stop, NULL, &second)) < 0 || sig == SIGHUP) {
        if (sig == SIGHUP) {
            reload(&sv);
        } else if (++waited % LAPSE_EVERY == 0) {
            struct svc *now = svc_hold(svc); /* the offices in force */
            svc_lapse_pass(now);
            svc_release(now);
        }
        fflush(stderr);
    }
    fh_log(FH_LOG_INFO, "%s: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    http_server_stop(srv, GRACE_MS);
    /* The worker finishes the pass it is in; what is left stays queued. */
    notify_worker_free(worker);
    worker = NULL;
    fh_log(FH_LOG_INFO, "stopped");
    fflush(stderr);
    status = CLI_OK;
out:
    notify_worker_free(worker);
    svc_free(svc);
    sched_calendar_free(cal);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
