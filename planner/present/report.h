/* The map report: a project's analysis results as a multi-page, bilingual PDF. */
#ifndef COV_REPORT_H
#define COV_REPORT_H

#include <stddef.h>

#include <jansson.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "render/map.h"

typedef struct cov_report_opts {
    const char *output;    /* the PDF file to write (required) */
    const char *scenario;  /* the scenario reported; NULL: "base" */
    const char *compare;   /* "A,B": add a comparison of two scenarios; NULL: none */
    const char *lang;      /* "zh" (default) or "en" */
    cov_paper_t paper;     /* A4 (default) or A3, portrait */
    const char *title;     /* NULL: a title in the report's language */
    const char *author;    /* NULL: none */
    const char *date;      /* YYYY-MM-DD on the cover and in the PDF metadata; NULL: the date of
                              the reported analysis run, so the same project gives the same file */
    double target;         /* coverage target (%) for the chart when the project has no
                              targets; 0: 90 */
    const char *data_dir;  /* NULL: cov_ctx_data_dir(ctx) (facility-kind labels) */
    const json_t *targets; /* extra targets checked on the scenario (e.g. a plan file's); NULL */
    const char *level;     /* pages per unit of this level (province, …); NULL: per area */
} cov_report_opts_t;

typedef struct cov_report_summary {
    int pages;
    size_t areas;
    long long run_id;
    char date[16];
    size_t targets; /* targets read from the project (0 when there is no targets table) */
    int sections;   /* bit set: 1 siting, 2 accessibility, 4 comparison were included */
} cov_report_summary_t;

/* Write the report of the scenario's latest analysis run to opts->output. The project is only
 * read. Fails with COV_ERR_EMPTY when no analysis has been run (the message says to run
 * covplan analyze), COV_ERR_NOT_FOUND for an unknown scenario (the message lists those with
 * results), COV_ERR_USAGE for bad options and COV_ERR_IO when the file cannot be written (no
 * file is left behind on any error). sum may be NULL. */
COV_API cov_status_t cov_report_write(cov_ctx_t *ctx, cov_store_t *store,
                                      const cov_report_opts_t *opts, cov_report_summary_t *sum);

#endif
