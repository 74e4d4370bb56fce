/* Population rasters (e.g. WorldPop GeoTIFF): non-empty cells as weighted points. */
#include "geo/raster.h"

#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/crs.h"

bool cov_raster_is_raster(const char *path)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    bool raster = ds && GDALGetRasterCount(ds) > 0 && GDALDatasetGetLayerCount(ds) == 0;
    if (ds) GDALClose(ds);
    CPLPopErrorHandler();
    return raster;
}

static cov_status_t raster_srs(cov_ctx_t *ctx, GDALDatasetH ds, const char *path,
                               const char *src_crs, OGRSpatialReferenceH *out)
{
    if (src_crs) {
        cov_status_t s = cov_crs_parse(ctx, src_crs, out);
        if (s) return cov_fail(ctx, s, "%s: %s", path, cov_ctx_errmsg(ctx));
        return COV_OK;
    }
    OGRSpatialReferenceH own = GDALGetSpatialRef(ds);
    if (!own)
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: the raster has no CRS; give it with --src-crs (e.g. EPSG:4326)", path);
    *out = OSRClone(own);
    OSRSetAxisMappingStrategy(*out, OAMS_TRADITIONAL_GIS_ORDER);
    return COV_OK;
}

cov_status_t cov_raster_cells(cov_ctx_t *ctx, const char *path, const char *src_crs,
                              OGRSpatialReferenceH dst, cov_raster_cell_t **cells, size_t *n)
{
    *cells = NULL;
    *n = 0;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) return cov_fail(ctx, COV_ERR_IO, "%s: not a raster GDAL can read", path);
    OGRSpatialReferenceH srs = NULL, wgs = NULL;
    OGRCoordinateTransformationH ct = NULL, to_wgs = NULL;
    double *line = NULL;
    cov_raster_cell_t *out = NULL;
    size_t count = 0, cap = 0;
    cov_status_t s = raster_srs(ctx, ds, path, src_crs, &srs);
    if (s) goto done;
    double gt[6];
    if (GDALGetGeoTransform(ds, gt) != CE_None) {
        s = cov_fail(ctx, COV_ERR_CRS, "%s: the raster is not georeferenced (no geotransform)",
                     path);
        goto done;
    }
    int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
    /* Check the raster lies where the working CRS is valid, via its lon/lat bounds. */
    wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    to_wgs = OCTNewCoordinateTransformation(srs, wgs);
    ct = OCTNewCoordinateTransformation(srs, dst);
    if (!to_wgs || !ct) {
        s = cov_fail(ctx, COV_ERR_CRS, "%s: no transformation from the raster's CRS", path);
        goto done;
    }
    double xa = gt[0], ya = gt[3], xb = gt[0] + w * gt[1] + h * gt[2],
           yb = gt[3] + w * gt[4] + h * gt[5];
    double b[4];
    if (!OCTTransformBounds(to_wgs, fmin(xa, xb), fmin(ya, yb), fmax(xa, xb), fmax(ya, yb), &b[0],
                            &b[1], &b[2], &b[3], 21) ||
        !cov_crs_covers(dst, b[0], b[1], b[2], b[3], 1.0)) {
        s = cov_fail(ctx, COV_ERR_CRS,
                     "%s: the raster lies outside the area the project's CRS (%s) is made for",
                     path, OSRGetName(dst));
        goto done;
    }
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int has_nodata = 0;
    double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
    line = cov_calloc_array((size_t)w, sizeof *line);
    double *xs = cov_calloc_array((size_t)w, sizeof *xs),
           *ys = cov_calloc_array((size_t)w, sizeof *ys);
    int *cols = cov_calloc_array((size_t)w, sizeof *cols),
        *oks = cov_calloc_array((size_t)w, sizeof *oks);
    if (!line || !xs || !ys || !cols || !oks) s = COV_ERR_NOMEM;
    for (int r = 0; r < h && !s; r++) {
        if (GDALRasterIO(band, GF_Read, 0, r, w, 1, line, w, 1, GDT_Float64, 0, 0) != CE_None) {
            s = cov_fail(ctx, COV_ERR_IO, "%s: cannot read raster row %d", path, r);
            break;
        }
        /* the row's cells with a value, converted to the project's CRS in one call */
        int m = 0;
        for (int c = 0; c < w; c++) {
            double v = line[c];
            if (!isfinite(v) || v <= 0 || (has_nodata && v == nodata)) continue;
            double px = c + 0.5, py = r + 0.5;
            xs[m] = gt[0] + px * gt[1] + py * gt[2], ys[m] = gt[3] + px * gt[4] + py * gt[5];
            cols[m++] = c;
        }
        if (!m) continue;
        if (!OCTTransformEx(ct, m, xs, ys, NULL, oks)) memset(oks, 0, (size_t)m * sizeof *oks);
        if (count + (size_t)m > cap) {
            size_t ncap = cap ? cap : 1024;
            while (ncap < count + (size_t)m) ncap *= 2;
            cov_raster_cell_t *grown = cov_realloc_array(out, ncap, sizeof *grown);
            if (!grown) {
                s = COV_ERR_NOMEM;
                break;
            }
            out = grown;
            cap = ncap;
        }
        for (int k = 0; k < m; k++) {
            if (!oks[k]) {
                s = cov_fail(ctx, COV_ERR_CRS,
                             "%s: cell (%d, %d) cannot be converted to the project's CRS", path, r,
                             cols[k]);
                break;
            }
            out[count++] = (cov_raster_cell_t){xs[k], ys[k], line[cols[k]], r, cols[k]};
        }
        cov_progress(ctx, "reading raster", (size_t)r + 1, (size_t)h);
    }
    free(xs);
    free(ys);
    free(cols);
    free(oks);
    if (!s && count == 0)
        s = cov_fail(ctx, COV_ERR_EMPTY, "%s: the raster has no cells with a value above zero",
                     path);
done:
    free(line);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (to_wgs) OCTDestroyCoordinateTransformation(to_wgs);
    if (wgs) OSRDestroySpatialReference(wgs);
    if (srs) OSRDestroySpatialReference(srs);
    GDALClose(ds);
    if (s) {
        free(out);
        return s;
    }
    *cells = out;
    *n = count;
    return COV_OK;
}
