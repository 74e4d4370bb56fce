/* Unit test of geo/webcrs_geom: GCJ-02/BD-09 on whole OGR geometries, against gcoord vectors. */
#include "geo/webcrs_geom.h"

#include <gdal.h>
#include <ogr_api.h>

#include "tests/unit/check.h"

#define MAX_ROWS 256

static double wlon[MAX_ROWS], wlat[MAX_ROWS], glon[MAX_ROWS], glat[MAX_ROWS], blon[MAX_ROWS],
    blat[MAX_ROWS];

static double field(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    CHECK(i >= 0);
    return i < 0 ? NAN : OGR_F_GetFieldAsDouble(f, i);
}

/* The gcoord reference vectors (reference/gcj02/vectors.csv), read through GDAL's CSV driver. */
static int load_vectors(void)
{
    GDALDatasetH ds =
        GDALOpenEx(shared_path("reference/gcj02/vectors.csv"), GDAL_OF_VECTOR, NULL, NULL, NULL);
    CHECK(ds != NULL);
    if (!ds) return 0;
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    int n = 0;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL && n < MAX_ROWS) {
        wlon[n] = field(f, "wgs84_lon");
        wlat[n] = field(f, "wgs84_lat");
        glon[n] = field(f, "gcj02_lon");
        glat[n] = field(f, "gcj02_lat");
        blon[n] = field(f, "bd09_lon");
        blat[n] = field(f, "bd09_lat");
        n++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return n;
}

/* Every vector as one line string in WGS84: converted in place it must match gcoord. */
static void test_line_against_vectors(int n)
{
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    for (int i = 0; i < n; i++) OGR_G_AddPoint_2D(line, wlon[i], wlat[i]);
    OGRGeometryH bd = OGR_G_Clone(line);
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_GCJ02, line), COV_OK);
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_BD09, bd), COV_OK);
    CHECK_INT(OGR_G_GetPointCount(line), n);
    CHECK(!OGR_G_Is3D(line));
    for (int i = 0; i < n; i++) {
        CHECK_NEAR(OGR_G_GetX(line, i), glon[i], 1e-7);
        CHECK_NEAR(OGR_G_GetY(line, i), glat[i], 1e-7);
        CHECK_NEAR(OGR_G_GetX(bd, i), blon[i], 1e-7);
        CHECK_NEAR(OGR_G_GetY(bd, i), blat[i], 1e-7);
    }
    /* and back: within 1e-9 degrees (0.1 mm) of where they started */
    CHECK_INT(cov_webcrs_geometry_to_wgs84(COV_WEBCRS_GCJ02, line), COV_OK);
    CHECK_INT(cov_webcrs_geometry_to_wgs84(COV_WEBCRS_BD09, bd), COV_OK);
    for (int i = 0; i < n; i++) {
        CHECK_NEAR(OGR_G_GetX(line, i), wlon[i], 1e-9);
        CHECK_NEAR(OGR_G_GetY(line, i), wlat[i], 1e-9);
        CHECK_NEAR(OGR_G_GetX(bd, i), wlon[i], 1e-9);
        CHECK_NEAR(OGR_G_GetY(bd, i), wlat[i], 1e-9);
    }
    OGR_G_DestroyGeometry(line);
    OGR_G_DestroyGeometry(bd);
}

static OGRGeometryH from_wkt(const char *wkt)
{
    OGRGeometryH g = NULL;
    char *p = (char *)wkt;
    CHECK(OGR_G_CreateFromWkt(&p, NULL, &g) == OGRERR_NONE);
    return g;
}

/* Nested types (multipolygon with a hole, a collection), Z and M kept, type unchanged. */
static void test_geometry_types(void)
{
    double x0 = 107.5093, y0 = 31.1962, gx, gy;
    cov_wgs84_to_gcj02(x0, y0, &gx, &gy);

    OGRGeometryH mp = from_wkt("MULTIPOLYGON (((107.4 31.1,107.6 31.1,107.6 31.3,107.4 31.3,"
                               "107.4 31.1),(107.5093 31.1962,107.52 31.1962,107.52 31.2,"
                               "107.5093 31.1962)),((108 31,108.1 31,108.1 31.1,108 31)))");
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_GCJ02, mp), COV_OK);
    CHECK_INT(wkbFlatten(OGR_G_GetGeometryType(mp)), wkbMultiPolygon);
    OGRGeometryH hole = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(mp, 0), 1);
    CHECK_NEAR(OGR_G_GetX(hole, 0), gx, 1e-12);
    CHECK_NEAR(OGR_G_GetY(hole, 0), gy, 1e-12);
    CHECK_INT(OGR_G_GetPointCount(OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(mp, 1), 0)), 4);
    OGR_G_DestroyGeometry(mp);

    OGRGeometryH z = from_wkt("GEOMETRYCOLLECTION (POINT Z (107.5093 31.1962 345.5),"
                              "LINESTRING Z (107.5093 31.1962 1,107.6 31.2 2))");
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_GCJ02, z), COV_OK);
    OGRGeometryH pz = OGR_G_GetGeometryRef(z, 0);
    CHECK(OGR_G_Is3D(pz));
    CHECK_NEAR(OGR_G_GetX(pz, 0), gx, 1e-12);
    CHECK_NEAR(OGR_G_GetY(pz, 0), gy, 1e-12);
    CHECK_NEAR(OGR_G_GetZ(pz, 0), 345.5, 0);
    CHECK_NEAR(OGR_G_GetZ(OGR_G_GetGeometryRef(z, 1), 1), 2.0, 0);
    OGR_G_DestroyGeometry(z);

    OGRGeometryH m = from_wkt("LINESTRING M (107.5093 31.1962 7,107.6 31.2 8)");
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_BD09, m), COV_OK);
    CHECK(OGR_G_IsMeasured(m));
    CHECK(!OGR_G_Is3D(m));
    CHECK_NEAR(OGR_G_GetM(m, 1), 8.0, 0);
    double bx, by;
    cov_wgs84_to_bd09(x0, y0, &bx, &by);
    CHECK_NEAR(OGR_G_GetX(m, 0), bx, 1e-12);
    CHECK_NEAR(OGR_G_GetY(m, 0), by, 1e-12);
    OGR_G_DestroyGeometry(m);
}

/* Outside China, NONE, empty and NULL geometries. */
static void test_edges(void)
{
    OGRGeometryH london = from_wkt("POINT (-0.1276 51.5072)");
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_GCJ02, london), COV_OK);
    CHECK_NEAR(OGR_G_GetX(london, 0), -0.1276, 0);
    CHECK_NEAR(OGR_G_GetY(london, 0), 51.5072, 0);
    OGR_G_DestroyGeometry(london);

    OGRGeometryH p = from_wkt("POINT (107.5093 31.1962)");
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_NONE, p), COV_OK);
    CHECK_NEAR(OGR_G_GetX(p, 0), 107.5093, 0);
    OGR_G_DestroyGeometry(p);

    OGRGeometryH empty = from_wkt("POLYGON EMPTY");
    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_GCJ02, empty), COV_OK);
    CHECK(OGR_G_IsEmpty(empty));
    OGR_G_DestroyGeometry(empty);

    CHECK_INT(cov_webcrs_geometry_from_wgs84(COV_WEBCRS_GCJ02, NULL), COV_ERR_USAGE);
    CHECK_INT(cov_webcrs_geometry_to_wgs84(COV_WEBCRS_BD09, NULL), COV_ERR_USAGE);
}

int main(void)
{
    GDALAllRegister();
    int n = load_vectors();
    CHECK(n >= 100);
    test_line_against_vectors(n);
    test_geometry_types();
    test_edges();
    GDALDestroyDriverManager();
    CHECK_DONE();
}
