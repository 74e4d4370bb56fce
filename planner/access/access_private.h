/* Internals shared by the accessibility run files (access_load.c, access_run.c, access_save.c). */
#ifndef COV_ACCESS_PRIVATE_H
#define COV_ACCESS_PRIVATE_H

#include <jansson.h>

#include "planner/access/access_run.h"
#include "planner/access/measure/access.h"
#include "planner/core/layers.h"

/* Locations in structure-of-arrays form, ordered by id. */
typedef struct access_points {
    size_t n, cap;
    long long *id, *area; /* area 0: outside every area */
    char **code;          /* owned; the code, or the id as text when there is none */
    double *x, *y, *w;
    unsigned char *defaulted; /* supply or weight 1 because the capacity is unknown */
} access_points_t;

typedef cov_area_t access_area_t; /* planner/core/layers.h */

typedef struct access_run {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const cov_access_opts_t *o;
    cov_access_params_t params;
    const char *layer; /* results layer: demand, eldercare or area */
    char supply_field[16];
    bool supply_capacity;           /* supply from capacity (1 where unknown), else 1 each */
    cov_demand_source_t demand_src; /* --demand, parsed once (check_opts) */
    bool geodesic;                  /* the project measures on the ellipsoid (core/distance) */
    double geo_scale;               /* bound on planar / geodesic distance over the data */
    access_points_t supply, demand;
    access_area_t *areas;
    size_t nareas;
    cov_access_pairs_t *ds, *dd;
    cov_access_result_t res;
    char *params_json;
    char hash[17];
} access_run_t;

/* access_load.c: supply, demand, areas and the pairs (planar or from opts->costs). */
cov_status_t access_load(access_run_t *run, cov_access_summary_t *sum);
void access_points_free(access_points_t *p);

/* access_network.c: --metric network: option checks, parameters, raam's default tau, and the
 * demand -> clinic (and for fca demand -> demand) pairs along the roads. */
bool access_net_on(const cov_access_opts_t *o);
cov_status_t access_net_check(cov_ctx_t *ctx, const cov_access_opts_t *o);
void access_net_params(const cov_access_opts_t *o, json_t *params);
double access_net_default_tau(const cov_access_opts_t *o);
cov_status_t access_net_pairs(access_run_t *run);

/* access_save.c: write the run in one transaction; sets sum->run_id and sum->replaced. */
cov_status_t access_db_write(access_run_t *run, cov_access_summary_t *sum);

#endif
