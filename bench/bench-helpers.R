# Shared by the bench scripts: timings and one printed row per comparison.
time_median <- function(expr, runs = 5) {
  expr <- substitute(expr)
  env <- parent.frame()
  eval(expr, env) # warm-up
  times <- vapply(seq_len(runs), function(i) {
    gc(FALSE)
    system.time(eval(expr, env))[["elapsed"]]
  }, 0)
  stats::median(times)
}

bench_row <- function(what, t_pkg, t_ref, ref, extra = "") {
  cat(sprintf("%-28s casepool %8.3f s | %-32s %8.3f s | ratio %7.1fx %s\n",
              what, t_pkg, ref, t_ref, t_ref / t_pkg, extra))
}
