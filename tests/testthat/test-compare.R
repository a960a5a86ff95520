fisher_c <- function(tab, level = 0.95) casepool:::fisher_exact(tab, level)

# Fisher's exact p-value from the definition: every table with the
# observed margins, enumerated cell by cell; those no more probable than
# the observed one (up to FEXACT's tolerance of 3.45254e-7 in the log) are
# summed.  For small tables only.
naive_fisher <- function(x) {
  r <- nrow(x)
  k <- ncol(x)
  rs <- rowSums(x)
  cs <- colSums(x)
  logp <- function(t) {
    sum(lfactorial(rs)) + sum(lfactorial(cs)) - lfactorial(sum(x)) - sum(lfactorial(t))
  }
  obs <- logp(x)
  total <- 0
  t <- matrix(0L, r, k)
  fill <- function(i, j, rr, cc) {
    if (i == r) {
      t[r, ] <<- cc
      if (logp(t) <= obs + 3.45254e-7) total <<- total + exp(logp(t))
      return(invisible())
    }
    if (j == k) {
      t[i, k] <<- rr[i]
      cc[k] <- cc[k] - rr[i]
      if (cc[k] < 0) return(invisible())
      return(fill(i + 1, 1, rr, cc))
    }
    for (v in 0:min(rr[i], cc[j])) {
      t[i, j] <<- v
      r2 <- rr
      r2[i] <- r2[i] - v
      c2 <- cc
      c2[j] <- c2[j] - v
      fill(i, j + 1, r2, c2)
    }
  }
  fill(1, 1, rs, cs)
  total
}

# Newcombe's method 10 (1998), written from the paper: Wilson score limits
# l_i, u_i of each proportion, then for d = p2 - p1
# L = d - sqrt((p2 - l2)^2 + (u1 - p1)^2), U = d + sqrt((u2 - p2)^2 + (p1 - l1)^2).
naive_newcombe <- function(x1, n1, x2, n2, level = 0.95) {
  z <- stats::qnorm(1 - (1 - level) / 2)
  wilson <- function(x, n) {
    p <- x / n
    (2 * n * p + z^2 + c(-1, 1) * z * sqrt(z^2 + 4 * n * p * (1 - p))) / (2 * (n + z^2))
  }
  w1 <- wilson(x1, n1)
  w2 <- wilson(x2, n2)
  p1 <- x1 / n1
  p2 <- x2 / n2
  d <- p2 - p1
  c(d, d - sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2),
    d + sqrt((w2[2] - p2)^2 + (p1 - w1[1])^2))
}

test_that("2 x 2: p-value, odds ratio and interval equal fisher.test", {
  set.seed(20)
  worst <- 0
  for (i in 1:400) {
    x <- matrix(rpois(4, sample(c(1, 3, 8, 25), 1)), 2)
    if (any(rowSums(x) == 0) || any(colSums(x) == 0)) next
    level <- sample(c(0.9, 0.95, 0.99), 1)
    got <- fisher_c(x, level)
    ref <- stats::fisher.test(x, conf.level = level)
    d <- abs(c(got$p_value - ref$p.value, got$estimate - ref$estimate,
               got$conf_low - ref$conf.int[1], got$conf_high - ref$conf.int[2]))
    d[is.nan(d)] <- 0   # Inf - Inf where the estimate or a limit is infinite
    worst <- max(worst, d)
    expect_identical(is.infinite(c(got$estimate, got$conf_high)),
                     is.infinite(c(unname(ref$estimate), ref$conf.int[2])))
  }
  expect_lt(worst, 1e-10)
})

test_that("r x c p-values equal fisher.test and a naive enumeration", {
  set.seed(21)
  worst <- 0
  for (i in 1:250) {
    r <- sample(2:5, 1)
    k <- sample(2:5, 1)
    if (r == 2 && k == 2) next
    lambda <- if (r * k > 12) sample(c(0.5, 1, 1.5), 1) else sample(c(0.5, 1, 2, 3), 1)
    x <- matrix(rpois(r * k, lambda), r)
    ref <- tryCatch(stats::fisher.test(x, workspace = 2e6)$p.value,
                    error = function(e) NA)
    if (is.na(ref)) next
    worst <- max(worst, abs(fisher_c(x)$p_value - ref))
  }
  expect_lt(worst, 1e-10)
  for (i in 1:30) {
    x <- matrix(rpois(9, 1.2), 3)
    expect_equal(fisher_c(x)$p_value, naive_fisher(x), tolerance = 1e-12)
  }
  x <- matrix(c(3, 0, 1, 2, 1, 0, 0, 2, 4, 1, 0, 1), 3)
  expect_equal(fisher_c(x)$p_value, naive_fisher(x), tolerance = 1e-12)
})

test_that("tables of a few hundred cases agree with fisher.test", {
  x <- matrix(c(19, 49, 44, 17, 38, 33, 28, 35, 26, 30, 43, 38), 3)
  expect_equal(fisher_c(x)$p_value, stats::fisher.test(x, workspace = 2e7)$p.value,
               tolerance = 1e-9)
  x <- matrix(c(8, 26, 15, 12, 28, 21, 17, 47, 42, 9, 11, 14), 3)
  expect_equal(fisher_c(x)$p_value, stats::fisher.test(x, workspace = 2e7)$p.value,
               tolerance = 1e-9)
})

test_that("empty rows and columns, and degenerate tables", {
  x <- matrix(c(2, 0, 3, 0, 0, 0, 1, 0, 4), 3)
  expect_equal(fisher_c(x)$p_value, stats::fisher.test(x)$p.value, tolerance = 1e-12)
  expect_equal(fisher_c(matrix(c(3, 0, 4, 0, 0, 0), 2))$p_value, 1)
  expect_equal(fisher_c(matrix(0L, 3, 3))$p_value, 1)
  expect_equal(fisher_c(matrix(c(0, 0, 3, 4), 2))$p_value, 1)
  # a table too large for the limits gives NA
  x <- matrix(c(12, 6, 6, 3, 8, 6, 6, 5, 2, 2, 4, 2, 1, 2, 0, 4, 2, 2, 1, 1, 7, 3,
                7, 2, 6), 5)
  storage.mode(x) <- "integer"
  expect_true(is.na(.Call(casepool:::cp_fisher, x, 0.95, c(100, 1e9))$p_value))
  expect_true(is.na(.Call(casepool:::cp_fisher, x, 0.95, c(1e7, 1e3))$p_value))
})

test_that("a 10 x 10 table of 1000 cases stops with NA and a warning, not a hang", {
  skip_on_cran()
  set.seed(1)
  d <- data.frame(g = factor(sample(letters[1:10], 1000, TRUE)),
                  y = factor(sample(LETTERS[1:10], 1000, TRUE)))
  # it ends (the work limit; no timing asserted here, see bench/)
  expect_warning(cmp <- compare_cases(d, y, by = g), "was not finished")
  expect_true(is.na(cmp$test$p_value))
  expect_equal(cmp$test$method, "Fisher's exact test (not finished)")
  expect_match(compare_text(cmp), "no p-value")
})

test_that("the Newcombe interval follows method 10 of Newcombe 1998", {
  for (v in list(c(5, 12, 9, 11), c(0, 10, 4, 9), c(7, 7, 2, 15), c(56, 70, 48, 80),
                 c(9, 10, 3, 10))) {
    got <- casepool:::newcombe_diff(v[1], v[2], v[3], v[4], 0.95)
    expect_equal(got, naive_newcombe(v[1], v[2], v[3], v[4]), tolerance = 1e-12)
  }
  # Newcombe 1998, table II, example (a): 56/70 vs 48/80, 0.0524 to 0.3339
  got <- casepool:::newcombe_diff(48, 80, 56, 70, 0.95)
  expect_equal(round(got[2:3], 4), c(0.0524, 0.3339))
})

test_that("yes/no outcomes between two groups, with both denominators", {
  set.seed(3)
  d <- data.frame(case_id = sprintf("C%02d", 1:40),
                  y = sample(c(TRUE, FALSE, NA), 40, TRUE, prob = c(0.4, 0.4, 0.2)),
                  g = sample(c("a", "b", NA), 40, TRUE, prob = c(0.45, 0.45, 0.1)),
                  stringsAsFactors = FALSE)
  cmp <- compare_cases(d, y, by = "g")
  use <- !is.na(d$y) & !is.na(d$g)
  ref <- stats::fisher.test(table(d$g[use], d$y[use]))
  t <- cmp$test
  expect_equal(t$p_value, ref$p.value, tolerance = 1e-10)
  expect_equal(t$estimate, unname(ref$estimate), tolerance = 1e-10)
  expect_equal(c(t$conf_low, t$conf_high), ref$conf.int[1:2], tolerance = 1e-10)
  a <- d$y[use & d$g == "a"]
  b <- d$y[use & d$g == "b"]
  expect_equal(c(t$difference, t$diff_low, t$diff_high),
               naive_newcombe(sum(a), length(a), sum(b), length(b)), tolerance = 1e-12)
  expect_equal(c(t$n, t$n_used, t$n_outcome_missing, t$n_group_missing),
               c(40, sum(use), sum(is.na(d$y)), sum(is.na(d$g))))
  expect_equal(c(t$reference, t$comparison), c("a", "b"))
  # the groups table keeps the NA group, outside the test
  gr <- cmp$groups
  expect_equal(as.character(gr$group), c("a", "b", NA))
  expect_equal(gr$used, c(TRUE, TRUE, FALSE))
  expect_equal(gr$n, as.vector(table(addNA(factor(d$g)))))
  expect_equal(gr$yes[1:2], c(sum(a), sum(b)))
  expect_equal(gr$n_reported[1:2], c(length(a), length(b)))
  # bare names, strings and expressions
  expect_equal(compare_cases(d, y, by = g)$test$p_value, t$p_value)
  by <- "g"
  expect_equal(compare_cases(d, y, by = by)$test$p_value, t$p_value)
  expect_equal(compare_cases(d, !y, by = "g")$test$estimate, 1 / t$estimate,
               tolerance = 1e-3)
})

test_that("more groups and categories use the r x c test", {
  set.seed(4)
  d <- data.frame(y = sample(c("yes", "no", ""), 60, TRUE),
                  cat = factor(sample(c("x", "y", "z"), 60, TRUE), levels = c("x", "y", "z", "w")),
                  g = factor(sample(c("p", "q", "r"), 60, TRUE), levels = c("p", "q", "r", "s")))
  cmp <- compare_cases(d, y, by = g)
  use <- d$y != ""
  expect_equal(cmp$test$type, "yes/no")
  expect_equal(cmp$test$p_value,
               stats::fisher.test(table(droplevels(d$g[use]), d$y[use]))$p.value,
               tolerance = 1e-10)
  expect_true(is.na(cmp$test$estimate))
  expect_equal(cmp$test$groups_used, 3)
  expect_false(cmp$groups$used[cmp$groups$group == "s"])
  cmp <- compare_cases(d, cat, by = g)
  expect_equal(cmp$test$type, "category")
  expect_equal(cmp$test$p_value,
               stats::fisher.test(table(droplevels(d$g), droplevels(d$cat)))$p.value,
               tolerance = 1e-10)
  # every level in every group, empty ones too
  expect_equal(nrow(cmp$groups), 4 * 4)
  expect_equal(cmp$groups$count, as.vector(t(table(d$g, d$cat))))
})

test_that("numbers: Wilcoxon and Kruskal-Wallis equal wilcox.test and kruskal.test", {
  set.seed(5)
  for (i in 1:40) {
    n <- sample(c(8, 20, 70), 1)
    d <- data.frame(x = if (i %% 2) round(rnorm(n, 40, 10)) else rnorm(n, 40, 10),
                    g2 = sample(c("a", "b"), n, TRUE),
                    g3 = sample(c("a", "b", "c", NA), n, TRUE))
    d$x[sample(n, 2)] <- NA
    if (length(unique(d$g2[!is.na(d$x)])) < 2) next
    got <- compare_cases(d, x, by = "g2")$test
    ref <- suppressWarnings(stats::wilcox.test(d$x[d$g2 == "a"], d$x[d$g2 == "b"]))
    expect_equal(got$p_value, ref$p.value, tolerance = 1e-12)
    expect_equal(got$statistic, unname(ref$statistic))
    expect_equal(got$method, ref$method)
    # two groups with values give the Wilcoxon test, more Kruskal-Wallis
    if (length(unique(d$g3[!is.na(d$x) & !is.na(d$g3)])) < 3) next
    got <- compare_cases(d, x, by = "g3")$test
    ref <- stats::kruskal.test(d$x, factor(d$g3))
    expect_equal(got$p_value, ref$p.value, tolerance = 1e-12)
    expect_equal(got$statistic, unname(ref$statistic), tolerance = 1e-12)
    expect_equal(got$parameter, unname(ref$parameter))
  }
})

test_that("comparisons without two groups, or with one outcome, say so", {
  d <- data.frame(y = c(TRUE, TRUE, FALSE, NA), g = c("a", "a", "a", "b"))
  cmp <- compare_cases(d, y, by = g)
  expect_true(is.na(cmp$test$p_value))
  expect_equal(cmp$test$groups_used, 1)
  expect_match(compare_text(cmp), "no p-value")
  d <- data.frame(y = c(TRUE, TRUE, TRUE, TRUE), g = c("a", "a", "b", "b"))
  cmp <- compare_cases(d, y, by = g)
  expect_equal(cmp$test$p_value, 1)
  expect_true(is.na(cmp$test$estimate))
  expect_equal(cmp$test$difference, 0)
})

test_that("compare_cases on the worked example", {
  cases <- nsarc_cases
  cases$high_dose <- cases$dose_value >= 7.5
  cmp <- compare_cases(cases, response_infusion <= 3, by = high_dose)
  y <- cases$response_infusion <= 3
  ok <- !is.na(y)
  ref <- stats::fisher.test(table(cases$high_dose[ok], y[ok]))
  expect_equal(cmp$test$p_value, ref$p.value, tolerance = 1e-10)
  expect_equal(cmp$test$n_used, sum(ok))
  expect_snapshot(print(cmp))
  expect_snapshot(print(compare_cases(nsarc_cases, age, by = "site")))
  expect_snapshot(print(compare_cases(nsarc_cases, response, by = sex)))
  expect_snapshot(compare_text(cmp))
  expect_s3_class(as.data.frame(cmp), "data.frame")
  expect_equal(nrow(as.data.frame(cmp, what = "groups")), 2)
})

test_that("compare_cases rejects bad input with clear errors", {
  d <- data.frame(case_id = c("A", "B", "C"), x = c(1, Inf, 3),
                  when = as.Date("2020-01-01") + 0:2, g = c("a", "b", "b"))
  expect_snapshot(error = TRUE, compare_cases(list(a = 1), x, by = "g"))
  expect_snapshot(error = TRUE, compare_cases(d, by = "g"))
  expect_snapshot(error = TRUE, compare_cases(d, x))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = "site"))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = site))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = NULL))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = g))
  expect_snapshot(error = TRUE, compare_cases(d, when, by = g))
  expect_snapshot(error = TRUE, compare_cases(d, x[1:2], by = g))
  expect_snapshot(error = TRUE, compare_cases(d, nothing + 1, by = g))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = g, conf_level = 1.2))
  expect_snapshot(error = TRUE, compare_text(d))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = c(g, site)))
  d$l <- I(as.list(1:3))
  expect_snapshot(error = TRUE, compare_cases(d, x, by = l))
  expect_snapshot(error = TRUE, compare_cases(d, l, by = g))
  cmp <- compare_cases(d[-2, ], x, by = g)
  expect_snapshot(error = TRUE, format(cmp, digits = "a"))
  expect_snapshot(error = TRUE, compare_text(cmp, digits = 1.5))
})

test_that("tidy, glance and knit_print of a comparison", {
  set.seed(8)
  d <- data.frame(case_id = sprintf("K%02d", 1:30),
                  y = sample(c(TRUE, FALSE, NA), 30, TRUE),
                  sex = sample(c("F", "M"), 30, TRUE),
                  site = factor(sample(c("brain", "spine", NA), 30, TRUE),
                                levels = c("brain", "spine", "optic")),
                  stringsAsFactors = FALSE)
  cmp <- compare_cases(d, y, by = sex)
  use <- !is.na(d$y)
  ref <- stats::fisher.test(table(d$sex[use], d$y[use]))
  td <- tidy(cmp)
  expect_equal(nrow(td), 1)
  expect_equal(td$p.value, ref$p.value, tolerance = 1e-10)
  expect_equal(td$estimate, unname(ref$estimate), tolerance = 1e-10)
  expect_equal(c(td$conf.low, td$conf.high), ref$conf.int[1:2], tolerance = 1e-10)
  expect_equal(c(td$n.used, td$n), c(sum(use), 30))
  gl <- glance(cmp)
  expect_equal(c(gl$nobs, gl$n.used, gl$n.outcome.missing, gl$n.group.missing),
               c(30, sum(use), sum(!use), 0))
  expect_equal(gl$p.value, ref$p.value, tolerance = 1e-10)
  # several by columns: their combinations, as interaction()
  cmp2 <- compare_cases(d, y, by = c(sex, site))
  use2 <- use & !is.na(d$site)
  ref2 <- stats::fisher.test(table(droplevels(interaction(d$sex, d$site)[use2]), d$y[use2]))
  expect_equal(cmp2$test$p_value, ref2$p.value, tolerance = 1e-10)
  expect_equal(cmp2$test$by, "sex, site")
  expect_snapshot(error = TRUE, tidy(cmp, conf.int = TRUE))
  expect_snapshot(error = TRUE, glance(cmp, 2))
  skip_if_not_installed("knitr")
  old <- options(knitr.table.format = "pipe")
  on.exit(options(old))
  md <- strsplit(as.character(knitr::knit_print(cmp)), "\n")[[1]]
  expect_true(any(grepl(paste0(sum(use), " of 30 cases reported both y and sex"), md,
                        fixed = TRUE)))
  expect_true(any(grepl(compare_text(cmp), md, fixed = TRUE)))
  rows <- grep("^\\|", md, value = TRUE)
  rows <- rows[!grepl("^\\|[-:| ]+\\|$", rows)]
  cells <- do.call(rbind, lapply(strsplit(rows, "\\|"), function(r) trimws(r[-1])))
  f <- format(cmp)
  expect_equal(cells[1, ], names(f))
  expect_equal(unname(cells[-1, , drop = FALSE]), unname(trimws(as.matrix(f))))
  expect_true(any(grepl("*: not in the test", md, fixed = TRUE)) ==
                any(!cmp$groups$used))
})
