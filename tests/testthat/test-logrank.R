library(survival)

# The test against survdiff(): observed and expected counts, variance,
# chi-square, degrees of freedom and p-value.
expect_matches_survdiff <- function(formula, data, rho = 0) {
  fit <- time_to_response(formula, data = data)
  got <- logrank(fit, rho = rho)
  ref <- survdiff(formula, data = data, rho = rho)
  keep <- as.vector(ref$n) > 0
  expect_equal(got$table$observed, as.vector(ref$obs), tolerance = 1e-12)
  expect_equal(got$table$expected, as.vector(ref$exp), tolerance = 1e-12)
  expect_equal(unname(got$var), unname(ref$var), tolerance = 1e-10)
  expect_equal(got$chisq, ref$chisq, tolerance = 1e-10)
  expect_equal(got$df, length(ref$n) - 1L)
  expect_equal(got$p.value, ref$pvalue, tolerance = 1e-10)
  expect_equal(got$table$n, as.vector(ref$n))
  expect_equal(as.character(got$table$strata), names(ref$n))
  invisible(got)
}

test_that("the log-rank test equals survdiff on survival's data sets", {
  expect_matches_survdiff(Surv(time, status) ~ sex, lung)
  expect_matches_survdiff(Surv(time, status) ~ x, aml)
  expect_matches_survdiff(Surv(time, status) ~ trt, veteran)
  expect_matches_survdiff(Surv(time, status) ~ celltype, veteran)
  expect_matches_survdiff(Surv(futime, fustat) ~ rx, ovarian)
  expect_matches_survdiff(Surv(time, status) ~ rx, colon[colon$etype == 2, ])
  expect_matches_survdiff(Surv(time, status == 2) ~ trt, pbc[!is.na(pbc$trt), ])
  # two variables: the strata are their combinations
  expect_matches_survdiff(Surv(time, status) ~ sex + ph.ecog,
                          lung[!is.na(lung$ph.ecog), ])
})

test_that("the G-rho tests equal survdiff's rho", {
  for (rho in c(0.5, 1, 2)) {
    expect_matches_survdiff(Surv(time, status) ~ sex, lung, rho = rho)
    expect_matches_survdiff(Surv(time, status) ~ celltype, veteran, rho = rho)
  }
})

test_that("empty strata are left out, strata without expected events are not tested", {
  d <- data.frame(time = c(2, 4, 6, 8, 3, 5, 0.5, 1), status = c(1, 0, 1, 1, 1, 1, 0, 0),
                  g = factor(c("a", "a", "b", "b", "a", "b", "c", "c"),
                             levels = c("a", "b", "c", "d")))
  lr <- logrank(time_to_response(Surv(time, status) ~ g, data = d))
  ref <- survdiff(Surv(time, status) ~ g, data = d[d$g != "d", ])
  expect_equal(as.character(lr$table$strata), c("g=a", "g=b", "g=c"))
  expect_equal(lr$table$expected[3], 0)
  expect_equal(lr$df, 1L)
  expect_equal(lr$chisq, ref$chisq, tolerance = 1e-10)
  # tied times across strata
  tied <- data.frame(time = c(1, 1, 2, 2, 2, 3, 3, 4), status = c(1, 1, 1, 0, 1, 1, 0, 1),
                     g = rep(c("x", "y"), 4))
  expect_matches_survdiff(Surv(time, status) ~ g, tied)
})

test_that("the log-rank test prints, and is printed with a stratified fit", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  expect_snapshot(print(logrank(fit)))
  expect_snapshot(print(logrank(fit, rho = 1)))
  expect_output(print(fit), "log-rank test: chi-square 3.40 on 1 df, p = 0.065")
  # not with one stratum, a weighted fit or a Turnbull fit
  expect_no_match(capture.output(print(time_to_response(Surv(time, status) ~ 1,
                                                        data = aml))), "log-rank")
})

test_that("what the log-rank test needs is said", {
  aml <- survival::aml
  expect_snapshot(error = TRUE, logrank(time_to_response(Surv(time, status) ~ 1, data = aml)))
  expect_snapshot(error = TRUE, logrank(time_to_response(
    Surv(time, status) ~ x, data = aml, weights = rep(2, 23))))
  expect_snapshot(error = TRUE, logrank(time_to_response(
    Surv(left, right, type = "interval2") ~ 1, data = cosmesis_rt(), B = 0)))
  expect_snapshot(error = TRUE, logrank(aml))
  expect_error(logrank(time_to_response(Surv(time, status) ~ x, data = aml), rho = -1),
               "`rho`", class = "casepool_error")
})
