/*
 * Named read queries over the project: the only place outside the data layer's typed loaders
 * and writers where stored results are read. Each query has an id; its SQL, parameters and
 * columns are listed once, in query.c. Readers (export, map, report, compare) open a query,
 * bind its parameters, step through its rows with cov_query_row and read typed cells:
 *
 *     cov_query_t *q;
 *     cov_status_t s = cov_query_open(ctx, store, COV_Q_ACCESS_AREAS, &q);
 *     if (s) return s;
 *     cov_query_bind_int(q, 1, run);
 *     while (cov_query_row(q, &s)) { ... cov_query_text(q, 1) ... }
 *     cov_query_close(q);
 *     if (s) return s;
 *
 * A failure to read is an error (COV_ERR_DB naming the table), never the end of the rows.
 */
#ifndef COV_CORE_QUERY_H
#define COV_CORE_QUERY_H

#include <ogr_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "planner/core/tables.h"

typedef enum cov_query_id {
    /* access runs (parameter 1: run id) */
    COV_Q_ACCESS_RUN,
    COV_Q_ACCESS_AREAS,
    COV_Q_ACCESS_LOCATIONS,
    COV_Q_ACCESS_SUPPLY,
    /* coverage runs (parameter 1: run id) */
    COV_Q_ANALYSIS_SUMMARY, /* area rows, worst median first: scope, code, name, n_eldercare,
                               class_counts, elderly_share_within, capacity_known,
                               capacity_per_1000, dist_median, dist_p90, dist_max,
                               n_clinics_unpartnered */
    COV_Q_ANALYSIS_RUN,    /* id, scenario, params_hash, method, params_json, created (1: run id) */
    COV_Q_INDICATOR_SITES, /* nearest_dist, class_rank of the eldercare sites (1: run, 2: kind or
                              NULL) */
    COV_Q_INDICATOR_SITES_AREA, /* the same in one area (1: run, 2: kind or NULL, 3: area id) */
    COV_Q_INDICATOR_AREA,  /* elderly_share_within, n_clinics, elderly, capacity_per_1000 of an area
                              or the total (1: run, 2: area id, 0 for the total) */
    COV_Q_ANALYSIS_SCENARIOS, /* the scenarios with coverage results, by name */
    COV_Q_REPORT_AREAS,       /* area_id, code, name, population, elderly, n_clinics, n_eldercare,
                                 class_counts, elderly_share_within, dist_median, dist_p90, dist_max,
                                 n_unserved, scope; areas by code, the total last (1: run) */
    COV_Q_SITE_RUNS, /* id, model, n_chosen, share_before, share_after of a scenario's siting runs
                        (1: scenario) */
    COV_Q_SITE_CHOICES_NAMED,   /* rank, name, area name, gain of a siting run's choices (1: run) */
    COV_Q_ACCESS_AREAS_BY_CODE, /* scope, code, name, demand, n_no_access, value, value_per_1000,
                                   area id (0 for the total), by code, the total last (1: run) */
    COV_Q_AREAS_BY_CODE,        /* id, code, name, geom of every area, by code */
    COV_Q_AREA_SITES,   /* name, code, kind, nearest name, nearest code, nearest_dist, class,
                           class_rank of an area's elder-care sites, farthest first (1: run, 2: area
                           id) */
    COV_Q_AREAS_EXTENT, /* minx, miny, maxx, maxy, count, names with non-ASCII text, over every area
                         */
    COV_Q_AREA_EXTENT,  /* id, minx, miny, maxx, maxy of one area (1: code) */
    COV_Q_MAP_AREAS, /* geom, name, code, class_counts, n_eldercare of every area, by code (1: run)
                      */
    COV_Q_MAP_SITES, /* x, y, class_rank, nearest_dist, nearest x, nearest y, area id (0 outside)
                        of the elder-care sites (1: run, 2: area id or 0 for all) */
    COV_Q_MAP_AREAS_ACCESS, /* geom, name, code, value (clinics per 1000 elderly) of every area, by
                               code (1: access run) */
    COV_Q_MAP_AREAS_SITE, /* geom, name, code, value (share covered after siting, %) of every area,
                             by code (1: site run) */
    COV_Q_ACCESS_RUN_TITLE, /* upper(method), catchment of an access run (1: run) */
    COV_Q_ACCESS_NO_ACCESS, /* x, y of an access run's demand locations with no clinic in reach (1:
                               run) */
    COV_Q_ACCESS_SUPPLY_XY, /* x, y of an access run's supply (1: run) */
    COV_Q_SITE_RUN_TITLE,  /* upper(model), radius, share_before, share_after, n_chosen, params_json
                              of a siting run (1: run) */
    COV_Q_SITE_CHOICES_XY, /* x, y, rank of a siting run's choices (1: run) */
    COV_Q_EXPORT_SITES, /* the elder-care sites of a run for export: site_id, code, name, kind, area
                           code, x, y, nearest_id, nearest code, nearest name, nearest_kind,
                           nearest_dist, class_rank, class, n_within, knn_ids, knn_dists, nearest x,
                           nearest y (1: run) */
    COV_Q_EXPORT_AREAS, /* the area rows of a run for export: scope, code, name, population,
                           elderly, n_clinics, n_eldercare, kind_counts, capacity, capacity_known,
                           capacity_per_1000, class_counts, class_shares, elderly_method,
                           elderly_share_within, elderly_within, dist_median, dist_p90, dist_max,
                           n_unserved, unserved_ids, n_clinics_unpartnered, geom; by code, the total
                           last (1: run) */
    COV_Q_ROLLUP_SITES, /* area_id, nearest_dist of a run's elder-care sites with a nearest clinic
                           (1: run) */
    COV_Q_ROLLUP_DEMAND, /* area_id, weight, class_rank of a run's demand points (1: run) */
    COV_Q_COUNT
} cov_query_id_t;

typedef struct cov_query cov_query_t;

/* Prepare query id; the caller owns *out (cov_query_close). */
cov_status_t cov_query_open(cov_ctx_t *ctx, cov_store_t *store, cov_query_id_t id,
                            cov_query_t **out);
void cov_query_close(cov_query_t *q);

/* Parameters, numbered from 1 (NaN binds NULL; so does a NULL text). */
void cov_query_bind_int(cov_query_t *q, int i, long long v);
void cov_query_bind_num(cov_query_t *q, int i, double v);
void cov_query_bind_text(cov_query_t *q, int i, const char *v);

/* The next row: true when one is ready; false at the end or on a failure, recorded in *s
 * (unless it already holds one). */
bool cov_query_row(cov_query_t *q, cov_status_t *s);

/* Cells of the current row, columns numbered from 0. */
bool cov_query_null(cov_query_t *q, int c);
long long cov_query_int(cov_query_t *q, int c);    /* 0 for NULL */
double cov_query_num(cov_query_t *q, int c);       /* NaN for NULL */
const char *cov_query_text(cov_query_t *q, int c); /* NULL for NULL; valid until the next row */
/* A WKB geometry column (the caller owns *out); an unreadable blob is COV_ERR_DB naming the
 * query's table and the row's code (may be NULL). */
cov_status_t cov_query_geom(cov_query_t *q, int c, const char *code, OGRGeometryH *out);

/* Columns cols[0..n) of the current row hold numbers (or NULL): otherwise COV_ERR_DB naming the
 * query's table, the row (row: e.g. "demand point 12") and the column. For readers whose rows
 * the up-front checks (cov_run_check, cov_layers_check) leave out because few commands read
 * them: the ten million demand rows of a national run. */
cov_status_t cov_query_check_numbers(cov_query_t *q, const int *cols, size_t n, const char *row);

/* The columns: their number, names and declared types (for tables written as they are). */
int cov_query_ncols(cov_query_t *q);
const char *cov_query_col_name(cov_query_t *q, int c);
cov_cell_t cov_query_col_type(cov_query_t *q, int c);
/* The current row's cell as JSON: integer, real, string or null (new reference). */
json_t *cov_query_json(cov_query_t *q, int c);

#endif
