/* Loading the project's layers into arrays, once, for every analysis (the data layer). */
#ifndef COV_CORE_LAYERS_H
#define COV_CORE_LAYERS_H

#include <ogr_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

/* The project's three layers. */
typedef enum cov_layer_role {
    COV_LAYER_AREAS = 0,      /* townships / districts: polygons */
    COV_LAYER_FACILITIES = 1, /* clinics and elder-care sites: points (polygons reduced) */
    COV_LAYER_DEMAND = 2      /* population points, or a population raster */
} cov_layer_role_t;

/* The area holding (x, y) in the working CRS: the lowest area id whose polygon covers the
 * point; 0 for none. */
cov_status_t cov_area_at(cov_ctx_t *ctx, cov_store_t *store, double x, double y, long long *out);

/* The code of the finest imported area whose level is coarser than `finer_than` (a
 * cov_level_t value, 1 = province … 5 = village) and whose polygon holds (x, y); *code NULL
 * when none does (the caller frees it). */
cov_status_t cov_area_containing(cov_ctx_t *ctx, cov_store_t *store, double x, double y,
                                 int finer_than, char **code);

/* The id of the area with this code (0 when there is none). */
cov_status_t cov_area_id_of(cov_ctx_t *ctx, cov_store_t *store, const char *code, long long *id);

/* One area of the project. */
typedef struct cov_area {
    long long id;
    char *code, *name;          /* owned */
    double population, elderly; /* NaN when unknown */
    OGRGeometryH geom;          /* in the working CRS (owned); NULL unless asked for */
    OGREnvelope env;            /* the geometry's envelope (zero without geometry) */
} cov_area_t;

/*
 * Every area, ordered by id (so cov_areas_find can search them). With geometry, each area's
 * polygon too: one that cannot be read is COV_ERR_DB naming the area. Numbers are checked
 * (text in a numeric column is an error naming the row). The caller owns *out
 * (cov_areas_free, also on error).
 */
COV_API cov_status_t cov_areas_load(cov_ctx_t *ctx, cov_store_t *store, bool geometry,
                                    cov_area_t **out, size_t *n);
COV_API void cov_areas_free(cov_area_t *areas, size_t n);

/* The index of the area with this id in an array from cov_areas_load, (size_t)-1 if none. */
COV_API size_t cov_areas_find(const cov_area_t *areas, size_t n, long long id);

/* One facility (health or elder-care) as the analyses read it: from the facilities table, so with
 * a scenario applied (scenario_apply shadows it) the scenario's facilities. In a scenario's
 * effective set (cov_scenario_facilities), facilities a scenario adds have negative ids. */
typedef struct cov_facility {
    long long id;
    char *code, *name, *role, *kind; /* owned; name and kind NULL when not stored */
    double capacity;                 /* NaN when unknown */
    long long area_id;               /* 0: outside every area */
    double x, y;                     /* in the working CRS */
    bool added;                      /* added by a scenario of the chain */
    bool changed;                    /* capacity or kind changed by a scenario of the chain */
} cov_facility_t;

/* Facilities ordered by id: of one role ("health" or "eldercare"), or all with role NULL. The
 * caller owns *out (cov_facilities_free, also on error). */
COV_API cov_status_t cov_facilities_load(cov_ctx_t *ctx, cov_store_t *store, const char *role,
                                         cov_facility_t **out, size_t *n);
COV_API void cov_facilities_free(cov_facility_t *f, size_t n);
/* The imported facilities, whatever scenario is applied (ordered by id). */
cov_status_t cov_facilities_load_imported(cov_ctx_t *ctx, cov_store_t *store, cov_facility_t **out,
                                          size_t *n);

/* How many facilities of each kind an area holds. */
typedef struct cov_kind_count {
    long long area_id; /* 0: outside every area */
    char *kind;        /* owned */
    long long n;
} cov_kind_count_t;

/* The facilities (both roles) counted by area and kind, ordered by area id then kind. */
COV_API cov_status_t cov_facility_kind_counts(cov_ctx_t *ctx, cov_store_t *store,
                                              cov_kind_count_t **out, size_t *n);
COV_API void cov_kind_counts_free(cov_kind_count_t *c, size_t n);

/* One demand point (a population cell or a weighted location). */
typedef struct cov_demand_point {
    long long id, area_id; /* area_id 0: outside every area */
    char *code;            /* owned */
    double weight, x, y;
} cov_demand_point_t;

/* The demand layer ordered by id; the caller owns *out (cov_demand_free, also on error). */
COV_API cov_status_t cov_demand_load(cov_ctx_t *ctx, cov_store_t *store, cov_demand_point_t **out,
                                     size_t *n);
COV_API void cov_demand_free(cov_demand_point_t *d, size_t n);

/* The number of demand points (0 for a project without any). */
COV_API cov_status_t cov_demand_count(cov_ctx_t *ctx, cov_store_t *store, long long *n);

#endif
