/* Chinese web-map offsets (GCJ-02, BD-09) applied to whole OGR geometries, vertex by vertex. */
#include "geo/webcrs_geom.h"

#include <stdbool.h>

/* Walk parts recursively (collections, polygons' rings, compound curves) down to the simple
 * curves and points that own vertices, and rewrite each vertex keeping its Z and M. */
static void walk(OGRGeometryH g, cov_webcrs_t w, bool to_webcrs)
{
    int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; i++) walk(OGR_G_GetGeometryRef(g, i), w, to_webcrs);
        return;
    }
    bool has_z = OGR_G_Is3D(g), has_m = OGR_G_IsMeasured(g);
    int n = OGR_G_GetPointCount(g);
    for (int i = 0; i < n; i++) {
        double x, y, z, m;
        OGR_G_GetPointZM(g, i, &x, &y, &z, &m);
        if (to_webcrs)
            cov_wgs84_to_webcrs(w, &x, &y);
        else
            cov_webcrs_to_wgs84(w, &x, &y);
        if (has_z && has_m)
            OGR_G_SetPointZM(g, i, x, y, z, m);
        else if (has_z)
            OGR_G_SetPoint(g, i, x, y, z);
        else if (has_m)
            OGR_G_SetPointM(g, i, x, y, m);
        else
            OGR_G_SetPoint_2D(g, i, x, y);
    }
}

cov_status_t cov_webcrs_geometry_from_wgs84(cov_webcrs_t w, OGRGeometryH g)
{
    if (!g) return COV_ERR_USAGE;
    if (w != COV_WEBCRS_NONE && !OGR_G_IsEmpty(g)) walk(g, w, true);
    return COV_OK;
}

cov_status_t cov_webcrs_geometry_to_wgs84(cov_webcrs_t w, OGRGeometryH g)
{
    if (!g) return COV_ERR_USAGE;
    if (w != COV_WEBCRS_NONE && !OGR_G_IsEmpty(g)) walk(g, w, false);
    return COV_OK;
}
