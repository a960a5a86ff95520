test_that("tally_text writes the manuscript sentence from binom.test's interval", {
  tab <- case_tally(nsarc_cases, improved_by_3rd = response_infusion <= 3)
  ci <- binom.test(14, 34)$conf.int
  expected <- sprintf("14 of 34 (%.0f%%; 95%% CI %.0f%% to %.0f%%)",
                      100 * 14 / 34, 100 * ci[1], 100 * ci[2])
  expect_equal(unname(tally_text(tab)), expected)
  expect_equal(unname(tally_text(tab)), "14 of 34 (41%; 95% CI 25% to 59%)")
  expect_named(tally_text(tab), "improved_by_3rd")
  expect_equal(unname(tally_text(tab, digits = 1)),
               sprintf("14 of 34 (%.1f%%; 95%% CI %.1f%% to %.1f%%)",
                       100 * 14 / 34, 100 * ci[1], 100 * ci[2]))
  rep_ci <- binom.test(14, 19)$conf.int
  expect_equal(unname(tally_text(tab, denominator = "reported")),
               sprintf("14 of 19 (%.0f%%; 95%% CI %.0f%% to %.0f%%)",
                       100 * 14 / 19, 100 * rep_ci[1], 100 * rep_ci[2]))
})

test_that("tally_text selects outcomes and groups and handles empty groups", {
  d <- data.frame(case_id = 1:4, x = c(TRUE, FALSE, TRUE, NA),
                  g = factor(c("a", "a", "b", "b"), levels = c("a", "b", "c")))
  tab <- case_tally(d, x, y = !x, by = "g", conf_level = 0.9)
  txt <- tally_text(tab, outcome = "x", group = c("a", "c"))
  expect_named(txt, c("x: a", "x: c"))
  ci <- binom.test(1, 2, conf.level = 0.9)$conf.int
  expect_equal(txt[[1]], sprintf("1 of 2 (50%%; 90%% CI %.0f%% to %.0f%%)",
                                 100 * ci[1], 100 * ci[2]))
  expect_equal(txt[[2]], "0 of 0 (not estimable)")
})

test_that("tally_text rejects bad input", {
  tab <- case_tally(nsarc_cases, stopped)
  expect_snapshot(error = TRUE, tally_text(data.frame(yes = 1)))
  expect_snapshot(error = TRUE, tally_text(tab, outcome = "relapse"))
  expect_snapshot(error = TRUE, tally_text(tab, group = "a"))
  expect_snapshot(error = TRUE, tally_text(tab, digits = -1))
  expect_snapshot(error = TRUE, tally_text(tab, digits = 1.5))
  expect_error(tally_text(tab, denominator = "some"), "`denominator` must be one of \"all\" or \"reported\"")
})
