/*
 * npmle.c: the solver of Turnbull's nonparametric maximum likelihood
 * estimate, on the innermost intervals that turnbull.c finds.
 *
 * Case i (weight w_i) lies in the intervals a_i..b_i; with masses p_j >= 0
 * summing to 1 its likelihood is P_i = sum_{j=a_i}^{b_i} p_j, and the
 * log-likelihood l(p) = sum_i w_i log P_i is concave.  Its derivative in
 * p_j is d_j = sum over the cases covering j of w_i / P_i, and p is the
 * NPMLE exactly when d_j <= N = sum_i w_i for every j (Kuhn-Tucker; then
 * d_j = N wherever p_j > 0).  The fit stops when the gap max_j d_j / N - 1
 * is at most `tol`; the log-likelihood is then within N * tol of its
 * maximum.
 *
 * The algorithm is an active-set Newton method (support reduction, as in
 * Groeneboom, Jongbloed and Wellner 2008, adding points as Wang's
 * constrained Newton method does, 2008).  Each iteration
 *   1. adds to the support, between each pair of neighbouring support
 *      points, the interval where d_j is largest if it breaks the
 *      Kuhn-Tucker conditions;
 *   2. takes Newton steps for the masses of the support: in the
 *      cumulative masses G_k (G_0 = 0, G_K = 1) the Hessian of l is a
 *      weighted graph Laplacian, one edge per case between the support
 *      positions where it starts and ends, so the Newton system is sparse
 *      and is solved by a Cholesky factor held row by row from each row's
 *      first non-zero (a skyline, whose fill stays inside that profile);
 *      when the profile is too large, by conjugate gradients with a banded
 *      part of it as preconditioner;
 *   3. keeps the masses non-negative: a new point whose Newton mass is
 *      negative leaves the support at once; otherwise the step stops where
 *      the first mass reaches 0, that point leaves, and the Newton step is
 *      taken again from there; each step is damped until the
 *      log-likelihood rises (Armijo), computed as a sum of log1p() so that
 *      tiny gains are not lost to rounding.
 * Near the solution the support no longer changes and the Newton steps
 * converge quadratically: a few tens of iterations whatever the number of
 * intervals, each costing one pass over the cases and intervals plus the
 * factorisation.
 */
#include "casepool.h"
#include "ddsum.h"
#include <float.h>
#include <math.h>

/* rounds of Newton steps and point removals in one iteration */
#define MAX_ROUNDS 64

struct cp_npmle_work {
    R_xlen_t mcap, ncap;
    /* over the intervals */
    double *pm;            /* masses, 0 off the support */
    double *d;             /* d_j */
    double *acc, *acc2;    /* m + 1: prefix sums (high and low parts), then the
                            * difference array */
    R_xlen_t *before;      /* m + 1: support points before interval j */
    /* over the cases */
    double *P, *u, *h, *dP;
    R_xlen_t *lo, *hi;     /* the support positions (nodes 0..K) around each case */
    /* over the support (at most m points) */
    R_xlen_t *S;           /* support, increasing */
    double *q, *dq, *g, *x;
    double *G, *G2;        /* K + 1 cumulative masses (high and low parts) */
    cp_laplacian lap;      /* the Newton system */
};

cp_npmle_work *cp_npmle_work_new(R_xlen_t m, R_xlen_t n)
{
    cp_npmle_work *W = (cp_npmle_work *) R_alloc(1, sizeof(cp_npmle_work));
    R_xlen_t m1 = m + 1, n1 = n > 0 ? n : 1;
    W->mcap = m;
    W->ncap = n;
    W->pm = (double *) R_alloc(m1, sizeof(double));
    W->d = (double *) R_alloc(m1, sizeof(double));
    W->acc = (double *) R_alloc(m1, sizeof(double));
    W->acc2 = (double *) R_alloc(m1, sizeof(double));
    W->before = (R_xlen_t *) R_alloc(m1, sizeof(R_xlen_t));
    W->P = (double *) R_alloc(n1, sizeof(double));
    W->u = (double *) R_alloc(n1, sizeof(double));
    W->h = (double *) R_alloc(n1, sizeof(double));
    W->dP = (double *) R_alloc(n1, sizeof(double));
    W->lo = (R_xlen_t *) R_alloc(n1, sizeof(R_xlen_t));
    W->hi = (R_xlen_t *) R_alloc(n1, sizeof(R_xlen_t));
    W->S = (R_xlen_t *) R_alloc(m1, sizeof(R_xlen_t));
    W->q = (double *) R_alloc(m1, sizeof(double));
    W->dq = (double *) R_alloc(m1, sizeof(double));
    W->g = (double *) R_alloc(m1, sizeof(double));
    W->x = (double *) R_alloc(m1, sizeof(double));
    W->G = (double *) R_alloc(m1 + 1, sizeof(double));
    W->G2 = (double *) R_alloc(m1 + 1, sizeof(double));
    cp_laplacian_init(&W->lap, m);
    return W;
}

/* ---- the log-likelihood and its derivative ---------------------------- */

/* P_i, l(p) and d_j at the masses pm. */
static double evaluate(const cp_npmle_data *D, cp_npmle_work *W)
{
    R_xlen_t m = D->m, n = D->n;
    prefix_sums(W->pm, m, W->acc, W->acc2);
    double ll = 0, llc = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        double P = prefix_diff(W->acc, W->acc2, D->b[i] + 1, D->a[i]);
        W->P[i] = P;
        ll = add_to(ll, D->w[i] * log(P), &llc);
    }
    double *c = W->acc;
    for (R_xlen_t j = 0; j <= m; j++)
        c[j] = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        double u = D->w[i] / W->P[i];
        c[D->a[i]] += u;
        c[D->b[i] + 1] -= u;
    }
    double run = 0, runc = 0;
    for (R_xlen_t j = 0; j < m; j++) {
        run = add_to(run, c[j], &runc);
        W->d[j] = run + runc;
    }
    return ll + llc;
}

/* ---- the support -------------------------------------------------------- */

/* A first support on which every case has P_i > 0: the fewest points that
 * meet every case (greedy over the cases sorted by their last interval),
 * each with the weight of the cases it was chosen for. */
static R_xlen_t greedy_start(const cp_npmle_data *D, cp_npmle_work *W)
{
    R_xlen_t K = 0, last = -1;
    for (R_xlen_t i = 0; i < D->n; i++) {
        if (D->a[i] > last) {
            last = D->b[i];
            W->S[K] = last;
            W->q[K] = 0;
            K++;
        }
        W->q[K - 1] += D->w[i] / D->N;
    }
    return K;
}

/* Add, between each pair of neighbouring support points (and before the
 * first and after the last), the interval with the largest d_j when it
 * breaks the Kuhn-Tucker conditions, with mass 0.  Returns the new K. */
static R_xlen_t add_points(const cp_npmle_data *D, cp_npmle_work *W, R_xlen_t K,
                           double tol)
{
    R_xlen_t m = D->m;
    double limit = D->N * (1 + tol);
    /* the merged support is written backwards from the end of the
     * interval range, then moved down: S and q have room for m points */
    R_xlen_t k = K - 1, out = m;
    R_xlen_t best = -1;
    double bestv = limit;
    for (R_xlen_t j = m - 1; j >= 0; j--) {
        if (k >= 0 && W->S[k] == j) {
            if (best >= 0) {
                out--;
                W->S[out] = best;
                W->q[out] = 0;
            }
            out--;
            W->S[out] = j;
            W->q[out] = W->q[k];
            k--;
            best = -1;
            bestv = limit;
            continue;
        }
        if (W->d[j] > bestv) {
            bestv = W->d[j];
            best = j;
        }
    }
    if (best >= 0) {
        out--;
        W->S[out] = best;
        W->q[out] = 0;
    }
    R_xlen_t K2 = m - out;
    for (R_xlen_t t = 0; t < K2; t++) {
        W->S[t] = W->S[out + t];
        W->q[t] = W->q[out + t];
    }
    return K2;
}

/* Remove the support points whose mass is below `floor`: 0 removes those
 * whose mass is 0, -0.5 only those marked -1; returns the new K. */
static R_xlen_t drop_points(cp_npmle_work *W, R_xlen_t K, double floor)
{
    R_xlen_t k2 = 0;
    for (R_xlen_t k = 0; k < K; k++) {
        if (W->q[k] > floor) {
            W->S[k2] = W->S[k];
            W->q[k2] = W->q[k];
            k2++;
        }
    }
    return k2;
}

/* The support positions around each case (lo_i < hi_i, nodes 0..K) and
 * P_i from the support masses.  Returns 0 when some P_i is not positive. */
static int map_cases(const cp_npmle_data *D, cp_npmle_work *W, R_xlen_t K)
{
    R_xlen_t m = D->m, k = 0;
    for (R_xlen_t j = 0; j <= m; j++) {
        W->before[j] = k;
        if (k < K && W->S[k] == j)
            k++;
    }
    prefix_sums(W->q, K, W->G, W->G2);
    for (R_xlen_t i = 0; i < D->n; i++) {
        R_xlen_t lo = W->before[D->a[i]], hi = W->before[D->b[i] + 1];
        W->lo[i] = lo;
        W->hi[i] = hi;
        double P = prefix_diff(W->G, W->G2, hi, lo);
        if (!(P > 0))
            return 0;
        W->P[i] = P;
    }
    return 1;
}

/* 1 when every case keeps a positive mass under the support masses v
 * (the cases' positions from map_cases()) */
static int covers_all(const cp_npmle_data *D, cp_npmle_work *W, R_xlen_t K,
                      const double *v)
{
    prefix_sums(v, K, W->G, W->G2);
    for (R_xlen_t i = 0; i < D->n; i++)
        if (!(prefix_diff(W->G, W->G2, W->hi[i], W->lo[i]) > 0))
            return 0;
    return 1;
}

/* The Newton step x for the cumulative masses at the interior nodes. */
static void newton_direction(const cp_npmle_data *D, cp_npmle_work *W, R_xlen_t K,
                             double rtol)
{
    R_xlen_t nd = K - 1;
    for (R_xlen_t r = 0; r < nd; r++)
        W->g[r] = 0;
    for (R_xlen_t i = 0; i < D->n; i++) {
        double u = D->w[i] / W->P[i];
        W->u[i] = u;
        W->h[i] = u / W->P[i];
        if (W->hi[i] <= K - 1)
            W->g[W->hi[i] - 1] += u;
        if (W->lo[i] >= 1)
            W->g[W->lo[i] - 1] -= u;
    }
    for (R_xlen_t r = 0; r < nd; r++)
        W->x[r] = W->g[r];
    cp_laplacian *A = &W->lap;
    A->K = K;
    A->n = D->n;
    A->lo = W->lo;
    A->hi = W->hi;
    A->h = W->h;
    cp_laplacian_solve(A, W->x, rtol);
}

/* ---- one iteration's Newton steps ---------------------------------------- */

static inline double node_step(const double *x, R_xlen_t node, R_xlen_t K)
{
    return node >= 1 && node <= K - 1 ? x[node - 1] : 0;
}

/* Newton steps for the masses of the support, removing the points whose
 * mass reaches 0, until a step is taken in full or damped.  Returns 1 when
 * the log-likelihood rose. */
static int newton_steps(const cp_npmle_data *D, cp_npmle_work *W, R_xlen_t *Kp,
                        double rtol)
{
    R_xlen_t K = *Kp;
    int stepped = 0;
    for (int round = 0; round < MAX_ROUNDS && K > 1; round++) {
        if (!map_cases(D, W, K))
            break;
        newton_direction(D, W, K, rtol);
        for (R_xlen_t k = 0; k < K; k++)
            W->dq[k] = node_step(W->x, k + 1, K) - node_step(W->x, k, K);
        /* new points the step would make negative leave at once */
        int dropped = 0;
        for (R_xlen_t k = 0; k < K; k++) {
            if (W->q[k] == 0 && W->dq[k] <= 0) {
                W->q[k] = -1;
                dropped = 1;
            }
        }
        if (dropped) {
            K = drop_points(W, K, -0.5);
            continue;
        }
        /* the longest step that keeps every mass non-negative */
        double tmax = 1;
        for (R_xlen_t k = 0; k < K; k++) {
            if (W->q[k] + W->dq[k] < 0) {
                double t = W->q[k] / -W->dq[k];
                if (t < tmax)
                    tmax = t;
            }
        }
        double slope = 0;
        for (R_xlen_t i = 0; i < D->n; i++) {
            double dp = node_step(W->x, W->hi[i], K) - node_step(W->x, W->lo[i], K);
            W->dP[i] = dp / W->P[i];
            slope += W->u[i] * dp;
        }
        if (!(slope > 0) || !(tmax > 0))
            break;
        /* damp until the log-likelihood rises (Armijo) */
        double t = tmax;
        int ok = 0;
        for (int tries = 0; tries < 60 && !ok; tries++) {
            double gain = 0, gc = 0;
            int finite = 1;
            for (R_xlen_t i = 0; i < D->n; i++) {
                double r = t * W->dP[i];
                if (!(r > -1)) {
                    finite = 0;
                    break;
                }
                gain = add_to(gain, D->w[i] * log1p(r), &gc);
            }
            if (finite && gain + gc >= 1e-4 * t * slope)
                ok = 1;
            else
                t *= 0.5;
        }
        if (!ok)
            break;
        int blocked = t == tmax && tmax < 1;
        /* the new masses go to g (free here), the blocking ones exactly 0;
         * if rounding left some case with no mass, the step is halved */
        int covered = 0;
        for (int attempt = 0; attempt < 2 && !covered; attempt++) {
            for (R_xlen_t k = 0; k < K; k++) {
                double v = W->q[k] + t * W->dq[k];
                if (blocked && W->dq[k] < 0 && W->q[k] / -W->dq[k] <= tmax * (1 + 1e-12))
                    v = 0;
                W->g[k] = v > 0 ? v : 0;
            }
            covered = covers_all(D, W, K, W->g);
            if (!covered) {
                t *= 0.5;
                blocked = 0;
            }
        }
        if (!covered)
            break;
        double total = 0;
        for (R_xlen_t k = 0; k < K; k++) {
            W->q[k] = W->g[k];
            total += W->q[k];
        }
        for (R_xlen_t k = 0; k < K; k++)
            W->q[k] /= total;
        K = drop_points(W, K, 0);
        stepped = 1;
        if (!blocked)
            break;
    }
    *Kp = K;
    return stepped;
}

/* ---- the fit -------------------------------------------------------------- */

/*
 * Fit the NPMLE of D into p (length m), from the masses `start` (length m,
 * every case with P_i > 0; NULL for the greedy start).  Stops when the
 * Kuhn-Tucker gap is at most tol or after maxit iterations.
 */
void cp_npmle_fit(const cp_npmle_data *D, cp_npmle_work *W, double tol,
                  double maxit, const double *start, double *p,
                  cp_npmle_info *info)
{
    R_xlen_t m = D->m, K = 0;
    if (start) {
        double total = 0;
        for (R_xlen_t j = 0; j < m; j++) {
            if (start[j] > 0) {
                W->S[K] = j;
                W->q[K] = start[j];
                total += start[j];
                K++;
            }
        }
        for (R_xlen_t k = 0; k < K; k++)
            W->q[k] /= total;
    } else {
        K = greedy_start(D, W);
    }
    for (R_xlen_t j = 0; j < m; j++)
        W->pm[j] = 0;
    for (R_xlen_t k = 0; k < K; k++)
        W->pm[W->S[k]] = W->q[k];

    double it = 0, ll = 0, gap = 0;
    int converged = 0;
    for (;;) {
        ll = evaluate(D, W);
        gap = -1;
        for (R_xlen_t j = 0; j < m; j++) {
            double g = W->d[j] / D->N - 1;
            if (g > gap)
                gap = g;
        }
        if (gap <= tol) {
            converged = 1;
            break;
        }
        if (!R_FINITE(ll))      /* a second line of defence: no case may lose all its mass */
            Rf_error("cp_turnbull: the log-likelihood is not finite");
        if (it >= maxit)
            break;
        it += 1;
        R_CheckUserInterrupt();
        K = add_points(D, W, K, tol);
        for (R_xlen_t k = 0; k < K; k++)
            W->pm[W->S[k]] = 0;
        /* an iterative solve needs no more accuracy than the gap asks
         * (inexact Newton: the steps stay superlinear as the gap shrinks) */
        double rtol = 1e-3 * gap;
        newton_steps(D, W, &K, rtol < 1e-4 ? (rtol > 1e-14 ? rtol : 1e-14) : 1e-4);
        for (R_xlen_t k = 0; k < K; k++)
            W->pm[W->S[k]] = W->q[k];
    }
    for (R_xlen_t j = 0; j < m; j++)
        p[j] = W->pm[j];
    info->loglik = ll;
    info->gap = gap;
    info->iterations = it;
    info->converged = converged;
}
