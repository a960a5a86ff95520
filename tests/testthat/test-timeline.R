library(survival)

reviewer_cases <- function() {
  as_cases(reviewer_sheet(), map = reviewer_map, response_levels = reviewer_levels)
}

test_that("a reviewer's sheet is read as typed: codes, regimens, doses, follow-up", {
  cases <- reviewer_cases()
  expect_s3_class(cases, "cases")
  expect_equal(nrow(cases), 34)
  expect_equal(as.character(cases$response[c(1, 2, 3)]), c("complete", "partial", "none"))
  expect_equal(cases$followup[c(2, 9, 27)], c(6, 8, 10))
  expect_equal(cases$dose_value[c(1, 7, 12, 16, 32)], c(375, 1000, 1000, 8, 400))
  expect_equal(cases$dose_unit[c(1, 7, 12, 16, 32)],
               c("mg/m2", "mg", "mg", "mg/kg", "mg/kg"))
  expect_true(is.na(cases$regimen[34]))
})

test_that("every case's time is the one worked out by hand, in days and infusions", {
  cases <- reviewer_cases()
  tl <- case_timeline(cases)
  want <- reviewer_days()
  # case 34 has no regimen, but an exact day needs none
  expect_equal(tl$days_left, want$left, tolerance = 1e-12)
  expect_equal(tl$days_right, want$right, tolerance = 1e-12)
  expect_match(tl$days_note[14], "censored at the last infusion \\(no follow-up\\)")
  expect_match(tl$days_note[33], "time not reported")
  # in infusions case 34 needs a regimen; with "every 3 weeks" day 21 is
  # after infusion 1 (the second is on day 21 itself)
  expect_snapshot(error = TRUE, time_to_response(cases, unit = "infusions"))
  tl <- case_timeline(cases, regimen = "every 3 weeks")
  want <- reviewer_infusions()
  expect_equal(tl$infusions_left, want$left)
  expect_equal(tl$infusions_right, want$right)
  expect_equal(tl$regimen_from, c(rep("case", 33), "argument"))
})

test_that("the fits from the sheet equal the NPMLE of the hand-written intervals", {
  cases <- reviewer_cases()
  for (unit in c("days", "infusions")) {
    want <- if (unit == "days") reviewer_days() else reviewer_infusions()
    fit <- time_to_response(cases, unit = unit, regimen = "every 3 weeks")
    expect_equal(fit$type, "interval")
    expect_equal(fit$excluded, "P33")
    ok <- !is.na(want$left)
    ref <- plain_turnbull(want$left[ok], want$right[ok])
    expect_lt(max(abs(fit_cdf(fit, ref$at) - ref$cdf)), 1e-6)
    expect_gt(fit$loglik, ref$loglik - 1e-8)
  }
})

test_that("with exact and censored times only, the fit is survfit's", {
  cases <- reviewer_cases()
  # the cases whose hand-written times are exact or right-censored
  want <- reviewer_days()
  ok <- !is.na(want$left) & (want$left == want$right | is.infinite(want$right))
  fit <- time_to_response(cases[ok, ], unit = "days")
  expect_equal(fit$type, "right")
  sf <- summary(survfit(Surv(want$left[ok], is.finite(want$right[ok])) ~ 1,
                        conf.type = "log-log"), censored = TRUE)
  got <- as.data.frame(fit)
  expect_equal(got$time, sf$time)
  expect_equal(got$estimate, 1 - sf$surv, tolerance = 1e-12)
  expect_equal(got$conf_low, 1 - sf$upper, tolerance = 1e-12)
  expect_equal(got$conf_high, 1 - sf$lower, tolerance = 1e-12)
  expect_equal(fit$notes, "1 non-responder censored at its last infusion (no follow-up)")
})

test_that("remission from the sheet: responders who stopped, as survfit gives it", {
  rem <- remission_after_stop(reviewer_cases())
  # by hand: the responders who stopped, months after stopping and relapse
  # (P01 P04 P07 P11 P13 P16 P20 P21 P25 P28 P31; the non-responders who
  # stopped, P03 P09 P14 P18 P23 P27, are not remissions)
  months <- c(10, 5, 8, 14, 3, 6, 2, 9, 7, 4, 1)
  relapsed <- c(0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0)
  tab <- as.data.frame(rem$tally)
  # stopped: 17 yes, 10 no, 7 not reported; relapsed and sustained: the 7
  # responders whose stopping is not reported are not reported either
  expect_equal(tab$yes, c(17L, 3L, 8L))
  expect_equal(tab$no, c(10L, 24L, 19L))
  expect_equal(tab$not_reported, c(7L, 7L, 7L))
  sf <- summary(survfit(Surv(months, relapsed) ~ 1, conf.type = "log-log"), censored = TRUE)
  got <- as.data.frame(rem$fit)
  expect_equal(got$time, sf$time)
  expect_equal(got$surv, sf$surv, tolerance = 1e-12)
  expect_equal(got$conf_low, 1 - sf$upper, tolerance = 1e-12)
})

test_that("non-responders are censored, never events, whatever the onset says", {
  d <- data.frame(case_id = c("a", "b", "c", "d"),
                  onset = c("after the second infusion", "after 3 weeks", NA, NA),
                  response = c("none", "none", "none", "none"),
                  regimen = "every 2 weeks", n_infusions = c(4, 6, 3, NA),
                  followup = c(6, NA, 2, NA))
  expect_snapshot(cases <- as_cases(d))
  tl <- case_timeline(cases)
  mo <- 365.25 / 12
  expect_equal(tl$days_left, c(6 * mo, 70, 2 * mo, NA))
  expect_equal(tl$days_right, c(Inf, Inf, Inf, NA))
  expect_equal(tl$infusions_left, c(4, 6, 3, NA))
  expect_equal(tl$infusions_right, c(Inf, Inf, Inf, NA))
  fit <- time_to_response(cases, unit = "infusions")
  expect_equal(sum(as.data.frame(fit)$n_event), 0)
  expect_equal(fit$excluded, "d")
})

test_that("the infusion scale ends at the last infusion", {
  d <- data.frame(case_id = 1:3, onset = c("3-6 months", "after 2 years", "more than 1 year"),
                  response = "partial", regimen = "375 mg/m2 weekly x4",
                  n_infusions = c(4, 2, NA), followup = c(12, 30, 24))
  tl <- case_timeline(as_cases(d))
  # after 2 years on a 4-dose course of which 2 were given: after the 2nd;
  # more than a year after the last of 4 doses: after the 4th
  expect_equal(tl$infusions_left, c(4, 2, 4))
  expect_equal(tl$infusions_right, c(4, 2, 4))
  # days: (day(4) = 21, ...] capped at follow-up only for open ends
  expect_equal(tl$days_right[3], 24 * 365.25 / 12)
})

test_that("a response after the last infusion lies before the end of follow-up", {
  d <- data.frame(case_id = 1:3, onset = "after the second infusion",
                  response = "complete", regimen = "1 g on days 1 and 15",
                  n_infusions = c(2, 2, 4), followup = c(6, NA, 6))
  expect_warning(cases <- as_cases(d), "more than the case's regimen gives")
  tl <- case_timeline(cases)
  expect_equal(tl$days_left, c(14, 14, 14))
  expect_equal(tl$days_right, c(6 * 365.25 / 12, Inf, 6 * 365.25 / 12))
})

test_that("no silent default schedule: conversions without a regimen are errors", {
  d <- data.frame(case_id = c("x1", "x2", "x3"),
                  onset = c("after the second infusion", "after 2 weeks", "overnight"),
                  response = "complete")
  cases <- as_cases(d)
  expect_snapshot(error = TRUE, time_to_response(cases, unit = "days"))
  expect_snapshot(error = TRUE, response_by_infusion(cases))
  expect_snapshot(error = TRUE, onset_days(parse_onset("after the third infusion")))
  # the argument serves the cases without their own
  fit <- time_to_response(cases, unit = "days", regimen = "every 2 weeks")
  expect_equal(fit$timeline$days_left, c(14, 14, 0))
  expect_equal(fit$timeline$days_right, c(28, 14, 1))
  expect_equal(fit$timeline$regimen, rep("every 2 weeks", 3))
})

test_that("per-case regimens beat the argument", {
  d <- data.frame(case_id = 1:2, onset = "after the second infusion", response = "partial",
                  regimen = c("every 4 weeks", NA))
  tl <- case_timeline(as_cases(d), regimen = regimen("weekly x4"))
  expect_equal(tl$days_left, c(28, 7))
  expect_equal(tl$days_right, c(56, 14))
  expect_equal(tl$regimen_from, c("case", "argument"))
})

test_that("timelines print and shape", {
  tl <- case_timeline(reviewer_cases(), regimen = "every 3 weeks")
  expect_snapshot(print(tl, n = 3))
  df <- as.data.frame(tl)
  expect_identical(class(df), "data.frame")
  expect_null(attr(df, "codes"))
  expect_snapshot(error = TRUE, case_timeline(data.frame(case_id = 1)))
  expect_snapshot(error = TRUE, case_timeline(reviewer_cases(), regimen = "every 4-8 weeks"))
})

test_that("onsets counted from a later infusion, from the last, and in courses", {
  d <- data.frame(
    case_id = c("a", "b", "c", "d", "e", "f"),
    onset = c("2 weeks after the second infusion", "6 weeks after the last infusion",
              "after the second course", "at the 6-month follow-up",
              "no improvement after 2 doses", "improved on day 3 after the first 1000 mg dose"),
    response = c("partial", "complete", "complete", "partial", NA, "partial"),
    regimen = c("weekly x4", "weekly x4", "1 g on days 1 and 15, repeated every 6 months",
                "every 4 weeks", "1 g on days 1 and 15", "1 g on days 1 and 15"),
    n_infusions = c(4, 3, 6, 6, 2, 2), followup = c(12, 12, 24, 12, 6, 6))
  tl <- case_timeline(as_cases(d))
  mo <- 365.25 / 12
  # a: day(2) = 7, plus 14; b: day(3) = 14 (the last of 3), plus 42;
  # c: after course 2 = after infusion 4 (day 196.625), before the 5th
  # (day 365.25); d: found at the 6-month visit; e: no response, with
  # `response` not recorded: censored at follow-up; f: day 3 from the first
  expect_equal(tl$days_left, c(21, 56, 182.625 + 14, 0, 6 * mo, 3))
  expect_equal(tl$days_right, c(21, 56, 365.25, 6 * mo, Inf, 3))
  expect_equal(tl$infusions_left, c(3, 3, 4, 0, 2, 1))
  expect_equal(tl$infusions_right, c(3, 3, 4, 6, Inf, 1))
})
