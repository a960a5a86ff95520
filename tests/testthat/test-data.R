test_that("the simulated case table matches the 2014 review's published counts", {
  expect_s3_class(nsarc_cases, "cases")
  expect_equal(nrow(nsarc_cases), 34L)
  expect_equal(sum(!is.na(nsarc_cases$onset)), 19L)
  expect_equal(sum(nsarc_cases$response_infusion <= 3, na.rm = TRUE), 14L)
  expect_equal(sum(nsarc_cases$stopped & !nsarc_cases$relapse, na.rm = TRUE), 8L)
  # revalidating the shipped table changes nothing
  expect_equal(as_cases(as.data.frame(nsarc_cases)), nsarc_cases)
})

test_that("the series hold the published numbers", {
  s <- nsarc_series
  get <- function(study, outcome) unlist(s[s$study == study & s$outcome == outcome,
                                           c("events", "total")])
  expect_equal(unname(get("review2014", "time_reported")), c(19L, 34L))
  expect_equal(unname(get("review2014", "improved_by_3rd")), c(14L, 34L))
  expect_equal(unname(get("review2014", "sustained_remission")), c(8L, 34L))
  expect_equal(round(100 * 51 / 66, 1), 77.3)
  expect_equal(unname(get("gelfand2017", "improved")), c(51L, 66L))
  expect_equal(unname(get("gelfand2017", "relapse_after_stop")), c(9L, 16L))
  expect_equal(unname(get("fritz2020", "complete_remission")), c(6L, 28L))
  expect_equal(unname(get("fritz2020", "relapse_after_reduction_or_stop")), c(5L, 19L))
  expect_equal(unname(get("jneurol2017", "improved")), c(16L, 18L))
  expect_true(all(s$events <= s$total & s$total <= s$n_patients))
})

test_that("the index case responded overnight after the first infusion", {
  expect_equal(nrow(nsarc_index), 1L)
  expect_equal(nsarc_index$site, "spinal cord")
  expect_equal(nsarc_index$response_infusion, 1L)
  expect_match(nsarc_index$onset, "overnight")
})
