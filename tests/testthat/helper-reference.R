# Independent references for the binomial intervals, written from the
# textbook formulas (Brown, Cai and DasGupta 2001), not from the package.

ref_exact <- function(x, n, level) {
  as.numeric(stats::binom.test(x, n, conf.level = level)$conf.int)
}

ref_wilson <- function(x, n, level) {
  z <- stats::qnorm(1 - (1 - level) / 2)
  p <- x / n
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c(max(0, centre - half), min(1, centre + half))
}

ref_jeffreys <- function(x, n, level) {
  a <- (1 - level) / 2
  lo <- if (x == 0) 0 else stats::qbeta(a, x + 0.5, n - x + 0.5)
  hi <- if (x == n) 1 else stats::qbeta(1 - a, x + 0.5, n - x + 0.5)
  c(lo, hi)
}

ref_agresti_coull <- function(x, n, level) {
  z <- stats::qnorm(1 - (1 - level) / 2)
  nt <- n + z^2
  pt <- (x + z^2 / 2) / nt
  half <- z * sqrt(pt * (1 - pt) / nt)
  c(max(0, pt - half), min(1, pt + half))
}

# mid-p: the lower limit solves P(X > x) + P(X = x)/2 = a, the upper limit
# P(X < x) + P(X = x)/2 = a, with a = (1 - level) / 2; by uniroot.
ref_midp <- function(x, n, level) {
  a <- (1 - level) / 2
  tail_hi <- function(p) {
    sum(stats::dbinom(seq_len(n - x) + x, n, p)) + stats::dbinom(x, n, p) / 2 - a
  }
  tail_lo <- function(p) {
    sum(stats::dbinom(seq_len(x) - 1, n, p)) + stats::dbinom(x, n, p) / 2 - a
  }
  lo <- if (x == 0) 0 else stats::uniroot(tail_hi, c(0, 1), tol = 1e-15)$root
  hi <- if (x == n) 1 else stats::uniroot(tail_lo, c(0, 1), tol = 1e-15)$root
  c(lo, hi)
}

ref_ci <- function(x, n, level, method) {
  f <- switch(method, exact = ref_exact, wilson = ref_wilson,
              jeffreys = ref_jeffreys, `agresti-coull` = ref_agresti_coull,
              midp = ref_midp)
  f(x, n, level)
}

# A naive tally: loops over outcomes and groups with sum().
naive_tally <- function(outcomes, group) {
  if (!is.factor(group)) group <- factor(group)
  group <- addNA(group, ifany = TRUE)
  rows <- list()
  for (k in names(outcomes)) {
    for (g in seq_along(levels(group))) {
      in_g <- as.integer(group) == g
      v <- outcomes[[k]][in_g]
      rows[[length(rows) + 1]] <- data.frame(
        outcome = k, yes = sum(v %in% TRUE), no = sum(v %in% FALSE),
        not_reported = sum(is.na(v)), n = sum(in_g))
    }
  }
  do.call(rbind, rows)
}
