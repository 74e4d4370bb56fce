/* Area indicators of a coverage run: counts, capacity, class shares, nearest-distance
 * percentiles, unserved sites, and the elderly share within each radius of a clinic (from
 * demand points, or by spreading each area's elderly uniformly over its polygon, measured exactly).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/crs.h"
#include "geo/diskcover.h"
#include "geo/kdtree.h"
#include "geo/parallel.h"
#include "planner/analyze/analyze_private.h"

void analyze_ind_free(analyze_ind_t *ind)
{
    json_decref(ind->kind_counts);
    json_decref(ind->unserved);
    memset(ind, 0, sizeof *ind);
}

/* Slot of a point's area in run->ind, or (size_t)-1 when it lies outside every area. */
static size_t slot(const analyze_run_t *run, long long area)
{
    return area ? analyze_area_index(run, area) : (size_t)-1;
}

static cov_status_t kind_counts(analyze_run_t *run)
{
    cov_kind_count_t *c;
    size_t nc;
    cov_status_t s = cov_facility_kind_counts(run->ctx, run->store, &c, &nc);
    json_t *total = run->ind[run->nareas].kind_counts;
    for (size_t i = 0; !s && i < nc; i++) {
        size_t a = slot(run, c[i].area_id);
        const char *kind = c[i].kind ? c[i].kind : "";
        json_int_t n = c[i].n;
        if (a != (size_t)-1) json_object_set_new(run->ind[a].kind_counts, kind, json_integer(n));
        json_int_t before = json_integer_value(json_object_get(total, kind));
        json_object_set_new(total, kind, json_integer(before + n));
    }
    cov_kind_counts_free(c, nc);
    if (s) return s;
    /* The study-area total was filled in area order: sort its keys for stable output. */
    const char *key;
    json_t *v;
    size_t nk = json_object_size(total), i = 0;
    const char **keys = cov_calloc_array(nk + 1, sizeof *keys);
    if (!keys) return COV_ERR_NOMEM;
    json_object_foreach(total, key, v) keys[i++] = key;
    for (size_t a = 1; a < nk; a++)
        for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
            const char *t = keys[b];
            keys[b] = keys[b - 1];
            keys[b - 1] = t;
        }
    json_t *sorted = json_object();
    for (i = 0; i < nk; i++) json_object_set(sorted, keys[i], json_object_get(total, keys[i]));
    free(keys);
    json_decref(total);
    run->ind[run->nareas].kind_counts = sorted;
    return COV_OK;
}

typedef struct dist_key {
    size_t area; /* slot, nareas for sites outside every area */
    double dist;
} dist_key_t;

static int cmp_dist_key(const void *a, const void *b)
{
    const dist_key_t *x = a, *y = b;
    if (x->area != y->area) return x->area < y->area ? -1 : 1;
    return (x->dist > y->dist) - (x->dist < y->dist);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void set_percentiles(analyze_ind_t *in, const double *sorted, size_t n)
{
    in->median = cov_percentile_nearest_rank(sorted, n, 50);
    in->p90 = cov_percentile_nearest_rank(sorted, n, 90);
    in->max = n ? sorted[n - 1] : NAN;
}

/* Per-site indicators: class counts, capacity, unserved sites and distance percentiles. */
static cov_status_t site_indicators(analyze_run_t *run)
{
    const analyze_points_t *s = &run->sites;
    const analyze_result_t *r = &run->rsites;
    analyze_ind_t *total = &run->ind[run->nareas];
    size_t nr = run->radii.n, nk = 0;
    dist_key_t *keys = cov_calloc_array(s->n + 1, sizeof *keys);
    double *d = cov_calloc_array(s->n + 1, sizeof *d);
    if (!keys || !d) {
        free(keys);
        free(d);
        return COV_ERR_NOMEM;
    }
    for (size_t i = 0; i < s->n; i++) {
        size_t a = slot(run, s->area[i]);
        analyze_ind_t *targets[2] = {a != (size_t)-1 ? &run->ind[a] : NULL, total};
        for (int t = 0; t < 2; t++) {
            analyze_ind_t *in = targets[t];
            if (!in) continue;
            in->nsites++;
            in->class_count[r->cls[i]]++;
            if (!isnan(s->cap[i])) {
                in->cap_known++;
                in->capacity += s->cap[i];
            }
            if (r->cls[i] == nr) {
                in->nunserved++;
                json_array_append_new(in->unserved, json_integer(s->id[i]));
            }
        }
        /* unreachable along the roads (NaN): left out of the percentiles */
        if (isnan(r->dist[i * r->k])) continue;
        keys[nk].area = a != (size_t)-1 ? a : run->nareas;
        keys[nk].dist = r->dist[i * r->k];
        d[nk] = keys[nk].dist;
        nk++;
    }
    qsort(keys, nk, sizeof *keys, cmp_dist_key);
    for (size_t i = 0; i < nk;) {
        size_t j = i;
        while (j < nk && keys[j].area == keys[i].area) j++;
        if (keys[i].area < run->nareas) {
            for (size_t m = i; m < j; m++) d[m - i] = keys[m].dist;
            set_percentiles(&run->ind[keys[i].area], d, j - i);
        }
        i = j;
    }
    for (size_t i = 0; i < nk; i++) d[i] = keys[i].dist;
    qsort(d, nk, sizeof *d, cmp_double);
    set_percentiles(total, d, nk);
    free(keys);
    free(d);
    for (size_t i = 0; i < run->clinics.n; i++) {
        size_t a = slot(run, run->clinics.area[i]);
        if (a != (size_t)-1) run->ind[a].nclinics++;
        total->nclinics++;
        if (!run->partners || run->rclinics.cls[i] != nr) continue;
        if (a != (size_t)-1) run->ind[a].unpartnered++;
        total->unpartnered++;
    }
    return COV_OK;
}

/* Elderly share from demand points: a point is covered within r when its nearest clinic is. */
static cov_status_t demand_shares(analyze_run_t *run)
{
    cov_status_t s = COV_OK;
    size_t nr = run->radii.n, na = run->nareas;
    double *w = cov_calloc_array(na + 1, sizeof *w);
    double *cov = cov_calloc_array((na + 1) * nr + 1, sizeof *cov);
    if (!w || !cov) {
        s = COV_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < run->demand.n; i++) {
        size_t a = slot(run, run->demand.area[i]);
        double wi = run->demand.w[i];
        unsigned cls = run->rdemand.cls[i];
        for (int t = 0; t < 2; t++) {
            size_t at = t ? na : a;
            if (at == (size_t)-1) continue;
            w[at] += wi;
            for (size_t j = cls; j < nr; j++) cov[at * nr + j] += wi;
        }
    }
    for (size_t a = 0; a <= na; a++)
        for (size_t j = 0; j < nr; j++) {
            run->ind[a].elderly_within[j] = w[a] > 0 ? cov[a * nr + j] : NAN;
            run->ind[a].share[j] = w[a] > 0 ? cov[a * nr + j] / w[a] : NAN;
        }
done:
    free(w);
    free(cov);
    return s;
}

/* Elderly share by spreading each area's elderly uniformly over its polygon: the share of the
 * polygon within r of a clinic, computed exactly by geo/diskcover (no buffers, no sampling). In a
 * geodesic run each clinic's disk is scaled by the CRS's areal scale at the clinic, so that it
 * covers as much of the map as the ellipsoidal circle of radius r. Areas run on all cores; each
 * writes its own slot, so the result does not depend on the number of threads. */
typedef struct cover_job {
    analyze_run_t *run;
    const cov_kdtree_t *tree;
    const double *scale; /* per clinic, NULL in planar runs */
    double smax;         /* the largest scale (1 in planar runs) */
    double *covered;     /* nareas * nr */
    double *full;        /* nareas */
    size_t **cand;       /* per worker: candidate clinics */
    size_t *ncand, *capcand;
    double **buf; /* per worker: x, y, r of the candidates (3 * capcand) */
} cover_job_t;

typedef struct cand_acc {
    cover_job_t *job;
    unsigned w;
    bool oom;
} cand_acc_t;

static bool collect(void *user, size_t idx, double dist)
{
    (void)dist;
    cand_acc_t *c = user;
    cover_job_t *j = c->job;
    if (j->ncand[c->w] == j->capcand[c->w]) {
        size_t nc = j->capcand[c->w] ? j->capcand[c->w] * 2 : 256;
        size_t *v = cov_realloc_array(j->cand[c->w], nc, sizeof *v);
        double *b = cov_realloc_array(j->buf[c->w], 3 * nc, sizeof *b);
        if (v) j->cand[c->w] = v;
        if (b) j->buf[c->w] = b;
        if (!v || !b) {
            c->oom = true;
            return false;
        }
        j->capcand[c->w] = nc;
    }
    j->cand[c->w][j->ncand[c->w]++] = idx;
    return true;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static cov_status_t cover_area(void *user, size_t a, unsigned w)
{
    cover_job_t *j = user;
    analyze_run_t *run = j->run;
    size_t nr = run->radii.n;
    OGRGeometryH g = run->areas[a].geom;
    j->full[a] = OGR_G_Area(g);
    cov_edge_t *e;
    size_t ne;
    cov_status_t s = cov_edges_of(g, &e, &ne);
    if (s) return s;
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    double rmax = run->radii.r[nr - 1];
    double cx = 0.5 * (env.MinX + env.MaxX), cy = 0.5 * (env.MinY + env.MaxY);
    double reach = 0.5 * hypot(env.MaxX - env.MinX, env.MaxY - env.MinY) + rmax * j->smax;
    cand_acc_t acc = {j, w, false};
    j->ncand[w] = 0;
    cov_kdtree_within(j->tree, cx, cy, reach, collect, &acc);
    if (acc.oom) {
        free(e);
        return COV_ERR_NOMEM;
    }
    /* in index order, so the sweep sees the same disks in the same order on any thread */
    size_t nc = j->ncand[w];
    size_t *cand = j->cand[w];
    qsort(cand, nc, sizeof *cand, cmp_size);
    double *x = j->buf[w], *y = x + nc, *r = y + nc;
    for (size_t i = 0; i < nc; i++) {
        x[i] = run->clinics.x[cand[i]];
        y[i] = run->clinics.y[cand[i]];
    }
    for (size_t k = 0; !s && k < nr; k++) {
        for (size_t i = 0; i < nc; i++) r[i] = run->radii.r[k] * (j->scale ? j->scale[cand[i]] : 1);
        s = cov_diskcover_area(e, ne, x, y, r, nc, &j->covered[a * nr + k]);
    }
    free(e);
    return s;
}

static cov_status_t polygon_shares(analyze_run_t *run)
{
    size_t nr = run->radii.n, na = run->nareas;
    analyze_ind_t *total = &run->ind[na];
    unsigned nt = cov_parallel_threads(run->ctx, na);
    cover_job_t j = {.run = run, .smax = 1};
    double *scale = NULL;
    cov_kdtree_t *tree = NULL;
    cov_status_t s = cov_kdtree_build(run->clinics.x, run->clinics.y, run->clinics.n, &tree);
    if (s) return cov_fail(run->ctx, s, "clinic buffers: cannot index the clinics");
    j.tree = tree;
    j.covered = cov_calloc_array(na * nr + 1, sizeof *j.covered);
    j.full = cov_calloc_array(na + 1, sizeof *j.full);
    j.cand = cov_calloc_array(nt, sizeof *j.cand);
    j.ncand = cov_calloc_array(nt, sizeof *j.ncand);
    j.capcand = cov_calloc_array(nt, sizeof *j.capcand);
    j.buf = cov_calloc_array(nt, sizeof *j.buf);
    if (!j.covered || !j.full || !j.cand || !j.ncand || !j.capcand || !j.buf) s = COV_ERR_NOMEM;
    if (!s && run->geodesic) {
        scale = cov_calloc_array(run->clinics.n + 1, sizeof *scale);
        s = scale ? cov_crs_areal_scale(run->ctx, cov_store_srs(run->store), run->clinics.n,
                                        run->clinics.lon, run->clinics.lat, scale)
                  : COV_ERR_NOMEM;
        j.scale = scale;
        for (size_t i = 0; !s && i < run->clinics.n; i++) j.smax = fmax(j.smax, scale[i]);
    }
    size_t failed = 0;
    if (!s) s = cov_parallel_for(run->ctx, "clinic reach", na, cover_area, &j, &failed);
    if (s == COV_ERR_GEOMETRY)
        s = cov_fail(run->ctx, s, "%s: area %s: its geometry is not a polygon",
                     cov_store_path(run->store), run->areas[failed].code);
    double tot_elderly = 0, tot_cov[COV_MAX_RADII] = {0};
    bool any = false;
    for (size_t a = 0; !s && a < na; a++) {
        analyze_area_t *area = &run->areas[a];
        for (size_t k = 0; k < nr; k++) {
            double full = j.full[a];
            double share = full > 0 ? j.covered[a * nr + k] / full : NAN;
            if (share > 1) share = 1; /* rounding in a fully covered area */
            run->ind[a].share[k] = share;
            run->ind[a].elderly_within[k] = isnan(area->elderly) ? NAN : share * area->elderly;
            if (!isnan(area->elderly) && !isnan(share)) tot_cov[k] += share * area->elderly;
        }
        if (!isnan(area->elderly)) {
            tot_elderly += area->elderly;
            any = true;
        }
    }
    for (size_t k = 0; !s && k < nr; k++) {
        total->elderly_within[k] = any ? tot_cov[k] : NAN;
        total->share[k] = any && tot_elderly > 0 ? tot_cov[k] / tot_elderly : NAN;
    }
    for (unsigned t = 0; j.cand && t < nt; t++) free(j.cand[t]);
    for (unsigned t = 0; j.buf && t < nt; t++) free(j.buf[t]);
    free(j.cand);
    free(j.buf);
    free(j.ncand);
    free(j.capcand);
    free(j.covered);
    free(j.full);
    free(scale);
    cov_kdtree_destroy(tree);
    return s;
}

cov_status_t analyze_areas_compute(analyze_run_t *run)
{
    size_t na = run->nareas;
    run->ind = cov_calloc_array(na + 1, sizeof *run->ind);
    if (!run->ind) return COV_ERR_NOMEM;
    analyze_ind_t *total = &run->ind[na];
    total->population = total->elderly = 0;
    bool pop_known = false, eld_known = false;
    for (size_t a = 0; a <= na; a++) {
        analyze_ind_t *in = &run->ind[a];
        in->kind_counts = json_object();
        in->unserved = json_array();
        in->unpartnered = run->partners ? 0 : -1;
        in->median = in->p90 = in->max = NAN;
        if (!in->kind_counts || !in->unserved) return COV_ERR_NOMEM;
        if (a == na) continue;
        in->population = run->areas[a].population;
        in->elderly = run->areas[a].elderly;
        if (!isnan(in->population)) {
            total->population += in->population;
            pop_known = true;
        }
        if (!isnan(in->elderly)) {
            total->elderly += in->elderly;
            eld_known = true;
        }
    }
    if (!pop_known) total->population = NAN;
    if (!eld_known) total->elderly = NAN;
    cov_status_t s = kind_counts(run);
    if (!s) s = site_indicators(run);
    if (s) return s;
    if (run->network && !run->demand.n) return analyze_net_no_shares(run);
    return run->demand.n ? demand_shares(run) : polygon_shares(run);
}
