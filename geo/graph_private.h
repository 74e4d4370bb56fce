/* The road graph's representation, shared by geo/graph_*.c only. */
#ifndef COV_GRAPH_PRIVATE_H
#define COV_GRAPH_PRIVATE_H

#include "geo/geodist.h"
#include "geo/graph.h"
#include "geo/rtree.h"

struct cov_graph {
    size_t nn, ne;
    cov_geodist_t *geo;    /* lengths and snap distances on the ellipsoid (owned); NULL: planar */
    cov_ctx_t *ctx;        /* for the geodesic conversions */
    double *nx, *ny;       /* node coordinates */
    uint32_t *efrom, *eto; /* edge ends */
    double *elen;          /* edge length (m) */
    int *ecls;
    signed char *eoneway;
    size_t *evfirst;        /* edge e's vertices are [evfirst[e], evfirst[e+1]) of vx/vy */
    double *vx, *vy, *vcum; /* vertices, and cumulative length along their edge */
    size_t *ncomp;          /* component of each node, 0 = largest */
    cov_graph_stats_t stats;
    /* segments (vertex k to k+1 of one edge), indexed by an R-tree over their boxes */
    size_t nseg;
    size_t *segv;   /* first vertex of each segment */
    uint32_t *sege; /* edge of each segment */
    cov_rtree_t *segtree;
    /* costs and adjacency (CSR over directed arcs), set by cov_graph_set_costs */
    double *fwd, *bwd;
    size_t *adj_first; /* nn + 1 */
    uint32_t *adj_to;
    double *adj_cost;
    uint32_t *adj_edge;
};

/* Build the segment R-tree and the components; called by the builder. */
cov_status_t cov_graph_index(cov_ctx_t *ctx, cov_graph_t *g);

#endif
