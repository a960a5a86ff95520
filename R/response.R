conf_types <- c("log-log", "log", "plain")

#' Time to response: Kaplan-Meier and Turnbull estimates
#'
#' Estimates the cumulative proportion of cases that have responded by each
#' time, from exact, right-censored or interval-censored times, overall or
#' by strata. Exact and right-censored data get the Kaplan-Meier estimate
#' with Greenwood variance and pointwise intervals, as [survival::survfit()];
#' when any time is known only to an interval, Turnbull's nonparametric
#' maximum likelihood estimate (NPMLE) is computed by self-consistency (EM)
#' with a convergence test on the Kuhn-Tucker conditions. Both are computed
#' in C.
#'
#' @param x A formula with a [survival::Surv()] response, or a case table
#'   (see the case-table method below).
#' @param data A data frame holding the formula's variables.
#' @param conf_type Pointwise interval of the curve: `"log-log"` (default),
#'   `"log"` or `"plain"`, as in [survival::survfit()]. Interval-censored
#'   fits have no pointwise intervals (`NA`).
#' @param conf_level Confidence level, a single number in (0, 1). Default
#'   0.95.
#' @param method `"auto"` (default): Kaplan-Meier unless some time is an
#'   interval, then Turnbull; `"km"`; or `"turnbull"` (the NPMLE, for any
#'   data; with exact and right-censored times it equals Kaplan-Meier).
#' @param tol,maxit Convergence of the Turnbull EM: it stops when
#'   \eqn{\max_j d_j / n - 1 \le} `tol`, where \eqn{d_j} is the derivative of
#'   the log-likelihood in the mass of interval \eqn{j} (the Kuhn-Tucker
#'   conditions), or after `maxit` iterations with a warning. Defaults
#'   `1e-9` and `100000`.
#' @param ... Passed on to methods.
#'
#' @details
#' The formula is `Surv(time, event) ~ strata` for exact and right-censored
#' times, or `Surv(lower, upper, type = "interval2") ~ strata` for times
#' known to an interval `(lower, upper]`: `lower = upper` is exact, `NA` lower
#' is left-censored, `NA` or `Inf` upper right-censored. The right-hand side
#' is `1` for no strata, or variables whose combinations form the strata.
#' Cases with `NA` in a stratum variable form a stratum of their own; a case
#' without any usable time is an error that names its row.
#'
#' Times are used as given. `survival::survfit()` by default first merges
#' times that differ by less than about 1.5e-8 in relative terms
#' (`timefix = TRUE`); on such data the two agree with `timefix = FALSE`.
#'
#' For large tables: the common formula `Surv(time, event) ~ strata` is read
#' straight from the two columns, without building the `Surv` object, with
#' the same reading of `event` (0/1, `FALSE`/`TRUE`, or 1/2). Whole-number
#' times in a modest range (days, infusions) are counted into a table rather
#' than sorted, so a fit on millions of cases takes about as long as a few
#' passes over the columns. Anything else, including `Surv(..., type =
#' "right")`, goes through [survival::Surv()] and gives the same fit.
#'
#' @returns An object of class `"time_fit"` with methods
#'   [print()][print.time_fit], [summary()][summary.time_fit],
#'   [format()][format.time_fit],
#'   [as.data.frame()][as.data.frame.time_fit],
#'   [quantile()][quantile.time_fit] and [median()][median.time_fit].
#'   `as.data.frame()` gives, for Kaplan-Meier fits, one row per stratum and
#'   distinct time: `strata` (when any), `time`, `n_risk`, `n_event`,
#'   `n_censor`, `surv` (proportion not yet responded), `std_err` (Greenwood
#'   standard error of `surv`), `estimate` (`1 - surv`, the cumulative
#'   proportion responded), `conf_low`, `conf_high` (interval of
#'   `estimate`); for Turnbull fits, one row per innermost interval:
#'   `strata`, `lower`, `upper`, `mass`, `estimate` (cumulative at `upper`).
#' @references Turnbull BW (1976). The empirical distribution function with
#'   arbitrarily grouped, censored and truncated data. *JRSS B* 38, 290-295.
#'
#'   Finkelstein DM, Wolfe RA (1985). A semiparametric model for regression
#'   analysis of interval-censored failure time data. *Biometrics* 41,
#'   933-945.
#' @family time to response
#' @export
#' @examples
#' library(survival)
#' fit <- time_to_response(Surv(time, status) ~ x, data = aml)
#' fit
#' median(fit)
#' summary(fit, times = c(10, 20, 30))
#'
#' # times known only to an interval
#' d <- data.frame(lower = c(0, 2, 5, 5, 7, NA), upper = c(3, 4, 9, NA, 7, 6))
#' time_to_response(Surv(lower, upper, type = "interval2") ~ 1, data = d)
time_to_response <- function(x, ...) {
  UseMethod("time_to_response")
}

#' @rdname time_to_response
#' @export
time_to_response.default <- function(x, ...) {
  cp_abort("`x` must be a formula with a Surv() response or a case table, ",
           "not ", describe(x), ".")
}

#' @rdname time_to_response
#' @export
time_to_response.formula <- function(x, data, conf_type = "log-log",
                                     conf_level = 0.95, method = "auto",
                                     tol = 1e-9, maxit = 100000L, ...) {
  if (missing(data) || !is.data.frame(data)) {
    cp_abort("`data` must be a data frame holding the formula's variables.")
  }
  check_fit_options(conf_type, conf_level, method, tol, maxit)
  if (method != "turnbull") {
    fit <- km_formula(x, data, conf_type, conf_level)
    if (!is.null(fit)) return(fit)
  }
  mf <- surv_frame(x, data)
  fit_times(mf$times, mf$strata, labels = mf$labels, conf_type = conf_type,
            conf_level = conf_level, method = method, tol = tol,
            maxit = maxit, event = "response")
}

# The common formula `Surv(time, event) ~ strata`, fitted straight from the
# two columns without building the Surv object (which for millions of cases
# takes longer than the fit).  NULL when the formula is anything else or a
# value is unusable: surv_frame() then evaluates it as written, and reports
# the rows at fault.
km_formula <- function(formula, data, conf_type, conf_level) {
  if (length(formula) != 3) return(NULL)
  env <- environment(formula)
  args <- plain_surv_args(formula[[2]], env)
  if (is.null(args)) return(NULL)
  time <- tryCatch(eval(args$time, data, env), error = function(e) NULL)
  event <- tryCatch(eval(args$event, data, env), error = function(e) NULL)
  plain <- function(v, types) typeof(v) %in% types && is.null(attributes(v))
  if (!plain(time, c("double", "integer")) ||
      !plain(event, c("double", "integer", "logical")) ||
      length(time) != nrow(data) || length(event) != nrow(data)) {
    return(NULL)
  }
  strata <- formula_strata(formula, data)
  km_fit(time, event, strata$codes, conf_type, conf_level,
         labels = strata$labels, event = "response")
}

# list(time, event) of the expressions in a call `Surv(time, event)` to
# survival's Surv() with those two arguments only; NULL otherwise.
plain_surv_args <- function(lhs, env) {
  if (!is.call(lhs) || length(lhs) != 3) return(NULL)
  fn <- lhs[[1]]
  if (identical(fn, quote(Surv))) {
    if (!identical(get0("Surv", envir = env, mode = "function"), survival::Surv)) {
      return(NULL)
    }
  } else if (!identical(fn, quote(survival::Surv))) {
    return(NULL)
  }
  args <- as.list(lhs)[-1]
  nms <- names(args)
  if (is.null(nms)) nms <- c("", "")
  if (!all(nms %in% c("", "time", "event")) || anyDuplicated(nms[nms != ""])) {
    return(NULL)
  }
  # positional arguments fill time, then event, as in Surv()
  slots <- c("time", "event")
  nms[nms == ""] <- setdiff(slots, nms)[seq_len(sum(nms == ""))]
  names(args) <- nms
  args[slots]
}

# Evaluate a Surv() formula: returns list(times, strata, labels) where times
# is list(left, right) with (left, right] per case, and strata and labels
# are as formula_strata() gives them.
surv_frame <- function(formula, data) {
  if (length(formula) != 3) {
    cp_abort("The formula needs a Surv() response, e.g. `Surv(time, event) ~ 1`.")
  }
  invalid <- FALSE
  y <- withCallingHandlers(
    tryCatch(eval(formula[[2]], data, environment(formula)),
             error = function(e) cp_abort("The formula's response could not ",
                                          "be computed: ", conditionMessage(e))),
    warning = function(w) {
      if (grepl("start > stop|Invalid interval", conditionMessage(w))) {
        invalid <<- TRUE
        invokeRestart("muffleWarning")
      }
      # Surv() warns from max() on zero rows
      if (!nrow(data) && grepl("no non-missing", conditionMessage(w))) {
        invokeRestart("muffleWarning")
      }
    }
  )
  if (!inherits(y, "Surv")) {
    cp_abort("The formula's response must be a Surv() object, not ",
             describe(y), ".")
  }
  if (nrow(y) != nrow(data)) {
    cp_abort("The formula's response has ", nrow(y), " rows, `data` ", nrow(data), ".")
  }
  strata <- formula_strata(formula, data)
  list(times = surv_bounds(y, invalid), strata = strata$codes,
       labels = strata$labels)
}

# The strata of a formula's right-hand side: list(codes, labels), NULLs for
# `~ 1`; else a factor of the combinations of its variables (NA a level of
# its own) and the labels of its levels, "var=value".  With one variable the
# factor is the column's own, kept apart from its labels so that a large
# column is not copied.
formula_strata <- function(formula, data) {
  rhs <- stats::delete.response(stats::terms(formula, data = data))
  vars <- attr(rhs, "term.labels")
  if (!length(vars)) return(list(codes = NULL, labels = NULL))
  vals <- lapply(vars, function(v) eval(str2lang(v), data, environment(formula)))
  names(vals) <- vars
  vals <- lapply(vals, group_factor)
  if (length(vals) == 1) {
    f <- vals[[1]]
    return(list(codes = f, labels = paste0(vars, "=", levels(f))))
  }
  lab <- Map(function(v, nm) paste0(nm, "=", as.character(v)), vals, vars)
  f <- factor(do.call(paste, c(lab, sep = ", ")))
  list(codes = f, labels = levels(f))
}

# (left, right] for every case of a Surv object; errors name bad rows.
surv_bounds <- function(y, invalid = FALSE) {
  type <- attr(y, "type")
  if (type == "right") {
    time <- y[, "time"]
    status <- y[, "status"]
    bad <- which(is.na(time) | is.na(status) | !is.finite(time))
    check_bad_rows(bad, invalid)
    neg <- which(time < 0)
    if (length(neg)) cp_abort("Times must not be negative: ", fmt_rows(neg), ".")
    left <- time
    right <- time
    right[status == 0] <- Inf
  } else if (type %in% c("interval", "interval2")) {
    t1 <- y[, "time1"]
    t2 <- y[, "time2"]
    status <- y[, "status"]
    bad <- which(is.na(status) | is.na(t1))
    check_bad_rows(bad, invalid)
    # status 0 right-censored at t1, 1 exact t1, 2 left-censored at t1,
    # 3 in (t1, t2]
    left <- t1
    right <- t1
    right[status == 0] <- Inf
    left[status == 2] <- -Inf
    right[status == 3] <- t2[status == 3]
  } else {
    cp_abort("Surv() type ", dQuote(type, FALSE), " is not supported; use ",
             "right-censored or interval2 data.")
  }
  list(left = as.double(left), right = as.double(right))
}

check_bad_rows <- function(bad, invalid) {
  if (!length(bad)) return(invisible())
  cp_abort("No usable time in ", fmt_rows(bad), ": the time is missing",
           if (invalid) ", or its lower end is above its upper end", ".")
}

check_fit_options <- function(conf_type, conf_level, method, tol, maxit) {
  check_choice(conf_type, conf_types, "conf_type")
  check_choice(method, c("auto", "km", "turnbull"), "method")
  check_scalar_number(conf_level, "conf_level", 0, 1)
  check_scalar_number(tol, "tol", 0, Inf)
  check_scalar_number(maxit, "maxit", 0, Inf, open = FALSE)
  invisible()
}

# The engine: one call to C for all strata.  `times` is list(left, right),
# (left, right] per case; `strata` a factor and `labels` the names of its
# levels.
fit_times <- function(times, strata = NULL, labels = levels(strata),
                      conf_type = "log-log",
                      conf_level = 0.95, method = "auto", tol = 1e-9,
                      maxit = 100000L, event = "response", unit = NULL) {
  check_fit_options(conf_type, conf_level, method, tol, maxit)
  left <- times$left
  right <- times$right
  exact <- left == right
  exact_or_right <- exact | (is.infinite(right) & is.finite(left))
  if (method == "auto") method <- if (all(exact_or_right)) "km" else "turnbull"
  if (method == "km" && !all(exact_or_right)) {
    bad <- which(!exact_or_right)
    cp_abort("`method = \"km\"` needs exact or right-censored times, but ",
             fmt_rows(bad), if (length(bad) == 1) " holds an interval" else
               " hold intervals", ". Use `method = \"turnbull\"`.")
  }
  if (method == "km") {
    fit <- km_fit(as.double(left), exact, strata, conf_type, conf_level,
                  labels = labels, event = event, unit = unit)
    if (is.null(fit)) {
      bad <- which(!is.finite(left) | left < 0)
      cp_abort("Kaplan-Meier needs finite, non-negative times; not so in ",
               fmt_rows(bad), ".")
    }
    return(fit)
  }
  codes <- if (is.null(strata)) NULL else as.integer(strata)
  levels <- labels
  S <- if (is.null(strata)) 1L else length(levels)
  res <- .Call(cp_turnbull, as.double(left), as.double(right), codes, S,
               as.double(tol), as.integer(maxit))
  if (!all(res$converged)) {
    bad <- if (is.null(levels)) "" else paste0(" in stratum ", fmt_list(levels[!res$converged]))
    cp_warn("The Turnbull EM did not converge", bad, " after ", maxit,
            " iterations (Kuhn-Tucker gap ", signif(max(res$kkt), 3),
            "); raise `maxit` or `tol`.")
  }
  cum <- stats::ave(res$mass, res$strata, FUN = cumsum)
  table <- data.frame(strata = strata_column(levels, res$strata), lower = res$lower, upper = res$upper,
                      mass = res$mass, estimate = pmin(cum, 1))
  n <- if (is.null(codes)) length(left) else tabulate(codes, S)
  new_time_fit("interval", table, list(loglik = res$loglik,
               iterations = res$iterations, converged = res$converged,
               kkt = res$kkt), method = method, conf_type = conf_type,
               conf_level = conf_level, strata_levels = levels, n = n,
               event = event, unit = unit)
}

# Kaplan-Meier from times and statuses (0/1, FALSE/TRUE, or 1/2 as Surv()
# reads them) in one call to C; NULL when some value is unusable.
km_fit <- function(time, status, strata, conf_type, conf_level,
                   labels = levels(strata), event = "response", unit = NULL) {
  levels <- labels
  # a factor's codes are read in place
  res <- .Call(cp_km, time, status, strata,
               if (is.null(strata)) 1L else length(levels),
               match(conf_type, conf_types), as.double(conf_level))
  if (is.null(res)) return(NULL)
  n <- res$n
  if (all(n <= .Machine$integer.max)) n <- as.integer(n)
  res$n <- NULL
  res$strata <- strata_column(levels, res$strata)
  table <- structure(res, class = "data.frame",
                     row.names = .set_row_names(length(res$time)))
  new_time_fit("right", table, NULL, method = "km", conf_type = conf_type,
               conf_level = conf_level, strata_levels = levels, n = n,
               event = event, unit = unit)
}

new_time_fit <- function(type, table, extra, method, conf_type, conf_level,
                         strata_levels, n, event, unit) {
  structure(c(list(type = type, table = table), extra,
              list(method = method, conf_type = conf_type,
                   conf_level = conf_level, strata_levels = strata_levels,
                   n = n, event = event, unit = unit)),
            class = "time_fit")
}

# The strata column of a fit table: a factor, or NA when there are no strata
# (dropped by as.data.frame()).
strata_column <- function(levels, codes) {
  if (is.null(levels)) return(rep(NA, length(codes)))
  structure(codes, levels = levels, class = "factor")
}

check_choice <- function(x, choices, arg) {
  if (!is.character(x) || length(x) != 1 || is.na(x) || !x %in% choices) {
    cp_abort(bt(arg), " must be one of ", fmt_list(dQuote(choices, FALSE), conj = "or"),
             ", not ", describe(x), ".")
  }
  x
}

# Rows of the fit table for each stratum (one NULL stratum when unstratified).
fit_strata <- function(fit) {
  if (is.null(fit$strata_levels)) return(list(all = seq_len(nrow(fit$table))))
  idx <- split(seq_len(nrow(fit$table)), fit$table$strata)
  idx[fit$strata_levels]
}

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
#' and the quantiles have no interval (`NA`).
#'
#' `summary(fit, times)` gives the estimate at each time: the step function's
#' value (0 before the first time; `NA` after the last time of a stratum).
#' For Turnbull fits the NPMLE is not unique inside its intervals; the
#' estimate there counts only intervals that ended by the time (a lower
#' bound), and there is no pointwise interval (`NA`).
#' @returns `summary()`: a data frame with `strata` (when any), `time`,
#'   `estimate`, `conf_low`, `conf_high`; `quantile()` and `median()`: a data
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
  if (!is.numeric(probs) || anyNA(probs) || any(probs < 0 | probs > 1)) {
    cp_abort("`probs` must be numbers in [0, 1], not ", describe(probs), ".")
  }
  tol <- sqrt(.Machine$double.eps)
  tab <- x$table
  rows <- lapply(fit_strata(x), function(i) {
    t <- if (x$type == "right") tab$time[i] else tab$upper[i]
    est <- cross_time(t, tab$estimate[i], probs, tol)
    lo <- hi <- rep(NA_real_, length(probs))
    if (x$type == "right") {
      lo <- cross_time(t, tab$conf_high[i], probs, tol)
      hi <- cross_time(t, tab$conf_low[i], probs, tol)
    }
    data.frame(prob = probs, estimate = est, conf_low = lo, conf_high = hi)
  })
  with_strata(rows, x)
}

#' @rdname time_fit-methods
#' @export
median.time_fit <- function(x, na.rm = FALSE, ...) {
  quantile.time_fit(x, probs = 0.5)
}

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
  if (missing(times)) return(object)
  if (!is.numeric(times) || anyNA(times)) {
    cp_abort("`times` must be numbers without NA, not ", describe(times), ".")
  }
  tab <- object$table
  rows <- lapply(fit_strata(object), function(i) {
    t <- if (object$type == "right") tab$time[i] else tab$upper[i]
    k <- findInterval(times, t)
    pick <- function(v) ifelse(k == 0, 0, v[i][pmax(k, 1)])
    est <- pick(tab$estimate)
    if (object$type == "right") {
      lo <- pick(tab$conf_low)
      hi <- pick(tab$conf_high)
      last <- if (length(t)) max(t) else -Inf
      beyond <- times > last
      est[beyond] <- lo[beyond] <- hi[beyond] <- NA
    } else {
      lo <- hi <- rep(NA_real_, length(times))
    }
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
  if (x$type == "right") {
    lab <- paste0(format_pct(x$conf_level, 0), "% CI")
    out[[lab]] <- ifelse(is.na(med$conf_low) & is.na(med$conf_high), "-",
                         paste0(signif(med$conf_low, digits), " to ",
                                signif(med$conf_high, digits)))
  }
  rownames(out) <- if (is.null(x$strata_levels)) "all" else x$strata_levels
  out
}

#' @rdname time_fit-methods
#' @export
print.time_fit <- function(x, digits = 3, ...) {
  what <- if (x$type == "right") {
    paste0("Kaplan-Meier, ", x$conf_type, " ", format_pct(x$conf_level, 0),
           "% intervals")
  } else {
    paste0("Turnbull NPMLE (EM, ", sum(x$iterations), " iterations",
           if (!all(x$converged)) ", NOT converged", ")")
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
  for (note in x$notes) cat("# ", note, "\n", sep = "")
  if (x$type == "interval") {
    cat("# median: first time the NPMLE, with each interval's mass at its",
        "right end, reaches 0.5\n")
  }
  invisible(x)
}
