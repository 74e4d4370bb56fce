/* Benchmark: 40,000 choropleth polygons and 10^6 points drawn to a 4000x3000 PNG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "geo/ctx.h"
#include "render/map.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A small deterministic generator so every run draws the same map. */
static unsigned long long rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (rng >> 11) * (1.0 / 9007199254740992.0);
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "bench_render.png";
    int side = 200; /* 200 x 200 = 40,000 polygons */
    size_t npoints = 1000000;
    double cell = 250.0; /* metres */
    cov_ctx_t *ctx;
    cov_map_t *m;
    if (cov_ctx_create(&ctx) || cov_map_create(ctx, &m)) return 1;
    double t0 = now();
    cov_map_set_pixel_size(m, 4000, 3000);
    cov_map_set_title(m, "Benchmark 基准", "40,000 polygons, 1,000,000 points");
    cov_map_set_note(m, "Synthetic metric grid", NULL);
    cov_layer_t *poly = cov_map_add_layer(m, COV_LAYER_POLYGON, "Value");
    cov_layer_set_choropleth(poly, COV_CLASSIFY_JENKS, 5, COV_PALETTE_YLORRD, NULL, 0);
    cov_style_t st = {cov_color_hex(0xffffff, 1), cov_color_hex(0x666666, 1), 0.3, 0};
    cov_layer_set_style(poly, &st);
    /* Octagon-ish cells with 9 vertices each, slightly jittered. */
    for (int j = 0; j < side; j++)
        for (int i = 0; i < side; i++) {
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            double cx = (i + 0.5) * cell, cy = (j + 0.5) * cell;
            for (int k = 0; k <= 8; k++) {
                double a = 2 * 3.141592653589793 * (k % 8) / 8;
                double r = cell * 0.5 / cos(3.141592653589793 / 8) * (k % 2 ? 0.98 : 1.0);
                OGR_G_AddPoint_2D(ring, cx + r * cos(a + 3.141592653589793 / 8) * 0.92,
                                  cy + r * sin(a + 3.141592653589793 / 8) * 0.92);
            }
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPolygon);
            OGR_G_AddGeometryDirectly(g, ring);
            double v = (i + j) % 17 == 0 ? NAN : sin(i * 0.05) * cos(j * 0.04) * 100 + urand() * 20;
            cov_layer_add_polygon(poly, g, v, NULL);
            OGR_G_DestroyGeometry(g);
        }
    cov_layer_t *pts = cov_map_add_layer(m, COV_LAYER_POINT, "Points");
    cov_symbol_t s1 = {COV_SHAPE_CIRCLE, 3, cov_color_hex(0x08519c, 0.8),
                       cov_color_hex(0xffffff, 1), 0};
    cov_symbol_t s2 = {COV_SHAPE_SQUARE, 3, cov_color_hex(0x31a354, 0.8),
                       cov_color_hex(0xffffff, 1), 0};
    cov_symbol_t s3 = {COV_SHAPE_TRIANGLE, 4, cov_color_hex(0x756bb1, 1),
                       cov_color_hex(0xffffff, 1), 0.3};
    cov_layer_add_category(pts, "A", &s1);
    cov_layer_add_category(pts, "B", &s2);
    cov_layer_add_category(pts, "C", &s3);
    for (size_t i = 0; i < npoints; i++)
        cov_layer_add_point(pts, urand() * side * cell, urand() * side * cell, (int)(i % 3), 1,
                            NULL);
    double t1 = now();
    clock_t c1 = clock();
    cov_status_t status = cov_map_render(m, out);
    double t2 = now();
    double cpu = (double)(clock() - c1) / CLOCKS_PER_SEC;
    if (status) fprintf(stderr, "render failed: %s\n", cov_ctx_errmsg(ctx));
    /* CPU time is printed too: on a shared machine the wall time includes waiting. */
    printf("build %.3f s, render+write %.3f s wall, %.3f s CPU (goal < 3 s) -> %s\n", t1 - t0,
           t2 - t1, cpu, out);
    cov_map_destroy(m);
    cov_ctx_destroy(ctx);
    return status ? 1 : 0;
}
