/*
 * onset.c: the R entry point of a hand-written scanner (onset_scan.c) that reads the time to response as case
 * reports state it ("overnight", "after the second infusion", "within 3
 * weeks") into an interval in days or in infusions.  No regular expressions
 * and no fixed buffers: each phrase is split into tokens in scratch memory
 * sized by the phrase and released after it.
 *
 * The contract (also in ?parse_onset and the tests):
 *   overnight, next day, same day, within 24 hours  -> days (0, 1]
 *   within / by / less than / under / up to / before N <unit> -> days (0, N]
 *   N <unit>, after / at / in N <unit>               -> days [N, N]
 *   N-M <unit>, N to M <unit>, between N and M <unit> -> days [N, M]
 *   more than / longer than / later than N <unit>    -> days [N, Inf]
 *   after / following the Kth infusion, after K infusions -> infusions [K, K]
 *   between the Jth and Kth infusion, J-K infusions  -> infusions [J, K]
 *   by the Kth infusion, within K infusions          -> infusions [1, K]
 *   before the Kth infusion                          -> infusions [1, K - 1]
 *   a duration counted from the first infusion ("2 weeks after the first
 *   dose") is read in days; from a later infusion it is unreadable.
 *   day = 1, week = 7, month = 365.25 / 12, year = 365.25 days, hour = 1/24.
 * Unreadable phrases give NA and are flagged.
 */
#include "casepool.h"
#include "onset_scan.h"

/*
 * cp_parse_onset(x)
 *   x  character vector of phrases (NA allowed)
 * Returns list(lower, upper, unit, status): doubles, an integer unit code
 * (1 days, 2 infusions, NA) and an integer status per phrase: 0 read,
 * 1 not reported (NA or a not-reported marker), 2 unreadable.
 */
SEXP cp_parse_onset(SEXP x)
{
    if (TYPEOF(x) != STRSXP)
        Rf_error("cp_parse_onset: 'x' must be a character vector");
    R_xlen_t n = XLENGTH(x);
    int nprot = 0;
    SEXP lower = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP upper = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP unit = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    SEXP status = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    double *lo = REAL(lower), *hi = REAL(upper);
    int *un = INTEGER(unit), *st = INTEGER(status);

    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        lo[i] = hi[i] = NA_REAL;
        un[i] = NA_INTEGER;
        SEXP el = STRING_ELT(x, i);
        if (el == NA_STRING) {
            st[i] = 1;
            continue;
        }
        const char *s = CHAR(el);
        size_t len = (size_t) LENGTH(el);
        const void *vmax = vmaxget();
        void *scratch = R_alloc(cp_onset_scratch(len), 1);
        double a, b;
        int u;
        st[i] = cp_onset_scan(s, len, scratch, &a, &b, &u);
        if (st[i] == CP_ONSET_READ) {
            lo[i] = a;
            hi[i] = b;
            un[i] = u;
        }
        vmaxset(vmax);
    }

    const char *names[] = {"lower", "upper", "unit", "status"};
    SEXP out = PROTECT(cp_named_list(names, 4)); nprot++;
    SET_VECTOR_ELT(out, 0, lower);
    SET_VECTOR_ELT(out, 1, upper);
    SET_VECTOR_ELT(out, 2, unit);
    SET_VECTOR_ELT(out, 3, status);
    UNPROTECT(nprot);
    return out;
}
