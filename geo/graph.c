/* The road graph's accessors, components, segment index, snapping and adjacency. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/graph_private.h"

void cov_graph_destroy(cov_graph_t *g)
{
    if (!g) return;
    cov_geodist_destroy(g->geo);
    free(g->nx);
    free(g->ny);
    free(g->efrom);
    free(g->eto);
    free(g->elen);
    free(g->ecls);
    free(g->eoneway);
    free(g->evfirst);
    free(g->vx);
    free(g->vy);
    free(g->vcum);
    free(g->ncomp);
    free(g->segv);
    free(g->sege);
    cov_rtree_destroy(g->segtree);
    free(g->fwd);
    free(g->bwd);
    free(g->adj_first);
    free(g->adj_to);
    free(g->adj_cost);
    free(g->adj_edge);
    free(g);
}

void cov_graph_stats(const cov_graph_t *g, cov_graph_stats_t *out) { *out = g->stats; }
size_t cov_graph_node_count(const cov_graph_t *g) { return g->nn; }
size_t cov_graph_edge_count(const cov_graph_t *g) { return g->ne; }
size_t cov_graph_node_component(const cov_graph_t *g, size_t node) { return g->ncomp[node]; }

void cov_graph_node(const cov_graph_t *g, size_t i, double *x, double *y)
{
    *x = g->nx[i];
    *y = g->ny[i];
}

void cov_graph_edge(const cov_graph_t *g, size_t e, size_t *from, size_t *to, double *length,
                    int *cls, int *oneway)
{
    if (from) *from = g->efrom[e];
    if (to) *to = g->eto[e];
    if (length) *length = g->elen[e];
    if (cls) *cls = g->ecls[e];
    if (oneway) *oneway = g->eoneway[e];
}

void cov_graph_edge_vertices(const cov_graph_t *g, size_t e, const double **x, const double **y,
                             size_t *n)
{
    *x = g->vx + g->evfirst[e];
    *y = g->vy + g->evfirst[e];
    *n = g->evfirst[e + 1] - g->evfirst[e];
}

static size_t uf_find(size_t *p, size_t i)
{
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

typedef struct comp {
    size_t root, size, first;
} comp_t;

static int cmp_comp(const void *a, const void *b)
{
    const comp_t *x = a, *y = b;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Components ignoring direction (union-find), numbered by size, largest first. */
static cov_status_t components(cov_ctx_t *ctx, cov_graph_t *g)
{
    size_t *p = cov_calloc_array(g->nn, sizeof *p);
    size_t *size = cov_calloc_array(g->nn, sizeof *size);
    comp_t *c = cov_calloc_array(g->nn, sizeof *c);
    g->ncomp = cov_calloc_array(g->nn, sizeof *g->ncomp);
    if (!p || !size || !c || !g->ncomp) {
        free(p);
        free(size);
        free(c);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->nn; i++) p[i] = i;
    for (size_t e = 0; e < g->ne; e++) {
        size_t a = uf_find(p, g->efrom[e]), b = uf_find(p, g->eto[e]);
        if (a != b) p[a > b ? a : b] = a < b ? a : b;
    }
    size_t nc = 0;
    for (size_t i = 0; i < g->nn; i++) {
        size_t r = uf_find(p, i);
        if (r == i) c[nc++] = (comp_t){r, 0, i};
        size[r]++;
    }
    for (size_t k = 0; k < nc; k++) c[k].size = size[c[k].root];
    qsort(c, nc, sizeof *c, cmp_comp);
    for (size_t k = 0; k < nc; k++) size[c[k].root] = k; /* reuse: root -> component number */
    for (size_t i = 0; i < g->nn; i++) g->ncomp[i] = size[uf_find(p, i)];
    g->stats.nodes = g->nn;
    g->stats.edges = g->ne;
    g->stats.components = nc;
    g->stats.largest_nodes = nc ? c[0].size : 0;
    g->stats.length_m = 0;
    for (size_t e = 0; e < g->ne; e++) {
        g->stats.length_m += g->elen[e];
        if (g->ncomp[g->efrom[e]] != 0) {
            g->stats.fragment_edges++;
            g->stats.fragment_length_m += g->elen[e];
        }
    }
    free(p);
    free(size);
    free(c);
    return COV_OK;
}

cov_status_t cov_graph_index(cov_ctx_t *ctx, cov_graph_t *g)
{
    cov_status_t s = components(ctx, g);
    if (s) return s;
    size_t nv = g->evfirst[g->ne];
    g->nseg = nv - g->ne;
    g->segv = cov_calloc_array(g->nseg, sizeof *g->segv);
    g->sege = cov_calloc_array(g->nseg, sizeof *g->sege);
    double *bx0 = cov_calloc_array(g->nseg, sizeof(double) * 4);
    if (!g->segv || !g->sege || !bx0) {
        free(bx0);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    double *by0 = bx0 + g->nseg, *bx1 = by0 + g->nseg, *by1 = bx1 + g->nseg;
    size_t k = 0;
    for (size_t e = 0; e < g->ne; e++) {
        for (size_t v = g->evfirst[e]; v + 1 < g->evfirst[e + 1]; v++, k++) {
            g->segv[k] = v;
            g->sege[k] = (uint32_t)e;
            bx0[k] = fmin(g->vx[v], g->vx[v + 1]);
            bx1[k] = fmax(g->vx[v], g->vx[v + 1]);
            by0[k] = fmin(g->vy[v], g->vy[v + 1]);
            by1[k] = fmax(g->vy[v], g->vy[v + 1]);
        }
    }
    s = cov_rtree_build(bx0, by0, bx1, by1, g->nseg, &g->segtree);
    free(bx0);
    if (s) return cov_fail(ctx, s, "cannot index the road segments");
    return COV_OK;
}

typedef struct snapq {
    const cov_graph_t *g;
    double x, y, best_d2;
    size_t best_seg;
    double best_u;
    bool found;
} snapq_t;

static bool snap_visit(void *user, size_t k)
{
    snapq_t *q = user;
    const cov_graph_t *g = q->g;
    size_t v = g->segv[k], e = g->sege[k];
    if (g->fwd && !isfinite(g->fwd[e]) && !isfinite(g->bwd[e])) return true; /* forbidden */
    double ax = g->vx[v], ay = g->vy[v], dx = g->vx[v + 1] - ax, dy = g->vy[v + 1] - ay;
    double l2 = dx * dx + dy * dy;
    double u = l2 > 0 ? ((q->x - ax) * dx + (q->y - ay) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    double px = ax + u * dx - q->x, py = ay + u * dy - q->y;
    double d2 = px * px + py * py;
    /* segments are numbered edge by edge, so the lowest k is the lowest edge, then segment */
    if (!q->found || d2 < q->best_d2 || (d2 == q->best_d2 && k < q->best_seg)) {
        q->found = true;
        q->best_d2 = d2;
        q->best_seg = k;
        q->best_u = u;
    }
    return true;
}

void cov_graph_snap_point(const cov_graph_t *g, double x, double y, double max_dist,
                          cov_graph_snap_t *out)
{
    *out = (cov_graph_snap_t){.edge = -1, .t = NAN, .dist = INFINITY, .x = NAN, .y = NAN};
    if (!isfinite(x) || !isfinite(y) || !(max_dist >= 0)) return;
    snapq_t q = {.g = g, .x = x, .y = y};
    /* grow the search box until a segment is found within the box's half-width */
    for (double r = fmin(50.0, max_dist);; r = fmin(r * 4, max_dist)) {
        q.found = false;
        cov_rtree_search(g->segtree, x - r, y - r, x + r, y + r, snap_visit, &q);
        if (q.found && sqrt(q.best_d2) <= r) break;
        if (r >= max_dist) {
            if (q.found && sqrt(q.best_d2) > max_dist) q.found = false;
            break;
        }
    }
    if (!q.found) return;
    size_t v = g->segv[q.best_seg], e = g->sege[q.best_seg];
    double ax = g->vx[v], ay = g->vy[v], dx = g->vx[v + 1] - ax, dy = g->vy[v + 1] - ay;
    out->edge = (int64_t)e;
    out->x = ax + q.best_u * dx;
    out->y = ay + q.best_u * dy;
    out->dist = sqrt(q.best_d2);
    if (g->geo && out->dist > 0) { /* the walk to the road on the ellipsoid too */
        double px[2] = {x, out->x}, py[2] = {y, out->y}, lon[2], lat[2];
        if (cov_geodist_lonlat(g->ctx, g->geo, 2, px, py, lon, lat) == COV_OK)
            out->dist = cov_geodist_inverse(g->geo, lon[0], lat[0], lon[1], lat[1]);
    }
    out->t = g->vcum[v] + q.best_u * (g->vcum[v + 1] - g->vcum[v]);
    if (out->t > g->elen[e]) out->t = g->elen[e];
}

cov_status_t cov_graph_set_costs(cov_ctx_t *ctx, cov_graph_t *g, const double *fwd,
                                 const double *bwd)
{
    size_t narc = 0;
    for (size_t e = 0; e < g->ne; e++) {
        if (isnan(fwd[e]) || isnan(bwd[e]) || fwd[e] < 0 || bwd[e] < 0)
            return cov_fail(ctx, COV_ERR_INPUT, "edge %zu has a negative or NaN cost", e);
        narc += isfinite(fwd[e]) + isfinite(bwd[e]);
    }
    free(g->fwd);
    free(g->bwd);
    free(g->adj_first);
    free(g->adj_to);
    free(g->adj_cost);
    free(g->adj_edge);
    g->fwd = cov_calloc_array(g->ne, sizeof(double));
    g->bwd = cov_calloc_array(g->ne, sizeof(double));
    g->adj_first = cov_calloc_array(g->nn + 1, sizeof(size_t));
    g->adj_to = cov_calloc_array(narc ? narc : 1, sizeof(uint32_t));
    g->adj_cost = cov_calloc_array(narc ? narc : 1, sizeof(double));
    g->adj_edge = cov_calloc_array(narc ? narc : 1, sizeof(uint32_t));
    if (!g->fwd || !g->bwd || !g->adj_first || !g->adj_to || !g->adj_cost || !g->adj_edge)
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    memcpy(g->fwd, fwd, g->ne * sizeof(double));
    memcpy(g->bwd, bwd, g->ne * sizeof(double));
    for (size_t e = 0; e < g->ne; e++) {
        if (isfinite(fwd[e])) g->adj_first[g->efrom[e] + 1]++;
        if (isfinite(bwd[e])) g->adj_first[g->eto[e] + 1]++;
    }
    for (size_t i = 0; i < g->nn; i++) g->adj_first[i + 1] += g->adj_first[i];
    size_t *pos = cov_calloc_array(g->nn, sizeof *pos);
    if (!pos) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    memcpy(pos, g->adj_first, g->nn * sizeof *pos);
    for (size_t e = 0; e < g->ne; e++) {
        if (isfinite(fwd[e])) {
            size_t k = pos[g->efrom[e]]++;
            g->adj_to[k] = g->eto[e];
            g->adj_cost[k] = fwd[e];
            g->adj_edge[k] = (uint32_t)e;
        }
        if (isfinite(bwd[e])) {
            size_t k = pos[g->eto[e]]++;
            g->adj_to[k] = g->efrom[e];
            g->adj_cost[k] = bwd[e];
            g->adj_edge[k] = (uint32_t)e;
        }
    }
    free(pos);
    return COV_OK;
}
