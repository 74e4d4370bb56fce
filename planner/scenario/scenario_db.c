/* Storing scenarios: the tables, the base chain, and add (validated against the project in
 * full before one write transaction), remove, list, show and analysis parameters. */
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo/alloc.h"
#include "geo/crs.h"
#include "planner/core/db.h"
#include "planner/core/kinds.h"
#include "planner/scenario/scenario_private.h"

/* The base of a stored scenario (*out malloc'd), or *out NULL when it does not exist. */
static cov_status_t base_of(cov_ctx_t *ctx, cov_store_t *store, const char *name, char **out)
{
    *out = NULL;
    sqlite3_stmt *st;
    cov_status_t s =
        cov_store_prepare(ctx, store, "SELECT base FROM scenarios WHERE name = ?", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool row;
    s = cov_db_next(ctx, store, st, "the table scenarios", &row);
    if (!s && row && !(*out = cov_strdup((const char *)sqlite3_column_text(st, 0))))
        s = COV_ERR_NOMEM;
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_scenario_exists(cov_ctx_t *ctx, cov_store_t *store, const char *name, bool *out)
{
    *out = strcmp(name, COV_SCENARIO_BASE) == 0;
    if (*out) return COV_OK;
    char *b;
    cov_status_t s = base_of(ctx, store, name, &b);
    *out = b != NULL;
    free(b);
    return s;
}

void scenario_chain_free(char **chain, size_t n)
{
    for (size_t i = 0; i < n; i++) free(chain[i]);
    free(chain);
}

static cov_status_t chain_text(cov_ctx_t *ctx, char **chain, size_t n, const char *last)
{
    char text[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used + 70 < sizeof text; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s -> ", chain[i]);
    return cov_fail(ctx, COV_ERR_INPUT, "cycle of bases: %s%s; give one of them another base", text,
                    last);
}

cov_status_t scenario_chain(cov_ctx_t *ctx, cov_store_t *store, const char *name, char ***out,
                            size_t *n)
{
    *out = NULL;
    *n = 0;
    char **chain = NULL;
    size_t len = 0;
    char *cur = cov_strdup(name);
    cov_status_t s = cur ? COV_OK : COV_ERR_NOMEM;
    while (!s && strcmp(cur, COV_SCENARIO_BASE) != 0) {
        for (size_t i = 0; i < len; i++)
            if (strcmp(chain[i], cur) == 0) {
                s = chain_text(ctx, chain, len, cur);
                break;
            }
        if (s) break;
        char *b;
        if ((s = base_of(ctx, store, cur, &b))) break;
        if (!b) {
            s = cov_fail(ctx, COV_ERR_NOT_FOUND,
                         "%s: scenario '%s' does not exist; add it with covplan scenario add %s "
                         "FILE (see covplan scenario list %s)",
                         cov_store_path(store), cur, cov_store_path(store), cov_store_path(store));
            break;
        }
        char **g = cov_realloc_array(chain, len + 1, sizeof *g);
        if (!g) {
            free(b);
            s = COV_ERR_NOMEM;
            break;
        }
        chain = g;
        chain[len++] = cur;
        cur = b;
    }
    free(cur);
    if (s) {
        scenario_chain_free(chain, len);
        return s;
    }
    for (size_t i = 0; i < len / 2; i++) { /* base-most first */
        char *t = chain[i];
        chain[i] = chain[len - 1 - i];
        chain[len - 1 - i] = t;
    }
    *out = chain;
    *n = len;
    return COV_OK;
}

void scenario_overrides_free(scenario_override_t *ov, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(ov[i].code);
        free(ov[i].name);
        free(ov[i].role);
        free(ov[i].kind);
    }
    free(ov);
}

static char *col_dup(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? cov_strdup((const char *)t) : NULL;
}

cov_status_t scenario_overrides_load(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                     scenario_override_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s =
        cov_store_prepare(ctx, store,
                          "SELECT op, facility_id, code, name, role, kind, capacity, "
                          "set_capacity, x, y FROM scenario_overrides WHERE scenario = ? "
                          "ORDER BY seq",
                          &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    scenario_override_t *ov = NULL;
    size_t len = 0;
    while (cov_db_row(ctx, store, st, "the project", &s)) {
        scenario_override_t *g = cov_realloc_array(ov, len + 1, sizeof *g);
        if (!g) {
            s = COV_ERR_NOMEM;
            break;
        }
        ov = g;
        scenario_override_t *o = &ov[len++];
        memset(o, 0, sizeof *o);
        snprintf(o->op, sizeof o->op, "%s", (const char *)sqlite3_column_text(st, 0));
        o->fid = sqlite3_column_int64(st, 1);
        o->code = col_dup(st, 2);
        o->name = col_dup(st, 3);
        o->role = col_dup(st, 4);
        o->kind = col_dup(st, 5);
        o->capacity =
            sqlite3_column_type(st, 6) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 6);
        o->set_capacity = sqlite3_column_int(st, 7) != 0;
        o->x = sqlite3_column_double(st, 8);
        o->y = sqlite3_column_double(st, 9);
        if (!o->code) s = COV_ERR_NOMEM;
    }
    sqlite3_finalize(st);
    if (s) {
        scenario_overrides_free(ov, len);
        return s;
    }
    *out = ov;
    *n = len;
    return COV_OK;
}

cov_status_t cov_scenario_spec(cov_ctx_t *ctx, cov_store_t *store, const char *name, json_t **out)
{
    *out = NULL;
    if (strcmp(name, COV_SCENARIO_BASE) == 0) {
        *out =
            json_pack("{s:s, s:s}", "name", COV_SCENARIO_BASE, "description", "the imported data");
        return *out ? COV_OK : COV_ERR_NOMEM;
    }
    bool exists;
    cov_status_t se = cov_scenario_exists(ctx, store, name, &exists);
    if (se) return se;
    if (!exists)
        return cov_fail(ctx, COV_ERR_NOT_FOUND,
                        "%s: scenario '%s' does not exist; see covplan scenario list %s",
                        cov_store_path(store), name, cov_store_path(store));
    sqlite3_stmt *st;
    cov_status_t s =
        cov_store_prepare(ctx, store, "SELECT spec_json FROM scenarios WHERE name = ?", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (cov_db_row(ctx, store, st, "scenarios", &s))
        *out = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    sqlite3_finalize(st);
    if (s) return s;
    return *out ? COV_OK
                : cov_fail(ctx, COV_ERR_DB,
                           "%s: table scenarios, scenario '%s': the specification is not the "
                           "JSON covplan wrote; add the scenario again",
                           cov_store_path(store), name);
}

void cov_scenario_params_free(cov_scenario_params_t *p)
{
    free(p->preset);
    free(p->radii);
    free(p->clinics);
    free(p->distance);
    free(p->access_method);
    memset(p, 0, sizeof *p);
}

/* A string, or a list joined by commas (numbers with %g). */
static char *join(const json_t *v)
{
    if (!v) return NULL;
    if (json_is_string(v)) return cov_strdup(json_string_value(v));
    char buf[1024] = "";
    size_t used = 0, i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (used + 80 >= sizeof buf) break;
        if (json_is_number(e))
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%g", i ? "," : "",
                                     json_number_value(e));
        else
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "",
                                     json_string_value(e));
    }
    return cov_strdup(buf);
}

cov_status_t cov_scenario_params(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                 cov_scenario_params_t *out)
{
    memset(out, 0, sizeof *out);
    json_t *spec;
    cov_status_t s = cov_scenario_spec(ctx, store, name, &spec);
    if (s) return s;
    json_t *a = json_object_get(spec, "analysis");
    if (a) {
        out->preset = join(json_object_get(a, "preset"));
        out->radii = join(json_object_get(a, "radii"));
        out->clinics = join(json_object_get(a, "clinics"));
        out->distance = join(json_object_get(a, "distance"));
        out->access_method = join(json_object_get(a, "access_method"));
        out->k = (long)json_integer_value(json_object_get(a, "k"));
    }
    json_decref(spec);
    return COV_OK;
}

cov_status_t cov_scenario_list(cov_ctx_t *ctx, cov_store_t *store, json_t **out)
{
    *out = json_array();
    if (!*out) return COV_ERR_NOMEM;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT name, base, description, spec_json, created FROM "
                                       "scenarios ORDER BY name",
                                       &st);
    if (s) return s;
    while (cov_db_row(ctx, store, st, "scenarios", &s)) {
        json_t *spec = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
        const unsigned char *d = sqlite3_column_text(st, 2);
        json_array_append_new(
            *out, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "name",
                            (const char *)sqlite3_column_text(st, 0), "base",
                            (const char *)sqlite3_column_text(st, 1), "description",
                            d ? (const char *)d : "", "add",
                            (json_int_t)json_array_size(json_object_get(spec, "add")), "close",
                            (json_int_t)json_array_size(json_object_get(spec, "close")), "change",
                            (json_int_t)json_array_size(json_object_get(spec, "change")), "targets",
                            (json_int_t)json_array_size(json_object_get(spec, "targets")),
                            "created", (const char *)sqlite3_column_text(st, 4)));
        json_decref(spec);
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_scenario_remove(cov_ctx_t *ctx, cov_store_t *store, const char *name)
{
    const char *path = cov_store_path(store);
    if (strcmp(name, COV_SCENARIO_BASE) == 0)
        return cov_fail(ctx, COV_ERR_USAGE, "'base' is the imported data and cannot be removed");
    bool exists;
    cov_status_t se = cov_scenario_exists(ctx, store, name, &exists);
    if (se) return se;
    if (!exists)
        return cov_fail(ctx, COV_ERR_NOT_FOUND,
                        "%s: scenario '%s' does not exist; see covplan scenario list %s", path,
                        name, path);
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store, "SELECT name FROM scenarios WHERE base = ? ORDER BY name", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (cov_db_row(ctx, store, st, "scenarios", &s))
        s = cov_fail(ctx, COV_ERR_INPUT,
                     "%s: scenario '%s' is the base of '%s'; remove that one first", path, name,
                     (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (s) return s;
    char *q = sqlite3_mprintf("DELETE FROM scenario_overrides WHERE scenario = %Q; DELETE FROM "
                              "scenarios WHERE name = %Q;",
                              name, name);
    char *r = sqlite3_mprintf("DELETE FROM site_coverage WHERE run_id IN (SELECT id FROM "
                              "analysis_runs WHERE scenario = %Q); DELETE FROM area_coverage "
                              "WHERE run_id IN (SELECT id FROM analysis_runs WHERE scenario = "
                              "%Q); DELETE FROM analysis_runs WHERE scenario = %Q;",
                              name, name, name);
    if (!q || !r) s = COV_ERR_NOMEM;
    if (!s) s = cov_store_begin(ctx, store);
    if (!s) {
        s = cov_store_exec(ctx, store, q);
        if (!s) s = cov_store_exec(ctx, store, r);
        if (!s) s = cov_store_commit(ctx, store);
        if (s) cov_store_rollback(store);
    }
    sqlite3_free(q);
    sqlite3_free(r);
    return s;
}
