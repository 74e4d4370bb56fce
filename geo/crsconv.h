/* Converting coordinates and whole files between CRSs and the Chinese web-map systems. */
#ifndef COV_CRSCONV_H
#define COV_CRSCONV_H

#include <ogr_srs_api.h>
#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/gcj02.h"
#include "geo/source.h"

/* A conversion from one coordinate system to another. Either side is anything cov_crs_parse
 * accepts ("EPSG:4545", "4490", "WGS84", a WKT or PROJ string) or a web-map system (GCJ02,
 * BD09: see cov_webcrs_parse). Coordinates are always in GIS order: x = longitude or easting.
 *
 *   from  --gcj02.c-->  WGS84  --PROJ-->  WGS84  --gcj02.c-->  to
 *   (only when from is web-map)          (only when to is web-map)                          */
typedef struct cov_crsconv cov_crsconv_t;

/* Create a conversion. COV_ERR_CRS with a message naming the text for a system PROJ does not
 * know. The caller owns *out (cov_crsconv_destroy). */
COV_API cov_status_t cov_crsconv_create(cov_ctx_t *ctx, const char *from, const char *to,
                                        cov_crsconv_t **out);
COV_API void cov_crsconv_destroy(cov_crsconv_t *cv);

/* The target as a short label ("EPSG:4545", "GCJ02", or the CRS's name); owned by cv. */
COV_API const char *cov_crsconv_target_label(const cov_crsconv_t *cv);
/* The target CRS's full name ("CGCS2000 / 3-degree Gauss-Kruger CM 108E"); owned by cv. */
COV_API const char *cov_crsconv_target_name(const cov_crsconv_t *cv);
/* True when the target's coordinates are degrees (a geographic CRS or a web-map system). */
COV_API bool cov_crsconv_target_is_geographic(const cov_crsconv_t *cv);

/* Convert one point in place. COV_ERR_INPUT for non-finite or out-of-range degrees;
 * COV_ERR_CRS when a web-map side is involved and the point lies outside China (where
 * GCJ-02/BD-09 do not exist), or when PROJ cannot convert the point. */
COV_API cov_status_t cov_crsconv_point(cov_ctx_t *ctx, const cov_crsconv_t *cv, double *x,
                                       double *y);

typedef struct cov_crsconv_file_opts {
    cov_source_opts_t source; /* layer, encoding, x/y columns; source.src_crs is ignored */
    const char *format;       /* GDAL driver short name; NULL: from the output's extension */
    bool overwrite;           /* replace an existing output */
} cov_crsconv_file_opts_t;

/* Convert the layer of in_path (read as cov_crsconv_create's `from`; NULL from: the file's own
 * CRS) to `to`, writing out_path with every attribute copied. A table with coordinate
 * columns keeps its columns, their values replaced by converted ones. A web-map target is
 * written without a declared CRS (it is not one). Nothing is left at out_path on failure.
 * *count receives the number of features written. */
COV_API cov_status_t cov_crsconv_file(cov_ctx_t *ctx, const char *in_path, const char *from,
                                      const char *to, const char *out_path,
                                      const cov_crsconv_file_opts_t *opts, long long *count);

/* The working CRS covplan would choose (cov_crs_pick) for a point given in `from` (NULL:
 * WGS84 lon/lat). */
COV_API cov_status_t cov_crsconv_pick_point(cov_ctx_t *ctx, const char *from, double x, double y,
                                            bool six_degree, int *epsg);
/* The working CRS covplan would choose for a file's layer, as `covplan import` does. ext
 * (may be NULL) receives the layer's WGS84 extent: lon_min, lat_min, lon_max, lat_max. */
COV_API cov_status_t cov_crsconv_pick_file(cov_ctx_t *ctx, const char *path,
                                           const cov_source_opts_t *opts, bool six_degree,
                                           int *epsg, double ext[4]);

#endif
