/* Map themes: turn a project's analysis results into a render/ map description. */
#ifndef COV_MAPVIEW_H
#define COV_MAPVIEW_H

#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "render/map.h"

/* What one map reads from the project that the next map of the same project and scenario
 * can reuse (an atlas of a report draws hundreds): the layer check, the clinics, the areas and
 * the sites of a run. Create with cov_mapview_cache_create, pass in opts->cache. */
typedef struct cov_mapview_cache cov_mapview_cache_t;
COV_API cov_mapview_cache_t *cov_mapview_cache_create(void);
COV_API void cov_mapview_cache_destroy(cov_mapview_cache_t *c);

typedef struct cov_mapview_opts {
    const char *theme;    /* "coverage" (default), "gaps" or "compare" */
    const char *scenario; /* NULL: "base" */
    const char *area;     /* zoom to this area code (with an inset of the study area); NULL: all */
    const char *title;    /* NULL: a title from the theme */
    const char *subtitle; /* NULL: from the run's parameters */
    const char *lang;     /* "zh" or "en"; NULL: zh when the area names are Chinese */
    double circle;        /* the radius (m) areas are shaded by; 0: the run's largest radius */
    bool circles;         /* draw that radius around every clinic */
    const char *service_areas; /* "1000" (metres) or "15min": the stored road-network service
                                  areas of that cost (roads areas --store) instead of circles */
    const char *sa_profile;    /* their profile: "walk" (default) or "drive" */
    const char *compare_with;  /* theme "compare": the scenario compared with; NULL: "base" */
    const char *level;         /* areas drawn as the units of this level (province, …); NULL:
                                  as imported */
    cov_mapview_cache_t *cache; /* NULL: read everything for this map */
} cov_mapview_opts_t;

/* Build the map for a theme from the latest analysis run of the scenario. The caller owns
 * *out (cov_map_destroy) and sets page size or output path. Fails with COV_ERR_USAGE for an
 * unknown theme or radius, COV_ERR_NOT_FOUND for an unknown area, and COV_ERR_EMPTY when the
 * project has no areas or no analysis yet (the message says to run covplan analyze). */
COV_API cov_status_t cov_mapview_build(cov_ctx_t *ctx, cov_store_t *store,
                                       const cov_mapview_opts_t *opts, cov_map_t **out);

/* Theme "compare" (mapview_compare.c): title, area change layer and added/closed markers for
 * opts->scenario against opts->compare_with at the given radius. */
COV_API cov_status_t cov_mapview_compare(cov_ctx_t *ctx, cov_store_t *store,
                                         const cov_mapview_opts_t *opts, double radius, bool zh,
                                         cov_map_t *m);

/* The themes this module draws, NULL-terminated. */
COV_API extern const char *const cov_mapview_themes[];

#endif
