# tidy() and glance() for casepool's results, with broom's column names.
# The generics come from the small `generics` package, as broom's do, and
# are re-exported so that they work after library(casepool) alone.

#' @importFrom generics tidy
#' @export
generics::tidy

#' @importFrom generics glance
#' @export
generics::glance

# broom's and survival's spellings given to tidy() or glance().
tidy_hints <- c(
  conf.int = "the intervals are always given (`conf.low`, `conf.high`)",
  conf.level = "set the level when computing the result (`conf_level`)",
  conf_level = "set the level when computing the result",
  exponentiate = "casepool's estimates are proportions, not ratios",
  denominator = "`denominator` applies to tallies"
)

#' Tidy casepool results: broom's column names
#'
#' `tidy()` gives a result as a data frame with one row per estimate, and
#' `glance()` as a one-line summary (one line per stratum of a fit), with
#' the column names of the broom package: `estimate`, `std.error`,
#' `conf.low`, `conf.high`, `n.risk`, `n.event`, `n.censor`, `time`,
#' `strata`, `nobs`. They are the generics of the generics package,
#' re-exported, so `library(casepool)` is enough, and broom users get them
#' as they expect.
#'
#' `estimate` is what the result estimates, as in its own columns: for a
#' time-to-response fit, the cumulative proportion responded (`1 - surv`),
#' so that `tidy()` draws the curve that [plot()][plot.time_fit] and
#' [autoplot()][autoplot.time_fit] draw. (broom's tidy() of a
#' [survival::survfit()] gives the proportion not yet responded, `surv`,
#' with the standard error of the cumulative hazard; here `std.error` is
#' the standard error of `estimate`, as [summary.survfit()][survival::summary.survfit]
#' gives it.) For tallies it is the proportion `yes / n`.
#'
#' @param x A result: a fit from [time_to_response()] (or
#'   [remission_after_stop()]'s), a tally from [case_tally()], a
#'   [completeness()] table, a [remission_after_stop()] result, a
#'   [case_timeline()], pooled proportions from [pool_proportions()] or
#'   [pool_cases()], a Table 1 from [describe_cases()] or a comparison from
#'   [compare_cases()].
#' @param denominator For tallies: `"all"` (default), the proportion of all
#'   cases, or `"reported"`, of the cases that reported the item.
#' @param what For [remission_after_stop()] results: `"tallies"` (default)
#'   or `"fit"`, the relapse-free curve.
#' @param unit For a timeline: `"days"` (default) or `"infusions"`.
#' @param ... Not used; an argument given here is an error naming it.
#' @returns A plain data frame:
#'
#'   * `tidy(<time_fit>)`, Kaplan-Meier: `strata` (when any), `time`,
#'     `n.risk`, `n.event`, `n.censor`, `estimate`, `std.error`,
#'     `conf.low`, `conf.high`; one row per stratum and distinct time.
#'     Turnbull: `strata` (when any), `lower`, `upper` (the innermost
#'     interval `(lower, upper]`), `mass` (its probability), `estimate`
#'     (cumulative at `upper`), `conf.low`, `conf.high` (the bootstrap
#'     percentile band at `upper`; `NA` without a bootstrap).
#'   * `glance(<time_fit>)`: one row per stratum: `strata` (when any),
#'     `nobs` (cases), `events` (Kaplan-Meier), `median`, `conf.low`,
#'     `conf.high` (its interval; for Turnbull fits the bootstrap
#'     percentile interval), `conf.level`, `method`, and for Turnbull
#'     fits `logLik`, `iter`, `converged`; `n.excluded` (the stratum's
#'     cases or rows left out: cases without a time, rows dropped by
#'     `na.action`).
#'   * `tidy(<case_tally>)`: `outcome`, `group` (with `by`), `estimate`,
#'     `conf.low`, `conf.high`, `yes`, `no`, `not.reported`, `n` (the
#'     denominator of `estimate`); `glance()`: `nobs`, `outcomes`, `groups`,
#'     `conf.level`, `method`.
#'   * `tidy(<case_completeness>)`: `column`, `estimate` (proportion
#'     reported), `n.reported`, `n.applicable`, `n`; `glance()`: `nobs`,
#'     `fields`, `fields.complete` (reported wherever they apply).
#'   * `tidy(<remission>)`: `population` (`"all cases"` or `"responders
#'     that stopped"`), then the tally columns; with `what = "fit"`, the
#'     relapse-free fit's `tidy()`. `glance()`: `nobs`, `stopped`,
#'     `relapsed`, `sustained`, and the median time to relapse in months
#'     with `conf.low`, `conf.high`.
#'   * `tidy(<case_timeline>)`: one row per case: `case_id`, `response`,
#'     `lower`, `upper` (its time in `unit`, `(lower, upper]`, equal when
#'     exact), `status` (`"exact"`, `"interval"`, `"censored"` or
#'     `"no time"`), `note` (why).
#'   * `tidy(<pool_prop>)`: one row per study, then the pooled random- and
#'     common-effect proportions: `term`, `type` (`"study"` or
#'     `"summary"`), `estimate`, `conf.low`, `conf.high`, `x`, `n`, `weight`
#'     (random effects); `glance()`: `nobs` (patients), `studies`, `method`,
#'     `tau2`, `i.squared`, `h.squared`, the first test of heterogeneity
#'     (`statistic`, `df`, `p.value`), the prediction interval (`pi.low`,
#'     `pi.high`) and `conf.level`.
#'   * `tidy(<case_describe>)`: one row per characteristic, level and
#'     group, as the table: `variable`, `label`, `type`, `level`, `group`
#'     (with `by`), `estimate` (the proportion of the cases that reported
#'     the item, or the median), `count`, `q1`, `q3`, `min`, `max`,
#'     `n.reported`, `n`, and with `p_value = TRUE` `p.value` and
#'     `method`; `glance()`: `nobs`, `characteristics`, `groups`, `by`.
#'   * `tidy(<case_compare>)`: one row, as broom's tidy() of a test:
#'     `outcome`, `by`, `estimate` (odds ratio, 2 x 2 only), `conf.low`,
#'     `conf.high`, `difference` (in proportions) with `diff.low`,
#'     `diff.high`, `statistic`, `parameter`, `p.value`, `method`,
#'     `reference`, `comparison`, `n.used` (cases that reported both the
#'     outcome and the group), `n`; `glance()`: `nobs`, `n.used`,
#'     `n.outcome.missing`, `n.group.missing`, `groups`, `type`,
#'     `p.value`, `method`, `conf.level`.
#' @family output
#' @name tidy.casepool
#' @examples
#' fit <- time_to_response(nsarc_cases, unit = "infusions", by = sex)
#' tidy(fit)
#' glance(fit)
#' tab <- case_tally(nsarc_cases, stopped, improved = response != "none")
#' tidy(tab)
#' tidy(tab, denominator = "reported")
#' glance(tab)
#' tidy(completeness(nsarc_cases))
#' tidy(remission_after_stop(nsarc_cases))
#' head(tidy(case_timeline(nsarc_cases)))
NULL

#' @rdname tidy.casepool
#' @export
tidy.time_fit <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  tab <- x$table
  if (x$type == "right") {
    out <- data.frame(time = tab$time, n.risk = tab$n_risk,
                      n.event = tab$n_event, n.censor = tab$n_censor,
                      estimate = tab$estimate, std.error = tab$std_err,
                      conf.low = tab$conf_low, conf.high = tab$conf_high)
  } else {
    out <- data.frame(lower = tab$lower, upper = tab$upper, mass = tab$mass,
                      estimate = tab$estimate, conf.low = tab$conf_low,
                      conf.high = tab$conf_high)
  }
  if (!is.null(x$strata_levels)) out <- cbind(strata = tab$strata, out)
  rownames(out) <- NULL
  out
}

#' @rdname tidy.casepool
#' @export
glance.time_fit <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  med <- median(x)
  out <- data.frame(nobs = x$n)
  if (x$type == "right") {
    out$events <- vapply(fit_strata(x), function(i) sum(x$table$n_event[i]), 0)
  }
  out$median <- med$estimate
  out$conf.low <- med$conf_low
  out$conf.high <- med$conf_high
  out$conf.level <- x$conf_level
  out$method <- if (x$type == "right") {
    if (isTRUE(x$weighted)) "weighted Kaplan-Meier" else "Kaplan-Meier"
  } else "Turnbull"
  if (x$type == "interval") {
    out$logLik <- x$loglik
    out$iter <- x$iterations
    out$converged <- x$converged
  }
  out$n.excluded <- if (is.null(x$strata_levels)) {
    length(x$excluded) + length(x$na_action)
  } else {
    x$excluded_by %||% integer(length(x$strata_levels))
  }
  if (!is.null(x$strata_levels)) {
    out <- cbind(strata = factor(x$strata_levels, levels = x$strata_levels), out)
  }
  rownames(out) <- NULL
  out
}

#' @rdname tidy.casepool
#' @export
tidy.case_tally <- function(x, denominator = c("all", "reported"), ...) {
  check_dots("tidy", ..., hints = tidy_hints[names(tidy_hints) != "denominator"])
  denominator <- arg_choice(denominator)
  rep <- denominator == "reported"
  out <- data.frame(outcome = x$outcome, stringsAsFactors = FALSE)
  if ("group" %in% names(x)) out$group <- x$group
  out$estimate <- if (rep) x$prop_reported else x$prop
  out$conf.low <- if (rep) x$conf_low_reported else x$conf_low
  out$conf.high <- if (rep) x$conf_high_reported else x$conf_high
  out$yes <- x$yes
  out$no <- x$no
  out$not.reported <- x$not_reported
  out$n <- if (rep) x$n_reported else x$n
  rownames(out) <- NULL
  out
}

#' @rdname tidy.casepool
#' @export
glance.case_tally <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  outcomes <- unique(x$outcome)
  first <- x$outcome == outcomes[1]
  data.frame(nobs = if (length(outcomes)) sum(x$n[first]) else 0L,
             outcomes = length(outcomes),
             groups = if ("group" %in% names(x)) sum(first) else 1L,
             conf.level = attr(x, "conf_level") %||% 0.95,
             method = binom_method_label(attr(x, "method") %||% "exact"))
}

#' @rdname tidy.casepool
#' @export
tidy.case_completeness <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  data.frame(column = x$column, estimate = x$prop, n.reported = x$n_reported,
             n.applicable = x$n_applicable, n = x$n, stringsAsFactors = FALSE)
}

#' @rdname tidy.casepool
#' @export
glance.case_completeness <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  data.frame(nobs = if (nrow(x)) x$n[1] else 0L, fields = nrow(x),
             fields.complete = sum(x$n_reported == x$n_applicable))
}

#' @rdname tidy.casepool
#' @export
tidy.remission <- function(x, what = c("tallies", "fit"), ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  what <- arg_choice(what)
  if (what == "fit") return(tidy(x$fit))
  all <- tidy(x$tally)
  among <- tidy(x$among_stopped)
  out <- rbind(cbind(population = "all cases", all, stringsAsFactors = FALSE),
               cbind(population = "responders that stopped", among,
                     stringsAsFactors = FALSE))
  rownames(out) <- NULL
  out
}

#' @rdname tidy.casepool
#' @export
glance.remission <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  tab <- x$tally
  yes <- function(o) tab$yes[tab$outcome == o]
  med <- median(x$fit)
  data.frame(nobs = tab$n[1], stopped = yes("stopped"),
             relapsed = yes("relapsed"), sustained = yes("sustained"),
             median = med$estimate, conf.low = med$conf_low,
             conf.high = med$conf_high, conf.level = x$fit$conf_level)
}

#' @rdname tidy.casepool
#' @export
tidy.case_timeline <- function(x, unit = c("days", "infusions"), ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  unit <- arg_choice(unit)
  lower <- x[[paste0(unit, "_left")]]
  upper <- x[[paste0(unit, "_right")]]
  status <- ifelse(is.na(lower), "no time",
                   ifelse(is.infinite(upper), "censored",
                          ifelse(lower == upper, "exact", "interval")))
  out <- data.frame(case_id = x$case_id, response = x$response, lower = lower,
                    upper = upper, status = status,
                    note = x[[paste0(unit, "_note")]], stringsAsFactors = FALSE)
  rownames(out) <- NULL
  out
}

