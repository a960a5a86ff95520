/*
 * regimen.c: the readers of regimens, doses and follow-up times (qscan.c,
 * regimen_scan.c) called from R, and the arithmetic of schedules.
 *
 * A regimen table holds R regimens, each as the days of its first course
 * (day 0 first, increasing), an interval `every` (NA: none), a `mode` (0:
 * the course repeats every `every` days from its start; 1: single
 * infusions every `every` days after the last listed day) and `max_inf`,
 * the infusions in all (Inf: unbounded).  In R it is the list
 *   list(start, days, every, mode, max_inf)
 * with start[r]..start[r + 1] - 1 (0-based) indexing days for regimen r.
 */
#include "casepool.h"
#include "qscan.h"
#include <math.h>
#include <string.h>

void cp_regtab_from(SEXP reg, cp_regtab *T)
{
    if (TYPEOF(reg) != VECSXP || XLENGTH(reg) != 5)
        Rf_error("regimen table: a list of 5");
    SEXP start = VECTOR_ELT(reg, 0), days = VECTOR_ELT(reg, 1),
         every = VECTOR_ELT(reg, 2), mode = VECTOR_ELT(reg, 3),
         max_inf = VECTOR_ELT(reg, 4);
    if (TYPEOF(start) != INTSXP || TYPEOF(days) != REALSXP ||
        TYPEOF(every) != REALSXP || TYPEOF(mode) != INTSXP ||
        TYPEOF(max_inf) != REALSXP)
        Rf_error("regimen table: bad types");
    R_xlen_t n = XLENGTH(every);
    if (XLENGTH(start) != n + 1 || XLENGTH(mode) != n || XLENGTH(max_inf) != n ||
        n > INT_MAX - 1)
        Rf_error("regimen table: bad lengths");
    const int *st = INTEGER(start), *md = INTEGER(mode);
    const double *d = REAL(days), *ev = REAL(every), *mx = REAL(max_inf);
    for (R_xlen_t r = 0; r < n; r++) {
        if (st[r] < 0 || st[r + 1] <= st[r] || st[r + 1] > XLENGTH(days))
            Rf_error("regimen table: bad start");
        /* the schedule: days from 0, increasing and finite; an interval
         * above 0 (or none); a course shorter than its interval */
        int a = st[r], b = st[r + 1];
        if (d[a] != 0 || (md[r] != 0 && md[r] != 1) || ISNAN(mx[r]) || mx[r] < 1 ||
            (!ISNAN(ev[r]) && !(ev[r] > 0 && R_FINITE(ev[r]))) ||
            (!ISNAN(ev[r]) && md[r] == 0 && d[b - 1] >= ev[r]))
            Rf_error("regimen table: regimen %d is not a schedule", (int) r + 1);
        for (int k = a + 1; k < b; k++)
            if (!(d[k] > d[k - 1]) || !R_FINITE(d[k]))
                Rf_error("regimen table: regimen %d is not a schedule", (int) r + 1);
    }
    T->start = st;
    T->days = d;
    T->every = ev;
    T->mode = md;
    T->max_inf = mx;
    T->n = (int) n;
}

/* The day of infusion k (1-based) on regimen r (0-based), or NA. */
double cp_reg_day(const cp_regtab *T, int r, double k)
{
    if (r < 0 || r >= T->n || ISNAN(k) || k < 1 || k > T->max_inf[r] || !R_FINITE(k))
        return NA_REAL;
    k = floor(k);
    const double *d = T->days + T->start[r];
    double m = T->start[r + 1] - T->start[r], every = T->every[r];
    if (k <= m)
        return d[(int) k - 1];
    if (ISNAN(every))
        return NA_REAL;
    if (T->mode[r] == 1)
        return d[(int) m - 1] + (k - m) * every;
    /* course j (from 0), position i in it: fmod is exact, so 0 <= i < m */
    double i = fmod(k - 1, m), j = (k - 1 - i) / m;
    if (!(i >= 0 && i < m))
        return NA_REAL;
    return j * every + d[(int) i];
}

/* Infusions given on or before day x (strict: before day x) on regimen r,
 * at most max_inf; NA for NA.  The number of whole intervals is found with
 * floor() and checked once either way, so huge days take no longer. */
double cp_reg_count(const cp_regtab *T, int r, double x, int strict)
{
    if (r < 0 || r >= T->n || ISNAN(x))
        return NA_REAL;
    const double *d = T->days + T->start[r];
    int m = T->start[r + 1] - T->start[r];
    double every = T->every[r], cap = T->max_inf[r], count = 0;
#define BEFORE(day) (strict ? (day) < x : (day) <= x)
    if (x == R_PosInf)
        return ISNAN(every) ? fmin(m, cap) : cap;
    if (ISNAN(every) || x < 0) {
        for (int j = 0; j < m; j++)
            count += BEFORE(d[j]);
        return fmin(count, cap);
    }
    if (T->mode[r] == 1) {
        for (int j = 0; j < m; j++)
            count += BEFORE(d[j]);
        double last = d[m - 1];
        if (x >= last) {
            double q = floor((x - last) / every);
            if (BEFORE(last + (q + 1) * every))
                q++;
            if (q > 0 && !BEFORE(last + q * every))
                q--;
            count += q;
        }
        return fmin(count, cap);
    }
    /* a course of m infusions every `every` days: courses before this one,
     * then the part of this one */
    double j = floor(x / every);
    if ((j + 1) * every <= x)
        j++;
    if (j > 0 && j * every > x)
        j--;
    count = j * m;
    for (int i = 0; i < m; i++)
        count += BEFORE(j * every + d[i]);
#undef BEFORE
    return fmin(count, cap);
}

/*
 * cp_read_regimen(x)
 *   x  character vector of regimens as written (NA allowed)
 * Returns list(status, every, mode, max_inf, dose, dose_unit, start, days):
 * per element a status (enum cp_qscan_status), the regimen as in the table
 * above (days of all elements concatenated, start of length n + 1) and the
 * dose in the text (mg, mg/kg or mg/m2; NA, and unit 0, when none).
 */
SEXP cp_read_regimen(SEXP x)
{
    if (TYPEOF(x) != STRSXP)
        Rf_error("cp_read_regimen: 'x' must be character");
    R_xlen_t n = XLENGTH(x);
    if (n > INT_MAX - 1)
        Rf_error("cp_read_regimen: too many regimens");
    int nprot = 0;
    SEXP status = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    SEXP every = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP mode = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    SEXP max_inf = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP dose = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP unit = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    SEXP start = PROTECT(Rf_allocVector(INTSXP, n + 1)); nprot++;
    size_t longest = 0, cap = 1024, used = 0;
    for (R_xlen_t i = 0; i < n; i++)
        if (STRING_ELT(x, i) != NA_STRING && (size_t) LENGTH(STRING_ELT(x, i)) > longest)
            longest = (size_t) LENGTH(STRING_ELT(x, i));
    void *scratch = R_alloc(cpq_scratch(longest), 1);
    cp_regimen *reg = (cp_regimen *) R_alloc(1, sizeof(cp_regimen));
    double *days = (double *) R_alloc(cap, sizeof(double));
    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        SEXP el = STRING_ELT(x, i);
        int st = el == NA_STRING ? CP_Q_NOT_REPORTED :
            cpq_read_regimen(CHAR(el), (size_t) LENGTH(el), scratch, reg);
        if (st != CP_Q_READ) {
            reg->n_days = 1;
            reg->days[0] = 0;
            reg->every = NA_REAL;
            reg->mode = 0;
            reg->max_inf = 1;
            reg->dose = NA_REAL;
            reg->dose_unit = 0;
        }
        INTEGER(status)[i] = st;
        REAL(every)[i] = ISNAN(reg->every) ? NA_REAL : reg->every;
        INTEGER(mode)[i] = reg->mode;
        REAL(max_inf)[i] = reg->max_inf;
        REAL(dose)[i] = ISNAN(reg->dose) ? NA_REAL : reg->dose;
        INTEGER(unit)[i] = reg->dose_unit;
        if (used + (size_t) reg->n_days > cap) {
            size_t grow = 2 * (used + (size_t) reg->n_days);
            double *more = (double *) R_alloc(grow, sizeof(double));
            memcpy(more, days, used * sizeof(double));
            days = more;
            cap = grow;
        }
        INTEGER(start)[i] = (int) used;
        memcpy(days + used, reg->days, (size_t) reg->n_days * sizeof(double));
        used += (size_t) reg->n_days;
        if (used > INT_MAX)
            Rf_error("cp_read_regimen: too many listed days");
    }
    INTEGER(start)[n] = (int) used;
    SEXP dv = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) used)); nprot++;
    if (used)
        memcpy(REAL(dv), days, used * sizeof(double));
    const char *names[] = {"status", "every", "mode", "max_inf", "dose",
                           "dose_unit", "start", "days"};
    SEXP out = PROTECT(cp_named_list(names, 8)); nprot++;
    SEXP parts[] = {status, every, mode, max_inf, dose, unit, start, dv};
    for (int j = 0; j < 8; j++)
        SET_VECTOR_ELT(out, j, parts[j]);
    UNPROTECT(nprot);
    return out;
}

/*
 * cp_read_quantity(x, what)
 *   x     character vector (NA allowed)
 *   what  1: doses ("5 mg/kg"), 2: durations in months ("24 months", "18+")
 * Returns list(value, unit, status): the dose (mg, mg/kg, mg/m2) and its
 * unit code, or the months and 1 where marked "+"; status per element.
 */
SEXP cp_read_quantity(SEXP x, SEXP what)
{
    if (TYPEOF(x) != STRSXP)
        Rf_error("cp_read_quantity: 'x' must be character");
    int w = Rf_asInteger(what);
    R_xlen_t n = XLENGTH(x);
    int nprot = 0;
    SEXP value = PROTECT(Rf_allocVector(REALSXP, n)); nprot++;
    SEXP unit = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    SEXP status = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    size_t longest = 0;
    for (R_xlen_t i = 0; i < n; i++)
        if (STRING_ELT(x, i) != NA_STRING && (size_t) LENGTH(STRING_ELT(x, i)) > longest)
            longest = (size_t) LENGTH(STRING_ELT(x, i));
    void *scratch = R_alloc(cpq_scratch(longest), 1);
    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        SEXP el = STRING_ELT(x, i);
        double v = NA_REAL;
        int u = 0, st = CP_Q_NOT_REPORTED;
        if (el != NA_STRING) {
            st = w == 1 ? cpq_read_dose(CHAR(el), (size_t) LENGTH(el), scratch, &v, &u)
                        : cpq_read_months(CHAR(el), (size_t) LENGTH(el), scratch, &v, &u);
        }
        REAL(value)[i] = st == CP_Q_READ ? v : NA_REAL;
        INTEGER(unit)[i] = st == CP_Q_READ ? u : 0;
        INTEGER(status)[i] = st;
    }
    const char *names[] = {"value", "unit", "status"};
    SEXP out = PROTECT(cp_named_list(names, 3)); nprot++;
    SET_VECTOR_ELT(out, 0, value);
    SET_VECTOR_ELT(out, 1, unit);
    SET_VECTOR_ELT(out, 2, status);
    UNPROTECT(nprot);
    return out;
}

/*
 * cp_regimen_days(x, reg, idx, what)
 *   x     double vector: infusion numbers k (what 1) or days (what 2, 3)
 *   reg   a regimen table (above)
 *   idx   integer vector, length 1 or length(x): the regimen of each
 *         element, 1-based (NA: none, giving NA)
 *   what  1: the day of infusion k; 2: infusions on or before day x;
 *         3: infusions before day x
 * Returns a double vector.
 */
SEXP cp_regimen_days(SEXP x, SEXP reg, SEXP idx, SEXP what)
{
    cp_regtab T;
    cp_regtab_from(reg, &T);
    R_xlen_t n = XLENGTH(x), ni = XLENGTH(idx);
    if (TYPEOF(x) != REALSXP || TYPEOF(idx) != INTSXP || (ni != 1 && ni != n))
        Rf_error("cp_regimen_days: bad arguments");
    int w = Rf_asInteger(what);
    SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
    const double *px = REAL(x);
    const int *pi = INTEGER(idx);
    double *po = REAL(out);
    for (R_xlen_t i = 0; i < n; i++) {
        int r = pi[ni == 1 ? 0 : i];
        r = r == NA_INTEGER ? -1 : r - 1;
        po[i] = w == 1 ? cp_reg_day(&T, r, px[i]) : cp_reg_count(&T, r, px[i], w == 3);
    }
    UNPROTECT(1);
    return out;
}
