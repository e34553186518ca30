/* check.h: the few assertion macros the C unit tests share. A failed check
 * prints where and what, and the test goes on so one run shows every
 * failure; the test's exit status is the count of failures (capped). */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                        \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            printf("%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #got, g_, w_);        \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0) {                           \
            printf("%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got,             \
                   g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                        \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

static inline int check_result(void)
{
    printf("%s (%d failed checks)\n", check_failures ? "FAIL" : "PASS", check_failures);
    return check_failures > 0 ? 1 : 0;
}

#endif
