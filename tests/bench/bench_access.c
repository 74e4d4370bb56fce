/* Benchmark of the accessibility scores: KD-tree catchment pairs + 2SFCA-family compute. */
/*
 * Usage: bench_access [--demand M] [--supply N] [--per K] [--seed S]
 *
 * M demand points (weights 1..100) and N supply sites (supply 1..10) uniform in a 100 km
 * square; the catchment is chosen so that a demand point has about K supply sites in reach
 * (pi r^2 N / L^2 = K). Prints one line of key=value pairs per method: pairs, pairs per demand
 * point, pair-building time (KD-tree range queries) and compute time (best of 3).
 * Built standalone by run_bench_access.sh (not part of the CMake build or CTest).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo/ctx.h"
#include "planner/access/measure/access.h"

static uint64_t rng_state;

static double rng_unit(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    size_t m = 100000, n = 10000;
    double per = 50, L = 100000.0;
    rng_state = 42;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--demand"))
            m = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--supply"))
            n = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--per"))
            per = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed"))
            rng_state = strtoull(argv[i + 1], NULL, 10);
    }
    double *dx = malloc(m * sizeof *dx), *dy = malloc(m * sizeof *dy), *dw = malloc(m * sizeof *dw);
    double *sx = malloc(n * sizeof *sx), *sy = malloc(n * sizeof *sy), *sw = malloc(n * sizeof *sw);
    for (size_t i = 0; i < m; i++) {
        dx[i] = rng_unit() * L;
        dy[i] = rng_unit() * L;
        dw[i] = 1 + floor(rng_unit() * 100);
    }
    for (size_t j = 0; j < n; j++) {
        sx[j] = rng_unit() * L;
        sy[j] = rng_unit() * L;
        sw[j] = 1 + floor(rng_unit() * 10);
    }
    double r = sqrt(per * L * L / (M_PI * (double)n));
    cov_ctx_t *ctx;
    if (cov_ctx_create(&ctx)) return 1;
    const char *methods[] = {"2sfca", "e2sfca", "3sfca", "gravity"};
    for (size_t k = 0; k < sizeof methods / sizeof *methods; k++) {
        double best_pairs = INFINITY, best_comp = INFINITY, mean = 0;
        size_t np = 0;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now_ms();
            cov_access_pairs_t *ds;
            if (cov_access_pairs_planar(ctx, dx, dy, m, sx, sy, n, r, &ds)) return 1;
            double t1 = now_ms();
            cov_access_params_t p;
            memset(&p, 0, sizeof p);
            cov_access_method_parse(methods[k], &p.method);
            if (p.method == COV_ACCESS_GRAVITY)
                cov_access_weight_parse(ctx, "gravity:1000,-1,100", &p.weight);
            else if (p.method != COV_ACCESS_2SFCA)
                p.weight = cov_access_weight_e2sfca(r);
            cov_access_result_t res;
            if (cov_access_compute(ctx, &p, dw, m, sw, n, ds, NULL, &res)) {
                fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
                return 1;
            }
            double t2 = now_ms();
            np = cov_access_pairs_count(ds);
            mean = res.mean;
            cov_access_result_free(&res);
            cov_access_pairs_destroy(ds);
            if (t1 - t0 < best_pairs) best_pairs = t1 - t0;
            if (t2 - t1 < best_comp) best_comp = t2 - t1;
        }
        printf("method=%s demand=%zu supply=%zu catchment_m=%.0f pairs=%zu per_demand=%.1f "
               "pairs_ms=%.1f compute_ms=%.1f total_ms=%.1f mean=%.6g\n",
               methods[k], m, n, r, np, (double)np / (double)m, best_pairs, best_comp,
               best_pairs + best_comp, mean);
    }
    cov_ctx_destroy(ctx);
    free(dx), free(dy), free(dw), free(sx), free(sy), free(sw);
    return 0;
}
