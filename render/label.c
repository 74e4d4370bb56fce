/* Labels: polygon anchors at the pole of inaccessibility, and placement without overlaps. */
#include "render/label.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "geo/alloc.h"
#include "render/map_private.h"

#define HALO_PT 1.2

/* ---- pole of inaccessibility (after Mapbox's polylabel, ISC licence; rewritten) --------- */

typedef struct rings {
    const double *x, *y;
    const size_t *pt0;
    size_t n;
    double *bb; /* per ring minx, miny, maxx, maxy (NULL: no pruning) */
} rings_t;

/* Even-odd inside test over all rings (holes and multipolygon parts alike). A ring whose box
 * does not hold the point crosses the ray an even number of times, so it is skipped. */
static bool rings_contain(const rings_t *r, double px, double py)
{
    bool in = false;
    for (size_t k = 0; k < r->n; k++) {
        const double *bb = r->bb ? r->bb + 4 * k : NULL;
        if (bb && (px < bb[0] || px > bb[2] || py < bb[1] || py > bb[3])) continue;
        size_t a = r->pt0[k], b = r->pt0[k + 1];
        for (size_t i = a, j = b - 1; i < b; j = i++) {
            if ((r->y[i] > py) != (r->y[j] > py) &&
                px < (r->x[j] - r->x[i]) * (py - r->y[i]) / (r->y[j] - r->y[i]) + r->x[i])
                in = !in;
        }
    }
    return in;
}

/* Distance from (px, py) to the nearest edge, negative outside. */
static double signed_dist(const rings_t *r, double px, double py)
{
    double best = INFINITY;
    for (size_t k = 0; k < r->n; k++) {
        if (r->bb) { /* no edge of a ring is nearer than its box */
            const double *bb = r->bb + 4 * k;
            double ex = fmax(fmax(bb[0] - px, px - bb[2]), 0),
                   ey = fmax(fmax(bb[1] - py, py - bb[3]), 0);
            if (ex * ex + ey * ey >= best) continue;
        }
        size_t a = r->pt0[k], b = r->pt0[k + 1];
        for (size_t i = a, j = b - 1; i < b; j = i++) {
            double x = r->x[j], y = r->y[j], dx = r->x[i] - x, dy = r->y[i] - y;
            double len2 = dx * dx + dy * dy;
            if (len2 > 0) {
                double t = ((px - x) * dx + (py - y) * dy) / len2;
                if (t > 1) {
                    x = r->x[i], y = r->y[i];
                } else if (t > 0) {
                    x += dx * t, y += dy * t;
                }
            }
            double d = (px - x) * (px - x) + (py - y) * (py - y);
            if (d < best) best = d;
        }
    }
    return (rings_contain(r, px, py) ? 1 : -1) * sqrt(best);
}

typedef struct cell {
    double x, y, h, d, max;
} cell_t;

static cell_t make_cell(const rings_t *r, double x, double y, double h)
{
    cell_t c = {x, y, h, signed_dist(r, x, y), 0};
    c.max = c.d + h * G_SQRT2;
    return c;
}

/* A max-heap of cells on their potential. */
typedef struct heap {
    cell_t *a;
    size_t n, cap;
} heap_t;

static bool heap_push(heap_t *hp, cell_t c)
{
    if (hp->n == hp->cap) {
        size_t cap = hp->cap ? hp->cap * 2 : 64;
        cell_t *a = cov_realloc_array(hp->a, cap, sizeof *a);
        if (!a) return false;
        hp->a = a, hp->cap = cap;
    }
    size_t i = hp->n++;
    while (i && hp->a[(i - 1) / 2].max < c.max) {
        hp->a[i] = hp->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    hp->a[i] = c;
    return true;
}

static cell_t heap_pop(heap_t *hp)
{
    cell_t top = hp->a[0], last = hp->a[--hp->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= hp->n) break;
        if (c + 1 < hp->n && hp->a[c + 1].max > hp->a[c].max) c++;
        if (hp->a[c].max <= last.max) break;
        hp->a[i] = hp->a[c];
        i = c;
    }
    if (hp->n) hp->a[i] = last;
    return top;
}

/* Area centroid of the first ring: a good first guess for convex-ish shapes. */
static void ring_centroid(const rings_t *r, double *cx, double *cy)
{
    size_t a = r->pt0[0], b = r->pt0[1];
    double sx = 0, sy = 0, area = 0;
    for (size_t i = a, j = b - 1; i < b; j = i++) {
        double f = r->x[i] * r->y[j] - r->x[j] * r->y[i];
        sx += (r->x[i] + r->x[j]) * f;
        sy += (r->y[i] + r->y[j]) * f;
        area += 3 * f;
    }
    *cx = area ? sx / area : r->x[a];
    *cy = area ? sy / area : r->y[a];
}

/* Best-first subdivision of the bounding box: a cell is split only while the best point it
 * could contain beats the best found by more than the precision. */
bool polygon_anchor(const double *px, const double *py, const size_t *pt0, size_t nrings,
                    double precision, double *ox, double *oy)
{
    rings_t r = {px, py, pt0, nrings, NULL};
    if (!nrings || pt0[nrings] == pt0[0]) return false;
    /* Ring boxes let distance and inside tests skip far parts of multipolygons (islands). */
    r.bb = nrings > 1 ? cov_calloc_array(4 * nrings, sizeof *r.bb) : NULL;
    for (size_t k = 0; r.bb && k < nrings; k++) {
        double *bb = r.bb + 4 * k;
        bb[0] = bb[1] = INFINITY, bb[2] = bb[3] = -INFINITY;
        for (size_t i = pt0[k]; i < pt0[k + 1]; i++) {
            bb[0] = fmin(bb[0], px[i]), bb[1] = fmin(bb[1], py[i]);
            bb[2] = fmax(bb[2], px[i]), bb[3] = fmax(bb[3], py[i]);
        }
    }
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = pt0[0]; i < pt0[nrings]; i++) {
        x0 = fmin(x0, px[i]), y0 = fmin(y0, py[i]);
        x1 = fmax(x1, px[i]), y1 = fmax(y1, py[i]);
    }
    double size = fmin(x1 - x0, y1 - y0);
    if (!(size > 0)) {
        free(r.bb);
        *ox = (x0 + x1) / 2, *oy = (y0 + y1) / 2;
        return true;
    }
    if (!(precision > 0)) precision = fmax(x1 - x0, y1 - y0) / 200;
    heap_t hp = {0};
    double h = size / 2;
    bool ok = true;
    for (double x = x0; ok && x < x1; x += size)
        for (double y = y0; ok && y < y1; y += size)
            ok = heap_push(&hp, make_cell(&r, x + h, y + h, h));
    double cx, cy;
    ring_centroid(&r, &cx, &cy);
    cell_t best = make_cell(&r, cx, cy, 0);
    cell_t mid = make_cell(&r, (x0 + x1) / 2, (y0 + y1) / 2, 0);
    if (mid.d > best.d) best = mid;
    /* The bound keeps slivers with huge bounding boxes from running away. */
    for (size_t iter = 0; ok && hp.n && iter < 100000; iter++) {
        cell_t c = heap_pop(&hp);
        if (c.d > best.d) best = c;
        if (c.max - best.d <= precision) continue;
        double q = c.h / 2;
        ok = heap_push(&hp, make_cell(&r, c.x - q, c.y - q, q)) &&
             heap_push(&hp, make_cell(&r, c.x + q, c.y - q, q)) &&
             heap_push(&hp, make_cell(&r, c.x - q, c.y + q, q)) &&
             heap_push(&hp, make_cell(&r, c.x + q, c.y + q, q));
    }
    free(hp.a);
    free(r.bb);
    *ox = best.x, *oy = best.y;
    return ok;
}

/* Collect a Polygon's or MultiPolygon's rings into flat arrays for polygon_anchor(). */
cov_status_t cov_polygon_label_point(OGRGeometryH geom, double precision, double *x, double *y)
{
    if (!geom || !x || !y) return COV_ERR_USAGE;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(geom));
    if (t != wkbPolygon && t != wkbMultiPolygon) return COV_ERR_GEOMETRY;
    int nparts = t == wkbPolygon ? 1 : OGR_G_GetGeometryCount(geom);
    size_t nr = 0, np = 0;
    for (int p = 0; p < nparts; p++) {
        OGRGeometryH poly = t == wkbPolygon ? geom : OGR_G_GetGeometryRef(geom, p);
        for (int i = 0; i < OGR_G_GetGeometryCount(poly); i++) {
            nr++;
            np += (size_t)OGR_G_GetPointCount(OGR_G_GetGeometryRef(poly, i));
        }
    }
    if (!np) return COV_ERR_GEOMETRY;
    double *px = cov_calloc_array(np, sizeof *px), *py = cov_calloc_array(np, sizeof *py);
    size_t *pt0 = cov_calloc_array(nr + 1, sizeof *pt0);
    cov_status_t st = COV_ERR_NOMEM;
    if (px && py && pt0) {
        size_t k = 0, at = 0;
        for (int p = 0; p < nparts; p++) {
            OGRGeometryH poly = t == wkbPolygon ? geom : OGR_G_GetGeometryRef(geom, p);
            for (int i = 0; i < OGR_G_GetGeometryCount(poly); i++) {
                OGRGeometryH ring = OGR_G_GetGeometryRef(poly, i);
                int n = OGR_G_GetPointCount(ring);
                OGR_G_GetPoints(ring, px + at, sizeof(double), py + at, sizeof(double), NULL, 0);
                pt0[k++] = at;
                at += (size_t)n;
            }
        }
        pt0[k] = at;
        st = polygon_anchor(px, py, pt0, nr, precision, x, y) ? COV_OK : COV_ERR_NOMEM;
    }
    free(px), free(py), free(pt0);
    return st;
}

/* ---- placement -------------------------------------------------------------------------- */

/* A uniform grid over the page of the indices of placed labels, so that a collision test
 * looks at neighbours only (labels are few per cell since they may not overlap). */
typedef struct grid {
    double cell;
    int gw, gh;
    size_t **items;
    size_t *n, *cap;
} grid_t;

static bool grid_init(grid_t *g, double w, double h, double cell)
{
    g->cell = cell;
    g->gw = (int)ceil(w / cell) + 1;
    g->gh = (int)ceil(h / cell) + 1;
    size_t nc = (size_t)g->gw * g->gh;
    g->items = cov_calloc_array(nc, sizeof *g->items);
    g->n = cov_calloc_array(nc, sizeof *g->n);
    g->cap = cov_calloc_array(nc, sizeof *g->cap);
    return g->items && g->n && g->cap;
}

static void grid_free(grid_t *g)
{
    if (g->items)
        for (size_t i = 0; i < (size_t)g->gw * g->gh; i++) free(g->items[i]);
    free(g->items), free(g->n), free(g->cap);
    *g = (grid_t){0}; /* safe to free again or re-initialise */
}

static void grid_range(const grid_t *g, box_t b, int r[4])
{
    r[0] = (int)floor(b.x / g->cell), r[1] = (int)floor(b.y / g->cell);
    r[2] = (int)floor((b.x + b.w) / g->cell), r[3] = (int)floor((b.y + b.h) / g->cell);
    r[0] = r[0] < 0 ? 0 : r[0], r[1] = r[1] < 0 ? 0 : r[1];
    r[2] = r[2] >= g->gw ? g->gw - 1 : r[2], r[3] = r[3] >= g->gh ? g->gh - 1 : r[3];
}

static bool boxes_overlap(box_t a, box_t b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool grid_collides(const grid_t *g, const placed_label_t *placed, box_t b)
{
    int r[4];
    grid_range(g, b, r);
    for (int gy = r[1]; gy <= r[3]; gy++)
        for (int gx = r[0]; gx <= r[2]; gx++) {
            size_t c = (size_t)gy * g->gw + gx;
            for (size_t i = 0; i < g->n[c]; i++) {
                const placed_label_t *p = &placed[g->items[c][i]];
                if (boxes_overlap(b, (box_t){p->x, p->y, p->w, p->h})) return true;
            }
        }
    return false;
}

static bool grid_add(grid_t *g, box_t b, size_t idx)
{
    int r[4];
    grid_range(g, b, r);
    for (int gy = r[1]; gy <= r[3]; gy++)
        for (int gx = r[0]; gx <= r[2]; gx++) {
            size_t c = (size_t)gy * g->gw + gx;
            if (g->n[c] == g->cap[c]) {
                size_t cap = g->cap[c] ? g->cap[c] * 2 : 4;
                size_t *p = cov_realloc_array(g->items[c], cap, sizeof *p);
                if (!p) return false;
                g->items[c] = p, g->cap[c] = cap;
            }
            g->items[c][g->n[c]++] = idx;
        }
    return true;
}

/* Candidate offsets of a label box of size w x h around its anchor, best first. Polygon and
 * line labels start centred; point labels start to the right of the symbol (the usual
 * cartographic preference order: right, left, above, below, then the diagonals). */
static int candidates(cov_layer_kind_t kind, double w, double h, double gap, double off[][2])
{
    if (kind == COV_LAYER_POINT) {
        /* Above/below clear the left/right boxes too, so a crowded point can take four. */
        double dx = gap + w / 2, dy = fmax(gap, h / 2) + h / 2;
        double c[8][2] = {{dx, 0},   {-dx, 0}, {0, -dy},   {0, dy},
                          {dx, -dy}, {dx, dy}, {-dx, -dy}, {-dx, dy}};
        for (int i = 0; i < 8; i++) off[i][0] = c[i][0], off[i][1] = c[i][1];
        return 8;
    }
    /* Polygon labels may slide around the anchor (the centre must stay inside the polygon). */
    double c[13][2] = {{0, 0},
                       {0, -h * 0.8},
                       {0, h * 0.8},
                       {-w * 0.4, 0},
                       {w * 0.4, 0},
                       {-w * 0.4, -h * 0.8},
                       {w * 0.4, -h * 0.8},
                       {-w * 0.4, h * 0.8},
                       {w * 0.4, h * 0.8},
                       {0, -h * 1.6},
                       {0, h * 1.6},
                       {-w * 0.8, 0},
                       {w * 0.8, 0}};
    for (int i = 0; i < 13; i++) off[i][0] = c[i][0], off[i][1] = c[i][1];
    return kind == COV_LAYER_LINE ? 3 : 13;
}

/* Try to place one label: 1 if placed, 0 if every candidate collides, -1 when out of memory.
 * Polygon labels must keep their centre inside their polygon, and every label must lie wholly
 * inside the map frame. */
static int place_one(cov_map_t *m, grid_t *g, const cov_layer_t *l, size_t f, double ax, double ay,
                     double gap, PangoLayout *layout, PangoLayout ***layouts)
{
    const cov_map_view_t *v = &m->view;
    double tw, th;
    text_size(layout, &tw, &th);
    double w = tw + 2 * HALO_PT, h = th + 2 * HALO_PT;
    double px = view_x(v, ax), py = view_y(v, ay);
    double off[13][2];
    int nc = candidates(l->kind, w, h, gap, off);
    rings_t r = {0};
    if (l->kind == COV_LAYER_POLYGON)
        r = (rings_t){l->px, l->py, l->pt0 + l->ring0[f], l->ring0[f + 1] - l->ring0[f], NULL};
    for (int i = 0; i < nc; i++) {
        double cx = px + off[i][0], cy = py + off[i][1];
        box_t b = {cx - w / 2, cy - h / 2, w, h};
        if (b.x < v->frame_x || b.y < v->frame_y || b.x + w > v->frame_x + v->frame_w ||
            b.y + h > v->frame_y + v->frame_h)
            continue;
        if (i && l->kind == COV_LAYER_POLYGON &&
            !rings_contain(&r, v->minx + (cx - v->frame_x) / v->pt_per_unit,
                           v->miny + (v->frame_y + v->frame_h - cy) / v->pt_per_unit))
            continue;
        if (grid_collides(g, m->labels, b)) continue;
        if (m->nlabels == m->caplabels) {
            size_t cap = m->caplabels ? m->caplabels * 2 : 64;
            placed_label_t *p = cov_realloc_array(m->labels, cap, sizeof *p);
            PangoLayout **pl = cov_realloc_array(*layouts, cap, sizeof *pl);
            if (p) m->labels = p;
            if (pl) *layouts = pl;
            if (!p || !pl) return -1;
            m->caplabels = cap;
        }
        if (!grid_add(g, b, m->nlabels)) return -1;
        m->labels[m->nlabels] =
            (placed_label_t){l->label[f], l->index, f, ax, ay, b.x, b.y, b.w, b.h};
        (*layouts)[m->nlabels++] = layout;
        return 1;
    }
    return 0;
}

/* Shoelace area of feature f's rings (holes count negatively when oriented oppositely; only
 * the ordering matters here). */
static double feature_area(const cov_layer_t *l, size_t f)
{
    double a = 0;
    for (size_t r = l->ring0[f]; r < l->ring0[f + 1]; r++) {
        double ra = 0;
        for (size_t i = l->pt0[r], j = l->pt0[r + 1] - 1; i < l->pt0[r + 1]; j = i++)
            ra += l->px[j] * l->py[i] - l->px[i] * l->py[j];
        a += fabs(ra) / 2;
    }
    return a;
}

static const double *order_key;
static int cmp_order(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (order_key[x] != order_key[y]) return order_key[x] < order_key[y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* The order labels of a layer are placed in: polygons smallest first (a small polygon has few
 * places for its label, a large one many), ties and other layers in feature order. */
static size_t *label_order(const cov_layer_t *l, const bool *boost)
{
    size_t *order = cov_calloc_array(l->n ? l->n : 1, sizeof *order);
    if (!order) return NULL;
    for (size_t f = 0; f < l->n; f++) order[f] = f;
    if (l->kind != COV_LAYER_POLYGON || l->n < 2) return order;
    double *area = cov_calloc_array(l->n, sizeof *area);
    if (!area) return order;
    /* Boosted features sort before all others (in feature order among themselves). */
    for (size_t f = 0; f < l->n; f++)
        area[f] = feature_area(l, f) - (boost && boost[f] ? 1e300 : 0);
    order_key = area; /* qsort has no user pointer; drawing is single-threaded */
    qsort(order, l->n, sizeof *order, cmp_order);
    order_key = NULL;
    free(area);
    return order;
}

/* Place every label in layer order, then draw the placed ones. A label whose candidate
 * boxes all collide with labels already placed (or leave the frame) is dropped and counted:
 * an overprinted label is worse than a missing one. */
/* One placement pass over every layer. boost (per layer, per feature; may be NULL) puts those
 * polygon features first in their layer; dropped polygon features are marked in mark when
 * given. Returns false when out of memory. */
static bool place_pass(cov_map_t *m, grid_t *g, PangoLayout ***layouts, bool **boost, bool **mark)
{
    for (size_t li = 0; li < m->nlayers && !m->status; li++) {
        const cov_layer_t *l = m->layers[li];
        if (l->kind == COV_LAYER_CIRCLE) continue;
        size_t *order = label_order(l, boost ? boost[li] : NULL);
        if (!order) return false;
        for (size_t k = 0; k < l->n; k++) {
            size_t f = order[k];
            if (!l->label[f]) continue;
            if (l->kind == COV_LAYER_POLYGON && isinf(l->y[f])) {
                /* Wholly outside the view: its label cannot lie inside the frame, and it is
                 * not counted as dropped. */
                continue;
            }
            double ax = l->x[f], ay = l->y[f], gap = 2;
            if (l->kind == COV_LAYER_LINE) {
                ax = (l->x[f] + l->x2[f]) / 2, ay = (l->y[f] + l->y2[f]) / 2;
            } else if (l->kind == COV_LAYER_POINT) {
                gap = layer_point_size(l, f) / 2 + 1.5;
            }
            if (!isfinite(ax) || !isfinite(ay)) continue;
            PangoLayout *layout = text_layout(m, l->label[f], l->label_size, false);
            int placed = place_one(m, g, l, f, ax, ay, gap, layout, layouts);
            if (placed == 1) continue;
            g_object_unref(layout);
            if (placed == 0 && l->kind == COV_LAYER_POLYGON) {
                /* A crowded area keeps its name in a smaller type rather than losing it. */
                layout = text_layout(m, l->label[f], l->label_size * 0.8, false);
                placed = place_one(m, g, l, f, ax, ay, gap, layout, layouts);
                if (placed == 1) continue;
                g_object_unref(layout);
            }
            if (placed < 0) {
                free(order);
                return false;
            }
            m->dropped++;
            if (mark && mark[li] && l->kind == COV_LAYER_POLYGON) mark[li][f] = true;
        }
        free(order);
    }
    return true;
}

static void unplace_all(cov_map_t *m, PangoLayout **layouts)
{
    for (size_t i = 0; i < m->nlabels; i++) g_object_unref(layouts[i]);
    m->nlabels = 0;
    m->dropped = 0;
}

/* Anchors of the labelled polygons whose box meets the view, computed once per polygon and
 * kept: a polygon wholly outside the view cannot have its label (centred inside it) in the
 * frame, so a zoomed-in map need not search the anchors of the whole study area. */
static void labels_anchor(cov_map_t *m)
{
    const cov_map_view_t *v = &m->view;
    for (size_t li = 0; li < m->nlayers; li++) {
        cov_layer_t *l = m->layers[li];
        if (l->kind != COV_LAYER_POLYGON) continue;
        for (size_t f = 0; f < l->n; f++) {
            const double *bb = l->bbox + 4 * f;
            if (!l->label[f] || !isinf(l->y[f])) continue;
            if (bb[2] < v->minx || bb[0] > v->maxx || bb[3] < v->miny || bb[1] > v->maxy) continue;
            double prec = fmax(bb[2] - bb[0], bb[3] - bb[1]) / 200.0;
            size_t r0 = l->ring0[f];
            if (!polygon_anchor(l->px, l->py, l->pt0 + r0, l->ring0[f + 1] - r0, prec, &l->x[f],
                                &l->y[f]))
                l->x[f] = l->y[f] = NAN;
        }
    }
}

void labels_draw(cov_map_t *m, cairo_t *cr)
{
    const cov_map_view_t *v = &m->view;
    labels_anchor(m);
    m->nlabels = 0;
    m->dropped = 0;
    grid_t g = {0};
    /* The layouts array always has the capacity of m->labels, which earlier drawings of the
     * same map may have grown already. */
    PangoLayout **layouts = cov_calloc_array(m->caplabels ? m->caplabels : 1, sizeof *layouts);
    bool **dropped = cov_calloc_array(m->nlayers ? m->nlayers : 1, sizeof *dropped);
    bool ok =
        layouts && dropped && grid_init(&g, v->frame_x + v->frame_w, v->frame_y + v->frame_h, 24);
    for (size_t li = 0; ok && li < m->nlayers; li++)
        if (m->layers[li]->kind == COV_LAYER_POLYGON && m->layers[li]->n)
            ok = (dropped[li] = cov_calloc_array(m->layers[li]->n, sizeof **dropped)) != NULL;
    if (ok) ok = place_pass(m, &g, &layouts, NULL, dropped);
    /* Area names that found no room go first in a second pass: their neighbours have more
     * freedom to move. The pass with fewer dropped labels is kept (the first on a tie). */
    bool retry = false;
    for (size_t li = 0; ok && li < m->nlayers && !retry; li++)
        for (size_t f = 0; dropped[li] && f < m->layers[li]->n && !retry; f++)
            retry = dropped[li][f];
    if (ok && retry) {
        size_t first = m->dropped;
        unplace_all(m, layouts);
        grid_free(&g);
        ok = grid_init(&g, v->frame_x + v->frame_w, v->frame_y + v->frame_h, 24) &&
             place_pass(m, &g, &layouts, dropped, NULL);
        if (ok && m->dropped >= first) {
            unplace_all(m, layouts);
            grid_free(&g);
            ok = grid_init(&g, v->frame_x + v->frame_w, v->frame_y + v->frame_h, 24) &&
                 place_pass(m, &g, &layouts, NULL, NULL);
        }
    }
    if (!ok) map_fail(m, COV_ERR_NOMEM, "out of memory placing labels");
    for (size_t i = 0; layouts && i < m->nlabels; i++) {
        const placed_label_t *p = &m->labels[i];
        const cov_layer_t *l = m->layers[p->layer];
        if (ok) text_draw(cr, layouts[i], p->x + HALO_PT, p->y + HALO_PT, l->label_color, HALO_PT);
        g_object_unref(layouts[i]);
    }
    for (size_t li = 0; dropped && li < m->nlayers; li++) free(dropped[li]);
    free(dropped);
    free(layouts);
    grid_free(&g);
}
