# One Kaplan-Meier fit of 10^6 continuous times, for an instruction profile
# of the C routine (not run by `make bench`):
#   R -d "valgrind --tool=callgrind --toggle-collect=cp_km" --vanilla -f bench/profile-km.R
#   callgrind_annotate callgrind.out.<pid>
library(casepool)
library(survival)
set.seed(1)
n <- 1e6
d <- data.frame(time = rexp(n, 1 / 100), status = rbinom(n, 1, 0.7))
invisible(gc())
fit <- time_to_response(Surv(time, status) ~ 1, data = d)
