/*
 * km.c: Kaplan-Meier estimates for exact and right-censored times, all
 * strata in one call, with Greenwood variance and pointwise intervals.
 *
 * The cases are read twice: a first pass checks every value and counts the
 * cases per stratum and status; a second either counts them into a
 * (stratum x time) table, when the times are whole numbers in a small range,
 * or puts them into one bucket per stratum and status to be radix sorted.
 * Rows of the result are then written in order, with the estimate updated
 * row by row.
 */
#include "casepool.h"
#include <Rmath.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- reading the inputs ------------------------------------------------ */

/* times are double or integer; statuses logical, integer or double */
typedef struct {
    const double *td;
    const int *ti;
    const double *sd;
    const int *si;
    const int *strata;
} km_input;

static inline double time_at(const km_input *in, R_xlen_t i)
{
    if (in->td)
        return in->td[i];
    return in->ti[i] == NA_INTEGER ? NA_REAL : (double) in->ti[i];
}

/* 0, 1 or 2 for those values, -1 for anything else (NA included) */
static inline int status_at(const km_input *in, R_xlen_t i)
{
    if (in->si) {
        int v = in->si[i];
        return v >= 0 && v <= 2 ? v : -1;
    }
    double v = in->sd[i];
    return v == 0 ? 0 : v == 1 ? 1 : v == 2 ? 2 : -1;
}

/* ---- writing the result ------------------------------------------------ */

typedef struct {
    R_xlen_t k;          /* next row */
    int cur;             /* stratum of the previous row */
    double at_risk, km, var, z;
    int ctype;
    const double *total; /* cases per stratum */
    int *str;
    double *time, *risk, *ev, *ce, *surv, *se, *est, *lo, *hi;
} km_out;

/* One row: stratum s, a time and its events and censorings.  Rows come in
 * order of stratum, then time. */
static void emit(km_out *o, int s, double time, double d, double c)
{
    if (s != o->cur) {
        o->cur = s;
        o->at_risk = o->total[s - 1];
        o->km = 1;
        o->var = 0;
    }
    double n = o->at_risk;
    R_xlen_t k = o->k++;
    o->str[k] = s;
    o->time[k] = time;
    o->risk[k] = n;
    o->ev[k] = d;
    o->ce[k] = c;
    o->at_risk -= d + c;
    if (d == 0 && k > 0 && o->str[k - 1] == s) {
        /* only censorings: the curve and its interval stay as they were */
        o->surv[k] = o->surv[k - 1];
        o->se[k] = o->se[k - 1];
        o->est[k] = o->est[k - 1];
        o->lo[k] = o->lo[k - 1];
        o->hi[k] = o->hi[k - 1];
        return;
    }
    if (d > 0) {
        o->km *= (n - d) / n;
        o->var += d / (n * (n - d)); /* Inf once all have had it */
    }
    double se_log = sqrt(o->var), lower, upper;
    o->surv[k] = o->km;
    o->se[k] = R_FINITE(se_log) ? o->km * se_log : NA_REAL;
    cp_surv_ci(o->km, se_log, o->z, o->ctype, &lower, &upper);
    o->est[k] = 1.0 - o->km;
    o->lo[k] = ISNAN(upper) ? NA_REAL : 1.0 - upper;
    o->hi[k] = ISNAN(lower) ? NA_REAL : 1.0 - lower;
}

/* ---- small whole-number times: a counting table ------------------------ */

/* Count cases into tab[2 * cell + event], cell = (stratum - 1) * range +
 * time - tmin.  Returns the number of occupied cells. */
static R_xlen_t count_cells(const km_input *in, R_xlen_t n, int evcode,
                            double tmin, R_xlen_t range, double *tab,
                            R_xlen_t cells)
{
    memset(tab, 0, 2 * cells * sizeof(double));
    R_xlen_t t0 = (R_xlen_t) tmin;
    for (R_xlen_t i = 0; i < n; i++) {
        R_xlen_t s = in->strata ? in->strata[i] - 1 : 0;
        R_xlen_t t = (R_xlen_t) time_at(in, i) - t0;
        tab[2 * (s * range + t) + (status_at(in, i) == evcode)] += 1.0;
    }
    R_xlen_t m = 0;
    for (R_xlen_t c = 0; c < cells; c++)
        m += tab[2 * c] + tab[2 * c + 1] > 0;
    return m;
}

static void emit_cells(km_out *o, const double *tab, R_xlen_t cells,
                       double tmin, R_xlen_t range)
{
    for (R_xlen_t c = 0; c < cells; c++) {
        double d = tab[2 * c + 1], cn = tab[2 * c];
        if (d + cn > 0)
            emit(o, (int) (c / range) + 1, tmin + (double) (c % range), d, cn);
    }
}

/* ---- any times: radix sort within buckets ------------------------------ */

/* A key whose unsigned order is the order of the doubles (no NaN here). */
static inline uint64_t key_of(double x)
{
    uint64_t u;
    if (x == 0)
        x = 0; /* -0 sorts with 0 */
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u ^ ((uint64_t) 1 << 63);
}

static inline double value_of(uint64_t u)
{
    double x;
    u = (u >> 63) ? u ^ ((uint64_t) 1 << 63) : ~u;
    memcpy(&x, &u, sizeof x);
    return x;
}

#define RADIX_BITS 11
#define RADIX_SIZE (1 << RADIX_BITS)
#define RADIX_PASSES 6 /* 6 x 11 >= 64 bits */

/* Sort a[0..n-1] in place; tmp has room for n keys, hist for
 * RADIX_PASSES * RADIX_SIZE counts.  Short runs by insertion; otherwise an
 * LSD radix sort that skips the digits all keys share. */
static void sort_keys(uint64_t *a, uint64_t *tmp, R_xlen_t n, R_xlen_t *hist)
{
    if (n <= 48) {
        for (R_xlen_t i = 1; i < n; i++) {
            uint64_t v = a[i];
            R_xlen_t j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    /* digits of the first key: a pass is needed only where some key differs */
    uint64_t diff = 0;
    for (R_xlen_t i = 1; i < n; i++)
        diff |= a[i] ^ a[0];
    int passes[RADIX_PASSES], np = 0;
    for (int p = 0; p < RADIX_PASSES; p++)
        if ((diff >> (p * RADIX_BITS)) & (RADIX_SIZE - 1))
            passes[np++] = p;
    if (np == 0)
        return;
    memset(hist, 0, (size_t) np * RADIX_SIZE * sizeof(R_xlen_t));
    for (R_xlen_t i = 0; i < n; i++)
        for (int q = 0; q < np; q++)
            hist[q * RADIX_SIZE + ((a[i] >> (passes[q] * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    uint64_t *src = a, *dst = tmp;
    for (int q = 0; q < np; q++) {
        R_xlen_t *h = hist + q * RADIX_SIZE, pos = 0;
        for (int d = 0; d < RADIX_SIZE; d++) {
            R_xlen_t c = h[d];
            h[d] = pos;
            pos += c;
        }
        int shift = passes[q] * RADIX_BITS;
        for (R_xlen_t i = 0; i < n; i++)
            dst[h[(src[i] >> shift) & (RADIX_SIZE - 1)]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof(uint64_t));
}

/* Walk the sorted event keys E and censored keys C of one stratum together,
 * one row per distinct time; emit the rows when o is given.  Returns the
 * number of rows. */
static R_xlen_t merge_rows(const uint64_t *E, R_xlen_t ne, const uint64_t *C,
                           R_xlen_t nc, int s, km_out *o)
{
    R_xlen_t i = 0, j = 0, rows = 0;
    while (i < ne || j < nc) {
        uint64_t k = j >= nc || (i < ne && E[i] <= C[j]) ? E[i] : C[j];
        R_xlen_t d = 0, c = 0;
        for (; i < ne && E[i] == k; i++)
            d++;
        for (; j < nc && C[j] == k; j++)
            c++;
        if (o)
            emit(o, s, value_of(k), (double) d, (double) c);
        rows++;
    }
    return rows;
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
        double e = exp(z * se);
        *lower = p / e;
        *upper = fmin(p * e, 1.0);
        return;
    }
    case CP_CONF_LOGLOG: {
        if (p == 0 || p == 1 || !R_FINITE(se)) {
            *lower = *upper = NA_REAL;
            return;
        }
        /* exp(-exp(log(-log p) -+ s)) with s = z se / log p, written as
         * p^(exp(-+s)): one log and three exp */
        double lp = log(p), e = exp(z * se / lp);
        *lower = exp(lp / e);
        *upper = exp(lp * e);
        return;
    }
    default:
        Rf_error("cp_surv_ci: unknown conf_type %d", conf_type);
    }
}

/*
 * cp_km(time, status, strata, nstrata, conf_type, conf_level)
 *   time        double or integer vector
 *   status      logical, integer or double vector: 0 censored and 1 event,
 *               or, when some status is 2, 1 censored and 2 event (the
 *               coding survival's Surv() accepts)
 *   strata      integer codes 1..S, or NULL for one stratum
 *   nstrata     integer S
 *   conf_type   integer: CP_CONF_LOGLOG, CP_CONF_LOG or CP_CONF_PLAIN
 *   conf_level  double in (0, 1)
 * Returns NULL when some time is missing, infinite or negative, or some
 * status is missing or not one of those codes (the caller then reports the
 * rows).  Otherwise a list with one element per stratum and distinct time,
 * ordered by stratum then time: strata, time, n_risk, n_event, n_censor,
 * surv (the Kaplan-Meier estimate), std_err (surv times the Greenwood
 * standard error of log surv, as summary.survfit reports it), estimate
 * (1 - surv), conf_low, conf_high (interval of the estimate by conf_type,
 * as survival's survfit gives it for surv); then n, the cases per stratum.
 * Undefined values are NA.
 */
SEXP cp_km(SEXP time, SEXP status, SEXP strata, SEXP nstrata, SEXP conf_type,
           SEXP conf_level)
{
    R_xlen_t n = XLENGTH(time);
    if ((TYPEOF(time) != REALSXP && TYPEOF(time) != INTSXP) ||
        (TYPEOF(status) != REALSXP && TYPEOF(status) != INTSXP &&
         TYPEOF(status) != LGLSXP) ||
        XLENGTH(status) != n)
        Rf_error("cp_km: 'time' and 'status' must be numeric vectors of one length");
    int has_strata = !Rf_isNull(strata);
    if (has_strata && (TYPEOF(strata) != INTSXP || XLENGTH(strata) != n))
        Rf_error("cp_km: 'strata' must be integer codes, one per case");
    int S = Rf_asInteger(nstrata);
    if (S == NA_INTEGER || S < 1)
        Rf_error("cp_km: 'nstrata' must be a positive count");
    int ctype = Rf_asInteger(conf_type);
    double level = Rf_asReal(conf_level);
    km_input in = {
        TYPEOF(time) == REALSXP ? REAL(time) : NULL,
        TYPEOF(time) == INTSXP ? INTEGER(time) : NULL,
        TYPEOF(status) == REALSXP ? REAL(status) : NULL,
        TYPEOF(status) != REALSXP ? INTEGER(status) : NULL,
        has_strata ? INTEGER(strata) : NULL
    };

    /* pass 1: check, count cases by stratum and status, range of times */
    double *cnt = (double *) R_alloc(3 * (size_t) S, sizeof(double));
    memset(cnt, 0, 3 * (size_t) S * sizeof(double));
    double tmin = R_PosInf, tmax = R_NegInf;
    int whole = 1;
    for (R_xlen_t i = 0; i < n; i++) {
        double t = time_at(&in, i);
        int v = status_at(&in, i);
        if (!(t >= 0) || t == R_PosInf || v < 0)
            return R_NilValue;
        int s = in.strata ? in.strata[i] : 1;
        if (s < 1 || s > S)
            Rf_error("cp_km: stratum code out of range in row %lld", (long long) i + 1);
        cnt[3 * (s - 1) + v] += 1;
        tmin = t < tmin ? t : tmin;
        tmax = t > tmax ? t : tmax;
        if (whole && !(t < 4.5e15 && t == (double) (int64_t) t))
            whole = 0;
    }
    R_CheckUserInterrupt();
    double has0 = 0, has2 = 0;
    for (int s = 0; s < S; s++) {
        has0 += cnt[3 * s];
        has2 += cnt[3 * s + 2];
    }
    if (has0 > 0 && has2 > 0)
        return R_NilValue;
    int evcode = has2 > 0 ? 2 : 1;
    double *total = (double *) R_alloc(S, sizeof(double));
    for (int s = 0; s < S; s++)
        total[s] = cnt[3 * s] + cnt[3 * s + 1] + cnt[3 * s + 2];

    /* pass 2: a counting table, or sorted buckets */
    R_xlen_t m = 0, cells = 0, range = 0;
    double *tab = NULL;
    uint64_t *keys = NULL;
    R_xlen_t *start = NULL;
    if (n > 0 && whole && (tmax - tmin + 1) * S <= (double) n + 65536.0) {
        range = (R_xlen_t) (tmax - tmin) + 1;
        cells = range * S;
        tab = (double *) R_alloc(2 * cells, sizeof(double));
        m = count_cells(&in, n, evcode, tmin, range, tab, cells);
    } else if (n > 0) {
        /* bucket 2(s - 1) + event, for stratum s */
        start = (R_xlen_t *) R_alloc(2 * (size_t) S + 1, sizeof(R_xlen_t));
        R_xlen_t *fill = (R_xlen_t *) R_alloc(2 * (size_t) S, sizeof(R_xlen_t));
        R_xlen_t largest = 0, pos = 0;
        for (int s = 0; s < S; s++) {
            R_xlen_t ev = (R_xlen_t) cnt[3 * s + evcode];
            R_xlen_t size[2] = {(R_xlen_t) total[s] - ev, ev};
            for (int e = 0; e < 2; e++) {
                start[2 * s + e] = fill[2 * s + e] = pos;
                pos += size[e];
                largest = size[e] > largest ? size[e] : largest;
            }
        }
        start[2 * S] = pos;
        keys = (uint64_t *) R_alloc(n, sizeof(uint64_t));
        for (R_xlen_t i = 0; i < n; i++) {
            R_xlen_t b = 2 * (R_xlen_t) (in.strata ? in.strata[i] - 1 : 0) +
                         (status_at(&in, i) == evcode);
            keys[fill[b]++] = key_of(time_at(&in, i));
        }
        R_CheckUserInterrupt();
        uint64_t *tmp = (uint64_t *) R_alloc(largest > 0 ? largest : 1, sizeof(uint64_t));
        R_xlen_t *hist = (R_xlen_t *) R_alloc(RADIX_PASSES * RADIX_SIZE, sizeof(R_xlen_t));
        for (int b = 0; b < 2 * S; b++) {
            sort_keys(keys + start[b], tmp, start[b + 1] - start[b], hist);
            if (b % 64 == 63)
                R_CheckUserInterrupt();
        }
        for (int s = 0; s < S; s++)
            m += merge_rows(keys + start[2 * s + 1], start[2 * s + 2] - start[2 * s + 1],
                            keys + start[2 * s], start[2 * s + 1] - start[2 * s],
                            s + 1, NULL);
    }
    R_CheckUserInterrupt();

    const char *names[] = {"strata", "time", "n_risk", "n_event", "n_censor",
                           "surv", "std_err", "estimate", "conf_low",
                           "conf_high", "n"};
    const int ncol = 10;
    SEXP out = PROTECT(cp_named_list(names, ncol + 1));
    SET_VECTOR_ELT(out, 0, Rf_allocVector(INTSXP, m));
    for (int j = 1; j < ncol; j++)
        SET_VECTOR_ELT(out, j, Rf_allocVector(REALSXP, m));
    SEXP ns = Rf_allocVector(REALSXP, S);
    SET_VECTOR_ELT(out, ncol, ns);
    memcpy(REAL(ns), total, S * sizeof(double));
    km_out o = {
        0, 0, 0, 1, 0, Rf_qnorm5(1.0 - (1.0 - level) / 2.0, 0.0, 1.0, 1, 0),
        ctype, total, INTEGER(VECTOR_ELT(out, 0)),
        REAL(VECTOR_ELT(out, 1)), REAL(VECTOR_ELT(out, 2)),
        REAL(VECTOR_ELT(out, 3)), REAL(VECTOR_ELT(out, 4)),
        REAL(VECTOR_ELT(out, 5)), REAL(VECTOR_ELT(out, 6)),
        REAL(VECTOR_ELT(out, 7)), REAL(VECTOR_ELT(out, 8)),
        REAL(VECTOR_ELT(out, 9))
    };
    if (tab)
        emit_cells(&o, tab, cells, tmin, range);
    else if (keys)
        for (int s = 0; s < S; s++)
            merge_rows(keys + start[2 * s + 1], start[2 * s + 2] - start[2 * s + 1],
                       keys + start[2 * s], start[2 * s + 1] - start[2 * s],
                       s + 1, &o);
    UNPROTECT(1);
    return out;
}
