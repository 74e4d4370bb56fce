/* Converting coordinates and whole files between CRSs and the Chinese web-map systems. */
#include "geo/crsconv.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/alloc.h"
#include "geo/crs.h"
#include "geo/webcrs_geom.h"

struct cov_crsconv {
    cov_webcrs_t from_w, to_w;
    OGRSpatialReferenceH from_srs, to_srs; /* WGS84 on a web-map side */
    OGRCoordinateTransformationH ct;
    char *from_label, *to_label, *to_name;
};

/* One side of a conversion: a web-map system (its coordinates are handled as WGS84 around
 * the PROJ step) or a CRS PROJ knows. *label is "EPSG:nnnn" when the CRS has an EPSG code. */
static cov_status_t parse_side(cov_ctx_t *ctx, const char *text, cov_webcrs_t *w,
                               OGRSpatialReferenceH *srs, char **label)
{
    *w = cov_webcrs_parse(text);
    *srs = NULL;
    *label = NULL;
    if (*w != COV_WEBCRS_NONE) {
        *srs = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(*srs, 4326);
        OSRSetAxisMappingStrategy(*srs, OAMS_TRADITIONAL_GIS_ORDER);
        *label = cov_strdup(cov_webcrs_name(*w));
        return COV_OK;
    }
    cov_status_t s = cov_crs_parse(ctx, text, srs);
    if (s) return s;
    const char *auth = OSRGetAuthorityName(*srs, NULL), *code = OSRGetAuthorityCode(*srs, NULL);
    char buf[64];
    if (auth && code && snprintf(buf, sizeof buf, "%s:%s", auth, code) < (int)sizeof buf)
        *label = cov_strdup(buf);
    else
        *label = cov_strdup(OSRGetName(*srs) ? OSRGetName(*srs) : text);
    return COV_OK;
}

cov_status_t cov_crsconv_create(cov_ctx_t *ctx, const char *from, const char *to,
                                cov_crsconv_t **out)
{
    *out = NULL;
    cov_crsconv_t *cv = calloc(1, sizeof *cv);
    if (!cv) return COV_ERR_NOMEM;
    cov_status_t s = parse_side(ctx, from, &cv->from_w, &cv->from_srs, &cv->from_label);
    if (!s) s = parse_side(ctx, to, &cv->to_w, &cv->to_srs, &cv->to_label);
    if (s) {
        cov_crsconv_destroy(cv);
        return s;
    }
    const char *name =
        cv->to_w != COV_WEBCRS_NONE ? cov_webcrs_name(cv->to_w) : OSRGetName(cv->to_srs);
    cv->to_name = cov_strdup(name ? name : cv->to_label);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    cv->ct = OCTNewCoordinateTransformation(cv->from_srs, cv->to_srs);
    CPLPopErrorHandler();
    if (!cv->ct) {
        s = cov_fail(ctx, COV_ERR_CRS, "PROJ has no transformation from %s to %s", from, to);
        cov_crsconv_destroy(cv);
        return s;
    }
    *out = cv;
    return COV_OK;
}

void cov_crsconv_destroy(cov_crsconv_t *cv)
{
    if (!cv) return;
    if (cv->ct) OCTDestroyCoordinateTransformation(cv->ct);
    if (cv->from_srs) OSRDestroySpatialReference(cv->from_srs);
    if (cv->to_srs) OSRDestroySpatialReference(cv->to_srs);
    free(cv->from_label);
    free(cv->to_label);
    free(cv->to_name);
    free(cv);
}

const char *cov_crsconv_target_label(const cov_crsconv_t *cv) { return cv->to_label; }
const char *cov_crsconv_target_name(const cov_crsconv_t *cv) { return cv->to_name; }
bool cov_crsconv_target_is_geographic(const cov_crsconv_t *cv)
{
    return cv->to_w != COV_WEBCRS_NONE || OSRIsGeographic(cv->to_srs);
}

static cov_status_t not_in_china(cov_ctx_t *ctx, cov_webcrs_t w, double lon, double lat)
{
    return cov_fail(ctx, COV_ERR_CRS,
                    "(%.6f, %.6f) lies outside China, where %s coordinates do not exist; "
                    "check the coordinates and their order (longitude first)",
                    lon, lat, cov_webcrs_name(w));
}

cov_status_t cov_crsconv_point(cov_ctx_t *ctx, const cov_crsconv_t *cv, double *x, double *y)
{
    if (!isfinite(*x) || !isfinite(*y))
        return cov_fail(ctx, COV_ERR_INPUT, "coordinates must be finite numbers");
    if (OSRIsGeographic(cv->from_srs) && (fabs(*x) > 180.0 || fabs(*y) > 90.0))
        return cov_fail(ctx, COV_ERR_INPUT, "(%g, %g) is not a longitude/latitude in %s%s", *x, *y,
                        cv->from_label,
                        fabs(*x) <= 90.0 && fabs(*y) <= 180.0
                            ? "; give longitude first, then latitude"
                            : "; are the coordinates projected? name their CRS with --from");
    if (cv->from_w != COV_WEBCRS_NONE) {
        if (!cov_gcj02_in_china(*x, *y)) return not_in_china(ctx, cv->from_w, *x, *y);
        cov_webcrs_to_wgs84(cv->from_w, x, y);
    }
    double in_x = *x, in_y = *y;
    int ok = 0;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int done = OCTTransformEx(cv->ct, 1, x, y, NULL, &ok);
    CPLPopErrorHandler();
    if (!done || !ok || !isfinite(*x) || !isfinite(*y))
        return cov_fail(ctx, COV_ERR_CRS, "(%.6f, %.6f) cannot be converted from %s to %s", in_x,
                        in_y, cv->from_label, cv->to_label);
    if (cv->to_w != COV_WEBCRS_NONE) {
        if (!cov_gcj02_in_china(*x, *y)) return not_in_china(ctx, cv->to_w, *x, *y);
        cov_wgs84_to_webcrs(cv->to_w, x, y);
    }
    return COV_OK;
}

/* ---- files ---- */

/* The GDAL driver for an output name: the usual extensions first, then any vector driver
 * that can create files and declares the extension. */
static GDALDriverH driver_for(const char *path)
{
    static const char *const known[][2] = {{"gpkg", "GPKG"},           {"geojson", "GeoJSON"},
                                           {"json", "GeoJSON"},        {"csv", "CSV"},
                                           {"shp", "ESRI Shapefile"},  {"kml", "KML"},
                                           {"fgb", "FlatGeobuf"},      {"gml", "GML"},
                                           {"sqlite", "SQLite"},       {"xlsx", "XLSX"},
                                           {"geojsonl", "GeoJSONSeq"}, {"gpx", "GPX"}};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return NULL;
    const char *ext = dot + 1;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcasecmp(ext, known[i][0]) == 0) return GDALGetDriverByName(known[i][1]);
    for (int i = 0; i < GDALGetDriverCount(); i++) {
        GDALDriverH d = GDALGetDriver(i);
        if (!GDALGetMetadataItem(d, GDAL_DCAP_VECTOR, NULL) ||
            !GDALGetMetadataItem(d, GDAL_DCAP_CREATE, NULL))
            continue;
        char **exts = CSLTokenizeString(GDALGetMetadataItem(d, GDAL_DMD_EXTENSIONS, NULL));
        bool match = false;
        for (int k = 0; exts && exts[k] && !match; k++) match = strcasecmp(exts[k], ext) == 0;
        CSLDestroy(exts);
        if (match) return d;
    }
    return NULL;
}

static cov_status_t open_driver(cov_ctx_t *ctx, const char *path, const char *format,
                                GDALDriverH *out)
{
    *out = format ? GDALGetDriverByName(format) : driver_for(path);
    if (!*out && format)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "-f %s: not a GDAL driver name (e.g. GPKG, GeoJSON, CSV, \"ESRI "
                        "Shapefile\", KML, FlatGeobuf; 'ogrinfo --formats' lists them)",
                        format);
    if (!*out)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: cannot tell the output format from the name; give it with -f "
                        "(GPKG, GeoJSON, CSV, \"ESRI Shapefile\", ...)",
                        path);
    if (!GDALGetMetadataItem(*out, GDAL_DCAP_VECTOR, NULL) ||
        !GDALGetMetadataItem(*out, GDAL_DCAP_CREATE, NULL))
        return cov_fail(ctx, COV_ERR_USAGE, "%s: GDAL cannot write %s vector files", path,
                        GDALGetDriverShortName(*out));
    return COV_OK;
}

/* The geometry type for the output layer: one simple type where the features agree (single
 * and multi parts together give the multi type), else unknown. */
static OGRwkbGeometryType unify(OGRwkbGeometryType have, OGRwkbGeometryType t, bool first)
{
    if (first) return t;
    if (have == t) return have;
    OGRwkbGeometryType a = OGR_GT_GetCollection(have), b = OGR_GT_GetCollection(t);
    if (OGR_GT_IsSubClassOf(have, wkbGeometryCollection)) a = have;
    if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection)) b = t;
    return a == b && a != wkbGeometryCollection ? a : wkbUnknown;
}

/* The data must lie where the target is defined: in China for a web-map system, in the
 * area of use of a CRS (as for import, with a 1 degree margin). */
static cov_status_t check_extent(cov_ctx_t *ctx, cov_source_t *src, const cov_crsconv_t *cv)
{
    double ext[4];
    cov_status_t s = cov_source_wgs84_extent(ctx, src, ext);
    if (s) return s;
    if (cv->to_w != COV_WEBCRS_NONE &&
        (!cov_gcj02_in_china(ext[0], ext[1]) || !cov_gcj02_in_china(ext[2], ext[3])))
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: the data (lon %.4f..%.4f, lat %.4f..%.4f) lies outside China, "
                        "where %s coordinates do not exist",
                        cov_source_path(src), ext[0], ext[2], ext[1], ext[3],
                        cov_webcrs_name(cv->to_w));
    if (!cov_crs_covers(cv->to_srs, ext[0], ext[1], ext[2], ext[3], 1.0))
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: the data (lon %.4f..%.4f, lat %.4f..%.4f) lies outside the area "
                        "%s (%s) is made for; choose a CRS for the data's area ('covplan crs "
                        "--pick FILE' names one)",
                        cov_source_path(src), ext[0], ext[2], ext[1], ext[3], cv->to_label,
                        cv->to_name);
    return COV_OK;
}

/* One pass over the source: validates every feature (so a bad row fails before anything is
 * written) and finds the layer's geometry type. */
static cov_status_t scan(cov_ctx_t *ctx, cov_source_t *src, OGRwkbGeometryType *type)
{
    cov_status_t s = COV_OK;
    bool first = true;
    *type = wkbUnknown;
    cov_source_rewind(src);
    for (;;) {
        cov_record_t rec;
        bool done;
        if ((s = cov_source_next(ctx, src, &rec, &done)) || done) break;
        *type = unify(*type, wkbFlatten(OGR_G_GetGeometryType(rec.geom)), first);
        first = false;
    }
    cov_source_rewind(src);
    return s;
}

static OGRGeometryH promote(OGRGeometryH g, OGRwkbGeometryType type)
{
    switch (type) {
    case wkbMultiPolygon: return OGR_G_ForceToMultiPolygon(g);
    case wkbMultiLineString: return OGR_G_ForceToMultiLineString(g);
    case wkbMultiPoint: return OGR_G_ForceToMultiPoint(g);
    default: return g;
    }
}

typedef struct writer {
    cov_ctx_t *ctx;
    cov_source_t *src;
    const cov_crsconv_t *cv;
    const char *out_path;
    GDALDatasetH ds;
    OGRLayerH layer;
    int *map; /* source field index -> output field index */
    int nfields;
    int x_idx, y_idx;
    OGRwkbGeometryType type;
} writer_t;

static cov_status_t create_output(writer_t *w, GDALDriverH drv, OGRFeatureDefnH src_defn)
{
    bool csv = strcmp(GDALGetDriverShortName(drv), "CSV") == 0;
    bool shape = strcmp(GDALGetDriverShortName(drv), "ESRI Shapefile") == 0;
    bool table = w->x_idx >= 0;
    char **lco = NULL;
    if (csv) {
        lco = CSLSetNameValue(lco, "WRITE_BOM", "YES"); /* Excel reads UTF-8 only with it */
        if (!table)
            lco = CSLSetNameValue(lco, "GEOMETRY", w->type == wkbPoint ? "AS_XY" : "AS_WKT");
    }
    /* Shapefiles default to Latin-1, which turns Chinese names into '?': UTF-8 and a .cpg. */
    if (shape) lco = CSLSetNameValue(lco, "ENCODING", "UTF-8");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    w->ds = GDALCreate(drv, w->out_path, 0, 0, 0, GDT_Unknown, NULL);
    OGRSpatialReferenceH srs = w->cv->to_w == COV_WEBCRS_NONE ? w->cv->to_srs : NULL;
    OGRwkbGeometryType gt = (csv && table) ? wkbNone : w->type;
    if (w->ds)
        w->layer = GDALDatasetCreateLayer(w->ds, cov_source_layer_name(w->src), srs, gt, lco);
    CPLPopErrorHandler();
    CSLDestroy(lco);
    if (!w->layer)
        return cov_fail(w->ctx, COV_ERR_IO, "%s: cannot create the output (%s): %s", w->out_path,
                        GDALGetDriverShortName(drv), CPLGetLastErrorMsg());
    w->nfields = OGR_FD_GetFieldCount(src_defn);
    w->map = cov_calloc_array((size_t)w->nfields, sizeof *w->map);
    if (!w->map) return COV_ERR_NOMEM;
    OGRFeatureDefnH out_defn = OGR_L_GetLayerDefn(w->layer);
    for (int i = 0; i < w->nfields; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(src_defn, i);
        CPLPushErrorHandler(CPLQuietErrorHandler);
        OGRErr err = OGR_L_CreateField(w->layer, fd, TRUE);
        if (err != OGRERR_NONE) {
            /* Lists, JSON and the like in a format without them (Shapefile): keep as text. */
            OGRFieldDefnH as_text = OGR_Fld_Create(OGR_Fld_GetNameRef(fd), OFTString);
            err = OGR_L_CreateField(w->layer, as_text, TRUE);
            OGR_Fld_Destroy(as_text);
        }
        CPLPopErrorHandler();
        if (err != OGRERR_NONE)
            return cov_fail(w->ctx, COV_ERR_IO, "%s: cannot create field '%s': %s", w->out_path,
                            cov_source_field_name(w->src, i), CPLGetLastErrorMsg());
        w->map[i] = OGR_FD_GetFieldCount(out_defn) - 1;
    }
    return COV_OK;
}

/* Set a converted coordinate column, as text in the column's own style when it is text. */
static void set_coord(writer_t *w, OGRFeatureH f, int src_idx, double v)
{
    int idx = w->map[src_idx];
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(OGR_F_GetDefnRef(f), idx);
    if (OGR_Fld_GetType(fd) != OFTString) {
        OGR_F_SetFieldDouble(f, idx, v);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, cov_crsconv_target_is_geographic(w->cv) ? "%.8f" : "%.3f", v);
    OGR_F_SetFieldString(f, idx, buf);
}

static cov_status_t write_one(writer_t *w, const cov_record_t *rec, OGRFeatureDefnH src_defn)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));
    OGR_F_SetFromWithMap(f, rec->feature, TRUE, w->map);
    cov_status_t s = COV_OK;
    for (int i = 0; i < w->nfields && !s; i++) {
        if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(src_defn, i)) != OFTString) continue;
        const char *text; /* recoded from --encoding and checked to be UTF-8 */
        if (!(s = cov_source_text(w->ctx, w->src, rec, i, &text)) && text)
            OGR_F_SetFieldString(f, w->map[i], text);
    }
    OGRGeometryH g = OGR_G_Clone(rec->geom);
    if (!s) s = cov_webcrs_geometry_from_wgs84(w->cv->to_w, g);
    if (!s && w->x_idx >= 0) {
        set_coord(w, f, w->x_idx, OGR_G_GetX(g, 0));
        set_coord(w, f, w->y_idx, OGR_G_GetY(g, 0));
    }
    if (OGR_L_GetGeomType(w->layer) != wkbNone)
        OGR_F_SetGeometryDirectly(f, promote(g, w->type));
    else
        OGR_G_DestroyGeometry(g);
    if (!s) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        OGRErr err = OGR_L_CreateFeature(w->layer, f);
        CPLPopErrorHandler();
        if (err != OGRERR_NONE)
            s = cov_fail(w->ctx, COV_ERR_IO, "%s: writing %s %lld: %s", w->out_path,
                         cov_source_unit(w->src), rec->row, CPLGetLastErrorMsg());
    }
    OGR_F_Destroy(f);
    return s;
}

static void remove_output(GDALDriverH drv, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (GDALDeleteDataset(drv, path) != CE_None) unlink(path);
    CPLPopErrorHandler();
}

static cov_status_t write_all(writer_t *w, OGRFeatureDefnH src_defn, long long *count)
{
    bool tx = GDALDatasetStartTransaction(w->ds, FALSE) == OGRERR_NONE;
    long long total = cov_source_feature_count(w->src);
    cov_status_t s = COV_OK;
    for (;;) {
        cov_record_t rec;
        bool done;
        if ((s = cov_source_next(w->ctx, w->src, &rec, &done)) || done) break;
        if ((s = write_one(w, &rec, src_defn))) break;
        if (++*count % 1000 == 0)
            cov_progress(w->ctx, "converting", (size_t)*count, (size_t)(total > 0 ? total : 0));
    }
    if (tx && !s && GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE)
        s = cov_fail(w->ctx, COV_ERR_IO, "%s: %s", w->out_path, CPLGetLastErrorMsg());
    cov_progress(w->ctx, "converting", (size_t)*count, (size_t)*count);
    return s;
}

cov_status_t cov_crsconv_file(cov_ctx_t *ctx, const char *in_path, const char *from, const char *to,
                              const char *out_path, const cov_crsconv_file_opts_t *opts,
                              long long *count)
{
    static const cov_crsconv_file_opts_t none = {0};
    const cov_crsconv_file_opts_t *o = opts ? opts : &none;
    *count = 0;
    GDALAllRegister();
    GDALDriverH drv;
    cov_status_t s = open_driver(ctx, out_path, o->format, &drv);
    if (s) return s;
    struct stat sb, sin;
    if (stat(out_path, &sb) == 0) {
        if (stat(in_path, &sin) == 0 && sb.st_dev == sin.st_dev && sb.st_ino == sin.st_ino)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "%s: the output would replace the input; write "
                            "to another file",
                            out_path);
        if (!o->overwrite)
            return cov_fail(ctx, COV_ERR_USAGE, "%s already exists; pass --overwrite to replace it",
                            out_path);
    }
    /* The target side only: the source side is the file's (or from), read by cov_source. */
    cov_crsconv_t *cv = NULL;
    s = cov_crsconv_create(ctx, "EPSG:4326", to, &cv);
    if (s) return s;
    cov_source_opts_t so = o->source;
    so.src_crs = from;
    writer_t w = {.ctx = ctx, .cv = cv, .out_path = out_path};
    s = cov_source_open(ctx, in_path, &so, &w.src);
    if (!s) s = check_extent(ctx, w.src, cv);
    if (!s) s = cov_source_set_target(ctx, w.src, cv->to_srs);
    if (!s) s = scan(ctx, w.src, &w.type);
    bool created = false;
    if (!s) {
        cov_source_xy_fields(w.src, &w.x_idx, &w.y_idx);
        /* The source's field definitions, from a first feature's definition. */
        cov_record_t rec;
        bool done;
        s = cov_source_next(ctx, w.src, &rec, &done);
        OGRFeatureDefnH defn = (!s && !done) ? OGR_F_GetDefnRef(rec.feature) : NULL;
        if (defn) OGR_FD_Reference(defn);
        cov_source_rewind(w.src);
        if (!s && defn) {
            if (o->overwrite) remove_output(drv, out_path);
            created = true;
            s = create_output(&w, drv, defn);
            if (!s) s = write_all(&w, defn, count);
        }
        if (defn) OGR_FD_Release(defn);
    }
    if (w.ds) {
        /* GDAL 3.6's GDALClose returns nothing: a failed flush shows as the last error. */
        CPLErrorReset();
        CPLPushErrorHandler(CPLQuietErrorHandler);
        GDALClose(w.ds);
        CPLPopErrorHandler();
        if (CPLGetLastErrorType() >= CE_Failure && !s)
            s = cov_fail(ctx, COV_ERR_IO, "%s: %s", out_path, CPLGetLastErrorMsg());
    }
    if (s && created) remove_output(drv, out_path);
    free(w.map);
    cov_source_close(w.src);
    cov_crsconv_destroy(cv);
    if (s) *count = 0;
    return s;
}

cov_status_t cov_crsconv_pick_point(cov_ctx_t *ctx, const char *from, double x, double y,
                                    bool six_degree, int *epsg)
{
    *epsg = 0;
    cov_crsconv_t *cv;
    cov_status_t s = cov_crsconv_create(ctx, from ? from : "EPSG:4326", "EPSG:4326", &cv);
    if (!s) s = cov_crsconv_point(ctx, cv, &x, &y);
    cov_crsconv_destroy(cv);
    if (!s) *epsg = cov_crs_pick(x, y, x, y, six_degree);
    return s;
}

cov_status_t cov_crsconv_pick_file(cov_ctx_t *ctx, const char *path, const cov_source_opts_t *opts,
                                   bool six_degree, int *epsg, double ext[4])
{
    *epsg = 0;
    double e[4];
    cov_source_t *src;
    cov_status_t s = cov_source_open(ctx, path, opts, &src);
    if (!s) s = cov_source_wgs84_extent(ctx, src, e);
    cov_source_close(src);
    if (s) return s;
    *epsg = cov_crs_pick(e[0], e[1], e[2], e[3], six_degree);
    if (ext) memcpy(ext, e, sizeof e);
    return COV_OK;
}
