/*
 * onset_scan.c: the onset-phrase scanner itself, in plain C with no R API,
 * so that it can also be built alone (tools/fuzz/).  See onset.c for the
 * contract.  The caller gives scratch memory sized by cp_onset_scratch().
 */
#include "onset_scan.h"
#include <ctype.h>
#include <math.h>
#include <string.h>

enum tok_type { T_NUM, T_WORD, T_DASH };

enum word_id {
    W_OTHER = 0, W_UNIT, W_INFUSION, W_WITHIN, W_BY, W_LESS, W_UNDER, W_UP,
    W_BEFORE, W_AFTER, W_FOLLOWING, W_AT, W_IN, W_BETWEEN, W_AND, W_TO, W_OR,
    W_THAN, W_MORE, W_LONGER, W_LATER, W_OVERNIGHT, W_NEXT, W_SAME, W_THE,
    W_A, W_OF, W_FROM
};

typedef struct {
    int type;      /* enum tok_type */
    int word;      /* enum word_id, for T_WORD */
    int ordinal;   /* T_NUM written as an ordinal (2nd, second) */
    double value;  /* T_NUM: the number; W_UNIT: days per unit */
} token;

typedef struct {
    const char *text;
    int word;
    double value;
} lexeme;

/* Words with a meaning; everything else is W_OTHER and may be skipped. */
static const lexeme words[] = {
    {"day", W_UNIT, 1}, {"days", W_UNIT, 1}, {"d", W_UNIT, 1},
    {"week", W_UNIT, 7}, {"weeks", W_UNIT, 7}, {"wk", W_UNIT, 7},
    {"wks", W_UNIT, 7}, {"w", W_UNIT, 7},
    {"month", W_UNIT, 365.25 / 12}, {"months", W_UNIT, 365.25 / 12},
    {"mo", W_UNIT, 365.25 / 12}, {"mos", W_UNIT, 365.25 / 12},
    {"year", W_UNIT, 365.25}, {"years", W_UNIT, 365.25},
    {"yr", W_UNIT, 365.25}, {"yrs", W_UNIT, 365.25},
    {"hour", W_UNIT, 1.0 / 24}, {"hours", W_UNIT, 1.0 / 24},
    {"h", W_UNIT, 1.0 / 24}, {"hr", W_UNIT, 1.0 / 24}, {"hrs", W_UNIT, 1.0 / 24},
    {"infusion", W_INFUSION, 0}, {"infusions", W_INFUSION, 0},
    {"dose", W_INFUSION, 0}, {"doses", W_INFUSION, 0},
    {"administration", W_INFUSION, 0}, {"administrations", W_INFUSION, 0},
    {"injection", W_INFUSION, 0}, {"injections", W_INFUSION, 0},
    {"within", W_WITHIN, 0}, {"by", W_BY, 0}, {"less", W_LESS, 0},
    {"fewer", W_LESS, 0}, {"under", W_UNDER, 0}, {"up", W_UP, 0},
    {"before", W_BEFORE, 0}, {"prior", W_BEFORE, 0},
    {"after", W_AFTER, 0}, {"following", W_FOLLOWING, 0},
    {"at", W_AT, 0}, {"in", W_IN, 0}, {"on", W_AT, 0},
    {"between", W_BETWEEN, 0}, {"and", W_AND, 0}, {"to", W_TO, 0},
    {"or", W_OR, 0}, {"than", W_THAN, 0}, {"more", W_MORE, 0},
    {"longer", W_LONGER, 0}, {"later", W_LATER, 0},
    {"overnight", W_OVERNIGHT, 0}, {"next", W_NEXT, 0}, {"same", W_SAME, 0},
    {"the", W_THE, 0}, {"a", W_A, 1}, {"an", W_A, 1}, {"single", W_A, 1},
    {"of", W_OF, 0}, {"from", W_FROM, 0},
};

static const char *cardinals[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty"
};
static const char *ordinals[] = {
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth"
};

/* Classify the lower-case word w[0..len-1] into tok. */
static void classify_word(const char *w, size_t len, token *tok)
{
    tok->type = T_WORD;
    tok->word = W_OTHER;
    tok->ordinal = 0;
    tok->value = 0;
    for (int k = 0; k <= 20; k++) {
        if (strlen(cardinals[k]) == len && memcmp(cardinals[k], w, len) == 0) {
            tok->type = T_NUM;
            tok->value = k;
            return;
        }
        if (strlen(ordinals[k]) == len && memcmp(ordinals[k], w, len) == 0) {
            tok->type = T_NUM;
            tok->ordinal = 1;
            tok->value = k;
            return;
        }
    }
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        if (strlen(words[k].text) == len && memcmp(words[k].text, w, len) == 0) {
            tok->word = words[k].word;
            tok->value = words[k].value;
            return;
        }
    }
}

/* Split s (n bytes) into tokens; returns how many.  toks has room for n + 1
 * and buf for n + 1 bytes. */
static int tokenize(const char *s, size_t n, token *toks, char *buf)
{
    int nt = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char) s[i];
        if (isdigit(c)) {
            double v = 0;
            while (i < n && isdigit((unsigned char) s[i]) && v < 1e15)
                v = v * 10 + (s[i++] - '0');
            while (i < n && isdigit((unsigned char) s[i]))
                i++; /* absurdly long numbers: keep the leading digits */
            if (i + 1 < n && s[i] == '.' && isdigit((unsigned char) s[i + 1])) {
                double scale = 0.1;
                i++;
                while (i < n && isdigit((unsigned char) s[i])) {
                    v += (s[i++] - '0') * scale;
                    scale /= 10;
                }
            }
            token *t = toks + nt++;
            t->type = T_NUM;
            t->word = W_OTHER;
            t->ordinal = 0;
            t->value = v;
            /* ordinal suffix: 1st, 2nd, 3rd, 4th */
            if (i + 1 < n) {
                char a = (char) tolower((unsigned char) s[i]);
                char b = (char) tolower((unsigned char) s[i + 1]);
                int end = i + 2 >= n || !isalpha((unsigned char) s[i + 2]);
                if (end && ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                            (a == 'r' && b == 'd') || (a == 't' && b == 'h'))) {
                    t->ordinal = 1;
                    i += 2;
                }
            }
        } else if (isalpha(c)) {
            size_t len = 0;
            while (i < n && isalpha((unsigned char) s[i]))
                buf[len++] = (char) tolower((unsigned char) s[i++]);
            classify_word(buf, len, toks + nt++);
        } else if (c == '-' ||
                   (c == 0xE2 && i + 2 < n && (unsigned char) s[i + 1] == 0x80 &&
                    ((unsigned char) s[i + 2] == 0x93 || (unsigned char) s[i + 2] == 0x94))) {
            /* hyphen, en dash, em dash */
            token *t = toks + nt++;
            t->type = T_DASH;
            t->word = W_OTHER;
            t->ordinal = 0;
            t->value = 0;
            i += c == '-' ? 1 : 3;
        } else {
            i++; /* blanks, punctuation, other bytes (valid UTF-8 or not) */
        }
    }
    return nt;
}

static int is_word(const token *t, int w)
{
    return t->type == T_WORD && t->word == w;
}

/* A number at position i, or "a"/"an"/"single" standing for one. */
static int is_number(const token *toks, int i)
{
    return i >= 0 && (toks[i].type == T_NUM || is_word(toks + i, W_A));
}

/* The number (or range of numbers) that ends just before position end,
 * skipping up to two W_OTHER / W_THE words ("the second infliximab
 * infusion").  Sets *lo, *hi, *ordinal and returns the position of the
 * first number, or -1. */
static int number_before(const token *toks, int end, double *lo, double *hi,
                         int *ordinal)
{
    int i = end - 1, skipped = 0;
    while (i >= 0 && skipped < 2 && toks[i].type == T_WORD &&
           (toks[i].word == W_OTHER || toks[i].word == W_THE)) {
        i--;
        skipped++;
    }
    if (!is_number(toks, i))
        return -1;
    /* "a single infusion": single is the number */
    *hi = toks[i].value;
    *lo = *hi;
    *ordinal = toks[i].ordinal;
    int first = i;
    if (i >= 1 && is_word(toks + i, W_A) && is_word(toks + i - 1, W_A))
        first = i - 1;
    /* N-M, N to M, N and M, N or M (with an optional "the" before M) */
    int j = first - 1;
    if (j >= 0 && is_word(toks + j, W_THE))
        j--;
    if (j >= 1 && (toks[j].type == T_DASH || is_word(toks + j, W_TO) ||
                   is_word(toks + j, W_AND) || is_word(toks + j, W_OR))) {
        int k = j - 1;
        if (is_number(toks, k) && toks[k].type == T_NUM) {
            *lo = toks[k].value;
            first = k;
        }
    }
    return first;
}

/* Is one of the words w1, w2 among the up to `span` tokens before pos,
 * skipping "the"? */
static int word_before(const token *toks, int pos, int span, int w)
{
    for (int i = pos - 1, seen = 0; i >= 0 && seen < span; i--) {
        if (is_word(toks + i, W_THE))
            continue;
        if (is_word(toks + i, w))
            return 1;
        seen++;
    }
    return 0;
}

/*
 * Parse one phrase.  Returns 1 when read (lower, upper, unit set; unit 0
 * days, 1 infusions) and 0 when unreadable.
 */
static int parse_one(const token *toks, int nt, double *lower, double *upper,
                     int *unit)
{
    /* overnight, next day, same day -> days (0, 1] */
    for (int i = 0; i < nt; i++) {
        if (is_word(toks + i, W_OVERNIGHT) ||
            ((is_word(toks + i, W_NEXT) || is_word(toks + i, W_SAME) ||
              is_word(toks + i, W_FOLLOWING)) &&
             i + 1 < nt && is_word(toks + i + 1, W_UNIT) && toks[i + 1].value == 1)) {
            *lower = 0;
            *upper = 1;
            *unit = 0;
            return 1;
        }
    }

    /* the first duration: number(s) then a unit */
    int has_dur = 0;
    double dlo = 0, dhi = 0;
    for (int i = 0; i < nt && !has_dur; i++) {
        if (!is_word(toks + i, W_UNIT))
            continue;
        double lo, hi;
        int ord;
        int first = number_before(toks, i, &lo, &hi, &ord);
        if (first < 0 && i + 1 < nt && toks[i + 1].type == T_NUM &&
            !toks[i + 1].ordinal) {
            /* "day 15", "by week 6": the number follows the unit */
            lo = hi = toks[i + 1].value;
            ord = 0;
            first = i;
        }
        if (first < 0 || ord)
            return 0; /* "within weeks", "the 2nd week": not a duration we read */
        double f = toks[i].value;
        if (lo > hi)
            return 0;
        has_dur = 1;
        if (lo < hi || word_before(toks, first, 2, W_BETWEEN)) {
            dlo = lo * f;                          /* N-M, between N and M */
            dhi = hi * f;
        } else if (word_before(toks, first, 2, W_WITHIN) ||
                   word_before(toks, first, 2, W_BY) ||
                   word_before(toks, first, 2, W_UNDER) ||
                   word_before(toks, first, 2, W_BEFORE) ||
                   (word_before(toks, first, 2, W_THAN) &&
                    word_before(toks, first, 2, W_LESS)) ||
                   (word_before(toks, first, 2, W_TO) &&
                    word_before(toks, first, 2, W_UP))) {
            dlo = 0;                               /* within N */
            dhi = hi * f;
        } else if (word_before(toks, first, 2, W_THAN) &&
                   (word_before(toks, first, 2, W_MORE) ||
                    word_before(toks, first, 2, W_LONGER) ||
                    word_before(toks, first, 2, W_LATER))) {
            dlo = hi * f;                          /* more than N */
            dhi = INFINITY;
        } else {
            dlo = dhi = hi * f;                    /* N, after N */
        }
    }

    /* the first infusion reference */
    int has_inf = 0;
    double ilo = 0, ihi = 0, iref = 0;
    for (int i = 0; i < nt && !has_inf; i++) {
        if (!is_word(toks + i, W_INFUSION))
            continue;
        double lo, hi;
        int ord;
        int first = number_before(toks, i, &lo, &hi, &ord);
        if (first < 0)
            continue; /* "the infusion": no number, look further */
        if (lo > hi || lo < 1 || lo != (double) (long) lo || hi != (double) (long) hi)
            return 0;
        has_inf = 1;
        iref = hi;
        if (lo < hi || word_before(toks, first, 2, W_BETWEEN)) {
            ilo = lo;
            ihi = hi;
        } else if (word_before(toks, first, 2, W_BEFORE)) {
            if (hi < 2)
                return 0;
            ilo = 1;
            ihi = hi - 1;
        } else if (word_before(toks, first, 2, W_WITHIN) ||
                   word_before(toks, first, 2, W_BY)) {
            ilo = 1;
            ihi = hi;
        } else {
            ilo = ihi = hi;
        }
    }

    if (has_dur && has_inf) {
        /* a duration counted from the first infusion is in days */
        if (iref != 1 || ilo != ihi)
            return 0;
        *lower = dlo;
        *upper = dhi;
        *unit = 0;
        return 1;
    }
    if (has_dur) {
        *lower = dlo;
        *upper = dhi;
        *unit = 0;
        return 1;
    }
    if (has_inf) {
        *lower = ilo;
        *upper = ihi;
        *unit = 1;
        return 1;
    }
    return 0;
}

/* Phrases that say the time was not reported. */
static int not_reported(const char *s, size_t n)
{
    static const char *markers[] = {"not reported", "nr", "unknown", "n/a",
                                    "na", "not stated", "not available"};
    size_t a = 0, b = n;
    while (a < b && isspace((unsigned char) s[a]))
        a++;
    while (b > a && isspace((unsigned char) s[b - 1]))
        b--;
    if (a == b)
        return 1;
    for (size_t k = 0; k < sizeof(markers) / sizeof(markers[0]); k++) {
        size_t len = strlen(markers[k]);
        if (len != b - a)
            continue;
        size_t j = 0;
        while (j < len && tolower((unsigned char) s[a + j]) == markers[k][j])
            j++;
        if (j == len)
            return 1;
    }
    return 0;
}


size_t cp_onset_scratch(size_t len)
{
    return (len + 1) * sizeof(token) + (len + 1);
}

int cp_onset_scan(const char *s, size_t len, void *scratch, double *lower,
                  double *upper, int *unit)
{
    if (not_reported(s, len))
        return CP_ONSET_NOT_REPORTED;
    token *toks = (token *) scratch;
    char *buf = (char *) scratch + (len + 1) * sizeof(token);
    int nt = tokenize(s, len, toks, buf);
    int u;
    if (!parse_one(toks, nt, lower, upper, &u))
        return CP_ONSET_UNREADABLE;
    *unit = u + 1;
    return CP_ONSET_READ;
}
