/* Map themes for accessibility (covplan access) and siting (covplan site) results. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/kdtree.h"
#include "planner/core/kinds.h"
#include "planner/core/layers.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/present/mapview_private.h"

cov_status_t present_map_areas_by_value(view_t *v, cov_map_t *m, const char *legend,
                                        cov_query_id_t query, long long run_id,
                                        cov_classify_method_t method, cov_palette_t pal,
                                        int decimals)
{
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POLYGON, legend);
    if (!l) return cov_map_status(m);
    if (method == COV_CLASSIFY_GIVEN) {
        static const double breaks[] = {0, 50, 70, 90, 100};
        cov_layer_set_choropleth(l, method, 4, pal, breaks, 5);
    } else {
        cov_layer_set_choropleth(l, method, 5, pal, NULL, 0);
    }
    cov_layer_set_legend_format(l, decimals, v->zh ? "无数据" : "no data");
    cov_style_t style = {cov_color_hex(0xf4f1ea, 1), cov_color_hex(0x555555, 1), 0.8, 0};
    cov_layer_set_style(l, &style);
    cov_layer_set_label_style(l, 8.5, cov_color_hex(0x202020, 1));
    cov_query_t *st;
    cov_status_t s = cov_query_open(v->ctx, v->store, query, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, run_id);
    while (cov_query_row(st, &s)) {
        OGRGeometryH g;
        if ((s = cov_query_geom(st, 0, cov_query_text(st, 2), &g))) break;
        double value = cov_query_null(st, 3) ? NAN : cov_query_num(st, 3);
        const char *name = cov_query_text(st, 1);
        cov_layer_add_polygon(l, g, value, name ? name : cov_query_text(st, 2));
        OGR_G_DestroyGeometry(g);
    }
    cov_query_close(st);
    return s ? s : cov_map_status(m);
}

/* The latest run of a kind for the map's scenario (the run registry), or a message naming the
 * command that makes it. */
static cov_status_t latest_run(view_t *v, cov_run_kind_t kind, const char *command, long long *id)
{
    const char *scenario = v->o->scenario ? v->o->scenario : "base";
    cov_status_t s = cov_run_latest(v->ctx, v->store, kind, scenario, id);
    if (s || *id) return s;
    bool base = strcmp(scenario, "base") == 0;
    return cov_fail(v->ctx, COV_ERR_EMPTY, "%s: no %s results%s%s yet; run: covplan %s %s%s%s",
                    cov_store_path(v->store), command, base ? "" : " for scenario ",
                    base ? "" : scenario, command, cov_store_path(v->store),
                    base ? "" : " --scenario ", base ? "" : scenario);
}

cov_status_t present_map_theme_access(view_t *v, cov_map_t *m)
{
    long long run;
    cov_status_t s = latest_run(v, COV_RUN_ACCESS, "access", &run);
    if (s) return s;
    cov_query_t *st;
    char method[32] = "", title[256], sub[256];
    double catchment = 0;
    if ((s = cov_query_open(v->ctx, v->store, COV_Q_ACCESS_RUN_TITLE, &st))) return s;
    cov_query_bind_int(st, 1, run);
    if (cov_query_row(st, &s)) {
        snprintf(method, sizeof method, "%s", cov_query_text(st, 0));
        catchment = cov_query_num(st, 1);
    }
    cov_query_close(st);
    if (s) return s;
    if (v->zh) {
        snprintf(title, sizeof title, "医疗可及性（%s，服务半径 %g 米）", method, catchment);
        snprintf(sub, sizeof sub, "每千名老年人可及的医疗机构数（按需求加权的区域平均）");
    } else {
        snprintf(title, sizeof title, "Access to clinics (%s, catchment %g m)", method, catchment);
        snprintf(sub, sizeof sub,
                 "Clinics within reach per 1000 elderly (demand-weighted mean per area)");
    }
    cov_map_set_title(m, v->o->title ? v->o->title : title, v->o->subtitle ? v->o->subtitle : sub);
    s = present_map_areas_by_value(
        v, m, v->zh ? "每千名老年人可及医疗机构" : "Clinics per 1000 elderly",
        COV_Q_MAP_AREAS_ACCESS, run, COV_CLASSIFY_QUANTILE, COV_PALETTE_YLGNBU, 2);
    if (s) return s;
    /* Demand locations with no clinic in reach, then the supply (clinics). */
    cov_layer_t *d = cov_map_add_layer(m, COV_LAYER_POINT, v->zh ? "需求点" : "Demand");
    cov_symbol_t none = {COV_SHAPE_CIRCLE, 5, cov_color_hex(0xd73027, 1),
                         cov_color_hex(0x333333, 1), 0.4};
    cov_layer_add_category(d, v->zh ? "服务半径内无医疗机构" : "No clinic within the catchment",
                           &none);
    if ((s = cov_query_open(v->ctx, v->store, COV_Q_ACCESS_NO_ACCESS, &st))) return s;
    cov_query_bind_int(st, 1, run);
    while (cov_query_row(st, &s))
        cov_layer_add_point(d, cov_query_num(st, 0), cov_query_num(st, 1), 0, 0, NULL);
    cov_query_close(st);
    if (s) return s;
    cov_layer_t *c =
        cov_map_add_layer(m, COV_LAYER_POINT, v->zh ? "医疗机构（供给）" : "Clinics (supply)");
    cov_symbol_t sym = {COV_SHAPE_CROSS, 8, cov_color_hex(0x08519c, 1), cov_color_hex(0xffffff, 1),
                        0.6};
    cov_layer_add_category(c, v->zh ? "计入的医疗机构" : "Clinics counted", &sym);
    if ((s = cov_query_open(v->ctx, v->store, COV_Q_ACCESS_SUPPLY_XY, &st))) return s;
    cov_query_bind_int(st, 1, run);
    while (cov_query_row(st, &s))
        cov_layer_add_point(c, cov_query_num(st, 0), cov_query_num(st, 1), 0, 0, NULL);
    cov_query_close(st);
    return s ? s : cov_map_status(m);
}

/* Points as two growing arrays (for the KD-tree). */
typedef struct xy {
    double *x, *y;
    size_t n, cap;
} xy_t;

static int push_xy(xy_t *p, double x, double y)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 64;
        double *nx = cov_realloc_array(p->x, nc, sizeof *nx);
        if (nx) p->x = nx;
        double *ny = cov_realloc_array(p->y, nc, sizeof *ny);
        if (ny) p->y = ny;
        if (!nx || !ny) return -1;
        p->cap = nc;
    }
    p->x[p->n] = x, p->y[p->n] = y, p->n++;
    return 0;
}

/* The health kinds a run counted (its clinic selection resolved by cov_kinds_select, the one
 * resolver), comma-joined into out; "" when every kind counts. */
static cov_status_t counted_kinds(view_t *v, const cov_kinds_t *vocab, const char *spec, char *out,
                                  size_t size)
{
    out[0] = '\0';
    if (!spec || !*spec || strcmp(spec, "all") == 0) return COV_OK;
    const char **chosen = cov_calloc_array(cov_kinds_count(vocab) + 1, sizeof *chosen);
    if (!chosen) return cov_fail(v->ctx, COV_ERR_NOMEM, "out of memory");
    size_t n = 0, used = 0;
    cov_status_t s = cov_kinds_select(v->ctx, vocab, spec, "clinic_kinds", chosen, &n);
    for (size_t i = 0; !s && i < n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "," : "", chosen[i]);
    free(chosen);
    return s;
}

static cov_status_t newly_covered(view_t *v, cov_layer_t *l, const char *demand, double r,
                                  const xy_t *exist, const xy_t *prop)
{
    bool points = strcmp(demand, "demand") == 0, sites = strncmp(demand, "eldercare", 9) == 0;
    if (!points && !sites) return COV_OK; /* areas as demand: the area shading shows the effect */
    cov_kdtree_t *te = NULL, *tp = NULL;
    cov_status_t s = cov_kdtree_build(exist->x, exist->y, exist->n, &te);
    if (!s) s = cov_kdtree_build(prop->x, prop->y, prop->n, &tp);
    cov_facility_t *f = NULL;
    cov_demand_point_t *d = NULL;
    size_t n = 0;
    if (!s)
        s = points ? cov_demand_load(v->ctx, v->store, &d, &n)
                   : cov_facilities_load(v->ctx, v->store, "eldercare", &f, &n);
    for (size_t i = 0; !s && i < n; i++) {
        double x = d ? d[i].x : f[i].x, y = d ? d[i].y : f[i].y;
        if (cov_kdtree_count_within(te, x, y, r) == 0 && cov_kdtree_count_within(tp, x, y, r) > 0)
            cov_layer_add_point(l, x, y, 0, 0, NULL);
    }
    cov_demand_free(d, d ? n : 0);
    cov_facilities_free(f, f ? n : 0);
    cov_kdtree_destroy(te);
    cov_kdtree_destroy(tp);
    return s;
}

cov_status_t present_map_theme_sites(view_t *v, cov_map_t *m)
{
    long long run;
    cov_status_t s = latest_run(v, COV_RUN_SITE, "site", &run);
    if (s) return s;
    cov_query_t *st;
    char model[32] = "", title[256], sub[256];
    double radius = 0, before = NAN, after = NAN;
    long long n = 0;
    char kinds[512] = "all"; /* the run's clinic kinds: all, primary, public, or a list */
    char demand[64] = "eldercare";
    bool planar = true, new_health = true;
    xy_t exist = {0}, prop = {0};
    cov_kinds_t *vocab = NULL;
    if ((s = cov_query_open(v->ctx, v->store, COV_Q_SITE_RUN_TITLE, &st))) return s;
    cov_query_bind_int(st, 1, run);
    if (cov_query_row(st, &s)) {
        snprintf(model, sizeof model, "%s", cov_query_text(st, 0));
        radius = cov_query_num(st, 1);
        before = cov_query_num(st, 2);
        after = cov_query_num(st, 3);
        n = cov_query_int(st, 4);
        json_t *p = json_loads(cov_query_text(st, 5), 0, NULL);
        const char *k = p ? json_string_value(json_object_get(p, "clinic_kinds")) : NULL;
        snprintf(kinds, sizeof kinds, "%s", k ? k : "all");
        const char *d = p ? json_string_value(json_object_get(p, "demand")) : NULL;
        const char *mt = p ? json_string_value(json_object_get(p, "metric")) : NULL;
        const char *nr = p ? json_string_value(json_object_get(p, "new_role")) : NULL;
        snprintf(demand, sizeof demand, "%s", d ? d : "eldercare");
        planar = !mt || strcmp(mt, "network") != 0;
        new_health = !nr || strcmp(nr, "health") == 0;
        json_decref(p);
    }
    cov_query_close(st);
    if (s) return s;
    char counted[1024];
    if ((s = cov_kinds_load(v->ctx, NULL, NULL, &vocab))) return s;
    if ((s = counted_kinds(v, vocab, kinds, counted, sizeof counted))) {
        cov_kinds_destroy(vocab);
        return s;
    }
    if (v->zh) {
        snprintf(title, sizeof title, "选址建议：新增 %lld 处（%s，%g 米）", n, model, radius);
        snprintf(sub, sizeof sub, "服务半径内需求比例：%.1f%% → %.1f%%", 100 * before, 100 * after);
    } else {
        snprintf(title, sizeof title, "Proposed sites: %lld new (%s, %g m)", n, model, radius);
        snprintf(sub, sizeof sub, "Demand within the radius: %.1f%% -> %.1f%%", 100 * before,
                 100 * after);
    }
    cov_map_set_title(m, v->o->title ? v->o->title : title, v->o->subtitle ? v->o->subtitle : sub);
    char legend[160];
    snprintf(legend, sizeof legend,
             v->zh ? "选址后 %g 米内的需求比例（%%）" : "Demand within %g m after siting (%%)",
             radius);
    s = present_map_areas_by_value(v, m, legend, COV_Q_MAP_AREAS_SITE, run, COV_CLASSIFY_GIVEN,
                                   COV_PALETTE_GREENS, 0);
    cov_layer_t *circ = s ? NULL : cov_map_add_layer(m, COV_LAYER_CIRCLE, NULL);
    cov_layer_t *ex =
        s ? NULL
          : cov_map_add_layer(m, COV_LAYER_POINT, v->zh ? "现有医疗机构" : "Existing clinics");
    /* Newly covered demand is drawn under the proposed sites (filled in below). */
    cov_layer_t *nl = NULL;
    if (!s && planar && new_health && radius > 0 && strcmp(demand, "areas") != 0) {
        nl = cov_map_add_layer(m, COV_LAYER_POINT, v->zh ? "需求点" : "Demand");
        cov_symbol_t sym = {COV_SHAPE_TRIANGLE, 7, cov_color_hex(0x1a9850, 1),
                            cov_color_hex(0x00441b, 1), 0.5};
        cov_layer_add_category(nl, v->zh ? "选址后新覆盖" : "Newly covered", &sym);
    }
    cov_layer_t *pr =
        s ? NULL : cov_map_add_layer(m, COV_LAYER_POINT, v->zh ? "建议新增" : "Proposed");
    if (!s) {
        cov_style_t cs = {cov_color_hex(0xd73027, 0.08), cov_color_hex(0xd73027, 0.6), 0.6, 2};
        cov_layer_set_style(circ, &cs);
        cov_symbol_t e = {COV_SHAPE_CROSS, 7, cov_color_hex(0x08519c, 1),
                          cov_color_hex(0xffffff, 1), 0.5};
        cov_layer_add_category(ex, v->zh ? "计入的现有医疗机构" : "Counted clinics", &e);
        cov_symbol_t p = {COV_SHAPE_DIAMOND, 11, cov_color_hex(0xd73027, 1),
                          cov_color_hex(0x000000, 1), 0.8};
        cov_layer_add_category(
            pr, v->zh ? "建议新增（按边际贡献排序）" : "Proposed (by marginal gain)", &p);
        cov_layer_set_label_style(pr, 8, cov_color_hex(0x67001f, 1));
    }
    if (!s) {
        cov_facility_t *f;
        size_t nf;
        s = cov_facilities_load(v->ctx, v->store, "health", &f, &nf);
        for (size_t i = 0; !s && i < nf; i++) {
            if (counted[0] && (!f[i].kind || !cov_comma_list_has(counted, f[i].kind))) continue;
            cov_layer_add_point(ex, f[i].x, f[i].y, 0, 0, NULL);
            if (push_xy(&exist, f[i].x, f[i].y)) s = COV_ERR_NOMEM;
        }
        cov_facilities_free(f, nf);
        if (!s) s = cov_query_open(v->ctx, v->store, COV_Q_SITE_CHOICES_XY, &st);
    }
    if (!s) {
        cov_query_bind_int(st, 1, run);
        while (cov_query_row(st, &s)) {
            char label[16];
            double x = cov_query_num(st, 0), y = cov_query_num(st, 1);
            snprintf(label, sizeof label, "%d", (int)cov_query_int(st, 2));
            if (radius > 0) cov_layer_add_circle(circ, x, y, radius);
            cov_layer_add_point(pr, x, y, 0, 0, label);
            if (push_xy(&prop, x, y)) s = COV_ERR_NOMEM;
        }
        cov_query_close(st);
    }
    /* Newly covered demand (straight-line runs that add clinics): demand points with no counted
     * clinic within the radius before, and a proposed site within it after. */
    if (!s && nl) s = newly_covered(v, nl, demand, radius, &exist, &prop);
    cov_kinds_destroy(vocab);
    free(exist.x), free(exist.y), free(prop.x), free(prop.y);
    return s ? s : cov_map_status(m);
}
