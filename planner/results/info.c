/* A summary of a project: CRS, extent, layers, counts by role, kind and area. */
#include "planner/results/info.h"
#include "planner/core/distance.h"
#include "planner/core/summary.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

cov_status_t cov_info(cov_ctx_t *ctx, cov_store_t *store, json_t **out)
{
    *out = NULL;
    json_t *o = json_object();
    json_object_set_new(o, "project", json_string(cov_store_path(store)));
    json_object_set_new(o, "format_version", json_integer(COV_STORE_FORMAT_VERSION));
    json_t *crs = json_object();
    int srid = cov_store_srid(store);
    json_object_set_new(crs, "srid", srid ? json_integer(srid) : json_null());
    json_object_set_new(crs, "name",
                        srid ? json_string(OSRGetName(cov_store_srs(store))) : json_null());
    json_object_set_new(o, "crs", crs);
    if (srid) {
        char label[64];
        cov_store_crs_label(store, label, sizeof label);
        json_object_set_new(crs, "id", json_string(label));
    }
    cov_distance_info_t di;
    cov_status_t sd = cov_project_distance(ctx, store, &di);
    if (sd) {
        json_decref(o);
        return sd;
    }
    json_t *dist = json_object();
    json_object_set_new(dist, "mode", json_string(di.geodesic ? "geodesic" : "planar"));
    json_object_set_new(dist, "extent", json_string(di.wide ? "wide" : "zone"));
    json_object_set_new(dist, "worst_scale_error",
                        di.has_data ? json_real(round(di.worst_scale_error * 1e8) / 1e8)
                                    : json_null());
    json_object_set_new(o, "distance", dist);
    json_t *layers = json_object(), *roles = json_object(), *kinds = json_object();
    json_t *outside = json_object(), *areas = json_array(), *sources = json_array();
    json_object_set_new(o, "layers", layers);
    json_object_set_new(o, "roles", roles);
    json_object_set_new(o, "kinds", kinds);
    json_object_set_new(o, "outside", outside);
    json_object_set_new(o, "areas", areas);
    json_object_set_new(o, "sources", sources);
    json_object_set_new(o, "extent", json_null());
    cov_status_t s = COV_OK;
    static const char *const tables[] = {"areas", "facilities", "demand"};
    json_object_set_new(roles, "health", json_integer(0));
    json_object_set_new(roles, "eldercare", json_integer(0));
    for (int t = 0; t < 3; t++) json_object_set_new(layers, tables[t], json_integer(0));
    json_object_set_new(outside, "facilities", json_integer(0));
    json_object_set_new(outside, "demand", json_integer(0));
    if (!srid) goto done; /* no layers yet */
    s = cov_layers_summary(ctx, store, o);
done:
    if (s) {
        json_decref(o);
        return s;
    }
    *out = o;
    return COV_OK;
}
