/*
 * qscan.c: tokens of a case table's text columns, and the readers of a
 * dose ("375 mg/m2") and of a follow-up ("24 months", "18+").  Plain C, no
 * R API: regimen.c calls it from R, tools/fuzz/ alone.
 */
#include "qscan.h"
#include "qscan_tok.h"
#include <math.h>
#include <string.h>

/* ASCII classes, whatever the locale */
static int q_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int q_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char q_lower(unsigned char c) { return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c); }
static int q_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

typedef struct {
    const char *text;
    int word;
    double value;
} qlex;

#define MONTH (365.25 / 12)

static const qlex qwords[] = {
    {"day", QW_UNIT, 1}, {"days", QW_UNIT, 1}, {"d", QW_UNIT, 1},
    {"week", QW_UNIT, 7}, {"weeks", QW_UNIT, 7}, {"wk", QW_UNIT, 7},
    {"wks", QW_UNIT, 7}, {"w", QW_UNIT, 7},
    {"month", QW_UNIT, MONTH}, {"months", QW_UNIT, MONTH},
    {"mo", QW_UNIT, MONTH}, {"mos", QW_UNIT, MONTH}, {"mth", QW_UNIT, MONTH},
    {"mths", QW_UNIT, MONTH}, {"m", QW_M, 0},
    {"year", QW_UNIT, 365.25}, {"years", QW_UNIT, 365.25},
    {"yr", QW_UNIT, 365.25}, {"yrs", QW_UNIT, 365.25}, {"y", QW_UNIT, 365.25},
    {"daily", QW_ADVERB, 1}, {"weekly", QW_ADVERB, 7},
    {"fortnightly", QW_ADVERB, 14}, {"monthly", QW_ADVERB, MONTH},
    {"quarterly", QW_ADVERB, 365.25 / 4}, {"yearly", QW_ADVERB, 365.25},
    {"annually", QW_ADVERB, 365.25}, {"semiannually", QW_ADVERB, 365.25 / 2},
    {"biweekly", QW_AMBIG, 0}, {"bimonthly", QW_AMBIG, 0},
    {"biannually", QW_AMBIG, 0}, {"twice", QW_TWICE, 2},
    {"thrice", QW_TWICE, 3}, {"to", QW_TO, 0}, {"or", QW_TO, 0},
    {"every", QW_EVERY, 0}, {"each", QW_EVERY, 0}, {"q", QW_Q, 0},
    {"other", QW_OTHERW, 0},
    {"then", QW_THEN, 0}, {"thereafter", QW_THEN, 0},
    {"maintenance", QW_THEN, 0}, {"followed", QW_THEN, 0},
    {"subsequently", QW_THEN, 0}, {"afterwards", QW_THEN, 0},
    {"repeated", QW_REPEAT, 0}, {"repeat", QW_REPEAT, 0},
    {"repeating", QW_REPEAT, 0}, {"repeats", QW_REPEAT, 0},
    {"cycle", QW_CYCLE, 0}, {"cycles", QW_CYCLE, 0},
    {"course", QW_CYCLE, 0}, {"courses", QW_CYCLE, 0},
    {"dose", QW_DOSE, 0}, {"doses", QW_DOSE, 0},
    {"infusion", QW_DOSE, 0}, {"infusions", QW_DOSE, 0},
    {"administration", QW_DOSE, 0}, {"administrations", QW_DOSE, 0},
    {"injection", QW_DOSE, 0}, {"injections", QW_DOSE, 0},
    {"x", QW_TIMES, 0}, {"times", QW_TIMES, 0},
    {"single", QW_SINGLE, 0}, {"once", QW_ONCE, 0},
    {"for", QW_FOR, 0}, {"over", QW_FOR, 1}, {"during", QW_FOR, 0},
    {"apart", QW_APART, 0}, {"and", QW_AND, 0},
    {"mg", QW_MASS, 1}, {"g", QW_MASS, 1000}, {"gm", QW_MASS, 1000},
    {"gram", QW_MASS, 1000}, {"grams", QW_MASS, 1000},
    {"mcg", QW_MASS, 0.001}, {"ug", QW_MASS, 0.001},
    {"kg", QW_KG, 0}, {"per", QW_PER, 0}, {"a", QW_A, 1}, {"an", QW_A, 1},
    {"least", QW_LEAST, 0}, {"more", QW_LEAST, 0}, {"than", QW_THAN, 0},
};

static const char *q_cardinals[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty"
};

static void q_classify(const char *w, size_t len, qtok *t)
{
    t->type = Q_WORD;
    t->word = QW_OTHER;
    t->value = 0;
    for (int k = 0; k <= 20; k++) {
        if (strlen(q_cardinals[k]) == len && memcmp(q_cardinals[k], w, len) == 0) {
            t->type = Q_NUM;
            t->value = k;
            t->is_int = 1;
            t->ndig = k < 10 ? 1 : 2;
            return;
        }
    }
    for (size_t k = 0; k < sizeof(qwords) / sizeof(qwords[0]); k++) {
        if (strlen(qwords[k].text) == len && memcmp(qwords[k].text, w, len) == 0) {
            t->word = qwords[k].word;
            t->value = qwords[k].value;
            return;
        }
    }
}

static qtok *q_push(qtok *toks, int *nt, int type, int space)
{
    qtok *t = toks + (*nt)++;
    t->type = type;
    t->word = QW_OTHER;
    t->value = 0;
    t->is_int = 1;
    t->ndig = 0;
    t->space_before = space;
    t->bad = 0;
    return t;
}

int q_tokenize(const char *s, size_t n, qtok *toks, char *buf)
{
    int nt = 0, space = 1;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char) s[i];
        unsigned char c1 = i + 1 < n ? (unsigned char) s[i + 1] : 0;
        unsigned char c2 = i + 2 < n ? (unsigned char) s[i + 2] : 0;
        if (q_digit(c)) {
            qtok *t = q_push(toks, &nt, Q_NUM, space);
            double v = 0;
            int sig = 0;
            while (i < n && q_digit((unsigned char) s[i])) {
                if (sig || s[i] != '0')
                    sig++;
                v = v * 10 + (s[i++] - '0');
                t->ndig++;
            }
            if (i + 1 < n && s[i] == '.' && q_digit((unsigned char) s[i + 1])) {
                double scale = 0.1;
                t->is_int = 0;
                i++;
                while (i < n && q_digit((unsigned char) s[i])) {
                    sig++;
                    v += (s[i++] - '0') * scale;
                    scale /= 10;
                }
            }
            t->bad = sig > 15;
            /* "1e400", "2E-3": an exponent is not read as a name */
            if (i + 1 < n && (s[i] == 'e' || s[i] == 'E') &&
                (q_digit((unsigned char) s[i + 1]) ||
                 ((s[i + 1] == '-' || s[i + 1] == '+') && i + 2 < n &&
                  q_digit((unsigned char) s[i + 2])))) {
                i += 2;
                while (i < n && q_digit((unsigned char) s[i]))
                    i++;
                t->bad = 1;
            }
            t->value = v;
            space = 0;
            /* "2nd": an ordinal suffix is not a unit */
            if (i + 1 < n && q_alpha((unsigned char) s[i]) &&
                (i + 2 >= n || !q_alpha((unsigned char) s[i + 2]))) {
                char a = q_lower((unsigned char) s[i]);
                char b = q_lower((unsigned char) s[i + 1]);
                if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                    (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
                    i += 2;
            }
            continue;
        }
        if (q_alpha(c) || (c == 0xC2 && c1 == 0xB5) || (c == 0xCE && c1 == 0xBC)) {
            size_t len = 0;
            while (i < n) {
                unsigned char d = (unsigned char) s[i];
                if (q_alpha(d)) {
                    buf[len++] = q_lower(d);
                    i++;
                } else if ((d == 0xC2 && i + 1 < n && (unsigned char) s[i + 1] == 0xB5) ||
                           (d == 0xCE && i + 1 < n && (unsigned char) s[i + 1] == 0xBC)) {
                    buf[len++] = 'u'; /* micro sign, Greek mu: ug */
                    i += 2;
                } else {
                    break;
                }
            }
            q_classify(buf, len, q_push(toks, &nt, Q_WORD, space));
            space = 0;
            continue;
        }
        if (c == 0xC3 && c1 == 0x97) {                     /* multiplication sign */
            qtok *t = q_push(toks, &nt, Q_WORD, space);
            t->word = QW_TIMES;
            i += 2;
            space = 0;
        } else if (c == 0xC2 && c1 == 0xB2) {              /* superscript two */
            qtok *t = q_push(toks, &nt, Q_NUM, 0);
            t->value = 2;
            t->ndig = 1;
            i += 2;
            space = 0;
        } else if (c == 0xE2 && ((c1 == 0x80 && (c2 == 0x93 || c2 == 0x94)) ||
                                 (c1 == 0x88 && c2 == 0x92))) {
            q_push(toks, &nt, Q_DASH, space);              /* en, em dash, minus */
            i += 3;
            space = 0;
        } else if (c == 0xE2 && c1 == 0x89 && c2 == 0xA5) { /* greater or equal */
            q_push(toks, &nt, Q_GT, space);
            i += 3;
            space = 0;
        } else if (c == '-' || c == ',' || c == '/' || c == '+' || c == '>' ||
                   c == ';' || c == '&') {
            if (c == '&') {
                q_push(toks, &nt, Q_WORD, space)->word = QW_AND;
            } else {
                q_push(toks, &nt, c == '-' ? Q_DASH : c == '/' ? Q_SLASH :
                       c == '+' ? Q_PLUS : c == '>' ? Q_GT : Q_COMMA, space);
            }
            i++;
            space = 0;
        } else {
            i++;                                           /* blanks, other bytes */
            space = 1;
        }
    }
    return nt;
}

int q_not_reported(const char *s, size_t n)
{
    static const char *markers[] = {"not reported", "nr", "unknown", "n/a", "na",
                                    "-", "?", "unclear", "not stated",
                                    "not available"};
    size_t a = 0, b = n;
    while (a < b && q_space((unsigned char) s[a]))
        a++;
    while (b > a && q_space((unsigned char) s[b - 1]))
        b--;
    if (a == b)
        return 1;
    for (size_t k = 0; k < sizeof(markers) / sizeof(markers[0]); k++) {
        size_t len = strlen(markers[k]), j = 0;
        if (len != b - a)
            continue;
        while (j < len && q_lower((unsigned char) s[a + j]) == markers[k][j])
            j++;
        if (j == len)
            return 1;
    }
    return 0;
}

int q_dose_at(const qtok *toks, int nt, int i, double *value, int *unit,
              int *per_day, int *range)
{
    if (!is_t(toks, nt, i, Q_NUM) || !is_w(toks, nt, i + 1, QW_MASS))
        return i;
    double v = toks[i].value;
    /* "0,4 g": a decimal comma written without blanks; "1,000 g" could be
     * a thousands separator: *range is 2 */
    *range = is_t(toks, nt, i - 1, Q_DASH) && is_t(toks, nt, i - 2, Q_NUM);
    if (is_t(toks, nt, i - 1, Q_COMMA) && !toks[i - 1].space_before &&
        !toks[i].space_before && is_t(toks, nt, i - 2, Q_NUM) &&
        toks[i - 2].is_int && toks[i].is_int) {
        if (toks[i].ndig == 3)
            *range = 2;
        v = toks[i - 2].value + v / pow(10, toks[i].ndig);
    }
    v *= toks[i + 1].value;
    int j = i + 2, u = CP_DOSE_MG;
    /* "/kg", "per kg", "/m2", "/m^2", "per m2" */
    if (is_t(toks, nt, j, Q_SLASH) || is_w(toks, nt, j, QW_PER)) {
        if (is_w(toks, nt, j + 1, QW_KG)) {
            u = CP_DOSE_MG_KG;
            j += 2;
        } else if (is_w(toks, nt, j + 1, QW_M) && is_t(toks, nt, j + 2, Q_NUM) &&
                   toks[j + 2].value == 2) {
            u = CP_DOSE_MG_M2;
            j += 3;
        }
    }
    /* "/day", "per day", "/d" */
    *per_day = 0;
    if ((is_t(toks, nt, j, Q_SLASH) || is_w(toks, nt, j, QW_PER)) &&
        is_w(toks, nt, j + 1, QW_UNIT) && toks[j + 1].value == 1) {
        *per_day = 1;
        j += 2;
    }
    *value = v;
    *unit = u;
    return j;
}

size_t cpq_scratch(size_t len)
{
    return (len + 1) * sizeof(qtok) + 2 * (len + 1);
}

int cpq_read_dose(const char *s, size_t len, void *scratch, double *value,
                 int *unit)
{
    if (q_not_reported(s, len))
        return CP_Q_NOT_REPORTED;
    qtok *toks = (qtok *) scratch;
    int nt = q_tokenize(s, len, toks, (char *) scratch + (len + 1) * sizeof(qtok));
    int from = -1, to = -1;
    for (int i = 0; i < nt; i++) {
        if (toks[i].type == Q_NUM && toks[i].bad)
            return CP_Q_OUT_OF_RANGE;
        if (is_t(toks, nt, i, Q_DASH) && is_t(toks, nt, i + 1, Q_NUM) &&
            !is_t(toks, nt, i - 1, Q_NUM))
            return CP_Q_OUT_OF_RANGE;                     /* negative */
        double v;
        int u, per_day, range;
        int j = q_dose_at(toks, nt, i, &v, &u, &per_day, &range);
        if (j == i)
            continue;
        if (range)
            return range == 2 ? CP_Q_THOUSANDS : CP_Q_RANGE;
        if (from >= 0)
            return CP_Q_CONFLICT;                         /* two doses */
        /* "0,4 g": the number before the decimal comma is the dose's too */
        from = is_t(toks, nt, i - 1, Q_COMMA) && !toks[i - 1].space_before &&
            !toks[i].space_before ? i - 2 : i;
        to = j;
        *value = v;
        *unit = u;
        i = j - 1;
    }
    if (from < 0) {
        for (int i = 0; i < nt; i++)
            if (toks[i].type == Q_NUM)
                return CP_Q_NO_UNIT;
        return CP_Q_UNREADABLE;
    }
    for (int k = 0; k < nt; k++) {
        int named = k > 0 && !toks[k].space_before && toks[k - 1].type == Q_WORD &&
            toks[k - 1].word == QW_OTHER;                 /* "CD20" */
        if (toks[k].type == Q_NUM && (k < from || k >= to) && !named)
            return CP_Q_LEFTOVER;                         /* "1e400 mg": more than a dose */
    }
    if (!(*value > 0 && *value < 1e7))
        return CP_Q_OUT_OF_RANGE;
    return CP_Q_READ;
}

int cpq_read_months(const char *s, size_t len, void *scratch, double *months,
                   int *plus)
{
    if (q_not_reported(s, len))
        return CP_Q_NOT_REPORTED;
    qtok *toks = (qtok *) scratch;
    int nt = q_tokenize(s, len, toks, (char *) scratch + (len + 1) * sizeof(qtok));
    int i = 0, num = -1;
    *plus = 0;
    /* ">18", ">= 18", "at least 18", "more than 18", "over 18" */
    while (i < nt && (toks[i].type == Q_GT || is_w(toks, nt, i, QW_LEAST) ||
                      is_w(toks, nt, i, QW_THAN) || is_w(toks, nt, i, QW_FOR) ||
                      (toks[i].type == Q_WORD && toks[i].word == QW_OTHER &&
                       i + 1 < nt && is_w(toks, nt, i + 1, QW_LEAST)))) {
        if (toks[i].type == Q_GT || is_w(toks, nt, i, QW_LEAST) ||
            (is_w(toks, nt, i, QW_FOR) && toks[i].value == 1))  /* "over 18" */
            *plus = 1;
        i++;
    }
    if (is_t(toks, nt, i, Q_DASH) && is_t(toks, nt, i + 1, Q_NUM))
        return CP_Q_OUT_OF_RANGE;                         /* negative */
    if (i >= nt || toks[i].type != Q_NUM)
        return CP_Q_UNREADABLE;
    num = i++;
    if (toks[num].bad)
        return CP_Q_OUT_OF_RANGE;
    if (is_t(toks, nt, i, Q_DASH) || is_w(toks, nt, i, QW_AND))
        return CP_Q_RANGE;
    double per = MONTH;                                   /* numbers alone: months */
    if (is_t(toks, nt, i, Q_PLUS)) {
        *plus = 1;
        i++;
    }
    if (is_w(toks, nt, i, QW_UNIT)) {
        per = toks[i].value;
        i++;
    } else if (is_w(toks, nt, i, QW_M)) {                 /* "18 m" */
        i++;
    }
    if (is_t(toks, nt, i, Q_PLUS)) {
        *plus = 1;
        i++;
    }
    if (i != nt)
        return CP_Q_UNREADABLE;
    double m = toks[num].value * per / MONTH;
    if (!(m >= 0 && m <= 12000))
        return CP_Q_OUT_OF_RANGE;
    *months = m;
    return CP_Q_READ;
}
