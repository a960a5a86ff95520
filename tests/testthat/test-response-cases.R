library(survival)

test_that("time to response in infusions agrees with survfit on the worked example", {
  cases <- nsarc_cases
  fit <- time_to_response(cases, unit = "infusions")
  # independent reconstruction: the extracted infusion at response, and
  # non-responders censored at their last infusion
  time <- ifelse(!is.na(cases$response_infusion), cases$response_infusion,
                 ifelse(cases$response %in% "none", cases$n_infusions, NA))
  status <- as.integer(!is.na(cases$response_infusion))
  keep <- !is.na(time)
  ref <- summary(survfit(Surv(time[keep], status[keep]) ~ 1, conf.type = "log-log"),
                 censored = TRUE)
  got <- as.data.frame(fit)
  expect_equal(got$time, ref$time)
  expect_equal(got$n_risk, ref$n.risk)
  expect_equal(got$estimate, 1 - ref$surv, tolerance = 1e-12)
  expect_equal(got$conf_low, 1 - ref$upper, tolerance = 1e-12)
  expect_equal(sort(fit$excluded), sort(as.character(cases$case_id[!keep])))

  by_k <- response_by_infusion(cases, k = 1:3)
  s <- summary(survfit(Surv(time[keep], status[keep]) ~ 1, conf.type = "log-log"),
               times = 1:3)
  expect_equal(by_k$estimate, 1 - s$surv, tolerance = 1e-12)
  expect_equal(by_k$conf_high, 1 - s$lower, tolerance = 1e-12)
  expect_equal(by_k$infusion, 1:3)
})

test_that("time to response in days is a Turnbull fit that meets Kuhn-Tucker", {
  fit <- time_to_response(nsarc_cases, unit = "days")
  expect_equal(fit$type, "interval")
  expect_true(fit$converged)
  times <- casepool:::case_times(nsarc_cases, "days", regimen())
  L <- times$left[times$used]
  R <- times$right[times$used]
  tab <- as.data.frame(fit)
  ref <- naive_turnbull(L, R, tab$lower, tab$upper, tab$lower == tab$upper, iter = 2000)
  dj <- colSums(ref$A / as.vector(ref$A %*% tab$mass))
  expect_lt(max(dj / length(L)), 1 + 1e-6)
  expect_gte(sum(log(ref$A %*% tab$mass)), ref$loglik - 1e-8)
  # the day intervals follow the regimen: after the second infusion is (14, 42]
  i <- which(nsarc_cases$onset %in% "after the second infusion")
  expect_length(i, 1)
  expect_equal(c(times$left[i], times$right[i]), c(14, 42))
  # in maintenance, each case's own interval: after infusion 4 is
  # (day 42 + w, day 42 + 2w] with w its interval in days
  j <- which(nsarc_cases$onset %in% "after the fourth infusion")
  w <- 7 * nsarc_cases$interval_weeks[j]
  expect_equal(c(times$left[j], times$right[j]), c(42 + w, 42 + 2 * w))
})

test_that("strata of a case table and a by column", {
  fit <- time_to_response(nsarc_cases, unit = "infusions", by = "sex")
  expect_equal(fit$strata_levels, c("sex=F", "sex=M"))
  expect_equal(sum(fit$n) + length(fit$excluded), nrow(nsarc_cases))
  expect_snapshot(error = TRUE, time_to_response(nsarc_cases, by = "nope"))
  expect_snapshot(error = TRUE, response_by_infusion(nsarc_cases, k = 0))
  expect_snapshot(error = TRUE, response_by_infusion(as.data.frame(nsarc_cases)))
})

test_that("remission after stopping: tallies and relapse-free time", {
  rem <- remission_after_stop(nsarc_cases)
  expect_s3_class(rem, "remission")
  cases <- nsarc_cases
  expect_equal(rem$tally$yes[rem$tally$outcome == "sustained"], 8L)
  expect_equal(rem$tally$yes[rem$tally$outcome == "stopped"], sum(cases$stopped %in% TRUE))
  s <- cases[cases$stopped %in% TRUE & !is.na(cases$relapse) &
               !is.na(cases$followup_after_stop), ]
  ref <- summary(survfit(Surv(followup_after_stop, relapse) ~ 1, data = s,
                         conf.type = "log-log"), censored = TRUE)
  got <- as.data.frame(rem$fit)
  expect_equal(got$time, ref$time)
  expect_equal(got$surv, ref$surv, tolerance = 1e-12)
  expect_equal(got$conf_low, 1 - ref$upper, tolerance = 1e-12)
  expect_snapshot(print(rem))
})

test_that("follow-up written as text is read in months", {
  d <- as_cases(data.frame(case_id = 1:3, stopped = TRUE, relapse = c(TRUE, FALSE, FALSE),
                           followup_after_stop = c("6", "2 years", "soon")))
  expect_warning(rem <- remission_after_stop(d), "soon")
  expect_equal(sort(as.data.frame(rem$fit)$time), c(6, 24))
  expect_equal(rem$fit$excluded, "3")
})
