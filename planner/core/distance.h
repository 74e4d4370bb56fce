/* How the project measures distances: planar in the working CRS only where its scale error over
 * the data stays under 0.1% (COV_CRS_PLANAR_MAX_ERROR); geodesic on the ellipsoid otherwise, and
 * always in a wide project (a province, the country). */
#ifndef COV_CORE_DISTANCE_H
#define COV_CORE_DISTANCE_H

#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/store.h"

typedef struct cov_distance_info {
    bool has_data; /* the layers hold something (else only wide decides) */
    double lon_min, lat_min, lon_max, lat_max; /* the data's extent on the CRS's datum */
    double worst_scale_error; /* max |scale - 1| of the CRS over the data (0.001 = 0.1%) */
    double max_scale;         /* the largest linear scale over the data */
    bool wide;                /* made wide: init --extent wide|china, or a fitted CRS */
    bool geodesic;            /* distances are measured on the ellipsoid */
} cov_distance_info_t;

/* Work out how the project measures (a project without a CRS yet: planar, no data). */
COV_API cov_status_t cov_project_distance(cov_ctx_t *ctx, cov_store_t *store,
                                          cov_distance_info_t *out);

/* Add a layer's WGS84 extent [w, s, e, n] to the project's record of where its data lie (the
 * union of every import's extent, in covplan_meta; inside the caller's transaction): the scale
 * error is evaluated over it. Projects made before it was kept use the layers' outline. */
cov_status_t cov_project_note_extent(cov_ctx_t *ctx, cov_store_t *store, const double ext[4]);

#endif
