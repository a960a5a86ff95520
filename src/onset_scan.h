/*
 * onset_scan.h: the onset-phrase scanner, free of the R API.
 */
#ifndef CASEPOOL_ONSET_SCAN_H
#define CASEPOOL_ONSET_SCAN_H

#include <stddef.h>

/* results of cp_onset_scan */
#define CP_ONSET_READ 0
#define CP_ONSET_NOT_REPORTED 1
#define CP_ONSET_UNREADABLE 2

/* bytes of scratch memory that cp_onset_scan needs for a phrase of len bytes */
size_t cp_onset_scratch(size_t len);

/* Reads the phrase s (len bytes, any content).  On CP_ONSET_READ sets
 * lower <= upper and unit (1 days, 2 infusions). */
int cp_onset_scan(const char *s, size_t len, void *scratch, double *lower,
                  double *upper, int *unit);

#endif
