/*
 * groups.c: the groups of a `by` column in one pass with a hash table,
 * instead of factor()'s unique-sort-match over every case.  R sorts the
 * (few) distinct values and relabels the codes.
 */
#include "casepool.h"
#include <stdint.h>
#include <string.h>

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/*
 * cp_group_codes(x)
 *   x  a character, integer or logical vector
 * Returns list(codes, values, has_na): for each element the 1-based index
 * of its value among the distinct non-NA values in order of first
 * appearance (0 for NA), those values, and whether any element is NA.
 * Strings are compared by their cached CHARSXP, which is one per text and
 * encoding; text marked latin1 or bytes (where one text can have two
 * CHARSXPs) gives NULL, for R to group as factor() does.
 */
SEXP cp_group_codes(SEXP x)
{
    int type = TYPEOF(x);
    if (type != STRSXP && type != INTSXP && type != LGLSXP)
        Rf_error("cp_group_codes: 'x' must be character, integer or logical");
    R_xlen_t n = XLENGTH(x);
    if (n > INT_MAX)
        Rf_error("cp_group_codes: too many cases");
    const SEXP *ps = type == STRSXP ? STRING_PTR_RO(x) : NULL;
    const int *pi = type == INTSXP ? INTEGER(x) : type == LGLSXP ? LOGICAL(x) : NULL;
    /* slot holds the 1-based code of a distinct value, 0 when empty; key[c]
     * the value of code c + 1 and first[c] where it first appears.  The
     * table grows with the distinct values, not with the cases. */
    size_t cap = 1024, kcap = 512;
    int *slot = (int *) R_alloc(cap, sizeof(int));
    memset(slot, 0, cap * sizeof(int));
    uint64_t *key = (uint64_t *) R_alloc(kcap, sizeof(uint64_t));
    R_xlen_t *first = (R_xlen_t *) R_alloc(kcap, sizeof(R_xlen_t));
    int nprot = 0;
    SEXP codes = PROTECT(Rf_allocVector(INTSXP, n)); nprot++;
    int *pc = INTEGER(codes), k = 0, has_na = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xfffff) == 0xfffff)
            R_CheckUserInterrupt();
        uint64_t kv;
        if (ps) {
            SEXP el = ps[i];
            if (el == NA_STRING) {
                pc[i] = 0;
                has_na = 1;
                continue;
            }
            kv = (uint64_t) (uintptr_t) el;
        } else {
            if (pi[i] == NA_INTEGER) {
                pc[i] = 0;
                has_na = 1;
                continue;
            }
            kv = (uint64_t) (uint32_t) pi[i];
        }
        size_t s = (size_t) mix(kv) & (cap - 1);
        int c;
        while ((c = slot[s]) != 0 && key[c - 1] != kv)
            s = (s + 1) & (cap - 1);
        if (c) {
            pc[i] = c;
            continue;
        }
        /* a new value */
        if (ps) {
            cetype_t ce = Rf_getCharCE(ps[i]);
            if (ce == CE_LATIN1 || ce == CE_BYTES) {
                UNPROTECT(nprot);
                return R_NilValue;
            }
        }
        if ((size_t) k == kcap) {
            uint64_t *k2 = (uint64_t *) R_alloc(2 * kcap, sizeof(uint64_t));
            R_xlen_t *f2 = (R_xlen_t *) R_alloc(2 * kcap, sizeof(R_xlen_t));
            memcpy(k2, key, kcap * sizeof(uint64_t));
            memcpy(f2, first, kcap * sizeof(R_xlen_t));
            key = k2;
            first = f2;
            kcap *= 2;
        }
        key[k] = kv;
        first[k] = i;
        slot[s] = ++k;
        pc[i] = k;
        if (2 * (size_t) k >= cap) {
            /* rehash the distinct values into a table twice as big */
            cap *= 2;
            slot = (int *) R_alloc(cap, sizeof(int));
            memset(slot, 0, cap * sizeof(int));
            for (int c2 = 1; c2 <= k; c2++) {
                size_t t = (size_t) mix(key[c2 - 1]) & (cap - 1);
                while (slot[t])
                    t = (t + 1) & (cap - 1);
                slot[t] = c2;
            }
        }
    }
    SEXP values = PROTECT(Rf_allocVector(type, k)); nprot++;
    for (int c = 0; c < k; c++) {
        if (type == STRSXP)
            SET_STRING_ELT(values, c, ps[first[c]]);
        else if (type == INTSXP)
            INTEGER(values)[c] = pi[first[c]];
        else
            LOGICAL(values)[c] = pi[first[c]];
    }
    const char *names[] = {"codes", "values", "has_na"};
    SEXP out = PROTECT(cp_named_list(names, 3)); nprot++;
    SET_VECTOR_ELT(out, 0, codes);
    SET_VECTOR_ELT(out, 1, values);
    SET_VECTOR_ELT(out, 2, Rf_ScalarLogical(has_na));
    UNPROTECT(nprot);
    return out;
}

/*
 * cp_relabel(codes, map)
 *   codes  integer vector of codes 0..k (0 or NA: NA), from
 *          cp_group_codes() or a factor's
 *   map    integer vector of length k + 1: the new code of each, map[0]
 *          for NA
 * Returns the new codes as an integer vector.
 */
SEXP cp_relabel(SEXP codes, SEXP map)
{
    if (TYPEOF(codes) != INTSXP || TYPEOF(map) != INTSXP)
        Rf_error("cp_relabel: bad arguments");
    R_xlen_t n = XLENGTH(codes), k = XLENGTH(map);
    SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
    const int *pc = INTEGER(codes), *pm = INTEGER(map);
    int *po = INTEGER(out);
    for (R_xlen_t i = 0; i < n; i++)
        po[i] = pc[i] == NA_INTEGER ? pm[0] : pc[i] >= 0 && pc[i] < k ? pm[pc[i]] : NA_INTEGER;
    UNPROTECT(1);
    return out;
}
