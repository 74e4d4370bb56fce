/* The legend: one block per layer that has a legend title, one row per class or category. */
#include <math.h>
#include <stdio.h>

#include "render/map_private.h"

#define HEAD_PT 9.5
#define ROW_PT 8.5
#define SWATCH 11.0
#define GAP 5.0
#define BLOCK_GAP 9.0

/* Measuring and drawing share one walk over the rows so they can never disagree: with
 * cr == NULL it only accumulates the size. */
typedef struct walk {
    cov_map_t *m;
    cairo_t *cr;
    double x, y, w;
    double max_w; /* wrap texts wider than this (0: never) */
} walk_t;

static void text_row(walk_t *wk, const char *text, double size, bool bold, double indent,
                     double min_h, double *row_h)
{
    PangoLayout *lay = text_layout(wk->m, text, size, bold);
    double tw, th;
    text_size(lay, &tw, &th);
    if (wk->max_w > indent + 20 && indent + tw > wk->max_w) {
        pango_layout_set_width(lay, (int)((wk->max_w - indent) * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
        text_size(lay, &tw, &th);
    }
    double h = fmax(th, min_h);
    if (wk->cr)
        text_draw(wk->cr, lay, wk->x + indent, wk->y + (h - th) / 2, cov_color_hex(0x202020, 1), 0);
    g_object_unref(lay);
    if (indent + tw > wk->w) wk->w = indent + tw;
    *row_h = h;
}

/* A swatch row: draw_swatch paints in the SWATCH x SWATCH box at (x, y). */
typedef void (*swatch_fn)(cairo_t *cr, const cov_layer_t *l, int idx, double x, double y);

static void swatch_row(walk_t *wk, const cov_layer_t *l, int idx, swatch_fn fn, const char *text,
                       size_t count)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s (%zu)", text ? text : "", count);
    double h;
    /* The row height is known only after measuring the text, so measure first. */
    cairo_t *cr = wk->cr;
    wk->cr = NULL;
    text_row(wk, buf, ROW_PT, false, SWATCH + GAP, SWATCH + 3, &h);
    wk->cr = cr;
    if (cr) {
        cairo_save(cr);
        fn(cr, l, idx, wk->x, wk->y + (h - SWATCH) / 2);
        cairo_restore(cr);
        text_row(wk, buf, ROW_PT, false, SWATCH + GAP, SWATCH + 3, &h);
    }
    wk->y += h;
}

static void box_path(cairo_t *cr, double x, double y)
{
    cairo_rectangle(cr, x + 0.5, y + 0.5, SWATCH - 1, SWATCH - 1);
}

static void outline_box(cairo_t *cr, const cov_style_t *s)
{
    if (s->stroke_width > 0 && s->stroke.a > 0) {
        set_color(cr, s->stroke);
        cairo_set_line_width(cr, fmin(s->stroke_width, 1.5));
    } else {
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr, 0.4);
    }
    cairo_stroke(cr);
}

static void swatch_class(cairo_t *cr, const cov_layer_t *l, int idx, double x, double y)
{
    box_path(cr, x, y);
    if (idx < 0) {
        nodata_hatch(cr);
    } else {
        set_color(cr, l->colors[idx]);
        cairo_fill_preserve(cr);
    }
    box_path(cr, x, y);
    outline_box(cr, &l->style);
}

static void swatch_category(cairo_t *cr, const cov_layer_t *l, int idx, double x, double y)
{
    cov_symbol_t s = l->cats[idx];
    symbol_draw(cr, &s, x + SWATCH / 2, y + SWATCH / 2, fmin(s.size, SWATCH + 2));
}

static void swatch_single(cairo_t *cr, const cov_layer_t *l, int idx, double x, double y)
{
    (void)idx;
    const cov_style_t *s = &l->style;
    cairo_new_path(cr); /* pango leaves a current point behind */
    if (l->kind == COV_LAYER_LINE) {
        cairo_move_to(cr, x, y + SWATCH / 2);
        cairo_line_to(cr, x + SWATCH, y + SWATCH / 2);
        set_color(cr, s->stroke);
        cairo_set_line_width(cr, s->stroke_width);
        if (s->dash > 0) {
            double d[2] = {s->dash, s->dash * 0.6};
            cairo_set_dash(cr, d, 2, 0);
        }
        cairo_stroke(cr);
        return;
    }
    if (l->kind == COV_LAYER_CIRCLE) {
        cairo_arc(cr, x + SWATCH / 2, y + SWATCH / 2, SWATCH / 2 - 0.5, 0, 2 * G_PI);
    } else {
        box_path(cr, x, y);
    }
    set_color(cr, s->fill);
    cairo_fill_preserve(cr);
    outline_box(cr, s);
}

static void class_label(const cov_layer_t *l, int c, char *buf, size_t n)
{
    snprintf(buf, n, "%.*f – %.*f", l->decimals, l->breaks[c], l->decimals, l->breaks[c + 1]);
}

static void walk_layer(walk_t *wk, const cov_layer_t *l)
{
    double h;
    if (l->kind == COV_LAYER_POINT) {
        text_row(wk, l->legend_title, HEAD_PT, true, 0, 0, &h);
        wk->y += h + 2;
        for (size_t c = 0; c < l->ncats; c++)
            swatch_row(wk, l, (int)c, swatch_category, l->cat_labels[c], l->cat_count[c]);
    } else if (l->choropleth) {
        text_row(wk, l->legend_title, HEAD_PT, true, 0, 0, &h);
        wk->y += h + 2;
        char buf[128];
        for (int c = 0; c + 1 < l->nbreaks; c++) {
            class_label(l, c, buf, sizeof buf);
            swatch_row(wk, l, c, swatch_class, buf, l->class_count[c]);
        }
        if (l->nodata_count)
            swatch_row(wk, l, -1, swatch_class, l->nodata_label ? l->nodata_label : "No data",
                       l->nodata_count);
    } else {
        swatch_row(wk, l, 0, swatch_single, l->legend_title, l->n);
    }
    wk->y += BLOCK_GAP;
}

static void walk(walk_t *wk)
{
    for (size_t i = 0; i < wk->m->nlayers; i++)
        if (wk->m->layers[i]->legend_title) walk_layer(wk, wk->m->layers[i]);
}

/* Size of the legend in points; 0 x 0 when no layer has a legend. Layers must be prepared. */
void legend_measure(cov_map_t *m, double max_w, double *w, double *h)
{
    walk_t wk = {m, NULL, 0, 0, 0, max_w};
    walk(&wk);
    *w = wk.w;
    *h = wk.y > 0 ? wk.y - BLOCK_GAP : 0;
}

void legend_draw(cov_map_t *m, cairo_t *cr, double x, double y, double max_w)
{
    walk_t wk = {m, cr, x, y, 0, max_w};
    walk(&wk);
}
