/* Internal structures of the map engine, shared by the render/ files and nothing else. */
#ifndef COV_RENDER_MAP_PRIVATE_H
#define COV_RENDER_MAP_PRIVATE_H

#include <pango/pangocairo.h>
#include <stdbool.h>

#include "render/map.h"

#define LEGEND_MAX_CLASSES 10

/* Features are stored as structure of arrays; which arrays are used depends on the kind. */
struct cov_layer {
    cov_map_t *map;
    size_t index;
    cov_layer_kind_t kind;
    char *legend_title;
    cov_style_t style;
    double label_size;
    cov_color_t label_color;

    /* choropleth */
    bool choropleth;
    cov_classify_method_t method;
    int k;
    cov_palette_t palette;
    double breaks[LEGEND_MAX_CLASSES + 1];
    int nbreaks;
    int decimals;
    char *nodata_label;

    /* point categories */
    cov_symbol_t *cats;
    char **cat_labels;
    size_t ncats;
    bool size_by_value;
    double size_ref_value, size_ref_pt;

    /* features */
    size_t n, cap;
    double *x, *y;   /* point, circle centre, line start, polygon label anchor */
    double *x2, *y2; /* line end; x2 is the radius of a circle */
    double *value;
    int *cat;
    char **label;
    double *bbox; /* polygons: minx, miny, maxx, maxy per feature */

    /* polygon rings: feature f owns rings ring0[f] .. ring0[f+1]-1, ring r owns points
     * pt0[r] .. pt0[r+1]-1 of px/py */
    size_t *ring0;
    size_t *pt0;
    size_t nrings, caprings;
    double *px, *py;
    size_t npts, cappts;

    /* filled when drawn */
    cov_color_t colors[LEGEND_MAX_CLASSES];
    size_t class_count[LEGEND_MAX_CLASSES];
    size_t nodata_count;
    size_t *cat_count;
};

typedef struct placed_label {
    char *text; /* borrowed from the layer */
    size_t layer, feature;
    double ax, ay;
    double x, y, w, h;
} placed_label_t;

struct cov_map {
    cov_ctx_t *ctx;
    cov_status_t status;
    char errmsg[512];

    double page_w, page_h; /* points */
    double dpi;
    char *title, *subtitle, *crs, *note, *font, *date;
    bool has_extent, has_inset;
    double ext[4], inset[4];
    double padding;
    unsigned parts;

    cov_layer_t **layers;
    size_t nlayers;

    PangoFontMap *fontmap;
    PangoContext *pango;

    /* results of the last drawing */
    cov_map_view_t view;
    bool has_view;
    cov_scalebar_info_t scalebar;
    bool has_scalebar;
    placed_label_t *labels;
    size_t nlabels, caplabels;
    size_t dropped;
};

/* A rectangle on the page, in points. */
typedef struct box {
    double x, y, w, h;
} box_t;

/* Record the first error on the map (sticky) and in its context; returns st. */
cov_status_t map_fail(cov_map_t *m, cov_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Map units to page points for the current view. */
static inline double view_x(const cov_map_view_t *v, double x)
{
    return v->frame_x + (x - v->minx) * v->pt_per_unit;
}
static inline double view_y(const cov_map_view_t *v, double y)
{
    return v->frame_y + v->frame_h - (y - v->miny) * v->pt_per_unit;
}

static inline void set_color(cairo_t *cr, cov_color_t c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* text.c: pango text in points, with hinting off so every surface lays out alike. */
cov_status_t text_init(cov_map_t *m);
void text_fini(cov_map_t *m);
PangoLayout *text_layout(cov_map_t *m, const char *s, double size_pt, bool bold);
void text_size(PangoLayout *layout, double *w, double *h);
void text_draw(cairo_t *cr, PangoLayout *layout, double x, double y, cov_color_t color,
               double halo_pt);

/* layer.c: classification and colours computed just before drawing. */
void layer_prepare(cov_layer_t *l);
cov_color_t layer_polygon_color(const cov_layer_t *l, size_t f, bool *nodata);
double layer_point_size(const cov_layer_t *l, size_t f);

/* draw.c / symbol.c: the layers inside the map frame. */
void layers_draw(cov_map_t *m, cairo_t *cr);
void symbol_path(cairo_t *cr, cov_shape_t shape, double x, double y, double size);
void symbol_draw(cairo_t *cr, const cov_symbol_t *s, double x, double y, double size);
void points_draw_raster(cov_map_t *m, cairo_t *cr, const cov_layer_t *l);
void nodata_hatch(cairo_t *cr);

/* label.c: placement with overlap avoidance, then drawing. */
void labels_draw(cov_map_t *m, cairo_t *cr);
bool polygon_anchor(const double *px, const double *py, const size_t *pt0, size_t nrings,
                    double precision, double *x, double *y);

/* legend.c, scalebar.c, north.c, inset.c: furniture. */
/* Texts wider than max_w points (0: no limit) wrap onto more lines. */
void legend_measure(cov_map_t *m, double max_w, double *w, double *h);
void legend_draw(cov_map_t *m, cairo_t *cr, double x, double y, double max_w);
void scalebar_draw(cov_map_t *m, cairo_t *cr);
void north_draw(cov_map_t *m, cairo_t *cr);
void inset_draw(cov_map_t *m, cairo_t *cr, box_t b);

/* layout.c: the whole page. */
cov_status_t layout_draw(cov_map_t *m, cairo_t *cr, double px_per_pt);

#endif
