random_cases <- function(n, seed) {
  set.seed(seed)
  data.frame(
    case_id = seq_len(n),
    a = sample(c(TRUE, FALSE, NA), n, replace = TRUE),
    b = sample(c("yes", "no", "", NA), n, replace = TRUE),
    c = sample(c(0, 1, NA), n, replace = TRUE, prob = c(0.2, 0.2, 0.6)),
    site = factor(sample(c("x", "y", NA), n, replace = TRUE),
                  levels = c("w", "x", "y", "z")),
    stringsAsFactors = FALSE
  )
}

test_that("counts agree with a naive count on random data with NAs and empty groups", {
  for (seed in 1:5) {
    d <- random_cases(200 + seed, seed)
    got <- case_tally(d, a, b, c, both = a & c == 1, by = "site")
    b <- ifelse(d$b %in% "yes", TRUE, ifelse(d$b %in% "no", FALSE, NA))
    ref <- naive_tally(list(a = d$a, b = b, c = d$c == 1,
                            both = d$a & d$c == 1), d$site)
    expect_equal(got$outcome, ref$outcome)
    expect_equal(as.integer(got$yes), ref$yes)
    expect_equal(as.integer(got$no), ref$no)
    expect_equal(as.integer(got$not_reported), ref$not_reported)
    expect_equal(as.integer(got$n), ref$n)
    expect_equal(as.integer(got$n_reported), ref$yes + ref$no)
    # empty levels w and z are kept, and NA sites form a group of their own
    expect_equal(levels(got$group), c("w", "x", "y", "z", NA))
    expect_equal(got$n[got$group %in% c("w", "z")], rep(0L, 8))
    expect_equal(sum(got$n[got$outcome == "a"]), nrow(d))
  }
})

test_that("proportions and intervals use both denominators", {
  d <- random_cases(150, 42)
  got <- case_tally(d, a, by = "site", method = "exact", conf_level = 0.9)
  for (i in which(got$n > 0)) {
    r <- got[i, ]
    expect_equal(r$prop, r$yes / r$n)
    expect_equal(c(r$conf_low, r$conf_high),
                 as.numeric(binom.test(r$yes, r$n, conf.level = 0.9)$conf.int))
    expect_equal(r$prop_reported, r$yes / r$n_reported)
    expect_equal(c(r$conf_low_reported, r$conf_high_reported),
                 as.numeric(binom.test(r$yes, r$n_reported, conf.level = 0.9)$conf.int))
  }
  empty <- got[got$n == 0, ]
  expect_true(all(is.na(empty$prop) & is.na(empty$conf_low) & is.na(empty$prop_reported)))
})

test_that("other interval methods reach the tally", {
  d <- random_cases(80, 7)
  got <- case_tally(d, a, method = "wilson")
  expect_equal(c(got$conf_low, got$conf_high), ref_wilson(got$yes, got$n, 0.95))
})

test_that("the worked example gives the published counts", {
  tab <- case_tally(nsarc_cases,
                    time_reported = !is.na(onset),
                    improved_by_3rd = response_infusion <= 3,
                    sustained = response != "none" & stopped & !relapse)
  expect_s3_class(tab, "case_tally")
  expect_equal(tab$outcome, c("time_reported", "improved_by_3rd", "sustained"))
  expect_equal(as.integer(tab$yes), c(19L, 14L, 8L))
  expect_equal(as.integer(tab$n), c(34L, 34L, 34L))
  expect_named(as.data.frame(tab), c(
    "outcome", "yes", "no", "not_reported", "n", "n_reported", "prop",
    "conf_low", "conf_high", "prop_reported", "conf_low_reported",
    "conf_high_reported"))
  expect_false(inherits(as.data.frame(tab), "case_tally"))
})

test_that("edge cases: no cases, one case, all NA", {
  empty <- data.frame(case_id = character(), x = logical())
  got <- case_tally(empty, x)
  expect_equal(got$n, 0L)
  expect_true(is.na(got$prop))
  one <- case_tally(data.frame(case_id = 1, x = TRUE), x)
  expect_equal(c(one$yes, one$n), c(1L, 1L))
  expect_equal(one$conf_low, binom.test(1, 1)$conf.int[1])
  all_na <- case_tally(data.frame(case_id = 1:3, x = NA), x)
  expect_equal(c(all_na$yes, all_na$not_reported, all_na$n_reported), c(0L, 3L, 0L))
  expect_true(is.na(all_na$prop_reported))
})

test_that("tallies print, format and convert", {
  tab <- case_tally(nsarc_cases, sustained = response != "none" & stopped & !relapse, by = "sex")
  expect_snapshot(print(tab))
  f <- format(tab, digits = 1)
  expect_true(all(vapply(f, is.character, TRUE)))
})

test_that("case_tally rejects bad input with clear errors", {
  d <- random_cases(20, 1)
  expect_snapshot(error = TRUE, case_tally(list(a = TRUE), a))
  expect_snapshot(error = TRUE, case_tally(d))
  expect_snapshot(error = TRUE, case_tally(d, site))
  expect_snapshot(error = TRUE, case_tally(d, nope))
  expect_snapshot(error = TRUE, case_tally(d, x = a[1:3]))
  expect_snapshot(error = TRUE, case_tally(d, a, a))
  expect_snapshot(error = TRUE, case_tally(d, a, by = "region"))
  expect_snapshot(error = TRUE, case_tally(d, a, by = 2))
  expect_snapshot(error = TRUE, case_tally(d, a, conf_level = 95))
  expect_snapshot(error = TRUE, case_tally(d, a, method = "clopper"))
})

test_that("by takes bare names, strings and several columns", {
  d <- random_cases(120, 3)
  d$sex <- sample(c("F", "M"), nrow(d), replace = TRUE)
  quoted <- case_tally(d, a, by = "site")
  expect_equal(case_tally(d, a, by = site), quoted)
  # a variable holding the names
  cols <- "site"
  expect_equal(case_tally(d, a, by = cols), quoted)
  # several columns: every combination of their levels, first column slowest
  both <- case_tally(d, a, b, by = c(sex, site))
  expect_identical(case_tally(d, a, b, by = c("sex", "site")), both)
  two <- c("sex", "site")
  expect_identical(case_tally(d, a, b, by = two), both)
  # a function passing its own `by` on, as names or NULL
  tally_by <- function(data, by = NULL) case_tally(data, a, b, by = by)
  expect_identical(tally_by(d, c("sex", "site")), both)
  expect_identical(tally_by(d), case_tally(d, a, b))
  expect_equal(attr(both, "by"), c("sex", "site"))
  lev <- paste0("sex=", rep(c("F", "M"), each = 5), ", site=",
                rep(c("w", "x", "y", "z", NA), 2))
  expect_equal(levels(both$group), lev)
  expect_equal(nrow(both), 2 * length(lev))
  # against a naive count per combination, NA sites included
  combo <- factor(paste0("sex=", d$sex, ", site=", as.character(d$site)), levels = lev)
  ref <- naive_tally(list(a = d$a), combo)
  got <- both[both$outcome == "a", ]
  expect_equal(as.integer(got$yes), ref$yes)
  expect_equal(as.integer(got$n), ref$n)
  # empty factor levels keep their rows, with zeros
  expect_equal(got$n[grepl("site=w", got$group)], c(0L, 0L))
  expect_equal(sum(got$n), nrow(d))
  expect_snapshot(print(case_tally(d, a, by = c(sex, site))))
})

test_that("by errors name the missing column", {
  d <- random_cases(10, 1)
  expect_snapshot(error = TRUE, case_tally(d, a, by = region))
  expect_snapshot(error = TRUE, case_tally(d, a, by = c(site, region, area)))
  expect_snapshot(error = TRUE, case_tally(d, a, by = c("site", "site")))
  expect_snapshot(error = TRUE, case_tally(d, a, by = c(site, 1)))
  expect_snapshot(error = TRUE, case_tally(d, a, by = character()))
  # an argument in survival's or broom's spelling is not taken for an outcome
  expect_snapshot(error = TRUE, case_tally(d, a, conf.level = 0.9))
})

test_that("groups of any column type are factor()'s, with NA a level of its own", {
  set.seed(3)
  latin <- c("caf\xe9", "cafe")
  Encoding(latin) <- "latin1"
  cols <- list(sample(c(letters[1:5], NA), 1000, TRUE), sample(c(5L, -2L, NA, 9L), 300, TRUE),
               sample(c(TRUE, FALSE, NA), 50, TRUE), c("b", "a", "b"), character(),
               c("\u00e9", "e", "\u00c9"), latin, sample(1e4, 5e4, TRUE))
  for (x in cols) {
    expect_identical(casepool:::group_factor(x), addNA(factor(x), ifany = TRUE))
  }
  f <- factor(c("a", NA, "b"), levels = c("b", "a", "z"))
  expect_identical(casepool:::group_factor(f), addNA(f, ifany = TRUE))
  d <- data.frame(y = c(TRUE, FALSE, TRUE, NA), g = c("x", NA, "x", "w"))
  tab <- case_tally(d, y, by = g)
  expect_equal(as.character(tab$group), c("w", "x", NA))
  expect_equal(tab$yes, c(0L, 2L, 0L))
})
