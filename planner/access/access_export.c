/* Exporting a stored accessibility run: JSON (jansson), or CSV with BOM and XLSX through the
 * one table writer (planner/core/tables.c). */
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <jansson.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "planner/access/access_run.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/core/tables.h"

static cov_status_t resolve_run(cov_ctx_t *ctx, cov_store_t *store, long long *id)
{
    bool found = false;
    cov_status_t s;
    if (*id) {
        s = cov_run_exists(ctx, store, COV_RUN_ACCESS, *id, &found);
        if (!s && found) s = cov_run_check(ctx, store, COV_RUN_ACCESS, *id);
    } else {
        s = cov_run_latest(ctx, store, COV_RUN_ACCESS, NULL, id);
        found = *id != 0;
    }
    if (s) return s;
    if (!found)
        return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no access run%s%s; run covplan access first",
                        cov_store_path(store), *id ? " with that id" : "", *id ? "" : " yet");
    return COV_OK;
}

/* Rows of a query as an array of objects (column name -> integer, real, text or null). */
static cov_status_t query_json(cov_ctx_t *ctx, cov_store_t *store, cov_query_id_t qid, long long id,
                               json_t **out)
{
    cov_query_t *q;
    cov_status_t s = cov_query_open(ctx, store, qid, &q);
    if (s) return s;
    cov_query_bind_int(q, 1, id);
    json_t *arr = json_array();
    while (cov_query_row(q, &s)) {
        json_t *o = json_object();
        for (int c = 0; c < cov_query_ncols(q); c++)
            json_object_set_new(o, cov_query_col_name(q, c), cov_query_json(q, c));
        json_array_append_new(arr, o);
    }
    cov_query_close(q);
    if (s) {
        json_decref(arr);
        return s;
    }
    *out = arr;
    return COV_OK;
}

cov_status_t cov_access_json(cov_ctx_t *ctx, cov_store_t *store, long long run_id, char **out)
{
    *out = NULL;
    cov_status_t s = resolve_run(ctx, store, &run_id);
    if (s) return s;
    json_t *run = NULL, *areas = NULL, *locs = NULL, *sup = NULL;
    s = query_json(ctx, store, COV_Q_ACCESS_RUN, run_id, &run);
    if (!s) s = query_json(ctx, store, COV_Q_ACCESS_AREAS, run_id, &areas);
    if (!s) s = query_json(ctx, store, COV_Q_ACCESS_LOCATIONS, run_id, &locs);
    if (!s) s = query_json(ctx, store, COV_Q_ACCESS_SUPPLY, run_id, &sup);
    if (s) {
        json_decref(run);
        json_decref(areas);
        json_decref(locs);
        json_decref(sup);
        return s;
    }
    json_t *doc = json_object();
    json_object_set(doc, "run", json_array_get(run, 0));
    json_decref(run);
    json_object_set_new(doc, "areas", areas);
    json_object_set_new(doc, "locations", locs);
    json_object_set_new(doc, "supply", sup);
    *out = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? COV_OK : cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
}

/* One query as the next table of out. */
static cov_status_t write_table(cov_ctx_t *ctx, cov_store_t *store, cov_query_id_t qid,
                                long long id, cov_tables_t *out, const char *name)
{
    cov_query_t *q;
    cov_status_t s = cov_query_open(ctx, store, qid, &q);
    if (s) return s;
    cov_query_bind_int(q, 1, id);
    int nc = cov_query_ncols(q);
    const char *cols[32];
    cov_cell_t types[32];
    for (int c = 0; c < nc && c < 32; c++) {
        cols[c] = cov_query_col_name(q, c);
        types[c] = cov_query_col_type(q, c);
    }
    s = cov_tables_add(out, name, (size_t)nc, cols, types);
    while (!s && cov_query_row(q, &s)) {
        json_t *row = json_array();
        for (int c = 0; row && c < nc; c++) json_array_append_new(row, cov_query_json(q, c));
        s = row ? cov_tables_row(out, row) : COV_ERR_NOMEM;
        json_decref(row);
    }
    cov_query_close(q);
    return s;
}

cov_status_t cov_access_export(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                               const char *path, const char *format, const char *what)
{
    const char *dot = strrchr(path, '.');
    if (!format)
        format = dot && !strcasecmp(dot, ".csv")    ? "csv"
                 : dot && !strcasecmp(dot, ".xlsx") ? "xlsx"
                 : dot && !strcasecmp(dot, ".json") ? "json"
                                                    : NULL;
    if (!format || (strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "json")))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: unknown output format; name the file .csv, .xlsx or .json", path);
    bool xlsx = !strcmp(format, "xlsx");
    if (!what) what = xlsx ? "all" : "areas";
    if (strcmp(what, "areas") && strcmp(what, "locations") && strcmp(what, "supply") &&
        (!xlsx || strcmp(what, "all")))
        return cov_fail(ctx, COV_ERR_USAGE, "--what '%s': use areas, locations or supply%s", what,
                        xlsx ? " (or all: one sheet each, the default for .xlsx)" : "");
    cov_status_t s = resolve_run(ctx, store, &run_id);
    if (s) return s;
    if (!strcmp(format, "json")) {
        char *text;
        if ((s = cov_access_json(ctx, store, run_id, &text))) return s;
        FILE *f = fopen(path, "wb");
        bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
        if (f && fclose(f) != 0) ok = false;
        free(text);
        if (!ok) {
            unlink(path);
            return cov_fail(ctx, COV_ERR_IO, "%s: cannot write the JSON file", path);
        }
        return COV_OK;
    }
    static const char *const NAMES[3] = {"areas", "locations", "supply"};
    const cov_query_id_t qids[3] = {COV_Q_ACCESS_AREAS, COV_Q_ACCESS_LOCATIONS,
                                    COV_Q_ACCESS_SUPPLY};
    cov_tables_t *out = NULL;
    s = cov_tables_open(ctx, path, xlsx ? COV_TABLES_XLSX : COV_TABLES_CSV, true, &out);
    for (int i = 0; !s && i < 3; i++)
        if (!strcmp(what, "all") || !strcmp(what, NAMES[i]))
            s = write_table(ctx, store, qids[i], run_id, out, NAMES[i]);
    cov_status_t c = cov_tables_close(out, !s);
    return s ? s : c;
}
