/*
 * libFuzzer harness for the readers of regimens, doses and follow-up
 * (src/qscan.c, src/regimen_scan.c).  Any input must give a known status;
 * a read regimen must list days from 0, increasing and finite, an interval
 * above 0 (or none) that a repeating course fits in, and a count of
 * infusions of at least the days listed; a read dose lies in (0, 10^7) and
 * a follow-up in [0, 12000] months.  Each input is read with scratch sized
 * exactly and again with a larger, dirty block: the answers must agree.
 * Build and run: see the Makefile.
 */
#include "qscan.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_regimen(const cp_regimen *r)
{
    if (r->n_days < 1 || r->n_days > CP_REG_MAX_LIST || r->days[0] != 0)
        abort();
    for (int k = 1; k < r->n_days; k++)
        if (!(r->days[k] > r->days[k - 1]) || !isfinite(r->days[k]))
            abort();
    if (!isnan(r->every) && !(r->every > 0 && isfinite(r->every)))
        abort();
    if (!isnan(r->every) && r->mode == 0 && r->days[r->n_days - 1] >= r->every)
        abort();
    if (!(r->max_inf >= r->n_days) || (isnan(r->every) && r->max_inf != r->n_days))
        abort();
    if (!isnan(r->dose) && !(r->dose > 0 && r->dose < 1e7))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t big = cpq_scratch(2 * size + 64);
    void *scratch = malloc(cpq_scratch(size));
    void *dirty = malloc(big);
    cp_regimen *a = malloc(sizeof(cp_regimen)), *b = malloc(sizeof(cp_regimen));
    if (!scratch || !dirty || !a || !b)
        abort();
    memset(dirty, 0xA5, big);
    const char *s = (const char *) data;
    int ra = cpq_read_regimen(s, size, scratch, a);
    int rb = cpq_read_regimen(s, size, dirty, b);
    if (ra != rb || ra < CP_Q_READ || ra >= CP_Q_NSTATUS)
        abort();
    if (ra == CP_Q_READ) {
        check_regimen(a);
        if (a->n_days != b->n_days || a->max_inf != b->max_inf ||
            memcmp(a->days, b->days, (size_t) a->n_days * sizeof(double)) != 0)
            abort();
    }
    double v1 = 0, v2 = 0;
    int u1 = 0, u2 = 0;
    int da = cpq_read_dose(s, size, scratch, &v1, &u1);
    int db = cpq_read_dose(s, size, dirty, &v2, &u2);
    if (da != db || (da == CP_Q_READ && (!(v1 > 0 && v1 < 1e7) || v1 != v2 || u1 != u2)))
        abort();
    int ma = cpq_read_months(s, size, scratch, &v1, &u1);
    int mb = cpq_read_months(s, size, dirty, &v2, &u2);
    if (ma != mb || (ma == CP_Q_READ && (!(v1 >= 0 && v1 <= 12000) || v1 != v2)))
        abort();
    free(scratch);
    free(dirty);
    free(a);
    free(b);
    return 0;
}
