/* Classification of numeric values into classes for choropleth maps. */
#ifndef COV_RENDER_CLASSIFY_H
#define COV_RENDER_CLASSIFY_H

#include <stddef.h>

#include "geo/status.h"

typedef enum cov_classify_method {
    COV_CLASSIFY_QUANTILE = 0, /* about the same number of values in each class */
    COV_CLASSIFY_EQUAL,        /* classes of equal width between min and max */
    COV_CLASSIFY_JENKS,        /* Fisher-Jenks natural breaks (least within-class variance) */
    COV_CLASSIFY_GIVEN         /* breaks supplied by the caller */
} cov_classify_method_t;

/* Above this many values Jenks runs on an evenly spaced sample of the sorted values (the
 * exact method is O(k n^2)); the sample always keeps the minimum and the maximum. */
#define COV_JENKS_MAX_SAMPLE 3000

/* Compute class breaks for values v[0..n-1] (NaN values are ignored).
 * On success breaks[0] is the minimum, breaks[*nbreaks-1] the maximum, and class i holds
 * breaks[i] < x <= breaks[i+1] (class 0 also holds its lower bound). breaks must have room
 * for k+1 doubles; *nbreaks is k+1, or fewer when the data have fewer distinct values
 * (duplicate breaks are merged). COV_CLASSIFY_GIVEN is not accepted here (no computation).
 * Errors: COV_ERR_USAGE (k < 1, NULL pointers, bad method), COV_ERR_EMPTY (no finite value),
 * COV_ERR_NOMEM. */
COV_API cov_status_t cov_classify_breaks(const double *v, size_t n, cov_classify_method_t method,
                                         int k, double *breaks, int *nbreaks);

/* The class of x for breaks[0..nbreaks-1]: 0..nbreaks-2, or -1 for NaN. Values below the
 * first break go to class 0 and above the last to the last class. */
COV_API int cov_classify_value(const double *breaks, int nbreaks, double x);

/* Sum of squared deviations from the class means for a classification of sorted values
 * (the quantity Jenks minimises); exposed so tests and callers can compare methods. */
COV_API double cov_classify_sdcm(const double *sorted, size_t n, const double *breaks, int nbreaks);

/* A short static name ("quantile", "equal", "jenks", "given"). */
COV_API const char *cov_classify_method_name(cov_classify_method_t m);

#endif
