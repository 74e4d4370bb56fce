/*
 * covplan.h — the public API of libcovplan, the geographic service-coverage planner.
 *
 * Include this one header; link with `pkg-config --cflags --libs covplan`. Every function
 * declared with COV_API in the headers below is exported; nothing else in libcovplan.so is.
 * Conventions: functions return cov_status_t (COV_OK == 0) and put objects in out pointers;
 * the message of a failure is cov_ctx_errmsg(ctx); a cov_ctx_t is passed first and owns the
 * PROJ context, logging, progress and the data folder. The library never prints or exits.
 *
 *     cov_ctx_t *ctx;
 *     cov_store_t *project;
 *     cov_ctx_create(&ctx);
 *     if (cov_project_open(ctx, "plan.sqlite", true, &project) == COV_OK) { ...; cov_store_close(project); }
 *     cov_ctx_destroy(ctx);
 */
#ifndef COVPLAN_H
#define COVPLAN_H

#ifdef __cplusplus
extern "C" {
#endif

#include "geo/status.h"
#include "geo/ctx.h"
#include "geo/alloc.h"
#include "geo/store.h"
#include "geo/crs.h"
#include "geo/gcj02.h"
#include "geo/crsconv.h"
#include "planner/core/kinds.h"
#include "planner/core/layers.h"
#include "planner/core/options.h"
#include "planner/core/project.h"
#include "planner/core/distance.h"
#include "planner/core/levels.h"
#include "planner/core/roads_store.h"
#include "planner/core/access_store.h"
#include "planner/core/tables.h"
#include "planner/import/import.h"
#include "planner/scenario/scenario.h"
#include "planner/roads/roads.h"
#include "planner/analyze/analyze.h"
#include "planner/access/measure/access.h"
#include "planner/access/access_run.h"
#include "planner/site/solver/site.h"
#include "planner/site/solver/site_matrix.h"
#include "planner/site/site_csv.h"
#include "planner/site/site_plan.h"
#include "planner/results/indicators.h"
#include "planner/results/compare.h"
#include "planner/results/info.h"
#include "planner/results/export.h"
#include "planner/present/mapview.h"
#include "planner/present/report.h"
#include "render/map.h"
#include "geo/source.h"
#include "geo/kdtree.h"
#include "geo/geodist.h"
#include "geo/graph.h"
#include "render/palette.h"
#include "render/classify.h"
#include "planner/core/presets.h"

#ifdef __cplusplus
}
#endif

#endif
