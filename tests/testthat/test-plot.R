library(survival)

with_null_device <- function(code) {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  force(code)
}

test_that("plot of a Kaplan-Meier fit draws each stratum's curve from 0", {
  fit <- time_to_response(Surv(time, status) ~ sex, data = lung)
  drawn <- with_null_device(plot(fit, risk_table = TRUE))
  tab <- as.data.frame(fit)
  for (s in levels(tab$strata)) {
    expect_equal(drawn$estimate[drawn$strata == s], c(0, tab$estimate[tab$strata == s]))
    expect_equal(drawn$time[drawn$strata == s], c(0, tab$time[tab$strata == s]))
  }
  expect_silent(with_null_device(plot(fit, conf_int = FALSE, marks = FALSE,
                                      col = c("black", "red"), legend = NULL,
                                      xlim = c(0, 500))))
})

test_that("plot of an interval-censored fit, a single case and an empty stratum", {
  ic <- time_to_response(nsarc_cases, unit = "days")
  drawn <- with_null_device(plot(ic))
  expect_equal(drawn, as.data.frame(ic))
  one <- time_to_response(Surv(time, status) ~ 1, data = data.frame(time = 3, status = 1))
  expect_equal(nrow(with_null_device(plot(one, risk_table = TRUE))), 2)
  d <- data.frame(time = c(2, 4), status = 1, g = factor(c("a", "a"), levels = c("a", "b")))
  empty <- time_to_response(Surv(time, status) ~ g, data = d)
  drawn <- with_null_device(plot(empty, risk_table = TRUE))
  expect_equal(unique(drawn$strata), c("g=a", "g=b"))
  expect_equal(drawn$estimate[drawn$strata == "g=b"], 0)
  ic_empty <- time_to_response(Surv(time, time + 1, type = "interval2") ~ g, data = d)
  expect_silent(with_null_device(plot(ic_empty)))
})

test_that("plot of a tally puts each row at its proportion and interval", {
  d <- data.frame(case_id = 1:6, x = c(TRUE, FALSE, TRUE, NA, TRUE, FALSE),
                  g = factor(c("a", "a", "a", "b", "b", "b"), levels = c("a", "b", "c")))
  tab <- case_tally(d, x, by = "g")
  drawn <- with_null_device(plot(tab))
  expect_equal(drawn$estimate, tab$prop)
  expect_equal(drawn$conf_low, tab$conf_low)
  expect_equal(drawn$label, c("x: a (2/3)", "x: b (1/3)", "x: c (0/0)"))
  rep <- with_null_device(plot(tab, denominator = "reported"))
  expect_equal(rep$estimate, tab$prop_reported)
})

test_that("swimmer plot: one bar per case, ordered by course", {
  drawn <- with_null_device(swimmer_plot(nsarc_cases))
  expect_equal(nrow(drawn), nrow(nsarc_cases))
  expect_false(is.unsorted(drawn$end))
  # a case's course reaches its last infusion
  i <- match("S01", drawn$case_id)
  c1 <- nsarc_cases[nsarc_cases$case_id == "S01", ]
  last <- infusion_day(c1$n_infusions, c1$regimen) / 7
  expect_gte(drawn$end[i], last)
  expect_gte(drawn$end[i], c1$followup * 365.25 / 12 / 7)
  # a response placed by its regimen: after the 2nd infusion of weekly x4
  # is (7, 14] days
  d <- as_cases(data.frame(case_id = c("a", "b"), onset = "after the second infusion",
                           response = "partial", regimen = c("weekly x4", NA),
                           followup = 6))
  expect_snapshot(one <- with_null_device(swimmer_plot(d, unit = "days")))
  expect_equal(one$onset_lower[one$case_id == "a"], 7)
  expect_equal(one$onset_upper[one$case_id == "a"], 14)
  expect_true(is.na(one$onset_lower[one$case_id == "b"]))
  expect_equal(one$end, c(6, 6) * 365.25 / 12)
  by_report <- with_null_device(swimmer_plot(nsarc_cases, label = "report", unit = "days",
                                             legend = NULL))
  expect_equal(by_report$label, as.character(nsarc_cases$report[match(by_report$case_id,
                                                                     nsarc_cases$case_id)]))
  one <- with_null_device(swimmer_plot(nsarc_index))
  expect_equal(nrow(one), 1)
  expect_snapshot(error = TRUE, swimmer_plot(data.frame(case_id = 1)))
})
