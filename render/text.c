/* Text with pango: one font map per map object, sizes in points, white halos for labels. */
#include <math.h>

#include "render/map_private.h"

/* Layout happens in points at 72 "dpi" with hinting and metric hinting off: glyph advances
 * then do not depend on the output resolution, so PNG, PDF and SVG place text identically. */
cov_status_t text_init(cov_map_t *m)
{
    m->fontmap = pango_cairo_font_map_new();
    if (!m->fontmap) return COV_ERR_INTERNAL;
    m->pango = pango_font_map_create_context(m->fontmap);
    if (!m->pango) return COV_ERR_INTERNAL;
    pango_cairo_context_set_resolution(m->pango, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(m->pango, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(m->pango, pango_language_from_string("zh-cn"));
    return COV_OK;
}

void text_fini(cov_map_t *m)
{
    if (m->pango) g_object_unref(m->pango);
    if (m->fontmap) g_object_unref(m->fontmap);
    m->pango = NULL;
    m->fontmap = NULL;
}

/* A layout of s (UTF-8, may hold newlines). The caller unrefs it with g_object_unref. */
PangoLayout *text_layout(cov_map_t *m, const char *s, double size_pt, bool bold)
{
    PangoLayout *layout = pango_layout_new(m->pango);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, m->font);
    pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, s ? s : "", -1);
    return layout;
}

void text_size(PangoLayout *layout, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

/* Draw with the top-left of the logical box at (x, y). A halo is stroked from the glyph
 * outlines first; the text itself is then shown as text so PDF readers can select it. */
void text_draw(cairo_t *cr, PangoLayout *layout, double x, double y, cov_color_t color,
               double halo_pt)
{
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (halo_pt > 0) {
        pango_cairo_layout_path(cr, layout);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
        cairo_set_line_width(cr, 2 * halo_pt);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
    }
    set_color(cr, color);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
}
