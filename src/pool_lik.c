/*
 * pool_lik.c: the log-likelihood of the binomial-normal random-effects
 * model by adaptive Gauss-Hermite quadrature, its gradient and Hessian, and
 * its maximisation by Newton's method (see pool.c for the model).
 */
#include "pool.h"
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


/* ---------------------------------------------------------------------- */
/* Gauss-Hermite rule for the weight exp(-t^2): nodes t[0..m-1] and weights
 * w[0..m-1], by Newton's method on the orthonormal Hermite recurrence
 * (Press et al., Numerical Recipes, gauher). */
void gh_rule(int m, double *t, double *w)
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
double glmm_loglik(const glmm_data *D, double mu, double tau,
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
void glmm_hessian(const glmm_data *D, double mu, double tau, double *a,
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


/* Newton's method from theta = (mu, tau).  Returns an outcome code; theta,
 * L, g hold the last point, *iter the iterations. */
int glmm_maximise(const glmm_data *D, double *theta, double tol,
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

