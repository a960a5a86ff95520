# Fisher's exact test of r x c tables of a few hundred cases: the network
# algorithm in C (what compare_cases() and describe_cases(p_value = TRUE)
# call) against stats::fisher.test (FEXACT) on the same tables, with the
# difference between the two p-values. The timings are medians of 5 runs
# (3 for fisher.test) after a warm-up; fisher.test is given workspace 2e7,
# which these tables need.
library(casepool)
source(file.path("bench", "bench-helpers.R"))

# a table of n cases drawn from rows and columns with unequal margins; with
# assoc > 0 the cells along the diagonal are more likely
make_table <- function(r, c, n, assoc, seed) {
  set.seed(seed)
  p <- outer(stats::runif(r) + 0.3, stats::runif(c) + 0.3) *
    exp(assoc * outer(seq_len(r), seq_len(c)) / (r * c))
  matrix(stats::rmultinom(1, n, p), r, c)
}

tables <- list(
  list("3 x 4, 100 cases", make_table(3, 4, 100, 0, 1)),
  list("3 x 4, 200 cases", make_table(3, 4, 200, 0, 1)),
  list("3 x 4, 400 cases", make_table(3, 4, 400, 0, 1)),
  list("3 x 4, 400, associated", make_table(3, 4, 400, 3, 2)),
  list("2 x 6, 400 cases", make_table(2, 6, 400, 0, 3)),
  list("4 x 4, 150 cases", make_table(4, 4, 150, 0, 4)),
  list("5 x 5, 60 cases", make_table(5, 5, 60, 0, 1)),
  list("5 x 5, 100 cases", make_table(5, 5, 100, 0, 1)),
  list("5 x 5, 200, associated", make_table(5, 5, 200, 6, 1))
)
fisher_c <- function(x) casepool:::fisher_exact(x)$p_value
fisher_r <- function(x) stats::fisher.test(x, workspace = 2e7)$p.value
for (tb in tables) {
  x <- tb[[2]]
  p_pkg <- fisher_c(x)
  p_ref <- fisher_r(x)
  t_pkg <- time_median(fisher_c(x))
  t_ref <- time_median(fisher_r(x), runs = 3)
  bench_row(tb[[1]], t_pkg, t_ref, "fisher.test(workspace = 2e7)",
            sprintf("p %.4g, |diff| %.1e", p_pkg, abs(p_pkg - p_ref)))
}

# a table too large for an exact test within the work allowed: the network
# gives up with p-value NA (compare_cases() warns); CPU time until it does
x <- make_table(10, 10, 1000, 0, 5)
t_big <- system.time(p_big <- fisher_c(x))[["user.self"]]
cat(sprintf("%-28s casepool gives up after %.1f s of CPU (p-value %s)\n",
            "10 x 10, 1000 cases", t_big, format(p_big)))
