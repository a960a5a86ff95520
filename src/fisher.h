/*
 * fisher.h: the pieces of Fisher's exact test (fisher.c and its
 * fisher_*.c files) share these types and routines; nothing outside them
 * uses this header.
 */
#ifndef CASEPOOL_FISHER_H
#define CASEPOOL_FISHER_H
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

/* fisher_net.c: scratch buffers held by R, and the hash tables of a stage */
void fx_buf_init(fx_buf *b, SEXP pool, int slot, size_t elt);
void fx_buf_reserve(fx_buf *b, R_xlen_t need, R_xlen_t used);
void fx_stage_init(fx_stage *S, SEXP pool, int base);
void fx_stage_clear(fx_stage *S);
void fx_stage_rehash(fx_stage *S, int r, int nslots);
void fx_pairs_rehash(fx_stage *S, R_xlen_t nslots);
int fx_stage_find(fx_stage *S, const int *key, int r, uint64_t *where);
int fx_stage_insert(fx_stage *S, const int *key, int r, uint64_t where);
int fx_pair_add(fx_stage *S, int node, double pv, double f, R_xlen_t max);

/* fisher_bounds.c */
void fx_node_bounds(fx_net *N, int s, const int *key, fx_node *nd);

/* fisher_expand.c */
void fx_expand_stage(fx_net *N, int s, fx_stage *cur, fx_stage *next);

/* fisher_2x2.c */
void fx_fisher_2x2(const int *x, double conf_level, double *out);

#endif
