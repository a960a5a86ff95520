/*
 * turnbull.c: Turnbull's nonparametric maximum likelihood estimate of the
 * distribution of interval-censored times, by self-consistency (EM), with a
 * convergence test on the Kuhn-Tucker conditions.
 *
 * A case is known to lie in (left, right]; left = -Inf is left-censored,
 * right = Inf right-censored, left == right an exact time.  The NPMLE puts
 * mass only on Turnbull's innermost intervals: a left endpoint immediately
 * followed, in the sorted endpoints, by a right endpoint.  Each case covers
 * a contiguous run of them, so one EM step costs O(n + m) with prefix sums.
 */
#include "casepool.h"
#include <math.h>
#include <stdlib.h>

/* endpoint kinds, in their order at a tie: the closed left end of an exact
 * time, right ends, open left ends; so (a, t] and (t, b] do not meet and an
 * exact t lies in (a, t]. */
enum { END_LEFT_CLOSED = 0, END_RIGHT = 1, END_LEFT_OPEN = 2 };

typedef struct {
    double value;
    int kind;
    R_xlen_t obs;
} endpoint;

static int endpoint_cmp(const void *a, const void *b)
{
    const endpoint *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return 0;
}

typedef struct {
    R_xlen_t m;           /* innermost intervals */
    double *lower, *upper, *mass;
    int *closed;          /* 1: the point [lower, upper] of exact times */
    int iterations, converged;
    double loglik, kkt;   /* max_j d_j / n - 1 at the end */
} turnbull_fit;

/* Log-likelihood at masses p, and d_j = sum over the cases covering j of
 * 1 / D_i, where D_i is the mass case i covers (its likelihood). */
static double em_eval(const double *p, const R_xlen_t *a, const R_xlen_t *b,
                      R_xlen_t n, R_xlen_t m, double *cum, double *d)
{
    cum[0] = 0;
    for (R_xlen_t j = 0; j < m; j++) {
        cum[j + 1] = cum[j] + p[j];
        d[j] = 0;
    }
    d[m] = 0;
    double loglik = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        double D = cum[b[i] + 1] - cum[a[i]];
        loglik += log(D);
        d[a[i]] += 1.0 / D;
        d[b[i] + 1] -= 1.0 / D;
    }
    double run = 0;
    for (R_xlen_t j = 0; j < m; j++) {
        run += d[j];
        d[j] = run;
    }
    return loglik;
}

static void normalise(double *p, R_xlen_t m)
{
    double total = 0;
    for (R_xlen_t j = 0; j < m; j++)
        total += p[j];
    for (R_xlen_t j = 0; j < m; j++)
        p[j] /= total;
}

/* One self-consistency (EM) step: p_j d_j / n. */
static void em_update(const double *p, const double *d, double *out,
                      R_xlen_t m, double dn)
{
    for (R_xlen_t j = 0; j < m; j++)
        out[j] = p[j] * d[j] / dn;
    normalise(out, m);
}

/* Fit one stratum: the n cases whose indices are idx[0..n-1]. */
static void turnbull_one(const double *L, const double *R, const R_xlen_t *idx,
                         R_xlen_t n, double tol, int maxit, turnbull_fit *fit)
{
    endpoint *ends = (endpoint *) R_alloc(2 * n, sizeof(endpoint));
    for (R_xlen_t i = 0; i < n; i++) {
        R_xlen_t o = idx[i];
        int exact = L[o] == R[o];
        ends[2 * i].value = L[o];
        ends[2 * i].kind = exact ? END_LEFT_CLOSED : END_LEFT_OPEN;
        ends[2 * i].obs = i;
        ends[2 * i + 1].value = R[o];
        ends[2 * i + 1].kind = END_RIGHT;
        ends[2 * i + 1].obs = i;
    }
    qsort(ends, (size_t) (2 * n), sizeof(endpoint), endpoint_cmp);

    /* positions of each case's ends, and the innermost intervals */
    R_xlen_t *lpos = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t *rpos = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t m = 0;
    for (R_xlen_t k = 0; k < 2 * n; k++) {
        if (ends[k].kind == END_RIGHT)
            rpos[ends[k].obs] = k;
        else
            lpos[ends[k].obs] = k;
        if (k > 0 && ends[k].kind == END_RIGHT && ends[k - 1].kind != END_RIGHT)
            m++;
    }
    R_xlen_t *start = (R_xlen_t *) R_alloc(m, sizeof(R_xlen_t)); /* left end position */
    fit->m = m;
    fit->lower = (double *) R_alloc(m, sizeof(double));
    fit->upper = (double *) R_alloc(m, sizeof(double));
    fit->mass = (double *) R_alloc(m, sizeof(double));
    fit->closed = (int *) R_alloc(m, sizeof(int));
    R_xlen_t j = 0;
    for (R_xlen_t k = 1; k < 2 * n; k++) {
        if (ends[k].kind == END_RIGHT && ends[k - 1].kind != END_RIGHT) {
            start[j] = k - 1;
            fit->lower[j] = ends[k - 1].value;
            fit->upper[j] = ends[k].value;
            fit->closed[j] = ends[k - 1].kind == END_LEFT_CLOSED;
            j++;
        }
    }

    /* case i covers the intervals a[i]..b[i]: those whose left end comes at
     * or after the case's left end and whose right end (start + 1) comes at
     * or before the case's right end */
    R_xlen_t *a = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t *b = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    for (R_xlen_t i = 0; i < n; i++) {
        R_xlen_t lo = 0, hi = m; /* first j with start[j] >= lpos[i] */
        while (lo < hi) {
            R_xlen_t mid = lo + (hi - lo) / 2;
            if (start[mid] >= lpos[i]) hi = mid; else lo = mid + 1;
        }
        a[i] = lo;
        lo = 0; hi = m;          /* first j with start[j] + 1 > rpos[i] */
        while (lo < hi) {
            R_xlen_t mid = lo + (hi - lo) / 2;
            if (start[mid] + 1 > rpos[i]) hi = mid; else lo = mid + 1;
        }
        b[i] = lo - 1;
        if (b[i] < a[i])
            Rf_error("cp_turnbull: case %lld covers no innermost interval", (long long) idx[i] + 1);
    }

    double *p = fit->mass;
    double *cum = (double *) R_alloc(m + 1, sizeof(double));
    double *d = (double *) R_alloc(m + 1, sizeof(double));
    double *p1 = (double *) R_alloc(m, sizeof(double));
    double *p2 = (double *) R_alloc(m, sizeof(double));
    double *pn = (double *) R_alloc(m, sizeof(double));
    for (j = 0; j < m; j++)
        p[j] = 1.0 / (double) m;
    fit->converged = 0;
    fit->iterations = 0;
    double dn = (double) n;
    for (int it = 0; it <= maxit; it++) {
        R_CheckUserInterrupt();
        double ll0 = em_eval(p, a, b, n, m, cum, d);
        /* Kuhn-Tucker: d_j <= n for all j, with equality where p_j > 0 */
        double kkt = -1.0;
        int revived = 0;
        for (j = 0; j < m; j++) {
            double g = d[j] / dn - 1.0;
            if (g > kkt)
                kkt = g;
            if (p[j] == 0 && g > tol) {  /* a mass set to 0 that must live */
                p[j] = 1e-3 / (double) m;
                revived = 1;
            }
        }
        fit->loglik = ll0;
        fit->kkt = kkt;
        fit->iterations = it;
        if (kkt <= tol) {
            fit->converged = 1;
            break;
        }
        if (it == maxit)
            break;
        if (revived) {
            normalise(p, m);
            continue;
        }
        /* two EM steps, then a squared extrapolation (SQUAREM, Varadhan and
         * Roland 2008), kept only when it does not lower the likelihood */
        em_update(p, d, p1, m, dn);
        em_eval(p1, a, b, n, m, cum, d);
        em_update(p1, d, p2, m, dn);
        double rr = 0, vv = 0;
        for (j = 0; j < m; j++) {
            double r = p1[j] - p[j], v = p2[j] - 2 * p1[j] + p[j];
            rr += r * r;
            vv += v * v;
        }
        double alpha = vv > 0 ? -sqrt(rr / vv) : -1.0;
        if (alpha > -1.0)
            alpha = -1.0;
        for (j = 0; j < m; j++) {
            double r = p1[j] - p[j], v = p2[j] - 2 * p1[j] + p[j];
            pn[j] = p[j] - 2 * alpha * r + alpha * alpha * v;
            if (!(pn[j] > 0))
                pn[j] = 0;
        }
        normalise(pn, m);
        double lln = em_eval(pn, a, b, n, m, cum, d);
        const double *next = (R_FINITE(lln) && lln >= ll0) ? pn : p2;
        for (j = 0; j < m; j++)
            p[j] = next[j];
    }
}

/*
 * cp_turnbull(left, right, strata, nstrata, tol, maxit)
 *   left, right  double vectors of one length: each case lies in
 *                (left, right]; -Inf left-censored, Inf right-censored,
 *                left == right exact; no NA, left <= right (checked in R)
 *   strata       integer codes 1..S, or NULL for one stratum
 *   nstrata      integer S
 *   tol          double: convergence when max_j d_j / n - 1 <= tol
 *   maxit        integer: most EM iterations
 * Returns list(strata, lower, upper, closed, mass) with one element per
 * innermost interval, ordered by stratum then position, and per stratum
 * list(loglik, iterations, converged, kkt, n).
 */
SEXP cp_turnbull(SEXP left, SEXP right, SEXP strata, SEXP nstrata, SEXP tol,
                 SEXP maxit)
{
    if (TYPEOF(left) != REALSXP || TYPEOF(right) != REALSXP ||
        XLENGTH(left) != XLENGTH(right))
        Rf_error("cp_turnbull: 'left' and 'right' must be double vectors of one length");
    R_xlen_t n = XLENGTH(left);
    int S = Rf_asInteger(nstrata);
    if (S == NA_INTEGER || S < 1)
        Rf_error("cp_turnbull: 'nstrata' must be a positive count");
    int has_strata = !Rf_isNull(strata);
    if (has_strata && (TYPEOF(strata) != INTSXP || XLENGTH(strata) != n))
        Rf_error("cp_turnbull: 'strata' must be integer codes, one per case");
    const double *L = REAL(left), *R = REAL(right);
    const int *sg = has_strata ? INTEGER(strata) : NULL;
    double dtol = Rf_asReal(tol);
    int imax = Rf_asInteger(maxit);
    for (R_xlen_t i = 0; i < n; i++) {
        if (ISNAN(L[i]) || ISNAN(R[i]) || L[i] > R[i] || L[i] == R_PosInf ||
            R[i] == R_NegInf)
            Rf_error("cp_turnbull: invalid interval in row %lld", (long long) i + 1);
        if (sg && (sg[i] < 1 || sg[i] > S))
            Rf_error("cp_turnbull: stratum code out of range in row %lld", (long long) i + 1);
    }

    /* group the cases by stratum (counting sort) */
    R_xlen_t *count = (R_xlen_t *) R_alloc(S + 1, sizeof(R_xlen_t));
    for (int s = 0; s <= S; s++)
        count[s] = 0;
    for (R_xlen_t i = 0; i < n; i++)
        count[(sg ? sg[i] : 1)]++;
    for (int s = 1; s <= S; s++)
        count[s] += count[s - 1];
    R_xlen_t *order = (R_xlen_t *) R_alloc(n > 0 ? n : 1, sizeof(R_xlen_t));
    R_xlen_t *fill = (R_xlen_t *) R_alloc(S + 1, sizeof(R_xlen_t));
    for (int s = 0; s <= S; s++)
        fill[s] = count[s];
    for (R_xlen_t i = 0; i < n; i++) {
        int s = sg ? sg[i] - 1 : 0;
        order[fill[s]++] = i;
    }

    turnbull_fit *fits = (turnbull_fit *) R_alloc(S, sizeof(turnbull_fit));
    R_xlen_t total_m = 0;
    for (int s = 0; s < S; s++) {
        R_xlen_t ns = count[s + 1] - count[s];
        if (ns == 0) {
            fits[s].m = 0;
            fits[s].iterations = 0;
            fits[s].converged = 1;
            fits[s].loglik = 0;
            fits[s].kkt = 0;
            continue;
        }
        turnbull_one(L, R, order + count[s], ns, dtol, imax, fits + s);
        total_m += fits[s].m;
    }

    int nprot = 0;
    const char *names[] = {"strata", "lower", "upper", "closed", "mass",
                           "loglik", "iterations", "converged", "kkt", "n"};
    SEXP out = PROTECT(cp_named_list(names, 10)); nprot++;
    SET_VECTOR_ELT(out, 0, Rf_allocVector(INTSXP, total_m));
    SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, total_m));
    SET_VECTOR_ELT(out, 2, Rf_allocVector(REALSXP, total_m));
    SET_VECTOR_ELT(out, 3, Rf_allocVector(LGLSXP, total_m));
    SET_VECTOR_ELT(out, 4, Rf_allocVector(REALSXP, total_m));
    SET_VECTOR_ELT(out, 5, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 6, Rf_allocVector(INTSXP, S));
    SET_VECTOR_ELT(out, 7, Rf_allocVector(LGLSXP, S));
    SET_VECTOR_ELT(out, 8, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 9, Rf_allocVector(REALSXP, S));
    R_xlen_t k = 0;
    for (int s = 0; s < S; s++) {
        for (R_xlen_t j = 0; j < fits[s].m; j++, k++) {
            INTEGER(VECTOR_ELT(out, 0))[k] = s + 1;
            REAL(VECTOR_ELT(out, 1))[k] = fits[s].lower[j];
            REAL(VECTOR_ELT(out, 2))[k] = fits[s].upper[j];
            LOGICAL(VECTOR_ELT(out, 3))[k] = fits[s].closed[j];
            REAL(VECTOR_ELT(out, 4))[k] = fits[s].mass[j];
        }
        REAL(VECTOR_ELT(out, 5))[s] = fits[s].loglik;
        INTEGER(VECTOR_ELT(out, 6))[s] = fits[s].iterations;
        LOGICAL(VECTOR_ELT(out, 7))[s] = fits[s].converged;
        REAL(VECTOR_ELT(out, 8))[s] = fits[s].kkt;
        REAL(VECTOR_ELT(out, 9))[s] = (double) (count[s + 1] - count[s]);
    }
    UNPROTECT(nprot);
    return out;
}
