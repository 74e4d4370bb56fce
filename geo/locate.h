/* Point-in-polygon lookup over a set of polygons through an R-tree and prepared geometries. */
#ifndef COV_LOCATE_H
#define COV_LOCATE_H

#include <ogr_api.h>
#include <stddef.h>

#include "geo/status.h"

typedef struct cov_locator cov_locator_t;

/* Index n polygons (borrowed: they must outlive the locator). */
cov_status_t cov_locator_build(OGRGeometryH *polys, size_t n, cov_locator_t **out);
void cov_locator_destroy(cov_locator_t *loc);

/* The index of the polygon containing (x, y), boundary included; when several do (a point on
 * a shared border) the smallest index, so the answer is deterministic. -1 when none. */
long cov_locator_find(const cov_locator_t *loc, double x, double y);

#endif
