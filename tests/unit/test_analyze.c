/* Coverage analysis against brute force on random data (with distance ties), the nearest-rank
 * percentile, and planar vs geodesic distances in HK1980 and a CGCS2000 Gauss-Kruger zone. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "geo/geodist.h"
#include "geo/store.h"
#include "planner/analyze/analyze.h"
#include "planner/core/project.h"

#define NSITES 1500
#define NCLIN 200
#define K 3

static uint64_t rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static const double RADII[4] = {50, 300, 500, 1000};

/* A project in srid with two areas (the west and east halves of a 20 km box at x0, y0),
 * NCLIN clinics and NSITES sites on a 250 m grid so that equal distances (and distances of exactly
 * 500 and 1000 m) occur. */
static cov_store_t *make_project(cov_ctx_t *ctx, const char *path, int srid, double x0, double y0,
                                 double *x, double *y)
{
    cov_store_t *st;
    unlink(path);
    if (cov_project_create(ctx, path, srid, false, &st)) return NULL;
    char sql[1024];
    cov_store_begin(ctx, st);
    for (int a = 0; a < 2; a++) {
        double ax = x0 + a * 10000;
        snprintf(sql, sizeof sql,
                 "INSERT INTO areas (id, code, name, population, elderly, geom) VALUES (%d, 'A%d',"
                 " 'area %d', 10000, %d, CastToMulti(GeomFromText('POLYGON((%f %f, %f %f, %f %f,"
                 " %f %f, %f %f))', %d)))",
                 a + 1, a + 1, a + 1, 1000 * (a + 1), ax, y0, ax + 10000, y0, ax + 10000,
                 y0 + 20000, ax, y0 + 20000, ax, y0, srid);
        CHECK_INT(cov_store_exec(ctx, st, sql), COV_OK);
    }
    for (int i = 0; i < NSITES + NCLIN; i++) {
        x[i] = x0 + 1 + floor(urand() * 80) * 250;
        y[i] = y0 + 1 + floor(urand() * 80) * 250;
        bool clinic = i < NCLIN;
        snprintf(sql, sizeof sql,
                 "INSERT INTO facilities (id, code, role, kind, area_id, x, y, geom) VALUES (%d,"
                 " 'f%d', '%s', '%s', %d, %.3f, %.3f, MakePoint(%.3f, %.3f, %d))",
                 i + 1, i + 1, clinic ? "health" : "eldercare", clinic ? "hospital" : "care_home",
                 x[i] < x0 + 10000 ? 1 : 2, x[i], y[i], x[i], y[i], srid);
        CHECK_INT(cov_store_exec(ctx, st, sql), COV_OK);
    }
    CHECK_INT(cov_store_commit(ctx, st), COV_OK);
    return st;
}

typedef struct pair {
    double d;
    int id;
} pair_t;

static int cmp_pair(const void *a, const void *b)
{
    const pair_t *p = a, *q = b;
    if (p->d != q->d) return p->d < q->d ? -1 : 1;
    return p->id - q->id;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_brute_force(cov_ctx_t *ctx, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/random.sqlite", dir);
    static double x[NSITES + NCLIN], y[NSITES + NCLIN];
    cov_store_t *st = make_project(ctx, path, 2326, 820000, 810000, x, y);
    CHECK(st != NULL);
    if (!st) return;
    cov_analyze_summary_t sum;
    cov_status_t s = cov_analyze(ctx, st, NULL, &sum);
    CHECK_INT(s, COV_OK);
    if (s) fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
    sqlite3_stmt *q;
    cov_store_prepare(ctx, st,
                      "SELECT site_id, nearest_id, nearest_dist, knn_ids, n_within, class_rank "
                      "FROM site_coverage WHERE run_id = ? ORDER BY site_id",
                      &q);
    sqlite3_bind_int64(q, 1, sum.run_id);
    static pair_t all[NCLIN];
    size_t cls_count[5] = {0}, rows = 0, ties = 0, bad = 0;
    static double med[2][NSITES];
    size_t nmed[2] = {0, 0};
    while (sqlite3_step(q) == SQLITE_ROW) {
        int i = sqlite3_column_int(q, 0) - 1;
        for (int c = 0; c < NCLIN; c++) {
            double dx = x[i] - x[c], dy = y[i] - y[c];
            all[c].d = sqrt(dx * dx + dy * dy);
            all[c].id = c + 1;
        }
        qsort(all, NCLIN, sizeof *all, cmp_pair);
        if (all[0].d == all[1].d) ties++;
        char knn[128], within[128];
        snprintf(knn, sizeof knn, "[%d,%d,%d]", all[0].id, all[1].id, all[2].id);
        int n[4] = {0};
        for (int c = 0; c < NCLIN; c++)
            for (int r = 0; r < 4; r++) n[r] += all[c].d <= RADII[r];
        snprintf(within, sizeof within, "[%d,%d,%d,%d]", n[0], n[1], n[2], n[3]);
        int cls = 4;
        for (int r = 3; r >= 0; r--)
            if (all[0].d <= RADII[r]) cls = r;
        cls_count[cls]++;
        int a = x[i] < 830000 ? 0 : 1;
        med[a][nmed[a]++] = all[0].d;
        if (sqlite3_column_int(q, 1) != all[0].id || sqlite3_column_double(q, 2) != all[0].d ||
            strcmp((const char *)sqlite3_column_text(q, 3), knn) != 0 ||
            strcmp((const char *)sqlite3_column_text(q, 4), within) != 0 ||
            sqlite3_column_int(q, 5) != cls + 1) {
            if (bad++ < 5)
                fprintf(stderr, "site %d: got %d %s %s, want %d %s %s\n", i + 1,
                        sqlite3_column_int(q, 1), sqlite3_column_text(q, 3),
                        sqlite3_column_text(q, 4), all[0].id, knn, within);
        }
        rows++;
    }
    sqlite3_finalize(q);
    CHECK_INT(rows, NSITES);
    CHECK_INT(bad, 0);
    CHECK(ties > 0); /* the grid makes equal nearest distances: the id tie-break is exercised */
    for (int c = 0; c < 5; c++) CHECK_INT(sum.class_count[c], cls_count[c]);
    /* Per-area medians, nearest rank. */
    cov_store_prepare(ctx, st,
                      "SELECT area_id, dist_median, dist_p90, dist_max FROM area_coverage WHERE "
                      "run_id = ? AND scope = 'area' ORDER BY area_id",
                      &q);
    sqlite3_bind_int64(q, 1, sum.run_id);
    while (sqlite3_step(q) == SQLITE_ROW) {
        int a = sqlite3_column_int(q, 0) - 1;
        qsort(med[a], nmed[a], sizeof **med, cmp_dbl);
        CHECK_NEAR(sqlite3_column_double(q, 1), med[a][(nmed[a] + 1) / 2 - 1], 0);
        CHECK_NEAR(sqlite3_column_double(q, 2), med[a][(nmed[a] * 9 + 9) / 10 - 1], 0);
        CHECK_NEAR(sqlite3_column_double(q, 3), med[a][nmed[a] - 1], 0);
    }
    sqlite3_finalize(q);
    cov_store_close(st);
}

/* Planar vs geodesic over a county-sized (20 km) extent: the analysis's distances agree to
 * 0.1% in HK1980 and in a CGCS2000 3-degree zone (here 80 km east of the central meridian). */
static void test_geodesic_runs(cov_ctx_t *ctx, const char *dir, int srid, double x0, double y0)
{
    char path[512];
    snprintf(path, sizeof path, "%s/geo%d.sqlite", dir, srid);
    static double x[NSITES + NCLIN], y[NSITES + NCLIN];
    cov_store_t *st = make_project(ctx, path, srid, x0, y0, x, y);
    CHECK(st != NULL);
    if (!st) return;
    cov_analyze_opts_t o = {.geodesic = false};
    cov_analyze_summary_t planar, geo;
    CHECK_INT(cov_analyze(ctx, st, &o, &planar), COV_OK);
    o.geodesic = true;
    CHECK_INT(cov_analyze(ctx, st, &o, &geo), COV_OK);
    CHECK(planar.run_id != geo.run_id);
    sqlite3_stmt *q;
    cov_store_prepare(ctx, st,
                      "SELECT max(abs(g.nearest_dist / p.nearest_dist - 1)), count(*) FROM "
                      "site_coverage p JOIN site_coverage g ON g.site_id = p.site_id WHERE "
                      "p.run_id = ? AND g.run_id = ? AND p.nearest_dist > 10",
                      &q);
    sqlite3_bind_int64(q, 1, planar.run_id);
    sqlite3_bind_int64(q, 2, geo.run_id);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    double worst = sqlite3_column_double(q, 0);
    fprintf(stderr, "EPSG:%d: largest relative planar/geodesic difference %.2e over %d sites\n",
            srid, worst, sqlite3_column_int(q, 1));
    CHECK(worst < 1e-3);
    CHECK(worst > 0); /* the two really differ: geodesic is not planar in disguise */
    sqlite3_finalize(q);
    cov_store_close(st);
}

static void test_geodist_pairs(cov_ctx_t *ctx, int epsg, double x0, double y0, double span)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    cov_geodist_t *g;
    CHECK_INT(cov_geodist_create(ctx, srs, &g), COV_OK);
    double worst = 0;
    for (int i = 0; i < 1000; i++) {
        double x[2] = {x0 + urand() * span, x0 + urand() * span};
        double y[2] = {y0 + urand() * span, y0 + urand() * span};
        double lon[2], lat[2];
        CHECK_INT(cov_geodist_lonlat(ctx, g, 2, x, y, lon, lat), COV_OK);
        double planar = hypot(x[1] - x[0], y[1] - y[0]);
        double geo = cov_geodist_inverse(g, lon[0], lat[0], lon[1], lat[1]);
        if (planar > 100 && fabs(geo / planar - 1) > worst) worst = fabs(geo / planar - 1);
    }
    CHECK(worst < 1e-3);
    cov_geodist_destroy(g);
    OSRDestroySpatialReference(srs);
}

static void test_percentile(void)
{
    double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK_NEAR(cov_percentile_nearest_rank(v, 10, 50), 5, 0);
    CHECK_NEAR(cov_percentile_nearest_rank(v, 10, 90), 9, 0);
    CHECK_NEAR(cov_percentile_nearest_rank(v, 10, 100), 10, 0);
    CHECK_NEAR(cov_percentile_nearest_rank(v, 9, 50), 5, 0);
    CHECK_NEAR(cov_percentile_nearest_rank(v, 1, 90), 1, 0);
    CHECK(isnan(cov_percentile_nearest_rank(v, 0, 50)));
}

int main(void)
{
    cov_ctx_t *ctx;
    if (cov_ctx_create(&ctx)) return 1;
    cov_ctx_set_data_dir(ctx, getenv("COV_DATA_DIR")); /* the library reads no environment */
    char dir[] = "/tmp/covplan-analyze.XXXXXX";
    if (!mkdtemp(dir)) return 1;
    test_percentile();
    test_brute_force(ctx, dir);
    test_geodesic_runs(ctx, dir, 2326, 826000, 815000);  /* HK1980 Grid */
    test_geodesic_runs(ctx, dir, 4547, 580000, 2480000); /* CGCS2000 GK CM 114E, ~80 km east */
    test_geodist_pairs(ctx, 2326, 800000, 800000, 60000);
    test_geodist_pairs(ctx, 4547, 600000, 2450000, 60000); /* 100-160 km east of the meridian */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
