/*
 * libFuzzer harness for the onset-phrase scanner (src/onset_scan.c,
 * onset_quant.c, onset_lex.c, onset_words.c).  Any input must give one of
 * the five statuses; a read phrase must give 0 <= lower <= upper with
 * bounds within 10^6 (upper may be +Inf), a unit of 1, 2 or 3, and a
 * starting infusion that is a whole number from 1 to 10^6 or +Inf (1 for
 * infusions and courses).  The answer must not depend on what the scratch
 * memory held before (R reuses one scratch block, sized for the longest
 * phrase, for the whole vector), so each input is also read with a larger,
 * dirty block.  Build and run: see the Makefile.
 */
#include "onset_scan.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t big = cp_onset_scratch(2 * size + 64);
    void *scratch = malloc(cp_onset_scratch(size));
    void *dirty = malloc(big);
    if (!scratch || !dirty) {
        free(scratch);
        free(dirty);
        return 0;
    }
    memset(dirty, 0xA5, big);
    cp_onset a, b;
    int res = cp_onset_scan((const char *) data, size, scratch, &a);
    int res2 = cp_onset_scan((const char *) data, size, dirty, &b);
    free(scratch);
    free(dirty);
    if (res < CP_ONSET_READ || res > CP_ONSET_NO_RESPONSE)
        abort();
    if (res != res2)
        abort();
    if (res != CP_ONSET_READ)
        return 0;
    if (!same(a.lower, b.lower) || !same(a.upper, b.upper) || !same(a.from, b.from) ||
        a.unit != b.unit)
        abort();
    if (isnan(a.lower) || isnan(a.upper) || a.lower < 0 || a.lower > a.upper ||
        a.lower > 1e6 || (a.upper > 1e6 && !isinf(a.upper)))
        abort();
    if (a.unit < CP_ONSET_DAYS || a.unit > CP_ONSET_COURSES)
        abort();
    if (isnan(a.from) || a.from < 1 ||
        (!isinf(a.from) && (a.from > 1e6 || a.from != floor(a.from))))
        abort();
    if (a.unit != CP_ONSET_DAYS && a.from != 1)
        abort();
    return 0;
}
