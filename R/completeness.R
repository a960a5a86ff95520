#' Reporting completeness of a case table
#'
#' How many cases reported each field ("19 of 34"), or, with
#' `by = "case"`, which fields each case reported. The counting is done by
#' the same C routine as [case_tally()].
#'
#' A value counts as not reported when it is `NA`, empty text, or one of the
#' markers "not reported", "NR", "unknown", "n/a", "NA" (any letter case).
#'
#' @param cases A case table from [as_cases()], or any data frame with a
#'   `case_id` column.
#' @param by `"column"` (default): one row per column; `"case"`: one row per
#'   case.
#' @returns With `by = "column"`, a data frame of class `"case_completeness"`
#'   with `column`, `n_reported`, `n`, `prop` and `text` ("19 of 34"), one row
#'   per column other than `case_id`. With `by = "case"`, a data frame with
#'   `case_id`, `n_reported` (fields reported), `n_fields` and `missing` (the
#'   fields not reported, comma separated).
#' @family case table
#' @export
#' @examples
#' completeness(nsarc_cases)
#' head(completeness(nsarc_cases, by = "case"))
completeness <- function(cases, by = c("column", "case")) {
  if (!is.data.frame(cases)) {
    cp_abort("`cases` must be a data frame, not ", describe(cases), ".")
  }
  by <- match.arg(by)
  fields <- setdiff(names(cases), "case_id")
  reported <- lapply(fields, function(col) !is_not_reported(cases[[col]]))
  names(reported) <- fields
  if (by == "case") {
    if (!"case_id" %in% names(cases)) {
      cp_abort("`cases` has no `case_id` column to name the cases.")
    }
    m <- matrix(unlist(reported, use.names = FALSE), nrow = nrow(cases))
    missing <- apply(m, 1, function(r) paste(fields[!r], collapse = ", "))
    return(data.frame(case_id = as.character(cases$case_id),
                      n_reported = as.integer(rowSums(m)),
                      n_fields = rep(length(fields), nrow(cases)),
                      missing = missing, stringsAsFactors = FALSE))
  }
  res <- .Call(cp_tally, unname(reported), NULL, 1L, 0.95, 1L)
  out <- data.frame(column = fields, n_reported = res$yes, n = res$n,
                    prop = res$prop, text = paste(res$yes, "of", res$n),
                    stringsAsFactors = FALSE)
  class(out) <- c("case_completeness", "data.frame")
  out
}

#' @export
print.case_completeness <- function(x, ...) {
  cat("<case_completeness> ", nrow(x), " field", if (nrow(x) != 1) "s",
      " reported by the cases\n", sep = "")
  df <- data.frame(column = x$column, reported = x$text,
                   `%` = format_pct(x$prop, 0), check.names = FALSE)
  print(df, row.names = FALSE, right = FALSE, ...)
  invisible(x)
}

#' @export
as.data.frame.case_completeness <- function(x, ...) {
  class(x) <- "data.frame"
  x
}
