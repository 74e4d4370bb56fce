/* Minimal assertion helpers for covplan's unit tests (each test is one CTest case). */
#ifndef COV_TEST_CHECK_H
#define COV_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                      \
        if (va_ != vb_) {                                                                          \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, va_,     \
                    vb_);                                                                          \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double va_ = (double)(a), vb_ = (double)(b);                                               \
        if (!(fabs(va_ - vb_) <= (tol))) {                                                         \
            fprintf(stderr, "%s:%d: %s == %.12g, expected %.12g (tol %g)\n", __FILE__, __LINE__,   \
                    #a, va_, vb_, (double)(tol));                                                  \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *va_ = (a), *vb_ = (b);                                                         \
        if (!va_ || !vb_ || strcmp(va_, vb_) != 0) {                                               \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,      \
                    va_ ? va_ : "(null)", vb_ ? vb_ : "(null)");                                   \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

/* Path of a file under the shared data folder (COV_SHARED_DIR), in a static buffer. */
static inline const char *shared_path(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("COV_SHARED_DIR");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "../shared", rel);
    return buf;
}

#define CHECK_DONE()                                                                               \
    do {                                                                                           \
        if (check_failures) {                                                                      \
            fprintf(stderr, "%d check(s) failed\n", check_failures);                               \
            return 1;                                                                              \
        }                                                                                          \
        return 0;                                                                                  \
    } while (0)

#endif
