/* geo/diskcover: polygon ∩ union of disks against closed forms and against GEOS. */
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>

#include "geo/diskcover.h"
#include "tests/unit/check.h"

static double cover_wkt(const char *wkt, const double *x, const double *y, const double *r,
                        size_t n)
{
    OGRGeometryH g = NULL;
    char *w = (char *)wkt;
    if (OGR_G_CreateFromWkt(&w, NULL, &g) != OGRERR_NONE) return NAN;
    cov_edge_t *e;
    size_t ne;
    double cov = NAN;
    if (cov_edges_of(g, &e, &ne) == COV_OK) {
        if (cov_diskcover_area(e, ne, x, y, r, n, &cov) != COV_OK) cov = NAN;
        free(e);
    }
    OGR_G_DestroyGeometry(g);
    return cov;
}

/* Area of the lens where two disks of radius r at distance d overlap. */
static double lens(double r, double d)
{
    return 2 * r * r * acos(d / (2 * r)) - 0.5 * d * sqrt(4 * r * r - d * d);
}

/* Circular segment cut from a disk of radius r by a chord at distance h from its centre. */
static double segment(double r, double h)
{
    return r * r * acos(h / r) - h * sqrt(r * r - h * h);
}

static void closed_forms(void)
{
    /* a disk well inside a square, far from the origin (Gauss–Krüger-sized coordinates) */
    const char *sq = "POLYGON((495000 2495000,505000 2495000,505000 2505000,495000 2505000,"
                     "495000 2495000))";
    double x1[] = {500000}, y1[] = {2500000}, r1[] = {1000};
    CHECK_NEAR(cover_wkt(sq, x1, y1, r1, 1), M_PI * 1e6, 1e-6);
    /* a disk across an edge: the part inside is the disk minus a circular segment */
    double x2[] = {495300}, y2[] = {2500000};
    CHECK_NEAR(cover_wkt(sq, x2, y2, r1, 1), M_PI * 1e6 - segment(1000, 300), 1e-6);
    /* across a corner: quarter disk */
    double x3[] = {495000}, y3[] = {2495000};
    CHECK_NEAR(cover_wkt(sq, x3, y3, r1, 1), M_PI * 1e6 / 4, 1e-6);
    /* two overlapping disks: the union is two disks minus the lens */
    double x4[] = {499000, 500200}, y4[] = {2500000, 2500300}, r4[] = {1000, 1000};
    double d4 = hypot(1200, 300);
    CHECK_NEAR(cover_wkt(sq, x4, y4, r4, 2), 2 * M_PI * 1e6 - lens(1000, d4), 1e-6);
    /* a disk inside another, and a duplicate: no change */
    double x5[] = {500000, 500100, 500000}, y5[] = {2500000, 2500100, 2500000};
    double r5[] = {1000, 300, 1000};
    CHECK_NEAR(cover_wkt(sq, x5, y5, r5, 3), M_PI * 1e6, 1e-6);
    /* a disk larger than the polygon: the whole polygon */
    double r6[] = {20000};
    CHECK_NEAR(cover_wkt(sq, x1, y1, r6, 1), 1e8, 1e-6);
    /* a hole (20 x 20) at the disk's centre */
    const char *holed = "POLYGON((0 0,100 0,100 100,0 100,0 0),(40 40,40 60,60 60,60 40,40 40))";
    double x7[] = {50}, y7[] = {50}, r7[] = {30};
    CHECK_NEAR(cover_wkt(holed, x7, y7, r7, 1), M_PI * 900 - 400, 1e-9);
    /* two parts of a multipolygon, one disk in each, one far away */
    const char *mp = "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((20 0,30 0,30 10,20 10,20 0)))";
    double x8[] = {5, 25, 500}, y8[] = {5, 0, 500}, r8[] = {2, 4, 3};
    CHECK_NEAR(cover_wkt(mp, x8, y8, r8, 3), M_PI * 4 + M_PI * 16 / 2, 1e-9);
    /* nothing: no disks, disks out of reach, NaN and non-positive radii */
    double xn[] = {0, 1e6, NAN}, yn[] = {0, 1e6, 0}, rn[] = {-1, 5, 5};
    CHECK_NEAR(cover_wkt(sq, xn, yn, rn, 3), 0, 0);
    CHECK_NEAR(cover_wkt(sq, x1, y1, r1, 0), 0, 0);
    /* three disks meeting at one point (the centroid of an equilateral triangle) */
    double h = 1000 * sqrt(3) / 2;
    double x9[] = {500000 - 500, 500000 + 500, 500000}, y9[] = {2500000, 2500000, 2500000 + h};
    double rr = 1000 / sqrt(3), r9[] = {rr, rr, rr};
    /* union of three disks through a common point: 3πr² − 3 lenses (pairs at distance 1000) */
    CHECK_NEAR(cover_wkt(sq, x9, y9, r9, 3), 3 * M_PI * rr * rr - 3 * lens(rr, 1000), 1e-6);
}

/* Random polygons and disks: the sweep against GEOS's buffers of 1024-gons (whose area is
 * 6.3e-6 of a disk's below it), for disks of random radii. */
static double geos_cover(OGRGeometryH poly, const double *x, const double *y, const double *r,
                         size_t n)
{
    OGRGeometryH u = OGR_G_CreateGeometry(wkbMultiPolygon);
    for (size_t i = 0; i < n; i++) {
        OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(p, 0, x[i], y[i]);
        OGRGeometryH b = OGR_G_Buffer(p, r[i], 256);
        OGR_G_AddGeometryDirectly(u, b);
        OGR_G_DestroyGeometry(p);
    }
    OGRGeometryH un = OGR_G_UnionCascaded(u);
    OGRGeometryH in = OGR_G_Intersection(poly, un);
    double a = OGR_G_Area(in);
    OGR_G_DestroyGeometry(in);
    OGR_G_DestroyGeometry(un);
    OGR_G_DestroyGeometry(u);
    return a;
}

static double rnd(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static void random_cases(void)
{
    unsigned long long seed = 20261202;
    int worst_case = -1;
    double worst = 0;
    for (int c = 0; c < 60; c++) {
        /* a star-shaped polygon of 5..40 vertices around (3e5, 4e6), radius ~ 2 km */
        int nv = 5 + (int)(rnd(&seed) * 36);
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        for (int i = 0; i < nv; i++) {
            double a = 2 * M_PI * i / nv, rad = 800 + rnd(&seed) * 1600;
            OGR_G_AddPoint_2D(ring, 3e5 + rad * cos(a), 4e6 + rad * sin(a));
        }
        OGR_G_AddPoint_2D(ring, OGR_G_GetX(ring, 0), OGR_G_GetY(ring, 0));
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
        OGR_G_AddGeometryDirectly(poly, ring);
        size_t n = 1 + (size_t)(rnd(&seed) * 30);
        double x[32], y[32], r[32], disks = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = 3e5 + (rnd(&seed) - 0.5) * 6000;
            y[i] = 4e6 + (rnd(&seed) - 0.5) * 6000;
            r[i] = c % 3 ? 500 : 100 + rnd(&seed) * 900; /* equal radii in two cases of three */
            disks += M_PI * r[i] * r[i];
        }
        cov_edge_t *e;
        size_t ne;
        double ours = NAN;
        CHECK(cov_edges_of(poly, &e, &ne) == COV_OK);
        CHECK(cov_diskcover_area(e, ne, x, y, r, n, &ours) == COV_OK);
        free(e);
        double ref = geos_cover(poly, x, y, r, n);
        /* GEOS's polygons lie inside the circles: ours is larger by at most 6.3e-6 of the disks'
         * area (plus rounding), never smaller */
        double diff = ours - ref;
        CHECK(diff >= -1e-6 && diff <= 6.4e-6 * disks + 1e-6);
        if (fabs(diff) > worst) worst = fabs(diff), worst_case = c;
        OGR_G_DestroyGeometry(poly);
    }
    printf("largest difference from GEOS: %.3g m² (case %d)\n", worst, worst_case);
}

int main(void)
{
    closed_forms();
    random_cases();
    return check_failures ? 1 : 0;
}
