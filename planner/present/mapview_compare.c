/* Map theme "compare": areas shaded by the change in the share of elder-care sites with a clinic
 * within the chosen radius (scenario minus the one compared with, percentage points, diverging
 * palette), the scenario's clinics, and the facilities added or closed marked. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/layer_store.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/present/mapview.h"
#include "planner/results/indicators.h"
#include "planner/scenario/scenario.h"

/* Per-area share within radius r of one scenario's latest run, keyed by area code order. */
static cov_status_t shares(cov_ctx_t *ctx, cov_store_t *store, const char *scenario, double r,
                           double *out, size_t n)
{
    cov_run_ref_t run;
    cov_status_t s = cov_indicator_run(ctx, store, scenario, &run);
    if (!s) s = cov_scenario_attach(ctx, store, scenario);
    cov_query_t *st = NULL;
    if (!s) s = cov_query_open(ctx, store, COV_Q_AREAS_BY_CODE, &st);
    for (size_t i = 0; i < n && cov_query_row(st, &s); i++) {
        cov_ind_query_t q = {"site_share_within", r, NULL, cov_query_text(st, 1)};
        s = cov_indicator_value(ctx, store, &run, &q, &out[i]);
    }
    cov_query_close(st);
    cov_scenario_detach(store);
    return s;
}

static cov_status_t draw_areas(cov_ctx_t *ctx, cov_store_t *store, long long n, const double *a,
                               const double *b, double r, bool zh, cov_map_t *m);

static cov_status_t area_layer(cov_ctx_t *ctx, cov_store_t *store, const cov_mapview_opts_t *o,
                               const char *with, double r, bool zh, cov_map_t *m)
{
    long long n = 0;
    cov_status_t s = cov_layer_rows(ctx, store, COV_LAYER_AREAS, &n);
    if (s) return s;
    double *a = cov_calloc_array((size_t)n + 1, sizeof *a),
           *b = cov_calloc_array((size_t)n + 1, sizeof *b);
    s = a && b ? shares(ctx, store, with, r, a, (size_t)n) : COV_ERR_NOMEM;
    if (!s) s = shares(ctx, store, o->scenario, r, b, (size_t)n);
    if (!s) s = draw_areas(ctx, store, n, a, b, r, zh, m);
    free(a);
    free(b);
    return s;
}

static cov_status_t draw_areas(cov_ctx_t *ctx, cov_store_t *store, long long n, const double *a,
                               const double *b, double r, bool zh, cov_map_t *m)
{
    cov_status_t s;
    char title[200];
    if (zh)
        snprintf(title, sizeof title, "%g米内有医疗机构的养老设施比例变化（百分点）", r);
    else
        snprintf(title, sizeof title,
                 "Change in elder-care sites with a clinic within %g m (points)", r);
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POLYGON, title);
    if (!l) return cov_map_status(m);
    static const double breaks[] = {-100, -10, -5, -0.5, 0.5, 5, 10, 100};
    cov_layer_set_choropleth(l, COV_CLASSIFY_GIVEN, 7, COV_PALETTE_RDBU, breaks, 8);
    cov_layer_set_legend_format(l, 1, zh ? "无养老设施" : "no elder-care site");
    cov_style_t style = {cov_color_hex(0xf4f1ea, 1), cov_color_hex(0x555555, 1), 0.8, 0};
    cov_layer_set_style(l, &style);
    cov_layer_set_label_style(l, 8.5, cov_color_hex(0x202020, 1));
    cov_query_t *st;
    if ((s = cov_query_open(ctx, store, COV_Q_AREAS_BY_CODE, &st))) return s;
    for (long long i = 0; i < n && cov_query_row(st, &s); i++) {
        OGRGeometryH g;
        if ((s = cov_query_geom(st, 3, cov_query_text(st, 1), &g))) break;
        double d = isnan(a[i]) || isnan(b[i]) ? NAN : b[i] - a[i];
        const char *name = cov_query_text(st, 2);
        char label[200];
        if (isnan(d))
            snprintf(label, sizeof label, "%s", name ? name : "");
        else
            snprintf(label, sizeof label, "%s %+.1f", name ? name : "", d);
        cov_layer_add_polygon(l, g, d, label);
        OGR_G_DestroyGeometry(g);
    }
    cov_query_close(st);
    return s ? s : cov_map_status(m);
}

/* Clinics of the scenario, then what was added and closed relative to the other scenario. */
/* The clinic kinds the scenario's latest analysis counted, as ",k1,k2," ("" when all count). */
static cov_status_t counted_kinds(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                                  char *out, size_t n)
{
    out[0] = '\0';
    long long id;
    cov_status_t s = cov_run_latest(ctx, store, COV_RUN_ANALYSIS, scenario, &id);
    cov_query_t *st = NULL;
    if (!s && id) s = cov_query_open(ctx, store, COV_Q_ANALYSIS_RUN, &st);
    if (s || !id) return s;
    cov_query_bind_int(st, 1, id);
    if (cov_query_row(st, &s)) {
        const char *pj = cov_query_text(st, 4);
        json_t *p = pj ? json_loads(pj, 0, NULL) : NULL;
        json_t *kinds = json_object_get(p, "clinic_kinds");
        size_t used = 0, i;
        json_t *k;
        if (json_array_size(kinds)) used += (size_t)snprintf(out, n, ",");
        json_array_foreach(kinds, i, k) if (used < n) used +=
            (size_t)snprintf(out + used, n - used, "%s,", json_string_value(k));
        json_decref(p);
    }
    cov_query_close(st);
    return s;
}

static bool counted(const char *kinds, const char *kind)
{
    if (!kinds[0]) return true;
    char key[80];
    snprintf(key, sizeof key, ",%s,", kind ? kind : "");
    return strstr(kinds, key) != NULL;
}

static cov_status_t point_layers(cov_ctx_t *ctx, cov_store_t *store, const cov_mapview_opts_t *o,
                                 const char *with, bool zh, cov_map_t *m)
{
    char kinds[1024];
    cov_status_t s = counted_kinds(ctx, store, o->scenario ? o->scenario : COV_SCENARIO_BASE, kinds,
                                   sizeof kinds);
    if (s) return s;
    cov_facset_t *sa, *sb;
    if ((s = cov_scenario_facilities(ctx, store, with, &sa))) return s;
    if ((s = cov_scenario_facilities(ctx, store, o->scenario, &sb))) {
        cov_facset_destroy(sa);
        return s;
    }
    cov_layer_t *cl =
        cov_map_add_layer(m, COV_LAYER_POINT, zh ? "计入的医疗机构" : "Clinics counted");
    cov_symbol_t cs = {COV_SHAPE_CROSS, 6, cov_color_hex(0x6b6b6b, 1), cov_color_hex(0xffffff, 1),
                       0.5};
    cov_layer_add_category(cl, zh ? "医疗机构" : "Clinics", &cs);
    for (size_t i = 0; i < cov_facset_count(sb); i++) {
        const cov_facility_t *f = cov_facset_get(sb, i);
        if (strcmp(f->role, "health") == 0 && !f->added && counted(kinds, f->kind))
            cov_layer_add_point(cl, f->x, f->y, 0, 0, NULL);
    }
    cov_layer_t *ch =
        cov_map_add_layer(m, COV_LAYER_POINT, zh ? "情景变化" : "Changes in the scenario");
    const struct {
        const char *zh, *en;
        cov_symbol_t sym;
    } cats[] = {
        {"新增医疗机构",
         "Clinic added",
         {COV_SHAPE_SQUARE, 10, cov_color_hex(0x08519c, 1), cov_color_hex(0xffffff, 1), 1}},
        {"关闭医疗机构",
         "Clinic closed",
         {COV_SHAPE_SQUARE, 10, cov_color_hex(0xb2182b, 1), cov_color_hex(0xffffff, 1), 1}},
        {"新增养老设施",
         "Elder-care site added",
         {COV_SHAPE_TRIANGLE, 10, cov_color_hex(0x1a9850, 1), cov_color_hex(0xffffff, 1), 1}},
        {"关闭养老设施",
         "Elder-care site closed",
         {COV_SHAPE_TRIANGLE, 10, cov_color_hex(0xd73027, 1), cov_color_hex(0xffffff, 1), 1}},
    };
    for (int c = 0; c < 4; c++)
        cov_layer_add_category(ch, zh ? cats[c].zh : cats[c].en, &cats[c].sym);
    for (int pass = 0; pass < 2; pass++) { /* 0: in b not a (added); 1: in a not b (closed) */
        const cov_facset_t *x = pass ? sa : sb, *y = pass ? sb : sa;
        for (size_t i = 0; i < cov_facset_count(x); i++) {
            const cov_facility_t *f = cov_facset_get(x, i);
            if (cov_facset_find_code(y, f->code)) continue;
            int cat = (strcmp(f->role, "health") == 0 ? 0 : 2) + pass;
            cov_layer_add_point(ch, f->x, f->y, cat, 0, f->name);
        }
    }
    cov_facset_destroy(sa);
    cov_facset_destroy(sb);
    return cov_map_status(m);
}

cov_status_t cov_mapview_compare(cov_ctx_t *ctx, cov_store_t *store, const cov_mapview_opts_t *o,
                                 double radius, bool zh, cov_map_t *m)
{
    const char *with = o->compare_with ? o->compare_with : COV_SCENARIO_BASE;
    const char *sc = o->scenario ? o->scenario : COV_SCENARIO_BASE;
    char title[256], sub[256];
    if (zh) {
        snprintf(title, sizeof title, "情景比较：%s 相对于 %s", sc, with);
        snprintf(sub, sizeof sub, "%g米内有医疗机构的养老设施比例变化；方块：新增/关闭的医疗机构",
                 radius);
    } else {
        snprintf(title, sizeof title, "Scenario %s compared with %s", sc, with);
        snprintf(sub, sizeof sub,
                 "Change in the share of elder-care sites with a clinic within %g m", radius);
    }
    cov_map_set_title(m, o->title ? o->title : title, o->subtitle ? o->subtitle : sub);
    cov_status_t s = area_layer(ctx, store, o, with, radius, zh, m);
    if (!s) s = point_layers(ctx, store, o, with, zh, m);
    return s;
}
