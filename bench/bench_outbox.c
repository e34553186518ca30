/* bench_outbox.c: 10,000 e-mail reminders through the outbox worker to a
 * local SMTP server, against a bare libesmtp loop sending the same messages
 * over one session (bench/outbox.sh runs both against the same server and
 * prints the ratio).
 *   bench_outbox worker PORT DIR [COUNT]   the worker's passes, from the outbox
 *   bench_outbox bare PORT DIR [COUNT]     libesmtp alone, one session
 * Each prints "messages N", "seconds S" and "per_second R". */
#include <stdio.h>

#include <libesmtp.h>

#include "config/cfg.h"
#include "notifier/notify.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One office whose noon-to-evening windows hold all the bookings of a day. */
static const char config_json[] =
    "{\"listen\": \"127.0.0.1:1\", \"public_url\": \"http://bench.invalid\","
    " \"smtp\": {\"host\": \"127.0.0.1\", \"port\": %d, \"from\": \"office@bench.example\"},"
    " \"notifier\": {\"reminder_sms_before_minutes\": 0},"
    " \"offices\": [{\"id\": \"bench\", \"name\": {\"zh\": \"測試戶政事務所\", \"en\": \"Bench "
    "office\"},"
    "  \"limits\": {\"per_person_per_day\": 0, \"per_person_per_service\": 0},"
    "  \"services\": [{\"id\": \"seal_registration\", \"name\": {\"zh\": \"印鑑登記\", \"en\": "
    "\"Seal"
    " registration\"}, \"minutes\": 30, \"documents\": [{\"zh\": \"國民身分證\", \"en\": "
    "\"National ID"
    " card\"}, {\"zh\": \"擬登記之印鑑章\", \"en\": \"The seal to be registered\"}]}],"
    "  \"windows\": [{\"name\": \"regular\", \"start\": \"08:00\", \"end\": \"18:00\","
    "   \"capacity\": 1000, \"services\": \"*\", \"horizon\": {\"days\": 60}}]}]}";

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *reply(const struct store_booking *b, const char *token, void *arg)
{
    (void)b;
    (void)token;
    (void)arg;
    return fh_strdup("{}");
}

/* A valid national ID for person n (letter A, check digit computed). */
static void national_id(int n, char out[11])
{
    static const int weights[] = {1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1};
    snprintf(out, 11, "A1%07d", n % 10000000);
    int sum = 1 * 1 + 0 * 9; /* A = 10: 1 and 0 */
    for (int i = 1; i < 9; i++)
        sum += (out[i] - '0') * weights[i + 1];
    out[9] = (char)('0' + (10 - sum % 10) % 10);
    out[10] = '\0';
}

/* count confirmed bookings on one day, their invites marked sent, so that
 * only the reminders are left to send. Returns the reminders' due time. */
static int64_t fill(struct fh_config *cfg, struct store *st, int count)
{
    const struct sched_office *office = cfg->offices[0];
    fh_day day = fh_day_from_ymd(2026, 3, 4);
    fh_minute booked_at = (fh_minute)(day - 3) * FH_MINUTES_PER_DAY + 9 * 60;
    char err[FH_ERR_LEN] = "";
    for (int i = 0; i < count; i++) {
        char id[11], mail[64];
        national_id(i, id);
        snprintf(mail, sizeof mail, "person%d@example.org", i);
        struct store_new_booking req = {
            .office = "bench",
            .service = "seal_registration",
            .start = (fh_minute)day * FH_MINUTES_PER_DAY + 8 * 60 + (i % 20) * 30,
            .name = "王小明",
            .national_id = id,
            .email = mail,
            .lang = i % 2 ? "en" : "zh-TW",
        };
        struct store_create_result res;
        if (store_booking_create(st, office, cfg->calendar, &req, booked_at, NULL, NULL, reply,
                                 NULL, &res, err, sizeof err) != FH_OK)
            fh_fatal("booking %d: %s", i, err);
        free(res.body);
    }
    int64_t now = fh_utc_from_local(booked_at, 480);
    for (;;) {
        struct store_message *m;
        size_t n;
        if (store_outbox_due(st, now, 1000, &m, &n, err, sizeof err) != FH_OK)
            fh_fatal("%s", err);
        if (n == 0) {
            free(m);
            break;
        }
        struct store_outbox_outcome *o = fh_calloc(n, sizeof *o);
        for (size_t i = 0; i < n; i++)
            o[i] = (struct store_outbox_outcome){m[i].id, STORE_MSG_SENT, 0, NULL};
        if (store_outbox_record(st, o, n, now, err, sizeof err) != FH_OK)
            fh_fatal("%s", err);
        free(o);
        free(m);
    }
    return fh_utc_from_local((fh_minute)(day - 1) * FH_MINUTES_PER_DAY + 19 * 60, 480);
}

static int batch_size = 0; /* the worker's own default */

static int run_worker(struct fh_config *cfg, struct store *st, int64_t due)
{
    char err[FH_ERR_LEN] = "";
    struct notify_worker *w;
    struct notify_worker_options opt = {
        .cfg = cfg, .store = st, .outbox_file = "/dev/null", .batch = (size_t)batch_size};
    if (notify_worker_create(&opt, &w, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    double t0 = seconds();
    size_t total = 0, n;
    while ((n = notify_worker_pass(w, due)) > 0)
        total += n;
    double t = seconds() - t0;
    notify_worker_free(w);
    struct store_message *m;
    size_t sent;
    if (store_outbox_list(st, STORE_MSG_SENT, 1000000, &m, &sent, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    free(m);
    printf("messages %zu\nseconds %.3f\nper_second %.0f\nsent_rows %zu\n", total, t,
           (double)total / t, sent);
    return 0;
}

/* The same messages the worker sends, built the same way, then sent with
 * libesmtp alone over one session. */
static int run_bare(struct fh_config *cfg, struct store *st, int64_t due, int port)
{
    char err[FH_ERR_LEN] = "";
    struct store_message *m;
    size_t n;
    if (store_outbox_due(st, due, 1000000, &m, &n, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    const struct sched_office *office = cfg->offices[0];
    char **texts = fh_calloc(n, sizeof *texts), **rcpt = fh_calloc(n, sizeof *rcpt);
    for (size_t i = 0; i < n; i++) {
        struct store_booking b;
        if (store_booking_by_id(st, m[i].booking_id, &b, err, sizeof err) != FH_OK)
            fh_fatal("%s", err);
        char *subject = notify_text_subject(office, &b, STORE_MSG_REMINDER);
        char *body =
            notify_text_body(office, &b, STORE_MSG_REMINDER, "http://bench.invalid/x", NULL, NULL);
        char *id = notify_message_id("reminder", m[i].id, "office@bench.example");
        struct notify_mail mail = {.from_name = "Bench office",
                                   .from_addr = "office@bench.example",
                                   .to_name = b.name,
                                   .to_addr = b.email,
                                   .subject = subject,
                                   .text = body,
                                   .date = due,
                                   .utc_offset = 480,
                                   .message_id = id};
        if (notify_mime_build(&mail, &texts[i], err, sizeof err) != FH_OK)
            fh_fatal("%s", err);
        rcpt[i] = fh_strdup(b.email);
        free(subject);
        free(body);
        free(id);
    }
    free(m);

    double t0 = seconds();
    smtp_session_t session = smtp_create_session();
    char server[64];
    snprintf(server, sizeof server, "127.0.0.1:%d", port);
    smtp_set_server(session, server);
    smtp_set_hostname(session, "localhost");
    for (size_t i = 0; i < n; i++) {
        smtp_message_t msg = smtp_add_message(session);
        smtp_set_reverse_path(msg, "office@bench.example");
        smtp_add_recipient(msg, rcpt[i]);
        smtp_set_message_str(msg, texts[i]);
    }
    if (!smtp_start_session(session))
        fh_fatal("bare libesmtp: the session failed");
    double t = seconds() - t0;
    smtp_destroy_session(session);
    printf("messages %zu\nseconds %.3f\nper_second %.0f\n", n, t, (double)n / t);
    for (size_t i = 0; i < n; i++) {
        free(texts[i]);
        free(rcpt[i]);
    }
    free(texts);
    free(rcpt);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_outbox worker|bare PORT DIR [COUNT]\n");
        return 64;
    }
    int port = (int)strtol(argv[2], NULL, 10);
    int count = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 10000;
    if (getenv("BENCH_BATCH") != NULL)
        batch_size = (int)strtol(getenv("BENCH_BATCH"), NULL, 10);
    char err[FH_ERR_LEN] = "";
    char *json = fh_asprintf(config_json, port);
    struct fh_config *cfg;
    if (cfg_load_string(json, strlen(json), "bench", &cfg, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    free(json);
    char *path = fh_asprintf("%s/%s.db", argv[3], argv[1]);
    struct store *st;
    if (notify_global_init(err, sizeof err) != FH_OK ||
        store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    store_set_reminders(st, &cfg->notifier.reminders);
    int64_t due = fill(cfg, st, count);
    int status =
        strcmp(argv[1], "bare") == 0 ? run_bare(cfg, st, due, port) : run_worker(cfg, st, due);
    store_close(st);
    free(path);
    cfg_free(cfg);
    notify_global_cleanup();
    return status;
}
