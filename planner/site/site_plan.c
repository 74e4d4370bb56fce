/* Siting on a project: load areas, facilities and demand, pick candidates, build the instance
 * (planar distances through the KD-tree, or along roads in site_network.c), solve, and summarise
 * per site and per area. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"
#include "geo/source.h"
#include "planner/core/distance.h"
#include "planner/core/kinds.h"
#include "planner/scenario/scenario.h"
#include "planner/site/site_plan_private.h"

/* p-median/p-center need every pair: refuse instances above this many pairs. */
#define MAX_PAIRS 25000000.0
#define MAX_GRID 200000.0

static cov_status_t push(site_points_t *p, long long fid, long long area, double x, double y,
                         double w, double capacity, const char *name)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 256;
        long long *a = cov_realloc_array(p->fid, nc, sizeof *a);
        if (a) p->fid = a;
        long long *b = cov_realloc_array(p->area, nc, sizeof *b);
        if (b) p->area = b;
        double *c = cov_realloc_array(p->x, nc, sizeof *c);
        if (c) p->x = c;
        double *d = cov_realloc_array(p->y, nc, sizeof *d);
        if (d) p->y = d;
        double *e = cov_realloc_array(p->w, nc, sizeof *e);
        if (e) p->w = e;
        double *f = cov_realloc_array(p->capacity, nc, sizeof *f);
        if (f) p->capacity = f;
        char **g = cov_realloc_array(p->name, nc, sizeof *g);
        if (g) p->name = g;
        if (!a || !b || !c || !d || !e || !f || !g) return COV_ERR_NOMEM;
        p->cap = nc;
    }
    size_t i = p->n;
    p->fid[i] = fid, p->area[i] = area, p->x[i] = x, p->y[i] = y, p->w[i] = w;
    p->capacity[i] = capacity;
    p->name[i] = cov_strdup(name ? name : "");
    if (!p->name[i]) return COV_ERR_NOMEM;
    p->n++;
    return COV_OK;
}

static void points_free(site_points_t *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->name[i]);
    free(p->fid), free(p->area), free(p->x), free(p->y), free(p->w), free(p->capacity);
    free(p->name);
    memset(p, 0, sizeof *p);
}

size_t site_area_index(const cov_site_plan_t *pl, long long id)
{
    return cov_areas_find(pl->areas, pl->nareas, id);
}

static cov_status_t load_areas(cov_site_plan_t *pl)
{
    return cov_areas_load(pl->ctx, pl->store, true, &pl->areas, &pl->nareas);
}

/* The area containing (x, y): lowest id wins on shared borders; 0 outside every area. */
static long long area_of(const cov_site_plan_t *pl, double x, double y)
{
    OGRGeometryH pt = NULL;
    long long found = 0;
    for (size_t a = 0; a < pl->nareas && !found; a++) {
        const OGREnvelope *e = &pl->areas[a].env;
        if (x < e->MinX || x > e->MaxX || y < e->MinY || y > e->MaxY) continue;
        if (!pt) {
            pt = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(pt, 0, x, y);
        }
        if (OGR_G_Intersects(pl->areas[a].geom, pt)) found = pl->areas[a].id;
    }
    if (pt) OGR_G_DestroyGeometry(pt);
    return found;
}

/* Resolve --clinic-kinds against the vocabulary (cov_kinds_select) into pl->clinic_list. */
static cov_status_t check_kinds(cov_site_plan_t *pl)
{
    const char *spec = pl->o.clinic_kinds;
    if (!spec || !*spec || strcmp(spec, "all") == 0) return COV_OK; /* no filter */
    cov_kinds_t *k;
    cov_status_t s = cov_kinds_load(pl->ctx, pl->o.data_dir, NULL, &k);
    const char **chosen = s ? NULL : cov_calloc_array(cov_kinds_count(k) + 1, sizeof *chosen);
    if (!s && !chosen) s = COV_ERR_NOMEM;
    size_t n = 0;
    if (!s) s = cov_kinds_select(pl->ctx, k, spec, "--clinic-kinds", chosen, &n);
    size_t len = 1;
    for (size_t i = 0; !s && i < n; i++) len += strlen(chosen[i]) + 1;
    if (!s && !(pl->clinic_list = calloc(1, len))) s = COV_ERR_NOMEM;
    for (size_t i = 0; !s && i < n; i++) {
        if (i) strcat(pl->clinic_list, ",");
        strcat(pl->clinic_list, chosen[i]);
    }
    free(chosen);
    if (k) cov_kinds_destroy(k);
    return s;
}

/* Facilities of one role (health filtered by kinds) into p, weight 1 or capacity. */
static cov_status_t load_facilities(cov_site_plan_t *pl, const char *role, bool filter,
                                    site_points_t *p)
{
    cov_facility_t *f;
    size_t nf;
    cov_status_t s = cov_facilities_load(pl->ctx, pl->store, role, &f, &nf);
    bool all = !filter || !pl->clinic_list;
    for (size_t i = 0; !s && i < nf; i++) {
        if (!all && !cov_comma_list_has(pl->clinic_list, f[i].kind ? f[i].kind : "")) continue;
        s = push(p, f[i].id, f[i].area_id, f[i].x, f[i].y, 1, f[i].capacity, f[i].name);
    }
    cov_facilities_free(f, nf);
    return s;
}

static cov_status_t load_demand(cov_site_plan_t *pl)
{
    cov_ctx_t *ctx = pl->ctx;
    const char *path = cov_store_path(pl->store);
    cov_status_t s;
    if (pl->demand == COV_DEMAND_ELDERCARE || pl->demand == COV_DEMAND_ELDERCARE_CAPACITY) {
        s = load_facilities(pl, "eldercare", false, &pl->dem);
        if (!s && pl->demand == COV_DEMAND_ELDERCARE_CAPACITY) {
            size_t missing = 0;
            for (size_t i = 0; i < pl->dem.n; i++) {
                double c = pl->dem.capacity[i];
                if (isnan(c)) missing++;
                pl->dem.w[i] = isnan(c) ? 0 : c;
            }
            if (missing)
                cov_log(ctx, COV_LOG_WARN,
                        "%zu of %zu elder-care sites have no capacity and weigh 0 as demand",
                        missing, pl->dem.n);
        }
        return s;
    }
    if (pl->demand == COV_DEMAND_POINTS) {
        cov_demand_point_t *d;
        size_t nd;
        s = cov_demand_load(ctx, pl->store, &d, &nd);
        for (size_t i = 0; !s && i < nd; i++)
            s = push(&pl->dem, d[i].id, d[i].area_id, d[i].x, d[i].y, d[i].weight, NAN, d[i].code);
        cov_demand_free(d, nd);
        return s;
    }
    /* COV_DEMAND_AREAS */
    for (size_t a = 0; a < pl->nareas; a++) {
        site_area_t *ar = &pl->areas[a];
        if (isnan(ar->elderly))
            return cov_fail(ctx, COV_ERR_INPUT,
                            "%s: area %s has no elderly population; --demand areas needs "
                            "it (import areas with --elderly-field)",
                            path, ar->code ? ar->code : "?");
        OGRGeometryH pt = OGR_G_PointOnSurface(ar->geom);
        if (!pt) return cov_fail(ctx, COV_ERR_GEOMETRY, "area %s: no point on surface", ar->code);
        s = push(&pl->dem, ar->id, ar->id, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0), ar->elderly, NAN,
                 ar->code);
        OGR_G_DestroyGeometry(pt);
        if (s) return s;
    }
    return COV_OK;
}

/* Longitude/latitude of points (geodesic projects); the caller frees both. */
static cov_status_t lonlat_of(cov_site_plan_t *pl, const site_points_t *p, double **lon,
                              double **lat)
{
    *lon = cov_calloc_array(p->n + 1, sizeof **lon);
    *lat = cov_calloc_array(p->n + 1, sizeof **lat);
    if (!*lon || !*lat) return cov_fail(pl->ctx, COV_ERR_NOMEM, "out of memory");
    return cov_geodist_lonlat(pl->ctx, pl->geo, p->n, p->x, p->y, *lon, *lat);
}

/* Points of a with nothing of b within r (all of a when r <= 0). */
static cov_status_t unpaired(cov_site_plan_t *pl, const site_points_t *a, const site_points_t *b,
                             double r, site_points_t *out)
{
    cov_kdtree_t *t;
    unsigned char *served = NULL; /* along the roads (--metric network) */
    cov_status_t s = pl->net && r > 0 ? site_net_served(pl, a, b, r, &served) : COV_OK;
    if (s) return s;
    s = cov_kdtree_build(b->x, b->y, b->n, &t);
    if (s) {
        free(served);
        return cov_fail(pl->ctx, s, "cannot index the facilities");
    }
    double *alon = NULL, *alat = NULL, *blon = NULL, *blat = NULL;
    cov_geodist_hits_t hits = {0};
    if (pl->geo && !served) {
        s = lonlat_of(pl, a, &alon, &alat);
        if (!s) s = lonlat_of(pl, b, &blon, &blat);
    }
    for (size_t i = 0; !s && i < a->n; i++) {
        bool near;
        if (served)
            near = served[i];
        else if (!(r > 0 && b->n))
            near = false;
        else if (pl->geo) {
            s = cov_geodist_within(pl->geo, t, a->x[i], a->y[i], alon[i], alat[i], blon, blat, r,
                                   pl->geo_scale, &hits);
            near = hits.n > 0;
        } else
            near = cov_kdtree_count_within(t, a->x[i], a->y[i], r) > 0;
        if (s || near) continue;
        s = push(out, a->fid[i], a->area[i], a->x[i], a->y[i], 1, a->capacity[i], a->name[i]);
    }
    cov_kdtree_destroy(t);
    free(served);
    free(alon), free(alat), free(blon), free(blat), free(hits.idx), free(hits.dist);
    return s;
}

static cov_status_t grid(cov_site_plan_t *pl, const char *spec)
{
    char *end;
    double step = strtod(spec, &end);
    if (*end || !(step > 0) || !isfinite(step))
        return cov_fail(pl->ctx, COV_ERR_USAGE,
                        "--candidates grid:SPACING needs a spacing in metres > 0, not '%s'", spec);
    if (!pl->nareas)
        return cov_fail(pl->ctx, COV_ERR_EMPTY, "--candidates grid: the project has no areas");
    OGREnvelope e = pl->areas[0].env;
    for (size_t a = 1; a < pl->nareas; a++) {
        OGREnvelope *f = &pl->areas[a].env;
        if (f->MinX < e.MinX) e.MinX = f->MinX;
        if (f->MinY < e.MinY) e.MinY = f->MinY;
        if (f->MaxX > e.MaxX) e.MaxX = f->MaxX;
        if (f->MaxY > e.MaxY) e.MaxY = f->MaxY;
    }
    double nx = ceil((e.MaxX - e.MinX) / step), ny = ceil((e.MaxY - e.MinY) / step);
    if (nx * ny > MAX_GRID)
        return cov_fail(pl->ctx, COV_ERR_USAGE,
                        "--candidates grid:%g gives %.0f cells over the areas' extent (at most "
                        "%.0f); use a wider spacing",
                        step, nx * ny, MAX_GRID);
    /* cells on multiples of the spacing, so the grid does not depend on the extent's origin */
    double x0 = floor(e.MinX / step) * step, y0 = floor(e.MinY / step) * step;
    cov_status_t s = COV_OK;
    for (double y = y0 + step / 2; !s && y <= e.MaxY; y += step)
        for (double x = x0 + step / 2; !s && x <= e.MaxX; x += step) {
            long long a = area_of(pl, x, y);
            if (!a) continue;
            char name[64];
            snprintf(name, sizeof name, "grid %.0f,%.0f", x, y);
            s = push(&pl->cand, 0, a, x, y, 1, NAN, name);
        }
    return s;
}

static cov_status_t file_candidates(cov_site_plan_t *pl, const char *path)
{
    cov_source_opts_t so = {.src_crs = pl->o.src_crs};
    cov_source_t *src;
    cov_status_t s = cov_source_open(pl->ctx, path, &so, &src);
    if (s) return s;
    s = cov_source_set_target(pl->ctx, src, cov_store_srs(pl->store));
    static const char *const names[] = {"name", "NAME", "名称", "id", "code", NULL};
    int ni = cov_source_find_field(src, names);
    bool done = false;
    while (!s) {
        cov_record_t rec;
        s = cov_source_next(pl->ctx, src, &rec, &done);
        if (s || done) break;
        OGRGeometryH c = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_Centroid(rec.geom, c);
        double x = OGR_G_GetX(c, 0), y = OGR_G_GetY(c, 0);
        OGR_G_DestroyGeometry(c);
        const char *nm = NULL;
        if (ni >= 0) s = cov_source_text(pl->ctx, src, &rec, ni, &nm);
        char def[32];
        snprintf(def, sizeof def, "%s %lld", cov_source_unit(src), rec.row);
        if (!s) s = push(&pl->cand, 0, area_of(pl, x, y), x, y, 1, NAN, nm && *nm ? nm : def);
    }
    cov_source_close(src);
    return s;
}

static cov_status_t load_candidates(cov_site_plan_t *pl, const site_points_t *health,
                                    const site_points_t *care)
{
    double r = pl->o.solve.radius;
    cov_status_t s;
    site_points_t all = {0};
    if (pl->cand_kind == SITE_CAND_ELDERCARE_UNSERVED) {
        pl->cand_source = "eldercare";
        s = unpaired(pl, care, health, r, &all);
    } else if (pl->cand_kind == SITE_CAND_CLINICS_UNPARTNERED) {
        pl->cand_source = "clinic";
        s = unpaired(pl, health, care, r, &all);
    } else if (pl->cand_kind == SITE_CAND_GRID) {
        pl->cand_source = "grid";
        s = grid(pl, pl->cand_arg);
        return s; /* grid cells already carry their area */
    } else {
        pl->cand_source = "file";
        s = file_candidates(pl, pl->cand_arg);
        if (s) return s;
        all = pl->cand;
        memset(&pl->cand, 0, sizeof pl->cand);
    }
    for (size_t i = 0; !s && i < all.n; i++) {
        if (pl->o.in_areas) {
            size_t a = site_area_index(pl, all.area[i]);
            if (a == (size_t)-1 || !cov_comma_list_has(pl->o.in_areas, pl->areas[a].code)) continue;
        }
        s = push(&pl->cand, all.fid[i], all.area[i], all.x[i], all.y[i], 1, all.capacity[i],
                 all.name[i]);
    }
    points_free(&all);
    return s;
}

typedef struct within_acc {
    cov_ctx_t *ctx;
    cov_site_inst_t *inst;
    size_t j;
    cov_status_t s;
} within_acc_t;

static bool add_visit(void *user, size_t idx, double dist)
{
    within_acc_t *w = user;
    w->s = cov_site_inst_add(w->ctx, w->inst, idx, w->j, dist);
    return w->s == COV_OK;
}

/* The instance's costs on the ellipsoid: candidate -> demand pairs within the radius (cover
 * models) or every pair, and each demand point's distance to the nearest existing facility
 * (the planar nearest bounds the geodesic one from above; every closer point lies within
 * planar s times that). */
static cov_status_t geo_costs(cov_site_plan_t *pl, bool cover)
{
    cov_ctx_t *ctx = pl->ctx;
    size_t n = pl->dem.n, m = pl->cand.n;
    double *dlon = NULL, *dlat = NULL, *clon = NULL, *clat = NULL, *elon = NULL, *elat = NULL;
    cov_geodist_hits_t hits = {0};
    cov_kdtree_t *t = NULL;
    cov_status_t s = lonlat_of(pl, &pl->dem, &dlon, &dlat);
    if (!s) s = lonlat_of(pl, &pl->cand, &clon, &clat);
    if (!s && cover) {
        s = cov_kdtree_build(pl->dem.x, pl->dem.y, n, &t);
        for (size_t j = 0; !s && j < m; j++) {
            s = cov_geodist_within(pl->geo, t, pl->cand.x[j], pl->cand.y[j], clon[j], clat[j], dlon,
                                   dlat, pl->o.solve.radius, pl->geo_scale, &hits);
            for (size_t k = 0; !s && k < hits.n; k++)
                s = cov_site_inst_add(ctx, pl->inst, hits.idx[k], j, hits.dist[k]);
        }
        cov_kdtree_destroy(t);
        t = NULL;
    } else {
        for (size_t j = 0; !s && j < m; j++)
            for (size_t i = 0; !s && i < n; i++)
                s = cov_site_inst_add(
                    ctx, pl->inst, i, j,
                    cov_geodist_inverse(pl->geo, dlon[i], dlat[i], clon[j], clat[j]));
    }
    if (!s && pl->exist.n) {
        s = lonlat_of(pl, &pl->exist, &elon, &elat);
        if (!s) s = cov_kdtree_build(pl->exist.x, pl->exist.y, pl->exist.n, &t);
        for (size_t i = 0; !s && i < n; i++) {
            size_t j0;
            double p0;
            cov_kdtree_nearest(t, pl->dem.x[i], pl->dem.y[i], &j0, &p0);
            double g = cov_geodist_inverse(pl->geo, dlon[i], dlat[i], elon[j0], elat[j0]);
            s = cov_geodist_within(pl->geo, t, pl->dem.x[i], pl->dem.y[i], dlon[i], dlat[i], elon,
                                   elat, g, pl->geo_scale, &hits);
            double best = g;
            for (size_t k = 0; k < hits.n; k++) best = fmin(best, hits.dist[k]);
            if (!s) cov_site_inst_set_existing(pl->inst, i, best);
        }
        cov_kdtree_destroy(t);
    }
    free(dlon), free(dlat), free(clon), free(clat), free(elon), free(elat);
    free(hits.idx), free(hits.dist);
    return s == COV_ERR_NOMEM ? cov_fail(ctx, s, "out of memory") : s;
}

static cov_status_t build_instance(cov_site_plan_t *pl)
{
    cov_ctx_t *ctx = pl->ctx;
    const cov_site_opts_t *so = &pl->o.solve;
    bool cover = so->model == COV_SITE_MCLP || so->model == COV_SITE_LSCP;
    size_t n = pl->dem.n, m = pl->cand.n;
    if (!cover && (double)n * (double)m > MAX_PAIRS)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: %zu demand points x %zu candidates is too many pairs for a full "
                        "distance matrix; use fewer candidates (a wider grid, --in-areas)",
                        cov_site_model_name(so->model), n, m);
    cov_status_t s = cov_site_inst_create(ctx, n, pl->dem.w, m, &pl->inst);
    if (s) return s;
    cov_kdtree_t *t = NULL;
    if (pl->net) {
        s = site_net_costs(pl); /* pairs and existing costs along the roads */
    } else if (pl->geo) {       /* on the ellipsoid: exact geodesic pairs and costs */
        s = geo_costs(pl, cover);
    } else if (cover) {
        s = cov_kdtree_build(pl->dem.x, pl->dem.y, n, &t);
        for (size_t j = 0; !s && j < m; j++) {
            within_acc_t acc = {ctx, pl->inst, j, COV_OK};
            cov_kdtree_within(t, pl->cand.x[j], pl->cand.y[j], so->radius, add_visit, &acc);
            s = acc.s;
        }
        cov_kdtree_destroy(t);
        t = NULL;
    } else {
        for (size_t j = 0; !s && j < m; j++)
            for (size_t i = 0; !s && i < n; i++) {
                double dx = pl->dem.x[i] - pl->cand.x[j], dy = pl->dem.y[i] - pl->cand.y[j];
                s = cov_site_inst_add(ctx, pl->inst, i, j, sqrt(dx * dx + dy * dy));
            }
    }
    if (!s && !pl->net && !pl->geo && pl->exist.n) {
        s = cov_kdtree_build(pl->exist.x, pl->exist.y, pl->exist.n, &t);
        size_t *idx = cov_calloc_array(n + 1, sizeof *idx);
        double *dist = cov_calloc_array(n + 1, sizeof *dist);
        if (!s && (!idx || !dist)) s = COV_ERR_NOMEM;
        if (!s) s = cov_kdtree_nearest_batch(t, pl->dem.x, pl->dem.y, n, idx, dist);
        for (size_t i = 0; !s && i < n; i++) cov_site_inst_set_existing(pl->inst, i, dist[i]);
        free(idx), free(dist);
        cov_kdtree_destroy(t);
    }
    if (!s && pl->o.capacity) {
        char *end;
        double c = strtod(pl->o.capacity, &end);
        bool number = !*end && end != pl->o.capacity;
        if (number && !(c > 0 && isfinite(c)))
            return cov_fail(ctx, COV_ERR_USAGE, "--capacity %s: give a number > 0 or a field",
                            pl->o.capacity);
        if (!number && strcmp(pl->o.capacity, "capacity") != 0)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "--capacity '%s': give a number or 'capacity' (the candidate "
                            "facilities' capacity)",
                            pl->o.capacity);
        for (size_t j = 0; j < m; j++) {
            double cj = number ? c : pl->cand.capacity[j];
            if (isnan(cj))
                return cov_fail(ctx, COV_ERR_INPUT,
                                "--capacity capacity: candidate '%s' (facility %lld) has no "
                                "capacity",
                                pl->cand.name[j], pl->cand.fid[j]);
            cov_site_inst_set_capacity(pl->inst, j, cj);
        }
    }
    if (s == COV_ERR_NOMEM) return cov_fail(ctx, s, "out of memory building the instance");
    return s;
}

/* Ranked choices with names and areas; per-area coverage before and after. */
static cov_status_t summarise(cov_site_plan_t *pl)
{
    const cov_site_result_t *r = &pl->res;
    pl->choices = cov_calloc_array(r->nchosen + 1, sizeof *pl->choices);
    pl->area_fx = cov_calloc_array(pl->nareas + 1, sizeof *pl->area_fx);
    if (!pl->choices || !pl->area_fx) return COV_ERR_NOMEM;
    double cum = r->covered_before;
    for (size_t k = 0; k < r->nchosen; k++) {
        size_t j = r->chosen[k];
        cov_site_choice_t *c = &pl->choices[k];
        c->rank = k + 1;
        c->source = pl->cand_source;
        c->facility_id = pl->cand.fid[j];
        c->name = pl->cand.name[j];
        size_t a = site_area_index(pl, pl->cand.area[j]);
        c->area_code = a == (size_t)-1 ? "" : pl->areas[a].code;
        c->area_name = a == (size_t)-1 ? "" : pl->areas[a].name;
        c->x = pl->cand.x[j], c->y = pl->cand.y[j];
        c->gain = r->gain[k];
        c->gain_cost = r->gain_cost[k];
        cum += isnan(r->gain[k]) ? 0 : r->gain[k];
        c->covered_cum = pl->o.solve.radius > 0 ? cum : NAN;
        if (a != (size_t)-1) pl->area_fx[a].new_sites++;
    }
    double rad = pl->o.solve.radius;
    for (size_t a = 0; a < pl->nareas; a++) {
        cov_site_area_t *f = &pl->area_fx[a];
        f->id = pl->areas[a].id;
        f->code = pl->areas[a].code;
        f->name = pl->areas[a].name;
    }
    for (size_t i = 0; i < pl->dem.n; i++) {
        size_t a = site_area_index(pl, pl->dem.area[i]);
        if (a == (size_t)-1) continue;
        cov_site_area_t *f = &pl->area_fx[a];
        double w = pl->dem.w[i];
        f->weight += w;
        if (rad > 0 && cov_site_inst_existing(pl->inst, i) <= rad) f->before += w;
        if (rad > 0 && r->cost_after[i] <= rad) f->after += w;
    }
    pl->narea_fx = pl->nareas;
    return COV_OK;
}

static cov_status_t make_params(cov_site_plan_t *pl, size_t nexist)
{
    const cov_site_opts_t *so = &pl->o.solve;
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(cov_site_model_name(so->model)));
    if (pl->o.scenario && strcmp(pl->o.scenario, COV_SCENARIO_BASE) != 0)
        json_object_set_new(o, "scenario", json_string(pl->o.scenario)); /* base keeps its key */
    json_object_set_new(o, "add", json_integer((json_int_t)so->p));
    json_object_set_new(o, "radius", json_real(so->radius));
    json_object_set_new(o, "candidates",
                        json_string(pl->o.candidates ? pl->o.candidates : "eldercare-unserved"));
    json_object_set_new(o, "demand", json_string(pl->o.demand ? pl->o.demand : "eldercare"));
    json_object_set_new(o, "new_role", json_string(pl->new_role));
    if (pl->geo) json_object_set_new(o, "distance", json_string("geodesic"));
    json_object_set_new(o, "clinic_kinds",
                        json_string(pl->o.clinic_kinds ? pl->o.clinic_kinds : "all"));
    json_object_set_new(o, "in_areas", pl->o.in_areas ? json_string(pl->o.in_areas) : json_null());
    json_object_set_new(o, "capacity", pl->o.capacity ? json_string(pl->o.capacity) : json_null());
    json_object_set_new(o, "method",
                        json_string(so->method == COV_SITE_EXACT       ? "exact"
                                    : so->method == COV_SITE_HEURISTIC ? "heuristic"
                                                                       : "auto"));
    json_object_set_new(o, "require_all", json_boolean(so->require_all));
    json_object_set_new(o, "existing", json_integer((json_int_t)nexist));
    if (pl->net) site_net_params(pl, o);
    pl->params_json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(o);
    if (!pl->params_json) return COV_ERR_NOMEM;
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)pl->params_json; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    snprintf(pl->hash, sizeof pl->hash, "%016llx", h);
    return COV_OK;
}

cov_status_t cov_site_plan_run(cov_ctx_t *ctx, cov_store_t *store, const cov_site_plan_opts_t *o,
                               cov_site_plan_t **out)
{
    *out = NULL;
    cov_site_plan_t *pl = calloc(1, sizeof *pl);
    if (!pl) return COV_ERR_NOMEM;
    pl->ctx = ctx, pl->store = store, pl->o = *o;
    const char *path = cov_store_path(store);
    const char *cs = o->candidates ? o->candidates : "eldercare-unserved";
    pl->cand_kind = strcmp(cs, "eldercare-unserved") == 0    ? SITE_CAND_ELDERCARE_UNSERVED
                    : strcmp(cs, "clinics-unpartnered") == 0 ? SITE_CAND_CLINICS_UNPARTNERED
                    : strncmp(cs, "grid:", 5) == 0           ? SITE_CAND_GRID
                                                             : SITE_CAND_FILE;
    pl->cand_arg = pl->cand_kind == SITE_CAND_GRID ? cs + 5 : cs;
    pl->new_role = o->new_role                                      ? o->new_role
                   : pl->cand_kind == SITE_CAND_CLINICS_UNPARTNERED ? "eldercare"
                                                                    : "health";
    pl->new_health = strcmp(pl->new_role, "health") == 0;
    bool demand_ok = cov_demand_source_parse(o->demand, &pl->demand);
    if (pl->demand == COV_DEMAND_DEFAULT) pl->demand = COV_DEMAND_ELDERCARE;
    site_points_t health = {0}, care = {0};
    cov_status_t s = COV_OK;
    bool cover = o->solve.model == COV_SITE_MCLP || o->solve.model == COV_SITE_LSCP;
    if (strcmp(pl->new_role, "health") != 0 && strcmp(pl->new_role, "eldercare") != 0)
        s = cov_fail(ctx, COV_ERR_USAGE, "--new '%s': use health or eldercare", pl->new_role);
    else if (!demand_ok)
        s = cov_fail(ctx, COV_ERR_USAGE,
                     "--demand '%s': use eldercare, eldercare-capacity, demand or areas",
                     o->demand);
    else if (cover && !(o->solve.radius > 0))
        s = cov_fail(ctx, COV_ERR_USAGE, "--radius must be a distance in metres > 0, not %g",
                     o->solve.radius);
    else if (!cov_store_srid(store))
        s = cov_fail(ctx, COV_ERR_EMPTY,
                     "%s: the project has no layers yet; import areas and facilities first", path);
    cov_distance_info_t di; /* planar only under 0.1% scale error; geodesic otherwise */
    if (!s) s = cov_project_distance(ctx, store, &di);
    if (!s && di.geodesic && !o->dist.network) { /* roads: edges measured geodesic */
        s = cov_geodist_create(ctx, cov_store_srs(store), &pl->geo);
        pl->geo_scale = di.max_scale * 1.001 + 1e-9;
    }
    /* A scenario's effective facilities shadow the imported ones while the run reads them. */
    if (!s) s = cov_scenario_attach(ctx, store, o->scenario);
    if (!s) s = site_net_open(pl);
    if (!s) s = check_kinds(pl);
    if (!s) s = load_areas(pl);
    if (!s) s = load_facilities(pl, "health", true, &health);
    if (!s) s = load_facilities(pl, "eldercare", false, &care);
    if (!s) s = load_demand(pl);
    if (!s) s = load_candidates(pl, &health, &care);
    if (!s) {
        const site_points_t *ex = pl->new_health ? &health : &care;
        for (size_t i = 0; !s && i < ex->n; i++)
            s = push(&pl->exist, ex->fid[i], ex->area[i], ex->x[i], ex->y[i], 1, NAN, "");
    }
    if (!s && !pl->dem.n)
        s = cov_fail(ctx, COV_ERR_EMPTY, "%s: no demand points (--demand %s)", path,
                     o->demand ? o->demand : "eldercare");
    if (!s && !pl->cand.n)
        s = cov_fail(ctx, COV_ERR_EMPTY,
                     "%s: no candidate sites (--candidates %s%s%s): every one already has a "
                     "facility in reach, or none lies in the chosen areas",
                     path, cs, o->in_areas ? " --in-areas " : "", o->in_areas ? o->in_areas : "");
    if (!s) s = build_instance(pl);
    if (!s) {
        cov_site_opts_t so = o->solve;
        so.demand_names = (const char *const *)pl->dem.name;
        s = cov_site_solve(ctx, pl->inst, &so, &pl->res);
    }
    if (!s) s = summarise(pl);
    if (!s) s = make_params(pl, pl->exist.n);
    if (!s) s = site_store(pl);
    cov_scenario_detach(store);
    if (s == COV_ERR_NOMEM && !*cov_ctx_errmsg(ctx)) cov_fail(ctx, s, "out of memory");
    points_free(&health);
    points_free(&care);
    if (s) {
        cov_site_plan_destroy(pl);
        return s;
    }
    *out = pl;
    return COV_OK;
}

void cov_site_plan_destroy(cov_site_plan_t *pl)
{
    if (!pl) return;
    cov_areas_free(pl->areas, pl->nareas);
    cov_geodist_destroy(pl->geo);
    free(pl->clinic_list);
    points_free(&pl->cand);
    points_free(&pl->dem);
    points_free(&pl->exist);
    cov_site_inst_destroy(pl->inst);
    cov_site_result_free(&pl->res);
    free(pl->choices);
    free(pl->area_fx);
    free(pl->params_json);
    site_net_close(pl);
    free(pl);
}

long long cov_site_plan_run_id(const cov_site_plan_t *pl) { return pl->run_id; }
bool cov_site_plan_replaced(const cov_site_plan_t *pl) { return pl->replaced; }
const char *cov_site_plan_params(const cov_site_plan_t *pl) { return pl->params_json; }
const char *cov_site_plan_unit(const cov_site_plan_t *pl)
{
    return pl->net ? site_net_unit(pl) : "m";
}
const cov_site_result_t *cov_site_plan_result(const cov_site_plan_t *pl) { return &pl->res; }
size_t cov_site_plan_ncandidates(const cov_site_plan_t *pl) { return pl->cand.n; }
size_t cov_site_plan_ndemand(const cov_site_plan_t *pl) { return pl->dem.n; }

bool cov_site_plan_geodesic(const cov_site_plan_t *pl) { return pl->geo != NULL; }

const cov_site_choice_t *cov_site_plan_choices(const cov_site_plan_t *pl, size_t *n)
{
    *n = pl->res.nchosen;
    return pl->choices;
}

const cov_site_area_t *cov_site_plan_areas(const cov_site_plan_t *pl, size_t *n)
{
    *n = pl->narea_fx;
    return pl->area_fx;
}
