#' @rdname time_to_response
#' @param unit For a case table: `"days"` (since the first infusion,
#'   default) or `"infusions"` (infusions received before the response).
#' @param by For a case table: `NULL` (default) or the name of a column
#'   whose values form strata.
#' @param regimen For a case table: the [regimen()] that converts between
#'   days and infusions; each case's `interval_weeks`, where given, replaces
#'   its maintenance interval. Default `regimen()`.
#' @section Case tables:
#' `time_to_response(cases)` takes each case's onset interval
#' (`onset_lower`, `onset_upper`, `onset_unit`, read from the `onset`
#' phrases by [as_cases()]) and converts it to `unit` with [onset_days()] or
#' [onset_infusions()]. An exact onset is an exact time; any other is the
#' interval (lower, upper\] in days, or (J - 1, K\] for infusions \[J, K\].
#' A case with `response` `"none"` and no onset is right-censored at its
#' last infusion (`n_infusions`, or its day). Cases that give no time at all
#' (no onset, and no follow-up for a non-responder) cannot enter the
#' estimate: they are counted in the printed fit and listed, by `case_id`,
#' in its `excluded` element.
#' @export
time_to_response.cases <- function(x, unit = c("days", "infusions"), by = NULL,
                                   regimen = casepool::regimen(),
                                   conf_type = "log-log", conf_level = 0.95,
                                   method = "auto", tol = 1e-9,
                                   maxit = 100000L, ...) {
  unit <- match.arg(unit)
  times <- case_times(x, unit, regimen)
  strata <- case_strata(x, by)
  used <- times$used
  fit <- fit_times(list(left = times$left[used], right = times$right[used]),
                   if (is.null(strata)) NULL else strata[used],
                   conf_type = conf_type, conf_level = conf_level,
                   method = method, tol = tol, maxit = maxit,
                   event = "response", unit = unit)
  fit$excluded <- as.character(x$case_id[!used])
  fit
}

# (left, right] per case in the unit, and which cases give a time.
case_times <- function(cases, unit, regimen) {
  check_regimen(regimen)
  conv <- if (unit == "days") onset_days(cases, regimen) else onset_infusions(cases, regimen)
  left <- conv$lower
  right <- conv$upper
  interval <- !is.na(left) & left < right
  if (unit == "infusions") left[interval] <- left[interval] - 1
  none <- cases$response %in% "none" & is.na(left)
  follow <- if (unit == "infusions") cases$n_infusions else last_infusion_day(cases, regimen)
  follow[cases$n_infusions %in% 0] <- 0
  cens <- none & !is.na(follow)
  left[cens] <- follow[cens]
  right[cens] <- Inf
  list(left = left, right = right, used = !is.na(left))
}

case_strata <- function(cases, by) {
  f <- by_column(cases, by)
  if (!is.null(f)) levels(f) <- paste0(by, "=", levels(f))
  f
}

#' Cumulative proportion responding by infusion k
#'
#' The proportion of cases that had responded after each of the first `k`
#' infusions, from the time-to-response estimate in infusions, with its
#' pointwise interval.
#'
#' @inheritParams time_to_response
#' @param cases A case table from [as_cases()].
#' @param k Infusion numbers, whole numbers >= 1. Default `1:6`.
#' @param ... Passed to [time_to_response()] (`conf_type`, `method`, ...).
#' @returns A data frame with `strata` (with `by`), `infusion`, `estimate`,
#'   `conf_low` and `conf_high` (`NA` for Turnbull fits, and after the last
#'   observed infusion), and attribute `"fit"`, the fit it comes from.
#' @family time to response
#' @export
#' @examples
#' response_by_infusion(nsarc_cases, k = 1:4)
response_by_infusion <- function(cases, k = 1:6, by = NULL,
                                 regimen = casepool::regimen(), ...) {
  if (!inherits(cases, "cases")) {
    cp_abort("`cases` must be a case table from as_cases(), not ", describe(cases), ".")
  }
  if (!is.numeric(k) || !length(k) || anyNA(k) || any(k < 1 | k != round(k))) {
    cp_abort("`k` must be whole numbers >= 1, not ", describe(k), ".")
  }
  fit <- time_to_response(cases, unit = "infusions", by = by, regimen = regimen, ...)
  out <- summary(fit, times = k)
  names(out)[names(out) == "time"] <- "infusion"
  structure(out, fit = fit)
}
