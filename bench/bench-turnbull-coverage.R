# Coverage of the bootstrap percentile intervals of Turnbull fits: how often
# the 95% interval of the median, and of the curve at the true median,
# holds the true value, over BENCH_COV_REPS simulated data sets (default
# 1000; B = 1000 resamples each). Times are Weibull (shape 1.5, scale 100;
# true median 100 log(2)^(2/3) = 78.3):
#   case 2     two inspection times per case (uniform on 0-150, then 30 on
#              average later): continuous interval censoring;
#   visits     responses seen at visits every 7, 14 or 28 days (as case
#              reports give them) until a last visit drawn uniformly
#              between days 60 and 300 (about 20% censored there);
#   exact      exact times, censored by an exponential (about 30%): here the
#              Turnbull fit is Kaplan-Meier, and survfit()'s log-log
#              interval of the median gives the reference coverage.
# A missing upper limit (the band never reaches 0.5) counts as open.
library(casepool)
library(survival)

reps <- as.integer(Sys.getenv("BENCH_COV_REPS", "1000"))
true_median <- 100 * log(2)^(1 / 1.5)
f <- Surv(left, right, type = "interval2") ~ 1

sim <- function(kind, n) {
  t <- rweibull(n, 1.5, 100)
  switch(kind,
    "case 2" = {
      u1 <- runif(n, 0, 150)
      u2 <- u1 + rexp(n, 1 / 30)
      data.frame(left = ifelse(t <= u1, NA, ifelse(t <= u2, u1, u2)),
                 right = ifelse(t <= u1, u1, ifelse(t <= u2, u2, NA)))
    },
    visits = {
      visit <- sample(c(7, 14, 28), n, TRUE)
      last <- floor(runif(n, 60, 300) / visit) * visit
      left <- pmin(floor(t / visit), last / visit) * visit
      data.frame(left = left, right = ifelse(t <= last, left + visit, NA))
    },
    exact = {
      c <- rexp(n, 1 / 250)
      data.frame(left = pmin(t, c), right = ifelse(t <= c, t, NA))
    })
}

covers <- function(lo, hi, truth) {
  lo <- ifelse(is.na(lo), 0, lo)
  hi <- ifelse(is.na(hi), Inf, hi)
  c(cover = lo <= truth && truth <= hi, below = hi < truth, above = lo > truth,
    width = hi - lo)
}

run <- function(kind, n) {
  started <- proc.time()[["elapsed"]]
  res <- t(vapply(seq_len(reps), function(r) {
    set.seed(r)
    d <- sim(kind, n)
    fit <- time_to_response(f, data = d, B = 1000, seed = r)
    q <- quantile(fit, 0.5)
    s <- summary(fit, times = true_median)
    ref <- if (kind == "exact") {
      km <- survfit(Surv(left, !is.na(right)) ~ 1, data = d, conf.type = "log-log")
      qq <- quantile(km, 0.5)
      covers(qq$lower, qq$upper, true_median)[["cover"]]
    } else NA
    c(covers(q$conf_low, q$conf_high, true_median),
      curve = s$conf_low <= 0.5 && 0.5 <= s$conf_high, ref = ref)
  }, numeric(6)))
  se <- sqrt(0.95 * 0.05 / reps)
  cat(sprintf(paste0("%-7s n = %4d: median %.1f%% (misses below %.1f%%, above %.1f%%; ",
                     "median width %.1f)  curve at the median %.1f%%%s  [MC s.e. %.1f%%; %.0f s]\n"),
              kind, n, 100 * mean(res[, 1]), 100 * mean(res[, 2]), 100 * mean(res[, 3]),
              median(res[, 4]), 100 * mean(res[, 5]),
              if (kind == "exact") sprintf("  survfit log-log median %.1f%%", 100 * mean(res[, 6]))
              else "", 100 * se, proc.time()[["elapsed"]] - started))
}

cat(sprintf("%d data sets per row, B = 1000, nominal 95%%\n", reps))
for (n in c(50, 200)) run("case 2", n)
for (n in c(30, 100)) run("visits", n)
run("exact", 50)
