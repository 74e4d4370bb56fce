/* Per-layer preparation before drawing: class breaks, class colours and feature counts. */
#include <math.h>
#include <string.h>

#include "render/map_private.h"

/* Compute breaks (unless given), colours and how many features fall in each class or
 * category. Cheap enough to redo for every drawing, which keeps the map free of stale state. */
void layer_prepare(cov_layer_t *l)
{
    memset(l->class_count, 0, sizeof l->class_count);
    l->nodata_count = 0;
    if (l->kind == COV_LAYER_POINT) {
        for (size_t c = 0; c < l->ncats; c++) l->cat_count[c] = 0;
        for (size_t i = 0; i < l->n; i++) l->cat_count[l->cat[i]]++;
        return;
    }
    if (!l->choropleth) return;
    if (l->method != COV_CLASSIFY_GIVEN) {
        int nb = 0;
        if (cov_classify_breaks(l->value, l->n, l->method, l->k, l->breaks, &nb) != COV_OK)
            nb = 0; /* no finite value: every feature is "no data" */
        l->nbreaks = nb;
    }
    int k = l->nbreaks - 1;
    if (k >= 2) {
        cov_palette_colors(l->palette, k, l->colors);
    } else if (k == 1) {
        /* One distinct value: take the middle colour of a 3-class palette. */
        cov_color_t c3[3];
        cov_palette_colors(l->palette, 3, c3);
        l->colors[0] = c3[1];
    }
    for (size_t i = 0; i < l->n; i++) {
        int c = k >= 1 ? cov_classify_value(l->breaks, l->nbreaks, l->value[i]) : -1;
        if (c < 0)
            l->nodata_count++;
        else
            l->class_count[c]++;
    }
}

/* Fill colour of polygon f; *nodata says whether it has no value to classify. */
cov_color_t layer_polygon_color(const cov_layer_t *l, size_t f, bool *nodata)
{
    *nodata = false;
    if (!l->choropleth) return l->style.fill;
    int c = l->nbreaks >= 2 ? cov_classify_value(l->breaks, l->nbreaks, l->value[f]) : -1;
    if (c < 0) {
        *nodata = true;
        return cov_color_hex(0xd9d9d9, 1);
    }
    return l->colors[c];
}

/* Symbol size of point f in points. */
double layer_point_size(const cov_layer_t *l, size_t f)
{
    double base = l->cats[l->cat[f]].size;
    if (!l->size_by_value) return base;
    double v = l->value[f];
    if (!(v > 0)) return 1.0;
    double s = l->size_ref_pt * sqrt(v / l->size_ref_value);
    return s < 1 ? 1 : s > 60 ? 60 : s;
}
