/* The effective facility set of a scenario: imported facilities, then each scenario of the base
 * chain's closes, changes and additions in order; and the TEMP "facilities" table that lets
 * every analysis read a scenario as if it were the imported data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/scenario/scenario_private.h"

struct cov_facset {
    cov_facility_t *f;
    size_t n, cap;
    bool *closed;
    long long next_id; /* the next id of an added facility: -1, -2, ... */
};

size_t cov_facset_count(const cov_facset_t *set) { return set ? set->n : 0; }

const cov_facility_t *cov_facset_get(const cov_facset_t *set, size_t i)
{
    return set && i < set->n ? &set->f[i] : NULL;
}

const cov_facility_t *cov_facset_find_code(const cov_facset_t *set, const char *code)
{
    for (size_t i = 0; set && i < set->n; i++)
        if (!(set->closed && set->closed[i]) && strcmp(set->f[i].code, code) == 0)
            return &set->f[i];
    return NULL;
}

static void fac_free(cov_facility_t *f)
{
    free(f->code);
    free(f->name);
    free(f->role);
    free(f->kind);
}

void cov_facset_destroy(cov_facset_t *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) fac_free(&set->f[i]);
    free(set->f);
    free(set->closed);
    free(set);
}

static char *dup_or_null(const unsigned char *s) { return s ? cov_strdup((const char *)s) : NULL; }

static cov_status_t set_push(cov_facset_t *set, cov_facility_t *f)
{
    if (set->n == set->cap) {
        size_t nc = set->cap ? set->cap * 2 : 256;
        cov_facility_t *g = cov_realloc_array(set->f, nc, sizeof *g);
        if (!g) return COV_ERR_NOMEM;
        set->f = g;
        bool *c = cov_realloc_array(set->closed, nc, sizeof *c);
        if (!c) return COV_ERR_NOMEM;
        set->closed = c;
        set->cap = nc;
    }
    set->closed[set->n] = false;
    set->f[set->n++] = *f;
    return COV_OK;
}

cov_status_t scenario_set_load_base(cov_ctx_t *ctx, cov_store_t *store, cov_facset_t **out)
{
    *out = NULL;
    cov_facset_t *set = calloc(1, sizeof *set);
    if (!set) return COV_ERR_NOMEM;
    set->next_id = -1;
    if (!cov_store_srid(store)) { /* no layers yet: an empty set */
        *out = set;
        return COV_OK;
    }
    sqlite3_stmt *st = NULL;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT id, code, name, role, kind, capacity, area_id, x, y "
                                       "FROM main.facilities ORDER BY id",
                                       &st);
    while (cov_db_row(ctx, store, st, "the project", &s)) {
        cov_facility_t f = {0};
        f.id = sqlite3_column_int64(st, 0);
        f.code = dup_or_null(sqlite3_column_text(st, 1));
        f.name = dup_or_null(sqlite3_column_text(st, 2));
        f.role = dup_or_null(sqlite3_column_text(st, 3));
        f.kind = dup_or_null(sqlite3_column_text(st, 4));
        f.capacity = sqlite3_column_type(st, 5) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 5);
        f.area_id = sqlite3_column_int64(st, 6);
        f.x = sqlite3_column_double(st, 7);
        f.y = sqlite3_column_double(st, 8);
        if (!f.code || !f.role || !f.kind) {
            fac_free(&f);
            s = COV_ERR_NOMEM;
        } else if ((s = set_push(set, &f))) {
            fac_free(&f);
        }
    }
    sqlite3_finalize(st);
    if (s) {
        cov_facset_destroy(set);
        return s;
    }
    *out = set;
    return COV_OK;
}

/* The area holding (x, y): the lowest area id whose polygon covers the point; 0 for none. */
static cov_status_t locate_area(cov_ctx_t *ctx, cov_store_t *store, double x, double y,
                                long long *out)
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

static size_t find(const cov_facset_t *set, const scenario_override_t *o)
{
    for (size_t i = 0; i < set->n; i++) {
        if (set->closed[i]) continue;
        if (o->fid > 0 ? set->f[i].id == o->fid : strcmp(set->f[i].code, o->code) == 0) return i;
    }
    return (size_t)-1;
}

static cov_status_t set_str(char **dst, const char *src)
{
    if (!src) return COV_OK;
    char *d = cov_strdup(src);
    if (!d) return COV_ERR_NOMEM;
    free(*dst);
    *dst = d;
    return COV_OK;
}

cov_status_t scenario_set_apply(cov_ctx_t *ctx, cov_store_t *store, cov_facset_t *set,
                                const char *scenario, const scenario_override_t *ov, size_t n)
{
    cov_status_t s = COV_OK;
    for (size_t k = 0; !s && k < n; k++) {
        const scenario_override_t *o = &ov[k];
        if (strcmp(o->op, "add") == 0) {
            if (cov_facset_find_code(set, o->code))
                return cov_fail(ctx, COV_ERR_INPUT,
                                "scenario '%s': facility code '%s' to add is already used; give "
                                "the new facility another code",
                                scenario, o->code);
            cov_facility_t f = {
                .id = set->next_id--, .capacity = o->capacity, .x = o->x, .y = o->y, .added = true};
            f.code = cov_strdup(o->code);
            f.name = cov_strdup(o->name ? o->name : o->code);
            f.role = cov_strdup(o->role);
            f.kind = cov_strdup(o->kind);
            s = (!f.code || !f.name || !f.role || !f.kind)
                    ? COV_ERR_NOMEM
                    : locate_area(ctx, store, f.x, f.y, &f.area_id);
            if (!s) s = set_push(set, &f);
            if (s) fac_free(&f);
            continue;
        }
        size_t i = find(set, o);
        if (i == (size_t)-1)
            return cov_fail(ctx, COV_ERR_INPUT,
                            "scenario '%s': the facility to %s ('%s') is not in its base any "
                            "more; re-add the scenario (covplan scenario add)",
                            scenario, o->op, o->code);
        if (strcmp(o->op, "close") == 0) {
            set->closed[i] = true;
            continue;
        }
        cov_facility_t *f = &set->f[i];
        if (o->set_capacity) f->capacity = o->capacity;
        s = set_str(&f->kind, o->kind);
        if (!s) s = set_str(&f->role, o->role);
        if (!s) s = set_str(&f->name, o->name);
        f->changed = true;
    }
    return s;
}

static int cmp_id(const void *a, const void *b)
{
    long long x = ((const cov_facility_t *)a)->id, y = ((const cov_facility_t *)b)->id;
    return (x > y) - (x < y);
}

void scenario_set_finish(cov_facset_t *set)
{
    size_t m = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (set->closed[i]) {
            fac_free(&set->f[i]);
            continue;
        }
        set->f[m] = set->f[i];
        set->closed[m++] = false;
    }
    set->n = m;
    qsort(set->f, set->n, sizeof *set->f, cmp_id);
}

cov_status_t cov_scenario_facilities(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                     cov_facset_t **out)
{
    *out = NULL;
    char **chain = NULL;
    size_t nchain = 0;
    cov_facset_t *set = NULL;
    cov_status_t s = scenario_chain(ctx, store, name ? name : COV_SCENARIO_BASE, &chain, &nchain);
    if (!s) s = scenario_set_load_base(ctx, store, &set);
    for (size_t i = 0; !s && i < nchain; i++) {
        scenario_override_t *ov = NULL;
        size_t n = 0;
        s = scenario_overrides_load(ctx, store, chain[i], &ov, &n);
        if (!s) s = scenario_set_apply(ctx, store, set, chain[i], ov, n);
        scenario_overrides_free(ov, n);
    }
    scenario_chain_free(chain, nchain);
    if (s) {
        cov_facset_destroy(set);
        return s;
    }
    scenario_set_finish(set);
    *out = set;
    return COV_OK;
}

void cov_scenario_detach(cov_store_t *store)
{
    if (store)
        sqlite3_exec(cov_store_db(store), "DROP TABLE IF EXISTS temp.facilities", NULL, NULL, NULL);
}

cov_status_t cov_scenario_attach(cov_ctx_t *ctx, cov_store_t *store, const char *name)
{
    cov_scenario_detach(store);
    if (!name || strcmp(name, COV_SCENARIO_BASE) == 0) return COV_OK;
    cov_facset_t *set;
    cov_status_t s = cov_scenario_facilities(ctx, store, name, &set);
    if (s) return s;
    s = cov_store_exec(ctx, store,
                       "CREATE TEMP TABLE facilities (id INTEGER PRIMARY KEY, code TEXT NOT NULL "
                       "UNIQUE, name TEXT, role TEXT NOT NULL, kind TEXT NOT NULL, source_kind "
                       "TEXT, capacity REAL, area_id INTEGER, x REAL NOT NULL, y REAL NOT NULL, "
                       "source_id INTEGER, geom BLOB)");
    sqlite3_stmt *st = NULL;
    if (!s)
        s = cov_store_prepare(
            ctx, store,
            "INSERT INTO temp.facilities (id, code, name, role, kind, capacity, "
            "area_id, x, y, geom) VALUES (?,?,?,?,?,?,?,?,?, MakePoint(?8, ?9, ?10))",
            &st);
    for (size_t i = 0; !s && i < set->n; i++) {
        const cov_facility_t *f = &set->f[i];
        sqlite3_bind_int64(st, 1, f->id);
        sqlite3_bind_text(st, 2, f->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f->role, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f->kind, -1, SQLITE_STATIC);
        if (isnan(f->capacity))
            sqlite3_bind_null(st, 6);
        else
            sqlite3_bind_double(st, 6, f->capacity);
        if (f->area_id)
            sqlite3_bind_int64(st, 7, f->area_id);
        else
            sqlite3_bind_null(st, 7);
        sqlite3_bind_double(st, 8, f->x);
        sqlite3_bind_double(st, 9, f->y);
        sqlite3_bind_int(st, 10, cov_store_srid(store));
        if (sqlite3_step(st) != SQLITE_DONE)
            s = cov_fail(ctx, COV_ERR_DB, "%s: scenario '%s': %s", cov_store_path(store), name,
                         sqlite3_errmsg(cov_store_db(store)));
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    sqlite3_finalize(st);
    cov_facset_destroy(set);
    if (s) cov_scenario_detach(store);
    return s;
}
