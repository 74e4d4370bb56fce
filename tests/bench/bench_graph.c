/* Benchmark: build a ~10^6-segment road graph (a synthetic grid plus the Liechtenstein extract)
 * and time one multi-source Dijkstra pass from 10^4 sources; prints time and peak memory.
 * Usage: bench_graph [GRID_SIDE] [NSOURCES] [ROADS.gpkg] [EDGES_OUT] [SOURCES_OUT] */
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "geo/graph.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
    int side = argc > 1 ? atoi(argv[1]) : 708;
    size_t nsrc = argc > 2 ? (size_t)atol(argv[2]) : 10000;
    const char *gpkg = argc > 3 ? argv[3] : NULL;
    cov_ctx_t *ctx;
    cov_ctx_create(&ctx);
    GDALAllRegister();
    double t0 = now();
    cov_graph_builder_t *b;
    cov_graph_builder_create(ctx, NULL, 0, &b);
    /* grid lines 100 m apart, each row and column one line with side vertices */
    double *x = malloc(sizeof(double) * (size_t)side), *y = malloc(sizeof(double) * (size_t)side);
    for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) x[c] = c * 100.0, y[c] = r * 100.0;
        cov_graph_builder_add(ctx, b, x, y, (size_t)side, 0, 0);
        for (int c = 0; c < side; c++) x[c] = r * 100.0, y[c] = c * 100.0;
        cov_graph_builder_add(ctx, b, x, y, (size_t)side, 0, 0);
    }
    free(x);
    free(y);
    if (gpkg) { /* the real extract, in UTM 32N, placed east of the grid */
        GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR, NULL, NULL, NULL);
        OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "roads") : NULL;
        OGRSpatialReferenceH utm = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(utm, 32632);
        OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
        OGRFeatureH f;
        while (l && (f = OGR_L_GetNextFeature(l))) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            OSRSetAxisMappingStrategy(OGR_G_GetSpatialReference(g), OAMS_TRADITIONAL_GIS_ORDER);
            OGR_G_TransformTo(g, utm);
            for (int i = 0; i < OGR_G_GetPointCount(g); i++)
                OGR_G_SetPoint_2D(g, i, OGR_G_GetX(g, i) - 535000 + side * 100.0 + 1000,
                                  OGR_G_GetY(g, i) - 5210000);
            cov_graph_builder_add_geometry(ctx, b, g, 0, 0);
            OGR_F_Destroy(f);
        }
        OSRDestroySpatialReference(utm);
        if (ds) GDALClose(ds);
    }
    cov_graph_t *g;
    if (cov_graph_builder_finish(ctx, b, &g)) {
        fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
        return 1;
    }
    double t1 = now();
    size_t ne = cov_graph_edge_count(g), nn = cov_graph_node_count(g);
    double *w = malloc(sizeof(double) * ne);
    for (size_t e = 0; e < ne; e++) cov_graph_edge(g, e, NULL, NULL, &w[e], NULL, NULL);
    cov_graph_set_costs(ctx, g, w, w);
    double t2 = now();
    cov_graph_snap_t *src = malloc(sizeof *src * nsrc);
    srand(42);
    for (size_t i = 0; i < nsrc; i++) {
        double px = (rand() / (double)RAND_MAX) * (side - 1) * 100;
        double py = (rand() / (double)RAND_MAX) * (side - 1) * 100;
        cov_graph_snap_point(g, px, py, 1000, &src[i]);
    }
    double t3 = now();
    double *cost = malloc(sizeof(double) * nn);
    int32_t *s = malloc(sizeof(int32_t) * nn);
    cov_graph_nearest_sources(ctx, g, src, nsrc, cost, s, NULL);
    double t4 = now();
    double sum = 0;
    for (size_t i = 0; i < nn; i++)
        if (isfinite(cost[i])) sum += cost[i];
    printf("graph       nodes %zu  edges %zu\n", nn, ne);
    printf("build       %.3f s\ncosts/CSR   %.3f s\nsnap %zu    %.3f s\n", t1 - t0, t2 - t1, nsrc,
           t3 - t2);
    printf("multi-source pass  %.3f s  (sum of node costs %.6e)\npeak memory %.0f MB\n", t4 - t3,
           sum, peak_mb());
    if (argc > 5) { /* the same graph and sources for a peer: edges "u v w" and source nodes */
        FILE *fe = fopen(argv[4], "w"), *fs = fopen(argv[5], "w");
        for (size_t e = 0; e < ne; e++) {
            size_t a, z;
            cov_graph_edge(g, e, &a, &z, NULL, NULL, NULL);
            fprintf(fe, "%zu %zu %.17g\n", a, z, w[e]);
        }
        /* sources at nodes for the peer: the from-node of each snapped edge at cost t */
        for (size_t i = 0; i < nsrc; i++) {
            size_t a;
            cov_graph_edge(g, (size_t)src[i].edge, &a, NULL, NULL, NULL, NULL);
            fprintf(fs, "%zu\n", a);
        }
        fclose(fe);
        fclose(fs);
    }
    free(w);
    free(src);
    free(cost);
    free(s);
    cov_graph_destroy(g);
    cov_ctx_destroy(ctx);
    return 0;
}
