/* An accessibility run on a project: check the options, load, compute, aggregate per area
 * (demand-weighted mean) and hand the results to the store. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/access/access_private.h"
#include "planner/core/distance.h"
#include "planner/scenario/scenario.h"

void cov_access_summary_free(cov_access_summary_t *sum)
{
    if (!sum) return;
    free(sum->areas);
    sum->areas = NULL;
    sum->nareas = 0;
}

static cov_status_t check_opts(access_run_t *run, cov_access_summary_t *sum)
{
    const cov_access_opts_t *o = run->o;
    cov_ctx_t *ctx = run->ctx;
    if (!cov_access_method_parse(o->method, &run->params.method))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--method '%s': unknown method; use fca, 2sfca, e2sfca, 3sfca, gravity or "
                        "raam",
                        o->method ? o->method : "");
    double d = o->catchment;
    if (!(d > 0) || !isfinite(d))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--catchment %g: the catchment must be a positive distance (metres, or the "
                        "cost file's unit)",
                        d);
    cov_access_method_t m = run->params.method;
    if (m == COV_ACCESS_RAAM && o->weights)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--weights does not apply to raam (its cost is travel / tau + congestion)");
    cov_status_t s = cov_access_weight_parse(ctx, o->weights, &run->params.weight);
    if (s) return s;
    if (!o->weights) { /* the method's default */
        if (m == COV_ACCESS_E2SFCA || m == COV_ACCESS_3SFCA)
            run->params.weight = cov_access_weight_e2sfca(d);
        else if (m == COV_ACCESS_GRAVITY) { /* 1 at d/3, 1/3 at the edge, at most 10 */
            cov_access_weight_t *w = &run->params.weight;
            w->kind = COV_WEIGHT_GRAVITY;
            w->scale = d / 3.0;
            w->alpha = -1.0;
            w->min_dist = d / 30.0;
        }
    }
    const char *sf = o->supply_field ? o->supply_field : "capacity";
    if (strcmp(sf, "capacity") && strcmp(sf, "none"))
        return cov_fail(
            ctx, COV_ERR_USAGE,
            "--supply-field '%s': use capacity (1 where unknown) or none (1 per clinic)", sf);
    snprintf(run->supply_field, sizeof run->supply_field, "%s", sf);
    run->supply_capacity = strcmp(sf, "capacity") == 0;
    if (!cov_demand_source_parse(o->demand, &run->demand_src) ||
        run->demand_src == COV_DEMAND_ELDERCARE_CAPACITY)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--demand '%s': unknown demand source; use demand, eldercare or areas",
                        o->demand);
    if (o->tau < 0 || !isfinite(o->tau))
        return cov_fail(ctx, COV_ERR_USAGE, "--tau must be a positive cost");
    if ((s = access_net_check(ctx, o))) return s;
    cov_distance_info_t di; /* planar only under 0.1% scale error; geodesic otherwise */
    if ((s = cov_project_distance(ctx, run->store, &di))) return s;
    run->geodesic = di.geodesic && !o->costs && !access_net_on(o); /* roads: geodesic edges */
    sum->geodesic = run->geodesic;
    run->geo_scale = di.max_scale * 1.001 + 1e-9;
    run->params.tau = o->tau > 0 ? o->tau : o->costs ? 60.0 : access_net_default_tau(o);
    run->params.normalize = o->normalize;
    snprintf(sum->method, sizeof sum->method, "%s", cov_access_method_name(m));
    cov_access_weight_format(&run->params.weight, sum->weights, sizeof sum->weights);
    sum->per_1000 = m != COV_ACCESS_GRAVITY && m != COV_ACCESS_RAAM && !o->normalize;
    sum->normalized = o->normalize;
    sum->catchment = d;
    return COV_OK;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static cov_status_t params_json(access_run_t *run, const cov_access_summary_t *sum)
{
    json_t *j = json_object();
    json_object_set_new(j, "method", json_string(sum->method));
    json_object_set_new(j, "catchment", json_real(sum->catchment));
    json_object_set_new(j, "weights", json_string(sum->weights));
    json_object_set_new(j, "supply_field", json_string(run->supply_field));
    json_object_set_new(j, "clinic_kinds", json_string(sum->clinic_kinds));
    json_object_set_new(j, "demand", json_string(sum->demand_source));
    json_object_set_new(j, "normalize", json_boolean(sum->normalized));
    json_object_set_new(j, "costs", run->o->costs ? json_string(run->o->costs) : json_null());
    if (run->params.method == COV_ACCESS_RAAM)
        json_object_set_new(j, "tau", json_real(run->params.tau));
    access_net_params(run->o, j);
    if (run->geodesic) json_object_set_new(j, "distance", json_string("geodesic"));
    if (run->o->scenario && strcmp(run->o->scenario, COV_SCENARIO_BASE) != 0)
        json_object_set_new(j, "scenario", json_string(run->o->scenario)); /* base keeps its key */
    run->params_json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (!run->params_json) return cov_fail(run->ctx, COV_ERR_NOMEM, "out of memory");
    snprintf(run->hash, sizeof run->hash, "%016llx", (unsigned long long)fnv1a(run->params_json));
    return COV_OK;
}

static size_t area_index(const access_run_t *run, long long id)
{
    size_t lo = 0, hi = run->nareas;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (run->areas[mid].id == id) return mid;
        if (run->areas[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* Demand-weighted mean per area and overall; no access counts as 0 for the supply ratios and
 * is left out for raam (a cost), as in cov_access_compute's mean. */
static cov_status_t aggregate(access_run_t *run, cov_access_summary_t *sum)
{
    sum->nareas = run->nareas;
    sum->areas = cov_calloc_array(run->nareas + 1, sizeof *sum->areas);
    double *num = cov_calloc_array(run->nareas + 1, sizeof *num);
    double *den = cov_calloc_array(run->nareas + 1, sizeof *den);
    if (!sum->areas || !num || !den) {
        free(num);
        free(den);
        return cov_fail(run->ctx, COV_ERR_NOMEM, "out of memory");
    }
    bool raam = run->params.method == COV_ACCESS_RAAM;
    double tnum = 0, tden = 0;
    for (size_t a = 0; a < run->nareas; a++) {
        cov_access_area_row_t *r = &sum->areas[a];
        r->id = run->areas[a].id;
        snprintf(r->code, sizeof r->code, "%s", run->areas[a].code ? run->areas[a].code : "");
        snprintf(r->name, sizeof r->name, "%s", run->areas[a].name ? run->areas[a].name : "");
    }
    snprintf(sum->total.code, sizeof sum->total.code, "total");
    snprintf(sum->total.name, sizeof sum->total.name, "study area");
    for (size_t i = 0; i < run->demand.n; i++) {
        double w = run->demand.w[i], v = run->res.value[i];
        size_t a = area_index(run, run->demand.area[i]);
        cov_access_area_row_t *r = a == (size_t)-1 ? NULL : &sum->areas[a];
        sum->total.nloc++;
        sum->total.demand += w;
        if (r) r->nloc++, r->demand += w;
        if (isnan(v)) {
            sum->total.n_no_access++;
            if (r) r->n_no_access++;
            if (raam) continue;
            v = 0;
        }
        tnum += w * v;
        tden += w;
        if (r) num[a] += w * v, den[a] += w;
    }
    /* An area none of whose demand reaches a clinic has no access (NaN), not a score of 0. */
    for (size_t a = 0; a < run->nareas; a++) {
        cov_access_area_row_t *r = &sum->areas[a];
        r->value = den[a] > 0 && r->n_no_access < r->nloc ? num[a] / den[a] : NAN;
    }
    sum->total.value = tden > 0 ? tnum / tden : NAN;
    free(num);
    free(den);
    return COV_OK;
}

static void run_free(access_run_t *run)
{
    access_points_free(&run->supply);
    access_points_free(&run->demand);
    cov_areas_free(run->areas, run->nareas);
    cov_access_pairs_destroy(run->ds);
    cov_access_pairs_destroy(run->dd);
    cov_access_result_free(&run->res);
    free(run->params_json);
}

cov_status_t cov_access_run(cov_ctx_t *ctx, cov_store_t *store, const cov_access_opts_t *opts,
                            cov_access_summary_t *sum)
{
    memset(sum, 0, sizeof *sum);
    access_run_t run;
    memset(&run, 0, sizeof run);
    run.ctx = ctx;
    run.store = store;
    run.o = opts;
    if (cov_store_srid(store) == 0)
        return cov_fail(ctx, COV_ERR_EMPTY, "%s: the project has no data yet; import first",
                        cov_store_path(store));
    cov_status_t s = check_opts(&run, sum);
    /* A scenario's effective facilities shadow the imported ones while the run reads them. */
    if (!s) s = cov_scenario_attach(ctx, store, opts->scenario);
    if (!s) s = access_load(&run, sum);
    if (!s)
        s = cov_access_compute(ctx, &run.params, run.demand.w, run.demand.n, run.supply.w,
                               run.supply.n, run.ds, run.dd, &run.res);
    if (!s) {
        sum->nsupply = run.supply.n;
        sum->ndemand = run.demand.n;
        sum->npairs = cov_access_pairs_count(run.ds);
        sum->n_no_access = run.res.n_no_access;
        sum->n_supply_idle = run.res.n_supply_idle;
        sum->mean = run.res.mean;
        for (size_t j = 0; j < run.supply.n; j++) sum->total_supply += run.supply.w[j];
        for (size_t i = 0; i < run.demand.n; i++) sum->total_demand += run.demand.w[i];
        s = aggregate(&run, sum);
    }
    if (!s) s = params_json(&run, sum);
    if (!s) s = access_db_write(&run, sum);
    cov_scenario_detach(store);
    run_free(&run);
    return s;
}
