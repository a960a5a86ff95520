/*
 * regimen_scan.c: the regimen grammar (?regimen), text -> the days of the
 * first course, an interval, how it repeats and how many infusions in all.
 * Plain C on the tokens of qscan.c.  Every number of the text must be used
 * by some rule (a dose, listed days, an interval, a count); a number left
 * over means the text says something the grammar does not read, and the
 * regimen is unreadable rather than silently misread.
 */
#include "qscan.h"
#include "qscan_tok.h"
#include <math.h>

#define MAX_PERIODS 8

typedef struct {
    double days;
    int then;    /* "then every", "every ... thereafter", "maintenance every" */
    int repeat;  /* "repeated every" */
} period;

typedef struct {
    const qtok *t;
    int nt;
    unsigned char *used;
} scan;

static void use(scan *S, int from, int to)
{
    for (int k = from; k <= to && k < S->nt; k++)
        if (k >= 0)
            S->used[k] = 1;
}

static int num(const scan *S, int i)
{
    return is_t(S->t, S->nt, i, Q_NUM) && !S->used[i];
}

static int word(const scan *S, int i, int w)
{
    return is_w(S->t, S->nt, i, w) && !S->used[i];
}

/* Set a count, or report that two counts disagree. */
static int set_count(double *total, double v)
{
    if (isnan(*total)) {
        *total = v;
        return CP_Q_READ;
    }
    return *total == v ? CP_Q_READ : CP_Q_CONFLICT;
}

/* Numbers that are part of a name ("CD20", "IL-6") are not quantities. */
static void skip_names(scan *S)
{
    const qtok *t = S->t;
    for (int i = 1; i < S->nt; i++) {
        if (t[i].type != Q_NUM || t[i].space_before)
            continue;
        int j = i - 1;
        if (t[j].type == Q_DASH && !t[j].space_before)
            j--;
        if (j >= 0 && t[j].type == Q_WORD && t[j].word == QW_OTHER)
            use(S, i - 1 > j ? j + 1 : i, i);
    }
}

/* Listed days: "days 1 and 15", "weeks 0, 2, 6", "day 1 and day 15",
 * "days 1-5", or "0, 2 and 6 weeks".  Returns a status; sets *found. */
static int read_list(scan *S, int i, cp_regimen *r, int *found)
{
    const qtok *t = S->t;
    int nt = S->nt, unit_first = word(S, i, QW_UNIT);
    int k = unit_first ? i + 1 : i, last = k, unit_at = -1;
    double vals[CP_REG_MAX_LIST];
    int nv = 0;
    if (unit_first && (num(S, i - 1) || !num(S, k)))
        return CP_Q_READ;                /* "8 weeks": a duration, not a list */
    if (!unit_first && (is_w(t, nt, i - 1, QW_EVERY) || is_w(t, nt, i - 1, QW_Q) ||
                        is_w(t, nt, i - 1, QW_FOR) || is_w(t, nt, i - 1, QW_OTHERW)))
        return CP_Q_READ;                /* "every 4, 8 weeks" is no list */
    while (num(S, k)) {
        double a = t[k].value, b = a;
        int next = k + 1;
        if (unit_first && is_t(t, nt, k + 1, Q_DASH) && num(S, k + 2)) {
            b = t[k + 2].value;          /* "days 1-5" */
            next = k + 3;
        }
        if (!t[k].is_int || !t[next - 1].is_int || b < a)
            return CP_Q_BAD_LIST;
        if (b - a + nv >= CP_REG_MAX_LIST)
            return CP_Q_OUT_OF_RANGE;
        for (double v = a; v <= b; v++)
            vals[nv++] = v;
        last = next - 1;
        k = next;
        int sep = k;
        if (is_t(t, nt, sep, Q_COMMA))
            sep++;
        if (is_w(t, nt, sep, QW_AND))
            sep++;
        if (sep > k && unit_first && word(S, sep, QW_UNIT) &&
            t[sep].value == t[i].value)
            sep++;                       /* "day 1 and day 15" */
        if (sep == k || !num(S, sep))
            break;
        /* "days 1 and 15, 2 weeks apart": a number before a unit, a
         * dose or a count starts another quantity */
        if (unit_first && is_t(t, nt, sep + 1, Q_WORD) &&
            (t[sep + 1].word == QW_UNIT || t[sep + 1].word == QW_DOSE ||
             t[sep + 1].word == QW_CYCLE || t[sep + 1].word == QW_MASS))
            break;
        k = sep;
    }
    if (!unit_first) {
        /* numbers then their unit: at least two numbers, and not "N weeks apart" */
        if (nv < 2 || !word(S, last + 1, QW_UNIT) || is_w(t, nt, last + 2, QW_APART))
            return CP_Q_READ;
        unit_at = last + 1;
        last = unit_at;
    }
    if (nv == 0)
        return CP_Q_READ;
    if (*found)
        return CP_Q_BAD_LIST;            /* two lists */
    double per = t[unit_first ? i : unit_at].value;
    double base = vals[0];
    if (base != 0 && base != 1)
        return CP_Q_BAD_LIST;            /* the first infusion is day 1 (or 0) */
    for (int v = 0; v < nv; v++) {
        if (v > 0 && vals[v] <= vals[v - 1])
            return CP_Q_BAD_LIST;
        r->days[v] = (vals[v] - base) * per;
    }
    r->n_days = nv;
    *found = 1;
    use(S, i, last);
    return CP_Q_READ;
}

/* The interval that starts at token i, in days (0 when none); sets *end to
 * its last token. */
static double read_period(scan *S, int i, int *end, int *status)
{
    const qtok *t = S->t;
    int nt = S->nt, k;
    double mult = 1, n = 1;
    if (word(S, i, QW_EVERY) || word(S, i, QW_Q)) {
        k = i + 1;
        if (word(S, k, QW_OTHERW)) {
            mult = 2;
            k++;
        }
        if (num(S, k)) {
            n = t[k].value;
            if (is_t(t, nt, k + 1, Q_DASH) || is_w(t, nt, k + 1, QW_TO)) {
                *status = CP_Q_RANGE;
                return 0;
            }
            k++;
        }
        if (!word(S, k, QW_UNIT))
            return 0;
        *end = k;
        return n * mult * t[k].value;
    }
    if (word(S, i, QW_ADVERB)) {
        *end = i;
        /* "4-weekly", "6-monthly": every 4 weeks, 6 months */
        if (is_t(t, nt, i - 1, Q_DASH) && num(S, i - 2)) {
            use(S, i - 2, i - 1);
            return t[i - 2].value * t[i].value;
        }
        return t[i].value;
    }
    /* "once a week", "once per month", "/week" */
    if ((word(S, i, QW_ONCE) && (is_w(t, nt, i + 1, QW_A) || is_w(t, nt, i + 1, QW_PER))) ||
        (word(S, i, QW_PER) || is_t(t, nt, i, Q_SLASH))) {
        k = i + 1 + (word(S, i, QW_ONCE) ? 1 : 0);
        if (!word(S, k, QW_UNIT))
            return 0;
        *end = k;
        return t[k].value;
    }
    /* "2 weeks apart" */
    if (num(S, i) && word(S, i + 1, QW_UNIT) && is_w(t, nt, i + 2, QW_APART)) {
        *end = i + 2;
        return t[i].value * t[i + 1].value;
    }
    return 0;
}

static int has_word_before(const qtok *t, int nt, int i, int span, int w)
{
    for (int k = i - 1; k >= 0 && k >= i - span; k--)
        if (is_w(t, nt, k, w))
            return 1;
    return 0;
}

/* "x4", "4x", "4 times", "twice": a count of doses or (before "cycles")
 * of courses. */
static int read_times(scan *S, double *doses, double *cycles)
{
    const qtok *t = S->t;
    int nt = S->nt;
    for (int i = 0; i < nt; i++) {
        int n_at = -1, last = i;
        if (word(S, i, QW_TIMES) && num(S, i + 1)) {
            n_at = i + 1;
            last = i + 1;
        } else if (num(S, i) && word(S, i + 1, QW_TIMES) && !num(S, i + 2)) {
            n_at = i;
            last = i + 1;
        } else if (word(S, i, QW_TWICE)) {
            if (is_w(t, nt, i + 1, QW_ADVERB) || is_w(t, nt, i + 1, QW_A) ||
                is_w(t, nt, i + 1, QW_PER) || is_w(t, nt, i + 1, QW_EVERY))
                return CP_Q_AMBIGUOUS_WORD;      /* "twice weekly" */
            use(S, i, i);
            if (set_count(doses, t[i].value) != CP_Q_READ)
                return CP_Q_CONFLICT;
            continue;
        }
        if (n_at < 0 || word(S, n_at + 1, QW_UNIT))
            continue;                             /* "x 6 months" is a duration */
        int cyc = is_w(t, nt, last + 1, QW_CYCLE);
        if (!t[n_at].is_int)
            return CP_Q_UNREADABLE;
        if (set_count(cyc ? cycles : doses, t[n_at].value) != CP_Q_READ)
            return CP_Q_CONFLICT;
        use(S, i, last + cyc);
    }
    return CP_Q_READ;
}

/* "4 doses", "two 1 g infusions", "6 cycles", "single dose", "once", and
 * "for 4 weeks" (a duration, in *dur days; *dur_days when stated in days,
 * *dur_over when with "over"). */
static int read_counts(scan *S, double *doses, double *cycles, double *dur,
                       int *dur_days, int *dur_over)
{
    const qtok *t = S->t;
    int nt = S->nt;
    for (int i = 0; i < nt; i++) {
        if (num(S, i)) {
            int k = i + 1;
            while (k < nt && S->used[k])
                k++;                              /* "two 1 g infusions" */
            int d = is_w(t, nt, k, QW_DOSE), c = is_w(t, nt, k, QW_CYCLE);
            if (!d && !c)
                continue;
            if (!t[i].is_int)
                return CP_Q_UNREADABLE;
            int rate = is_t(t, nt, k + 1, Q_SLASH) || is_w(t, nt, k + 1, QW_PER);
            if (t[i].value == 1 && (rate || is_w(t, nt, k + 1, QW_EVERY) ||
                                    is_w(t, nt, k + 1, QW_ADVERB))) {
                use(S, i, i);                     /* "1 infusion every 4 weeks" */
                continue;
            }
            if (rate)
                return CP_Q_AMBIGUOUS_WORD;       /* "2 infusions per month" */
            if (set_count(c ? cycles : doses, t[i].value) != CP_Q_READ)
                return CP_Q_CONFLICT;
            use(S, i, i);
            use(S, k, k);
        } else if (word(S, i, QW_SINGLE) || word(S, i, QW_ONCE)) {
            if (set_count(doses, 1) != CP_Q_READ)
                return CP_Q_CONFLICT;
            use(S, i, i);
        } else if ((word(S, i, QW_FOR) || word(S, i, QW_TIMES)) &&
                   (num(S, i + 1) || is_w(t, nt, i + 1, QW_A)) &&
                   word(S, i + 2, QW_UNIT)) {
            if (*dur >= 0)
                return CP_Q_CONFLICT;
            *dur = t[i + 1].value * t[i + 2].value;
            *dur_days = t[i + 2].value == 1;
            *dur_over = t[i].value == 1;
            use(S, i, i + 2);
        }
    }
    return CP_Q_READ;
}

int cpq_read_regimen(const char *s, size_t len, void *scratch, cp_regimen *r)
{
    r->every = NAN;
    r->mode = 0;
    r->max_inf = NAN;
    r->n_days = 1;
    r->days[0] = 0;
    r->dose = NAN;
    r->dose_unit = 0;
    if (q_not_reported(s, len))
        return CP_Q_NOT_REPORTED;
    qtok *toks = (qtok *) scratch;
    char *buf = (char *) scratch + (len + 1) * sizeof(qtok);
    int nt = q_tokenize(s, len, toks, buf);
    scan S = {toks, nt, (unsigned char *) buf + (len + 1)};
    for (int i = 0; i < nt; i++)
        S.used[i] = 0;
    skip_names(&S);

    int per_day = 0, status;
    for (int i = 0; i < nt; i++) {
        if (S.used[i])
            continue;
        if (toks[i].type == Q_NUM && toks[i].bad)
            return CP_Q_OUT_OF_RANGE;
        if (toks[i].type == Q_DASH && num(&S, i + 1) && !toks[i + 1].space_before &&
            (i == 0 || toks[i].space_before || !is_t(toks, nt, i - 1, Q_NUM)))
            return CP_Q_OUT_OF_RANGE;             /* a negative number */
        if (toks[i].type == Q_WORD && toks[i].word == QW_AMBIG)
            return CP_Q_AMBIGUOUS_WORD;
        double v;
        int u, pd, range;
        int j = q_dose_at(toks, nt, i, &v, &u, &pd, &range);
        if (j == i)
            continue;
        if (range == 2)
            return CP_Q_THOUSANDS;                 /* "1,000 mg" */
        int from = i;
        if (range || (is_t(toks, nt, i - 1, Q_COMMA) && !toks[i].space_before &&
                      !toks[i - 1].space_before && num(&S, i - 2)))
            from = i - 2;                          /* "3-5 mg/kg", "0,4 g" */
        if (isnan(r->dose) && !range) {
            if (!(v > 0 && v < 1e7))
                return CP_Q_OUT_OF_RANGE;
            r->dose = v;
            r->dose_unit = u;
        }
        per_day |= pd;
        use(&S, from, j - 1);
        i = j - 1;
    }

    double doses = NAN, cycles = NAN, dur = -1;
    int dur_days = 0, dur_over = 0, listed = 0;
    if ((status = read_times(&S, &doses, &cycles)) != CP_Q_READ)
        return status;
    for (int i = 0; i < nt; i++) {
        if ((status = read_list(&S, i, r, &listed)) != CP_Q_READ)
            return status;
    }

    period per[MAX_PERIODS];
    int np = 0;
    for (int i = 0; i < nt; i++) {
        if (S.used[i])
            continue;
        int end = i;
        status = CP_Q_READ;
        double p = read_period(&S, i, &end, &status);
        if (status != CP_Q_READ)
            return status;
        if (p <= 0)
            continue;
        if (np == MAX_PERIODS)
            return CP_Q_CONFLICT;
        per[np].days = p;
        per[np].then = has_word_before(toks, nt, i, 3, QW_THEN) ||
            is_w(toks, nt, end + 1, QW_THEN) ||
            (toks[i].word == QW_EVERY && is_w(toks, nt, i - 1, QW_AND));
        per[np].repeat = has_word_before(toks, nt, i, 3, QW_REPEAT);
        np++;
        use(&S, i, end);
        i = end;
    }
    if ((status = read_counts(&S, &doses, &cycles, &dur, &dur_days, &dur_over)) != CP_Q_READ)
        return status;
    for (int i = 0; i < nt; i++)
        if (toks[i].type == Q_NUM && !S.used[i])
            return CP_Q_LEFTOVER;                 /* a number no rule reads */

    /* the intervals: daily ones make a course with "for N days" */
    int daily = per_day, other = -1;
    for (int k = 0; k < np; k++) {
        if (per[k].days == 1) {
            daily = 1;
        } else if (other < 0) {
            other = k;
        } else if (per[other].days != per[k].days) {
            return CP_Q_CONFLICT;                 /* two intervals */
        }
    }
    int course_len = 0;
    if (dur >= 0 && dur_days && (daily || dur_over || other < 0)) {
        if (dur != floor(dur) || dur < 1)
            return CP_Q_UNREADABLE;
        if (dur >= CP_REG_MAX_LIST)
            return CP_Q_OUT_OF_RANGE;
        course_len = (int) dur;
        dur = -1;
        daily = 0;
    }
    if (daily && other >= 0)
        return CP_Q_CONFLICT;                     /* daily and every N weeks */
    period *P = other >= 0 ? per + other : NULL;
    double every = P ? P->days : daily ? 1 : NAN;
    int then = P && P->then, repeat = P && P->repeat;
    if (daily)
        for (int k = 0; k < np; k++)
            if (per[k].days == 1) {
                then |= per[k].then;
                repeat |= per[k].repeat;
            }

    if (course_len) {
        if (listed)
            return CP_Q_CONFLICT;
        for (int k = 0; k < course_len; k++)
            r->days[k] = k;
        r->n_days = course_len;
    }
    int m = r->n_days;
    if (!isnan(every)) {
        if (listed && m > 1 && !then && !repeat)
            return CP_Q_AMBIGUOUS_REPEAT;
        r->mode = (m > 1 && then && !repeat) ? 1 : 0;
        if (r->mode == 0 && r->days[m - 1] >= every)
            return CP_Q_OVERLAP;
        if (!(every <= 36525 && every >= 1.0 / 24))
            return CP_Q_OUT_OF_RANGE;
    }
    int course = r->mode == 0 ? m : 1;

    double total = NAN;
    if (!isnan(doses) && set_count(&total, doses) != CP_Q_READ)
        return CP_Q_CONFLICT;
    if (!isnan(cycles) && r->mode == 1)
        return CP_Q_COUNT_AMBIGUOUS;              /* cycles after listed days */
    if (!isnan(cycles) && set_count(&total, cycles * course) != CP_Q_READ)
        return CP_Q_CONFLICT;
    if (dur >= 0) {
        if (isnan(every))
            return CP_Q_NO_INTERVAL;
        if (r->mode == 1)
            return CP_Q_NOT_MULTIPLE;
        double n = dur / every, rn = floor(n + 0.5);
        if (rn < 1 || fabs(n - rn) > 0.05)
            return CP_Q_NOT_MULTIPLE;
        if (set_count(&total, rn * course) != CP_Q_READ)
            return CP_Q_CONFLICT;
    }
    if (!isnan(total)) {
        if (total < 1 || total > 1e6)
            return CP_Q_OUT_OF_RANGE;
        if (total < m)
            return CP_Q_COUNT_BELOW_LIST;
        if (total > m && isnan(every))
            return CP_Q_NO_INTERVAL;
        r->max_inf = total;
    } else if (isnan(every)) {
        if (!listed && !course_len)
            return CP_Q_NO_SCHEDULE;
        r->max_inf = m;
    } else {
        r->max_inf = INFINITY;
    }
    r->every = every;
    return CP_Q_READ;
}
