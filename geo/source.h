/* Reading a source layer through GDAL/OGR: field access, encoding, CRS and coordinate columns. */
#ifndef COV_SOURCE_H
#define COV_SOURCE_H

#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/gcj02.h"

typedef struct cov_source cov_source_t;

typedef struct cov_source_opts {
    const char *layer;    /* layer name; NULL: the only layer */
    const char *src_crs;  /* CRS of the coordinates; NULL: the file's own. GCJ02/BD09 allowed */
    const char *encoding; /* text encoding (e.g. GBK); NULL: the file's .cpg, else UTF-8 */
    const char *x_field;  /* coordinate columns of a table; NULL: detected by name */
    const char *y_field;
} cov_source_opts_t;

/* One feature read from a source. geom is in the target CRS and owned by the source;
 * both stay valid until the next cov_source_next call. */
typedef struct cov_record {
    OGRFeatureH feature;
    OGRGeometryH geom;
    long long row;       /* 1-based feature (or data row) number, for messages */
    double raw_x, raw_y; /* centre of the geometry's extent in source lon/lat or x/y (after
                            web-map correction), for diagnosing swapped coordinates */
} cov_record_t;

/* Open path's layer. Fails with a message naming the file for a missing file, an unknown
 * layer, an empty layer, a table without coordinate columns, or a missing CRS. */
COV_API cov_status_t cov_source_open(cov_ctx_t *ctx, const char *path,
                                     const cov_source_opts_t *opts, cov_source_t **out);
COV_API void cov_source_close(cov_source_t *src);

/* The file and layer the source was opened from (borrowed). */
COV_API const char *cov_source_path(const cov_source_t *src);
COV_API const char *cov_source_layer_name(const cov_source_t *src);
/* "row" for tables (CSV, XLSX), "feature" otherwise: the word messages use. */
COV_API const char *cov_source_unit(const cov_source_t *src);
COV_API long long cov_source_feature_count(const cov_source_t *src);
/* How the source's CRS was named ("EPSG:4326", "GCJ02", a WKT name ...); owned by src. */
COV_API const char *cov_source_crs_name(const cov_source_t *src);
COV_API cov_webcrs_t cov_source_webcrs(const cov_source_t *src);
COV_API const char *cov_source_encoding(const cov_source_t *src);
COV_API bool cov_source_is_geographic(const cov_source_t *src);
/* True when the geometry comes from coordinate columns rather than a geometry field. */
COV_API bool cov_source_is_table(const cov_source_t *src);
/* The coordinate columns of a table (field indexes); both -1 for a layer with geometry. */
COV_API void cov_source_xy_fields(const cov_source_t *src, int *x_idx, int *y_idx);

/* The index of a field by name (exact, then case-insensitive). COV_ERR_NOT_FOUND with the
 * list of the layer's fields when absent. */
COV_API cov_status_t cov_source_field(cov_ctx_t *ctx, cov_source_t *src, const char *name,
                                      int *idx);
/* The first of candidate names (NULL-terminated) present in the layer, or -1. */
COV_API int cov_source_find_field(cov_source_t *src, const char *const *candidates);
COV_API const char *cov_source_field_name(cov_source_t *src, int idx);

/* The extent of all features in WGS84 lon/lat (web-map offsets removed). */
COV_API cov_status_t cov_source_wgs84_extent(cov_ctx_t *ctx, cov_source_t *src, double ext[4]);

/* Set the CRS records are converted to. Refuses (COV_ERR_CRS) a target whose area of use does
 * not contain the data. dst is borrowed and must outlive the source. */
COV_API cov_status_t cov_source_set_target(cov_ctx_t *ctx, cov_source_t *src,
                                           OGRSpatialReferenceH dst);

/* Read the next record; *done is set at the end. Rejects empty or NaN geometry, coordinates
 * out of range (detecting swapped latitude/longitude) and points the target CRS cannot hold. */
COV_API cov_status_t cov_source_next(cov_ctx_t *ctx, cov_source_t *src, cov_record_t *rec,
                                     bool *done);
COV_API void cov_source_rewind(cov_source_t *src);

/* Convert a point given in the source's coordinates (after web-map correction) to the
 * target CRS; false when the transform fails. */
COV_API bool cov_source_transform_point(cov_source_t *src, double *x, double *y);

/* A field's text as valid UTF-8 (recoded from the source encoding), or NULL when null/unset.
 * Owned by src, valid until the next call. COV_ERR_INPUT for text that is not valid UTF-8. */
COV_API cov_status_t cov_source_text(cov_ctx_t *ctx, cov_source_t *src, const cov_record_t *rec,
                                     int idx, const char **out);
/* A field's numeric value; *is_null for null or empty. COV_ERR_INPUT for non-numeric text. */
COV_API cov_status_t cov_source_number(cov_ctx_t *ctx, cov_source_t *src, const cov_record_t *rec,
                                       int idx, double *out, bool *is_null);

#endif
