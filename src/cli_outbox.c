/* cli_outbox.c: `flexhours outbox list [--status S] [--limit N]` shows the
 * messages waiting, sent, failed or dropped (booking codes or staff ids, never the
 * people's addresses), and `flexhours outbox retry ID` queues a failed one
 * again. */
#include "src/cli.h"

#include "notifier/notify.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list(struct store *st, int argc, char **argv)
{
    int status = -1;
    long limit = 50;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--status") == 0 && i + 1 < argc) {
            const char *want = argv[++i];
            status = -2;
            for (int s = STORE_MSG_QUEUED; s <= STORE_MSG_DROPPED; s++)
                if (strcmp(want, store_msg_status_name((enum store_msg_status)s)) == 0)
                    status = s;
            if (status == -2) {
                fprintf(stderr, "flexhours outbox: --status is queued, sent, failed or dropped\n");
                return CLI_USAGE;
            }
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end != '\0' || limit < 1 || limit > 100000) {
                fprintf(stderr, "flexhours outbox: --limit is a number from 1 to 100000\n");
                return CLI_USAGE;
            }
        } else {
            fprintf(stderr, "flexhours outbox list: unknown option '%s'\n", argv[i]);
            return CLI_USAGE;
        }
    }
    struct store_message *m;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_outbox_list(st, status, (size_t)limit, &m, &n, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours outbox: %s\n", err);
        return CLI_FAIL;
    }
    printf("%-6s  %-8s  %-11s  %-5s  %-7s  %-8s  %-20s  %s\n", "ID", "ABOUT", "KIND", "VIA",
           "STATUS", "ATTEMPTS", "DUE (UTC)", "LAST ERROR");
    for (size_t i = 0; i < n; i++) {
        char due[FH_TIME_LEN];
        fh_format_local(fh_local_from_utc(m[i].due_at, 0), 0, due);
        printf("%-6lld  %-8s  %-11s  %-5s  %-7s  %-8d  %.19sZ  %s\n", (long long)m[i].id,
               m[i].staff[0] != '\0' ? m[i].staff : m[i].code, store_msg_kind_name(m[i].kind),
               store_channel_name(m[i].channel), store_msg_status_name(m[i].status), m[i].attempts,
               due, m[i].last_error);
    }
    printf("%zu message%s\n", n, n == 1 ? "" : "s");
    free(m);
    return CLI_OK;
}

static int retry(struct store *st, const char *id_text)
{
    char *end, err[FH_ERR_LEN] = "";
    long long id = strtoll(id_text, &end, 10);
    if (*end != '\0' || id < 1) {
        fprintf(stderr, "flexhours outbox retry: '%s' is not a message id\n", id_text);
        return CLI_USAGE;
    }
    fh_result r = store_outbox_requeue(st, id, "cli", fh_clock_now(), err, sizeof err);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours outbox retry: %s\n", err);
        return r == FH_ENOTFOUND || r == FH_ECONFLICT ? CLI_DATAERR : CLI_FAIL;
    }
    printf("message %lld queued again\n", id);
    return CLI_OK;
}

/* Sends what is due now, pass after pass until a pass finds less than a
 * batch: what a stopped server left, or reminders due at FLEXHOURS_NOW. */
static int send_due(const struct fh_config *cfg, struct store *st)
{
    char err[FH_ERR_LEN] = "";
    struct notify_worker *w;
    struct notify_worker_options opt = {
        .cfg = cfg, .store = st, .outbox_file = cfg->outbox_log, .batch = 100};
    if (notify_global_init(err, sizeof err) != FH_OK ||
        notify_worker_create(&opt, &w, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours outbox send: %s\n", err);
        return CLI_CONFIG;
    }
    size_t total = 0, n;
    do {
        n = notify_worker_pass(w, fh_clock_now());
        total += n;
    } while (n == opt.batch);
    notify_worker_free(w);
    notify_global_cleanup();
    printf("%zu message%s handled\n", total, total == 1 ? "" : "s");
    return CLI_OK;
}

int cli_outbox(const struct cli_common *common, int argc, char **argv)
{
    bool is_list = argc >= 1 && strcmp(argv[0], "list") == 0;
    bool is_retry = argc == 2 && strcmp(argv[0], "retry") == 0;
    bool is_send = argc == 1 && strcmp(argv[0], "send") == 0;
    if (!is_list && !is_retry && !is_send) {
        fprintf(stderr, "usage: flexhours outbox list [--status queued|sent|failed|dropped] "
                        "[--limit N]\n       flexhours outbox retry ID\n"
                        "       flexhours outbox send\n");
        return CLI_USAGE;
    }
    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    struct store *st;
    char err[FH_ERR_LEN] = "";
    int status;
    if (cli_open_store(cfg, common, &st, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours outbox: %s\n", err);
        status = CLI_FAIL;
    } else {
        store_set_reminders(st, &cfg->notifier.reminders);
        status = is_send   ? send_due(cfg, st)
                 : is_list ? list(st, argc - 1, argv + 1)
                           : retry(st, argv[1]);
        store_close(st);
    }
    cfg_free(cfg);
    return status;
}
