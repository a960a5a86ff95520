/*
 * regimen.c: infusion schedules.  A regimen is its induction days (day 0
 * first, increasing) and a maintenance interval in days (NA: none); day k
 * of the schedule is the induction day k, then the last induction day plus
 * (k - induction) maintenance intervals.
 */
#include "casepool.h"
#include <math.h>

/* the day of infusion k (1-based), or NA */
static double day_of(double k, const double *ind, R_xlen_t ni, double every)
{
    if (ISNAN(k) || k < 1)
        return NA_REAL;
    if (k <= (double) ni)
        return ind[(R_xlen_t) k - 1];
    if (ISNAN(every))
        return NA_REAL;
    return ind[ni - 1] + (k - (double) ni) * every;
}

/* infusions given on or before day d (strict: before day d) */
static double count_by(double d, const double *ind, R_xlen_t ni, double every,
                       int strict)
{
    if (ISNAN(d))
        return NA_REAL;
    double count = 0;
    for (R_xlen_t j = 0; j < ni; j++)
        if (strict ? ind[j] < d : ind[j] <= d)
            count++;
    if (ISNAN(every) || !R_FINITE(d))
        return (!R_FINITE(d) && d > 0 && !ISNAN(every)) ? R_PosInf : count;
    double last = ind[ni - 1], gap = (d - last) / every;
    if (strict) {
        if (d > last)
            count += ceil(gap) - 1;
    } else if (d >= last) {
        count += floor(gap);
    }
    return count;
}

/*
 * cp_infusion_day(k, induction, every)
 *   k          double vector of infusion numbers (NA allowed)
 *   induction  double vector of induction days: 0 first, increasing
 *   every      double vector of maintenance intervals in days, length 1 or
 *              length(k) (NA: no maintenance)
 * Returns the day of each infusion k (NA where there is none).
 */
SEXP cp_infusion_day(SEXP k, SEXP induction, SEXP every)
{
    R_xlen_t n = XLENGTH(k), ni = XLENGTH(induction), ne = XLENGTH(every);
    if (TYPEOF(k) != REALSXP || TYPEOF(induction) != REALSXP ||
        TYPEOF(every) != REALSXP || ni < 1 || (ne != 1 && ne != n))
        Rf_error("cp_infusion_day: bad arguments");
    SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
    const double *pk = REAL(k), *pi = REAL(induction), *pe = REAL(every);
    for (R_xlen_t i = 0; i < n; i++)
        REAL(out)[i] = day_of(pk[i], pi, ni, pe[ne == 1 ? 0 : i]);
    UNPROTECT(1);
    return out;
}

/*
 * cp_infusions_by_day(d, induction, every, strict)
 *   d       double vector of days since the first infusion (NA allowed)
 *   induction, every  as cp_infusion_day
 *   strict  logical: count infusions before day d instead of on or before
 * Returns the number of infusions given by each day (Inf at d = Inf with a
 * maintenance interval).
 */
SEXP cp_infusions_by_day(SEXP d, SEXP induction, SEXP every, SEXP strict)
{
    R_xlen_t n = XLENGTH(d), ni = XLENGTH(induction), ne = XLENGTH(every);
    if (TYPEOF(d) != REALSXP || TYPEOF(induction) != REALSXP ||
        TYPEOF(every) != REALSXP || ni < 1 || (ne != 1 && ne != n))
        Rf_error("cp_infusions_by_day: bad arguments");
    int st = Rf_asLogical(strict) == TRUE;
    SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
    const double *pd = REAL(d), *pi = REAL(induction), *pe = REAL(every);
    for (R_xlen_t i = 0; i < n; i++)
        REAL(out)[i] = count_by(pd[i], pi, ni, pe[ne == 1 ? 0 : i], st);
    UNPROTECT(1);
    return out;
}
