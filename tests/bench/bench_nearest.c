/* Benchmark of cov_kdtree build + batch nearest; writes its points so a peer can run the same. */
/*
 * Usage: bench_nearest [--queries M --sites N] [--seed S] [--out DIR]
 *
 * Without --queries/--sites it runs every case of {1e4,1e5,1e6} queries x {1e3,1e4,1e5} sites
 * in one process (the peak RSS is then the running maximum). run_bench_nearest.sh runs one
 * case per process instead. For each case it prints one line of key=value pairs and, with
 * --out, writes DIR/q<M>_s<N>.sites.f64 and .queries.f64 (interleaved x,y little-endian
 * float64) and .nn.u64 / .dist.f64 (our answer per query) for the peer to check against.
 *
 * Built standalone against geo/kdtree.c only (not part of the CMake build or CTest).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"

/* Stand-ins for geo/ctx.c's helpers, so the benchmark links without PROJ. */
void *cov_calloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *cov_realloc_array(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes ? bytes : 1);
}

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double rng_unit(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; }

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0; /* kilobytes on Linux */
}

/* Sites like facilities in a 60 km x 60 km district (metric coordinates in a UTM-like
 * range): half scattered, half clustered around 40 towns. Queries are scattered. */
static void make_sites(size_t n, double *x, double *y)
{
    double tx[40], ty[40];
    for (int i = 0; i < 40; i++) {
        tx[i] = 500000.0 + 60000.0 * rng_unit();
        ty[i] = 3300000.0 + 60000.0 * rng_unit();
    }
    for (size_t i = 0; i < n; i++) {
        if (i % 2) {
            size_t t = rng_next() % 40;
            x[i] = tx[t] + 1500.0 * (rng_unit() + rng_unit() + rng_unit() - 1.5);
            y[i] = ty[t] + 1500.0 * (rng_unit() + rng_unit() + rng_unit() - 1.5);
        } else {
            x[i] = 500000.0 + 60000.0 * rng_unit();
            y[i] = 3300000.0 + 60000.0 * rng_unit();
        }
    }
}

static void make_queries(size_t m, double *x, double *y)
{
    for (size_t i = 0; i < m; i++) {
        x[i] = 500000.0 + 60000.0 * rng_unit();
        y[i] = 3300000.0 + 60000.0 * rng_unit();
    }
}

static int write_xy(const char *dir, size_t m, size_t n, const char *what, const double *x,
                    const double *y, size_t cnt)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/q%zu_s%zu.%s.f64", dir, m, n, what);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    for (size_t i = 0; i < cnt; i++) {
        double xy[2] = {x[i], y[i]};
        fwrite(xy, sizeof xy, 1, f);
    }
    return fclose(f);
}

static int write_raw(const char *dir, size_t m, size_t n, const char *name, const void *p,
                     size_t bytes)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/q%zu_s%zu.%s", dir, m, n, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fwrite(p, 1, bytes, f);
    return fclose(f);
}

/* Time build and batch nearest for one case; repeats small cases and keeps the best time. */
static int run_case(size_t m, size_t n, uint64_t seed, const char *out)
{
    rng_state = seed ^ (m * 1000003u + n);
    double *sx = malloc(n * sizeof *sx), *sy = malloc(n * sizeof *sy);
    double *qx = malloc(m * sizeof *qx), *qy = malloc(m * sizeof *qy);
    size_t *idx = malloc(m * sizeof *idx);
    double *dist = malloc(m * sizeof *dist);
    if (!sx || !sy || !qx || !qy || !idx || !dist) {
        fprintf(stderr, "bench_nearest: out of memory\n");
        return 1;
    }
    make_sites(n, sx, sy);
    make_queries(m, qx, qy);

    int reps = (int)(2000000 / (m + n));
    if (reps < 1) reps = 1;
    if (reps > 20) reps = 20;
    double best_build = 1e300, best_query = 1e300;
    for (int r = 0; r < reps; r++) {
        cov_kdtree_t *t = NULL;
        double t0 = now_ms();
        if (cov_kdtree_build(sx, sy, n, &t) != COV_OK) {
            fprintf(stderr, "bench_nearest: build failed\n");
            return 1;
        }
        double t1 = now_ms();
        if (cov_kdtree_nearest_batch(t, qx, qy, m, idx, dist) != COV_OK) {
            fprintf(stderr, "bench_nearest: query failed\n");
            return 1;
        }
        double t2 = now_ms();
        cov_kdtree_destroy(t);
        if (t1 - t0 < best_build) best_build = t1 - t0;
        if (t2 - t1 < best_query) best_query = t2 - t1;
    }
    double sum = 0;
    for (size_t i = 0; i < m; i++) sum += dist[i];
    printf("queries=%zu sites=%zu build_ms=%.3f query_ms=%.3f peak_mb=%.1f reps=%d "
           "mean_dist=%.6f\n",
           m, n, best_build, best_query, peak_mb(), reps, sum / (double)m);
    fflush(stdout);

    if (out) {
        uint64_t *ids = malloc(m * sizeof *ids);
        int bad = !ids;
        for (size_t i = 0; !bad && i < m; i++) ids[i] = idx[i];
        bad = bad || write_xy(out, m, n, "sites", sx, sy, n) != 0;
        bad = bad || write_xy(out, m, n, "queries", qx, qy, m) != 0;
        bad = bad || write_raw(out, m, n, "nn.u64", ids, m * sizeof *ids) != 0;
        bad = bad || write_raw(out, m, n, "dist.f64", dist, m * sizeof *dist) != 0;
        free(ids);
        if (bad) {
            fprintf(stderr, "bench_nearest: cannot write the case files under %s\n", out);
            return 1;
        }
    }
    free(sx);
    free(sy);
    free(qx);
    free(qy);
    free(idx);
    free(dist);
    return 0;
}

int main(int argc, char **argv)
{
    size_t m = 0, n = 0;
    uint64_t seed = 20240611;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--queries") == 0) {
            m = (size_t)strtod(argv[++i], NULL);
        } else if (i + 1 < argc && strcmp(argv[i], "--sites") == 0) {
            n = (size_t)strtod(argv[++i], NULL);
        } else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0) {
            seed = strtoull(argv[++i], NULL, 10);
        } else if (i + 1 < argc && strcmp(argv[i], "--out") == 0) {
            out = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--queries M --sites N] [--seed S] [--out DIR]\n", argv[0]);
            return 2;
        }
    }
    if (m && n) return run_case(m, n, seed, out);
    static const size_t qs[] = {10000, 100000, 1000000}, ss[] = {1000, 10000, 100000};
    for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
            if (run_case(qs[a], ss[b], seed, out)) return 1;
        }
    }
    return 0;
}
