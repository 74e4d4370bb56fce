/* The north arrow: the engine works in projected grids with north up, so it always points up. */
#include "render/map_private.h"

/* A split arrowhead (dark west half, light east half) under an "N", in the upper-right
 * corner of the frame; readable in greyscale and at small sizes. */
void north_draw(cov_map_t *m, cairo_t *cr)
{
    const cov_map_view_t *v = &m->view;
    double w = 14, h = 22;
    PangoLayout *lay = text_layout(m, "N", 10, true);
    double tw, th;
    text_size(lay, &tw, &th);
    double cx = v->frame_x + v->frame_w - 12 - w / 2;
    double top = v->frame_y + 10;
    cairo_save(cr);
    cairo_rectangle(cr, cx - w / 2 - 4, top - 2, w + 8, th + h + 6);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    text_draw(cr, lay, cx - tw / 2, top, cov_color_hex(0x202020, 1), 0);
    double ty = top + th + 1;
    cairo_move_to(cr, cx, ty);
    cairo_line_to(cr, cx - w / 2, ty + h);
    cairo_line_to(cr, cx, ty + h * 0.72);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
    cairo_fill(cr);
    cairo_move_to(cr, cx, ty);
    cairo_line_to(cr, cx + w / 2, ty + h);
    cairo_line_to(cr, cx, ty + h * 0.72);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
    cairo_set_line_width(cr, 0.7);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
    cairo_restore(cr);
    g_object_unref(lay);
}
