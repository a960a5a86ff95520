/*
 * qscan.h: the reader of quantities and schedules in a case table's text
 * columns (dose, follow-up, regimen), free of the R API so that it can be
 * fuzzed alone (tools/fuzz/).  Callers give scratch memory sized by
 * cpq_scratch() for the longest text they will read.
 */
#ifndef CASEPOOL_QSCAN_H
#define CASEPOOL_QSCAN_H

#include <stddef.h>

/* statuses shared by the readers: 0 read, 1 not reported, >= 2 a reason
 * why the text could not be read (see cp_qscan_reason) */
enum cp_qscan_status {
    CP_Q_READ = 0,
    CP_Q_NOT_REPORTED,
    CP_Q_UNREADABLE,        /* no quantity of the expected kind */
    CP_Q_RANGE,             /* a range where one value is needed */
    CP_Q_OUT_OF_RANGE,      /* negative, too large, or more digits than fit */
    CP_Q_NO_UNIT,           /* a dose without its unit */
    CP_Q_NO_SCHEDULE,       /* a regimen without interval, count or days */
    CP_Q_AMBIGUOUS_REPEAT,  /* listed days and an interval, neither "then" nor "repeated" */
    CP_Q_BAD_LIST,          /* listed days that do not start at the first infusion or increase */
    CP_Q_NO_INTERVAL,       /* several doses and no interval between them */
    CP_Q_CONFLICT,          /* two intervals, or counts that disagree */
    CP_Q_NOT_MULTIPLE,      /* a duration that is not a whole number of intervals */
    CP_Q_OVERLAP,           /* a course longer than its interval */
    CP_Q_AMBIGUOUS_WORD,    /* "biweekly", "bimonthly", "twice weekly" */
    CP_Q_COUNT_BELOW_LIST,  /* fewer doses than listed days */
    CP_Q_LEFTOVER,          /* a number that no rule of the grammar reads */
    CP_Q_THOUSANDS,         /* "1,000": a thousands separator or a decimal comma */
    CP_Q_COUNT_AMBIGUOUS,   /* cycles counted after listed days ("then ... x 5 cycles") */
    CP_Q_NSTATUS
};

/* dose units */
enum cp_dose_unit { CP_DOSE_MG_KG = 1, CP_DOSE_MG_M2 = 2, CP_DOSE_MG = 3 };

/* the most infusion days a regimen may list (after expanding "days 1-5") */
#define CP_REG_MAX_LIST 1000

typedef struct {
    double every;        /* days between repetitions; NAN for none */
    int mode;            /* 0: the course repeats from its start; 1: single
                            infusions every `every` days after the last listed one */
    double max_inf;      /* infusions in all; INFINITY when unbounded */
    int n_days;          /* listed days: the first course (at least 1) */
    double days[CP_REG_MAX_LIST];
    double dose;         /* dose per infusion, NAN when not given */
    int dose_unit;       /* enum cp_dose_unit, 0 when not given */
} cp_regimen;

size_t cpq_scratch(size_t len);

/* "5 mg/kg", "375 mg/m2", "1 g", "0.4 g/kg/day": value in mg, mg/kg or
 * mg/m2, and its unit. */
int cpq_read_dose(const char *s, size_t len, void *scratch, double *value,
                 int *unit);

/* "24", "24 months", "18+", "2 years", "6 wk": a duration in months
 * (numbers alone are months); *plus is 1 when marked "+" or "at least". */
int cpq_read_months(const char *s, size_t len, void *scratch, double *months,
                   int *plus);

/* A regimen in the grammar of ?regimen. */
int cpq_read_regimen(const char *s, size_t len, void *scratch, cp_regimen *r);

#endif
