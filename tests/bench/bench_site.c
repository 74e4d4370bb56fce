/* Benchmark of the siting solvers: MCLP heuristic on 10^5 demand points x 10^4 candidates
 * (p = 50) with its Lagrangian bound and gap, and the exact (GLPK) solves of the SF case.
 * Usage: bench_site [--demand N] [--cands M] [--add P] [--radius R] [--sf COSTS.csv] */
#include <gdal.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo/kdtree.h"
#include "planner/site/solver/site_matrix.h"

static uint64_t rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct acc {
    cov_ctx_t *ctx;
    cov_site_inst_t *in;
    size_t j;
} acc_t;

static bool visit(void *u, size_t i, double d)
{
    acc_t *a = u;
    return cov_site_inst_add(a->ctx, a->in, i, a->j, d) == COV_OK;
}

static void run_sf(cov_ctx_t *ctx, const char *path)
{
    cov_site_matrix_opts_t mo = {.path = path,
                                 .cost_field = "distance",
                                 .origin_field = "name",
                                 .dest_field = "DestinationName",
                                 .weight_field = "demand"};
    cov_site_matrix_t *mx;
    if (cov_site_matrix_read(ctx, &mo, &mx)) {
        fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
        return;
    }
    static const struct {
        cov_site_model_t m;
        size_t p;
        double r;
    } cases[] = {{COV_SITE_MCLP, 4, 5000},
                 {COV_SITE_PMEDIAN, 4, 0},
                 {COV_SITE_LSCP, 0, 5000},
                 {COV_SITE_PCENTER, 4, 0}};
    for (size_t c = 0; c < 4; c++) {
        for (int meth = COV_SITE_EXACT; meth <= COV_SITE_HEURISTIC; meth++) {
            cov_site_opts_t o = {.model = cases[c].m,
                                 .p = cases[c].p,
                                 .radius = cases[c].r,
                                 .method = (cov_site_method_t)meth};
            cov_site_result_t r;
            double t0 = now();
            if (cov_site_solve(ctx, cov_site_matrix_inst(mx), &o, &r)) {
                fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
                continue;
            }
            printf("%-26s %-8s %-13s %10.1f %18.6f %18.6f %9.4f%% %s\n", "SF 205 x 16",
                   cov_site_model_name(o.model), r.method, (now() - t0) * 1e3, r.objective, r.bound,
                   100 * r.gap, r.optimal ? "optimal" : "");
            cov_site_result_free(&r);
        }
    }
    cov_site_matrix_destroy(mx);
}

int main(int argc, char **argv)
{
    size_t n = 100000, m = 10000, p = 50;
    double radius = 1500;
    const char *sf = NULL;
    double towns = 0.6;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--towns"))
            towns = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--demand"))
            n = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--cands"))
            m = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--add"))
            p = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--radius"))
            radius = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--sf"))
            sf = argv[i + 1];
    }
    GDALAllRegister();
    cov_ctx_t *ctx;
    cov_ctx_create(&ctx);
    printf("%-26s %-8s %-13s %10s %18s %18s %10s\n", "instance", "model", "method", "ms",
           "objective", "bound", "gap");
    /* demand: a share (--towns, default 0.6) in 40 Gaussian towns (sd 3 km), the rest uniform,
     * over 100 km x 100 km; weights 1..100; candidates 60% at demand points, 40% uniform */
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    double tx[40], ty[40];
    for (int t = 0; t < 40; t++) tx[t] = urand() * 1e5, ty[t] = urand() * 1e5;
    for (size_t i = 0; i < n; i++) {
        if (urand() < towns) {
            int t = (int)(urand() * 40);
            double a = urand() * 6.283185307179586, d = 3000 * sqrt(-2 * log(urand() + 1e-12));
            x[i] = tx[t] + d * cos(a), y[i] = ty[t] + d * sin(a);
        } else {
            x[i] = urand() * 1e5, y[i] = urand() * 1e5;
        }
        w[i] = 1 + floor(urand() * 100);
    }
    double t0 = now();
    cov_kdtree_t *tree;
    cov_kdtree_build(x, y, n, &tree);
    cov_site_inst_t *in;
    cov_site_inst_create(ctx, n, w, m, &in);
    for (size_t j = 0; j < m; j++) {
        acc_t a = {ctx, in, j};
        double cx, cy;
        if (urand() < 0.6) {
            size_t i = (size_t)(urand() * (double)n); /* candidates where people are */
            cx = x[i], cy = y[i];
        } else {
            cx = urand() * 1e5, cy = urand() * 1e5;
        }
        cov_kdtree_within(tree, cx, cy, radius, visit, &a);
    }
    double tb = now() - t0;
    cov_site_opts_t o = {
        .model = COV_SITE_MCLP, .p = p, .radius = radius, .method = COV_SITE_HEURISTIC};
    cov_site_result_t r;
    t0 = now();
    if (cov_site_solve(ctx, in, &o, &r)) {
        fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
        return 1;
    }
    double ts = now() - t0;
    char label[64];
    snprintf(label, sizeof label, "%zu x %zu p=%zu towns=%g", n, m, p, towns);
    printf("%-26s %-8s %-13s %10.1f %18.1f %18.1f %9.4f%% (%s bound; instance build %.0f ms)\n",
           label, "mclp", r.method, ts * 1e3, r.objective, r.bound, 100 * r.gap, r.bound_kind,
           tb * 1e3);
    cov_site_result_free(&r);
    cov_site_inst_destroy(in);
    cov_kdtree_destroy(tree);
    free(x), free(y), free(w);
    if (sf) run_sf(ctx, sf);
    cov_ctx_destroy(ctx);
    GDALDestroyDriverManager();
    return 0;
}
