#' Log-rank test between the strata of a time-to-response fit
#'
#' Compares the strata of a Kaplan-Meier fit from [time_to_response()] by
#' the log-rank test, or another test of the G-rho family (Harrington and
#' Fleming 1982), computed in C from the fit's rows. The observed and
#' expected numbers of events, their variance, the chi-square statistic, its
#' degrees of freedom and p-value are those of [survival::survdiff()] on the
#' same data (with `timefix = FALSE`; see [time_to_response()] for why
#' times are used as given). The printed fit shows the test's line when it
#' has two or more strata.
#'
#' @param fit A Kaplan-Meier fit with strata from [time_to_response()]
#'   (exact and right-censored times, no case weights).
#' @param rho A single number `>= 0`: each event time is weighted by the
#'   pooled Kaplan-Meier estimate just before it to the power `rho`, as in
#'   [survival::survdiff()]. `0` (default) is the log-rank test; `1` the
#'   Peto and Peto modification of the Gehan-Wilcoxon test.
#' @details
#' Strata without cases are left out; strata whose expected count is 0
#' (every case censored before the first event) are shown but are not part
#' of the test, as in survdiff(). The statistic is \eqn{(O - E)' V^{-1}
#' (O - E)} over all strata but one, on one degree of freedom fewer than
#' the strata tested.
#'
#' Interval-censored (Turnbull) fits have no log-rank test here: their
#' strata are compared by the bootstrap intervals of the medians (see
#' [time_to_response()]).
#' @returns An object of class `"time_logrank"`: a list with `table` (a data
#'   frame with `strata`, `n`, `observed`, `expected`, `chisq_e`,
#'   \eqn{(O - E)^2 / E}, and `chisq_v`, \eqn{(O - E)^2 / V}), `chisq`,
#'   `df`, `p.value`, `var` (the variance matrix of the observed minus
#'   expected counts) and `rho`; printed as survdiff() prints.
#' @references Harrington DP, Fleming TR (1982). A class of rank test
#'   procedures for censored survival data. *Biometrika* 69, 553-566.
#' @family time to response
#' @export
#' @examples
#' library(survival)
#' fit <- time_to_response(Surv(time, status) ~ x, data = aml)
#' logrank(fit)
#' logrank(fit, rho = 1)
logrank <- function(fit, rho = 0) {
  if (!inherits(fit, "time_fit")) {
    cp_abort("`fit` must be a fit from time_to_response(), not ", describe(fit), ".")
  }
  check_scalar_number(rho, "rho", 0, Inf, open = FALSE)
  if (!is.finite(rho)) cp_abort("`rho` must be finite, not ", describe(rho), ".")
  if (fit$type != "right") {
    cp_abort("The log-rank test needs a Kaplan-Meier fit (exact and right-censored ",
             "times); this fit is Turnbull's, of interval-censored times.")
  }
  if (isTRUE(fit$weighted)) {
    cp_abort("The log-rank test is for unweighted fits, as survival::survdiff() is; ",
             "this fit has case weights.")
  }
  if (is.null(fit$strata_levels) || sum(fit$n > 0) < 2) {
    cp_abort("The log-rank test needs two or more strata with cases; this fit has ",
             sum(fit$n > 0), ".")
  }
  tab <- fit$table
  S <- length(fit$strata_levels)
  res <- .Call(cp_logrank, as.double(tab$time), as.double(tab$n_risk),
               as.double(tab$n_event), as.integer(tab$strata), S, as.double(rho))
  keep <- fit$n > 0
  o <- res$observed[keep]
  e <- res$expected[keep]
  v <- res$var[keep, keep, drop = FALSE]
  tested <- e > 0
  chisq <- if (sum(tested) < 2) 0 else {
    oe <- (o - e)[tested][-1]
    vv <- v[tested, tested, drop = FALSE][-1, -1, drop = FALSE]
    sum(solve(vv, oe) * oe)
  }
  df <- sum(tested) - 1L
  table <- data.frame(strata = factor(fit$strata_levels[keep], levels = fit$strata_levels[keep]),
                      n = fit$n[keep], observed = o, expected = e,
                      chisq_e = (o - e)^2 / e, chisq_v = (o - e)^2 / diag(v))
  dimnames(v) <- list(fit$strata_levels[keep], fit$strata_levels[keep])
  structure(list(table = table, chisq = chisq, df = df,
                 p.value = stats::pchisq(chisq, df, lower.tail = FALSE), var = v,
                 rho = rho),
            class = "time_logrank")
}

#' @export
print.time_logrank <- function(x, digits = 3, ...) {
  name <- if (x$rho == 0) "log-rank test" else paste0("G-rho test, rho = ", x$rho)
  cat("<time_logrank> ", name, " between ", nrow(x$table), " strata\n", sep = "")
  tab <- x$table
  out <- data.frame(N = tab$n, Observed = tab$observed,
                    Expected = signif(tab$expected, digits),
                    `(O-E)^2/E` = signif(tab$chisq_e, digits),
                    `(O-E)^2/V` = signif(tab$chisq_v, digits), check.names = FALSE)
  rownames(out) <- as.character(tab$strata)
  print(out)
  cat("\nChi-square ", format(round(x$chisq, 2), nsmall = 2), " on ", x$df,
      " degree", if (x$df != 1) "s", " of freedom, p = ", format_p(x$p.value), "\n",
      sep = "")
  invisible(x)
}

# The log-rank test printed with a fit: for unweighted Kaplan-Meier fits
# with two or more strata that have cases, else NULL.
fit_logrank <- function(x) {
  if (x$type != "right" || isTRUE(x$weighted) || is.null(x$strata_levels) ||
      sum(x$n > 0) < 2) {
    return(NULL)
  }
  logrank(x)
}

format_p <- function(p) {
  if (is.na(p)) return("NA")
  if (p < 1e-4) return("< 0.0001")
  format(signif(p, 2), scientific = FALSE)
}
