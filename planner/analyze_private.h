/* Internals shared by the coverage analysis files (analyze.c, analyze_area.c, analyze_db.c). */
#ifndef COV_ANALYZE_PRIVATE_H
#define COV_ANALYZE_PRIVATE_H

#include <jansson.h>
#include <ogr_api.h>
#include <stdbool.h>

#include "geo/geodist.h"
#include "planner/analyze.h"

/* A set of points in structure-of-arrays form: elder-care sites, clinics or demand points.
 * Facility sets are ordered by id, so a KD-tree index tie-break is a tie-break by id. */
typedef struct an_points {
    size_t n;
    long long *id;
    long long *area;    /* area id, 0 when outside every area */
    double *x, *y;
    double *w;          /* demand weight; 1 for facilities */
    double *cap;        /* capacity, NaN when unknown */
    char **kind;        /* owned; NULL for demand points */
    double *lon, *lat;  /* degrees, only with --geodesic */
} an_points_t;

/* Results for every point of one set of sites against one set of targets. */
typedef struct an_result {
    size_t n, k, nr;
    size_t *idx;        /* n*k: the k nearest targets (indexes), by (distance, id) */
    double *dist;       /* n*k */
    unsigned *within;   /* n*nr: targets within each radius */
    unsigned char *cls; /* class index 0..nr */
} an_result_t;

typedef struct an_area {
    long long id;
    char *code, *name;
    double population, elderly; /* NaN when unknown */
    OGRGeometryH geom;          /* in the working CRS */
} an_area_t;

/* The indicators of one area, or of the whole study area. */
typedef struct an_ind {
    size_t nclinics, nsites, cap_known;
    double capacity;            /* sum over sites with a known capacity */
    json_t *kind_counts;        /* {kind: count} of every facility */
    size_t class_count[COV_MAX_RADII + 1];
    double share[COV_MAX_RADII];          /* elderly share within each radius, NaN unknown */
    double elderly_within[COV_MAX_RADII]; /* elderly (or demand weight) within, NaN unknown */
    double median, p90, max;
    size_t nunserved;
    json_t *unserved;           /* [site ids in class beyond] */
    long long unpartnered;      /* clinics beyond the last radius of any site; -1 not computed */
    double population, elderly;
} an_ind_t;

typedef struct an_run {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const char *scenario;
    cov_radii_t radii;
    size_t k;
    bool geodesic, partners;
    cov_geodist_t *geo;
    an_points_t clinics, sites, demand;
    an_result_t rsites, rdemand, rclinics;
    an_area_t *areas;
    size_t nareas;
    an_ind_t *ind;              /* nareas + 1: the last is the whole study area */
    const char *method;         /* "demand" or "polygon" */
    char *params_json;
    char hash[17];
} an_run_t;

/* analyze_area.c: fill run->ind (nareas + 1 entries). */
cov_status_t an_areas_compute(an_run_t *run);
void an_ind_free(an_ind_t *ind);

/* analyze_db.c: write the run in one transaction; *run_id and *replaced are set. */
cov_status_t an_db_write(an_run_t *run, long long *run_id, bool *replaced);

/* Index of id in a sorted array of area ids, or (size_t)-1. */
size_t an_area_index(const an_run_t *run, long long id);

#endif
