/* cli_serve.c: `flexhours serve`, the API and the pages on the configured address
 * until SIGTERM or SIGINT: then it stops accepting, lets the requests in
 * flight finish, closes the store and exits 0. SIGHUP checks the
 * configuration file again without stopping (check_again()). */
#include "src/cli.h"

#include "api/api.h"
#include "http/http.h"
#include "notifier/notify.h"
#include "store/store.h"
#include "svc/svc.h"
#include "web/web.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long requests in flight get to finish on shutdown: with the writer's
 * last group and the daemon's stop, the process is gone within 10 s of
 * SIGTERM (what service managers wait before they kill). */
/* Seconds between two lapse passes: a booking lapses within half a minute
 * of its time. */
#define LAPSE_EVERY 30
#define GRACE_MS    8000

/* SIGHUP: the configuration file is read and checked again, and the log
 * flushed. The server keeps the configuration it started with (its parts
 * are held by the cache, the calendar, the worker and the request layer
 * without a way to swap them yet), so a good file takes effect at the next
 * start and a bad one is reported before that start would fail on it. */
static void check_again(const struct cli_common *common)
{
    if (common->config_path == NULL) {
        fh_log(FH_LOG_INFO, "SIGHUP: serving the embedded demo configuration; nothing to read");
        return;
    }
    char err[FH_ERR_LEN] = "";
    struct fh_config *next = NULL;
    if (cfg_load_file(common->config_path, &next, err, sizeof err) != FH_OK)
        fh_log(FH_LOG_ERROR, "SIGHUP: the configuration is not valid, kept the one in force: %s",
               err);
    else
        fh_log(FH_LOG_WARN, "SIGHUP: %s is valid; it takes effect when the server is restarted",
               common->config_path);
    cfg_free(next);
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

    /* Every request logs a line; a write(2) each would cost more than the
     * request on a small virtual machine. The log is buffered and flushed
     * every second (below) and at exit: a crash loses at most that second. */
    static char log_buf[64 * 1024];
    setvbuf(stderr, log_buf, _IOFBF, sizeof log_buf);

    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    const char *db_path = common->db_path ? common->db_path : cfg->database;
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
    struct notify_worker_options wopt = {cfg, st, cfg->outbox_log, 0};
    if (notify_worker_create(&wopt, &worker, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours serve: %s\n", err);
        status = CLI_CONFIG;
        goto out;
    }
    /* The calendar is read once: a `calendar import` takes effect at the
     * next start. */
    if ((cal = cli_build_calendar(cfg, st, err, sizeof err)) == NULL) {
        fprintf(stderr, "flexhours serve: %s: %s\n", db_path, err);
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

    svc = svc_create(cfg, st, cal);
    /* What lapsed while the server was down lapses before anybody sees it. */
    svc_lapse_pass(svc);
    /* The API owns /api/ and /healthz; the pages everything else. */
    static const struct http_face *const faces[] = {&api_face, &web_face};
    struct http_options opt = {
        .svc = svc,
        .listen = listen,
        .rate_limit = &cfg->rate_limit,
        .trusted_proxies = cfg->trusted_proxies,
        .trusted_proxy_count = cfg->trusted_proxy_count,
        .metrics_allow = cfg->metrics_allow,
        .metrics_allow_count = cfg->metrics_allow_count,
        .faces = faces,
        .face_count = sizeof faces / sizeof faces[0],
    };
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
    while ((sig = sigtimedwait(&stop, NULL, &second)) < 0 || sig == SIGHUP) {
        if (sig == SIGHUP)
            check_again(common);
        else if (++waited % LAPSE_EVERY == 0)
            svc_lapse_pass(svc);
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
