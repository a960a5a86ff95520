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

test_that("time to response in days is the NPMLE of the intervals the regimens give", {
  cases <- nsarc_cases
  fit <- time_to_response(cases, unit = "days")
  expect_equal(fit$type, "interval")
  expect_true(fit$converged)
  tl <- fit$timeline
  # each case's regimen is weeks 0, 2, 6 then every w weeks
  w <- 7 * as.numeric(sub(".*every (\\d+) weeks", "\\1", cases$regimen))
  i <- which(cases$onset %in% "after the second infusion")
  expect_length(i, 1)
  expect_equal(c(tl$days_left[i], tl$days_right[i]), c(14, 42))
  j <- which(cases$onset %in% "after the fourth infusion")
  expect_equal(c(tl$days_left[j], tl$days_right[j]), c(42 + w[j], 42 + 2 * w[j]))
  # non-responders: censored at their follow-up
  none <- which(cases$response %in% "none")
  expect_equal(tl$days_left[none], cases$followup[none] * 365.25 / 12)
  ok <- !is.na(tl$days_left)
  ref <- plain_turnbull(tl$days_left[ok], tl$days_right[ok])
  expect_lt(max(abs(fit_cdf(fit, ref$at) - ref$cdf)), 1e-6)
  expect_gt(fit$loglik, ref$loglik - 1e-8)
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
  s <- cases[cases$stopped %in% TRUE & cases$response %in% c("complete", "partial") &
               !is.na(cases$relapse) & !is.na(cases$followup_after_stop), ]
  ref <- summary(survfit(Surv(followup_after_stop, relapse) ~ 1, data = s,
                         conf.type = "log-log"), censored = TRUE)
  got <- as.data.frame(rem$fit)
  expect_equal(got$time, ref$time)
  expect_equal(got$surv, ref$surv, tolerance = 1e-12)
  expect_equal(got$conf_low, 1 - ref$upper, tolerance = 1e-12)
  expect_snapshot(print(rem))
})

test_that("sustained remission counts responders only", {
  d <- data.frame(case_id = 1:5, response = c("complete", "none", "partial", NA, "none"),
                  stopped = TRUE, relapse = c(FALSE, FALSE, TRUE, FALSE, NA),
                  followup_after_stop = c(12, 6, 3, 8, 4))
  rem <- remission_after_stop(as_cases(d))
  tab <- as.data.frame(rem$tally)
  # case 2 stopped without ever responding: not a remission; case 4's
  # response is not reported, so neither is its remission (it did not
  # relapse, though)
  expect_equal(tab$yes, c(5L, 1L, 1L))
  expect_equal(tab$no, c(0L, 4L, 3L))
  expect_equal(tab$not_reported, c(0L, 0L, 1L))
  expect_equal(rem$among_stopped$n, c(2L, 2L))
  expect_equal(sort(as.data.frame(rem$fit)$time), c(3, 12))
})

test_that("by takes bare names, strings and several columns for case tables", {
  quoted <- time_to_response(nsarc_cases, unit = "infusions", by = "sex")
  bare <- time_to_response(nsarc_cases, unit = "infusions", by = sex)
  expect_equal(bare$table, quoted$table)
  expect_equal(bare$strata_levels, c("sex=F", "sex=M"))
  both <- time_to_response(nsarc_cases, unit = "infusions", by = c(sex, site))
  expect_identical(time_to_response(nsarc_cases, unit = "infusions",
                                    by = c("sex", "site"))$table, both$table)
  sites <- sort(unique(nsarc_cases$site))
  expect_equal(both$strata_levels,
               paste0("sex=", rep(c("F", "M"), each = length(sites)), ", site=",
                      rep(sites, 2)))
  expect_equal(sum(both$n) + length(both$excluded), nrow(nsarc_cases))
  # each stratum is the fit of its cases alone
  used <- !nsarc_cases$case_id %in% both$excluded
  for (s in both$strata_levels[both$n > 0]) {
    keep <- paste0("sex=", nsarc_cases$sex, ", site=", nsarc_cases$site) == s
    alone <- time_to_response(nsarc_cases[keep, ], unit = "infusions")
    expect_equal(unname(unlist(median(alone)["estimate"])),
                 median(both)$estimate[median(both)$strata == s])
  }
  # response_by_infusion passes its by on
  r <- response_by_infusion(nsarc_cases, k = 1:3, by = c(sex, site))
  expect_equal(levels(r$strata), both$strata_levels)
  expect_equal(response_by_infusion(nsarc_cases, k = 1:3, by = sex)$estimate,
               response_by_infusion(nsarc_cases, k = 1:3, by = "sex")$estimate)
  expect_snapshot(error = TRUE, time_to_response(nsarc_cases, by = c(sex, age_group)))
  expect_snapshot(error = TRUE, response_by_infusion(nsarc_cases, by = age_group))
})

test_that("case-table fits reject arguments they do not use", {
  expect_snapshot(error = TRUE, time_to_response(nsarc_cases, conf.type = "log",
                                                 weights = 1, subset = sex == "F"))
  expect_snapshot(error = TRUE, response_by_infusion(nsarc_cases, conf.int = 0.9))
  # what it does use reaches the fit
  r <- response_by_infusion(nsarc_cases, k = 1:2, conf_level = 0.8, conf_type = "plain")
  expect_equal(attr(r, "fit")$conf_level, 0.8)
  expect_equal(attr(r, "fit")$conf_type, "plain")
})
