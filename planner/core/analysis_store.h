/* Coverage runs in the project (tables analysis_runs, site_coverage, area_coverage): the data
 * layer's typed writer, the inputs hash and run reuse. */
#ifndef COV_CORE_ANALYSIS_STORE_H
#define COV_CORE_ANALYSIS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* The run row of analysis_runs. */
typedef struct cov_analysis_run_rec {
    const char *scenario, *params_hash, *params_json, *method, *inputs_hash;
} cov_analysis_run_rec_t;

/* One row of site_coverage: an elder-care site, demand point or clinic and its nearest
 * targets. JSON columns come serialised. */
typedef struct cov_site_cov_rec {
    const char *layer; /* eldercare, demand or clinic */
    long long site_id;
    long long area_id; /* 0: outside every area (NULL) */
    bool has_nearest;  /* false: nothing reachable (nearest columns NULL) */
    long long nearest_id;
    const char *nearest_kind;
    double nearest_dist;
    const char *knn_ids, *knn_dists, *n_within; /* JSON arrays */
    int class_rank;
    const char *class_name;
} cov_site_cov_rec_t;

/* One row of area_coverage: an area, or the study-area total (total true). NaN is NULL. */
typedef struct cov_area_cov_rec {
    bool total;
    long long area_id;
    double population, elderly;
    long long n_clinics, n_eldercare;
    const char *kind_counts; /* JSON object */
    double capacity;
    long long capacity_known;
    double capacity_per_1000;
    const char *class_counts, *class_shares; /* JSON objects */
    const char *elderly_method;
    const char *elderly_share_within, *elderly_within; /* JSON arrays */
    double dist_median, dist_p90, dist_max;
    long long n_unserved;
    const char *unserved_ids;        /* JSON array */
    long long n_clinics_unpartnered; /* < 0: not computed (NULL) */
} cov_area_cov_rec_t;

typedef struct cov_analysis_writer cov_analysis_writer_t;

/*
 * Start storing a run: opens the write transaction, replaces a run of the same scenario and
 * parameters (keeping its id, *replaced true) and writes the run row; *run_id is its id. Then
 * rows with cov_analysis_write_site / _area, and cov_analysis_write_end, which commits when
 * commit is true and everything went well, and rolls back otherwise (always frees w).
 */
cov_status_t cov_analysis_write_begin(cov_ctx_t *ctx, cov_store_t *store,
                                      const cov_analysis_run_rec_t *run, long long *run_id,
                                      bool *replaced, cov_analysis_writer_t **w);
cov_status_t cov_analysis_write_site(cov_analysis_writer_t *w, const cov_site_cov_rec_t *r);
cov_status_t cov_analysis_write_area(cov_analysis_writer_t *w, const cov_area_cov_rec_t *r);
cov_status_t cov_analysis_write_end(cov_analysis_writer_t *w, bool commit);

/*
 * A hash of every input of a coverage run (as 16 hex digits): the parameters, the facilities
 * (the scenario's set when one is applied), the areas, the demand and, with network, the road
 * network. A stored run with the same hash can be reused.
 */
cov_status_t cov_analysis_inputs_hash(cov_ctx_t *ctx, cov_store_t *store, const char *params_json,
                                      bool network, char out[17]);

/*
 * The stored run of a scenario and parameters whose inputs hash is inputs_hash: *id 0 when
 * there is none; otherwise its created time and how often it was reused before. The reuse is
 * counted (one write transaction).
 */
cov_status_t cov_analysis_reuse(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                                const char *params_hash, const char *inputs_hash, long long *id,
                                char created[32], long long *reused);

#endif
