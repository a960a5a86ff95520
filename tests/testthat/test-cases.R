map <- c(case_id = "Patient", report = "Source")

test_that("as_cases maps, coerces and keeps every case and covariate", {
  raw <- raw_cases()
  cases <- as_cases(raw, map = map)
  expect_s3_class(cases, "cases")
  expect_equal(nrow(cases), nrow(raw))
  expect_equal(names(cases)[1:13], c(
    "case_id", "report", "onset", "onset_lower", "onset_upper", "onset_unit",
    "response", "n_infusions", "dose_mg_kg", "interval_weeks", "stopped",
    "relapse", "followup_after_stop"))
  expect_equal(names(cases)[14], "age")
  # onset bounds read from the phrases
  expect_equal(cases$onset_lower, c(0, 2, NA, NA, 0))
  expect_equal(cases$onset_upper, c(1, 2, NA, NA, 21))
  expect_equal(cases$onset_unit, c("days", "infusions", NA, NA, "days"))
  expect_equal(cases$case_id, raw$Patient)
  expect_equal(cases$age, raw$age)
  expect_equal(as.character(cases$response),
               c("complete", "partial", "none", NA, "partial"))
  expect_equal(levels(cases$response), c("complete", "partial", "none"))
  expect_equal(cases$stopped, c(TRUE, FALSE, TRUE, NA, TRUE))
  expect_equal(cases$relapse, c(FALSE, NA, FALSE, NA, TRUE))
  # empty text and "NR" are not reported
  expect_equal(cases$onset, c("overnight", "after the second infusion", NA, NA,
                              "within 3 weeks"))
  expect_equal(cases$n_infusions, raw$n_infusions)
})

test_that("missing canonical columns are added as not reported", {
  cases <- as_cases(data.frame(case_id = c("a", "b"), age = c(40, 50)))
  expect_true(all(is.na(cases$onset)))
  expect_true(is.factor(cases$response))
  expect_type(cases$stopped, "logical")
  expect_type(cases$dose_mg_kg, "double")
  expect_equal(names(cases)[14], "age")
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

test_that("follow-up in words stays text; numbers become months", {
  d <- data.frame(case_id = 1:3, followup_after_stop = c("12", "", "18"))
  expect_equal(as_cases(d)$followup_after_stop, c(12, NA, 18))
  d$followup_after_stop[2] <- "two years"
  expect_equal(as_cases(d)$followup_after_stop, c("12", "two years", "18"))
})

test_that("read_cases reads a CSV like as_cases", {
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  write.csv(raw_cases(), path, row.names = FALSE)
  from_csv <- read_cases(path, map = map)
  expect_equal(as.data.frame(from_csv), as.data.frame(as_cases(raw_cases(), map = map)))
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

test_that("as_cases: negative doses, intervals and infusion counts", {
  raw <- raw_cases()
  raw$dose_mg_kg[3] <- -5
  raw$interval_weeks[1] <- -8
  raw$n_infusions[c(2, 5)] <- c(-1, 2.5)
  raw$followup_after_stop[1] <- -2
  expect_snapshot(error = TRUE, as_cases(raw, map = map))
})

test_that("as_cases: text where a number is expected", {
  raw <- raw_cases()
  raw$dose_mg_kg <- as.character(raw$dose_mg_kg)
  raw$dose_mg_kg[2] <- "5 mg/kg"
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
  d <- data.frame(case_id = 1:3, onset_lower = c(3, 1, 2), onset_upper = c(2, NA, Inf),
                  onset_unit = c("days", "weeks", "days"))
  expect_snapshot(error = TRUE, as_cases(d))
  ok <- as_cases(data.frame(case_id = 1:2, onset_lower = c(1, 2),
                            onset_upper = c(1, Inf), onset_unit = c("days", "Infusions")))
  expect_equal(ok$onset_upper, c(1, Inf))
  expect_equal(ok$onset_unit, c("days", "infusions"))
  expect_snapshot(error = TRUE, as_cases(data.frame(case_id = 1, onset_lower = 1)))
})

test_that("as_cases: unreadable onset phrases warn with the column and row", {
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
