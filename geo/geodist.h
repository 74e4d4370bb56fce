/* Geodesic distances on the ellipsoid of a projected working CRS (PROJ's geodesic.h). */
#ifndef COV_GEODIST_H
#define COV_GEODIST_H

#include <ogr_srs_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/kdtree.h"

/*
 * Planar distances in the working CRS differ from distances on the ellipsoid by the map
 * projection's scale factor: within 0.1% over a county in a Gauss-Kruger 3-degree zone or in
 * HK1980. This module measures on the ellipsoid (Karney's algorithm, as PROJ's geod_inverse)
 * after converting projected x/y to longitude/latitude once.
 */
typedef struct cov_geodist cov_geodist_t;

/* Prepare for points in srs (a projected CRS, borrowed). The caller owns *out
 * (cov_geodist_destroy). COV_ERR_CRS when srs has no ellipsoid or no inverse projection. */
cov_status_t cov_geodist_create(cov_ctx_t *ctx, OGRSpatialReferenceH srs, cov_geodist_t **out);
void cov_geodist_destroy(cov_geodist_t *g);

/* Convert n projected points to degrees of longitude/latitude on the CRS's own datum
 * (lon/lat arrays of length n, written by the caller). COV_ERR_CRS when a point fails. */
cov_status_t cov_geodist_lonlat(cov_ctx_t *ctx, cov_geodist_t *g, size_t n, const double *x,
                                const double *y, double *lon, double *lat);

/* The geodesic distance in metres between two lon/lat points (degrees). */
double cov_geodist_inverse(const cov_geodist_t *g, double lon1, double lat1, double lon2,
                           double lat2);

/* Points found within a geodesic distance, reused from call to call (free idx and dist). */
typedef struct cov_geodist_hits {
    size_t *idx;  /* indexes into the tree's points */
    double *dist; /* their geodesic distances (m) */
    size_t n, cap;
    bool oom; /* the list could not grow (the search stopped early) */
} cov_geodist_hits_t;

/*
 * The points of a planar KD-tree within geodesic distance r of a point, exactly: with scale the
 * CRS's largest linear scale over the data (planar <= scale * geodesic), every such point lies
 * within planar r * scale of (x, y); the tree is searched that far and the geodesic distance
 * from (lon, lat) to (tlon[i], tlat[i]) decides. The hits come in the tree's order, unsorted.
 * COV_ERR_NOMEM when the hit list cannot grow.
 */
cov_status_t cov_geodist_within(const cov_geodist_t *g, const cov_kdtree_t *t, double x, double y,
                                double lon, double lat, const double *tlon, const double *tlat,
                                double r, double scale, cov_geodist_hits_t *hits);

#endif
