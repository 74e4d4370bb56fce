/* Scenario files: "add_layer" entries (facilities to add from a GIS file or table) expanded
 * into ordinary "add" rows in WGS84 lon/lat when the file is loaded. */
#include <jansson.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/source.h"
#include "planner/core/json_keys.h"
#include "planner/core/kinds.h"
#include "planner/scenario/scenario_private.h"

static const char *const LAYER_KEYS[] = {
    "file",       "layer",      "src_crs", "encoding", "x_field",        "y_field", "id_field",
    "name_field", "kind_field", "kind",    "role",     "capacity_field", NULL};

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The file path relative to the scenario file's folder (absolute paths stay as they are). */
static void resolve(const char *origin, const char *file, char *out, size_t n)
{
    const char *slash = strrchr(origin, '/');
    if (file[0] == '/' || !slash)
        snprintf(out, n, "%s", file);
    else
        snprintf(out, n, "%.*s/%s", (int)(slash - origin), origin, file);
}

static cov_status_t field(cov_ctx_t *ctx, cov_source_t *src, const json_t *e, const char *key,
                          const char *dflt, int *idx)
{
    const char *name = str(e, key);
    if (name) return cov_source_field(ctx, src, name, idx);
    const char *cands[] = {dflt, NULL};
    *idx = dflt ? cov_source_find_field(src, cands) : -1;
    return COV_OK;
}

/* Read one layer into add rows. Positions are written as lon/lat (WGS84), so the rows go
 * through the same conversion to the project's CRS as hand-written ones. */
static cov_status_t read_layer(cov_ctx_t *ctx, const json_t *e, const char *path, const char *at,
                               cov_kinds_t *kinds, json_t *add)
{
    cov_source_opts_t so = {.layer = str(e, "layer"),
                            .src_crs = str(e, "src_crs"),
                            .encoding = str(e, "encoding"),
                            .x_field = str(e, "x_field"),
                            .y_field = str(e, "y_field")};
    cov_source_t *src;
    cov_status_t s = cov_source_open(ctx, path, &so, &src);
    if (s) return cov_fail(ctx, s, "%s: %s", at, cov_ctx_errmsg(ctx));
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    int fid, fname, fkind, fcap;
    s = field(ctx, src, e, "id_field", "id", &fid);
    if (!s) s = field(ctx, src, e, "name_field", "name", &fname);
    if (!s) s = field(ctx, src, e, "kind_field", str(e, "kind") ? NULL : "kind", &fkind);
    if (!s) s = field(ctx, src, e, "capacity_field", "capacity", &fcap);
    if (!s && fid < 0)
        s = cov_fail(ctx, COV_ERR_INPUT,
                     "%s: %s has no 'id' field; name the codes' field with id_field", at, path);
    if (!s && fkind < 0 && !str(e, "kind"))
        s = cov_fail(ctx, COV_ERR_INPUT, "%s: %s: give kind_field or one kind for every row", at,
                     path);
    if (!s) s = cov_source_set_target(ctx, src, wgs);
    for (bool done = false; !s && !done;) {
        cov_record_t rec;
        if ((s = cov_source_next(ctx, src, &rec, &done)) || done) break;
        const char *code = NULL, *name = NULL, *kv = NULL;
        double cap;
        bool cap_null = true;
        if (!(s = cov_source_text(ctx, src, &rec, fid, &code)) && code) code = strdup(code);
        if (!s && fname >= 0 && !(s = cov_source_text(ctx, src, &rec, fname, &name)) && name)
            name = strdup(name);
        if (!s && fkind >= 0) s = cov_source_text(ctx, src, &rec, fkind, &kv);
        const char *kind = str(e, "kind");
        if (!s && !kind) kind = cov_kinds_map(kinds, cov_source_field_name(src, fkind), kv);
        if (!s && fcap >= 0) s = cov_source_number(ctx, src, &rec, fcap, &cap, &cap_null);
        if (!s && (!code || !*code))
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: %s: %s %lld has no id", at, path,
                         cov_source_unit(src), rec.row);
        if (!s && !kind)
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: %s: %s %lld: kind '%s' is not in the kind mapping", at, path,
                         cov_source_unit(src), rec.row, kv ? kv : "");
        if (!s && wkbFlatten(OGR_G_GetGeometryType(rec.geom)) != wkbPoint)
            s = cov_fail(ctx, COV_ERR_GEOMETRY, "%s: %s: %s %lld: facilities to add must be points",
                         at, path, cov_source_unit(src), rec.row);
        if (!s) {
            json_t *row = json_pack("{s:s, s:s, s:f, s:f}", "code", code, "kind", kind, "lon",
                                    OGR_G_GetX(rec.geom, 0), "lat", OGR_G_GetY(rec.geom, 0));
            if (name) json_object_set_new(row, "name", json_string(name));
            if (str(e, "role")) json_object_set_new(row, "role", json_string(str(e, "role")));
            if (!cap_null) json_object_set_new(row, "capacity", json_real(cap));
            json_array_append_new(add, row);
        }
        free((char *)code);
        free((char *)name);
    }
    cov_source_close(src);
    OSRDestroySpatialReference(wgs);
    return s;
}

cov_status_t scenario_expand_layers(cov_ctx_t *ctx, json_t *spec, const char *origin)
{
    json_t *layers = json_object_get(spec, "add_layer");
    if (!layers) return COV_OK;
    if (!json_is_array(layers))
        return cov_fail(ctx, COV_ERR_INPUT, "%s: 'add_layer' must be a list", origin);
    json_t *add = json_object_get(spec, "add");
    if (!add) {
        add = json_array();
        json_object_set_new(spec, "add", add);
    }
    if (!json_is_array(add)) return COV_OK; /* scenario_spec_check reports it */
    cov_kinds_t *kinds;
    cov_status_t s = cov_kinds_load(ctx, NULL, NULL, &kinds);
    size_t i;
    json_t *e;
    json_array_foreach(layers, i, e)
    {
        if (s) break;
        char at[600], path[4096];
        snprintf(at, sizeof at, "%s: add_layer[%zu]", origin, i + 1);
        if (!json_is_object(e) || !str(e, "file")) {
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: must be an object with a 'file'", at);
            break;
        }
        if ((s = cov_json_keys_check(ctx, e, LAYER_KEYS, at))) break;
        resolve(origin, str(e, "file"), path, sizeof path);
        s = read_layer(ctx, e, path, at, kinds, add);
    }
    cov_kinds_destroy(kinds);
    if (!s) json_object_del(spec, "add_layer");
    return s;
}
