/* The area of a polygon covered by a union of disks, exactly (up to rounding), by a sweep. */
#ifndef COV_DISKCOVER_H
#define COV_DISKCOVER_H

#include <ogr_api.h>
#include <stddef.h>

#include "geo/status.h"

/*
 * The polygon is given as the directed edges of all its rings (exterior rings, holes, parts of
 * a multipolygon), read with the even-odd rule. The disks have centres (cx[i], cy[i]) and radii
 * r[i] > 0 (NaN or non-positive radii, NaN centres: the disk is left out).
 *
 * Method (docs/commands/analyze.md): the covered set S = polygon ∩ union of disks changes its
 * shape only at points of its boundary where two of its curves meet or where it turns back in y
 * (polygon vertices inside the union, circle–circle and circle–edge crossings on the union's
 * boundary, circle tops and bottoms). Between two consecutive such y values every covered
 * interval of a horizontal line is bounded by the same two curves — a polygon edge (x linear in
 * y) or the left or right arc of one circle (x = cx ∓ sqrt(r² − (y − cy)²)) — so the area of
 * the slab is the closed-form integral of right minus left. No polygonal approximation of the
 * circles and no sampling: the result equals the true area up to floating-point rounding.
 *
 * Cost: about (events) × (disks and edges on a line), events being the vertices of S. Points are
 * shifted to the polygon's centre first, so projected coordinates in the millions lose nothing.
 */
typedef struct cov_edge {
    double x0, y0, x1, y1;
} cov_edge_t;

/* *covered = the area of polygon ∩ union of disks (m² in a metric CRS). COV_ERR_NOMEM when
 * working memory cannot be had (nothing else can fail). */
cov_status_t cov_diskcover_area(const cov_edge_t *edges, size_t ne, const double *cx,
                                const double *cy, const double *r, size_t nd, double *covered);

/* The edges of every ring of a polygon or multipolygon (curves linearised by OGR). *edges is
 * the caller's (free); COV_ERR_GEOMETRY when g is not polygonal, COV_ERR_NOMEM. */
cov_status_t cov_edges_of(OGRGeometryH g, cov_edge_t **edges, size_t *n);

#endif
