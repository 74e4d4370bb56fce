/* Scenario files: reading (jansson, errors with line and column) and checking their structure
 * (known keys, types, names, targets) before anything touches the project. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "planner/core/json_keys.h"
#include "planner/results/indicators.h"
#include "planner/scenario/scenario_private.h"

static const char *const TOP_KEYS[] = {"name",   "description", "base",    "add", "close",
                                       "change", "analysis",    "targets", NULL};
static const char *const ADD_KEYS[] = {"code", "name", "role", "kind",     "x", "y",
                                       "lon",  "lat",  "crs",  "capacity", NULL};
static const char *const SEL_KEYS[] = {"code", "id", "where", NULL};
static const char *const WHERE_KEYS[] = {"kind", "role", "area", NULL};
static const char *const CHANGE_KEYS[] = {"code", "id", "where", "capacity", "kind", "name", NULL};
static const char *const ANALYSIS_KEYS[] = {"preset",        "radii", "clinics", "distance",
                                            "access_method", "k",     NULL};

static cov_status_t want_string(cov_ctx_t *ctx, const json_t *o, const char *key, bool required,
                                const char *where)
{
    json_t *v = json_object_get(o, key);
    if (!v && !required) return COV_OK;
    if (!v) return cov_fail(ctx, COV_ERR_INPUT, "%s: '%s' is missing", where, key);
    if (!json_is_string(v) || !*json_string_value(v))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: '%s' must be a non-empty string", where, key);
    return COV_OK;
}

static cov_status_t want_number(cov_ctx_t *ctx, const json_t *o, const char *key, bool nullable,
                                const char *where)
{
    json_t *v = json_object_get(o, key);
    if (!v || (nullable && json_is_null(v))) return COV_OK;
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: '%s' must be a number", where, key);
    return COV_OK;
}

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= COV_SCENARIO_NAME_MAX) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

static cov_status_t check_where(cov_ctx_t *ctx, const json_t *w, const char *where)
{
    char at[512];
    snprintf(at, sizeof at, "%s: where", where);
    if (!json_is_object(w) || json_object_size(w) == 0)
        return cov_fail(ctx, COV_ERR_INPUT, "%s: must be an object with kind, role and/or area",
                        at);
    cov_status_t s = cov_json_keys_check(ctx, w, WHERE_KEYS, at);
    if (!s) s = want_string(ctx, w, "kind", false, at);
    if (!s) s = want_string(ctx, w, "role", false, at);
    if (!s) s = want_string(ctx, w, "area", false, at);
    return s;
}

/* A facility selector: exactly one of code, id, where. */
static cov_status_t check_selector(cov_ctx_t *ctx, const json_t *o, const char *where)
{
    int n =
        !!json_object_get(o, "code") + !!json_object_get(o, "id") + !!json_object_get(o, "where");
    if (n != 1)
        return cov_fail(ctx, COV_ERR_INPUT, "%s: give exactly one of code, id or where", where);
    cov_status_t s = want_string(ctx, o, "code", false, where);
    json_t *id = json_object_get(o, "id");
    if (!s && id && !json_is_integer(id))
        s = cov_fail(ctx, COV_ERR_INPUT, "%s: 'id' must be a whole number (facilities.id)", where);
    json_t *w = json_object_get(o, "where");
    if (!s && w) s = check_where(ctx, w, where);
    return s;
}

static cov_status_t check_add(cov_ctx_t *ctx, const json_t *o, const char *where)
{
    if (!json_is_object(o)) return cov_fail(ctx, COV_ERR_INPUT, "%s: must be an object", where);
    cov_status_t s = cov_json_keys_check(ctx, o, ADD_KEYS, where);
    if (!s) s = want_string(ctx, o, "code", true, where);
    if (!s) s = want_string(ctx, o, "name", false, where);
    if (!s) s = want_string(ctx, o, "role", false, where);
    if (!s) s = want_string(ctx, o, "kind", true, where);
    if (!s) s = want_string(ctx, o, "crs", false, where);
    for (const char *const *k = (const char *const[]){"x", "y", "lon", "lat", NULL}; !s && *k; k++)
        s = want_number(ctx, o, *k, false, where);
    if (!s) s = want_number(ctx, o, "capacity", true, where);
    if (s) return s;
    bool xy = json_object_get(o, "x") && json_object_get(o, "y");
    bool ll = json_object_get(o, "lon") && json_object_get(o, "lat");
    if (xy == ll)
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: give the position as x and y (working CRS, or 'crs') or as lon and "
                        "lat (WGS84), not %s",
                        where, xy ? "both" : "neither");
    json_t *cap = json_object_get(o, "capacity");
    if (json_is_number(cap) && json_number_value(cap) < 0)
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'capacity' must not be negative", where);
    return COV_OK;
}

static cov_status_t check_analysis(cov_ctx_t *ctx, const json_t *a, const char *origin)
{
    char at[512];
    snprintf(at, sizeof at, "%s: analysis", origin);
    if (!json_is_object(a)) return cov_fail(ctx, COV_ERR_INPUT, "%s: must be an object", at);
    cov_status_t s = cov_json_keys_check(ctx, a, ANALYSIS_KEYS, at);
    if (!s) s = want_string(ctx, a, "preset", false, at);
    if (!s) s = want_string(ctx, a, "access_method", false, at);
    if (s) return s;
    json_t *r = json_object_get(a, "radii");
    if (r && !json_is_string(r)) {
        bool ok = json_is_array(r) && json_array_size(r) > 0;
        for (size_t i = 0; ok && i < json_array_size(r); i++)
            ok = json_is_number(json_array_get(r, i));
        if (!ok)
            return cov_fail(ctx, COV_ERR_INPUT,
                            "%s: 'radii' must be a list of metres, e.g. [50, 300, 500, 1000]", at);
    }
    json_t *c = json_object_get(a, "clinics");
    if (c && !json_is_string(c)) {
        bool ok = json_is_array(c) && json_array_size(c) > 0;
        for (size_t i = 0; ok && i < json_array_size(c); i++)
            ok = json_is_string(json_array_get(c, i));
        if (!ok)
            return cov_fail(ctx, COV_ERR_INPUT,
                            "%s: 'clinics' must be all, primary, public or a list of kinds", at);
    }
    json_t *d = json_object_get(a, "distance");
    if (d && (!json_is_string(d) ||
              (strcmp(json_string_value(d), "planar") && strcmp(json_string_value(d), "geodesic"))))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'distance' must be planar or geodesic", at);
    json_t *k = json_object_get(a, "k");
    if (k && (!json_is_integer(k) || json_integer_value(k) < 1 || json_integer_value(k) > 100))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'k' must be a whole number from 1 to 100", at);
    return COV_OK;
}

/* An array member of the spec, possibly absent. */
static cov_status_t want_array(cov_ctx_t *ctx, const json_t *spec, const char *key,
                               const char *origin, json_t **out)
{
    *out = json_object_get(spec, key);
    if (*out && !json_is_array(*out))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: '%s' must be a list", origin, key);
    return COV_OK;
}

cov_status_t scenario_spec_check(cov_ctx_t *ctx, const json_t *spec, const char *origin)
{
    if (!json_is_object(spec))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: a scenario must be a JSON object", origin);
    cov_status_t s = cov_json_keys_check(ctx, spec, TOP_KEYS, origin);
    if (!s) s = want_string(ctx, spec, "name", true, origin);
    if (!s) s = want_string(ctx, spec, "base", false, origin);
    if (!s && json_object_get(spec, "description") &&
        !json_is_string(json_object_get(spec, "description")))
        s = cov_fail(ctx, COV_ERR_INPUT, "%s: 'description' must be a string", origin);
    if (s) return s;
    const char *name = json_string_value(json_object_get(spec, "name"));
    if (!name_ok(name))
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: scenario name '%s' must be 1-63 letters, digits, '_', '-' or '.'",
                        origin, name);
    if (strcmp(name, COV_SCENARIO_BASE) == 0)
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: 'base' is the imported data; give the scenario another name", origin);
    json_t *base = json_object_get(spec, "base");
    if (base && strcmp(json_string_value(base), name) == 0)
        return cov_fail(ctx, COV_ERR_INPUT, "%s: cycle of bases: scenario '%s' is its own base",
                        origin, name);
    json_t *arr, *v;
    size_t i;
    char at[600];
    if ((s = want_array(ctx, spec, "add", origin, &arr))) return s;
    json_array_foreach(arr, i, v)
    {
        snprintf(at, sizeof at, "%s: add[%zu]", origin, i + 1);
        if ((s = check_add(ctx, v, at))) return s;
    }
    if ((s = want_array(ctx, spec, "close", origin, &arr))) return s;
    json_array_foreach(arr, i, v)
    {
        snprintf(at, sizeof at, "%s: close[%zu]", origin, i + 1);
        if (json_is_string(v) && *json_string_value(v)) continue; /* a code */
        if (!json_is_object(v))
            return cov_fail(ctx, COV_ERR_INPUT,
                            "%s: must be a facility code or an object with code, id or where", at);
        if ((s = cov_json_keys_check(ctx, v, SEL_KEYS, at)) || (s = check_selector(ctx, v, at)))
            return s;
    }
    if ((s = want_array(ctx, spec, "change", origin, &arr))) return s;
    json_array_foreach(arr, i, v)
    {
        snprintf(at, sizeof at, "%s: change[%zu]", origin, i + 1);
        if (!json_is_object(v)) return cov_fail(ctx, COV_ERR_INPUT, "%s: must be an object", at);
        if ((s = cov_json_keys_check(ctx, v, CHANGE_KEYS, at)) || (s = check_selector(ctx, v, at)))
            return s;
        if ((s = want_number(ctx, v, "capacity", true, at))) return s;
        if ((s = want_string(ctx, v, "kind", false, at)) ||
            (s = want_string(ctx, v, "name", false, at)))
            return s;
        if (!json_object_get(v, "capacity") && !json_object_get(v, "kind") &&
            !json_object_get(v, "name"))
            return cov_fail(ctx, COV_ERR_INPUT, "%s: say what changes: capacity, kind and/or name",
                            at);
    }
    json_t *a = json_object_get(spec, "analysis");
    if (a && (s = check_analysis(ctx, a, origin))) return s;
    if ((s = want_array(ctx, spec, "targets", origin, &arr))) return s;
    json_array_foreach(arr, i, v)
    {
        snprintf(at, sizeof at, "%s: targets[%zu]", origin, i + 1);
        if ((s = cov_target_check(ctx, v, at))) return s;
    }
    return COV_OK;
}

cov_status_t cov_scenario_load_file(cov_ctx_t *ctx, const char *path, json_t **out)
{
    *out = NULL;
    json_error_t err;
    json_t *spec = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!spec) {
        if (err.line < 0 || strstr(err.text, "unable to open"))
            return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: cannot read the file: %s", path, err.text);
        return cov_fail(ctx, COV_ERR_INPUT, "%s:%d:%d: JSON syntax error: %s", path, err.line,
                        err.column, err.text);
    }
    cov_status_t s = scenario_expand_layers(ctx, spec, path);
    if (!s) s = scenario_spec_check(ctx, spec, path);
    if (s) {
        json_decref(spec);
        return s;
    }
    *out = spec;
    return COV_OK;
}
