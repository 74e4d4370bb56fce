/* Scenarios in the project (tables scenarios, scenario_overrides) and the TEMP facilities
 * table through which every analysis reads a scenario as if it were the imported data: the
 * data layer's side of `covplan scenario`. */
#ifndef COV_CORE_SCENARIO_STORE_H
#define COV_CORE_SCENARIO_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "planner/core/layers.h"

/* One row of scenarios (strings owned; description may be NULL). */
typedef struct cov_scenario_rec {
    char *name, *base, *description, *spec_json, *created;
} cov_scenario_rec_t;

/* The stored scenario name: *found false (and *out zeroed) when there is none. */
cov_status_t cov_scenario_store_get(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                    cov_scenario_rec_t *out, bool *found);
/* Every stored scenario by name; the caller owns *out (cov_scenario_recs_free). */
cov_status_t cov_scenario_store_list(cov_ctx_t *ctx, cov_store_t *store, cov_scenario_rec_t **out,
                                     size_t *n);
void cov_scenario_rec_clear(cov_scenario_rec_t *r);
void cov_scenario_recs_free(cov_scenario_rec_t *r, size_t n);
/* The first scenario (by name) whose base is name, in *child (malloc'd), or NULL. */
cov_status_t cov_scenario_store_child(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                      char **child);

/* One override row of scenario_overrides. */
typedef struct cov_override_rec {
    char op[8];    /* add, close, change */
    long long fid; /* imported facility id for close/change of an imported one, else 0 */
    char *code, *name, *role, *kind; /* owned; code never NULL */
    double capacity;                 /* NaN: unknown (add) or unchanged (change) */
    bool set_capacity;
    double x, y; /* add only */
} cov_override_rec_t;

/* The stored overrides of one scenario, in order; the caller owns *out (cov_overrides_free). */
cov_status_t cov_overrides_load(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                cov_override_rec_t **out, size_t *n);
void cov_overrides_free(cov_override_rec_t *ov, size_t n);

/* Store (or replace) a scenario with its overrides, in one transaction. */
cov_status_t cov_scenario_store_put(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                    const char *base, const char *description,
                                    const char *spec_json, const cov_override_rec_t *ov,
                                    size_t nov);

/* Remove a scenario, its overrides and every stored run of it (coverage, access, siting), in
 * one transaction. */
cov_status_t cov_scenario_store_remove(cov_ctx_t *ctx, cov_store_t *store, const char *name);

/* Shadow the facilities table with these facilities (a TEMP table of this connection), so that
 * every reader sees the scenario; cov_scenario_store_detach restores the imported data. */
cov_status_t cov_scenario_store_attach(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                       const cov_facility_t *f, size_t n);
void cov_scenario_store_detach(cov_store_t *store);

#endif
