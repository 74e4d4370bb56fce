/* The metric scale bar: a 1-2-5 round distance whose drawn length matches the map scale. */
#include <math.h>
#include <stdio.h>

#include "render/map_private.h"

/* The largest 1, 2 or 5 times a power of ten that is <= limit (limit > 0). */
static double round_125(double limit)
{
    double p = pow(10, floor(log10(limit)));
    if (5 * p <= limit) return 5 * p;
    if (2 * p <= limit) return 2 * p;
    return p;
}

static void distance_text(double metres, char *buf, size_t n)
{
    if (metres >= 1000)
        snprintf(buf, n, "%g km", metres / 1000);
    else
        snprintf(buf, n, "%g m", metres);
}

/* Drawn in the lower-left corner of the frame on a white panel, at most a quarter of the
 * frame wide. Two alternating halves with ticks at 0, the middle and the end. */
void scalebar_draw(cov_map_t *m, cairo_t *cr)
{
    const cov_map_view_t *v = &m->view;
    double metres = round_125(0.25 * v->frame_w / v->pt_per_unit);
    double len = metres * v->pt_per_unit;
    char end[64], mid[64];
    distance_text(metres, end, sizeof end);
    distance_text(metres / 2, mid, sizeof mid);
    PangoLayout *l0 = text_layout(m, "0", 7.5, false);
    PangoLayout *lm = text_layout(m, mid, 7.5, false);
    PangoLayout *le = text_layout(m, end, 7.5, false);
    double w0, h0, wm, hm, we, he;
    text_size(l0, &w0, &h0);
    text_size(lm, &wm, &hm);
    text_size(le, &we, &he);
    double pad = 6, bar_h = 4;
    double x = v->frame_x + 10 + pad + w0 / 2;
    double y = v->frame_y + v->frame_h - 10 - pad - bar_h;
    double text_y = y - 2 - he;

    cairo_save(cr);
    cairo_rectangle(cr, x - w0 / 2 - pad, text_y - pad, len + w0 / 2 + we / 2 + 2 * pad,
                    bar_h + he + 2 + 2 * pad);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    for (int i = 0; i < 2; i++) {
        cairo_rectangle(cr, x + i * len / 2, y, len / 2, bar_h);
        if (i == 0)
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
    cov_color_t ink = cov_color_hex(0x202020, 1);
    text_draw(cr, l0, x - w0 / 2, text_y, ink, 0);
    text_draw(cr, lm, x + len / 2 - wm / 2, text_y, ink, 0);
    text_draw(cr, le, x + len - we / 2, text_y, ink, 0);
    cairo_restore(cr);
    g_object_unref(l0), g_object_unref(lm), g_object_unref(le);

    m->scalebar.metres = metres;
    m->scalebar.length_pt = len;
    m->scalebar.length_px = len * v->px_per_pt;
    m->has_scalebar = true;
}
