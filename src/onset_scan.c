/*
 * onset_scan.c: reads one onset phrase into an interval, a unit and the
 * infusion it is counted from, or says why not: not reported, no response,
 * vague or unreadable.  One pass over the bytes makes the tokens
 * (onset_lex.c); a fixed number of walks over the tokens find the first
 * time and counts (onset_quant.c) and decide.  Every walk looks at a
 * bounded number of neighbours, so a phrase costs time in proportion to its
 * length.  The contract is in onset.c and ?parse_onset.
 */
#include "onset_scan.h"
#include "onset_lex.h"
#include <math.h>
#include <string.h>

#define MAX_UNITS 1e6 /* larger values, once in the result's unit, are unreadable */
#define NOTHING (-1)  /* no time in the phrase at all */

static int whole(double x)
{
    return x == floor(x);
}

/* The interval in days of a time. */
static int time_interval(const phrase *p, const quant *q, double *lo, double *hi)
{
    const token *u = p->t + q->unit;
    if (q->bad || q->last || q->lo > q->hi)
        return CP_ONSET_UNREADABLE;
    if (q->ordinal) { /* the 2nd week: [7, 14] */
        if (q->lo < 1 || !whole(q->lo) || !whole(q->hi))
            return CP_ONSET_UNREADABLE;
        double a = to_days(u, q->lo - 1), b = to_days(u, q->hi);
        if (q->followup || (q->qual == Q_UPPER && !q->during)) {
            a = 0;
        } else if (q->qual == Q_BEFORE) {
            if (q->hi < 2)
                return CP_ONSET_UNREADABLE;
            a = 0;
            b = to_days(u, q->hi - 1);
        } else if (q->qual == Q_LOWER) {
            a = b;
            b = INFINITY;
        }
        *lo = a;
        *hi = b;
        return CP_ONSET_READ;
    }
    double a = q->lo_d, b = q->hi_d;
    if (!(a <= b))
        return CP_ONSET_UNREADABLE;
    if (!q->range && q->qual != Q_RANGE) {
        if (q->qual == Q_UPPER || q->qual == Q_BEFORE)
            a = 0;
        else if (q->qual == Q_LOWER && !q->followup)
            b = INFINITY;
    }
    if (q->followup)
        a = 0; /* found at that visit */
    *lo = a;
    *hi = b;
    return CP_ONSET_READ;
}

/* The interval of a count of infusions or courses. */
static int count_interval(const quant *q, double *lo, double *hi)
{
    if (q->bad || q->last || !whole(q->lo) || !whole(q->hi) || q->lo < 1 || q->lo > q->hi)
        return CP_ONSET_UNREADABLE;
    *lo = q->lo;
    *hi = q->hi;
    if (q->range || q->qual == Q_RANGE || q->qual == Q_EXACT)
        return CP_ONSET_READ;
    if (q->qual == Q_UPPER) {
        *lo = 1; /* by the 3rd infusion */
    } else if (q->qual == Q_BEFORE && q->hi >= 2) {
        *lo = 1;
        *hi = q->hi - 1;
    } else {
        return CP_ONSET_UNREADABLE; /* more than 3 infusions, before the first */
    }
    return CP_ONSET_READ;
}

/* The infusion a count names as a starting point: one infusion, or the last. */
static int anchor_of(const quant *r, double *from)
{
    if (r->found != 1 || r->bad || r->range || r->qual != Q_EXACT)
        return 0;
    if (r->last) {
        *from = INFINITY;
        return 1;
    }
    if (r->hi < 1 || !whole(r->hi))
        return 0;
    *from = r->hi;
    return 1;
}

static int is_first(const quant *r)
{
    double f = 0;
    return anchor_of(r, &f) && f == 1;
}

/* Does the duration d hang on the infusion r?  "2 weeks after the second
 * infusion", "within 10 days of the first dose", "day 3 after the first
 * 1000 mg dose", "after the second infusion, 10 days later"; not "week 14
 * (after 3 doses)", where the infusions may be an aside. */
static int anchored(const phrase *p, const quant *d, const quant *r)
{
    int w = r->rel >= 0 && p->t[r->rel].type == T_WORD ? p->t[r->rel].word : -1;
    int after = w == W_AFTER || w == W_FOLLOWING || w == W_POST || w == W_SINCE || w == W_FROM;
    if (r->start > d->end && r->rel == d->end + 1 && (after || w == W_OF) &&
        !(p->t[r->rel].flags & F_BREAK))
        return 1;
    return r->end < d->start && after && d->later;
}

static int is_day(const phrase *p, int i)
{
    return is_unit(p, i, C_TIME) && p->t[i].value == 1 && p->t[i].div == DIV_NONE &&
           !(p->t[i].flags & F_PLURAL);
}

/* overnight, immediately, next day, the following morning, same day, the day after */
static int immediate(const phrase *p)
{
    for (int i = 0; i < p->n; i++) {
        if (is_w(p, i, W_OVERNIGHT) && !is_w(p, i - 1, W_NO))
            return 1;
        if ((is_w(p, i, W_NEXT) || is_w(p, i, W_FOLLOWING) || is_w(p, i, W_SAME)) &&
            ((is_day(p, i + 1) && !(i + 2 < p->n && p->t[i + 2].type == T_NUM)) ||
             is_w(p, i + 1, W_DAYPART)))
            return 1;
        if (is_day(p, i) && (is_w(p, i + 1, W_AFTER) || is_w(p, i + 1, W_FOLLOWING)) &&
            !(i >= 1 && (p->t[i - 1].type == T_NUM || is_w(p, i - 1, W_A))))
            return 1;
    }
    return 0;
}

static int finish(cp_onset *out, double lo, double hi, int unit, double from)
{
    if (!(lo >= 0 && lo <= hi && lo <= MAX_UNITS && (hi <= MAX_UNITS || hi == INFINITY)))
        return CP_ONSET_UNREADABLE;
    if (!(from >= 1 && (from == INFINITY || (from <= MAX_UNITS && whole(from)))))
        return CP_ONSET_UNREADABLE;
    out->lower = lo;
    out->upper = hi;
    out->unit = unit;
    out->from = from;
    return CP_ONSET_READ;
}

static int read_time(const phrase *p, cp_onset *out)
{
    quant d, r, c;
    int hd = cp_onset_quant(p, C_TIME, &d);
    int hr = cp_onset_quant(p, C_INF, &r);
    int hc = cp_onset_quant(p, C_COURSE, &c);
    double from = 1, lo, hi;
    int st;
    if (immediate(p)) {
        if (hr == 2 || hc == 2)
            return CP_ONSET_VAGUE;
        if ((hr == 1 && !anchor_of(&r, &from)) || (hc == 1 && !is_first(&c)))
            return CP_ONSET_UNREADABLE;
        return finish(out, 0, 1, CP_ONSET_DAYS, from);
    }
    if (hd == 2)
        return CP_ONSET_VAGUE; /* within days, a few weeks */
    if (hd == 1) {
        if ((st = time_interval(p, &d, &lo, &hi)) != CP_ONSET_READ)
            return st;
        if (hr == 2 || hc == 2)
            return CP_ONSET_VAGUE;
        if (hr == 1 && !(anchored(p, &d, &r) ? anchor_of(&r, &from) : is_first(&r)))
            return CP_ONSET_UNREADABLE;
        if (hc == 1 && !is_first(&c))
            return CP_ONSET_UNREADABLE; /* 2 weeks after the second course */
        return finish(out, lo, hi, CP_ONSET_DAYS, from);
    }
    if (hr == 1) {
        if (hc == 2)
            return CP_ONSET_VAGUE;
        if (hc == 1 && !is_first(&c))
            return CP_ONSET_UNREADABLE;
        if (r.last) /* after the last infusion: any time after it */
            return anchor_of(&r, &from) ? finish(out, 0, INFINITY, CP_ONSET_DAYS, from)
                                        : CP_ONSET_UNREADABLE;
        if ((st = count_interval(&r, &lo, &hi)) != CP_ONSET_READ)
            return st;
        return finish(out, lo, hi, CP_ONSET_INFUSIONS, 1);
    }
    if (hc == 1) {
        if (hr >= 2)
            return CP_ONSET_VAGUE;
        if ((st = count_interval(&c, &lo, &hi)) != CP_ONSET_READ)
            return st;
        return finish(out, lo, hi, CP_ONSET_COURSES, 1);
    }
    if (hr >= 2 || hc >= 2)
        return CP_ONSET_VAGUE; /* after several infusions */
    return NOTHING;
}

/* A negated response word ("no improvement", "did not respond", "lack of
 * clinical response") or, with no positive one, a word saying there was
 * none ("refractory", "unresponsive").  Negated and positive ones together
 * are unreadable ("no response to 2 doses, improved after the fourth"). */
static int no_response(const phrase *p)
{
    token *t = p->t;
    int neg = 0, pos = 0, desc = 0;
    for (int i = 0; i < p->n; i++) {
        if (t[i].type != T_WORD)
            continue;
        if (t[i].word == W_DESC) {
            desc = 1;
        } else if (t[i].word == W_NO || t[i].word == W_NEG) {
            for (int j = i + 1; j < p->n && j <= i + 4 && t[j].type == T_WORD; j++) {
                int w = t[j].word;
                if (w == W_RESP || w == W_RESPN) {
                    t[j].flags |= F_NEGATED;
                    neg = 1;
                    break;
                }
                if (w != W_NEGFILL && w != W_OF && w != W_THE && w != W_A && w != W_AND &&
                    w != W_OR && w != W_TO && w != W_NO && w != W_NEG && w != W_FILLER &&
                    w != W_INITIAL)
                    break;
            }
        }
    }
    for (int i = 0; i < p->n; i++)
        if (is_w(p, i, W_RESP) && !(t[i].flags & F_NEGATED))
            pos = 1;
    if (neg && pos)
        return CP_ONSET_UNREADABLE;
    if (neg || (desc && !pos))
        return CP_ONSET_NO_RESPONSE;
    return CP_ONSET_READ;
}

/* unknown, unclear, not reported, not stated, no data */
static int says_not_reported(const phrase *p)
{
    for (int i = 0; i < p->n; i++)
        if (is_w(p, i, W_NRWORD) || (is_w(p, i, W_NO) && is_w(p, i + 1, W_NRPART)))
            return 1;
    return 0;
}

/* The whole phrase is a not-reported marker: blank, dashes, question marks,
 * or one of the words below (any case, around dots and brackets). */
static int nr_marker(const char *s, size_t n)
{
    static const char *markers[] = {
        "not reported", "nr", "n.r", "unknown", "unclear", "n/a", "na", "n.a",
        "not stated", "not available", "not specified", "not mentioned", "not known",
        "not given", "not documented", "not recorded", "none reported", "missing"
    };
    size_t a = 0, b = n, k;
    int only_marks = 1;
    for (k = 0; k < n && only_marks; k++) {
        unsigned char c = (unsigned char) s[k];
        if (c == 0xE2 && k + 2 < n &&
            (((unsigned char) s[k + 1] == 0x80 &&
              ((unsigned char) s[k + 2] == 0x93 || (unsigned char) s[k + 2] == 0x94)) ||
             ((unsigned char) s[k + 1] == 0x88 && (unsigned char) s[k + 2] == 0x92)))
            k += 2; /* en dash, em dash, minus sign */
        else if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '?' ||
                   c == '.' || c == '/' || c == '_' || c == '*'))
            only_marks = 0;
    }
    if (only_marks)
        return 1;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '(' || s[a] == '['))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' ||
                     s[b - 1] == '\r' || s[b - 1] == '.' || s[b - 1] == ')' || s[b - 1] == ']'))
        b--;
    if (b - a > 16)
        return 0;
    for (k = 0; k < sizeof(markers) / sizeof(markers[0]); k++) {
        size_t len = strlen(markers[k]), j = 0;
        if (len != b - a)
            continue;
        while (j < len && (char) (s[a + j] >= 'A' && s[a + j] <= 'Z' ? s[a + j] | 0x20 : s[a + j]) ==
                              markers[k][j])
            j++;
        if (j == len)
            return 1;
    }
    return 0;
}

size_t cp_onset_scratch(size_t len)
{
    return (len + 2) * sizeof(token);
}

int cp_onset_scan(const char *s, size_t len, void *scratch, cp_onset *out)
{
    out->lower = out->upper = out->from = NAN;
    out->unit = 0;
    if (nr_marker(s, len))
        return CP_ONSET_NOT_REPORTED;
    phrase p;
    p.t = (token *) scratch;
    p.n = cp_onset_tokenize(s, len, p.t);
    int st = no_response(&p);
    if (st != CP_ONSET_READ)
        return st;
    st = read_time(&p, out);
    if (st == NOTHING)
        return says_not_reported(&p) ? CP_ONSET_NOT_REPORTED : CP_ONSET_UNREADABLE;
    return st;
}
