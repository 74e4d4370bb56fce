/* Administrative levels and roll-ups (see levels.h). */
#include "planner/core/levels.h"

#include <ctype.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/db.h"

static const struct {
    const char *word;
    cov_level_t level;
} WORDS[] = {
    {"province", COV_LEVEL_PROVINCE}, {"省", COV_LEVEL_PROVINCE},
    {"省级", COV_LEVEL_PROVINCE},     {"prefecture", COV_LEVEL_PREFECTURE},
    {"city", COV_LEVEL_PREFECTURE},   {"市", COV_LEVEL_PREFECTURE},
    {"地级", COV_LEVEL_PREFECTURE},   {"地市", COV_LEVEL_PREFECTURE},
    {"county", COV_LEVEL_COUNTY},     {"district", COV_LEVEL_COUNTY},
    {"县", COV_LEVEL_COUNTY},         {"区", COV_LEVEL_COUNTY},
    {"区县", COV_LEVEL_COUNTY},       {"县级", COV_LEVEL_COUNTY},
    {"township", COV_LEVEL_TOWNSHIP}, {"town", COV_LEVEL_TOWNSHIP},
    {"street", COV_LEVEL_TOWNSHIP},   {"乡镇", COV_LEVEL_TOWNSHIP},
    {"街道", COV_LEVEL_TOWNSHIP},     {"乡级", COV_LEVEL_TOWNSHIP},
    {"village", COV_LEVEL_VILLAGE},   {"community", COV_LEVEL_VILLAGE},
    {"村", COV_LEVEL_VILLAGE},        {"社区", COV_LEVEL_VILLAGE},
    {"村级", COV_LEVEL_VILLAGE},      {"村居", COV_LEVEL_VILLAGE},
};

bool cov_level_parse(const char *text, cov_level_t *out)
{
    *out = COV_LEVEL_NONE;
    for (size_t i = 0; text && i < sizeof WORDS / sizeof *WORDS; i++)
        if (strcmp(text, WORDS[i].word) == 0) {
            *out = WORDS[i].level;
            return true;
        }
    return false;
}

const char *cov_level_name(cov_level_t level)
{
    static const char *const NAMES[] = {"",       "province", "prefecture",
                                        "county", "township", "village"};
    return (unsigned)level <= COV_LEVEL_VILLAGE ? NAMES[level] : "";
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return s[n] == '\0';
}

bool cov_level_code_at(const char *code, cov_level_t to, char *out, size_t n)
{
    static const size_t KEEP12[] = {0, 2, 4, 6, 9, 12}, KEEP6[] = {0, 2, 4, 6, 6, 6};
    if (!code || to < COV_LEVEL_PROVINCE || to > COV_LEVEL_VILLAGE) return false;
    size_t len = strlen(code);
    size_t keep, width;
    if (len == 12 && all_digits(code, 12))
        keep = KEEP12[to], width = 12;
    else if (len == 6 && all_digits(code, 6) && to <= COV_LEVEL_COUNTY)
        keep = KEEP6[to], width = 6;
    else if (len == 9 && all_digits(code, 9) && to <= COV_LEVEL_TOWNSHIP)
        keep = to == COV_LEVEL_TOWNSHIP ? 9 : KEEP6[to], width = to == COV_LEVEL_TOWNSHIP ? 9 : 6;
    else
        return false;
    if (width + 1 > n) return false;
    for (size_t i = 0; i < width; i++) out[i] = i < keep ? code[i] : '0';
    out[width] = '\0';
    return true;
}

typedef struct area_rec {
    long long id;
    char *code, *name, *parent;
    cov_level_t level;
    double population, elderly;
} area_rec_t;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const area_rec_t *)a)->code, ((const area_rec_t *)b)->code);
}

static const area_rec_t *find_code(const area_rec_t *a, size_t n, const char *code)
{
    area_rec_t key = {.code = (char *)code};
    return code ? bsearch(&key, a, n, sizeof *a, cmp_code) : NULL;
}

static cov_status_t load(cov_ctx_t *ctx, cov_store_t *store, area_rec_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    cov_status_t s = cov_store_prepare(ctx, store,
                                       "SELECT id, code, name, population, elderly, level,"
                                       " parent_code FROM main.areas ORDER BY code",
                                       &st);
    if (s) return s;
    size_t cap = 0;
    while (cov_db_row(ctx, store, st, "areas", &s)) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            area_rec_t *g = cov_realloc_array(*out, nc, sizeof *g);
            if (!g) {
                s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
                break;
            }
            *out = g, cap = nc;
        }
        area_rec_t *a = &(*out)[(*n)++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        const char *t;
        a->code = cov_strdup((const char *)sqlite3_column_text(st, 1));
        if ((t = (const char *)sqlite3_column_text(st, 2))) a->name = cov_strdup(t);
        a->population =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        a->elderly = sqlite3_column_type(st, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 4);
        if ((t = (const char *)sqlite3_column_text(st, 5))) cov_level_parse(t, &a->level);
        if ((t = (const char *)sqlite3_column_text(st, 6))) a->parent = cov_strdup(t);
        if (!a->code) {
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
    }
    sqlite3_finalize(st);
    return s;
}

static void recs_free(area_rec_t *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) free(a[i].code), free(a[i].name), free(a[i].parent);
    free(a);
}

/* The code of a's unit at level (out), or false. */
static bool unit_of(const area_rec_t *all, size_t n, const area_rec_t *a, cov_level_t level,
                    char *out, size_t size)
{
    const area_rec_t *cur = a;
    for (int hops = 0; cur && hops < 8; hops++) {
        if (cur->level == level) {
            snprintf(out, size, "%s", cur->code);
            return true;
        }
        if (cur->level != COV_LEVEL_NONE && cur->level < level) return false;
        const area_rec_t *p = find_code(all, n, cur->parent);
        if (p && p != cur) {
            cur = p;
            continue;
        }
        /* No imported parent: the codes say it. */
        return cov_level_code_at(cur->code, level, out, size) ||
               cov_level_code_at(cur->parent, level, out, size);
    }
    return false;
}

typedef struct member {
    char unit[64];
    const area_rec_t *area;
} member_t;

static int cmp_member(const void *a, const void *b)
{
    const member_t *x = a, *y = b;
    int c = strcmp(x->unit, y->unit);
    if (c) return c;
    return (x->area->id > y->area->id) - (x->area->id < y->area->id);
}

void cov_rollup_free(cov_rollup_group_t *g, size_t n)
{
    for (size_t i = 0; g && i < n; i++) free(g[i].code), free(g[i].name), free(g[i].area_ids);
    free(g);
}

cov_status_t cov_area_rollup(cov_ctx_t *ctx, cov_store_t *store, cov_level_t level,
                             cov_rollup_group_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    area_rec_t *all;
    size_t na;
    cov_status_t s = load(ctx, store, &all, &na);
    if (s) {
        recs_free(all, na);
        return s;
    }
    cov_level_t finest = COV_LEVEL_NONE;
    for (size_t i = 0; i < na; i++)
        if (all[i].level > finest) finest = all[i].level;
    if (finest != COV_LEVEL_NONE && level > finest) {
        recs_free(all, na);
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: --level %s is finer than the project's finest areas (%s)",
                        cov_store_path(store), cov_level_name(level), cov_level_name(finest));
    }
    member_t *m = cov_calloc_array(na + 1, sizeof *m);
    size_t nm = 0;
    if (!m) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !s && i < na; i++) {
        if (all[i].level != finest) continue;
        if (!unit_of(all, na, &all[i], level, m[nm].unit, sizeof m[nm].unit))
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: area %s: its %s is not known (its code is not a 6- or 12-digit "
                         "administrative code and it has no parent); import it with "
                         "--parent-field, or import the %s areas with --level",
                         cov_store_path(store), all[i].code, cov_level_name(level),
                         cov_level_name(level));
        m[nm++].area = &all[i];
    }
    if (!s) qsort(m, nm, sizeof *m, cmp_member);
    cov_rollup_group_t *g = NULL;
    size_t ng = 0;
    for (size_t i = 0; !s && i < nm;) {
        size_t j = i;
        while (j < nm && strcmp(m[j].unit, m[i].unit) == 0) j++;
        cov_rollup_group_t *p = cov_realloc_array(g, ng + 1, sizeof *g);
        if (!p) {
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        g = p;
        cov_rollup_group_t *u = &g[ng++];
        memset(u, 0, sizeof *u);
        u->code = cov_strdup(m[i].unit);
        const area_rec_t *named = find_code(all, na, m[i].unit);
        if (named && named->name) u->name = cov_strdup(named->name);
        u->nareas = j - i;
        u->area_ids = cov_calloc_array(u->nareas, sizeof *u->area_ids);
        if (!u->code || !u->area_ids) {
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t k = i; k < j; k++) {
            u->area_ids[k - i] = m[k].area->id;
            u->population += m[k].area->population; /* NaN stays NaN: a gap is not a zero */
            u->elderly += m[k].area->elderly;
        }
        i = j;
    }
    free(m);
    recs_free(all, na);
    if (s) {
        cov_rollup_free(g, ng);
        return s;
    }
    *out = g;
    *n = ng;
    return COV_OK;
}

cov_status_t cov_area_rollup_named(cov_ctx_t *ctx, cov_store_t *store, const char *level,
                                   cov_rollup_group_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    cov_level_t lv;
    if (!cov_level_parse(level, &lv) || lv == COV_LEVEL_VILLAGE)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--level %s: use province, prefecture, county or township (省, 市, 县, "
                        "乡镇)",
                        level ? level : "");
    return cov_area_rollup(ctx, store, lv, out, n);
}
