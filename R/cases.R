# The case table: one row per published case, canonical column names,
# validated column by column.

# Canonical columns and the kind of values each holds; "derived" columns
# are computed from others.
case_columns <- c(
  case_id = "id",
  report = "text",
  onset = "text",
  onset_lower = "onset_bound",
  onset_upper = "onset_bound",
  onset_unit = "onset_unit",
  onset_from = "onset_from",
  onset_status = "onset_status",
  response = "response",
  regimen = "regimen",
  dose = "dose",
  dose_value = "derived",
  dose_unit = "derived",
  n_infusions = "count",
  followup = "months",
  stopped = "yes_no",
  relapse = "yes_no",
  followup_after_stop = "months"
)

# Older shorthands, kept when given and read into `dose` and `regimen`.
legacy_columns <- c(dose_mg_kg = "amount", interval_weeks = "amount")

response_values <- c("complete", "partial", "none")

#' Build a case table
#'
#' `as_cases()` turns a data frame with one row per published case into a
#' validated case table; `read_cases()` does the same from a CSV file.
#'
#' @section Columns:
#' * `case_id` (required, unique): the case's identifier, kept as written
#'   (numbers without exponents: 100000, not 1e+05);
#' * `report`: the citation key of the report the case comes from;
#' * `onset`: the time to response as the report states it ("overnight",
#'   "after the second infusion"), read by [parse_onset()] into
#'   `onset_lower`, `onset_upper`, `onset_unit`, `onset_from` and
#'   `onset_status`; or give `onset_lower`, `onset_upper` and `onset_unit`
#'   (and optionally `onset_from`) yourself;
#' * `response`: `"complete"`, `"partial"`, `"none"` or not reported, in
#'   any letter case; other codes through `response_levels`;
#' * `regimen`: the case's schedule as text, in the grammar of [regimen()]
#'   ("weeks 0, 2, 6 then every 8 weeks", "375 mg/m2 weekly x4");
#' * `dose`: the dose with its unit ("5 mg/kg", "375 mg/m2", "1 g"), read
#'   into `dose_value` and `dose_unit` (mg/kg, mg/m2 or mg; g becomes mg);
#'   when empty, the dose in the case's regimen text;
#' * `n_infusions`: infusions, doses or cycles received, a whole number
#'   `>= 0`: the end of the infusion scale;
#' * `followup`: time from the first infusion to the last follow-up, and
#'   `followup_after_stop`: from stopping to relapse or last follow-up;
#'   months when numeric, or text: "24 months", "2 years", "18+" (at least
#'   18 months: a follow-up still going on, read as 18);
#' * `stopped`: whether the drug was stopped; `relapse`: relapse after
#'   stopping. `TRUE`/`FALSE`, yes/no, y/n, 1/0 in any letter case.
#'
#' The older shorthands `dose_mg_kg` (a dose in mg/kg) and `interval_weeks`
#' are kept, and read as `dose` "N mg/kg" and `regimen` "every N weeks"
#' where those are empty (an error where they disagree). Canonical columns
#' that `data` lacks are added, all not reported. Every other column is
#' kept as a covariate after the canonical ones; factors keep their levels
#' in their order, empty levels too.
#'
#' In text columns, leading and trailing blanks are removed and empty text
#' and the markers "not reported", "NR", "unknown", "n/a" and "NA" (any
#' letter case) become `NA`: not reported, except in `response`, where
#' "NR" could mean no response or not reported: there it is an error until
#' `response_levels` says which. Text that is not valid UTF-8 gives a
#' warning naming the column and rows, and its bytes are kept as `<xx>`.
#' No row is ever dropped.
#'
#' @section Checks:
#' Every problem is reported in one error that names the column, the rows
#' (counted from 1 over the data rows) and their case ids: missing or
#' duplicated `case_id`, a response outside the levels, yes/no columns with
#' other values, text where a number is expected, a dose without its unit,
#' a regimen or follow-up that cannot be read, negative or non-whole
#' infusion counts, and `relapse` `TRUE` where `stopped` is `FALSE`.
#' Inconsistencies that leave the table usable give one warning naming the
#' cases: an onset that reads as a time for a non-responder (it is
#' censored, not an event), an onset saying there was no response for a
#' responder, a response after the end of follow-up or after the last
#' infusion, more infusions than the regimen gives, a relapse in a
#' non-responder, a dose in the regimen text that differs from `dose`, and
#' onset phrases that could not be read.
#'
#' @param data A data frame, one row per case.
#' @param map `NULL` (default) or a named character vector that renames your
#'   columns onto the canonical ones: `c(case_id = "Patient", onset = "Time to
#'   response")`. Names are canonical columns, values are columns of `data`.
#' @param response_levels `NULL` (default) or a named character vector that
#'   maps your response codes onto `"complete"`, `"partial"`, `"none"` or
#'   `NA` (not reported): `c(CR = "complete", PR = "partial", NR = "none")`.
#'   Codes match in any letter case; the canonical words always match
#'   themselves.
#' @returns A data frame of class `"cases"`: the canonical columns in the
#'   order above, then the older shorthands when given, then the covariates.
#' @family case table
#' @export
#' @examples
#' raw <- data.frame(
#'   id = c("A1", "A2", "B1"),
#'   source = c("Smith 2010", "Smith 2010", "Jones 2012"),
#'   outcome = c("CR", "PR", "NR"),
#'   schedule = c("375 mg/m2 weekly x4", "1 g on days 1 and 15", "weekly x4"),
#'   stopped = c("yes", "no", NA),
#'   age = c(34, 51, 47)
#' )
#' cases <- as_cases(raw, map = c(case_id = "id", report = "source",
#'                                response = "outcome", regimen = "schedule"),
#'                   response_levels = c(CR = "complete", PR = "partial",
#'                                       NR = "none"))
#' cases
#'
#' # every problem is reported at once, by column, row and case
#' raw$outcome[2] <- "improved"
#' try(as_cases(raw, map = c(case_id = "id", response = "outcome")))
as_cases <- function(data, map = NULL, response_levels = NULL) {
  if (!is.data.frame(data)) {
    cp_abort("`data` must be a data frame, not ", describe(data), ".")
  }
  data <- as.data.frame(data, stringsAsFactors = FALSE, optional = TRUE)
  levels_map <- check_response_levels(response_levels)
  data <- apply_map(data, map)
  if (!"case_id" %in% names(data)) {
    cp_abort("`data` has no `case_id` column. Name the column that identifies ",
             "the cases with `map`, e.g. `map = c(case_id = \"Patient\")`.")
  }
  unnamed <- which(is.na(names(data)) | names(data) == "")
  if (length(unnamed)) {
    cp_abort("`data` has ", if (length(unnamed) > 1) "columns" else "a column",
             " without a name: column", if (length(unnamed) > 1) "s", " ",
             fmt_list(unnamed), ". Name ", if (length(unnamed) > 1) "them" else "it",
             ", or drop ", if (length(unnamed) > 1) "them" else "it", ".")
  }
  dup_names <- unique(names(data)[duplicated(names(data))])
  if (length(dup_names)) {
    cp_abort("`data` has more than one column named ",
             fmt_list(bt(dup_names)), ".")
  }
  # derived columns are computed again from their sources
  data$dose_value <- NULL
  data$dose_unit <- NULL
  if (!"onset_lower" %in% names(data)) data$onset_status <- NULL

  n <- nrow(data)
  ids <- NULL
  aux <- list()
  problems <- character()
  order <- c("case_id", setdiff(names(data), "case_id"))
  for (col in order) {
    kind <- c(case_columns, legacy_columns)[col]
    if (is.na(kind)) kind <- "covariate"
    checked <- check_case_column(data[[col]], col, kind, ids, levels_map)
    data[[col]] <- checked$value
    if (col == "case_id") ids <- checked$value
    problems <- c(problems, checked$problems)
    aux[[col]] <- checked$aux
    for (extra in names(checked$extra)) data[[extra]] <- checked$extra[[extra]]
  }
  problems <- c(problems, fold_legacy(data, ids, aux$regimen),
                check_relapse_stopped(data, ids), check_onset_bounds(data, ids))
  if (length(problems)) {
    cp_abort("The case table has ", length(problems), " problem",
             if (length(problems) > 1) "s", ":\n",
             paste0("* ", problems, collapse = "\n"),
             class = "casepool_error_cases")
  }
  data <- fill_legacy(data, aux$regimen)

  onset_warning <- NULL
  if (!"onset_lower" %in% names(data)) {
    phrases <- if ("onset" %in% names(data)) data$onset else rep(NA_character_, n)
    distinct <- unique(phrases)
    pos <- match(phrases, distinct)
    parsed <- structure(lapply(onset_scan(distinct), function(v) v[pos]),
                        class = "data.frame", row.names = .set_row_names(n))
    data$onset_lower <- parsed$lower
    data$onset_upper <- parsed$upper
    data$onset_unit <- parsed$unit
    data$onset_from <- parsed$from_infusion
    data$onset_status <- parsed$status
    onset_warning <- parsed
  } else {
    read <- !is.na(data$onset_lower)
    if (!"onset_from" %in% names(data)) data$onset_from <- ifelse(read, 1, NA_real_)
    data$onset_from[!read] <- NA
    data$onset_status <- ifelse(read, "read", "not_reported")
  }
  for (col in setdiff(names(case_columns), names(data))) {
    data[[col]] <- empty_case_column(case_columns[[col]], n)
  }
  canonical <- names(case_columns)
  legacy <- intersect(names(legacy_columns), names(data))
  data <- data[c(canonical, legacy, setdiff(names(data), c(canonical, legacy)))]
  rownames(data) <- NULL
  class(data) <- c("cases", "data.frame")
  warn_cases(data, onset_warning, aux$regimen)
  data
}

apply_map <- function(data, map) {
  if (is.null(map)) return(data)
  if (!is.character(map) || is.null(names(map)) || anyNA(map) ||
      any(names(map) == "")) {
    cp_abort("`map` must be a named character vector such as ",
             "`c(case_id = \"Patient\")`, not ", describe(map), ".")
  }
  inputs <- c(names(case_columns)[case_columns != "derived"], names(legacy_columns))
  unknown <- setdiff(names(map), inputs)
  if (length(unknown)) {
    cp_abort("`map` names must be canonical columns (",
             fmt_list(inputs, max = 30), "); ",
             fmt_list(bt(unknown)), if (length(unknown) > 1) " are" else " is",
             " not.")
  }
  if (anyDuplicated(names(map))) {
    cp_abort("`map` names ", fmt_list(bt(unique(names(map)[duplicated(names(map))]))),
             " more than once.")
  }
  rename_mapped(data, map)
}

# Renames the columns `map` names (values: the user's names; names: the
# canonical ones), after checking that they exist and clash with none.
rename_mapped <- function(data, map) {
  absent <- setdiff(map, names(data))
  if (length(absent)) {
    cp_abort("`map` refers to column", if (length(absent) > 1) "s", " ",
             fmt_list(bt(absent)), " that `data` does not have; its columns are ",
             fmt_list(bt(names(data)), max = 8), ".")
  }
  clash <- setdiff(intersect(names(map), names(data)), map)
  if (length(clash)) {
    cp_abort("`data` already has column", if (length(clash) > 1) "s", " ",
             fmt_list(bt(clash)), "; `map` would give a second one of ",
             "that name.")
  }
  names(data)[match(map, names(data))] <- names(map)
  data
}

empty_case_column <- function(kind, n) {
  switch(kind,
    response = factor(rep(NA_character_, n), levels = response_values),
    count = , amount = , months = , onset_bound = , onset_from = rep(NA_real_, n),
    yes_no = rep(NA, n),
    rep(NA_character_, n)
  )
}

#' @export
print.cases <- function(x, ..., n = 10) {
  nr <- nrow(x)
  reports <- length(unique(stats::na.omit(x$report)))
  covariates <- setdiff(names(x), c(names(case_columns), names(legacy_columns)))
  cat("<cases> ", nr, " case", if (nr != 1) "s", sep = "")
  if (reports) cat(" from ", reports, " report", if (reports != 1) "s", sep = "")
  if (length(covariates)) {
    cat("; covariates: ", paste(covariates, collapse = ", "), sep = "")
  }
  cat("\n")
  df <- as.data.frame(x)[setdiff(names(x), derived_columns)]
  if (nr > n) {
    print(utils::head(df, n), ...)
    cat("# ... and ", nr - n, " more case", if (nr - n != 1) "s", "\n", sep = "")
  } else if (nr > 0) {
    print(df, ...)
  }
  cat("# onset and dose as read: the columns onset_lower, onset_upper,",
      "onset_unit, onset_from, onset_status, dose_value, dose_unit\n")
  invisible(x)
}

#' @export
as.data.frame.cases <- function(x, ...) {
  class(x) <- "data.frame"
  x
}

#' @export
summary.cases <- function(object, ...) {
  completeness(object)
}
