#' Remission after the drug was stopped
#'
#' Tallies of the cases that stopped the drug, relapsed and stayed in
#' remission, and the relapse-free time after stopping (Kaplan-Meier,
#' right-censored at the last follow-up).
#'
#' Remission, sustained or not, counts responders only: a case with
#' `response` `"none"` that stopped the drug is never a sustained
#' remission, and a case whose response was not reported is not reported
#' here either. The relapse-free time comes from `followup_after_stop`
#' (months; see [as_cases()]) of the responders that stopped with a known
#' `relapse`; the others are listed in the fit's `excluded` element and
#' counted when it prints.
#'
#' @param cases A case table from [as_cases()].
#' @param conf_level,method Intervals of the tallies, as [case_tally()].
#' @param conf_type Pointwise interval of the relapse-free curve, as
#'   [time_to_response()].
#' @returns An object of class `"remission"`: a list with `tally` (a
#'   [case_tally()] over all cases of `stopped`, `relapsed` = a responder
#'   that stopped and relapsed, `sustained` = a responder that stopped and
#'   did not relapse), `among_stopped` (the same among the responders that
#'   stopped: `relapsed`, `sustained`) and `fit` (a time fit of relapse in
#'   months; its `estimate` is the cumulative proportion relapsed, `surv`
#'   the proportion still in remission).
#' @family time to response
#' @export
#' @examples
#' rem <- remission_after_stop(nsarc_cases)
#' rem
#' tally_text(rem$tally, "sustained")
remission_after_stop <- function(cases, conf_level = 0.95, method = "exact",
                                 conf_type = "log-log") {
  check_cases(cases)
  env <- baseenv()
  d <- as.data.frame(cases)
  d$responded <- responded(cases)
  tally <- tally_exprs(d, list(stopped = quote(stopped),
                               relapsed = quote(responded & stopped & relapse),
                               sustained = quote(responded & stopped & !relapse)),
                       env, conf_level = conf_level, method = method)
  stopped_cases <- d[d$responded %in% TRUE & d$stopped %in% TRUE, , drop = FALSE]
  among <- tally_exprs(stopped_cases, list(relapsed = quote(relapse),
                                           sustained = quote(!relapse)),
                       env, conf_level = conf_level, method = method)
  months <- stopped_cases$followup_after_stop
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

# TRUE for a complete or partial response, FALSE for none, NA when not
# reported.
responded <- function(cases) {
  r <- as.character(cases$response)
  ifelse(is.na(r), NA, r != "none")
}

#' @export
print.remission <- function(x, ...) {
  cat("<remission> after the drug was stopped\n")
  print(x$tally)
  cat("\nAmong the responders that stopped:\n")
  print(x$among_stopped)
  cat("\nRelapse-free time after stopping, in months:\n")
  print(x$fit)
  invisible(x)
}
