/* Importing areas, facilities and demand into a project, validated and transactional. */
#ifndef COV_IMPORT_H
#define COV_IMPORT_H

#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/source.h"
#include "geo/store.h"
#include "planner/core/layers.h"

/* cov_layer_role_t: planner/core/layers.h */

/* Parse "areas", "facilities" or "demand"; false for anything else. */
COV_API bool cov_layer_role_parse(const char *name, cov_layer_role_t *out);

typedef struct cov_import_opts {
    cov_source_opts_t source; /* layer, --src-crs, --encoding, coordinate columns */
    const char *id_field;     /* default: id, code, adcode, 区划代码, 编号 (else the FID) */
    const char
        *name_field; /* comma list, first non-empty wins; default name_zh,name,名称,name_en */
    const char *pop_field;     /* areas: total population */
    const char *elderly_field; /* areas: elderly population (e.g. 65+) */
    const char *kind_field;    /* facilities: field whose values map to kinds */
    const char *kind;          /* facilities: one kind for every row instead of kind_field */
    const char *role;          /* facilities: health|eldercare for every row; default from kind */
    const char *capacity_field;
    const char *weight_field; /* demand: weight of each point */
    const char *kind_map;     /* a user mapping CSV (source,kind[,match]) */
    bool keep_outside;        /* keep points outside every area (area left empty) */
    bool replace;             /* replace what an earlier import of the same role brought */
    const char *level;        /* areas: their administrative level (cov_level_parse) */
    const char *parent_field; /* areas: the field holding the parent's code */
    bool append;              /* areas: add to the areas already there (other prefectures,
                                 provinces); their codes must differ */
    bool no_repair;           /* refuse invalid polygons instead of repairing them */
    bool six_degree;          /* choose a 6-degree Gauss-Kruger zone for Chinese data */
    /* areas: a table joined on the area id (e.g. the 2020 census on adcode); --pop-field and
     * --elderly-field may then name its fields. See planner/areapop.h. */
    const char *join;       /* any table GDAL reads */
    const char *join_layer; /* its layer, when it has several */
    const char *join_key;   /* its key field; default: the id field's name, 区划代码, ... */
    bool join_optional;     /* keep areas with no row in the table (numbers left empty) */
} cov_import_opts_t;

typedef struct cov_import_result {
    long long imported; /* rows written */
    long long repaired; /* invalid polygons repaired */
    long long outside;  /* points kept outside every area (with keep_outside) */
    int srid;           /* the project's working CRS after the import */
    bool crs_chosen;    /* the import chose the working CRS */
    bool crs_fitted;    /* ... an equal-area conic fitted to the data (they span several zones) */
} cov_import_result_t;

/* Import path as role into the project. Everything is validated before anything is written,
 * and the write is one transaction: on any failure the project is left exactly as it was. */
COV_API cov_status_t cov_import(cov_ctx_t *ctx, cov_store_t *store, cov_layer_role_t role,
                                const char *path, const cov_import_opts_t *opts,
                                cov_import_result_t *res);

#endif
