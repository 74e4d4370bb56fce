/* Opening a project: the store (geo/) plus covplan's own tables, migrated from older formats. */
#ifndef COV_CORE_PROJECT_H
#define COV_CORE_PROJECT_H

#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/store.h"

/*
 * Create a new project (see cov_store_create) with every covplan table in place. The caller
 * owns *out (cov_store_close).
 */
COV_API cov_status_t cov_project_create(cov_ctx_t *ctx, const char *path, int srid, bool overwrite,
                                        cov_store_t **out);

/*
 * Open a project (see cov_store_open). A project written by an older covplan is first brought
 * to the current format in place, in one transaction (even when readonly is asked: the file
 * is then reopened read-only); a project that cannot be written to for that is refused with a
 * message saying so. The caller owns *out (cov_store_close).
 */
COV_API cov_status_t cov_project_open(cov_ctx_t *ctx, const char *path, bool readonly,
                                      cov_store_t **out);

#endif
