/* Unit test of geo/graph_knear.c: the multi-label search (k nearest + all
 * within a limit) against brute force (one unbounded Dijkstra per source,
 * cov_graph_reach + cov_graph_point_cost) on a random grid with missing
 * streets, one-way streets, a detached piece and same-edge sources. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "geo/graph.h"

#define N 14   /* grid nodes per side, 100 m apart */
#define NS 25  /* sources */
#define NT 120 /* targets */

static unsigned rng = 12345;
static unsigned next(void) { return rng = rng * 1103515245u + 12345u, (rng >> 8) & 0xffffff; }

typedef struct cand {
    int32_t s;
    double c;
} cand_t;

static int by_cost(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->c != y->c) return x->c < y->c ? -1 : 1;
    return (x->s > y->s) - (x->s < y->s);
}

int main(void)
{
    cov_ctx_t *ctx;
    cov_ctx_create(&ctx);
    cov_graph_builder_t *b;
    CHECK_INT(cov_graph_builder_create(ctx, NULL, 0, &b), COV_OK);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double x0 = i * 100, y0 = j * 100;
            if (i + 1 < N && next() % 7) { /* street east, sometimes one-way */
                double x[] = {x0, x0 + 100}, y[] = {y0, y0};
                cov_graph_builder_add(ctx, b, x, y, 2, 0, next() % 5 == 0 ? 1 : 0);
            }
            if (j + 1 < N && next() % 7) { /* street north */
                double x[] = {x0, x0}, y[] = {y0, y0 + 100};
                cov_graph_builder_add(ctx, b, x, y, 2, 0, next() % 5 == 0 ? -1 : 0);
            }
        }
    double dx[] = {5000, 5100}, dy[] = {0, 0}; /* a detached street */
    cov_graph_builder_add(ctx, b, dx, dy, 2, 0, 0);
    cov_graph_t *g;
    CHECK_INT(cov_graph_builder_finish(ctx, b, &g), COV_OK);
    size_t ne = cov_graph_edge_count(g), nn = cov_graph_node_count(g);
    double *fwd = calloc(ne, sizeof *fwd), *bwd = calloc(ne, sizeof *bwd);
    for (size_t e = 0; e < ne; e++) { /* integer costs: sums are exact, ties are real ties */
        size_t from, to;
        double len;
        int cls, ow;
        cov_graph_edge(g, e, &from, &to, &len, &cls, &ow);
        double c = 100 + (double)(next() % 3) * 50;
        fwd[e] = ow < 0 ? INFINITY : c;
        bwd[e] = ow > 0 ? INFINITY : c;
    }
    CHECK_INT(cov_graph_set_costs(ctx, g, fwd, bwd), COV_OK);
    cov_graph_snap_t src[NS], tgt[NT];
    double off[NS];
    for (int s = 0; s < NS; s++) { /* on street points at quarter positions, some off-graph */
        double x = (double)(next() % N) * 100, y = (double)(next() % N) * 100;
        if (next() % 2)
            x += 25 * (double)(next() % 4);
        else
            y += 25 * (double)(next() % 4);
        if (s == 3) x = 5050, y = 0; /* on the detached street */
        cov_graph_snap_point(g, x, y, 30, &src[s]);
        off[s] = (double)(next() % 4) * 25;
    }
    src[7] = src[5]; /* two sources at one point: the tie goes to the lower index */
    int on_src_edge = 0;
    for (int t = 0; t < NT; t++) {
        double x = (double)(next() % N) * 100, y = (double)(next() % N) * 100;
        if (next() % 2)
            x += 25 * (double)(next() % 4);
        else
            y += 25 * (double)(next() % 4);
        if (t == 0) x = 5000, y = 0;
        if (t < 10) { /* on a source's edge */
            tgt[t] = src[t + 10];
            tgt[t].t = tgt[t].t >= 50 ? tgt[t].t - 50 : tgt[t].t + 25;
            on_src_edge += tgt[t].edge >= 0;
            if (t == 0) cov_graph_snap_point(g, x, y, 30, &tgt[t]);
            continue;
        }
        cov_graph_snap_point(g, x, y, 30, &tgt[t]);
    }
    CHECK(on_src_edge >= 5);
    double *nc = calloc(nn, sizeof *nc);
    double cost[NS][NT];
    for (int s = 0; s < NS; s++) {
        for (int t = 0; t < NT; t++) cost[s][t] = INFINITY;
        if (src[s].edge < 0) continue;
        CHECK_INT(cov_graph_reach(ctx, g, &src[s], INFINITY, nc), COV_OK);
        int32_t *ns = calloc(nn, sizeof *ns); /* every reached node's source is 0 (this one) */
        for (size_t v = 0; v < nn; v++) ns[v] = isfinite(nc[v]) ? 0 : -1;
        for (int t = 0; t < NT; t++) {
            double c;
            int32_t w;
            cov_graph_point_cost(g, nc, ns, NULL, &src[s], 1, &tgt[t], &c, &w, NULL);
            if (w == 0) cost[s][t] = c + off[s];
        }
        free(ns);
    }
    size_t ks[] = {0, 1, 3, 30};
    double limits[] = {0, 250, 600, INFINITY};
    long compared = 0, mism = 0;
    for (size_t a = 0; a < 4; a++)
        for (size_t l = 0; l < 4; l++) {
            cov_graph_labels_t *lab;
            CHECK_INT(cov_graph_k_nearest(ctx, g, src, off, NS, ks[a], limits[l], &lab), COV_OK);
            size_t cap = 2 * cov_graph_labels_max(lab) + NS;
            int32_t *os = calloc(cap, sizeof *os);
            double *oc = calloc(cap, sizeof *oc);
            for (int t = 0; t < NT; t++) {
                cand_t c[NS];
                size_t m = 0, want = 0;
                for (int s = 0; s < NS; s++)
                    if (isfinite(cost[s][t])) c[m++] = (cand_t){s, cost[s][t]};
                qsort(c, m, sizeof *c, by_cost);
                while (want < m && (want < ks[a] || c[want].c <= limits[l])) want++;
                size_t got;
                CHECK_INT(
                    cov_graph_point_sources(ctx, g, lab, src, off, NS, &tgt[t], os, oc, cap, &got),
                    COV_OK);
                compared++;
                if (got != want) {
                    mism++;
                    continue;
                }
                for (size_t i = 0; i < got; i++)
                    if (os[i] != c[i].s || oc[i] != c[i].c) {
                        mism++;
                        break;
                    }
            }
            free(os);
            free(oc);
            cov_graph_labels_destroy(lab);
        }
    CHECK_INT(compared, 16 * NT);
    CHECK_INT(mism, 0);
    /* the detached target reaches only the detached source */
    cov_graph_labels_t *lab;
    CHECK_INT(cov_graph_k_nearest(ctx, g, src, NULL, NS, 3, INFINITY, &lab), COV_OK);
    int32_t os[64];
    double oc[64];
    size_t got;
    CHECK_INT(cov_graph_point_sources(ctx, g, lab, src, NULL, NS, &tgt[0], os, oc, 64, &got),
              COV_OK);
    CHECK_INT(got, 1);
    CHECK_INT(os[0], 3);
    cov_graph_labels_destroy(lab);
    free(nc);
    free(fwd);
    free(bwd);
    cov_graph_destroy(g);
    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
