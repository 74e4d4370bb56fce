/* The project's road network: import into the store, travel profiles, network distance to the
 * nearest clinic, and service areas. */
#ifndef COV_ROADS_H
#define COV_ROADS_H

#include "geo/status.h"
#include "planner/core/options.h"

#include <stdbool.h>
#include <stddef.h>

#include "geo/graph.h"
#include "geo/store.h"
#include "planner/core/roads_store.h"

typedef struct cov_roads_import_opts {
    const char *layer;         /* NULL: "lines" for .osm/.pbf, else the only layer */
    const char *src_crs;       /* NULL: the file's own */
    const char *highway_field; /* NULL: "highway" when present, else every line is "road" */
    bool replace;              /* replace an existing network */
} cov_roads_import_opts_t;

typedef struct cov_roads_import_summary {
    long long features;  /* features read */
    long long non_lines; /* features skipped: not lines (points, polygons) */
    long long oneway;    /* lines tagged one-way */
    cov_graph_stats_t stats;
    int srid;
    bool crs_chosen; /* the working CRS was chosen from the roads */
} cov_roads_import_summary_t;

/* Read path's lines, build the graph (geo/graph.h) and store it as tables roads (id,
 * from_node, to_node, length_m, highway, oneway, geom LINESTRING) and nodes (id, x, y,
 * component), plus roads_info (key, value). One transaction. */
COV_API cov_status_t cov_roads_import(cov_ctx_t *ctx, cov_store_t *store, const char *path,
                                      const cov_roads_import_opts_t *opts,
                                      cov_roads_import_summary_t *out);

/* cov_roads_load and cov_roads_classes_free: planner/core/roads_store.h */
/* The stats of the stored network, including what the import dropped. */
COV_API cov_status_t cov_roads_stats(cov_ctx_t *ctx, cov_store_t *store, cov_graph_stats_t *out);

/* cov_profile_t, cov_metric_t: planner/core/options.h */

/* Set the graph's costs for a profile: metres or seconds at the class's speed from the speed
 * table (NULL: data/road_speeds.csv; columns highway, drive_kmh, walk_kmh; a "default" row
 * serves unlisted classes; speed 0 forbids). Drive honours one-way, walk does not.
 * to_clinic reverses directions, so costs are from a point toward the sources. */
COV_API cov_status_t cov_roads_set_profile(cov_ctx_t *ctx, cov_graph_t *g, char **classes,
                                           size_t nclasses, const char *speeds,
                                           cov_profile_t profile, cov_metric_t metric,
                                           bool to_clinic);

typedef struct cov_roads_nearest_opts {
    cov_profile_t profile;
    cov_metric_t metric;
    const char *speeds; /* NULL: bundled table */
    bool from_clinic;   /* costs from the clinic to the site (default: site to clinic) */
    double warn_snap;   /* warn when a point is farther from its road (0: 500 m) */
    double max_snap;    /* no road within this: left unreached (0: 2000 m) */
} cov_roads_nearest_opts_t;

typedef struct cov_roads_nearest_summary {
    size_t clinics, sites, demand, unreached, far_snaps;
    double median_cost, max_cost; /* over reached elder-care sites */
} cov_roads_nearest_summary_t;

/* The nearest clinic along the roads for every facility and demand point, in one multi-source
 * pass; stored in network_nearest (rows for this profile/metric/direction replaced). */
COV_API cov_status_t cov_roads_nearest(cov_ctx_t *ctx, cov_store_t *store,
                                       const cov_roads_nearest_opts_t *opts,
                                       cov_roads_nearest_summary_t *out);

typedef struct cov_roads_area_opts {
    cov_profile_t profile;
    cov_metric_t metric;
    const char *speeds;
    const double *costs; /* minutes for time, metres for length */
    size_t ncosts;
    double width;       /* buffer width in metres (0: 25 m) */
    const char *output; /* GeoPackage path; NULL: none (then store must be set) */
    bool overwrite;
    bool store; /* also keep them in the project's table service_areas (replacing
                   the rows of this profile, metric and costs) */
} cov_roads_area_opts_t;

/* Service areas from every clinic for each cost, written to output's layer service_areas
 * (clinic_id, clinic_code, clinic_name, cost, unit, profile) in the project CRS. */
COV_API cov_status_t cov_roads_service_areas(cov_ctx_t *ctx, cov_store_t *store,
                                             const cov_roads_area_opts_t *opts, size_t *nwritten);

#endif
