library(survival)

# ---- agreement with icenReg::ic_np --------------------------------------

# The log-likelihood of masses p on innermost intervals (lower, upper] (a
# closed point where lower == upper) for the cases (L, R], written out in R:
# case i covers the run of intervals inside (L_i, R_i] (the point [t, t]
# only when the case is exact at t or t > L_i).
loglik_of <- function(L, R, lower, upper, p) {
  m <- length(lower)
  a <- findInterval(L, lower, left.open = TRUE) + 1
  k <- pmin(a, m)
  at_left <- a <= m & lower[k] == L & upper[k] == L & L < R
  a[at_left] <- a[at_left] + 1
  b <- findInterval(R, upper)
  cp <- c(0, cumsum(p))
  sum(log(cp[b + 1] - cp[a]))
}

# The NPMLE of (left, right] (NA left: left-censored, NA right:
# right-censored) against icenReg's ic_np(): the curve at every upper end
# of either's innermost intervals (where the NPMLE's curve is unique)
# within 1e-6, and a log-likelihood no lower than icenReg's minus 1e-8.
# Both log-likelihoods are evaluated by loglik_of() above: the one ic_np()
# reports is summed with a rounding error near 1e-8 at 10^5 cases (it is
# held to 1e-7).
expect_matches_ic_np <- function(left, right, label) {
  d <- data.frame(left = left, right = right)
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, B = 0)
  ref <- icenReg::ic_np(cbind(l, u) ~ 0,
                        data = data.frame(l = ifelse(is.na(left), 0, left),
                                          u = ifelse(is.na(right), Inf, right)))
  tab <- fit$table
  ti <- ref$T_bull_Intervals
  ref_cdf <- cumsum(ref$p_hat)
  at <- sort(unique(c(tab$upper, ti[2, ])))
  at <- at[is.finite(at)]
  ours <- c(0, tab$estimate)[findInterval(at, tab$upper) + 1]
  theirs <- c(0, ref_cdf)[findInterval(at, ti[2, ]) + 1]
  expect_lt(max(abs(ours - theirs)), 1e-6, label = paste(label, "curve difference"))
  L <- ifelse(is.na(left), -Inf, left)
  R <- ifelse(is.na(right), Inf, right)
  ll_ours <- loglik_of(L, R, tab$lower, tab$upper, tab$mass)
  ll_theirs <- loglik_of(L, R, ti[1, ], ti[2, ], ref$p_hat)
  expect_gte(ll_ours, ll_theirs - 1e-8, label = paste(label, "log-likelihood"))
  expect_equal(fit$loglik, ll_ours, tolerance = 1e-12, label = paste(label, "reported log-likelihood"))
  expect_gte(fit$loglik, ref$llk - 1e-7, label = paste(label, "log-likelihood (ic_np's)"))
  expect_true(fit$converged, label = paste(label, "converged"))
  expect_lte(fit$kkt, 1e-10, label = paste(label, "Kuhn-Tucker gap"))
  invisible(fit)
}

get_icenreg_data <- function(name, package = "icenReg") {
  env <- new.env()
  utils::data(list = name, package = package, envir = env)
  env[[name]]
}

# case 2 interval censoring: two inspection times per case, continuous
sim_case2 <- function(n, seed) {
  set.seed(seed)
  t <- rweibull(n, 1.5, 100)
  u1 <- runif(n, 0, 150)
  u2 <- u1 + rexp(n, 1 / 30)
  left <- ifelse(t <= u1, NA, ifelse(t <= u2, u1, u2))
  right <- ifelse(t <= u1, u1, ifelse(t <= u2, u2, NA))
  list(left = left, right = right)
}

test_that("the NPMLE equals icenReg's on miceData and IR_diabetes", {
  skip_if_not_installed("icenReg")
  mice <- get_icenreg_data("miceData")
  u <- ifelse(is.infinite(mice$u), NA, mice$u)
  expect_matches_ic_np(mice$l, u, "miceData")
  for (g in levels(mice$grp)) {
    s <- mice$grp == g
    expect_matches_ic_np(mice$l[s], u[s], paste("miceData", g))
  }
  ir <- get_icenreg_data("IR_diabetes")
  expect_matches_ic_np(ir$left, ir$right, "IR_diabetes")
  for (g in levels(ir$gender)) {
    s <- ir$gender == g
    expect_matches_ic_np(ir$left[s], ir$right[s], paste("IR_diabetes", g))
  }
})

test_that("the NPMLE equals icenReg's on the breast cosmesis data", {
  skip_if_not_installed("icenReg")
  d <- cosmesis_rt()
  fit <- expect_matches_ic_np(d$left, d$right, "cosmesis")
  tab <- as.data.frame(fit)
  expect_equal(round(tab$mass[tab$lower == 4 & tab$upper == 5], 4), 0.0463)
})

test_that("the NPMLE equals icenReg's on all 94 cases of the breast cosmesis data", {
  # Finkelstein and Wolfe (1985, Biometrics 41:933-945), as shipped by
  # MLEcens (icenReg's dependency): (x1, x2] in months, x2 = 100 for
  # right-censored, tr = 0 radiotherapy alone (46), 1 with chemotherapy (48)
  skip_if_not_installed("icenReg")
  skip_if_not_installed("MLEcens")
  cos <- get_icenreg_data("cosmesis", "MLEcens")
  expect_equal(dim(cos), c(94L, 3L))
  left <- cos[, 1]
  right <- ifelse(cos[, 2] == 100, NA, cos[, 2])
  # its radiotherapy arm is the one the other tests type in
  rt <- cos[, 3] == 0
  expect_equal(data.frame(left = left[rt], right = right[rt]), cosmesis_rt(),
               ignore_attr = TRUE)
  expect_matches_ic_np(left, right, "cosmesis, both arms")
  expect_matches_ic_np(left[!rt], right[!rt], "cosmesis, radiotherapy and chemotherapy")
  expect_matches_ic_np(left[rt], right[rt], "cosmesis, radiotherapy")
})

test_that("the NPMLE equals icenReg's on continuous data, 10^3 to 10^5 cases", {
  skip_if_not_installed("icenReg")
  for (n in c(1e3, 1e4, 1e5)) {
    s <- sim_case2(n, seed = n %% 97)
    expect_matches_ic_np(s$left, s$right, paste("case 2, n =", n))
  }
  # visits every 7, 14 or 28 days, 10^5 cases (where ic_np's own sum of the
  # log-likelihood is 2.5e-8 off)
  set.seed(1)
  n <- 1e5
  t <- rweibull(n, 1.5, 100)
  visit <- sample(c(7, 14, 28), n, TRUE)
  left <- floor(t / visit) * visit
  right <- left + visit
  right[runif(n) < 0.2] <- NA
  expect_matches_ic_np(left, right, "visits, n = 1e5")
})

test_that("the NPMLE equals icenReg's on a daily grid and on mixed data", {
  skip_if_not_installed("icenReg")
  set.seed(5)
  n <- 1e4
  t <- rgamma(n, 2, 1 / 30)
  visit <- sample(c(1, 7, 14, 28), n, TRUE)
  left <- floor(t / visit) * visit
  right <- left + visit
  right[runif(n) < 0.15] <- NA
  expect_matches_ic_np(left, right, "daily grid")
  # exact, interval, left- and right-censored times together
  n <- 3000
  t <- round(rexp(n, 1 / 40), 1)
  kind <- sample(c("exact", "interval", "left", "right"), n, TRUE, c(0.3, 0.4, 0.1, 0.2))
  w <- runif(n, 1, 30)
  left <- ifelse(kind == "exact", t, pmax(t - w * runif(n), 0))
  right <- ifelse(kind == "exact", t, left + w)
  left[kind == "left"] <- NA
  right[kind == "right"] <- NA
  expect_matches_ic_np(left, right, "mixed")
})

# ---- the fit itself -------------------------------------------------------

test_that("the fit meets the Kuhn-Tucker conditions to 1e-10", {
  s <- sim_case2(2000, seed = 3)
  d <- data.frame(left = s$left, right = s$right)
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, B = 0)
  tab <- fit$table
  # d_j from the masses, in R: case i covers the intervals inside (L, R]
  L <- ifelse(is.na(s$left), -Inf, s$left)
  R <- ifelse(is.na(s$right), Inf, s$right)
  a <- findInterval(L, tab$lower, left.open = TRUE) + 1
  b <- findInterval(R, tab$upper)
  cum <- c(0, cumsum(tab$mass))
  P <- cum[b + 1] - cum[a]
  dj <- vapply(seq_len(nrow(tab)), function(j) sum(1 / P[a <= j & j <= b]), 0)
  n <- nrow(d)
  expect_lt(max(dj / n) - 1, 1e-9)
  expect_lt(max(abs(dj[tab$mass > 1e-6] / n - 1)), 1e-9)
  expect_equal(fit$loglik, sum(log(P)), tolerance = 1e-12)
  expect_lt(fit$iterations, 50)
})

test_that("results are the same run after run (no uninitialised memory)", {
  s <- sim_case2(500, seed = 8)
  d <- data.frame(left = s$left, right = s$right, g = rep(c("a", "b"), 250))
  f <- Surv(left, right, type = "interval2") ~ g
  one <- time_to_response(f, data = d, seed = 4)
  two <- time_to_response(f, data = d, seed = 4)
  expect_identical(one$table, two$table)
  expect_identical(one$kkt, two$kkt)
  expect_identical(one$iterations, two$iterations)
})

test_that("edge cases: one case, identical cases, all censored, only left-censored", {
  fit <- function(left, right, ...) {
    time_to_response(Surv(left, right, type = "interval2") ~ 1,
                     data = data.frame(left = left, right = right), ...)
  }
  one <- fit(2, 5)
  expect_equal(one$table$mass, 1)
  expect_equal(median(one)$estimate, 5)
  same <- fit(rep(2, 10), rep(5, 10))
  expect_equal(same$table$mass, 1)
  expect_equal(same$table$conf_low, 1)
  cens <- fit(c(3, 5, 8), rep(NA_real_, 3), method = "turnbull")
  expect_equal(as.data.frame(cens)$upper, Inf)
  expect_true(is.na(median(cens)$estimate))
  left_only <- fit(rep(NA_real_, 4), c(1, 2, 2, 4))
  expect_equal(left_only$table$upper, 1)
  expect_equal(left_only$table$mass, 1)
  # an exact time where two intervals meet: it lies in (0, 2], not in (2, 4]
  meet <- fit(c(0, 2, 2), c(2, 2, 4))
  expect_equal(meet$table$lower, c(2, 2))
  expect_equal(meet$table$upper, c(2, 4))
  expect_equal(meet$table$mass, c(2, 1) / 3)
  expect_true(one$converged && same$converged && cens$converged && left_only$converged)
})

test_that("`maxit` is a whole number >= 1: Inf, NA, 0 and fractions are errors", {
  d <- cosmesis_rt()
  f <- Surv(left, right, type = "interval2") ~ 1
  expect_snapshot(error = TRUE, time_to_response(f, data = d, maxit = Inf))
  expect_snapshot(error = TRUE, time_to_response(f, data = d, maxit = 0))
  expect_error(time_to_response(f, data = d, maxit = 2.5), "`maxit`",
               class = "casepool_error")
  expect_error(time_to_response(f, data = d, maxit = NA), "`maxit`",
               class = "casepool_error")
  expect_error(time_to_response(f, data = d, maxit = -1), "`maxit`",
               class = "casepool_error")
  expect_error(time_to_response(f, data = d, tol = 0), "`tol`", class = "casepool_error")
  # a huge limit is fine, and the fit is the usual one
  big <- time_to_response(f, data = d, maxit = 1e10, B = 0)
  usual <- time_to_response(f, data = d, B = 0)
  expect_true(big$converged)
  expect_identical(big$table, usual$table)
  expect_identical(big$iterations, usual$iterations)
  # one iteration is honoured and reported
  expect_warning(short <- time_to_response(f, data = d, maxit = 1, B = 0), "did not converge")
  expect_equal(short$iterations, 1L)
  expect_false(short$converged)
  expect_equal(sum(short$table$mass), 1)
})

test_that("negative times are errors naming the rows, in every form", {
  d <- data.frame(time = c(2, -1, 5), status = c(1, 1, 0), lo = c(1, -2, 3),
                  hi = c(2, 4, 6), hi_neg = c(2, -1, 6))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d))
  expect_snapshot(error = TRUE, time_to_response(Surv(lo, hi, type = "interval2") ~ 1,
                                                 data = d))
  # left-censored at a negative time
  d$na_lo <- NA_real_
  expect_error(time_to_response(Surv(na_lo, hi_neg, type = "interval2") ~ 1, data = d),
               "negative: row 2", class = "casepool_error")
  # an exact negative time, an interval with a negative upper end
  expect_error(time_to_response(Surv(hi_neg, hi_neg, type = "interval2") ~ 1, data = d),
               "negative: row 2", class = "casepool_error")
  expect_error(time_to_response(Surv(lo, hi_neg, type = "interval2") ~ 1,
                                data = transform(d, lo = c(1, -3, 3))),
               "negative: row 2", class = "casepool_error")
  # type = "interval", and right-censored through the interval form
  expect_error(time_to_response(Surv(lo, hi, event = c(3, 3, 3), type = "interval") ~ 1,
                                data = d), "negative: row 2", class = "casepool_error")
  expect_error(time_to_response(Surv(lo, rep(NA_real_, 3), type = "interval2") ~ 1, data = d),
               "negative: row 2", class = "casepool_error")
  # the same with method = "turnbull" on right-censored data
  expect_error(time_to_response(Surv(time, status) ~ 1, data = d, method = "turnbull"),
               "negative: row 2", class = "casepool_error")
  # a left-censored time (NA or -Inf lower end) is not negative
  ok <- data.frame(lo = c(NA, -Inf, 2), hi = c(3, 4, 6))
  expect_equal(time_to_response(Surv(lo, hi, type = "interval2") ~ 1, data = ok, B = 0)$n, 3L)
})

# ---- the bounds ------------------------------------------------------------

test_that("the bounds are Kaplan-Meier with every interval at either end", {
  d <- data.frame(left = c(0, 2, 5, 5, 7, NA, 1, 3, 4, 6),
                  right = c(3, 4, 9, NA, 7, 6, 2, 8, NA, 10),
                  g = rep(c("a", "b"), 5))
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ g, data = d, B = 0)
  b <- fit$bounds
  for (lev in c("a", "b")) {
    s <- d[d$g == lev, ]
    ev <- !is.na(s$right)
    early <- ifelse(is.na(s$left), 0, s$left)
    late <- ifelse(ev, s$right, s$left)
    rows <- b$strata == paste0("g=", lev)
    for (which in c("early", "late")) {
      time <- if (which == "early") early else late
      ref <- survfit(Surv(time, ev) ~ 1)
      got <- b[[if (which == "early") "lower_ends" else "upper_ends"]][rows]
      want <- 1 - summary(ref, times = b$time[rows], extend = TRUE)$surv
      expect_equal(got, want, tolerance = 1e-12)
    }
  }
  s <- summary(fit, times = c(0, 3, 6, 20))
  expect_named(s, c("strata", "time", "estimate", "conf_low", "conf_high",
                    "lower_ends", "upper_ends"))
  expect_true(all(s$lower_ends >= s$upper_ends))
  # printed as the medians of the two curves
  expect_snapshot(print(fit))
})

test_that("summary() of a Turnbull fit reads the band and the estimate as step curves", {
  d <- data.frame(left = c(0, 2, 5, 5, 7, NA, 1, 3), right = c(3, 4, 9, NA, 7, 6, 2, 8))
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, seed = 2)
  tab <- fit$table
  s <- summary(fit, times = c(tab$lower, tab$upper))
  # the estimate and the lower limit step at the upper ends
  at_upper <- s[seq_len(nrow(tab)) + nrow(tab), ]
  expect_equal(at_upper$estimate, tab$estimate)
  expect_equal(at_upper$conf_low, tab$conf_low)
  expect_equal(at_upper$conf_high, tab$conf_high)
  # the upper limit holds from just after each open lower end
  open <- tab$lower < tab$upper
  inside <- summary(fit, times = (tab$lower[open] + tab$upper[open]) / 2)
  expect_equal(inside$conf_high, tab$conf_high[open])
  at_lower <- summary(fit, times = tab$lower[open])
  before <- c(0, tab$conf_high)[which(open)]
  expect_equal(at_lower$conf_high, before)
  expect_true(all(s$conf_low <= s$estimate + 1e-12))
})
