/* Storing coverage runs (see analysis_store.h). */
#include "planner/core/analysis_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/core/db.h"
#include "planner/core/runs.h"

struct cov_analysis_writer {
    cov_ctx_t *ctx;
    cov_store_t *store;
    long long run_id;
    sqlite3_stmt *site, *area;
    cov_status_t status; /* the first failure: end rolls back */
};

static cov_status_t insert_run(cov_ctx_t *ctx, cov_store_t *store, const cov_analysis_run_rec_t *r,
                               long long *run_id, bool *replaced)
{
    char created[32];
    cov_run_now(created);
    cov_status_t s =
        cov_run_claim(ctx, store, COV_RUN_ANALYSIS, r->scenario, r->params_hash, run_id, replaced);
    sqlite3_stmt *st;
    if (!s)
        s = cov_store_prepare(
            ctx, store,
            "INSERT INTO analysis_runs (params_json, method, created, scenario, "
            "params_hash, id, inputs_hash, reused) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, r->params_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->method, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, created, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->params_hash, -1, SQLITE_STATIC);
    if (*replaced) sqlite3_bind_int64(st, 6, *run_id); /* a rerun keeps its id */
    cov_store_bind_text(st, 7, r->inputs_hash);
    s = cov_store_step_done(ctx, store, st, "the analysis run");
    sqlite3_finalize(st);
    if (!s && !*replaced) *run_id = sqlite3_last_insert_rowid(cov_store_db(store));
    return s;
}

cov_status_t cov_analysis_write_begin(cov_ctx_t *ctx, cov_store_t *store,
                                      const cov_analysis_run_rec_t *run, long long *run_id,
                                      bool *replaced, cov_analysis_writer_t **out)
{
    *out = NULL;
    cov_analysis_writer_t *w = calloc(1, sizeof *w);
    if (!w) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    w->ctx = ctx, w->store = store;
    cov_status_t s = cov_store_begin(ctx, store);
    if (s) {
        free(w);
        return s;
    }
    /* Readers of one area's sites (report pages, map zooms) search by (run, area); projects
     * made before this index get it with their next run, in the run's transaction. */
    s = cov_store_exec(ctx, store,
                       "CREATE INDEX IF NOT EXISTS site_coverage_area ON site_coverage (run_id,"
                       " area_id)");
    if (!s) s = insert_run(ctx, store, run, run_id, replaced);
    if (!s)
        s = cov_store_prepare(
            ctx, store,
            "INSERT INTO site_coverage (run_id, layer, site_id, area_id, nearest_id,"
            " nearest_kind, nearest_dist, knn_ids, knn_dists, n_within, class_rank,"
            " class) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            &w->site);
    if (!s)
        s = cov_store_prepare(
            ctx, store,
            "INSERT INTO area_coverage (run_id, scope, area_id, population, elderly,"
            " n_clinics, n_eldercare, kind_counts, capacity, capacity_known,"
            " capacity_per_1000, class_counts, class_shares, elderly_method,"
            " elderly_share_within, elderly_within, dist_median, dist_p90, dist_max,"
            " n_unserved, unserved_ids, n_clinics_unpartnered) VALUES"
            " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            &w->area);
    w->run_id = *run_id;
    w->status = s;
    if (s) {
        cov_analysis_write_end(w, false);
        return s;
    }
    *out = w;
    return COV_OK;
}

cov_status_t cov_analysis_write_site(cov_analysis_writer_t *w, const cov_site_cov_rec_t *r)
{
    if (w->status) return w->status;
    sqlite3_stmt *st = w->site;
    sqlite3_bind_int64(st, 1, w->run_id);
    sqlite3_bind_text(st, 2, r->layer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->site_id);
    if (r->area_id) sqlite3_bind_int64(st, 4, r->area_id);
    if (r->has_nearest) {
        sqlite3_bind_int64(st, 5, r->nearest_id);
        cov_store_bind_text(st, 6, r->nearest_kind);
        sqlite3_bind_double(st, 7, r->nearest_dist);
    }
    sqlite3_bind_text(st, 8, r->knn_ids, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, r->knn_dists, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, r->n_within, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 11, r->class_rank);
    sqlite3_bind_text(st, 12, r->class_name, -1, SQLITE_STATIC);
    return w->status = cov_store_step_done(w->ctx, w->store, st, "site coverage");
}

cov_status_t cov_analysis_write_area(cov_analysis_writer_t *w, const cov_area_cov_rec_t *r)
{
    if (w->status) return w->status;
    sqlite3_stmt *st = w->area;
    sqlite3_bind_int64(st, 1, w->run_id);
    sqlite3_bind_text(st, 2, r->total ? "total" : "area", -1, SQLITE_STATIC);
    if (!r->total) sqlite3_bind_int64(st, 3, r->area_id);
    cov_store_bind_num(st, 4, r->population);
    cov_store_bind_num(st, 5, r->elderly);
    sqlite3_bind_int64(st, 6, r->n_clinics);
    sqlite3_bind_int64(st, 7, r->n_eldercare);
    sqlite3_bind_text(st, 8, r->kind_counts, -1, SQLITE_STATIC);
    cov_store_bind_num(st, 9, r->capacity);
    sqlite3_bind_int64(st, 10, r->capacity_known);
    cov_store_bind_num(st, 11, r->capacity_per_1000);
    sqlite3_bind_text(st, 12, r->class_counts, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, r->class_shares, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, r->elderly_method, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 15, r->elderly_share_within, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 16, r->elderly_within, -1, SQLITE_STATIC);
    cov_store_bind_num(st, 17, r->dist_median);
    cov_store_bind_num(st, 18, r->dist_p90);
    cov_store_bind_num(st, 19, r->dist_max);
    sqlite3_bind_int64(st, 20, r->n_unserved);
    sqlite3_bind_text(st, 21, r->unserved_ids, -1, SQLITE_STATIC);
    if (r->n_clinics_unpartnered >= 0) sqlite3_bind_int64(st, 22, r->n_clinics_unpartnered);
    return w->status = cov_store_step_done(w->ctx, w->store, st, "area coverage");
}

cov_status_t cov_analysis_write_end(cov_analysis_writer_t *w, bool commit)
{
    if (!w) return COV_OK;
    sqlite3_finalize(w->site);
    sqlite3_finalize(w->area);
    cov_status_t s = w->status;
    if (!s && commit) s = cov_store_commit(w->ctx, w->store);
    if (s || !commit) cov_store_rollback(w->store);
    free(w);
    return s;
}

/* Bump when what goes into the inputs hash changes. */
#define INPUTS_HASH_VERSION "covplan-inputs-2" /* 2: numbers hashed as their bytes */

typedef struct hasher {
    unsigned long long h;
} hasher_t;

static void feed(hasher_t *hs, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        hs->h ^= p[i];
        hs->h *= 1099511628211ULL;
    }
}

/* Every column of every row of a query, tagged by type: numbers as their 8 bytes (no text
 * conversion: ten million demand points hash in a second), text and blobs with their length. */
static cov_status_t feed_query(cov_ctx_t *ctx, cov_store_t *store, hasher_t *hs, const char *sql)
{
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store, sql, &st);
    if (s) return s;
    int nc = sqlite3_column_count(st);
    while (cov_db_row(ctx, store, st, "the analysis inputs", &s)) {
        for (int c = 0; c < nc; c++) {
            int type = sqlite3_column_type(st, c);
            unsigned char tag = (unsigned char)type;
            feed(hs, &tag, 1);
            if (type == SQLITE_FLOAT) {
                double v = sqlite3_column_double(st, c);
                feed(hs, &v, sizeof v);
            } else if (type == SQLITE_INTEGER) {
                sqlite3_int64 v = sqlite3_column_int64(st, c);
                feed(hs, &v, sizeof v);
            } else if (type != SQLITE_NULL) {
                const void *b =
                    type == SQLITE_BLOB ? sqlite3_column_blob(st, c) : sqlite3_column_text(st, c);
                int n = sqlite3_column_bytes(st, c);
                feed(hs, &n, sizeof n);
                if (b) feed(hs, b, (size_t)n);
            }
        }
    }
    sqlite3_finalize(st);
    return s;
}

cov_status_t cov_analysis_inputs_hash(cov_ctx_t *ctx, cov_store_t *store, const char *params_json,
                                      bool network, char out[17])
{
    hasher_t hs = {1469598103934665603ULL};
    feed(&hs, INPUTS_HASH_VERSION, strlen(INPUTS_HASH_VERSION));
    feed(&hs, params_json, strlen(params_json));
    /* "facilities" is the scenario's effective set when one is attached. */
    cov_status_t s =
        feed_query(ctx, store, &hs,
                   "SELECT id, role, kind, capacity, area_id, x, y FROM facilities ORDER BY id");
    if (!s)
        s = feed_query(ctx, store, &hs,
                       "SELECT id, code, name, population, elderly, AsBinary(geom) FROM main.areas "
                       "ORDER BY id");
    if (!s)
        s = feed_query(ctx, store, &hs,
                       "SELECT id, weight, area_id, x, y FROM main.demand ORDER BY id");
    /* Along roads the road network is an input too: a re-imported network recomputes. */
    if (!s && network)
        s = feed_query(ctx, store, &hs, "SELECT key, value FROM roads_info ORDER BY key");
    if (!s && network)
        s = feed_query(ctx, store, &hs,
                       "SELECT count(*), total(length_m), total(oneway) FROM roads");
    snprintf(out, 17, "%016llx", hs.h);
    return s;
}

cov_status_t cov_analysis_reuse(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                                const char *params_hash, const char *inputs_hash, long long *id,
                                char created[32], long long *reused)
{
    *id = 0;
    *reused = 0;
    created[0] = '\0';
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT id, inputs_hash = ?3, created, reused FROM "
                                       "analysis_runs WHERE scenario = ?1 AND params_hash = ?2",
                                       &st);
    if (s) return s;
    sqlite3_bind_text(st, 1, scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, params_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, inputs_hash, -1, SQLITE_STATIC);
    if (cov_db_row(ctx, store, st, "analysis_runs", &s) && sqlite3_column_int(st, 1) == 1) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(created, 32, "%s", (const char *)sqlite3_column_text(st, 2));
        *reused = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    if (s || !*id) return s;
    s = cov_store_begin(ctx, store);
    if (!s)
        s = cov_store_prepare(ctx, store,
                              "UPDATE analysis_runs SET reused = reused + 1 WHERE id = ?1", &st);
    if (!s) {
        sqlite3_bind_int64(st, 1, *id);
        s = cov_store_step_done(ctx, store, st, "analysis_runs");
        sqlite3_finalize(st);
    }
    if (!s) s = cov_store_commit(ctx, store);
    if (s) {
        cov_store_rollback(store);
        *id = 0;
    }
    return s;
}
