/* Exporting a coverage run: GeoPackage (with a QGIS style), CSV (UTF-8 with BOM) or JSON. */
#ifndef COV_EXPORT_H
#define COV_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

typedef enum cov_export_what {
    COV_EXPORT_DEFAULT = 0, /* gpkg/json: all three; csv: sites */
    COV_EXPORT_SITES = 1,   /* elder-care sites with their nearest clinic and class */
    COV_EXPORT_AREAS = 2,   /* areas (and the study-area total) with indicators */
    COV_EXPORT_LINKS = 4,   /* a line from each site to its nearest clinic */
    COV_EXPORT_ALL = 7
} cov_export_what_t;

/* Parse "sites", "areas", "links" or "all"; false for anything else. */
COV_API bool cov_export_what_parse(const char *text, cov_export_what_t *out);

typedef struct cov_export_opts {
    const char *output; /* the file to write */
    const char *format; /* "gpkg", "csv" or "json"; NULL: from the output's extension */
    cov_export_what_t what;
    long long run_id;     /* 0: the latest run (of the scenario, when given) */
    const char *scenario; /* NULL: any scenario's latest run; else that scenario's */
    bool overwrite;       /* replace an existing output file */
    const char *level;    /* areas rolled up to an administrative level; NULL: as imported */
} cov_export_opts_t;

typedef struct cov_export_result {
    long long run_id;
    char format[8];
    size_t nsites, nareas, nlinks; /* rows written per table (0 when not exported) */
} cov_export_result_t;

/* Write the run's results to opts->output. CSV and JSON bytes depend only on the project's
 * content (no timestamps). On failure no output file is left behind. */
COV_API cov_status_t cov_export(cov_ctx_t *ctx, cov_store_t *store, const cov_export_opts_t *opts,
                                cov_export_result_t *res);

/* The latest run's area rows (of a scenario, NULL: any) as the areas table of an export
 * (rolled up to `level` when not NULL), one JSON object per row keyed by column name (new
 * reference owned by the caller). */
COV_API cov_status_t cov_export_area_rows(cov_ctx_t *ctx, cov_store_t *store, const char *scenario,
                                          const char *level, json_t **out);

#endif
