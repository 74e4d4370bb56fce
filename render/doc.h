/* Multi-page PDF documents: pages with margins, a running header and footer, page numbers,
 * flowing text (pango), and regions for maps, tables (render/table.h) and charts
 * (render/chart.h).
 *
 * A cov_doc_t keeps a sticky status like a cairo_t: the first error is kept with its message,
 * later calls do nothing, and the caller checks once, at cov_doc_finish(). Positions are in
 * points from the top-left corner of the page; the "cursor" is the y where the next block of
 * flowing content goes. The engine knows nothing of what it typesets: all text is the
 * caller's. */
#ifndef COV_RENDER_DOC_H
#define COV_RENDER_DOC_H

#include <cairo.h>
#include <stdbool.h>

#include "geo/ctx.h"
#include "geo/status.h"
#include "render/map.h"

typedef struct cov_doc cov_doc_t;

typedef struct cov_doc_opts {
    cov_paper_t paper;        /* COV_PAPER_A4 (default) or COV_PAPER_A3 */
    cov_orientation_t orient; /* COV_PORTRAIT (default) or COV_LANDSCAPE */
    double margin;            /* points on every side; 0: 42.5 pt (15 mm) */
    const char *font;         /* NULL: "Noto Sans CJK SC" */
    const char *language;     /* pango language for shaping; NULL: "zh-cn" */
    const char *title;        /* PDF metadata; NULL: none */
    const char *author;       /* PDF metadata; NULL: none */
    const char *date;         /* PDF creation date (ISO 8601 "YYYY-MM-DDThh:mm:ssZ"), so the
                                 same inputs give the same file; NULL: cairo's clock */
} cov_doc_opts_t;

/* Text flags for cov_doc_text() and friends. */
typedef enum cov_text_flag {
    COV_TEXT_BOLD = 1 << 0,
    COV_TEXT_CENTER = 1 << 1,
    COV_TEXT_RIGHT = 1 << 2,
    COV_TEXT_MUTED = 1 << 3, /* grey instead of near-black */
    COV_TEXT_NOWRAP = 1 << 4 /* one line, ellipsized at the end when too long */
} cov_text_flag_t;

/* Open path for writing and start a document (no page yet). The file is opened at once, so an
 * unwritable path fails here with COV_ERR_IO naming it. The caller owns *out and ends it with
 * cov_doc_finish() (which frees it); cov_doc_destroy() abandons it and removes the file. */
cov_status_t cov_doc_create(cov_ctx_t *ctx, const char *path, const cov_doc_opts_t *opts,
                            cov_doc_t **out);
/* Write the last page, close the file and free the document. Returns the sticky status, or an
 * I/O error; on any error the file is removed. NULL is COV_ERR_USAGE. */
cov_status_t cov_doc_finish(cov_doc_t *doc);
/* Abandon: free everything and remove the half-written file. NULL is a no-op. */
void cov_doc_destroy(cov_doc_t *doc);

cov_status_t cov_doc_status(const cov_doc_t *doc);
const char *cov_doc_errmsg(const cov_doc_t *doc); /* "" when COV_OK; owned by the document */

/* Running texts, drawn on every page started after the call (NULL clears): the header left
 * and right above the top margin line, the footer left, and the page number at the right of
 * the footer as prefix + N + suffix (e.g. "第 ", " 页"; default "" and ""). */
void cov_doc_set_header(cov_doc_t *doc, const char *left, const char *right);
void cov_doc_set_footer(cov_doc_t *doc, const char *left);
void cov_doc_set_page_label(cov_doc_t *doc, const char *prefix, const char *suffix);
/* Leave the running header/footer off the next page started (a cover page). */
void cov_doc_skip_running_once(cov_doc_t *doc);

/* Start a new page; the cursor goes to the top of the body. Pages are numbered from 1. */
void cov_doc_new_page(cov_doc_t *doc);
int cov_doc_page_number(const cov_doc_t *doc); /* 0 before the first page */

/* The body (page minus margins and running header/footer), in points. */
void cov_doc_body(const cov_doc_t *doc, double *x, double *y, double *w, double *h);
double cov_doc_cursor(const cov_doc_t *doc);
void cov_doc_set_cursor(cov_doc_t *doc, double y);
/* Points between the cursor and the bottom of the body. */
double cov_doc_space_left(const cov_doc_t *doc);
/* Start a new page when less than h points are left (or no page has been started). */
void cov_doc_need(cov_doc_t *doc, double h);
void cov_doc_skip(cov_doc_t *doc, double h);

/* Flowing text at the cursor across the body width, wrapped at words (and between CJK
 * characters); the cursor moves below it. A block taller than the space left starts a new
 * page first (a block taller than a whole page is cut at the bottom of the body). */
void cov_doc_text(cov_doc_t *doc, const char *text, double size_pt, unsigned flags);
/* A heading: bold, space above and below, kept on the page with at least keep_pt after it. */
void cov_doc_heading(cov_doc_t *doc, const char *text, int level, double keep_pt);

/* Text in a box anywhere on the current page (no cursor move); returns its height. w <= 0 is
 * unlimited width. The height can be measured without drawing with draw = false. */
double cov_doc_text_at(cov_doc_t *doc, const char *text, double x, double y, double w,
                       double size_pt, unsigned flags, bool draw);

/* Draw a map into a region of the current page: the map's page size is set to the region,
 * drawing is clipped to it. The map's status becomes the document's on failure. */
void cov_doc_map(cov_doc_t *doc, cov_map_t *m, double x, double y, double w, double h);

/* The current page's cairo context, user unit one point, for drawing of the caller's own
 * (NULL before the first page or once in error). Owned by the document. */
cairo_t *cov_doc_cairo(cov_doc_t *doc);

#endif
