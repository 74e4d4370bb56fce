/* Geodesic distances on the working CRS's ellipsoid: inverse projection through OGR, then
 * PROJ's geod_inverse. */
#include "geo/geodist.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"

struct cov_geodist {
    struct geod_geodesic geod;
    OGRCoordinateTransformationH to_lonlat;
};

cov_status_t cov_geodist_create(cov_ctx_t *ctx, OGRSpatialReferenceH srs, cov_geodist_t **out)
{
    *out = NULL;
    if (!srs) return cov_fail(ctx, COV_ERR_CRS, "geodesic distances need a working CRS");
    OGRErr e1 = OGRERR_NONE, e2 = OGRERR_NONE;
    double a = OSRGetSemiMajor(srs, &e1), invf = OSRGetInvFlattening(srs, &e2);
    if (e1 != OGRERR_NONE || e2 != OGRERR_NONE || !(a > 0))
        return cov_fail(ctx, COV_ERR_CRS, "the working CRS %s has no usable ellipsoid",
                        OSRGetName(srs));
    OGRSpatialReferenceH geog = OSRCloneGeogCS(srs);
    if (!geog)
        return cov_fail(ctx, COV_ERR_CRS, "the working CRS %s has no geographic base CRS",
                        OSRGetName(srs));
    OSRSetAxisMappingStrategy(geog, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(srs, geog);
    OSRDestroySpatialReference(geog);
    if (!ct)
        return cov_fail(ctx, COV_ERR_CRS, "cannot inverse-project the working CRS %s",
                        OSRGetName(srs));
    cov_geodist_t *g = calloc(1, sizeof *g);
    if (!g) {
        OCTDestroyCoordinateTransformation(ct);
        return COV_ERR_NOMEM;
    }
    geod_init(&g->geod, a, invf > 0 ? 1.0 / invf : 0.0);
    g->to_lonlat = ct;
    *out = g;
    return COV_OK;
}

void cov_geodist_destroy(cov_geodist_t *g)
{
    if (!g) return;
    OCTDestroyCoordinateTransformation(g->to_lonlat);
    free(g);
}

cov_status_t cov_geodist_lonlat(cov_ctx_t *ctx, cov_geodist_t *g, size_t n, const double *x,
                                const double *y, double *lon, double *lat)
{
    if (n == 0) return COV_OK;
    int *ok = cov_calloc_array(n, sizeof *ok);
    if (!ok) return COV_ERR_NOMEM;
    memcpy(lon, x, n * sizeof *lon);
    memcpy(lat, y, n * sizeof *lat);
    /* OCTTransformEx takes an int count: convert in chunks. */
    cov_status_t s = COV_OK;
    for (size_t at = 0; at < n && !s; at += 1 << 20) {
        size_t m = n - at < (size_t)1 << 20 ? n - at : (size_t)1 << 20;
        if (!OCTTransformEx(g->to_lonlat, (int)m, lon + at, lat + at, NULL, ok + at))
            for (size_t i = at; i < at + m && !s; i++)
                if (!ok[i] || !isfinite(lon[i]) || !isfinite(lat[i]))
                    s = cov_fail(ctx, COV_ERR_CRS,
                                 "point (%.3f, %.3f) cannot be converted to longitude/latitude",
                                 x[i], y[i]);
    }
    free(ok);
    return s;
}

double cov_geodist_inverse(const cov_geodist_t *g, double lon1, double lat1, double lon2,
                           double lat2)
{
    double s12 = 0;
    geod_inverse(&g->geod, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

static bool hit_visit(void *user, size_t idx, double dist)
{
    cov_geodist_hits_t *h = user;
    (void)dist;
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 64;
        size_t *i = cov_realloc_array(h->idx, nc, sizeof *i);
        if (i) h->idx = i;
        double *d = cov_realloc_array(h->dist, nc, sizeof *d);
        if (d) h->dist = d;
        if (!i || !d) {
            h->oom = true;
            return false;
        }
        h->cap = nc;
    }
    h->idx[h->n++] = idx;
    return true;
}

cov_status_t cov_geodist_within(const cov_geodist_t *g, const cov_kdtree_t *t, double x, double y,
                                double lon, double lat, const double *tlon, const double *tlat,
                                double r, double scale, cov_geodist_hits_t *hits)
{
    hits->n = 0;
    if (!(r >= 0)) return COV_OK;
    double search = isfinite(r) ? r * scale + 1e-6 : INFINITY;
    hits->oom = false;
    cov_kdtree_within(t, x, y, search, hit_visit, hits);
    if (hits->oom) return COV_ERR_NOMEM;
    size_t kept = 0;
    for (size_t k = 0; k < hits->n; k++) {
        size_t i = hits->idx[k];
        double d = cov_geodist_inverse(g, lon, lat, tlon[i], tlat[i]);
        if (d <= r) hits->idx[kept] = i, hits->dist[kept++] = d;
    }
    hits->n = kept;
    return COV_OK;
}
