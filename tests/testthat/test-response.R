library(survival)

datasets <- list(
  lung = list(Surv(time, status) ~ sex, survival::lung),
  aml = list(Surv(time, status) ~ x, survival::aml),
  veteran = list(Surv(time, status) ~ trt, survival::veteran),
  ovarian = list(Surv(futime, fustat) ~ rx, survival::ovarian),
  pbc = list(Surv(time, status == 2) ~ trt,
             survival::pbc[!is.na(survival::pbc$trt), ]),
  colon = list(Surv(time, status) ~ rx,
               survival::colon[survival::colon$etype == 2, ]),
  unstratified = list(Surv(time, status) ~ 1, survival::lung)
)

for (nm in names(datasets)) {
  for (ct in c("log-log", "log", "plain")) {
    test_that(paste("Kaplan-Meier agrees with survfit:", nm, ct), {
      expect_matches_survfit(datasets[[nm]][[1]], datasets[[nm]][[2]], ct)
    })
  }
}

test_that("veteran trt = 2 has the median survfit gives, 52.5", {
  fit <- time_to_response(Surv(time, status) ~ trt, data = veteran)
  med <- median(fit)
  expect_equal(med$estimate[med$strata == "trt=2"], 52.5)
  expect_equal(med$prob, c(0.5, 0.5))
})

test_that("summary at chosen times agrees with summary.survfit", {
  fit <- time_to_response(Surv(time, status) ~ sex, data = lung)
  times <- c(30, 100, 365, 500)
  got <- summary(fit, times = times)
  ref <- summary(survfit(Surv(time, status) ~ sex, data = lung,
                         conf.type = "log-log"), times = times)
  expect_equal(got$estimate, 1 - ref$surv, tolerance = 1e-12)
  expect_equal(got$conf_low, 1 - ref$upper, tolerance = 1e-12)
  expect_equal(got$conf_high, 1 - ref$lower, tolerance = 1e-12)
  before <- summary(fit, times = 0)
  expect_equal(before$estimate, c(0, 0))
  after <- summary(fit, times = 5000)
  expect_true(all(is.na(after$estimate)))
})

test_that("Turnbull reproduces the published cosmesis estimate: 0.0463 on (4, 5]", {
  d <- cosmesis_rt()
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d)
  tab <- as.data.frame(fit)
  expect_equal(fit$type, "interval")
  expect_true(fit$converged)
  expect_equal(round(tab$mass[tab$lower == 4 & tab$upper == 5], 4), 0.0463)
  expect_equal(sum(tab$mass), 1)
  expect_named(tab, c("lower", "upper", "mass", "estimate"))
})

test_that("Turnbull meets the Kuhn-Tucker conditions and beats a plain R EM", {
  for (seed in 1:4) {
    set.seed(seed)
    n <- 60
    t <- rweibull(n, 1.5, 10)
    visit <- sample(2:5, n, replace = TRUE)
    left <- floor(t / visit) * visit
    right <- left + visit
    right[runif(n) < 0.2] <- NA         # right-censored
    exact <- runif(n) < 0.1
    left[exact] <- right[exact] <- round(t[exact], 1)
    g <- factor(sample(c("a", "b"), n, replace = TRUE))
    d <- data.frame(left, right, g)
    fit <- time_to_response(Surv(left, right, type = "interval2") ~ g, data = d)
    expect_true(all(fit$converged))
    tab <- fit$table
    for (lev in levels(g)) {
      rows <- tab$strata == paste0("g=", lev)
      cases <- d$g == lev
      R <- ifelse(is.na(d$right[cases]), Inf, d$right[cases])
      L <- d$left[cases]
      ref <- naive_turnbull(L, R, tab$lower[rows], tab$upper[rows],
                            tab$lower[rows] == tab$upper[rows])
      p <- tab$mass[rows]
      dj <- colSums(ref$A / as.vector(ref$A %*% p))
      # d_j <= n everywhere, d_j = n where the mass is positive
      expect_lt(max(dj / sum(cases)), 1 + 1e-6)
      expect_lt(max(abs(dj[p > 1e-6] / sum(cases) - 1)), 1e-4)
      loglik <- sum(log(ref$A %*% p))
      expect_gte(loglik, ref$loglik - 1e-8)
      expect_equal(fit$loglik[levels(g) == lev], loglik, tolerance = 1e-10)
    }
  }
})

test_that("Turnbull on exact and right-censored times is Kaplan-Meier", {
  d <- survival::aml
  km <- time_to_response(Surv(time, status) ~ x, data = d)
  tb <- time_to_response(Surv(time, status) ~ x, data = d, method = "turnbull")
  ktab <- as.data.frame(km)
  ttab <- as.data.frame(tb)
  fin <- is.finite(ttab$upper)
  for (i in which(fin)) {
    k <- ktab$strata == ttab$strata[i] & ktab$time == ttab$upper[i]
    expect_equal(ttab$estimate[i], ktab$estimate[k], tolerance = 1e-7)
  }
  expect_true(all(ttab$lower[fin] == ttab$upper[fin]))
})

test_that("edge cases: all censored, one case, all tied, empty stratum", {
  d <- data.frame(time = c(5, 8, 9), status = 0)
  fit <- time_to_response(Surv(time, status) ~ 1, data = d)
  expect_equal(as.data.frame(fit)$estimate, c(0, 0, 0))
  expect_true(is.na(median(fit)$estimate))

  one <- time_to_response(Surv(time, status) ~ 1, data = data.frame(time = 3, status = 1))
  expect_equal(as.data.frame(one)$estimate, 1)
  expect_equal(median(one)$estimate, 3)

  tied <- data.frame(time = rep(4, 5), status = c(1, 1, 0, 1, 0))
  fit <- time_to_response(Surv(time, status) ~ 1, data = tied)
  tab <- as.data.frame(fit)
  expect_equal(c(tab$n_risk, tab$n_event, tab$n_censor), c(5, 3, 2))
  expect_equal(tab$estimate, 3 / 5)
  ref <- summary(survfit(Surv(time, status) ~ 1, data = tied, conf.type = "log-log"))
  expect_equal(tab$conf_low, 1 - ref$upper, tolerance = 1e-12)

  d <- data.frame(time = c(2, 4, 6, 8), status = c(1, 0, 1, 1),
                  g = factor(c("a", "a", "b", "b"), levels = c("a", "b", "c")))
  fit <- time_to_response(Surv(time, status) ~ g, data = d)
  expect_equal(fit$n, c(2L, 2L, 0L))
  med <- median(fit)
  expect_equal(nrow(med), 3)
  expect_true(is.na(med$estimate[3]))
  expect_false("g=c" %in% as.character(as.data.frame(fit)$strata))
  ic <- time_to_response(Surv(time, time + 1, type = "interval2") ~ g, data = d)
  expect_equal(nrow(median(ic)), 3)

  fit <- time_to_response(Surv(time, status) ~ g, data = d[0, ])
  expect_equal(nrow(as.data.frame(fit)), 0)
})

test_that("NA strata form a stratum of their own", {
  d <- data.frame(time = c(2, 4, 6, 8), status = 1, g = c("a", NA, "a", NA))
  fit <- time_to_response(Surv(time, status) ~ g, data = d)
  expect_equal(fit$strata_levels, c("g=a", "g=NA"))
  expect_equal(fit$n, c(2L, 2L))
})

test_that("bad input gives errors that name the row", {
  d <- data.frame(time = c(2, NA, 6), status = c(1, 1, 0), lo = c(1, 5, 2),
                  hi = c(3, 4, NA))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d))
  expect_snapshot(error = TRUE, time_to_response(Surv(lo, hi, type = "interval2") ~ 1, data = d))
  expect_snapshot(error = TRUE, time_to_response(Surv(-time, status) ~ 1, data = d[-2, ]))
  expect_snapshot(error = TRUE, time_to_response(time ~ 1, data = d))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d[-2, ],
                                                 conf_type = "logit"))
  expect_snapshot(error = TRUE, time_to_response(Surv(lo, hi, type = "interval2") ~ 1,
                                                 data = d[-2, ], method = "km"))
  expect_snapshot(error = TRUE, time_to_response("time"))
  expect_snapshot(error = TRUE, quantile(time_to_response(Surv(time, status) ~ 1,
                                                          data = d[-2, ]), 2))
})

test_that("a Turnbull fit that runs out of iterations warns", {
  d <- cosmesis_rt()
  expect_warning(
    time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, maxit = 2),
    "did not converge"
  )
})

test_that("fits print and format", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  expect_snapshot(print(fit))
  ic <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = cosmesis_rt())
  expect_snapshot(print(ic))
  expect_s3_class(format(fit), "data.frame")
})
