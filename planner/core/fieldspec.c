/* A numeric attribute named by one field or a sum "A+B+C", from a layer or a joined table. */
#include "planner/core/fieldspec.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

#define MAX_TERMS 64

typedef struct term {
    int idx;
    bool in_join;
} term_t;

struct cov_fieldspec {
    term_t terms[MAX_TERMS];
    int n;
};

static bool find_name(const char *name, cov_source_t *src, const cov_attrjoin_t *join, term_t *t)
{
    const char *const one[] = {name, NULL};
    if (join && (t->idx = cov_attrjoin_field(join, name)) >= 0) {
        t->in_join = true;
        return true;
    }
    t->in_join = false;
    return (t->idx = cov_source_find_field(src, one)) >= 0;
}

static cov_status_t not_found(cov_ctx_t *ctx, const char *option, const char *name,
                              cov_source_t *src, const cov_attrjoin_t *join)
{
    int idx;
    if (!join) return cov_source_field(ctx, src, name, &idx); /* lists the layer's fields */
    return cov_fail(ctx, COV_ERR_NOT_FOUND,
                    "%s %s: no field '%s' in the --join table %s or in %s; check the spelling "
                    "('ogrinfo -so FILE' lists the fields)",
                    option, name, name, cov_attrjoin_path(join), cov_source_path(src));
}

cov_status_t cov_fieldspec_resolve(cov_ctx_t *ctx, const char *option, const char *spec,
                                   const char *const *defaults, cov_source_t *src,
                                   const cov_attrjoin_t *join, cov_fieldspec_t **out)
{
    *out = NULL;
    cov_fieldspec_t *fs = calloc(1, sizeof *fs);
    if (!fs) return COV_ERR_NOMEM;
    if (!spec) {
        for (size_t i = 0; defaults && defaults[i] && !fs->n; i++) {
            const char *const one[] = {defaults[i], NULL};
            fs->terms[0].idx = cov_source_find_field(src, one);
            if (fs->terms[0].idx < 0 && join) {
                fs->terms[0].idx = cov_attrjoin_field(join, defaults[i]);
                fs->terms[0].in_join = fs->terms[0].idx >= 0;
            }
            if (fs->terms[0].idx >= 0) fs->n = 1;
        }
        if (fs->n)
            *out = fs;
        else
            free(fs);
        return COV_OK;
    }
    if (find_name(spec, src, join, &fs->terms[0])) {
        fs->n = 1;
        *out = fs;
        return COV_OK;
    }
    char *copy = cov_strdup(spec), *save = NULL;
    if (!copy) {
        free(fs);
        return COV_ERR_NOMEM;
    }
    cov_status_t s = COV_OK;
    for (char *tok = strtok_r(copy, "+", &save); tok && !s; tok = strtok_r(NULL, "+", &save)) {
        while (isspace((unsigned char)*tok)) tok++;
        size_t len = strlen(tok);
        while (len && isspace((unsigned char)tok[len - 1])) tok[--len] = '\0';
        if (!*tok) continue;
        if (fs->n == MAX_TERMS)
            s = cov_fail(ctx, COV_ERR_USAGE, "%s: more than %d terms in a sum", option, MAX_TERMS);
        else if (!find_name(tok, src, join, &fs->terms[fs->n++]))
            s = not_found(ctx, option, tok, src, join);
    }
    free(copy);
    if (!s && !fs->n) s = cov_fail(ctx, COV_ERR_USAGE, "%s: no field named", option);
    if (s) {
        free(fs);
        return s;
    }
    *out = fs;
    return COV_OK;
}

void cov_fieldspec_destroy(cov_fieldspec_t *fs) { free(fs); }

bool cov_fieldspec_uses_join(const cov_fieldspec_t *fs)
{
    for (int i = 0; fs && i < fs->n; i++)
        if (fs->terms[i].in_join) return true;
    return false;
}

cov_status_t cov_fieldspec_value(cov_ctx_t *ctx, const cov_fieldspec_t *fs, cov_source_t *src,
                                 const cov_record_t *rec, const cov_attrjoin_t *join, long join_row,
                                 double *out, bool *is_null)
{
    *out = NAN;
    *is_null = true;
    if (!fs) return COV_OK;
    double sum = 0;
    for (int i = 0; i < fs->n; i++) {
        const term_t *t = &fs->terms[i];
        double v;
        bool null;
        cov_status_t s = t->in_join ? cov_attrjoin_number(ctx, join, join_row, t->idx, &v, &null)
                                    : cov_source_number(ctx, src, rec, t->idx, &v, &null);
        if (s) return s;
        if (null) return COV_OK;
        sum += v;
    }
    *out = sum;
    *is_null = false;
    return COV_OK;
}
