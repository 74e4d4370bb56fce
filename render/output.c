/* Writing a map to PNG, PDF or SVG: the same drawing on a different cairo surface. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "render/map_private.h"

typedef enum format { FMT_NONE, FMT_PNG, FMT_PDF, FMT_SVG } format_t;

static format_t format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return FMT_NONE;
    if (!strcasecmp(dot, ".png")) return FMT_PNG;
    if (!strcasecmp(dot, ".pdf")) return FMT_PDF;
    if (!strcasecmp(dot, ".svg")) return FMT_SVG;
    return FMT_NONE;
}

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

cov_status_t cov_map_draw(cov_map_t *m, cairo_t *cr, double px_per_pt)
{
    if (!m) return COV_ERR_USAGE;
    if (m->status) return m->status;
    if (!cr || !(px_per_pt > 0))
        return map_fail(m, COV_ERR_USAGE,
                        "cov_map_draw needs a cairo "
                        "context and a positive scale");
    return layout_draw(m, cr, px_per_pt);
}

/* Draw onto a fresh surface for the format, writing to f. */
static cov_status_t render_to(cov_map_t *m, format_t fmt, FILE *f, const char *path)
{
    cairo_surface_t *s;
    double k = 1.0;
    if (fmt == FMT_PNG) {
        k = m->dpi / 72.0;
        int w = (int)lround(m->page_w * k), h = (int)lround(m->page_h * k);
        /* The page is opaque (white paper), so no alpha channel: a quarter less to compress. */
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        /* Exact pixel counts: the scale maps the page onto the whole image. */
        k = w / m->page_w;
    } else if (fmt == FMT_PDF) {
        s = cairo_pdf_surface_create_for_stream(write_fn, f, m->page_w, m->page_h);
        if (m->title) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, m->title);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "covplan");
        if (m->date) {
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, m->date);
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, m->date);
        }
    } else {
        s = cairo_svg_surface_create_for_stream(write_fn, f, m->page_w, m->page_h);
        cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    }
    if (cairo_surface_status(s)) {
        cov_status_t st =
            cairo_surface_status(s) == CAIRO_STATUS_NO_MEMORY ? COV_ERR_NOMEM : COV_ERR_INTERNAL;
        cov_fail(m->ctx, st, "cannot create the drawing surface for '%s': %s", path,
                 cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return st;
    }
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, k, k);
    cov_status_t st = layout_draw(m, cr, k);
    cairo_destroy(cr);
    if (!st && fmt == FMT_PNG) {
        cairo_status_t cs = cairo_surface_write_to_png_stream(s, write_fn, f);
        if (cs)
            st = cov_fail(m->ctx, COV_ERR_IO, "cannot write PNG '%s': %s", path,
                          cairo_status_to_string(cs));
    }
    cairo_surface_finish(s);
    if (!st && cairo_surface_status(s))
        st = cov_fail(m->ctx, COV_ERR_IO, "cannot write '%s': %s", path,
                      cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    return st;
}

cov_status_t cov_map_render(cov_map_t *m, const char *path)
{
    if (!m) return COV_ERR_USAGE;
    if (m->status) return m->status;
    if (!path || !*path) return cov_fail(m->ctx, COV_ERR_USAGE, "no output path given for the map");
    format_t fmt = format_of(path);
    if (fmt == FMT_NONE)
        return cov_fail(m->ctx, COV_ERR_USAGE,
                        "cannot tell the map format of '%s': use a .png, .pdf or .svg file name",
                        path);
    FILE *f = fopen(path, "wb");
    if (!f)
        return cov_fail(m->ctx, COV_ERR_IO, "cannot open '%s' for writing: %s", path,
                        strerror(errno));
    cov_status_t st = render_to(m, fmt, f, path);
    if (fclose(f) != 0 && !st)
        st = cov_fail(m->ctx, COV_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    if (st) remove(path); /* never leave a truncated map behind */
    return st;
}
