/* send_tool.c: drives the notifier's real transports for the end-to-end
 * tests. Builds demo messages (a plain reminder, a REQUEST or a CANCEL
 * invite of a demo booking via cal_invite) and sends them as one SMTP batch,
 * or sends one SMS; prints one line per outcome:
 *
 *   send_tool mime KIND                          the message on stdout
 *   send_tool smtp [--host H] --port P [--starttls] [--ca FILE]
 *             [--user U --pass P] [--timeout-ms N] KIND:RCPT[,RCPT...]...
 *                                                "INDEX STATUS CODE ACCEPTED REASON"
 *   send_tool sms --provider kannel|http --url URL [--user U --pass P]
 *             [--from F] [--template T] [--timeout-ms N] TO TEXT
 *                                                "STATUS CODE REASON"
 *   send_tool shorten TEXT [TAIL]                "SEGMENTS CUT TEXT"
 */
#include "calendars/cal.h"
#include "config/cfg.h"
#include "notifier/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFICE_ADDR "taichung-south@flexhours.invalid"

static long number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0')
        fh_fatal("not a number: %s", s);
    return v;
}

/* The message text of one demo message of KIND for rcpt; malloc'd. */
static char *demo_message(const struct sched_office *office, const char *kind, const char *rcpt,
                          int index)
{
    fh_minute start = (fh_minute)fh_day_from_ymd(2025, 3, 9) * FH_MINUTES_PER_DAY + 9 * 60;
    struct cal_booking_view b = {
        "K7QX3MZP", "zh-TW",    CAL_CONFIRMED,
        0,          start,      start + 60,
        "王小明",   rcpt,       sched_office_service_index(office, "marriage"),
        NULL,       1740000000, NULL,
        false,      FH_NO_DAY};
    char *ics = NULL;
    const char *subject, *text;
    if (strcmp(kind, "request") == 0) {
        ics = cal_invite(office, &b, CAL_REQUEST, 19 * 60);
        subject = "預約已確認：2025年3月9日（星期日）上午9時 結婚登記，臺中市南區戶政事務所";
        text = "王小明您好：\n\n您的結婚登記預約已確認：2025年3月9日（星期日）09:00-10:00。\n"
               "請攜帶雙方身分證、戶口名簿、印章及結婚書約。\n.\n臺中市南區戶政事務所";
    } else if (strcmp(kind, "cancel") == 0) {
        b.state = CAL_CANCELLED;
        b.sequence = 1;
        ics = cal_invite(office, &b, CAL_CANCEL, 19 * 60);
        subject = "預約已取消：2025年3月9日 結婚登記";
        text = "王小明您好：\n\n您於2025年3月9日的結婚登記預約已取消。";
    } else if (strcmp(kind, "plain") == 0) {
        subject = "預約提醒：明天上午9時 結婚登記";
        text = "王小明您好：明天上午9時請準時到場。";
    } else {
        fh_fatal("unknown message kind %s", kind);
    }
    char id[96];
    snprintf(id, sizeof id, "<flexhours.%s.%d@flexhours.invalid>", kind, index);
    struct notify_mail m = {
        .from_name = "臺中市南區戶政事務所",
        .from_addr = OFFICE_ADDR,
        .to_name = "王小明",
        .to_addr = rcpt,
        .subject = subject,
        .text = text,
        .ics = ics,
        .date = 1740000000 + index,
        .utc_offset = 480,
        .message_id = id,
    };
    char *msg, err[FH_ERR_LEN] = "";
    if (notify_mime_build(&m, &msg, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    free(ics);
    return msg;
}

static int cmd_smtp(const struct sched_office *office, int argc, char **argv)
{
    struct cfg_smtp cfg = {"127.0.0.1", 25, false, NULL, NULL, OFFICE_ADDR};
    struct notify_smtp_options opt = {NULL, "flexhours.test", 5000};
    int i = 0;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--starttls") == 0) {
            cfg.starttls = true;
            continue;
        }
        if (i + 1 >= argc)
            fh_fatal("%s needs a value", o);
        const char *v = argv[++i];
        if (strcmp(o, "--host") == 0)
            cfg.host = (char *)v;
        else if (strcmp(o, "--port") == 0)
            cfg.port = (int)number(v);
        else if (strcmp(o, "--ca") == 0)
            opt.ca_file = v;
        else if (strcmp(o, "--user") == 0)
            cfg.username = (char *)v;
        else if (strcmp(o, "--pass") == 0)
            cfg.password = (char *)v;
        else if (strcmp(o, "--timeout-ms") == 0)
            opt.timeout_ms = number(v);
        else
            fh_fatal("unknown option %s", o);
    }
    size_t n = (size_t)(argc - i);
    struct notify_smtp_job *jobs = fh_calloc(n, sizeof *jobs);
    char **rcpts = fh_calloc(n * 8, sizeof *rcpts);
    for (size_t j = 0; j < n; j++) {
        char *spec = argv[i + (int)j], *colon = strchr(spec, ':');
        if (colon == NULL)
            fh_fatal("a message is KIND:RCPT[,RCPT...]");
        *colon = '\0';
        size_t k = 0;
        for (char *r = strtok(colon + 1, ","); r != NULL && k < 8; r = strtok(NULL, ","))
            rcpts[j * 8 + k++] = r;
        jobs[j].recipients = (const char *const *)&rcpts[j * 8];
        jobs[j].recipient_count = k;
        jobs[j].message = demo_message(office, spec, rcpts[j * 8], (int)j);
    }
    char err[FH_ERR_LEN] = "";
    struct notify_smtp *smtp;
    if (notify_smtp_create(&cfg, &opt, &smtp, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    fh_result r = notify_smtp_send(smtp, jobs, n);
    for (size_t j = 0; j < n; j++) {
        printf("%zu %s %d %zu %s\n", j, notify_status_name(jobs[j].outcome.status),
               jobs[j].outcome.code, jobs[j].accepted, jobs[j].outcome.reason);
        free((char *)jobs[j].message);
    }
    fprintf(stderr, "send: %s\n", fh_strerror(r));
    notify_smtp_free(smtp);
    free(jobs);
    free(rcpts);
    return 0;
}

static int cmd_sms(int argc, char **argv)
{
    struct cfg_sms cfg = {CFG_SMS_KANNEL, NULL, NULL, NULL, NULL, NULL};
    long timeout_ms = 5000;
    int i = 0;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (strcmp(o, "--provider") == 0)
            cfg.provider = strcmp(v, "http") == 0 ? CFG_SMS_HTTP : CFG_SMS_KANNEL;
        else if (strcmp(o, "--url") == 0)
            cfg.url = (char *)v;
        else if (strcmp(o, "--user") == 0)
            cfg.username = (char *)v;
        else if (strcmp(o, "--pass") == 0)
            cfg.password = (char *)v;
        else if (strcmp(o, "--from") == 0)
            cfg.from = (char *)v;
        else if (strcmp(o, "--template") == 0)
            cfg.body_template = (char *)v;
        else if (strcmp(o, "--timeout-ms") == 0)
            timeout_ms = number(v);
        else
            fh_fatal("unknown option %s", o);
    }
    if (argc - i != 2)
        fh_fatal("sms needs TO and TEXT");
    struct notify_outcome out;
    fh_result r = notify_sms_send(&cfg, timeout_ms, argv[i], argv[i + 1], &out);
    printf("%s %d %s\n", notify_status_name(out.status), out.code, out.reason);
    fprintf(stderr, "send: %s\n", fh_strerror(r));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        fh_fatal("usage: send_tool mime|smtp|sms|shorten ...");
    char err[FH_ERR_LEN] = "";
    if (notify_global_init(err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK)
        fh_fatal("%s", err);
    int status = 0;
    if (strcmp(argv[1], "mime") == 0 && argc == 3) {
        char *msg = demo_message(cfg->offices[0], argv[2], "ming@example.org", 0);
        fputs(msg, stdout);
        free(msg);
    } else if (strcmp(argv[1], "smtp") == 0) {
        status = cmd_smtp(cfg->offices[0], argc - 2, argv + 2);
    } else if (strcmp(argv[1], "sms") == 0) {
        status = cmd_sms(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "shorten") == 0 && (argc == 3 || argc == 4)) {
        bool cut;
        char *s = notify_sms_shorten(argv[2], argc == 4 ? argv[3] : NULL, &cut);
        printf("%d %d %s\n", s ? notify_sms_segments(s, NULL) : 0, cut, s ? s : "");
        free(s);
    } else {
        fh_fatal("usage: send_tool mime|smtp|sms|shorten TEXT [TAIL] ...");
    }
    cfg_free(cfg);
    notify_global_cleanup();
    return status;
}
