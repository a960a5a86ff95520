/*
 * turnbull.c: Turnbull's nonparametric maximum likelihood estimate of the
 * distribution of interval-censored times, per stratum, with its
 * bootstrap percentile band.
 *
 * A case is known to lie in (left, right]; left = -Inf is left-censored,
 * right = Inf right-censored, left == right an exact time.  The NPMLE puts
 * mass only on Turnbull's innermost intervals: a left endpoint immediately
 * followed, in the sorted endpoints, by a right endpoint.  Each case covers
 * a contiguous run of them; cases with the same run are one case with a
 * weight.  npmle.c fits the masses, bootstrap.c resamples the cases.
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
    R_xlen_t m;                /* innermost intervals */
    double *lower, *upper, *mass, *band_low, *band_high;
    int *closed;               /* 1: the point [lower, upper] of exact times */
    cp_npmle_info info;
    int failed;                /* bootstrap resamples that did not converge */
} turnbull_fit;

/* The innermost intervals of the n cases idx[0..n-1], and the distinct
 * runs of intervals the cases cover (sorted by last, then first interval)
 * with their counts; of[k] is the run of case idx[k]. */
static void turnbull_runs(const double *L, const double *R, const R_xlen_t *idx,
                          R_xlen_t n, turnbull_fit *fit, cp_npmle_data *D,
                          R_xlen_t *of)
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

    /* before[k]: innermost intervals whose left end comes before sorted
     * position k.  Case i covers the intervals whose left end comes at or
     * after its own and whose right end (the next position) at or before
     * its own: a_i = before[lpos], b_i = before[rpos] - 1. */
    R_xlen_t *before = (R_xlen_t *) R_alloc(2 * n + 1, sizeof(R_xlen_t));
    R_xlen_t *a = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t *b = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t m = 0;
    for (R_xlen_t k = 0; k < 2 * n; k++) {
        before[k] = m;
        if (k + 1 < 2 * n && ends[k].kind != END_RIGHT && ends[k + 1].kind == END_RIGHT)
            m++;
    }
    before[2 * n] = m;
    fit->m = m;
    fit->lower = (double *) R_alloc(m, sizeof(double));
    fit->upper = (double *) R_alloc(m, sizeof(double));
    fit->mass = (double *) R_alloc(m, sizeof(double));
    fit->band_low = (double *) R_alloc(m, sizeof(double));
    fit->band_high = (double *) R_alloc(m, sizeof(double));
    fit->closed = (int *) R_alloc(m, sizeof(int));
    R_xlen_t j = 0;
    for (R_xlen_t k = 0; k < 2 * n; k++) {
        if (ends[k].kind == END_RIGHT)
            b[ends[k].obs] = before[k] - 1;
        else
            a[ends[k].obs] = before[k];
        if (k + 1 < 2 * n && ends[k].kind != END_RIGHT && ends[k + 1].kind == END_RIGHT) {
            fit->lower[j] = ends[k].value;
            fit->upper[j] = ends[k + 1].value;
            fit->closed[j] = ends[k].kind == END_LEFT_CLOSED;
            j++;
        }
    }
    for (R_xlen_t i = 0; i < n; i++)
        if (b[i] < a[i])
            Rf_error("cp_turnbull: case %lld covers no innermost interval",
                     (long long) idx[i] + 1);

    /* sort the cases by (b, a): counting sorts on a, then on b (stable) */
    R_xlen_t *cnt = (R_xlen_t *) R_alloc(m + 1, sizeof(R_xlen_t));
    R_xlen_t *o1 = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t *o2 = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    for (int pass = 0; pass < 2; pass++) {
        const R_xlen_t *key = pass == 0 ? a : b;
        const R_xlen_t *in = pass == 0 ? NULL : o1;
        R_xlen_t *out = pass == 0 ? o1 : o2;
        for (R_xlen_t t = 0; t <= m; t++)
            cnt[t] = 0;
        for (R_xlen_t i = 0; i < n; i++)
            cnt[key[i] + 1]++;
        for (R_xlen_t t = 0; t < m; t++)
            cnt[t + 1] += cnt[t];
        for (R_xlen_t r = 0; r < n; r++) {
            R_xlen_t i = in ? in[r] : r;
            out[cnt[key[i]]++] = i;
        }
    }
    R_xlen_t *da = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    R_xlen_t *db = (R_xlen_t *) R_alloc(n, sizeof(R_xlen_t));
    double *dw = (double *) R_alloc(n, sizeof(double));
    R_xlen_t nd = 0;
    for (R_xlen_t r = 0; r < n; r++) {
        R_xlen_t i = o2[r];
        if (nd == 0 || da[nd - 1] != a[i] || db[nd - 1] != b[i]) {
            da[nd] = a[i];
            db[nd] = b[i];
            dw[nd] = 0;
            nd++;
        }
        dw[nd - 1] += 1;
        of[i] = nd - 1;
    }
    D->m = m;
    D->n = nd;
    D->a = da;
    D->b = db;
    D->w = dw;
    D->N = (double) n;
}

/*
 * cp_turnbull(left, right, strata, nstrata, tol, maxit, B, seed, conf_level)
 *   left, right  double vectors of one length: each case lies in
 *                (left, right]; -Inf left-censored, Inf right-censored,
 *                left == right exact; no NA, left <= right (checked in R)
 *   strata       integer codes 1..S, or NULL for one stratum
 *   nstrata      integer S
 *   tol          double > 0: stop when max_j d_j / n - 1 <= tol
 *   maxit        double, a whole number >= 1: most iterations
 *   B            integer >= 0: bootstrap resamples (0: none)
 *   seed         double, a whole number: the bootstrap's random numbers
 *   conf_level   double in (0, 1): level of the percentile band
 * Returns list(strata, lower, upper, closed, mass, estimate, conf_low,
 * conf_high) with one element per innermost interval, ordered by stratum
 * then position (estimate: the cumulative mass at `upper`; conf_low,
 * conf_high: the band at `upper`, NA without a bootstrap), and per stratum list(loglik, iterations, converged, kkt, n,
 * failed) (failed: resamples whose fit did not converge).
 */
SEXP cp_turnbull(SEXP left, SEXP right, SEXP strata, SEXP nstrata, SEXP tol,
                 SEXP maxit, SEXP B, SEXP seed, SEXP conf_level)
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
    double dtol = Rf_asReal(tol), dmaxit = Rf_asReal(maxit);
    double level = Rf_asReal(conf_level), dseed = Rf_asReal(seed);
    int nboot = Rf_asInteger(B);
    if (!(dtol > 0))
        Rf_error("cp_turnbull: 'tol' must be positive");
    if (!(dmaxit >= 1) || dmaxit != floor(dmaxit) || !R_FINITE(dmaxit))
        Rf_error("cp_turnbull: 'maxit' must be a whole number >= 1");
    if (nboot == NA_INTEGER || nboot < 0)
        Rf_error("cp_turnbull: 'B' must be a count");
    if (!(level > 0 && level < 1) || !R_FINITE(dseed))
        Rf_error("cp_turnbull: 'conf_level' or 'seed' out of range");
    /* the percentile band: the k-th smallest and k-th largest of B */
    int kth = (int) floor((nboot + 1.0) * (1 - level) / 2);
    if (nboot > 0 && kth < 1)
        Rf_error("cp_turnbull: too few resamples for the level");
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

    uint64_t rng[4];
    cp_rng_init(rng, dseed);
    turnbull_fit *fits = (turnbull_fit *) R_alloc(S, sizeof(turnbull_fit));
    R_xlen_t total_m = 0;
    for (int s = 0; s < S; s++) {
        R_xlen_t ns = count[s + 1] - count[s];
        turnbull_fit *f = fits + s;
        f->failed = 0;
        if (ns == 0) {
            f->m = 0;
            f->info.iterations = 0;
            f->info.converged = 1;
            f->info.loglik = 0;
            f->info.gap = 0;
            continue;
        }
        cp_npmle_data D;
        R_xlen_t *of = (R_xlen_t *) R_alloc(ns, sizeof(R_xlen_t));
        turnbull_runs(L, R, order + count[s], ns, f, &D, of);
        cp_npmle_work *W = cp_npmle_work_new(D.m, D.n);
        cp_npmle_fit(&D, W, dtol, dmaxit, NULL, f->mass, &f->info);
        if (nboot > 0) {
            cp_npmle_bootstrap(&D, of, ns, f->mass, dtol, dmaxit, nboot, kth, rng,
                               f->band_low, f->band_high, &f->failed);
        } else {
            for (R_xlen_t j = 0; j < f->m; j++)
                f->band_low[j] = f->band_high[j] = NA_REAL;
        }
        total_m += f->m;
    }

    int nprot = 0;
    const char *names[] = {"strata", "lower", "upper", "closed", "mass",
                           "estimate", "conf_low", "conf_high", "loglik",
                           "iterations", "converged", "kkt", "n", "failed"};
    SEXP out = PROTECT(cp_named_list(names, 14)); nprot++;
    SET_VECTOR_ELT(out, 0, Rf_allocVector(INTSXP, total_m));
    for (int e = 1; e <= 7; e++)
        SET_VECTOR_ELT(out, e, Rf_allocVector(e == 3 ? LGLSXP : REALSXP, total_m));
    SET_VECTOR_ELT(out, 8, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 9, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 10, Rf_allocVector(LGLSXP, S));
    SET_VECTOR_ELT(out, 11, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 12, Rf_allocVector(REALSXP, S));
    SET_VECTOR_ELT(out, 13, Rf_allocVector(INTSXP, S));
    R_xlen_t k = 0;
    for (int s = 0; s < S; s++) {
        const turnbull_fit *f = fits + s;
        double cum = 0;
        for (R_xlen_t j = 0; j < f->m; j++, k++) {
            cum += f->mass[j];
            INTEGER(VECTOR_ELT(out, 0))[k] = s + 1;
            REAL(VECTOR_ELT(out, 1))[k] = f->lower[j];
            REAL(VECTOR_ELT(out, 2))[k] = f->upper[j];
            LOGICAL(VECTOR_ELT(out, 3))[k] = f->closed[j];
            REAL(VECTOR_ELT(out, 4))[k] = f->mass[j];
            REAL(VECTOR_ELT(out, 5))[k] = cum < 1 ? cum : 1;
            REAL(VECTOR_ELT(out, 6))[k] = f->band_low[j];
            REAL(VECTOR_ELT(out, 7))[k] = f->band_high[j];
        }
        REAL(VECTOR_ELT(out, 8))[s] = f->info.loglik;
        REAL(VECTOR_ELT(out, 9))[s] = f->info.iterations;
        LOGICAL(VECTOR_ELT(out, 10))[s] = f->info.converged;
        REAL(VECTOR_ELT(out, 11))[s] = f->info.gap;
        REAL(VECTOR_ELT(out, 12))[s] = (double) (count[s + 1] - count[s]);
        INTEGER(VECTOR_ELT(out, 13))[s] = f->failed;
    }
    UNPROTECT(nprot);
    return out;
}
