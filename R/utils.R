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
  if (is.character(x) || is.integer(x) || is.logical(x)) {
    f <- group_codes(x)
    if (!is.null(f)) return(f)
  }
  if (!is.factor(x)) return(addNA(factor(x), ifany = TRUE))
  # anyNA() of a factor builds is.na() of every case; its codes are quicker
  codes <- unclass(x)
  if (!anyNA(codes)) return(x)
  lv <- levels(x)
  map <- c(length(lv) + 1L, seq_along(lv))
  codes <- .Call(cp_relabel, as.integer(codes), map)
  structure(codes, levels = c(lv, NA), class = "factor")
}

# factor(x) with NA as its last level (addNA), from one hashing pass in C:
# the distinct values are sorted here as factor() sorts them.
group_codes <- function(x) {
  g <- .Call(cp_group_codes, x)
  if (is.null(g)) return(NULL)
  values <- sort(g$values)
  perm <- match(g$values, values)
  levels <- as.character(values)
  if (g$has_na) levels <- c(levels, NA)
  codes <- .Call(cp_relabel, g$codes,
                 c(if (g$has_na) length(values) + 1L else NA_integer_, perm))
  structure(codes, levels = levels, class = "factor")
}

# The groups named by `by`: a group_factor() of one column of `cases`, or
# of the combinations of several, with attribute "by" (the column names);
# NULL for no groups.  `by` is the argument as written (from substitute()):
# a bare name (`sex`), a string ("sex"), several (`c(sex, site)`,
# `c("sex", "site")`), or NULL.  A bare name that is not a column may be a
# variable in `env` holding column names.  With one column the levels are
# its values; with several they are "sex=F, site=spinal cord", every
# combination of the columns' levels, first column slowest (as table()),
# so that empty factor levels and NA keep their rows.
by_column <- function(cases, by, env = parent.frame(), arg = "by") {
  cols <- by_names(cases, by, env, arg)
  if (is.null(cols)) return(NULL)
  fs <- lapply(cols, function(nm) {
    g <- cases[[nm]]
    if (!is.atomic(g)) {
      cp_abort(bt(arg), " column ", bt(nm), " must be a vector, not ",
               describe(g), ".")
    }
    group_factor(g)
  })
  if (length(fs) == 1) return(structure(fs[[1]], by = cols))
  code <- 0L
  for (f in fs) code <- code * nlevels(f) + (as.integer(f) - 1L)
  labels <- Map(function(f, nm) paste0(nm, "=", levels(f)), fs, cols)
  grid <- expand.grid(rev(labels), KEEP.OUT.ATTRS = FALSE,
                      stringsAsFactors = FALSE)
  levels <- do.call(paste, c(rev(grid), sep = ", "))
  structure(code + 1L, levels = levels, class = "factor", by = cols)
}

# The column names that `by` (as written) stands for; NULL for none.
by_names <- function(cases, by, env, arg = "by") {
  if (is.null(by)) return(NULL)
  how <- paste0(" (", bt(paste0(arg, " = sex")), ", ", bt(paste0(arg, " = \"sex\"")),
                " or ", bt(paste0(arg, " = c(sex, site)")), ")")
  bad <- function(value) {
    cp_abort(bt(arg), " must name columns of `cases`, bare or quoted", how,
             ", not ", value, ".")
  }
  if (is.name(by)) {
    nm <- as.character(by)
    if (nm %in% names(cases)) return(nm)
    # a variable holding the names, as `by = groups` with groups <- "sex"
    # (or NULL), as when a function passes its own `by` on
    found <- tryCatch(exists(nm, envir = env, inherits = TRUE),
                      error = function(e) FALSE)
    value <- if (found) tryCatch(get(nm, envir = env, inherits = TRUE),
                                 error = function(e) FALSE)
    if (found && is.null(value)) return(NULL)
    if (!is.character(value)) missing_columns(nm, arg)
    cols <- value
  } else if (is.call(by) && identical(by[[1]], quote(c))) {
    parts <- as.list(by)[-1]
    ok <- vapply(parts, function(p) is.name(p) ||
                   (is.character(p) && length(p) == 1), TRUE)
    if (!length(parts) || !all(ok)) bad(bt(deparse1(by)))
    cols <- vapply(parts, as.character, "")
  } else if (is.character(by)) {
    cols <- by
  } else if (is.call(by)) {
    value <- tryCatch(eval(by, env), error = function(e) {
      cp_abort(bt(arg), " could not be read: ", conditionMessage(e))
    })
    if (is.null(value)) return(NULL)
    if (!is.character(value)) bad(describe(value))
    cols <- value
  } else {
    bad(describe(by))
  }
  if (!length(cols) || anyNA(cols) || any(cols == "")) bad(describe(cols))
  if (anyDuplicated(cols)) {
    cp_abort(bt(arg), " names ", fmt_list(bt(unique(cols[duplicated(cols)]))),
             " more than once.")
  }
  missing_columns(setdiff(cols, names(cases)), arg)
  cols
}

missing_columns <- function(cols, arg) {
  if (!length(cols)) return(invisible())
  cp_abort(bt(arg), " must name columns of `cases`; there ",
           if (length(cols) > 1) "are no columns " else "is no column ",
           fmt_list(bt(cols)), ".")
}

# Arguments caught by `...` that nothing uses: one error naming them all,
# with casepool's spelling where the name is survival's or broom's, or
# the same name with `_` for `.`.  `...` comes straight from the caller;
# `fn` is the function's name for the message, `hints` a named character
# vector of advice by argument name, `formals` the caller's arguments.
check_dots <- function(fn, ..., hints = NULL, formals = NULL) {
  if (...length() == 0) return(invisible())
  exprs <- as.list(substitute(list(...)))[-1]
  nms <- names(exprs)
  if (is.null(nms)) nms <- rep("", length(exprs))
  advice <- vapply(seq_along(exprs), function(i) {
    nm <- nms[i]
    if (nm == "") {
      return(paste0("an unnamed argument ", bt(deparse1(exprs[[i]], width.cutoff = 40L))))
    }
    tip <- if (nm %in% names(hints)) hints[[nm]] else NULL
    if (is.null(tip)) {
      alt <- gsub(".", "_", nm, fixed = TRUE)
      if (alt != nm && alt %in% formals) tip <- paste0("use ", bt(alt))
    }
    paste0(bt(nm), if (!is.null(tip)) paste0(": ", tip))
  }, "")
  if (length(advice) == 1) {
    cp_abort(fn, "() does not use ", advice, ".",
             class = "casepool_error_dots")
  }
  cp_abort(fn, "() does not use these arguments:\n",
           paste0("* ", advice, collapse = "\n"),
           class = "casepool_error_dots")
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
