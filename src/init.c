/* init.c: registration of the package's native routines. */
#include "casepool.h"
#include <R_ext/Rdynload.h>
#include <R_ext/Visibility.h>

static const R_CallMethodDef CallEntries[] = {
    {"cp_binom_ci", (DL_FUNC) &cp_binom_ci, 4},
    {"cp_clean_text", (DL_FUNC) &cp_clean_text, 2},
    {"cp_describe_cat", (DL_FUNC) &cp_describe_cat, 4},
    {"cp_describe_num", (DL_FUNC) &cp_describe_num, 3},
    {"cp_fisher", (DL_FUNC) &cp_fisher, 3},
    {"cp_group_codes", (DL_FUNC) &cp_group_codes, 1},
    {"cp_kappa", (DL_FUNC) &cp_kappa, 6},
    {"cp_km", (DL_FUNC) &cp_km, 8},
    {"cp_logrank", (DL_FUNC) &cp_logrank, 6},
    {"cp_parse_onset", (DL_FUNC) &cp_parse_onset, 1},
    {"cp_pool_glmm", (DL_FUNC) &cp_pool_glmm, 6},
    {"cp_pool_iv", (DL_FUNC) &cp_pool_iv, 5},
    {"cp_read_quantity", (DL_FUNC) &cp_read_quantity, 2},
    {"cp_read_regimen", (DL_FUNC) &cp_read_regimen, 1},
    {"cp_regimen_days", (DL_FUNC) &cp_regimen_days, 4},
    {"cp_relabel", (DL_FUNC) &cp_relabel, 2},
    {"cp_tally", (DL_FUNC) &cp_tally, 5},
    {"cp_timeline", (DL_FUNC) &cp_timeline, 10},
    {"cp_turnbull", (DL_FUNC) &cp_turnbull, 9},
    {"cp_yes_no", (DL_FUNC) &cp_yes_no, 2},
    {NULL, NULL, 0}
};

void attribute_visible R_init_casepool(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, CallEntries, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
