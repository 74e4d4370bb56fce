/* The data layer's reading helpers (see db.h). */
#include "planner/core/db.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

cov_status_t cov_db_next(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st, const char *what,
                         bool *row)
{
    int rc = sqlite3_step(st);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return COV_OK;
    sqlite3 *db = cov_store_db(store);
    return cov_fail(ctx, COV_ERR_DB,
                    "%s: cannot read %s: %s; the project file may be damaged or locked (check it "
                    "with: sqlite3 %s 'PRAGMA integrity_check')",
                    cov_store_path(store), what, sqlite3_errmsg(db), cov_store_path(store));
}

bool cov_db_row(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st, const char *what,
                cov_status_t *status)
{
    if (*status) return false;
    bool row;
    *status = cov_db_next(ctx, store, st, what, &row);
    return !*status && row;
}

cov_status_t cov_db_table_exists(cov_ctx_t *ctx, cov_store_t *store, const char *table, bool *out)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(
        ctx, store, "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    s = cov_db_next(ctx, store, st, "the list of tables", out);
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_db_col_geometry(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st, int col,
                                 const char *table, const char *code, OGRGeometryH *out)
{
    *out = NULL;
    const void *wkb = sqlite3_column_blob(st, col);
    int len = sqlite3_column_bytes(st, col);
    if (wkb && OGR_G_CreateFromWkb(wkb, NULL, out, len) == OGRERR_NONE) return COV_OK;
    *out = NULL;
    char which[160] = "a row";
    if (code) snprintf(which, sizeof which, "row %.140s", code);
    return cov_fail(ctx, COV_ERR_DB,
                    "%s: table %s, %s: the geometry cannot be read; re-import or rebuild that "
                    "layer (or restore the file)",
                    cov_store_path(store), table, which);
}

cov_status_t cov_db_has_column(cov_ctx_t *ctx, cov_store_t *store, const char *table,
                               const char *column, bool *out)
{
    sqlite3_stmt *st;
    cov_status_t s =
        cov_store_prepare(ctx, store, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    s = cov_db_next(ctx, store, st, "the project's table list", out);
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_db_check_numbers(cov_ctx_t *ctx, cov_store_t *store, const char *table,
                                  long long run)
{
    return cov_db_check_numbers_where(ctx, store, table, run, NULL);
}

cov_status_t cov_db_check_numbers_where(cov_ctx_t *ctx, cov_store_t *store, const char *table,
                                        long long run, const char *where)
{
    const char *path = cov_store_path(store);
    bool exists;
    cov_status_t s = cov_db_table_exists(ctx, store, table, &exists);
    if (s) return s;
    if (!exists)
        return cov_fail(ctx, COV_ERR_DB,
                        "%s: the table %s is missing: the project is damaged or was changed "
                        "outside covplan; re-run the command that writes it (or restore the file)",
                        path, table);
    /* CASE WHEN typeof(a) NOT IN ('integer','real','null') THEN 'a' WHEN ... END */
    sqlite3_stmt *cols;
    if ((s = cov_store_prepare(ctx, store,
                               "SELECT name FROM pragma_table_info(?1) WHERE upper(type) IN "
                               "('INTEGER', 'REAL') ORDER BY cid",
                               &cols)))
        return s;
    sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
    sqlite3_str *sql = sqlite3_str_new(NULL);
    sqlite3_str_appendall(sql, "SELECT rowid, CASE");
    size_t n = 0;
    bool row;
    while (!(s = cov_db_next(ctx, store, cols, table, &row)) && row) {
        const char *c = (const char *)sqlite3_column_text(cols, 0);
        sqlite3_str_appendf(sql, " WHEN typeof(\"%w\") NOT IN ('integer', 'real', 'null') THEN %Q",
                            c, c);
        n++;
    }
    sqlite3_finalize(cols);
    bool has_run = false, has_code = false;
    if (!s) s = cov_db_has_column(ctx, store, table, "run_id", &has_run);
    if (!s) s = cov_db_has_column(ctx, store, table, "code", &has_code);
    sqlite3_str_appendf(sql, " END AS bad, %s FROM \"%w\" WHERE bad IS NOT NULL%s%s%s LIMIT 1",
                        has_code ? "code" : "NULL", table, has_run && run ? " AND run_id = ?1" : "",
                        where ? " AND " : "", where ? where : "");
    char *q = sqlite3_str_finish(sql);
    if (!q) return COV_ERR_NOMEM;
    if (s || !n) {
        sqlite3_free(q);
        return s;
    }
    sqlite3_stmt *st;
    s = cov_store_prepare(ctx, store, q, &st);
    sqlite3_free(q);
    if (s) return s;
    if (has_run && run) sqlite3_bind_int64(st, 1, run);
    s = cov_db_next(ctx, store, st, table, &row);
    if (!s && row) {
        const char *code = (const char *)sqlite3_column_text(st, 2);
        char which[160] = "";
        if (code) snprintf(which, sizeof which, " (code %.100s)", code);
        s = cov_fail(ctx, COV_ERR_DB,
                     "%s: table %s, row %lld%s, column %s holds something that is not a number: "
                     "the project was changed outside covplan; re-run the command that wrote it "
                     "(or restore the file)",
                     path, table, (long long)sqlite3_column_int64(st, 0), which,
                     (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_db_check_geometry(cov_ctx_t *ctx, cov_store_t *store, const char *table)
{
    char *q = sqlite3_mprintf("SELECT id, code FROM \"%w\" WHERE geom IS NOT NULL AND "
                              "GeometryType(geom) IS NULL ORDER BY id LIMIT 1",
                              table);
    if (!q) return COV_ERR_NOMEM;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, q, &st);
    sqlite3_free(q);
    if (s) return s;
    bool row;
    s = cov_db_next(ctx, store, st, table, &row);
    if (!s && row)
        s = cov_fail(ctx, COV_ERR_DB,
                     "%s: table %s, row %lld (code %s): the geometry cannot be read (damaged "
                     "blob); re-import the layer with --replace (or restore the file)",
                     cov_store_path(store), table, (long long)sqlite3_column_int64(st, 0),
                     (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return s;
}
