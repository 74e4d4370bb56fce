/*
 * covplan's own tables (scenarios, runs and their results) and the migration of older
 * projects. Every table that is not a layer is created here, in one place, so a project of the
 * current format always has all of them: a missing table is damage, never "no results yet".
 */
#include "planner/core/project.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/core/db.h"

/* Format 1: the first release. Format 2: every run table has scenario and created columns;
 * all covplan tables exist from init on. Format 3: areas have level and parent_code. */
static const char *const TABLES_SQL =
    "CREATE TABLE IF NOT EXISTS scenarios (name TEXT PRIMARY KEY, base TEXT NOT NULL,"
    " description TEXT, spec_json TEXT NOT NULL, created TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS scenario_overrides (scenario TEXT NOT NULL REFERENCES"
    " scenarios(name), seq INTEGER NOT NULL, op TEXT NOT NULL CHECK (op IN"
    " ('add','close','change')), facility_id INTEGER, code TEXT NOT NULL, name TEXT, role TEXT,"
    " kind TEXT, capacity REAL, set_capacity INTEGER NOT NULL DEFAULT 0, x REAL, y REAL,"
    " PRIMARY KEY (scenario, seq));"
    /* coverage (analyze) */
    "CREATE TABLE IF NOT EXISTS analysis_runs (id INTEGER PRIMARY KEY, scenario TEXT NOT NULL,"
    " params_json TEXT NOT NULL, params_hash TEXT NOT NULL, method TEXT NOT NULL,"
    " created TEXT NOT NULL, inputs_hash TEXT, reused INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE (scenario, params_hash));"
    "CREATE TABLE IF NOT EXISTS site_coverage (run_id INTEGER NOT NULL REFERENCES"
    " analysis_runs(id), layer TEXT NOT NULL CHECK (layer IN ('eldercare','demand','clinic')),"
    " site_id INTEGER NOT NULL, area_id INTEGER, nearest_id INTEGER, nearest_kind TEXT,"
    " nearest_dist REAL, knn_ids TEXT NOT NULL, knn_dists TEXT NOT NULL, n_within TEXT NOT NULL,"
    " class_rank INTEGER NOT NULL, class TEXT NOT NULL, PRIMARY KEY (run_id, layer, site_id));"
    "CREATE INDEX IF NOT EXISTS site_coverage_area ON site_coverage (run_id, area_id);"
    "CREATE TABLE IF NOT EXISTS area_coverage (run_id INTEGER NOT NULL REFERENCES"
    " analysis_runs(id), scope TEXT NOT NULL CHECK (scope IN ('area','total')), area_id INTEGER,"
    " population REAL, elderly REAL, n_clinics INTEGER NOT NULL, n_eldercare INTEGER NOT NULL,"
    " kind_counts TEXT NOT NULL, capacity REAL, capacity_known INTEGER NOT NULL,"
    " capacity_per_1000 REAL, class_counts TEXT NOT NULL, class_shares TEXT NOT NULL,"
    " elderly_method TEXT NOT NULL, elderly_share_within TEXT NOT NULL,"
    " elderly_within TEXT NOT NULL, dist_median REAL, dist_p90 REAL, dist_max REAL,"
    " n_unserved INTEGER NOT NULL, unserved_ids TEXT NOT NULL, n_clinics_unpartnered INTEGER);"
    "CREATE UNIQUE INDEX IF NOT EXISTS area_coverage_key ON area_coverage (run_id,"
    " ifnull(area_id, 0));"
    /* accessibility (access) */
    "CREATE TABLE IF NOT EXISTS access_runs (id INTEGER PRIMARY KEY, params_hash TEXT NOT NULL"
    " UNIQUE, params_json TEXT NOT NULL, method TEXT NOT NULL, catchment REAL NOT NULL,"
    " weights TEXT NOT NULL, supply_field TEXT NOT NULL, clinic_kinds TEXT NOT NULL,"
    " demand_source TEXT NOT NULL, normalized INTEGER NOT NULL, costs TEXT,"
    " n_supply INTEGER NOT NULL, n_supply_default INTEGER NOT NULL, n_demand INTEGER NOT NULL,"
    " n_demand_default INTEGER NOT NULL, n_pairs INTEGER NOT NULL, n_no_access INTEGER NOT NULL,"
    " n_supply_idle INTEGER NOT NULL, total_supply REAL NOT NULL, total_demand REAL NOT NULL,"
    " mean REAL, scenario TEXT NOT NULL DEFAULT 'base', created TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS access_results (run_id INTEGER NOT NULL REFERENCES"
    " access_runs(id), layer TEXT NOT NULL CHECK (layer IN ('demand','eldercare','area')),"
    " location_id INTEGER NOT NULL, code TEXT NOT NULL, area_id INTEGER, demand REAL NOT NULL,"
    " demand_default INTEGER NOT NULL, n_in_reach INTEGER NOT NULL, value REAL, x REAL NOT NULL,"
    " y REAL NOT NULL, PRIMARY KEY (run_id, layer, location_id));"
    "CREATE TABLE IF NOT EXISTS access_supply (run_id INTEGER NOT NULL REFERENCES"
    " access_runs(id), facility_id INTEGER NOT NULL, code TEXT NOT NULL, supply REAL NOT NULL,"
    " supply_default INTEGER NOT NULL, demand_in_reach REAL NOT NULL, ratio REAL,"
    " PRIMARY KEY (run_id, facility_id));"
    "CREATE TABLE IF NOT EXISTS access_areas (run_id INTEGER NOT NULL REFERENCES"
    " access_runs(id), scope TEXT NOT NULL CHECK (scope IN ('area','total')), area_id INTEGER,"
    " code TEXT NOT NULL, name TEXT NOT NULL, demand REAL NOT NULL, n_locations INTEGER NOT NULL,"
    " n_no_access INTEGER NOT NULL, value REAL, value_per_1000 REAL);"
    "CREATE UNIQUE INDEX IF NOT EXISTS access_areas_key ON access_areas (run_id,"
    " ifnull(area_id, 0));"
    /* siting (site) */
    "CREATE TABLE IF NOT EXISTS site_runs (id INTEGER PRIMARY KEY, params_json TEXT NOT NULL,"
    " params_hash TEXT NOT NULL UNIQUE, model TEXT NOT NULL, method TEXT NOT NULL,"
    " n_add INTEGER NOT NULL, radius REAL, n_candidates INTEGER NOT NULL,"
    " n_demand INTEGER NOT NULL, n_existing INTEGER NOT NULL, n_chosen INTEGER NOT NULL,"
    " objective REAL, bound REAL, bound_kind TEXT, gap REAL, optimal INTEGER NOT NULL,"
    " total_weight REAL NOT NULL, covered_before REAL, covered_after REAL, share_before REAL,"
    " share_after REAL, n_covered_before INTEGER, n_covered_after INTEGER,"
    " uncoverable_weight REAL, n_uncoverable INTEGER, mean_before REAL, mean_after REAL,"
    " max_before REAL, max_after REAL, scenario TEXT NOT NULL DEFAULT 'base',"
    " created TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS site_choices (run_id INTEGER NOT NULL REFERENCES site_runs(id),"
    " rank INTEGER NOT NULL, source TEXT NOT NULL, facility_id INTEGER, name TEXT NOT NULL,"
    " area_id INTEGER, x REAL NOT NULL, y REAL NOT NULL, gain REAL, gain_cost REAL,"
    " covered_cum REAL, PRIMARY KEY (run_id, rank));"
    "CREATE TABLE IF NOT EXISTS site_areas (run_id INTEGER NOT NULL REFERENCES site_runs(id),"
    " area_id INTEGER NOT NULL, weight REAL NOT NULL, covered_before REAL, covered_after REAL,"
    " share_before REAL, share_after REAL, new_sites INTEGER NOT NULL,"
    " PRIMARY KEY (run_id, area_id));";

/* Add a column that an older format lacks (ALTER TABLE appends it, as the CREATE above has
 * it last), then run fill once to give the old rows their value. */
static cov_status_t add_column(cov_ctx_t *ctx, cov_store_t *st, const char *table,
                               const char *column, const char *decl, const char *fill)
{
    bool has;
    cov_status_t s = cov_db_has_column(ctx, st, table, column, &has);
    if (s || has) return s;
    char *sql = sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s;%s", table, column, decl,
                                fill ? fill : "");
    if (!sql) return COV_ERR_NOMEM;
    s = cov_store_exec(ctx, st, sql);
    sqlite3_free(sql);
    return s;
}

/* Bring the tables to the current format; inside the caller's transaction. */
static cov_status_t migrate(cov_ctx_t *ctx, cov_store_t *st)
{
    cov_status_t s = COV_OK;
    /* Format 1 created run tables when a run first needed them, without these columns. */
    bool has;
    if (!(s = cov_db_table_exists(ctx, st, "analysis_runs", &has)) && has) {
        s = add_column(ctx, st, "analysis_runs", "inputs_hash", "TEXT", NULL);
        if (!s)
            s = add_column(ctx, st, "analysis_runs", "reused", "INTEGER NOT NULL DEFAULT 0", NULL);
    }
    static const char *const RUNS[] = {"access_runs", "site_runs"};
    for (size_t i = 0; !s && i < 2; i++) {
        if ((s = cov_db_table_exists(ctx, st, RUNS[i], &has)) || !has) continue;
        char *fill = sqlite3_mprintf(
            "UPDATE \"%w\" SET scenario = ifnull(json_extract(params_json, '$.scenario'), "
            "'base');",
            RUNS[i]);
        if (!fill) return COV_ERR_NOMEM;
        s = add_column(ctx, st, RUNS[i], "scenario", "TEXT NOT NULL DEFAULT 'base'", fill);
        sqlite3_free(fill);
        if (!s) s = add_column(ctx, st, RUNS[i], "created", "TEXT NOT NULL DEFAULT ''", NULL);
    }
    /* Format 3: areas know their administrative level and parent. */
    if (!s && !(s = cov_db_table_exists(ctx, st, "areas", &has)) && has) {
        s = add_column(ctx, st, "areas", "level", "TEXT", NULL);
        if (!s) s = add_column(ctx, st, "areas", "parent_code", "TEXT", NULL);
    }
    if (!s) s = cov_store_exec(ctx, st, TABLES_SQL);
    char ver[16];
    snprintf(ver, sizeof ver, "%d", COV_STORE_FORMAT_VERSION);
    if (!s) s = cov_store_meta_set(ctx, st, "format_version", ver);
    return s;
}

static cov_status_t migrate_in_transaction(cov_ctx_t *ctx, cov_store_t *st)
{
    cov_status_t s = cov_store_begin(ctx, st);
    if (!s) s = migrate(ctx, st);
    if (!s) s = cov_store_commit(ctx, st);
    if (s) cov_store_rollback(st);
    return s;
}

cov_status_t cov_project_create(cov_ctx_t *ctx, const char *path, int srid, bool overwrite,
                                cov_store_t **out)
{
    cov_status_t s = cov_store_create(ctx, path, srid, overwrite, out);
    if (!s) s = migrate_in_transaction(ctx, *out);
    if (s && *out) {
        cov_store_close(*out);
        *out = NULL;
        remove(path);
    }
    return s;
}

cov_status_t cov_project_open(cov_ctx_t *ctx, const char *path, bool readonly, cov_store_t **out)
{
    cov_status_t s = cov_store_open(ctx, path, readonly, out);
    if (s || cov_store_format_version(*out) >= COV_STORE_FORMAT_VERSION) return s;
    /* An older project: migrate it read-write, then reopen as asked. */
    int old = cov_store_format_version(*out);
    if (readonly) {
        cov_store_close(*out);
        if ((s = cov_store_open(ctx, path, false, out))) {
            char why[512];
            snprintf(why, sizeof why, "%s", cov_ctx_errmsg(ctx));
            *out = NULL;
            return cov_fail(ctx, s,
                            "%s: this project was written by an older covplan (format %d) and "
                            "must be upgraded in place to format %d, but it cannot be opened for "
                            "writing (%s); copy it somewhere writable first",
                            path, old, COV_STORE_FORMAT_VERSION, why);
        }
    }
    s = migrate_in_transaction(ctx, *out);
    if (!s)
        cov_log(ctx, COV_LOG_INFO, "%s: upgraded from project format %d to %d", path, old,
                COV_STORE_FORMAT_VERSION);
    if (!s && readonly) {
        cov_store_close(*out);
        *out = NULL;
        s = cov_store_open(ctx, path, true, out);
    }
    if (s && *out) {
        cov_store_close(*out);
        *out = NULL;
    }
    return s;
}
