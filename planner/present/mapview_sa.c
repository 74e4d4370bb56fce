/* Service areas on the coverage map: the stored road-network areas (table
 * service_areas) drawn instead of straight-line circles, and the unit/metric of
 * a road-network analysis run. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/core/service_areas.h"
#include "planner/present/mapview_private.h"

/* "1000" or "1000m": metres along roads; "15min": minutes. */
static bool parse_cost(const char *spec, double *cost, bool *minutes)
{
    char *end;
    *cost = strtod(spec, &end);
    *minutes = strcmp(end, "min") == 0;
    return *cost > 0 && isfinite(*cost) && (*minutes || !*end || strcmp(end, "m") == 0);
}

bool present_map_run_network(const view_t *v, char *desc, size_t size)
{
    if (!v->run.network) return false;
    bool drive = v->run.drive, min = v->run.minutes;
    if (v->zh)
        snprintf(desc, size, "%s（沿道路，%s）", min ? "分钟" : "米", drive ? "驾车" : "步行");
    else
        snprintf(desc, size, "%s along roads (%s)", min ? "min" : "m", drive ? "drive" : "walk");
    return true;
}

cov_status_t present_map_service_areas(view_t *v, cov_map_t *m)
{
    double cost;
    bool minutes;
    const char *spec = v->o->service_areas;
    if (!parse_cost(spec, &cost, &minutes))
        return cov_fail(v->ctx, COV_ERR_USAGE,
                        "--service-areas '%s': give a cost in metres (1000) or minutes (15min)",
                        spec);
    const char *prof = v->o->sa_profile ? v->o->sa_profile : "walk";
    if (strcmp(prof, "walk") && strcmp(prof, "drive"))
        return cov_fail(v->ctx, COV_ERR_USAGE, "--sa-profile '%s': use walk or drive", prof);
    const char *path = cov_store_path(v->store);
    cov_sa_rec_t *sa;
    size_t nsa;
    cov_status_t s =
        cov_sa_load(v->ctx, v->store, prof, minutes ? "time" : "length", cost, &sa, &nsa);
    if (s) {
        cov_sa_free(sa, nsa);
        return s;
    }
    OGRGeometryH all = OGR_G_CreateGeometry(wkbMultiPolygon);
    size_t n = 0;
    for (size_t k = 0; k < nsa; k++) {
        if (!present_map_is_clinic_kind(v, sa[k].kind)) continue;
        for (int i = 0; i < OGR_G_GetGeometryCount(sa[k].geom); i++)
            OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(sa[k].geom, i));
        n++;
    }
    cov_sa_free(sa, nsa);
    if (!n) {
        OGR_G_DestroyGeometry(all);
        return cov_fail(v->ctx, COV_ERR_EMPTY,
                        "%s: no stored %s service areas of %g %s; make them with: "
                        "covplan roads %s "
                        "areas --costs %g%s --profile %s --store",
                        path, prof, cost, minutes ? "min" : "m", path, cost,
                        minutes ? " --metric time" : "", prof);
    }
    /* one outline: where some clinic is reachable within the cost, not a stack of
     * areas */
    OGRGeometryH u = OGR_G_UnionCascaded(all);
    OGR_G_DestroyGeometry(all);
    if (!u)
        return cov_fail(v->ctx, COV_ERR_GEOMETRY, "%s: cannot union the service areas (GEOS)",
                        path);
    char title[160];
    bool drive = strcmp(prof, "drive") == 0;
    if (v->zh)
        snprintf(title, sizeof title, "沿道路%s%g%s可达医疗机构的范围", drive ? "驾车" : "步行",
                 cost, minutes ? "分钟" : "米");
    else
        snprintf(title, sizeof title, "Within %g %s %s of a clinic along roads", cost,
                 minutes ? "min" : "m", drive ? "drive" : "walk");
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POLYGON, title);
    cov_style_t style = {cov_color_hex(0x2166ac, 0.18), cov_color_hex(0x2166ac, 0.7), 0.5, 0};
    cov_layer_set_style(l, &style);
    cov_layer_add_polygon(l, u, NAN, NULL);
    OGR_G_DestroyGeometry(u);
    return cov_map_status(m);
}
