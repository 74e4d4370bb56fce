/* Unit tests for geo/: the STR R-tree and point-in-polygon locator against brute force, and the
 * working-CRS choice against the EPSG registry's zone definitions. */
#include <ogr_srs_api.h>
#include <stdint.h>

#include "geo/crs.h"
#include "geo/locate.h"
#include "geo/rtree.h"
#include "tests/unit/check.h"

static uint64_t rng_state;
static double rnd(void) /* splitmix64 -> [0, 1) */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

typedef struct hits {
    size_t *idx;
    size_t n;
} hits_t;

static bool collect(void *user, size_t idx)
{
    hits_t *h = user;
    h->idx[h->n++] = idx;
    return true;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static void test_rtree(uint64_t seed, size_t n)
{
    rng_state = seed;
    double *b = calloc(4 * n, sizeof *b);
    for (size_t i = 0; i < n; i++) {
        double x = rnd() * 1000, y = rnd() * 1000;
        b[i] = x;
        b[n + i] = y;
        b[2 * n + i] = x + rnd() * 30;
        b[3 * n + i] = y + rnd() * 30;
    }
    cov_rtree_t *t;
    CHECK_INT(cov_rtree_build(b, b + n, b + 2 * n, b + 3 * n, n, &t), COV_OK);
    size_t *got = calloc(n + 1, sizeof *got), *want = calloc(n + 1, sizeof *want);
    for (int q = 0; q < 300; q++) {
        double qx = rnd() * 1000, qy = rnd() * 1000, w = (q % 3) ? rnd() * 50 : 0;
        hits_t h = {got, 0};
        cov_rtree_search(t, qx, qy, qx + w, qy + w, collect, &h);
        size_t nw = 0;
        for (size_t i = 0; i < n; i++)
            if (b[i] <= qx + w && qx <= b[2 * n + i] && b[n + i] <= qy + w && qy <= b[3 * n + i])
                want[nw++] = i;
        qsort(got, h.n, sizeof *got, cmp_size);
        CHECK_INT(h.n, nw);
        if (h.n == nw) CHECK(memcmp(got, want, nw * sizeof *got) == 0);
    }
    cov_rtree_destroy(t);
    free(got);
    free(want);
    free(b);
}

/* A 3x3 grid of unit squares: a point's square is known, and border points go to the lower id. */
static void test_locator(void)
{
    OGRGeometryH sq[9];
    for (int i = 0; i < 9; i++) {
        double x0 = i % 3, y0 = i / 3;
        char wkt[200];
        snprintf(wkt, sizeof wkt, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x0, y0, x0 + 1, y0,
                 x0 + 1, y0 + 1, x0, y0 + 1, x0, y0);
        char *p = wkt;
        OGR_G_CreateFromWkt(&p, NULL, &sq[i]);
    }
    cov_locator_t *loc;
    CHECK_INT(cov_locator_build(sq, 9, &loc), COV_OK);
    rng_state = 42;
    for (int k = 0; k < 500; k++) {
        double x = rnd() * 3, y = rnd() * 3;
        CHECK_INT(cov_locator_find(loc, x, y), (long)((int)y * 3 + (int)x));
    }
    CHECK_INT(cov_locator_find(loc, 1.0, 0.5), 0); /* shared border of 0 and 1 */
    CHECK_INT(cov_locator_find(loc, 1.0, 1.0), 0); /* corner of 0, 1, 3, 4 */
    CHECK_INT(cov_locator_find(loc, 3.0, 3.0), 8); /* outer corner, boundary included */
    CHECK_INT(cov_locator_find(loc, 3.0001, 1.5), -1);
    CHECK_INT(cov_locator_find(loc, -5, -5), -1);
    cov_locator_destroy(loc);
    for (int i = 0; i < 9; i++) OGR_G_DestroyGeometry(sq[i]);
}

/* The chosen EPSG code's central meridian (from PROJ's definition) is the nearest zone's. */
static double central_meridian(int epsg)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    double cm = OSRGetProjParm(srs, SRS_PP_CENTRAL_MERIDIAN, -999, NULL);
    OSRDestroySpatialReference(srs);
    return cm;
}

static void test_crs_pick(void)
{
    CHECK_INT(cov_crs_pick(113.83, 22.15, 114.44, 22.56, false), 2326); /* Hong Kong */
    CHECK_INT(cov_crs_pick(107.2, 30.9, 107.9, 31.5, false), 4545);     /* 达州 near 108E */
    CHECK_INT(cov_crs_pick(119.6, 29.8, 120.3, 30.3, false), 4549);     /* 杭州 near 120E */
    CHECK_INT(cov_crs_pick(112.7, 25.5, 113.3, 26.0, false), 4547);     /* 郴州 near 114E */
    CHECK_INT(cov_crs_pick(87.3, 43.6, 87.9, 44.0, false), 4538);       /* 乌鲁木齐 87E */
    CHECK_INT(cov_crs_pick(107.2, 30.9, 107.9, 31.5, true), 4507);      /* 6-degree zone 18 */
    CHECK_INT(cov_crs_pick(9.47, 47.05, 9.64, 47.27, false), 32632);    /* Liechtenstein */
    CHECK_INT(cov_crs_pick(151.0, -34.0, 151.3, -33.7, false), 32756);  /* Sydney */
    /* Every 3-degree pick is the zone whose central meridian is nearest. */
    for (double lon = 74.0; lon <= 134.5; lon += 0.37) {
        int epsg = cov_crs_pick(lon, 30, lon, 30, false);
        double cm = central_meridian(epsg);
        CHECK(fabs(cm - lon) <= 1.5 + 1e-9);
        if (fabs(cm - lon) > 1.5 + 1e-9)
            fprintf(stderr, "lon %.2f -> EPSG:%d (CM %g)\n", lon, epsg, cm);
    }
    for (double lon = 74.0; lon <= 134.5; lon += 0.61) {
        double cm = central_meridian(cov_crs_pick(lon, 30, lon, 30, true));
        CHECK(fabs(cm - lon) <= 3.0 + 1e-9);
    }
}

int main(void)
{
    test_rtree(1, 0);
    test_rtree(2, 1);
    test_rtree(3, 17);
    test_rtree(4, 2000);
    test_rtree(5, 10000);
    test_locator();
    test_crs_pick();
    CHECK_DONE();
}
