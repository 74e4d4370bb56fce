/* The map engine: layers, styles and a page layout drawn with cairo + pango to PNG, PDF or SVG.
 *
 * A cov_map_t keeps a sticky status like a cairo_t: the first error is kept (with its message),
 * every later call that builds the map does nothing, and the caller checks once, at
 * cov_map_status() or at the status cov_map_render() returns. Coordinates are map units of a
 * metric projected CRS (metres); sizes of symbols, lines and text are in points (1/72 inch).
 * The engine knows nothing of what the layers mean: all text comes from the caller. */
#ifndef COV_RENDER_MAP_H
#define COV_RENDER_MAP_H

#include <cairo.h>
#include <ogr_api.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/status.h"
#include "render/classify.h"
#include "render/palette.h"

typedef struct cov_map cov_map_t;
typedef struct cov_layer cov_layer_t; /* owned by its map, valid until cov_map_destroy() */

typedef enum cov_layer_kind {
    COV_LAYER_POLYGON = 0, /* OGR Polygon/MultiPolygon features with an optional value */
    COV_LAYER_POINT,       /* point symbols by category, optional size by value */
    COV_LAYER_LINE,        /* straight segments, optional label at the midpoint */
    COV_LAYER_CIRCLE       /* circles of a radius in map units (buffers around points) */
} cov_layer_kind_t;

typedef enum cov_shape {
    COV_SHAPE_CIRCLE = 0,
    COV_SHAPE_SQUARE,
    COV_SHAPE_TRIANGLE,
    COV_SHAPE_DIAMOND,
    COV_SHAPE_CROSS
} cov_shape_t;

/* A point symbol. size is the width of the shape in points. */
typedef struct cov_symbol {
    cov_shape_t shape;
    double size;
    cov_color_t fill;
    cov_color_t outline;
    double outline_width; /* points; 0 draws no outline */
} cov_symbol_t;

/* Fill and stroke for polygons, circles and lines (lines use only the stroke). A colour with
 * alpha 0 is not drawn. dash is the dash length in points, 0 for a solid stroke. */
typedef struct cov_style {
    cov_color_t fill;
    cov_color_t stroke;
    double stroke_width;
    double dash;
} cov_style_t;

typedef enum cov_paper { COV_PAPER_A4 = 0, COV_PAPER_A3 } cov_paper_t;
typedef enum cov_orientation { COV_PORTRAIT = 0, COV_LANDSCAPE } cov_orientation_t;

/* Map furniture that can be switched off (all on by default). */
typedef enum cov_map_part {
    COV_MAP_LEGEND = 1 << 0,
    COV_MAP_SCALEBAR = 1 << 1,
    COV_MAP_NORTH = 1 << 2,
    COV_MAP_INSET = 1 << 3
} cov_map_part_t;

/* ---- the map ---------------------------------------------------------------------------- */

/* Create an empty map (A4 landscape, 150 dpi for PNG). The caller owns it and frees it with
 * cov_map_destroy(); ctx must outlive it and receives the message of the first error. */
COV_API cov_status_t cov_map_create(cov_ctx_t *ctx, cov_map_t **out);
COV_API void cov_map_destroy(cov_map_t *m);

/* The sticky status and its message ("" when COV_OK); the string is owned by the map. */
COV_API cov_status_t cov_map_status(const cov_map_t *m);
COV_API const char *cov_map_errmsg(const cov_map_t *m);

/* Page size: a paper size, any size in points, or a pixel size (which makes the page that
 * many pixels at 96 dpi, so PNG output has exactly w_px x h_px pixels). */
COV_API void cov_map_set_paper(cov_map_t *m, cov_paper_t paper, cov_orientation_t orient);
COV_API void cov_map_set_page_size(cov_map_t *m, double width_pt, double height_pt);
COV_API void cov_map_set_pixel_size(cov_map_t *m, int width_px, int height_px);
/* Resolution of PNG output (dots per inch, 10..2400). */
COV_API void cov_map_set_dpi(cov_map_t *m, double dpi);

/* Texts; each is copied, NULL clears. The note is drawn under the map after the CRS name. */
COV_API void cov_map_set_title(cov_map_t *m, const char *title, const char *subtitle);
COV_API void cov_map_set_note(cov_map_t *m, const char *crs_name, const char *note);
/* The date written into PDF metadata (ISO 8601, e.g. 2026-11-23T10:00:00Z); NULL: the time
 * of writing. A fixed date makes the same map give the same PDF bytes. */
COV_API void cov_map_set_date(cov_map_t *m, const char *iso8601);
/* Font family for all text (default "Noto Sans CJK SC"). */
COV_API void cov_map_set_font(cov_map_t *m, const char *family);

/* Show the given extent instead of the data's. The extent is padded by the padding fraction
 * (default 0.04) of its larger side and widened to the frame's aspect ratio either way. */
COV_API void cov_map_set_extent(cov_map_t *m, double minx, double miny, double maxx, double maxy);
COV_API void cov_map_set_padding(cov_map_t *m, double fraction);
/* Draw an inset of the whole study area with the shown extent as a rectangle. */
COV_API void cov_map_set_inset(cov_map_t *m, double minx, double miny, double maxx, double maxy);
/* Which furniture to draw: an OR of cov_map_part_t (default all; the inset also needs
 * cov_map_set_inset()). */
COV_API void cov_map_set_parts(cov_map_t *m, unsigned parts);

/* ---- layers --------------------------------------------------------------------------- */

/* Add a layer on top of those already added and return it (NULL once the map is in error).
 * legend_title NULL leaves the layer out of the legend. For a single-style layer the legend
 * row is its title; categorized and classified layers get the title as a heading and a row
 * per class. Labels are placed in the order layers were added, so earlier layers win. */
COV_API cov_layer_t *cov_map_add_layer(cov_map_t *m, cov_layer_kind_t kind,
                                       const char *legend_title);

/* Fill/stroke of polygons, circles and lines. */
COV_API void cov_layer_set_style(cov_layer_t *l, const cov_style_t *style);
/* Classify polygon values into classes coloured from a palette. For COV_CLASSIFY_GIVEN the
 * nbreaks breaks (ascending, min first, max last) are used as they are; otherwise breaks may be
 * NULL and k classes are computed when the map is drawn. NaN values get the "no data" hatch. */
COV_API void cov_layer_set_choropleth(cov_layer_t *l, cov_classify_method_t method, int k,
                                      cov_palette_t palette, const double *breaks, int nbreaks);
/* Decimals of class bounds in the legend (default 0) and the "no data" legend text. */
COV_API void cov_layer_set_legend_format(cov_layer_t *l, int decimals, const char *nodata_label);
/* Label font size (points, default 9) and colour (default near-black); labels get a white halo. */
COV_API void cov_layer_set_label_style(cov_layer_t *l, double size_pt, cov_color_t color);

/* Add a point category; returns its index (>= 0) or -1 once the map is in error. */
COV_API int cov_layer_add_category(cov_layer_t *l, const char *label, const cov_symbol_t *symbol);
/* Size points by their value: a point with value ref_value gets size ref_size_pt and sizes
 * grow with the square root of the value (area proportional), clamped to 1..60 pt. */
COV_API void cov_layer_set_size_by_value(cov_layer_t *l, double ref_value, double ref_size_pt);

/* Features. Labels may be NULL; all inputs are copied, the caller keeps its geometry.
 * Polygon layers take OGR Polygon or MultiPolygon geometries (2D coordinates are used). */
COV_API void cov_layer_add_polygon(cov_layer_t *l, OGRGeometryH geom, double value,
                                   const char *label);
COV_API void cov_layer_add_point(cov_layer_t *l, double x, double y, int category, double value,
                                 const char *label);
COV_API void cov_layer_add_line(cov_layer_t *l, double x1, double y1, double x2, double y2,
                                const char *label);
COV_API void cov_layer_add_circle(cov_layer_t *l, double x, double y, double radius);

/* Number of features in a layer. */
COV_API size_t cov_layer_count(const cov_layer_t *l);

/* ---- output --------------------------------------------------------------------------- */

/* Draw the map and write it to path; the format follows the extension (.png, .pdf, .svg,
 * case-insensitive). PDF and SVG pages are the page size in points with text as vector glyphs
 * (PDF text stays selectable, fonts embedded). Returns the map's sticky status if set;
 * otherwise COV_ERR_USAGE for another extension and COV_ERR_IO when the file cannot be
 * written (message names the path). Output errors are reported but not made sticky, so the
 * caller may retry with another path. */
COV_API cov_status_t cov_map_render(cov_map_t *m, const char *path);

/* Draw the page onto any cairo context whose user unit is one point, at (0,0). px_per_pt is
 * the device scale (used to snap raster symbols; 1.0 for vector surfaces). Lets a report put a
 * map on one page of a longer document. */
COV_API cov_status_t cov_map_draw(cov_map_t *m, cairo_t *cr, double px_per_pt);

/* ---- what the last drawing placed (valid after cov_map_render/cov_map_draw) ---------------- */

/* The map view: shown extent (map units), map frame on the page (points) and scales. */
typedef struct cov_map_view {
    double minx, miny, maxx, maxy;
    double frame_x, frame_y, frame_w, frame_h;
    double pt_per_unit;       /* points per map unit, the same along x and y */
    double px_per_pt;         /* device pixels per point of the last drawing */
    double scale_denominator; /* 1 : N of the printed page */
} cov_map_view_t;

/* The scale bar as drawn: its labelled distance and its length. */
typedef struct cov_scalebar_info {
    double metres;    /* labelled distance (1, 2 or 5 times a power of ten) */
    double length_pt; /* length on the page in points */
    double length_px; /* length in device pixels of the last drawing */
} cov_scalebar_info_t;

/* A placed label: its text (owned by the map), the layer and feature it belongs to, its
 * anchor in map units and its box on the page in points. */
typedef struct cov_label_info {
    const char *text;
    size_t layer, feature;
    double anchor_x, anchor_y;
    double x, y, w, h;
} cov_label_info_t;

/* The map's view (extent and scale) once laid out. */
COV_API cov_status_t cov_map_get_view(const cov_map_t *m, cov_map_view_t *out);
/* COV_ERR_EMPTY when no scale bar was drawn. */
COV_API cov_status_t cov_map_get_scalebar(const cov_map_t *m, cov_scalebar_info_t *out);
COV_API size_t cov_map_label_count(const cov_map_t *m);    /* labels placed */
COV_API size_t cov_map_labels_dropped(const cov_map_t *m); /* labels left out to avoid overlaps */
COV_API cov_status_t cov_map_get_label(const cov_map_t *m, size_t i, cov_label_info_t *out);

#endif
