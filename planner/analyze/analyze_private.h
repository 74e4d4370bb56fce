/* Internals shared by the coverage analysis files (analyze.c, analyze_area.c, analyze_save.c). */
#ifndef COV_ANALYZE_PRIVATE_H
#define COV_ANALYZE_PRIVATE_H

#include <jansson.h>
#include <ogr_api.h>
#include <stdbool.h>

#include "geo/geodist.h"
#include "planner/analyze/analyze.h"
#include "planner/core/layers.h"

/* A set of points in structure-of-arrays form: elder-care sites, clinics or demand points.
 * Facility sets are ordered by id, so a KD-tree index tie-break is a tie-break by id. */
typedef struct analyze_points {
    size_t n;
    long long *id;
    long long *area; /* area id, 0 when outside every area */
    double *x, *y;
    double *w;         /* demand weight; 1 for facilities */
    double *cap;       /* capacity, NaN when unknown */
    char **kind;       /* owned; NULL for demand points */
    double *lon, *lat; /* degrees, only with --geodesic */
} analyze_points_t;

/* Results for every point of one set of sites against one set of targets. */
typedef struct analyze_result {
    size_t n, k, nr;
    size_t *idx;        /* n*k: the k nearest targets (indexes), by (distance, id) */
    double *dist;       /* n*k */
    unsigned *within;   /* n*nr: targets within each radius */
    unsigned char *cls; /* class index 0..nr */
} analyze_result_t;

typedef cov_area_t analyze_area_t; /* planner/core/layers.h */

/* The indicators of one area, or of the whole study area. */
typedef struct analyze_ind {
    size_t nclinics, nsites, cap_known;
    double capacity;     /* sum over sites with a known capacity */
    json_t *kind_counts; /* {kind: count} of every facility */
    size_t class_count[COV_MAX_RADII + 1];
    double share[COV_MAX_RADII];          /* elderly share within each radius, NaN unknown */
    double elderly_within[COV_MAX_RADII]; /* elderly (or demand weight) within, NaN unknown */
    double median, p90, max;
    size_t nunserved;
    json_t *unserved;      /* [site ids in class beyond] */
    long long unpartnered; /* clinics beyond the last radius of any site; -1 not computed */
    double population, elderly;
} analyze_ind_t;

typedef struct analyze_run {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const char *scenario;
    cov_radii_t radii;
    size_t k;
    bool geodesic, partners;
    cov_geodist_t *geo;
    double geo_scale; /* bound on planar / geodesic distance over the data (geodesic runs) */
    analyze_points_t clinics, sites, demand;
    analyze_result_t rsites, rdemand, rclinics;
    analyze_area_t *areas;
    size_t nareas;
    analyze_ind_t *ind; /* nareas + 1: the last is the whole study area */
    const char *method; /* "demand" or "polygon" */
    char *params_json;
    char hash[17];
    /* --metric network (analyze_network.c) */
    bool network, drive, minutes; /* on; drive profile; costs in minutes (else metres) */
    const char *speeds;
    struct analyze_net *net;
    size_t unreached;     /* elder-care sites with no clinic reachable */
    char inputs_hash[17]; /* facilities, areas, demand and parameters (analyze_reuse.c) */
} analyze_run_t;

/* analyze_area.c: fill run->ind (nareas + 1 entries). */
cov_status_t analyze_areas_compute(analyze_run_t *run);
void analyze_ind_free(analyze_ind_t *ind);

/* analyze_save.c: write the run in one transaction; *run_id and *replaced are set. */
cov_status_t analyze_db_write(analyze_run_t *run, long long *run_id, bool *replaced);

/* analyze_reuse.c: hash the inputs; when a stored run of the scenario has the same parameters
 * and inputs, count the reuse and fill sum from the stored rows (*reused true). */
cov_status_t analyze_inputs_hash(analyze_run_t *run);
cov_status_t analyze_db_reuse(analyze_run_t *run, cov_analyze_summary_t *sum, bool *reused);
/* analyze_reuse.c: the scenario's "analysis" parameters fill options not given (*o is a copy). */
cov_status_t analyze_scenario_opts(cov_ctx_t *ctx, cov_store_t *store, cov_analyze_opts_t *o,
                                   void *params);

/* analyze_network.c: options (before anything is loaded), the run's parameters, the graph, and
 * the road counterpart of compute() (unreachable: idx (size_t)-1, dist NaN, class beyond). */
typedef struct analyze_net analyze_net_t;
cov_status_t analyze_net_options(analyze_run_t *run, const cov_analyze_opts_t *o);
void analyze_net_params(const analyze_run_t *run, json_t *params);
cov_status_t analyze_net_open(analyze_run_t *run);
void analyze_net_free(analyze_run_t *run);
/* Without demand points the elderly share along roads is not computed: NaN, method "none". */
cov_status_t analyze_net_no_shares(analyze_run_t *run);
cov_status_t analyze_net_compute(analyze_run_t *run, const char *phase,
                                 const analyze_points_t *sites, const analyze_points_t *targets,
                                 analyze_result_t *res);

/* Index of id in a sorted array of area ids, or (size_t)-1. */
size_t analyze_area_index(const analyze_run_t *run, long long id);

#endif
