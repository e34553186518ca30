/* test_metrics.c: the text buffer the scrape is written into, the counters
 * of common/ as Prometheus' text format shows them, and log lines as
 * key=value pairs (free text quoted, a caller's own pairs as they are). */
#include "common/fh.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void test_buf(void)
{
    struct fh_buf b = {NULL, 0, 0};
    for (int i = 0; i < 1000; i++)
        fh_buf_printf(&b, "%d,", i % 10);
    CHECK_INT(b.len, 2000);
    CHECK_INT(strlen(b.data), 2000);
    CHECK(strncmp(b.data, "0,1,2,3,4,5,6,7,8,9,0,", 22) == 0);
    CHECK_STR(b.data + 1980, "0,1,2,3,4,5,6,7,8,9,");
    free(b.data);
}

static void test_counters(void)
{
    fh_metrics_send(FH_METRIC_SMS, FH_METRIC_FAILED);
    fh_metrics_send(FH_METRIC_SMS, FH_METRIC_FAILED);
    fh_metrics_send(FH_METRIC_EMAIL, FH_METRIC_SENT);
    fh_metrics_store_error();
    struct fh_buf b = {NULL, 0, 0};
    fh_metrics_write(&b);
    CHECK(strstr(b.data, "\nflexhours_store_errors_total 1\n") != NULL);
    CHECK(strstr(b.data,
                 "\nflexhours_outbox_sends_total{channel=\"sms\",outcome=\"failed\"} 2\n") != NULL);
    CHECK(strstr(b.data,
                 "\nflexhours_outbox_sends_total{channel=\"email\",outcome=\"sent\"} 1\n") != NULL);
    CHECK(
        strstr(b.data, "\nflexhours_outbox_sends_total{channel=\"email\",outcome=\"retry\"} 0\n") !=
        NULL);
    CHECK(strstr(b.data, "# TYPE flexhours_store_errors_total counter\n") != NULL);
    CHECK(b.data[b.len - 1] == '\n');
    free(b.data);
}

/* The text after "ts=... " of the line fh_log writes. */
static void logged(char *out, size_t len, void (*write)(void))
{
    char path[] = "/tmp/test_metrics_XXXXXX";
    int fd = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    write();
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    FILE *f = fopen(path, "r");
    char line[512] = "";
    if (f == NULL || fgets(line, sizeof line, f) == NULL)
        line[0] = '\0';
    if (f != NULL)
        fclose(f);
    close(fd);
    unlink(path);
    /* ts=YYYY-MM-DDTHH:MM:SSZ is 23 characters and a space. */
    CHECK(strncmp(line, "ts=", 3) == 0 && line[22] == 'Z' && line[23] == ' ');
    snprintf(out, len, "%s", strlen(line) > 24 ? line + 24 : "");
}

static void free_text(void)
{
    fh_log(FH_LOG_WARN, "store: \"x\" is\nbad \\ here");
}

static void pairs(void)
{
    fh_log(FH_LOG_INFO, "event=request method=GET status=%d", 200);
}

static void test_log(void)
{
    char line[512];
    logged(line, sizeof line, free_text);
    CHECK_STR(line, "level=warn msg=\"store: \\\"x\\\" is bad \\\\ here\"\n");
    logged(line, sizeof line, pairs);
    CHECK_STR(line, "level=info event=request method=GET status=200\n");
}

int main(void)
{
    test_buf();
    test_counters();
    test_log();
    return check_result();
}
