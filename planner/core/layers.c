/* Loading the project's layers into arrays (see layers.h). */
#include "planner/core/layers.h"

#include <math.h>
#include <sqlite3.h>
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
