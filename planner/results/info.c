/* A summary of a project: CRS, extent, layers, counts by role, kind and area. */
#include "planner/results/info.h"
#include "planner/core/db.h"

#include <stdio.h>
#include <string.h>

/* Run a query and turn each row into a JSON object keyed by column name. */
static cov_status_t rows_json(cov_ctx_t *ctx, cov_store_t *store, const char *sql, json_t *arr)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    int nc = sqlite3_column_count(st);
    while (cov_db_row(ctx, store, st, "the project", &s)) {
        json_t *o = json_object();
        for (int c = 0; c < nc; c++) {
            json_t *v;
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, c)); break;
            case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, c)); break;
            case SQLITE_NULL: v = json_null(); break;
            default: v = json_string((const char *)sqlite3_column_text(st, c)); break;
            }
            json_object_set_new(o, sqlite3_column_name(st, c), v ? v : json_null());
        }
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    return s;
}

/* Two-column (key, count) query into a JSON object. */
static cov_status_t counts_json(cov_ctx_t *ctx, cov_store_t *store, const char *sql, json_t *obj)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    while (cov_db_row(ctx, store, st, "the project", &s))
        json_object_set_new(obj, (const char *)sqlite3_column_text(st, 0),
                            json_integer(sqlite3_column_int64(st, 1)));
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_info(cov_ctx_t *ctx, cov_store_t *store, json_t **out)
{
    *out = NULL;
    json_t *o = json_object();
    json_object_set_new(o, "project", json_string(cov_store_path(store)));
    json_object_set_new(o, "format_version", json_integer(COV_STORE_FORMAT_VERSION));
    json_t *crs = json_object();
    int srid = cov_store_srid(store);
    json_object_set_new(crs, "srid", srid ? json_integer(srid) : json_null());
    json_object_set_new(crs, "name",
                        srid ? json_string(OSRGetName(cov_store_srs(store))) : json_null());
    json_object_set_new(o, "crs", crs);
    json_t *layers = json_object(), *roles = json_object(), *kinds = json_object();
    json_t *outside = json_object(), *areas = json_array(), *sources = json_array();
    json_object_set_new(o, "layers", layers);
    json_object_set_new(o, "roles", roles);
    json_object_set_new(o, "kinds", kinds);
    json_object_set_new(o, "outside", outside);
    json_object_set_new(o, "areas", areas);
    json_object_set_new(o, "sources", sources);
    json_object_set_new(o, "extent", json_null());
    cov_status_t s = COV_OK;
    static const char *const tables[] = {"areas", "facilities", "demand"};
    json_object_set_new(roles, "health", json_integer(0));
    json_object_set_new(roles, "eldercare", json_integer(0));
    for (int t = 0; t < 3; t++) json_object_set_new(layers, tables[t], json_integer(0));
    json_object_set_new(outside, "facilities", json_integer(0));
    json_object_set_new(outside, "demand", json_integer(0));
    if (!srid) goto done; /* no layers yet */
    for (int t = 0; t < 3 && !s; t++) {
        char sql[128];
        long long n;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[t]);
        if (!(s = cov_store_count(ctx, store, sql, &n)))
            json_object_set_new(layers, tables[t], json_integer(n));
    }
    if (!s)
        s = counts_json(ctx, store,
                        "SELECT role, count(*) FROM facilities GROUP BY role ORDER BY role", roles);
    if (!s)
        s = counts_json(ctx, store,
                        "SELECT kind, count(*) FROM facilities GROUP BY kind ORDER BY kind", kinds);
    if (!s)
        s = counts_json(ctx, store,
                        "SELECT 'facilities', count(*) FROM facilities WHERE area_id IS NULL "
                        "UNION ALL SELECT 'demand', count(*) FROM demand WHERE area_id IS NULL",
                        outside);
    if (!s)
        s = rows_json(ctx, store,
                      "SELECT a.code, a.name, a.population, a.elderly, round(a.area_km2, 3) AS "
                      "area_km2, (SELECT count(*) FROM facilities f WHERE f.area_id = a.id AND "
                      "f.role = 'health') AS health, (SELECT count(*) FROM facilities f WHERE "
                      "f.area_id = a.id AND f.role = 'eldercare') AS eldercare, (SELECT count(*) "
                      "FROM demand d WHERE d.area_id = a.id) AS demand FROM areas a ORDER BY "
                      "a.code",
                      areas);
    if (!s)
        s = rows_json(ctx, store,
                      "SELECT role, path, layer, src_crs, coords, encoding, features, imported_at "
                      "FROM sources ORDER BY id",
                      sources);
    if (!s) {
        sqlite3_stmt *st;
        s = cov_store_prepare(ctx, store,
                              "SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), "
                              "max(MbrMaxY(geom)) FROM (SELECT geom FROM areas UNION ALL SELECT "
                              "geom FROM facilities UNION ALL SELECT geom FROM demand)",
                              &st);
        if (!s && cov_db_row(ctx, store, st, "the layers", &s) &&
            sqlite3_column_type(st, 0) != SQLITE_NULL) {
            json_t *ext = json_array();
            for (int c = 0; c < 4; c++)
                json_array_append_new(ext, json_real(sqlite3_column_double(st, c)));
            json_object_set_new(o, "extent", ext);
        }
        sqlite3_finalize(st); /* NULL when the prepare failed: a no-op */
    }
done:
    if (s) {
        json_decref(o);
        return s;
    }
    *out = o;
    return COV_OK;
}
