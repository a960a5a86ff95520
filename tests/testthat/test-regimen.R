mo <- 365.25 / 12
# every infusion day of a regimen, written out by hand from its text
by_hand <- list(
  "weeks 0, 2, 6 then every 8 weeks" = c(0, 14, 42, 42 + 56 * 1:30),
  "5 mg/kg at 0, 2 and 6 weeks, maintenance every 8 weeks" = c(0, 14, 42, 42 + 56 * 1:30),
  "weeks 0, 2, 6, q8w thereafter" = c(0, 14, 42, 42 + 56 * 1:30),
  "every 4 weeks" = 28 * 0:40,
  "q4w" = 28 * 0:40,
  "4-weekly" = 28 * 0:40,
  "tocilizumab 8 mg/kg every 4 weeks" = 28 * 0:40,
  "monthly" = mo * 0:40,
  "once a month" = mo * 0:40,
  "every other week" = 14 * 0:40,
  "weekly x4" = c(0, 7, 14, 21),
  "375 mg/m2 weekly for 4 weeks" = c(0, 7, 14, 21),
  "4 weekly infusions" = c(0, 7, 14, 21),
  "days 1, 8, 15 and 22" = c(0, 7, 14, 21),
  "1 g on days 1 and 15" = c(0, 14),
  "1 g days 1 and 15" = c(0, 14),
  "d1, d15" = c(0, 14),
  "1 g x2, 2 weeks apart" = c(0, 14),
  "two 1 g infusions 2 weeks apart" = c(0, 14),
  "1 g twice, 2 weeks apart" = c(0, 14),
  "days 1 and 15, repeated every 6 months" = as.vector(outer(c(0, 14), 182.625 * 0:20, "+")),
  "every 3 weeks for 6 cycles" = 21 * 0:5,
  "750 mg/m2 monthly x 6" = mo * 0:5,
  "0.4 g/kg/day for 5 days every 4 weeks" = as.vector(outer(0:4, 28 * 0:10, "+")),
  "2 g/kg over 5 days every 4 weeks" = as.vector(outer(0:4, 28 * 0:10, "+")),
  "0,4 g/kg/day for 5 days" = 0:4,
  "days 1-5" = 0:4,
  "single dose" = 0,
  "once" = 0,
  "a single 1 g infusion" = 0,
  "rituximab (anti-CD20) 375 mg/m2 weekly x4" = c(0, 7, 14, 21)
)

test_that("every regimen of the grammar gives the days worked out by hand", {
  for (text in names(by_hand)) {
    days <- by_hand[[text]]
    k <- seq_len(min(length(days), 25))
    expect_equal(infusion_day(k, text), days[k], tolerance = 1e-12, label = text)
    # past the last infusion of a bounded regimen there is none
    if (length(days) < 25) {
      expect_equal(infusion_day(length(days) + 1, text), NA_real_, label = text)
    }
  }
})

test_that("infusions_by_day counts the written-out days", {
  set.seed(1)
  for (text in names(by_hand)) {
    days <- by_hand[[text]]
    d <- c(-1, 0, days[1:min(6, length(days))], sort(runif(40, 0, 200)), 13.999, 14, Inf, NA)
    bounded <- length(days) < 25
    naive <- vapply(d, function(x) {
      if (is.na(x)) return(NA_real_)
      if (is.infinite(x)) return(if (bounded) length(days) else Inf)
      sum(days <= x)
    }, 0)
    expect_equal(infusions_by_day(d, text), naive, label = text)
  }
})

test_that("doses, counts and courses are read from the text", {
  r <- read_regimen(c("375 mg/m2 weekly x4", "1 g on days 1 and 15, repeated every 6 months",
                      "0.4 g/kg/day for 5 days every 4 weeks", "weeks 0, 2, 6 then every 8 weeks",
                      "8 mg/kg q4w", "500 mcg monthly"))
  expect_equal(r$dose, c(375, 1000, 400, NA, 8, 0.5))
  expect_equal(r$dose_unit, c("mg/m2", "mg", "mg/kg", NA, "mg/kg", "mg"))
  expect_equal(r$infusions, c(4, Inf, Inf, Inf, Inf, Inf))
  expect_equal(r$course_size, c(1, 2, 5, 1, 1, 1))
  expect_equal(r$repeats, c("course", "course", "course", "after the last", "course", "course"))
  expect_true(all(is.na(r$problem)))
})

test_that("what the grammar does not read is an error that says why, never a guess", {
  bad <- c("every 4-8 weeks", "every 6 to 8 weeks", "biweekly", "twice weekly",
           "2 infusions per month", "days 1 and 15 every 6 months", "5 mg/kg",
           "weekly for a month", "4 doses", "days 8 and 22", "weeks 6, 2",
           "weekly x4 then monthly", "repeated at 6 months", "-2 weekly",
           "weekly x 99999999999999999999", "days 1 and 15 x1", "days 1-30 every 2 weeks")
  r <- read_regimen(bad)
  expect_true(all(!is.na(r$problem)))
  expect_snapshot(r[c("text", "problem")])
  expect_equal(read_regimen(c(NA, "", "NR", "unknown"))$problem, rep("not reported", 4))
})

test_that("regimens print, and regimen() has no default schedule", {
  expect_snapshot({
    regimen("weeks 0, 2, 6 then every 8 weeks")
    regimen("375 mg/m2 weekly x4")
    regimen("1 g on days 1 and 15, repeated every 6 months")
    regimen("1 g on days 1 and 15")
    regimen("every 4 weeks")
    regimen(induction_weeks = c(0, 2, 6), every_weeks = 4)
  })
  expect_equal(infusion_day(1:5, regimen(induction_weeks = c(0, 2, 6), every_weeks = 4)),
               c(0, 14, 42, 70, 98))
  expect_equal(infusion_day(1:4, regimen(induction_weeks = c(0, 2), every_weeks = NA)),
               c(0, 14, NA, NA))
  expect_snapshot(error = TRUE, regimen())
  expect_snapshot(error = TRUE, regimen("every 4-8 weeks"))
  expect_snapshot(error = TRUE, regimen("weekly", induction_weeks = 0))
  expect_snapshot(error = TRUE, regimen(induction_weeks = c(2, 4)))
  expect_snapshot(error = TRUE, regimen(induction_weeks = 0, every_weeks = 0))
  expect_snapshot(error = TRUE, infusion_day(2))
  expect_snapshot(error = TRUE, infusion_day(0, "weekly"))
  expect_snapshot(error = TRUE, infusion_day(2, regimen = list()))
  expect_snapshot(error = TRUE, infusion_day(1:3, c("weekly", "monthly")))
  expect_snapshot(error = TRUE, infusion_day(1:2, c("weekly", "every 4-8 weeks")))
  expect_snapshot(error = TRUE, onset_days(data.frame(a = 1)))
})

test_that("per-element regimens", {
  expect_equal(infusion_day(c(4, 4, 2), c("every 4 weeks", "every 8 weeks", "single dose")),
               c(84, 168, NA))
  expect_equal(infusions_by_day(c(30, 30), c("weekly x4", "every 4 weeks")), c(4, 2))
})

test_that("onset intervals convert between units as the contract says", {
  x <- parse_onset(c("after the second infusion", "by the third infusion",
                     "within 3 weeks", "3 weeks", "overnight", "after 8 weeks",
                     "between 2 and 4 months", "after the sixth infusion", NA))
  ifx <- "weeks 0, 2, 6 then every 8 weeks"
  d <- onset_days(x, ifx)
  # infusions [J, K] -> days (day(J), day(K + 1)]
  expect_equal(d$lower[1:2], c(14, 0))
  expect_equal(d$upper[1:2], c(42, 98))
  expect_equal(d$lower[3:7], x$lower[3:7])
  expect_equal(d$upper[3:7], x$upper[3:7])
  expect_equal(c(d$lower[8], d$upper[8]), c(210, 266))
  i <- onset_infusions(x, ifx)
  expect_equal(i$lower, c(2, 1, 1, 2, 1, 3, 3, 6, NA))
  expect_equal(i$upper, c(2, 3, 2, 2, 1, 3, 4, 6, NA))
  # no next infusion: the upper end is the end of follow-up, else open
  last <- parse_onset("after the third infusion")
  expect_equal(onset_days(last, "weeks 0, 2, 6")$upper, Inf)
  expect_equal(onset_days(last, "weeks 0, 2, 6", followup = 12)$upper, 12 * mo)
  expect_equal(onset_days(last, ifx, n_infusions = 3, followup = 6)$upper, 6 * mo)
  # the infusion scale ends at n_infusions
  late <- parse_onset("3-6 months")
  expect_equal(unlist(onset_infusions(late, "weekly x4")), c(lower = 4, upper = 4))
  expect_equal(unlist(onset_infusions(late, "every 2 weeks", n_infusions = 5)),
               c(lower = 5, upper = 5))
  # one regimen per row
  expect_equal(onset_days(x[c(8, 8), ], c("every 4 weeks", "every 8 weeks"))$lower,
               c(140, 280))
})

test_that("huge days and infusion numbers give answers at once, inside the schedule", {
  expect_equal(infusions_by_day(c(1e16, 1e300), "daily"), c(1e16 + 1, 1e300 + 1))
  expect_equal(infusions_by_day(1e300, "weekly x4"), 4)
  expect_equal(infusions_by_day(1e300, "weeks 0, 2, 6 then every 8 weeks"), 3 + (1e300 - 42) / 56)
  # a course of three every 28 days: infusion k is in course (k - 1) %/% 3
  k <- c(3.55e21, 3.59e21, 3.3393861003611421e+143)
  got <- infusion_day(k, "days 1, 8 and 15, repeated every 28 days")
  course <- floor((k - 1) / 3)
  expect_true(all(got >= course * 28 * (1 - 1e-12) & got <= (course * 28 + 14) * (1 + 1e-12)))
})

test_that("the readers refuse what they cannot read exactly", {
  r <- read_regimen(c("1,000 mg once", "every 4 weeks x 6 months", "days 1-1e300",
                      "weeks 0, 2, 6 then every 8 weeks x 5 cycles", "0 mg every 4 weeks",
                      "99999999999 mg once", "every 0.00000000000001 days",
                      "monthly x 6 months"))
  expect_match(r$problem[1], "thousands separator")
  expect_match(r$problem[2], "not a whole number of intervals")
  expect_match(r$problem[3], "too large")
  expect_match(r$problem[4], "count of cycles after listed days")
  expect_match(r$problem[5:7], "too large")
  expect_true(is.na(r$problem[8]))
  expect_equal(r$infusions[8], 6)
  d <- suppressWarnings(as_cases(data.frame(case_id = 1:3,
                                            followup = c("over 24 months", "for 24 months", ">24"))))
  expect_equal(d$followup, c(24, 24, 24))
  expect_snapshot(error = TRUE, regimen(induction_weeks = 0, every_weeks = 1e-300))
  expect_snapshot(error = TRUE, regimen(induction_weeks = c(0, 1e308)))
  expect_equal(regimen(induction_weeks = c(0, 0.5))$text, "weeks 0, 0.5")
})

test_that("C checks a regimen table as a second line of defence", {
  tab <- function(days, every, mode = 0L, max = Inf) {
    list(c(0L, length(days)), as.double(days), as.double(every), mode, as.double(max))
  }
  call <- function(t) .Call(casepool:::cp_regimen_days, 5, t, 1L, 2L)
  expect_error(call(tab(0, -1)), "not a schedule")
  expect_error(call(tab(0, 0, 1L)), "not a schedule")
  expect_error(call(tab(c(0, 10), 7)), "not a schedule")
  expect_error(call(tab(c(0, 5, 3), 30)), "not a schedule")
  expect_error(call(tab(1, 7)), "not a schedule")
  expect_error(call(tab(0, 7, 2L)), "not a schedule")
  expect_error(call(tab(0, 7, 0L, NaN)), "not a schedule")
  expect_equal(call(tab(c(0, 2), 7)), 2)
})

test_that("conversions check the counts and follow-ups they are given", {
  x <- parse_onset("after 3 days")
  expect_snapshot(error = TRUE, onset_infusions(x, "weekly", n_infusions = -1))
  expect_snapshot(error = TRUE, onset_infusions(x, "weekly", n_infusions = 2.5))
  expect_snapshot(error = TRUE, onset_days(x, "weekly", followup = Inf))
  tl <- case_timeline(nsarc_cases)
  expect_output(print(tl[1:3, c("days_left", "days_right")]), "days_left")
})
