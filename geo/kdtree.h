/* Static 2-D KD-tree over planar (metric) points: nearest, k-nearest and radius queries. */
#ifndef COV_KDTREE_H
#define COV_KDTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/status.h"

/*
 * Results are exact and deterministic: a point's squared distance is computed as
 * dx * dx + dy * dy in double precision, candidates are ordered by (squared distance, index),
 * and every query returns what a brute-force scan with that order would. Reported distances
 * are sqrt of the squared distance. "Within r" means the reported distance is <= r.
 *
 * A query point with a NaN or infinite coordinate has no neighbours: nearest returns false,
 * knn/count_within return 0, within visits nothing, nearest_batch returns COV_ERR_INPUT.
 */
typedef struct cov_kdtree cov_kdtree_t;

/* Build over n points (x[i], y[i]); result ids are the indexes 0..n-1. The tree copies what it
 * needs, the caller keeps x and y. A NaN or infinite coordinate gives COV_ERR_INPUT. n may be 0.
 * On success *out is a new tree owned by the caller (free with cov_kdtree_destroy); on error
 * *out is NULL. */
cov_status_t cov_kdtree_build(const double *x, const double *y, size_t n, cov_kdtree_t **out);

/* Free a tree; NULL is a no-op. */
void cov_kdtree_destroy(cov_kdtree_t *t);

/* Number of points in the tree. */
size_t cov_kdtree_size(const cov_kdtree_t *t);

/* The k nearest neighbours of (qx, qy), written to idx[] and dist[] (both of length >= k)
 * sorted by (distance, index) ascending. Returns the number written, min(k, n). */
size_t cov_kdtree_knn(const cov_kdtree_t *t, double qx, double qy, size_t k, size_t *idx,
                      double *dist);

/* The nearest point (smallest index among equally near ones); false when the tree is empty. */
bool cov_kdtree_nearest(const cov_kdtree_t *t, double qx, double qy, size_t *idx, double *dist);

/* Number of points whose distance to (qx, qy) is <= r (inclusive). */
size_t cov_kdtree_count_within(const cov_kdtree_t *t, double qx, double qy, double r);

/* Called once per point found by cov_kdtree_within; return false to stop the search. */
typedef bool (*cov_kdtree_visit_fn)(void *user, size_t idx, double dist);

/* Call fn for every point whose distance to (qx, qy) is <= r, in unspecified order. */
void cov_kdtree_within(const cov_kdtree_t *t, double qx, double qy, double r,
                       cov_kdtree_visit_fn fn, void *user);

/* Nearest point for each of m queries (qx[i], qy[i]) into idx[i] and dist[i]. Faster than m
 * calls of cov_kdtree_nearest: queries are visited in a space-filling-curve order and each
 * search starts from the previous answer as its bound. Returns COV_ERR_EMPTY when m > 0 and
 * the tree is empty, COV_ERR_INPUT when a query coordinate is NaN or infinite (nothing is
 * written in either case). */
cov_status_t cov_kdtree_nearest_batch(const cov_kdtree_t *t, const double *qx, const double *qy,
                                      size_t m, size_t *idx, double *dist);

#endif
