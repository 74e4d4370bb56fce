/* The population numbers of areas on import: own fields, sums "A+B", or a joined table. */
#ifndef COV_AREAPOP_H
#define COV_AREAPOP_H

#include "geo/ctx.h"
#include "geo/source.h"
#include "planner/import/import.h"

typedef struct cov_areapop cov_areapop_t;

/* Prepare reading population and elderly for the areas of src: opens o->join (keyed on the
 * layer's id field id_idx; the table's key is o->join_key, else a field of the id field's
 * name, else the first of key_defaults) and resolves o->pop_field / o->elderly_field, or the
 * first of pop_defaults / elderly_defaults found. The caller owns *out. */
cov_status_t cov_areapop_open(cov_ctx_t *ctx, const cov_import_opts_t *o, cov_source_t *src,
                              int id_idx, const char *const *key_defaults,
                              const char *const *pop_defaults, const char *const *elderly_defaults,
                              cov_areapop_t **out);
void cov_areapop_close(cov_areapop_t *ap);

/* One area's numbers (NaN when unknown). An area whose id has no row in the joined table is
 * an error naming the id, unless o->join_optional. Negative numbers are errors. */
cov_status_t cov_areapop_read(cov_ctx_t *ctx, cov_areapop_t *ap, cov_source_t *src,
                              const cov_record_t *rec, const char *code, double *pop,
                              double *elderly);

/* Log how the join went (an info line, and a warning listing areas left without a row). */
void cov_areapop_report(cov_ctx_t *ctx, const cov_areapop_t *ap, long long areas);

#endif
