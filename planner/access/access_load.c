/* Loading an accessibility run: clinics as supply, the chosen demand source, the areas, and the
 * demand -> supply pairs (KD-tree range queries, or a cost file read with GDAL's CSV driver). */
#include <errno.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "geo/alloc.h"
#include "geo/geodist.h"
#include "geo/kdtree.h"
#include "planner/access/access_private.h"
#include "planner/core/kinds.h"

void access_points_free(access_points_t *p)
{
    if (p->code)
        for (size_t i = 0; i < p->n; i++) free(p->code[i]);
    free(p->id);
    free(p->area);
    free(p->code);
    free(p->x);
    free(p->y);
    free(p->w);
    free(p->defaulted);
    memset(p, 0, sizeof *p);
}

#define GROW(field)                                                                                \
    do {                                                                                           \
        void *g_ = cov_realloc_array(p->field, nc, sizeof *p->field);                              \
        if (!g_) return COV_ERR_NOMEM;                                                             \
        p->field = g_;                                                                             \
    } while (0)

static cov_status_t push(access_points_t *p, long long id, const char *code, long long area,
                         double x, double y, double w, bool defaulted)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 256;
        GROW(id);
        GROW(area);
        GROW(code);
        GROW(x);
        GROW(y);
        GROW(w);
        GROW(defaulted);
        p->cap = nc;
    }
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", id);
    p->code[p->n] = cov_strdup(code && *code ? code : idtext);
    if (!p->code[p->n]) return COV_ERR_NOMEM;
    p->id[p->n] = id;
    p->area[p->n] = area;
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->w[p->n] = w;
    p->defaulted[p->n++] = defaulted;
    return COV_OK;
}

/* Which health kinds are clinics (cov_kinds_select); the resolved list, sorted and comma-joined,
 * goes to out. */
static cov_status_t select_kinds(access_run_t *run, const cov_kinds_t *k, char *out, size_t size)
{
    const char **chosen = cov_calloc_array(cov_kinds_count(k) + 1, sizeof *chosen);
    if (!chosen) return COV_ERR_NOMEM;
    size_t n;
    cov_status_t s =
        cov_kinds_select(run->ctx, k, run->o->clinic_kinds, "--clinic-kinds", chosen, &n);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; !s && i < n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "," : "", chosen[i]);
    free(chosen);
    return s;
}

static cov_status_t load_supply(access_run_t *run, cov_access_summary_t *sum)
{
    cov_kinds_t *kinds;
    cov_status_t s = cov_kinds_load(run->ctx, run->o->data_dir, NULL, &kinds);
    if (s) return s;
    s = select_kinds(run, kinds, sum->clinic_kinds, sizeof sum->clinic_kinds);
    cov_kinds_destroy(kinds);
    if (s) return s;
    bool use_cap = run->supply_capacity;
    cov_facility_t *f;
    size_t nf;
    s = cov_facilities_load(run->ctx, run->store, "health", &f, &nf);
    for (size_t i = 0; !s && i < nf; i++) {
        if (!f[i].kind || !cov_comma_list_has(sum->clinic_kinds, f[i].kind)) continue;
        double cap = use_cap ? f[i].capacity : NAN;
        bool def = !(cap >= 0) || !isfinite(cap);
        s = push(&run->supply, f[i].id, f[i].code, f[i].area_id, f[i].x, f[i].y, def ? 1.0 : cap,
                 def);
        if (def && use_cap) sum->supply_defaulted++;
    }
    cov_facilities_free(f, nf);
    if (!run->supply.n && !s)
        return cov_fail(run->ctx, COV_ERR_EMPTY, "%s: no clinics of the kinds %s",
                        cov_store_path(run->store), sum->clinic_kinds);
    return s == COV_ERR_NOMEM ? cov_fail(run->ctx, s, "out of memory") : s;
}

/* Areas, and for the areas demand source one demand point per area: its elderly at a point on
 * the area's surface (inside the polygon, unlike a centroid). */
static cov_status_t load_areas(access_run_t *run, bool as_demand, cov_access_summary_t *sum)
{
    cov_status_t s = cov_areas_load(run->ctx, run->store, as_demand, &run->areas, &run->nareas);
    for (size_t i = 0; !s && as_demand && i < run->nareas; i++) {
        const access_area_t *a = &run->areas[i];
        if (!(a->elderly >= 0)) {
            cov_log(run->ctx, COV_LOG_WARN, "area %s has no elderly count; left out of the demand",
                    a->code);
            sum->demand_skipped++;
            continue;
        }
        OGRGeometryH pt = OGR_G_PointOnSurface(a->geom);
        if (!pt || OGR_G_IsEmpty(pt)) {
            OGR_G_DestroyGeometry(pt);
            return cov_fail(run->ctx, COV_ERR_GEOMETRY,
                            "%s: area %s: no point on its surface (an empty geometry)",
                            cov_store_path(run->store), a->code);
        }
        s = push(&run->demand, a->id, a->code, a->id, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0),
                 a->elderly, false);
        OGR_G_DestroyGeometry(pt);
        if (s) s = cov_fail(run->ctx, s, "out of memory");
    }
    return s;
}

/* One demand location with weight w (NaN: unknown); capacity_weight: an unknown weight counts
 * 1 and is flagged, otherwise the location is left out. */
static cov_status_t push_demand(access_run_t *run, long long id, const char *code, long long area,
                                double x, double y, double w, bool capacity_weight,
                                cov_access_summary_t *sum)
{
    bool def = false;
    if (capacity_weight && !(w >= 0)) {
        w = 1.0;
        def = true;
        sum->demand_defaulted++;
    }
    if (!(w >= 0)) {
        sum->demand_skipped++;
        return COV_OK;
    }
    return push(&run->demand, id, code, area, x, y, w, def);
}

/* The demand layer's points, or the elder-care sites weighted by capacity. */
static cov_status_t load_points(access_run_t *run, bool eldercare, cov_access_summary_t *sum)
{
    cov_status_t s;
    if (eldercare) {
        cov_facility_t *f;
        size_t n;
        s = cov_facilities_load(run->ctx, run->store, "eldercare", &f, &n);
        for (size_t i = 0; !s && i < n; i++)
            s = push_demand(run, f[i].id, f[i].code, f[i].area_id, f[i].x, f[i].y, f[i].capacity,
                            true, sum);
        cov_facilities_free(f, n);
    } else {
        cov_demand_point_t *d;
        size_t n;
        s = cov_demand_load(run->ctx, run->store, &d, &n);
        for (size_t i = 0; !s && i < n; i++)
            s = push_demand(run, d[i].id, d[i].code, d[i].area_id, d[i].x, d[i].y, d[i].weight,
                            false, sum);
        cov_demand_free(d, n);
    }
    return s == COV_ERR_NOMEM ? cov_fail(run->ctx, s, "out of memory") : s;
}

static cov_status_t load_demand(access_run_t *run, cov_access_summary_t *sum)
{
    cov_demand_source_t src = run->demand_src;
    cov_status_t s;
    if (src == COV_DEMAND_DEFAULT) { /* demand points when the project has them, else areas */
        long long nd = 0;
        if ((s = cov_demand_count(run->ctx, run->store, &nd))) return s;
        src = nd > 0 ? COV_DEMAND_POINTS : COV_DEMAND_AREAS;
    }
    switch (src) {
    case COV_DEMAND_AREAS:
        run->layer = "area";
        s = load_areas(run, true, sum);
        break;
    case COV_DEMAND_POINTS:
        run->layer = "demand";
        s = load_areas(run, false, sum);
        if (!s) s = load_points(run, false, sum);
        break;
    default: /* COV_DEMAND_ELDERCARE (check_opts refuses the rest) */
        run->layer = "eldercare";
        s = load_areas(run, false, sum);
        if (!s) s = load_points(run, true, sum);
        break;
    }
    snprintf(sum->demand_source, sizeof sum->demand_source, "%s", cov_demand_source_name(src));
    if (s) return s;
    if (!run->demand.n)
        return cov_fail(run->ctx, COV_ERR_EMPTY, "%s: no %s to use as demand",
                        cov_store_path(run->store),
                        src == COV_DEMAND_AREAS    ? "areas with an elderly count"
                        : src == COV_DEMAND_POINTS ? "demand points"
                                                   : "elder-care sites");
    return COV_OK;
}

/* Sorted codes for lookups; a repeated code is an error (cost rows could not tell the
 * locations apart). */
typedef struct code_ent {
    const char *code;
    size_t i;
} code_ent_t;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const code_ent_t *)a)->code, ((const code_ent_t *)b)->code);
}

static cov_status_t index_codes(access_run_t *run, const access_points_t *p, const char *what,
                                code_ent_t **out)
{
    code_ent_t *e = cov_calloc_array(p->n + 1, sizeof *e);
    if (!e) return cov_fail(run->ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < p->n; i++) e[i] = (code_ent_t){p->code[i], i};
    qsort(e, p->n, sizeof *e, cmp_code);
    *out = e;
    for (size_t i = 1; i < p->n; i++)
        if (!strcmp(e[i].code, e[i - 1].code))
            return cov_fail(run->ctx, COV_ERR_INPUT,
                            "two %s share the code '%s': cost rows cannot tell them apart", what,
                            e[i].code);
    return COV_OK;
}

static size_t find_code(const code_ent_t *e, size_t n, const char *code)
{
    code_ent_t key = {code, 0};
    const code_ent_t *f = bsearch(&key, e, n, sizeof *e, cmp_code);
    return f ? f->i : (size_t)-1;
}

static cov_status_t cost_fail(access_run_t *run, cov_status_t st, const char *msg, long long line)
{
    return cov_fail(run->ctx, st, "%s: line %lld: %s", run->o->costs, line, msg);
}

/* Read origin,destination,cost rows with GDAL's CSV driver. Origins are demand locations and
 * destinations clinics, named by code (or id when they have none); rows naming anything else
 * (another kind, another demand source) are skipped and counted. */
static cov_status_t read_costs(access_run_t *run, cov_access_summary_t *sum, size_t **oo,
                               size_t **dd, double **cc, size_t *nrows)
{
    const char *path = run->o->costs;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return cov_fail(run->ctx, COV_ERR_NOT_FOUND, "%s: no such cost file", path);
    const char *const drivers[] = {"CSV", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds)
        return cov_fail(run->ctx, COV_ERR_IO,
                        "%s: not a readable CSV file (origin,destination,cost)", path);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH def = layer ? OGR_L_GetLayerDefn(layer) : NULL;
    int fo = def ? OGR_FD_GetFieldIndex(def, "origin") : -1;
    int fd = def ? OGR_FD_GetFieldIndex(def, "destination") : -1;
    if (def && fd < 0) fd = OGR_FD_GetFieldIndex(def, "dest");
    int fc = def ? OGR_FD_GetFieldIndex(def, "cost") : -1;
    if (fo < 0 || fd < 0 || fc < 0) {
        GDALClose(ds);
        return cov_fail(run->ctx, COV_ERR_INPUT,
                        "%s: needs the columns origin, destination and cost (a header line)", path);
    }
    code_ent_t *dix = NULL, *six = NULL;
    cov_status_t s = index_codes(run, &run->demand, "demand locations", &dix);
    if (!s) s = index_codes(run, &run->supply, "clinics", &six);
    size_t cap = 0, n = 0;
    size_t *o = NULL, *d = NULL;
    double *c = NULL;
    OGRFeatureH f;
    long long line = 1;
    OGR_L_ResetReading(layer);
    while (!s && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        line++;
        sum->cost_rows++;
        const char *ct = OGR_F_IsFieldSetAndNotNull(f, fc) ? OGR_F_GetFieldAsString(f, fc) : "";
        char *end;
        errno = 0;
        double v = strtod(ct, &end);
        while (*end == ' ') end++;
        if (!*ct || *end || errno || !(v >= 0) || !isfinite(v)) {
            char msg[160];
            snprintf(msg, sizeof msg, "the cost '%.40s' is not a number >= 0", ct);
            s = cost_fail(run, COV_ERR_INPUT, msg, line);
            OGR_F_Destroy(f);
            break;
        }
        size_t i = find_code(dix, run->demand.n, OGR_F_GetFieldAsString(f, fo));
        size_t j = find_code(six, run->supply.n, OGR_F_GetFieldAsString(f, fd));
        OGR_F_Destroy(f);
        if (i == (size_t)-1 || j == (size_t)-1) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 1024;
            size_t *o2 = cov_realloc_array(o, nc, sizeof *o2);
            if (o2) o = o2;
            size_t *d2 = cov_realloc_array(d, nc, sizeof *d2);
            if (d2) d = d2;
            double *c2 = cov_realloc_array(c, nc, sizeof *c2);
            if (c2) c = c2;
            if (!o2 || !d2 || !c2) {
                s = cov_fail(run->ctx, COV_ERR_NOMEM, "out of memory");
                break;
            }
            cap = nc;
        }
        o[n] = i;
        d[n] = j;
        c[n++] = v;
    }
    GDALClose(ds);
    free(dix);
    free(six);
    sum->cost_rows_used = n;
    if (!s && !n)
        s = cov_fail(run->ctx, COV_ERR_INPUT,
                     "%s: no row names a demand location (origin) and a selected clinic "
                     "(destination) of this run by code",
                     path);
    if (s) {
        free(o);
        free(d);
        free(c);
        return s;
    }
    *oo = o;
    *dd = d;
    *cc = c;
    *nrows = n;
    return COV_OK;
}

/* Pairs within the catchment on the ellipsoid: the planar KD-tree finds every candidate
 * within r times the CRS's largest scale over the data (planar <= scale * geodesic), and the
 * geodesic distance decides and is the cost. */
static cov_status_t geodesic_pairs(access_run_t *run, const access_points_t *A,
                                   const access_points_t *B, double r, cov_access_pairs_t **out)
{
    cov_geodist_t *g = NULL;
    double *alon = cov_calloc_array(A->n + 1, sizeof *alon),
           *alat = cov_calloc_array(A->n + 1, sizeof *alat),
           *blon = cov_calloc_array(B->n + 1, sizeof *blon),
           *blat = cov_calloc_array(B->n + 1, sizeof *blat);
    cov_status_t s = alon && alat && blon && blat ? COV_OK : COV_ERR_NOMEM;
    if (!s) s = cov_geodist_create(run->ctx, cov_store_srs(run->store), &g);
    if (!s) s = cov_geodist_lonlat(run->ctx, g, A->n, A->x, A->y, alon, alat);
    if (!s) s = cov_geodist_lonlat(run->ctx, g, B->n, B->x, B->y, blon, blat);
    cov_kdtree_t *t = NULL;
    if (!s) s = cov_kdtree_build(B->x, B->y, B->n, &t);
    struct {
        size_t *o, *d, n, cap;
        double *c;
    } p = {0};
    cov_geodist_hits_t hits = {0};
    for (size_t i = 0; !s && i < A->n; i++) {
        s = cov_geodist_within(g, t, A->x[i], A->y[i], alon[i], alat[i], blon, blat, r,
                               run->geo_scale, &hits);
        if (!s && p.n + hits.n > p.cap) {
            size_t nc = 2 * (p.n + hits.n) + 1024;
            size_t *o = cov_realloc_array(p.o, nc, sizeof *o);
            if (o) p.o = o;
            size_t *d = cov_realloc_array(p.d, nc, sizeof *d);
            if (d) p.d = d;
            double *c = cov_realloc_array(p.c, nc, sizeof *c);
            if (c) p.c = c;
            if (!o || !d || !c) s = COV_ERR_NOMEM;
            p.cap = nc;
        }
        for (size_t k = 0; !s && k < hits.n; k++)
            p.o[p.n] = i, p.d[p.n] = hits.idx[k], p.c[p.n++] = hits.dist[k];
    }
    free(hits.idx), free(hits.dist);
    if (!s) s = cov_access_pairs_list(run->ctx, A->n, B->n, p.n, p.o, p.d, p.c, r, out);
    if (s == COV_ERR_NOMEM) s = cov_fail(run->ctx, s, "out of memory");
    cov_kdtree_destroy(t);
    cov_geodist_destroy(g);
    free(p.o), free(p.d), free(p.c);
    free(alon), free(alat), free(blon), free(blat);
    return s;
}

static cov_status_t make_pairs(access_run_t *run, cov_access_summary_t *sum)
{
    double r = run->o->catchment;
    const access_points_t *D = &run->demand, *S = &run->supply;
    if (access_net_on(run->o)) return access_net_pairs(run);
    if (!run->o->costs && run->geodesic) {
        cov_status_t s = geodesic_pairs(run, D, S, r, &run->ds);
        if (!s && run->params.method == COV_ACCESS_FCA) s = geodesic_pairs(run, D, D, r, &run->dd);
        return s;
    }
    if (!run->o->costs) {
        cov_status_t s =
            cov_access_pairs_planar(run->ctx, D->x, D->y, D->n, S->x, S->y, S->n, r, &run->ds);
        if (!s && run->params.method == COV_ACCESS_FCA)
            s = cov_access_pairs_planar(run->ctx, D->x, D->y, D->n, D->x, D->y, D->n, r, &run->dd);
        return s;
    }
    if (run->params.method == COV_ACCESS_FCA)
        return cov_fail(run->ctx, COV_ERR_USAGE,
                        "--method fca needs the demand in reach of each demand location, which a "
                        "cost file (demand -> clinic) does not give; use planar distances");
    size_t *o = NULL, *d = NULL, n = 0;
    double *c = NULL;
    cov_status_t s = read_costs(run, sum, &o, &d, &c, &n);
    if (s) return s;
    s = cov_access_pairs_list(run->ctx, D->n, S->n, n, o, d, c, r, &run->ds);
    if (s) {
        /* name the file in the message */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", cov_ctx_errmsg(run->ctx));
        s = cov_fail(run->ctx, s, "%s: %s (counting only rows of this run)", run->o->costs, msg);
    }
    free(o);
    free(d);
    free(c);
    return s;
}

cov_status_t access_load(access_run_t *run, cov_access_summary_t *sum)
{
    cov_status_t s = load_supply(run, sum);
    if (!s) s = load_demand(run, sum);
    if (!s) s = make_pairs(run, sum);
    return s;
}
