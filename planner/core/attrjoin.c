/* A table joined to a layer by a text key, e.g. the 2020 census joined to areas on adcode. */
#include "planner/core/attrjoin.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <ctype.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "geo/alloc.h"

#define MISSED_KEPT 10

typedef struct jrow {
    char *key;
    OGRFeatureH feature;
    long long src_row; /* 1-based, for messages */
} jrow_t;

struct cov_attrjoin {
    char *path;
    GDALDatasetH ds;
    OGRFeatureDefnH defn;
    int key_idx;
    jrow_t *rows; /* sorted by key */
    size_t n;
    size_t misses;
    char *missed[MISSED_KEPT];
};

/* A trimmed copy of s (NULL for NULL). */
static char *trimmed(const char *s)
{
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    char *t = malloc(n + 1);
    if (!t) return NULL;
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

static bool is_null_text(const char *s)
{
    static const char *const nulls[] = {"", "NA", "N/A", "NULL", "-", "—", NULL};
    for (size_t i = 0; nulls[i]; i++)
        if (strcasecmp(s, nulls[i]) == 0) return true;
    return false;
}

static int cmp_row(const void *a, const void *b)
{
    const jrow_t *ra = a, *rb = b;
    int c = strcmp(ra->key, rb->key);
    return c ? c : (ra->src_row > rb->src_row) - (ra->src_row < rb->src_row);
}

const char *cov_attrjoin_path(const cov_attrjoin_t *jt) { return jt->path; }
const char *cov_attrjoin_key_name(const cov_attrjoin_t *jt)
{
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(jt->defn, jt->key_idx));
}
size_t cov_attrjoin_row_count(const cov_attrjoin_t *jt) { return jt->n; }

int cov_attrjoin_field(const cov_attrjoin_t *jt, const char *name)
{
    int n = OGR_FD_GetFieldCount(jt->defn);
    for (int i = 0; i < n; i++)
        if (strcmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(jt->defn, i)), name) == 0) return i;
    for (int i = 0; i < n; i++)
        if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(jt->defn, i)), name) == 0) return i;
    return -1;
}

const char *cov_attrjoin_field_name(const cov_attrjoin_t *jt, int idx)
{
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(jt->defn, idx));
}

static cov_status_t open_layer(cov_ctx_t *ctx, cov_attrjoin_t *jt, const char *layer,
                               OGRLayerH *out)
{
    struct stat sb;
    if (stat(jt->path, &sb) != 0)
        return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no such file (the --join table)", jt->path);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    jt->ds = GDALOpenEx(jt->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!jt->ds)
        return cov_fail(ctx, COV_ERR_IO,
                        "%s: not a table GDAL can read (CSV, XLSX, GeoPackage, DBF, ...)",
                        jt->path);
    int nl = GDALDatasetGetLayerCount(jt->ds);
    if (layer)
        *out = GDALDatasetGetLayerByName(jt->ds, layer);
    else if (nl == 1)
        *out = GDALDatasetGetLayer(jt->ds, 0);
    else
        *out = NULL;
    if (!*out && layer)
        return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no layer '%s' in the --join table", jt->path,
                        layer);
    if (!*out)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: the --join table has %d layers; choose one with --join-layer",
                        jt->path, nl);
    jt->defn = OGR_L_GetLayerDefn(*out);
    OGR_FD_Reference(jt->defn);
    return COV_OK;
}

static cov_status_t find_key(cov_ctx_t *ctx, cov_attrjoin_t *jt, const char *key_field,
                             const char *const *candidates)
{
    jt->key_idx = -1;
    if (key_field) jt->key_idx = cov_attrjoin_field(jt, key_field);
    for (size_t i = 0; !key_field && candidates && candidates[i] && jt->key_idx < 0; i++)
        jt->key_idx = cov_attrjoin_field(jt, candidates[i]);
    if (jt->key_idx >= 0) return COV_OK;
    char list[768] = "";
    size_t used = 0;
    int nf = OGR_FD_GetFieldCount(jt->defn);
    for (int i = 0; i < nf && used + 8 < sizeof list; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                         cov_attrjoin_field_name(jt, i));
        if (w < 0 || (size_t)w >= sizeof list - used) {
            snprintf(list + used, sizeof list - used, ", ...");
            break;
        }
        used += (size_t)w;
    }
    if (key_field)
        return cov_fail(ctx, COV_ERR_NOT_FOUND,
                        "%s: the --join table has no key field '%s'; its fields are: %s", jt->path,
                        key_field, list);
    return cov_fail(ctx, COV_ERR_NOT_FOUND,
                    "%s: cannot tell the --join table's key field; name it with --join-key "
                    "(its fields are: %s)",
                    jt->path, list);
}

cov_status_t cov_attrjoin_open(cov_ctx_t *ctx, const char *path, const char *layer,
                               const char *key_field, const char *const *candidates,
                               cov_attrjoin_t **out)
{
    *out = NULL;
    GDALAllRegister();
    cov_attrjoin_t *jt = calloc(1, sizeof *jt);
    if (!jt) return COV_ERR_NOMEM;
    jt->path = cov_strdup(path);
    OGRLayerH lyr = NULL;
    cov_status_t s = open_layer(ctx, jt, layer, &lyr);
    if (!s) s = find_key(ctx, jt, key_field, candidates);
    size_t cap = 0;
    long long src_row = 0;
    OGRFeatureH f;
    if (!s) OGR_L_ResetReading(lyr);
    while (!s && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        src_row++;
        const char *raw = OGR_F_IsFieldSetAndNotNull(f, jt->key_idx)
                              ? OGR_F_GetFieldAsString(f, jt->key_idx)
                              : "";
        char *key = trimmed(raw);
        if (!key || is_null_text(key)) { /* e.g. the census's NA rows: no code to join on */
            free(key);
            OGR_F_Destroy(f);
            if (!key) s = COV_ERR_NOMEM;
            continue;
        }
        if (jt->n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            jrow_t *grown = cov_realloc_array(jt->rows, ncap, sizeof *grown);
            if (!grown) {
                free(key);
                OGR_F_Destroy(f);
                s = COV_ERR_NOMEM;
                break;
            }
            jt->rows = grown;
            cap = ncap;
        }
        jt->rows[jt->n++] = (jrow_t){key, f, src_row};
    }
    if (!s && jt->n == 0)
        s = cov_fail(ctx, COV_ERR_EMPTY, "%s: the --join table has no rows with a key in '%s'",
                     path, cov_attrjoin_key_name(jt));
    if (!s) qsort(jt->rows, jt->n, sizeof *jt->rows, cmp_row);
    for (size_t i = 1; !s && i < jt->n; i++)
        if (strcmp(jt->rows[i - 1].key, jt->rows[i].key) == 0)
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: key '%s' appears on rows %lld and %lld of the --join table; "
                         "'%s' must be unique to join on it",
                         path, jt->rows[i].key, jt->rows[i - 1].src_row, jt->rows[i].src_row,
                         cov_attrjoin_key_name(jt));
    if (s) {
        cov_attrjoin_close(jt);
        return s;
    }
    *out = jt;
    return COV_OK;
}

void cov_attrjoin_close(cov_attrjoin_t *jt)
{
    if (!jt) return;
    for (size_t i = 0; i < jt->n; i++) {
        free(jt->rows[i].key);
        OGR_F_Destroy(jt->rows[i].feature);
    }
    for (size_t i = 0; i < MISSED_KEPT; i++) free(jt->missed[i]);
    free(jt->rows);
    if (jt->defn) OGR_FD_Release(jt->defn);
    if (jt->ds) GDALClose(jt->ds);
    free(jt->path);
    free(jt);
}

long cov_attrjoin_lookup(cov_attrjoin_t *jt, const char *key)
{
    char *k = trimmed(key ? key : "");
    if (!k) return -1;
    size_t lo = 0, hi = jt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(jt->rows[mid].key, k);
        if (c == 0) {
            free(k);
            return (long)mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (jt->misses < MISSED_KEPT)
        jt->missed[jt->misses] = k;
    else
        free(k);
    jt->misses++;
    return -1;
}

size_t cov_attrjoin_misses(const cov_attrjoin_t *jt, char *buf, size_t len)
{
    size_t used = 0;
    if (len) buf[0] = '\0';
    for (size_t i = 0; i < jt->misses && i < MISSED_KEPT && len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", jt->missed[i]);
        if (w < 0 || (size_t)w >= len - used) break;
        used += (size_t)w;
    }
    if (jt->misses > MISSED_KEPT && used + 6 < len) snprintf(buf + used, len - used, ", ...");
    return jt->misses;
}

cov_status_t cov_attrjoin_number(cov_ctx_t *ctx, const cov_attrjoin_t *jt, long row, int idx,
                                 double *out, bool *is_null)
{
    *out = NAN;
    *is_null = true;
    if (row < 0 || (size_t)row >= jt->n || idx < 0) return COV_OK;
    OGRFeatureH f = jt->rows[row].feature;
    if (!OGR_F_IsFieldSetAndNotNull(f, idx)) return COV_OK;
    OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(jt->defn, idx));
    if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
        *out = OGR_F_GetFieldAsDouble(f, idx);
        *is_null = false;
        return COV_OK;
    }
    char *text = trimmed(OGR_F_GetFieldAsString(f, idx));
    if (!text) return COV_ERR_NOMEM;
    cov_status_t s = COV_OK;
    if (!is_null_text(text)) {
        char *end;
        *out = strtod(text, &end);
        *is_null = false;
        if (end == text || *end || !isfinite(*out))
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: row %lld (key '%s'): field '%s' is not a number ('%.40s'); fix "
                         "the value, or leave it empty or NA",
                         jt->path, jt->rows[row].src_row, jt->rows[row].key,
                         cov_attrjoin_field_name(jt, idx), CPLIsUTF8(text, -1) ? text : "?");
    }
    free(text);
    return s;
}
