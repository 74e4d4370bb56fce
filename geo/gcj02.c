/* Chinese web-map coordinate conversions: WGS84 <-> GCJ-02 <-> BD-09, with iterative inverses. */
#include "geo/gcj02.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

/* M_PI is not in strict C11; this is the value the published formulas use. */
#define GCJ_PI 3.14159265358979323846

/* Krasovsky 1940 ellipsoid, on which the GCJ-02 offset is expressed. */
static const double KRASOVSKY_A = 6378245.0;
static const double KRASOVSKY_EE = 0.00669342162296594323;

/* Baidu's angular factor x_pi = pi * 3000 / 180, and its constant shift. */
static const double BD_X_PI = GCJ_PI * 3000.0 / 180.0;
static const double BD_DLON = 0.0065;
static const double BD_DLAT = 0.006;

/* Guard against a non-converging iteration; inside the box 2-5 steps suffice. */
enum { MAX_ITER = 50 };

/* The "in China" rule is the rough bounding box of the gcoord converter (hujiulong/gcoord,
 * src/crs/GCJ02.ts, isInChinaBbox; its 1.0.7 produced the reference vectors); see
 * docs/coordinates.md. It includes parts of neighbouring countries and excludes nothing (Hong
 * Kong, Macau and Taiwan are inside); a border-exact rule would need polygons. */
bool cov_gcj02_in_china(double lon, double lat)
{
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

/* The two published polynomial-plus-harmonic terms, in arbitrary "metre-like" units, of
 * x = lon - 105 and y = lat - 35. */
static double transform_lat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * GCJ_PI) + 20.0 * sin(2.0 * x * GCJ_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(y * GCJ_PI) + 40.0 * sin(y / 3.0 * GCJ_PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * GCJ_PI) + 320.0 * sin(y * GCJ_PI / 30.0)) * 2.0 / 3.0;
    return r;
}

static double transform_lon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * GCJ_PI) + 20.0 * sin(2.0 * x * GCJ_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(x * GCJ_PI) + 40.0 * sin(x / 3.0 * GCJ_PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * GCJ_PI) + 300.0 * sin(x / 30.0 * GCJ_PI)) * 2.0 / 3.0;
    return r;
}

/* The forward maps without the box test, so composed and inverse conversions apply the box
 * once, to the point the caller gave. */
static void wgs_to_gcj(double lon, double lat, double *out_lon, double *out_lat)
{
    double dlat = transform_lat(lon - 105.0, lat - 35.0);
    double dlon = transform_lon(lon - 105.0, lat - 35.0);
    double rad_lat = lat / 180.0 * GCJ_PI;
    double s = sin(rad_lat);
    double magic = 1.0 - KRASOVSKY_EE * s * s;
    double sqrt_magic = sqrt(magic);

    /* Turn the offsets into degrees with the ellipsoid's meridional and parallel radii. */
    dlat = dlat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * GCJ_PI);
    dlon = dlon * 180.0 / (KRASOVSKY_A / sqrt_magic * cos(rad_lat) * GCJ_PI);
    *out_lon = lon + dlon;
    *out_lat = lat + dlat;
}

static void gcj_to_bd(double lon, double lat, double *out_lon, double *out_lat)
{
    double z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * BD_X_PI);
    double theta = atan2(lat, lon) + 0.000003 * cos(lon * BD_X_PI);

    *out_lon = z * cos(theta) + BD_DLON;
    *out_lat = z * sin(theta) + BD_DLAT;
}

/* The closed form usually published as the BD-09 inverse. It is only approximate (it evaluates
 * the perturbation at the wrong point), so it serves as the starting guess of the iteration. */
static void bd_to_gcj_approx(double lon, double lat, double *out_lon, double *out_lat)
{
    double x = lon - BD_DLON;
    double y = lat - BD_DLAT;
    double z = sqrt(x * x + y * y) - 0.00002 * sin(y * BD_X_PI);
    double theta = atan2(y, x) - 0.000003 * cos(x * BD_X_PI);

    *out_lon = z * cos(theta);
    *out_lat = z * sin(theta);
}

typedef void (*forward_fn)(double lon, double lat, double *out_lon, double *out_lat);

/* Solve fwd(x, y) = (lon, lat) by fixed-point iteration x <- x - (fwd(x) - target). Both maps
 * are the identity plus an offset whose derivatives are below about 0.03, so each step shrinks
 * the error at least thirtyfold; we stop once the forward image is within the tolerance. */
static void invert(forward_fn fwd, double lon, double lat, double x, double y, double *out_lon,
                   double *out_lat)
{
    for (int i = 0; i < MAX_ITER; i++) {
        double fx, fy;
        fwd(x, y, &fx, &fy);
        double dx = fx - lon;
        double dy = fy - lat;
        if (fabs(dx) <= COV_GCJ02_INVERSE_TOL && fabs(dy) <= COV_GCJ02_INVERSE_TOL) break;
        x -= dx;
        y -= dy;
    }
    *out_lon = x;
    *out_lat = y;
}

static void gcj_to_wgs(double lon, double lat, double *out_lon, double *out_lat)
{
    invert(wgs_to_gcj, lon, lat, lon, lat, out_lon, out_lat);
}

static void bd_to_gcj(double lon, double lat, double *out_lon, double *out_lat)
{
    double x, y;
    bd_to_gcj_approx(lon, lat, &x, &y);
    invert(gcj_to_bd, lon, lat, x, y, out_lon, out_lat);
}

void cov_wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!cov_gcj02_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    wgs_to_gcj(lon, lat, out_lon, out_lat);
}

void cov_gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!cov_gcj02_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    gcj_to_wgs(lon, lat, out_lon, out_lat);
}

/* gcoord applies the BD-09 step everywhere; we keep it inside the box too, so that every
 * conversion here is the identity outside China and WGS84 -> BD-09 never half-applies. */
void cov_gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!cov_gcj02_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    gcj_to_bd(lon, lat, out_lon, out_lat);
}

void cov_bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!cov_gcj02_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    bd_to_gcj(lon, lat, out_lon, out_lat);
}

void cov_wgs84_to_bd09(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!cov_gcj02_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double x, y;
    wgs_to_gcj(lon, lat, &x, &y);
    gcj_to_bd(x, y, out_lon, out_lat);
}

void cov_bd09_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!cov_gcj02_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double x, y;
    bd_to_gcj(lon, lat, &x, &y);
    gcj_to_wgs(x, y, out_lon, out_lat);
}

cov_webcrs_t cov_webcrs_parse(const char *name)
{
    char key[16];
    size_t n = 0;

    if (!name) return COV_WEBCRS_NONE;
    for (const char *p = name; *p; p++) {
        if (*p == '-' || *p == '_' || *p == ' ') continue;
        if (n + 1 >= sizeof key) return COV_WEBCRS_NONE;
        key[n++] = (char)tolower((unsigned char)*p);
    }
    key[n] = '\0';

    if (strcmp(key, "gcj02") == 0) return COV_WEBCRS_GCJ02;
    if (strcmp(key, "bd09") == 0 || strcmp(key, "bd09ll") == 0) return COV_WEBCRS_BD09;
    return COV_WEBCRS_NONE;
}

const char *cov_webcrs_name(cov_webcrs_t w)
{
    switch (w) {
    case COV_WEBCRS_GCJ02: return "GCJ02";
    case COV_WEBCRS_BD09: return "BD09";
    case COV_WEBCRS_NONE: break;
    }
    return NULL;
}

void cov_webcrs_to_wgs84(cov_webcrs_t w, double *lon, double *lat)
{
    if (!lon || !lat) return;
    if (w == COV_WEBCRS_GCJ02)
        cov_gcj02_to_wgs84(*lon, *lat, lon, lat);
    else if (w == COV_WEBCRS_BD09)
        cov_bd09_to_wgs84(*lon, *lat, lon, lat);
}

void cov_wgs84_to_webcrs(cov_webcrs_t w, double *lon, double *lat)
{
    if (!lon || !lat) return;
    if (w == COV_WEBCRS_GCJ02)
        cov_wgs84_to_gcj02(*lon, *lat, lon, lat);
    else if (w == COV_WEBCRS_BD09)
        cov_wgs84_to_bd09(*lon, *lat, lon, lat);
}
