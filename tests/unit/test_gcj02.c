/* Unit test of geo/gcj02: round trips over the whole box, the China box and name parsing. The
 * gcoord reference vectors are data: tests/reference/gcj02.cases. */
#include "geo/gcj02.h"

#include "tests/unit/check.h"

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
