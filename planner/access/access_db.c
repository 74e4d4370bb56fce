/* Storing accessibility runs (tables access_runs, access_results, access_supply, access_areas,
 * created on first use inside the write transaction). A run with the same parameters replaces
 * the earlier one and keeps its id; no timestamps, so equal inputs give identical tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/access/access_private.h"
#include "planner/core/db.h"
#include "planner/core/runs.h"

static size_t count_flags(const access_points_t *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) n += p->defaulted[i];
    return n;
}

static cov_status_t upsert_run(access_run_t *run, const cov_access_summary_t *sum, long long *id,
                               bool *replaced)
{
    cov_status_t s =
        cov_run_claim(run->ctx, run->store, COV_RUN_ACCESS,
                      run->o->scenario ? run->o->scenario : "base", run->hash, id, replaced);
    if (s) return s;
    sqlite3_stmt *st;
    s = cov_store_prepare(
        run->ctx, run->store,
        "INSERT INTO access_runs (id, params_hash, params_json, method, catchment,"
        " weights, supply_field, clinic_kinds, demand_source, normalized, costs,"
        " n_supply, n_supply_default, n_demand, n_demand_default, n_pairs,"
        " n_no_access, n_supply_idle, total_supply, total_demand, mean, scenario, created)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        &st);
    if (s) return s;
    if (*replaced) sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_text(st, 2, run->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, run->params_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, sum->method, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, sum->catchment);
    sqlite3_bind_text(st, 6, sum->weights, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, run->supply_field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, sum->clinic_kinds, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, sum->demand_source, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 10, sum->normalized);
    if (run->o->costs) sqlite3_bind_text(st, 11, run->o->costs, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)sum->nsupply);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)count_flags(&run->supply));
    sqlite3_bind_int64(st, 14, (sqlite3_int64)sum->ndemand);
    sqlite3_bind_int64(st, 15, (sqlite3_int64)count_flags(&run->demand));
    sqlite3_bind_int64(st, 16, (sqlite3_int64)sum->npairs);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)sum->n_no_access);
    sqlite3_bind_int64(st, 18, (sqlite3_int64)sum->n_supply_idle);
    sqlite3_bind_double(st, 19, sum->total_supply);
    sqlite3_bind_double(st, 20, sum->total_demand);
    cov_store_bind_num(st, 21, sum->mean);
    char created[32];
    cov_run_now(created);
    sqlite3_bind_text(st, 22, run->o->scenario ? run->o->scenario : "base", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 23, created, -1, SQLITE_TRANSIENT);
    s = cov_store_step_done(run->ctx, run->store, st, "the access run");
    sqlite3_finalize(st);
    if (!s && !*replaced) *id = sqlite3_last_insert_rowid(cov_store_db(run->store));
    return s;
}

static cov_status_t write_rows(access_run_t *run, long long id)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(run->ctx, run->store,
                                       "INSERT INTO access_results (run_id, layer, location_id,"
                                       " code, area_id, demand, demand_default, n_in_reach, value,"
                                       " x, y) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                       &st);
    if (s) return s;
    const access_points_t *d = &run->demand;
    for (size_t i = 0; !s && i < d->n; i++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, run->layer, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, d->id[i]);
        sqlite3_bind_text(st, 4, d->code[i], -1, SQLITE_STATIC);
        if (d->area[i]) sqlite3_bind_int64(st, 5, d->area[i]);
        sqlite3_bind_double(st, 6, d->w[i]);
        sqlite3_bind_int(st, 7, d->defaulted[i]);
        sqlite3_bind_int64(st, 8, run->res.nreach[i]);
        cov_store_bind_num(st, 9, run->res.value[i]);
        sqlite3_bind_double(st, 10, d->x[i]);
        sqlite3_bind_double(st, 11, d->y[i]);
        s = cov_store_step_done(run->ctx, run->store, st, "access results");
    }
    sqlite3_finalize(st);
    if (s) return s;
    s = cov_store_prepare(run->ctx, run->store,
                          "INSERT INTO access_supply (run_id, facility_id, code, supply,"
                          " supply_default, demand_in_reach, ratio) VALUES (?,?,?,?,?,?,?)",
                          &st);
    if (s) return s;
    const access_points_t *p = &run->supply;
    for (size_t j = 0; !s && j < p->n; j++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, p->id[j]);
        sqlite3_bind_text(st, 3, p->code[j], -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 4, p->w[j]);
        sqlite3_bind_int(st, 5, p->defaulted[j]);
        sqlite3_bind_double(st, 6, run->res.demand_reach[j]);
        cov_store_bind_num(st, 7, run->res.ratio[j]);
        s = cov_store_step_done(run->ctx, run->store, st, "access supply");
    }
    sqlite3_finalize(st);
    return s;
}

static cov_status_t write_areas(access_run_t *run, const cov_access_summary_t *sum, long long id)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(run->ctx, run->store,
                                       "INSERT INTO access_areas (run_id, scope, area_id, code,"
                                       " name, demand, n_locations, n_no_access, value,"
                                       " value_per_1000) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                       &st);
    if (s) return s;
    for (size_t a = 0; !s && a <= sum->nareas; a++) {
        const cov_access_area_row_t *r = a < sum->nareas ? &sum->areas[a] : &sum->total;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, a < sum->nareas ? "area" : "total", -1, SQLITE_STATIC);
        if (a < sum->nareas) sqlite3_bind_int64(st, 3, r->id);
        sqlite3_bind_text(st, 4, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, r->name, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 6, r->demand);
        sqlite3_bind_int64(st, 7, (sqlite3_int64)r->nloc);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)r->n_no_access);
        cov_store_bind_num(st, 9, r->value);
        cov_store_bind_num(st, 10, sum->per_1000 ? r->value * 1000.0 : NAN);
        s = cov_store_step_done(run->ctx, run->store, st, "access areas");
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t access_db_write(access_run_t *run, cov_access_summary_t *sum)
{
    cov_status_t s = cov_store_begin(run->ctx, run->store);
    if (s) return s;
    s = upsert_run(run, sum, &sum->run_id, &sum->replaced);
    if (!s) s = write_rows(run, sum->run_id);
    if (!s) s = write_areas(run, sum, sum->run_id);
    if (!s) s = cov_store_commit(run->ctx, run->store);
    if (s) cov_store_rollback(run->store);
    return s;
}
