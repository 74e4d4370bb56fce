/* Writing a siting table (CSV with BOM, or XLSX, by the file's ending) through the one table
 * writer. */
#include "planner/site/site_csv.h"

#include <jansson.h>

#include "geo/alloc.h"
#include "planner/core/tables.h"

cov_status_t cov_site_csv_write(cov_ctx_t *ctx, const char *path, bool overwrite,
                                const char *const *cols, size_t ncols, const char *const *cells,
                                size_t nrows)
{
    cov_tables_format_t fmt;
    if (cov_tables_format_of(ctx, path, NULL, &fmt)) fmt = COV_TABLES_CSV;
    cov_tables_t *t;
    cov_status_t s = cov_tables_open(ctx, path, fmt, overwrite, &t);
    if (s) return s;
    s = cov_tables_add(t, "sites", ncols, cols, NULL);
    for (size_t r = 0; !s && r < nrows; r++) {
        json_t *row = json_array();
        for (size_t c = 0; row && c < ncols; c++) {
            const char *v = cells[r * ncols + c];
            json_array_append_new(row, v ? json_string(v) : json_null());
        }
        s = row ? cov_tables_row(t, row) : COV_ERR_NOMEM;
        json_decref(row);
    }
    cov_status_t c = cov_tables_close(t, !s);
    return s ? s : c;
}
