/*
 * km.c: Kaplan-Meier estimates for exact and right-censored times, all
 * strata in one call, with Greenwood variance and pointwise intervals.
 */
#include "casepool.h"
#include <Rmath.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Aggregated rows: one per stratum and distinct time, in order. */
typedef struct {
    R_xlen_t len;
    int *stratum;
    double *time, *n_event, *n_censor;
} km_rows;

static void rows_alloc(km_rows *r, R_xlen_t cap)
{
    r->len = 0;
    r->stratum = (int *) R_alloc(cap > 0 ? cap : 1, sizeof(int));
    r->time = (double *) R_alloc(cap > 0 ? cap : 1, sizeof(double));
    r->n_event = (double *) R_alloc(cap > 0 ? cap : 1, sizeof(double));
    r->n_censor = (double *) R_alloc(cap > 0 ? cap : 1, sizeof(double));
}

/* Small whole-number times: count into a (stratum x time) table, no sort. */
static void aggregate_counting(const double *time, const int *status,
                               const int *strata, R_xlen_t n, int S,
                               double tmin, R_xlen_t range, km_rows *out)
{
    R_xlen_t cells = (R_xlen_t) S * range;
    double *ev = (double *) R_alloc(cells, sizeof(double));
    double *ce = (double *) R_alloc(cells, sizeof(double));
    memset(ev, 0, cells * sizeof(double));
    memset(ce, 0, cells * sizeof(double));
    for (R_xlen_t i = 0; i < n; i++) {
        int s = strata ? strata[i] - 1 : 0;
        R_xlen_t c = (R_xlen_t) s * range + (R_xlen_t) (time[i] - tmin);
        if (status[i])
            ev[c] += 1.0;
        else
            ce[c] += 1.0;
    }
    R_xlen_t m = 0;
    for (R_xlen_t c = 0; c < cells; c++)
        if (ev[c] > 0 || ce[c] > 0)
            m++;
    rows_alloc(out, m);
    for (R_xlen_t c = 0; c < cells; c++) {
        if (ev[c] > 0 || ce[c] > 0) {
            R_xlen_t k = out->len++;
            out->stratum[k] = (int) (c / range) + 1;
            out->time[k] = tmin + (double) (c % range);
            out->n_event[k] = ev[c];
            out->n_censor[k] = ce[c];
        }
    }
}

/* A key whose unsigned order is the order of the doubles (no NaN here). */
static uint64_t sortable(double x)
{
    uint64_t u;
    if (x == 0)
        x = 0; /* -0 sorts with 0 */
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u ^ ((uint64_t) 1 << 63);
}

/* Order of the cases by stratum, then time: LSD radix sort of the times on
 * 8-bit digits (passes where every key shares the digit are skipped), then
 * a stable counting sort by stratum.  O(n) time, 24n bytes of scratch. */
static int *order_cases(const double *time, const int *strata, R_xlen_t n, int S)
{
    uint64_t *key = (uint64_t *) R_alloc(n, sizeof(uint64_t));
    uint64_t *key2 = (uint64_t *) R_alloc(n, sizeof(uint64_t));
    int *idx = (int *) R_alloc(n, sizeof(int));
    int *idx2 = (int *) R_alloc(n, sizeof(int));
    for (R_xlen_t i = 0; i < n; i++) {
        key[i] = sortable(time[i]);
        idx[i] = (int) i;
    }
    R_xlen_t count[256];
    for (int shift = 0; shift < 64; shift += 8) {
        memset(count, 0, sizeof count);
        for (R_xlen_t i = 0; i < n; i++)
            count[(key[i] >> shift) & 0xff]++;
        if (count[(key[0] >> shift) & 0xff] == n)
            continue; /* one digit for all: nothing to do */
        R_xlen_t pos = 0;
        for (int d = 0; d < 256; d++) {
            R_xlen_t c = count[d];
            count[d] = pos;
            pos += c;
        }
        for (R_xlen_t i = 0; i < n; i++) {
            R_xlen_t to = count[(key[i] >> shift) & 0xff]++;
            key2[to] = key[i];
            idx2[to] = idx[i];
        }
        uint64_t *tk = key; key = key2; key2 = tk;
        int *ti = idx; idx = idx2; idx2 = ti;
        R_CheckUserInterrupt();
    }
    if (!strata)
        return idx;
    R_xlen_t *start = (R_xlen_t *) R_alloc(S + 1, sizeof(R_xlen_t));
    memset(start, 0, (S + 1) * sizeof(R_xlen_t));
    for (R_xlen_t i = 0; i < n; i++)
        start[strata[i]]++;
    for (int s = 1; s <= S; s++)
        start[s] += start[s - 1];
    for (R_xlen_t i = 0; i < n; i++) {
        int o = idx[i];
        idx2[start[strata[o] - 1]++] = o;
    }
    return idx2;
}

/* Any times: order the cases, then collapse ties of (stratum, time). */
static void aggregate_sorting(const double *time, const int *status,
                              const int *strata, R_xlen_t n, int S, km_rows *out)
{
    if (n > INT_MAX)
        Rf_error("cp_km: more than %d cases with times that are not small whole numbers", INT_MAX);
    const int *ord = n > 0 ? order_cases(time, strata, n, S) : NULL;
    R_xlen_t m = 0;
    for (R_xlen_t k = 0; k < n; k++) {
        int i = ord[k], p = k > 0 ? ord[k - 1] : -1;
        if (k == 0 || time[i] != time[p] || (strata && strata[i] != strata[p]))
            m++;
    }
    rows_alloc(out, m);
    for (R_xlen_t k = 0; k < n; k++) {
        int i = ord[k], p = k > 0 ? ord[k - 1] : -1;
        if (k == 0 || time[i] != time[p] || (strata && strata[i] != strata[p])) {
            R_xlen_t r = out->len++;
            out->stratum[r] = strata ? strata[i] : 1;
            out->time[r] = time[i];
            out->n_event[r] = 0;
            out->n_censor[r] = 0;
        }
        if (status[i])
            out->n_event[out->len - 1] += 1.0;
        else
            out->n_censor[out->len - 1] += 1.0;
    }
}

void cp_surv_ci(double p, double se, double z, int conf_type,
                double *lower, double *upper)
{
    /* se is the standard error of log(p), Greenwood's */
    if (ISNAN(p) || ISNAN(se)) {
        *lower = *upper = NA_REAL;
        return;
    }
    switch (conf_type) {
    case CP_CONF_PLAIN: {
        double half = se * p * z;
        if (ISNAN(half)) {
            *lower = *upper = NA_REAL;
            return;
        }
        *lower = fmax(p - half, 0.0);
        *upper = fmin(p + half, 1.0);
        return;
    }
    case CP_CONF_LOG: {
        if (p == 0 || !R_FINITE(se)) {
            *lower = *upper = NA_REAL;
            return;
        }
        *lower = exp(log(p) - z * se);
        *upper = fmin(exp(log(p) + z * se), 1.0);
        return;
    }
    case CP_CONF_LOGLOG: {
        if (p == 0 || p == 1 || !R_FINITE(se)) {
            *lower = *upper = NA_REAL;
            return;
        }
        double lp = log(-log(p)), s2 = z * se / log(p);
        *lower = exp(-exp(lp - s2));
        *upper = exp(-exp(lp + s2));
        return;
    }
    default:
        Rf_error("cp_surv_ci: unknown conf_type %d", conf_type);
    }
}

/*
 * cp_km(time, status, strata, nstrata, conf_type, conf_level)
 *   time        double vector, no NA (validated in R)
 *   status      integer vector of 0 (censored) / 1 (event), no NA
 *   strata      integer codes 1..S, or NULL for one stratum
 *   nstrata     integer S
 *   conf_type   integer: CP_CONF_LOGLOG, CP_CONF_LOG or CP_CONF_PLAIN
 *   conf_level  double in (0, 1)
 * Returns a list with one element per stratum and distinct time, ordered by
 * stratum then time: strata, time, n_risk, n_event, n_censor, surv (the
 * Kaplan-Meier estimate), std_err (surv times the Greenwood standard error
 * of log surv, as summary.survfit reports it), lower, upper (interval of
 * surv by conf_type, as survival's survfit).  Undefined values are NA.
 */
SEXP cp_km(SEXP time, SEXP status, SEXP strata, SEXP nstrata, SEXP conf_type,
           SEXP conf_level)
{
    if (TYPEOF(time) != REALSXP || TYPEOF(status) != INTSXP ||
        XLENGTH(time) != XLENGTH(status))
        Rf_error("cp_km: 'time' (double) and 'status' (integer) must have one length");
    R_xlen_t n = XLENGTH(time);
    int has_strata = !Rf_isNull(strata);
    if (has_strata && (TYPEOF(strata) != INTSXP || XLENGTH(strata) != n))
        Rf_error("cp_km: 'strata' must be integer codes, one per case");
    int S = Rf_asInteger(nstrata);
    if (S == NA_INTEGER || S < 1)
        Rf_error("cp_km: 'nstrata' must be a positive count");
    int ctype = Rf_asInteger(conf_type);
    double level = Rf_asReal(conf_level);
    const double *t = REAL(time);
    const int *st = INTEGER(status), *sg = has_strata ? INTEGER(strata) : NULL;

    /* whole-number times in a small range go through a counting table */
    double tmin = R_PosInf, tmax = R_NegInf;
    int whole = 1;
    for (R_xlen_t i = 0; i < n; i++) {
        if (!R_FINITE(t[i]))
            Rf_error("cp_km: time %lld is not finite", (long long) i + 1);
        if (sg && (sg[i] < 1 || sg[i] > S))
            Rf_error("cp_km: stratum code out of range in row %lld", (long long) i + 1);
        if (t[i] < tmin) tmin = t[i];
        if (t[i] > tmax) tmax = t[i];
        if (whole && t[i] != floor(t[i]))
            whole = 0;
    }
    km_rows rows;
    double range = n > 0 ? tmax - tmin + 1.0 : 0.0;
    if (n > 0 && whole && range * S <= 2.0 * (double) n + 65536.0)
        aggregate_counting(t, st, sg, n, S, tmin, (R_xlen_t) range, &rows);
    else
        aggregate_sorting(t, st, sg, n, S, &rows);
    R_CheckUserInterrupt();

    /* cases per stratum, for the numbers at risk */
    double *total = (double *) R_alloc(S, sizeof(double));
    for (int s = 0; s < S; s++)
        total[s] = 0;
    for (R_xlen_t k = 0; k < rows.len; k++)
        total[rows.stratum[k] - 1] += rows.n_event[k] + rows.n_censor[k];

    R_xlen_t m = rows.len;
    const char *names[] = {"strata", "time", "n_risk", "n_event", "n_censor",
                           "surv", "std_err", "lower", "upper"};
    const int ncol = 9;
    int nprot = 0;
    SEXP out = PROTECT(cp_named_list(names, ncol)); nprot++;
    SET_VECTOR_ELT(out, 0, Rf_allocVector(INTSXP, m));
    for (int j = 1; j < ncol; j++)
        SET_VECTOR_ELT(out, j, Rf_allocVector(REALSXP, m));
    int *o_str = INTEGER(VECTOR_ELT(out, 0));
    double *o_time = REAL(VECTOR_ELT(out, 1)), *o_risk = REAL(VECTOR_ELT(out, 2)),
           *o_ev = REAL(VECTOR_ELT(out, 3)), *o_ce = REAL(VECTOR_ELT(out, 4)),
           *o_surv = REAL(VECTOR_ELT(out, 5)), *o_se = REAL(VECTOR_ELT(out, 6)),
           *o_lo = REAL(VECTOR_ELT(out, 7)), *o_hi = REAL(VECTOR_ELT(out, 8));

    double z = Rf_qnorm5(1.0 - (1.0 - level) / 2.0, 0.0, 1.0, 1, 0);
    int cur = 0;
    double at_risk = 0, km = 1, var = 0;
    for (R_xlen_t k = 0; k < m; k++) {
        if (rows.stratum[k] != cur) {
            cur = rows.stratum[k];
            at_risk = total[cur - 1];
            km = 1;
            var = 0;
        }
        double d = rows.n_event[k];
        if (d > 0) {
            km *= (at_risk - d) / at_risk;
            var += d / (at_risk * (at_risk - d)); /* Inf once all have had it */
        }
        double se_log = sqrt(var);
        o_str[k] = cur;
        o_time[k] = rows.time[k];
        o_risk[k] = at_risk;
        o_ev[k] = d;
        o_ce[k] = rows.n_censor[k];
        o_surv[k] = km;
        o_se[k] = R_FINITE(se_log) ? km * se_log : NA_REAL;
        cp_surv_ci(km, se_log, z, ctype, o_lo + k, o_hi + k);
        at_risk -= d + rows.n_censor[k];
    }
    UNPROTECT(nprot);
    return out;
}
