/* Internals of the document engine, shared by render/doc.c, table.c and chart.c only. */
#ifndef COV_RENDER_DOC_PRIVATE_H
#define COV_RENDER_DOC_PRIVATE_H

#include <pango/pangocairo.h>
#include <stdio.h>

#include "render/doc.h"

struct cov_doc {
    cov_ctx_t *ctx;
    cov_status_t status;
    char errmsg[512];
    char *path;
    FILE *file;
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoFontMap *fontmap;
    PangoContext *pango;
    char *font;

    double page_w, page_h, margin;
    double body_top, body_bottom; /* y of the body on the current page */
    double cursor;
    int page; /* pages started so far */
    bool skip_running;
    char *head_left, *head_right, *foot_left, *num_prefix, *num_suffix;
};

/* Record the first error (sticky) in the document and its context; returns st. */
cov_status_t doc_fail(cov_doc_t *d, cov_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A pango layout of text in the document's font (size in points; width <= 0: no wrapping).
 * The caller unrefs it. */
PangoLayout *doc_layout(cov_doc_t *d, const char *text, double size_pt, unsigned flags,
                        double width);
/* Logical size of a layout in points. */
void doc_layout_size(PangoLayout *l, double *w, double *h);
/* Show a layout with its top-left corner at (x, y), near-black or grey (COV_TEXT_MUTED). */
void doc_show(cov_doc_t *d, PangoLayout *l, double x, double y, unsigned flags);

#endif
