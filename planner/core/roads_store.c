/* The stored road network (see roads_store.h). */
#include "planner/core/roads_store.h"

#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/core/distance.h"
#include "planner/core/service_areas.h"

void cov_roads_classes_free(char **classes, size_t n)
{
    if (!classes) return;
    for (size_t i = 0; i < n; i++) free(classes[i]);
    free(classes);
}

static cov_status_t no_roads(cov_ctx_t *ctx, cov_store_t *store)
{
    return cov_fail(ctx, COV_ERR_NOT_FOUND,
                    "%s: the project has no road network; import one first with 'covplan "
                    "roads %s import FILE'",
                    cov_store_path(store), cov_store_path(store));
}

static int class_index(char ***names, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*names)[i], name) == 0) return (int)i;
    char **p = cov_realloc_array(*names, *n + 1, sizeof *p);
    if (!p) return -1;
    *names = p;
    if (!(p[*n] = cov_strdup(name))) return -1;
    return (int)(*n)++;
}

cov_status_t cov_roads_load(cov_ctx_t *ctx, cov_store_t *store, cov_graph_t **g, char ***classes,
                            size_t *nclasses)
{
    *g = NULL;
    *classes = NULL;
    *nclasses = 0;
    bool have = false;
    cov_status_t s = cov_db_table_exists(ctx, store, "roads", &have);
    if (s) return s;
    if (!have) return no_roads(ctx, store);
    sqlite3_stmt *st;
    if ((s = cov_store_prepare(ctx, store,
                               "SELECT id, from_node, to_node, highway, oneway, AsBinary(geom) "
                               "FROM roads ORDER BY id",
                               &st)))
        return s;
    cov_graph_builder_t *b;
    if ((s = cov_graph_builder_create(ctx, cov_store_srs(store), 0.01, &b))) {
        sqlite3_finalize(st);
        return s;
    }
    cov_distance_info_t di; /* as the import measured: on the ellipsoid where it must */
    s = cov_project_distance(ctx, store, &di);
    if (!s && di.geodesic) s = cov_graph_builder_set_geodesic(ctx, b);
    if (s) {
        cov_graph_builder_destroy(b);
        sqlite3_finalize(st);
        return s;
    }
    size_t n = 0, cap = 0;
    long long *ends = NULL; /* stored from/to per edge, to check the rebuilt numbering */
    int rc = SQLITE_DONE;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            long long *p = cov_realloc_array(ends, cap, 2 * sizeof *p);
            if (!p) {
                s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
                break;
            }
            ends = p;
        }
        ends[2 * n] = sqlite3_column_int64(st, 1);
        ends[2 * n + 1] = sqlite3_column_int64(st, 2);
        int c = class_index(classes, nclasses, (const char *)sqlite3_column_text(st, 3));
        OGRGeometryH geom = NULL;
        OGR_G_CreateFromWkb(sqlite3_column_blob(st, 5), NULL, &geom, sqlite3_column_bytes(st, 5));
        if (c < 0 || !geom || sqlite3_column_int64(st, 0) != (long long)n + 1)
            s = cov_fail(ctx, COV_ERR_DB, "%s: table roads is damaged at id %lld",
                         cov_store_path(store), sqlite3_column_int64(st, 0));
        else
            s = cov_graph_builder_add_geometry(ctx, b, geom, c, sqlite3_column_int(st, 4));
        if (geom) OGR_G_DestroyGeometry(geom);
        n++;
    }
    if (!s && rc != SQLITE_DONE)
        s = cov_fail(ctx, COV_ERR_DB, "%s: reading table roads: %s", cov_store_path(store),
                     sqlite3_errmsg(cov_store_db(store)));
    sqlite3_finalize(st);
    if (!s)
        s = cov_graph_builder_finish(ctx, b, g);
    else
        cov_graph_builder_destroy(b);
    for (size_t e = 0; !s && e < n; e++) {
        size_t from, to;
        cov_graph_edge(*g, e, &from, &to, NULL, NULL, NULL);
        if (e >= cov_graph_edge_count(*g) || (long long)from + 1 != ends[2 * e] ||
            (long long)to + 1 != ends[2 * e + 1])
            s = cov_fail(ctx, COV_ERR_DB,
                         "%s: table roads does not rebuild to the same graph "
                         "(road %zu); re-import the roads",
                         cov_store_path(store), e + 1);
    }
    free(ends);
    if (s) {
        cov_graph_destroy(*g);
        *g = NULL;
        cov_roads_classes_free(*classes, *nclasses);
        *classes = NULL;
        *nclasses = 0;
    }
    return s;
}

cov_status_t cov_roads_exists(cov_ctx_t *ctx, cov_store_t *store, bool *out)
{
    return cov_db_table_exists(ctx, store, "roads", out);
}

cov_status_t cov_roads_drop(cov_ctx_t *ctx, cov_store_t *store)
{
    bool have;
    cov_status_t s = cov_roads_exists(ctx, store, &have);
    if (s || !have) return s;
    if ((s = cov_store_exec(ctx, store, "SELECT DiscardGeometryColumn('roads', 'geom')")) ||
        (s = cov_sa_drop(ctx, store))) /* service areas of the old network */
        return s;
    return cov_store_exec(ctx, store,
                          "DROP TABLE roads; DROP TABLE IF EXISTS nodes; "
                          "DROP TABLE IF EXISTS roads_info; DROP TABLE IF EXISTS network_nearest");
}

static cov_status_t step_done(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st,
                              const char *what)
{
    if (sqlite3_step(st) == SQLITE_DONE) return COV_OK;
    return cov_fail(ctx, COV_ERR_DB, "%s: writing %s: %s", cov_store_path(store), what,
                    sqlite3_errmsg(cov_store_db(store)));
}

cov_status_t cov_roads_write(cov_ctx_t *ctx, cov_store_t *store, const cov_graph_t *g,
                             char *const *classes, const cov_roads_info_t *info, size_t ninfo)
{
    int srid = cov_store_srid(store);
    char sql[256];
    cov_status_t s;
    snprintf(sql, sizeof sql,
             "SELECT AddGeometryColumn('roads', 'geom', %d, 'LINESTRING', 'XY', 1)", srid);
    if ((s = cov_store_exec(ctx, store,
                            "CREATE TABLE roads (id INTEGER PRIMARY KEY, from_node INTEGER NOT "
                            "NULL, to_node INTEGER NOT NULL, length_m REAL NOT NULL, highway TEXT "
                            "NOT NULL, oneway INTEGER NOT NULL);"
                            "CREATE TABLE nodes (id INTEGER PRIMARY KEY, x REAL NOT NULL, y REAL "
                            "NOT NULL, component INTEGER NOT NULL);"
                            "CREATE TABLE roads_info (key TEXT PRIMARY KEY, value TEXT)")) ||
        (s = cov_store_exec(ctx, store, sql)))
        return s;
    sqlite3_stmt *st;
    if ((s = cov_store_prepare(ctx, store, "INSERT INTO nodes VALUES (?, ?, ?, ?)", &st))) return s;
    for (size_t i = 0; i < cov_graph_node_count(g) && !s; i++) {
        double x, y;
        cov_graph_node(g, i, &x, &y);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_double(st, 2, x);
        sqlite3_bind_double(st, 3, y);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)cov_graph_node_component(g, i));
        s = step_done(ctx, store, st, "nodes");
    }
    sqlite3_finalize(st);
    if (s) return s;
    snprintf(sql, sizeof sql, "INSERT INTO roads VALUES (?, ?, ?, ?, ?, ?, GeomFromWKB(?, %d))",
             srid);
    if ((s = cov_store_prepare(ctx, store, sql, &st))) return s;
    size_t ne = cov_graph_edge_count(g);
    for (size_t e = 0; e < ne && !s; e++) {
        size_t from, to, nv;
        double len;
        int cls, ow;
        const double *vx, *vy;
        cov_graph_edge(g, e, &from, &to, &len, &cls, &ow);
        cov_graph_edge_vertices(g, e, &vx, &vy, &nv);
        OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
        OGR_G_SetPoints(line, (int)nv, (void *)vx, sizeof(double), (void *)vy, sizeof(double), NULL,
                        0);
        int wlen = OGR_G_WkbSize(line);
        unsigned char *wkb = malloc((size_t)wlen);
        if (!wkb) {
            OGR_G_DestroyGeometry(line);
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        OGR_G_ExportToIsoWkb(line, wkbNDR, wkb);
        OGR_G_DestroyGeometry(line);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)e + 1);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)from + 1);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)to + 1);
        sqlite3_bind_double(st, 4, len);
        sqlite3_bind_text(st, 5, classes[cls], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, ow);
        sqlite3_bind_blob(st, 7, wkb, wlen, free);
        s = step_done(ctx, store, st, "roads");
        if (e % 5000 == 4999) cov_progress(ctx, "writing roads", e + 1, ne);
    }
    sqlite3_finalize(st);
    if (s) return s;
    if ((s = cov_store_prepare(ctx, store, "INSERT INTO roads_info VALUES (?, ?)", &st))) return s;
    for (size_t i = 0; !s && i < ninfo; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, info[i].key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, info[i].value, -1, SQLITE_STATIC);
        s = step_done(ctx, store, st, "roads_info");
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_roads_info_int(cov_ctx_t *ctx, cov_store_t *store, const char *key, long long *out)
{
    *out = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store, "SELECT CAST(value AS INTEGER) FROM roads_info WHERE key = ?1", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (cov_db_row(ctx, store, st, "roads_info", &s)) *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_nn_write(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                          const char *metric, const char *direction, const cov_nn_rec_t *rows,
                          size_t n)
{
    cov_status_t s = cov_store_exec(
        ctx, store,
        "CREATE TABLE IF NOT EXISTS network_nearest (profile TEXT NOT NULL, metric TEXT NOT "
        "NULL, direction TEXT NOT NULL, target TEXT NOT NULL, target_id INTEGER NOT NULL, "
        "clinic_id INTEGER, cost REAL, path_m REAL, total_m REAL, euclid_m REAL, snap_m REAL, "
        "snap_road INTEGER, snap_t REAL, snap_x REAL, snap_y REAL, PRIMARY KEY (profile, metric, "
        "direction, target, target_id))");
    if (s) return s;
    sqlite3_stmt *st;
    if ((s = cov_store_prepare(ctx, store,
                               "DELETE FROM network_nearest WHERE profile = ?1 AND metric = ?2 AND "
                               "direction = ?3",
                               &st)))
        return s;
    sqlite3_bind_text(st, 1, profile, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, direction, -1, SQLITE_STATIC);
    s = step_done(ctx, store, st, "network_nearest");
    sqlite3_finalize(st);
    if (s) return s;
    if ((s = cov_store_prepare(ctx, store,
                               "INSERT INTO network_nearest VALUES (?1, ?2, ?3, ?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?, ?)",
                               &st)))
        return s;
    for (size_t i = 0; !s && i < n; i++) {
        const cov_nn_rec_t *r = &rows[i];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_text(st, 1, profile, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, direction, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, r->target, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, r->target_id);
        if (r->clinic_id) {
            sqlite3_bind_int64(st, 6, r->clinic_id);
            sqlite3_bind_double(st, 7, r->cost);
            sqlite3_bind_double(st, 8, r->path_m);
            sqlite3_bind_double(st, 9, r->total_m);
            sqlite3_bind_double(st, 10, r->euclid_m);
        }
        if (r->snapped) {
            sqlite3_bind_double(st, 11, r->snap_m);
            sqlite3_bind_int64(st, 12, r->snap_road);
            sqlite3_bind_double(st, 13, r->snap_t);
            sqlite3_bind_double(st, 14, r->snap_x);
            sqlite3_bind_double(st, 15, r->snap_y);
        }
        s = step_done(ctx, store, st, "network_nearest");
    }
    sqlite3_finalize(st);
    return s;
}
