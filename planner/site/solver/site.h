/* Facility siting models over a generic instance: MCLP, LSCP, p-median and p-center, solved
 * exactly (GLPK) or by greedy + interchange heuristics with an LP/Lagrangian bound. */
#ifndef COV_SITE_H
#define COV_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

/*
 * An instance: n demand points with weights, m candidate sites, sparse costs (demand, site,
 * cost) and, per demand point, the cost to the nearest existing facility (existing facilities
 * stay; INFINITY when none). Candidate index order is the tie-break order ("by id"): give
 * candidates sorted by id. A demand point is covered by a site when cost <= radius.
 */
typedef struct cov_site_inst cov_site_inst_t;

typedef enum cov_site_model {
    COV_SITE_MCLP = 0,    /* maximise covered weight with p new sites */
    COV_SITE_LSCP = 1,    /* fewest new sites covering every coverable demand point */
    COV_SITE_PMEDIAN = 2, /* minimise the weighted total cost with p new sites */
    COV_SITE_PCENTER = 3  /* minimise the largest cost with p new sites */
} cov_site_model_t;

typedef enum cov_site_method {
    COV_SITE_AUTO = 0,     /* exact when the instance is small (cov_site_exact_fits) */
    COV_SITE_EXACT = 1,    /* GLPK branch and cut, bounded by time_limit */
    COV_SITE_HEURISTIC = 2 /* greedy (lazy, CELF) + interchange (Teitz-Bart) */
} cov_site_method_t;

/* Parse "mclp", "lscp", "pmedian" ("p-median"), "pcenter" ("p-center"); false otherwise. */
COV_API bool cov_site_model_parse(const char *text, cov_site_model_t *out);
COV_API const char *cov_site_model_name(cov_site_model_t m);

/* A new instance with n demand points (weights copied; each must be finite and >= 0) and m
 * candidates. The caller owns *out (cov_site_inst_destroy). */
COV_API cov_status_t cov_site_inst_create(cov_ctx_t *ctx, size_t n, const double *weight, size_t m,
                                          cov_site_inst_t **out);
COV_API void cov_site_inst_destroy(cov_site_inst_t *in);

/* Add the cost (>= 0, finite) between demand point i and candidate j. A pair given twice keeps
 * the smaller cost. Pairs never given are unreachable. */
COV_API cov_status_t cov_site_inst_add(cov_ctx_t *ctx, cov_site_inst_t *in, size_t i, size_t j,
                                       double cost);
/* Sort the added pairs into the instance's lists, merging repeats (idempotent; the solvers call
 * it themselves). */
COV_API cov_status_t cov_site_inst_build(cov_ctx_t *ctx, cov_site_inst_t *in);
/* After cov_site_inst_build: the first demand point i (in index order) that has no cost to
 * some candidate, and the first such candidate j; false when every pair has a cost. */
COV_API bool cov_site_inst_first_missing(const cov_site_inst_t *in, size_t *i, size_t *j);
/* The cost from demand point i to its nearest existing facility (default INFINITY: none). */
COV_API void cov_site_inst_set_existing(cov_site_inst_t *in, size_t i, double cost);
/* The capacity of candidate j (default INFINITY: uncapacitated). */
COV_API void cov_site_inst_set_capacity(cov_site_inst_t *in, size_t j, double capacity);

/* The instance's demand points and candidates, demand point i's weight and its cost to the
 * nearest existing facility. */
COV_API size_t cov_site_inst_ndemand(const cov_site_inst_t *in);
COV_API size_t cov_site_inst_ncand(const cov_site_inst_t *in);
COV_API double cov_site_inst_weight(const cov_site_inst_t *in, size_t i);
COV_API double cov_site_inst_existing(const cov_site_inst_t *in, size_t i);

typedef struct cov_site_opts {
    cov_site_model_t model;
    size_t p;      /* new sites (MCLP, p-median, p-center); ignored by LSCP */
    double radius; /* coverage radius (MCLP, LSCP; > 0); 0 for p-median/p-center: no
                      coverage figures */
    cov_site_method_t method;
    double time_limit; /* seconds for GLPK (0: 60 s) */
    bool require_all;  /* LSCP: refuse when some demand point no candidate can cover */
    bool capacitated;  /* use the candidates' capacities (exact MIP only) */
    const char *const *demand_names; /* optional names of the demand points, for messages */
} cov_site_opts_t;

/* The exact-path rule of COV_SITE_AUTO: at most COV_SITE_EXACT_MAX_BIN candidate (binary)
 * variables and at most COV_SITE_EXACT_MAX_NZ assignment entries in the MIP. */
#define COV_SITE_EXACT_MAX_BIN 300
#define COV_SITE_EXACT_MAX_NZ 60000
COV_API bool cov_site_exact_fits(const cov_site_inst_t *in, const cov_site_opts_t *o);

typedef struct cov_site_result {
    cov_site_model_t model;
    char method[32];     /* "glpk" or "greedy+swap" (LSCP: "greedy+prune") */
    bool optimal;        /* proven optimal (GLPK finished, or bound reached) */
    double objective;    /* MCLP: covered weight incl. existing; LSCP: new sites;
                            p-median: weighted total cost; p-center: largest cost */
    double bound;        /* LP (or Lagrangian) bound on the objective; NaN when none */
    double gap;          /* |objective - bound| / max(|objective|, tiny); 0 when optimal */
    char bound_kind[16]; /* "mip", "lp", "lagrangian" or "" */
    size_t nchosen;
    size_t *chosen;     /* candidate indexes, ranked by marginal gain (owned) */
    double *gain;       /* per rank: added covered weight within radius (NaN when the
                           radius is 0) (owned) */
    double *gain_cost;  /* per rank: reduction of the weighted total cost; INFINITY when the
                           site serves points that had no facility before (owned) */
    long *assign;       /* per demand point: serving candidate (index), -1 existing or none */
    double *cost_after; /* per demand point: cost to the nearest existing or chosen site */
    double total_weight;
    double covered_before, covered_after;   /* weight within radius (radius > 0) */
    size_t ncovered_before, ncovered_after; /* demand points within radius */
    double uncoverable_weight;              /* demand no site (existing or candidate) covers */
    size_t nuncoverable;
    double mean_before, mean_after; /* weighted mean cost (NaN when some point has none) */
    double max_before, max_after;   /* largest cost */
    double seconds;
} cov_site_result_t;

/* Solve. Refuses (COV_ERR_USAGE / COV_ERR_INPUT / COV_ERR_EMPTY, one clear message) p = 0,
 * p above the number of candidates, a radius <= 0 for MCLP/LSCP, no candidates, a capacity
 * below every demand weight, p-median/p-center on an incomplete matrix, and LSCP with
 * uncoverable demand when require_all. The caller frees *res with cov_site_result_free. */
COV_API cov_status_t cov_site_solve(cov_ctx_t *ctx, cov_site_inst_t *in, const cov_site_opts_t *o,
                                    cov_site_result_t *res);
COV_API void cov_site_result_free(cov_site_result_t *res);

/* Evaluate a set of chosen candidates (no checks): MCLP covered weight, LSCP number of sites
 * when all coverable demand is covered (else INFINITY), p-median weighted total, p-center max. */
COV_API double cov_site_eval(const cov_site_inst_t *in, const cov_site_opts_t *o, const size_t *set,
                             size_t k);

#endif
