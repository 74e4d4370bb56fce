/* Origin -> destination pairs inside a catchment, in compressed rows: from KD-tree range
 * queries (planar distances) or from an explicit cost list (costs computed elsewhere). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"
#include "planner/access/measure/access.h"

struct cov_access_pairs {
    size_t no, n, cap;
    size_t *start; /* no + 1 */
    size_t *dest;  /* n */
    double *cost;  /* n */
};

static cov_status_t pairs_new(size_t no, cov_access_pairs_t **out)
{
    cov_access_pairs_t *p = calloc(1, sizeof *p);
    if (!p) return COV_ERR_NOMEM;
    p->no = no;
    p->start = cov_calloc_array(no + 1, sizeof *p->start);
    if (!p->start) {
        free(p);
        return COV_ERR_NOMEM;
    }
    *out = p;
    return COV_OK;
}

void cov_access_pairs_destroy(cov_access_pairs_t *p)
{
    if (!p) return;
    free(p->start);
    free(p->dest);
    free(p->cost);
    free(p);
}

size_t cov_access_pairs_count(const cov_access_pairs_t *p) { return p ? p->n : 0; }

void cov_access_pairs_row(const cov_access_pairs_t *p, size_t i, size_t *start, size_t *end)
{
    *start = p->start[i];
    *end = p->start[i + 1];
}

const size_t *cov_access_pairs_dest(const cov_access_pairs_t *p) { return p->dest; }
const double *cov_access_pairs_cost(const cov_access_pairs_t *p) { return p->cost; }

static bool grow(cov_access_pairs_t *p)
{
    size_t nc = p->cap ? p->cap * 2 : 1024;
    size_t *d = cov_realloc_array(p->dest, nc, sizeof *d);
    if (!d) return false;
    p->dest = d;
    double *c = cov_realloc_array(p->cost, nc, sizeof *c);
    if (!c) return false;
    p->cost = c;
    p->cap = nc;
    return true;
}

/* Sort one row by destination: insertion sort for the short rows a catchment gives. */
static void sort_row(size_t *d, double *c, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t kd = d[i];
        double kc = c[i];
        size_t m = i;
        for (; m > 0 && d[m - 1] > kd; m--) {
            d[m] = d[m - 1];
            c[m] = c[m - 1];
        }
        d[m] = kd;
        c[m] = kc;
    }
}

typedef struct collect {
    cov_access_pairs_t *p;
    bool nomem;
} collect_t;

static bool collect_visit(void *user, size_t idx, double dist)
{
    collect_t *c = user;
    if (c->p->n == c->p->cap && !grow(c->p)) {
        c->nomem = true;
        return false;
    }
    c->p->dest[c->p->n] = idx;
    c->p->cost[c->p->n++] = dist;
    return true;
}

cov_status_t cov_access_pairs_planar(cov_ctx_t *ctx, const double *ox, const double *oy, size_t no,
                                     const double *dx, const double *dy, size_t nd,
                                     double catchment, cov_access_pairs_t **out)
{
    *out = NULL;
    if (isnan(catchment)) return cov_fail(ctx, COV_ERR_USAGE, "the catchment is not a number");
    cov_kdtree_t *tree;
    cov_status_t s = cov_kdtree_build(dx, dy, nd, &tree);
    if (s) return cov_fail(ctx, s, "cannot index the supply sites (a coordinate is not finite)");
    cov_access_pairs_t *p;
    if ((s = pairs_new(no, &p))) {
        cov_kdtree_destroy(tree);
        return cov_fail(ctx, s, "out of memory");
    }
    collect_t c = {p, false};
    for (size_t i = 0; i < no && !c.nomem; i++) {
        p->start[i] = p->n;
        cov_kdtree_within(tree, ox[i], oy[i], catchment, collect_visit, &c);
        sort_row(p->dest + p->start[i], p->cost + p->start[i], p->n - p->start[i]);
        if ((i & 4095) == 4095) cov_progress(ctx, "catchments", i + 1, no);
    }
    p->start[no] = p->n;
    cov_kdtree_destroy(tree);
    if (c.nomem) {
        cov_access_pairs_destroy(p);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory collecting catchment pairs");
    }
    *out = p;
    return COV_OK;
}

typedef struct row_key {
    size_t o, d, row;
    double c;
} row_key_t;

static int cmp_key(const void *a, const void *b)
{
    const row_key_t *x = a, *y = b;
    if (x->o != y->o) return x->o < y->o ? -1 : 1;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

cov_status_t cov_access_pairs_list(cov_ctx_t *ctx, size_t no, size_t nd, size_t n,
                                   const size_t *orig, const size_t *dest, const double *cost,
                                   double catchment, cov_access_pairs_t **out)
{
    *out = NULL;
    row_key_t *k = cov_calloc_array(n + 1, sizeof *k);
    if (!k) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < n; r++) {
        if (orig[r] >= no || dest[r] >= nd) {
            free(k);
            return cov_fail(ctx, COV_ERR_INPUT, "cost row %zu: origin or destination out of range",
                            r + 1);
        }
        if (!(cost[r] >= 0)) {
            free(k);
            return cov_fail(ctx, COV_ERR_INPUT, "cost row %zu: the cost %g is not a number >= 0",
                            r + 1, cost[r]);
        }
        k[r] = (row_key_t){orig[r], dest[r], r, cost[r]};
    }
    qsort(k, n, sizeof *k, cmp_key);
    for (size_t r = 1; r < n; r++)
        if (k[r].o == k[r - 1].o && k[r].d == k[r - 1].d) {
            size_t a = k[r - 1].row + 1, b = k[r].row + 1;
            free(k);
            return cov_fail(ctx, COV_ERR_INPUT,
                            "cost rows %zu and %zu: the same origin and destination twice", a, b);
        }
    cov_access_pairs_t *p = NULL;
    cov_status_t s = pairs_new(no, &p);
    if (!s && n) {
        p->dest = cov_calloc_array(n, sizeof *p->dest);
        p->cost = cov_calloc_array(n, sizeof *p->cost);
        p->cap = n;
        if (!p->dest || !p->cost) s = COV_ERR_NOMEM;
    }
    if (s) {
        free(k);
        cov_access_pairs_destroy(p);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    size_t r = 0;
    for (size_t i = 0; i < no; i++) {
        p->start[i] = p->n;
        for (; r < n && k[r].o == i; r++)
            if (k[r].c <= catchment) {
                p->dest[p->n] = k[r].d;
                p->cost[p->n++] = k[r].c;
            }
    }
    p->start[no] = p->n;
    free(k);
    *out = p;
    return COV_OK;
}
