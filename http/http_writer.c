/* http_writer.c: one thread that runs the bookings' write transactions. The
 * requests that queue up while one group is being written form the next
 * group: each booking in a savepoint of one transaction, one fsync for all
 * (group commit), and no answer leaves before that fsync. The HTTP threads
 * park the connection (MHD_suspend_connection) and pick the answer up on
 * resume. */
#include "http/http_internal.h"

#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct http_writer {
    struct svc *svc;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct http_request *head, *tail; /* queued requests, by arrival */
    bool stop;                        /* finish the queue, then exit */
};

/* The most requests one group commit carries: enough to share an fsync
 * among a rush's bookings, few enough that the first waits little. */
#define GROUP_MAX 64

/* Runs every request of a group inside one store transaction, commits it
 * (one fsync for all), then hands each answer back. When the commit fails,
 * none of the group was stored: every answer that said it was is replaced
 * by the request's answer for a lost change (503). */
static void run_group(struct http_writer *w, struct http_request **group, size_t n)
{
    struct svc *svc = w->svc;
    struct store *st = svc->store;
    char err[FH_ERR_LEN] = "";
    /* A `flexhours calendar import` or `roster publish` run beside the
     * server changes what bookings are judged by: in force before any is. */
    svc_change_begin(svc);
    svc_pick_up_outside_changes(svc);
    bool grouped = store_group_begin(st, err, sizeof err) == FH_OK;
    http_metrics_group(n);
    for (size_t i = 0; i < n; i++)
        group[i]->deferred_run(group[i]->deferred, group[i]->deferred_arg);
    if (grouped && store_group_commit(st, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "bookings: a group of %zu was not stored: %s", n, err);
        for (size_t i = 0; i < n; i++) {
            struct http_ctx *c = group[i]->deferred;
            if (c->status >= 200 && c->status < 400) {
                http_reset(c);
                c->lost(c);
            }
        }
    }
    svc_change_end(svc);
    for (size_t i = 0; i < n; i++) {
        /* After the resume the request belongs to its HTTP thread again
         * (and may be freed at once if the client has gone). */
        struct MHD_Connection *conn = group[i]->deferred->conn;
        atomic_store(&group[i]->deferred_done, true);
        MHD_resume_connection(conn);
    }
}

static void *writer_main(void *arg)
{
    struct http_writer *w = arg;
    struct http_request *group[GROUP_MAX];
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->head == NULL && !w->stop) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            if (pthread_cond_timedwait(&w->wake, &w->lock, &until) == ETIMEDOUT &&
                w->head == NULL && !w->stop) {
                pthread_mutex_unlock(&w->lock);
                svc_change_begin(w->svc);
                svc_pick_up_outside_changes(w->svc);
                svc_change_end(w->svc);
                pthread_mutex_lock(&w->lock);
            }
        }
        if (w->head == NULL)
            break; /* stopping, and nothing is left */
        /* Everything queued while the last group was being written goes
         * into this one. */
        size_t n = 0;
        while (w->head != NULL && n < GROUP_MAX) {
            group[n++] = w->head;
            w->head = w->head->next;
        }
        if (w->head == NULL)
            w->tail = NULL;
        pthread_mutex_unlock(&w->lock);
        run_group(w, group, n);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

struct http_writer *http_writer_start(struct svc *svc)
{
    struct http_writer *w = fh_calloc(1, sizeof *w);
    w->svc = svc;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0)
        fh_fatal("http: cannot start the writer thread");
    return w;
}

void http_writer_stop(struct http_writer *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

void http_defer(struct http_ctx *c, void (*run)(struct http_ctx *c, void *arg), void *arg)
{
    struct http_request *req = c->req;
    struct http_writer *w = c->srv->writer;
    if (c->lost == NULL)
        fh_fatal("http: a deferred change without an answer for its loss");
    /* The answer is built on the writer thread into a copy of the context
     * that outlives this handler call. */
    req->deferred = fh_malloc(sizeof *c);
    memcpy(req->deferred, c, sizeof *c);
    for (int i = 0; i < 2; i++)
        if (c->params[i] != NULL)
            req->deferred->params[i] = req->deferred->param_buf + (c->params[i] - c->param_buf);
    c->header_count = 0; /* the values now belong to the copy */
    req->deferred_run = run;
    req->deferred_arg = arg;
    req->next = NULL;
    c->deferred = true;
    /* Suspend before queueing: the writer may resume as soon as it sees it. */
    MHD_suspend_connection(c->conn);
    pthread_mutex_lock(&w->lock);
    if (w->tail != NULL)
        w->tail->next = req;
    else
        w->head = req;
    w->tail = req;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}
