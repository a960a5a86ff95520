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

# Evaluate a Surv() formula on `data` (NULL: the formula's environment
# only), with weights, subset and na.action applied as model.frame()
# applies them.  Returns time and event for the common `Surv(time, event)`
# read straight from its columns (when `plain`), else y (the Surv object)
# and bounds = list(left, right) with (left, right] per case; with strata
# (a factor) and labels, weights (NULL or numeric), ids (the rows of `data`
# of the cases), rows (the same, NULL when all rows are used) and
# na_action (the rows dropped, classed "omit" or "exclude", or NULL).  For
# plain columns, na.action waits (`pending`) until the fit rejects them:
# see frame_na().
formula_frame <- function(formula, data, env, weights = NULL, subset = NULL,
                          na_action = stats::na.fail, plain = TRUE) {
  lhs <- formula[[2]]
  time <- event <- y <- NULL
  args <- if (plain) plain_surv_args(lhs, env)
  if (!is.null(args)) {
    time <- tryCatch(eval(args$time, data, env), error = function(e) NULL)
    event <- tryCatch(eval(args$event, data, env), error = function(e) NULL)
    is_plain <- function(v, types) typeof(v) %in% types && is.null(attributes(v))
    if (!is_plain(time, c("double", "integer")) ||
        !is_plain(event, c("double", "integer", "logical")) ||
        length(time) != length(event) ||
        (!is.null(data) && length(time) != nrow(data))) {
      time <- event <- NULL
    }
  }
  hint <- if (is.null(data)) {
    paste0(" (without `data`, the formula's variables are looked up where ",
           "the formula was written)")
  } else ""
  if (is.null(time)) y <- eval_surv(lhs, data, env, hint)
  n <- if (!is.null(time)) length(time) else nrow(y$y)
  if (!is.null(data) && n != nrow(data)) {
    cp_abort("The formula's response has ", n, " rows, `data` ", nrow(data), ".")
  }
  w <- formula_weights(weights, data, env, n)
  rows <- formula_subset(subset, data, env, n)
  strata <- formula_strata(formula, data, env, rows, n, hint)
  if (!is.null(rows)) {
    if (!is.null(time)) {
      time <- time[rows]
      event <- event[rows]
    } else {
      y$y <- y$y[rows]
    }
    if (!is.null(w)) w <- w[rows]
  }
  mf <- list(time = time, event = event, y = y, bounds = NULL,
             strata = strata$codes, labels = strata$labels, weights = w,
             ids = rows %||% seq_len(n), subset = !is.null(rows),
             na_action = NULL, pending = TRUE,
             row_names = if (!is.null(data)) attr(data, "row.names"))
  # the plain columns are scanned for NA only when the fit rejects them
  # (a pass over millions of cases saved), unless a weight is missing
  if (is.null(time) || (!is.null(w) && anyNA(w))) {
    mf <- frame_na(mf, na_action)
  } else if (!is.null(w)) {
    check_weights(w, mf$ids)
  }
  mf
}

# Apply na.action to a formula_frame(): rows without a usable time or
# weight are an error or dropped.  Sets bounds (for a Surv object), rows
# (the rows of the data kept, NULL for all) and na_action.
frame_na <- function(mf, na_action) {
  if (!is.null(mf$time)) {
    miss <- if (anyNA(mf$time) || anyNA(mf$event)) {
      which(is.na(mf$time) | is.na(mf$event))
    } else integer()
  } else {
    mf$bounds <- surv_bounds(mf$y$y, mf$y$invalid, mf$ids)
    miss <- mf$bounds$missing
    mf$bounds$missing <- NULL
  }
  w <- mf$weights
  miss_w <- if (!is.null(w) && anyNA(w)) which(is.na(w)) else integer()
  drop <- apply_na_action(na_action, miss, miss_w, mf$ids,
                          invalid = !is.null(mf$y) && mf$y$invalid,
                          row_names = mf$row_names)
  if (length(drop) && !is.null(mf$strata)) {
    mf$dropped_by <- tabulate(mf$strata[drop], nlevels(mf$strata))
  }
  if (length(drop)) {
    keep <- -as.integer(drop)
    if (!is.null(mf$time)) {
      mf$time <- mf$time[keep]
      mf$event <- mf$event[keep]
    } else {
      mf$bounds$left <- mf$bounds$left[keep]
      mf$bounds$right <- mf$bounds$right[keep]
    }
    if (!is.null(w)) mf$weights <- w[keep]
    if (!is.null(mf$strata)) mf$strata <- mf$strata[keep]
    mf$ids <- mf$ids[keep]
  }
  if (!is.null(mf$weights)) check_weights(mf$weights, mf$ids)
  mf$rows <- if (!mf$subset && !length(drop)) NULL else mf$ids
  mf$na_action <- attr(drop, "na_action")
  mf$pending <- FALSE
  mf
}

# Evaluate a Surv() call: list(y, invalid), invalid TRUE when Surv() turned
# an interval whose lower end is above its upper end into NA.
eval_surv <- function(lhs, data, env, hint = "") {
  invalid <- FALSE
  y <- withCallingHandlers(
    tryCatch(eval(lhs, data, env),
             error = function(e) cp_abort("The formula's response could not ",
                                          "be computed: ", conditionMessage(e),
                                          hint)),
    warning = function(w) {
      if (grepl("start > stop|Invalid interval", conditionMessage(w))) {
        invalid <<- TRUE
        invokeRestart("muffleWarning")
      }
      # Surv() warns from max() on zero rows
      if (grepl("no non-missing", conditionMessage(w))) {
        invokeRestart("muffleWarning")
      }
    }
  )
  if (!inherits(y, "Surv")) {
    cp_abort("The formula's response must be a Surv() object, not ",
             describe(y), ".")
  }
  list(y = y, invalid = invalid)
}

# `weights` as written: evaluated in `data`, then the formula's
# environment, as model.frame() does.  NULL for none.
formula_weights <- function(expr, data, env, n) {
  if (is.null(expr)) return(NULL)
  w <- tryCatch(eval(expr, data, env), error = function(e) {
    cp_abort("`weights` could not be computed: ", conditionMessage(e))
  })
  if (is.null(w)) return(NULL)
  if (!is.numeric(w) || is.factor(w) || length(w) != n) {
    cp_abort("`weights` must be numeric, one per row (", n, "), not ",
             describe(w), ".")
  }
  as.double(w)
}

check_weights <- function(w, rows) {
  bad <- which(!is.finite(w) | w < 0)
  if (length(bad)) {
    cp_abort("`weights` must be finite and >= 0; not so in ",
             fmt_rows(rows[bad]), ".")
  }
  invisible(w)
}

# `subset` as written: logical (NA counts as FALSE, as in subset()) or row
# numbers, evaluated in `data`, then the formula's environment.  Returns the
# rows kept, or NULL for all.
formula_subset <- function(expr, data, env, n) {
  if (is.null(expr)) return(NULL)
  s <- tryCatch(eval(expr, data, env), error = function(e) {
    cp_abort("`subset` could not be computed: ", conditionMessage(e))
  })
  if (is.null(s)) return(NULL)
  if (is.logical(s) && length(s) == n) return(which(s))
  if (is.numeric(s) && !is.factor(s) && !anyNA(s) && all(s == round(s)) &&
      all(abs(s) <= n) && (all(s >= 0) || all(s <= 0))) {
    return(seq_len(n)[s])
  }
  cp_abort("`subset` must be logical, one per row (", n, "), or row ",
           "numbers, not ", describe(s), ".")
}

# Apply na.action to the cases without a usable time (positions `miss_t`
# among the rows `ids`) or without a weight (`miss_w`).
# The default, na.fail, is an error naming the rows; any other function
# (na.omit, na.exclude, one of the user's) is given a data frame with NA in
# those rows and drops what it drops.  Returns the positions to drop, with
# attribute na_action: the rows of `data` dropped, named by the data's row
# names and classed as the function classes them ("omit", "exclude").
apply_na_action <- function(na_action, miss_t, miss_w, ids, invalid = FALSE,
                            row_names = NULL) {
  if (is.character(na_action) && length(na_action) == 1 && !is.na(na_action)) {
    na_action <- get0(na_action, mode = "function")
  }
  if (!is.function(na_action)) {
    cp_abort("`na.action` must be a function such as na.omit or na.fail, ",
             "or its name.")
  }
  miss <- sort(union(miss_t, miss_w))
  if (!length(miss)) return(integer())
  fail <- function() {
    msg <- c(
      if (length(miss_t)) {
        paste0("No usable time in ", fmt_rows(ids[miss_t]), ": the time is missing",
               if (invalid) ", or its lower end is above its upper end", ".")
      },
      if (length(miss_w)) paste0("`weights` is missing in ", fmt_rows(ids[miss_w]), "."),
      paste0("Give `na.action = na.omit` to leave ",
             if (length(miss) > 1) "them" else "it", " out.")
    )
    cp_abort(paste(msg, collapse = " "))
  }
  if (identical(na_action, stats::na.fail)) fail()
  value <- rep(1, length(ids))
  value[miss] <- NA
  res <- tryCatch(na_action(data.frame(value = value)), error = function(e) fail())
  if (!is.data.frame(res) || anyNA(res$value)) fail()
  dropped <- attr(res, "na.action")
  pos <- as.integer(dropped)
  out <- ids[pos]
  names(out) <- if (is.character(row_names)) row_names[out] else out
  class(out) <- if (inherits(dropped, "exclude")) "exclude" else "omit"
  structure(pos, na_action = out)
}

# The strata of a formula's right-hand side: list(codes, labels), NULLs for
# `~ 1`; else a factor of the combinations of its variables (NA a level of
# its own) and the labels of its levels, "var=value".  With one variable the
# factor is the column's own, kept apart from its labels so that a large
# column is not copied.  `rows` are the rows kept (NULL for all); the factor
# is made after the subset, as model.frame() makes it.
formula_strata <- function(formula, data, env = environment(formula),
                           rows = NULL, n = NULL, hint = "") {
  rhs <- tryCatch(stats::delete.response(stats::terms(formula, data = data)),
                  error = function(e) cp_abort("The formula could not be read: ",
                                               conditionMessage(e)))
  vars <- attr(rhs, "term.labels")
  if (!length(vars)) return(list(codes = NULL, labels = NULL))
  vals <- lapply(vars, function(v) {
    val <- tryCatch(eval(str2lang(v), data, env), error = function(e) {
      cp_abort("The formula's variable ", bt(v), " could not be computed: ",
               conditionMessage(e), hint)
    })
    if (!is.atomic(val) || (!is.null(n) && length(val) != n)) {
      cp_abort("The formula's variable ", bt(v), " must have one value per ",
               "row", if (!is.null(n)) paste0(" (", n, ")"), ", not ",
               describe(val), ".")
    }
    if (!is.null(rows)) val <- val[rows]
    val
  })
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

# (left, right] for every case of a Surv object, and the positions of the
# cases without a usable time (`missing`), for na.action; other bad values
# are errors naming `rows`, the cases' rows in the data.
surv_bounds <- function(y, invalid = FALSE, rows = seq_len(nrow(y))) {
  type <- attr(y, "type")
  if (type == "right") {
    time <- y[, "time"]
    status <- y[, "status"]
    missing <- which(is.na(time) | is.na(status))
    inf <- which(is.infinite(time))
    if (length(inf)) cp_abort("Times must be finite: ", fmt_rows(rows[inf]), ".")
    neg <- which(time < 0)
    if (length(neg)) cp_abort("Times must not be negative: ", fmt_rows(rows[neg]), ".")
    left <- time
    right <- time
    right[status %in% 0] <- Inf
  } else if (type %in% c("interval", "interval2")) {
    t1 <- y[, "time1"]
    t2 <- y[, "time2"]
    status <- y[, "status"]
    missing <- which(is.na(status) | is.na(t1))
    # status 0 right-censored at t1, 1 exact t1, 2 left-censored at t1,
    # 3 in (t1, t2]
    left <- t1
    right <- t1
    right[status %in% 0] <- Inf
    left[status %in% 2] <- -Inf
    int <- status %in% 3
    right[int] <- t2[int]
    # the same rule as for right-censored times, in every form: a lower end
    # of -Inf is left-censored, any other negative end is an error
    check_nonnegative(left, right, rows)
  } else {
    cp_abort("Surv() type ", dQuote(type, FALSE), " is not supported; use ",
             "right-censored or interval2 data.")
  }
  list(left = as.double(left), right = as.double(right), missing = missing)
}

check_bad_rows <- function(bad, invalid, hint = "") {
  if (!length(bad)) return(invisible())
  cp_abort("No usable time in ", fmt_rows(bad), ": the time is missing",
           if (invalid) ", or its lower end is above its upper end", ".", hint)
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

check_fit_options <- function(conf_type, conf_level, method, tol, maxit,
                              B = NULL, seed = NULL) {
  check_choice(conf_type, conf_types, "conf_type")
  check_choice(method, c("auto", "km", "turnbull"), "method")
  check_scalar_number(conf_level, "conf_level", 0, 1)
  check_turnbull_options(tol, maxit, B, seed, conf_level)
  invisible()
}

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
