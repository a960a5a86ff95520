# Cohen's kappa written plainly, independent of the package: the K x K
# table of proportions, the weights as a matrix, and the large-sample
# variance of Fleiss, Cohen and Everitt (1969) term by term:
#   var = [sum_ij p_ij {w_ij (1 - pe) - (wr_i + wc_j)(1 - po)}^2
#          - (po pe - 2 pe + po)^2] / (n (1 - pe)^4)
# with wr_i = sum_j p.j w_ij and wc_j = sum_i pi. w_ij.
naive_kappa <- function(a, b, levels, w = diag(length(levels)), level = 0.95) {
  tab <- table(factor(a, levels), factor(b, levels))
  n <- sum(tab)
  p <- tab / n
  pr <- rowSums(p)
  pc <- colSums(p)
  po <- sum(w * p)
  pe <- sum(w * outer(pr, pc))
  kappa <- (po - pe) / (1 - pe)
  wr <- as.vector(w %*% pc)
  wc <- as.vector(t(w) %*% pr)
  terms <- p * (w * (1 - pe) - outer(wr, wc, "+") * (1 - po))^2
  v <- (sum(terms) - (po * pe - 2 * pe + po)^2) / (n * (1 - pe)^4)
  se <- sqrt(max(v, 0))
  z <- qnorm(1 - (1 - level) / 2)
  c(kappa = kappa, se = se, low = max(-1, kappa - z * se), high = min(1, kappa + z * se),
    po = po, pe = pe)
}

linear_w <- function(s) 1 - abs(outer(s, s, "-")) / diff(range(s))
quadratic_w <- function(s) 1 - (outer(s, s, "-") / diff(range(s)))^2

# The two neurologists' ratings of the Winnipeg patients (Landis and Koch
# 1977), as two extractions with one row per patient: real data.
ms_ratings <- function() {
  lev <- c("Certain", "Probable", "Possible", "Doubtful")
  tab <- matrix(c(38, 5, 0, 1,
                  33, 11, 3, 0,
                  10, 14, 5, 6,
                  3, 7, 3, 10), 4, byrow = TRUE, dimnames = list(lev, lev))
  idx <- which(tab > 0, arr.ind = TRUE)
  rows <- rep(seq_len(nrow(idx)), tab[idx])
  a <- lev[idx[rows, 1]]
  b <- lev[idx[rows, 2]]
  ids <- sprintf("P%03d", seq_along(a))
  list(tab = tab, lev = lev,
       a = data.frame(case_id = ids, certainty = factor(a, lev),
                      diagnosis = factor(a, lev, ordered = TRUE)),
       b = data.frame(case_id = ids, certainty = factor(b, lev),
                      diagnosis = factor(b, lev, ordered = TRUE)))
}

kappa_row <- function(agr, col) {
  r <- agr$columns[agr$columns$column == col, ]
  c(kappa = r$kappa, se = r$std_error, low = r$conf_low, high = r$conf_high,
    po = r$p_observed, pe = r$p_expected)
}

test_that("kappa and its interval equal the plain computation on the Landis-Koch ratings", {
  ms <- ms_ratings()
  agr <- extraction_agreement(ms$a, ms$b)
  lev <- ms$lev
  # nominal: the factor column
  expect_equal(kappa_row(agr, "certainty"),
               naive_kappa(ms$a$certainty, ms$b$certainty, lev), tolerance = 1e-12)
  # ordered: linear weights over the four levels (positions 1..4)
  expect_equal(kappa_row(agr, "diagnosis"),
               naive_kappa(ms$a$diagnosis, ms$b$diagnosis, lev, linear_w(1:4)),
               tolerance = 1e-12)
  quad <- extraction_agreement(ms$a, ms$b, weights = "quadratic")
  expect_equal(kappa_row(quad, "diagnosis"),
               naive_kappa(ms$a$diagnosis, ms$b$diagnosis, lev, quadratic_w(1:4)),
               tolerance = 1e-12)
  expect_equal(agr$columns$agree[agr$columns$column == "certainty"], sum(diag(ms$tab)))
  expect_equal(agr$columns$n, c(149L, 149L))
  expect_equal(agr$columns$kind, c("nominal", "ordered"))
})

test_that("kappa agrees with psych::cohen.kappa and vcd::Kappa", {
  ms <- ms_ratings()
  agr <- extraction_agreement(ms$a, ms$b)
  quad <- extraction_agreement(ms$a, ms$b, weights = "quadratic")
  codes <- cbind(as.integer(ms$a$certainty), as.integer(ms$b$certainty))
  skip_if_not_installed("psych")
  ck <- psych::cohen.kappa(codes)
  # unweighted: estimate and interval
  expect_equal(unname(kappa_row(agr, "certainty")[c("low", "kappa", "high")]),
               unname(ck$confid[1, ]), tolerance = 1e-10)
  # weighted, quadratic (psych's default weights): the estimate
  expect_equal(unname(kappa_row(quad, "diagnosis")["kappa"]), ck$weighted.kappa,
               tolerance = 1e-10)
  # linear weights given to psych as a matrix
  ckl <- psych::cohen.kappa(codes, w = linear_w(1:4))
  expect_equal(unname(kappa_row(agr, "diagnosis")["kappa"]), ckl$weighted.kappa,
               tolerance = 1e-10)
  # psych's variance of weighted kappa uses the row sums of w times the
  # row marginal where Fleiss, Cohen and Everitt have the weighted column
  # means; vcd::Kappa follows the paper, and so does casepool
  skip_if_not_installed("vcd")
  vk <- vcd::Kappa(ms$tab)
  expect_equal(unname(kappa_row(agr, "certainty")[c("kappa", "se")]),
               unname(vk$Unweighted), tolerance = 1e-10)
  expect_equal(unname(kappa_row(agr, "diagnosis")[c("kappa", "se")]),
               unname(vk$Weighted), tolerance = 1e-10)
  vq <- vcd::Kappa(ms$tab, weights = "Fleiss-Cohen")
  expect_equal(unname(kappa_row(quad, "diagnosis")[c("kappa", "se")]),
               unname(vq$Weighted), tolerance = 1e-10)
})

test_that("numbers get kappa weighted by their values, over the cases both reported", {
  set.seed(11)
  n <- 60
  x <- sample(c(2, 3, 4, 6, 8, 14), n, replace = TRUE)
  y <- ifelse(runif(n) < 0.7, x, sample(c(2, 3, 4, 6, 8, 14), n, replace = TRUE))
  x[c(4, 9)] <- NA
  y[c(9, 20)] <- NA
  a <- data.frame(case_id = seq_len(n), n_infusions = x, age = x * 5.5)
  b <- data.frame(case_id = seq_len(n), n_infusions = y, age = y * 5.5)
  agr <- extraction_agreement(a, b)
  ok <- !is.na(x) & !is.na(y)
  vals <- sort(unique(c(x[ok], y[ok])))
  expect_equal(kappa_row(agr, "n_infusions"),
               naive_kappa(x[ok], y[ok], vals, linear_w(vals)), tolerance = 1e-12)
  # scores scaled: the same kappa for ages 5.5 times the counts
  expect_equal(kappa_row(agr, "age"), kappa_row(agr, "n_infusions"), tolerance = 1e-12)
  quad <- extraction_agreement(a, b, weights = "quadratic")
  expect_equal(kappa_row(quad, "n_infusions"),
               naive_kappa(x[ok], y[ok], vals, quadratic_w(vals)), tolerance = 1e-12)
  row <- agr$columns[agr$columns$column == "n_infusions", ]
  expect_equal(row$n_kappa, sum(ok))
  # NA with NA agrees; NA with a number does not
  expect_equal(row$agree, sum(x == y, na.rm = TRUE) + 1L)
  skip_if_not_installed("vcd")
  tab <- table(factor(x[ok], vals), factor(y[ok], vals))
  vk <- vcd::Kappa(tab, weights = linear_w(vals))
  expect_equal(unname(kappa_row(agr, "n_infusions")[c("kappa", "se")]),
               unname(vk$Weighted), tolerance = 1e-10)
})

test_that("many distinct values: the prefix-sum means equal the K x K computation", {
  set.seed(3)
  n <- 400
  x <- round(rexp(n, 1 / 20), 1)
  y <- ifelse(runif(n) < 0.5, x, round(abs(x + rnorm(n, 0, 3)), 1))
  agr <- extraction_agreement(data.frame(case_id = 1:n, followup = x),
                              data.frame(case_id = 1:n, followup = y))
  vals <- sort(unique(c(x, y)))
  expect_gt(length(vals), 300)
  expect_equal(kappa_row(agr, "followup"), naive_kappa(x, y, vals, linear_w(vals)),
               tolerance = 1e-10)
})

test_that("not reported is a category of yes/no columns, and response is ordered", {
  a <- data.frame(case_id = c("A", "B", "C", "D", "E", "F"),
                  response = c("complete", "partial", "none", "complete", NA, "partial"),
                  stopped = c(TRUE, FALSE, NA, TRUE, NA, FALSE))
  b <- data.frame(case_id = c("F", "E", "D", "C", "B", "A"),
                  response = c("complete", NA, "partial", "none", "partial", "complete"),
                  stopped = c(FALSE, NA, TRUE, FALSE, FALSE, TRUE))
  agr <- extraction_agreement(a, b)
  # matched by id, not by row
  st_a <- c("TRUE", "FALSE", "NR", "TRUE", "NR", "FALSE")
  st_b <- c("TRUE", "FALSE", "FALSE", "TRUE", "NR", "FALSE")
  expect_equal(kappa_row(agr, "stopped"),
               naive_kappa(st_a, st_b, c("FALSE", "NR", "TRUE")), tolerance = 1e-12)
  lev <- c("none", "partial", "complete")
  ra <- c("complete", "partial", "none", "complete", NA, "partial")
  rb <- c("complete", "partial", "none", "partial", NA, "complete")
  ok <- !is.na(ra)
  expect_equal(kappa_row(agr, "response"),
               naive_kappa(ra[ok], rb[ok], lev, linear_w(1:3)), tolerance = 1e-12)
  dis <- agr$disagreements
  expect_equal(dis$case_id, c("C", "D", "F"))
  expect_equal(dis$column, c("stopped", "response", "response"))
  expect_equal(dis$value_a, c(NA, "complete", "partial"))
  expect_equal(dis$value_b, c("FALSE", "partial", "complete"))
  expect_equal(dis$row_b, c(4L, 3L, 1L))
})

test_that("text is compared loosely; onset by its reading, dose by value and unit", {
  a <- data.frame(case_id = 1:5, site = c("Spinal cord", "brain", NA, "optic nerve", "brain"),
                  onset = c("overnight", "after the 2nd infusion", "a few days", NA, "2 weeks"),
                  dose = c("5 mg/kg", "5 mg/kg", "375 mg/m2", "1 g", NA))
  b <- data.frame(case_id = 1:5, site = c(" spinal  cord", "Brain", NA, "optic chiasm", "brain"),
                  onset = c("the following day", "after the second infusion", "several days",
                            "not reported", "14 days"),
                  dose = c("5.0 mg/kg", "5 mg/kg", "375 mg/m2", "1000 mg", "5 mg/kg"))
  # "a few days" and "several days" are vague: as_cases() warns
  agr <- suppressWarnings(extraction_agreement(a, b))
  cols <- agr$columns
  expect_equal(cols$agree[cols$column == "site"], 4L)
  expect_equal(cols$agree[cols$column == "onset"], 4L)  # "a few days" vs "several days"
  expect_equal(cols$agree[cols$column == "dose"], 4L)   # NA vs "5 mg/kg"
  expect_true(is.na(cols$kappa[cols$column == "onset"]))
  expect_equal(cols$kind[cols$column %in% c("onset", "dose")], c("text", "text"))
  expect_equal(agr$disagreements$column, c("onset", "site", "dose"))
  expect_equal(agr$disagreements$value_b[1], "several days")
  # a case table edited after it was built is compared by its text, not by
  # the onset and dose columns read before the edit
  edited <- nsarc_cases
  edited$onset[2] <- "after 5 infusions"
  edited$dose[1] <- "3 mg/kg"
  stale <- extraction_agreement(nsarc_cases, edited, columns = c("onset", "dose"))
  expect_equal(stale$disagreements$case_id, c(nsarc_cases$case_id[1:2]))
  expect_equal(stale$disagreements$column, c("dose", "onset"))
})

test_that("cases in one extraction only are listed, not compared", {
  a <- data.frame(case_id = c("A", "B", "C"), sex = c("F", "M", "F"), age = c(30, 40, 50))
  b <- data.frame(case_id = c("B", "C", "D"), sex = c("M", "F", "M"), weight = c(1, 2, 3))
  agr <- extraction_agreement(a, b)
  expect_equal(agr$only_a, "A")
  expect_equal(agr$only_b, "D")
  expect_equal(agr$n, 2L)
  expect_equal(agr$not_compared, c("age", "weight"))
  expect_equal(agr$columns$column, "sex")
  expect_output(print(agr), "only in a: A")
  expect_output(print(agr), "only in b: D")
})

test_that("edges: no shared cases, one case, one category everywhere, perfect agreement", {
  a <- data.frame(case_id = c("A", "B"), sex = c("F", "F"), stopped = c(TRUE, FALSE))
  none <- extraction_agreement(a, data.frame(case_id = c("X", "Y"), sex = c("F", "M"),
                                             stopped = c(TRUE, TRUE)))
  expect_equal(none$n, 0L)
  expect_equal(none$columns$n, c(0L, 0L))
  expect_true(all(is.na(none$columns$kappa)))
  expect_true(all(is.na(none$columns$agreement)))
  expect_output(print(none), "0 cases in both")
  # the same single value everywhere: chance agreement 1, kappa undefined
  same <- extraction_agreement(a, a)
  expect_true(is.na(same$columns$kappa[same$columns$column == "sex"]))
  expect_equal(same$columns$kappa[same$columns$column == "stopped"], 1)
  expect_equal(same$columns$std_error[same$columns$column == "stopped"], 0)
  one <- extraction_agreement(a[1, ], a[1, ])
  expect_equal(one$columns$agree, c(1L, 1L))
  expect_true(all(is.na(one$columns$kappa)))
  expect_equal(nrow(same$disagreements), 0)
  # all not reported
  na <- data.frame(case_id = 1:3, response = NA, followup = NA_real_)
  expect_equal(nrow(extraction_agreement(na, na)$columns), 0)
  allna <- extraction_agreement(na, na, columns = c("response", "followup"))
  expect_equal(allna$columns$agree, c(3L, 3L))
  expect_equal(allna$columns$n_kappa, c(0L, 0L))
})

test_that("ordered covariates keep their order through the case table", {
  ms <- ms_ratings()
  agr <- extraction_agreement(ms$a, ms$b, columns = "diagnosis")
  expect_equal(agr$columns$kind, "ordered")
  expect_equal(agr$columns$weights, "linear")
})

test_that("extraction_agreement() errors name the argument and column", {
  a <- data.frame(case_id = 1:3, grade = factor(c("I", "II", "III"), ordered = TRUE),
                  sex = c("F", "M", "F"))
  b <- data.frame(case_id = 1:3, grade = factor(c("low", "high", "low"),
                                                levels = c("low", "high"), ordered = TRUE),
                  sex = c("F", "M", "M"))
  expect_snapshot(error = TRUE, {
    extraction_agreement(a, b)
    extraction_agreement(a, b, columns = c("sex", "age"))
    extraction_agreement(a, b, columns = "case_id")
    extraction_agreement(a, "b")
    extraction_agreement(a, data.frame(case_id = c(1, 1), sex = "F"))
    extraction_agreement(a, b, weights = "squared")
    extraction_agreement(a, b, conf_level = 95)
    extraction_agreement(a, b, labels = "one")
  })
})

test_that("print, format, as.data.frame, tidy, glance and knit_print", {
  second <- as.data.frame(nsarc_cases)
  second <- second[, !grepl("^onset_|^dose_", names(second))]
  second$response[c(3, 9)] <- c("complete", "partial")
  second$stopped[5] <- NA
  agr <- extraction_agreement(nsarc_cases, second, labels = c("AB", "CD"))
  expect_snapshot(print(agr))
  f <- format(agr)
  expect_equal(nrow(f), nrow(agr$columns))
  expect_equal(as.data.frame(agr), agr$columns)
  expect_equal(as.data.frame(agr, what = "disagreements"), agr$disagreements)
  td <- tidy(agr)
  expect_equal(names(td)[1:7], c("column", "kind", "weights", "estimate", "std.error",
                                 "conf.low", "conf.high"))
  expect_equal(td$estimate, agr$columns$kappa)
  gl <- glance(agr)
  expect_equal(gl$disagreements, 3L)
  expect_equal(gl$cases.disagreeing, 3L)
  expect_error(tidy(agr, conf.int = TRUE), class = "casepool_error_dots")
  skip_if_not_installed("knitr")
  out <- knitr::knit_print(agr)
  expect_match(out, "Agreement between the extractions of AB and CD")
  expect_match(out, "3 disagreements to resolve")
})
