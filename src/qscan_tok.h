/*
 * qscan_tok.h: tokens of the quantity and schedule reader, shared by
 * qscan.c (tokens, doses, durations) and regimen_scan.c (schedules).
 * Internal to those two files.
 */
#ifndef CASEPOOL_QSCAN_TOK_H
#define CASEPOOL_QSCAN_TOK_H

#include <stddef.h>

enum q_type { Q_NUM, Q_WORD, Q_COMMA, Q_SLASH, Q_DASH, Q_PLUS, Q_GT };

enum q_word {
    QW_OTHER = 0,
    QW_UNIT,      /* day, week, month, year: value in days */
    QW_ADVERB,    /* daily, weekly, monthly: value in days */
    QW_AMBIG,     /* biweekly, bimonthly, twice */
    QW_EVERY,     /* every, each */
    QW_Q,         /* q, as in q4w */
    QW_OTHERW,    /* other, as in every other week */
    QW_THEN,      /* then, thereafter, maintenance, followed, subsequently */
    QW_REPEAT,    /* repeated, repeat */
    QW_CYCLE,     /* cycle(s), course(s) */
    QW_DOSE,      /* dose(s), infusion(s), administration(s), injection(s) */
    QW_TIMES,     /* x, times */
    QW_SINGLE,    /* single */
    QW_ONCE,      /* once */
    QW_FOR,       /* for, over, during */
    QW_APART,     /* apart */
    QW_AND,       /* and, & */
    QW_MASS,      /* mg, g, mcg: value in mg */
    QW_KG,        /* kg */
    QW_M,         /* m, as in m2 */
    QW_PER,       /* per */
    QW_A,         /* a, an */
    QW_LEAST,     /* least, as in at least; more, as in more than */
    QW_THAN,
    QW_TO,        /* to, or: ranges */
    QW_TWICE      /* twice, thrice: value 2, 3 */
};

typedef struct {
    int type;         /* enum q_type */
    int word;         /* enum q_word, for Q_WORD */
    double value;     /* Q_NUM: the number; words: days or mg */
    int is_int;       /* Q_NUM written without a decimal point */
    int ndig;         /* Q_NUM: digits written before any decimal point */
    int space_before; /* blank or punctuation before the token */
    int bad;          /* Q_NUM with more digits than a double holds */
} qtok;

static inline int is_w(const qtok *toks, int nt, int i, int w)
{
    return i >= 0 && i < nt && toks[i].type == Q_WORD && toks[i].word == w;
}

static inline int is_t(const qtok *toks, int nt, int i, int type)
{
    return i >= 0 && i < nt && toks[i].type == type;
}

/* Splits s (n bytes) into tokens; toks has room for n + 1, buf for n + 1
 * bytes.  Returns the number of tokens. */
int q_tokenize(const char *s, size_t n, qtok *toks, char *buf);

/* 1 when s (n bytes) is empty or a not-reported marker */
int q_not_reported(const char *s, size_t n);

/* Reads a dose "N <mass>[/kg|/m2][/day]" starting at the number toks[i];
 * returns the index after it (i when there is none) and sets value (mg,
 * mg/kg or mg/m2), unit, per_day; *range is set when "N-M <mass>". */
int q_dose_at(const qtok *toks, int nt, int i, double *value, int *unit,
              int *per_day, int *range);

#endif
