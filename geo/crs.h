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

/*
 * An equal-area projection fitted to a wide extent (a province, several, the country): an Albers
 * conic on CGCS2000 (EPSG:4490's datum) with standard parallels at 1/6 and 5/6 of the latitude
 * range and the central meridian at the middle of the longitude range (rounded to 0.5 degree,
 * so that the same extent gives the same CRS). The caller owns *out.
 */
COV_API cov_status_t cov_crs_fit_wide(cov_ctx_t *ctx, double lon_min, double lat_min,
                                      double lon_max, double lat_max, OGRSpatialReferenceH *out);

/*
 * The working CRS for data with this WGS84 extent: cov_crs_pick's zone when the data fit it
 * (its area of use, with a 1 degree margin), else (or with wide) cov_crs_fit_wide's
 * equal-area conic. *fitted says which. The caller owns *out.
 */
COV_API cov_status_t cov_crs_choose(cov_ctx_t *ctx, const double ext[4], bool six_degree, bool wide,
                                    OGRSpatialReferenceH *out, bool *fitted);

/* A projected CRS that is not an EPSG code (a fitted Albers, a user's WKT or PROJ string). */
COV_API cov_status_t cov_crs_parse_projected(cov_ctx_t *ctx, const char *text,
                                             OGRSpatialReferenceH *out, int *epsg);

/*
 * How far the CRS's scale departs from 1 over a lon/lat extent (sampled on a 41 x 41 grid
 * with a 0.1 degree margin, PROJ's proj_factors): *worst is the largest |scale - 1| in any
 * direction (Tissot's semi-axes), as a fraction (0.001 = 0.1%), and *max_scale the largest
 * linear scale (a bound on planar distance / ellipsoidal distance over the extent).
 */
COV_API cov_status_t cov_crs_scale_error(cov_ctx_t *ctx, OGRSpatialReferenceH srs, double lon_min,
                                         double lat_min, double lon_max, double lat_max,
                                         double *worst, double *max_scale);

/* The square root of the CRS's areal scale at each of n lon/lat points (degrees, the CRS's own
 * datum) into out[]: a circle of radius r on the ellipsoid there covers about as much of the map
 * as a disk of radius r * out[i] (exactly so in the limit of small r). COV_ERR_CRS where the CRS
 * is not defined. */
cov_status_t cov_crs_areal_scale(cov_ctx_t *ctx, OGRSpatialReferenceH srs, size_t n,
                                 const double *lon, const double *lat, double *out);

/* Planar distances are used only while the worst scale error over the data stays below this. */
#define COV_CRS_PLANAR_MAX_ERROR 0.001

#endif
