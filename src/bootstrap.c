/*
 * bootstrap.c: the percentile bootstrap of Turnbull's NPMLE.
 *
 * Each resample draws as many cases as the stratum has, with replacement,
 * and fits the NPMLE of the drawn cases on the innermost intervals of the
 * data (from the NPMLE of the data, which covers every case).  A resample
 * leaves out some cases, so its estimate is not unique on a wider range
 * than the data's: the mass at interval j may lie anywhere from the
 * interval where the last drawn case that starts at or before j starts, to
 * the interval where the first drawn case that ends at or after j ends.
 * Two curves of each resample are kept at the upper end of every interval:
 * F- with each mass as late as it may be, and F+ with each mass as early
 * as it may be.  The band is, at each interval, the k-th smallest F- and
 * the k-th largest F+ over the resamples, k = floor((B + 1) (1 - level) / 2)
 * (the percentile method), so that it holds every resample's estimates.
 * The order statistics are kept in two heaps of k values per interval.
 *
 * Random numbers: xoshiro256** (Blackman and Vigna), seeded by splitmix64
 * from the seed R passes, so the bootstrap does not touch R's generator.
 */
#include "casepool.h"
#include <math.h>

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

void cp_rng_init(uint64_t *state, double seed)
{
    uint64_t x = (uint64_t) (int64_t) seed;
    for (int k = 0; k < 4; k++) {
        uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        state[k] = z ^ (z >> 31);
    }
}

/* a uniform draw from 0..n-1 */
static inline R_xlen_t rng_index(uint64_t *s, R_xlen_t n)
{
    double u = (double) (rng_next(s) >> 11) * 0x1.0p-53;
    R_xlen_t i = (R_xlen_t) (u * (double) n);
    return i < n ? i : n - 1;
}

/* Keep the k smallest values seen in h, a max-heap holding `size` <= k;
 * returns the new size. */
static inline int heap_keep_smallest(double *h, int size, int k, double v)
{
    int c;
    if (size < k) {
        c = size++;
        while (c > 0) {
            int parent = (c - 1) / 2;
            if (h[parent] >= v)
                break;
            h[c] = h[parent];
            c = parent;
        }
        h[c] = v;
        return size;
    }
    if (!(v < h[0]))
        return size;
    c = 0;
    for (;;) {
        int l = 2 * c + 1, r = l + 1, big = c;
        double bv = v;
        if (l < k && h[l] > bv) {
            big = l;
            bv = h[l];
        }
        if (r < k && h[r] > bv)
            big = r;
        if (big == c)
            break;
        h[c] = h[big];
        c = big;
    }
    h[c] = v;
    return size;
}

/*
 * The band of B resamples of the cases of D (runs with counts), ncases in
 * all; of[c] is the run of case c; fit the NPMLE of D.  Writes band_low and
 * band_high (length m) and the number of resamples whose fit did not
 * converge.
 */
void cp_npmle_bootstrap(const cp_npmle_data *D, const R_xlen_t *of,
                        R_xlen_t ncases, const double *fit, double tol,
                        double maxit, int B, int k, uint64_t *rng,
                        double *band_low, double *band_high, int *failed)
{
    R_xlen_t m = D->m, nd = D->n;
    if ((double) m * k > 2.5e8)
        Rf_error("cp_turnbull: the bootstrap band needs too much memory; lower B");
    double *cnt = (double *) R_alloc(nd, sizeof(double));
    R_xlen_t *ra = (R_xlen_t *) R_alloc(nd, sizeof(R_xlen_t));
    R_xlen_t *rb = (R_xlen_t *) R_alloc(nd, sizeof(R_xlen_t));
    double *rw = (double *) R_alloc(nd, sizeof(double));
    double *p = (double *) R_alloc(m, sizeof(double));
    double *late = (double *) R_alloc(m, sizeof(double));
    double *early = (double *) R_alloc(m, sizeof(double));
    unsigned char *starts = (unsigned char *) R_alloc(m, 1);
    unsigned char *ends = (unsigned char *) R_alloc(m, 1);
    double *low = (double *) R_alloc((size_t) m * k, sizeof(double));
    double *high = (double *) R_alloc((size_t) m * k, sizeof(double));
    cp_npmle_work *W = cp_npmle_work_new(m, nd);
    int nfail = 0;

    for (int rep = 0; rep < B; rep++) {
        R_CheckUserInterrupt();
        for (R_xlen_t i = 0; i < nd; i++)
            cnt[i] = 0;
        for (R_xlen_t c = 0; c < ncases; c++)
            cnt[of[rng_index(rng, ncases)]] += 1;
        R_xlen_t nr = 0;
        for (R_xlen_t i = 0; i < nd; i++) {
            if (cnt[i] > 0) {
                ra[nr] = D->a[i];
                rb[nr] = D->b[i];
                rw[nr] = cnt[i];
                nr++;
            }
        }
        cp_npmle_data Db = {m, nr, ra, rb, rw, (double) ncases};
        cp_npmle_info info;
        cp_npmle_fit(&Db, W, tol, maxit, fit, p, &info);
        if (!info.converged)
            nfail++;

        /* move each mass to the latest and to the earliest interval where
         * the drawn cases allow it */
        for (R_xlen_t j = 0; j < m; j++) {
            starts[j] = ends[j] = 0;
            late[j] = early[j] = 0;
        }
        for (R_xlen_t r = 0; r < nr; r++) {
            starts[ra[r]] = 1;
            ends[rb[r]] = 1;
        }
        R_xlen_t cur = m - 1;
        for (R_xlen_t j = m - 1; j >= 0; j--) {
            if (ends[j])
                cur = j;
            if (p[j] > 0)
                late[cur] += p[j];
        }
        cur = 0;
        for (R_xlen_t j = 0; j < m; j++) {
            if (starts[j])
                cur = j;
            if (p[j] > 0)
                early[cur] += p[j];
        }
        /* the two curves at each interval's upper end */
        int size = rep < k ? rep : k;
        double Fl = 0, Fe = 0;
        for (R_xlen_t j = 0; j < m; j++) {
            Fl += late[j];
            Fe += early[j];
            double vl = Fl < 1 ? Fl : 1, ve = Fe < 1 ? Fe : 1;
            heap_keep_smallest(low + (size_t) j * k, size, k, vl);
            heap_keep_smallest(high + (size_t) j * k, size, k, -ve);
        }
    }
    for (R_xlen_t j = 0; j < m; j++) {
        band_low[j] = low[(size_t) j * k];
        band_high[j] = -high[(size_t) j * k];
    }
    *failed = nfail;
}
