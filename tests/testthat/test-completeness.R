test_that("completeness counts what each column reported", {
  cases <- as_cases(raw_cases(), map = c(case_id = "Patient", report = "Source"))
  got <- completeness(cases)
  fields <- setdiff(names(cases), "case_id")
  expect_equal(got$column, fields)
  naive <- vapply(fields, function(f) sum(!is.na(cases[[f]])), 0)
  expect_equal(got$n_reported, unname(as.integer(naive)))
  expect_equal(got$n, rep(5L, length(fields)))
  expect_equal(got$text[got$column == "onset"], "3 of 5")
  expect_snapshot(print(got))
})

test_that("completeness treats empty text and not-reported markers as missing", {
  d <- data.frame(case_id = 1:5, x = c("a", "", "NR", "unknown", NA),
                  y = c(1, NA, 3, 4, 5))
  got <- completeness(d)
  expect_equal(got$n_reported, c(1L, 4L))
  by_case <- completeness(d, by = "case")
  expect_equal(by_case$n_reported, as.integer(c(2, 0, 1, 1, 1)))
  expect_equal(by_case$missing, c("", "x, y", "x", "x", "x"))
  expect_equal(nrow(completeness(d[0, ])), 2L)
})

test_that("the worked example reported the time to response in 19 of 34", {
  got <- completeness(nsarc_cases)
  expect_equal(got$text[got$column == "onset"], "19 of 34")
  expect_equal(summary(nsarc_cases), got)
})

test_that("completeness rejects bad input", {
  expect_snapshot(error = TRUE, completeness(1:3))
  expect_snapshot(error = TRUE, completeness(data.frame(x = 1), by = "case"))
})
