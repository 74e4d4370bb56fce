/* Internals shared by site_plan.c (loading, solving) and site_save.c (storing). */
#ifndef COV_SITE_PLAN_PRIVATE_H
#define COV_SITE_PLAN_PRIVATE_H

#include <jansson.h>
#include <ogr_api.h>

#include "geo/geodist.h"
#include "planner/core/layers.h"
#include "planner/site/site_plan.h"

/* A set of points (candidates, demand or existing facilities) as flat arrays. */
typedef struct site_points {
    size_t n, cap;
    long long *fid;  /* facilities.id / demand.id / areas.id; 0 for grid and file points */
    long long *area; /* area id, 0 outside every area */
    double *x, *y, *w, *capacity;
    char **name; /* owned */
} site_points_t;

typedef cov_area_t site_area_t; /* planner/core/layers.h */

/* Where candidates come from (--candidates). */
typedef enum site_cand {
    SITE_CAND_ELDERCARE_UNSERVED = 0,  /* elder-care sites with no clinic within the radius */
    SITE_CAND_CLINICS_UNPARTNERED = 1, /* clinics with no elder-care site within the radius */
    SITE_CAND_GRID = 2,                /* "grid:SPACING" */
    SITE_CAND_FILE = 3                 /* any other value: a file of candidate points */
} site_cand_t;

struct cov_site_plan {
    cov_ctx_t *ctx;
    cov_store_t *store;
    cov_site_plan_opts_t o;
    const char *cand_source;    /* "eldercare", "clinic", "grid", "file" */
    char *clinic_list;          /* --clinic-kinds resolved: comma-joined health kinds; NULL: all */
    const char *new_role;       /* "health" / "eldercare" (its name in the parameters) */
    bool new_health;            /* siting clinics (else elder-care sites) */
    cov_demand_source_t demand; /* --demand, parsed once (never DEFAULT) */
    site_cand_t cand_kind;      /* --candidates, parsed once */
    const char *cand_arg;       /* the grid spacing or the candidate file */
    site_area_t *areas;
    size_t nareas;
    site_points_t cand, dem, exist;
    cov_site_inst_t *inst;
    cov_site_result_t res;
    cov_site_choice_t *choices;
    cov_site_area_t *area_fx;
    size_t narea_fx;
    char *params_json;
    char hash[17];
    long long run_id;
    bool replaced;
    struct site_net *net; /* road network (--metric network), else NULL */
    cov_geodist_t *geo;   /* the project measures on the ellipsoid (core/distance), else NULL */
    double geo_scale;     /* bound on planar / geodesic distance over the data */
};

/* Index of an area id in pl->areas (sorted by id), or (size_t)-1. */
size_t site_area_index(const cov_site_plan_t *pl, long long id);

/* site_network.c: costs along the project's roads (--metric network). site_net_open checks the
 * options and, for the network metric, loads the roads (refused without any) into pl->net;
 * planar runs leave pl->net NULL and every other site_net_ call is then not made. */
cov_status_t site_net_open(cov_site_plan_t *pl);
void site_net_close(cov_site_plan_t *pl);
/* served[i] = 1 when some point of b is within r of point i of a along the roads. The caller
 * frees *served. */
cov_status_t site_net_served(cov_site_plan_t *pl, const site_points_t *a, const site_points_t *b,
                             double r, unsigned char **served);
/* Fill pl->inst's pairs (demand -> candidate) and existing costs along the roads. */
cov_status_t site_net_costs(cov_site_plan_t *pl);
/* Add metric, profile, network_cost, unit (and speeds) to the run parameters. */
void site_net_params(const cov_site_plan_t *pl, json_t *o);
const char *site_net_unit(const cov_site_plan_t *pl);

/* site_save.c: write the run (tables created on first use) in one transaction. */
cov_status_t site_store(cov_site_plan_t *pl);

#endif
