/* The map object: page settings, texts, layers and their features, with a sticky status. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "render/map_private.h"

#define DEFAULT_FONT "Noto Sans CJK SC"

cov_status_t map_fail(cov_map_t *m, cov_status_t st, const char *fmt, ...)
{
    if (m->status) return m->status; /* the first error is the one worth reporting */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->errmsg, sizeof m->errmsg, fmt, ap);
    va_end(ap);
    m->status = st;
    cov_fail(m->ctx, st, "%s", m->errmsg);
    return st;
}

cov_status_t cov_map_create(cov_ctx_t *ctx, cov_map_t **out)
{
    if (!out) return COV_ERR_USAGE;
    *out = NULL;
    if (!ctx) return COV_ERR_USAGE;
    cov_map_t *m = calloc(1, sizeof *m);
    if (!m) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory creating a map");
    m->ctx = ctx;
    m->dpi = 150;
    m->padding = 0.04;
    m->parts = COV_MAP_LEGEND | COV_MAP_SCALEBAR | COV_MAP_NORTH | COV_MAP_INSET;
    m->font = cov_strdup(DEFAULT_FONT);
    cov_map_set_paper(m, COV_PAPER_A4, COV_LANDSCAPE);
    cov_status_t st = m->font ? text_init(m) : COV_ERR_NOMEM;
    if (st) {
        cov_map_destroy(m);
        return cov_fail(ctx, st, "cannot set up fonts for a map");
    }
    *out = m;
    return COV_OK;
}

static void layer_free(cov_layer_t *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) free(l->label[i]);
    for (size_t i = 0; i < l->ncats; i++) free(l->cat_labels[i]);
    free(l->legend_title), free(l->nodata_label);
    free(l->cats), free(l->cat_labels), free(l->cat_count);
    free(l->x), free(l->y), free(l->x2), free(l->y2), free(l->value), free(l->cat);
    free(l->label), free(l->bbox), free(l->ring0), free(l->pt0), free(l->px), free(l->py);
    free(l);
}

void cov_map_destroy(cov_map_t *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nlayers; i++) layer_free(m->layers[i]);
    free(m->layers);
    free(m->labels);
    free(m->title), free(m->subtitle), free(m->crs), free(m->note), free(m->font), free(m->date);
    text_fini(m);
    free(m);
}

cov_status_t cov_map_status(const cov_map_t *m) { return m ? m->status : COV_ERR_USAGE; }

const char *cov_map_errmsg(const cov_map_t *m) { return m ? m->errmsg : "no map"; }

void cov_map_set_paper(cov_map_t *m, cov_paper_t paper, cov_orientation_t orient)
{
    if (!m || m->status) return;
    /* ISO 216 sizes in points (mm * 72 / 25.4). */
    double w = paper == COV_PAPER_A3 ? 841.89 : 595.28;
    double h = paper == COV_PAPER_A3 ? 1190.55 : 841.89;
    if (paper != COV_PAPER_A3 && paper != COV_PAPER_A4) {
        map_fail(m, COV_ERR_USAGE, "unknown paper size %d (use A4 or A3)", (int)paper);
        return;
    }
    m->page_w = orient == COV_LANDSCAPE ? h : w;
    m->page_h = orient == COV_LANDSCAPE ? w : h;
}

void cov_map_set_page_size(cov_map_t *m, double width_pt, double height_pt)
{
    if (!m || m->status) return;
    if (!(width_pt >= 100 && height_pt >= 100 && width_pt <= 14400 && height_pt <= 14400)) {
        map_fail(m, COV_ERR_USAGE, "page size %gx%g pt is outside 100..14400 pt", width_pt,
                 height_pt);
        return;
    }
    m->page_w = width_pt;
    m->page_h = height_pt;
}

void cov_map_set_pixel_size(cov_map_t *m, int width_px, int height_px)
{
    if (!m || m->status) return;
    if (width_px < 134 || height_px < 134 || width_px > 20000 || height_px > 20000) {
        map_fail(m, COV_ERR_USAGE, "image size %dx%d px is outside 134..20000 px", width_px,
                 height_px);
        return;
    }
    m->dpi = 96;
    m->page_w = width_px * 72.0 / 96.0;
    m->page_h = height_px * 72.0 / 96.0;
}

void cov_map_set_dpi(cov_map_t *m, double dpi)
{
    if (!m || m->status) return;
    if (!(dpi >= 10 && dpi <= 2400)) {
        map_fail(m, COV_ERR_USAGE, "resolution %g dpi is outside 10..2400", dpi);
        return;
    }
    m->dpi = dpi;
}

/* Replace *dst by a copy of s; false (and the map in error) when out of memory. */
static bool set_text(cov_map_t *m, char **dst, const char *s)
{
    char *c = NULL;
    if (s && !(c = cov_strdup(s))) {
        map_fail(m, COV_ERR_NOMEM, "out of memory copying a map text");
        return false;
    }
    free(*dst);
    *dst = c;
    return true;
}

void cov_map_set_title(cov_map_t *m, const char *title, const char *subtitle)
{
    if (!m || m->status) return;
    if (set_text(m, &m->title, title)) set_text(m, &m->subtitle, subtitle);
}

void cov_map_set_date(cov_map_t *m, const char *iso8601)
{
    if (!m || m->status) return;
    set_text(m, &m->date, iso8601);
}

void cov_map_set_note(cov_map_t *m, const char *crs_name, const char *note)
{
    if (!m || m->status) return;
    if (set_text(m, &m->crs, crs_name)) set_text(m, &m->note, note);
}

void cov_map_set_font(cov_map_t *m, const char *family)
{
    if (!m || m->status) return;
    set_text(m, &m->font, family && *family ? family : DEFAULT_FONT);
}

static bool valid_extent(cov_map_t *m, const char *what, double x0, double y0, double x1, double y1)
{
    if (isfinite(x0) && isfinite(y0) && isfinite(x1) && isfinite(y1) && x1 > x0 && y1 > y0)
        return true;
    map_fail(m, COV_ERR_USAGE, "%s %g,%g,%g,%g is not a finite box with max > min", what, x0, y0,
             x1, y1);
    return false;
}

void cov_map_set_extent(cov_map_t *m, double minx, double miny, double maxx, double maxy)
{
    if (!m || m->status || !valid_extent(m, "map extent", minx, miny, maxx, maxy)) return;
    m->has_extent = true;
    m->ext[0] = minx, m->ext[1] = miny, m->ext[2] = maxx, m->ext[3] = maxy;
}

void cov_map_set_padding(cov_map_t *m, double fraction)
{
    if (!m || m->status) return;
    if (!(fraction >= 0 && fraction <= 1)) {
        map_fail(m, COV_ERR_USAGE, "padding %g is outside 0..1", fraction);
        return;
    }
    m->padding = fraction;
}

void cov_map_set_inset(cov_map_t *m, double minx, double miny, double maxx, double maxy)
{
    if (!m || m->status || !valid_extent(m, "inset extent", minx, miny, maxx, maxy)) return;
    m->has_inset = true;
    m->inset[0] = minx, m->inset[1] = miny, m->inset[2] = maxx, m->inset[3] = maxy;
}

void cov_map_set_parts(cov_map_t *m, unsigned parts)
{
    if (!m || m->status) return;
    m->parts = parts;
}

/* ---- layers ----------------------------------------------------------------------------- */

cov_layer_t *cov_map_add_layer(cov_map_t *m, cov_layer_kind_t kind, const char *legend_title)
{
    if (!m || m->status) return NULL;
    if ((unsigned)kind > COV_LAYER_CIRCLE) {
        map_fail(m, COV_ERR_USAGE, "unknown layer kind %d", (int)kind);
        return NULL;
    }
    cov_layer_t **ls = cov_realloc_array(m->layers, m->nlayers + 1, sizeof *ls);
    cov_layer_t *l = calloc(1, sizeof *l);
    if (ls) m->layers = ls;
    if (!ls || !l || (legend_title && !(l->legend_title = cov_strdup(legend_title)))) {
        layer_free(l);
        map_fail(m, COV_ERR_NOMEM, "out of memory adding a layer");
        return NULL;
    }
    l->map = m;
    l->index = m->nlayers;
    l->kind = kind;
    l->label_size = 9;
    l->label_color = cov_color_hex(0x222222, 1);
    /* A neutral default so an unstyled layer is still visible. */
    l->style.fill = cov_color_hex(kind == COV_LAYER_CIRCLE ? 0x6baed6 : 0xe0e0e0,
                                  kind == COV_LAYER_CIRCLE ? 0.25 : 1);
    l->style.stroke = cov_color_hex(0x555555, 1);
    l->style.stroke_width = kind == COV_LAYER_LINE ? 1.0 : 0.5;
    m->layers[m->nlayers++] = l;
    return l;
}

void cov_layer_set_style(cov_layer_t *l, const cov_style_t *style)
{
    if (!l || l->map->status) return;
    if (!style || !(style->stroke_width >= 0) || !(style->dash >= 0)) {
        map_fail(l->map, COV_ERR_USAGE, "layer %zu: style is missing or has a negative width",
                 l->index);
        return;
    }
    l->style = *style;
}

void cov_layer_set_choropleth(cov_layer_t *l, cov_classify_method_t method, int k,
                              cov_palette_t palette, const double *breaks, int nbreaks)
{
    if (!l || l->map->status) return;
    cov_map_t *m = l->map;
    if (l->kind != COV_LAYER_POLYGON) {
        map_fail(m, COV_ERR_USAGE, "layer %zu: only polygon layers can be classified", l->index);
        return;
    }
    if ((unsigned)palette >= COV_PALETTE_COUNT || (unsigned)method > COV_CLASSIFY_GIVEN) {
        map_fail(m, COV_ERR_USAGE, "layer %zu: unknown palette or classification", l->index);
        return;
    }
    if (method == COV_CLASSIFY_GIVEN) {
        if (!breaks || nbreaks < 3 || nbreaks > COV_PALETTE_MAX_CLASSES + 1) {
            map_fail(m, COV_ERR_USAGE, "layer %zu: given breaks need 3..%d values (2..%d classes)",
                     l->index, COV_PALETTE_MAX_CLASSES + 1, COV_PALETTE_MAX_CLASSES);
            return;
        }
        for (int i = 0; i < nbreaks; i++) {
            if (!isfinite(breaks[i]) || (i && breaks[i] <= breaks[i - 1])) {
                map_fail(m, COV_ERR_USAGE, "layer %zu: given breaks must be finite and rising",
                         l->index);
                return;
            }
            l->breaks[i] = breaks[i];
        }
        l->nbreaks = nbreaks;
        k = nbreaks - 1;
    } else if (k < 2 || k > COV_PALETTE_MAX_CLASSES) {
        map_fail(m, COV_ERR_USAGE, "layer %zu: %d classes requested, use 2..%d", l->index, k,
                 COV_PALETTE_MAX_CLASSES);
        return;
    }
    l->choropleth = true;
    l->method = method;
    l->k = k;
    l->palette = palette;
}

void cov_layer_set_legend_format(cov_layer_t *l, int decimals, const char *nodata_label)
{
    if (!l || l->map->status) return;
    if (decimals < 0 || decimals > 6) {
        map_fail(l->map, COV_ERR_USAGE, "layer %zu: %d decimals, use 0..6", l->index, decimals);
        return;
    }
    l->decimals = decimals;
    set_text(l->map, &l->nodata_label, nodata_label);
}

void cov_layer_set_label_style(cov_layer_t *l, double size_pt, cov_color_t color)
{
    if (!l || l->map->status) return;
    if (!(size_pt >= 3 && size_pt <= 72)) {
        map_fail(l->map, COV_ERR_USAGE, "layer %zu: label size %g pt is outside 3..72", l->index,
                 size_pt);
        return;
    }
    l->label_size = size_pt;
    l->label_color = color;
}

int cov_layer_add_category(cov_layer_t *l, const char *label, const cov_symbol_t *symbol)
{
    if (!l || l->map->status) return -1;
    cov_map_t *m = l->map;
    if (l->kind != COV_LAYER_POINT || !symbol || (unsigned)symbol->shape > COV_SHAPE_CROSS ||
        !(symbol->size > 0 && symbol->size <= 100) || !(symbol->outline_width >= 0)) {
        map_fail(m, COV_ERR_USAGE,
                 "layer %zu: categories need a point layer and a symbol of size 0..100 pt",
                 l->index);
        return -1;
    }
    size_t n = l->ncats + 1;
    cov_symbol_t *c = cov_realloc_array(l->cats, n, sizeof *c);
    if (c) l->cats = c;
    char **s = cov_realloc_array(l->cat_labels, n, sizeof *s);
    if (s) l->cat_labels = s;
    size_t *cnt = cov_realloc_array(l->cat_count, n, sizeof *cnt);
    if (cnt) l->cat_count = cnt;
    char *dup = label ? cov_strdup(label) : NULL;
    if (!c || !s || !cnt || (label && !dup)) {
        free(dup);
        map_fail(m, COV_ERR_NOMEM, "out of memory adding a category");
        return -1;
    }
    c[l->ncats] = *symbol;
    s[l->ncats] = dup;
    cnt[l->ncats] = 0;
    return (int)l->ncats++;
}

void cov_layer_set_size_by_value(cov_layer_t *l, double ref_value, double ref_size_pt)
{
    if (!l || l->map->status) return;
    if (l->kind != COV_LAYER_POINT || !(ref_value > 0) || !(ref_size_pt > 0)) {
        map_fail(l->map, COV_ERR_USAGE,
                 "layer %zu: size by value needs a point layer and positive references", l->index);
        return;
    }
    l->size_by_value = true;
    l->size_ref_value = ref_value;
    l->size_ref_pt = ref_size_pt;
}

/* Make room for one more feature in every per-feature array the layer kind uses. */
static bool grow_features(cov_layer_t *l)
{
    if (l->n < l->cap) return true;
    size_t cap = l->cap ? l->cap * 2 : 64;
#define GROW(field)                                                                                \
    do {                                                                                           \
        void *p_ = cov_realloc_array(l->field, cap, sizeof *l->field);                             \
        if (!p_) return false;                                                                     \
        l->field = p_;                                                                             \
    } while (0)
    GROW(x);
    GROW(y);
    GROW(x2);
    GROW(y2);
    GROW(value);
    GROW(cat);
    GROW(label);
    if (l->kind == COV_LAYER_POLYGON) {
        void *p = cov_realloc_array(l->bbox, cap, 4 * sizeof *l->bbox);
        if (!p) return false;
        l->bbox = p;
        p = cov_realloc_array(l->ring0, cap + 1, sizeof *l->ring0);
        if (!p) return false;
        l->ring0 = p;
    }
#undef GROW
    l->cap = cap;
    return true;
}

/* Append a feature's common fields; false when out of memory (map set in error). */
static bool push_feature(cov_layer_t *l, double x, double y, double x2, double y2, double value,
                         int cat, const char *label)
{
    char *dup = label && *label ? cov_strdup(label) : NULL;
    if ((label && *label && !dup) || !grow_features(l)) {
        free(dup);
        map_fail(l->map, COV_ERR_NOMEM, "out of memory adding a feature to layer %zu", l->index);
        return false;
    }
    size_t i = l->n++;
    l->x[i] = x, l->y[i] = y, l->x2[i] = x2, l->y2[i] = y2;
    l->value[i] = value;
    l->cat[i] = cat;
    l->label[i] = dup;
    return true;
}

static bool kind_is(cov_layer_t *l, cov_layer_kind_t kind, const char *what)
{
    if (l->kind == kind) return true;
    map_fail(l->map, COV_ERR_USAGE, "layer %zu: cannot add a %s to a layer of another kind",
             l->index, what);
    return false;
}

void cov_layer_add_point(cov_layer_t *l, double x, double y, int category, double value,
                         const char *label)
{
    if (!l || l->map->status || !kind_is(l, COV_LAYER_POINT, "point")) return;
    if (!isfinite(x) || !isfinite(y)) {
        map_fail(l->map, COV_ERR_INPUT, "layer %zu, feature %zu: point has a non-finite coordinate",
                 l->index, l->n);
        return;
    }
    if (category < 0 || (size_t)category >= l->ncats) {
        map_fail(l->map, COV_ERR_USAGE,
                 "layer %zu, feature %zu: category %d not defined (layer has %zu)", l->index, l->n,
                 category, l->ncats);
        return;
    }
    push_feature(l, x, y, 0, 0, value, category, label);
}

void cov_layer_add_line(cov_layer_t *l, double x1, double y1, double x2, double y2,
                        const char *label)
{
    if (!l || l->map->status || !kind_is(l, COV_LAYER_LINE, "line")) return;
    if (!isfinite(x1) || !isfinite(y1) || !isfinite(x2) || !isfinite(y2)) {
        map_fail(l->map, COV_ERR_INPUT, "layer %zu, feature %zu: line has a non-finite coordinate",
                 l->index, l->n);
        return;
    }
    push_feature(l, x1, y1, x2, y2, NAN, 0, label);
}

void cov_layer_add_circle(cov_layer_t *l, double x, double y, double radius)
{
    if (!l || l->map->status || !kind_is(l, COV_LAYER_CIRCLE, "circle")) return;
    if (!isfinite(x) || !isfinite(y) || !(radius > 0 && isfinite(radius))) {
        map_fail(l->map, COV_ERR_INPUT,
                 "layer %zu, feature %zu: circle needs finite centre and a positive radius",
                 l->index, l->n);
        return;
    }
    push_feature(l, x, y, radius, 0, NAN, 0, NULL);
}

/* Append one OGR ring to the layer's point arrays. */
static bool push_ring(cov_layer_t *l, OGRGeometryH ring)
{
    int np = OGR_G_GetPointCount(ring);
    if (np <= 0) return true; /* an empty ring draws nothing */
    size_t need = l->npts + (size_t)np;
    if (need > l->cappts) {
        size_t cap = l->cappts ? l->cappts : 1024;
        while (cap < need) cap *= 2;
        double *px = cov_realloc_array(l->px, cap, sizeof *px);
        if (px) l->px = px;
        double *py = cov_realloc_array(l->py, cap, sizeof *py);
        if (py) l->py = py;
        if (!px || !py) return false;
        l->cappts = cap;
    }
    if (l->nrings + 2 > l->caprings) {
        size_t cap = l->caprings ? l->caprings * 2 : 256;
        size_t *p = cov_realloc_array(l->pt0, cap, sizeof *p);
        if (!p) return false;
        l->pt0 = p;
        l->caprings = cap;
    }
    OGR_G_GetPoints(ring, l->px + l->npts, sizeof(double), l->py + l->npts, sizeof(double), NULL,
                    0);
    l->pt0[l->nrings] = l->npts;
    l->npts = need;
    l->pt0[++l->nrings] = l->npts;
    return true;
}

static bool push_polygon_rings(cov_layer_t *l, OGRGeometryH poly)
{
    int nr = OGR_G_GetGeometryCount(poly);
    for (int i = 0; i < nr; i++)
        if (!push_ring(l, OGR_G_GetGeometryRef(poly, i))) return false;
    return true;
}

void cov_layer_add_polygon(cov_layer_t *l, OGRGeometryH geom, double value, const char *label)
{
    if (!l || l->map->status || !kind_is(l, COV_LAYER_POLYGON, "polygon")) return;
    cov_map_t *m = l->map;
    OGRwkbGeometryType t = geom ? wkbFlatten(OGR_G_GetGeometryType(geom)) : wkbUnknown;
    if (t != wkbPolygon && t != wkbMultiPolygon) {
        map_fail(m, COV_ERR_GEOMETRY, "layer %zu, feature %zu: %s is not a Polygon/MultiPolygon",
                 l->index, l->n, geom ? OGR_G_GetGeometryName(geom) : "NULL geometry");
        return;
    }
    if (!isfinite(value) && !isnan(value)) {
        map_fail(m, COV_ERR_INPUT, "layer %zu, feature %zu: value is infinite", l->index, l->n);
        return;
    }
    size_t n0 = l->nrings;
    if (!push_feature(l, NAN, NAN, 0, 0, value, 0, label)) return;
    size_t f = l->n - 1;
    if (!l->pt0) { /* the ring offsets need their first entry before any ring is added */
        if (!(l->pt0 = cov_calloc_array(256, sizeof *l->pt0))) goto nomem;
        l->caprings = 256;
    }
    l->ring0[f] = n0;
    bool ok = true;
    if (t == wkbPolygon) {
        ok = push_polygon_rings(l, geom);
    } else {
        int np = OGR_G_GetGeometryCount(geom);
        for (int i = 0; ok && i < np; i++)
            ok = push_polygon_rings(l, OGR_G_GetGeometryRef(geom, i));
    }
    if (!ok) goto nomem;
    l->ring0[f + 1] = l->nrings;
    OGREnvelope env = {0};
    OGR_G_GetEnvelope(geom, &env);
    double *bb = l->bbox + 4 * f;
    bb[0] = env.MinX, bb[1] = env.MinY, bb[2] = env.MaxX, bb[3] = env.MaxY;
    /* The anchor is computed when a drawing first shows the polygon (labels_anchor); an
     * infinite y marks it as not computed yet. */
    l->x[f] = NAN, l->y[f] = INFINITY;
    return;
nomem:
    map_fail(m, COV_ERR_NOMEM, "out of memory adding polygon %zu to layer %zu", f, l->index);
}

size_t cov_layer_count(const cov_layer_t *l) { return l ? l->n : 0; }

/* ---- queries ---------------------------------------------------------------------------- */

cov_status_t cov_map_get_view(const cov_map_t *m, cov_map_view_t *out)
{
    if (!m || !out) return COV_ERR_USAGE;
    if (!m->has_view) return COV_ERR_EMPTY;
    *out = m->view;
    return COV_OK;
}

cov_status_t cov_map_get_scalebar(const cov_map_t *m, cov_scalebar_info_t *out)
{
    if (!m || !out) return COV_ERR_USAGE;
    if (!m->has_scalebar) return COV_ERR_EMPTY;
    *out = m->scalebar;
    return COV_OK;
}

size_t cov_map_label_count(const cov_map_t *m) { return m ? m->nlabels : 0; }

size_t cov_map_labels_dropped(const cov_map_t *m) { return m ? m->dropped : 0; }

cov_status_t cov_map_get_label(const cov_map_t *m, size_t i, cov_label_info_t *out)
{
    if (!m || !out) return COV_ERR_USAGE;
    if (i >= m->nlabels) return COV_ERR_NOT_FOUND;
    const placed_label_t *p = &m->labels[i];
    *out = (cov_label_info_t){p->text, p->layer, p->feature, p->ax, p->ay, p->x, p->y, p->w, p->h};
    return COV_OK;
}
