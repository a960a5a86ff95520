# Methods of comparisons (compare_cases()): format, print, as.data.frame,
# knit_print, tidy and glance, and the sentence of compare_text().

#' @export
format.case_compare <- function(x, digits = 3, ...) {
  check_digits(digits, 1)
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

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.case_compare <- function(x, ...) {
  t <- x$test
  what <- if (t$type == "number") "median (IQR) and range" else {
    "n (%) of the cases that reported the outcome"
  }
  caption <- paste0(t$outcome, " (", t$type, ") by ", t$by, ": ", what, "; ",
                    used_sentence(t), ".")
  notes <- c(if (any(!x$groups$used)) "*: not in the test (no cases, or group not reported).",
             paste0(compare_text(x), "."))
  knit_tables(list(format(x)), caption, notes, row.names = FALSE)
}

#' @rdname tidy.casepool
#' @export
tidy.case_compare <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  t <- x$test
  data.frame(outcome = t$outcome, by = t$by, estimate = t$estimate,
             conf.low = t$conf_low, conf.high = t$conf_high,
             difference = t$difference, diff.low = t$diff_low,
             diff.high = t$diff_high, statistic = t$statistic,
             parameter = t$parameter, p.value = t$p_value, method = t$method,
             reference = t$reference, comparison = t$comparison,
             n.used = t$n_used, n = t$n, stringsAsFactors = FALSE)
}

#' @rdname tidy.casepool
#' @export
glance.case_compare <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  t <- x$test
  data.frame(nobs = t$n, n.used = t$n_used, n.outcome.missing = t$n_outcome_missing,
             n.group.missing = t$n_group_missing, groups = t$groups_used,
             type = t$type, p.value = t$p_value, method = t$method,
             conf.level = t$conf_level, stringsAsFactors = FALSE)
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
    paste0(stat, fmt_p_text(t$p_value), ", ", t$method)
  }
  paste0(paste(c(parts, test), collapse = "; "), ", ", t$n_used, " of ", t$n, " cases")
}

# "p = 0.23", "p = 0.031", "p < 0.001"
fmt_p_text <- function(p) {
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
