/* The project database: a SpatiaLite file with covplan's metadata and layer tables. */
#include "geo/store.h"

#include <cpl_conv.h>
#include <math.h>
#include <spatialite.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "geo/alloc.h"

struct cov_store {
    sqlite3 *db;
    void *spatialite; /* the SpatiaLite connection cache */
    char *path;
    int srid;
    int format_version;
    OGRSpatialReferenceH srs;
};

/* Layer tables. Coordinates are kept twice: as SpatiaLite geometry (for QGIS and SQL) and as
 * plain x/y columns so analyses can load flat arrays without parsing blobs. */
static const char *const LAYER_SQL[] = {
    "CREATE TABLE areas (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT,"
    " population REAL, elderly REAL, area_km2 REAL, source_id INTEGER, level TEXT,"
    " parent_code TEXT)",
    "SELECT AddGeometryColumn('areas', 'geom', %d, 'MULTIPOLYGON', 'XY', 1)",
    "SELECT CreateSpatialIndex('areas', 'geom')",
    "CREATE TABLE facilities (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT,"
    " role TEXT NOT NULL CHECK (role IN ('health','eldercare')), kind TEXT NOT NULL,"
    " source_kind TEXT, capacity REAL, area_id INTEGER REFERENCES areas(id),"
    " x REAL NOT NULL, y REAL NOT NULL, source_id INTEGER)",
    "SELECT AddGeometryColumn('facilities', 'geom', %d, 'POINT', 'XY', 1)",
    "SELECT CreateSpatialIndex('facilities', 'geom')",
    "CREATE INDEX facilities_role ON facilities(role, kind)",
    "CREATE TABLE demand (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, weight REAL NOT NULL,"
    " area_id INTEGER REFERENCES areas(id), x REAL NOT NULL, y REAL NOT NULL, source_id INTEGER)",
    "SELECT AddGeometryColumn('demand', 'geom', %d, 'POINT', 'XY', 1)",
    "SELECT CreateSpatialIndex('demand', 'geom')",
};

static const char *const BASE_SQL[] = {
    "CREATE TABLE covplan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE sources (id INTEGER PRIMARY KEY, role TEXT NOT NULL, path TEXT NOT NULL,"
    " layer TEXT, src_crs TEXT NOT NULL, coords TEXT NOT NULL, encoding TEXT,"
    " features INTEGER NOT NULL, imported_at TEXT NOT NULL)",
};

static cov_status_t db_fail(cov_ctx_t *ctx, cov_store_t *st, const char *what)
{
    return cov_fail(ctx, COV_ERR_DB, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

cov_status_t cov_store_exec(cov_ctx_t *ctx, cov_store_t *st, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        cov_status_t s = cov_fail(ctx, COV_ERR_DB, "%s: database error: %s (in: %.80s)", st->path,
                                  err ? err : sqlite3_errmsg(st->db), sql);
        sqlite3_free(err);
        return s;
    }
    return COV_OK;
}

cov_status_t cov_store_prepare(cov_ctx_t *ctx, cov_store_t *st, const char *sql, sqlite3_stmt **out)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) == SQLITE_OK) return COV_OK;
    *out = NULL;
    return cov_fail(ctx, COV_ERR_DB,
                    "%s: database error: %s; the project is damaged or was changed outside "
                    "covplan (in: %.60s)",
                    st->path, sqlite3_errmsg(st->db), sql);
}

cov_status_t cov_store_begin(cov_ctx_t *ctx, cov_store_t *st)
{
    return cov_store_exec(ctx, st, "BEGIN IMMEDIATE");
}

cov_status_t cov_store_commit(cov_ctx_t *ctx, cov_store_t *st)
{
    return cov_store_exec(ctx, st, "COMMIT");
}

void cov_store_rollback(cov_store_t *st)
{
    if (sqlite3_get_autocommit(st->db)) return;
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    /* A CRS chosen inside the rolled-back transaction is undone on disk: forget it here too. */
    if (st->srid) {
        long long kept = 0;
        sqlite3_stmt *stmt;
        if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM covplan_meta WHERE key = 'crs_srid'",
                               -1, &stmt, NULL) == SQLITE_OK) {
            if (sqlite3_step(stmt) == SQLITE_ROW) kept = sqlite3_column_int64(stmt, 0);
            sqlite3_finalize(stmt);
        }
        if (!kept) {
            OSRDestroySpatialReference(st->srs);
            st->srs = NULL;
            st->srid = 0;
        }
    }
}

cov_status_t cov_store_meta_get(cov_ctx_t *ctx, cov_store_t *st, const char *key, char **out)
{
    *out = NULL;
    sqlite3_stmt *stmt;
    cov_status_t s =
        cov_store_prepare(ctx, st, "SELECT value FROM covplan_meta WHERE key = ?", &stmt);
    if (s) return s;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        *out = cov_strdup((const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return COV_OK;
}

cov_status_t cov_store_meta_set(cov_ctx_t *ctx, cov_store_t *st, const char *key, const char *value)
{
    sqlite3_stmt *stmt;
    cov_status_t s = cov_store_prepare(
        ctx, st, "INSERT OR REPLACE INTO covplan_meta (key, value) VALUES (?, ?)", &stmt);
    if (s) return s;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return db_fail(ctx, st, "writing project metadata");
    return COV_OK;
}

void cov_store_bind_num(sqlite3_stmt *st, int col, double v)
{
    if (!isfinite(v))
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_double(st, col, v);
}

void cov_store_bind_text(sqlite3_stmt *st, int col, const char *v)
{
    if (v)
        sqlite3_bind_text(st, col, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

cov_status_t cov_store_step_done(cov_ctx_t *ctx, cov_store_t *st, sqlite3_stmt *stmt,
                                 const char *what)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc == SQLITE_DONE) return COV_OK;
    return cov_fail(ctx, COV_ERR_DB, "%s: writing %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

cov_status_t cov_store_count(cov_ctx_t *ctx, cov_store_t *st, const char *sql, long long *out)
{
    *out = 0;
    sqlite3_stmt *stmt;
    cov_status_t s = cov_store_prepare(ctx, st, sql, &stmt);
    if (s) return s;
    if (sqlite3_step(stmt) == SQLITE_ROW) *out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return COV_OK;
}

static cov_status_t connect(cov_ctx_t *ctx, const char *path, int flags, cov_store_t **out)
{
    cov_store_t *st = calloc(1, sizeof *st);
    if (!st) return COV_ERR_NOMEM;
    st->path = cov_strdup(path);
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        cov_status_t s = cov_fail(ctx, COV_ERR_IO, "%s: cannot open the project database: %s", path,
                                  st->db ? sqlite3_errmsg(st->db) : "out of memory");
        cov_store_close(st);
        return s;
    }
    sqlite3_busy_timeout(st->db, 5000);
    /* A page cache of up to 256 MB (taken only as pages are read): writing ten million result
     * rows updates two indexes at random places, and SQLite's default 2 MB cache rereads their
     * pages from disk at every turn. */
    sqlite3_exec(st->db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
    st->spatialite = spatialite_alloc_connection();
    spatialite_init_ex(st->db, st->spatialite, 0);
    *out = st;
    return COV_OK;
}

/* Build the OGR spatial reference for an EPSG code with GIS axis order (x=east). */
static OGRSpatialReferenceH srs_from_epsg(int srid)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    if (OSRImportFromEPSG(srs, srid) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return NULL;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* Register srs under srid (auth_name/auth_srid: where it comes from) unless SpatiaLite knows it,
 * create the layer tables and record the CRS in covplan_meta (crs_wkt for a CRS that is not an
 * EPSG code). Takes ownership of srs. */
static cov_status_t install_crs(cov_ctx_t *ctx, cov_store_t *st, int srid, OGRSpatialReferenceH srs,
                                const char *auth_name, bool custom)
{
    char sql[1024];
    cov_status_t s = COV_OK;
    long long known = 0;
    if (!custom) {
        snprintf(sql, sizeof sql, "SELECT InsertEpsgSrid(%d)", srid);
        s = cov_store_exec(ctx, st, sql);
    }
    if (!s) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM spatial_ref_sys WHERE srid = %d", srid);
        s = cov_store_count(ctx, st, sql, &known);
    }
    char *wkt = NULL;
    OSRExportToWkt(srs, &wkt);
    if (!s && !known) {
        /* SpatiaLite's built-in table lacks this CRS: register it from PROJ's definition, so
         * that QGIS and SpatiaLite read the layers in it. */
        char *proj4 = NULL;
        OSRExportToProj4(srs, &proj4);
        sqlite3_stmt *stmt;
        s = cov_store_prepare(ctx, st,
                              "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, "
                              "ref_sys_name, proj4text, srtext) VALUES (?, ?, ?, ?, ?, ?)",
                              &stmt);
        if (!s) {
            sqlite3_bind_int(stmt, 1, srid);
            sqlite3_bind_text(stmt, 2, auth_name, -1, SQLITE_STATIC);
            sqlite3_bind_int(stmt, 3, srid);
            sqlite3_bind_text(stmt, 4, OSRGetName(srs), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(stmt, 5, proj4 ? proj4 : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(stmt, 6, wkt ? wkt : "", -1, SQLITE_TRANSIENT);
            if (sqlite3_step(stmt) != SQLITE_DONE) s = db_fail(ctx, st, "registering the CRS");
            sqlite3_finalize(stmt);
        }
        CPLFree(proj4);
    }
    for (size_t i = 0; !s && i < sizeof LAYER_SQL / sizeof *LAYER_SQL; i++) {
        snprintf(sql, sizeof sql, LAYER_SQL[i], srid);
        s = cov_store_exec(ctx, st, sql);
    }
    if (!s) {
        snprintf(sql, sizeof sql, "%d", srid);
        s = cov_store_meta_set(ctx, st, "crs_srid", sql);
    }
    if (!s) s = cov_store_meta_set(ctx, st, "crs_name", OSRGetName(srs));
    if (!s && custom) s = cov_store_meta_set(ctx, st, "crs_wkt", wkt ? wkt : "");
    CPLFree(wkt);
    if (s) {
        OSRDestroySpatialReference(srs);
        return s;
    }
    st->srid = srid;
    st->srs = srs;
    return COV_OK;
}

static cov_status_t already_set(cov_ctx_t *ctx, cov_store_t *st, const char *wanted)
{
    char have[64];
    cov_store_crs_label(st, have, sizeof have);
    return cov_fail(ctx, COV_ERR_CRS,
                    "%s: the project's working CRS is already %s; it is never changed "
                    "(start a new project with covplan init --crs %s)",
                    st->path, have, wanted);
}

cov_status_t cov_store_set_crs(cov_ctx_t *ctx, cov_store_t *st, int srid)
{
    if (st->srid) {
        if (st->srid == srid) return COV_OK;
        char want[32];
        snprintf(want, sizeof want, "EPSG:%d", srid);
        return already_set(ctx, st, want);
    }
    OGRSpatialReferenceH srs = srs_from_epsg(srid);
    if (!srs) return cov_fail(ctx, COV_ERR_CRS, "EPSG:%d is not a CRS that PROJ knows", srid);
    if (!OSRIsProjected(srs)) {
        OSRDestroySpatialReference(srs);
        return cov_fail(ctx, COV_ERR_CRS,
                        "EPSG:%d is not a projected (metric) CRS; the working CRS must measure "
                        "in metres, e.g. a CGCS2000 Gauss-Kruger zone (EPSG:4534-4554) or UTM",
                        srid);
    }
    return install_crs(ctx, st, srid, srs, "epsg", false);
}

cov_status_t cov_store_set_crs_srs(cov_ctx_t *ctx, cov_store_t *st, OGRSpatialReferenceH srs)
{
    const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && strcmp(auth, "EPSG") == 0) return cov_store_set_crs(ctx, st, atoi(code));
    if (st->srid) return already_set(ctx, st, "...");
    if (!OSRIsProjected(srs) || fabs(OSRGetLinearUnits(srs, NULL) - 1.0) > 1e-9)
        return cov_fail(ctx, COV_ERR_CRS,
                        "%s is not a projected CRS in metres; the working CRS measures distances",
                        OSRGetName(srs));
    OGRSpatialReferenceH own = OSRClone(srs);
    OSRSetAxisMappingStrategy(own, OAMS_TRADITIONAL_GIS_ORDER);
    return install_crs(ctx, st, COV_STORE_CUSTOM_SRID, own, "covplan", true);
}

int cov_store_epsg(const cov_store_t *st)
{
    return st->srid && st->srid != COV_STORE_CUSTOM_SRID ? st->srid : 0;
}

void cov_store_crs_label(const cov_store_t *st, char *buf, size_t n)
{
    if (!st->srid)
        snprintf(buf, n, "none");
    else if (st->srid == COV_STORE_CUSTOM_SRID)
        snprintf(buf, n, "covplan:%d", st->srid);
    else
        snprintf(buf, n, "EPSG:%d", st->srid);
}

cov_status_t cov_store_create(cov_ctx_t *ctx, const char *path, int srid, bool overwrite,
                              cov_store_t **out)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (!overwrite)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "%s: file exists; choose another name or pass --overwrite to replace "
                            "it",
                            path);
        if (unlink(path) != 0)
            return cov_fail(ctx, COV_ERR_IO, "%s: cannot remove the existing file", path);
    }
    cov_store_t *st;
    cov_status_t s = connect(ctx, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &st);
    if (s) return s;
    s = cov_store_exec(ctx, st, "PRAGMA application_id = 1668249456"); /* 'covp' */
    if (!s) s = cov_store_begin(ctx, st);
    if (!s) s = cov_store_exec(ctx, st, "SELECT InitSpatialMetaData(0, 'NONE')");
    for (size_t i = 0; !s && i < sizeof BASE_SQL / sizeof *BASE_SQL; i++)
        s = cov_store_exec(ctx, st, BASE_SQL[i]);
    if (!s) s = cov_store_meta_set(ctx, st, "app", "covplan");
    char buf[64];
    snprintf(buf, sizeof buf, "%d", COV_STORE_FORMAT_VERSION);
    if (!s) s = cov_store_meta_set(ctx, st, "format_version", buf);
    st->format_version = COV_STORE_FORMAT_VERSION;
    if (!s && srid) s = cov_store_set_crs(ctx, st, srid);
    if (!s) s = cov_store_commit(ctx, st);
    if (s) {
        cov_store_rollback(st);
        cov_store_close(st);
        unlink(path);
        return s;
    }
    *out = st;
    return COV_OK;
}

cov_status_t cov_store_open(cov_ctx_t *ctx, const char *path, bool readonly, cov_store_t **out)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return cov_fail(ctx, COV_ERR_NOT_FOUND,
                        "%s: no such project file; create one with: covplan init %s", path, path);
    cov_store_t *st;
    cov_status_t s =
        connect(ctx, path, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, &st);
    if (s) return s;
    char *app = NULL, *ver = NULL, *srid = NULL;
    sqlite3_stmt *probe = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT value FROM covplan_meta WHERE key = 'app'", -1,
                                &probe, NULL);
    sqlite3_finalize(probe);
    if (rc != SQLITE_OK) {
        s = cov_fail(ctx, COV_ERR_NOT_PROJECT,
                     "%s: not a covplan project database (no covplan_meta table); create a "
                     "project with: covplan init FILE",
                     path);
        goto fail;
    }
    if ((s = cov_store_meta_get(ctx, st, "app", &app))) goto fail;
    if ((s = cov_store_meta_get(ctx, st, "format_version", &ver))) goto fail;
    if (!app || strcmp(app, "covplan") != 0 || !ver) {
        s = cov_fail(ctx, COV_ERR_NOT_PROJECT, "%s: not a covplan project database", path);
        goto fail;
    }
    st->format_version = atoi(ver);
    if (st->format_version > COV_STORE_FORMAT_VERSION) {
        s = cov_fail(ctx, COV_ERR_NOT_PROJECT,
                     "%s: project format version %s is newer than this covplan understands (%d); "
                     "upgrade covplan",
                     path, ver, COV_STORE_FORMAT_VERSION);
        goto fail;
    }
    if ((s = cov_store_meta_get(ctx, st, "crs_srid", &srid))) goto fail;
    if (srid) {
        st->srid = atoi(srid);
        char *wkt = NULL;
        if (st->srid == COV_STORE_CUSTOM_SRID && (s = cov_store_meta_get(ctx, st, "crs_wkt", &wkt)))
            goto fail;
        if (wkt) { /* a CRS that is not an EPSG code, kept as WKT */
            st->srs = OSRNewSpatialReference(NULL);
            char *p = wkt;
            if (OSRImportFromWkt(st->srs, &p) != OGRERR_NONE) {
                OSRDestroySpatialReference(st->srs);
                st->srs = NULL;
            } else {
                OSRSetAxisMappingStrategy(st->srs, OAMS_TRADITIONAL_GIS_ORDER);
            }
            free(wkt);
        } else {
            st->srs = srs_from_epsg(st->srid);
        }
        if (!st->srs) {
            s = cov_fail(ctx, COV_ERR_CRS,
                         "%s: the project's CRS (srid %s) cannot be read; the covplan_meta row "
                         "crs_srid or crs_wkt is damaged",
                         path, srid);
            goto fail;
        }
    }
    free(app);
    free(ver);
    free(srid);
    *out = st;
    return COV_OK;
fail:
    free(app);
    free(ver);
    free(srid);
    cov_store_close(st);
    return s;
}

void cov_store_close(cov_store_t *st)
{
    if (!st) return;
    if (st->db) {
        cov_store_rollback(st);
        sqlite3_close_v2(st->db);
    }
    if (st->spatialite) spatialite_cleanup_ex(st->spatialite);
    if (st->srs) OSRDestroySpatialReference(st->srs);
    free(st->path);
    free(st);
}

sqlite3 *cov_store_db(cov_store_t *st) { return st->db; }
const char *cov_store_path(const cov_store_t *st) { return st->path; }
int cov_store_srid(const cov_store_t *st) { return st->srid; }
int cov_store_format_version(const cov_store_t *st) { return st->format_version; }
OGRSpatialReferenceH cov_store_srs(const cov_store_t *st) { return st->srs; }
