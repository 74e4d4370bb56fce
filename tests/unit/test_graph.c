/* Unit tests of geo/graph: splitting, dropped pieces, one-way costs, snapping, refusal of degrees.
 */
#include <math.h>
#include <ogr_srs_api.h>

#include "check.h"
#include "geo/graph.h"

int main(void)
{
    cov_ctx_t *ctx;
    cov_ctx_create(&ctx);
    /* degrees are refused */
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    cov_graph_builder_t *b;
    CHECK_INT(cov_graph_builder_create(ctx, wgs, 0, &b), COV_ERR_CRS);
    CHECK(strstr(cov_ctx_errmsg(ctx), "not geographic degrees") != NULL);
    OSRDestroySpatialReference(wgs);

    /* a cross: x axis 0..200 one-way east, y axis -100..100 through (100,0), a zero-length line,
     * a square loop hanging off (200,0) */
    CHECK_INT(cov_graph_builder_create(ctx, NULL, 0, &b), COV_OK);
    double x1[] = {0, 100, 100.001, 200}, y1[] = {0, 0, 0, 0}; /* 100.001 is 100 on the 1 cm grid */
    double x2[] = {100, 100}, y2[] = {-100, 100};
    double x3[] = {5, 5.004}, y3[] = {5, 5}; /* snaps to one point: dropped */
    double x4[] = {200, 300, 300, 200, 200}, y4[] = {0, 0, 100, 100, 0};
    cov_graph_builder_add(ctx, b, x1, y1, 4, 0, 1);
    cov_graph_builder_add(ctx, b, x2, y2, 2, 0, 0);
    cov_graph_builder_add(ctx, b, x3, y3, 2, 0, 0);
    cov_graph_builder_add(ctx, b, x4, y4, 5, 0, 0);
    cov_graph_t *g;
    CHECK_INT(cov_graph_builder_finish(ctx, b, &g), COV_OK);
    cov_graph_stats_t st;
    cov_graph_stats(g, &st);
    /* x line: no shared vertex with the y line (which has only its two ends): 1 edge; y line 1
     * edge; loop split in two at (300,100) */
    CHECK_INT(st.edges, 4);
    CHECK_INT(st.nodes, 5); /* (0,0) (200,0) (100,-100) (100,100) (300,100) */
    CHECK_INT(st.components, 2);
    CHECK_INT(st.lines_dropped, 1);
    CHECK_INT(st.zero_segments, 2); /* (100,0)-(100.001,0) and the dropped line */
    CHECK_INT(st.loops_split, 1);
    CHECK_NEAR(st.length_m, 200 + 200 + 400, 1e-9);
    size_t ne = cov_graph_edge_count(g);
    double fwd[4], bwd[4];
    for (size_t e = 0; e < ne; e++) {
        double len;
        int ow;
        cov_graph_edge(g, e, NULL, NULL, &len, NULL, &ow);
        fwd[e] = len;
        bwd[e] = ow > 0 ? INFINITY : len;
    }
    CHECK_INT(cov_graph_set_costs(ctx, g, fwd, bwd), COV_OK);
    /* source at (50, 1) snaps to the x line at t = 50; the loop at (250, -3) is 50 + 50 m on */
    cov_graph_snap_t s, t;
    cov_graph_snap_point(g, 50, 1, 100, &s);
    CHECK_INT(s.edge, 0);
    CHECK_NEAR(s.t, 50, 1e-9);
    CHECK_NEAR(s.dist, 1, 1e-9);
    cov_graph_snap_point(g, 250, -3, 100, &t);
    CHECK_NEAR(t.dist, 3, 1e-9);
    double cost[5], len[5], c, l;
    int32_t src[5], k;
    CHECK_INT(cov_graph_nearest_sources(ctx, g, &s, 1, cost, src, len), COV_OK);
    cov_graph_point_cost(g, cost, src, len, &s, 1, &t, &c, &k, &l);
    CHECK_NEAR(c, 200, 1e-9);
    CHECK_NEAR(l, 200, 1e-9);
    /* against the one-way: (20, 0) is behind the source on the same edge: unreachable */
    cov_graph_snap_point(g, 20, 0, 100, &t);
    cov_graph_point_cost(g, cost, src, len, &s, 1, &t, &c, &k, &l);
    CHECK(isinf(c));
    CHECK_INT(k, -1);
    /* nothing within 0.5 m */
    cov_graph_snap_point(g, 50, 10, 0.5, &t);
    CHECK_INT(t.edge, -1);
    /* service area of 100 m from s: the x line from 50 to 150 (one-way), buffered 10 m */
    double rc[5];
    CHECK_INT(cov_graph_reach(ctx, g, &s, 100, rc), COV_OK);
    OGRGeometryH poly;
    CHECK_INT(cov_graph_service_area(ctx, g, &s, rc, 100, 10, &poly), COV_OK);
    OGREnvelope env;
    OGR_G_GetEnvelope(poly, &env);
    CHECK_NEAR(env.MinX, 40, 1e-6);
    CHECK_NEAR(env.MaxX, 160, 1e-6);
    OGR_G_DestroyGeometry(poly);
    cov_graph_destroy(g);
    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
