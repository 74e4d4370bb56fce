/* Comparing scenarios: indicators side by side (overall and per area) with differences from the
 * first scenario, and the targets table (baseline, target, scenario value, met / not met). */
#ifndef COV_COMPARE_H
#define COV_COMPARE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "geo/ctx.h"
#include "geo/store.h"

typedef struct cov_compare_opts {
    const char *const *scenarios; /* two or more; the first is the baseline of differences */
    size_t n;
    const json_t *targets; /* extra targets (a plan's) checked on every scenario; NULL */
    const char *level;     /* rows per unit of this level (province, …) instead of per area */
    bool targets_only;     /* no indicator rows, only the targets (a report's targets table) */
} cov_compare_opts_t;

/* Build the comparison from the latest analysis run of each scenario (all with the same radii).
 * The document (owned by the caller) is {scenarios, radii, rows: [{scope, area_code,
 * area_name, indicator, radius, kind, unit, values[], diffs[]}], targets: [{scenario,
 * indicator, radius, kind, area, year, op, target, baseline, value, met}], targets_met,
 * targets_missed}. Values are rounded as documented (docs/commands/compare.md), so the same
 * inputs give the same bytes. Each scenario's own targets are checked on it; opts->targets on
 * every scenario. */
COV_API cov_status_t cov_compare_build(cov_ctx_t *ctx, cov_store_t *store,
                                       const cov_compare_opts_t *opts, json_t **out);

typedef enum cov_compare_format {
    COV_COMPARE_TEXT = 0,    /* terminal: overall, per-area share within the largest radius */
    COV_COMPARE_CSV,         /* every row, UTF-8 with BOM */
    COV_COMPARE_CSV_TARGETS, /* the targets table, UTF-8 with BOM */
    COV_COMPARE_MARKDOWN,
    COV_COMPARE_JSON,
    COV_COMPARE_XLSX /* sheets "comparison" and "targets", numbers as numbers (a file only) */
} cov_compare_format_t;

/* Write the document in a format. all_areas: the text format lists every row. The tables
 * (CSV, XLSX) go to standard output only (out == stdout); name a file with cov_compare_save. */
COV_API cov_status_t cov_compare_write(cov_ctx_t *ctx, const json_t *doc, cov_compare_format_t fmt,
                                       bool all_areas, FILE *out);

/* Write the tables to path ("-": standard output, CSV only) through the one table writer:
 * COV_COMPARE_CSV the comparison, COV_COMPARE_CSV_TARGETS the targets, COV_COMPARE_XLSX both as
 * sheets. Never leaves a half-written file. */
COV_API cov_status_t cov_compare_save(cov_ctx_t *ctx, const json_t *doc, cov_compare_format_t fmt,
                                      const char *path, bool overwrite);

#endif
