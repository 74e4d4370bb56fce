/* Scenarios and reuse for covplan analyze: a scenario's parameters and facilities, a hash of
 * every input of a run, and reusing a stored run whose parameters and inputs are unchanged. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/analyze/analyze_private.h"
#include "planner/core/analysis_store.h"
#include "planner/core/query.h"
#include "planner/scenario/scenario.h"

cov_status_t analyze_scenario_opts(cov_ctx_t *ctx, cov_store_t *store, cov_analyze_opts_t *o,
                                   void *params)
{
    cov_scenario_params_t *p = params;
    memset(p, 0, sizeof *p);
    const char *name = o->scenario && *o->scenario ? o->scenario : COV_SCENARIO_BASE;
    if (strcmp(name, COV_SCENARIO_BASE) == 0) return COV_OK;
    cov_status_t s = cov_scenario_params(ctx, store, name, p);
    if (s) return s;
    if (!o->preset) o->preset = p->preset;
    if (!o->radii) o->radii = p->radii;
    if (!o->clinics) o->clinics = p->clinics;
    if (!o->k && p->k > 0) o->k = (size_t)p->k;
    if (p->distance && strcmp(p->distance, "geodesic") == 0) o->geodesic = true;
    return cov_scenario_attach(ctx, store, name);
}

cov_status_t analyze_inputs_hash(analyze_run_t *run)
{
    return cov_analysis_inputs_hash(run->ctx, run->store, run->params_json, run->network,
                                    run->inputs_hash);
}

/* The summary of a stored run, as fill_summary (analyze.c) makes it from a computed one. */
static cov_status_t summary_from_db(analyze_run_t *run, long long run_id,
                                    cov_analyze_summary_t *sum)
{
    const cov_radii_t *r = &run->radii;
    size_t nr = r->n;
    snprintf(sum->scenario, sizeof sum->scenario, "%s", run->scenario);
    snprintf(sum->params_hash, sizeof sum->params_hash, "%s", run->hash);
    snprintf(sum->method, sizeof sum->method, "%s", run->method);
    sum->geodesic = run->geodesic;
    sum->run_id = run_id;
    sum->radii = *r;
    sum->nclinics = run->clinics.n;
    sum->nsites = run->sites.n;
    sum->ndemand = run->demand.n;
    sum->nareas = run->nareas;
    cov_query_t *st;
    cov_status_t s = cov_query_open(run->ctx, run->store, COV_Q_ANALYSIS_SUMMARY, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, run_id);
    while (cov_query_row(st, &s)) {
        bool total = strcmp(cov_query_text(st, 0), "total") == 0;
        size_t nsites = (size_t)cov_query_int(st, 3);
        json_t *counts = json_loads(cov_query_text(st, 4), 0, NULL);
        size_t cc[COV_MAX_RADII + 1] = {0};
        for (size_t j = 0; j <= nr; j++)
            cc[j] = (size_t)json_integer_value(json_object_get(counts, r->cls[j]));
        json_decref(counts);
        if (total) {
            memcpy(sum->class_count, cc, sizeof cc);
            json_t *esh = json_loads(cov_query_text(st, 5), 0, NULL);
            for (size_t j = 0; j < nr; j++) {
                json_t *v = json_array_get(esh, j);
                sum->elderly_share[j] = json_is_number(v) ? json_number_value(v) : NAN;
            }
            json_decref(esh);
            sum->capacity_known = (size_t)cov_query_int(st, 6);
            sum->capacity_per_1000 = cov_query_num(st, 7);
            sum->median = cov_query_num(st, 8);
            sum->p90 = cov_query_num(st, 9);
            sum->max = cov_query_num(st, 10);
            long long up = cov_query_int(st, 11);
            sum->partners_beyond = up > 0 ? (size_t)up : 0;
            continue;
        }
        if (!nsites || sum->nworst >= COV_ANALYZE_WORST) continue;
        cov_analyze_area_t *w = &sum->worst[sum->nworst++];
        snprintf(w->code, sizeof w->code, "%s", cov_query_text(st, 1) ? cov_query_text(st, 1) : "");
        snprintf(w->name, sizeof w->name, "%s", cov_query_text(st, 2) ? cov_query_text(st, 2) : "");
        w->nsites = nsites;
        w->nbeyond = cc[nr];
        w->median = cov_query_num(st, 8);
        size_t cum = 0;
        for (size_t j = 0; j < nr; j++) {
            cum += cc[j];
            w->share_within[j] = (double)cum / (double)nsites;
        }
    }
    cov_query_close(st);
    return s;
}

cov_status_t analyze_db_reuse(analyze_run_t *run, cov_analyze_summary_t *sum, bool *reused)
{
    *reused = false;
    long long id, count;
    char created[32];
    cov_status_t s = cov_analysis_reuse(run->ctx, run->store, run->scenario, run->hash,
                                        run->inputs_hash, &id, created, &count);
    if (s || !id) return s;
    memset(sum, 0, sizeof *sum);
    s = summary_from_db(run, id, sum);
    sum->up_to_date = true;
    sum->reused = count + 1;
    snprintf(sum->computed_at, sizeof sum->computed_at, "%s", created);
    *reused = !s;
    return s;
}
