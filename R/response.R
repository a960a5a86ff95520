conf_types <- c("log-log", "log", "plain")

#' Time to response: Kaplan-Meier and Turnbull estimates
#'
#' Estimates the cumulative proportion of cases that have responded by each
#' time, from exact, right-censored or interval-censored times, overall or
#' by strata. Exact and right-censored data get the Kaplan-Meier estimate
#' with Greenwood variance and pointwise intervals, as [survival::survfit()];
#' when any time is known only to an interval, Turnbull's nonparametric
#' maximum likelihood estimate (NPMLE), with bootstrap percentile intervals
#' and best/worst-case bounds. Both are computed in C.
#'
#' @param x A formula with a [survival::Surv()] response, or a case table
#'   (see the case-table method below).
#' @param data A data frame holding the formula's variables; when left
#'   out they are taken from the formula's environment, as in
#'   [survival::survfit()].
#' @param weights Case weights, as in [survival::survfit()]: a numeric
#'   column of `data` (bare name) or a vector, one per row, finite and
#'   `>= 0`. Kaplan-Meier fits only. Default none.
#' @param subset Rows to use: a logical expression in `data`'s columns
#'   (`NA` counts as `FALSE`) or row numbers. Default all.
#' @param na.action What to do with rows without a usable time (or with a
#'   missing weight): [stats::na.fail()] (default) is an error naming the
#'   rows; [stats::na.omit()] (or [stats::na.exclude()]) leaves them out and
#'   lists them in the fit's `na_action` element (and a line when printed).
#'   A function, or its name.
#' @param conf_type Pointwise interval of a Kaplan-Meier curve: `"log-log"`
#'   (default), `"log"` or `"plain"`, as in [survival::survfit()]. Turnbull
#'   fits have bootstrap percentile intervals instead (see `B`).
#' @param conf_level Confidence level, a single number in (0, 1). Default
#'   0.95.
#' @param method `"auto"` (default): Kaplan-Meier unless some time is an
#'   interval, then Turnbull; `"km"`; or `"turnbull"` (the NPMLE, for any
#'   data; with exact and right-censored times it equals Kaplan-Meier).
#' @param tol,maxit Convergence of the Turnbull fit: it stops when
#'   \eqn{\max_j d_j / n - 1 \le} `tol`, where \eqn{d_j} is the derivative of
#'   the log-likelihood in the mass of interval \eqn{j} (the Kuhn-Tucker
#'   conditions), or after `maxit` iterations with a warning. `tol` is a
#'   number > 0, default `1e-10`; `maxit` a whole number >= 1, default
#'   `1000` (the fit usually takes 5 to 20).
#' @param B Bootstrap resamples for the intervals of a Turnbull fit: a whole
#'   number, `0` for none. The default, `NULL`, is 1000 when the fit has at
#'   most 2000 cases and none above (the printed fit then says so; a large
#'   `B` on a large table takes a while, and can be interrupted).
#'   Kaplan-Meier fits do not use it: their intervals are Greenwood's.
#' @param seed The bootstrap's random numbers: a whole number, or `NULL`
#'   (default) to draw one from R's generator, so that [set.seed()] makes
#'   the fit reproducible. The seed used is kept in the fit (`$boot$seed`)
#'   and printed; R's generator is not used otherwise.
#' @param ... Not used: an argument the method does not take is an error
#'   that names it, and gives casepool's spelling of survival's names
#'   (`conf.type` is `conf_type`, `conf.int` is `conf_level`).
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
#' `subset`, then `na.action`, are applied as [stats::model.frame()] applies
#' them, and rows are counted in `data`. A missing stratum value is not a
#' missing row: it forms its stratum (above).
#'
#' With `weights`, `n_risk`, `n_event` and `n_censor` are sums of weights
#' and the curve is the weighted Kaplan-Meier estimate of
#' [survival::survfit()]. The variance follows survfit()'s default too:
#' Greenwood's, on the weighted counts, when every weight is a whole number
#' (frequency weights: the same fit as repeating each row), and the robust
#' (infinitesimal jackknife) variance when some weight is not. `n` stays the
#' number of cases. Turnbull fits take no weights.
#'
#' @section Turnbull's estimate:
#' Times must not be negative in any form of [survival::Surv()] (day 0 is
#' the first infusion): a negative time or interval end is an error naming
#' the rows; a missing (or `-Inf`) lower end is left-censored.
#'
#' The NPMLE puts all its mass on Turnbull's innermost intervals, and is not
#' unique inside them: the table's `estimate` puts each interval's mass at
#' its upper end (a lower bound of the curve there), and so do `summary()`,
#' `quantile()` and the median. It is computed by an active-set Newton
#' method (support reduction): each iteration adds the intervals where the
#' Kuhn-Tucker conditions fail most and takes Newton steps for the masses
#' of the support, whose Hessian is a sparse graph Laplacian; it stops when
#' the Kuhn-Tucker gap is at most `tol` (the log-likelihood is then within
#' n `tol` of its maximum), usually in 5 to 20 iterations whatever the
#' number of intervals. It agrees with `icenReg::ic_np()` to about 1e-8 in
#' the curve.
#'
#' **Bootstrap intervals.** Each of `B` resamples draws as many cases as
#' each stratum has, with replacement, and fits their NPMLE on the data's
#' innermost intervals. A resample's NPMLE is not unique either, and less
#' so than the data's (it lacks some cases), so each resample gives two
#' curves: every mass as late as its cases allow, and as early. The
#' interval of the curve at a time runs from the k-th smallest of the
#' first to the k-th largest of the second, k = floor((B + 1) (1 -
#' conf_level) / 2) (the percentile method, Efron and Tibshirani 1993,
#' widened to hold every estimate a resample allows). The interval of a
#' quantile, and of the median, is the percentile interval of the
#' resamples' quantiles, the earliest each allows for the lower limit and
#' the latest for the upper; it is where the band crosses the proportion,
#' and `NA` where it never does (too few responses). The bootstrap is
#' computed in C, stratum by stratum, with its own random number generator
#' seeded by `seed`; it can be interrupted. With exact and right-censored
#' times it agrees with the Greenwood log-log intervals of Kaplan-Meier
#' within Monte Carlo error.
#'
#' **Bounds.** `bounds` holds the Kaplan-Meier estimates with every interval
#' at its lower end (a left-censored time at 0) and with every interval at
#' its upper end; right-censored times are censored at their lower end in
#' both. The distance between them shows how much the loose reporting of
#' times matters. They are printed as the medians of the two curves, drawn
#' by [plot()][plot.time_fit], and given by `summary()`.
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
#'   `strata`, `lower`, `upper`, `mass`, `estimate` (cumulative at
#'   `upper`), `conf_low`, `conf_high` (the bootstrap band at `upper`, `NA`
#'   without a bootstrap). A Turnbull fit also holds `bounds`, a data frame
#'   with `strata`, `time`, `lower_ends` and `upper_ends` (the two bounding
#'   Kaplan-Meier curves, below), `boot` (`B`, `seed`, `method` and
#'   `failed`, the resamples whose fit did not converge; `NULL` without a
#'   bootstrap), `loglik`, `iterations`, `converged` and `kkt` (the
#'   Kuhn-Tucker gap reached) per stratum.
#' @references Turnbull BW (1976). The empirical distribution function with
#'   arbitrarily grouped, censored and truncated data. *JRSS B* 38, 290-295.
#'
#'   Groeneboom P, Jongbloed G, Wellner JA (2008). The support reduction
#'   algorithm for computing non-parametric function estimates in mixture
#'   models. *Scandinavian Journal of Statistics* 35, 385-399.
#'
#'   Wang Y (2008). Dimension-reduced nonparametric maximum likelihood
#'   computation for interval-censored data. *Computational Statistics &
#'   Data Analysis* 52, 2388-2402.
#'
#'   Efron B, Tibshirani RJ (1993). *An Introduction to the Bootstrap*.
#'   Chapman & Hall (the percentile interval, chapter 13).
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
#' # variables from the calling environment, a subset, case weights
#' time <- aml$time; status <- aml$status
#' time_to_response(Surv(time, status) ~ 1, subset = time < 100)
#' w <- rep(c(1, 2), length.out = nrow(aml))
#' time_to_response(Surv(time, status) ~ x, data = aml, weights = w)
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
#' @importFrom stats na.fail
#' @export
time_to_response.formula <- function(x, data, weights, subset,
                                     na.action = na.fail,
                                     conf_type = "log-log",
                                     conf_level = 0.95, method = "auto",
                                     tol = 1e-10, maxit = 1000L, B = NULL,
                                     seed = NULL, ...) {
  check_dots("time_to_response", ..., hints = formula_hints,
             formals = names(formals(time_to_response.formula)))
  check_fit_options(conf_type, conf_level, method, tol, maxit, B, seed)
  if (length(x) != 3) {
    cp_abort("The formula needs a Surv() response, e.g. `Surv(time, event) ~ 1`.")
  }
  env <- environment(x) %||% parent.frame()
  if (missing(data) || is.null(data)) {
    data <- NULL
  } else if (!is.data.frame(data)) {
    cp_abort("`data` must be a data frame holding the formula's variables ",
             "(or left out, to take them from the formula's environment), not ",
             describe(data), ".")
  }
  mf <- formula_frame(x, data, env,
                      weights = if (!missing(weights)) substitute(weights),
                      subset = if (!missing(subset)) substitute(subset),
                      na_action = na.action, plain = method != "turnbull")
  fit <- NULL
  if (!is.null(mf$time)) {
    fit <- km_fit(mf$time, mf$event, mf$strata, conf_type, conf_level,
                  labels = mf$labels, event = "response", weights = mf$weights)
    if (is.null(fit) && mf$pending) {
      # some value Kaplan-Meier cannot take: rows without a time go to
      # na.action, and the rest are fitted again
      before <- length(mf$time)
      mf <- frame_na(mf, na.action)
      if (length(mf$time) < before) {
        fit <- km_fit(mf$time, mf$event, mf$strata, conf_type, conf_level,
                      labels = mf$labels, event = "response", weights = mf$weights)
      }
    }
    if (is.null(fit)) {
      # read the columns as Surv() does, for the message that names the row
      y <- eval_surv(quote(survival::Surv(time, event)),
                     list(time = mf$time, event = mf$event), baseenv())
      mf$bounds <- surv_bounds(y$y, y$invalid, mf$ids)
      check_bad_rows(mf$ids[mf$bounds$missing], y$invalid)
    }
  }
  if (is.null(fit)) {
    fit <- fit_times(mf$bounds[c("left", "right")], mf$strata, labels = mf$labels,
                     conf_type = conf_type, conf_level = conf_level,
                     method = method, tol = tol, maxit = maxit, B = B, seed = seed,
                     event = "response", weights = mf$weights, rows = mf$rows)
  }
  fit$na_action <- mf$na_action
  fit$excluded_by <- mf$dropped_by
  fit
}

# survival's and broom's spellings, and arguments of the other method.
formula_hints <- c(
  conf.type = "use `conf_type`",
  conf.int = "use `conf_level` for the level of the intervals (e.g. 0.9)",
  conf.level = "use `conf_level`",
  conf.lower = "casepool's intervals are the usual pointwise ones, by `conf_type`",
  type = "use `method` (\"km\" for Kaplan-Meier, \"turnbull\" or \"auto\")",
  stype = "casepool estimates the curve by Kaplan-Meier or Turnbull (`method`)",
  ctype = "casepool estimates the curve by Kaplan-Meier or Turnbull (`method`)",
  error = paste("the variance is Greenwood's, or the robust one when some weight",
                "is not a whole number, as in survfit()"),
  robust = paste("the variance is the robust one when some weight is not a whole",
                 "number, else Greenwood's, as survfit()'s default"),
  se.fit = "standard errors are always computed (column `std_err`)",
  timefix = "times are used as given (see Details)",
  weight = "use `weights`",
  na_action = "use `na.action`",
  maxiter = "use `maxit`",
  by = "put the strata on the formula's right-hand side, e.g. `Surv(time, event) ~ sex`",
  strata = "put the strata on the formula's right-hand side, e.g. `Surv(time, event) ~ sex`",
  unit = "`unit` applies to case tables",
  regimen = "`regimen` applies to case tables",
  id = "each row is one case; casepool has no multi-row cases",
  cluster = "each row is one case; casepool has no clusters"
)

# Arguments of the formula method, and survival's spellings, given to the
# case-table method.
cases_hints <- c(
  formula_hints[setdiff(names(formula_hints), c("by", "strata", "unit", "regimen"))],
  data = "a case table holds its own data: `time_to_response(cases)`",
  weights = "`weights` apply to the formula method, `time_to_response(Surv(time, event) ~ 1, data, weights = w)`",
  subset = "subset the case table first, e.g. `time_to_response(cases[cases$sex == \"F\", ])`",
  na.action = "cases without a time are left out and listed in the fit's `excluded`",
  strata = "use `by`",
  group = "use `by`"
)

# The engine: one call to C for all strata.  `times` is list(left, right),
# (left, right] per case; `strata` a factor and `labels` the names of its
# levels.
fit_times <- function(times, strata = NULL, labels = levels(strata),
                      conf_type = "log-log",
                      conf_level = 0.95, method = "auto", tol = 1e-10,
                      maxit = 1000L, B = NULL, seed = NULL, event = "response",
                      unit = NULL, weights = NULL, rows = NULL) {
  check_fit_options(conf_type, conf_level, method, tol, maxit, B, seed)
  left <- times$left
  right <- times$right
  row_of <- function(i) if (is.null(rows)) i else rows[i]
  check_nonnegative(left, right, rows)
  exact <- left == right
  exact_or_right <- exact | (is.infinite(right) & is.finite(left))
  if (method == "auto") method <- if (all(exact_or_right)) "km" else "turnbull"
  if (method == "km" && !all(exact_or_right)) {
    bad <- which(!exact_or_right)
    cp_abort("`method = \"km\"` needs exact or right-censored times, but ",
             fmt_rows(row_of(bad)), if (length(bad) == 1) " holds an interval" else
               " hold intervals", ". Use `method = \"turnbull\"`.")
  }
  if (method == "km") {
    fit <- km_fit(as.double(left), exact, strata, conf_type, conf_level,
                  labels = labels, event = event, unit = unit, weights = weights)
    if (is.null(fit)) {
      bad <- which(!is.finite(left) | left < 0)
      cp_abort("Kaplan-Meier needs finite, non-negative times; not so in ",
               fmt_rows(row_of(bad)), ".")
    }
    return(fit)
  }
  if (!is.null(weights)) {
    bad <- which(!exact_or_right)
    if (length(bad)) {
      cp_abort("`weights` apply to Kaplan-Meier fits only; ", fmt_rows(row_of(bad)),
               if (length(bad) == 1) " holds an interval" else " hold intervals",
               ", which need", if (length(bad) == 1) "s", " Turnbull's estimate.")
    }
    cp_abort("`weights` apply to Kaplan-Meier fits only, not to Turnbull's ",
             "estimate (`method = \"turnbull\"`).")
  }
  codes <- if (is.null(strata)) NULL else as.integer(strata)
  turnbull_fit(left, right, codes, labels, tol = tol, maxit = maxit, B = B,
               seed = seed, conf_level = conf_level, method = method,
               conf_type = conf_type, event = event, unit = unit)
}

# Kaplan-Meier from times and statuses (0/1, FALSE/TRUE, or 1/2 as Surv()
# reads them) in one call to C; NULL when some value is unusable.  With
# case weights (finite, >= 0), the variance is Greenwood's when every weight
# is a whole number and the robust one otherwise, as in survfit().
km_fit <- function(time, status, strata, conf_type, conf_level,
                   labels = levels(strata), event = "response", unit = NULL,
                   weights = NULL) {
  levels <- labels
  robust <- !is.null(weights) && any(weights != floor(weights))
  # a factor's codes are read in place
  res <- .Call(cp_km, time, status, strata,
               if (is.null(strata)) 1L else length(levels),
               weights, robust, match(conf_type, conf_types),
               as.double(conf_level))
  if (is.null(res)) return(NULL)
  n <- res$n
  if (all(n <= .Machine$integer.max)) n <- as.integer(n)
  res$n <- NULL
  res$strata <- strata_column(levels, res$strata)
  table <- structure(res, class = "data.frame",
                     row.names = .set_row_names(length(res$time)))
  extra <- if (!is.null(weights)) {
    list(weighted = TRUE, variance = if (robust) "robust" else "greenwood")
  }
  new_time_fit("right", table, extra, method = "km", conf_type = conf_type,
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
