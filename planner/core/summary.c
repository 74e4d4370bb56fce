/* The data layer's descriptive queries (see summary.h). */
#include "planner/core/summary.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"

static char *dup_col(sqlite3_stmt *st, int c, bool *oom)
{
    const char *t = (const char *)sqlite3_column_text(st, c);
    char *d = t ? cov_strdup(t) : NULL;
    if (t && !d) *oom = true;
    return d;
}

cov_status_t cov_sources_load(cov_ctx_t *ctx, cov_store_t *store, cov_source_rec_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT role, path, layer, src_crs, coords, encoding,"
                                       " features, imported_at FROM sources ORDER BY id",
                                       &st);
    if (s) return s;
    size_t cap = 0;
    bool oom = false;
    while (!oom && cov_db_row(ctx, store, st, "sources", &s)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            cov_source_rec_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                oom = true;
                break;
            }
            *out = g, cap = nc;
        }
        cov_source_rec_t *r = &(*out)[(*n)++];
        r->role = dup_col(st, 0, &oom);
        r->path = dup_col(st, 1, &oom);
        r->layer = dup_col(st, 2, &oom);
        r->src_crs = dup_col(st, 3, &oom);
        r->coords = dup_col(st, 4, &oom);
        r->encoding = dup_col(st, 5, &oom);
        r->features = sqlite3_column_int64(st, 6);
        r->imported_at = dup_col(st, 7, &oom);
    }
    sqlite3_finalize(st);
    if (oom) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory reading the sources");
    return s;
}

void cov_sources_free(cov_source_rec_t *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        free(s[i].role);
        free(s[i].path);
        free(s[i].layer);
        free(s[i].src_crs);
        free(s[i].coords);
        free(s[i].encoding);
        free(s[i].imported_at);
    }
    free(s);
}

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

cov_status_t cov_layers_summary(cov_ctx_t *ctx, cov_store_t *store, json_t *o)
{
    static const char *const tables[] = {"areas", "facilities", "demand"};
    json_t *layers = json_object_get(o, "layers"), *roles = json_object_get(o, "roles");
    json_t *kinds = json_object_get(o, "kinds"), *outside = json_object_get(o, "outside");
    json_t *areas = json_object_get(o, "areas"), *sources = json_object_get(o, "sources");
    cov_status_t s = COV_OK;
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
                      "area_km2, ifnull(f.health, 0) AS health, ifnull(f.eldercare, 0) AS "
                      "eldercare, ifnull(d.n, 0) AS demand FROM areas a LEFT JOIN (SELECT "
                      "area_id, sum(role = 'health') AS health, sum(role = 'eldercare') AS "
                      "eldercare FROM facilities GROUP BY area_id) f ON f.area_id = a.id LEFT "
                      "JOIN (SELECT area_id, count(*) AS n FROM demand GROUP BY area_id) d ON "
                      "d.area_id = a.id ORDER BY a.code",
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
    return s;
}
