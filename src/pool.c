/*
 * pool.c: proportions pooled across studies, on the logit scale (with
 * pool_lik.c, the binomial-normal likelihood, and pool_glmm.c, its entry
 * point).
 *
 *   cp_pool_glmm  the one-step binomial-normal random-effects model,
 *                 x_i ~ Binomial(n_i, expit(mu + tau z_i)), z_i ~ N(0, 1),
 *                 fitted by maximum likelihood.  Each study's integral over
 *                 z_i is computed by adaptive Gauss-Hermite quadrature: the
 *                 nodes are centred at the mode of the integrand and scaled
 *                 by its curvature there (the rule of lme4's glmer() with
 *                 nAGQ > 1; one node is the Laplace approximation).  The
 *                 log-likelihood and its exact gradient (the nodes move with
 *                 mu and tau, by implicit differentiation of the mode) are
 *                 maximised by Newton's method with a line search; the
 *                 Hessian is the central difference of the gradient.  The
 *                 likelihood is even in tau, so tau is left free and its
 *                 absolute value reported: tau = 0 is an ordinary point, not
 *                 a boundary.  Also the common-effect binomial model, the
 *                 likelihood-ratio and Wald-type tests of heterogeneity,
 *                 and I^2.
 *   cp_pool_iv    inverse-variance pooling of the logits, with 1/2 added to
 *                 both cells of studies with no events or only events;
 *                 tau^2 by DerSimonian-Laird, REML (Fisher scoring) or
 *                 Paule-Mandel (the generalised Q equation, safeguarded
 *                 Newton steps); the Hartung-Knapp variance factor.
 */
#include "pool.h"
#include <Rmath.h>
#include <float.h>
#include <math.h>

/* ---------------------------------------------------------------------- */
/* helpers shared with pool_glmm.c                                         */

/* The logit of x / n and its variance 1/x + 1/(n - x), with 1/2 added to
 * both cells when x = 0 or x = n (metafor's escalc(measure = "PLO") with
 * add = 1/2, to = "only0"). */
void pool_logit_yv(double x, double n, double *y, double *v)
{
    if (x == 0 || x == n) {
        x += 0.5;
        n += 1.0;
    }
    *y = log(x / (n - x));
    *v = 1.0 / x + 1.0 / (n - x);
}

/* I^2 and H^2 from tau^2 and the typical within-study variance
 * (k - 1) / (sum w - sum w^2 / sum w), w = 1 / v (Higgins and Thompson
 * 2002; metafor's definition). */
void pool_i2_h2(const double *v, R_xlen_t k, double tau2, double *i2,
                 double *h2)
{
    if (k < 2 || ISNAN(tau2)) {
        *i2 = NA_REAL;
        *h2 = NA_REAL;
        return;
    }
    double sw = 0, sw2 = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        double w = 1.0 / v[i];
        sw += w;
        sw2 += w * w;
    }
    double vt = (double) (k - 1) / (sw - sw2 / sw);
    *i2 = tau2 / (vt + tau2);
    *h2 = tau2 / vt + 1.0;
}

/* ---------------------------------------------------------------------- */
/* inverse variance                                                        */

enum { IV_DL = 1, IV_REML = 2, IV_PM = 3 };

/* sum w (y - mu_w)^2 with w = 1 / (v + tau2): the generalised Q */
static double gen_q(const double *y, const double *v, R_xlen_t k, double tau2,
                    double *dq)
{
    double s = 0, sy = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        double w = 1.0 / (v[i] + tau2);
        s += w;
        sy += w * y[i];
    }
    double mu = sy / s, q = 0, d = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        double w = 1.0 / (v[i] + tau2), r = y[i] - mu;
        q += w * r * r;
        d -= w * w * r * r;
    }
    if (dq)
        *dq = d;
    return q;
}

/* Paule-Mandel: the root of gen_q(tau2) = k - 1 (gen_q falls with tau2), or
 * 0 when gen_q(0) <= k - 1. */
static double tau2_pm(const double *y, const double *v, R_xlen_t k, double tau2_dl,
                      double tol, int maxit, int *iter, int *code)
{
    double target = (double) (k - 1), d;
    *iter = 0;
    *code = 0;
    if (gen_q(y, v, k, 0.0, &d) <= target)
        return 0.0;
    double lo = 0.0, hi = fmax(2 * tau2_dl, 0.01);
    while (gen_q(y, v, k, hi, &d) > target) {
        lo = hi;
        hi *= 4;
        if (hi > 1e12) {
            *code = 1;
            return NA_REAL;
        }
    }
    double t2 = tau2_dl > lo && tau2_dl < hi ? tau2_dl : 0.5 * (lo + hi);
    for (*iter = 1; *iter <= maxit; (*iter)++) {
        double f = gen_q(y, v, k, t2, &d) - target;
        if (f == 0)
            return t2;
        if (f > 0)
            lo = t2;
        else
            hi = t2;
        double nt = d < 0 ? t2 - f / d : -1.0;
        if (!(nt > lo && nt < hi))
            nt = 0.5 * (lo + hi);
        if (fabs(nt - t2) <= tol * fmax(1.0, t2) || hi - lo <= tol * fmax(1.0, t2))
            return nt;
        t2 = nt;
    }
    *code = 1;
    return t2;
}

/* restricted log-likelihood of the intercept-only model, up to a constant */
static double reml_loglik(const double *y, const double *v, R_xlen_t k, double tau2)
{
    double s = 0, sy = 0, sl = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        double w = 1.0 / (v[i] + tau2);
        s += w;
        sy += w * y[i];
        sl += log(v[i] + tau2);
    }
    double mu = sy / s, rss = 0;
    for (R_xlen_t i = 0; i < k; i++)
        rss += (y[i] - mu) * (y[i] - mu) / (v[i] + tau2);
    return -0.5 * (sl + log(s) + rss);
}

/* REML by Fisher scoring from the Hedges (HE) estimate, with step halving at
 * 0 (metafor's algorithm, iterated to tol); then tau2 = 0 when the
 * restricted likelihood is higher there. */
static double tau2_reml(const double *y, const double *v, R_xlen_t k, double tol,
                        int maxit, int *iter, int *code)
{
    double ybar = 0, sv = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        ybar += y[i];
        sv += v[i];
    }
    ybar /= k;
    double rss = 0;
    for (R_xlen_t i = 0; i < k; i++)
        rss += (y[i] - ybar) * (y[i] - ybar);
    double t2 = fmax(0.0, (rss - sv * (k - 1.0) / k) / (k - 1.0));
    *code = 1;
    for (*iter = 1; *iter <= maxit; (*iter)++) {
        double s = 0, s2 = 0, s3 = 0, sy = 0;
        for (R_xlen_t i = 0; i < k; i++) {
            double w = 1.0 / (v[i] + t2);
            s += w;
            s2 += w * w;
            s3 += w * w * w;
            sy += w * y[i];
        }
        double mu = sy / s, ypp = 0;
        for (R_xlen_t i = 0; i < k; i++) {
            double w = 1.0 / (v[i] + t2), r = y[i] - mu;
            ypp += w * w * r * r;
        }
        double trp = s - s2 / s, trpp = s2 - 2 * s3 / s + s2 * s2 / (s * s);
        double adj = (ypp - trp) / trpp;
        if (!R_FINITE(adj))
            break;
        if (t2 == 0 && adj < 0)
            adj = 0; /* at the boundary, and the score points below it */
        while (t2 + adj < 0)
            adj /= 2;
        t2 += adj;
        if (fabs(adj) <= tol * fmax(1.0, t2)) {
            *code = 0;
            break;
        }
    }
    if (*iter > maxit)
        *iter = maxit;
    if (*code == 0 && t2 > 0 && reml_loglik(y, v, k, 0.0) > reml_loglik(y, v, k, t2))
        t2 = 0.0;
    return t2;
}

/*
 * cp_pool_iv(x, n, method, tol, maxit)
 *   x, n     double vectors of one length k >= 1 (validated in R as for
 *            cp_pool_glmm)
 *   method   integer scalar: 1 DerSimonian-Laird, 2 REML, 3 Paule-Mandel
 *   tol      double scalar: REML and PM stop when tau^2 changes by at most
 *            tol * max(1, tau^2)
 *   maxit    integer scalar: iterations at most for REML and PM
 * Returns a named list:
 *   yi, vi            logits and their variances, 1/2 added to both cells of
 *                     studies with 0 or n events
 *   mu_common, se_common  the common-effect (inverse-variance) logit
 *   q                 Cochran's Q about it (NA with k = 1), k - 1 df
 *   tau2              NA with k = 1
 *   mu, se            the random-effects logit and its standard error
 *   se_hk             Hartung-Knapp standard error: se * sqrt(s2), s2 the
 *                     weighted residual sum of squares / (k - 1) (0 when the
 *                     residuals vanish; NA with k = 1)
 *   w, w_common       weights 1 / (vi + tau2) and 1 / vi
 *   i2, h2            NA with k = 1
 *   iterations, code  of REML or PM (0 converged, 1 not converged)
 */
SEXP cp_pool_iv(SEXP x, SEXP n, SEXP method, SEXP tol, SEXP maxit)
{
    if (TYPEOF(x) != REALSXP || TYPEOF(n) != REALSXP || XLENGTH(x) != XLENGTH(n))
        Rf_error("cp_pool_iv: 'x' and 'n' must be double vectors of one length");
    R_xlen_t k = XLENGTH(x);
    int meth = Rf_asInteger(method), mxit = Rf_asInteger(maxit);
    double eps = Rf_asReal(tol);
    if (k < 1 || meth < IV_DL || meth > IV_PM || mxit == NA_INTEGER ||
        mxit < 1 || !(eps > 0))
        Rf_error("cp_pool_iv: invalid arguments");
    const double *px = REAL(x), *pn = REAL(n);
    for (R_xlen_t i = 0; i < k; i++)
        if (!(px[i] >= 0 && pn[i] >= 1 && px[i] <= pn[i] && R_FINITE(pn[i])))
            Rf_error("cp_pool_iv: study %lld has invalid counts", (long long) i + 1);

    int nprot = 0;
    const char *names[] = {"yi", "vi", "mu_common", "se_common", "q", "tau2",
                           "mu", "se", "se_hk", "w", "w_common", "i2", "h2",
                           "iterations", "code"};
    SEXP out = PROTECT(cp_named_list(names, 15)); nprot++;
    SEXP yi = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    SEXP vi = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    SEXP w = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    SEXP wc = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    double *y = REAL(yi), *v = REAL(vi), *pw = REAL(w), *pwc = REAL(wc);

    double s = 0, s2 = 0, sy = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        pool_logit_yv(px[i], pn[i], y + i, v + i);
        pwc[i] = 1.0 / v[i];
        s += pwc[i];
        s2 += pwc[i] * pwc[i];
        sy += pwc[i] * y[i];
    }
    double mu_c = sy / s, se_c = sqrt(1.0 / s), q = 0;
    for (R_xlen_t i = 0; i < k; i++)
        q += pwc[i] * (y[i] - mu_c) * (y[i] - mu_c);

    double tau2 = NA_REAL;
    int iter = 0, code = 0;
    if (k > 1) {
        double dl = fmax(0.0, (q - (k - 1)) / (s - s2 / s));
        switch (meth) {
        case IV_DL:
            tau2 = dl;
            break;
        case IV_REML:
            tau2 = tau2_reml(y, v, k, eps, mxit, &iter, &code);
            break;
        case IV_PM:
            tau2 = tau2_pm(y, v, k, dl, eps, mxit, &iter, &code);
            break;
        }
    }
    double t2 = ISNAN(tau2) ? 0.0 : tau2;
    double sr = 0, syr = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        pw[i] = 1.0 / (v[i] + t2);
        sr += pw[i];
        syr += pw[i] * y[i];
    }
    double mu = syr / sr, se = sqrt(1.0 / sr), se_hk = NA_REAL;
    if (k > 1) {
        double rss = 0;
        for (R_xlen_t i = 0; i < k; i++)
            rss += pw[i] * (y[i] - mu) * (y[i] - mu);
        double s2w = rss <= DBL_EPSILON ? 0.0 : rss / (k - 1);
        se_hk = se * sqrt(s2w);
    }
    double i2, h2;
    pool_i2_h2(v, k, tau2, &i2, &h2);

    SET_VECTOR_ELT(out, 0, yi);
    SET_VECTOR_ELT(out, 1, vi);
    SET_VECTOR_ELT(out, 2, Rf_ScalarReal(mu_c));
    SET_VECTOR_ELT(out, 3, Rf_ScalarReal(se_c));
    SET_VECTOR_ELT(out, 4, Rf_ScalarReal(k > 1 ? q : NA_REAL));
    SET_VECTOR_ELT(out, 5, Rf_ScalarReal(tau2));
    SET_VECTOR_ELT(out, 6, Rf_ScalarReal(mu));
    SET_VECTOR_ELT(out, 7, Rf_ScalarReal(se));
    SET_VECTOR_ELT(out, 8, Rf_ScalarReal(se_hk));
    SET_VECTOR_ELT(out, 9, w);
    SET_VECTOR_ELT(out, 10, wc);
    SET_VECTOR_ELT(out, 11, Rf_ScalarReal(i2));
    SET_VECTOR_ELT(out, 12, Rf_ScalarReal(h2));
    SET_VECTOR_ELT(out, 13, Rf_ScalarInteger(iter));
    SET_VECTOR_ELT(out, 14, Rf_ScalarInteger(code));
    UNPROTECT(nprot);
    return out;
}
