/*
 * libFuzzer harness for the onset-phrase scanner (src/onset_scan.c).
 * Any input must return one of the three results; a read phrase must give
 * 0 <= lower <= upper and a unit of 1 or 2.  Build and run: see README.md.
 */
#include "onset_scan.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    void *scratch = malloc(cp_onset_scratch(size));
    if (!scratch)
        return 0;
    double lower = NAN, upper = NAN;
    int unit = 0;
    int res = cp_onset_scan((const char *) data, size, scratch, &lower, &upper, &unit);
    free(scratch);
    if (res != CP_ONSET_READ && res != CP_ONSET_NOT_REPORTED && res != CP_ONSET_UNREADABLE)
        abort();
    if (res == CP_ONSET_READ &&
        (isnan(lower) || isnan(upper) || lower < 0 || lower > upper ||
         (unit != 1 && unit != 2)))
        abort();
    return 0;
}
