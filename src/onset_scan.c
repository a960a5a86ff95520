/*
 * onset_scan.c: reads the tokens of one onset phrase (onset_lex.c) into an
 * interval, a unit and the infusion it is counted from, or says why not:
 * not reported, no response, vague or unreadable.  The contract is in
 * onset.c and ?parse_onset.  Every walk over the tokens looks at a bounded
 * number of neighbours, so a phrase costs time in proportion to its length.
 */
#include "onset_scan.h"
#include "onset_lex.h"
#include <math.h>
#include <string.h>

#define MAX_UNITS 1e6 /* larger values, once in the result's unit, are unreadable */
#define NOTHING (-1)  /* no time in the phrase at all */

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

typedef struct {
    double value;
    int first;
    unsigned flags;
} numval;

static int W(const phrase *p, int i, int w)
{
    return i >= 0 && i < p->n && p->t[i].type == T_WORD && p->t[i].word == w;
}

static int is_unit(const phrase *p, int i, int cls)
{
    return W(p, i, W_UNIT) && p->t[i].cls == cls;
}

static int is_whole(const token *t)
{
    return t->type == T_NUM && !(t->flags & (F_AMOUNT | F_FRAC | F_HALF | F_ORD | F_LAST)) &&
           t->value == floor(t->value);
}

static int whole(double x)
{
    return x == floor(x);
}

static double to_days(const token *u, double x)
{
    return u->div == DIV_HOUR ? x / 24 : u->div == DIV_MINUTE ? x / 1440 : x * u->value;
}

/* The number ending at token i: 3, a, a single, half a, one and a half,
 * 1 1/2, 1-1/2, 2nd, last.  Dose amounts are not numbers here. */
static int num_at(const phrase *p, int i, numval *v)
{
    const token *t = p->t;
    if (i < 0 || i >= p->n)
        return 0;
    if (W(p, i, W_A)) {
        v->value = 1;
        v->first = W(p, i - 1, W_A) ? i - 1 : i; /* a single */
        v->flags = 0;
        if (v->first >= 1 && t[v->first - 1].type == T_NUM && (t[v->first - 1].flags & F_HALF)) {
            v->value = 0.5; /* half a month */
            v->first--;
        }
        return 1;
    }
    if (t[i].type != T_NUM || (t[i].flags & F_AMOUNT))
        return 0;
    v->value = t[i].value;
    v->first = i;
    v->flags = t[i].flags;
    if (t[i].flags & F_HALF) {
        if (i >= 3 && W(p, i - 1, W_A) && W(p, i - 2, W_AND) && is_whole(t + i - 3)) {
            v->value += t[i - 3].value; /* one and a half */
            v->first = i - 3;
            v->flags |= t[i - 3].flags;
        } else if (W(p, i - 1, W_A)) {
            v->first = i - 1; /* a half */
        }
    } else if (t[i].flags & F_FRAC) {
        int w = i >= 1 && is_whole(t + i - 1) ? i - 1 :
                i >= 2 && t[i - 1].type == T_DASH && t[i].value < 1 && is_whole(t + i - 2) ? i - 2 : -1;
        if (w >= 0) { /* 1 1/2, 1-1/2 */
            v->value += t[w].value;
            v->first = w;
            v->flags |= t[w].flags;
        }
    }
    return 1;
}

static int is_connector(const phrase *p, int i)
{
    return (i >= 0 && i < p->n && p->t[i].type == T_DASH) || W(p, i, W_TO) ||
           W(p, i, W_AND) || W(p, i, W_OR);
}

static void take(quant *q, const numval *v)
{
    if (v->flags & (F_BAD | F_NEG))
        q->bad = 1;
    if (v->flags & F_LAST)
        q->last = 1;
}

/* The number or range of numbers before the unit at u ("2-4 weeks", "the
 * second infliximab infusion", "two 1 g infusions"). */
static int number_before(const phrase *p, int u, quant *q)
{
    const token *t = p->t;
    int i = u - 1, others = 0;
    for (int steps = 0; i >= 0 && steps < 8; steps++) {
        const token *k = t + i;
        if (k->type == T_WORD && (k->word == W_OTHER || k->word == W_THE) && others < 2)
            others++;
        else if ((k->type == T_WORD && k->word == W_DOSEUNIT) ||
                 (k->type == T_NUM && (k->flags & F_AMOUNT)))
            ; /* 1000 mg */
        else if (k->type == T_WORD && k->word == W_MORE && i >= 1 && t[i - 1].type == T_NUM)
            ; /* 2 more infusions */
        else
            break;
        i--;
    }
    numval hv, lv;
    if (!num_at(p, i, &hv))
        return 0;
    q->found = 1;
    q->lo = q->hi = hv.value;
    q->start = hv.first;
    q->end = q->unit = u;
    q->ordinal = (hv.flags & F_ORD) != 0;
    take(q, &hv);
    int j = W(p, hv.first - 1, W_THE) ? hv.first - 2 : hv.first - 1;
    if (j >= 1 && is_connector(p, j) && t[j - 1].type == T_NUM && num_at(p, j - 1, &lv)) {
        q->lo = lv.value; /* 2-4, 2 to 4, the first and the third */
        q->start = lv.first;
        q->range = 1;
        take(q, &lv);
    }
    return 1;
}

static int plain_after(const phrase *p, int i)
{
    const token *t = p->t;
    return i < p->n && t[i].type == T_NUM && !(t[i].flags & (F_AMOUNT | F_ORD | F_LAST | F_HALF)) &&
           !W(p, i + 1, W_UNIT);
}

/* The number after the unit at u: "day 3", "week 2-4", "infusion 2",
 * "between day 3 and day 5"; not "the infusion 2 weeks later". */
static int number_after(const phrase *p, int u, quant *q)
{
    const token *t = p->t;
    if (!plain_after(p, u + 1))
        return 0;
    q->found = 1;
    q->lo = q->hi = t[u + 1].value;
    q->start = q->unit = u;
    q->end = u + 1;
    if (t[u + 1].flags & (F_BAD | F_NEG))
        q->bad = 1;
    if (is_connector(p, u + 2)) {
        int k = is_unit(p, u + 3, t[u].cls) ? u + 4 : u + 3;
        if (plain_after(p, k)) {
            q->hi = t[k].value;
            q->range = 1;
            q->end = k;
            if (t[k].flags & (F_BAD | F_NEG))
                q->bad = 1;
        }
    }
    return 1;
}

/* "a few days", "several infusions", "a couple of weeks", "the first few weeks" */
static int vague_before(const phrase *p, int u)
{
    for (int i = u - 1, steps = 0; i >= 0 && steps < 4; i--, steps++) {
        const token *k = p->t + i;
        if (k->type != T_WORD)
            return 0;
        if (k->word == W_VAGUE)
            return 1;
        if (k->word != W_THE && k->word != W_OF && k->word != W_A && k->word != W_FILLER &&
            k->word != W_OTHER && k->word != W_NEXT && k->word != W_FOLLOWING)
            return 0;
    }
    return 0;
}

/* What stands before the quantity: within, by, less than, more than, no
 * later than, between, after...; then a follow-up visit around it, and for
 * a time what follows it: "and a half", "to 3 months", "later". */
static void qualify(const phrase *p, quant *q)
{
    const token *t = p->t;
    int i = q->start - 1, seen = 0, others = 0, near[3] = {-1, -1, -1};
    if (i >= 0 && !q->ordinal &&
        ((t[i].type == T_NUM && (t[i].flags & F_ORD) && t[i].value == 1) ||
         W(p, i, W_NEXT) || W(p, i, W_FOLLOWING) || W(p, i, W_INITIAL))) {
        q->first = 1;
        i--;
    }
    for (int steps = 0; i >= 0 && seen < 3 && steps < 10; steps++) {
        const token *k = t + i;
        if (k->type == T_WORD && (k->word == W_THE || k->word == W_A || k->word == W_FILLER)) {
            i--;
        } else if (k->type == T_WORD && k->word == W_OTHER && others < 2) {
            others++;
            i--;
        } else if (W(p, i, W_OF) && (W(p, i - 1, W_FILLNOUN) || is_unit(p, i - 1, C_COURSE))) {
            i -= 2; /* over the course of, a total of, by the time of */
            if (W(p, i, W_THE) || W(p, i, W_A))
                i--;
        } else {
            near[seen++] = i--;
        }
    }
    int w1 = near[0] >= 0 && t[near[0]].type == T_WORD ? t[near[0]].word : -1;
    int w2 = near[1] >= 0 && t[near[1]].type == T_WORD ? t[near[1]].word : -1;
    int w3 = near[2] >= 0 && t[near[2]].type == T_WORD ? t[near[2]].word : -1;
    q->rel = near[0];
    q->qual = Q_EXACT;
    if (w1 == W_THAN) {
        if (w2 == W_LESS)
            q->qual = Q_BEFORE;
        else if (w2 == W_MORE || w2 == W_LONGER || w2 == W_LATER)
            q->qual = w3 == W_NO ? Q_UPPER : Q_LOWER; /* no later than: a bound */
    } else if (w1 == W_TO && w2 == W_UP) {
        q->qual = Q_UPPER;
    } else if ((w1 == W_TO && w2 == W_PRIOR) || w1 == W_UNDER || w1 == W_BEFORE ||
               w1 == W_PRIOR || w1 == W_LT) {
        q->qual = Q_BEFORE;
    } else if ((w1 == W_LEAST && w2 == W_AT) || (w1 == W_OF && w2 == W_MIN) ||
               w1 == W_BEYOND || w1 == W_GT) {
        q->qual = Q_LOWER;
    } else if ((w1 == W_OF && w2 == W_MAX) || w1 == W_WITHIN || w1 == W_BY || w1 == W_UNTIL) {
        q->qual = Q_UPPER;
    } else if (w1 == W_OVER || w1 == W_DURING) {
        q->qual = Q_UPPER;
        q->during = 1;
    } else if (w1 == W_BETWEEN) {
        q->qual = Q_RANGE;
    }
    if (q->first && q->qual == Q_EXACT && w1 != W_AFTER && w1 != W_FOLLOWING &&
        w1 != W_FROM && w1 != W_POST && w1 != W_SINCE)
        q->qual = Q_UPPER; /* in the first 2 weeks */
    /* follow-up at 6 months, at follow-up of 6 months */
    for (int j = q->start - 1, steps = 0; j >= 0 && steps < 4; j--, steps++) {
        if (W(p, j, W_FOLLOWUP) || (W(p, j, W_UP) && W(p, j - 1, W_FOLLOW))) {
            q->followup = 1;
            break;
        }
        if (!(W(p, j, W_THE) || W(p, j, W_AT) || W(p, j, W_OF) || W(p, j, W_AFTER) ||
              W(p, j, W_IN)))
            break;
    }
    if (t[q->unit].cls != C_TIME)
        return;
    const token *u = t + q->unit;
    int e = q->end, n = p->n, k;
    numval v;
    q->lo_d = to_days(u, q->lo);
    q->hi_d = to_days(u, q->hi);
    if (!q->range && !q->ordinal && W(p, e + 1, W_AND) && W(p, e + 2, W_A) && e + 3 < n &&
        t[e + 3].type == T_NUM && (t[e + 3].flags & F_HALF)) {
        q->lo_d = q->hi_d = to_days(u, q->hi + 0.5); /* a month and a half */
        e += 3;
    } else if (!q->range && !q->ordinal && is_connector(p, e + 1) &&
               ((k = e + 3, is_unit(p, k, C_TIME)) || (k = e + 4, is_unit(p, k, C_TIME))) &&
               num_at(p, k - 1, &v) && v.first == e + 2 && !(v.flags & F_ORD)) {
        double x = to_days(t + k, v.value);
        take(q, &v);
        if (!W(p, e + 1, W_AND) || q->qual == Q_RANGE) {
            q->hi_d = x; /* 2 weeks to 3 months, between 2 weeks and 3 months */
            q->range = 1;
            e = k;
        } else if (to_days(t + k, 1) < to_days(u, 1)) {
            q->lo_d += x; /* 1 month and 2 weeks */
            q->hi_d += x;
            e = k;
        }
    }
    if (W(p, e + 1, W_LATER) && !W(p, e + 2, W_THAN)) {
        q->later = 1;
        e++;
    }
    k = e + 1;
    if (W(p, k, W_OF))
        k++;
    if (W(p, k, W_THE))
        k++;
    if (W(p, k, W_FOLLOWUP)) {
        q->followup = 1;
        e = k;
    } else if (W(p, k, W_FOLLOW) && W(p, k + 1, W_UP)) {
        q->followup = 1;
        e = k + 1;
    }
    q->end = e;
}

/* The first time (cls C_TIME) or the first count of infusions or courses
 * in the phrase.  A time without a number decides at once (vague); a count
 * without one only when no count has a number. */
static int find_quant(const phrase *p, int cls, quant *q)
{
    int weak = -1, strong = -1;
    for (int u = 0; u < p->n; u++) {
        if (!is_unit(p, u, cls))
            continue;
        memset(q, 0, sizeof *q);
        q->rel = -1;
        if (number_before(p, u, q) || number_after(p, u, q)) {
            qualify(p, q);
            return 1;
        }
        int vague = vague_before(p, u);
        if (cls == C_TIME && (vague || (p->t[u].flags & F_PLURAL))) {
            strong = u;
            break;
        }
        if (vague && strong < 0)
            strong = u;
        else if ((p->t[u].flags & F_PLURAL) && weak < 0)
            weak = u;
    }
    int u = strong >= 0 ? strong : weak;
    if (u < 0)
        return 0;
    memset(q, 0, sizeof *q);
    q->rel = -1;
    q->unit = q->start = q->end = u;
    q->found = strong >= 0 ? 2 : 3;
    return q->found;
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
        if (W(p, i, W_OVERNIGHT) && !W(p, i - 1, W_NO))
            return 1;
        if ((W(p, i, W_NEXT) || W(p, i, W_FOLLOWING) || W(p, i, W_SAME)) &&
            ((is_day(p, i + 1) && !(i + 2 < p->n && p->t[i + 2].type == T_NUM)) ||
             W(p, i + 1, W_DAYPART)))
            return 1;
        if (is_day(p, i) && (W(p, i + 1, W_AFTER) || W(p, i + 1, W_FOLLOWING)) &&
            !(i >= 1 && (p->t[i - 1].type == T_NUM || W(p, i - 1, W_A))))
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
    int hd = find_quant(p, C_TIME, &d);
    int hr = find_quant(p, C_INF, &r);
    int hc = find_quant(p, C_COURSE, &c);
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
        if (W(p, i, W_RESP) && !(t[i].flags & F_NEGATED))
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
        if (W(p, i, W_NRWORD) || (W(p, i, W_NO) && W(p, i + 1, W_NRPART)))
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
