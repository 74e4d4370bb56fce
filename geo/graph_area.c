/* Service areas: the reachable pieces of road edges, buffered and unioned into a polygon. */
#include <math.h>
#include <stdlib.h>

#include "geo/graph_private.h"

/* Append the part of edge e between a and b metres from its from-node (a < b) as a line. */
static void add_piece(const cov_graph_t *g, size_t e, double a, double b, OGRGeometryH multi)
{
    if (!(b - a > 1e-6)) return;
    size_t v0 = g->evfirst[e], v1 = g->evfirst[e + 1];
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    for (size_t v = v0; v + 1 < v1; v++) {
        double c0 = g->vcum[v], c1 = g->vcum[v + 1];
        if (c1 < a || c0 > b || c1 <= c0) continue;
        double s0 = fmax(a, c0), s1 = fmin(b, c1);
        double u0 = (s0 - c0) / (c1 - c0), u1 = (s1 - c0) / (c1 - c0);
        double dx = g->vx[v + 1] - g->vx[v], dy = g->vy[v + 1] - g->vy[v];
        if (OGR_G_GetPointCount(line) == 0)
            OGR_G_AddPoint_2D(line, g->vx[v] + u0 * dx, g->vy[v] + u0 * dy);
        OGR_G_AddPoint_2D(line, g->vx[v] + u1 * dx, g->vy[v] + u1 * dy);
    }
    if (OGR_G_GetPointCount(line) >= 2)
        OGR_G_AddGeometryDirectly(multi, line);
    else
        OGR_G_DestroyGeometry(line);
}

cov_status_t cov_graph_service_area(cov_ctx_t *ctx, const cov_graph_t *g,
                                    const cov_graph_snap_t *src, const double *node_cost,
                                    double limit, double width, OGRGeometryH *out)
{
    *out = NULL;
    if (!g->adj_first) return cov_fail(ctx, COV_ERR_INTERNAL, "road graph costs are not set");
    if (!(width > 0)) return cov_fail(ctx, COV_ERR_USAGE, "the service-area width must be > 0 m");
    OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiLineString);
    for (size_t e = 0; e < g->ne; e++) {
        double L = g->elen[e], du = node_cost[g->efrom[e]], dv = node_cost[g->eto[e]];
        /* metres reachable from each end with the budget left there: [0, a] and [b, L] */
        double a = -1, b = L + 1;
        if (du <= limit && isfinite(g->fwd[e]))
            a = g->fwd[e] > 0 ? fmin(L, (limit - du) / g->fwd[e] * L) : L;
        if (dv <= limit && isfinite(g->bwd[e]))
            b = g->bwd[e] > 0 ? fmax(0, L - (limit - dv) / g->bwd[e] * L) : 0;
        if (src->edge == (int64_t)e) { /* the source's own edge, both ways from the point */
            double hi = isfinite(g->fwd[e])
                            ? (g->fwd[e] > 0 ? fmin(L, src->t + limit / g->fwd[e] * L) : L)
                            : src->t;
            double lo = isfinite(g->bwd[e])
                            ? (g->bwd[e] > 0 ? fmax(0, src->t - limit / g->bwd[e] * L) : 0)
                            : src->t;
            if (lo <= a)
                a = fmax(a, hi); /* merge [lo, hi] into the end intervals */
            else if (hi >= b)
                b = fmin(b, lo);
            else
                add_piece(g, e, lo, hi, multi);
        }
        if (a >= b)
            add_piece(g, e, 0, L, multi); /* the two ends meet: the whole edge */
        else {
            if (a > 0) add_piece(g, e, 0, a, multi);
            if (b < L) add_piece(g, e, b, L, multi);
        }
    }
    if (OGR_G_GetGeometryCount(multi) == 0) {
        OGR_G_DestroyGeometry(multi);
        *out = OGR_G_CreateGeometry(wkbMultiPolygon);
        return COV_OK;
    }
    /* Buffer each piece (4 segments per quarter circle: the outline is within 8% of width of
     * a true buffer and always contains the reachable lines), then a cascaded union, which
     * GEOS does far faster than buffering the whole multi-line at once. */
    OGRGeometryH parts = OGR_G_CreateGeometry(wkbMultiPolygon);
    for (int i = 0; i < OGR_G_GetGeometryCount(multi); i++) {
        OGRGeometryH b = OGR_G_Buffer(OGR_G_GetGeometryRef(multi, i), width, 4);
        if (b) OGR_G_AddGeometryDirectly(parts, b);
    }
    OGR_G_DestroyGeometry(multi);
    OGRGeometryH poly = OGR_G_UnionCascaded(parts);
    OGR_G_DestroyGeometry(parts);
    if (!poly) return cov_fail(ctx, COV_ERR_GEOMETRY, "GEOS could not union the service area");
    *out = poly;
    return COV_OK;
}
