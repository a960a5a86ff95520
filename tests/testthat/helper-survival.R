# survfit agreement: every column of the fit against summary.survfit.
# With `weights`, the weighted fits (survfit with timefix = FALSE).
expect_matches_survfit <- function(formula, data, conf_type, weights = NULL) {
  if (is.null(weights)) {
    fit <- time_to_response(formula, data = data, conf_type = conf_type)
    sf <- survival::survfit(formula, data = data, conf.type = conf_type)
  } else {
    data$.w <- weights
    fit <- time_to_response(formula, data = data, weights = .w, conf_type = conf_type)
    sf <- survival::survfit(formula, data = data, weights = .w, conf.type = conf_type,
                            timefix = FALSE)
  }
  ref <- summary(sf, censored = TRUE)
  got <- as.data.frame(fit)
  close <- function(a, b) {
    expect_identical(is.na(a), is.na(b))
    ok <- !is.na(a) & !is.na(b)
    expect_lt(max(c(0, abs(a[ok] - b[ok]))), 1e-10)
  }
  expect_equal(nrow(got), length(ref$time))
  if (!is.null(ref$strata)) {
    expect_equal(as.character(got$strata), as.character(ref$strata))
  }
  close(got$time, ref$time)
  close(got$n_risk, ref$n.risk)
  close(got$n_event, ref$n.event)
  close(got$n_censor, ref$n.censor)
  close(got$surv, ref$surv)
  close(got$std_err, ifelse(is.nan(ref$std.err), NA, ref$std.err))
  close(got$estimate, 1 - ref$surv)
  close(got$conf_low, 1 - ref$upper)
  close(got$conf_high, 1 - ref$lower)

  probs <- c(0.1, 0.25, 0.5, 0.75, 0.9)
  q <- quantile(fit, probs)
  qs <- stats::quantile(sf, probs)
  close(q$estimate, as.vector(t(qs$quantile)))
  close(q$conf_low, as.vector(t(qs$lower)))
  close(q$conf_high, as.vector(t(qs$upper)))
  invisible(fit)
}

# The radiotherapy-only arm of the breast cosmesis data (Finkelstein and
# Wolfe 1985): months to breast retraction, in (left, right]; NA right is
# right-censored.
cosmesis_rt <- function() {
  v <- c(45, NA, 6, 10, 0, 7, 46, NA, 46, NA, 7, 16, 17, NA, 7, 14, 37, 44,
         0, 8, 4, 11, 15, NA, 11, 15, 22, NA, 46, NA, 46, NA, 25, 37, 46, NA,
         26, 40, 46, NA, 27, 34, 36, 44, 46, NA, 36, 48, 37, NA, 40, NA, 17,
         25, 46, NA, 11, 18, 38, NA, 5, 12, 37, NA, 0, 5, 18, NA, 24, NA, 36,
         NA, 5, 11, 19, 35, 17, 25, 24, NA, 32, NA, 33, NA, 19, 26, 37, NA, 34,
         NA, 36, NA)
  m <- matrix(v, ncol = 2, byrow = TRUE)
  data.frame(left = m[, 1], right = m[, 2])
}

# A plain self-consistency EM on Turnbull's intervals, written with a full
# case-by-interval matrix, and the derivative d_j of the log-likelihood.
naive_turnbull <- function(left, right, lower, upper, closed, iter = 5000) {
  A <- outer(seq_along(left), seq_along(lower), function(i, j) {
    ifelse(closed[j], left[i] <= lower[j] & upper[j] <= right[i] &
             (left[i] < lower[j] | left[i] == right[i]),
           left[i] <= lower[j] & upper[j] <= right[i])
  })
  p <- rep(1 / length(lower), length(lower))
  for (k in seq_len(iter)) {
    D <- as.vector(A %*% p)
    p <- p * colSums(A / D) / length(left)
  }
  list(A = A, p = p, loglik = sum(log(A %*% p)))
}
