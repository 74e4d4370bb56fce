/* Exporting a coverage run: the run's rows are gathered into tables of JSON cells, then written
 * through OGR (GeoPackage, CSV with BOM) or jansson (JSON). */
#include "planner/results/export.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <ctype.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/alloc.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/core/tables.h"
#include "planner/results/export_private.h"
#include "planner/scenario/scenario.h"

bool cov_export_what_parse(const char *text, cov_export_what_t *out)
{
    static const struct {
        const char *name;
        cov_export_what_t what;
    } names[] = {{"sites", COV_EXPORT_SITES},
                 {"areas", COV_EXPORT_AREAS},
                 {"links", COV_EXPORT_LINKS},
                 {"all", COV_EXPORT_ALL}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(text, names[i].name) == 0) {
            *out = names[i].what;
            return true;
        }
    return false;
}

static void table_free(results_table_t *t)
{
    for (size_t i = 0; i < t->ncols; i++) free(t->col[i]);
    free(t->col);
    free(t->type);
    json_decref(t->rows);
    for (size_t i = 0; i < t->ngeom; i++)
        if (t->geom[i]) OGR_G_DestroyGeometry(t->geom[i]);
    free(t->geom);
    memset(t, 0, sizeof *t);
}

/* Add a column; names are made safe for every format (ASCII letters, digits, '_'). */
static cov_status_t add_col(results_table_t *t, const char *prefix, const char *name,
                            results_type_t type)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s%s", prefix, name);
    for (char *p = buf; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') *p = '_';
    char **c = cov_realloc_array(t->col, t->ncols + 1, sizeof *c);
    if (!c) return COV_ERR_NOMEM;
    t->col = c;
    results_type_t *ty = cov_realloc_array(t->type, t->ncols + 1, sizeof *ty);
    if (!ty) return COV_ERR_NOMEM;
    t->type = ty;
    t->col[t->ncols] = cov_strdup(buf);
    t->type[t->ncols++] = type;
    return t->col[t->ncols - 1] ? COV_OK : COV_ERR_NOMEM;
}

static cov_status_t add_row(results_table_t *t, json_t *row, OGRGeometryH g)
{
    if (t->ngeom == t->capgeom) {
        size_t nc = t->capgeom ? t->capgeom * 2 : 256;
        OGRGeometryH *gg = cov_realloc_array(t->geom, nc, sizeof *gg);
        if (!gg) {
            json_decref(row);
            if (g) OGR_G_DestroyGeometry(g);
            return COV_ERR_NOMEM;
        }
        t->geom = gg;
        t->capgeom = nc;
    }
    t->geom[t->ngeom++] = g;
    json_array_append_new(t->rows, row);
    return COV_OK;
}

/* A cell from a result column: numbers rounded to the millimetre (or 1e-6 for shares). */
static json_t *cell(cov_query_t *st, int c, results_type_t type)
{
    if (cov_query_null(st, c)) return json_null();
    switch (type) {
    case EX_INT: return json_integer(cov_query_int(st, c));
    case EX_REAL: return json_real(results_round_mm(cov_query_num(st, c)));
    case EX_JSON: {
        json_t *v = json_loads(cov_query_text(st, c), JSON_DECODE_ANY, NULL);
        return v ? v : json_null();
    }
    default: return json_string(cov_query_text(st, c));
    }
}

static json_t *share(json_t *v)
{
    if (!json_is_number(v)) return json_null();
    return json_real(results_round_share(json_number_value(v)));
}

static json_t *real_mm(json_t *v)
{
    return json_is_number(v) ? json_real(results_round_mm(json_number_value(v))) : json_null();
}

typedef struct results_run {
    long long id;
    json_t *params;          /* parsed params_json */
    json_t *radii, *classes; /* borrowed from params */
    char *scenario, *hash, *method;
} results_run_t;

static cov_status_t find_run(cov_ctx_t *ctx, cov_store_t *store, long long want,
                             const char *scenario, results_run_t *run)
{
    const char *path = cov_store_path(store);
    long long id = want;
    bool found = false;
    cov_status_t s = want ? cov_run_exists(ctx, store, COV_RUN_ANALYSIS, want, &found)
                          : cov_run_latest(ctx, store, COV_RUN_ANALYSIS, scenario, &id);
    if (!s && want && found) s = cov_run_check(ctx, store, COV_RUN_ANALYSIS, want);
    if (s) return s;
    if (!id || (want && !found)) {
        if (want)
            return cov_fail(ctx, COV_ERR_NOT_FOUND,
                            "%s: no analysis run %lld; list runs with: sqlite3 %s 'SELECT * FROM "
                            "analysis_runs'",
                            path, want, path);
        if (scenario)
            return cov_fail(ctx, COV_ERR_EMPTY,
                            "%s: no analysis results for scenario '%s'; run covplan analyze %s "
                            "--scenario %s first",
                            path, scenario, path, scenario);
        return cov_fail(ctx, COV_ERR_EMPTY,
                        "%s: no analysis results yet; run covplan analyze %s first", path, path);
    }
    cov_query_t *st;
    s = cov_query_open(ctx, store, COV_Q_ANALYSIS_RUN, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, id);
    if (!cov_query_row(st, &s)) {
        cov_query_close(st);
        return s ? s : cov_fail(ctx, COV_ERR_DB, "%s: analysis run %lld vanished", path, id);
    }
    run->id = cov_query_int(st, 0);
    run->scenario = cov_strdup(cov_query_text(st, 1) ? cov_query_text(st, 1) : "");
    run->hash = cov_strdup(cov_query_text(st, 2) ? cov_query_text(st, 2) : "");
    run->method = cov_strdup(cov_query_text(st, 3) ? cov_query_text(st, 3) : "");
    run->params = cov_query_text(st, 4) ? json_loads(cov_query_text(st, 4), 0, NULL) : NULL;
    cov_query_close(st);
    run->radii = json_object_get(run->params, "radii");
    run->classes = json_object_get(run->params, "classes");
    if (!json_is_array(run->radii) || !json_is_array(run->classes))
        return cov_fail(ctx, COV_ERR_DB, "%s: analysis run %lld has unreadable parameters", path,
                        run->id);
    return COV_OK;
}

static void radius_name(json_t *radii, size_t j, char *buf, size_t n)
{
    snprintf(buf, n, "%gm", json_number_value(json_array_get(radii, j)));
}

static cov_status_t load_sites(cov_ctx_t *ctx, cov_store_t *store, const results_run_t *run,
                               results_table_t *sites, results_table_t *links)
{
    static const char *const cols[] = {
        "site_id",    "code",       "name",         "kind",         "area_code",    "x",
        "y",          "nearest_id", "nearest_code", "nearest_name", "nearest_kind", "nearest_dist",
        "class_rank", "class"};
    static const results_type_t types[] = {EX_INT,  EX_TEXT, EX_TEXT, EX_TEXT, EX_TEXT,
                                           EX_REAL, EX_REAL, EX_INT,  EX_TEXT, EX_TEXT,
                                           EX_TEXT, EX_REAL, EX_INT,  EX_TEXT};
    size_t nbase = sizeof cols / sizeof *cols, nr = json_array_size(run->radii);
    cov_status_t s = COV_OK;
    for (size_t i = 0; !s && i < nbase; i++) s = add_col(sites, "", cols[i], types[i]);
    for (size_t j = 0; !s && j < nr; j++) {
        char r[32];
        radius_name(run->radii, j, r, sizeof r);
        s = add_col(sites, "n_within_", r, EX_INT);
    }
    if (!s) s = add_col(sites, "", "knn_ids", EX_JSON);
    if (!s) s = add_col(sites, "", "knn_dists", EX_JSON);
    static const char *const lcols[] = {"site_id",     "site_code", "clinic_id", "clinic_code",
                                        "clinic_kind", "dist",      "class"};
    static const results_type_t ltypes[] = {EX_INT,  EX_TEXT, EX_INT, EX_TEXT,
                                            EX_TEXT, EX_REAL, EX_TEXT};
    for (size_t i = 0; !s && i < 7; i++) s = add_col(links, "", lcols[i], ltypes[i]);
    if (s) return s;
    cov_query_t *st;
    s = cov_query_open(ctx, store, COV_Q_EXPORT_SITES, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, run->id);
    while (cov_query_row(st, &s)) {
        json_t *row = json_array();
        for (size_t i = 0; i < nbase; i++) json_array_append_new(row, cell(st, (int)i, types[i]));
        json_t *within = cell(st, 14, EX_JSON);
        for (size_t j = 0; j < nr; j++)
            json_array_append(row,
                              json_array_get(within, j) ? json_array_get(within, j) : json_null());
        json_decref(within);
        json_array_append_new(row, cell(st, 15, EX_JSON));
        json_array_append_new(row, cell(st, 16, EX_JSON));
        double x = cov_query_num(st, 5), y = cov_query_num(st, 6);
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, x, y);
        s = add_row(sites, row, pt);
        if (s || cov_query_null(st, 7)) continue;
        json_t *lrow = json_pack(
            "[IsIsoos]", (json_int_t)cov_query_int(st, 0),
            cov_query_text(st, 1) ? cov_query_text(st, 1) : "", (json_int_t)cov_query_int(st, 7),
            cov_query_text(st, 8) ? cov_query_text(st, 8) : "", cell(st, 10, EX_TEXT),
            cell(st, 11, EX_REAL), cov_query_text(st, 13));
        OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
        OGR_G_AddPoint_2D(line, x, y);
        OGR_G_AddPoint_2D(line, cov_query_num(st, 17), cov_query_num(st, 18));
        s = lrow ? add_row(links, lrow, line) : COV_ERR_NOMEM;
    }
    cov_query_close(st);
    return s;
}

static cov_status_t load_areas(cov_ctx_t *ctx, cov_store_t *store, const results_run_t *run,
                               const char *level, results_table_t *t)
{
    cov_query_t *st;
    cov_status_t s = cov_query_open(ctx, store, COV_Q_EXPORT_AREAS, &st);
    if (s) return s;
    cov_query_bind_int(st, 1, run->id);
    /* Kind columns: every kind of the study-area total (the last row), known after reading. */
    json_t *rows = json_array();
    json_t *kinds = NULL;
    OGRGeometryH *geoms = NULL;
    size_t ng = 0;
    while (cov_query_row(st, &s)) {
        static const results_type_t ty[22] = {EX_TEXT, EX_TEXT, EX_TEXT, EX_REAL, EX_REAL, EX_INT,
                                              EX_INT,  EX_JSON, EX_REAL, EX_INT,  EX_REAL, EX_JSON,
                                              EX_JSON, EX_TEXT, EX_JSON, EX_JSON, EX_REAL, EX_REAL,
                                              EX_REAL, EX_INT,  EX_JSON, EX_INT};
        OGRGeometryH *gg = cov_realloc_array(geoms, ng + 1, sizeof *gg);
        if (!gg) {
            s = COV_ERR_NOMEM;
            break;
        }
        geoms = gg;
        json_t *r = json_array();
        for (int c = 0; c < 22; c++) json_array_append_new(r, cell(st, c, ty[c]));
        geoms[ng] = NULL; /* the total has none; an unreadable one is an error */
        if (!cov_query_null(st, 22) &&
            (s = cov_query_geom(st, 22, json_string_value(json_array_get(r, 1)), &geoms[ng]))) {
            json_decref(r);
            break;
        }
        ng++;
        json_array_append_new(rows, r);
        if (strcmp(json_string_value(json_array_get(r, 0)), "total") == 0)
            kinds = json_array_get(r, 7);
    }
    cov_query_close(st);
    if (!s && level) { /* the units of a level instead of the areas (the total kept) */
        for (size_t i = 0; i < ng; i++)
            if (geoms[i]) OGR_G_DestroyGeometry(geoms[i]);
        free(geoms);
        geoms = NULL;
        ng = 0;
        s = results_export_rollup(ctx, store, run->id, level, run->radii, run->classes, &rows,
                                  &geoms, &ng);
        if (s) { /* nothing to write: the rows' geometries are gone */
            json_decref(rows);
            rows = json_array();
        }
        kinds = NULL;
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r) if (strcmp(json_string_value(json_array_get(r, 0)),
                                                  "total") == 0) kinds = json_array_get(r, 7);
    }
    static const char *const head[] = {"scope",   "code",      "name",       "population",
                                       "elderly", "n_clinics", "n_eldercare"};
    static const results_type_t htype[] = {EX_TEXT, EX_TEXT, EX_TEXT, EX_REAL,
                                           EX_REAL, EX_INT,  EX_INT};
    for (size_t i = 0; !s && i < 7; i++) s = add_col(t, "", head[i], htype[i]);
    const char *kind;
    json_t *v;
    json_object_foreach(kinds, kind, v) if (!s) s = add_col(t, "n_", kind, EX_INT);
    if (!s) s = add_col(t, "", "capacity", EX_REAL);
    if (!s) s = add_col(t, "", "capacity_known", EX_INT);
    if (!s) s = add_col(t, "", "capacity_per_1000", EX_REAL);
    size_t nc = json_array_size(run->classes), nr = json_array_size(run->radii);
    for (size_t j = 0; !s && j < nc; j++)
        s = add_col(t, "sites_", json_string_value(json_array_get(run->classes, j)), EX_INT);
    for (size_t j = 0; !s && j < nc; j++)
        s = add_col(t, "share_", json_string_value(json_array_get(run->classes, j)), EX_REAL);
    if (!s) s = add_col(t, "", "elderly_method", EX_TEXT);
    char rn[32];
    for (size_t j = 0; !s && j < nr; j++) {
        radius_name(run->radii, j, rn, sizeof rn);
        s = add_col(t, "elderly_share_", rn, EX_REAL);
    }
    for (size_t j = 0; !s && j < nr; j++) {
        radius_name(run->radii, j, rn, sizeof rn);
        s = add_col(t, "elderly_within_", rn, EX_REAL);
    }
    static const char *const tail[] = {"dist_median", "dist_p90",     "dist_max",
                                       "n_unserved",  "unserved_ids", "n_clinics_unpartnered"};
    static const results_type_t ttype[] = {EX_REAL, EX_REAL, EX_REAL, EX_INT, EX_JSON, EX_INT};
    for (size_t i = 0; !s && i < 6; i++) s = add_col(t, "", tail[i], ttype[i]);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        OGRGeometryH g = geoms[i];
        if (s) {
            if (g) OGR_G_DestroyGeometry(g);
            continue;
        }
        json_t *out = json_array();
        for (int c = 0; c < 7; c++) json_array_append(out, json_array_get(r, c));
        json_object_foreach(kinds, kind, v)
        {
            json_t *n = json_object_get(json_array_get(r, 7), kind);
            json_array_append_new(out, json_integer(n ? json_integer_value(n) : 0));
        }
        for (int c = 8; c <= 10; c++) json_array_append(out, json_array_get(r, c));
        for (size_t j = 0; j < nc; j++) {
            const char *cls = json_string_value(json_array_get(run->classes, j));
            json_t *n = json_object_get(json_array_get(r, 11), cls);
            json_array_append(out, n ? n : json_null());
        }
        for (size_t j = 0; j < nc; j++) {
            const char *cls = json_string_value(json_array_get(run->classes, j));
            json_array_append_new(out, share(json_object_get(json_array_get(r, 12), cls)));
        }
        json_array_append(out, json_array_get(r, 13));
        for (size_t j = 0; j < nr; j++)
            json_array_append_new(out, share(json_array_get(json_array_get(r, 14), j)));
        for (size_t j = 0; j < nr; j++)
            json_array_append_new(out, real_mm(json_array_get(json_array_get(r, 15), j)));
        for (int c = 16; c <= 21; c++) json_array_append(out, json_array_get(r, c));
        s = add_row(t, out, g);
    }
    free(geoms);
    json_decref(rows);
    return s;
}

/* --- writers --- */

static cov_status_t ogr_fail(cov_ctx_t *ctx, const char *path, const char *what)
{
    const char *msg = CPLGetLastErrorMsg();
    return cov_fail(ctx, COV_ERR_IO, "%s: cannot write %s: %s", path, what,
                    msg && *msg ? msg : "GDAL error");
}

/* Write one table as a layer; gtype wkbNone leaves the geometry out (CSV sites and areas,
 * whose coordinates are columns or too long for a spreadsheet cell). */
static cov_status_t write_layer(cov_ctx_t *ctx, GDALDatasetH ds, const char *path,
                                const results_table_t *t, OGRwkbGeometryType gtype,
                                OGRSpatialReferenceH srs, char **lco)
{
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, t->name, gtype == wkbNone ? NULL : srs, gtype, lco);
    if (!lyr) return ogr_fail(ctx, path, t->name);
    for (size_t c = 0; c < t->ncols; c++) {
        OGRFieldType ft = t->type[c] == EX_INT    ? OFTInteger64
                          : t->type[c] == EX_REAL ? OFTReal
                                                  : OFTString;
        OGRFieldDefnH fd = OGR_Fld_Create(t->col[c], ft);
        OGRErr e = OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) return ogr_fail(ctx, path, t->col[c]);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    size_t i;
    json_t *row;
    json_array_foreach(t->rows, i, row)
    {
        OGRFeatureH f = OGR_F_Create(defn);
        for (size_t c = 0; c < t->ncols; c++) {
            json_t *v = json_array_get(row, c);
            if (json_is_null(v) || !v) {
                OGR_F_SetFieldNull(f, (int)c);
            } else if (t->type[c] == EX_INT) {
                OGR_F_SetFieldInteger64(f, (int)c, json_integer_value(v));
            } else if (t->type[c] == EX_REAL) {
                OGR_F_SetFieldDouble(f, (int)c, json_number_value(v));
            } else if (t->type[c] == EX_TEXT) {
                OGR_F_SetFieldString(f, (int)c, json_string_value(v));
            } else {
                char *text =
                    json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
                OGR_F_SetFieldString(f, (int)c, text ? text : "");
                free(text);
            }
        }
        if (gtype != wkbNone && t->geom[i]) OGR_F_SetGeometry(f, t->geom[i]);
        OGRErr e = OGR_L_CreateFeature(lyr, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE) return ogr_fail(ctx, path, t->name);
    }
    return COV_OK;
}

/* QGIS reads a layer's default style from the GeoPackage's layer_styles table. */
static cov_status_t write_style(cov_ctx_t *ctx, GDALDatasetH ds, const char *path,
                                const results_run_t *run)
{
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, NULL);
    if (!lyr) return ogr_fail(ctx, path, "layer_styles");
    static const char *const names[] = {
        "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
        "styleName",       "styleQML",       "styleSLD",     "useAsDefault",
        "description",     "owner",          "ui",           "update_time"};
    for (int i = 0; i < 12; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[i], OFTString);
        if (i == 7) {
            OGR_Fld_SetType(fd, OFTInteger);
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        }
        OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    char *qml = results_style_sites_qml(run->classes);
    if (!qml) return COV_ERR_NOMEM;
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    OGR_F_SetFieldString(f, 0, "");
    OGR_F_SetFieldString(f, 1, "");
    OGR_F_SetFieldString(f, 2, "sites");
    OGR_F_SetFieldString(f, 3, "geom");
    OGR_F_SetFieldString(f, 4, "covplan classes");
    OGR_F_SetFieldString(f, 5, qml);
    OGR_F_SetFieldString(f, 6, "");
    OGR_F_SetFieldInteger(f, 7, 1);
    OGR_F_SetFieldString(f, 8, "co-location class of each elder-care site (covplan analyze)");
    OGR_F_SetFieldString(f, 9, "covplan");
    OGRErr e = OGR_L_CreateFeature(lyr, f);
    OGR_F_Destroy(f);
    free(qml);
    return e == OGRERR_NONE ? COV_OK : ogr_fail(ctx, path, "layer_styles");
}

/* CSV (one table) and XLSX (a sheet each) through the one table writer: no geometry but the
 * links' lines as a first WKT column, as GDAL's CSV driver writes them (GEOMETRY=AS_WKT). */
static cov_status_t write_tables(cov_ctx_t *ctx, const char *path, cov_tables_format_t fmt,
                                 results_table_t *const *tables, size_t n)
{
    cov_tables_t *out;
    cov_status_t s = cov_tables_open(ctx, path, fmt, true, &out);
    for (size_t i = 0; !s && i < n; i++) {
        const results_table_t *t = tables[i];
        bool wkt = t->gtype == wkbLineString;
        size_t nc = t->ncols + wkt;
        const char **cols = cov_calloc_array(nc, sizeof *cols);
        cov_cell_t *types = cov_calloc_array(nc, sizeof *types);
        if (!cols || !types) s = COV_ERR_NOMEM;
        for (size_t c = 0; !s && c < t->ncols; c++) {
            cols[c + wkt] = t->col[c];
            types[c + wkt] = t->type[c] == EX_INT    ? COV_CELL_INT
                             : t->type[c] == EX_REAL ? COV_CELL_REAL
                                                     : COV_CELL_TEXT;
        }
        if (wkt) cols[0] = "WKT";
        if (!s) s = cov_tables_add(out, t->name, nc, cols, types);
        free(cols);
        free(types);
        size_t r;
        json_t *row;
        json_array_foreach(t->rows, r, row)
        {
            if (s) break;
            json_t *cells = wkt ? json_array() : json_incref(row);
            if (wkt && cells) {
                char *text = NULL;
                if (t->geom[r]) OGR_G_ExportToWkt(t->geom[r], &text);
                json_array_append_new(cells, text ? json_string(text) : json_null());
                CPLFree(text);
                json_array_extend(cells, row);
            }
            s = cells ? cov_tables_row(out, cells) : COV_ERR_NOMEM;
            json_decref(cells);
        }
    }
    cov_status_t c = cov_tables_close(out, !s);
    return s ? s : c;
}

/* GeoPackage: layers with geometry in the project's CRS, and the QGIS style of `sites`, in one
 * transaction, to file (messages name path, where it goes). */
static cov_status_t write_gpkg(cov_ctx_t *ctx, cov_store_t *store, const char *file,
                               const char *path, results_table_t *const *tables, size_t n,
                               const results_run_t *run)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv) return cov_fail(ctx, COV_ERR_IO, "this GDAL has no GPKG driver");
    CPLErrorReset();
    GDALDatasetH ds = GDALCreate(drv, file, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds) return ogr_fail(ctx, path, "the GeoPackage");
    cov_status_t s = COV_OK;
    GDALDatasetStartTransaction(ds, FALSE);
    for (size_t i = 0; !s && i < n; i++) {
        s = write_layer(ctx, ds, path, tables[i], tables[i]->gtype, cov_store_srs(store), NULL);
        if (!s && strcmp(tables[i]->name, "sites") == 0) s = write_style(ctx, ds, path, run);
    }
    if (!s && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        s = ogr_fail(ctx, path, "the GeoPackage");
    CPLErrorReset();
    GDALClose(ds);
    if (!s && CPLGetLastErrorType() >= CE_Failure) s = ogr_fail(ctx, path, "the file");
    return s;
}

static json_t *rows_as_objects(const results_table_t *t)
{
    json_t *arr = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(t->rows, i, row)
    {
        json_t *o = json_object();
        for (size_t c = 0; c < t->ncols; c++) json_object_set(o, t->col[c], json_array_get(row, c));
        json_array_append_new(arr, o);
    }
    return arr;
}

static cov_status_t write_json(cov_ctx_t *ctx, const char *file, const char *path,
                               results_table_t *const *tables, size_t n, const results_run_t *run)
{
    json_t *root = json_object(), *r = json_object();
    json_object_set_new(r, "id", json_integer(run->id));
    json_object_set_new(r, "scenario", json_string(run->scenario));
    json_object_set_new(r, "params_hash", json_string(run->hash));
    json_object_set_new(r, "elderly_method", json_string(run->method));
    json_object_set(r, "params", run->params);
    json_object_set_new(root, "run", r);
    for (size_t i = 0; i < n; i++)
        json_object_set_new(root, tables[i]->name, rows_as_objects(tables[i]));
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (!text) return COV_ERR_NOMEM;
    FILE *f = fopen(file, "wb");
    cov_status_t s = COV_OK;
    if (!f || fputs(text, f) == EOF || fputc('\n', f) == EOF)
        s = cov_fail(ctx, COV_ERR_IO, "%s: cannot write the JSON file", path);
    if (f && fclose(f) != 0 && !s)
        s = cov_fail(ctx, COV_ERR_IO, "%s: cannot write the JSON file", path);
    free(text);
    return s;
}

static const char *format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return NULL;
    if (strcasecmp(dot, ".gpkg") == 0) return "gpkg";
    if (strcasecmp(dot, ".csv") == 0) return "csv";
    if (strcasecmp(dot, ".xlsx") == 0) return "xlsx";
    if (strcasecmp(dot, ".json") == 0) return "json";
    return NULL;
}

cov_status_t cov_export(cov_ctx_t *ctx, cov_store_t *store, const cov_export_opts_t *o,
                        cov_export_result_t *res)
{
    memset(res, 0, sizeof *res);
    const char *fmt = o->format ? o->format : format_of(o->output);
    if (!fmt ||
        (strcmp(fmt, "gpkg") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx") && strcmp(fmt, "json")))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: unknown output format; name the file .gpkg, .csv, .xlsx or .json, or "
                        "pass -f gpkg|csv|xlsx|json",
                        o->output);
    bool csv = strcmp(fmt, "csv") == 0;
    bool xlsx = strcmp(fmt, "xlsx") == 0;
    cov_export_what_t what = o->what ? o->what : csv ? COV_EXPORT_SITES : COV_EXPORT_ALL;
    if (csv && what != COV_EXPORT_SITES && what != COV_EXPORT_AREAS && what != COV_EXPORT_LINKS)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: a CSV file holds one table; choose --what sites, areas or links",
                        o->output);
    cov_status_t s0 = cov_layers_check(ctx, store, true);
    if (s0) return s0;
    struct stat sb;
    if (stat(o->output, &sb) == 0 && !o->overwrite)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: file exists; choose another name or pass --overwrite", o->output);
    results_run_t run = {0};
    results_table_t sites = {.name = "sites", .gtype = wkbPoint, .rows = json_array()};
    results_table_t links = {.name = "links", .gtype = wkbLineString, .rows = json_array()};
    results_table_t areas = {.name = "areas", .gtype = wkbMultiPolygon, .rows = json_array()};
    cov_status_t s = find_run(ctx, store, o->run_id, o->scenario, &run);
    /* Sites a scenario added exist only in its effective facility set. */
    if (!s) s = cov_scenario_attach(ctx, store, run.scenario);
    if (!s && (what & (COV_EXPORT_SITES | COV_EXPORT_LINKS)))
        s = load_sites(ctx, store, &run, &sites, &links);
    if (!s && (what & COV_EXPORT_AREAS)) s = load_areas(ctx, store, &run, o->level, &areas);
    results_table_t *tables[3];
    size_t n = 0;
    if (what & COV_EXPORT_SITES) tables[n++] = &sites;
    if (what & COV_EXPORT_LINKS) tables[n++] = &links;
    if (what & COV_EXPORT_AREAS) tables[n++] = &areas;
    if (!s && (csv || xlsx)) {
        s = write_tables(ctx, o->output, xlsx ? COV_TABLES_XLSX : COV_TABLES_CSV, tables, n);
    } else if (!s) {
        /* beside the file, then into place: a failure leaves the old file (or none) */
        size_t len = strlen(o->output) + 32;
        char *tmp = malloc(len);
        if (!tmp) s = COV_ERR_NOMEM;
        if (tmp) snprintf(tmp, len, "%s.covplan-%ld.%s", o->output, (long)getpid(), fmt);
        if (tmp) unlink(tmp);
        if (!s && strcmp(fmt, "json") == 0)
            s = write_json(ctx, tmp, o->output, tables, n, &run);
        else if (!s)
            s = write_gpkg(ctx, store, tmp, o->output, tables, n, &run);
        if (!s && rename(tmp, o->output) != 0)
            s = cov_fail(ctx, COV_ERR_IO, "%s: cannot move the finished file into place",
                         o->output);
        if (s && tmp) unlink(tmp);
        free(tmp);
    }
    if (!s) {
        res->run_id = run.id;
        snprintf(res->format, sizeof res->format, "%s", fmt);
        res->nsites = (what & COV_EXPORT_SITES) ? json_array_size(sites.rows) : 0;
        res->nlinks = (what & COV_EXPORT_LINKS) ? json_array_size(links.rows) : 0;
        res->nareas = (what & COV_EXPORT_AREAS) ? json_array_size(areas.rows) : 0;
    }
    cov_scenario_detach(store);
    table_free(&sites);
    table_free(&links);
    table_free(&areas);
    json_decref(run.params);
    free(run.scenario);
    free(run.hash);
    free(run.method);
    return s;
}

cov_status_t cov_export_area_rows(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                                  const char *level, json_t **out)
{
    *out = NULL;
    results_run_t run = {0};
    results_table_t areas = {.name = "areas", .gtype = wkbMultiPolygon, .rows = json_array()};
    cov_status_t s = find_run(ctx, store, 0, scenario, &run);
    if (!s) s = load_areas(ctx, store, &run, level, &areas);
    json_t *rows = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(areas.rows, i, r)
    {
        json_t *o = json_object();
        for (size_t c = 0; c < areas.ncols; c++)
            json_object_set(o, areas.col[c], json_array_get(r, c));
        json_array_append_new(rows, o);
    }
    table_free(&areas);
    json_decref(run.params);
    free(run.scenario);
    free(run.hash);
    free(run.method);
    if (s) {
        json_decref(rows);
        return s;
    }
    *out = rows;
    return COV_OK;
}
