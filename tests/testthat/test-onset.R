read_fixture <- function() {
  f <- utils::read.csv(test_path("fixtures", "onset-phrases.csv"),
                       stringsAsFactors = FALSE, na.strings = character(),
                       encoding = "UTF-8")
  f$lower <- suppressWarnings(as.double(f$lower))
  f$upper <- suppressWarnings(as.double(f$upper))
  f
}

test_that("the 233-phrase fixture parses as the contract says", {
  f <- read_fixture()
  expect_gte(nrow(f), 200)
  unreadable <- f$unit == "unreadable"
  got <- suppressWarnings(parse_onset(f$text))
  expect_equal(got$text, f$text)
  expect_equal(is.na(got$lower), is.na(f$lower))
  ok <- !is.na(f$lower)
  expect_lt(max(abs(got$lower[ok] - f$lower[ok])), 1e-9)
  fin <- ok & is.finite(f$upper)
  expect_lt(max(abs(got$upper[fin] - f$upper[fin])), 1e-9)
  expect_equal(got$upper[ok & !is.finite(f$upper)], f$upper[ok & !is.finite(f$upper)])
  expect_equal(got$unit[ok], f$unit[ok])
  expect_true(all(is.na(got$unit[!ok])))
  expect_equal(attr(got, "unreadable"), which(unreadable))
})

test_that("each rule of the contract", {
  p <- function(x) {
    r <- parse_onset(x)
    list(r$lower, r$upper, r$unit)
  }
  expect_equal(p("overnight"), list(0, 1, "days"))
  expect_equal(p("next day"), list(0, 1, "days"))
  expect_equal(p("within 24 hours"), list(0, 1, "days"))
  expect_equal(p("within 3 weeks"), list(0, 21, "days"))
  expect_equal(p("by 2 months"), list(0, 2 * 365.25 / 12, "days"))
  expect_equal(p("less than 1 year"), list(0, 365.25, "days"))
  expect_equal(p("10 days"), list(10, 10, "days"))
  expect_equal(p("after 2 weeks"), list(14, 14, "days"))
  expect_equal(p("2-4 weeks"), list(14, 28, "days"))
  expect_equal(p("between 1 and 3 months"), list(365.25 / 12, 3 * 365.25 / 12, "days"))
  expect_equal(p("after the third infusion"), list(3, 3, "infusions"))
  expect_equal(p("following the 2nd dose"), list(2, 2, "infusions"))
  expect_equal(p("after 4 infusions"), list(4, 4, "infusions"))
  expect_equal(p("between the first and third infusion"), list(1, 3, "infusions"))
  expect_equal(p("by the fourth infusion"), list(1, 4, "infusions"))
  expect_equal(p("within 3 infusions"), list(1, 3, "infusions"))
  for (nr in c("not reported", "NR", "unknown", "n/a", "")) {
    expect_equal(p(nr), list(NA_real_, NA_real_, NA_character_))
  }
  expect_equal(p(NA_character_), list(NA_real_, NA_real_, NA_character_))
  expect_equal(p("TWO WEEKS"), list(14, 14, "days"))
  expect_equal(p("Improvement was seen after the second infusion"), list(2, 2, "infusions"))
  expect_equal(p("after the twentieth infusion"), list(20, 20, "infusions"))
  expect_equal(p("twenty days"), list(20, 20, "days"))
})

test_that("unreadable phrases are NA and named in one warning", {
  expect_snapshot(res <- parse_onset(c("overnight", "soon", "NR", "within weeks",
                                        "after 2 weeks", "eventually")))
  expect_equal(attr(res, "unreadable"), c(2L, 4L, 6L))
  expect_true(all(is.na(res$lower[c(2, 4, 6)])))
  expect_silent(parse_onset(c("overnight", NA, "")))
  expect_equal(nrow(parse_onset(character())), 0)
  expect_equal(parse_onset(factor("after 2 weeks"))$lower, 14)
  expect_snapshot(error = TRUE, parse_onset(3))
})

test_that("properties: lower <= upper, NA in gives NA out, no input crashes", {
  set.seed(11)
  f <- read_fixture()
  pieces <- c(unique(unlist(strsplit(f$text, " "))), "-", "\u2013", "\xff\xfe",
              "1st", "99999999999999999999", "0.5", "", "%", "\u00e9t\u00e9")
  x <- vapply(1:3000, function(i) {
    paste(sample(pieces, sample(1:8, 1), replace = TRUE), collapse = sample(c(" ", "", "-"), 1))
  }, "")
  raw_junk <- vapply(1:200, function(i) {
    rawToChar(as.raw(sample(1:255, sample(1:60, 1), replace = TRUE)))
  }, "")
  long <- c(strrep("after the second infusion ", 4000),
            strrep("9", 1e5), strrep("\xe2\x80", 5e4), strrep("a", 1e5))
  all <- c(x, raw_junk, long, NA)
  res <- suppressWarnings(parse_onset(all))
  expect_equal(nrow(res), length(all))
  read <- !is.na(res$lower)
  expect_true(all(res$lower[read] <= res$upper[read]))
  expect_true(all(res$lower[read] >= 0))
  expect_true(all(res$unit[read] %in% c("days", "infusions")))
  expect_identical(is.na(res$lower), is.na(res$upper))
  expect_identical(is.na(res$lower), is.na(res$unit))
  expect_true(is.na(res$lower[length(all)]))
  expect_equal(res$lower[length(x) + 201], 2)
})
