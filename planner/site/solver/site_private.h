/* Internals shared by the siting files: the instance layout and the solver entry points. */
#ifndef COV_SITE_PRIVATE_H
#define COV_SITE_PRIVATE_H

#include "planner/site/solver/site.h"

struct cov_site_inst {
    size_t n, m;
    double *w;   /* n weights */
    double *d0;  /* n costs to the nearest existing facility (INFINITY: none) */
    double *cap; /* m capacities (INFINITY: none) */
    /* staged entries, turned into the two compressed lists by cov_site_inst_build */
    size_t nent, capent;
    size_t *ei, *ej;
    double *ec;
    bool built;
    /* by candidate: demand points cstart[j]..cstart[j+1]-1, ascending demand index */
    size_t *cstart, *cdem;
    double *ccost;
    /* by demand point: candidates dstart[i]..dstart[i+1]-1, ascending candidate index */
    size_t *dstart, *dcand;
    double *dcost;
};

/* True when every (demand, candidate) pair has a cost. */
bool solver_complete(const cov_site_inst_t *in);

/* Heuristics (site_heur.c, site_median.c): write the chosen set (indexes, ascending) into
 * set[] (room for m) and its size into *k. */
cov_status_t solver_heur_mclp(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                              size_t *set, size_t *k);
cov_status_t solver_heur_lscp(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                              size_t *set, size_t *k);
cov_status_t solver_heur_median(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                                size_t *set, size_t *k);

/* Lagrangian upper bound for MCLP (subgradient on the coverage constraints), started from
 * the heuristic's set; start is its value (the Polyak step target). */
double solver_lagrange_mclp(const cov_site_inst_t *in, const cov_site_opts_t *o, double start,
                            const size_t *set, size_t k);

/* GLPK (solver_glpk.c). With lp_only, only the LP relaxation: *bound is set, set/k untouched.
 * Otherwise the MIP: the best set found, *optimal when proven, *bound the best bound (the
 * objective when optimal), *objective (may be NULL) the MIP's value. COV_ERR_INPUT when the MIP has
 * no feasible solution. */
cov_status_t solver_glpk(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                         bool lp_only, size_t *set, size_t *k, double *bound, bool *optimal,
                         double *objective);

/* Fill res (figures, per-point assignment, ranking by marginal gain) for a chosen set. */
cov_status_t solver_fill_result(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                                const size_t *set, size_t k, cov_site_result_t *res);

/* Is demand point i covered by existing facilities within radius r? */
static inline bool solver_existing_covers(const cov_site_inst_t *in, size_t i, double r)
{
    return in->d0[i] <= r;
}

#endif
