/* Chinese web-map offsets (GCJ-02, BD-09) applied to whole OGR geometries, vertex by vertex. */
#ifndef COV_WEBCRS_GEOM_H
#define COV_WEBCRS_GEOM_H

#include <ogr_api.h>

#include "geo/gcj02.h"
#include "geo/status.h"

/* Convert every vertex of g in place from WGS84 lon/lat (x = longitude) to system w, e.g.
 * before writing GCJ-02 or BD-09 for AMap/Baidu. Works on any geometry type, including
 * collections and curves; Z and M values are kept. Vertices outside China, and every vertex
 * for COV_WEBCRS_NONE, are left unchanged (see cov_gcj02_in_china). The geometry's spatial
 * reference, if any, is not touched. COV_ERR_USAGE for a NULL geometry. */
cov_status_t cov_webcrs_geometry_from_wgs84(cov_webcrs_t w, OGRGeometryH g);

/* The inverse: every vertex of g in place from system w to WGS84 lon/lat (iterative inverse,
 * to COV_GCJ02_INVERSE_TOL). COV_ERR_USAGE for a NULL geometry. */
cov_status_t cov_webcrs_geometry_to_wgs84(cov_webcrs_t w, OGRGeometryH g);

#endif
