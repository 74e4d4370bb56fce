/* The facility-kind vocabulary and the mapping of source values (Chinese names, OSM tags, the
 * Hong Kong lists' kinds) onto it. Both live in data files: data/kinds.csv, data/kind_map.csv. */
#ifndef COV_KINDS_H
#define COV_KINDS_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

typedef struct cov_kinds cov_kinds_t;

/* Load the vocabulary and mapping from data_dir (NULL: cov_ctx_data_dir(ctx)); user_map, when
 * given, is a CSV with columns source,kind[,match] whose rows take precedence over the bundled
 * ones. The caller owns *out (cov_kinds_destroy). */
COV_API cov_status_t cov_kinds_load(cov_ctx_t *ctx, const char *data_dir, const char *user_map,
                                    cov_kinds_t **out);
COV_API void cov_kinds_destroy(cov_kinds_t *k);

/* The number of facility kinds in the vocabulary, and kind i's name (borrowed). */
COV_API size_t cov_kinds_count(const cov_kinds_t *k);
COV_API const char *cov_kinds_name(const cov_kinds_t *k, size_t i);
/* "health" or "eldercare" for a known kind, NULL for an unknown one. */
COV_API const char *cov_kinds_role(const cov_kinds_t *k, const char *kind);
/* The kind's label in "zh" or "en" (the kind itself when unknown). */
COV_API const char *cov_kinds_label(const cov_kinds_t *k, const char *kind, const char *lang);
/* Primary care (community/township/village/out-patient clinics) and public ownership flags. */
COV_API bool cov_kinds_is_primary(const cov_kinds_t *k, const char *kind);
COV_API bool cov_kinds_is_public(const cov_kinds_t *k, const char *kind);

/*
 * Resolve a selection of clinic kinds, as analyze --clinics, access and site --clinic-kinds take
 * it: "all" (or NULL/empty), "primary", "public", "public-primary" (flags in data/kinds.csv) or
 * a comma list of health kinds. out (room for cov_kinds_count(k)) receives the selected kinds'
 * names (borrowed from k), each once, sorted; *n their number. COV_ERR_USAGE naming `option`:
 * a listed kind that is not a health kind, or a selection of no kind.
 */
COV_API cov_status_t cov_kinds_select(cov_ctx_t *ctx, const cov_kinds_t *k, const char *spec,
                                      const char *option, const char **out, size_t *n);
/* Is item one of a comma-separated list ("a,b,c")? */
COV_API bool cov_comma_list_has(const char *list, const char *item);

/* Map a source value to a kind: exact rows first ("field=value", then "value", ASCII case
 * folded), then "contains" rows in file order (user rows first). NULL when nothing matches. */
COV_API const char *cov_kinds_map(const cov_kinds_t *k, const char *field, const char *value);

#endif
