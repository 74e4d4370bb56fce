/* Network distance from every facility and demand point to its nearest clinic (one pass). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"
#include "planner/roads/roads.h"

typedef struct pts {
    long long *id;
    char **code;
    double *x, *y;
    cov_graph_snap_t *snap;
    size_t n;
} pts_t;

static void pts_free(pts_t *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->code[i]);
    free(p->code);
    free(p->id);
    free(p->x);
    free(p->y);
    free(p->snap);
}

static cov_status_t load_pts(cov_ctx_t *ctx, cov_store_t *store, const char *sql, pts_t *p)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "facilities", &s)) {
        if (p->n == cap) {
            cap = cap ? 2 * cap : 256;
            long long *id = cov_realloc_array(p->id, cap, sizeof *id);
            if (id) p->id = id;
            char **code = cov_realloc_array(p->code, cap, sizeof *code);
            if (code) p->code = code;
            double *x = cov_realloc_array(p->x, cap, sizeof *x);
            if (x) p->x = x;
            double *y = cov_realloc_array(p->y, cap, sizeof *y);
            if (y) p->y = y;
            if (!id || !code || !x || !y) {
                sqlite3_finalize(st);
                return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            }
        }
        p->id[p->n] = sqlite3_column_int64(st, 0);
        p->code[p->n] = cov_strdup((const char *)sqlite3_column_text(st, 1));
        p->x[p->n] = sqlite3_column_double(st, 2);
        p->y[p->n] = sqlite3_column_double(st, 3);
        p->n++;
    }
    sqlite3_finalize(st);
    if (s) return s;
    p->snap = cov_calloc_array(p->n ? p->n : 1, sizeof *p->snap);
    if (!p->snap) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    return COV_OK;
}

/* Snap every point; warn about far ones. Returns the number beyond warn. */
static size_t snap_all(cov_ctx_t *ctx, const cov_graph_t *g, pts_t *p, const char *what,
                       double warn, double max)
{
    size_t far = 0;
    for (size_t i = 0; i < p->n; i++) {
        cov_graph_snap_point(g, p->x[i], p->y[i], max, &p->snap[i]);
        if (p->snap[i].edge < 0) {
            far++;
            cov_log(ctx, COV_LOG_WARN,
                    "%s '%s' has no usable road within %g m: left unreached (raise --max-snap "
                    "to attach it anyway)",
                    what, p->code[i], max);
        } else if (p->snap[i].dist > warn) {
            far++;
            cov_log(ctx, COV_LOG_WARN,
                    "%s '%s' is %.0f m from the nearest usable road (more than %g m); its "
                    "network cost starts from there",
                    what, p->code[i], p->snap[i].dist, warn);
        }
    }
    return far;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static cov_status_t write_rows(cov_ctx_t *ctx, cov_store_t *store, sqlite3_stmt *st,
                               const char *target, const pts_t *p, const pts_t *clin,
                               const cov_graph_t *g, const double *cost, const int32_t *csrc,
                               const double *clen, double *reached, size_t *nreached)
{
    for (size_t i = 0; i < p->n; i++) {
        double c = INFINITY, len = NAN;
        int32_t k = -1;
        if (p->snap[i].edge >= 0)
            cov_graph_point_cost(g, cost, csrc, clen, clin->snap, clin->n, &p->snap[i], &c, &k,
                                 &len);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, p->id[i]);
        if (k >= 0) {
            sqlite3_bind_int64(st, 3, clin->id[k]);
            sqlite3_bind_double(st, 4, c);
            sqlite3_bind_double(st, 5, len);
            double total = len + p->snap[i].dist + clin->snap[k].dist;
            sqlite3_bind_double(st, 6, total);
            sqlite3_bind_double(st, 7, hypot(p->x[i] - clin->x[k], p->y[i] - clin->y[k]));
            if (reached) reached[(*nreached)++] = c;
        }
        if (p->snap[i].edge >= 0) {
            sqlite3_bind_double(st, 8, p->snap[i].dist);
            sqlite3_bind_int64(st, 9, p->snap[i].edge + 1);
            sqlite3_bind_double(st, 10, p->snap[i].t);
            sqlite3_bind_double(st, 11, p->snap[i].x);
            sqlite3_bind_double(st, 12, p->snap[i].y);
        }
        if (sqlite3_step(st) != SQLITE_DONE)
            return cov_fail(ctx, COV_ERR_DB, "writing network_nearest: %s",
                            sqlite3_errmsg(cov_store_db(store)));
    }
    return COV_OK;
}

static cov_status_t store_results(cov_ctx_t *ctx, cov_store_t *store,
                                  const cov_roads_nearest_opts_t *o, pts_t *fac, pts_t *dem,
                                  const pts_t *clin, const cov_graph_t *g, const double *cost,
                                  const int32_t *csrc, const double *clen, double *reached,
                                  size_t *nreached)
{
    cov_status_t s = cov_store_exec(
        ctx, store,
        "CREATE TABLE IF NOT EXISTS network_nearest (profile TEXT NOT NULL, metric TEXT NOT "
        "NULL, direction TEXT NOT NULL, target TEXT NOT NULL, target_id INTEGER NOT NULL, "
        "clinic_id INTEGER, cost REAL, path_m REAL, total_m REAL, euclid_m REAL, snap_m REAL, "
        "snap_road INTEGER, snap_t REAL, snap_x REAL, snap_y REAL, PRIMARY KEY (profile, metric, "
        "direction, target, target_id))");
    if (s) return s;
    const char *prof = o->profile == COV_PROFILE_DRIVE ? "drive" : "walk";
    const char *met = o->metric == COV_METRIC_TIME ? "time" : "length";
    const char *dir = o->from_clinic ? "from_clinic" : "to_clinic";
    char sql[512];
    snprintf(sql, sizeof sql,
             "DELETE FROM network_nearest WHERE profile = '%s' AND metric = '%s' AND "
             "direction = '%s'",
             prof, met, dir);
    if ((s = cov_store_exec(ctx, store, sql))) return s;
    snprintf(sql, sizeof sql,
             "INSERT INTO network_nearest VALUES ('%s', '%s', '%s', ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?)",
             prof, met, dir);
    sqlite3_stmt *st;
    if ((s = cov_store_prepare(ctx, store, sql, &st))) return s;
    s = write_rows(ctx, store, st, "facility", fac, clin, g, cost, csrc, clen, reached, nreached);
    if (!s) s = write_rows(ctx, store, st, "demand", dem, clin, g, cost, csrc, clen, NULL, NULL);
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_roads_nearest(cov_ctx_t *ctx, cov_store_t *store,
                               const cov_roads_nearest_opts_t *opts,
                               cov_roads_nearest_summary_t *out)
{
    cov_roads_nearest_opts_t o = *opts;
    if (o.warn_snap <= 0) o.warn_snap = 500;
    if (o.max_snap <= 0) o.max_snap = 2000;
    memset(out, 0, sizeof *out);
    cov_graph_t *g = NULL;
    char **cls = NULL;
    size_t ncls = 0;
    pts_t clin = {0}, fac = {0}, dem = {0};
    double *cost = NULL, *clen = NULL, *reached = NULL;
    int32_t *csrc = NULL;
    size_t nreached = 0;
    cov_status_t s = cov_roads_load(ctx, store, &g, &cls, &ncls);
    if (!s)
        s = cov_roads_set_profile(ctx, g, cls, ncls, o.speeds, o.profile, o.metric, !o.from_clinic);
    if (!s)
        s = load_pts(ctx, store,
                     "SELECT id, code, x, y FROM facilities WHERE role = "
                     "'health' ORDER BY id",
                     &clin);
    if (!s) s = load_pts(ctx, store, "SELECT id, code, x, y FROM facilities ORDER BY id", &fac);
    if (!s) s = load_pts(ctx, store, "SELECT id, code, x, y FROM demand ORDER BY id", &dem);
    if (!s && clin.n == 0)
        s = cov_fail(ctx, COV_ERR_EMPTY,
                     "%s: the project has no clinics (facilities with role "
                     "health)",
                     cov_store_path(store));
    size_t nn = g ? cov_graph_node_count(g) : 0;
    if (!s) {
        cost = cov_calloc_array(nn, sizeof *cost);
        clen = cov_calloc_array(nn, sizeof *clen);
        csrc = cov_calloc_array(nn, sizeof *csrc);
        reached = cov_calloc_array(fac.n + 1, sizeof *reached);
        if (!cost || !clen || !csrc || !reached) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    if (!s) {
        /* facilities include the clinics; warn about each far facility once */
        for (size_t i = 0; i < clin.n; i++)
            cov_graph_snap_point(g, clin.x[i], clin.y[i], o.max_snap, &clin.snap[i]);
        out->far_snaps = snap_all(ctx, g, &fac, "facility", o.warn_snap, o.max_snap);
        out->far_snaps += snap_all(ctx, g, &dem, "demand point", o.warn_snap, o.max_snap);
        s = cov_graph_nearest_sources(ctx, g, clin.snap, clin.n, cost, csrc, clen);
    }
    if (!s) s = cov_store_begin(ctx, store);
    if (!s) {
        s = store_results(ctx, store, &o, &fac, &dem, &clin, g, cost, csrc, clen, reached,
                          &nreached);
        if (!s) s = cov_store_commit(ctx, store);
        if (s) cov_store_rollback(store);
    }
    if (!s) {
        out->clinics = clin.n;
        out->sites = fac.n - clin.n;
        out->demand = dem.n;
        out->unreached = fac.n - nreached;
        /* the summary's median/max are over elder-care sites: recompute from the table */
        sqlite3_stmt *st;
        nreached = 0;
        if (!(s = cov_store_prepare(ctx, store,
                                    "SELECT n.cost FROM network_nearest n JOIN facilities f ON "
                                    "f.id = n.target_id WHERE n.target = 'facility' AND f.role = "
                                    "'eldercare' AND n.cost IS NOT NULL AND n.profile = ? AND "
                                    "n.metric = ? AND n.direction = ?",
                                    &st))) {
            sqlite3_bind_text(st, 1, o.profile == COV_PROFILE_DRIVE ? "drive" : "walk", -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(st, 2, o.metric == COV_METRIC_TIME ? "time" : "length", -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(st, 3, o.from_clinic ? "from_clinic" : "to_clinic", -1,
                              SQLITE_STATIC);
            while (cov_db_row(ctx, store, st, "network_nearest", &s))
                reached[nreached++] = sqlite3_column_double(st, 0);
            sqlite3_finalize(st);
            qsort(reached, nreached, sizeof *reached, cmp_double);
            out->median_cost = nreached ? reached[(nreached - 1) / 2] : NAN;
            out->max_cost = nreached ? reached[nreached - 1] : NAN;
        }
    }
    free(cost);
    free(clen);
    free(csrc);
    free(reached);
    pts_free(&clin);
    pts_free(&fac);
    pts_free(&dem);
    cov_graph_destroy(g);
    cov_roads_classes_free(cls, ncls);
    return s;
}
