# One row per bad input: the call, what it must raise, and what the message
# must name.  Nothing may crash, return a wrong number silently, or drop a
# case.
library(survival)

d_ok <- data.frame(time = c(2, 5, 9), status = c(1, 0, 1))
cases_ok <- as_cases(data.frame(case_id = c("a", "b"), stopped = c(TRUE, FALSE)))
long_phrase <- strrep("x", 1e5)
bad_utf8 <- "after the \xff\xfe second infusion"

bad_inputs <- list(
  # binom_ci: types, NA / NaN / Inf, counts
  list(quote(binom_ci("3", 10)), "error", "`x` must be a numeric vector"),
  list(quote(binom_ci(factor(3), 10)), "error", "`x` must be a numeric vector"),
  list(quote(binom_ci(NaN, 10)), "value", NA),
  list(quote(binom_ci(3, Inf)), "error", "`n` must hold whole numbers"),
  list(quote(binom_ci(-Inf, 10)), "error", "`x` must hold whole numbers"),
  list(quote(binom_ci(3, -2)), "error", "`n` must hold whole numbers"),
  list(quote(binom_ci(11, 10)), "error", "`x` must not exceed `n`"),
  list(quote(binom_ci(3, 10, conf_level = NA)), "error", "`conf_level`"),
  list(quote(binom_ci(3, 10, conf_level = NaN)), "error", "`conf_level`"),
  list(quote(binom_ci(3, 10, conf_level = Inf)), "error", "`conf_level`"),
  list(quote(binom_ci(3, 10, conf_level = "0.95")), "error", "`conf_level`"),
  list(quote(binom_ci(3, 10, method = 1)), "error", "`method`"),
  list(quote(binom_ci(3, 10, method = NA)), "error", "`method`"),
  # case_tally
  list(quote(case_tally(NULL, x)), "error", "`cases` must be a data frame"),
  list(quote(case_tally(cases_ok, stopped, by = NA_character_)), "error", "`by`"),
  list(quote(case_tally(cases_ok, stopped, conf_level = "0.95")), "error", "`conf_level`"),
  list(quote(case_tally(cases_ok, two = c(2, 1))), "error", "Outcome `two`.*row 1"),
  list(quote(case_tally(cases_ok, x = c(NaN, 1))), "error", "Outcome `x`.*row 1"),
  # case tables: every error names the column and the row
  list(quote(as_cases(matrix(1:4, 2))), "error", "`data` must be a data frame"),
  list(quote(as_cases(data.frame(case_id = 1:2), map = list(case_id = "case_id"))),
       "error", "`map`"),
  list(quote(as_cases(data.frame(case_id = c(1, 1)))), "error", "`case_id`.*rows 1 and 2"),
  list(quote(as_cases(data.frame(case_id = 1:2, dose_mg_kg = c(NaN, 5)))), "error",
       "`dose_mg_kg`.*row 1"),
  list(quote(as_cases(data.frame(case_id = 1:2, dose_mg_kg = c(5, Inf)))), "error",
       "`dose_mg_kg`.*row 2"),
  list(quote(as_cases(data.frame(case_id = 1:2, n_infusions = c(-1, 2)))), "error",
       "`n_infusions`.*row 1"),
  list(quote(as_cases(data.frame(case_id = 1:2, interval_weeks = c("8", "x")))), "error",
       "`interval_weeks`.*row 2"),
  list(quote(as_cases(data.frame(case_id = 1:2, stopped = c("yes", "perhaps")))), "error",
       "`stopped`.*row 2"),
  list(quote(as_cases(data.frame(case_id = 1:2, onset_lower = c(5, 1), onset_upper = c(2, 1),
                                 onset_unit = "days"))), "error", "`onset_lower`.*row 1"),
  list(quote(as_cases(data.frame(case_id = 1, onset = bad_utf8))), "warning",
       "`onset` has text that is not valid UTF-8 in row 1"),
  list(quote(as_cases(data.frame(case_id = 1:2, dose_mg_kg = c("5", "NaN")))), "error",
       "`dose_mg_kg`.*row 2"),
  list(quote(as_cases(data.frame(case_id = c("a", "b"), response = c("CR", "NR")))), "error",
       "`response` holds \"NR\" in row 2 \\(case b\\)"),
  list(quote(as_cases(data.frame(case_id = c("a", "b"), dose = c(375, NA)))), "error",
       "`dose` needs its unit.*row 1 \\(case a\\)"),
  list(quote(as_cases(data.frame(case_id = c("a", "b"), followup = c("12", "later")))), "error",
       "`followup` could not be read in row 2 \\(case b\\)"),
  list(quote(as_cases(data.frame(case_id = c("a", "b"), regimen = c("q4w", "biweekly")))),
       "error", "`regimen` could not be read in row 2 \\(case b\\)"),
  list(quote(as_cases(data.frame(case_id = 1:2, response = "none", onset = "after 2 weeks"))),
       "warning", "censored, not events, in rows 1 and 2 \\(cases 1 and 2\\)"),
  list(quote(time_to_response(as_cases(data.frame(case_id = "z", onset = "after the 2nd dose",
                                                  response = "partial")))),
       "error", "needs a regimen for row 1 \\(case z\\)"),
  list(quote(as_cases(data.frame(case_id = 1, onset = long_phrase))), "warning",
       "`onset`.*row 1"),
  # time_to_response
  list(quote(time_to_response(Surv(time, status) ~ 1, data = transform(d_ok, time = c(NA, 5, 9)))),
       "error", "row 1"),
  list(quote(time_to_response(Surv(time, status) ~ 1, data = transform(d_ok, time = c(2, -5, 9)))),
       "error", "row 2"),
  list(quote(time_to_response(Surv(time, time + c(1, -2, 1), type = "interval2") ~ 1,
                              data = d_ok)), "error", "row 2.*lower end is above"),
  list(quote(time_to_response(Surv(time, status) ~ 1, data = d_ok[0, ])), "value", NA),
  list(quote(time_to_response(Surv(time, status) ~ 1, data = d_ok, conf_level = 2)),
       "error", "`conf_level`"),
  list(quote(time_to_response(Surv(time, status) ~ 1, data = d_ok, tol = -1)),
       "error", "`tol`"),
  list(quote(time_to_response(Surv(time, status) ~ 1, data = d_ok, maxit = NA)),
       "error", "`maxit`"),
  list(quote(time_to_response(Surv(time, status) ~ 1, data = as.matrix(d_ok))),
       "error", "`data`"),
  list(quote(time_to_response(cases_ok, unit = "weeks")), "error", "`unit` must be one of"),
  list(quote(summary(time_to_response(Surv(time, status) ~ 1, data = d_ok), times = NA)),
       "error", "`times`"),
  list(quote(quantile(time_to_response(Surv(time, status) ~ 1, data = d_ok), NaN)),
       "error", "`probs`"),
  # onset phrases and regimens
  list(quote(parse_onset(list("overnight"))), "error", "`x` must be a character"),
  list(quote(parse_onset(long_phrase)), "warning", "row 1"),
  list(quote(parse_onset(bad_utf8)), "value", NA),
  list(quote(regimen(induction_weeks = c(0, NA))), "error", "`induction_weeks`"),
  list(quote(regimen(induction_weeks = 0, every_weeks = "8")), "error", "`every_weeks`"),
  list(quote(regimen(c("weekly", "monthly"))), "error", "`schedule` must be a single"),
  list(quote(regimen()), "error", "no default schedule"),
  list(quote(regimen("every 4-8 weeks")), "error", "range"),
  list(quote(infusion_day(1)), "error", "`regimen` is required"),
  list(quote(infusion_day(factor(2))), "error", "`k` must be numeric"),
  list(quote(infusion_day(Inf)), "error", "`k` must hold whole numbers"),
  list(quote(infusions_by_day("14")), "error", "`d` must be numeric"),
  list(quote(onset_days(1:3)), "error", "`x` must be a data frame"),
  # tally_text and plots
  list(quote(tally_text(binom_ci(1, 2))), "error", "`x` must be a tally"),
  list(quote(swimmer_plot(list())), "error", "`cases` must be a case table")
)

test_that("every bad input gets a clear error or a documented warning", {
  for (row in bad_inputs) {
    call <- row[[1]]
    label <- deparse1(call)
    if (row[[2]] == "error") {
      expect_error(eval(call), row[[3]], label = label)
    } else if (row[[2]] == "warning") {
      expect_warning(eval(call), row[[3]], label = label)
    } else {
      expect_no_error(suppressWarnings(eval(call)), message = label)
    }
  }
})

test_that("inputs that are odd but valid give the right numbers", {
  # NaN counts are not reported: NA, as NA
  expect_true(is.na(binom_ci(NaN, 10)$conf_low))
  # invalid UTF-8 around a readable phrase: still read
  expect_equal(parse_onset(bad_utf8)$lower, 2)
  garbled <- suppressWarnings(as_cases(data.frame(case_id = 1, onset = bad_utf8)))
  expect_equal(garbled$onset, "after the <ff><fe> second infusion")
  expect_equal(garbled$onset_lower, 2)
  # counts near .Machine$integer.max
  big <- .Machine$integer.max
  got <- binom_ci(c(big - 1, 3), c(big, big))
  # the one-sided test gives the same limit without binom.test's two-sided
  # p-value, which would allocate seq_len(n)
  ref <- binom.test(3, big, alternative = "greater", conf.level = 0.975)$conf.int
  expect_equal(got$conf_low[2], ref[1], tolerance = 1e-8)
  expect_true(got$conf_high[1] <= 1 && got$conf_low[1] > 0.999999)
  # 10^5 groups: every case counted once
  n <- 2e5
  d <- data.frame(g = sample.int(1e5, n, TRUE), x = sample(c(TRUE, FALSE, NA), n, TRUE))
  tab <- case_tally(d, x, by = "g")
  expect_equal(sum(tab$n), n)
  expect_equal(sum(tab$yes), sum(d$x, na.rm = TRUE))
  expect_equal(nrow(tab), length(unique(d$g)))
  # an empty case table
  empty <- as_cases(data.frame(case_id = character()))
  expect_equal(nrow(empty), 0)
  expect_equal(case_tally(empty, stopped)$n, 0L)
  # factors where numbers are expected in a case table are read as their labels
  f <- as_cases(data.frame(case_id = 1:2, dose_mg_kg = factor(c("5", "10"))))
  expect_equal(f$dose_mg_kg, c(5, 10))
  expect_equal(f$dose_value, c(5, 10))
  # a response phrase in the onset of a case whose response is not
  # recorded: a non-responder, censored
  nr <- suppressWarnings(as_cases(data.frame(case_id = 1, onset = "did not respond",
                                             regimen = "weekly x4", followup = 3)))
  expect_equal(case_timeline(nr)$days_right, if (nr$onset_status == "no_response") Inf else NA_real_)
})

test_that("a long Turnbull fit can be interrupted", {
  # 3 x 10^5 continuous intervals: a fit of a few seconds (a tiny `tol` no
  # longer keeps it running, since the Kuhn-Tucker gap reaches 0)
  set.seed(2)
  n <- 3e5
  t <- rweibull(n, 1.5, 100)
  u1 <- runif(n, 0, 150)
  u2 <- u1 + rexp(n, 1 / 30)
  d <- data.frame(left = ifelse(t <= u1, NA, ifelse(t <= u2, u1, u2)),
                  right = ifelse(t <= u1, u1, ifelse(t <= u2, u2, NA)))
  # the elapsed-time limit fires at R_CheckUserInterrupt(), like Ctrl-C
  setTimeLimit(elapsed = 0.5, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf))
  expect_error(time_to_response(Surv(left, right, type = "interval2") ~ 1, data = d,
                                tol = 1e-300, maxit = 1e8, B = 0),
               "time limit")
})
