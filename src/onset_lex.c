/*
 * onset_lex.c: splits an onset phrase into tokens (numbers, known words,
 * dashes) in one pass over its bytes.  Decisions that need the next token
 * are settled when it is pushed: whether a dash is a range, a minus sign or
 * a hyphen ("2-4", "-2nd", "6-month"), "twenty-one", whether N/7, N/52 and
 * N/12 are clinical shorthand or a fraction, which numbers are dose
 * amounts ("375 mg"), and which tokens follow a comma or a bracket.  Any byte sequence is accepted; bytes that are not
 * ASCII letters or digits separate words, apart from the dashes, the
 * comparison signs and the one-half sign that the contract names.
 */
#include "onset_lex.h"
#include <math.h>
#include <stdint.h>

#define IS_DIGIT(c) ((unsigned) (c) - '0' < 10u)
#define IS_ALPHA(c) ((unsigned) (((c) | 0x20) - 'a') < 26u)
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))

#define EXACT_MAX 9007199254740992.0 /* 2^53: larger whole numbers are not exact */

typedef struct {
    const unsigned char *s;
    size_t n;
    token *t;
    int nt;
    int brk; /* a comma, semicolon, colon or bracket since the last token */
} lexer;

static const double pow10_tab[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static double pow10i(int k)
{
    return k <= 22 ? pow10_tab[k] : pow(10.0, k);
}

static token make(int type, int word, unsigned flags, double value)
{
    token tk;
    tk.value = value;
    tk.flags = (unsigned short) flags;
    tk.type = (unsigned char) type;
    tk.word = (unsigned char) word;
    tk.cls = C_NONE;
    tk.div = DIV_NONE;
    return tk;
}

/* the time unit of a shorthand code: 1 N/7 days, 2 N/52 weeks, 3 N/12 months */
static token shorthand_unit(int code)
{
    token u = make(T_WORD, W_UNIT, F_PLURAL,
                   code == 1 ? 1 : code == 2 ? 7 : 365.25 / 12);
    u.cls = C_TIME;
    return u;
}

static int is_plain_num(const token *t)
{
    return t->type == T_NUM && !(t->flags & F_AMOUNT);
}

/* Append tk, first settling what the previous token left open. */
static void push(lexer *lx, token tk)
{
    token *t = lx->t;
    int nt = lx->nt;
    if (lx->brk) {
        tk.flags |= F_BREAK;
        lx->brk = 0;
    }
    if (nt > 0 && (t[nt - 1].flags & F_SHORT)) {
        token *p = t + nt - 1;
        int code = p->div;
        p->flags &= (unsigned short) ~F_SHORT;
        p->div = DIV_NONE;
        if (tk.type == T_WORD && tk.word == W_UNIT && tk.cls == C_TIME) {
            /* "1/12 month" is a fraction, not shorthand */
            p->value /= code == 1 ? 7 : code == 2 ? 52 : 12;
            p->flags |= F_FRAC;
        } else {
            t[nt++] = shorthand_unit(code);
        }
    }
    if (nt > 0 && t[nt - 1].type == T_DASH) {
        token *d = t + nt - 1;
        token *p = nt > 1 ? t + nt - 2 : NULL;
        if (tk.type == T_NUM && p && is_plain_num(p)) {
            if ((d->flags & F_SOFT) && (p->flags & F_TENS) && (tk.flags & F_WORDNUM) &&
                tk.value >= 1 && tk.value <= 9 && !(tk.flags & (F_HALF | F_LAST | F_BAD))) {
                /* twenty-one, thirty-first */
                p->value += tk.value;
                p->flags = (unsigned short) ((p->flags & ~F_TENS) | (tk.flags & F_ORD));
                lx->nt = nt - 1;
                return;
            }
            d->flags &= (unsigned short) ~F_SOFT; /* a range: 2-4, second-third */
        } else if (tk.type == T_NUM && (d->flags & F_MINUS) && !(d->flags & F_SPACED) &&
                   !(tk.flags & F_WORDNUM)) {
            tk.flags |= F_NEG; /* -2, after the -2nd infusion */
            nt--;
        } else if (d->flags & F_SOFT) {
            nt--; /* 6-month, three-week, follow-up: a hyphen, no range */
        }
    }
    if (tk.type == T_NUM && (tk.flags & F_WORDNUM) && tk.value >= 1 && tk.value <= 9 &&
        !(tk.flags & (F_HALF | F_LAST | F_BAD)) && nt > 0 &&
        (t[nt - 1].flags & F_TENS) && is_plain_num(t + nt - 1)) {
        t[nt - 1].value += tk.value; /* twenty one */
        t[nt - 1].flags = (unsigned short) ((t[nt - 1].flags & ~F_TENS) | (tk.flags & F_ORD));
        lx->nt = nt;
        return;
    }
    if (tk.type == T_WORD && tk.word == W_DOSEUNIT && nt > 0 && t[nt - 1].type == T_NUM) {
        /* 375 mg, 1-2 g: dose amounts, not counts */
        t[nt - 1].flags |= F_AMOUNT;
        if (nt > 2 && (t[nt - 2].type == T_DASH || t[nt - 2].word == W_TO) &&
            t[nt - 3].type == T_NUM)
            t[nt - 3].flags |= F_AMOUNT;
    }
    t[nt++] = tk;
    lx->nt = nt;
}

/* A word starting at s[i]; letters glued to digits after it (m2, il6) make
 * one unknown word, except for units: day3, infusion2. */
static size_t lex_word(lexer *lx, size_t i)
{
    const unsigned char *s = lx->s;
    size_t n = lx->n, j = i;
    while (j < n && IS_ALPHA(s[j]))
        j++;
    const lexeme *lex = cp_onset_lookup((const char *) s + i, j - i);
    if (j < n && IS_DIGIT(s[j]) && !(lex && lex->word == W_UNIT)) {
        while (j < n && IS_ALNUM(s[j]))
            j++;
        lex = NULL;
    }
    token tk = make(T_WORD, W_OTHER, 0, 0);
    if (lex) {
        tk = make(lex->type, lex->word, lex->flags, lex->value);
        tk.cls = lex->cls;
        tk.div = lex->div;
    }
    push(lx, tk);
    return j;
}

/* Digits after s[i - 1] into *m, up to 2^53 exactly; returns the end and
 * sets *over when the number does not fit. */
static size_t digits(const unsigned char *s, size_t i, size_t n, uint64_t *m, int *over)
{
    while (i < n && IS_DIGIT(s[i])) {
        if (*m <= (uint64_t) EXACT_MAX)
            *m = *m * 10 + (uint64_t) (s[i] - '0');
        i++;
    }
    if (*m > (uint64_t) EXACT_MAX)
        *over = 1;
    return i;
}

/* A number starting at the digit s[i]: 12, 2.5, 2,5, 1 1/2, 3/52, 10^6,
 * 1e6, 2nd, 48hr, 375mg. */
static size_t lex_number(lexer *lx, size_t i)
{
    const unsigned char *s = lx->s;
    size_t n = lx->n;
    uint64_t m = 0;
    int bad = 0, k = 0;
    i = digits(s, i, n, &m, &bad);
    if (i + 1 < n && (s[i] == '.' || s[i] == ',') && IS_DIGIT(s[i + 1])) {
        size_t j = i + 1;
        while (j < n && IS_DIGIT(s[j]))
            j++;
        if (s[i] == ',' && j - i - 1 == 3) {
            /* 1,000: a thousands separator or a decimal comma? */
            bad = 1;
            while (j + 1 < n && (s[j] == ',' || s[j] == '.') && IS_DIGIT(s[j + 1])) {
                j++;
                while (j < n && IS_DIGIT(s[j]))
                    j++;
            }
        } else {
            for (size_t q = i + 1; q < j; q++) {
                if (m < 100000000000000000u) { /* later digits only round */
                    m = m * 10 + (uint64_t) (s[q] - '0');
                    k++;
                }
            }
        }
        i = j;
    }
    double v = (double) m / pow10i(k);
    token tk = make(T_NUM, W_OTHER, bad ? F_BAD : 0, v);
    if (i + 1 < n && s[i] == '/' && IS_DIGIT(s[i + 1])) {
        uint64_t d = 0;
        int over = 0;
        size_t j = digits(s, i + 1, n, &d, &over);
        if (j + 1 < n && s[j] == '/' && IS_DIGIT(s[j + 1])) {
            /* a date, 3/5/2014: not a number of anything */
            j++;
            while (j < n && IS_DIGIT(s[j]))
                j++;
            push(lx, make(T_WORD, W_OTHER, 0, 0));
            return j;
        }
        i = j;
        if (!over && (d == 7 || d == 52 || d == 12)) {
            tk.flags |= F_SHORT; /* settled by the next token */
            tk.div = d == 7 ? 1 : d == 52 ? 2 : 3;
        } else if (d == 0 || over) {
            tk.flags |= F_BAD;
        } else {
            tk.value = v / (double) d;
            tk.flags |= F_FRAC;
        }
    } else if (i + 1 < n && (s[i] == '^' || (s[i] | 0x20) == 'e')) {
        /* 10^6, 1e6, 1e-3: powers; 10^400 and anything past 2^53 are unreadable */
        size_t j = i + 1;
        int minus = s[j] == '-' && j + 1 < n;
        j += (size_t) minus;
        if (IS_DIGIT(s[j])) {
            int e = 0;
            while (j < n && IS_DIGIT(s[j])) {
                if (e < 10000)
                    e = e * 10 + (s[j] - '0');
                j++;
            }
            if (minus)
                e = -e;
            tk.value = s[i] == '^' ? pow(v, e) : v * pow(10.0, e);
            i = j;
        }
    }
    if (!(tk.value <= EXACT_MAX))
        tk.flags |= F_BAD; /* also NaN */
    if (i + 1 < n && IS_ALPHA(s[i]) && IS_ALPHA(s[i + 1]) &&
        (i + 2 >= n || !IS_ALNUM(s[i + 2]))) {
        unsigned a = s[i] | 0x20, b = s[i + 1] | 0x20;
        if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
            (a == 't' && b == 'h')) {
            tk.flags |= F_ORD;
            push(lx, tk);
            return i + 2;
        }
    }
    push(lx, tk);
    if (i < n && IS_ALPHA(s[i]))
        return lex_word(lx, i); /* 48hr, 2wks, 6mo, 375mg */
    return i;
}

/* A dash of width w bytes at s[i]; minus says it may be a minus sign. */
static void lex_dash(lexer *lx, size_t i, size_t w, int minus)
{
    const unsigned char *s = lx->s;
    size_t n = lx->n;
    int left = i > 0 ? s[i - 1] : ' ', right = i + w < n ? s[i + w] : ' ';
    unsigned flags = 0;
    if (IS_ALPHA(left) || IS_ALPHA(right))
        flags |= F_SOFT;
    if (!IS_ALNUM(right))
        flags |= F_SPACED;
    if (minus && !IS_ALNUM(left))
        flags |= F_MINUS;
    push(lx, make(T_DASH, W_OTHER, flags, 0));
}

#define IS_HEX(c) (IS_DIGIT(c) || (unsigned) (((c) | 0x20) - 'a') < 6u)

/* Is the "<" or ">" at s[i] a comparison ("<2 weeks", ">= 6 months")?
 * Only before a number, and never in the <ff> that stands for a byte that
 * is not UTF-8. */
static int is_comparison(const unsigned char *s, size_t i, size_t n)
{
    if (s[i] == '<' && i + 3 < n && IS_HEX(s[i + 1]) && IS_HEX(s[i + 2]) && s[i + 3] == '>')
        return 0;
    if (s[i] == '>' && i >= 3 && s[i - 3] == '<' && IS_HEX(s[i - 2]) && IS_HEX(s[i - 1]))
        return 0;
    size_t j = i + 1;
    while (j < n && (s[j] == ' ' || s[j] == '='))
        j++;
    return j < n && IS_DIGIT(s[j]);
}

int cp_onset_tokenize(const char *str, size_t n, token *toks)
{
    lexer lx = {(const unsigned char *) str, n, toks, 0, 0};
    const unsigned char *s = lx.s;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (IS_DIGIT(c)) {
            i = lex_number(&lx, i);
        } else if (IS_ALPHA(c)) {
            i = lex_word(&lx, i);
        } else if (c == '-') {
            lex_dash(&lx, i, 1, 1);
            i++;
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0x93 || s[i + 2] == 0x94)) {
            lex_dash(&lx, i, 3, 0); /* en dash, em dash */
            i += 3;
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x88 && s[i + 2] == 0x92) {
            lex_dash(&lx, i, 3, 1); /* U+2212 minus sign */
            i += 3;
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x89 &&
                   (s[i + 2] == 0xA4 || s[i + 2] == 0xA5)) {
            push(&lx, make(T_WORD, s[i + 2] == 0xA4 ? W_LT : W_GT, 0, 0)); /* <= >= */
            i += 3;
        } else if ((c == '<' || c == '>') && is_comparison(s, i, n)) {
            push(&lx, make(T_WORD, c == '<' ? W_LT : W_GT, 0, 0)); /* <2 weeks, >= 6 months */
            i++;
        } else if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xBD) {
            push(&lx, make(T_NUM, W_OTHER, F_FRAC, 0.5)); /* one-half sign */
            i += 2;
        } else {
            if (c == '%' && lx.nt > 0 && toks[lx.nt - 1].type == T_NUM)
                toks[lx.nt - 1].flags |= F_AMOUNT; /* 50%: not a count */
            else if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' ||
                     c == ']')
                lx.brk = 1;
            i++;
        }
    }
    if (lx.nt > 0 && (toks[lx.nt - 1].flags & F_SHORT)) {
        token *p = toks + lx.nt - 1;
        int code = p->div;
        p->flags &= (unsigned short) ~F_SHORT;
        p->div = DIV_NONE;
        toks[lx.nt++] = shorthand_unit(code);
    }
    return lx.nt;
}
