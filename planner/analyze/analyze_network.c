/* Coverage along the roads (analyze --metric network): the nearest clinics,
 * counts within each radius and classes of every site measured on the project's
 * road graph instead of a KD-tree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/graph.h"
#include "planner/analyze/analyze_private.h"
#include "planner/roads/roads.h"

/* The walk between a door and its road, in time mode: 4 km/h (the bundled
 * walking speed). */
#define ACCESS_MPS (4.0 / 3.6)
#define WARN_SNAP 500.0
#define MAX_SNAP 2000.0

struct analyze_net {
    cov_graph_t *g;
    char **classes;
    size_t nclasses;
};

cov_status_t analyze_net_options(analyze_run_t *run, const cov_analyze_opts_t *o)
{
    cov_ctx_t *ctx = run->ctx;
    if (!o->dist.network) return COV_OK;
    run->network = true;
    run->drive = o->dist.profile == COV_PROFILE_DRIVE;
    run->minutes = o->dist.cost == COV_METRIC_TIME;
    run->speeds = o->dist.speeds;
    if (o->geodesic)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--geodesic and --metric network exclude each other "
                        "(road lengths are measured in the working CRS)");
    if (run->minutes && !o->radii)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--network-cost time: the radii are minutes; give "
                        "them with --radii, e.g. --radii 1,5,10,15");
    return COV_OK;
}

void analyze_net_params(const analyze_run_t *run, json_t *o)
{
    if (!run->network) return;
    json_object_set_new(o, "distance", json_string("network")); /* replaces "planar" */
    json_object_set_new(o, "metric", json_string("network"));
    json_object_set_new(o, "profile", json_string(run->drive ? "drive" : "walk"));
    json_object_set_new(o, "network_cost", json_string(run->minutes ? "time" : "length"));
    json_object_set_new(o, "unit", json_string(run->minutes ? "min" : "m"));
    if (run->speeds) json_object_set_new(o, "speeds", json_string(run->speeds));
}

cov_status_t analyze_net_open(analyze_run_t *run)
{
    analyze_net_t *n = calloc(1, sizeof *n);
    if (!n) return COV_ERR_NOMEM;
    run->net = n;
    cov_status_t s = cov_roads_load(run->ctx, run->store, &n->g, &n->classes, &n->nclasses);
    if (s == COV_ERR_NOT_FOUND || s == COV_ERR_EMPTY)
        return cov_fail(run->ctx, COV_ERR_EMPTY,
                        "%s: --metric network needs a road network and the project has none; "
                        "import one first (covplan roads %s import FILE)",
                        cov_store_path(run->store), cov_store_path(run->store));
    if (s) return s;
    if (!run->demand.n) run->method = "none"; /* see analyze_net_no_shares */
    /* costs from a site toward its targets (one-way streets followed that way
     * when driving) */
    return cov_roads_set_profile(run->ctx, n->g, n->classes, n->nclasses, run->speeds,
                                 run->drive ? COV_PROFILE_DRIVE : COV_PROFILE_WALK,
                                 run->minutes ? COV_METRIC_TIME : COV_METRIC_LENGTH, true);
}

void analyze_net_free(analyze_run_t *run)
{
    if (!run->net) return;
    cov_graph_destroy(run->net->g);
    cov_roads_classes_free(run->net->classes, run->net->nclasses);
    free(run->net);
    run->net = NULL;
}

/* Snap a point set; warn about far points (named by facility or demand id)
 * unless what is NULL. */
static cov_status_t snap_all(analyze_run_t *run, const analyze_points_t *p, const char *what,
                             cov_graph_snap_t **out, double **walk)
{
    *out = cov_calloc_array(p->n + 1, sizeof **out);
    *walk = cov_calloc_array(p->n + 1, sizeof **walk);
    if (!*out || !*walk) return COV_ERR_NOMEM;
    for (size_t i = 0; i < p->n; i++) {
        cov_graph_snap_t *sn = &(*out)[i];
        cov_graph_snap_point(run->net->g, p->x[i], p->y[i], MAX_SNAP, sn);
        if (!what) {
        } else if (sn->edge < 0)
            cov_log(run->ctx, COV_LOG_WARN,
                    "%s %lld has no usable road within %g m: class "
                    "beyond, no distance",
                    what, p->id[i], MAX_SNAP);
        else if (sn->dist > WARN_SNAP)
            cov_log(run->ctx, COV_LOG_WARN,
                    "%s %lld is %.0f m from the nearest usable road; "
                    "its distance includes that walk",
                    what, p->id[i], sn->dist);
        (*walk)[i] = sn->edge < 0 ? 0 : run->minutes ? sn->dist / ACCESS_MPS : sn->dist;
    }
    return COV_OK;
}

/* The network version of analyze.c's compute(): one multi-label search from the
 * targets bounded by the largest radius (but keeping the k nearest of every
 * node whatever their cost), then each site takes its labels from its edge's
 * two nodes. Distances include the walk from the site to its road and from the
 * clinic's road to the clinic; unreachable sites have fewer than k targets (idx
 * (size_t)-1, dist NaN) and class beyond. */
cov_status_t analyze_net_compute(analyze_run_t *run, const char *phase,
                                 const analyze_points_t *sites, const analyze_points_t *targets,
                                 analyze_result_t *res)
{
    cov_ctx_t *ctx = run->ctx;
    size_t nr = run->radii.n, k = run->k < targets->n ? run->k : targets->n;
    double unit = run->minutes ? 60.0 : 1.0; /* graph cost per reported unit */
    res->n = sites->n;
    res->k = k;
    res->nr = nr;
    res->idx = cov_calloc_array(sites->n * k + 1, sizeof *res->idx);
    res->dist = cov_calloc_array(sites->n * k + 1, sizeof *res->dist);
    res->within = cov_calloc_array(sites->n * nr + 1, sizeof *res->within);
    res->cls = cov_calloc_array(sites->n + 1, sizeof *res->cls);
    if (!res->idx || !res->dist || !res->within || !res->cls) return COV_ERR_NOMEM;
    cov_graph_snap_t *tsnap = NULL, *ssnap = NULL;
    double *toff = NULL, *swalk = NULL, *cost = NULL;
    int32_t *src = NULL;
    cov_graph_labels_t *lab = NULL;
    /* warn about each far point once: clinics and sites in the first pass, demand
     * points in theirs, nothing again for --clinic-partners */
    bool first = sites == &run->sites;
    const char *sname = first ? "elder-care site" : sites == &run->demand ? "demand point" : NULL;
    cov_status_t s = snap_all(run, targets, first ? "clinic" : NULL, &tsnap, &toff);
    if (!s) s = snap_all(run, sites, sname, &ssnap, &swalk);
    double limit = nr ? run->radii.r[nr - 1] * unit : 0;
    if (!s) s = cov_graph_k_nearest(ctx, run->net->g, tsnap, toff, targets->n, k, limit, &lab);
    size_t cap = 0;
    if (!s) {
        for (size_t j = 0; j < targets->n; j++) cap += tsnap[j].edge >= 0;
        cap += 2 * cov_graph_labels_max(lab) + 1;
        cost = cov_calloc_array(cap, sizeof *cost);
        src = cov_calloc_array(cap, sizeof *src);
        if (!cost || !src) s = COV_ERR_NOMEM;
    }
    for (size_t i = 0; !s && i < sites->n; i++) {
        size_t got = 0;
        s = cov_graph_point_sources(ctx, run->net->g, lab, tsnap, toff, targets->n, &ssnap[i], src,
                                    cost, cap, &got);
        for (size_t j = 0; j < k; j++) {
            res->idx[i * k + j] = j < got ? (size_t)src[j] : (size_t)-1;
            res->dist[i * k + j] = j < got ? (cost[j] + swalk[i]) / unit : NAN;
        }
        for (size_t j = 0; j < got; j++) {
            double d = (cost[j] + swalk[i]) / unit;
            for (size_t r = 0; r < nr; r++)
                if (d <= run->radii.r[r]) res->within[i * nr + r]++;
        }
        res->cls[i] =
            (unsigned char)cov_radii_class(&run->radii, k && got ? res->dist[i * k] : NAN);
        if (!got && sites == &run->sites) run->unreached++;
        if ((i & 1023) == 1023) cov_progress(ctx, phase, i + 1, sites->n);
    }
    if (!s && sites->n >= 1024) cov_progress(ctx, phase, sites->n, sites->n);
    cov_graph_labels_destroy(lab);
    free(tsnap);
    free(ssnap);
    free(toff);
    free(swalk);
    free(cost);
    free(src);
    return s;
}

/* The polygon method spreads the elderly over each area and buffers clinics
 * with circles: along roads that would be a straight-line figure under a
 * road-network label, so it is left out. */
cov_status_t analyze_net_no_shares(analyze_run_t *run)
{
    for (size_t a = 0; a <= run->nareas; a++)
        for (size_t j = 0; j < run->radii.n; j++)
            run->ind[a].share[j] = run->ind[a].elderly_within[j] = NAN;
    return COV_OK;
}
