/* Building a SpatiaLite spatial index (an SQLite R*Tree) in one pass. */
#ifndef COV_RTREE_BULK_H
#define COV_RTREE_BULK_H

#include "geo/ctx.h"
#include "geo/store.h"

/* The next entry: *id (rowid) and box = minx, maxx, miny, maxy; COV_OK for an entry,
 * COV_ERR_NOT_FOUND after the last, any other status to stop with that error. */
typedef cov_status_t (*cov_rtree_entry_fn)(void *user, long long *id, double box[4]);

/* Replace the content of the R-tree virtual table `index` (which must exist, with 2
 * dimensions and no auxiliary columns) by a tree packed from every entry next gives. Call
 * inside a transaction. */
cov_status_t cov_rtree_bulk_load(cov_ctx_t *ctx, cov_store_t *store, const char *index,
                                 cov_rtree_entry_fn next, void *user);

#endif
