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
#include "planner/core/kinds.h"
#include "planner/scenario/scenario_private.h"

/* The base of a stored scenario (*out malloc'd), or *out NULL when it does not exist. */
static cov_status_t base_of(cov_ctx_t *ctx, cov_store_t *store, const char *name, char **out)
{
    *out = NULL;
    cov_scenario_rec_t r;
    bool found;
    cov_status_t s = cov_scenario_store_get(ctx, store, name, &r, &found);
    if (!s && found) {
        *out = r.base;
        r.base = NULL;
        if (!*out)
            s = cov_fail(ctx, COV_ERR_DB, "%s: table scenarios, scenario '%s': no base",
                         cov_store_path(store), name);
    }
    cov_scenario_rec_clear(&r);
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
    cov_scenario_rec_t r;
    bool found;
    cov_status_t s = cov_scenario_store_get(ctx, store, name, &r, &found);
    if (!s && found && r.spec_json) *out = json_loads(r.spec_json, 0, NULL);
    cov_scenario_rec_clear(&r);
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
    cov_scenario_rec_t *r;
    size_t n;
    cov_status_t s = cov_scenario_store_list(ctx, store, &r, &n);
    for (size_t i = 0; !s && i < n; i++) {
        json_t *spec = r[i].spec_json ? json_loads(r[i].spec_json, 0, NULL) : NULL;
        json_array_append_new(
            *out,
            json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "name", r[i].name, "base",
                      r[i].base, "description", r[i].description ? r[i].description : "", "add",
                      (json_int_t)json_array_size(json_object_get(spec, "add")), "close",
                      (json_int_t)json_array_size(json_object_get(spec, "close")), "change",
                      (json_int_t)json_array_size(json_object_get(spec, "change")), "targets",
                      (json_int_t)json_array_size(json_object_get(spec, "targets")), "created",
                      r[i].created));
        json_decref(spec);
    }
    cov_scenario_recs_free(r, n);
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
    char *child;
    cov_status_t s = cov_scenario_store_child(ctx, store, name, &child);
    if (!s && child)
        s = cov_fail(ctx, COV_ERR_INPUT,
                     "%s: scenario '%s' is the base of '%s'; remove that one first", path, name,
                     child);
    free(child);
    if (s) return s;
    return cov_scenario_store_remove(ctx, store, name);
}
