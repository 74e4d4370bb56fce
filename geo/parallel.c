/* cov_parallel_for: POSIX threads pulling chunks of indexes from an atomic counter. */
#include "geo/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "geo/alloc.h"

typedef struct job {
    cov_parallel_fn fn;
    void *user;
    size_t n, chunk;
    atomic_size_t next, done;
    atomic_bool stop;
    pthread_mutex_t lock;
    size_t failed;
    cov_status_t status;
} job_t;

typedef struct worker {
    job_t *job;
    unsigned id;
} worker_t;

static void record(job_t *j, size_t i, cov_status_t s)
{
    pthread_mutex_lock(&j->lock);
    if (!j->status || i < j->failed) {
        j->status = s;
        j->failed = i;
    }
    pthread_mutex_unlock(&j->lock);
    atomic_store(&j->stop, true);
}

/* Run chunks until none are left; the caller's thread reports progress between chunks. */
static void work(job_t *j, unsigned id, cov_ctx_t *ctx, const char *phase)
{
    for (;;) {
        if (atomic_load(&j->stop)) return;
        size_t lo = atomic_fetch_add(&j->next, j->chunk);
        if (lo >= j->n) return;
        size_t hi = lo + j->chunk < j->n ? lo + j->chunk : j->n;
        for (size_t i = lo; i < hi; i++) {
            cov_status_t s = j->fn(j->user, i, id);
            if (s) {
                record(j, i, s);
                return;
            }
        }
        size_t d = atomic_fetch_add(&j->done, hi - lo) + (hi - lo);
        if (ctx && phase) cov_progress(ctx, phase, d, j->n);
    }
}

static void *thread_main(void *arg)
{
    worker_t *w = arg;
    work(w->job, w->id, NULL, NULL);
    return NULL;
}

unsigned cov_parallel_threads(const cov_ctx_t *ctx, size_t n)
{
    unsigned t = cov_ctx_threads(ctx);
    if (n < t) t = n ? (unsigned)n : 1;
    return t;
}

cov_status_t cov_parallel_for(cov_ctx_t *ctx, const char *phase, size_t n, cov_parallel_fn fn,
                              void *user, size_t *failed)
{
    if (failed) *failed = 0;
    job_t j = {.fn = fn, .user = user, .n = n};
    /* chunks small enough to balance uneven items, large enough to keep the counter cool */
    unsigned nt = cov_parallel_threads(ctx, n);
    j.chunk = n / ((size_t)nt * 64);
    if (j.chunk < 1) j.chunk = 1;
    if (j.chunk > 256) j.chunk = 256;
    atomic_init(&j.next, 0);
    atomic_init(&j.done, 0);
    atomic_init(&j.stop, false);
    pthread_mutex_init(&j.lock, NULL);
    pthread_t *th = nt > 1 ? cov_calloc_array(nt, sizeof *th) : NULL;
    worker_t *ws = nt > 1 ? cov_calloc_array(nt, sizeof *ws) : NULL;
    unsigned started = 0;
    if (th && ws)
        for (unsigned t = 1; t < nt; t++) {
            ws[t] = (worker_t){&j, t};
            if (pthread_create(&th[t], NULL, thread_main, &ws[t]) != 0) break;
            started = t;
        }
    work(&j, 0, ctx, phase);
    for (unsigned t = 1; t <= started; t++) pthread_join(th[t], NULL);
    free(th);
    free(ws);
    pthread_mutex_destroy(&j.lock);
    if (j.status && failed) *failed = j.failed;
    return j.status;
}
