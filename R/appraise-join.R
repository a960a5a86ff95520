# What the case table says about an appraisal (suggestions, never applied),
# a blank appraisal sheet, and the appraisal joined onto the case table.

#' Answers the case table suggests for an appraisal
#'
#' Some items of an appraisal tool can be read off the case table. These
#' are suggestions for the reviewer, shown by [appraise()] where the
#' reviewer answered otherwise and written into the sheet of
#' [appraisal_sheet()]; they are never put in the appraisal.
#'
#' Per report (the cases with that `report`):
#' * `"murad"` question 5, challenge/rechallenge: **yes** when a responder
#'   was stopped and relapsed (a dechallenge: check whether it responded
#'   again when restarted, which the case table does not record);
#'   **unclear** when, for a responder, whether the drug was stopped or
#'   whether a relapse followed is not reported; **no** otherwise (no
#'   responder, or none stopped, or none relapsed after stopping).
#' * `"murad"` question 7, follow-up long enough: **no** when a case's
#'   `followup` is shorter than `min_followup` months; **unclear** when a
#'   case's follow-up is not reported; **yes** otherwise.
#' * `"murad"` question 8, detail to replicate: **no** when a case's dose
#'   or regimen is not reported; **unclear** when its response or
#'   follow-up is not; **yes** otherwise.
#' * `"jbi-case-report"` question 5, intervention described: **yes** when
#'   every case gives its dose and regimen, **no** otherwise; question 6,
#'   post-intervention condition: **yes** when every case gives its
#'   response, **no** when none does, **unclear** otherwise.
#' * `"jbi-case-series"` question 8, outcomes or follow-up reported:
#'   **yes** when every case gives its response and follow-up, **no** when
#'   no case gives either, **unclear** otherwise.
#'
#' @param cases A case table from [as_cases()] (a data frame is read with
#'   it).
#' @param tool `"murad"` (default), `"jbi-case-report"` or
#'   `"jbi-case-series"`.
#' @param min_followup The follow-up, in months, long enough for the
#'   outcome to occur. Default 6: set it for your review.
#' @param appraisal `NULL` (default), or an appraisal from [appraise()],
#'   whose answers are put next to the suggestions.
#' @returns A data frame of class `"appraisal_suggestions"`, one row per
#'   report and item that the case table informs: `report`, `item`,
#'   `label`, `suggestion` (`"yes"`, `"no"` or `"unclear"`), `reason` (in
#'   words, naming the cases), and with `appraisal`, `answer` (the
#'   reviewer's).
#' @family appraisal
#' @export
#' @examples
#' head(suggest_appraisal(nsarc_cases, min_followup = 12))
suggest_appraisal <- function(cases, tool = c("murad", "jbi-case-report", "jbi-case-series"),
                              min_followup = 6, appraisal = NULL) {
  tool <- arg_choice(tool)
  check_scalar_number(min_followup, "min_followup", 0, Inf, open = FALSE)
  cases <- agreement_input(cases, "cases", NULL, NULL)
  items <- appraisal_items(tool)
  rules <- suggestion_rules[[tool]]
  reports <- unique(stats::na.omit(as.character(cases$report)))
  rows <- split(seq_len(nrow(cases)), factor(cases$report, levels = reports))
  out <- lapply(names(rules), function(q) {
    res <- lapply(reports, function(r) rules[[q]](cases[rows[[r]], , drop = FALSE], min_followup))
    data.frame(report = reports, item = rep(q, length(reports)),
               label = rep(items$label[items$item == q], length(reports)),
               suggestion = vapply(res, `[[`, "", 1), reason = vapply(res, `[[`, "", 2),
               stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, out)
  if (is.null(out)) {
    out <- data.frame(report = character(), item = character(), label = character(),
                      suggestion = character(), reason = character())
  }
  out <- out[order(match(out$report, reports), out$item), , drop = FALSE]
  if (!is.null(appraisal)) {
    m <- match(out$report, appraisal$report)
    out$answer <- vapply(seq_len(nrow(out)), function(i) {
      if (is.na(m[i])) NA_character_ else as.character(appraisal[[out$item[i]]][m[i]])
    }, "")
  }
  rownames(out) <- NULL
  structure(out, class = c("appraisal_suggestions", "data.frame"), tool = tool,
            min_followup = min_followup)
}

# "S03", "S03 and S07": the cases' ids.
ids_of <- function(d, rows) fmt_list(format_id(d$case_id[rows]), max = 4)

reported <- function(x) !is_not_reported(x)

suggest_challenge <- function(d, min_followup) {
  resp <- d$response %in% c("complete", "partial")
  if (!any(resp)) return(c("no", "no case responded"))
  de <- which(resp & d$stopped %in% TRUE & d$relapse %in% TRUE)
  if (length(de)) {
    return(c("yes", paste0(ids_of(d, de), if (length(de) > 1) " were" else " was",
                           " stopped after a response and relapsed (a dechallenge); ",
                           "check whether the response returned on restarting")))
  }
  unknown <- which(resp & (is.na(d$stopped) | (d$stopped %in% TRUE & is.na(d$relapse))))
  if (length(unknown)) {
    return(c("unclear", paste0("whether the drug was stopped, or a relapse followed, ",
                               "is not reported for ", ids_of(d, unknown))))
  }
  stopped <- which(resp & d$stopped %in% TRUE)
  if (length(stopped)) {
    return(c("no", paste0(ids_of(d, stopped), if (length(stopped) > 1) " were" else " was",
                          " stopped without relapse")))
  }
  c("no", "no responder was stopped")
}

suggest_followup <- function(d, min_followup) {
  fu <- suppressWarnings(as.double(d$followup))
  short <- which(!is.na(fu) & fu < min_followup)
  if (length(short)) {
    return(c("no", paste0("follow-up shorter than ", format_num(min_followup), " months in ",
                          fmt_list(paste0(format_id(d$case_id[short]), " (",
                                          format_num(fu[short]), " months)"), max = 4))))
  }
  miss <- which(is.na(fu))
  if (length(miss)) {
    return(c("unclear", paste0("follow-up not reported for ", ids_of(d, miss))))
  }
  c("yes", paste0("follow-up of ", format_num(min(fu)),
                  if (max(fu) > min(fu)) paste0(" to ", format_num(max(fu))),
                  " months (at least ", format_num(min_followup), ")"))
}

# What the case table does not report, as "dose for S01; regimen for S02".
missing_fields <- function(d, fields) {
  parts <- vapply(fields, function(f) {
    rows <- which(!reported(d[[f]]))
    if (!length(rows)) "" else paste0(f, " for ", ids_of(d, rows))
  }, "")
  parts[parts != ""]
}

suggest_detail <- function(d, min_followup) {
  hard <- missing_fields(d, c("dose", "regimen"))
  if (length(hard)) return(c("no", paste0("not reported: ", paste(hard, collapse = "; "))))
  soft <- missing_fields(d, c("response", "followup"))
  if (length(soft)) return(c("unclear", paste0("not reported: ", paste(soft, collapse = "; "))))
  c("yes", "dose, regimen, response and follow-up reported for every case")
}

suggest_intervention <- function(d, min_followup) {
  miss <- missing_fields(d, c("dose", "regimen"))
  if (length(miss)) return(c("no", paste0("not reported: ", paste(miss, collapse = "; "))))
  c("yes", "dose and regimen reported for every case")
}

suggest_post <- function(d, min_followup) {
  ok <- reported(d$response)
  if (all(ok)) return(c("yes", "the response is reported for every case"))
  if (!any(ok)) return(c("no", "no case reports its response"))
  c("unclear", paste0("the response is not reported for ", ids_of(d, which(!ok))))
}

suggest_outcomes <- function(d, min_followup) {
  r <- reported(d$response)
  f <- reported(d$followup)
  if (all(r & f)) return(c("yes", "response and follow-up reported for every case"))
  if (!any(r | f)) return(c("no", "no case reports its response or follow-up"))
  c("unclear", paste0("not reported: ", paste(missing_fields(d, c("response", "followup")),
                                              collapse = "; ")))
}

suggestion_rules <- list(
  murad = list(q5 = suggest_challenge, q7 = suggest_followup, q8 = suggest_detail),
  "jbi-case-report" = list(q5 = suggest_intervention, q6 = suggest_post),
  "jbi-case-series" = list(q8 = suggest_outcomes)
)

#' @export
print.appraisal_suggestions <- function(x, ...) {
  tool <- attr(x, "tool") %||% "murad"
  cat("<appraisal_suggestions> ", nrow(x), " suggestion", if (nrow(x) != 1) "s",
      " from the case table for the ", appraisal_tools[[tool]]$name,
      "; never applied\n", sep = "")
  if (nrow(x)) print(as.data.frame(unclass(x), stringsAsFactors = FALSE),
                     row.names = FALSE, right = FALSE)
  invisible(x)
}

#' A blank appraisal sheet for the included reports
#'
#' One row per report of the case table, one empty column per item of the
#' tool, an empty `overall` (leave it empty for casepool's rule, or give
#' good, fair or poor), what the case table suggests for some items
#' ([suggest_appraisal()]) as text in `suggested`, and `notes`. Fill it in
#' (in R or a spreadsheet) and read it back with [appraise()].
#'
#' @inheritParams suggest_appraisal
#' @param suggestions Write the case table's suggestions into the
#'   `suggested` column. Default `TRUE`.
#' @param file `NULL` (default), or a path: the sheet is written there as
#'   CSV (empty cells for empty answers).
#' @returns The sheet, a data frame (invisibly when written to `file`).
#' @family appraisal
#' @export
#' @examples
#' sheet <- appraisal_sheet(nsarc_cases, tool = "murad", min_followup = 12)
#' head(sheet[, c("report", "q1", "q5", "suggested")], 3)
#' path <- tempfile(fileext = ".csv")
#' appraisal_sheet(nsarc_cases, file = path)
#' # ... filled in by the reviewers, then: appraise(read.csv(path), cases = nsarc_cases)
appraisal_sheet <- function(cases, tool = c("murad", "jbi-case-report", "jbi-case-series"),
                            min_followup = 6, suggestions = TRUE, file = NULL) {
  tool <- arg_choice(tool)
  cases <- agreement_input(cases, "cases", NULL, NULL)
  items <- appraisal_items(tool)
  reports <- unique(stats::na.omit(as.character(cases$report)))
  if (!length(reports)) {
    cp_abort("`cases` has no report keys (`report`) to make a sheet for.")
  }
  sheet <- data.frame(report = reports, stringsAsFactors = FALSE)
  for (q in items$item) sheet[[q]] <- ""
  sheet$overall <- ""
  if (isTRUE(suggestions)) {
    sug <- suggest_appraisal(cases, tool, min_followup)
    text <- paste0(sug$item, " ", sug$suggestion, ": ", sug$reason)
    sheet$suggested <- vapply(reports, function(r) paste(text[sug$report == r], collapse = " | "),
                              "", USE.NAMES = FALSE)
  }
  sheet$notes <- ""
  if (!is.null(file)) {
    check_string(file, "file")
    utils::write.csv(sheet, file, row.names = FALSE, na = "")
    return(invisible(sheet))
  }
  sheet
}

#' Join the appraisal onto the case table
#'
#' Adds each case's report's overall judgement as a column (`quality`,
#' good, fair or poor) of the case table, so that tallies and fits by
#' quality, and analyses restricted to the good reports, are one line.
#'
#' Cases whose report was not appraised (or that have no `report`) get
#' `NA`, and a warning names them; with `by = quality` they form a group of
#' their own.
#'
#' @param cases A case table from [as_cases()].
#' @param appraisal An appraisal from [appraise()], or a list of them (case
#'   reports appraised with one tool and case series with another).
#' @param keep `NULL` (default: every case), or the judgements whose cases
#'   to keep: `"good"`, `c("good", "fair")`.
#' @param name The new column's name. Default `"quality"`.
#' @returns The case table with the column `name` (a factor with levels
#'   `"good"`, `"fair"`, `"poor"`), restricted to `keep`.
#' @family appraisal
#' @export
#' @examples
#' appr <- appraise(nsarc_appraisal)
#' cases <- join_appraisal(nsarc_cases, appr)
#' table(cases$quality, useNA = "ifany")
#' case_tally(cases, improved = response != "none", by = quality)
#'
#' # a sensitivity analysis: only the reports judged good
#' case_tally(join_appraisal(nsarc_cases, appr, keep = "good"),
#'            improved = response != "none",
#'            sustained = response != "none" & stopped & !relapse)
join_appraisal <- function(cases, appraisal, keep = NULL, name = "quality") {
  if (!is.data.frame(cases) || !"report" %in% names(cases)) {
    cp_abort("`cases` must be a case table with a `report` column, not ",
             describe(cases), ".")
  }
  check_string(name, "name")
  if (name %in% names(cases)) {
    cp_abort("`cases` already has a column ", bt(name), "; give another `name`.")
  }
  if (inherits(appraisal, "appraisal")) appraisal <- list(appraisal)
  ok <- is.list(appraisal) && !is.data.frame(appraisal) && length(appraisal) > 0 &&
    all(vapply(appraisal, inherits, TRUE, "appraisal"))
  if (!ok) {
    cp_abort("`appraisal` must be an appraisal from appraise(), or a list of them, not ",
             describe(appraisal), if (is.data.frame(appraisal)) ": read the sheet with appraise() first", ".")
  }
  reports <- unlist(lapply(appraisal, function(a) a$report))
  overall <- unlist(lapply(appraisal, function(a) as.character(a$overall)))
  dup <- unique(reports[duplicated(reports)])
  if (length(dup)) {
    cp_abort("Report", if (length(dup) > 1) "s", " ", fmt_list(dQuote(dup, FALSE)),
             if (length(dup) > 1) " are" else " is", " appraised more than once.")
  }
  if (!is.null(keep)) {
    if (!is.character(keep) || !length(keep) || anyNA(keep) || !all(keep %in% quality_levels)) {
      cp_abort("`keep` must be judgements to keep, among \"good\", \"fair\" and \"poor\", ",
               "not ", describe(keep), ".")
    }
  }
  key <- as.character(cases$report)
  quality <- factor(overall[match(key, reports)], levels = quality_levels)
  none <- which(is.na(match(key, reports)))
  if (length(none)) {
    ids <- if ("case_id" %in% names(cases)) cases$case_id else NULL
    cp_warn("No appraisal for the report of ", fmt_cases(none, ids),
            "; ", if (length(none) > 1) "their" else "its", " `", name, "` is NA.",
            class = "casepool_warning_appraisal")
  }
  cases[[name]] <- quality
  unjudged <- setdiff(which(is.na(quality)), none)
  if (!is.null(keep) && length(unjudged)) {
    ids <- if ("case_id" %in% names(cases)) cases$case_id else NULL
    cp_warn("The report of ", fmt_cases(unjudged, ids), " has no overall judgement ",
            "(no item applied): left out by `keep`.", class = "casepool_warning_appraisal")
  }
  if (!is.null(keep)) {
    cases <- cases[quality %in% keep, , drop = FALSE]
    rownames(cases) <- NULL
  }
  cases
}
