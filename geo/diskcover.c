/* Polygon ∩ union of disks, by a sweep in y with closed-form integrals between events. */
#include "geo/diskcover.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

typedef struct disk {
    double x, y, r;
    int64_t ix, iy; /* grid cell */
} disk_t;

/* Disks sorted by grid cell, for "which disks lie near this point" in a 3 x 3 block. */
typedef struct grid {
    disk_t *d;
    size_t n;
    double x0, y0, cell; /* cell = rmax / 2: a point's disks lie within 2 cells of its own */
    int64_t cx0, ncols;  /* columns cx0 .. cx0 + ncols - 1 hold disks */
    size_t *col;         /* ncols + 1: the first disk of each column */
} grid_t;

#define REACH 2 /* cells to look each way for disks that may hold a point */

typedef struct dbl_vec {
    double *v;
    size_t n, cap;
    bool oom;
} dbl_vec_t;

static void push(dbl_vec_t *e, double y)
{
    double *v = cov_grow(e->v, &e->cap, e->n + 1, sizeof *v);
    if (!v) {
        e->oom = true;
        return;
    }
    e->v = v;
    e->v[e->n++] = y;
}

static int cmp_cell(const void *a, const void *b)
{
    const disk_t *p = a, *q = b;
    if (p->ix != q->ix) return p->ix < q->ix ? -1 : 1;
    if (p->iy != q->iy) return p->iy < q->iy ? -1 : 1;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    if (p->y != q->y) return p->y < q->y ? -1 : 1;
    return (p->r < q->r) - (p->r > q->r); /* larger first: a duplicate keeps the larger */
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int64_t cell_of(const grid_t *g, double v, double origin)
{
    return (int64_t)floor((v - origin) / g->cell);
}

/* The disks of cells (ix, iy0 .. iy1): contiguous in the (ix, iy) order. */
static void column_range(const grid_t *g, int64_t ix, int64_t iy0, int64_t iy1, size_t *lo,
                         size_t *hi)
{
    if (ix < g->cx0 || ix >= g->cx0 + g->ncols) {
        *lo = *hi = 0;
        return;
    }
    size_t a = g->col[ix - g->cx0], b = g->col[ix - g->cx0 + 1], end = b;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (g->d[m].iy < iy0)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    while (a < end && g->d[a].iy <= iy1) a++;
    *hi = a;
}

/* Is (x, y) strictly inside a disk other than skip1 and skip2 (by a relative margin)? */
static bool inside_other(const grid_t *g, double x, double y, size_t skip1, size_t skip2)
{
    int64_t cx = cell_of(g, x, g->x0), cy = cell_of(g, y, g->y0);
    for (int64_t d = 0; d <= REACH; d++) /* the point's own column first */
        for (int64_t i = cx - d; i <= cx + d; i += d ? 2 * d : 1) {
            size_t lo, hi;
            column_range(g, i, cy - REACH, cy + REACH, &lo, &hi);
            for (size_t k = lo; k < hi; k++) {
                if (k == skip1 || k == skip2) continue;
                const disk_t *q = &g->d[k];
                double dx = x - q->x, dy = y - q->y, r2 = q->r * q->r;
                if (dx * dx + dy * dy < r2 * (1 - 1e-9)) return true;
            }
        }
    return false;
}

/* Is (x, y) inside or on some disk? */
static bool inside_any(const grid_t *g, double x, double y)
{
    int64_t cx = cell_of(g, x, g->x0), cy = cell_of(g, y, g->y0);
    for (int64_t i = cx - REACH; i <= cx + REACH; i++) {
        size_t lo, hi;
        column_range(g, i, cy - REACH, cy + REACH, &lo, &hi);
        for (size_t k = lo; k < hi; k++) {
            const disk_t *d = &g->d[k];
            double dx = x - d->x, dy = y - d->y;
            if (dx * dx + dy * dy <= d->r * d->r * (1 + 1e-9)) return true;
        }
    }
    return false;
}

/* The column index of the sorted disks (again after disks were dropped). */
static bool build_cols(grid_t *g)
{
    free(g->col);
    g->cx0 = g->d[0].ix;
    g->ncols = g->d[g->n - 1].ix - g->cx0 + 1;
    g->col = cov_calloc_array((size_t)g->ncols + 1, sizeof *g->col);
    if (!g->col) return false;
    for (size_t k = 0, c = 0; c <= (size_t)g->ncols; c++) {
        while (k < g->n && g->d[k].ix < g->cx0 + (int64_t)c) k++;
        g->col[c] = k;
    }
    return true;
}

/* Drop disks that lie inside another (duplicates included): they change nothing. */
static size_t drop_contained(grid_t *g)
{
    bool *gone = cov_calloc_array(g->n + 1, sizeof *gone);
    if (!gone) return (size_t)-1;
    for (size_t a = 0; a < g->n; a++) {
        const disk_t *p = &g->d[a];
        for (int64_t i = p->ix - REACH; i <= p->ix + REACH; i++) {
            size_t lo, hi;
            column_range(g, i, p->iy - REACH, p->iy + REACH, &lo, &hi);
            for (size_t b = lo; b < hi; b++) {
                if (b == a || gone[b]) continue;
                const disk_t *q = &g->d[b];
                double ex = p->x - q->x, ey = p->y - q->y, d = sqrt(ex * ex + ey * ey);
                /* a inside b; identical disks: the later one goes */
                if (d + p->r < q->r || (d == 0 && p->r == q->r && a > b)) gone[a] = true;
            }
        }
    }
    size_t k = 0;
    for (size_t a = 0; a < g->n; a++)
        if (!gone[a]) g->d[k++] = g->d[a];
    free(gone);
    return k;
}

/* Events of circle–circle crossings on the union's boundary. */
static void pair_events(const grid_t *g, double ylo, double yhi, dbl_vec_t *ev)
{
    for (size_t a = 0; a < g->n; a++) {
        const disk_t *p = &g->d[a];
        for (int64_t i = p->ix - 2 * REACH; i <= p->ix + 2 * REACH; i++) {
            size_t lo, hi;
            column_range(g, i, p->iy - 2 * REACH, p->iy + 2 * REACH, &lo, &hi);
            for (size_t b = lo > a + 1 ? lo : a + 1; b < hi; b++) {
                const disk_t *q = &g->d[b];
                double dx = q->x - p->x, dy = q->y - p->y, d = sqrt(dx * dx + dy * dy);
                if (d >= p->r + q->r || d <= fabs(p->r - q->r) || d == 0) continue;
                double l = (p->r * p->r - q->r * q->r + d * d) / (2 * d);
                double h2 = p->r * p->r - l * l, h = h2 > 0 ? sqrt(h2) : 0;
                double mx = p->x + l * dx / d, my = p->y + l * dy / d;
                for (int s = -1; s <= 1; s += 2) {
                    double x = mx - s * h * dy / d, y = my + s * h * dx / d;
                    if (y < ylo || y > yhi || inside_other(g, x, y, a, b)) continue;
                    push(ev, y);
                }
            }
        }
    }
}

/* Events of circle–edge crossings on the union's boundary, and polygon vertices inside it. */
static void edge_events(const grid_t *g, const cov_edge_t *e, size_t ne, double ox, double oy,
                        int64_t gx0, int64_t gx1, int64_t gy0, int64_t gy1, dbl_vec_t *ev)
{
    for (size_t k = 0; k < ne; k++) {
        double x0 = e[k].x0 - ox, y0 = e[k].y0 - oy, x1 = e[k].x1 - ox, y1 = e[k].y1 - oy;
        if (inside_any(g, x0, y0)) push(ev, y0);
        int64_t ax = cell_of(g, fmin(x0, x1), g->x0) - REACH;
        int64_t bx = cell_of(g, fmax(x0, x1), g->x0) + REACH;
        int64_t ay = cell_of(g, fmin(y0, y1), g->y0) - REACH;
        int64_t by = cell_of(g, fmax(y0, y1), g->y0) + REACH;
        if (ax < gx0) ax = gx0;
        if (bx > gx1) bx = gx1;
        if (ay < gy0) ay = gy0;
        if (by > gy1) by = gy1;
        double ux = x1 - x0, uy = y1 - y0, uu = ux * ux + uy * uy;
        if (uu == 0) continue;
        for (int64_t i = ax; i <= bx; i++) {
            size_t lo, hi;
            column_range(g, i, ay, by, &lo, &hi);
            for (size_t m = lo; m < hi; m++) {
                const disk_t *d = &g->d[m];
                /* |p0 + t u - c|² = r²: uu t² + 2 b t + c0 = 0 */
                double fx = x0 - d->x, fy = y0 - d->y;
                double b = fx * ux + fy * uy, c0 = fx * fx + fy * fy - d->r * d->r;
                double disc = b * b - uu * c0;
                if (disc < 0) continue;
                double sq = sqrt(disc);
                for (int s = -1; s <= 1; s += 2) {
                    double t = (-b + s * sq) / uu;
                    if (t < 0 || t > 1) continue;
                    double x = x0 + t * ux, y = y0 + t * uy;
                    if (!inside_other(g, x, y, m, m)) push(ev, y);
                }
            }
        }
    }
}

/* ∫ sqrt(r² - t²) dt from 0 to t. */
static double arc_prim(double t, double r)
{
    if (t >= r) return 0.25 * M_PI * r * r;
    if (t <= -r) return -0.25 * M_PI * r * r;
    return 0.5 * (t * sqrt(r * r - t * t) + r * r * asin(t / r));
}

/* A bound of a covered interval: polygon edge k (side 0), or the left (-1) / right (+1) arc of
 * disk k. */
typedef struct bound {
    double x;
    size_t k;
    int side;
} bound_t;

static int cmp_bound(const void *a, const void *b)
{
    const bound_t *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return (p->k > q->k) - (p->k < q->k);
}

typedef struct chord {
    double l, r;
    size_t kl, kr;
} chord_t;

static int cmp_chord(const void *a, const void *b)
{
    const chord_t *p = a, *q = b;
    if (p->l != q->l) return p->l < q->l ? -1 : 1;
    if (p->r != q->r) return p->r > q->r ? -1 : 1;
    return (p->kl > q->kl) - (p->kl < q->kl);
}

static int cmp_disk_y(const void *a, const void *b)
{
    const disk_t *p = a, *q = b;
    if (p->y != q->y) return p->y < q->y ? -1 : 1;
    return (p->x > q->x) - (p->x < q->x);
}

/* ∫ over [y0, y1] of the x of a bound (edges in local coordinates). */
static double bound_integral(const bound_t *b, const cov_edge_t *le, const disk_t *dy, double y0,
                             double y1)
{
    double h = y1 - y0;
    if (b->side == 0) {
        const cov_edge_t *e = &le[b->k];
        double ym = 0.5 * (y0 + y1);
        return h * (e->x0 + (ym - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0));
    }
    const disk_t *d = &dy[b->k];
    double a = arc_prim(y1 - d->y, d->r) - arc_prim(y0 - d->y, d->r);
    return h * d->x + b->side * a;
}

typedef struct sweep {
    cov_edge_t *le; /* edges in local coordinates, horizontal ones left out */
    size_t ne;
    size_t *bucket_at; /* nb + 1 offsets into bucket_edges */
    size_t *bucket_edges;
    size_t nb;
    double ymin, bh;
    disk_t *dy; /* disks sorted by y */
    size_t nd;
    double rmax;
    bound_t *pb; /* polygon crossings on a line */
    chord_t *ch;
    size_t pcap, ccap;
} sweep_t;

static cov_status_t buckets(sweep_t *sw, double ymin, double ymax)
{
    sw->nb = sw->ne / 2 + 1;
    sw->ymin = ymin;
    sw->bh = (ymax - ymin) / (double)sw->nb;
    if (!(sw->bh > 0)) sw->bh = 1;
    sw->bucket_at = cov_calloc_array(sw->nb + 2, sizeof *sw->bucket_at);
    if (!sw->bucket_at) return COV_ERR_NOMEM;
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t *fill = NULL;
        if (pass == 1) {
            for (size_t b = 0; b < sw->nb; b++) sw->bucket_at[b + 1] += sw->bucket_at[b];
            total = sw->bucket_at[sw->nb];
            sw->bucket_edges = cov_calloc_array(total + 1, sizeof *sw->bucket_edges);
            fill = cov_calloc_array(sw->nb + 1, sizeof *fill);
            if (!sw->bucket_edges || !fill) {
                free(fill);
                return COV_ERR_NOMEM;
            }
            memcpy(fill, sw->bucket_at, sw->nb * sizeof *fill);
        }
        for (size_t k = 0; k < sw->ne; k++) {
            const cov_edge_t *e = &sw->le[k];
            double lo = fmin(e->y0, e->y1), hi = fmax(e->y0, e->y1);
            size_t b0 = lo <= ymin ? 0 : (size_t)((lo - ymin) / sw->bh);
            size_t b1 = hi <= ymin ? 0 : (size_t)((hi - ymin) / sw->bh);
            if (b0 >= sw->nb) b0 = sw->nb - 1;
            if (b1 >= sw->nb) b1 = sw->nb - 1;
            for (size_t b = b0; b <= b1; b++) {
                if (pass == 0)
                    sw->bucket_at[b + 1]++;
                else
                    sw->bucket_edges[fill[b]++] = k;
            }
        }
        free(fill);
    }
    return COV_OK;
}

/* Covered area of the slab [y0, y1]: the curves bounding each covered interval at its middle
 * bound it through the slab. */
static cov_status_t slab(sweep_t *sw, double y0, double y1, double *sum)
{
    double ym = 0.5 * (y0 + y1);
    size_t b = ym <= sw->ymin ? 0 : (size_t)((ym - sw->ymin) / sw->bh);
    if (b >= sw->nb) b = sw->nb - 1;
    size_t np = 0;
    for (size_t i = sw->bucket_at[b]; i < sw->bucket_at[b + 1]; i++) {
        size_t k = sw->bucket_edges[i];
        const cov_edge_t *e = &sw->le[k];
        if ((e->y0 <= ym) == (e->y1 <= ym)) continue;
        bound_t *p = cov_grow(sw->pb, &sw->pcap, np + 1, sizeof *p);
        if (!p) return COV_ERR_NOMEM;
        sw->pb = p;
        sw->pb[np].x = e->x0 + (ym - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0);
        sw->pb[np].k = k;
        sw->pb[np].side = 0;
        np++;
    }
    if (np < 2) return COV_OK;
    qsort(sw->pb, np, sizeof *sw->pb, cmp_bound);
    np &= ~(size_t)1;
    /* disks whose centre lies within rmax of the line, then those that reach it */
    size_t lo = 0, hi = sw->nd;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (sw->dy[m].y < ym - sw->rmax)
            lo = m + 1;
        else
            hi = m;
    }
    size_t nc = 0;
    for (size_t k = lo; k < sw->nd && sw->dy[k].y <= ym + sw->rmax; k++) {
        const disk_t *d = &sw->dy[k];
        double t = ym - d->y;
        if (fabs(t) >= d->r) continue;
        chord_t *c = cov_grow(sw->ch, &sw->ccap, nc + 1, sizeof *c);
        if (!c) return COV_ERR_NOMEM;
        sw->ch = c;
        double w = sqrt(d->r * d->r - t * t);
        sw->ch[nc].l = d->x - w;
        sw->ch[nc].r = d->x + w;
        sw->ch[nc].kl = sw->ch[nc].kr = k;
        nc++;
    }
    if (!nc) return COV_OK;
    qsort(sw->ch, nc, sizeof *sw->ch, cmp_chord);
    /* merge the chords into union intervals in place: kl owns the left end, kr the right */
    size_t nu = 0;
    for (size_t i = 0; i < nc; i++) {
        if (nu && sw->ch[i].l <= sw->ch[nu - 1].r) {
            if (sw->ch[i].r > sw->ch[nu - 1].r) {
                sw->ch[nu - 1].r = sw->ch[i].r;
                sw->ch[nu - 1].kr = sw->ch[i].kr;
            }
        } else {
            sw->ch[nu++] = sw->ch[i];
        }
    }
    /* intersect the polygon's intervals with the union's */
    size_t i = 0, j = 0;
    while (i < np && j < nu) {
        const bound_t *pa = &sw->pb[i], *pz = &sw->pb[i + 1];
        const chord_t *u = &sw->ch[j];
        double l = fmax(pa->x, u->l), r = fmin(pz->x, u->r);
        if (r > l) {
            bound_t bl = pa->x >= u->l ? *pa : (bound_t){u->l, u->kl, -1};
            bound_t br = pz->x <= u->r ? *pz : (bound_t){u->r, u->kr, +1};
            *sum += bound_integral(&br, sw->le, sw->dy, y0, y1) -
                    bound_integral(&bl, sw->le, sw->dy, y0, y1);
        }
        if (pz->x < u->r)
            i += 2;
        else
            j++;
    }
    return COV_OK;
}

cov_status_t cov_diskcover_area(const cov_edge_t *edges, size_t ne, const double *cx,
                                const double *cy, const double *r, size_t nd, double *covered)
{
    *covered = 0;
    if (!ne || !nd) return COV_OK;
    /* local coordinates around the polygon's bounding box centre */
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t k = 0; k < ne; k++) {
        xmin = fmin(xmin, fmin(edges[k].x0, edges[k].x1));
        xmax = fmax(xmax, fmax(edges[k].x0, edges[k].x1));
        ymin = fmin(ymin, fmin(edges[k].y0, edges[k].y1));
        ymax = fmax(ymax, fmax(edges[k].y0, edges[k].y1));
    }
    if (!(xmax >= xmin) || !(ymax >= ymin)) return COV_OK;
    double ox = 0.5 * (xmin + xmax), oy = 0.5 * (ymin + ymax);
    xmin -= ox, xmax -= ox, ymin -= oy, ymax -= oy;
    cov_status_t s = COV_ERR_NOMEM;
    sweep_t sw = {0};
    dbl_vec_t ev = {0};
    grid_t g = {0};
    g.d = cov_calloc_array(nd, sizeof *g.d);
    sw.le = cov_calloc_array(ne, sizeof *sw.le);
    if (!g.d || !sw.le) goto done;
    double rmax = 0;
    for (size_t k = 0; k < nd; k++) {
        double x = cx[k] - ox, y = cy[k] - oy, rk = r[k];
        if (!(rk > 0) || !isfinite(rk) || !isfinite(x) || !isfinite(y)) continue;
        /* only disks that reach the polygon's bounding box */
        double dx = fmax(0, fmax(xmin - x, x - xmax)), dy = fmax(0, fmax(ymin - y, y - ymax));
        if (dx * dx + dy * dy >= rk * rk) continue;
        g.d[g.n++] = (disk_t){x, y, rk, 0, 0};
        rmax = fmax(rmax, rk);
    }
    if (!g.n) {
        s = COV_OK;
        goto done;
    }
    g.cell = rmax / REACH;
    g.x0 = xmin - rmax;
    g.y0 = ymin - rmax;
    for (size_t k = 0; k < g.n; k++) {
        g.d[k].ix = cell_of(&g, g.d[k].x, g.x0);
        g.d[k].iy = cell_of(&g, g.d[k].y, g.y0);
    }
    qsort(g.d, g.n, sizeof *g.d, cmp_cell);
    if (!build_cols(&g)) goto done;
    size_t kept = drop_contained(&g);
    if (kept == (size_t)-1) goto done;
    g.n = kept;
    if (!build_cols(&g)) goto done;
    int64_t gx0 = g.d[0].ix, gx1 = g.d[0].ix, gy0 = g.d[0].iy, gy1 = g.d[0].iy;
    double uylo = INFINITY, uyhi = -INFINITY;
    for (size_t k = 0; k < g.n; k++) {
        gx0 = g.d[k].ix < gx0 ? g.d[k].ix : gx0;
        gx1 = g.d[k].ix > gx1 ? g.d[k].ix : gx1;
        gy0 = g.d[k].iy < gy0 ? g.d[k].iy : gy0;
        gy1 = g.d[k].iy > gy1 ? g.d[k].iy : gy1;
        uylo = fmin(uylo, g.d[k].y - g.d[k].r);
        uyhi = fmax(uyhi, g.d[k].y + g.d[k].r);
    }
    double ylo = fmax(ymin, uylo), yhi = fmin(ymax, uyhi);
    if (!(yhi > ylo)) {
        s = COV_OK;
        goto done;
    }
    /* events: the sweep's ends, circle tops and bottoms, crossings on the boundary */
    push(&ev, ylo);
    push(&ev, yhi);
    for (size_t k = 0; k < g.n; k++) { /* tops and bottoms on the union's boundary */
        double t = g.d[k].y - g.d[k].r, b = g.d[k].y + g.d[k].r;
        if (t > ylo && t < yhi && !inside_other(&g, g.d[k].x, t, k, k)) push(&ev, t);
        if (b > ylo && b < yhi && !inside_other(&g, g.d[k].x, b, k, k)) push(&ev, b);
    }
    pair_events(&g, ylo, yhi, &ev);
    edge_events(&g, edges, ne, ox, oy, gx0, gx1, gy0, gy1, &ev);
    if (ev.oom) goto done;
    qsort(ev.v, ev.n, sizeof *ev.v, cmp_double);
    /* the sweep: edges in local coordinates (horizontal ones cross no line), disks by y */
    for (size_t k = 0; k < ne; k++) {
        cov_edge_t e = {edges[k].x0 - ox, edges[k].y0 - oy, edges[k].x1 - ox, edges[k].y1 - oy};
        if (e.y0 != e.y1) sw.le[sw.ne++] = e;
    }
    if ((s = buckets(&sw, ymin, ymax))) goto done;
    s = COV_ERR_NOMEM;
    qsort(g.d, g.n, sizeof *g.d, cmp_disk_y);
    sw.dy = g.d;
    sw.nd = g.n;
    sw.rmax = rmax;
    double sum = 0;
    s = COV_OK;
    for (size_t k = 0; !s && k + 1 < ev.n; k++) {
        double y0 = ev.v[k], y1 = ev.v[k + 1];
        if (y1 <= y0 || y0 < ylo || y1 > yhi) continue;
        s = slab(&sw, y0, y1, &sum);
    }
    if (!s) *covered = sum;
done:
    free(g.d);
    free(g.col);
    free(sw.le);
    free(sw.bucket_at);
    free(sw.bucket_edges);
    free(sw.pb);
    free(sw.ch);
    free(ev.v);
    return s;
}

static cov_status_t ring_edges(OGRGeometryH ring, cov_edge_t **e, size_t *n, size_t *cap)
{
    int np = OGR_G_GetPointCount(ring);
    /* np points make at most np edges (the last closes an unclosed ring) */
    cov_edge_t *e2 = cov_grow(*e, cap, *n + (size_t)(np > 0 ? np : 0), sizeof *e2);
    if (!e2) return COV_ERR_NOMEM;
    *e = e2;
    for (int i = 0; i + 1 < np; i++) {
        cov_edge_t *d = &(*e)[(*n)++];
        d->x0 = OGR_G_GetX(ring, i), d->y0 = OGR_G_GetY(ring, i);
        d->x1 = OGR_G_GetX(ring, i + 1), d->y1 = OGR_G_GetY(ring, i + 1);
    }
    /* an unclosed ring is closed */
    if (np >= 3 && (OGR_G_GetX(ring, 0) != OGR_G_GetX(ring, np - 1) ||
                    OGR_G_GetY(ring, 0) != OGR_G_GetY(ring, np - 1))) {
        (*e)[(*n)++] = (cov_edge_t){OGR_G_GetX(ring, np - 1), OGR_G_GetY(ring, np - 1),
                                    OGR_G_GetX(ring, 0), OGR_G_GetY(ring, 0)};
    }
    return COV_OK;
}

static cov_status_t geom_edges(OGRGeometryH g, cov_edge_t **e, size_t *n, size_t *cap)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            cov_status_t s = ring_edges(OGR_G_GetGeometryRef(g, i), e, n, cap);
            if (s) return s;
        }
        return COV_OK;
    }
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            cov_status_t s = geom_edges(OGR_G_GetGeometryRef(g, i), e, n, cap);
            if (s) return s;
        }
        return COV_OK;
    }
    return COV_ERR_GEOMETRY;
}

cov_status_t cov_edges_of(OGRGeometryH g, cov_edge_t **edges, size_t *n)
{
    *edges = NULL;
    *n = 0;
    size_t cap = 0;
    OGRGeometryH lin = NULL;
    if (OGR_G_HasCurveGeometry(g, TRUE)) {
        lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        if (!lin) return COV_ERR_GEOMETRY;
        g = lin;
    }
    cov_status_t s = geom_edges(g, edges, n, &cap);
    if (lin) OGR_G_DestroyGeometry(lin);
    if (s) {
        free(*edges);
        *edges = NULL;
        *n = 0;
    }
    return s;
}
