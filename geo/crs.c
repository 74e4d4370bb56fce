/* Coordinate reference systems: parsing user CRS names and choosing a metric working CRS. */
#include "geo/crs.h"

#include <cpl_error.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/gcj02.h"

int cov_crs_pick(double lon_min, double lat_min, double lon_max, double lat_max, bool six_degree)
{
    double lon = 0.5 * (lon_min + lon_max), lat = 0.5 * (lat_min + lat_max);
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
