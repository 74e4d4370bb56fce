/* Typeset tables for documents: column widths and alignment, wrapped cells, zebra rows,
 * highlighted rows, and breaking across pages with the header repeated.
 *
 * A cov_table_t keeps a sticky status (first error kept, later calls do nothing); placing a
 * table in error puts the document in error with the table's message. */
#ifndef COV_RENDER_TABLE_H
#define COV_RENDER_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/ctx.h"
#include "geo/status.h"
#include "render/doc.h"

typedef struct cov_table cov_table_t;

typedef enum cov_align { COV_ALIGN_LEFT = 0, COV_ALIGN_RIGHT, COV_ALIGN_CENTER } cov_align_t;

typedef enum cov_row_flag {
    COV_ROW_HIGHLIGHT = 1 << 0, /* a light red background: a row that needs attention */
    COV_ROW_BOLD = 1 << 1       /* bold text: totals */
} cov_row_flag_t;

/* A table of ncols (1..64) columns. The caller owns *out (cov_table_destroy). */
cov_status_t cov_table_create(cov_ctx_t *ctx, size_t ncols, cov_table_t **out);
void cov_table_destroy(cov_table_t *t);
cov_status_t cov_table_status(const cov_table_t *t);
const char *cov_table_errmsg(const cov_table_t *t);

/* Column col: its header text (copied; may hold newlines), its relative width (any positive
 * weight: the columns share the body width in proportion) and alignment. */
void cov_table_set_column(cov_table_t *t, size_t col, const char *header, double weight,
                          cov_align_t align);
/* Text size in points (default 8.5) and alternate row shading (default on). */
void cov_table_set_font_size(cov_table_t *t, double size_pt);
void cov_table_set_zebra(cov_table_t *t, bool on);
/* A caption drawn above the repeated header on every continuation page (e.g. "… (continued)");
 * NULL: none. */
void cov_table_set_continued(cov_table_t *t, const char *caption);

/* Append a row of ncols cells (copied; NULL cells are empty), with cov_row_flag_t flags. */
void cov_table_add_row(cov_table_t *t, const char *const *cells, unsigned flags);
size_t cov_table_row_count(const cov_table_t *t);

/* Typeset the table at the document's cursor across the body width. When a row does not fit
 * in the space left, a new page starts and the continuation caption and the header are drawn
 * again; a header is never left alone at the foot of a page. The cursor ends below the table.
 * Returns the number of pages the table was spread over (0 on error). */
int cov_doc_table(cov_doc_t *doc, cov_table_t *t);

#endif
