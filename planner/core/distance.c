/* How the project measures distances (see distance.h). */
#include "planner/core/distance.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/crs.h"
#include "geo/geodist.h"
#include "planner/core/db.h"

/* The layers' extent in the working CRS; *found false when they are empty. */
static cov_status_t xy_extent(cov_ctx_t *ctx, cov_store_t *store, double e[4], bool *found)
{
    *found = false;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store,
        "SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom))"
        " FROM (SELECT geom FROM main.areas UNION ALL SELECT geom FROM main.facilities"
        " UNION ALL SELECT geom FROM main.demand)",
        &st);
    if (s) return s;
    if (cov_db_row(ctx, store, st, "the layers", &s) && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        for (int i = 0; i < 4; i++) e[i] = sqlite3_column_double(st, i);
        *found = true;
    }
    sqlite3_finalize(st);
    return s;
}

static bool parse_extent(const char *text, double e[4])
{
    return text && sscanf(text, "%lf %lf %lf %lf", &e[0], &e[1], &e[2], &e[3]) == 4 &&
           e[0] <= e[2] && e[1] <= e[3];
}

cov_status_t cov_project_note_extent(cov_ctx_t *ctx, cov_store_t *store, const double ext[4])
{
    char *text = NULL;
    cov_status_t s = cov_store_meta_get(ctx, store, "lonlat_extent", &text);
    if (s) return s;
    double e[4] = {ext[0], ext[1], ext[2], ext[3]}, old[4];
    if (parse_extent(text, old)) {
        e[0] = fmin(e[0], old[0]), e[1] = fmin(e[1], old[1]);
        e[2] = fmax(e[2], old[2]), e[3] = fmax(e[3], old[3]);
    }
    free(text);
    char buf[128];
    snprintf(buf, sizeof buf, "%.6f %.6f %.6f %.6f", e[0], e[1], e[2], e[3]);
    return cov_store_meta_set(ctx, store, "lonlat_extent", buf);
}

cov_status_t cov_project_distance(cov_ctx_t *ctx, cov_store_t *store, cov_distance_info_t *out)
{
    memset(out, 0, sizeof *out);
    out->max_scale = 1;
    char *extent = NULL;
    cov_status_t s = cov_store_meta_get(ctx, store, "extent", &extent);
    if (s) return s;
    out->wide = extent && strcmp(extent, "wide") == 0;
    free(extent);
    out->geodesic = out->wide;
    if (!cov_store_srid(store)) return COV_OK;
    char *text = NULL;
    if ((s = cov_store_meta_get(ctx, store, "lonlat_extent", &text))) return s;
    double le[4];
    bool known = parse_extent(text, le);
    free(text);
    if (known) { /* where the imports said their data lie: no pass over the layers */
        out->lon_min = le[0], out->lat_min = le[1], out->lon_max = le[2], out->lat_max = le[3];
        out->has_data = true;
        s = cov_crs_scale_error(ctx, cov_store_srs(store), le[0], le[1], le[2], le[3],
                                &out->worst_scale_error, &out->max_scale);
        if (!s && out->worst_scale_error > COV_CRS_PLANAR_MAX_ERROR) out->geodesic = true;
        return s;
    }
    /* A project imported before the extent was recorded: the layers' own extent. */
    double e[4];
    bool found;
    if ((s = xy_extent(ctx, store, e, &found)) || !found) return s;
    /* The extent's outline (17 points a side) on the datum: a conic's bounding box in lon/lat
     * is not the image of the x/y box's corners alone. */
    enum { K = 17, N = 4 * K };
    double x[N], y[N], lon[N], lat[N];
    for (int i = 0; i < K; i++) {
        double t = (double)i / (K - 1);
        x[i] = e[0] + t * (e[2] - e[0]), y[i] = e[1];
        x[K + i] = e[0] + t * (e[2] - e[0]), y[K + i] = e[3];
        x[2 * K + i] = e[0], y[2 * K + i] = e[1] + t * (e[3] - e[1]);
        x[3 * K + i] = e[2], y[3 * K + i] = e[1] + t * (e[3] - e[1]);
    }
    cov_geodist_t *g;
    if ((s = cov_geodist_create(ctx, cov_store_srs(store), &g))) return s;
    s = cov_geodist_lonlat(ctx, g, N, x, y, lon, lat);
    cov_geodist_destroy(g);
    if (s) return s;
    out->lon_min = out->lat_min = INFINITY;
    out->lon_max = out->lat_max = -INFINITY;
    for (int i = 0; i < N; i++) {
        out->lon_min = fmin(out->lon_min, lon[i]), out->lon_max = fmax(out->lon_max, lon[i]);
        out->lat_min = fmin(out->lat_min, lat[i]), out->lat_max = fmax(out->lat_max, lat[i]);
    }
    out->has_data = true;
    s = cov_crs_scale_error(ctx, cov_store_srs(store), out->lon_min, out->lat_min, out->lon_max,
                            out->lat_max, &out->worst_scale_error, &out->max_scale);
    if (s) return s;
    if (out->worst_scale_error > COV_CRS_PLANAR_MAX_ERROR) out->geodesic = true;
    return COV_OK;
}
