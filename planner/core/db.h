/* The data layer's reading helpers: stepping a query tells a row from the end from a failure. */
#ifndef COV_CORE_DB_H
#define COV_CORE_DB_H

#include <ogr_api.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/store.h"

/*
 * Step a read statement. COV_OK with *row true: a row is ready; COV_OK with *row false: no
 * more rows. Anything else SQLite says (a damaged page, a locked file, a type error raised by
 * the query) is COV_ERR_DB naming the project, what was being read and SQLite's message, so a
 * read loop never mistakes a failure for "no data":
 *
 *     bool row;
 *     while (!(s = cov_db_next(ctx, store, st, "areas", &row)) && row) { ... }
 */
cov_status_t cov_db_next(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st, const char *what,
                         bool *row);

/*
 * The same as a loop condition with a sticky status: true when a row is ready; false at the end
 * or on a failure, which is recorded in *status (unless it already holds one):
 *
 *     while (cov_db_row(ctx, store, st, "areas", &s)) { ... }
 *     sqlite3_finalize(st);
 *     if (s) return s;
 */
bool cov_db_row(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st, const char *what,
                cov_status_t *status);

/* Does the project have this table (main schema)? A failure to ask is an error, not "no". */
cov_status_t cov_db_table_exists(cov_ctx_t *ctx, cov_store_t *store, const char *table, bool *out);

/* Does table have a column of this name? */
cov_status_t cov_db_has_column(cov_ctx_t *ctx, cov_store_t *store, const char *table,
                               const char *column, bool *out);

/* The geometry stored as WKB in column col of a row of table (the caller owns *out). A blob
 * that cannot be read is COV_ERR_DB naming the table and the row's code (may be NULL). */
cov_status_t cov_db_col_geometry(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st, int col,
                                 const char *table, const char *code, OGRGeometryH *out);

/*
 * Check that every number stored in table's numeric columns (declared INTEGER or REAL) is a
 * number or NULL, for the rows where run_id = run (run 0: every row). The first damaged value
 * is COV_ERR_DB naming the table, the row (rowid, and code when the table has one) and the
 * column. One query per table: analyses and readers call it before they trust the numbers.
 */
cov_status_t cov_db_check_numbers(cov_ctx_t *ctx, cov_store_t *store, const char *table,
                                  long long run);
/* The same over the rows that also match where (an SQL condition on the table's columns). */
cov_status_t cov_db_check_numbers_where(cov_ctx_t *ctx, cov_store_t *store, const char *table,
                                        long long run, const char *where);

/* Check that every geometry of a layer table (areas, facilities, demand) is one SpatiaLite can
 * read: the first that is not is COV_ERR_DB naming the table, the row's code and what to do. */
cov_status_t cov_db_check_geometry(cov_ctx_t *ctx, cov_store_t *store, const char *table);

#endif
