/* Loops over independent items on all cores, with results that do not depend on the threads. */
#ifndef COV_PARALLEL_H
#define COV_PARALLEL_H

#include <stddef.h>

#include "geo/ctx.h"

/*
 * fn(user, i, worker) is called once for every i in [0, n), on cov_ctx_threads(ctx) threads
 * (the caller's among them); worker (0 .. threads-1) names the thread, so fn can use scratch
 * space of its own. Items are handed out in small chunks in index order. fn writes its result
 * to slot i of the caller's arrays and must not touch shared state (nor the context: no
 * cov_fail, no cov_log, no progress), so results are byte-identical whatever the number of
 * threads. Progress for phase (when not NULL) is reported from the calling thread.
 *
 * Returns COV_OK, or the status of the failing item with the smallest index (later items may
 * or may not have run); *failed (may be NULL) is set to that index.
 */
typedef cov_status_t (*cov_parallel_fn)(void *user, size_t i, unsigned worker);
cov_status_t cov_parallel_for(cov_ctx_t *ctx, const char *phase, size_t n, cov_parallel_fn fn,
                              void *user, size_t *failed);

/* Threads for a context of ctx's thread setting and an amount of work: never more than n. */
unsigned cov_parallel_threads(const cov_ctx_t *ctx, size_t n);

#endif
