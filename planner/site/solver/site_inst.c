/* The siting instance: demand weights, candidates, sparse costs and existing facilities, kept
 * as two compressed lists (by candidate and by demand point). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/site/solver/site_private.h"

bool cov_site_model_parse(const char *t, cov_site_model_t *out)
{
    if (!t) return false;
    if (strcmp(t, "mclp") == 0)
        *out = COV_SITE_MCLP;
    else if (strcmp(t, "lscp") == 0)
        *out = COV_SITE_LSCP;
    else if (strcmp(t, "pmedian") == 0 || strcmp(t, "p-median") == 0)
        *out = COV_SITE_PMEDIAN;
    else if (strcmp(t, "pcenter") == 0 || strcmp(t, "p-center") == 0)
        *out = COV_SITE_PCENTER;
    else
        return false;
    return true;
}

const char *cov_site_model_name(cov_site_model_t m)
{
    switch (m) {
    case COV_SITE_MCLP: return "mclp";
    case COV_SITE_LSCP: return "lscp";
    case COV_SITE_PMEDIAN: return "pmedian";
    case COV_SITE_PCENTER: return "pcenter";
    }
    return "?";
}

cov_status_t cov_site_inst_create(cov_ctx_t *ctx, size_t n, const double *weight, size_t m,
                                  cov_site_inst_t **out)
{
    *out = NULL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(weight[i]) || weight[i] < 0)
            return cov_fail(ctx, COV_ERR_INPUT,
                            "demand point %zu: weight %g is not a finite number >= 0", i + 1,
                            weight[i]);
    cov_site_inst_t *in = calloc(1, sizeof *in);
    if (!in) return COV_ERR_NOMEM;
    in->n = n;
    in->m = m;
    in->w = cov_calloc_array(n + 1, sizeof *in->w);
    in->d0 = cov_calloc_array(n + 1, sizeof *in->d0);
    in->cap = cov_calloc_array(m + 1, sizeof *in->cap);
    if (!in->w || !in->d0 || !in->cap) {
        cov_site_inst_destroy(in);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory for a siting instance");
    }
    if (n) memcpy(in->w, weight, n * sizeof *weight);
    for (size_t i = 0; i < n; i++) in->d0[i] = INFINITY;
    for (size_t j = 0; j < m; j++) in->cap[j] = INFINITY;
    *out = in;
    return COV_OK;
}

void cov_site_inst_destroy(cov_site_inst_t *in)
{
    if (!in) return;
    free(in->w);
    free(in->d0);
    free(in->cap);
    free(in->ei);
    free(in->ej);
    free(in->ec);
    free(in->cstart);
    free(in->cdem);
    free(in->ccost);
    free(in->dstart);
    free(in->dcand);
    free(in->dcost);
    free(in);
}

cov_status_t cov_site_inst_add(cov_ctx_t *ctx, cov_site_inst_t *in, size_t i, size_t j, double cost)
{
    if (i >= in->n || j >= in->m)
        return cov_fail(ctx, COV_ERR_INTERNAL, "siting: pair (%zu, %zu) out of range", i, j);
    if (!isfinite(cost) || cost < 0)
        return cov_fail(ctx, COV_ERR_INPUT, "siting: cost %g is not a finite number >= 0", cost);
    if (in->nent == in->capent) {
        size_t nc = in->capent ? in->capent * 2 : 1024;
        size_t *a = cov_realloc_array(in->ei, nc, sizeof *a);
        if (a) in->ei = a;
        size_t *b = cov_realloc_array(in->ej, nc, sizeof *b);
        if (b) in->ej = b;
        double *c = cov_realloc_array(in->ec, nc, sizeof *c);
        if (c) in->ec = c;
        if (!a || !b || !c) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory for costs");
        in->capent = nc;
    }
    in->ei[in->nent] = i;
    in->ej[in->nent] = j;
    in->ec[in->nent] = cost;
    in->nent++;
    in->built = false;
    return COV_OK;
}

void cov_site_inst_set_existing(cov_site_inst_t *in, size_t i, double cost)
{
    if (i < in->n) in->d0[i] = cost;
}

void cov_site_inst_set_capacity(cov_site_inst_t *in, size_t j, double capacity)
{
    if (j < in->m) in->cap[j] = capacity;
}

size_t cov_site_inst_ndemand(const cov_site_inst_t *in) { return in->n; }
size_t cov_site_inst_ncand(const cov_site_inst_t *in) { return in->m; }
double cov_site_inst_weight(const cov_site_inst_t *in, size_t i) { return in->w[i]; }
double cov_site_inst_existing(const cov_site_inst_t *in, size_t i) { return in->d0[i]; }

/* Counting sort of entries by key (a[]), stable, into perm. */
static void bucket(const size_t *key, size_t nent, size_t nkeys, size_t *start, size_t *perm)
{
    memset(start, 0, (nkeys + 1) * sizeof *start);
    for (size_t e = 0; e < nent; e++) start[key[e] + 1]++;
    for (size_t k = 0; k < nkeys; k++) start[k + 1] += start[k];
    size_t *fill = perm + nent; /* scratch: nkeys slots after the nent of perm */
    memcpy(fill, start, nkeys * sizeof *fill);
    for (size_t e = 0; e < nent; e++) perm[fill[key[e]]++] = e;
}

/* One compressed list: entries grouped by key, ordered within a group by other (a stable
 * counting sort by other first, then by key); duplicates keep the smaller cost. */
static cov_status_t compress(cov_site_inst_t *in, const size_t *key, const size_t *other,
                             size_t nkeys, size_t nother, size_t **startp, size_t **idxp,
                             double **costp)
{
    size_t ne = in->nent, mx = nkeys > nother ? nkeys : nother;
    size_t *start = cov_calloc_array(nkeys + 1, sizeof *start);
    size_t *tmpstart = cov_calloc_array(mx + 1, sizeof *tmpstart);
    size_t *p1 = cov_calloc_array(ne + mx + 1, sizeof *p1);
    size_t *p2 = cov_calloc_array(ne + mx + 1, sizeof *p2);
    size_t *idx = cov_calloc_array(ne + 1, sizeof *idx);
    double *cost = cov_calloc_array(ne + 1, sizeof *cost);
    if (!start || !tmpstart || !p1 || !p2 || !idx || !cost) {
        free(start), free(tmpstart), free(p1), free(p2), free(idx), free(cost);
        return COV_ERR_NOMEM;
    }
    bucket(other, ne, nother, tmpstart, p1);
    /* stable pass by key over the order p1 */
    memset(start, 0, (nkeys + 1) * sizeof *start);
    for (size_t e = 0; e < ne; e++) start[key[e] + 1]++;
    for (size_t k = 0; k < nkeys; k++) start[k + 1] += start[k];
    size_t *fill = tmpstart;
    memcpy(fill, start, nkeys * sizeof *fill);
    for (size_t t = 0; t < ne; t++) {
        size_t e = p1[t];
        p2[fill[key[e]]++] = e;
    }
    /* write, merging duplicates */
    size_t out = 0;
    size_t *nstart = p1; /* reuse as new starts */
    for (size_t k = 0; k < nkeys; k++) {
        nstart[k] = out;
        for (size_t t = start[k]; t < start[k + 1]; t++) {
            size_t e = p2[t];
            if (out > nstart[k] && idx[out - 1] == other[e]) {
                if (in->ec[e] < cost[out - 1]) cost[out - 1] = in->ec[e];
                continue;
            }
            idx[out] = other[e];
            cost[out] = in->ec[e];
            out++;
        }
    }
    nstart[nkeys] = out;
    memcpy(start, nstart, (nkeys + 1) * sizeof *start);
    free(tmpstart), free(p1), free(p2);
    *startp = start;
    *idxp = idx;
    *costp = cost;
    return COV_OK;
}

cov_status_t cov_site_inst_build(cov_ctx_t *ctx, cov_site_inst_t *in)
{
    if (in->built) return COV_OK;
    free(in->cstart), free(in->cdem), free(in->ccost);
    free(in->dstart), free(in->dcand), free(in->dcost);
    in->cstart = in->cdem = in->dstart = in->dcand = NULL;
    in->ccost = in->dcost = NULL;
    cov_status_t s = compress(in, in->ej, in->ei, in->m, in->n, &in->cstart, &in->cdem, &in->ccost);
    if (!s) s = compress(in, in->ei, in->ej, in->n, in->m, &in->dstart, &in->dcand, &in->dcost);
    if (s) return cov_fail(ctx, s, "out of memory while indexing the siting costs");
    in->built = true;
    return COV_OK;
}

bool cov_site_inst_first_missing(const cov_site_inst_t *in, size_t *i_out, size_t *j_out)
{
    for (size_t i = 0; i < in->n; i++) {
        size_t a = in->dstart[i], b = in->dstart[i + 1], j = 0;
        if (b - a == in->m) continue;
        while (j < in->m && a + j < b && in->dcand[a + j] == j) j++;
        *i_out = i;
        *j_out = j;
        return true;
    }
    return false;
}

bool solver_complete(const cov_site_inst_t *in) { return in->dstart[in->n] == in->n * in->m; }

/* The cost of demand point i to its nearest site among existing and the chosen flags. */
static double best_cost(const cov_site_inst_t *in, size_t i, const unsigned char *chosen, long *who)
{
    double best = in->d0[i];
    *who = -1;
    for (size_t t = in->dstart[i]; t < in->dstart[i + 1]; t++)
        if (chosen[in->dcand[t]] && in->dcost[t] < best) {
            best = in->dcost[t];
            *who = (long)in->dcand[t];
        }
    return best;
}

double cov_site_eval(const cov_site_inst_t *in, const cov_site_opts_t *o, const size_t *set,
                     size_t k)
{
    unsigned char *ch = calloc(in->m + 1, 1);
    if (!ch) return NAN;
    for (size_t t = 0; t < k; t++) ch[set[t]] = 1;
    double r = o->radius, acc = 0;
    for (size_t i = 0; i < in->n; i++) {
        long who;
        double c = best_cost(in, i, ch, &who);
        switch (o->model) {
        case COV_SITE_MCLP:
            if (c <= r) acc += in->w[i];
            break;
        case COV_SITE_LSCP: {
            bool coverable = in->d0[i] <= r;
            for (size_t t = in->dstart[i]; t < in->dstart[i + 1] && !coverable; t++)
                coverable = in->dcost[t] <= r;
            if (coverable && c > r) acc = INFINITY;
            break;
        }
        case COV_SITE_PMEDIAN: acc += in->w[i] * c; break;
        case COV_SITE_PCENTER:
            if (in->w[i] > 0 && c > acc) acc = c;
            break;
        }
    }
    free(ch);
    if (o->model == COV_SITE_LSCP && isfinite(acc)) acc = (double)k;
    return acc;
}

/* Fill the per-point and summary figures of res for the chosen set, and rank the chosen sites
 * by marginal gain (greedy order: the site adding most first; ties by candidate index). */
cov_status_t solver_fill_result(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                                const size_t *set, size_t k, cov_site_result_t *res)
{
    size_t n = in->n;
    bool cover = o->radius > 0;
    double r = o->radius;
    res->chosen = cov_calloc_array(k + 1, sizeof *res->chosen);
    res->gain = cov_calloc_array(k + 1, sizeof *res->gain);
    res->gain_cost = cov_calloc_array(k + 1, sizeof *res->gain_cost);
    res->assign = cov_calloc_array(n + 1, sizeof *res->assign);
    res->cost_after = cov_calloc_array(n + 1, sizeof *res->cost_after);
    double *cur = cov_calloc_array(n + 1, sizeof *cur);
    unsigned char *ch = calloc(in->m + 1, 1), *used = calloc(k + 1, 1);
    cov_status_t s = COV_OK;
    if (!res->chosen || !res->gain || !res->gain_cost || !res->assign || !res->cost_after || !cur ||
        !ch || !used) {
        s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory for the siting result");
        goto done;
    }
    res->nchosen = k;
    double tw = 0, sb = 0, sa = 0, mb = 0, ma = 0;
    for (size_t t = 0; t < k; t++) ch[set[t]] = 1;
    for (size_t i = 0; i < n; i++) {
        long who;
        double c = best_cost(in, i, ch, &who);
        res->assign[i] = who;
        res->cost_after[i] = c;
        cur[i] = in->d0[i];
        tw += in->w[i];
        if (cover && in->d0[i] <= r) res->covered_before += in->w[i], res->ncovered_before++;
        if (cover && c <= r) res->covered_after += in->w[i], res->ncovered_after++;
        sb += in->w[i] * in->d0[i];
        sa += in->w[i] * c;
        if (in->w[i] > 0 && in->d0[i] > mb) mb = in->d0[i];
        if (in->w[i] > 0 && c > ma) ma = c;
        if (cover && in->d0[i] > r) {
            bool any = false;
            for (size_t t = in->dstart[i]; t < in->dstart[i + 1] && !any; t++)
                any = in->dcost[t] <= r;
            if (!any) res->uncoverable_weight += in->w[i], res->nuncoverable++;
        }
    }
    res->total_weight = tw;
    res->mean_before = tw > 0 ? sb / tw : NAN;
    res->mean_after = tw > 0 ? sa / tw : NAN;
    res->max_before = mb;
    res->max_after = ma;
    /* ranking: repeated best marginal gain among the chosen, given existing + ranked ones.
     * Coverage models rank by added covered weight; p-median/p-center by newly served weight,
     * then by the reduction of the weighted total cost. Ties by candidate index. */
    for (size_t rank = 0; rank < k; rank++) {
        size_t best = (size_t)-1;
        double bk1 = -INFINITY, bk2 = -INFINITY, bcov = 0, bcost = 0;
        for (size_t t = 0; t < k; t++) {
            if (used[t]) continue;
            size_t j = set[t];
            double gcov = 0, gnew = 0, gcost = 0, gfirst = 0;
            for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++) {
                size_t i = in->cdem[e];
                double c = in->ccost[e];
                if (cover && cur[i] > r && c <= r) gcov += in->w[i];
                if (c < cur[i]) {
                    if (isfinite(cur[i]))
                        gcost += in->w[i] * (cur[i] - c);
                    else
                        gnew += in->w[i], gfirst -= in->w[i] * c; /* cheaper first */
                }
            }
            bool covmodel = o->model == COV_SITE_MCLP || o->model == COV_SITE_LSCP;
            double k1 = covmodel ? gcov : gnew, k2 = gcost + gfirst;
            if (best == (size_t)-1 || k1 > bk1 ||
                (k1 == bk1 && (k2 > bk2 || (k2 == bk2 && j < set[best])))) {
                bk1 = k1, bk2 = k2, best = t;
                bcov = gcov;
                bcost = gnew > 0 ? INFINITY : gcost;
            }
        }
        used[best] = 1;
        size_t j = set[best];
        res->chosen[rank] = j;
        res->gain[rank] = cover ? bcov : NAN;
        res->gain_cost[rank] = bcost;
        for (size_t e = in->cstart[j]; e < in->cstart[j + 1]; e++)
            if (in->ccost[e] < cur[in->cdem[e]]) cur[in->cdem[e]] = in->ccost[e];
    }
done:
    free(cur);
    free(ch);
    free(used);
    return s;
}

void cov_site_result_free(cov_site_result_t *res)
{
    if (!res) return;
    free(res->chosen);
    free(res->gain);
    free(res->gain_cost);
    free(res->assign);
    free(res->cost_after);
    memset(res, 0, sizeof *res);
}
