/* p-median and p-center heuristics: greedy addition + Teitz-Bart interchange over a complete
 * cost matrix, with nearest/second-nearest bookkeeping. Ties by candidate index. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/site/solver/site_private.h"

typedef struct med {
    const cov_site_inst_t *in;
    bool center;
    size_t n, m;
    double *c;  /* m x n dense costs */
    double *d0; /* existing cost, INFINITY replaced by a cost above every entry */
    double *d1, *d2;
    long *near; /* index into set of the nearest chosen site, -1 existing */
} med_t;

/* The (primary, secondary) objective of per-point costs: p-median the weighted sum;
 * p-center the largest cost, then the weighted sum (which breaks plateaus). */
static void objective(const med_t *md, const double *cost, double *prim, double *sec)
{
    double sum = 0, mx = 0;
    for (size_t i = 0; i < md->n; i++) {
        sum += md->in->w[i] * cost[i];
        if (md->in->w[i] > 0 && cost[i] > mx) mx = cost[i];
    }
    *prim = md->center ? mx : sum;
    *sec = md->center ? sum : 0;
}

static bool better(double p1, double s1, double p2, double s2)
{
    double tol = 1e-12 * (fabs(p2) > 1 ? fabs(p2) : 1);
    if (p1 < p2 - tol) return true;
    if (p1 > p2 + tol) return false;
    double t2 = 1e-12 * (fabs(s2) > 1 ? fabs(s2) : 1);
    return s1 < s2 - t2;
}

static void nearest(med_t *md, const size_t *set, size_t p)
{
    for (size_t i = 0; i < md->n; i++) {
        double a = md->d0[i], b = INFINITY;
        long who = -1;
        for (size_t t = 0; t < p; t++) {
            double c = md->c[set[t] * md->n + i];
            if (c < a || (c == a && who >= 0 && set[t] < set[who])) {
                b = a;
                a = c;
                who = (long)t;
            } else if (c < b) {
                b = c;
            }
        }
        md->d1[i] = a, md->d2[i] = b, md->near[i] = who;
    }
}

cov_status_t solver_heur_median(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                                size_t *set, size_t *k)
{
    size_t n = in->n, m = in->m, p = o->p;
    med_t md = {.in = in, .center = o->model == COV_SITE_PCENTER, .n = n, .m = m};
    md.c = cov_calloc_array(n * m + 1, sizeof *md.c);
    md.d0 = cov_calloc_array(n + 1, sizeof *md.d0);
    md.d1 = cov_calloc_array(n + 1, sizeof *md.d1);
    md.d2 = cov_calloc_array(n + 1, sizeof *md.d2);
    md.near = cov_calloc_array(n + 1, sizeof *md.near);
    double *trial = cov_calloc_array(n + 1, sizeof *trial);
    unsigned char *in_set = calloc(m + 1, 1);
    cov_status_t s = COV_OK;
    if (!md.c || !md.d0 || !md.d1 || !md.d2 || !md.near || !trial || !in_set) {
        s = cov_fail(ctx, COV_ERR_NOMEM,
                     "out of memory for a %zu x %zu cost matrix; use fewer candidates", m, n);
        goto done;
    }
    double cmax = 0;
    for (size_t j = 0; j < m; j++)
        for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++) {
            md.c[j * n + in->cdem[e]] = in->ccost[e];
            if (in->ccost[e] > cmax) cmax = in->ccost[e];
        }
    /* A point with no existing facility costs "more than any site" before the first site is
     * added; with a complete matrix this changes nothing once p >= 1. */
    for (size_t i = 0; i < n; i++) md.d0[i] = isfinite(in->d0[i]) ? in->d0[i] : 2 * cmax + 1;
    /* greedy */
    size_t chosen = 0;
    nearest(&md, set, 0);
    while (chosen < p) {
        size_t best = (size_t)-1;
        double bp = INFINITY, bs = INFINITY;
        for (size_t j = 0; j < m; j++) {
            if (in_set[j]) continue;
            for (size_t i = 0; i < n; i++) {
                double c = md.c[j * n + i];
                trial[i] = c < md.d1[i] ? c : md.d1[i];
            }
            double pr, se;
            objective(&md, trial, &pr, &se);
            if (best == (size_t)-1 || better(pr, se, bp, bs)) bp = pr, bs = se, best = j;
        }
        in_set[best] = 1;
        set[chosen++] = best;
        nearest(&md, set, chosen);
        cov_progress(ctx, "greedy", chosen, p);
    }
    /* interchange: best improving (k in, set[t] out) per pass */
    double cp, cs;
    objective(&md, md.d1, &cp, &cs);
    for (size_t pass = 0; pass < 50 + 20 * p; pass++) {
        size_t bk = (size_t)-1, bt = 0;
        double bp = cp, bs = cs;
        for (size_t kk = 0; kk < m; kk++) {
            if (in_set[kk]) continue;
            const double *ck = md.c + kk * n;
            for (size_t t = 0; t < chosen; t++) {
                for (size_t i = 0; i < n; i++) {
                    double keep = md.near[i] == (long)t ? md.d2[i] : md.d1[i];
                    trial[i] = ck[i] < keep ? ck[i] : keep;
                }
                double pr, se;
                objective(&md, trial, &pr, &se);
                if (better(pr, se, bp, bs)) bp = pr, bs = se, bk = kk, bt = t;
            }
        }
        if (bk == (size_t)-1) break;
        in_set[set[bt]] = 0;
        in_set[bk] = 1;
        set[bt] = bk;
        nearest(&md, set, chosen);
        objective(&md, md.d1, &cp, &cs);
    }
    /* ascending candidate index */
    for (size_t a = 1; a < chosen; a++)
        for (size_t b = a; b > 0 && set[b - 1] > set[b]; b--) {
            size_t t = set[b];
            set[b] = set[b - 1];
            set[b - 1] = t;
        }
    *k = chosen;
done:
    free(md.c), free(md.d0), free(md.d1), free(md.d2), free(md.near), free(trial), free(in_set);
    return s;
}
