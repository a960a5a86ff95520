/*
 * fisher.c: Fisher's exact test for r x c tables, and for 2 x 2 tables the
 * conditional maximum-likelihood odds ratio with its exact interval.
 *
 * r x c: the two-sided p-value is the probability, under independence with
 * both margins fixed, of the tables no more probable than the observed one.
 * As in FEXACT (Mehta and Patel 1986), which stats::fisher.test uses, a
 * table counts when its log probability is at most the observed one plus
 * 3.45254e-7, so that rounding never decides a tie.  The tables are
 * enumerated by the network algorithm (Mehta and Patel 1983): the columns
 * are filled one at a time; a node of stage k is the multiset of row totals
 * left after k columns, so that paths through rows with equal totals share
 * their nodes; each node keeps the distinct log probabilities of the paths
 * into it ("past" values) with their multiplicities.  For every node the
 * largest and smallest log probability of its completions are bounded (see
 * node_bounds()), and the sum over all its completions is known in closed
 * form, so that a past value whose completions all count is added at once,
 * one none of whose completions count is dropped, and only the others are
 * carried to the next stage.  The decision is taken when a path enters a
 * node, against prefix sums over the sorted past values of its mother, so
 * that only undecided paths are ever stored.
 *
 * 2 x 2: the p-value, the estimate and the interval are computed as
 * stats::fisher.test computes them (the noncentral hypergeometric
 * distribution over the table's support, Brent's root finder on the same
 * brackets and with the same tolerance), so that the two agree to rounding.
 *
 * References: Mehta CR, Patel NR (1983). A network algorithm for performing
 * Fisher's exact test in r x c contingency tables. JASA 78, 427-434.
 * Mehta CR, Patel NR (1986). FEXACT: a Fortran subroutine for Fisher's
 * exact test on unordered r x c contingency tables. ACM TOMS 12, 154-161.
 * Joe H (1988). Extreme probabilities for contingency tables under row and
 * column independence with application to Fisher's exact test. Comm.
 * Statist. Theory Methods 17, 3677-3685.  Brent RP (1973). Algorithms for
 * Minimization without Derivatives, chapter 4.
 */
#include "casepool.h"
#include <Rmath.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* log probabilities within this of the observed one count as equal */
#define FX_TIE 3.45254e-7
/* past values closer than this are merged (rounding of sums of logs) */
#define FX_MERGE 1e-9
/* past values entering a node are merged on a grid of 2^-27 (7.5e-9) */
#define FX_GRID 134217728.0

/* ---- scratch buffers held by R --------------------------------------- */

/* A growable array whose storage is a raw vector in a protected list, so
 * that R frees it on error or interrupt. */
typedef struct {
    SEXP pool;
    int slot;
    size_t elt;
    R_xlen_t cap;
    char *p;
} fx_buf;

static void buf_init(fx_buf *b, SEXP pool, int slot, size_t elt)
{
    b->pool = pool;
    b->slot = slot;
    b->elt = elt;
    b->cap = 0;
    b->p = NULL;
}

/* room for `need` elements, keeping the first `used` */
static void buf_reserve(fx_buf *b, R_xlen_t need, R_xlen_t used)
{
    if (need <= b->cap)
        return;
    R_xlen_t cap = b->cap > 0 ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    if ((double) cap * (double) b->elt > (double) R_XLEN_T_MAX)
        Rf_error("cp_fisher: the table needs more memory than R can allocate");
    SEXP v = Rf_allocVector(RAWSXP, (R_xlen_t) (cap * b->elt));
    if (used > 0)
        memcpy(RAW(v), b->p, (size_t) used * b->elt);
    SET_VECTOR_ELT(b->pool, b->slot, v);
    b->p = (char *) RAW(v);
    b->cap = cap;
}

/* ---- the network ------------------------------------------------------ */

typedef struct {
    double lp, sp, tp;   /* bounds on the largest and smallest completion,
                            and the log of the sum over all completions */
    R_xlen_t start, count;
} fx_node;

typedef struct {
    double pv, f;        /* past value and its multiplicity */
    int node;
} fx_pair;

typedef struct {
    double pv, f;
} fx_pv;

/* one stage: its nodes in a hash table, and the pairs pushed into them,
 * one per node and past value, in a second hash table */
typedef struct {
    fx_buf keys, info, slots, pairs, pslots;
    int nnodes, nslots;
    R_xlen_t npairs, npslots;
} fx_stage;

typedef struct {
    int r;               /* rows (the key); r <= c */
    int nst;             /* columns, in the order they are filled */
    const int *col;      /* column totals in that order */
    const double *lf;    /* lf[i] = log(i!) */
    double obs;          /* observed log path length plus the tie tolerance */
    double K;            /* log probability = path length + K */
    double p;            /* the p-value so far */
    R_xlen_t max_pairs;  /* give up beyond this many stored paths */
    double work, max_work; /* arcs and paths followed, and the most allowed */
    int tick;
    int failed;
    /* per stage s: the totals of columns s..nst-1 sorted decreasingly,
       log of them, and the sum of their lf */
    int *caps;           /* nst x nst, row s from offset s * nst */
    double *logc;        /* likewise, in fill order */
    double *sumlf;
    double *clog;        /* per stage: sum of c_j log c_j over its columns */
    double *amin;        /* per stage s, (ntot + 1) values: amin[n] is the
                            least sum of lf[y_j] - y_j log c_j over columns
                            s + 1.. with sum y_j = n */
    int ntot;
    int *scratch_i;      /* 4 r ints */
    fx_buf prefix;       /* prefix sums over a node's past values */
    fx_buf sorted;       /* the pairs of a stage, bucketed by node */
} fx_net;

static uint64_t key_hash(const int *key, int r)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < r; i++) {
        h ^= (uint64_t) (unsigned int) key[i];
        h *= 1099511628211ULL;
        h ^= h >> 29;
    }
    return h;
}

static void stage_init(fx_stage *S, SEXP pool, int base)
{
    buf_init(&S->keys, pool, base, sizeof(int));
    buf_init(&S->info, pool, base + 1, sizeof(fx_node));
    buf_init(&S->slots, pool, base + 2, sizeof(int));
    buf_init(&S->pairs, pool, base + 3, sizeof(fx_pair));
    buf_init(&S->pslots, pool, base + 4, sizeof(R_xlen_t));
    S->nnodes = 0;
    S->nslots = 0;
    S->npairs = 0;
    S->npslots = 0;
}

static uint64_t pair_hash(int node, int64_t q)
{
    uint64_t h = (uint64_t) q * 0x9E3779B97F4A7C15ULL;
    h ^= (uint64_t) (unsigned int) node * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    return h;
}

static inline int64_t pv_cell(double pv)
{
    return (int64_t) floor(pv * FX_GRID + 0.5);
}

static void pairs_rehash(fx_stage *S, R_xlen_t nslots)
{
    buf_reserve(&S->pslots, nslots, 0);
    S->npslots = nslots;
    R_xlen_t *slot = (R_xlen_t *) S->pslots.p;
    memset(slot, 0xff, (size_t) nslots * sizeof(R_xlen_t));
    const fx_pair *pr = (const fx_pair *) S->pairs.p;
    uint64_t mask = (uint64_t) (nslots - 1);
    for (R_xlen_t i = 0; i < S->npairs; i++) {
        uint64_t h = pair_hash(pr[i].node, pv_cell(pr[i].pv)) & mask;
        while (slot[h] >= 0)
            h = (h + 1) & mask;
        slot[h] = i;
    }
}

/* add multiplicity f to the pair (node, pv), making it if new; 0 when the
 * stage would pass max pairs */
static int pair_add(fx_stage *S, int node, double pv, double f, R_xlen_t max)
{
    int64_t q = pv_cell(pv);
    R_xlen_t *slot = (R_xlen_t *) S->pslots.p;
    fx_pair *pr = (fx_pair *) S->pairs.p;
    uint64_t mask = (uint64_t) (S->npslots - 1);
    uint64_t h = pair_hash(node, q) & mask;
    while (slot[h] >= 0) {
        fx_pair *e = pr + slot[h];
        if (e->node == node && pv_cell(e->pv) == q) {
            e->f += f;
            return 1;
        }
        h = (h + 1) & mask;
    }
    if (S->npairs >= max)
        return 0;
    buf_reserve(&S->pairs, S->npairs + 1, S->npairs);
    pr = (fx_pair *) S->pairs.p + S->npairs;
    pr->pv = pv;
    pr->f = f;
    pr->node = node;
    slot[h] = S->npairs++;
    if ((double) S->npairs > 0.5 * (double) S->npslots)
        pairs_rehash(S, 2 * S->npslots);
    return 1;
}

static void stage_clear(fx_stage *S)
{
    S->nnodes = 0;
    S->npairs = 0;
    if (S->nslots > 0)
        memset(S->slots.p, 0xff, (size_t) S->nslots * sizeof(int));
    if (S->npslots > 0)
        memset(S->pslots.p, 0xff, (size_t) S->npslots * sizeof(R_xlen_t));
}

static void stage_rehash(fx_stage *S, int r, int nslots)
{
    buf_reserve(&S->slots, nslots, 0);
    S->nslots = nslots;
    int *slot = (int *) S->slots.p;
    memset(slot, 0xff, (size_t) nslots * sizeof(int));
    const int *keys = (const int *) S->keys.p;
    for (int v = 0; v < S->nnodes; v++) {
        uint64_t h = key_hash(keys + (R_xlen_t) v * r, r) & (uint64_t) (nslots - 1);
        while (slot[h] >= 0)
            h = (h + 1) & (uint64_t) (nslots - 1);
        slot[h] = v;
    }
}

/* the node with this key, or -1 with *where set to its free slot */
static int stage_find(fx_stage *S, const int *key, int r, uint64_t *where)
{
    const int *slot = (const int *) S->slots.p;
    const int *keys = (const int *) S->keys.p;
    uint64_t mask = (uint64_t) (S->nslots - 1);
    uint64_t h = key_hash(key, r) & mask;
    while (slot[h] >= 0) {
        const int *k = keys + (R_xlen_t) slot[h] * r;
        if (memcmp(k, key, (size_t) r * sizeof(int)) == 0)
            return slot[h];
        h = (h + 1) & mask;
    }
    *where = h;
    return -1;
}

static int stage_insert(fx_stage *S, const int *key, int r, uint64_t where)
{
    if (S->nnodes == INT_MAX - 1)
        Rf_error("cp_fisher: too many nodes");
    int v = S->nnodes++;
    buf_reserve(&S->keys, (R_xlen_t) S->nnodes * r, (R_xlen_t) v * r);
    buf_reserve(&S->info, S->nnodes, v);
    memcpy((int *) S->keys.p + (R_xlen_t) v * r, key, (size_t) r * sizeof(int));
    ((int *) S->slots.p)[where] = v;
    if ((double) S->nnodes > 0.5 * S->nslots)
        stage_rehash(S, r, S->nslots * 2);
    return v;
}

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
static void node_bounds(fx_net *N, int s, const int *key, fx_node *nd)
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
    int v = stage_find(S, E->child, r, &where);
    if (v < 0) {
        v = stage_insert(S, E->child, r, where);
        node_bounds(N, E->s + 1, E->child, (fx_node *) S->info.p + v);
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
        if (!pair_add(S, v, E->pv[i].pv + w, E->pv[i].f * mult, N->max_pairs)) {
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
static void fill_column(fx_expand *E, int i, int left, int cap_after,
                        double P, double G)
{
    fx_net *N = E->N;
    int r = N->r, s = E->s;
    const double *lf = N->lf;
    if (N->failed)
        return;
    if (++N->work > N->max_work) {
        N->failed = 1;
        return;
    }
    if (++N->tick == 0x400000) {
        N->tick = 0;
        R_CheckUserInterrupt();
    }
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
    if (N->failed)
        return;
    if (++N->work > N->max_work) {
        N->failed = 1;
        return;
    }
    if (++N->tick == 0x400000) {
        N->tick = 0;
        R_CheckUserInterrupt();
    }
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
static void expand_stage(fx_net *N, int s, fx_stage *cur, fx_stage *next)
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
    buf_reserve(&N->sorted, np > 0 ? np : 1, 0);
    fx_pv *sorted = (fx_pv *) N->sorted.p;
    for (R_xlen_t i = 0; i < np; i++) {
        fx_node *nd = info + pairs[i].node;
        fx_pv *o = sorted + nd->start + nd->count++;
        o->pv = pairs[i].pv;
        o->f = pairs[i].f;
    }
    cur->npairs = 0;

    stage_clear(next);
    if (next->nslots == 0)
        stage_rehash(next, r, 1024);
    if (next->npslots == 0)
        pairs_rehash(next, 1024);

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
        buf_reserve(&N->prefix, n + 1, 0);
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

/* p-value of the r x c table x (r <= c, no empty row or column), columns
 * filled in the order given; NA when more than max_pairs paths must be
 * kept at once. */
static double network_pvalue(const int *x, int r, int c, R_xlen_t max_pairs,
                             double max_work)
{
    int nprot = 0;
    /* 8 stage buffers, 2 net buffers */
    SEXP pool = PROTECT(Rf_allocVector(VECSXP, 12)); nprot++;
    int *rows = (int *) R_alloc(r, sizeof(int));
    int *cols = (int *) R_alloc(c, sizeof(int));
    int *ord = (int *) R_alloc(c, sizeof(int));
    int Ntot = 0;
    for (int i = 0; i < r; i++) {
        rows[i] = 0;
        for (int j = 0; j < c; j++)
            rows[i] += x[i + j * r];
        Ntot += rows[i];
    }
    /* fill the smallest columns first; the largest is forced at the end */
    for (int j = 0; j < c; j++) {
        ord[j] = j;
        cols[j] = 0;
        for (int i = 0; i < r; i++)
            cols[j] += x[i + j * r];
    }
    for (int j = 1; j < c; j++) {
        int o = ord[j], m = j - 1;
        while (m >= 0 && cols[ord[m]] > cols[o]) {
            ord[m + 1] = ord[m];
            m--;
        }
        ord[m + 1] = o;
    }
    int *col = (int *) R_alloc(c, sizeof(int));
    for (int j = 0; j < c; j++)
        col[j] = cols[ord[j]];

    double *lf = (double *) R_alloc((size_t) Ntot + 1, sizeof(double));
    for (int i = 0; i <= Ntot; i++)
        lf[i] = Rf_lgammafn(i + 1.0);

    fx_net N;
    N.r = r;
    N.nst = c;
    N.col = col;
    N.lf = lf;
    N.p = 0.0;
    N.max_pairs = max_pairs;
    N.failed = 0;
    N.work = 0;
    N.tick = 0;
    N.max_work = max_work;
    N.K = -lf[Ntot];
    for (int i = 0; i < r; i++)
        N.K += lf[rows[i]];
    double obs = 0.0;
    for (int j = 0; j < c; j++) {
        obs += lf[cols[j]];
        for (int i = 0; i < r; i++)
            obs -= lf[x[i + j * r]];
    }
    N.obs = obs + FX_TIE;
    N.caps = (int *) R_alloc((size_t) c * c, sizeof(int));
    N.logc = (double *) R_alloc((size_t) c * c, sizeof(double));
    N.sumlf = (double *) R_alloc(c, sizeof(double));
    for (int s = 0; s < c; s++) {
        int *cp = N.caps + (R_xlen_t) s * c;
        double *lc = N.logc + (R_xlen_t) s * c;
        N.sumlf[s] = 0.0;
        for (int j = s; j < c; j++) {
            cp[j - s] = col[j];
            lc[j - s] = log((double) col[j]);
            N.sumlf[s] += lf[col[j]];
        }
        /* caps decreasing: col is increasing */
        for (int a = 0, b = c - s - 1; a < b; a++, b--) {
            int t = cp[a];
            cp[a] = cp[b];
            cp[b] = t;
        }
    }
    N.ntot = Ntot;
    N.clog = (double *) R_alloc(c, sizeof(double));
    N.amin = (double *) R_alloc((size_t) c * (Ntot + 1), sizeof(double));
    int *y = (int *) R_alloc(c, sizeof(int));
    for (int s = 0; s < c; s++) {
        N.clog[s] = 0.0;
        for (int j = s; j < c; j++)
            N.clog[s] += col[j] * log((double) col[j]);
        /* the greedy allocation over columns s + 1.., one unit at a time */
        double *am = N.amin + (R_xlen_t) s * (Ntot + 1);
        am[0] = 0.0;
        for (int j = s + 1; j < c; j++)
            y[j] = 0;
        for (int n = 1; n <= Ntot; n++) {
            if (s + 1 >= c) {
                am[n] = R_PosInf;
                continue;
            }
            int b = s + 1;
            for (int j = s + 2; j < c; j++)
                if ((int64_t) (y[j] + 1) * col[b] < (int64_t) (y[b] + 1) * col[j])
                    b = j;
            y[b]++;
            am[n] = am[n - 1] + log((double) y[b]) - log((double) col[b]);
        }
    }
    N.scratch_i = (int *) R_alloc((size_t) 4 * r, sizeof(int));
    buf_init(&N.prefix, pool, 10, sizeof(double));
    buf_init(&N.sorted, pool, 11, sizeof(fx_pv));

    fx_stage A, B;
    stage_init(&A, pool, 0);
    stage_init(&B, pool, 5);
    stage_rehash(&A, r, 16);

    /* the root: all row totals, past value 0 */
    int *key = (int *) R_alloc(r, sizeof(int));
    memcpy(key, rows, (size_t) r * sizeof(int));
    for (int l = 1; l < r; l++) {
        int v = key[l], m = l - 1;
        while (m >= 0 && key[m] > v) {
            key[m + 1] = key[m];
            m--;
        }
        key[m + 1] = v;
    }
    uint64_t where = 0;
    stage_find(&A, key, r, &where);
    int root = stage_insert(&A, key, r, where);
    fx_node *rn = (fx_node *) A.info.p + root;
    node_bounds(&N, 0, key, rn);
    double result;
    if (rn->lp <= N.obs) {
        result = 1.0;
    } else {
        buf_reserve(&A.pairs, 1, 0);
        fx_pair *p0 = (fx_pair *) A.pairs.p;
        p0->pv = 0.0;
        p0->f = 1.0;
        p0->node = root;
        A.npairs = 1;
        fx_stage *cur = &A, *next = &B;
        for (int s = 0; s < c - 1 && !N.failed; s++) {
            expand_stage(&N, s, cur, next);
            fx_stage *t = cur;
            cur = next;
            next = t;
            if (cur->npairs == 0)
                break;
        }
        result = N.failed ? NA_REAL : (N.p > 1.0 ? 1.0 : N.p);
    }
    for (int i = 0; i < 12; i++)
        SET_VECTOR_ELT(pool, i, R_NilValue);
    UNPROTECT(nprot);
    return result;
}

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

static void fisher_2x2(const int *x, double conf_level, double *out)
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

/*
 * cp_fisher(x, conf_level, limits)
 *   x           integer matrix of counts (validated in R: no NA, >= 0),
 *               at least 2 x 2
 *   conf_level  double scalar in (0, 1), for the 2 x 2 interval
 *   limits      double vector of 2: the most undecided paths the network
 *               may keep at one stage, and the most arcs and paths it may
 *               follow in all, before giving up
 * Returns list(p_value, estimate, conf_low, conf_high, tables): for a 2 x 2
 * matrix the p-value, the conditional maximum-likelihood odds ratio
 * x[1,1] x[2,2] / (x[1,2] x[2,1]) and its exact interval, as
 * stats::fisher.test; otherwise the p-value and NA.  The p-value is NA when
 * the network needed more than the limits allow; 1 when fewer than two rows
 * or columns have cases.
 */
SEXP cp_fisher(SEXP x, SEXP conf_level, SEXP limits)
{
    if (TYPEOF(x) != INTSXP)
        Rf_error("cp_fisher: 'x' must be an integer matrix");
    SEXP dim = Rf_getAttrib(x, R_DimSymbol);
    if (TYPEOF(dim) != INTSXP || XLENGTH(dim) != 2)
        Rf_error("cp_fisher: 'x' must be an integer matrix");
    int nr = INTEGER(dim)[0], nc = INTEGER(dim)[1];
    if (nr < 2 || nc < 2)
        Rf_error("cp_fisher: 'x' must have at least 2 rows and 2 columns");
    const int *px = INTEGER(x);
    double total = 0.0;
    for (R_xlen_t i = 0; i < XLENGTH(x); i++) {
        if (px[i] == NA_INTEGER || px[i] < 0)
            Rf_error("cp_fisher: counts must be whole numbers >= 0");
        total += px[i];
    }
    if (total > INT_MAX - 1)
        Rf_error("cp_fisher: too many cases");
    double level = Rf_asReal(conf_level);
    if (TYPEOF(limits) != REALSXP || XLENGTH(limits) != 2)
        Rf_error("cp_fisher: 'limits' must be two numbers");
    double maxp = REAL(limits)[0], maxw = REAL(limits)[1];
    if (!(level > 0 && level < 1))
        Rf_error("cp_fisher: 'conf_level' must be in (0, 1)");

    double res[4] = {NA_REAL, NA_REAL, NA_REAL, NA_REAL};
    if (nr == 2 && nc == 2) {
        fisher_2x2(px, level, res);
    } else {
        /* drop empty rows and columns; keys are the shorter side */
        int *rs = (int *) R_alloc(nr, sizeof(int));
        int *cs = (int *) R_alloc(nc, sizeof(int));
        int r = 0, c = 0;
        for (int i = 0; i < nr; i++) {
            int s = 0;
            for (int j = 0; j < nc; j++)
                s += px[i + (R_xlen_t) j * nr];
            if (s > 0)
                rs[r++] = i;
        }
        for (int j = 0; j < nc; j++) {
            int s = 0;
            for (int i = 0; i < nr; i++)
                s += px[i + (R_xlen_t) j * nr];
            if (s > 0)
                cs[c++] = j;
        }
        if (r < 2 || c < 2) {
            res[0] = 1.0;
        } else {
            int tr = r <= c ? r : c, tc = r <= c ? c : r;
            if (tr > 64)
                Rf_error("cp_fisher: tables with more than 64 rows and "
                         "columns are not supported");
            int *t = (int *) R_alloc((size_t) tr * tc, sizeof(int));
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++) {
                    int v = px[rs[i] + (R_xlen_t) cs[j] * nr];
                    if (r <= c)
                        t[i + j * tr] = v;
                    else
                        t[j + i * tr] = v;
                }
            R_xlen_t mp = maxp >= (double) R_XLEN_T_MAX ? R_XLEN_T_MAX
                                                          : (R_xlen_t) maxp;
            res[0] = network_pvalue(t, tr, tc, mp, maxw);
        }
    }
    const char *names[] = {"p_value", "estimate", "conf_low", "conf_high"};
    SEXP out = PROTECT(cp_named_list(names, 4));
    for (int j = 0; j < 4; j++)
        SET_VECTOR_ELT(out, j, Rf_ScalarReal(res[j]));
    UNPROTECT(1);
    return out;
}
