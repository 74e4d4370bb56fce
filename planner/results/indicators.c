/* Plan indicators from a stored coverage run, and targets: parsing and the met/not-met rule. */
#include "planner/results/indicators.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/analyze/analyze.h"
#include "planner/core/json_keys.h"
#include "planner/core/layers.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"

const char *const cov_indicator_names[] = {
    "site_share_within",        "elderly_share_within",      "median_distance",
    "unserved_sites",           "eldercare_sites",           "clinics",
    "clinics_per_1000_elderly", "capacity_per_1000_elderly", NULL};

static const char *const UNITS[] = {
    "%", "%", "m", "count", "count", "count", "per 1000 elderly", "per 1000 elderly"};

static int index_of(const char *name)
{
    for (int i = 0; name && cov_indicator_names[i]; i++)
        if (strcmp(cov_indicator_names[i], name) == 0) return i;
    return -1;
}

bool cov_indicator_known(const char *name) { return index_of(name) >= 0; }

const char *cov_indicator_unit(const char *name)
{
    int i = index_of(name);
    return i < 0 ? "?" : UNITS[i];
}

bool cov_indicator_has_radius(const char *name)
{
    return name &&
           (strcmp(name, "site_share_within") == 0 || strcmp(name, "elderly_share_within") == 0);
}

bool cov_indicator_has_kind(const char *name)
{
    int i = index_of(name);
    return i == 0 || (i >= 2 && i <= 4);
}

cov_status_t cov_indicator_run(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                               cov_run_ref_t *out)
{
    memset(out, 0, sizeof *out);
    const char *path = cov_store_path(store);
    long long id;
    cov_status_t s = cov_run_latest(ctx, store, COV_RUN_ANALYSIS, scenario, &id);
    cov_query_t *st = NULL;
    bool found = false;
    if (!s && id) s = cov_query_open(ctx, store, COV_Q_ANALYSIS_RUN, &st);
    if (!s && id) {
        cov_query_bind_int(st, 1, id);
        found = cov_query_row(st, &s);
    }
    if (!s && found) {
        out->id = id;
        const char *pj = cov_query_text(st, 4);
        json_t *p = pj ? json_loads(pj, 0, NULL) : NULL;
        json_t *r = json_object_get(p, "radii");
        if (!p || !json_is_array(r))
            s = cov_fail(ctx, COV_ERR_DB,
                         "%s: table analysis_runs, row %lld, column params_json is not the "
                         "parameters covplan wrote; re-run: covplan analyze %s --scenario %s",
                         path, id, path, scenario);
        out->nradii = json_array_size(r) < 8 ? json_array_size(r) : 8;
        for (size_t i = 0; i < out->nradii; i++)
            out->radii[i] = json_number_value(json_array_get(r, i));
        json_decref(p);
        const char *h = cov_query_text(st, 2);
        snprintf(out->params_hash, sizeof out->params_hash, "%s", h ? h : "");
    }
    cov_query_close(st);
    if (s) return s;
    snprintf(out->scenario, sizeof out->scenario, "%s", scenario);
    if (!found || !out->nradii)
        return cov_fail(
            ctx, COV_ERR_EMPTY,
            "%s: no analysis results for scenario '%s'; run: covplan analyze %s --scenario %s",
            path, scenario, path, scenario);
    return COV_OK;
}

static double round6(double v) { return isnan(v) ? v : round(v * 1e6) / 1e6; }

/* Site-level indicators from site_coverage, filtered by kind and area. */
static cov_status_t site_value(cov_ctx_t *ctx, cov_store_t *store, const cov_run_ref_t *run,
                               const cov_ind_query_t *q, long long area, int which, double radius,
                               double *out)
{
    cov_query_t *st;
    cov_status_t s =
        cov_query_open(ctx, store, area ? COV_Q_INDICATOR_SITES_AREA : COV_Q_INDICATOR_SITES, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, run->id);
    cov_query_bind_text(st, 2, q->kind);
    if (area) cov_query_bind_int(st, 3, area);
    size_t n = 0, within = 0, beyond = 0, cap = 0;
    double *d = NULL;
    while (cov_query_row(st, &s)) {
        double dist = cov_query_null(st, 0) ? INFINITY : cov_query_num(st, 0);
        if (dist <= radius) within++;
        if ((size_t)cov_query_int(st, 1) == run->nradii + 1) beyond++;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            double *g = cov_realloc_array(d, cap, sizeof *g);
            if (!g) {
                s = COV_ERR_NOMEM;
                break;
            }
            d = g;
        }
        d[n++] = dist;
    }
    cov_query_close(st);
    if (!s) {
        switch (which) {
        case 0: *out = n ? 100.0 * (double)within / (double)n : NAN; break;
        case 2: *out = cov_percentile_nearest_rank(d, n, 50); break;
        case 3: *out = (double)beyond; break;
        default: *out = (double)n; break;
        }
    }
    free(d);
    return s;
}

/* Area-level indicators from area_coverage (the area, or the study-area total). */
static cov_status_t area_value(cov_ctx_t *ctx, cov_store_t *store, const cov_run_ref_t *run,
                               long long area, int which, size_t ridx, double *out)
{
    cov_query_t *st;
    cov_status_t s = cov_query_open(ctx, store, COV_Q_INDICATOR_AREA, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, run->id);
    cov_query_bind_int(st, 2, area);
    *out = NAN;
    if (cov_query_row(st, &s)) {
        if (which == 1) {
            const char *t = cov_query_text(st, 0);
            json_t *a = t ? json_loads(t, 0, NULL) : NULL;
            json_t *v = json_array_get(a, ridx);
            *out = json_is_number(v) ? 100.0 * json_number_value(v) : NAN;
            json_decref(a);
        } else if (which == 5) {
            *out = (double)cov_query_int(st, 1);
        } else if (which == 6) {
            double e = cov_query_num(st, 2);
            *out = e > 0 ? (double)cov_query_int(st, 1) / e * 1000.0 : NAN;
        } else {
            *out = cov_query_num(st, 3);
        }
    }
    cov_query_close(st);
    return s;
}

cov_status_t cov_indicator_value(cov_ctx_t *ctx, cov_store_t *store, const cov_run_ref_t *run,
                                 const cov_ind_query_t *q, double *out)
{
    *out = NAN;
    int which = index_of(q->indicator);
    if (which < 0)
        return cov_fail(ctx, COV_ERR_USAGE, "unknown indicator '%s'; see docs/scenarios.md",
                        q->indicator);
    long long n = 0; /* the area's id, 0 for the whole study area */
    if (q->area) {
        cov_status_t s = cov_area_id_of(ctx, store, q->area, &n);
        if (s) return s;
        if (!n)
            return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: indicator %s: no area with code '%s'",
                            cov_store_path(store), q->indicator, q->area);
    }
    double radius = q->radius > 0 ? q->radius : run->radii[run->nradii - 1];
    size_t ridx = run->nradii - 1;
    if (which == 1) {
        ridx = (size_t)-1;
        for (size_t i = 0; i < run->nradii; i++)
            if (fabs(run->radii[i] - radius) < 1e-9) ridx = i;
        if (ridx == (size_t)-1)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "indicator elderly_share_within: %g m is not one of the analysis "
                            "radii of scenario '%s'; add it to the radii",
                            radius, run->scenario);
    }
    cov_status_t s = (which == 1 || which >= 5)
                         ? area_value(ctx, store, run, n, which, ridx, out)
                         : site_value(ctx, store, run, q, n, which, radius, out);
    *out = round6(*out);
    return s;
}

bool cov_target_op_parse(const char *text, cov_target_op_t *out)
{
    static const char *const ops[] = {">=", ">", "<=", "<"};
    for (int i = 0; text && i < 4; i++)
        if (strcmp(text, ops[i]) == 0) {
            *out = (cov_target_op_t)i;
            return true;
        }
    return false;
}

const char *cov_target_op_str(cov_target_op_t op)
{
    static const char *const ops[] = {">=", ">", "<=", "<"};
    return (unsigned)op < 4 ? ops[op] : "?";
}

bool cov_target_met(cov_target_op_t op, double value, double target)
{
    if (isnan(value) || isnan(target)) return false;
    switch (op) {
    case COV_OP_GE: return value >= target;
    case COV_OP_GT: return value > target;
    case COV_OP_LE: return value <= target;
    case COV_OP_LT: return value < target;
    }
    return false;
}

cov_status_t cov_target_check(cov_ctx_t *ctx, const json_t *t, const char *where)
{
    static const char *const keys[] = {"indicator", "op",   "value", "year", "radius",
                                       "kind",      "area", "label", NULL};
    if (!json_is_object(t))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: a target must be an object", where);
    cov_status_t s = cov_json_keys_check(ctx, t, keys, where);
    if (s) return s;
    const char *ind = json_string_value(json_object_get(t, "indicator"));
    if (!ind) return cov_fail(ctx, COV_ERR_INPUT, "%s: 'indicator' is missing", where);
    if (!cov_indicator_known(ind)) {
        char list[512] = "";
        size_t used = 0;
        for (size_t i = 0; cov_indicator_names[i]; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     cov_indicator_names[i]);
        return cov_fail(ctx, COV_ERR_INPUT, "%s: unknown indicator '%s'; indicators: %s", where,
                        ind, list);
    }
    cov_target_op_t op;
    if (!cov_target_op_parse(json_string_value(json_object_get(t, "op")), &op))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'op' must be one of >=, >, <=, <", where);
    if (!json_is_number(json_object_get(t, "value")))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'value' must be a number (shares in %%, e.g. 90)",
                        where);
    json_t *y = json_object_get(t, "year"), *r = json_object_get(t, "radius");
    if (y && !json_is_integer(y))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'year' must be a whole number", where);
    if (r && (!json_is_number(r) || !(json_number_value(r) > 0)))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'radius' must be a positive number of metres",
                        where);
    if (r && !cov_indicator_has_radius(ind))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: indicator %s takes no radius", where, ind);
    json_t *k = json_object_get(t, "kind");
    if (k && (!json_is_string(k) || !cov_indicator_has_kind(ind)))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: indicator %s takes no kind filter", where, ind);
    json_t *a = json_object_get(t, "area"), *l = json_object_get(t, "label");
    if ((a && !json_is_string(a)) || (l && !json_is_string(l)))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'area' and 'label' must be strings", where);
    return COV_OK;
}
