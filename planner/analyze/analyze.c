/* Coverage and co-location: load the project as flat arrays, query the KD-tree once per site,
 * classify, and hand the results to the area indicators and the store. */
#include "planner/analyze/analyze.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"
#include "geo/parallel.h"
#include "planner/analyze/analyze_private.h"
#include "planner/core/distance.h"
#include "planner/core/kinds.h"
#include "planner/scenario/scenario.h"

/*
 * Geodesic runs search the planar KD-tree and decide on the ellipsoid. With s the largest linear
 * scale of the working CRS over the data (planar <= s * geodesic), a point within geodesic r is
 * within planar s * r: the planar search over s * r finds every candidate and the geodesic
 * distance decides, so nearest, k-nearest and radius counts are the exact geodesic answers.
 */
double cov_percentile_nearest_rank(const double *sorted, size_t n, int p)
{
    if (n == 0 || p <= 0) return NAN;
    size_t rank = ((size_t)p * n + 99) / 100; /* ceil(p/100 * n) in integers */
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

static void points_free(analyze_points_t *p)
{
    if (p->kind)
        for (size_t i = 0; i < p->n; i++) free(p->kind[i]);
    free(p->id);
    free(p->area);
    free(p->x);
    free(p->y);
    free(p->w);
    free(p->cap);
    free(p->kind);
    free(p->lon);
    free(p->lat);
    memset(p, 0, sizeof *p);
}

static void result_free(analyze_result_t *r)
{
    free(r->idx);
    free(r->dist);
    free(r->within);
    free(r->cls);
    memset(r, 0, sizeof *r);
}

/* Append one point; arrays grow by doubling (cap tracks the allocated length). */
static cov_status_t points_push(analyze_points_t *p, size_t *cap, long long id, long long area,
                                double x, double y, double w, double capacity, const char *kind)
{
    if (p->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        long long *id2 = cov_realloc_array(p->id, nc, sizeof *id2);
        if (id2) p->id = id2;
        long long *a2 = cov_realloc_array(p->area, nc, sizeof *a2);
        if (a2) p->area = a2;
        double *x2 = cov_realloc_array(p->x, nc, sizeof *x2);
        if (x2) p->x = x2;
        double *y2 = cov_realloc_array(p->y, nc, sizeof *y2);
        if (y2) p->y = y2;
        double *w2 = cov_realloc_array(p->w, nc, sizeof *w2);
        if (w2) p->w = w2;
        double *c2 = cov_realloc_array(p->cap, nc, sizeof *c2);
        if (c2) p->cap = c2;
        char **k2 = cov_realloc_array(p->kind, nc, sizeof *k2);
        if (k2) p->kind = k2;
        if (!id2 || !a2 || !x2 || !y2 || !w2 || !c2 || !k2) return COV_ERR_NOMEM;
        *cap = nc;
    }
    p->id[p->n] = id;
    p->area[p->n] = area;
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->w[p->n] = w;
    p->cap[p->n] = capacity;
    p->kind[p->n] = kind ? cov_strdup(kind) : NULL;
    if (kind && !p->kind[p->n]) return COV_ERR_NOMEM;
    p->n++;
    return COV_OK;
}

static bool kind_selected(char *const *kinds, size_t n, const char *kind)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kinds[i], kind) == 0) return true;
    return false;
}

static cov_status_t load_areas(analyze_run_t *run)
{
    return cov_areas_load(run->ctx, run->store, true, &run->areas, &run->nareas);
}

static cov_status_t load_points(analyze_run_t *run, char *const *kinds, size_t nkinds)
{
    cov_facility_t *f;
    size_t nf, ccap = 0, scap = 0, dcap = 0;
    cov_status_t s = cov_facilities_load(run->ctx, run->store, NULL, &f, &nf);
    for (size_t i = 0; !s && i < nf; i++) {
        const cov_facility_t *e = &f[i];
        if (e->role && strcmp(e->role, "eldercare") == 0)
            s = points_push(&run->sites, &scap, e->id, e->area_id, e->x, e->y, 1, e->capacity,
                            e->kind);
        else if (kind_selected(kinds, nkinds, e->kind))
            s = points_push(&run->clinics, &ccap, e->id, e->area_id, e->x, e->y, 1, e->capacity,
                            e->kind);
    }
    cov_facilities_free(f, nf);
    if (s) return s;
    cov_demand_point_t *d;
    size_t nd;
    s = cov_demand_load(run->ctx, run->store, &d, &nd);
    for (size_t i = 0; !s && i < nd; i++)
        s = points_push(&run->demand, &dcap, d[i].id, d[i].area_id, d[i].x, d[i].y, d[i].weight,
                        NAN, NULL);
    cov_demand_free(d, nd);
    return s;
}

static cov_status_t to_lonlat(analyze_run_t *run, analyze_points_t *p)
{
    p->lon = cov_calloc_array(p->n ? p->n : 1, sizeof *p->lon);
    p->lat = cov_calloc_array(p->n ? p->n : 1, sizeof *p->lat);
    if (!p->lon || !p->lat) return COV_ERR_NOMEM;
    return cov_geodist_lonlat(run->ctx, run->geo, p->n, p->x, p->y, p->lon, p->lat);
}

typedef struct within_acc {
    const analyze_run_t *run;
    const analyze_points_t *sites, *targets;
    size_t site;
    unsigned *counts;
} within_acc_t;

static bool count_visit(void *user, size_t idx, double dist)
{
    within_acc_t *w = user;
    const cov_radii_t *r = &w->run->radii;
    if (w->run->geodesic)
        dist = cov_geodist_inverse(w->run->geo, w->sites->lon[w->site], w->sites->lat[w->site],
                                   w->targets->lon[idx], w->targets->lat[idx]);
    for (size_t j = 0; j < r->n; j++)
        if (dist <= r->r[j]) w->counts[j]++;
    return true;
}

/* The k geodesic nearest of site i among targets, exactly: the planar k nearest bound the k-th
 * geodesic distance G from above, and cov_geodist_within finds every point within geodesic G. */
static cov_status_t knn_geodesic(const analyze_run_t *run, const cov_kdtree_t *tree,
                                 const analyze_points_t *sites, size_t i,
                                 const analyze_points_t *targets, size_t k, size_t *idx,
                                 double *dist, cov_geodist_hits_t *hits)
{
    size_t got = cov_kdtree_knn(tree, sites->x[i], sites->y[i], k, idx, dist);
    if (!got) return COV_OK;
    double g = 0;
    for (size_t j = 0; j < got; j++)
        g = fmax(g, cov_geodist_inverse(run->geo, sites->lon[i], sites->lat[i],
                                        targets->lon[idx[j]], targets->lat[idx[j]]));
    cov_status_t s =
        cov_geodist_within(run->geo, tree, sites->x[i], sites->y[i], sites->lon[i], sites->lat[i],
                           targets->lon, targets->lat, g, run->geo_scale, hits);
    if (s) return s;
    /* the got nearest by (geodesic distance, index): a selection over the few hits */
    for (size_t j = 0; j < got && j < hits->n; j++) {
        size_t best = j;
        for (size_t m = j + 1; m < hits->n; m++)
            if (hits->dist[m] < hits->dist[best] ||
                (hits->dist[m] == hits->dist[best] && hits->idx[m] < hits->idx[best]))
                best = m;
        size_t ti = hits->idx[j];
        double td = hits->dist[j];
        hits->idx[j] = hits->idx[best], hits->dist[j] = hits->dist[best];
        hits->idx[best] = ti, hits->dist[best] = td;
        idx[j] = hits->idx[j], dist[j] = hits->dist[j];
    }
    return COV_OK;
}

/* Nearest targets, counts within each radius and the class of every site. One tree, queried
 * on all cores: each site writes its own slots, so the result does not depend on the threads. */
typedef struct compute_job {
    const analyze_run_t *run;
    const cov_kdtree_t *tree;
    const analyze_points_t *sites, *targets;
    analyze_result_t *res;
    size_t kc;
    double rmax;
    size_t **cidx; /* per worker */
    double **cdist;
    cov_geodist_hits_t *hits;
} compute_job_t;

static cov_status_t compute_site(void *user, size_t i, unsigned w)
{
    compute_job_t *j = user;
    const analyze_run_t *run = j->run;
    analyze_result_t *res = j->res;
    size_t k = res->k, nr = res->nr;
    size_t *cidx = j->cidx[w];
    double *cdist = j->cdist[w];
    if (run->geodesic) {
        cov_status_t s =
            knn_geodesic(run, j->tree, j->sites, i, j->targets, j->kc, cidx, cdist, &j->hits[w]);
        if (s) return s;
    } else {
        cov_kdtree_knn(j->tree, j->sites->x[i], j->sites->y[i], j->kc, cidx, cdist);
    }
    memcpy(res->idx + i * k, cidx, k * sizeof *cidx);
    memcpy(res->dist + i * k, cdist, k * sizeof *cdist);
    within_acc_t acc = {run, j->sites, j->targets, i, res->within + i * nr};
    cov_kdtree_within(j->tree, j->sites->x[i], j->sites->y[i], j->rmax, count_visit, &acc);
    res->cls[i] = (unsigned char)cov_radii_class(&run->radii, k ? cdist[0] : NAN);
    return COV_OK;
}

static cov_status_t compute(analyze_run_t *run, const char *phase, const analyze_points_t *sites,
                            const analyze_points_t *targets, analyze_result_t *res)
{
    if (run->network) return analyze_net_compute(run, phase, sites, targets, res);
    cov_kdtree_t *tree;
    cov_status_t s = cov_kdtree_build(targets->x, targets->y, targets->n, &tree);
    if (s) return cov_fail(run->ctx, s, "%s: cannot index the points", phase);
    size_t nr = run->radii.n, k = run->k < targets->n ? run->k : targets->n;
    unsigned nt = cov_parallel_threads(run->ctx, sites->n);
    compute_job_t j = {run, tree, sites, targets, res, k, 0, NULL, NULL, NULL};
    res->n = sites->n;
    res->k = k;
    res->nr = nr;
    res->idx = cov_calloc_array(sites->n * k + 1, sizeof *res->idx);
    res->dist = cov_calloc_array(sites->n * k + 1, sizeof *res->dist);
    res->within = cov_calloc_array(sites->n * nr + 1, sizeof *res->within);
    res->cls = cov_calloc_array(sites->n + 1, sizeof *res->cls);
    j.cidx = cov_calloc_array(nt, sizeof *j.cidx);
    j.cdist = cov_calloc_array(nt, sizeof *j.cdist);
    j.hits = cov_calloc_array(nt, sizeof *j.hits);
    if (!res->idx || !res->dist || !res->within || !res->cls || !j.cidx || !j.cdist || !j.hits)
        s = COV_ERR_NOMEM;
    for (unsigned t = 0; !s && t < nt; t++) {
        j.cidx[t] = cov_calloc_array(k + 1, sizeof **j.cidx);
        j.cdist[t] = cov_calloc_array(k + 1, sizeof **j.cdist);
        if (!j.cidx[t] || !j.cdist[t]) s = COV_ERR_NOMEM;
    }
    j.rmax = nr ? run->radii.r[nr - 1] : 0;
    if (run->geodesic) j.rmax = j.rmax * run->geo_scale + 1e-6;
    size_t failed = 0;
    if (!s)
        s = cov_parallel_for(run->ctx, sites->n >= 1024 ? phase : NULL, sites->n, compute_site, &j,
                             &failed);
    if (s == COV_ERR_NOMEM) s = cov_fail(run->ctx, s, "%s: out of memory", phase);
    for (unsigned t = 0; t < nt; t++) {
        if (j.cidx) free(j.cidx[t]);
        if (j.cdist) free(j.cdist[t]);
        if (j.hits) {
            free(j.hits[t].idx);
            free(j.hits[t].dist);
        }
    }
    free(j.cidx);
    free(j.cdist);
    free(j.hits);
    cov_kdtree_destroy(tree);
    return s;
}

/* 64-bit FNV-1a of the canonical parameter text: a short, stable key for a run. */
static void hash_text(const char *text, char out[17])
{
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", h);
}

static cov_status_t make_params(analyze_run_t *run, char *const *kinds, size_t nkinds)
{
    json_t *o = json_object(), *r = json_array(), *c = json_array(), *kk = json_array();
    for (size_t i = 0; i < run->radii.n; i++) json_array_append_new(r, json_real(run->radii.r[i]));
    for (size_t i = 0; i <= run->radii.n; i++)
        json_array_append_new(c, json_string(run->radii.cls[i]));
    for (size_t i = 0; i < nkinds; i++) json_array_append_new(kk, json_string(kinds[i]));
    json_object_set_new(o, "radii", r);
    json_object_set_new(o, "classes", c);
    json_object_set_new(o, "preset", json_string(run->radii.preset));
    json_object_set_new(o, "clinic_kinds", kk);
    json_object_set_new(o, "k", json_integer((json_int_t)run->k));
    json_object_set_new(o, "distance", json_string(run->geodesic ? "geodesic" : "planar"));
    json_object_set_new(o, "clinic_partners", json_boolean(run->partners));
    analyze_net_params(run, o);
    run->params_json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(o);
    if (!run->params_json) return COV_ERR_NOMEM;
    hash_text(run->params_json, run->hash);
    return COV_OK;
}

size_t analyze_area_index(const analyze_run_t *run, long long id)
{
    return cov_areas_find(run->areas, run->nareas, id);
}

static void fill_summary(const analyze_run_t *run, cov_analyze_summary_t *sum)
{
    const analyze_ind_t *t = &run->ind[run->nareas];
    snprintf(sum->scenario, sizeof sum->scenario, "%s", run->scenario);
    snprintf(sum->params_hash, sizeof sum->params_hash, "%s", run->hash);
    snprintf(sum->method, sizeof sum->method, "%s", run->method);
    sum->geodesic = run->geodesic;
    sum->radii = run->radii;
    sum->nclinics = run->clinics.n;
    sum->nsites = run->sites.n;
    sum->ndemand = run->demand.n;
    sum->nareas = run->nareas;
    memcpy(sum->class_count, t->class_count, sizeof sum->class_count);
    memcpy(sum->elderly_share, t->share, sizeof sum->elderly_share);
    sum->capacity_known = t->cap_known;
    sum->capacity_per_1000 =
        t->cap_known == t->nsites && t->elderly > 0 ? t->capacity / t->elderly * 1000.0 : NAN;
    sum->median = t->median;
    sum->p90 = t->p90;
    sum->max = t->max;
    sum->partners_beyond = t->unpartnered > 0 ? (size_t)t->unpartnered : 0;
    /* Worst areas: highest median nearest-clinic distance; ties by code. Insertion into a
     * short sorted list. */
    sum->nworst = 0;
    for (size_t a = 0; a < run->nareas; a++) {
        const analyze_ind_t *in = &run->ind[a];
        if (!in->nsites) continue;
        size_t pos = sum->nworst;
        while (pos > 0 && (sum->worst[pos - 1].median < in->median ||
                           (sum->worst[pos - 1].median == in->median &&
                            strcmp(sum->worst[pos - 1].code, run->areas[a].code) > 0)))
            pos--;
        if (pos >= COV_ANALYZE_WORST) continue;
        size_t last = sum->nworst < COV_ANALYZE_WORST ? sum->nworst : COV_ANALYZE_WORST - 1;
        memmove(&sum->worst[pos + 1], &sum->worst[pos], (last - pos) * sizeof *sum->worst);
        if (sum->nworst < COV_ANALYZE_WORST) sum->nworst++;
        cov_analyze_area_t *w = &sum->worst[pos];
        snprintf(w->code, sizeof w->code, "%s", run->areas[a].code ? run->areas[a].code : "");
        snprintf(w->name, sizeof w->name, "%s", run->areas[a].name ? run->areas[a].name : "");
        w->nsites = in->nsites;
        w->nbeyond = in->class_count[run->radii.n];
        w->median = in->median;
        size_t cum = 0;
        for (size_t j = 0; j < run->radii.n; j++) {
            cum += in->class_count[j];
            w->share_within[j] = (double)cum / (double)in->nsites;
        }
    }
}

static void run_free(analyze_run_t *run)
{
    points_free(&run->clinics);
    points_free(&run->sites);
    points_free(&run->demand);
    result_free(&run->rsites);
    result_free(&run->rdemand);
    result_free(&run->rclinics);
    cov_areas_free(run->areas, run->nareas);
    if (run->ind)
        for (size_t i = 0; i <= run->nareas; i++) analyze_ind_free(&run->ind[i]);
    free(run->ind);
    free(run->params_json);
    cov_geodist_destroy(run->geo);
    analyze_net_free(run);
}

/* Options, data and emptiness checks: everything that can be refused before any work. */
static cov_status_t prepare(analyze_run_t *run, const cov_analyze_opts_t *o)
{
    cov_ctx_t *ctx = run->ctx;
    const char *path = cov_store_path(run->store);
    run->scenario = o->scenario && *o->scenario ? o->scenario : "base";
    run->k = o->k ? o->k : 3;
    run->geodesic = o->geodesic;
    run->partners = o->clinic_partners;
    if (run->k > 100)
        return cov_fail(ctx, COV_ERR_USAGE, "-k %zu: keep at most 100 nearest", run->k);
    cov_status_t s =
        cov_radii_preset(ctx, o->data_dir, o->preset ? o->preset : "gb50180", &run->radii);
    if (!s && o->radii) s = cov_radii_parse(ctx, o->radii, &run->radii);
    if (s) return s;
    if (!cov_store_srid(run->store))
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: the project has no layers yet; import areas, clinics and elder-care "
                        "sites first (covplan import)",
                        path);
    /* Planar only where the CRS's scale error over the data stays under 0.1%; geodesic
     * otherwise, and always in a wide project. */
    cov_distance_info_t di;
    if ((s = cov_project_distance(ctx, run->store, &di))) return s;
    /* Along roads the edges were measured on the ellipsoid already (roads import/load). */
    if (di.geodesic && !o->dist.network) run->geodesic = true;
    run->geo_scale = di.max_scale * 1.001 + 1e-9;
    cov_kinds_t *kinds;
    if ((s = cov_kinds_load(ctx, o->data_dir, NULL, &kinds))) return s;
    char **sel = cov_calloc_array(cov_kinds_count(kinds) + 1, sizeof *sel);
    size_t nsel = 0;
    s = sel ? cov_kinds_select(ctx, kinds, o->clinics, "--clinics", (const char **)sel, &nsel)
            : COV_ERR_NOMEM;
    if (!s) s = load_areas(run);
    if (!s) s = load_points(run, sel, nsel);
    if (!s) s = make_params(run, sel, nsel);
    free(sel);
    cov_kinds_destroy(kinds);
    if (s) return s;
    if (!run->nareas)
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: the project has no areas; import them first (covplan import %s "
                        "areas FILE)",
                        path, path);
    if (!run->clinics.n)
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: no clinics of the selected kinds (--clinics %s); import health "
                        "facilities (covplan import %s facilities FILE --role health) or choose "
                        "other kinds",
                        path, o->clinics ? o->clinics : "all", path);
    if (!run->sites.n)
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: the project has no elder-care sites; import them first (covplan "
                        "import %s facilities FILE --role eldercare)",
                        path, path);
    run->method = run->demand.n ? "demand" : "polygon";
    return COV_OK;
}

/* Compute everything and write the run (the work an up-to-date run skips). */
static cov_status_t analyze_and_store(analyze_run_t *run, cov_analyze_summary_t *sum)
{
    cov_status_t s = COV_OK;
    if (run->geodesic) {
        s = cov_geodist_create(run->ctx, cov_store_srs(run->store), &run->geo);
        if (!s) s = to_lonlat(run, &run->clinics);
        if (!s) s = to_lonlat(run, &run->sites);
        if (!s) s = to_lonlat(run, &run->demand);
    }
    if (!s) s = compute(run, "elder-care sites", &run->sites, &run->clinics, &run->rsites);
    if (!s && run->demand.n)
        s = compute(run, "demand points", &run->demand, &run->clinics, &run->rdemand);
    if (!s && run->partners)
        s = compute(run, "clinic partners", &run->clinics, &run->sites, &run->rclinics);
    if (!s) s = analyze_areas_compute(run);
    long long run_id = 0;
    bool replaced = false;
    if (!s) s = analyze_db_write(run, &run_id, &replaced);
    if (!s && sum) {
        fill_summary(run, sum);
        sum->nunreached = run->unreached;
        sum->run_id = run_id;
        sum->replaced = replaced;
    }
    return s;
}

cov_status_t cov_analyze(cov_ctx_t *ctx, cov_store_t *store, const cov_analyze_opts_t *opts,
                         cov_analyze_summary_t *sum)
{
    static const cov_analyze_opts_t defaults = {0};
    analyze_run_t run = {.ctx = ctx, .store = store};
    if (sum) memset(sum, 0, sizeof *sum);
    /* A scenario: its parameters fill the options not given, its facilities are attached as
     * "facilities" for the loads below (analyze_reuse.c). */
    cov_analyze_opts_t eff = opts ? *opts : defaults;
    cov_scenario_params_t sp;
    cov_analyze_summary_t rsum;
    bool reused = false;
    cov_status_t s = analyze_scenario_opts(ctx, store, &eff, &sp);
    if (!s) s = analyze_net_options(&run, &eff);
    if (!s) s = prepare(&run, &eff);
    if (!s && run.network) s = analyze_net_open(&run);
    if (!s) s = analyze_inputs_hash(&run);
    if (!s) s = analyze_db_reuse(&run, sum ? sum : &rsum, &reused);
    if (!s && !reused) s = analyze_and_store(&run, sum);
    run_free(&run);
    cov_scenario_detach(store);
    cov_scenario_params_free(&sp);
    return s;
}
