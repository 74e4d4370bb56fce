/* Unit test of geo/gcj02: gcoord reference vectors, inverses, the China box and name parsing. */
#include "geo/gcj02.h"

#include <gdal.h>
#include <ogr_api.h>

#include "tests/unit/check.h"

#define DEG_TO_M 111320.0 /* metres per degree of latitude, near enough for a 1 cm check */
#define GCJ_PI 3.14159265358979323846

/* Horizontal distance in metres between two nearby lon/lat points (equirectangular). */
static double dist_m(double lon1, double lat1, double lon2, double lat2)
{
    double dy = (lat1 - lat2) * DEG_TO_M;
    double dx = (lon1 - lon2) * DEG_TO_M * cos(lat1 * GCJ_PI / 180.0);
    return sqrt(dx * dx + dy * dy);
}

static double field(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    CHECK(i >= 0);
    if (i < 0) return NAN;
    CHECK(OGR_F_IsFieldSetAndNotNull(f, i));
    return OGR_F_GetFieldAsDouble(f, i);
}

/* Check one reference row against every conversion; failures are counted by the CHECK macros. */
static void check_row(OGRFeatureH f)
{
    double wlon = field(f, "wgs84_lon"), wlat = field(f, "wgs84_lat");
    double glon = field(f, "gcj02_lon"), glat = field(f, "gcj02_lat");
    double blon = field(f, "bd09_lon"), blat = field(f, "bd09_lat");
    double x, y;

    CHECK(cov_gcj02_in_china(wlon, wlat));

    cov_wgs84_to_gcj02(wlon, wlat, &x, &y);
    CHECK_NEAR(x, glon, 1e-7);
    CHECK_NEAR(y, glat, 1e-7);

    cov_wgs84_to_bd09(wlon, wlat, &x, &y);
    CHECK_NEAR(x, blon, 1e-7);
    CHECK_NEAR(y, blat, 1e-7);

    cov_gcj02_to_bd09(glon, glat, &x, &y);
    CHECK_NEAR(x, blon, 1e-7);
    CHECK_NEAR(y, blat, 1e-7);

    cov_gcj02_to_wgs84(glon, glat, &x, &y);
    CHECK_NEAR(dist_m(x, y, wlon, wlat), 0.0, 0.01);

    cov_bd09_to_wgs84(blon, blat, &x, &y);
    CHECK_NEAR(dist_m(x, y, wlon, wlat), 0.0, 0.01);

    cov_bd09_to_gcj02(blon, blat, &x, &y);
    CHECK_NEAR(dist_m(x, y, glon, glat), 0.0, 0.01);

    /* The in-place helpers must agree with the direct calls. */
    x = blon;
    y = blat;
    cov_webcrs_to_wgs84(COV_WEBCRS_BD09, &x, &y);
    CHECK_NEAR(dist_m(x, y, wlon, wlat), 0.0, 0.01);
    x = glon;
    y = glat;
    cov_webcrs_to_wgs84(COV_WEBCRS_GCJ02, &x, &y);
    CHECK_NEAR(dist_m(x, y, wlon, wlat), 0.0, 0.01);
    x = wlon;
    y = wlat;
    cov_wgs84_to_webcrs(COV_WEBCRS_GCJ02, &x, &y);
    CHECK_NEAR(x, glon, 1e-7);
    CHECK_NEAR(y, glat, 1e-7);
}

/* Read every row of the gcoord vectors through OGR's CSV driver; returns the row count. */
static int check_vectors(void)
{
    const char *path = shared_path("reference/gcj02/vectors.csv");
    const char *const drivers[] = {"CSV", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    int rows = 0;

    if (!ds) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    CHECK(layer != NULL);
    if (layer) {
        OGRFeatureH f;
        OGR_L_ResetReading(layer);
        while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
            int before = check_failures;
            check_row(f);
            if (check_failures != before)
                fprintf(stderr, "  in row %d (%s)\n", rows + 1,
                        OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "name")));
            rows++;
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
    return rows;
}

/* Forward then inverse over a 1-degree grid of the whole box: back within 1e-9 deg, and the
 * forward image of the inverse matches to the documented tolerance. */
static void check_grid_roundtrip(void)
{
    int bad = 0;
    for (double lon = 72.5; lon <= 137.5; lon += 1.0) {
        for (double lat = 1.0; lat <= 55.5; lat += 1.0) {
            double g_lon, g_lat, b_lon, b_lat, x, y, fx, fy;
            cov_wgs84_to_gcj02(lon, lat, &g_lon, &g_lat);
            cov_gcj02_to_wgs84(g_lon, g_lat, &x, &y);
            cov_wgs84_to_gcj02(x, y, &fx, &fy);
            if (fabs(x - lon) > 1e-9 || fabs(y - lat) > 1e-9 ||
                fabs(fx - g_lon) > COV_GCJ02_INVERSE_TOL ||
                fabs(fy - g_lat) > COV_GCJ02_INVERSE_TOL)
                bad++;

            cov_gcj02_to_bd09(lon, lat, &b_lon, &b_lat);
            cov_bd09_to_gcj02(b_lon, b_lat, &x, &y);
            cov_gcj02_to_bd09(x, y, &fx, &fy);
            if (fabs(x - lon) > 1e-9 || fabs(y - lat) > 1e-9 ||
                fabs(fx - b_lon) > COV_GCJ02_INVERSE_TOL ||
                fabs(fy - b_lat) > COV_GCJ02_INVERSE_TOL)
                bad++;

            cov_wgs84_to_bd09(lon, lat, &b_lon, &b_lat);
            cov_bd09_to_wgs84(b_lon, b_lat, &x, &y);
            if (fabs(x - lon) > 1e-9 || fabs(y - lat) > 1e-9) bad++;
        }
    }
    CHECK_INT(bad, 0);
}

/* Points outside the box come back unchanged from every conversion. */
static void check_outside(double lon, double lat)
{
    double x, y;

    CHECK(!cov_gcj02_in_china(lon, lat));
    cov_wgs84_to_gcj02(lon, lat, &x, &y);
    CHECK(x == lon && y == lat);
    cov_gcj02_to_wgs84(lon, lat, &x, &y);
    CHECK(x == lon && y == lat);
    cov_gcj02_to_bd09(lon, lat, &x, &y);
    CHECK(x == lon && y == lat);
    cov_bd09_to_gcj02(lon, lat, &x, &y);
    CHECK(x == lon && y == lat);
    cov_wgs84_to_bd09(lon, lat, &x, &y);
    CHECK(x == lon && y == lat);
    cov_bd09_to_wgs84(lon, lat, &x, &y);
    CHECK(x == lon && y == lat);
    for (int w = COV_WEBCRS_NONE; w <= COV_WEBCRS_BD09; w++) {
        x = lon;
        y = lat;
        cov_webcrs_to_wgs84((cov_webcrs_t)w, &x, &y);
        CHECK(x == lon && y == lat);
        cov_wgs84_to_webcrs((cov_webcrs_t)w, &x, &y);
        CHECK(x == lon && y == lat);
    }
}

static void check_box_edges(void)
{
    CHECK(cov_gcj02_in_china(72.004, 0.8293));
    CHECK(cov_gcj02_in_china(137.8347, 55.8271));
    CHECK(!cov_gcj02_in_china(72.0039, 30.0));
    CHECK(!cov_gcj02_in_china(137.8348, 30.0));
    CHECK(!cov_gcj02_in_china(100.0, 0.8292));
    CHECK(!cov_gcj02_in_china(100.0, 55.8272));
    CHECK(!cov_gcj02_in_china(NAN, 30.0));
    CHECK(!cov_gcj02_in_china(100.0, INFINITY));
}

static void check_names(void)
{
    CHECK_INT(cov_webcrs_parse("GCJ02"), COV_WEBCRS_GCJ02);
    CHECK_INT(cov_webcrs_parse("gcj02"), COV_WEBCRS_GCJ02);
    CHECK_INT(cov_webcrs_parse("gcj-02"), COV_WEBCRS_GCJ02);
    CHECK_INT(cov_webcrs_parse("GCJ_02"), COV_WEBCRS_GCJ02);
    CHECK_INT(cov_webcrs_parse("Gcj-02"), COV_WEBCRS_GCJ02);
    CHECK_INT(cov_webcrs_parse("BD09"), COV_WEBCRS_BD09);
    CHECK_INT(cov_webcrs_parse("bd-09"), COV_WEBCRS_BD09);
    CHECK_INT(cov_webcrs_parse("bd09"), COV_WEBCRS_BD09);
    CHECK_INT(cov_webcrs_parse("BD09LL"), COV_WEBCRS_BD09);
    CHECK_INT(cov_webcrs_parse("BD09MC"), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse("WGS84"), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse("EPSG:4326"), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse("gcj"), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse("gcj02x"), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse("a-very-long-name-that-is-not-a-crs"), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse(""), COV_WEBCRS_NONE);
    CHECK_INT(cov_webcrs_parse(NULL), COV_WEBCRS_NONE);

    CHECK_STR(cov_webcrs_name(COV_WEBCRS_GCJ02), "GCJ02");
    CHECK_STR(cov_webcrs_name(COV_WEBCRS_BD09), "BD09");
    CHECK(cov_webcrs_name(COV_WEBCRS_NONE) == NULL);
    CHECK_INT(cov_webcrs_parse(cov_webcrs_name(COV_WEBCRS_BD09)), COV_WEBCRS_BD09);
}

int main(void)
{
    GDALAllRegister();

    int rows = check_vectors();
    CHECK(rows > 0);
    CHECK_INT(rows, 107);

    check_grid_roundtrip();
    check_outside(139.69, 35.69);    /* Tokyo */
    check_outside(-0.1276, 51.5072); /* London */
    check_outside(-74.006, 40.7128); /* New York */
    check_box_edges();
    check_names();

    /* NULL out pointers for the in-place helpers are tolerated. */
    double v = 116.0;
    cov_webcrs_to_wgs84(COV_WEBCRS_GCJ02, &v, NULL);
    CHECK(v == 116.0);

    CHECK_DONE();
}
