/* Storing siting runs (see site_store.h). */
#include "planner/core/site_store.h"

#include <sqlite3.h>

#include "planner/core/runs.h"

static cov_status_t write_run(cov_ctx_t *ctx, cov_store_t *store, const cov_site_run_rec_t *r,
                              long long *run_id)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store,
        "INSERT INTO site_runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
        " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
        " ?29, ?30, ?31)",
        &st);
    if (s) return s;
    if (*run_id) sqlite3_bind_int64(st, 1, *run_id);
    sqlite3_bind_text(st, 2, r->params_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->params_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->model, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->method, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, r->p);
    cov_store_bind_num(st, 7, r->radius);
    sqlite3_bind_int64(st, 8, r->n_candidates);
    sqlite3_bind_int64(st, 9, r->n_demand);
    sqlite3_bind_int64(st, 10, r->n_existing);
    sqlite3_bind_int64(st, 11, r->n_chosen);
    cov_store_bind_num(st, 12, r->objective);
    cov_store_bind_num(st, 13, r->bound);
    cov_store_bind_text(st, 14, r->bound_kind);
    cov_store_bind_num(st, 15, r->gap);
    sqlite3_bind_int(st, 16, r->optimal);
    cov_store_bind_num(st, 17, r->total_weight);
    if (r->cover) {
        cov_store_bind_num(st, 18, r->covered_before);
        cov_store_bind_num(st, 19, r->covered_after);
        cov_store_bind_num(st, 20, r->share_before);
        cov_store_bind_num(st, 21, r->share_after);
        sqlite3_bind_int64(st, 22, r->ncovered_before);
        sqlite3_bind_int64(st, 23, r->ncovered_after);
        cov_store_bind_num(st, 24, r->uncoverable_weight);
        sqlite3_bind_int64(st, 25, r->n_uncoverable);
    }
    cov_store_bind_num(st, 26, r->mean_before);
    cov_store_bind_num(st, 27, r->mean_after);
    cov_store_bind_num(st, 28, r->max_before);
    cov_store_bind_num(st, 29, r->max_after);
    char created[32];
    cov_run_now(created);
    sqlite3_bind_text(st, 30, r->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 31, created, -1, SQLITE_TRANSIENT);
    s = cov_store_step_done(ctx, store, st, "site_runs");
    sqlite3_finalize(st);
    if (!s && !*run_id) *run_id = sqlite3_last_insert_rowid(cov_store_db(store));
    return s;
}

static cov_status_t write_rows(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                               const cov_site_choice_rec_t *choices, size_t nchoices,
                               const cov_site_area_rec_t *areas, size_t nareas)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "INSERT INTO site_choices VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                       " ?7, ?8, ?9, ?10, ?11)",
                                       &st);
    if (s) return s;
    for (size_t k = 0; !s && k < nchoices; k++) {
        const cov_site_choice_rec_t *c = &choices[k];
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_int64(st, 2, c->rank);
        cov_store_bind_text(st, 3, c->source);
        if (c->facility_id) sqlite3_bind_int64(st, 4, c->facility_id);
        cov_store_bind_text(st, 5, c->name);
        if (c->area_id) sqlite3_bind_int64(st, 6, c->area_id);
        sqlite3_bind_double(st, 7, c->x);
        sqlite3_bind_double(st, 8, c->y);
        cov_store_bind_num(st, 9, c->gain);
        cov_store_bind_num(st, 10, c->gain_cost);
        cov_store_bind_num(st, 11, c->covered_cum);
        s = cov_store_step_done(ctx, store, st, "site_choices");
    }
    sqlite3_finalize(st);
    if (s) return s;
    s = cov_store_prepare(ctx, store,
                          "INSERT INTO site_areas VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
    if (s) return s;
    for (size_t a = 0; !s && a < nareas; a++) {
        const cov_site_area_rec_t *f = &areas[a];
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_int64(st, 2, f->area_id);
        sqlite3_bind_double(st, 3, f->weight);
        if (f->cover) {
            cov_store_bind_num(st, 4, f->before);
            cov_store_bind_num(st, 5, f->after);
            cov_store_bind_num(st, 6, f->share_before);
            cov_store_bind_num(st, 7, f->share_after);
        }
        sqlite3_bind_int64(st, 8, f->new_sites);
        s = cov_store_step_done(ctx, store, st, "site_areas");
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_site_store_write(cov_ctx_t *ctx, cov_store_t *store, const cov_site_run_rec_t *run,
                                  const cov_site_choice_rec_t *choices, size_t nchoices,
                                  const cov_site_area_rec_t *areas, size_t nareas,
                                  long long *run_id, bool *replaced)
{
    cov_status_t s = cov_store_begin(ctx, store);
    if (s) return s;
    s = cov_run_claim(ctx, store, COV_RUN_SITE, run->scenario, run->params_hash, run_id, replaced);
    if (!s) s = write_run(ctx, store, run, run_id);
    if (!s) s = write_rows(ctx, store, *run_id, choices, nchoices, areas, nareas);
    if (!s) s = cov_store_commit(ctx, store);
    if (s) cov_store_rollback(store);
    return s;
}
