/* ColorBrewer-style palettes: 9 anchor colours per scheme, resampled to k classes. */
#include "render/palette.h"

#include <math.h>

/* Colours from ColorBrewer 2.0 (Cynthia Brewer, Apache-2.0 licensed), 9-class schemes.
 * Every sequential scheme darkens monotonically and every diverging scheme darkens
 * monotonically away from its middle, which is what keeps classes apart in greyscale. */
static const uint32_t anchors[COV_PALETTE_COUNT][9] = {
    [COV_PALETTE_YLORRD] = {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c,
                            0xbd0026, 0x800026},
    [COV_PALETTE_BLUES] = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5,
                           0x08519c, 0x08306b},
    [COV_PALETTE_GREENS] = {0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45,
                            0x006d2c, 0x00441b},
    [COV_PALETTE_PURPLES] = {0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3,
                             0x54278f, 0x3f007d},
    [COV_PALETTE_YLGNBU] = {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8,
                            0x253494, 0x081d58},
    [COV_PALETTE_GREYS] = {0xffffff, 0xf0f0f0, 0xd9d9d9, 0xbdbdbd, 0x969696, 0x737373, 0x525252,
                           0x252525, 0x000000},
    [COV_PALETTE_RDBU] = {0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de,
                          0x4393c3, 0x2166ac},
    [COV_PALETTE_BRBG] = {0x8c510a, 0xbf812d, 0xdfc27d, 0xf6e8c3, 0xf5f5f5, 0xc7eae5, 0x80cdc1,
                          0x35978f, 0x01665e},
    [COV_PALETTE_PUOR] = {0xb35806, 0xe08214, 0xfdb863, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0xb2abd2,
                          0x8073ac, 0x542788},
};

static const char *const names[COV_PALETTE_COUNT] = {
    "YlOrRd", "Blues", "Greens", "Purples", "YlGnBu", "Greys", "RdBu", "BrBG", "PuOr",
};

cov_color_t cov_color_hex(uint32_t rgb, double alpha)
{
    cov_color_t c = {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                     (rgb & 0xff) / 255.0, alpha};
    return c;
}

static double to_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double to_srgb(double c)
{
    return c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
}

double cov_color_luminance(cov_color_t c)
{
    return 0.2126 * to_linear(c.r) + 0.7152 * to_linear(c.g) + 0.0722 * to_linear(c.b);
}

int cov_palette_is_diverging(cov_palette_t p)
{
    return p == COV_PALETTE_RDBU || p == COV_PALETTE_BRBG || p == COV_PALETTE_PUOR;
}

const char *cov_palette_name(cov_palette_t p)
{
    return (unsigned)p < COV_PALETTE_COUNT ? names[p] : "?";
}

/* Interpolate in linear RGB: luminance is linear there, so a blend of two anchors has a
 * luminance between theirs and monotone anchors stay monotone after resampling. */
static cov_color_t sample(const uint32_t *a, double pos)
{
    int i = (int)floor(pos);
    if (i >= 8) i = 7;
    if (i < 0) i = 0;
    double t = pos - i;
    cov_color_t c0 = cov_color_hex(a[i], 1.0), c1 = cov_color_hex(a[i + 1], 1.0);
    cov_color_t out = {
        to_srgb(to_linear(c0.r) * (1 - t) + to_linear(c1.r) * t),
        to_srgb(to_linear(c0.g) * (1 - t) + to_linear(c1.g) * t),
        to_srgb(to_linear(c0.b) * (1 - t) + to_linear(c1.b) * t),
        1.0,
    };
    return out;
}

cov_status_t cov_palette_colors(cov_palette_t p, int k, cov_color_t *out)
{
    if ((unsigned)p >= COV_PALETTE_COUNT || k < 2 || k > COV_PALETTE_MAX_CLASSES || !out)
        return COV_ERR_USAGE;
    /* Sequential schemes skip the near-white first anchor when fewer than 9 classes are
     * wanted: the lightest class must still read as "filled" against white paper. */
    double lo = (!cov_palette_is_diverging(p) && k < 9) ? 1.0 : 0.0;
    for (int i = 0; i < k; i++) out[i] = sample(anchors[p], lo + (8.0 - lo) * i / (k - 1));
    return COV_OK;
}
