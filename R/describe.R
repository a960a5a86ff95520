#' A table of case characteristics ("Table 1")
#'
#' Describes any columns of a case table, overall and by subgroup: numbers
#' as median (IQR) and range, yes/no columns and categories as n (%), each
#' with how many cases reported it ("reported in 30 of 34"). Percentages are
#' of the cases that reported the item. The statistics are computed in C,
#' one pass per column.
#'
#' Logical columns, and text columns whose every reported value is yes/no
#' (yes/no, y/n, true/false, 1/0), are yes/no; numeric columns are numbers;
#' factors and other text are categories, factors with their levels in
#' their order (empty levels kept), text in sorted order (by the leading
#' number where every value starts with one: "5 mg/kg" before "10 mg/kg"). `NA`, empty text
#' and the markers "not reported", "NR", "unknown", "n/a" and "NA" (any
#' letter case) are not reported, as in [completeness()]. Quartiles are
#' those of `quantile(type = 7)`, R's default.
#'
#' By default every column is described except, in a case table, `case_id`,
#' `report`, the onset phrase `onset` (see [time_to_response()] and
#' [completeness()]) and the columns read from others (`onset_lower`, ...,
#' `dose_unit`); in any table, the `by` column, columns of other kinds
#' (dates, lists) and text with more than 10 distinct values that are
#' mostly unique (identifiers, free text) are left out, and the print says
#' which.
#'
#' With `p_value = TRUE`, each characteristic gets the p-value of
#' [compare_cases()] between the groups: Fisher's exact test for yes/no
#' columns and categories, the Wilcoxon-Mann-Whitney test (two groups) or
#' the Kruskal-Wallis test (more) for numbers, over the cases that reported
#' both the item and the group.
#'
#' @param cases A case table from [as_cases()], or any data frame.
#' @param ... Columns to describe, as bare names (`age`, `sex`) or strings
#'   (`"age"`, or a character vector of names such as `c("age", "sex")` or
#'   a variable holding one), in the order to show them.
#'   A name relabels the row: `"Age, years" = age`. Default: all columns
#'   (see Details).
#' @param by `NULL` (default), or the column whose values form subgroups,
#'   as a bare name (`by = site`) or a string (`by = "site"`), or several
#'   (`by = c(sex, site)`: their combinations). Cases with
#'   `NA` form a group of their own; empty levels of a factor are kept.
#' @param p_value `TRUE` to add a p-value per characteristic between the
#'   groups of `by`. Default `FALSE`.
#' @returns A data frame of class `"case_describe"`, one row per
#'   characteristic, level (for categories; `"yes"` for yes/no) and group
#'   (`"Overall"` first, then the groups of `by`), with columns `variable`,
#'   `label`, `type` (`"number"`, `"yes/no"`, `"category"`), `level`,
#'   `group` (with `by`), `n` (cases), `n_reported` (cases that reported
#'   the item), `count` and `prop` (`count / n_reported`) for yes/no and
#'   categories, `median`, `q1`, `q3`, `min`, `max` for numbers, and with
#'   `p_value = TRUE`, `p_value` and `test`. Methods: `print`, `format`
#'   (the table as text), `as.data.frame`, `knitr::knit_print` (a table in
#'   R Markdown, see [knit_print.casepool]), [tidy()] and [glance()] (see
#'   [tidy.casepool]), and [describe_text()] for sentences.
#' @family describe and compare
#' @export
#' @examples
#' describe_cases(nsarc_cases)
#' describe_cases(nsarc_cases, "Age, years" = age, sex, response, stopped,
#'                by = site, p_value = TRUE)
#' tab <- describe_cases(nsarc_cases, age, stopped)
#' describe_text(tab, "age", unit = "years")
#' as.data.frame(tab)
describe_cases <- function(cases, ..., by = NULL, p_value = FALSE) {
  if (!is.data.frame(cases)) {
    cp_abort("`cases` must be a data frame, not ", describe(cases), ".")
  }
  if (!is.logical(p_value) || length(p_value) != 1 || is.na(p_value)) {
    cp_abort("`p_value` must be TRUE or FALSE, not ", describe(p_value), ".")
  }
  g <- by_column(cases, substitute(by), parent.frame())
  by <- attr(g, "by")
  g <- mark_group_na(g, cases)
  if (p_value && is.null(by)) {
    cp_abort("`p_value = TRUE` needs `by`, the groups to compare.")
  }
  picked <- select_columns(cases, eval(substitute(alist(...))), by, parent.frame())
  ids <- if ("case_id" %in% names(cases)) cases$case_id
  G <- if (is.null(g)) 1L else nlevels(g)
  codes <- if (is.null(g)) NULL else as.integer(g)
  groups <- c("Overall", if (!is.null(g)) levels(g))
  if (!is.null(g) && "Overall" %in% levels(g)) groups[1] <- "Overall (all cases)"

  rows <- Map(function(col, label) {
    v <- read_values(cases[[col]], paste("Column", bt(col)), ids)
    out <- describe_one(v, col, label, codes, G, groups)
    if (p_value) {
      test <- compare_values(v, g)$test
      out$p_value <- test$p_value
      out$test <- test$method
    }
    out
  }, picked$columns, picked$labels)
  out <- do.call(rbind, c(list(empty_describe(p_value)), unname(rows)))
  if (is.null(by)) {
    out$group <- NULL
  } else {
    out$group <- factor(groups[out$group], levels = groups, exclude = NULL)
  }
  rownames(out) <- NULL
  unfinished <- if (p_value) {
    unique(out$variable[out$test %in% "Fisher's exact test (not finished)"])
  }
  if (length(unfinished)) warn_unfinished(data.frame(method = rep(
    "Fisher's exact test (not finished)", length(unfinished))), unfinished)
  structure(out, class = c("case_describe", "data.frame"),
            by = if (!is.null(by)) paste(by, collapse = ", "),
            n = nrow(cases), skipped = picked$skipped)
}

# The columns to describe: list(columns, labels, skipped (named: why)).
select_columns <- function(cases, exprs, by, env) {
  if (!length(exprs)) return(default_columns(cases, by))
  tags <- names(exprs)
  if (is.null(tags)) tags <- rep("", length(exprs))
  columns <- character()
  labels <- character()
  for (k in seq_along(exprs)) {
    e <- exprs[[k]]
    cols <- if (is.symbol(e) && as.character(e) %in% names(cases)) {
      as.character(e)
    } else {
      tryCatch(eval(e, env), error = function(err) NULL)
    }
    # a bare name that is neither a column nor a variable of names
    if (is.symbol(e) && !is.character(cols)) cols <- as.character(e)
    if (!is.character(cols)) {
      cp_abort("`...` takes column names, bare or as strings; argument ", k,
               " is ", bt(deparse1(e)), ".")
    }
    if (!length(cols) || anyNA(cols)) {
      cp_abort("`...` argument ", k, " must name at least one column.")
    }
    if (tags[k] != "" && length(cols) > 1) {
      cp_abort("`...` argument ", k, " names ", length(cols), " columns; a ",
               "label (", dQuote(tags[k], FALSE), ") can name only one.")
    }
    columns <- c(columns, cols)
    labels <- c(labels, if (tags[k] != "") tags[k] else cols)
  }
  absent <- setdiff(columns, names(cases))
  if (length(absent)) {
    cp_abort("`...` names ", if (length(absent) > 1) "columns " else "a column ",
             fmt_list(bt(absent)), " that `cases` does not have; its columns are ",
             fmt_list(bt(names(cases)), max = 8), ".")
  }
  if (anyDuplicated(columns)) {
    cp_abort("`...` names ", fmt_list(bt(unique(columns[duplicated(columns)]))),
             " more than once.")
  }
  for (col in columns) {
    x <- cases[[col]]
    if (!is.atomic(x) || !is.null(dim(x)) || !describable(x)) {
      cp_abort("Column ", bt(col), " must be yes/no, numbers or categories, not ",
               describe(x), ".")
    }
  }
  list(columns = columns, labels = labels, skipped = character())
}

describable <- function(x) {
  (is.logical(x) || is.numeric(x) || is.character(x) || is.factor(x)) &&
    !inherits(x, c("Date", "POSIXt", "difftime"))
}

default_columns <- function(cases, by) {
  cols <- names(cases)
  leave <- c(by, "case_id")
  if (inherits(cases, "cases")) leave <- c(leave, "report", "onset", derived_columns)
  cols <- setdiff(cols, leave)
  why <- vapply(cols, function(col) {
    x <- cases[[col]]
    if (!is.atomic(x) || !is.null(dim(x)) || !describable(x)) return("not yes/no, numbers or categories")
    if (is.character(x)) {
      v <- x[!is_not_reported(x)]
      k <- length(unique(v))
      if (k > 10 && k > length(v) / 2) return("free text")
    }
    ""
  }, "")
  list(columns = cols[why == ""], labels = cols[why == ""],
       skipped = why[why != ""])
}

empty_describe <- function(p_value) {
  out <- data.frame(variable = character(), label = character(), type = character(),
                    level = character(), group = integer(), n = numeric(),
                    n_reported = numeric(), count = numeric(), prop = numeric(),
                    median = numeric(), q1 = numeric(), q3 = numeric(),
                    min = numeric(), max = numeric(), stringsAsFactors = FALSE)
  if (p_value) {
    out$p_value <- numeric()
    out$test <- character()
  }
  out
}

# The rows of one column, level by level (categories), each for all cases
# (group 1) and then, with groups, for each group (2..G + 1).
describe_one <- function(v, col, label, codes, G, groups) {
  K <- if (is.null(codes)) 1L else G + 1L
  if (v$type == "number") {
    st <- .Call(cp_describe_num, v$value, codes, G)
    k <- seq_len(K)
    return(data.frame(variable = col, label = label, type = "number",
                      level = NA_character_, group = k, n = st$n[k],
                      n_reported = st$n_reported[k], count = NA_real_,
                      prop = NA_real_, median = st$median[k], q1 = st$q1[k],
                      q3 = st$q3[k], min = st$min[k], max = st$max[k],
                      stringsAsFactors = FALSE))
  }
  if (v$type == "yes/no") {
    f <- factor(v$value, levels = c(TRUE, FALSE))
    lev <- "yes"
  } else {
    f <- v$value
    lev <- levels(f)
  }
  L <- nlevels(f)
  ct <- .Call(cp_describe_cat, as.integer(f), L, codes, G)[, seq_len(K), drop = FALSE]
  rep_k <- colSums(ct[seq_len(L), , drop = FALSE])
  nl <- length(lev)
  count <- as.vector(t(ct[seq_len(nl), , drop = FALSE]))
  if (nl == 0) {
    # nothing reported: one row that says so
    lev <- NA_character_
    nl <- 1L
    count <- rep(NA_real_, K)
  }
  reported <- rep(rep_k, times = nl)
  data.frame(variable = rep(col, nl * K), label = label, type = v$type,
             level = rep(lev, each = K), group = rep(seq_len(K), times = nl),
             n = rep(colSums(ct), times = nl), n_reported = reported,
             count = count, prop = ifelse(reported > 0, count / pmax(reported, 1), NA),
             median = NA_real_, q1 = NA_real_, q3 = NA_real_, min = NA_real_,
             max = NA_real_, stringsAsFactors = FALSE)
}
