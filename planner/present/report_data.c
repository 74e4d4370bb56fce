/* Reading what the report shows: the analysis run, its area indicators, and targets. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/levels.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/present/report_private.h"
#include "planner/results/compare.h"
#include "planner/results/export.h"

void present_report_run_free(present_report_run_t *run)
{
    for (size_t i = 0; run->areas && i < run->nareas; i++) free(run->areas[i].members);
    free(run->areas);
    run->areas = NULL;
    run->nareas = 0;
}

static void copy_text(char *dst, size_t n, cov_query_t *st, int col)
{
    const char *s = cov_query_text(st, col);
    snprintf(dst, n, "%s", s ? s : "");
}

/* The scenarios that have results, for the message about an unknown one. */
static cov_status_t scenario_list(present_report_t *rp, char *buf, size_t n)
{
    buf[0] = 0;
    cov_query_t *st;
    cov_status_t s = cov_query_open(rp->ctx, rp->store, COV_Q_ANALYSIS_SCENARIOS, &st);
    if (s) return s;
    size_t used = 0;
    while (cov_query_row(st, &s) && used + 70 < n)
        used +=
            (size_t)snprintf(buf + used, n - used, "%s%s", used ? ", " : "", cov_query_text(st, 0));
    cov_query_close(st);
    return s;
}

static cov_status_t parse_params(present_report_t *rp, present_report_run_t *run, const char *text)
{
    json_t *p = text ? json_loads(text, 0, NULL) : NULL;
    if (!p)
        return cov_fail(rp->ctx, COV_ERR_DB, "analysis run %lld: unreadable parameters", run->id);
    json_t *radii = json_object_get(p, "radii"), *classes = json_object_get(p, "classes");
    json_t *kinds = json_object_get(p, "clinic_kinds");
    run->nradii = json_array_size(radii) < COV_MAX_RADII ? json_array_size(radii) : COV_MAX_RADII;
    for (size_t i = 0; i < run->nradii; i++)
        run->radii[i] = json_number_value(json_array_get(radii, i));
    for (size_t i = 0; i <= run->nradii; i++) {
        const char *c = json_string_value(json_array_get(classes, i));
        snprintf(run->classes[i], sizeof run->classes[i], "%s", c ? c : "?");
    }
    const char *preset = json_string_value(json_object_get(p, "preset"));
    const char *dist = json_string_value(json_object_get(p, "distance"));
    snprintf(run->preset, sizeof run->preset, "%s", preset ? preset : "?");
    snprintf(run->distance, sizeof run->distance, "%s", dist ? dist : "planar");
    run->k = json_integer_value(json_object_get(p, "k"));
    size_t used = 0;
    run->clinic_kinds[0] = 0;
    for (size_t i = 0; i < json_array_size(kinds) && used + 40 < sizeof run->clinic_kinds; i++)
        used += (size_t)snprintf(run->clinic_kinds + used, sizeof run->clinic_kinds - used, "%s%s",
                                 i ? "," : "", json_string_value(json_array_get(kinds, i)));
    json_decref(p);
    if (run->nradii == 0)
        return cov_fail(rp->ctx, COV_ERR_DB, "analysis run %lld has no radii", run->id);
    return COV_OK;
}

static void parse_area(present_report_run_t *run, present_report_area_t *a, cov_query_t *st)
{
    a->id = cov_query_int(st, 0);
    copy_text(a->code, sizeof a->code, st, 1);
    copy_text(a->name, sizeof a->name, st, 2);
    a->population = cov_query_num(st, 3);
    a->elderly = cov_query_num(st, 4);
    a->nclinics = cov_query_int(st, 5);
    a->nsites = cov_query_int(st, 6);
    json_t *counts = json_loads(cov_query_text(st, 7) ? cov_query_text(st, 7) : "{}", 0, NULL);
    for (size_t i = 0; i <= run->nradii; i++)
        a->class_count[i] = (long long)json_number_value(json_object_get(counts, run->classes[i]));
    json_decref(counts);
    json_t *share = cov_query_text(st, 8) ? json_loads(cov_query_text(st, 8), 0, NULL) : NULL;
    for (size_t i = 0; i < run->nradii; i++) {
        json_t *v = json_array_get(share, i);
        a->elderly_share[i] = json_is_number(v) ? json_number_value(v) : NAN;
    }
    json_decref(share);
    a->median = cov_query_num(st, 9);
    a->p90 = cov_query_num(st, 10);
    a->max = cov_query_num(st, 11);
    a->nunserved = cov_query_int(st, 12);
}

static double jnum(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* --level: the run's areas replaced by the units of the level, rolled up as export --level
 * does (their members kept for the site tables). */
static cov_status_t load_units(present_report_t *rp, present_report_run_t *run)
{
    json_t *rows = NULL;
    cov_rollup_group_t *g = NULL;
    size_t ng = 0;
    cov_status_t s = cov_export_area_rows(rp->ctx, rp->store, run->scenario, rp->o->level, &rows);
    if (!s) s = cov_area_rollup_named(rp->ctx, rp->store, rp->o->level, &g, &ng);
    present_report_area_t *units = s ? NULL : cov_calloc_array(ng + 1, sizeof *units);
    if (!s && !units) s = cov_fail(rp->ctx, COV_ERR_NOMEM, "out of memory");
    size_t nu = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (s) break;
        const char *code = json_string_value(json_object_get(r, "code"));
        if (!code || strcmp(json_string_value(json_object_get(r, "scope")), "total") == 0) continue;
        present_report_area_t *a = &units[nu];
        memset(a, 0, sizeof *a);
        snprintf(a->code, sizeof a->code, "%s", code);
        const char *name = json_string_value(json_object_get(r, "name"));
        snprintf(a->name, sizeof a->name, "%s", name ? name : code);
        a->population = jnum(r, "population");
        a->elderly = jnum(r, "elderly");
        a->nclinics = (long long)json_integer_value(json_object_get(r, "n_clinics"));
        a->nsites = (long long)json_integer_value(json_object_get(r, "n_eldercare"));
        a->nunserved = (long long)json_integer_value(json_object_get(r, "n_unserved"));
        char key[96];
        for (size_t c = 0; c <= run->nradii; c++) {
            snprintf(key, sizeof key, "sites_%s", run->classes[c]);
            a->class_count[c] = (long long)json_integer_value(json_object_get(r, key));
        }
        for (size_t c = 0; c < run->nradii; c++) {
            snprintf(key, sizeof key, "elderly_share_%gm", run->radii[c]);
            a->elderly_share[c] = jnum(r, key);
        }
        a->median = jnum(r, "dist_median");
        a->p90 = jnum(r, "dist_p90");
        a->max = jnum(r, "dist_max");
        for (size_t k = 0; k < ng; k++)
            if (strcmp(g[k].code, code) == 0) {
                a->members = g[k].area_ids; /* taken over */
                a->nmembers = g[k].nareas;
                g[k].area_ids = NULL;
                g[k].nareas = 0;
            }
        nu++;
    }
    json_decref(rows);
    cov_rollup_free(g, ng);
    if (s) {
        for (size_t k = 0; units && k < nu; k++) free(units[k].members);
        free(units);
        return s;
    }
    free(run->areas);
    run->areas = units;
    run->nareas = nu;
    return COV_OK;
}

cov_status_t present_report_load_run(present_report_t *rp, const char *scenario,
                                     present_report_run_t *run)
{
    const char *path = cov_store_path(rp->store);
    memset(run, 0, sizeof *run);
    long long id;
    cov_status_t s = cov_run_latest(rp->ctx, rp->store, COV_RUN_ANALYSIS, scenario, &id);
    if (s) return s;
    if (!id) {
        char list[512];
        if ((s = scenario_list(rp, list, sizeof list))) return s;
        if (!list[0])
            return cov_fail(rp->ctx, COV_ERR_EMPTY,
                            "%s: no analysis results yet; run covplan analyze %s first", path,
                            path);
        return cov_fail(
            rp->ctx, COV_ERR_NOT_FOUND,
            "%s: unknown scenario '%s': no analysis results for it (scenarios with results: "
            "%s); run covplan analyze %s --scenario %s",
            path, scenario, list, path, scenario);
    }
    cov_query_t *st;
    if ((s = cov_query_open(rp->ctx, rp->store, COV_Q_ANALYSIS_RUN, &st))) return s;
    cov_query_bind_int(st, 1, id);
    if (!cov_query_row(st, &s)) {
        cov_query_close(st);
        return s ? s : cov_fail(rp->ctx, COV_ERR_DB, "%s: analysis run %lld vanished", path, id);
    }
    run->id = cov_query_int(st, 0);
    snprintf(run->scenario, sizeof run->scenario, "%s", scenario);
    copy_text(run->method, sizeof run->method, st, 3);
    copy_text(run->created, sizeof run->created, st, 5);
    s = parse_params(rp, run, cov_query_text(st, 4));
    cov_query_close(st);
    if (s) return s;
    if ((s = cov_query_open(rp->ctx, rp->store, COV_Q_REPORT_AREAS, &st))) return s;
    cov_query_bind_int(st, 1, run->id);
    size_t cap = 0;
    while (cov_query_row(st, &s)) {
        const char *scope = cov_query_text(st, 13);
        if (scope && strcmp(scope, "total") == 0) {
            parse_area(run, &run->total, st);
            continue;
        }
        if (run->nareas == cap) {
            cap = cap ? 2 * cap : 32;
            present_report_area_t *a = cov_realloc_array(run->areas, cap, sizeof *a);
            if (!a) {
                cov_query_close(st);
                if (s) return s;
                return cov_fail(rp->ctx, COV_ERR_NOMEM, "out of memory");
            }
            run->areas = a;
        }
        present_report_area_t *a = &run->areas[run->nareas++];
        memset(a, 0, sizeof *a);
        parse_area(run, a, st);
    }
    cov_query_close(st);
    if (s) return s;
    if (rp->o->level) s = load_units(rp, run);
    if (s) return s;
    snprintf(run->total.name, sizeof run->total.name, "%s", S(rp, RS_TOTAL));
    if (run->nareas == 0)
        return cov_fail(rp->ctx, COV_ERR_EMPTY,
                        "%s: analysis run %lld has no area results; rerun covplan analyze %s", path,
                        run->id, path);
    return COV_OK;
}

double present_report_share_within(const present_report_run_t *run, const present_report_area_t *a,
                                   size_t i)
{
    if (a->nsites <= 0 || i >= run->nradii) return NAN;
    long long n = 0;
    for (size_t c = 0; c <= i; c++) n += a->class_count[c];
    return 100.0 * (double)n / (double)a->nsites;
}

const char *present_report_fmt_int(char *buf, size_t n, double v)
{
    if (!isfinite(v)) return snprintf(buf, n, "—"), buf;
    char digits[32];
    long long x = llround(v);
    snprintf(digits, sizeof digits, "%lld", x < 0 ? -x : x);
    size_t len = strlen(digits), o = 0;
    if (x < 0 && o + 1 < n) buf[o++] = '-';
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i && (len - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = 0;
    return buf;
}

const char *present_report_fmt_pct(char *buf, size_t n, double pct)
{
    if (!isfinite(pct))
        snprintf(buf, n, "—");
    else
        snprintf(buf, n, "%.1f%%", pct);
    return buf;
}

const char *present_report_fmt_m(char *buf, size_t n, double metres)
{
    if (!isfinite(metres))
        snprintf(buf, n, "—");
    else
        snprintf(buf, n, "%.0f m", metres);
    return buf;
}

/* ---- targets: the scenario's own (its file) and any given with the report (a plan's) ----- */

cov_status_t present_report_load_targets(present_report_t *rp)
{
    /* Targets are evaluated by the comparison module, so the report says exactly what
     * covplan compare and covplan run --check-targets say (same rounding, same boundaries). */
    const char *name = rp->run.scenario;
    /* only the targets: the report does not show compare's rows (40,000 areas nationally) */
    cov_compare_opts_t co = {&name, 1, rp->o->targets, NULL, true};
    json_t *doc = NULL;
    cov_status_t s = cov_compare_build(rp->ctx, rp->store, &co, &doc);
    if (s) return s;
    json_t *list = json_object_get(doc, "targets");
    size_t n = json_array_size(list);
    rp->targets_table = n > 0;
    rp->targets = n ? cov_calloc_array(n, sizeof *rp->targets) : NULL;
    if (n && !rp->targets) {
        json_decref(doc);
        return cov_fail(rp->ctx, COV_ERR_NOMEM, "out of memory");
    }
    double last = rp->run.radii[rp->run.nradii - 1];
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t)
    {
        present_report_target_t *g = &rp->targets[rp->ntargets++];
        const char *ind = json_string_value(json_object_get(t, "indicator"));
        const char *kind = json_string_value(json_object_get(t, "kind"));
        const char *area = json_string_value(json_object_get(t, "area"));
        const char *label = json_string_value(json_object_get(t, "label"));
        double radius = json_number_value(json_object_get(t, "radius"));
        json_t *year = json_object_get(t, "year");
        char extra[160] = "";
        size_t used = 0;
        if (radius > 0) used += (size_t)snprintf(extra + used, sizeof extra - used, "%g m", radius);
        if (kind)
            used +=
                (size_t)snprintf(extra + used, sizeof extra - used, "%s%s", used ? ", " : "", kind);
        if (area)
            used +=
                (size_t)snprintf(extra + used, sizeof extra - used, "%s%s", used ? ", " : "", area);
        if (json_is_integer(year))
            snprintf(extra + used, sizeof extra - used, "%s%lld", used ? ", " : "",
                     (long long)json_integer_value(year));
        snprintf(g->indicator, sizeof g->indicator, "%s%s%s%s", ind ? ind : "?",
                 extra[0] ? " (" : "", extra, extra[0] ? ")" : "");
        snprintf(g->label, sizeof g->label, "%s", label ? label : "");
        snprintf(g->op, sizeof g->op, "%s",
                 json_string_value(json_object_get(t, "op"))
                     ? json_string_value(json_object_get(t, "op"))
                     : ">=");
        snprintf(g->unit, sizeof g->unit, "%s",
                 json_string_value(json_object_get(t, "unit"))
                     ? json_string_value(json_object_get(t, "unit"))
                     : "");
        g->value = json_number_value(json_object_get(t, "value"));
        json_t *cur = json_object_get(t, "scenario_value");
        g->current = json_is_number(cur) ? json_number_value(cur) : NAN;
        g->met = json_is_boolean(json_object_get(t, "met"))
                     ? json_is_true(json_object_get(t, "met"))
                     : -1;
        /* The chart's target line: a whole-area share target at the largest radius. */
        if (ind && strcmp(ind, "site_share_within") == 0 && !kind && !area &&
            (radius == 0 || fabs(radius - last) < 1e-9))
            rp->target = g->value;
    }
    json_decref(doc);
    return COV_OK;
}
