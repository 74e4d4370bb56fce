/* A summary of a project: CRS, extent, layers, counts by role, kind and area. */
#include "planner/results/info.h"
#include "planner/core/distance.h"
#include "planner/core/layers.h"
#include "planner/core/levels.h"
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

cov_status_t cov_info_level(cov_ctx_t *ctx, cov_store_t *store, const char *level, json_t *info)
{
    cov_level_t lv;
    cov_rollup_group_t *g;
    size_t ng;
    cov_status_t s = cov_area_rollup_named(ctx, store, level, &g, &ng);
    if (!s) cov_level_parse(level, &lv);
    if (s) return s;
    cov_area_t *areas = NULL;
    size_t na = 0;
    s = cov_areas_load(ctx, store, false, &areas, &na);
    json_t *by_code = json_object(), *rows = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(info, "areas"), i, a)
        json_object_set(by_code, json_string_value(json_object_get(a, "code")), a);
    for (size_t k = 0; !s && k < ng; k++) {
        long long health = 0, care = 0, demand = 0;
        for (size_t m = 0; m < g[k].nareas; m++) {
            size_t at = cov_areas_find(areas, na, g[k].area_ids[m]);
            json_t *row = at == (size_t)-1 ? NULL : json_object_get(by_code, areas[at].code);
            health += json_integer_value(json_object_get(row, "health"));
            care += json_integer_value(json_object_get(row, "eldercare"));
            demand += json_integer_value(json_object_get(row, "demand"));
        }
        json_t *r = json_object();
        json_object_set_new(r, "code", json_string(g[k].code));
        json_object_set_new(r, "name", g[k].name ? json_string(g[k].name) : json_null());
        json_object_set_new(r, "areas", json_integer((json_int_t)g[k].nareas));
        json_object_set_new(r, "population",
                            isnan(g[k].population) ? json_null() : json_real(g[k].population));
        json_object_set_new(r, "elderly",
                            isnan(g[k].elderly) ? json_null() : json_real(g[k].elderly));
        json_object_set_new(r, "health", json_integer(health));
        json_object_set_new(r, "eldercare", json_integer(care));
        json_object_set_new(r, "demand", json_integer(demand));
        json_array_append_new(rows, r);
    }
    json_decref(by_code);
    cov_areas_free(areas, na);
    cov_rollup_free(g, ng);
    if (s) {
        json_decref(rows);
        return s;
    }
    json_object_set_new(info, "areas", rows);
    json_object_set_new(info, "level", json_string(cov_level_name(lv)));
    return COV_OK;
}
