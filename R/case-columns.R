# The checks of as_cases(), one kind of column at a time, and the checks
# across columns.

# Validate and coerce one column.  Returns list(value, problems, extra,
# aux): extra holds derived columns to add, aux what later checks need.
check_case_column <- function(x, col, kind, ids, levels_map = NULL) {
  where <- function(rows) fmt_cases(rows, ids)
  out <- list(value = x, problems = character(), extra = NULL, aux = NULL)
  if (!is.atomic(x) || !is.null(dim(x))) {
    out$value <- rep(NA, NROW(x))
    out$problems <- paste0(bt(col), " must be a column of single values, not ",
                           describe(x), ".")
    return(out)
  }
  if (kind == "covariate") {
    out$value <- clean_covariate(x, col, ids)
    return(out)
  }
  if (is.factor(x)) x <- as.character(x)
  if (is.character(x)) x <- clean_text(x, col, ids, markers = kind != "response")
  add <- function(rows, what) {
    if (length(rows)) {
      out$problems <<- c(out$problems, paste0(bt(col), " ", what(rows)))
    }
  }
  holds <- function(rows) paste0(where(rows), if (length(rows) == 1) " holds " else " hold ",
                                 fmt_values(x[rows]))
  unread <- function(rows, why) paste0("could not be read in ", where(rows), ": ",
                                       fmt_values(x[rows]), "; ", why)
  switch(kind,
    id = {
      x <- format_case_ids(x)
      add(which(is.na(x)), function(r) paste0("is missing in ", fmt_rows(r),
                                               ": every case needs an id."))
      add(duplicated_rows(x), function(r) paste0("has duplicated ids: ",
                                                  attr(r, "message"), "."))
    },
    text = , onset_status = {
      x <- as.character(x)
    },
    response = {
      res <- read_response(x, levels_map)
      add(res$nr, function(r) paste0(
        "holds \"NR\" in ", where(r), ": it could mean no response or not ",
        "reported. Say which with `response_levels = c(NR = \"none\")` or ",
        "`c(NR = NA)`."))
      add(res$bad, function(r) paste0(
        "must be complete, partial, none or not reported, but ", holds(r),
        ". Map your codes with `response_levels`, e.g. ",
        "`response_levels = c(CR = \"complete\", PR = \"partial\", NR = \"none\")`."))
      x <- res$value
    },
    regimen = {
      x <- as.character(x)
      tab <- read_distinct(x, function(u) {
        r <- read_regimens(u)
        r[c("status", "every", "max_inf", "dose", "dose_unit")]
      })
      for (s in sort(unique(tab$status[tab$status >= 2L]))) {
        add(which(tab$status == s), function(r) paste0(unread(r, regimen_problem(s)), "."))
      }
      ok <- tab$status == 0L
      out$aux <- list(every = ifelse(ok, tab$every, NA), max_inf = ifelse(ok, tab$max_inf, NA),
                      dose = tab$dose, dose_unit = tab$dose_unit, read = ok)
    },
    dose = {
      if (!is.character(x)) {
        add(which(!is.na(x)), function(r) paste0(
          "needs its unit (\"5 mg/kg\", \"375 mg/m2\", \"1 g\"), but ", holds(r),
          ". A column of doses in mg/kg can be mapped to `dose_mg_kg`."))
        x <- rep(NA_character_, length(x))
      }
      res <- read_distinct(x, function(u) .Call(cp_read_quantity, u, 1L))
      for (s in sort(unique(res$status[res$status >= 2L]))) {
        add(which(res$status == s), function(r) paste0(unread(r, regimen_problem(s)), "."))
      }
      out$extra <- list(dose_value = res$value,
                        dose_unit = ifelse(res$unit > 0L, dose_units[pmax(res$unit, 1L)], NA))
    },
    months = {
      if (is.character(x)) {
        res <- read_distinct(x, function(u) .Call(cp_read_quantity, u, 2L))
        add(which(res$status >= 2L), function(r) paste0(unread(r, paste0(
          "write months (\"24\"), a duration (\"2 years\") or a follow-up ",
          "still going on (\"18+\")")), "."))
        x <- res$value
      } else {
        parsed <- parse_number(x)
        add(parsed$bad, function(r) paste0("must be months, but ", holds(r), "."))
        x <- parsed$value
      }
      add(which(!is.na(x) & x < 0), function(r) paste0("must not be negative, but ",
                                                        holds(r), "."))
    },
    onset_unit = {
      v <- tolower(as.character(x))
      add(which(!is.na(v) & !v %in% onset_units), function(r) paste0(
        "must be days, infusions, courses or empty, but ", holds(r), "."))
      x <- ifelse(v %in% onset_units, v, NA_character_)
    },
    onset_bound = , onset_from = , count = , amount = {
      parsed <- parse_number(x, allow_inf = kind %in% c("onset_bound", "onset_from"))
      add(parsed$bad, function(r) paste0("must be a number, but ", holds(r), "."))
      x <- parsed$value
      low <- if (kind == "onset_from") 1 else 0
      add(which(!is.na(x) & x < low), function(r) paste0(
        "must not be ", if (low) "below 1" else "negative", ", but ", holds(r), "."))
      if (kind %in% c("count", "onset_from")) {
        add(which(!is.na(x) & x >= low & is.finite(x) & x != round(x)),
            function(r) paste0("must be a whole number, but ", holds(r), "."))
      }
    },
    yes_no = {
      parsed <- parse_yes_no(x)
      add(parsed$bad, function(r) paste0(
        "must be TRUE/FALSE, yes/no, y/n, 1/0 or empty, but ", holds(r), "."))
      x <- parsed$value
    }
  )
  out$value <- x
  out
}

# A reader applied to the distinct values of x only: `f` returns a list of
# vectors, one element per value, expanded here to one per element of x.
read_distinct <- function(x, f) {
  u <- unique(x)
  lapply(f(u), function(v) v[match(x, u)])
}

# Text: invalid UTF-8 kept as <xx> with a warning, blanks trimmed, and (with
# markers) the not-reported markers made NA.
clean_text <- function(x, col, ids, markers = TRUE) {
  marks <- if (markers) not_reported_markers else character()
  res <- .Call(cp_clean_text, x, marks)
  garbled <- res$garbled
  x <- res$value
  if (length(garbled)) {
    cp_warn(bt(col), " has text that is not valid UTF-8 in ",
            fmt_cases(garbled, ids), "; the bytes are kept as <xx>. Was the ",
            "file read with its encoding, e.g. `read_cases(path, ",
            "fileEncoding = \"latin1\")`?", class = "casepool_warning_encoding")
    escaped <- iconv(x[garbled], "UTF-8", "UTF-8", sub = "byte")
    x[garbled] <- .Call(cp_clean_text, enc2utf8(escaped), marks)$value
  }
  x
}

# A covariate: text cleaned as any text column; a factor keeps its levels
# in their order (empty ones too), with the markers' levels made NA.
clean_covariate <- function(x, col, ids) {
  if (is.character(x)) return(clean_text(x, col, ids))
  if (!is.factor(x)) return(x)
  lv <- clean_text(levels(x), col, NULL)
  value <- lv[as.integer(x)]
  factor(value, levels = unique(lv[!is.na(lv)]))
}

# Ids as text, numbers without exponents (100000, not 1e+05).
format_case_ids <- function(x) {
  if (is.numeric(x)) {
    whole <- !is.na(x) & is.finite(x) & x == round(x) & abs(x) < 2^53
    out <- as.character(x)
    out[whole] <- sprintf("%.0f", x[whole])
    return(out)
  }
  as.character(x)
}

# "\"A1\" (rows 1 and 2) and \"B3\" (rows 5 and 9)": the first duplicated
# ids with their rows, in time linear in the number of cases.
duplicated_rows <- function(x) {
  dup <- !is.na(x) & (duplicated(x) | duplicated(x, fromLast = TRUE))
  if (!any(dup)) return(integer())
  pos <- which(dup)
  first <- unique(x[pos])
  shown <- first[seq_len(min(3, length(first)))]
  rows <- split(pos, factor(x[pos], levels = first))[shown]
  where <- paste0(dQuote(shown, FALSE), " (", vapply(rows, fmt_rows, ""), ")")
  msg <- fmt_list(where, max = 3)
  if (length(first) > 3) msg <- paste0(msg, " and ", length(first) - 3, " more ids")
  structure(pos, message = msg)
}

# Response codes: the canonical words, the user's codes, and the
# not-reported markers ("NR" only when mapped).
read_response <- function(x, levels_map) {
  u <- unique(as.character(x))
  key <- tolower(u)
  value <- ifelse(key %in% response_values, key, NA_character_)
  mapped <- rep(FALSE, length(u))
  if (length(levels_map)) {
    m <- match(key, tolower(names(levels_map)))
    mapped <- !is.na(m)
    value[mapped] <- unname(levels_map)[m[mapped]]
  }
  marker <- is.na(key) | key %in% c("", setdiff(not_reported_markers, "nr"))
  value[marker & !mapped] <- NA
  pos <- match(x, u)
  nr <- which(pos %in% which(key %in% "nr" & !mapped))
  bad <- which(pos %in% which(!mapped & !marker & !key %in% c(response_values, "nr")))
  list(value = factor(value[pos], levels = response_values), nr = nr, bad = bad)
}

check_response_levels <- function(response_levels) {
  if (is.null(response_levels)) return(NULL)
  ok <- is.character(response_levels) || (is.logical(response_levels) &&
                                            all(is.na(response_levels)))
  nms <- names(response_levels)
  if (!ok || is.null(nms) || anyNA(nms) || any(trimws(nms) == "") ||
      anyDuplicated(tolower(trimws(nms)))) {
    cp_abort("`response_levels` must be a named character vector with one ",
             "name per code, such as `c(CR = \"complete\", PR = \"partial\", ",
             "NR = \"none\")`, not ", describe(response_levels), ".")
  }
  bad <- which(!is.na(response_levels) & !response_levels %in% response_values)
  if (length(bad)) {
    cp_abort("`response_levels` must map codes onto \"complete\", \"partial\", ",
             "\"none\" or NA (not reported), not ", fmt_values(response_levels[bad]), ".")
  }
  stats::setNames(as.character(response_levels), trimws(nms))
}

check_relapse_stopped <- function(data, ids) {
  bad <- which(data$relapse %in% TRUE & data$stopped %in% FALSE)
  if (!length(bad)) return(character())
  paste0("`relapse` is TRUE where `stopped` is FALSE in ", fmt_cases(bad, ids),
         ": a relapse after stopping needs the drug stopped.")
}

check_onset_bounds <- function(data, ids) {
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
  add <- function(rows, msg) {
    if (length(rows)) out <<- c(out, paste0(msg(fmt_cases(rows, ids)), "."))
  }
  add(which(!is.na(lo) & !is.na(hi) & lo > hi),
      function(w) paste0("`onset_lower` is above `onset_upper` in ", w))
  add(which(is.infinite(lo)),
      function(w) paste0("`onset_lower` must be finite, but is Inf in ", w))
  add(which(xor(is.na(lo), is.na(hi))), function(w) paste0(
    "`onset_lower` and `onset_upper` must both be given or both be empty, but ",
    w, " gives one"))
  add(which(!is.na(lo) & is.na(data$onset_unit)),
      function(w) paste0("`onset_unit` is empty where the onset has bounds, in ", w))
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
# and cut to 60 characters.
fmt_values <- function(x) {
  x <- unique(x)
  if (is.numeric(x)) return(fmt_list(trimws(formatC(x, digits = 15, format = "g")), max = 3))
  x <- as.character(x)
  long <- !is.na(x) & nchar(x, type = "chars", allowNA = TRUE) > 60
  long[is.na(long)] <- FALSE
  x[long] <- paste0(substr(x[long], 1, 57), "...")
  fmt_list(dQuote(x, FALSE), max = 3)
}

# The older shorthands against `dose` and `regimen`: problems where they
# disagree.  `reg` is the regimen column's aux from check_case_column().
fold_legacy <- function(data, ids, reg) {
  out <- character()
  mgkg <- data[["dose_mg_kg"]]
  if (!is.null(mgkg) && !is.null(data[["dose_value"]])) {
    bad <- which(!is.na(mgkg) & !is.na(data[["dose_value"]]) &
                   !(data[["dose_unit"]] %in% "mg/kg" & abs(data[["dose_value"]] - mgkg) < 1e-9))
    if (length(bad)) {
      out <- c(out, paste0("`dose_mg_kg` disagrees with `dose` in ",
                           fmt_cases(bad, ids), "."))
    }
  }
  iw <- data[["interval_weeks"]]
  if (!is.null(iw) && !is.null(reg)) {
    bad <- which(!is.na(iw) & reg$read &
                   !(!is.na(reg$every) & abs(reg$every - 7 * iw) < 1e-9))
    if (length(bad)) {
      out <- c(out, paste0("`interval_weeks` disagrees with `regimen` in ",
                           fmt_cases(bad, ids), "."))
    }
  }
  bad <- which(iw %in% 0)
  if (length(bad)) {
    out <- c(out, paste0("`interval_weeks` must be above 0, but is 0 in ",
                         fmt_cases(bad, ids), "."))
  }
  out
}

# Fill `dose` and `regimen` from the older shorthands, and `dose` from the
# regimen text, where they are empty.
fill_legacy <- function(data, reg) {
  n <- nrow(data)
  if (is.null(data[["dose"]])) data[["dose"]] <- rep(NA_character_, n)
  if (is.null(data[["dose_value"]])) data[["dose_value"]] <- rep(NA_real_, n)
  if (is.null(data[["dose_unit"]])) data[["dose_unit"]] <- rep(NA_character_, n)
  if (is.null(data[["regimen"]])) data[["regimen"]] <- rep(NA_character_, n)
  fill <- which(is.na(data[["dose_value"]]) & !is.na(data[["dose_mg_kg"]] %||% rep(NA, n)))
  data[["dose"]][fill] <- paste(format_num(data[["dose_mg_kg"]][fill]), "mg/kg")
  data[["dose_value"]][fill] <- data[["dose_mg_kg"]][fill]
  data[["dose_unit"]][fill] <- "mg/kg"
  fill <- which(is.na(data[["regimen"]]) & !is.na(data[["interval_weeks"]] %||% rep(NA, n)))
  data[["regimen"]][fill] <- paste("every", format_num(data[["interval_weeks"]][fill]), "weeks")
  if (!is.null(reg)) {
    fill <- which(is.na(data[["dose_value"]]) & !is.na(reg$dose))
    data[["dose_value"]][fill] <- reg$dose[fill]
    data[["dose_unit"]][fill] <- dose_units[reg$dose_unit[fill]]
  }
  data
}

format_num <- function(x) format(x, trim = TRUE, scientific = FALSE, drop0trailing = TRUE)

# One warning for the inconsistencies that leave the table usable, and one
# for the onset phrases that could not be read.
warn_cases <- function(data, onset, reg) {
  ids <- data$case_id
  none <- data$response %in% "none"
  yes <- data$response %in% c("complete", "partial")
  st <- data$onset_status
  if (!is.null(onset)) {
    warn_onset(onset, rows = which(!(st %in% "no_response" & !yes)), ids = ids,
               column = "`onset`")
  }
  out <- character()
  add <- function(rows, msg) {
    if (length(rows)) out <<- c(out, paste0(msg, " in ", fmt_cases(rows, ids), "."))
  }
  read <- st %in% "read"
  add(which(none & read), paste0("`onset` reads as a time for non-responders ",
                                 "(`response` \"none\"); they are censored, not events,"))
  add(which(yes & st %in% "no_response"),
      "`onset` says there was no response where `response` says there was; no time is used,")
  unit <- data$onset_unit
  after_fu <- read & unit %in% "days" & data$onset_from %in% 1 &
    data$onset_lower > data$followup * month_days
  add(which(after_fu), "the response comes after the end of follow-up (`followup`)")
  add(which(read & unit %in% "infusions" & data$onset_lower > data$n_infusions),
      "the response comes after an infusion the case did not receive (`n_infusions`)")
  add(which(read & is.finite(data$onset_from) & data$onset_from > data$n_infusions),
      "the onset is counted from an infusion the case did not receive (`n_infusions`)")
  if (!is.null(reg)) {
    add(which(data$n_infusions > reg$max_inf),
        "`n_infusions` is more than the case's regimen gives")
    rd <- reg$dose
    ru <- ifelse(reg$dose_unit > 0L, dose_units[pmax(reg$dose_unit, 1L)], NA)
    add(which(!is.na(rd) & !is.na(data$dose_value) &
                !(ru == data$dose_unit & abs(rd - data$dose_value) < 1e-9)),
        "the dose in `regimen` differs from `dose`; `dose` is kept,")
  }
  add(which(none & data$relapse %in% TRUE),
      "`relapse` is TRUE for non-responders, who had no remission to relapse from,")
  if (length(out)) {
    cp_warn("The case table has ", length(out), " inconsistenc",
            if (length(out) > 1) "ies" else "y", ":\n",
            paste0("* ", out, collapse = "\n"), class = "casepool_warning_cases")
  }
  invisible()
}
