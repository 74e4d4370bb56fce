/* Writing the project's layers (see layer_store.h). */
#include "planner/core/layer_store.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/core/rtree_bulk.h"

static const char *const TABLES[] = {"areas", "facilities", "demand"};

cov_status_t cov_layer_rows(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role, long long *n)
{
    *n = 0;
    if (!cov_store_srid(store)) return COV_OK; /* no layers yet */
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM main.%s", TABLES[role]);
    return cov_store_count(ctx, store, sql, n);
}

cov_status_t cov_sources_add(cov_ctx_t *ctx, cov_store_t *store, const cov_source_new_t *src,
                             long long *id)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store,
        "INSERT INTO sources (role, path, layer, src_crs, coords, encoding, features, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, TABLES[src->role], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, src->path, -1, SQLITE_TRANSIENT);
    cov_store_bind_text(st, 3, src->layer);
    cov_store_bind_text(st, 4, src->src_crs);
    cov_store_bind_text(st, 5, src->coords);
    cov_store_bind_text(st, 6, src->encoding);
    sqlite3_bind_int64(st, 7, src->features);
    s = cov_store_step_done(ctx, store, st, "the import record (sources)");
    sqlite3_finalize(st);
    if (!s) *id = sqlite3_last_insert_rowid(cov_store_db(store));
    return s;
}

cov_status_t cov_layer_clear(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role)
{
    char sql[64];
    snprintf(sql, sizeof sql, "DELETE FROM main.%s", TABLES[role]);
    return cov_store_exec(ctx, store, sql);
}

cov_status_t cov_layer_clear_source(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                    const char *path, const char *layer)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "DELETE FROM main.%s WHERE source_id IN (SELECT id FROM sources WHERE path = ? AND "
             "layer IS ?)",
             TABLES[role]);
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
    cov_store_bind_text(st, 2, layer);
    s = cov_store_step_done(ctx, store, st, "the rows of the earlier import");
    sqlite3_finalize(st);
    return s;
}

struct cov_layer_writer {
    cov_ctx_t *ctx;
    cov_store_t *store;
    cov_layer_role_t role;
    long long source_id;
    sqlite3_stmt *st;
    char **triggers; /* SpatiaLite's per-row triggers, dropped while the rows go in */
    size_t ntriggers;
    bool indexed; /* the layer has a spatial index (rebuilt at finish) */
    size_t added;
};

/* SpatiaLite keeps a geometry column with triggers that run for every row: a geometry check
 * (gg*), the spatial index (gi*: a delete and an R-tree insert) and a timestamp (tm*: an UPDATE
 * of geometry_columns_time), together most of an import's time. The writer keeps their SQL,
 * drops them for the rows (covplan makes every geometry itself, in the project's SRID), and at
 * finish packs the whole spatial index at once (rtree_bulk.c), stamps the time once and puts
 * the same triggers back, all in the import's transaction. */
static cov_status_t drop_triggers(cov_layer_writer_t *w)
{
    char *sql = sqlite3_mprintf("SELECT sql, name FROM sqlite_master WHERE type = 'trigger' AND "
                                "tbl_name = '%q' AND (name GLOB 'gg[iu]_*' OR name GLOB "
                                "'gi[iud]_*' OR name GLOB 'tm[iud]_*') ORDER BY name",
                                TABLES[w->role]);
    if (!sql) return cov_fail(w->ctx, COV_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(w->ctx, w->store, sql, &st);
    sqlite3_free(sql);
    if (s) return s;
    char **names = NULL;
    bool row;
    while (!(s = cov_db_next(w->ctx, w->store, st, "sqlite_master", &row)) && row) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        const char *nm = (const char *)sqlite3_column_text(st, 1);
        char **g = cov_realloc_array(w->triggers, w->ntriggers + 1, sizeof *g);
        char **h = cov_realloc_array(names, w->ntriggers + 1, sizeof *h);
        if (g) w->triggers = g;
        if (h) names = h;
        if (!g || !h || !t || !nm) {
            s = cov_fail(w->ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        w->triggers[w->ntriggers] = cov_strdup(t);
        names[w->ntriggers] = cov_strdup(nm);
        w->ntriggers++;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; !s && i < w->ntriggers; i++) {
        if (!w->triggers[i] || !names[i]) {
            s = cov_fail(w->ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        char *drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", names[i]);
        s = drop ? cov_store_exec(w->ctx, w->store, drop) : COV_ERR_NOMEM;
        sqlite3_free(drop);
    }
    for (size_t i = 0; i < w->ntriggers; i++) free(names ? names[i] : NULL);
    free(names);
    if (s) return s;
    long long n = 0;
    sql = sqlite3_mprintf("SELECT count(*) FROM geometry_columns WHERE f_table_name = '%q' AND "
                          "spatial_index_enabled = 1",
                          TABLES[w->role]);
    s = sql ? cov_store_count(w->ctx, w->store, sql, &n) : COV_ERR_NOMEM;
    sqlite3_free(sql);
    w->indexed = n > 0;
    return s;
}

typedef struct entries {
    sqlite3_stmt *st;
    cov_ctx_t *ctx;
    cov_store_t *store;
} entries_t;

static cov_status_t next_entry(void *user, long long *id, double box[4])
{
    entries_t *e = user;
    bool row;
    cov_status_t s = cov_db_next(e->ctx, e->store, e->st, "the layer's geometries", &row);
    if (s) return s;
    if (!row) return COV_ERR_NOT_FOUND;
    *id = sqlite3_column_int64(e->st, 0);
    for (int i = 0; i < 4; i++) box[i] = sqlite3_column_double(e->st, 1 + i);
    return COV_OK;
}

cov_status_t cov_layer_writer_open(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                   long long source_id, cov_layer_writer_t **out)
{
    *out = NULL;
    int srid = cov_store_srid(store);
    char sql[512];
    if (role == COV_LAYER_AREAS)
        snprintf(sql, sizeof sql,
                 "INSERT INTO areas (code, name, population, elderly, area_km2, source_id, geom, "
                 "level, parent_code) VALUES (?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, "
                 "%d)), ?, ?)",
                 srid);
    else if (role == COV_LAYER_FACILITIES)
        snprintf(sql, sizeof sql,
                 "INSERT INTO facilities (code, name, role, kind, source_kind, capacity, area_id, "
                 "x, y, source_id, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, "
                 "%d))",
                 srid);
    else
        snprintf(sql, sizeof sql,
                 "INSERT INTO demand (code, weight, area_id, x, y, source_id, geom) "
                 "VALUES (?, ?, ?, ?, ?, ?, MakePoint(?, ?, %d))",
                 srid);
    cov_layer_writer_t *w = calloc(1, sizeof *w);
    if (!w) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    w->ctx = ctx, w->store = store, w->role = role, w->source_id = source_id;
    cov_status_t s = drop_triggers(w);
    if (!s) s = cov_store_prepare(ctx, store, sql, &w->st);
    if (s) {
        cov_layer_writer_close(w);
        return s;
    }
    *out = w;
    return COV_OK;
}

cov_status_t cov_layer_writer_finish(cov_layer_writer_t *w)
{
    cov_status_t s = COV_OK;
    const char *t = TABLES[w->role];
    if (w->indexed) {
        char *sql = sqlite3_mprintf(
            w->role == COV_LAYER_AREAS
                ? "SELECT id, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) FROM "
                  "main.\"%w\" WHERE geom IS NOT NULL ORDER BY id"
                : "SELECT id, x, x, y, y FROM main.\"%w\" ORDER BY id",
            t);
        char *index = sqlite3_mprintf("idx_%s_geom", t);
        entries_t e = {NULL, w->ctx, w->store};
        s = sql && index ? cov_store_prepare(w->ctx, w->store, sql, &e.st) : COV_ERR_NOMEM;
        if (!s) s = cov_rtree_bulk_load(w->ctx, w->store, index, next_entry, &e);
        sqlite3_finalize(e.st);
        sqlite3_free(sql);
        sqlite3_free(index);
    }
    /* what the dropped tm*_ trigger would have done for the last row */
    if (!s && w->added) {
        char *sql = sqlite3_mprintf(
            "UPDATE geometry_columns_time SET last_insert = strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', "
            "'now') WHERE Lower(f_table_name) = Lower('%q') AND Lower(f_geometry_column) = "
            "Lower('geom')",
            t);
        s = sql ? cov_store_exec(w->ctx, w->store, sql) : COV_ERR_NOMEM;
        sqlite3_free(sql);
    }
    for (size_t i = 0; !s && i < w->ntriggers; i++)
        s = cov_store_exec(w->ctx, w->store, w->triggers[i]);
    return s;
}

cov_status_t cov_layer_writer_add(cov_layer_writer_t *w, const cov_layer_row_t *r)
{
    sqlite3_stmt *st = w->st;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (w->role == COV_LAYER_AREAS) {
        int len = OGR_G_WkbSize(r->geom);
        unsigned char *wkb = malloc(len > 0 ? (size_t)len : 1);
        if (!wkb) return cov_fail(w->ctx, COV_ERR_NOMEM, "out of memory");
        OGR_G_ExportToIsoWkb(r->geom, wkbNDR, wkb);
        cov_store_bind_text(st, 1, r->code);
        cov_store_bind_text(st, 2, r->name);
        cov_store_bind_num(st, 3, r->population);
        cov_store_bind_num(st, 4, r->elderly);
        sqlite3_bind_double(st, 5, OGR_G_Area(r->geom) / 1e6);
        sqlite3_bind_int64(st, 6, w->source_id);
        sqlite3_bind_blob(st, 7, wkb, len, free);
        cov_store_bind_text(st, 8, r->level);
        cov_store_bind_text(st, 9, r->parent_code);
    } else if (w->role == COV_LAYER_FACILITIES) {
        cov_store_bind_text(st, 1, r->code);
        cov_store_bind_text(st, 2, r->name);
        cov_store_bind_text(st, 3, r->role);
        cov_store_bind_text(st, 4, r->kind);
        cov_store_bind_text(st, 5, r->source_kind);
        cov_store_bind_num(st, 6, r->capacity);
        if (r->area_id) sqlite3_bind_int64(st, 7, r->area_id);
        sqlite3_bind_double(st, 8, r->x);
        sqlite3_bind_double(st, 9, r->y);
        sqlite3_bind_int64(st, 10, w->source_id);
        sqlite3_bind_double(st, 11, r->x);
        sqlite3_bind_double(st, 12, r->y);
    } else {
        cov_store_bind_text(st, 1, r->code);
        sqlite3_bind_double(st, 2, r->weight);
        if (r->area_id) sqlite3_bind_int64(st, 3, r->area_id);
        sqlite3_bind_double(st, 4, r->x);
        sqlite3_bind_double(st, 5, r->y);
        sqlite3_bind_int64(st, 6, w->source_id);
        sqlite3_bind_double(st, 7, r->x);
        sqlite3_bind_double(st, 8, r->y);
    }
    if (sqlite3_step(st) == SQLITE_DONE) {
        w->added++;
        return COV_OK;
    }
    sqlite3 *db = cov_store_db(w->store);
    if (sqlite3_errcode(db) == SQLITE_CONSTRAINT)
        return cov_fail(w->ctx, COV_ERR_INPUT, "id '%s' is already in the project", r->code);
    return cov_fail(w->ctx, COV_ERR_DB, "%s: writing %s: %s", cov_store_path(w->store),
                    TABLES[w->role], sqlite3_errmsg(db));
}

void cov_layer_writer_close(cov_layer_writer_t *w)
{
    if (!w) return;
    sqlite3_finalize(w->st);
    for (size_t i = 0; i < w->ntriggers; i++) free(w->triggers[i]);
    free(w->triggers);
    free(w);
}

cov_status_t cov_layer_set_areas(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                 const long long *ids, const long long *area, size_t n)
{
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE main.%s SET area_id = ? WHERE id = ?", TABLES[role]);
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    for (size_t i = 0; !s && i < n; i++) {
        if (area[i])
            sqlite3_bind_int64(st, 1, area[i]);
        else
            sqlite3_bind_null(st, 1);
        sqlite3_bind_int64(st, 2, ids[i]);
        s = cov_store_step_done(ctx, store, st, TABLES[role]);
    }
    sqlite3_finalize(st);
    return s;
}
