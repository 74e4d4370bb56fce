/* Internals shared by the scenario files (scenario_spec.c, scenario_db.c, scenario_set.c). */
#ifndef COV_SCENARIO_PRIVATE_H
#define COV_SCENARIO_PRIVATE_H

#include "planner/core/scenario_store.h"
#include "planner/scenario/scenario.h"

/* Check a specification's structure (keys, types, names, targets) without the project.
 * origin names it in messages. */
cov_status_t scenario_spec_check(cov_ctx_t *ctx, const json_t *spec, const char *origin);
/* Expand "add_layer" entries (GIS files of facilities to add, paths relative to origin) into
 * "add" rows in lon/lat (scenario_layer.c). */
cov_status_t scenario_expand_layers(cov_ctx_t *ctx, json_t *spec, const char *origin);

/* One override row as stored in scenario_overrides (planner/core/scenario_store.h). */
typedef cov_override_rec_t scenario_override_t;

/* Apply overrides to a set (in place): closes and changes must find their facility
 * (COV_ERR_INPUT naming scenario and code otherwise); adds get the next negative id. */
cov_status_t scenario_set_apply(cov_ctx_t *ctx, cov_store_t *store, cov_facset_t *set,
                                const char *scenario, const scenario_override_t *ov, size_t n);
/* A set holding the imported facilities. */
cov_status_t scenario_set_load_base(cov_ctx_t *ctx, cov_store_t *store, cov_facset_t **out);
/* Sort a set by id after applying overrides. */
void scenario_set_finish(cov_facset_t *set);

/* The chain of bases from the imported data up to name (name last), or COV_ERR_INPUT for a
 * cycle / missing base. *out is a malloc'd array of malloc'd names. */
cov_status_t scenario_chain(cov_ctx_t *ctx, cov_store_t *store, const char *name, char ***out,
                            size_t *n);
void scenario_chain_free(char **chain, size_t n);

#endif
