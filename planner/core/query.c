/* The named read queries (see query.h): each one's SQL, its parameters and its columns. */
#include "planner/core/query.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <strings.h>

#include "planner/core/db.h"

static const struct {
    const char *table; /* named in errors */
    const char *sql;
} QUERIES[COV_Q_COUNT] = {
    [COV_Q_ACCESS_RUN] = {"access_runs",
                          "SELECT id, method, catchment, weights, supply_field, clinic_kinds,"
                          " demand_source, normalized, costs, n_supply, n_supply_default, n_demand,"
                          " n_demand_default, n_pairs, n_no_access, n_supply_idle, total_supply,"
                          " total_demand, mean FROM access_runs WHERE id = ?1"},
    [COV_Q_ACCESS_AREAS] = {"access_areas",
                            "SELECT scope, area_id, code, name, demand, n_locations, n_no_access,"
                            " value, value_per_1000 FROM access_areas WHERE run_id = ?1"
                            " ORDER BY scope = 'total', area_id"},
    [COV_Q_ACCESS_LOCATIONS] = {"access_results",
                                "SELECT layer, location_id, code, area_id, demand, demand_default,"
                                " n_in_reach, value, x, y FROM access_results WHERE run_id = ?1"
                                " ORDER BY location_id"},
    [COV_Q_ACCESS_SUPPLY] = {"access_supply",
                             "SELECT facility_id, code, supply, supply_default, demand_in_reach,"
                             " ratio FROM access_supply WHERE run_id = ?1 ORDER BY facility_id"},
    [COV_Q_ANALYSIS_SUMMARY] =
        {"area_coverage",
         "SELECT c.scope, a.code, a.name, c.n_eldercare, c.class_counts, c.elderly_share_within,"
         " c.capacity_known, c.capacity_per_1000, c.dist_median, c.dist_p90, c.dist_max,"
         " c.n_clinics_unpartnered FROM area_coverage c LEFT JOIN main.areas a ON a.id = c.area_id"
         " WHERE c.run_id = ?1 ORDER BY c.dist_median IS NULL, c.dist_median DESC, a.code"},
    [COV_Q_ANALYSIS_RUN] = {"analysis_runs",
                            "SELECT id, scenario, params_hash, method, params_json, created FROM "
                            "analysis_runs WHERE id = ?1"},
    [COV_Q_INDICATOR_SITES] =
        {"site_coverage",
         "SELECT s.nearest_dist, s.class_rank FROM site_coverage s JOIN facilities f ON f.id ="
         " s.site_id WHERE s.run_id = ?1 AND s.layer = 'eldercare' AND (?2 IS NULL OR f.kind ="
         " ?2) ORDER BY s.nearest_dist, s.site_id"},
    [COV_Q_INDICATOR_SITES_AREA] =
        {"site_coverage",
         "SELECT s.nearest_dist, s.class_rank FROM site_coverage s JOIN facilities f ON f.id ="
         " s.site_id WHERE s.run_id = ?1 AND s.area_id = ?3 AND s.layer = 'eldercare' AND (?2"
         " IS NULL OR f.kind = ?2) ORDER BY s.nearest_dist, s.site_id"},
    [COV_Q_INDICATOR_AREA] =
        {"area_coverage",
         "SELECT c.elderly_share_within, c.n_clinics, c.elderly, c.capacity_per_1000 FROM "
         "area_coverage c WHERE c.run_id = ?1 AND ifnull(c.area_id, 0) = ?2 AND c.scope ="
         " CASE WHEN ?2 = 0 THEN 'total' ELSE 'area' END"},
    [COV_Q_ANALYSIS_SCENARIOS] = {"analysis_runs",
                                  "SELECT DISTINCT scenario FROM analysis_runs ORDER BY scenario"},
    [COV_Q_REPORT_AREAS] =
        {"area_coverage",
         "SELECT c.area_id, a.code, a.name, c.population, c.elderly, c.n_clinics, c.n_eldercare,"
         " c.class_counts, c.elderly_share_within, c.dist_median, c.dist_p90, c.dist_max,"
         " c.n_unserved, c.scope FROM area_coverage c LEFT JOIN areas a ON a.id = c.area_id"
         " WHERE c.run_id = ?1 ORDER BY c.scope = 'total', a.code, c.area_id"},
    [COV_Q_SITE_RUNS] = {"site_runs", "SELECT id, model, n_chosen, share_before, share_after FROM "
                                      "site_runs WHERE scenario = ?1 ORDER BY id"},
    [COV_Q_SITE_CHOICES_NAMED] =
        {"site_choices",
         "SELECT c.rank, c.name, a.name, c.gain FROM site_choices c LEFT JOIN main.areas a ON"
         " a.id = c.area_id WHERE c.run_id = ?1 ORDER BY c.rank"},
    [COV_Q_ACCESS_AREAS_BY_CODE] =
        {"access_areas",
         "SELECT scope, code, name, demand, n_no_access, value, value_per_1000, ifnull(area_id, 0)"
         " FROM access_areas WHERE run_id = ?1 ORDER BY scope = 'total', code"},
    [COV_Q_AREAS_BY_CODE] = {"areas",
                             "SELECT id, code, name, AsBinary(geom) FROM main.areas ORDER BY code"},
    [COV_Q_AREA_SITES] =
        {"site_coverage",
         "SELECT f.name, f.code, f.kind, n.name, n.code, c.nearest_dist, c.class, c.class_rank"
         " FROM site_coverage c JOIN facilities f ON f.id = c.site_id LEFT JOIN facilities n"
         " ON n.id = c.nearest_id WHERE c.run_id = ?1 AND c.layer = 'eldercare' AND"
         " c.area_id = ?2 ORDER BY c.nearest_dist DESC, c.site_id"},
    [COV_Q_AREAS_EXTENT] =
        {"areas",
         "SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom)),"
         " count(*), sum(CASE WHEN name GLOB '*[^ -~]*' THEN 1 ELSE 0 END) FROM main.areas"},
    [COV_Q_AREA_EXTENT] =
        {"areas",
         "SELECT id, MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM main.areas"
         " WHERE code = ?1"},
    [COV_Q_MAP_AREAS] =
        /* The run's rows materialized first: SQLite 3.40 does not search area_coverage's
         * expression index from a join, and a scan per area is quadratic. */
    {"areas", "WITH c AS MATERIALIZED (SELECT area_id, class_counts, n_eldercare FROM area_coverage"
              " WHERE run_id = ?1 AND scope = 'area') SELECT AsBinary(a.geom), a.name, a.code,"
              " c.class_counts, c.n_eldercare FROM main.areas a LEFT JOIN c ON c.area_id = a.id"
              " ORDER BY a.code"},
    [COV_Q_MAP_SITES] =
        {"site_coverage",
         "SELECT f.x, f.y, c.class_rank, c.nearest_dist, n.x, n.y, ifnull(f.area_id, 0) FROM"
         " site_coverage c JOIN"
         " facilities f ON f.id = c.site_id LEFT JOIN facilities n ON n.id = c.nearest_id WHERE"
         " c.run_id = ?1 AND c.layer = 'eldercare' AND (?2 = 0 OR f.area_id = ?2) ORDER BY f.id"},
    [COV_Q_MAP_AREAS_ACCESS] =
        {"areas",
         "WITH t AS MATERIALIZED (SELECT area_id, value_per_1000 FROM access_areas WHERE"
         " run_id = ?1 AND scope = 'area') SELECT AsBinary(a.geom), a.name, a.code,"
         " t.value_per_1000 FROM main.areas a LEFT JOIN t ON t.area_id = a.id ORDER BY a.code"},
    [COV_Q_MAP_AREAS_SITE] =
        {"areas", "SELECT AsBinary(a.geom), a.name, a.code, 100.0 * t.share_after FROM main.areas "
                  "a LEFT JOIN"
                  " site_areas t ON t.area_id = a.id AND t.run_id = ?1 ORDER BY a.code"},
    [COV_Q_ACCESS_RUN_TITLE] = {"access_runs",
                                "SELECT upper(method), catchment FROM access_runs WHERE id = ?1"},
    [COV_Q_ACCESS_NO_ACCESS] =
        {"access_results",
         "SELECT x, y FROM access_results WHERE run_id = ?1 AND layer != 'area' AND value IS NULL"
         " ORDER BY layer, location_id"},
    [COV_Q_ACCESS_SUPPLY_XY] =
        {"access_supply",
         "SELECT f.x, f.y FROM access_supply a JOIN facilities f ON f.id = a.facility_id"
         " WHERE a.run_id = ?1 ORDER BY f.id"},
    [COV_Q_SITE_RUN_TITLE] = {"site_runs", "SELECT upper(model), radius, share_before, "
                                           "share_after, n_chosen, params_json FROM site_runs"
                                           " WHERE id = ?1"},
    [COV_Q_SITE_CHOICES_XY] =
        {"site_choices", "SELECT x, y, rank FROM site_choices WHERE run_id = ?1 ORDER BY rank"},
    [COV_Q_EXPORT_SITES] =
        {"site_coverage",
         "SELECT s.site_id, f.code, f.name, f.kind, a.code, f.x, f.y, s.nearest_id, n.code,"
         " n.name, s.nearest_kind, s.nearest_dist, s.class_rank, s.class, s.n_within, s.knn_ids,"
         " s.knn_dists, n.x, n.y FROM site_coverage s JOIN facilities f ON f.id = s.site_id"
         " LEFT JOIN main.areas a ON a.id = s.area_id LEFT JOIN facilities n ON n.id = s.nearest_id"
         " WHERE s.run_id = ?1 AND s.layer = 'eldercare' ORDER BY s.site_id"},
    [COV_Q_EXPORT_AREAS] =
        {"area_coverage",
         "SELECT c.scope, a.code, a.name, c.population, c.elderly, c.n_clinics, c.n_eldercare,"
         " c.kind_counts, c.capacity, c.capacity_known, c.capacity_per_1000, c.class_counts,"
         " c.class_shares, c.elderly_method, c.elderly_share_within, c.elderly_within,"
         " c.dist_median, c.dist_p90, c.dist_max, c.n_unserved, c.unserved_ids,"
         " c.n_clinics_unpartnered, AsBinary(a.geom) FROM area_coverage c LEFT JOIN main.areas a"
         " ON a.id = c.area_id WHERE c.run_id = ?1 ORDER BY c.scope = 'total', a.code"},
    [COV_Q_ROLLUP_SITES] =
        {"site_coverage",
         "SELECT area_id, nearest_dist FROM site_coverage WHERE run_id = ?1 AND layer = 'eldercare'"
         " AND nearest_dist IS NOT NULL ORDER BY area_id, nearest_dist"},
    [COV_Q_ROLLUP_DEMAND] =
        {"site_coverage",
         "SELECT s.area_id, d.weight, s.class_rank, s.site_id FROM site_coverage s JOIN "
         "main.demand d ON"
         " d.id = s.site_id WHERE s.run_id = ?1 AND s.layer = 'demand' ORDER BY s.site_id"},
};

struct cov_query {
    cov_ctx_t *ctx;
    cov_store_t *store;
    cov_query_id_t id;
    sqlite3_stmt *st;
};

cov_status_t cov_query_open(cov_ctx_t *ctx, cov_store_t *store, cov_query_id_t id,
                            cov_query_t **out)
{
    *out = NULL;
    if ((int)id < 0 || id >= COV_Q_COUNT || !QUERIES[id].sql)
        return cov_fail(ctx, COV_ERR_INTERNAL, "unknown query %d", (int)id);
    cov_query_t *q = calloc(1, sizeof *q);
    if (!q) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    q->ctx = ctx, q->store = store, q->id = id;
    cov_status_t s = cov_store_prepare(ctx, store, QUERIES[id].sql, &q->st);
    if (s) {
        free(q);
        return s;
    }
    *out = q;
    return COV_OK;
}

void cov_query_close(cov_query_t *q)
{
    if (!q) return;
    sqlite3_finalize(q->st);
    free(q);
}

void cov_query_bind_int(cov_query_t *q, int i, long long v) { sqlite3_bind_int64(q->st, i, v); }

void cov_query_bind_num(cov_query_t *q, int i, double v) { cov_store_bind_num(q->st, i, v); }

void cov_query_bind_text(cov_query_t *q, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(q->st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q->st, i);
}

bool cov_query_row(cov_query_t *q, cov_status_t *s)
{
    if (!q) return false; /* the open failed: its status is already in *s */
    return cov_db_row(q->ctx, q->store, q->st, QUERIES[q->id].table, s);
}

bool cov_query_null(cov_query_t *q, int c) { return sqlite3_column_type(q->st, c) == SQLITE_NULL; }

long long cov_query_int(cov_query_t *q, int c) { return sqlite3_column_int64(q->st, c); }

double cov_query_num(cov_query_t *q, int c)
{
    return cov_query_null(q, c) ? NAN : sqlite3_column_double(q->st, c);
}

const char *cov_query_text(cov_query_t *q, int c)
{
    return (const char *)sqlite3_column_text(q->st, c);
}

cov_status_t cov_query_geom(cov_query_t *q, int c, const char *code, OGRGeometryH *out)
{
    return cov_db_col_geometry(q->ctx, q->store, q->st, c, QUERIES[q->id].table, code, out);
}

cov_status_t cov_query_check_numbers(cov_query_t *q, const int *cols, size_t n, const char *row)
{
    for (size_t i = 0; i < n; i++) {
        int t = sqlite3_column_type(q->st, cols[i]);
        if (t == SQLITE_INTEGER || t == SQLITE_FLOAT || t == SQLITE_NULL) continue;
        return cov_fail(q->ctx, COV_ERR_DB,
                        "%s: table %s, %s, column %s holds '%.40s', not a number: the project was "
                        "changed outside covplan; re-run covplan analyze (or restore the file)",
                        cov_store_path(q->store), QUERIES[q->id].table, row,
                        sqlite3_column_name(q->st, cols[i]),
                        (const char *)sqlite3_column_text(q->st, cols[i]));
    }
    return COV_OK;
}

int cov_query_ncols(cov_query_t *q) { return sqlite3_column_count(q->st); }

const char *cov_query_col_name(cov_query_t *q, int c) { return sqlite3_column_name(q->st, c); }

cov_cell_t cov_query_col_type(cov_query_t *q, int c)
{
    const char *t = sqlite3_column_decltype(q->st, c);
    return t && !strcasecmp(t, "INTEGER") ? COV_CELL_INT
           : t && !strcasecmp(t, "REAL")  ? COV_CELL_REAL
                                          : COV_CELL_TEXT;
}

json_t *cov_query_json(cov_query_t *q, int c)
{
    switch (sqlite3_column_type(q->st, c)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(q->st, c));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(q->st, c));
    case SQLITE_TEXT: return json_string((const char *)sqlite3_column_text(q->st, c));
    default: return json_null();
    }
}
