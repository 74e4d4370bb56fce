/* A static, packed (Sort-Tile-Recursive) R-tree over axis-aligned boxes. */
#include "geo/rtree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

#define NODE_CAP 16

/* Nodes are stored level by level; node i of a level covers children [first, first+count) of
 * the level below (or box indexes at the leaf level). */
typedef struct node {
    double minx, miny, maxx, maxy;
    size_t first, count;
} node_t;

struct cov_rtree {
    size_t n;
    size_t *order;   /* leaf entry -> box index */
    double *box;     /* 4 doubles per leaf entry, in leaf order */
    node_t **levels; /* levels[0] = nodes over leaf entries, last = root level (1 node) */
    size_t *level_size;
    size_t nlevels;
};

static const double *sort_key;
static int cmp_key(const void *a, const void *b)
{
    double ka = sort_key[*(const size_t *)a], kb = sort_key[*(const size_t *)b];
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* STR ordering: sort by x centre, cut into vertical slices, sort each slice by y centre.
 * qsort needs the key through a static; the build is single-threaded by contract. */
static void str_order(size_t *idx, size_t n, const double *cx, const double *cy)
{
    sort_key = cx;
    qsort(idx, n, sizeof *idx, cmp_key);
    size_t leaves = (n + NODE_CAP - 1) / NODE_CAP;
    size_t slices = (size_t)ceil(sqrt((double)leaves));
    size_t per = slices ? slices * NODE_CAP : n;
    sort_key = cy;
    for (size_t i = 0; i < n; i += per)
        qsort(idx + i, (n - i < per) ? n - i : per, sizeof *idx, cmp_key);
    sort_key = NULL;
}

cov_status_t cov_rtree_build(const double *minx, const double *miny, const double *maxx,
                             const double *maxy, size_t n, cov_rtree_t **out)
{
    *out = NULL;
    cov_rtree_t *t = calloc(1, sizeof *t);
    if (!t) return COV_ERR_NOMEM;
    t->n = n;
    t->order = cov_calloc_array(n, sizeof *t->order);
    t->box = cov_calloc_array(n, 4 * sizeof *t->box);
    double *cx = cov_calloc_array(n, sizeof *cx), *cy = cov_calloc_array(n, sizeof *cy);
    if (!t->order || !t->box || !cx || !cy) goto nomem;
    for (size_t i = 0; i < n; i++) {
        t->order[i] = i;
        cx[i] = 0.5 * (minx[i] + maxx[i]);
        cy[i] = 0.5 * (miny[i] + maxy[i]);
    }
    str_order(t->order, n, cx, cy);
    for (size_t i = 0; i < n; i++) {
        size_t j = t->order[i];
        t->box[4 * i] = minx[j];
        t->box[4 * i + 1] = miny[j];
        t->box[4 * i + 2] = maxx[j];
        t->box[4 * i + 3] = maxy[j];
    }
    free(cx);
    free(cy);
    cx = cy = NULL;
    /* Build levels bottom-up; children of consecutive nodes are consecutive. */
    size_t count = n;
    while (count > 0) {
        size_t m = (count + NODE_CAP - 1) / NODE_CAP;
        node_t *lvl = cov_calloc_array(m, sizeof *lvl);
        node_t **grown = cov_realloc_array(t->levels, t->nlevels + 1, sizeof *grown);
        size_t *gsize = cov_realloc_array(t->level_size, t->nlevels + 1, sizeof *gsize);
        if (grown) t->levels = grown;
        if (gsize) t->level_size = gsize;
        if (!lvl || !grown || !gsize) {
            free(lvl);
            goto nomem;
        }
        for (size_t i = 0; i < m; i++) {
            node_t *nd = &lvl[i];
            nd->first = i * NODE_CAP;
            nd->count = (count - nd->first < NODE_CAP) ? count - nd->first : NODE_CAP;
            nd->minx = nd->miny = HUGE_VAL;
            nd->maxx = nd->maxy = -HUGE_VAL;
            for (size_t c = nd->first; c < nd->first + nd->count; c++) {
                double b[4];
                if (t->nlevels == 0)
                    memcpy(b, &t->box[4 * c], sizeof b);
                else {
                    const node_t *ch = &t->levels[t->nlevels - 1][c];
                    b[0] = ch->minx, b[1] = ch->miny, b[2] = ch->maxx, b[3] = ch->maxy;
                }
                nd->minx = fmin(nd->minx, b[0]);
                nd->miny = fmin(nd->miny, b[1]);
                nd->maxx = fmax(nd->maxx, b[2]);
                nd->maxy = fmax(nd->maxy, b[3]);
            }
        }
        t->levels[t->nlevels] = lvl;
        t->level_size[t->nlevels] = m;
        t->nlevels++;
        if (m == 1) break;
        count = m;
    }
    *out = t;
    return COV_OK;
nomem:
    free(cx);
    free(cy);
    cov_rtree_destroy(t);
    return COV_ERR_NOMEM;
}

void cov_rtree_destroy(cov_rtree_t *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nlevels; i++) free(t->levels[i]);
    free(t->levels);
    free(t->level_size);
    free(t->order);
    free(t->box);
    free(t);
}

static bool overlaps(double aminx, double aminy, double amaxx, double amaxy, double bminx,
                     double bminy, double bmaxx, double bmaxy)
{
    return aminx <= bmaxx && bminx <= amaxx && aminy <= bmaxy && bminy <= amaxy;
}

static bool search_node(const cov_rtree_t *t, size_t level, size_t i, const double q[4],
                        cov_rtree_visit_fn fn, void *user)
{
    const node_t *nd = &t->levels[level][i];
    if (!overlaps(nd->minx, nd->miny, nd->maxx, nd->maxy, q[0], q[1], q[2], q[3])) return true;
    for (size_t c = nd->first; c < nd->first + nd->count; c++) {
        if (level == 0) {
            const double *b = &t->box[4 * c];
            if (overlaps(b[0], b[1], b[2], b[3], q[0], q[1], q[2], q[3]) && !fn(user, t->order[c]))
                return false;
        } else if (!search_node(t, level - 1, c, q, fn, user)) {
            return false;
        }
    }
    return true;
}

void cov_rtree_search(const cov_rtree_t *t, double minx, double miny, double maxx, double maxy,
                      cov_rtree_visit_fn fn, void *user)
{
    if (!t || t->n == 0) return;
    const double q[4] = {minx, miny, maxx, maxy};
    search_node(t, t->nlevels - 1, 0, q, fn, user);
}
