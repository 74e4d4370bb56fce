/* Siting along roads (site --metric network): demand -> candidate and demand -> existing
 * facility costs from bounded multi-label Dijkstra searches on the project's road graph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/graph.h"
#include "geo/kdtree.h"
#include "planner/roads/roads.h"
#include "planner/site/site_plan_private.h"

/* As in analyze_network.c and access_network.c: the walk between a door and its road is at
 * 4 km/h in time mode; points farther than 2 km from any usable road are not attached. */
#define ACCESS_MPS (4.0 / 3.6)
#define MAX_SNAP 2000.0
/* p-median/p-center keep every candidate at every node: refuse above this many labels. */
#define MAX_LABELS 2e7

struct site_net {
    cov_graph_t *g;
    char **classes;
    size_t nclasses;
    bool drive, minutes;
    double unit; /* graph cost per reported unit: 60 s per minute, or 1 m */
};

cov_status_t site_net_open(cov_site_plan_t *pl)
{
    cov_ctx_t *ctx = pl->ctx;
    const cov_site_plan_opts_t *o = &pl->o;
    if (!o->dist.network) return COV_OK;
    struct site_net *n = calloc(1, sizeof *n);
    if (!n) return COV_ERR_NOMEM;
    pl->net = n;
    n->drive = o->dist.profile == COV_PROFILE_DRIVE;
    n->minutes = o->dist.cost == COV_METRIC_TIME;
    n->unit = n->minutes ? 60.0 : 1.0;
    const char *path = cov_store_path(pl->store);
    cov_status_t s = cov_roads_load(ctx, pl->store, &n->g, &n->classes, &n->nclasses);
    if (s == COV_ERR_NOT_FOUND || s == COV_ERR_EMPTY)
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: --metric network needs a road network and the project has none; "
                        "import one first (covplan roads %s import FILE)",
                        path, path);
    if (s) return s;
    /* costs from a demand point toward the sites (the search's sources): one-way streets are
     * followed in that direction when driving */
    return cov_roads_set_profile(ctx, n->g, n->classes, n->nclasses, o->dist.speeds,
                                 o->dist.profile, o->dist.cost, true);
}

void site_net_close(cov_site_plan_t *pl)
{
    if (!pl->net) return;
    cov_graph_destroy(pl->net->g);
    cov_roads_classes_free(pl->net->classes, pl->net->nclasses);
    free(pl->net);
    pl->net = NULL;
}

const char *site_net_unit(const cov_site_plan_t *pl) { return pl->net->minutes ? "min" : "m"; }

void site_net_params(const cov_site_plan_t *pl, json_t *o)
{
    const struct site_net *n = pl->net;
    json_object_set_new(o, "metric", json_string("network"));
    json_object_set_new(o, "profile", json_string(n->drive ? "drive" : "walk"));
    json_object_set_new(o, "network_cost", json_string(n->minutes ? "time" : "length"));
    json_object_set_new(o, "unit", json_string(n->minutes ? "min" : "m"));
    if (pl->o.dist.speeds) json_object_set_new(o, "speeds", json_string(pl->o.dist.speeds));
}

/* Attach a point set to the roads: snapped points and the walk to the road in graph units.
 * With what, one warning counts the points with no usable road within MAX_SNAP. */
static cov_status_t snap(cov_site_plan_t *pl, const site_points_t *p, const char *what,
                         cov_graph_snap_t **out, double **walk)
{
    const struct site_net *n = pl->net;
    *out = cov_calloc_array(p->n + 1, sizeof **out);
    *walk = cov_calloc_array(p->n + 1, sizeof **walk);
    if (!*out || !*walk) return COV_ERR_NOMEM;
    size_t far = 0, first = 0;
    for (size_t i = 0; i < p->n; i++) {
        cov_graph_snap_t *sn = &(*out)[i];
        cov_graph_snap_point(n->g, p->x[i], p->y[i], MAX_SNAP, sn);
        if (sn->edge < 0 && !far++) first = i;
        (*walk)[i] = sn->edge < 0 ? 0 : n->minutes ? sn->dist / ACCESS_MPS : sn->dist;
    }
    if (far && what)
        cov_log(pl->ctx, COV_LOG_WARN,
                "%zu %s (first '%s') have no usable road within %g m: along the roads they "
                "reach only what stands at their own location",
                far, what, p->name[first], MAX_SNAP);
    return COV_OK;
}

/* Receives each (demand point i, site j, cost in reported units) a search finds. */
typedef cov_status_t (*pair_fn)(cov_site_plan_t *pl, void *user, size_t i, size_t j, double c);

typedef struct same_acc {
    cov_site_plan_t *pl;
    pair_fn fn;
    void *user;
    size_t i;
    cov_status_t s;
} same_acc_t;

static bool same_visit(void *u, size_t j, double dist)
{
    same_acc_t *a = u;
    a->s = a->fn(a->pl, a->user, a->i, j, 0);
    return a->s == COV_OK;
}

/*
 * One bounded multi-label search from the sites src (their road points, offset by the walk to
 * them) reporting, for each point of dst, every site within limit (reported units) and at
 * least the k nearest, at cost = walk to the road + path + walk to the site. A point and a
 * site at the very same location (a medical room inside the elder-care site that is the
 * demand) cost 0, roads or not. Pairs come by point, then by (cost, site); a pair may come
 * twice (at the same location, and along the roads), the instance keeps the smaller cost.
 */
static cov_status_t search(cov_site_plan_t *pl, const site_points_t *src, const char *swhat,
                           const site_points_t *dst, const char *dwhat, size_t k, double limit,
                           pair_fn fn, void *user)
{
    cov_ctx_t *ctx = pl->ctx;
    const struct site_net *n = pl->net;
    cov_graph_snap_t *ss = NULL, *ds = NULL;
    double *sw = NULL, *dw = NULL, *cost = NULL;
    int32_t *id = NULL;
    cov_graph_labels_t *lab = NULL;
    cov_kdtree_t *t = NULL;
    cov_status_t s = snap(pl, src, swhat, &ss, &sw);
    if (!s) s = snap(pl, dst, dwhat, &ds, &dw);
    if (!s && src->n > INT32_MAX) s = cov_fail(ctx, COV_ERR_USAGE, "too many sites");
    if (!s)
        s = cov_graph_k_nearest(ctx, n->g, ss, sw, src->n, k,
                                isfinite(limit) ? limit * n->unit : INFINITY, &lab);
    size_t cap = 0;
    if (!s) {
        for (size_t j = 0; j < src->n; j++) cap += ss[j].edge >= 0;
        cap += 2 * cov_graph_labels_max(lab) + 1;
        cost = cov_calloc_array(cap, sizeof *cost);
        id = cov_calloc_array(cap, sizeof *id);
        if (!cost || !id) s = COV_ERR_NOMEM;
    }
    if (!s) s = cov_kdtree_build(src->x, src->y, src->n, &t);
    for (size_t i = 0; !s && i < dst->n; i++) {
        size_t got = 0;
        same_acc_t acc = {pl, fn, user, i, COV_OK};
        if (src->n) cov_kdtree_within(t, dst->x[i], dst->y[i], 0, same_visit, &acc);
        s = acc.s;
        if (!s)
            s = cov_graph_point_sources(ctx, n->g, lab, ss, sw, src->n, &ds[i], id, cost, cap,
                                        &got);
        for (size_t e = 0; !s && e < got; e++) {
            double c = (cost[e] + dw[i]) / n->unit;
            if (e < k || c <= limit) s = fn(pl, user, i, (size_t)id[e], c);
        }
        if ((i & 1023) == 1023) cov_progress(ctx, "site: costs along roads", i + 1, dst->n);
    }
    if (!s && dst->n >= 1024) cov_progress(ctx, "site: costs along roads", dst->n, dst->n);
    cov_kdtree_destroy(t);
    cov_graph_labels_destroy(lab);
    free(ss), free(ds), free(sw), free(dw), free(cost), free(id);
    if (s == COV_ERR_NOMEM) return cov_fail(ctx, s, "out of memory for the costs along roads");
    return s;
}

/* The least cost per point (reported units), INFINITY when no site is reachable. */
static cov_status_t take_min(cov_site_plan_t *pl, void *user, size_t i, size_t j, double c)
{
    double *best = user;
    if (c < best[i]) best[i] = c;
    return COV_OK;
}

static cov_status_t nearest(cov_site_plan_t *pl, const site_points_t *src, const char *swhat,
                            const site_points_t *dst, const char *dwhat, double **out)
{
    *out = cov_calloc_array(dst->n + 1, sizeof **out);
    if (!*out) return cov_fail(pl->ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < dst->n; i++) (*out)[i] = INFINITY;
    if (!src->n) return COV_OK;
    return search(pl, src, swhat, dst, dwhat, 1, 0, take_min, *out);
}

cov_status_t site_net_served(cov_site_plan_t *pl, const site_points_t *a, const site_points_t *b,
                             double r, unsigned char **served)
{
    double *best = NULL;
    *served = NULL;
    cov_status_t s = nearest(pl, b, NULL, a, NULL, &best);
    if (!s && !(*served = calloc(a->n + 1, 1)))
        s = cov_fail(pl->ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !s && i < a->n; i++) (*served)[i] = best[i] <= r;
    free(best);
    return s;
}

static cov_status_t add_pair(cov_site_plan_t *pl, void *user, size_t i, size_t j, double c)
{
    return cov_site_inst_add(pl->ctx, pl->inst, i, j, c);
}

/*
 * MCLP/LSCP need only the pairs within the radius: one search with k = 0 bounded by it (work
 * about nodes x candidates within the radius). p-median/p-center need every pair: k = the
 * number of candidates, so every node keeps every reachable candidate (nodes x candidates
 * labels, refused above MAX_LABELS), and a pair unreachable along the roads is refused.
 * Existing facilities: the nearest one (k = 1) whatever its cost.
 */
cov_status_t site_net_costs(cov_site_plan_t *pl)
{
    cov_ctx_t *ctx = pl->ctx;
    const cov_site_opts_t *so = &pl->o.solve;
    const char *model = cov_site_model_name(so->model);
    bool cover = so->model == COV_SITE_MCLP || so->model == COV_SITE_LSCP;
    size_t n = pl->dem.n, m = pl->cand.n;
    double nodes = (double)cov_graph_node_count(pl->net->g);
    if (!cover && nodes * (double)m > MAX_LABELS)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s along roads: %.0f road nodes x %zu candidates is too many labels "
                        "for a full cost matrix (at most %.0f); use fewer candidates (a wider "
                        "grid, --in-areas) or mclp",
                        model, nodes, m, MAX_LABELS);
    cov_status_t s = search(pl, &pl->cand, "candidate sites", &pl->dem, "demand points",
                            cover ? 0 : m, cover ? so->radius : INFINITY, add_pair, NULL);
    /* p-median/p-center: name a pair the roads do not join (cov_site_inst_build merges repeats) */
    if (!s && !cover) s = cov_site_inst_build(ctx, pl->inst);
    size_t mi, mj;
    if (!s && !cover && cov_site_inst_first_missing(pl->inst, &mi, &mj))
        s = cov_fail(ctx, COV_ERR_INPUT,
                     "%s along roads: demand point '%s' cannot reach candidate '%s' along the "
                     "%s network (no usable road within %g m, another road fragment, or one-way "
                     "streets); "
                     "p-median and p-center need a cost for every pair: leave such candidates "
                     "out (--in-areas) or use mclp",
                     model, pl->dem.name[mi], pl->cand.name[mj], pl->net->drive ? "drive" : "walk",
                     MAX_SNAP);
    double *d0 = NULL;
    if (!s && pl->exist.n) s = nearest(pl, &pl->exist, "existing facilities", &pl->dem, NULL, &d0);
    for (size_t i = 0; !s && d0 && i < n; i++) cov_site_inst_set_existing(pl->inst, i, d0[i]);
    free(d0);
    return s;
}
