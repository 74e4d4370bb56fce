/* Internals of the exporter: a result table held as JSON cells, shared by the writers. */
#ifndef COV_EXPORT_PRIVATE_H
#define COV_EXPORT_PRIVATE_H

#include <math.h>

#include <jansson.h>
#include <ogr_api.h>

#include "planner/results/export.h"

typedef enum results_type { EX_INT, EX_REAL, EX_TEXT, EX_JSON } results_type_t;

typedef struct results_table {
    const char *name;
    size_t ncols;
    char **col;
    results_type_t *type;
    json_t *rows;             /* array of arrays of cells (json_null for NULL) */
    OGRwkbGeometryType gtype; /* wkbNone for none */
    OGRGeometryH *geom;       /* one per row (may be NULL), owned */
    size_t ngeom, capgeom;
} results_table_t;

/* The QGIS style (QML) for the sites layer: colours by class (classes: JSON array of names). */
char *results_style_sites_qml(json_t *classes);

/* The roundings of exported numbers: metres to the millimetre, shares to 1e-6. */
static inline double results_round_mm(double v) { return round(v * 1000.0) / 1000.0; }
static inline double results_round_share(double v) { return round(v * 1e6) / 1e6; }

/* export_level.c: replace the run's area rows (22 cells as read for export, the total last)
 * and their geometries by the units of an administrative level (the total kept). */
cov_status_t results_export_rollup(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                                   const char *level, json_t *radii, json_t *classes, json_t **rows,
                                   OGRGeometryH **geoms, size_t *ng);

#endif
