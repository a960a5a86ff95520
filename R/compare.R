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
#' memory (a few seconds of one core, and a few hundred MB): the p-value is
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
#'   (`by = site`), a string (`by = "site"`), or several columns
#'   (`by = c(sex, site)`: their combinations). Cases with `NA` (in any
#'   of the columns) form groups of their own, shown but not tested; empty
#'   levels of a factor are kept.
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
#'   `format` (the groups table as text), `as.data.frame` (`what = "test"`
#'   or `"groups"`), `knitr::knit_print` (a table in R Markdown, see
#'   [knit_print.casepool]), [tidy()] and [glance()] (see [tidy.casepool]),
#'   and [compare_text()] for a sentence.
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
  g <- by_column(cases, substitute(by), parent.frame())
  if (is.null(g)) {
    cp_abort("`by` must name the column whose values form the groups, not NULL.")
  }
  by <- paste(attr(g, "by"), collapse = ", ")
  g <- mark_group_na(g, cases)
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
  if (is.list(value) || !is.atomic(value)) {
    cp_abort("Outcome ", bt(label), " must be yes/no, numbers or categories, not ",
             describe(value), " (a list).")
  }
  if (length(value) != nrow(cases) || !is.null(dim(value))) {
    cp_abort("Outcome ", bt(label), " must give one value per case (",
             nrow(cases), "), not ", describe(value), ".")
  }
  value
}

# With several `by` columns a group is a combination of their values; the
# cases with NA in any of them (attribute "case_na") are outside the tests,
# as the NA group of a single column is.
mark_group_na <- function(g, cases) {
  cols <- attr(g, "by")
  if (length(cols) < 2) return(g)
  structure(g, case_na = Reduce(`|`, lapply(cols, function(nm) is.na(cases[[nm]]))))
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
  group_na <- attr(g, "case_na") %||% is.na(lev)[code]
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
