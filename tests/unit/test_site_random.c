/* Siting on random instances small enough for exhaustive search (up to 60 demand points x 12
 * candidates): the exact path matches the optimum of every model; the MCLP heuristic is within
 * 1% and its reported bound holds. Also capacities and the refusals on bad input. */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "planner/site/solver/site.h"

#define NMAX 60
#define MMAX 12

typedef struct rinst {
    size_t n, m;
    double w[NMAX], c[MMAX][NMAX], d0[NMAX];
} rinst_t;

static uint64_t rng;
static double urand(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void make(rinst_t *ri, unsigned seed, size_t n, size_t m, bool existing)
{
    rng = seed * 2654435761ULL + 1;
    ri->n = n, ri->m = m;
    double dx[NMAX], dy[NMAX], cx[MMAX], cy[MMAX];
    for (size_t i = 0; i < n; i++)
        dx[i] = urand() * 10000, dy[i] = urand() * 10000, ri->w[i] = 1 + floor(urand() * 100);
    for (size_t j = 0; j < m; j++) cx[j] = urand() * 10000, cy[j] = urand() * 10000;
    for (size_t j = 0; j < m; j++)
        for (size_t i = 0; i < n; i++) ri->c[j][i] = round(hypot(dx[i] - cx[j], dy[i] - cy[j]));
    /* one existing facility near the middle for some seeds */
    for (size_t i = 0; i < n; i++)
        ri->d0[i] = existing ? round(hypot(dx[i] - 5000, dy[i] - 5000)) : INFINITY;
}

static cov_site_inst_t *to_inst(cov_ctx_t *ctx, const rinst_t *ri)
{
    cov_site_inst_t *in;
    if (cov_site_inst_create(ctx, ri->n, ri->w, ri->m, &in)) return NULL;
    for (size_t j = 0; j < ri->m; j++)
        for (size_t i = 0; i < ri->n; i++) cov_site_inst_add(ctx, in, i, j, ri->c[j][i]);
    for (size_t i = 0; i < ri->n; i++) cov_site_inst_set_existing(in, i, ri->d0[i]);
    return in;
}

/* The objective of a subset (bit mask), computed here independently of the library. */
static double objective(const rinst_t *ri, cov_site_model_t model, double r, unsigned mask)
{
    double acc = 0;
    for (size_t i = 0; i < ri->n; i++) {
        double best = ri->d0[i];
        bool coverable = ri->d0[i] <= r;
        for (size_t j = 0; j < ri->m; j++) {
            if (ri->c[j][i] <= r) coverable = true;
            if ((mask >> j & 1) && ri->c[j][i] < best) best = ri->c[j][i];
        }
        if (model == COV_SITE_MCLP && best <= r) acc += ri->w[i];
        if (model == COV_SITE_LSCP && coverable && best > r) return INFINITY;
        if (model == COV_SITE_PMEDIAN) acc += ri->w[i] * best;
        if (model == COV_SITE_PCENTER && best > acc) acc = best;
    }
    return model == COV_SITE_LSCP ? __builtin_popcount(mask) : acc;
}

static double exhaustive(const rinst_t *ri, cov_site_model_t model, size_t p, double r)
{
    double best = model == COV_SITE_MCLP ? -1 : INFINITY;
    for (unsigned mask = 0; mask < 1u << ri->m; mask++) {
        if (model != COV_SITE_LSCP && (size_t)__builtin_popcount(mask) != p) continue;
        double v = objective(ri, model, r, mask);
        if (model == COV_SITE_MCLP ? v > best : v < best) best = v;
    }
    return best;
}

static unsigned mask_of(const cov_site_result_t *r)
{
    unsigned m = 0;
    for (size_t t = 0; t < r->nchosen; t++) m |= 1u << r->chosen[t];
    return m;
}

static void one(cov_ctx_t *ctx, unsigned seed, size_t n, size_t m, bool existing)
{
    rinst_t ri;
    make(&ri, seed, n, m, existing);
    cov_site_inst_t *in = to_inst(ctx, &ri);
    CHECK(in != NULL);
    if (!in) return;
    const double r = 2500;
    for (int model = COV_SITE_MCLP; model <= COV_SITE_PCENTER; model++) {
        for (size_t p = 2; p <= 4; p++) {
            if (model == COV_SITE_LSCP && p > 2) break;
            double opt = exhaustive(&ri, (cov_site_model_t)model, p, r);
            double tol = 1e-9 * (fabs(opt) > 1 ? fabs(opt) : 1);
            for (int meth = COV_SITE_EXACT; meth <= COV_SITE_HEURISTIC; meth++) {
                cov_site_opts_t o = {.model = (cov_site_model_t)model,
                                     .p = p,
                                     .radius = model <= COV_SITE_LSCP ? r : 0,
                                     .method = (cov_site_method_t)meth};
                cov_site_result_t res;
                cov_status_t s = cov_site_solve(ctx, in, &o, &res);
                CHECK_INT(s, COV_OK);
                if (s) {
                    fprintf(stderr, "seed %u model %d: %s\n", seed, model, cov_ctx_errmsg(ctx));
                    continue;
                }
                double got = objective(&ri, (cov_site_model_t)model, r, mask_of(&res));
                CHECK_NEAR(res.objective, got, tol);
                if (meth == COV_SITE_EXACT) {
                    if (fabs(got - opt) > tol)
                        fprintf(stderr, "seed %u model %d p %zu: exact %g, optimum %g\n", seed,
                                model, p, got, opt);
                    CHECK_NEAR(got, opt, tol);
                    CHECK(res.optimal);
                } else if (model == COV_SITE_MCLP) {
                    if (got < 0.99 * opt)
                        fprintf(stderr, "seed %u p %zu: heuristic %g, optimum %g\n", seed, p, got,
                                opt);
                    CHECK(got >= 0.99 * opt);
                    /* the bound is an upper bound, and the reported gap covers the real one */
                    CHECK(isfinite(res.bound) && res.bound >= opt - tol);
                    CHECK(res.gap >= (opt - got) / res.bound - 1e-12);
                } else if (model == COV_SITE_LSCP) {
                    CHECK(isfinite(got) && res.bound <= opt + tol);
                } else {
                    CHECK(isfinite(res.bound) && res.bound <= opt + tol);
                    CHECK(got >= opt - tol);
                }
                cov_site_result_free(&res);
            }
        }
    }
    cov_site_inst_destroy(in);
}

/* Capacities: three points of 10 within reach of both sites, capacity 15 each. */
static void capacity(cov_ctx_t *ctx)
{
    double w[3] = {10, 10, 10};
    cov_site_inst_t *in;
    CHECK_INT(cov_site_inst_create(ctx, 3, w, 2, &in), COV_OK);
    for (size_t j = 0; j < 2; j++) {
        for (size_t i = 0; i < 3; i++) cov_site_inst_add(ctx, in, i, j, 100.0 * (double)(i + j));
        cov_site_inst_set_capacity(in, j, 15);
    }
    cov_site_opts_t o = {.model = COV_SITE_MCLP, .p = 1, .radius = 1000, .capacitated = true};
    cov_site_result_t r;
    CHECK_INT(cov_site_solve(ctx, in, &o, &r), COV_OK);
    CHECK_STR(r.method, "glpk");
    /* the MIP objective is the served weight, capped by the capacity */
    CHECK_INT(r.nchosen, 1);
    CHECK_NEAR(r.objective, 15, 1e-9);
    cov_site_result_free(&r);
    o.p = 2;
    CHECK_INT(cov_site_solve(ctx, in, &o, &r), COV_OK);
    CHECK_INT(r.nchosen, 2);
    CHECK_NEAR(r.objective, 30, 1e-9);
    cov_site_result_free(&r);
    /* p-median with capacities: total capacity 30 serves all 30; each point to a site */
    o.model = COV_SITE_PMEDIAN;
    o.radius = 0;
    CHECK_INT(cov_site_solve(ctx, in, &o, &r), COV_OK);
    /* site 0 costs 0,100,200 and site 1 100,200,300; 15 + 15 split: 0.5 of point 2 at site 0
     * is impossible beyond capacity, so the optimum assigns 10@0 + 5@100 to site 0 and
     * 5@200 + 10@300 to site 1 or better; GLPK's value is the LP-feasible minimum 4500 */
    CHECK_NEAR(r.objective, 10 * 0 + 5 * 100 + 5 * 200 + 10 * 300, 1e-6);
    cov_site_result_free(&r);
    /* capacity below every demand: refused */
    for (size_t j = 0; j < 2; j++) cov_site_inst_set_capacity(in, j, 5);
    o.model = COV_SITE_MCLP;
    o.radius = 1000;
    CHECK_INT(cov_site_solve(ctx, in, &o, &r), COV_ERR_INPUT);
    CHECK(strstr(cov_ctx_errmsg(ctx), "smaller than the smallest demand (10)") != NULL);
    /* LSCP with an unreachable point and require_all: refused; without, reported */
    cov_site_inst_destroy(in);
    CHECK_INT(cov_site_inst_create(ctx, 3, w, 2, &in), COV_OK);
    cov_site_inst_add(ctx, in, 0, 0, 10);
    cov_site_inst_add(ctx, in, 1, 1, 10);
    cov_site_inst_add(ctx, in, 2, 1, 5000);
    cov_site_opts_t l = {.model = COV_SITE_LSCP, .radius = 1000, .require_all = true};
    CHECK_INT(cov_site_solve(ctx, in, &l, &r), COV_ERR_INPUT);
    CHECK(strstr(cov_ctx_errmsg(ctx), "demand point 3 is beyond 1000 m") != NULL);
    l.require_all = false;
    CHECK_INT(cov_site_solve(ctx, in, &l, &r), COV_OK);
    CHECK_INT(r.nchosen, 2);
    CHECK_INT(r.nuncoverable, 1);
    CHECK_NEAR(r.uncoverable_weight, 10, 0);
    cov_site_result_free(&r);
    /* p-median needs a complete matrix */
    cov_site_opts_t pm = {.model = COV_SITE_PMEDIAN, .p = 1};
    CHECK_INT(cov_site_solve(ctx, in, &pm, &r), COV_ERR_INPUT);
    cov_site_inst_destroy(in);
    /* no candidates */
    CHECK_INT(cov_site_inst_create(ctx, 3, w, 0, &in), COV_OK);
    CHECK_INT(cov_site_solve(ctx, in, &o, &r), COV_ERR_EMPTY);
    CHECK(strstr(cov_ctx_errmsg(ctx), "no candidate sites") != NULL);
    cov_site_inst_destroy(in);
}

int main(void)
{
    cov_ctx_t *ctx;
    if (cov_ctx_create(&ctx)) return 1;
    static const size_t sizes[][2] = {{20, 8}, {40, 10}, {60, 12}, {60, 12}, {50, 12}, {60, 11}};
    for (unsigned seed = 1; seed <= 6; seed++)
        one(ctx, seed, sizes[seed - 1][0], sizes[seed - 1][1], seed % 2 == 0);
    capacity(ctx);
    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
