# Shared by the bench scripts: timings and one printed row per comparison.
time_median <- function(expr, runs = 5) {
  expr <- substitute(expr)
  env <- parent.frame()
  # warm-up; quick expressions are timed in batches that take at least
  # 50 ms, so the clock's resolution does not decide the ratio
  first <- system.time(eval(expr, env))[["elapsed"]]
  reps <- if (first < 0.05) max(1, ceiling(0.05 / max(first, 1e-4))) else 1
  times <- vapply(seq_len(runs), function(i) {
    gc(FALSE)
    system.time(for (r in seq_len(reps)) eval(expr, env))[["elapsed"]] / reps
  }, 0)
  stats::median(times)
}

bench_row <- function(what, t_pkg, t_ref, ref, extra = "") {
  cat(sprintf("%-28s casepool %9.4f s | %-32s %9.4f s | ratio %7.1fx %s\n",
              what, t_pkg, ref, t_ref, t_ref / t_pkg, extra))
}

# Peak resident memory of `run` in a fresh R process, after `setup` has made
# the inputs (R code as text).  The kernel's high-water mark is reset once the
# inputs exist, so `extra` is what the run adds to the process; `input` is
# the size of the vectors named in `inputs`.  Linux only (/proc).
peak_memory <- function(setup, run, inputs) {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(
    "suppressPackageStartupMessages({library(casepool); library(survival)})",
    setup,
    sprintf("input <- sum(vapply(list(%s), function(v) as.numeric(object.size(v)), 0))",
            paste(inputs, collapse = ", ")),
    "vm <- function(f) {",
    "  x <- readLines('/proc/self/status')",
    "  as.numeric(gsub('[^0-9]', '', x[startsWith(x, f)])) * 1024",
    "}",
    "invisible(gc())",
    "cat('5', file = '/proc/self/clear_refs')",
    "base <- vm('VmRSS:')",
    paste("result <-", run),
    "cat(input, base, vm('VmHWM:'), '\\n')"
  ), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE)
  v <- scan(text = out[length(out)], quiet = TRUE)
  list(input = v[1], base = v[2], peak = v[3], extra = v[3] - v[2])
}

memory_row <- function(what, m, ref = NULL, ref_name = "") {
  mb <- function(x) sprintf("%.0f MB", x / 2^20)
  cat(sprintf("%-28s inputs %s | casepool peak %s, adds %s (%.2fx inputs)%s\n",
              what, mb(m$input), mb(m$peak), mb(m$extra), m$extra / m$input,
              if (is.null(ref)) "" else sprintf(" | %s adds %s (%.2fx)", ref_name,
                                                 mb(ref$extra), ref$extra / ref$input)))
}
