/* numpy's pairwise summation of a contiguous run of doubles (the inner loop of np.add.reduce,
 * without its initial value): the kernels that must give numpy's sums bit for bit use it.
 * Below 8 values a plain loop; up to 128, eight partial sums combined in a fixed tree; above,
 * the two halves (split at a multiple of 8) summed recursively. */
#ifndef DECLUTTER_PAIRWISE_SUM_H
#define DECLUTTER_PAIRWISE_SUM_H
#include <stddef.h>

static inline double declutter_pairwise_sum(const double *a, ptrdiff_t n)
{
    if (n < 8) {
        double res = 0.0;
        for (ptrdiff_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        ptrdiff_t i;
        for (int j = 0; j < 8; j++) r[j] = a[j];
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    ptrdiff_t n2 = n / 2;
    n2 -= n2 % 8;
    return declutter_pairwise_sum(a, n2) + declutter_pairwise_sum(a + n2, n - n2);
}

#endif
