library(survival)

interval_fit <- function(d, ...) {
  time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, ...)
}

test_that("bootstrap intervals of right-censored data agree with Greenwood's log-log", {
  # the Turnbull fit of exact and right-censored times is Kaplan-Meier; its
  # percentile intervals estimate the same as survfit()'s Greenwood log-log
  # intervals, so the two differ by Monte Carlo error (B = 2000: about
  # 0.003 at these times) and by the methods' small-sample difference
  tb <- time_to_response(Surv(time, status) ~ 1, data = lung, method = "turnbull",
                         B = 2000, seed = 20)
  ref <- survfit(Surv(time, status) ~ 1, data = lung, conf.type = "log-log")
  times <- c(100, 200, 300, 400, 500, 600)
  a <- summary(ref, times = times)
  b <- summary(tb, times = times)
  expect_equal(b$estimate, 1 - a$surv, tolerance = 1e-8)
  expect_lt(max(abs(b$conf_low - (1 - a$upper))), 0.01)
  expect_lt(max(abs(b$conf_high - (1 - a$lower))), 0.01)
  # the quartiles' intervals, within a few days of survfit's
  qa <- quantile(ref, c(0.25, 0.5, 0.75))
  qb <- quantile(tb, c(0.25, 0.5, 0.75))
  expect_equal(qb$estimate, unname(qa$quantile))
  expect_lt(max(abs(qb$conf_low - qa$lower) / qa$quantile), 0.03)
  expect_lt(max(abs(qb$conf_high - qa$upper) / qa$quantile), 0.03)
  # by strata, each stratum resampled on its own
  ref2 <- survfit(Surv(time, status) ~ sex, data = lung, conf.type = "log-log")
  tb2 <- time_to_response(Surv(time, status) ~ sex, data = lung, method = "turnbull",
                          B = 2000, seed = 21)
  a2 <- summary(ref2, times = c(200, 300))
  b2 <- summary(tb2, times = c(200, 300))
  expect_equal(as.character(b2$strata), as.character(a2$strata))
  expect_lt(max(abs(b2$conf_low - (1 - a2$upper))), 0.02)
  expect_lt(max(abs(b2$conf_high - (1 - a2$lower))), 0.02)
})

test_that("a seed reproduces the bootstrap, and set.seed() does when it is NULL", {
  d <- cosmesis_rt()
  one <- interval_fit(d, seed = 11)
  two <- interval_fit(d, seed = 11)
  expect_identical(one$table, two$table)
  expect_equal(one$boot$seed, 11)
  expect_equal(one$boot$B, 1000L)
  other <- interval_fit(d, seed = 12)
  expect_false(identical(one$table$conf_low, other$table$conf_low))
  # a given seed leaves R's random numbers alone
  set.seed(1)
  before <- runif(1)
  set.seed(1)
  interval_fit(d, seed = 11)
  expect_identical(runif(1), before)
  # without a seed, one is drawn from R's generator and kept
  set.seed(99)
  a <- interval_fit(d)
  set.seed(99)
  b <- interval_fit(d)
  expect_identical(a$table, b$table)
  expect_true(is.numeric(a$boot$seed))
  expect_identical(interval_fit(d, seed = a$boot$seed)$table, a$table)
})

test_that("the band is monotone, holds the estimate and narrows with more cases", {
  set.seed(4)
  sim <- function(n) {
    t <- rweibull(n, 1.5, 100)
    v <- runif(n, 5, 40)
    left <- pmax(t - runif(n) * v, 0)
    data.frame(left = left, right = left + v)
  }
  small <- interval_fit(sim(60), seed = 1)
  large <- interval_fit(sim(600), seed = 1)
  for (fit in list(small, large)) {
    tab <- fit$table
    expect_false(is.unsorted(tab$conf_low))
    expect_false(is.unsorted(tab$conf_high))
    expect_true(all(tab$conf_low <= tab$estimate + 1e-9))
    expect_true(all(tab$conf_high >= tab$estimate - 1e-9))
    expect_true(all(tab$conf_low >= 0 & tab$conf_high <= 1))
    med <- median(fit)
    expect_true(med$conf_low <= med$estimate && med$estimate <= med$conf_high)
  }
  width <- function(fit) {
    s <- summary(fit, times = c(50, 80, 120))
    mean(s$conf_high - s$conf_low)
  }
  expect_lt(width(large), width(small))
})

test_that("B: the default, none, too few, and bad values", {
  d <- cosmesis_rt()
  none <- interval_fit(d, B = 0)
  expect_null(none$boot)
  expect_true(all(is.na(none$table$conf_low)))
  expect_true(is.na(median(none)$conf_low))
  expect_snapshot(print(none))
  # the default: 1000 resamples up to 2000 cases, none above
  expect_equal(interval_fit(d, seed = 1)$boot$B, 1000L)
  big <- data.frame(left = rep(d$left, 50), right = rep(d$right, 50))
  expect_null(interval_fit(big)$boot)
  expect_equal(interval_fit(big, B = 50, seed = 1)$boot$B, 50L)
  f <- Surv(left, right, type = "interval2") ~ 1
  expect_snapshot(error = TRUE, time_to_response(f, data = d, B = 10))
  expect_snapshot(error = TRUE, time_to_response(f, data = d, B = -1))
  expect_snapshot(error = TRUE, time_to_response(f, data = d, seed = "a"))
  expect_error(time_to_response(f, data = d, B = 2.5), "`B`", class = "casepool_error")
  expect_error(time_to_response(f, data = d, B = Inf), "`B`", class = "casepool_error")
  expect_error(time_to_response(f, data = d, seed = 1.5), "`seed`", class = "casepool_error")
  # a lower level allows fewer resamples
  expect_equal(time_to_response(f, data = d, B = 10, conf_level = 0.5, seed = 1)$boot$B, 10L)
  # Kaplan-Meier fits are not resampled
  expect_null(time_to_response(Surv(time, status) ~ 1, data = aml, B = 100)$boot)
})

test_that("print, quantile, summary and glance show the bootstrap intervals", {
  d <- cosmesis_rt()
  fit <- interval_fit(d, seed = 3)
  expect_snapshot(print(fit))
  q <- quantile(fit, c(0.25, 0.5))
  expect_false(anyNA(q$conf_low))
  s <- summary(fit, times = c(10, 30))
  expect_false(anyNA(s$conf_low) || anyNA(s$conf_high))
  gl <- glance(fit)
  expect_equal(gl$conf.low, median(fit)$conf_low)
  expect_false(is.na(gl$conf.low))
  # the quantile interval is where the band crosses the proportion
  tab <- fit$table
  first <- function(x, p) which(x >= p - 1e-8)[1]
  expect_equal(q$conf_low[2], tab$lower[first(tab$conf_high, 0.5)])
  expect_equal(q$conf_high[2], tab$upper[first(tab$conf_low, 0.5)])
})

test_that("response_by_infusion() shows the bootstrap intervals of a Turnbull fit", {
  cases <- as_cases(data.frame(
    case_id = 1:8,
    onset = c("after the first infusion", "after 2 infusions", "by the 3rd infusion",
              "between the 2nd and 4th infusion", "after the second infusion",
              "after 1 infusion", "within 2 infusions", NA),
    response = c("complete", "partial", "partial", "complete", "partial", "complete",
                 "partial", "none"),
    regimen = "every 4 weeks", n_infusions = 6, followup = 12
  ))
  by_k <- response_by_infusion(cases, k = 1:4, seed = 5)
  fit <- attr(by_k, "fit")
  expect_equal(fit$type, "interval")
  expect_false(anyNA(by_k$conf_low))
  expect_true(all(by_k$conf_low <= by_k$estimate & by_k$estimate <= by_k$conf_high))
  expect_named(by_k, c("infusion", "estimate", "conf_low", "conf_high", "lower_ends",
                       "upper_ends"))
  expect_identical(response_by_infusion(cases, k = 1:4, seed = 5), by_k)
})

test_that("plots draw the bootstrap band and the bounds", {
  fit <- interval_fit(cosmesis_rt(), seed = 1)
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_equal(plot(fit), as.data.frame(fit))
  expect_silent(plot(fit, conf_int = FALSE, bounds = FALSE))
  expect_warning(plot(fit, risk_table = TRUE), "no number at risk")
  band <- turnbull_band(fit, seq_len(nrow(fit$table)), seq_len(nrow(fit$bounds)), 60)
  expect_true(all(band$conf_low <= band$conf_high))
  expect_equal(band$x0[1], 0)
  expect_equal(band$x1[nrow(band)], 60)
})

test_that("a long bootstrap can be interrupted", {
  set.seed(6)
  n <- 1500
  left <- runif(n, 0, 100)
  d <- data.frame(left = left, right = left + runif(n, 0.5, 30))
  setTimeLimit(elapsed = 0.5, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf))
  expect_error(interval_fit(d, B = 1e6, seed = 1), "time limit")
})
