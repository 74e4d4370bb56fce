/* Accessibility runs in the project (tables access_runs, access_results, access_supply,
 * access_areas): the data layer's typed writer. */
#ifndef COV_CORE_ACCESS_STORE_H
#define COV_CORE_ACCESS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* One row of access_areas: an area, or the study-area total. */
typedef struct cov_access_area_row {
    long long id; /* 0 for the total */
    char code[64];
    char name[128];
    double demand; /* demand weight of its locations */
    size_t nloc, n_no_access;
    double value; /* demand-weighted mean score; NaN when it has no demand */
} cov_access_area_row_t;

/* The run row of access_runs. */
typedef struct cov_access_run_rec {
    const char *scenario, *params_hash, *params_json;
    const char *method, *weights, *supply_field, *clinic_kinds, *demand_source;
    const char *costs; /* the cost file, NULL for straight-line costs */
    double catchment;
    bool normalized;
    size_t n_supply, n_supply_default, n_demand, n_demand_default, n_pairs, n_no_access,
        n_supply_idle;
    double total_supply, total_demand, mean;
} cov_access_run_rec_t;

/* The demand locations' scores (access_results), as columns of n values. */
typedef struct cov_access_locations {
    size_t n;
    const char *layer;          /* demand, eldercare or area */
    const long long *id, *area; /* area 0: outside every area (NULL) */
    char *const *code;
    const double *demand;
    const unsigned char *demand_default;
    const unsigned *n_in_reach;
    const double *value, *x, *y; /* value NaN: no supply in reach (NULL) */
} cov_access_locations_t;

/* The supply sites (access_supply), as columns of n values. */
typedef struct cov_access_supply {
    size_t n;
    const long long *id;
    char *const *code;
    const double *supply;
    const unsigned char *supply_default;
    const double *demand_in_reach, *ratio;
} cov_access_supply_t;

/*
 * Store a run in one transaction: a run of the same parameters is replaced and keeps its id
 * (*replaced true); *id is the run's id. The areas' rows come first, then the total;
 * per_1000 fills value_per_1000 (value × 1000).
 */
cov_status_t cov_access_store_write(cov_ctx_t *ctx, cov_store_t *store,
                                    const cov_access_run_rec_t *run,
                                    const cov_access_locations_t *loc,
                                    const cov_access_supply_t *sup,
                                    const cov_access_area_row_t *areas, size_t nareas,
                                    const cov_access_area_row_t *total, bool per_1000,
                                    long long *id, bool *replaced);

#endif
