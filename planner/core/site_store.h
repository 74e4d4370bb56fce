/* Siting runs in the project (tables site_runs, site_choices, site_areas): the data layer's
 * typed writer. */
#ifndef COV_CORE_SITE_STORE_H
#define COV_CORE_SITE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* The run row of site_runs. NaN is NULL; the coverage columns are NULL unless cover. */
typedef struct cov_site_run_rec {
    const char *scenario, *params_json, *params_hash, *model, *method, *bound_kind;
    long long p, n_candidates, n_demand, n_existing, n_chosen;
    double radius, objective, bound, gap;
    bool optimal;
    double total_weight;
    bool cover; /* a coverage model (a radius): the covered_* and share_* columns are set */
    double covered_before, covered_after, share_before, share_after;
    long long ncovered_before, ncovered_after;
    double uncoverable_weight;
    long long n_uncoverable;
    double mean_before, mean_after, max_before, max_after;
} cov_site_run_rec_t;

/* One chosen site (site_choices). */
typedef struct cov_site_choice_rec {
    long long rank;
    const char *source;    /* where the candidate came from */
    long long facility_id; /* 0: not an existing facility (NULL) */
    const char *name;
    long long area_id; /* 0: outside every area (NULL) */
    double x, y, gain, gain_cost, covered_cum;
} cov_site_choice_rec_t;

/* The effect on one area (site_areas); before/after/shares NULL unless cover. */
typedef struct cov_site_area_rec {
    long long area_id;
    double weight;
    bool cover;
    double before, after, share_before, share_after;
    long long new_sites;
} cov_site_area_rec_t;

/* Store a run in one transaction; a run of the same scenario's parameters is replaced and keeps
 * its id (*replaced true). *run_id is the run's id. */
cov_status_t cov_site_store_write(cov_ctx_t *ctx, cov_store_t *store, const cov_site_run_rec_t *run,
                                  const cov_site_choice_rec_t *choices, size_t nchoices,
                                  const cov_site_area_rec_t *areas, size_t nareas,
                                  long long *run_id, bool *replaced);

#endif
