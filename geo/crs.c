/* Coordinate reference systems: parsing user CRS names and choosing a metric working CRS. */
#include "geo/crs.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/gcj02.h"

int cov_crs_pick(double lon_min, double lat_min, double lon_max, double lat_max, bool six_degree)
{
    double lon = 0.5 * (lon_min + lon_max), lat = 0.5 * (lat_min + lat_max);
    if (lon > 180) lon -= 360; /* an extent across the antimeridian (lon_max up to 540) */
    /* Hong Kong's own grid: the territory's bounds with a small margin. */
    if (lon_min >= 113.7 && lon_max <= 114.6 && lat_min >= 22.1 && lat_max <= 22.6) return 2326;
    if (cov_gcj02_in_china(lon, lat) && lon >= 73.5 && lon <= 136.5) {
        if (six_degree) {
            /* 6-degree zones 13..23, central meridians 75E..135E: EPSG:4502..4512. */
            int zone = (int)floor(lon / 6.0) + 1;
            if (zone < 13) zone = 13;
            if (zone > 23) zone = 23;
            return 4502 + (zone - 13);
        }
        /* 3-degree zones, central meridians 75E..135E: EPSG:4534..4554. */
        int cm = (int)lround(lon / 3.0) * 3;
        if (cm < 75) cm = 75;
        if (cm > 135) cm = 135;
        return 4534 + (cm - 75) / 3;
    }
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone < 1) zone = 1;
    if (zone > 60) zone = 60;
    return (lat >= 0 ? 32600 : 32700) + zone;
}

cov_status_t cov_crs_parse(cov_ctx_t *ctx, const char *text, OGRSpatialReferenceH *out)
{
    *out = NULL;
    if (!text || !*text) return cov_fail(ctx, COV_ERR_CRS, "empty CRS name");
    if (cov_webcrs_parse(text) != COV_WEBCRS_NONE)
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s is a web-map coordinate system, not a CRS PROJ knows; it is accepted "
                        "as an import source (--src-crs %s) only",
                        text, text);
    char buf[64];
    const char *def = text;
    char *end;
    long code = strtol(text, &end, 10);
    if (*end == '\0' && code > 0) {
        snprintf(buf, sizeof buf, "EPSG:%ld", code);
        def = buf;
    }
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr err = OSRSetFromUserInput(srs, def);
    CPLPopErrorHandler();
    if (err != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return cov_fail(ctx, COV_ERR_CRS,
                        "unknown CRS '%s': give an EPSG code (e.g. EPSG:4326 for WGS84 lon/lat, "
                        "EPSG:4490 for CGCS2000, EPSG:4545 for CGCS2000 / 3-degree GK CM 108E), "
                        "a WKT or PROJ string, or GCJ02/BD09 for AMap/Baidu coordinates",
                        text);
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    *out = srs;
    return COV_OK;
}

cov_status_t cov_crs_parse_epsg(cov_ctx_t *ctx, const char *text, int *srid)
{
    *srid = 0;
    OGRSpatialReferenceH srs;
    cov_status_t s = cov_crs_parse(ctx, text, &srs);
    if (s) return s;
    OSRAutoIdentifyEPSG(srs);
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    bool projected = OSRIsProjected(srs);
    double unit = projected ? OSRGetLinearUnits(srs, NULL) : 0;
    int value = (auth && code && strcmp(auth, "EPSG") == 0) ? atoi(code) : 0;
    OSRDestroySpatialReference(srs);
    if (!value)
        return cov_fail(ctx, COV_ERR_CRS,
                        "CRS '%s' has no EPSG code; the working CRS must be an EPSG projected "
                        "CRS such as EPSG:4545",
                        text);
    if (!projected || fabs(unit - 1.0) > 1e-9)
        return cov_fail(ctx, COV_ERR_CRS,
                        "CRS '%s' (EPSG:%d) is not a projected CRS in metres; the working CRS "
                        "measures distances, e.g. EPSG:4534-4554 (CGCS2000 3-degree GK) or UTM",
                        text, value);
    *srid = value;
    return COV_OK;
}

bool cov_crs_covers(OGRSpatialReferenceH srs, double lon_min, double lat_min, double lon_max,
                    double lat_max, double margin_deg)
{
    double w, s, e, n;
    const char *name = NULL;
    if (!OSRGetAreaOfUse(srs, &w, &s, &e, &n, &name) || w < -1000) return true;
    if (w > e) e += 360.0; /* area crossing the antimeridian */
    return lon_min >= w - margin_deg && lon_max <= e + margin_deg && lat_min >= s - margin_deg &&
           lat_max <= n + margin_deg;
}

cov_status_t cov_crs_fit_wide(cov_ctx_t *ctx, double lon_min, double lat_min, double lon_max,
                              double lat_max, OGRSpatialReferenceH *out)
{
    *out = NULL;
    if (!(lon_min <= lon_max && lat_min <= lat_max) || lat_min < -89 || lat_max > 89)
        return cov_fail(ctx, COV_ERR_CRS,
                        "cannot fit an equal-area projection to lon %.4f..%.4f, lat %.4f..%.4f",
                        lon_min, lon_max, lat_min, lat_max);
    double half = 0.5;
    double lon0 = round(0.5 * (lon_min + lon_max) / half) * half;
    double span = fmax(lat_max - lat_min, 2.0); /* a narrow band still gets two parallels */
    double mid = 0.5 * (lat_min + lat_max);
    double lat1 = round((mid - span / 3.0) / half) * half,
           lat2 = round((mid + span / 3.0) / half) * half;
    if (lat1 == lat2) lat2 = lat1 + half;
    double lat0 = round(mid / half) * half;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char name[160];
    snprintf(name, sizeof name, "CGCS2000 / Albers equal-area %gE (%g, %g) (covplan)", lon0, lat1,
             lat2);
    if (OSRImportFromEPSG(srs, 4490) != OGRERR_NONE || OSRSetProjCS(srs, name) != OGRERR_NONE ||
        OSRSetACEA(srs, lat1, lat2, lat0, lon0, 0, 0) != OGRERR_NONE ||
        OSRSetLinearUnits(srs, SRS_UL_METER, 1.0) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return cov_fail(ctx, COV_ERR_CRS, "cannot build the equal-area projection (GDAL/PROJ)");
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    *out = srs;
    return COV_OK;
}

cov_status_t cov_crs_parse_projected(cov_ctx_t *ctx, const char *text, OGRSpatialReferenceH *out,
                                     int *epsg)
{
    *out = NULL;
    *epsg = 0;
    OGRSpatialReferenceH srs;
    cov_status_t s = cov_crs_parse(ctx, text, &srs);
    if (s) return s;
    bool projected = OSRIsProjected(srs);
    double unit = projected ? OSRGetLinearUnits(srs, NULL) : 0;
    if (!projected || fabs(unit - 1.0) > 1e-9) {
        OSRDestroySpatialReference(srs);
        return cov_fail(ctx, COV_ERR_CRS,
                        "CRS '%s' is not a projected CRS in metres; the working CRS measures "
                        "distances, e.g. EPSG:4534-4554 (CGCS2000 3-degree GK), UTM, or an "
                        "Albers equal-area conic given as a PROJ string or WKT",
                        text);
    }
    const char *name = OSRGetName(srs);
    if (!name || !*name || strcmp(name, "unknown") == 0) { /* a bare PROJ string */
        char given[160];
        snprintf(given, sizeof given, "user CRS %.140s", text);
        OSRSetProjCS(srs, given);
    }
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    if (!(auth && code)) {
        OGRSpatialReferenceH probe = OSRClone(srs);
        if (OSRAutoIdentifyEPSG(probe) == OGRERR_NONE) {
            auth = OSRGetAuthorityName(probe, NULL);
            code = OSRGetAuthorityCode(probe, NULL);
            if (auth && code && strcmp(auth, "EPSG") == 0) *epsg = atoi(code);
        }
        OSRDestroySpatialReference(probe);
    } else if (strcmp(auth, "EPSG") == 0) {
        *epsg = atoi(code);
    }
    *out = srs;
    return COV_OK;
}

/* The CRS's map projection alone, as PROJ runs it from longitude/latitude in radians on the
 * CRS's own ellipsoid: the projection step of the CRS's conversion (without its axis swaps and
 * unit conversions), which proj_factors evaluates. GDAL's PROJ.4 export is the fallback; it
 * writes Web Mercator on a sphere (+a=+b=6378137 +nadgrids=@null), whose factors are not the
 * ellipsoid's (0.12% off in areal scale at 40 degrees). */
static char *projection_step(cov_ctx_t *ctx, OGRSpatialReferenceH srs)
{
    char *wkt = NULL, *step = NULL;
    if (OSRExportToWktEx(srs, &wkt, (const char *const[]){"FORMAT=WKT2_2019", NULL}) !=
            OGRERR_NONE ||
        !wkt) {
        CPLFree(wkt);
        return NULL;
    }
    PJ_CONTEXT *pc = cov_ctx_proj(ctx);
    PJ *crs = proj_create(pc, wkt);
    CPLFree(wkt);
    PJ *op = crs ? proj_crs_get_coordoperation(pc, crs) : NULL;
    const char *text = op ? proj_as_proj_string(pc, op, PJ_PROJ_5, NULL) : NULL;
    /* "+proj=pipeline +step +proj=axisswap … +step +proj=tmerc … +step …": the one step that
     * is neither an axis swap nor a unit conversion */
    int found = 0;
    const char *at = text;
    while (at && (at = strstr(at, "+step ")) != NULL) {
        at += 6;
        const char *end = strstr(at, " +step ");
        size_t len = end ? (size_t)(end - at) : strlen(at);
        if (strncmp(at, "+proj=axisswap", 14) == 0 || strncmp(at, "+proj=unitconvert", 17) == 0)
            continue;
        if (found++) { /* more than one: not a plain projection */
            free(step);
            step = NULL;
            break;
        }
        step = malloc(len + 1);
        if (step) memcpy(step, at, len), step[len] = '\0';
    }
    if (text && !strstr(text, "+proj=pipeline") && !step) step = strdup(text);
    if (op) proj_destroy(op);
    if (crs) proj_destroy(crs);
    return step;
}

static cov_status_t factors_pj(cov_ctx_t *ctx, OGRSpatialReferenceH srs, PJ **out)
{
    char *step = projection_step(ctx, srs);
    PJ *p = step ? proj_create(cov_ctx_proj(ctx), step) : NULL;
    free(step);
    if (!p) { /* GDAL's PROJ.4 export */
        char *p4 = NULL;
        if (OSRExportToProj4(srs, &p4) != OGRERR_NONE || !p4) {
            CPLFree(p4);
            return cov_fail(ctx, COV_ERR_CRS, "cannot describe the CRS %s to PROJ",
                            OSRGetName(srs));
        }
        p = proj_create(cov_ctx_proj(ctx), p4);
        CPLFree(p4);
    }
    if (!p) return cov_fail(ctx, COV_ERR_CRS, "PROJ cannot use the CRS %s", OSRGetName(srs));
    *out = p;
    return COV_OK;
}

cov_status_t cov_crs_scale_error(cov_ctx_t *ctx, OGRSpatialReferenceH srs, double lon_min,
                                 double lat_min, double lon_max, double lat_max, double *worst,
                                 double *max_scale)
{
    *worst = 0;
    *max_scale = 1;
    PJ *p;
    cov_status_t ps = factors_pj(ctx, srs, &p);
    if (ps) return ps;
    const int n = 41;
    double m = 0.1;
    double w = lon_min - m, e = lon_max + m, so = fmax(lat_min - m, -89.5),
           no = fmin(lat_max + m, 89.5);
    cov_status_t s = COV_OK;
    for (int i = 0; i < n && !s; i++)
        for (int j = 0; j < n && !s; j++) {
            double lon = w + (e - w) * i / (n - 1), lat = so + (no - so) * j / (n - 1);
            PJ_COORD c = proj_coord(proj_torad(lon), proj_torad(lat), 0, 0);
            proj_errno_reset(p);
            PJ_FACTORS f = proj_factors(p, c);
            if (proj_errno(p)) {
                s = cov_fail(ctx, COV_ERR_CRS,
                             "the CRS %s is not defined at lon %.3f, lat %.3f (inside the data); "
                             "choose a CRS that covers the data",
                             proj_get_name(p), lon, lat);
                break;
            }
            double a = f.tissot_semimajor, b = f.tissot_semiminor;
            double err = fmax(fabs(a - 1), fabs(b - 1));
            if (err > *worst) *worst = err;
            if (a > *max_scale) *max_scale = a;
        }
    proj_destroy(p);
    return s;
}

cov_status_t cov_crs_areal_scale(cov_ctx_t *ctx, OGRSpatialReferenceH srs, size_t n,
                                 const double *lon, const double *lat, double *out)
{
    PJ *p;
    cov_status_t ps = factors_pj(ctx, srs, &p);
    if (ps) return ps;
    cov_status_t s = COV_OK;
    for (size_t i = 0; i < n && !s; i++) {
        PJ_COORD c = proj_coord(proj_torad(lon[i]), proj_torad(lat[i]), 0, 0);
        proj_errno_reset(p);
        PJ_FACTORS f = proj_factors(p, c);
        if (proj_errno(p) || !(f.areal_scale > 0))
            s = cov_fail(ctx, COV_ERR_CRS, "the CRS %s is not defined at lon %.6f, lat %.6f",
                         proj_get_name(p), lon[i], lat[i]);
        else
            out[i] = sqrt(f.areal_scale);
    }
    proj_destroy(p);
    return s;
}

cov_status_t cov_crs_choose(cov_ctx_t *ctx, const double ext[4], bool six_degree, bool wide,
                            OGRSpatialReferenceH *out, bool *fitted)
{
    *out = NULL;
    *fitted = false;
    if (!wide) {
        int srid = cov_crs_pick(ext[0], ext[1], ext[2], ext[3], six_degree);
        OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
        if (OSRImportFromEPSG(srs, srid) == OGRERR_NONE &&
            cov_crs_covers(srs, ext[0], ext[1], ext[2], ext[3], 1.0)) {
            OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
            *out = srs;
            return COV_OK;
        }
        OSRDestroySpatialReference(srs);
    }
    *fitted = true;
    return cov_crs_fit_wide(ctx, ext[0], ext[1], ext[2], ext[3], out);
}
