/* The inset (locator) map: the whole study area in grey with the shown extent outlined. */
#include <math.h>

#include "render/map_private.h"

/* A vector page (PDF, SVG) draws an inset of more vertices than this as a 150 dpi image: the
 * locator of a province's 3,000 townships on every page of a county atlas would otherwise
 * repeat the same tens of thousands of path segments page after page. */
#define INSET_VECTOR_VERTICES 20000

static void inset_shapes(cov_map_t *m, cairo_t *cr, box_t b, double tol);

void inset_draw(cov_map_t *m, cairo_t *cr, box_t b)
{
    size_t nv = 0;
    for (size_t li = 0; li < m->nlayers; li++)
        if (m->layers[li]->kind == COV_LAYER_POLYGON && m->layers[li]->n)
            nv += m->layers[li]->pt0[m->layers[li]->ring0[m->layers[li]->n]];
    bool vector = cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE;
    if (!vector || nv <= INSET_VECTOR_VERTICES) {
        inset_shapes(m, cr, b, 0.5 / m->view.px_per_pt);
        return;
    }
    /* 150 dpi: a locator a few centimetres wide, compressed again on every page of an atlas */
    double k = 150.0 / 72.0;
    int W = (int)ceil(b.w * k), H = (int)ceil(b.h * k);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *ic = cairo_create(img);
    cairo_scale(ic, k, k);
    cairo_translate(ic, -b.x, -b.y);
    inset_shapes(m, ic, b, 0.5 / k);
    cairo_destroy(ic);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        map_fail(m, COV_ERR_NOMEM, "out of memory drawing the inset map");
        return;
    }
    cairo_save(cr);
    cairo_translate(cr, b.x, b.y);
    cairo_scale(cr, 1 / k, 1 / k);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

/* Draws into box b (points): polygon layers as plain grey areas, scaled to the inset extent
 * with equal x/y scale, then the main map's extent as a red rectangle. Vertices closer than
 * tol points to the last kept one are skipped. */
static void inset_shapes(cov_map_t *m, cairo_t *cr, box_t b, double tol)
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
