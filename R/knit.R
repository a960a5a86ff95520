# knit_print() methods: in R Markdown, results print as tables
# (knitr::kable) rather than console text.  knitr is only suggested; the
# methods are registered when knitr is loaded (roxygen's @exportS3Method).

#' Results as tables in R Markdown
#'
#' When a casepool result is the value of a chunk in an R Markdown (or
#' Quarto, or knitr) document, it prints as a table made by
#' [knitr::kable()], in the document's format (Markdown, HTML or LaTeX),
#' with a caption line saying what it is, rather than as console text. The
#' tables are the results' [format()] or printed columns: a fit's medians
#' with their intervals by stratum, a tally's counts and percentages, the
#' fields a completeness table counts, the three parts of a remission
#' result, each case of a timeline or case table. Notes that the console
#' print adds (cases left out, rows dropped by `na.action`) follow the
#' table as a line of text.
#'
#' Call `print()` in the chunk to get the console text instead, or give
#' the table yourself with `knitr::kable(as.data.frame(x))`.
#'
#' @param x A result: a fit from [time_to_response()], a tally from
#'   [case_tally()], a [completeness()] table, a [remission_after_stop()]
#'   result, a [case_timeline()], a case table from [as_cases()], or pooled
#'   proportions from [pool_proportions()] or [pool_cases()] (the forest
#'   table, captioned with [pool_text()]).
#' @param ... Passed by knitr (its chunk `options`, `inline`); not used.
#' @returns The table, as [knitr::asis_output()].
#' @family output
#' @name knit_print.casepool
#' @examplesIf requireNamespace("knitr", quietly = TRUE)
#' # what a chunk whose value is a tally shows in a document
#' knitr::knit_print(case_tally(nsarc_cases, stopped, improved = response != "none"))
NULL

# The pieces of a knitted result: tables (data frames, each with its
# caption) and lines of text after them, as one asis_output.
knit_tables <- function(tables, captions, notes = character(), digits = 3,
                        row.names = NA, na = NULL) {
  if (!is.null(na) && is.null(getOption("knitr.kable.NA"))) {
    old <- options(knitr.kable.NA = na)
    on.exit(options(old), add = TRUE)
  }
  parts <- Map(function(tab, cap) {
    paste(knitr::kable(tab, caption = cap, digits = digits, row.names = row.names),
          collapse = "\n")
  }, tables, captions)
  text <- paste(c("", unlist(parts, use.names = FALSE),
                  if (length(notes)) c("", paste(notes, collapse = "  \n")), ""),
                collapse = "\n\n")
  knitr::asis_output(text)
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.time_fit <- function(x, ...) {
  what <- if (x$type == "right") {
    paste0(if (isTRUE(x$weighted)) "weighted " , "Kaplan-Meier, ", x$conf_type, " ",
           format_pct(x$conf_level, 0), "% intervals")
  } else {
    paste0("Turnbull NPMLE (", sum(x$iterations), " EM iterations",
           if (!all(x$converged)) ", not converged", ")")
  }
  unit <- if (!is.null(x$unit)) paste0(" in ", x$unit) else ""
  caption <- paste0("Time to ", x$event, unit, ": ", what, ".")
  tab <- format(x)
  tab <- cbind(data.frame(stratum = rownames(tab), check.names = FALSE), tab)
  notes <- character()
  if (length(x$excluded)) {
    notes <- c(notes, paste0(length(x$excluded), " case",
                             if (length(x$excluded) > 1) "s", " gave no time and ",
                             if (length(x$excluded) > 1) "are" else "is",
                             " not in the estimate."))
  }
  if (length(x$na_action)) {
    notes <- c(notes, paste0(length(x$na_action), " row",
                             if (length(x$na_action) > 1) "s", " without a usable time ",
                             "left out by na.action: ", fmt_rows(x$na_action), "."))
  }
  notes <- c(notes, paste0(x$notes, if (length(x$notes)) "."))
  knit_tables(list(tab), caption, notes, row.names = FALSE)
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.case_tally <- function(x, ...) {
  knit_tables(list(format(x)), tally_caption(x), row.names = FALSE)
}

tally_caption <- function(x, what = NULL, n = "all cases") {
  by <- attr(x, "by")
  paste0(what %||% "Tally", if (!is.null(by)) paste0(" by ", fmt_list(by)),
         ": percentages with ", format_pct(attr(x, "conf_level") %||% 0.95, 0),
         "% CI (", binom_method_label(attr(x, "method") %||% "exact"),
         "); n: ", n, "; NR: not reported; rep: cases that reported the item.")
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.case_completeness <- function(x, ...) {
  tab <- data.frame(field = x$column, reported = x$text,
                    `%` = format_pct(x$prop, 0), check.names = FALSE,
                    stringsAsFactors = FALSE)
  na <- x$n - x$n_applicable
  if (any(na > 0)) tab[["not applicable"]] <- ifelse(na > 0, na, "")
  knit_tables(list(tab), paste0("Fields reported by the ", if (nrow(x)) x$n[1] else 0, " cases."),
              row.names = FALSE)
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.remission <- function(x, ...) {
  fit <- format(x$fit)
  fit <- cbind(data.frame(stratum = rownames(fit), check.names = FALSE), fit)
  notes <- if (length(x$fit$excluded)) {
    paste0(length(x$fit$excluded), " responder", if (length(x$fit$excluded) > 1) "s",
           " that stopped gave no follow-up after stopping and ",
           if (length(x$fit$excluded) > 1) "are" else "is",
           " not in the relapse-free time.")
  }
  knit_tables(list(format(x$tally), format(x$among_stopped), fit),
              c(tally_caption(x$tally, "Remission after the drug was stopped, all cases"),
                tally_caption(x$among_stopped, "Among the responders that stopped",
                              n = "responders that stopped"),
                paste0("Relapse-free time after stopping, in months: Kaplan-Meier, ",
                       x$fit$conf_type, " ", format_pct(x$fit$conf_level, 0),
                       "% intervals.")),
              notes, row.names = FALSE)
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.case_timeline <- function(x, ...) {
  df <- as.data.frame(x)
  show <- c("case_id", "response", "onset", "regimen", "days_left", "days_right",
            "infusions_left", "infusions_right", "days_note")
  tab <- df[show]
  tab$response <- as.character(tab$response)
  names(tab) <- c("case", "response", "onset", "regimen", "days from", "days to",
                  "infusions from", "infusions to", "note (days)")
  knit_tables(list(tab), paste0("Timeline of ", nrow(x), " case", if (nrow(x) != 1) "s",
                                ": each case's time to response, (from, to], ",
                                "in days since the first infusion and in infusions."),
              digits = 1, row.names = FALSE, na = "")
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.cases <- function(x, ...) {
  df <- as.data.frame(x)[setdiff(names(x), derived_columns)]
  for (j in seq_along(df)) if (is.factor(df[[j]])) df[[j]] <- as.character(df[[j]])
  reports <- length(unique(stats::na.omit(x$report)))
  caption <- paste0(nrow(x), " case", if (nrow(x) != 1) "s",
                    if (reports) paste0(" from ", reports, " report",
                                        if (reports != 1) "s"), ".")
  knit_tables(list(df), caption, digits = 3, row.names = FALSE, na = "")
}
