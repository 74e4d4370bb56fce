/* A table joined to a layer by a text key, e.g. the 2020 census joined to areas on adcode. */
#ifndef COV_ATTRJOIN_H
#define COV_ATTRJOIN_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"

typedef struct cov_attrjoin cov_attrjoin_t;

/* Read path's table (any GDAL vector source: CSV, XLSX, GeoPackage, DBF ...; layer may be NULL
 * when it has one) and index its rows by the text of key_field. A NULL key_field takes the
 * first of candidates (NULL-terminated) the table has. Keys are compared as trimmed text, so
 * the CSV text "511703" matches the integer 511703 of a GeoJSON; rows whose key is empty or
 * NA are skipped; a key on two rows is an error naming both rows. The caller owns *out. */
cov_status_t cov_attrjoin_open(cov_ctx_t *ctx, const char *path, const char *layer,
                               const char *key_field, const char *const *candidates,
                               cov_attrjoin_t **out);
void cov_attrjoin_close(cov_attrjoin_t *jt);

const char *cov_attrjoin_path(const cov_attrjoin_t *jt);
const char *cov_attrjoin_key_name(const cov_attrjoin_t *jt);
size_t cov_attrjoin_row_count(const cov_attrjoin_t *jt);

/* A field's index by name (exact, then case-insensitive), or -1. */
int cov_attrjoin_field(const cov_attrjoin_t *jt, const char *name);
const char *cov_attrjoin_field_name(const cov_attrjoin_t *jt, int idx);

/* The row whose key equals key (trimmed), or -1. Misses are counted, and the first few
 * missed keys kept, for cov_attrjoin_misses. */
long cov_attrjoin_lookup(cov_attrjoin_t *jt, const char *key);
/* How many lookups missed; buf receives the first missed keys, comma-separated. */
size_t cov_attrjoin_misses(const cov_attrjoin_t *jt, char *buf, size_t len);

/* A field's number in a row. Null, empty, "NA", "N/A", "NULL" and "-" are null (*is_null);
 * numbers stored as text (quoted in a CSV) are read; other text is COV_ERR_INPUT naming the
 * table, the key and the field. */
cov_status_t cov_attrjoin_number(cov_ctx_t *ctx, const cov_attrjoin_t *jt, long row, int idx,
                                 double *out, bool *is_null);

#endif
