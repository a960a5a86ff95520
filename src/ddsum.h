/*
 * ddsum.h: compensated (Neumaier) sums for npmle.c, so that a small
 * difference of two sums near 1, and a log-likelihood summed over many
 * cases, keep their digits on every platform (long double is plain double
 * on some, and under valgrind).
 */
#ifndef CASEPOOL_DDSUM_H
#define CASEPOOL_DDSUM_H

#include <math.h>
#include <Rinternals.h>

/* Compensated summation: add x to the sum held as s + *c (Neumaier). */
static inline double add_to(double s, double x, double *c)
{
    double t = s + x;
    *c += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
    return t;
}

/* Prefix sums of v[0..k-1] into hi[0..k], lo[0..k] (hi + lo the exact sum
 * to about twice double precision), so that a small difference of two
 * prefix sums near 1 keeps its digits. */
static inline void prefix_sums(const double *v, R_xlen_t k, double *hi, double *lo)
{
    double s = 0, c = 0;
    hi[0] = lo[0] = 0;
    for (R_xlen_t j = 0; j < k; j++) {
        s = add_to(s, v[j], &c);
        hi[j + 1] = s;
        lo[j + 1] = c;
    }
}

static inline double prefix_diff(const double *hi, const double *lo, R_xlen_t b,
                                 R_xlen_t a)
{
    return (hi[b] - hi[a]) + (lo[b] - lo[a]);
}

#endif
