/* Adding a scenario: resolve its closes, changes and additions against the effective facility
 * set of its base (everything checked before anything is written), then one transaction. */
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

typedef struct adder {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const char *origin, *name;
    cov_facset_t *set; /* the base's effective set, updated as overrides are resolved */
    cov_kinds_t *kinds;
    scenario_override_t *ov;
    size_t nov;
} adder_t;

static cov_status_t push(adder_t *a, const scenario_override_t *o)
{
    scenario_override_t *g = cov_realloc_array(a->ov, a->nov + 1, sizeof *g);
    if (!g) return COV_ERR_NOMEM;
    a->ov = g;
    a->ov[a->nov] = *o;
    scenario_override_t *n = &a->ov[a->nov++];
    n->code = cov_strdup(o->code);
    n->name = o->name ? cov_strdup(o->name) : NULL;
    n->role = o->role ? cov_strdup(o->role) : NULL;
    n->kind = o->kind ? cov_strdup(o->kind) : NULL;
    if (!n->code) return COV_ERR_NOMEM;
    /* Apply at once, so later entries see earlier ones (a facility closed twice is caught). */
    return scenario_set_apply(a->ctx, a->store, a->set, a->name, n, 1);
}

/* The id of the area with this code in *id (0 and *found false when there is none). */
static cov_status_t area_id_of(adder_t *a, const char *code, long long *id, bool *found)
{
    cov_status_t s = cov_area_id_of(a->ctx, a->store, code, id);
    *found = !s && *id != 0;
    return s;
}

/* The facilities a selector names (indexes into the set), at least one. */
static cov_status_t resolve(adder_t *a, const json_t *sel, const char *where, size_t **out,
                            size_t *n)
{
    *n = 0;
    size_t total = cov_facset_count(a->set);
    *out = cov_calloc_array(total + 1, sizeof **out);
    if (!*out) return COV_ERR_NOMEM;
    const char *code = json_is_string(sel) ? json_string_value(sel)
                                           : json_string_value(json_object_get(sel, "code"));
    json_t *id = json_object_get(sel, "id"), *w = json_object_get(sel, "where");
    const char *wkind = json_string_value(json_object_get(w, "kind"));
    const char *wrole = json_string_value(json_object_get(w, "role"));
    const char *warea = json_string_value(json_object_get(w, "area"));
    long long area = 0;
    if (warea) {
        bool found;
        cov_status_t s = area_id_of(a, warea, &area, &found);
        if (s) return s;
        if (!found)
            return cov_fail(a->ctx, COV_ERR_INPUT, "%s: where: no area with code '%s' in %s", where,
                            warea, cov_store_path(a->store));
    }
    for (size_t i = 0; i < total; i++) {
        const cov_facility_t *f = cov_facset_get(a->set, i);
        if (cov_facset_find_code(a->set, f->code) != f) continue; /* closed */
        bool m = code ? strcmp(f->code, code) == 0
                 : id ? f->id == (long long)json_integer_value(id)
                      : (!wkind || strcmp(f->kind, wkind) == 0) &&
                            (!wrole || strcmp(f->role, wrole) == 0) &&
                            (!warea || f->area_id == area);
        if (m) (*out)[(*n)++] = i;
    }
    if (*n) return COV_OK;
    if (code)
        return cov_fail(a->ctx, COV_ERR_INPUT,
                        "%s: no facility with code '%s' in the base scenario", where, code);
    if (id)
        return cov_fail(a->ctx, COV_ERR_INPUT, "%s: no facility with id %lld in the base scenario",
                        where, (long long)json_integer_value(id));
    return cov_fail(a->ctx, COV_ERR_INPUT, "%s: where matches no facility in the base scenario",
                    where);
}

static cov_status_t kind_role(adder_t *a, const char *kind, const char *given_role,
                              const char *where, const char **role)
{
    *role = cov_kinds_role(a->kinds, kind);
    if (!*role)
        return cov_fail(a->ctx, COV_ERR_INPUT,
                        "%s: unknown kind '%s'; kinds are listed in data/kinds.csv", where, kind);
    if (given_role && strcmp(given_role, *role) != 0)
        return cov_fail(a->ctx, COV_ERR_INPUT, "%s: kind '%s' has role %s, not %s", where, kind,
                        *role, given_role);
    return COV_OK;
}

static cov_status_t do_selected(adder_t *a, const char *op, const json_t *e, const char *where)
{
    size_t *idx, n;
    cov_status_t s = resolve(a, e, where, &idx, &n);
    const char *kind = json_string_value(json_object_get(e, "kind"));
    const char *role = NULL;
    if (!s && strcmp(op, "change") == 0 && kind) s = kind_role(a, kind, NULL, where, &role);
    /* Codes first: applying changes the set, and indexes with it. */
    char **codes = s ? NULL : cov_calloc_array(n + 1, sizeof *codes);
    long long *ids = s ? NULL : cov_calloc_array(n + 1, sizeof *ids);
    if (!s && (!codes || !ids)) s = COV_ERR_NOMEM;
    for (size_t i = 0; !s && i < n; i++) {
        const cov_facility_t *f = cov_facset_get(a->set, idx[i]);
        codes[i] = cov_strdup(f->code);
        ids[i] = f->id > 0 ? f->id : 0;
        if (!codes[i]) s = COV_ERR_NOMEM;
    }
    json_t *cap = json_object_get(e, "capacity");
    for (size_t i = 0; !s && i < n; i++) {
        scenario_override_t o = {.fid = ids[i], .code = codes[i], .capacity = NAN};
        snprintf(o.op, sizeof o.op, "%s", op);
        if (cap) {
            o.set_capacity = true;
            o.capacity = json_is_number(cap) ? json_number_value(cap) : NAN;
        }
        o.kind = (char *)kind;
        o.role = (char *)role;
        o.name = (char *)json_string_value(json_object_get(e, "name"));
        s = push(a, &o);
    }
    for (size_t i = 0; codes && i < n; i++) free(codes[i]);
    free(codes);
    free(ids);
    free(idx);
    return s;
}

/* Convert a position to the working CRS: x/y in the project CRS (or "crs"), lon/lat in WGS84. */
static cov_status_t position(adder_t *a, const json_t *e, const char *where, double *x, double *y)
{
    bool ll = json_object_get(e, "lon") != NULL;
    *x = json_number_value(json_object_get(e, ll ? "lon" : "x"));
    *y = json_number_value(json_object_get(e, ll ? "lat" : "y"));
    const char *crs = json_string_value(json_object_get(e, "crs"));
    if (!ll && !crs) return COV_OK;
    OGRSpatialReferenceH src;
    cov_status_t s = cov_crs_parse(a->ctx, crs ? crs : "EPSG:4326", &src);
    if (s) return cov_fail(a->ctx, s, "%s: %s", where, cov_ctx_errmsg(a->ctx));
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(src, cov_store_srs(a->store));
    if (!ct || !OCTTransform(ct, 1, x, y, NULL) || !isfinite(*x) || !isfinite(*y))
        s = cov_fail(a->ctx, COV_ERR_CRS, "%s: cannot convert (%g, %g) to the project CRS EPSG:%d",
                     where, *x, *y, cov_store_srid(a->store));
    if (ct) OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(src);
    return s;
}

static cov_status_t do_add(adder_t *a, const json_t *e, const char *where)
{
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *kind = json_string_value(json_object_get(e, "kind")), *role;
    cov_status_t s =
        kind_role(a, kind, json_string_value(json_object_get(e, "role")), where, &role);
    if (s) return s;
    if (cov_facset_find_code(a->set, code))
        return cov_fail(a->ctx, COV_ERR_INPUT,
                        "%s: code '%s' is already used by a facility of the base scenario", where,
                        code);
    scenario_override_t o = {.code = (char *)code,
                             .kind = (char *)kind,
                             .role = (char *)role,
                             .name = (char *)json_string_value(json_object_get(e, "name"))};
    snprintf(o.op, sizeof o.op, "add");
    json_t *cap = json_object_get(e, "capacity");
    o.capacity = json_is_number(cap) ? json_number_value(cap) : NAN;
    if ((s = position(a, e, where, &o.x, &o.y))) return s;
    if ((s = push(a, &o))) return s;
    const cov_facility_t *f = cov_facset_find_code(a->set, code);
    if (f && !f->area_id)
        return cov_fail(a->ctx, COV_ERR_INPUT,
                        "%s: '%s' at (%.1f, %.1f) lies outside every area of the project", where,
                        code, o.x, o.y);
    return COV_OK;
}

static cov_status_t resolve_all(adder_t *a, const json_t *spec)
{
    char at[600];
    size_t i;
    json_t *e;
    cov_status_t s = COV_OK;
    /* Order: closes, then changes, then additions (docs/scenarios.md). */
    json_array_foreach(json_object_get(spec, "close"), i, e)
    {
        snprintf(at, sizeof at, "%s: close[%zu]", a->origin, i + 1);
        if ((s = do_selected(a, "close", e, at))) return s;
    }
    json_array_foreach(json_object_get(spec, "change"), i, e)
    {
        snprintf(at, sizeof at, "%s: change[%zu]", a->origin, i + 1);
        if ((s = do_selected(a, "change", e, at))) return s;
    }
    json_array_foreach(json_object_get(spec, "add"), i, e)
    {
        snprintf(at, sizeof at, "%s: add[%zu]", a->origin, i + 1);
        if ((s = do_add(a, e, at))) return s;
    }
    return s;
}

/* Is the stored scenario the same (specification text)? */
static cov_status_t same_as_stored(cov_ctx_t *ctx, cov_store_t *store, const char *name,
                                   const char *text, bool *same)
{
    cov_scenario_rec_t r;
    bool found;
    cov_status_t s = cov_scenario_store_get(ctx, store, name, &r, &found);
    *same = !s && found && r.spec_json && strcmp(r.spec_json, text) == 0;
    cov_scenario_rec_clear(&r);
    return s;
}

cov_status_t cov_scenario_add(cov_ctx_t *ctx, cov_store_t *store, const json_t *spec,
                              const char *origin, const char *base_dir,
                              cov_scenario_add_result_t *res)
{
    cov_scenario_add_result_t dummy;
    if (!res) res = &dummy;
    memset(res, 0, sizeof *res);
    cov_status_t s = scenario_spec_check(ctx, spec, origin);
    if (s) return s;
    const char *name = json_string_value(json_object_get(spec, "name"));
    const char *base = json_string_value(json_object_get(spec, "base"));
    if (!base) base = COV_SCENARIO_BASE;
    if (!cov_store_srid(store))
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: the project has no layers yet; import areas and facilities before "
                        "adding scenarios",
                        cov_store_path(store));
    snprintf(res->name, sizeof res->name, "%s", name);
    bool exists;
    cov_status_t se = cov_scenario_exists(ctx, store, base, &exists);
    if (se) return se;
    if (!exists)
        return cov_fail(
            ctx, COV_ERR_INPUT,
            "%s: base scenario '%s' does not exist; add it first (covplan scenario add)", origin,
            base);
    char **chain;
    size_t nchain;
    if ((s = scenario_chain(ctx, store, base, &chain, &nchain)))
        return cov_fail(ctx, s, "%s: %s", origin, cov_ctx_errmsg(ctx));
    for (size_t i = 0; i < nchain && !s; i++)
        if (strcmp(chain[i], name) == 0) {
            char text[512] = "";
            size_t used = 0;
            for (size_t j = nchain; j-- > i && used + 70 < sizeof text;)
                used += (size_t)snprintf(text + used, sizeof text - used, " -> %s", chain[j]);
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: cycle of bases: %s%s; give it another base",
                         origin, name, text);
        }
    scenario_chain_free(chain, nchain);
    if (s) return s;
    adder_t a = {.ctx = ctx, .store = store, .origin = origin, .name = name};
    s = cov_scenario_facilities(ctx, store, base, &a.set);
    if (!s) s = cov_kinds_load(ctx, NULL, NULL, &a.kinds);
    if (!s) s = resolve_all(&a, spec);
    char *text = s ? NULL : json_dumps(spec, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s && !text) s = COV_ERR_NOMEM;
    if (!s) {
        res->nadd = json_array_size(json_object_get(spec, "add"));
        res->nclose = json_array_size(json_object_get(spec, "close"));
        res->nchange = json_array_size(json_object_get(spec, "change"));
        res->ntargets = json_array_size(json_object_get(spec, "targets"));
        s = cov_scenario_exists(ctx, store, name, &res->replaced);
        if (!s && res->replaced) s = same_as_stored(ctx, store, name, text, &res->unchanged);
    }
    if (!s && !res->unchanged)
        s = cov_scenario_store_put(ctx, store, name, base,
                                   json_string_value(json_object_get(spec, "description")), text,
                                   a.ov, a.nov);
    free(text);
    cov_overrides_free(a.ov, a.nov);
    cov_facset_destroy(a.set);
    cov_kinds_destroy(a.kinds);
    (void)base_dir;
    return s;
}
