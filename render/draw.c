/* Drawing the layers inside the map frame: polygons, circles, lines and points, in layer order. */
#include <math.h>

#include "render/map_private.h"

static bool visible(cov_color_t c) { return c.a > 0; }

static void set_stroke(cairo_t *cr, const cov_style_t *s)
{
    set_color(cr, s->stroke);
    cairo_set_line_width(cr, s->stroke_width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    if (s->dash > 0) {
        double d[2] = {s->dash, s->dash * 0.6};
        cairo_set_dash(cr, d, 2, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

/* Which sides of the frame (grown by FRAME_PAD points, more than any stroke's half width) a
 * page point lies beyond: 1 left, 2 right, 4 above, 8 below; 0 near or inside the frame. */
#define FRAME_PAD 8.0
static unsigned outcode(const cov_map_view_t *v, double x, double y)
{
    return (x < v->frame_x - FRAME_PAD ? 1u : 0u) |
           (x > v->frame_x + v->frame_w + FRAME_PAD ? 2u : 0u) |
           (y < v->frame_y - FRAME_PAD ? 4u : 0u) |
           (y > v->frame_y + v->frame_h + FRAME_PAD ? 8u : 0u);
}

/* Append polygon f's rings to the current path. Vertices closer than tol points to the last
 * kept one are skipped: they cannot change a pixel but cost the rasterizer time. So is a
 * vertex that lies beyond one side of the frame together with the last kept vertex and the
 * next one: the shortcut and the skipped run then stay beyond the sides of the last kept
 * vertex (a half-plane, or two whose union has no hole), so the fill and strokes inside the
 * frame are unchanged while a zoomed-in map no longer writes every far-away vertex. */
static void polygon_path(cairo_t *cr, const cov_layer_t *l, const cov_map_view_t *v, size_t f,
                         double tol)
{
    for (size_t r = l->ring0[f]; r < l->ring0[f + 1]; r++) {
        size_t a = l->pt0[r], b = l->pt0[r + 1];
        if (b - a < 3) continue;
        double lx = view_x(v, l->px[a]), ly = view_y(v, l->py[a]);
        unsigned lc = outcode(v, lx, ly);
        cairo_move_to(cr, lx, ly);
        for (size_t i = a + 1; i < b; i++) {
            double x = view_x(v, l->px[i]), y = view_y(v, l->py[i]);
            if (i + 1 < b && fabs(x - lx) < tol && fabs(y - ly) < tol) continue;
            unsigned c = outcode(v, x, y);
            if (i + 1 < b && (lc & c) &&
                (lc & c & outcode(v, view_x(v, l->px[i + 1]), view_y(v, l->py[i + 1]))))
                continue;
            cairo_line_to(cr, x, y);
            lx = x, ly = y, lc = c;
        }
        cairo_close_path(cr);
    }
}

static bool bbox_visible(const cov_map_view_t *v, const double *bb)
{
    return !(bb[2] < v->minx || bb[0] > v->maxx || bb[3] < v->miny || bb[1] > v->maxy);
}

static void draw_polygons(cov_map_t *m, cairo_t *cr, const cov_layer_t *l)
{
    const cov_map_view_t *v = &m->view;
    double tol = 0.3 / v->px_per_pt;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD); /* holes, whatever the ring winding */
    for (size_t f = 0; f < l->n; f++) {
        if (!bbox_visible(v, l->bbox + 4 * f)) continue;
        bool nodata;
        cov_color_t c = layer_polygon_color(l, f, &nodata);
        if (!nodata && !visible(c)) continue;
        polygon_path(cr, l, v, f, tol);
        if (nodata) {
            nodata_hatch(cr);
            cairo_new_path(cr);
        } else {
            set_color(cr, c);
            cairo_fill(cr);
        }
    }
    if (!(l->style.stroke_width > 0) || !visible(l->style.stroke)) return;
    /* One stroke for the whole layer: shared edges are drawn once, and it is much faster. */
    for (size_t f = 0; f < l->n; f++)
        if (bbox_visible(v, l->bbox + 4 * f)) polygon_path(cr, l, v, f, tol);
    set_stroke(cr, &l->style);
    cairo_stroke(cr);
}

static void draw_circles(cov_map_t *m, cairo_t *cr, const cov_layer_t *l)
{
    const cov_map_view_t *v = &m->view;
    for (size_t i = 0; i < l->n; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, view_x(v, l->x[i]), view_y(v, l->y[i]), l->x2[i] * v->pt_per_unit, 0,
                  2 * G_PI);
        if (visible(l->style.fill)) {
            set_color(cr, l->style.fill);
            cairo_fill_preserve(cr);
        }
        if (l->style.stroke_width > 0 && visible(l->style.stroke)) {
            set_stroke(cr, &l->style);
            cairo_stroke_preserve(cr);
        }
        cairo_new_path(cr);
    }
}

static void draw_lines(cov_map_t *m, cairo_t *cr, const cov_layer_t *l)
{
    const cov_map_view_t *v = &m->view;
    if (!(l->style.stroke_width > 0) || !visible(l->style.stroke)) return;
    for (size_t i = 0; i < l->n; i++) {
        cairo_move_to(cr, view_x(v, l->x[i]), view_y(v, l->y[i]));
        cairo_line_to(cr, view_x(v, l->x2[i]), view_y(v, l->y2[i]));
    }
    set_stroke(cr, &l->style);
    cairo_stroke(cr);
}

void layers_draw(cov_map_t *m, cairo_t *cr)
{
    const cov_map_view_t *v = &m->view;
    cairo_save(cr);
    cairo_rectangle(cr, v->frame_x, v->frame_y, v->frame_w, v->frame_h);
    cairo_clip(cr);
    for (size_t i = 0; i < m->nlayers && !m->status; i++) {
        cov_layer_t *l = m->layers[i];
        switch (l->kind) {
        case COV_LAYER_POLYGON: draw_polygons(m, cr, l); break;
        case COV_LAYER_CIRCLE: draw_circles(m, cr, l); break;
        case COV_LAYER_LINE: draw_lines(m, cr, l); break;
        case COV_LAYER_POINT: points_draw_raster(m, cr, l); break;
        }
    }
    cairo_restore(cr);
}
