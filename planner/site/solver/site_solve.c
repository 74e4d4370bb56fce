/* Solving a siting instance: checks, the exact-or-heuristic rule, bounds and the gap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo/alloc.h"
#include "planner/site/solver/site_private.h"

/* The LP relaxation is solved for a heuristic's bound up to this many matrix entries; beyond
 * it MCLP uses the Lagrangian bound and the other models report none. */
#define LP_BOUND_MAX_NZ 200000

static size_t mip_entries(const cov_site_inst_t *in, const cov_site_opts_t *o)
{
    bool cover = o->model == COV_SITE_MCLP || o->model == COV_SITE_LSCP;
    size_t nz = 0;
    for (size_t e = 0; e < in->dstart[in->n]; e++)
        if (!cover || in->dcost[e] <= o->radius) nz++;
    return nz;
}

bool cov_site_exact_fits(const cov_site_inst_t *in, const cov_site_opts_t *o)
{
    if (!in->built) return false;
    return in->m <= COV_SITE_EXACT_MAX_BIN && mip_entries(in, o) <= COV_SITE_EXACT_MAX_NZ;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static bool same_value(double a, double b)
{
    if (isinf(a) || isinf(b)) return a == b;
    return fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1);
}

/* Among equally good sets prefer smaller candidate indexes ("ties broken by id"): replace a
 * chosen site by a lower-indexed one whenever the objective stays the same. Only on small
 * instances (each trial is a full evaluation). */
static void canonical(const cov_site_inst_t *in, const cov_site_opts_t *o, size_t *set, size_t k)
{
    size_t nz = in->dstart[in->n];
    if ((double)k * (double)in->m * (double)(nz + in->n) > 5e7) return;
    double best = cov_site_eval(in, o, set, k);
    unsigned char *ch = calloc(in->m + 1, 1);
    if (!ch) return;
    for (size_t t = 0; t < k; t++) ch[set[t]] = 1;
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t t = 0; t < k && !changed; t++) {
            size_t j = set[t];
            for (size_t c = 0; c < j && !changed; c++) {
                if (ch[c]) continue;
                set[t] = c;
                if (same_value(cov_site_eval(in, o, set, k), best)) {
                    ch[j] = 0, ch[c] = 1, changed = true;
                } else {
                    set[t] = j;
                }
            }
        }
    }
    free(ch);
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && set[b - 1] > set[b]; b--) {
            size_t x = set[b];
            set[b] = set[b - 1], set[b - 1] = x;
        }
}

static cov_status_t check(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o)
{
    const char *name = cov_site_model_name(o->model);
    bool cover = o->model == COV_SITE_MCLP || o->model == COV_SITE_LSCP;
    if (in->m == 0)
        return cov_fail(ctx, COV_ERR_EMPTY, "%s: there are no candidate sites to choose from",
                        name);
    if (in->n == 0) return cov_fail(ctx, COV_ERR_EMPTY, "%s: there is no demand to serve", name);
    if (cover && !(o->radius > 0 && isfinite(o->radius)))
        return cov_fail(ctx, COV_ERR_USAGE, "%s: the radius must be a distance > 0, not %g", name,
                        o->radius);
    if (o->model != COV_SITE_LSCP) {
        if (o->p == 0) return cov_fail(ctx, COV_ERR_USAGE, "%s: add at least one site", name);
        if (o->p > in->m)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "%s: %zu new sites asked for, but there are only %zu candidate "
                            "sites; ask for at most %zu",
                            name, o->p, in->m, in->m);
    }
    if (!cover && !solver_complete(in))
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: the cost matrix is incomplete (%zu of %zu demand-site pairs); "
                        "p-median and p-center need a cost for every pair",
                        name, in->dstart[in->n], in->n * in->m);
    if (o->capacitated) {
        if (o->method == COV_SITE_HEURISTIC)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "%s: capacities are solved exactly only; drop the heuristic choice",
                            name);
        double wmin = INFINITY, cmax = 0;
        for (size_t i = 0; i < in->n; i++)
            if (in->w[i] > 0 && in->w[i] < wmin) wmin = in->w[i];
        for (size_t j = 0; j < in->m; j++)
            if (in->cap[j] > cmax) cmax = in->cap[j];
        if (isfinite(wmin) && cmax < wmin)
            return cov_fail(ctx, COV_ERR_INPUT,
                            "%s: every site's capacity (at most %g) is smaller than the smallest "
                            "demand (%g); no site could serve a single demand point",
                            name, cmax, wmin);
    }
    return COV_OK;
}

cov_status_t cov_site_solve(cov_ctx_t *ctx, cov_site_inst_t *in, const cov_site_opts_t *o,
                            cov_site_result_t *res)
{
    memset(res, 0, sizeof *res);
    res->model = o->model;
    res->bound = NAN;
    double t0 = now();
    cov_status_t s = cov_site_inst_build(ctx, in);
    if (!s) s = check(ctx, in, o);
    if (s) return s;
    bool cover = o->model == COV_SITE_MCLP || o->model == COV_SITE_LSCP;
    if (o->model == COV_SITE_LSCP && o->require_all) {
        for (size_t i = 0; i < in->n; i++) {
            if (solver_existing_covers(in, i, o->radius)) continue;
            bool any = false;
            for (size_t t = in->dstart[i]; t < in->dstart[i + 1] && !any; t++)
                any = in->dcost[t] <= o->radius;
            if (!any) {
                char label[160];
                if (o->demand_names && o->demand_names[i])
                    snprintf(label, sizeof label, "'%s'", o->demand_names[i]);
                else
                    snprintf(label, sizeof label, "%zu", i + 1);
                return cov_fail(ctx, COV_ERR_INPUT,
                                "lscp: demand point %s is beyond %g m of every candidate and "
                                "existing site, so no set of sites covers everyone "
                                "(--require-all)",
                                label, o->radius);
            }
        }
    }
    size_t *set = cov_calloc_array(in->m + 1, sizeof *set), k = 0;
    if (!set) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    bool exact = o->method == COV_SITE_EXACT || o->capacitated ||
                 (o->method == COV_SITE_AUTO && cov_site_exact_fits(in, o));
    bool optimal = false;
    double bound = NAN, mipobj = NAN;
    if (exact) {
        s = solver_glpk(ctx, in, o, false, set, &k, &bound, &optimal, &mipobj);
        snprintf(res->method, sizeof res->method, "glpk");
        snprintf(res->bound_kind, sizeof res->bound_kind, optimal ? "mip" : "lp");
    } else {
        if (o->model == COV_SITE_MCLP)
            s = solver_heur_mclp(ctx, in, o, set, &k);
        else if (o->model == COV_SITE_LSCP)
            s = solver_heur_lscp(ctx, in, o, set, &k);
        else
            s = solver_heur_median(ctx, in, o, set, &k);
        snprintf(res->method, sizeof res->method,
                 o->model == COV_SITE_LSCP ? "greedy+prune" : "greedy+swap");
    }
    /* with capacities the objective is the MIP's (served weight / assigned cost) */
    if (!s && !o->capacitated) canonical(in, o, set, k);
    double obj = s ? NAN : o->capacitated ? mipobj : cov_site_eval(in, o, set, k);
    if (!s && !exact) {
        size_t nz = mip_entries(in, o);
        if (nz <= LP_BOUND_MAX_NZ) {
            bool dummy;
            s = solver_glpk(ctx, in, o, true, NULL, NULL, &bound, &dummy, NULL);
            snprintf(res->bound_kind, sizeof res->bound_kind, "lp");
        } else if (o->model == COV_SITE_MCLP) {
            bound = solver_lagrange_mclp(in, o, obj, set, k);
            snprintf(res->bound_kind, sizeof res->bound_kind, "lagrangian");
        }
    }
    if (!s) {
        if (o->model == COV_SITE_LSCP && isfinite(bound)) bound = ceil(bound - 1e-6);
        double gap = NAN;
        if (isfinite(bound)) {
            double d = o->model == COV_SITE_MCLP ? bound - obj : obj - bound;
            double den = fabs(o->model == COV_SITE_MCLP ? bound : obj);
            gap = d <= 0 ? 0 : d / (den > 0 ? den : 1);
            if (gap < 1e-9) gap = 0;
        }
        if (gap == 0) optimal = true;
        res->optimal = optimal;
        res->objective = obj;
        res->bound = bound;
        res->gap = optimal ? 0 : gap;
        s = solver_fill_result(ctx, in, o, set, k, res);
        (void)cover;
    }
    free(set);
    res->seconds = now() - t0;
    if (s) cov_site_result_free(res);
    return s;
}
