/* A static, packed (Sort-Tile-Recursive) R-tree over axis-aligned boxes. */
#ifndef COV_RTREE_H
#define COV_RTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/status.h"

typedef struct cov_rtree cov_rtree_t;

/* Build over n boxes given as minx[], miny[], maxx[], maxy[]; results are box indexes.
 * The caller owns *out (cov_rtree_destroy). */
cov_status_t cov_rtree_build(const double *minx, const double *miny, const double *maxx,
                             const double *maxy, size_t n, cov_rtree_t **out);
void cov_rtree_destroy(cov_rtree_t *t);

/* Visit every box that intersects the query box (boundaries inclusive), in index order of
 * the tree's leaves; fn returns false to stop. */
typedef bool (*cov_rtree_visit_fn)(void *user, size_t idx);
void cov_rtree_search(const cov_rtree_t *t, double minx, double miny, double maxx, double maxy,
                      cov_rtree_visit_fn fn, void *user);

#endif
