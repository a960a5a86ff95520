# naive schedules written out day by day
naive_days <- function(induction_weeks, every_weeks, k_max = 60) {
  ind <- 7 * induction_weeks
  c(ind, if (!is.na(every_weeks)) max(ind) + 7 * every_weeks * seq_len(k_max))
}

test_that("infusion_day and infusions_by_day agree with a written-out schedule", {
  for (r in list(regimen(), regimen(every_weeks = 4), regimen(c(0, 1, 3, 7), 6),
                 regimen(0, 2), regimen(c(0, 2), NA))) {
    days <- naive_days(r$induction_weeks, r$every_weeks)
    k <- 1:40
    ref <- ifelse(k <= length(days), days[k], NA)
    expect_equal(infusion_day(k, r), ref)
    d <- c(-1, 0, 0.5, seq(1, 300, by = 3.5), 13, 14, 15, 42)
    expect_equal(infusions_by_day(d, r), vapply(d, function(x) sum(days <= x), 0))
  }
  expect_equal(infusion_day(1:5), c(0, 14, 42, 98, 154))
  expect_equal(infusion_day(c(NA, 2)), c(NA, 14))
  expect_equal(infusion_day(c(4, 4, 4), every_weeks = c(4, 8, NA)), c(70, 98, 98))
  expect_snapshot(error = TRUE, infusion_day(4, every_weeks = c(4, 8)))
})

test_that("onset intervals convert between units as the contract says", {
  x <- parse_onset(c("after the second infusion", "by the third infusion",
                     "within 3 weeks", "3 weeks", "overnight", "after 8 weeks",
                     "between 2 and 4 months", "after the sixth infusion", NA))
  d <- onset_days(x)
  # infusions [J, K] -> days (day(J), day(K + 1)]
  expect_equal(d$lower[1:2], c(14, 0))
  expect_equal(d$upper[1:2], c(42, 98))
  expect_equal(d$lower[3:7], x$lower[3:7])
  expect_equal(d$upper[8], 266)
  i <- onset_infusions(x)
  expect_equal(i$lower, c(2, 1, 1, 2, 1, 3, 3, 6, NA))
  expect_equal(i$upper, c(2, 3, 2, 2, 1, 3, 4, 6, NA))
  # no maintenance: no next infusion, so the upper end is open
  expect_equal(onset_days(x[8, ], regimen(c(0, 2, 6), NA))$lower, NA_real_)
  last <- parse_onset("after the third infusion")
  expect_equal(onset_days(last, regimen(c(0, 2, 6), NA))$upper, Inf)
  # per-case intervals
  expect_equal(onset_days(x[c(8, 8), ], every_weeks = c(4, 8))$lower, c(42 + 3 * 28, 42 + 3 * 56))
})

test_that("regimens print and reject bad input", {
  expect_snapshot(print(regimen(every_weeks = 4, dose_mg_kg = 5)))
  expect_snapshot(error = TRUE, regimen(c(2, 4)))
  expect_snapshot(error = TRUE, regimen(every_weeks = 0))
  expect_snapshot(error = TRUE, regimen(dose_mg_kg = -1))
  expect_snapshot(error = TRUE, infusion_day(0))
  expect_snapshot(error = TRUE, infusion_day(2, regimen = list()))
  expect_snapshot(error = TRUE, onset_days(data.frame(a = 1)))
})
