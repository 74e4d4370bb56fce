/* Service areas kept in the project: table service_areas (id, profile, metric,
 * clinic_id, cost, unit, width_m, geom MULTIPOLYGON), one row per clinic and
 * cost; written by `covplan roads PROJECT areas --store`, drawn by `covplan map
 * --service-areas COST`. */
#ifndef COV_ROADS_AREA_DB_H
#define COV_ROADS_AREA_DB_H

#include <ogr_api.h>

#include "geo/store.h"

typedef struct roads_sa_writer roads_sa_writer_t;

/* Inside the caller's transaction: create the table if needed, delete the rows
 * of this profile/metric ("walk"/"drive", "length"/"time") and costs, and
 * prepare the insert. */
cov_status_t roads_sa_begin(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                            const char *metric, const double *costs, size_t ncosts,
                            roads_sa_writer_t **out);
/* One clinic's area for one cost (cost in the metric's unit: metres, or
 * minutes); an empty polygon writes nothing. */
cov_status_t roads_sa_write(cov_ctx_t *ctx, roads_sa_writer_t *w, long long clinic_id, double cost,
                            double width, OGRGeometryH poly);
void roads_sa_end(roads_sa_writer_t *w);
/* Drop the table (a replaced road network makes its areas stale). */
cov_status_t roads_sa_drop(cov_ctx_t *ctx, cov_store_t *store);

#endif
