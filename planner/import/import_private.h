/* Shared pieces of the importer (planner/import.c reads and validates, import_write.c writes). */
#ifndef COV_IMPORT_PRIVATE_H
#define COV_IMPORT_PRIVATE_H

#include <ogr_api.h>

#include "geo/locate.h"
#include "planner/core/kinds.h"
#include "planner/core/levels.h"
#include "planner/import/areapop.h"
#include "planner/import/import.h"

#define MAX_NAME_FIELDS 4
#define LIST_MAX 10 /* ids named in a message before "and N more" */

typedef struct row {
    char *code, *name, *kind, *source_kind;
    char *parent;     /* areas: the parent's code (--parent-field, or from the code) */
    const char *role; /* static string */
    double pop, elderly, capacity, weight;
    OGRGeometryH geom; /* areas: multipolygon in the working CRS */
    double x, y;       /* points in the working CRS */
    double raw_x, raw_y;
    long area; /* index into the project's areas, -1 when outside */
    long long src_row;
} row_t;

typedef struct fields {
    int id, kind, capacity, pop, elderly, weight, parent;
    int name[MAX_NAME_FIELDS];
    int nname;
} fields_t;

typedef struct job {
    const char *path; /* the source file */
    cov_ctx_t *ctx;
    cov_store_t *store;
    cov_layer_role_t role;
    const cov_import_opts_t *o;
    cov_source_t *src;
    cov_kinds_t *kinds;
    fields_t f;
    row_t *rows;
    size_t n;
    /* the project's areas, for point-in-polygon */
    OGRGeometryH *area_geom;
    long long *area_id;
    char **area_code;
    size_t narea;
    cov_locator_t *locator;
    long long repaired;
    cov_areapop_t *areapop; /* areas: population/elderly fields, sums, the --join table */
    cov_level_t level;      /* areas: --level (COV_LEVEL_NONE when not given) */
} job_t;

/* The word messages use for one input record ("row", "feature", "cell") and the layer name. */
const char *import_unit_of(const job_t *j);
const char *import_layer_of(const job_t *j);

/* Load the project's areas (id order) and index them for point-in-polygon. */
cov_status_t import_load_areas(job_t *j);
/* Give every row its area; refuse points outside all areas unless keep_outside. */
cov_status_t import_assign_areas(job_t *j, cov_import_result_t *res);
/* Record the import in the sources table; *source_id is its row id. */
cov_status_t import_record_source(job_t *j, long long *source_id);
/* Insert the rows of the job's role. */
cov_status_t import_write_rows(job_t *j, long long source_id);
/* After areas change, every facility and demand point gets its area again. */
cov_status_t import_reassign_points(job_t *j, cov_import_result_t *res);
/* Remove what --replace replaces; *existing counts the areas there were. */
cov_status_t import_clear_previous(job_t *j, long long *existing);
/* COV_ERR_USAGE unless the project has areas. */
cov_status_t import_require_areas(job_t *j);

#endif
