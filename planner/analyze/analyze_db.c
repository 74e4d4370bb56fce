/* Storing a coverage run: the analysis tables (created on first use) and one transaction that
 * replaces an earlier run with the same scenario and parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/analyze/analyze_private.h"
#include "planner/core/db.h"
#include "planner/core/runs.h"

static json_t *num_or_null(double v) { return isnan(v) ? json_null() : json_real(v); }

static double mm(double v) { return round(v * 1000.0) / 1000.0; }

/* Serialise and free a JSON value: compact, key order kept, reals to 15 digits. */
static char *dump(json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
                                   JSON_REAL_PRECISION(15));
    json_decref(v);
    return text;
}

static cov_status_t write_sites(analyze_run_t *run, sqlite3_stmt *st, long long run_id,
                                const char *layer, const analyze_points_t *sites,
                                const analyze_points_t *targets, const analyze_result_t *r)
{
    cov_status_t s = COV_OK;
    for (size_t i = 0; !s && i < sites->n; i++) {
        json_t *ids = json_array(), *dists = json_array(), *within = json_array();
        for (size_t j = 0; j < r->k; j++) {
            if (r->idx[i * r->k + j] == (size_t)-1) break; /* network: none reachable */
            json_array_append_new(ids, json_integer(targets->id[r->idx[i * r->k + j]]));
            json_array_append_new(dists, json_real(mm(r->dist[i * r->k + j])));
        }
        for (size_t j = 0; j < r->nr; j++)
            json_array_append_new(within, json_integer(r->within[i * r->nr + j]));
        char *t_ids = dump(ids), *t_dists = dump(dists), *t_within = dump(within);
        if (!t_ids || !t_dists || !t_within) s = COV_ERR_NOMEM;
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_text(st, 2, layer, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, sites->id[i]);
        if (sites->area[i]) sqlite3_bind_int64(st, 4, sites->area[i]);
        if (r->k && r->idx[i * r->k] != (size_t)-1) {
            size_t n = r->idx[i * r->k];
            sqlite3_bind_int64(st, 5, targets->id[n]);
            sqlite3_bind_text(st, 6, targets->kind[n], -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(st, 7, r->dist[i * r->k]);
        }
        sqlite3_bind_text(st, 8, t_ids, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 9, t_dists, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 10, t_within, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 11, r->cls[i] + 1);
        sqlite3_bind_text(st, 12, run->radii.cls[r->cls[i]], -1, SQLITE_STATIC);
        free(t_ids);
        free(t_dists);
        free(t_within);
        if (!s) s = cov_store_step_done(run->ctx, run->store, st, "site coverage");
    }
    return s;
}

static cov_status_t write_area(analyze_run_t *run, sqlite3_stmt *st, long long run_id, size_t a)
{
    const analyze_ind_t *in = &run->ind[a];
    size_t nr = run->radii.n;
    json_t *counts = json_object(), *shares = json_object(), *esh = json_array(),
           *ew = json_array();
    for (size_t j = 0; j <= nr; j++) {
        json_object_set_new(counts, run->radii.cls[j],
                            json_integer((json_int_t)in->class_count[j]));
        json_object_set_new(shares, run->radii.cls[j],
                            in->nsites ? json_real((double)in->class_count[j] / (double)in->nsites)
                                       : json_null());
    }
    for (size_t j = 0; j < nr; j++) {
        json_array_append_new(esh, num_or_null(in->share[j]));
        json_array_append_new(ew, num_or_null(in->elderly_within[j]));
    }
    char *t_kinds = dump(json_incref(in->kind_counts)), *t_counts = dump(counts);
    char *t_shares = dump(shares), *t_esh = dump(esh), *t_ew = dump(ew);
    char *t_unserved = dump(json_incref(in->unserved));
    cov_status_t s = COV_OK;
    if (!t_kinds || !t_counts || !t_shares || !t_esh || !t_ew || !t_unserved) s = COV_ERR_NOMEM;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, a < run->nareas ? "area" : "total", -1, SQLITE_STATIC);
    if (a < run->nareas) sqlite3_bind_int64(st, 3, run->areas[a].id);
    cov_store_bind_num(st, 4, in->population);
    cov_store_bind_num(st, 5, in->elderly);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)in->nclinics);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)in->nsites);
    sqlite3_bind_text(st, 8, t_kinds, -1, SQLITE_TRANSIENT);
    cov_store_bind_num(st, 9, in->cap_known ? in->capacity : NAN);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)in->cap_known);
    /* Per 1000 elderly only when every site's capacity is known: a partial sum would mislead. */
    bool cap_ok = in->cap_known == in->nsites && in->elderly > 0;
    cov_store_bind_num(st, 11, cap_ok ? in->capacity / in->elderly * 1000.0 : NAN);
    sqlite3_bind_text(st, 12, t_counts, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 13, t_shares, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 14, run->method, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 15, t_esh, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 16, t_ew, -1, SQLITE_TRANSIENT);
    cov_store_bind_num(st, 17, in->median);
    cov_store_bind_num(st, 18, in->p90);
    cov_store_bind_num(st, 19, in->max);
    sqlite3_bind_int64(st, 20, (sqlite3_int64)in->nunserved);
    sqlite3_bind_text(st, 21, t_unserved, -1, SQLITE_TRANSIENT);
    if (in->unpartnered >= 0) sqlite3_bind_int64(st, 22, in->unpartnered);
    free(t_kinds);
    free(t_counts);
    free(t_shares);
    free(t_esh);
    free(t_ew);
    free(t_unserved);
    if (!s) s = cov_store_step_done(run->ctx, run->store, st, "area coverage");
    return s;
}

/* Find the run with the same key and clear its results (keeping its id), or add a new run. */
static cov_status_t upsert_run(analyze_run_t *run, long long *run_id, bool *replaced)
{
    char created[32];
    cov_run_now(created);
    cov_status_t s = cov_run_claim(run->ctx, run->store, COV_RUN_ANALYSIS, run->scenario, run->hash,
                                   run_id, replaced);
    sqlite3_stmt *st;
    if (!s)
        s = cov_store_prepare(run->ctx, run->store,
                              "INSERT INTO analysis_runs (params_json, method, created, scenario, "
                              "params_hash, id) VALUES (?, ?, ?, ?, ?, ?)",
                              &st);
    if (s) return s;
    sqlite3_bind_text(st, 4, run->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, run->hash, -1, SQLITE_STATIC);
    if (*replaced) sqlite3_bind_int64(st, 6, *run_id); /* a rerun keeps its id */
    sqlite3_bind_text(st, 1, run->params_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, run->method, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, created, -1, SQLITE_STATIC);
    s = cov_store_step_done(run->ctx, run->store, st, "the analysis run");
    sqlite3_finalize(st);
    if (!s && !*replaced) *run_id = sqlite3_last_insert_rowid(cov_store_db(run->store));
    return s;
}

static cov_status_t write_all(analyze_run_t *run, long long *run_id, bool *replaced)
{
    cov_status_t s = upsert_run(run, run_id, replaced);
    if (!s) s = analyze_db_mark_inputs(run, *run_id); /* analyze_reuse.c */
    if (s) return s;
    sqlite3_stmt *st;
    s = cov_store_prepare(run->ctx, run->store,
                          "INSERT INTO site_coverage (run_id, layer, site_id, area_id, nearest_id,"
                          " nearest_kind, nearest_dist, knn_ids, knn_dists, n_within, class_rank,"
                          " class) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                          &st);
    if (s) return s;
    s = write_sites(run, st, *run_id, "eldercare", &run->sites, &run->clinics, &run->rsites);
    if (!s && run->demand.n)
        s = write_sites(run, st, *run_id, "demand", &run->demand, &run->clinics, &run->rdemand);
    if (!s && run->partners)
        s = write_sites(run, st, *run_id, "clinic", &run->clinics, &run->sites, &run->rclinics);
    sqlite3_finalize(st);
    if (s) return s;
    s = cov_store_prepare(run->ctx, run->store,
                          "INSERT INTO area_coverage (run_id, scope, area_id, population, elderly,"
                          " n_clinics, n_eldercare, kind_counts, capacity, capacity_known,"
                          " capacity_per_1000, class_counts, class_shares, elderly_method,"
                          " elderly_share_within, elderly_within, dist_median, dist_p90, dist_max,"
                          " n_unserved, unserved_ids, n_clinics_unpartnered) VALUES"
                          " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          &st);
    if (s) return s;
    for (size_t a = 0; !s && a <= run->nareas; a++) s = write_area(run, st, *run_id, a);
    sqlite3_finalize(st);
    return s;
}

cov_status_t analyze_db_write(analyze_run_t *run, long long *run_id, bool *replaced)
{
    cov_status_t s = cov_store_begin(run->ctx, run->store);
    if (s) return s;
    s = write_all(run, run_id, replaced);
    if (!s) s = cov_store_commit(run->ctx, run->store);
    if (s) cov_store_rollback(run->store);
    return s;
}
