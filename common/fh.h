/* fh.h: what every flexhours module shares: the result enum, the allocation
 * policy, local calendar dates and times, the one clock, and logging.
 * No third-party library is included here. */
#ifndef FH_H
#define FH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One result enum for the whole service; the API maps it to HTTP statuses in
 * exactly one place. */
typedef enum fh_result {
    FH_OK = 0,
    FH_EINVAL,     /* bad input from outside; the message says which */
    FH_ENOTFOUND,  /* no such office, service, booking, ... */
    FH_ECONFLICT,  /* state forbids it: slot full, duplicate, wrong status */
    FH_EREFUSED,   /* a business rule refuses it (cut-off passed, ...) */
    FH_EAUTH,      /* missing or wrong token */
    FH_EFORBIDDEN, /* known, but not allowed this (another office's data, a role) */
    FH_EDB,        /* the store failed */
    FH_EIO,        /* a file, socket or peer failed */
    FH_EBUSY,      /* try again later */
    FH_EINTERNAL,  /* "cannot happen" */
} fh_result;

const char *fh_strerror(fh_result r);

/* Length of the caller-owned error buffers passed down the call chain. */
#define FH_ERR_LEN 256

/* Writes the message into err only when err is still empty, so the first
 * (innermost) failure is the one reported. Returns r for tail calls. */
fh_result fh_fail(char *err, size_t errlen, fh_result r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Out-of-memory policy: a small daemon with hard caps on every input cannot
 * recover meaningfully from a failed allocation, so these abort. */
void *fh_malloc(size_t n);
void *fh_calloc(size_t count, size_t size);
void *fh_realloc(void *p, size_t n);
/* Grows an array of count elements of size to hold at least need elements. */
void *fh_grow(void *p, size_t size, size_t *cap, size_t need);
char *fh_strdup(const char *s);
char *fh_strndup(const char *s, size_t n);
/* Prints printf-style into a fresh allocation. */
char *fh_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- local calendar dates and times -------------------------------------
 * A date is a day number in the office's own calendar (days since
 * 1970-01-01), and a local time is minutes since 1970-01-01 00:00 office
 * time. Dates never pass through UTC. */
typedef int32_t fh_day;
typedef int64_t fh_minute;

#define FH_NO_DAY          INT32_MIN
#define FH_MINUTES_PER_DAY 1440

fh_day fh_day_from_ymd(int year, int month, int day);
void fh_day_to_ymd(fh_day d, int *year, int *month, int *day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int fh_weekday(fh_day d);
int fh_days_in_month(int year, int month);

/* Validators return NULL on success or a static reason. */
const char *fh_parse_date(const char *s, fh_day *out);            /* YYYY-MM-DD */
const char *fh_parse_month(const char *s, int *year, int *month); /* YYYY-MM */
const char *fh_parse_hhmm(const char *s, int *minute_of_day);     /* HH:MM, 24:00 allowed */
/* RFC 3339 with seconds and an offset (Z or +hh:mm); gives UTC seconds. */
const char *fh_parse_rfc3339(const char *s, int64_t *utc_seconds);

#define FH_DATE_LEN 11 /* YYYY-MM-DD + NUL */
#define FH_TIME_LEN 26 /* YYYY-MM-DDTHH:MM:SS+hh:mm + NUL */
void fh_format_date(fh_day d, char out[FH_DATE_LEN]);
void fh_format_hhmm(int minute_of_day, char out[6]);
/* A local time as RFC 3339 with the given UTC offset in minutes. */
void fh_format_local(fh_minute t, int utc_offset, char out[FH_TIME_LEN]);
/* Local time from UTC seconds and the reverse, for an offset in minutes. */
fh_minute fh_local_from_utc(int64_t utc_seconds, int utc_offset);
int64_t fh_utc_from_local(fh_minute t, int utc_offset);
/* Parses an RFC 3339 time into the local time of an office's offset. */
const char *fh_parse_local(const char *s, int utc_offset, fh_minute *out);

static inline fh_day fh_day_of(fh_minute t)
{
    return (fh_day)(t >= 0 ? t / FH_MINUTES_PER_DAY
                           : -((-t + FH_MINUTES_PER_DAY - 1) / FH_MINUTES_PER_DAY));
}

static inline int fh_minute_of_day(fh_minute t)
{
    return (int)(t - (fh_minute)fh_day_of(t) * FH_MINUTES_PER_DAY);
}

/* ---- the clock -----------------------------------------------------------
 * Every reader of "now" calls this. FLEXHOURS_NOW (RFC 3339) pins it;
 * FLEXHOURS_CLOCK=running lets it run on from there. */
const char *fh_clock_init(void); /* NULL, or why FLEXHOURS_NOW is unusable */
int64_t fh_clock_now(void);      /* UTC seconds */

/* ---- UTF-8 (fh_utf8.c) ----------------------------------------------------
 * The project's one UTF-8 decoder (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */

/* The length (1 to 4) of the well-formed character at s, whose code point
 * goes to *cp, reading at most avail bytes (a NUL-terminated string may
 * pass SIZE_MAX: the NUL ends any sequence). 0 when it is ill-formed or cut
 * short; then *bad (when not NULL) is the length of its maximal ill-formed
 * subpart (at least 1), the bytes one U+FFFD replaces (Unicode 3.9). */
size_t fh_utf8_char(const char *s, size_t avail, uint32_t *cp, size_t *bad);

/* ---- the other language --------------------------------------------------
 * Modules return messages for people in English (static strings); where a
 * message leaves the service for a reader of Traditional Chinese, fh_zh()
 * gives its translation from one catalog, or en itself when it has none. */
const char *fh_zh(const char *en);
/* Whether the catalog is in the order its lookup needs (for its test). */
bool fh_text_catalog_sorted(void);

/* ---- logging -------------------------------------------------------------
 * Lines go to stderr with a UTC timestamp. Callers never pass a person's
 * data (national ID, phone, e-mail, name) to these. */
enum fh_log_level { FH_LOG_DEBUG, FH_LOG_INFO, FH_LOG_WARN, FH_LOG_ERROR };
void fh_log_set_level(enum fh_log_level level);
void fh_log(enum fh_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For start-up failures and "cannot happen"; never for a client's input. */
void fh_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- metrics (fh_metrics.c) -----------------------------------------------
 * Counters of what happens below the request layer, kept in fixed arrays of
 * atomics (no lock where they are counted) and written in Prometheus' text
 * format at a scrape. The request layer adds its own and serves /metrics. */

/* A growing text buffer for an answer's body. */
struct fh_buf {
    char *data; /* malloc'd, NUL-terminated; the caller frees it */
    size_t len, cap;
};
void fh_buf_printf(struct fh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The channels and outcomes of a message the notifier tried to send. */
enum fh_metric_channel { FH_METRIC_EMAIL, FH_METRIC_SMS, FH_METRIC_CHANNELS };
enum fh_metric_send {
    FH_METRIC_SENT,
    FH_METRIC_RETRY,
    FH_METRIC_FAILED,
    FH_METRIC_DROPPED,
    FH_METRIC_SENDS
};
/* A failed statement or transaction of the store. */
void fh_metrics_store_error(void);
void fh_metrics_send(enum fh_metric_channel channel, enum fh_metric_send outcome);
/* Writes the counters kept here (store errors, sends). */
void fh_metrics_write(struct fh_buf *b);

#endif
