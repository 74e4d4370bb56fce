/* The effective facility set of a scenario: imported facilities, then each scenario of the base
 * chain's closes, changes and additions in order; and the TEMP "facilities" table that lets
 * every analysis read a scenario as if it were the imported data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
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
    cov_facility_t *f;
    size_t n;
    cov_status_t s = cov_facilities_load_imported(ctx, store, &f, &n);
    for (size_t i = 0; !s && i < n; i++) {
        if (!f[i].role || !f[i].kind) {
            s = cov_fail(ctx, COV_ERR_DB, "%s: table facilities, facility '%s': no %s",
                         cov_store_path(store), f[i].code, f[i].role ? "kind" : "role");
            break;
        }
        if ((s = set_push(set, &f[i]))) break;
        memset(&f[i], 0, sizeof f[i]); /* the set owns its strings now */
    }
    cov_facilities_free(f, n);
    if (s) {
        cov_facset_destroy(set);
        return s;
    }
    *out = set;
    return COV_OK;
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
                    : cov_area_at(ctx, store, f.x, f.y, &f.area_id);
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
        s = cov_overrides_load(ctx, store, chain[i], &ov, &n);
        if (!s) s = scenario_set_apply(ctx, store, set, chain[i], ov, n);
        cov_overrides_free(ov, n);
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

void cov_scenario_detach(cov_store_t *store) { cov_scenario_store_detach(store); }

cov_status_t cov_scenario_attach(cov_ctx_t *ctx, cov_store_t *store, const char *name)
{
    cov_scenario_detach(store);
    if (!name || strcmp(name, COV_SCENARIO_BASE) == 0) return COV_OK;
    cov_facset_t *set;
    cov_status_t s = cov_scenario_facilities(ctx, store, name, &set);
    if (s) return s;
    s = cov_scenario_store_attach(ctx, store, name, set->f, set->n);
    cov_facset_destroy(set);
    return s;
}
