/* util.c: helpers shared by the entry points. */
#include "casepool.h"

/* A list of n elements (NULL for now) named names[0..n-1]; unprotected. */
SEXP cp_named_list(const char **names, int n)
{
    SEXP out = PROTECT(Rf_allocVector(VECSXP, n));
    SEXP nms = PROTECT(Rf_allocVector(STRSXP, n));
    for (int j = 0; j < n; j++)
        SET_STRING_ELT(nms, j, Rf_mkChar(names[j]));
    Rf_setAttrib(out, R_NamesSymbol, nms);
    UNPROTECT(2);
    return out;
}
