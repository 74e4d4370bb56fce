/* Exporting a stored accessibility run: JSON (jansson) or CSV with BOM (GDAL's CSV driver). */
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
    while (sqlite3_step(st) == SQLITE_ROW) {
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

static cov_status_t ogr_fail(cov_ctx_t *ctx, const char *path)
{
    const char *m = CPLGetLastErrorMsg();
    return cov_fail(ctx, COV_ERR_IO, "%s: cannot write the CSV file%s%s", path, m && *m ? ": " : "",
                    m ? m : "");
}

/* One query as a CSV file (UTF-8 with BOM, CRLF, quoted only when needed) through GDAL. */
static cov_status_t write_csv(cov_ctx_t *ctx, cov_store_t *store, const char *sql, long long id,
                              const char *path)
{
    sqlite3_stmt *st = NULL;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_int64(st, 1, id);
    GDALDriverH drv = GDALGetDriverByName("CSV");
    if (!drv) {
        sqlite3_finalize(st);
        return cov_fail(ctx, COV_ERR_IO, "this GDAL has no CSV driver");
    }
    CPLErrorReset();
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds) {
        sqlite3_finalize(st);
        return ogr_fail(ctx, path);
    }
    char **lco = CSLSetNameValue(NULL, "WRITE_BOM", "YES");
    lco = CSLSetNameValue(lco, "LINEFORMAT", "CRLF");
    lco = CSLSetNameValue(lco, "STRING_QUOTING", "IF_NEEDED");
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "access", NULL, wkbNone, lco);
    CSLDestroy(lco);
    int nc = sqlite3_column_count(st);
    for (int c = 0; lyr && c < nc; c++) {
        const char *t = sqlite3_column_decltype(st, c);
        OGRFieldType ft = t && !strcasecmp(t, "INTEGER") ? OFTInteger64
                          : t && !strcasecmp(t, "REAL")  ? OFTReal
                                                         : OFTString;
        OGRFieldDefnH fd = OGR_Fld_Create(sqlite3_column_name(st, c), ft);
        if (ft == OFTReal) OGR_Fld_SetPrecision(fd, 0);
        if (OGR_L_CreateField(lyr, fd, TRUE) != OGRERR_NONE) s = ogr_fail(ctx, path);
        OGR_Fld_Destroy(fd);
    }
    if (!lyr) s = ogr_fail(ctx, path);
    while (!s && sqlite3_step(st) == SQLITE_ROW) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        for (int c = 0; c < nc; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL: OGR_F_SetFieldNull(f, c); break;
            case SQLITE_INTEGER: OGR_F_SetFieldInteger64(f, c, sqlite3_column_int64(st, c)); break;
            case SQLITE_FLOAT: OGR_F_SetFieldDouble(f, c, sqlite3_column_double(st, c)); break;
            default: OGR_F_SetFieldString(f, c, (const char *)sqlite3_column_text(st, c)); break;
            }
        }
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE) s = ogr_fail(ctx, path);
        OGR_F_Destroy(f);
    }
    sqlite3_finalize(st);
    GDALClose(ds);
    return s;
}

cov_status_t cov_access_export(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                               const char *path, const char *format, const char *what)
{
    const char *dot = strrchr(path, '.');
    if (!format)
        format = dot && !strcasecmp(dot, ".csv")    ? "csv"
                 : dot && !strcasecmp(dot, ".json") ? "json"
                                                    : NULL;
    if (!format || (strcmp(format, "csv") && strcmp(format, "json")))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: unknown output format; name the file .csv or .json", path);
    if (!what) what = "areas";
    if (strcmp(what, "areas") && strcmp(what, "locations") && strcmp(what, "supply"))
        return cov_fail(ctx, COV_ERR_USAGE, "--what '%s': use areas, locations or supply", what);
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
    unlink(path); /* GDAL's CSV driver will not overwrite */
    s = write_csv(ctx, store,
                  !strcmp(what, "areas")       ? AREAS_SQL
                  : !strcmp(what, "locations") ? LOCATIONS_SQL
                                               : SUPPLY_SQL,
                  run_id, path);
    if (s) unlink(path);
    return s;
}
