/* Scenarios in the project (see scenario_store.h). */
#include "planner/core/scenario_store.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/core/runs.h"

static char *col_dup(sqlite3_stmt *st, int c, bool *oom)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    char *d = t ? cov_strdup((const char *)t) : NULL;
    if (t && !d) *oom = true;
    return d;
}

void cov_scenario_rec_clear(cov_scenario_rec_t *r)
{
    free(r->name);
    free(r->base);
    free(r->description);
    free(r->spec_json);
    free(r->created);
    memset(r, 0, sizeof *r);
}

void cov_scenario_recs_free(cov_scenario_rec_t *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) cov_scenario_rec_clear(&r[i]);
    free(r);
}

static void read_rec(sqlite3_stmt *st, cov_scenario_rec_t *r, bool *oom)
{
    r->name = col_dup(st, 0, oom);
    r->base = col_dup(st, 1, oom);
    r->description = col_dup(st, 2, oom);
    r->spec_json = col_dup(st, 3, oom);
    r->created = col_dup(st, 4, oom);
}

cov_status_t cov_scenario_store_get(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                    cov_scenario_rec_t *out, bool *found)
{
    memset(out, 0, sizeof *out);
    *found = false;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT name, base, description, spec_json, created FROM"
                                       " scenarios WHERE name = ?1",
                                       &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool oom = false;
    if (cov_db_row(ctx, store, st, "the table scenarios", &s)) {
        read_rec(st, out, &oom);
        *found = true;
    }
    sqlite3_finalize(st);
    if (!s && oom) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    if (s) {
        cov_scenario_rec_clear(out);
        *found = false;
    }
    return s;
}

cov_status_t cov_scenario_store_list(cov_ctx_t *ctx, cov_store_t *store, cov_scenario_rec_t **out,
                                     size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT name, base, description, spec_json, created FROM "
                                       "scenarios ORDER BY name",
                                       &st);
    if (s) return s;
    bool oom = false;
    while (!oom && cov_db_row(ctx, store, st, "scenarios", &s)) {
        cov_scenario_rec_t *g = cov_realloc_array(*out, *n + 1, sizeof *g);
        if (!g) {
            oom = true;
            break;
        }
        *out = g;
        memset(&g[*n], 0, sizeof *g);
        read_rec(st, &g[(*n)++], &oom);
    }
    sqlite3_finalize(st);
    if (!s && oom) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    return s;
}

cov_status_t cov_scenario_store_child(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                      char **child)
{
    *child = NULL;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store, "SELECT name FROM scenarios WHERE base = ?1 ORDER BY name LIMIT 1", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool oom = false;
    if (cov_db_row(ctx, store, st, "scenarios", &s)) *child = col_dup(st, 0, &oom);
    sqlite3_finalize(st);
    return !s && oom ? cov_fail(ctx, COV_ERR_NOMEM, "out of memory") : s;
}

void cov_overrides_free(cov_override_rec_t *ov, size_t n)
{
    for (size_t i = 0; ov && i < n; i++) {
        free(ov[i].code);
        free(ov[i].name);
        free(ov[i].role);
        free(ov[i].kind);
    }
    free(ov);
}

cov_status_t cov_overrides_load(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                cov_override_rec_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s =
        cov_store_prepare(ctx, store,
                          "SELECT op, facility_id, code, name, role, kind, capacity, "
                          "set_capacity, x, y FROM scenario_overrides WHERE scenario = ? "
                          "ORDER BY seq",
                          &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    cov_override_rec_t *ov = NULL;
    size_t len = 0;
    bool oom = false;
    while (!oom && cov_db_row(ctx, store, st, "scenario_overrides", &s)) {
        cov_override_rec_t *g = cov_realloc_array(ov, len + 1, sizeof *g);
        if (!g) {
            oom = true;
            break;
        }
        ov = g;
        cov_override_rec_t *o = &ov[len++];
        memset(o, 0, sizeof *o);
        const char *op = (const char *)sqlite3_column_text(st, 0);
        snprintf(o->op, sizeof o->op, "%s", op ? op : "");
        o->fid = sqlite3_column_int64(st, 1);
        o->code = col_dup(st, 2, &oom);
        o->name = col_dup(st, 3, &oom);
        o->role = col_dup(st, 4, &oom);
        o->kind = col_dup(st, 5, &oom);
        o->capacity =
            sqlite3_column_type(st, 6) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 6);
        o->set_capacity = sqlite3_column_int(st, 7) != 0;
        o->x = sqlite3_column_double(st, 8);
        o->y = sqlite3_column_double(st, 9);
        if (!o->code) oom = true;
    }
    sqlite3_finalize(st);
    if (!s && oom) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    if (s) {
        cov_overrides_free(ov, len);
        return s;
    }
    *out = ov;
    *n = len;
    return COV_OK;
}

/* Run one statement with text parameters ?1 (and ?2) bound to name. */
static cov_status_t exec_name(cov_ctx_t *ctx, cov_store_t *store, const char *sql, const char *name,
                              const char *what)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    s = cov_store_step_done(ctx, store, st, what);
    sqlite3_finalize(st);
    return s;
}

static cov_status_t delete_scenario(cov_ctx_t *ctx, cov_store_t *store, const char *name)
{
    cov_status_t s = exec_name(ctx, store, "DELETE FROM scenario_overrides WHERE scenario = ?1",
                               name, "scenario_overrides");
    if (!s) s = exec_name(ctx, store, "DELETE FROM scenarios WHERE name = ?1", name, "scenarios");
    return s;
}

cov_status_t cov_scenario_store_put(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                    const char *base, const char *description,
                                    const char *spec_json, const cov_override_rec_t *ov, size_t nov)
{
    char created[32];
    cov_run_now(created);
    cov_status_t s = cov_store_begin(ctx, store);
    if (s) return s;
    s = delete_scenario(ctx, store, name);
    sqlite3_stmt *st = NULL;
    if (!s)
        s = cov_store_prepare(ctx, store,
                              "INSERT INTO scenarios (name, base, description, spec_json, created) "
                              "VALUES (?,?,?,?,?)",
                              &st);
    if (!s) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, base, -1, SQLITE_STATIC);
        cov_store_bind_text(st, 3, description);
        sqlite3_bind_text(st, 4, spec_json, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
        s = cov_store_step_done(ctx, store, st, "scenarios");
        sqlite3_finalize(st);
    }
    if (!s)
        s = cov_store_prepare(ctx, store,
                              "INSERT INTO scenario_overrides (scenario, seq, op, facility_id, "
                              "code, name, role, kind,"
                              " capacity, set_capacity, x, y) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                              &st);
    for (size_t i = 0; !s && i < nov; i++) {
        const cov_override_rec_t *o = &ov[i];
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        sqlite3_bind_text(st, 3, o->op, -1, SQLITE_STATIC);
        if (o->fid) sqlite3_bind_int64(st, 4, o->fid);
        sqlite3_bind_text(st, 5, o->code, -1, SQLITE_STATIC);
        cov_store_bind_text(st, 6, o->name);
        cov_store_bind_text(st, 7, o->role);
        cov_store_bind_text(st, 8, o->kind);
        if (!isnan(o->capacity)) sqlite3_bind_double(st, 9, o->capacity);
        sqlite3_bind_int(st, 10, o->set_capacity);
        if (strcmp(o->op, "add") == 0) {
            sqlite3_bind_double(st, 11, o->x);
            sqlite3_bind_double(st, 12, o->y);
        }
        s = cov_store_step_done(ctx, store, st, "scenario_overrides");
    }
    if (st) sqlite3_finalize(st);
    if (!s) s = cov_store_commit(ctx, store);
    if (s) cov_store_rollback(store);
    return s;
}

cov_status_t cov_scenario_store_remove(cov_ctx_t *ctx, cov_store_t *store, const char *name)
{
    static const char *const RUNS[][2] = {
        {"DELETE FROM site_coverage WHERE run_id IN (SELECT id FROM analysis_runs WHERE"
         " scenario = ?1)",
         "site_coverage"},
        {"DELETE FROM area_coverage WHERE run_id IN (SELECT id FROM analysis_runs WHERE"
         " scenario = ?1)",
         "area_coverage"},
        {"DELETE FROM analysis_runs WHERE scenario = ?1", "analysis_runs"},
        {"DELETE FROM access_results WHERE run_id IN (SELECT id FROM access_runs WHERE"
         " scenario = ?1)",
         "access_results"},
        {"DELETE FROM access_supply WHERE run_id IN (SELECT id FROM access_runs WHERE"
         " scenario = ?1)",
         "access_supply"},
        {"DELETE FROM access_areas WHERE run_id IN (SELECT id FROM access_runs WHERE"
         " scenario = ?1)",
         "access_areas"},
        {"DELETE FROM access_runs WHERE scenario = ?1", "access_runs"},
        {"DELETE FROM site_choices WHERE run_id IN (SELECT id FROM site_runs WHERE"
         " scenario = ?1)",
         "site_choices"},
        {"DELETE FROM site_areas WHERE run_id IN (SELECT id FROM site_runs WHERE scenario = ?1)",
         "site_areas"},
        {"DELETE FROM site_runs WHERE scenario = ?1", "site_runs"},
    };
    cov_status_t s = cov_store_begin(ctx, store);
    if (s) return s;
    s = delete_scenario(ctx, store, name);
    for (size_t i = 0; !s && i < sizeof RUNS / sizeof *RUNS; i++)
        s = exec_name(ctx, store, RUNS[i][0], name, RUNS[i][1]);
    if (!s) s = cov_store_commit(ctx, store);
    if (s) cov_store_rollback(store);
    return s;
}

void cov_scenario_store_detach(cov_store_t *store)
{
    if (store)
        sqlite3_exec(cov_store_db(store), "DROP TABLE IF EXISTS temp.facilities", NULL, NULL, NULL);
}

cov_status_t cov_scenario_store_attach(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                       const cov_facility_t *fac, size_t n)
{
    cov_scenario_store_detach(store);
    cov_status_t s =
        cov_store_exec(ctx, store,
                       "CREATE TEMP TABLE facilities (id INTEGER PRIMARY KEY, code TEXT NOT NULL "
                       "UNIQUE, name TEXT, role TEXT NOT NULL, kind TEXT NOT NULL, source_kind "
                       "TEXT, capacity REAL, area_id INTEGER, x REAL NOT NULL, y REAL NOT NULL, "
                       "source_id INTEGER, geom BLOB)");
    sqlite3_stmt *st = NULL;
    if (!s)
        s = cov_store_prepare(
            ctx, store,
            "INSERT INTO temp.facilities (id, code, name, role, kind, capacity, "
            "area_id, x, y, geom) VALUES (?,?,?,?,?,?,?,?,?, MakePoint(?8, ?9, ?10))",
            &st);
    for (size_t i = 0; !s && i < n; i++) {
        const cov_facility_t *f = &fac[i];
        sqlite3_bind_int64(st, 1, f->id);
        sqlite3_bind_text(st, 2, f->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f->role, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f->kind, -1, SQLITE_STATIC);
        cov_store_bind_num(st, 6, f->capacity);
        if (f->area_id) sqlite3_bind_int64(st, 7, f->area_id);
        sqlite3_bind_double(st, 8, f->x);
        sqlite3_bind_double(st, 9, f->y);
        sqlite3_bind_int(st, 10, cov_store_srid(store));
        if (sqlite3_step(st) != SQLITE_DONE)
            s = cov_fail(ctx, COV_ERR_DB, "%s: scenario '%s': %s", cov_store_path(store), name,
                         sqlite3_errmsg(cov_store_db(store)));
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    sqlite3_finalize(st);
    if (s) cov_scenario_store_detach(store);
    return s;
}
