/* Coverage heuristics: MCLP by lazy greedy (CELF) + Teitz-Bart interchange, LSCP by greedy set
 * cover + pruning, and the Lagrangian bound for MCLP. Deterministic: ties by candidate index. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/site/solver/site_private.h"

/* A max-heap of (gain, candidate); equal gains pop the smaller candidate first. */
typedef struct heap {
    size_t n;
    double *g;
    size_t *j;
} heap_t;

static bool above(const heap_t *h, size_t a, size_t b)
{
    return h->g[a] > h->g[b] || (h->g[a] == h->g[b] && h->j[a] < h->j[b]);
}

static void swap_at(heap_t *h, size_t a, size_t b)
{
    double g = h->g[a];
    size_t j = h->j[a];
    h->g[a] = h->g[b], h->j[a] = h->j[b];
    h->g[b] = g, h->j[b] = j;
}

static void heap_push(heap_t *h, double g, size_t j)
{
    size_t c = h->n++;
    h->g[c] = g, h->j[c] = j;
    while (c > 0 && above(h, c, (c - 1) / 2)) {
        swap_at(h, c, (c - 1) / 2);
        c = (c - 1) / 2;
    }
}

static void heap_pop(heap_t *h)
{
    h->n--;
    h->g[0] = h->g[h->n], h->j[0] = h->j[h->n];
    size_t c = 0;
    for (;;) {
        size_t l = 2 * c + 1, r = l + 1, m = c;
        if (l < h->n && above(h, l, m)) m = l;
        if (r < h->n && above(h, r, m)) m = r;
        if (m == c) break;
        swap_at(h, c, m);
        c = m;
    }
}

/* Demand points MCLP still has to cover: weight > 0 and beyond every existing facility. */
static unsigned char *open_points(const cov_site_inst_t *in, double r)
{
    unsigned char *a = calloc(in->n + 1, 1);
    if (!a) return NULL;
    for (size_t i = 0; i < in->n; i++) a[i] = in->w[i] > 0 && !solver_existing_covers(in, i, r);
    return a;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The added weight of candidate j given the cover counts. */
static double mclp_gain(const cov_site_inst_t *in, double r, const unsigned char *open,
                        const unsigned *cnt, size_t j)
{
    double g = 0;
    for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++) {
        size_t i = in->cdem[e];
        if (in->ccost[e] <= r && open[i] && cnt[i] == 0) g += in->w[i];
    }
    return g;
}

static void mclp_apply(const cov_site_inst_t *in, double r, const unsigned char *open,
                       unsigned *cnt, size_t *own, size_t j, int sign)
{
    for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++) {
        size_t i = in->cdem[e];
        if (in->ccost[e] > r || !open[i]) continue;
        if (sign > 0)
            cnt[i]++, own[i] += j;
        else
            cnt[i]--, own[i] -= j;
    }
}

/* Best-improvement interchange: for every candidate k outside S, the gain of adding it is
 * base (uncovered points) + extra[j] (points covered only by j, which a swap j->k keeps),
 * against loss[j] (points covered only by j). O(nnz + m p) per pass. */
static cov_status_t mclp_swap(const cov_site_inst_t *in, double r, const unsigned char *open,
                              unsigned *cnt, size_t *own, size_t *set, size_t p,
                              const unsigned char *ban)
{
    size_t m = in->m;
    long *pos = cov_calloc_array(m + 1, sizeof *pos);
    double *loss = cov_calloc_array(p + 1, sizeof *loss),
           *extra = cov_calloc_array(p + 1, sizeof *extra);
    size_t *touched = cov_calloc_array(p + 1, sizeof *touched);
    if (!pos || !loss || !extra || !touched) {
        free(pos), free(loss), free(extra), free(touched);
        return COV_ERR_NOMEM;
    }
    double total = 0;
    for (size_t i = 0; i < in->n; i++) total += in->w[i];
    double eps = 1e-12 * (total > 0 ? total : 1);
    for (size_t pass = 0; pass < 50 + 20 * p; pass++) {
        for (size_t j = 0; j < m; j++) pos[j] = -1;
        for (size_t t = 0; t < p; t++) pos[set[t]] = (long)t, loss[t] = 0;
        for (size_t t = 0; t < p; t++) {
            size_t j = set[t];
            for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++) {
                size_t i = in->cdem[e];
                if (in->ccost[e] <= r && open[i] && cnt[i] == 1) loss[t] += in->w[i];
            }
        }
        double bestd = eps;
        size_t bk = (size_t)-1, bt = 0;
        for (size_t k = 0; k < m; k++) {
            if (pos[k] >= 0 || ban[k]) continue;
            double base = 0;
            size_t nt = 0;
            for (size_t e = in->cstart[k]; e < in->cstart[k + 1]; e++) {
                size_t i = in->cdem[e];
                if (in->ccost[e] > r || !open[i]) continue;
                if (cnt[i] == 0)
                    base += in->w[i];
                else if (cnt[i] == 1) {
                    size_t t = (size_t)pos[own[i]];
                    if (extra[t] == 0) touched[nt++] = t;
                    extra[t] += in->w[i];
                }
            }
            for (size_t t = 0; t < p; t++) {
                double d = base + extra[t] - loss[t];
                if (d > bestd) bestd = d, bk = k, bt = t; /* strict: first (k, t) wins ties */
            }
            for (size_t u = 0; u < nt; u++) extra[touched[u]] = 0;
        }
        if (bk == (size_t)-1) break;
        mclp_apply(in, r, open, cnt, own, set[bt], -1);
        mclp_apply(in, r, open, cnt, own, bk, +1);
        set[bt] = bk;
    }
    free(pos), free(loss), free(extra), free(touched);
    return COV_OK;
}

/* Covered weight of the open points given cover counts. */
static double covered(const cov_site_inst_t *in, const unsigned char *open, const unsigned *cnt)
{
    double c = 0;
    for (size_t i = 0; i < in->n; i++)
        if (open[i] && cnt[i]) c += in->w[i];
    return c;
}

/* Rebuild the cover counts of a set from scratch. */
static void recount(const cov_site_inst_t *in, double r, const unsigned char *open, unsigned *cnt,
                    size_t *own, const size_t *set, size_t k)
{
    memset(cnt, 0, in->n * sizeof *cnt);
    memset(own, 0, in->n * sizeof *own);
    for (size_t t = 0; t < k; t++) mclp_apply(in, r, open, cnt, own, set[t], +1);
}

cov_status_t solver_heur_mclp(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                              size_t *set, size_t *k)
{
    size_t m = in->m, p = o->p;
    double r = o->radius;
    unsigned char *open = open_points(in, r), *ban = calloc(m + 1, 1);
    unsigned *cnt = cov_calloc_array(in->n + 1, sizeof *cnt);
    size_t *own = cov_calloc_array(in->n + 1, sizeof *own),
           *stamp = cov_calloc_array(m + 1, sizeof *stamp);
    size_t *trial = cov_calloc_array(p + 1, sizeof *trial);
    heap_t h = {0, cov_calloc_array(m + 1, sizeof(double)),
                cov_calloc_array(m + 1, sizeof(size_t))};
    cov_status_t s = COV_OK;
    if (!open || !ban || !cnt || !own || !stamp || !trial || !h.g || !h.j) {
        s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory in the MCLP heuristic");
        goto done;
    }
    /* CELF: a candidate's gain only falls as sites are added, so a popped candidate whose
     * gain was computed in this round is the best one. */
    for (size_t j = 0; j < m; j++) heap_push(&h, mclp_gain(in, r, open, cnt, j), j), stamp[j] = 1;
    size_t chosen = 0;
    while (chosen < p && h.n) {
        size_t j = h.j[0];
        if (stamp[j] == chosen + 1) {
            heap_pop(&h);
            set[chosen++] = j;
            mclp_apply(in, r, open, cnt, own, j, +1);
            continue;
        }
        double g = mclp_gain(in, r, open, cnt, j);
        heap_pop(&h);
        stamp[j] = chosen + 1;
        heap_push(&h, g, j);
    }
    cov_progress(ctx, "greedy", p, p);
    s = mclp_swap(in, r, open, cnt, own, set, chosen, ban);
    double best = covered(in, open, cnt);
    /* Iterated local search: drop one site of the best set, ban it, refill greedily and
     * interchange again; keep an improvement and start over. Escapes 1-swap local optima. */
    size_t rounds = 0;
    for (size_t t = 0; !s && t < chosen && rounds < 4 * p + 8; t++, rounds++) {
        memcpy(trial, set, chosen * sizeof *set);
        ban[trial[t]] = 1;
        trial[t] = trial[chosen - 1];
        recount(in, r, open, cnt, own, trial, chosen - 1);
        size_t bj = (size_t)-1;
        double bg = -1;
        for (size_t j = 0; j < m; j++) {
            if (ban[j]) continue;
            bool inset = false;
            for (size_t u = 0; u + 1 < chosen && !inset; u++) inset = trial[u] == j;
            if (inset) continue;
            double g = mclp_gain(in, r, open, cnt, j);
            if (g > bg) bg = g, bj = j;
        }
        if (bj != (size_t)-1) {
            trial[chosen - 1] = bj;
            mclp_apply(in, r, open, cnt, own, bj, +1);
            s = mclp_swap(in, r, open, cnt, own, trial, chosen, ban);
            double v = covered(in, open, cnt);
            if (v > best * (1 + 1e-12) + 1e-12) {
                best = v;
                memcpy(set, trial, chosen * sizeof *set);
                t = (size_t)-1; /* start over from the first site */
            }
        }
        memset(ban, 0, m);
        cov_progress(ctx, "local search", rounds, 4 * p + 8);
    }
    if (s) s = cov_fail(ctx, s, "out of memory in the MCLP interchange");
    qsort(set, chosen, sizeof *set, cmp_size);
    *k = chosen;
done:
    free(open), free(ban), free(cnt), free(own), free(stamp), free(trial), free(h.g), free(h.j);
    return s;
}

cov_status_t solver_heur_lscp(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                              size_t *set, size_t *k)
{
    size_t m = in->m, n = in->n;
    double r = o->radius;
    unsigned *cnt = cov_calloc_array(n + 1, sizeof *cnt);
    unsigned char *need = calloc(n + 1, 1), *in_set = calloc(m + 1, 1);
    if (!cnt || !need || !in_set) {
        free(cnt), free(need), free(in_set);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory in the LSCP heuristic");
    }
    /* every point beyond existing facilities that some candidate reaches must be covered */
    for (size_t i = 0; i < n; i++) {
        if (solver_existing_covers(in, i, r)) continue;
        for (size_t t = in->dstart[i]; t < in->dstart[i + 1] && !need[i]; t++)
            need[i] = in->dcost[t] <= r;
    }
    size_t chosen = 0;
    for (;;) {
        size_t best = (size_t)-1, bn = 0;
        for (size_t j = 0; j < m; j++) {
            if (in_set[j]) continue;
            size_t c = 0;
            for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++)
                if (in->ccost[e] <= r && need[in->cdem[e]] && !cnt[in->cdem[e]]) c++;
            if (c > bn) bn = c, best = j;
        }
        if (best == (size_t)-1) break;
        in_set[best] = 1;
        set[chosen++] = best;
        for (size_t e = in->cstart[best]; e < in->cstart[best + 1]; e++)
            if (in->ccost[e] <= r) cnt[in->cdem[e]]++;
    }
    /* prune: drop sites (latest first) whose points are all covered by others */
    for (size_t t = chosen; t-- > 0;) {
        size_t j = set[t];
        bool needed = false;
        for (size_t e = in->cstart[j]; e < in->cstart[j + 1] && !needed; e++)
            needed = in->ccost[e] <= r && need[in->cdem[e]] && cnt[in->cdem[e]] == 1;
        if (needed) continue;
        for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++)
            if (in->ccost[e] <= r) cnt[in->cdem[e]]--;
        memmove(set + t, set + t + 1, (chosen - t - 1) * sizeof *set);
        chosen--;
    }
    qsort(set, chosen, sizeof *set, cmp_size);
    *k = chosen;
    free(cnt), free(need), free(in_set);
    return COV_OK;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

/* Lagrangian relaxation of y_i <= sum_{j covers i} x_j with multipliers u_i >= 0:
 * L(u) = sum_i max(0, w_i - u_i) + (sum of the p largest U_j), U_j = sum_{i covered by j} u_i,
 * plus the weight existing facilities cover. Every L(u) is an upper bound; subgradient steps
 * (Held-Karp rule, target = the heuristic's value) tighten it. */
double solver_lagrange_mclp(const cov_site_inst_t *in, const cov_site_opts_t *o, double start,
                            const size_t *set, size_t k)
{
    size_t n = in->n, m = in->m, p = o->p;
    double r = o->radius;
    unsigned char *open = open_points(in, r);
    double *u = cov_calloc_array(n + 1, sizeof *u), *U = cov_calloc_array(m + 1, sizeof *U);
    double *top = cov_calloc_array(m + 1, sizeof *top);
    unsigned *sub = cov_calloc_array(n + 1, sizeof *sub);
    unsigned char *pick = calloc(m + 1, 1);
    double best = INFINITY, base = 0;
    if (!open || !u || !U || !top || !sub || !pick) goto done;
    for (size_t i = 0; i < n; i++)
        if (in->w[i] > 0 && !open[i]) base += in->w[i];
    /* Start from the heuristic's solution: u_i = w_i on the points it leaves uncovered, 0 on
     * the covered ones. L(u) is then its value plus the p largest marginal gains of the other
     * candidates (the submodularity bound), usually close; subgradient steps go on from it. */
    memset(sub, 0, n * sizeof *sub);
    for (size_t t = 0; t < k; t++)
        for (size_t e = in->cstart[set[t]]; e < in->cstart[set[t] + 1]; e++)
            if (in->ccost[e] <= r) sub[in->cdem[e]] = 1;
    for (size_t i = 0; i < n; i++) u[i] = open[i] && !sub[i] ? in->w[i] : 0;
    double lambda = 2.0;
    size_t stall = 0;
    for (int it = 0; it < 400 && lambda > 1e-5; it++) {
        double L = base;
        for (size_t i = 0; i < n; i++)
            if (open[i] && in->w[i] > u[i]) L += in->w[i] - u[i];
        for (size_t j = 0; j < m; j++) {
            double a = 0;
            for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++)
                if (in->ccost[e] <= r && open[in->cdem[e]]) a += u[in->cdem[e]];
            U[j] = a;
        }
        /* the p largest U_j: threshold by partial selection (copy, nth by sorting) */
        memcpy(top, U, m * sizeof *U);
        size_t pp = p < m ? p : m;
        qsort(top, m, sizeof *top, cmp_desc);
        double thr = pp ? top[pp - 1] : INFINITY;
        size_t taken = 0;
        memset(pick, 0, m);
        for (size_t j = 0; j < m && taken < pp; j++)
            if (U[j] > thr) pick[j] = 1, taken++, L += U[j];
        for (size_t j = 0; j < m && taken < pp; j++)
            if (U[j] == thr && !pick[j]) pick[j] = 1, taken++, L += U[j];
        if (isinf(best) || L < best - 1e-9 * fabs(best))
            best = L, stall = 0;
        else if (++stall >= 20)
            lambda /= 2, stall = 0;
        /* subgradient g_i = y_i - sum_{j picked covers i} x_j, y_i = [w_i > u_i] */
        memset(sub, 0, n * sizeof *sub);
        for (size_t j = 0; j < m; j++) {
            if (!pick[j]) continue;
            for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++)
                if (in->ccost[e] <= r) sub[in->cdem[e]]++;
        }
        double norm = 0;
        for (size_t i = 0; i < n; i++) {
            if (!open[i]) continue;
            double g = (in->w[i] > u[i] ? 1.0 : 0.0) - sub[i];
            norm += g * g;
        }
        if (norm == 0) break; /* L(u) is attained by a feasible point: optimal */
        double step = lambda * (L - start) / norm;
        if (step <= 0) step = lambda * 1e-3 * (L > 0 ? L : 1) / norm;
        for (size_t i = 0; i < n; i++) {
            if (!open[i]) continue;
            double g = (in->w[i] > u[i] ? 1.0 : 0.0) - sub[i];
            u[i] += step * g; /* dL/du_i = sub_i - y_i: step against it */
            if (u[i] < 0) u[i] = 0;
            if (u[i] > in->w[i]) u[i] = in->w[i]; /* above w_i never lowers L */
        }
    }
done:
    free(open), free(u), free(U), free(top), free(sub), free(pick);
    return best;
}
