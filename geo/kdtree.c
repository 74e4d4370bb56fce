/* Static 2-D KD-tree: median-split build over a contiguous point array, exact tie-broken search. */
#include "geo/kdtree.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

/* Points per leaf: small enough to prune well, large enough to keep the tree shallow. */
#define LEAF_SIZE 8
/* Depth of a median-split tree is at most 64 for any size_t n; one frame per level. */
#define STACK_SIZE 130

typedef struct kd_pt {
    double x, y;
    size_t id;
} kd_pt;

/* A node covers points [begin, end) with their tight bounding box. Its left child is the next
 * node in the array; right is the index of the right child, 0 for a leaf. minid is the
 * smallest point index below the node, which lets searches skip nodes that can only tie. */
typedef struct kd_node {
    double minx, miny, maxx, maxy;
    size_t begin, end, right, minid;
} kd_node;

struct cov_kdtree {
    size_t n;
    kd_pt *pts;
    kd_node *nodes;
    size_t nnodes;
};

typedef struct kd_frame {
    size_t node;
    double d2;
} kd_frame;

/* ---- build ---------------------------------------------------------------------------- */

static inline double axis_key(const kd_pt *p, int axis) { return axis ? p->y : p->x; }

static inline void swap_pt(kd_pt *a, kd_pt *b)
{
    kd_pt t = *a;
    *a = *b;
    *b = t;
}

static int cmp_x(const void *a, const void *b)
{
    double u = ((const kd_pt *)a)->x, v = ((const kd_pt *)b)->x;
    return (u > v) - (u < v);
}

static int cmp_y(const void *a, const void *b)
{
    double u = ((const kd_pt *)a)->y, v = ((const kd_pt *)b)->y;
    return (u > v) - (u < v);
}

static int cmp_id(const void *a, const void *b)
{
    size_t u = ((const kd_pt *)a)->id, v = ((const kd_pt *)b)->id;
    return (u > v) - (u < v);
}

static void insertion_sort(kd_pt *a, size_t n, int axis)
{
    for (size_t i = 1; i < n; i++) {
        kd_pt v = a[i];
        double k = axis_key(&v, axis);
        size_t j = i;
        while (j > 0 && axis_key(&a[j - 1], axis) > k) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static inline double median3(double a, double b, double c)
{
    if (a > b) {
        double t = a;
        a = b;
        b = t;
    }
    if (b > c) b = c;
    return a > b ? a : b;
}

/* Rearrange a[0..n) so a[nth] holds the value a sort on the axis would put there, smaller or
 * equal keys before it and greater or equal after (nth_element). Quickselect with a
 * median-of-three pivot and Hoare partitioning, which splits runs of equal keys evenly; if
 * it makes poor progress it falls back to qsort, so the worst case stays O(n log n). */
static void select_nth(kd_pt *a, size_t n, size_t nth, int axis)
{
    size_t lo = 0, hi = n; /* the answer lies in [lo, hi) */
    unsigned budget = 16;
    for (size_t m = n; m > 1; m >>= 1) budget += 3;
    while (hi - lo > 16) {
        if (budget-- == 0) {
            qsort(a + lo, hi - lo, sizeof *a, axis ? cmp_y : cmp_x);
            return;
        }
        double p = median3(axis_key(&a[lo], axis), axis_key(&a[lo + (hi - lo) / 2], axis),
                           axis_key(&a[hi - 1], axis));
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (axis_key(&a[i], axis) < p) i++;
            while (axis_key(&a[j], axis) > p) j--;
            if (i >= j) break;
            swap_pt(&a[i], &a[j]);
            i++;
            j--;
        }
        /* now a[lo..j] <= p <= a[j+1..hi) */
        if (nth <= j) {
            hi = j + 1;
        } else {
            lo = j + 1;
        }
    }
    insertion_sort(a + lo, hi - lo, axis);
}

static size_t count_nodes(size_t n)
{
    if (n <= LEAF_SIZE) return 1;
    return 1 + count_nodes(n / 2) + count_nodes(n - n / 2);
}

/* Build the subtree over pts[begin, end) at the next free node and return its index. Leaves
 * (and boxes of coincident points, which no split can separate) keep their points sorted by
 * index, so the first point of a tie within a leaf is the one brute force would pick. */
static size_t build_node(struct cov_kdtree *t, size_t begin, size_t end)
{
    size_t me = t->nnodes++;
    kd_pt *p = t->pts;
    kd_node nd = {p[begin].x, p[begin].y, p[begin].x, p[begin].y, begin, end, 0, p[begin].id};
    for (size_t i = begin + 1; i < end; i++) {
        if (p[i].x < nd.minx) nd.minx = p[i].x;
        if (p[i].x > nd.maxx) nd.maxx = p[i].x;
        if (p[i].y < nd.miny) nd.miny = p[i].y;
        if (p[i].y > nd.maxy) nd.maxy = p[i].y;
        if (p[i].id < nd.minid) nd.minid = p[i].id;
    }
    size_t cnt = end - begin;
    bool flat = nd.minx == nd.maxx && nd.miny == nd.maxy;
    if (cnt <= LEAF_SIZE || flat) {
        if (cnt > 32) {
            qsort(p + begin, cnt, sizeof *p, cmp_id);
        } else {
            for (size_t i = begin + 1; i < end; i++) {
                kd_pt v = p[i];
                size_t j = i;
                for (; j > begin && p[j - 1].id > v.id; j--) p[j] = p[j - 1];
                p[j] = v;
            }
        }
        t->nodes[me] = nd;
        return me;
    }
    int axis = (nd.maxx - nd.minx) >= (nd.maxy - nd.miny) ? 0 : 1;
    size_t mid = begin + cnt / 2;
    select_nth(p + begin, cnt, mid - begin, axis);
    build_node(t, begin, mid);
    nd.right = build_node(t, mid, end);
    t->nodes[me] = nd;
    return me;
}

cov_status_t cov_kdtree_build(const double *x, const double *y, size_t n, cov_kdtree_t **out)
{
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) return COV_ERR_INPUT;
    }
    struct cov_kdtree *t = cov_calloc_array(1, sizeof *t);
    if (!t) return COV_ERR_NOMEM;
    t->n = n;
    if (n > 0) {
        t->pts = cov_calloc_array(n, sizeof *t->pts);
        t->nodes = cov_calloc_array(count_nodes(n), sizeof *t->nodes);
        if (!t->pts || !t->nodes) {
            cov_kdtree_destroy(t);
            return COV_ERR_NOMEM;
        }
        for (size_t i = 0; i < n; i++) t->pts[i] = (kd_pt){x[i], y[i], i};
        build_node(t, 0, n);
    }
    *out = t;
    return COV_OK;
}

void cov_kdtree_destroy(cov_kdtree_t *t)
{
    if (!t) return;
    free(t->pts);
    free(t->nodes);
    free(t);
}

size_t cov_kdtree_size(const cov_kdtree_t *t) { return t ? t->n : 0; }

/* ---- distances and bounds ------------------------------------------------------------- */

/* Every distance goes through this one expression, so equal inputs give equal results. */
static inline double pt_d2(const kd_pt *p, double qx, double qy)
{
    double dx = p->x - qx, dy = p->y - qy;
    return dx * dx + dy * dy;
}

/* Lower bound of pt_d2 over the box. Rounding is monotone, so it never exceeds the computed
 * squared distance of any point inside: pruning on it is exact, not approximate. */
static inline double box_min_d2(const kd_node *nd, double qx, double qy)
{
    double dx = 0.0, dy = 0.0;
    if (qx < nd->minx) {
        dx = nd->minx - qx;
    } else if (qx > nd->maxx) {
        dx = qx - nd->maxx;
    }
    if (qy < nd->miny) {
        dy = nd->miny - qy;
    } else if (qy > nd->maxy) {
        dy = qy - nd->maxy;
    }
    return dx * dx + dy * dy;
}

/* Upper bound of pt_d2 over the box (distance to the farthest corner). */
static inline double box_max_d2(const kd_node *nd, double qx, double qy)
{
    double dx = fmax(fabs(qx - nd->minx), fabs(nd->maxx - qx));
    double dy = fmax(fabs(qy - nd->miny), fabs(nd->maxy - qy));
    return dx * dx + dy * dy;
}

/* (d2, id) strictly before (bd2, bid) in the result order. */
static inline bool before(double d2, size_t id, double bd2, size_t bid)
{
    return d2 < bd2 || (d2 == bd2 && id < bid);
}

static inline bool is_leaf(const kd_node *nd) { return nd->right == 0; }

static inline bool is_flat(const kd_node *nd)
{
    return nd->minx == nd->maxx && nd->miny == nd->maxy;
}

/* The largest squared distance whose square root is <= r, so "d2 <= limit" is exactly
 * "sqrt(d2) <= r" for the reported distance, without a sqrt per point. False when no
 * distance can qualify (r is NaN or negative). */
static bool radius_limit(double r, double *limit)
{
    if (isnan(r) || r < 0) return false;
    if (isinf(r)) {
        *limit = INFINITY;
        return true;
    }
    double t = r * r;
    while (t > 0 && sqrt(t) > r) t = nextafter(t, 0.0);
    for (;;) {
        double u = nextafter(t, INFINITY);
        if (isinf(u) || sqrt(u) > r) break;
        t = u;
    }
    *limit = t;
    return true;
}

static inline bool query_ok(double qx, double qy) { return isfinite(qx) && isfinite(qy); }

/* ---- nearest -------------------------------------------------------------------------- */

/* Best-first descent that refines *bd2 and *bpos, the current best squared distance and its
 * position in t->pts. The caller seeds them with any point (or INFINITY and SIZE_MAX for
 * none). Nodes are skipped only when no point in them can come before the current best,
 * ties included. */
static void nn_search(const cov_kdtree_t *t, double qx, double qy, double *bd2, size_t *bpos)
{
    const kd_node *nodes = t->nodes;
    const kd_pt *pts = t->pts;
    double best = *bd2;
    size_t bp = *bpos;
    size_t bi = bp == SIZE_MAX ? SIZE_MAX : pts[bp].id;
    kd_frame st[STACK_SIZE];
    size_t sp = 0;
    st[sp++] = (kd_frame){0, box_min_d2(&nodes[0], qx, qy)};
    while (sp) {
        kd_frame f = st[--sp];
        if (!before(f.d2, nodes[f.node].minid, best, bi)) continue;
        size_t ni = f.node;
        for (;;) {
            const kd_node *nd = &nodes[ni];
            if (is_leaf(nd)) {
                if (is_flat(nd)) {
                    /* coincident points sorted by index: only the first can win */
                    double d2 = pt_d2(&pts[nd->begin], qx, qy);
                    if (before(d2, pts[nd->begin].id, best, bi)) {
                        best = d2;
                        bp = nd->begin;
                        bi = pts[bp].id;
                    }
                    break;
                }
                for (size_t i = nd->begin; i < nd->end; i++) {
                    double d2 = pt_d2(&pts[i], qx, qy);
                    if (before(d2, pts[i].id, best, bi)) {
                        best = d2;
                        bp = i;
                        bi = pts[i].id;
                    }
                }
                break;
            }
            size_t l = ni + 1, r = nd->right;
            double dl = box_min_d2(&nodes[l], qx, qy), dr = box_min_d2(&nodes[r], qx, qy);
            if (dr < dl) {
                size_t ts = l;
                l = r;
                r = ts;
                double td = dl;
                dl = dr;
                dr = td;
            }
            bool go_l = before(dl, nodes[l].minid, best, bi);
            bool go_r = before(dr, nodes[r].minid, best, bi);
            if (go_l && go_r) {
                st[sp++] = (kd_frame){r, dr};
                ni = l;
            } else if (go_l) {
                ni = l;
            } else if (go_r) {
                ni = r;
            } else {
                break;
            }
        }
    }
    *bd2 = best;
    *bpos = bp;
}

bool cov_kdtree_nearest(const cov_kdtree_t *t, double qx, double qy, size_t *idx, double *dist)
{
    if (!t || t->n == 0 || !query_ok(qx, qy)) return false;
    double bd2 = INFINITY;
    size_t bp = SIZE_MAX;
    nn_search(t, qx, qy, &bd2, &bp);
    if (idx) *idx = t->pts[bp].id;
    if (dist) *dist = sqrt(bd2);
    return true;
}

/* ---- k nearest ------------------------------------------------------------------------ */

/* A max-heap on (d2, id) kept in the caller's output arrays. */
static void heap_sift_down(double *d2, size_t *id, size_t n, size_t i)
{
    double vd = d2[i];
    size_t vi = id[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(d2[c], id[c], d2[c + 1], id[c + 1])) c++;
        if (!before(vd, vi, d2[c], id[c])) break;
        d2[i] = d2[c];
        id[i] = id[c];
        i = c;
    }
    d2[i] = vd;
    id[i] = vi;
}

static void heap_push(double *d2, size_t *id, size_t n, double vd, size_t vi)
{
    size_t i = n;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(d2[p], id[p], vd, vi)) break;
        d2[i] = d2[p];
        id[i] = id[p];
        i = p;
    }
    d2[i] = vd;
    id[i] = vi;
}

size_t cov_kdtree_knn(const cov_kdtree_t *t, double qx, double qy, size_t k, size_t *idx,
                      double *dist)
{
    if (!t || t->n == 0 || k == 0 || !query_ok(qx, qy)) return 0;
    if (k > t->n) k = t->n;
    const kd_node *nodes = t->nodes;
    const kd_pt *pts = t->pts;
    size_t cnt = 0;
    double bd2 = INFINITY; /* the heap top once the heap is full, else accept anything */
    size_t bid = SIZE_MAX;
    kd_frame st[STACK_SIZE];
    size_t sp = 0;
    st[sp++] = (kd_frame){0, box_min_d2(&nodes[0], qx, qy)};
    while (sp) {
        kd_frame f = st[--sp];
        if (!before(f.d2, nodes[f.node].minid, bd2, bid)) continue;
        size_t ni = f.node;
        for (;;) {
            const kd_node *nd = &nodes[ni];
            if (is_leaf(nd)) {
                bool flat = is_flat(nd);
                for (size_t i = nd->begin; i < nd->end; i++) {
                    double d2 = pt_d2(&pts[i], qx, qy);
                    if (cnt < k) {
                        heap_push(dist, idx, cnt++, d2, pts[i].id);
                    } else if (before(d2, pts[i].id, dist[0], idx[0])) {
                        dist[0] = d2;
                        idx[0] = pts[i].id;
                        heap_sift_down(dist, idx, cnt, 0);
                    } else if (flat) {
                        break; /* the rest tie with larger indexes */
                    }
                    if (cnt == k) {
                        bd2 = dist[0];
                        bid = idx[0];
                    }
                }
                break;
            }
            size_t l = ni + 1, r = nd->right;
            double dl = box_min_d2(&nodes[l], qx, qy), dr = box_min_d2(&nodes[r], qx, qy);
            if (dr < dl) {
                size_t ts = l;
                l = r;
                r = ts;
                double td = dl;
                dl = dr;
                dr = td;
            }
            bool go_l = before(dl, nodes[l].minid, bd2, bid);
            bool go_r = before(dr, nodes[r].minid, bd2, bid);
            if (go_l && go_r) {
                st[sp++] = (kd_frame){r, dr};
                ni = l;
            } else if (go_l) {
                ni = l;
            } else if (go_r) {
                ni = r;
            } else {
                break;
            }
        }
    }
    /* heap sort in place: ascending (d2, id) */
    for (size_t end = cnt; end > 1; end--) {
        double td = dist[0];
        size_t ti = idx[0];
        dist[0] = dist[end - 1];
        idx[0] = idx[end - 1];
        dist[end - 1] = td;
        idx[end - 1] = ti;
        heap_sift_down(dist, idx, end - 1, 0);
    }
    for (size_t i = 0; i < cnt; i++) dist[i] = sqrt(dist[i]);
    return cnt;
}

/* ---- radius queries ------------------------------------------------------------------- */

size_t cov_kdtree_count_within(const cov_kdtree_t *t, double qx, double qy, double r)
{
    double lim;
    if (!t || t->n == 0 || !query_ok(qx, qy) || !radius_limit(r, &lim)) return 0;
    const kd_node *nodes = t->nodes;
    const kd_pt *pts = t->pts;
    size_t cnt = 0;
    size_t st[STACK_SIZE];
    size_t sp = 0;
    st[sp++] = 0;
    while (sp) {
        const kd_node *nd = &nodes[st[--sp]];
        if (box_min_d2(nd, qx, qy) > lim) continue;
        if (box_max_d2(nd, qx, qy) <= lim) {
            cnt += nd->end - nd->begin;
            continue;
        }
        if (is_leaf(nd)) {
            for (size_t i = nd->begin; i < nd->end; i++) cnt += pt_d2(&pts[i], qx, qy) <= lim;
            continue;
        }
        st[sp++] = nd->right;
        st[sp++] = (size_t)(nd - nodes) + 1;
    }
    return cnt;
}

void cov_kdtree_within(const cov_kdtree_t *t, double qx, double qy, double r,
                       cov_kdtree_visit_fn fn, void *user)
{
    double lim;
    if (!t || t->n == 0 || !fn || !query_ok(qx, qy) || !radius_limit(r, &lim)) return;
    const kd_node *nodes = t->nodes;
    const kd_pt *pts = t->pts;
    size_t st[STACK_SIZE];
    size_t sp = 0;
    st[sp++] = 0;
    while (sp) {
        const kd_node *nd = &nodes[st[--sp]];
        if (box_min_d2(nd, qx, qy) > lim) continue;
        if (is_leaf(nd)) {
            for (size_t i = nd->begin; i < nd->end; i++) {
                double d2 = pt_d2(&pts[i], qx, qy);
                if (d2 <= lim && !fn(user, pts[i].id, sqrt(d2))) return;
            }
            continue;
        }
        st[sp++] = nd->right;
        st[sp++] = (size_t)(nd - nodes) + 1;
    }
}

/* ---- batch nearest -------------------------------------------------------------------- */

/* Spread the low 12 bits of v to the even bit positions. */
static inline uint32_t spread12(uint32_t v)
{
    v &= 0xfff;
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    v = (v | (v << 1)) & 0x55555555;
    return v;
}

static inline uint32_t grid12(double v, double lo, double scale)
{
    double g = (v - lo) * scale;
    if (!(g >= 0)) return 0;
    if (g > 4095.0) return 4095;
    return (uint32_t)g;
}

/* Query indexes in Morton (Z-curve) order of their cell on a 4096 x 4096 grid over the
 * queries' box, as (code << 32 | index) sorted by a three-pass LSD radix sort on the 24-bit
 * code (stable, so ties keep input order). Neighbours in this order are mostly close in
 * space, so each answer is a tight bound for the next. Returns NULL (the caller keeps the
 * input order) when memory is short or m needs more than 32 bits. */
static uint64_t *morton_order(const double *qx, const double *qy, size_t m)
{
    if (m > UINT32_MAX) return NULL;
    uint64_t *a = cov_calloc_array(m, sizeof *a);
    uint64_t *b = cov_calloc_array(m, sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return NULL;
    }
    double minx = qx[0], maxx = qx[0], miny = qy[0], maxy = qy[0];
    for (size_t i = 1; i < m; i++) {
        if (qx[i] < minx) minx = qx[i];
        if (qx[i] > maxx) maxx = qx[i];
        if (qy[i] < miny) miny = qy[i];
        if (qy[i] > maxy) maxy = qy[i];
    }
    double sx = maxx - minx, sy = maxy - miny;
    sx = (isfinite(sx) && sx > 0) ? 4095.0 / sx : 0.0;
    sy = (isfinite(sy) && sy > 0) ? 4095.0 / sy : 0.0;
    for (size_t i = 0; i < m; i++) {
        uint32_t code =
            spread12(grid12(qx[i], minx, sx)) | (spread12(grid12(qy[i], miny, sy)) << 1);
        a[i] = ((uint64_t)code << 32) | (uint64_t)i;
    }
    for (int shift = 32; shift < 56; shift += 8) {
        size_t pos[256] = {0};
        for (size_t i = 0; i < m; i++) pos[(a[i] >> shift) & 0xff]++;
        size_t sum = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = pos[d];
            pos[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < m; i++) b[pos[(a[i] >> shift) & 0xff]++] = a[i];
        uint64_t *tmp = a;
        a = b;
        b = tmp;
    }
    free(b);
    return a;
}

/* Queries are handled in chunks: the chunk's coordinates are gathered first, in a loop of
 * independent loads the CPU can overlap, because gathering inside the search loop would
 * stall on a cache miss per query once the query arrays outgrow the cache. */
#define BATCH_CHUNK 512

cov_status_t cov_kdtree_nearest_batch(const cov_kdtree_t *t, const double *qx, const double *qy,
                                      size_t m, size_t *idx, double *dist)
{
    if (m == 0) return COV_OK;
    if (!t || t->n == 0) return COV_ERR_EMPTY;
    for (size_t i = 0; i < m; i++) {
        if (!query_ok(qx[i], qy[i])) return COV_ERR_INPUT;
    }
    uint64_t *order = m >= 64 ? morton_order(qx, qy, m) : NULL;
    size_t bp = SIZE_MAX; /* the previous answer seeds each search */
    double cx[BATCH_CHUNK], cy[BATCH_CHUNK];
    size_t ci[BATCH_CHUNK];
    for (size_t j0 = 0; j0 < m; j0 += BATCH_CHUNK) {
        size_t cn = m - j0 < BATCH_CHUNK ? m - j0 : BATCH_CHUNK;
        for (size_t c = 0; c < cn; c++) {
            size_t i = order ? (size_t)(order[j0 + c] & 0xffffffffu) : j0 + c;
            ci[c] = i;
            cx[c] = qx[i];
            cy[c] = qy[i];
        }
        for (size_t c = 0; c < cn; c++) {
            double bd2 = bp == SIZE_MAX ? INFINITY : pt_d2(&t->pts[bp], cx[c], cy[c]);
            nn_search(t, cx[c], cy[c], &bd2, &bp);
            idx[ci[c]] = t->pts[bp].id;
            dist[ci[c]] = sqrt(bd2);
        }
    }
    free(order);
    return COV_OK;
}
