/* Class breaks (quantile, equal, Jenks) on hand-computed cases, and palette luminance order. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/classify.h"
#include "render/palette.h"
#include "tests/unit/check.h"

static void check_breaks(const double *got, int ngot, const double *want, int nwant)
{
    CHECK_INT(ngot, nwant);
    for (int i = 0; i < ngot && i < nwant; i++) CHECK_NEAR(got[i], want[i], 1e-9);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Exhaustive search over all ways to cut sorted s into 3 contiguous classes. */
static double brute_jenks3(const double *s, int n, double *b1, double *b2)
{
    double best = INFINITY;
    for (int i = 1; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double br[4] = {s[0], s[i - 1], s[j - 1], s[n - 1]};
            double sd = cov_classify_sdcm(s, (size_t)n, br, 4);
            if (sd < best - 1e-12) {
                best = sd;
                *b1 = s[i - 1];
                *b2 = s[j - 1];
            }
        }
    return best;
}

/* CIE lightness L* (0..100) of a colour: what a greyscale copy keeps, on a perceptual scale. */
static double lightness(cov_color_t c)
{
    double y = cov_color_luminance(c);
    return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389.0 / 27;
}

int main(void)
{
    double b[16];
    int nb;

    /* Quantiles, nearest rank: 10 values in 5 classes of 2. */
    double ten[10] = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
    CHECK_INT(cov_classify_breaks(ten, 10, COV_CLASSIFY_QUANTILE, 5, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){1, 2, 4, 6, 8, 10}, 6);
    /* 7 values, 3 classes: ranks ceil(7/3)=3 and ceil(14/3)=5 of {1,1,2,3,4,5,9}. */
    double seven[7] = {3, 1, 4, 1, 5, 9, 2};
    CHECK_INT(cov_classify_breaks(seven, 7, COV_CLASSIFY_QUANTILE, 3, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){1, 2, 4, 9}, 4);
    int counts[3] = {0};
    for (int i = 0; i < 7; i++) counts[cov_classify_value(b, nb, seven[i])]++;
    CHECK_INT(counts[0], 3);
    CHECK_INT(counts[1], 2);
    CHECK_INT(counts[2], 2);
    /* Ties merge classes rather than making empty ones. */
    double ties[5] = {1, 1, 1, 1, 2};
    CHECK_INT(cov_classify_breaks(ties, 5, COV_CLASSIFY_QUANTILE, 4, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){1, 2}, 2);

    /* Equal intervals; NaN values are ignored. */
    double eq[3] = {0, 3, 10};
    CHECK_INT(cov_classify_breaks(eq, 3, COV_CLASSIFY_EQUAL, 4, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){0, 2.5, 5, 7.5, 10}, 5);
    double withnan[3] = {NAN, 0, 10};
    CHECK_INT(cov_classify_breaks(withnan, 3, COV_CLASSIFY_EQUAL, 2, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){0, 5, 10}, 3);
    double same[3] = {4, 4, 4};
    CHECK_INT(cov_classify_breaks(same, 3, COV_CLASSIFY_EQUAL, 3, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){4, 4}, 2);

    /* Jenks on three obvious clusters: breaks 3 and 12; SDCM = 3 clusters x 2 = 6. */
    double clus[9] = {21, 1, 11, 2, 22, 3, 10, 20, 12};
    CHECK_INT(cov_classify_breaks(clus, 9, COV_CLASSIFY_JENKS, 3, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){1, 3, 12, 22}, 4);
    qsort(clus, 9, sizeof *clus, cmp);
    CHECK_NEAR(cov_classify_sdcm(clus, 9, b, nb), 6.0, 1e-9);

    /* Jenks on the 12-value example published with jenkspy (breaks 1.2, 2.3, 5.0, 7.8), checked
     * again by exhaustive search over all 55 three-class cuts. */
    double pub[12] = {1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3};
    CHECK_INT(cov_classify_breaks(pub, 12, COV_CLASSIFY_JENKS, 3, b, &nb), COV_OK);
    check_breaks(b, nb, (double[]){1.2, 2.3, 5.0, 7.8}, 4);
    qsort(pub, 12, sizeof *pub, cmp);
    double bb1 = NAN, bb2 = NAN;
    double best = brute_jenks3(pub, 12, &bb1, &bb2);
    CHECK_NEAR(b[1], bb1, 1e-12);
    CHECK_NEAR(b[2], bb2, 1e-12);
    CHECK_NEAR(cov_classify_sdcm(pub, 12, b, nb), best, 1e-9);
    /* Jenks never does worse than quantiles or equal intervals on its own criterion. */
    double q[4], e[4];
    int nq, ne;
    cov_classify_breaks(pub, 12, COV_CLASSIFY_QUANTILE, 3, q, &nq);
    cov_classify_breaks(pub, 12, COV_CLASSIFY_EQUAL, 3, e, &ne);
    CHECK(best <= cov_classify_sdcm(pub, 12, q, nq) + 1e-9);
    CHECK(best <= cov_classify_sdcm(pub, 12, e, ne) + 1e-9);

    /* Large inputs are sampled; the result still spans min..max in rising order. */
    size_t big = 50000;
    double *v = malloc(big * sizeof *v);
    double vmin = INFINITY, vmax = -INFINITY;
    for (size_t i = 0; i < big; i++) {
        v[i] = (double)((i * 7919) % big) + (i % 3 ? 0 : 100000);
        vmin = fmin(vmin, v[i]), vmax = fmax(vmax, v[i]);
    }
    CHECK_INT(cov_classify_breaks(v, big, COV_CLASSIFY_JENKS, 5, b, &nb), COV_OK);
    CHECK_INT(nb, 6);
    CHECK_NEAR(b[0], vmin, 0);
    CHECK_NEAR(b[nb - 1], vmax, 0);
    for (int i = 1; i < nb; i++) CHECK(b[i] > b[i - 1]);
    free(v);

    /* Class lookup at the edges. */
    double br[4] = {0, 10, 20, 30};
    CHECK_INT(cov_classify_value(br, 4, 0), 0);
    CHECK_INT(cov_classify_value(br, 4, 10), 0);
    CHECK_INT(cov_classify_value(br, 4, 10.5), 1);
    CHECK_INT(cov_classify_value(br, 4, -5), 0);
    CHECK_INT(cov_classify_value(br, 4, 99), 2);
    CHECK_INT(cov_classify_value(br, 4, NAN), -1);

    /* Errors. */
    CHECK_INT(cov_classify_breaks(ten, 10, COV_CLASSIFY_QUANTILE, 0, b, &nb), COV_ERR_USAGE);
    CHECK_INT(cov_classify_breaks(ten, 10, COV_CLASSIFY_GIVEN, 3, b, &nb), COV_ERR_USAGE);
    double nans[2] = {NAN, NAN};
    CHECK_INT(cov_classify_breaks(nans, 2, COV_CLASSIFY_JENKS, 3, b, &nb), COV_ERR_EMPTY);
    CHECK_STR(cov_classify_method_name(COV_CLASSIFY_JENKS), "jenks");

    /* Palettes: sequential ones darken class by class and diverging ones darken away from the
     * middle, with a visible lightness step between neighbours (greyscale readable). */
    for (int p = 0; p < COV_PALETTE_COUNT; p++)
        for (int k = 2; k <= COV_PALETTE_MAX_CLASSES; k++) {
            cov_color_t c[COV_PALETTE_MAX_CLASSES];
            CHECK_INT(cov_palette_colors((cov_palette_t)p, k, c), COV_OK);
            double min_step = INFINITY;
            for (int i = 1; i < k; i++) {
                double l0 = lightness(c[i - 1]), l1 = lightness(c[i]);
                bool dark_side = cov_palette_is_diverging((cov_palette_t)p) && 2 * i <= k - 1;
                double step = dark_side ? l1 - l0 : l0 - l1;
                if (cov_palette_is_diverging((cov_palette_t)p) && k % 2 == 0 && 2 * i == k)
                    continue; /* the two middle classes of an even diverging scheme */
                if (step < min_step) min_step = step;
                if (!(step > 0))
                    fprintf(stderr, "%s k=%d: class %d L*=%.1f, class %d L*=%.1f\n",
                            cov_palette_name((cov_palette_t)p), k, i - 1, l0, i, l1);
                CHECK(step > 0);
            }
            /* Five to seven classes is what a print map uses; keep them >= 5 L* apart. */
            if (k <= 7 && !cov_palette_is_diverging((cov_palette_t)p)) {
                if (min_step < 5)
                    fprintf(stderr, "%s k=%d: smallest step %.1f L*\n",
                            cov_palette_name((cov_palette_t)p), k, min_step);
                CHECK(min_step >= 5);
            }
        }
    cov_color_t c3[3];
    CHECK_INT(cov_palette_colors(COV_PALETTE_BLUES, 1, c3), COV_ERR_USAGE);
    CHECK_INT(cov_palette_colors(COV_PALETTE_COUNT, 3, c3), COV_ERR_USAGE);
    CHECK_NEAR(cov_color_luminance(cov_color_hex(0xffffff, 1)), 1.0, 1e-12);
    CHECK_NEAR(cov_color_luminance(cov_color_hex(0x000000, 1)), 0.0, 1e-12);
    CHECK_DONE();
}
