/* The stored road network (tables roads, nodes, roads_info; the network_nearest cache): the
 * data layer's side of `covplan roads`. */
#ifndef COV_CORE_ROADS_STORE_H
#define COV_CORE_ROADS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/graph.h"
#include "geo/store.h"

/* The stored network as a graph (edge e is roads.id e+1, node i is nodes.id i+1) and its road
 * classes (edge class c is classes[c]). Caller frees both (cov_graph_destroy,
 * cov_roads_classes_free). COV_ERR_NOT_FOUND when the project has no roads; a damaged table
 * is COV_ERR_DB. */
COV_API cov_status_t cov_roads_load(cov_ctx_t *ctx, cov_store_t *store, cov_graph_t **g,
                                    char ***classes, size_t *nclasses);
COV_API void cov_roads_classes_free(char **classes, size_t n);

/* Does the project have a road network? */
cov_status_t cov_roads_exists(cov_ctx_t *ctx, cov_store_t *store, bool *out);

/* Drop the stored network with everything made from it (service areas, network_nearest);
 * inside the caller's transaction. */
cov_status_t cov_roads_drop(cov_ctx_t *ctx, cov_store_t *store);

/* One roads_info entry (what the import read and dropped). */
typedef struct cov_roads_info {
    const char *key, *value;
} cov_roads_info_t;

/* Store a built graph inside the caller's transaction: nodes (with components), one road per
 * edge (its class named by classes[class]) and the info entries. */
cov_status_t cov_roads_write(cov_ctx_t *ctx, cov_store_t *store, const cov_graph_t *g,
                             char *const *classes, const cov_roads_info_t *info, size_t ninfo);

/* An integer roads_info entry (0 when absent). */
cov_status_t cov_roads_info_int(cov_ctx_t *ctx, cov_store_t *store, const char *key,
                                long long *out);

/* One row of network_nearest: a facility or demand point and its nearest clinic by road. */
typedef struct cov_nn_rec {
    const char *target;  /* "facility" or "demand" */
    long long target_id; /* facilities.id or demand.id */
    long long clinic_id; /* 0: no clinic reached (cost and distances NULL) */
    double cost, path_m, total_m, euclid_m;
    bool snapped; /* false: no usable road nearby (snap columns NULL) */
    double snap_m, snap_t, snap_x, snap_y;
    long long snap_road;
} cov_nn_rec_t;

/* Replace the network_nearest rows of a profile ("walk"/"drive"), metric ("length"/"time")
 * and direction ("to_clinic"/"from_clinic") inside the caller's transaction. */
cov_status_t cov_nn_write(cov_ctx_t *ctx, cov_store_t *store, const char *profile,
                          const char *metric, const char *direction, const cov_nn_rec_t *rows,
                          size_t n);

#endif
