# Pooling: the binomial-normal GLMM of pool_proportions() (7-point adaptive
# Gauss-Hermite quadrature, Newton's method in C) against metafor's
# rma.glmm(measure = "PLO") (lme4's glmer() with nAGQ = 7, metafor's
# default), on 100 and 1,000 simulated studies; and the REML
# inverse-variance fit against rma.uni(). Rows are skipped without metafor
# (tools/deps.sh installs it). Each row also prints how far the estimates
# are apart.
library(casepool)
source(file.path("bench", "bench-helpers.R"))
has_metafor <- requireNamespace("metafor", quietly = TRUE)

for (k in as.numeric(strsplit(Sys.getenv("BENCH_POOL_SIZES", "100,1000"), ",")[[1]])) {
  set.seed(2014)
  n <- sample(5:200, k, TRUE)
  x <- rbinom(k, n, plogis(rnorm(k, qlogis(0.3), 0.8)))
  t_pkg <- time_median(pool_proportions(x, n))
  fit <- pool_proportions(x, n)
  if (!has_metafor) {
    cat(sprintf("GLMM, %d studies: casepool %.4f s (metafor not installed)\n", k, t_pkg))
    next
  }
  t_ref <- time_median(metafor::rma.glmm(measure = "PLO", xi = x, ni = n), runs = 3)
  ref <- metafor::rma.glmm(measure = "PLO", xi = x, ni = n)
  bench_row(sprintf("GLMM nAGQ 7, %d studies", k), t_pkg, t_ref, "metafor::rma.glmm",
            sprintf("| mu %.1e, tau^2 %.1e apart", abs(fit$pooled$logit[1] - ref$beta[1]),
                    abs(fit$tau2 - ref$tau2)))
  t_pkg <- time_median(pool_proportions(x, n, method = "reml"))
  t_ref <- time_median(metafor::rma.uni(measure = "PLO", xi = x, ni = n, method = "REML"))
  bench_row(sprintf("REML, %d studies", k), t_pkg, t_ref, "metafor::rma.uni")
}
