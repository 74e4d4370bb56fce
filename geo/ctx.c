/* The covplan context, status names and allocation helpers. */
#include "geo/ctx.h"

#include <proj.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo/alloc.h"

struct cov_ctx {
    PJ_CONTEXT *proj;
    char errmsg[2048];
    cov_log_fn log_fn;
    void *log_user;
    cov_progress_fn progress_fn;
    void *progress_user;
    size_t warnings;
    char *data_dir;
    unsigned threads; /* 0: every online processor */
};

const char *cov_status_str(cov_status_t st)
{
    switch (st) {
    case COV_OK: return "ok";
    case COV_ERR_USAGE: return "usage error";
    case COV_ERR_NOT_FOUND: return "not found";
    case COV_ERR_INPUT: return "bad input";
    case COV_ERR_EMPTY: return "empty input";
    case COV_ERR_CRS: return "CRS error";
    case COV_ERR_GEOMETRY: return "geometry error";
    case COV_ERR_IO: return "I/O error";
    case COV_ERR_DB: return "database error";
    case COV_ERR_NOT_PROJECT: return "not a covplan project";
    case COV_ERR_NOMEM: return "out of memory";
    case COV_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

int cov_status_exit_code(cov_status_t st)
{
    if (st == COV_OK) return 0;
    if (st == COV_ERR_USAGE) return 2;
    if (st < 30) return 3;
    if (st < 40) return 4;
    if (st < 50) return 5;
    return 6;
}

void *cov_calloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *cov_realloc_array(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes ? bytes : 1);
}

void *cov_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap && p) return p;
    size_t nc = *cap ? *cap : 64;
    while (nc < need) {
        if (nc > SIZE_MAX / 2) return NULL;
        nc *= 2;
    }
    void *q = cov_realloc_array(p, nc, size);
    if (q) *cap = nc;
    return q;
}

char *cov_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

cov_status_t cov_ctx_create(cov_ctx_t **out)
{
    *out = NULL;
    cov_ctx_t *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return COV_ERR_NOMEM;
    ctx->proj = proj_context_create();
    if (!ctx->proj) {
        free(ctx);
        return COV_ERR_NOMEM;
    }
    *out = ctx;
    return COV_OK;
}

void cov_ctx_destroy(cov_ctx_t *ctx)
{
    if (ctx) free(ctx->data_dir);
    if (!ctx) return;
    proj_context_destroy(ctx->proj);
    free(ctx);
}

void cov_ctx_set_log(cov_ctx_t *ctx, cov_log_fn fn, void *user)
{
    ctx->log_fn = fn;
    ctx->log_user = user;
}

void cov_ctx_set_progress(cov_ctx_t *ctx, cov_progress_fn fn, void *user)
{
    ctx->progress_fn = fn;
    ctx->progress_user = user;
}

void *cov_ctx_proj(cov_ctx_t *ctx) { return ctx->proj; }

cov_status_t cov_fail(cov_ctx_t *ctx, cov_status_t st, const char *fmt, ...)
{
    /* Format into a scratch buffer: the arguments may include the current message. */
    char buf[sizeof ctx->errmsg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    memcpy(ctx->errmsg, buf, sizeof buf);
    return st;
}

const char *cov_ctx_errmsg(const cov_ctx_t *ctx) { return ctx->errmsg; }

void cov_ctx_clear_error(cov_ctx_t *ctx) { ctx->errmsg[0] = '\0'; }

void cov_log(cov_ctx_t *ctx, cov_log_level_t level, const char *fmt, ...)
{
    if (level == COV_LOG_WARN) ctx->warnings++;
    if (!ctx->log_fn) return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log_fn(ctx->log_user, level, buf);
}

size_t cov_ctx_warning_count(const cov_ctx_t *ctx) { return ctx->warnings; }

void cov_progress(cov_ctx_t *ctx, const char *phase, size_t done, size_t total)
{
    if (ctx->progress_fn) ctx->progress_fn(ctx->progress_user, phase, done, total);
}

cov_status_t cov_ctx_set_data_dir(cov_ctx_t *ctx, const char *dir)
{
    char *copy = NULL;
    if (dir && !(copy = strdup(dir))) return COV_ERR_NOMEM;
    free(ctx->data_dir);
    ctx->data_dir = copy;
    return COV_OK;
}

const char *cov_ctx_data_dir(const cov_ctx_t *ctx)
{
    if (ctx && ctx->data_dir) return ctx->data_dir;
#ifdef COV_INSTALL_DATA_DIR
    return COV_INSTALL_DATA_DIR;
#else
    return "data";
#endif
}

void cov_ctx_set_threads(cov_ctx_t *ctx, unsigned n) { ctx->threads = n; }

unsigned cov_ctx_threads(const cov_ctx_t *ctx)
{
    if (ctx && ctx->threads) return ctx->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 1 ? (unsigned)(n < 256 ? n : 256) : 1;
}
