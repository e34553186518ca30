/* api_writer.c: one thread that runs the bookings' write transactions. The
 * requests that queue up while one group is being written form the next
 * group: each booking in a savepoint of one transaction, one fsync for all
 * (group commit), and no answer leaves before that fsync. The HTTP threads
 * park the connection (MHD_suspend_connection) and pick the answer up on
 * resume. */
#include "api/api_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct api_writer {
    struct api_server *srv;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct api_request *head, *tail; /* queued requests, by arrival */
    bool stop;                       /* finish the queue, then exit */
};

/* The most requests one group commit carries: enough to share an fsync
 * among a rush's bookings, few enough that the first waits little. */
#define GROUP_MAX 64

/* A `flexhours calendar import` or `roster publish` run beside the server
 * changes what bookings are judged by: put it in force before judging any.
 * Called holding the change lock. */
static void pick_up_outside_changes(struct api_server *srv)
{
    if (!store_changed_elsewhere(srv->store))
        return;
    char err[FH_ERR_LEN] = "";
    if (api_calendar_reload(srv, err, sizeof err) == FH_OK)
        fh_log(FH_LOG_INFO, "the database changed outside the server: its calendar, closures "
                            "and rosters are in force");
    else
        fh_log(FH_LOG_ERROR, "reloading the calendar: %s", err);
}

/* Runs every request of a group inside one store transaction, commits it
 * (one fsync for all), then hands each answer back. When the commit fails,
 * none of the group was stored: every answer that said it was becomes 503. */
static void run_group(struct api_writer *w, struct api_request **group, size_t n)
{
    struct api_server *srv = group[0]->deferred->srv;
    struct store *st = srv->store;
    char err[FH_ERR_LEN] = "";
    api_change_begin(srv);
    pick_up_outside_changes(srv);
    bool grouped = store_group_begin(st, err, sizeof err) == FH_OK;
    for (size_t i = 0; i < n; i++)
        group[i]->deferred_run(group[i]->deferred, group[i]->deferred_arg);
    if (grouped && store_group_commit(st, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "bookings: a group of %zu was not stored: %s", n, err);
        for (size_t i = 0; i < n; i++) {
            struct api_ctx *c = group[i]->deferred;
            if (c->status >= 200 && c->status < 300) {
                free(c->body);
                c->body = NULL;
                c->header_count = 0;
                api_reply_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                                "the booking could not be stored; please try again", NULL);
            }
        }
    }
    api_change_end(srv);
    (void)w;
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
    struct api_writer *w = arg;
    struct api_request *group[GROUP_MAX];
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->head == NULL && !w->stop) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            if (pthread_cond_timedwait(&w->wake, &w->lock, &until) == ETIMEDOUT &&
                w->head == NULL && !w->stop) {
                pthread_mutex_unlock(&w->lock);
                api_change_begin(w->srv);
                pick_up_outside_changes(w->srv);
                api_change_end(w->srv);
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

struct api_writer *api_writer_start(struct api_server *srv)
{
    struct api_writer *w = fh_calloc(1, sizeof *w);
    w->srv = srv;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0)
        fh_fatal("api: cannot start the writer thread");
    return w;
}

void api_writer_stop(struct api_writer *w)
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

void api_defer(struct api_ctx *c, void (*run)(struct api_ctx *c, void *arg), void *arg)
{
    struct api_request *req = c->req;
    struct api_writer *w = c->srv->writer;
    /* The answer is built on the writer thread into a copy of the context
     * that outlives this handler call. */
    req->deferred = fh_malloc(sizeof *c);
    memcpy(req->deferred, c, sizeof *c);
    for (int i = 0; i < c->header_count; i++)
        req->deferred->headers[i][1] = req->deferred->header_buf[i];
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
