/* Accessibility scores: the floating-catchment family (FCA ratio, 2SFCA, E2SFCA, 3SFCA),
 * gravity (weighted catchment) and RAAM, on plain arrays. Storing runs: planner/access_run.h. */
#ifndef COV_ACCESS_H
#define COV_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

typedef enum cov_access_method {
    COV_ACCESS_FCA = 0, /* supply within reach / demand within reach of each demand point */
    COV_ACCESS_2SFCA,   /* Luo & Wang 2003 (weights optional) */
    COV_ACCESS_E2SFCA,  /* Luo & Qi 2009: 2SFCA with step weights */
    COV_ACCESS_3SFCA,   /* Wan et al. 2012: 2SFCA with selection weights G_ij */
    COV_ACCESS_GRAVITY, /* weighted catchment: sum of S_j w(c_ij) */
    COV_ACCESS_RAAM     /* Saxon & Snow 2019 rational agent access model (a cost) */
} cov_access_method_t;

/* "fca", "2sfca", "e2sfca", "3sfca", "gravity", "raam"; false for anything else. */
COV_API bool cov_access_method_parse(const char *name, cov_access_method_t *out);
COV_API const char *cov_access_method_name(cov_access_method_t m);

/* Distance-decay weights w(c). */
typedef enum cov_access_wkind {
    COV_WEIGHT_NONE = 0, /* w = 1 (for e2sfca/3sfca in cov_access_compute: the default steps) */
    COV_WEIGHT_STEP,     /* w = step_w[k] for the first k with c <= step_cost[k]; 0 beyond */
    COV_WEIGHT_GAUSSIAN, /* w = exp(-c^2 / (2 sigma^2)) */
    COV_WEIGHT_GRAVITY   /* w = (max(c, min_dist) / scale)^alpha */
} cov_access_wkind_t;

#define COV_ACCESS_MAX_STEPS 16

typedef struct cov_access_weight {
    cov_access_wkind_t kind;
    size_t nsteps;
    double step_cost[COV_ACCESS_MAX_STEPS]; /* strictly increasing */
    double step_w[COV_ACCESS_MAX_STEPS];    /* >= 0 */
    double sigma;                           /* > 0 */
    double scale, alpha, min_dist;          /* scale > 0, min_dist >= 0 */
} cov_access_weight_t;

/* Parse "none", "step:10=1,20=0.68,30=0.22", "gaussian:SIGMA" or "gravity:SCALE,ALPHA[,MIN]"
 * (MIN defaults to 0). A wrong spec is COV_ERR_USAGE with a message naming the bad part. */
COV_API cov_status_t cov_access_weight_parse(cov_ctx_t *ctx, const char *spec,
                                             cov_access_weight_t *out);
/* The E2SFCA default steps {d/3: 1, 2d/3: 0.68, d: 0.22}; d = 30 gives 10/20/30 (Luo & Qi). */
COV_API cov_access_weight_t cov_access_weight_e2sfca(double d);
/* w(c). A gravity weight with alpha < 0 at c = 0 and min_dist 0 is +inf (as upstream). */
COV_API double cov_access_weight_eval(const cov_access_weight_t *w, double cost);
/* The spec text that parses back to w (e.g. "step:10=1,20=0.68,30=0.22"), written to buf. */
COV_API void cov_access_weight_format(const cov_access_weight_t *w, char *buf, size_t size);

/* Origin -> destination pairs inside the catchment, with their costs, grouped by origin and
 * sorted by destination index within each origin (so sums run in a fixed order). */
typedef struct cov_access_pairs cov_access_pairs_t;

/* Pairs (i, j) with the planar distance |o_i - d_j| <= catchment, found with one KD-tree range
 * query per origin (work grows with the pairs found, not with no * nd). catchment may be
 * INFINITY (every pair) or negative (no pair). The caller owns *out. */
COV_API cov_status_t cov_access_pairs_planar(cov_ctx_t *ctx, const double *ox, const double *oy,
                                             size_t no, const double *dx, const double *dy,
                                             size_t nd, double catchment, cov_access_pairs_t **out);
/* Pairs from an explicit list of n (origin, destination, cost) rows (costs computed elsewhere;
 * c_ij need not equal c_ji). Rows with cost > catchment are dropped. A NaN or negative cost,
 * an index out of range or a repeated (origin, destination) is COV_ERR_INPUT naming the row
 * (1-based). The caller owns *out. */
COV_API cov_status_t cov_access_pairs_list(cov_ctx_t *ctx, size_t no, size_t nd, size_t n,
                                           const size_t *orig, const size_t *dest,
                                           const double *cost, double catchment,
                                           cov_access_pairs_t **out);
COV_API void cov_access_pairs_destroy(cov_access_pairs_t *p);
COV_API size_t cov_access_pairs_count(const cov_access_pairs_t *p);
/* Row i: its pairs are k in [start, end); destination dest[k], cost cost[k] (borrowed). */
COV_API void cov_access_pairs_row(const cov_access_pairs_t *p, size_t i, size_t *start,
                                  size_t *end);
COV_API const size_t *cov_access_pairs_dest(const cov_access_pairs_t *p);
COV_API const double *cov_access_pairs_cost(const cov_access_pairs_t *p);

typedef struct cov_access_params {
    cov_access_method_t method;
    cov_access_weight_t weight; /* NONE: w = 1, except e2sfca/3sfca: cov_access_weight_e2sfca(30) */
    bool normalize;             /* divide every value by the demand-weighted mean */
    double tau;                 /* raam: the travel cost worth a congestion of 100% of the mean
                                   demand/supply ratio; 0: 60 */
    double rho;                 /* raam: the reference demand/supply ratio; 0: total/total */
    int raam_cycles;            /* raam: 0: 150 */
} cov_access_params_t;

typedef struct cov_access_result {
    size_t ndemand, nsupply;
    double *value;        /* ndemand: the score, NaN when no supply site is in reach */
    unsigned *nreach;     /* ndemand: supply sites in the catchment */
    double *demand_reach; /* nsupply: sum of w(c_ij) P_i over demand in reach (3SFCA: G w P);
                             for fca and gravity the plain sum of P_i in reach */
    double *ratio;        /* nsupply: R_j = S_j / demand_reach, NaN when that is 0 (2SFCA
                             family); NaN for the other methods */
    double mean;          /* demand-weighted mean of value before normalisation (no access
                             counted as 0, except for raam where such demand is left out) */
    size_t n_no_access;   /* demand points with value NaN */
    size_t n_supply_idle; /* supply sites with no demand in reach (ratio undefined) */
} cov_access_result_t;

/* Compute the scores of nd demand points (weights P_i >= 0, not all 0) against ns supply sites
 * (S_j >= 0). ds holds the demand -> supply pairs (origin = demand i, destination = supply j;
 * both steps use c_ij in that direction). dd holds demand -> demand pairs and is needed by fca
 * only (NULL otherwise). Nothing in reach gives NaN, never a division by zero. The caller owns
 * the arrays in *out (cov_access_result_free), also on error (then they are NULL). */
COV_API cov_status_t cov_access_compute(cov_ctx_t *ctx, const cov_access_params_t *p,
                                        const double *demand, size_t nd, const double *supply,
                                        size_t ns, const cov_access_pairs_t *ds,
                                        const cov_access_pairs_t *dd, cov_access_result_t *out);
COV_API void cov_access_result_free(cov_access_result_t *r);

/* RAAM on sparse pairs (used by cov_access_compute): value[i] is the demand-weighted mean
 * travel + congestion cost of demand i's final assignment; lower is better. */
COV_API cov_status_t cov_access_raam(cov_ctx_t *ctx, const cov_access_params_t *p,
                                     const double *demand, size_t nd, const double *supply,
                                     size_t ns, const cov_access_pairs_t *ds, double *value);

#endif
