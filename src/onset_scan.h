/*
 * onset_scan.h: the onset-phrase scanner, free of the R API (so that it can
 * be built alone: tools/fuzz/).  The contract is in onset.c and ?parse_onset.
 */
#ifndef CASEPOOL_ONSET_SCAN_H
#define CASEPOOL_ONSET_SCAN_H

#include <stddef.h>

/* statuses returned by cp_onset_scan, as onset_statuses in R/onset.R */
#define CP_ONSET_READ 0
#define CP_ONSET_NOT_REPORTED 1
#define CP_ONSET_UNREADABLE 2
#define CP_ONSET_VAGUE 3
#define CP_ONSET_NO_RESPONSE 4

/* units of a read phrase, as onset_unit_names in R/onset.R */
#define CP_ONSET_DAYS 1
#define CP_ONSET_INFUSIONS 2
#define CP_ONSET_COURSES 3

/* The answer for one phrase.  Set only when the status is CP_ONSET_READ:
 * 0 <= lower <= upper (upper may be +Inf), unit one of CP_ONSET_*, and
 * from the infusion the time is counted from: 1 for the first, K for "after
 * the Kth", +Inf for "the last" (always 1 for infusions and courses). */
typedef struct {
    double lower, upper, from;
    int unit;
} cp_onset;

/* Bytes of scratch memory cp_onset_scan needs for a phrase of up to len
 * bytes: the caller allocates it once for its longest phrase. */
size_t cp_onset_scratch(size_t len);

/* Reads the phrase s (len bytes, any content, no terminating NUL needed)
 * with scratch from cp_onset_scratch(len or more); returns a CP_ONSET_
 * status and fills *out when it is CP_ONSET_READ. */
int cp_onset_scan(const char *s, size_t len, void *scratch, cp_onset *out);

#endif
