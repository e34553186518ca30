/* fh_metrics.c: the counters of the modules below the request layer (store
 * errors, the notifier's sends by channel and outcome) and the text buffer
 * the scrape is written into. Counted with relaxed atomics: a scrape may see
 * one counter a step ahead of another, never a torn value. */
#include "common/fh.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_ulong store_errors;
static atomic_ulong sends[FH_METRIC_CHANNELS][FH_METRIC_SENDS];

void fh_buf_printf(struct fh_buf *b, const char *fmt, ...)
{
    for (;;) {
        size_t room = b->cap - b->len;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data != NULL ? b->data + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0)
            fh_fatal("metrics: a line could not be formatted");
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        b->data = fh_grow(b->data, 1, &b->cap, b->len + (size_t)n + 1);
    }
}

void fh_metrics_store_error(void)
{
    atomic_fetch_add_explicit(&store_errors, 1, memory_order_relaxed);
}

void fh_metrics_send(enum fh_metric_channel channel, enum fh_metric_send outcome)
{
    if (channel < FH_METRIC_CHANNELS && outcome < FH_METRIC_SENDS)
        atomic_fetch_add_explicit(&sends[channel][outcome], 1, memory_order_relaxed);
}

void fh_metrics_write(struct fh_buf *b)
{
    static const char *const channels[] = {"email", "sms"};
    static const char *const outcomes[] = {"sent", "retry", "failed", "dropped"};
    fh_buf_printf(b,
                  "# HELP flexhours_store_errors_total Store statements or transactions that "
                  "failed.\n# TYPE flexhours_store_errors_total counter\n"
                  "flexhours_store_errors_total %lu\n",
                  atomic_load_explicit(&store_errors, memory_order_relaxed));
    fh_buf_printf(b, "# HELP flexhours_outbox_sends_total Attempts to send an outbox message, by "
                     "channel and outcome.\n# TYPE flexhours_outbox_sends_total counter\n");
    for (int c = 0; c < FH_METRIC_CHANNELS; c++)
        for (int o = 0; o < FH_METRIC_SENDS; o++)
            fh_buf_printf(b, "flexhours_outbox_sends_total{channel=\"%s\",outcome=\"%s\"} %lu\n",
                          channels[c], outcomes[o],
                          atomic_load_explicit(&sends[c][o], memory_order_relaxed));
}
