/* fisher_bounds.c: bounds on the longest and shortest completions of a
 * node of the network (see fisher.c). */
#include "fisher.h"

/* Sum of lf over an allocation of n into bins of the capacities given
 * (decreasing), largest bins first: the largest sum of lf over any
 * allocation within those capacities, since it majorizes all of them and
 * lf is convex. */
static double fill_max(int n, const int *cap, int k, int step, const double *lf)
{
    double s = 0.0;
    for (int j = 0; j < k && n > 0; j++) {
        int c = cap[j * step];
        int x = n < c ? n : c;
        s += lf[x];
        n -= x;
    }
    return s;
}

/* min over x >= 0 with sum x = n of sum_i (lf[x_i] - x_i log w_i): the
 * greedy (highest averages) allocation of n in proportion to the weights,
 * exact for this separable convex problem.  w has k positive entries with
 * sum W; logw their logs. */
static double alloc_min(int n, const int *w, const double *logw, int k, int W,
                        const double *lf, int *x)
{
    int left = n;
    for (int i = 0; i < k; i++) {
        x[i] = (int) (((int64_t) n * w[i]) / W);
        left -= x[i];
    }
    while (left > 0) {
        int best = 0;
        for (int i = 1; i < k; i++) {
            /* (x_i + 1) / w_i < (x_b + 1) / w_b */
            if ((int64_t) (x[i] + 1) * w[best] < (int64_t) (x[best] + 1) * w[i])
                best = i;
        }
        x[best]++;
        left--;
    }
    double s = 0.0;
    for (int i = 0; i < k; i++)
        s += lf[x[i]] - x[i] * logw[i];
    return s;
}

/* Exact bounds with two columns left: the filling x of the first (total
 * C) decides the table, F(x) = sum_i lf[x_i] + lf[m_i - x_i].  Its minimum
 * (convex, one sum constraint) by moving units between rows while that
 * lowers F; its maximum at a vertex, where every row but at most one is
 * empty or full in the first column (all subsets of rows). */
static void two_column_bounds(fx_net *N, int s, const int *m, int k, int M,
                              fx_node *nd)
{
    const double *lf = N->lf;
    int C = N->col[s];
    int *x = N->scratch_i + 2 * N->r;
    int left = C;
    for (int i = 0; i < k; i++) {
        x[i] = (int) (((int64_t) C * m[i]) / M);
        left -= x[i];
    }
    for (int i = 0; i < k && left > 0; i++) {
        int add = m[i] - x[i] < left ? m[i] - x[i] : left;
        x[i] += add;
        left -= add;
    }
    for (;;) {
        /* cost of the last unit in i, of a next unit in j */
        int bi = -1, bj = -1;
        double ci = R_NegInf, cj = R_PosInf;
        for (int i = 0; i < k; i++) {
            if (x[i] > 0) {
                double c = log((double) x[i]) - log((double) (m[i] - x[i] + 1));
                if (c > ci) { ci = c; bi = i; }
            }
            if (x[i] < m[i]) {
                double c = log((double) (x[i] + 1)) - log((double) (m[i] - x[i]));
                if (c < cj) { cj = c; bj = i; }
            }
        }
        if (bi < 0 || bj < 0 || bi == bj || !(ci > cj + 1e-12))
            break;
        x[bi]--;
        x[bj]++;
    }
    double fmin = 0.0, all = 0.0;
    for (int i = 0; i < k; i++) {
        fmin += lf[x[i]] + lf[m[i] - x[i]];
        all += lf[m[i]];
    }
    double fmax = R_NegInf;
    for (int set = 0; set < (1 << k); set++) {
        int sum = 0;
        for (int i = 0; i < k; i++)
            if (set & (1 << i))
                sum += m[i];
        if (sum > C)
            continue;
        int y = C - sum;
        if (y == 0) {
            fmax = all;
            break;
        }
        for (int i = 0; i < k; i++)
            if (!(set & (1 << i)) && m[i] >= y) {
                double v = all - lf[m[i]] + lf[y] + lf[m[i] - y];
                if (v > fmax)
                    fmax = v;
            }
    }
    double A = N->sumlf[s];
    nd->lp = A - fmin;
    nd->sp = A - fmax;
    if (nd->lp > nd->tp)
        nd->lp = nd->tp;
}

/*
 * Bounds for a node of stage s with row totals key (increasing).  With
 * F = sum of lf over the cells of a completion and A = sum of lf over the
 * remaining column totals, a completion's path length is A - F and
 *   tp = log(M!) - sum lf[m_i]   (the log of the sum over all completions),
 *   lp >= max (A - F): A minus a Lagrangian lower bound on min F (row or
 *        column constraints moved into the objective with multipliers
 *        log m_i or log c_j; each column, or row, is then a separable
 *        convex allocation solved exactly by alloc_min()),
 *   sp <= min (A - F): A minus an upper bound on max F (each row, or
 *        column, filled into the largest capacities first; fill_max()).
 * With one column left the completion is forced and all three are equal.
 */
void fx_node_bounds(fx_net *N, int s, const int *key, fx_node *nd)
{
    int r = N->r, nc = N->nst - s;
    const double *lf = N->lf;
    int M = 0, k = 0;
    double tp;
    int *w = N->scratch_i, *x = N->scratch_i + r;
    double logw[64];
    for (int i = 0; i < r; i++)
        M += key[i];
    tp = lf[M];
    for (int i = 0; i < r; i++)
        tp -= lf[key[i]];
    nd->tp = tp;
    nd->count = 0;
    nd->start = 0;
    for (int i = 0; i < r; i++)
        if (key[i] > 0) {
            w[k] = key[i];
            logw[k] = log((double) key[i]);
            k++;
        }
    if (nc <= 1 || k <= 1) {
        nd->lp = tp;
        nd->sp = tp;
        return;
    }
    /* the bounds' own cost counts towards the work allowed */
    if (nc == 2 && k <= 12) {
        N->work += (double) (k + 1) * (double) (1 << k) + (double) N->col[s] * k;
        two_column_bounds(N, s, w, k, M, nd);
        return;
    }
    N->work += (double) nc * k * (k + nc);
    const int *caps = N->caps + (R_xlen_t) s * N->nst;   /* decreasing */
    const double *logc = N->logc + (R_xlen_t) s * N->nst;
    const int *cols = N->col + s;
    double A = N->sumlf[s];

    /* lower bounds on min F */
    double lb1 = 0.0, lb2 = 0.0;
    for (int j = 0; j < nc; j++)
        lb1 += alloc_min(cols[j], w, logw, k, M, lf, x);
    for (int i = 0; i < k; i++)
        lb1 += w[i] * logw[i];
    for (int i = 0; i < k; i++)
        lb2 += alloc_min(w[i], cols, logc, nc, M, lf, x);
    for (int j = 0; j < nc; j++)
        lb2 += cols[j] * logc[j];
    double lb = lb1 > lb2 ? lb1 : lb2;

    /* upper bounds on max F: rows into column capacities, columns into row
       capacities (key is increasing, so read it from the end) */
    double ub1 = 0.0, ub2 = 0.0;
    for (int i = 0; i < k; i++)
        ub1 += fill_max(w[i], caps, nc, 1, lf);
    for (int j = 0; j < nc; j++)
        ub2 += fill_max(cols[j], w + k - 1, k, -1, lf);
    double ub = ub1 < ub2 ? ub1 : ub2;

    nd->lp = A - lb;
    nd->sp = A - ub;
    if (nd->lp > tp)    /* no completion exceeds the sum over all of them */
        nd->lp = tp;
}
