/* A horizontal bar chart for documents: one bar per category, an axis with round ticks and an
 * optional target line; bars that reach the target are drawn in a second colour.
 *
 * A cov_chart_t keeps a sticky status (first error kept, later calls do nothing); placing a
 * chart in error puts the document in error with the chart's message. */
#ifndef COV_RENDER_CHART_H
#define COV_RENDER_CHART_H

#include <stddef.h>

#include "geo/ctx.h"
#include "geo/status.h"
#include "render/doc.h"
#include "render/palette.h"

typedef struct cov_chart cov_chart_t;

/* The caller owns *out (cov_chart_destroy). */
cov_status_t cov_chart_create(cov_ctx_t *ctx, cov_chart_t **out);
void cov_chart_destroy(cov_chart_t *c);
cov_status_t cov_chart_status(const cov_chart_t *c);

/* The axis runs from 0 to max (> 0); default: the largest value (or the target) rounded up. */
void cov_chart_set_max(cov_chart_t *c, double max);
/* Values are printed with decimals and a suffix (e.g. 1, "%"). */
void cov_chart_set_format(cov_chart_t *c, int decimals, const char *suffix);
/* A dashed vertical line at value with a label above it (copied; NULL: no label). */
void cov_chart_set_target(cov_chart_t *c, double value, const char *label);
/* Colours of bars below the target and of bars at or above it (default blue-grey and green). */
void cov_chart_set_colors(cov_chart_t *c, cov_color_t below, cov_color_t reached);
/* Text in place of a bar whose value is NaN (default "n/a"). */
void cov_chart_set_nodata(cov_chart_t *c, const char *text);
/* Append a bar (label copied; value NaN for no data). */
void cov_chart_add_bar(cov_chart_t *c, const char *label, double value);

/* The height the chart takes at the given bar thickness (points per bar row). */
double cov_chart_height(const cov_chart_t *c, double row_pt);
/* Draw the chart at the cursor across the body width, one row_pt-high row per bar (a new page
 * first when it does not fit); the cursor moves below it. */
void cov_doc_chart(cov_doc_t *doc, cov_chart_t *c, double row_pt);

#endif
