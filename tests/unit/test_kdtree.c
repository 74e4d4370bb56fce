/* Property tests for geo/kdtree: every query must equal a brute-force scan exactly. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "geo/kdtree.h"
#include "tests/unit/check.h"

/* ---- deterministic random numbers (splitmix64) ---------------------------------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; }

static double rng_range(double lo, double hi) { return lo + (hi - lo) * rng_unit(); }

static size_t rng_below(size_t n) { return (size_t)(rng_next() % n); }

/* ---- brute force ---------------------------------------------------------------------- */

/* The same expression the tree uses, so squared distances compare bit for bit. */
static double d2_of(const double *x, const double *y, size_t i, double qx, double qy)
{
    double dx = x[i] - qx, dy = y[i] - qy;
    return dx * dx + dy * dy;
}

static bool pair_before(double d2a, size_t a, double d2b, size_t b)
{
    return d2a < d2b || (d2a == d2b && a < b);
}

/* The k first points by (d2, index), by selection: O(n k), fine for tests. */
static size_t brute_knn(const double *x, const double *y, size_t n, double qx, double qy, size_t k,
                        size_t *idx, double *d2out, bool *taken)
{
    if (k > n) k = n;
    for (size_t i = 0; i < n; i++) taken[i] = false;
    for (size_t j = 0; j < k; j++) {
        size_t best = SIZE_MAX;
        double bd2 = INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (taken[i]) continue;
            double d2 = d2_of(x, y, i, qx, qy);
            if (best == SIZE_MAX || pair_before(d2, i, bd2, best)) {
                best = i;
                bd2 = d2;
            }
        }
        taken[best] = true;
        idx[j] = best;
        d2out[j] = bd2;
    }
    return k;
}

static size_t brute_count(const double *x, const double *y, size_t n, double qx, double qy,
                          double r)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += sqrt(d2_of(x, y, i, qx, qy)) <= r;
    return c;
}

/* ---- within callback ------------------------------------------------------------------ */

typedef struct hits {
    size_t n, cap, stop_after;
    size_t *idx;
    double *dist;
} hits;

static bool collect(void *user, size_t idx, double dist)
{
    hits *h = user;
    if (h->n < h->cap) {
        h->idx[h->n] = idx;
        h->dist[h->n] = dist;
    }
    h->n++;
    return h->stop_after == 0 || h->n < h->stop_after;
}

/* ---- data sets ------------------------------------------------------------------------ */

enum shape { UNIFORM, CLUSTERED, DUPLICATES, GRID, UTM, LINE, SHAPE_COUNT };

static const char *shape_name[] = {"uniform", "clustered", "duplicates", "grid", "utm", "line"};

/* Fill x, y with n points of the given shape; grid-like shapes force many exact ties. */
static void make_points(enum shape s, size_t n, double *x, double *y)
{
    double cx[16], cy[16];
    for (int c = 0; c < 16; c++) {
        cx[c] = rng_range(0, 1000);
        cy[c] = rng_range(0, 1000);
    }
    size_t distinct = n / 6 + 1;
    for (size_t i = 0; i < n; i++) {
        switch (s) {
        case UNIFORM:
            x[i] = rng_range(0, 1000);
            y[i] = rng_range(0, 1000);
            break;
        case CLUSTERED: {
            size_t c = rng_below(16);
            double sp = (c % 4 + 1) * 2.0;
            x[i] = cx[c] + sp * (rng_unit() + rng_unit() + rng_unit() - 1.5);
            y[i] = cy[c] + sp * (rng_unit() + rng_unit() + rng_unit() - 1.5);
            break;
        }
        case DUPLICATES:
            if (i < distinct) {
                x[i] = rng_range(0, 100);
                y[i] = rng_range(0, 100);
            } else {
                size_t j = rng_below(distinct);
                x[i] = x[j];
                y[i] = y[j];
            }
            break;
        case GRID:
            x[i] = (double)rng_below(31);
            y[i] = (double)rng_below(31);
            break;
        case UTM:
            x[i] = 500000.0 + floor(rng_range(0, 2000)) * 0.5;
            y[i] = 3400000.0 + floor(rng_range(0, 2000)) * 0.5;
            break;
        case LINE:
            x[i] = 7.0;
            y[i] = (double)rng_below(200);
            break;
        default: break;
        }
    }
    if (s == DUPLICATES) {
        /* shuffle so duplicates get unrelated indexes */
        for (size_t i = n; i > 1; i--) {
            size_t j = rng_below(i);
            double tx = x[i - 1], ty = y[i - 1];
            x[i - 1] = x[j];
            y[i - 1] = y[j];
            x[j] = tx;
            y[j] = ty;
        }
    }
}

/* A query near the data: a data point, a midpoint of two (equidistant ties), a grid or
 * half-grid position, or a random position around the data's box. */
static void make_query(const double *x, const double *y, size_t n, double *qx, double *qy)
{
    size_t a = rng_below(n), b = rng_below(n);
    switch (rng_below(5)) {
    case 0:
        *qx = x[a];
        *qy = y[a];
        break;
    case 1:
        *qx = (x[a] + x[b]) / 2;
        *qy = (y[a] + y[b]) / 2;
        break;
    case 2:
        *qx = floor(x[a]) + (double)rng_below(3) * 0.5;
        *qy = floor(y[b]) + (double)rng_below(3) * 0.5;
        break;
    case 3:
        *qx = x[a] + rng_range(-3, 3);
        *qy = y[a] + rng_range(-3, 3);
        break;
    default:
        *qx = x[a] + rng_range(-1500, 1500);
        *qy = y[b] + rng_range(-1500, 1500);
        break;
    }
}

/* ---- property check ------------------------------------------------------------------- */

#define NQ 250

static void check_shape(enum shape s, size_t n, uint64_t seed)
{
    rng_state = seed;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    double qx[NQ], qy[NQ];
    size_t *bi = malloc(n * sizeof *bi), *ti = malloc(n * sizeof *ti);
    double *bd = malloc(n * sizeof *bd), *td = malloc(n * sizeof *td);
    bool *taken = malloc(n * sizeof *taken);
    hits h = {0, n, 0, malloc(n * sizeof(size_t)), malloc(n * sizeof(double))};
    make_points(s, n, x, y);
    for (size_t q = 0; q < NQ; q++) make_query(x, y, n, &qx[q], &qy[q]);

    cov_kdtree_t *t = NULL;
    CHECK_INT(cov_kdtree_build(x, y, n, &t), COV_OK);
    CHECK_INT(cov_kdtree_size(t), n);
    int fails_before = check_failures;

    static const size_t ks[] = {1, 3, 7};
    for (size_t q = 0; q < NQ; q++) {
        for (size_t kk = 0; kk < 3; kk++) {
            size_t k = ks[kk];
            size_t nb = brute_knn(x, y, n, qx[q], qy[q], k, bi, bd, taken);
            size_t nt = cov_kdtree_knn(t, qx[q], qy[q], k, ti, td);
            CHECK_INT(nt, nb);
            for (size_t j = 0; j < nb && j < nt; j++) {
                CHECK_INT(ti[j], bi[j]);
                CHECK(td[j] == sqrt(bd[j]));
            }
        }
        /* nearest */
        brute_knn(x, y, n, qx[q], qy[q], 1, bi, bd, taken);
        size_t ni = SIZE_MAX;
        double nd = -1;
        CHECK(cov_kdtree_nearest(t, qx[q], qy[q], &ni, &nd));
        CHECK_INT(ni, bi[0]);
        CHECK(nd == sqrt(bd[0]));

        /* radius queries: fixed radii, zero, and exactly the 3rd and 7th neighbour distance */
        size_t got = brute_knn(x, y, n, qx[q], qy[q], 7, bi, bd, taken);
        double radii[] = {0.0, 1.0, 2.5, 40.0, sqrt(bd[got > 3 ? 2 : got - 1]), sqrt(bd[got - 1]),
                          -1.0};
        for (size_t ri = 0; ri < sizeof radii / sizeof radii[0]; ri++) {
            double r = radii[ri];
            size_t want = brute_count(x, y, n, qx[q], qy[q], r);
            CHECK_INT(cov_kdtree_count_within(t, qx[q], qy[q], r), want);
            h.n = 0;
            h.stop_after = 0;
            cov_kdtree_within(t, qx[q], qy[q], r, collect, &h);
            CHECK_INT(h.n, want);
            for (size_t j = 0; j < h.n && j < h.cap; j++) {
                double d = sqrt(d2_of(x, y, h.idx[j], qx[q], qy[q]));
                CHECK(d <= r);
                CHECK(h.dist[j] == d);
            }
        }
        /* a callback returning false stops the search */
        h.n = 0;
        h.stop_after = 2;
        cov_kdtree_within(t, qx[q], qy[q], 1e9, collect, &h);
        CHECK_INT(h.n, n >= 2 ? 2 : n);
    }
    /* uniqueness of within() results, once per data set at a large radius */
    {
        h.n = 0;
        h.stop_after = 0;
        cov_kdtree_within(t, qx[0], qy[0], 1e9, collect, &h);
        CHECK_INT(h.n, n);
        for (size_t i = 0; i < n; i++) taken[i] = false;
        size_t dup = 0;
        for (size_t j = 0; j < h.n && j < h.cap; j++) {
            dup += taken[h.idx[j]];
            taken[h.idx[j]] = true;
        }
        CHECK_INT(dup, 0);
    }
    /* k = n gives the full brute-force order */
    brute_knn(x, y, n, qx[1], qy[1], n, bi, bd, taken);
    CHECK_INT(cov_kdtree_knn(t, qx[1], qy[1], n + 5, ti, td), n);
    for (size_t j = 0; j < n; j++) {
        CHECK_INT(ti[j], bi[j]);
        CHECK(td[j] == sqrt(bd[j]));
    }
    /* batch nearest equals one-by-one brute force */
    size_t bidx[NQ];
    double bdist[NQ];
    CHECK_INT(cov_kdtree_nearest_batch(t, qx, qy, NQ, bidx, bdist), COV_OK);
    for (size_t q = 0; q < NQ; q++) {
        brute_knn(x, y, n, qx[q], qy[q], 1, bi, bd, taken);
        CHECK_INT(bidx[q], bi[0]);
        CHECK(bdist[q] == sqrt(bd[0]));
    }
    /* a short batch (kept in input order internally) */
    CHECK_INT(cov_kdtree_nearest_batch(t, qx, qy, 10, bidx, bdist), COV_OK);
    for (size_t q = 0; q < 10; q++) {
        size_t ni = SIZE_MAX;
        double nd = -1;
        CHECK(cov_kdtree_nearest(t, qx[q], qy[q], &ni, &nd));
        CHECK_INT(bidx[q], ni);
        CHECK(bdist[q] == nd);
    }
    if (check_failures != fails_before) {
        fprintf(stderr, "  (shape %s, n %zu, seed %llu)\n", shape_name[s], n,
                (unsigned long long)seed);
    }
    cov_kdtree_destroy(t);
    free(x);
    free(y);
    free(bi);
    free(ti);
    free(bd);
    free(td);
    free(taken);
    free(h.idx);
    free(h.dist);
}

/* Batch queries on a larger scattered set, against brute force. */
static void check_batch_large(uint64_t seed)
{
    rng_state = seed;
    size_t n = 2000, m = 5000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    double *qx = malloc(m * sizeof *qx), *qy = malloc(m * sizeof *qy);
    size_t *idx = malloc(m * sizeof *idx);
    double *dist = malloc(m * sizeof *dist);
    make_points(seed % 2 ? GRID : CLUSTERED, n, x, y);
    for (size_t i = 0; i < m; i++) make_query(x, y, n, &qx[i], &qy[i]);
    cov_kdtree_t *t = NULL;
    CHECK_INT(cov_kdtree_build(x, y, n, &t), COV_OK);
    CHECK_INT(cov_kdtree_nearest_batch(t, qx, qy, m, idx, dist), COV_OK);
    for (size_t q = 0; q < m; q++) {
        size_t best = 0;
        double bd2 = d2_of(x, y, 0, qx[q], qy[q]);
        for (size_t i = 1; i < n; i++) {
            double d2 = d2_of(x, y, i, qx[q], qy[q]);
            if (pair_before(d2, i, bd2, best)) {
                best = i;
                bd2 = d2;
            }
        }
        CHECK_INT(idx[q], best);
        CHECK(dist[q] == sqrt(bd2));
    }
    cov_kdtree_destroy(t);
    free(x);
    free(y);
    free(qx);
    free(qy);
    free(idx);
    free(dist);
}

static void check_edges(void)
{
    cov_kdtree_t *t = NULL;
    size_t idx[8];
    double dist[8];
    hits h = {0, 8, 0, idx, dist};

    /* n = 0 */
    CHECK_INT(cov_kdtree_build(NULL, NULL, 0, &t), COV_OK);
    CHECK(t != NULL);
    CHECK_INT(cov_kdtree_size(t), 0);
    CHECK(!cov_kdtree_nearest(t, 0, 0, &idx[0], &dist[0]));
    CHECK_INT(cov_kdtree_knn(t, 0, 0, 3, idx, dist), 0);
    CHECK_INT(cov_kdtree_count_within(t, 0, 0, 1e9), 0);
    cov_kdtree_within(t, 0, 0, 1e9, collect, &h);
    CHECK_INT(h.n, 0);
    double q0 = 1.0;
    CHECK_INT(cov_kdtree_nearest_batch(t, &q0, &q0, 1, idx, dist), COV_ERR_EMPTY);
    CHECK_INT(cov_kdtree_nearest_batch(t, &q0, &q0, 0, idx, dist), COV_OK);
    cov_kdtree_destroy(t);
    cov_kdtree_destroy(NULL);

    /* n = 1, k > n */
    double x1 = 3.0, y1 = 4.0;
    CHECK_INT(cov_kdtree_build(&x1, &y1, 1, &t), COV_OK);
    CHECK_INT(cov_kdtree_knn(t, 0, 0, 5, idx, dist), 1);
    CHECK_INT(idx[0], 0);
    CHECK(dist[0] == 5.0);
    CHECK(cov_kdtree_nearest(t, 0, 0, &idx[0], &dist[0]));
    CHECK_INT(idx[0], 0);
    CHECK(dist[0] == 5.0);
    CHECK_INT(cov_kdtree_count_within(t, 0, 0, 5.0), 1); /* inclusive */
    CHECK_INT(cov_kdtree_count_within(t, 0, 0, nextafter(5.0, 0)), 0);
    CHECK_INT(cov_kdtree_count_within(t, 0, 0, INFINITY), 1);
    CHECK_INT(cov_kdtree_count_within(t, 0, 0, NAN), 0);
    CHECK_INT(cov_kdtree_knn(t, 0, 0, 0, idx, dist), 0);
    /* non-finite queries have no neighbours */
    CHECK(!cov_kdtree_nearest(t, NAN, 0, &idx[0], &dist[0]));
    CHECK_INT(cov_kdtree_knn(t, 0, INFINITY, 1, idx, dist), 0);
    CHECK_INT(cov_kdtree_count_within(t, NAN, 0, 10), 0);
    double qn[2] = {1.0, NAN};
    CHECK_INT(cov_kdtree_nearest_batch(t, qn, qn, 2, idx, dist), COV_ERR_INPUT);
    cov_kdtree_destroy(t);

    /* NaN and infinite input rejected */
    double xs[3] = {1, NAN, 2}, ys[3] = {1, 2, 3};
    t = (cov_kdtree_t *)&h; /* must be reset to NULL */
    CHECK_INT(cov_kdtree_build(xs, ys, 3, &t), COV_ERR_INPUT);
    CHECK(t == NULL);
    xs[1] = 5;
    ys[2] = NAN;
    CHECK_INT(cov_kdtree_build(xs, ys, 3, &t), COV_ERR_INPUT);
    ys[2] = -INFINITY;
    CHECK_INT(cov_kdtree_build(xs, ys, 3, &t), COV_ERR_INPUT);
    CHECK(t == NULL);

    /* r = 0 with coincident points, and ties broken by the smaller index */
    double cx[40], cy[40];
    for (size_t i = 0; i < 40; i++) {
        cx[i] = (double)(i % 4);
        cy[i] = 0.0;
    }
    CHECK_INT(cov_kdtree_build(cx, cy, 40, &t), COV_OK);
    CHECK_INT(cov_kdtree_count_within(t, 1, 0, 0.0), 10);
    h.n = 0;
    h.cap = 8;
    cov_kdtree_within(t, 1, 0, 0.0, collect, &h);
    CHECK_INT(h.n, 10);
    CHECK(cov_kdtree_nearest(t, 1, 0, &idx[0], &dist[0]));
    CHECK_INT(idx[0], 1);
    CHECK(dist[0] == 0.0);
    CHECK(cov_kdtree_nearest(t, 1.5, 0, &idx[0], &dist[0])); /* 1 and 2 tie at 0.5 */
    CHECK_INT(idx[0], 1);
    CHECK_INT(cov_kdtree_knn(t, 1.5, 0, 3, idx, dist), 3);
    CHECK_INT(idx[0], 1);
    CHECK_INT(idx[1], 2);
    CHECK_INT(idx[2], 5);
    CHECK_INT(cov_kdtree_count_within(t, 1.5, 0, 0.5), 20);
    cov_kdtree_destroy(t);
}

int main(void)
{
    check_edges();
    static const uint64_t seeds[] = {1, 42, 0x5eed5eedull, 20240611};
    static const size_t sizes[] = {2000, 3001};
    for (size_t si = 0; si < 4; si++) {
        for (int s = 0; s < SHAPE_COUNT; s++) {
            check_shape((enum shape)s, sizes[si % 2], seeds[si] * 31 + (uint64_t)s);
        }
        check_batch_large(seeds[si]);
    }
    /* small trees: every size around the leaf size and first splits */
    for (size_t n = 1; n <= 40; n++) check_shape(GRID, n, 1000 + n);
    CHECK_DONE();
}
