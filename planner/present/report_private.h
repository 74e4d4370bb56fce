/* Internals shared by the report files (report.c, report_data.c, report_pages.c,
 * report_area.c, report_extra.c, report_strings.c). */
#ifndef COV_REPORT_PRIVATE_H
#define COV_REPORT_PRIVATE_H

#include "planner/present/mapview.h"

#include <stdbool.h>

#include "planner/core/kinds.h"
#include "planner/core/presets.h"
#include "planner/present/report.h"
#include "render/chart.h"
#include "render/doc.h"
#include "render/table.h"

/* UI strings, one per key in zh and en (report_strings.c). Format strings take the same
 * conversions in both languages. */
typedef enum present_str_key {
    RS_TITLE,
    RS_SUBTITLE,
    RS_STUDY_AREA,
    RS_STUDY_AREA_FMT,
    RS_SCENARIO,
    RS_COMPARED,
    RS_DATE,
    RS_AUTHOR,
    RS_RUN_FMT,
    RS_PAGE_PREFIX,
    RS_PAGE_SUFFIX,
    RS_FOOTER_FMT,
    RS_SUMMARY,
    RS_KEY_INDICATORS,
    RS_INDICATOR,
    RS_VALUE,
    RS_N_AREAS,
    RS_POPULATION,
    RS_ELDERLY,
    RS_CLINICS,
    RS_SITES,
    RS_CLASS_FMT,
    RS_SITES_WITHIN_FMT,
    RS_ELDERLY_WITHIN_FMT,
    RS_MEDIAN,
    RS_P90,
    RS_MAX,
    RS_UNSERVED_FMT,
    RS_TARGETS,
    RS_TARGET,
    RS_TARGET_VALUE,
    RS_CURRENT,
    RS_STATUS,
    RS_MET,
    RS_NOT_MET,
    RS_NOT_EVALUATED,
    RS_NO_TARGETS_FMT,
    RS_TARGETS_FROM,
    RS_CHART_TITLE_FMT,
    RS_TARGET_LINE_FMT,
    RS_NO_SITES,
    RS_AREAS_TABLE,
    RS_CODE,
    RS_AREA,
    RS_NSITES,
    RS_WITHIN_SHORT_FMT,
    RS_UNSERVED,
    RS_MEDIAN_SHORT,
    RS_ELDERLY_SHORT_FMT,
    RS_OVERVIEW,
    RS_OVERVIEW_NOTE,
    RS_AREA_INDICATORS,
    RS_AREA_SITES,
    RS_CONTINUED_FMT,
    RS_SITE,
    RS_KIND,
    RS_NEAREST,
    RS_DISTANCE,
    RS_CLASS,
    RS_UNSERVED_FLAG,
    RS_AREA_NO_SITES,
    RS_UNSERVED_NOTE_FMT,
    RS_ALL_SERVED_FMT,
    RS_MORE_SITES_FMT,
    RS_MORE_UNSERVED_FMT,
    RS_SITING,
    RS_SITING_RUN_FMT,
    RS_RANK,
    RS_NAME,
    RS_GAIN,
    RS_SITING_NONE,
    RS_ACCESS,
    RS_ACCESS_RUN_FMT,
    RS_PER_1000,
    RS_SCORE,
    RS_DEMAND,
    RS_NO_ACCESS,
    RS_COMPARE_TITLE,
    RS_COMPARE_INTRO_FMT,
    RS_DIFF,
    RS_COMPARE_MAP_NOTE,
    RS_SOURCES,
    RS_DATA_SOURCES,
    RS_SRC_FILE,
    RS_SRC_LAYER,
    RS_SRC_ROLE,
    RS_SRC_FEATURES,
    RS_SRC_CRS,
    RS_PARAMETERS,
    RS_P_RUN,
    RS_P_PRESET,
    RS_P_RADII,
    RS_P_CLASSES,
    RS_P_CLINICS,
    RS_P_DISTANCE,
    RS_P_CRS,
    RS_P_ELDERLY,
    RS_METHOD,
    RS_METHOD_TEXT_FMT,
    RS_METHOD_POLYGON,
    RS_METHOD_DEMAND,
    RS_METHOD_REPRO_FMT,
    RS_TOTAL,
    RS_NA,
    RS_PLANAR,
    RS_GEODESIC,
    RS_ROLE_AREAS,
    RS_ROLE_FACILITIES,
    RS_ROLE_DEMAND,
    RS_COUNT
} present_str_key_t;

const char *present_str_get(present_str_key_t key, bool zh);
/* A class name (from the preset) in the report's language. */
const char *present_str_class(const char *cls, bool zh);

#define RP_MAX_CLASSES (COV_MAX_RADII + 1)

/* One area's indicators (or the whole study area's) from area_coverage. */
typedef struct present_report_area {
    long long id;
    char code[64], name[160];
    double population, elderly; /* NaN unknown */
    long long nclinics, nsites, nunserved;
    long long class_count[RP_MAX_CLASSES];
    double elderly_share[COV_MAX_RADII]; /* fractions, NaN unknown */
    double median, p90, max;             /* NaN when no sites */
    double bbox[4];
    long long *members; /* --level: the ids of the unit's areas (owned); NULL for an area */
    size_t nmembers;
} present_report_area_t;

/* The latest analysis run of a scenario. */
typedef struct present_report_run {
    long long id;
    char scenario[64], created[32], preset[32], distance[16], method[16];
    double radii[COV_MAX_RADII];
    char classes[RP_MAX_CLASSES][32];
    size_t nradii;
    char clinic_kinds[512]; /* comma list as stored */
    long long k;
    present_report_area_t *areas;
    size_t nareas;
    present_report_area_t total;
} present_report_run_t;

typedef struct present_report_target {
    char indicator[192], op[4], label[160], unit[24];
    double value, current; /* current NaN: not evaluated */
    int met;               /* 1 met, 0 not met, -1 not evaluated */
} present_report_target_t;

typedef struct rp {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const cov_report_opts_t *o;
    bool zh;
    const char *lang;
    cov_doc_t *doc;
    cov_kinds_t *kinds;
    cov_mapview_cache_t *maps; /* what the atlas pages' maps share */
    present_report_run_t run;
    char date[16];
    double target; /* the chart's coverage target (%) */
    present_report_target_t *targets;
    size_t ntargets;
    bool targets_table;
    char source_name[256]; /* the study area's source file (basename) */
} present_report_t;

#define S(rp, key) present_str_get((key), (rp)->zh)

cov_status_t present_report_load_run(present_report_t *rp, const char *scenario,
                                     present_report_run_t *run);
void present_report_run_free(present_report_run_t *run);
cov_status_t present_report_load_targets(present_report_t *rp);
/* Share (%) of an area's elder-care sites within radius i; NaN when it has none. */
double present_report_share_within(const present_report_run_t *run, const present_report_area_t *a,
                                   size_t i);

/* Formatting into a caller's buffer (returned for convenience). */
const char *present_report_fmt_int(char *buf, size_t n, double v);    /* 1,451,444; "—" for NaN */
const char *present_report_fmt_pct(char *buf, size_t n, double pct);  /* 40.0%; "—" for NaN */
const char *present_report_fmt_m(char *buf, size_t n, double metres); /* 357 m; "—" for NaN */

/* report_pages.c */
void present_report_cover(present_report_t *rp, const present_report_run_t *cmp_a,
                          const present_report_run_t *cmp_b);
void present_report_summary(present_report_t *rp);
cov_status_t present_report_sources(present_report_t *rp);

/* report_area.c */
cov_status_t present_report_overview(present_report_t *rp);
cov_status_t present_report_area_pages(present_report_t *rp);

/* report_extra.c: sections shown only when their tables exist; return true when drawn. */
cov_status_t present_report_siting(present_report_t *rp, bool *shown);
cov_status_t present_report_access(present_report_t *rp, bool *shown);
cov_status_t present_report_compare(present_report_t *rp, const present_report_run_t *a,
                                    const present_report_run_t *b);

#endif
