/*
 * describe.c: the statistics of a table of case characteristics, for one
 * column at a time, overall and in every group at once: for numbers the
 * cases that reported a value, the quartiles (as quantile(type = 7)) and
 * the range; for categories the counts of every level.
 */
#include "casepool.h"
#include <limits.h>
#include <math.h>
#include <string.h>

/* group codes 1..G (or NULL: one group), checked */
static const int *group_codes(SEXP group, SEXP ngroups, R_xlen_t n, int *G)
{
    *G = Rf_asInteger(ngroups);
    if (*G == NA_INTEGER || *G < 1)
        Rf_error("cp_describe: 'ngroups' must be a count >= 1");
    if (Rf_isNull(group)) {
        if (*G != 1)
            Rf_error("cp_describe: 'ngroups' must be 1 without groups");
        return NULL;
    }
    if (TYPEOF(group) != INTSXP || XLENGTH(group) != n)
        Rf_error("cp_describe: 'group' must be an integer vector of the cases' length");
    const int *g = INTEGER(group);
    for (R_xlen_t i = 0; i < n; i++)
        if (g[i] == NA_INTEGER || g[i] < 1 || g[i] > *G)
            Rf_error("cp_describe: group code out of range in row %lld",
                     (long long) i + 1);
    return g;
}

/* quantile type 7 of sorted v[0..n-1] at probability p, as R computes it */
static double quantile7(const double *v, R_xlen_t n, double p)
{
    double index = (double) (n - 1) * p;
    R_xlen_t lo = (R_xlen_t) floor(index), hi = (R_xlen_t) ceil(index);
    double q = v[lo], h = index - (double) lo;
    if (h > 0 && v[hi] != q)
        q = (1 - h) * q + h * v[hi];
    return q;
}

/*
 * cp_describe_num(x, group, ngroups)
 *   x        double vector, NA where not reported (validated in R: no
 *            infinite values)
 *   group    integer codes 1..G of x's length, or NULL
 *   ngroups  integer scalar G (groups without cases give NA statistics)
 * Returns a named list of G + 1 rows, the first for all cases, then one per
 * group: n (cases), n_reported (with a value), min, q1, median, q3, max
 * (quartiles by quantile type 7; NA without values).
 */
SEXP cp_describe_num(SEXP x, SEXP group, SEXP ngroups)
{
    if (TYPEOF(x) != REALSXP)
        Rf_error("cp_describe_num: 'x' must be a double vector");
    R_xlen_t n = XLENGTH(x);
    int G;
    const int *g = group_codes(group, ngroups, n, &G);
    const double *px = REAL(x);
    int rows = G + 1;

    /* counts per group, then the reported values bucketed by group */
    double *cnt = (double *) R_alloc(rows, sizeof(double));
    R_xlen_t *rep = (R_xlen_t *) R_alloc(rows, sizeof(R_xlen_t));
    R_xlen_t *start = (R_xlen_t *) R_alloc(rows + 1, sizeof(R_xlen_t));
    for (int k = 0; k < rows; k++) {
        cnt[k] = 0;
        rep[k] = 0;
    }
    for (R_xlen_t i = 0; i < n; i++) {
        int k = g ? g[i] : 1;
        cnt[k]++;
        if (!ISNAN(px[i]))
            rep[k]++;
    }
    cnt[0] = (double) n;
    R_xlen_t nrep = 0;
    for (int k = 1; k < rows; k++)
        nrep += rep[k];
    rep[0] = nrep;
    double *all = (double *) R_alloc(nrep > 0 ? nrep : 1, sizeof(double));
    double *byg = (double *) R_alloc(nrep > 0 ? nrep : 1, sizeof(double));
    start[1] = 0;
    for (int k = 1; k < rows; k++)
        start[k + 1] = start[k] + rep[k];
    R_xlen_t *fill = (R_xlen_t *) R_alloc(rows + 1, sizeof(R_xlen_t));
    memcpy(fill, start, (size_t) (rows + 1) * sizeof(R_xlen_t));
    R_xlen_t m = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        if (ISNAN(px[i]))
            continue;
        all[m++] = px[i];
        byg[fill[g ? g[i] : 1]++] = px[i];
    }
    start[0] = 0;

    const char *names[] = {"n", "n_reported", "min", "q1", "median", "q3", "max"};
    int nprot = 0;
    SEXP out = PROTECT(cp_named_list(names, 7)); nprot++;
    for (int j = 0; j < 7; j++)
        SET_VECTOR_ELT(out, j, Rf_allocVector(REALSXP, rows));
    double *o[7];
    for (int j = 0; j < 7; j++)
        o[j] = REAL(VECTOR_ELT(out, j));
    for (int k = 0; k < rows; k++) {
        double *v = k == 0 ? all : byg + start[k];
        R_xlen_t len = rep[k];
        o[0][k] = cnt[k];
        o[1][k] = (double) len;
        if (len == 0) {
            for (int j = 2; j < 7; j++)
                o[j][k] = NA_REAL;
            continue;
        }
        if (len > INT_MAX)
            Rf_error("cp_describe_num: too many values to sort");
        R_rsort(v, (int) len);
        o[2][k] = v[0];
        o[3][k] = quantile7(v, len, 0.25);
        o[4][k] = quantile7(v, len, 0.5);
        o[5][k] = quantile7(v, len, 0.75);
        o[6][k] = v[len - 1];
    }
    UNPROTECT(nprot);
    return out;
}

/*
 * cp_describe_cat(x, nlevels, group, ngroups)
 *   x        integer codes 1..L, NA where not reported
 *   nlevels  integer scalar L
 *   group    integer codes 1..G of x's length, or NULL
 *   ngroups  integer scalar G
 * Returns a double matrix of L + 1 rows (the levels, then not reported) and
 * G + 1 columns (all cases, then the groups) of counts.
 */
SEXP cp_describe_cat(SEXP x, SEXP nlevels, SEXP group, SEXP ngroups)
{
    if (TYPEOF(x) != INTSXP)
        Rf_error("cp_describe_cat: 'x' must be an integer vector");
    R_xlen_t n = XLENGTH(x);
    int L = Rf_asInteger(nlevels), G;
    if (L == NA_INTEGER || L < 0)
        Rf_error("cp_describe_cat: 'nlevels' must be a count");
    const int *g = group_codes(group, ngroups, n, &G);
    const int *px = INTEGER(x);
    int nrow = L + 1, ncol = G + 1;
    SEXP out = PROTECT(Rf_allocMatrix(REALSXP, nrow, ncol));
    double *o = REAL(out);
    memset(o, 0, (size_t) nrow * ncol * sizeof(double));
    for (R_xlen_t i = 0; i < n; i++) {
        int v = px[i];
        int row = v == NA_INTEGER ? L : v - 1;
        if (row < 0 || row > L)
            Rf_error("cp_describe_cat: level code out of range in row %lld",
                     (long long) i + 1);
        o[row]++;
        if (g)
            o[row + (R_xlen_t) g[i] * nrow]++;
    }
    if (!g)
        for (int l = 0; l < nrow; l++)
            o[l + nrow] = o[l];
    UNPROTECT(1);
    return out;
}
