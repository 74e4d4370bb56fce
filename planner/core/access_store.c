/* Storing accessibility runs (see access_store.h). Equal inputs give identical result rows;
 * the run row's `created` says when. */
#include "planner/core/access_store.h"

#include <math.h>
#include <sqlite3.h>

#include "planner/core/runs.h"

static cov_status_t insert_run(cov_ctx_t *ctx, cov_store_t *store, const cov_access_run_rec_t *r,
                               long long *id, bool *replaced)
{
    cov_status_t s =
        cov_run_claim(ctx, store, COV_RUN_ACCESS, r->scenario, r->params_hash, id, replaced);
    if (s) return s;
    sqlite3_stmt *st;
    s = cov_store_prepare(
        ctx, store,
        "INSERT INTO access_runs (id, params_hash, params_json, method, catchment,"
        " weights, supply_field, clinic_kinds, demand_source, normalized, costs,"
        " n_supply, n_supply_default, n_demand, n_demand_default, n_pairs,"
        " n_no_access, n_supply_idle, total_supply, total_demand, mean, scenario, created)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        &st);
    if (s) return s;
    if (*replaced) sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_text(st, 2, r->params_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->params_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->method, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, r->catchment);
    sqlite3_bind_text(st, 6, r->weights, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, r->supply_field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, r->clinic_kinds, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, r->demand_source, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 10, r->normalized);
    if (r->costs) sqlite3_bind_text(st, 11, r->costs, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)r->n_supply);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)r->n_supply_default);
    sqlite3_bind_int64(st, 14, (sqlite3_int64)r->n_demand);
    sqlite3_bind_int64(st, 15, (sqlite3_int64)r->n_demand_default);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)r->n_pairs);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)r->n_no_access);
    sqlite3_bind_int64(st, 18, (sqlite3_int64)r->n_supply_idle);
    sqlite3_bind_double(st, 19, r->total_supply);
    sqlite3_bind_double(st, 20, r->total_demand);
    cov_store_bind_num(st, 21, r->mean);
    char created[32];
    cov_run_now(created);
    sqlite3_bind_text(st, 22, r->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 23, created, -1, SQLITE_TRANSIENT);
    s = cov_store_step_done(ctx, store, st, "the access run");
    sqlite3_finalize(st);
    if (!s && !*replaced) *id = sqlite3_last_insert_rowid(cov_store_db(store));
    return s;
}

static cov_status_t insert_rows(cov_ctx_t *ctx, cov_store_t *store, long long id,
                                const cov_access_locations_t *d, const cov_access_supply_t *p)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "INSERT INTO access_results (run_id, layer, location_id,"
                                       " code, area_id, demand, demand_default, n_in_reach, value,"
                                       " x, y) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                       &st);
    if (s) return s;
    for (size_t i = 0; !s && i < d->n; i++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, d->layer, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, d->id[i]);
        sqlite3_bind_text(st, 4, d->code[i], -1, SQLITE_STATIC);
        if (d->area[i]) sqlite3_bind_int64(st, 5, d->area[i]);
        sqlite3_bind_double(st, 6, d->demand[i]);
        sqlite3_bind_int(st, 7, d->demand_default[i]);
        sqlite3_bind_int64(st, 8, d->n_in_reach[i]);
        cov_store_bind_num(st, 9, d->value[i]);
        sqlite3_bind_double(st, 10, d->x[i]);
        sqlite3_bind_double(st, 11, d->y[i]);
        s = cov_store_step_done(ctx, store, st, "access results");
    }
    sqlite3_finalize(st);
    if (s) return s;
    s = cov_store_prepare(ctx, store,
                          "INSERT INTO access_supply (run_id, facility_id, code, supply,"
                          " supply_default, demand_in_reach, ratio) VALUES (?,?,?,?,?,?,?)",
                          &st);
    if (s) return s;
    for (size_t j = 0; !s && j < p->n; j++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, p->id[j]);
        sqlite3_bind_text(st, 3, p->code[j], -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 4, p->supply[j]);
        sqlite3_bind_int(st, 5, p->supply_default[j]);
        sqlite3_bind_double(st, 6, p->demand_in_reach[j]);
        cov_store_bind_num(st, 7, p->ratio[j]);
        s = cov_store_step_done(ctx, store, st, "access supply");
    }
    sqlite3_finalize(st);
    return s;
}

static cov_status_t insert_areas(cov_ctx_t *ctx, cov_store_t *store, long long id,
                                 const cov_access_area_row_t *areas, size_t nareas,
                                 const cov_access_area_row_t *total, bool per_1000)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "INSERT INTO access_areas (run_id, scope, area_id, code,"
                                       " name, demand, n_locations, n_no_access, value,"
                                       " value_per_1000) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                       &st);
    if (s) return s;
    for (size_t a = 0; !s && a <= nareas; a++) {
        const cov_access_area_row_t *r = a < nareas ? &areas[a] : total;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, a < nareas ? "area" : "total", -1, SQLITE_STATIC);
        if (a < nareas) sqlite3_bind_int64(st, 3, r->id);
        sqlite3_bind_text(st, 4, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, r->name, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 6, r->demand);
        sqlite3_bind_int64(st, 7, (sqlite3_int64)r->nloc);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)r->n_no_access);
        cov_store_bind_num(st, 9, r->value);
        cov_store_bind_num(st, 10, per_1000 ? r->value * 1000.0 : NAN);
        s = cov_store_step_done(ctx, store, st, "access areas");
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_access_store_write(cov_ctx_t *ctx, cov_store_t *store,
                                    const cov_access_run_rec_t *run,
                                    const cov_access_locations_t *loc,
                                    const cov_access_supply_t *sup,
                                    const cov_access_area_row_t *areas, size_t nareas,
                                    const cov_access_area_row_t *total, bool per_1000,
                                    long long *id, bool *replaced)
{
    cov_status_t s = cov_store_begin(ctx, store);
    if (s) return s;
    s = insert_run(ctx, store, run, id, replaced);
    if (!s) s = insert_rows(ctx, store, *id, loc, sup);
    if (!s) s = insert_areas(ctx, store, *id, areas, nareas, total, per_1000);
    if (!s) s = cov_store_commit(ctx, store);
    if (s) cov_store_rollback(store);
    return s;
}
