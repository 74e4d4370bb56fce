/* Comparing scenarios: the rows of indicators (overall, by elder-care kind, per area), one column
 * per scenario, differences from the first, and the targets table. */
#include "planner/results/compare.h"

#include "planner/core/layers.h"
#include "planner/core/levels.h"
#include "planner/core/runs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/results/export.h"
#include "planner/results/indicators.h"
#include "planner/scenario/scenario.h"

/* The indicator rows each scope gets (radius rows are expanded over the run's radii). */
static const char *const SCOPE_ROWS[] = {"clinics",
                                         "eldercare_sites",
                                         "site_share_within",
                                         "elderly_share_within",
                                         "median_distance",
                                         "unserved_sites",
                                         "clinics_per_1000_elderly",
                                         "capacity_per_1000_elderly",
                                         NULL};

/* Decimals per unit: the rounding of every value written. */
static int decimals(const char *unit)
{
    if (strcmp(unit, "%") == 0) return 2;
    if (strcmp(unit, "m") == 0) return 1;
    if (strcmp(unit, "count") == 0) return 0;
    return 3;
}

static json_t *num(double v, const char *unit)
{
    if (isnan(v)) return json_null();
    double p = pow(10, decimals(unit));
    double r = round(v * p) / p;
    return json_real(r == 0 ? 0 : r); /* no "-0" */
}

static json_t *row_new(const char *scope, const char *code, const char *name, const char *ind,
                       double radius, const char *kind)
{
    return json_pack("{s:s, s:s?, s:s?, s:s, s:o, s:s?, s:s}", "scope", scope, "area_code", code,
                     "area_name", name, "indicator", ind, "radius",
                     radius > 0 ? json_real(radius) : json_null(), "kind", kind, "unit",
                     cov_indicator_unit(ind));
}

static cov_status_t add_scope_rows(json_t *rows, const cov_run_ref_t *run, const char *scope,
                                   const char *code, const char *name)
{
    for (size_t i = 0; SCOPE_ROWS[i]; i++) {
        const char *ind = SCOPE_ROWS[i];
        if (cov_indicator_has_radius(ind)) {
            for (size_t j = 0; j < run->nradii; j++)
                json_array_append_new(rows, row_new(scope, code, name, ind, run->radii[j], NULL));
        } else {
            json_array_append_new(rows, row_new(scope, code, name, ind, 0, NULL));
        }
    }
    return COV_OK;
}

/* Elder-care kinds present in any compared scenario's effective set, sorted. */
static cov_status_t eldercare_kinds(cov_ctx_t *ctx, cov_store_t *store, const cov_compare_opts_t *o,
                                    json_t *kinds)
{
    for (size_t i = 0; i < o->n; i++) {
        cov_facset_t *set;
        cov_status_t s = cov_scenario_facilities(ctx, store, o->scenarios[i], &set);
        if (s) return s;
        for (size_t k = 0; k < cov_facset_count(set); k++) {
            const cov_facility_t *f = cov_facset_get(set, k);
            if (strcmp(f->role, "eldercare") == 0) json_object_set_new(kinds, f->kind, json_true());
        }
        cov_facset_destroy(set);
    }
    return COV_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_area_code(const void *a, const void *b)
{
    return strcmp(((const cov_area_t *)a)->code, ((const cov_area_t *)b)->code);
}

static cov_status_t build_rows(cov_ctx_t *ctx, cov_store_t *store, const cov_compare_opts_t *o,
                               const cov_run_ref_t *run, json_t *rows)
{
    if (o->targets_only) return COV_OK;
    add_scope_rows(rows, run, "total", NULL, NULL);
    json_t *kinds = json_object();
    cov_status_t s = eldercare_kinds(ctx, store, o, kinds);
    const char *key;
    json_t *v;
    size_t nk = json_object_size(kinds), i = 0;
    const char **names = cov_calloc_array(nk + 1, sizeof *names);
    if (!names) s = COV_ERR_NOMEM;
    if (!s) {
        json_object_foreach(kinds, key, v) names[i++] = key;
        qsort(names, nk, sizeof *names, cmp_str);
        for (i = 0; i < nk; i++) /* share by kind within every radius */
            for (size_t j = 0; j < run->nradii; j++)
                json_array_append_new(rows, row_new("total", NULL, NULL, "site_share_within",
                                                    run->radii[j], names[i]));
    }
    free(names);
    json_decref(kinds);
    if (s) return s;
    cov_area_t *areas;
    size_t na;
    if ((s = cov_areas_load(ctx, store, false, &areas, &na))) {
        cov_areas_free(areas, na);
        return s;
    }
    qsort(areas, na, sizeof *areas, cmp_area_code);
    if (!o->level)
        for (i = 0; i < na; i++) add_scope_rows(rows, run, "area", areas[i].code, areas[i].name);
    cov_areas_free(areas, na);
    if (o->level) { /* one block of rows per unit of the level */
        cov_rollup_group_t *g;
        size_t ng;
        if ((s = cov_area_rollup_named(ctx, store, o->level, &g, &ng))) return s;
        for (i = 0; i < ng; i++) add_scope_rows(rows, run, o->level, g[i].code, g[i].name);
        cov_rollup_free(g, ng);
    }
    return s;
}

/* A unit's indicator from its rolled-up row (cov_export_area_rows): summed counts, shares of
 * the summed counts and percentiles of its sites, as export --level writes them. */
static double unit_value(const json_t *u, const cov_ind_query_t *q, const cov_run_ref_t *run)
{
    const char *ind = q->indicator;
    double n = json_number_value(json_object_get(u, "n_eldercare"));
    if (!strcmp(ind, "clinics")) return json_number_value(json_object_get(u, "n_clinics"));
    if (!strcmp(ind, "eldercare_sites")) return n;
    if (!strcmp(ind, "unserved_sites")) return json_number_value(json_object_get(u, "n_unserved"));
    json_t *v = NULL;
    if (!strcmp(ind, "median_distance")) v = json_object_get(u, "dist_median");
    if (!strcmp(ind, "capacity_per_1000_elderly")) v = json_object_get(u, "capacity_per_1000");
    if (v) return json_is_number(v) ? json_number_value(v) : NAN;
    if (!strcmp(ind, "clinics_per_1000_elderly")) {
        double e = json_number_value(json_object_get(u, "elderly"));
        return e > 0 ? json_number_value(json_object_get(u, "n_clinics")) / e * 1000.0 : NAN;
    }
    size_t ridx = run->nradii;
    for (size_t j = 0; j < run->nradii; j++)
        if (fabs(run->radii[j] - q->radius) < 1e-9) ridx = j;
    if (ridx == run->nradii) return NAN;
    if (!strcmp(ind, "elderly_share_within")) {
        char key[64];
        snprintf(key, sizeof key, "elderly_share_%gm", run->radii[ridx]);
        json_t *sh = json_object_get(u, key);
        return json_is_number(sh) ? 100.0 * json_number_value(sh) : NAN;
    }
    /* site_share_within: the unit's sites in the classes up to this radius (columns sites_*,
     * in class order) over all its sites */
    double within = 0;
    size_t j = 0;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)u, key, val)
    {
        if (strncmp(key, "sites_", 6) != 0) continue;
        if (j++ <= ridx) within += json_number_value(val);
    }
    return n > 0 ? 100.0 * within / n : NAN;
}

static cov_ind_query_t query_of(const json_t *row, bool target)
{
    cov_ind_query_t q = {0};
    q.indicator = json_string_value(json_object_get(row, "indicator"));
    q.radius = json_number_value(json_object_get(row, "radius"));
    q.kind = json_string_value(json_object_get(row, "kind"));
    q.area = json_string_value(json_object_get(row, target ? "area" : "area_code"));
    return q;
}

static bool same_radii(const cov_run_ref_t *a, const cov_run_ref_t *b)
{
    if (a->nradii != b->nradii) return false;
    for (size_t i = 0; i < a->nradii; i++)
        if (a->radii[i] != b->radii[i]) return false;
    return true;
}

/* The targets to check: each scenario's own, then the extra ones on every scenario. */
static cov_status_t collect_targets(cov_ctx_t *ctx, cov_store_t *store, const cov_compare_opts_t *o,
                                    json_t *targets)
{
    for (size_t i = 0; i < o->n; i++) {
        json_t *spec;
        cov_status_t s = cov_scenario_spec(ctx, store, o->scenarios[i], &spec);
        if (s) return s;
        json_t *list[2] = {json_object_get(spec, "targets"), (json_t *)o->targets};
        for (int l = 0; l < 2; l++) {
            size_t k;
            json_t *t;
            json_array_foreach(list[l], k, t)
            {
                if ((s = cov_target_check(ctx, t, "targets"))) break;
                json_t *r = json_deep_copy(t);
                json_object_set_new(r, "scenario", json_string(o->scenarios[i]));
                json_array_append_new(targets, r);
            }
        }
        json_decref(spec);
        if (s) return s;
    }
    return COV_OK;
}

/* Fill column c (scenario c) of every row and the targets on scenario c (and, for c == 0, the
 * baseline value of every target). The scenario is attached while its values are read. */
static cov_status_t fill_column(cov_ctx_t *ctx, cov_store_t *store, const cov_compare_opts_t *o,
                                const cov_run_ref_t *run, size_t c, json_t *rows, json_t *targets)
{
    cov_status_t s = cov_scenario_attach(ctx, store, o->scenarios[c]);
    json_t *units = NULL, *by_code = json_object(); /* --level: this scenario's unit rows */
    if (!s && o->level) s = cov_export_area_rows(ctx, store, o->scenarios[c], o->level, &units);
    size_t i;
    json_t *row;
    json_array_foreach(units, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        if (code && strcmp(json_string_value(json_object_get(row, "scope")), "total") != 0)
            json_object_set(by_code, code, row);
    }
    json_array_foreach(rows, i, row)
    {
        if (s) break;
        cov_ind_query_t q = query_of(row, false);
        double v;
        const char *scope = json_string_value(json_object_get(row, "scope"));
        if (o->level && strcmp(scope, o->level) == 0) {
            json_t *u = json_object_get(by_code, q.area);
            v = u ? unit_value(u, &q, run) : NAN;
            v = isnan(v) ? v : round(v * 1e6) / 1e6;
            json_array_append_new(json_object_get(row, "values"),
                                  num(v, cov_indicator_unit(q.indicator)));
            continue;
        }
        if ((s = cov_indicator_value(ctx, store, run, &q, &v))) break;
        json_array_append_new(json_object_get(row, "values"),
                              num(v, cov_indicator_unit(q.indicator)));
    }
    json_array_foreach(targets, i, row)
    {
        if (s) break;
        cov_ind_query_t q = query_of(row, true);
        bool mine =
            strcmp(json_string_value(json_object_get(row, "scenario")), o->scenarios[c]) == 0;
        if (!mine && c != 0) continue;
        double v;
        if ((s = cov_indicator_value(ctx, store, run, &q, &v))) break;
        const char *unit = cov_indicator_unit(q.indicator);
        if (c == 0) json_object_set_new(row, "baseline", num(v, unit));
        if (!mine) continue;
        cov_target_op_t op;
        cov_target_op_parse(json_string_value(json_object_get(row, "op")), &op);
        json_object_set_new(row, "scenario_value", num(v, unit));
        json_object_set_new(row, "unit", json_string(unit));
        json_object_set_new(
            row, "met",
            json_boolean(cov_target_met(op, v, json_number_value(json_object_get(row, "value")))));
    }
    json_decref(units);
    json_decref(by_code);
    cov_scenario_detach(store);
    return s;
}

cov_status_t cov_compare_build(cov_ctx_t *ctx, cov_store_t *store, const cov_compare_opts_t *o,
                               json_t **out)
{
    *out = NULL;
    if (o->n < 1) return cov_fail(ctx, COV_ERR_USAGE, "compare needs at least one scenario");
    cov_run_ref_t *runs = cov_calloc_array(o->n, sizeof *runs);
    if (!runs) return COV_ERR_NOMEM;
    cov_status_t s = cov_layers_check(ctx, store, false);
    for (size_t i = 0; !s && i < o->n; i++) {
        bool exists;
        s = cov_scenario_exists(ctx, store, o->scenarios[i], &exists);
        if (!s && !exists)
            s = cov_fail(ctx, COV_ERR_NOT_FOUND,
                         "%s: scenario '%s' does not exist; see covplan scenario list %s",
                         cov_store_path(store), o->scenarios[i], cov_store_path(store));
        if (!s) s = cov_indicator_run(ctx, store, o->scenarios[i], &runs[i]);
        if (!s && !same_radii(&runs[0], &runs[i]))
            s = cov_fail(ctx, COV_ERR_USAGE,
                         "scenarios '%s' and '%s' were analysed with different radii; analyse "
                         "them with the same parameters",
                         o->scenarios[0], o->scenarios[i]);
    }
    json_t *doc = json_object(), *rows = json_array(), *targets = json_array(),
           *names = json_array(), *radii = json_array();
    for (size_t i = 0; i < o->n; i++) json_array_append_new(names, json_string(o->scenarios[i]));
    json_object_set_new(doc, "scenarios", names);
    json_object_set_new(doc, "radii", radii);
    json_object_set_new(doc, "rows", rows);
    json_object_set_new(doc, "targets", targets);
    if (!s) {
        for (size_t j = 0; j < runs[0].nradii; j++)
            json_array_append_new(radii, json_real(runs[0].radii[j]));
        s = build_rows(ctx, store, o, &runs[0], rows);
    }
    if (!s) s = collect_targets(ctx, store, o, targets);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) json_object_set_new(row, "values", json_array());
    for (size_t c = 0; !s && c < o->n; c++)
        s = fill_column(ctx, store, o, &runs[c], c, rows, targets);
    size_t met = 0, missed = 0;
    json_array_foreach(rows, i, row)
    {
        json_t *vals = json_object_get(row, "values"), *diffs = json_array();
        double a = json_number_value(json_array_get(vals, 0));
        bool a_null = json_is_null(json_array_get(vals, 0));
        for (size_t c = 0; c < json_array_size(vals); c++) {
            json_t *v = json_array_get(vals, c);
            json_array_append_new(diffs,
                                  c == 0 || a_null || json_is_null(v)
                                      ? json_null()
                                      : num(json_number_value(v) - a,
                                            json_string_value(json_object_get(row, "unit"))));
        }
        json_object_set_new(row, "diffs", diffs);
    }
    json_array_foreach(targets, i, row)
    {
        if (json_is_true(json_object_get(row, "met")))
            met++;
        else
            missed++;
    }
    json_object_set_new(doc, "targets_met", json_integer((json_int_t)met));
    json_object_set_new(doc, "targets_missed", json_integer((json_int_t)missed));
    free(runs);
    if (s) {
        json_decref(doc);
        return s;
    }
    *out = doc;
    return COV_OK;
}
