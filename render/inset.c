/* The inset (locator) map: the whole study area in grey with the shown extent outlined. */
#include <math.h>

#include "render/map_private.h"

/* Draws into box b (points): polygon layers as plain grey areas, scaled to the inset extent
 * with equal x/y scale, then the main map's extent as a red rectangle. */
void inset_draw(cov_map_t *m, cairo_t *cr, box_t b)
{
    const double *e = m->inset;
    double s = fmin(b.w / (e[2] - e[0]), b.h / (e[3] - e[1]));
    double ox = b.x + (b.w - (e[2] - e[0]) * s) / 2, oy = b.y + (b.h + (e[3] - e[1]) * s) / 2;
#define IX(x) (ox + ((x)-e[0]) * s)
#define IY(y) (oy - ((y)-e[1]) * s)
    cairo_save(cr);
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    double tol = 0.5 / m->view.px_per_pt;
    for (size_t li = 0; li < m->nlayers; li++) {
        const cov_layer_t *l = m->layers[li];
        if (l->kind != COV_LAYER_POLYGON) continue;
        for (size_t f = 0; f < l->n; f++)
            for (size_t r = l->ring0[f]; r < l->ring0[f + 1]; r++) {
                size_t a = l->pt0[r], z = l->pt0[r + 1];
                if (z - a < 3) continue;
                double lx = IX(l->px[a]), ly = IY(l->py[a]);
                cairo_move_to(cr, lx, ly);
                for (size_t i = a + 1; i < z; i++) {
                    double x = IX(l->px[i]), y = IY(l->py[i]);
                    if (fabs(x - lx) < tol && fabs(y - ly) < tol) continue;
                    cairo_line_to(cr, x, y);
                    lx = x, ly = y;
                }
                cairo_close_path(cr);
            }
    }
    cairo_set_source_rgb(cr, 0.86, 0.86, 0.86);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.3);
    cairo_stroke(cr);
    const cov_map_view_t *v = &m->view;
    cairo_rectangle(cr, IX(v->minx), IY(v->maxy), (v->maxx - v->minx) * s, (v->maxy - v->miny) * s);
    cairo_set_source_rgb(cr, 0.84, 0.1, 0.1);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
#undef IX
#undef IY
}
