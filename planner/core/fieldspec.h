/* A numeric attribute named by one field or a sum "A+B+C", from a layer or a joined table. */
#ifndef COV_FIELDSPEC_H
#define COV_FIELDSPEC_H

#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/source.h"
#include "planner/core/attrjoin.h"

typedef struct cov_fieldspec cov_fieldspec_t;

/* Resolve spec against the layer of src and the joined table join (may be NULL). A spec that
 * names a field exactly is that field (so a field called "65+" still works); otherwise it is
 * split on '+' into terms (spaces around them ignored). Each name is looked up in the joined
 * table first, then in the layer. A NULL spec takes the first of defaults found (layer first,
 * then the table) and leaves *out NULL when none is. option ("--pop-field") names the option
 * in messages. The caller owns *out (cov_fieldspec_destroy). */
cov_status_t cov_fieldspec_resolve(cov_ctx_t *ctx, const char *option, const char *spec,
                                   const char *const *defaults, cov_source_t *src,
                                   const cov_attrjoin_t *join, cov_fieldspec_t **out);
void cov_fieldspec_destroy(cov_fieldspec_t *fs);

/* True when a term comes from the joined table. */
bool cov_fieldspec_uses_join(const cov_fieldspec_t *fs);

/* The value for one record: the sum of the terms, read from rec (layer terms) and row
 * join_row of join (table terms; -1 when the record has no match, which makes those terms
 * null). The sum is null (*is_null, *out NaN) as soon as one term is null, since a total
 * with a missing part would be silently too small. */
cov_status_t cov_fieldspec_value(cov_ctx_t *ctx, const cov_fieldspec_t *fs, cov_source_t *src,
                                 const cov_record_t *rec, const cov_attrjoin_t *join, long join_row,
                                 double *out, bool *is_null);

#endif
