/*
 * logrank.c: the log-rank test (and the G-rho family of Harrington and
 * Fleming) between the strata of a Kaplan-Meier fit, from the fit's rows,
 * with the observed and expected events and their variance as
 * survival::survdiff() computes them.
 *
 * At each distinct time t of any stratum, stratum s has n_s at risk (the
 * n_risk of its first row at or after t, 0 after its last row) and d_s
 * events (its row at t, if any).  With n and d the totals and weight
 * w = S(t-)^rho (S the Kaplan-Meier of all strata together, just before
 * t): O_s += w d_s, E_s += w d n_s / n, and when n > 1,
 * V_st += w^2 d (n - d) / (n (n - 1)) n_s (delta_st - n_t / n).
 */
#include "casepool.h"
#include <math.h>

/*
 * cp_logrank(time, n_risk, n_event, strata, nstrata, rho)
 *   time, n_risk, n_event  double: the rows of a Kaplan-Meier fit, ordered
 *                          by stratum and then time
 *   strata                 integer codes 1..S of the rows
 *   nstrata                integer S
 *   rho                    double >= 0: 0 for the log-rank test
 * Returns list(observed, expected, var), S, S and an S x S matrix.
 */
SEXP cp_logrank(SEXP time, SEXP n_risk, SEXP n_event, SEXP strata,
                SEXP nstrata, SEXP rho)
{
    R_xlen_t nr = XLENGTH(time);
    if (TYPEOF(time) != REALSXP || TYPEOF(n_risk) != REALSXP ||
        TYPEOF(n_event) != REALSXP || TYPEOF(strata) != INTSXP ||
        XLENGTH(n_risk) != nr || XLENGTH(n_event) != nr || XLENGTH(strata) != nr)
        Rf_error("cp_logrank: the rows must be double columns and integer strata of one length");
    int S = Rf_asInteger(nstrata);
    double r = Rf_asReal(rho);
    if (S == NA_INTEGER || S < 1 || !(r >= 0) || !R_FINITE(r))
        Rf_error("cp_logrank: 'nstrata' or 'rho' out of range");
    const double *t = REAL(time), *nrisk = REAL(n_risk), *nev = REAL(n_event);
    const int *sg = INTEGER(strata);
    /* the rows of each stratum */
    R_xlen_t *start = (R_xlen_t *) R_alloc(S + 1, sizeof(R_xlen_t));
    for (int s = 0; s <= S; s++)
        start[s] = 0;
    for (R_xlen_t i = 0; i < nr; i++) {
        if (sg[i] < 1 || sg[i] > S || (i > 0 && sg[i] < sg[i - 1]) || ISNAN(t[i]))
            Rf_error("cp_logrank: the rows must be ordered by stratum code");
        start[sg[i]]++;
    }
    for (int s = 0; s < S; s++)
        start[s + 1] += start[s];
    R_xlen_t *ptr = (R_xlen_t *) R_alloc(S, sizeof(R_xlen_t));
    for (int s = 0; s < S; s++)
        ptr[s] = start[s];

    int nprot = 0;
    const char *names[] = {"observed", "expected", "var"};
    SEXP out = PROTECT(cp_named_list(names, 3)); nprot++;
    SET_VECTOR_ELT(out, 0, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 2, Rf_allocMatrix(REALSXP, S, S));
    double *O = REAL(VECTOR_ELT(out, 0)), *E = REAL(VECTOR_ELT(out, 1));
    double *V = REAL(VECTOR_ELT(out, 2));
    for (int s = 0; s < S; s++)
        O[s] = E[s] = 0;
    for (R_xlen_t e = 0; e < (R_xlen_t) S * S; e++)
        V[e] = 0;
    double *ns = (double *) R_alloc(S, sizeof(double));
    double *ds = (double *) R_alloc(S, sizeof(double));
    double km = 1;
    /* the strata's rows are merged: the next time is the least of the
     * strata's next rows */
    for (R_xlen_t step = 0;; step++) {
        double tt = R_PosInf;
        int any = 0;
        for (int s = 0; s < S; s++) {
            if (ptr[s] < start[s + 1] && (!any || t[ptr[s]] < tt)) {
                tt = t[ptr[s]];
                any = 1;
            }
        }
        if (!any)
            break;
        if ((step & 1023) == 1023)
            R_CheckUserInterrupt();
        double n = 0, d = 0;
        for (int s = 0; s < S; s++) {
            R_xlen_t p = ptr[s];
            ns[s] = p < start[s + 1] ? nrisk[p] : 0;
            ds[s] = p < start[s + 1] && t[p] == tt ? nev[p] : 0;
            if (p < start[s + 1] && t[p] == tt)
                ptr[s]++;
            n += ns[s];
            d += ds[s];
        }
        if (d > 0 && n > 0) {
            double w = r == 0 ? 1 : pow(km, r);
            for (int s = 0; s < S; s++) {
                O[s] += w * ds[s];
                E[s] += w * d * ns[s] / n;
            }
            if (n > 1) {
                double c = w * w * d * (n - d) / (n * (n - 1));
                for (int s = 0; s < S; s++) {
                    if (ns[s] == 0)
                        continue;
                    double cs = c * ns[s];
                    V[s + (R_xlen_t) s * S] += cs;
                    for (int u = 0; u < S; u++)
                        V[s + (R_xlen_t) u * S] -= cs * ns[u] / n;
                }
            }
            km *= (n - d) / n;
        }
    }
    UNPROTECT(nprot);
    return out;
}
