/* Coordinate reference systems: parsing user CRS names and choosing a metric working CRS. */
#ifndef COV_CRS_H
#define COV_CRS_H

#include <ogr_srs_api.h>
#include <stdbool.h>

#include "geo/ctx.h"

/* Choose a metric working CRS (an EPSG code) for data whose WGS84 extent is given:
 * - inside Hong Kong: HK1980 Grid (EPSG:2326);
 * - inside China: the CGCS2000 3-degree Gauss-Kruger zone whose central meridian is nearest
 *   the extent's centre (EPSG:4534-4554), or with six_degree the 6-degree zone (EPSG:4502-4512);
 * - elsewhere: the WGS84 UTM zone of the centre (EPSG:326xx north, 327xx south). */
COV_API int cov_crs_pick(double lon_min, double lat_min, double lon_max, double lat_max,
                         bool six_degree);

/* Parse a CRS given by a user: "EPSG:4545", "4545", a WKT or PROJ string, any name PROJ
 * knows. On success *out is a new reference with GIS axis order (caller destroys it with
 * OSRDestroySpatialReference). GCJ02/BD09 are not CRSs: see geo/gcj02.h. */
COV_API cov_status_t cov_crs_parse(cov_ctx_t *ctx, const char *text, OGRSpatialReferenceH *out);

/* The EPSG code of a projected CRS given by text (for --crs), or an error when it is
 * unknown, not EPSG-coded or not metric. */
COV_API cov_status_t cov_crs_parse_epsg(cov_ctx_t *ctx, const char *text, int *srid);

/* True when the lon/lat extent lies within the CRS's area of use (with a margin in degrees).
 * CRSs without a declared area of use accept everything. */
COV_API bool cov_crs_covers(OGRSpatialReferenceH srs, double lon_min, double lat_min,
                            double lon_max, double lat_max, double margin_deg);

#endif
