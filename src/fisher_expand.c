/* fisher_expand.c: the expansion of the nodes of one stage of the network
 * into the next, column filling by column filling (see fisher.c). */
#include "fisher.h"

static int cmp_pv(const void *a, const void *b)
{
    double x = ((const fx_pv *) a)->pv, y = ((const fx_pv *) b)->pv;
    return (x > y) - (x < y);
}

/* number of past values <= t in pv[0..n-1] (increasing) */
static R_xlen_t count_le(const fx_pv *pv, R_xlen_t n, double t)
{
    R_xlen_t lo = 0, hi = n;
    while (lo < hi) {
        R_xlen_t mid = lo + (hi - lo) / 2;
        if (pv[mid].pv <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* the mother being expanded, and where its daughters go */
typedef struct {
    fx_net *N;
    fx_stage *next;
    int s;               /* stage of the mother */
    const int *key;
    const fx_pv *pv;     /* its past values, increasing */
    R_xlen_t npv;
    const double *prefix;/* prefix[i] = sum_{l < i} f_l exp(pv_l - pvmax) */
    double pvmax;
    int last;            /* the daughters have one column left */
    int *x, *child;
    /* with two columns left, per row l of the mother: suffix sums from l of
       the row totals, of lf of them, and of the largest and smallest
       h_l(x) = -(lf[x] + lf[m_l - x]) */
    int *msum;
    double *lfsum, *hmax, *hmin, *gmin;
    double A;            /* lf[c_s] + lf[M - c_s]: with the rows' lf, the
                            log of the sum over completions */
    double logc;         /* log c_s */
    const double *amin;  /* N->amin of the stage */
} fx_expand;

/* one arc: daughter key child, arc length w, multiplicity mult */
static void arc(fx_expand *E, double w, double mult)
{
    fx_net *N = E->N;
    fx_stage *S = E->next;
    int r = N->r;
    uint64_t where = 0;
    int v = fx_stage_find(S, E->child, r, &where);
    if (v < 0) {
        v = fx_stage_insert(S, E->child, r, where);
        fx_node_bounds(N, E->s + 1, E->child, (fx_node *) S->info.p + v);
    }
    fx_node nd = ((fx_node *) S->info.p)[v];
    /* past values up to a: all completions count; from b on: none */
    R_xlen_t a = count_le(E->pv, E->npv, N->obs - nd.lp - w);
    R_xlen_t b = count_le(E->pv, E->npv, N->obs - nd.sp - w);
    if (b < a)
        b = a;
    if (a > 0)
        N->p += mult * exp(E->pvmax + w + nd.tp + N->K) * E->prefix[a];
    N->work += 2.0 * (double) (b - a);   /* a hash insertion each */
    for (R_xlen_t i = a; i < b; i++) {
        if (!fx_pair_add(S, v, E->pv[i].pv + w, E->pv[i].f * mult, N->max_pairs)) {
            N->failed = 1;
            return;
        }
    }
}

/* multiplicity of the filling of rows 0..i-1, complete blocks of rows
 * with equal totals */
static double block_mult(const fx_expand *E, int i)
{
    double mult = 1.0;
    int bs = 1, run = 1;
    for (int l = 0; l < i; l++) {
        if (l > 0 && E->key[l] == E->key[l - 1]) {
            bs++;
            run = E->x[l] == E->x[l - 1] ? run + 1 : 1;
        } else {
            bs = 1;
            run = 1;
        }
        mult *= (double) bs / (double) run;
    }
    return mult;
}

/*
 * Every filling x of the next column (c_s) with x_i <= key[i], one per class
 * of fillings that differ only by a permutation of rows with equal totals
 * (x decreasing within such rows), with the size of its class.  P and G
 * accumulate over the rows filled: P the sum of -(lf[x_l] + lf[m_l - x_l]),
 * G the sum of g_l(x_l) = lf[x_l] - x_l log c_s + amin[m_l - x_l], the
 * least that row can add to F = sum of lf over the cells of the rest of the
 * table less the multipliers (log c_j per unit in column j) of a Lagrangian
 * bound.  So no table through the rows filled has a path length above
 * sumlf - G - gmin[i] - clog; when that leaves every past value counting,
 * the tables are added at once: the sum over the fillings of the remaining
 * rows of exp(path length) is exp(A + P) C(sum m_l, left) / prod m_l!
 * (Vandermonde), l >= i.
 */
/* One step of the work: counted against the limit (a failed run stops),
 * with a check for an interrupt every 2^22 steps.  0 when the run stops. */
static inline int fx_step(fx_net *N)
{
    if (N->failed)
        return 0;
    if (++N->work > N->max_work) {
        N->failed = 1;
        return 0;
    }
    if (++N->tick == 0x400000) {
        N->tick = 0;
        R_CheckUserInterrupt();
    }
    return 1;
}

static void fill_column(fx_expand *E, int i, int left, int cap_after,
                        double P, double G)
{
    fx_net *N = E->N;
    int r = N->r, s = E->s;
    const double *lf = N->lf;
    if (!fx_step(N))
        return;
    double top = E->pvmax + N->sumlf[s] - N->clog[s];
    if (i == r) {
        if (left != 0)
            return;
        if (top - G <= N->obs) {
            N->p += block_mult(E, r) * exp(E->pvmax + E->A + P + N->K) *
                    E->prefix[E->npv];
            return;
        }
        double w = lf[N->col[s]];
        for (int l = 0; l < r; l++) {
            w -= lf[E->x[l]];
            E->child[l] = E->key[l] - E->x[l];
        }
        for (int l = 1; l < r; l++) {     /* insertion sort, r is small */
            int v = E->child[l], m = l - 1;
            while (m >= 0 && E->child[m] > v) {
                E->child[m + 1] = E->child[m];
                m--;
            }
            E->child[m + 1] = v;
        }
        arc(E, w, block_mult(E, r));
        return;
    }
    if ((i == 0 || E->key[i] != E->key[i - 1]) && top - G - E->gmin[i] <= N->obs) {
        int ms = E->msum[i];
        double logsum = lf[ms] - lf[left] - lf[ms - left] - E->lfsum[i];
        N->p += block_mult(E, i) * exp(E->pvmax + E->A + P + logsum + N->K) *
                E->prefix[E->npv];
        return;
    }
    int m = E->key[i];
    int cap_rest = cap_after - m;
    int lo = left - cap_rest > 0 ? left - cap_rest : 0;
    int hi = m < left ? m : left;
    if (i > 0 && m == E->key[i - 1] && E->x[i - 1] < hi)
        hi = E->x[i - 1];
    for (int v = hi; v >= lo; v--) {
        E->x[i] = v;
        fill_column(E, i + 1, left - v, cap_rest, P - lf[v] - lf[m - v],
                    G + lf[v] - v * E->logc + E->amin[m - v]);
    }
}

/*
 * With two columns left the filling x of the first decides the table, whose
 * remaining path length is A + sum_l h_l(x_l).  The fillings are
 * enumerated row by row as in fill_column(); P is the sum of h over the
 * rows filled.  A subtree none of whose tables counts for any past value is
 * skipped; one all of whose tables count for every past value is added at
 * once, since the sum over the fillings of rows l >= i with total `left`
 * of exp(sum h_l) is C(sum m_l, left) / prod m_l! (Vandermonde).
 */
static void fill_last(fx_expand *E, int i, int left, double P)
{
    fx_net *N = E->N;
    int r = N->r;
    const double *lf = N->lf;
    if (!fx_step(N))
        return;
    if (i == r) {
        if (left != 0)
            return;
        double L = E->A + P;
        R_xlen_t a = count_le(E->pv, E->npv, N->obs - L);
        if (a > 0)
            N->p += block_mult(E, r) * exp(E->pvmax + L + N->K) * E->prefix[a];
        return;
    }
    if (E->pv[0].pv + E->A + P + E->hmin[i] > N->obs)
        return;
    if ((i == 0 || E->key[i] != E->key[i - 1]) &&
        E->pvmax + E->A + P + E->hmax[i] <= N->obs) {
        int ms = E->msum[i];
        double logsum = lf[ms] - lf[left] - lf[ms - left] - E->lfsum[i];
        N->p += block_mult(E, i) * exp(E->pvmax + E->A + P + logsum + N->K) *
                E->prefix[E->npv];
        return;
    }
    int m = E->key[i];
    int cap_rest = E->msum[i + 1];
    int lo = left - cap_rest > 0 ? left - cap_rest : 0;
    int hi = m < left ? m : left;
    if (i > 0 && m == E->key[i - 1] && E->x[i - 1] < hi)
        hi = E->x[i - 1];
    for (int v = hi; v >= lo; v--) {
        E->x[i] = v;
        fill_last(E, i + 1, left - v, P - lf[v] - lf[m - v]);
    }
}

/* Expand every node of stage s (cur) into stage s + 1 (next). */
void fx_expand_stage(fx_net *N, int s, fx_stage *cur, fx_stage *next)
{
    int r = N->r;
    R_xlen_t np = cur->npairs;
    fx_node *info = (fx_node *) cur->info.p;
    /* bucket the pairs by node */
    for (int v = 0; v < cur->nnodes; v++)
        info[v].count = 0;
    const fx_pair *pairs = (const fx_pair *) cur->pairs.p;
    for (R_xlen_t i = 0; i < np; i++)
        info[pairs[i].node].count++;
    R_xlen_t at = 0;
    for (int v = 0; v < cur->nnodes; v++) {
        info[v].start = at;
        at += info[v].count;
        info[v].count = 0;
    }
    fx_buf_reserve(&N->sorted, np > 0 ? np : 1, 0);
    fx_pv *sorted = (fx_pv *) N->sorted.p;
    for (R_xlen_t i = 0; i < np; i++) {
        fx_node *nd = info + pairs[i].node;
        fx_pv *o = sorted + nd->start + nd->count++;
        o->pv = pairs[i].pv;
        o->f = pairs[i].f;
    }
    cur->npairs = 0;

    fx_stage_clear(next);
    if (next->nslots == 0)
        fx_stage_rehash(next, r, 1024);
    if (next->npslots == 0)
        fx_pairs_rehash(next, 1024);

    int x[64], child[64], msum[65];
    double lfsum[65], hmax[65], hmin[65], gmin[65];
    fx_expand E;
    E.msum = msum;
    E.lfsum = lfsum;
    E.hmax = hmax;
    E.hmin = hmin;
    E.gmin = gmin;
    E.logc = log((double) N->col[s]);
    E.amin = N->amin + (R_xlen_t) s * (N->ntot + 1);
    E.N = N;
    E.next = next;
    E.s = s;
    E.last = s + 2 == N->nst;
    E.x = x;
    E.child = child;
    int total = 0;
    for (int v = 0; v < cur->nnodes && !N->failed; v++) {
        fx_node nd = info[v];
        if (nd.count == 0)
            continue;
        if ((v & 0xff) == 0xff)
            R_CheckUserInterrupt();
        fx_pv *pv = sorted + nd.start;
        qsort(pv, (size_t) nd.count, sizeof(fx_pv), cmp_pv);
        R_xlen_t n = 0;
        for (R_xlen_t i = 0; i < nd.count; i++) {
            if (n > 0 && pv[i].pv - pv[n - 1].pv <= FX_MERGE)
                pv[n - 1].f += pv[i].f;
            else
                pv[n++] = pv[i];
        }
        fx_buf_reserve(&N->prefix, n + 1, 0);
        double *prefix = (double *) N->prefix.p;
        double pvmax = pv[n - 1].pv;
        prefix[0] = 0.0;
        for (R_xlen_t i = 0; i < n; i++)
            prefix[i + 1] = prefix[i] + pv[i].f * exp(pv[i].pv - pvmax);
        E.key = (const int *) cur->keys.p + (R_xlen_t) v * r;
        E.pv = pv;
        E.npv = n;
        E.prefix = prefix;
        E.pvmax = pvmax;
        total = 0;
        for (int i = 0; i < r; i++)
            total += E.key[i];
        const double *lf = N->lf;
        int cs = N->col[s];
        msum[r] = 0;
        lfsum[r] = hmax[r] = hmin[r] = gmin[r] = 0.0;
        for (int i = r - 1; i >= 0; i--) {
            int m = E.key[i], h = m / 2;
            msum[i] = msum[i + 1] + m;
            lfsum[i] = lfsum[i + 1] + lf[m];
            hmax[i] = hmax[i + 1] - lf[h] - lf[m - h];
            hmin[i] = hmin[i + 1] - lf[m];
            /* the least g over the fillings open to row i */
            int lo = m - (total - cs) > 0 ? m - (total - cs) : 0;
            int hi = m < cs ? m : cs;
            double g = R_PosInf;
            for (int v = lo; v <= hi; v++) {
                double gv = lf[v] - v * E.logc + E.amin[m - v];
                if (gv < g)
                    g = gv;
            }
            gmin[i] = gmin[i + 1] + g;
        }
        E.A = lf[cs] + lf[total - cs];
        N->work += (double) r * (cs + 1) + (double) nd.count;
        if (N->work > N->max_work) {
            N->failed = 1;
            break;
        }
        if (E.last)
            fill_last(&E, 0, cs, 0.0);
        else
            fill_column(&E, 0, cs, total, 0.0, 0.0);
    }
}
