/* One writer for every tabular output: CSV (UTF-8 with BOM), XLSX, GeoPackage and JSON. */
#ifndef COV_CORE_TABLES_H
#define COV_CORE_TABLES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

typedef enum cov_cell { COV_CELL_TEXT = 0, COV_CELL_INT = 1, COV_CELL_REAL = 2 } cov_cell_t;

typedef enum cov_tables_format {
    COV_TABLES_CSV = 0,  /* one table; UTF-8 with BOM, CRLF, quoted only when needed (Excel) */
    COV_TABLES_XLSX = 1, /* one sheet per table (Excel, WPS, LibreOffice) */
    COV_TABLES_GPKG = 2, /* one attribute table per table (QGIS) */
    COV_TABLES_JSON = 3  /* {"TABLE": [{column: value, ...}, ...], ...} */
} cov_tables_format_t;

typedef struct cov_tables cov_tables_t;

/* The format named by `format` ("csv", "xlsx", "gpkg", "json"), else by the file's ending;
 * COV_ERR_USAGE naming the file when neither says. */
COV_API cov_status_t cov_tables_format_of(cov_ctx_t *ctx, const char *path, const char *format,
                                          cov_tables_format_t *out);

/*
 * Start writing tables to path ("-" or "/vsistdout/": standard output, CSV and JSON only).
 * An existing file is refused unless overwrite. Everything goes to a temporary file beside
 * path that cov_tables_close(…, true) renames into place, so a failure or a killed process
 * never leaves a half-written file. The caller owns *out (cov_tables_close).
 */
COV_API cov_status_t cov_tables_open(cov_ctx_t *ctx, const char *path, cov_tables_format_t fmt,
                                     bool overwrite, cov_tables_t **out);

/* Start the next table (a sheet, a layer) with ncols named, typed columns. A CSV file holds
 * one table: a second is COV_ERR_USAGE. */
COV_API cov_status_t cov_tables_add(cov_tables_t *t, const char *name, size_t ncols,
                                    const char *const *cols, const cov_cell_t *types);

/* One row of the current table: a JSON array of ncols cells (null, integer, real, string;
 * other JSON values are written as their JSON text). */
COV_API cov_status_t cov_tables_row(cov_tables_t *t, const json_t *cells);

/* Finish: with keep, move the file into place (the first error of any call above is returned
 * here too); without, remove what was written. Frees t; NULL is a no-op. */
COV_API cov_status_t cov_tables_close(cov_tables_t *t, bool keep);

#endif
