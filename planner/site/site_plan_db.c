/* Storing a siting run: tables site_runs, site_choices and site_areas,
 * one transaction; a run with the same parameters replaces the earlier one and keeps its id. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "planner/core/db.h"
#include "planner/core/runs.h"
#include "planner/site/site_plan_private.h"

static double share(double part, double whole) { return whole > 0 ? part / whole : NAN; }

static cov_status_t write_run(cov_site_plan_t *pl)
{
    const cov_site_result_t *r = &pl->res;
    bool cover = pl->o.solve.radius > 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        pl->ctx, pl->store,
        "INSERT INTO site_runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
        " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
        " ?29, ?30, ?31)",
        &st);
    if (s) return s;
    if (pl->run_id) sqlite3_bind_int64(st, 1, pl->run_id);
    sqlite3_bind_text(st, 2, pl->params_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, pl->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, cov_site_model_name(r->model), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->method, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (long long)pl->o.solve.p);
    cov_store_bind_num(st, 7, pl->o.solve.radius > 0 ? pl->o.solve.radius : NAN);
    sqlite3_bind_int64(st, 8, (long long)pl->cand.n);
    sqlite3_bind_int64(st, 9, (long long)pl->dem.n);
    sqlite3_bind_int64(st, 10, (long long)pl->exist.n);
    sqlite3_bind_int64(st, 11, (long long)r->nchosen);
    cov_store_bind_num(st, 12, r->objective);
    cov_store_bind_num(st, 13, r->bound);
    sqlite3_bind_text(st, 14, r->bound_kind, -1, SQLITE_STATIC);
    cov_store_bind_num(st, 15, r->gap);
    sqlite3_bind_int(st, 16, r->optimal);
    cov_store_bind_num(st, 17, r->total_weight);
    if (cover) {
        cov_store_bind_num(st, 18, r->covered_before);
        cov_store_bind_num(st, 19, r->covered_after);
        cov_store_bind_num(st, 20, share(r->covered_before, r->total_weight));
        cov_store_bind_num(st, 21, share(r->covered_after, r->total_weight));
        sqlite3_bind_int64(st, 22, (long long)r->ncovered_before);
        sqlite3_bind_int64(st, 23, (long long)r->ncovered_after);
        cov_store_bind_num(st, 24, r->uncoverable_weight);
        sqlite3_bind_int64(st, 25, (long long)r->nuncoverable);
    }
    char created[32];
    cov_run_now(created);
    sqlite3_bind_text(st, 30, pl->o.scenario ? pl->o.scenario : "base", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 31, created, -1, SQLITE_TRANSIENT);
    cov_store_bind_num(st, 26, r->mean_before);
    cov_store_bind_num(st, 27, r->mean_after);
    cov_store_bind_num(st, 28, r->max_before);
    cov_store_bind_num(st, 29, r->max_after);
    s = cov_store_step_done(pl->ctx, pl->store, st, "site_runs");
    sqlite3_finalize(st);
    if (!s && !pl->run_id) pl->run_id = sqlite3_last_insert_rowid(cov_store_db(pl->store));
    return s;
}

static cov_status_t write_rows(cov_site_plan_t *pl)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(pl->ctx, pl->store,
                                       "INSERT INTO site_choices VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                       " ?7, ?8, ?9, ?10, ?11)",
                                       &st);
    if (s) return s;
    for (size_t k = 0; !s && k < pl->res.nchosen; k++) {
        const cov_site_choice_t *c = &pl->choices[k];
        size_t j = pl->res.chosen[k];
        sqlite3_bind_int64(st, 1, pl->run_id);
        sqlite3_bind_int64(st, 2, (long long)c->rank);
        sqlite3_bind_text(st, 3, c->source, -1, SQLITE_STATIC);
        if (c->facility_id) sqlite3_bind_int64(st, 4, c->facility_id);
        sqlite3_bind_text(st, 5, c->name, -1, SQLITE_STATIC);
        if (pl->cand.area[j]) sqlite3_bind_int64(st, 6, pl->cand.area[j]);
        sqlite3_bind_double(st, 7, c->x);
        sqlite3_bind_double(st, 8, c->y);
        cov_store_bind_num(st, 9, c->gain);
        cov_store_bind_num(st, 10, c->gain_cost);
        cov_store_bind_num(st, 11, c->covered_cum);
        s = cov_store_step_done(pl->ctx, pl->store, st, "site_choices");
    }
    sqlite3_finalize(st);
    if (s) return s;
    s = cov_store_prepare(pl->ctx, pl->store,
                          "INSERT INTO site_areas VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
    if (s) return s;
    bool cover = pl->o.solve.radius > 0;
    for (size_t a = 0; !s && a < pl->narea_fx; a++) {
        const cov_site_area_t *f = &pl->area_fx[a];
        sqlite3_bind_int64(st, 1, pl->run_id);
        sqlite3_bind_int64(st, 2, f->id);
        sqlite3_bind_double(st, 3, f->weight);
        if (cover) {
            cov_store_bind_num(st, 4, f->before);
            cov_store_bind_num(st, 5, f->after);
            cov_store_bind_num(st, 6, share(f->before, f->weight));
            cov_store_bind_num(st, 7, share(f->after, f->weight));
        }
        sqlite3_bind_int64(st, 8, (long long)f->new_sites);
        s = cov_store_step_done(pl->ctx, pl->store, st, "site_areas");
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t site_store(cov_site_plan_t *pl)
{
    cov_status_t s = cov_store_begin(pl->ctx, pl->store);
    if (s) return s;
    s = cov_run_claim(pl->ctx, pl->store, COV_RUN_SITE, pl->o.scenario ? pl->o.scenario : "base",
                      pl->hash, &pl->run_id, &pl->replaced);
    if (!s) s = write_run(pl);
    if (!s) s = write_rows(pl);
    if (!s) s = cov_store_commit(pl->ctx, pl->store);
    if (s) cov_store_rollback(pl->store);
    return s;
}
