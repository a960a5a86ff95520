# The case table: one row per published case, canonical column names,
# validated column by column.

# Canonical columns and the kind of values each holds.
case_columns <- c(
  case_id = "id",
  report = "text",
  onset = "text",
  onset_lower = "onset_bound",
  onset_upper = "onset_bound",
  onset_unit = "onset_unit",
  response = "response",
  n_infusions = "count",
  dose_mg_kg = "amount",
  interval_weeks = "amount",
  stopped = "yes_no",
  relapse = "yes_no",
  followup_after_stop = "duration"
)

response_levels <- c("complete", "partial", "none")

#' Build a case table
#'
#' `as_cases()` turns a data frame with one row per published case into a
#' validated case table; `read_cases()` does the same from a CSV file.
#'
#' The canonical columns are
#' * `case_id` (required, unique): the case's identifier;
#' * `report`: the citation key of the report the case comes from;
#' * `onset`: the time to response as the report states it, as text
#'   ("overnight", "after the second infusion");
#' * `onset_lower`, `onset_upper`, `onset_unit`: the onset as an interval in
#'   `"days"` or `"infusions"`. When `data` has none of them they are read
#'   from `onset` by [parse_onset()] (phrases it cannot read give `NA` and a
#'   warning naming the rows); when given they are checked (numbers >= 0,
#'   lower <= upper, a unit wherever there is a bound);
#' * `response`: `"complete"`, `"partial"`, `"none"` or `NA` (any letter
#'   case);
#' * `n_infusions`: infusions received, a whole number `>= 0`;
#' * `dose_mg_kg`, `interval_weeks`: dose and dosing interval, numbers `>= 0`;
#' * `stopped`: whether the drug was stopped; `relapse`: relapse after
#'   stopping. Both accept `TRUE`/`FALSE`, yes/no, y/n, 1/0 in any letter case;
#' * `followup_after_stop`: time from stopping to relapse or last follow-up,
#'   in months when numeric; text that is not a number is kept as text.
#'
#' Canonical columns that `data` lacks are added, all `NA` (not reported).
#' Every other column is kept as a covariate (age, sex, site, prior therapy)
#' after the canonical ones.
#'
#' Text that is not valid UTF-8 (a file read without its `fileEncoding`)
#' gives a warning naming the column and rows, and its bytes are kept as
#' `<xx>`.
#'
#' In text columns, leading and trailing blanks are removed and empty text and
#' the markers "not reported", "NR", "unknown", "n/a" and "NA" (any letter
#' case) become `NA`: not reported. No row is ever dropped.
#'
#' Every problem found is reported in one error that names the column and
#' the rows (counted from 1 over the data rows; a CSV's header line is not a
#' row): missing or duplicated `case_id`, a response outside the levels,
#' yes/no columns with other values, text where a number is expected,
#' negative or non-whole infusion counts, negative doses, intervals or
#' follow-up, and `relapse` `TRUE` where `stopped` is `FALSE`.
#'
#' @param data A data frame, one row per case.
#' @param map `NULL` (default) or a named character vector that renames your
#'   columns onto the canonical ones: `c(case_id = "Patient", onset = "Time to
#'   response")`. Names are canonical columns, values are columns of `data`.
#' @returns A data frame of class `"cases"`: the canonical columns in the
#'   order above, then the covariates.
#' @family case table
#' @export
#' @examples
#' raw <- data.frame(
#'   id = c("A1", "A2", "B1"),
#'   source = c("Smith 2010", "Smith 2010", "Jones 2012"),
#'   outcome = c("Complete", "partial", ""),
#'   stopped = c("yes", "no", NA),
#'   age = c(34, 51, 47)
#' )
#' cases <- as_cases(raw, map = c(case_id = "id", report = "source",
#'                                response = "outcome"))
#' cases
#'
#' # every problem is reported at once, by column and row
#' raw$outcome[2] <- "improved"
#' try(as_cases(raw, map = c(case_id = "id", response = "outcome")))
as_cases <- function(data, map = NULL) {
  if (!is.data.frame(data)) {
    cp_abort("`data` must be a data frame, not ", describe(data), ".")
  }
  data <- as.data.frame(data, stringsAsFactors = FALSE, optional = TRUE)
  data <- apply_map(data, map)
  if (!"case_id" %in% names(data)) {
    cp_abort("`data` has no `case_id` column. Name the column that identifies ",
             "the cases with `map`, e.g. `map = c(case_id = \"Patient\")`.")
  }
  dup_names <- unique(names(data)[duplicated(names(data))])
  if (length(dup_names)) {
    cp_abort("`data` has more than one column named ",
             fmt_list(bt(dup_names)), ".")
  }

  problems <- character()
  n <- nrow(data)
  for (col in names(data)) {
    kind <- if (col %in% names(case_columns)) case_columns[[col]] else "covariate"
    checked <- check_case_column(data[[col]], col, kind)
    data[[col]] <- checked$value
    problems <- c(problems, checked$problems)
  }
  problems <- c(problems, check_relapse_stopped(data), check_onset_bounds(data))
  if (length(problems)) {
    cp_abort("The case table has ", length(problems), " problem",
             if (length(problems) > 1) "s", ":\n",
             paste0("* ", problems, collapse = "\n"),
             class = "casepool_error_cases")
  }

  onset_cols <- c("onset_lower", "onset_upper", "onset_unit")
  if (!any(onset_cols %in% names(data)) && "onset" %in% names(data)) {
    parsed <- read_onset(data$onset, "`onset`")
    data$onset_lower <- parsed$lower
    data$onset_upper <- parsed$upper
    data$onset_unit <- parsed$unit
  }
  for (col in setdiff(names(case_columns), names(data))) {
    data[[col]] <- empty_case_column(case_columns[[col]], n)
  }
  canonical <- names(case_columns)
  data <- data[c(canonical, setdiff(names(data), canonical))]
  rownames(data) <- NULL
  class(data) <- c("cases", "data.frame")
  data
}

#' @rdname as_cases
#' @param path Path to a CSV file with a header line.
#' @param ... Further arguments to [utils::read.csv()], e.g. `sep = ";"` or
#'   `fileEncoding = "latin1"`.
#' @export
read_cases <- function(path, map = NULL, ...) {
  check_string(path, "path")
  if (!file.exists(path)) {
    cp_abort("`path` does not exist: ", dQuote(path, FALSE), ".")
  }
  data <- utils::read.csv(path, stringsAsFactors = FALSE, check.names = FALSE,
                          na.strings = c("", "NA"), ...)
  as_cases(data, map = map)
}

apply_map <- function(data, map) {
  if (is.null(map)) return(data)
  if (!is.character(map) || is.null(names(map)) || anyNA(map) ||
      any(names(map) == "")) {
    cp_abort("`map` must be a named character vector such as ",
             "`c(case_id = \"Patient\")`, not ", describe(map), ".")
  }
  unknown <- setdiff(names(map), names(case_columns))
  if (length(unknown)) {
    cp_abort("`map` names must be canonical columns (",
             fmt_list(names(case_columns), max = 20), "); ",
             fmt_list(bt(unknown)), if (length(unknown) > 1) " are" else " is",
             " not.")
  }
  if (anyDuplicated(names(map))) {
    cp_abort("`map` names ", fmt_list(bt(unique(names(map)[duplicated(names(map))]))),
             " more than once.")
  }
  absent <- setdiff(map, names(data))
  if (length(absent)) {
    cp_abort("`map` refers to column", if (length(absent) > 1) "s", " ",
             fmt_list(bt(absent)), " that `data` does not have.")
  }
  clash <- setdiff(intersect(names(map), names(data)), map)
  if (length(clash)) {
    cp_abort("`data` already has column", if (length(clash) > 1) "s", " ",
             fmt_list(bt(clash)), "; `map` would give a second one of ",
             "that name.")
  }
  idx <- match(map, names(data))
  names(data)[idx] <- names(map)
  data
}

empty_case_column <- function(kind, n) {
  switch(kind,
    response = factor(rep(NA_character_, n), levels = response_levels),
    count = , amount = , duration = rep(NA_real_, n),
    yes_no = rep(NA, n),
    rep(NA_character_, n)
  )
}

# Validate and coerce one column.  Returns list(value, problems).
check_case_column <- function(x, col, kind) {
  problems <- character()
  if (is.factor(x)) x <- as.character(x)
  if (is.character(x)) {
    garbled <- which(!is.na(x) & Encoding(x) == "unknown" & !validUTF8(x))
    if (length(garbled)) {
      cp_warn(bt(col), " has text that is not valid UTF-8 in ", fmt_rows(garbled),
              "; the bytes are kept as <xx>. Was the file read with its ",
              "encoding, e.g. `read_cases(path, fileEncoding = \"latin1\")`?",
              class = "casepool_warning_encoding")
      x[garbled] <- iconv(x[garbled], "UTF-8", "UTF-8", sub = "byte")
    }
    x <- trimws(enc2utf8(x))
    x[is_not_reported(x)] <- NA_character_
  }
  switch(kind,
    id = {
      x <- as.character(x)
      miss <- which(is.na(x))
      if (length(miss)) {
        problems <- c(problems, paste0(
          bt(col), " is missing in ", fmt_rows(miss),
          ": every case needs an id."))
      }
      dup <- which(!is.na(x) & (duplicated(x) | duplicated(x, fromLast = TRUE)))
      if (length(dup)) {
        ids <- unique(x[dup])
        where <- vapply(ids, function(id) {
          paste0(dQuote(id, FALSE), " (", fmt_rows(which(x == id)), ")")
        }, "")
        problems <- c(problems, paste0(
          bt(col), " has duplicated ids: ", fmt_list(where, max = 3), "."))
      }
    },
    text = {
      x <- as.character(x)
    },
    response = {
      v <- tolower(as.character(x))
      bad <- which(!is.na(v) & !v %in% response_levels)
      if (length(bad)) {
        problems <- c(problems, paste0(
          bt(col), " must be ", paste(response_levels, collapse = ", "),
          " or empty, but ",
          fmt_rows(bad), " hold", if (length(bad) == 1) "s", " ",
          fmt_values(x[bad]), "."))
        v[bad] <- NA
      }
      x <- factor(v, levels = response_levels)
    },
    onset_unit = {
      v <- tolower(as.character(x))
      bad <- which(!is.na(v) & !v %in% onset_units)
      if (length(bad)) {
        problems <- c(problems, paste0(
          bt(col), " must be days, infusions or empty, but ", fmt_rows(bad),
          " hold", if (length(bad) == 1) "s", " ", fmt_values(x[bad]), "."))
        v[bad] <- NA
      }
      x <- v
    },
    onset_bound = ,
    count = , amount = , duration = {
      parsed <- parse_number(x, allow_inf = kind == "onset_bound")
      if (kind == "duration" && length(parsed$bad)) {
        # durations stated in words stay text, for later parsing
        return(list(value = as.character(x), problems = problems))
      }
      if (length(parsed$bad)) {
        problems <- c(problems, paste0(
          bt(col), " must be a number, but ", fmt_rows(parsed$bad), " hold",
          if (length(parsed$bad) == 1) "s", " ", fmt_values(x[parsed$bad]),
          "."))
      }
      x <- parsed$value
      neg <- which(!is.na(x) & x < 0)
      if (length(neg)) {
        problems <- c(problems, paste0(
          bt(col), " must not be negative, but ", fmt_rows(neg), " hold",
          if (length(neg) == 1) "s", " ", fmt_values(x[neg]), "."))
      }
      if (kind == "count") {
        frac <- which(!is.na(x) & x >= 0 & x != round(x))
        if (length(frac)) {
          problems <- c(problems, paste0(
            bt(col), " must be a whole number, but ", fmt_rows(frac), " hold",
            if (length(frac) == 1) "s", " ", fmt_values(x[frac]), "."))
        }
      }
    },
    yes_no = {
      parsed <- parse_yes_no(x)
      bad <- parsed$bad
      if (length(bad)) {
        problems <- c(problems, paste0(
          bt(col), " must be TRUE/FALSE, yes/no, y/n, 1/0 or empty, but ",
          fmt_rows(bad), " hold", if (length(bad) == 1) "s", " ",
          fmt_values(x[bad]), "."))
      }
      x <- parsed$value
    }
  )
  list(value = x, problems = problems)
}

check_relapse_stopped <- function(data) {
  if (!all(c("stopped", "relapse") %in% names(data)) ||
      !is.logical(data$stopped) || !is.logical(data$relapse)) {
    return(character())
  }
  bad <- which(data$relapse %in% TRUE & data$stopped %in% FALSE)
  if (!length(bad)) return(character())
  paste0("`relapse` is TRUE where `stopped` is FALSE in ", fmt_rows(bad),
         ": a relapse after stopping needs the drug stopped.")
}

check_onset_bounds <- function(data) {
  cols <- c("onset_lower", "onset_upper", "onset_unit")
  if (!any(cols %in% names(data))) return(character())
  missing <- setdiff(cols, names(data))
  if (length(missing)) {
    return(paste0("`onset_lower`, `onset_upper` and `onset_unit` go together; ",
                  fmt_list(bt(missing)), if (length(missing) > 1) " are" else " is",
                  " missing."))
  }
  lo <- data$onset_lower
  hi <- data$onset_upper
  if (!is.numeric(lo) || !is.numeric(hi)) return(character())
  out <- character()
  rev <- which(!is.na(lo) & !is.na(hi) & lo > hi)
  if (length(rev)) {
    out <- c(out, paste0("`onset_lower` is above `onset_upper` in ", fmt_rows(rev), "."))
  }
  half <- which(xor(is.na(lo), is.na(hi)))
  if (length(half)) {
    out <- c(out, paste0("`onset_lower` and `onset_upper` must both be given ",
                         "or both be empty, but ", fmt_rows(half),
                         if (length(half) == 1) " gives" else " give", " one."))
  }
  nounit <- which(!is.na(lo) & is.na(data$onset_unit))
  if (length(nounit)) {
    out <- c(out, paste0("`onset_unit` is empty where the onset has bounds, in ",
                         fmt_rows(nounit), "."))
  }
  out
}

# Numbers from numeric, logical (all NA) or text columns.  With allow_inf,
# +Inf is a value (an open upper bound); otherwise it is a problem.
parse_number <- function(x, allow_inf = FALSE) {
  if (is.logical(x)) {
    return(list(value = rep(NA_real_, length(x)), bad = which(!is.na(x))))
  }
  value <- if (is.numeric(x)) as.double(x) else suppressWarnings(as.double(as.character(x)))
  ok_inf <- allow_inf & value %in% Inf
  bad <- which((!is.na(x) & is.na(value)) | is.nan(value) | (is.infinite(value) & !ok_inf))
  value[bad] <- NA
  list(value = value, bad = bad)
}

# "\"improved\" and \"good\"", at most three distinct values; text quoted
fmt_values <- function(x) {
  x <- unique(x)
  if (is.numeric(x)) return(fmt_list(format(x, trim = TRUE), max = 3))
  fmt_list(dQuote(as.character(x), FALSE), max = 3)
}

#' @export
print.cases <- function(x, ..., n = 10) {
  nr <- nrow(x)
  reports <- length(unique(stats::na.omit(x$report)))
  covariates <- setdiff(names(x), names(case_columns))
  cat("<cases> ", nr, " case", if (nr != 1) "s", sep = "")
  if (reports) cat(" from ", reports, " report", if (reports != 1) "s", sep = "")
  if (length(covariates)) {
    cat("; covariates: ", paste(covariates, collapse = ", "), sep = "")
  }
  cat("\n")
  df <- as.data.frame(x)
  if (nr > n) {
    print(utils::head(df, n), ...)
    cat("# ... and ", nr - n, " more case", if (nr - n != 1) "s", "\n", sep = "")
  } else if (nr > 0) {
    print(df, ...)
  }
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
