/* Point symbols: vector paths for any surface and a sprite stamper for large raster layers. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "render/map_private.h"

/* Path of a shape of width size centred on (x, y); the cross is an outline-only path. */
void symbol_path(cairo_t *cr, cov_shape_t shape, double x, double y, double size)
{
    double r = size / 2;
    switch (shape) {
    case COV_SHAPE_SQUARE: cairo_rectangle(cr, x - r, y - r, size, size); break;
    case COV_SHAPE_TRIANGLE: {
        /* Equilateral, centred on its centroid so it sits where a circle would. */
        double h = size * 0.866;
        cairo_move_to(cr, x, y - 2 * h / 3);
        cairo_line_to(cr, x + r, y + h / 3);
        cairo_line_to(cr, x - r, y + h / 3);
        cairo_close_path(cr);
        break;
    }
    case COV_SHAPE_DIAMOND:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
        break;
    case COV_SHAPE_CROSS: {
        /* A plus sign drawn as a filled outline so it takes a fill and an outline like the
         * other shapes. */
        double t = size * 0.14;
        cairo_move_to(cr, x - t, y - r);
        cairo_line_to(cr, x + t, y - r);
        cairo_line_to(cr, x + t, y - t);
        cairo_line_to(cr, x + r, y - t);
        cairo_line_to(cr, x + r, y + t);
        cairo_line_to(cr, x + t, y + t);
        cairo_line_to(cr, x + t, y + r);
        cairo_line_to(cr, x - t, y + r);
        cairo_line_to(cr, x - t, y + t);
        cairo_line_to(cr, x - r, y + t);
        cairo_line_to(cr, x - r, y - t);
        cairo_line_to(cr, x - t, y - t);
        cairo_close_path(cr);
        break;
    }
    case COV_SHAPE_CIRCLE:
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        cairo_close_path(cr);
        break;
    }
}

void symbol_draw(cairo_t *cr, const cov_symbol_t *s, double x, double y, double size)
{
    symbol_path(cr, s->shape, x, y, size);
    if (s->fill.a > 0) {
        set_color(cr, s->fill);
        if (s->outline_width > 0 && s->outline.a > 0)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (s->outline_width > 0 && s->outline.a > 0) {
        set_color(cr, s->outline);
        cairo_set_line_width(cr, s->outline_width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

/* ---- raster fast path ------------------------------------------------------------------- */

typedef struct sprite {
    int size; /* square, even, in pixels; the symbol's centre is at (size/2, size/2) */
    uint32_t *px;
} sprite_t;

/* Render a symbol once into premultiplied ARGB pixels. */
static bool sprite_make(sprite_t *sp, const cov_symbol_t *s, double size_pt, double px_per_pt)
{
    double extent = (size_pt + s->outline_width) * px_per_pt;
    int n = 2 * (int)ceil(extent / 2 + 1);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, n, n);
    cairo_t *cr = cairo_create(img);
    cairo_scale(cr, px_per_pt, px_per_pt);
    symbol_draw(cr, s, n / 2.0 / px_per_pt, n / 2.0 / px_per_pt, size_pt);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    sp->size = n;
    sp->px = cov_calloc_array((size_t)n * n, sizeof *sp->px);
    bool ok = sp->px && cairo_surface_status(img) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        const unsigned char *data = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        for (int r = 0; r < n; r++)
            memcpy(sp->px + (size_t)r * n, data + (size_t)r * stride, 4u * n);
    }
    cairo_surface_destroy(img);
    return ok;
}

/* One channel of premultiplied OVER: s + d * (255 - a) / 255, exactly rounded. */
static inline uint32_t over_channel(uint32_t s, uint32_t d, uint32_t inv_a)
{
    uint32_t t = d * inv_a + 128;
    return s + ((t + (t >> 8)) >> 8);
}

static void sprite_stamp(const sprite_t *sp, unsigned char *data, int stride, int cx, int cy,
                         const int clip[4])
{
    int x0 = cx - sp->size / 2, y0 = cy - sp->size / 2;
    int sx0 = x0 < clip[0] ? clip[0] - x0 : 0, sy0 = y0 < clip[1] ? clip[1] - y0 : 0;
    int sx1 = x0 + sp->size > clip[2] ? clip[2] - x0 : sp->size;
    int sy1 = y0 + sp->size > clip[3] ? clip[3] - y0 : sp->size;
    for (int r = sy0; r < sy1; r++) {
        uint32_t *dst = (uint32_t *)(data + (size_t)(y0 + r) * stride) + x0;
        const uint32_t *src = sp->px + (size_t)r * sp->size;
        for (int c = sx0; c < sx1; c++) {
            uint32_t s = src[c];
            uint32_t a = s >> 24;
            if (!a) continue;
            if (a == 255) {
                dst[c] = s;
                continue;
            }
            uint32_t d = dst[c], inv = 255 - a;
            dst[c] = over_channel(a, d >> 24, inv) << 24 |
                     over_channel((s >> 16) & 255, (d >> 16) & 255, inv) << 16 |
                     over_channel((s >> 8) & 255, (d >> 8) & 255, inv) << 8 |
                     over_channel(s & 255, d & 255, inv);
        }
    }
}

/* Points beyond this many inside the frame of a vector page (PDF, SVG) are drawn as one
 * 300 dpi image instead of one path each: a million vector symbols make a file of hundreds of
 * megabytes that viewers cannot open; the image looks the same when printed. */
#define VECTOR_POINTS_MAX 20000
#define POINTS_IMAGE_DPI 300.0

/* Stamp the layer's points into an image whose pixel (0, 0) is page point (ox, oy) at k pixels
 * per point, clipped to clip (pixels). */
static void stamp_layer(cov_map_t *m, const cov_layer_t *l, unsigned char *data, int stride,
                        double k, double ox, double oy, const int clip[4])
{
    const cov_map_view_t *v = &m->view;
    /* Sprites per category and half-pixel size step, made on first use. */
    int maxq = (int)ceil(60 * k * 2) + 2;
    size_t nslots = l->ncats * (size_t)maxq;
    sprite_t *sprites = cov_calloc_array(nslots, sizeof *sprites);
    if (!sprites) {
        map_fail(m, COV_ERR_NOMEM, "out of memory drawing point layer %zu", l->index);
        return;
    }
    for (size_t i = 0; i < l->n && !m->status; i++) {
        double size = layer_point_size(l, i);
        int q = (int)lround(size * k * 2);
        if (q >= maxq) q = maxq - 1;
        sprite_t *sp = &sprites[(size_t)l->cat[i] * maxq + q];
        if (!sp->px && !sprite_make(sp, &l->cats[l->cat[i]], q / (2 * k), k)) {
            map_fail(m, COV_ERR_NOMEM, "out of memory drawing point layer %zu", l->index);
            break;
        }
        double dx = (view_x(v, l->x[i]) - ox) * k, dy = (view_y(v, l->y[i]) - oy) * k;
        double half = sp->size / 2.0;
        if (dx + half < clip[0] || dx - half > clip[2] || dy + half < clip[1] ||
            dy - half > clip[3])
            continue;
        sprite_stamp(sp, data, stride, (int)lround(dx), (int)lround(dy), clip);
    }
    for (size_t i = 0; i < nslots; i++) free(sprites[i].px);
    free(sprites);
}

/* Is point i of the layer (with its symbol) anywhere over the frame? */
static bool point_in_frame(const cov_map_view_t *v, const cov_layer_t *l, size_t i)
{
    double x = view_x(v, l->x[i]), y = view_y(v, l->y[i]), h = layer_point_size(l, i) / 2 + 1;
    return x + h >= v->frame_x && x - h <= v->frame_x + v->frame_w && y + h >= v->frame_y &&
           y - h <= v->frame_y + v->frame_h;
}

/* Vector pages: the points over the frame as paths, or as one image when there are many. */
static void points_draw_vector(cov_map_t *m, cairo_t *cr, const cov_layer_t *l)
{
    const cov_map_view_t *v = &m->view;
    size_t shown = 0;
    for (size_t i = 0; i < l->n && shown <= VECTOR_POINTS_MAX; i++)
        if (point_in_frame(v, l, i)) shown++;
    if (shown <= VECTOR_POINTS_MAX) {
        for (size_t i = 0; i < l->n; i++)
            if (point_in_frame(v, l, i))
                symbol_draw(cr, &l->cats[l->cat[i]], view_x(v, l->x[i]), view_y(v, l->y[i]),
                            layer_point_size(l, i));
        return;
    }
    double k = POINTS_IMAGE_DPI / 72.0;
    int W = (int)ceil(v->frame_w * k), H = (int)ceil(v->frame_h * k);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        map_fail(m, COV_ERR_NOMEM, "out of memory drawing point layer %zu", l->index);
        return;
    }
    int clip[4] = {0, 0, W, H};
    stamp_layer(m, l, cairo_image_surface_get_data(img), cairo_image_surface_get_stride(img), k,
                v->frame_x, v->frame_y, clip);
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_translate(cr, v->frame_x, v->frame_y);
    cairo_scale(cr, 1 / k, 1 / k);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

/* Stamp a point layer straight into an image surface: cairo's per-symbol fill costs a few
 * microseconds, a sprite copy a fraction of that, which matters at 10^6 points. Centres snap
 * to whole pixels (at most half a pixel off) and sizes to half pixels. Vector targets draw the
 * points over the frame only (points_draw_vector). */
void points_draw_raster(cov_map_t *m, cairo_t *cr, const cov_layer_t *l)
{
    const cov_map_view_t *v = &m->view;
    cairo_surface_t *target = cairo_get_target(cr);
    cairo_matrix_t mt;
    cairo_get_matrix(cr, &mt);
    double k = v->px_per_pt;
    bool raster = cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE &&
                  (cairo_image_surface_get_format(target) == CAIRO_FORMAT_ARGB32 ||
                   cairo_image_surface_get_format(target) == CAIRO_FORMAT_RGB24) &&
                  mt.xy == 0 && mt.yx == 0 && mt.x0 == 0 && mt.y0 == 0 && fabs(mt.xx - k) < 1e-9 &&
                  fabs(mt.yy - k) < 1e-9;
    if (!raster) {
        points_draw_vector(m, cr, l);
        return;
    }
    cairo_surface_flush(target);
    unsigned char *data = cairo_image_surface_get_data(target);
    int stride = cairo_image_surface_get_stride(target);
    int W = cairo_image_surface_get_width(target), H = cairo_image_surface_get_height(target);
    int clip[4] = {(int)lround(v->frame_x * k), (int)lround(v->frame_y * k),
                   (int)lround((v->frame_x + v->frame_w) * k),
                   (int)lround((v->frame_y + v->frame_h) * k)};
    if (clip[0] < 0) clip[0] = 0;
    if (clip[1] < 0) clip[1] = 0;
    if (clip[2] > W) clip[2] = W;
    if (clip[3] > H) clip[3] = H;
    stamp_layer(m, l, data, stride, k, 0, 0, clip);
    cairo_surface_mark_dirty(target);
}

/* Fill the current path with the "no data" look: light grey with dark diagonal hatching,
 * which survives greyscale printing and cannot be mistaken for a palette class. */
void nodata_hatch(cairo_t *cr)
{
    double x0, y0, x1, y1;
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_clip_preserve(cr);
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_fill(cr);
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    double step = 4.0;
    /* Lines at 45 degrees on a fixed page grid, so neighbouring areas' hatching lines up. */
    double start = floor((x0 + y0) / step) * step;
    for (double c = start; c <= x1 + y1; c += step) {
        cairo_move_to(cr, c - y0, y0);
        cairo_line_to(cr, c - y1, y1);
    }
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    cairo_restore(cr);
}
