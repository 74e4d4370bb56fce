/* Service radii and co-location classes: the bundled presets (data/presets.csv) and custom lists.
 */
#ifndef COV_PRESETS_H
#define COV_PRESETS_H

#include <stddef.h>

#include "geo/ctx.h"

#define COV_MAX_RADII 8
#define COV_CLASS_NAME_MAX 32

/* Radii r[0] < r[1] < ... in metres. A distance d is in class i for the smallest i with
 * d <= r[i] (boundaries inclusive); beyond the last radius it is in class n, "beyond". */
typedef struct cov_radii {
    size_t n;
    double r[COV_MAX_RADII];
    char cls[COV_MAX_RADII + 1][COV_CLASS_NAME_MAX]; /* cls[n] is "beyond" */
    char preset[COV_CLASS_NAME_MAX];                 /* the preset the names came from */
} cov_radii_t;

/* Load preset name ("gb50180", "rural", ...) from data_dir/presets.csv (NULL:
 * cov_ctx_data_dir(ctx)). COV_ERR_USAGE naming the known presets when name is unknown. */
COV_API cov_status_t cov_radii_preset(cov_ctx_t *ctx, const char *data_dir, const char *name,
                                      cov_radii_t *out);

/* Replace the radii of *r by a comma list ("50,300,500,1000"). Radii must be finite, >= 0 and
 * strictly increasing, at most COV_MAX_RADII (COV_ERR_USAGE otherwise, *r unchanged). The
 * preset's class names are kept when the count matches; otherwise classes are named
 * "within_<r>m". */
COV_API cov_status_t cov_radii_parse(cov_ctx_t *ctx, const char *text, cov_radii_t *r);

/* The class index of distance d (0..n); n for NaN. */
COV_API size_t cov_radii_class(const cov_radii_t *r, double d);

#endif
