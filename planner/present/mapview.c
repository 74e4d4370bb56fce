/* Map themes: turn a project's analysis results into a render/ map description. */
#include "planner/present/mapview.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/layers.h"
#include "planner/core/levels.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/core/summary.h"
#include "planner/present/mapview_private.h"
#include "planner/scenario/scenario.h"

const char *const cov_mapview_themes[] = {"coverage", "gaps", "access", "sites", "compare", NULL};

/* Class labels in Chinese for the class names presets use; others show as they are. */
static const char *class_label_zh(const char *cls)
{
    static const char *const map[][2] = {
        {"co-sited", "同址"},       {"adjoining", "毗邻（5分钟圈）"}, {"10-min", "10分钟生活圈"},
        {"15-min", "15分钟生活圈"}, {"village", "村卫生室服务半径"},  {"beyond", "超出服务半径"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], cls) == 0) return map[i][1];
    return cls;
}

static void free_run(run_info_t *r)
{
    for (size_t i = 0; i < r->nkinds; i++) free(r->clinic_kinds[i]);
    free(r->clinic_kinds);
}

/* Areas shaded by the share of their elder-care sites within the chosen radius (%). */
typedef struct map_area {
    char *code, *name;
    OGRGeometryH g;
    double within; /* sites within the shaded radius */
    long long n;   /* elder-care sites */
    bool known;    /* the area has coverage results */
} map_area_t;

/* A site of the run as the map draws it. */
typedef struct map_site {
    double x, y, dist, nx, ny;
    int rank;      /* 1-based class rank */
    bool has_link; /* a nearest clinic is known */
    long long area;
} map_site_t;

struct cov_mapview_cache {
    bool checked; /* cov_layers_check passed */
    map_area_t *areas;
    size_t nareas;
    long long areas_run; /* 0: none */
    map_site_t *sites;
    size_t nsites;
    long long sites_run;
    char level[32]; /* the level of groups (empty: none loaded) */
    cov_rollup_group_t *groups;
    size_t ngroups;
    cov_area_t *areas_env; /* every area with its envelope, for the groups */
    size_t nareas_env;
    char run_scenario[128]; /* the run of run (empty: none) */
    run_info_t run;
    double *clin_xy; /* the run's counted clinics, x y pairs */
    size_t nclin;
    long long clin_run;
};

static cov_status_t read_run(view_t *v)
{
    const char *scenario = v->o->scenario ? v->o->scenario : "base";
    long long id;
    cov_status_t s = cov_run_latest(v->ctx, v->store, COV_RUN_ANALYSIS, scenario, &id);
    if (s) return s;
    if (!id)
        return cov_fail(v->ctx, COV_ERR_EMPTY,
                        "%s: no analysis results for scenario '%s'; run: covplan analyze %s%s%s",
                        cov_store_path(v->store), scenario, cov_store_path(v->store),
                        v->o->scenario ? " --scenario " : "", v->o->scenario ? scenario : "");
    cov_query_t *st;
    if ((s = cov_query_open(v->ctx, v->store, COV_Q_ANALYSIS_RUN, &st))) return s;
    cov_query_bind_int(st, 1, id);
    bool row = cov_query_row(st, &s);
    v->run.id = id;
    const char *pj = !s && row ? cov_query_text(st, 4) : NULL;
    json_t *p = pj ? json_loads(pj, 0, NULL) : NULL;
    cov_query_close(st);
    if (s) return s;
    if (!p)
        return cov_fail(v->ctx, COV_ERR_DB,
                        "%s: table analysis_runs, row %lld, column params_json is not the "
                        "parameters covplan wrote; re-run covplan analyze",
                        cov_store_path(v->store), v->run.id);
    json_t *radii = json_object_get(p, "radii"), *classes = json_object_get(p, "classes");
    json_t *kinds = json_object_get(p, "clinic_kinds");
    const char *unit = json_string_value(json_object_get(p, "unit"));
    v->run.minutes = unit && strcmp(unit, "min") == 0;
    const char *metric = json_string_value(json_object_get(p, "metric"));
    const char *profile = json_string_value(json_object_get(p, "profile"));
    v->run.network = metric && strcmp(metric, "network") == 0;
    v->run.drive = profile && strcmp(profile, "drive") == 0;
    v->run.nradii = json_array_size(radii) < MAX_CLASSES ? json_array_size(radii) : MAX_CLASSES;
    for (size_t i = 0; i < v->run.nradii; i++)
        v->run.radii[i] = json_number_value(json_array_get(radii, i));
    for (size_t i = 0; i <= v->run.nradii; i++)
        snprintf(v->run.classes[i], sizeof v->run.classes[i], "%s",
                 json_string_value(json_array_get(classes, i))
                     ? json_string_value(json_array_get(classes, i))
                     : "?");
    v->run.nkinds = json_array_size(kinds);
    v->run.clinic_kinds = cov_calloc_array(v->run.nkinds, sizeof *v->run.clinic_kinds);
    for (size_t i = 0; i < v->run.nkinds && v->run.clinic_kinds; i++)
        v->run.clinic_kinds[i] = cov_strdup(json_string_value(json_array_get(kinds, i)));
    json_decref(p);
    if (!v->run.clinic_kinds) return COV_ERR_NOMEM;
    if (v->run.nradii == 0)
        return cov_fail(v->ctx, COV_ERR_DB, "analysis run %lld has no radii", v->run.id);
    return COV_OK;
}

static bool copy_run(run_info_t *to, const run_info_t *from)
{
    *to = *from;
    to->clinic_kinds = cov_calloc_array(from->nkinds, sizeof *to->clinic_kinds);
    if (!to->clinic_kinds) {
        to->nkinds = 0;
        return false;
    }
    for (size_t i = 0; i < from->nkinds; i++)
        if (!(to->clinic_kinds[i] = cov_strdup(from->clinic_kinds[i]))) {
            free_run(to);
            to->clinic_kinds = NULL, to->nkinds = 0;
            return false;
        }
    return true;
}

/* The scenario's latest run (read and checked once per cache) and the shaded radius. */
static cov_status_t load_run(view_t *v)
{
    cov_mapview_cache_t *c = v->o->cache;
    const char *scenario = v->o->scenario ? v->o->scenario : "base";
    cov_status_t s = COV_OK;
    if (c && c->run_scenario[0] && strcmp(c->run_scenario, scenario) == 0) {
        if (!copy_run(&v->run, &c->run)) return COV_ERR_NOMEM;
    } else {
        if ((s = read_run(v))) return s;
        if (c) {
            free_run(&c->run);
            c->run_scenario[0] = 0;
            if (!copy_run(&c->run, &v->run)) return COV_ERR_NOMEM;
            snprintf(c->run_scenario, sizeof c->run_scenario, "%s", scenario);
        }
    }
    v->circle_idx = (int)v->run.nradii - 1;
    if (v->o->circle > 0) {
        v->circle_idx = -1;
        for (size_t i = 0; i < v->run.nradii; i++)
            if (fabs(v->run.radii[i] - v->o->circle) < 1e-6) v->circle_idx = (int)i;
        if (v->circle_idx < 0) {
            char list[256] = "";
            size_t used = 0;
            for (size_t i = 0; i < v->run.nradii && used + 16 < sizeof list; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%g", i ? ", " : "",
                                         v->run.radii[i]);
            return cov_fail(v->ctx, COV_ERR_USAGE,
                            "--circle %g is not one of the analysis radii (%s m); pick one or "
                            "rerun covplan analyze with --radii",
                            v->o->circle, list);
        }
    }
    return COV_OK;
}

bool present_map_is_clinic_kind(const view_t *v, const char *kind)
{
    if (v->run.nkinds == 0) return true;
    for (size_t i = 0; i < v->run.nkinds; i++)
        if (kind && v->run.clinic_kinds[i] && strcmp(kind, v->run.clinic_kinds[i]) == 0)
            return true;
    return false;
}

/* The units of --level and every area (with envelopes): from the cache when it holds them.
 * *owned tells the caller to free them. */
static cov_status_t level_groups(view_t *v, cov_rollup_group_t **g, size_t *ng, cov_area_t **areas,
                                 size_t *na, bool *owned)
{
    cov_mapview_cache_t *c = v->o->cache;
    *owned = !c;
    if (c && c->groups && strcmp(c->level, v->o->level) == 0) {
        *g = c->groups, *ng = c->ngroups, *areas = c->areas_env, *na = c->nareas_env;
        return COV_OK;
    }
    *areas = NULL, *na = 0;
    cov_status_t s = cov_area_rollup_named(v->ctx, v->store, v->o->level, g, ng);
    if (!s) s = cov_areas_load(v->ctx, v->store, true, areas, na);
    if (s) {
        if (*areas) cov_areas_free(*areas, *na);
        return s;
    }
    if (!c) return COV_OK;
    cov_rollup_free(c->groups, c->ngroups);
    cov_areas_free(c->areas_env, c->nareas_env);
    c->groups = *g, c->ngroups = *ng, c->areas_env = *areas, c->nareas_env = *na;
    snprintf(c->level, sizeof c->level, "%s", v->o->level);
    return COV_OK;
}

/* The extent of the unit of --level whose code is --area (its areas' envelopes together);
 * *found false when no unit has that code. Sites are then not filtered by area. */
static cov_status_t unit_extent(view_t *v, bool *found)
{
    *found = false;
    cov_rollup_group_t *g;
    size_t ng, na;
    cov_area_t *areas;
    bool owned;
    cov_status_t s = level_groups(v, &g, &ng, &areas, &na, &owned);
    if (s) return s;
    for (size_t k = 0; !s && k < ng; k++) {
        if (strcmp(g[k].code, v->o->area) != 0) continue;
        double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        for (size_t m = 0; m < g[k].nareas; m++) {
            size_t at = cov_areas_find(areas, na, g[k].area_ids[m]);
            if (at == (size_t)-1) continue;
            e[0] = fmin(e[0], areas[at].env.MinX), e[1] = fmin(e[1], areas[at].env.MinY);
            e[2] = fmax(e[2], areas[at].env.MaxX), e[3] = fmax(e[3], areas[at].env.MaxY);
        }
        if (e[0] <= e[2]) {
            for (int i = 0; i < 4; i++) v->ext[i] = e[i];
            v->area_id = 0;
            v->zoom = true;
            *found = true;
        }
    }
    if (owned) {
        cov_areas_free(areas, na);
        cov_rollup_free(g, ng);
    }
    return s;
}

cov_status_t present_map_extents(view_t *v)
{
    cov_query_t *st;
    cov_status_t s = cov_query_open(v->ctx, v->store, COV_Q_AREAS_EXTENT, &st);
    if (s) return s;
    if (!cov_query_row(st, &s) || cov_query_int(st, 4) == 0) {
        cov_query_close(st);
        if (s) return s;
        return cov_fail(v->ctx, COV_ERR_EMPTY,
                        "%s: the project has no areas to map; import areas first",
                        cov_store_path(v->store));
    }
    for (int i = 0; i < 4; i++) v->all[i] = v->ext[i] = cov_query_num(st, i);
    bool chinese = cov_query_int(st, 5) > 0;
    cov_query_close(st);
    v->zh = v->o->lang ? strcmp(v->o->lang, "zh") == 0 : chinese;
    if (!v->o->area) return COV_OK;
    if ((s = cov_query_open(v->ctx, v->store, COV_Q_AREA_EXTENT, &st))) return s;
    cov_query_bind_text(st, 1, v->o->area);
    if (!cov_query_row(st, &s)) {
        cov_query_close(st);
        if (s) return s;
        bool unit = false; /* --level: the code of a unit, zoomed to its areas together */
        if (v->o->level && (s = unit_extent(v, &unit))) return s;
        if (unit) return COV_OK;
        return cov_fail(v->ctx, COV_ERR_NOT_FOUND,
                        "%s: no area with code '%s'; see the codes with: covplan info %s",
                        cov_store_path(v->store), v->o->area, cov_store_path(v->store));
    }
    v->area_id = cov_query_int(st, 0);
    v->zoom = true;
    for (int i = 0; i < 4; i++) v->ext[i] = cov_query_num(st, i + 1);
    cov_query_close(st);
    return COV_OK;
}

cov_mapview_cache_t *cov_mapview_cache_create(void)
{
    return calloc(1, sizeof(cov_mapview_cache_t));
}

static void free_map_areas(map_area_t *ma, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        OGR_G_DestroyGeometry(ma[i].g);
        free(ma[i].code);
        free(ma[i].name);
    }
    free(ma);
}

void cov_mapview_cache_destroy(cov_mapview_cache_t *c)
{
    if (!c) return;
    cov_rollup_free(c->groups, c->ngroups);
    cov_areas_free(c->areas_env, c->nareas_env);
    free_run(&c->run);
    free(c->clin_xy);
    free_map_areas(c->areas, c->nareas);
    free(c->sites);
    free(c);
}

/* The clinics the run counts, as x y pairs (from the cache when it holds them for the run).
 * *owned tells the caller to free *xy. */
static cov_status_t clinic_points(view_t *v, double **xy, size_t *n, bool *owned)
{
    cov_mapview_cache_t *c = v->o->cache;
    if (c && c->clin_xy && c->clin_run == v->run.id) {
        *xy = c->clin_xy, *n = c->nclin, *owned = false;
        return COV_OK;
    }
    cov_facility_t *f;
    size_t nf;
    cov_status_t s = cov_facilities_load(v->ctx, v->store, "health", &f, &nf);
    if (s) return s;
    double *p = cov_calloc_array(2 * nf + 2, sizeof *p);
    size_t k = 0;
    for (size_t i = 0; p && i < nf; i++)
        if (present_map_is_clinic_kind(v, f[i].kind)) p[2 * k] = f[i].x, p[2 * k + 1] = f[i].y, k++;
    cov_facilities_free(f, nf);
    if (!p) return cov_fail(v->ctx, COV_ERR_NOMEM, "out of memory");
    *xy = p, *n = k, *owned = !c;
    if (c) {
        free(c->clin_xy);
        c->clin_xy = p, c->nclin = k, c->clin_run = v->run.id;
    }
    return COV_OK;
}

static int cmp_map_area(const void *a, const void *b)
{
    return strcmp(((const map_area_t *)a)->code, ((const map_area_t *)b)->code);
}

/* The units of --level: their areas' polygons together, shaded by the share of all their
 * sites (summed counts, not an average of shares), labelled by the unit. */
static cov_status_t add_units(view_t *v, cov_layer_t *l, map_area_t *ma, size_t nma)
{
    cov_rollup_group_t *g;
    size_t ng, na;
    cov_area_t *areas;
    bool owned;
    cov_status_t s = level_groups(v, &g, &ng, &areas, &na, &owned);
    if (s) return s;
    qsort(ma, nma, sizeof *ma, cmp_map_area); /* already by code; bsearch needs it */
    for (size_t k = 0; !s && k < ng; k++) {
        OGRGeometryH shape = OGR_G_CreateGeometry(wkbMultiPolygon);
        double within = 0;
        long long n = 0;
        for (size_t i = 0; i < g[k].nareas; i++) {
            size_t at = cov_areas_find(areas, na, g[k].area_ids[i]);
            map_area_t key = {.code = at == (size_t)-1 ? "" : areas[at].code};
            map_area_t *a = bsearch(&key, ma, nma, sizeof *ma, cmp_map_area);
            if (!a) continue;
            for (int p = 0; p < OGR_G_GetGeometryCount(a->g); p++)
                OGR_G_AddGeometry(shape, OGR_G_GetGeometryRef(a->g, p));
            within += a->within;
            n += a->n;
        }
        cov_layer_add_polygon(l, shape, n > 0 ? 100.0 * within / (double)n : NAN,
                              g[k].name ? g[k].name : g[k].code);
        OGR_G_DestroyGeometry(shape);
    }
    if (owned) {
        cov_areas_free(areas, na);
        cov_rollup_free(g, ng);
    }
    return s;
}

/* The areas with their site counts in the run, by code (the caller frees them with
 * free_map_areas, unless it hands them to the cache). */
static cov_status_t load_map_areas(view_t *v, map_area_t **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    cov_query_t *st;
    cov_status_t s = cov_query_open(v->ctx, v->store, COV_Q_MAP_AREAS, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, v->run.id);
    map_area_t *ma = NULL;
    size_t nma = 0, cap = 0;
    while (cov_query_row(st, &s)) {
        map_area_t *p = cov_grow(ma, &cap, nma + 1, sizeof *p);
        if (!p) {
            s = cov_fail(v->ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        ma = p;
        map_area_t *a = &ma[nma];
        memset(a, 0, sizeof *a);
        if ((s = cov_query_geom(st, 0, cov_query_text(st, 2), &a->g))) break;
        nma++;
        a->code = cov_strdup(cov_query_text(st, 2) ? cov_query_text(st, 2) : "");
        a->name = cov_query_text(st, 1) ? cov_strdup(cov_query_text(st, 1)) : NULL;
        json_t *counts = cov_query_text(st, 3) ? json_loads(cov_query_text(st, 3), 0, NULL) : NULL;
        a->n = cov_query_int(st, 4);
        a->known = counts != NULL;
        for (int i = 0; counts && i <= v->circle_idx; i++)
            a->within += json_number_value(json_object_get(counts, v->run.classes[i]));
        json_decref(counts);
    }
    cov_query_close(st);
    if (s) {
        free_map_areas(ma, nma);
        return s;
    }
    *out = ma, *nout = nma;
    return COV_OK;
}

static cov_status_t add_areas(view_t *v, cov_map_t *m, bool shaded)
{
    char title[160];
    double r = v->run.radii[v->circle_idx];
    if (v->zh)
        snprintf(title, sizeof title, "%g%s内有医疗机构的养老设施比例（%%）", r,
                 v->run.minutes ? "分钟" : "米");
    else
        snprintf(title, sizeof title, "Elder-care sites with a clinic within %g %s (%%)", r,
                 v->run.minutes ? "min" : "m");
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POLYGON, shaded ? title : NULL);
    if (!l) return cov_map_status(m);
    if (shaded) {
        static const double breaks[] = {0, 50, 70, 90, 100};
        cov_layer_set_choropleth(l, COV_CLASSIFY_GIVEN, 4, COV_PALETTE_GREENS, breaks, 5);
        cov_layer_set_legend_format(l, 0, v->zh ? "无养老设施" : "no elder-care site");
    }
    cov_style_t style = {cov_color_hex(0xf4f1ea, 1), cov_color_hex(0x555555, 1), 0.8, 0};
    cov_layer_set_style(l, &style);
    cov_layer_set_label_style(l, 8.5, cov_color_hex(0x202020, 1));
    /* The areas in code order: polygon, sites within the radius, sites. */
    map_area_t *ma = NULL;
    size_t nma = 0;
    cov_mapview_cache_t *c = v->o->cache;
    cov_status_t s = COV_OK;
    if (c && c->areas_run == v->run.id) {
        ma = c->areas, nma = c->nareas;
    } else {
        s = load_map_areas(v, &ma, &nma);
        if (!s && c) {
            free_map_areas(c->areas, c->nareas);
            c->areas = ma, c->nareas = nma, c->areas_run = v->run.id;
        }
    }
    if (!s && v->o->level)
        s = add_units(v, l, ma, nma);
    else
        for (size_t i = 0; !s && i < nma; i++) {
            double share =
                ma[i].known && ma[i].n > 0 ? 100.0 * ma[i].within / (double)ma[i].n : NAN;
            cov_layer_add_polygon(l, ma[i].g, share, ma[i].name ? ma[i].name : ma[i].code);
        }
    if (!c) free_map_areas(ma, nma);
    return s ? s : cov_map_status(m);
}

static cov_status_t add_clinics(view_t *v, cov_map_t *m)
{
    double r = v->run.radii[v->circle_idx];
    if (v->o->service_areas) {
        cov_status_t s = present_map_service_areas(v, m);
        if (s) return s;
    } else if (v->o->circles) {
        char title[96];
        snprintf(title, sizeof title, v->zh ? "医疗机构%g米服务圈" : "%g m around clinics", r);
        cov_layer_t *c = cov_map_add_layer(m, COV_LAYER_CIRCLE, title);
        cov_style_t cs = {cov_color_hex(0x2166ac, 0.07), cov_color_hex(0x2166ac, 0.5), 0.5, 2};
        cov_layer_set_style(c, &cs);
        double *xy;
        size_t n;
        bool owned;
        cov_status_t s = clinic_points(v, &xy, &n, &owned);
        if (s) return s;
        for (size_t i = 0; i < n; i++) cov_layer_add_circle(c, xy[2 * i], xy[2 * i + 1], r);
        if (owned) free(xy);
    }
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POINT, v->zh ? "医疗机构" : "Clinics");
    cov_symbol_t sym = {COV_SHAPE_CROSS, 8, cov_color_hex(0x08519c, 1), cov_color_hex(0xffffff, 1),
                        0.6};
    cov_layer_add_category(l, v->zh ? "计入的医疗机构" : "Clinics counted", &sym);
    double *xy;
    size_t n;
    bool owned;
    cov_status_t s = clinic_points(v, &xy, &n, &owned);
    for (size_t i = 0; !s && i < n; i++)
        cov_layer_add_point(l, xy[2 * i], xy[2 * i + 1], 0, 0, NULL);
    if (!s && owned) free(xy);
    return s ? s : cov_map_status(m);
}

/* The run's elder-care sites (of one area, or all with area 0), by id. */
static cov_status_t load_map_sites(view_t *v, long long area, map_site_t **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    cov_query_t *st;
    cov_status_t s = cov_query_open(v->ctx, v->store, COV_Q_MAP_SITES, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, v->run.id);
    cov_query_bind_int(st, 2, area);
    map_site_t *rows = NULL;
    size_t n = 0, cap = 0;
    while (cov_query_row(st, &s)) {
        map_site_t *g = cov_grow(rows, &cap, n + 1, sizeof *g);
        if (!g) {
            s = cov_fail(v->ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        rows = g;
        map_site_t *p = &rows[n++];
        p->x = cov_query_num(st, 0), p->y = cov_query_num(st, 1);
        p->rank = (int)cov_query_int(st, 2);
        p->dist = cov_query_num(st, 3);
        p->has_link = !cov_query_null(st, 4);
        p->nx = p->has_link ? cov_query_num(st, 4) : 0;
        p->ny = p->has_link ? cov_query_num(st, 5) : 0;
        p->area = cov_query_int(st, 6);
    }
    cov_query_close(st);
    if (s) {
        free(rows);
        return s;
    }
    *out = rows, *nout = n;
    return COV_OK;
}

/* Elder-care sites coloured by class (coverage), or only the unserved ones with links to their
 * nearest clinic and the distance written on the link (gaps). */
static cov_status_t add_sites(view_t *v, cov_map_t *m, bool gaps)
{
    static const uint32_t colours[] = {0x1a9850, 0x91cf60, 0xd9ef8b, 0xfee08b, 0xfc8d59, 0xd73027};
    size_t ncls = v->run.nradii + 1, beyond = v->run.nradii;
    cov_layer_t *links = NULL;
    if (gaps) {
        links = cov_map_add_layer(m, COV_LAYER_LINE,
                                  v->zh ? "至最近医疗机构" : "To the nearest clinic");
        cov_style_t ls = {cov_color_hex(0, 0), cov_color_hex(0xb2182b, 0.9), 1.0, 3};
        cov_layer_set_style(links, &ls);
        cov_layer_set_label_style(links, 7, cov_color_hex(0xb2182b, 1));
    }
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POINT,
                                       v->zh ? "养老设施（至最近医疗机构）"
                                             : "Elder-care sites (to the nearest clinic)");
    for (size_t c = 0; c < ncls; c++) {
        if (gaps && c != beyond) continue;
        char label[96];
        const char *name = v->zh ? class_label_zh(v->run.classes[c]) : v->run.classes[c];
        if (c < v->run.nradii)
            snprintf(label, sizeof label, "%s ≤ %g %s", name, v->run.radii[c],
                     v->run.minutes ? "min" : "m");
        else
            snprintf(label, sizeof label, "%s > %g %s", name, v->run.radii[v->run.nradii - 1],
                     v->run.minutes ? "min" : "m");
        size_t col = c == beyond ? 5 : (c < 5 ? c : 4);
        cov_symbol_t sym = {COV_SHAPE_CIRCLE, gaps ? 7 : 5, cov_color_hex(colours[col], 1),
                            cov_color_hex(0x333333, 1), 0.4};
        cov_layer_add_category(l, label, &sym);
    }
    map_site_t *rows = NULL;
    size_t nrows = 0;
    cov_mapview_cache_t *cache = v->o->cache;
    cov_status_t s = COV_OK;
    if (cache && cache->sites_run == v->run.id) {
        rows = cache->sites, nrows = cache->nsites;
    } else {
        s = load_map_sites(v, cache ? 0 : v->area_id, &rows, &nrows);
        if (!s && cache) {
            free(cache->sites);
            cache->sites = rows, cache->nsites = nrows, cache->sites_run = v->run.id;
        }
    }
    for (size_t i = 0; !s && i < nrows; i++) {
        const map_site_t *p = &rows[i];
        if (v->area_id && p->area != v->area_id) continue;
        int rank = p->rank - 1; /* class_rank is 1-based */
        if (rank < 0 || (size_t)rank >= ncls) continue;
        if (!gaps) {
            cov_layer_add_point(l, p->x, p->y, rank, 0, NULL);
            continue;
        }
        if ((size_t)rank != beyond) continue;
        if (p->has_link) {
            char d[32];
            if (p->dist >= 1000)
                snprintf(d, sizeof d, "%.1f km", p->dist / 1000);
            else
                snprintf(d, sizeof d, "%.0f m", p->dist);
            cov_layer_add_line(links, p->x, p->y, p->nx, p->ny, d);
        }
        cov_layer_add_point(l, p->x, p->y, 0, 0, NULL);
    }
    if (!cache) free(rows);
    return s ? s : cov_map_status(m);
}

cov_status_t present_map_note(view_t *v, cov_map_t *m)
{
    char note[512];
    snprintf(note, sizeof note, "%s",
             v->zh ? "数据：项目数据库中导入的行政区与设施；covplan 计算"
                   : "Data: areas and facilities imported into the project; computed by covplan");
    cov_source_rec_t *src;
    size_t nsrc;
    cov_status_t s = cov_sources_load(v->ctx, v->store, &src, &nsrc);
    char paths[2048] = "", latest[32] = "";
    size_t used = 0;
    for (size_t i = 0; !s && i < nsrc; i++) { /* distinct paths in import order */
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) seen = strcmp(src[k].path, src[i].path) == 0;
        if (!seen && used + 2 < sizeof paths)
            used += (size_t)snprintf(paths + used, sizeof paths - used, "%s%s", used ? "," : "",
                                     src[i].path);
        if (src[i].imported_at && strcmp(src[i].imported_at, latest) > 0)
            snprintf(latest, sizeof latest, "%s", src[i].imported_at);
    }
    cov_sources_free(src, nsrc);
    if (s) return s;
    if (nsrc) {
        const char *base = strrchr(paths, '/');
        snprintf(note, sizeof note, "%s%s",
                 v->zh ? "数据来源：" : "Sources: ", base && !strchr(base, ',') ? base + 1 : paths);
        /* The PDF date is the project's latest import: the same project gives the same bytes. */
        if (latest[0]) cov_map_set_date(m, latest);
    }
    char crs[200], label[64];
    cov_store_crs_label(v->store, label, sizeof label);
    snprintf(crs, sizeof crs, "%s %s", label, OSRGetName(cov_store_srs(v->store)));
    cov_map_set_note(m, crs, note);
    return COV_OK;
}

/* Titles of the coverage and gaps themes. */
static cov_status_t titles(view_t *v, cov_map_t *m, bool gaps)
{
    char title[256], sub[256];
    const char *scenario = v->o->scenario ? v->o->scenario : "base";
    if (v->zh)
        snprintf(title, sizeof title, "%s",
                 gaps ? "医疗服务缺口：超出服务半径的养老设施"
                      : "养老设施与医疗机构的邻近性（医养结合）");
    else
        snprintf(title, sizeof title, "%s",
                 gaps ? "Gaps: elder-care sites beyond reach of a clinic"
                      : "Elder-care sites and their nearest clinic");
    char radii[128] = "";
    size_t used = 0;
    for (size_t i = 0; i < v->run.nradii && used + 12 < sizeof radii; i++)
        used += (size_t)snprintf(radii + used, sizeof radii - used, "%s%g", i ? "/" : "",
                                 v->run.radii[i]);
    char along[96];
    if (present_map_run_network(v, along, sizeof along))
        snprintf(sub, sizeof sub, v->zh ? "情景：%s；半径 %s %s" : "Scenario: %s; radii %s %s",
                 scenario, radii, along);
    else if (v->zh)
        snprintf(sub, sizeof sub, "情景：%s；半径 %s 米（直线距离）", scenario, radii);
    else
        snprintf(sub, sizeof sub, "Scenario: %s; radii %s m (straight line)", scenario, radii);
    cov_map_set_title(m, v->o->title ? v->o->title : title, v->o->subtitle ? v->o->subtitle : sub);
    return present_map_note(v, m);
}

cov_status_t cov_mapview_build(cov_ctx_t *ctx, cov_store_t *store, const cov_mapview_opts_t *opts,
                               cov_map_t **out)
{
    *out = NULL;
    static const cov_mapview_opts_t defaults = {0};
    view_t v = {.ctx = ctx, .store = store, .o = opts ? opts : &defaults};
    const char *theme = v.o->theme ? v.o->theme : "coverage";
    bool gaps = strcmp(theme, "gaps") == 0;
    bool known = false;
    for (size_t i = 0; cov_mapview_themes[i]; i++)
        known = known || strcmp(theme, cov_mapview_themes[i]) == 0;
    if (!known)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "unknown theme '%s'; themes: coverage, gaps, access, sites, compare",
                        theme);
    if (v.o->lang && strcmp(v.o->lang, "zh") != 0 && strcmp(v.o->lang, "en") != 0)
        return cov_fail(ctx, COV_ERR_USAGE, "--lang must be zh or en, not '%s'", v.o->lang);
    if (!cov_store_srid(store))
        return cov_fail(
            ctx, COV_ERR_EMPTY,
            "%s: the project is empty; import areas and facilities, then run covplan analyze",
            cov_store_path(store));
    cov_status_t s = COV_OK;
    if (!v.o->cache || !v.o->cache->checked) s = cov_layers_check(ctx, store, true);
    if (!s && v.o->cache) v.o->cache->checked = true;
    if (!s) s = present_map_extents(&v);
    cov_map_t *m = NULL;
    if (!s && (strcmp(theme, "access") == 0 || strcmp(theme, "sites") == 0)) {
        s = cov_map_create(ctx, &m);
        if (!s) {
            if (v.zoom) {
                cov_map_set_extent(m, v.ext[0], v.ext[1], v.ext[2], v.ext[3]);
                cov_map_set_inset(m, v.all[0], v.all[1], v.all[2], v.all[3]);
            } else {
                cov_map_set_extent(m, v.all[0], v.all[1], v.all[2], v.all[3]);
            }
            s = present_map_note(&v, m);
            /* The scenario's facilities (what it adds or closes) while the theme reads them. */
            if (!s) s = cov_scenario_attach(ctx, store, v.o->scenario);
            if (!s)
                s = strcmp(theme, "access") == 0 ? present_map_theme_access(&v, m)
                                                 : present_map_theme_sites(&v, m);
            cov_scenario_detach(store);
        }
        if (s) {
            cov_map_destroy(m);
            return s;
        }
        *out = m;
        return COV_OK;
    }
    if (!s) s = load_run(&v);
    if (!s && strcmp(theme, "compare") == 0) { /* mapview_compare.c */
        s = cov_map_create(ctx, &m);
        if (!s) {
            cov_map_set_extent(m, v.ext[0], v.ext[1], v.ext[2], v.ext[3]);
            if (v.zoom) cov_map_set_inset(m, v.all[0], v.all[1], v.all[2], v.all[3]);
            s = present_map_note(&v, m);
            if (!s) s = cov_mapview_compare(ctx, store, v.o, v.run.radii[v.circle_idx], v.zh, m);
        }
        free_run(&v.run);
        if (s) {
            cov_map_destroy(m);
            return s;
        }
        *out = m;
        return COV_OK;
    }
    /* A scenario's own facilities (planner/scenario.h) stand in for the imported ones. */
    if (!s) s = cov_scenario_attach(ctx, store, v.o->scenario);
    if (!s) s = cov_map_create(ctx, &m);
    if (!s) s = titles(&v, m, gaps);
    if (!s) {
        if (v.zoom) {
            cov_map_set_extent(m, v.ext[0], v.ext[1], v.ext[2], v.ext[3]);
            cov_map_set_inset(m, v.all[0], v.all[1], v.all[2], v.all[3]);
        } else {
            cov_map_set_extent(m, v.all[0], v.all[1], v.all[2], v.all[3]);
        }
        s = add_areas(&v, m, !gaps);
    }
    if (!s) s = add_clinics(&v, m);
    if (!s) s = add_sites(&v, m, gaps);
    cov_scenario_detach(store);
    free_run(&v.run);
    if (s) {
        cov_map_destroy(m);
        return s;
    }
    *out = m;
    return COV_OK;
}
