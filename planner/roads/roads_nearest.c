/* Network distance from every facility and demand point to its nearest clinic (one pass). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/layers.h"
#include "planner/roads/roads.h"

typedef struct pts {
    long long *id;
    char **code;
    double *x, *y;
    bool *eldercare; /* facilities: an elder-care site (the summary's median is over them) */
    cov_graph_snap_t *snap;
    size_t n;
} pts_t;

static void pts_free(pts_t *p)
{
    for (size_t i = 0; p->code && i < p->n; i++) free(p->code[i]);
    free(p->code);
    free(p->id);
    free(p->x);
    free(p->y);
    free(p->eldercare);
    free(p->snap);
}

static cov_status_t pts_alloc(cov_ctx_t *ctx, pts_t *p, size_t n)
{
    memset(p, 0, sizeof *p);
    size_t m = n ? n : 1;
    p->id = cov_calloc_array(m, sizeof *p->id);
    p->code = cov_calloc_array(m, sizeof *p->code);
    p->x = cov_calloc_array(m, sizeof *p->x);
    p->y = cov_calloc_array(m, sizeof *p->y);
    p->eldercare = cov_calloc_array(m, sizeof *p->eldercare);
    p->snap = cov_calloc_array(m, sizeof *p->snap);
    if (!p->id || !p->code || !p->x || !p->y || !p->eldercare || !p->snap)
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    return COV_OK;
}

/* Facilities (of role, or all with role NULL) into p, codes moved over. */
static cov_status_t load_facilities(cov_ctx_t *ctx, cov_store_t *store, const char *role, pts_t *p)
{
    cov_facility_t *f;
    size_t n;
    cov_status_t s = cov_facilities_load(ctx, store, role, &f, &n);
    if (!s) s = pts_alloc(ctx, p, n);
    for (size_t i = 0; !s && i < n; i++) {
        p->id[i] = f[i].id;
        p->code[i] = f[i].code;
        f[i].code = NULL;
        p->x[i] = f[i].x;
        p->y[i] = f[i].y;
        p->eldercare[i] = f[i].role && strcmp(f[i].role, "eldercare") == 0;
        p->n++;
    }
    cov_facilities_free(f, n);
    return s;
}

static cov_status_t load_demand(cov_ctx_t *ctx, cov_store_t *store, pts_t *p)
{
    cov_demand_point_t *d;
    size_t n;
    cov_status_t s = cov_demand_load(ctx, store, &d, &n);
    if (!s) s = pts_alloc(ctx, p, n);
    for (size_t i = 0; !s && i < n; i++) {
        p->id[i] = d[i].id;
        p->code[i] = d[i].code;
        d[i].code = NULL;
        p->x[i] = d[i].x;
        p->y[i] = d[i].y;
        p->n++;
    }
    cov_demand_free(d, n);
    return s;
}

/* Snap every point; warn about far ones. Returns the number beyond warn. */
static size_t snap_all(cov_ctx_t *ctx, const cov_graph_t *g, pts_t *p, const char *what,
                       double warn, double max)
{
    size_t far = 0;
    for (size_t i = 0; i < p->n; i++) {
        cov_graph_snap_point(g, p->x[i], p->y[i], max, &p->snap[i]);
        if (p->snap[i].edge < 0) {
            far++;
            cov_log(ctx, COV_LOG_WARN,
                    "%s '%s' has no usable road within %g m: left unreached (raise --max-snap "
                    "to attach it anyway)",
                    what, p->code[i], max);
        } else if (p->snap[i].dist > warn) {
            far++;
            cov_log(ctx, COV_LOG_WARN,
                    "%s '%s' is %.0f m from the nearest usable road (more than %g m); its "
                    "network cost starts from there",
                    what, p->code[i], p->snap[i].dist, warn);
        }
    }
    return far;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The network_nearest rows of p (target "facility" or "demand") from row *at on; the costs of
 * the reached elder-care sites go to reached. */
static void nearest_rows(const char *target, const pts_t *p, const pts_t *clin,
                         const cov_graph_t *g, const double *cost, const int32_t *csrc,
                         const double *clen, cov_nn_rec_t *rows, size_t *at, double *reached,
                         size_t *nreached, size_t *nfac_reached)
{
    for (size_t i = 0; i < p->n; i++) {
        double c = INFINITY, len = NAN;
        int32_t k = -1;
        if (p->snap[i].edge >= 0)
            cov_graph_point_cost(g, cost, csrc, clen, clin->snap, clin->n, &p->snap[i], &c, &k,
                                 &len);
        cov_nn_rec_t *r = &rows[(*at)++];
        memset(r, 0, sizeof *r);
        r->target = target;
        r->target_id = p->id[i];
        if (k >= 0) {
            r->clinic_id = clin->id[k];
            r->cost = c;
            r->path_m = len;
            r->total_m = len + p->snap[i].dist + clin->snap[k].dist;
            r->euclid_m = hypot(p->x[i] - clin->x[k], p->y[i] - clin->y[k]);
            if (nfac_reached) (*nfac_reached)++;
            if (reached && p->eldercare[i]) reached[(*nreached)++] = c;
        }
        if (p->snap[i].edge >= 0) {
            r->snapped = true;
            r->snap_m = p->snap[i].dist;
            r->snap_road = p->snap[i].edge + 1;
            r->snap_t = p->snap[i].t;
            r->snap_x = p->snap[i].x;
            r->snap_y = p->snap[i].y;
        }
    }
}

cov_status_t cov_roads_nearest(cov_ctx_t *ctx, cov_store_t *store,
                               const cov_roads_nearest_opts_t *opts,
                               cov_roads_nearest_summary_t *out)
{
    cov_roads_nearest_opts_t o = *opts;
    if (o.warn_snap <= 0) o.warn_snap = 500;
    if (o.max_snap <= 0) o.max_snap = 2000;
    memset(out, 0, sizeof *out);
    cov_graph_t *g = NULL;
    char **cls = NULL;
    size_t ncls = 0;
    pts_t clin = {0}, fac = {0}, dem = {0};
    double *cost = NULL, *clen = NULL, *reached = NULL;
    int32_t *csrc = NULL;
    size_t nreached = 0;
    cov_status_t s = cov_roads_load(ctx, store, &g, &cls, &ncls);
    if (!s)
        s = cov_roads_set_profile(ctx, g, cls, ncls, o.speeds, o.profile, o.metric, !o.from_clinic);
    if (!s) s = load_facilities(ctx, store, "health", &clin);
    if (!s) s = load_facilities(ctx, store, NULL, &fac);
    if (!s) s = load_demand(ctx, store, &dem);
    if (!s && clin.n == 0)
        s = cov_fail(ctx, COV_ERR_EMPTY,
                     "%s: the project has no clinics (facilities with role "
                     "health)",
                     cov_store_path(store));
    size_t nn = g ? cov_graph_node_count(g) : 0;
    if (!s) {
        cost = cov_calloc_array(nn, sizeof *cost);
        clen = cov_calloc_array(nn, sizeof *clen);
        csrc = cov_calloc_array(nn, sizeof *csrc);
        reached = cov_calloc_array(fac.n + 1, sizeof *reached);
        if (!cost || !clen || !csrc || !reached) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    if (!s) {
        /* facilities include the clinics; warn about each far facility once */
        for (size_t i = 0; i < clin.n; i++)
            cov_graph_snap_point(g, clin.x[i], clin.y[i], o.max_snap, &clin.snap[i]);
        out->far_snaps = snap_all(ctx, g, &fac, "facility", o.warn_snap, o.max_snap);
        out->far_snaps += snap_all(ctx, g, &dem, "demand point", o.warn_snap, o.max_snap);
        s = cov_graph_nearest_sources(ctx, g, clin.snap, clin.n, cost, csrc, clen);
    }
    cov_nn_rec_t *rows = NULL;
    size_t nrows = 0, nfac_reached = 0;
    if (!s && !(rows = cov_calloc_array(fac.n + dem.n + 1, sizeof *rows)))
        s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    if (!s) {
        nearest_rows("facility", &fac, &clin, g, cost, csrc, clen, rows, &nrows, reached, &nreached,
                     &nfac_reached);
        nearest_rows("demand", &dem, &clin, g, cost, csrc, clen, rows, &nrows, NULL, NULL, NULL);
        s = cov_store_begin(ctx, store);
    }
    if (!s) {
        s = cov_nn_write(ctx, store, o.profile == COV_PROFILE_DRIVE ? "drive" : "walk",
                         o.metric == COV_METRIC_TIME ? "time" : "length",
                         o.from_clinic ? "from_clinic" : "to_clinic", rows, nrows);
        if (!s) s = cov_store_commit(ctx, store);
        if (s) cov_store_rollback(store);
    }
    free(rows);
    if (!s) {
        out->clinics = clin.n;
        out->sites = fac.n - clin.n;
        out->demand = dem.n;
        out->unreached = fac.n - nfac_reached;
        /* the summary's median and maximum are over the elder-care sites */
        qsort(reached, nreached, sizeof *reached, cmp_double);
        out->median_cost = nreached ? reached[(nreached - 1) / 2] : NAN;
        out->max_cost = nreached ? reached[nreached - 1] : NAN;
    }
    free(cost);
    free(clen);
    free(csrc);
    free(reached);
    pts_free(&clin);
    pts_free(&fac);
    pts_free(&dem);
    cov_graph_destroy(g);
    cov_roads_classes_free(cls, ncls);
    return s;
}
