/* A routable road graph in a metric CRS: building from lines, snapping points, shortest paths. */
#ifndef COV_GRAPH_H
#define COV_GRAPH_H

#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/geodist.h"
#include <stdint.h>

#include "geo/ctx.h"

/*
 * The graph knows geometry only: nodes, edges with a polyline, a length in metres, a class
 * number and a one-way flag chosen by the caller. Costs (metres, seconds, anything >= 0) are
 * given per edge and direction with cov_graph_set_costs; INFINITY means "not traversable".
 *
 * Building: vertices are snapped to a grid (1 cm by default) and hashed; a vertex used by two
 * or more lines, or twice by one line, or ending a line, becomes a node, and lines are split
 * there into edges. Consecutive vertices that snap to the same point (zero-length segments)
 * are dropped and counted; a line left with fewer than two vertices is dropped and counted;
 * a piece that would start and end at the same node (a closed way, a self-loop) is split at
 * its middle vertex so the graph has no self-loops. Node and edge numbers follow the order
 * lines were added, so re-building from the stored edges gives the same numbers.
 */
typedef struct cov_graph cov_graph_t;
typedef struct cov_graph_builder cov_graph_builder_t;

typedef struct cov_graph_stats {
    size_t nodes, edges;
    double length_m;                /* sum of edge lengths */
    size_t components;              /* connected components, ignoring direction */
    size_t largest_nodes;           /* nodes in the largest component */
    size_t fragment_edges;          /* edges outside the largest component */
    double fragment_length_m;       /* their total length */
    size_t lines_in, lines_dropped; /* lines given; dropped (no two distinct vertices) */
    size_t zero_segments;           /* zero-length segments dropped (consecutive equal vertices) */
    size_t loops_split;             /* closed pieces split at their middle vertex */
} cov_graph_stats_t;

/* A point attached to the graph: the nearest point on the nearest edge. */
typedef struct cov_graph_snap {
    int64_t edge; /* -1: no edge within the search radius */
    double t;     /* metres along the edge from its from-node to the snapped point */
    double dist;  /* metres from the query point to the snapped point */
    double x, y;  /* the snapped point */
} cov_graph_snap_t;

/* Start a graph in the CRS srs (borrowed; used only to refuse geographic CRSs with
 * COV_ERR_CRS: lengths in degrees mean nothing). grid is the snapping grid in metres (0:
 * 0.01). The caller owns *out; it is consumed by cov_graph_builder_finish or freed with
 * cov_graph_builder_destroy. */
COV_API cov_status_t cov_graph_builder_create(cov_ctx_t *ctx, OGRSpatialReferenceH srs, double grid,
                                              cov_graph_builder_t **out);
COV_API void cov_graph_builder_destroy(cov_graph_builder_t *b);
/* Measure on the ellipsoid, for a CRS distorted over the data: every segment's geodesic length
 * instead of its planar one, and the graph's snap distances likewise (the search for the
 * nearest road stays planar). */
COV_API cov_status_t cov_graph_builder_set_geodesic(cov_ctx_t *ctx, cov_graph_builder_t *b);
/* Add a polyline of n vertices. cls is the caller's class number (>= 0), oneway 0 (both
 * ways), 1 (along the digitised direction) or -1 (against it). NaN coordinates: COV_ERR_INPUT. */
COV_API cov_status_t cov_graph_builder_add(cov_ctx_t *ctx, cov_graph_builder_t *b, const double *x,
                                           const double *y, size_t n, int cls, int oneway);
/* Add every LineString of a (Multi)LineString geometry (XY used). */
COV_API cov_status_t cov_graph_builder_add_geometry(cov_ctx_t *ctx, cov_graph_builder_t *b,
                                                    OGRGeometryH g, int cls, int oneway);
/* Split the lines into edges and build the graph. Always consumes b. COV_ERR_EMPTY when no
 * edge remains. The caller owns *out (cov_graph_destroy). */
COV_API cov_status_t cov_graph_builder_finish(cov_ctx_t *ctx, cov_graph_builder_t *b,
                                              cov_graph_t **out);

/* Free a graph (NULL is a no-op); its size and summary figures. */
COV_API void cov_graph_destroy(cov_graph_t *g);
COV_API void cov_graph_stats(const cov_graph_t *g, cov_graph_stats_t *out);

/* Nodes and edges; node i's coordinates in the project CRS. */
COV_API size_t cov_graph_node_count(const cov_graph_t *g);
COV_API size_t cov_graph_edge_count(const cov_graph_t *g);
COV_API void cov_graph_node(const cov_graph_t *g, size_t i, double *x, double *y);
/* An edge's ends, length, class and one-way flag. */
COV_API void cov_graph_edge(const cov_graph_t *g, size_t e, size_t *from, size_t *to,
                            double *length, int *cls, int *oneway);
/* An edge's vertices (borrowed pointers, *n of them, valid while g lives). */
COV_API void cov_graph_edge_vertices(const cov_graph_t *g, size_t e, const double **x,
                                     const double **y, size_t *n);
/* The component number (0 = largest, then by size, ties by lowest node) of a node. */
COV_API size_t cov_graph_node_component(const cov_graph_t *g, size_t node);

/* Set the cost of traversing each edge along (fwd) and against (bwd) its digitised direction;
 * INFINITY forbids. Arrays of cov_graph_edge_count values, copied. Builds the adjacency (CSR).
 * Negative or NaN costs: COV_ERR_INPUT. */
COV_API cov_status_t cov_graph_set_costs(cov_ctx_t *ctx, cov_graph_t *g, const double *fwd,
                                         const double *bwd);

/* Snap (x, y) to the nearest point of the nearest edge within max_dist metres (ties: lowest
 * edge, then lowest segment). Once costs are set, edges forbidden both ways are skipped. Uses an
 * R-tree over segment boxes built at finish. */
COV_API void cov_graph_snap_point(const cov_graph_t *g, double x, double y, double max_dist,
                                  cov_graph_snap_t *out);

/* One multi-source Dijkstra pass: for every node, the least cost from any source (a snapped
 * point; sources with edge -1 are ignored) and that source's index (-1 and INFINITY when
 * unreachable). Ties go to the lower source index. out_len (optional) gets the length in
 * metres of the chosen path. Costs must be set. */
COV_API cov_status_t cov_graph_nearest_sources(cov_ctx_t *ctx, const cov_graph_t *g,
                                               const cov_graph_snap_t *sources, size_t n,
                                               double *out_cost, int32_t *out_source,
                                               double *out_len);
/* Like cov_graph_nearest_sources from one source, stopping at cost limit (nodes beyond it get
 * INFINITY). */
COV_API cov_status_t cov_graph_reach(cov_ctx_t *ctx, const cov_graph_t *g,
                                     const cov_graph_snap_t *src, double limit, double *out_cost);

/* The cost to a snapped point given a pass's node results (and the sources, to account for a
 * source on the same edge). *cost INFINITY and *source -1 when unreachable; *len (optional)
 * the path's length in metres when node_len was given, else NAN. */
COV_API void cov_graph_point_cost(const cov_graph_t *g, const double *node_cost,
                                  const int32_t *node_source, const double *node_len,
                                  const cov_graph_snap_t *sources, size_t nsrc,
                                  const cov_graph_snap_t *target, double *cost, int32_t *source,
                                  double *len);

/* The area reachable from src within limit (node costs from cov_graph_reach with that limit):
 * the reachable pieces of edges (whole edges, and the part of an edge up to where the budget
 * runs out), buffered by width metres (the polygon's tolerance) and unioned by GEOS.
 * *out is a new (Multi)Polygon owned by the caller, empty when nothing is reachable. */
COV_API cov_status_t cov_graph_service_area(cov_ctx_t *ctx, const cov_graph_t *g,
                                            const cov_graph_snap_t *src, const double *node_cost,
                                            double limit, double width, OGRGeometryH *out);

/* The network counterpart of a KD-tree's knn + range query (geo/graph_knear.c): for every node,
 * every source within limit and, whatever their cost, the k nearest (fewer when fewer are
 * reachable), by (cost, source index), found in one multi-label Dijkstra pass (a node keeps a
 * label per source it accepts; work grows with the labels kept, about nodes x (k + sources
 * within limit)). offset (optional, n values >= 0) is added to each source's starting cost,
 * e.g. the walk between a clinic and its road. Costs must be set. The caller owns *out. */
typedef struct cov_graph_labels cov_graph_labels_t;
COV_API cov_status_t cov_graph_k_nearest(cov_ctx_t *ctx, const cov_graph_t *g,
                                         const cov_graph_snap_t *sources, const double *offset,
                                         size_t n, size_t k, double limit,
                                         cov_graph_labels_t **out);
COV_API void cov_graph_labels_destroy(cov_graph_labels_t *l);
/* The most labels any node holds. */
COV_API size_t cov_graph_labels_max(const cov_graph_labels_t *l);
/* The sources of a snapped point from the labels of its edge's two nodes (and sources on the
 * same edge, reached directly): each source once at its least cost, by (cost, source); those
 * within the limit and at least the k nearest, at most cap of them (2 x labels_max + the
 * sources on the edge is always enough). *nout 0 when the point is not snapped. */
COV_API cov_status_t cov_graph_point_sources(cov_ctx_t *ctx, const cov_graph_t *g,
                                             const cov_graph_labels_t *l,
                                             const cov_graph_snap_t *sources, const double *offset,
                                             size_t n, const cov_graph_snap_t *target,
                                             int32_t *out_src, double *out_cost, size_t cap,
                                             size_t *nout);

#endif
