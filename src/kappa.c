/*
 * kappa.c: agreement between two raters (two reviewers' extractions) over
 * any number of columns in one call: the count of identical values, and
 * Cohen's kappa, unweighted or weighted, with its large-sample standard
 * error (Fleiss, Cohen and Everitt 1969) and a Wald interval.
 *
 * Each column arrives as two integer vectors of category codes 1..K (NA
 * for a value left out of kappa), so that R decides what a category is.
 * The weights are 1 for identical categories and, for weighted kappa,
 * 1 - |t_k - t_l| (linear) or 1 - (t_k - t_l)^2 (quadratic), where t are
 * the categories' scores scaled to [0, 1].  Nothing of size K x K is
 * built: the weighted marginal means that the variance needs come from
 * prefix sums over the sorted scores, so that a numeric column with a
 * distinct value per case costs O(n + K).
 */
#include "casepool.h"
#include <Rmath.h>
#include <math.h>
#include <string.h>

enum cp_kappa_weight { CP_KW_NONE = 0, CP_KW_LINEAR = 1, CP_KW_QUADRATIC = 2 };

typedef struct {
    int type;           /* enum cp_kappa_weight */
    const double *t;    /* scaled scores, increasing, in [0, 1]; NULL for none */
} kweights;

static double kweight(const kweights *W, int k, int l)
{
    if (k == l)
        return 1.0;
    if (W->type == CP_KW_NONE)
        return 0.0;
    double d = fabs(W->t[k] - W->t[l]);
    return W->type == CP_KW_LINEAR ? 1.0 - d : 1.0 - d * d;
}

/*
 * wbar[k] = sum_l p[l] w(k, l) for k = 0..K-1, where p sums to 1.  For
 * linear weights, sum_l p[l] |t_k - t_l| is split at k with prefix sums of
 * p and of p t (the scores are increasing); for quadratic weights it is
 * t_k^2 - 2 t_k m1 + m2 with the moments of p.
 */
static void weighted_means(const kweights *W, const double *p, int K, double *wbar)
{
    if (W->type == CP_KW_NONE) {
        memcpy(wbar, p, (size_t) K * sizeof(double));
        return;
    }
    const double *t = W->t;
    if (W->type == CP_KW_QUADRATIC) {
        double m1 = 0.0, m2 = 0.0;
        for (int l = 0; l < K; l++) {
            m1 += p[l] * t[l];
            m2 += p[l] * t[l] * t[l];
        }
        for (int k = 0; k < K; k++) {
            double s = t[k] * t[k] - 2.0 * t[k] * m1 + m2;
            wbar[k] = 1.0 - (s > 0.0 ? s : 0.0);
        }
        return;
    }
    double ptot = 0.0, stot = 0.0;
    for (int l = 0; l < K; l++) {
        ptot += p[l];
        stot += p[l] * t[l];
    }
    double pb = 0.0, sb = 0.0;  /* sums over l <= k */
    for (int k = 0; k < K; k++) {
        pb += p[k];
        sb += p[k] * t[k];
        double dist = (t[k] * pb - sb) + ((stot - sb) - t[k] * (ptot - pb));
        wbar[k] = 1.0 - dist;
    }
}

typedef struct {
    double n, agree, m, po, pe, kappa, se, lower, upper;
} kresult;

/* One column: a and b of length n with codes 1..K or NA_INTEGER. */
static void kappa_column(const int *a, const int *b, R_xlen_t n, int K,
                         const kweights *W, double z, kresult *out,
                         double *pa, double *pb, double *wa, double *wb)
{
    double agree = 0.0, m = 0.0;
    memset(pa, 0, (size_t) K * sizeof(double));
    memset(pb, 0, (size_t) K * sizeof(double));
    for (R_xlen_t i = 0; i < n; i++) {
        int x = a[i], y = b[i];
        if (x == y)
            agree += 1.0;
        if (x == NA_INTEGER || y == NA_INTEGER)
            continue;
        if (x < 1 || x > K || y < 1 || y > K)
            Rf_error("cp_kappa: a code lies outside 1..%d", K);
        pa[x - 1] += 1.0;
        pb[y - 1] += 1.0;
        m += 1.0;
    }
    out->n = (double) n;
    out->agree = agree;
    out->m = m;
    out->po = out->pe = out->kappa = out->se = out->lower = out->upper = NA_REAL;
    if (m < 1.0 || K < 1)
        return;
    for (int k = 0; k < K; k++) {
        pa[k] /= m;
        pb[k] /= m;
    }
    /* wa[k]: mean weight of row category k against the column marginal;
     * wb[l]: of column category l against the row marginal (w symmetric) */
    weighted_means(W, pb, K, wa);
    weighted_means(W, pa, K, wb);
    double pe = 0.0, po = 0.0;
    for (int k = 0; k < K; k++)
        pe += pa[k] * wa[k];
    for (R_xlen_t i = 0; i < n; i++) {
        int x = a[i], y = b[i];
        if (x == NA_INTEGER || y == NA_INTEGER)
            continue;
        po += kweight(W, x - 1, y - 1);
    }
    po /= m;
    out->po = po;
    out->pe = pe;
    /* chance agreement 1: every case in one category; kappa is undefined */
    if (1.0 - pe < 1e-12)
        return;
    double kappa = (po - pe) / (1.0 - pe);
    double s = 0.0;
    for (R_xlen_t i = 0; i < n; i++) {
        int x = a[i], y = b[i];
        if (x == NA_INTEGER || y == NA_INTEGER)
            continue;
        double d = kweight(W, x - 1, y - 1) * (1.0 - pe) -
                   (wa[x - 1] + wb[y - 1]) * (1.0 - po);
        s += d * d;
    }
    double c = po * pe - 2.0 * pe + po;
    double v = (s / m - c * c) / (m * pow(1.0 - pe, 4.0));
    /* rounding leaves a variance of about 1e-16 where agreement is perfect */
    if (!(v > 1e-14))
        v = 0.0;
    out->kappa = kappa;
    out->se = sqrt(v);
    out->lower = fmax(-1.0, kappa - z * out->se);
    out->upper = fmin(1.0, kappa + z * out->se);
}

/*
 * cp_kappa(a, b, ncat, scores, weight, conf_level)
 *   a, b        lists of J integer vectors; a[[j]] and b[[j]] have one
 *               length n_j (the cases both raters coded) and hold codes
 *               1..ncat[j], or NA for a value left out of kappa (two NAs
 *               still count as identical)
 *   ncat        integer vector of J category counts K_j >= 0
 *   scores      list of J double vectors: for weighted columns the K_j
 *               category scores, strictly increasing; NULL for unweighted
 *   weight      integer vector of J: 0 unweighted, 1 linear, 2 quadratic
 *   conf_level  double scalar in (0, 1)
 * Returns a named list of J-vectors (double): n (pairs), agree (pairs with
 * identical codes, NA with NA included), n_kappa (pairs with both codes),
 * p_observed and p_expected (weighted observed and chance agreement),
 * kappa, std_error (Fleiss, Cohen and Everitt's large-sample standard
 * error, not the one under the null), conf_low and conf_high (kappa -/+ z
 * std_error, clipped to [-1, 1]).  kappa and what follows it are NA
 * without pairs or where the chance agreement is 1.
 */
SEXP cp_kappa(SEXP a, SEXP b, SEXP ncat, SEXP scores, SEXP weight, SEXP conf_level)
{
    if (TYPEOF(a) != VECSXP || TYPEOF(b) != VECSXP || TYPEOF(scores) != VECSXP)
        Rf_error("cp_kappa: 'a', 'b' and 'scores' must be lists");
    R_xlen_t J = XLENGTH(a);
    if (XLENGTH(b) != J || XLENGTH(scores) != J)
        Rf_error("cp_kappa: 'a', 'b' and 'scores' must have one element per column");
    if (TYPEOF(ncat) != INTSXP || XLENGTH(ncat) != J ||
        TYPEOF(weight) != INTSXP || XLENGTH(weight) != J)
        Rf_error("cp_kappa: 'ncat' and 'weight' must be integer vectors, one per column");
    double level = Rf_asReal(conf_level);
    if (!(level > 0.0 && level < 1.0))
        Rf_error("cp_kappa: 'conf_level' must lie in (0, 1)");
    double z = Rf_qnorm5(1.0 - (1.0 - level) / 2.0, 0.0, 1.0, 1, 0);

    int Kmax = 1;
    for (R_xlen_t j = 0; j < J; j++) {
        SEXP aj = VECTOR_ELT(a, j), bj = VECTOR_ELT(b, j);
        if (TYPEOF(aj) != INTSXP || TYPEOF(bj) != INTSXP || XLENGTH(aj) != XLENGTH(bj))
            Rf_error("cp_kappa: column %lld must be two integer vectors of one length",
                     (long long) j + 1);
        int K = INTEGER(ncat)[j], w = INTEGER(weight)[j];
        if (K == NA_INTEGER || K < 0)
            Rf_error("cp_kappa: 'ncat' must hold counts");
        if (w < CP_KW_NONE || w > CP_KW_QUADRATIC)
            Rf_error("cp_kappa: 'weight' must be 0, 1 or 2");
        if (w != CP_KW_NONE) {
            SEXP s = VECTOR_ELT(scores, j);
            if (TYPEOF(s) != REALSXP || XLENGTH(s) != K)
                Rf_error("cp_kappa: the scores of column %lld must be %d numbers",
                         (long long) j + 1, K);
            for (int k = 0; k < K; k++)
                if (!R_FINITE(REAL(s)[k]) || (k > 0 && !(REAL(s)[k] > REAL(s)[k - 1])))
                    Rf_error("cp_kappa: the scores of column %lld must be finite and increasing",
                             (long long) j + 1);
        }
        if (K > Kmax)
            Kmax = K;
    }

    const char *names[] = {"n", "agree", "n_kappa", "p_observed", "p_expected",
                           "kappa", "std_error", "conf_low", "conf_high"};
    int nout = 9, nprot = 0;
    SEXP out = PROTECT(cp_named_list(names, nout));
    nprot++;
    double *col[9];
    for (int c = 0; c < nout; c++) {
        SET_VECTOR_ELT(out, c, Rf_allocVector(REALSXP, J));
        col[c] = REAL(VECTOR_ELT(out, c));
    }
    double *pa = (double *) R_alloc((size_t) Kmax, sizeof(double));
    double *pb = (double *) R_alloc((size_t) Kmax, sizeof(double));
    double *wa = (double *) R_alloc((size_t) Kmax, sizeof(double));
    double *wb = (double *) R_alloc((size_t) Kmax, sizeof(double));
    double *t = (double *) R_alloc((size_t) Kmax, sizeof(double));

    for (R_xlen_t j = 0; j < J; j++) {
        R_CheckUserInterrupt();
        int K = INTEGER(ncat)[j];
        kweights W = {INTEGER(weight)[j], NULL};
        if (W.type != CP_KW_NONE) {
            const double *s = REAL(VECTOR_ELT(scores, j));
            double range = K > 1 ? s[K - 1] - s[0] : 0.0;
            for (int k = 0; k < K; k++)
                t[k] = range > 0.0 ? (s[k] - s[0]) / range : 0.0;
            if (K > 0)
                t[K - 1] = range > 0.0 ? 1.0 : 0.0;
            W.t = t;
        }
        SEXP aj = VECTOR_ELT(a, j), bj = VECTOR_ELT(b, j);
        kresult r;
        kappa_column(INTEGER(aj), INTEGER(bj), XLENGTH(aj), K, &W, z, &r,
                     pa, pb, wa, wb);
        col[0][j] = r.n;
        col[1][j] = r.agree;
        col[2][j] = r.m;
        col[3][j] = r.po;
        col[4][j] = r.pe;
        col[5][j] = r.kappa;
        col[6][j] = r.se;
        col[7][j] = r.lower;
        col[8][j] = r.upper;
    }
    UNPROTECT(nprot);
    return out;
}
