/* The run registry: every stored analysis run (coverage, access, siting) is found the same way. */
#ifndef COV_CORE_RUNS_H
#define COV_CORE_RUNS_H

#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/store.h"

typedef enum cov_run_kind {
    COV_RUN_ANALYSIS = 0, /* analysis_runs: coverage and co-location (analyze) */
    COV_RUN_ACCESS = 1,   /* access_runs: accessibility (access) */
    COV_RUN_SITE = 2      /* site_runs: siting (site) */
} cov_run_kind_t;

/* The table of a kind of run ("analysis_runs", ...). */
const char *cov_run_table(cov_run_kind_t kind);

/*
 * The latest run of a kind for a scenario ("base" for the imported facilities; NULL for any
 * scenario): the newest created, then the highest id. *id is 0 when there is none; a failure
 * to read is an error, never "none".
 */
cov_status_t cov_run_latest(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind,
                            const char *scenario, long long *id);

/*
 * Check a stored run before trusting it: its results tables exist and every number in the run
 * row and in its result rows is a number (cov_db_check_numbers). Readers (map, report, export,
 * compare) get runs through cov_run_latest, which calls this; a run named by id is checked
 * with it directly.
 */
cov_status_t cov_run_check(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind, long long id);

/* Check the layers before a reader uses them: the numbers of areas, facilities and demand,
 * and, with geometry, every area geometry (cov_db_check_geometry). */
cov_status_t cov_layers_check(cov_ctx_t *ctx, cov_store_t *store, bool geometry);

/*
 * Make room for a run about to be written (inside the caller's write transaction): when a run
 * of this kind with the same parameters (hash; and scenario, for analysis runs) exists, its
 * result rows and its run row are deleted and *id is its id, for the caller to insert the new
 * run under (*replaced true): a rerun keeps its id. Otherwise *id is 0 (insert with a new id).
 * The one way every kind of run is replaced.
 */
cov_status_t cov_run_claim(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind,
                           const char *scenario, const char *params_hash, long long *id,
                           bool *replaced);

/* Does run id of this kind exist? */
cov_status_t cov_run_exists(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind, long long id,
                            bool *out);

/* The current UTC time as the runs' `created` text ("2026-12-02T07:24:03Z"). */
void cov_run_now(char out[32]);

#endif
