# The PRISMA 2020 flow diagram of a new systematic review: the counts,
# checked to add up, and the figure in base graphics (R/prisma-plot.R).

#' PRISMA 2020 flow of a new systematic review
#'
#' Collects the counts of the PRISMA 2020 flow diagram for new systematic
#' reviews (Page et al. 2021): records identified from databases and
#' registers and by other methods, removed before screening, screened and
#' excluded, reports sought, not retrieved, assessed for eligibility and
#' excluded with reasons, and the studies and reports included. Counts that
#' follow from others may be left out; counts that are given must add up,
#' and an error names every one that does not. [plot()][plot.prisma_flow]
#' draws the diagram; [prisma_text()] writes it as a sentence.
#'
#' @section How the counts add up:
#' Databases and registers: records screened = records identified
#' (`databases` + `registers`) - removed before screening (`duplicates` +
#' `automation` + `removed_other`); reports sought = screened -
#' `records_excluded`; assessed = sought - `not_retrieved`; included =
#' assessed - the reports `excluded`. Other methods (`other`, e.g.
#' websites, citation searching): reports sought (by default all the
#' records identified), assessed = sought - `other_not_retrieved`, included
#' = assessed - `other_excluded`. The reports of included studies are the
#' included of both. Of each step's three counts (before, after, removed),
#' any two give the third; all three given must agree.
#'
#' With `cases`, the reports of included studies are the distinct
#' `report` keys of the case table (and must equal `reports` when both are
#' given); with the case table's count of cases shown in the diagram. In a
#' review of case reports each report is usually its own study: `studies`
#' defaults to the number of reports; give it when some studies have
#' several reports.
#'
#' @param databases Records identified from databases: a number, or a
#'   named vector of numbers, one per database (`c(MEDLINE = 310, Embase =
#'   402)`), listed in the diagram.
#' @param registers Records identified from registers: a number or a named
#'   vector. Default 0.
#' @param duplicates,automation,removed_other Records removed before
#'   screening: duplicates, marked as ineligible by automation tools, and
#'   removed for other reasons. Default 0.
#' @param records_excluded Records excluded at screening of titles and
#'   abstracts. `NULL` (default) to derive it from `sought`.
#' @param screened,sought,assessed Records screened, reports sought for
#'   retrieval and reports assessed for eligibility: `NULL` (default) to
#'   derive them, or the numbers, which must then agree.
#' @param not_retrieved Reports sought but not retrieved. Default 0.
#' @param excluded Reports excluded after assessment, with reasons: a named
#'   vector (`c("Not the drug" = 12, "No individual data" = 5)`), or one
#'   number without reasons. `NULL` (default) to derive the total from the
#'   included reports (then shown without reasons).
#' @param other `NULL` (default), or records identified by other methods: a
#'   named vector (`c(Websites = 3, "Citation searching" = 14)`).
#' @param other_sought,other_assessed For other methods: reports sought and
#'   assessed; `NULL` (default) to derive them.
#' @param other_not_retrieved For other methods: reports not retrieved.
#'   Default 0.
#' @param other_excluded For other methods: reports excluded, with reasons,
#'   as `excluded`.
#' @param studies,reports Studies included, and reports of included
#'   studies: `NULL` (default) to derive them, or the numbers, which must
#'   agree.
#' @param cases `NULL` (default), or the case table of the included cases:
#'   its distinct `report` keys are the reports included, and its cases are
#'   counted in the diagram.
#' @returns An object of class `"prisma_flow"`: a list with `boxes` (a data
#'   frame, one row per box: `id`, `source` ("databases and registers" or
#'   "other methods"), `stage` ("identification", "screening",
#'   "included"), `box` (its label), `n`, and `detail`, the box's lines
#'   with their counts), `excluded` and `other_excluded` (the reasons),
#'   `databases`, `registers`, `other` (the sources), `cases` (the number
#'   of cases, or `NULL`).
#' @references
#' Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an
#' updated guideline for reporting systematic reviews. BMJ
#' 2021;372:n71. doi:10.1136/bmj.n71
#' @family appraisal
#' @export
#' @examples
#' # illustrative counts, not those of the 2014 review
#' flow <- prisma_flow(
#'   databases = c(MEDLINE = 212, Embase = 301), registers = 4,
#'   duplicates = 158, records_excluded = 294,
#'   not_retrieved = 3,
#'   excluded = c("No individual case data" = 21, "Not infliximab" = 12,
#'                "Not neurosarcoidosis" = 11),
#'   other = c("Citation searching" = 9),
#'   other_excluded = c("No individual case data" = 3),
#'   cases = nsarc_cases
#' )
#' flow
#' plot(flow)
#' prisma_text(flow)
#'
#' # counts that do not add up are named
#' try(prisma_flow(databases = 100, duplicates = 10, screened = 95,
#'                 records_excluded = 50, excluded = 5, reports = 30))
prisma_flow <- function(databases, registers = 0, duplicates = 0, automation = 0,
                        removed_other = 0, records_excluded = NULL, screened = NULL,
                        sought = NULL, not_retrieved = 0, assessed = NULL,
                        excluded = NULL, other = NULL, other_sought = NULL,
                        other_not_retrieved = 0, other_assessed = NULL,
                        other_excluded = NULL, studies = NULL, reports = NULL,
                        cases = NULL) {
  if (missing(databases)) {
    cp_abort("Give `databases`, the records identified from databases ",
             "(a number, or one per database: `c(MEDLINE = 310, Embase = 402)`).")
  }
  databases <- check_prisma_counts(databases, "databases")
  registers <- check_prisma_counts(registers, "registers")
  for (nm in c("duplicates", "automation", "removed_other", "not_retrieved",
               "other_not_retrieved")) {
    check_prisma_count(get(nm), nm)
  }
  for (nm in c("records_excluded", "screened", "sought", "assessed", "other_sought",
               "other_assessed", "studies", "reports")) {
    check_prisma_count(get(nm), nm, null = TRUE)
  }
  excluded <- check_prisma_counts(excluded, "excluded", null = TRUE)
  other <- check_prisma_counts(other, "other", null = TRUE)
  other_excluded <- check_prisma_counts(other_excluded, "other_excluded", null = TRUE)
  if (is.null(other)) {
    given <- c(other_sought = !is.null(other_sought), other_assessed = !is.null(other_assessed),
               other_excluded = !is.null(other_excluded),
               other_not_retrieved = other_not_retrieved > 0)
    if (any(given)) {
      cp_abort(fmt_list(bt(names(given)[given])), if (sum(given) > 1) " are" else " is",
               " given without `other`, the records identified by other methods.")
    }
  }
  n_cases <- NULL
  if (!is.null(cases)) {
    if (!is.data.frame(cases) || !"report" %in% names(cases)) {
      cp_abort("`cases` must be a case table with a `report` column, not ",
               describe(cases), ".")
    }
    no_report <- which(is_not_reported(cases$report))
    if (length(no_report)) {
      ids <- if ("case_id" %in% names(cases)) cases$case_id else NULL
      cp_abort("`cases` has no `report` in ", fmt_cases(no_report, ids), ": the included ",
               "reports are counted from `report`.")
    }
    from_cases <- length(unique(as.character(cases$report)))
    if (!is.null(reports) && reports != from_cases) {
      cp_abort("`reports` (", reports, ") differs from the ", from_cases, " distinct ",
               "reports of `cases`.")
    }
    reports <- from_cases
    n_cases <- nrow(cases)
  }

  problems <- character()
  add <- function(p) problems <<- c(problems, p)
  # one step: `before` - `removed` = `after`, any two giving the third
  step <- function(before, after, removed, labels) {
    if (is.na(before)) return(c(after %||% NA, removed %||% NA))
    if (!is.null(after) && !is.null(removed)) {
      if (before - removed != after) {
        add(paste0(labels[2], " (", after, ") should be ", labels[1], " (", before,
                   ") minus ", labels[3], " (", removed, ") = ", before - removed, "."))
      }
      return(c(after, removed))
    }
    if (!is.null(removed)) {
      if (removed > before) {
        add(paste0(labels[3], " (", removed, ") exceed ", labels[1], " (", before, ")."))
        return(c(NA, removed))
      }
      return(c(before - removed, removed))
    }
    if (!is.null(after)) {
      if (after > before) {
        add(paste0(labels[2], " (", after, ") exceed ", labels[1], " (", before, ")."))
        return(c(after, NA))
      }
      return(c(after, before - after))
    }
    c(NA, NA)
  }

  identified <- sum(databases) + sum(registers)
  removed <- duplicates + automation + removed_other
  s1 <- step(identified, screened, removed,
             c("records identified", "records screened", "records removed before screening"))
  s2 <- step(s1[1], sought, records_excluded,
             c("records screened", "reports sought", "records excluded"))
  if (is.na(s2[2]) && !is.na(s1[1]) && is.null(records_excluded) && is.null(sought)) {
    add("give `records_excluded` (records excluded at screening) or `sought`.")
  }
  s3 <- step(s2[1], assessed, not_retrieved,
             c("reports sought", "reports assessed", "reports not retrieved"))
  has_other <- !is.null(other)
  if (has_other) {
    o1 <- step(sum(other), other_sought, if (is.null(other_sought)) 0 else NULL,
               c("records identified by other methods", "reports sought by other methods",
                 "records not sought"))
    o2 <- step(o1[1], other_assessed, other_not_retrieved,
               c("reports sought by other methods", "reports assessed by other methods",
                 "reports not retrieved by other methods"))
  } else {
    o1 <- o2 <- c(0, 0)
  }
  # the included: excluded with reasons, or derived from the reports
  ex_db <- if (is.null(excluded)) NA else sum(excluded)
  ex_ot <- if (!has_other) 0 else if (is.null(other_excluded)) NA else sum(other_excluded)
  inc_db <- s3[1] - ex_db
  inc_ot <- o2[1] - ex_ot
  if (!is.na(ex_db) && !is.na(s3[1]) && ex_db > s3[1]) {
    add(paste0("reports excluded (", ex_db, ") exceed reports assessed (", s3[1], ")."))
  }
  if (has_other && !is.na(ex_ot) && !is.na(o2[1]) && ex_ot > o2[1]) {
    add(paste0("reports excluded by other methods (", ex_ot, ") exceed reports assessed ",
               "by other methods (", o2[1], ")."))
  }
  derived_excluded <- character()
  if (!is.null(reports)) {
    if (is.na(ex_db) && is.na(ex_ot)) {
      add(paste0("give `excluded` or `other_excluded`: with both left out, the included ",
                 "reports do not say how many of each were excluded."))
    } else if (is.na(ex_db)) {
      ex_db <- s3[1] - (reports - inc_ot)
      derived_excluded <- "excluded"
    } else if (is.na(ex_ot)) {
      ex_ot <- o2[1] - (reports - inc_db)
      derived_excluded <- "other_excluded"
    }
    inc_db <- s3[1] - ex_db
    inc_ot <- o2[1] - ex_ot
    if (length(derived_excluded) && !is.na(inc_db + inc_ot)) {
      neg <- c(ex_db, ex_ot)[c(derived_excluded == "excluded", derived_excluded == "other_excluded")]
      if (neg < 0) {
        add(paste0("reports of included studies (", reports, ") exceed the reports assessed (",
                   s3[1] + o2[1], ")."))
      }
    } else if (!is.na(inc_db + inc_ot) && inc_db + inc_ot != reports) {
      add(paste0("reports of included studies (", reports, if (!is.null(n_cases)) " in `cases`",
                 ") should be reports assessed (", s3[1], if (has_other) paste0(" + ", o2[1]),
                 ") minus reports excluded (", ex_db, if (has_other) paste0(" + ", ex_ot),
                 ") = ", inc_db + inc_ot, "."))
    }
  } else {
    if (is.na(ex_db)) {
      add("give `excluded` (reports excluded, with reasons), or the included reports (`reports` or `cases`).")
    }
    if (has_other && is.na(ex_ot)) {
      add("give `other_excluded` (reports found by other methods and excluded), or the included reports.")
    }
    reports <- inc_db + inc_ot
  }
  if (is.null(studies)) {
    studies <- reports
  } else if (!is.na(reports) && studies > reports) {
    add(paste0("studies included (", studies, ") exceed the reports of included studies (",
               reports, "): each study has at least one report."))
  }
  if (length(problems)) {
    cp_abort("The PRISMA counts do not add up:\n", paste0("* ", problems, collapse = "\n"),
             class = "casepool_error_prisma")
  }
  if ("excluded" %in% derived_excluded) excluded <- ex_db
  if ("other_excluded" %in% derived_excluded) other_excluded <- ex_ot

  box <- function(id, source, stage, label, n, detail = NULL) {
    data.frame(id = id, source = source, stage = stage, box = label, n = n,
               detail = I(list(detail)), stringsAsFactors = FALSE)
  }
  lines <- function(v, unnamed) {
    nm <- names(v) %||% rep("", length(v))
    nm[nm == ""] <- unnamed
    paste0(nm, " (n = ", v, ")")
  }
  db <- "databases and registers"
  om <- "other methods"
  rows <- list(
    box("identified", db, "identification", "Records identified", identified,
        c(lines(databases, "Databases"), if (sum(registers) > 0 || length(registers) > 1)
          lines(registers, "Registers"))),
    box("removed", db, "identification", "Records removed before screening", removed,
        c(paste0("Duplicate records removed (n = ", duplicates, ")"),
          if (automation > 0) paste0("Records marked as ineligible by automation tools (n = ",
                                     automation, ")"),
          if (removed_other > 0) paste0("Records removed for other reasons (n = ",
                                        removed_other, ")"))),
    box("screened", db, "screening", "Records screened", s1[1]),
    box("records_excluded", db, "screening", "Records excluded", s2[2]),
    box("sought", db, "screening", "Reports sought for retrieval", s2[1]),
    box("not_retrieved", db, "screening", "Reports not retrieved", s3[2]),
    box("assessed", db, "screening", "Reports assessed for eligibility", s3[1]),
    box("excluded", db, "screening", "Reports excluded", ex_db,
        if (!is.null(names(excluded))) lines(excluded, "Other reasons")),
    box("included", db, "included", "Studies included in review", studies,
        c(paste0("Reports of included studies (n = ", reports, ")"),
          if (!is.null(n_cases)) paste0("Cases (n = ", n_cases, ")")))
  )
  if (has_other) {
    rows <- c(rows, list(
      box("other_identified", om, "identification", "Records identified", sum(other),
          lines(other, "Other sources")),
      box("other_sought", om, "screening", "Reports sought for retrieval", o1[1]),
      box("other_not_retrieved", om, "screening", "Reports not retrieved", o2[2]),
      box("other_assessed", om, "screening", "Reports assessed for eligibility", o2[1]),
      box("other_excluded", om, "screening", "Reports excluded", ex_ot,
          if (!is.null(names(other_excluded))) lines(other_excluded, "Other reasons"))
    ))
  }
  boxes <- do.call(rbind, rows)
  rownames(boxes) <- NULL
  structure(list(boxes = boxes, excluded = excluded, other_excluded = other_excluded,
                 databases = databases, registers = registers, other = other,
                 cases = n_cases, studies = studies, reports = reports),
            class = "prisma_flow")
}

# A count: a single whole number >= 0 (NULL allowed with null = TRUE).
check_prisma_count <- function(x, arg, null = FALSE) {
  if (null && is.null(x)) return(invisible(x))
  ok <- is.numeric(x) && length(x) == 1 && !is.na(x) && is.finite(x) && x >= 0 && x == round(x)
  if (!ok) {
    cp_abort(bt(arg), " must be a count (a whole number >= 0), not ", describe(x), ".")
  }
  invisible(x)
}

# Counts: a whole number >= 0 or a vector of them, names kept.
check_prisma_counts <- function(x, arg, null = FALSE) {
  if (null && is.null(x)) return(NULL)
  ok <- is.numeric(x) && length(x) >= 1 && !anyNA(x) && all(is.finite(x)) &&
    all(x >= 0) && all(x == round(x))
  if (!ok) {
    cp_abort(bt(arg), " must be counts (whole numbers >= 0), one per source or reason, ",
             "not ", describe(x), ".")
  }
  nm <- names(x)
  if (is.null(nm) && length(x) > 1) {
    example <- switch(arg, databases = "c(MEDLINE = 310, Embase = 402)",
                      registers = "c(ClinicalTrials.gov = 3, ICTRP = 1)",
                      other = "c(Websites = 3, \"Citation searching\" = 14)",
                      "c(\"Not the drug\" = 12, \"No individual data\" = 5)")
    cp_abort(bt(arg), " has ", length(x), " counts without names: name each one (`",
             example, "`), or give their sum.")
  }
  if (!is.null(nm) && (anyNA(nm) || any(nm == "") && length(x) > 1)) {
    cp_abort(bt(arg), " must name every count (`c(MEDLINE = 310, Embase = 402)`), or none.")
  }
  if (!is.null(nm) && anyDuplicated(nm)) {
    cp_abort(bt(arg), " names ", fmt_list(dQuote(unique(nm[duplicated(nm)]), FALSE)),
             " more than once.")
  }
  x
}

#' @rdname prisma_flow
#' @param x A `"prisma_flow"` object.
#' @param row.names,optional,... Not used.
#' @export
as.data.frame.prisma_flow <- function(x, row.names = NULL, optional = FALSE, ...) {
  format(x)
}

#' @rdname prisma_flow
#' @export
tidy.prisma_flow <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  b <- x$boxes
  out <- data.frame(source = b$source, stage = b$stage, box = b$id, n = b$n,
                    reason = NA_character_, stringsAsFactors = FALSE)
  reasons <- function(v, id, source) {
    if (is.null(names(v))) return(NULL)
    data.frame(source = source, stage = "screening", box = id, n = unname(v),
               reason = names(v), stringsAsFactors = FALSE)
  }
  rbind(out, reasons(x$excluded, "excluded", "databases and registers"),
        reasons(x$other_excluded, "other_excluded", "other methods"))
}

#' @rdname prisma_flow
#' @exportS3Method knitr::knit_print
knit_print.prisma_flow <- function(x, ...) {
  knit_tables(list(format(x)), "PRISMA 2020 flow of the review: the counts of each box.",
              row.names = FALSE)
}
