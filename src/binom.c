/*
 * binom.c: binomial confidence intervals for x successes in n trials.
 *
 * Methods (enum cp_binom_method in casepool.h):
 *   exact          Clopper-Pearson, from beta quantiles (as stats::binom.test)
 *   wilson         Wilson score interval, closed form
 *   jeffreys       equal-tailed Jeffreys interval, Beta(x + 1/2, n - x + 1/2)
 *                  quantiles, with lower = 0 at x = 0 and upper = 1 at x = n
 *                  (Brown, Cai and DasGupta 2001)
 *   agresti-coull  Wald interval around (x + z^2/2) / (n + z^2), clipped to
 *                  [0, 1]
 *   midp           Clopper-Pearson with half the probability of the observed
 *                  count in each tail, solved by safeguarded Newton steps
 */
#include "casepool.h"
#include <Rmath.h>
#include <float.h>
#include <math.h>

/* P(X < x) + P(X = x) / 2: decreasing in p; the upper mid-p limit solves
 * it equal to alpha / 2. */
static double midp_below(double p, double x, double n)
{
    double below = x > 0 ? Rf_pbinom(x - 1, n, p, 1, 0) : 0.0;
    return below + 0.5 * Rf_dbinom(x, n, p, 0);
}

/* P(X > x) + P(X = x) / 2: increasing in p; the lower mid-p limit solves it
 * equal to alpha / 2.  Computed from the upper tail, so that small limits
 * keep their relative precision. */
static double midp_above(double p, double x, double n)
{
    return Rf_pbinom(x, n, p, 0, 0) + 0.5 * Rf_dbinom(x, n, p, 0);
}

/* |d/dp| of both functions above: n/2 (dbinom(x-1; n-1, p) + dbinom(x; n-1, p)) */
static double midp_slope(double p, double x, double n)
{
    double a = x > 0 ? Rf_dbinom(x - 1, n - 1, p, 0) : 0.0;
    double b = x < n ? Rf_dbinom(x, n - 1, p, 0) : 0.0;
    return 0.5 * n * (a + b);
}

/* Root of midp_below(p) = target (upper = 1) or midp_above(p) = target
 * (upper = 0) in [0, 1].  Newton steps, replaced by bisection whenever a step
 * leaves the bracket that the signs have established. */
static double midp_solve(double x, double n, double target, int upper)
{
    double lo = 0.0, hi = 1.0, p = x / n;
    for (int it = 0; it < 400; it++) {
        double f = (upper ? midp_below(p, x, n) : midp_above(p, x, n)) - target;
        if (f == 0.0)
            return p;
        /* below() falls with p and above() rises: where is the root? */
        int root_right = upper ? (f > 0) : (f < 0);
        if (root_right)
            lo = p;
        else
            hi = p;
        double d = midp_slope(p, x, n), next = -1.0;
        if (d > 0 && R_FINITE(d))
            next = upper ? p + f / d : p - f / d;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - p) <= 2 * DBL_EPSILON * next ||
            hi - lo <= 2 * DBL_EPSILON * hi)
            return next;
        p = next;
    }
    return p;
}

void cp_binom_interval(double x, double n, double conf_level, int method,
                       double *lower, double *upper)
{
    if (ISNAN(x) || ISNAN(n) || ISNAN(conf_level) || n <= 0 || x < 0 || x > n) {
        *lower = NA_REAL;
        *upper = NA_REAL;
        return;
    }
    double alpha = 1.0 - conf_level;
    double z = Rf_qnorm5(1.0 - alpha / 2.0, 0.0, 1.0, 1, 0), z2 = z * z;
    double lo, hi;

    switch (method) {
    case CP_EXACT:
        lo = x == 0 ? 0.0 : Rf_qbeta(alpha / 2.0, x, n - x + 1.0, 1, 0);
        hi = x == n ? 1.0 : Rf_qbeta(1.0 - alpha / 2.0, x + 1.0, n - x, 1, 0);
        break;
    case CP_WILSON: {
        double phat = x / n;
        double centre = (x + z2 / 2.0) / (n + z2);
        double half = z * sqrt(n * phat * (1.0 - phat) + z2 / 4.0) / (n + z2);
        /* analytically 0 at x = 0 and 1 at x = n; rounding would miss */
        lo = x == 0 ? 0.0 : centre - half;
        hi = x == n ? 1.0 : centre + half;
        break;
    }
    case CP_JEFFREYS:
        lo = x == 0 ? 0.0 : Rf_qbeta(alpha / 2.0, x + 0.5, n - x + 0.5, 1, 0);
        hi = x == n ? 1.0 : Rf_qbeta(1.0 - alpha / 2.0, x + 0.5, n - x + 0.5, 1, 0);
        break;
    case CP_AGRESTI_COULL: {
        double ntilde = n + z2;
        double ptilde = (x + z2 / 2.0) / ntilde;
        double half = z * sqrt(ptilde * (1.0 - ptilde) / ntilde);
        lo = ptilde - half;
        hi = ptilde + half;
        break;
    }
    case CP_MIDP:
        lo = x == 0 ? 0.0 : midp_solve(x, n, alpha / 2.0, 0);
        hi = x == n ? 1.0 : midp_solve(x, n, alpha / 2.0, 1);
        break;
    default:
        Rf_error("cp_binom_interval: unknown method %d", method);
    }
    *lower = lo < 0.0 ? 0.0 : lo;
    *upper = hi > 1.0 ? 1.0 : hi;
}

/*
 * cp_binom_ci(x, n, conf_level, method)
 *   x, n        double vectors of one length: successes and trials, validated
 *               in R (whole, 0 <= x <= n); NA gives NA, n = 0 gives NA
 *   conf_level  double scalar in (0, 1)
 *   method      integer scalar, an enum cp_binom_method
 * Returns list(estimate = x / n, conf_low, conf_high), doubles of x's length.
 */
SEXP cp_binom_ci(SEXP x, SEXP n, SEXP conf_level, SEXP method)
{
    if (TYPEOF(x) != REALSXP || TYPEOF(n) != REALSXP || XLENGTH(x) != XLENGTH(n))
        Rf_error("cp_binom_ci: 'x' and 'n' must be double vectors of one length");
    R_xlen_t len = XLENGTH(x);
    double level = Rf_asReal(conf_level);
    int meth = Rf_asInteger(method);
    const double *px = REAL(x), *pn = REAL(n);

    int nprot = 0;
    SEXP est = PROTECT(Rf_allocVector(REALSXP, len)); nprot++;
    SEXP low = PROTECT(Rf_allocVector(REALSXP, len)); nprot++;
    SEXP high = PROTECT(Rf_allocVector(REALSXP, len)); nprot++;
    double *pe = REAL(est), *pl = REAL(low), *ph = REAL(high);

    for (R_xlen_t i = 0; i < len; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        pe[i] = (ISNAN(px[i]) || ISNAN(pn[i]) || pn[i] <= 0) ? NA_REAL : px[i] / pn[i];
        cp_binom_interval(px[i], pn[i], level, meth, pl + i, ph + i);
    }

    const char *names[] = {"estimate", "conf_low", "conf_high"};
    SEXP out = PROTECT(cp_named_list(names, 3)); nprot++;
    SET_VECTOR_ELT(out, 0, est);
    SET_VECTOR_ELT(out, 1, low);
    SET_VECTOR_ELT(out, 2, high);
    UNPROTECT(nprot);
    return out;
}
