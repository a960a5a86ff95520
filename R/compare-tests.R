# The tests and group tables behind compare_cases() and the p-values of
# describe_cases().

# Fisher's exact test of a yes/no or category outcome against groups
# 1..G; with two groups and a yes/no outcome also the odds ratio and the
# difference in proportions.
fisher_test <- function(value, gu, G, type, test, conf_level) {
  if (type == "yes/no") {
    lv <- c(FALSE, TRUE)
    tab <- table(factor(gu, levels = seq_len(G)), factor(value, levels = lv))
  } else {
    tab <- table(factor(gu, levels = seq_len(G)), value)
  }
  tab <- matrix(as.integer(tab), nrow = G)
  res <- fisher_exact(tab, conf_level)
  test$method <- "Fisher's exact test"
  test$p_value <- res$p_value
  if (is.na(res$p_value)) test$method <- "Fisher's exact test (not finished)"
  if (type == "yes/no" && G == 2) {
    # an odds ratio needs both outcomes among the cases used
    if (all(colSums(tab) > 0)) {
      test$estimate <- res$estimate
      test$conf_low <- res$conf_low
      test$conf_high <- res$conf_high
    }
    d <- newcombe_diff(tab[1, 2], sum(tab[1, ]), tab[2, 2], sum(tab[2, ]),
                       conf_level)
    test$difference <- d[1]
    test$diff_low <- d[2]
    test$diff_high <- d[3]
  }
  test
}

# limits of the network algorithm: undecided paths kept at one stage (a
# few hundred MB), and column fillings, arcs, paths and bounds followed in
# all (a few seconds of one core when compiled with optimisation; a 6 x 6
# table of 200 cases, the slowest seen, gives up after about 6 s)
fisher_limits <- c(4e6, 1e8)

# Fisher's exact test of a matrix of counts, in C: list(p_value, estimate,
# conf_low, conf_high), the last three for 2 x 2 tables only.
fisher_exact <- function(tab, conf_level = 0.95) {
  storage.mode(tab) <- "integer"
  .Call(cp_fisher, tab, as.double(conf_level), fisher_limits)
}

# p2 - p1 with Newcombe's hybrid score interval (method 10 of Newcombe
# 1998), from the Wilson intervals of the two proportions.
newcombe_diff <- function(x1, n1, x2, n2, conf_level) {
  w <- binom_ci(c(x1, x2), c(n1, n2), conf_level, method = "wilson")
  p <- w$estimate
  d <- p[2] - p[1]
  lower <- d - sqrt((p[2] - w$conf_low[2])^2 + (w$conf_high[1] - p[1])^2)
  upper <- d + sqrt((w$conf_high[2] - p[2])^2 + (p[1] - w$conf_low[1])^2)
  c(d, lower, upper)
}

# Wilcoxon-Mann-Whitney for two groups, Kruskal-Wallis for more: as
# stats::wilcox.test(x, y) and stats::kruskal.test().
number_test <- function(value, gu, test) {
  G <- max(gu)
  r <- rank(value)
  ties <- table(r)
  if (G == 2) {
    nx <- sum(gu == 1)
    ny <- sum(gu == 2)
    W <- sum(r[gu == 1]) - nx * (nx + 1) / 2
    if (nx < 50 && ny < 50 && length(ties) == length(r)) {
      p <- if (W > nx * ny / 2) {
        stats::pwilcox(W - 1, nx, ny, lower.tail = FALSE)
      } else {
        stats::pwilcox(W, nx, ny)
      }
      test$p_value <- min(2 * p, 1)
      test$method <- "Wilcoxon rank sum exact test"
    } else {
      z <- W - nx * ny / 2
      sigma <- sqrt((nx * ny / 12) *
                      ((nx + ny + 1) - sum(ties^3 - ties) / ((nx + ny) * (nx + ny - 1))))
      z <- (z - sign(z) * 0.5) / sigma
      test$p_value <- 2 * min(stats::pnorm(z), stats::pnorm(z, lower.tail = FALSE))
      test$method <- "Wilcoxon rank sum test with continuity correction"
    }
    test$statistic <- W
    return(test)
  }
  n <- length(value)
  rs <- vapply(seq_len(G), function(k) sum(r[gu == k]), 0)
  ns <- tabulate(gu, G)
  stat <- sum(rs^2 / ns)
  stat <- (12 * stat / (n * (n + 1)) - 3 * (n + 1)) / (1 - sum(ties^3 - ties) / (n^3 - n))
  test$statistic <- stat
  test$parameter <- G - 1
  test$p_value <- stats::pchisq(stat, G - 1, lower.tail = FALSE)
  test$method <- "Kruskal-Wallis rank sum test"
  test
}

# The outcome in every group of g (empty groups and the NA group too).
group_table <- function(col, g, used_case, used_lev) {
  lev <- levels(g)
  G <- length(lev)
  label <- ifelse(is.na(lev), "NA", lev)
  base <- data.frame(group = factor(lev, levels = lev, exclude = NULL),
                     stringsAsFactors = FALSE)
  codes <- as.integer(g)
  if (col$type == "number") {
    st <- .Call(cp_describe_num, col$value, codes, G)
    out <- cbind(base, n = st$n[-1], n_reported = st$n_reported[-1],
                 median = st$median[-1], q1 = st$q1[-1], q3 = st$q3[-1],
                 min = st$min[-1], max = st$max[-1])
  } else if (col$type == "yes/no") {
    f <- factor(col$value, levels = c(TRUE, FALSE))
    ct <- .Call(cp_describe_cat, as.integer(f), 2L, codes, G)[, -1, drop = FALSE]
    rep <- ct[1, ] + ct[2, ]
    out <- cbind(base, n = colSums(ct), n_reported = rep, yes = ct[1, ],
                 no = ct[2, ], prop = ifelse(rep > 0, ct[1, ] / pmax(rep, 1), NA))
  } else {
    L <- nlevels(col$value)
    ct <- .Call(cp_describe_cat, as.integer(col$value), L, codes, G)[, -1, drop = FALSE]
    rep <- colSums(ct[seq_len(L), , drop = FALSE])
    out <- data.frame(
      group = factor(rep(lev, each = L), levels = lev, exclude = NULL),
      level = factor(rep(levels(col$value), times = G), levels = levels(col$value)),
      n = rep(colSums(ct), each = L), n_reported = rep(rep, each = L),
      count = as.vector(ct[seq_len(L), , drop = FALSE]),
      stringsAsFactors = FALSE)
    out$prop <- ifelse(out$n_reported > 0, out$count / pmax(out$n_reported, 1), NA)
  }
  out$used <- as.integer(out$group) %in% used_lev
  rownames(out) <- NULL
  out
}
