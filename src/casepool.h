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

/* km.c */
SEXP cp_km(SEXP time, SEXP status, SEXP strata, SEXP nstrata, SEXP conf_type,
           SEXP conf_level);
void cp_surv_ci(double p, double se, double z, int conf_type, double *lower,
                double *upper);

/* turnbull.c */
SEXP cp_turnbull(SEXP left, SEXP right, SEXP strata, SEXP nstrata, SEXP tol,
                 SEXP maxit);

/* onset.c */
SEXP cp_parse_onset(SEXP x);

/* regimen.c */
SEXP cp_infusion_day(SEXP k, SEXP induction, SEXP every);
SEXP cp_infusions_by_day(SEXP d, SEXP induction, SEXP every, SEXP strict);

/* util.c */
SEXP cp_named_list(const char **names, int n);

/* tally.c */
SEXP cp_tally(SEXP outcomes, SEXP group, SEXP ngroups, SEXP conf_level,
              SEXP method);

#endif
