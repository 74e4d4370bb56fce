/* Exporting a stored accessibility run: JSON (jansson), or CSV with BOM and XLSX through the
 * one table writer (planner/core/tables.c). */
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <jansson.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "planner/access/access_run.h"
#include "planner/core/db.h"
#include "planner/core/tables.h"

static const char *const AREAS_SQL =
    "SELECT scope, area_id, code, name, demand, n_locations, n_no_access, value, value_per_1000"
    " FROM access_areas WHERE run_id = ?1 ORDER BY scope = 'total', area_id";
static const char *const LOCATIONS_SQL =
    "SELECT layer, location_id, code, area_id, demand, demand_default, n_in_reach, value, x, y"
    " FROM access_results WHERE run_id = ?1 ORDER BY location_id";
static const char *const SUPPLY_SQL =
    "SELECT facility_id, code, supply, supply_default, demand_in_reach, ratio"
    " FROM access_supply WHERE run_id = ?1 ORDER BY facility_id";
static const char *const RUN_SQL =
    "SELECT id, method, catchment, weights, supply_field, clinic_kinds, demand_source, normalized,"
    " costs, n_supply, n_supply_default, n_demand, n_demand_default, n_pairs, n_no_access,"
    " n_supply_idle, total_supply, total_demand, mean FROM access_runs WHERE id = ?1";

static cov_status_t resolve_run(cov_ctx_t *ctx, cov_store_t *store, long long *id)
{
    long long n = 0;
    cov_status_t s = cov_store_count(
        ctx, store, "SELECT count(*) FROM sqlite_master WHERE name = 'access_runs'", &n);
    if (!s && n) {
        char sql[96];
        if (*id)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM access_runs WHERE id = %lld", *id);
        else
            snprintf(sql, sizeof sql, "SELECT ifnull(max(id), 0) FROM access_runs");
        s = cov_store_count(ctx, store, sql, &n);
        if (!s && !*id) *id = n;
    }
    if (s) return s;
    if (!n)
        return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no access run%s%s; run covplan access first",
                        cov_store_path(store), *id ? " with that id" : "", *id ? "" : " yet");
    return COV_OK;
}

/* Rows of a query as an array of objects (column name -> integer, real, text or null). */
static cov_status_t query_json(cov_ctx_t *ctx, cov_store_t *store, const char *sql, long long id,
                               json_t **out)
{
    sqlite3_stmt *st = NULL;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_int64(st, 1, id);
    json_t *arr = json_array();
    while (cov_db_row(ctx, store, st, "the access results", &s)) {
        json_t *o = json_object();
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            json_t *v;
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, c)); break;
            case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, c)); break;
            case SQLITE_TEXT: v = json_string((const char *)sqlite3_column_text(st, c)); break;
            default: v = json_null(); break;
            }
            json_object_set_new(o, sqlite3_column_name(st, c), v);
        }
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    if (s) {
        json_decref(arr);
        return s;
    }
    *out = arr;
    return COV_OK;
}

cov_status_t cov_access_json(cov_ctx_t *ctx, cov_store_t *store, long long run_id, char **out)
{
    *out = NULL;
    cov_status_t s = resolve_run(ctx, store, &run_id);
    if (s) return s;
    json_t *run = NULL, *areas = NULL, *locs = NULL, *sup = NULL;
    s = query_json(ctx, store, RUN_SQL, run_id, &run);
    if (!s) s = query_json(ctx, store, AREAS_SQL, run_id, &areas);
    if (!s) s = query_json(ctx, store, LOCATIONS_SQL, run_id, &locs);
    if (!s) s = query_json(ctx, store, SUPPLY_SQL, run_id, &sup);
    if (s) {
        json_decref(run);
        json_decref(areas);
        json_decref(locs);
        json_decref(sup);
        return s;
    }
    json_t *doc = json_object();
    json_object_set(doc, "run", json_array_get(run, 0));
    json_decref(run);
    json_object_set_new(doc, "areas", areas);
    json_object_set_new(doc, "locations", locs);
    json_object_set_new(doc, "supply", sup);
    *out = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? COV_OK : cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
}

/* One query as the next table of out. */
static cov_status_t write_table(cov_ctx_t *ctx, cov_store_t *store, const char *sql, long long id,
                                cov_tables_t *out, const char *name)
{
    sqlite3_stmt *st = NULL;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_int64(st, 1, id);
    int nc = sqlite3_column_count(st);
    const char *cols[32];
    cov_cell_t types[32];
    for (int c = 0; c < nc && c < 32; c++) {
        const char *t = sqlite3_column_decltype(st, c);
        cols[c] = sqlite3_column_name(st, c);
        types[c] = t && !strcasecmp(t, "INTEGER") ? COV_CELL_INT
                   : t && !strcasecmp(t, "REAL")  ? COV_CELL_REAL
                                                  : COV_CELL_TEXT;
    }
    s = cov_tables_add(out, name, (size_t)nc, cols, types);
    while (cov_db_row(ctx, store, st, "the access results", &s)) {
        json_t *row = json_array();
        for (int c = 0; row && c < nc; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL: json_array_append_new(row, json_null()); break;
            case SQLITE_INTEGER:
                json_array_append_new(row, json_integer(sqlite3_column_int64(st, c)));
                break;
            case SQLITE_FLOAT:
                json_array_append_new(row, json_real(sqlite3_column_double(st, c)));
                break;
            default:
                json_array_append_new(row, json_string((const char *)sqlite3_column_text(st, c)));
            }
        }
        s = row ? cov_tables_row(out, row) : COV_ERR_NOMEM;
        json_decref(row);
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_access_export(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                               const char *path, const char *format, const char *what)
{
    const char *dot = strrchr(path, '.');
    if (!format)
        format = dot && !strcasecmp(dot, ".csv")    ? "csv"
                 : dot && !strcasecmp(dot, ".xlsx") ? "xlsx"
                 : dot && !strcasecmp(dot, ".json") ? "json"
                                                    : NULL;
    if (!format || (strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "json")))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: unknown output format; name the file .csv, .xlsx or .json", path);
    bool xlsx = !strcmp(format, "xlsx");
    if (!what) what = xlsx ? "all" : "areas";
    if (strcmp(what, "areas") && strcmp(what, "locations") && strcmp(what, "supply") &&
        (!xlsx || strcmp(what, "all")))
        return cov_fail(ctx, COV_ERR_USAGE, "--what '%s': use areas, locations or supply%s", what,
                        xlsx ? " (or all: one sheet each, the default for .xlsx)" : "");
    cov_status_t s = resolve_run(ctx, store, &run_id);
    if (s) return s;
    if (!strcmp(format, "json")) {
        char *text;
        if ((s = cov_access_json(ctx, store, run_id, &text))) return s;
        FILE *f = fopen(path, "wb");
        bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
        if (f && fclose(f) != 0) ok = false;
        free(text);
        if (!ok) {
            unlink(path);
            return cov_fail(ctx, COV_ERR_IO, "%s: cannot write the JSON file", path);
        }
        return COV_OK;
    }
    static const char *const NAMES[3] = {"areas", "locations", "supply"};
    const char *const sqls[3] = {AREAS_SQL, LOCATIONS_SQL, SUPPLY_SQL};
    cov_tables_t *out = NULL;
    s = cov_tables_open(ctx, path, xlsx ? COV_TABLES_XLSX : COV_TABLES_CSV, true, &out);
    for (int i = 0; !s && i < 3; i++)
        if (!strcmp(what, "all") || !strcmp(what, NAMES[i]))
            s = write_table(ctx, store, sqls[i], run_id, out, NAMES[i]);
    cov_status_t c = cov_tables_close(out, !s);
    return s ? s : c;
}
