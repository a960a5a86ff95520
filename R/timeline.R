#' Each case's timeline: what it contributes to the time to response
#'
#' Turns the case table into each case's timeline, once, in C: its regimen,
#' the day of its last infusion, its follow-up, and its time to response
#' in days and in infusions, as an interval, a censoring time, or the reason
#' it gives none. [time_to_response()], [response_by_infusion()],
#' [remission_after_stop()] and [swimmer_plot()] all use it; look at it to
#' see exactly what each case contributed and why.
#'
#' @section The rules:
#' * A case's regimen is its own `regimen` text, else the `regimen`
#'   argument; a conversion that needs one and has none is an error naming
#'   the cases. The infusion scale ends at `n_infusions` (or the regimen's
#'   count of infusions when `n_infusions` is not reported).
#' * A case whose `response` is `"none"` (or, with no response recorded,
#'   whose onset says there was none) is a non-responder: censored, never
#'   an event, whatever its onset says. In days it is censored at its
#'   `followup`, else at its last infusion ("censored at the last infusion
#'   (no follow-up)"); in infusions at its last infusion.
#' * Any other case with a time is a responder. Days (a, b\] counted from
#'   infusion F are (day(F) + a, day(F) + b\], at most the end of follow-up;
#'   an exact day is exact. Infusions \[J, K\] are days (day(J), day(K + 1)\],
#'   and (day(K), end of follow-up\] when K is the last infusion; courses
#'   \[J, K\] are infusions \[J c, K c\] for a course of c infusions. In
#'   infusions, days (a, b\] become \[n(a), m(b)\]: the infusions given on or
#'   before day a and before day b (an exact day t gives \[m(t), m(t)\]), at
#'   least 1 and at most the last infusion; \[J, K\] enters a fit as
#'   (J - 1, K\], an exact K as K.
#' * A responder without a usable time (not reported, vague, unreadable, or
#'   an onset that says there was no response) gives none, and is listed
#'   with the reason.
#'
#' @param cases A case table from [as_cases()].
#' @param regimen The regimen for cases without their own `regimen`: a
#'   [regimen()] or a string in its grammar; `NULL` (default) for none.
#' @returns A data frame of class `"case_timeline"`, one row per case:
#'   `case_id`, `regimen` (the text used), `regimen_from` (`"case"`,
#'   `"argument"` or `NA`), `response`, `onset`, `n_infusions`, `last_day`
#'   (day of the last infusion), `followup_days`, `days_left`, `days_right`
#'   (the case's time in days, `(left, right]`, equal when exact, `right`
#'   `Inf` when censored), `days_note`, `infusions_left`,
#'   `infusions_right`, `infusions_note`, `stopped`, `relapse`, `stop_day`
#'   (its last infusion, when stopped), `relapse_day`, `end_day` (the
#'   latest of its last infusion, follow-up, follow-up after stopping and
#'   response: where its course ends in a swimmer plot).
#' @family time to response
#' @export
#' @examples
#' tl <- case_timeline(nsarc_cases)
#' head(tl)
#' table(tl$days_note)
case_timeline <- function(cases, regimen = NULL) {
  check_cases(cases)
  regimen <- as_regimen(regimen)
  ri <- regimen_index(cases$regimen, regimen)
  bad <- which(ri$status >= 2L)
  if (length(bad)) {
    cp_abort("`regimen` could not be read in ", fmt_cases(bad, cases$case_id), ": ",
             regimen_problem(ri$status[bad[1]]), ".")
  }
  fu <- as.double(cases$followup) * month_days
  res <- timeline_call(onset_columns(cases), cases$response, cases$n_infusions,
                       fu, ri)
  stop_day <- ifelse(cases$stopped %in% TRUE, res$last_day, NA_real_)
  after <- as.double(cases$followup_after_stop) * month_days
  used_text <- ifelse(ri$source %in% "argument",
                      if (is.null(regimen)) NA_character_ else regimen$text,
                      ifelse(ri$source %in% "case", as.character(cases$regimen), NA))
  out <- data.frame(
    case_id = cases$case_id, regimen = used_text, regimen_from = ri$source,
    response = cases$response, onset = cases$onset,
    n_infusions = cases$n_infusions, last_day = res$last_day,
    followup_days = fu,
    days_left = res$day_left, days_right = res$day_right,
    days_note = timeline_notes[res$day_code],
    infusions_left = res$inf_left, infusions_right = res$inf_right,
    infusions_note = timeline_notes[res$inf_code],
    stopped = cases$stopped, relapse = cases$relapse, stop_day = stop_day,
    relapse_day = ifelse(cases$relapse %in% TRUE, stop_day + after, NA_real_),
    stringsAsFactors = FALSE)
  # the end of the case's course: its last infusion, follow-up, follow-up
  # after stopping, or response, whichever is latest
  on_end <- ifelse(res$day_code %in% 1:3,
                   ifelse(is.finite(res$day_right), res$day_right, res$day_left), NA)
  out$end_day <- pmax(res$last_day, fu, stop_day + after, on_end, 0, na.rm = TRUE)
  structure(out, class = c("case_timeline", "data.frame"),
            codes = list(days = res$day_code, infusions = res$inf_code),
            regimens = ri)
}

month_days <- 365.25 / 12

# What each timeline code means (src/timeline.c).
timeline_notes <- local({
  x <- rep(NA_character_, 20)
  x[1] <- "response at a known time"
  x[2] <- "response within an interval"
  x[3] <- "response after a time, open-ended"
  x[4] <- "no response: censored at follow-up"
  x[5] <- "no response: censored at the last infusion (no follow-up)"
  x[6] <- "no response: censored at the last infusion"
  x[10] <- "responded; time not reported"
  x[11] <- "time too vague to place"
  x[12] <- "time unreadable"
  x[13] <- "response recorded, but the onset says no response"
  x[14] <- "neither response nor time reported"
  x[15] <- "no response, and no follow-up or infusion count to censor at"
  x[16] <- "time counted from the last infusion, whose number is unknown"
  x[17] <- "time at an infusion the regimen does not reach"
  x[20] <- "needs a regimen: the case has none and none was given"
  x
})

# One call to C.  `on` is list(lower, upper, unit, from, status) as
# onset_columns() gives it.
timeline_call <- function(on, response, n_inf, fu_days, ri) {
  n <- length(on$lower)
  resp <- if (is.null(response)) rep(NA_integer_, n) else
    match(as.character(response), response_values)
  .Call(cp_timeline, as.double(on$lower), as.double(on$upper),
        match(on$unit, onset_units), as.double(on$from),
        match(on$status, onset_statuses) - 1L, as.integer(resp),
        as.double(if (is.null(n_inf)) rep(NA_real_, n) else n_inf),
        as.double(if (is.null(fu_days)) rep(NA_real_, n) else fu_days),
        ri$table, ri$idx)
}

# lower, upper, unit, from, status of a parse_onset() result or a case table.
onset_columns <- function(x) {
  if (!is.data.frame(x)) {
    cp_abort("`x` must be a data frame from parse_onset() or a case table, ",
             "not ", describe(x), ".")
  }
  if (all(c("onset_lower", "onset_upper", "onset_unit") %in% names(x))) {
    on <- list(lower = x$onset_lower, upper = x$onset_upper, unit = x$onset_unit,
               from = x$onset_from, status = x$onset_status)
  } else if (all(c("lower", "upper", "unit") %in% names(x))) {
    on <- list(lower = x$lower, upper = x$upper, unit = x$unit,
               from = x$from_infusion, status = x$status)
  } else {
    cp_abort("`x` needs columns `lower`, `upper` and `unit` (from ",
             "parse_onset()) or `onset_lower`, `onset_upper` and `onset_unit` ",
             "(a case table).")
  }
  read <- !is.na(on$lower)
  if (is.null(on$from)) on$from <- ifelse(read, 1, NA_real_)
  if (is.null(on$status)) on$status <- ifelse(read, "read", "not_reported")
  on
}

check_cases <- function(cases, arg = "cases") {
  if (!inherits(cases, "cases")) {
    cp_abort("`", arg, "` must be a case table from as_cases(), not ",
             describe(cases), ".")
  }
  invisible(cases)
}

# The time of each case in `unit` for a fit: list(left, right, used, code);
# an error naming the cases that need a regimen and have none.
timeline_times <- function(tl, unit, what = "time_to_response()") {
  scale <- if (unit == "days") "days" else "infusions"
  code <- attr(tl, "codes")[[scale]]
  needs <- which(code == 20L)
  if (length(needs)) {
    cp_abort(what, " in ", unit, " needs a regimen for ",
             fmt_cases(needs, tl$case_id), ", which ",
             if (length(needs) > 1) "have" else "has", " none: ",
             "give the case's `regimen` in the case table, or `regimen = ` ",
             "(e.g. `regimen = \"every 4 weeks\"`).")
  }
  left <- tl[[paste0(scale, "_left")]]
  right <- tl[[paste0(scale, "_right")]]
  list(left = left, right = right, used = !is.na(left), code = code)
}

# Sentences about how the cases entered a fit, for its print method.
timeline_fit_notes <- function(code) {
  out <- character()
  k <- sum(code == 5L)
  if (k) {
    out <- c(out, paste0(k, " non-responder", if (k > 1) "s", " censored at ",
                         if (k > 1) "their" else "its", " last infusion (no follow-up)"))
  }
  out
}

#' @export
print.case_timeline <- function(x, ..., n = 10) {
  cat("<case_timeline> ", nrow(x), " case", if (nrow(x) != 1) "s", "\n", sep = "")
  codes <- attr(x, "codes")
  if (length(codes$days) != nrow(x)) codes <- list()  # a subset: its rows only
  for (scale in names(codes)) {
    tab <- table(factor(timeline_notes[codes[[scale]]],
                        levels = unique(stats::na.omit(timeline_notes))))
    tab <- tab[tab > 0]
    cat("In ", scale, ": ", paste0(tab, " ", names(tab), collapse = "; "), "\n", sep = "")
  }
  df <- as.data.frame(x)
  show <- intersect(c("case_id", "response", "onset", "regimen", "days_left", "days_right",
                      "infusions_left", "infusions_right"), names(df))
  print(utils::head(df[show], n), ...)
  if (nrow(x) > n) cat("# ... and ", nrow(x) - n, " more\n", sep = "")
  invisible(x)
}

#' @export
as.data.frame.case_timeline <- function(x, ...) {
  attr(x, "codes") <- NULL
  attr(x, "regimens") <- NULL
  class(x) <- "data.frame"
  x
}

#' Convert onset intervals between days and infusions
#'
#' `onset_days()` turns onset intervals into days since the first infusion;
#' `onset_infusions()` into infusions received, by the rules of
#' [case_timeline()]: each row as a response at that time.
#'
#' @param x A data frame from [parse_onset()], or a case table (each case
#'   with its own regimen, `n_infusions` and `followup`).
#' @param regimen The regimen: a [regimen()], a string in its grammar, or
#'   (for a [parse_onset()] result) one string per row; for a case table
#'   the regimen of cases without their own. Needed where a conversion
#'   needs one (infusions or courses into days, days into infusions, a
#'   duration after a later infusion); `NULL` (default) for none.
#' @param n_infusions,followup For a [parse_onset()] result: the infusions
#'   received and the follow-up in months (length 1 or one per row), where
#'   they end the scales; `NULL` (default) for not known.
#' @returns A data frame with `lower` and `upper` in the target unit: days
#'   `(lower, upper]` (equal when exact; `upper` `Inf` when open), or
#'   infusions `[lower, upper]`. Rows not read are `NA`.
#' @family onset
#' @export
#' @examples
#' x <- parse_onset(c("after the second infusion", "within 3 weeks", "overnight"))
#' onset_days(x, regimen = "weeks 0, 2, 6 then every 8 weeks")
#' onset_infusions(x, regimen = "weeks 0, 2, 6 then every 8 weeks")
onset_days <- function(x, regimen = NULL, n_infusions = NULL, followup = NULL) {
  convert_onset(x, "days", regimen, n_infusions, followup)
}

#' @rdname onset_days
#' @export
onset_infusions <- function(x, regimen = NULL, n_infusions = NULL, followup = NULL) {
  convert_onset(x, "infusions", regimen, n_infusions, followup)
}

convert_onset <- function(x, to, regimen, n_infusions, followup) {
  on <- onset_columns(x)
  n <- length(on$lower)
  ids <- NULL
  if (inherits(x, "cases")) {
    ri <- regimen_index(x$regimen, as_regimen(regimen))
    n_infusions <- x$n_infusions
    followup <- x$followup
    ids <- x$case_id
  } else if (is.character(regimen) && length(regimen) > 1) {
    ri <- regimen_arg_index(regimen, n)
  } else {
    ri <- regimen_index(rep(NA_character_, n), as_regimen(regimen))
  }
  per_row <- function(v, arg, whole) {
    if (is.null(v)) return(NULL)
    if (is.logical(v) && all(is.na(v))) v <- as.double(v)
    if (!is.numeric(v) || !length(v) %in% c(1, n)) {
      cp_abort("`", arg, "` must be numeric, of length 1 or ", n, ".")
    }
    bad <- which(!is.na(v) & (v < 0 | !is.finite(v) | (whole & v != round(v))))
    if (length(bad)) {
      cp_abort("`", arg, "` must be ", if (whole) "whole numbers" else "numbers",
               " >= 0, but ", fmt_rows(bad), if (length(bad) > 1) " hold " else " holds ",
               fmt_values(v[bad]), ".")
    }
    rep_len(as.double(v), n)
  }
  fu <- per_row(followup, "followup", FALSE)
  res <- timeline_call(on, rep("complete", n), per_row(n_infusions, "n_infusions", TRUE),
                       if (is.null(fu)) NULL else fu * month_days, ri)
  code <- if (to == "days") res$day_code else res$inf_code
  needs <- which(code == 20L)
  if (length(needs)) {
    cp_abort("Converting to ", to, " needs a regimen for ", fmt_cases(needs, ids),
             "; give `regimen`.")
  }
  if (to == "days") return(data.frame(lower = res$day_left, upper = res$day_right))
  lo <- res$inf_left
  hi <- res$inf_right
  data.frame(lower = ifelse(!is.na(lo) & lo < hi, lo + 1, lo), upper = hi)
}
