/* A siting instance from a cost-matrix table (origin, destination, cost[, weight]) read with
 * GDAL's CSV driver (or any GDAL table), with names for candidates and demand points. */
#ifndef COV_SITE_MATRIX_H
#define COV_SITE_MATRIX_H

#include "geo/status.h"

#include <stddef.h>

#include "planner/site/solver/site.h"

typedef struct cov_site_matrix cov_site_matrix_t;

typedef struct cov_site_matrix_opts {
    const char *path;         /* the cost table (CSV, XLSX, ...) */
    const char *cost_field;   /* NULL: "cost", else "distance" */
    const char *origin_field; /* candidate site names; NULL: "origin", else "name" */
    const char *dest_field;   /* demand point names; NULL: "destination", else
                                 "DestinationName" */
    const char *weight_field; /* demand weight in the matrix rows (same for every row of a
                                 destination); NULL: weight 1, unless demand_path */
    const char
        *demand_path; /* optional table of demand weights: demand_id_field, demand_weight_field */
    const char *demand_id_field;
    const char *demand_weight_field;
    const char *existing; /* comma list of origins that exist already (they stay and are
                             not candidates); NULL: none */
    double capacity;      /* every candidate's capacity; 0: uncapacitated */
} cov_site_matrix_opts_t;

/* Read the table. Rows are data rows numbered from 1 in messages. Candidates and demand points
 * are numbered in order of first appearance. The caller owns *out. */
COV_API cov_status_t cov_site_matrix_read(cov_ctx_t *ctx, const cov_site_matrix_opts_t *o,
                                          cov_site_matrix_t **out);
COV_API void cov_site_matrix_destroy(cov_site_matrix_t *mx);

/* The instance (borrowed; owned by mx). */
COV_API cov_site_inst_t *cov_site_matrix_inst(cov_site_matrix_t *mx);
/* Names (borrowed). */
COV_API const char *cov_site_matrix_cand_name(const cov_site_matrix_t *mx, size_t j);
COV_API const char *cov_site_matrix_demand_name(const cov_site_matrix_t *mx, size_t i);

#endif
