/* Importing areas, facilities and demand into a project, validated and transactional. */
#include "planner/import/import.h"

#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo/alloc.h"
#include "geo/crs.h"
#include "geo/locate.h"
#include "geo/raster.h"
#include "planner/core/distance.h"
#include "planner/core/kinds.h"
#include "planner/import/areapop.h"
#include "planner/import/import_private.h"

static const char *const ID_NAMES[] = {"id", "code", "adcode", "区划代码", "编号", "编码", NULL};
static const char *const NAME_NAMES[] = {"name_zh", "name", "名称", "name_en", NULL};
static const char *const POP_NAMES[] = {"population", "pop", "pop_total", "总人口", "人口", NULL};
static const char *const ELDERLY_NAMES[] = {"pop_65plus", "elderly",    "pop65",
                                            "老年人口",   "65岁及以上", NULL};
static const char *const KIND_NAMES[] = {"kind", "type", "类型", "类别", "机构类型", NULL};
static const char *const CAPACITY_NAMES[] = {"capacity", "beds", "places", "床位", "床位数", NULL};
static const char *const WEIGHT_NAMES[] = {"weight", "elderly",  "pop_65plus", "population",
                                           "pop",    "老年人口", "人口",       NULL};

bool cov_layer_role_parse(const char *name, cov_layer_role_t *out)
{
    static const char *const names[] = {"areas", "facilities", "demand"};
    for (int i = 0; i < 3; i++)
        if (name && strcmp(name, names[i]) == 0) {
            *out = (cov_layer_role_t)i;
            return true;
        }
    return false;
}

/* The word messages use for one input record, and the source layer's name. */
const char *import_unit_of(const job_t *j) { return j->src ? cov_source_unit(j->src) : "cell"; }
const char *import_layer_of(const job_t *j)
{
    return j->src ? cov_source_layer_name(j->src) : NULL;
}

static void free_rows(row_t *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].code);
        free(rows[i].name);
        free(rows[i].kind);
        free(rows[i].source_kind);
        free(rows[i].parent);
        if (rows[i].geom) OGR_G_DestroyGeometry(rows[i].geom);
    }
    free(rows);
}

static void free_areas(job_t *j)
{
    cov_locator_destroy(j->locator);
    for (size_t i = 0; i < j->narea; i++) {
        OGR_G_DestroyGeometry(j->area_geom[i]);
        free(j->area_code[i]);
    }
    free(j->area_geom);
    free(j->area_id);
    free(j->area_code);
    j->locator = NULL;
    j->area_geom = NULL;
    j->area_id = NULL;
    j->area_code = NULL;
    j->narea = 0;
}

/* Resolve a field given by option (must exist) or found among default names (may be absent). */
static cov_status_t pick_field(job_t *j, const char *given, const char *const *defaults, int *idx)
{
    if (given) return cov_source_field(j->ctx, j->src, given, idx);
    *idx = defaults ? cov_source_find_field(j->src, defaults) : -1;
    return COV_OK;
}

static cov_status_t resolve_fields(job_t *j)
{
    const cov_import_opts_t *o = j->o;
    fields_t *f = &j->f;
    f->kind = f->capacity = f->pop = f->elderly = f->weight = f->parent = -1;
    cov_status_t s = pick_field(j, o->id_field, ID_NAMES, &f->id);
    if (s) return s;
    if (o->name_field) {
        char *list = cov_strdup(o->name_field), *save = NULL;
        for (char *tok = strtok_r(list, ",", &save); tok && !s && f->nname < MAX_NAME_FIELDS;
             tok = strtok_r(NULL, ",", &save))
            s = cov_source_field(j->ctx, j->src, tok, &f->name[f->nname++]);
        free(list);
        if (s) return s;
    } else {
        for (size_t i = 0; NAME_NAMES[i] && f->nname < MAX_NAME_FIELDS; i++) {
            const char *one[] = {NAME_NAMES[i], NULL};
            int idx = cov_source_find_field(j->src, one);
            if (idx >= 0) f->name[f->nname++] = idx;
        }
    }
    if ((o->level || o->parent_field) && j->role != COV_LAYER_AREAS)
        return cov_fail(j->ctx, COV_ERR_USAGE, "--level and --parent-field are for areas");
    if (o->level && !cov_level_parse(o->level, &j->level))
        return cov_fail(j->ctx, COV_ERR_USAGE,
                        "--level %s: use province, prefecture, county, township or village "
                        "(省, 市, 县, 乡镇, 村)",
                        o->level);
    if (o->parent_field && (s = cov_source_field(j->ctx, j->src, o->parent_field, &f->parent)))
        return s;
    switch (j->role) {
    case COV_LAYER_AREAS:
        return cov_areapop_open(j->ctx, o, j->src, f->id, ID_NAMES, POP_NAMES, ELDERLY_NAMES,
                                &j->areapop);
    case COV_LAYER_FACILITIES:
        if ((s = pick_field(j, o->capacity_field, CAPACITY_NAMES, &f->capacity))) return s;
        if (o->kind) {
            if (!cov_kinds_role(j->kinds, o->kind))
                return cov_fail(j->ctx, COV_ERR_USAGE,
                                "--kind %s: not a known kind; run 'covplan import --help' for the "
                                "list",
                                o->kind);
            return COV_OK;
        }
        if ((s = pick_field(j, o->kind_field, KIND_NAMES, &f->kind))) return s;
        if (f->kind < 0)
            return cov_fail(j->ctx, COV_ERR_NOT_FOUND,
                            "%s: cannot tell the facilities' kinds: no kind/type/类型 field; name "
                            "it with --kind-field FIELD or give one kind for all with --kind KIND",
                            j->path);
        return COV_OK;
    case COV_LAYER_DEMAND:
        if ((s = pick_field(j, o->weight_field, WEIGHT_NAMES, &f->weight))) return s;
        if (f->weight < 0)
            return cov_fail(j->ctx, COV_ERR_NOT_FOUND,
                            "%s: no weight field found (weight/elderly/population/人口); name it "
                            "with --weight-field FIELD",
                            j->path);
        return COV_OK;
    }
    return COV_OK;
}

/* Collect polygon parts of a (repaired) geometry into a new multipolygon; NULL if none. */
static OGRGeometryH polygon_parts(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon || t == wkbMultiPolygon) return OGR_G_ForceToMultiPolygon(OGR_G_Clone(g));
    if (t != wkbGeometryCollection) return NULL;
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
        OGRGeometryH part = polygon_parts(OGR_G_GetGeometryRef(g, i));
        if (!part) continue;
        for (int k = 0; k < OGR_G_GetGeometryCount(part); k++)
            OGR_G_AddGeometry(mp, OGR_G_GetGeometryRef(part, k));
        OGR_G_DestroyGeometry(part);
    }
    if (OGR_G_GetGeometryCount(mp) == 0) {
        OGR_G_DestroyGeometry(mp);
        return NULL;
    }
    return mp;
}

static cov_status_t text_of(job_t *j, const cov_record_t *rec, int idx, char **out)
{
    const char *t;
    cov_status_t s = cov_source_text(j->ctx, j->src, rec, idx, &t);
    if (s) return s;
    *out = (t && *t) ? cov_strdup(t) : NULL;
    return COV_OK;
}

static cov_status_t number_of(job_t *j, const cov_record_t *rec, int idx, const char *what,
                              double *out)
{
    bool is_null;
    cov_status_t s = cov_source_number(j->ctx, j->src, rec, idx, out, &is_null);
    if (s) return s;
    if (is_null) {
        *out = NAN;
        return COV_OK;
    }
    if (*out < 0)
        return cov_fail(j->ctx, COV_ERR_INPUT, "%s: %s %lld: %s is negative (%g); fix the value",
                        j->path, import_unit_of(j), rec->row, what, *out);
    return COV_OK;
}

static cov_status_t read_geometry(job_t *j, const cov_record_t *rec, row_t *r)
{
    const char *path = j->path, *unit = import_unit_of(j);
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(rec->geom));
    if (j->role == COV_LAYER_AREAS) {
        if (t != wkbPolygon && t != wkbMultiPolygon)
            return cov_fail(j->ctx, COV_ERR_GEOMETRY,
                            "%s: %s %lld: areas must be polygons, found %s", path, unit, rec->row,
                            OGRGeometryTypeToName(t));
        /* GEOS reports why a polygon is invalid through GDAL's error handler: keep it quiet,
         * the library never prints; our own warning names the feature. */
        CPLPushErrorHandler(CPLQuietErrorHandler);
        bool valid = OGR_G_IsValid(rec->geom);
        CPLPopErrorHandler();
        if (!valid) {
            if (j->o->no_repair)
                return cov_fail(j->ctx, COV_ERR_GEOMETRY,
                                "%s: %s %lld (id '%s'): invalid polygon (e.g. self-intersecting); "
                                "fix it, or drop --no-repair to let covplan repair it",
                                path, unit, rec->row, r->code);
            OGRGeometryH fixed = OGR_G_MakeValid(rec->geom);
            r->geom = fixed ? polygon_parts(fixed) : NULL;
            if (fixed) OGR_G_DestroyGeometry(fixed);
            if (!r->geom)
                return cov_fail(j->ctx, COV_ERR_GEOMETRY,
                                "%s: %s %lld (id '%s'): invalid polygon that cannot be repaired; "
                                "fix it in a GIS",
                                path, unit, rec->row, r->code);
            j->repaired++;
            cov_log(j->ctx, COV_LOG_WARN, "%s: %s %lld (id '%s'): invalid polygon repaired", path,
                    unit, rec->row, r->code);
            return COV_OK;
        }
        r->geom = OGR_G_ForceToMultiPolygon(OGR_G_Clone(rec->geom));
        return COV_OK;
    }
    r->raw_x = rec->raw_x;
    r->raw_y = rec->raw_y;
    if (t == wkbPoint) {
        r->x = OGR_G_GetX(rec->geom, 0);
        r->y = OGR_G_GetY(rec->geom, 0);
        return COV_OK;
    }
    if (t == wkbPolygon || t == wkbMultiPolygon) {
        /* A facility drawn as a building outline: a point guaranteed on its surface. */
        OGRGeometryH p = OGR_G_PointOnSurface(rec->geom);
        if (!p || OGR_G_IsEmpty(p)) {
            if (p) OGR_G_DestroyGeometry(p);
            return cov_fail(j->ctx, COV_ERR_GEOMETRY,
                            "%s: %s %lld: cannot find a point on this polygon; fix its geometry",
                            path, unit, rec->row);
        }
        r->x = OGR_G_GetX(p, 0);
        r->y = OGR_G_GetY(p, 0);
        OGR_G_DestroyGeometry(p);
        return COV_OK;
    }
    if (t == wkbMultiPoint && OGR_G_GetGeometryCount(rec->geom) == 1) {
        OGRGeometryH p = OGR_G_GetGeometryRef(rec->geom, 0);
        r->x = OGR_G_GetX(p, 0);
        r->y = OGR_G_GetY(p, 0);
        return COV_OK;
    }
    return cov_fail(j->ctx, COV_ERR_GEOMETRY, "%s: %s %lld: expected a point or polygon, found %s",
                    path, unit, rec->row, OGRGeometryTypeToName(t));
}

static cov_status_t read_kind(job_t *j, const cov_record_t *rec, row_t *r)
{
    if (j->o->kind) {
        r->kind = cov_strdup(j->o->kind);
    } else {
        cov_status_t s = text_of(j, rec, j->f.kind, &r->source_kind);
        if (s) return s;
        const char *fname = cov_source_field_name(j->src, j->f.kind);
        const char *k = cov_kinds_map(j->kinds, fname, r->source_kind);
        if (!k && r->name) k = cov_kinds_map(j->kinds, NULL, r->name); /* e.g. "XX村卫生室" */
        if (!k)
            return cov_fail(
                j->ctx, COV_ERR_INPUT,
                "%s: %s %lld (id '%s'): kind '%s' in field '%s' is not in the kind mapping; add "
                "a row '%s,KIND' to a mapping file given with --kind-map, or use --kind KIND",
                j->path, import_unit_of(j), rec->row, r->code, r->source_kind ? r->source_kind : "",
                fname, r->source_kind ? r->source_kind : "VALUE");
        r->kind = cov_strdup(k);
    }
    r->role = j->o->role ? j->o->role : cov_kinds_role(j->kinds, r->kind);
    return COV_OK;
}

static cov_status_t read_row(job_t *j, const cov_record_t *rec, row_t *r)
{
    r->src_row = rec->row;
    r->area = -1;
    r->pop = r->elderly = r->capacity = r->weight = NAN;
    cov_status_t s;
    if (j->f.id >= 0) {
        if ((s = text_of(j, rec, j->f.id, &r->code))) return s;
        if (!r->code)
            return cov_fail(j->ctx, COV_ERR_INPUT, "%s: %s %lld: the id field '%s' is empty",
                            j->path, import_unit_of(j), rec->row,
                            cov_source_field_name(j->src, j->f.id));
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", rec->row);
        r->code = cov_strdup(buf);
    }
    for (int i = 0; i < j->f.nname && !r->name; i++)
        if ((s = text_of(j, rec, j->f.name[i], &r->name))) return s;
    if ((s = read_geometry(j, rec, r))) return s;
    switch (j->role) {
    case COV_LAYER_AREAS:
        if (j->f.parent >= 0 && (s = text_of(j, rec, j->f.parent, &r->parent))) return s;
        if (!r->parent && j->level > COV_LEVEL_PROVINCE) { /* the code says its parent */
            char p[64];
            if (cov_level_code_at(r->code, j->level - 1, p, sizeof p) && strcmp(p, r->code) != 0 &&
                !(r->parent = cov_strdup(p)))
                return COV_ERR_NOMEM;
        }
        return cov_areapop_read(j->ctx, j->areapop, j->src, rec, r->code, &r->pop, &r->elderly);
    case COV_LAYER_FACILITIES:
        if ((s = number_of(j, rec, j->f.capacity, "capacity", &r->capacity))) return s;
        return read_kind(j, rec, r);
    case COV_LAYER_DEMAND:
        if ((s = number_of(j, rec, j->f.weight, "weight", &r->weight))) return s;
        if (isnan(r->weight))
            return cov_fail(j->ctx, COV_ERR_INPUT, "%s: %s %lld: the weight is empty", j->path,
                            import_unit_of(j), rec->row);
        return COV_OK;
    }
    return COV_OK;
}

static cov_status_t read_all(job_t *j)
{
    long long total = cov_source_feature_count(j->src);
    size_t cap = total > 0 ? (size_t)total : 64;
    j->rows = cov_calloc_array(cap, sizeof *j->rows);
    if (!j->rows) return COV_ERR_NOMEM;
    cov_source_rewind(j->src);
    for (;;) {
        cov_record_t rec;
        bool done;
        cov_status_t s = cov_source_next(j->ctx, j->src, &rec, &done);
        if (s) return s;
        if (done) break;
        if (j->n == cap) {
            row_t *grown = cov_realloc_array(j->rows, cap * 2, sizeof *grown);
            if (!grown) return COV_ERR_NOMEM;
            memset(grown + cap, 0, cap * sizeof *grown);
            j->rows = grown;
            cap *= 2;
        }
        s = read_row(j, &rec, &j->rows[j->n++]);
        if (s) return s;
        if (j->n % 1000 == 0) cov_progress(j->ctx, "reading", j->n, (size_t)total);
    }
    cov_progress(j->ctx, "reading", j->n, j->n);
    if (j->n == 0)
        return cov_fail(j->ctx, COV_ERR_EMPTY, "%s: layer '%s' is empty: it has no features",
                        j->path, import_layer_of(j));
    return COV_OK;
}

static int cmp_code(const void *a, const void *b)
{
    const row_t *ra = *(const row_t *const *)a, *rb = *(const row_t *const *)b;
    int c = strcmp(ra->code, rb->code);
    if (c) return c;
    return (ra->src_row > rb->src_row) - (ra->src_row < rb->src_row);
}

static cov_status_t check_duplicates(job_t *j)
{
    row_t **by = cov_calloc_array(j->n, sizeof *by);
    if (!by) return COV_ERR_NOMEM;
    for (size_t i = 0; i < j->n; i++) by[i] = &j->rows[i];
    qsort(by, j->n, sizeof *by, cmp_code);
    cov_status_t s = COV_OK;
    for (size_t i = 1; i < j->n && !s; i++)
        if (strcmp(by[i - 1]->code, by[i]->code) == 0)
            s = cov_fail(j->ctx, COV_ERR_INPUT,
                         "%s: duplicate id '%s' at %s %lld and %lld; ids must be unique (name "
                         "another field with --id-field, or fix the data)",
                         j->path, by[i]->code, import_unit_of(j), by[i - 1]->src_row,
                         by[i]->src_row);
    free(by);
    return s;
}

static cov_status_t choose_crs(job_t *j, cov_import_result_t *res)
{
    if (cov_store_srid(j->store)) return COV_OK;
    double ext[4];
    cov_status_t s = cov_source_wgs84_extent(j->ctx, j->src, ext);
    if (s) return s;
    char *extent = NULL; /* init --extent wide */
    if ((s = cov_store_meta_get(j->ctx, j->store, "extent", &extent))) return s;
    bool wide = extent && strcmp(extent, "wide") == 0;
    free(extent);
    OGRSpatialReferenceH srs;
    bool fitted;
    if ((s = cov_crs_choose(j->ctx, ext, j->o->six_degree, wide, &srs, &fitted))) return s;
    s = cov_store_set_crs_srs(j->ctx, j->store, srs);
    OSRDestroySpatialReference(srs);
    if (!s && fitted && !wide) s = cov_store_meta_set(j->ctx, j->store, "extent", "wide");
    if (s) return s;
    res->crs_chosen = true;
    res->crs_fitted = fitted;
    return COV_OK;
}

/* Demand from a population raster: every non-empty cell inside an area becomes a point
 * weighted by its value; cells outside every area (a grid covers a bounding box) are left
 * out and counted. */
static cov_status_t run_raster(job_t *j, cov_import_result_t *res)
{
    cov_status_t s = import_require_areas(j);
    if (s) return s;
    if ((s = cov_store_begin(j->ctx, j->store))) return s;
    cov_raster_cell_t *cells;
    size_t n;
    s = cov_raster_cells(j->ctx, j->path, j->o->source.src_crs, cov_store_srs(j->store), &cells,
                         &n);
    if (s) return s;
    j->rows = cov_calloc_array(n, sizeof *j->rows);
    if (!j->rows) {
        free(cells);
        return COV_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        char code[48];
        snprintf(code, sizeof code, "r%ldc%ld", cells[i].row, cells[i].col);
        j->rows[i] = (row_t){.code = cov_strdup(code),
                             .weight = cells[i].value,
                             .x = cells[i].x,
                             .y = cells[i].y,
                             .area = -1,
                             .src_row = (long long)i + 1};
    }
    j->n = n;
    free(cells);
    if ((s = import_load_areas(j))) return s;
    if ((s = import_assign_areas(j, res))) return s;
    size_t kept = 0;
    for (size_t i = 0; i < j->n; i++) {
        if (j->rows[i].area >= 0)
            j->rows[kept++] = j->rows[i];
        else
            free(j->rows[i].code);
    }
    res->outside = 0;
    if (kept < j->n)
        cov_log(j->ctx, COV_LOG_INFO, "%s: %zu raster cells outside every area left out", j->path,
                j->n - kept);
    j->n = kept;
    if (!kept)
        return cov_fail(j->ctx, COV_ERR_EMPTY,
                        "%s: no raster cell with a value lies inside an area", j->path);
    long long existing = 0, source_id = 0;
    if ((s = import_clear_previous(j, &existing))) return s;
    if ((s = import_record_source(j, &source_id))) return s;
    if ((s = import_write_rows(j, source_id))) return s;
    if ((s = cov_store_commit(j->ctx, j->store))) return s;
    res->imported = (long long)j->n;
    res->srid = cov_store_srid(j->store);
    return COV_OK;
}

/* Areas of a level whose parent neither a field nor the code gives: the finest coarser
 * imported area holding a point of the area's surface, as a last resort; the areas it cannot
 * place are listed in one warning. */
static cov_status_t place_by_containment(job_t *j)
{
    if (j->role != COV_LAYER_AREAS || j->level <= COV_LEVEL_PROVINCE) return COV_OK;
    size_t unplaced = 0, used = 0;
    char list[512] = "";
    cov_status_t s = COV_OK;
    for (size_t i = 0; !s && i < j->n; i++) {
        row_t *r = &j->rows[i];
        if (r->parent) continue;
        OGRGeometryH pt = r->geom ? OGR_G_PointOnSurface(r->geom) : NULL;
        if (pt && !OGR_G_IsEmpty(pt))
            s = cov_area_containing(j->ctx, j->store, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0),
                                    (int)j->level, &r->parent);
        OGR_G_DestroyGeometry(pt);
        if (!s && !r->parent && ++unplaced <= LIST_MAX && used + 2 < sizeof list) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", r->code);
            if (w > 0) used += (size_t)w;
        }
    }
    if (!s && unplaced)
        cov_log(j->ctx, COV_LOG_WARN,
                "%s: %zu area(s) have no parent: their codes are not administrative codes and no "
                "coarser imported area holds them (ids: %s%s); give --parent-field, or import the "
                "coarser level first",
                j->path, unplaced, list, unplaced > LIST_MAX ? ", ..." : "");
    return s;
}

static cov_status_t run(job_t *j, const char *path, cov_import_result_t *res)
{
    if (j->role == COV_LAYER_DEMAND && cov_raster_is_raster(path)) return run_raster(j, res);
    cov_status_t s = cov_source_open(j->ctx, path, &j->o->source, &j->src);
    if (s) return s;
    if (j->role == COV_LAYER_FACILITIES &&
        (s = cov_kinds_load(j->ctx, NULL, j->o->kind_map, &j->kinds)))
        return s;
    if ((s = resolve_fields(j))) return s;
    if (j->role != COV_LAYER_AREAS && (s = import_require_areas(j))) return s;
    if ((s = cov_store_begin(j->ctx, j->store))) return s;
    if ((s = choose_crs(j, res))) return s;
    /* Where the data lie, for the CRS's scale error (core/distance.c): points given in
     * longitude/latitude say it themselves once read; anything else needs a pass over the
     * source. */
    bool lonlat_points = j->role != COV_LAYER_AREAS && cov_source_is_geographic(j->src);
    double ext[4];
    if (!lonlat_points && (s = cov_source_wgs84_extent(j->ctx, j->src, ext))) return s;
    if ((s = cov_source_set_target(j->ctx, j->src, cov_store_srs(j->store)))) return s;
    if ((s = read_all(j))) return s;
    if (lonlat_points) {
        ext[0] = ext[1] = HUGE_VAL, ext[2] = ext[3] = -HUGE_VAL;
        double w360 = HUGE_VAL, e360 = -HUGE_VAL; /* across the antimeridian: 0..360 */
        for (size_t i = 0; i < j->n; i++) {
            double x = j->rows[i].raw_x, x360 = x < 0 ? x + 360 : x;
            ext[0] = fmin(ext[0], x), ext[2] = fmax(ext[2], x);
            ext[1] = fmin(ext[1], j->rows[i].raw_y), ext[3] = fmax(ext[3], j->rows[i].raw_y);
            w360 = fmin(w360, x360), e360 = fmax(e360, x360);
        }
        if (ext[2] - ext[0] > 180 && e360 - w360 < ext[2] - ext[0]) ext[0] = w360, ext[2] = e360;
    }
    if (j->n && (s = cov_project_note_extent(j->ctx, j->store, ext))) return s;
    if ((s = check_duplicates(j))) return s;
    if ((s = place_by_containment(j))) return s;
    if (j->role != COV_LAYER_AREAS) {
        if ((s = import_load_areas(j))) return s;
        if ((s = import_assign_areas(j, res))) return s;
    }
    long long existing = 0;
    if ((s = import_clear_previous(j, &existing))) return s;
    long long source_id = 0;
    if ((s = import_record_source(j, &source_id))) return s;
    if ((s = import_write_rows(j, source_id))) return s;
    if (j->role == COV_LAYER_AREAS && existing && (s = import_reassign_points(j, res))) return s;
    if ((s = cov_store_commit(j->ctx, j->store))) return s;
    res->imported = (long long)j->n;
    res->srid = cov_store_srid(j->store);
    return COV_OK;
}

cov_status_t cov_import(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role, const char *path,
                        const cov_import_opts_t *opts, cov_import_result_t *res)
{
    static const cov_import_opts_t defaults = {0};
    memset(res, 0, sizeof *res);
    job_t j = {
        .path = path, .ctx = ctx, .store = store, .role = role, .o = opts ? opts : &defaults};
    if (j.o->role && strcmp(j.o->role, "health") != 0 && strcmp(j.o->role, "eldercare") != 0)
        return cov_fail(ctx, COV_ERR_USAGE, "--role must be health or eldercare, not '%s'",
                        j.o->role);
    if (j.o->join && role != COV_LAYER_AREAS)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--join is for areas: it joins a table on the "
                        "area id");
    cov_status_t s = run(&j, path, res);
    if (s)
        cov_store_rollback(store);
    else
        cov_areapop_report(ctx, j.areapop, res->imported);
    cov_areapop_close(j.areapop);
    res->repaired = j.repaired;
    free_rows(j.rows, j.n);
    free_areas(&j);
    cov_kinds_destroy(j.kinds);
    cov_source_close(j.src);
    return s;
}
