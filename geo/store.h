/* The project database: one SpatiaLite file holding the working CRS, format version and layers. */
#ifndef COV_STORE_H
#define COV_STORE_H

#include <ogr_srs_api.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "geo/ctx.h"

typedef struct cov_store cov_store_t;

/* The format version written by this build; opening a newer file is refused. */
#define COV_STORE_FORMAT_VERSION 3

/* Create a new, empty project at path. Refuses an existing file unless overwrite.
 * srid > 0 fixes the working CRS now (it must be a metric projected EPSG CRS);
 * 0 leaves it to the first import. The caller owns *out (cov_store_close). */
COV_API cov_status_t cov_store_create(cov_ctx_t *ctx, const char *path, int srid, bool overwrite,
                                      cov_store_t **out);

/* Open an existing project read-write (or read-only). Fails with COV_ERR_NOT_FOUND when the
 * file is missing and COV_ERR_NOT_PROJECT when it is not a covplan database. */
COV_API cov_status_t cov_store_open(cov_ctx_t *ctx, const char *path, bool readonly,
                                    cov_store_t **out);
COV_API void cov_store_close(cov_store_t *st);

/* The SQLite handle (borrowed) and the path the project was opened with. */
COV_API sqlite3 *cov_store_db(cov_store_t *st);
COV_API const char *cov_store_path(const cov_store_t *st);

/* The format version stored in the project (older ones are migrated by the planner). */
COV_API int cov_store_format_version(const cov_store_t *st);

/* The working CRS's srid in the project (an EPSG code, or COV_STORE_CUSTOM_SRID), 0 while it
 * is not yet chosen. */
COV_API int cov_store_srid(const cov_store_t *st);
/* The working CRS (borrowed, NULL while unset); axis order is x=easting, y=northing. */
COV_API OGRSpatialReferenceH cov_store_srs(const cov_store_t *st);
/* Fix the working CRS of a project that has none yet, creating the layer tables.
 * Refuses to change a CRS that is already set (COV_ERR_CRS). Call inside a transaction. */
COV_API cov_status_t cov_store_set_crs(cov_ctx_t *ctx, cov_store_t *st, int srid);

/* The srid under which a working CRS that is not an EPSG code (a fitted Albers, a user's WKT or
 * PROJ string) is registered in the project's spatial_ref_sys (auth_name 'covplan'). */
#define COV_STORE_CUSTOM_SRID 990001

/* Fix the working CRS from a definition: an EPSG-coded one as cov_store_set_crs, any other
 * projected metric CRS registered under COV_STORE_CUSTOM_SRID with its WKT kept in the
 * project (so QGIS and SpatiaLite read the layers). Call inside a transaction. */
COV_API cov_status_t cov_store_set_crs_srs(cov_ctx_t *ctx, cov_store_t *st,
                                           OGRSpatialReferenceH srs);
/* The working CRS's EPSG code; 0 while unset or when it has none. */
COV_API int cov_store_epsg(const cov_store_t *st);
/* "EPSG:4545", "covplan:990001" or "none", for messages. */
COV_API void cov_store_crs_label(const cov_store_t *st, char *buf, size_t n);

/* Transactions: begin takes the write lock at once; rollback is safe to call after errors. */
COV_API cov_status_t cov_store_begin(cov_ctx_t *ctx, cov_store_t *st);
COV_API cov_status_t cov_store_commit(cov_ctx_t *ctx, cov_store_t *st);
COV_API void cov_store_rollback(cov_store_t *st);

/* Run SQL without results. Failures become COV_ERR_DB with SQLite's message. */
COV_API cov_status_t cov_store_exec(cov_ctx_t *ctx, cov_store_t *st, const char *sql);
/* Prepare a statement; COV_ERR_DB with SQLite's message on failure. */
COV_API cov_status_t cov_store_prepare(cov_ctx_t *ctx, cov_store_t *st, const char *sql,
                                       sqlite3_stmt **out);

/* Read a value from covplan_meta into a malloc'd string (*out NULL when absent). */
COV_API cov_status_t cov_store_meta_get(cov_ctx_t *ctx, cov_store_t *st, const char *key,
                                        char **out);
COV_API cov_status_t cov_store_meta_set(cov_ctx_t *ctx, cov_store_t *st, const char *key,
                                        const char *value);

/* Bind a number, or NULL when it is NaN or infinite (unknown values are stored as NULL). */
COV_API void cov_store_bind_num(sqlite3_stmt *st, int col, double v);
/* Bind text (copied), or NULL for a NULL pointer. */
COV_API void cov_store_bind_text(sqlite3_stmt *st, int col, const char *v);
/* Step a write statement, then reset it and clear its bindings for the next row. Anything but
 * SQLITE_DONE is COV_ERR_DB with "PATH: writing WHAT: sqlite's message". */
COV_API cov_status_t cov_store_step_done(cov_ctx_t *ctx, cov_store_t *st, sqlite3_stmt *stmt,
                                         const char *what);

/* Count rows of a query returning one integer (e.g. "SELECT count(*) FROM areas"). */
COV_API cov_status_t cov_store_count(cov_ctx_t *ctx, cov_store_t *st, const char *sql,
                                     long long *out);

#endif
