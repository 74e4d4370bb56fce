/* Scenarios and reuse for covplan analyze: a scenario's parameters and facilities, a hash of
 * every input of a run, and reusing a stored run whose parameters and inputs are unchanged. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/analyze/analyze_private.h"
#include "planner/core/db.h"
#include "planner/scenario/scenario.h"

/* Bump when what goes into the inputs hash changes. */
#define INPUTS_HASH_VERSION "covplan-inputs-1"

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

typedef struct hasher {
    unsigned long long h;
} hasher_t;

static void feed(hasher_t *hs, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        hs->h ^= p[i];
        hs->h *= 1099511628211ULL;
    }
}

/* Every column of every row of a query, as text (blobs as bytes), separated unambiguously. */
static cov_status_t feed_query(analyze_run_t *run, hasher_t *hs, const char *sql)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(run->ctx, run->store, sql, &st);
    if (s) return s;
    int nc = sqlite3_column_count(st);
    while (cov_db_row(run->ctx, run->store, st, "the analysis inputs", &s)) {
        for (int c = 0; c < nc; c++) {
            char buf[40];
            int type = sqlite3_column_type(st, c);
            if (type == SQLITE_FLOAT) {
                int n = snprintf(buf, sizeof buf, "f%.17g", sqlite3_column_double(st, c));
                feed(hs, buf, (size_t)n);
            } else if (type == SQLITE_NULL) {
                feed(hs, "n", 1);
            } else {
                const void *b =
                    type == SQLITE_BLOB ? sqlite3_column_blob(st, c) : sqlite3_column_text(st, c);
                int n = sqlite3_column_bytes(st, c);
                int m = snprintf(buf, sizeof buf, "%c%d:", type == SQLITE_BLOB ? 'b' : 't', n);
                feed(hs, buf, (size_t)m);
                if (b) feed(hs, b, (size_t)n);
            }
            feed(hs, "|", 1);
        }
        feed(hs, "\n", 1);
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t analyze_inputs_hash(analyze_run_t *run)
{
    hasher_t hs = {1469598103934665603ULL};
    feed(&hs, INPUTS_HASH_VERSION, strlen(INPUTS_HASH_VERSION));
    feed(&hs, run->params_json, strlen(run->params_json));
    /* "facilities" is the scenario's effective set when one is attached. */
    cov_status_t s = feed_query(
        run, &hs, "SELECT id, role, kind, capacity, area_id, x, y FROM facilities ORDER BY id");
    if (!s)
        s = feed_query(run, &hs,
                       "SELECT id, code, name, population, elderly, AsBinary(geom) FROM main.areas "
                       "ORDER BY id");
    if (!s)
        s = feed_query(run, &hs, "SELECT id, weight, area_id, x, y FROM main.demand ORDER BY id");
    /* Along roads the road network is an input too: a re-imported network recomputes. */
    if (!s && run->network)
        s = feed_query(run, &hs, "SELECT key, value FROM roads_info ORDER BY key");
    if (!s && run->network)
        s = feed_query(run, &hs, "SELECT count(*), total(length_m), total(oneway) FROM roads");
    snprintf(run->inputs_hash, sizeof run->inputs_hash, "%016llx", hs.h);
    return s;
}

static double col_num(sqlite3_stmt *st, int c)
{
    return sqlite3_column_type(st, c) == SQLITE_NULL ? NAN : sqlite3_column_double(st, c);
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
    sum->run_id = run_id;
    sum->radii = *r;
    sum->nclinics = run->clinics.n;
    sum->nsites = run->sites.n;
    sum->ndemand = run->demand.n;
    sum->nareas = run->nareas;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        run->ctx, run->store,
        "SELECT c.scope, a.code, a.name, c.n_eldercare, c.class_counts, c.elderly_share_within,"
        " c.capacity_known, c.capacity_per_1000, c.dist_median, c.dist_p90, c.dist_max,"
        " c.n_clinics_unpartnered FROM area_coverage c LEFT JOIN main.areas a ON a.id = c.area_id"
        " WHERE c.run_id = ? ORDER BY c.dist_median IS NULL, c.dist_median DESC, a.code",
        &st);
    if (s) return s;
    sqlite3_bind_int64(st, 1, run_id);
    while (cov_db_row(run->ctx, run->store, st, "area_coverage", &s)) {
        bool total = strcmp((const char *)sqlite3_column_text(st, 0), "total") == 0;
        size_t nsites = (size_t)sqlite3_column_int64(st, 3);
        json_t *counts = json_loads((const char *)sqlite3_column_text(st, 4), 0, NULL);
        size_t cc[COV_MAX_RADII + 1] = {0};
        for (size_t j = 0; j <= nr; j++)
            cc[j] = (size_t)json_integer_value(json_object_get(counts, r->cls[j]));
        json_decref(counts);
        if (total) {
            memcpy(sum->class_count, cc, sizeof cc);
            json_t *esh = json_loads((const char *)sqlite3_column_text(st, 5), 0, NULL);
            for (size_t j = 0; j < nr; j++) {
                json_t *v = json_array_get(esh, j);
                sum->elderly_share[j] = json_is_number(v) ? json_number_value(v) : NAN;
            }
            json_decref(esh);
            sum->capacity_known = (size_t)sqlite3_column_int64(st, 6);
            sum->capacity_per_1000 = col_num(st, 7);
            sum->median = col_num(st, 8);
            sum->p90 = col_num(st, 9);
            sum->max = col_num(st, 10);
            long long up = sqlite3_column_int64(st, 11);
            sum->partners_beyond = up > 0 ? (size_t)up : 0;
            continue;
        }
        if (!nsites || sum->nworst >= COV_ANALYZE_WORST) continue;
        cov_analyze_area_t *w = &sum->worst[sum->nworst++];
        snprintf(w->code, sizeof w->code, "%s",
                 sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
        snprintf(w->name, sizeof w->name, "%s",
                 sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
        w->nsites = nsites;
        w->nbeyond = cc[nr];
        w->median = col_num(st, 8);
        size_t cum = 0;
        for (size_t j = 0; j < nr; j++) {
            cum += cc[j];
            w->share_within[j] = (double)cum / (double)nsites;
        }
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t analyze_db_reuse(analyze_run_t *run, cov_analyze_summary_t *sum, bool *reused)
{
    *reused = false;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(run->ctx, run->store,
                                       "SELECT id, inputs_hash = ?3, created, reused FROM "
                                       "analysis_runs WHERE scenario = ?1 AND params_hash = ?2",
                                       &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, run->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, run->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, run->inputs_hash, -1, SQLITE_STATIC);
    long long id = 0, count = 0;
    char created[32] = "";
    if (cov_db_row(run->ctx, run->store, st, "analysis_runs", &s) &&
        sqlite3_column_int(st, 1) == 1) {
        id = sqlite3_column_int64(st, 0);
        snprintf(created, sizeof created, "%s", (const char *)sqlite3_column_text(st, 2));
        count = sqlite3_column_int64(st, 3) + 1;
    }
    sqlite3_finalize(st);
    if (s || !id) return s;
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE analysis_runs SET reused = reused + 1 WHERE id = %lld", id);
    s = cov_store_begin(run->ctx, run->store);
    if (!s) s = cov_store_exec(run->ctx, run->store, sql);
    if (!s) s = cov_store_commit(run->ctx, run->store);
    if (s) {
        cov_store_rollback(run->store);
        return s;
    }
    memset(sum, 0, sizeof *sum);
    s = summary_from_db(run, id, sum);
    sum->up_to_date = true;
    sum->reused = count;
    snprintf(sum->computed_at, sizeof sum->computed_at, "%s", created);
    *reused = !s;
    return s;
}

/* Called by analyze_db.c inside the write transaction, after the run row is written. */
cov_status_t analyze_db_mark_inputs(analyze_run_t *run, long long run_id)
{
    char *sql =
        sqlite3_mprintf("UPDATE analysis_runs SET inputs_hash = %Q, reused = 0 WHERE id = %lld",
                        run->inputs_hash, run_id);
    if (!sql) return COV_ERR_NOMEM;
    cov_status_t s = cov_store_exec(run->ctx, run->store, sql);
    sqlite3_free(sql);
    return s;
}
