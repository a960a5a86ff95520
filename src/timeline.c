/*
 * timeline.c: each case's contribution to the time to response, in days
 * since the first infusion and in infusions received, from its onset
 * interval, response, infusions, follow-up and regimen (regimen.c).  The
 * rules are those of ?case_timeline:
 *   - a response "none" (or, with no response recorded, an onset saying
 *     there was none) is censored: at the follow-up in days, else at the
 *     last infusion; at the last infusion in infusions;
 *   - infusions [J, K] are days (day(J), day(K + 1)], and (day(K), end of
 *     follow-up] when K is the last infusion; courses [J, K] are infusions
 *     [J c, K c] for a course of c infusions;
 *   - days (a, b] counted from infusion F are days (day(F) + a, day(F) + b],
 *     at most the end of follow-up, and infusions [n(a), m(b)]: those given
 *     on or before a, and before b (an exact day t: [m(t), m(t)]), at
 *     least 1;
 *   - the infusion scale ends at the last infusion.
 * Each case gets a code per scale saying what it contributes, or why not.
 */
#include "casepool.h"
#include <math.h>

enum {
    TL_EXACT = 1, TL_INTERVAL = 2, TL_AFTER = 3, TL_CENS_FU = 4,
    TL_CENS_LAST = 5, TL_CENS_INF = 6,
    TL_ONSET_NR = 10, TL_VAGUE = 11, TL_UNREADABLE = 12, TL_CONFLICT = 13,
    TL_NOTHING = 14, TL_NO_CENSOR = 15, TL_LAST_UNKNOWN = 16,
    TL_NO_SUCH_INFUSION = 17, TL_NEEDS_REGIMEN = 20
};

/* onset units and statuses, as onset.c gives them */
enum { U_DAYS = 1, U_INFUSIONS = 2, U_COURSES = 3 };
enum { S_READ = 0, S_NOT_REPORTED = 1, S_UNREADABLE = 2, S_VAGUE = 3, S_NO_RESPONSE = 4 };

typedef struct {
    double lo, hi, from, n_last, fu;
    int unit, r;
} tcase;

static int classify(double *left, double *right, double l, double r, int code_if_interval)
{
    *left = l;
    *right = r;
    if (l == r)
        return TL_EXACT;
    return r == R_PosInf ? TL_AFTER : code_if_interval;
}

/* infusions [J, K] of a course-scaled onset, capped at the last infusion */
static int onset_infusions(const cp_regtab *T, const tcase *c, double *J, double *K)
{
    double j = c->lo, k = c->hi;
    if (c->unit == U_COURSES) {
        if (c->r < 0)
            return TL_NEEDS_REGIMEN;
        double size = T->mode[c->r] == 0 ? T->start[c->r + 1] - T->start[c->r] : 1;
        j *= size;
        k *= size;
    }
    if (!ISNAN(c->n_last)) {
        j = fmin(j, c->n_last);
        k = fmin(k, c->n_last);
    }
    *J = j;
    *K = k;
    return 0;
}

/* the day the onset's duration is counted from */
static int onset_offset(const cp_regtab *T, const tcase *c, double *off)
{
    *off = 0;
    if (c->from == 1)
        return 0;
    if (c->r < 0)
        return TL_NEEDS_REGIMEN;
    double f = c->from == R_PosInf ? c->n_last : c->from;
    if (ISNAN(f))
        return TL_LAST_UNKNOWN;
    *off = cp_reg_day(T, c->r, f);
    return ISNAN(*off) ? TL_NO_SUCH_INFUSION : 0;
}

static int in_days(const cp_regtab *T, const tcase *c, double *left, double *right)
{
    int code;
    if (c->unit == U_DAYS) {
        double off;
        if ((code = onset_offset(T, c, &off)))
            return code;
        double l = c->lo + off, r = c->hi + off;
        if (l < r && !ISNAN(c->fu) && c->fu > l && r > c->fu)
            r = c->fu;                     /* found by the last follow-up */
        return classify(left, right, l, r, TL_INTERVAL);
    }
    double J, K;
    if ((code = onset_infusions(T, c, &J, &K)))
        return code;
    if (c->r < 0)
        return TL_NEEDS_REGIMEN;
    double l = cp_reg_day(T, c->r, J);
    if (ISNAN(l))
        return TL_NO_SUCH_INFUSION;
    double r = (!ISNAN(c->n_last) && K + 1 > c->n_last) ? NA_REAL : cp_reg_day(T, c->r, K + 1);
    if (ISNAN(r))
        r = (!ISNAN(c->fu) && c->fu > l) ? c->fu : R_PosInf;
    return classify(left, right, l, r, TL_INTERVAL);
}

static int in_infusions(const cp_regtab *T, const tcase *c, double *left, double *right)
{
    int code;
    double J, K;
    if (c->unit == U_DAYS) {
        double off;
        if ((code = onset_offset(T, c, &off)))
            return code;
        if (c->r < 0)
            return TL_NEEDS_REGIMEN;
        double a = c->lo + off, b = c->hi + off;
        if (a == b) {
            J = K = fmax(1, cp_reg_count(T, c->r, a, 1));
        } else {
            J = fmax(1, cp_reg_count(T, c->r, a, 0));
            K = b == R_PosInf ? (ISNAN(c->n_last) ? R_PosInf : c->n_last)
                              : fmax(1, cp_reg_count(T, c->r, b, 1));
        }
        if (!ISNAN(c->n_last)) {
            J = fmin(J, c->n_last);
            K = fmin(K, c->n_last);
        }
    } else if ((code = onset_infusions(T, c, &J, &K))) {
        return code;
    }
    if (J == K)
        return classify(left, right, K, K, TL_INTERVAL);
    return classify(left, right, J - 1, K, TL_INTERVAL);
}

/*
 * cp_timeline(lower, upper, unit, from, status, response, n_inf, followup,
 *             reg, idx)
 *   lower, upper, from  double: the onset interval and the infusion it is
 *                       counted from (parse_onset())
 *   unit, status        integer: onset unit (1 days, 2 infusions, 3
 *                       courses, NA) and status (0 read, 1 not reported,
 *                       2 unreadable, 3 vague, 4 no response)
 *   response            integer: 1 complete, 2 partial, 3 none, NA
 *   n_inf               double: infusions received (NA)
 *   followup            double: days from the first infusion to the last
 *                       follow-up (NA)
 *   reg, idx            a regimen table and each case's regimen, 1-based
 *                       (NA: none)
 * Returns list(day_left, day_right, day_code, inf_left, inf_right,
 * inf_code, last_day): (left, right] per case in each scale (left == right
 * exact; right Inf censored or open), NA with the code saying why.
 */
SEXP cp_timeline(SEXP lower, SEXP upper, SEXP unit, SEXP from, SEXP status,
                 SEXP response, SEXP n_inf, SEXP followup, SEXP reg, SEXP idx)
{
    cp_regtab T;
    cp_regtab_from(reg, &T);
    R_xlen_t n = XLENGTH(lower);
    SEXP dbl[] = {upper, from, n_inf, followup};
    SEXP ints[] = {unit, status, response, idx};
    if (TYPEOF(lower) != REALSXP)
        Rf_error("cp_timeline: bad arguments");
    for (int j = 0; j < 4; j++)
        if (TYPEOF(dbl[j]) != REALSXP || TYPEOF(ints[j]) != INTSXP ||
            XLENGTH(dbl[j]) != n || XLENGTH(ints[j]) != n)
            Rf_error("cp_timeline: bad arguments");
    const double *lo = REAL(lower), *hi = REAL(upper), *fr = REAL(from),
                 *ni = REAL(n_inf), *fu = REAL(followup);
    const int *un = INTEGER(unit), *st = INTEGER(status), *re = INTEGER(response),
              *ix = INTEGER(idx);
    const char *names[] = {"day_left", "day_right", "day_code", "inf_left",
                           "inf_right", "inf_code", "last_day"};
    int types[] = {REALSXP, REALSXP, INTSXP, REALSXP, REALSXP, INTSXP, REALSXP};
    SEXP out = PROTECT(cp_named_list(names, 7));
    for (int j = 0; j < 7; j++)
        SET_VECTOR_ELT(out, j, Rf_allocVector(types[j], n));
    double *dl = REAL(VECTOR_ELT(out, 0)), *dr = REAL(VECTOR_ELT(out, 1)),
           *il = REAL(VECTOR_ELT(out, 3)), *ir = REAL(VECTOR_ELT(out, 4)),
           *last = REAL(VECTOR_ELT(out, 6));
    int *dc = INTEGER(VECTOR_ELT(out, 2)), *ic = INTEGER(VECTOR_ELT(out, 5));

    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        tcase c;
        c.r = ix[i] == NA_INTEGER || ix[i] < 1 || ix[i] > T.n ? -1 : ix[i] - 1;
        c.n_last = ni[i];
        if (ISNAN(c.n_last) && c.r >= 0 && R_FINITE(T.max_inf[c.r]))
            c.n_last = T.max_inf[c.r];     /* the regimen's own count */
        c.fu = ISNAN(fu[i]) ? NA_REAL : fu[i];
        c.lo = lo[i];
        c.hi = hi[i];
        c.from = ISNAN(fr[i]) ? 1 : fr[i];
        c.unit = un[i];
        last[i] = c.r >= 0 && !ISNAN(c.n_last) ?
            (c.n_last == 0 ? 0 : cp_reg_day(&T, c.r, c.n_last)) : NA_REAL;
        dl[i] = dr[i] = il[i] = ir[i] = NA_REAL;

        int none = re[i] == 3 || (re[i] == NA_INTEGER && st[i] == S_NO_RESPONSE);
        if (none) {
            if (!ISNAN(c.fu)) {
                dl[i] = c.fu;
                dr[i] = R_PosInf;
                dc[i] = TL_CENS_FU;
            } else if (ISNAN(c.n_last)) {
                dc[i] = TL_NO_CENSOR;
            } else if (c.r < 0 && c.n_last > 0) {
                dc[i] = TL_NEEDS_REGIMEN;
            } else if (ISNAN(last[i])) {
                dc[i] = TL_NO_SUCH_INFUSION;
            } else {
                dl[i] = last[i];
                dr[i] = R_PosInf;
                dc[i] = TL_CENS_LAST;
            }
            if (ISNAN(c.n_last)) {
                ic[i] = TL_NO_CENSOR;
            } else {
                il[i] = c.n_last;
                ir[i] = R_PosInf;
                ic[i] = TL_CENS_INF;
            }
            continue;
        }
        int code = 0;
        switch (st[i]) {
        case S_READ:
            if (c.unit == NA_INTEGER || ISNAN(c.lo) || ISNAN(c.hi))
                code = TL_UNREADABLE;
            break;
        case S_VAGUE: code = TL_VAGUE; break;
        case S_UNREADABLE: code = TL_UNREADABLE; break;
        case S_NO_RESPONSE: code = TL_CONFLICT; break;
        default: code = re[i] == NA_INTEGER ? TL_NOTHING : TL_ONSET_NR;
        }
        if (code) {
            dc[i] = ic[i] = code;
            continue;
        }
        dc[i] = in_days(&T, &c, dl + i, dr + i);
        ic[i] = in_infusions(&T, &c, il + i, ir + i);
        if (dc[i] >= 10)
            dl[i] = dr[i] = NA_REAL;
        if (ic[i] >= 10)
            il[i] = ir[i] = NA_REAL;
    }
    UNPROTECT(1);
    return out;
}
