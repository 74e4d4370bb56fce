/* Loading the project's layers into arrays, once, for every analysis (the data layer). */
#ifndef COV_CORE_LAYERS_H
#define COV_CORE_LAYERS_H

#include <ogr_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* One area of the project. */
typedef struct cov_area {
    long long id;
    char *code, *name;          /* owned */
    double population, elderly; /* NaN when unknown */
    OGRGeometryH geom;          /* in the working CRS (owned); NULL unless asked for */
    OGREnvelope env;            /* the geometry's envelope (zero without geometry) */
} cov_area_t;

/*
 * Every area, ordered by id (so cov_areas_find can search them). With geometry, each area's
 * polygon too: one that cannot be read is COV_ERR_DB naming the area. Numbers are checked
 * (text in a numeric column is an error naming the row). The caller owns *out
 * (cov_areas_free, also on error).
 */
COV_API cov_status_t cov_areas_load(cov_ctx_t *ctx, cov_store_t *store, bool geometry,
                                    cov_area_t **out, size_t *n);
COV_API void cov_areas_free(cov_area_t *areas, size_t n);

/* The index of the area with this id in an array from cov_areas_load, (size_t)-1 if none. */
COV_API size_t cov_areas_find(const cov_area_t *areas, size_t n, long long id);

#endif
