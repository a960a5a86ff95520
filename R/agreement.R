# Agreement between two reviewers' extractions of the same cases: per
# column, the share of identical values and Cohen's kappa with its
# interval (computed in C, src/kappa.c), and every disagreement.

#' Agreement between two reviewers' extractions
#'
#' Compares two case tables extracted independently from the same reports,
#' case by case (matched by `case_id`) and column by column: how often the
#' two agree, Cohen's kappa (weighted for ordered values) with its
#' confidence interval, and a list of every disagreement to resolve.
#'
#' @section What counts as the same value:
#' * Text is compared without regard to letter case, leading and trailing
#'   blanks, or runs of blanks ("Spinal cord" and "spinal  cord" agree).
#' * `onset` is compared by what it reads as (its bounds, unit and the
#'   infusion counted from: "after the 2nd infusion" and "after the second
#'   infusion" agree); phrases that do not read as a time are compared as
#'   text. `dose` is compared by its value and unit ("5 mg/kg" and
#'   "5.0 mg/kg" agree).
#' * Numbers agree when they are equal to 12 significant digits.
#' * Not reported (`NA`) agrees with not reported, and disagrees with any
#'   value: one reviewer found a value the other did not.
#'
#' @section Kappa:
#' Cohen's kappa is `(po - pe) / (1 - pe)`, the observed agreement `po`
#' beyond the agreement `pe` expected by chance from each reviewer's own
#' distribution of values (Cohen 1960). What it is computed over depends on
#' the column:
#' * yes/no columns, factors and text covariates (`"nominal"`): unweighted
#'   kappa over all matched cases, with not reported as a category of its
#'   own;
#' * `response` (none < partial < complete) and ordered factors
#'   (`"ordered"`), and numbers (`"numeric"`, scored by their values):
#'   weighted kappa (Cohen 1968) over the cases both reviewers reported,
#'   with weights `1 - |i - j| / (K - 1)` (`"linear"`, default) or
#'   `1 - (i - j)^2 / (K - 1)^2` (`"quadratic"`), where `i` and `j` are the
#'   positions of the two values among the `K` levels (for numbers,
#'   `1 - |x - y| / range` and its square, the range being that of the
#'   values found). Quadratic weights make kappa close to the intraclass
#'   correlation (Fleiss and Cohen 1973);
#' * free text whose values are not a fixed set of categories (`report`,
#'   `regimen`, `onset`, `dose`: `"text"`): agreement only, no kappa.
#'
#' The standard error is the large-sample one of Fleiss, Cohen and Everitt
#' (1969), for kappa as estimated (not the one under the null hypothesis
#' of chance agreement), and the interval is kappa -/+ z standard errors,
#' clipped to \[-1, 1\]. Kappa is `NA` where the chance agreement is 1
#' (both reviewers gave every case the same value). With few cases the
#' interval is only a rough guide.
#'
#' @param cases_a,cases_b The two extractions: case tables from
#'   [as_cases()], or data frames, which are read with [as_cases()] (and
#'   `map` and `response_levels`).
#' @param columns `NULL` (default): every column both tables have and at
#'   least one of them filled in, except `case_id` and the columns read
#'   from others (`onset_lower`, ..., `dose_unit`); or a character vector
#'   of columns to compare.
#' @param weights Weights of weighted kappa: `"linear"` (default) or
#'   `"quadratic"`.
#' @param conf_level Confidence level of the kappa intervals, a single
#'   number in (0, 1). Default 0.95.
#' @param labels The two reviewers' names, for printing. Default the
#'   arguments' names.
#' @param map,response_levels As in [as_cases()], for data frames that are
#'   not yet case tables.
#' @returns An object of class `"extraction_agreement"`, a list with
#'   * `columns`: a data frame, one row per column compared: `column`,
#'     `kind` (`"nominal"`, `"ordered"`, `"numeric"` or `"text"`),
#'     `weights` (`"none"`, `"linear"` or `"quadratic"`), `n` (matched
#'     cases), `agree` (cases with the same value), `agreement`
#'     (`agree / n`), `n_kappa` (cases kappa is computed over), `kappa`,
#'     `std_error`, `conf_low`, `conf_high`, `p_observed`, `p_expected`;
#'   * `disagreements`: a data frame, one row per case and column where the
#'     two differ: `case_id`, `column`, `value_a`, `value_b` (as text, `NA`
#'     for not reported), `row_a`, `row_b`;
#'   * `only_a`, `only_b`: the case ids found in one extraction only;
#'   * `not_compared`: columns found in one table only;
#'   * `empty`: columns both tables have but neither filled in (not
#'     compared unless named in `columns`);
#'   * `labels`, `weights`, `conf_level`.
#' @references
#' Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas
#' 1960;20:37-46.
#'
#' Cohen J. Weighted kappa: nominal scale agreement with provision for
#' scaled disagreement or partial credit. Psychol Bull 1968;70:213-220.
#'
#' Fleiss JL, Cohen J, Everitt BS. Large sample standard errors of kappa
#' and weighted kappa. Psychol Bull 1969;72:323-327.
#'
#' Fleiss JL, Cohen J. The equivalence of weighted kappa and the intraclass
#' correlation coefficient as measures of reliability. Educ Psychol Meas
#' 1973;33:613-619.
#' @family appraisal
#' @export
#' @examples
#' # a second reviewer's extraction of the simulated cases, with a few slips
#' second <- nsarc_cases
#' second$response[c(3, 9)] <- c("complete", "partial")
#' second$stopped[5] <- NA
#' second$onset[2] <- "the following day"   # reads as "overnight" does
#' agr <- extraction_agreement(nsarc_cases, second,
#'                             labels = c("first", "second"))
#' agr
#' agr$disagreements
#' tidy(agr)
extraction_agreement <- function(cases_a, cases_b, columns = NULL,
                                 weights = c("linear", "quadratic"),
                                 conf_level = 0.95, labels = NULL,
                                 map = NULL, response_levels = NULL) {
  labels <- labels %||% c(arg_label(substitute(cases_a), "a"),
                          arg_label(substitute(cases_b), "b"))
  if (!is.character(labels) || length(labels) != 2 || anyNA(labels)) {
    cp_abort("`labels` must be two names, one per extraction, not ",
             describe(labels), ".")
  }
  weights <- arg_choice(weights)
  check_scalar_number(conf_level, "conf_level", 0, 1)
  a <- agreement_input(cases_a, "cases_a", map, response_levels)
  b <- agreement_input(cases_b, "cases_b", map, response_levels)

  skip <- c("case_id", derived_columns)
  shared <- setdiff(intersect(names(a), names(b)), skip)
  not_compared <- setdiff(union(names(a), names(b)), c(shared, skip))
  # columns neither reviewer filled in (the case table adds every canonical one)
  filled <- function(col) !all(is_not_reported(a[[col]])) || !all(is_not_reported(b[[col]]))
  empty <- shared[!vapply(shared, filled, TRUE)]
  shared <- setdiff(shared, empty)
  if (!is.null(columns)) {
    if (!is.character(columns) || anyNA(columns) || !length(columns)) {
      cp_abort("`columns` must name columns of both tables, not ",
               describe(columns), ".")
    }
    missing_a <- setdiff(columns, names(a))
    missing_b <- setdiff(columns, names(b))
    if (length(missing_a) || length(missing_b)) {
      cp_abort("`columns` must name columns of both tables; ",
               paste(c(if (length(missing_a)) paste0(labels[1], " has no ", fmt_list(bt(missing_a))),
                       if (length(missing_b)) paste0(labels[2], " has no ", fmt_list(bt(missing_b)))),
                     collapse = " and "), ".")
    }
    bad <- intersect(columns, skip)
    if (length(bad)) {
      cp_abort("`columns` cannot include ", fmt_list(bt(bad)), ": ",
               "cases are matched by `case_id`, and `onset` and `dose` are compared by ",
               "what they read as.")
    }
    shared <- unique(columns)
    not_compared <- empty <- character()
  }

  ia <- seq_len(nrow(a))
  ib <- match(a$case_id, b$case_id)
  both <- !is.na(ib)
  only_a <- a$case_id[!both]
  only_b <- setdiff(b$case_id, a$case_id)
  ia <- ia[both]
  ib <- ib[both]

  prep <- lapply(shared, function(col) agreement_codes(col, a, b, ia, ib, weights, labels))
  res <- .Call(cp_kappa, lapply(prep, `[[`, "a"), lapply(prep, `[[`, "b"),
               vapply(prep, function(p) as.integer(p$ncat), 1L),
               lapply(prep, `[[`, "scores"),
               vapply(prep, function(p) as.integer(p$weight), 1L),
               as.double(conf_level))
  kinds <- vapply(prep, `[[`, "", "kind")
  text <- kinds == "text"
  for (nm in c("kappa", "std_error", "conf_low", "conf_high", "p_observed", "p_expected")) {
    res[[nm]][text] <- NA_real_
  }
  res$n_kappa[text] <- 0
  n <- length(ia)
  cols <- data.frame(
    column = shared, kind = kinds,
    weights = ifelse(kinds %in% c("ordered", "numeric"), weights, "none"),
    n = as.integer(res$n), agree = as.integer(res$agree),
    agreement = ifelse(res$n > 0, res$agree / res$n, NA_real_),
    n_kappa = as.integer(res$n_kappa), kappa = res$kappa, std_error = res$std_error,
    conf_low = res$conf_low, conf_high = res$conf_high,
    p_observed = res$p_observed, p_expected = res$p_expected,
    stringsAsFactors = FALSE)
  if (!length(shared)) cols$n <- integer()
  dis <- lapply(seq_along(prep), function(j) {
    p <- prep[[j]]
    same <- p$key_a == p$key_b | (is.na(p$key_a) & is.na(p$key_b))
    k <- which(!(same %in% TRUE))
    if (!length(k)) return(NULL)
    data.frame(case_id = a$case_id[ia[k]], column = shared[j],
               value_a = p$show_a[k], value_b = p$show_b[k],
               row_a = ia[k], row_b = ib[k], stringsAsFactors = FALSE)
  })
  dis <- do.call(rbind, dis)
  if (is.null(dis)) {
    dis <- data.frame(case_id = character(), column = character(), value_a = character(),
                      value_b = character(), row_a = integer(), row_b = integer(),
                      stringsAsFactors = FALSE)
  }
  dis <- dis[order(dis$row_a, match(dis$column, shared)), , drop = FALSE]
  rownames(dis) <- NULL
  structure(list(columns = cols, disagreements = dis, only_a = only_a, only_b = only_b,
                 not_compared = not_compared, empty = empty, n = n, labels = labels, weights = weights,
                 conf_level = conf_level),
            class = "extraction_agreement")
}

format_kappa <- function(k, lo, hi, digits = 2) {
  f <- function(v) formatC(v, format = "f", digits = digits)
  ifelse(is.na(k), "-", paste0(f(k), ifelse(is.na(lo), "", paste0(" (", f(lo), " to ", f(hi), ")"))))
}

#' @export
format.extraction_agreement <- function(x, digits = 2, ...) {
  cols <- x$columns
  level <- format_pct(x$conf_level, 0)
  out <- data.frame(column = cols$column, kind = cols$kind, stringsAsFactors = FALSE)
  out$agree <- paste0(cols$agree, "/", cols$n)
  out[["%"]] <- format_pct(cols$agreement, 0)
  out[[paste0("kappa (", level, "% CI)")]] <- format_kappa(cols$kappa, cols$conf_low,
                                                           cols$conf_high, digits)
  out$weights <- ifelse(cols$weights == "none", "", cols$weights)
  out$over <- ifelse(cols$kind == "text", "",
                     ifelse(cols$n_kappa < cols$n, paste0(cols$n_kappa, " reported"), "all"))
  out
}

#' @export
print.extraction_agreement <- function(x, n = 10, ...) {
  lab <- x$labels
  dis <- x$disagreements
  cat("<extraction_agreement> ", lab[1], " vs ", lab[2], ": ", x$n, " case",
      if (x$n != 1) "s", " in both, ", nrow(x$columns), " column",
      if (nrow(x$columns) != 1) "s", " compared; ", nrow(dis), " disagreement",
      if (nrow(dis) != 1) "s", if (nrow(dis)) paste0(" in ", length(unique(dis$case_id)),
                                                       " case", if (length(unique(dis$case_id)) != 1) "s"),
      "\n", sep = "")
  if (nrow(x$columns)) {
    print(format(x), row.names = FALSE, right = FALSE)
    cat("# kappa: unweighted for nominal columns (not reported a category of its own);",
        "weighted for ordered and numeric ones, over the cases both reported\n")
  }
  if (nrow(dis)) {
    shown <- utils::head(dis, n)
    tab <- data.frame(case_id = shown$case_id, column = shown$column,
                      a = ifelse(is.na(shown$value_a), "<not reported>", shown$value_a),
                      b = ifelse(is.na(shown$value_b), "<not reported>", shown$value_b),
                      stringsAsFactors = FALSE)
    names(tab)[3:4] <- lab
    cat("Disagreements", if (nrow(dis) > n) paste0(" (first ", n, " of ", nrow(dis), ")"),
        ":\n", sep = "")
    print(tab, row.names = FALSE, right = FALSE)
  }
  if (length(x$only_a)) {
    cat("# only in ", lab[1], ": ", fmt_list(x$only_a, max = 8), "\n", sep = "")
  }
  if (length(x$only_b)) {
    cat("# only in ", lab[2], ": ", fmt_list(x$only_b, max = 8), "\n", sep = "")
  }
  if (length(x$not_compared)) {
    cat("# columns in one extraction only, not compared: ",
        fmt_list(x$not_compared, max = 8), "\n", sep = "")
  }
  if (length(x$empty)) {
    cat("# ", length(x$empty), " column", if (length(x$empty) != 1) "s",
        " empty in both extractions, not compared\n", sep = "")
  }
  invisible(x)
}

#' @rdname extraction_agreement
#' @param x An `"extraction_agreement"` result.
#' @param what For `as.data.frame()`: `"columns"` (default), the agreement
#'   per column, or `"disagreements"`, the list of disagreements.
#' @param row.names,optional,... Not used.
#' @export
as.data.frame.extraction_agreement <- function(x, row.names = NULL, optional = FALSE,
                                               what = c("columns", "disagreements"), ...) {
  what <- arg_choice(what)
  x[[what]]
}

#' @export
summary.extraction_agreement <- function(object, ...) {
  object$columns
}

#' @rdname extraction_agreement
#' @export
tidy.extraction_agreement <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  cols <- x$columns
  data.frame(column = cols$column, kind = cols$kind, weights = cols$weights,
             estimate = cols$kappa, std.error = cols$std_error,
             conf.low = cols$conf_low, conf.high = cols$conf_high,
             agreement = cols$agreement, agree = cols$agree, n = cols$n,
             n.kappa = cols$n_kappa, stringsAsFactors = FALSE)
}

#' @rdname extraction_agreement
#' @export
glance.extraction_agreement <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  dis <- x$disagreements
  data.frame(nobs = x$n, columns = nrow(x$columns), disagreements = nrow(dis),
             cases.disagreeing = length(unique(dis$case_id)),
             only.a = length(x$only_a), only.b = length(x$only_b),
             agreement = if (nrow(x$columns)) sum(x$columns$agree) / sum(x$columns$n) else NA_real_,
             conf.level = x$conf_level, weights = x$weights)
}

#' @rdname extraction_agreement
#' @exportS3Method knitr::knit_print
knit_print.extraction_agreement <- function(x, ...) {
  lab <- x$labels
  caption <- paste0("Agreement between the extractions of ", lab[1], " and ", lab[2],
                    " (", x$n, " cases in both): Cohen's kappa with ",
                    format_pct(x$conf_level, 0), "% CI; weighted (", x$weights,
                    ") for ordered and numeric columns.")
  tables <- list(format(x))
  captions <- caption
  dis <- x$disagreements
  if (nrow(dis)) {
    tab <- dis[c("case_id", "column", "value_a", "value_b")]
    names(tab) <- c("case", "column", lab)
    tables <- c(tables, list(tab))
    captions <- c(captions, paste0(nrow(dis), " disagreement", if (nrow(dis) != 1) "s",
                                   " to resolve."))
  }
  notes <- c(if (length(x$only_a)) paste0("Only in ", lab[1], ": ", fmt_list(x$only_a, max = 8), "."),
             if (length(x$only_b)) paste0("Only in ", lab[2], ": ", fmt_list(x$only_b, max = 8), "."))
  knit_tables(tables, captions, notes, row.names = FALSE, na = "not reported")
}
