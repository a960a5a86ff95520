# Onset phrases per second: parse_onset() on 10^6 phrases drawn from the
# test fixture (the second contract's 485 phrases), median of 5 runs after
# a warm-up; the C scanner alone (one .Call) beside it; and a vapply over
# the phrases (what a user would otherwise write).
#
# Besides the elapsed time (bench-helpers.R), the CPU time of the process
# (user + system, median of 5 runs after a warm-up) is reported: on a
# machine shared with other jobs it moves far less than the elapsed time.
#
# Before and after in one run: with BENCH_ONSET_BEFORE_LIB set to a library
# that holds the package at another commit (e.g. main: `git archive main |
# tar -x -C dir && R CMD INSTALL --library=lib dir`), the same phrases are
# timed with that version too, in a child R process started by this script.
library(casepool)
source(file.path("bench", "bench-helpers.R"))

fixture <- utils::read.csv(file.path("tests", "testthat", "fixtures", "onset-phrases.csv"),
                           stringsAsFactors = FALSE, na.strings = character(),
                           encoding = "UTF-8")
set.seed(1)
n <- 1e6
x <- sample(fixture$text, n, replace = TRUE)
scan_c <- function(x) .Call(casepool:::cp_parse_onset, x)
cpu_code <- c(
  "cpu_median <- function(expr, runs = 5) {",
  "  expr <- substitute(expr)",
  "  env <- parent.frame()",
  "  eval(expr, env)",
  "  stats::median(vapply(seq_len(runs), function(i) {",
  "    gc(FALSE)",
  "    t <- system.time(eval(expr, env))",
  "    t[['user.self']] + t[['sys.self']]",
  "  }, 0))",
  "}")
eval(parse(text = cpu_code))

before_lib <- Sys.getenv("BENCH_ONSET_BEFORE_LIB")
if (nzchar(before_lib)) {
  phrases <- tempfile(fileext = ".rds")
  script <- tempfile(fileext = ".R")
  saveRDS(x, phrases)
  writeLines(c(
    sprintf("library(casepool, lib.loc = %s)", deparse(before_lib)),
    sprintf("source(%s)", deparse(file.path("bench", "bench-helpers.R"))),
    sprintf("x <- readRDS(%s)", deparse(phrases)),
    cpu_code,
    "t_pkg <- time_median(suppressWarnings(parse_onset(x)))",
    "t_c <- time_median(.Call(casepool:::cp_parse_onset, x))",
    "c_pkg <- cpu_median(suppressWarnings(parse_onset(x)))",
    "c_c <- cpu_median(.Call(casepool:::cp_parse_onset, x))",
    "cat(t_pkg, t_c, c_pkg, c_c, '\\n')"
  ), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE)
  before <- scan(text = out[length(out)], quiet = TRUE)
  unlink(c(phrases, script))
}

t_pkg <- time_median(suppressWarnings(parse_onset(x)))
t_c <- time_median(scan_c(x))
c_pkg <- cpu_median(suppressWarnings(parse_onset(x)))
c_c <- cpu_median(scan_c(x))
t_one <- time_median(suppressWarnings(vapply(x[1:1e4], function(p) parse_onset(p)$lower, 0)),
                     runs = 3) * (n / 1e4)
rate <- function(t) sprintf("%.2f million phrases/s", n / t / 1e6)
if (nzchar(before_lib)) {
  bench_row("onset phrases, 10^6", t_pkg, before[1], "parse_onset() before",
            extra = paste(rate(t_pkg), "| before", rate(before[1])))
  bench_row("onset scanner alone, 10^6", t_c, before[2], "its .Call before",
            extra = paste(rate(t_c), "| before", rate(before[2])))
  bench_row("onset phrases, CPU time", c_pkg, before[3], "parse_onset() before",
            extra = paste(rate(c_pkg), "| before", rate(before[3])))
  bench_row("onset scanner alone, CPU", c_c, before[4], "its .Call before",
            extra = paste(rate(c_c), "| before", rate(before[4])))
}
bench_row("onset phrases, 10^6", t_pkg, t_one, "vapply(parse_onset) per phrase",
          extra = rate(t_pkg))
bench_row("onset scanner alone, 10^6", t_c, t_pkg, "parse_onset() in all",
          extra = rate(t_c))
