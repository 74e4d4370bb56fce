/*
 * One writer for every tabular output (see tables.h). CSV, XLSX and GeoPackage go through
 * GDAL's drivers, JSON through jansson; every file is written beside its final name and
 * renamed into place at the end, so readers never see half a table.
 */
#include "planner/core/tables.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/alloc.h"

struct cov_tables {
    cov_ctx_t *ctx;
    cov_tables_format_t fmt;
    char *path; /* the final name */
    char *tmp;  /* what is being written (== path for standard output) */
    bool to_stdout;
    cov_status_t status; /* the first failure, sticky */
    GDALDatasetH ds;
    OGRLayerH layer;
    size_t ntables, ncols;
    char **cols; /* the current table's column names (JSON) */
    json_t *doc, *rows;
};

static const char *const NAMES[] = {"csv", "xlsx", "gpkg", "json"};
static const char *const DRIVERS[] = {"CSV", "XLSX", "GPKG", NULL};

cov_status_t cov_tables_format_of(cov_ctx_t *ctx, const char *path, const char *format,
                                  cov_tables_format_t *out)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *name = format ? format : dot ? dot + 1 : NULL;
    for (int i = 0; name && i < 4; i++)
        if (strcasecmp(name, NAMES[i]) == 0) {
            *out = (cov_tables_format_t)i;
            return COV_OK;
        }
    if (format)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "unknown table format '%s'; use csv, xlsx, gpkg or json", format);
    return cov_fail(ctx, COV_ERR_USAGE,
                    "%s: unknown output format; name the file .csv, .xlsx, .gpkg or .json, or "
                    "pass -f csv|xlsx|gpkg|json",
                    path ? path : "-");
}

static cov_status_t gdal_fail(cov_tables_t *t, const char *what)
{
    const char *m = CPLGetLastErrorMsg();
    if (!t->status)
        t->status = cov_fail(t->ctx, COV_ERR_IO, "%s: cannot write %s%s%s", t->path, what,
                             m && *m ? ": " : "", m ? m : "");
    return t->status;
}

/* DIR/.NAME.covplan-PID.EXT beside the final file: the same file system, so rename is atomic,
 * and the same ending, which GDAL's drivers go by. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t dirlen = (size_t)(base - path), stem = dot ? (size_t)(dot - base) : strlen(base);
    size_t n = strlen(path) + 64;
    char *tmp = malloc(n);
    if (tmp)
        snprintf(tmp, n, "%.*s.%.*s.covplan-%ld%s", (int)dirlen, path, (int)stem, base,
                 (long)getpid(), dot ? dot : "");
    return tmp;
}

cov_status_t cov_tables_open(cov_ctx_t *ctx, const char *path, cov_tables_format_t fmt,
                             bool overwrite, cov_tables_t **out)
{
    *out = NULL;
    bool to_stdout = strcmp(path, "-") == 0 || strcmp(path, "/vsistdout/") == 0;
    if (to_stdout && fmt != COV_TABLES_CSV && fmt != COV_TABLES_JSON)
        return cov_fail(ctx, COV_ERR_USAGE, "%s tables cannot go to standard output; name a file",
                        NAMES[fmt]);
    struct stat sb;
    if (!to_stdout && stat(path, &sb) == 0 && !overwrite)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: file exists; choose another name or pass --overwrite to replace it",
                        path);
    if (!to_stdout) { /* GDAL's CSV driver would only say so when the first table is added */
        const char *slash = strrchr(path, '/');
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
        if (!dir[0]) snprintf(dir, sizeof dir, "/");
        if (access(dir, W_OK) != 0)
            return cov_fail(ctx, COV_ERR_IO,
                            "%s: cannot write into the folder %s (missing or not writable)", path,
                            dir);
    }
    cov_tables_t *t = calloc(1, sizeof *t);
    if (!t) return COV_ERR_NOMEM;
    t->ctx = ctx;
    t->fmt = fmt;
    t->to_stdout = to_stdout;
    t->path = cov_strdup(to_stdout ? "/vsistdout/" : path);
    t->tmp = to_stdout ? cov_strdup(t->path) : temp_name(path);
    if (!t->path || !t->tmp) {
        cov_tables_close(t, false);
        return COV_ERR_NOMEM;
    }
    if (fmt == COV_TABLES_JSON) {
        if (!(t->doc = json_object())) {
            cov_tables_close(t, false);
            return COV_ERR_NOMEM;
        }
        *out = t;
        return COV_OK;
    }
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName(DRIVERS[fmt]);
    if (!drv) {
        cov_tables_close(t, false);
        return cov_fail(ctx, COV_ERR_IO, "this GDAL has no %s driver", DRIVERS[fmt]);
    }
    unlink(t->tmp);
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    t->ds = GDALCreate(drv, t->tmp, 0, 0, 0, GDT_Unknown, NULL);
    CPLPopErrorHandler();
    if (!t->ds) {
        cov_status_t s = gdal_fail(t, "the file");
        cov_tables_close(t, false);
        return s;
    }
    *out = t;
    return COV_OK;
}

cov_status_t cov_tables_add(cov_tables_t *t, const char *name, size_t ncols,
                            const char *const *cols, const cov_cell_t *types)
{
    if (t->status) return t->status;
    if (t->fmt == COV_TABLES_CSV && t->ntables)
        return t->status = cov_fail(t->ctx, COV_ERR_USAGE,
                                    "%s: a CSV file holds one table; write %s to another file or "
                                    "use .xlsx",
                                    t->path, name);
    t->ntables++;
    for (size_t c = 0; c < t->ncols; c++) free(t->cols[c]);
    free(t->cols);
    t->ncols = ncols;
    t->cols = cov_calloc_array(ncols ? ncols : 1, sizeof *t->cols);
    if (!t->cols) return t->status = COV_ERR_NOMEM;
    for (size_t c = 0; c < ncols; c++)
        if (!(t->cols[c] = cov_strdup(cols[c]))) return t->status = COV_ERR_NOMEM;
    if (t->fmt == COV_TABLES_JSON) {
        t->rows = json_array();
        if (!t->rows || json_object_set_new(t->doc, name, t->rows))
            return t->status = COV_ERR_NOMEM;
        return COV_OK;
    }
    char **lco = NULL;
    if (t->fmt == COV_TABLES_CSV) {
        lco = CSLSetNameValue(lco, "WRITE_BOM", "YES");
        lco = CSLSetNameValue(lco, "LINEFORMAT", "CRLF");
        lco = CSLSetNameValue(lco, "STRING_QUOTING", "IF_NEEDED");
    }
    char sheet[32]; /* Excel's limit on sheet names */
    snprintf(sheet, sizeof sheet, "%s", name);
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    t->layer =
        GDALDatasetCreateLayer(t->ds, t->fmt == COV_TABLES_XLSX ? sheet : name, NULL, wkbNone, lco);
    CSLDestroy(lco);
    for (size_t c = 0; t->layer && c < ncols; c++) {
        OGRFieldType ft = types && types[c] == COV_CELL_INT    ? OFTInteger64
                          : types && types[c] == COV_CELL_REAL ? OFTReal
                                                               : OFTString;
        OGRFieldDefnH fd = OGR_Fld_Create(cols[c], ft);
        OGRErr e = OGR_L_CreateField(t->layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) {
            CPLPopErrorHandler();
            return gdal_fail(t, cols[c]);
        }
    }
    CPLPopErrorHandler();
    return t->layer ? COV_OK : gdal_fail(t, name);
}

cov_status_t cov_tables_row(cov_tables_t *t, const json_t *cells)
{
    if (t->status) return t->status;
    if (!t->cols) return t->status = cov_fail(t->ctx, COV_ERR_INTERNAL, "a row before a table");
    if (t->fmt == COV_TABLES_JSON) {
        json_t *o = json_object();
        if (!o) return t->status = COV_ERR_NOMEM;
        for (size_t c = 0; c < t->ncols; c++) {
            json_t *v = json_array_get(cells, c);
            json_object_set(o, t->cols[c], v ? v : json_null());
        }
        return json_array_append_new(t->rows, o) ? (t->status = COV_ERR_NOMEM) : COV_OK;
    }
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(t->layer));
    for (size_t c = 0; c < t->ncols; c++) {
        json_t *v = json_array_get(cells, c);
        int i = (int)c;
        if (!v || json_is_null(v))
            OGR_F_SetFieldNull(f, i);
        else if (json_is_integer(v))
            OGR_F_SetFieldInteger64(f, i, json_integer_value(v));
        else if (json_is_real(v))
            OGR_F_SetFieldDouble(f, i, json_real_value(v));
        else if (json_is_string(v))
            OGR_F_SetFieldString(f, i, json_string_value(v));
        else {
            char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
            OGR_F_SetFieldString(f, i, text ? text : "");
            free(text);
        }
    }
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr e = OGR_L_CreateFeature(t->layer, f);
    CPLPopErrorHandler();
    OGR_F_Destroy(f);
    return e == OGRERR_NONE ? COV_OK : gdal_fail(t, "a row");
}

cov_status_t cov_tables_close(cov_tables_t *t, bool keep)
{
    if (!t) return COV_OK;
    cov_status_t s = t->status;
    if (t->ds) {
        CPLErrorReset();
        CPLPushErrorHandler(CPLQuietErrorHandler);
        GDALClose(t->ds); /* XLSX and GPKG write most of the file here */
        CPLPopErrorHandler();
        if (!s && CPLGetLastErrorType() >= CE_Failure) s = gdal_fail(t, "the file");
    }
    if (!s && keep && t->fmt == COV_TABLES_JSON) {
        char *text =
            json_dumps(t->doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        FILE *f = !text ? NULL : t->to_stdout ? stdout : fopen(t->tmp, "wb");
        bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
        if (f) ok = (t->to_stdout ? fflush(f) : fclose(f)) == 0 && ok;
        free(text);
        if (!ok) s = cov_fail(t->ctx, COV_ERR_IO, "%s: cannot write the JSON file", t->path);
    }
    if (!t->to_stdout && t->tmp) {
        if (!s && keep && rename(t->tmp, t->path) != 0)
            s = cov_fail(t->ctx, COV_ERR_IO, "%s: cannot move the finished file into place",
                         t->path);
        if (s || !keep) unlink(t->tmp);
    }
    for (size_t c = 0; c < t->ncols; c++) free(t->cols[c]);
    free(t->cols);
    json_decref(t->doc);
    free(t->path);
    free(t->tmp);
    free(t);
    return s;
}
