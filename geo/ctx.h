/* The covplan context: owns the PROJ context, the last error message, logging and progress. */
#ifndef COV_CTX_H
#define COV_CTX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/status.h"

typedef struct cov_ctx cov_ctx_t;

typedef enum cov_log_level {
    COV_LOG_DEBUG = 0,
    COV_LOG_INFO = 1,
    COV_LOG_WARN = 2
} cov_log_level_t;

/* Called for warnings and info messages; the library itself never prints. */
typedef void (*cov_log_fn)(void *user, cov_log_level_t level, const char *msg);
/* Called during long work with done/total; total 0 means unknown. A phase name labels the work. */
typedef void (*cov_progress_fn)(void *user, const char *phase, size_t done, size_t total);

/* Create a context. The caller owns it and frees it with cov_ctx_destroy(). */
COV_API cov_status_t cov_ctx_create(cov_ctx_t **out);
COV_API void cov_ctx_destroy(cov_ctx_t *ctx);

/* Where warnings and notes go, and where progress of long work goes (NULL: nowhere). */
COV_API void cov_ctx_set_log(cov_ctx_t *ctx, cov_log_fn fn, void *user);
COV_API void cov_ctx_set_progress(cov_ctx_t *ctx, cov_progress_fn fn, void *user);

/* The folder of covplan's own data files (facility kinds, presets, road speeds): the one set
 * here (copied), else the installed one (PREFIX/share/covplan). The library never reads the
 * environment: programs decide (the covplan CLI honours $COV_DATA_DIR). */
COV_API cov_status_t cov_ctx_set_data_dir(cov_ctx_t *ctx, const char *dir);
/* Borrowed; valid until the next cov_ctx_set_data_dir. */
COV_API const char *cov_ctx_data_dir(const cov_ctx_t *ctx);

/* Threads for heavy loops: n >= 1, or 0 for every online processor (the default). */
COV_API void cov_ctx_set_threads(cov_ctx_t *ctx, unsigned n);
/* The number in effect (>= 1). */
COV_API unsigned cov_ctx_threads(const cov_ctx_t *ctx);

/* The PROJ context (PJ_CONTEXT *) owned by ctx; typed void* to keep proj.h out of callers. */
COV_API void *cov_ctx_proj(cov_ctx_t *ctx);

/* Record an error message (printf-style) and return st, so callers can `return cov_fail(...)`. */
COV_API cov_status_t cov_fail(cov_ctx_t *ctx, cov_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message of the last failure ("" when none). Owned by ctx, valid until the next failure. */
COV_API const char *cov_ctx_errmsg(const cov_ctx_t *ctx);
COV_API void cov_ctx_clear_error(cov_ctx_t *ctx);

/* Log a message (printf-style) through the log callback; warnings are counted. */
COV_API void cov_log(cov_ctx_t *ctx, cov_log_level_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Number of warnings logged since creation (lets tests and callers count them). */
COV_API size_t cov_ctx_warning_count(const cov_ctx_t *ctx);
COV_API void cov_progress(cov_ctx_t *ctx, const char *phase, size_t done, size_t total);

#endif
