/* Origin -> destination pairs inside a catchment, in compressed rows: from KD-tree range
 * queries (planar distances) or from an explicit cost list (costs computed elsewhere). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"
#include "geo/parallel.h"
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

/* Catchment pairs on all cores, in two passes over the origins: count each origin's
 * destinations (KD-tree counts), lay the rows out by a prefix sum, then fill and sort each row
 * in its own slice. Every origin writes only its own row, so the pairs do not depend on the
 * number of threads, and the memory is known (and checked) before it is taken. */
typedef struct pair_job {
    const cov_kdtree_t *tree;
    const double *ox, *oy;
    double r;
    cov_access_pairs_t *p;
    size_t *count;
} pair_job_t;

typedef struct fill {
    size_t *dest;
    double *cost;
    size_t n, cap;
} fill_t;

static bool fill_visit(void *user, size_t idx, double dist)
{
    fill_t *f = user;
    if (f->n == f->cap) return false; /* cannot happen: the count said how many */
    f->dest[f->n] = idx;
    f->cost[f->n++] = dist;
    return true;
}

static cov_status_t count_row(void *user, size_t i, unsigned worker)
{
    (void)worker;
    pair_job_t *j = user;
    j->count[i] = cov_kdtree_count_within(j->tree, j->ox[i], j->oy[i], j->r);
    return COV_OK;
}

typedef struct dest_cost {
    size_t d;
    double c;
} dest_cost_t;

static int cmp_dest(const void *a, const void *b)
{
    size_t x = ((const dest_cost_t *)a)->d, y = ((const dest_cost_t *)b)->d;
    return (x > y) - (x < y);
}

static cov_status_t fill_row(void *user, size_t i, unsigned worker)
{
    (void)worker;
    pair_job_t *j = user;
    cov_access_pairs_t *p = j->p;
    size_t a = p->start[i], n = p->start[i + 1] - a;
    fill_t f = {p->dest + a, p->cost + a, 0, n};
    cov_kdtree_within(j->tree, j->ox[i], j->oy[i], j->r, fill_visit, &f);
    if (f.n != n) return COV_ERR_INTERNAL;
    if (n <= 32) {
        sort_row(f.dest, f.cost, n);
        return COV_OK;
    }
    /* long rows (a wide catchment): sort (destination, cost) by destination */
    dest_cost_t *t = cov_calloc_array(n, sizeof *t);
    if (!t) return COV_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) t[k].d = f.dest[k], t[k].c = f.cost[k];
    qsort(t, n, sizeof *t, cmp_dest);
    for (size_t k = 0; k < n; k++) f.dest[k] = t[k].d, f.cost[k] = t[k].c;
    free(t);
    return COV_OK;
}

/* Refuse a pair list larger than half the machine's memory before taking any of it. */
static cov_status_t check_memory(cov_ctx_t *ctx, size_t n, double catchment)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double need = (double)n * (double)(sizeof(size_t) + sizeof(double));
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 0;
    if (have > 0 && need > 0.5 * have)
        return cov_fail(ctx, COV_ERR_NOMEM,
                        "the catchment %g holds %zu demand-supply pairs (%.1f GB), more than half "
                        "of this machine's memory (%.1f GB); use a smaller catchment, or put the "
                        "demand at the areas (--demand areas) or at the elder-care sites",
                        catchment, n, need / 1e9, have / 1e9);
    return COV_OK;
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
    size_t *count = cov_calloc_array(no + 1, sizeof *count);
    pair_job_t j = {tree, ox, oy, catchment, p, count};
    if (!count) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    if (!s)
        s = cov_parallel_for(ctx, no >= 4096 ? "catchments (counting)" : NULL, no, count_row, &j,
                             NULL);
    size_t total = 0;
    for (size_t i = 0; !s && i < no; i++) p->start[i] = total, total += count[i];
    free(count);
    if (!s) {
        p->start[no] = total;
        s = check_memory(ctx, total, catchment);
    }
    if (!s) {
        p->dest = cov_calloc_array(total + 1, sizeof *p->dest);
        p->cost = cov_calloc_array(total + 1, sizeof *p->cost);
        p->n = p->cap = total;
        if (!p->dest || !p->cost)
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory collecting catchment pairs");
    }
    if (!s) {
        s = cov_parallel_for(ctx, no >= 4096 ? "catchments" : NULL, no, fill_row, &j, NULL);
        if (s)
            s = cov_fail(ctx, s,
                         s == COV_ERR_NOMEM
                             ? "out of memory collecting catchment pairs"
                             : "internal error: a catchment's pairs changed between two counts");
    }
    cov_kdtree_destroy(tree);
    if (s) {
        cov_access_pairs_destroy(p);
        return s;
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
