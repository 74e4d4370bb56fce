/* Horizontal bar charts with a target line, drawn into a document. */
#include "render/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "render/doc_private.h"

#define TEXT_PT 8.0
#define AXIS_H 16.0 /* tick labels under the bars */
#define TOP_H 14.0  /* target label above the bars */

struct cov_chart {
    cov_ctx_t *ctx;
    cov_status_t status;
    double max;
    int decimals;
    char suffix[16];
    double target;
    char *target_label;
    char *nodata;
    cov_color_t below, reached;
    char **labels;
    double *values;
    size_t n, cap;
};

static void chart_fail(cov_chart_t *c, cov_status_t st, const char *msg)
{
    if (c->status) return;
    c->status = st;
    cov_fail(c->ctx, st, "%s", msg);
}

cov_status_t cov_chart_create(cov_ctx_t *ctx, cov_chart_t **out)
{
    *out = NULL;
    cov_chart_t *c = calloc(1, sizeof *c);
    if (!c) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    c->ctx = ctx;
    c->target = NAN;
    c->below = cov_color_hex(0x6b8fb5, 1);
    c->reached = cov_color_hex(0x41ab5d, 1);
    *out = c;
    return COV_OK;
}

void cov_chart_destroy(cov_chart_t *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) free(c->labels[i]);
    free(c->labels);
    free(c->values);
    free(c->target_label);
    free(c->nodata);
    free(c);
}

cov_status_t cov_chart_status(const cov_chart_t *c) { return c ? c->status : COV_ERR_USAGE; }

void cov_chart_set_max(cov_chart_t *c, double max)
{
    if (!c || c->status) return;
    if (!(max > 0) || !isfinite(max))
        return chart_fail(c, COV_ERR_USAGE, "the chart's axis maximum must be positive");
    c->max = max;
}

void cov_chart_set_format(cov_chart_t *c, int decimals, const char *suffix)
{
    if (!c || c->status) return;
    c->decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    snprintf(c->suffix, sizeof c->suffix, "%s", suffix ? suffix : "");
}

void cov_chart_set_target(cov_chart_t *c, double value, const char *label)
{
    if (!c || c->status) return;
    free(c->target_label);
    c->target_label = label ? cov_strdup(label) : NULL;
    if (label && !c->target_label) return chart_fail(c, COV_ERR_NOMEM, "out of memory");
    c->target = value;
}

void cov_chart_set_colors(cov_chart_t *c, cov_color_t below, cov_color_t reached)
{
    if (!c || c->status) return;
    c->below = below;
    c->reached = reached;
}

void cov_chart_set_nodata(cov_chart_t *c, const char *text)
{
    if (!c || c->status) return;
    free(c->nodata);
    c->nodata = text ? cov_strdup(text) : NULL;
    if (text && !c->nodata) chart_fail(c, COV_ERR_NOMEM, "out of memory");
}

void cov_chart_add_bar(cov_chart_t *c, const char *label, double value)
{
    if (!c || c->status) return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **l = cov_realloc_array(c->labels, cap, sizeof *l);
        if (!l) return chart_fail(c, COV_ERR_NOMEM, "out of memory");
        c->labels = l;
        double *v = cov_realloc_array(c->values, cap, sizeof *v);
        if (!v) return chart_fail(c, COV_ERR_NOMEM, "out of memory");
        c->values = v;
        c->cap = cap;
    }
    c->labels[c->n] = cov_strdup(label ? label : "");
    if (!c->labels[c->n]) return chart_fail(c, COV_ERR_NOMEM, "out of memory");
    c->values[c->n++] = value;
}

double cov_chart_height(const cov_chart_t *c, double row_pt)
{
    return c ? TOP_H + (double)c->n * row_pt + AXIS_H : 0;
}

/* A round tick step: 1, 2 or 5 times a power of ten giving 4..10 ticks. */
static double tick_step(double max)
{
    double raw = max / 5, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

static double axis_max(const cov_chart_t *c)
{
    if (c->max > 0) return c->max;
    double m = isfinite(c->target) ? c->target : 0;
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->values[i])) m = fmax(m, c->values[i]);
    if (!(m > 0)) return 1;
    double s = tick_step(m);
    return ceil(m / s) * s;
}

static void set_rgb(cairo_t *cr, cov_color_t k) { cairo_set_source_rgba(cr, k.r, k.g, k.b, k.a); }

void cov_doc_chart(cov_doc_t *d, cov_chart_t *c, double row_pt)
{
    if (!d || d->status) return;
    if (!c) return (void)doc_fail(d, COV_ERR_USAGE, "cov_doc_chart: no chart");
    if (c->status) return (void)doc_fail(d, c->status, "%s", cov_ctx_errmsg(d->ctx));
    if (!(row_pt >= 6))
        return (void)doc_fail(d, COV_ERR_USAGE, "chart rows must be at least 6 pt high");
    cov_doc_need(d, cov_chart_height(c, row_pt));
    if (d->status) return;
    double bx, bw;
    cov_doc_body(d, &bx, NULL, &bw, NULL);
    double labw = 0;
    for (size_t i = 0; i < c->n; i++) {
        double w;
        PangoLayout *l = doc_layout(d, c->labels[i], TEXT_PT, 0, 0);
        doc_layout_size(l, &w, NULL);
        g_object_unref(l);
        labw = fmax(labw, w);
    }
    labw = fmin(labw + 6, 0.3 * bw);
    double x0 = bx + labw, pw = bw - labw - 40; /* room for the value after a full bar */
    double top = d->cursor + TOP_H, max = axis_max(c);
    cairo_t *cr = d->cr;
    char buf[64];
    for (size_t i = 0; i < c->n; i++) {
        double y = top + (double)i * row_pt, v = c->values[i];
        cov_doc_text_at(d, c->labels[i], bx, y + (row_pt - TEXT_PT * 1.45) / 2, labw - 6, TEXT_PT,
                        COV_TEXT_RIGHT | COV_TEXT_NOWRAP, true);
        if (!isfinite(v)) {
            cov_doc_text_at(d, c->nodata ? c->nodata : "n/a", x0 + 3,
                            y + (row_pt - TEXT_PT * 1.45) / 2, 0, TEXT_PT, COV_TEXT_MUTED, true);
            continue;
        }
        double len = pw * fmin(fmax(v, 0), max) / max;
        cairo_save(cr);
        set_rgb(cr, isfinite(c->target) && v >= c->target ? c->reached : c->below);
        cairo_rectangle(cr, x0, y + row_pt * 0.18, len, row_pt * 0.64);
        cairo_fill(cr);
        cairo_restore(cr);
        snprintf(buf, sizeof buf, "%.*f%s", c->decimals, v, c->suffix);
        cov_doc_text_at(d, buf, x0 + len + 3, y + (row_pt - TEXT_PT * 1.45) / 2, 0, TEXT_PT, 0,
                        true);
    }
    double bottom = top + (double)c->n * row_pt, step = tick_step(max);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x0, top - 2);
    cairo_line_to(cr, x0, bottom);
    cairo_line_to(cr, x0 + pw, bottom);
    cairo_stroke(cr);
    cairo_restore(cr);
    for (double t = 0; t <= max * (1 + 1e-9); t += step) {
        double x = x0 + pw * t / max;
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x, bottom);
        cairo_line_to(cr, x, bottom + 3);
        cairo_stroke(cr);
        cairo_restore(cr);
        snprintf(buf, sizeof buf, "%.*f%s", step < 1 ? 1 : 0, t, c->suffix);
        cov_doc_text_at(d, buf, x - 20, bottom + 3, 40, TEXT_PT - 1,
                        COV_TEXT_CENTER | COV_TEXT_MUTED, true);
    }
    if (isfinite(c->target) && c->target >= 0 && c->target <= max) {
        double x = x0 + pw * c->target / max;
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
        cairo_set_line_width(cr, 1.1);
        double dash = 3;
        cairo_set_dash(cr, &dash, 1, 0);
        cairo_move_to(cr, x, top - 3);
        cairo_line_to(cr, x, bottom);
        cairo_stroke(cr);
        cairo_restore(cr);
        if (c->target_label) {
            double lw;
            PangoLayout *l = doc_layout(d, c->target_label, TEXT_PT, COV_TEXT_BOLD, 0);
            doc_layout_size(l, &lw, NULL);
            g_object_unref(l);
            double lx = fmin(fmax(x - lw / 2, bx), bx + bw - lw);
            cov_doc_text_at(d, c->target_label, lx, d->cursor, 0, TEXT_PT, COV_TEXT_BOLD, true);
        }
    }
    d->cursor = bottom + AXIS_H + 6;
}
