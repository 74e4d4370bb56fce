/* The run registry (see runs.h). */
#include "planner/core/runs.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "planner/core/db.h"

static const char *const TABLES[] = {"analysis_runs", "access_runs", "site_runs"};

const char *cov_run_table(cov_run_kind_t kind) { return TABLES[kind]; }

cov_status_t cov_run_latest(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind,
                            const char *scenario, long long *id)
{
    *id = 0;
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT id FROM %s WHERE ?1 IS NULL OR scenario = ?1 ORDER BY created DESC, id DESC "
             "LIMIT 1",
             TABLES[kind]);
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    if (scenario) sqlite3_bind_text(st, 1, scenario, -1, SQLITE_STATIC);
    bool row;
    s = cov_db_next(ctx, store, st, TABLES[kind], &row);
    if (!s && row) *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!s && *id) s = cov_run_check(ctx, store, kind, *id);
    return s;
}

/* The results tables of each kind of run (NULL-terminated). */
static const char *const RESULTS[][4] = {
    {"site_coverage", "area_coverage", NULL, NULL},
    {"access_results", "access_supply", "access_areas", NULL},
    {"site_choices", "site_areas", NULL, NULL},
};

cov_status_t cov_run_check(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind, long long id)
{
    cov_status_t s = cov_db_check_numbers(ctx, store, TABLES[kind], 0);
    /* A coverage run's demand-point rows (ten million for a national grid) are read only by the
     * level roll-ups, which check each row they read (export_level.c). */
    for (size_t i = 0; !s && RESULTS[kind][i]; i++)
        s = cov_db_check_numbers_where(ctx, store, RESULTS[kind][i], id,
                                       strcmp(RESULTS[kind][i], "site_coverage") == 0
                                           ? "layer IN ('eldercare', 'clinic')"
                                           : NULL);
    return s;
}

cov_status_t cov_run_claim(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind,
                           const char *scenario, const char *params_hash, long long *id,
                           bool *replaced)
{
    *id = 0;
    *replaced = false;
    char sql[160];
    /* analysis runs are unique by (scenario, parameters); access and site parameters name the
     * scenario themselves, and are unique alone */
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE params_hash = ?2%s", TABLES[kind],
             kind == COV_RUN_ANALYSIS ? " AND scenario = ?1" : "");
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, params_hash, -1, SQLITE_STATIC);
    if (cov_db_row(ctx, store, st, TABLES[kind], &s)) *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (s || !*id) return s;
    *replaced = true;
    for (size_t i = 0; !s && RESULTS[kind][i]; i++) {
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE run_id = %lld", RESULTS[kind][i], *id);
        s = cov_store_exec(ctx, store, sql);
    }
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = %lld", TABLES[kind], *id);
    if (!s) s = cov_store_exec(ctx, store, sql);
    return s;
}

cov_status_t cov_layers_check(cov_ctx_t *ctx, cov_store_t *store, bool geometry)
{
    /* Not demand: the readers of results do not read it (a level roll-up reads the weights of
     * the demand points and checks each as it goes), and a national grid has ten million rows. */
    static const char *const LAYERS[] = {"areas", "facilities"};
    cov_status_t s = COV_OK;
    for (size_t i = 0; !s && i < 2; i++) {
        bool has;
        if ((s = cov_db_table_exists(ctx, store, LAYERS[i], &has)) || !has) continue;
        s = cov_db_check_numbers(ctx, store, LAYERS[i], 0);
    }
    bool has = false;
    if (!s && geometry) s = cov_db_table_exists(ctx, store, "areas", &has);
    if (!s && has) s = cov_db_check_geometry(ctx, store, "areas");
    return s;
}

cov_status_t cov_run_exists(cov_ctx_t *ctx, cov_store_t *store, cov_run_kind_t kind, long long id,
                            bool *out)
{
    char sql[100];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?1", TABLES[kind]);
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_int64(st, 1, id);
    s = cov_db_next(ctx, store, st, TABLES[kind], out);
    sqlite3_finalize(st);
    return s;
}

void cov_run_now(char out[32])
{
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}
