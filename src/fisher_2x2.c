/* fisher_2x2.c: the 2 x 2 test, odds ratio and interval (see fisher.c). */
#include "fisher.h"

/* ---- 2 x 2: as stats::fisher.test -------------------------------------- */

typedef struct {
    int lo, hi, x, len;
    double m, n, k;
    double *logdc, *d;
} fx_nh;

/* the noncentral hypergeometric probabilities over the support */
static void dnhyper(fx_nh *h, double ncp)
{
    double lncp = log(ncp), mx = R_NegInf;
    for (int i = 0; i < h->len; i++) {
        h->d[i] = h->logdc[i] + lncp * (double) (h->lo + i);
        if (h->d[i] > mx)
            mx = h->d[i];
    }
    long double s = 0.0;
    for (int i = 0; i < h->len; i++) {
        h->d[i] = exp(h->d[i] - mx);
        s += h->d[i];
    }
    double sum = (double) s;
    for (int i = 0; i < h->len; i++)
        h->d[i] /= sum;
}

static double mnhyper(fx_nh *h, double ncp)
{
    if (ncp == 0)
        return h->lo;
    if (!R_FINITE(ncp))
        return h->hi;
    dnhyper(h, ncp);
    long double s = 0.0;
    for (int i = 0; i < h->len; i++)
        s += (double) (h->lo + i) * h->d[i];
    return (double) s;
}

static double pnhyper(fx_nh *h, double ncp, int upper)
{
    double q = h->x;
    if (ncp == 1)
        return upper ? Rf_phyper(q - 1, h->m, h->n, h->k, 0, 0)
                     : Rf_phyper(q, h->m, h->n, h->k, 1, 0);
    if (ncp == 0)
        return upper ? (double) (q <= h->lo) : (double) (q >= h->lo);
    if (!R_FINITE(ncp))
        return upper ? (double) (q <= h->hi) : (double) (q >= h->hi);
    dnhyper(h, ncp);
    long double s = 0.0;
    for (int i = 0; i < h->len; i++) {
        int v = h->lo + i;
        if (upper ? v >= q : v <= q)
            s += h->d[i];
    }
    return (double) s;
}

/* the functions whose roots give the estimate and the interval */
enum { FN_MEAN, FN_MEAN_INV, FN_LOWER, FN_LOWER_INV, FN_UPPER, FN_UPPER_INV };

typedef struct {
    fx_nh *h;
    int what;
    double target;
} fx_fn;

static double fn_eval(double t, fx_fn *F)
{
    switch (F->what) {
    case FN_MEAN:      return mnhyper(F->h, t) - F->target;
    case FN_MEAN_INV:  return mnhyper(F->h, 1 / t) - F->target;
    case FN_LOWER:     return pnhyper(F->h, t, 0) - F->target;
    case FN_LOWER_INV: return pnhyper(F->h, 1 / t, 0) - F->target;
    case FN_UPPER:     return pnhyper(F->h, t, 1) - F->target;
    default:           return pnhyper(F->h, 1 / t, 1) - F->target;
    }
}

/* Brent's root finder, with the stopping rule and steps of stats::uniroot
 * (tolerance .Machine$double.eps^0.25, at most 1000 iterations). */
static double brent_root(double ax, double bx, fx_fn *F)
{
    double tol = pow(DBL_EPSILON, 0.25);
    double fa = fn_eval(ax, F), fb = fn_eval(bx, F);
    double a = ax, b = bx, c = a, fc = fa;
    if (fa == 0.0)
        return a;
    if (fb == 0.0)
        return b;
    for (int it = 0; it <= 1000; it++) {
        double prev_step = b - a, tol_act, p, q, new_step;
        if (fabs(fc) < fabs(fb)) {
            a = b; b = c; c = a;
            fa = fb; fb = fc; fc = fa;
        }
        tol_act = 2 * DBL_EPSILON * fabs(b) + tol / 2;
        new_step = (c - b) / 2;
        if (fabs(new_step) <= tol_act || fb == 0.0)
            return b;
        if (fabs(prev_step) >= tol_act && fabs(fa) > fabs(fb)) {
            double t1, cb, t2;
            cb = c - b;
            if (a == c) {
                t1 = fb / fa;
                p = cb * t1;
                q = 1.0 - t1;
            } else {
                q = fa / fc;
                t1 = fb / fc;
                t2 = fb / fa;
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
            }
            if (p > 0.0)
                q = -q;
            else
                p = -p;
            if (p < (0.75 * cb * q - fabs(tol_act * q) / 2) &&
                p < fabs(prev_step * q / 2))
                new_step = p / q;
        }
        if (fabs(new_step) < tol_act)
            new_step = new_step > 0.0 ? tol_act : -tol_act;
        a = b;
        fa = fb;
        b += new_step;
        fb = fn_eval(b, F);
        if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
            c = a;
            fc = fa;
        }
    }
    return b;
}

/* root of what(t) = target on (0, 1), or 1 / root of the inverted function
 * on (eps, 1), as fisher.test chooses */
static double solve_ncp(fx_nh *h, int what, double target, int invert)
{
    fx_fn F = {h, what + invert, target};
    if (!invert)
        return brent_root(0.0, 1.0, &F);
    return 1.0 / brent_root(DBL_EPSILON, 1.0, &F);
}

void fx_fisher_2x2(const int *x, double conf_level, double *out)
{
    /* out: p-value, estimate, lower, upper */
    fx_nh h;
    h.m = (double) x[0] + x[1];   /* first column */
    h.n = (double) x[2] + x[3];   /* second column */
    h.k = (double) x[0] + x[2];   /* first row */
    h.x = x[0];
    h.lo = (int) fmax2(0.0, h.k - h.n);
    h.hi = (int) fmin2(h.k, h.m);
    h.len = h.hi - h.lo + 1;
    h.logdc = (double *) R_alloc(h.len, sizeof(double));
    h.d = (double *) R_alloc(h.len, sizeof(double));
    for (int i = 0; i < h.len; i++)
        h.logdc[i] = Rf_dhyper(h.lo + i, h.m, h.n, h.k, 1);

    dnhyper(&h, 1.0);
    double dobs = h.d[h.x - h.lo] * (1 + 1e-7);
    long double s = 0.0;
    for (int i = 0; i < h.len; i++)
        if (h.d[i] <= dobs)
            s += h.d[i];
    out[0] = (double) s;

    /* the conditional maximum-likelihood estimate */
    double est;
    if (h.x == h.lo)
        est = 0.0;
    else if (h.x == h.hi)
        est = R_PosInf;
    else {
        double mu = mnhyper(&h, 1.0);
        if (mu > h.x)
            est = solve_ncp(&h, FN_MEAN, h.x, 0);
        else if (mu < h.x)
            est = solve_ncp(&h, FN_MEAN, h.x, 1);
        else
            est = 1.0;
    }
    out[1] = est;

    double alpha = (1 - conf_level) / 2;
    double lower, upper;
    if (h.x == h.lo)
        lower = 0.0;
    else {
        double p = pnhyper(&h, 1.0, 1);
        if (p > alpha)
            lower = solve_ncp(&h, FN_UPPER, alpha, 0);
        else if (p < alpha)
            lower = solve_ncp(&h, FN_UPPER, alpha, 1);
        else
            lower = 1.0;
    }
    if (h.x == h.hi)
        upper = R_PosInf;
    else {
        double p = pnhyper(&h, 1.0, 0);
        if (p < alpha)
            upper = solve_ncp(&h, FN_LOWER, alpha, 0);
        else if (p > alpha)
            upper = solve_ncp(&h, FN_LOWER, alpha, 1);
        else
            upper = 1.0;
    }
    out[2] = lower;
    out[3] = upper;
}
