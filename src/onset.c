/*
 * onset.c: the R entry point of the onset-phrase scanner (onset_lex.c,
 * onset_words.c, onset_scan.c), which reads the time to response as case
 * reports state it ("overnight", "after the second infusion", "within 3
 * weeks", "at the 6-month follow-up") into an interval in days, infusions
 * or courses, counted from an infusion.  No regular expressions, no fixed
 * buffers and no allocation per phrase: the scratch memory for the tokens is
 * allocated once, for the longest phrase.
 *
 * The contract (also in ?parse_onset, with a table of examples, and in
 * tests/testthat/fixtures/onset-phrases.csv):
 *   overnight, immediately, next day, same day, the day after -> days (0, 1]
 *   within / by / less than / under / up to / before / no later than /
 *     over / during / in the first N <unit>, at the N-month follow-up
 *                                                 -> days (0, N]
 *   N <unit>, after / at / in N <unit>, N <unit> later, day N, week N
 *                                                 -> days [N, N]
 *   N-M <unit>, N to M, N or M, between N and M    -> days [N, M]
 *   more than / longer than / later than / beyond / at least N
 *                                                 -> days [N, Inf]
 *   in / during the Nth <unit>                     -> days [N - 1, N] units
 *   <a time> after the Kth infusion                -> that time, from K
 *   <a time> after the last infusion; after the last infusion
 *                                                 -> that time / (0, Inf], from Inf
 *   after the Kth infusion, after K infusions      -> infusions [K, K]
 *   between the Jth and Kth infusion, J-K infusions -> infusions [J, K]
 *   by the Kth infusion, within K infusions        -> infusions [1, K]
 *   before the Kth infusion                        -> infusions [1, K - 1]
 *   the same with cycles or courses                -> courses
 *   no improvement after 2 doses, did not respond, refractory -> no response
 *   a few days, several weeks, within days         -> vague
 *   not reported, NR, unknown, unclear, n/a, NA, -, ?, ""     -> not reported
 *   negative numbers, 1,000, 10^400, more digits than a double holds,
 *   more than 10^6 units                           -> unreadable
 *   day = 1, week = 7, fortnight = 14, month = 365.25 / 12, year = 365.25,
 *   hour = 1/24; N/7, N/52, N/12 are days, weeks and months.
 */
#include "casepool.h"
#include "onset_scan.h"

/*
 * cp_parse_onset(x)
 *   x  character vector of phrases (NA allowed)
 * Returns list(lower, upper, unit, from, status), one element per phrase:
 *   lower, upper  doubles, NA unless read (upper may be Inf);
 *   unit          integer 1 days, 2 infusions, 3 courses, NA unless read;
 *   from          double, the infusion the time is counted from (1 the
 *                 first, K, Inf the last), NA unless read;
 *   status        integer 0 read, 1 not reported (NA or a marker),
 *                 2 unreadable, 3 vague, 4 no response.
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
    SEXP from = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP status = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    double *lo = REAL(lower), *hi = REAL(upper), *fr = REAL(from);
    int *un = INTEGER(unit), *st = INTEGER(status);

    size_t longest = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP el = STRING_ELT(x, i);
        if (el != NA_STRING && (size_t) LENGTH(el) > longest)
            longest = (size_t) LENGTH(el);
    }
    void *scratch = R_alloc(cp_onset_scratch(longest), 1);

    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        SEXP el = STRING_ELT(x, i);
        cp_onset res;
        st[i] = el == NA_STRING ? CP_ONSET_NOT_REPORTED
                                : cp_onset_scan(CHAR(el), (size_t) LENGTH(el), scratch, &res);
        if (st[i] == CP_ONSET_READ) {
            lo[i] = res.lower;
            hi[i] = res.upper;
            un[i] = res.unit;
            fr[i] = res.from;
        } else {
            lo[i] = hi[i] = fr[i] = NA_REAL;
            un[i] = NA_INTEGER;
        }
    }

    const char *names[] = {"lower", "upper", "unit", "from", "status"};
    SEXP out = PROTECT(cp_named_list(names, 5)); nprot++;
    SET_VECTOR_ELT(out, 0, lower);
    SET_VECTOR_ELT(out, 1, upper);
    SET_VECTOR_ELT(out, 2, unit);
    SET_VECTOR_ELT(out, 3, from);
    SET_VECTOR_ELT(out, 4, status);
    UNPROTECT(nprot);
    return out;
}
