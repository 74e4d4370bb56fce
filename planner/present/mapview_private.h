/* Shared pieces of the map themes (planner/mapview*.c). */
#ifndef COV_MAPVIEW_PRIVATE_H
#define COV_MAPVIEW_PRIVATE_H

#include "planner/core/query.h"
#include "planner/present/mapview.h"

#define MAX_CLASSES 8

typedef struct run_info {
    long long id;
    double radii[MAX_CLASSES];
    char classes[MAX_CLASSES + 1][32];
    size_t nradii;
    char **clinic_kinds;
    size_t nkinds;
    bool minutes; /* radii are minutes of travel (network runs with --network-cost time) */
    bool network; /* measured along the roads (--metric network) */
    bool drive;   /* network: the drive profile */
} run_info_t;

typedef struct view {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const cov_mapview_opts_t *o;
    bool zh;
    run_info_t run;
    int circle_idx;    /* index of the radius areas are shaded by */
    long long area_id; /* zoom area, 0 for all */
    bool zoom;         /* ext is an area's or a --level unit's (not the study area's) */
    double ext[4];     /* extent of the zoom area */
    double all[4];     /* extent of all areas */
} view_t;

/* Study-area and zoom extents, and the language (zh when names are Chinese unless --lang). */
cov_status_t present_map_extents(view_t *v);
/* Whether a health kind counts as a clinic in the loaded analysis run. */
bool present_map_is_clinic_kind(const view_t *v, const char *kind);
/* The CRS and data-sources note drawn under every map. */
cov_status_t present_map_note(view_t *v, cov_map_t *m);
/* A polygon layer of all areas, shaded by a named query's value per area (a query with one
 * parameter, the run id, returning rows geom, name, code, value by code; NULL = no data).
 * Labels are the area names. */
cov_status_t present_map_areas_by_value(view_t *v, cov_map_t *m, const char *legend,
                                        cov_query_id_t query, long long run_id,
                                        cov_classify_method_t method, cov_palette_t pal,
                                        int decimals);

/* mapview_sa.c: stored service areas as a translucent polygon layer; whether the loaded run
 * measured along roads (desc: its unit and profile, e.g. "m along roads (walk)"). */
cov_status_t present_map_service_areas(view_t *v, cov_map_t *m);
bool present_map_run_network(const view_t *v, char *desc, size_t size);

/* Themes in their own files. */
cov_status_t present_map_theme_access(view_t *v, cov_map_t *m);
cov_status_t present_map_theme_sites(view_t *v, cov_map_t *m);

#endif
