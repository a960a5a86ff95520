#' @rdname time_to_response
#' @param unit For a case table: `"days"` (since the first infusion,
#'   default) or `"infusions"` (infusions received before the response).
#' @param by For a case table: `NULL` (default), or columns whose values
#'   (or, for several, their combinations: "sex=F, site=spinal cord") form
#'   strata: a bare name (`by = sex`), a string (`by = "sex"`) or several
#'   (`by = c(sex, site)`, `by = c("sex", "site")`). Missing values form a
#'   stratum of their own and a factor's empty levels are kept.
#' @param regimen For a case table: the regimen of the cases that have no
#'   `regimen` of their own, a [regimen()] or a string in its grammar
#'   ("every 4 weeks"); `NULL` (default) for none. A conversion that needs
#'   a regimen where there is none is an error naming the cases.
#' @section Case tables:
#' `time_to_response(cases)` takes each case's time from its timeline
#' ([case_timeline()], which states the rules): a responder's onset as an
#' exact time or an interval, in days or infusions through its regimen; a
#' non-responder (`response` `"none"`) censored at its follow-up (days) or
#' its last infusion (infusions, or days without a follow-up, which the
#' printed fit notes). Cases that give no time at all are counted in the
#' printed fit and listed, by `case_id`, in its `excluded` element; the
#' fit's `timeline` element holds the timeline, with each case's reason.
#' @export
time_to_response.cases <- function(x, unit = c("days", "infusions"), by = NULL,
                                   regimen = NULL,
                                   conf_type = "log-log", conf_level = 0.95,
                                   method = "auto", tol = 1e-10,
                                   maxit = 1000L, B = NULL, seed = NULL, ...) {
  check_dots("time_to_response", ..., hints = cases_hints,
             formals = names(formals(time_to_response.cases)))
  unit <- arg_choice(unit)
  fit_cases(x, unit, by_column(x, substitute(by), parent.frame()),
            regimen, conf_type = conf_type, conf_level = conf_level,
            method = method, tol = tol, maxit = maxit, B = B, seed = seed)
}

# time_to_response() of a case table, with its strata as by_column() gives
# them.
fit_cases <- function(x, unit, groups, regimen, conf_type = "log-log",
                      conf_level = 0.95, method = "auto", tol = 1e-10,
                      maxit = 1000L, B = NULL, seed = NULL) {
  tl <- case_timeline(x, regimen)
  times <- timeline_times(tl, unit)
  strata <- case_strata(groups)
  used <- times$used
  fit <- fit_times(list(left = times$left[used], right = times$right[used]),
                   if (is.null(strata)) NULL else strata[used],
                   conf_type = conf_type, conf_level = conf_level,
                   method = method, tol = tol, maxit = maxit, B = B, seed = seed,
                   event = "response", unit = unit)
  fit$excluded <- as.character(x$case_id[!used])
  if (!is.null(strata)) fit$excluded_by <- tabulate(strata[!used], nlevels(strata))
  fit$notes <- timeline_fit_notes(times$code)
  fit$timeline <- tl
  fit
}

# Strata labelled "sex=F" (one column) or "sex=F, site=spinal cord".
case_strata <- function(groups) {
  if (is.null(groups)) return(NULL)
  cols <- attr(groups, "by")
  attr(groups, "by") <- NULL
  if (length(cols) == 1) levels(groups) <- paste0(cols, "=", levels(groups))
  groups
}

#' Cumulative proportion responding by infusion k
#'
#' The proportion of cases that had responded after each of the first `k`
#' infusions, from the time-to-response estimate in infusions, with its
#' pointwise interval: Greenwood's (Kaplan-Meier), or the bootstrap
#' percentile interval when some times are intervals (Turnbull; see
#' [time_to_response()]), then with the bounds as well.
#'
#' @inheritParams time_to_response
#' @param cases A case table from [as_cases()].
#' @param k Infusion numbers, whole numbers >= 1. Default `1:6`.
#' @param ... Passed to [time_to_response()] (`conf_type`, `conf_level`,
#'   `method`, `tol`, `maxit`, `B`, `seed`); anything else is an error
#'   naming it.
#' @returns A data frame with `strata` (with `by`), `infusion`, `estimate`,
#'   `conf_low` and `conf_high` (`NA` after the last observed infusion of a
#'   Kaplan-Meier fit, and for a Turnbull fit without a bootstrap), for
#'   Turnbull fits `lower_ends` and `upper_ends` (the estimates with every
#'   interval at its lower and at its upper end), and attribute `"fit"`,
#'   the fit it comes from.
#' @family time to response
#' @export
#' @examples
#' response_by_infusion(nsarc_cases, k = 1:4, seed = 1)
response_by_infusion <- function(cases, k = 1:6, by = NULL, regimen = NULL,
                                 ...) {
  check_cases(cases)
  if (!is.numeric(k) || !length(k) || anyNA(k) || any(k < 1 | k != round(k))) {
    cp_abort("`k` must be whole numbers >= 1, not ", describe(k), ".")
  }
  groups <- by_column(cases, substitute(by), parent.frame())
  fit <- by_infusion_fit(cases, groups, regimen, ...)
  out <- summary(fit, times = k)
  names(out)[names(out) == "time"] <- "infusion"
  structure(out, fit = fit)
}

by_infusion_fit <- function(cases, groups, regimen, conf_type = "log-log",
                            conf_level = 0.95, method = "auto", tol = 1e-10,
                            maxit = 1000L, B = NULL, seed = NULL, ...) {
  check_dots("response_by_infusion", ..., hints = cases_hints,
             formals = c(names(formals(response_by_infusion)),
                         names(formals(by_infusion_fit))))
  fit_cases(cases, "infusions", groups, regimen, conf_type = conf_type,
            conf_level = conf_level, method = method, tol = tol, maxit = maxit,
            B = B, seed = seed)
}
