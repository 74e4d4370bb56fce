/* Accessibility runs on a project: load clinics (supply) and demand from the store, compute a
 * score (planner/access.h), aggregate per area, store the run and export it. */
#ifndef COV_ACCESS_RUN_H
#define COV_ACCESS_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "planner/core/access_store.h"
#include "planner/core/options.h"

typedef struct cov_access_opts {
    const char *method;       /* fca, 2sfca, e2sfca, 3sfca, gravity, raam (required) */
    double catchment;         /* > 0, in metres (planar) or in the cost file's unit */
    const char *weights;      /* NULL: the method's default (see docs/commands/access.md) */
    const char *supply_field; /* NULL or "capacity": capacity, 1 where unknown; "none": 1 */
    const char *clinic_kinds; /* NULL/"all", "primary", "public", "public-primary" or kinds */
    const char *demand;       /* "demand", "eldercare", "areas"; NULL: demand points when the
                                 project has any, else areas */
    bool normalize;           /* divide by the demand-weighted mean */
    const char *costs;        /* CSV origin,destination,cost (read with GDAL); NULL: planar */
    double tau;               /* raam; 0: 60 with --costs, 1000 m with planar distances */
    const char *data_dir;     /* NULL: cov_ctx_data_dir(ctx) */
    cov_distance_opts_t dist; /* straight lines (default) or costs along the project's roads */
    const char *scenario;     /* NULL/"base": the imported facilities; else a scenario's */
} cov_access_opts_t;

/* One area (or the total) in a run's summary. */
/* cov_access_area_row_t: planner/core/access_store.h */

typedef struct cov_access_summary {
    long long run_id;
    bool replaced; /* a run with the same parameters was replaced (keeping its id) */
    char method[8];
    char weights[192];
    char demand_source[16]; /* demand, eldercare or areas */
    char clinic_kinds[256];
    bool per_1000; /* value is supply per person (fca and the 2SFCA family) */
    bool normalized;
    bool geodesic; /* catchments measured on the ellipsoid */
    double catchment;
    size_t nsupply, supply_defaulted; /* clinics, and those given supply 1 (capacity unknown) */
    size_t ndemand, demand_skipped;   /* demand locations, and those left out (no weight) */
    size_t demand_defaulted;          /* elder-care sites weighted 1 (capacity unknown) */
    size_t npairs, n_no_access, n_supply_idle;
    size_t cost_rows, cost_rows_used; /* --costs only */
    double total_demand, total_supply, mean;
    size_t nareas;
    cov_access_area_row_t *areas; /* nareas rows by area id; owned, cov_access_summary_free */
    cov_access_area_row_t total;
} cov_access_summary_t;

/* Compute and store a run (tables access_runs, access_results, access_supply, access_areas,
 * created on first use). Everything is checked before anything is written; the write is one
 * transaction, so on failure the project is unchanged. sum must not be NULL; free it with
 * cov_access_summary_free (also after an error). */
COV_API cov_status_t cov_access_run(cov_ctx_t *ctx, cov_store_t *store,
                                    const cov_access_opts_t *opts, cov_access_summary_t *sum);
COV_API void cov_access_summary_free(cov_access_summary_t *sum);

/* A stored run as JSON text {run, areas, locations, supply} (malloc'd, the caller frees).
 * run_id 0: the latest run. */
COV_API cov_status_t cov_access_json(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                                     char **out);

/* Write a stored run to path: format "csv" (UTF-8 with BOM; what = "areas", "locations" or
 * "supply"), "xlsx" (a sheet each, or the one what names) or "json" (everything); NULL format:
 * from the extension. Written through the one table writer: no file is left behind on
 * failure. */
COV_API cov_status_t cov_access_export(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                                       const char *path, const char *format, const char *what);

#endif
