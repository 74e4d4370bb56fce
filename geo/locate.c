/* Point-in-polygon lookup over a set of polygons through an R-tree and prepared geometries. */
#include "geo/locate.h"

#include <stdlib.h>

#include "geo/alloc.h"
#include "geo/rtree.h"

struct cov_locator {
    size_t n;
    OGRGeometryH *polys;
    OGRPreparedGeometryH *prepared;
    cov_rtree_t *tree;
};

cov_status_t cov_locator_build(OGRGeometryH *polys, size_t n, cov_locator_t **out)
{
    *out = NULL;
    cov_locator_t *loc = calloc(1, sizeof *loc);
    double *b = cov_calloc_array(n, 4 * sizeof *b);
    if (!loc || !b) {
        free(loc);
        free(b);
        return COV_ERR_NOMEM;
    }
    loc->n = n;
    loc->polys = polys;
    loc->prepared = cov_calloc_array(n, sizeof *loc->prepared);
    if (!loc->prepared) {
        free(b);
        cov_locator_destroy(loc);
        return COV_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        OGREnvelope env;
        OGR_G_GetEnvelope(polys[i], &env);
        b[i] = env.MinX;
        b[n + i] = env.MinY;
        b[2 * n + i] = env.MaxX;
        b[3 * n + i] = env.MaxY;
        loc->prepared[i] = OGRCreatePreparedGeometry(polys[i]);
    }
    cov_status_t s = cov_rtree_build(b, b + n, b + 2 * n, b + 3 * n, n, &loc->tree);
    free(b);
    if (s) {
        cov_locator_destroy(loc);
        return s;
    }
    *out = loc;
    return COV_OK;
}

void cov_locator_destroy(cov_locator_t *loc)
{
    if (!loc) return;
    if (loc->prepared)
        for (size_t i = 0; i < loc->n; i++)
            if (loc->prepared[i]) OGRDestroyPreparedGeometry(loc->prepared[i]);
    free(loc->prepared);
    cov_rtree_destroy(loc->tree);
    free(loc);
}

typedef struct find_state {
    const cov_locator_t *loc;
    OGRGeometryH pt;
    long best;
} find_state_t;

static bool visit(void *user, size_t idx)
{
    find_state_t *fs = user;
    if (fs->best >= 0 && (long)idx > fs->best) return true;
    const cov_locator_t *loc = fs->loc;
    bool hit = loc->prepared[idx] ? OGRPreparedGeometryIntersects(loc->prepared[idx], fs->pt)
                                  : OGR_G_Intersects(loc->polys[idx], fs->pt);
    if (hit) fs->best = (long)idx;
    return true;
}

long cov_locator_find(const cov_locator_t *loc, double x, double y)
{
    OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(pt, 0, x, y);
    find_state_t fs = {loc, pt, -1};
    cov_rtree_search(loc->tree, x, y, x, y, visit, &fs);
    OGR_G_DestroyGeometry(pt);
    return fs.best;
}
