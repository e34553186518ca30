/* fhsync.c: an LD_PRELOAD shim for the end-to-end tests that must see what
 * a process kill cannot show: when the database reached the disk. Loaded
 * into `flexhours serve` with FH_SYNC_DIR set, it appends to
 * FH_SYNC_DIR/events one line per event, numbered in the order they
 * happened:
 *   N sync wal|db PATH    fsync/fdatasync of the database or its WAL
 *   N sync log|dir PATH   fsync/fdatasync of a file named *.log (the outbox
 *                         file) or of a directory
 *   N logwrite LEN        a write to a *.log file
 *   N walwrite OFF LEN    a write to the WAL; its bytes go to FH_SYNC_DIR/wal
 *                         at offset OFF of that file
 *   N answer CODE         an HTTP answer leaving with "code":"CODE" in it
 *   N close SYNC JOURNAL QUERYONLY   PRAGMA synchronous, journal_mode and
 *                         query_only of a connection, read as it closes
 * and, when the file FH_SYNC_DIR/arm exists and the WAL writes of a
 * transaction hold the bytes it contains (any transaction when it is
 * empty), renames it to FH_SYNC_DIR/held at that transaction's sync of the
 * WAL and holds the sync (the commit, with the locks the server holds
 * around it) until the test removes `held`: a test forces the order of two
 * transactions that way. When the file FH_SYNC_DIR/fail-log exists, an
 * fsync of a *.log file fails with EIO (after the real one; nothing is
 * logged for it): the outbox worker's answer to a disk that failed it.
 * Not a test itself; built by make check as tests/e2e/fhsync.so. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *dir;
static int events_fd = -1, wal_fd = -1;
static unsigned long seq;
static long wal_off;
static bool gate_matched; /* the WAL writes since the last sync hold the arm's bytes */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int (*real_fsync)(int), (*real_fdatasync)(int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_sendmsg)(int, const struct msghdr *, int);
static ssize_t (*real_writev)(int, const struct iovec *, int);

static void init(void)
{
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_send = dlsym(RTLD_NEXT, "send");
    real_sendmsg = dlsym(RTLD_NEXT, "sendmsg");
    real_writev = dlsym(RTLD_NEXT, "writev");
    dir = getenv("FH_SYNC_DIR");
    if (dir == NULL || dir[0] == '\0')
        return;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/events", dir);
    events_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    snprintf(path, sizeof path, "%s/wal", dir);
    wal_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

/* One numbered line; the caller holds lock. */
static void event(const char *fmt, ...)
{
    char line[PATH_MAX + 128];
    int n = snprintf(line, sizeof line, "%lu ", ++seq);
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    if (real_write(events_fd, line, (size_t)n) < 0)
        abort();
}

/* "wal", "db", "log", "dir" or NULL: what fd is, by its path. */
static const char *kind_of(int fd, char *path, size_t len)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, len - 1);
    if (n <= 0)
        return NULL;
    path[n] = '\0';
    size_t l = (size_t)n;
    if (l > 4 && strcmp(path + l - 4, "-wal") == 0)
        return "wal";
    if (l > 3 && strcmp(path + l - 3, ".db") == 0)
        return "db";
    if (l > 4 && strcmp(path + l - 4, ".log") == 0)
        return "log";
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        return "dir";
    return NULL;
}

/* Whether the test asks an fsync of this *.log file to fail. */
static bool fail_log(int fd)
{
    char path[PATH_MAX], arm[PATH_MAX];
    const char *kind = kind_of(fd, path, sizeof path);
    if (kind == NULL || strcmp(kind, "log") != 0)
        return false;
    snprintf(arm, sizeof arm, "%s/fail-log", dir);
    return access(arm, F_OK) == 0;
}

/* Whether buf holds what FH_SYNC_DIR/arm asks for; the caller holds lock. */
static void match_arm(const void *buf, size_t n)
{
    char path[PATH_MAX], want[256];
    snprintf(path, sizeof path, "%s/arm", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ssize_t len = read(fd, want, sizeof want);
    close(fd);
    if (len == 0 || (len > 0 && memmem(buf, n, want, (size_t)len) != NULL))
        gate_matched = true;
}

static void hold_if_armed(void)
{
    char arm[PATH_MAX], held[PATH_MAX];
    snprintf(arm, sizeof arm, "%s/arm", dir);
    snprintf(held, sizeof held, "%s/held", dir);
    pthread_mutex_lock(&lock);
    bool hold = gate_matched;
    gate_matched = false;
    pthread_mutex_unlock(&lock);
    if (!hold || rename(arm, held) != 0)
        return;
    struct timespec ms = {0, 1000000};
    while (access(held, F_OK) == 0)
        nanosleep(&ms, NULL);
}

static void synced(int fd)
{
    char path[PATH_MAX];
    const char *kind = kind_of(fd, path, sizeof path);
    if (kind == NULL)
        return;
    if (strcmp(kind, "wal") == 0)
        hold_if_armed();
    pthread_mutex_lock(&lock);
    event("sync %s %s", kind, path);
    pthread_mutex_unlock(&lock);
}

int fsync(int fd)
{
    pthread_once(&once, init);
    int r = real_fsync(fd);
    if (r == 0 && events_fd >= 0 && fail_log(fd)) {
        errno = EIO;
        return -1;
    }
    if (r == 0 && events_fd >= 0)
        synced(fd);
    return r;
}

int fdatasync(int fd)
{
    pthread_once(&once, init);
    int r = real_fdatasync(fd);
    if (r == 0 && events_fd >= 0 && fail_log(fd)) {
        errno = EIO;
        return -1;
    }
    if (r == 0 && events_fd >= 0)
        synced(fd);
    return r;
}

static void wal_written(int fd, const void *buf, ssize_t n)
{
    char path[PATH_MAX];
    const char *kind;
    if (n <= 0 || events_fd < 0 || (kind = kind_of(fd, path, sizeof path)) == NULL)
        return;
    if (strcmp(kind, "log") == 0) {
        pthread_mutex_lock(&lock);
        event("logwrite %zd", n);
        pthread_mutex_unlock(&lock);
        return;
    }
    if (strcmp(kind, "wal") != 0)
        return;
    pthread_mutex_lock(&lock);
    event("walwrite %ld %zd", wal_off, n);
    if (!gate_matched)
        match_arm(buf, (size_t)n);
    if (real_write(wal_fd, buf, (size_t)n) != n)
        abort();
    wal_off += n;
    pthread_mutex_unlock(&lock);
}

static bool is_socket(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Every "code":"XXXXXXXX" in what leaves through a socket. */
static void sent(const char *buf, size_t n)
{
    static const char key[] = "\"code\":\"";
    const char *p = buf, *end = buf + n;
    while ((p = memmem(p, (size_t)(end - p), key, sizeof key - 1)) != NULL) {
        p += sizeof key - 1;
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (q == NULL || q - p > 32)
            break;
        pthread_mutex_lock(&lock);
        event("answer %.*s", (int)(q - p), p);
        pthread_mutex_unlock(&lock);
        p = q;
    }
}

ssize_t write(int fd, const void *buf, size_t n)
{
    pthread_once(&once, init);
    bool sock = events_fd >= 0 && fd > 2 && fd != events_fd && fd != wal_fd && is_socket(fd);
    if (sock)
        sent(buf, n);
    ssize_t r = real_write(fd, buf, n);
    if (!sock && fd > 2 && fd != events_fd && fd != wal_fd)
        wal_written(fd, buf, r);
    return r;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    pthread_once(&once, init);
    ssize_t r = real_pwrite(fd, buf, n, off);
    wal_written(fd, buf, r);
    return r;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    pthread_once(&once, init);
    ssize_t r = real_pwrite64(fd, buf, n, off);
    wal_written(fd, buf, r);
    return r;
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    pthread_once(&once, init);
    if (events_fd >= 0)
        sent(buf, n);
    return real_send(fd, buf, n, flags);
}

static void sent_iov(const struct iovec *iov, int count)
{
    size_t total = 0;
    for (int i = 0; i < count; i++)
        total += iov[i].iov_len;
    char *all = malloc(total + 1);
    if (all == NULL)
        return;
    size_t at = 0;
    for (int i = 0; i < count; i++) {
        memcpy(all + at, iov[i].iov_base, iov[i].iov_len);
        at += iov[i].iov_len;
    }
    sent(all, total);
    free(all);
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
    pthread_once(&once, init);
    if (events_fd >= 0)
        sent_iov(m->msg_iov, (int)m->msg_iovlen);
    return real_sendmsg(fd, m, flags);
}

ssize_t writev(int fd, const struct iovec *iov, int count)
{
    pthread_once(&once, init);
    if (events_fd >= 0 && fd > 2 && is_socket(fd))
        sent_iov(iov, count);
    return real_writev(fd, iov, count);
}

/* ---- the modes a connection ran with, read as it closes ---------------------- */

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

static void pragma(sqlite3 *db, const char *sql, char *out, size_t len)
{
    int (*prepare)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **) =
        dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
    int (*step)(sqlite3_stmt *) = dlsym(RTLD_NEXT, "sqlite3_step");
    const unsigned char *(*text)(sqlite3_stmt *, int) = dlsym(RTLD_NEXT, "sqlite3_column_text");
    int (*finalize)(sqlite3_stmt *) = dlsym(RTLD_NEXT, "sqlite3_finalize");
    sqlite3_stmt *s = NULL;
    snprintf(out, len, "?");
    if (prepare == NULL || prepare(db, sql, -1, &s, NULL) != 0 || s == NULL)
        return;
    if (step(s) == 100 /* SQLITE_ROW */ && text(s, 0) != NULL)
        snprintf(out, len, "%s", (const char *)text(s, 0));
    finalize(s);
}

static void modes(sqlite3 *db)
{
    pthread_once(&once, init);
    if (events_fd < 0 || db == NULL)
        return;
    char sync[32], journal[32], query_only[32];
    pragma(db, "PRAGMA synchronous", sync, sizeof sync);
    pragma(db, "PRAGMA journal_mode", journal, sizeof journal);
    pragma(db, "PRAGMA query_only", query_only, sizeof query_only);
    pthread_mutex_lock(&lock);
    event("close %s %s %s", sync, journal, query_only);
    pthread_mutex_unlock(&lock);
}

int sqlite3_close(sqlite3 *db)
{
    modes(db);
    int (*real)(sqlite3 *) = dlsym(RTLD_NEXT, "sqlite3_close");
    return real(db);
}

int sqlite3_close_v2(sqlite3 *db)
{
    modes(db);
    int (*real)(sqlite3 *) = dlsym(RTLD_NEXT, "sqlite3_close_v2");
    return real(db);
}
