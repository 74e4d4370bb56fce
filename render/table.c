/* Typeset tables that break across pages with their header repeated. */
#include "render/table.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "render/doc_private.h"

#define MAX_COLS 64
#define PAD_X 3.5
#define PAD_Y 2.2

struct cov_table {
    cov_ctx_t *ctx;
    cov_status_t status;
    char errmsg[256];
    size_t ncols;
    char **header;
    double *weight;
    cov_align_t *align;
    double size;
    bool zebra;
    char *continued;
    char **cells; /* nrows * ncols */
    unsigned *flags;
    size_t nrows, cap;
};

static void table_fail(cov_table_t *t, cov_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void table_fail(cov_table_t *t, cov_status_t st, const char *fmt, ...)
{
    if (t->status) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->errmsg, sizeof t->errmsg, fmt, ap);
    va_end(ap);
    t->status = st;
    cov_fail(t->ctx, st, "%s", t->errmsg);
}

cov_status_t cov_table_create(cov_ctx_t *ctx, size_t ncols, cov_table_t **out)
{
    *out = NULL;
    if (ncols < 1 || ncols > MAX_COLS)
        return cov_fail(ctx, COV_ERR_USAGE, "a table needs 1..%d columns, not %zu", MAX_COLS,
                        ncols);
    cov_table_t *t = calloc(1, sizeof *t);
    if (!t) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    t->ctx = ctx;
    t->ncols = ncols;
    t->size = 8.5;
    t->zebra = true;
    t->header = cov_calloc_array(ncols, sizeof *t->header);
    t->weight = cov_calloc_array(ncols, sizeof *t->weight);
    t->align = cov_calloc_array(ncols, sizeof *t->align);
    if (!t->header || !t->weight || !t->align) {
        cov_table_destroy(t);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < ncols; i++) t->weight[i] = 1;
    *out = t;
    return COV_OK;
}

void cov_table_destroy(cov_table_t *t)
{
    if (!t) return;
    for (size_t i = 0; t->header && i < t->ncols; i++) free(t->header[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    free(t->header);
    free(t->weight);
    free(t->align);
    free(t->continued);
    free(t->cells);
    free(t->flags);
    free(t);
}

cov_status_t cov_table_status(const cov_table_t *t) { return t ? t->status : COV_ERR_USAGE; }

const char *cov_table_errmsg(const cov_table_t *t) { return t ? t->errmsg : ""; }

void cov_table_set_column(cov_table_t *t, size_t col, const char *header, double weight,
                          cov_align_t align)
{
    if (!t || t->status) return;
    if (col >= t->ncols)
        return table_fail(t, COV_ERR_USAGE, "column %zu of a %zu-column table", col, t->ncols);
    if (!(weight > 0) || !isfinite(weight))
        return table_fail(t, COV_ERR_USAGE, "column %zu: the width weight must be positive", col);
    char *h = header ? cov_strdup(header) : NULL;
    if (header && !h) return table_fail(t, COV_ERR_NOMEM, "out of memory");
    free(t->header[col]);
    t->header[col] = h;
    t->weight[col] = weight;
    t->align[col] = align;
}

void cov_table_set_font_size(cov_table_t *t, double size_pt)
{
    if (!t || t->status) return;
    if (!(size_pt >= 4 && size_pt <= 40))
        return table_fail(t, COV_ERR_USAGE, "table font size %g pt is outside 4..40", size_pt);
    t->size = size_pt;
}

void cov_table_set_zebra(cov_table_t *t, bool on)
{
    if (t && !t->status) t->zebra = on;
}

void cov_table_set_continued(cov_table_t *t, const char *caption)
{
    if (!t || t->status) return;
    char *c = caption ? cov_strdup(caption) : NULL;
    if (caption && !c) return table_fail(t, COV_ERR_NOMEM, "out of memory");
    free(t->continued);
    t->continued = c;
}

void cov_table_add_row(cov_table_t *t, const char *const *cells, unsigned flags)
{
    if (!t || t->status) return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 32;
        char **c = cov_realloc_array(t->cells, cap * t->ncols, sizeof *c);
        if (!c) return table_fail(t, COV_ERR_NOMEM, "out of memory");
        t->cells = c;
        unsigned *f = cov_realloc_array(t->flags, cap, sizeof *f);
        if (!f) return table_fail(t, COV_ERR_NOMEM, "out of memory");
        t->flags = f;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        row[i] = cov_strdup(cells && cells[i] ? cells[i] : "");
        if (!row[i]) {
            for (size_t j = 0; j < i; j++) free(row[j]);
            return table_fail(t, COV_ERR_NOMEM, "out of memory");
        }
    }
    t->flags[t->nrows++] = flags;
}

size_t cov_table_row_count(const cov_table_t *t) { return t ? t->nrows : 0; }

static unsigned align_flag(cov_align_t a)
{
    return a == COV_ALIGN_RIGHT ? COV_TEXT_RIGHT : a == COV_ALIGN_CENTER ? COV_TEXT_CENTER : 0;
}

/* Lay out one row's cells (header when cells is t->header); returns the row height. */
static double row_layouts(cov_doc_t *d, const cov_table_t *t, char *const *cells, unsigned flags,
                          const double *colw, PangoLayout **out)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        unsigned f = align_flag(t->align[c]) | ((flags & COV_ROW_BOLD) ? COV_TEXT_BOLD : 0);
        out[c] = doc_layout(d, cells[c] ? cells[c] : "", t->size, f, colw[c] - 2 * PAD_X);
        double ch;
        doc_layout_size(out[c], NULL, &ch);
        h = fmax(h, ch);
    }
    return h + 2 * PAD_Y;
}

static void fill_rect(cairo_t *cr, double x, double y, double w, double h, double r, double g,
                      double b)
{
    cairo_set_source_rgb(cr, r, g, b);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void hline(cairo_t *cr, double x, double y, double w, double width)
{
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + w, y);
    cairo_stroke(cr);
}

/* Draw a laid-out row at y; background by kind (0 plain, 1 zebra, 2 highlight, 3 header). */
static void draw_row(cov_doc_t *d, const cov_table_t *t, PangoLayout **lay, const double *colx,
                     const double *colw, double y, double h, int bg, unsigned flags)
{
    cairo_t *cr = d->cr;
    double x0 = colx[0], w = colx[t->ncols - 1] + colw[t->ncols - 1] - x0;
    cairo_save(cr);
    if (bg == 1)
        fill_rect(cr, x0, y, w, h, 0.955, 0.955, 0.955);
    else if (bg == 2)
        fill_rect(cr, x0, y, w, h, 0.99, 0.87, 0.85);
    else if (bg == 3)
        fill_rect(cr, x0, y, w, h, 0.86, 0.89, 0.93);
    cairo_restore(cr);
    for (size_t c = 0; c < t->ncols; c++) {
        cairo_save(cr);
        cairo_rectangle(cr, colx[c], y, colw[c], h);
        cairo_clip(cr);
        doc_show(d, lay[c], colx[c] + PAD_X, y + PAD_Y, (flags & COV_ROW_BOLD) ? COV_TEXT_BOLD : 0);
        cairo_restore(cr);
    }
}

static void free_layouts(PangoLayout **lay, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lay[i]) g_object_unref(lay[i]);
}

/* The header at the cursor, with the caption above it on continuation pages. */
static void draw_header(cov_doc_t *d, const cov_table_t *t, const double *colx, const double *colw,
                        bool continued)
{
    double x, w;
    cov_doc_body(d, &x, NULL, &w, NULL);
    if (continued && t->continued) {
        double h =
            cov_doc_text_at(d, t->continued, x, d->cursor, w, t->size + 1, COV_TEXT_BOLD, true);
        d->cursor += h + 3;
    }
    PangoLayout *lay[MAX_COLS] = {0};
    double h = row_layouts(d, t, t->header, COV_ROW_BOLD, colw, lay);
    draw_row(d, t, lay, colx, colw, d->cursor, h, 3, COV_ROW_BOLD);
    free_layouts(lay, t->ncols);
    hline(d->cr, x, d->cursor, w, 0.8);
    hline(d->cr, x, d->cursor + h, w, 0.5);
    d->cursor += h;
}

static double header_height(cov_doc_t *d, const cov_table_t *t, const double *colw, bool continued)
{
    PangoLayout *lay[MAX_COLS] = {0};
    double h = row_layouts(d, t, t->header, COV_ROW_BOLD, colw, lay);
    free_layouts(lay, t->ncols);
    if (continued && t->continued) {
        double x, w;
        cov_doc_body(d, &x, NULL, &w, NULL);
        h += cov_doc_text_at(d, t->continued, 0, 0, w, t->size + 1, COV_TEXT_BOLD, false) + 3;
    }
    return h;
}

int cov_doc_table(cov_doc_t *d, cov_table_t *t)
{
    if (!d || d->status) return 0;
    if (!t) return doc_fail(d, COV_ERR_USAGE, "cov_doc_table: no table"), 0;
    if (t->status) return doc_fail(d, t->status, "%s", t->errmsg), 0;
    if (d->page == 0) cov_doc_new_page(d);
    double bx, bw;
    cov_doc_body(d, &bx, NULL, &bw, NULL);
    double colx[MAX_COLS], colw[MAX_COLS], total = 0;
    for (size_t c = 0; c < t->ncols; c++) total += t->weight[c];
    for (size_t c = 0; c < t->ncols; c++) {
        colw[c] = bw * t->weight[c] / total;
        colx[c] = c ? colx[c - 1] + colw[c - 1] : bx;
    }
    PangoLayout *lay[MAX_COLS] = {0};
    /* Keep the header with the first row. */
    double first = t->nrows ? row_layouts(d, t, t->cells, t->flags[0], colw, lay) : 0;
    free_layouts(lay, t->ncols);
    cov_doc_need(d, header_height(d, t, colw, false) + first);
    if (d->status) return 0;
    int pages = 1;
    draw_header(d, t, colx, colw, false);
    for (size_t r = 0; r < t->nrows && !d->status; r++) {
        double h = row_layouts(d, t, t->cells + r * t->ncols, t->flags[r], colw, lay);
        if (d->cursor + h > d->body_bottom + 0.01) {
            hline(d->cr, bx, d->cursor, bw, 0.8);
            cov_doc_new_page(d);
            pages++;
            draw_header(d, t, colx, colw, true);
        }
        int bg = (t->flags[r] & COV_ROW_HIGHLIGHT) ? 2 : (t->zebra && r % 2 == 1) ? 1 : 0;
        cairo_save(d->cr);
        cairo_rectangle(d->cr, bx - 1, d->cursor, bw + 2, d->body_bottom - d->cursor);
        cairo_clip(d->cr);
        draw_row(d, t, lay, colx, colw, d->cursor, h, bg, t->flags[r]);
        cairo_restore(d->cr);
        free_layouts(lay, t->ncols);
        d->cursor = fmin(d->cursor + h, d->body_bottom);
    }
    hline(d->cr, bx, d->cursor, bw, 0.8);
    cov_doc_skip(d, 8);
    return d->status ? 0 : pages;
}
