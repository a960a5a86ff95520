# Turnbull NPMLE: time_to_response() (no bootstrap, B = 0) against icenReg's
# ic_np() on the same intervals at 10^3, 10^4 and 10^5 cases, in one run:
# continuous case-2 interval censoring (two inspection times per case, the
# data of the tests) and visits on a 7/14/28-day grid up to a last visit
# between days 60 and 300. Each row gives the
# ratio (ic_np's time / casepool's), the largest difference of the two
# curves at the upper ends of either's innermost intervals, and casepool's
# log-likelihood minus icenReg's. Then a plain R self-consistency EM on the
# grid data, and the bootstrap (B = 1000) at 200 and 2000 cases.
# icenReg is installed by tools/deps.sh; without it its rows are skipped.
library(casepool)
source(file.path("bench", "bench-helpers.R"))

sim_case2 <- function(n, seed) {
  set.seed(seed)
  t <- rweibull(n, 1.5, 100)
  u1 <- runif(n, 0, 150)
  u2 <- u1 + rexp(n, 1 / 30)
  data.frame(left = ifelse(t <= u1, NA, ifelse(t <= u2, u1, u2)),
             right = ifelse(t <= u1, u1, ifelse(t <= u2, u2, NA)))
}
sim_grid <- function(n, seed) {
  set.seed(seed)
  t <- rweibull(n, 1.5, 100)
  visit <- sample(c(7, 14, 28), n, TRUE)
  last <- floor(runif(n, 60, 300) / visit) * visit
  left <- pmin(floor(t / visit), last / visit) * visit
  data.frame(left = left, right = ifelse(t <= last, left + visit, NA))
}

# Plain self-consistency EM on the Turnbull intervals (no exact times in
# the grid data, so case i covers intervals a_i..b_i by their ends).
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

# The log-likelihood of masses p on innermost intervals for the cases
# (L, R], evaluated in R the same way for both fits (ic_np()'s reported
# llk is summed with a rounding error near 1e-8 at 10^5 cases).
loglik_of <- function(L, R, lower, upper, p) {
  m <- length(lower)
  a <- findInterval(L, lower, left.open = TRUE) + 1
  k <- pmin(a, m)
  at_left <- a <= m & lower[k] == L & upper[k] == L & L < R
  a[at_left] <- a[at_left] + 1
  b <- findInterval(R, upper)
  cp <- c(0, cumsum(p))
  sum(log(cp[b + 1] - cp[a]))
}

# casepool's fit and ic_np()'s on the same data: the largest difference of
# the curves at the upper ends of either's innermost intervals, and
# casepool's log-likelihood minus icenReg's.
agreement <- function(fit, np, d) {
  tab <- as.data.frame(fit)
  ti <- np$T_bull_Intervals
  at <- sort(unique(c(tab$upper, ti[2, ])))
  at <- at[is.finite(at)]
  gap <- max(abs(c(0, tab$estimate)[findInterval(at, tab$upper) + 1] -
                   c(0, cumsum(np$p_hat))[findInterval(at, ti[2, ]) + 1]))
  L <- ifelse(is.na(d$left), -Inf, d$left)
  R <- ifelse(is.na(d$right), Inf, d$right)
  dll <- loglik_of(L, R, tab$lower, tab$upper, tab$mass) -
    loglik_of(L, R, ti[1, ], ti[2, ], np$p_hat)
  c(gap = gap, dll = dll)
}

ic_np_of <- function(d) {
  di <- data.frame(l = ifelse(is.na(d$left), 0, d$left),
                   u = ifelse(is.na(d$right), Inf, d$right))
  icenReg::ic_np(cbind(l, u) ~ 0, data = di)
}

f <- Surv(left, right, type = "interval2") ~ 1
has_icenreg <- requireNamespace("icenReg", quietly = TRUE)
if (!has_icenreg) cat("icenReg is not installed: its rows are skipped\n")
sizes <- as.numeric(strsplit(Sys.getenv("BENCH_TB_SIZES", "1e3,1e4,1e5"), ",")[[1]])
for (kind in c("continuous", "grid")) {
  for (n in sizes) {
    d <- if (kind == "continuous") sim_case2(n, 1) else sim_grid(n, 1)
    fit <- time_to_response(f, data = d, B = 0)
    tab <- as.data.frame(fit)
    what <- sprintf("%s n=%.0e", kind, n)
    t_pkg <- time_median(time_to_response(f, data = d, B = 0))
    if (has_icenreg) {
      np <- ic_np_of(d)
      t_ic <- time_median(ic_np_of(d), runs = 3)
      ag <- agreement(fit, np, d)
      bench_row(what, t_pkg, t_ic, "icenReg::ic_np",
                extra = sprintf("(%d intervals, %d iterations; curves within %.1e, loglik %+.1e)",
                                nrow(tab), fit$iterations, ag[["gap"]], ag[["dll"]]))
    }
    if (kind == "grid") {
      R <- ifelse(is.na(d$right), Inf, d$right)
      t_ref <- time_median(plain_em(d$left, R, tab$lower, tab$upper,
                                    maxit = if (n >= 1e5) 2000 else 20000), runs = 3)
      bench_row(what, t_pkg, t_ref, "plain R EM")
    }
  }
}

# Agreement on real data: icenReg's miceData and IR_diabetes, and the breast
# cosmesis data of Finkelstein and Wolfe (1985) as MLEcens ships it.
if (has_icenreg) {
  real <- list()
  env <- new.env()
  utils::data(miceData, IR_diabetes, package = "icenReg", envir = env)
  real$miceData <- data.frame(left = env$miceData$l,
                              right = ifelse(is.infinite(env$miceData$u), NA, env$miceData$u))
  real$IR_diabetes <- data.frame(left = env$IR_diabetes$left, right = env$IR_diabetes$right)
  utils::data(cosmesis, package = "MLEcens", envir = env)
  real$cosmesis <- data.frame(left = env$cosmesis[, 1],
                              right = ifelse(env$cosmesis[, 2] == 100, NA, env$cosmesis[, 2]))
  for (nm in names(real)) {
    d <- real[[nm]]
    ag <- agreement(time_to_response(f, data = d, B = 0), ic_np_of(d), d)
    cat(sprintf("%-28s %d cases: curves within %.1e, loglik %+.1e\n", nm, nrow(d),
                ag[["gap"]], ag[["dll"]]))
  }
}

# The bootstrap: B = 1000 resamples, each refitted in C.
for (n in c(200, 2000)) {
  for (kind in c("continuous", "grid")) {
    d <- if (kind == "continuous") sim_case2(n, 2) else sim_grid(n, 2)
    t_boot <- time_median(time_to_response(f, data = d, B = 1000, seed = 1), runs = 3)
    t_fit <- time_median(time_to_response(f, data = d, B = 0))
    cat(sprintf("%-28s bootstrap B = 1000: %.3f s (the fit alone %.4f s)\n",
                sprintf("%s n=%d", kind, n), t_boot, t_fit))
  }
}
