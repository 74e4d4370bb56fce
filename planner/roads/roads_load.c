/* Loading the stored road network as a graph; travel profiles from the road speed table. */
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/kinds.h"
#include "planner/roads/roads.h"

cov_status_t cov_roads_stats(cov_ctx_t *ctx, cov_store_t *store, cov_graph_stats_t *out)
{
    cov_graph_t *g;
    char **cls;
    size_t ncls;
    cov_status_t s = cov_roads_load(ctx, store, &g, &cls, &ncls);
    if (s) return s;
    cov_graph_stats(g, out);
    cov_graph_destroy(g);
    cov_roads_classes_free(cls, ncls);
    static const char *const keys[] = {"lines", "lines_dropped", "zero_segments", "loops_split"};
    size_t *dst[] = {&out->lines_in, &out->lines_dropped, &out->zero_segments, &out->loops_split};
    for (size_t i = 0; i < 4; i++) {
        long long v = 0;
        if ((s = cov_roads_info_int(ctx, store, keys[i], &v))) return s;
        *dst[i] = (size_t)v;
    }
    return COV_OK;
}

/* Speeds (km/h) per class for the profile from the CSV, read through GDAL's CSV driver. */
static cov_status_t read_speeds(cov_ctx_t *ctx, const char *path, char **classes, size_t ncls,
                                cov_profile_t profile, double *kmh)
{
    static const char *const drivers[] = {"CSV", NULL};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: cannot read the road speed table", path);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    const char *col = profile == COV_PROFILE_DRIVE ? "drive_kmh" : "walk_kmh";
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int hi = OGR_FD_GetFieldIndex(defn, "highway"), si = OGR_FD_GetFieldIndex(defn, col);
    if (hi < 0 || si < 0) {
        GDALClose(ds);
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: the road speed table needs columns highway, "
                        "drive_kmh and walk_kmh",
                        path);
    }
    for (size_t i = 0; i < ncls; i++) kmh[i] = NAN;
    double dflt = NAN;
    cov_status_t s = COV_OK;
    OGRFeatureH f;
    long long row = 1;
    while (!s && (f = OGR_L_GetNextFeature(lyr))) {
        row++;
        const char *hw = OGR_F_GetFieldAsString(f, hi), *v = OGR_F_GetFieldAsString(f, si);
        char *end;
        double x = strtod(v, &end);
        if (!*v || *end || !(x >= 0) || !isfinite(x))
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: row %lld: %s '%s' is not a speed in km/h "
                         "(0 forbids the class)",
                         path, row, col, v);
        else if (strcmp(hw, "default") == 0)
            dflt = x;
        for (size_t i = 0; !s && i < ncls; i++)
            if (strcmp(classes[i], hw) == 0) kmh[i] = x;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    for (size_t i = 0; !s && i < ncls; i++) {
        if (!isnan(kmh[i])) continue;
        if (isnan(dflt))
            return cov_fail(ctx, COV_ERR_INPUT,
                            "%s: no speed for road class '%s' and no "
                            "'default' row",
                            path, classes[i]);
        kmh[i] = dflt;
    }
    return s;
}

cov_status_t cov_roads_set_profile(cov_ctx_t *ctx, cov_graph_t *g, char **classes, size_t nclasses,
                                   const char *speeds, cov_profile_t profile, cov_metric_t metric,
                                   bool to_clinic)
{
    char path[4096];
    if (!speeds) {
        snprintf(path, sizeof path, "%s/road_speeds.csv", cov_ctx_data_dir(ctx));
        speeds = path;
    }
    double *kmh = cov_calloc_array(nclasses ? nclasses : 1, sizeof *kmh);
    size_t ne = cov_graph_edge_count(g);
    double *fwd = cov_calloc_array(ne, sizeof *fwd), *bwd = cov_calloc_array(ne, sizeof *bwd);
    cov_status_t s = COV_OK;
    if (!kmh || !fwd || !bwd) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    if (!s) s = read_speeds(ctx, speeds, classes, nclasses, profile, kmh);
    for (size_t e = 0; !s && e < ne; e++) {
        double len;
        int cls, ow;
        cov_graph_edge(g, e, NULL, NULL, &len, &cls, &ow);
        double v = kmh[cls],
               c = v > 0 ? (metric == COV_METRIC_TIME ? len / (v / 3.6) : len) : INFINITY;
        fwd[e] = bwd[e] = c;
        if (profile == COV_PROFILE_DRIVE && ow > 0) bwd[e] = INFINITY;
        if (profile == COV_PROFILE_DRIVE && ow < 0) fwd[e] = INFINITY;
    }
    /* toward the clinic: run the search on the reversed graph */
    if (!s)
        s = to_clinic ? cov_graph_set_costs(ctx, g, bwd, fwd)
                      : cov_graph_set_costs(ctx, g, fwd, bwd);
    free(kmh);
    free(fwd);
    free(bwd);
    return s;
}
