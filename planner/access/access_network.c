/* Accessibility along the roads (access --metric network): the demand -> clinic
 * pairs inside the catchment from one bounded multi-source search over the
 * project's road graph. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/graph.h"
#include "planner/access/access_private.h"
#include "planner/roads/roads.h"

/* As in analyze_network.c: the walk between a door and its road at 4 km/h in
 * time mode, and points farther than 2 km from any usable road are left
 * unattached. */
#define ACCESS_MPS (4.0 / 3.6)
#define MAX_SNAP 2000.0

bool access_net_on(const cov_access_opts_t *o) { return o->dist.network; }

static bool minutes(const cov_access_opts_t *o) { return o->dist.cost == COV_METRIC_TIME; }

cov_status_t access_net_check(cov_ctx_t *ctx, const cov_access_opts_t *o)
{
    if (o->dist.network && o->costs)
        return cov_fail(ctx, COV_ERR_USAGE, "--costs and --metric network exclude each other");
    return COV_OK;
}

void access_net_params(const cov_access_opts_t *o, json_t *j)
{
    if (!access_net_on(o)) return;
    json_object_set_new(j, "metric", json_string("network"));
    json_object_set_new(j, "profile", json_string(cov_profile_name(o->dist.profile)));
    json_object_set_new(j, "network_cost", json_string(minutes(o) ? "time" : "length"));
    if (o->dist.speeds) json_object_set_new(j, "speeds", json_string(o->dist.speeds));
}

double access_net_default_tau(const cov_access_opts_t *o)
{
    return access_net_on(o) && minutes(o) ? 60.0 : 1000.0;
}

static cov_status_t snap(cov_ctx_t *ctx, const cov_graph_t *g, const access_points_t *p, bool min,
                         const char *what, cov_graph_snap_t **out, double **walk)
{
    *out = cov_calloc_array(p->n + 1, sizeof **out);
    *walk = cov_calloc_array(p->n + 1, sizeof **walk);
    if (!*out || !*walk) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < p->n; i++) {
        cov_graph_snap_point(g, p->x[i], p->y[i], MAX_SNAP, &(*out)[i]);
        if ((*out)[i].edge < 0 && what)
            cov_log(ctx, COV_LOG_WARN,
                    "%s '%s' has no usable road within %g m: no access along "
                    "roads",
                    what, p->code[i], MAX_SNAP);
        (*walk)[i] = (*out)[i].edge < 0 ? 0 : min ? (*out)[i].dist / ACCESS_MPS : (*out)[i].dist;
    }
    return COV_OK;
}

/* Pairs origin -> destination with cost <= catchment along the roads (both in
 * the run's unit). */
static cov_status_t pairs(access_run_t *run, const cov_graph_t *g, const access_points_t *O,
                          const access_points_t *D, bool warn_d, cov_access_pairs_t **out)
{
    cov_ctx_t *ctx = run->ctx;
    bool min = minutes(run->o);
    double unit = min ? 60.0 : 1.0, limit = run->o->catchment * unit;
    cov_graph_snap_t *os = NULL, *ds = NULL;
    double *ow = NULL, *dw = NULL, *cost = NULL, *pc = NULL;
    int32_t *src = NULL;
    size_t *po = NULL, *pd = NULL, np = 0, pcap = 0;
    cov_graph_labels_t *lab = NULL;
    cov_status_t s = snap(ctx, g, O, min, "demand location", &os, &ow);
    if (!s) s = snap(ctx, g, D, min, warn_d ? "clinic" : NULL, &ds, &dw);
    /* the destinations are the sources of the search (on the reversed graph:
     * costs toward them); k = 0: only what lies within the catchment */
    if (!s) s = cov_graph_k_nearest(ctx, g, ds, dw, D->n, 0, limit, &lab);
    size_t cap = 0;
    if (!s) {
        for (size_t j = 0; j < D->n; j++) cap += ds[j].edge >= 0;
        cap += 2 * cov_graph_labels_max(lab) + 1;
        cost = cov_calloc_array(cap, sizeof *cost);
        src = cov_calloc_array(cap, sizeof *src);
        if (!cost || !src) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; !s && i < O->n; i++) {
        size_t got = 0;
        s = cov_graph_point_sources(ctx, g, lab, ds, dw, D->n, &os[i], src, cost, cap, &got);
        if (!s && np + got > pcap) {
            size_t nc = (np + got) * 2 + 256;
            size_t *a = cov_realloc_array(po, nc, sizeof *a);
            if (a) po = a;
            size_t *b = cov_realloc_array(pd, nc, sizeof *b);
            if (b) pd = b;
            double *c = cov_realloc_array(pc, nc, sizeof *c);
            if (c) pc = c;
            if (!a || !b || !c)
                s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            else
                pcap = nc;
        }
        for (size_t j = 0; !s && j < got; j++) {
            po[np] = i;
            pd[np] = (size_t)src[j];
            pc[np++] = (cost[j] + ow[i]) / unit;
        }
    }
    if (!s) s = cov_access_pairs_list(ctx, O->n, D->n, np, po, pd, pc, run->o->catchment, out);
    cov_graph_labels_destroy(lab);
    free(os);
    free(ds);
    free(ow);
    free(dw);
    free(cost);
    free(src);
    free(po);
    free(pd);
    free(pc);
    return s;
}

cov_status_t access_net_pairs(access_run_t *run)
{
    cov_ctx_t *ctx = run->ctx;
    cov_graph_t *g = NULL;
    char **cls = NULL;
    size_t ncls = 0;
    cov_status_t s = cov_roads_load(ctx, run->store, &g, &cls, &ncls);
    if (s == COV_ERR_NOT_FOUND || s == COV_ERR_EMPTY)
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: --metric network needs a road network and the project has none; "
                        "import one first (covplan roads %s import FILE)",
                        cov_store_path(run->store), cov_store_path(run->store));
    if (!s) {
        s = cov_roads_set_profile(ctx, g, cls, ncls, run->o->dist.speeds, run->o->dist.profile,
                                  run->o->dist.cost, true);
    }
    if (!s) s = pairs(run, g, &run->demand, &run->supply, true, &run->ds);
    if (!s && run->params.method == COV_ACCESS_FCA)
        s = pairs(run, g, &run->demand, &run->demand, false, &run->dd);
    cov_graph_destroy(g);
    cov_roads_classes_free(cls, ncls);
    return s;
}
