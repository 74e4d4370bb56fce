/* Reading a source layer through GDAL/OGR: field access, encoding, CRS and coordinate columns. */
#include "geo/source.h"

#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "geo/alloc.h"
#include "geo/crs.h"

struct cov_source {
    char *path;
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    bool is_table;  /* coordinates from x/y columns */
    bool recode;    /* recode text from encoding to UTF-8 ourselves (non-Shapefile drivers) */
    char *encoding; /* as given, or NULL */
    char *crs_name;
    cov_webcrs_t webcrs;
    int x_idx, y_idx;         /* coordinate columns of a table */
    OGRSpatialReferenceH srs; /* the coordinates' CRS (WGS84 for web-map systems) */
    OGRCoordinateTransformationH to_target;
    OGRCoordinateTransformationH to_wgs84;
    OGRFeatureH cur;
    OGRGeometryH cur_geom;
    long long row;
    char *text; /* last recoded text (CPLFree) */
};

static const char *const X_NAMES[] = {"lon",  "lng",     "long",      "longitude", "x",
                                      "经度", "point_x", "wgs84_lon", NULL};
static const char *const Y_NAMES[] = {"lat", "latitude", "y", "纬度", "point_y", "wgs84_lat", NULL};

static bool is_geographic(OGRSpatialReferenceH srs) { return srs && OSRIsGeographic(srs); }

const char *cov_source_path(const cov_source_t *src) { return src->path; }
const char *cov_source_layer_name(const cov_source_t *src) { return OGR_L_GetName(src->layer); }
const char *cov_source_unit(const cov_source_t *src) { return src->is_table ? "row" : "feature"; }
long long cov_source_feature_count(const cov_source_t *src)
{
    return OGR_L_GetFeatureCount(src->layer, TRUE);
}
const char *cov_source_crs_name(const cov_source_t *src) { return src->crs_name; }
cov_webcrs_t cov_source_webcrs(const cov_source_t *src) { return src->webcrs; }
const char *cov_source_encoding(const cov_source_t *src) { return src->encoding; }
bool cov_source_is_geographic(const cov_source_t *src) { return is_geographic(src->srs); }
bool cov_source_is_table(const cov_source_t *src) { return src->is_table; }
void cov_source_xy_fields(const cov_source_t *src, int *x_idx, int *y_idx)
{
    *x_idx = src->is_table ? src->x_idx : -1;
    *y_idx = src->is_table ? src->y_idx : -1;
}

/* A comma-separated list of the layer's fields, for "field not found" messages. */
static void field_list(cov_source_t *src, char *buf, size_t len)
{
    buf[0] = '\0';
    int n = OGR_FD_GetFieldCount(src->defn);
    size_t used = 0;
    for (int i = 0; i < n && used + 4 < len; i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn, i));
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name);
        if (w < 0 || (size_t)w >= len - used) break;
        used += (size_t)w;
    }
}

static int field_index(cov_source_t *src, const char *name)
{
    int n = OGR_FD_GetFieldCount(src->defn);
    for (int i = 0; i < n; i++)
        if (strcmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn, i)), name) == 0) return i;
    for (int i = 0; i < n; i++)
        if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn, i)), name) == 0) return i;
    return -1;
}

cov_status_t cov_source_field(cov_ctx_t *ctx, cov_source_t *src, const char *name, int *idx)
{
    *idx = field_index(src, name);
    if (*idx >= 0) return COV_OK;
    char list[1024];
    field_list(src, list, sizeof list);
    return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: layer '%s' has no field '%s'; its fields are: %s",
                    src->path, OGR_L_GetName(src->layer), name, list);
}

int cov_source_find_field(cov_source_t *src, const char *const *candidates)
{
    for (size_t i = 0; candidates[i]; i++) {
        int idx = field_index(src, candidates[i]);
        if (idx >= 0) return idx;
    }
    return -1;
}

const char *cov_source_field_name(cov_source_t *src, int idx)
{
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn, idx));
}

/* A comma-separated list of a dataset's layers, for "which layer?" messages. */
static void layer_list(GDALDatasetH ds, char *buf, size_t len)
{
    buf[0] = '\0';
    size_t used = 0;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds) && used + 4 < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                         OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
        if (w < 0 || (size_t)w >= len - used) break;
        used += (size_t)w;
    }
}

static bool has_cpg(const char *path)
{
    size_t n = strlen(path);
    if (n < 4 || strcasecmp(path + n - 4, ".shp") != 0) return false;
    char *cpg = malloc(n + 1);
    if (!cpg) return false;
    memcpy(cpg, path, n - 4);
    strcpy(cpg + n - 4, ".cpg");
    struct stat sb;
    bool found = stat(cpg, &sb) == 0;
    if (!found) {
        strcpy(cpg + n - 4, ".CPG");
        found = stat(cpg, &sb) == 0;
    }
    free(cpg);
    return found;
}

static cov_status_t open_dataset(cov_ctx_t *ctx, cov_source_t *src, const cov_source_opts_t *o)
{
    struct stat sb;
    if (stat(src->path, &sb) != 0)
        return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no such file; check the path", src->path);
    GDALDriverH drv = GDALIdentifyDriverEx(src->path, GDAL_OF_VECTOR, NULL, NULL);
    const char *dname = drv ? GDALGetDriverShortName(drv) : "";
    bool shape = strcmp(dname, "ESRI Shapefile") == 0;
    char **oo = NULL;
    if (shape) {
        /* With no .cpg and no --encoding, read bytes unchanged so non-UTF-8 text (typically
         * GBK) is detected and reported instead of being silently misread as Latin-1. */
        if (o->encoding)
            oo = CSLSetNameValue(oo, "ENCODING", o->encoding);
        else if (!has_cpg(src->path))
            oo = CSLSetNameValue(oo, "ENCODING", "");
    } else if (o->encoding && strcasecmp(o->encoding, "UTF-8") != 0 &&
               strcasecmp(o->encoding, "UTF8") != 0) {
        src->recode = true;
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    src->ds = GDALOpenEx(src->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                         (const char *const *)oo, NULL);
    CPLPopErrorHandler();
    CSLDestroy(oo);
    if (!src->ds)
        return cov_fail(ctx, COV_ERR_IO,
                        "%s: not a vector file GDAL can read (GeoPackage, Shapefile, GeoJSON, KML, "
                        "CSV, XLSX, ...)",
                        src->path);
    int nl = GDALDatasetGetLayerCount(src->ds);
    if (o->layer) {
        src->layer = GDALDatasetGetLayerByName(src->ds, o->layer);
        if (!src->layer) {
            char list[1024];
            layer_list(src->ds, list, sizeof list);
            return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no layer '%s'; its layers are: %s",
                            src->path, o->layer, list);
        }
    } else if (nl == 1) {
        src->layer = GDALDatasetGetLayer(src->ds, 0);
    } else if (nl == 0) {
        return cov_fail(ctx, COV_ERR_EMPTY, "%s: the file has no layers", src->path);
    } else {
        char list[1024];
        layer_list(src->ds, list, sizeof list);
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: the file has %d layers (%s); choose one with --layer", src->path, nl,
                        list);
    }
    src->defn = OGR_L_GetLayerDefn(src->layer);
    return COV_OK;
}

static cov_status_t setup_crs(cov_ctx_t *ctx, cov_source_t *src, const cov_source_opts_t *o)
{
    if (o->src_crs) {
        src->webcrs = cov_webcrs_parse(o->src_crs);
        if (src->webcrs != COV_WEBCRS_NONE) {
            src->srs = OSRNewSpatialReference(NULL);
            OSRImportFromEPSG(src->srs, 4326);
            OSRSetAxisMappingStrategy(src->srs, OAMS_TRADITIONAL_GIS_ORDER);
            src->crs_name = cov_strdup(cov_webcrs_name(src->webcrs));
            return COV_OK;
        }
        cov_status_t s = cov_crs_parse(ctx, o->src_crs, &src->srs);
        if (s) return cov_fail(ctx, s, "%s: %s", src->path, cov_ctx_errmsg(ctx));
        src->crs_name = cov_strdup(o->src_crs);
        return COV_OK;
    }
    OGRSpatialReferenceH own = src->is_table ? NULL : OGR_L_GetSpatialRef(src->layer);
    if (!own)
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: the source has no CRS; say what its coordinates are with --src-crs "
                        "(EPSG:4326 for GPS/WGS84, EPSG:4490 for CGCS2000, GCJ02 for AMap/Tencent, "
                        "BD09 for Baidu, or the EPSG code of a projected CRS)",
                        src->path);
    src->srs = OSRClone(own);
    OSRSetAxisMappingStrategy(src->srs, OAMS_TRADITIONAL_GIS_ORDER);
    const char *auth = OSRGetAuthorityName(src->srs, NULL);
    const char *code = OSRGetAuthorityCode(src->srs, NULL);
    char buf[128];
    if (auth && code)
        snprintf(buf, sizeof buf, "%s:%s", auth, code);
    else
        snprintf(buf, sizeof buf, "%s", OSRGetName(src->srs) ? OSRGetName(src->srs) : "custom");
    src->crs_name = cov_strdup(buf);
    return COV_OK;
}

cov_status_t cov_source_open(cov_ctx_t *ctx, const char *path, const cov_source_opts_t *opts,
                             cov_source_t **out)
{
    *out = NULL;
    static const cov_source_opts_t none = {0};
    const cov_source_opts_t *o = opts ? opts : &none;
    GDALAllRegister();
    cov_source_t *src = calloc(1, sizeof *src);
    if (!src) return COV_ERR_NOMEM;
    src->path = cov_strdup(path);
    src->encoding = cov_strdup(o->encoding);
    src->x_idx = src->y_idx = -1;
    cov_status_t s = open_dataset(ctx, src, o);
    if (s) goto fail;
    src->is_table = OGR_FD_GetGeomFieldCount(src->defn) == 0 || o->x_field || o->y_field;
    if (src->is_table) {
        if (o->x_field) {
            if ((s = cov_source_field(ctx, src, o->x_field, &src->x_idx))) goto fail;
        } else {
            src->x_idx = cov_source_find_field(src, X_NAMES);
        }
        if (o->y_field) {
            if ((s = cov_source_field(ctx, src, o->y_field, &src->y_idx))) goto fail;
        } else {
            src->y_idx = cov_source_find_field(src, Y_NAMES);
        }
        if (src->x_idx < 0 || src->y_idx < 0) {
            char list[1024];
            field_list(src, list, sizeof list);
            s = cov_fail(ctx, COV_ERR_NOT_FOUND,
                         "%s: no geometry and no coordinate columns found (looked for "
                         "lon/lng/longitude/x/经度 and lat/latitude/y/纬度); name them with "
                         "--x-field and --y-field; its fields are: %s",
                         path, list);
            goto fail;
        }
    }
    if (cov_source_feature_count(src) == 0) {
        s = cov_fail(ctx, COV_ERR_EMPTY, "%s: layer '%s' is empty: it has no features to import",
                     path, OGR_L_GetName(src->layer));
        goto fail;
    }
    if ((s = setup_crs(ctx, src, o))) goto fail;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    src->to_wgs84 = OCTNewCoordinateTransformation(src->srs, wgs);
    OSRDestroySpatialReference(wgs);
    if (!src->to_wgs84) {
        s = cov_fail(ctx, COV_ERR_CRS, "%s: cannot convert the source CRS %s to WGS84", path,
                     src->crs_name);
        goto fail;
    }
    *out = src;
    return COV_OK;
fail:
    cov_source_close(src);
    return s;
}

void cov_source_close(cov_source_t *src)
{
    if (!src) return;
    if (src->cur) OGR_F_Destroy(src->cur);
    if (src->cur_geom) OGR_G_DestroyGeometry(src->cur_geom);
    if (src->to_target) OCTDestroyCoordinateTransformation(src->to_target);
    if (src->to_wgs84) OCTDestroyCoordinateTransformation(src->to_wgs84);
    if (src->srs) OSRDestroySpatialReference(src->srs);
    if (src->ds) GDALClose(src->ds);
    CPLFree(src->text);
    free(src->crs_name);
    free(src->encoding);
    free(src->path);
    free(src);
}

void cov_source_rewind(cov_source_t *src)
{
    OGR_L_ResetReading(src->layer);
    src->row = 0;
}

typedef struct vertex_check {
    cov_ctx_t *ctx;
    cov_source_t *src;
    long long row;
    cov_status_t status;
} vertex_check_t;

/* Validate one vertex in source coordinates and remove any web-map offset. */
static bool fix_vertex(vertex_check_t *vc, double *x, double *y)
{
    cov_source_t *src = vc->src;
    const char *unit = cov_source_unit(src);
    if (!isfinite(*x) || !isfinite(*y)) {
        vc->status = cov_fail(vc->ctx, COV_ERR_INPUT,
                              "%s: %s %lld: coordinates are empty or not a number; fix or remove "
                              "the %s",
                              src->path, unit, vc->row, unit);
        return false;
    }
    if (is_geographic(src->srs)) {
        if (fabs(*y) > 90.0 || fabs(*x) > 180.0) {
            bool swapped = fabs(*x) <= 90.0 && fabs(*y) <= 180.0;
            vc->status = cov_fail(
                vc->ctx, COV_ERR_INPUT,
                swapped ? "%s: %s %lld: latitude and longitude look swapped (x=%.6f, y=%.6f): "
                          "longitude must be x; swap the columns (--x-field/--y-field) or fix "
                          "the source"
                        : "%s: %s %lld: coordinates (%.6f, %.6f) are outside the range of "
                          "longitude/latitude; is --src-crs right?",
                src->path, unit, vc->row, *x, *y);
            return false;
        }
        if (src->webcrs != COV_WEBCRS_NONE) cov_webcrs_to_wgs84(src->webcrs, x, y);
    }
    return true;
}

static bool walk_vertices(vertex_check_t *vc, OGRGeometryH g)
{
    int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            if (!walk_vertices(vc, OGR_G_GetGeometryRef(g, i))) return false;
        return true;
    }
    int n = OGR_G_GetPointCount(g);
    for (int i = 0; i < n; i++) {
        double x, y, z;
        OGR_G_GetPoint(g, i, &x, &y, &z);
        if (!fix_vertex(vc, &x, &y)) return false;
        OGR_G_SetPoint_2D(g, i, x, y);
    }
    return true;
}

/* Read the next feature's geometry in source coordinates (web-map offsets removed). */
static cov_status_t read_raw(cov_ctx_t *ctx, cov_source_t *src, OGRFeatureH *fout,
                             OGRGeometryH *gout, bool *done)
{
    *done = false;
    *fout = NULL;
    *gout = NULL;
    OGRFeatureH f = OGR_L_GetNextFeature(src->layer);
    if (!f) {
        *done = true;
        return COV_OK;
    }
    src->row++;
    const char *unit = cov_source_unit(src);
    OGRGeometryH g = NULL;
    if (src->is_table) {
        cov_record_t rec = {.feature = f, .row = src->row};
        double x, y;
        bool xnull, ynull;
        cov_status_t s = cov_source_number(ctx, src, &rec, src->x_idx, &x, &xnull);
        if (!s) s = cov_source_number(ctx, src, &rec, src->y_idx, &y, &ynull);
        if (!s && (xnull || ynull))
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: row %lld: coordinates are empty; fill in %s/%s or remove the row",
                         src->path, src->row, cov_source_field_name(src, src->x_idx),
                         cov_source_field_name(src, src->y_idx));
        if (s) {
            OGR_F_Destroy(f);
            return s;
        }
        g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, x, y);
    } else {
        OGRGeometryH own = OGR_F_GetGeometryRef(f);
        if (!own || OGR_G_IsEmpty(own)) {
            OGR_F_Destroy(f);
            return cov_fail(ctx, COV_ERR_GEOMETRY,
                            "%s: %s %lld: the geometry is empty; fix or remove the %s", src->path,
                            unit, src->row, unit);
        }
        g = OGR_G_Clone(own);
        if (OGR_GT_IsNonLinear(OGR_G_GetGeometryType(g))) {
            OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);
            OGR_G_DestroyGeometry(g);
            g = lin;
        }
        OGR_G_FlattenTo2D(g);
    }
    vertex_check_t vc = {ctx, src, src->row, COV_OK};
    if (!walk_vertices(&vc, g)) {
        OGR_G_DestroyGeometry(g);
        OGR_F_Destroy(f);
        return vc.status;
    }
    *fout = f;
    *gout = g;
    return COV_OK;
}

/* The longitude range of g with longitudes taken in [0, 360), part by part (a multi-part
 * geometry split at the antimeridian has parts on both sides). */
static void extent360(OGRGeometryH g, double *w, double *e)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbMultiLineString || t == wkbMultiPoint ||
        t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            extent360(OGR_G_GetGeometryRef(g, i), w, e);
        return;
    }
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    double a = env.MinX < 0 ? env.MinX + 360 : env.MinX,
           b = env.MaxX < 0 ? env.MaxX + 360 : env.MaxX;
    *w = fmin(*w, fmin(a, b)), *e = fmax(*e, fmax(a, b));
}

cov_status_t cov_source_wgs84_extent(cov_ctx_t *ctx, cov_source_t *src, double ext[4])
{
    ext[0] = ext[1] = HUGE_VAL;
    ext[2] = ext[3] = -HUGE_VAL;
    double w360 = HUGE_VAL, e360 = -HUGE_VAL; /* longitudes taken in [0, 360) */
    cov_source_rewind(src);
    for (;;) {
        OGRFeatureH f;
        OGRGeometryH g;
        bool done;
        cov_status_t s = read_raw(ctx, src, &f, &g, &done);
        if (s) return s;
        if (done) break;
        OGREnvelope env;
        OGR_G_GetEnvelope(g, &env);
        ext[0] = fmin(ext[0], env.MinX);
        ext[1] = fmin(ext[1], env.MinY);
        ext[2] = fmax(ext[2], env.MaxX);
        ext[3] = fmax(ext[3], env.MaxY);
        extent360(g, &w360, &e360);
        OGR_G_DestroyGeometry(g);
        OGR_F_Destroy(f);
    }
    cov_source_rewind(src);
    if (!is_geographic(src->srs)) {
        double out[4];
        if (!OCTTransformBounds(src->to_wgs84, ext[0], ext[1], ext[2], ext[3], &out[0], &out[1],
                                &out[2], &out[3], 21))
            return cov_fail(ctx, COV_ERR_CRS,
                            "%s: the data's extent cannot be converted from %s to longitude/"
                            "latitude; is the source CRS right?",
                            src->path, src->crs_name);
        memcpy(ext, out, sizeof out);
        if (ext[0] > ext[2]) ext[2] += 360; /* GDAL: bounds across the antimeridian */
    } else if (ext[2] - ext[0] > 180 && e360 - w360 < ext[2] - ext[0]) {
        /* Data across the antimeridian (e.g. 177E to 178W): their extent is 177..182, not a
         * band around the whole globe. Longitudes beyond 180 are the same meridians. */
        ext[0] = w360, ext[2] = e360;
    }
    /* GCJ-02/BD-09 offsets exist only in China: outside the box they are the identity, so a
     * web-map system declared for data elsewhere is a mistake that would pass silently. */
    if (src->webcrs != COV_WEBCRS_NONE &&
        !(cov_gcj02_in_china(ext[0], ext[1]) && cov_gcj02_in_china(ext[2], ext[3])))
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: the data (lon %.4f..%.4f, lat %.4f..%.4f) lies outside China, but "
                        "its coordinates are declared %s, a web-map system used only in China; "
                        "give the data's real CRS instead (e.g. EPSG:4326)",
                        src->path, ext[0], ext[2], ext[1], ext[3], cov_webcrs_name(src->webcrs));
    return COV_OK;
}

cov_status_t cov_source_set_target(cov_ctx_t *ctx, cov_source_t *src, OGRSpatialReferenceH dst)
{
    double ext[4];
    cov_status_t s = cov_source_wgs84_extent(ctx, src, ext);
    if (s) return s;
    if (!cov_crs_covers(dst, ext[0], ext[1], ext[2], ext[3], 1.0))
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: the data (lon %.4f..%.4f, lat %.4f..%.4f) lies outside the area the "
                        "project's CRS (%s) is made for; import it into a project whose CRS fits "
                        "it, or check --src-crs",
                        src->path, ext[0], ext[2], ext[1], ext[3], OSRGetName(dst));
    if (src->to_target) OCTDestroyCoordinateTransformation(src->to_target);
    src->to_target = OCTNewCoordinateTransformation(src->srs, dst);
    if (!src->to_target)
        return cov_fail(ctx, COV_ERR_CRS, "%s: no transformation from %s to %s", src->path,
                        src->crs_name, OSRGetName(dst));
    return COV_OK;
}

bool cov_source_transform_point(cov_source_t *src, double *x, double *y)
{
    int ok = 0;
    if (!OCTTransformEx(src->to_target, 1, x, y, NULL, &ok)) return false;
    return ok && isfinite(*x) && isfinite(*y);
}

cov_status_t cov_source_next(cov_ctx_t *ctx, cov_source_t *src, cov_record_t *rec, bool *done)
{
    if (src->cur) OGR_F_Destroy(src->cur);
    if (src->cur_geom) OGR_G_DestroyGeometry(src->cur_geom);
    src->cur = NULL;
    src->cur_geom = NULL;
    memset(rec, 0, sizeof *rec);
    cov_status_t s = read_raw(ctx, src, &src->cur, &src->cur_geom, done);
    if (s || *done) return s;
    if (!src->to_target)
        return cov_fail(ctx, COV_ERR_INTERNAL, "cov_source_next called before set_target");
    OGREnvelope raw;
    OGR_G_GetEnvelope(src->cur_geom, &raw);
    rec->raw_x = 0.5 * (raw.MinX + raw.MaxX);
    rec->raw_y = 0.5 * (raw.MinY + raw.MaxY);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr err = OGR_G_Transform(src->cur_geom, src->to_target);
    CPLPopErrorHandler();
    OGREnvelope env;
    if (err == OGRERR_NONE) OGR_G_GetEnvelope(src->cur_geom, &env);
    if (err != OGRERR_NONE || !isfinite(env.MinX) || !isfinite(env.MaxY)) {
        const char *unit = cov_source_unit(src);
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s: %s %lld: the coordinates cannot be converted to the project's CRS; "
                        "check --src-crs or the project's CRS",
                        src->path, unit, src->row);
    }
    rec->feature = src->cur;
    rec->geom = src->cur_geom;
    rec->row = src->row;
    return COV_OK;
}

cov_status_t cov_source_text(cov_ctx_t *ctx, cov_source_t *src, const cov_record_t *rec, int idx,
                             const char **out)
{
    *out = NULL;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(rec->feature, idx)) return COV_OK;
    const char *raw = OGR_F_GetFieldAsString(rec->feature, idx);
    if (src->recode) {
        CPLFree(src->text);
        CPLPushErrorHandler(CPLQuietErrorHandler);
        src->text = CPLRecode(raw, src->encoding, CPL_ENC_UTF8);
        CPLPopErrorHandler();
        raw = src->text;
    }
    if (!CPLIsUTF8(raw, -1))
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: %s %lld: field '%s' is not valid UTF-8 text; the file is probably in "
                        "a Chinese legacy encoding: pass --encoding GBK (or add a .cpg file)",
                        src->path, cov_source_unit(src), rec->row, cov_source_field_name(src, idx));
    *out = raw;
    return COV_OK;
}

cov_status_t cov_source_number(cov_ctx_t *ctx, cov_source_t *src, const cov_record_t *rec, int idx,
                               double *out, bool *is_null)
{
    *out = NAN;
    *is_null = true;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(rec->feature, idx)) return COV_OK;
    OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(src->defn, idx));
    if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
        *out = OGR_F_GetFieldAsDouble(rec->feature, idx);
        *is_null = false;
        if (!isfinite(*out)) goto bad;
        return COV_OK;
    }
    const char *s = OGR_F_GetFieldAsString(rec->feature, idx);
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) return COV_OK;
    char *end;
    *out = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r') end++;
    *is_null = false;
    if (end != s && *end == '\0' && isfinite(*out)) return COV_OK;
bad:;
    const char *shown = OGR_F_GetFieldAsString(rec->feature, idx);
    return cov_fail(ctx, COV_ERR_INPUT,
                    "%s: %s %lld: field '%s' is not a number ('%.40s'); fix the value", src->path,
                    cov_source_unit(src), rec->row, cov_source_field_name(src, idx),
                    CPLIsUTF8(shown, -1) ? shown : "?");
}
