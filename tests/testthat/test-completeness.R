test_that("completeness counts what each column reported", {
  cases <- as_cases(raw_cases(), map = c(case_id = "Patient", report = "Source"))
  got <- completeness(cases)
  fields <- setdiff(names(cases), c("case_id", "onset_lower", "onset_upper", "onset_unit",
                                    "onset_from", "onset_status", "dose_value", "dose_unit"))
  expect_equal(got$column, fields)
  naive <- vapply(fields, function(f) sum(!is.na(cases[[f]])), 0)
  # relapse applies where the drug was stopped (or that is not known) and
  # there was a response; followup_after_stop where it was stopped
  app <- !(cases$stopped %in% FALSE)
  naive["relapse"] <- sum(!is.na(cases$relapse) & app & !cases$response %in% "none")
  naive["followup_after_stop"] <- sum(!is.na(cases$followup_after_stop) & app)
  expect_equal(got$n_reported, unname(as.integer(naive)))
  expect_equal(got$n, rep(5L, length(fields)))
  n_app <- rep(5L, length(fields))
  n_app[fields == "relapse"] <- sum(app & !cases$response %in% "none")
  n_app[fields == "followup_after_stop"] <- sum(app)
  expect_equal(got$n_applicable, n_app)
  expect_equal(got$prop, got$n_reported / got$n_applicable)
  expect_equal(got$text[got$column == "onset"], "3 of 5")
  expect_equal(got$text[got$column == "relapse"], "2 of 3")
  expect_snapshot(print(got))
})

test_that("completeness treats empty text and not-reported markers as missing", {
  d <- data.frame(case_id = 1:5, x = c("a", "", "NR", "unknown", NA),
                  y = c(1, NA, 3, 4, 5))
  got <- completeness(d)
  expect_equal(got$n_reported, c(1L, 4L))
  by_case <- completeness(d, by = "case")
  expect_equal(by_case$n_reported, as.integer(c(2, 0, 1, 1, 1)))
  expect_equal(by_case$n_fields, rep(2L, 5))
  expect_equal(by_case$missing, c("", "x, y", "x", "x", "x"))
  expect_equal(nrow(completeness(d[0, ])), 2L)
})

test_that("the worked example reported the time to response in 19 of 34", {
  got <- completeness(nsarc_cases)
  expect_equal(got$text[got$column == "onset"], "19 of 34")
  expect_equal(summary(nsarc_cases), got)
})

test_that("not applicable is neither reported nor missing, case by case", {
  d <- as_cases(data.frame(case_id = 1:3, response = c("complete", "none", "partial"),
                           stopped = c(FALSE, TRUE, TRUE), relapse = c(NA, NA, NA)))
  by_case <- completeness(d, by = "case")
  # case 1: not stopped, so relapse and follow-up after stopping do not
  # apply; case 2: no response, so relapse does not apply
  expect_equal(by_case$n_fields, c(8L, 9L, 10L))
  expect_false(grepl("relapse", by_case$missing[1]))
  expect_false(grepl("relapse", by_case$missing[2]))
  expect_true(grepl("relapse", by_case$missing[3]))
})

test_that("completeness rejects bad input", {
  expect_snapshot(error = TRUE, completeness(1:3))
  expect_snapshot(error = TRUE, completeness(data.frame(x = 1), by = "case"))
})
