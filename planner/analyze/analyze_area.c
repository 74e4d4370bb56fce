/* Area indicators of a coverage run: counts, capacity, class shares, nearest-distance
 * percentiles, unserved sites, and the elderly share within each radius of a clinic (from
 * demand points, or by spreading each area's elderly uniformly over its polygon). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/analyze/analyze_private.h"

/* Buffer segments per quarter circle: a 128-gon, whose area is 0.04% below the circle's. */
#define QUAD_SEGS 32

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

/* Area of polygon ∩ (union of clinic buffers of radius r), using GEOS through OGR. Only
 * clinics within r of the polygon's envelope are buffered. */
static cov_status_t covered_area(analyze_run_t *run, const analyze_area_t *area, double r,
                                 double *out)
{
    *out = 0;
    OGREnvelope env;
    OGR_G_GetEnvelope(area->geom, &env);
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPoint);
    const analyze_points_t *c = &run->clinics;
    for (size_t i = 0; i < c->n; i++) {
        if (c->x[i] < env.MinX - r || c->x[i] > env.MaxX + r || c->y[i] < env.MinY - r ||
            c->y[i] > env.MaxY + r)
            continue;
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, c->x[i], c->y[i]);
        OGR_G_AddGeometryDirectly(mp, pt);
    }
    cov_status_t s = COV_OK;
    if (OGR_G_GetGeometryCount(mp) > 0 && r > 0) {
        OGRGeometryH buf = OGR_G_Buffer(mp, r, QUAD_SEGS);
        OGRGeometryH inter = buf ? OGR_G_Intersection(area->geom, buf) : NULL;
        if (!inter)
            s = cov_fail(run->ctx, COV_ERR_GEOMETRY,
                         "%s: area %s: cannot intersect it with the %g m clinic buffers (GEOS)",
                         cov_store_path(run->store), area->code, r);
        else
            *out = OGR_G_Area(inter);
        if (inter) OGR_G_DestroyGeometry(inter);
        if (buf) OGR_G_DestroyGeometry(buf);
    }
    OGR_G_DestroyGeometry(mp);
    return s;
}

/* Elderly share by spreading each area's elderly uniformly over its polygon. */
static cov_status_t polygon_shares(analyze_run_t *run)
{
    size_t nr = run->radii.n, na = run->nareas;
    analyze_ind_t *total = &run->ind[na];
    double tot_elderly = 0, tot_cov[COV_MAX_RADII] = {0};
    bool any = false;
    for (size_t a = 0; a < na; a++) {
        analyze_area_t *area = &run->areas[a];
        double full = OGR_G_Area(area->geom);
        for (size_t j = 0; j < nr; j++) {
            double covered;
            cov_status_t s = covered_area(run, area, run->radii.r[j], &covered);
            if (s) return s;
            double share = full > 0 ? covered / full : NAN;
            if (share > 1) share = 1;
            run->ind[a].share[j] = share;
            run->ind[a].elderly_within[j] = isnan(area->elderly) ? NAN : share * area->elderly;
            if (!isnan(area->elderly) && !isnan(share)) tot_cov[j] += share * area->elderly;
        }
        if (!isnan(area->elderly)) {
            tot_elderly += area->elderly;
            any = true;
        }
        cov_progress(run->ctx, "clinic buffers", a + 1, na);
    }
    for (size_t j = 0; j < nr; j++) {
        total->elderly_within[j] = any ? tot_cov[j] : NAN;
        total->share[j] = any && tot_elderly > 0 ? tot_cov[j] / tot_elderly : NAN;
    }
    return COV_OK;
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
