/*
 * pool_glmm.c: cp_pool_glmm, the entry point of the one-step
 * binomial-normal random-effects model (see pool.c and pool_lik.c).
 */
#include "pool.h"
#include <Rmath.h>
#include <float.h>
#include <math.h>

/*
 * cp_pool_glmm(x, n, nagq, random, tol, maxit)
 *   x, n     double vectors of one length k >= 1: events and totals per
 *            study, validated in R (whole, 0 <= x <= n, n >= 1, no NA)
 *   nagq     integer scalar >= 1: quadrature nodes per study (1: Laplace)
 *   random   logical scalar: fit the random-effects model (R passes FALSE
 *            where it has no finite or unique maximum: k = 1, no events or
 *            only events in every study, every n = 1)
 *   tol      double scalar: convergence when a full Newton step moves mu and
 *            tau by at most tol * (1 + |value|)
 *   maxit    integer scalar: Newton iterations at most
 * Returns a named list:
 *   mu, tau, se       the random-effects logit, tau >= 0 and the standard
 *                     error of mu from the inverse of the observed
 *                     information of (mu, tau); NA without `random`
 *   vcov              2 x 2 inverse information of (mu, tau), or NA
 *   loglik, gradient  at the estimate (gradient of length 2)
 *   iterations, code  Newton iterations and the outcome code (0 converged,
 *                     1 iteration limit, 2 line search failed, 3 diverged,
 *                     4 likelihood not finite, 5 information not positive
 *                     definite at the estimate)
 *   info              per study, -d2 loglik_i / dmu2 at the estimate (the
 *                     GLMM weights)
 *   mu_common, se_common  the common-effect binomial model: logit of
 *                     sum x / sum n and 1 / sqrt(N p (1 - p)); -Inf / Inf
 *                     and NA when no study / every study has events only
 *   loglik_common, loglik_saturated  binomial log-likelihoods
 *   lrt               2 (loglik_saturated - loglik_common), k - 1 df
 *   wald              the Wald-type test of the saturated model,
 *                     sum n p_i (1 - p_i) (logit p_i - mean)^2; NA when a
 *                     study has no events or only events (its logit is
 *                     infinite)
 *   yi, vi            logits and variances with 1/2 added to studies with
 *                     0 or n events (for I^2)
 *   i2, h2            from tau^2 (NA without `random` or with k = 1)
 *   start             the starting (mu, tau)
 */
SEXP cp_pool_glmm(SEXP x, SEXP n, SEXP nagq, SEXP random, SEXP tol,
                  SEXP maxit)
{
    if (TYPEOF(x) != REALSXP || TYPEOF(n) != REALSXP || XLENGTH(x) != XLENGTH(n))
        Rf_error("cp_pool_glmm: 'x' and 'n' must be double vectors of one length");
    R_xlen_t k = XLENGTH(x);
    int m = Rf_asInteger(nagq), fit = Rf_asLogical(random);
    int mxit = Rf_asInteger(maxit);
    double eps = Rf_asReal(tol);
    if (k < 1 || m == NA_INTEGER || m < 1 || fit == NA_LOGICAL ||
        mxit == NA_INTEGER || mxit < 1 || !(eps > 0))
        Rf_error("cp_pool_glmm: invalid arguments");
    const double *px = REAL(x), *pn = REAL(n);
    for (R_xlen_t i = 0; i < k; i++)
        if (!(px[i] >= 0 && pn[i] >= 1 && px[i] <= pn[i] && R_FINITE(pn[i])))
            Rf_error("cp_pool_glmm: study %lld has invalid counts", (long long) i + 1);

    int nprot = 0;
    const char *names[] = {"mu", "tau", "se", "vcov", "loglik", "gradient",
                           "iterations", "code", "info", "mu_common",
                           "se_common", "loglik_common", "loglik_saturated",
                           "lrt", "wald", "yi", "vi", "i2", "h2", "start"};
    SEXP out = PROTECT(cp_named_list(names, 20)); nprot++;
    SEXP yi = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    SEXP vi = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    SEXP info = PROTECT(Rf_allocVector(REALSXP, k)); nprot++;
    double *py = REAL(yi), *pv = REAL(vi), *pinfo = REAL(info);

    /* common effect, saturated model, Wald-type heterogeneity */
    double X = 0, N = 0, ll_sat = 0, sw = 0, swy = 0, swy2 = 0;
    int extreme = 0;
    for (R_xlen_t i = 0; i < k; i++) {
        double xi = px[i], ni = pn[i];
        X += xi;
        N += ni;
        if (xi > 0)
            ll_sat += xi * log(xi / ni);
        if (xi < ni)
            ll_sat += (ni - xi) * log1p(-xi / ni);
        pool_logit_yv(xi, ni, py + i, pv + i);
        if (xi == 0 || xi == ni) {
            extreme = 1;
        } else {
            double w = xi * (ni - xi) / ni, y = log(xi / (ni - xi));
            sw += w;
            swy += w * y;
            swy2 += w * y * y;
        }
    }
    for (R_xlen_t i = 0; i < k; i++)
        ll_sat += Rf_lchoose(pn[i], px[i]);
    double mu_c, se_c, ll_c;
    if (X == 0) {
        mu_c = R_NegInf;
        se_c = NA_REAL;
        ll_c = 0;
    } else if (X == N) {
        mu_c = R_PosInf;
        se_c = NA_REAL;
        ll_c = 0;
    } else {
        mu_c = log(X / (N - X));
        se_c = sqrt(1.0 / X + 1.0 / (N - X));
        ll_c = X * log(X / N) + (N - X) * log1p(-X / N);
    }
    for (R_xlen_t i = 0; i < k; i++)
        ll_c += Rf_lchoose(pn[i], px[i]);
    double lrt = 2 * (ll_sat - ll_c);
    if (lrt < 0)
        lrt = 0;
    double wald = extreme || k < 2 ? NA_REAL : swy2 - swy * swy / sw;
    if (!ISNAN(wald) && wald < 0)
        wald = 0;

    /* random effects */
    double mu = NA_REAL, tau = NA_REAL, se = NA_REAL, L = NA_REAL;
    double g[2] = {NA_REAL, NA_REAL}, start[2] = {NA_REAL, NA_REAL};
    int iter = 0, code = FIT_OK;
    SEXP vcov = PROTECT(Rf_allocMatrix(REALSXP, 2, 2)); nprot++;
    for (int j = 0; j < 4; j++)
        REAL(vcov)[j] = NA_REAL;
    for (R_xlen_t i = 0; i < k; i++)
        pinfo[i] = NA_REAL;

    if (fit) {
        double *t = (double *) R_alloc(m, sizeof(double));
        double *w = (double *) R_alloc(m, sizeof(double));
        double *la = (double *) R_alloc(m, sizeof(double));
        double *e = (double *) R_alloc(m, sizeof(double));
        double *lch = (double *) R_alloc(k, sizeof(double));
        double *gi_b = (double *) R_alloc(k, sizeof(double));
        gh_rule(m, t, w);
        for (int j = 0; j < m; j++)
            la[j] = log(w[j]) + t[j] * t[j];
        for (R_xlen_t i = 0; i < k; i++)
            lch[i] = Rf_lchoose(pn[i], px[i]);
        glmm_data D = {px, pn, lch, k, m, t, la, e};

        /* start: DerSimonian-Laird on the logits */
        double s1 = 0, s2 = 0, sy = 0, sy2 = 0;
        for (R_xlen_t i = 0; i < k; i++) {
            double wi = 1.0 / pv[i];
            s1 += wi;
            s2 += wi * wi;
            sy += wi * py[i];
            sy2 += wi * py[i] * py[i];
        }
        double q = sy2 - sy * sy / s1;
        double t2 = k > 1 ? fmax(0.0, (q - (k - 1)) / (s1 - s2 / s1)) : 0.0;
        double s1r = 0, syr = 0;
        for (R_xlen_t i = 0; i < k; i++) {
            double wi = 1.0 / (pv[i] + t2);
            s1r += wi;
            syr += wi * py[i];
        }
        /* the DL start, then two fixed ones should it fail */
        double starts[3][2] = {{syr / s1r, fmin(3.0, fmax(0.25, sqrt(t2)))},
                               {R_FINITE(mu_c) ? mu_c : syr / s1r, 1.0},
                               {R_FINITE(mu_c) ? mu_c : syr / s1r, 0.1}};
        double theta[2];
        int total = 0;
        for (int st = 0; st < 3; st++) {
            theta[0] = starts[st][0];
            theta[1] = starts[st][1];
            start[0] = theta[0];
            start[1] = theta[1];
            code = glmm_maximise(&D, theta, eps, mxit, &iter, &L, g);
            total += iter;
            if (code == FIT_OK)
                break;
        }
        iter = total;
        mu = theta[0];
        tau = fabs(theta[1]);
        if (tau < 1e-8)
            tau = 0.0; /* the maximum is at tau = 0; what is left is rounding */
        if (theta[1] < 0)
            g[1] = -g[1];
        if (R_FINITE(L)) {
            double a[3];
            double *gi_a = (double *) R_alloc(k, sizeof(double));
            glmm_hessian(&D, mu, tau, a, pinfo, gi_a, gi_b);
            double a11 = -a[0], a12 = -a[1], a22 = -a[2];
            double det = a11 * a22 - a12 * a12;
            if (a11 > 0 && det > 0) {
                REAL(vcov)[0] = a22 / det;
                REAL(vcov)[1] = REAL(vcov)[2] = -a12 / det;
                REAL(vcov)[3] = a11 / det;
                se = sqrt(a22 / det);
            } else {
                if (a11 > 0)
                    se = sqrt(1.0 / a11);
                if (code == FIT_OK)
                    code = 5;
            }
        }
    }
    double i2, h2;
    pool_i2_h2(pv, k, fit ? tau * tau : NA_REAL, &i2, &h2);

    SEXP grad = PROTECT(Rf_allocVector(REALSXP, 2)); nprot++;
    REAL(grad)[0] = g[0];
    REAL(grad)[1] = g[1];
    SEXP st = PROTECT(Rf_allocVector(REALSXP, 2)); nprot++;
    REAL(st)[0] = start[0];
    REAL(st)[1] = start[1];
    SET_VECTOR_ELT(out, 0, Rf_ScalarReal(mu));
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal(tau));
    SET_VECTOR_ELT(out, 2, Rf_ScalarReal(se));
    SET_VECTOR_ELT(out, 3, vcov);
    SET_VECTOR_ELT(out, 4, Rf_ScalarReal(L));
    SET_VECTOR_ELT(out, 5, grad);
    SET_VECTOR_ELT(out, 6, Rf_ScalarInteger(iter));
    SET_VECTOR_ELT(out, 7, Rf_ScalarInteger(code));
    SET_VECTOR_ELT(out, 8, info);
    SET_VECTOR_ELT(out, 9, Rf_ScalarReal(mu_c));
    SET_VECTOR_ELT(out, 10, Rf_ScalarReal(se_c));
    SET_VECTOR_ELT(out, 11, Rf_ScalarReal(ll_c));
    SET_VECTOR_ELT(out, 12, Rf_ScalarReal(ll_sat));
    SET_VECTOR_ELT(out, 13, Rf_ScalarReal(k > 1 ? lrt : NA_REAL));
    SET_VECTOR_ELT(out, 14, Rf_ScalarReal(wald));
    SET_VECTOR_ELT(out, 15, yi);
    SET_VECTOR_ELT(out, 16, vi);
    SET_VECTOR_ELT(out, 17, Rf_ScalarReal(i2));
    SET_VECTOR_ELT(out, 18, Rf_ScalarReal(h2));
    SET_VECTOR_ELT(out, 19, st);
    UNPROTECT(nprot);
    return out;
}

