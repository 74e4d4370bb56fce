/* Service areas kept in the project: table service_areas (id, profile, metric,
 * clinic_id, cost, unit, width_m, geom MULTIPOLYGON), one row per clinic and
 * cost; written by `covplan roads PROJECT areas --store`, drawn by `covplan map
 * --service-areas COST`. */
#ifndef COV_CORE_SERVICE_AREAS_H
#define COV_CORE_SERVICE_AREAS_H

#include <ogr_api.h>

#include <stddef.h>

#include "geo/store.h"

typedef struct cov_sa_writer cov_sa_writer_t;

/* Inside the caller's transaction: create the table if needed, delete the rows
 * of this profile/metric ("walk"/"drive", "length"/"time") and costs, and
 * prepare the insert. */
cov_status_t cov_sa_begin(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                          const char *metric, const double *costs, size_t ncosts,
                          cov_sa_writer_t **out);
/* One clinic's area for one cost (cost in the metric's unit: metres, or
 * minutes); an empty polygon writes nothing. */
cov_status_t cov_sa_write(cov_ctx_t *ctx, cov_sa_writer_t *w, long long clinic_id, double cost,
                          double width, OGRGeometryH poly);
void cov_sa_end(cov_sa_writer_t *w);
/* Drop the table (a replaced road network makes its areas stale). */
cov_status_t cov_sa_drop(cov_ctx_t *ctx, cov_store_t *store);

/* One stored service area with the kind of its clinic. */
typedef struct cov_sa_rec {
    OGRGeometryH geom; /* owned */
    char *kind;        /* owned; NULL when the clinic has none */
} cov_sa_rec_t;

/* The stored areas of a profile, metric and cost, ordered by clinic id; none (*n 0) when no
 * areas were ever stored. A geometry that cannot be read is COV_ERR_DB. The caller owns *out
 * (cov_sa_free, also on error). */
cov_status_t cov_sa_load(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                         const char *metric, double cost, cov_sa_rec_t **out, size_t *n);
void cov_sa_free(cov_sa_rec_t *a, size_t n);

#endif
