/* The facility-kind vocabulary and the mapping of source values onto it. */
#include "planner/core/kinds.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geo/alloc.h"

typedef struct kind_row {
    char *kind, *role, *label_zh, *label_en;
    bool primary, public_;
} kind_row_t;

typedef struct map_row {
    char *source, *kind;
    bool contains;
} map_row_t;

struct cov_kinds {
    kind_row_t *kinds;
    size_t nkinds;
    map_row_t *map;
    size_t nmap;
};

typedef cov_status_t (*row_fn)(cov_ctx_t *ctx, cov_kinds_t *k, OGRFeatureH f, const char *path,
                               long long row);

/* Read a CSV through GDAL's CSV driver, calling fn for each row. */
static cov_status_t read_csv(cov_ctx_t *ctx, cov_kinds_t *k, const char *path, row_fn fn)
{
    static const char *const drivers[] = {"CSV", NULL};
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds)
        return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: cannot read the kind table (a CSV file)",
                        path);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    long long row = 0;
    cov_status_t s = COV_OK;
    while (!s && (f = OGR_L_GetNextFeature(lyr))) {
        s = fn(ctx, k, f, path, ++row);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return s;
}

static const char *field(OGRFeatureH f, const char *name)
{
    int idx = OGR_F_GetFieldIndex(f, name);
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx)) return NULL;
    return OGR_F_GetFieldAsString(f, idx);
}

static cov_status_t add_kind(cov_ctx_t *ctx, cov_kinds_t *k, OGRFeatureH f, const char *path,
                             long long row)
{
    const char *kind = field(f, "kind"), *role = field(f, "role");
    if (!kind || !role || (strcmp(role, "health") != 0 && strcmp(role, "eldercare") != 0))
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: row %lld: needs a kind and a role of health or eldercare", path, row);
    kind_row_t *grown = cov_realloc_array(k->kinds, k->nkinds + 1, sizeof *grown);
    if (!grown) return COV_ERR_NOMEM;
    k->kinds = grown;
    kind_row_t *r = &k->kinds[k->nkinds++];
    const char *zh = field(f, "label_zh"), *en = field(f, "label_en");
    const char *pc = field(f, "primary_care"), *pub = field(f, "public");
    r->kind = cov_strdup(kind);
    r->role = cov_strdup(role);
    r->label_zh = cov_strdup(zh ? zh : kind);
    r->label_en = cov_strdup(en ? en : kind);
    r->primary = pc && atoi(pc) != 0;
    r->public_ = pub && atoi(pub) != 0;
    return COV_OK;
}

static cov_status_t add_map(cov_ctx_t *ctx, cov_kinds_t *k, OGRFeatureH f, const char *path,
                            long long row)
{
    const char *source = field(f, "source"), *kind = field(f, "kind"), *match = field(f, "match");
    if (!source || !kind)
        return cov_fail(ctx, COV_ERR_INPUT, "%s: row %lld: a mapping row needs source and kind",
                        path, row);
    if (!cov_kinds_role(k, kind))
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: row %lld: '%s' is not a known kind (see data/kinds.csv or "
                        "covplan import --help)",
                        path, row, kind);
    if (match && strcmp(match, "exact") != 0 && strcmp(match, "contains") != 0)
        return cov_fail(ctx, COV_ERR_INPUT,
                        "%s: row %lld: match must be 'exact' or 'contains', not '%s'", path, row,
                        match);
    map_row_t *grown = cov_realloc_array(k->map, k->nmap + 1, sizeof *grown);
    if (!grown) return COV_ERR_NOMEM;
    k->map = grown;
    map_row_t *r = &k->map[k->nmap++];
    r->source = cov_strdup(source);
    r->kind = cov_strdup(kind);
    r->contains = match && strcmp(match, "contains") == 0;
    return COV_OK;
}

cov_status_t cov_kinds_load(cov_ctx_t *ctx, const char *data_dir, const char *user_map,
                            cov_kinds_t **out)
{
    *out = NULL;
    cov_kinds_t *k = calloc(1, sizeof *k);
    if (!k) return COV_ERR_NOMEM;
    char path[4096];
    const char *dir = data_dir ? data_dir : cov_ctx_data_dir(ctx);
    snprintf(path, sizeof path, "%s/kinds.csv", dir);
    cov_status_t s = read_csv(ctx, k, path, add_kind);
    if (!s && user_map) s = read_csv(ctx, k, user_map, add_map);
    snprintf(path, sizeof path, "%s/kind_map.csv", dir);
    if (!s) s = read_csv(ctx, k, path, add_map);
    if (s) {
        cov_kinds_destroy(k);
        return s;
    }
    *out = k;
    return COV_OK;
}

void cov_kinds_destroy(cov_kinds_t *k)
{
    if (!k) return;
    for (size_t i = 0; i < k->nkinds; i++) {
        free(k->kinds[i].kind);
        free(k->kinds[i].role);
        free(k->kinds[i].label_zh);
        free(k->kinds[i].label_en);
    }
    for (size_t i = 0; i < k->nmap; i++) {
        free(k->map[i].source);
        free(k->map[i].kind);
    }
    free(k->kinds);
    free(k->map);
    free(k);
}

size_t cov_kinds_count(const cov_kinds_t *k) { return k->nkinds; }
const char *cov_kinds_name(const cov_kinds_t *k, size_t i) { return k->kinds[i].kind; }

static const kind_row_t *find_kind(const cov_kinds_t *k, const char *kind)
{
    for (size_t i = 0; kind && i < k->nkinds; i++)
        if (strcmp(k->kinds[i].kind, kind) == 0) return &k->kinds[i];
    return NULL;
}

const char *cov_kinds_role(const cov_kinds_t *k, const char *kind)
{
    const kind_row_t *r = find_kind(k, kind);
    return r ? r->role : NULL;
}

const char *cov_kinds_label(const cov_kinds_t *k, const char *kind, const char *lang)
{
    const kind_row_t *r = find_kind(k, kind);
    if (!r) return kind;
    return (lang && strcmp(lang, "zh") == 0) ? r->label_zh : r->label_en;
}

bool cov_kinds_is_primary(const cov_kinds_t *k, const char *kind)
{
    const kind_row_t *r = find_kind(k, kind);
    return r && r->primary;
}

bool cov_kinds_is_public(const cov_kinds_t *k, const char *kind)
{
    const kind_row_t *r = find_kind(k, kind);
    return r && r->public_;
}

const char *cov_kinds_map(const cov_kinds_t *k, const char *field_name, const char *value)
{
    if (!value) return NULL;
    while (*value == ' ') value++;
    size_t vlen = strlen(value);
    while (vlen && value[vlen - 1] == ' ') vlen--;
    char key[512];
    if (field_name) {
        snprintf(key, sizeof key, "%s=%.*s", field_name, (int)vlen, value);
        for (size_t i = 0; i < k->nmap; i++)
            if (!k->map[i].contains && strcasecmp(k->map[i].source, key) == 0)
                return k->map[i].kind;
    }
    snprintf(key, sizeof key, "%.*s", (int)vlen, value);
    for (size_t i = 0; i < k->nmap; i++)
        if (!k->map[i].contains && strcasecmp(k->map[i].source, key) == 0) return k->map[i].kind;
    for (size_t i = 0; i < k->nmap; i++)
        if (k->map[i].contains && strstr(key, k->map[i].source)) return k->map[i].kind;
    return NULL;
}

bool cov_comma_list_has(const char *list, const char *kind)
{
    size_t len = strlen(kind);
    for (const char *p = list; p && *p;) {
        size_t l = strcspn(p, ",");
        if (l == len && strncmp(p, kind, len) == 0) return true;
        p += l;
        if (*p == ',') p++;
    }
    return false;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

cov_status_t cov_kinds_select(cov_ctx_t *ctx, const cov_kinds_t *k, const char *spec,
                              const char *option, const char **out, size_t *n)
{
    *n = 0;
    if (!spec || !*spec) spec = "all";
    bool all = !strcmp(spec, "all"), prim = !strcmp(spec, "primary"), pub = !strcmp(spec, "public"),
         pubprim = !strcmp(spec, "public-primary");
    bool list = !all && !prim && !pub && !pubprim;
    size_t nk = cov_kinds_count(k);
    for (size_t i = 0; i < nk; i++) {
        const char *name = cov_kinds_name(k, i);
        const char *role = cov_kinds_role(k, name);
        if (!role || strcmp(role, "health") != 0) continue;
        bool isp = cov_kinds_is_primary(k, name), isq = cov_kinds_is_public(k, name);
        bool take = list ? cov_comma_list_has(spec, name)
                         : all || (prim && isp) || (pub && isq) || (pubprim && isp && isq);
        bool seen = false;
        for (size_t j = 0; j < *n && !seen; j++) seen = strcmp(out[j], name) == 0;
        if (take && !seen) out[(*n)++] = name;
    }
    for (const char *p = spec; list && *p;) { /* every listed kind must be a health kind */
        size_t l = strcspn(p, ",");
        bool found = false;
        for (size_t i = 0; i < *n && !found; i++)
            found = strlen(out[i]) == l && strncmp(out[i], p, l) == 0;
        if (!found)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "%s: '%.*s' is not a health facility kind; give all, primary, public, "
                            "public-primary or kinds from data/kinds.csv, e.g. "
                            "hospital,general_outpatient_clinic",
                            option, (int)l, p);
        p += l;
        if (*p == ',') p++;
    }
    if (!*n) return cov_fail(ctx, COV_ERR_USAGE, "%s '%s' selects no facility kind", option, spec);
    qsort(out, *n, sizeof *out, cmp_name);
    return COV_OK;
}
