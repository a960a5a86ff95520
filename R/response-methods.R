# Methods for time-to-response fits: as.data.frame, quantile, median,
# summary, format and print.

#' Methods for time-to-response fits
#'
#' @param x,object A fit from [time_to_response()].
#' @param times Numeric vector of times at which to give the estimates.
#' @param probs Numeric vector of cumulative proportions in \[0, 1\]. Default
#'   `c(0.25, 0.5, 0.75)`.
#' @param digits Significant digits to print.
#' @param na.rm Unused; for the generic.
#' @param ... Unused.
#' @details
#' `quantile()` gives the time by which a proportion `probs` had responded,
#' with its interval, by the rule of survival's `quantile.survfit()`: the
#' first time the curve (or its confidence limit) reaches the proportion,
#' and the midpoint of a flat stretch that lies exactly at it. For Turnbull
#' fits the curve is the NPMLE with each interval's mass at its right end,
#' and the interval is the bootstrap percentile interval (see
#' [time_to_response()]): from the first time the band's upper limit
#' reaches the proportion to the first time its lower limit does (`NA`
#' without a bootstrap, or where the limit is never reached).
#'
#' `summary(fit, times)` gives the estimate at each time: the step function's
#' value (0 before the first time; `NA` after the last time of a stratum).
#' For Turnbull fits the NPMLE is not unique inside its intervals; the
#' estimate there counts only intervals that ended by the time (a lower
#' bound), the interval is the bootstrap band, and `lower_ends` and
#' `upper_ends` are the bounds at the time.
#' @returns `summary()`: a data frame with `strata` (when any), `time`,
#'   `estimate`, `conf_low`, `conf_high`, and for Turnbull fits
#'   `lower_ends`, `upper_ends`; `quantile()` and `median()`: a data
#'   frame with `strata` (when any), `prob`, `estimate`, `conf_low`,
#'   `conf_high`; `as.data.frame()`: the fit's table (see
#'   [time_to_response()]); `format()`: a character data frame per stratum.
#' @name time_fit-methods
#' @family time to response
#' @examples
#' library(survival)
#' fit <- time_to_response(Surv(time, status) ~ trt, data = veteran)
#' quantile(fit, c(0.25, 0.5))
#' summary(fit, times = c(30, 90, 180))
#' head(as.data.frame(fit))
NULL

#' @rdname time_fit-methods
#' @export
as.data.frame.time_fit <- function(x, ...) {
  tab <- x$table
  if (is.null(x$strata_levels)) tab$strata <- NULL
  rownames(tab) <- NULL
  tab
}

#' @rdname time_fit-methods
#' @export
quantile.time_fit <- function(x, probs = c(0.25, 0.5, 0.75), ...) {
  check_dots("quantile", ..., hints = method_hints)
  if (!is.numeric(probs) || anyNA(probs) || any(probs < 0 | probs > 1)) {
    cp_abort("`probs` must be numbers in [0, 1], not ", describe(probs), ".")
  }
  tol <- sqrt(.Machine$double.eps)
  tab <- x$table
  rows <- lapply(fit_strata(x), function(i) {
    t <- if (x$type == "right") tab$time[i] else tab$upper[i]
    est <- cross_time(t, tab$estimate[i], probs, tol)
    if (x$type == "right") {
      lo <- cross_time(t, tab$conf_high[i], probs, tol)
      hi <- cross_time(t, tab$conf_low[i], probs, tol)
    } else {
      ci <- turnbull_quantile_ci(tab, i, probs, tol)
      lo <- ci$low
      hi <- ci$high
      # reached only in the interval that ends at Inf: after follow-up
      est[!is.finite(est)] <- NA
    }
    data.frame(prob = probs, estimate = est, conf_low = lo, conf_high = hi)
  })
  with_strata(rows, x)
}

#' @rdname time_fit-methods
#' @export
median.time_fit <- function(x, na.rm = FALSE, ...) {
  check_dots("median", ..., hints = method_hints)
  quantile.time_fit(x, probs = 0.5)
}

# survival's spellings in summary(), quantile() and median() of a fit.
method_hints <- c(
  conf.int = paste("the intervals come with the fit; set their level with",
                   "`conf_level` in time_to_response()"),
  conf.level = "set the level with `conf_level` in time_to_response()",
  conf.type = "set the interval type with `conf_type` in time_to_response()",
  extend = "estimates after the last time of a stratum are NA",
  censored = "as.data.frame() gives every time, censored ones too",
  scale = "rescale the times before fitting",
  rmean = "casepool does not compute restricted means",
  tolerance = "the tolerance is fixed at sqrt(.Machine$double.eps)",
  p = "use `probs`",
  prob = "use `probs`",
  time = "use `times`"
)

# The time a non-decreasing step curve first reaches each of probs; the
# midpoint of a flat stretch lying at a prob (within tol).  The curve starts
# at 0 at time 0.  As survival's quantile.survfit.
cross_time <- function(time, cum, probs, tol) {
  x <- c(0, time)
  y <- c(0, cum)
  if (all(is.na(y)) || max(y, na.rm = TRUE) < min(probs)) {
    return(rep(NA_real_, length(probs)))
  }
  xmax <- x[length(x)]
  keep <- !duplicated(y)
  x <- x[keep]
  y <- y[keep]
  n <- length(y)
  first_at <- stats::approx(y + tol, seq_len(n), probs, method = "constant",
                            f = 1)$y
  first_above <- stats::approx(y - tol, seq_len(n), probs, method = "constant",
                               f = 1)$y
  out <- (x[first_at] + x[first_above]) / 2
  out[probs == 0] <- x[1]
  if (!is.na(y[n])) {
    at_end <- abs(probs - y[n]) < tol
    out[at_end] <- (x[first_at[at_end]] + xmax) / 2
  }
  out
}

with_strata <- function(rows, x) {
  if (is.null(x$strata_levels)) {
    out <- rows[[1]]
  } else {
    out <- do.call(rbind, rows)
    out <- cbind(strata = factor(rep(x$strata_levels, vapply(rows, nrow, 1L)),
                                 levels = x$strata_levels), out)
  }
  rownames(out) <- NULL
  out
}

#' @rdname time_fit-methods
#' @export
summary.time_fit <- function(object, times, ...) {
  check_dots("summary", ..., hints = method_hints)
  if (missing(times)) return(object)
  if (!is.numeric(times) || anyNA(times)) {
    cp_abort("`times` must be numbers without NA, not ", describe(times), ".")
  }
  tab <- object$table
  if (object$type == "interval") {
    rows <- Map(function(i, j) turnbull_at(object, i, j, times),
                fit_strata(object), bounds_strata(object))
    return(with_strata(rows, object))
  }
  rows <- lapply(fit_strata(object), function(i) {
    t <- tab$time[i]
    k <- findInterval(times, t)
    pick <- function(v) ifelse(k == 0, 0, v[i][pmax(k, 1)])
    est <- pick(tab$estimate)
    lo <- pick(tab$conf_low)
    hi <- pick(tab$conf_high)
    last <- if (length(t)) max(t) else -Inf
    beyond <- times > last
    est[beyond] <- lo[beyond] <- hi[beyond] <- NA
    data.frame(time = times, estimate = est, conf_low = lo, conf_high = hi)
  })
  with_strata(rows, object)
}

#' @rdname time_fit-methods
#' @export
format.time_fit <- function(x, digits = 3, ...) {
  n <- x$n
  events <- if (x$type == "right") {
    vapply(fit_strata(x), function(i) sum(x$table$n_event[i]), 0)
  } else {
    rep(NA_real_, length(n))
  }
  med <- median(x)
  out <- data.frame(n = n)
  if (x$type == "right") {
    out[[switch(x$event, response = "responded", relapse = "relapsed", "events")]] <- events
  }
  out$median <- signif(med$estimate, digits)
  range_of <- function(lo, hi) {
    ifelse(is.na(lo) & is.na(hi), "-",
           paste0(signif(lo, digits), " to ", signif(hi, digits)))
  }
  if (x$type == "right" || !is.null(x$boot)) {
    lab <- paste0(format_pct(x$conf_level, 0), "% CI")
    out[[lab]] <- range_of(med$conf_low, med$conf_high)
  }
  if (x$type == "interval" && !is.null(x$bounds)) {
    b <- bounds_median(x)
    out$bounds <- range_of(b[1, ], b[2, ])
  }
  rownames(out) <- if (is.null(x$strata_levels)) "all" else x$strata_levels
  out
}

#' @rdname time_fit-methods
#' @export
print.time_fit <- function(x, digits = 3, ...) {
  what <- if (x$type == "right") {
    paste0(if (isTRUE(x$weighted)) "weighted " , "Kaplan-Meier, ", x$conf_type, " ",
           format_pct(x$conf_level, 0), "% intervals",
           if (isTRUE(x$weighted)) paste0(" (", x$variance, " variance)"))
  } else {
    paste0("Turnbull NPMLE (", sum(x$iterations), " iterations",
           if (!all(x$converged)) ", NOT converged", ")",
           if (!is.null(x$boot)) {
             paste0(", bootstrap percentile ", format_pct(x$conf_level, 0),
                    "% intervals (", x$boot$B, " resamples, seed ", x$boot$seed, ")")
           })
  }
  unit <- if (!is.null(x$unit)) paste0(" in ", x$unit) else ""
  cat("<time_fit> time to ", x$event, unit, ": ", what, "\n", sep = "")
  print(format(x, digits = digits))
  if (length(x$excluded)) {
    cat("# ", length(x$excluded), " case", if (length(x$excluded) > 1) "s",
        " gave no time and ", if (length(x$excluded) > 1) "are" else "is",
        " not in the estimate (see $excluded",
        if (!is.null(x$timeline)) " and $timeline for why", ")\n", sep = "")
  }
  if (length(x$na_action)) {
    k <- length(x$na_action)
    cat("# ", k, " row", if (k > 1) "s", " without a usable time or weight ",
        if (k > 1) "were" else "was", " left out by na.action: ",
        fmt_rows(x$na_action), " (see $na_action)\n", sep = "")
  }
  for (note in x$notes) cat("# ", note, "\n", sep = "")
  if (x$type == "interval") {
    cat("# median: first time the NPMLE, with each interval's mass at its",
        "right end, reaches 0.5\n")
    if (!is.null(x$bounds)) {
      cat("# bounds: the median with every interval at its lower end, and at",
          "its upper end (Kaplan-Meier)\n")
    }
    if (is.null(x$boot)) {
      cat("# no confidence intervals: give `B` (e.g. B = 1000) for bootstrap",
          "intervals\n")
    }
  }
  lr <- fit_logrank(x)
  if (!is.null(lr)) {
    cat("# log-rank test: chi-square ", format(round(lr$chisq, 2), nsmall = 2),
        " on ", lr$df, " df, p = ", format_p(lr$p.value), "\n", sep = "")
  }
  invisible(x)
}
