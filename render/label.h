/* Label anchors for polygons: a point inside the polygon, as far from its edges as possible. */
#ifndef COV_RENDER_LABEL_H
#define COV_RENDER_LABEL_H

#include <ogr_api.h>

#include "geo/status.h"

/* The pole of inaccessibility of a Polygon or MultiPolygon (for a MultiPolygon, in its
 * widest part: the search runs over all parts), found to within precision map units (<= 0 picks
 * 1/200 of the larger bbox side). Unlike a centroid it always lies inside, also for crescents and U
 * shapes. Errors: COV_ERR_USAGE (NULL), COV_ERR_GEOMETRY (not a polygon, or empty). */
cov_status_t cov_polygon_label_point(OGRGeometryH geom, double precision, double *x, double *y);

#endif
