/* Options parsed once, at the edge (the CLI, plan and scenario files), into typed values: deep
 * code switches on enums and never compares option strings. */
#ifndef COV_CORE_OPTIONS_H
#define COV_CORE_OPTIONS_H

#include <stdbool.h>

#include "geo/ctx.h"

/* Who travels along the roads: walking ignores one-way streets. */
typedef enum cov_profile { COV_PROFILE_WALK = 0, COV_PROFILE_DRIVE = 1 } cov_profile_t;
/* What a road costs: its length in metres, or its travel time at the class's speed. */
typedef enum cov_metric { COV_METRIC_LENGTH = 0, COV_METRIC_TIME = 1 } cov_metric_t;

/* How analyze, access and site measure: straight lines (the default, all zero), or along the
 * project's roads. */
typedef struct cov_distance_opts {
    bool network;          /* --metric network */
    cov_profile_t profile; /* --profile walk|drive */
    cov_metric_t cost;     /* --network-cost length|time (minutes) */
    const char *speeds;    /* --speeds FILE (borrowed); NULL: the data folder's road_speeds.csv */
} cov_distance_opts_t;

/*
 * Parse the four options as given (NULL: not given). COV_ERR_USAGE naming the option: an
 * unknown value, or --profile/--network-cost/--speeds without --metric network.
 */
COV_API cov_status_t cov_distance_opts_parse(cov_ctx_t *ctx, const char *metric,
                                             const char *profile, const char *network_cost,
                                             const char *speeds, cov_distance_opts_t *out);

/* "walk"/"drive", "length"/"time", and the unit of costs: "m" or "min". */
COV_API const char *cov_profile_name(cov_profile_t p);
COV_API const char *cov_metric_name(cov_metric_t m);
COV_API const char *cov_distance_unit(const cov_distance_opts_t *d);

/* Where demand comes from (access --demand, site --demand). */
typedef enum cov_demand_source {
    COV_DEMAND_DEFAULT = 0,            /* not given: the command's default */
    COV_DEMAND_POINTS = 1,             /* "demand": the demand layer's points and weights */
    COV_DEMAND_ELDERCARE = 2,          /* "eldercare": the elder-care sites */
    COV_DEMAND_ELDERCARE_CAPACITY = 3, /* "eldercare-capacity": the sites weighted by capacity */
    COV_DEMAND_AREAS = 4               /* "areas": each area's elderly at a point inside it */
} cov_demand_source_t;

/* Parse a --demand value (NULL or "": COV_DEMAND_DEFAULT); false for an unknown one, which the
 * command reports with the values it accepts. */
COV_API bool cov_demand_source_parse(const char *text, cov_demand_source_t *out);
/* "demand", "eldercare", "eldercare-capacity", "areas" ("" for the default). */
COV_API const char *cov_demand_source_name(cov_demand_source_t d);

#endif
