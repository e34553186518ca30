/* bench_scale.c: the databases of bench/scale.sh, made through the store's
 * own functions as bench_figures.c makes its year: bookings admitted by the
 * scheduler and written in groups (one transaction each, as the server's
 * writer does), spread at random over the office's window instances and
 * services. Bookings ahead of the pinned now (FLEXHOURS_NOW) stay confirmed
 * (holiday weddings pending or confirmed); bookings in the past end as a
 * counter would end them (completed, no-show, a few cancelled), so that the
 * server's lapse pass finds nothing to do. The messages all of this queued
 * and that fell due by now are recorded as sent, as the worker would have;
 * reminders still ahead stay queued.
 *
 * Usage: bench_scale build CONFIG DB AHEAD AHEAD_DAYS PAST PAST_DAYS
 *          (DB must not exist; AHEAD bookings on the AHEAD_DAYS days after
 *          today, PAST on the PAST_DAYS days before it)
 *        bench_scale open CONFIG DB
 *          (opens DB, migrating it to this flexhours' schema; prints it) */
#include "bench/bench_fill.h"
#include "svc/svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Bookings a transaction carries: big groups keep the one-time build
 * short (about 4,000 bookings a second, whatever the group). */
#define GROUP 2000

/* A national ID with a valid check digit (letter A counts 10), unique per n. */
static void national_id(unsigned long n, char out[11])
{
    char body[12];
    snprintf(body, sizeof body, "%lu%07lu", 1 + n / 10000000 % 2, n % 10000000);
    int sum = 1; /* A: 1 * 1 + 0 * 9 */
    for (int i = 0; i < 8; i++)
        sum += (body[i] - '0') * (8 - i);
    snprintf(out, 11, "A%.8s%d", body, (10 - sum % 10) % 10);
}

static const char *const names[] = {"王小明", "陳怡君", "林志豪", "Chang Wei-Ting",
                                    "黃美玲", "李家豪", "張淑芬", "Alexander Schmidt"};

struct fill_counts {
    long made, refused, pending, cancelled, no_show, completed;
};

/* Stores want bookings on the window instances of days first..last. Each
 * is made at a realistic moment before its start (1 to 6 days for a
 * working day's window, 5 to 29 for a holiday wedding), never after
 * made_by (the pinned now, for bookings ahead). Past ones (past) then end
 * as the counter ends them. */
static void fill(struct svc *s, const struct sched_office *office, fh_day first, fh_day last,
                 long want, bool past, fh_minute made_by, long *person, struct fill_counts *n)
{
    struct sched_opening *open;
    size_t open_count;
    /* Held for the whole fill: nothing else runs in the bench. */
    const struct sched_calendar *cal = svc_calendar_hold(s);
    if (sched_openings(office, cal, first, last, &open, &open_count) != FH_OK || open_count == 0)
        fh_fatal("no openings between days %d and %d", (int)first, (int)last);
    const struct sched_office_spec *o = sched_office_spec(office);
    char err[FH_ERR_LEN] = "";
    long made = 0;
    double t0 = bench_seconds(), shown = t0;
    while (made < want && n->refused < want * 4 + 1000) {
        if (store_group_begin(s->store, err, sizeof err) != FH_OK)
            fh_fatal("group: %s", err);
        for (int g = 0; g < GROUP && made < want; g++) {
            const struct sched_opening *op = &open[bench_random() % open_count];
            const struct sched_window_spec *w = sched_office_window(office, op->window);
            int slots = (w->end - w->start) / w->slot_minutes;
            const char *service = w->services[bench_random() % w->service_count];
            int si = sched_office_service_index(office, service);
            int need = (o->services[si].minutes + w->slot_minutes - 1) / w->slot_minutes;
            if (need > slots)
                continue;
            fh_minute start =
                (fh_minute)op->day * FH_MINUTES_PER_DAY + w->start +
                (int)(bench_random() % (uint64_t)(slots - need + 1)) * w->slot_minutes;
            int lead = w->name == SCHED_WIN_HOLIDAY ? 5 + (int)(bench_random() % 25)
                                                    : 1 + (int)(bench_random() % 6);
            fh_minute now = (fh_minute)(op->day - lead) * FH_MINUTES_PER_DAY + 9 * 60 +
                            (int)(bench_random() % 480);
            if (now > made_by)
                now = made_by - (fh_minute)(bench_random() % 600);
            long k = ++*person;
            char id[11], partner_id[11];
            national_id((unsigned long)k * 2, id);
            national_id((unsigned long)k * 2 + 1, partner_id);
            bool couple = o->services[si].couple && bench_random() % 2 == 0;
            struct store_new_booking req = {
                .office = o->id,
                .service = service,
                .start = start,
                .name = names[k % 8],
                .national_id = id,
                .partner_name = couple ? names[(k + 3) % 8] : NULL,
                .partner_national_id = couple ? partner_id : NULL,
                .phone = "+886912345678",
                .email = k % 3 != 0 ? "person@example.org" : NULL,
                .lang = k % 5 == 0 ? "en" : "zh-TW",
                .resident = true,
                .channel = k % 10 == 0 ? STORE_CHANNEL_PHONE : STORE_CHANNEL_WEB,
            };
            struct store_create_result res;
            fh_result r = store_booking_create(s->store, office, cal, &req, now, NULL, NULL,
                                               bench_reply_json, NULL, &res, err, sizeof err);
            if (r == FH_EREFUSED) {
                n->refused++;
                continue;
            }
            if (r != FH_OK)
                fh_fatal("booking: %s", err);
            free(res.body);
            made++;
            const char *code = res.booking.code;
            struct store_booking b;
            bool pending = res.booking.status == STORE_PENDING;
            /* Holiday weddings wait for a manager: most are confirmed. */
            if (pending && (past || bench_random() % 4 != 0)) {
                if (store_booking_set_status(s->store, code, STORE_CONFIRMED, "bench", &b, err,
                                             sizeof err) != FH_OK)
                    fh_fatal("confirm: %s", err);
                pending = false;
            }
            n->pending += pending;
            if (!past)
                continue;
            /* 5 in 100 cancelled beforehand, 8 no-shows, the rest checked
             * in and completed. */
            int roll = (int)(bench_random() % 100);
            if (roll < 5) {
                r = store_booking_cancel(s->store, code, NULL, now + 60, &b, err, sizeof err);
                n->cancelled++;
            } else if (roll < 13) {
                r = store_booking_set_status(s->store, code, STORE_NO_SHOW, "bench", &b, err,
                                             sizeof err);
                n->no_show++;
            } else {
                r = store_booking_set_status(s->store, code, STORE_CHECKED_IN, "bench", &b, err,
                                             sizeof err);
                if (r == FH_OK)
                    r = store_booking_set_status(s->store, code, STORE_COMPLETED, "bench", &b, err,
                                                 sizeof err);
                n->completed++;
            }
            if (r != FH_OK)
                fh_fatal("status: %s", err);
        }
        if (store_group_commit(s->store, err, sizeof err) != FH_OK)
            fh_fatal("commit: %s", err);
        if (bench_seconds() - shown > 15) {
            shown = bench_seconds();
            fprintf(stderr, "bench_scale: %ld of %ld %s bookings (%.0f s)\n", made, want,
                    past ? "past" : "ahead", shown - t0);
        }
    }
    if (made < want)
        fh_fatal("only %ld of %ld bookings fit (%ld refused): widen the windows", made, want,
                 n->refused);
    n->made += made;
    free(open);
    svc_calendar_release(s);
}

/* Records every message due by now_utc as sent, in passes of one
 * transaction, as the worker would have sent them long ago. */
static long drain_outbox(struct store *st, int64_t now_utc)
{
    char err[FH_ERR_LEN] = "";
    long sent = 0;
    for (;;) {
        struct store_message *m;
        size_t count;
        if (store_outbox_due(st, now_utc, 5000, &m, &count, err, sizeof err) != FH_OK)
            fh_fatal("outbox: %s", err);
        if (count == 0) {
            free(m);
            return sent;
        }
        struct store_outbox_outcome *out = fh_calloc(count, sizeof *out);
        for (size_t i = 0; i < count; i++)
            out[i] = (struct store_outbox_outcome){m[i].id, STORE_MSG_SENT, 0, NULL};
        if (store_outbox_record(st, out, count, now_utc, err, sizeof err) != FH_OK)
            fh_fatal("outbox: %s", err);
        sent += (long)count;
        free(out);
        free(m);
    }
}

int main(int argc, char **argv)
{
    bool build = argc == 8 && strcmp(argv[1], "build") == 0;
    if (!build && !(argc == 4 && strcmp(argv[1], "open") == 0)) {
        fprintf(stderr, "usage: bench_scale build CONFIG DB AHEAD AHEAD_DAYS PAST PAST_DAYS\n"
                        "       bench_scale open CONFIG DB\n");
        return 64;
    }
    const char *why = fh_clock_init();
    if (why != NULL || getenv("FLEXHOURS_NOW") == NULL) {
        fprintf(stderr, "bench_scale: FLEXHOURS_NOW must pin the clock%s%s\n", why ? ": " : "",
                why ? why : "");
        return 64;
    }
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_file(argv[2], &cfg, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 78;
    }
    if (build && access(argv[3], F_OK) == 0) {
        fprintf(stderr, "bench_scale: %s exists\n", argv[3]);
        return 1;
    }
    struct store *st;
    if (store_open(argv[3], &st, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (build) {
        struct svc *s = svc_create(cfg, st, cfg->calendar);
        const struct sched_office *office = cfg->offices[0];
        fh_minute now = svc_now(office);
        fh_day today = fh_day_of(now);
        long ahead = strtol(argv[4], NULL, 10), ahead_days = strtol(argv[5], NULL, 10);
        long past = strtol(argv[6], NULL, 10), past_days = strtol(argv[7], NULL, 10);
        long person = 0;
        struct fill_counts n = {0};
        double t0 = bench_seconds();
        if (past > 0)
            fill(s, office, today - (fh_day)past_days, today - 1, past, true, now, &person, &n);
        if (ahead > 0)
            fill(s, office, today + 1, today + (fh_day)ahead_days, ahead, false, now, &person, &n);
        double t1 = bench_seconds();
        long sent = drain_outbox(st, fh_clock_now());
        printf("bench_scale: %ld bookings (%ld ahead, %ld past: %ld completed, %ld no-shows, "
               "%ld cancelled; %ld pending) in %.0f s, %ld refusals on the way; %ld messages "
               "recorded as sent in %.0f s\n",
               n.made, ahead, past, n.completed, n.no_show, n.cancelled, n.pending, t1 - t0,
               n.refused, sent, bench_seconds() - t1);
        svc_free(s);
    } else {
        printf("bench_scale: %s opened at schema version %d\n", argv[3], store_schema_version(st));
    }
    store_close(st);
    cfg_free(cfg);
    return 0;
}
