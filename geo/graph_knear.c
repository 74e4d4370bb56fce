/* The k nearest sources and every source within a cost limit, for every node of
 * the road graph, in one multi-label Dijkstra pass (the network counterpart of
 * KD-tree knn + range queries). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/graph_private.h"

struct cov_graph_labels {
    size_t nn, k;
    double limit;
    size_t *first; /* nn + 1: node v's labels are [first[v], first[v+1]) */
    int32_t *src;
    double *cost;
    size_t max_per_node;
};

/* Heap of (cost, source, node), ties by source: the order labels are settled
 * in. */
typedef struct kitem {
    double cost;
    int32_t src;
    uint32_t node;
} kitem_t;

typedef struct kheap {
    kitem_t *a;
    size_t n, cap;
} kheap_t;

static bool kless(const kitem_t *x, const kitem_t *y)
{
    return x->cost < y->cost || (x->cost == y->cost && x->src < y->src);
}

static bool kpush(kheap_t *h, double cost, int32_t src, uint32_t node)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 4096;
        kitem_t *a = cov_realloc_array(h->a, cap, sizeof *a);
        if (!a) return false;
        h->a = a;
        h->cap = cap;
    }
    size_t i = h->n++;
    kitem_t it = {cost, src, node};
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!kless(&it, &h->a[p])) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = it;
    return true;
}

static kitem_t kpop(kheap_t *h)
{
    kitem_t top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && kless(&h->a[c + 1], &h->a[c])) c++;
        if (!kless(&h->a[c], &last)) break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n) h->a[i] = last;
    return top;
}

static double part(double f, double c) { return f == 0 ? 0 : f * c; }

/* Settled labels while searching: a pool of linked lists, one list per node in
 * settling order. */
typedef struct pool {
    int32_t *src;
    double *cost;
    size_t *next;
    size_t n, cap;
    size_t *head, *tail; /* per node; (size_t)-1 when empty */
    uint32_t *count;
} pool_t;

static bool has_src(const pool_t *p, size_t v, int32_t s)
{
    for (size_t i = p->head[v]; i != (size_t)-1; i = p->next[i])
        if (p->src[i] == s) return true;
    return false;
}

/* A label (s, c) at v is wanted when s is not settled there and v lacks k
 * labels or c is within the limit. Costs are settled in increasing order, so a
 * node that fails this for c is closed to every later cost too. */
static bool wanted(const pool_t *p, size_t k, double limit, size_t v, int32_t s, double c)
{
    if (p->count[v] >= k && !(c <= limit)) return false;
    return !has_src(p, v, s);
}

static bool settle(pool_t *p, size_t v, int32_t s, double c)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 4096;
        int32_t *a = cov_realloc_array(p->src, cap, sizeof *a);
        if (a) p->src = a;
        double *b = cov_realloc_array(p->cost, cap, sizeof *b);
        if (b) p->cost = b;
        size_t *n = cov_realloc_array(p->next, cap, sizeof *n);
        if (n) p->next = n;
        if (!a || !b || !n) return false;
        p->cap = cap;
    }
    size_t i = p->n++;
    p->src[i] = s;
    p->cost[i] = c;
    p->next[i] = (size_t)-1;
    if (p->tail[v] == (size_t)-1)
        p->head[v] = i;
    else
        p->next[p->tail[v]] = i;
    p->tail[v] = i;
    p->count[v]++;
    return true;
}

static void pool_free(pool_t *p)
{
    free(p->src);
    free(p->cost);
    free(p->next);
    free(p->head);
    free(p->tail);
    free(p->count);
}

void cov_graph_labels_destroy(cov_graph_labels_t *l)
{
    if (!l) return;
    free(l->first);
    free(l->src);
    free(l->cost);
    free(l);
}

/* Copy the pool into CSR form (labels of a node stay in settling order: by
 * cost, then source). */
static cov_status_t compact(cov_ctx_t *ctx, const pool_t *p, cov_graph_labels_t *l)
{
    l->first = cov_calloc_array(l->nn + 1, sizeof *l->first);
    l->src = cov_calloc_array(p->n + 1, sizeof *l->src);
    l->cost = cov_calloc_array(p->n + 1, sizeof *l->cost);
    if (!l->first || !l->src || !l->cost)
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory for the nearest-clinic labels");
    size_t at = 0;
    for (size_t v = 0; v < l->nn; v++) {
        l->first[v] = at;
        for (size_t i = p->head[v]; i != (size_t)-1; i = p->next[i]) {
            l->src[at] = p->src[i];
            l->cost[at++] = p->cost[i];
        }
        if (p->count[v] > l->max_per_node) l->max_per_node = p->count[v];
    }
    l->first[l->nn] = at;
    return COV_OK;
}

cov_status_t cov_graph_k_nearest(cov_ctx_t *ctx, const cov_graph_t *g,
                                 const cov_graph_snap_t *sources, const double *offset, size_t n,
                                 size_t k, double limit, cov_graph_labels_t **out)
{
    *out = NULL;
    if (!g->adj_first) return cov_fail(ctx, COV_ERR_INTERNAL, "road graph costs are not set");
    if (n > INT32_MAX) return cov_fail(ctx, COV_ERR_INPUT, "too many sources");
    cov_graph_labels_t *l = calloc(1, sizeof *l);
    pool_t p = {0};
    kheap_t h = {0};
    size_t nn = g->nn ? g->nn : 1;
    p.head = cov_calloc_array(nn, sizeof *p.head);
    p.tail = cov_calloc_array(nn, sizeof *p.tail);
    p.count = cov_calloc_array(nn, sizeof *p.count);
    bool ok = l && p.head && p.tail && p.count;
    if (ok) {
        l->nn = g->nn;
        l->k = k;
        l->limit = limit;
        for (size_t v = 0; v < g->nn; v++) p.head[v] = p.tail[v] = (size_t)-1;
    }
    for (size_t s = 0; ok && s < n; s++) {
        if (sources[s].edge < 0 || (size_t)sources[s].edge >= g->ne) continue;
        size_t e = (size_t)sources[s].edge;
        double f = g->elen[e] > 0 ? sources[s].t / g->elen[e] : 0, o = offset ? offset[s] : 0;
        double cf = o + part(f, g->bwd[e]), ct = o + part(1 - f, g->fwd[e]);
        if (isfinite(cf)) ok = kpush(&h, cf, (int32_t)s, g->efrom[e]);
        if (ok && isfinite(ct)) ok = kpush(&h, ct, (int32_t)s, g->eto[e]);
    }
    while (ok && h.n) {
        kitem_t it = kpop(&h);
        size_t u = it.node;
        if (!wanted(&p, k, limit, u, it.src, it.cost)) continue;
        if (!(ok = settle(&p, u, it.src, it.cost))) break;
        for (size_t a = g->adj_first[u]; ok && a < g->adj_first[u + 1]; a++) {
            size_t v = g->adj_to[a];
            double c = it.cost + g->adj_cost[a];
            if (wanted(&p, k, limit, v, it.src, c)) ok = kpush(&h, c, it.src, (uint32_t)v);
        }
    }
    cov_status_t st =
        ok ? compact(ctx, &p, l)
           : cov_fail(ctx, COV_ERR_NOMEM, "out of memory in the nearest-clinic search");
    free(h.a);
    pool_free(&p);
    if (st) {
        cov_graph_labels_destroy(l);
        return st;
    }
    *out = l;
    return COV_OK;
}

size_t cov_graph_labels_max(const cov_graph_labels_t *l) { return l->max_per_node; }

typedef struct cand {
    int32_t src;
    double cost;
} cand_t;

static int by_src(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->src != y->src) return x->src < y->src ? -1 : 1;
    return (x->cost > y->cost) - (x->cost < y->cost);
}

static int by_cost(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->cost != y->cost) return x->cost < y->cost ? -1 : 1;
    return (x->src > y->src) - (x->src < y->src);
}

cov_status_t cov_graph_point_sources(cov_ctx_t *ctx, const cov_graph_t *g,
                                     const cov_graph_labels_t *l, const cov_graph_snap_t *sources,
                                     const double *offset, size_t n, const cov_graph_snap_t *target,
                                     int32_t *out_src, double *out_cost, size_t cap, size_t *nout)
{
    *nout = 0;
    if (target->edge < 0 || (size_t)target->edge >= g->ne || !cap) return COV_OK;
    size_t e = (size_t)target->edge, a = g->efrom[e], b = g->eto[e];
    double L = g->elen[e], f = L > 0 ? target->t / L : 0;
    double ea = part(f, g->fwd[e]), eb = part(1 - f, g->bwd[e]);
    size_t na = l->first[a + 1] - l->first[a], nb = l->first[b + 1] - l->first[b], same = 0;
    for (size_t s = 0; s < n; s++) same += sources[s].edge == target->edge;
    cand_t *c = cov_calloc_array(na + nb + same + 1, sizeof *c);
    if (!c) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = l->first[a]; i < l->first[a + 1]; i++)
        if (isfinite(ea)) c[m++] = (cand_t){l->src[i], l->cost[i] + ea};
    for (size_t i = l->first[b]; i < l->first[b + 1]; i++)
        if (isfinite(eb)) c[m++] = (cand_t){l->src[i], l->cost[i] + eb};
    for (size_t s = 0; s < n; s++) { /* a source on the same edge: straight along it */
        if (sources[s].edge != target->edge) continue;
        double d = target->t - sources[s].t;
        double cs = d >= 0 ? part(d / L, g->fwd[e]) : part(-d / L, g->bwd[e]);
        if (isfinite(cs)) c[m++] = (cand_t){(int32_t)s, cs + (offset ? offset[s] : 0)};
    }
    qsort(c, m, sizeof *c, by_src);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || c[u - 1].src != c[i].src) c[u++] = c[i];
    qsort(c, u, sizeof *c, by_cost);
    size_t w = 0;
    for (size_t i = 0; i < u && w < cap; i++) {
        if (i >= l->k && !(c[i].cost <= l->limit)) break;
        out_src[w] = c[i].src;
        out_cost[w++] = c[i].cost;
    }
    free(c);
    *nout = w;
    return COV_OK;
}
