# Kaplan-Meier: time_to_response() against survival::survfit() with the same
# conf type, on integer days 1..365 and continuous times, 1 and 10 strata,
# and against one pass over the inputs (sum(time) + sum(event)); then the
# peak memory of each at the largest size, each in a process of its own.
library(casepool)
library(survival)
source(file.path("bench", "bench-helpers.R"))

sizes <- as.numeric(strsplit(Sys.getenv("BENCH_KM_SIZES", "1e4,1e5,1e6,1e7"), ",")[[1]])
make_inputs <- function(n, kind, S) {
  sprintf(paste(
    "set.seed(1)",
    "time <- if ('%s' == 'integer') as.double(sample.int(365, %.0f, TRUE)) else rexp(%.0f, 1 / 100)",
    "status <- rbinom(%.0f, 1, 0.7)",
    "g <- factor(sample.int(%d, %.0f, TRUE))",
    "d <- data.frame(time, status, g)",
    "f <- if (%d == 1) Surv(time, status) ~ 1 else Surv(time, status) ~ g",
    sep = "\n"), kind, n, n, n, S, n, S)
}
for (n in sizes) {
  for (kind in c("integer", "continuous")) {
    for (S in c(1, 10)) {
      eval(parse(text = make_inputs(n, kind, S)))
      t_pkg <- time_median(time_to_response(f, data = d, conf_type = "log-log"))
      t_ref <- time_median(survfit(f, data = d, conf.type = "log-log"),
                           runs = if (n >= 1e7) 3 else 5)
      t_pass <- time_median(sum(time) + sum(status))
      bench_row(sprintf("KM n=%.0e %s S=%d", n, kind, S), t_pkg, t_ref, "survfit",
                extra = sprintf("| one pass %.4f s (%.1fx)", t_pass, t_pkg / max(t_pass, 1e-6)))
    }
  }
}
rm(d, time, status, g)
invisible(gc())

n <- max(sizes)
for (kind in c("integer", "continuous")) {
  for (S in c(1, 10)) {
    setup <- make_inputs(n, kind, S)
    inputs <- c("time", "status", if (S > 1) "g")
    m_pkg <- peak_memory(setup, "time_to_response(f, data = d)", inputs)
    m_ref <- peak_memory(setup, "survfit(f, data = d, conf.type = 'log-log')", inputs)
    memory_row(sprintf("KM memory n=%.0e %s S=%d", n, kind, S), m_pkg, m_ref, "survfit")
  }
}
