/* Siting on a project: candidates and demand from the store, existing facilities that stay,
 * the solve, and the results stored in the project (site_runs, site_choices, site_areas). */
#ifndef COV_SITE_PLAN_H
#define COV_SITE_PLAN_H

#include "geo/status.h"

#include <stdbool.h>
#include <stddef.h>

#include "geo/store.h"
#include "planner/core/options.h"
#include "planner/site/solver/site.h"

typedef struct cov_site_plan_opts {
    cov_site_opts_t solve;    /* model, p, radius, method, time limit, require_all */
    const char *candidates;   /* "eldercare-unserved" (default), "clinics-unpartnered",
                                 "grid:SPACING" or a GDAL file of candidate points */
    const char *demand;       /* "eldercare" (default), "eldercare-capacity", "demand", "areas" */
    const char *new_role;     /* "health" or "eldercare": what is being sited (default: health,
                                 eldercare for clinics-unpartnered); existing facilities of
                                 that role stay and count */
    const char *capacity;     /* NULL: none; a number for every new site, or "capacity": the
                                 candidate facility's capacity column */
    const char *clinic_kinds; /* health kinds that count as clinics: NULL/"all", "primary",
                                 "public", "public-primary" or a comma list (cov_kinds_select) */
    const char *in_areas;     /* keep candidates inside these area codes (comma list); NULL all */
    const char *data_dir;     /* NULL: cov_ctx_data_dir(ctx) */
    const char *src_crs;      /* CRS of a candidate file without one */
    /* Straight lines (default) or along the project's roads (planner/site/site_network.c; with
     * cost time the radius and all costs are minutes). */
    cov_distance_opts_t dist;
    const char *scenario; /* NULL/"base": the imported facilities; else a scenario's */
} cov_site_plan_opts_t;

typedef struct cov_site_choice {
    size_t rank;                       /* 1 = largest marginal gain */
    const char *source;                /* "eldercare", "clinic", "grid" or "file" */
    long long facility_id;             /* facilities.id, 0 for grid and file candidates */
    const char *name;                  /* facility / file name, or "grid x,y" */
    const char *area_code, *area_name; /* "" outside every area */
    double x, y;                       /* working CRS */
    double gain;                       /* added covered weight (NaN without a radius) */
    double gain_cost;                  /* reduction of the weighted total distance */
    double covered_cum;                /* covered weight after the sites up to this rank */
} cov_site_choice_t;

typedef struct cov_site_area {
    long long id;
    const char *code, *name;
    double weight;        /* demand weight in the area */
    double before, after; /* covered weight within the radius */
    size_t new_sites;     /* chosen sites inside the area */
} cov_site_area_t;

typedef struct cov_site_plan cov_site_plan_t;

/* Build the instance from the project, solve and store the run in one transaction (the
 * project is unchanged on failure). A run with the same parameters replaces the earlier one,
 * keeping its id. The caller owns *out (cov_site_plan_destroy). */
COV_API cov_status_t cov_site_plan_run(cov_ctx_t *ctx, cov_store_t *store,
                                       const cov_site_plan_opts_t *o, cov_site_plan_t **out);
COV_API void cov_site_plan_destroy(cov_site_plan_t *pl);

/* After a run: its id in site_runs, whether it replaced a run with the same parameters, and its
 * parameters as canonical JSON (borrowed). */
COV_API long long cov_site_plan_run_id(const cov_site_plan_t *pl);
COV_API bool cov_site_plan_replaced(const cov_site_plan_t *pl);
COV_API const char *cov_site_plan_params(const cov_site_plan_t *pl); /* canonical JSON */
/* The unit of the radius and costs: "m", or "min" with --network-cost time. */
COV_API const char *cov_site_plan_unit(const cov_site_plan_t *pl);
COV_API const cov_site_result_t *cov_site_plan_result(const cov_site_plan_t *pl);
COV_API size_t cov_site_plan_ncandidates(const cov_site_plan_t *pl);
COV_API size_t cov_site_plan_ndemand(const cov_site_plan_t *pl);
/* Are the plan's distances geodesic (the project's CRS is distorted over the data)? */
COV_API bool cov_site_plan_geodesic(const cov_site_plan_t *pl);
COV_API const cov_site_choice_t *cov_site_plan_choices(const cov_site_plan_t *pl, size_t *n);
COV_API const cov_site_area_t *cov_site_plan_areas(const cov_site_plan_t *pl, size_t *n);

#endif
