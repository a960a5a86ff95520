# Binomial intervals: binom_ci() on 10^6 (x, n) pairs against a vapply over
# binom.test (extrapolated from 10^4 pairs).
library(casepool)
source(file.path("bench", "bench-helpers.R"))

set.seed(1)
m <- 1e6
n <- sample.int(200, m, TRUE)
x <- rbinom(m, n, 0.3)
t_pkg <- time_median(binom_ci(x, n))
k <- 1e4
t_ref <- time_median(vapply(seq_len(k), function(i) binom.test(x[i], n[i])$conf.int[1], 0),
                     runs = 3) * m / k
bench_row("binom_ci exact, 10^6", t_pkg, t_ref, "vapply(binom.test), extrapolated")
t_midp <- time_median(binom_ci(x, n, method = "midp"))
bench_row("binom_ci midp, 10^6", t_midp, t_ref, "vapply(binom.test), extrapolated")
