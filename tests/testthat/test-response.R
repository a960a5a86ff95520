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

test_that("the Surv object path agrees with survfit too", {
  # `type = "right"` makes the fit build and read the Surv object rather
  # than the two columns
  expect_matches_survfit(Surv(time, status, type = "right") ~ sex, survival::lung, "log-log")
  expect_matches_survfit(Surv(time, status == 2, type = "right") ~ trt,
                         survival::pbc[!is.na(survival::pbc$trt), ], "plain")
})

# survfit without its merging of near-tied times, row by row
expect_km_like_survfit <- function(d, formula = Surv(time, status) ~ g) {
  fit <- as.data.frame(time_to_response(formula, data = d))
  ref <- summary(survfit(formula, data = d, timefix = FALSE, conf.type = "log-log"),
                 censored = TRUE)
  expect_equal(nrow(fit), length(ref$time))
  expect_equal(fit$time, ref$time, tolerance = 0)
  expect_equal(fit$n_risk, ref$n.risk)
  expect_equal(fit$n_event, ref$n.event)
  expect_equal(fit$n_censor, ref$n.censor)
  expect_equal(fit$surv, ref$surv, tolerance = 1e-12)
  expect_equal(fit$conf_low, 1 - ref$upper, tolerance = 1e-12)
  if (!is.null(ref$strata)) {
    expect_equal(as.character(fit$strata), as.character(ref$strata))
  }
}

test_that("sorted and counted times agree with survfit on large tables", {
  set.seed(11)
  n <- 30000
  g <- factor(sample(letters[1:7], n, TRUE))
  status <- rbinom(n, 1, 0.6)
  # continuous times with ties: the bucket radix sort
  d <- data.frame(time = round(rexp(n, 1 / 50), 2), status, g)
  expect_km_like_survfit(d)
  # whole days: the counting table; as integers and as doubles
  d <- data.frame(time = sample.int(400, n, TRUE), status, g)
  expect_km_like_survfit(d)
  d$time <- as.double(d$time)
  expect_km_like_survfit(d)
  # whole numbers too far apart for a table
  d$time <- d$time * 1e6 + 1e9
  expect_km_like_survfit(d)
})

test_that("many small strata and extreme times sort correctly", {
  set.seed(12)
  sizes <- c(1:120, 400, 3000)
  g <- factor(rep(seq_along(sizes), sizes))
  n <- length(g)
  pool <- c(0, -0, 5e-324, 1e-300, 1e-10, 0.5, 1, 1 + 2^-52, 3, 1e10, 1e300)
  time <- ifelse(runif(n) < 0.3, sample(pool, n, TRUE), rexp(n))
  d <- data.frame(time, status = rbinom(n, 1, 0.5), g)
  expect_km_like_survfit(d)
  # the order does not matter
  expect_equal(time_to_response(Surv(time, status) ~ g, data = d[rev(seq_len(n)), ])$table,
               time_to_response(Surv(time, status) ~ g, data = d)$table)
})

test_that("statuses are read as Surv() reads them", {
  d <- data.frame(time = c(3L, 5L, 5L, 8L, 12L, 12L, 15L),
                  status = c(1L, 0L, 1L, 1L, 0L, 1L, 0L))
  ref <- summary(survfit(Surv(time, status) ~ 1, data = d), censored = TRUE)
  for (ev in list(d$status, as.double(d$status), d$status == 1,
                  d$status + 1L, d$status + 1)) {
    e <- data.frame(time = d$time, ev = ev)
    tab <- as.data.frame(time_to_response(Surv(time, ev) ~ 1, data = e))
    expect_equal(tab$surv, ref$surv, tolerance = 1e-12)
    expect_equal(tab$n_event, ref$n.event)
  }
  # named and reordered arguments
  tab <- as.data.frame(time_to_response(Surv(event = status, time = time) ~ 1, data = d))
  expect_equal(tab$surv, ref$surv, tolerance = 1e-12)
  # 0, 1 and 2 together: Surv() turns the 0 into NA, and the row is named
  e <- data.frame(time = 1:3, ev = c(0, 1, 2))
  expect_error(suppressWarnings(time_to_response(Surv(time, ev) ~ 1, data = e)),
               "row 1", class = "casepool_error")
  # a Surv() of the user's own is called as it is
  local({
    Surv <- function(time, event) survival::Surv(time, 1 - event)
    fit <- time_to_response(Surv(time, status) ~ 1, data = d)
    expect_equal(sum(fit$table$n_event), sum(d$status == 0))
  })
})

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
