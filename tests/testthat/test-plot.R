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

# What a base plot drew: the rectangles, segments and texts of the display
# list, as data frames (x0, y0, x1, y1) and a character vector.
drawn_shapes <- function(code) {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  grDevices::dev.control("enable")
  force(code)
  dl <- grDevices::recordPlot()[[1]]
  name <- vapply(dl, function(e) {
    f <- e[[2]][[1]]
    if (is.list(f) && !is.null(f$name)) f$name else ""
  }, "")
  shapes <- function(which) {
    args <- lapply(dl[name == which], function(e) e[[2]][2:5])
    do.call(rbind, lapply(args, function(a) {
      a <- lapply(a, as.numeric)
      n <- max(lengths(a))
      data.frame(x0 = rep_len(a[[1]], n), y0 = rep_len(a[[2]], n),
                 x1 = rep_len(a[[3]], n), y1 = rep_len(a[[4]], n))
    }))
  }
  texts <- unlist(lapply(dl[name == "C_text"], function(e) as.character(e[[2]][[3]])))
  list(rect = shapes("C_rect"), segments = shapes("C_segments"), text = texts,
       usr = graphics::par("usr"))
}

test_that("mass on (L, Inf) is not drawn as a jump to 100% at the right edge", {
  # the case right-censored at 12 lies after every finite right end, so the
  # NPMLE puts its last mass on (12, Inf)
  d <- data.frame(left = c(0, 2, 5, 5, 7, NA, 1, 3, 12), right = c(3, 4, 9, NA, 7, 6, 2, 8, NA))
  fit <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d, B = 0)
  tab <- fit$table
  last <- nrow(tab)
  expect_equal(c(tab$lower[last], tab$upper[last]), c(12, Inf))
  # its mass is what is left after the last finite interval, by the naive EM
  inner <- naive_turnbull(ifelse(is.na(d$left), -Inf, d$left), ifelse(is.na(d$right), Inf, d$right),
                          tab$lower, tab$upper, tab$lower == tab$upper, iter = 20000)
  expect_equal(tab$mass[last], inner$p[last], tolerance = 1e-4)
  s <- drawn_shapes(plot(fit, conf_int = FALSE, bounds = FALSE, legend = NULL))
  xmax <- s$usr[2]
  level <- tab$estimate[last - 1]
  # no box and no segment reaches 1 after the last finite time
  expect_false(any(s$rect$y1 > level + 1e-9))
  expect_false(any(s$segments$y0 > level + 1e-9 | s$segments$y1 > level + 1e-9))
  # the curve goes on flat from 12 to the edge, and the note gives the mass
  flat <- s$segments[s$segments$x0 == 12, ]
  expect_equal(nrow(flat), 1)
  expect_equal(flat$y0, level)
  expect_gt(flat$x1, 12)
  expect_gt(xmax, 12)
  expect_equal(s$text, paste0(round(100 * tab$mass[last]), "% after 12, time not known"))
  # a fit whose last interval is finite keeps its box, without a note
  cos <- time_to_response(Surv(left, right, type = "interval2") ~ 1, data = cosmesis_rt(), B = 0)
  s <- drawn_shapes(plot(cos, conf_int = FALSE, bounds = FALSE, legend = NULL))
  expect_equal(max(s$rect$y1), 1)
  expect_null(s$text)
  # a one-curve Turnbull plot has a key to what it draws
  s <- drawn_shapes(plot(cos, conf_int = FALSE))
  expect_equal(s$text, c("NPMLE", "not unique (boxes)", "bounds (intervals at their ends)"))
  # and with strata, each stratum gets its own note
  two <- rbind(transform(d, g = "a"), transform(d, g = "b", left = left + 1, right = right + 1))
  fit2 <- time_to_response(Surv(left, right, type = "interval2") ~ g, data = two, B = 0)
  s <- drawn_shapes(plot(fit2, bounds = FALSE))
  notes <- grep("time not known", s$text, value = TRUE)
  expect_equal(length(notes), 2)
  expect_match(notes[2], "after 13,")
})

test_that("plot() and autoplot() of a fit check their flags, labels and legend", {
  fit <- time_to_response(Surv(time, status) ~ sex, data = lung)
  bad <- list(list(conf_int = NA), list(marks = "yes"), list(risk_table = c(TRUE, FALSE)),
              list(bounds = 1), list(xlab = 1), list(ylab = mean), list(main = list()),
              list(legend = "middle"), list(col = "nocolour"), list(ylim = c(0, NA)))
  for (args in bad) {
    what <- names(args)
    expect_error(with_null_device(do.call(plot, c(list(fit), args))),
                 paste0("`", what, "` must be"), class = "casepool_error", label = what)
  }
  expect_snapshot(error = TRUE, plot(fit, conf_int = NA))
  expect_snapshot(error = TRUE, plot(fit, xlab = 1))
  # labels may be expressions, the legend may be NULL
  expect_silent(with_null_device(plot(fit, xlab = quote(t[1]), ylab = expression(F(t)),
                                      main = "Lung", legend = NULL)))
  skip_if_not_installed("ggplot2")
  for (args in list(list(conf_int = NA), list(marks = 2), list(bounds = "no"))) {
    expect_error(do.call(ggplot2::autoplot, c(list(fit), args)),
                 paste0("`", names(args), "` must be TRUE or FALSE"), class = "casepool_error")
  }
  expect_error(ggplot2::autoplot(fit, col = "nocolour"), "`col` must be colours",
               class = "casepool_error")
})
