/* Scenarios: named what-ifs over the imported facilities (add, close, change), their analysis
 * parameters and targets, stored in the project; and the effective facility set of a scenario. */
#ifndef COV_SCENARIO_H
#define COV_SCENARIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "planner/core/layers.h"

/* The imported data: every project has this scenario implicitly; it cannot be added or removed. */
#define COV_SCENARIO_BASE "base"
#define COV_SCENARIO_NAME_MAX 64

/* The facilities of a scenario's effective set are cov_facility_t (planner/core/layers.h).
 * Imported facilities keep their facilities.id; facilities a scenario adds get negative ids
 * (-1, -2, ... in the order of the base chain and of the files), stable for a given chain.
 * Strings are owned by the set. */

typedef struct cov_facset cov_facset_t;

/* The effective facility set of scenario name ("base" or NULL: the imported facilities):
 * the base chain is resolved from the imported data up (base facilities − closed + added,
 * changes applied in order); a cycle of bases or a stale override is refused (COV_ERR_INPUT).
 * Facilities come ordered by id. The caller owns *out (cov_facset_destroy). */
COV_API cov_status_t cov_scenario_facilities(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                             cov_facset_t **out);
COV_API size_t cov_facset_count(const cov_facset_t *set);
COV_API const cov_facility_t *cov_facset_get(const cov_facset_t *set, size_t i);
/* The facility with this code, or NULL. */
COV_API const cov_facility_t *cov_facset_find_code(const cov_facset_t *set, const char *code);
COV_API void cov_facset_destroy(cov_facset_t *set);

/* Make the project's connection see the scenario's effective facilities under the name
 * "facilities": a TEMP table (same columns as main.facilities, geom as a SpatiaLite blob)
 * that shadows main.facilities for unqualified SQL until cov_scenario_detach. Every analysis
 * that reads "FROM facilities" (analyze, access, site, map, export) thereby works on the
 * scenario unchanged. "base" or NULL attaches nothing. Works on read-only stores. */
COV_API cov_status_t cov_scenario_attach(cov_ctx_t *ctx, cov_store_t *store, const char *name);
COV_API void cov_scenario_detach(cov_store_t *store);

/* Does the scenario exist ("base" always does)? */
COV_API cov_status_t cov_scenario_exists(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                         bool *out);

/* Analysis parameters of a scenario file's "analysis" section, as option strings (NULL when
 * not given). Owned by the struct; free with cov_scenario_params_free. */
typedef struct cov_scenario_params {
    char *preset, *radii, *clinics, *distance, *access_method;
    long k; /* 0 when not given */
} cov_scenario_params_t;
COV_API cov_status_t cov_scenario_params(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                         cov_scenario_params_t *out);
COV_API void cov_scenario_params_free(cov_scenario_params_t *p);

/* The scenario's stored specification (JSON, borrowed reference transferred to the caller:
 * json_decref it); for "base" an object with name and description only. */
COV_API cov_status_t cov_scenario_spec(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                       json_t **out);

/* Read a scenario file (JSON): syntax errors name the file, line and column; unknown keys,
 * wrong types and unknown indicators are refused. base_dir resolves relative layer paths
 * (NULL: the file's folder). The caller owns *out. */
COV_API cov_status_t cov_scenario_load_file(cov_ctx_t *ctx, const char *path, json_t **out);

typedef struct cov_scenario_add_result {
    char name[COV_SCENARIO_NAME_MAX];
    size_t nadd, nclose, nchange, ntargets;
    bool replaced;  /* a scenario of that name existed and was replaced */
    bool unchanged; /* it existed with the same specification: nothing written */
} cov_scenario_add_result_t;

/* Validate a scenario specification against the project (its base exists, no cycle, every
 * facility to close or change exists in the base's effective set, kinds and roles known,
 * coordinates convertible, added codes unique, targets on known indicators) and store it in
 * one transaction (tables scenarios, scenario_overrides). origin names the file in messages;
 * base_dir resolves an "add_layer" file. On failure nothing is written. res may be NULL. */
COV_API cov_status_t cov_scenario_add(cov_ctx_t *ctx, cov_store_t *store, const json_t *spec,
                                      const char *origin, const char *base_dir,
                                      cov_scenario_add_result_t *res);

/* Remove a scenario, its overrides and its analysis runs. Refused for "base" and for a
 * scenario that another one uses as its base. */
COV_API cov_status_t cov_scenario_remove(cov_ctx_t *ctx, cov_store_t *store, const char *name);

/* One row per stored scenario, ordered by name: the caller owns *out (json array of objects
 * {name, base, description, add, close, change, targets, created}). */
COV_API cov_status_t cov_scenario_list(cov_ctx_t *ctx, cov_store_t *store, json_t **out);

#endif
