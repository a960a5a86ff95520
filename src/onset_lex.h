/*
 * onset_lex.h: the onset-phrase scanner's internal header: tokens, shared by
 * the word list (onset_words.c), the tokenizer (onset_lex.c) and the reader
 * (onset_quant.c, onset_scan.c), and the reader's view of a phrase.  No R
 * API.
 */
#ifndef CASEPOOL_ONSET_LEX_H
#define CASEPOOL_ONSET_LEX_H

#include <stddef.h>

enum tok_type { T_NUM = 1, T_WORD, T_DASH };

/* token flags */
#define F_ORD     0x0001 /* an ordinal: 2nd, second, last */
#define F_NEG     0x0002 /* written with a minus sign: -2 */
#define F_BAD     0x0004 /* no exact value: too many digits, 1,000, 10^400, hundred */
#define F_AMOUNT  0x0008 /* a dose amount (375 mg, 1 g, 50%): never a count */
#define F_FRAC    0x0010 /* a fraction below a whole number: 1/2, the 1/2 of 1 1/2 */
#define F_HALF    0x0020 /* the word half */
#define F_WORDNUM 0x0040 /* a number written as a word */
#define F_TENS    0x0080 /* twenty, thirty...: can take a units word (twenty-one) */
#define F_LAST    0x0100 /* last, final: infusion +Inf */
#define F_SHORT   0x0200 /* N/7, N/52, N/12, until the next token says which */
#define F_PLURAL  0x0400 /* a plural unit word: weeks, infusions */
#define F_SOFT    0x0800 /* a hyphen that touches a letter: 6-month, follow-up */
#define F_SPACED  0x1000 /* a dash with no digit or letter right after it */
#define F_MINUS   0x2000 /* a dash that can be a minus sign (-, U+2212) */
#define F_NEGATED 0x4000 /* a response word under a negation (no improvement) */
#define F_BREAK   0x8000 /* a comma, semicolon, colon or bracket comes before it */

/* classes of W_UNIT words */
enum { C_NONE = 0, C_TIME, C_INF, C_COURSE };

/* divisors of time units kept apart so that 24 hours is exactly one day */
enum { DIV_NONE = 0, DIV_HOUR, DIV_MINUTE };

enum word_id {
    W_OTHER = 0,  /* any word without a meaning here; may be skipped */
    W_UNIT,       /* day, week, infusion, dose, course, cycle (cls says which) */
    W_A,          /* a, an, single: one */
    W_THE, W_OF, W_AND, W_TO, W_OR, W_BETWEEN,
    W_WITHIN, W_BY, W_UP, W_UNTIL, W_OVER, W_DURING,   /* (0, N] */
    W_LESS, W_UNDER, W_BEFORE, W_PRIOR,                 /* (0, N] and K - 1 */
    W_MORE, W_LONGER, W_LATER, W_THAN, W_BEYOND, W_LEAST,
    W_MIN, W_MAX, W_LT, W_GT,
    W_AFTER, W_FOLLOWING, W_AT, W_IN, W_FROM, W_POST, W_SINCE,
    W_NEXT, W_SAME, W_INITIAL, W_FILLER, W_FILLNOUN,
    W_OVERNIGHT,  /* overnight, immediately */
    W_DAYPART,    /* morning, evening, night */
    W_VAGUE,      /* few, several, some, couple, many */
    W_DOSEUNIT,   /* mg, g, kg, ml, iu */
    W_FOLLOW, W_FOLLOWUP,
    W_NO,         /* no, not */
    W_NEG,        /* never, without, lack, failed, didn... */
    W_DESC,       /* refractory, unresponsive, nonresponder */
    W_RESP,       /* improvement, response, responded, remission */
    W_RESPN,      /* change, effect: a response word only when negated */
    W_NEGFILL,    /* words between a negation and its response word */
    W_NRWORD,     /* unknown, unclear */
    W_NRPART      /* reported, stated (after not) */
};

typedef struct {
    double value;          /* the number; days per unit for time units */
    unsigned short flags;  /* F_* */
    unsigned char type;    /* enum tok_type */
    unsigned char word;    /* enum word_id, for T_WORD */
    unsigned char cls;     /* C_* of a W_UNIT */
    unsigned char div;     /* DIV_* of a time unit; shorthand code of F_SHORT */
} token;

typedef struct {
    const char *text;      /* lower case */
    unsigned char type;    /* T_NUM or T_WORD */
    unsigned char word;
    unsigned char cls;
    unsigned char div;
    unsigned short flags;
    double value;
} lexeme;

/* The lexeme of the letters w[0..len-1] (any case), or NULL. */
const lexeme *cp_onset_lookup(const char *w, size_t len);

/* Split s (n bytes) into tokens; toks has room for n + 1.  Returns the
 * number of tokens. */
int cp_onset_tokenize(const char *s, size_t n, token *toks);

/* ---- the reader: onset_quant.c finds quantities, onset_scan.c decides ---- */

enum qual { Q_EXACT = 0, Q_UPPER, Q_BEFORE, Q_LOWER, Q_RANGE };

typedef struct {
    token *t;
    int n;
} phrase;

/* a time, a count of infusions or a count of courses, as written */
typedef struct {
    int found;        /* 1 a number, 2 a vague quantifier, 3 a bare plural */
    int bad;          /* a number in it is negative or has no exact value */
    int start, end;   /* its first and last token */
    int unit;         /* the unit word */
    double lo, hi;    /* the numbers as written */
    int range, ordinal, last;
    int qual, during; /* the qualifier; during or over (not within) */
    int first;        /* "the first 2 weeks", "the next 3 days" */
    int rel;          /* the word before it (after, of...), or -1 */
    int followup, later;
    double lo_d, hi_d; /* a time, in days, with "and a half", "to 3 months" */
} quant;

static inline int is_w(const phrase *p, int i, int w)
{
    return i >= 0 && i < p->n && p->t[i].type == T_WORD && p->t[i].word == w;
}

static inline int is_unit(const phrase *p, int i, int cls)
{
    return is_w(p, i, W_UNIT) && p->t[i].cls == cls;
}

static inline double to_days(const token *u, double x)
{
    return u->div == DIV_HOUR ? x / 24 : u->div == DIV_MINUTE ? x / 1440 : x * u->value;
}

/* The first time (cls C_TIME) or count of infusions or courses in the
 * phrase: 0 none, 1 with a number, 2 with a vague quantifier, 3 a bare
 * plural; q says which words and what surrounds them. */
int cp_onset_quant(const phrase *p, int cls, quant *q);

#endif
