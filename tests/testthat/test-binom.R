ci_grid <- function() {
  small <- do.call(rbind, lapply(c(1, 2, 3, 5, 10, 34), function(n) {
    data.frame(x = 0:n, n = n)
  }))
  large <- data.frame(x = c(0, 1, 2, 50, 499, 500, 0, 1, 7, 999, 1000),
                      n = c(500, 500, 500, 500, 500, 500, 1000, 1000, 1000, 1000, 1000))
  rbind(small, large)
}

for (method in c("exact", "wilson", "jeffreys", "agresti-coull", "midp")) {
  test_that(paste(method, "intervals agree with the reference to 1e-10"), {
    grid <- ci_grid()
    for (level in c(0.8, 0.9, 0.95, 0.99)) {
      got <- binom_ci(grid$x, grid$n, conf_level = level, method = method)
      ref <- t(mapply(ref_ci, grid$x, grid$n, MoreArgs = list(level = level,
                                                           method = method)))
      expect_lt(max(abs(got$conf_low - ref[, 1])), 1e-10)
      expect_lt(max(abs(got$conf_high - ref[, 2])), 1e-10)
      expect_equal(got$estimate, grid$x / grid$n)
      expect_true(all(got$conf_low <= got$estimate & got$estimate <= got$conf_high))
    }
  })
}

test_that("exact intervals equal binom.test on the worked example's counts", {
  got <- binom_ci(c(19, 14, 8), 34)
  ref <- t(sapply(c(19, 14, 8), function(x) binom.test(x, 34)$conf.int))
  expect_equal(got$conf_low, ref[, 1], tolerance = 1e-12)
  expect_equal(got$conf_high, ref[, 2], tolerance = 1e-12)
  # the brief's sentence: 14 of 34, 41% (25% to 59%)
  expect_equal(round(100 * unlist(got[2, c("estimate", "conf_low", "conf_high")])),
               c(estimate = 41, conf_low = 25, conf_high = 59))
})

test_that("binom_ci recycles, keeps NA and gives NA for n = 0", {
  got <- binom_ci(c(1, NA, 3), 10)
  expect_equal(got$n, c(10, 10, 10))
  expect_true(is.na(got$conf_low[2]) && is.na(got$estimate[2]))
  zero <- binom_ci(0, 0)
  expect_true(is.na(zero$estimate) && is.na(zero$conf_low) && is.na(zero$conf_high))
  expect_equal(nrow(binom_ci(numeric(), numeric())), 0)
  expect_named(got, c("x", "n", "estimate", "conf_low", "conf_high", "method"))
  expect_equal(binom_ci(3L, 10L)$conf_low, binom.test(3, 10)$conf.int[1])
})

test_that("binom_ci rejects bad input with clear errors", {
  expect_snapshot(error = TRUE, binom_ci(5, 4))
  expect_snapshot(error = TRUE, binom_ci(c(1, 6, 7), 5))
  expect_snapshot(error = TRUE, binom_ci(-1, 4))
  expect_snapshot(error = TRUE, binom_ci(1.5, 4))
  expect_snapshot(error = TRUE, binom_ci(1, Inf))
  expect_snapshot(error = TRUE, binom_ci("1", 4))
  expect_snapshot(error = TRUE, binom_ci(1, 4, conf_level = 1))
  expect_snapshot(error = TRUE, binom_ci(1, 4, conf_level = c(0.9, 0.95)))
  expect_snapshot(error = TRUE, binom_ci(1, 4, method = "wald"))
  expect_snapshot(error = TRUE, binom_ci(1:2, 4:6))
})
