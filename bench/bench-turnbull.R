# Turnbull NPMLE: time_to_response() on interval-censored data against a
# plain R self-consistency EM on the same Turnbull intervals, run to the
# same Kuhn-Tucker tolerance (capped at 2000 iterations for 10^5), and
# icenReg's ic_np() when icenReg is installed (tools/bench-deps.sh tries to;
# the interval package needs Icens, which is not on CRAN).
library(casepool)
source(file.path("bench", "bench-helpers.R"))

# Plain self-consistency EM on the Turnbull intervals (no exact times in
# these data, so case i covers intervals a_i..b_i by their ends).
plain_em <- function(left, right, lower, upper, tol = 1e-9, maxit = 20000) {
  m <- length(lower)
  n <- length(left)
  a <- findInterval(left, lower, left.open = TRUE) + 1
  b <- findInterval(right, upper)
  p <- rep(1 / m, m)
  for (it in seq_len(maxit)) {
    cp <- c(0, cumsum(p))
    w <- 1 / (cp[b + 1] - cp[a])
    diff <- numeric(m + 1)
    up <- rowsum(w, a)
    diff[as.integer(rownames(up))] <- up
    down <- rowsum(w, b + 1)
    k <- as.integer(rownames(down))
    diff[k] <- diff[k] - down
    d <- cumsum(diff)[seq_len(m)]
    if (max(d / n) - 1 <= tol) break
    p <- p * d / n
    p <- p / sum(p)
  }
  list(p = p, iterations = it)
}

for (n in as.numeric(strsplit(Sys.getenv("BENCH_TB_SIZES", "1e3,1e4,1e5"), ",")[[1]])) {
  set.seed(1)
  t <- rweibull(n, 1.5, 100)
  visit <- sample(c(7, 14, 28), n, TRUE)
  left <- floor(t / visit) * visit
  right <- left + visit
  right[runif(n) < 0.2] <- NA
  d <- data.frame(left, right)
  f <- Surv(left, right, type = "interval2") ~ 1
  fit <- time_to_response(f, data = d)
  tab <- as.data.frame(fit)
  R <- ifelse(is.na(right), Inf, right)
  t_pkg <- time_median(time_to_response(f, data = d))
  t_ref <- time_median(plain_em(left, R, tab$lower, tab$upper,
                                maxit = if (n >= 1e5) 2000 else 20000), runs = 3)
  bench_row(sprintf("Turnbull n=%.0e", n), t_pkg, t_ref, "plain R EM",
            extra = sprintf("(%d intervals)", nrow(tab)))
  if (requireNamespace("icenReg", quietly = TRUE)) {
    di <- data.frame(l = left, u = R)
    np <- icenReg::ic_np(cbind(l, u) ~ 0, data = di, B = c(0, 1))
    t_ic <- time_median(icenReg::ic_np(cbind(l, u) ~ 0, data = di, B = c(0, 1)),
                        runs = 3)
    # the two NPMLEs, compared as curves at the ends of casepool's intervals
    curve <- icenReg::getFitEsts(np, q = tab$upper[is.finite(tab$upper)])
    gap <- max(abs(curve - tab$estimate[is.finite(tab$upper)]))
    bench_row(sprintf("Turnbull n=%.0e", n), t_pkg, t_ic, "icenReg::ic_np",
              extra = sprintf("(largest difference of the curves %.1e)", gap))
  }
}
