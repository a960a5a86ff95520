/*
 * onset_quant.c: finds, in the tokens of an onset phrase, the first time
 * and the first count of infusions or of courses: the number or range
 * before or after the unit word (with fractions, "a single", "half a" and
 * dose amounts skipped), the words before it (within, no later than,
 * between, after...), a follow-up visit around it, and for a time what
 * follows it ("and a half", "to 3 months", "later").  Every walk looks at a
 * bounded number of neighbours.
 */
#include "onset_lex.h"
#include <math.h>
#include <string.h>

typedef struct {
    double value;
    int first;
    unsigned flags;
} numval;

static int is_whole(const token *t)
{
    return t->type == T_NUM && !(t->flags & (F_AMOUNT | F_FRAC | F_HALF | F_ORD | F_LAST)) &&
           t->value == floor(t->value);
}

static int num_at(const phrase *p, int i, numval *v)
{
    const token *t = p->t;
    if (i < 0 || i >= p->n)
        return 0;
    if (is_w(p, i, W_A)) {
        v->value = 1;
        v->first = is_w(p, i - 1, W_A) ? i - 1 : i; /* a single */
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
        if (i >= 3 && is_w(p, i - 1, W_A) && is_w(p, i - 2, W_AND) && is_whole(t + i - 3)) {
            v->value += t[i - 3].value; /* one and a half */
            v->first = i - 3;
            v->flags |= t[i - 3].flags;
        } else if (is_w(p, i - 1, W_A)) {
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
    return (i >= 0 && i < p->n && p->t[i].type == T_DASH) || is_w(p, i, W_TO) ||
           is_w(p, i, W_AND) || is_w(p, i, W_OR);
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
    int j = is_w(p, hv.first - 1, W_THE) ? hv.first - 2 : hv.first - 1;
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
           !is_w(p, i + 1, W_UNIT);
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
         is_w(p, i, W_NEXT) || is_w(p, i, W_FOLLOWING) || is_w(p, i, W_INITIAL))) {
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
        } else if (is_w(p, i, W_OF) && (is_w(p, i - 1, W_FILLNOUN) || is_unit(p, i - 1, C_COURSE))) {
            i -= 2; /* over the course of, a total of, by the time of */
            if (is_w(p, i, W_THE) || is_w(p, i, W_A))
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
        if (is_w(p, j, W_FOLLOWUP) || (is_w(p, j, W_UP) && is_w(p, j - 1, W_FOLLOW))) {
            q->followup = 1;
            break;
        }
        if (!(is_w(p, j, W_THE) || is_w(p, j, W_AT) || is_w(p, j, W_OF) || is_w(p, j, W_AFTER) ||
              is_w(p, j, W_IN)))
            break;
    }
    if (t[q->unit].cls != C_TIME)
        return;
    const token *u = t + q->unit;
    int e = q->end, n = p->n, k;
    numval v;
    q->lo_d = to_days(u, q->lo);
    q->hi_d = to_days(u, q->hi);
    if (!q->range && !q->ordinal && is_w(p, e + 1, W_AND) && is_w(p, e + 2, W_A) && e + 3 < n &&
        t[e + 3].type == T_NUM && (t[e + 3].flags & F_HALF)) {
        q->lo_d = q->hi_d = to_days(u, q->hi + 0.5); /* a month and a half */
        e += 3;
    } else if (!q->range && !q->ordinal && is_connector(p, e + 1) &&
               ((k = e + 3, is_unit(p, k, C_TIME)) || (k = e + 4, is_unit(p, k, C_TIME))) &&
               num_at(p, k - 1, &v) && v.first == e + 2 && !(v.flags & F_ORD)) {
        double x = to_days(t + k, v.value);
        take(q, &v);
        if (!is_w(p, e + 1, W_AND) || q->qual == Q_RANGE) {
            q->hi_d = x; /* 2 weeks to 3 months, between 2 weeks and 3 months */
            q->range = 1;
            e = k;
        } else if (to_days(t + k, 1) < to_days(u, 1)) {
            q->lo_d += x; /* 1 month and 2 weeks */
            q->hi_d += x;
            e = k;
        }
    }
    if (is_w(p, e + 1, W_LATER) && !is_w(p, e + 2, W_THAN)) {
        q->later = 1;
        e++;
    }
    k = e + 1;
    if (is_w(p, k, W_OF))
        k++;
    if (is_w(p, k, W_THE))
        k++;
    if (is_w(p, k, W_FOLLOWUP)) {
        q->followup = 1;
        e = k;
    } else if (is_w(p, k, W_FOLLOW) && is_w(p, k + 1, W_UP)) {
        q->followup = 1;
        e = k + 1;
    }
    q->end = e;
}

/* The first time or count of the class cls.  A time without a number
 * decides at once (vague); a count without one only when no count of its
 * class has a number. */
int cp_onset_quant(const phrase *p, int cls, quant *q)
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
