/* The floating-catchment scores on sparse demand -> supply pairs: FCA ratio, 2SFCA, E2SFCA,
 * 3SFCA and the weighted catchment (gravity); normalisation by the demand-weighted mean. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/access/measure/access.h"

void cov_access_result_free(cov_access_result_t *r)
{
    if (!r) return;
    free(r->value);
    free(r->nreach);
    free(r->demand_reach);
    free(r->ratio);
    r->value = r->demand_reach = r->ratio = NULL;
    r->nreach = NULL;
}

static cov_status_t check_values(cov_ctx_t *ctx, const char *what, const double *v, size_t n,
                                 double *total)
{
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] >= 0) || !isfinite(v[i]))
            return cov_fail(ctx, COV_ERR_INPUT, "%s %zu: %g is not a number >= 0", what, i + 1,
                            v[i]);
        *total += v[i];
    }
    return COV_OK;
}

/* Per-pair weights: w(c_ij), and for 3SFCA the selection weight G_ij = w_ij / sum_k w_ik
 * folded in (G w), so both steps below are the same for the whole 2SFCA family. */
static double *pair_weights(const cov_access_params_t *p, const cov_access_weight_t *w,
                            const cov_access_pairs_t *ds, size_t nd)
{
    size_t n = cov_access_pairs_count(ds);
    double *wk = cov_calloc_array(n + 1, sizeof *wk);
    if (!wk) return NULL;
    const double *cost = cov_access_pairs_cost(ds);
    for (size_t k = 0; k < n; k++) wk[k] = cov_access_weight_eval(w, cost[k]);
    if (p->method != COV_ACCESS_3SFCA) return wk;
    for (size_t i = 0; i < nd; i++) {
        size_t a, b;
        cov_access_pairs_row(ds, i, &a, &b);
        double sum = 0;
        for (size_t k = a; k < b; k++) sum += wk[k];
        for (size_t k = a; k < b; k++) wk[k] = sum > 0 ? wk[k] * (wk[k] / sum) : 0.0;
    }
    return wk;
}

/* Neumaier's compensated sum: *sum + *comp carries the running total, so a long sum of equal
 * terms (25 x 0.2 on the reference grid) comes out as the exactly rounded value. */
static inline void nsum(double *sum, double *comp, double v)
{
    double t = *sum + v;
    if (fabs(*sum) >= fabs(v))
        *comp += (*sum - t) + v;
    else
        *comp += (v - t) + *sum;
    *sum = t;
}

static cov_status_t two_step(const double *demand, size_t nd, const double *supply, size_t ns,
                             const cov_access_pairs_t *ds, const double *wk, cov_access_result_t *r)
{
    const size_t *dest = cov_access_pairs_dest(ds);
    double *comp = cov_calloc_array(ns + 1, sizeof *comp);
    if (!comp) return COV_ERR_NOMEM;
    for (size_t i = 0; i < nd; i++) {
        size_t a, b;
        cov_access_pairs_row(ds, i, &a, &b);
        for (size_t k = a; k < b; k++)
            nsum(&r->demand_reach[dest[k]], &comp[dest[k]], wk[k] * demand[i]);
    }
    for (size_t j = 0; j < ns; j++) r->demand_reach[j] += comp[j];
    free(comp);
    for (size_t j = 0; j < ns; j++) {
        r->ratio[j] = r->demand_reach[j] > 0 ? supply[j] / r->demand_reach[j] : NAN;
        if (!(r->demand_reach[j] > 0)) r->n_supply_idle++;
    }
    for (size_t i = 0; i < nd; i++) {
        size_t a, b;
        cov_access_pairs_row(ds, i, &a, &b);
        if (a == b) continue;
        double sum = 0, c = 0;
        for (size_t k = a; k < b; k++)
            if (!isnan(r->ratio[dest[k]])) nsum(&sum, &c, wk[k] * r->ratio[dest[k]]);
        r->value[i] = sum + c;
    }
    return COV_OK;
}

/* Plain demand within reach of each supply site (fca, gravity and raam report this). */
static void plain_reach(const double *demand, size_t nd, size_t ns, const cov_access_pairs_t *ds,
                        cov_access_result_t *r)
{
    const size_t *dest = cov_access_pairs_dest(ds);
    for (size_t i = 0; i < nd; i++) {
        size_t a, b;
        cov_access_pairs_row(ds, i, &a, &b);
        for (size_t k = a; k < b; k++) r->demand_reach[dest[k]] += demand[i];
    }
    for (size_t j = 0; j < ns; j++)
        if (!(r->demand_reach[j] > 0)) r->n_supply_idle++;
}

/* Sum of w(c) * v[dest] over row i of pairs. */
static double row_sum(const cov_access_pairs_t *pp, size_t i, const cov_access_weight_t *w,
                      const double *v)
{
    size_t a, b;
    cov_access_pairs_row(pp, i, &a, &b);
    const size_t *dest = cov_access_pairs_dest(pp);
    const double *cost = cov_access_pairs_cost(pp);
    double sum = 0, c = 0;
    for (size_t k = a; k < b; k++) nsum(&sum, &c, cov_access_weight_eval(w, cost[k]) * v[dest[k]]);
    return sum + c;
}

static cov_status_t normalise(cov_ctx_t *ctx, const cov_access_params_t *p, const double *demand,
                              size_t nd, cov_access_result_t *r)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < nd; i++) {
        if (isnan(r->value[i])) {
            r->n_no_access++;
            if (p->method != COV_ACCESS_RAAM) den += demand[i];
            continue;
        }
        num += demand[i] * r->value[i];
        den += demand[i];
    }
    r->mean = den > 0 ? num / den : NAN;
    if (!p->normalize) return COV_OK;
    if (!(r->mean > 0) || !isfinite(r->mean))
        return cov_fail(ctx, COV_ERR_INPUT,
                        "cannot normalise: the demand-weighted mean score is %g (no demand has "
                        "access within the catchment)",
                        r->mean);
    for (size_t i = 0; i < nd; i++) r->value[i] /= r->mean;
    return COV_OK;
}

static cov_status_t compute(cov_ctx_t *ctx, const cov_access_params_t *p, const double *demand,
                            size_t nd, const double *supply, size_t ns,
                            const cov_access_pairs_t *ds, const cov_access_pairs_t *dd,
                            cov_access_result_t *r)
{
    double tot_d, tot_s;
    cov_status_t s = check_values(ctx, "demand location", demand, nd, &tot_d);
    if (!s) s = check_values(ctx, "supply site", supply, ns, &tot_s);
    if (s) return s;
    if (!(tot_d > 0))
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "the total demand is 0: there is nobody to measure access for");
    if (!ds) return cov_fail(ctx, COV_ERR_USAGE, "no demand -> supply pairs given");
    if (p->method == COV_ACCESS_FCA && !dd)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "the fca ratio needs demand -> demand pairs (the demand in reach of each "
                        "demand point)");
    r->value = cov_calloc_array(nd + 1, sizeof *r->value);
    r->nreach = cov_calloc_array(nd + 1, sizeof *r->nreach);
    r->demand_reach = cov_calloc_array(ns + 1, sizeof *r->demand_reach);
    r->ratio = cov_calloc_array(ns + 1, sizeof *r->ratio);
    if (!r->value || !r->nreach || !r->demand_reach || !r->ratio)
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < nd; i++) {
        size_t a, b;
        cov_access_pairs_row(ds, i, &a, &b);
        r->nreach[i] = (unsigned)(b - a);
        r->value[i] = NAN;
    }
    for (size_t j = 0; j < ns; j++) r->ratio[j] = NAN;
    cov_access_weight_t w = p->weight;
    if (w.kind == COV_WEIGHT_NONE &&
        (p->method == COV_ACCESS_E2SFCA || p->method == COV_ACCESS_3SFCA))
        w = cov_access_weight_e2sfca(30.0);
    switch (p->method) {
    case COV_ACCESS_FCA:
        plain_reach(demand, nd, ns, ds, r);
        for (size_t i = 0; i < nd; i++) {
            if (!r->nreach[i]) continue;
            double den = row_sum(dd, i, &w, demand);
            r->value[i] = den > 0 ? row_sum(ds, i, &w, supply) / den : NAN;
        }
        break;
    case COV_ACCESS_GRAVITY:
        plain_reach(demand, nd, ns, ds, r);
        for (size_t i = 0; i < nd; i++)
            if (r->nreach[i]) r->value[i] = row_sum(ds, i, &w, supply);
        break;
    case COV_ACCESS_RAAM:
        plain_reach(demand, nd, ns, ds, r);
        if ((s = cov_access_raam(ctx, p, demand, nd, supply, ns, ds, r->value))) return s;
        break;
    default: {
        double *wk = pair_weights(p, &w, ds, nd);
        if (!wk) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
        s = two_step(demand, nd, supply, ns, ds, wk, r);
        free(wk);
        if (s) return cov_fail(ctx, s, "out of memory");
        break;
    }
    }
    return normalise(ctx, p, demand, nd, r);
}

cov_status_t cov_access_compute(cov_ctx_t *ctx, const cov_access_params_t *p, const double *demand,
                                size_t nd, const double *supply, size_t ns,
                                const cov_access_pairs_t *ds, const cov_access_pairs_t *dd,
                                cov_access_result_t *out)
{
    memset(out, 0, sizeof *out);
    out->ndemand = nd;
    out->nsupply = ns;
    out->mean = NAN;
    cov_status_t s = compute(ctx, p, demand, nd, supply, ns, ds, dd, out);
    if (s) cov_access_result_free(out);
    return s;
}
