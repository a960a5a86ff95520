#' Compare an outcome between subgroups of cases
#'
#' Tests whether a yes/no outcome, a number or a category differs between
#' the subgroups formed by another column, with the tests reviews of case
#' reports use: Fisher's exact test for yes/no outcomes and categories (any
#' number of groups and levels; the exact p-value is computed in C by a
#' network algorithm), with, for two groups and a yes/no outcome, the
#' conditional maximum-likelihood odds ratio and its exact confidence
#' interval and the difference in proportions with Newcombe's hybrid score
#' interval; for numbers, the Wilcoxon-Mann-Whitney test for two groups and
#' the Kruskal-Wallis test for more.
#'
#' A comparison uses the cases that reported both the outcome and the
#' group, and says how many they are: a case whose outcome is not reported,
#' or whose `by` value is `NA`, is shown in the groups table but left out of
#' the test. Groups without such cases take no part in the test; with fewer
#' than two groups left there is no test (`p_value` `NA`).
#'
#' The p-value, odds ratio and interval equal those of
#' [stats::fisher.test()] (for 2 x 2 tables they are computed the same way,
#' with the same root finder and tolerance, so the estimate and interval
#' carry its precision of about four significant digits; for larger tables
#' the p-value sums the probabilities of the tables no more probable than
#' the one observed, as FEXACT does). The odds ratio is that of a yes in the
#' second group against the first (the first is the reference); it is `NA`
#' when every case used had the same outcome. The Wilcoxon test is exact,
#' as in [stats::wilcox.test()], when both groups have fewer than 50 cases
#' and there are no ties, and otherwise uses the normal approximation with
#' continuity and tie corrections; its statistic `W` is that of the first
#' group. The Kruskal-Wallis test is [stats::kruskal.test()]'s.
#'
#' Exact tests of large tables with many cases can need much work (a 10 x
#' 10 table of 1000 cases has astronomically many tables with its
#' margins). The network algorithm stops after a fixed amount of work and
#' memory (about 10 to 20 seconds and a few hundred MB): the p-value is
#' then `NA`, the method reads "Fisher's exact test (not finished)", and a
#' warning names the outcome. Tables of a few hundred cases in up to 5 x 5
#' cells usually finish within seconds; merging sparse groups or levels
#' helps, and `stats::fisher.test(simulate.p.value = TRUE)` estimates the
#' p-value by simulation.
#'
#' @param cases A case table from [as_cases()], or any data frame.
#' @param outcome The outcome: a bare column name (`stopped`) or an
#'   expression of columns (`response != "none"`, `n_infusions >= 4`). A
#'   logical outcome, or text whose every reported value is yes/no (yes/no,
#'   y/n, true/false, 1/0), is yes/no; a numeric one is a number; a factor,
#'   or other text, is a category. `NA`, empty text and the markers "not
#'   reported", "NR", "unknown", "n/a" and "NA" are not reported.
#' @param by The column whose values form the subgroups: a bare name
#'   (`by = site`) or a string (`by = "site"`). Cases with `NA` form a
#'   group of their own, shown but not tested; empty levels of a factor
#'   are kept.
#' @param conf_level Confidence level of the odds ratio and difference
#'   intervals, a single number in (0, 1). Default 0.95.
#' @returns An object of class `"case_compare"`: a list with `test`, a
#'   one-row data frame (`outcome`, `by`, `type`, `method`, `statistic`,
#'   `parameter`, `p_value`, `estimate` (odds ratio), `conf_low`,
#'   `conf_high`, `difference` (in proportions, second group minus first),
#'   `diff_low`, `diff_high`, `reference`, `comparison` (the two groups
#'   those compare), `n` (all cases), `n_used` (cases that reported both),
#'   `n_outcome_missing`, `n_group_missing`, `groups_used`, `conf_level`);
#'   and `groups`, a data frame with one row per group (per group and level
#'   for categories) and `n` (cases), `n_reported` (cases that reported the
#'   outcome), `used` (whether the group is in the test) and the counts
#'   (`yes`, `no`, `prop` of the reported; `count`, `prop` by level) or
#'   the statistics (`median`, `q1`, `q3`, `min`, `max`). Methods: `print`,
#'   `format`, `as.data.frame` (`what = "test"` or `"groups"`), and
#'   [compare_text()] for a sentence.
#' @references Mehta CR, Patel NR (1983). A network algorithm for performing
#'   Fisher's exact test in r x c contingency tables. *Journal of the
#'   American Statistical Association* 78, 427-434.
#'
#'   Newcombe RG (1998). Interval estimation for the difference between
#'   independent proportions: comparison of eleven methods. *Statistics in
#'   Medicine* 17, 873-890 (method 10).
#' @family describe and compare
#' @export
#' @examples
#' # responders by dose, two groups
#' cases <- nsarc_cases
#' cases$high_dose <- cases$dose_value >= 7.5
#' compare_cases(cases, response_infusion <= 3, by = high_dose)
#'
#' # a number between more groups, and a category
#' compare_cases(nsarc_cases, age, by = "site")
#' compare_cases(nsarc_cases, response, by = sex)
compare_cases <- function(cases, outcome, by, conf_level = 0.95) {
  if (!is.data.frame(cases)) {
    cp_abort("`cases` must be a data frame, not ", describe(cases), ".")
  }
  check_scalar_number(conf_level, "conf_level", 0, 1)
  if (missing(outcome)) {
    cp_abort("Give an `outcome`, e.g. `compare_cases(cases, stopped, by = \"site\")`.")
  }
  if (missing(by)) {
    cp_abort("Give `by`, the column whose values form the groups, e.g. ",
             "`by = \"site\"`.")
  }
  expr <- substitute(outcome)
  label <- deparse1(expr)
  by <- resolve_by(substitute(by), cases, parent.frame())
  if (is.null(by)) {
    cp_abort("`by` must name the column whose values form the groups, not NULL.")
  }
  g <- by_column(cases, by)
  value <- eval_outcome(expr, label, cases, parent.frame())
  ids <- if ("case_id" %in% names(cases)) cases$case_id
  col <- read_values(value, paste("Outcome", bt(label)), ids)
  if (is.null(col)) {
    cp_abort("Outcome ", bt(label), " must be yes/no, a number or categories, ",
             "not ", describe(value), ".")
  }
  res <- compare_values(col, g, conf_level)
  res$test <- cbind(data.frame(outcome = label, by = by, stringsAsFactors = FALSE),
                    res$test)
  res$test$conf_level <- conf_level
  warn_unfinished(res$test, label)
  structure(res, class = "case_compare")
}

# Evaluate an outcome expression in the cases (then env): one value per
# case, atomic.
eval_outcome <- function(expr, label, cases, env) {
  value <- tryCatch(
    eval(expr, as.data.frame(cases), env),
    error = function(e) {
      cp_abort("Outcome ", bt(label), " could not be computed: ",
               conditionMessage(e))
    }
  )
  if (!is.atomic(value) || length(value) != nrow(cases) || !is.null(dim(value))) {
    cp_abort("Outcome ", bt(label), " must give one value per case (",
             nrow(cases), "), not ", describe(value), ".")
  }
  value
}

# The `by` argument of describe_cases() and compare_cases(), a bare column
# name or an expression giving a string, as the column name (or NULL).
# Resolved here only, so that it can follow by_column() when that takes
# several columns.
resolve_by <- function(expr, cases, env) {
  if (is.null(expr)) return(NULL)
  if (is.symbol(expr) && as.character(expr) %in% names(cases)) {
    return(as.character(expr))
  }
  tryCatch(
    eval(expr, env),
    error = function(e) {
      cp_abort("`by` must name a column of `cases`; there is no column ",
               bt(deparse1(expr)), ".")
    }
  )
}

# A column's values as one of three kinds: list(type = "yes/no" (logical),
# "number" (double) or "category" (factor), value), with NA where not
# reported; NULL for other kinds of column.  `what` names the column in
# errors ("Outcome `x`", "Column `age`").
read_values <- function(x, what, ids) {
  if (is.logical(x)) return(list(type = "yes/no", value = x))
  if (is.factor(x)) {
    lv <- levels(x)
    keep <- !is_not_reported(lv)
    value <- factor(lv[as.integer(x)], levels = lv[keep])
    return(list(type = "category", value = value))
  }
  if (is.numeric(x)) {
    bad <- which(is.infinite(x))
    if (length(bad)) {
      cp_abort(what, " must hold finite numbers, but ", fmt_cases(bad, ids),
               if (length(bad) == 1) " holds " else " hold ",
               fmt_list(format(unique(x[bad])), max = 3), ".")
    }
    return(list(type = "number", value = as.double(x)))
  }
  if (is.character(x)) {
    x[is_not_reported(x)] <- NA
    yn <- parse_yes_no(x, letters = FALSE)
    if (any(!is.na(x)) && !length(yn$bad)) {
      return(list(type = "yes/no", value = yn$value))
    }
    return(list(type = "category", value = factor(x, levels = natural_order(x))))
  }
  NULL
}

# The distinct values of x in sorted order, by their leading numbers where
# every value starts with one ("5 mg/kg" before "10 mg/kg").
natural_order <- function(x) {
  u <- sort(unique(x[!is.na(x)]))
  lead <- suppressWarnings(as.numeric(sub("^\\s*([-+]?[0-9]*\\.?[0-9]+).*$", "\\1", u)))
  if (length(u) && !anyNA(lead)) u <- u[order(lead, u)]
  u
}

# Compare values (from read_values()) between the groups of g (a factor
# from by_column(); NULL or a single group gives no test).  Returns
# list(groups, test).
compare_values <- function(col, g, conf_level = 0.95) {
  n <- length(col$value)
  if (is.null(g)) g <- factor(rep("all", n))
  lev <- levels(g)
  code <- as.integer(g)
  group_na <- is.na(lev)[code]
  value_na <- is.na(col$value)
  use <- !group_na & !value_na
  test <- empty_test(col$type, n, sum(use), sum(value_na), sum(group_na))

  # the groups with cases used, in level order
  used_lev <- which(tabulate(code[use], length(lev)) > 0)
  test$groups_used <- length(used_lev)
  if (length(used_lev) >= 2) {
    gu <- match(code[use], used_lev)
    test <- switch(col$type,
      number = number_test(col$value[use], gu, test),
      fisher_test(col$value[use], gu, length(used_lev), col$type, test, conf_level)
    )
    if (length(used_lev) == 2) {
      test$reference <- lev[used_lev[1]]
      test$comparison <- lev[used_lev[2]]
    }
  }
  list(groups = group_table(col, g, !value_na & !group_na, used_lev), test = test)
}

empty_test <- function(type, n, n_used, n_outcome_missing, n_group_missing) {
  data.frame(type = type, method = "none: fewer than two groups with cases",
             statistic = NA_real_, parameter = NA_real_, p_value = NA_real_,
             estimate = NA_real_, conf_low = NA_real_, conf_high = NA_real_,
             difference = NA_real_, diff_low = NA_real_, diff_high = NA_real_,
             reference = NA_character_, comparison = NA_character_,
             n = n, n_used = n_used, n_outcome_missing = n_outcome_missing,
             n_group_missing = n_group_missing, groups_used = 0L,
             stringsAsFactors = FALSE)
}

warn_unfinished <- function(test, label) {
  bad <- test$method == "Fisher's exact test (not finished)"
  if (any(bad)) {
    cp_warn("Fisher's exact test of ", fmt_list(bt(label[bad])), " was not ",
            "finished: the table has too many cases in too many cells for an ",
            "exact p-value within the work allowed; its p-value is NA. Merge ",
            "sparse groups or levels, or estimate the p-value by simulation ",
            "(stats::fisher.test(simulate.p.value = TRUE)).")
  }
}

#' @export
format.case_compare <- function(x, digits = 3, ...) {
  t <- x$test
  groups <- x$groups
  label <- ifelse(is.na(as.character(groups$group)), "NA", as.character(groups$group))
  mark <- ifelse(groups$used, "", " *")
  if (t$type == "number") {
    out <- data.frame(group = paste0(label, mark), n = groups$n,
                      reported = groups$n_reported,
                      `median (IQR)` = fmt_median(groups, digits),
                      range = fmt_range(groups, digits),
                      check.names = FALSE, stringsAsFactors = FALSE)
  } else if (t$type == "yes/no") {
    out <- data.frame(group = paste0(label, mark), n = groups$n,
                      reported = groups$n_reported,
                      `yes (% of reported)` = fmt_count(groups$yes, groups$prop),
                      check.names = FALSE, stringsAsFactors = FALSE)
  } else {
    lev <- levels(groups$level)
    first <- !duplicated(groups$group)
    out <- data.frame(group = paste0(label, mark)[first], n = groups$n[first],
                      reported = groups$n_reported[first],
                      check.names = FALSE, stringsAsFactors = FALSE)
    for (l in lev) {
      k <- groups$level == l
      out[[l]] <- fmt_count(groups$count[k], groups$prop[k])
    }
  }
  out
}

#' @export
print.case_compare <- function(x, digits = 3, ...) {
  t <- x$test
  cat("<case_compare> ", t$outcome, " (", t$type, ") by ", t$by, "\n", sep = "")
  cat(used_sentence(t), "\n", sep = "")
  print(format(x, digits = digits), row.names = FALSE, ...)
  if (any(!x$groups$used)) cat("# *: not in the test (no cases, or group not reported)\n")
  cat("# %: of the cases that reported the outcome\n")
  cat(compare_text(x, digits = digits), "\n", sep = "")
  invisible(x)
}

#' @export
as.data.frame.case_compare <- function(x, ..., what = c("test", "groups")) {
  what <- match.arg(what)
  x[[what]]
}

# "30 of 34 cases reported both `x` and `by` (3 without x, 1 without by)"
used_sentence <- function(t) {
  miss <- c(if (t$n_outcome_missing > 0) paste(t$n_outcome_missing, "without", t$outcome),
            if (t$n_group_missing > 0) paste(t$n_group_missing, "without", t$by))
  paste0(t$n_used, " of ", t$n, " cases reported both ", t$outcome, " and ", t$by,
         if (length(miss)) paste0(" (", paste(miss, collapse = ", "), ")"))
}

#' A comparison as a sentence
#'
#' Writes the result of [compare_cases()] for inline R Markdown: "odds
#' ratio (high vs low) 3.9 (95% CI 0.62 to 45); difference 28 percentage
#' points (95% CI -5.6 to 54); p = 0.23, Fisher's exact test, 30 of 34
#' cases". The odds ratio and the difference compare the second group
#' with the first.
#'
#' @param x A comparison from [compare_cases()].
#' @param digits Significant digits of the odds ratio, difference and
#'   statistics, a whole number >= 1. Default 3. p-values are written
#'   with two significant digits, or as "p < 0.001".
#' @returns A single string.
#' @family describe and compare
#' @export
#' @examples
#' cases <- nsarc_cases
#' cases$high_dose <- cases$dose_value >= 7.5
#' cmp <- compare_cases(cases, response_infusion <= 3, by = high_dose)
#' compare_text(cmp)
compare_text <- function(x, digits = 3) {
  if (!inherits(x, "case_compare")) {
    cp_abort("`x` must be a comparison from compare_cases(), not ", describe(x), ".")
  }
  check_digits(digits, 1)
  t <- x$test
  lvl <- paste0(format_pct(t$conf_level, 0), "% CI ")
  vs <- if (is.na(t$comparison)) "" else paste0(" (", t$comparison, " vs ", t$reference, ")")
  parts <- character()
  if (!is.na(t$estimate)) {
    parts <- c(parts, paste0("odds ratio", vs, " ", fmt_num(t$estimate, digits), " (", lvl,
                             fmt_num(t$conf_low, digits), " to ",
                             fmt_num(t$conf_high, digits), ")"))
  }
  if (!is.na(t$difference)) {
    parts <- c(parts, paste0("difference", if (!length(parts)) vs, " ",
                             fmt_num(100 * t$difference, digits),
                             " percentage points (", lvl,
                             fmt_num(100 * t$diff_low, digits), " to ",
                             fmt_num(100 * t$diff_high, digits), ")"))
  }
  test <- if (is.na(t$p_value)) {
    paste0("no p-value (", t$method, ")")
  } else {
    stat <- if (is.na(t$statistic)) "" else {
      paste0(if (t$type == "number" && t$groups_used == 2) "W = " else "chi-squared = ",
             fmt_num(t$statistic, digits),
             if (!is.na(t$parameter)) paste0(", df = ", t$parameter), ", ")
    }
    paste0(stat, fmt_p(t$p_value), ", ", t$method)
  }
  paste0(paste(c(parts, test), collapse = "; "), ", ", t$n_used, " of ", t$n, " cases")
}

# "p = 0.23", "p = 0.031", "p < 0.001"
fmt_p <- function(p) {
  ifelse(is.na(p), "p = NA",
         ifelse(p < 0.001, "p < 0.001",
                paste0("p = ", formatC(signif(p, 2), format = "fg", digits = 2,
                                        flag = "#"))))
}

fmt_num <- function(x, digits = 3) {
  out <- formatC(x, format = "fg", digits = digits)
  out[is.na(x)] <- "NA"
  out[is.infinite(x)] <- ifelse(x[is.infinite(x)] > 0, "Inf", "-Inf")
  trimws(out)
}

check_digits <- function(digits, lower = 0) {
  check_scalar_number(digits, "digits", lower, 15, open = FALSE)
  if (digits != round(digits)) {
    cp_abort("`digits` must be a whole number, not ", describe(digits), ".")
  }
}
