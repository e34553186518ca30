/* test_store_health.c: what /readyz and the start-up check rely on: a
 * store that reads and writes is ready; one whose read or durable write
 * fails (a damaged file, a full disk, here an injected I/O error) is not,
 * and says why; a damaged file fails the quick integrity check. */
#include "store/store.h"
#include "tests/unit/check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static char *dir;

static struct store *open_in(const char *name, char **path)
{
    *path = fh_asprintf("%s/%s", dir, name);
    char err[FH_ERR_LEN] = "";
    struct store *st = NULL;
    if (store_open(*path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    return st;
}

static void test_ready(void)
{
    char *path;
    struct store *st = open_in("ready.db", &path);
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_ready(st, err, sizeof err), FH_OK);
    CHECK_INT(store_quick_check(st, err, sizeof err), FH_OK);
    /* Each step of the check failing in turn: the two reads, BEGIN, the
     * write, COMMIT. */
    for (long n = 1; n <= 5; n++) {
        err[0] = '\0';
        store_test_fail_step(n);
        fh_result r = store_ready(st, err, sizeof err);
        store_test_fail_step(0);
        if (r == FH_OK || err[0] == '\0') {
            printf("step %ld failing: store_ready gave %d \"%s\"\n", n, r, err);
            check_failures++;
        }
    }
    err[0] = '\0';
    CHECK_INT(store_ready(st, err, sizeof err), FH_OK); /* and ready again */
    store_close(st);
    free(path);
}

/* A file whose pages were overwritten: refused at start, or found damaged
 * by the quick check. */
static void test_damaged(void)
{
    char *path;
    struct store *st = open_in("damaged.db", &path);
    store_close(st);
    int fd = open(path, O_WRONLY);
    CHECK(fd >= 0);
    char junk[4096];
    memset(junk, 0x5a, sizeof junk);
    /* Page 2 onwards (the schema's tables), not the header. */
    CHECK(pwrite(fd, junk, sizeof junk, 4096) == (ssize_t)sizeof junk);
    CHECK(pwrite(fd, junk, sizeof junk, 8192) == (ssize_t)sizeof junk);
    close(fd);
    char err[FH_ERR_LEN] = "";
    st = NULL;
    fh_result r = store_open(path, &st, err, sizeof err);
    if (r == FH_OK) {
        err[0] = '\0';
        r = store_quick_check(st, err, sizeof err);
        store_close(st);
    }
    CHECK(r != FH_OK);
    CHECK(err[0] != '\0');
    free(path);
}

int main(void)
{
    char tmpl[] = "/tmp/fh-health-XXXXXX";
    dir = mkdtemp(tmpl);
    if (dir == NULL)
        fh_fatal("mkdtemp");
    test_ready();
    test_damaged();
    char *cmd = fh_asprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    return check_result();
}
