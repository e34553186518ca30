/* fh_log.c: one-line log records on stderr, as key=value pairs. Personal data never reaches
 * here: callers log booking codes and ids, not names, IDs, phones or e-mail. */
#include "common/fh.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum fh_log_level min_level = FH_LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void fh_log_set_level(enum fh_log_level level)
{
    min_level = level;
}

static void emit(enum fh_log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void emit(enum fh_log_level level, const char *fmt, va_list ap)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    char stamp[32], text[1024];
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    vsnprintf(text, sizeof text, fmt, ap);
    /* Every line is key=value pairs, so that one parser reads them all: a
     * caller that writes its own pairs starts with event=; free text
     * becomes one quoted msg. */
    bool pairs = strncmp(text, "event=", 6) == 0;
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "ts=%s level=%s ", stamp, names[level]);
    if (pairs) {
        fputs(text, stderr);
    } else {
        fputs("msg=\"", stderr);
        for (const char *p = text; *p != '\0'; p++) {
            if (*p == '"' || *p == '\\')
                fputc('\\', stderr);
            fputc(*p == '\n' ? ' ' : *p, stderr);
        }
        fputc('"', stderr);
    }
    fputc('\n', stderr);
    pthread_mutex_unlock(&log_lock);
}

void fh_log(enum fh_log_level level, const char *fmt, ...)
{
    if (level < min_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(level, fmt, ap);
    va_end(ap);
}

void fh_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(FH_LOG_ERROR, fmt, ap);
    va_end(ap);
    exit(70); /* EX_SOFTWARE */
}
