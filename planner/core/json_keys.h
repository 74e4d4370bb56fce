/* Checking the keys of a JSON object read from a user's file (scenarios, plans, targets). */
#ifndef COV_CORE_JSON_KEYS_H
#define COV_CORE_JSON_KEYS_H

#include <jansson.h>

#include "geo/ctx.h"

/* Every key of obj must be one of keys (NULL-terminated) or "comment"; otherwise COV_ERR_INPUT
 * "WHERE: unknown key 'K'; known keys: …". */
cov_status_t cov_json_keys_check(cov_ctx_t *ctx, const json_t *obj, const char *const *keys,
                                 const char *where);

#endif
