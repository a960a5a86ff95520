#' Reporting completeness of a case table
#'
#' How many cases reported each field ("19 of 34"), or, with
#' `by = "case"`, which fields each case reported. The counting is done by
#' the same C routine as [case_tally()].
#'
#' A value counts as not reported when it is `NA`, empty text, or one of the
#' markers "not reported", "NR", "unknown", "n/a", "NA" (any letter case).
#' In a case table, a field that does not apply to a case is neither
#' reported nor missing: `relapse` where the drug was not stopped or there
#' was no response, and `followup_after_stop` where the drug was not
#' stopped. The columns read from others (`onset_lower`, ..., `dose_unit`)
#' are not listed.
#'
#' @param cases A case table from [as_cases()], or any data frame with a
#'   `case_id` column.
#' @param by `"column"` (default): one row per column; `"case"`: one row per
#'   case.
#' @returns With `by = "column"`, a data frame of class `"case_completeness"`
#'   with `column`, `n_reported`, `n_applicable` (cases to which the field
#'   applies), `n` (all cases), `prop` (`n_reported / n_applicable`) and
#'   `text` ("19 of 34"), one row per column other than `case_id`. With
#'   `by = "case"`, a data frame with `case_id`, `n_reported` (fields
#'   reported), `n_fields` (fields that apply to the case) and `missing`
#'   (the fields not reported, comma separated).
#' @family case table
#' @export
#' @examples
#' completeness(nsarc_cases)
#' head(completeness(nsarc_cases, by = "case"))
completeness <- function(cases, by = c("column", "case")) {
  if (!is.data.frame(cases)) {
    cp_abort("`cases` must be a data frame, not ", describe(cases), ".")
  }
  by <- arg_choice(by)
  fields <- setdiff(names(cases), "case_id")
  if (!length(fields)) {
    cp_abort("`cases` has no columns to count, besides `case_id`.")
  }
  if (inherits(cases, "cases")) fields <- setdiff(fields, derived_columns)
  applies <- applicable(cases, fields)
  # TRUE reported, FALSE not reported, NA does not apply
  reported <- Map(function(col, ok) {
    r <- !is_not_reported(cases[[col]])
    r[!ok] <- NA
    r
  }, fields, applies)
  names(reported) <- fields
  if (by == "case") {
    if (!"case_id" %in% names(cases)) {
      cp_abort("`cases` has no `case_id` column to name the cases.")
    }
    m <- matrix(unlist(reported, use.names = FALSE), nrow = nrow(cases))
    missing <- apply(m, 1, function(r) paste(fields[r %in% FALSE], collapse = ", "))
    return(data.frame(case_id = as.character(cases$case_id),
                      n_reported = as.integer(rowSums(m, na.rm = TRUE)),
                      n_fields = as.integer(rowSums(!is.na(m))),
                      missing = missing, stringsAsFactors = FALSE))
  }
  res <- .Call(cp_tally, unname(reported), NULL, 1L, 0.95, 1L)
  n_app <- res$yes + res$no
  out <- data.frame(column = fields, n_reported = res$yes, n_applicable = n_app,
                    n = res$n, prop = res$prop_reported,
                    text = paste(res$yes, "of", n_app), stringsAsFactors = FALSE)
  class(out) <- c("case_completeness", "data.frame")
  out
}

derived_columns <- c("onset_lower", "onset_upper", "onset_unit", "onset_from",
                     "onset_status", "dose_value", "dose_unit")

# Where each field applies: a logical vector per field.
applicable <- function(cases, fields) {
  n <- nrow(cases)
  all_cases <- rep(TRUE, n)
  out <- rep(list(all_cases), length(fields))
  names(out) <- fields
  if (!inherits(cases, "cases")) return(out)
  not_stopped <- cases$stopped %in% FALSE
  if ("relapse" %in% fields) out$relapse <- !(not_stopped | cases$response %in% "none")
  if ("followup_after_stop" %in% fields) out$followup_after_stop <- !not_stopped
  out
}

#' @export
print.case_completeness <- function(x, ...) {
  cat("<case_completeness> ", nrow(x), " field", if (nrow(x) != 1) "s",
      " reported by the cases\n", sep = "")
  df <- data.frame(column = x$column, reported = x$text,
                   `%` = format_pct(x$prop, 0), check.names = FALSE)
  na <- x$n - x$n_applicable
  if (any(na > 0)) df[["not applicable"]] <- ifelse(na > 0, na, "")
  print(df, row.names = FALSE, right = FALSE, ...)
  invisible(x)
}

#' @export
as.data.frame.case_completeness <- function(x, ...) {
  class(x) <- "data.frame"
  x
}
