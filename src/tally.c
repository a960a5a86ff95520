/*
 * tally.c: counts of yes / no / not reported for any number of yes/no
 * outcomes in any number of groups, in one pass over the cases, with the
 * binomial intervals of both denominators.
 */
#include "casepool.h"
#include <limits.h>
#include <string.h>

/* a count vector: integer where every count fits, double otherwise */
static SEXP count_vector(const R_xlen_t *counts, R_xlen_t len)
{
    int fits = 1;
    for (R_xlen_t j = 0; j < len; j++)
        if (counts[j] > INT_MAX) {
            fits = 0;
            break;
        }
    SEXP out = PROTECT(Rf_allocVector(fits ? INTSXP : REALSXP, len));
    for (R_xlen_t j = 0; j < len; j++) {
        if (fits)
            INTEGER(out)[j] = (int) counts[j];
        else
            REAL(out)[j] = (double) counts[j];
    }
    UNPROTECT(1);
    return out;
}

/*
 * cp_tally(outcomes, group, ngroups, conf_level, method)
 *   outcomes    list of K logical vectors of one length n (TRUE yes, FALSE no,
 *               NA not reported)
 *   group       integer vector of length n with codes 1..G, or NULL for a
 *               single group; R turns NA groups into a level of their own
 *   ngroups     integer scalar G (levels without cases give zero counts)
 *   conf_level  double scalar in (0, 1)
 *   method      integer scalar, an enum cp_binom_method
 * Returns a named list of K * G rows, outcome-major (all groups of outcome 1,
 * then outcome 2, ...): yes, no, not_reported, n, n_reported (integer, or
 * double where a count passes INT_MAX), prop = yes / n and its interval
 * conf_low, conf_high, prop_reported = yes / n_reported and its interval
 * conf_low_reported, conf_high_reported.
 */
SEXP cp_tally(SEXP outcomes, SEXP group, SEXP ngroups, SEXP conf_level,
              SEXP method)
{
    if (TYPEOF(outcomes) != VECSXP)
        Rf_error("cp_tally: 'outcomes' must be a list");
    R_xlen_t K = XLENGTH(outcomes);
    int has_group = !Rf_isNull(group);
    int G = Rf_asInteger(ngroups);
    if (G == NA_INTEGER || G < 0)
        Rf_error("cp_tally: 'ngroups' must be a count");
    if (!has_group && G != 1)
        Rf_error("cp_tally: 'ngroups' must be 1 without groups");
    if (has_group && TYPEOF(group) != INTSXP)
        Rf_error("cp_tally: 'group' must be an integer vector");

    R_xlen_t n = has_group ? XLENGTH(group)
                           : (K > 0 ? XLENGTH(VECTOR_ELT(outcomes, 0)) : 0);
    const int **lp = (const int **) R_alloc(K > 0 ? K : 1, sizeof(int *));
    for (R_xlen_t k = 0; k < K; k++) {
        SEXP o = VECTOR_ELT(outcomes, k);
        if (TYPEOF(o) != LGLSXP || XLENGTH(o) != n)
            Rf_error("cp_tally: outcome %lld must be a logical vector of length %lld",
                     (long long) k + 1, (long long) n);
        lp[k] = LOGICAL(o);
    }
    if (G > 0 && K > R_XLEN_T_MAX / G)
        Rf_error("cp_tally: too many outcome and group cells");
    R_xlen_t cells = K * G;

    R_xlen_t *total = (R_xlen_t *) R_alloc(G > 0 ? G : 1, sizeof(R_xlen_t));
    R_xlen_t *yes = (R_xlen_t *) R_alloc(cells > 0 ? cells : 1, sizeof(R_xlen_t));
    R_xlen_t *na = (R_xlen_t *) R_alloc(cells > 0 ? cells : 1, sizeof(R_xlen_t));
    memset(total, 0, (G > 0 ? G : 1) * sizeof(R_xlen_t));
    memset(yes, 0, (cells > 0 ? cells : 1) * sizeof(R_xlen_t));
    memset(na, 0, (cells > 0 ? cells : 1) * sizeof(R_xlen_t));

    const int *gp = has_group ? INTEGER(group) : NULL;
    for (R_xlen_t i = 0; i < n; i++) {
        int g = gp ? gp[i] - 1 : 0;
        if (g < 0 || g >= G)
            Rf_error("cp_tally: group code out of range in row %lld", (long long) i + 1);
        total[g]++;
    }
    /* one outcome at a time, in memory order, counting without branches
     * (yes/no/NA are unpredictable) */
    for (R_xlen_t k = 0; k < K; k++) {
        const int *v = lp[k];
        R_xlen_t *yk = yes + k * G, *nk = na + k * G;
        if (gp) {
            for (R_xlen_t i = 0; i < n; i++) {
                int g = gp[i] - 1, x = v[i];
                yk[g] += (x != 0) & (x != NA_LOGICAL);
                nk[g] += x == NA_LOGICAL;
            }
        } else {
            R_xlen_t y = 0, a = 0;
            for (R_xlen_t i = 0; i < n; i++) {
                int x = v[i];
                y += (x != 0) & (x != NA_LOGICAL);
                a += x == NA_LOGICAL;
            }
            yk[0] += y;
            nk[0] += a;
        }
        R_CheckUserInterrupt();
    }

    R_xlen_t *no = (R_xlen_t *) R_alloc(cells > 0 ? cells : 1, sizeof(R_xlen_t));
    R_xlen_t *all = (R_xlen_t *) R_alloc(cells > 0 ? cells : 1, sizeof(R_xlen_t));
    R_xlen_t *rep = (R_xlen_t *) R_alloc(cells > 0 ? cells : 1, sizeof(R_xlen_t));
    for (R_xlen_t c = 0; c < cells; c++) {
        all[c] = total[c % G];
        rep[c] = all[c] - na[c];
        no[c] = rep[c] - yes[c];
    }

    const char *names[] = {"yes", "no", "not_reported", "n", "n_reported",
                           "prop", "conf_low", "conf_high", "prop_reported",
                           "conf_low_reported", "conf_high_reported"};
    const int ncol = 11;
    int nprot = 0;
    SEXP out = PROTECT(cp_named_list(names, ncol)); nprot++;

    SET_VECTOR_ELT(out, 0, count_vector(yes, cells));
    SET_VECTOR_ELT(out, 1, count_vector(no, cells));
    SET_VECTOR_ELT(out, 2, count_vector(na, cells));
    SET_VECTOR_ELT(out, 3, count_vector(all, cells));
    SET_VECTOR_ELT(out, 4, count_vector(rep, cells));
    for (int j = 5; j < ncol; j++)
        SET_VECTOR_ELT(out, j, Rf_allocVector(REALSXP, cells));

    double level = Rf_asReal(conf_level);
    int meth = Rf_asInteger(method);
    double *prop = REAL(VECTOR_ELT(out, 5)), *lo = REAL(VECTOR_ELT(out, 6)),
           *hi = REAL(VECTOR_ELT(out, 7)), *propr = REAL(VECTOR_ELT(out, 8)),
           *lor = REAL(VECTOR_ELT(out, 9)), *hir = REAL(VECTOR_ELT(out, 10));
    for (R_xlen_t c = 0; c < cells; c++) {
        double y = (double) yes[c], a = (double) all[c], r = (double) rep[c];
        prop[c] = a > 0 ? y / a : NA_REAL;
        propr[c] = r > 0 ? y / r : NA_REAL;
        cp_binom_interval(y, a, level, meth, lo + c, hi + c);
        cp_binom_interval(y, r, level, meth, lor + c, hir + c);
    }
    UNPROTECT(nprot);
    return out;
}
