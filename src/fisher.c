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
#include "fisher.h"

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
    fx_buf_init(&N.prefix, pool, 10, sizeof(double));
    fx_buf_init(&N.sorted, pool, 11, sizeof(fx_pv));

    fx_stage A, B;
    fx_stage_init(&A, pool, 0);
    fx_stage_init(&B, pool, 5);
    fx_stage_rehash(&A, r, 16);

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
    fx_stage_find(&A, key, r, &where);
    int root = fx_stage_insert(&A, key, r, where);
    fx_node *rn = (fx_node *) A.info.p + root;
    fx_node_bounds(&N, 0, key, rn);
    double result;
    if (rn->lp <= N.obs) {
        result = 1.0;
    } else {
        fx_buf_reserve(&A.pairs, 1, 0);
        fx_pair *p0 = (fx_pair *) A.pairs.p;
        p0->pv = 0.0;
        p0->f = 1.0;
        p0->node = root;
        A.npairs = 1;
        fx_stage *cur = &A, *next = &B;
        for (int s = 0; s < c - 1 && !N.failed; s++) {
            fx_expand_stage(&N, s, cur, next);
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
        fx_fisher_2x2(px, level, res);
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
