/* The population numbers of areas on import: own fields, sums "A+B", or a joined table. */
#include "planner/import/areapop.h"

#include <math.h>
#include <stdlib.h>

#include "planner/core/attrjoin.h"
#include "planner/core/fieldspec.h"

struct cov_areapop {
    const cov_import_opts_t *o;
    cov_attrjoin_t *join;
    cov_fieldspec_t *pop, *elderly;
};

cov_status_t cov_areapop_open(cov_ctx_t *ctx, const cov_import_opts_t *o, cov_source_t *src,
                              int id_idx, const char *const *key_defaults,
                              const char *const *pop_defaults, const char *const *elderly_defaults,
                              cov_areapop_t **out)
{
    *out = NULL;
    if (!o->join && (o->join_key || o->join_layer || o->join_optional))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--join-key, --join-layer and --join-optional go with --join TABLE");
    if (o->join && id_idx < 0)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: --join needs the areas' id field to join on; name it with "
                        "--id-field (e.g. --id-field adcode)",
                        cov_source_path(src));
    cov_areapop_t *ap = calloc(1, sizeof *ap);
    if (!ap) return COV_ERR_NOMEM;
    ap->o = o;
    cov_status_t s = COV_OK;
    if (o->join) {
        /* The table's key: as named, else a field named like the layer's id, else defaults. */
        const char *cand[16] = {cov_source_field_name(src, id_idx)};
        for (size_t i = 0; key_defaults && key_defaults[i] && i + 2 < 16; i++)
            cand[i + 1] = key_defaults[i];
        s = cov_attrjoin_open(ctx, o->join, o->join_layer, o->join_key, cand, &ap->join);
    }
    if (!s)
        s = cov_fieldspec_resolve(ctx, "--pop-field", o->pop_field, pop_defaults, src, ap->join,
                                  &ap->pop);
    if (!s)
        s = cov_fieldspec_resolve(ctx, "--elderly-field", o->elderly_field, elderly_defaults, src,
                                  ap->join, &ap->elderly);
    if (s) {
        cov_areapop_close(ap);
        return s;
    }
    *out = ap;
    return COV_OK;
}

void cov_areapop_close(cov_areapop_t *ap)
{
    if (!ap) return;
    cov_attrjoin_close(ap->join);
    cov_fieldspec_destroy(ap->pop);
    cov_fieldspec_destroy(ap->elderly);
    free(ap);
}

static cov_status_t one(cov_ctx_t *ctx, const cov_areapop_t *ap, const cov_fieldspec_t *fs,
                        cov_source_t *src, const cov_record_t *rec, long row, const char *code,
                        const char *what, double *out)
{
    bool is_null;
    cov_status_t s = cov_fieldspec_value(ctx, fs, src, rec, ap->join, row, out, &is_null);
    if (s) return s;
    if (is_null)
        *out = NAN;
    else if (*out < 0)
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: %s %lld (id '%s'): %s is negative (%g); fix "
                        "the value",
                        cov_source_path(src), cov_source_unit(src), rec->row, code, what, *out);
    return COV_OK;
}

cov_status_t cov_areapop_read(cov_ctx_t *ctx, cov_areapop_t *ap, cov_source_t *src,
                              const cov_record_t *rec, const char *code, double *pop,
                              double *elderly)
{
    long row = -1;
    if (ap->join && (row = cov_attrjoin_lookup(ap->join, code)) < 0 && !ap->o->join_optional)
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: %s %lld (id '%s'): no row with %s '%s' in the --join table %s; "
                        "fix the id or the table, or pass --join-optional to keep areas "
                        "without a match (their numbers left empty)",
                        cov_source_path(src), cov_source_unit(src), rec->row, code,
                        cov_attrjoin_key_name(ap->join), code, cov_attrjoin_path(ap->join));
    cov_status_t s = one(ctx, ap, ap->pop, src, rec, row, code, "population", pop);
    if (!s) s = one(ctx, ap, ap->elderly, src, rec, row, code, "elderly population", elderly);
    return s;
}

void cov_areapop_report(cov_ctx_t *ctx, const cov_areapop_t *ap, long long areas)
{
    if (!ap || !ap->join) return;
    char missed[512];
    size_t n = cov_attrjoin_misses(ap->join, missed, sizeof missed);
    cov_log(ctx, COV_LOG_INFO, "joined %lld of %lld areas to %s on %s", areas - (long long)n, areas,
            cov_attrjoin_path(ap->join), cov_attrjoin_key_name(ap->join));
    if (n)
        cov_log(ctx, COV_LOG_WARN,
                "%zu area(s) have no row in %s; their numbers are empty "
                "(ids: %s)",
                n, cov_attrjoin_path(ap->join), missed);
}
