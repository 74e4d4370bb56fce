/* Writing a siting table as CSV for Excel and scripts (UTF-8 with BOM, CRLF). */
#ifndef COV_SITE_CSV_H
#define COV_SITE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

/* Write ncols columns and nrows rows (cells row-major, NULL for empty) to path: CSV (UTF-8 with
 * BOM), or XLSX/GeoPackage/JSON when the file is named so (cov_tables_*). Refuses an existing
 * file unless overwrite; never leaves a half-written file. */
COV_API cov_status_t cov_site_csv_write(cov_ctx_t *ctx, const char *path, bool overwrite,
                                        const char *const *cols, size_t ncols,
                                        const char *const *cells, size_t nrows);

#endif
