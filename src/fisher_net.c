/* fisher_net.c: scratch buffers held by R, and the hash tables of the
 * nodes of a stage and of the paths into them (see fisher.c). */
#include "fisher.h"

/* ---- scratch buffers held by R --------------------------------------- */

/* A growable array whose storage is a raw vector in a protected list, so
 * that R frees it on error or interrupt. */
void fx_buf_init(fx_buf *b, SEXP pool, int slot, size_t elt)
{
    b->pool = pool;
    b->slot = slot;
    b->elt = elt;
    b->cap = 0;
    b->p = NULL;
}

/* room for `need` elements, keeping the first `used` */
void fx_buf_reserve(fx_buf *b, R_xlen_t need, R_xlen_t used)
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

void fx_stage_init(fx_stage *S, SEXP pool, int base)
{
    fx_buf_init(&S->keys, pool, base, sizeof(int));
    fx_buf_init(&S->info, pool, base + 1, sizeof(fx_node));
    fx_buf_init(&S->slots, pool, base + 2, sizeof(int));
    fx_buf_init(&S->pairs, pool, base + 3, sizeof(fx_pair));
    fx_buf_init(&S->pslots, pool, base + 4, sizeof(R_xlen_t));
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

void fx_pairs_rehash(fx_stage *S, R_xlen_t nslots)
{
    fx_buf_reserve(&S->pslots, nslots, 0);
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
int fx_pair_add(fx_stage *S, int node, double pv, double f, R_xlen_t max)
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
    fx_buf_reserve(&S->pairs, S->npairs + 1, S->npairs);
    pr = (fx_pair *) S->pairs.p + S->npairs;
    pr->pv = pv;
    pr->f = f;
    pr->node = node;
    slot[h] = S->npairs++;
    if ((double) S->npairs > 0.5 * (double) S->npslots)
        fx_pairs_rehash(S, 2 * S->npslots);
    return 1;
}

void fx_stage_clear(fx_stage *S)
{
    S->nnodes = 0;
    S->npairs = 0;
    if (S->nslots > 0)
        memset(S->slots.p, 0xff, (size_t) S->nslots * sizeof(int));
    if (S->npslots > 0)
        memset(S->pslots.p, 0xff, (size_t) S->npslots * sizeof(R_xlen_t));
}

void fx_stage_rehash(fx_stage *S, int r, int nslots)
{
    fx_buf_reserve(&S->slots, nslots, 0);
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
int fx_stage_find(fx_stage *S, const int *key, int r, uint64_t *where)
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

int fx_stage_insert(fx_stage *S, const int *key, int r, uint64_t where)
{
    if (S->nnodes == INT_MAX - 1)
        Rf_error("cp_fisher: too many nodes");
    int v = S->nnodes++;
    fx_buf_reserve(&S->keys, (R_xlen_t) S->nnodes * r, (R_xlen_t) v * r);
    fx_buf_reserve(&S->info, S->nnodes, v);
    memcpy((int *) S->keys.p + (R_xlen_t) v * r, key, (size_t) r * sizeof(int));
    ((int *) S->slots.p)[where] = v;
    if ((double) S->nnodes > 0.5 * S->nslots)
        fx_stage_rehash(S, r, S->nslots * 2);
    return v;
}
