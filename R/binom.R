binom_methods <- c("exact", "wilson", "jeffreys", "agresti-coull", "midp")

binom_method_label <- function(method) {
  c(exact = "Clopper-Pearson", wilson = "Wilson", jeffreys = "Jeffreys",
    `agresti-coull` = "Agresti-Coull", midp = "mid-p")[[method]]
}

#' Binomial confidence intervals
#'
#' Confidence intervals for a proportion `x / n`, vectorised over `x` and
#' `n`, computed in C.
#'
#' @param x Numeric vector of successes: whole numbers, `0 <= x <= n`. `NA`
#'   gives an `NA` interval.
#' @param n Numeric vector of trials: whole numbers, `n >= 0`. `x` and `n` are
#'   recycled to a common length when one of them has length 1. `n = 0` gives
#'   an `NA` estimate and interval (there is nothing to estimate from).
#' @param conf_level Confidence level, a single number in (0, 1). Default
#'   0.95.
#' @param method One of:
#'   * `"exact"` (default): Clopper-Pearson, the interval of
#'     [stats::binom.test()];
#'   * `"wilson"`: Wilson's score interval;
#'   * `"jeffreys"`: the equal-tailed Jeffreys interval, the `(1 - conf_level)
#'     / 2` and `(1 + conf_level) / 2` quantiles of Beta(x + 1/2, n - x + 1/2),
#'     with the lower limit 0 when `x = 0` and the upper limit 1 when `x = n`
#'     (Brown, Cai and DasGupta, 2001);
#'   * `"agresti-coull"`: the Wald interval around `(x + z^2/2) / (n + z^2)`,
#'     clipped to \[0, 1\];
#'   * `"midp"`: the mid-p interval, Clopper-Pearson's with half the
#'     probability of the observed count in each tail.
#' @returns A data frame with one row per element of `x`: `x`, `n`,
#'   `estimate` (`x / n`, for every method), `conf_low`, `conf_high` and
#'   `method`.
#' @references Brown LD, Cai TT, DasGupta A (2001). Interval estimation for
#'   a binomial proportion. *Statistical Science* 16(2), 101-133.
#' @family tallies
#' @export
#' @examples
#' # 14 of 34 cases improved between the first and third infusion
#' binom_ci(14, 34)
#' binom_ci(14, 34, method = "wilson")
#' binom_ci(0:3, 3, method = "jeffreys")
binom_ci <- function(x, n, conf_level = 0.95, method = "exact") {
  method <- check_binom_method(method)
  check_scalar_number(conf_level, "conf_level", 0, 1)
  x <- check_counts(x, "x")
  n <- check_counts(n, "n")
  len <- c(length(x), length(n))
  if (min(len) == 0) {
    x <- numeric(); n <- numeric()
  } else if (len[1] != len[2]) {
    if (min(len) != 1) {
      cp_abort("`x` (length ", len[1], ") and `n` (length ", len[2],
               ") must have one length, or one of them length 1.")
    }
    x <- rep_len(x, max(len))
    n <- rep_len(n, max(len))
  }
  over <- which(!is.na(x) & !is.na(n) & x > n)
  if (length(over)) {
    cp_abort("`x` must not exceed `n`: x > n at position",
             if (length(over) > 1) "s " else " ", fmt_list(over), ".")
  }
  res <- .Call(cp_binom_ci, x, n, as.double(conf_level),
               match(method, binom_methods))
  data.frame(x = x, n = n, estimate = res$estimate, conf_low = res$conf_low,
             conf_high = res$conf_high, method = rep(method, length(x)),
             stringsAsFactors = FALSE)
}

check_binom_method <- function(method) {
  if (!is.character(method) || length(method) != 1 || is.na(method) ||
      !method %in% binom_methods) {
    cp_abort("`method` must be one of ", fmt_list(dQuote(binom_methods, FALSE), conj = "or"),
             ", not ", describe(method), ".")
  }
  method
}

check_counts <- function(x, arg) {
  if (is.logical(x) && all(is.na(x))) x <- as.double(x)  # NA: not reported
  if (!is.numeric(x) || is.factor(x)) {
    cp_abort(bt(arg), " must be a numeric vector of counts, not ", describe(x), ".")
  }
  x <- as.double(x)
  bad <- which(!is.na(x) & (!is.finite(x) | x < 0 | x != round(x)))
  if (length(bad)) {
    cp_abort(bt(arg), " must hold whole numbers >= 0: position",
             if (length(bad) > 1) "s " else " ", fmt_list(bad), " ",
             if (length(bad) > 1) "are " else "is ",
             fmt_list(format(x[bad])), ".")
  }
  x
}
