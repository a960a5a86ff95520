/*
 * cases.c: the text cleaning of a case table's columns, in one pass per
 * column: UTF-8 validity, blanks trimmed, not-reported markers made NA,
 * and yes/no values read.  Strings that need no change are kept as they
 * are, without a copy.
 */
#include "casepool.h"
#include <string.h>

static char lower_ascii(unsigned char c) { return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c); }

/* 1 when s[0..n-1] is valid UTF-8 */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned int cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += len;
    }
    return 1;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* 1 when s[0..n-1] equals one of markers, ignoring ASCII letter case */
static int is_marker(const char *s, size_t n, SEXP markers)
{
    for (R_xlen_t k = 0; k < XLENGTH(markers); k++) {
        SEXP m = STRING_ELT(markers, k);
        if ((size_t) LENGTH(m) != n)
            continue;
        const char *t = CHAR(m);
        size_t j = 0;
        while (j < n && lower_ascii((unsigned char) s[j]) == lower_ascii((unsigned char) t[j]))
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

/*
 * cp_clean_text(x, markers)
 *   x        character vector
 *   markers  character vector of lower-case not-reported markers ("" is
 *            always one)
 * Returns list(value, garbled): x with leading and trailing blanks removed
 * and the markers (any letter case) made NA, and the 1-based positions of
 * the elements that are not valid UTF-8 (returned unchanged, for R to
 * escape).  Strings marked latin1 are translated to UTF-8 first.
 */
SEXP cp_clean_text(SEXP x, SEXP markers)
{
    if (TYPEOF(x) != STRSXP || TYPEOF(markers) != STRSXP)
        Rf_error("cp_clean_text: bad arguments");
    R_xlen_t n = XLENGTH(x), ng = 0;
    int nprot = 0;
    SEXP out = PROTECT(Rf_allocVector(STRSXP, n)); nprot++;
    int *bad = (int *) R_alloc((size_t) (n > 0 ? n : 1), sizeof(int));
    for (R_xlen_t i = 0; i < n; i++) {
        if ((i & 0xffff) == 0xffff)
            R_CheckUserInterrupt();
        SEXP el = STRING_ELT(x, i);
        if (el == NA_STRING) {
            SET_STRING_ELT(out, i, NA_STRING);
            continue;
        }
        if (Rf_getCharCE(el) == CE_LATIN1) {
            el = Rf_mkCharCE(Rf_translateCharUTF8(el), CE_UTF8);
        }
        const char *s = CHAR(el);
        size_t len = (size_t) LENGTH(el);
        if (!valid_utf8((const unsigned char *) s, len)) {
            if (i < INT_MAX)
                bad[ng++] = (int) (i + 1);
            SET_STRING_ELT(out, i, el);
            continue;
        }
        size_t a = 0, b = len;
        while (a < b && is_blank((unsigned char) s[a]))
            a++;
        while (b > a && is_blank((unsigned char) s[b - 1]))
            b--;
        if (a == b || is_marker(s + a, b - a, markers)) {
            SET_STRING_ELT(out, i, NA_STRING);
        } else if (a == 0 && b == len) {
            SET_STRING_ELT(out, i, el);
        } else {
            SET_STRING_ELT(out, i, Rf_mkCharLenCE(s + a, (int) (b - a), CE_UTF8));
        }
    }
    SEXP garbled = PROTECT(Rf_allocVector(INTSXP, ng)); nprot++;
    if (ng)
        memcpy(INTEGER(garbled), bad, (size_t) ng * sizeof(int));
    const char *names[] = {"value", "garbled"};
    SEXP res = PROTECT(cp_named_list(names, 2)); nprot++;
    SET_VECTOR_ELT(res, 0, out);
    SET_VECTOR_ELT(res, 1, garbled);
    UNPROTECT(nprot);
    return res;
}

/*
 * cp_yes_no(x, letters)
 *   x        character vector (already trimmed)
 *   letters  logical: also read the single letters t/f as TRUE/FALSE
 * Returns a logical vector: TRUE for true, yes, y, 1 (and t), FALSE for
 * false, no, n, 0 (and f), in any letter case; NA for NA, and for anything
 * else, whose positions (1-based) are the attribute "bad".
 */
SEXP cp_yes_no(SEXP x, SEXP letters)
{
    if (TYPEOF(x) != STRSXP)
        Rf_error("cp_yes_no: bad arguments");
    static const char *yes[] = {"true", "yes", "y", "1", "t"};
    static const char *no[] = {"false", "no", "n", "0", "f"};
    int with_letters = Rf_asLogical(letters) == TRUE, nw = with_letters ? 5 : 4;
    R_xlen_t n = XLENGTH(x), nb = 0;
    SEXP out = PROTECT(Rf_allocVector(LGLSXP, n));
    int *v = LOGICAL(out);
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP el = STRING_ELT(x, i);
        v[i] = NA_LOGICAL;
        if (el == NA_STRING)
            continue;
        const char *s = CHAR(el);
        size_t len = (size_t) LENGTH(el);
        char low[8];
        if (len == 0)
            continue;
        int found = 0;
        if (len < sizeof(low)) {
            for (size_t j = 0; j < len; j++)
                low[j] = lower_ascii((unsigned char) s[j]);
            low[len] = '\0';
            for (int k = 0; k < nw && !found; k++) {
                if (strcmp(low, yes[k]) == 0) {
                    v[i] = TRUE;
                    found = 1;
                } else if (strcmp(low, no[k]) == 0) {
                    v[i] = FALSE;
                    found = 1;
                }
            }
        }
        if (!found)
            nb++;
    }
    SEXP badv = PROTECT(Rf_allocVector(INTSXP, nb));
    for (R_xlen_t i = 0, j = 0; i < n && j < nb; i++) {
        SEXP el = STRING_ELT(x, i);
        if (el != NA_STRING && LENGTH(el) > 0 && v[i] == NA_LOGICAL)
            INTEGER(badv)[j++] = i < INT_MAX ? (int) (i + 1) : NA_INTEGER;
    }
    Rf_setAttrib(out, Rf_install("bad"), badv);
    UNPROTECT(2);
    return out;
}
