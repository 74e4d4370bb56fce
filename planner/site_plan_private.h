/* Internals shared by site_plan.c (loading, solving) and site_plan_db.c (storing). */
#ifndef COV_SITE_PLAN_PRIVATE_H
#define COV_SITE_PLAN_PRIVATE_H

#include <ogr_api.h>

#include "planner/site_plan.h"

/* A set of points (candidates, demand or existing facilities) as flat arrays. */
typedef struct sp_points {
    size_t n, cap;
    long long *fid;   /* facilities.id / demand.id / areas.id; 0 for grid and file points */
    long long *area;  /* area id, 0 outside every area */
    double *x, *y, *w, *capacity;
    char **name;      /* owned */
} sp_points_t;

typedef struct sp_area {
    long long id;
    char *code, *name;
    double elderly, population;
    OGRGeometryH geom;
    OGREnvelope env;
} sp_area_t;

struct cov_site_plan {
    cov_ctx_t *ctx;
    cov_store_t *store;
    cov_site_plan_opts_t o;
    const char *cand_source;  /* "eldercare", "clinic", "grid", "file" */
    const char *new_role;     /* "health" / "eldercare" */
    sp_area_t *areas;
    size_t nareas;
    sp_points_t cand, dem, exist;
    cov_site_inst_t *inst;
    cov_site_result_t res;
    cov_site_choice_t *choices;
    cov_site_area_t *area_fx;
    size_t narea_fx;
    char *params_json;
    char hash[17];
    long long run_id;
    bool replaced;
};

/* Index of an area id in pl->areas (sorted by id), or (size_t)-1. */
size_t sp_area_index(const cov_site_plan_t *pl, long long id);

/* site_plan_db.c: write the run (tables created on first use) in one transaction. */
cov_status_t sp_store(cov_site_plan_t *pl);

#endif
