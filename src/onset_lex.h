/*
 * onset_lex.h: tokens of the onset-phrase scanner, shared by the word list
 * (onset_words.c), the tokenizer (onset_lex.c) and the reader
 * (onset_scan.c).  Internal to the scanner; no R API.
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

#endif
