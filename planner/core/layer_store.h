/* Writing the project's layers (tables areas, facilities, demand and sources): the data layer's
 * side of `covplan import`. Every function runs inside the caller's write transaction. */
#ifndef COV_CORE_LAYER_STORE_H
#define COV_CORE_LAYER_STORE_H

#include <ogr_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "planner/core/layers.h"

/* The number of rows of a layer (0 for a project without layers yet). */
cov_status_t cov_layer_rows(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                            long long *n);

/* What an import records about its source. */
typedef struct cov_source_new {
    cov_layer_role_t role;
    const char *path, *layer;                /* layer NULL for single-layer files */
    const char *src_crs, *coords, *encoding; /* encoding may be NULL */
    long long features;
} cov_source_new_t;

/* Record an import in sources (imported_at: now); *id is its row id. */
cov_status_t cov_sources_add(cov_ctx_t *ctx, cov_store_t *store, const cov_source_new_t *src,
                             long long *id);

/* Delete every row of a layer (areas, before they are replaced). */
cov_status_t cov_layer_clear(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role);
/* Delete the rows an earlier import of the same file and layer wrote (import --replace). */
cov_status_t cov_layer_clear_source(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                    const char *path, const char *layer);

/* One row to insert; the fields a layer does not have are ignored. NaN numbers and NULL texts
 * are stored as NULL; area_id 0 is no area. */
typedef struct cov_layer_row {
    const char *code, *name;
    double population, elderly;      /* areas */
    const char *level, *parent_code; /* areas: administrative level and parent (may be NULL) */
    OGRGeometryH geom;               /* areas: the polygon in the working CRS */
    const char *role, *kind, *source_kind;
    double capacity; /* facilities */
    double weight;   /* demand */
    long long area_id;
    double x, y; /* facilities and demand, in the working CRS */
} cov_layer_row_t;

typedef struct cov_layer_writer cov_layer_writer_t;

/* Prepare inserting rows of a layer recorded under source_id. */
cov_status_t cov_layer_writer_open(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                   long long source_id, cov_layer_writer_t **out);
/* Insert one row. A code already in the layer is COV_ERR_INPUT (the caller names the row and
 * says what to do); anything else SQLite refuses is COV_ERR_DB. */
cov_status_t cov_layer_writer_add(cov_layer_writer_t *w, const cov_layer_row_t *row);
/* After the last row: build the layer's spatial index over all its rows (the writer drops it
 * while rows go in; without this call the transaction must be rolled back). */
cov_status_t cov_layer_writer_finish(cov_layer_writer_t *w);
void cov_layer_writer_close(cov_layer_writer_t *w);

/* Set the area of facilities or demand points: ids[i] gets area[i] (0: none). */
cov_status_t cov_layer_set_areas(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                 const long long *ids, const long long *area, size_t n);

#endif
