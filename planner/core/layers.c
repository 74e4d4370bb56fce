/* Loading the project's layers into arrays (see layers.h). */
#include "planner/core/layers.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"

cov_status_t cov_areas_load(cov_ctx_t *ctx, cov_store_t *store, bool geometry, cov_area_t **out,
                            size_t *n)
{
    *out = NULL;
    *n = 0;
    cov_status_t s = cov_db_check_numbers(ctx, store, "areas", 0);
    if (s) return s;
    sqlite3_stmt *st;
    s = cov_store_prepare(ctx, store,
                          geometry ? "SELECT id, code, name, population, elderly, AsBinary(geom) "
                                     "FROM areas ORDER BY id"
                                   : "SELECT id, code, name, population, elderly FROM areas "
                                     "ORDER BY id",
                          &st);
    if (s) return s;
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "areas", &s)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            cov_area_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                s = COV_ERR_NOMEM;
                break;
            }
            *out = g, cap = nc;
        }
        cov_area_t *a = &(*out)[(*n)++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        a->code = cov_strdup((const char *)sqlite3_column_text(st, 1));
        a->name = cov_strdup((const char *)sqlite3_column_text(st, 2));
        a->population =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        a->elderly = sqlite3_column_type(st, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 4);
        if (!a->code || (sqlite3_column_text(st, 2) && !a->name)) {
            s = COV_ERR_NOMEM;
            break;
        }
        if (!geometry) continue;
        if ((s = cov_db_col_geometry(ctx, store, st, 5, "areas", a->code, &a->geom))) break;
        OGR_G_GetEnvelope(a->geom, &a->env);
    }
    sqlite3_finalize(st);
    return s;
}

void cov_areas_free(cov_area_t *areas, size_t n)
{
    for (size_t i = 0; areas && i < n; i++) {
        free(areas[i].code);
        free(areas[i].name);
        if (areas[i].geom) OGR_G_DestroyGeometry(areas[i].geom);
    }
    free(areas);
}

size_t cov_areas_find(const cov_area_t *areas, size_t n, long long id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (areas[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && areas[lo].id == id ? lo : (size_t)-1;
}

static double col_num_or_nan(sqlite3_stmt *st, int c)
{
    return sqlite3_column_type(st, c) == SQLITE_NULL ? NAN : sqlite3_column_double(st, c);
}

/* A copy of a text column, NULL for NULL; false when out of memory. */
static bool col_dup(sqlite3_stmt *st, int c, char **out)
{
    const char *t = (const char *)sqlite3_column_text(st, c);
    *out = t ? cov_strdup(t) : NULL;
    return !t || *out;
}

static cov_status_t facilities_load(cov_ctx_t *ctx, cov_store_t *store, const char *role,
                                    bool imported, cov_facility_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    char sql[192];
    snprintf(sql, sizeof sql,
             "SELECT id, code, name, role, kind, capacity, area_id, x, y FROM %s%s ORDER BY id",
             imported ? "main.facilities" : "facilities", role ? " WHERE role = ?1" : "");
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    if (role) sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "facilities", &s)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            cov_facility_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                s = COV_ERR_NOMEM;
                break;
            }
            *out = g, cap = nc;
        }
        cov_facility_t *f = &(*out)[(*n)++];
        memset(f, 0, sizeof *f);
        f->id = sqlite3_column_int64(st, 0);
        f->capacity = col_num_or_nan(st, 5);
        f->area_id = sqlite3_column_int64(st, 6); /* NULL reads as 0 */
        f->x = sqlite3_column_double(st, 7);
        f->y = sqlite3_column_double(st, 8);
        if (!col_dup(st, 1, &f->code) || !col_dup(st, 2, &f->name) || !col_dup(st, 3, &f->role) ||
            !col_dup(st, 4, &f->kind)) {
            s = COV_ERR_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    return s == COV_ERR_NOMEM ? cov_fail(ctx, s, "out of memory reading the facilities") : s;
}

cov_status_t cov_facilities_load(cov_ctx_t *ctx, cov_store_t *store, const char *role,
                                 cov_facility_t **out, size_t *n)
{
    return facilities_load(ctx, store, role, false, out, n);
}

cov_status_t cov_facilities_load_imported(cov_ctx_t *ctx, cov_store_t *store, cov_facility_t **out,
                                          size_t *n)
{
    return facilities_load(ctx, store, NULL, true, out, n);
}

void cov_facilities_free(cov_facility_t *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++) {
        free(f[i].code);
        free(f[i].name);
        free(f[i].role);
        free(f[i].kind);
    }
    free(f);
}

cov_status_t cov_demand_load(cov_ctx_t *ctx, cov_store_t *store, cov_demand_point_t **out,
                             size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store, "SELECT id, code, weight, area_id, x, y FROM demand ORDER BY id", &st);
    if (s) return s;
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "demand", &s)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            cov_demand_point_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                s = COV_ERR_NOMEM;
                break;
            }
            *out = g, cap = nc;
        }
        cov_demand_point_t *d = &(*out)[(*n)++];
        memset(d, 0, sizeof *d);
        d->id = sqlite3_column_int64(st, 0);
        d->weight = col_num_or_nan(st, 2);
        d->area_id = sqlite3_column_int64(st, 3);
        d->x = sqlite3_column_double(st, 4);
        d->y = sqlite3_column_double(st, 5);
        if (!col_dup(st, 1, &d->code)) {
            s = COV_ERR_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    return s == COV_ERR_NOMEM ? cov_fail(ctx, s, "out of memory reading the demand") : s;
}

void cov_demand_free(cov_demand_point_t *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++) free(d[i].code);
    free(d);
}

cov_status_t cov_demand_count(cov_ctx_t *ctx, cov_store_t *store, long long *n)
{
    return cov_store_count(ctx, store, "SELECT count(*) FROM demand", n);
}

cov_status_t cov_facility_kind_counts(cov_ctx_t *ctx, cov_store_t *store, cov_kind_count_t **out,
                                      size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT area_id, kind, count(*) FROM facilities GROUP BY"
                                       " area_id, kind ORDER BY area_id, kind",
                                       &st);
    if (s) return s;
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "facilities", &s)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            cov_kind_count_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                s = COV_ERR_NOMEM;
                break;
            }
            *out = g, cap = nc;
        }
        cov_kind_count_t *c = &(*out)[(*n)++];
        c->area_id = sqlite3_column_int64(st, 0);
        c->n = sqlite3_column_int64(st, 2);
        if (!col_dup(st, 1, &c->kind)) {
            s = COV_ERR_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    return s == COV_ERR_NOMEM ? cov_fail(ctx, s, "out of memory counting the facilities") : s;
}

void cov_kind_counts_free(cov_kind_count_t *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) free(c[i].kind);
    free(c);
}

cov_status_t cov_area_at(cov_ctx_t *ctx, cov_store_t *store, double x, double y, long long *out)
{
    *out = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT id FROM main.areas WHERE MbrMinX(geom) <= ?1 AND "
                                       "MbrMaxX(geom) >= ?1 AND MbrMinY(geom) <= ?2 AND "
                                       "MbrMaxY(geom) >= ?2 AND ST_Intersects(geom, MakePoint(?1, "
                                       "?2, ?3)) = 1 ORDER BY id LIMIT 1",
                                       &st);
    if (s) return s;
    sqlite3_bind_double(st, 1, x);
    sqlite3_bind_double(st, 2, y);
    sqlite3_bind_int(st, 3, cov_store_srid(store));
    if (cov_db_row(ctx, store, st, "areas", &s)) *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_area_id_of(cov_ctx_t *ctx, cov_store_t *store, const char *code, long long *id)
{
    *id = 0;
    sqlite3_stmt *st;
    cov_status_t s =
        cov_store_prepare(ctx, store, "SELECT id FROM main.areas WHERE code = ?1", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    if (cov_db_row(ctx, store, st, "areas", &s)) *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_area_containing(cov_ctx_t *ctx, cov_store_t *store, double x, double y,
                                 int finer_than, char **code)
{
    *code = NULL;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store,
        "SELECT code, CASE level WHEN 'province' THEN 1 WHEN 'prefecture' THEN 2 WHEN 'county'"
        " THEN 3 WHEN 'township' THEN 4 WHEN 'village' THEN 5 END AS rank FROM main.areas"
        " WHERE rank IS NOT NULL AND rank < ?4 AND MbrMinX(geom) <= ?1 AND MbrMaxX(geom) >= ?1"
        " AND MbrMinY(geom) <= ?2 AND MbrMaxY(geom) >= ?2 AND ST_Intersects(geom,"
        " MakePoint(?1, ?2, ?3)) = 1 ORDER BY rank DESC, id LIMIT 1",
        &st);
    if (s) return s;
    sqlite3_bind_double(st, 1, x);
    sqlite3_bind_double(st, 2, y);
    sqlite3_bind_int(st, 3, cov_store_srid(store));
    sqlite3_bind_int(st, 4, finer_than);
    if (cov_db_row(ctx, store, st, "areas", &s) && sqlite3_column_text(st, 0) &&
        !(*code = cov_strdup((const char *)sqlite3_column_text(st, 0))))
        s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    sqlite3_finalize(st);
    return s;
}
