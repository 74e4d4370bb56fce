/* Colours and ColorBrewer-style palettes for covplan maps, chosen to stay readable in greyscale. */
#ifndef COV_RENDER_PALETTE_H
#define COV_RENDER_PALETTE_H

#include <stdint.h>

#include "geo/status.h"

/* An sRGB colour with alpha, each channel 0..1. */
typedef struct cov_color {
    double r, g, b, a;
} cov_color_t;

/* Built-in palettes. Sequential ones run light to dark; diverging ones run dark-light-dark. */
typedef enum cov_palette {
    COV_PALETTE_YLORRD = 0, /* sequential yellow-orange-red */
    COV_PALETTE_BLUES,      /* sequential blues */
    COV_PALETTE_GREENS,     /* sequential greens */
    COV_PALETTE_PURPLES,    /* sequential purples */
    COV_PALETTE_YLGNBU,     /* sequential yellow-green-blue */
    COV_PALETTE_GREYS,      /* sequential greys */
    COV_PALETTE_RDBU,       /* diverging red-blue */
    COV_PALETTE_BRBG,       /* diverging brown-teal */
    COV_PALETTE_PUOR,       /* diverging purple-orange */
    COV_PALETTE_COUNT
} cov_palette_t;

/* Largest number of classes a palette gives. */
#define COV_PALETTE_MAX_CLASSES 9

/* A colour from 0xRRGGBB and an alpha. */
COV_API cov_color_t cov_color_hex(uint32_t rgb, double alpha);

/* Relative luminance (WCAG / sRGB, 0 black .. 1 white): what a greyscale printer keeps. */
COV_API double cov_color_luminance(cov_color_t c);

/* True when the palette is diverging (light in the middle). */
COV_API int cov_palette_is_diverging(cov_palette_t p);

/* Fill out[0..k-1] with k class colours (2 <= k <= COV_PALETTE_MAX_CLASSES). Sequential
 * palettes come back strictly darkening; diverging ones darken from the middle outwards.
 * Returns COV_ERR_USAGE for an unknown palette or k out of range. */
COV_API cov_status_t cov_palette_colors(cov_palette_t p, int k, cov_color_t *out);

/* A short static name ("YlOrRd", ...), or "?" for an unknown palette. */
COV_API const char *cov_palette_name(cov_palette_t p);

#endif
