# Tallies: case_tally() on 10^7 cases, 10 outcomes, 20 groups, against
# table() per outcome, and against one pass over the inputs.
library(casepool)
source(file.path("bench", "bench-helpers.R"))

n <- as.numeric(Sys.getenv("BENCH_TALLY_N", "1e7"))
set.seed(1)
d <- data.frame(g = factor(sample.int(20, n, TRUE)))
for (k in 1:10) d[[paste0("o", k)]] <- sample(c(TRUE, FALSE, NA), n, TRUE)
outcomes <- paste0("o", 1:10)
call <- as.call(c(list(quote(case_tally), quote(d)), lapply(outcomes, as.name),
                  list(by = "g")))
t_pkg <- time_median(eval(call))
t_ref <- time_median(lapply(outcomes, function(o) table(d$g, d[[o]], useNA = "always")))
t_pass <- time_median(for (o in outcomes) sum(d[[o]], na.rm = TRUE))
bench_row(sprintf("tally n=%.0e, 10 x 20", n), t_pkg, t_ref, "table() per outcome",
          extra = sprintf("| one pass %.4f s (%.1fx)", t_pass, t_pkg / t_pass))

# the same tally by a grouping column of each type, against the factor
# (which carries its codes): character, character with NA, integer, a
# factor with NA
labels <- sprintf("site%02d", 1:20)
d$g_chr <- labels[as.integer(d$g)]
d$g_chr_na <- d$g_chr
d$g_chr_na[seq(1, n, by = 100)] <- NA
d$g_int <- as.integer(d$g)
d$g_fac_na <- factor(d$g_chr_na)
for (by in c("g_chr", "g_chr_na", "g_int", "g_fac_na")) {
  call_by <- call
  call_by$by <- by
  t_by <- time_median(eval(call_by))
  cat(sprintf("%-28s casepool %9.4f s | factor by                        %9.4f s | %.2fx the factor\n",
              paste("tally by", sub("^g_", "", by)), t_by, t_pkg, t_by / t_pkg))
}
d[c("g_chr", "g_chr_na", "g_int", "g_fac_na")] <- NULL

# peak memory, casepool and table() each in a process of its own
rm(d)
invisible(gc())
setup <- sprintf(paste(
  "set.seed(1)",
  "d <- data.frame(g = factor(sample.int(20, %.0f, TRUE)))",
  "for (k in 1:10) d[[paste0('o', k)]] <- sample(c(TRUE, FALSE, NA), %.0f, TRUE)",
  "outcomes <- paste0('o', 1:10)",
  sep = "\n"), n, n)
m_pkg <- peak_memory(setup, "do.call(case_tally, c(list(d), lapply(outcomes, as.name), by = 'g'))",
                     "d")
m_ref <- peak_memory(setup, "lapply(outcomes, function(o) table(d$g, d[[o]], useNA = 'always'))",
                     "d")
memory_row(sprintf("tally memory n=%.0e", n), m_pkg, m_ref, "table()")
