/* Class breaks for choropleth maps: quantiles, equal intervals and Fisher-Jenks natural breaks. */
#include "render/classify.h"

#include <math.h>
#include <stdlib.h>

#include "geo/alloc.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Copy the finite values and sort them; *out is NULL and *m 0 when none is finite. */
static cov_status_t sorted_finite(const double *v, size_t n, double **out, size_t *m)
{
    *out = NULL;
    *m = 0;
    double *s = cov_calloc_array(n ? n : 1, sizeof *s);
    if (!s) return COV_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) s[k++] = v[i];
    if (!k) {
        free(s);
        return COV_ERR_EMPTY;
    }
    qsort(s, k, sizeof *s, cmp_double);
    *out = s;
    *m = k;
    return COV_OK;
}

static void quantile_breaks(const double *s, size_t n, int k, double *b)
{
    b[0] = s[0];
    for (int i = 1; i < k; i++) {
        /* Nearest-rank: class i ends at the ceil(i*n/k)-th smallest value. */
        size_t r = (size_t)ceil((double)i * (double)n / k);
        b[i] = s[r ? r - 1 : 0];
    }
    b[k] = s[n - 1];
}

static void equal_breaks(const double *s, size_t n, int k, double *b)
{
    double lo = s[0], hi = s[n - 1];
    for (int i = 0; i <= k; i++) b[i] = lo + (hi - lo) * i / k;
    b[k] = hi; /* exact, whatever the rounding */
}

/* Fisher's exact optimal partition of sorted values into k contiguous classes by dynamic
 * programming over prefix sums. Values are shifted by their median first so that the
 * sum-of-squares difference does not lose precision on large magnitudes. */
static cov_status_t jenks_breaks(const double *s, size_t n, int k, double *b)
{
    if ((size_t)k > n) k = (int)n;
    double shift = s[n / 2];
    double *p1 = cov_calloc_array(n + 1, sizeof *p1);
    double *p2 = cov_calloc_array(n + 1, sizeof *p2);
    double *cost = cov_calloc_array((size_t)k * n, sizeof *cost);
    size_t *from = cov_calloc_array((size_t)k * n, sizeof *from);
    if (!p1 || !p2 || !cost || !from) {
        free(p1), free(p2), free(cost), free(from);
        return COV_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double x = s[i] - shift;
        p1[i + 1] = p1[i] + x;
        p2[i + 1] = p2[i] + x * x;
    }
/* Sum of squared deviations of s[i..j] (inclusive). */
#define SSD(i, j)                                                                                  \
    (p2[(j) + 1] - p2[i] - (p1[(j) + 1] - p1[i]) * (p1[(j) + 1] - p1[i]) / ((j) - (i) + 1))
    for (size_t j = 0; j < n; j++) {
        cost[j] = SSD(0, j);
        from[j] = 0;
    }
    for (int c = 1; c < k; c++) {
        double *prev = cost + (size_t)(c - 1) * n, *cur = cost + (size_t)c * n;
        size_t *fr = from + (size_t)c * n;
        for (size_t j = (size_t)c; j < n; j++) {
            double best = INFINITY;
            size_t arg = j;
            /* The last class is s[i..j]; ties keep the largest i for a stable answer. */
            for (size_t i = (size_t)c; i <= j; i++) {
                double t = prev[i - 1] + SSD(i, j);
                if (t <= best) {
                    best = t;
                    arg = i;
                }
            }
            cur[j] = best;
            fr[j] = arg;
        }
    }
#undef SSD
    /* Walk the class starts back from the last value. */
    size_t end = n - 1;
    b[k] = s[n - 1];
    for (int c = k - 1; c >= 1; c--) {
        size_t start = from[(size_t)c * n + end];
        b[c] = s[start - 1];
        end = start - 1;
    }
    b[0] = s[0];
    free(p1), free(p2), free(cost), free(from);
    return COV_OK;
}

/* Merge equal neighbouring breaks; always leave at least one class. */
static int dedupe(double *b, int nb)
{
    int m = 1;
    for (int i = 1; i < nb; i++)
        if (b[i] > b[m - 1]) b[m++] = b[i];
    if (m == 1) b[m++] = b[0];
    return m;
}

cov_status_t cov_classify_breaks(const double *v, size_t n, cov_classify_method_t method, int k,
                                 double *breaks, int *nbreaks)
{
    if (!breaks || !nbreaks || (n && !v) || k < 1) return COV_ERR_USAGE;
    if (method != COV_CLASSIFY_QUANTILE && method != COV_CLASSIFY_EQUAL &&
        method != COV_CLASSIFY_JENKS)
        return COV_ERR_USAGE;
    *nbreaks = 0;
    double *s;
    size_t m;
    cov_status_t st = sorted_finite(v, n, &s, &m);
    if (st) return st;
    int kk = k;
    if (method == COV_CLASSIFY_QUANTILE) {
        quantile_breaks(s, m, k, breaks);
    } else if (method == COV_CLASSIFY_EQUAL) {
        equal_breaks(s, m, k, breaks);
    } else {
        if (m > COV_JENKS_MAX_SAMPLE) {
            /* Evenly spaced ranks keep the shape of the distribution, min and max. */
            size_t q = COV_JENKS_MAX_SAMPLE;
            for (size_t i = 0; i < q; i++) s[i] = s[(size_t)((double)i * (m - 1) / (q - 1))];
            m = q;
        }
        if ((size_t)kk > m) kk = (int)m;
        st = jenks_breaks(s, m, kk, breaks);
    }
    free(s);
    if (st) return st;
    *nbreaks = dedupe(breaks, kk + 1);
    return COV_OK;
}

int cov_classify_value(const double *breaks, int nbreaks, double x)
{
    if (isnan(x) || nbreaks < 2) return -1;
    int lo = 0, hi = nbreaks - 2;
    /* First class whose upper bound is >= x. */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (x <= breaks[mid + 1])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

double cov_classify_sdcm(const double *sorted, size_t n, const double *breaks, int nbreaks)
{
    double total = 0;
    size_t i = 0;
    for (int c = 0; c + 1 < nbreaks && i < n; c++) {
        size_t j = i;
        double sum = 0;
        while (j < n && (sorted[j] <= breaks[c + 1] || c + 2 == nbreaks)) sum += sorted[j++];
        if (j == i) continue;
        double mean = sum / (double)(j - i);
        for (size_t t = i; t < j; t++) total += (sorted[t] - mean) * (sorted[t] - mean);
        i = j;
    }
    return total;
}

const char *cov_classify_method_name(cov_classify_method_t m)
{
    switch (m) {
    case COV_CLASSIFY_QUANTILE: return "quantile";
    case COV_CLASSIFY_EQUAL: return "equal";
    case COV_CLASSIFY_JENKS: return "jenks";
    case COV_CLASSIFY_GIVEN: return "given";
    }
    return "?";
}
