/* Coverage and co-location: how close elder-care sites (and demand points) are to clinics. */
#ifndef COV_ANALYZE_H
#define COV_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/store.h"
#include "planner/core/options.h"
#include "planner/core/presets.h"

#define COV_ANALYZE_WORST 5

typedef struct cov_analyze_opts {
    const char *scenario;     /* NULL: "base" (the imported data) */
    const char *preset;       /* radius preset in data/presets.csv; NULL: "gb50180" */
    const char *radii;        /* comma list overriding the preset's radii; NULL: the preset's */
    const char *clinics;      /* which health kinds count as clinics: NULL or "all", "primary",
                                 "public", or a comma list of kinds */
    size_t k;                 /* nearest clinics kept per site; 0: 3 */
    bool geodesic;            /* distances on the ellipsoid instead of planar */
    bool clinic_partners;     /* also the nearest elder-care site of every clinic */
    const char *data_dir;     /* NULL: cov_ctx_data_dir(ctx) */
    cov_distance_opts_t dist; /* straight lines (default) or along the project's roads */
} cov_analyze_opts_t;

/* One area in the summary's list of worst areas. */
typedef struct cov_analyze_area {
    char code[64];
    char name[128];
    size_t nsites;
    size_t nbeyond;
    double median; /* nearest-clinic distance of its elder-care sites (nearest rank); NaN if none */
    double share_within[COV_MAX_RADII]; /* share of its elder-care sites within each radius */
} cov_analyze_area_t;

typedef struct cov_analyze_summary {
    long long run_id;
    bool replaced;        /* a run with the same scenario and parameters was replaced */
    bool up_to_date;      /* inputs and parameters unchanged: the stored run was reused */
    long long reused;     /* how many times the stored run has been reused */
    char computed_at[32]; /* when the run's results were computed (UTC) */
    char scenario[64];
    char params_hash[17];
    cov_radii_t radii;
    size_t nclinics, nsites, ndemand, nareas;
    size_t class_count[COV_MAX_RADII + 1]; /* elder-care sites per class */
    char method[16];                       /* elderly coverage: "demand" or "polygon" */
    bool geodesic;                         /* distances measured on the ellipsoid */
    double elderly_share[COV_MAX_RADII];   /* share of the elderly within each radius; NaN */
    size_t capacity_known;                 /* elder-care sites with a known capacity */
    double capacity_per_1000;              /* per 1000 elderly; NaN unless every capacity and
                                              the elderly population are known */
    double median, p90, max;               /* nearest-clinic distance over all sites */
    size_t partners_beyond;                /* clinics with no elder-care site within the last
                                              radius (--clinic-partners), else 0 */
    size_t nunreached;                     /* --metric network: elder-care sites with no
                                              clinic reachable (class beyond, NULL distance) */
    size_t nworst;
    cov_analyze_area_t worst[COV_ANALYZE_WORST]; /* highest median distance first */
} cov_analyze_summary_t;

/* Analyse the project and store the results (tables analysis_runs, site_coverage,
 * area_coverage; created on first use). Everything is checked before anything is written and
 * the write is one transaction: on failure the project is unchanged. A run with the same
 * scenario and parameters replaces the earlier one (keeping its id); when its inputs (the
 * scenario's effective facilities, areas, demand) are unchanged too, nothing is recomputed:
 * the run's reuse counter goes up and sum is filled from the stored rows (up_to_date).
 * A scenario other than "base" reads its effective facility set (planner/scenario.h) and its
 * "analysis" parameters fill the options not given. sum may be NULL. */
COV_API cov_status_t cov_analyze(cov_ctx_t *ctx, cov_store_t *store, const cov_analyze_opts_t *opts,
                                 cov_analyze_summary_t *sum);

/* The nearest-rank percentile (p in (0, 100]) of n sorted values: the value at rank
 * ceil(p/100 * n), 1-based. NaN when n is 0. */
COV_API double cov_percentile_nearest_rank(const double *sorted, size_t n, int p);

#endif
