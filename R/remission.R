#' Remission after the drug was stopped
#'
#' Tallies of the cases that stopped the drug, relapsed and stayed in
#' remission, and the relapse-free time after stopping (Kaplan-Meier,
#' right-censored at the last follow-up).
#'
#' The relapse-free time comes from `followup_after_stop`: months when
#' numeric; text durations ("2 years") are read with [parse_onset()] and
#' turned into months. Only cases with `stopped` `TRUE`, a known `relapse`
#' and an exact follow-up enter it; the others are listed in the fit's
#' `excluded` element and counted when it prints.
#'
#' @param cases A case table from [as_cases()].
#' @param conf_level,method Intervals of the tallies, as [case_tally()].
#' @param conf_type Pointwise interval of the relapse-free curve, as
#'   [time_to_response()].
#' @returns An object of class `"remission"`: a list with `tally` (a
#'   [case_tally()] over all cases of `stopped`, `relapsed` = stopped and
#'   relapsed, `sustained` = stopped and no relapse), `among_stopped` (the
#'   same among the cases that stopped: `relapsed`, `sustained`) and `fit`
#'   (a time fit of relapse in months; its `estimate` is the cumulative
#'   proportion relapsed, `surv` the proportion still in remission).
#' @family time to response
#' @export
#' @examples
#' rem <- remission_after_stop(nsarc_cases)
#' rem
#' tally_text(rem$tally, "sustained")
remission_after_stop <- function(cases, conf_level = 0.95, method = "exact",
                                 conf_type = "log-log") {
  if (!inherits(cases, "cases")) {
    cp_abort("`cases` must be a case table from as_cases(), not ", describe(cases), ".")
  }
  env <- baseenv()
  tally <- tally_exprs(cases, list(stopped = quote(stopped),
                                   relapsed = quote(stopped & relapse),
                                   sustained = quote(stopped & !relapse)),
                       env, conf_level = conf_level, method = method)
  stopped_cases <- cases[cases$stopped %in% TRUE, , drop = FALSE]
  among <- tally_exprs(stopped_cases, list(relapsed = quote(relapse),
                                           sustained = quote(!relapse)),
                       env, conf_level = conf_level, method = method)
  months <- followup_months(stopped_cases$followup_after_stop)
  used <- !is.na(months) & !is.na(stopped_cases$relapse)
  rel <- stopped_cases$relapse[used]
  fit <- fit_times(list(left = months[used],
                        right = ifelse(rel, months[used], Inf)),
                   conf_type = conf_type, conf_level = conf_level,
                   event = "relapse", unit = "months")
  fit$excluded <- as.character(stopped_cases$case_id[!used])
  structure(list(tally = tally, among_stopped = among, fit = fit),
            class = "remission")
}

# Follow-up in months: numbers as they are, text durations read as days.
followup_months <- function(x) {
  if (is.numeric(x)) return(x)
  if (!is.character(x)) return(rep(NA_real_, length(x)))
  num <- suppressWarnings(as.double(x))
  text <- is.na(num) & !is.na(x)
  if (any(text)) {
    p <- read_onset(x[text], "`followup_after_stop`")
    exact <- p$unit %in% "days" & p$lower == p$upper
    num[text] <- ifelse(exact, p$lower / (365.25 / 12), NA)
  }
  num
}

#' @export
print.remission <- function(x, ...) {
  cat("<remission> after the drug was stopped\n")
  print(x$tally)
  cat("\nAmong the cases that stopped:\n")
  print(x$among_stopped)
  cat("\nRelapse-free time after stopping, in months:\n")
  print(x$fit)
  invisible(x)
}
