/*
 * pool.c: proportions pooled across studies, on the logit scale.
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
#include "casepool.h"
#include <Rmath.h>
#include <float.h>
#include <math.h>

#define LOG_SQRT_2PI 0.918938533204672741780329736406

/* ---------------------------------------------------------------------- */
/* small helpers                                                          */

/* log(1 + exp(eta)) without overflow */
static inline double log1p_exp(double eta)
{
    return eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta));
}

/* p = expit(eta) and q = 1 - p, each without cancellation */
static inline void expit2(double eta, double *p, double *q)
{
    if (eta >= 0) {
        double e = exp(-eta);
        *p = 1.0 / (1.0 + e);
        *q = e / (1.0 + e);
    } else {
        double e = exp(eta);
        *p = e / (1.0 + e);
        *q = 1.0 / (1.0 + e);
    }
}

/* The logit of x / n and its variance 1/x + 1/(n - x), with 1/2 added to
 * both cells when x = 0 or x = n (metafor's escalc(measure = "PLO") with
 * add = 1/2, to = "only0"). */
static void logit_yv(double x, double n, double *y, double *v)
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
static void i2_h2(const double *v, R_xlen_t k, double tau2, double *i2,
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
/* Gauss-Hermite rule for the weight exp(-t^2): nodes t[0..m-1] and weights
 * w[0..m-1], by Newton's method on the orthonormal Hermite recurrence
 * (Press et al., Numerical Recipes, gauher). */
static void gh_rule(int m, double *t, double *w)
{
    const double pim4 = 0.7511255444649425; /* pi^(-1/4) */
    int half = (m + 1) / 2;
    double z = 0, pp = 1;
    for (int i = 0; i < half; i++) {
        if (i == 0)
            z = sqrt(2.0 * m + 1) - 1.85575 * pow(2.0 * m + 1, -0.16667);
        else if (i == 1)
            z -= 1.14 * pow((double) m, 0.426) / z;
        else if (i == 2)
            z = 1.86 * z - 0.86 * t[0];
        else if (i == 3)
            z = 1.91 * z - 0.91 * t[1];
        else
            z = 2.0 * z - t[i - 2];
        for (int it = 0; it < 100; it++) {
            double p1 = pim4, p2 = 0.0;
            for (int j = 0; j < m; j++) {
                double p3 = p2;
                p2 = p1;
                p1 = z * sqrt(2.0 / (j + 1)) * p2 - sqrt((double) j / (j + 1)) * p3;
            }
            pp = sqrt(2.0 * m) * p2;
            double z1 = z;
            z = z1 - p1 / pp;
            if (fabs(z - z1) <= 1e-15 * (1.0 + fabs(z)))
                break;
        }
        t[i] = z;
        t[m - 1 - i] = -z;
        w[i] = w[m - 1 - i] = 2.0 / (pp * pp);
    }
    if (m % 2 == 1)
        t[half - 1] = 0.0; /* the middle node, exactly */
}

/* ---------------------------------------------------------------------- */
/* the binomial-normal likelihood                                          */

typedef struct {
    const double *x, *n;
    const double *lchoose; /* log choose(n, x) per study */
    R_xlen_t k;
    int m;                 /* quadrature nodes */
    const double *t;       /* nodes */
    const double *la;      /* log(weight) + t^2 */
    double *e;             /* scratch, m: log terms */
} glmm_data;

/* Mode of g(z) = b(mu + tau z) - z^2 / 2, b the binomial log-likelihood of
 * the logit: the root of f(z) = tau (x - n p) - z, which falls with z and
 * lies between tau (x - n) and tau x.  Newton steps, with a bisection
 * instead whenever a step would leave the bracket or fails to halve the
 * step before the last (Newton's method alone can cycle here, between a z
 * where p is near 0 and one where it is near 1). */
static double study_mode(double x, double n, double mu, double tau)
{
    if (tau == 0.0)
        return 0.0;
    double lo = fmin(tau * (x - n), tau * x), hi = fmax(tau * (x - n), tau * x);
    double z = 0.0, dx = hi - lo, dxold = dx;
    for (int it = 0; it < 400; it++) {
        double p, q;
        expit2(mu + tau * z, &p, &q);
        double f = tau * (x * q - (n - x) * p) - z;
        if (f == 0.0)
            return z;
        if (f > 0)
            lo = z;
        else
            hi = z;
        double step = f / (tau * tau * n * p * q + 1.0), zn = z + step;
        if (!(zn > lo && zn < hi) || fabs(2.0 * step) > fabs(dxold)) {
            dxold = dx;
            dx = 0.5 * (hi - lo);
            zn = lo + dx;
        } else {
            dxold = dx;
            dx = step;
        }
        if (fabs(zn - z) <= 4 * DBL_EPSILON * (1.0 + fabs(z)) ||
            hi - lo <= 4 * DBL_EPSILON * (1.0 + fabs(zn)))
            return zn;
        z = zn;
    }
    return z;
}

/* One study's log-likelihood at (mu, tau), and its derivatives in mu and
 * tau (of the quadrature formula itself, nodes moving with the mode). */
static double study_loglik(const glmm_data *D, R_xlen_t i, double mu,
                           double tau, double *dmu, double *dtau)
{
    double x = D->x[i], n = D->n[i];
    double z = study_mode(x, n, mu, tau);
    double p, q;
    expit2(mu + tau * z, &p, &q);
    double b1 = x * q - (n - x) * p, b2 = -n * p * q, b3 = b2 * (q - p);
    double h = 1.0 - tau * tau * b2, s = 1.0 / sqrt(h);
    /* the mode and log(s) as functions of mu and tau */
    double dz_mu = tau * b2 / h, dz_tau = (b1 + tau * z * b2) / h;
    double deta_mu = 1.0 + tau * dz_mu, deta_tau = z + tau * dz_tau;
    double dls_mu = 0.5 * tau * tau * b3 * deta_mu / h;
    double dls_tau = (tau * b2 + 0.5 * tau * tau * b3 * deta_tau) / h;

    double r2s = M_SQRT2 * s, emax = R_NegInf;
    for (int j = 0; j < D->m; j++) {
        double zj = z + r2s * D->t[j], eta = mu + tau * zj;
        /* x log p + (n - x) log(1 - p): two terms of one sign, where
         * x eta - n log(1 + e^eta) would cancel */
        double g = -x * log1p_exp(-eta) - (n - x) * log1p_exp(eta) - 0.5 * zj * zj;
        D->e[j] = D->la[j] + g;
        if (D->e[j] > emax)
            emax = D->e[j];
    }
    double sum = 0.0;
    for (int j = 0; j < D->m; j++) {
        D->e[j] = exp(D->e[j] - emax);
        sum += D->e[j];
    }
    if (dmu) {
        double gmu = 0.0, gtau = 0.0;
        for (int j = 0; j < D->m; j++) {
            double zj = z + r2s * D->t[j], pj, qj;
            expit2(mu + tau * zj, &pj, &qj);
            double b1j = x * qj - (n - x) * pj, gp = tau * b1j - zj;
            double dzj_mu = dz_mu + r2s * D->t[j] * dls_mu;
            double dzj_tau = dz_tau + r2s * D->t[j] * dls_tau;
            double wj = D->e[j] / sum;
            gmu += wj * (b1j + gp * dzj_mu);
            gtau += wj * (zj * b1j + gp * dzj_tau);
        }
        *dmu = dls_mu + gmu;
        *dtau = dls_tau + gtau;
    }
    return log(r2s) + emax + log(sum) - LOG_SQRT_2PI + D->lchoose[i];
}

/* Log-likelihood of all studies; with g, its gradient; with gi, each
 * study's derivative in mu. */
static double glmm_loglik(const glmm_data *D, double mu, double tau,
                          double *g, double *gi)
{
    double L = 0.0, gm = 0.0, gt = 0.0, dm, dt;
    for (R_xlen_t i = 0; i < D->k; i++) {
        L += study_loglik(D, i, mu, tau, g ? &dm : NULL, g ? &dt : NULL);
        if (g) {
            gm += dm;
            gt += dt;
            if (gi)
                gi[i] = dm;
        }
    }
    if (g) {
        g[0] = gm;
        g[1] = gt;
    }
    return L;
}

/* Hessian (a[0] = H_mumu, a[1] = H_mutau, a[2] = H_tautau) by central
 * differences of the gradient; with info, each study's -d2/dmu2. */
static void glmm_hessian(const glmm_data *D, double mu, double tau, double *a,
                         double *info, double *gi_a, double *gi_b)
{
    double hm = 2e-5 * fmax(1.0, fabs(mu)), ht = 2e-5 * fmax(1.0, fabs(tau));
    double gp[2], gm[2], tp[2], tm[2];
    glmm_loglik(D, mu + hm, tau, gp, info ? gi_a : NULL);
    glmm_loglik(D, mu - hm, tau, gm, info ? gi_b : NULL);
    glmm_loglik(D, mu, tau + ht, tp, NULL);
    glmm_loglik(D, mu, tau - ht, tm, NULL);
    a[0] = (gp[0] - gm[0]) / (2 * hm);
    a[2] = (tp[1] - tm[1]) / (2 * ht);
    a[1] = 0.5 * ((gp[1] - gm[1]) / (2 * hm) + (tp[0] - tm[0]) / (2 * ht));
    if (info)
        for (R_xlen_t i = 0; i < D->k; i++)
            info[i] = -(gi_a[i] - gi_b[i]) / (2 * hm);
}

/* Outcome codes of the maximisation, as read by R/pool.R */
enum {
    FIT_OK = 0,
    FIT_MAXIT = 1,     /* iteration limit reached */
    FIT_LINESEARCH = 2,/* no step increased the likelihood */
    FIT_DIVERGED = 3,  /* |mu| or |tau| beyond 100 */
    FIT_NONFINITE = 4  /* likelihood not finite */
};

/* Newton's method from theta = (mu, tau).  Returns an outcome code; theta,
 * L, g hold the last point, *iter the iterations. */
static int glmm_maximise(const glmm_data *D, double *theta, double tol,
                         int maxit, int *iter, double *L, double *g)
{
    double a[3];
    *L = glmm_loglik(D, theta[0], theta[1], g, NULL);
    if (!R_FINITE(*L) || !R_FINITE(g[0]) || !R_FINITE(g[1]))
        return FIT_NONFINITE;
    for (*iter = 1; *iter <= maxit; (*iter)++) {
        R_CheckUserInterrupt();
        glmm_hessian(D, theta[0], theta[1], a, NULL, NULL, NULL);
        /* A = -H, made positive definite when it is not */
        double a11 = -a[0], a12 = -a[1], a22 = -a[2];
        /* at tau = 0 the gradient in tau vanishes by symmetry; where the
         * likelihood curves upwards in tau there, it is a saddle that
         * Newton steps would never leave */
        int saddle = fabs(theta[1]) < 1e-8 && a22 < 0;
        int modified = 0;
        if (!(a11 > 0 && a11 * a22 - a12 * a12 > 0)) {
            double tr = a11 + a22;
            double lmin = 0.5 * (tr - sqrt((a11 - a22) * (a11 - a22) + 4 * a12 * a12));
            double shift = -lmin + 1e-3 * (fabs(a11) + fabs(a22)) + 1e-8;
            a11 += shift;
            a22 += shift;
            modified = 1;
        }
        double det = a11 * a22 - a12 * a12;
        double d[2] = {(a22 * g[0] - a12 * g[1]) / det,
                       (a11 * g[1] - a12 * g[0]) / det};
        if (saddle)
            d[1] = 0.1;
        double big = fmax(fabs(d[0]), fabs(d[1]));
        if (big > 2.0) {
            d[0] *= 2.0 / big;
            d[1] *= 2.0 / big;
        }
        double slope = g[0] * d[0] + g[1] * d[1];
        /* converged when the Newton step is below tol, or when the gain it
         * promises (slope / 2) is below the rounding of the likelihood, so
         * that no line search could tell it from noise */
        if (!modified && ((fabs(d[0]) <= tol * (1.0 + fabs(theta[0])) &&
                           fabs(d[1]) <= tol * (1.0 + fabs(theta[1]))) ||
                          (big <= 2.0 && slope <= 1e-12 * (1.0 + fabs(*L))))) {
            /* take the last Newton step, unless rounding makes it a step
             * down */
            double gt[2];
            double Lt = glmm_loglik(D, theta[0] + d[0], theta[1] + d[1], gt, NULL);
            if (R_FINITE(Lt) && Lt >= *L - 1e-12 * (1.0 + fabs(*L))) {
                theta[0] += d[0];
                theta[1] += d[1];
                *L = Lt;
                g[0] = gt[0];
                g[1] = gt[1];
            }
            return FIT_OK;
        }
        double step = 1.0, Lt = R_NegInf, gt[2], trial[2];
        int accepted = 0;
        for (int ls = 0; ls < 60; ls++) {
            trial[0] = theta[0] + step * d[0];
            trial[1] = theta[1] + step * d[1];
            Lt = glmm_loglik(D, trial[0], trial[1], gt, NULL);
            if (R_FINITE(Lt) && Lt >= *L + 1e-4 * step * slope) {
                accepted = 1;
                break;
            }
            step *= 0.5;
        }
        if (!accepted) {
            /* at the optimum to rounding: nothing left to gain */
            if (!modified && slope <= 1e-10 * (1.0 + fabs(*L)))
                return FIT_OK;
            return FIT_LINESEARCH;
        }
        theta[0] = trial[0];
        theta[1] = trial[1];
        *L = Lt;
        g[0] = gt[0];
        g[1] = gt[1];
        if (fabs(theta[0]) > 100 || fabs(theta[1]) > 100)
            return FIT_DIVERGED;
    }
    *iter = maxit;
    return FIT_MAXIT;
}

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
        logit_yv(xi, ni, py + i, pv + i);
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
    i2_h2(pv, k, fit ? tau * tau : NA_REAL, &i2, &h2);

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
        logit_yv(px[i], pn[i], y + i, v + i);
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
    i2_h2(v, k, tau2, &i2, &h2);

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
