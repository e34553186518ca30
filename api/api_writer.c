/* api_writer.c: one thread that runs the bookings' write transactions one
 * after the other. The store serialises writes anyway; doing them on one
 * thread fed by a queue keeps that serial path hot (no mutex hand-over and
 * thread wake-up between two fsyncs), while the HTTP threads park the
 * connection (MHD_suspend_connection) and pick the answer up on resume. */
#include "api/api_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct api_writer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct api_request *head, *tail; /* queued requests, by arrival */
    bool stop;                       /* finish the queue, then exit */
};

static void *writer_main(void *arg)
{
    struct api_writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->head == NULL && !w->stop)
            pthread_cond_wait(&w->wake, &w->lock);
        struct api_request *req = w->head;
        if (req == NULL)
            break; /* stopping, and nothing is left */
        w->head = req->next;
        if (w->head == NULL)
            w->tail = NULL;
        pthread_mutex_unlock(&w->lock);
        struct api_ctx *c = req->deferred;
        req->deferred_run(c, req->deferred_arg);
        /* After the resume the request belongs to its HTTP thread again
         * (and may be freed at once if the client has gone). */
        struct MHD_Connection *conn = c->conn;
        atomic_store(&req->deferred_done, true);
        MHD_resume_connection(conn);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

struct api_writer *api_writer_start(void)
{
    struct api_writer *w = fh_calloc(1, sizeof *w);
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
