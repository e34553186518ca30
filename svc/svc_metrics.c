/* svc_metrics.c: the service's counters and gauges for /metrics: bookings
 * by outcome (taken as pending or confirmed, or the refusal's code) and
 * window, and the outbox's depth read from the store at the scrape. */
#include "svc/svc_internal.h"

#include <stdatomic.h>
#include <string.h>

/* Outcome slots: confirmed, pending, each refusal r at r + 1 (SCHED_OK has
 * none), and any other failure. Window slots: the windows, and none (a refused
 * request is not placed in a window). */
#define OUTCOME_PENDING 1
#define OUTCOME_ERROR   (SCHED_REFUSAL_COUNT + 1)
#define OUTCOMES        (SCHED_REFUSAL_COUNT + 2)
#define WINDOWS         (SCHED_WIN_NAME_COUNT + 1)
static atomic_ulong bookings[OUTCOMES][WINDOWS];

void svc_metrics_booking(fh_result r, const struct store_create_result *out)
{
    size_t outcome = OUTCOME_ERROR, window = SCHED_WIN_NAME_COUNT;
    if (r == FH_OK) {
        if (out->replayed)
            return; /* the same booking, answered again */
        outcome = out->booking.status == STORE_PENDING ? OUTCOME_PENDING : 0;
        for (size_t w = 0; w < SCHED_WIN_NAME_COUNT; w++)
            if (strcmp(out->booking.window, sched_window_name_str((enum sched_window_name)w)) == 0)
                window = w;
    } else if (r == FH_EREFUSED && out->refusal > SCHED_OK && out->refusal < SCHED_REFUSAL_COUNT) {
        outcome = (size_t)out->refusal + 1;
    }
    atomic_fetch_add_explicit(&bookings[outcome][window], 1, memory_order_relaxed);
}

static const char *outcome_name(size_t o)
{
    if (o == 0)
        return "confirmed";
    if (o == OUTCOME_PENDING)
        return "pending";
    if (o == OUTCOME_ERROR)
        return "error";
    return sched_refusal_code((enum sched_refusal)(o - 1));
}

void svc_metrics_write(struct svc *s, struct fh_buf *b)
{
    fh_buf_printf(b, "# HELP flexhours_bookings_total Booking requests stored, by outcome (taken "
                     "as confirmed or pending, or the refusal) and window.\n"
                     "# TYPE flexhours_bookings_total counter\n");
    for (size_t o = 0; o < OUTCOMES; o++) {
        for (size_t w = 0; w < WINDOWS; w++) {
            unsigned long v = atomic_load_explicit(&bookings[o][w], memory_order_relaxed);
            /* Refusals have no window, takings always one. */
            if (v == 0 && ((w == SCHED_WIN_NAME_COUNT) != (o > OUTCOME_PENDING)))
                continue;
            fh_buf_printf(
                b, "flexhours_bookings_total{outcome=\"%s\",window=\"%s\"} %lu\n", outcome_name(o),
                w < SCHED_WIN_NAME_COUNT ? sched_window_name_str((enum sched_window_name)w)
                                         : "none",
                v);
        }
    }
    svc_cache_metrics_write(s, b);
    svc_days_metrics_write(s, b);
    long queued[2], failed[2];
    char err[FH_ERR_LEN] = "";
    if (store_outbox_depth(s->store, queued, failed, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "metrics: %s", err);
        return; /* the gauges are left out rather than reported as 0 */
    }
    fh_buf_printf(b, "# HELP flexhours_outbox_messages Messages in the outbox waiting to be sent "
                     "(queued) or given up on (failed), by channel.\n"
                     "# TYPE flexhours_outbox_messages gauge\n");
    for (int c = STORE_EMAIL; c <= STORE_SMS; c++)
        fh_buf_printf(b,
                      "flexhours_outbox_messages{channel=\"%s\",status=\"queued\"} %ld\n"
                      "flexhours_outbox_messages{channel=\"%s\",status=\"failed\"} %ld\n",
                      store_channel_name((enum store_channel)c), queued[c],
                      store_channel_name((enum store_channel)c), failed[c]);
}
