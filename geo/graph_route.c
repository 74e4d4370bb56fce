/* Shortest paths on the road graph: multi-source Dijkstra (binary heap) and snapped-point costs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/graph_private.h"

/* A binary min-heap of (cost, source, node) with lazy deletion: stale entries are skipped
 * when popped. Ordering by (cost, source) makes ties go to the lower source index. */
typedef struct hitem {
    double cost;
    int32_t src;
    uint32_t node;
} hitem_t;

typedef struct heap {
    hitem_t *a;
    size_t n, cap;
} heap_t;

static bool less(const hitem_t *x, const hitem_t *y)
{
    return x->cost < y->cost || (x->cost == y->cost && x->src < y->src);
}

static bool heap_push(heap_t *h, double cost, int32_t src, uint32_t node)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 4096;
        hitem_t *a = cov_realloc_array(h->a, cap, sizeof *a);
        if (!a) return false;
        h->a = a;
        h->cap = cap;
    }
    size_t i = h->n++;
    hitem_t it = {cost, src, node};
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!less(&it, &h->a[p])) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = it;
    return true;
}

static hitem_t heap_pop(heap_t *h)
{
    hitem_t top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && less(&h->a[c + 1], &h->a[c])) c++;
        if (!less(&h->a[c], &last)) break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n) h->a[i] = last;
    return top;
}

/* f * c where a zero fraction costs nothing even on a forbidden (infinite) direction: a point
 * exactly at a node is at the node. */
static double part(double f, double c) { return f == 0 ? 0 : f * c; }

/* Relax a tentative (cost, src) at a node; true when it improved. */
static bool improve(double *cost, int32_t *srcs, size_t v, double c, int32_t s)
{
    if (c < cost[v] || (c == cost[v] && s < srcs[v])) {
        cost[v] = c;
        srcs[v] = s;
        return true;
    }
    return false;
}

static cov_status_t dijkstra(cov_ctx_t *ctx, const cov_graph_t *g, const cov_graph_snap_t *src,
                             size_t n, double limit, double *cost, int32_t *srcs, double *len)
{
    if (!g->adj_first) return cov_fail(ctx, COV_ERR_INTERNAL, "road graph costs are not set");
    for (size_t i = 0; i < g->nn; i++) {
        cost[i] = INFINITY;
        srcs[i] = -1;
        if (len) len[i] = NAN;
    }
    heap_t h = {0};
    bool ok = true;
    for (size_t k = 0; k < n && ok; k++) {
        if (src[k].edge < 0 || (size_t)src[k].edge >= g->ne) continue;
        size_t e = (size_t)src[k].edge;
        double f = g->elen[e] > 0 ? src[k].t / g->elen[e] : 0;
        /* from the point back to the from-node is travel against the edge, and on to the
         * to-node is travel along it */
        double cf = part(f, g->bwd[e]), ct = part(1 - f, g->fwd[e]);
        if (isfinite(cf) && cf <= limit && improve(cost, srcs, g->efrom[e], cf, (int32_t)k)) {
            if (len) len[g->efrom[e]] = src[k].t;
            ok = heap_push(&h, cf, (int32_t)k, g->efrom[e]);
        }
        if (ok && isfinite(ct) && ct <= limit && improve(cost, srcs, g->eto[e], ct, (int32_t)k)) {
            if (len) len[g->eto[e]] = g->elen[e] - src[k].t;
            ok = heap_push(&h, ct, (int32_t)k, g->eto[e]);
        }
    }
    while (ok && h.n) {
        hitem_t it = heap_pop(&h);
        size_t u = it.node;
        if (it.cost != cost[u] || it.src != srcs[u]) continue; /* stale */
        for (size_t a = g->adj_first[u]; a < g->adj_first[u + 1]; a++) {
            size_t v = g->adj_to[a];
            double c = it.cost + g->adj_cost[a];
            if (c > limit) continue;
            if (improve(cost, srcs, v, c, it.src)) {
                if (len) len[v] = len[u] + g->elen[g->adj_edge[a]];
                if (!(ok = heap_push(&h, c, it.src, (uint32_t)v))) break;
            }
        }
    }
    free(h.a);
    if (!ok) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory in the shortest-path search");
    return COV_OK;
}

cov_status_t cov_graph_nearest_sources(cov_ctx_t *ctx, const cov_graph_t *g,
                                       const cov_graph_snap_t *sources, size_t n, double *out_cost,
                                       int32_t *out_source, double *out_len)
{
    if (n > INT32_MAX) return cov_fail(ctx, COV_ERR_INPUT, "too many sources");
    return dijkstra(ctx, g, sources, n, INFINITY, out_cost, out_source, out_len);
}

cov_status_t cov_graph_reach(cov_ctx_t *ctx, const cov_graph_t *g, const cov_graph_snap_t *src,
                             double limit, double *out_cost)
{
    int32_t *s = cov_calloc_array(g->nn ? g->nn : 1, sizeof *s);
    if (!s) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    cov_status_t st = dijkstra(ctx, g, src, 1, limit, out_cost, s, NULL);
    free(s);
    return st;
}

void cov_graph_point_cost(const cov_graph_t *g, const double *node_cost, const int32_t *node_source,
                          const double *node_len, const cov_graph_snap_t *sources, size_t nsrc,
                          const cov_graph_snap_t *target, double *cost, int32_t *source,
                          double *len)
{
    *cost = INFINITY;
    *source = -1;
    double best_len = NAN;
    if (target->edge >= 0 && (size_t)target->edge < g->ne) {
        size_t e = (size_t)target->edge, a = g->efrom[e], b = g->eto[e];
        double L = g->elen[e], f = L > 0 ? target->t / L : 0;
        double ca = node_cost[a] + part(f, g->fwd[e]);     /* reach a, then along the edge */
        double cb = node_cost[b] + part(1 - f, g->bwd[e]); /* reach b, then against it */
        if (isfinite(ca) && improve(cost, source, 0, ca, node_source[a]))
            best_len = node_len ? node_len[a] + target->t : NAN;
        if (isfinite(cb) && improve(cost, source, 0, cb, node_source[b]))
            best_len = node_len ? node_len[b] + (L - target->t) : NAN;
        for (size_t k = 0; k < nsrc; k++) { /* a source on the same edge */
            if (sources[k].edge != target->edge) continue;
            double d = target->t - sources[k].t;
            double c = d >= 0 ? part(d / L, g->fwd[e]) : part(-d / L, g->bwd[e]);
            if (isfinite(c) && improve(cost, source, 0, c, (int32_t)k))
                best_len = node_len ? fabs(d) : NAN;
        }
    }
    if (len) *len = best_len;
}
