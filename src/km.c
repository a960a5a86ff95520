/*
 * km.c: Kaplan-Meier estimates for exact and right-censored times, all
 * strata in one call, with optional case weights, Greenwood or
 * infinitesimal-jackknife variance and pointwise intervals.
 *
 * The cases are read twice: a first pass checks every value and counts the
 * cases per stratum and status; a second either counts them into a
 * (stratum x time) table, when the times are whole numbers in a small range,
 * or puts them into one bucket per stratum and status to be radix sorted
 * (with their weights beside them when there are weights).  Each distinct
 * time of a stratum becomes a row holding its events and censorings; a
 * last pass sums the numbers at risk from the last row up (as survfit does,
 * so that weights do not leave rounding residue at the end of a curve) and
 * then updates the estimate and its variance row by row.
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
    const double *w;     /* case weights, or NULL */
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
    int *str;
    double *time, *risk, *ev, *ce, *surv, *se, *est, *lo, *hi;
    double *qe, *qc;     /* robust variance: sums of squared weights of the
                          * events and censorings of each row; else NULL */
} km_out;

/* One row: stratum s, a time, its (weighted) events d and censorings c,
 * and the sums of their squared weights qe, qc.  Rows come in order of
 * stratum, then time. */
static inline void put_row(km_out *o, int s, double time, double d, double c,
                           double qe, double qc)
{
    R_xlen_t k = o->k++;
    o->str[k] = s;
    o->time[k] = time;
    o->ev[k] = d;
    o->ce[k] = c;
    if (o->qe) {
        o->qe[k] = qe;
        o->qc[k] = qc;
    }
}

/*
 * The estimates of rows 0..m-1.  The number at risk at a time is the weight
 * of the cases at or after it.  Greenwood's variance of log S(t) is
 * A(t) = sum over event times t_j <= t of d_j / (n_j (n_j - d_j)).  The
 * robust (infinitesimal jackknife) variance, survfit's default with
 * non-integer weights, is sum_i (w_i U_i(t))^2 with U_i(t) the influence of
 * case i on log S(t): A(min(t, T_i)), less 1 / (n - d) at T_i for an event
 * at T_i <= t.  That is A(t)^2 times the squared weights of the cases after
 * t, plus a running sum over the rows up to t, so one pass gives it.  At
 * S = 0 the robust standard error is 0, as survfit gives it.
 */
static void finish_rows(km_out *o, R_xlen_t m, double z, int ctype)
{
    int robust = o->qe != NULL;
    double *after = NULL; /* squared weights of the cases after each row */
    if (robust)
        after = (double *) R_alloc(m > 0 ? m : 1, sizeof(double));
    for (R_xlen_t k = m - 1; k >= 0; k--) {
        int last = k == m - 1 || o->str[k + 1] != o->str[k];
        o->risk[k] = o->ev[k] + o->ce[k] + (last ? 0.0 : o->risk[k + 1]);
        if (robust)
            after[k] = last ? 0.0 : after[k + 1] + o->qe[k + 1] + o->qc[k + 1];
    }
    double km = 1, A = 0, cum = 0;
    for (R_xlen_t k = 0; k < m; k++) {
        int first = k == 0 || o->str[k - 1] != o->str[k];
        if (first) {
            km = 1;
            A = 0;
            cum = 0;
        }
        double n = o->risk[k], d = o->ev[k];
        if (d > 0) {
            km *= (n - d) / n;
            A += d / (n * (n - d)); /* Inf once all have had it */
        }
        if (robust) {
            cum += o->qc[k] * A * A;
            if (o->qe[k] > 0) {
                double u = A - 1.0 / (n - d);
                cum += o->qe[k] * u * u;
            }
        }
        if (d == 0 && !first) {
            /* only censorings: the curve and its interval stay as they were */
            o->surv[k] = o->surv[k - 1];
            o->se[k] = o->se[k - 1];
            o->est[k] = o->est[k - 1];
            o->lo[k] = o->lo[k - 1];
            o->hi[k] = o->hi[k - 1];
            continue;
        }
        double se_log, lower, upper;
        if (!robust)
            se_log = sqrt(A);
        else if (km == 0)
            se_log = 0;
        else
            se_log = sqrt(A * A * after[k] + cum);
        o->surv[k] = km;
        o->se[k] = R_FINITE(se_log) ? km * se_log : NA_REAL;
        cp_surv_ci(km, se_log, z, ctype, &lower, &upper);
        o->est[k] = 1.0 - km;
        o->lo[k] = ISNAN(upper) ? NA_REAL : 1.0 - upper;
        o->hi[k] = ISNAN(lower) ? NA_REAL : 1.0 - lower;
        if (k % 65536 == 65535)
            R_CheckUserInterrupt();
    }
}

/* ---- small whole-number times: a counting table ------------------------ */

/* Entries per cell of the counting table: censored and event counts; with
 * weights, their weights and the number of cases (a time whose cases all
 * weigh 0 still gives a row, as in survfit); for the robust variance also
 * the squared weights of the censored and the events. */
#define CELL_PLAIN 2
#define CELL_WEIGHTED 3
#define CELL_ROBUST 5

/* Count cases into tab[width * cell + entry], cell = (stratum - 1) * range
 * + time - tmin.  Returns the number of occupied cells. */
static R_xlen_t count_cells(const km_input *in, R_xlen_t n, int evcode,
                            double tmin, R_xlen_t range, double *tab,
                            R_xlen_t cells, int width)
{
    memset(tab, 0, (size_t) width * cells * sizeof(double));
    R_xlen_t t0 = (R_xlen_t) tmin;
    R_xlen_t m = 0;
    if (!in->w) {
        for (R_xlen_t i = 0; i < n; i++) {
            R_xlen_t s = in->strata ? in->strata[i] - 1 : 0;
            R_xlen_t t = (R_xlen_t) time_at(in, i) - t0;
            tab[2 * (s * range + t) + (status_at(in, i) == evcode)] += 1.0;
        }
        for (R_xlen_t c = 0; c < cells; c++)
            m += tab[2 * c] + tab[2 * c + 1] > 0;
        return m;
    }
    for (R_xlen_t i = 0; i < n; i++) {
        R_xlen_t s = in->strata ? in->strata[i] - 1 : 0;
        R_xlen_t t = (R_xlen_t) time_at(in, i) - t0;
        double *cell = tab + width * (s * range + t), w = in->w[i];
        int e = status_at(in, i) == evcode;
        cell[e] += w;
        cell[2] += 1.0;
        if (width == CELL_ROBUST)
            cell[3 + e] += w * w;
    }
    for (R_xlen_t c = 0; c < cells; c++)
        m += tab[width * c + 2] > 0;
    return m;
}

static void emit_cells(km_out *o, const double *tab, R_xlen_t cells,
                       double tmin, R_xlen_t range, int width)
{
    for (R_xlen_t c = 0; c < cells; c++) {
        const double *cell = tab + width * c;
        int occupied = width == CELL_PLAIN ? cell[0] + cell[1] > 0 : cell[2] > 0;
        if (occupied)
            put_row(o, (int) (c / range) + 1, tmin + (double) (c % range),
                    cell[1], cell[0], width == CELL_ROBUST ? cell[4] : 0,
                    width == CELL_ROBUST ? cell[3] : 0);
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

/* Sort a[0..n-1] in place, and with it the weights pa[0..n-1] when pa is
 * not NULL; tmp (and ptmp) have room for n values, hist for
 * RADIX_PASSES * RADIX_SIZE counts.  Short runs by insertion; otherwise an
 * LSD radix sort that skips the digits all keys share. */
static void sort_keys(uint64_t *a, double *pa, uint64_t *tmp, double *ptmp,
                      R_xlen_t n, R_xlen_t *hist)
{
    if (n <= 48) {
        for (R_xlen_t i = 1; i < n; i++) {
            uint64_t v = a[i];
            double pv = pa ? pa[i] : 0;
            R_xlen_t j = i;
            for (; j > 0 && a[j - 1] > v; j--) {
                a[j] = a[j - 1];
                if (pa)
                    pa[j] = pa[j - 1];
            }
            a[j] = v;
            if (pa)
                pa[j] = pv;
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
    double *psrc = pa, *pdst = ptmp;
    for (int q = 0; q < np; q++) {
        R_xlen_t *h = hist + q * RADIX_SIZE, pos = 0;
        for (int d = 0; d < RADIX_SIZE; d++) {
            R_xlen_t c = h[d];
            h[d] = pos;
            pos += c;
        }
        int shift = passes[q] * RADIX_BITS;
        if (pa) {
            for (R_xlen_t i = 0; i < n; i++) {
                R_xlen_t to = h[(src[i] >> shift) & (RADIX_SIZE - 1)]++;
                dst[to] = src[i];
                pdst[to] = psrc[i];
            }
            double *pt = psrc;
            psrc = pdst;
            pdst = pt;
        } else {
            for (R_xlen_t i = 0; i < n; i++)
                dst[h[(src[i] >> shift) & (RADIX_SIZE - 1)]++] = src[i];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) {
        memcpy(a, src, n * sizeof(uint64_t));
        if (pa)
            memcpy(pa, psrc, n * sizeof(double));
    }
}

/* Walk the sorted event keys E and censored keys C of one stratum together,
 * one row per distinct time; emit the rows when o is given.  WE and WC are
 * the weights beside the keys, or NULL to count cases.  Returns the number
 * of rows. */
static R_xlen_t merge_rows(const uint64_t *E, const double *WE, R_xlen_t ne,
                           const uint64_t *C, const double *WC, R_xlen_t nc,
                           int s, km_out *o)
{
    R_xlen_t i = 0, j = 0, rows = 0;
    while (i < ne || j < nc) {
        uint64_t k = j >= nc || (i < ne && E[i] <= C[j]) ? E[i] : C[j];
        double d = 0, c = 0, qe = 0, qc = 0;
        if (WE) {
            for (; i < ne && E[i] == k; i++) {
                d += WE[i];
                qe += WE[i] * WE[i];
            }
            for (; j < nc && C[j] == k; j++) {
                c += WC[j];
                qc += WC[j] * WC[j];
            }
        } else {
            R_xlen_t nd = 0, ncen = 0;
            for (; i < ne && E[i] == k; i++)
                nd++;
            for (; j < nc && C[j] == k; j++)
                ncen++;
            d = (double) nd;
            c = (double) ncen;
        }
        if (o)
            put_row(o, s, value_of(k), d, c, qe, qc);
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
 * cp_km(time, status, strata, nstrata, weights, robust, conf_type,
 *       conf_level)
 *   time        double or integer vector
 *   status      logical, integer or double vector: 0 censored and 1 event,
 *               or, when some status is 2, 1 censored and 2 event (the
 *               coding survival's Surv() accepts)
 *   strata      integer codes 1..S, or NULL for one stratum
 *   nstrata     integer S
 *   weights     double vector of case weights, finite and >= 0, or NULL
 *               for weight 1 each
 *   robust      logical: the infinitesimal jackknife (robust) variance
 *               rather than Greenwood's; needs weights.  survfit uses it
 *               by default when some weight is not a whole number
 *   conf_type   integer: CP_CONF_LOGLOG, CP_CONF_LOG or CP_CONF_PLAIN
 *   conf_level  double in (0, 1)
 * Returns NULL when some time is missing, infinite or negative, or some
 * status is missing or not one of those codes (the caller then reports the
 * rows).  Otherwise a list with one element per stratum and distinct time,
 * ordered by stratum then time: strata, time, n_risk, n_event, n_censor
 * (sums of weights with weights), surv (the Kaplan-Meier estimate),
 * std_err (the standard error of surv: surv times the Greenwood standard
 * error of log surv, as summary.survfit reports it, or the robust one),
 * estimate (1 - surv), conf_low, conf_high (interval of the estimate by
 * conf_type, as survival's survfit gives it for surv); then n, the cases
 * per stratum (counted, not weighted).  A time whose cases all weigh 0
 * still gives a row.  Undefined values are NA.
 */
SEXP cp_km(SEXP time, SEXP status, SEXP strata, SEXP nstrata, SEXP weights,
           SEXP robust, SEXP conf_type, SEXP conf_level)
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
    int has_w = !Rf_isNull(weights);
    if (has_w && (TYPEOF(weights) != REALSXP || XLENGTH(weights) != n))
        Rf_error("cp_km: 'weights' must be a double vector, one per case");
    int rob = Rf_asLogical(robust) == TRUE;
    if (rob && !has_w)
        Rf_error("cp_km: the robust variance needs weights");
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
        has_strata ? INTEGER(strata) : NULL,
        has_w ? REAL(weights) : NULL
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
        if (in.w && !(in.w[i] >= 0 && in.w[i] < R_PosInf))
            Rf_error("cp_km: weight not finite and >= 0 in row %lld", (long long) i + 1);
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
    int width = !has_w ? CELL_PLAIN : rob ? CELL_ROBUST : CELL_WEIGHTED;
    R_xlen_t m = 0, cells = 0, range = 0;
    double *tab = NULL, *wts = NULL;
    uint64_t *keys = NULL;
    R_xlen_t *start = NULL;
    if (n > 0 && whole && (tmax - tmin + 1) * S <= (double) n + 65536.0) {
        range = (R_xlen_t) (tmax - tmin) + 1;
        cells = range * S;
        tab = (double *) R_alloc((size_t) width * cells, sizeof(double));
        m = count_cells(&in, n, evcode, tmin, range, tab, cells, width);
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
        if (has_w)
            wts = (double *) R_alloc(n, sizeof(double));
        for (R_xlen_t i = 0; i < n; i++) {
            R_xlen_t b = 2 * (R_xlen_t) (in.strata ? in.strata[i] - 1 : 0) +
                         (status_at(&in, i) == evcode);
            R_xlen_t to = fill[b]++;
            keys[to] = key_of(time_at(&in, i));
            if (wts)
                wts[to] = in.w[i];
        }
        R_CheckUserInterrupt();
        size_t room = largest > 0 ? (size_t) largest : 1;
        uint64_t *tmp = (uint64_t *) R_alloc(room, sizeof(uint64_t));
        double *wtmp = wts ? (double *) R_alloc(room, sizeof(double)) : NULL;
        R_xlen_t *hist = (R_xlen_t *) R_alloc(RADIX_PASSES * RADIX_SIZE, sizeof(R_xlen_t));
        for (int b = 0; b < 2 * S; b++) {
            sort_keys(keys + start[b], wts ? wts + start[b] : NULL, tmp, wtmp,
                      start[b + 1] - start[b], hist);
            if (b % 64 == 63)
                R_CheckUserInterrupt();
        }
        for (int s = 0; s < S; s++)
            m += merge_rows(keys + start[2 * s + 1], NULL, start[2 * s + 2] - start[2 * s + 1],
                            keys + start[2 * s], NULL, start[2 * s + 1] - start[2 * s],
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
        0, INTEGER(VECTOR_ELT(out, 0)),
        REAL(VECTOR_ELT(out, 1)), REAL(VECTOR_ELT(out, 2)),
        REAL(VECTOR_ELT(out, 3)), REAL(VECTOR_ELT(out, 4)),
        REAL(VECTOR_ELT(out, 5)), REAL(VECTOR_ELT(out, 6)),
        REAL(VECTOR_ELT(out, 7)), REAL(VECTOR_ELT(out, 8)),
        REAL(VECTOR_ELT(out, 9)),
        rob ? (double *) R_alloc(m > 0 ? m : 1, sizeof(double)) : NULL,
        rob ? (double *) R_alloc(m > 0 ? m : 1, sizeof(double)) : NULL
    };
    if (tab)
        emit_cells(&o, tab, cells, tmin, range, width);
    else if (keys)
        for (int s = 0; s < S; s++) {
            R_xlen_t e0 = start[2 * s + 1], c0 = start[2 * s];
            merge_rows(keys + e0, wts ? wts + e0 : NULL, start[2 * s + 2] - e0,
                       keys + c0, wts ? wts + c0 : NULL, e0 - c0, s + 1, &o);
        }
    finish_rows(&o, m, Rf_qnorm5(1.0 - (1.0 - level) / 2.0, 0.0, 1.0, 1, 0),
                ctype);
    UNPROTECT(1);
    return out;
}
