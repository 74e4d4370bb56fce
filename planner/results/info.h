/* A summary of a project: CRS, extent, layers, counts by role, kind and area. */
#ifndef COV_INFO_H
#define COV_INFO_H

#include <jansson.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* Describe the project as a JSON object (new reference owned by the caller). Keys: project,
 * format_version, crs {srid, name}, extent [minx, miny, maxx, maxy] (null when empty),
 * layers {areas, facilities, demand}, roles {health, eldercare}, kinds {kind: count},
 * outside {facilities, demand} (points with no area), areas [{code, name, population,
 * elderly, area_km2, health, eldercare, demand}], sources [...]. */
COV_API cov_status_t cov_info(cov_ctx_t *ctx, cov_store_t *store, json_t **out);

/* Roll the areas of an info object up to an administrative level (cov_area_rollup): "areas"
 * becomes one row per unit {code, name, areas (how many finest areas), population, elderly
 * (sums; null when an area lacks the number), health, eldercare, demand (sums)} and "level"
 * names the level. */
COV_API cov_status_t cov_info_level(cov_ctx_t *ctx, cov_store_t *store, const char *level,
                                    json_t *info);

#endif
