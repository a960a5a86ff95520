/*
 * laplacian.c: the linear systems of the Turnbull solver's Newton steps.
 *
 * In the cumulative masses G_1..G_{K-1} of K support points (G_0 = 0 and
 * G_K = 1 fixed), the negative Hessian of the log-likelihood is a weighted
 * graph Laplacian: case i is an edge of weight h_i between the support
 * positions where it starts (lo) and ends (hi), and the ends 0 and K are
 * grounded.  Its rows are held from each row's first non-zero (a skyline
 * or profile), where a Cholesky factor's fill stays; when that factor
 * would cost much more than a pass over the edges, the system is solved
 * by conjugate gradients, preconditioned by the factor of the profile cut
 * to a narrow band (edges longer than the band kept only on the
 * diagonal), to a relative residual `rtol`.
 */
#include "casepool.h"
#include <math.h>

/* The largest skyline factorisation, in multiply-adds, before conjugate
 * gradients: that of about 50 passes over the edges (the cost of a
 * typical conjugate-gradient solve), and at least 2e6; the preconditioner
 * then gets the widest band whose factor costs about 2 passes. */
#define SKY_BUDGET_MIN 2.0e6
#define SKY_BUDGET_PER_EDGE 50.0
#define BAND_BUDGET_MIN 1.0e5
#define BAND_BUDGET_PER_EDGE 2.0

void cp_laplacian_init(cp_laplacian *A, R_xlen_t cap)
{
    A->cap = cap;
    A->first = (R_xlen_t *) R_alloc(cap + 1, sizeof(R_xlen_t));
    A->off = (R_xlen_t *) R_alloc(cap + 2, sizeof(R_xlen_t));
    A->sky = NULL;
    A->skycap = 0;
    A->cg = NULL;
}

/* Factor in place the symmetric matrix held row by row in sky (row r has
 * columns first[r]..r from sky + off[r]), as L L^T.  A pivot that
 * vanishes against its diagonal (a direction in which l is flat) is
 * replaced by the diagonal. */
static void sky_factor(double *sky, const R_xlen_t *first, const R_xlen_t *off,
                       R_xlen_t nd)
{
    for (R_xlen_t r = 0; r < nd; r++) {
        double *Lr = sky + off[r];
        R_xlen_t fr = first[r];
        for (R_xlen_t c = fr; c < r; c++) {
            const double *Lc = sky + off[c];
            R_xlen_t fc = first[c];
            R_xlen_t k0 = fr > fc ? fr : fc;
            double s = Lr[c - fr];
            for (R_xlen_t k = k0; k < c; k++)
                s -= Lr[k - fr] * Lc[k - fc];
            Lr[c - fr] = s / Lc[c - fc];
        }
        double dg = Lr[r - fr], s = dg;
        for (R_xlen_t k = fr; k < r; k++)
            s -= Lr[k - fr] * Lr[k - fr];
        if (!(s > 1e-13 * dg))
            s = dg > 0 ? dg : 1;
        Lr[r - fr] = sqrt(s);
    }
}

/* Solve L L^T x = b in place (x holds b on entry). */
static void sky_solve(const double *sky, const R_xlen_t *first,
                      const R_xlen_t *off, R_xlen_t nd, double *x)
{
    for (R_xlen_t r = 0; r < nd; r++) {
        const double *Lr = sky + off[r];
        R_xlen_t fr = first[r];
        double s = x[r];
        for (R_xlen_t c = fr; c < r; c++)
            s -= Lr[c - fr] * x[c];
        x[r] = s / Lr[r - fr];
    }
    for (R_xlen_t r = nd - 1; r >= 0; r--) {
        const double *Lr = sky + off[r];
        R_xlen_t fr = first[r];
        x[r] /= Lr[r - fr];
        double xr = x[r];
        for (R_xlen_t c = fr; c < r; c++)
            x[c] -= Lr[c - fr] * xr;
    }
}

/* The profile of the Laplacian's rows (interior nodes 1..K-1 as rows
 * 0..K-2), each row's first column no further left than `band` (all when
 * band < 0); fills first and off and returns the entries. */
static R_xlen_t profile(cp_laplacian *A, R_xlen_t band, double *work)
{
    R_xlen_t K = A->K, nd = K - 1;
    for (R_xlen_t r = 0; r < nd; r++)
        A->first[r] = r;
    for (R_xlen_t i = 0; i < A->n; i++) {
        R_xlen_t lo = A->lo[i], hi = A->hi[i];
        if (lo >= 1 && hi <= K - 1 && lo - 1 < A->first[hi - 1])
            A->first[hi - 1] = lo - 1;
    }
    R_xlen_t total = 0;
    double flops = 0;
    for (R_xlen_t r = 0; r < nd; r++) {
        if (band >= 0 && r - A->first[r] > band)
            A->first[r] = r - band;
        A->off[r] = total;
        double width = (double) (r - A->first[r]);
        total += r - A->first[r] + 1;
        flops += 0.5 * width * width;
    }
    A->off[nd] = total;
    if (work)
        *work = flops;
    return total;
}

/* Fill the skyline with the Laplacian (edges outside the profile only on
 * the diagonal) and factor it. */
static void sky_build(cp_laplacian *A, R_xlen_t total)
{
    R_xlen_t K = A->K;
    if ((double) total > A->skycap) {
        double cap = (double) total * 1.5 + 16;
        A->sky = (double *) R_alloc((size_t) cap, sizeof(double));
        A->skycap = cap;
    }
    double *sky = A->sky;
    const R_xlen_t *first = A->first, *off = A->off;
    for (R_xlen_t e = 0; e < total; e++)
        sky[e] = 0;
    for (R_xlen_t i = 0; i < A->n; i++) {
        R_xlen_t lo = A->lo[i], hi = A->hi[i];
        double h = A->h[i];
        int lin = lo >= 1, hin = hi <= K - 1;
        if (lin)
            sky[off[lo - 1] + (lo - 1 - first[lo - 1])] += h;
        if (hin)
            sky[off[hi - 1] + (hi - 1 - first[hi - 1])] += h;
        if (lin && hin && lo - 1 >= first[hi - 1])
            sky[off[hi - 1] + (lo - 1 - first[hi - 1])] -= h;
    }
    sky_factor(sky, first, off, K - 1);
}

/* out = Laplacian v, from the cases */
static void lap_mult(const cp_laplacian *A, const double *v, double *out)
{
    R_xlen_t K = A->K;
    for (R_xlen_t r = 0; r < K - 1; r++)
        out[r] = 0;
    for (R_xlen_t i = 0; i < A->n; i++) {
        R_xlen_t lo = A->lo[i], hi = A->hi[i];
        double vl = lo >= 1 ? v[lo - 1] : 0, vh = hi <= K - 1 ? v[hi - 1] : 0;
        double t = A->h[i] * (vh - vl);
        if (hi <= K - 1)
            out[hi - 1] += t;
        if (lo >= 1)
            out[lo - 1] -= t;
    }
}

/* Conjugate gradients for the Laplacian system (x holds b on entry), with
 * the factor in sky (a banded part of the Laplacian) as preconditioner. */
static void pcg_solve(cp_laplacian *A, double *x, double rtol)
{
    R_xlen_t nd = A->K - 1;
    if (!A->cg) {
        A->cg = (double *) R_alloc(4 * (size_t) (A->cap + 1), sizeof(double));
    }
    double *r = A->cg, *z = r + A->cap + 1, *p = z + A->cap + 1, *q = p + A->cap + 1;
    double bnorm = 0;
    for (R_xlen_t k = 0; k < nd; k++) {
        r[k] = x[k];
        bnorm += x[k] * x[k];
        x[k] = 0;
    }
    bnorm = sqrt(bnorm);
    if (bnorm == 0)
        return;
    for (R_xlen_t k = 0; k < nd; k++)
        z[k] = r[k];
    sky_solve(A->sky, A->first, A->off, nd, z);
    double rz = 0;
    for (R_xlen_t k = 0; k < nd; k++) {
        p[k] = z[k];
        rz += r[k] * z[k];
    }
    for (int it = 0; it < 1000; it++) {
        lap_mult(A, p, q);
        double pq = 0;
        for (R_xlen_t k = 0; k < nd; k++)
            pq += p[k] * q[k];
        if (!(pq > 0))
            break;
        double alpha = rz / pq, rnorm = 0;
        for (R_xlen_t k = 0; k < nd; k++) {
            x[k] += alpha * p[k];
            r[k] -= alpha * q[k];
            rnorm += r[k] * r[k];
        }
        if (sqrt(rnorm) <= rtol * bnorm)
            break;
        for (R_xlen_t k = 0; k < nd; k++)
            z[k] = r[k];
        sky_solve(A->sky, A->first, A->off, nd, z);
        double rz1 = 0;
        for (R_xlen_t k = 0; k < nd; k++)
            rz1 += r[k] * z[k];
        double beta = rz1 / rz;
        rz = rz1;
        for (R_xlen_t k = 0; k < nd; k++)
            p[k] = z[k] + beta * p[k];
        if ((it & 63) == 63)
            R_CheckUserInterrupt();
    }
}

/*
 * Solve A x = b for the interior nodes 1..K-1 (x holds b on entry, as
 * x[0..K-2]), with A->K, n, lo, hi, h set; directly, or to a relative
 * residual rtol by conjugate gradients.
 */
void cp_laplacian_solve(cp_laplacian *A, double *x, double rtol)
{
    R_xlen_t nd = A->K - 1;
    if (nd < 1)
        return;
    double work, edges = (double) A->n;
    R_xlen_t total = profile(A, -1, &work);
    double budget = SKY_BUDGET_PER_EDGE * edges;
    if (budget < SKY_BUDGET_MIN)
        budget = SKY_BUDGET_MIN;
    if (work <= budget) {
        sky_build(A, total);
        sky_solve(A->sky, A->first, A->off, nd, x);
        return;
    }
    double band_budget = BAND_BUDGET_PER_EDGE * edges;
    if (band_budget < BAND_BUDGET_MIN)
        band_budget = BAND_BUDGET_MIN;
    R_xlen_t band = (R_xlen_t) sqrt(2.0 * band_budget / (double) nd);
    if (band < 1)
        band = 1;
    total = profile(A, band, NULL);
    sky_build(A, total);
    pcg_solve(A, x, rtol);
}
