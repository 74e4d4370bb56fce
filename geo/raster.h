/* Population rasters (e.g. WorldPop GeoTIFF): non-empty cells as weighted points. */
#ifndef COV_RASTER_H
#define COV_RASTER_H

#include <ogr_srs_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

/* True when path opens as a raster (and not as a vector layer) in GDAL. */
bool cov_raster_is_raster(const char *path);

typedef struct cov_raster_cell {
    double x, y;   /* cell centre in the target CRS */
    double value;  /* the band-1 value (the weight) */
    long row, col; /* 0-based position in the raster */
} cov_raster_cell_t;

/* Read band 1 of a raster; every cell that is not nodata and greater than zero becomes a
 * cell (centre converted to dst). src_crs overrides or supplies the raster's CRS. The caller
 * owns *cells (free). Fails for a raster without CRS and no src_crs, a CRS whose area of use
 * does not contain the raster, or a raster with no non-empty cells. */
cov_status_t cov_raster_cells(cov_ctx_t *ctx, const char *path, const char *src_crs,
                              OGRSpatialReferenceH dst, cov_raster_cell_t **cells, size_t *n);

#endif
