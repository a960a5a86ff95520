/*
 * casepool.h: every C entry point of the package, and the helpers shared
 * between routine families.  Entry points carry the prefix cp_ so that no
 * R function shares their names; they are registered in init.c.
 */
#ifndef CASEPOOL_H
#define CASEPOOL_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>

/* binomial interval methods, in the order of binom_methods() in R/binom.R */
enum cp_binom_method {
    CP_EXACT = 1,
    CP_WILSON = 2,
    CP_JEFFREYS = 3,
    CP_AGRESTI_COULL = 4,
    CP_MIDP = 5
};

/* binom.c */
SEXP cp_binom_ci(SEXP x, SEXP n, SEXP conf_level, SEXP method);
void cp_binom_interval(double x, double n, double conf_level, int method,
                       double *lower, double *upper);

/* pointwise interval types for survival curves, as conf_types in R/response.R */
enum cp_conf_type {
    CP_CONF_LOGLOG = 1,
    CP_CONF_LOG = 2,
    CP_CONF_PLAIN = 3
};

/* cases.c */
SEXP cp_clean_text(SEXP x, SEXP markers);
SEXP cp_yes_no(SEXP x, SEXP letters);

/* groups.c */
SEXP cp_group_codes(SEXP x);
SEXP cp_relabel(SEXP codes, SEXP map);

/* km.c */
SEXP cp_km(SEXP time, SEXP status, SEXP strata, SEXP nstrata, SEXP weights,
           SEXP robust, SEXP conf_type, SEXP conf_level);
void cp_surv_ci(double p, double se, double z, int conf_type, double *lower,
                double *upper);

/* turnbull.c: Turnbull's NPMLE of interval-censored times, with its
 * bootstrap; the solver is in npmle.c, the resampling in bootstrap.c */
SEXP cp_turnbull(SEXP left, SEXP right, SEXP strata, SEXP nstrata, SEXP tol,
                 SEXP maxit, SEXP B, SEXP seed, SEXP conf_level);

/* One NPMLE problem: m innermost intervals and n distinct cases, case i
 * covering the intervals a[i]..b[i] with weight w[i] > 0, sorted by (b, a). */
typedef struct {
    R_xlen_t m, n;
    const R_xlen_t *a, *b;
    const double *w;
    double N;                /* the sum of w */
} cp_npmle_data;

typedef struct {
    double loglik;           /* at the masses returned */
    double gap;              /* Kuhn-Tucker gap: max_j d_j / N - 1 */
    double iterations;
    int converged;
} cp_npmle_info;

typedef struct cp_npmle_work cp_npmle_work;
cp_npmle_work *cp_npmle_work_new(R_xlen_t m, R_xlen_t n);
void cp_npmle_fit(const cp_npmle_data *D, cp_npmle_work *W, double tol,
                  double maxit, const double *start, double *p,
                  cp_npmle_info *info);

/* laplacian.c: the Newton systems of npmle.c, a weighted graph Laplacian
 * on nodes 0..K (0 and K grounded), edge i joining lo[i] < hi[i] */
typedef struct {
    R_xlen_t K, n;
    const R_xlen_t *lo, *hi;
    const double *h;
    /* scratch for up to cap unknowns */
    R_xlen_t cap;
    R_xlen_t *first, *off;
    double *sky, skycap, *cg;
} cp_laplacian;
void cp_laplacian_init(cp_laplacian *A, R_xlen_t cap);
void cp_laplacian_solve(cp_laplacian *A, double *x, double rtol);

/* bootstrap.c: the percentile band of the NPMLE of resampled cases */
void cp_npmle_bootstrap(const cp_npmle_data *D, const R_xlen_t *of,
                        R_xlen_t ncases, const double *fit, double tol,
                        double maxit, int B, int k, uint64_t *rng,
                        double *band_low, double *band_high, int *failed);
void cp_rng_init(uint64_t *state, double seed);

/* logrank.c */
SEXP cp_logrank(SEXP time, SEXP n_risk, SEXP n_event, SEXP strata,
                SEXP nstrata, SEXP rho);

/* onset.c */
SEXP cp_parse_onset(SEXP x);

/* regimen.c: a table of regimens (see regimen.c) read from its R list */
typedef struct {
    const int *start;       /* days of regimen r: days[start[r] .. start[r + 1] - 1] */
    const double *days;
    const double *every;    /* NA: no interval */
    const int *mode;        /* 0 the course repeats, 1 single infusions after it */
    const double *max_inf;  /* infusions in all, Inf unbounded */
    int n;
} cp_regtab;
void cp_regtab_from(SEXP reg, cp_regtab *T);
double cp_reg_day(const cp_regtab *T, int r, double k);
double cp_reg_count(const cp_regtab *T, int r, double x, int strict);
SEXP cp_read_regimen(SEXP x);
SEXP cp_read_quantity(SEXP x, SEXP what);
SEXP cp_regimen_days(SEXP x, SEXP reg, SEXP idx, SEXP what);

/* timeline.c */
SEXP cp_timeline(SEXP lower, SEXP upper, SEXP unit, SEXP from, SEXP status,
                 SEXP response, SEXP n_inf, SEXP followup, SEXP reg, SEXP idx);

/* describe.c */
SEXP cp_describe_num(SEXP x, SEXP group, SEXP ngroups);
SEXP cp_describe_cat(SEXP x, SEXP nlevels, SEXP group, SEXP ngroups);

/* fisher.c */
SEXP cp_fisher(SEXP x, SEXP conf_level, SEXP limits);

/* util.c */
SEXP cp_named_list(const char **names, int n);

/* kappa.c */
SEXP cp_kappa(SEXP a, SEXP b, SEXP ncat, SEXP scores, SEXP weight,
              SEXP conf_level);

/* pool.c, pool_glmm.c */
SEXP cp_pool_glmm(SEXP x, SEXP n, SEXP nagq, SEXP random, SEXP tol, SEXP maxit);
SEXP cp_pool_iv(SEXP x, SEXP n, SEXP method, SEXP tol, SEXP maxit);

/* tally.c */
SEXP cp_tally(SEXP outcomes, SEXP group, SEXP ngroups, SEXP conf_level,
              SEXP method);

#endif
