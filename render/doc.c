/* Multi-page PDF documents on cairo's PDF surface: pages, running header/footer, flowing text. */
#include "render/doc_private.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

#define RUN_PT 7.5   /* running header/footer text size */
#define RUN_GAP 20.0 /* from the margin line to the body */

cov_status_t doc_fail(cov_doc_t *d, cov_status_t st, const char *fmt, ...)
{
    if (d->status) return d->status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->errmsg, sizeof d->errmsg, fmt, ap);
    va_end(ap);
    d->status = st;
    cov_fail(d->ctx, st, "%s", d->errmsg);
    return st;
}

static char *dup_or_null(const char *s) { return s ? cov_strdup(s) : NULL; }

static void set_text(cov_doc_t *d, char **slot, const char *s)
{
    if (!d || d->status) return;
    char *copy = dup_or_null(s);
    if (s && !copy) {
        doc_fail(d, COV_ERR_NOMEM, "out of memory");
        return;
    }
    free(*slot);
    *slot = copy;
}

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Text is laid out at 72 "dpi" with hinting off, as in the map engine, so sizes are points and
 * do not depend on the output. */
static cov_status_t pango_init(cov_doc_t *d, const char *language)
{
    d->fontmap = pango_cairo_font_map_new();
    if (!d->fontmap) return COV_ERR_INTERNAL;
    d->pango = pango_font_map_create_context(d->fontmap);
    if (!d->pango) return COV_ERR_INTERNAL;
    pango_cairo_context_set_resolution(d->pango, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(d->pango, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(d->pango, pango_language_from_string(language ? language : "zh-cn"));
    return COV_OK;
}

static void free_doc(cov_doc_t *d)
{
    if (d->cr) cairo_destroy(d->cr);
    if (d->surface) cairo_surface_destroy(d->surface);
    if (d->pango) g_object_unref(d->pango);
    if (d->fontmap) g_object_unref(d->fontmap);
    free(d->path);
    free(d->font);
    free(d->head_left);
    free(d->head_right);
    free(d->foot_left);
    free(d->num_prefix);
    free(d->num_suffix);
    free(d);
}

cov_status_t cov_doc_create(cov_ctx_t *ctx, const char *path, const cov_doc_opts_t *opts,
                            cov_doc_t **out)
{
    *out = NULL;
    static const cov_doc_opts_t defaults = {0};
    const cov_doc_opts_t *o = opts ? opts : &defaults;
    if (!path || !*path)
        return cov_fail(ctx, COV_ERR_USAGE, "no output path given for the document");
    cov_doc_t *d = calloc(1, sizeof *d);
    if (!d) return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    d->ctx = ctx;
    double a = o->paper == COV_PAPER_A3 ? 1190.55 : 841.89,
           b = o->paper == COV_PAPER_A3 ? 841.89 : 595.28;
    d->page_w = o->orient == COV_LANDSCAPE ? a : b;
    d->page_h = o->orient == COV_LANDSCAPE ? b : a;
    d->margin = o->margin > 0 ? o->margin : 42.5;
    d->path = cov_strdup(path);
    d->font = cov_strdup(o->font ? o->font : "Noto Sans CJK SC");
    if (!d->path || !d->font || pango_init(d, o->language)) {
        free_doc(d);
        return cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    }
    d->file = fopen(path, "wb");
    if (!d->file) {
        cov_status_t st =
            cov_fail(ctx, COV_ERR_IO, "cannot open '%s' for writing: %s", path, strerror(errno));
        free_doc(d);
        return st;
    }
    d->surface = cairo_pdf_surface_create_for_stream(write_fn, d->file, d->page_w, d->page_h);
    if (cairo_surface_status(d->surface)) {
        cov_status_t st =
            cov_fail(ctx, COV_ERR_INTERNAL, "cannot create a PDF surface for '%s': %s", path,
                     cairo_status_to_string(cairo_surface_status(d->surface)));
        cov_doc_destroy(d);
        return st;
    }
    if (o->title) cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, o->title);
    if (o->author) cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, o->author);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "covplan");
    if (o->date) {
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, o->date);
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE, o->date);
    }
    d->cr = cairo_create(d->surface);
    *out = d;
    return COV_OK;
}

void cov_doc_destroy(cov_doc_t *d)
{
    if (!d) return;
    if (d->cr) cairo_destroy(d->cr);
    d->cr = NULL;
    if (d->surface) {
        cairo_surface_finish(d->surface);
        cairo_surface_destroy(d->surface);
        d->surface = NULL;
    }
    if (d->file) {
        fclose(d->file);
        remove(d->path); /* never leave a truncated document behind */
    }
    free_doc(d);
}

cov_status_t cov_doc_finish(cov_doc_t *d)
{
    if (!d) return COV_ERR_USAGE;
    cov_status_t st = d->status;
    if (!st && d->page == 0)
        st = doc_fail(d, COV_ERR_EMPTY, "the document '%s' has no pages", d->path);
    if (!st && cairo_status(d->cr))
        st = doc_fail(d, COV_ERR_INTERNAL, "drawing failed: %s",
                      cairo_status_to_string(cairo_status(d->cr)));
    cairo_destroy(d->cr);
    d->cr = NULL;
    cairo_surface_finish(d->surface);
    if (!st && cairo_surface_status(d->surface))
        st = doc_fail(d, COV_ERR_IO, "cannot write '%s': %s", d->path,
                      cairo_status_to_string(cairo_surface_status(d->surface)));
    cairo_surface_destroy(d->surface);
    d->surface = NULL;
    if (fclose(d->file) != 0 && !st)
        st = doc_fail(d, COV_ERR_IO, "cannot write '%s': %s", d->path, strerror(errno));
    d->file = NULL;
    if (st) {
        cov_fail(d->ctx, st, "%s", d->errmsg);
        remove(d->path);
    }
    free_doc(d);
    return st;
}

cov_status_t cov_doc_status(const cov_doc_t *d) { return d ? d->status : COV_ERR_USAGE; }

const char *cov_doc_errmsg(const cov_doc_t *d) { return d ? d->errmsg : ""; }

void cov_doc_set_header(cov_doc_t *d, const char *left, const char *right)
{
    if (!d) return;
    set_text(d, &d->head_left, left);
    set_text(d, &d->head_right, right);
}

void cov_doc_set_footer(cov_doc_t *d, const char *left)
{
    if (d) set_text(d, &d->foot_left, left);
}

void cov_doc_set_page_label(cov_doc_t *d, const char *prefix, const char *suffix)
{
    if (!d) return;
    set_text(d, &d->num_prefix, prefix);
    set_text(d, &d->num_suffix, suffix);
}

void cov_doc_skip_running_once(cov_doc_t *d)
{
    if (d && !d->status) d->skip_running = true;
}

PangoLayout *doc_layout(cov_doc_t *d, const char *text, double size_pt, unsigned flags,
                        double width)
{
    PangoLayout *l = pango_layout_new(d->pango);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, d->font);
    pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, (flags & COV_TEXT_BOLD) ? PANGO_WEIGHT_BOLD
                                                                  : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        if (flags & COV_TEXT_NOWRAP)
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        else
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        if (flags & COV_TEXT_CENTER)
            pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        else if (flags & COV_TEXT_RIGHT)
            pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    }
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

void doc_layout_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    if (w) *w = (double)logical.width / PANGO_SCALE;
    if (h) *h = (double)logical.height / PANGO_SCALE;
}

void doc_show(cov_doc_t *d, PangoLayout *l, double x, double y, unsigned flags)
{
    cairo_save(d->cr);
    if (flags & COV_TEXT_MUTED)
        cairo_set_source_rgb(d->cr, 0.38, 0.38, 0.38);
    else
        cairo_set_source_rgb(d->cr, 0.08, 0.08, 0.08);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
    cairo_restore(d->cr);
}

double cov_doc_text_at(cov_doc_t *d, const char *text, double x, double y, double w, double size_pt,
                       unsigned flags, bool draw)
{
    if (!d || d->status || !text || !*text) return 0;
    PangoLayout *l = doc_layout(d, text, size_pt, flags, w);
    double h;
    doc_layout_size(l, NULL, &h);
    if (draw && d->page > 0) doc_show(d, l, x, y, flags);
    g_object_unref(l);
    return h;
}

static void rule(cov_doc_t *d, double y)
{
    cairo_save(d->cr);
    cairo_set_source_rgb(d->cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(d->cr, 0.5);
    cairo_move_to(d->cr, d->margin, y);
    cairo_line_to(d->cr, d->page_w - d->margin, y);
    cairo_stroke(d->cr);
    cairo_restore(d->cr);
}

/* The running header and footer: texts at the margins, a thin rule towards the body. */
static void running(cov_doc_t *d)
{
    double m = d->margin, w = d->page_w - 2 * m, half = w / 2 - 6;
    d->body_top = m + RUN_GAP;
    d->body_bottom = d->page_h - m - RUN_GAP;
    cov_doc_text_at(d, d->head_left, m, m, half, RUN_PT, COV_TEXT_MUTED | COV_TEXT_NOWRAP, true);
    cov_doc_text_at(d, d->head_right, m + w - half, m, half, RUN_PT,
                    COV_TEXT_MUTED | COV_TEXT_NOWRAP | COV_TEXT_RIGHT, true);
    rule(d, m + RUN_PT * 1.6);
    double fy = d->page_h - m - RUN_PT * 1.4;
    rule(d, fy - 3);
    cov_doc_text_at(d, d->foot_left, m, fy, w * 0.75, RUN_PT, COV_TEXT_MUTED | COV_TEXT_NOWRAP,
                    true);
    char num[160];
    snprintf(num, sizeof num, "%s%d%s", d->num_prefix ? d->num_prefix : "", d->page,
             d->num_suffix ? d->num_suffix : "");
    cov_doc_text_at(d, num, m + w * 0.75, fy, w * 0.25, RUN_PT, COV_TEXT_MUTED | COV_TEXT_RIGHT,
                    true);
}

void cov_doc_new_page(cov_doc_t *d)
{
    if (!d || d->status) return;
    if (d->page > 0) cairo_show_page(d->cr);
    d->page++;
    cairo_save(d->cr);
    cairo_set_source_rgb(d->cr, 1, 1, 1);
    cairo_paint(d->cr);
    cairo_restore(d->cr);
    if (d->skip_running) {
        d->body_top = d->margin;
        d->body_bottom = d->page_h - d->margin;
        d->skip_running = false;
    } else {
        running(d);
    }
    d->cursor = d->body_top;
}

int cov_doc_page_number(const cov_doc_t *d) { return d ? d->page : 0; }

void cov_doc_body(const cov_doc_t *d, double *x, double *y, double *w, double *h)
{
    if (x) *x = d->margin;
    if (y) *y = d->body_top;
    if (w) *w = d->page_w - 2 * d->margin;
    if (h) *h = d->body_bottom - d->body_top;
}

double cov_doc_cursor(const cov_doc_t *d) { return d->cursor; }

void cov_doc_set_cursor(cov_doc_t *d, double y)
{
    if (d && !d->status) d->cursor = y;
}

double cov_doc_space_left(const cov_doc_t *d)
{
    return d->page > 0 ? d->body_bottom - d->cursor : 0;
}

void cov_doc_need(cov_doc_t *d, double h)
{
    if (!d || d->status) return;
    if (d->page == 0 || cov_doc_space_left(d) < h) cov_doc_new_page(d);
}

void cov_doc_skip(cov_doc_t *d, double h)
{
    if (d && !d->status) d->cursor = fmin(d->cursor + h, d->body_bottom);
}

void cov_doc_text(cov_doc_t *d, const char *text, double size_pt, unsigned flags)
{
    if (!d || d->status || !text) return;
    double w = d->page_w - 2 * d->margin;
    double h = cov_doc_text_at(d, text, 0, 0, w, size_pt, flags, false);
    cov_doc_need(d, fmin(h, d->body_bottom - d->body_top));
    if (d->status) return;
    cairo_save(d->cr);
    cairo_rectangle(d->cr, d->margin, d->cursor, w, d->body_bottom - d->cursor);
    cairo_clip(d->cr);
    cov_doc_text_at(d, text, d->margin, d->cursor, w, size_pt, flags, true);
    cairo_restore(d->cr);
    d->cursor = fmin(d->cursor + h, d->body_bottom);
}

void cov_doc_heading(cov_doc_t *d, const char *text, int level, double keep_pt)
{
    if (!d || d->status || !text) return;
    double size = level <= 1 ? 17 : level == 2 ? 13 : 11;
    double w = d->page_w - 2 * d->margin;
    double h = cov_doc_text_at(d, text, 0, 0, w, size, COV_TEXT_BOLD, false);
    double above = d->page > 0 && d->cursor > d->body_top + 1 ? size * 0.8 : 0;
    cov_doc_need(d, above + h + size * 0.4 + keep_pt);
    if (d->status) return;
    if (d->cursor > d->body_top + 1) d->cursor += above;
    cov_doc_text(d, text, size, COV_TEXT_BOLD);
    cov_doc_skip(d, size * 0.4);
}

void cov_doc_map(cov_doc_t *d, cov_map_t *m, double x, double y, double w, double h)
{
    if (!d || d->status) return;
    if (!m) {
        doc_fail(d, COV_ERR_USAGE, "cov_doc_map: no map");
        return;
    }
    if (d->page == 0) cov_doc_new_page(d);
    cov_map_set_page_size(m, w, h);
    cairo_save(d->cr);
    cairo_rectangle(d->cr, x, y, w, h);
    cairo_clip(d->cr);
    cairo_translate(d->cr, x, y);
    cov_status_t st = cov_map_draw(m, d->cr, 1.0);
    cairo_restore(d->cr);
    if (st) doc_fail(d, st, "%s", cov_map_errmsg(m)[0] ? cov_map_errmsg(m) : cov_status_str(st));
}

cairo_t *cov_doc_cairo(cov_doc_t *d) { return d && !d->status && d->page > 0 ? d->cr : NULL; }
