#' Tally yes/no outcomes over the cases
#'
#' Counts, for each outcome (and subgroup), the cases with yes, no and not
#' reported, in one pass in C, with two denominators: all cases (`n`), and
#' the cases that reported the item (`n_reported`). Each proportion gets a
#' binomial confidence interval from [binom_ci()].
#'
#' Not reported is `NA`. An outcome written as an expression keeps `NA`
#' where its inputs are `NA` (`stopped & !relapse` is `NA` when either is
#' unknown, except where `stopped` is `FALSE`, which is a definite no). Cases
#' with `NA` in the `by` column form a group of their own, `NA`, and empty
#' levels of a factor `by` give rows of zeros: no case is dropped.
#'
#' @param cases A case table from [as_cases()], or any data frame.
#' @param ... Outcomes, each a bare column name (`stopped`) or a named
#'   expression of columns (`sustained = response != "none" & stopped & !relapse`,
#'   `improved = response != "none"`) that gives one yes/no value per case:
#'   logical, or text/numbers read as by [as_cases()] (yes/no, y/n, 1/0).
#'   Unnamed outcomes are labelled with their expression.
#' @param by `NULL` (default), or columns of `cases` whose values (or, for
#'   several, their combinations) form subgroups: a bare name (`by = sex`),
#'   a string (`by = "sex"`) or several (`by = c(sex, site)`,
#'   `by = c("sex", "site")`). With several columns the groups are labelled
#'   "sex=F, site=spinal cord" and every combination of their levels gets a
#'   row, as in [table()].
#' @param conf_level Confidence level, a single number in (0, 1). Default
#'   0.95.
#' @param method Interval method, one of `"exact"` (Clopper-Pearson,
#'   default), `"wilson"`, `"jeffreys"`, `"agresti-coull"`, `"midp"`; see
#'   [binom_ci()].
#' @returns A data frame of class `"case_tally"`, one row per outcome (and
#'   group), with columns `outcome`, `group` (with `by`), `yes`, `no`,
#'   `not_reported`, `n` (all cases), `n_reported`, `prop` (`yes / n`),
#'   `conf_low`, `conf_high`, `prop_reported` (`yes / n_reported`),
#'   `conf_low_reported`, `conf_high_reported`. A proportion with a zero
#'   denominator is `NA`. Attributes `conf_level`, `method` and `by` record
#'   the call (`by`: the column names).
#' @family tallies
#' @export
#' @examples
#' tab <- case_tally(
#'   nsarc_cases,
#'   time_reported = !is.na(onset),
#'   improved_by_3rd = response_infusion <= 3,
#'   sustained = response != "none" & stopped & !relapse
#' )
#' tab
#' tally_text(tab)
#'
#' # by subgroup, with Wilson intervals
#' case_tally(nsarc_cases, improved = response != "none", by = site,
#'            method = "wilson")
#' case_tally(nsarc_cases, improved = response != "none", by = c(sex, site))
case_tally <- function(cases, ..., by = NULL, conf_level = 0.95,
                       method = "exact") {
  if (!is.data.frame(cases)) {
    cp_abort("`cases` must be a data frame, not ", describe(cases), ".")
  }
  env <- parent.frame()
  tally_exprs(cases, eval(substitute(alist(...))), env,
              groups = by_column(cases, substitute(by), env),
              conf_level = conf_level, method = method)
}

# case_tally() with its outcomes as a list of expressions, evaluated in the
# cases and then env, and its groups as by_column() gives them.
tally_exprs <- function(cases, exprs, env, groups = NULL, conf_level = 0.95,
                        method = "exact") {
  method <- check_binom_method(method)
  check_scalar_number(conf_level, "conf_level", 0, 1)
  if (!length(exprs)) {
    cp_abort("Give at least one outcome in `...`, e.g. ",
             "`case_tally(cases, stopped, improved = response != \"none\")`.")
  }
  labels <- names(exprs)
  if (is.null(labels)) labels <- rep("", length(exprs))
  unnamed <- labels == ""
  labels[unnamed] <- vapply(exprs[unnamed], deparse1, "")
  if (anyDuplicated(labels)) {
    cp_abort("Outcome names must be unique; ",
             fmt_list(bt(unique(labels[duplicated(labels)]))),
             " appears more than once.")
  }

  n <- nrow(cases)
  data <- as.data.frame(cases)
  outcomes <- Map(function(expr, label) {
    tally_outcome(expr, label, data, env, n)
  }, exprs, labels)
  names(outcomes) <- NULL

  by <- attr(groups, "by")
  groups <- tally_groups(groups)
  res <- .Call(cp_tally, outcomes, groups$codes, groups$n, as.double(conf_level),
               match(method, binom_methods))

  G <- groups$n
  out <- data.frame(outcome = rep(labels, each = G), stringsAsFactors = FALSE)
  if (!is.null(by)) {
    out$group <- factor(rep(groups$levels, times = length(labels)),
                        levels = groups$levels, exclude = NULL)
  }
  out <- cbind(out, as.data.frame(res))
  structure(out, class = c("case_tally", "data.frame"),
            conf_level = conf_level, method = method, by = by)
}

tally_outcome <- function(expr, label, data, env, n) {
  value <- tryCatch(
    eval(expr, data, env),
    error = function(e) {
      cp_abort("Outcome ", bt(label), " could not be computed: ",
               conditionMessage(e))
    }
  )
  if (length(value) != n || !is.atomic(value)) {
    tip <- tally_hints[label]
    cp_abort("Outcome ", bt(label), " must give one value per case (", n,
             "), not ", describe(value), ".",
             if (!is.na(tip)) paste0(" If ", bt(label), " was meant as an ",
                                     "argument of case_tally(), ", tip, "."))
  }
  parsed <- parse_yes_no(value, letters = FALSE)
  bad <- parsed$bad
  if (length(bad)) {
    cp_abort("Outcome ", bt(label), " must be yes/no (TRUE/FALSE, yes/no, ",
             "y/n, 1/0 or NA), but ", fmt_rows(bad), " give",
             if (length(bad) == 1) "s", " ", fmt_values(value[bad]), ".")
  }
  parsed$value
}

# Names that case_tally() would take as outcomes but that look like
# arguments, in survival's or broom's spelling.
tally_hints <- c(conf.level = "use `conf_level`", conf.int = "use `conf_level`",
                 level = "use `conf_level`", conf_int = "use `conf_level`",
                 group = "use `by`", groups = "use `by`", strata = "use `by`",
                 conf.method = "use `method`", type = "use `method`")

tally_groups <- function(g) {
  if (is.null(g)) return(list(codes = NULL, n = 1L, levels = NULL))
  list(codes = as.integer(g), n = nlevels(g), levels = levels(g))
}

#' @export
format.case_tally <- function(x, digits = 0, ...) {
  level <- attr(x, "conf_level") %||% 0.95
  ci_name <- paste0(format_pct(level, 0), "% CI")
  pct_ci <- function(p, lo, hi) {
    ifelse(is.na(p), "-",
           paste0(format_pct(p, digits), " (", format_pct(lo, digits), " to ",
                  format_pct(hi, digits), ")"))
  }
  out <- data.frame(outcome = x$outcome, stringsAsFactors = FALSE)
  if ("group" %in% names(x)) out$group <- as.character(x$group)
  out[["yes/n"]] <- paste0(x$yes, "/", x$n)
  out[[paste0("% (", ci_name, ")")]] <- pct_ci(x$prop, x$conf_low, x$conf_high)
  out[["NR"]] <- as.character(x$not_reported)
  out[["yes/rep"]] <- paste0(x$yes, "/", x$n_reported)
  out[[paste0("% of rep (", ci_name, ")")]] <-
    pct_ci(x$prop_reported, x$conf_low_reported, x$conf_high_reported)
  out
}

#' @export
print.case_tally <- function(x, digits = 0, ...) {
  level <- attr(x, "conf_level") %||% 0.95
  method <- attr(x, "method") %||% "exact"
  n_out <- length(unique(x$outcome))
  cat("<case_tally> ", n_out, " outcome", if (n_out != 1) "s", sep = "")
  by <- attr(x, "by")
  if (!is.null(by)) cat(" by ", fmt_list(by), sep = "")
  cat("; percentages with ", format_pct(level, 0), "% CI (",
      binom_method_label(method), ")\n", sep = "")
  if (nrow(x)) {
    print(format(x, digits = digits), row.names = FALSE, ...)
    cat("# n: all cases; NR: not reported; rep: cases that reported the item\n")
  }
  invisible(x)
}

#' @export
as.data.frame.case_tally <- function(x, ...) {
  attr(x, "conf_level") <- NULL
  attr(x, "method") <- NULL
  attr(x, "by") <- NULL
  class(x) <- "data.frame"
  x
}

format_pct <- function(p, digits = 0) {
  ifelse(is.na(p), "NA", formatC(100 * p, format = "f", digits = digits))
}

`%||%` <- function(a, b) if (is.null(a)) b else a
