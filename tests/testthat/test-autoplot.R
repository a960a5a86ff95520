skip_if_not_installed("ggplot2", "3.4.0")
library(survival)

geoms <- function(p) vapply(p$layers, function(l) class(l$geom)[1], "")

test_that("autoplot() of a Kaplan-Meier fit: step curve, band, censor marks, strata colours", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  p <- ggplot2::autoplot(fit)
  expect_s3_class(p, "ggplot")
  expect_equal(geoms(p), c("GeomRibbon", "GeomStep", "GeomPoint"))
  # the curve: each stratum from (0, 0), then the fit's estimate
  curve <- ggplot2::layer_data(p, 2)
  own <- as.data.frame(fit)
  for (g in 1:2) {
    lev <- fit$strata_levels[g]
    d <- curve[curve$group == g, ]
    expect_equal(d$x, c(0, own$time[own$strata == lev]))
    expect_equal(d$y, c(0, own$estimate[own$strata == lev]))
  }
  # one colour per stratum, the package's palette
  expect_equal(unique(curve$colour), casepool:::default_colours(2))
  # censor marks: the censored times, at the curve
  marks <- ggplot2::layer_data(p, 3)
  cens <- own[own$n_censor > 0, ]
  expect_equal(marks$x, cens$time)
  expect_equal(marks$y, cens$estimate)
  expect_equal(unique(marks$shape), 3)
  # the band holds each interval from its time to the next, as survfit's
  band <- ggplot2::layer_data(p, 1)
  sf <- summary(survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log"),
                censored = TRUE)
  first <- band[band$group == min(band$group), ]
  rows <- own$strata == fit$strata_levels[1] & !is.na(own$conf_low)
  expect_true(all(band$ymin <= band$ymax))
  expect_true(all(first$ymin %in% c(0, own$conf_low[rows])))
  expect_true(all(own$conf_high[rows][-sum(rows)] %in% band$ymax))
  expect_equal(sort(unique(1 - sf$upper[!is.na(sf$upper)])),
               sort(unique(band$ymin[band$ymin > 0])), tolerance = 1e-12)
  # labels, limits, and no legend without strata
  expect_equal(p$labels$y, "Proportion responded")
  one <- ggplot2::autoplot(time_to_response(Surv(time, status) ~ 1, data = aml))
  expect_equal(one$theme$legend.position, "none")
  bare <- ggplot2::autoplot(fit, conf_int = FALSE, marks = FALSE, col = c("black", "red"))
  expect_equal(geoms(bare), "GeomStep")
  expect_equal(unique(ggplot2::layer_data(bare, 1)$colour), c("black", "red"))
  # it builds and draws
  expect_silent(ggplot2::ggplot_build(p))
})

test_that("autoplot() of a Turnbull fit: boxes where the estimate is not unique", {
  d <- data.frame(left = c(0, 2, 5, 5, 7, NA, 1, 3), right = c(3, 4, 9, NA, 7, 6, 2, 8))
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, seed = 1)
  p <- ggplot2::autoplot(fit)
  # the bootstrap band, the boxes, the flat stretches, the two bounds
  expect_equal(geoms(p), c("GeomRect", "GeomRect", "GeomSegment", "GeomStep"))
  expect_equal(geoms(ggplot2::autoplot(fit, conf_int = FALSE, bounds = FALSE)),
               c("GeomRect", "GeomSegment"))
  tab <- as.data.frame(fit)
  band <- ggplot2::layer_data(p, 1)
  expect_true(all(band$ymin <= band$ymax))
  boxes <- ggplot2::layer_data(p, 2)
  has <- tab$mass > 1e-8
  expect_equal(nrow(boxes), sum(has))
  expect_equal(boxes$ymax, tab$estimate[has])
  expect_equal(boxes$ymax - boxes$ymin, tab$mass[has], tolerance = 1e-12)
  expect_equal(boxes$xmin, pmax(tab$lower[has], 0))
  flats <- ggplot2::layer_data(p, 3)
  expect_equal(flats$y, c(0, tab$estimate))
  # the cosmesis data with its published mass on (4, 5]
  cos <- ggplot2::autoplot(time_to_response(Surv(left, right, type = "interval2") ~ 1,
                                            data = cosmesis_rt(), B = 0))
  b <- ggplot2::layer_data(cos, 1)
  expect_equal(round(b$ymax[b$xmin == 4 & b$xmax == 5] - b$ymin[b$xmin == 4 & b$xmax == 5], 4),
               0.0463)
})

test_that("autoplot() of a case-table fit, stratified by several columns", {
  fit <- time_to_response(nsarc_cases, unit = "infusions", by = sex)
  p <- ggplot2::autoplot(fit)
  expect_equal(p$labels$x, "Infusions")
  curve <- ggplot2::layer_data(p, 2)
  expect_equal(length(unique(curve$colour)), 2)
  expect_equal(max(curve$y), max(fit$table$estimate))
  # relapse fits say so
  rem <- remission_after_stop(nsarc_cases)
  expect_equal(ggplot2::autoplot(rem$fit)$labels$y, "Proportion relapsed")
})

test_that("autoplot() of a tally: dots at the proportions, whiskers at the intervals", {
  tab <- case_tally(nsarc_cases, stopped, improved = response != "none", by = sex)
  p <- ggplot2::autoplot(tab)
  expect_s3_class(p, "ggplot")
  expect_equal(geoms(p), c("GeomLinerange", "GeomPoint"))
  pts <- ggplot2::layer_data(p, 2)
  # the first row of the tally at the top
  expect_equal(pts$x[order(-pts$y)], tab$prop)
  whisk <- ggplot2::layer_data(p, 1)
  expect_equal(whisk$xmin[order(-whisk$y)], tab$conf_low)
  expect_equal(whisk$xmax[order(-whisk$y)], tab$conf_high)
  expect_equal(length(unique(pts$colour)), 2)
  rep <- ggplot2::layer_data(ggplot2::autoplot(tab, denominator = "reported"), 2)
  expect_equal(rep$x[order(-rep$y)], tab$prop_reported)
  # labels carry the counts
  labs <- ggplot2::ggplot_build(p)$layout$panel_params[[1]]$y$get_labels()
  expect_true("stopped: F (9/19)" %in% labs)
  one <- ggplot2::autoplot(case_tally(nsarc_cases, stopped))
  expect_equal(one$theme$legend.position, "none")
})

test_that("autoplot() of a timeline is the swimmer plot", {
  tl <- case_timeline(nsarc_cases)
  p <- ggplot2::autoplot(tl)
  expect_equal(geoms(p), c("GeomRect", "GeomSegment", "GeomPoint"))
  bars <- ggplot2::layer_data(p, 1)
  expect_equal(nrow(bars), nrow(nsarc_cases))
  # the same bars, in the same order, as swimmer_plot()
  grDevices::pdf(NULL)
  base <- swimmer_plot(nsarc_cases)
  grDevices::dev.off()
  expect_equal(bars$xmax[order(bars$ymin)], base$end)
  marks <- ggplot2::layer_data(p, 3)
  d <- casepool:::swimmer_data(tl, "weeks")
  # infusions: the regimen's days of each case, up to its n_infusions
  ticks <- d$marks[d$marks$event == "infusion", ]
  expect_equal(nrow(ticks), sum(pmin(nsarc_cases$n_infusions, 1000), na.rm = TRUE))
  row <- match(tl$case_id, d$bars$case_id)
  first <- ticks[ticks$row == row[1], ]
  expect_equal(first$at * 7, infusion_day(seq_len(nsarc_cases$n_infusions[1]),
                                          nsarc_cases$regimen[1]))
  # exact responses, stops and relapses at the timeline's days
  stops <- d$marks[d$marks$event == "drug stopped", ]
  expect_equal(sort(stops$at), sort(tl$stop_day[!is.na(tl$stop_day)] / 7))
  rel <- d$marks[d$marks$event == "relapse", ]
  expect_equal(sort(rel$at), sort(tl$relapse_day[!is.na(tl$relapse_day)] / 7))
  expect_equal(nrow(marks), nrow(d$marks))
  spans <- ggplot2::layer_data(p, 2)
  iv <- which(!is.na(tl$days_left) & tl$days_left < tl$days_right &
                attr(tl, "codes")$days %in% 1:3)
  expect_equal(nrow(spans), length(iv))
  # days and months rescale the axis
  days <- ggplot2::layer_data(ggplot2::autoplot(tl, unit = "days"), 1)
  expect_equal(days$xmax, bars$xmax * 7)
  expect_equal(ggplot2::autoplot(tl, unit = "months")$labels$x,
               "Months since the first infusion")
})

test_that("autoplot() of a timeline warns about responses it cannot place", {
  d <- as_cases(data.frame(case_id = c("a", "b"), response = "complete",
                           onset = "after the second infusion", n_infusions = 3,
                           followup = 6, regimen = c("every 4 weeks", NA)))
  expect_warning(p <- ggplot2::autoplot(case_timeline(d)), "case b",
                 class = "casepool_warning_swimmer")
  expect_s3_class(p, "ggplot")
})

test_that("autoplot() rejects arguments it does not use", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  expect_snapshot(error = TRUE, ggplot2::autoplot(fit, conf.int = FALSE, risk.table = TRUE))
  expect_snapshot(error = TRUE, ggplot2::autoplot(case_tally(nsarc_cases, stopped),
                                                  denominator = "few"))
  expect_snapshot(error = TRUE, ggplot2::autoplot(case_timeline(nsarc_cases), label = "report"))
})

test_that("autoplot(): mass on (L, Inf) is a dotted flat stretch with a note, not a box to 100%", {
  d <- data.frame(left = c(0, 2, 5, 5, 7, NA, 1, 3, 12), right = c(3, 4, 9, NA, 7, 6, 2, 8, NA))
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, B = 0)
  tab <- fit$table
  last <- nrow(tab)
  level <- tab$estimate[last - 1]
  p <- ggplot2::autoplot(fit, conf_int = FALSE, bounds = FALSE)
  expect_equal(geoms(p), c("GeomRect", "GeomSegment", "GeomSegment", "GeomText"))
  boxes <- ggplot2::layer_data(p, 1)
  expect_equal(nrow(boxes), sum(tab$mass[-last] > 1e-8))
  expect_lte(max(boxes$ymax), level + 1e-12)
  flats <- ggplot2::layer_data(p, 2)
  expect_equal(max(flats$xend), 12)
  expect_lte(max(flats$y), level + 1e-12)
  open <- ggplot2::layer_data(p, 3)
  expect_equal(c(open$x, open$y, open$yend), c(12, level, level))
  expect_gt(open$xend, 12)
  expect_equal(open$linetype, "dotted")
  note <- ggplot2::layer_data(p, 4)
  expect_equal(note$label, paste0(round(100 * tab$mass[last]), "% after 12, time not known"))
  expect_silent(ggplot2::ggplot_build(p))
})
