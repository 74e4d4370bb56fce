/* Chinese web-map coordinates: WGS84 <-> GCJ-02 (AMap, Tencent) <-> BD-09 (Baidu), in degrees. */
#ifndef COV_GCJ02_H
#define COV_GCJ02_H

#include "geo/status.h"

#include <stdbool.h>

/* Largest forward-image mismatch (degrees, about 1 micrometre) at which the iterative inverses
 * stop. Inside the box they reach it in 2-5 steps; a cap of 50 steps only guards termination. */
#define COV_GCJ02_INVERSE_TOL 1e-11

/* True when (lon, lat) is inside the rough box where the GCJ-02/BD-09 offsets are applied:
 * 72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271, the box of the gcoord converter.
 * NaN and infinities are outside. */
COV_API bool cov_gcj02_in_china(double lon, double lat);

/* WGS84 -> GCJ-02 with the published Krasovsky-ellipsoid formulas; unchanged outside China.
 * Every converter here writes both outputs and tolerates out pointers aliasing the inputs. */
COV_API void cov_wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);
/* GCJ-02 -> WGS84, solved by fixed-point iteration until the forward image of the result
 * matches (lon, lat) to COV_GCJ02_INVERSE_TOL degrees; unchanged outside China. */
COV_API void cov_gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);
/* GCJ-02 -> BD-09 (Baidu's extra rotation/scale plus shift); unchanged outside China. */
COV_API void cov_gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat);
/* BD-09 -> GCJ-02: the exact inverse of cov_gcj02_to_bd09 by iteration (not the usual closed
 * form, which is off by up to a few decimetres) to COV_GCJ02_INVERSE_TOL; unchanged outside
 * China. */
COV_API void cov_bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);
/* WGS84 -> BD-09 through GCJ-02; unchanged outside China (the box is tested on the input). */
COV_API void cov_wgs84_to_bd09(double lon, double lat, double *out_lon, double *out_lat);
/* BD-09 -> WGS84 through GCJ-02, both steps iterative; unchanged outside China. */
COV_API void cov_bd09_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);

/* Which Chinese web-map system a source's coordinates are in. */
typedef enum cov_webcrs { COV_WEBCRS_NONE = 0, COV_WEBCRS_GCJ02, COV_WEBCRS_BD09 } cov_webcrs_t;

/* Parse a system name, case-insensitively, ignoring '-', '_' and spaces: "GCJ02", "gcj-02",
 * "BD09", "bd-09", "BD09LL". Returns COV_WEBCRS_NONE for NULL and anything else (including
 * "BD09MC", Baidu's metre grid, which is a different system). */
COV_API cov_webcrs_t cov_webcrs_parse(const char *name);
/* Canonical name, "GCJ02" or "BD09" (static storage); NULL for COV_WEBCRS_NONE. */
COV_API const char *cov_webcrs_name(cov_webcrs_t w);

/* Convert a point in place from system w to WGS84; no-op for COV_WEBCRS_NONE and outside China. */
COV_API void cov_webcrs_to_wgs84(cov_webcrs_t w, double *lon, double *lat);
/* Convert a point in place from WGS84 to system w; no-op for COV_WEBCRS_NONE and outside China. */
COV_API void cov_wgs84_to_webcrs(cov_webcrs_t w, double *lon, double *lat);

#endif
