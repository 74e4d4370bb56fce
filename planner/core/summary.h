/* What the project holds: its import sources and the counts that `info` and the report show
 * (the data layer's descriptive queries). */
#ifndef COV_CORE_SUMMARY_H
#define COV_CORE_SUMMARY_H

#include <jansson.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* One imported source, as recorded by import. */
typedef struct cov_source_rec {
    char *role, *path, *layer, *src_crs, *coords, *encoding, *imported_at; /* owned; may be NULL */
    long long features;
} cov_source_rec_t;

/* Every source in import order; the caller owns *out (cov_sources_free, also on error). */
cov_status_t cov_sources_load(cov_ctx_t *ctx, cov_store_t *store, cov_source_rec_t **out,
                              size_t *n);
void cov_sources_free(cov_source_rec_t *s, size_t n);

/*
 * Fill o (a JSON object whose keys layers, roles, kinds, outside, areas, sources and extent
 * the caller has set to their empty values) from the project's layers: counts per layer, per
 * role and per kind, the points outside every area, one object per area (code, name,
 * population, elderly, area_km2, health, eldercare, demand), the sources and the extent of
 * all layers [minx, miny, maxx, maxy] (left null when the layers are empty).
 */
cov_status_t cov_layers_summary(cov_ctx_t *ctx, cov_store_t *store, json_t *o);

#endif
