/* Writing an import: areas for points, the sources record, the rows, and --replace. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/import/import_private.h"

/* Load the project's areas (id order) and index them for point-in-polygon. */
cov_status_t import_load_areas(job_t *j)
{
    long long n;
    cov_status_t s = cov_store_count(j->ctx, j->store, "SELECT count(*) FROM areas", &n);
    if (s) return s;
    j->area_geom = cov_calloc_array((size_t)n, sizeof *j->area_geom);
    j->area_id = cov_calloc_array((size_t)n, sizeof *j->area_id);
    j->area_code = cov_calloc_array((size_t)n, sizeof *j->area_code);
    if (!j->area_geom || !j->area_id || !j->area_code) return COV_ERR_NOMEM;
    sqlite3_stmt *st;
    s = cov_store_prepare(j->ctx, j->store,
                          "SELECT id, code, AsBinary(geom) FROM areas ORDER BY id", &st);
    if (s) return s;
    while (j->narea < (size_t)n && cov_db_row(j->ctx, j->store, st, "areas", &s)) {
        OGRGeometryH g;
        if ((s = cov_db_col_geometry(j->ctx, j->store, st, 2, "areas",
                                     (const char *)sqlite3_column_text(st, 1), &g)))
            break;
        j->area_geom[j->narea] = g;
        j->area_id[j->narea] = sqlite3_column_int64(st, 0);
        j->area_code[j->narea] = cov_strdup((const char *)sqlite3_column_text(st, 1));
        j->narea++;
    }
    sqlite3_finalize(st);
    if (s) return s;
    return cov_locator_build(j->area_geom, j->narea, &j->locator);
}

/* Give every point its area; refuse points outside all areas unless keep_outside, and
 * diagnose swapped latitude/longitude when the swapped point falls inside. */
cov_status_t import_assign_areas(job_t *j, cov_import_result_t *res)
{
    size_t outside = 0;
    char list[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < j->n; i++) {
        row_t *r = &j->rows[i];
        r->area = cov_locator_find(j->locator, r->x, r->y);
        if (r->area >= 0) continue;
        if (!j->src) continue; /* raster cells outside the areas are dropped below */
        if (cov_source_is_geographic(j->src)) {
            double sx = r->raw_y, sy = r->raw_x;
            if (cov_source_transform_point(j->src, &sx, &sy) &&
                cov_locator_find(j->locator, sx, sy) >= 0)
                return cov_fail(j->ctx, COV_ERR_INPUT,
                                "%s: %s %lld (id '%s'): latitude and longitude look swapped "
                                "(%.6f, %.6f lies outside every area, swapped it lies inside); "
                                "longitude must be x: swap the columns or fix the source",
                                j->path, import_unit_of(j), r->src_row, r->code, r->raw_x,
                                r->raw_y);
        }
        if (++outside <= LIST_MAX && used + 2 < sizeof list) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", r->code);
            if (w > 0) used += (size_t)w;
        }
    }
    if (outside && !j->o->keep_outside)
        return cov_fail(j->ctx, COV_ERR_INPUT,
                        "%s: %zu point(s) lie outside every area (ids: %s%s); check --src-crs, or "
                        "pass --keep-outside to keep them without an area",
                        j->path, outside, list, outside > LIST_MAX ? ", ..." : "");
    if (outside)
        cov_log(j->ctx, COV_LOG_WARN, "%s: %zu point(s) outside every area kept (ids: %s%s)",
                j->path, outside, list, outside > LIST_MAX ? ", ..." : "");
    res->outside = (long long)outside;
    return COV_OK;
}

cov_status_t import_record_source(job_t *j, long long *source_id)
{
    static const char *const role_names[] = {"areas", "facilities", "demand"};
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        j->ctx, j->store,
        "INSERT INTO sources (role, path, layer, src_crs, coords, encoding, features, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        &st);
    if (s) return s;
    cov_webcrs_t w = j->src ? cov_source_webcrs(j->src) : COV_WEBCRS_NONE;
    const char *crs_name = j->src ? cov_source_crs_name(j->src) : j->o->source.src_crs;
    const char *encoding = j->src ? cov_source_encoding(j->src) : NULL;
    sqlite3_bind_text(st, 1, role_names[j->role], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, j->path, -1, SQLITE_TRANSIENT);
    cov_store_bind_text(st, 3, import_layer_of(j));
    sqlite3_bind_text(st, 4, crs_name ? crs_name : "raster's own", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, w == COV_WEBCRS_NONE ? "native" : cov_webcrs_name(w), -1,
                      SQLITE_STATIC);
    if (encoding) sqlite3_bind_text(st, 6, encoding, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)j->n);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return cov_fail(j->ctx, COV_ERR_DB, "recording the import: %s",
                        sqlite3_errmsg(cov_store_db(j->store)));
    *source_id = sqlite3_last_insert_rowid(cov_store_db(j->store));
    return COV_OK;
}

static cov_status_t insert_failed(job_t *j, const row_t *r)
{
    sqlite3 *db = cov_store_db(j->store);
    if (sqlite3_errcode(db) == SQLITE_CONSTRAINT)
        return cov_fail(j->ctx, COV_ERR_INPUT,
                        "%s: %s %lld: id '%s' is already in the project; pass --replace to "
                        "replace the earlier import, or use other ids",
                        j->path, import_unit_of(j), r->src_row, r->code);
    return cov_fail(j->ctx, COV_ERR_DB, "%s: writing %s %lld: %s", cov_store_path(j->store),
                    import_unit_of(j), r->src_row, sqlite3_errmsg(db));
}

cov_status_t import_write_rows(job_t *j, long long source_id)
{
    int srid = cov_store_srid(j->store);
    char sql[512];
    if (j->role == COV_LAYER_AREAS)
        snprintf(sql, sizeof sql,
                 "INSERT INTO areas (code, name, population, elderly, area_km2, source_id, geom) "
                 "VALUES (?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, %d)))",
                 srid);
    else if (j->role == COV_LAYER_FACILITIES)
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
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(j->ctx, j->store, sql, &st);
    if (s) return s;
    for (size_t i = 0; i < j->n && !s; i++) {
        row_t *r = &j->rows[i];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_int64 area = r->area >= 0 ? j->area_id[r->area] : 0;
        if (j->role == COV_LAYER_AREAS) {
            int len = OGR_G_WkbSize(r->geom);
            unsigned char *wkb = malloc((size_t)len);
            if (!wkb) {
                s = COV_ERR_NOMEM;
                break;
            }
            OGR_G_ExportToIsoWkb(r->geom, wkbNDR, wkb);
            cov_store_bind_text(st, 1, r->code);
            cov_store_bind_text(st, 2, r->name);
            cov_store_bind_num(st, 3, r->pop);
            cov_store_bind_num(st, 4, r->elderly);
            sqlite3_bind_double(st, 5, OGR_G_Area(r->geom) / 1e6);
            sqlite3_bind_int64(st, 6, source_id);
            sqlite3_bind_blob(st, 7, wkb, len, free);
        } else if (j->role == COV_LAYER_FACILITIES) {
            cov_store_bind_text(st, 1, r->code);
            cov_store_bind_text(st, 2, r->name);
            cov_store_bind_text(st, 3, r->role);
            cov_store_bind_text(st, 4, r->kind);
            cov_store_bind_text(st, 5, r->source_kind);
            cov_store_bind_num(st, 6, r->capacity);
            if (area) sqlite3_bind_int64(st, 7, area);
            sqlite3_bind_double(st, 8, r->x);
            sqlite3_bind_double(st, 9, r->y);
            sqlite3_bind_int64(st, 10, source_id);
            sqlite3_bind_double(st, 11, r->x);
            sqlite3_bind_double(st, 12, r->y);
        } else {
            cov_store_bind_text(st, 1, r->code);
            sqlite3_bind_double(st, 2, r->weight);
            if (area) sqlite3_bind_int64(st, 3, area);
            sqlite3_bind_double(st, 4, r->x);
            sqlite3_bind_double(st, 5, r->y);
            sqlite3_bind_int64(st, 6, source_id);
            sqlite3_bind_double(st, 7, r->x);
            sqlite3_bind_double(st, 8, r->y);
        }
        if (sqlite3_step(st) != SQLITE_DONE) s = insert_failed(j, r);
        if (i % 100 == 99) cov_progress(j->ctx, "writing", i + 1, j->n);
    }
    sqlite3_finalize(st);
    return s;
}

/* After areas change, every facility and demand point gets its area again. */
cov_status_t import_reassign_points(job_t *j, cov_import_result_t *res)
{
    static const char *const tables[] = {"facilities", "demand"};
    cov_status_t s = import_load_areas(j);
    for (int t = 0; t < 2 && !s; t++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT id, code, x, y FROM %s ORDER BY id", tables[t]);
        sqlite3_stmt *sel, *upd;
        if ((s = cov_store_prepare(j->ctx, j->store, sql, &sel))) break;
        snprintf(sql, sizeof sql, "UPDATE %s SET area_id = ? WHERE id = ?", tables[t]);
        if ((s = cov_store_prepare(j->ctx, j->store, sql, &upd))) {
            sqlite3_finalize(sel);
            break;
        }
        long long outside = 0;
        while (cov_db_row(j->ctx, j->store, sel, "the project", &s)) {
            long a = cov_locator_find(j->locator, sqlite3_column_double(sel, 2),
                                      sqlite3_column_double(sel, 3));
            if (a < 0 && !j->o->keep_outside)
                s = cov_fail(j->ctx, COV_ERR_INPUT,
                             "%s: the new areas leave %s id '%s' outside every area; pass "
                             "--keep-outside to accept that",
                             j->path, tables[t], (const char *)sqlite3_column_text(sel, 1));
            if (a < 0) outside++;
            sqlite3_reset(upd);
            if (a >= 0)
                sqlite3_bind_int64(upd, 1, j->area_id[a]);
            else
                sqlite3_bind_null(upd, 1);
            sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
            if (!s && sqlite3_step(upd) != SQLITE_DONE)
                s = cov_fail(j->ctx, COV_ERR_DB, "updating areas of %s: %s", tables[t],
                             sqlite3_errmsg(cov_store_db(j->store)));
        }
        res->outside += outside;
        sqlite3_finalize(sel);
        sqlite3_finalize(upd);
    }
    return s;
}

cov_status_t import_clear_previous(job_t *j, long long *existing)
{
    const char *table = j->role == COV_LAYER_AREAS        ? "areas"
                        : j->role == COV_LAYER_FACILITIES ? "facilities"
                                                          : "demand";
    char sql[512];
    if (j->role == COV_LAYER_AREAS) {
        cov_status_t s = cov_store_count(j->ctx, j->store, "SELECT count(*) FROM areas", existing);
        if (s || !*existing) return s;
        if (!j->o->replace)
            return cov_fail(j->ctx, COV_ERR_USAGE,
                            "%s: the project already has %lld areas; pass --replace to replace "
                            "them",
                            cov_store_path(j->store), *existing);
        return cov_store_exec(j->ctx, j->store, "DELETE FROM areas");
    }
    if (!j->o->replace) return COV_OK;
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql,
             "DELETE FROM %s WHERE source_id IN (SELECT id FROM sources WHERE path = ? AND "
             "layer IS ?)",
             table);
    cov_status_t s = cov_store_prepare(j->ctx, j->store, sql, &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, j->path, -1, SQLITE_TRANSIENT);
    cov_store_bind_text(st, 2, import_layer_of(j));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return cov_fail(j->ctx, COV_ERR_DB, "replacing the earlier import: %s",
                        sqlite3_errmsg(cov_store_db(j->store)));
    return COV_OK;
}

cov_status_t import_require_areas(job_t *j)
{
    long long nareas = 0;
    cov_status_t s = COV_OK;
    if (cov_store_srid(j->store))
        s = cov_store_count(j->ctx, j->store, "SELECT count(*) FROM areas", &nareas);
    if (s) return s;
    if (!nareas)
        return cov_fail(j->ctx, COV_ERR_USAGE,
                        "%s: the project has no areas yet; import them first: covplan import "
                        "%s areas FILE",
                        cov_store_path(j->store), cov_store_path(j->store));
    return COV_OK;
}
