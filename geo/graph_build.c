/* Building the road graph: grid-snapped vertex hashing, splitting lines at shared vertices. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/geodist.h"
#include "geo/graph_private.h"

typedef struct line {
    size_t first, n; /* vertices [first, first+n) of the builder's arrays */
    int cls, oneway;
} line_t;

struct cov_graph_builder {
    double grid;
    cov_ctx_t *ctx;     /* for the geodesic conversion's errors */
    cov_geodist_t *geo; /* lengths on the ellipsoid (owned until the graph takes it) */
    OGRSpatialReferenceH srs; /* borrowed: the CRS of the coordinates */
    double *lon, *lat;  /* one edge's vertices in degrees (geodesic lengths) */
    size_t capll;
    bool geo_failed;
    int64_t *kx, *ky; /* snapped integer coordinates of every vertex added */
    size_t nv, capv;
    line_t *lines;
    size_t nl, capl;
    size_t zero_segments, lines_dropped;
};

/* Open-addressing hash from a snapped point to its use count and node number. */
typedef struct slot {
    int64_t kx, ky;
    uint32_t count;
    int64_t node; /* -1 until the point becomes a node of an emitted edge */
    bool used;
} slot_t;

typedef struct hash {
    slot_t *s;
    size_t cap; /* a power of two */
} hash_t;

static size_t hash_key(int64_t x, int64_t y)
{
    uint64_t h = (uint64_t)x * 0x9E3779B97F4A7C15ULL ^
                 ((uint64_t)y + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 31;
    return (size_t)h;
}

static slot_t *hash_get(hash_t *h, int64_t x, int64_t y)
{
    size_t i = hash_key(x, y) & (h->cap - 1);
    while (h->s[i].used && (h->s[i].kx != x || h->s[i].ky != y)) i = (i + 1) & (h->cap - 1);
    if (!h->s[i].used) {
        h->s[i].used = true;
        h->s[i].kx = x;
        h->s[i].ky = y;
        h->s[i].node = -1;
    }
    return &h->s[i];
}

cov_status_t cov_graph_builder_create(cov_ctx_t *ctx, OGRSpatialReferenceH srs, double grid,
                                      cov_graph_builder_t **out)
{
    *out = NULL;
    if (srs && OSRIsGeographic(srs))
        return cov_fail(ctx, COV_ERR_CRS,
                        "a road graph needs a metric CRS, not geographic degrees (%s): lengths "
                        "and costs would be meaningless; transform the roads to the project CRS",
                        OSRGetName(srs) ? OSRGetName(srs) : "unnamed CRS");
    if (!(grid >= 0) || !isfinite(grid))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "the snapping grid must be a positive number of metres");
    cov_graph_builder_t *b = calloc(1, sizeof *b);
    if (!b) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    b->grid = grid > 0 ? grid : 0.01;
    b->srs = srs;
    *out = b;
    return COV_OK;
}

cov_status_t cov_graph_builder_set_geodesic(cov_ctx_t *ctx, cov_graph_builder_t *b)
{
    b->ctx = ctx;
    if (b->geo) return COV_OK;
    if (!b->srs) return cov_fail(ctx, COV_ERR_CRS, "geodesic road lengths need the roads' CRS");
    return cov_geodist_create(ctx, b->srs, &b->geo);
}

void cov_graph_builder_destroy(cov_graph_builder_t *b)
{
    if (!b) return;
    free(b->kx);
    free(b->ky);
    free(b->lines);
    free(b->lon);
    free(b->lat);
    cov_geodist_destroy(b->geo);
    free(b);
}

cov_status_t cov_graph_builder_add(cov_ctx_t *ctx, cov_graph_builder_t *b, const double *x,
                                   const double *y, size_t n, int cls, int oneway)
{
    if (b->nl == b->capl) {
        size_t cap = b->capl ? 2 * b->capl : 1024;
        line_t *l = cov_realloc_array(b->lines, cap, sizeof *l);
        if (!l) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
        b->lines = l;
        b->capl = cap;
    }
    if (b->nv + n > b->capv) {
        size_t cap = b->capv ? 2 * b->capv : 8192;
        while (cap < b->nv + n) cap *= 2;
        int64_t *kx = cov_realloc_array(b->kx, cap, sizeof *kx);
        if (!kx) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
        b->kx = kx;
        int64_t *ky = cov_realloc_array(b->ky, cap, sizeof *ky);
        if (!ky) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
        b->ky = ky;
        b->capv = cap;
    }
    line_t *l = &b->lines[b->nl];
    l->first = b->nv;
    l->cls = cls;
    l->oneway = oneway > 0 ? 1 : oneway < 0 ? -1 : 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]) || fabs(x[i] / b->grid) > 4e18 ||
            fabs(y[i] / b->grid) > 4e18)
            return cov_fail(ctx, COV_ERR_INPUT, "a road vertex has a NaN or infinite coordinate");
        int64_t kx = llround(x[i] / b->grid), ky = llround(y[i] / b->grid);
        if (m && b->kx[b->nv + m - 1] == kx && b->ky[b->nv + m - 1] == ky) {
            b->zero_segments++;
            continue;
        }
        b->kx[b->nv + m] = kx;
        b->ky[b->nv + m] = ky;
        m++;
    }
    if (m < 2) {
        b->lines_dropped++;
        b->nl++; /* counted as a line given, but it keeps no vertices */
        l->n = 0;
        return COV_OK;
    }
    l->n = m;
    b->nv += m;
    b->nl++;
    return COV_OK;
}

cov_status_t cov_graph_builder_add_geometry(cov_ctx_t *ctx, cov_graph_builder_t *b, OGRGeometryH g,
                                            int cls, int oneway)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiLineString || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            cov_status_t s =
                cov_graph_builder_add_geometry(ctx, b, OGR_G_GetGeometryRef(g, i), cls, oneway);
            if (s) return s;
        }
        return COV_OK;
    }
    if (t != wkbLineString)
        return cov_fail(ctx, COV_ERR_GEOMETRY, "a road must be a line, not a %s",
                        OGRGeometryTypeToName(t));
    int n = OGR_G_GetPointCount(g);
    double *xy = cov_calloc_array((size_t)(n > 0 ? n : 1) * 2, sizeof *xy);
    if (!xy) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    OGR_G_GetPoints(g, xy, sizeof(double), xy + n, sizeof(double), NULL, 0);
    cov_status_t s = cov_graph_builder_add(ctx, b, xy, xy + n, (size_t)n, cls, oneway);
    free(xy);
    return s;
}

/* Growable edge output. */
typedef struct emit {
    cov_graph_t *g;
    size_t cape, capv, capn;
} emit_t;

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 1024;
    while (c < need) c *= 2;
    void *q = cov_realloc_array(*p, c, size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

static int64_t node_of(emit_t *em, slot_t *s, double grid)
{
    if (s->node >= 0) return s->node;
    cov_graph_t *g = em->g;
    size_t c = em->capn;
    if (!grow((void **)&g->nx, &c, g->nn + 1, sizeof(double))) return -1;
    c = em->capn;
    if (!grow((void **)&g->ny, &c, g->nn + 1, sizeof(double))) return -1;
    em->capn = c;
    g->nx[g->nn] = (double)s->kx * grid;
    g->ny[g->nn] = (double)s->ky * grid;
    s->node = (int64_t)g->nn++;
    return s->node;
}

/* Emit vertices [a, b] (inclusive) of the builder as one edge between nodes. */
static bool emit_edge(emit_t *em, cov_graph_builder_t *b, hash_t *h, size_t a, size_t z,
                      const line_t *l)
{
    cov_graph_t *g = em->g;
    int64_t from = node_of(em, hash_get(h, b->kx[a], b->ky[a]), b->grid);
    int64_t to = node_of(em, hash_get(h, b->kx[z], b->ky[z]), b->grid);
    if (from < 0 || to < 0) return false;
    size_t nv = z - a + 1, ce = em->cape, cv = em->capv;
    if (!grow((void **)&g->efrom, &ce, g->ne + 2, sizeof(uint32_t))) return false;
    ce = em->cape;
    if (!grow((void **)&g->eto, &ce, g->ne + 2, sizeof(uint32_t))) return false;
    ce = em->cape;
    if (!grow((void **)&g->elen, &ce, g->ne + 2, sizeof(double))) return false;
    ce = em->cape;
    if (!grow((void **)&g->ecls, &ce, g->ne + 2, sizeof(int))) return false;
    ce = em->cape;
    if (!grow((void **)&g->eoneway, &ce, g->ne + 2, 1)) return false;
    ce = em->cape;
    if (!grow((void **)&g->evfirst, &ce, g->ne + 2, sizeof(size_t))) return false;
    em->cape = ce;
    size_t base = g->ne ? g->evfirst[g->ne] : 0;
    if (!grow((void **)&g->vx, &cv, base + nv, sizeof(double))) return false;
    cv = em->capv;
    if (!grow((void **)&g->vy, &cv, base + nv, sizeof(double))) return false;
    cv = em->capv;
    if (!grow((void **)&g->vcum, &cv, base + nv, sizeof(double))) return false;
    em->capv = cv;
    double cum = 0;
    for (size_t i = 0; i < nv; i++) {
        g->vx[base + i] = (double)b->kx[a + i] * b->grid;
        g->vy[base + i] = (double)b->ky[a + i] * b->grid;
    }
    if (b->geo) { /* segment lengths on the ellipsoid, from the vertices' lon/lat */
        if (nv > b->capll) {
            double *lo = realloc(b->lon, nv * sizeof *lo);
            if (lo) b->lon = lo;
            double *la = realloc(b->lat, nv * sizeof *la);
            if (la) b->lat = la;
            if (!lo || !la) return false;
            b->capll = nv;
        }
        if (cov_geodist_lonlat(b->ctx, b->geo, nv, g->vx + base, g->vy + base, b->lon, b->lat)) {
            b->geo_failed = true;
            return false;
        }
    }
    for (size_t i = 0; i < nv; i++) {
        if (i)
            cum += b->geo ? cov_geodist_inverse(b->geo, b->lon[i - 1], b->lat[i - 1], b->lon[i],
                                                b->lat[i])
                          : hypot(g->vx[base + i] - g->vx[base + i - 1],
                                  g->vy[base + i] - g->vy[base + i - 1]);
        g->vcum[base + i] = cum;
    }
    g->evfirst[g->ne] = base;
    g->evfirst[g->ne + 1] = base + nv;
    g->efrom[g->ne] = (uint32_t)from;
    g->eto[g->ne] = (uint32_t)to;
    g->elen[g->ne] = cum;
    g->ecls[g->ne] = l->cls;
    g->eoneway[g->ne] = (signed char)l->oneway;
    g->ne++;
    return true;
}

static bool split_line(emit_t *em, cov_graph_builder_t *b, hash_t *h, const line_t *l)
{
    size_t start = l->first, end = l->first + l->n - 1;
    for (size_t i = start + 1; i <= end; i++) {
        slot_t *s = hash_get(h, b->kx[i], b->ky[i]);
        if (s->count < 2 && i != end) continue;
        if (b->kx[start] == b->kx[i] && b->ky[start] == b->ky[i]) {
            /* a closed piece: split at its middle vertex (it has >= 3 vertices) */
            size_t mid = start + (i - start) / 2;
            em->g->stats.loops_split++;
            hash_get(h, b->kx[mid], b->ky[mid])->count += 2;
            if (!emit_edge(em, b, h, start, mid, l) || !emit_edge(em, b, h, mid, i, l))
                return false;
        } else if (!emit_edge(em, b, h, start, i, l)) {
            return false;
        }
        start = i;
    }
    return true;
}

cov_status_t cov_graph_builder_finish(cov_ctx_t *ctx, cov_graph_builder_t *b, cov_graph_t **out)
{
    *out = NULL;
    hash_t h = {0};
    h.cap = 1024;
    while (h.cap < 2 * b->nv + 2) h.cap *= 2;
    h.s = cov_calloc_array(h.cap, sizeof *h.s);
    cov_graph_t *g = calloc(1, sizeof *g);
    cov_status_t st = COV_OK;
    if (!h.s || !g) {
        st = cov_fail(ctx, COV_ERR_NOMEM, "out of memory building the road graph");
        goto done;
    }
    /* use counts: interior vertices count once per use, line ends count twice */
    for (size_t li = 0; li < b->nl; li++) {
        const line_t *l = &b->lines[li];
        for (size_t i = 0; i < l->n; i++) {
            size_t v = l->first + i;
            hash_get(&h, b->kx[v], b->ky[v])->count += (i == 0 || i + 1 == l->n) ? 2 : 1;
        }
    }
    emit_t em = {.g = g};
    for (size_t li = 0; li < b->nl; li++) {
        if (b->lines[li].n && !split_line(&em, b, &h, &b->lines[li])) {
            st = b->geo_failed
                     ? COV_ERR_CRS /* the conversion said why */
                     : cov_fail(ctx, COV_ERR_NOMEM, "out of memory building the road graph");
            goto done;
        }
    }
    g->stats.lines_in = b->nl;
    g->stats.lines_dropped = b->lines_dropped;
    g->stats.zero_segments = b->zero_segments;
    if (g->ne == 0) {
        st = cov_fail(ctx, COV_ERR_EMPTY,
                      "no road segment of non-zero length: %zu line(s) given, %zu dropped", b->nl,
                      b->lines_dropped);
        goto done;
    }
    if (g->nn > UINT32_MAX || g->ne > UINT32_MAX) {
        st = cov_fail(ctx, COV_ERR_NOMEM, "the road graph is too large");
        goto done;
    }
    st = cov_graph_index(ctx, g);
done:
    free(h.s);
    g->geo = b->geo; /* the graph measures its snaps the way its edges were measured */
    g->ctx = b->ctx;
    b->geo = NULL;
    cov_graph_builder_destroy(b);
    if (st) {
        cov_graph_destroy(g);
        return st;
    }
    *out = g;
    return COV_OK;
}
