/* Overflow-checked allocation helpers. */
#ifndef COV_ALLOC_H
#define COV_ALLOC_H

#include <stddef.h>

/* calloc(n, size) that returns NULL when n*size overflows. */
void *cov_calloc_array(size_t n, size_t size);
/* realloc(p, n*size) that returns NULL (leaving p untouched) on overflow. */
void *cov_realloc_array(void *p, size_t n, size_t size);
/* strdup that accepts NULL (returns NULL). */
char *cov_strdup(const char *s);

#endif
