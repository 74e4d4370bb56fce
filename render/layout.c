/* The page layout: title block, map frame fitted to the data, legend panel, inset and note. */
#include <math.h>

#include "render/map_private.h"

#define TITLE_PT 18.0
#define SUBTITLE_PT 11.0
#define NOTE_PT 7.5
#define PANEL_GAP 14.0

/* Union of the features' extents in map units; false when there is nothing to show. */
static bool data_extent(const cov_map_t *m, double e[4])
{
    e[0] = e[1] = INFINITY;
    e[2] = e[3] = -INFINITY;
    for (size_t li = 0; li < m->nlayers; li++) {
        const cov_layer_t *l = m->layers[li];
        for (size_t i = 0; i < l->n; i++) {
            double b[4];
            if (l->kind == COV_LAYER_POLYGON) {
                for (int k = 0; k < 4; k++) b[k] = l->bbox[4 * i + k];
            } else if (l->kind == COV_LAYER_CIRCLE) {
                double r = l->x2[i];
                b[0] = l->x[i] - r, b[1] = l->y[i] - r, b[2] = l->x[i] + r, b[3] = l->y[i] + r;
            } else if (l->kind == COV_LAYER_LINE) {
                b[0] = fmin(l->x[i], l->x2[i]), b[1] = fmin(l->y[i], l->y2[i]);
                b[2] = fmax(l->x[i], l->x2[i]), b[3] = fmax(l->y[i], l->y2[i]);
            } else {
                b[0] = b[2] = l->x[i], b[1] = b[3] = l->y[i];
            }
            if (!(b[2] >= b[0])) continue; /* an empty polygon */
            e[0] = fmin(e[0], b[0]), e[1] = fmin(e[1], b[1]);
            e[2] = fmax(e[2], b[2]), e[3] = fmax(e[3], b[3]);
        }
    }
    return e[2] >= e[0];
}

/* Pad the extent, then widen it along one axis so that one map unit has the same length in x
 * and y and the frame is filled. */
static void fit_view(cov_map_view_t *v, const double e[4], double padding)
{
    double w = e[2] - e[0], h = e[3] - e[1];
    double side = fmax(w, h);
    if (!(side > 0)) side = 1000; /* a single point: show a kilometre around it */
    double pad = padding * side;
    w = fmax(w, side * 1e-3) + 2 * pad;
    h = fmax(h, side * 1e-3) + 2 * pad;
    double cx = (e[0] + e[2]) / 2, cy = (e[1] + e[3]) / 2;
    double s = fmin(v->frame_w / w, v->frame_h / h);
    w = v->frame_w / s;
    h = v->frame_h / s;
    v->minx = cx - w / 2, v->maxx = cx + w / 2;
    v->miny = cy - h / 2, v->maxy = cy + h / 2;
    v->pt_per_unit = s;
    /* One point on paper is 0.0254/72 m; one point on the map is 1/s m. */
    v->scale_denominator = (1.0 / s) / (0.0254 / 72.0);
}

static double draw_text_block(cov_map_t *m, cairo_t *cr, const char *s, double size, bool bold,
                              double x, double y, double maxw)
{
    if (!s || !*s) return 0;
    PangoLayout *lay = text_layout(m, s, size, bold);
    pango_layout_set_width(lay, (int)(maxw * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    double w, h;
    text_size(lay, &w, &h);
    if (cr) text_draw(cr, lay, x, y, cov_color_hex(bold ? 0x101010 : 0x303030, 1), 0);
    g_object_unref(lay);
    return h;
}

/* The note under the map: the CRS name, then the caller's note (sources etc.). */
static double note_block(cov_map_t *m, cairo_t *cr, double x, double y, double maxw)
{
    double h = draw_text_block(m, cr, m->crs, NOTE_PT, false, x, y, maxw);
    return h + draw_text_block(m, cr, m->note, NOTE_PT, false, x, y + h, maxw);
}

cov_status_t layout_draw(cov_map_t *m, cairo_t *cr, double px_per_pt)
{
    if (m->status) return m->status;
    m->has_view = m->has_scalebar = false;
    m->nlabels = m->dropped = 0;
    double e[4];
    if (m->has_extent) {
        for (int i = 0; i < 4; i++) e[i] = m->ext[i];
    } else if (!data_extent(m, e)) {
        return map_fail(m, COV_ERR_EMPTY, "the map has no features and no extent to show");
    }
    for (size_t i = 0; i < m->nlayers; i++) layer_prepare(m->layers[i]);

    double W = m->page_w, H = m->page_h;
    double margin = fmax(18, 0.035 * fmin(W, H));
    double inner_w = W - 2 * margin;

    /* Title block. */
    double y = margin;
    double th = draw_text_block(m, NULL, m->title, TITLE_PT, true, margin, y, inner_w);
    double sh = draw_text_block(m, NULL, m->subtitle, SUBTITLE_PT, false, margin, y + th, inner_w);
    double top = y + th + sh + (th + sh > 0 ? 8 : 0);
    double nh = note_block(m, NULL, margin, 0, inner_w);
    double bottom = H - margin - nh - (nh > 0 ? 6 : 0);

    /* Right-hand panel: legend, then the inset below it. */
    double lw = 0, lh = 0, max_panel = 0.35 * inner_w;
    if (m->parts & COV_MAP_LEGEND) legend_measure(m, max_panel, &lw, &lh);
    bool inset = m->has_inset && (m->parts & COV_MAP_INSET);
    double panel_w = lw > 0 || inset ? fmin(fmax(lw, 130), max_panel) : 0;
    double frame_w = inner_w - (panel_w > 0 ? panel_w + PANEL_GAP : 0);
    double frame_h = bottom - top;
    if (frame_w < 50 || frame_h < 50)
        return map_fail(m, COV_ERR_USAGE,
                        "the page (%.0fx%.0f pt) is too small for its title, legend and note", W,
                        H);

    cov_map_view_t *v = &m->view;
    *v = (cov_map_view_t){0};
    v->frame_x = margin, v->frame_y = top, v->frame_w = frame_w, v->frame_h = frame_h;
    v->px_per_pt = px_per_pt;
    fit_view(v, e, m->padding);
    m->has_view = true;

    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    layers_draw(m, cr);
    if (!m->status) labels_draw(m, cr);
    cairo_rectangle(cr, v->frame_x, v->frame_y, v->frame_w, v->frame_h);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    if (m->parts & COV_MAP_SCALEBAR) scalebar_draw(m, cr);
    if (m->parts & COV_MAP_NORTH) north_draw(m, cr);

    draw_text_block(m, cr, m->title, TITLE_PT, true, margin, y, inner_w);
    draw_text_block(m, cr, m->subtitle, SUBTITLE_PT, false, margin, y + th, inner_w);
    note_block(m, cr, margin, bottom + 6, inner_w);
    double px = margin + frame_w + PANEL_GAP;
    if (lw > 0) legend_draw(m, cr, px, top, max_panel);
    if (inset) {
        double ew = m->inset[2] - m->inset[0], eh = m->inset[3] - m->inset[1];
        double ih = fmin(panel_w * eh / ew, 0.4 * frame_h);
        double iy = fmax(top + lh + PANEL_GAP, bottom - ih);
        if (iy + ih <= bottom + 0.5) inset_draw(m, cr, (box_t){px, iy, panel_w, ih});
    }
    cairo_restore(cr);
    if (!m->status && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return map_fail(m, COV_ERR_INTERNAL, "drawing failed: %s",
                        cairo_status_to_string(cairo_status(cr)));
    return m->status;
}
