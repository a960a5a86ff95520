/*
 * pool.h: what pool.c, pool_lik.c and pool_glmm.c share.
 */
#ifndef CASEPOOL_POOL_H
#define CASEPOOL_POOL_H

#include "casepool.h"
#include <Rmath.h>

typedef struct {
    const double *x, *n;
    const double *lchoose; /* log choose(n, x) per study */
    R_xlen_t k;
    int m;                 /* quadrature nodes */
    const double *t;       /* nodes */
    const double *la;      /* log(weight) + t^2 */
    double *e;             /* scratch, m: log terms */
} glmm_data;

/* Outcome codes of the maximisation, as read by R/pool.R */
enum {
    FIT_OK = 0,
    FIT_MAXIT = 1,     /* iteration limit reached */
    FIT_LINESEARCH = 2,/* no step increased the likelihood */
    FIT_DIVERGED = 3,  /* |mu| or |tau| beyond 100 */
    FIT_NONFINITE = 4  /* likelihood not finite */
};

/* pool.c */
void pool_logit_yv(double x, double n, double *y, double *v);
void pool_i2_h2(const double *v, R_xlen_t k, double tau2, double *i2,
                double *h2);

/* pool_lik.c */
void gh_rule(int m, double *t, double *w);
double glmm_loglik(const glmm_data *D, double mu, double tau, double *g,
                   double *gi);
void glmm_hessian(const glmm_data *D, double mu, double tau, double *a,
                  double *info, double *gi_a, double *gi_b);
int glmm_maximise(const glmm_data *D, double *theta, double tol, int maxit,
                  int *iter, double *L, double *g);

#endif
