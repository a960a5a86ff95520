map <- c(case_id = "Patient", report = "Source")

test_that("as_cases maps, coerces and keeps every case and covariate", {
  raw <- raw_cases()
  cases <- as_cases(raw, map = map)
  expect_s3_class(cases, "cases")
  expect_equal(nrow(cases), nrow(raw))
  expect_equal(names(cases), c(
    "case_id", "report", "onset", "onset_lower", "onset_upper", "onset_unit",
    "onset_from", "onset_status", "response", "regimen", "dose", "dose_value",
    "dose_unit", "n_infusions", "followup", "stopped", "relapse",
    "followup_after_stop", "age", "sex"))
  # onset bounds read from the phrases
  expect_equal(cases$onset_lower, c(0, 2, NA, NA, 0))
  expect_equal(cases$onset_upper, c(1, 2, NA, NA, 21))
  expect_equal(cases$onset_unit, c("days", "infusions", NA, NA, "days"))
  expect_equal(cases$onset_from, c(1, 1, NA, NA, 1))
  expect_equal(cases$onset_status, c("read", "read", "not_reported", "not_reported", "read"))
  expect_equal(cases$case_id, raw$Patient)
  expect_equal(cases$age, raw$age)
  expect_equal(as.character(cases$response),
               c("complete", "partial", "none", NA, "partial"))
  expect_equal(levels(cases$response), c("complete", "partial", "none"))
  expect_equal(cases$stopped, c(TRUE, FALSE, TRUE, NA, TRUE))
  expect_equal(cases$relapse, c(FALSE, NA, NA, NA, TRUE))
  expect_equal(cases$dose_value, c(5, 5, 3, 10, 7.5))
  expect_equal(cases$dose_unit, rep("mg/kg", 5))
  # follow-up in months: "18+" is at least 18, "3 years" 36
  expect_equal(cases$followup, c(24, 18, 12, NA, 36))
  # empty text and "NR" are not reported
  expect_equal(cases$onset, c("overnight", "after the second infusion", NA, NA,
                              "within 3 weeks"))
  expect_equal(cases$n_infusions, raw$n_infusions)
  # factors keep their levels, in their order, the empty one too
  expect_equal(levels(cases$sex), c("M", "F", "other"))
  expect_equal(as.character(cases$sex), as.character(raw$sex))
  tab <- case_tally(cases, stopped, by = "sex")
  expect_equal(as.character(tab$group), c("M", "F", "other"))
  expect_equal(tab$n, c(2L, 3L, 0L))
})

test_that("as_cases is idempotent", {
  cases <- as_cases(raw_cases(), map = map)
  expect_identical(as_cases(cases), cases)
  expect_identical(as_cases(nsarc_cases), nsarc_cases)
})

test_that("missing canonical columns are added as not reported, with their types", {
  cases <- as_cases(data.frame(case_id = c("a", "b"), age = c(40, 50)))
  expect_true(all(is.na(cases$onset)))
  expect_true(is.factor(cases$response))
  expect_type(cases$stopped, "logical")
  for (col in c("onset_lower", "onset_upper", "onset_from", "dose_value",
                "n_infusions", "followup", "followup_after_stop")) {
    expect_type(cases[[col]], "double")
  }
  expect_equal(cases$onset_status, c("not_reported", "not_reported"))
  expect_equal(names(cases)[19], "age")
  # and every later fit or plot works on it
  expect_equal(time_to_response(cases)$excluded, c("a", "b"))
  expect_equal(completeness(cases)$n_reported[1:3], c(0L, 0L, 0L))
})

test_that("ids are kept as written: numbers without exponents", {
  cases <- as_cases(data.frame(case_id = c(100000, 2e6, 12.5, 3)))
  expect_equal(cases$case_id, c("100000", "2000000", "12.5", "3"))
  expect_equal(as_cases(data.frame(case_id = c(7L, 100000L)))$case_id, c("7", "100000"))
})

test_that("response codes go through response_levels; NR alone is an error", {
  d <- data.frame(case_id = 1:6, response = c("CR", "pr", "NR", "complete", "", "n/a"))
  lv <- c(CR = "complete", PR = "partial", NR = "none")
  expect_equal(as.character(as_cases(d, response_levels = lv)$response),
               c("complete", "partial", "none", "complete", NA, NA))
  expect_equal(as.character(as_cases(d, response_levels = c(cr = "complete", pr = "partial",
                                                            NR = NA))$response),
               c("complete", "partial", NA, "complete", NA, NA))
  expect_snapshot(error = TRUE, as_cases(d))
  expect_snapshot(error = TRUE, as_cases(d[3, ]))
  expect_snapshot(error = TRUE, as_cases(d, response_levels = c(CR = "done")))
  expect_snapshot(error = TRUE, as_cases(d, response_levels = c("complete")))
  expect_snapshot(error = TRUE, as_cases(d, response_levels = c(CR = "complete", cr = "partial")))
})

test_that("doses are read with their units", {
  d <- data.frame(case_id = 1:7, dose = c("5 mg/kg", "375 mg/m2", "1 g", "1000 mg",
                                         "0.4 g/kg/day", "375 mg/m\u00b2", NA))
  cases <- as_cases(d)
  expect_equal(cases$dose_value, c(5, 375, 1000, 1000, 400, 375, NA))
  expect_equal(cases$dose_unit, c("mg/kg", "mg/m2", "mg", "mg", "mg/kg", "mg/m2", NA))
  expect_equal(cases$dose, d$dose)
  expect_snapshot(error = TRUE, as_cases(data.frame(case_id = 1:3, dose = c(5, 10, NA))))
  expect_snapshot(error = TRUE, as_cases(data.frame(case_id = 1:3,
                                                    dose = c("5", "3-5 mg/kg", "5 mg/kg"))))
  # the regimen's dose fills an empty dose; a different one warns
  cases <- suppressWarnings(as_cases(data.frame(case_id = 1:2, regimen = "375 mg/m2 weekly x4",
                                                dose = c(NA, "1 g"))))
  expect_equal(cases$dose_value, c(375, 1000))
  expect_snapshot(as_cases(data.frame(case_id = 1:2, regimen = "375 mg/m2 weekly x4",
                                      dose = c(NA, "1 g"))))
})

test_that("follow-up reads months, durations and N+", {
  d <- data.frame(case_id = 1:8, followup = c("12", "18+", "2 years", "6 mo",
                                              "40 weeks", "> 24 months", "", "NR"))
  expect_equal(as_cases(d)$followup,
               c(12, 18, 24, 6, 40 * 7 / (365.25 / 12), 24, NA, NA), tolerance = 1e-12)
  expect_equal(as_cases(data.frame(case_id = 1:2, followup_after_stop = c(3, NA)))$followup_after_stop,
               c(3, NA))
  expect_snapshot(error = TRUE, as_cases(data.frame(case_id = 1:3,
                                                    followup = c("soon", "12", "-3"))))
  expect_snapshot(error = TRUE, as_cases(data.frame(case_id = 1:2, followup = c(-1, 5))))
})

test_that("regimens are read per case; unreadable ones are errors naming the case", {
  d <- data.frame(case_id = c("a", "b", "c", "d"),
                  regimen = c("every 4-8 weeks", "biweekly", "weekly x4", "days 1 and 15 every 6 months"))
  expect_snapshot(error = TRUE, as_cases(d))
})

test_that("the older shorthands fill dose and regimen, and must agree with them", {
  d <- data.frame(case_id = 1:3, dose_mg_kg = c(5, 3, NA), interval_weeks = c(8, NA, 4))
  cases <- as_cases(d)
  expect_equal(cases$dose, c("5 mg/kg", "3 mg/kg", NA))
  expect_equal(cases$dose_value, c(5, 3, NA))
  expect_equal(cases$regimen, c("every 8 weeks", NA, "every 4 weeks"))
  expect_equal(names(cases)[19:20], c("dose_mg_kg", "interval_weeks"))
  bad <- data.frame(case_id = 1:3, dose = c("375 mg/m2", "5 mg/kg", NA),
                    dose_mg_kg = c(375, 5, 2),
                    regimen = c("every 4 weeks", "weekly x4", NA),
                    interval_weeks = c(4, 8, 0))
  expect_snapshot(error = TRUE, as_cases(bad))
})

test_that("inconsistencies warn, naming the cases", {
  d <- data.frame(case_id = c("a", "b", "c", "d", "e"),
                  onset = c("after 3 weeks", "after 2 years", "after the fifth infusion",
                            NA, NA),
                  response = c("none", "complete", "partial", "none", "complete"),
                  regimen = c("every 4 weeks", "every 4 weeks", "every 4 weeks",
                              "weekly x4", "weekly x4"),
                  n_infusions = c(2, 20, 3, 6, 4), followup = c(6, 12, 12, 6, 6),
                  stopped = c(TRUE, NA, NA, TRUE, NA), relapse = c(NA, NA, NA, TRUE, NA))
  expect_snapshot(cases <- as_cases(d))
})

test_that("yes/no columns accept every documented spelling", {
  d <- data.frame(case_id = 1:12,
                  stopped = c("TRUE", "false", "Yes", "no", "y", "N", "1", "0",
                              "", NA, "T", "f"))
  expect_equal(as_cases(d)$stopped, c(TRUE, FALSE, TRUE, FALSE, TRUE, FALSE,
                                      TRUE, FALSE, NA, NA, TRUE, FALSE))
  expect_equal(as_cases(data.frame(case_id = 1:3, stopped = c(1, 0, NA)))$stopped,
               c(TRUE, FALSE, NA))
})

test_that("read_cases reads a CSV like as_cases", {
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  raw <- raw_cases()
  raw$sex <- as.character(raw$sex)
  write.csv(raw, path, row.names = FALSE)
  from_csv <- read_cases(path, map = map)
  expect_equal(as.data.frame(from_csv), as.data.frame(as_cases(raw, map = map)))
  write.csv(data.frame(id = 1:2, r = c("CR", "NR")), path, row.names = FALSE)
  expect_equal(as.character(read_cases(path, map = c(case_id = "id", response = "r"),
                                       response_levels = c(CR = "complete", NR = "none"))$response),
               c("complete", "none"))
  expect_snapshot(error = TRUE, read_cases("no-such-file.csv"))
  expect_snapshot(error = TRUE, read_cases(c("a.csv", "b.csv")))
})

test_that("a case table prints a header and its rows", {
  expect_snapshot(print(as_cases(raw_cases(), map = map)))
  expect_snapshot(print(nsarc_cases, n = 2))
})

# Each validation error names the column and the rows.
test_that("as_cases: not a data frame", {
  expect_snapshot(error = TRUE, as_cases(list(case_id = 1)))
})

test_that("as_cases: no case_id column", {
  expect_snapshot(error = TRUE, as_cases(raw_cases()))
})

test_that("as_cases: missing ids", {
  raw <- raw_cases()
  raw$Patient[c(2, 4)] <- c(NA, "")
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: duplicated ids", {
  raw <- raw_cases()
  raw$Patient <- c("A1", "A2", "A1", "C1", "A2")
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: a list column is an error, not its second element", {
  d <- data.frame(x = 1:2)
  d$case_id <- list(c("a", "b"), "c")
  expect_snapshot(error = TRUE, as_cases(d))
})

test_that("as_cases: response outside the levels", {
  raw <- raw_cases()
  raw$response[c(1, 3)] <- c("improved", "good")
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: yes/no columns with other values", {
  raw <- raw_cases()
  raw$stopped[2] <- "maybe"
  raw$relapse[1] <- "2"
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: negative follow-up and infusion counts", {
  raw <- raw_cases()
  raw$n_infusions[c(2, 5)] <- c(-1, 2.5)
  raw$followup_after_stop[1] <- -2
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: text where a number is expected", {
  raw <- raw_cases()
  raw$n_infusions <- as.character(raw$n_infusions)
  raw$n_infusions[1] <- "three"
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: relapse where the drug was not stopped", {
  raw <- raw_cases()
  raw$relapse[2] <- "yes"
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: many bad rows are cut short", {
  d <- data.frame(case_id = 1:20, response = rep("better", 20))
  expect_snapshot(error = TRUE, as_cases(d))
})

test_that("as_cases: onset bounds given by the user are checked", {
  d <- data.frame(case_id = 1:4, onset_lower = c(3, 1, 2, Inf), onset_upper = c(2, NA, Inf, Inf),
                  onset_unit = c("days", "weeks", "days", "days"))
  expect_snapshot(error = TRUE, as_cases(d))
  ok <- as_cases(data.frame(case_id = 1:3, onset_lower = c(1, 2, NA),
                            onset_upper = c(1, Inf, NA),
                            onset_unit = c("days", "Infusions", NA)))
  expect_equal(ok$onset_upper, c(1, Inf, NA))
  expect_equal(ok$onset_unit, c("days", "infusions", NA))
  expect_equal(ok$onset_from, c(1, 1, NA))
  expect_equal(ok$onset_status, c("read", "read", "not_reported"))
  expect_snapshot(error = TRUE, as_cases(data.frame(case_id = 1, onset_lower = 1)))
})

test_that("as_cases: unreadable onset phrases warn with the column, row and case", {
  expect_snapshot(x <- as_cases(data.frame(case_id = 1:3,
                                           onset = c("overnight", "soon", NA))))
  expect_equal(x$onset_lower, c(0, NA, NA))
})

test_that("as_cases: bad maps", {
  raw <- raw_cases()
  expect_snapshot(error = TRUE, as_cases(raw, map = c("Patient")))
  expect_snapshot(error = TRUE, as_cases(raw, map = c(id = "Patient")))
  expect_snapshot(error = TRUE, as_cases(raw, map = c(case_id = "Person")))
  expect_snapshot(error = TRUE, as_cases(raw, map = c(case_id = "Patient",
                                                      case_id = "Source")))
  expect_snapshot(error = TRUE, as_cases(raw, map = c(case_id = "Patient",
                                                      response = "Source")))
})
