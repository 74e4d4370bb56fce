/* Service areas kept in the project (roads areas --store): the table
 * service_areas, which maps draw instead of straight-line circles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/core/service_areas.h"

struct cov_sa_writer {
    cov_store_t *store;
    sqlite3_stmt *ins;
};

cov_status_t cov_sa_drop(cov_ctx_t *ctx, cov_store_t *store)
{
    long long n = 0;
    cov_status_t s = cov_store_count(
        ctx, store, "SELECT count(*) FROM sqlite_master WHERE name = 'service_areas'", &n);
    if (s || !n) return s;
    if ((s = cov_store_exec(ctx, store, "SELECT DiscardGeometryColumn('service_areas', 'geom')")))
        return s;
    return cov_store_exec(ctx, store, "DROP TABLE service_areas");
}

cov_status_t cov_sa_begin(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                          const char *metric, const double *costs, size_t ncosts,
                          cov_sa_writer_t **out)
{
    *out = NULL;
    long long n = 0;
    cov_status_t s = cov_store_count(
        ctx, store, "SELECT count(*) FROM sqlite_master WHERE name = 'service_areas'", &n);
    if (s) return s;
    if (!n) {
        char sql[256];
        s = cov_store_exec(ctx, store,
                           "CREATE TABLE service_areas (id INTEGER PRIMARY KEY, profile TEXT NOT "
                           "NULL, metric TEXT NOT NULL, clinic_id INTEGER NOT NULL, cost REAL NOT "
                           "NULL, unit TEXT NOT NULL, width_m REAL NOT NULL, UNIQUE (profile, "
                           "metric, cost, clinic_id))");
        snprintf(sql, sizeof sql,
                 "SELECT AddGeometryColumn('service_areas', 'geom', %d, "
                 "'MULTIPOLYGON', 'XY')",
                 cov_store_srid(store));
        if (!s) s = cov_store_exec(ctx, store, sql);
        if (s) return s;
    }
    /* a run replaces the areas of its profile, metric and costs */
    sqlite3_stmt *del;
    if ((s = cov_store_prepare(ctx, store,
                               "DELETE FROM service_areas WHERE profile = ? AND "
                               "metric = ? AND cost = ?",
                               &del)))
        return s;
    for (size_t i = 0; !s && i < ncosts; i++) {
        sqlite3_bind_text(del, 1, profile, -1, SQLITE_STATIC);
        sqlite3_bind_text(del, 2, metric, -1, SQLITE_STATIC);
        sqlite3_bind_double(del, 3, costs[i]);
        if (sqlite3_step(del) != SQLITE_DONE)
            s = cov_fail(ctx, COV_ERR_DB, "%s: clearing service_areas: %s", cov_store_path(store),
                         sqlite3_errmsg(cov_store_db(store)));
        sqlite3_reset(del);
    }
    sqlite3_finalize(del);
    if (s) return s;
    cov_sa_writer_t *w = calloc(1, sizeof *w);
    if (!w) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    w->store = store;
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO service_areas (profile, metric, clinic_id, cost, unit, "
             "width_m, geom) "
             "VALUES ('%s', '%s', ?, ?, '%s', ?, "
             "CastToMultiPolygon(GeomFromWKB(?, %d)))",
             profile, metric, strcmp(metric, "time") == 0 ? "min" : "m", cov_store_srid(store));
    if ((s = cov_store_prepare(ctx, store, sql, &w->ins))) {
        free(w);
        return s;
    }
    *out = w;
    return COV_OK;
}

cov_status_t cov_sa_write(cov_ctx_t *ctx, cov_sa_writer_t *w, long long clinic_id, double cost,
                          double width, OGRGeometryH poly)
{
    if (OGR_G_IsEmpty(poly)) return COV_OK; /* nothing reachable: no row */
    int nb = OGR_G_WkbSize(poly);
    unsigned char *wkb = malloc(nb > 0 ? (size_t)nb : 1);
    if (!wkb) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    OGR_G_ExportToIsoWkb(poly, wkbNDR, wkb);
    sqlite3_bind_int64(w->ins, 1, clinic_id);
    sqlite3_bind_double(w->ins, 2, cost);
    sqlite3_bind_double(w->ins, 3, width);
    sqlite3_bind_blob(w->ins, 4, wkb, nb, SQLITE_TRANSIENT);
    int rc = sqlite3_step(w->ins);
    sqlite3_reset(w->ins);
    free(wkb);
    if (rc != SQLITE_DONE)
        return cov_fail(ctx, COV_ERR_DB, "%s: writing the service area of clinic %lld: %s",
                        cov_store_path(w->store), clinic_id,
                        sqlite3_errmsg(cov_store_db(w->store)));
    return COV_OK;
}

void cov_sa_end(cov_sa_writer_t *w)
{
    if (!w) return;
    sqlite3_finalize(w->ins);
    free(w);
}

cov_status_t cov_sa_load(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                         const char *metric, double cost, cov_sa_rec_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bool stored; /* the table exists once service areas were stored (roads … areas --store) */
    cov_status_t s = cov_db_table_exists(ctx, store, "service_areas", &stored);
    if (s || !stored) return s;
    sqlite3_stmt *st;
    s = cov_store_prepare(ctx, store,
                          "SELECT AsBinary(s.geom), f.kind FROM service_areas s JOIN "
                          "facilities f ON f.id = s.clinic_id WHERE s.profile = ? AND "
                          "s.metric = ? AND s.cost = ? ORDER BY s.clinic_id",
                          &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, profile, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, cost);
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "service_areas", &s)) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            cov_sa_rec_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
                break;
            }
            *out = g, cap = nc;
        }
        cov_sa_rec_t *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        if (kind && !(r->kind = cov_strdup(kind))) {
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        if ((s = cov_db_col_geometry(ctx, store, st, 0, "service_areas", NULL, &r->geom))) break;
    }
    sqlite3_finalize(st);
    return s;
}

void cov_sa_free(cov_sa_rec_t *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        if (a[i].geom) OGR_G_DestroyGeometry(a[i].geom);
        free(a[i].kind);
    }
    free(a);
}
