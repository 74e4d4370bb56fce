/* Overflow-checked allocation helpers. */
#ifndef COV_ALLOC_H
#define COV_ALLOC_H

#include "geo/status.h"

#include <stddef.h>

/* calloc(n, size) that returns NULL when n*size overflows. */
COV_API void *cov_calloc_array(size_t n, size_t size);
/* realloc(p, n*size) that returns NULL (leaving p untouched) on overflow. */
COV_API void *cov_realloc_array(void *p, size_t n, size_t size);
/* An array p of *cap elements of size bytes with room for at least need: p itself when it has
 * it, else p grown (doubling, from 64) and *cap updated; NULL (p untouched) when memory runs out.
 *     double *v = cov_grow(a->v, &a->cap, a->n + 1, sizeof *v);
 *     if (!v) return COV_ERR_NOMEM;
 *     a->v = v; */
COV_API void *cov_grow(void *p, size_t *cap, size_t need, size_t size);
/* strdup that accepts NULL (returns NULL). */
COV_API char *cov_strdup(const char *s);

#endif
