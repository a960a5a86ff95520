# Appraisal of the included reports: one row per report, one answer per
# item of a tool (R/appraise-tools.R), validated like the case table, with
# an overall judgement by a documented rule or given by the reviewer.

#' Appraise the included reports
#'
#' Reads a reviewer's appraisal sheet, one row per report and one column
#' per item of a tool ([appraisal_items()]), checks it, and gives each
#' report an overall judgement: good, fair or poor. The result prints as a
#' table, and has [summary()][summary.appraisal], [plot()][plot.appraisal]
#' (a traffic-light plot or a summary bar plot) and
#' [autoplot()][autoplot.appraisal] methods; [join_appraisal()] puts the
#' judgement onto the case table, so that tallies by quality and analyses
#' restricted to the good reports are one line.
#'
#' @section The sheet:
#' * `report`: the report's key, as in the case table's `report` (one row
#'   per report);
#' * one column per item, named `q1`, `q2`, ... or by the item's key
#'   (`selection`, `exposure`, ...; see [appraisal_items()]), in any letter
#'   case. Answers are yes, no, unclear or not applicable, in any letter
#'   case, also written `y`, `n`, `u`, "can't tell", `n/a`, `na` (as text),
#'   `TRUE`/`FALSE` or `1`/`0`; other codes through `answer_levels`. Every item needs an
#'   answer: an empty answer is an error (an `NA` read from a file may have
#'   meant not applicable; write "n/a" then). A column `q9` for a tool of
#'   eight items is an error: the sheet was likely made for another tool;
#' * optionally `overall`: the reviewer's own judgement, good, fair or
#'   poor (other words through `overall_levels`); where it is empty, the
#'   rule below judges;
#' * any other column (notes, reviewer) is kept.
#'
#' Every problem is reported in one error that names the column, the rows
#' and their reports.
#'
#' @section The overall judgement:
#' The tools' authors do not prescribe a summed score: Murad et al. suggest
#' judging a report on the questions that matter most for the review's
#' question, and JBI leaves the decision to the reviewers. casepool's rule
#' makes that explicit, so that it can be reported, and changed:
#' * items answered not applicable are left out;
#' * **poor**: a critical item is answered no, or fewer than
#'   `cut[["fair"]]` (default half) of the applicable items are yes;
#' * **good**: every critical item is yes (or not applicable), and at
#'   least `cut[["good"]]` (default three quarters) of the applicable items
#'   are yes;
#' * **fair**: otherwise (a critical item unclear, or fewer yeses).
#'
#' The critical items by default are, for `"murad"`, the exposure and the
#' outcome adequately ascertained and a follow-up long enough (questions 2,
#' 3 and 7); for `"jbi-case-report"`, the intervention and the
#' post-intervention condition clearly described (5 and 6); for
#' `"jbi-case-series"`, the condition measured reliably, complete inclusion
#' and the outcomes reported (2, 5 and 8). A report without any applicable
#' item gets no judgement (`NA`). A judgement given by the reviewer
#' (`overall`) is used as it is; the rule's is kept alongside
#' (`overall_rule`), and the print says where they differ.
#'
#' @section Suggestions from the case table:
#' With `cases`, the case table's answers to some items are worked out
#' ([suggest_appraisal()]) and shown where the reviewer answered otherwise.
#' They are never applied: the answers are the reviewer's.
#'
#' @param data A data frame, one row per report (the sheet above).
#' @param tool `"murad"` (default), `"jbi-case-report"` or
#'   `"jbi-case-series"`; see [appraisal_items()].
#' @param map `NULL` (default) or a named character vector that renames
#'   your columns: `c(report = "Study", q1 = "Selection")`. Names are
#'   `report`, `overall`, items (`q1`, ...) or their keys; values are
#'   columns of `data`.
#' @param answer_levels `NULL` (default) or a named character vector that
#'   maps your codes onto `"yes"`, `"no"`, `"unclear"` and
#'   `"not applicable"`: `c(Y = "yes", N = "no", CT = "unclear")`.
#' @param overall_levels `NULL` (default) or a named character vector that
#'   maps your overall judgements onto `"good"`, `"fair"` and `"poor"`:
#'   `c(high = "good", moderate = "fair", low = "poor")`.
#' @param critical `NULL` (default: the tool's, above) or the critical
#'   items, as `"q2"`, keys (`"exposure"`) or numbers; `character()` for
#'   none.
#' @param cut The shares of applicable items answered yes that a report
#'   needs: `c(good = 0.75, fair = 0.5)` (default).
#' @param cases `NULL` (default), or the case table, for suggestions.
#' @param min_followup For suggestions: the follow-up, in months, that is
#'   long enough for the outcome to occur. Default 6; set it for your
#'   review.
#' @returns A data frame of class `"appraisal"`, one row per report:
#'   `report`, the items `q1`, `q2`, ... (factors with levels `"yes"`,
#'   `"no"`, `"unclear"`, `"not applicable"`), `overall` (a factor with
#'   levels `"good"`, `"fair"`, `"poor"`), `overall_source` (`"reviewer"`
#'   or `"rule"`), `overall_rule` (the rule's judgement), `n_yes` and
#'   `n_applicable`, then the sheet's other columns. Attributes: `tool`,
#'   `items` ([appraisal_items()] with the `critical` used), `cut`,
#'   `suggestions` (with `cases`).
#' @references See [appraisal_items()].
#' @family appraisal
#' @export
#' @examples
#' # the simulated appraisal of the simulated case table (illustrative)
#' appr <- appraise(nsarc_appraisal, tool = "murad", cases = nsarc_cases)
#' appr
#' summary(appr)
#' plot(appr)
#' plot(appr, type = "summary")
#'
#' # tallies by quality, and restricted to the reports judged good
#' case_tally(join_appraisal(nsarc_cases, appr),
#'            improved = response != "none", by = quality)
#' case_tally(join_appraisal(nsarc_cases, appr, keep = "good"),
#'            improved = response != "none")
#'
#' # every problem at once, by column, row and report
#' sheet <- data.frame(report = c("Abe 2015", "Abe 2015", NA),
#'                     q1 = c("yes", "maybe", "no"))
#' try(appraise(sheet))
appraise <- function(data, tool = c("murad", "jbi-case-report", "jbi-case-series"),
                     map = NULL, answer_levels = NULL, overall_levels = NULL,
                     critical = NULL, cut = c(good = 0.75, fair = 0.5),
                     cases = NULL, min_followup = 6) {
  tool <- arg_choice(tool)
  if (!is.data.frame(data)) {
    cp_abort("`data` must be a data frame with one row per report, not ",
             describe(data), ".")
  }
  items <- appraisal_items(tool)
  answer_map <- check_code_map(answer_levels, "answer_levels", appraisal_answers,
                               "c(Y = \"yes\", N = \"no\", CT = \"unclear\")")
  overall_map <- check_code_map(overall_levels, "overall_levels", quality_levels,
                                "c(high = \"good\", moderate = \"fair\", low = \"poor\")")
  items$critical <- items$item %in% check_critical(critical, items, tool)
  cut <- check_cut(cut)
  data <- as.data.frame(data, stringsAsFactors = FALSE, optional = TRUE)
  data <- appraisal_map(data, map, items)
  if (!"report" %in% names(data)) {
    cp_abort("`data` has no `report` column. Name the column that holds the reports' ",
             "keys (as in the case table's `report`) with `map`, e.g. ",
             "`map = c(report = \"Study\")`.")
  }
  problems <- character()
  add <- function(p) problems <<- c(problems, p)

  keys <- as.character(data$report)
  # as the case table reads `report`: "NA", "unknown", ... are no key
  keys <- .Call(cp_clean_text, keys, not_reported_markers)$value
  miss <- which(is.na(keys))
  if (length(miss)) {
    add(paste0("`report` is missing in ", fmt_rows(miss), ": every row needs the ",
               "report's key, as in the case table's `report`."))
  }
  dup <- duplicated_rows(keys)
  if (length(dup)) {
    add(paste0("`report` has duplicated keys: ", attr(dup, "message"),
               ". Give one row per report."))
  }
  where <- function(rows) fmt_reports(rows, keys)

  # the item columns, by q-number or key, in any letter case
  found <- match_item_columns(names(data), items)
  for (i in which(lengths(found) > 1)) {
    add(paste0("Item ", items$item[i], " (", items$label[i], ") is given twice, as ",
               fmt_list(bt(names(data)[found[[i]]])), ": keep one."))
  }
  absent <- which(lengths(found) == 0)
  if (length(absent)) {
    add(paste0("`data` lacks ", if (length(absent) > 1) "items " else "item ",
               fmt_list(paste0(items$item[absent], " (", items$label[absent], ")"), max = 10),
               " of the ", appraisal_tools[[tool]]$name, "."))
  }
  # q-numbers beyond the tool's: most likely a sheet for another tool
  qcols <- grep("^q[0-9]+$", tolower(trimws(names(data))))
  beyond <- qcols[!tolower(trimws(names(data)[qcols])) %in% items$item]
  if (length(beyond)) {
    add(paste0("`data` has ", fmt_list(bt(names(data)[beyond])), ", but the ",
               appraisal_tools[[tool]]$name, " has ", nrow(items), " items: is `tool` ",
               "right? (Rename a column that is not an item.)"))
  }
  lists <- names(data)[vapply(data, is.list, TRUE)]
  if (length(lists)) {
    add(paste0(fmt_list(bt(lists)), if (length(lists) > 1) " are list columns" else
                 " is a list column", ": give one value per row."))
  }
  answers <- vector("list", nrow(items))
  for (i in seq_len(nrow(items))) {
    col <- if (length(found[[i]])) found[[i]][1] else NA
    if (is.na(col)) {
      answers[[i]] <- factor(rep(NA, nrow(data)), levels = appraisal_answers)
      next
    }
    name <- paste0(bt(names(data)[col]), " (", items$label[i], ")")
    res <- read_answers(data[[col]], answer_map)
    if (length(res$bad)) {
      add(paste0(name, " must be yes, no, unclear or not applicable, but ", where(res$bad),
                 if (length(res$bad) == 1) " holds " else " hold ",
                 fmt_values(data[[col]][res$bad]),
                 if (is.null(answer_map)) ". Map other codes with `answer_levels`." else "."))
    }
    if (length(res$empty)) {
      add(paste0(name, " is empty in ", where(res$empty), ": answer yes, no, unclear ",
                 "or not applicable (write \"n/a\" for not applicable; an NA read ",
                 "from a file is empty)."))
    }
    answers[[i]] <- res$value
  }
  names(answers) <- items$item

  given <- rep(NA_character_, nrow(data))
  if ("overall" %in% names(data)) {
    res <- read_overall(data$overall, overall_map)
    if (length(res$bad)) {
      add(paste0("`overall` must be good, fair, poor or empty (for the rule's ",
                 "judgement), but ", where(res$bad),
                 if (length(res$bad) == 1) " holds " else " hold ",
                 fmt_values(data$overall[res$bad]),
                 ". Map other words with `overall_levels`, e.g. ",
                 "`overall_levels = c(high = \"good\", moderate = \"fair\", low = \"poor\")`."))
    }
    given <- res$value
    if ("overall_source" %in% names(data)) {
      given[as.character(data$overall_source) %in% "rule"] <- NA
    }
  }
  if (length(problems)) {
    cp_abort("The appraisal has ", length(problems), " problem",
             if (length(problems) > 1) "s", ":\n",
             paste0("* ", problems, collapse = "\n"),
             class = "casepool_error_appraisal")
  }

  rule <- overall_rule(answers, items$critical, cut)
  overall <- ifelse(is.na(given), as.character(rule$overall), given)
  # the columns appraise() computes, as in a sheet written from an
  # appraisal: not kept, and not taken for the reviewer's judgement
  computed <- c("overall_source", "overall_rule", "n_yes", "n_applicable")
  used <- c("report", "overall", names(data)[unlist(found)], computed)
  extra <- data[setdiff(names(data), used)]
  out <- data.frame(report = keys, stringsAsFactors = FALSE)
  out[items$item] <- answers
  out$overall <- factor(overall, levels = quality_levels)
  out$overall_source <- ifelse(is.na(given), "rule", "reviewer")
  out$overall_rule <- rule$overall
  out$n_yes <- rule$n_yes
  out$n_applicable <- rule$n_applicable
  if (length(extra)) out <- cbind(out, extra)
  rownames(out) <- NULL
  out <- structure(out, class = c("appraisal", "data.frame"), tool = tool,
                   items = items, cut = cut)
  if (!is.null(cases)) {
    check_appraisal_cases(out, cases)
    attr(out, "suggestions") <- suggest_appraisal(cases, tool, min_followup, appraisal = out)
  }
  out
}

answer_symbols <- c(yes = "Y", no = "N", unclear = "?", "not applicable" = "n/a")

#' @export
format.appraisal <- function(x, symbols = TRUE, ...) {
  items <- appraisal_attr(x, "items")
  out <- data.frame(report = x$report, stringsAsFactors = FALSE)
  for (q in items$item) {
    a <- as.character(x[[q]])
    out[[q]] <- if (symbols) unname(answer_symbols[a]) else a
  }
  out$overall <- ifelse(is.na(x$overall), "-", as.character(x$overall))
  reviewer <- x$overall_source == "reviewer"
  out$overall[reviewer] <- paste0(out$overall[reviewer], "*")
  out$yes <- paste0(x$n_yes, "/", x$n_applicable)
  out
}

#' @export
print.appraisal <- function(x, ...) {
  tool <- appraisal_attr(x, "tool")
  items <- appraisal_attr(x, "items")
  n <- nrow(x)
  counts <- table(factor(x$overall, levels = quality_levels), useNA = "no")
  cat("<appraisal> ", n, " report", if (n != 1) "s", ", ", appraisal_tools[[tool]]$name,
      " (", nrow(items), " items); overall: ",
      paste(counts, names(counts), collapse = ", "), "\n", sep = "")
  if (n) print(format(x), row.names = FALSE, right = FALSE)
  cat("# Y yes, N no, ? unclear, n/a not applicable; ",
      "* overall given by the reviewer, otherwise by the rule (?appraise)\n", sep = "")
  crit <- items$item[items$critical]
  cat("# critical items: ", if (length(crit)) paste0(crit, " (", items$label[items$critical],
                                                    ")", collapse = ", ") else "none",
      "\n", sep = "")
  differ <- which(x$overall_source == "reviewer" & !is.na(x$overall_rule) &
                    as.character(x$overall) != as.character(x$overall_rule))
  if (length(differ)) {
    cat("# the reviewer's judgement differs from the rule's in ",
        fmt_list(paste0(x$report[differ], " (rule: ", x$overall_rule[differ], ")"), max = 6),
        "\n", sep = "")
  }
  sug <- attr(x, "suggestions")
  if (!is.null(sug)) {
    d <- sug[!is.na(sug$answer) & sug$answer != sug$suggestion, , drop = FALSE]
    if (nrow(d)) {
      cat("The case table suggests other answers (not applied):\n")
      for (i in utils::head(seq_len(nrow(d)), 10)) {
        cat("* ", d$report[i], " ", d$item[i], " (", d$label[i], "): answered ", d$answer[i],
            "; the case table suggests ", d$suggestion[i], ": ", d$reason[i], "\n", sep = "")
      }
      if (nrow(d) > 10) cat("* ... and ", nrow(d) - 10, " more: attr(x, \"suggestions\")\n", sep = "")
    }
  }
  invisible(x)
}

#' @export
as.data.frame.appraisal <- function(x, ...) {
  attr(x, "tool") <- NULL
  attr(x, "items") <- NULL
  attr(x, "cut") <- NULL
  attr(x, "suggestions") <- NULL
  class(x) <- "data.frame"
  x
}
