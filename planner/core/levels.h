/* Administrative levels (province > prefecture > county > township > village/community) and
 * the parent of an area: from its code (12-digit statistical codes, 6-digit adcodes), from a
 * field, or as imported; areas roll up to any coarser level. */
#ifndef COV_CORE_LEVELS_H
#define COV_CORE_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"

typedef enum cov_level {
    COV_LEVEL_NONE = 0, /* not given (Hong Kong districts, a plan's own zones) */
    COV_LEVEL_PROVINCE = 1,
    COV_LEVEL_PREFECTURE = 2,
    COV_LEVEL_COUNTY = 3,
    COV_LEVEL_TOWNSHIP = 4,
    COV_LEVEL_VILLAGE = 5
} cov_level_t;

/* "province"/"省", "prefecture"/"city"/"市"/"地级", "county"/"district"/"县"/"区"/"县级",
 * "township"/"town"/"street"/"乡镇"/"街道"/"乡级", "village"/"community"/"村"/"社区"/"村级";
 * false for anything else. */
COV_API bool cov_level_parse(const char *text, cov_level_t *out);
/* "province", "prefecture", "county", "township", "village" ("" for none). */
COV_API const char *cov_level_name(cov_level_t level);

/*
 * The code of the unit containing the one with this code, at the coarser level `to`, derived
 * from the code itself: a 12-digit statistical code (省2 市2 县2 乡3 村3) keeps its first 2/4/6/9
 * digits and fills zeros; a 6-digit adcode keeps 2/4 digits and fills zeros; a 9-digit township
 * code gives its first 6 digits as the county. False when the code is not such a code or says
 * nothing about that level.
 */
COV_API bool cov_level_code_at(const char *code, cov_level_t to, char *out, size_t n);

/* One unit of a roll-up: the areas of the finest level grouped by their unit at a level. */
typedef struct cov_rollup_group {
    char *code, *name;          /* owned; name is the imported area's, else NULL */
    size_t nareas;              /* finest-level areas in it */
    long long *area_ids;        /* owned, nareas ids, ascending */
    double population, elderly; /* sums over the areas; NaN when any area lacks it */
} cov_rollup_group_t;

/*
 * Group the project's finest-level areas (the largest level imported; every area when no level
 * was given) by their unit at `level`: the area's own code when it is at that level, else its
 * ancestor through parent_code and imported parents, else through its code
 * (cov_level_code_at). Groups come ordered by code. An area whose unit cannot be found is
 * COV_ERR_INPUT naming it and saying what to give (--parent-field). The caller owns *out
 * (cov_rollup_free).
 */
COV_API cov_status_t cov_area_rollup(cov_ctx_t *ctx, cov_store_t *store, cov_level_t level,
                                     cov_rollup_group_t **out, size_t *n);
COV_API void cov_rollup_free(cov_rollup_group_t *g, size_t n);
/* cov_area_rollup for a level given by name (a --level option): an unknown or village-level
 * name is COV_ERR_USAGE saying which names work. */
COV_API cov_status_t cov_area_rollup_named(cov_ctx_t *ctx, cov_store_t *store, const char *level,
                                           cov_rollup_group_t **out, size_t *n);

#endif
