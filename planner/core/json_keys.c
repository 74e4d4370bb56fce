/* Checking the keys of a JSON object read from a user's file. */
#include "planner/core/json_keys.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

cov_status_t cov_json_keys_check(cov_ctx_t *ctx, const json_t *obj, const char *const *keys,
                                 const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = strcmp(key, "comment") == 0;
        for (size_t i = 0; keys[i] && !ok; i++) ok = strcmp(keys[i], key) == 0;
        if (ok) continue;
        char list[512] = "";
        size_t used = 0;
        for (size_t i = 0; keys[i] && used + 40 < sizeof list; i++)
            used +=
                (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", keys[i]);
        return cov_fail(ctx, COV_ERR_INPUT, "%s: unknown key '%s'; known keys: %s, comment", where,
                        key, list);
    }
    return COV_OK;
}
