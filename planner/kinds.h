/* The facility-kind vocabulary and the mapping of source values (Chinese names, OSM tags, the
 * Hong Kong lists' kinds) onto it. Both live in data files: data/kinds.csv, data/kind_map.csv. */
#ifndef COV_KINDS_H
#define COV_KINDS_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

typedef struct cov_kinds cov_kinds_t;

/* The folder of the project's own data files: $COV_DATA_DIR, else the build's data/. */
const char *cov_data_dir(void);

/* Load the vocabulary and mapping from data_dir (NULL: cov_data_dir()); user_map, when given,
 * is a CSV with columns source,kind[,match] whose rows take precedence over the bundled ones.
 * The caller owns *out (cov_kinds_destroy). */
cov_status_t cov_kinds_load(cov_ctx_t *ctx, const char *data_dir, const char *user_map,
                            cov_kinds_t **out);
void cov_kinds_destroy(cov_kinds_t *k);

size_t cov_kinds_count(const cov_kinds_t *k);
const char *cov_kinds_name(const cov_kinds_t *k, size_t i);
/* "health" or "eldercare" for a known kind, NULL for an unknown one. */
const char *cov_kinds_role(const cov_kinds_t *k, const char *kind);
/* The kind's label in "zh" or "en" (the kind itself when unknown). */
const char *cov_kinds_label(const cov_kinds_t *k, const char *kind, const char *lang);
/* Primary care (community/township/village/out-patient clinics) and public ownership flags. */
bool cov_kinds_is_primary(const cov_kinds_t *k, const char *kind);
bool cov_kinds_is_public(const cov_kinds_t *k, const char *kind);

/* Map a source value to a kind: exact rows first ("field=value", then "value", ASCII case
 * folded), then "contains" rows in file order (user rows first). NULL when nothing matches. */
const char *cov_kinds_map(const cov_kinds_t *k, const char *field, const char *value);

#endif
