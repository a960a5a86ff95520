library(survival)

# broom's names for a survival curve (broom's tidy.survfit()), for the
# tidy() of a Kaplan-Meier fit
broom_survfit_cols <- c("time", "n.risk", "n.event", "n.censor", "estimate",
                        "std.error", "conf.low", "conf.high")

test_that("tidy() and glance() are re-exported from generics", {
  expect_identical(casepool::tidy, generics::tidy)
  expect_identical(casepool::glance, generics::glance)
})

test_that("tidy() of a Kaplan-Meier fit: broom's names, the fit's own values, survfit's numbers", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  td <- tidy(fit)
  expect_s3_class(td, "data.frame")
  expect_named(td, c("strata", broom_survfit_cols))
  own <- as.data.frame(fit)
  expect_equal(td$time, own$time)
  expect_equal(td$estimate, own$estimate)
  expect_equal(td$std.error, own$std_err)
  expect_equal(td$conf.low, own$conf_low)
  expect_equal(td$conf.high, own$conf_high)
  expect_equal(td$strata, own$strata)
  # against survfit: the estimate is the proportion responded, 1 - surv
  ref <- summary(survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log"),
                 censored = TRUE)
  expect_equal(td$n.risk, ref$n.risk)
  expect_equal(td$n.event, ref$n.event)
  expect_equal(td$n.censor, ref$n.censor)
  expect_equal(td$estimate, 1 - ref$surv, tolerance = 1e-12)
  expect_equal(td$std.error, ref$std.err, tolerance = 1e-12)
  expect_equal(td$conf.low, 1 - ref$upper, tolerance = 1e-12)
  expect_equal(as.character(td$strata), as.character(ref$strata))
  # without strata there is no strata column
  one <- tidy(time_to_response(Surv(time, status) ~ 1, data = aml))
  expect_named(one, broom_survfit_cols)
  # weighted fits tidy the same way
  w <- rep_len(c(0.5, 2), nrow(aml))
  tw <- tidy(time_to_response(Surv(time, status) ~ 1, data = aml, weights = w))
  rw <- summary(survfit(Surv(time, status) ~ 1, data = aml, weights = w,
                        conf.type = "log-log"), censored = TRUE)
  expect_equal(tw$n.risk, rw$n.risk)
  expect_equal(tw$std.error, rw$std.err, tolerance = 1e-12)
})

test_that("glance() of a fit: one row per stratum with the median and its interval", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  gl <- glance(fit)
  expect_equal(nrow(gl), 2)
  expect_named(gl, c("strata", "nobs", "events", "median", "conf.low", "conf.high",
                     "conf.level", "method", "n.excluded"))
  sf <- survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log")
  tab <- summary(sf)$table
  expect_equal(gl$nobs, unname(tab[, "records"]))
  expect_equal(gl$events, unname(tab[, "events"]))
  expect_equal(gl$median, unname(tab[, "median"]))
  expect_equal(gl$conf.low, unname(tab[, "0.95LCL"]))
  expect_equal(gl$conf.high, unname(tab[, "0.95UCL"]))
  expect_equal(gl$method, c("Kaplan-Meier", "Kaplan-Meier"))
  expect_equal(gl$n.excluded, c(0L, 0L))
  # rows left out by na.action are counted
  d <- aml
  d$time[2] <- NA
  fo <- time_to_response(Surv(time, status) ~ 1, data = d, na.action = na.omit)
  expect_equal(glance(fo)$n.excluded, 1L)
  expect_equal(nrow(glance(fo)), 1)
  expect_false("strata" %in% names(glance(fo)))
})

test_that("tidy() and glance() of a Turnbull fit", {
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = cosmesis_rt())
  td <- tidy(fit)
  own <- as.data.frame(fit)
  expect_named(td, c("lower", "upper", "mass", "estimate", "conf.low", "conf.high"))
  expect_equal(td$conf.low, own$conf_low)
  expect_equal(td$mass, own$mass)
  expect_equal(round(td$mass[td$lower == 4 & td$upper == 5], 4), 0.0463)
  expect_equal(sum(td$mass), 1)
  gl <- glance(fit)
  expect_named(gl, c("nobs", "median", "conf.low", "conf.high", "conf.level", "method",
                     "logLik", "iter", "converged", "n.excluded"))
  expect_equal(gl$logLik, fit$loglik)
  expect_true(gl$converged)
  expect_equal(gl$method, "Turnbull")
  expect_equal(gl$median, median(fit)$estimate)
})

test_that("tidy() of a case-table fit and of response_by_infusion's fit", {
  fit <- time_to_response(nsarc_cases, unit = "infusions", by = sex)
  td <- tidy(fit)
  expect_true(all(c("strata", "estimate", "conf.low") %in% names(td)))
  expect_equal(levels(td$strata), c("sex=F", "sex=M"))
  gl <- glance(fit)
  expect_equal(sum(gl$nobs) + sum(gl$n.excluded), nrow(nsarc_cases))
  expect_equal(gl$n.excluded,
               as.vector(table(factor(nsarc_cases$sex[nsarc_cases$case_id %in% fit$excluded],
                                      levels = c("F", "M")))))
  # rows dropped by na.action are counted in their stratum
  d <- aml
  d$time[c(2, 20)] <- NA
  fo <- time_to_response(Surv(time, status) ~ x, data = d, na.action = na.omit)
  expect_equal(glance(fo)$n.excluded, as.vector(table(d$x[c(2, 20)])))
})

test_that("tidy() of a tally: both denominators, binom.test's intervals", {
  tab <- case_tally(nsarc_cases, stopped, improved = response != "none", by = sex)
  td <- tidy(tab)
  expect_named(td, c("outcome", "group", "estimate", "conf.low", "conf.high", "yes", "no",
                     "not.reported", "n"))
  expect_equal(td$estimate, tab$prop)
  expect_equal(td$n, tab$n)
  for (i in which(td$n > 0)) {
    ci <- binom.test(td$yes[i], td$n[i])$conf.int
    expect_equal(c(td$conf.low[i], td$conf.high[i]), as.numeric(ci))
  }
  rep <- tidy(tab, denominator = "reported")
  expect_equal(rep$estimate, tab$prop_reported)
  expect_equal(rep$n, tab$n_reported)
  expect_equal(rep$n, rep$yes + rep$no)
  expect_equal(td$yes + td$no + td$not.reported, td$n)
  gl <- glance(tab)
  expect_equal(gl$nobs, nrow(nsarc_cases))
  expect_equal(gl$outcomes, 2L)
  expect_equal(gl$groups, 2L)
  expect_equal(gl$method, "Clopper-Pearson")
  g1 <- glance(case_tally(nsarc_cases, stopped, conf_level = 0.9, method = "wilson"))
  expect_equal(c(g1$groups, g1$conf.level), c(1, 0.9))
  expect_equal(g1$method, "Wilson")
  expect_false("group" %in% names(tidy(case_tally(nsarc_cases, stopped))))
})

test_that("tidy() of completeness and remission", {
  comp <- completeness(nsarc_cases)
  td <- tidy(comp)
  expect_named(td, c("column", "estimate", "n.reported", "n.applicable", "n"))
  expect_equal(td$estimate, comp$prop)
  expect_equal(td$estimate, td$n.reported / td$n.applicable)
  gl <- glance(comp)
  expect_equal(gl$nobs, nrow(nsarc_cases))
  expect_equal(gl$fields, nrow(comp))
  expect_equal(gl$fields.complete, sum(comp$n_reported == comp$n_applicable))

  rem <- remission_after_stop(nsarc_cases)
  tr <- tidy(rem)
  expect_equal(tr$population, rep(c("all cases", "responders that stopped"), c(3, 2)))
  expect_equal(tr$yes[tr$outcome == "sustained" & tr$population == "all cases"], 8L)
  expect_equal(tr$estimate[1:3], rem$tally$prop)
  expect_equal(tr$estimate[4:5], rem$among_stopped$prop)
  expect_equal(tidy(rem, what = "fit"), tidy(rem$fit))
  gr <- glance(rem)
  expect_equal(c(gr$stopped, gr$sustained), c(17L, 8L))
  expect_equal(gr$median, median(rem$fit)$estimate)
  expect_equal(gr$nobs, nrow(nsarc_cases))
})

test_that("tidy() of a timeline: each case's time and what it contributes", {
  tl <- case_timeline(nsarc_cases)
  td <- tidy(tl)
  expect_named(td, c("case_id", "response", "lower", "upper", "status", "note"))
  expect_equal(nrow(td), nrow(nsarc_cases))
  expect_equal(td$lower, tl$days_left)
  expect_equal(td$note, tl$days_note)
  expect_equal(td$status[is.na(td$lower)], rep("no time", sum(is.na(td$lower))))
  expect_true(all(td$status[td$response %in% "none"] == "censored"))
  # the cases that have a time are the fit's
  fit <- time_to_response(nsarc_cases)
  expect_setequal(td$case_id[td$status == "no time"], fit$excluded)
  ti <- tidy(tl, unit = "infusions")
  expect_equal(ti$upper, tl$infusions_right)
})

test_that("tidy() and glance() reject arguments they do not use", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  expect_snapshot(error = TRUE, tidy(fit, conf.int = TRUE))
  expect_snapshot(error = TRUE, glance(fit, conf.level = 0.9))
  expect_snapshot(error = TRUE, tidy(case_tally(nsarc_cases, stopped), denominator = "some"))
  expect_snapshot(error = TRUE, tidy(case_tally(nsarc_cases, stopped), exponentiate = TRUE))
})
