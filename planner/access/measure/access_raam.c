/* RAAM, the rational agent access model (Saxon & Snow 2019), on sparse catchment pairs.
 * Demand starts at its cheapest (nearest) site; each cycle every demand location moves whole
 * people from its most expensive used site to its cheapest one, where the cost of a site is
 * travel / tau + (people assigned there) / (rho * supply). The score is the assignment-weighted
 * mean cost: lower is better. Follows pysal/access's iterate_raam step for step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/access/measure/access.h"

#define INITIAL_STEP 0.2
#define MIN_STEP 0.005
#define HALF_LIFE 50.0
#define LIMIT_INITIAL 20

typedef struct raam {
    size_t nd, ns, np;
    const double *demand;
    double *sup;          /* rho * S_j */
    double *travel;       /* c / tau per pair */
    double *assign, *tc;  /* per pair */
    double *das, *inflow; /* per supply site */
    double *delta;        /* per demand location */
    size_t *kmin, *kmax;  /* per demand location; (size_t)-1 when none */
    const size_t *dest;
    const cov_access_pairs_t *ds;
} raam_t;

#define NONE ((size_t)-1)

static void cycle(raam_t *r, int cyc)
{
    memset(r->das, 0, r->ns * sizeof *r->das);
    for (size_t k = 0; k < r->np; k++) r->das[r->dest[k]] += r->assign[k];
    for (size_t k = 0; k < r->np; k++)
        if (r->sup[r->dest[k]] > 0)
            r->tc[k] = r->das[r->dest[k]] / r->sup[r->dest[k]] + r->travel[k];
    double step = INITIAL_STEP * pow(0.5, cyc / HALF_LIFE);
    if (step < MIN_STEP) step = MIN_STEP;
    for (size_t i = 0; i < r->nd; i++) {
        size_t a, b, kmin = NONE, kmax = NONE;
        cov_access_pairs_row(r->ds, i, &a, &b);
        for (size_t k = a; k < b; k++) {
            if (!(r->sup[r->dest[k]] > 0)) continue;
            if (kmin == NONE || r->tc[k] < r->tc[kmin]) kmin = k;
            if (r->assign[k] != 0 && (kmax == NONE || r->tc[k] > r->tc[kmax])) kmax = k;
        }
        r->kmin[i] = kmin;
        r->kmax[i] = kmax;
        r->delta[i] = 0;
        if (kmin == NONE || kmax == NONE || kmin == kmax) continue;
        size_t jn = r->dest[kmin], jx = r->dest[kmax];
        double sn = r->sup[jn], sx = r->sup[jx];
        double dn = r->assign[kmin], dx = r->assign[kmax];
        double other_n = r->das[jn] - dn, other_x = r->das[jx] - dx;
        double target = (sn * sx / (sn + sx)) * ((r->travel[kmax] - r->travel[kmin]) +
                                                 (dn + dx + other_x) / sx - other_n / sn);
        double d = target - dn;
        if (d > dx) d = dx;
        if (d > step * r->demand[i]) d = step * r->demand[i];
        d = trunc(d);
        r->delta[i] = d > 0 ? d : 0; /* never move people to a dearer site */
    }
    /* Early on, keep an attractive site from being mobbed: scale the moves into each site down
     * so that they add at most its supply. */
    if (cyc < LIMIT_INITIAL) {
        memset(r->inflow, 0, r->ns * sizeof *r->inflow);
        for (size_t i = 0; i < r->nd; i++)
            if (r->delta[i] > 0) r->inflow[r->dest[r->kmin[i]]] += r->delta[i];
        for (size_t i = 0; i < r->nd; i++) {
            if (!(r->delta[i] > 0)) continue;
            size_t j = r->dest[r->kmin[i]];
            double scale = r->inflow[j] / r->sup[j];
            if (scale < 1) scale = 1;
            r->delta[i] = nearbyint(r->delta[i] / scale);
        }
    }
    for (size_t i = 0; i < r->nd; i++) {
        if (!(r->delta[i] > 0)) continue;
        r->assign[r->kmin[i]] += r->delta[i];
        r->assign[r->kmax[i]] -= r->delta[i];
    }
}

static void raam_free(raam_t *r)
{
    free(r->sup);
    free(r->travel);
    free(r->assign);
    free(r->tc);
    free(r->das);
    free(r->inflow);
    free(r->delta);
    free(r->kmin);
    free(r->kmax);
}

cov_status_t cov_access_raam(cov_ctx_t *ctx, const cov_access_params_t *p, const double *demand,
                             size_t nd, const double *supply, size_t ns,
                             const cov_access_pairs_t *ds, double *value)
{
    raam_t r = {
        nd,   ns,   cov_access_pairs_count(ds), demand, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, cov_access_pairs_dest(ds),  ds};
    double tau = p->tau > 0 ? p->tau : 60.0, rho = p->rho;
    int cycles = p->raam_cycles > 0 ? p->raam_cycles : 150;
    if (!(rho > 0)) {
        double td = 0, ts = 0;
        for (size_t i = 0; i < nd; i++) td += demand[i];
        for (size_t j = 0; j < ns; j++) ts += supply[j];
        if (!(ts > 0)) {
            for (size_t i = 0; i < nd; i++) value[i] = NAN;
            return COV_OK;
        }
        rho = td / ts;
    }
    r.sup = cov_calloc_array(ns + 1, sizeof *r.sup);
    r.travel = cov_calloc_array(r.np + 1, sizeof *r.travel);
    r.assign = cov_calloc_array(r.np + 1, sizeof *r.assign);
    r.tc = cov_calloc_array(r.np + 1, sizeof *r.tc);
    r.das = cov_calloc_array(ns + 1, sizeof *r.das);
    r.inflow = cov_calloc_array(ns + 1, sizeof *r.inflow);
    r.delta = cov_calloc_array(nd + 1, sizeof *r.delta);
    r.kmin = cov_calloc_array(nd + 1, sizeof *r.kmin);
    r.kmax = cov_calloc_array(nd + 1, sizeof *r.kmax);
    if (!r.sup || !r.travel || !r.assign || !r.tc || !r.das || !r.inflow || !r.delta || !r.kmin ||
        !r.kmax) {
        raam_free(&r);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    const double *cost = cov_access_pairs_cost(ds);
    for (size_t j = 0; j < ns; j++) r.sup[j] = supply[j] * rho;
    for (size_t k = 0; k < r.np; k++) r.travel[k] = cost[k] / tau;
    /* Start: everyone at the nearest site with supply (ties: the lowest site index). */
    for (size_t i = 0; i < nd; i++) {
        size_t a, b, best = NONE;
        cov_access_pairs_row(ds, i, &a, &b);
        for (size_t k = a; k < b; k++)
            if (r.sup[r.dest[k]] > 0 && (best == NONE || r.travel[k] < r.travel[best])) best = k;
        if (best != NONE && demand[i] > 0) r.assign[best] = demand[i];
    }
    for (int c = 0; c < cycles; c++) cycle(&r, c);
    for (size_t i = 0; i < nd; i++) {
        size_t a, b;
        cov_access_pairs_row(ds, i, &a, &b);
        double num = 0, den = 0;
        for (size_t k = a; k < b; k++)
            if (r.assign[k] != 0) {
                num += r.tc[k] * r.assign[k];
                den += r.assign[k];
            }
        value[i] = den > 0 ? num / den : NAN;
    }
    raam_free(&r);
    return COV_OK;
}
