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
  expect_named(tab, c("lower", "upper", "mass", "estimate", "conf_low", "conf_high"))
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
    time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, maxit = 2,
                     B = 0),
    "did not converge"
  )
})

test_that("fits print and format", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  expect_snapshot(print(fit))
  ic <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = cosmesis_rt(),
                         seed = 1)
  expect_snapshot(print(ic))
  expect_snapshot(print(time_to_response(Surv(left, right, type = "interval2") ~ 1,
                                         data = cosmesis_rt(), B = 0)))
  expect_s3_class(format(fit), "data.frame")
})

# ---- the formula interface: weights, data, subset, na.action, `...` ----

# The weighted fit against survfit's, row by row: counts, curve, standard
# error and interval, and the quantiles.  survfit() computes the robust
# variance when some weight is not a whole number and Greenwood's
# otherwise; casepool follows the same rule.
expect_weighted_like_survfit <- function(formula, data, w, conf_type) {
  fit <- expect_matches_survfit(formula, data, conf_type, weights = w)
  expect_true(fit$weighted)
  expect_equal(fit$variance, if (any(w != floor(w))) "robust" else "greenwood")
  invisible(fit)
}

test_that("weighted Kaplan-Meier agrees with survfit's weighted fit", {
  set.seed(21)
  lung <- survival::lung
  whole <- sample(0:3, nrow(lung), TRUE)
  frac <- runif(nrow(lung), 0, 3)
  for (ct in c("log-log", "log", "plain")) {
    # whole-number weights: Greenwood on the weighted counts
    expect_weighted_like_survfit(Surv(time, status) ~ sex, lung, whole, ct)
    # other weights: the robust (infinitesimal jackknife) variance
    expect_weighted_like_survfit(Surv(time, status) ~ sex, lung, frac, ct)
    # through the Surv object rather than the two columns
    expect_weighted_like_survfit(Surv(time, status, type = "right") ~ sex, lung, frac, ct)
  }
  # continuous times: the radix-sorted buckets carry the weights
  n <- 4000
  d <- data.frame(time = round(rexp(n), 3), status = rbinom(n, 1, 0.6),
                  g = sample(c("a", "b", "c"), n, TRUE))
  expect_weighted_like_survfit(Surv(time, status) ~ g, d, runif(n), "log-log")
  expect_weighted_like_survfit(Surv(time, status) ~ g, d, sample(0:4, n, TRUE), "plain")
  # a zero weight keeps its row, a last event with all the weight ends at 0
  small <- data.frame(time = c(1, 2, 2, 3, 4, 5, 6, 7, 8),
                      status = c(1, 1, 0, 1, 0, 1, 1, 0, 1))
  w <- c(0.5, 2, 1, 0, 1.5, 1, 0.3, 0.7, 1.2)
  for (ct in c("log-log", "log", "plain")) {
    fit <- expect_weighted_like_survfit(Surv(time, status) ~ 1, small, w, ct)
    expect_weighted_like_survfit(Surv(time, status) ~ 1, small,
                                 replace(w, 9, 0), ct)
    small$time2 <- small$time + 0.5
    expect_weighted_like_survfit(Surv(time2, status) ~ 1, small, w, ct)
  }
  expect_equal(tail(fit$table$surv, 1), 0)
  # a stratum whose cases all weigh 0
  aml <- survival::aml
  for (ct in c("log-log", "log", "plain")) {
    expect_weighted_like_survfit(Surv(time, status) ~ x, aml,
                                 ifelse(aml$x == "Maintained", 0, 1.5), ct)
  }
})

test_that("whole-number weights are the fit of repeated rows", {
  aml <- survival::aml
  w <- rep_len(c(1, 2, 3), nrow(aml))
  fit <- time_to_response(Surv(time, status) ~ x, data = aml, weights = w)
  rep_fit <- time_to_response(Surv(time, status) ~ x, data = aml[rep(seq_len(nrow(aml)), w), ])
  cols <- c("time", "n_risk", "n_event", "n_censor", "surv", "std_err",
            "conf_low", "conf_high")
  expect_equal(fit$table[cols], rep_fit$table[cols], tolerance = 1e-12)
  # n counts cases, not weights
  expect_equal(fit$n, as.vector(table(aml$x)))
  # weights of 1 are the unweighted fit
  one <- time_to_response(Surv(time, status) ~ x, data = aml, weights = rep(1, 23))
  expect_equal(one$table, time_to_response(Surv(time, status) ~ x, data = aml)$table)
})

test_that("weights: bad values and Turnbull fits are errors that say why", {
  d <- data.frame(time = c(2, 5, 9), status = c(1, 0, 1), w = c(1, -1, 2),
                  lo = c(1, 2, 3), hi = c(2, 2, 5))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d, weights = w))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d,
                                                 weights = c("1", "2", "3")))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d,
                                                 weights = 1:2))
  expect_snapshot(error = TRUE, time_to_response(Surv(lo, hi, type = "interval2") ~ 1,
                                                 data = d, weights = c(1, 1, 1)))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d,
                                                 weights = c(1, 1, 1), method = "turnbull"))
  expect_error(time_to_response(Surv(time, status) ~ 1, data = d, weights = c(1, Inf, 1)),
               "row 2", class = "casepool_error")
})

test_that("without `data` the variables come from the formula's environment", {
  time <- survival::aml$time
  status <- survival::aml$status
  x <- survival::aml$x
  fit <- time_to_response(Surv(time, status) ~ x)
  expect_equal(fit$table, time_to_response(Surv(time, status) ~ x, data = survival::aml)$table)
  w <- rep_len(c(0.5, 1.5), length(time))
  wf <- time_to_response(Surv(time, status) ~ x, weights = w)
  ref <- survfit(Surv(time, status) ~ x, weights = w, conf.type = "log-log")
  expect_equal(wf$table$surv, summary(ref, censored = TRUE)$surv, tolerance = 1e-12)
  # a formula written inside a function sees that function's variables
  f <- function() {
    tt <- c(3, 5, 7)
    ee <- c(1, 0, 1)
    Surv(tt, ee) ~ 1
  }
  expect_equal(time_to_response(f())$table$time, c(3, 5, 7))
  # the Surv object path too
  lo <- c(1, 2, 4)
  hi <- c(3, 2, NA)
  expect_equal(time_to_response(Surv(lo, hi, type = "interval2") ~ 1)$n, 3L)
  expect_snapshot(error = TRUE, time_to_response(Surv(no_such_time, status) ~ 1))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ no_such_group))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = list(time = 1)))
})

test_that("subset chooses rows as survfit's subset does", {
  lung <- survival::lung
  fit <- time_to_response(Surv(time, status) ~ sex, data = lung,
                          subset = age > 60 & ph.ecog %in% 0:1)
  ref <- summary(survfit(Surv(time, status) ~ sex, data = lung, conf.type = "log-log",
                         subset = age > 60 & ph.ecog %in% 0:1), censored = TRUE)
  expect_equal(fit$table$surv, ref$surv, tolerance = 1e-12)
  expect_equal(fit$table$conf_low, 1 - ref$upper, tolerance = 1e-12)
  # NA in a logical subset counts as FALSE; row numbers work too
  keep <- lung$ph.ecog < 2
  expect_equal(time_to_response(Surv(time, status) ~ 1, data = lung, subset = keep)$n,
               sum(keep, na.rm = TRUE))
  expect_equal(time_to_response(Surv(time, status) ~ 1, data = lung, subset = 1:50)$n, 50L)
  expect_equal(time_to_response(Surv(time, status) ~ 1, data = lung, subset = -(1:50))$n,
               nrow(lung) - 50L)
  # weights are subset with the rows; Turnbull fits take a subset as well
  w <- rep_len(c(1, 2), nrow(lung))
  fw <- time_to_response(Surv(time, status) ~ 1, data = lung, weights = w, subset = sex == 1)
  rw <- survfit(Surv(time, status) ~ 1, data = lung, weights = w, subset = sex == 1)
  expect_equal(fw$table$n_risk, summary(rw, censored = TRUE)$n.risk)
  ic <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = cosmesis_rt(),
                         subset = 1:20)
  expect_equal(ic$n, 20L)
  # a character stratum gets the levels of the rows kept
  d <- data.frame(time = 1:6, status = 1, g = c("a", "a", "b", "b", "c", "c"))
  expect_equal(time_to_response(Surv(time, status) ~ g, data = d,
                                subset = g != "c")$strata_levels, c("g=a", "g=b"))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d,
                                                 subset = "a"))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d,
                                                 subset = c(TRUE, FALSE)))
})

test_that("na.action: an error naming the rows by default, na.omit drops and lists them", {
  lung <- survival::lung
  d <- lung
  d$time[c(3, 10)] <- NA
  d$wt <- d$pat.karno / 50
  # the default: an error naming the rows, whatever getOption("na.action") says
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ sex, data = d, weights = wt))
  expect_error(time_to_response(Surv(time, status) ~ sex, data = d, na.action = na.fail),
               "rows 3 and 10", class = "casepool_error")
  fit <- time_to_response(Surv(time, status) ~ sex, data = d, weights = wt,
                          na.action = na.omit)
  ref <- survfit(Surv(time, status) ~ sex, data = d, weights = wt, na.action = na.omit,
                 conf.type = "log-log")
  expect_equal(fit$na_action, ref$na.action)
  expect_equal(fit$table$surv, summary(ref, censored = TRUE)$surv, tolerance = 1e-12)
  expect_equal(fit$table$std_err, summary(ref, censored = TRUE)$std.err, tolerance = 1e-12)
  # by name, and na.exclude
  by_name <- time_to_response(Surv(time, status) ~ sex, data = d, na.action = "na.omit")
  expect_equal(unname(unclass(by_name$na_action)), c(3L, 10L))
  ex <- time_to_response(Surv(time, status) ~ sex, data = d, na.action = na.exclude)
  expect_s3_class(ex$na_action, "exclude")
  # rows are counted in the data, after a subset
  sub <- time_to_response(Surv(time, status) ~ 1, data = d, subset = 5:20,
                          na.action = na.omit)
  expect_equal(unname(unclass(sub$na_action)), 10L)
  expect_equal(sub$n, 15L)
  # na.pass keeps rows that have no time: still an error
  expect_error(time_to_response(Surv(time, status) ~ 1, data = d, na.action = na.pass),
               "rows 3 and 10", class = "casepool_error")
  # Surv objects: interval data, and intervals the wrong way round
  ic <- data.frame(lo = c(1, 2, NA, 4, 6), hi = c(2, 2, NA, 6, 5))
  fit <- suppressWarnings(time_to_response(Surv(lo, hi, type = "interval2") ~ 1, data = ic,
                                           na.action = na.omit, seed = 7))
  expect_equal(unname(unclass(fit$na_action)), c(3L, 5L))
  expect_equal(fit$n, 3L)
  # a missing stratum is a stratum, not a missing row
  d2 <- data.frame(time = 1:4, status = 1, g = c("a", NA, "a", "b"))
  expect_null(time_to_response(Surv(time, status) ~ g, data = d2, na.action = na.omit)$na_action)
  expect_snapshot(print(fit))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ 1, data = d,
                                                 na.action = 3))
})

test_that("arguments the fit does not use are errors with casepool's spelling", {
  aml <- survival::aml
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ x, data = aml,
                                                 conf.type = "log"))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ x, data = aml,
                                                 conf.int = 0.5, conf.type = "log",
                                                 type = "kaplan-meier", error = "tsiatis"))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ x, data = aml,
                                                 conf.level = 0.9, 0.5, bogus = TRUE))
  expect_snapshot(error = TRUE, time_to_response(Surv(time, status) ~ x, data = aml,
                                                 by = "x", unit = "days"))
  expect_error(time_to_response(Surv(time, status) ~ x, data = aml, max.it = 5),
               "`max.it`", class = "casepool_error_dots")
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  expect_snapshot(error = TRUE, summary(fit, times = 10, extend = TRUE))
  expect_snapshot(error = TRUE, quantile(fit, 0.5, conf.int = TRUE))
  expect_snapshot(error = TRUE, median(fit, conf.level = 0.9))
  # the weighted fit prints what it is
  expect_snapshot(print(time_to_response(Surv(time, status) ~ x, data = aml,
                                         weights = rep_len(c(0.5, 1.5), 23))))
})
