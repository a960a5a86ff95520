# Kaplan-Meier: time_to_response() against survival::survfit() with the same
# conf type, on integer days 1..365 and continuous times, 1 and 10 strata,
# and against one pass over the inputs (sum(time) + sum(event)).
library(casepool)
library(survival)
source(file.path("bench", "bench-helpers.R"))

sizes <- as.numeric(strsplit(Sys.getenv("BENCH_KM_SIZES", "1e4,1e5,1e6,1e7"), ",")[[1]])
for (n in sizes) {
  for (kind in c("integer", "continuous")) {
    for (S in c(1, 10)) {
      set.seed(1)
      time <- if (kind == "integer") as.double(sample.int(365, n, TRUE)) else rexp(n, 1 / 100)
      status <- rbinom(n, 1, 0.7)
      g <- factor(sample.int(S, n, TRUE))
      d <- data.frame(time, status, g)
      f <- if (S == 1) Surv(time, status) ~ 1 else Surv(time, status) ~ g
      t_pkg <- time_median(time_to_response(f, data = d, conf_type = "log-log"))
      t_ref <- time_median(survfit(f, data = d, conf.type = "log-log"))
      t_pass <- time_median(sum(time) + sum(status))
      bench_row(sprintf("KM n=%.0e %s S=%d", n, kind, S), t_pkg, t_ref, "survfit",
                extra = sprintf("| one pass %.3f s (%.1fx)", t_pass, t_pkg / max(t_pass, 1e-6)))
    }
  }
}
