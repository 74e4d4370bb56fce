/* Writing a siting table as CSV (UTF-8 with BOM, CRLF) through GDAL's CSV driver. */
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <unistd.h>

#include "planner/site/site_csv.h"

cov_status_t cov_site_csv_write(cov_ctx_t *ctx, const char *path, bool overwrite,
                                const char *const *cols, size_t ncols, const char *const *cells,
                                size_t nrows)
{
    if (access(path, F_OK) == 0 && !overwrite)
        return cov_fail(ctx, COV_ERR_USAGE, "%s exists; add --overwrite to replace it", path);
    GDALDriverH drv = GDALGetDriverByName("CSV");
    if (!drv) return cov_fail(ctx, COV_ERR_IO, "this GDAL has no CSV driver");
    if (access(path, F_OK) == 0 && unlink(path) != 0)
        return cov_fail(ctx, COV_ERR_IO, "%s: cannot replace the file", path);
    CPLErrorReset();
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds) return cov_fail(ctx, COV_ERR_IO, "%s: cannot create the CSV file", path);
    char **lco = NULL;
    lco = CSLSetNameValue(lco, "WRITE_BOM", "YES");
    lco = CSLSetNameValue(lco, "LINEFORMAT", "CRLF");
    lco = CSLSetNameValue(lco, "STRING_QUOTING", "IF_NEEDED");
    char *base = CPLStrdup(CPLGetBasename(path));
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, base, NULL, wkbNone, lco);
    CPLFree(base);
    CSLDestroy(lco);
    cov_status_t s = lyr ? COV_OK : COV_ERR_IO;
    for (size_t c = 0; !s && c < ncols; c++) {
        OGRFieldDefnH fd = OGR_Fld_Create(cols[c], OFTString);
        if (OGR_L_CreateField(lyr, fd, TRUE) != OGRERR_NONE) s = COV_ERR_IO;
        OGR_Fld_Destroy(fd);
    }
    for (size_t r = 0; !s && r < nrows; r++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        for (size_t c = 0; c < ncols; c++)
            if (cells[r * ncols + c]) OGR_F_SetFieldString(f, (int)c, cells[r * ncols + c]);
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE) s = COV_ERR_IO;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (!s && CPLGetLastErrorType() >= CE_Failure) s = COV_ERR_IO;
    if (s) {
        unlink(path);
        return cov_fail(ctx, COV_ERR_IO, "%s: cannot write the CSV file: %s", path,
                        CPLGetLastErrorMsg());
    }
    return COV_OK;
}
