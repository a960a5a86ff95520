# Errors and small helpers shared by the whole package.

# Raise an error of class "casepool_error" without the call, so that the
# message (which names the argument, row and column) is what users read.
cp_abort <- function(..., class = NULL) {
  msg <- paste0(...)
  cond <- structure(
    class = c(class, "casepool_error", "error", "condition"),
    list(message = msg, call = NULL)
  )
  stop(cond)
}

cp_warn <- function(..., class = NULL) {
  msg <- paste0(...)
  cond <- structure(
    class = c(class, "casepool_warning", "warning", "condition"),
    list(message = msg, call = NULL)
  )
  warning(cond)
}

# "rows 3, 7 and 12", "row 4", "rows 1, 2, 3, 4, 5 and 9 more"
fmt_rows <- function(rows, max = 5) {
  rows <- as.integer(rows)
  word <- if (length(rows) == 1) "row " else "rows "
  paste0(word, fmt_list(rows, max = max))
}

# "row 5 (case R05)", "rows 3, 5 and 7 (cases A3, B1 and C2)": rows
# counted from 1 over the data rows, with their case ids when ids are given
# (the whole id column, indexed here by row).
fmt_cases <- function(rows, ids = NULL, max = 5) {
  if (is.null(ids)) return(fmt_rows(rows, max = max))
  rows <- as.integer(rows)
  if (length(rows) == 1) {
    return(paste0("row ", rows, " (case ", format_id(ids[rows]), ")"))
  }
  paste0(fmt_rows(rows, max = max), " (cases ",
         fmt_list(format_id(ids[rows]), max = max), ")")
}

format_id <- function(id) {
  id <- as.character(id)
  id[is.na(id)] <- "no id"
  id
}

# "a", "a and b", "a, b and c", "a, b, c, d, e and 7 more"; "a, b or c"
fmt_list <- function(x, max = 5, conj = "and") {
  x <- as.character(x)
  n <- length(x)
  if (n <= 1) return(x)
  if (n > max) {
    return(paste0(paste(x[seq_len(max)], collapse = ", "), " and ", n - max, " more"))
  }
  paste0(paste(x[-n], collapse = ", "), " ", conj, " ", x[n])
}

# match.arg() with the package's message: the first choice when the
# argument was not given, else one of the choices, named in the error.
arg_choice <- function(arg, choices = NULL) {
  name <- deparse(substitute(arg))
  if (is.null(choices)) {
    fn <- sys.function(sys.parent())
    choices <- eval(formals(fn)[[name]])
  }
  if (identical(arg, choices)) return(choices[1])
  if (!is.character(arg) || length(arg) != 1 || is.na(arg) || !arg %in% choices) {
    cp_abort(bt(name), " must be one of ", fmt_list(dQuote(choices, FALSE), conj = "or"),
             ", not ", describe(arg), ".")
  }
  arg
}

# Backtick-quoted name, for messages.
bt <- function(x) paste0("`", x, "`")

check_scalar_number <- function(x, arg, lower = -Inf, upper = Inf,
                                open = TRUE) {
  ok <- is.numeric(x) && length(x) == 1 && !is.na(x)
  if (ok) {
    ok <- if (open) x > lower && x < upper else x >= lower && x <= upper
  }
  if (!ok) {
    brackets <- if (open) c("(", ")") else c("[", "]")
    cp_abort(bt(arg), " must be a single number in ", brackets[1], lower,
             ", ", upper, brackets[2], ", not ", describe(x), ".")
  }
  invisible(x)
}

check_string <- function(x, arg) {
  if (!is.character(x) || length(x) != 1 || is.na(x)) {
    cp_abort(bt(arg), " must be a single string, not ", describe(x), ".")
  }
  invisible(x)
}

# A short description of a value, for error messages.
describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (length(x) == 1 && is.atomic(x)) {
    return(paste0(if (is.character(x) && !is.na(x)) dQuote(x, FALSE) else format(x),
                  " (", class(x)[1], ")"))
  }
  if (is.data.frame(x)) {
    return(paste0("a data frame with ", nrow(x), if (nrow(x) == 1) " row" else " rows"))
  }
  cls <- class(x)[1]
  article <- if (grepl("^[aeiou]", cls)) "an " else "a "
  paste0(article, cls, " of length ", length(x))
}

# A factor of x in which NA forms a level of its own, so that no case is
# dropped from a count or fit by group.
group_factor <- function(x) {
  if (!is.factor(x)) return(addNA(factor(x), ifany = TRUE))
  # anyNA() of a factor builds is.na() of every case; its codes are quicker
  if (!anyNA(unclass(x))) return(x)
  addNA(x, ifany = TRUE)
}

# The column of `cases` named by `by`, as a group_factor(); NULL for no
# groups.
by_column <- function(cases, by) {
  if (is.null(by)) return(NULL)
  check_string(by, "by")
  if (!by %in% names(cases)) {
    cp_abort("`by` must name a column of `cases`; there is no column ",
             bt(by), ".")
  }
  g <- cases[[by]]
  if (!is.atomic(g)) {
    cp_abort("`by` column ", bt(by), " must be a vector, not ", describe(g), ".")
  }
  group_factor(g)
}

# Values that mean "not reported" in a case table: NA, empty or blank text,
# and the markers of the onset-phrase contract.
not_reported_markers <- c("not reported", "nr", "unknown", "n/a", "na")

is_not_reported <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x)) return(is.na(x))
  is.na(.Call(cp_clean_text, x, not_reported_markers)$value)
}

# Parse yes/no values: TRUE/FALSE, yes/no, y/n, 1/0 (any case; with
# `letters`, also T/F), NA and empty give NA.  Returns list(value, bad): the
# logical vector (a logical input is returned as it is, without a copy) and
# the positions of values that are none of these.
parse_yes_no <- function(x, letters = TRUE) {
  if (is.logical(x)) return(list(value = x, bad = integer()))
  if (is.numeric(x)) {
    out <- rep(NA, length(x))
    out[!is.na(x) & x == 1] <- TRUE
    out[!is.na(x) & x == 0] <- FALSE
    bad <- which((!is.na(x) & !(x %in% c(0, 1))) | is.nan(x))
    return(list(value = out, bad = bad))
  }
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x)) {
    return(list(value = rep(NA, length(x)), bad = seq_along(x)))
  }
  x <- .Call(cp_clean_text, x, character())$value
  out <- .Call(cp_yes_no, x, letters)
  bad <- attr(out, "bad")
  attr(out, "bad") <- NULL
  list(value = out, bad = bad)
}
