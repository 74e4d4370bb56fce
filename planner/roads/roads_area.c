/* Service areas: the area reachable along roads from every clinic, written to a GeoPackage. */
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "geo/alloc.h"
#include "planner/core/layers.h"
#include "planner/core/service_areas.h"
#include "planner/roads/roads.h"

typedef cov_facility_t clinic_t; /* planner/core/layers.h */

static cov_status_t create_output(cov_ctx_t *ctx, const cov_roads_area_opts_t *o,
                                  OGRSpatialReferenceH srs, GDALDatasetH *ds, OGRLayerH *lyr)
{
    struct stat sb;
    if (stat(o->output, &sb) == 0 && !o->overwrite)
        return cov_fail(ctx, COV_ERR_IO, "%s: the file exists; pass --overwrite to replace it",
                        o->output);
    if (stat(o->output, &sb) == 0) remove(o->output);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    *ds = drv ? GDALCreate(drv, o->output, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!*ds) return cov_fail(ctx, COV_ERR_IO, "%s: cannot create the GeoPackage", o->output);
    *lyr = GDALDatasetCreateLayer(*ds, "service_areas", srs, wkbMultiPolygon, NULL);
    if (!*lyr) return cov_fail(ctx, COV_ERR_IO, "%s: cannot create layer service_areas", o->output);
    static const struct {
        const char *name;
        OGRFieldType t;
    } f[] = {{"clinic_id", OFTInteger64}, {"clinic_code", OFTString}, {"clinic_name", OFTString},
             {"cost", OFTReal},           {"unit", OFTString},        {"profile", OFTString},
             {"width_m", OFTReal}};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        OGRFieldDefnH d = OGR_Fld_Create(f[i].name, f[i].t);
        OGR_L_CreateField(*lyr, d, TRUE);
        OGR_Fld_Destroy(d);
    }
    return COV_OK;
}

static cov_status_t load_clinics(cov_ctx_t *ctx, cov_store_t *store, clinic_t **out, size_t *n)
{
    cov_status_t s = cov_facilities_load(ctx, store, "health", out, n);
    if (s) return s;
    if (!*n)
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: the project has no clinics (facilities with "
                        "role health)",
                        cov_store_path(store));
    return COV_OK;
}

static cov_status_t write_area(cov_ctx_t *ctx, OGRLayerH lyr, const clinic_t *c, double cost,
                               const cov_roads_area_opts_t *o, OGRGeometryH poly)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    OGR_F_SetFieldInteger64(f, 0, c->id);
    OGR_F_SetFieldString(f, 1, c->code ? c->code : "");
    if (c->name) OGR_F_SetFieldString(f, 2, c->name);
    OGR_F_SetFieldDouble(f, 3, cost);
    OGR_F_SetFieldString(f, 4, o->metric == COV_METRIC_TIME ? "min" : "m");
    OGR_F_SetFieldString(f, 5, o->profile == COV_PROFILE_DRIVE ? "drive" : "walk");
    OGR_F_SetFieldDouble(f, 6, o->width > 0 ? o->width : 25);
    OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(poly));
    OGRErr err = OGR_L_CreateFeature(lyr, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE)
        return cov_fail(ctx, COV_ERR_IO, "%s: cannot write the service area of clinic '%s'",
                        o->output, c->code);
    return COV_OK;
}

cov_status_t cov_roads_service_areas(cov_ctx_t *ctx, cov_store_t *store,
                                     const cov_roads_area_opts_t *o, size_t *nwritten)
{
    *nwritten = 0;
    if (!o->ncosts) return cov_fail(ctx, COV_ERR_USAGE, "no costs given for the service areas");
    for (size_t i = 0; i < o->ncosts; i++)
        if (!(o->costs[i] > 0) || !isfinite(o->costs[i]))
            return cov_fail(ctx, COV_ERR_USAGE, "service-area costs must be positive numbers");
    double width = o->width > 0 ? o->width : 25;
    cov_graph_t *g = NULL;
    char **cls = NULL;
    size_t ncls = 0, nc = 0;
    clinic_t *c = NULL;
    double *cost = NULL;
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    cov_status_t s = cov_roads_load(ctx, store, &g, &cls, &ncls);
    /* areas reachable from the clinic: costs from it, along one-way streets */
    if (!s) s = cov_roads_set_profile(ctx, g, cls, ncls, o->speeds, o->profile, o->metric, false);
    if (!s) s = load_clinics(ctx, store, &c, &nc);
    if (!s && !(cost = cov_calloc_array(cov_graph_node_count(g), sizeof *cost)))
        s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    if (!s && o->output) s = create_output(ctx, o, cov_store_srs(store), &ds, &lyr);
    if (!s && lyr && OGR_L_StartTransaction(lyr) != OGRERR_NONE)
        s = cov_fail(ctx, COV_ERR_IO, "%s: cannot start a transaction", o->output);
    cov_sa_writer_t *sa = NULL;
    bool in_tx = false;
    if (!s && o->store && !(s = cov_store_begin(ctx, store))) {
        in_tx = true;
        s = cov_sa_begin(ctx, store, o->profile == COV_PROFILE_DRIVE ? "drive" : "walk",
                         o->metric == COV_METRIC_TIME ? "time" : "length", o->costs, o->ncosts,
                         &sa);
    }
    for (size_t i = 0; !s && i < nc; i++) {
        cov_graph_snap_t sn;
        cov_graph_snap_point(g, c[i].x, c[i].y, 2000, &sn);
        if (sn.edge < 0) {
            cov_log(ctx, COV_LOG_WARN,
                    "clinic '%s' has no usable road within 2000 m: no "
                    "service area",
                    c[i].code);
            continue;
        }
        for (size_t k = 0; !s && k < o->ncosts; k++) {
            double limit = o->metric == COV_METRIC_TIME ? o->costs[k] * 60 : o->costs[k];
            OGRGeometryH poly = NULL;
            s = cov_graph_reach(ctx, g, &sn, limit, cost);
            if (!s) s = cov_graph_service_area(ctx, g, &sn, cost, limit, width, &poly);
            if (!s && sa) s = cov_sa_write(ctx, sa, c[i].id, o->costs[k], width, poly);
            if (!s && lyr)
                s = write_area(ctx, lyr, &c[i], o->costs[k], o, poly);
            else if (poly)
                OGR_G_DestroyGeometry(poly);
            if (!s) (*nwritten)++;
        }
        cov_progress(ctx, "service areas", i + 1, nc);
    }
    if (!s && lyr && OGR_L_CommitTransaction(lyr) != OGRERR_NONE)
        s = cov_fail(ctx, COV_ERR_IO, "%s: cannot write the service areas", o->output);
    cov_sa_end(sa);
    if (in_tx && !s) s = cov_store_commit(ctx, store);
    if (in_tx && s) cov_store_rollback(store);
    if (ds) GDALClose(ds);
    if (s && ds) remove(o->output);
    cov_facilities_free(c, nc);
    free(cost);
    cov_graph_destroy(g);
    cov_roads_classes_free(cls, ncls);
    return s;
}
