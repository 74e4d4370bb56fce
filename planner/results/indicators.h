/* Plan indicators computed from a stored coverage run (covplan analyze) of a scenario, and
 * targets in the style of the district plans ("by 2025, >= 90% of day-care centres within
 * 1000 m of a clinic"): evaluation with documented boundary semantics. */
#ifndef COV_INDICATORS_H
#define COV_INDICATORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* What one indicator value is about. radius 0: the run's largest radius; kind NULL: every
 * elder-care kind; area NULL: the whole study area (else an area code). */
typedef struct cov_ind_query {
    const char *indicator;
    double radius;
    const char *kind;
    const char *area;
} cov_ind_query_t;

/* Indicator names (docs/scenarios.md), NULL-terminated, and their units ("%", "m", "count",
 * "per 1000 elderly"). */
COV_API extern const char *const cov_indicator_names[];
COV_API bool cov_indicator_known(const char *name);
COV_API const char *cov_indicator_unit(const char *name);
/* Does the indicator take a radius / an elder-care kind filter? */
COV_API bool cov_indicator_has_radius(const char *name);
COV_API bool cov_indicator_has_kind(const char *name);

/* The latest analysis run of a scenario: id and radii. COV_ERR_EMPTY (saying to run covplan
 * analyze --scenario NAME) when there is none. */
typedef struct cov_run_ref {
    long long id;
    size_t nradii;
    double radii[8];
    char params_hash[17];
    char scenario[64];
} cov_run_ref_t;
COV_API cov_status_t cov_indicator_run(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                                       cov_run_ref_t *out);

/* The value of an indicator for a run (NaN when undefined, e.g. no site of that kind, or
 * capacity unknown). The run's scenario must be attached (cov_scenario_attach) so that kinds
 * are the scenario's. Values are rounded to 6 decimals: the value shown is the value compared
 * with a target. COV_ERR_USAGE for a radius the indicator cannot use, COV_ERR_NOT_FOUND for an
 * unknown area code. */
COV_API cov_status_t cov_indicator_value(cov_ctx_t *ctx, cov_store_t *store,
                                         const cov_run_ref_t *run, const cov_ind_query_t *q,
                                         double *out);

/* A target: indicator op value, e.g. site_share_within(1000 m, day_care) >= 90 by 2025. */
typedef enum cov_target_op { COV_OP_GE, COV_OP_GT, COV_OP_LE, COV_OP_LT } cov_target_op_t;

/* Parse and check one target object (keys indicator, op, value, year, radius, kind, area,
 * label). where names it in messages ("plan.json: targets[2]"). */
COV_API cov_status_t cov_target_check(cov_ctx_t *ctx, const json_t *target, const char *where);
/* Is value op target met? NaN is never met. Exact comparison of the (rounded) value. */
COV_API bool cov_target_met(cov_target_op_t op, double value, double target);
COV_API bool cov_target_op_parse(const char *text, cov_target_op_t *out);
COV_API const char *cov_target_op_str(cov_target_op_t op);

#endif
